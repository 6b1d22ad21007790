"""Finding where many literal anchors start words, in one pass over a text.

Every term alternative that begins with a literal (``negotiat``, ``back``)
is looked for only where that literal starts a word. Searching the text once
per literal costs a full pass each; an :class:`AnchorScanner` compiles all
the literals of a catalog and a stance vocabulary into one regular
expression shaped as a trie, so one pass finds, at every word start, the
longest literal standing there; the shorter literals it begins with stand
there too.

The result is exactly what searching each literal on its own gives: every
offset where the literal occurs and the character before it is not a letter
or digit.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, count
from operator import add

from archive_site.claims.catalog import Catalog, compile_stances
from archive_site.claims.position import ATTRIBUTION_TERM
from archive_site.claims.terms import term_anchors
from archive_site.model import StanceDef

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AnchorScanner:
    """A set of literal anchors compiled for finding them all in one pass."""

    anchors: frozenset[str]
    """The anchors it finds."""
    pattern: re.Pattern[str]
    """One character that is not a letter or digit, then (looking ahead) the longest anchor there."""
    at_start: re.Pattern[str]
    """The longest anchor at the very start of the text."""
    shorter: dict[str, tuple[str, ...]]
    """For each anchor that begins with other anchors, those anchors: they stand wherever it does."""

    def scan(self, text: str) -> dict[str, list[int]]:
        """Offsets where each anchor starts a word of ``text``, in order; anchors not found are left out."""
        found: dict[str, list[int]] = {}
        first = self.at_start.match(text)
        if first is not None:
            found[first.group(1)] = [0]
        parts = self.pattern.split(text)
        if len(parts) > 1:
            # parts alternate text between matches and the anchor each match saw; a match is one
            # character long, so the n-th anchor starts after the first n texts and n characters
            at = map(add, accumulate(map(len, parts[0:-1:2])), count(1))
            for longest, offset in zip(parts[1::2], at, strict=True):
                positions = found.get(longest)
                if positions is None:
                    found[longest] = [offset]
                else:
                    positions.append(offset)
        shorter = self.shorter
        if shorter and not shorter.keys().isdisjoint(found):
            merged: set[str] = set()
            for longest, positions in list(found.items()):
                for anchor in shorter.get(longest, ()):
                    have = found.get(anchor)
                    if have is None:
                        found[anchor] = list(positions)
                    else:
                        found[anchor] = have + positions
                        merged.add(anchor)
            for anchor in merged:
                found[anchor].sort()
        return found


def compile_anchors(anchors: Iterable[str]) -> AnchorScanner:
    """An :class:`AnchorScanner` for the given literal anchors (each at least one character)."""
    unique = frozenset(a for a in anchors if a)
    ordered = sorted(unique, key=lambda a: (len(a), a))
    shorter = {a: tuple(b for b in ordered if b != a and a.startswith(b)) for a in ordered}
    trie = _trie(ordered) if ordered else "(?!)"
    pattern = re.compile(rf"[\W_](?=({trie}))")
    at_start = re.compile(f"(?=({trie}))")
    log.debug("anchor scanner: %s anchors, %s characters of pattern", len(unique), len(pattern.pattern))
    return AnchorScanner(unique, pattern, at_start, {a: b for a, b in shorter.items() if b})


def _trie(words: list[str]) -> str:
    """A regular expression matching the longest of ``words`` that starts at a position."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    """The expression of one trie node: its branches, optional when a word ends here (tried first: the longest wins)."""
    branches = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


#: Scanners already compiled, by catalog identity and stance vocabulary (kept with the catalog, so the identity holds).
_SCANNERS: dict[tuple[int, tuple[StanceDef, ...]], tuple[Catalog, AnchorScanner]] = {}


def scanner_for(catalog: Catalog, stances: Sequence[StanceDef] = ()) -> AnchorScanner:
    """One scanner for every anchor of the catalog's cues, the stance cues and the reported-speech markers (compiled once)."""
    key = (id(catalog), tuple(stances))
    cached = _SCANNERS.get(key)
    if cached is not None and cached[0] is catalog:
        return cached[1]
    anchors = term_anchors(ATTRIBUTION_TERM)
    for entry in catalog.entries:
        for cue in (*entry.cues, *entry.dispute_cues):
            for term in (*cue.terms, *cue.unless):
                anchors |= term_anchors(term)
    for _label, term in compile_stances(key[1]):
        anchors |= term_anchors(term)
    scanner = compile_anchors(anchors)
    if len(_SCANNERS) >= 16:
        _SCANNERS.clear()
    _SCANNERS[key] = (catalog, scanner)
    return scanner
