"""How to cite an article: a formatted reference, BibTeX, RIS and CSL-JSON, one pure function each.

A :class:`CiteRecord` holds what a citation needs; :func:`cite_record` makes one
from an article and the absolute address of its page (None without a base URL).
The article page and the whole-archive files (``archive.bib``, ``archive.ris``,
``archive.csl.json``, ``archive.csv``) call the same functions. An undated article
is cited as undated ("n.d.", no year, no ``PY``/``DA``, no ``issued``), never with
an estimated date, and an organisation is an author as a whole name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from nameparser import HumanName

from archive_site.model import Article, Author
from archive_site.site import urls
from archive_site.site.links import MONTHS

log = logging.getLogger(__name__)

#: Outlet kinds whose articles are newspaper articles in RIS (``NEWS``) and CSL (``article-newspaper``).
NEWS_KINDS = frozenset({"wire", "newspaper", "news agency", "news site", "broadcaster"})
#: The whole archive as citations and as a table, at the site root.
#: Columns of ``archive.csv``, in order.
CSV_COLUMNS = ("key", "title", "authors", "date", "outlet", "stance", "url", "page", "citations", "claim_mentions")
#: Characters BibTeX reads as commands or grouping, and how to write them as text.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile("[" + re.escape("".join(_BIBTEX_ESCAPES)) + "]")


@dataclass(frozen=True, slots=True)
class CiteRecord:
    """What a citation of one article says."""

    key: str
    """The article's key, used as the BibTeX key and the RIS and CSL id."""
    title: str
    """The headline, or the display title when the text prints none."""
    authors: tuple[Author, ...]
    """People and organisations credited, in byline order."""
    date: dt.date | None
    """The printed date; None for an undated article (an estimate is never a date)."""
    outlet: str | None
    """The outlet's name, if known."""
    news: bool
    """Whether the outlet is a news outlet (newspaper, wire, broadcaster)."""
    url: str | None
    """The original web address, when it is an absolute http(s) address."""
    page: str | None
    """The absolute address of the article's page in this archive; None without a base URL."""
    language: str
    """The article's language code."""


def cite_record(article: Article, page: str | None) -> CiteRecord:
    """The citation of ``article``, whose page in the archive is at ``page`` (absolute, or None)."""
    outlet = article.outlet
    return CiteRecord(
        key=article.key,
        title=_line(article.display_title),
        authors=article.authors,
        date=article.date,
        outlet=outlet.name if outlet else None,
        news=bool(outlet and (outlet.kind or "").casefold() in NEWS_KINDS),
        url=urls.external(article.url),
        page=page,
        language=article.language,
    )


def _line(text: str) -> str:
    """``text`` on one line, runs of white space as one space."""
    return " ".join(text.split())


def _names(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def reference_text(record: CiteRecord) -> str:
    """A formatted reference: authors, “title”, outlet, date (or n.d.), original address, archived copy."""
    parts = []
    if record.authors:
        parts.append(_names([_line(a.name) for a in record.authors]).rstrip(".") + ".")
    parts.append(f"“{record.title.rstrip('.')}.”")
    when = f"{MONTHS[record.date.month - 1]} {record.date.day}, {record.date.year}" if record.date else "n.d."
    parts.append(f"{_line(record.outlet)}, {when}." if record.outlet else f"{when}.")
    if record.url:
        parts.append(f"{record.url}.")
    if record.page:
        parts.append(f"Archived at {record.page}.")
    return " ".join(parts)


def _bibtex_text(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES[m.group()], _line(text))


def _bibtex_url(address: str) -> str:
    """A URL safe inside a braced BibTeX value: braces and backslashes percent-encoded."""
    return address.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _bibtex_name(author: Author) -> str:
    name = _bibtex_text(author.name)
    if author.kind == "organization" or "," in name or re.search(r"\sand\s", name, re.IGNORECASE):
        return "{" + name + "}"  # one name as a whole, never split into first and last
    return name


def bibtex(record: CiteRecord) -> str:
    """One BibTeX entry (``@article`` with an outlet, else ``@misc``); no ``year`` for an undated article."""
    fields: list[tuple[str, str]] = []
    if record.authors:
        fields.append(("author", " and ".join(_bibtex_name(a) for a in record.authors)))
    fields.append(("title", _bibtex_text(record.title)))
    if record.outlet:
        fields.append(("journal", _bibtex_text(record.outlet)))
    if record.date:
        fields += [("year", str(record.date.year)), ("month", str(record.date.month)), ("date", record.date.isoformat())]
    if record.url:
        fields.append(("url", _bibtex_url(record.url)))
    if record.page:
        fields.append(("note", f"Archived at \\url{{{_bibtex_url(record.page)}}}"))
    fields.append(("language", _bibtex_text(record.language)))
    kind = "article" if record.outlet else "misc"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{record.key},\n{body}\n}}\n"


def ris(record: CiteRecord) -> str:
    """One RIS record; no ``PY`` or ``DA`` for an undated article."""
    kind = "NEWS" if record.news else ("MGZN" if record.outlet else "GEN")
    tags: list[tuple[str, str]] = [("TY", kind), ("ID", record.key), ("TI", record.title)]
    tags += [("AU", _line(a.name)) for a in record.authors]
    if record.outlet:
        tags.append(("T2", _line(record.outlet)))
    if record.date:
        tags += [("PY", str(record.date.year)), ("DA", f"{record.date:%Y/%m/%d}")]
    if record.url:
        tags.append(("UR", record.url))
    if record.page:
        tags += [("UR", record.page), ("N1", f"Archived at {record.page}")]
    tags.append(("LA", record.language))
    return "".join(f"{tag}  - {value}\n" for tag, value in tags) + "ER  - \n"


def _csl_name(author: Author) -> dict[str, str]:
    return dict(_csl_parts(_line(author.name), author.kind == "person"))


@lru_cache(maxsize=8192)
def _csl_parts(name: str, person: bool) -> tuple[tuple[str, str], ...]:
    """A name's CSL parts; the same few hundred names recur across an archive, so each is parsed once."""
    if person:
        parsed = HumanName(name)
        given = " ".join(p for p in (parsed.first, parsed.middle) if p)
        if given and parsed.last:
            return (("family", parsed.last), ("given", given))
    return (("literal", name),)


def csl_item(record: CiteRecord) -> dict[str, Any]:
    """One CSL-JSON item; no ``issued`` for an undated article."""
    item: dict[str, Any] = {
        "id": record.key,
        "type": "article-newspaper" if record.news else ("article-magazine" if record.outlet else "article"),
        "title": record.title,
    }
    if record.authors:
        item["author"] = [_csl_name(a) for a in record.authors]
    if record.outlet:
        item["container-title"] = _line(record.outlet)
    if record.date:
        item["issued"] = {"date-parts": [[record.date.year, record.date.month, record.date.day]]}
    if record.url:
        item["URL"] = record.url
    if record.page:
        item["archive_location"] = record.page
    item["language"] = record.language
    return item


def csl_json(record: CiteRecord) -> str:
    """CSL-JSON of one article: an array of one item, as citation managers import it."""
    return json.dumps([csl_item(record)], ensure_ascii=False, indent=2) + "\n"


def archive_bib(records: Sequence[CiteRecord]) -> str:
    """Every article as BibTeX."""
    return "\n".join(bibtex(r) for r in records)


def archive_ris(records: Sequence[CiteRecord]) -> str:
    """Every article as RIS."""
    return "\n".join(ris(r) for r in records)


def archive_csl_json(records: Sequence[CiteRecord]) -> str:
    """Every article as one CSL-JSON array."""
    return json.dumps([csl_item(r) for r in records], ensure_ascii=False, separators=(",", ":")) + "\n"


def archive_csv(rows: Sequence[tuple[Article, str, str]]) -> str:
    """One row per article, given as (article, stance id or "", site-relative page); see :data:`CSV_COLUMNS`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for article, stance, page in rows:
        writer.writerow([
            article.key, _cell(article.display_title), _cell("; ".join(_line(a.name) for a in article.authors)),
            article.date.isoformat() if article.date else "", _cell(article.outlet.name if article.outlet else ""), stance,
            urls.external(article.url) or "", page, len(article.cited_sources), len(article.claims),
        ])
    return out.getvalue()


def _cell(text: str) -> str:
    """A text cell that a spreadsheet will not run as a formula: one that opens with = + - @ gets a leading apostrophe."""
    text = _line(text)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text
