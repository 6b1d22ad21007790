"""Decoding and normalising raw seed text.

Everything here is a pure function of its arguments: bytes in, text and
warnings out. Line structure is preserved exactly (one output line per input
line), so line numbers stay true to the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import SeedError
from .model import LoadWarning

#: Characters that render as a space but are not one.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"), " ")
#: Characters that carry nothing once the text is out of its web page.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_ODD_CHARS = re.compile("[" + "".join(map(chr, (*_SPACES, *_INVISIBLE))) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INNER_SPACES = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_TRAILING_SPACES = re.compile(r"[ \t]+$", re.MULTILINE)

#: Short words that copied link text often loses its space after: "atProgressive Hub".
_GLUE_WORDS = "The|the|of|at|in|on|to|for|from|by|and|with|via|an|a"
_GLUE = re.compile(rf"\b({_GLUE_WORDS})([A-Z][a-z]{{2,}})")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from a seed's bytes, with what the decoder noticed."""

    text: str
    """The decoded, normalised text."""
    warnings: tuple[LoadWarning, ...]
    """Warnings raised while decoding (fallback encodings)."""


def decode(data: bytes, path: str) -> Decoded:
    """Decode a seed's bytes: UTF-8 (BOM tolerated), else cp1252 with a warning.

    Raises :class:`SeedError` for empty and binary files, which cannot be read
    as articles at all.
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
    return Decoded(normalise(text), tuple(warnings))


_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])


def _looks_binary(head: bytes) -> bool:
    """True when many bytes of the file's head are control characters."""
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(head) // 20)


def normalise(text: str) -> str:
    """NFC, one kind of newline and space, no invisible characters, glued words repaired.

    Leading indentation is kept (reader-comment threads use it); runs of inner
    spaces collapse to one; trailing spaces go.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if _ODD_CHARS.search(text):
            text = text.translate(_SPACES).translate(_INVISIBLE)
    text = _CONTROL.sub("", text)
    if "\t" in text:
        text = text.expandtabs(4)
    text = _TRAILING_SPACES.sub("", text)
    return repair_glued(_INNER_SPACES.sub(" ", text))


def repair_glued(line: str, protected: Iterable[str] = ()) -> str:
    """Split a short function word glued to a capitalised word: ``TheNew York`` -> ``The New York``.

    Conservative: only the listed function words, only before a capitalised word
    of three or more letters, and never inside a word in ``protected``.
    """
    keep = {p for p in protected}

    def split(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in keep:
            return word
        return f"{match.group(1)} {match.group(2)}"

    return _GLUE.sub(split, line)
