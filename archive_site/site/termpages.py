"""What index and term pages show: outlets, authors, cited sources, stances and claims."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from archive_site.site import urls
from archive_site.site.claimterms import POSITIONS, MentionRef
from archive_site.site.model import PageSpec, SiteModel
from archive_site.site.views import Links, card, cards, page_slice, stance_ref, stance_tone

log = logging.getLogger(__name__)

POSITION_HEADINGS = {"affirms": "Make the claim", "disputes": "Dispute it", "reports": "Report it"}


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def index_rows(model: SiteModel, kind: str, slugs: list[str], links: Links) -> list[dict[str, Any]]:
    """One row per term of an index, for the given slugs."""
    if kind == "outlets":
        return [{"name": o.name, "url": links.term(kind, o.slug), "kind": o.kind, "count": len(o.articles)}
                for o in (model.outlets[s] for s in slugs)]
    if kind == "authors":
        return [
            {"name": a.name, "url": links.term(kind, a.slug), "kind": a.kind, "count": len(a.articles),
             "outlets": [{"name": model.outlets[s].name, "url": links.term("outlets", s)} for s in a.outlets]}
            for a in (model.authors[s] for s in slugs)
        ]
    if kind == "sources":
        return [{"name": s.name, "url": links.term(kind, s.slug), "count": len(s.articles),
                 "citations": len(s.citations)} for s in (model.sources[s] for s in slugs)]
    if kind == "stances":
        return [{**stance_ref(model, links, s.slug), "description": s.description,
                 "count": len(s.articles), "percent": _percent(len(s.articles), model.stats.articles)}
                for s in (model.stances[s] for s in slugs)]
    if kind == "claims":
        return [
            {"label": c.claim.label, "statement": c.claim.statement, "url": links.term(kind, c.slug),
             "affirms": _articles(c.affirms), "disputes": _articles(c.disputes), "reports": _articles(c.reports),
             "count": len(c.articles), "one_sided": _stance_link(model, links, c.one_sided)}
            for c in (model.claims[s] for s in slugs)
        ]
    raise ValueError(f"unknown kind of term {kind!r}")


def _articles(refs: tuple[MentionRef, ...]) -> int:
    """How many distinct articles the mentions stand in."""
    return len({r.article for r in refs})


def _stance_link(model: SiteModel, links: Links, slug: str | None) -> dict[str, str] | None:
    return None if slug is None else stance_ref(model, links, slug)


def matrix_view(model: SiteModel, links: Links) -> dict[str, Any] | None:
    """The outlet by claim table; None when no claim is mentioned."""
    if not model.matrix.claims:
        return None
    columns = [{"label": model.claims[s].claim.label, "url": links.term("claims", s),
                "one_sided": model.claims[s].one_sided is not None} for s in model.matrix.claims]
    rows = []
    for row in model.matrix.rows:
        outlet = model.outlets[row.outlet] if row.outlet else None
        rows.append({
            "name": outlet.name if outlet else "Outlet unknown",
            "url": links.term("outlets", outlet.slug) if outlet else None,
            "cells": [{"affirms": a, "disputes": d, "reports": r, "empty": not (a or d or r)} for a, d, r in row.cells],
        })
    return {"columns": columns, "rows": rows}


def outlet_view(model: SiteModel, spec: PageSpec, links: Links) -> dict[str, Any]:
    """An outlet: its articles, authors, stance mix and most-cited sources."""
    outlet = model.outlets[spec.slug or ""]
    total = len(outlet.articles)
    return {
        "title": outlet.name,
        "description": f"{total} article(s) from {outlet.name} in the archive.",
        "outlet": outlet,
        "homepage": _short_url(outlet.homepage) if outlet.homepage else None,
        "homepage_href": urls.external(outlet.homepage),
        "count": total,
        "stance_mix": [
            {**stance_ref(model, links, s), "count": n, "percent": _percent(n, total),
             "width": f"{100 * n / total:.2f}".rstrip("0").rstrip(".")}
            for s, n in outlet.stance_mix
        ],
        "authors": [{"name": model.authors[s].name, "url": links.term("authors", s),
                     "count": sum(1 for k in model.authors[s].articles if model.article_outlet.get(k) == outlet.slug)}
                    for s in outlet.authors],
        "top_sources": [{"name": model.sources[s].name, "url": links.term("sources", s), "count": n}
                        for s, n in outlet.top_sources],
        "articles": cards(model, links, page_slice(outlet.articles, spec, model.config.page_size)),
    }


def _short_url(url: str) -> str:
    """A homepage as people say it: ``codepink.org`` for ``https://www.codepink.org/``."""
    short = url.split("://", 1)[-1].removeprefix("www.")
    return short[:-1] if short.endswith("/") and short.count("/") == 1 else short


def author_view(model: SiteModel, spec: PageSpec, links: Links) -> dict[str, Any]:
    """An author: their articles and outlets."""
    author = model.authors[spec.slug or ""]
    return {
        "title": author.name,
        "description": f"{len(author.articles)} article(s) by {author.name} in the archive.",
        "author": author,
        "count": len(author.articles),
        "outlets": [{"name": model.outlets[s].name, "url": links.term("outlets", s)} for s in author.outlets],
        "articles": cards(model, links, page_slice(author.articles, spec, model.config.page_size)),
    }


def source_view(model: SiteModel, spec: PageSpec, links: Links) -> dict[str, Any]:
    """A cited source: every sentence that cites it, with its article."""
    source = model.sources[spec.slug or ""]
    shown = page_slice(source.citations, spec, model.config.page_size)
    return {
        "title": source.name,
        "description": f"{len(source.articles)} article(s) in the archive cite {source.name}.",
        "source": source,
        "count": len(source.articles),
        "outlet_url": links.term("outlets", source.outlet) if source.outlet else None,
        "citations": [
            {
                "text": citation.text,
                "where": _anchor(model, links, ref.article, citation.paragraph),
                "article": card(model, links, ref.article),
            }
            for ref, citation in ((r, model.articles[r.article].cited_sources[r.index]) for r in shown)
        ],
    }


def _anchor(model: SiteModel, links: Links, key: str, anchor: str) -> str:
    article = model.articles[key]
    if any(p.id == anchor for p in article.paragraphs) or any(r.id == anchor for r in article.references):
        return links.article(key, anchor)
    return links.article(key)


def stance_view(model: SiteModel, spec: PageSpec, links: Links) -> dict[str, Any]:
    """A stance: what it means and its articles."""
    stance = model.stances[spec.slug or ""]
    return {
        "title": stance.label,
        "description": stance.description or f"Articles labelled {stance.label}.",
        "stance": stance,
        "tone": stance_tone(model, stance.slug),
        "count": len(stance.articles),
        "articles": cards(model, links, page_slice(stance.articles, spec, model.config.page_size)),
    }


def claim_view(model: SiteModel, spec: PageSpec, links: Links) -> dict[str, Any]:
    """A claim: who makes, disputes and reports it, who made it first, and related claims."""
    term = model.claims[spec.slug or ""]

    def mention(ref: MentionRef) -> dict[str, Any]:
        found = model.articles[ref.article].claims[ref.index]
        return {"sentence": found.sentence, "where": _anchor(model, links, ref.article, found.paragraph),
                "article": card(model, links, ref.article)}

    first = None
    if term.first is not None:
        first = {"article": card(model, links, term.first.article), **mention(term.first)}
    return {
        "title": term.claim.label,
        "description": term.claim.statement,
        "claim": term.claim,
        "count": len(term.articles),
        "columns": [
            {"position": p, "heading": POSITION_HEADINGS[p], "mentions": [mention(r) for r in term.column(p)]}
            for p in POSITIONS
        ],
        "first": first,
        "one_sided": _stance_link(model, links, term.one_sided),
        "related": [{"label": model.claims[s].claim.label, "url": links.term("claims", s), "count": n}
                    for s, n in term.related],
    }


TERM_VIEWS: dict[str, Callable[[SiteModel, PageSpec, Links], dict[str, Any]]] = {
    "outlets": outlet_view,
    "authors": author_view,
    "sources": source_view,
    "stances": stance_view,
    "claims": claim_view,
}
