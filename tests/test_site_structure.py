"""The fixture archive built into a folder: every page parsed, every link followed.

The fixture (tests/site_fixtures/archive) has three articles, two outlets, a
claims catalog and ``page_size: 2``, so pagination, feeds and the claim pages
are all exercised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from site_fixtures.htmlcheck import broken_links, clicks_from, parse_site
from site_fixtures.records import load_fixture_articles, load_fixture_catalog, load_fixture_config

from archive_site.build.builder import read_static, render_site
from archive_site.build.writer import write_site

BASE = "https://archive.example.org/fixture/"
FIXTURE = Path(__file__).parent / "site_fixtures" / "archive"


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


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _plain(value: object) -> object:
    """A hand-written YAML value as JSON holds it: dates as ISO strings, all the way down."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return _iso(value)


def _comments(items: list[dict]) -> list[dict]:
    return [{**c, "replies": _comments(c.get("replies", []))} for c in items]


def _expected_record(written: dict) -> dict:
    """The record archive.json must hold for a hand-written fixture record (tests/site_fixtures/archive/records).

    Keys the fixture leaves out take the documented empty values (README, "Record schema").
    """
    data = _plain(written)
    assert isinstance(data, dict)
    outlet = data.get("outlet")
    stance = data.get("stance") or {"label": None, "confidence": 0.0}
    return {
        "key": data["key"],
        "source": f"archive/{data['source_name']}",
        "title": data["title"],
        "dek": data.get("dek"),
        "authors": data.get("authors", []),
        "date": data.get("date"),
        "date_estimate": data.get("date_estimate"),
        "outlet": None if outlet is None else {"homepage": None, **outlet},
        "stance": {"evidence": [], **stance},
        "cited_sources": data.get("cited_sources", []),
        "references": data.get("references", []),
        "comments": _comments(data.get("comments", [])),
        "caption": data.get("caption"),
        "bios": data.get("bios", []),
        "extras": [],
        "url": data.get("url"),
        "tags": [],
        "language": "en",
        "warnings": data.get("warnings", []),
    }


def test_archive_json_holds_each_hand_written_record_plus_links(site: Path) -> None:
    data = json.loads((site / "archive.json").read_text(encoding="utf-8"))
    assert data["schema"] == "archive-site/1"
    assert (data["title"], data["language"], data["base_url"]) == ("Fixture Archive", "en", BASE)
    # talks-resume is printed, offer-rejected estimated, untitled-notes neither; the review flag is the
    # masthead outlet of talks-resume (confidence 0.55, below 0.6); nuclear-risk is catalogued but unmentioned.
    assert data["counts"] == {
        "articles": 3, "dated": 1, "estimated": 1, "undated": 1, "outlets": 2, "authors": 3, "sources": 3,
        "citations": 5, "claims": 3, "mentions": 5, "flagged": 1, "first_date": "2024-03-14", "last_date": "2024-03-14",
    }
    written = {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((FIXTURE / "records").glob("*.yaml"))
    }
    by_key = {r["key"]: r for r in data["articles"]}
    assert set(by_key) == set(written) == {"talks-resume", "offer-rejected", "untitled-notes"}
    for key, hand in written.items():
        record = dict(by_key[key])
        links = record.pop("links")
        expected = _expected_record(hand)
        assert {k: record[k] for k in expected} == expected, key
        assert record["digest"] == hashlib.sha256((FIXTURE / hand["source_name"]).read_bytes()).hexdigest()
        assert [p["text"] for p in record["paragraphs"]] == hand["paragraphs"]
        assert [p["id"] for p in record["paragraphs"]] == [f"p{i}" for i in range(1, len(hand["paragraphs"]) + 1)]
        texts = {p["id"]: p["text"] for p in record["paragraphs"]}
        assert len(record["claims"]) == len(hand.get("claims", []))
        for mention, claim in zip(record["claims"], hand.get("claims", []), strict=True):
            assert {k: mention[k] for k in claim} == claim
            assert mention["origin"] == "extracted"
            assert texts[mention["paragraph"]][mention["start"] : mention["end"]] == claim["sentence"]
        provenance = _plain(hand.get("provenance", {}))
        assert isinstance(provenance, dict)
        assert sorted(record["provenance"]) == sorted(provenance)
        for field, prov in provenance.items():
            assert {k: record["provenance"][field][k] for k in prov} == prov, (key, field)
            assert record["provenance"][field]["review"] is (prov["confidence"] < 0.6)
        assert links["page"] == f"articles/{key}/index.html"
        assert links["url"] == f"{BASE}articles/{key}/"
        assert links["source_text"] == f"articles/{key}/source.txt"
        assert links["claims"] == [f"claims/{c['claim']}/index.html" for c in hand.get("claims", [])]
        for target in [links["page"], links["source_text"], *links["authors"], *links["cited_sources"], *links["related"]]:
            assert (site / target).is_file(), target
    assert [by_key[k]["flags"] for k in ("talks-resume", "offer-rejected", "untitled-notes")] == [["outlet"], [], []]
    talks = by_key["talks-resume"]["links"]
    assert talks["outlet"] == "outlets/harbor-post/index.html"
    assert talks["authors"] == ["authors/jane-doe/index.html", "authors/sam-lee/index.html"]
    assert talks["cited_sources"] == ["sources/reuters/index.html", "sources/lakeside-review/index.html"]
    assert talks["stance"] == "stances/for-talks/index.html"
    rejected = by_key["offer-rejected"]["links"]
    assert rejected["cited_sources"] == [
        "sources/reuters/index.html", "sources/reuters/index.html", "sources/harbor-post/index.html",
    ]
    assert rejected["stance"] == "stances/against-talks/index.html"
    assert by_key["untitled-notes"]["links"]["outlet"] is None
    assert by_key["untitled-notes"]["links"]["authors"] == []
    assert by_key["untitled-notes"]["links"]["stance"] == "stances/unclassified/index.html"
    assert {o["name"]: o["articles"] for o in data["outlets"]} == {
        "Harbor Post": ["talks-resume"], "Lakeside Review": ["offer-rejected"],
    }
    assert {c["id"]: c["articles"] for c in data["claims"]}["nuclear-risk"] == []


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
