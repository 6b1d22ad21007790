"""Cited-source rules: which publications, agencies and institutions an article relies on.

A known name (from the outlets data) counts as cited when its sentence puts it
in a citing frame: ``according to X``, ``X reported``, ``told X``, ``a X
exclusive``. An unknown name counts only in the strongest frames and only when
it reads like an organisation. People, an outlet named as someone's
affiliation (``a Fox News host``) and the article's own outlet never count.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from archive_site.load.outlets import Mention, OutletBook, name_key, name_slug
from archive_site.load.rules.names import ORG_ENDINGS, OUTLET_WORDS
from archive_site.load.sentences import split_sentences
from archive_site.load.text import Hints, fold, holds_hints, lowercase_hints
from archive_site.model import Citation, Paragraph

_ACCORDING_HINTS = lowercase_hints(["according to", "per ", "citing"])
#: Words that say the name after them is a publication: "the Russian agency RIA Novosti", "Saudi broadcaster Al Arabiya".
_DESCRIPTOR = (r"(?:[A-Z][\w-]*\s+)?(?:state\s+|news\s+|wire\s+|public\s+|(?:online\s+)?(?:scientific\s+|medical\s+|academic\s+)?)?"
               r"(?:agency|news agency|broadcaster|newspaper|daily|weekly|magazine|journal|outlet|channel|radio|television|"
               r"TV channel|tabloid|website|news site|wire service|network)")
#: What may stand between a citing phrase and the name: "according to a new report by the", "as per".
_REPORT_BY = r"(?:(?:a|an|the)\s+)?(?:(?:new|recent|latest|separate|exclusive)\s+)?(?:(?:report|story|article|survey|poll|analysis|investigation)\s+(?:conducted\s+|carried out\s+)?(?:by|from|in)\s+)?(?:the\s+)?"
_BEFORE_ACCORDING = re.compile(rf"\b(?:according to|as per|per|citing)\s+{_REPORT_BY}(?:{_DESCRIPTOR}\s+)?$", re.IGNORECASE)
#: A second name joined to a cited one: "according to Axios and the Wall Street Journal".
_BEFORE_ALSO = re.compile(rf"\b(?i:according to|as per|citing)\s+{_REPORT_BY}[A-Z][\w.&'’ -]{{1,40}}?\s+(?:and|as well as)\s+(?:the\s+)?$")
#: A reporting verb before the name, set off by a comma: "…, reported Reuters."
_BEFORE_INVERTED = re.compile(r"(?:,|\bas)\s*(?:reported|reports|wrote|said|writes|noted|notes)\s+(?:the\s+)?$")
_TOLD_PHRASES = (
    "told", "tells", "telling", "said to", "in an interview with", "interviewed by", "speaking to", "speaking with",
    "wrote in", "writing in", "in a column for", "in an op-ed for", "in an op-ed in", "quoted by", "cited by", "reported by",
    "obtained by", "in remarks to", "in comments to", "remarks to", "went on", "appeared on", "speaking on", "in an interview on",
    "reported in", "writes in", "published in", "in an article in", "in an editorial in", "broken by", "published by",
    "leaked to", "vowed to", "pledged to", "promised to", "confirmed to", "admitted to", "explained to", "in a statement to",
    "in an interview to", "told media, including", "told reporters, including", "told journalists, including",
    "told media including", "told reporters including",
)
_TOLD_HINTS = lowercase_hints(_TOLD_PHRASES)
_BEFORE_TOLD = re.compile(rf"\b(?:{'|'.join(map(re.escape, _TOLD_PHRASES))})\s+(?:the\s+)?$", re.IGNORECASE)
#: An interview given to a publication, even when its host is named after it: "in an interview with Fox News host X".
_BEFORE_INTERVIEW = re.compile(r"\b(?:in an interview (?:with|on|to)|interviewed by)\s+(?:the\s+)?$", re.IGNORECASE)
#: A quoted item's credit at the head of a paragraph: "Via Politico:", "H/T the Harbour Times:".
_BEFORE_VIA = re.compile(r"^\s*(?:via|h/t|hat tip(?: to)?)\s*:?\s*(?:the\s+)?$", re.IGNORECASE)
_BEFORE_ARTICLE = re.compile(r"\b(?:a|an|in a|in an|the|in the|by the)\s+$", re.IGNORECASE)
_AFTER_REPORT_NOUN = re.compile(
    r"^\s*(?:exclusive|report|reporting|investigation|analysis|story|article|editorial|poll|survey|interview|piece|op-ed|"
    r"data|tally|count|assessment)\b", re.IGNORECASE,
)
_AFTER_VERB = re.compile(
    r"^(?:['’]s)?\s*(?:editorial board|editorial|editors|reporters?|journalists?|correspondents?|columnists?|analysis|investigation|website|"
    r"report|reporting|story|article|team)?\s*(?:,[^,]{0,60},\s*)?(?:has |had |have |also |first |previously |recently |"
    r"later |exclusively |separately |earlier )*(?:reported|reports|revealed|reveals|wrote|writes|published|penned|asked|"
    r"acknowledged|noted|found|obtained|quoted|cited|confirmed|said|says|disclosed|broke|learned|estimated|estimates|"
    r"stated|announced|called it|called in|described it|described the|dubbed it|denounced|warned|argued|concluded|claimed)\b",
)
_AFTER_AFFILIATION = re.compile(
    r"^\s*(?:host|anchor|correspondent|reporter|journalist|presenter|contributor|columnist|editor|commentator|"
    r"personality|interviewer|pundit|producer|star|veteran|alum)s?\b", re.IGNORECASE,
)
_UNKNOWN_NAME = r"(?P<name>[A-Z][\w.&'’-]*(?:\s+(?:of|for|on|and|&)?\s*[A-Z][\w.&'’-]*){0,6})"
_NAME_AFTER = re.compile(rf"\s+(?:(?i:a|an|the)\s+)?(?:{_DESCRIPTOR}\s+)?{_UNKNOWN_NAME}")
_NAME_BEFORE = re.compile(rf"(?:^|\b(?:the|The|[Aa]n?|[Nn]ew|[Rr]ecent|[Ll]atest)\s+|[,;]\s+|\b{_DESCRIPTOR}\s+){_UNKNOWN_NAME}\s+"
                          rf"(?:(?i:news agency|agency|newspaper|daily|broadcaster|news site|website)\s+)?(?:has\s+|had\s+|also\s+|first\s+)?$")
#: Before an unknown name: words saying it is a publication ("Saudi broadcaster Al Arabiya").
_DESCRIBED = re.compile(rf"\b{_DESCRIPTOR}\s+$")
#: After an unknown name: a word saying it is a publication ("told RTL radio").
_PUBLICATION_AFTER = re.compile(r"\s+(?:radio|television|TV|newspaper|daily|magazine|channel|broadcaster|news agency|agency)\b")
#: Frames for names the outlets file does not know: (rule id, trigger words, where the name stands, confidence).
_UNKNOWN_RULES: tuple[tuple[str, re.Pattern[str], str, float], ...] = (
    ("cite.according-to", re.compile(r"\b(?i:according to)\b"), "after", 0.6),
    ("cite.told", re.compile(r"\btold\b"), "after", 0.55),
    ("cite.citing", re.compile(r"\bciting\b"), "after", 0.6),
    ("cite.poll", re.compile(r"\b(?:[Pp]olling|[Pp]oll|[Ss]urvey)s? (?:by|from|of|conducted by)\b"), "after", 0.6),
    ("cite.reported", re.compile(r",\s*reported\b|\b(?:reported|published|revealed|first reported) by\b"), "after", 0.6),
    ("cite.report-of", re.compile(r"\b(?:survey|figures|data|statistics|poll|study|report|assessment)\b(?:\s+(?:show|shows|showed|found|"
                                  r"finds|suggests?|indicates?|published|released)\b|,)"), "before", 0.6),
    ("cite.reported", re.compile(r"\b(?:reported|reports|revealed|published)\b(?! by)"), "before", 0.55),
    # "figures from the Lib Dems found", "a report by the Royal College of Surgeons"
    ("cite.figures-from", re.compile(r"\b(?i:figures|data|statistics|study|research|analysis|report|assessment)\s+"
                                     r"(?:by|from|published by|released by|compiled by)\b"), "after", 0.55),
    # "British Intelligence concludes that": an institution's finding (only names that read as institutions)
    ("cite.assessed", re.compile(r"\b(?:concludes|concluded|assessed|assesses|estimates|estimated)\b"), "before", 0.55),
    # "in an article for the newspaper El País", "published in the online journal PLoS ONE" (with a citing word)
    ("cite.named-publication", re.compile(r"\b(?:newspaper|journal|magazine|tabloid|broadcaster|news agency|news site)\b"),
     "after", 0.6),
    # "in an interview with Die Zeit newspaper"
    ("cite.named-publication", re.compile(r"\b(?:newspaper|journal|magazine|tabloid|broadcaster)\b"), "before-publication", 0.6),
)
#: The name right before a publication word, after a preposition: "with Die Zeit newspaper".
_NAME_BEFORE_PUBLICATION = re.compile(rf"\b(?:with|to|in|for|by|from|told)\s+(?:the\s+)?{_UNKNOWN_NAME}\s+$")
#: A sentence that says something was reported, written or said: what a named publication must stand in to be a source.
_CITING_CUE = re.compile(r"\b(?:article|interview|op-ed|column|editorial|wrote|writes|written|said|says|told|reported|reports|"
                         r"published|quoted|according|revealed|cited)\b", re.IGNORECASE)
_ACRONYM = re.compile(r"[A-Z]{3,6}")
#: ", the state news agency": an appositive that says the name before it is a publication.
_APPOSITIVE = re.compile(
    r",\s+(?:the|a|an)\s+[\w ’'-]{0,40}?\b(?:news agency|newspaper|broadcaster|wire service|agency|daily|weekly|magazine|"
    r"news site|website|outlet|network|radio|television channel|tabloid)\b"
)
#: Citing words: "according to" in any case, or one of these verbs as a whole word (its pattern
#: checks the word boundary before the verb after it), each looked for as plain text first.
_CITING_VERBS = tuple((verb, re.compile(rf"{verb}\b(?<!\w{verb})")) for verb in ("told", "reported", "reports", "revealed", "published", "citing", "survey", "Survey", "figures", "poll", "Poll",
                                                                                   "polling", "Polling", "study", "data", "report", "research",
                                                                                   "concludes", "concluded", "assessed", "assesses", "estimates",
                                                                                   "estimated", "newspaper", "journal", "magazine", "tabloid",
                                                                                   "broadcaster", "Figures", "Data", "Report", "Research",
                                                                                   "Study"))
_ACCORDING_TO = re.compile(r"(?i:according to)")
_INSTITUTION = re.compile(
    r"\b(?:Ministry|Department|Office|Agency|Institute|Institution|Commission|Council|Committee|Bureau|Service|"
    r"Centers?|Centres?|University|Foundation|Federation|Organization|Organisation|Association|Bank|Fund|Parliament|Congress|Senate|"
    r"Court|Command|Forces|Survey|Statistics|Observatory|Watch|Intelligence)\b"
)
#: A government office speaking for itself is the news, not a source of it.
_GOVERNMENT = re.compile(r"\b(?:Ministry|Foreign Office|Presidential Office|President's Office|Cabinet|Government)\b")


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in a paragraph (the archive's one sentence splitter)."""
    return split_sentences(text)


@dataclass(frozen=True, slots=True)
class _Frame:
    rule: str
    test: Callable[[str, str], bool]
    confidence: float
    hints: Hints | None = None
    """Phrases one of which a paragraph must hold for the frame to apply there (a cheap test first), or None."""


#: Citing frames around a known name: (rule id, test on (text before, text after), confidence, hints).
FRAMES: tuple[_Frame, ...] = (
    _Frame("cite.according-to", lambda before, after: bool(_BEFORE_ACCORDING.search(before) or _BEFORE_ALSO.search(before)),
           0.9, _ACCORDING_HINTS),
    _Frame("cite.reported", lambda before, after: bool(_BEFORE_INVERTED.search(before)), 0.85),
    # publications only, see _frame
    _Frame("cite.told", lambda before, after: bool(_BEFORE_TOLD.search(before)), 0.85, _TOLD_HINTS),
    _Frame("cite.via", lambda before, after: bool(_BEFORE_VIA.search(before)), 0.8),
    _Frame("cite.report-of", lambda before, after: bool(_AFTER_REPORT_NOUN.match(after) and _BEFORE_ARTICLE.search(before)), 0.85),
    _Frame("cite.reported", lambda before, after: bool(_AFTER_VERB.match(after)), 0.85),
)


def find_citations(
    paragraphs: Sequence[Paragraph], book: OutletBook, own_outlet: str | None, seen: set[str] | None = None
) -> list[Citation]:
    """Every citation in the body, in reading order, one per source and sentence."""
    seen = set() if seen is None else seen
    own = name_key(own_outlet) if own_outlet else None
    found: list[Citation] = []
    done: set[tuple[str, str, int]] = set()
    for para, para_mentions in zip(paragraphs, book.mentions_each([p.text for p in paragraphs], seen), strict=True):
        folded = fold(para.text)
        citing = _citing_words(para.text, folded)
        frames = [f for f in FRAMES if f.hints is None or holds_hints(folded, f.hints)] if para_mentions else []
        # A frame that holds in a sentence holds in its whole paragraph: when none does there, and no
        # citing word stands in it, its sentences have nothing to give.
        if not citing and not any(_framing(para.text[: m.start], para.text[m.end :], m.outlet.kind, frames) for m in para_mentions):
            continue
        spans = sentences(para.text)
        starts = [s for s, _ in spans]
        by_sentence: dict[int, list[Mention]] = {}
        for mention in para_mentions:
            index = bisect.bisect_right(starts, mention.start) - 1
            by_sentence.setdefault(max(index, 0), []).append(mention)
        citing_sentences = {max(bisect.bisect_right(starts, at) - 1, 0) for at in citing}
        for index in sorted(by_sentence.keys() | citing_sentences):  # other sentences have nothing to read
            start, end = spans[index]
            sentence = para.text[start:end]
            known_spans: list[tuple[int, int]] = []
            for mention in by_sentence.get(index, ()):
                local = (mention.start - start, mention.end - start)
                known_spans.append(local)
                rule_conf = _frame(sentence, *local, mention.outlet.kind, frames)
                if rule_conf is None:
                    continue
                rule, confidence = rule_conf
                _add(found, done, mention.outlet.name, sentence, para, rule, confidence - (0.1 if mention.short else 0.0), own)
            if index not in citing_sentences:
                continue
            for rule, trigger, side, confidence in _UNKNOWN_RULES:
                if rule == "cite.named-publication" and not _CITING_CUE.search(sentence):
                    continue
                for t in trigger.finditer(sentence):
                    if side == "after":
                        m = _NAME_AFTER.match(sentence, t.end())
                    elif side == "before-publication":
                        m = _NAME_BEFORE_PUBLICATION.search(sentence, max(0, t.start() - 80), t.start())
                    else:
                        window = max(0, t.start() - 100)
                        m = _NAME_BEFORE.search(sentence, window, t.start())
                    if m is None:
                        continue
                    name = _trim_name(m.group("name"))
                    if any(s < m.end("name") and m.start("name") < e for s, e in known_spans) or _GOVERNMENT.search(name):
                        continue
                    # "The Valley Advocate reports": a capitalised "The" before a name marks a publication, not a person
                    if rule == "cite.assessed" and not _reads_as_organisation(name, rule):
                        continue
                    the_name = rule in ("cite.poll", "cite.named-publication") or (rule not in ("cite.told", "cite.assessed") and (sentence[max(0, m.start("name") - 4):m.start("name")] == "The "
                                                        or m.group("name").startswith("The ")))
                    if not (_reads_as_organisation(name, rule) or _APPOSITIVE.match(sentence, m.end("name")) or the_name
                            or _PUBLICATION_AFTER.match(sentence, m.end("name"))
                            or _DESCRIBED.search(sentence, 0, m.start("name"))):
                        continue
                    if _AFTER_AFFILIATION.match(sentence[m.end("name") :]):
                        continue
                    _add(found, done, name, sentence, para, rule, confidence, own)
    return found


def _citing_words(text: str, folded: str) -> list[int]:
    """Offsets of the citing words (``according to``, ``told``, ``reported``) in the text (and its :func:`fold`)."""
    found = [m.start() for verb, pattern in _CITING_VERBS if verb in text for m in pattern.finditer(text)]
    if holds_hints(folded, _ACCORDING_HINTS):
        found += [m.start() for m in _ACCORDING_TO.finditer(text)]
    return found


def _frame(sentence: str, start: int, end: int, kind: str, frames: Sequence[_Frame] = FRAMES) -> tuple[str, float] | None:
    """The citing frame (of ``frames``) around the known name at ``sentence[start:end]``, an outlet of ``kind``."""
    before, after = sentence[:start], sentence[end:]
    if _AFTER_AFFILIATION.match(after) and not (_BEFORE_INTERVIEW.search(before) or _BEFORE_ACCORDING.search(before)):
        return None  # "Fox News host X said": an affiliation; "in an interview with Fox News host X": a source
    frame = _framing(before, after, kind, frames)
    return (frame.rule, frame.confidence) if frame is not None else None


def _framing(before: str, after: str, kind: str, frames: Sequence[_Frame]) -> _Frame | None:
    """The first of ``frames`` that the text before and after a known name (an outlet of ``kind``) makes."""
    if kind == "government":
        return None  # a presidency or ministry speaking is the news, not a source of it
    for frame in frames:
        if frame.rule == "cite.told" and kind == "institution":
            continue
        if frame.test(before, after):
            return frame
    return None


def _add(found: list[Citation], done: set[tuple[str, str, int]], name: str, sentence: str, para: Paragraph,
         rule: str, confidence: float, own: str | None) -> None:
    key = (name_key(name), para.id, hash(sentence))
    if own is not None and (name_key(name) == own or name_key(name).startswith(own + " ") or own.startswith(name_key(name) + " ")):
        return
    if key in done:
        return
    done.add(key)
    found.append(Citation(name, name_slug(name) or "source", sentence.strip(), para.id, rule, para.line, confidence))


def _trim_name(name: str) -> str:
    name = re.sub(r"['’]s$", "", name.strip(" .,;:"))  # "the Ministry's": the name without the possessive
    return re.sub(r"^The\s+", "", re.sub(r"(?:\s+(?:of|for|on|and|&))+$", "", name.strip(" .,;:’'")))


def _reads_as_organisation(name: str, rule: str) -> bool:
    """Publications for every frame; institutions and acronyms (``OECD``) only as the source of information."""
    if OUTLET_WORDS.search(name):
        return True
    if rule == "cite.told":  # being told something does not make an institution a source
        return False
    return bool(ORG_ENDINGS.search(name) or _INSTITUTION.search(name) or _ACRONYM.fullmatch(name))
