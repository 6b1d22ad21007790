"""The fixture archive built into a folder: every page parsed, every link followed.

The fixture (tests/site_fixtures/archive) has three articles, two outlets, a
claims catalog and ``page_size: 2``, so pagination, feeds and the claim pages
are all exercised.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from site_fixtures.htmlcheck import broken_links, clicks_from, parse_site
from site_fixtures.records import load_fixture_articles, load_fixture_catalog, load_fixture_config

from archive_site.build.builder import read_static, render_site
from archive_site.build.writer import write_site
from archive_site.records import article_json

BASE = "https://archive.example.org/fixture/"


def _build(out: Path, **overrides: object) -> Path:
    articles, sources = load_fixture_articles()
    config = replace(load_fixture_config(), **overrides)  # type: ignore[arg-type]
    site = render_site(config, articles, catalog=load_fixture_catalog(), sources=sources, static=read_static())
    write_site(site.files, out)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("fixture") / "site")


@pytest.fixture(scope="module")
def pages(site: Path) -> dict:
    return parse_site(site)


def test_every_internal_link_resolves_to_a_file_and_an_id(site: Path, pages: dict) -> None:
    assert broken_links(site, pages, BASE) == []


def test_every_page_has_one_h1_a_title_a_language_and_landmarks(pages: dict) -> None:
    for path, page in pages.items():
        assert len(page.h1) == 1, f"{path}: {len(page.h1)} <h1>"
        assert page.title.strip(), f"{path}: empty <title>"
        assert page.lang == "en", f"{path}: lang={page.lang!r}"
        assert {"header", "nav", "main", "footer"} <= page.landmarks, f"{path}: landmarks {page.landmarks}"
        assert "main" in page.ids, f"{path}: the skip link has no target"


def test_every_article_is_within_two_clicks_of_home(pages: dict) -> None:
    distance = clicks_from(pages, "index.html")
    for key in ("talks-resume", "offer-rejected", "untitled-notes"):
        path = f"articles/{key}/index.html"
        assert distance.get(path, 99) <= 2, f"{path} is {distance.get(path)} clicks from home"


def test_the_expected_pages_exist(site: Path) -> None:
    # Three articles, two outlets, four authors, three cited sources, the stance vocabulary
    # plus unclassified, four catalog claims; page_size 2 paginates the longer lists.
    expected = [
        "index.html", "404.html", "about/index.html", "timeline/index.html",
        "articles/talks-resume/index.html", "articles/talks-resume/source.txt",
        "outlets/index.html", "outlets/harbor-post/index.html", "outlets/lakeside-review/index.html",
        "authors/index.html", "authors/page/2/index.html", "authors/jane-doe/index.html",
        "authors/lakeside-staff/index.html", "sources/reuters/index.html", "sources/reuters/page/2/index.html",
        "stances/unclassified/index.html", "stances/for-talks/index.html", "stances/page/2/index.html",
        "claims/index.html", "claims/page/2/index.html", "claims/nuclear-risk/index.html",
        "static/site.css", "feed.xml", "outlets/harbor-post/feed.xml", "sitemap.xml", "robots.txt",
        "archive.json", ".archive-site",
    ]
    missing = [p for p in expected if not (site / p).is_file()]
    assert missing == []
    assert not (site / "outlets/page/2/index.html").exists()  # two outlets fit on one page


def test_titles_are_escaped_not_interpreted(pages: dict) -> None:
    page = pages["articles/talks-resume/index.html"]
    assert page.h1 == ["Talks Could Resume <Soon> & Quietly"]
    assert page.title.startswith("Talks Could Resume <Soon> & Quietly")


def test_source_text_is_the_untouched_seed(site: Path) -> None:
    seed = Path(__file__).parent / "site_fixtures/archive/offer-rejected.txt"
    assert (site / "articles/offer-rejected/source.txt").read_bytes() == seed.read_bytes()


def test_feeds_and_sitemap_parse_as_xml(site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{atom}feed"
    entries = feed.findall(f"{atom}entry")
    # Only talks-resume has a printed date; undated articles have no place in a feed.
    assert [e.findtext(f"{atom}title") for e in entries] == ["Talks Could Resume <Soon> & Quietly"]
    assert feed.findtext(f"{atom}updated") == "2024-03-14T00:00:00Z"
    assert entries[0].findtext(f"{atom}id") == BASE + "articles/talks-resume/"
    lakeside = ET.parse(site / "outlets/lakeside-review/feed.xml").getroot()
    assert lakeside.findall(f"{atom}entry") == []
    assert lakeside.findtext(f"{atom}updated") == "1970-01-01T00:00:00Z"
    sm = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [u.findtext(f"{sm}loc") for u in ET.parse(site / "sitemap.xml").getroot()]
    assert BASE in locs and BASE + "articles/offer-rejected/" in locs
    assert not any(loc.endswith("404.html") for loc in locs)
    assert (site / "robots.txt").read_text().splitlines()[-1] == f"Sitemap: {BASE}sitemap.xml"


def test_archive_json_holds_each_record_as_article_json_plus_links(site: Path) -> None:
    data = json.loads((site / "archive.json").read_text(encoding="utf-8"))
    articles, _ = load_fixture_articles()
    by_key = {r["key"]: r for r in data["articles"]}
    assert set(by_key) == {a.key for a in articles}
    for article in articles:
        record = dict(by_key[article.key])
        links = record.pop("links")
        assert record == json.loads(json.dumps(article_json(article)))
        assert links["page"] == f"articles/{article.key}/index.html"
        assert (site / links["page"]).is_file()
    talks = by_key["talks-resume"]["links"]
    assert talks["outlet"] == "outlets/harbor-post/index.html"
    assert talks["authors"] == ["authors/jane-doe/index.html", "authors/sam-lee/index.html"]
    assert talks["cited_sources"] == ["sources/reuters/index.html", "sources/lakeside-review/index.html"]
    assert talks["url"] == BASE + "articles/talks-resume/"
    assert by_key["untitled-notes"]["links"]["outlet"] is None
    assert by_key["untitled-notes"]["links"]["stance"] == "stances/unclassified/index.html"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = _build(tmp_path / "a")
    second = _build(tmp_path / "b")
    files_a = {p.relative_to(first).as_posix(): p.read_bytes() for p in first.rglob("*") if p.is_file()}
    files_b = {p.relative_to(second).as_posix(): p.read_bytes() for p in second.rglob("*") if p.is_file()}
    assert files_a == files_b


def test_without_a_base_url_absolute_outputs_are_skipped_and_links_still_resolve(tmp_path: Path) -> None:
    articles, sources = load_fixture_articles()
    config = replace(load_fixture_config(), base_url=None)
    site = render_site(config, articles, catalog=load_fixture_catalog(), sources=sources, static=read_static())
    assert "feed.xml" not in site.files and "sitemap.xml" not in site.files
    assert any("feed.xml" in s for s in site.skipped) and any("sitemap.xml" in s for s in site.skipped)
    assert b"Sitemap:" not in site.files["robots.txt"]
    assert b'rel="canonical"' not in site.files["articles/talks-resume/index.html"]
    out = tmp_path / "site"
    write_site(site.files, out)
    pages = parse_site(out)
    assert broken_links(out, pages) == []


def test_the_link_checker_catches_missing_files_and_fragments(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<html lang="en"><body><h1 id="top">Home</h1><a href="a/index.html#nope">x</a>'
        '<a href="missing.html">y</a><a href="#top">z</a><a href="../outside.html">w</a></body></html>'
    )
    (tmp_path / "a/index.html").write_text('<html lang="en"><body><h1 id="here">A</h1></body></html>')
    problems = broken_links(tmp_path, parse_site(tmp_path))
    assert len(problems) == 3
    assert any("no id 'nope'" in p for p in problems)
    assert any("missing.html" in p for p in problems)
    assert any("leaves the site" in p for p in problems)
