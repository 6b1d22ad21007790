"""Pieces every page view shares: links bound to a page, dates as read, article cards, pagination.

Links come from :class:`Links`, which is bound to the page being rendered and
asks :mod:`archive_site.site.urls`; templates never build a URL themselves.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from archive_site.model import Article
from archive_site.site import urls
from archive_site.site.links import MONTHS
from archive_site.site.model import PageSpec, SiteModel

log = logging.getLogger(__name__)

#: Pages listed on either side of the current one in pagination.
PAGE_WINDOW = 2
#: Colours the stylesheet gives stances (``tone-1`` ... ``tone-6``), in vocabulary order; more stances reuse them.
STANCE_TONES = 6

INDEX_TITLES = {
    "outlets": ("Outlets", "Publications with articles in the archive."),
    "authors": ("Authors", "People and organisations credited with articles."),
    "sources": ("Cited sources", "Publications, agencies and institutions the articles rely on."),
    "stances": ("Stances", "Where each article stands, in the archive's stance vocabulary."),
    "claims": ("Claims", "Catalogued claims, and which articles make, dispute or report them."),
}


class Links:
    """Relative links from one page to the rest of the site."""

    __slots__ = ("absolute_base", "model", "page")

    def __init__(self, page: str, model: SiteModel, *, absolute_base: str | None = None) -> None:
        self.page = page
        self.model = model
        # When set, links are absolute URLs under it: the 404 page is shown at any address.
        self.absolute_base = absolute_base

    def to(self, page: str, anchor: str | None = None) -> str:
        """A link to any file of the site."""
        if self.absolute_base:
            url = urls.absolute(page, self.absolute_base)
            return f"{url}#{anchor}" if anchor else url
        return urls.relative(self.page, page, anchor)

    def article(self, key: str, anchor: str | None = None) -> str:
        """A link to an article, optionally to a paragraph of it."""
        return self.to(urls.article_page(key), anchor)

    def term(self, kind: str, slug: str, number: int = 1) -> str:
        """A link to a term's page."""
        return self.to(urls.term_page(kind, slug, number))

    def index(self, kind: str, number: int = 1) -> str:
        """A link to an index of terms."""
        return self.to(urls.index_page(kind, number))

    def navigation(self) -> list[dict[str, Any]]:
        """The site's main menu."""
        items = [("Home", urls.HOME), ("Timeline", urls.TIMELINE)]
        items += [(INDEX_TITLES[k][0], urls.index_page(k)) for k in urls.TERM_KINDS]
        items += [("About", urls.ABOUT)]
        return [{"label": label, "url": self.to(page), "current": page == self.page} for label, page in items]


def date_text(day: dt.date) -> str:
    """``29 May 2024``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def when(article: Article) -> dict[str, Any]:
    """How an article's date reads in lists: the printed date, an estimated window, or undated."""
    if article.date:
        return {"iso": article.date.isoformat(), "text": date_text(article.date), "estimated": None}
    if article.date_estimate:
        est = article.date_estimate
        window = f"{date_text(est.earliest)} – {date_text(est.latest)}"
        if est.earliest == est.latest:
            window = date_text(est.earliest)
        return {"iso": None, "text": "Undated", "estimated": window}
    return {"iso": None, "text": "Undated", "estimated": None}


def card(model: SiteModel, links: Links, key: str) -> dict[str, Any]:
    """An article as it appears in lists."""
    article = model.articles[key]
    outlet_slug = model.article_outlet.get(key)
    stance = model.stances[model.article_stance[key]]
    return {
        "key": key,
        "title": article.display_title,
        "url": links.article(key),
        "when": when(article),
        "outlet": {"name": model.outlets[outlet_slug].name, "url": links.term("outlets", outlet_slug)}
        if outlet_slug
        else None,
        "authors": [
            {"name": model.authors[s].name, "url": links.term("authors", s)} for s in model.article_authors[key]
        ],
        "stance": stance_ref(model, links, stance.slug),
    }


def stance_tone(model: SiteModel, slug: str) -> int:
    """The stance's colour: its place in the vocabulary, 1 to :data:`STANCE_TONES`; 0 when it is outside it."""
    vocabulary = [s.slug for s in model.stances.values() if s.id is not None and s.in_vocabulary]
    return vocabulary.index(slug) % STANCE_TONES + 1 if slug in vocabulary else 0


def stance_ref(model: SiteModel, links: Links, slug: str) -> dict[str, Any]:
    """A stance as pages link to it: label, slug, URL and colour."""
    stance = model.stances[slug]
    return {"label": stance.label, "slug": slug, "url": links.term("stances", slug), "tone": stance_tone(model, slug)}


def cards(model: SiteModel, links: Links, keys: Any) -> list[dict[str, Any]]:
    """Several articles as they appear in lists."""
    return [card(model, links, key) for key in keys]


def pagination(spec: PageSpec, links: Links) -> dict[str, Any] | None:
    """Previous/next and nearby page links of a paginated list; None when it has one page."""
    if spec.total <= 1:
        return None

    def page_url(number: int) -> str:
        if spec.kind == "index" and spec.term_kind:
            return links.index(spec.term_kind, number)
        assert spec.term_kind and spec.slug
        return links.term(spec.term_kind, spec.slug, number)

    nearby = range(max(1, spec.number - PAGE_WINDOW), min(spec.total, spec.number + PAGE_WINDOW) + 1)
    shown = sorted({1, spec.total, *nearby})
    pages: list[dict[str, Any]] = []
    for number in shown:
        if pages and number - pages[-1]["number"] > 1:
            pages.append({"number": None, "url": None, "current": False})
        pages.append({"number": number, "url": page_url(number), "current": number == spec.number})
    return {
        "number": spec.number,
        "total": spec.total,
        "previous": page_url(spec.number - 1) if spec.number > 1 else None,
        "next": page_url(spec.number + 1) if spec.number < spec.total else None,
        "pages": pages,
    }


def page_slice(items: Any, spec: PageSpec, size: int) -> list[Any]:
    """The items shown on page ``spec.number`` of a list paginated by ``size``."""
    start = (spec.number - 1) * size
    return list(items)[start : start + size]
