"""Terms: the small regular expressions cues and stances are written in.

A *term* is a regular-expression fragment that matches where a word starts.
Each top-level alternative of a term is compiled on its own: an alternative
written with a capital letter matches case-sensitively (``US`` is not ``us``),
one in lower case matches any case. Most alternatives begin with a literal
(``negotiat``, ``back-?channel``), their *anchor*: :class:`.articletext.ArticleText`
finds the anchors of a whole catalog in one pass (:mod:`.anchors`) and tries
the regular expression only where an anchor starts a word, which keeps a
catalog of hundreds of terms cheap on long articles. Alternatives are
compiled once and shared by every term that spells them the same way, so
their matches are found once per article.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

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
    starts: tuple[str, ...] = ()
    """For an alternative without anchors: literal texts one of which every match starts with, looking past
    optional leading groups (``(?:peace )?plan`` starts with ``peace `` or ``plan``); empty when none could be derived."""


@dataclass(frozen=True, slots=True)
class Term:
    """A compiled term."""

    source: str
    """The term as written."""
    alternatives: tuple[Alternative, ...]
    """Its top-level alternatives."""
    heads: frozenset[str] | None = None
    """How every match's first word must start (three characters); None when that cannot be told."""
    anchored: frozenset[str] = field(default=frozenset(), compare=False)
    """The anchors of its case-insensitive alternatives (those an :class:`~.anchors.AnchorScanner` can find)."""
    by_anchor: dict[str, tuple[tuple[Alternative, str | None], ...]] = field(default_factory=dict, compare=False)
    """For each of those anchors, the alternatives starting with it, with the anchor's head."""
    others: tuple[Alternative, ...] = ()
    """Its case-sensitive alternatives and those without anchors."""


def make_term(source: str, alternatives: tuple[Alternative, ...], heads: frozenset[str] | None) -> Term:
    """A term of these alternatives, with its anchors indexed."""
    by_anchor: dict[str, list[tuple[Alternative, str | None]]] = {}
    others = []
    for alt in alternatives:
        if alt.case_sensitive or not alt.anchors:
            others.append(alt)
            continue
        for anchor, head in zip(alt.anchors, alt.heads, strict=True):
            uses = by_anchor.setdefault(anchor, [])
            if all(used is not alt for used, _ in uses):
                uses.append((alt, head))
    index = {anchor: tuple(uses) for anchor, uses in by_anchor.items()}
    return Term(source, alternatives, heads, frozenset(index), index, tuple(others))


def compile_term(source: str) -> Term:
    """Compile a term; raises :class:`re.error` when it is not a valid regular expression."""
    re.compile(source)  # report errors against the whole term
    alternatives = tuple(compile_alternative(alt) for alt in split_alternatives(source))
    heads = [h for alt in alternatives for h in alt.heads]
    gated = all(alt.anchors for alt in alternatives) and all(h is not None for h in heads)
    return make_term(source, alternatives, frozenset(h for h in heads if h is not None) if gated else None)


@lru_cache(maxsize=4096)
def compile_alternative(alt: str) -> Alternative:
    """Compile one top-level alternative (cached: terms of a catalog share many alternatives)."""
    sensitive = bool(re.search(r"[A-Z]", _ESCAPE_CLASSES.sub("", alt)))
    flags = 0 if sensitive else re.IGNORECASE
    anchors = tuple(a if sensitive else a.lower() for a in leading_literals(alt))
    if not all(len(a) >= 2 for a in anchors):
        anchors = ()
    starts = () if anchors else tuple(a if sensitive else a.lower() for a in start_literals(alt))
    if not all(len(a) >= 2 and a.isascii() for a in starts):
        starts = ()
    return Alternative(
        pattern=re.compile(f"(?:{alt})", flags),
        scan=re.compile(rf"(?<![^\W_])(?:{alt})", flags),
        anchors=anchors,
        case_sensitive=sensitive,
        literal=len(alt) >= 2 and not any(c in _META or c == "\\" for c in alt),
        heads=tuple(_head(a) for a in anchors),
        starts=starts,
    )


def term_anchors(term: Term) -> set[str]:
    """The literal texts (anchors, and starts of unanchored alternatives) a term's case-insensitive alternatives look for."""
    return {a for alt in term.alternatives if not alt.case_sensitive for a in (*alt.anchors, *alt.starts)}


def combine_terms(terms: tuple[Term, ...], source: str) -> Term:
    """One term that matches wherever any of ``terms`` does (fewer lookups for a long list of cues)."""
    gated = all(term.heads is not None for term in terms)
    heads = frozenset(h for term in terms for h in (term.heads or ())) if gated else None
    return make_term(source, tuple(alt for term in terms for alt in term.alternatives), heads)


def _head(anchor: str) -> str | None:
    """The first three characters of an anchor, lower-cased, when they are letters or digits."""
    head = anchor[:3].lower()
    return head if len(head) == 3 and head.isalnum() else None


def _syntax(source: str) -> Iterator[tuple[int, str, int]]:
    """The characters of a regular expression that are syntax: ``(index, character, depth)``.

    Escaped characters and the insides of character classes (``[(|]``) are
    skipped; ``depth`` is the group nesting before the character.
    """
    depth = 0
    in_class = False
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
        else:
            yield i, c, depth
            depth += (c == "(") - (c == ")")
        i += 1


def split_alternatives(source: str) -> list[str]:
    """Split a regular expression at its top-level ``|``."""
    cuts = [i for i, c, depth in _syntax(source) if c == "|" and depth == 0]
    return [source[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(source)], strict=True)]


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


def start_literals(alt: str) -> list[str]:
    """Like :func:`leading_literals`, but an optional leading group adds its own literals to those of what follows."""
    if alt.startswith(("(?:", "(")) and not alt.startswith(("(?=", "(?!", "(?<", "(?P", "(?#")):
        close = _closing_paren(alt)
        if close > 0 and alt[close + 1 : close + 2] == "?" and alt[close + 2 : close + 3] != "+" and close + 2 < len(alt):
            inner = alt[3 if alt.startswith("(?:") else 1 : close]
            rest = alt[close + 3 :] if alt[close + 2 : close + 3] == "?" else alt[close + 2 :]
            if inner.startswith("?") or not rest:
                return [""]
            own = [lit for part in split_alternatives(inner) for lit in leading_literals(part)]
            return own + start_literals(rest)
    return leading_literals(alt)


def _closing_paren(text: str) -> int:
    """Index of the parenthesis closing the one at index 0, or -1."""
    return next((i for i, c, depth in _syntax(text) if c == ")" and depth == 1), -1)


def word_gap(low: str, start: int, end: int) -> int:
    """Number of words from offset ``start`` up to (not including) offset ``end``."""
    if end <= start:
        return 0
    return len(low[start:end].split())
