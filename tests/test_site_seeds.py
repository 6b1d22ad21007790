"""The five seeds built through the loader into a real site folder, parsed page by page."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from site_fixtures.htmlcheck import broken_links, clicks_from, parse_page, parse_site

from archive_site.build.builder import BuildReport
from archive_site.build.pipeline import build, read_inputs
from archive_site.config import load_config
from archive_site.records import article_json

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BASE = "https://example.org/negotiations/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("seeds") / "site"
    config = load_config(ROOT, {"base_url": BASE})
    return out, build(config, SEEDS, out)


def test_the_build_reports_five_articles_and_nothing_skipped(built: tuple[Path, BuildReport]) -> None:
    _, report = built
    assert report.articles == 5
    assert report.failures == ()
    assert report.skipped == ()
    assert report.files == report.written


def test_links_resolve_and_pages_are_well_formed(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    pages = parse_site(out)
    assert broken_links(out, pages, BASE) == []
    for path, page in pages.items():
        assert len(page.h1) == 1 and page.title.strip() and page.lang, path


def test_every_seed_article_is_within_two_clicks_of_home(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    pages = parse_site(out)
    articles = [p for p in pages if p.startswith("articles/")]
    assert len(articles) == 5
    distance = clicks_from(pages, "index.html")
    assert all(distance.get(p, 99) <= 2 for p in articles), distance


def test_feed_and_sitemap_parse(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(out / "feed.xml").getroot()
    # Seed 000 is the only one with a printed date (May 29th, 2024).
    assert [e.findtext(f"{atom}title") for e in feed.findall(f"{atom}entry")] == [
        "ACTION: Tell US to Let Ukraine Negotiate End to War"
    ]
    assert feed.findtext(f"{atom}updated") == "2024-05-29T00:00:00Z"
    urls = [u[0].text for u in ET.parse(out / "sitemap.xml").getroot()]
    assert BASE in urls


def test_archive_json_matches_the_loaded_records(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    inputs = read_inputs(ROOT, SEEDS)  # loaded and annotated with claims and stance, as the build does
    data = json.loads((out / "archive.json").read_text(encoding="utf-8"))
    records = {r["key"]: {k: v for k, v in r.items() if k != "links"} for r in data["articles"]}
    expected = {a.key: json.loads(json.dumps(article_json(a))) for a in inputs.articles}
    assert any(record["claims"] for record in records.values())
    assert records == expected
    for record in data["articles"]:
        assert (out / record["links"]["source_text"]).read_bytes() == (ROOT / record["source"]).read_bytes()


def test_reader_comments_are_folded_away_from_the_body(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    page = (out / "articles/we-urgently-need-to-give-ukraine-peace-talks-a-chance/index.html").read_text()
    body = page.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]
    details = page.split('<details class="comments">', 1)[1].split("</details>", 1)[0]
    assert "Reader comments — not part of the article" in details
    assert details.count('<li class="comment">') >= 8  # seed 001 has 8 top-level comments
    assert 'class="comment' not in body


def test_a_second_build_rewrites_nothing(built: tuple[Path, BuildReport]) -> None:
    out, first = built
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    again = build(load_config(ROOT, {"base_url": BASE}), SEEDS, out)
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert (again.written, again.removed, again.unchanged) == (0, 0, first.files)


def test_the_home_page_names_the_archive(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    home = parse_page(out, "index.html")
    assert home.h1 == [load_config(ROOT).title]
