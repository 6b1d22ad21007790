"""Date estimates for undated articles, from what the text says about time.

An estimate needs at least one *relative phrase* counted from a start event of
the reference-events table (``Six months ago, Russia invaded Ukraine``, ``the
third year of the war``); each rule of :data:`RELATIVE_RULES` turns one such
phrase into a window, and a cue of the start event must stand in the same
sentence. Mentions of *point* events and explicit past dates (``in late 2023``)
only raise the window's lower end; those in future-tense sentences are skipped.
Windows are intersected; a lower bound that would empty the window is dropped,
and relative phrases that contradict each other give their combined span. The
events live in ``data/events.yaml``, never in code. An estimate never becomes
the article's date. A lower bound's evidence carries the window's upper end as
its ``latest``.

Speed: the rules run only in small windows around anchors found by plain string
search (unit words, years, a literal each cue requires), never over a whole article.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from archive_site.load.rules.dates import MONTH, MONTHS, dates_at, matches_at_year, word_starts, words_before, year_positions
from archive_site.load.rules.events import ReferenceEvent, required_word
from archive_site.load.sentences import sentence_at
from archive_site.model import DateEstimate, DateEvidence, Paragraph

log = logging.getLogger(__name__)

Window = tuple[dt.date, dt.date]


# ---------------------------------------------------------------- numbers, units and sentences

_NUMBERS = dict(a=1, an=1, one=1, two=2, three=3, four=4, five=5, six=6, seven=7, eight=8, nine=9, ten=10,
                eleven=11, twelve=12, thirteen=13, fourteen=14, fifteen=15, sixteen=16, seventeen=17,
                eighteen=18, nineteen=19, twenty=20)  # fmt: skip
_ORDINALS = dict(first=1, second=2, third=3, fourth=4, fifth=5, sixth=6, seventh=7, eighth=8, ninth=9, tenth=10,
                 eleventh=11, twelfth=12, thirteenth=13, fourteenth=14, fifteenth=15, sixteenth=16,
                 seventeenth=17, eighteenth=18, nineteenth=19, twentieth=20)  # fmt: skip
#: Half a unit, in days: the slack around "six months" or "two years".
_HALF_UNIT = {"day": 1, "week": 3, "month": 15, "year": 182}
_UNITS = tuple(_HALF_UNIT)

_NUM = r"(?P<num>\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_ORD = r"(?P<ord>\d{1,3}(?:st|nd|rd|th)|" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_QUAL = (r"(?:(?P<qual>nearly|almost|just\s+under|close\s+to|not\s+quite|about|around|roughly|approximately|some|"
         r"more\s+than|over|just\s+over|upwards\s+of|at\s+least)\s+)?")
_BELOW = ("nearly", "almost", "just under", "close to", "not quite")
_ABOVE = ("more than", "over", "just over", "upwards of", "at least")


def _number(token: str) -> int:
    return _NUMBERS.get(token.lower()) or int(token)


def _ordinal_number(token: str) -> int:
    return _ORDINALS.get(token.lower()) or int(token[:-2])


def shift(start: dt.date, count: int, unit: str) -> dt.date:
    """``start`` moved ``count`` calendar days, weeks, months or years later (day clamped to the month's end)."""
    if unit in ("day", "week"):
        return start + dt.timedelta(days=count * (7 if unit == "week" else 1))
    year, month = divmod(start.month - 1 + count * (12 if unit == "year" else 1), 12)
    year += start.year
    return dt.date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))


# ---------------------------------------------------------------- relative phrases


@dataclass(frozen=True, slots=True)
class _Found:
    """A relative phrase matched in a text, with the start event its sentence speaks of."""

    match: re.Match[str]
    """The phrase's match."""
    text: str
    """The paragraph (or header line) text."""
    event: ReferenceEvent
    """The start event the sentence names."""
    sentence: str
    """The sentence the phrase stands in."""


def _around(f: _Found) -> Window:
    """``six months``: a half unit either side; just below for "nearly", just above for "more than"."""
    m = f.match
    unit = m["unit"].lower()
    point, slack = shift(f.event.date, _number(m["num"]), unit), dt.timedelta(days=_HALF_UNIT[unit])
    qual = " ".join(m["qual"].lower().split()) if m["qual"] else ""
    if qual in _BELOW:
        return point - slack, point
    return (point, point + slack) if qual in _ABOVE else (point - slack, point + slack)


def _cue_follows(f: _Found, reach: int) -> bool:
    """True when a cue of the event starts within ``reach`` characters after the phrase, in the same clause."""
    end = f.match.end()
    for cue in f.event.cues:
        m = cue.search(f.text, end, end + reach + 40)
        if m and m.start() - end <= reach and not any(mark in f.text[end:m.start()] for mark in ",;:.—–()"):
            return True
    return False


def _old(f: _Found) -> Window | None:
    """``the two-year-old war``: only when a cue of the event follows at once."""
    return _around(f) if _cue_follows(f, 12) else None


_PRESENT = re.compile(r"\b(?:has|have|is|are|remains?|stands?|continues?|now|today|still)\b", re.I)


def _after(f: _Found) -> Window | None:
    """``one year after the invasion, Europe has ...``: the event must follow and the sentence speak of now.

    ``Two months after the invasion, Russia withdrew`` tells a past story and counts not at all.
    """
    return _around(f) if _cue_follows(f, 40) and _PRESENT.search(f.sentence) else None


_NARROW = re.compile(r"\b(?:starts?|starting|started|enters?|entering|entered|begins?|beginning|began|marks?|"
                     r"marking|marked|into|opens?|opening|kicks?\s+off)\s+(?:its\s+|the\s+|a\s+)?$", re.I)
_NOW_IN = re.compile(r"\bnow\s+in\s+(?:its\s+|the\s+|a\s+)?$", re.I)
_LOOKING_BACK = re.compile(r"\b(?:in|on|at|during|throughout|within|over|after|by|before|until|from|since|for|of)"
                           r"\s+(?:the\s+|its\s+)?$", re.I)
_OF = re.compile(r"\s+of\b", re.I)


def _ordinal(f: _Found) -> Window | None:
    """``the third year of the war``: that year; ``starts/enters/marking the third year``: its start.

    A war "enters its third year" in the weeks around the anniversary, so that
    window runs from a month before it to three months after (a quarter of the
    unit for months, weeks and days). Days and weeks count only with such a verb;
    "in the first year of the war" looks back and counts not at all.
    """
    m = f.match
    unit, n = m["unit"].lower(), _ordinal_number(m["ord"])
    before = f.text[max(0, m.start() - 40):m.start()]
    first, last = shift(f.event.date, n - 1, unit), shift(f.event.date, n, unit)
    if _NARROW.search(before):
        if unit == "year":
            return shift(first, -1, "month"), shift(first, 3, "month")
        return first, first + (last - first) // 4
    if unit in ("day", "week"):
        return None
    if _NOW_IN.search(before) or (_OF.match(f.text, m.end()) and not _LOOKING_BACK.search(before)):
        return first, last
    return None


def _anniversary(f: _Found) -> Window:
    """``the war's second anniversary``: a month either side of the day."""
    m = f.match
    day = shift(f.event.date, _ordinal_number(m["ord"]) if m["ord"] else _number(m["num"]), "year")
    return day - dt.timedelta(days=31), day + dt.timedelta(days=31)


@dataclass(frozen=True, slots=True)
class RelativeRule:
    """One shape of phrase that counts time from a start event."""

    id: str
    """Rule id (``estimate.ago``)."""
    anchor: str
    """``unit`` (the phrase holds day/week/month/year) or ``anniversar``; the pattern runs only around it."""
    near: tuple[str, ...]
    """Lowercase words one of which must follow the anchor closely, or (``ordinal``) endings the word
    before it must have; empty for no check."""
    pattern: re.Pattern[str]
    """The phrase."""
    window: Callable[[_Found], Window | None]
    """The window of writing dates the phrase allows, or None when its context rules it out."""


_ORDINAL_ENDINGS = ("st", "nd", "rd", "th", "year")


def _rule(rule_id: str, near: str, pattern: str, window: Callable[[_Found], Window | None]) -> RelativeRule:
    anchor = "anniversar" if "anniversary" in pattern else "unit"
    return RelativeRule(rule_id, anchor, tuple(near.split()), re.compile(pattern, re.I), window)


#: The relative-phrase rules, one shape each.
RELATIVE_RULES: tuple[RelativeRule, ...] = (
    _rule("estimate.ago", "ago", rf"\b{_QUAL}{_NUM}\s+{_UNIT}\s+ago\b", _around),
    _rule("estimate.into", "into", rf"\b{_QUAL}{_NUM}\s+{_UNIT}\s+into\b", _around),
    _rule("estimate.after-of", "of", rf"\b(?:after|following)\s+{_QUAL}{_NUM}\s+{_UNIT}\s+of\b", _around),
    _rule("estimate.after", "after", rf"\b{_QUAL}{_NUM}\s+{_UNIT}\s+after\b", _after),
    _rule("estimate.since", "since", rf"\b{_QUAL}{_NUM}\s+{_UNIT}\s+since\b(?!\s+\d)", _around),
    _rule("estimate.old", "old long", rf"\b{_QUAL}{_NUM}[- ]{_UNIT}[- ](?:old|long)\b", _old),
    _rule("estimate.ordinal", "ordinal", rf"\b(?:the\s+|its\s+)?{_ORD}\s+(?P<unit>day|week|month|year)\b(?!s)",
          _ordinal),
    _rule("estimate.anniversary", "ordinal", rf"\b(?:{_ORD}|{_NUM}[- ]year)\s+anniversary\b", _anniversary),
)


#: The rules by anchor kind, in table order.
_RULES_BY_ANCHOR = {kind: tuple(r for r in RELATIVE_RULES if r.anchor == kind) for kind in {r.anchor for r in RELATIVE_RULES}}


def _anchors(low: str) -> list[tuple[int, str]]:
    """(offset, anchor kind) of every unit word and "anniversar" in a lowercased text."""
    found = []
    for word in (*_UNITS, "anniversar"):
        at = low.find(word)
        while at != -1:
            found.append((at, "anniversar" if word == "anniversar" else "unit"))
            at = low.find(word, at + 1)
    return found


def _applies(rule: RelativeRule, low: str, at: int) -> bool:
    """The cheap test before a rule's pattern runs at an anchor."""
    if not rule.near:
        return True
    if rule.near == ("ordinal",):
        return low[max(0, at - 16):at].rstrip(" -").endswith(_ORDINAL_ENDINGS)
    near = low[at:at + 24]
    return any(word in near for word in rule.near)


# ---------------------------------------------------------------- lower bounds

#: Words that put a sentence in the future tense (lowercase; matched as whole words).
_FUTURE = ("will", "shall", "won't", "won’t", "'ll", "’ll", "would", "going to", "expected to", "scheduled",
           "planned for", "plans to", "plan to", "set to", "due to", "upcoming")


def _future(low: str, start: int, end: int) -> bool:
    """True when the lowercase text's span holds a future-tense word."""
    for word in _FUTURE:
        i = low.find(word, start, end)
        while i != -1:
            j = i + len(word)
            if (word[0] in "'’" or not low[i - 1:i].isalnum()) and not low[j:j + 1].isalnum():
                return True
            i = low.find(word, i + 1, end)
    return False


_NOT_SINCE = re.compile(r"\b(?:before|until|till|by|prior\s+to|ahead\s+of|through|to|next|than)\s+(?:the\s+)?$", re.I)
_PART_OF_YEAR = {"early": 1, "beginning": 1, "start": 1, "winter": 1, "spring": 3, "mid": 4, "middle": 4,
                 "summer": 6, "autumn": 9, "fall": 9, "late": 10, "end": 10}  # fmt: skip
_SEASON = re.compile(r"\b(?:the\s+)?(?P<part>early|mid|middle|late|beginning|start|end|spring|summer|autumn|fall|"
                     r"winter)(?:\s*-\s*|\s+(?:of\s+|in\s+)?)(?P<year>\d{4})\b(?![-/.]\d)", re.I)
_MONTH_YEAR = re.compile(rf"(?<![\w.]){MONTH},?\s+(?:of\s+)?(?P<year>\d{{4}})\b(?![-/.]\d)", re.I)
_YEAR_PREPOSITIONS = ("in", "since", "during", "throughout", "from")
_IN_YEAR = re.compile(rf"\b(?:{'|'.join(_YEAR_PREPOSITIONS)})\s+(?P<year>\d{{4}})\b(?![-/.]\d|s)", re.I)


#: Up to this many years, each year is looked for as plain text instead of every four-digit number.
_FEW_YEARS = 12


def _year_offsets(text: str, first: int, last: int) -> list[int]:
    """Offsets of the years ``first``..``last`` in ``text``, as :func:`year_positions` finds years, in order."""
    first, last = max(first, 1000), min(last, 2999)
    if last - first >= _FEW_YEARS:
        return [y for y in year_positions(text) if first <= int(text[y:y + 4]) <= last]
    found = []
    for year in range(first, last + 1):
        needle = str(year)
        at = text.find(needle)
        while at != -1:
            if not text[at - 1:at].isdigit() and not text[at + 4:at + 5].isdigit():
                found.append(at)
            at = text.find(needle, at + 1)
    return sorted(found)


def _explicit_dates(text: str, first: int = 1000, last: int = 2999) -> list[tuple[int, int, dt.date]]:
    """(start, end, earliest day) of the past dates a text names in years ``first``..``last``.

    Full dates, months (``Feb. 2022``), parts of years (``late 2023``) and years (``in 2014``).
    """
    years = _year_offsets(text, first, last)
    found = [(d.start, d.end, d.date) for d in dates_at(text, years)]
    for year in years:
        if any(s <= year < e for s, e, _ in found):
            continue
        words = words_before(text, year)
        key = words[-2 if words[-1:] in (["of"], ["in"]) else -1] if words else ""
        if key in MONTHS and (m := matches_at_year(_MONTH_YEAR, text, year)):
            day = dt.date(int(m["year"]), MONTHS[m["month"].lower()], 1)
        elif key in _PART_OF_YEAR and (m := matches_at_year(_SEASON, text, year)):
            day = dt.date(int(m["year"]), _PART_OF_YEAR[m["part"].lower()], 1)
        elif words[-1:] and words[-1] in _YEAR_PREPOSITIONS and (m := matches_at_year(_IN_YEAR, text, year)):
            day = dt.date(int(m["year"]), 1, 1)
        else:
            continue
        found.append((m.start(), m.end(), day))
    return [(s, e, d) for s, e, d in found if not _NOT_SINCE.search(text, max(0, s - 16), s)]


# ---------------------------------------------------------------- the estimate


@dataclass(frozen=True, slots=True)
class _Document:
    """An article's header lines and paragraphs joined into one text, so each search runs once."""

    text: str
    """The pieces joined by newlines."""
    low: str
    """``text`` in lowercase, offset for offset."""
    starts: tuple[int, ...]
    """Offset of each piece in ``text``."""
    ids: tuple[str | None, ...]
    """Paragraph id of each piece (None for header lines)."""

    @classmethod
    def of(cls, texts: Sequence[str], ids: Sequence[str | None]) -> _Document:
        text = "\n".join(texts)
        low = text.lower()
        if len(low) != len(text):  # a few characters lowercase to two; keep those as they are
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        starts = [0]
        for piece in texts[:-1]:
            starts.append(starts[-1] + len(piece) + 1)
        return cls(text, low, tuple(starts), tuple(ids))

    def piece(self, pos: int) -> tuple[int, int, str | None]:
        """(start, end, paragraph id) of the piece that holds offset ``pos``."""
        i = bisect.bisect_right(self.starts, pos) - 1
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
        return self.starts[i], end, self.ids[i]


@dataclass(frozen=True, slots=True)
class _Clue:
    """One piece of evidence before the window is settled."""

    at: int
    """Offset in the document: evidence is listed in reading order."""
    phrase: str
    """The sentence it stands in."""
    paragraph: str | None
    """Paragraph id, or None for header text."""
    event: str | None
    """Reference event id."""
    window: Window
    """Earliest and latest; a lower bound's latest is ``date.max``."""


#: Evidence phrases longer than this are cut around the matched words.
_PHRASE_MAX = 240
#: A lower bound this far below the window's start says nothing about it and is left out of the evidence.
_RELEVANT = dt.timedelta(days=366)
#: How far from a cue's required word its whole match may reach.
_CUE_REACH = 300


def _phrase(text: str, sentence: tuple[int, int], at: tuple[int, int]) -> str:
    start, end = sentence
    if end - start > _PHRASE_MAX:
        start, end = max(start, at[0] - 100), min(end, at[1] + 100)
    cut = text[start:end].strip()
    return ("…" if start > sentence[0] else "") + cut + ("…" if end < sentence[1] else "")


def _start_event(doc: _Document, sentence: tuple[int, int], starts: Sequence[ReferenceEvent]) -> ReferenceEvent | None:
    """The start event a sentence speaks of: the longest cue match wins, the first listed on a tie."""
    best: tuple[int, ReferenceEvent] | None = None
    low = doc.low[sentence[0]:sentence[1]]
    for event in starts:
        for cue in event.cues:
            needle = required_word(cue.pattern)
            m = cue.search(doc.text, *sentence) if needle is None or needle in low else None
            if m and (best is None or len(m.group(0)) > best[0]):
                best = (len(m.group(0)), event)
    return best[1] if best else None


def _relative(doc: _Document, starts: Sequence[ReferenceEvent]) -> list[_Clue]:
    """The relative phrases of the document."""
    clues: list[_Clue] = []
    seen: set[int] = set()
    for at, kind in _anchors(doc.low):
        rules = [rule for rule in _RULES_BY_ANCHOR.get(kind, ()) if _applies(rule, doc.low, at)]
        if not rules:
            continue
        lo, hi, paragraph = doc.piece(at)
        word_offsets = word_starts(doc.text, at, lo)
        for rule in rules:
            for start in word_offsets:
                m = rule.pattern.match(doc.text, start, hi)
                if m is None or m.end() <= at or m.start() in seen:
                    continue
                sentence = sentence_at(doc.text, m.start(), lo, hi)
                event = _start_event(doc, sentence, starts)
                window = rule.window(_Found(m, doc.text, event, doc.text[slice(*sentence)])) if event else None
                if event and window:
                    log.debug("%s matched %r", rule.id, m.group(0))
                    seen.add(m.start())
                    clues.append(_Clue(m.start(), _phrase(doc.text, sentence, m.span()), paragraph, event.id, window))
                break
    return clues


Cue = tuple[ReferenceEvent, re.Pattern[str], "str | None"]


def _cue_matches(doc: _Document, cue: re.Pattern[str], needle: str | None) -> Iterator[re.Match[str]]:
    """Matches of a cue inside single pieces, looking only around its required word when it has one."""
    if needle is None:
        spans = [doc.piece(start)[:2] for start in doc.starts]
    else:
        spans, at = [], doc.low.find(needle)
        while at != -1:
            lo, hi, _ = doc.piece(at)
            spans.append((max(lo, at - _CUE_REACH), min(hi, at + _CUE_REACH)))
            at = doc.low.find(needle, at + 1)
    for lo, hi in spans:
        if m := cue.search(doc.text, lo, hi):
            yield m


def _lower_bounds(doc: _Document, cues: Sequence[Cue], years: tuple[int, int]) -> list[_Clue]:
    """Point events mentioned and past dates named, one bound per sentence (its latest), none in the future tense."""
    best: dict[tuple[int, int], tuple[dt.date, str | None, int, int]] = {}

    def offer(day: dt.date, event: str | None, s: int, e: int) -> bool:
        lo, hi, _ = doc.piece(s)
        sentence = sentence_at(doc.text, s, lo, hi)
        if _future(doc.low, *sentence):
            return False
        if best.get(sentence, (dt.date.min,))[0] < day:
            best[sentence] = (day, event, s, e)
        return True

    done: set[str] = set()
    for event, cue, needle in cues:
        if event.id not in done and any(offer(event.date, event.id, *m.span()) for m in _cue_matches(doc, cue, needle)):
            done.add(event.id)
    for s, e, day in _explicit_dates(doc.text, *years):
        offer(day, None, s, e)
    return [_Clue(s, _phrase(doc.text, sentence, (s, e)), doc.piece(s)[2], event_id, (day, dt.date.max))
            for sentence, (day, event_id, s, e) in best.items()]


def estimate_date(
    paragraphs: Sequence[Paragraph],
    header: Sequence[str],
    events: Sequence[ReferenceEvent],
    *,
    latest: dt.date | None = None,
) -> DateEstimate | None:
    """A window of plausible writing dates, or None when no phrase counts time from a start event.

    ``latest`` is the newest plausible writing date (the loader's window); a
    relative phrase whose window starts after it misread its event and is ignored.
    """
    if not paragraphs and not header:
        return None
    doc = _Document.of([*header, *(p.text for p in paragraphs)], [*(None for _ in header), *(p.id for p in paragraphs)])
    relative = [c for c in _relative(doc, [e for e in events if e.kind == "start"])
                if latest is None or c.window[0] <= latest]
    if not relative:
        return None
    low, high = max(c.window[0] for c in relative), min(c.window[1] for c in relative)
    if low > high:
        log.debug("relative phrases disagree; the estimate spans all of them")
        low, high = min(c.window[0] for c in relative), max(c.window[1] for c in relative)
    # only events that could tighten the window or stand in its evidence are looked for
    cues = [(e, c, required_word(c.pattern)) for e in events
            if e.kind == "point" and low - _RELEVANT <= e.date <= high for c in e.cues]
    present = {needle for needle in {n for _, _, n in cues if n} if needle in doc.low}
    years = ((low - _RELEVANT).year, high.year)
    bounds = _lower_bounds(doc, [cue for cue in cues if cue[2] is None or cue[2] in present], years)
    fitting = [c for c in bounds if c.window[0] <= high]
    if len(fitting) < len(bounds):
        log.debug("dropped %s lower bound(s) later than the relative phrases allow", len(bounds) - len(fitting))
    low = max([low, *(c.window[0] for c in fitting)])
    used = relative + [c for c in fitting if c.window[0] >= low - _RELEVANT]
    evidence = [
        DateEvidence(c.phrase, c.paragraph, c.event, c.window[0], high if c.window[1] == dt.date.max else c.window[1])
        for c in sorted(used, key=lambda c: c.at)
    ]
    return DateEstimate(low, high, tuple(evidence))
