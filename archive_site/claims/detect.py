"""Finding catalogued claims in an article's paragraphs.

For each claim, every cue is matched against the article's text (see
:mod:`.terms`); a cue's terms must fall in one sentence (or two consecutive
sentences of a paragraph, when the cue allows it) within its word distance.
Each sentence that matches becomes one :class:`ClaimMention`, whose position
is decided by :mod:`.position`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from archive_site.claims.anchors import scanner_for
from archive_site.claims.articletext import ArticleText, Block
from archive_site.claims.catalog import Catalog, CatalogClaim, Cue
from archive_site.claims.position import ATTRIBUTION_TERM, NEGATION, SentenceFacts, decide, sentence_facts
from archive_site.claims.terms import Term, word_gap
from archive_site.model import Article, ClaimMention

log = logging.getLogger(__name__)



@dataclass(frozen=True, slots=True)
class CueMatch:
    """Where one cue matched: the sentence(s) and the matched words, in offsets of the joined text."""

    first: int
    """Index of the (first) sentence in the article text."""
    last: int
    """Index of the last sentence: ``first`` or the one after it."""
    start: int
    """Start of the matched words."""
    end: int
    """End of the matched words."""
    terms: tuple[tuple[int, int, bool], ...]
    """Each matched term's span, and whether the term spells a negation itself."""
    cue: Cue
    """The cue that matched."""


def article_text(article: Article, *, with_headings: bool = False) -> ArticleText:
    """The searchable text of an article: its paragraphs, optionally after its title and standfirst."""
    blocks: list[Block] = []
    if with_headings and article.title:
        blocks.append(Block(None, article.title, "title"))
        if article.dek:
            blocks.append(Block(None, article.dek, "dek"))
    blocks.extend(Block(p.id, p.text) for p in article.paragraphs)
    return ArticleText.of(blocks)


def detect_mentions(article: Article, catalog: Catalog, text: ArticleText | None = None) -> tuple[ClaimMention, ...]:
    """Every sentence of the article's paragraphs that mentions a catalog claim, with its position."""
    if text is None:
        doc = article_text(article)
        doc.scan(scanner_for(catalog))
    else:
        doc = text
    return mentions_of(doc, match_claims(doc, catalog))


@dataclass(frozen=True, slots=True)
class ClaimMatch:
    """A sentence (or pair of sentences) that one claim's cues match, before its position is decided."""

    entry: CatalogClaim
    """The claim."""
    match: CueMatch
    """The cue match that found it (a dispute cue's, when one matched)."""
    disputed: bool
    """Whether a dispute cue matched."""


def match_claims(doc: ArticleText, catalog: Catalog) -> list[ClaimMatch]:
    """Where the catalog's claims are mentioned: one match per claim and sentence, in text order, then catalog order."""
    found: list[tuple[int, int, ClaimMatch]] = []
    for order, entry in enumerate(catalog.entries):
        for match in _claim_matches(doc, entry):
            found.append((match.match.first, order, match))
    found.sort(key=lambda item: item[:2])
    return [item[2] for item in found]


def mentions_of(doc: ArticleText, matches: list[ClaimMatch]) -> tuple[ClaimMention, ...]:
    """The mentions of claim matches, each with its position decided."""
    facts: dict[tuple[int, int], SentenceFacts] = {}
    return tuple(_mention(doc, m.entry, m.match, m.disputed, facts) for m in matches)


def _claim_matches(doc: ArticleText, entry: CatalogClaim) -> list[ClaimMatch]:
    """The matches of one claim: one per sentence, disputed when a dispute cue matches it too."""
    found: dict[tuple[int, int], tuple[CueMatch, bool]] = {}
    for cues, disputed in ((entry.cues, False), (entry.dispute_cues, True)):
        for cue in cues:
            for match in cue_matches(doc, cue):
                key = (match.first, match.last)
                previous = found.get(key)
                if previous is None or (disputed and not previous[1]):
                    found[key] = (match, disputed)
    singles = {first for first, last in found if first == last}
    out = []
    for (first, last), (match, disputed) in sorted(found.items()):
        if first != last and (first in singles or last in singles):
            continue  # a two-sentence match that holds a one-sentence one
        out.append(ClaimMatch(entry, match, disputed))
    return out


def _mention(
    doc: ArticleText, entry: CatalogClaim, match: CueMatch, disputed: bool, facts: dict[tuple[int, int], SentenceFacts]
) -> ClaimMention:
    """Build the mention of a cue match, deciding its position."""
    block = doc.block_of(match.first)
    base = doc.starts[doc.sentence_blocks[match.first]]
    s0 = doc.sentence_starts[match.first]
    s1 = doc.sentence_ends[match.last]
    rel_terms = [(a - s0, b - s0, neg) for a, b, neg in match.terms]
    sentence = doc.cased[s0:s1]
    known = facts.get((match.first, match.last)) if not disputed else None
    if known is None and not disputed:
        known = sentence_facts(doc.low[s0:s1] if doc.exact_lower else sentence.lower())
        facts[(match.first, match.last)] = known
    decision = decide(
        sentence,
        match.start - s0,
        match.end - s0,
        rel_terms,
        quoted=doc.in_quotation(match.start),
        disputed=disputed,
        attribution=sentence_hits(doc, ATTRIBUTION_TERM, match.first, match.last),
        facts=known,
    )
    confidence = round(_cue_confidence(match) * decision.confidence / 0.85, 3)
    log.debug("%s: %s %s (%s) in %s", entry.claim.id, decision.position, match.cue.text, decision.rule, block.id)
    return ClaimMention(
        claim=entry.claim.id,
        paragraph=block.id or "",
        sentence=doc.text[s0:s1],
        start=s0 - base,
        end=s1 - base,
        position=decision.position,
        cue=match.cue.text,
        confidence=min(1.0, confidence),
    )


def sentence_hits(doc: ArticleText, term: Term, first: int, last: int) -> list[tuple[int, int]]:
    """A term's hits in sentences ``first`` to ``last``, in offsets from the start of ``first``."""
    s0 = doc.sentence_starts[first]
    return [(a - s0, b - s0) for i in range(first, last + 1) for a, b in doc.hits(term, i)]


def _cue_confidence(match: CueMatch) -> float:
    """How strongly a cue match indicates the claim: more terms score higher, two sentences lower."""
    k = len(match.cue.terms)
    base = 0.85 if k == 1 else min(0.95, 0.65 + 0.1 * k)
    if match.first != match.last:
        base -= 0.05
    return base


def cue_matches(doc: ArticleText, cue: Cue) -> list[CueMatch]:
    """Where a cue matches in the article's paragraphs: at most one match per sentence (or sentence pair)."""
    found = []
    for term in cue.terms:
        hits = doc.term_hits(term)
        if not hits.sentences:
            return []
        found.append(hits)
    matches: list[CueMatch] = []
    single: set[int] = set()
    for idx in sorted(set(found[0].sentences).intersection(*(g.sentences for g in found[1:]))):
        if doc.block_of(idx).id is not None:
            match = _window(doc, cue, [g.at(idx) for g in found], idx, idx)
            if match is not None:
                matches.append(match)
                single.add(idx)
    if not cue.across_sentences or len(found) < 2:
        return matches
    pairs = set(found[0].sentences).union(i - 1 for i in found[0].sentences)
    for g in found[1:]:
        pairs &= set(g.sentences).union(i - 1 for i in g.sentences)
    for idx in sorted(pairs):
        if idx < 0 or idx in single or idx + 1 in single or idx + 1 >= doc.sentence_count():
            continue
        if doc.sentence_blocks[idx] != doc.sentence_blocks[idx + 1] or doc.block_of(idx).id is None:
            continue
        lists = [g.at(idx) + g.at(idx + 1) for g in found]
        if all(lists):
            match = _window(doc, cue, lists, idx, idx + 1)
            if match is not None:
                matches.append(match)
    return matches


def _window(doc: ArticleText, cue: Cue, lists: list[list[tuple[int, int]]], first: int, last: int) -> CueMatch | None:
    """The tightest window holding one hit of every term, if it is within the cue's word distance."""
    for term in cue.unless:
        if any(doc.hits(term, i) for i in range(first, last + 1)):
            return None
    if len(lists) == 1:
        a, b = lists[0][0]
        return CueMatch(first, last, a, b, ((a, b, _spells_negation(cue.terms[0])),), cue)
    best = _ordered(doc, lists) if cue.ordered else _tightest(doc, lists)
    if best is None or best[0] > cue.within:
        return None
    picked = best[1]
    if first != last and not (picked[0][0] < doc.sentence_ends[first] and picked[-1][0] >= doc.sentence_starts[last]):
        return None  # the pair adds nothing over its sentences alone
    terms = tuple((a, b, _spells_negation(cue.terms[i])) for a, b, i in picked)
    return CueMatch(first, last, picked[0][0], max(b for _, b, _ in picked), terms, cue)


def _ordered(doc: ArticleText, lists: list[list[tuple[int, int]]]) -> tuple[int, list[tuple[int, int, int]]] | None:
    """The tightest run of hits, one per term, in the terms' order; with its width in words."""
    best: tuple[int, list[tuple[int, int, int]]] | None = None
    for a, b in lists[0]:
        picked = [(a, b, 0)]
        for i, spans in enumerate(lists[1:], start=1):
            after = picked[-1][1]
            nxt = next((s for s in spans if s[0] >= after), None)
            if nxt is None:
                break
            picked.append((nxt[0], nxt[1], i))
        else:
            gap = word_gap(doc.low, picked[0][0], picked[-1][0])
            if best is None or gap < best[0]:
                best = (gap, picked)
    return best


def _tightest(doc: ArticleText, lists: list[list[tuple[int, int]]]) -> tuple[int, list[tuple[int, int, int]]] | None:
    """The tightest set of hits, one per term, in any order; with its width in words."""
    events = sorted((span[0], span[1], i) for i, spans in enumerate(lists) for span in spans)
    k = len(lists)
    best: tuple[int, list[tuple[int, int, int]]] | None = None
    for left in range(len(events)):
        chosen: dict[int, tuple[int, int, int]] = {}
        for event in events[left:]:
            chosen.setdefault(event[2], event)
            if len(chosen) == k:
                break
        if len(chosen) < k:
            break
        picked = sorted(chosen.values())
        gap = word_gap(doc.low, picked[0][0], picked[-1][0])
        if best is None or gap < best[0]:
            best = (gap, picked)
    return best


def _spells_negation(term: Term) -> bool:
    """True when a term's own text contains a negation word (so a negation it matches is part of the claim)."""
    return _source_spells_negation(term.source)


@lru_cache(maxsize=4096)
def _source_spells_negation(source: str) -> bool:
    return NEGATION.search(source.replace("\\", " ").lower()) is not None
