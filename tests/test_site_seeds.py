"""The five seeds built through the loader into a real site folder, parsed page by page.

The records in ``archive.json`` are compared with what a reader finds in each seed file,
written down here by hand (in the expected-file vocabulary of tests/fixtures/loader/README.md)
and in tests/claims_fixtures/seeds.yaml; never with the pipeline's own records.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from site_fixtures.htmlcheck import broken_links, clicks_from, parse_page, parse_site
from test_loader_fixtures import CHECKS, loose

from archive_site.build.builder import BuildReport
from archive_site.build.pipeline import build
from archive_site.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BASE = "https://example.org/negotiations/"
D = dt.date
S000, S001, S002, S003, S004 = (
    "000_4005e469bef28b64.txt", "001_bd7c5442c82def2b.txt", "002_7a341f50d225f848.txt",
    "003_bf89b38ef0900e28.txt", "004_4ba30fa4e20c7c41.txt",
)

#: The documented keys of a record (README, "Record schema"), in order, then its links.
RECORD_KEYS = [
    "key", "source", "digest", "title", "dek", "authors", "date", "date_estimate", "outlet", "stance",
    "cited_sources", "claims", "paragraphs", "references", "comments", "caption", "bios", "extras", "url", "tags",
    "language", "provenance", "flags", "warnings", "links",
]

#: What each seed says, read off the files in seeds/: its page key (the title's slug), where its outlet
#: and authors are filed, and record fields in the expected-file format of tests/fixtures/loader/README.md.
SEED_EXPECTED: dict[str, dict[str, Any]] = {
    S000: {
        # RootsAction action alert: "May 29th, 2024 - by RootsAction Team", a photo caption, the banner
        # repeated, six cited headlines (five with their publication), no comments.
        "key": "action-tell-us-to-let-ukraine-negotiate-end-to-war",
        "outlet_page": "outlets/rootsaction/index.html",
        "author_pages": ["authors/rootsaction-team/index.html"],
        "record": {
            "title": "ACTION: Tell US to Let Ukraine Negotiate End to War",
            "dek": None,
            "authors": [{"name": "RootsAction Team", "kind": "organization"}],
            "date": D(2024, 5, 29),
            "date_estimate": None,
            "outlet": "RootsAction",
            "caption_contains": "Ukraine and Russia meet for peace talks — February 28, 2022.",
            "cited_sources": ["Reuters", "The Economist", "Responsible Statecraft", "Common Dreams"],
            "references": 6,
            "comments": 0,
            "bios": 0,
            "first_paragraph": "(May 28, 2024) — In March 2022, after negotiations mediated by Turkey",
            "body_includes": ["There is no military solution."],
            "body_excludes": ["ACTION ALERT", "Read more at"],
            "url": None,
            "tags": [],
        },
    },
    S001: {
        # CODEPINK essay: dek and caption under the headline, "By Medea Benjamin and Nicolas J.S. Davies / CODEPINK",
        # "Six months ago, Russia invaded Ukraine", three author bios, eight comments with three replies.
        "key": "we-urgently-need-to-give-ukraine-peace-talks-a-chance",
        "outlet_page": "outlets/codepink/index.html",
        "author_pages": ["authors/medea-benjamin/index.html", "authors/nicolas-j-s-davies/index.html"],
        "record": {
            "title": "We Urgently Need to Give Ukraine Peace Talks a Chance",
            "dek": "The only realistic alternative to this endless slaughter is a return to peace talks to bring the fighting to an end.",
            "authors": [{"name": "Medea Benjamin", "kind": "person"}, {"name": "Nicolas J.S. Davies", "kind": "person"}],
            "date": None,
            "date_estimate": {"contains": D(2022, 8, 24)},
            "outlet": "CODEPINK",
            "caption_contains": "A woman walks amid destroyed Russian tanks in Bucha",
            "cited_sources": ["The New York Times", "The Wall Street Journal"],
            "comments": 8,
            "replies": 3,
            "bios": 3,
            "first_paragraph": "Six months ago, Russia invaded Ukraine.",
            "last_paragraph": "Campaigns to demonize, threaten and pressure our enemies",
            "body_excludes": ["Thank you. This made sense", "Read more at", "are the authors of"],
        },
    },
    S002: {
        # A rewrite of Reuters' exclusive: headline and dek, no byline, "this refusal starts the third year"
        # of the war (February 2024), closing "Source: Reuters".
        "key": "u-s-rejects-putins-ceasefire-proposal-for-ukraine-in-unofficial-communications",
        "outlet_page": "outlets/reuters/index.html",
        "author_pages": [],
        "record": {
            "title": "U.S. rejects Putin’s ceasefire proposal for Ukraine in unofficial communications",
            "dek": "US rejects Putin’s offer for truce in Ukraine, marking third year of deadliest battle in Europe since World War II",
            "authors": [],
            "date": None,
            "date_estimate": {"contains": D(2024, 2, 24)},
            "outlet": "Reuters",
            "cited_sources": [],
            "comments": 0,
            "references": 0,
            "first_paragraph": "President Vladimir Putin’s offer for a truce in Ukraine was reportedly turned down",
            "last_paragraph": "As the war drags on, the Kremlin seems content",
            "body_excludes": ["Source: Reuters"],
        },
    },
    S003: {
        # An unsigned opinion between "top of page" and "bottom of page": "nearly two years ago" of the
        # invasion, after Putin's interview with Tucker Carlson (February 2024); no outlet named.
        "key": "why-washington-rejects-putins-offer-for-negotiations",
        "outlet_page": None,
        "author_pages": [],
        "record": {
            "title": "Why Washington Rejects Putin’s Offer for Negotiations",
            "authors": [],
            "date": None,
            "date_estimate": {"contains": D(2024, 2, 15)},
            "outlet": None,
            "comments": 0,
            "last_paragraph": "Ultimately, action speaks louder than words",
            "body_excludes": ["top of page", "bottom of page"],
        },
    },
    S004: {
        # Antiwar.com news: dek, "Author: Dave DeCamp" and his bio at the end, the Washington Post and the
        # Wall Street Journal cited; no date and no phrase to date it by.
        "key": "us-wants-ukraine-to-act-like-its-open-to-negotiations-but-wont-push-for-talks",
        "outlet_page": "outlets/antiwar-com/index.html",
        "author_pages": ["authors/dave-decamp/index.html"],
        "record": {
            "title": "US Wants Ukraine to Act Like It’s Open to Negotiations But Won’t Push for Talks",
            "dek": "The idea is not to push Ukraine to the negotiating table but to ease the concerns of some of Ukraine's backers",
            "authors": [{"name": "Dave DeCamp", "kind": "person"}],
            "date": None,
            "date_estimate": None,
            "outlet": "Antiwar.com",
            "cited_sources": ["The Washington Post", "The Wall Street Journal"],
            "bios": 1,
            "comments": 0,
            "first_paragraph": "The Washington Post reported on Saturday",
            "last_paragraph": "The Post had previously reported",
            "body_excludes": ["Author: Dave DeCamp", "news editor of Antiwar.com"],
        },
    },
}
#: Stance and claims of each seed as a person reads them.
CLAIMS_EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "claims_fixtures" / "seeds.yaml").read_text(encoding="utf-8")
)
KEYS = {seed: expected["key"] for seed, expected in SEED_EXPECTED.items()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("seeds") / "site"
    config = load_config(ROOT, {"base_url": BASE})
    return out, build(config, SEEDS, out)


@pytest.fixture(scope="module")
def data(built: tuple[Path, BuildReport]) -> dict[str, Any]:
    out, _ = built
    return json.loads((out / "archive.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The article records of archive.json, by seed file name."""
    return {Path(record["source"]).name: record for record in data["articles"]}


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


def test_archive_json_names_the_archive_and_counts_what_a_reader_counts(data: dict[str, Any]) -> None:
    assert list(data) == [
        "schema", "title", "description", "language", "base_url", "counts",
        "stances", "claims", "outlets", "authors", "sources", "articles",
    ]
    assert data["schema"] == "archive-site/1"
    assert data["title"] == "Negotiating the End of the Russia–Ukraine War"  # archive.yaml
    assert data["description"].startswith("News and opinion on negotiations to end the Russia–Ukraine war, cross-linked")
    assert (data["language"], data["base_url"]) == ("en", BASE)
    counts = data["counts"]
    # 000 is dated; 001, 002 and 003 are placed by a phrase ("six months ago", "the third year", "nearly two
    # years ago"); 004 prints no date and has no phrase to count from. Four outlets, four bylines, seven
    # distinct cited publications, and each of the catalog's twelve claims made somewhere.
    assert {k: v for k, v in counts.items() if k not in ("citations", "mentions")} == {
        "articles": 5, "dated": 1, "estimated": 3, "undated": 1, "outlets": 4, "authors": 4, "sources": 7,
        "claims": 12, "flagged": 0, "first_date": "2024-05-29", "last_date": "2024-05-29",
    }
    assert counts["citations"] == sum(len(r["cited_sources"]) for r in data["articles"])
    assert counts["mentions"] == sum(len(r["claims"]) for r in data["articles"])


@pytest.mark.parametrize("seed", sorted(SEED_EXPECTED))
def test_archive_json_holds_what_a_reader_finds_in_each_seed(records: dict[str, dict[str, Any]], seed: str) -> None:
    record = records[seed]
    assert [k for k in record if k in RECORD_KEYS] == RECORD_KEYS  # every documented key, in the documented order
    assert record["key"] == KEYS[seed]
    assert record["source"] == str(SEEDS / seed)
    assert re.fullmatch(r"[0-9a-f]{64}", record["digest"])
    expected = SEED_EXPECTED[seed]["record"]
    problems = [problem for key, value in expected.items() for problem in CHECKS[key](record, value)]
    assert not problems, f"{seed}:\n  " + "\n  ".join(problems)
    assert [p["id"] for p in record["paragraphs"]] == [f"p{i}" for i in range(1, len(record["paragraphs"]) + 1)]


@pytest.mark.parametrize("seed", sorted(SEED_EXPECTED))
def test_archive_json_holds_each_seeds_stance_and_claims(records: dict[str, dict[str, Any]], seed: str) -> None:
    record = records[seed]
    described = CLAIMS_EXPECTED[seed]
    assert record["stance"]["label"] == described["stance"]
    positions: dict[str, set[str]] = {}
    texts = {p["id"]: p["text"] for p in record["paragraphs"]}
    for mention in record["claims"]:
        positions.setdefault(mention["claim"], set()).add(mention["position"])
        assert texts[mention["paragraph"]][mention["start"] : mention["end"]] == mention["sentence"]
        assert mention["origin"] == "extracted"
    for claim, wanted in described["claims"].items():
        assert positions.get(claim, set()) & set(wanted), f"{seed}: {claim} is {positions.get(claim)}, expected one of {wanted}"
    for claim, unwanted in described.get("forbidden", {}).items():
        assert not positions.get(claim, set()) & set(unwanted), f"{seed}: {claim} is {positions[claim]}"
    assert sorted(set(described["absent"]) & set(positions)) == []


@pytest.mark.parametrize("seed", sorted(SEED_EXPECTED))
def test_archive_json_links_each_seed_to_its_pages(built: tuple[Path, BuildReport], records: dict[str, dict[str, Any]], seed: str) -> None:
    out, _ = built
    record = records[seed]
    key = KEYS[seed]
    links = record["links"]
    assert list(links) == ["page", "url", "source_text", "outlet", "authors", "cited_sources", "stance", "claims", "related"]
    assert links["page"] == f"articles/{key}/index.html"
    assert links["url"] == f"{BASE}articles/{key}/"
    assert links["source_text"] == f"articles/{key}/source.txt"
    assert (out / links["source_text"]).read_bytes() == (SEEDS / seed).read_bytes()
    assert links["outlet"] == SEED_EXPECTED[seed]["outlet_page"]
    assert links["authors"] == SEED_EXPECTED[seed]["author_pages"]
    assert links["stance"] == f"stances/{CLAIMS_EXPECTED[seed]['stance']}/index.html"
    # one link per citation and per mention, in the record's order
    assert links["cited_sources"] == [f"sources/{c['slug']}/index.html" for c in record["cited_sources"]]
    assert links["claims"] == [f"claims/{m['claim']}/index.html" for m in record["claims"]]
    assert links["page"] not in links["related"]
    assert len(links["related"]) == len(set(links["related"])) <= 5
    assert set(links["related"]) <= {f"articles/{other}/index.html" for other in KEYS.values()}
    targets = [links["page"], *links["authors"], *links["cited_sources"], links["stance"], *links["claims"], *links["related"]]
    targets += [links["outlet"]] if links["outlet"] else []
    assert [t for t in targets if not (out / t).is_file()] == []


def test_archive_json_lists_the_seeds_outlets_authors_sources_and_stances(built: tuple[Path, BuildReport], data: dict[str, Any]) -> None:
    out, _ = built
    outlets = {o["name"]: (o["kind"], o["page"], o["articles"]) for o in data["outlets"]}
    assert outlets == {
        "RootsAction": ("advocacy", "outlets/rootsaction/index.html", [KEYS[S000]]),
        "CODEPINK": ("advocacy", "outlets/codepink/index.html", [KEYS[S001]]),
        "Reuters": ("wire", "outlets/reuters/index.html", [KEYS[S002]]),
        "Antiwar.com": ("news site", "outlets/antiwar-com/index.html", [KEYS[S004]]),
    }
    authors = {a["name"]: (a["kind"], a["page"], a["articles"]) for a in data["authors"]}
    assert authors == {
        "RootsAction Team": ("organization", "authors/rootsaction-team/index.html", [KEYS[S000]]),
        "Medea Benjamin": ("person", "authors/medea-benjamin/index.html", [KEYS[S001]]),
        "Nicolas J.S. Davies": ("person", "authors/nicolas-j-s-davies/index.html", [KEYS[S001]]),
        "Dave DeCamp": ("person", "authors/dave-decamp/index.html", [KEYS[S004]]),
    }
    sources = {loose(s["name"]): set(s["articles"]) for s in data["sources"]}
    assert sources == {
        "reuters": {KEYS[S000]}, "economist": {KEYS[S000]}, "responsible statecraft": {KEYS[S000]},
        "common dreams": {KEYS[S000]}, "new york times": {KEYS[S001]}, "wall street journal": {KEYS[S001], KEYS[S004]},
        "washington post": {KEYS[S004]},
    }
    stances = {s["id"]: (s["page"], set(s["articles"])) for s in data["stances"]}
    assert stances == {
        "for-talks": ("stances/for-talks/index.html", {KEYS[S000], KEYS[S001], KEYS[S004]}),
        "against-talks": ("stances/against-talks/index.html", {KEYS[S003]}),
        "neutral": ("stances/neutral/index.html", {KEYS[S002]}),
        None: ("stances/unclassified/index.html", set()),
    }
    for entry in [*data["outlets"], *data["authors"], *data["sources"], *data["stances"], *data["claims"]]:
        assert (out / entry["page"]).is_file(), entry["page"]


def test_archive_json_lists_the_catalog_and_who_makes_each_claim(data: dict[str, Any], records: dict[str, dict[str, Any]]) -> None:
    claims = {c["id"]: c for c in data["claims"]}
    assert list(claims) == [
        "istanbul-framework", "west-blocked-2022-deal", "putin-offers-ceasefire", "us-rejected-russian-overtures",
        "neither-side-can-win", "nuclear-escalation-risk", "us-discourages-diplomacy", "zelensky-rules-out-talks",
        "us-russia-back-channel", "war-hurts-europe-global-south", "ukraine-shortages", "ukraine-maximal-terms",
    ]  # claims.yaml, in its order
    for seed, described in CLAIMS_EXPECTED.items():
        for claim in described["claims"]:
            assert KEYS[seed] in claims[claim]["articles"], f"{claim} does not list {seed}"
        for claim in described["absent"]:
            assert KEYS[seed] not in claims[claim]["articles"], f"{claim} lists {seed}"
    for claim in claims.values():
        assert claim["page"] == f"claims/{claim['id']}/index.html"
        mentions = [m["position"] for r in records.values() for m in r["claims"] if m["claim"] == claim["id"]]
        assert [claim[p] for p in ("affirms", "disputes", "reports")] == [mentions.count(p) for p in ("affirms", "disputes", "reports")]


class _CommentParser(HTMLParser):
    """Where each reader comment of an article page stands: in the folded comments, or in the article's body."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, frozenset[str]]] = []
        self.comments: list[tuple[bool, bool, int]] = []
        """Per ``li.comment``: inside ``details.comments``, inside ``div.article-body``, how many comments it replies under."""
        self.summary = ""
        self.body_paragraphs = 0

    def _inside(self, tag: str, css: str) -> bool:
        return any(t == tag and css in classes for t, classes in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = frozenset((dict(attrs).get("class") or "").split())
        if tag == "li" and "comment" in classes:
            depth = sum(1 for t, c in self.stack if t == "li" and "comment" in c)
            self.comments.append((self._inside("details", "comments"), self._inside("div", "article-body"), depth))
        if tag == "p" and "para" in classes and self._inside("div", "article-body"):
            self.body_paragraphs += 1
        if tag not in self.VOID:
            self.stack.append((tag, classes))

    def handle_endtag(self, tag: str) -> None:
        if any(t == tag for t, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "summary" and self._inside("details", "comments"):
            self.summary += data


def test_reader_comments_are_folded_away_from_the_body(built: tuple[Path, BuildReport], records: dict[str, dict[str, Any]]) -> None:
    out, _ = built
    parser = _CommentParser()
    parser.feed((out / f"articles/{KEYS[S001]}/index.html").read_text(encoding="utf-8"))
    parser.close()
    # Seed 001 has 8 numbered comments and 3 replies (to comments 5, 7 and 8).
    depths = [depth for _, _, depth in parser.comments]
    assert (depths.count(0), depths.count(1), len(depths)) == (8, 3, 11)
    assert all(folded and not in_body for folded, in_body, _ in parser.comments)
    assert " ".join(parser.summary.split()) == "Reader comments — not part of the article (11)"
    assert parser.body_paragraphs == len(records[S001]["paragraphs"])


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
    assert home.h1 == ["Negotiating the End of the Russia–Ukraine War"]  # the title in archive.yaml
