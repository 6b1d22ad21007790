"""Search: the index made from the article pages, the search page, its policy, and the search form on every page.

The index comes from Pagefind's binary (``pagefind[bin]``), run here on the fixture site
rendered in memory; its files are read back as Pagefind's search code reads them
(fragments are gzipped JSON, filters and the meta index gzipped CBOR).
"""

from __future__ import annotations

import gzip
import json
import re
import stat
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from site_fixtures.records import load_fixture_articles, load_fixture_config, render_fixture

from archive_site.build import cbor, search
from archive_site.build.search import canonical, essentials, indexed_pages, run_pagefind, search_files
from archive_site.errors import BuildError
from archive_site.serve import inject_reload, reload_script
from archive_site.site import csp, urls
from archive_site.site.searchpage import FILTERS, UNDATED

MAGIC = b"pagefind_dcd"
#: The fixture's second part: untitled-notes, by its path's hash (talks-resume and offer-rejected are in the first).
PART_2 = "pagefind/part-2/"
#: The fixture article with authors, an outlet, a date, claims, cited headlines and reader comments.
TALKS = "articles/talks-resume/index.html"
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


# ---------------------------------------------------------------- reading HTML and Pagefind's files


@dataclass
class Node:
    """An element of a parsed page."""

    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Every element below this one with the tag and attribute values given (``class_`` for ``class``)."""
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and all(child.attrs.get(k) == v for k, v in wanted.items()):
                    found.append(child)
                found.extend(child.all(tag, **attrs))
        return found

    def one(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}> elements"
        return found[0]

    def ancestors(self) -> list[Node]:
        node, found = self.parent, []
        while node is not None:
            found.append(node)
            node = node.parent
        return found


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.open = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.open)
        self.open.children.append(node)
        if tag not in VOID:
            self.open = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.open
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.open = node.parent

    def handle_data(self, data: str) -> None:
        self.open.children.append(data)


def parse(html: bytes) -> Node:
    builder = _TreeBuilder()
    builder.feed(html.decode("utf-8"))
    builder.close()
    return builder.root


def unpacked(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    assert raw.startswith(MAGIC)
    return raw[len(MAGIC) :]


def fragments(bundle: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    """Each indexed page's fragment (its text, filters and result fields), by its site path, from every part."""
    found = {}
    for path, data in bundle.items():
        if re.fullmatch(r"pagefind/(part-\d+/)?fragment/[^/]+\.pf_fragment", path):
            fragment = json.loads(unpacked(data))
            assert fragment["url"].removeprefix("/") not in found, "a page is in one part only"
            found[fragment["url"].removeprefix("/")] = fragment
    return found


def entries(bundle: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    """Each part's entry file, by the part's folder."""
    folders = sorted(path.removesuffix("pagefind-entry.json") for path in bundle if path.endswith("/pagefind-entry.json"))
    return {folder: json.loads(bundle[f"{folder}pagefind-entry.json"]) for folder in folders}


def policy(page: Node) -> dict[str, list[str]]:
    [meta] = page.all("meta", http_equiv="Content-Security-Policy")
    return {part.split()[0]: part.split()[1:] for part in meta.attrs["content"].split(";") if part.strip()}


def html_pages(site: dict[str, bytes]) -> dict[str, Node]:
    return {path: parse(data) for path, data in sorted(site.items()) if path.endswith(".html")}


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    """The fixture site's files, rendered in memory (no index)."""
    return render_fixture()


@pytest.fixture(scope="module")
def bundle(site: dict[str, bytes]) -> dict[str, bytes]:
    return search_files(site)


# ---------------------------------------------------------------- the index


def test_the_index_holds_every_article_page_and_nothing_else(site: dict[str, bytes], bundle: dict[str, bytes]) -> None:
    articles = sorted(p for p in site if re.fullmatch(r"articles/[^/]+/index\.html", p))
    assert len(articles) == 3
    assert sorted(fragments(bundle)) == articles
    assert all(path.startswith(search.BUNDLE) for path in bundle)
    assert {"pagefind/pagefind.js", "pagefind/pagefind-worker.js", "pagefind/wasm.en.pagefind"} <= set(bundle)
    assert not [p for p in bundle if "-ui." in p or "highlight" in p], "Pagefind's own interfaces are left out"
    assert not [p for p in bundle if p.startswith(PART_2) and p.endswith((".js", "wasm.en.pagefind"))], "one copy of the code"
    counts = {folder: {lang: meta["page_count"] for lang, meta in entry["languages"].items()} for folder, entry in entries(bundle).items()}
    assert counts == {"pagefind/": {"en": 2}, PART_2: {"en": 1}}  # each page in the part its path's hash gives
    for folder, entry in entries(bundle).items():
        assert f"{folder}pagefind.{entry['languages']['en']['hash']}.pf_meta" in bundle


def test_each_page_keeps_its_part_and_the_parts_grow_with_the_archive() -> None:
    assert urls.search_parts([]) == {}
    assert urls.search_parts(["articles/a/index.html"]) == {"pagefind/": ("articles/a/index.html",)}
    assert [urls.search_part_count(n) for n in (0, 1, 2000, 2001, 4001, 10_000, 10**7)] == [0, 2, 2, 4, 8, 16, 64]
    pages = [f"articles/a{n}/index.html" for n in range(3000)]
    before = urls.search_parts(pages)
    after = urls.search_parts([*pages, "articles/new/index.html"])
    changed = [folder for folder in after if after[folder] != before.get(folder)]
    assert len(changed) == 1 and "articles/new/index.html" in after[changed[0]]  # one part changes, the others stay
    assert sorted(p for paths in after.values() for p in paths) == sorted([*pages, "articles/new/index.html"])
    assert next(iter(after)) == "pagefind/" and all(f.startswith("pagefind/part-") for f in list(after)[1:])


def test_only_the_article_pages_are_read(site: dict[str, bytes], bundle: dict[str, bytes]) -> None:
    stray = b'<!DOCTYPE html><html lang="en"><body><main data-pagefind-body><h1>Zebracorn</h1></main></body></html>'
    extended = {**site, "notes/index.html": stray, "articles/talks-resume/notes/index.html": stray,
                "articles/talks-resume/source.txt": b"Zebracorn"}
    assert indexed_pages(extended) == indexed_pages(site)
    assert search_files(extended) == bundle
    assert search_files({"index.html": site["index.html"]}) == {}  # no article, no index


def test_an_article_is_indexed_by_its_headline_dek_authors_and_text_only(bundle: dict[str, bytes]) -> None:
    text = fragments(bundle)[TALKS]["content"]
    for wanted in ("Talks Could Resume <Soon> & Quietly", "Envoys are testing a ceasefire plan.", "Jane Doe", "Sam Lee",
                   "Diplomats from both sides met in a neutral capital this week.",
                   "Moscow has offered a ceasefire on the current front lines, according to Reuters."):
        assert wanted in text, wanted
    for unwanted in ("Timeline", "Cited sources", "Skip to main content", "Search the archive",  # navigation
                     "Finally some sense", "Who pays for the weapons", "Reader comments",  # comments
                     "Sentences that mention", "reports it", "makes the claim", "why this label",  # claim marks
                     "Cite this article", "How this record was read", "About this article"):  # record
        assert unwanted not in text, unwanted


def test_each_article_carries_its_filters_and_result_fields(bundle: dict[str, bytes]) -> None:
    talks = fragments(bundle)[TALKS]
    assert {name: sorted(values) for name, values in talks["filters"].items()} == {
        "outlet": ["Harbor Post"],
        "author": ["Jane Doe", "Sam Lee"],
        "stance": ["For talks"],
        "claim": ["Ceasefire offer", "No military solution"],
        "year": ["2024"],
    }
    assert talks["meta"] == {"title": "Talks Could Resume <Soon> & Quietly", "outlet": "Harbor Post",
                             "date": "14 March 2024", "stance": "For talks"}
    untitled = fragments(bundle)["articles/untitled-notes/index.html"]
    assert untitled["filters"]["year"] == [UNDATED] and "outlet" not in untitled["filters"]


def test_the_search_page_offers_exactly_the_values_the_index_holds(site: dict[str, bytes], bundle: dict[str, bytes]) -> None:
    page = parse(site[urls.SEARCH])
    offered = {s.attrs["name"]: {o.text() for o in s.all("option") if o.attrs.get("value") != ""} for s in page.all("select")}
    indexed: dict[str, set[str]] = {name: set() for name, _ in FILTERS}
    for fragment in fragments(bundle).values():
        for name, values in fragment["filters"].items():
            indexed[name].update(values)
    assert offered == indexed


def test_the_index_is_deterministic(site: dict[str, bytes], bundle: dict[str, bytes]) -> None:
    # Pagefind's own order of filter values changes from run to run; the files do not
    assert search_files(dict(reversed(list(site.items())))) == bundle
    assert search_files(site) == bundle
    pages = indexed_pages(site)
    made = [canonical(run_pagefind(pages)) for _ in range(3)]
    assert made[0] == made[1] == made[2]


def test_pagefind_makes_the_same_index_of_the_essentials_of_a_page(site: dict[str, bytes]) -> None:
    pages = indexed_pages(site)
    trimmed = {path: essentials(page) for path, page in pages.items()}
    assert all(len(trimmed[path]) < len(pages[path]) / 2 for path in pages)
    assert canonical(run_pagefind(trimmed)) == canonical(run_pagefind(pages))
    page = parse(trimmed[TALKS])
    assert page.one("html").attrs == {"lang": "en"}
    assert next(c.tag for c in page.one("body").children if isinstance(c, Node)) == "article"
    assert [a.text() for a in page.all("a", data_pagefind_filter="claim")] == ["Ceasefire offer", "No military solution"]


@pytest.mark.parametrize("page", [
    b'<html lang="en"><body><main><p>No body marked.</p></main></body></html>',
    b'<html lang="en"><body><article data-pagefind-body><p>Text.</p></article>'
    b'<aside><p data-pagefind-meta="note">A <em>nested</em> value</p></aside></body></html>',
    b'<html lang="en"><body><article data-pagefind-body><p>Never closed.</p></body></html>',
    b'<html lang="en"><body><p title="x data-pagefind-body">Text in a value is no attribute.</p></body></html>',
])  # fmt: skip
def test_a_page_whose_parts_cannot_be_told_apart_is_read_whole(page: bytes) -> None:
    assert essentials(page) is page


def test_the_essentials_keep_nested_elements_whole() -> None:
    page = (b'<!DOCTYPE html><html lang="de"><head><title>T</title><meta name="x" content="y"></head><body><nav>Menu</nav>'
            b'<div class="a" data-pagefind-body><div><p>Inner</p></div><p>Last</p></div><footer>Foot</footer>'
            b'<a href="x" data-pagefind-filter="claim">C</a></body></html>')
    assert essentials(page) == (b'<!DOCTYPE html><html lang="de"><head><title>T</title></head><body>'
                                b'<div class="a" data-pagefind-body><div><p>Inner</p></div><p>Last</p></div>'
                                b'<a href="x" data-pagefind-filter="claim">C</a></body></html>')


def test_the_canonical_index_is_sorted_and_its_names_agree(bundle: dict[str, bytes]) -> None:
    for folder, entry in entries(bundle).items():
        meta = cbor.decode(unpacked(bundle[f"{folder}pagefind.{entry['languages']['en']['hash']}.pf_meta"]))
        filters = meta[3]
        assert [name for name, _ in filters] == sorted(name for name, _ in filters)
        assert {name for name, _ in filters} <= {name for name, _ in FILTERS}
        for name, file_hash in filters:
            data = unpacked(bundle[f"{folder}filter/{file_hash}.pf_filter"])
            packed = cbor.decode(data)
            assert packed[0] == name
            assert [value for value, _pages in packed[1]] == sorted(value for value, _pages in packed[1])
            assert file_hash == f"en_{search._hex_digest(data)}"[:10]


@pytest.mark.parametrize("value", [
    0, 23, 24, 255, 256, 65535, 65536, 2**32 - 1, 2**32, -1, -24, -25, -1000, "", "é ‘quoted’", b"\x00\xff",
    [], [1, [2, ["three"]], None, True, False], ["x" * 300, list(range(30))],
])  # fmt: skip
def test_cbor_values_survive_a_round_trip(value: Any) -> None:
    assert cbor.decode(cbor.encode(value)) == value


def test_a_missing_or_broken_pagefind_is_a_build_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, site: dict[str, bytes]) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "nowhere"))
    with pytest.raises(BuildError, match=r"pip install 'pagefind\[bin\]'"):
        search_files(site)
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'cannot open the index' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    with pytest.raises(BuildError, match=r"Pagefind stopped \(cannot open the index\) while indexing the article pages"):
        search_files(site)


# ---------------------------------------------------------------- the search page


def test_the_search_page_has_the_form_the_filters_and_its_messages(site: dict[str, bytes], bundle: dict[str, bytes]) -> None:
    page = parse(site[urls.SEARCH])
    [h1] = page.all("h1")
    assert h1.text() == "Search the archive"
    form = page.one("form", id="search")
    assert (form.attrs["method"], form.attrs["action"], form.attrs["role"]) == ("get", "index.html", "search")
    labels = {label.attrs["for"]: label.text() for label in form.all("label")}
    query = form.one("input", name="q")
    assert query.attrs["type"] == "search" and labels[query.attrs["id"]] == "Words to find"
    selects = form.all("select")
    assert [(s.attrs["name"], labels[s.attrs["id"]]) for s in selects] == list(FILTERS)
    outlets = [o.text() for o in form.one("select", name="outlet").all("option")]
    assert outlets == ["Any", "Harbor Post", "Lakeside Review"]
    assert [o.text() for o in form.one("select", name="year").all("option")] == ["Any", "2024", UNDATED]
    # the script's addresses, relative to the page, name files of the site
    here = urls.SEARCH.rsplit("/", 1)[0]
    assert f"{here}/{form.attrs['data-index']}".replace("search/../", "") == urls.SEARCH_INDEX
    assert urls.SEARCH_INDEX in bundle and form.attrs["data-root"] == "../"
    assert form.attrs["data-parts"] == "../pagefind/part-2/" and f"{PART_2}pagefind-entry.json" in bundle
    [script] = page.all("script", src="../static/search.js")
    assert "defer" in script.attrs and script.text() == "" and urls.SEARCH_SCRIPT in site
    assert [s.attrs.get("type") for s in page.all("script")] == [None], "the only script is the search page's file"
    # the messages: without JavaScript, and without a server
    assert "needs JavaScript" in page.one("noscript").text()
    unavailable = page.one("div", id="search-unavailable")
    assert "hidden" in unavailable.attrs
    assert "Search needs the site to be served" in unavailable.one("p", data_reason="file").text()
    assert "could not be loaded" in unavailable.one("p", data_reason="failed").text()
    assert unavailable.one("pre").text() == "python -m http.server"
    assert page.one("p", id="search-status").attrs["role"] == "status"
    assert page.one("ol", id="search-results").children == []


def test_only_the_search_page_may_run_a_script(site: dict[str, bytes]) -> None:
    pages = html_pages(site)
    assert urls.SEARCH in pages and len(pages) > 20
    for path, page in pages.items():
        wanted = ["'self'", "file:", "'wasm-unsafe-eval'"] if path == urls.SEARCH else ["'none'"]
        assert policy(page)["script-src"] == wanted, path
        assert policy(page)["object-src"] == ["'none'"] and policy(page)["default-src"] == ["'self'"], path
        if path != urls.SEARCH:
            assert all(s.attrs.get("type") == "application/ld+json" for s in page.all("script")), path


def test_the_preview_server_keeps_the_search_page_s_sources(site: dict[str, bytes]) -> None:
    served = parse(inject_reload(site[urls.SEARCH], 7))
    script = reload_script(7).decode("ascii").removeprefix("<script>").removesuffix("</script>\n")
    assert policy(served)["script-src"] == ["'self'", "file:", "'wasm-unsafe-eval'", csp.source_hash(script)]
    assert [s.attrs.get("src") for s in served.all("script")] == ["../static/search.js", None]


def test_every_page_has_a_search_form_that_leads_to_the_search_page(site: dict[str, bytes]) -> None:
    base = load_fixture_config().base_url
    assert base
    for path, page in html_pages(site).items():
        forms = page.all("form")
        assert len(forms) == 1, path
        [form] = forms
        target = urls.absolute(urls.SEARCH, base) if path == urls.NOT_FOUND else urls.relative(path, urls.SEARCH)
        assert (form.attrs["action"], form.attrs["method"], form.attrs["role"]) == (target, "get", "search"), path
        if path != urls.SEARCH:
            assert form.attrs["class"] == "site-search" and form.ancestors()[0].ancestors()[0].tag == "header", path
        [query] = form.all("input", name="q")
        [label] = [label for label in form.all("label") if label.attrs["for"] == query.attrs["id"]]
        assert label.text().strip(), path


def test_the_article_page_marks_its_text_for_the_index_and_nothing_else(site: dict[str, bytes]) -> None:
    articles, _sources = load_fixture_articles()
    for article in articles:
        page = parse(site[urls.article_page(article.key)])
        [body] = [n for n in page.all() if "data-pagefind-body" in n.attrs]
        assert body.tag == "article" and "article" in body.attrs["class"]
        inside = {id(n) for n in body.all()}
        for outside in page.all("nav") + page.all("footer") + page.all("section", class_="panel comments-panel") + \
                page.all("div", class_="article-aside"):
            assert id(outside) not in inside
        assert body.one("h1").text() == article.display_title
