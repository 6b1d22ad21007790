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
from dataclasses import dataclass, replace

from slugify import slugify

from ..model import Citation, Paragraph
from ..outlets import Mention, OutletBook, name_key
from .names import ORG_ENDINGS, OUTLET_WORDS

_ABBREVIATIONS = re.compile(r"\b(?:[A-Z]\.){1,3}$|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|St|Jr|Sr|No|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")

_BEFORE_ACCORDING = re.compile(r"\baccording to\s+(?:a\s+|an\s+|the\s+)?(?:new\s+|recent\s+|latest\s+)?$", re.IGNORECASE)
_BEFORE_TOLD = re.compile(
    r"\b(?:told|tells|telling|said to|in an interview with|interviewed by|speaking to|speaking with|"
    r"wrote in|writing in|in a column for|in an op-ed (?:for|in)|quoted by|cited by|reported by)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BEFORE_ARTICLE = re.compile(r"\b(?:a|an|in a|in an|the|in the|by the)\s+$", re.IGNORECASE)
_AFTER_REPORT_NOUN = re.compile(
    r"^\s*(?:exclusive|report|reporting|investigation|analysis|story|article|editorial|poll|survey|interview|piece|op-ed|"
    r"data|tally|count|assessment)\b", re.IGNORECASE,
)
_AFTER_VERB = re.compile(
    r"^(?:['’]s)?\s*(?:editorial board|editors|reporters?|journalists?|correspondents?|columnists?|analysis|investigation|"
    r"report|reporting|story|article|team)?\s*(?:,[^,]{0,60},\s*)?(?:has |had |have |also |first |previously |recently |"
    r"later |exclusively |separately |earlier )*(?:reported|reports|revealed|reveals|wrote|writes|published|penned|asked|"
    r"acknowledged|noted|found|obtained|quoted|cited|confirmed|said|says|disclosed|broke|learned|estimated|estimates|"
    r"stated|announced)\b",
)
_AFTER_AFFILIATION = re.compile(
    r"^\s*(?:host|anchor|correspondent|reporter|journalist|presenter|contributor|columnist|editor|commentator|"
    r"personality|interviewer|pundit|producer|star|veteran|alum)s?\b", re.IGNORECASE,
)
_UNKNOWN_NAME = r"(?P<name>[A-Z][\w.&'’-]*(?:\s+(?:of|for|on|and|&)?\s*[A-Z][\w.&'’-]*){0,6})"
_NAME_AFTER = re.compile(rf"\s+(?:(?i:a|an|the)\s+)?{_UNKNOWN_NAME}")
_NAME_BEFORE = re.compile(rf"(?:^|\b(?:the|The)\s+|[,;]\s+){_UNKNOWN_NAME}\s+(?:has\s+|had\s+|also\s+|first\s+)?$")
#: Frames for names the outlets file does not know: (rule id, trigger words, where the name stands, confidence).
_UNKNOWN_RULES: tuple[tuple[str, re.Pattern[str], str, float], ...] = (
    ("cite.according-to", re.compile(r"\b(?i:according to)\b"), "after", 0.6),
    ("cite.told", re.compile(r"\btold\b"), "after", 0.55),
    ("cite.reported", re.compile(r"\b(?:reported|revealed|published)\b"), "before", 0.55),
)
_ACRONYM = re.compile(r"[A-Z]{3,6}")
#: ", the state news agency": an appositive that says the name before it is a publication.
_APPOSITIVE = re.compile(
    r",\s+(?:the|a|an)\s+[\w ’'-]{0,40}?\b(?:news agency|newspaper|broadcaster|wire service|agency|daily|weekly|magazine|"
    r"news site|website|outlet|network|radio|television channel|tabloid)\b"
)
_CITING_WORDS = re.compile(r"(?i:according to)|\btold\b|\breported\b|\brevealed\b|\bpublished\b")
_INSTITUTION = re.compile(
    r"\b(?:Ministry|Department|Office|Agency|Institute|Institution|Commission|Council|Committee|Bureau|Service|"
    r"Center|Centre|University|Foundation|Organization|Organisation|Association|Bank|Fund|Parliament|Congress|Senate|"
    r"Court|Command|Forces|Survey|Statistics|Observatory|Watch)\b"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in a paragraph; abbreviations and initials do not end one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        if _ABBREVIATIONS.search(text[start : m.start()].rstrip("\"”’)")):
            continue
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@dataclass(frozen=True, slots=True)
class _Frame:
    rule: str
    test: Callable[[str, str], bool]
    confidence: float


#: Citing frames around a known name: (rule id, test on (text before, text after), confidence).
FRAMES: tuple[_Frame, ...] = (
    _Frame("cite.according-to", lambda before, after: bool(_BEFORE_ACCORDING.search(before)), 0.9),
    _Frame("cite.told", lambda before, after: bool(_BEFORE_TOLD.search(before)), 0.85),  # publications only, see _frame
    _Frame("cite.report-of", lambda before, after: bool(_BEFORE_ARTICLE.search(before) and _AFTER_REPORT_NOUN.match(after)), 0.85),
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
    for para in paragraphs:
        para_mentions = book.mentions(para.text, seen)
        if not para_mentions and not _CITING_WORDS.search(para.text):
            continue
        spans = sentences(para.text)
        by_sentence: dict[int, list[Mention]] = {}
        for mention in para_mentions:
            index = bisect.bisect_right([s for s, _ in spans], mention.start) - 1
            by_sentence.setdefault(max(index, 0), []).append(mention)
        for index, (start, end) in enumerate(spans):
            sentence = para.text[start:end]
            known_spans: list[tuple[int, int]] = []
            for mention in by_sentence.get(index, ()):
                local = replace(mention, start=mention.start - start, end=mention.end - start)
                known_spans.append((local.start, local.end))
                rule_conf = _frame(sentence, local)
                if rule_conf is None:
                    continue
                rule, confidence = rule_conf
                _add(found, done, mention.outlet.name, sentence, para, rule, confidence - (0.1 if mention.short else 0.0), own)
            if not _CITING_WORDS.search(sentence):
                continue
            for rule, trigger, side, confidence in _UNKNOWN_RULES:
                for t in trigger.finditer(sentence):
                    if side == "after":
                        m = _NAME_AFTER.match(sentence, t.end())
                    else:
                        window = max(0, t.start() - 100)
                        m = _NAME_BEFORE.search(sentence, window, t.start())
                    if m is None:
                        continue
                    name = _trim_name(m.group("name"))
                    if any(s < m.end("name") and m.start("name") < e for s, e in known_spans):
                        continue
                    if not (_reads_as_organisation(name, rule) or _APPOSITIVE.match(sentence, m.end("name"))):
                        continue
                    if _AFTER_AFFILIATION.match(sentence[m.end("name") :]):
                        continue
                    _add(found, done, name, sentence, para, rule, confidence, own)
    return found


def _frame(sentence: str, mention: Mention) -> tuple[str, float] | None:
    before, after = sentence[: mention.start], sentence[mention.end :]
    if _AFTER_AFFILIATION.match(after):
        return None
    for frame in FRAMES:
        if frame.rule == "cite.told" and mention.outlet.kind == "institution":
            continue
        if frame.test(before, after):
            return frame.rule, frame.confidence
    return None


def _add(found: list[Citation], done: set[tuple[str, str, int]], name: str, sentence: str, para: Paragraph,
         rule: str, confidence: float, own: str | None) -> None:
    key = (name_key(name), para.id, hash(sentence))
    if own is not None and (name_key(name) == own or name_key(name).startswith(own + " ") or own.startswith(name_key(name) + " ")):
        return
    if key in done:
        return
    done.add(key)
    found.append(Citation(name, slugify(name) or "source", sentence.strip(), para.id, rule, para.line, confidence))


def _trim_name(name: str) -> str:
    return re.sub(r"^The\s+", "", re.sub(r"(?:\s+(?:of|for|on|and|&))+$", "", name.strip(" .,;:’'")))


def _reads_as_organisation(name: str, rule: str) -> bool:
    """Publications for every frame; institutions and acronyms (``OECD``) only as the source of information."""
    if OUTLET_WORDS.search(name):
        return True
    if rule == "cite.told":  # being told something does not make an institution a source
        return False
    return bool(ORG_ENDINGS.search(name) or _INSTITUTION.search(name) or _ACRONYM.fullmatch(name))
