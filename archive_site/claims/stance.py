"""Classifying an article's stance in the archive's vocabulary.

Evidence comes from two places:

* **cues** of each stance (``stances.yaml``), found in the title, standfirst
  and body. A cue in the author's own voice counts 1; one inside a quotation
  or a sentence of reported speech counts half (it is someone else's view,
  and a reporting marker is itself reported speech); one in the title counts
  1.5. Each stance counts at most its strongest cue per sentence, and a cue
  right after a negation ("no need to negotiate") does not count.
* **claim positions**: the catalog may say that affirming or disputing a
  claim is evidence for a stance; each such claim adds :data:`CLAIM_WEIGHT`.

The stance with the most evidence wins when it has at least
:data:`MIN_SCORE`, at least :data:`MIN_SHARE` of all evidence, and a
confidence of at least :data:`MIN_CONFIDENCE`; otherwise the article is left
unclassified (label None), never guessed.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from archive_site.claims.articletext import QUOTATION, ArticleText
from archive_site.claims.catalog import Catalog, compile_stances
from archive_site.claims.detect import sentence_hits
from archive_site.claims.lexicon import Lexicon, scores
from archive_site.claims.position import ATTRIBUTION, ATTRIBUTION_TERM, NEGATION, attributed, endorsed
from archive_site.claims.terms import Term
from archive_site.model import ClaimMention, Stance, StanceDef, StanceEvidence

log = logging.getLogger(__name__)

#: Weight of a cue in the author's voice, in reported speech, and in the title.
OWN_VOICE = 1.0
REPORTED = 0.5
TITLE = 1.5
#: Weight of a claim position the catalog ties to a stance.
CLAIM_WEIGHT = 0.5
#: With a reporting stance in the vocabulary: the least evidence an advocating stance needs, the
#: least it needs in an article that argues, and the part of the reporting evidence it must match.
SIDE_MIN = 2.0
LEANING_MIN = 1.0
SIDE_OVER_REPORTING = 1.0
#: Share of sentences in the author's voice with first person or "must/should" above which an article argues.
OPINION_RATE = 0.15
#: Share of sentences with reported speech above which an article without advocacy reads as reporting.
REPORTING_RATE = 0.15
#: Reporting evidence that makes an article reporting even where it uses the first person, when no side is argued.
REPORTING_MIN = 1.0
#: Least evidence, least share of all evidence, and least confidence for a label (vocabularies without
#: a reporting stance).
MIN_SCORE = 2.0
MIN_SHARE = 0.5
MIN_CONFIDENCE = 0.3
#: How far the learned lexicon's leading stance must lead the next for it to decide an article the cues left open.
LEXICON_MARGIN = 1.0
#: The least number of the leading stance's learned words an article must have for the lexicon to decide.
LEXICON_MIN_FEATURES = 5
#: Evidence kept on the record: for the winning stance, and for each other stance.
EVIDENCE_KEPT = 8
EVIDENCE_KEPT_OTHERS = 3
#: Characters (about three words) before a cue in which a negation cancels it.
NEGATION_REACH_CHARS = 20


@dataclass(frozen=True, slots=True)
class Scored:
    """One piece of stance evidence, before it goes on the record."""

    label: str
    """The stance it supports."""
    weight: float
    """How much it counts."""
    paragraph: str | None
    """Paragraph id, or None for the title and standfirst."""
    text: str
    """The sentence, or the claim position."""


@dataclass(frozen=True, slots=True)
class StanceResult:
    """A classification with the totals it was decided on."""

    stance: Stance
    """The stance for the record."""
    scores: tuple[tuple[str, float], ...]
    """Total evidence per stance id, strongest first."""
    rule: str = "stance.cues"
    """``stance.cues`` (cues and claim positions) or ``stance.lexicon`` (the learned words, where the cues left it open)."""

    def summary(self) -> str:
        """The totals as a short text (``for-talks 7.5, neutral 2.0``)."""
        return ", ".join(f"{label} {score:.1f}" for label, score in self.scores if score > 0) or "no evidence"


def classify_stance(
    doc: ArticleText, mentions: Sequence[ClaimMention], catalog: Catalog, stances: Sequence[StanceDef],
    *, words: set[str] | None = None, lexicon: Lexicon | None = None,
) -> StanceResult:
    """The article's stance from its text (title, standfirst, body) and its claim positions.

    Where that leaves it unclassified, the ``lexicon``'s weights of the
    article's ``words`` (:func:`archive_site.claims.lexicon.features`) decide
    when one stance leads by :data:`LEXICON_MARGIN`, with little confidence.
    """
    result = _classify(doc, mentions, catalog, stances)
    if result.stance.label is not None or lexicon is None or not words:
        return result
    decided = lexicon_decision(lexicon, words, [s.id for s in stances])
    if decided is None:
        return result
    label, lead, hits = decided
    evidence = tuple(StanceEvidence(None, f"{LEARNED}{f}", label, round(w, 2)) for f, w in hits[:EVIDENCE_KEPT])
    confidence = round(min(0.5, 0.2 + 0.05 * lead), 3)
    return StanceResult(Stance(label, confidence, (*evidence, *result.stance.evidence)), result.scores, "stance.lexicon")


#: How the lexicon's evidence reads on the record: this, then the word or pair.
LEARNED = "learned word: "


def lexicon_decision(lexicon: Lexicon, words: set[str], labels: Sequence[str]) -> tuple[str, float, list[tuple[str, float]]] | None:
    """The stance the lexicon gives ``words`` when it leads the next by :data:`LEXICON_MARGIN`: label, lead, features."""
    ranked = scores(lexicon, words, labels)
    if not ranked or len(ranked[0][2]) < LEXICON_MIN_FEATURES:
        return None  # a short text, or one in words the lexicon does not know: too little to go on
    lead = ranked[0][1] - ranked[1][1] if len(ranked) > 1 else ranked[0][1]
    return (ranked[0][0], lead, ranked[0][2]) if lead >= LEXICON_MARGIN else None


def _classify(
    doc: ArticleText, mentions: Sequence[ClaimMention], catalog: Catalog, stances: Sequence[StanceDef]
) -> StanceResult:
    known = {s.id for s in stances}
    evidence = _cue_evidence(doc, compile_stances(tuple(stances))) + _claim_evidence(mentions, catalog, known)
    scores: dict[str, float] = dict.fromkeys(known, 0.0)
    for item in evidence:
        scores[item.label] += item.weight
    ranked = tuple(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])))
    reporting = next((s.id for s in stances if s.reporting), None)
    if reporting is not None:
        return _with_reporting(doc, evidence, scores, ranked, reporting)
    total = sum(scores.values())
    if total == 0:
        return StanceResult(Stance(None, 0.0, ()), ranked)
    label, top = ranked[0]
    share = top / total
    tied = len(ranked) > 1 and ranked[1][1] == top
    confidence = round(share * (1 - math.exp(-top / 3)), 3)
    if tied or top < MIN_SCORE or share < MIN_SHARE or confidence < MIN_CONFIDENCE:
        return StanceResult(Stance(None, 0.0, _record(evidence, None)), ranked)
    return StanceResult(Stance(label, confidence, _record(evidence, label)), ranked)


def _with_reporting(doc: ArticleText, evidence: list[Scored], scores: dict[str, float],
                    ranked: tuple[tuple[str, float], ...], reporting: str) -> StanceResult:
    """The decision when the vocabulary has a stance of plain reporting (``neutral``).

    In an article that argues (first person or "must/should" in the author's voice,
    :func:`opinion_rate`) the leading advocating stance wins with :data:`LEANING_MIN`
    evidence; in one that reads as reporting it needs :data:`SIDE_MIN` and at least the
    reporting stance's evidence, since a report quotes both sides' words. Without an
    advocating stance, reporting evidence (or many attributed sentences) makes it reporting. Otherwise a text with reporting evidence
    or many attributed sentences is reporting; anything else stays unclassified.
    """
    sides = [(label, score) for label, score in ranked if label != reporting]
    top_label, top = sides[0] if sides else (None, 0.0)
    second = sides[1][1] if len(sides) > 1 else 0.0
    reported = scores.get(reporting, 0.0)
    opinion = opinion_rate(doc)
    label: str | None = None
    argued = top >= LEANING_MIN if opinion >= OPINION_RATE else top >= SIDE_MIN and top >= SIDE_OVER_REPORTING * reported
    if top_label is not None and top > second and argued:
        label = top_label
    if label is None and opinion < OPINION_RATE and (reported > 0 or attribution_rate(doc) >= REPORTING_RATE):
        label = reporting
    elif label is None and reported >= REPORTING_MIN and top < LEANING_MIN:
        label = reporting  # first person in a report (an interview, a statement): no side argued, much reported
    if label is None and top_label is not None and top > second and top >= LEANING_MIN and top > reported:
        label = top_label  # one side's words and nothing against them: that side, with little confidence
    if label is None:
        return StanceResult(Stance(None, 0.0, _record(evidence, None)), ranked)
    total = sum(scores.values())
    mine = scores.get(label, 0.0)
    share = mine / total if total else 1.0
    confidence = round(max(0.3, share) * (1 - math.exp(-(mine + 1.0) / 3)), 3)
    return StanceResult(Stance(label, confidence, _record(evidence, label)), ranked)


#: First person and obligation in the author's own voice: the marks of an article that argues.
_OPINION = re.compile(r"\b(?:I|we|We|our|Our|us|my|My|I'm|we're|We're|let's|Let's|must|should|ought to)\b")
#: Quotations, left out when the author's own voice is read.


def opinion_rate(doc: ArticleText) -> float:
    """Share of the body's sentences with first person or "must/should" outside quotations."""
    return _rate(doc, lambda text: _OPINION.search(QUOTATION.sub(" ", text)) is not None)


def attribution_rate(doc: ArticleText) -> float:
    """Share of the body's sentences with a marker of reported speech."""
    return _rate(doc, lambda text: ATTRIBUTION.search(text.lower()) is not None)  # the position rules' own markers


def _rate(doc: ArticleText, test: Callable[[str], bool]) -> float:
    body = [i for i in range(doc.sentence_count()) if doc.block_of(i).kind == "paragraph"]
    if not body:
        return 0.0
    hits = sum(test(doc.text[slice(*doc.sentence(i))]) for i in body)
    return hits / len(body)


def _cue_evidence(doc: ArticleText, compiled: tuple[tuple[str, Term], ...]) -> list[Scored]:
    """The strongest cue of each stance in each sentence, weighted by voice."""
    best: dict[tuple[str, int], float] = {}
    voice: dict[int, tuple[bool, str, list[tuple[int, int]]]] = {}
    for label, term in compiled:
        hits = doc.term_hits(term)
        for idx in sorted(hits.sentences):
            strongest = TITLE if doc.block_of(idx).kind == "title" else OWN_VOICE  # no later cue can beat it
            got = 0.0
            for start, end in hits.at(idx):
                if _negated(doc, idx, start):
                    continue
                weight = _weight(doc, idx, start, end, voice)
                if got < weight:
                    got = weight
                    if got >= strongest:
                        break
            if got > 0.0:
                best[(label, idx)] = got
    out = []
    for (label, idx), weight in best.items():
        s0, s1 = doc.sentence(idx)
        out.append(Scored(label, weight, doc.block_of(idx).id, doc.text[s0:s1]))
    return out


def _weight(doc: ArticleText, idx: int, start: int, end: int, voice: dict[int, tuple[bool, str, list[tuple[int, int]]]]) -> float:
    """How much a cue found at ``[start, end)`` of sentence ``idx`` counts, from where it stands."""
    if doc.block_of(idx).kind == "title":
        return TITLE
    if doc.in_quotation(start):
        return REPORTED
    cached = voice.get(idx)
    s0 = doc.sentence_starts[idx]
    if cached is None:
        markers = sentence_hits(doc, ATTRIBUTION_TERM, idx, idx)
        sentence = doc.low[s0 : doc.sentence_ends[idx]]
        cached = (bool(markers) and endorsed(sentence), sentence, markers)
        voice[idx] = cached
    is_endorsed, sentence, markers = cached
    if markers and not is_endorsed and attributed(sentence, start - s0, end - s0, markers):
        return REPORTED
    return OWN_VOICE


def _negated(doc: ArticleText, idx: int, start: int) -> bool:
    """True when a negation stands within a few words before a cue, in its sentence."""
    window = max(doc.sentence_starts[idx], start - NEGATION_REACH_CHARS)
    return NEGATION.search(doc.low, window, start) is not None


def _claim_evidence(mentions: Sequence[ClaimMention], catalog: Catalog, known: set[str]) -> list[Scored]:
    """Evidence from the article's positions on claims the catalog ties to stances."""
    out: list[Scored] = []
    by_claim: dict[str, list[ClaimMention]] = {}
    for mention in mentions:
        by_claim.setdefault(mention.claim, []).append(mention)
    for claim_id, claim_mentions in by_claim.items():
        entry = catalog.entry(claim_id)
        if entry is None or not entry.stance:
            continue
        affirms = [m for m in claim_mentions if m.position == "affirms"]
        disputes = [m for m in claim_mentions if m.position == "disputes"]
        position, chosen = ("disputes", disputes) if len(disputes) >= len(affirms) and disputes else ("affirms", affirms)
        if not chosen:
            continue
        for pos, label in entry.stance:
            if pos == position and label in known:
                text = f"{position} “{entry.claim.label}”: {chosen[0].sentence}"
                out.append(Scored(label, CLAIM_WEIGHT, chosen[0].paragraph, text))
    return out


def _record(evidence: list[Scored], label: str | None) -> tuple[StanceEvidence, ...]:
    """The evidence kept on the record: the winner's strongest pieces, then a few of each other stance's."""
    ordered = sorted(evidence, key=lambda e: -e.weight)
    kept: list[Scored] = []
    counts: dict[str, int] = {}
    for item in ordered:
        limit = EVIDENCE_KEPT if item.label == label else EVIDENCE_KEPT_OTHERS
        if counts.get(item.label, 0) < limit:
            counts[item.label] = counts.get(item.label, 0) + 1
            kept.append(item)
    return tuple(StanceEvidence(e.paragraph, e.text, e.label, e.weight) for e in kept)
