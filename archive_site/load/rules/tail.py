"""Trailing-line rules: what follows the last paragraph of an article.

Each rule recognises one kind of trailing line and, where it names one, the
organisation in it (``Source: Reuters`` -> ``Reuters``). The table is scanned
from the end of the document backwards until a line matches none of them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from archive_site.load.outlets import OutletBook
from archive_site.load.rules.bylines import parse_byline, signature
from archive_site.load.rules.names import is_person_name, person_key

_ORG = r"(?P<org>(?:the\s+)?[A-Z0-9][\w.&'’-]*(?:\s+(?:for|of|and|&|the|on|in)?\s*[A-Z0-9][\w.&'’-]*){0,6})"
_ROLES = (
    r"editor|editor-in-chief|news editor|managing editor|senior editor|contributing editor|writer|staff writer|"
    r"reporter|correspondent|columnist|contributor|journalist|producer|host|publisher"
)
_OTHER_ROLES = r"founder|co-?founder|director|fellow|analyst|researcher|professor|coordinator|organizer|organiser|member|chair|president|head"
BIO = re.compile(
    r"^(?P<names>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*|\s+(?:de|van|von|bin|al|del|da)){1,4}"
    r"(?:,?\s+(?:and|&)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,4})*)\s+"
    r"(?:is|are|was|has been|have been|writes|teaches|serves|covers|reports|lives|works)\b(?P<rest>.*)$"
)
BIO_OUTLET = re.compile(rf"\b(?:{_ROLES})\b[^.;]*?\b(?:of|at|for|with)\s+{_ORG}")
BIO_AFFILIATION = re.compile(rf"\b(?:{_OTHER_ROLES}|{_ROLES})\b[^.;]*?\b(?:of|at|for|with)\s+{_ORG}")
_BIO_NAMES = re.compile(r",?\s+(?:and|&)\s+|,\s+")
_BIO_VERB = re.compile(r"(?:writes|covers|reports)\b")
_WRITERLY = re.compile(rf"\b(?:{_ROLES}|author|authors|books?|journalism|Twitter|@\w+)\b")
_OTHER_ROLE = re.compile(rf"\b(?:{_OTHER_ROLES})\b")
_ORG_THE = re.compile(r"^the\s+")
_ORG_SENTENCE_END = re.compile(r"\.\s.*$")
_ORG_TRAILING_WORD = re.compile(r"\s+(?:and|&|for|of|on|in|the)$")

#: A date (and time) after a source's name: "Source: Daily Mail May 23, 2018 23:37 UTC".
_DATED = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})(?:[\s,]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[AaPp]\.?[Mm]\.?|UTC|GMT))?)?"
#: A copyright line ("© 2024 The Ledger. All rights reserved.", "2025 © The Ledger / Privacy"): the site's footer.
COPYRIGHT = re.compile(
    rf"^(?:\d{{4}}\s*©|©|Copyright\b|\(c\)\s)\s*(?:(?:©|Copyright\b|\(c\))\s*)*(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?\s*,?\s*)?{_ORG}?", re.IGNORECASE)


#: Site furniture after the end of a text: advertising labels, comment-policy and reprint prompts.
FOOTER = re.compile(r"^(?:advertisement|sponsored(?: content)?|please read our comment policy\b.*|click here\b.*|"
                    r"(?:share|print|email) this(?: article| story)?)\W*$", re.IGNORECASE)


def is_copyright(text: str) -> bool:
    """True for a copyright line naming a year or a name."""
    return COPYRIGHT.match(text) is not None


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tail.source", re.compile(rf"^(?:Source|Via)\s*:{{1,2}}\s*{_ORG}\.?(?:\s*[,|–-]?\s*{_DATED})?$")),
    ("tail.appeared", re.compile(
        r"^(?:(?:This|The) (?:article|story|piece|post|essay|op-ed|commentary)(?: [^.]{1,120}?)? (?:was )?(?:first |originally )?"
        r"(?:appeared|published|ran|posted)|First published|Originally published|Republished(?: with permission)?)"
        rf"\s+(?:in|on|at|by|from)\s+{_ORG}", re.IGNORECASE)),
    ("tail.read-more", re.compile(rf"^(?:[•*·–-]\s*)?(?:Read|Continue reading|See) (?:more|the (?:full|original) (?:article|story|post))?\s*(?:at|on|in)\s+{_ORG}", re.IGNORECASE)),
    ("tail.copyright", COPYRIGHT),
    ("tail.reference", re.compile(r"^[•*·–-]\s*(?:(?P<org>[^:“”\"]{2,60}?)\s*:\s*)?[“\"](?P<headline>[^”\"]+)[”\"]\.?$")),
    ("tail.references-heading", re.compile(r"^(?:Sources|References|Further reading|Related reading|Links|Notes|Cited)\s*:?$", re.IGNORECASE)),
    ("tail.date-line", re.compile(r"^(?:Published|Posted|Updated|Last updated|First published|Modified)\b(?:\s+(?:on|at))?\s*:?\s*[\w ,./:-]{0,40}$", re.IGNORECASE)),
    ("tail.tags", re.compile(r"^(?:Tags|Filed under|Topics|Categories|Posted in)\s*:", re.IGNORECASE)),
    ("tail.footer", FOOTER),
    ("tail.follow", re.compile(r"^(?:Follow|Find|Contact) (?:him|her|them|us|the author|me)\b", re.IGNORECASE)),
)


@dataclass(frozen=True, slots=True)
class TailLine:
    """What one trailing line is."""

    rule: str
    """Id of the rule that recognised it."""
    org: str | None
    """The organisation it names, if any."""
    headline: str | None = None
    """For a cited-headline entry: the headline."""
    names: tuple[str, ...] = ()
    """For a bio or signature: the people it is about."""


def classify(text: str, book: OutletBook, is_last: bool, authors: frozenset[str] = frozenset()) -> TailLine | None:
    """What kind of trailing line ``text`` is, or None when it is part of the article."""
    marked = _labelled_or_byline(text, book)
    if marked is not None:
        return marked
    bio = read_bio(text, authors)
    if bio is not None:
        return bio
    if is_last or text.startswith(("—", "–", "-")):
        credit = signature(text)
        if credit is not None:
            return TailLine("tail.signature", None, names=(credit.name,))
    return None


@functools.lru_cache(maxsize=256)  # the segmenter and the field rules ask about the same lines
def _labelled_or_byline(text: str, book: OutletBook) -> TailLine | None:
    """The rules that read the line alone: the labelled kinds of :data:`_PATTERNS`, then a byline."""
    for rule, pattern in _PATTERNS:
        m = pattern.match(text)
        if m:
            groups = m.groupdict()
            org = _clean_org(groups.get("org"))
            return TailLine(rule, org, groups.get("headline"))
    byline = parse_byline(text, book)
    if byline is not None and (text[:2].lower() == "by" or ":" in text[:12] or byline.rule == "byline.reporting-by"):
        return TailLine("tail.byline", byline.affiliations[0] if byline.affiliations else None,
                        names=tuple(c.name for c in byline.credits))
    return None


def read_bio(text: str, authors: frozenset[str] = frozenset()) -> TailLine | None:
    """``Jane Doe is the news editor of Example News.`` -> the people and the outlet it names.

    A bio of someone the byline credits (``authors`` holds their :func:`person_key`) may name any
    role; a bio of anyone else must read like a writer's (editor, columnist, author of books).
    """
    m = BIO.match(text)
    if not m or len(text.split()) > 120:
        return None
    names = tuple(n.strip() for n in _BIO_NAMES.split(m.group("names")) if n.strip())
    if not names or not all(is_person_name(n) for n in names):
        return None
    rest = m.group("rest")
    outlet = BIO_OUTLET.search(rest)
    affiliation = outlet or BIO_AFFILIATION.search(rest)
    credited = all(person_key(n) in authors for n in names)
    if _BIO_VERB.match(text[m.end("names"):].strip()):
        return TailLine("tail.bio", _clean_org(affiliation.group("org")) if affiliation else None, names=names)
    writerly = _WRITERLY.search(rest)
    if not writerly and not (credited and (affiliation or _OTHER_ROLE.search(rest))):
        return None
    rule = "tail.bio-outlet" if outlet else "tail.bio"
    return TailLine(rule, _clean_org(affiliation.group("org")) if affiliation else None, names=names)


#: What the subject of a closing bio is: a writer, or someone with a public role.
_PUBLIC_ROLE = re.compile(r"\b(?:former|minister|officer|MP|senator|congressman|congresswoman|ambassador|general|colonel|"
                          r"diplomat|lawmaker|politician|secretary|adviser|advisor|envoy|commander|veteran)\b")


def closing_bio(text: str) -> tuple[str, ...] | None:
    """The people a bio at the end of a text names (``Jane Doe is a former defence minister``), when it reads as the
    author's: their names, then a writer's or a public role."""
    m = BIO.match(text)
    if not m or len(text.split()) > 60:
        return None
    names = tuple(n.strip() for n in _BIO_NAMES.split(m.group("names")) if n.strip())
    rest = m.group("rest")
    if not names or not all(is_person_name(n) for n in names) or not re.match(r"\s+(?:a|an|the)\b", rest):
        return None
    return names if _WRITERLY.search(rest) or _OTHER_ROLE.search(rest) or _PUBLIC_ROLE.search(rest) else None


#: The company form after a publisher's name: "The Ledger, LLC", "Harbour Media Ltd".
_COMPANY_SUFFIX = re.compile(r",?\s+(?:LLC|L\.L\.C\.|Inc\.?|Ltd\.?|Limited|Corp\.?|PLC|GmbH|S\.A\.)$")


def _clean_org(org: str | None) -> str | None:
    if not org:
        return None
    org = _ORG_SENTENCE_END.sub("", _ORG_THE.sub("", org.strip())).rstrip(".,;: ")
    org = _ORG_TRAILING_WORD.sub("", _COMPANY_SUFFIX.sub("", org))
    return org or None
