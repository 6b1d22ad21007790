"""The searchable text of one article: its blocks, sentences, and where terms match.

An article's title, standfirst and paragraphs are joined into one string,
normalised once (same length, so offsets stay true), and split into
sentences. The first three letters of every word are noted: a term whose
words cannot start that way is not searched at all (the keyword prefilter).
Otherwise it is found with ``str.find`` on its literal start before any
regular expression runs, once per article, and its matches are grouped by
sentence.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from .sentences import split_sentences
from .terms import Term

log = logging.getLogger(__name__)

#: Same-length normalisation for matching: every blank is a space, every apostrophe a straight one.
_NORMALISE = (("\n", " "), ("\t", " "), ("\r", " "), ("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"))
#: Characters that can stand before a word without a space; they are blanked before words are listed.
_JOINERS = ("-", "—", "–", "/", "'", '"', "“", "”", "(", "[", "…", ".")
_FIRST_THREE = itemgetter(slice(0, 3))
#: A quotation: curly double quotes, or straight ones, within a paragraph.
_QUOTATION = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")
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
    heads: set[str]
    """The first three characters of every word of the text."""
    _by_sentence: dict[str, dict[int, list[tuple[int, int]]]] = field(default_factory=dict)
    _at: dict[tuple[str, bool], list[int]] = field(default_factory=dict)
    _quotations: list[tuple[int, int]] | None = None
    _quotation_starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, blocks: Sequence[Block]) -> ArticleText:
        """Join, normalise and split the blocks, and note which sentences hold which word starts."""
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
        if len(low) != len(text):  # a few characters lower-case to two; keep offsets true
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in cased)
        gate = low
        for ch in _JOINERS:
            if ch in gate:
                gate = gate.replace(ch, " ")
        s_starts: list[int] = []
        s_ends: list[int] = []
        s_blocks: list[int] = []
        for b, block in enumerate(blocks):
            base = starts[b]
            for start, end in split_sentences(block.text):
                s_starts.append(base + start)
                s_ends.append(base + end)
                s_blocks.append(b)
        heads = set(map(_FIRST_THREE, gate.split()))
        return cls(tuple(blocks), text, cased, low, starts, s_starts, s_ends, s_blocks, heads)

    def might_match(self, term: Term) -> bool:
        """False when no word of the text starts the way any alternative of ``term`` must (the keyword prefilter)."""
        return term.heads is None or not term.heads.isdisjoint(self.heads)

    def hits(self, term: Term, idx: int) -> list[tuple[int, int]]:
        """Spans where ``term`` matches, starting at a word start inside sentence ``idx``, in order."""
        return self.hits_by_sentence(term).get(idx, [])

    def hits_by_sentence(self, term: Term) -> dict[int, list[tuple[int, int]]]:
        """All of a term's matches in the text, grouped by the sentence they start in (computed once)."""
        cached = self._by_sentence.get(term.source)
        if cached is not None:
            return cached
        found: list[tuple[int, int]] = []
        heads = self.heads
        for alt in term.alternatives:
            hay = self.cased if alt.case_sensitive else self.low
            if not alt.anchors:
                found.extend(m.span() for m in alt.scan.finditer(hay) if m.end() > m.start())
                continue
            for anchor, head in zip(alt.anchors, alt.heads, strict=True):
                if head is not None and head not in heads:
                    continue  # no word of the text starts like this anchor
                positions = self._occurrences(anchor, alt.case_sensitive)
                if not positions:
                    continue
                if alt.literal:
                    size = len(anchor)
                    found.extend([(i, i + size) for i in positions])
                    continue
                match = alt.pattern.match
                for i in positions:
                    m = match(hay, i)
                    if m is not None and m.end() > i:
                        found.append(m.span())
        grouped: dict[int, list[tuple[int, int]]] = {}
        if found:
            if len(found) > 1:
                found = sorted(set(found))
            starts, ends = self.sentence_starts, self.sentence_ends
            for span in found:
                idx = bisect_right(starts, span[0]) - 1
                if idx >= 0 and span[0] < ends[idx] and span[1] <= ends[idx] + 1:
                    grouped.setdefault(idx, []).append(span)
        self._by_sentence[term.source] = grouped
        return grouped

    def _occurrences(self, anchor: str, case_sensitive: bool) -> list[int]:
        """Offsets where ``anchor`` stands at the start of a word (cached: terms share anchors)."""
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
                m.span() for m in _QUOTATION.finditer(self.text) if len(m.group().split()) >= QUOTATION_MIN_WORDS
            ]
            self._quotation_starts = [a for a, _ in self._quotations]
        i = bisect_right(self._quotation_starts, pos) - 1
        return i >= 0 and self._quotations[i][0] < pos < self._quotations[i][1]
