"""Decoding and normalising raw seed text.

Everything here is a pure function of its arguments: bytes in, text and
warnings out. Line structure is preserved exactly (one output line per input
line), so line numbers stay true to the file.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from archive_site.errors import SeedError
from archive_site.model import LoadWarning

#: Characters that render as a space but are not one.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"), " ")
#: Characters that carry nothing once the text is out of its web page.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
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


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from a seed's bytes, with what the decoder noticed."""

    text: str
    """The decoded, normalised text."""
    warnings: tuple[LoadWarning, ...]
    """Warnings raised while decoding (fallback encodings)."""


def decode(data: bytes, path: str, protected: frozenset[str] = frozenset()) -> Decoded:
    """Decode a seed's bytes: UTF-8 (BOM tolerated), else cp1252 with a warning.

    Raises :class:`SeedError` for empty and binary files, which cannot be read
    as articles at all. ``protected`` words are never split by the glue repair.
    """
    if not isinstance(data, bytes):
        raise TypeError(f"seed data must be bytes, not {type(data).__name__}")
    if not data.strip():
        raise SeedError(path, "the file is empty", "add the article's text or remove the file")
    if b"\x00" in data[:8192] or _looks_binary(data[:8192]):
        raise SeedError(path, "the file looks binary, not text", "save the article as plain text (.txt) or Markdown (.md)")
    warnings: list[LoadWarning] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        warnings.append(
            LoadWarning(
                "decode.cp1252",
                f"{path}:{line}: the file is not valid UTF-8 (byte 0x{data[err.start]:02x}); "
                "read it as Windows-1252 instead; re-save the file as UTF-8 to be sure of its characters",
                line,
            )
        )
    return Decoded(normalise(text, protected), tuple(warnings))


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
