"""The search page: the filters a reader narrows the results by, with the values the article pages give the index.

The build indexes the article pages (:mod:`archive_site.build.search`). Each article
page names its outlet, authors, stance, claims and year with ``data-pagefind-filter``
under the names of :data:`FILTERS`, in the same words as the values listed here, so
every option of the search page matches what the index holds. The page itself only
holds the form; ``static/search.js`` runs the search in the browser.
"""

from __future__ import annotations

import logging
from typing import Any

from archive_site.model import Article
from archive_site.site import urls
from archive_site.site.model import PageSpec, SiteModel
from archive_site.site.views import Links

log = logging.getLogger(__name__)

#: Each filter: its name in the index and the address (``?outlet=...``), and its label on the search page.
FILTERS: tuple[tuple[str, str], ...] = (
    ("outlet", "Outlet"),
    ("author", "Author"),
    ("stance", "Stance"),
    ("claim", "Claim"),
    ("year", "Year"),
)
#: The year filter's value for an article without a printed date (an estimated window is not a year).
UNDATED = "Undated"


def search_year(article: Article) -> str:
    """The article's value of the year filter: the printed year, or :data:`UNDATED`."""
    return str(article.date.year) if article.date else UNDATED


def filter_values(model: SiteModel) -> dict[str, list[str]]:
    """Each filter's values as the article pages write them: terms in the site's order, years newest first."""
    years = {search_year(a) for a in model.articles.values()}
    return {
        "outlet": [o.name for o in model.outlets.values()],
        "author": [a.name for a in model.authors.values()],
        "stance": [s.label for s in model.stances.values() if s.articles],
        "claim": [c.claim.label for c in model.claims.values() if c.articles],
        "year": sorted(years - {UNDATED}, reverse=True) + ([UNDATED] if UNDATED in years else []),
    }


def search_context(model: SiteModel, spec: PageSpec, links: Links) -> dict[str, Any]:
    """The search form, its filters, and where the script finds the index and the site's root."""
    values = filter_values(model)
    return {
        "title": "Search",
        "description": "Search the archive's articles by their words, and narrow the results by outlet, author, "
                       "stance, claim or year.",
        "filters": [{"name": name, "label": label, "values": values[name]} for name, label in FILTERS],
        "search_index": links.to(urls.SEARCH_INDEX),
        "search_parts": [links.to(folder) for folder in list(urls.search_parts(map(urls.article_page, model.articles)))[1:]],
        "site_root": urls.root_of(spec.path),
        "stats": model.stats,
    }
