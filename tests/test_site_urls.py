"""URLs: one place makes them; relative links work from disk, at / and under a sub-path."""

from __future__ import annotations

import posixpath

import pytest

from archive_site.site import urls


@pytest.mark.parametrize(
    ("start", "target", "anchor", "link"),
    [
        ("index.html", "outlets/reuters/index.html", None, "outlets/reuters/index.html"),
        ("articles/a/index.html", "outlets/reuters/index.html", None, "../../outlets/reuters/index.html"),
        ("articles/a/index.html", "articles/b/index.html", "p3", "../b/index.html#p3"),
        ("articles/a/index.html", "articles/a/index.html", "p1", "index.html#p1"),
        ("outlets/page/2/index.html", "index.html", None, "../../../index.html"),
        ("404.html", "static/site.css", None, "static/site.css"),
    ],
)
def test_relative_links_name_the_file(start: str, target: str, anchor: str | None, link: str) -> None:
    assert urls.relative(start, target, anchor) == link
    path = link.split("#")[0]
    assert posixpath.normpath(posixpath.join(posixpath.dirname(start), path)) == target


def test_page_paths() -> None:
    assert urls.article_page("talks") == "articles/talks/index.html"
    assert urls.article_source("talks") == "articles/talks/source.txt"
    assert urls.term_page("outlets", "reuters") == "outlets/reuters/index.html"
    assert urls.term_page("outlets", "reuters", 3) == "outlets/reuters/page/3/index.html"
    assert urls.index_page("claims", 2) == "claims/page/2/index.html"
    assert urls.outlet_feed("reuters") == "outlets/reuters/feed.xml"


@pytest.mark.parametrize("slug", ["../etc", "a/b", "", "Caps", "page", "x" * 101])
def test_unsafe_slugs_are_refused(slug: str) -> None:
    with pytest.raises(ValueError):
        urls.term_page("outlets", slug)


def test_unknown_kinds_are_refused() -> None:
    with pytest.raises(ValueError):
        urls.term_page("tags", "x")


@pytest.mark.parametrize(
    ("page", "url"),
    [
        ("index.html", "https://ex.org/a/"),
        ("outlets/reuters/index.html", "https://ex.org/a/outlets/reuters/"),
        ("feed.xml", "https://ex.org/a/feed.xml"),
        ("404.html", "https://ex.org/a/404.html"),
    ],
)
def test_absolute_urls_use_the_directory_form(page: str, url: str) -> None:
    assert urls.absolute(page, "https://ex.org/a") == url
    assert urls.absolute(page, "https://ex.org/a/") == url


def test_make_slug() -> None:
    assert urls.make_slug("The Wall Street Journal") == "the-wall-street-journal"
    assert urls.make_slug("Новая газета") == "novaia-gazeta"
    assert urls.make_slug("!!!") == "item"
    assert urls.make_slug("Page") == "page-1"


def test_colliding_slugs_get_deterministic_suffixes() -> None:
    pairs = [("Al Jazeera", "al-jazeera"), ("Al-Jazeera", "al-jazeera"), ("Reuters", "reuters")]
    slugs, collisions = urls.assign_slugs(pairs)
    assert slugs == {"Al Jazeera": "al-jazeera", "Al-Jazeera": "al-jazeera-2", "Reuters": "reuters"}
    assert [(c.name, c.slug, c.taken_by) for c in collisions] == [("Al-Jazeera", "al-jazeera-2", "Al Jazeera")]
    again, _ = urls.assign_slugs(list(reversed(pairs)))
    assert again == slugs


def test_reserved_slugs_are_never_handed_out() -> None:
    slugs, collisions = urls.assign_slugs([("Unclassified", "unclassified"), ("Page", "page")], ["unclassified"])
    assert slugs == {"Unclassified": "unclassified-2", "Page": "page-2"}
    assert len(collisions) == 2
