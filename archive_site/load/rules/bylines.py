"""Byline rules: who wrote an article, and which outlet a credit names.

Each rule is one small function in :data:`BYLINE_RULES`, tried in order on a
single line. A rule returns the credit text it found (names, maybe with an
affiliation) and :func:`split_credit` turns that into authors and affiliations.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from archive_site.load.outlets import OutletBook
from archive_site.load.rules.dates import date_shapes, is_date_only, leading_date
from archive_site.load.rules.names import (
    _SURNAME_FIRST,
    ORG_HEAD,
    is_organisation,
    is_person_name,
    looks_all_caps,
    tidy_person_name,
    title_case_name,
)

#: What may join a date to the text before it: "By X, May 3, 2024", "By X | Updated 3/4/24", "By X on May 3".
_DATE_JOINER = re.compile(r"(?:\s*[,|•·.]|\s+on|\s+updated|\s+published)?\s*$", re.IGNORECASE)
#: An all-caps name run into the outlet's name: "PAVLOS PAPADOPOULOS Kathimerini".
_CAPS_THEN_OUTLET = re.compile(r"^((?:[A-Z][A-Z'’.-]+\s+){1,3}[A-Z][A-Z'’.-]+)\s+([A-Z][a-z][\w .&'’-]*)$")
_SEPARATORS = re.compile(r"\s+[/|]\s+|\s*[|•·]\s*")
_DIGIT = re.compile(r"\d")  # every date-ish text has one: a cheap test before the date shapes
_LABELLED = re.compile(
    r"^(?:Authors?|Writer|Words|Written|Story|Text|Posted|Published|Contributed|Reported|Review|Analysis|Commentary|Interview|"
    r"Opinion|Byline)\s*(?:by\b|:|[-–—])\s*:?\s*(.+)$", re.IGNORECASE,
)
#: A profile widget's label run into the name it labels: "Writer's pictureJane Doe", "• Author photo Jane Doe".
_WIDGET_LABELLED = re.compile(r"^[•·]?\s*(?:writer|author)(?:'s|’s)?\s*(?:picture|photo|image|avatar)\s*(.+)$", re.IGNORECASE)
_BY = re.compile(r"^(?:[—–-]\s*)?By[:\s]\s*(.+)$", re.IGNORECASE)
_THEN_BY = re.compile(r"\s*[-–—|•·,]\s*by\s+(.+)$", re.IGNORECASE)
_REPORTING = re.compile(r"^\(?\s*(?:Reporting|Writing|Reported) by\s+(.+?)(?:;.*)?\)?$", re.IGNORECASE)
_REPORTING_END = re.compile(r"\s+in\s+[A-Z][a-z]+(?:\s|$)|;")
_NAMES_FOR = re.compile(r"^(.+?)\s*,?\s+(for|of|at|from|with)\s+((?:the\s+)?[A-Z0-9].*)$")
_AND = re.compile(r"\s(?:and|&)\s")
#: Words for the people of a group credited together: "Members of X", "The staff of X".
_COLLECTIVE = re.compile(r"^(?:the\s+)?(?:members|staff|volunteers|supporters|friends|editors|board)$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+")
_NAME_SEPARATORS = re.compile(r"\s*,\s*|\s+(?:and|&)\s+")
_LEADING_DASHES = re.compile(r"^[—–-]+\s*")


@dataclass(frozen=True, slots=True)
class Credit:
    """An author credit read off one line."""

    name: str
    """Display name."""
    kind: str
    """``person`` or ``organization``."""


@dataclass(frozen=True, slots=True)
class Byline:
    """What a byline line says."""

    credits: tuple[Credit, ...]
    """Authors, in order."""
    affiliations: tuple[str, ...]
    """Organisations named as the authors' affiliation (outlet evidence, never authors)."""
    rule: str
    """Id of the rule that matched."""
    confidence: float
    """How sure the rule is."""


#: A letter's or a dispatch's sender: "From: Jane Doe in Kyiv (day 300)".
_FROM = re.compile(r"^From:\s*((?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+)(?:\s+in\s+[A-Z][\w'’ -]{1,30})?\s*(?:\([^()]{0,40}\))?$")


def _labelled(line: str) -> str | None:
    """``Author: X``, ``Written by X``, ``Words by X``, ``Posted by X on DATE``, ``Story by X``, ``From: X in Kyiv``."""
    m = _LABELLED.match(line) or _WIDGET_LABELLED.match(line) or _FROM.match(line)
    return m.group(1) if m else None


def _by(line: str) -> str | None:
    """``By A and B / ORG``, ``BY JANE DOE``, ``By X for ORG``."""
    m = _BY.match(line)
    return m.group(1) if m else None


def _date_then_by(line: str) -> str | None:
    """``May 29th, 2024 - by RootsAction Team``."""
    if "by " not in line.lower() or not _DIGIT.search(line):
        return None  # the cheap tests first: every match has "by" and a date's digits
    end = leading_date(line)
    m = _THEN_BY.match(line, end) if end is not None else None
    return m.group(1) if m else None


def _reporting(line: str) -> str | None:
    """``Reporting by X and Y; Editing by Z`` (wire style): reporters are authors, editors are not."""
    m = _REPORTING.match(line)
    if not m:
        return None
    return _REPORTING_END.split(m.group(1))[0].strip()


_IN = r"\s+in\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}"  # " in Kyiv", " in New York"
_BARE_NAMES = re.compile(rf"^([A-Z][^,;:()]*?(?:{_IN})?)((?:,\s+|\s+(?:and|&)\s+)[A-Z][^,;:()]*?(?:{_IN})?)*$")
_IN_PLACE = re.compile(rf"{_IN}(?=,|\s+and\s+|$)")


_NAME_ROLE = re.compile(r"^([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}),\s+(?:(?:Senior|Staff|Chief|Special|Contributing)\s+)?"
                        r"(?:Reporter|Writer|Correspondent|Editor|Contributor|Columnist|Journalist)$")


def _name_role(line: str) -> str | None:
    """``Jane Doe, Reporter``, ``Omar Haddad, Staff Writer``: a name and the role it writes in."""
    m = _NAME_ROLE.match(line)
    return m.group(1) if m and is_person_name(m.group(1), longest=4) else None


def _bare_names(line: str) -> str | None:
    """``Pjotr Sauer in Kyiv and Jennifer Rankin in Brussels``: names alone, each perhaps with a place."""
    if len(line) > 120 or line[-1:] in ".!?\"”" or (" and " not in line and " in " not in line and " & " not in line):
        return None  # cheap tests first: a sentence, or a line naming one person without a place
    if not _BARE_NAMES.match(line):
        return None
    names = _IN_PLACE.sub("", line)
    pieces = [p for p in re.split(r",\s+|\s+(?:and|&)\s+", names) if p]
    # One bare capitalised name is as likely a headline ("Same Title Twice"); ask for a place or a second name.
    if len(pieces) < 2 and names == line:
        return None
    # Names standing alone are short: four capitalised words are as likely a headline ("Farmers See Massive Loss").
    return names if pieces and all(is_person_name(p, longest=3) for p in pieces) else None


#: The byline rules, tried in order: (id, function, confidence).
BYLINE_RULES: tuple[tuple[str, Callable[[str], str | None], float], ...] = (
    ("byline.date-then-by", _date_then_by, 0.9),
    ("byline.by", _by, 0.9),
    ("byline.labelled", _labelled, 0.85),
    ("byline.reporting-by", _reporting, 0.8),
    ("byline.name-role", _name_role, 0.75),
    ("byline.bare-names", _bare_names, 0.65),
)


def parse_byline(line: str, book: OutletBook) -> Byline | None:
    """Read a byline off one line, or None when the line is not one."""
    return _parse_byline(line.strip(), book)


@functools.lru_cache(maxsize=256)  # the segmenter and the field rules ask about the same lines
def _parse_byline(line: str, book: OutletBook) -> Byline | None:
    if len(line) > 200:
        return None
    for rule, find, confidence in BYLINE_RULES:
        credit_text = find(line)
        if credit_text is None:
            continue
        credits, affiliations = split_credit(credit_text, book)
        if credits:
            return Byline(tuple(credits), tuple(affiliations), rule, confidence)
    return None


#: A publication label after a credit: "The Editorial Board Published 17.08.25, 06:21 AM".
_THEN_PUBLISHED = re.compile(r"\s+(?:published|updated|posted)\b.*$", re.IGNORECASE)


def organisation_line(line: str, book: OutletBook) -> Byline | None:
    """A line that is only an organisational credit (``RootsAction Team``, ``By Reuters``-less ``Reuters Staff``),
    perhaps with its publication time after it."""
    text = _THEN_PUBLISHED.sub("", line.strip()).strip(" .,|")
    if is_organisation(text) and len(text.split()) <= 5:
        return Byline((Credit(text, "organization"),), (), "byline.organisation-line", 0.6)
    return None


def split_credit(text: str, book: OutletBook) -> tuple[list[Credit], list[str]]:
    """Split ``A and B / ORG`` into credits and affiliations; drop dates and times."""
    text = _drop_date(text).strip(" ,;:-–—|")
    parts = _SEPARATORS.split(text)
    names, affiliations = parts[0], [p.strip() for p in parts[1:] if p.strip()]
    if (caps := _CAPS_THEN_OUTLET.match(names)) is not None:  # "PAVLOS PAPADOPOULOS Kathimerini"
        names = caps.group(1)
        affiliations.insert(0, caps.group(2))
    if _SURNAME_FIRST.match(names):  # "Doe, Jane"
        names = tidy_person_name(names)
    m = _NAMES_FOR.match(names) if not ORG_HEAD.match(names) else None
    if m and _COLLECTIVE.match(m.group(1)) and m.group(2) == "of":  # "Members of Veterans For Peace": the group
        return [Credit(m.group(3).strip(), "organization")], [a for a in (_clean_affiliation(x) for x in affiliations) if a]
    if m and not is_person_name(m.group(0)):
        names = m.group(1)
        if m.group(2) != "with":  # "By Jane Doe with AFP, AP": agencies' material, not the publisher
            affiliations.insert(0, m.group(3))
    if looks_all_caps(names):
        names = title_case_name(names)
    if "," in names and not _AND.search(names):  # "Jane Doe, Example News": a name, then an affiliation
        names, _, rest = names.partition(",")
        affiliations.insert(0, rest.strip())
    names = _LEADING_THE.sub("", names)
    pieces = [p.strip(" ,;") for p in _NAME_SEPARATORS.split(names) if p.strip(" .,;")]
    if len(pieces) == 2 and len(pieces[0].split()) == 1 and len(pieces[1].split()) == 2 and pieces[0][:1].isupper():
        pieces[0] = f"{pieces[0]} {pieces[1].split()[1]}"  # "John and Andy Schlafly": one surname for both
    credits: list[Credit] = []
    for index, piece in enumerate(pieces):
        person = tidy_person_name(piece)
        if is_person_name(person):
            credits.append(Credit(person, "person"))
        elif is_organisation(piece) or book.resolve(piece) is not None:
            known = book.resolve(piece)
            credits.append(Credit(known.name if known else piece[:1].upper() + piece[1:], "organization"))
        elif index == len(pieces) - 1 and index > 0 and piece[:1].isupper():
            affiliations.insert(0, piece)  # "By Jane Doe, Example Times"
    return credits, [a for a in (_clean_affiliation(x) for x in affiliations) if a]


def _drop_date(text: str) -> str:
    """The text without a date (and what follows it)."""
    shapes = date_shapes(text) if _DIGIT.search(text) else []
    if not shapes:
        return text
    before = text[:shapes[0][0]]
    joiner = _DATE_JOINER.search(before)
    return before[:joiner.start()] if joiner else before


#: A writer's role after the outlet's name: "Associated Press Writer", "Harbour Times staff reporter".
_TRAILING_ROLE = re.compile(r"\s+(?:(?:senior|chief|staff|special|contributing|political|foreign)\s+)?"
                            r"(?:writer|reporter|correspondent|editor|columnist|contributor)s?$", re.IGNORECASE)


def _clean_affiliation(text: str) -> str | None:
    text = _LEADING_THE.sub("", _drop_date(text).strip(" .,;:-–—"))
    text = _TRAILING_ROLE.sub("", text) if len(text.split()) > 1 else text
    if not text or is_date_only(text) or len(text) > 80 or (not text[:1].isupper() and not text[:1].isdigit()):
        return None
    return text


def signature(line: str) -> Credit | None:
    """A name alone at the end of an article (``— Jane Doe``, ``Jane Doe, Portland``), as a person credit."""
    text = _LEADING_DASHES.sub("", line.strip()).strip(" ,")
    name, _, place = text.partition(",")
    if place and len(place.split()) <= 3 and is_person_name(tidy_person_name(name)):
        text = name  # a letter's signature with the writer's town
    text = tidy_person_name(text)
    return Credit(text, "person") if is_person_name(text) and len(text.split()) <= 5 else None


def name_alone(line: str) -> Credit | None:
    """A line that is only a person's name (two or three words), perhaps with a date after it.

    Only the header model's caller asks this, of the lines between the headline and the text:
    there a name standing alone is the byline ("Alastair Crooke", "Tim Kowal   May 8, 2023").
    """
    text = _drop_date(line).strip(" ,;|-–—")
    if not text or len(text) > 60:
        return None
    if (both := _BARE_NAMES.match(text)) is not None and both.group(2):
        return None  # several names: the bare-names rule reads those
    text = tidy_person_name(text)
    return Credit(text, "person") if is_person_name(text, longest=3) else None


#: A wire story's closing credit: "(Reporting by A in Kyiv and B; writing by C; Editing by D)".
_WIRE_CREDIT = re.compile(r"\(\s*((?:additional\s+)?(?:reporting|writing|written|reported)\b[^()]{3,300})\)", re.IGNORECASE)
_CREDIT_PART = re.compile(r"^(?:additional\s+)?(reporting|writing|written|reported)(?:\s+and\s+(?:editing|writing|reporting))?\s+by\s+(.+)$",
                          re.IGNORECASE)


#: Reporters named in brackets in a wire story's dateline: "Xinhua News Agency, Beijing, May 12 (Reporter A and B) …".
_LEAD_CREDIT = re.compile(r"^[^()]{0,100}?\(\s*(?:reporters?|correspondents?|by)\s*:?\s+([^()]{3,120})\)", re.IGNORECASE)


#: A standfirst that names its writer: "…, writes Jane Doe – however hard that looks", "argues John Smith".
_DEK_WRITER = re.compile(r"(?:^|[,;:.—–-]\s*)(?:writes|argues|explains)\s+((?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+)(?=\s*(?:$|[,;.—–-]))")


def dek_writer(text: str) -> Credit | None:
    """The writer a standfirst names with "writes NAME", or None."""
    m = _DEK_WRITER.search(text)
    if m is None:
        return None
    name = tidy_person_name(m.group(1))
    return Credit(name, "person") if is_person_name(name) else None


def lead_credit(text: str) -> tuple[Credit, ...]:
    """The reporters a wire dateline names in brackets at the start of the text, or none."""
    m = _LEAD_CREDIT.match(text)
    if m is None:
        return ()
    people = [tidy_person_name(p.strip(" .")) for p in re.split(r",\s*|\s+(?:and|&)\s+", m.group(1))]
    return tuple(Credit(p, "person") for p in people) if people and all(is_person_name(p) for p in people) else ()


def wire_credit(text: str) -> tuple[Credit, ...]:
    """The reporters and writers of a wire credit in ``text``; editors are not authors."""
    m = _WIRE_CREDIT.search(text)
    if m is None:
        return ()
    credits: list[Credit] = []
    for part in m.group(1).split(";"):
        found = _CREDIT_PART.match(part.strip())
        if found is None:
            continue
        names = _REPORTING_END.split(found.group(2))[0] if ";" in found.group(2) else found.group(2)
        for piece in re.split(r",\s*|\s+and\s+", _IN_PLACE.sub("", names.strip(" .")) if " in " in names else names.strip(" .")):
            person = tidy_person_name(piece.strip())
            if is_person_name(person) and all(c.name != person for c in credits):
                credits.append(Credit(person, "person"))
    return tuple(credits)
