"""The one place the site's file paths, links and slugs are made.

Every page is a file path relative to the site's root (``outlets/reuters/index.html``).
Links between pages are relative and name the file, so the same output works
opened from disk (``file://``), served at ``/`` and served under a sub-path.
Canonical URLs (feeds, sitemap, ``<link rel=canonical>``) are absolute and use the
directory form (``https://example.org/outlets/reuters/``). An address from the input
(an article's original, an outlet's home page) becomes a link only through
:func:`external`.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from archive_site.load.frontmatter import web_address
from archive_site.model import make_slug as model_slug

log = logging.getLogger(__name__)

INDEX = "index.html"
HOME = "index.html"
TIMELINE = "timeline/index.html"
ABOUT = "about/index.html"
#: The search page, its script, and the search index's entry module, which the build makes from the article pages.
SEARCH = "search/index.html"
SEARCH_SCRIPT = "static/search.js"
SEARCH_INDEX = "pagefind/pagefind.js"
#: The folder of the search index; its first part and the code that searches (SEARCH_INDEX) are at its top, the
#: other parts in folders ``part-N/`` inside it, so every search file is under pagefind/.
SEARCH_BUNDLE = "pagefind/"
#: Articles per part of the search index, roughly, and the most parts (see :func:`search_part_count`).
SEARCH_PART_SIZE = 1000
SEARCH_PARTS_MAX = 64
NOT_FOUND = "404.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
ARCHIVE_JSON = "archive.json"
#: The whole archive's data and citation files, beside archive.json.
ARCHIVE_SCHEMA_FILE = "archive.schema.json"
ARCHIVE_BIB = "archive.bib"
ARCHIVE_RIS = "archive.ris"
ARCHIVE_CSL = "archive.csl.json"
ARCHIVE_CSV = "archive.csv"
STYLESHEET = "static/site.css"

#: Folder of each kind of taxonomy term; also the folder of its index pages.
TERM_KINDS = ("outlets", "authors", "sources", "stances", "claims")
#: Slug of the stance page that lists articles without a stance label.
UNCLASSIFIED = "unclassified"

_SAFE_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")


def _paged(folder: str, page: int) -> str:
    if page < 1:
        raise ValueError(f"page numbers start at 1, not {page}")
    return f"{folder}/{INDEX}" if page == 1 else f"{folder}/page/{page}/{INDEX}"


def article_page(key: str) -> str:
    """The page of one article."""
    return f"articles/{_segment(key)}/{INDEX}"


def article_source(key: str) -> str:
    """The untouched seed text copied beside the article's page."""
    return f"articles/{_segment(key)}/source.txt"


def index_page(kind: str, page: int = 1) -> str:
    """Page ``page`` of the index of a kind of term (``outlets/index.html``, ``outlets/page/2/index.html``)."""
    return _paged(_kind(kind), page)


def term_page(kind: str, slug: str, page: int = 1) -> str:
    """Page ``page`` of one term's page (``outlets/reuters/index.html``, ``outlets/reuters/page/2/index.html``)."""
    return _paged(f"{_kind(kind)}/{_segment(slug)}", page)


def outlet_feed(slug: str) -> str:
    """The Atom feed of one outlet."""
    return f"outlets/{_segment(slug)}/feed.xml"


def relative(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A relative link from one page to another that names the file: ``../../outlets/x/index.html#p3``.

    Both are site-relative paths as made here (no ``.`` or ``..`` parts), so the
    link is the climb out of the folders they do not share, then down to the file.
    """
    here = from_page.split("/")[:-1]
    there = to_page.split("/")
    shared = 0
    for mine, theirs in zip(here, there[:-1], strict=False):
        if mine != theirs:
            break
        shared += 1
    link = "../" * (len(here) - shared) + "/".join(there[shared:])
    return f"{link}#{anchor}" if anchor else link


def search_part_count(articles: int) -> int:
    """How many parts the search index of ``articles`` articles is made in.

    Two up to twice :data:`SEARCH_PART_SIZE`, then doubling as the archive
    doubles (at most :data:`SEARCH_PARTS_MAX`): the count changes rarely, so a
    page stays in its part from build to build, and an edit re-indexes one part.
    """
    if articles <= 0:
        return 0
    count = 2
    while count < SEARCH_PARTS_MAX and articles > count * SEARCH_PART_SIZE:
        count *= 2
    return count


def search_parts(pages: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The search index's parts: each part's folder with the article pages it indexes, the first part first.

    A page's part follows from its path alone (a hash), so adding or removing
    an article changes one part. Empty parts are left out; the first part
    that is not empty is the one at the top of :data:`SEARCH_BUNDLE`.
    """
    listed = sorted(set(pages))
    count = search_part_count(len(listed))
    buckets: dict[int, list[str]] = {}
    for page in listed:
        buckets.setdefault(int(hashlib.sha256(page.encode("utf-8")).hexdigest()[:8], 16) % count, []).append(page)
    return {
        (SEARCH_BUNDLE if n == 0 else f"{SEARCH_BUNDLE}part-{bucket + 1}/"): tuple(buckets[bucket])
        for n, bucket in enumerate(sorted(buckets))
    }


def root_of(page: str) -> str:
    """The relative address of the site's root folder from a page: ``../`` from ``search/index.html``, ``./`` at the root."""
    return "../" * page.count("/") or "./"


def absolute(page: str, base_url: str) -> str:
    """The canonical URL of a page, in directory form: ``https://example.org/outlets/x/``."""
    base = base_url.rstrip("/") + "/"
    if page == INDEX:
        return base
    if page.endswith("/" + INDEX):
        return base + page[: -len(INDEX)]
    return base + page


def external(address: str | None) -> str | None:
    """The ``href`` for a web address from the input (an article's ``url``, an outlet's ``homepage``), or None.

    Only absolute http(s) addresses are linked; anything else (``javascript:``,
    ``data:``, no scheme) is None, and a page shows it as text if at all. The loader
    already refuses such values; this keeps a record built any other way from
    putting a script into a link.
    """
    return web_address(address)


def _kind(kind: str) -> str:
    if kind not in TERM_KINDS:
        raise ValueError(f"unknown kind of term {kind!r}; expected one of {', '.join(TERM_KINDS)}")
    return kind


def _segment(slug: str) -> str:
    if not _SAFE_SEGMENT.match(slug) or slug in {"page"} or ".." in slug:
        raise ValueError(f"{slug!r} is not a safe URL slug; make slugs with urls.make_slug")
    return slug


def make_slug(text: str, fallback: str = "item") -> str:
    """A URL slug for a name: lower case ASCII words joined by hyphens, never empty."""
    made = model_slug(text, fallback)
    return "page-1" if made == "page" else made  # "page" is reserved for pagination folders


@dataclass(frozen=True, slots=True)
class SlugCollision:
    """Two distinct names that would share one slug."""

    name: str
    """The name that got the suffixed slug."""
    slug: str
    """The slug it got (``reuters-2``)."""
    wanted: str
    """The slug it would have had."""
    taken_by: str
    """The name that kept the plain slug."""


def assign_slugs(
    names: Iterable[tuple[str, str]], reserved: Iterable[str] = ()
) -> tuple[dict[str, str], tuple[SlugCollision, ...]]:
    """Give each distinct identity a unique slug.

    ``names`` pairs an identity with its preferred slug (or the text to make one
    from). Identities are served in sorted order, so the result does not depend
    on input order: the first keeps the plain slug, later ones get ``-2``, ``-3``.
    ``reserved`` slugs are never handed out (``unclassified`` among stances).
    """
    wanted: dict[str, str] = {}
    for identity, preferred in names:
        wanted.setdefault(identity, preferred if _SAFE_SEGMENT.match(preferred) else make_slug(preferred))
    taken: dict[str, str] = {slug: f"(reserved {slug})" for slug in (*reserved, "page")}
    result: dict[str, str] = {}
    collisions: list[SlugCollision] = []
    for identity in sorted(wanted):
        slug = base = wanted[identity]
        number = 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        if slug != base:
            collisions.append(SlugCollision(identity, slug, base, taken[base]))
            log.warning("slug %r of %r is taken by %r; using %r", base, identity, taken[base], slug)
        taken[slug] = identity
        result[identity] = slug
    return result, tuple(collisions)
