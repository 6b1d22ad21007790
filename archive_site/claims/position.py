"""Deciding whether a sentence affirms, disputes or only reports a claim it mentions.

The rules are kept in tables a reader can scan. In order:

1. a claim's own ``dispute_cues`` matched the sentence: **disputes**;
2. a doubt marker stands near the claim ("may appear as", "questioned the
   sincerity", "no concrete actions", "contradict any claims"): **disputes**;
3. the claim is inside a quotation, or a reported-speech marker governs it
   ("X said", "according to", "reportedly", "sources told"), and nothing
   shows the author endorsing it ("rightly", "as experts have declared"):
   **reports**;
4. a negation stands just before the claim or between its cue's terms:
   **disputes**;
5. otherwise: **affirms**.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from archive_site.claims.terms import compile_term, word_gap
from archive_site.model import Position

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MarkerRule:
    """A kind of marker that changes a claim's position when it stands near the claim."""

    id: str
    """Rule id, shown in logs and tests (``doubt.modal-appearance``)."""
    pattern: re.Pattern[str]
    """What the marker looks like."""
    reach: int
    """Largest number of words between the marker and the claim's words."""
    triggers: tuple[str, ...]
    """Texts one of which the marker contains; the pattern is only tried when one is present."""


def _rule(rule_id: str, pattern: str, triggers: str, reach: int = 12) -> MarkerRule:
    """A rule over lower-cased text; ``triggers`` is a space-separated list."""
    return MarkerRule(rule_id, re.compile(pattern), reach, tuple(triggers.split()))


#: Doubt about the claim: any of these within ``reach`` words of it makes the sentence dispute it.
DOUBT_RULES: tuple[MarkerRule, ...] = (
    _rule("doubt.modal-appearance", r"\b(?:may|might|could|would)\s+(?:only\s+|well\s+)?(?:appear|seem|look)\s+(?:as|like|to\s+be)\b",
          "appear seem look"),
    _rule("doubt.surface", r"\bon the surface\b|\bostensibl\w*", "surface ostensib"),
    _rule(
        "doubt.sincerity",
        r"\b(?:question\w*|doubt\w*|skeptic\w*|sceptic\w*|distrust\w*|suspicio\w*)\b(?:\W+\w+){0,5}?\W+"
        r"(?:sincer\w*|genuine\w*|seriousness|good faith|intentions?|motives?|credib\w*)",
        "question doubt skeptic sceptic distrust suspicio",
    ),
    _rule(
        "doubt.no-concrete",
        r"\bno\s+(?:concrete|real|genuine|tangible|credible|serious|actual)\s+(?:actions?|steps?|signs?|interest|moves?|intent\w*)\b",
        "no ",
    ),
    _rule("doubt.no-evidence", r"\bno\s+(?:(?:concrete|real|hard|credible|firm)\s+)?(?:evidence|proof)\b", "evidence proof"),
    _rule(
        "doubt.contradict",
        r"\b(?:contradict\w*|belie\w*|refut\w*|debunk\w*)\s+(?:\w+\s+){0,2}(?:claims?|assertions?|notion|idea|statements?|narrative|suggestions?)\b",
        "contradict belie refut debunk",
    ),
    _rule(
        "doubt.contradicted",
        r"\b(?:contradicted|belied|refuted|disproved|undermined)\s+by\b",
        "contradicted belied refuted disproved undermined",
    ),
    _rule("doubt.doubt-about", r"\bdoubts?\s+(?:about|over|whether|that|as to|on)\b|\bdoubtful\b", "doubt"),
    _rule(
        "doubt.falsity",
        r"\b(?:false(?:ly)?|untrue|baseless|unfounded|debunked|myth|fabricat\w*|nonsense|disinformation|misinformation)\b",
          "false untrue baseless unfounded debunked myth fabricat nonsense information"),
    _rule("doubt.so-called", r"\bso-called\b", "so-called"),
    _rule("doubt.until-shown", r"\buntil\b(?:\W+\w+){1,6}?\W+(?:demonstrat\w*|shows?|proves?)\b", "until"),
    _rule(
        "doubt.insincere",
        r"\b(?:insincere|disingenuous|ploy|stalling tactic|smokescreen|hollow|empty (?:words|promises|gestures?)"
        r"|mere (?:words|rhetoric)|lip service)\b",
        "insincere disingenuous ploy stalling smokescreen hollow empty mere lip",
    ),
)

#: Every doubt rule's triggers: a sentence holding none of them cannot dispute a claim by doubt.
_DOUBT_TRIGGERS = tuple(sorted({t for rule in DOUBT_RULES for t in rule.triggers}))

#: Reported speech: the sentence attributes what it says to someone else ("said", "according to").
ATTRIBUTION_MARKERS = (
    r"said\b", r"says\b", r"say\b(?<!\bto say)", r"saying\b", r"tells\b", r"telling\b", r"according to\b",
    r"reportedly\b", r"reported\b", r"reports? that\b", r"report (?:reads|says|states)\b", r"claim(?:s|ed)? that\b",
    r"alleg\w*", r"stated\b", r"states that\b", r"announced\b", r"insist\w*", r"declared\b", r"asserted\b",
    r"argued\b", r"argues\b", r"wrote\b", r"writes\b", r"tweeted\b", r"quoted\b", r"denied\b", r"denies\b",
    r"supposedly\b", r"purportedly\b", r"acknowledg\w* that\b", r"statements? that\b", r"in an interview\b",
    r"told\b(?!\s+(?:\w+\s+){1,2}to\b)",  # not "told Ukraine to refuse": that is an order, not speech
    # someone else's call, proposal or warning, told in the past tense or the third person
    # (not "proposed" or "demanded": a proposal or a demand is itself an act the claims are about)
    r"added\b", r"called (?:on|for)\b", r"calls (?:on|for)\b", r"urged\b", r"urges\b",
    r"warned\b", r"stressed\b", r"noted\b", r"hoped\b", r"reiterated\b", r"emphasi[sz]ed\b",
    r"described\b", r"expressed\b", r"believes\b", r"insisted\b", r"explained\b", r"argue that\b", r"argue for\b",
    r"pointed out\b", r"(?:some|many|others|experts|critics|analysts|officials) (?:fear|warn|worry|believe|argue|say)\b",
)
ATTRIBUTION = re.compile(r"\b(?:" + "|".join(ATTRIBUTION_MARKERS) + ")")
ATTRIBUTION_TERM = compile_term("|".join(ATTRIBUTION_MARKERS))
#: How far a reported-speech marker reaches: words before the claim, and words after it.
ATTRIBUTION_BEFORE = 20
ATTRIBUTION_AFTER = 16
#: A marker after the claim does not govern it across one of these words.
_CLAUSE_BREAK = re.compile(r"\b(?:although|though|but|while|whereas|yet|however|because|since)\b")

#: The author takes the reported words as true ("rightly questioned", "as experts have declared").
ENDORSEMENT = re.compile(r"\b(?:rightly|rightfully|aptly|correctly|accurately|wisely|justifiably)\b")
_ENDORSEMENT_TRIGGERS = ("right", "aptly", "correctly", "accurately", "wisely", "justifiabl")
AS_SAID = re.compile(
    r"^\W*as\s+(?:\w+\s+){0,4}(?:ha(?:ve|s|d)\s+)?(?:long\s+)?"
    r"(?:said|declared|noted|argued|warned|pointed out|acknowledged|shown|predicted|explained)\b"
)

#: Negation words; they dispute a claim when they stand just before it or between its cue's terms.
NEGATION_WORDS = (
    *("not", "neither", "nor", "never", "no", "none", "nobody", "nothing", "cannot", "hardly", "scarcely"),
    *("don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't"),
    *("can't", "couldn't", "wouldn't", "shouldn't", "won't", "mustn't", "needn't", "ain't"),
)
NEGATION = re.compile(r"\b(?:" + "|".join(NEGATION_WORDS) + r")\b|n't\b")
NEGATION_BEFORE = 4
#: "never (felt|been) closer to", "never more dangerous": a negation that strengthens what follows.
_NEVER_MORE = re.compile(r"never\s+(?:\w+\s+){0,2}(?:closer|nearer|more|greater|higher|worse)\b")

#: Confidence of each way of deciding a position.
POSITION_CONFIDENCE: dict[str, float] = {
    "dispute-cue": 0.85,
    "doubt": 0.75,
    "quotation": 0.8,
    "attribution": 0.8,
    "negation": 0.65,
    "default": 0.7,
}


@dataclass(frozen=True, slots=True)
class Decision:
    """The position a sentence takes on a claim, and why."""

    position: Position
    """affirms, disputes or reports."""
    rule: str
    """The rule that decided (``doubt.sincerity``, ``attribution``, ``default``)."""
    confidence: float
    """How sure the rule is."""


@dataclass(frozen=True, slots=True)
class SentenceFacts:
    """What the position rules read from a sentence whatever claim it mentions (found once per sentence)."""

    low: str
    """The sentence lower-cased."""
    doubts: tuple[tuple[MarkerRule, tuple[tuple[int, int], ...]], ...]
    """The doubt rules whose markers the sentence holds, in rule order, with the markers' spans."""
    endorsed: bool
    """Whether the sentence marks the author taking reported words as true (see :func:`endorsed`)."""


def sentence_facts(low: str) -> SentenceFacts:
    """The facts of a lower-cased sentence: its doubt markers and whether it endorses what it reports."""
    doubts: list[tuple[MarkerRule, tuple[tuple[int, int], ...]]] = []
    present = {t for t in _DOUBT_TRIGGERS if t in low}
    if present:
        for rule in DOUBT_RULES:
            if present.isdisjoint(rule.triggers):
                continue
            spans = tuple(m.span() for m in rule.pattern.finditer(low))
            if spans:
                doubts.append((rule, spans))
    return SentenceFacts(low, tuple(doubts), endorsed(low))


def decide(
    sentence: str,
    start: int,
    end: int,
    terms: list[tuple[int, int, bool]],
    *,
    quoted: bool = False,
    disputed: bool = False,
    attribution: list[tuple[int, int]] | None = None,
    negations: list[tuple[int, int]] | None = None,
    facts: SentenceFacts | None = None,
) -> Decision:
    """Decide the position of ``sentence`` on a claim matched at ``[start, end)`` of it.

    ``terms`` are the spans of the cue's matched terms (relative to the
    sentence), each with a flag telling whether the term spells a negation
    itself (then a negation inside it belongs to the claim). ``attribution``
    and ``negations`` are the sentence's reported-speech markers and negation
    words, relative to it, and ``facts`` its :func:`sentence_facts`, when the
    caller has found them already.
    """
    if disputed:
        return Decision("disputes", "dispute-cue", POSITION_CONFIDENCE["dispute-cue"])
    if facts is None:
        facts = sentence_facts(sentence.lower())
    low = facts.low
    for rule, spans in facts.doubts:
        for m_start, m_end in spans:
            if _near(low, m_start, m_end, start, end, rule.reach):
                return Decision("disputes", rule.id, POSITION_CONFIDENCE["doubt"])
    if not facts.endorsed:
        if quoted:
            return Decision("reports", "quotation", POSITION_CONFIDENCE["quotation"])
        if attributed(low, start, end, attribution):
            return Decision("reports", "attribution", POSITION_CONFIDENCE["attribution"])
    if _negated(low, start, end, terms, negations):
        return Decision("disputes", "negation", POSITION_CONFIDENCE["negation"])
    return Decision("affirms", "default", POSITION_CONFIDENCE["default"])


def attribution_markers(low: str) -> list[tuple[int, int]]:
    """Spans of the reported-speech markers of a (lower-cased) sentence."""
    return [m.span() for m in ATTRIBUTION.finditer(low)]


def attributed(low: str, start: int, end: int, markers: list[tuple[int, int]] | None = None) -> bool:
    """True when a reported-speech marker in the sentence governs the words at ``[start, end)``.

    A marker inside those words counts too ("Putin said he was open to talks").
    ``markers`` are the sentence's markers when already known.
    """
    for m_start, m_end in attribution_markers(low) if markers is None else markers:
        if m_end <= start:
            if word_gap(low, m_end, start) <= ATTRIBUTION_BEFORE:
                return True
        elif m_start >= end:
            between = low[end:m_start]
            if word_gap(low, end, m_start) <= ATTRIBUTION_AFTER and not _CLAUSE_BREAK.search(between):
                return True
        else:
            return True
    return False


def endorsed(low: str) -> bool:
    """True when the (lower-cased) sentence marks the author taking reported words as true."""
    if any(t in low for t in _ENDORSEMENT_TRIGGERS) and ENDORSEMENT.search(low) is not None:
        return True
    return low.lstrip("\"'“‘( ").startswith("as ") and AS_SAID.match(low) is not None


def _near(low: str, m_start: int, m_end: int, start: int, end: int, reach: int) -> bool:
    """True when the marker at ``[m_start, m_end)`` is within ``reach`` words of ``[start, end)``."""
    if m_end <= start:
        return word_gap(low, m_end, start) <= reach
    if m_start >= end:
        return word_gap(low, end, m_start) <= reach
    return True


def _negated(
    low: str, start: int, end: int, terms: list[tuple[int, int, bool]], negations: list[tuple[int, int]] | None
) -> bool:
    """True when a negation stands just before the match or inside it, outside terms that spell one."""
    found = [m.span() for m in NEGATION.finditer(low, 0, end)] if negations is None else negations
    for n_start, n_end in found:
        if n_start >= end:
            break
        if low[max(0, n_start - 3):n_start] == "if " and low[n_start:n_end] == "not":
            continue  # "if not catastrophe": "perhaps even", not a denial
        if _NEVER_MORE.match(low, n_start):
            continue  # "never been closer to catastrophe": a comparison that affirms
        if n_end <= start:
            if word_gap(low, n_end, start) < NEGATION_BEFORE:
                return True
            continue
        inside_own = any(t_start <= n_start < t_end and spells for t_start, t_end, spells in terms)
        if not inside_own:
            return True
    return False
