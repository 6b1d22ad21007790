"""Terms: the small regular expressions cues and stances are written in.

A *term* is a regular-expression fragment that matches where a word starts.
Each top-level alternative of a term is compiled on its own: an alternative
written with a capital letter matches case-sensitively (``US`` is not ``us``),
one in lower case matches any case. Most alternatives begin with a literal
(``negotiat``, ``back-?channel``); :class:`.articletext.ArticleText` finds
that literal with ``str.find`` before the regular expression is tried, and
only in sentences holding a word that starts like it, which keeps a catalog
of hundreds of terms cheap on long articles.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

_META = set(".^$[](){}|*+?")
_QUANTIFIERS = set("?*{")
_ESCAPE_CLASSES = re.compile(r"\\[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Alternative:
    """One top-level alternative of a term, compiled."""

    pattern: re.Pattern[str]
    """Matches the alternative at a given position (used with ``match``)."""
    scan: re.Pattern[str]
    """Finds the alternative anywhere at a word start (used when there is no anchor)."""
    anchors: tuple[str, ...]
    """Literal texts one of which every match starts with; empty when none could be derived."""
    case_sensitive: bool
    """True when the alternative is written with a capital letter."""
    literal: bool = False
    """True when the alternative is plain text (its one anchor), so no regular expression needs trying."""
    heads: tuple[str | None, ...] = ()
    """For each anchor, its first three characters in lower case when they are all letters or digits, else None."""


@dataclass(frozen=True, slots=True)
class Term:
    """A compiled term."""

    source: str
    """The term as written."""
    alternatives: tuple[Alternative, ...]
    """Its top-level alternatives."""
    heads: frozenset[str] | None = None
    """How every match's first word must start (three characters); None when that cannot be told."""


def compile_term(source: str) -> Term:
    """Compile a term; raises :class:`re.error` when it is not a valid regular expression."""
    re.compile(source)  # report errors against the whole term
    alternatives = []
    for alt in split_alternatives(source):
        sensitive = bool(re.search(r"[A-Z]", _ESCAPE_CLASSES.sub("", alt)))
        flags = 0 if sensitive else re.IGNORECASE
        anchors = tuple(a if sensitive else a.lower() for a in leading_literals(alt))
        if not all(len(a) >= 2 for a in anchors):
            anchors = ()
        alternatives.append(
            Alternative(
                pattern=re.compile(f"(?:{alt})", flags),
                scan=re.compile(rf"(?<![^\W_])(?:{alt})", flags),
                anchors=anchors,
                case_sensitive=sensitive,
                literal=len(alt) >= 2 and not any(c in _META or c == "\\" for c in alt),
                heads=tuple(_head(a) for a in anchors),
            )
        )
    heads = [h for alt in alternatives for h in alt.heads]
    gated = all(alt.anchors for alt in alternatives) and all(h is not None for h in heads)
    return Term(source, tuple(alternatives), frozenset(h for h in heads if h is not None) if gated else None)


def combine_terms(terms: tuple[Term, ...], source: str) -> Term:
    """One term that matches wherever any of ``terms`` does (fewer lookups for a long list of cues)."""
    gated = all(term.heads is not None for term in terms)
    heads = frozenset(h for term in terms for h in (term.heads or ())) if gated else None
    return Term(source, tuple(alt for term in terms for alt in term.alternatives), heads)


def _head(anchor: str) -> str | None:
    """The first three characters of an anchor, lower-cased, when they are letters or digits."""
    head = anchor[:3].lower()
    return head if len(head) == 3 and head.isalnum() else None


def split_alternatives(source: str) -> list[str]:
    """Split a regular expression at its top-level ``|``."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


def leading_literals(alt: str) -> list[str]:
    """The literal texts a match of ``alt`` must start with; ``[""]`` when none is known."""
    if alt.startswith("(") and not alt.startswith(("(?=", "(?!", "(?<")):
        close = _closing_paren(alt)
        inner_start = 3 if alt.startswith("(?:") else 1
        if close > 0 and alt[close + 1 : close + 2] not in _QUANTIFIERS:
            inner = alt[inner_start:close]
            return [lit for part in split_alternatives(inner) for lit in leading_literals(part)]
        return [""]
    out: list[str] = []
    i = 0
    while i < len(alt):
        c = alt[i]
        if c == "\\":
            if i + 1 >= len(alt) or alt[i + 1].isalnum():
                break
            literal, step = alt[i + 1], 2
        elif c in _META:
            break
        else:
            literal, step = c, 1
        if alt[i + step : i + step + 1] in _QUANTIFIERS and alt[i + step : i + step + 1]:
            break
        out.append(literal)
        i += step
    return ["".join(out)]


def _closing_paren(text: str) -> int:
    """Index of the parenthesis closing the one at index 0, or -1."""
    depth = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def word_gap(low: str, start: int, end: int) -> int:
    """Number of words from offset ``start`` up to (not including) offset ``end``."""
    if end <= start:
        return 0
    return len(low[start:end].split())
