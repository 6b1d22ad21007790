"""Splitting a paragraph into sentences, keeping each sentence's character span.

A full stop ends a sentence unless it closes an abbreviation (``Mr.``, ``Feb.``),
an initial (``J.``) or a dotted acronym (``U.S.``, ``J.S.``) that the next word
continues. Line breaks inside a paragraph also end a sentence.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

#: Candidate sentence ends: terminal punctuation, closing quotes/brackets, space, then a capital,
#: digit or opening quote.
_BOUNDARY = re.compile(r"""[.!?…]+["'”’)\]]*\s+(?=["“‘'(\[]?[A-Z0-9])|\s*\n\s*""")
#: The same without line breaks, for the usual paragraph of one line (faster).
_STOP = re.compile(r"""([.!?…]+["'”’)\]]*)\s+(?=["“‘'(\[]?[A-Z0-9])""")

def _words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated text."""
    return frozenset(text.split())


#: Words that take a full stop without ending a sentence (lower case, without the stop).
ABBREVIATIONS = _words(
    """mr mrs ms mx dr prof sen rep gen gov lt col capt cmdr sgt adm maj rev hon pres st jr sr
    vs v jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept univ approx cf al
    ft mt ed eds est"""
)

#: Abbreviations that are only abbreviations before a number ("No. 10", "vol. 3").
NUMBER_ABBREVIATIONS = _words("no nos vol pp fig op art")

#: Words that, capitalised after a dotted acronym, start a new sentence ("... the U.S. The next day").
_STARTERS = _words(
    """the a an and but or so yet in on at for if when while after before since as this that these
    those there then it its he she they we i you his her their our my no not nor however meanwhile
    still instead moreover furthermore"""
)

#: Times of day: before a capitalised word they end the sentence ("at 3 p.m. Officials said"),
#: before a time zone they do not ("4:14 a.m. EST").
_CLOCK = frozenset(("a.m.", "p.m."))

_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_LEAD_PUNCT = "\"'“‘([«"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, in order, trimmed of spaces."""
    spans: list[tuple[int, int]] = []
    start = 0
    if "\n" in text:
        for match in _BOUNDARY.finditer(text):
            if "\n" not in match.group() and not _ends_sentence(text, match.start(), match.end()):
                continue
            cut = match.start() + len(match.group().rstrip())
            _append(spans, text, start, cut)
            start = match.end()
    else:
        for match in _STOP.finditer(text):
            stop, after = match.span()
            if text[stop] == "." and not _ends_sentence(text, stop, after):
                continue
            _append(spans, text, start, match.end(1))
            start = after
    _append(spans, text, start, len(text))
    return spans


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Add the span trimmed of surrounding whitespace, unless it is empty."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _ends_sentence(text: str, stop: int, next_start: int) -> bool:
    """Decide whether the punctuation at ``stop`` ends a sentence."""
    if text[stop] != ".":
        return True
    word_start = text.rfind(" ", 0, stop) + 1
    word = text[word_start : stop + 1].lstrip(_LEAD_PUNCT)
    if len(text) > stop + 1 and text[stop + 1] == ".":
        return True  # an ellipsis written as dots
    bare = word[:-1].lower()
    if bare in ABBREVIATIONS:
        return False
    if bare in NUMBER_ABBREVIATIONS and text[next_start : next_start + 1].isdigit():
        return False
    if word.lower() in _CLOCK:
        zone = re.match(r"[A-Z]{2,4}\b", text[next_start:])
        return zone is None
    if len(word) < 2 or word[1] != ".":
        return True  # neither an initial ("J.") nor a dotted acronym ("U.S.")
    if _ACRONYM.match(word) or _INITIAL.match(word):
        following = re.match(r"[\"“‘'(\[]?([A-Za-z]+)", text[next_start:])
        return following is not None and following.group(1).lower() in _STARTERS and _ACRONYM.match(word) is not None
    return True


def sentence_at(text: str, pos: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """``(start, end)`` of the sentence of ``text[lo:hi]`` (a paragraph) that holds offset ``pos``.

    The same splitting as :func:`split_sentences`; offsets are into ``text``. An offset
    between two sentences belongs to the one that follows.
    """
    hi = len(text) if hi is None else hi
    spans = split_sentences(text[lo:hi])
    for start, end in spans:
        if pos < lo + end:
            return lo + start, lo + end
    return (lo + spans[-1][0], lo + spans[-1][1]) if spans else (lo, hi)
