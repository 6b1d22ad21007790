"""Outlet lines: where a page names its own publisher outside a byline, a bio or a copyright line.

One table, :data:`OUTLET_LINE_RULES`, of (rule id, where the line may stand, pattern,
confidence); each pattern's ``org`` group is the outlet's name as printed. ``header``
rules look at the lines above the text, ``short`` rules at any short line (sign-off
prompts and source lines stand at the end), ``lead`` rules at the start of the first
paragraph. Nothing here names an outlet: the names come from the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from archive_site.load.rules.dates import date_shapes
from archive_site.load.rules.names import is_person_name

#: An outlet's name as a page prints it: capitalised words, a domain, an ampersand or a plus.
_ORG = r"(?P<org>(?:The\s+)?[A-Z][\w.&'’+-]*(?:\s+(?:of\s+|for\s+|and\s+|&\s+|the\s+)?[A-Z0-9][\w.&'’+-]*){0,5})"


@dataclass(frozen=True, slots=True)
class OutletLine:
    """An outlet a line names, and the rule that read it."""

    name: str
    """The outlet's name as printed."""
    rule: str
    """Id of the rule (``outlet.logo``)."""
    confidence: float
    """How sure the rule is."""


OUTLET_LINE_RULES: tuple[tuple[str, str, re.Pattern[str], float], ...] = (
    # "The Chronicle Logo": the site's logo, left as its alt text
    ("outlet.logo", "header", re.compile(rf"^{_ORG}\s+logo$", re.IGNORECASE), 0.75),
    # "Stay up to date with notifications from The Independent": the site's own prompt
    ("outlet.sign-off", "header", re.compile(rf"^(?:stay up to date|keep up to date|get (?:the )?(?:latest|breaking) news) with "
                                             rf"(?:notifications|alerts|updates|news) from {_ORG}$", re.IGNORECASE), 0.75),
    # "Caliber.az © 2025.": the site's name before its copyright sign
    ("outlet.copyright", "header", re.compile(rf"^{_ORG}\s*©\s*(?:\d{{4}}|copyright)"), 0.8),
    ("outlet.copyright", "short", re.compile(rf"^{_ORG}\s*©\s*\d{{4}}\W*$"), 0.8),
    # "A Message from The Moscow Times:", "Follow ERR News on Facebook", "Contact Newshub with your story tips"
    ("outlet.sign-off", "short", re.compile(rf"^(?:a\s+)?message\s+from\s+{_ORG}\s*:?$", re.IGNORECASE), 0.8),
    ("outlet.sign-off", "short", re.compile(rf"^(?:[Ff]ollow|[Ll]ike)\s+{_ORG}\s+on\s+(?:[Ff]acebook|[Tt]witter|X|[Ii]nstagram|[Tt]elegram|[Ll]inkedIn|[Yy]ou[Tt]ube)\b"), 0.75),
    ("outlet.sign-off", "short", re.compile(rf"^contact\s+{_ORG}\s+with\s+your\b", re.IGNORECASE), 0.75),
    # "(source: Reuters)", "Source Cryptopolitan" standing alone
    ("outlet.source", "short", re.compile(rf"^\(\s*source\s*:\s*{_ORG}\s*\)\.?$", re.IGNORECASE), 0.7),
    ("outlet.source", "header", re.compile(rf"^[Ss]ource\s+{_ORG}$"), 0.7),
    # "The article … originally appeared on Fool.com."
    ("outlet.appeared", "short", re.compile(rf"^(?:This|The) (?:article|story|post|piece)\b[^.]{{0,120}}?\b(?:originally|first) (?:appeared|published|ran) (?:on|in|at) {_ORG}"), 0.85),
    # "(Harbor Desk – Jerusalem)": a desk credit at the end of a story
    ("outlet.desk", "short", re.compile(r"^\(\s*(?P<org>[A-Z][\w.&'’-]*)\s+(?:[A-Z]\w+\s+)?Desk\b[^()]{0,40}\)$"), 0.75),
    # "ISTANBUL, May 15. /TASS/." and "KYIV, Jan 3 (Reuters) -" after an "(Adds details)" note
    ("outlet.slash-dateline", "lead", re.compile(r"^[A-Z][\w .,'’-]{1,60}?\s/(?P<org>[A-Z][\w.&-]{1,24})/"), 0.85),
    ("outlet.wire-dateline", "lead", re.compile(r"^\([^()]{1,60}\)\s*[A-Z][\w .,'’/-]{1,60}?\s*\((?P<org>[A-Za-z][\w .&/-]{0,30})\)\s*[-–—]"), 0.85),
    # "YEREVAN, MARCH 28, ARMENPRESS." and a press release's "December 14, 2022 /EINPresswire.com/ --"
    ("outlet.agency-dateline", "lead", re.compile(r"^[A-Z][A-Z .'’-]{1,30},\s+[A-Za-z]+\.?\s+\d{1,2}(?:,\s+\d{4})?,\s+(?P<org>[A-Z][A-Z0-9&-]{2,24})\."), 0.85),
    # "(MENAFN) The ongoing conflict …": the agency's acronym in brackets opening the story
    ("outlet.agency-dateline", "lead", re.compile(r"^\((?P<org>[A-Z][A-Z0-9&.]{1,11})\)\s*[-–—:]?\s*[A-Z“\"]"), 0.8),
        # "Doha (AFP): …", "KYIV (Ukrinform) – …": a place, the agency in brackets, then the story
    ("outlet.agency-dateline", "lead", re.compile(r"^[A-Z][A-Za-z .'’-]{1,30}?,?\s*\((?P<org>[A-Z][A-Za-z.&]{1,15})\)\s*[:–—-]\s"), 0.85),
    # "ISTANBUL, Feb 24 - RIA Novosti. …": a place and a day, then the agency's name and a full stop
    ("outlet.agency-dateline", "lead", re.compile(r"^[A-Z][A-Z .'’-]{1,30},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*[-–—]\s*(?P<org>[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,3})\.\s"), 0.8),
    # "Xinhua News Agency, Beijing, May 12 (Reporter …)": the agency's full name, then the place and the day
    ("outlet.agency-dateline", "lead", re.compile(r"^(?P<org>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}\s+(?:News Agency|Agency|News Service|Press Service))"
                                                 r",\s+[A-Z][\w .'’-]{1,30},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b"), 0.85),
    # "[BBC] – UK Prime Minister …": the agency in square brackets before the story
    ("outlet.agency-dateline", "lead", re.compile(r"^(?:date\s+\d{4}-\d{2}-\d{2}\s+)?\[(?P<org>[A-Z][\w .&-]{1,30})\]\s*[:–—-]\s"), 0.8),
    # "…, Censor.NET reports citing Ukrinform." and "ARMENPRESS reports TASS agency informed": an agency's own credit
    ("outlet.self-credit", "lead-anywhere", re.compile(r"[,.]\s+(?P<org>[A-Z][\w.&-]{2,24}(?:\s+[A-Z][\w.&-]+)?)\s+reports,?\s+(?:citing|that\s+[A-Z][\w.&-]+\s+agency)\b"), 0.75),
    ("outlet.slash-dateline", "lead-anywhere", re.compile(r"\d{1,4}\.?\s+/(?P<org>[A-Za-z][\w.&-]{1,30})/\s*(?:--|[-–—.])"), 0.8),
    # "By , the World Brief writer at Foreign Policy.": a byline widget whose name stands on the line above
    ("outlet.byline-affiliation", "short", re.compile(rf"^[Bb]y\s*,\s*(?:the\s+)?[\w ’'-]{{0,40}}?\b(?:writer|reporter|correspondent|editor|columnist)\s+(?:at|for)\s+{_ORG}"), 0.85),
)

#: Header lines that name the site before a date or a path: "UConn Today, November 2, 2009",
#: "Harbor Online > News > August 2009 > …", "Washington Post ^ | 11/16/2024 | names".
_NAME_THEN_DATE = re.compile(rf"^{_ORG}\s*(?:,|\^?\s*\|)\s*")
_BYLINE = re.compile(r"^(?:by|posted|published|updated)\b", re.IGNORECASE)
_BREADCRUMB_HEAD = re.compile(rf"^{_ORG}\s*>\s*\S")
#: First words of a breadcrumb that are sections, not a site's name.
_SECTIONS = frozenset(["home", "news", "world", "opinion", "sport", "sports", "business", "politics", "culture", "local", "national", "region", "features"])


def header_outlets(text: str) -> Iterator[OutletLine]:
    """Outlets a header line names: a logo, the site's name before a date or at the head of a breadcrumb."""
    yield from _table(text, "header")
    if (m := _BREADCRUMB_HEAD.match(text)) and m.group("org").casefold() not in _SECTIONS:
        yield OutletLine(m.group("org"), "outlet.breadcrumb", 0.6)
    if (m := _NAME_THEN_DATE.match(text)) and not is_person_name(m.group("org")) and not _BYLINE.match(text):
        shapes = date_shapes(text)
        if shapes and shapes[0][0] == m.end():
            yield OutletLine(m.group("org"), "outlet.name-and-date", 0.6)


def short_line_outlets(text: str) -> Iterator[OutletLine]:
    """Outlets a short line anywhere names as the page's own: sign-offs, source lines, desk credits."""
    if len(text) <= 240:
        yield from _table(text, "short")


#: A page speaking of itself in the third person: "contacted by the News Leader", "the Kyiv Independent
#: spoke with". "told the X" alone reads the same as a cited source, so it only adds to a stronger form.
_NAME = r"[Tt]he\s+[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,2}"
_SELF_REFERENCE = re.compile(
    rf"\b(?:contacted by|speaking to|in an interview with)\s+(?P<a>{_NAME})|\b(?P<b>{_NAME})\s+(?:spoke with|has learned|was told)\b"
)
_TOLD = re.compile(rf"\btold\s+(?P<a>{_NAME})")
_SELF_REFERENCE_PHRASES = ("contacted by", "speaking to", "interview with", "spoke with", "has learned", "was told")


def may_refer_to_itself(texts: Iterable[str]) -> bool:
    """The cheap test before :func:`self_references`: a telling phrase stands somewhere in the text."""
    return any(phrase in text for text in texts for phrase in _SELF_REFERENCE_PHRASES)


def self_references(text: str) -> Iterator[OutletLine]:
    """Names a paragraph gives itself in the third person: ``outlet.self-reference`` for the
    telling forms, ``outlet.told`` for "told the X", which only counts beside one of them."""
    for pattern, rule in ((_SELF_REFERENCE, "outlet.self-reference"), (_TOLD, "outlet.told")):
        for m in pattern.finditer(text):
            name = re.sub(r"^the\s+", "The ", (m.group("a") or m.group("b")).strip())
            yield OutletLine(name, rule, 0.5)


def lead_outlets(text: str) -> Iterator[OutletLine]:
    """Outlets a wire dateline at the start of the first paragraph names (or a slash dateline near it)."""
    yield from _table(text[:160], "lead")
    yield from _table(text[:400], "lead-anywhere")


#: Words one of which (lower case) every line a rule of that place reads holds: a cheap test before the patterns.
_HINTS = {
    "header": ("logo", "source", ",", "|", ">", "from", "©"),
    "short": ("©", "message", "follow", "like", "contact", "source", "desk", "appeared", "published", "ran ", "writer", "reporter",
              "correspondent", "editor", "columnist"),
    "lead": (",", "(", "/", "["),
    "lead-anywhere": ("/", "reports"),
}


def _table(text: str, where: str) -> Iterator[OutletLine]:
    low = text.lower()
    if not any(hint in low for hint in _HINTS[where]):
        return
    for rule, place, pattern, confidence in OUTLET_LINE_RULES:
        if place == where and (m := pattern.search(text)) is not None:
            yield OutletLine(m.group("org").strip().rstrip("."), rule, confidence)
