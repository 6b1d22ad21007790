"""Search in Chromium: served under a sub-path, from the preview server, and opened from disk.

Served, a reader types a query on the search page and finds the expected article,
narrows the results with a filter, follows a result, and is told when nothing
matches; the header form of any page leads there with the query. Opened from disk
(``file://``), where no browser lets a page load the search index, the page says
plainly that search needs a server and shows the command that serves the site.
Nothing may log an error, fail to load, or ask for an address outside the site.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import build_archive, keep_offline, static_server

from archive_site.serve import PreviewServer

pytestmark = pytest.mark.browser

SUB_PATH = "archive"
#: A word of the seeds, and the article that must come up for it.
QUERY = "ceasefire"
EXPECTED = "U.S. rejects Putin’s ceasefire proposal for Ukraine in unofficial communications"
#: The filter that narrows the results of QUERY to the expected article.
OUTLET = "Reuters"
NO_MATCH = "zyxwvut"


def squash(text: str) -> str:
    return " ".join(text.split())


class Traffic:
    """Console errors and warnings, page errors, failed loads and every address asked for."""

    def __init__(self, page: Any) -> None:
        self.problems: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", lambda request: self.problems.append(f"failed: {request.url} {request.failure}"))
        page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        page.on("request", lambda request: self.requests.append(request.url))

    def check(self, prefix: str) -> None:
        assert not self.problems, "\n".join(self.problems)
        outside = [url for url in self.requests if not url.startswith(prefix)]
        assert not outside, "requests that left the site:\n" + "\n".join(outside)


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    blocked = keep_offline(context)
    try:
        yield context
    finally:
        context.close()
    assert not blocked, blocked


@pytest.fixture
def served(seed_site: Path, tmp_path: Path) -> Iterator[str]:
    """The seed site served under a sub-path by a plain static server; yields its root address."""
    root = tmp_path / "root"
    shutil.copytree(seed_site, root / SUB_PATH)
    with static_server(root) as origin:
        yield f"{origin}/{SUB_PATH}/"


def status(page: Any) -> str:
    return squash(page.locator("#search-status").inner_text())


def wait_for_status(page: Any, pattern: str) -> str:
    """Wait until the search status reads ``pattern`` (a regular expression); returns it."""
    page.wait_for_function("(pattern) => new RegExp(pattern).test(document.getElementById('search-status').textContent)",
                           arg=pattern)
    return status(page)


def result_titles(page: Any) -> list[str]:
    return [squash(t) for t in page.locator("#search-results .card-title a").all_inner_texts()]


def test_a_reader_searches_narrows_follows_and_finds_nothing(context: Any, served: str) -> None:
    page = context.new_page()
    traffic = Traffic(page)
    page.goto(served + "search/index.html", wait_until="load")
    wait_for_status(page, "^Type the words to find")  # the index has loaded
    assert page.locator("#search-unavailable").is_hidden()

    page.locator("#search-q").press_sequentially(QUERY, delay=30)
    found = wait_for_status(page, f"^\\d+ articles? match(es)? “{QUERY}”\\.$")
    titles = result_titles(page)
    assert EXPECTED in titles, titles
    assert int(found.split()[0]) == len(titles) > 1
    marks = page.locator("#search-results .search-excerpt mark").all_inner_texts()
    assert marks and all(m.casefold() == QUERY for m in marks), marks
    assert re.search(rf"[?&]q={QUERY}(&|$)", page.url), page.url

    page.select_option("#search-outlet", OUTLET)
    narrowed = wait_for_status(page, "with the chosen filters")
    assert narrowed == f"1 article matches “{QUERY}” with the chosen filters.", narrowed
    assert result_titles(page) == [EXPECTED]
    assert page.locator("#search-results .card-meta").inner_text().startswith(OUTLET)
    assert f"outlet={OUTLET}" in page.url

    link = page.locator("#search-results .card-title a")
    assert link.get_attribute("href", timeout=0).startswith("../articles/")  # relative, like every link of the site
    with page.expect_navigation(wait_until="load"):
        link.click()
    assert page.url.startswith(served + "articles/") and squash(page.locator("h1").inner_text()) == EXPECTED
    page.go_back(wait_until="load")
    wait_for_status(page, "with the chosen filters")  # the address kept the query and the filter

    page.select_option("#search-outlet", "")
    page.locator("#search-q").fill(NO_MATCH)
    assert wait_for_status(page, "^No article") == f"No article matches “{NO_MATCH}”."
    assert page.locator("#search-results li").count() == 0
    traffic.check(served)


def test_the_address_sets_the_query_and_the_filters(context: Any, served: str) -> None:
    page = context.new_page()
    traffic = Traffic(page)
    page.goto(served + "search/index.html?q=negotiations&stance=For+talks", wait_until="load")
    found = wait_for_status(page, "match(es)? “negotiations” with the chosen filters")
    assert page.locator("#search-q").input_value() == "negotiations"
    assert page.locator("#search-stance").input_value() == "For talks"
    metas = page.locator("#search-results .card-meta").all_inner_texts()
    assert metas and len(metas) == int(found.split()[0]) and all(m.endswith("For talks") for m in metas), metas
    traffic.check(served)


def test_the_filters_offered_are_the_filters_of_the_index(context: Any, served: str) -> None:
    page = context.new_page()
    page.goto(served + "search/index.html", wait_until="load")
    wait_for_status(page, "^Type the words to find")
    indexed = page.evaluate("import(new URL('../pagefind/pagefind.js', location.href).href).then((p) => p.filters())")
    offered = page.eval_on_selector_all(
        "#search select", "selects => Object.fromEntries(selects.map((s) => [s.name, [...s.options].slice(1).map((o) => o.value)]))"
    )
    assert {name: sorted(values) for name, values in offered.items()} == {name: sorted(counts) for name, counts in indexed.items()}


def test_the_header_form_of_any_page_leads_to_the_search_page(context: Any, served: str) -> None:
    page = context.new_page()
    traffic = Traffic(page)
    page.goto(served + "outlets/index.html", wait_until="load")
    page.locator("#site-search-q").fill(QUERY)
    with page.expect_navigation(wait_until="load"):
        page.locator("#site-search-q").press("Enter")
    assert page.url == f"{served}search/index.html?q={QUERY}"
    wait_for_status(page, f"match(es)? “{QUERY}”")
    assert EXPECTED in result_titles(page)
    traffic.check(served)


def test_search_works_on_the_preview_server_with_its_reload_script(context: Any, seed_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    shutil.copytree(seed_site, out)
    with PreviewServer(out, lambda: None, (), poll_seconds=60) as server:
        page = context.new_page()
        traffic = Traffic(page)
        page.goto(server.url + "search/index.html?q=" + QUERY, wait_until="load")
        wait_for_status(page, f"match(es)? “{QUERY}”")
        assert EXPECTED in result_titles(page)
        assert page.locator("script:not([src])").count() == 1  # the reload script ran under the page's policy
        traffic.check(server.url)


def test_opened_from_disk_the_search_page_says_it_needs_a_server(context: Any, seed_site: Path) -> None:
    page = context.new_page()
    traffic = Traffic(page)
    home = seed_site.resolve().as_uri() + "/"
    page.goto(home + "index.html", wait_until="load")
    page.locator("#site-search-q").fill(QUERY)
    with page.expect_navigation(wait_until="load"):
        page.locator("#site-search-q").press("Enter")  # the header form works from disk too
    assert page.url == f"{home}search/index.html?q={QUERY}"
    notice = page.locator("#search-unavailable")
    notice.wait_for(state="visible")
    text = squash(notice.inner_text())
    assert text.startswith("Search needs the site to be served. This page was opened from disk"), text
    assert "could not be loaded" not in text
    assert squash(notice.locator("pre").inner_text()) == "python -m http.server"
    assert f"in the site's folder ({seed_site.resolve()}/)" in text
    assert page.locator("#search-q").input_value() == QUERY
    assert page.locator("#search-results li").count() == 0
    assert not [url for url in traffic.requests if "/pagefind/" in url], "opened from disk, the index is not even asked for"
    traffic.check(home)


def test_more_results_are_listed_on_request(context: Any, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(1, 26):
        (seeds / f"note-{n:02d}.md").write_text(
            f"---\ntitle: Ceasefire note number {n}\ndate: 2024-01-{n:02d}\noutlet: Example Times\n---\n\n"
            f"Envoys met again to discuss a ceasefire, round {n} of the talks.\n", encoding="utf-8")
    site = build_archive(seeds, tmp_path / "site", base_url=None)
    with static_server(site) as origin:
        page = context.new_page()
        traffic = Traffic(page)
        page.goto(f"{origin}/search/index.html?q=ceasefire", wait_until="load")
        assert wait_for_status(page, "match") == "25 articles match “ceasefire”."
        more = page.locator("#search-more")
        assert page.locator("#search-results li").count() == 20 and more.is_visible()
        more.click()
        page.locator("#search-results li").nth(24).wait_for()
        assert page.locator("#search-results li").count() == 25 and more.is_hidden()
        assert len(set(result_titles(page))) == 25
        traffic.check(origin)

