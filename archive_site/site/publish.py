"""What other programs read: Atom feeds, sitemap, robots.txt, archive.json and its schema, citation files, page metadata.

Page metadata (canonical link, OpenGraph, schema.org JSON-LD, Highwire
``citation_*`` tags) is computed here and placed by the templates. Outputs that
need absolute URLs are left out when the site has no ``base_url``, and
:func:`publish` says which. Nothing carries a build timestamp: a feed's
``updated`` is its newest article's date, or a fixed epoch.
"""

from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from typing import Any

from markupsafe import Markup

from archive_site.model import Article
from archive_site.records import article_json
from archive_site.resources import data_file
from archive_site.site import cite, urls
from archive_site.site.model import PageSpec, SiteModel

log = logging.getLogger(__name__)

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: Feed ``updated`` when no article in the feed has a date.
EPOCH = "1970-01-01T00:00:00Z"
#: Schema version of archive.json.
ARCHIVE_SCHEMA = "archive-site/1"
#: The JSON Schema of archive.json, shipped beside it.
SCHEMA_FILE = urls.ARCHIVE_SCHEMA_FILE
#: Outlet kinds (from the outlets data file) whose articles are schema.org NewsArticle; others are Article.
NEWS_KINDS = frozenset({"wire", "newspaper", "news agency", "news site", "broadcaster"})


@dataclass(frozen=True, slots=True)
class HeadMeta:
    """Metadata of one page's ``<head>``."""

    canonical: str | None
    """Absolute canonical URL; None without a base URL."""
    og: tuple[tuple[str, str], ...]
    """OpenGraph ``property`` and ``content`` pairs."""
    citation: tuple[tuple[str, str], ...]
    """Highwire ``citation_*`` ``name`` and ``content`` pairs (article pages only)."""
    jsonld: Markup | None
    """schema.org JSON-LD, escaped for a ``<script>`` element (article pages only)."""


def head_meta(model: SiteModel, spec: PageSpec, title: str, description: str) -> HeadMeta:
    """The ``<head>`` metadata of one page."""
    base = model.config.base_url
    canonical = urls.absolute(spec.path, base) if base and spec.kind != "not-found" else None
    article = model.articles[spec.slug] if spec.kind == "article" and spec.slug else None
    og: list[tuple[str, str]] = [
        ("og:type", "article" if article else "website"),
        ("og:title", title),
        ("og:description", description),
        ("og:site_name", model.config.title),
    ]
    if canonical:
        og.append(("og:url", canonical))
    if article is None:
        return HeadMeta(canonical, tuple(og), (), None)
    if article.date:
        og.append(("article:published_time", article.date.isoformat()))
    og.extend(("article:author", a.name) for a in article.authors)
    return HeadMeta(canonical, tuple(og), _citation_meta(article, canonical), _jsonld(article, canonical, model))


def _citation_meta(article: Article, canonical: str | None) -> tuple[tuple[str, str], ...]:
    tags = [("citation_title", article.display_title)]
    tags.extend(("citation_author", a.name) for a in article.authors)
    if article.date:
        tags.append(("citation_publication_date", f"{article.date:%Y/%m/%d}"))
    if article.outlet:
        tags.extend([("citation_journal_title", article.outlet.name), ("citation_publisher", article.outlet.name)])
    if canonical:
        tags.append(("citation_public_url", canonical))
    tags.append(("citation_language", article.language))
    return tuple(tags)


def _jsonld(article: Article, canonical: str | None, model: SiteModel) -> Markup:
    kind = "NewsArticle" if article.outlet and (article.outlet.kind or "").casefold() in NEWS_KINDS else "Article"
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": kind, "headline": article.display_title}
    if article.dek:
        data["description"] = article.dek
    if article.date:
        data["datePublished"] = article.date.isoformat()
    if article.authors:
        data["author"] = [
            {"@type": "Person" if a.kind == "person" else "Organization", "name": a.name} for a in article.authors
        ]
    if article.outlet:
        publisher: dict[str, Any] = {"@type": "Organization", "name": article.outlet.name}
        if homepage := urls.external(article.outlet.homepage):
            publisher["url"] = homepage
        data["publisher"] = publisher
    if canonical:
        data["url"] = canonical
        data["mainEntityOfPage"] = canonical
    if original := urls.external(article.url):
        data["isBasedOn"] = original
    data["inLanguage"] = article.language
    data["isPartOf"] = {"@type": "WebSite", "name": model.config.title}
    return Markup(markup_free_json(data))


def markup_free_json(data: Any) -> str:
    """``data`` as JSON in which ``<``, ``>`` and ``&`` are unicode escapes.

    Inside a ``<script>`` element ``</script>`` or ``<!--`` in a value would end the
    element or change how it is read; escaped, they are plain JSON strings that
    decode to the same text. archive.json is written the same way, so it stays
    safe to paste into a page.
    """
    # Compact: with no indent, json uses its C encoder, many times faster on archive.json's thousands of records.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def publish(model: SiteModel, specs: list[PageSpec]) -> tuple[dict[str, bytes], tuple[str, ...]]:
    """The machine-readable outputs and what was skipped for want of a base URL."""
    files = {urls.ARCHIVE_JSON: archive_json(model), SCHEMA_FILE: data_file(SCHEMA_FILE).read_bytes(),
             urls.ROBOTS: robots_txt(model), **citation_files(model)}
    base = model.config.base_url
    if base is None:
        skipped = (
            f"{urls.FEED} and outlets/*/feed.xml: Atom feeds need absolute URLs; build with --base-url",
            f"{urls.SITEMAP}: a sitemap needs absolute URLs; build with --base-url",
            "canonical links, og:url and citation_public_url: need --base-url",
        )
        return files, skipped
    files[urls.FEED] = atom_feed(model, tuple(model.articles), urls.FEED, model.config.title)
    for outlet in model.outlets.values():
        title = f"{outlet.name} — {model.config.title}"
        files[urls.outlet_feed(outlet.slug)] = atom_feed(model, outlet.articles, urls.outlet_feed(outlet.slug), title)
    files[urls.SITEMAP] = sitemap_xml(base, specs)
    return files, ()


def cite_record(model: SiteModel, key: str) -> cite.CiteRecord:
    """The citation of one article, with its page's absolute address when the site has a base URL."""
    base = model.config.base_url
    return cite.cite_record(model.articles[key], urls.absolute(urls.article_page(key), base) if base else None)


def citation_files(model: SiteModel) -> dict[str, bytes]:
    """archive.bib, archive.ris, archive.csl.json and archive.csv: every article, in the site's order."""
    records = [cite_record(model, key) for key in model.articles]
    rows = [(a, a.stance.label or "", urls.article_page(k)) for k, a in model.articles.items()]
    texts = {
        urls.ARCHIVE_BIB: cite.archive_bib(records),
        urls.ARCHIVE_RIS: cite.archive_ris(records),
        urls.ARCHIVE_CSL: cite.archive_csl_json(records),
        urls.ARCHIVE_CSV: cite.archive_csv(rows),
    }
    return {path: text.encode("utf-8") for path, text in texts.items()}


def feed_paths(model: SiteModel) -> frozenset[str]:
    """The feeds :func:`publish` writes (none without a base URL)."""
    if model.config.base_url is None:
        return frozenset()
    return frozenset([urls.FEED, *(urls.outlet_feed(o.slug) for o in model.outlets.values())])


def _timestamp(article: Article) -> str:
    assert article.date is not None
    return f"{article.date.isoformat()}T00:00:00Z"


def atom_feed(model: SiteModel, keys: tuple[str, ...], path: str, title: str) -> bytes:
    """An Atom feed of the newest dated articles among ``keys`` (newest first). Undated articles have no place in it."""
    base = model.config.base_url
    assert base is not None, "feeds need a base URL"
    dated = [model.articles[k] for k in keys if model.articles[k].date is not None]
    dated.sort(key=lambda a: (a.date, a.key), reverse=True)
    entries = dated[: model.config.feed_size]
    feed = ET.Element("feed", xmlns=ATOM)
    _sub(feed, "id", urls.absolute(path, base))
    _sub(feed, "title", title)
    _sub(feed, "subtitle", model.config.description)
    _sub(feed, "updated", _timestamp(entries[0]) if entries else EPOCH)
    ET.SubElement(feed, "link", rel="self", href=urls.absolute(path, base))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=base)
    author = ET.SubElement(feed, "author")
    _sub(author, "name", model.config.title)
    _sub(feed, "generator", "archive-site")
    for article in entries:
        page = urls.absolute(urls.article_page(article.key), base)
        entry = ET.SubElement(feed, "entry")
        _sub(entry, "id", page)
        _sub(entry, "title", article.display_title)
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=page)
        _sub(entry, "published", _timestamp(article))
        _sub(entry, "updated", _timestamp(article))
        for person in article.authors:
            _sub(ET.SubElement(entry, "author"), "name", person.name)
        if article.outlet:
            ET.SubElement(entry, "category", term=article.outlet.slug, label=article.outlet.name)
        _sub(entry, "summary", summary(article))
    return _xml(feed)


def summary(article: Article, limit: int = 300) -> str:
    """The dek, else the opening of the first paragraph, cut at a word near ``limit`` characters."""
    text = article.dek or (article.paragraphs[0].text if article.paragraphs else "")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def sitemap_xml(base_url: str, specs: list[PageSpec]) -> bytes:
    """A sitemap of every HTML page except the 404 page."""
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    for spec in specs:
        if spec.kind != "not-found":
            _sub(ET.SubElement(root, "url"), "loc", urls.absolute(spec.path, base_url))
    return _xml(root)


def robots_txt(model: SiteModel) -> bytes:
    """Allow everything; point at the sitemap when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if model.config.base_url:
        lines.append(f"Sitemap: {urls.absolute(urls.SITEMAP, model.config.base_url)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _xml(root: ET.Element) -> bytes:
    """Serialise with the namespace declared on the root (``xmlns``), so names stay unprefixed."""
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def archive_json(model: SiteModel) -> bytes:
    """Every record with the site pages it links to, plus the vocabularies (schema :data:`ARCHIVE_SCHEMA`)."""
    base = model.config.base_url

    def url(page: str) -> str | None:
        return urls.absolute(page, base) if base else None

    def term(kind: str, slug: str) -> str:
        return urls.term_page(kind, slug)

    records = []
    for key, article in model.articles.items():
        record = article_json(article)
        page = urls.article_page(key)
        record["links"] = {
            "page": page,
            "url": url(page),
            "source_text": urls.article_source(key) if key in model.source_texts else None,
            "outlet": term("outlets", model.article_outlet[key]) if key in model.article_outlet else None,
            "authors": [term("authors", s) for s in model.article_authors[key]],
            "cited_sources": [term("sources", s) for s in model.citation_sources[key]],
            "stance": term("stances", model.article_stance[key]),
            "claims": [
                term("claims", model.claim_slugs[m.claim]) if m.claim in model.claim_slugs else None
                for m in article.claims
            ],
            "related": [urls.article_page(k) for k in model.related[key]],
        }
        records.append(record)
    data = {
        "schema": ARCHIVE_SCHEMA,
        "title": model.config.title,
        "description": model.config.description,
        "language": model.config.language,
        "base_url": base,
        "counts": asdict(model.stats),
        "stances": [
            {"id": s.id, "label": s.label, "description": s.description, "page": term("stances", s.slug),
             "articles": list(s.articles)}
            for s in model.stances.values()
        ],
        "claims": [
            {"id": c.claim.id, "label": c.claim.label, "statement": c.claim.statement,
             "description": c.claim.description, "page": term("claims", c.slug), "articles": list(c.articles),
             "affirms": len(c.affirms), "disputes": len(c.disputes), "reports": len(c.reports),
             "one_sided": c.one_sided}
            for c in model.claims.values()
        ],
        "outlets": [
            {"name": o.name, "slug": o.slug, "kind": o.kind, "homepage": o.homepage, "page": term("outlets", o.slug),
             "articles": list(o.articles)}
            for o in model.outlets.values()
        ],
        "authors": [
            {"name": a.name, "slug": a.slug, "kind": a.kind, "page": term("authors", a.slug),
             "articles": list(a.articles)}
            for a in model.authors.values()
        ],
        "sources": [
            {"name": s.name, "slug": s.slug, "page": term("sources", s.slug), "articles": list(s.articles)}
            for s in model.sources.values()
        ],
        "articles": records,
    }
    return (markup_free_json(data) + "\n").encode("utf-8")
