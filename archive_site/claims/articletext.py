"""The searchable text of one article: its blocks, sentences, and where terms match.

An article's title, standfirst and paragraphs are joined into one string,
normalised once (same length, so offsets stay true), and split into
sentences. A term is found through the literal text its alternatives start
with (its anchors): the anchors of a whole catalog are found in one pass
(:meth:`ArticleText.scan`), or one ``str.find`` loop each otherwise; an
anchor whose first three letters start no word of the text is skipped (the
keyword prefilter); the regular expression is only tried where an anchor
stands, once per article, and the matches are grouped by sentence.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

from archive_site.claims.anchors import AnchorScanner
from archive_site.claims.terms import Alternative, Term
from archive_site.load.sentences import split_sentences

log = logging.getLogger(__name__)

#: Same-length normalisation for matching: every blank is a space, every apostrophe a straight one.
_NORMALISE = (("\n", " "), ("\t", " "), ("\r", " "), ("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"))
#: Characters that can stand before a word without a space; they are blanked before words are listed.
_JOINERS = ("-", "—", "–", "/", "'", '"', "“", "”", "(", "[", "…", ".")
_FIRST_THREE = itemgetter(slice(0, 3))
#: Characters of lower-cased text that a regular expression ignoring case takes for another ASCII letter.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
_NONE: list[int] = []
_NO_HITS: dict[int, list[tuple[int, int]]] = {}
_NO_SPANS: list[tuple[int, int]] = []
#: A quotation: curly double quotes, or straight ones, within a paragraph.
QUOTATION = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")
#: A quotation shorter than this many words is a scare quote ("“unwinnable”"), not reported speech.
QUOTATION_MIN_WORDS = 4


@dataclass(frozen=True, slots=True)
class Block:
    """A searchable piece of an article: a paragraph, or the title or standfirst."""

    id: str | None
    """Paragraph id, or None for the title and standfirst."""
    text: str
    """The block's text."""
    kind: str = "paragraph"
    """``paragraph``, ``title`` or ``dek``."""


@dataclass(slots=True)
class ArticleText:
    """An article's blocks joined into one searchable string, split into sentences."""

    blocks: tuple[Block, ...]
    """The blocks, in order."""
    text: str
    """The blocks' texts joined by blank lines."""
    cased: str
    """``text`` with every blank a space and every apostrophe straight, offsets unchanged."""
    low: str
    """``cased`` lower-cased, offsets unchanged."""
    starts: list[int]
    """Offset of each block in ``text``."""
    sentence_starts: list[int]
    """Start of every sentence of every block, in order."""
    sentence_ends: list[int]
    """End of every sentence."""
    sentence_blocks: list[int]
    """Index of the block each sentence stands in."""
    exact_lower: bool = True
    """Whether ``low`` is ``cased.lower()`` itself (then a slice of it is the slice lower-cased)."""
    _heads: set[str] | None = None
    _by_sentence: dict[str, TermHits] = field(default_factory=dict)
    _at: dict[tuple[str, bool], list[int]] = field(default_factory=dict)
    _scanned: dict[str, list[int]] | None = None
    _scanned_anchors: frozenset[str] = frozenset()
    _present: set[str] = field(default_factory=set)
    _anchor_cache: dict[tuple[int, str], tuple[Alternative, dict[int, list[tuple[int, int]]]]] = field(default_factory=dict)
    _head_seen: dict[str, bool] = field(default_factory=dict)
    _quotations: list[tuple[int, int]] | None = None
    _quotation_starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, blocks: Sequence[Block]) -> ArticleText:
        """Join, normalise and split the blocks into sentences."""
        starts: list[int] = []
        offset = 0
        for block in blocks:
            starts.append(offset)
            offset += len(block.text) + 2
        text = "\n\n".join(block.text for block in blocks)
        cased = text
        for old, new in _NORMALISE:
            if old in cased:
                cased = cased.replace(old, new)
        low = cased.lower()
        exact = len(low) == len(text)
        if not exact:  # a few characters lower-case to two; keep offsets true
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in cased)
        s_starts: list[int] = []
        s_ends: list[int] = []
        s_blocks: list[int] = []
        for b, block in enumerate(blocks):
            base = starts[b]
            for start, end in split_sentences(block.text):
                s_starts.append(base + start)
                s_ends.append(base + end)
                s_blocks.append(b)
        return cls(tuple(blocks), text, cased, low, starts, s_starts, s_ends, s_blocks, exact)

    @property
    def heads(self) -> set[str]:
        """The first three characters of every word of the text (words split at blanks and joiners)."""
        if self._heads is None:
            gate = self.low
            for ch in _JOINERS:
                if ch in gate:
                    gate = gate.replace(ch, " ")
            self._heads = set(map(_FIRST_THREE, gate.split()))
        return self._heads

    def scan(self, scanner: AnchorScanner) -> None:
        """Find every anchor of ``scanner`` at once (instead of one search per anchor when a term needs it)."""
        self._scanned = scanner.scan(self.low)
        self._scanned_anchors = scanner.anchors
        self._present = set(self._scanned)

    def hits(self, term: Term, idx: int) -> list[tuple[int, int]]:
        """Spans where ``term`` matches, starting at a word start inside sentence ``idx``, in order."""
        return self.term_hits(term).at(idx)

    def hits_by_sentence(self, term: Term) -> dict[int, list[tuple[int, int]]]:
        """All of a term's matches in the text, grouped by the sentence they start in, in sentence order."""
        hits = self.term_hits(term)
        return {idx: hits.at(idx) for idx in sorted(hits.sentences)}

    def term_hits(self, term: Term) -> TermHits:
        """A term's matches in the text, by the sentence they start in (computed once per term).

        An anchor is only looked for when some word of the text starts like it
        (its first three characters, see :attr:`heads`).
        """
        cached = self._by_sentence.get(term.source)
        if cached is not None:
            return cached
        parts: list[dict[int, list[tuple[int, int]]]] = []
        scanned = self._scanned
        rest = term.alternatives
        if scanned is not None and term.anchored <= self._scanned_anchors:
            rest = term.others
            for anchor in term.anchored.intersection(self._present):
                positions = scanned[anchor]
                for alt, head in term.by_anchor[anchor]:
                    part = self._anchor_hits(alt, anchor, head, positions)
                    if part:
                        parts.append(part)
        for alt in rest:
            if not alt.anchors:
                part = self._group(self._unanchored(alt, self.cased if alt.case_sensitive else self.low))
                if part:
                    parts.append(part)
                continue
            for anchor, head in zip(alt.anchors, alt.heads, strict=True):
                part = self._anchor_hits(alt, anchor, head, self._occurrences(anchor, alt.case_sensitive))
                if part:
                    parts.append(part)
        hits = TermHits(parts)
        self._by_sentence[term.source] = hits
        return hits

    def _anchor_hits(
        self, alt: Alternative, anchor: str, head: str | None, positions: list[int]
    ) -> dict[int, list[tuple[int, int]]]:
        """Matches of ``alt`` where its ``anchor`` starts a word (at ``positions``), by sentence (cached: terms share them)."""
        if not positions:
            return _NO_HITS
        key = (id(alt), anchor)
        cached = self._anchor_cache.get(key)
        if cached is not None:
            return cached[1]
        if head is not None and not self._has_head(head, positions):
            spans: list[tuple[int, int]] = []
        elif alt.literal:
            size = len(anchor)
            spans = [(i, i + size) for i in positions]
        else:
            hay = self.cased if alt.case_sensitive else self.low
            match = alt.pattern.match
            spans = []
            for i in positions:
                m = match(hay, i)
                if m is not None and m.end() > i:
                    spans.append(m.span())
        grouped = self._group(spans)
        self._anchor_cache[key] = (alt, grouped)  # holding ``alt`` keeps its id from being reused meanwhile
        return grouped

    def _group(self, spans: list[tuple[int, int]]) -> dict[int, list[tuple[int, int]]]:
        """Spans (in order, without repeats) by the sentence they start in; spans outside every sentence are dropped."""
        grouped: dict[int, list[tuple[int, int]]] = {}
        starts, ends = self.sentence_starts, self.sentence_ends
        for span in spans:
            idx = bisect_right(starts, span[0]) - 1
            if idx >= 0 and span[0] < ends[idx] and span[1] <= ends[idx] + 1:
                grouped.setdefault(idx, []).append(span)
        return grouped

    def _unanchored(self, alt: Alternative, hay: str) -> list[tuple[int, int]]:
        """Matches of an alternative without anchors, left to right without overlaps, as ``finditer`` finds them.

        When the alternative's possible starting texts are known, only the word
        starts holding one are tried; a text with characters that match other
        letters when case is ignored (dotless i, long s) is searched in full.
        """
        if not alt.starts or (not alt.case_sensitive and not self._folds_plainly()):
            return [m.span() for m in alt.scan.finditer(hay) if m.end() > m.start()]
        candidates: set[int] = set()
        for literal in alt.starts:
            candidates.update(self._occurrences(literal, alt.case_sensitive))
        out: list[tuple[int, int]] = []
        reached = 0
        match = alt.pattern.match
        for i in sorted(candidates):
            if i < reached:
                continue
            m = match(hay, i)
            if m is not None and m.end() > i:
                out.append(m.span())
                reached = m.end()
        return out

    def _folds_plainly(self) -> bool:
        """True when no character of the lower-cased text matches a different ASCII letter when case is ignored."""
        return not any(ch in self.low for ch in _FOLDS_TO_ASCII)

    def _has_head(self, head: str, positions: list[int]) -> bool:
        """Whether some word of the text starts with ``head`` (see :attr:`heads`), given where an anchor starting so stands.

        Usually one of those places shows it at once (a word start after a blank
        or a joiner); otherwise every word's start is listed.
        """
        seen = self._head_seen.get(head)
        if seen is not None:
            return seen
        low = self.low
        seen = False
        for i in positions:
            if (i == 0 or low[i - 1].isspace() or low[i - 1] in _JOINERS) and low.startswith(head, i):
                seen = True
                break
        else:
            seen = head in self.heads
        self._head_seen[head] = seen
        return seen

    def _occurrences(self, anchor: str, case_sensitive: bool) -> list[int]:
        """Offsets where ``anchor`` stands at the start of a word (cached: terms share anchors)."""
        if not case_sensitive and self._scanned is not None and anchor in self._scanned_anchors:
            return self._scanned.get(anchor, _NONE)
        key = (anchor, case_sensitive)
        cached = self._at.get(key)
        if cached is not None:
            return cached
        found: list[int] = []
        hay = self.cased if case_sensitive else self.low
        find = hay.find
        i = find(anchor)
        while i != -1:
            if i == 0 or not hay[i - 1].isalnum():
                found.append(i)
            i = find(anchor, i + 1)
        self._at[key] = found
        return found

    def sentence_count(self) -> int:
        """Number of sentences in all blocks."""
        return len(self.sentence_starts)

    def sentence(self, idx: int) -> tuple[int, int]:
        """Span of sentence ``idx``."""
        return self.sentence_starts[idx], self.sentence_ends[idx]

    def block_of(self, idx: int) -> Block:
        """The block sentence ``idx`` stands in."""
        return self.blocks[self.sentence_blocks[idx]]

    def in_quotation(self, pos: int) -> bool:
        """True when ``pos`` lies inside a quotation of several words."""
        if self._quotations is None:
            self._quotations = [
                m.span() for m in QUOTATION.finditer(self.text) if len(m.group().split()) >= QUOTATION_MIN_WORDS
            ]
            self._quotation_starts = [a for a, _ in self._quotations]
        i = bisect_right(self._quotation_starts, pos) - 1
        return i >= 0 and self._quotations[i][0] < pos < self._quotations[i][1]



class TermHits:
    """A term's matches in one article, by sentence; a sentence's spans from several anchors are merged when first asked."""

    __slots__ = ("_merged", "parts", "sentences")

    def __init__(self, parts: list[dict[int, list[tuple[int, int]]]]) -> None:
        self.parts = parts
        """The matches of each anchor (and alternative) of the term that matched, by sentence."""
        self.sentences: Set[int] = parts[0].keys() if len(parts) == 1 else set().union(*parts)
        """The sentences holding a match."""
        self._merged: dict[int, list[tuple[int, int]]] = {}

    def at(self, idx: int) -> list[tuple[int, int]]:
        """Spans of the matches starting in sentence ``idx``, in order, without repeats."""
        parts = self.parts
        if len(parts) == 1:
            return parts[0].get(idx, _NO_SPANS)
        spans = self._merged.get(idx)
        if spans is None:
            lists = [part[idx] for part in parts if idx in part]
            if not lists:
                return _NO_SPANS
            spans = lists[0] if len(lists) == 1 else sorted(set(chain.from_iterable(lists)))
            self._merged[idx] = spans
        return spans
