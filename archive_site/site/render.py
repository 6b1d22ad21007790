"""Pages from the site model: one Jinja template per page kind, one context function each.

The environment autoescapes and uses ``StrictUndefined``, so a missing variable
fails loudly. Templates never build URLs: they call the :class:`Links` of the
page being rendered, which asks :mod:`archive_site.site.urls`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import operator
import pickle
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from archive_site import __version__
from archive_site.resources import resource_dir
from archive_site.site import csp, urls
from archive_site.site.articlepage import article_body
from archive_site.site.model import PageSpec, SiteModel
from archive_site.site.publish import feed_paths, head_meta, summary
from archive_site.site.searchpage import search_context, search_year
from archive_site.site.termpages import TERM_VIEWS, index_rows, matrix_view
from archive_site.site.views import INDEX_TITLES, Links, card, cards, page_slice, pagination

log = logging.getLogger(__name__)

#: Articles listed under "Latest" on the home page.
LATEST = 10
#: The packaged templates.
DEFAULT_TEMPLATES = resource_dir("templates")


def home_context(model: SiteModel, spec: PageSpec, links: Links) -> dict[str, Any]:
    """The home page: what the archive is, its counts, the latest articles, every way in."""
    tables = model.term_tables()
    entry_points = [
        {"label": INDEX_TITLES[k][0], "blurb": INDEX_TITLES[k][1], "url": links.index(k), "count": len(tables[k])}
        for k in urls.TERM_KINDS
    ]
    entry_points.insert(0, {"label": "Timeline", "blurb": "Every article by month, oldest first.",
                            "url": links.to(urls.TIMELINE), "count": model.stats.articles})
    top_claims = sorted((c for c in model.claims.values() if c.articles), key=lambda c: (-len(c.articles), c.slug))
    return {
        "title": model.config.title,
        "stats": model.stats,
        "latest": cards(model, links, list(model.articles)[:LATEST]),
        "entry_points": entry_points,
        "top_claims": [
            {"label": c.claim.label, "statement": c.claim.statement, "url": links.term("claims", c.slug),
             "count": len(c.articles)}
            for c in top_claims[:5]
        ],
        "archive_json": links.to(urls.ARCHIVE_JSON),
    }


def about_context(model: SiteModel, spec: PageSpec, links: Links) -> dict[str, Any]:
    """How the archive is built and how to correct a record."""
    example = next(iter(model.articles.values()), None)
    return {
        "title": "About this archive",
        "description": "How the archive is built, how to read its records, and how to correct one.",
        "stances": [
            {"label": s.label, "description": s.description, "url": links.term("stances", s.slug)}
            for s in model.stances.values()
        ],
        "example_source": example.source_name if example else "article.txt",
        "archive_json": links.to(urls.ARCHIVE_JSON),
        "data_files": [
            {"name": name, "url": links.to(name), "what": what}
            for name, what in (
                (urls.ARCHIVE_SCHEMA_FILE, "the JSON Schema of archive.json"),
                (urls.ARCHIVE_BIB, "every article as BibTeX"),
                (urls.ARCHIVE_RIS, "every article as RIS, for reference managers"),
                (urls.ARCHIVE_CSL, "every article as CSL-JSON"),
                (urls.ARCHIVE_CSV, "one row per article: title, authors, date, outlet, stance, page, citations, claims"),
            )
        ],
        "stats": model.stats,
    }


def not_found_context(model: SiteModel, spec: PageSpec, links: Links) -> dict[str, Any]:
    """The page a server shows for a missing address."""
    return {"title": "Page not found", "description": "There is no page at this address."}


def timeline_context(model: SiteModel, spec: PageSpec, links: Links) -> dict[str, Any]:
    """Every article by month."""
    groups = [
        {"label": g.label, "kind": g.kind, "anchor": g.anchor, "articles": cards(model, links, g.articles)}
        for g in model.timeline
    ]
    return {
        "title": "Timeline",
        "description": "Every article in the archive by month, oldest first.",
        "groups": groups,
        "stats": model.stats,
    }


def article_context(model: SiteModel, spec: PageSpec, links: Links) -> dict[str, Any]:
    """One article: its record, its body with claims marked, its links and how it was read."""
    assert spec.slug is not None
    context = article_body(model, spec.slug, links)
    context["card"] = card(model, links, spec.slug)
    context["related"] = cards(model, links, model.related[spec.slug])
    context["description"] = summary(model.articles[spec.slug])
    context["search_year"] = search_year(model.articles[spec.slug])
    return context


def index_context(model: SiteModel, spec: PageSpec, links: Links) -> dict[str, Any]:
    """One page of the index of a kind of term."""
    assert spec.term_kind is not None
    title, blurb = INDEX_TITLES[spec.term_kind]
    table = model.term_tables()[spec.term_kind]
    rows = index_rows(model, spec.term_kind, page_slice(table, spec, model.config.page_size), links)
    context = {
        "title": title if spec.number == 1 else f"{title}, page {spec.number}",
        "heading": title,
        "blurb": blurb,
        "description": blurb,
        "rows": rows,
        "total": len(table),
        "pagination": pagination(spec, links),
        "matrix": matrix_view(model, links) if spec.term_kind == "claims" and spec.number == 1 else None,
    }
    return context


def term_context(model: SiteModel, spec: PageSpec, links: Links) -> dict[str, Any]:
    """One page of one term: an outlet, author, cited source, stance or claim."""
    assert spec.term_kind is not None and spec.slug is not None
    context = TERM_VIEWS[spec.term_kind](model, spec, links)
    context["pagination"] = pagination(spec, links)
    if spec.number > 1:
        context["title"] = f"{context['title']}, page {spec.number}"
    return context


Context = Callable[[SiteModel, PageSpec, Links], dict[str, Any]]

#: Page kind (and kind of term) -> template and context function.
PAGE_KINDS: dict[tuple[str, str | None], tuple[str, Context]] = {
    ("home", None): ("home.html", home_context),
    ("about", None): ("about.html", about_context),
    ("not-found", None): ("404.html", not_found_context),
    ("timeline", None): ("timeline.html", timeline_context),
    ("search", None): ("search.html", search_context),
    ("article", None): ("article.html", article_context),
    **{("index", kind): (f"{kind}.html", index_context) for kind in urls.TERM_KINDS},
    ("term", "outlets"): ("outlet.html", term_context),
    ("term", "authors"): ("author.html", term_context),
    ("term", "sources"): ("source.html", term_context),
    ("term", "stances"): ("stance.html", term_context),
    ("term", "claims"): ("claim.html", term_context),
}


def make_environment(template_dirs: Sequence[Path] = (), *, stylesheet: bytes | None = None) -> Environment:
    """A Jinja environment over ``template_dirs`` (searched first) and the packaged templates.

    ``stylesheet`` is inlined into the 404 page, which a server shows at any
    address, where a relative link to the stylesheet would not resolve.
    """
    loaders = [FileSystemLoader(str(d)) for d in (*template_dirs, DEFAULT_TEMPLATES)]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "xml"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: never re-check template files mid-build
    )
    env.globals["generator"] = f"archive-site {__version__}"
    css = (stylesheet or b"").decode("utf-8", "replace").replace("</", "<\\/")
    env.globals["inline_stylesheet"] = Markup(css)
    return env


@lru_cache(maxsize=4)
def _default_environment() -> Environment:
    return make_environment(stylesheet=read_stylesheet())


def read_stylesheet() -> bytes:
    """The packaged stylesheet's bytes."""
    return (resource_dir("static") / PurePosixPath(urls.STYLESHEET).relative_to("static")).read_bytes()


def render_values(environment: Environment, template_name: str, values: dict[str, Any]) -> bytes:
    """The page a template makes of the values :func:`page_values` gave."""
    return environment.get_template(template_name).render(values).encode("utf-8")


#: Values of a page that are the same object on every page (settings, the module of paths) or follow from its path.
SHARED_VALUES = ("links", "site", "paths")


def values_fingerprint(template_name: str, values: dict[str, Any]) -> str:
    """A digest of everything a page's template receives but the shared values (see :data:`SHARED_VALUES`).

    Two pages with the same fingerprint, template files and settings are the
    same bytes; the spec (and so the page's path, which the links follow) is
    among the values.
    """
    own = {k: v for k, v in values.items() if k not in SHARED_VALUES}
    # pickle, not repr: faster on records and as exact (equal bytes only from equal values; there are no sets among
    # them). Its "fast" mode keeps no memo, so values that are equal but not the same objects give the same bytes.
    buffer = io.BytesIO()
    pickler = _Fingerprinter(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(own)
    return hashlib.sha256(template_name.encode("utf-8", "surrogatepass") + b"\0" + buffer.getvalue()).hexdigest()


class _Fingerprinter(pickle.Pickler):
    """A pickler that writes a dataclass as its class and its fields' values, read at C speed.

    The bytes are only digested, never loaded: this is the pickle of what a
    value is, without the generic (and slow) ``__getstate__`` of slotted dataclasses.
    """

    def reducer_override(self, obj: Any) -> Any:
        getter = _FIELDS.get(type(obj))
        if getter is None:
            if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
                return NotImplemented
            names = tuple(f.name for f in dataclasses.fields(obj))
            getter = _FIELDS[type(obj)] = operator.attrgetter(*names) if len(names) > 1 else _one(names)
        return type(obj), getter(obj)


def _one(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The fields' values as a tuple, for a dataclass of no or one field (``attrgetter`` gives no tuple there)."""
    return lambda obj: tuple(getattr(obj, n) for n in names)


#: For each dataclass met while fingerprinting: what reads its fields' values.
_FIELDS: dict[type, Callable[[Any], Any]] = {}


def page_values(model: SiteModel, spec: PageSpec, env: Environment | None = None) -> tuple[str, dict[str, Any]]:
    """The template of a page and the values it is rendered with."""
    template_name, context_of = PAGE_KINDS[(spec.kind, spec.term_kind)]
    absolute_base = model.config.base_url if spec.kind == "not-found" else None
    links = Links(spec.path, model, absolute_base=absolute_base)
    context = context_of(model, spec, links)
    title = context["title"]
    description = context.get("description") or model.config.description
    full_title = model.config.title if spec.kind == "home" else f"{title} — {model.config.title}"
    feeds = feed_paths(model)
    feed = urls.FEED if urls.FEED in feeds else None
    if spec.kind == "term" and spec.term_kind == "outlets" and spec.slug:
        feed = urls.outlet_feed(spec.slug) if urls.outlet_feed(spec.slug) in feeds else feed
    page = {
        "spec": spec,
        "links": links,
        "site": model.config,
        "full_title": full_title,
        "description": description,
        "meta": head_meta(model, spec, title, description),
        "feed": links.to(feed) if feed else None,
        "nav": links.navigation(),
        "paths": urls,
    }
    environment = env or _default_environment()
    # The 404 page is shown at any address, where a relative link to the stylesheet would not resolve.
    inline_style = str(environment.globals["inline_stylesheet"]) if spec.kind == "not-found" else ""
    page["inline_style"] = Markup(inline_style) if inline_style else None
    scripts = csp.SEARCH_SCRIPT_SOURCES if spec.kind == "search" else ()  # the search page alone runs a script
    page["csp"] = csp.policy(styles=[inline_style] if inline_style else [], script_sources=scripts)
    return template_name, {**context, **page}

