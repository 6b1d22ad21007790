"""Decoding and normalising raw seed text.

Everything here is a pure function of its arguments: bytes in, text and
warnings out. Line structure is preserved exactly (one output line per input
line), so line numbers stay true to the file.

Two libraries do the guessing we would do worse by hand: charset-normalizer
names the legacy code page of a file that is not UTF-8, and ftfy undoes UTF-8
that was decoded twice on its way ("Ã©" for "é").
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import charset_normalizer
import ftfy

from archive_site.errors import SeedError
from archive_site.model import LoadWarning

#: Characters that render as a space but are not one.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"), " ")
#: Characters that carry nothing once the text is out of its web page.
#: Zero-width characters and the soft hyphen, and the bidirectional controls (embeddings, overrides,
#: isolates and marks), which can make text display in another order than it reads: all dropped.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"
                                    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None)
_ODD_CHARS = tuple(map(chr, (*_SPACES, *_INVISIBLE)))
_CONTROL_CHARS = tuple(map(chr, (*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f)))
_CONTROL = re.compile("[" + "".join(_CONTROL_CHARS) + "]")
# Runs normalise() collapses; it expands tabs first, so only spaces are left to match. Both
# patterns open with literal spaces (and look behind only after them) so the regex engine
# can jump from candidate to candidate instead of trying every position of the text.
_INNER_SPACES = re.compile(r"  (?<=\S  ) *(?=\S)")
_TRAILING_SPACES = re.compile(r" +$", re.MULTILINE)

#: Short words that copied link text often loses its space after: "atProgressive Hub".
_GLUE_WORDS = "The|the|of|at|in|on|to|for|from|by|and|with|via|an|a"
_GLUE = re.compile(rf"\b({_GLUE_WORDS})([A-Z][a-z]{{2,}})")
#: A capital right after a lowercase letter: the only places where a glued word can begin.
_GLUE_POINT = re.compile(r"[A-Z](?<=[a-z][A-Z])[a-z]{2}")
_LONGEST_GLUE_WORD = max(len(word) for word in _GLUE_WORDS.split("|"))
_GLUE_WORD_BYTES = tuple(word.encode() for word in _GLUE_WORDS.split("|"))


def _letter_cases() -> bytes:
    """A bytes.translate table: ASCII lowercase letters to "a", capitals to "A", newlines kept, all else a space."""
    table = bytearray(b" " * 256)
    table[ord("a"):ord("z") + 1] = b"a" * 26
    table[ord("A"):ord("Z") + 1] = b"A" * 26
    table[ord("\n")] = ord("\n")
    return bytes(table)


_LETTER_CASES = _letter_cases()


def _mojibake_traces() -> re.Pattern[str]:
    """The opening of a UTF-8 sequence read as Windows-1252 or Latin-1: "Ã©", "â€™", "Ð¸", "ðŸ˜".

    A lead byte reads as one of "Â".."ô" and each continuation byte as a Latin-1 character or its
    Windows-1252 stand-in ("€", "™", "—"), so a sequence shows as a lead letter and one, two or three
    such characters. "Ã " and "Â " are two-byte ones whose no-break space became a plain space.
    Clean text rarely holds them ("é’s" has one follower where "é" would need two). The pattern opens
    with the one class of lead letters (and looks behind only after it) so the regex engine can jump
    from candidate to candidate: on clean text it costs about a sixth of an alternation of the three.
    """
    continuation = bytes(range(0x80, 0xC0))
    followers = sorted(set(continuation.decode("latin-1")) | set(continuation.decode("cp1252", errors="ignore")))
    follower = "[" + re.escape("".join(followers)) + "]"
    two, three, four = "(?<=[\u00c2-\u00df])", "(?<=[\u00e0-\u00ef])", "(?<=[\u00f0-\u00f4])"
    return re.compile(f"[\u00c2-\u00f4](?:{two}{follower}|{three}{follower}{{2}}|{four}{follower}{{3}}|(?<=[ÂÃ]) )")


_MOJIBAKE = _mojibake_traces()
#: ftfy's encoding repair only, and only its lossless steps: quotes, dashes, line breaks and
#: everything else stay as they are. (Called through ``ftfy.fix_encoding``: ``fix_text`` with
#: ``explain=False`` drops these sub-options in ftfy 6.3.)
_MOJIBAKE_REPAIR = ftfy.TextFixerConfig(
    restore_byte_a0=True,  # "voilÃ le": a space stands for a lost no-break byte, only inside a sequence ftfy can decode
    replace_lossy_sequences=False,  # would put "�" where bytes are lost: keep what the file says
    decode_inconsistent_utf8=True,  # lines where clean and garbled text mix
    fix_c1_controls=False,  # not mojibake, and not ours to change
    explain=False,
)

#: Windows-1252 must read at least this cleanly (charset-normalizer's mess ratio) for a guess to be sought:
#: its default threshold, under which it counts a reading as plausible.
_MESSY = 0.2
#: A guessed code page is taken only when its reading is at least this clean; a weaker guess keeps Windows-1252.
_CLEAN = 0.1
#: Code pages a seed that is not UTF-8 may be guessed to be in besides Windows-1252: the single-byte pages
#: of old Windows, ISO and KOI8 editors. Multi-byte and EBCDIC pages are never guessed: on short or mostly
#: Latin text charset-normalizer finds them too easily ("Café" reads as UTF-16).
_LEGACY_CODE_PAGES = (
    "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_13", "iso8859_15", "iso8859_16", "koi8_r", "koi8_u",
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from a seed's bytes, with what the decoder noticed."""

    text: str
    """The decoded, normalised text."""
    warnings: tuple[LoadWarning, ...]
    """Warnings raised while decoding (fallback encodings)."""


def decode(data: bytes, path: str, protected: frozenset[str] = frozenset()) -> Decoded:
    """Decode a seed's bytes: UTF-8 (BOM tolerated), else a guessed legacy code page or cp1252, with a warning.

    UTF-8 that was decoded twice before it reached the file is repaired, with a warning. Raises
    :class:`SeedError` for empty and binary files, which cannot be read as articles at all.
    ``protected`` words are never split by the glue repair.
    """
    if not isinstance(data, bytes):
        raise TypeError(f"seed data must be bytes, not {type(data).__name__}")
    if not data.strip():
        raise SeedError(path, "the file is empty", "add the article's text or remove the file")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte-order mark, as some editors save text
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as err:
            raise SeedError(path, f"the file starts like UTF-16 but is not ({err.reason})", "re-save it as UTF-8") from err
    if b"\x00" in data[:8192] or _looks_binary(data[:8192]):
        raise SeedError(path, "the file looks binary, not text", "save the article as plain text (.txt) or Markdown (.md)")
    warnings: list[LoadWarning] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        text, warning = _decode_legacy(data, path, err)
        warnings.append(warning)
    text, repaired = _repair_mojibake(text)
    if repaired:
        first, them = repaired[0], ("it" if len(repaired) == 1 else "them")
        lines = f"line {first}" if len(repaired) == 1 else f"{len(repaired)} lines from line {first}"
        warnings.append(
            LoadWarning(
                "decode.mojibake",
                f"{path}:{first}: the text holds UTF-8 that was decoded twice before it was saved "
                f"(such as “Ã©” for “é” or “â€™” for “’”); repaired {lines}; compare {them} with the original page",
                first,
            )
        )
    return Decoded(normalise(text, protected), tuple(warnings))


def _decode_legacy(data: bytes, path: str, err: UnicodeDecodeError) -> tuple[str, LoadWarning]:
    """Text of a file that is not valid UTF-8, read the best way its bytes allow, and the warning that says which."""
    line = data[: err.start].count(b"\n") + 1
    cause = f"{path}:{line}: the file is not valid UTF-8 (byte 0x{data[err.start]:02x})"
    advice = "re-save the file as UTF-8 to be sure of its characters"
    if _mostly_utf8(data):
        text = data.decode("utf-8-sig", errors=_STRAY_BYTES)
        return text, LoadWarning("decode.cp1252", f"{cause}; the rest is UTF-8, so only such bytes were read as Windows-1252; {advice}",
                                 line)
    encoding = _legacy_encoding(data)
    if encoding is None:
        text = data.decode("cp1252", errors="replace")
        return text, LoadWarning("decode.cp1252", f"{cause}; read it as Windows-1252 instead; {advice}", line)
    text = data.decode(encoding, errors="replace")
    return text, LoadWarning(f"decode.{encoding}", f"{cause}; its text reads cleanly as {encoding}, so it was read as that; {advice}", line)


def _stray_bytes_as_cp1252(err: UnicodeError) -> tuple[str, int]:
    """A codecs error handler: the bytes UTF-8 could not decode, read as Windows-1252."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("cp1252", errors="replace"), err.end


_STRAY_BYTES = "archive_site.stray-bytes-as-cp1252"
codecs.register_error(_STRAY_BYTES, _stray_bytes_as_cp1252)


def _legacy_encoding(data: bytes) -> str | None:
    """The legacy code page other than Windows-1252 that ``data`` (not UTF-8) is clearly in, or None.

    None when the bytes read cleanly as Windows-1252 (so a guess of it or Latin-1 never wins) and
    when charset-normalizer's best guess among the other pages is weak.
    """
    if charset_normalizer.from_bytes(data, cp_isolation=["cp1252"], threshold=_MESSY).best() is not None:
        return None
    guess = charset_normalizer.from_bytes(data, cp_isolation=list(_LEGACY_CODE_PAGES), threshold=_MESSY).best()
    return None if guess is None or guess.chaos > _CLEAN else guess.encoding


def _mostly_utf8(data: bytes) -> bool:
    """True when more of the non-ASCII characters the bytes hold as UTF-8 are whole than broken."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    return len(text) - len(text.encode("ascii", errors="ignore")) - broken > broken


def _repair_mojibake(text: str) -> tuple[str, list[int]]:
    """Undo UTF-8 read as Windows-1252 or Latin-1 on the lines that show its traces: the text and the repaired line numbers.

    ftfy decides on each such line whether it is mojibake; a repair that would add a line break is not taken.
    """
    if text.isascii() or _MOJIBAKE.search(text) is None:
        return text, []
    lines = text.split("\n")
    repaired: list[int] = []
    for number, line in enumerate(lines):
        if _MOJIBAKE.search(line) is None:
            continue
        fixed = ftfy.fix_encoding(line, _MOJIBAKE_REPAIR)
        if fixed != line and len(fixed.splitlines()) == len(line.splitlines()):
            lines[number] = fixed
            repaired.append(number + 1)
    return ("\n".join(lines) if repaired else text), repaired


_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])


def _looks_binary(head: bytes) -> bool:
    """True when many bytes of the file's head are control characters."""
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(head) // 20)


def normalise(text: str, protected: frozenset[str] = frozenset()) -> str:
    """NFC, one kind of newline and space, no invisible characters, glued words repaired.

    Leading indentation is kept (reader-comment threads use it); runs of inner
    spaces collapse to one; trailing spaces go.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if _contains_any(text, _ODD_CHARS):
            text = text.translate(_SPACES).translate(_INVISIBLE)
    if _contains_any(text, _CONTROL_CHARS):
        text = _CONTROL.sub("", text)
    if "\t" in text:
        text = text.expandtabs(4)
    if " \n" in text or text.endswith(" "):
        text = _TRAILING_SPACES.sub("", text)
    if "  " in text:
        text = _INNER_SPACES.sub(" ", text)
    return _repair_glued_lines(text, protected)


def _repair_glued_lines(text: str, protected: frozenset[str]) -> str:
    """:func:`repair_glued` on each line where a function word ends right before a capital and two lowercase letters.

    Those places are found in the text's UTF-8 bytes, with every ASCII letter also mapped to its
    case, where plain byte searches are far cheaper than a regular expression over the text.
    """
    raw = text.encode("utf-8", "surrogatepass")
    cases = raw.translate(_LETTER_CASES)
    lines: list[str] | None = None
    at = cases.find(b"aAaa")
    while at != -1:
        if raw.endswith(_GLUE_WORD_BYTES, 0, at + 1):
            lines = text.split("\n") if lines is None else lines
            number = cases.count(b"\n", 0, at)
            lines[number] = repair_glued(lines[number], protected)
            end = cases.find(b"\n", at)
            at = cases.find(b"aAaa", end) if end != -1 else -1
        else:
            at = cases.find(b"aAaa", at + 1)
    return "\n".join(lines) if lines is not None else text


def _contains_any(text: str, chars: tuple[str, ...]) -> bool:
    """True when ``text`` holds one of ``chars`` (plain substring tests beat a regex scan here)."""
    return any(ch in text for ch in chars)


#: Phrases in lowercase, one of which stands in every match of a pattern: a cheap test before it runs.
Hints = tuple[str, ...]
#: The letters case-insensitive matching pairs with "i" and "s" although they lowercase to something else.
_FOLD_FIRST = {ord("İ"): "i", ord("ı"): "i", ord("ſ"): "s"}


def lowercase_hints(phrases: Iterable[str]) -> Hints:
    """Hints from phrases; test them on :func:`fold` text with :func:`holds_hints`."""
    return tuple(phrase.lower() for phrase in phrases)


@functools.lru_cache(maxsize=256)  # kept: several rules fold the same paragraphs in turn
def fold(text: str) -> str:
    """The text lowercased so that an ASCII phrase stands in it wherever a case-insensitive pattern finds it.

    Besides plain lowercasing, "İ" and "ı" become "i" and "ſ" becomes "s", as the regex engine
    matches them; every character stays one character.
    """
    if not text.isascii() and ("İ" in text or "ı" in text or "ſ" in text):
        text = text.translate(_FOLD_FIRST)
    return text.lower()


def holds_hints(folded: str, hints: Hints) -> bool:
    """True when the :func:`fold`-ed text holds one of the ``hints``."""
    for hint in hints:  # noqa: SIM110 - a plain loop: this runs for every paragraph, any() costs more
        if hint in folded:
            return True
    return False


def repair_glued(line: str, protected: Iterable[str] = ()) -> str:
    """Split a short function word glued to a capitalised word: ``TheNew York`` -> ``The New York``.

    Conservative: only the listed function words, only before a capitalised word
    of three or more letters, and never inside a word in ``protected``.
    """
    keep = protected if isinstance(protected, frozenset | set) else frozenset(protected)
    pieces: list[str] = []
    done = 0
    for point in _GLUE_POINT.finditer(line):
        capital = point.start()
        # The glued function word ends right before the capital; \b in _GLUE finds where it starts.
        for start in range(max(done, capital - _LONGEST_GLUE_WORD), capital):
            match = _GLUE.match(line, start)
            if match is not None and match.start(2) == capital:
                word = match.group(0)
                pieces += [line[done:start], word if word in keep else f"{match.group(1)} {match.group(2)}"]
                done = match.end()
                break
    if not pieces:
        return line
    pieces.append(line[done:])
    return "".join(pieces)
