"""Publication-date rules: every date shape sources print, and the rules that choose one.

:func:`find_dates` finds every full date (with a year) in a string. Dates
without a year and numeric dates whose day/month order cannot be told
(``03/04/2024``) are never returned: unknown beats wrong.

:func:`publication_date` looks at the lines the loader hands it and picks the
printed publication date, tried in the order of :data:`PLACES` (header lines,
then a labelled line after the body, then a dateline at the very start of the
first paragraph, then an "updated" date as the last resort). Each candidate's
:class:`Provenance` names the rule, the line and the raw text it came from.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from archive_site.model import Paragraph, Provenance

log = logging.getLogger(__name__)

#: Month names and abbreviations to month numbers.
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
#: A month name or its abbreviation, with an optional period ("Sept.").
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})(?!\d)"
_TIME = r"(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"

_ISO = re.compile(
    rf"(?<![\d./-])(?P<year>\d{{4}})(?P<sep>[-/.])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?!\d){_TIME}"
)
_MDY = re.compile(rf"(?<!\w){_WEEKDAY}{MONTH}\s*{_DAY}(?!\d)(?:\s*,\s*|\s+){_YEAR}", re.IGNORECASE)
_DMY = re.compile(rf"(?<![\w/.-]){_WEEKDAY}{_DAY}\s+(?:of\s+)?{MONTH},?\s+{_YEAR}", re.IGNORECASE)
_NUMERIC = re.compile(r"(?<![\d./-])(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[0-3]?\d)(?P=sep)(?P<year>\d{4})(?!\d|[./-]\d|[A-Za-z])")
_DAY_WORD = re.compile(r"[0-3]?\d(?:st|nd|rd|th)?")


def words_before(text: str, year: int) -> list[str]:
    """The last few words before offset ``year``, lowercase, without trailing ``,.-`` (``['on', 'may', '3']``)."""
    return [w.rstrip(",.-") for w in text[max(0, year - 30):year].lower().split()[-3:]]


#: The date shapes: (rule id, pattern, whether the year comes first, a cheap test on the text, the year's
#: offset and the words before it that must pass before the pattern runs). Numeric day/month order is
#: settled in :func:`_numeric`.
DATE_PATTERNS: tuple[tuple[str, re.Pattern[str], bool, Callable[[str, int, list[str]], bool]], ...] = (
    ("date.iso", _ISO, True, lambda text, year, words: text[year + 4:year + 5] in ("-", "/", ".")),
    ("date.month-day-year", _MDY, False, lambda text, year, words: bool(words and _DAY_WORD.fullmatch(words[-1]))),
    ("date.day-month-year", _DMY, False, lambda text, year, words: bool(words) and words[-1] in MONTHS),
    ("date.numeric", _NUMERIC, False, lambda text, year, words: text[year - 1:year] in ("-", "/", ".")),
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One full date found in a string."""

    start: int
    """Offset of the first character of the match."""
    end: int
    """Offset after the last character of the match."""
    date: dt.date
    """The calendar date the text names."""
    rule: str
    """Id of the shape that matched (``date.month-day-year``)."""
    text: str
    """The matched text."""


def _numeric(m: re.Match[str]) -> tuple[int, int] | None:
    """(month, day) of ``25/11/2022`` or ``11/25/2022``; None when the order is ambiguous.

    Dots settle it: ``11.01.2024`` is written day first, as everywhere dots separate a date.
    """
    a, b = int(m["a"]), int(m["b"])
    if m["sep"] == ".":
        return (b, a) if b <= 12 else None
    if a == b or (a > 12 >= b):
        return b, a
    if b > 12 >= a:
        return a, b
    return None


def _parts(rule: str, m: re.Match[str]) -> tuple[int, int] | None:
    """(month, day) of a match, or None when the text does not settle them."""
    if rule == "date.numeric":
        return _numeric(m)
    if rule == "date.iso":
        return int(m["month"]), int(m["day"])
    return MONTHS[m["month"].lower()], int(m["day"])


def year_positions(text: str, leads: str = "12") -> list[int]:
    """Offsets of the four-digit numbers starting with one of ``leads`` (years 1000-2999 by default), in order.

    Found with plain string search, which is far cheaper than a regular
    expression over a whole article; date patterns then run only around them.
    """
    found = []
    for lead in leads:
        i = text.find(lead)
        while i != -1:
            digits = text[i:i + 4]
            if (len(digits) == 4 and digits.isascii() and digits.isdigit()
                    and not text[i - 1:i].isdigit() and not text[i + 4:i + 5].isdigit()):
                found.append(i)
            i = text.find(lead, i + 1)
    return sorted(found)


def word_starts(text: str, at: int, lo: int = 0, count: int = 5) -> list[int]:
    """Offsets where the ``count`` words before offset ``at`` (and the word holding it) start, farthest first.

    A word starts after a space, past any opening bracket or quote, and also
    right after a colon or bar glued to it (``Posted:May 3, 2024``).
    """
    starts, i = [], at
    glued = at  # a numeric date glued to a word: "CNN14-03-2025"
    while glued > lo and at - glued < 7 and (text[glued - 1].isdigit() or text[glued - 1] in "./-"):
        glued -= 1
    if glued < at and glued > lo + 2 and text[glued - 3:glued].isalpha():
        starts.append(glued)
    for _ in range(count):
        j = max(text.rfind(" ", lo, i), lo - 1) + 1
        glued = max(text.rfind(":", j, i), text.rfind("|", j, i))
        if glued != -1:
            starts.append(glued + 1)
        k = j
        while k < at and text[k] in "(\"“‘'[":
            k += 1
        starts.append(k)
        if j <= lo:
            break
        i = j - 1
    return starts[::-1]


def matches_at_year(pattern: re.Pattern[str], text: str, year: int, year_first: bool = False,
                    starts: Sequence[int] | None = None) -> re.Match[str] | None:
    """The longest match of ``pattern`` whose ``year`` group starts at offset ``year``.

    The pattern is only tried at the starts of the few words before the year
    (``starts``, from :func:`word_starts` when not given), never scanned along the text.
    """
    if year_first:
        return pattern.match(text, year)
    for start in word_starts(text, year) if starts is None else starts:
        m = pattern.match(text, start, year + 6)
        if m is not None and m.start("year") == year:
            return m
    return None


def find_dates(text: str) -> list[DateMatch]:
    """Every full date (with a year from 1000 to 2999) in ``text``, in order, without overlaps.

    Dates without a year, and numeric dates whose day/month order is ambiguous
    (both parts <= 12 and different, e.g. 03/04/2024), are not returned.
    """
    return list(_dates_in(text))


@functools.lru_cache(maxsize=256)  # header and trailing lines are read by several rules
def _dates_in(text: str) -> tuple[DateMatch, ...]:
    return tuple(dates_at(text, year_positions(text)))


def dates_at(text: str, years: Sequence[int]) -> list[DateMatch]:
    """The full dates whose year stands at one of the offsets ``years`` (see :func:`year_positions`)."""
    found: list[DateMatch] = []
    for year in years:
        words = words_before(text, year)
        for rule, pattern, year_first, plausible in DATE_PATTERNS:
            m = matches_at_year(pattern, text, year, year_first) if plausible(text, year, words) else None
            if m is None:
                continue
            parts = _parts(rule, m)
            if parts is None:
                continue
            try:
                day = dt.date(int(m["year"]), parts[0], parts[1])
            except ValueError:
                continue
            found.append(DateMatch(m.start(), m.end(), day, rule, m.group(0)))
    found.sort(key=lambda d: (d.start, -d.end))
    kept: list[DateMatch] = []
    for match in found:
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


# ---------------------------------------------------------------- date shapes in a line

#: Numeric dates with a two-digit year ("3/4/24"): a date shape, never a date.
_SHORT_NUMERIC = re.compile(r"(?<![\d./-])[0-3]?\d([/.])[0-3]?\d\1\d{2}(?![\d./-])")
#: A month and a year without a day ("February 2022"): a date shape, never a publication date.
_MONTH_YEAR = re.compile(rf"(?<!\w){MONTH}\s+(?:of\s+)?{_YEAR}", re.IGNORECASE)
#: A time of day after a date ("at 10:30 am", "10:30 p.m.").
_AT_TIME = re.compile(r"\s*(?:,|\bat\b)?\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?(?:\s*[A-Z]{2,4}\b)?", re.IGNORECASE)


def date_shapes(text: str, *, month_year: bool = False) -> list[tuple[int, int]]:
    """Spans of everything in ``text`` printed as a date (see :func:`_date_shapes`)."""
    return list(_date_shapes(text, month_year))


@functools.lru_cache(maxsize=512)  # bylines, captions and stamps ask about the same header lines
def _date_shapes(text: str, month_year: bool) -> tuple[tuple[int, int], ...]:
    """Spans of everything in ``text`` printed as a date, in order, without overlaps.

    Wider than :func:`find_dates`: numeric dates whose day/month order is
    ambiguous and two-digit years count too (they are dates to skip or strip,
    just not dates to record), and with ``month_year`` so do "February 2022".
    """
    years = year_positions(text)
    spans = [(m.start, m.end) for m in dates_at(text, years)]
    spans += [(m.start(), m.end()) for year in years if text[year - 1:year] in "/.-" and text[year - 1:year]
              and (m := matches_at_year(_NUMERIC, text, year))]
    if "/" in text or "." in text:
        spans += [m.span() for m in _SHORT_NUMERIC.finditer(text)]
    if month_year:
        spans += [m.span() for year in years if (m := matches_at_year(_MONTH_YEAR, text, year))]
    spans.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return tuple(kept)


def leading_date(text: str, *, with_time: bool = False) -> int | None:
    """Where the date that opens ``text`` ends (after a time of day, with ``with_time``), or None."""
    shapes = date_shapes(text[:60])
    if not shapes or shapes[0][0] != len(text) - len(text.lstrip()):
        return None
    end = shapes[0][1]
    if with_time and (m := _AT_TIME.match(text, end)):
        end = m.end()
    return end


def is_date_only(text: str, *, with_time: bool = False) -> bool:
    """True when ``text`` is nothing but a date (perhaps with a time of day and a final stop)."""
    end = leading_date(text, with_time=with_time)
    return end is not None and not text[end:].strip(" .,")


# ---------------------------------------------------------------- line context

#: Words that label a date as the publication date, searched in the text just before it.
_PUBLISHED = re.compile(
    r"\b(?:(?:first|originally)\s+)?(?:published|posted|appeared|dated?|issued|released|written|release (?:time|date))\b", re.IGNORECASE
)
#: Words that label a date as a later revision.
_UPDATED = re.compile(r"\b(?:last\s+)?(?:updated|modified|revised|edited|amended|update)\b", re.IGNORECASE)
#: At most this many words may stand between a label and its date ("Posted by Jane Doe on").
_LABEL_REACH = 6
_CLOCK = re.compile(
    r"\b(?:at\s+)?\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[ap]\.?m\.?)?(?:\s*\(?(?:[A-Z]{2,5}|UTC|GMT)(?:[+-]\d{1,2})?\)?)?"
    r"|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)|\b\d+\s*min(?:ute)?s?\s+read\b",
    re.IGNORECASE,
)
_FILLER = re.compile(r"\b(?:on|at|am|pm|and)\b|[|•·,;:()\[\]/—–-]", re.IGNORECASE)
_BY = re.compile(r"^(?:(?:written|words|posted|reported|story|text|photos?)\s+)?by\s+\S|^(?:authors?|writer|reporter)\b", re.I)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w.'’-]*|&|and|of|the|for|de|van|von|der|den|da|di|du|le|la|al|bin|el)$")
#: A header line whose other words are more than this reads as a sentence, and its date as an event's.
_MAX_LINE_WORDS = 12

_DATELINE_BEFORE = re.compile(
    r"^\s*(?:[(\[]\s*|(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},\s*){1,2}(?:\([^()]{1,40}\)\s*)?)?$"
)
_DATELINE_AFTER = re.compile(r"^\s*[)\]]?\s*(?:\([^()]{1,40}\)\s*)?(?:[—–:]|--?)")
#: A dateline must start within this many characters of the paragraph's start.
_DATELINE_REACH = 80


#: Words that label a date as something else than the publication: a visit, an event, a deadline.
_EVENT = re.compile(
    r"\b(?:visited|event|deadline|expires?|valid|until|starts?|ends?|opens?|closes?|held|scheduled|prepared for|due|"
    r"taken|recorded|filmed|specials?|tickets?|doors)\b[^.]{0,20}$",
    re.IGNORECASE,
)
#: A time range after a date: "April 4, 2023 12:00 pm – 06:00 pm" is an event's date.
_TIME_RANGE = re.compile(r"^\s*,?\s*(?:from\s+)?\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[–—-]|to)\s*\d{1,2}", re.IGNORECASE)


def _label(before: str) -> str | None:
    """``published``, ``updated`` or ``event`` when a label stands close before a date, else None."""
    if _EVENT.search(before):
        return "event"
    best: tuple[int, str] | None = None
    for kind, pattern in (("published", _PUBLISHED), ("updated", _UPDATED)):
        for m in pattern.finditer(before):
            if best is None or m.end() > best[0]:
                best = (m.end(), kind)
    if best is None or len(before[best[0]:].split()) > _LABEL_REACH:
        return None
    return best[1]


def _residue(line: str, dates: Sequence[DateMatch]) -> list[str]:
    """The words of a line once its dates, times, labels and separators are taken out."""
    pieces, last = [], 0
    for d in dates:
        pieces.append(line[last:d.start])
        last = d.end
    pieces.append(line[last:])
    rest = _FILLER.sub(" ", _CLOCK.sub(" ", " ".join(pieces)))
    return rest.split()


def _header_kind(words: list[str]) -> str | None:
    """How an unlabelled header date sits in its line: ``alone``, ``byline``, ``inline`` or None (a sentence)."""
    if not words:
        return "alone"
    if len(words) <= _MAX_LINE_WORDS and _BY.match(" ".join(words)):
        return "byline"
    if len(words) <= 6 and all(_NAME_TOKEN.match(w) for w in words) and words[0][:1].isupper():
        return "byline"
    if len(words) <= _MAX_LINE_WORDS:
        return "inline"
    return None


# ---------------------------------------------------------------- places a date can come from


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A date one rule offers, with how it ranks against the others."""

    rank: int
    """Place in :data:`PLACES`; lower wins."""
    order: tuple[int, int]
    """(line, offset), so the earliest wins within a place."""
    date: dt.date
    """The date offered."""
    provenance: Provenance
    """Where it came from."""


#: Where a publication date may stand: rule id -> (rank, lower wins; confidence; note for the editor).
PLACES: dict[str, tuple[int, float, str]] = {
    "date.header-published": (0, 0.9, "labelled as the publication date in the header"),
    "date.header-alone": (0, 0.9, "a date alone on a header line"),
    "date.header-byline": (0, 0.9, "a date beside the byline"),
    "date.header-inline": (1, 0.75, "a date among other words of a header line"),
    "date.tail-published": (2, 0.8, "labelled as the publication date after the body"),
    "date.dateline": (3, 0.65, "a dateline at the start of the first paragraph"),
    "date.updated": (4, 0.5, "only an updated/modified date is printed; the first publication may be earlier"),
}


def _candidate(rule: str, line: int, text: str, match: DateMatch) -> _Candidate:
    rank, confidence, note = PLACES[rule]
    note = f"{note} ({match.rule})"
    return _Candidate(rank, (line, match.start), match.date, Provenance("extracted", rule, line, text, confidence, note))


def _header_candidates(number: int, line: str) -> list[_Candidate]:
    """Dates of one header line: labelled, alone, beside a byline, or among a few other words."""
    dates = find_dates(line)
    out: list[_Candidate] = []
    words: list[str] | None = None
    for i, match in enumerate(dates):
        label = _label(line[dates[i - 1].end if i else 0:match.start])
        if label == "event" or _TIME_RANGE.match(line, match.end):
            log.debug("line %s: %s is labelled as an event's date, not the publication's", number, match.text)
        elif label == "published":
            out.append(_candidate("date.header-published", number, line, match))
        elif label == "updated":
            out.append(_candidate("date.updated", number, line, match))
        else:
            words = _residue(line, dates) if words is None else words
            kind = _header_kind([w for w in words if not (_PUBLISHED.fullmatch(w) or _UPDATED.fullmatch(w))])
            if kind is None:
                log.debug("line %s: %s stands in a sentence, not a date line; not a publication date", number, match.text)
            else:
                out.append(_candidate(f"date.header-{kind}", number, line, match))
    return out


def _tail_candidates(number: int, line: str) -> list[_Candidate]:
    """Labelled dates after the body ("Posted on ...", "First published ..."); unlabelled ones are never used."""
    dates = find_dates(line)
    out = []
    for i, match in enumerate(dates):
        label = _label(line[dates[i - 1].end if i else 0:match.start])
        if label == "published":
            out.append(_candidate("date.tail-published", number, line, match))
        elif label == "updated":
            out.append(_candidate("date.updated", number, line, match))
    return out


def _dateline_candidate(paragraph: Paragraph) -> _Candidate | None:
    """A date at the very start of the first paragraph: ``(May 28, 2024) —``, ``KYIV, May 28, 2024 (Reuters) -``."""
    head = paragraph.text[: _DATELINE_REACH + 60]
    dates = find_dates(head)
    if not dates or dates[0].start > _DATELINE_REACH:
        return None
    first = dates[0]
    if _DATELINE_BEFORE.match(head[: first.start]) and _DATELINE_AFTER.match(head[first.end:]):
        return _candidate("date.dateline", paragraph.line, paragraph.text, first)
    if first.start <= 30 and _label(head[: first.start]) == "published":  # "Posted: April 25, 2025 Filed under: …"
        return _candidate("date.header-published", paragraph.line, paragraph.text[:200], first)
    return None


def publication_date(
    header: Sequence[tuple[int, str]],
    lead: Sequence[Paragraph],
    tail: Sequence[tuple[int, str]],
    *,
    earliest: dt.date,
    latest: dt.date,
) -> tuple[dt.date, Provenance] | None:
    """The printed publication date and where it was read, or None when the text prints none.

    ``header`` and ``tail`` are ``(line number, text)`` pairs; ``lead`` holds the
    first body paragraph(s), of which only the start of the first is read.
    Dates outside ``earliest``..``latest`` are ignored.
    """
    candidates: list[_Candidate] = []
    for number, line in header:
        candidates.extend(_header_candidates(number, line))
    for number, line in tail:
        candidates.extend(_tail_candidates(number, line))
    if lead:
        dateline = _dateline_candidate(lead[0])
        if dateline is not None:
            candidates.append(dateline)
    candidates.sort(key=lambda c: (c.rank, c.order))
    ignored: list[str] = []
    for cand in candidates:
        if earliest <= cand.date <= latest:
            prov = cand.provenance
            if ignored:
                prov = Provenance(prov.origin, prov.rule, prov.line, prov.text, prov.confidence,
                                  f"{prov.note}; ignored {', '.join(ignored)}")
            return cand.date, prov
        reason = f"{cand.date.isoformat()} on line {cand.order[0]} (outside {earliest.isoformat()}..{latest.isoformat()})"
        log.debug("ignored publication date %s", reason)
        ignored.append(reason)
    return None
