"""The site's model: a library of articles and the taxonomy terms that point into it.

:func:`build_site_model` is a pure function of the articles, the claims catalog,
the stance vocabulary and the settings. Terms (outlets, authors, cited sources,
stances, claims) own their slug and page and hold article keys, never copies.
:meth:`SiteModel.pages` lists every HTML page, each renderable on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from archive_site.config import SiteConfig
from archive_site.model import Article, Claim, StanceDef
from archive_site.site import urls
from archive_site.site.claimterms import ClaimMatrix, ClaimTerm, Highlight, MentionRef, build_claims, resolve_highlights
from archive_site.site.links import TimelineGroup, order_articles, related_articles, timeline
from archive_site.site.terms import (
    Author,
    CitationRef,
    CitedSource,
    Outlet,
    StanceTerm,
    assign,
    author_terms,
    dedupe,
    identity,
    outlet_terms,
    source_terms,
    stance_terms,
)

log = logging.getLogger(__name__)

__all__ = [
    "Author",
    "CitationRef",
    "CitedSource",
    "ClaimMatrix",
    "ClaimTerm",
    "Highlight",
    "MentionRef",
    "Outlet",
    "PageSpec",
    "SiteModel",
    "StanceTerm",
    "Stats",
    "TimelineGroup",
    "build_site_model",
]


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts shown on the home page and in the build report."""

    articles: int
    """Articles in the archive."""
    dated: int
    """Articles with a printed date."""
    estimated: int
    """Undated articles with an estimated window."""
    undated: int
    """Articles with neither."""
    outlets: int
    """Distinct outlets."""
    authors: int
    """Distinct authors."""
    sources: int
    """Distinct cited sources."""
    citations: int
    """Citations in all."""
    claims: int
    """Catalog claims mentioned at least once."""
    mentions: int
    """Claim mentions in all."""
    flagged: int
    """Articles with at least one value that needs review."""
    first_date: str | None
    """Earliest printed date (ISO)."""
    last_date: str | None
    """Latest printed date (ISO)."""


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One HTML page to render."""

    kind: str
    """home, about, not-found, timeline, search, article, index, or term."""
    path: str
    """File path relative to the site's root."""
    term_kind: str | None = None
    """For index and term pages: outlets, authors, sources, stances or claims."""
    slug: str | None = None
    """Article key or term slug, for article and term pages."""
    number: int = 1
    """Page number within a paginated list."""
    total: int = 1
    """Number of pages of that list."""


@dataclass(frozen=True, slots=True)
class SiteModel:
    """Everything the pages are rendered from."""

    config: SiteConfig
    """The site's settings."""
    articles: dict[str, Article]
    """Key to article, newest first."""
    outlets: dict[str, Outlet]
    """Slug to outlet, by name."""
    authors: dict[str, Author]
    """Slug to author, by name."""
    sources: dict[str, CitedSource]
    """Slug to cited source, by name."""
    stances: dict[str, StanceTerm]
    """Slug to stance, vocabulary order, unclassified last."""
    claims: dict[str, ClaimTerm]
    """Slug to claim, catalog order."""
    article_outlet: dict[str, str]
    """Article key to outlet slug (articles with a known outlet only)."""
    article_authors: dict[str, tuple[str, ...]]
    """Article key to author slugs, byline order."""
    citation_sources: dict[str, tuple[str, ...]]
    """Article key to the source slug of each citation, in order."""
    article_stance: dict[str, str]
    """Article key to stance slug."""
    claim_slugs: dict[str, str]
    """Claim id to claim slug."""
    highlights: dict[str, tuple[Highlight, ...]]
    """Article key to the claim sentences to mark in its body."""
    related: dict[str, tuple[str, ...]]
    """Article key to related article keys, best first."""
    timeline: tuple[TimelineGroup, ...]
    """Articles by month, estimated months marked, undated last."""
    matrix: ClaimMatrix
    """Outlet by claim table."""
    stats: Stats
    """Counts."""
    warnings: tuple[str, ...] = ()
    """What the model noticed: slug collisions, unknown claims or stances, bad offsets."""
    source_texts: frozenset[str] = field(default_factory=frozenset)
    """Keys of the articles whose untouched source text is copied into the site."""

    def pages(self) -> list[PageSpec]:
        """Every HTML page of the site, in a stable order."""
        size = self.config.page_size
        specs = [
            PageSpec("home", urls.HOME),
            PageSpec("about", urls.ABOUT),
            PageSpec("not-found", urls.NOT_FOUND),
            PageSpec("timeline", urls.TIMELINE),
            PageSpec("search", urls.SEARCH),
        ]
        specs.extend(PageSpec("article", urls.article_page(key), slug=key) for key in self.articles)
        for kind, terms in self.term_tables().items():
            total = _page_count(len(terms), size)
            specs.extend(
                PageSpec("index", urls.index_page(kind, n), kind, None, n, total) for n in range(1, total + 1)
            )
            for slug in terms:
                total = _page_count(self.term_size(kind, slug), size)
                specs.extend(
                    PageSpec("term", urls.term_page(kind, slug, n), kind, slug, n, total) for n in range(1, total + 1)
                )
        return specs

    def term_tables(self) -> dict[str, dict[str, object]]:
        """Each kind of term to its slug-to-term table."""
        return {
            "outlets": dict(self.outlets),
            "authors": dict(self.authors),
            "sources": dict(self.sources),
            "stances": dict(self.stances),
            "claims": dict(self.claims),
        }

    def term_size(self, kind: str, slug: str) -> int:
        """How many list items a term's page paginates over (claims do not paginate)."""
        if kind == "sources":
            return len(self.sources[slug].citations)
        if kind == "claims":
            return 1
        term = self.term_tables()[kind][slug]
        return len(getattr(term, "articles", ()))

    def article_page(self, key: str) -> str:
        """The page of one article."""
        return urls.article_page(key)


def _page_count(items: int, size: int) -> int:
    return max(1, -(-items // size))


def build_site_model(
    articles: Sequence[Article],
    catalog: Sequence[Claim],
    stances: Sequence[StanceDef],
    config: SiteConfig,
    *,
    source_texts: Collection[str] | None = None,
) -> SiteModel:
    """Cross-link ``articles`` into a :class:`SiteModel`. Pure: reads nothing, writes nothing.

    ``source_texts`` names the articles whose seed text will be copied beside
    their page (None: all of them).
    """
    warnings: list[str] = []
    ordered = _unique(order_articles(articles), warnings)
    by_key = {a.key: a for a in ordered}
    keys = tuple(by_key)

    outlet_slugs = assign(((a.outlet.name, a.outlet.slug) for a in ordered if a.outlet), warnings, "outlet")
    article_outlet = {a.key: outlet_slugs[a.outlet.name] for a in ordered if a.outlet}
    author_slugs = assign(((identity(x.name), x.name) for a in ordered for x in a.authors), warnings, "author")
    article_authors = {a.key: dedupe(author_slugs[identity(x.name)] for x in a.authors) for a in ordered}
    source_slugs = assign(((identity(c.name), c.slug) for a in ordered for c in a.cited_sources), warnings, "source")
    citation_sources = {a.key: tuple(source_slugs[identity(c.name)] for c in a.cited_sources) for a in ordered}
    stances_by_slug, article_stance = stance_terms(ordered, stances, warnings)

    outlets = outlet_terms(
        ordered, outlet_slugs, article_outlet, article_authors, citation_sources, article_stance, stances_by_slug
    )
    authors = author_terms(ordered, author_slugs, article_authors, article_outlet)
    sources = source_terms(ordered, source_slugs, citation_sources, outlets)
    claims, claim_slugs, matrix = build_claims(by_key, catalog, article_outlet, article_stance, outlets, warnings)
    highlights = resolve_highlights(ordered, claim_slugs, warnings)
    related = related_articles(ordered, article_outlet, citation_sources)
    for message in warnings:
        log.warning("%s", message)
    dated = sum(1 for a in ordered if a.date)
    estimated = sum(1 for a in ordered if not a.date and a.date_estimate)
    dates = sorted(a.date for a in ordered if a.date)
    stats = Stats(
        articles=len(ordered),
        dated=dated,
        estimated=estimated,
        undated=len(ordered) - dated - estimated,
        outlets=len(outlets),
        authors=len(authors),
        sources=len(sources),
        citations=sum(len(a.cited_sources) for a in ordered),
        claims=sum(1 for c in claims.values() if c.articles),
        mentions=sum(len(c.affirms) + len(c.disputes) + len(c.reports) for c in claims.values()),
        flagged=sum(1 for a in ordered if a.flags),
        first_date=dates[0].isoformat() if dates else None,
        last_date=dates[-1].isoformat() if dates else None,
    )
    return SiteModel(
        config=config,
        articles=by_key,
        outlets=outlets,
        authors=authors,
        sources=sources,
        stances=stances_by_slug,
        claims=claims,
        article_outlet=article_outlet,
        article_authors=article_authors,
        citation_sources=citation_sources,
        article_stance=article_stance,
        claim_slugs=claim_slugs,
        highlights=highlights,
        related=related,
        timeline=timeline(ordered),
        matrix=matrix,
        stats=stats,
        warnings=tuple(warnings),
        source_texts=frozenset(keys if source_texts is None else source_texts),
    )


def _unique(articles: Sequence[Article], warnings: list[str]) -> list[Article]:
    """Drop articles whose key or page slug repeats one already kept (the loader keeps keys unique)."""
    seen: dict[str, str] = {}
    kept: list[Article] = []
    for article in articles:
        try:
            urls.article_page(article.key)
        except ValueError:
            warnings.append(f"{article.source}: key {article.key!r} is not a URL slug; the article is left out")
            continue
        if article.key in seen:
            warnings.append(f"{article.source}: key {article.key!r} repeats {seen[article.key]}; left out")
            continue
        seen[article.key] = article.source
        kept.append(article)
    return kept
