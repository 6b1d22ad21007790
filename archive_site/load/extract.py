"""Field extraction: from a segmented document to the values of an article record.

Each field has its rules in the modules of :mod:`archive_site.load.rules`; this
module applies them to the right part of the document and records, for every
value, the rule, the line, the raw text and a confidence.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from archive_site.load.header import Furniture, title_text
from archive_site.load.outlets import NOT_PUBLISHERS, OutletBook, name_key, name_slug, unknown_outlet
from archive_site.load.rules import citations, dates, estimate, outletlines, tail
from archive_site.load.rules.bylines import (
    Byline,
    Credit,
    dek_writer,
    lead_credit,
    name_alone,
    organisation_line,
    parse_byline,
    signature,
    wire_credit,
)
from archive_site.load.rules.events import ReferenceEvent
from archive_site.load.rules.names import ORG_ENDINGS, OUTLET_WORDS, looks_all_caps, person_key, title_case_name
from archive_site.load.segment import Segments, Unit, segment, word_count
from archive_site.model import Author, Citation, Comment, DateEstimate, LoadWarning, OutletRef, Paragraph, Provenance, Reference

_WIRE_DATELINE = re.compile(r"^[A-Z][\w .,'’/-]{1,60}?\s*\((?P<org>[A-Za-z][\w .&/-]{0,30})\)\s*[-–—]")
_SOURCE_LINE = re.compile(r"^(?:Source|Sources|Data|Data source|Chart source)\s*:\s*([A-Z][\w.&' ’-]{1,60}?)\.?$")
_MASTHEAD_SEPARATOR = re.compile(r"\s+[-–—|:·]\s+")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|news|info|io|co\.uk|media)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Extracted:
    """Everything read from the text alone, before editors' values are applied."""

    title: str | None
    dek: str | None
    authors: tuple[Author, ...]
    date: dt.date | None
    date_estimate: DateEstimate | None
    outlet: OutletRef | None
    cited_sources: tuple[Citation, ...]
    paragraphs: tuple[Paragraph, ...]
    references: tuple[Reference, ...]
    comments: tuple[Comment, ...]
    caption: str | None
    bios: tuple[str, ...]
    extras: tuple[str, ...]
    provenance: dict[str, Provenance]
    warnings: tuple[LoadWarning, ...] = ()


@dataclass(slots=True)
class _OutletEvidence:
    name: str
    rule: str
    line: int
    text: str
    confidence: float


@dataclass(slots=True)
class _Reading:
    """Work in progress while the rules run over one document."""

    book: OutletBook
    outlet_evidence: list[_OutletEvidence] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    bios: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


def extract(text: str, first_line: int, book: OutletBook, events: Sequence[ReferenceEvent],
            *, earliest: dt.date, latest: dt.date, given_title: str | None = None,
            furniture: Furniture | None = None) -> Extracted:
    """Read every field of an article off its normalised text.

    ``given_title`` is a title an editor set in front matter; the text is then
    only taken to repeat it when its first headline-like line says the same.
    """
    seg = segment(
        text, first_line,
        is_header_line=lambda line: _is_header_line(line, book),
        is_certain_header_line=lambda line: _is_certain_header_line(line, book),
        is_tail_line=lambda line, last: tail.classify(line, book, last, frozenset()) is not None,
        is_masthead=lambda line: _masthead(line, book) is not None,
        is_furniture=furniture.matches if furniture is not None else (lambda line: False),
        is_notice=furniture.is_notice if furniture is not None else (lambda line: False),
        given_title=given_title,
    )
    reading = _Reading(book)
    prov: dict[str, Provenance] = {}
    short_lines = functools.lru_cache(maxsize=None)(lambda text: tuple(outletlines.short_line_outlets(text)))  # body, then evidence
    authors, author_prov = _authors(seg, reading)
    body: list[Unit] = []
    for unit in seg.body:  # "Source: Eurostat" under a chart or table is a citation, not a paragraph
        if author_prov is not None and author_prov.rule in _BODY_BYLINE_RULES and unit.line == author_prov.line \
                and unit.text == author_prov.text:
            continue  # a byline printed below a long standfirst or a caption is the byline, not text
        rules = {f.rule for f in short_lines(unit.text)}
        if (unit in seg.body[-3:] and rules & {"outlet.sign-off", "outlet.desk"}) or (
                unit in seg.body[:3] and "outlet.byline-affiliation" in rules):
            reading.extras.append(unit.text)  # "Follow X on Facebook", "(X Desk – Oslo)", "By , the … writer at X": not text
            continue
        m = _SOURCE_LINE.match(unit.text)
        if m:
            reading.references.append(Reference(f"ref{len(reading.references) + 1}", m.group(1).strip(), "", unit.line))
        else:
            body.append(unit)
    paragraphs = tuple(Paragraph(f"p{i}", u.text, u.line) for i, u in enumerate(body, 1))

    title = seg.title.text if seg.title else None
    if seg.title:
        prov["title"] = Provenance("extracted", "title.header-model", seg.title.line, seg.title.text,
                                   0.9 if len(seg.title.text.split()) <= 30 else 0.5)
    dek = seg.dek.text if seg.dek else None
    if seg.dek:
        prov["dek"] = Provenance("extracted", "dek.under-title", seg.dek.line, seg.dek.text, 0.7)
    for unit in seg.before_title:
        if (found := _masthead(unit.text, book)) is not None:
            confidence = _masthead_confidence(found, book)
            reading.outlet_evidence.append(_OutletEvidence(found, "outlet.masthead", unit.line, unit.text, confidence))
        reading.extras.append(unit.text)

    if seg.comments and seg.comments_rule:
        first = seg.comments[0]
        prov["comments"] = Provenance("extracted", seg.comments_rule, first.line, first.text[:200], 0.8,
                                      f"{len(seg.comments)} reader comment(s), kept out of the body")
    if author_prov is not None:
        prov["authors"] = author_prov
    caption = None
    for unit, rule in seg.captions:
        if caption is None:
            caption = unit.text
            prov["caption"] = Provenance("extracted", rule, unit.line, unit.text, 0.8)
        else:
            reading.extras.append(unit.text)

    # A date alone on a line among the first paragraphs (under a byline that stood there) is a header date.
    early_dates = [(u.line, u.text) for u in seg.body[:4] if len(u.text) <= 60 and dates.is_date_only(u.text, with_time=True)]
    header_lines = [(u.line, u.text) for u in (*seg.before_title, *seg.header)] + early_dates
    tail_lines = [(u.line, u.text) for u in seg.tail]
    found_date = dates.publication_date(header_lines, paragraphs[:1], tail_lines, earliest=earliest, latest=latest)
    date = None
    if found_date is not None:
        date, prov["date"] = found_date
    else:
        prov["date"] = Provenance("extracted", "date.none", None, "", 1.0, "no publication date is printed")
    date_estimate = None
    if date is None:
        header_texts = [u.text for u in ((seg.dek,) if seg.dek else ())] + [u.text for u in seg.header]
        date_estimate = estimate.estimate_date(paragraphs, header_texts, events, latest=latest)

    if seg.title is not None and (m := _TITLE_SUFFIX.search(seg.title.text)) is not None:
        name = m.group("org").strip()
        if book.resolve(name) is not None or OUTLET_WORDS.search(name):  # "…: China Daily editorial", "… | Harbor Ledger"
            reading.outlet_evidence.append(_OutletEvidence(name, "outlet.title-suffix", seg.title.line, seg.title.text, 0.7))
    for unit in seg.body[:4]:  # a masthead printed under a long standfirst
        if len(unit.text) <= 60 and (name := _masthead(unit.text, book)) is not None and book.resolve(name) is not None:
            reading.outlet_evidence.append(_OutletEvidence(name, "outlet.masthead", unit.line, unit.text, 0.7))
    header_junk = [u for u in seg.junk if u.line <= (seg.body[0].line if seg.body else 0)]  # a logo's alt text is furniture
    for unit in (*seg.before_title, *((seg.dek,) if seg.dek else ()), *seg.header, *header_junk):
        for named in outletlines.header_outlets(unit.text):
            reading.outlet_evidence.append(_OutletEvidence(named.name, named.rule, unit.line, unit.text, named.confidence))
    for unit in (*seg.before_title, *seg.header, *seg.body, *seg.tail):  # the sign-offs taken out are in seg.body
        for named in short_lines(unit.text):
            reading.outlet_evidence.append(_OutletEvidence(named.name, named.rule, unit.line, unit.text, named.confidence))
    self_named: dict[str, list[tuple[int, str, str]]] = {}
    for paragraph in paragraphs if outletlines.may_refer_to_itself(p.text for p in paragraphs) else ():
        for self_ref in outletlines.self_references(paragraph.text):
            self_named.setdefault(name_key(self_ref.name), []).append((paragraph.line, self_ref.name, self_ref.rule))
    for places in self_named.values():
        telling = [place for place in places if place[2] == "outlet.self-reference"]
        if telling:  # once alone is a hint below the bar; each further mention, "told the X" included, adds to it
            line, name, _ = telling[0]
            reading.outlet_evidence.append(_OutletEvidence(name, "outlet.self-reference", line, name, 0.43 + 0.05 * len(places)))
    if paragraphs:
        for line_found in outletlines.lead_outlets(paragraphs[0].text):
            known = book.resolve(line_found.name)
            if known is not None or line_found.rule in ("outlet.slash-dateline", "outlet.agency-dateline", "outlet.self-credit"):
                lead = paragraphs[0]
                reading.outlet_evidence.append(_OutletEvidence(known.name if known else line_found.name, line_found.rule, lead.line,
                                                               lead.text[:120], line_found.confidence))
    if paragraphs and (m := _WIRE_DATELINE.match(paragraphs[0].text)):
        known = book.resolve(m.group("org"))
        if known is not None:
            reading.outlet_evidence.append(_OutletEvidence(known.name, "outlet.wire-dateline", paragraphs[0].line, m.group(0), 0.85))
    outlet = _choose_outlet(reading, prov)
    if outlet is not None:  # a closing "Source: X" that named the outlet itself is not a citation
        reading.references = [r for r in reading.references if r.headline or name_key(r.source or "") != name_key(outlet.name)]

    cited = list(citations.find_citations(paragraphs, book, outlet.name if outlet else None))
    own = name_key(outlet.name) if outlet else None
    for ref in reading.references:
        if ref.source is None:
            continue
        known = book.resolve(ref.source)
        name = known.name if known else ref.source
        if own is not None and name_key(name) == own:
            continue
        cited.append(Citation(name, name_slug(name) or "source", ref.headline or ref.source, ref.id,
                              "cite.reference-list", ref.line, 0.9))
    return Extracted(
        title=title, dek=dek, authors=authors, date=date, date_estimate=date_estimate, outlet=outlet,
        cited_sources=tuple(cited), paragraphs=paragraphs, references=tuple(reading.references),
        comments=seg.comments, caption=caption, bios=tuple(reading.bios), extras=tuple(reading.extras),
        provenance=prov,
    )


@functools.lru_cache(maxsize=256)  # the segmenter asks about the lines above the body more than once
def _is_header_line(line: str, book: OutletBook) -> bool:
    return parse_byline(line, book) is not None or (word_count(line, 14) <= 14 and _has_date(line))


def _is_certain_header_line(line: str, book: OutletBook) -> bool:
    """A byline or date line that cannot be a headline: names standing alone ("Talks Resume in Geneva")
    may be either, and the header model weighs them."""
    byline = parse_byline(line, book)
    if byline is not None:
        return byline.rule != "byline.bare-names"
    return word_count(line, 14) <= 14 and _has_date(line)


@functools.lru_cache(maxsize=256)
def _has_date(line: str) -> bool:
    return bool(dates.find_dates(line))


@functools.lru_cache(maxsize=256)  # asked by the segmenter and again by the field rules
def _masthead(line: str, book: OutletBook) -> str | None:
    """A line that is only an outlet's name or web domain: a known one, or a short name ending like a publication's."""
    text = line.strip().strip(".|")
    if len(text) > 60:
        return None
    known = book.resolve(text)
    if known is not None and known.kind not in NOT_PUBLISHERS:
        return known.name
    if _DOMAIN.match(text):
        return text
    parts = _MASTHEAD_SEPARATOR.split(text, maxsplit=1)
    if len(parts) == 2 and len(parts[1].split()) <= 4:  # "The Guardian - Back to home"
        known = book.resolve(parts[0])
        if known is not None and known.kind not in NOT_PUBLISHERS:
            return known.name
    words = text.split()
    if 2 <= len(words) <= 5 and (looks_all_caps(text) or all(w[:1].isupper() or w in ("of", "and", "the") for w in words)):
        name = title_case_name(text) if looks_all_caps(text) else text
        if OUTLET_WORDS.search(name):
            return re.sub(r"^the ", "The ", name)
    return None


def _authors(seg: Segments, reading: _Reading) -> tuple[tuple[Author, ...], Provenance | None]:
    """Authors from the header byline, else a trailing byline or signature; bios confirm them."""
    book = reading.book
    byline: tuple[Byline, Unit] | None = None
    org_line: tuple[Byline, Unit] | None = None
    for unit in seg.header:
        if (found := parse_byline(unit.text, book)) is not None:
            byline = byline or (found, unit)
            _affiliation_evidence(found, unit, reading)
        elif (org := organisation_line(unit.text, book)) is not None:
            org_line = org_line or (org, unit)
            _affiliation_evidence(org, unit, reading)
        elif _masthead(unit.text, book) is not None:
            name = _masthead(unit.text, book) or ""
            reading.outlet_evidence.append(_OutletEvidence(name, "outlet.masthead", unit.line, unit.text, _masthead_confidence(name, book)))
            reading.extras.append(unit.text)
        elif not _has_date(unit.text):
            reading.extras.append(unit.text)
    if byline is None and org_line is None:
        byline = _other_byline(seg, book)
        if byline is not None:
            _affiliation_evidence(*byline, reading)
    chosen = byline or org_line
    credited = frozenset(person_key(c.name) for c in chosen[0].credits) if chosen else frozenset()
    trailing: tuple[str, list[str], Unit] | None = None
    for index, unit in enumerate(seg.tail):
        line = tail.classify(unit.text, book, index == len(seg.tail) - 1, credited)
        if line is None:
            reading.extras.append(unit.text)
            continue
        if line.rule in ("tail.byline", "tail.signature"):
            trailing = trailing or (line.rule, list(line.names), unit)
            if line.org:
                reading.outlet_evidence.append(_OutletEvidence(line.org, "outlet.byline-affiliation", unit.line, unit.text, 0.85))
        elif line.rule.startswith("tail.bio"):
            reading.bios.append(unit.text)
            if line.org and (line.rule == "tail.bio-outlet" or _looks_like_outlet(line.org, book)):
                reading.outlet_evidence.append(_OutletEvidence(line.org, "outlet.bio", unit.line, unit.text, 0.75))
            elif line.org:
                reading.outlet_evidence.append(_OutletEvidence(line.org, "outlet.bio-affiliation", unit.line, unit.text, 0.4))
        elif line.rule == "tail.reference":
            reading.references.append(Reference(f"ref{len(reading.references) + 1}", line.org, line.headline or "", unit.line))
        elif line.rule in ("tail.source", "tail.appeared", "tail.copyright") and line.org:
            confidence = {"tail.source": 0.7, "tail.appeared": 0.85, "tail.copyright": 0.85}[line.rule]
            rule = line.rule.replace("tail.", "outlet.")
            reading.outlet_evidence.append(_OutletEvidence(line.org, rule, unit.line, unit.text, confidence))
            if line.rule == "tail.source":
                reading.references.append(Reference(f"ref{len(reading.references) + 1}", line.org, "", unit.line))
        else:
            reading.extras.append(unit.text)
    bio_text = " ".join(reading.bios)
    if chosen is not None:
        found, unit = chosen
        confidence = found.confidence
        if bio_text and all(person_key(c.name).split()[-1] in person_key(bio_text) for c in found.credits if c.kind == "person"):
            confidence = min(0.98, confidence + 0.05)
        authors = tuple(Author(c.name, c.kind) for c in found.credits)  # type: ignore[arg-type]
        return authors, Provenance("extracted", found.rule, unit.line, unit.text, confidence)
    if trailing is not None:
        rule, names, unit = trailing
        authors = tuple(Author(n, "organization" if ORG_ENDINGS.search(n) or book.resolve(n) else "person") for n in names)
        return authors, Provenance("extracted", f"byline.{rule.split('.')[1]}", unit.line, unit.text, 0.8 if rule == "tail.byline" else 0.6)
    for unit in [*seg.body, *seg.tail][-2:]:  # no byline: the author's bio closing the piece ("Jane Doe is a former …")
        if (bio_names := tail.closing_bio(unit.text)) is not None:
            return tuple(Author(n, "person") for n in bio_names), Provenance(
                "extracted", "byline.closing-bio", unit.line, unit.text, 0.55, "inferred: the bio at the end of the text")
    return (), Provenance("extracted", "byline.none", None, "", 0.8, "no byline found")


#: Byline rules whose line may stand among the first paragraphs; that line then leaves the body.
_BODY_BYLINE_RULES = frozenset({"byline.by", "byline.date-then-by", "byline.labelled", "byline.signature-place"})


def _other_byline(seg: Segments, book: OutletBook) -> tuple[Byline, Unit] | None:
    """When the header holds no byline: one above the headline, a name standing alone under it,
    or a wire credit at the end of the text ("(Reporting by …; writing by …)")."""
    for unit in (*seg.before_title, *seg.body[:3]):
        if (found := parse_byline(unit.text, book)) is not None and found.rule != "byline.bare-names":
            return found, unit
    if seg.dek is not None and (credit := dek_writer(seg.dek.text)) is not None:
        return Byline((credit,), (), "byline.dek-writer", 0.75), seg.dek
    for unit in (*seg.header, *seg.before_title):
        if (credit := name_alone(title_text(unit.text))) is not None and book.resolve(credit.name) is None:  # a masthead is no author
            return Byline((credit,), (), "byline.name-alone", 0.6), unit
    if seg.body and (credits := lead_credit(seg.body[0].text)):
        return Byline(credits, (), "byline.lead-credit", 0.75), seg.body[0]
    for unit in (*seg.body[-3:], *seg.tail):
        if credits := wire_credit(unit.text):
            return Byline(credits, (), "byline.wire-credit", 0.8), unit
    if (signed := _signatories([*seg.body[-40:], *seg.tail])) is not None:
        return signed
    closing = [*seg.body[-4:], *seg.tail]
    while closing and (tail.FOOTER.match(closing[-1].text) or tail.is_copyright(closing[-1].text)):
        closing.pop()  # the site's footer under a letter: "Advertisement", the copyright, the comment policy
    while closing and _PLACE_LINE.match(closing[-1].text) and (
            signature(closing[-1].text) is None or (len(closing) > 1 and _SIGNATURE_CAPS.match(closing[-2].text))):
        closing.pop()  # a letter's town on the line under the signature: "Davenport", "Spring Township"
    if closing and len(closing) < len(seg.body[-4:]) + len(seg.tail) and (credit := signature(closing[-1].text)) is not None:
        return Byline((credit,), (), "byline.signature-place", 0.6), closing[-1]
    return None


#: The heading of a statement's list of signatories: "Signed by", "Signatories:", "Signed,".
_SIGNED = re.compile(r"^(?:signed(?: by)?|signatories|signed on behalf of\b[^:]{0,80})\s*[:,]?$", re.IGNORECASE)


def _signatories(units: Sequence[Unit]) -> tuple[Byline, Unit] | None:
    """The people a statement's closing "Signed by" list names, each line a name, a title or an organisation."""
    heading = next((k for k in range(len(units) - 1, -1, -1) if _SIGNED.match(units[k].text)), None)
    if heading is None:
        return None
    credits: list[Credit] = []
    for k, unit in enumerate(units[heading + 1:]):
        if len(unit.text.split()) > 12:
            break  # prose again: the list has ended
        if (k == 0 or unit.gap) and (credit := name_alone(unit.text)) is not None and all(c.name != credit.name for c in credits):
            credits.append(credit)  # each signatory's block starts with the name; its title and organisation follow
    return (Byline(tuple(credits), (), "byline.signatories", 0.7), units[heading]) if credits else None


#: An outlet's name after the headline: "Headline | Harbor Ledger", "Headline: China Daily editorial".
_TITLE_SUFFIX = re.compile(
    r"(?:\s[|–—-]\s|:\s)(?P<org>(?:The\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})(?:\s+(?:editorial|opinion|commentary))?\s*$")
#: A line that is only a place: one to three capitalised words, perhaps with a region ("Londonderry, New Hampshire").
_PLACE_LINE = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}(?:,\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})?$")
#: A letter writer's name in capitals, the way letters pages print it above the town.
_SIGNATURE_CAPS = re.compile(r"^[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){1,3}$")


#: Endings of a newsroom's own credit ("RootsAction Team", "Harbor Ledger Staff"): what is left names the outlet.
#: Other organisations in a byline (a movement, a university) are authors, not publishers.
_TEAM_ENDING = re.compile(r"\s+(?:Team|Staff|Staffers|Desk|News Desk|Editors|Editorial Board|Editorial Staff|Editorial Team|"
                          r"Newsroom|Bureau|Correspondents?|Reporters|Contributors|Wire)$", re.IGNORECASE)


#: Words a byline's affiliation may be that name no publisher.
_NOT_OUTLETS = frozenset({"agencies", "agency", "wires", "wire services", "staff", "reporters", "contributors", "editors"})


def _masthead_confidence(name: str, book: OutletBook) -> float:
    """A known outlet's name standing alone is its masthead; an unknown name that only ends like one
    ("Match Report") may be a section heading."""
    return 0.7 if book.resolve(name) is not None else 0.55


def _affiliation_evidence(byline: Byline, unit: Unit, reading: _Reading) -> None:
    for affiliation in byline.affiliations:
        if affiliation.casefold().removeprefix("the ") in _NOT_OUTLETS:
            continue  # "Staff, Agencies": a credit, not a publisher
        reading.outlet_evidence.append(_OutletEvidence(affiliation, "outlet.byline-affiliation", unit.line, unit.text, 0.9))
    for credit in byline.credits:
        if credit.kind != "organization":
            continue
        known = reading.book.resolve(credit.name)
        if known is not None:
            reading.outlet_evidence.append(_OutletEvidence(known.name, "outlet.organisation-author", unit.line, unit.text, 0.8))
            continue
        stem = _TEAM_ENDING.sub("", credit.name).strip(" ,")
        if stem != credit.name and stem.casefold() not in {"editorial", "the", ""} and stem[:1].isupper():
            reading.outlet_evidence.append(_OutletEvidence(stem, "outlet.organisation-author", unit.line, unit.text, 0.8))
        elif OUTLET_WORDS.search(credit.name):  # "The San Juan Daily Star" credited as the writer: the paper itself
            reading.outlet_evidence.append(_OutletEvidence(credit.name, "outlet.organisation-author", unit.line, unit.text, 0.7))


def _looks_like_outlet(name: str, book: OutletBook) -> bool:
    known = book.resolve(name)
    return (known is not None and known.kind not in NOT_PUBLISHERS) or bool(OUTLET_WORDS.search(name) or _DOMAIN.match(name))


_BYLINE_WORD = re.compile(r"^(?:for|by)\s+(?:the\s+)?(?=[A-Z])", re.IGNORECASE)


def _choose_outlet(reading: _Reading, prov: dict[str, Provenance]) -> OutletRef | None:
    """The best-supported outlet; agreeing evidence raises confidence; weak lone evidence is not enough."""
    groups: dict[str, list[_OutletEvidence]] = {}
    display: dict[str, OutletRef] = {}
    for ev in reading.outlet_evidence:
        if _BYLINE_WORD.match(ev.name):  # "For the Constitution-Tribune": a byline's words around the name
            ev = _OutletEvidence(_BYLINE_WORD.sub("", ev.name), ev.rule, ev.line, ev.text, ev.confidence)
        known = reading.book.resolve(ev.name)
        ref = known.ref() if known is not None else unknown_outlet(ev.name)
        key = name_key(ref.name)
        merged = next((k for k in groups if k.startswith(key + " ") or key.startswith(k + " ")), None)
        if merged is not None and known is None:
            key = merged
        elif merged is not None and display[merged].kind is None:
            groups[key] = groups.pop(merged)
            display.pop(merged)
        groups.setdefault(key, []).append(ev)
        if key not in display or (display[key].kind is None and known is not None) or (
            display[key].kind is None and len(ref.name) < len(display[key].name)
        ):
            display[key] = ref
    if not groups:
        prov["outlet"] = Provenance("extracted", "outlet.none", None, "", 0.8, "no outlet named")
        return None
    def score(key: str) -> float:
        evs = groups[key]
        return min(0.98, max(e.confidence for e in evs) + 0.05 * (len(evs) - 1))
    best = max(groups, key=lambda k: (score(k), -min(e.line for e in groups[k])))
    if score(best) < 0.5:
        prov["outlet"] = Provenance("extracted", "outlet.none", None, "", 0.5, "only weak hints: " + ", ".join(groups))
        return None
    top = max(groups[best], key=lambda e: e.confidence)
    agreeing = len(groups[best]) - 1
    note = f"confirmed by {agreeing} more line(s)" if agreeing else ""
    prov["outlet"] = Provenance("extracted", top.rule, top.line, top.text, score(best), note)
    return display[best]
