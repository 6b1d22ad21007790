"""A reader's walk through the seed site in Chromium: home → outlet → cited source → article.

The walk runs twice: with the site served from a sub-path (``/archive/``) by a
plain static server, and with the site opened from disk (``file://``). Each page
must show the heading its link promised, log no console or page error, and load
nothing from outside the site.

``UPDATE_SCREENSHOTS=1`` also saves ``docs/screenshots/outlet.png`` and
``docs/screenshots/article.png`` for the README.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import ROOT, keep_offline, static_server

pytestmark = pytest.mark.browser

SUB_PATH = "archive"
SCREENSHOTS = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}

#: The headlines of the five seeds, as their first lines give them.
SEED_TITLES = (
    "ACTION: Tell US to Let Ukraine Negotiate End to War",
    "We Urgently Need to Give Ukraine Peace Talks a Chance",
    "U.S. rejects Putin’s ceasefire proposal for Ukraine in unofficial communications",
    "Why Washington Rejects Putin’s Offer for Negotiations",
    "US Wants Ukraine to Act Like It’s Open to Negotiations But Won’t Push for Talks",
)

OUTLET_PAGE = re.compile(r"/outlets/(?!page/)[^/#]+/index\.html(#.*)?$")
SOURCE_PAGE = re.compile(r"/sources/(?!page/)[^/#]+/index\.html(#.*)?$")
ARTICLE_PAGE = re.compile(r"/articles/[^/#]+/index\.html(#.*)?$")


def squash(text: str) -> str:
    return " ".join(text.split())


def archive_title() -> str:
    """The archive's title as ``archive.yaml`` sets it; the home page's heading."""
    settings = yaml.safe_load((ROOT / "archive.yaml").read_text(encoding="utf-8"))
    return squash(settings["title"])


class LinkCollector(HTMLParser):
    """The ``href`` of every link in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_on_disk(page_file: Path) -> list[str]:
    """The links of a built page, read from the file rather than the browser."""
    parser = LinkCollector()
    parser.feed(page_file.read_text(encoding="utf-8"))
    return parser.hrefs


@dataclass
class Traffic:
    """Everything a page did that the walk must check: console errors, page errors, requests."""

    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def watch(self, page: Any) -> None:
        page.on("console", lambda message: self._console(message))
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", lambda request: self.problems.append(f"failed: {request.url} {request.failure}"))
        page.on("response", lambda response: self._response(response))
        page.on("request", lambda request: self.requests.append(request.url))

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            where = message.location.get("url") or "?"
            self.problems.append(f"console {message.type} at {where}: {message.text}")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


@dataclass(frozen=True)
class Site:
    """Where the walk starts and which addresses count as the site."""

    home: str
    """Address of the home page."""
    prefix: str
    """Every request must start with this."""
    folder: Path
    """The built site on disk."""

    def file_for(self, url: str) -> Path:
        """The built file behind a page address of this site."""
        assert url.startswith(self.prefix), url
        return self.folder / unquote(urlsplit(url).path.removeprefix(urlsplit(self.prefix).path))


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    keep_offline(context)  # an outside request is aborted, and the walk then reports it as failed
    try:
        yield context.new_page()
    finally:
        context.close()


def visible_links(page: Any) -> list[tuple[int, str, str]]:
    """(index among ``a[href]``, absolute URL, text) of each visible link on the page."""
    anchors = page.locator("a[href]")
    found = page.eval_on_selector_all("a[href]", "links => links.map(link => [link.href, link.textContent])")
    return [(index, href, squash(text)) for index, (href, text) in enumerate(found) if anchors.nth(index).is_visible()]


def click_link(page: Any, kind: str, wanted: Callable[[str], bool]) -> str:
    """Click the first visible link whose address ``wanted`` accepts, wait for the page; returns the link's text."""
    links = visible_links(page)
    for index, href, text in links:
        if wanted(href):
            with page.expect_navigation(wait_until="load"):
                page.locator("a[href]").nth(index).click()
            assert page.url.split("#")[0] == href.split("#")[0]
            return text
    pytest.fail(f"{page.url} has no visible link to {kind}; it links to:\n" + "\n".join(h for _, h, _ in links))


def heading(page: Any) -> str:
    headings = page.locator("h1")
    assert headings.count() == 1, f"{page.url} has {headings.count()} <h1> elements"
    text = squash(headings.inner_text())
    assert text, f"{page.url} has an empty <h1>"
    return text


def outlet_with_sources(site: Site) -> Callable[[str], bool]:
    """Accept a link to an outlet page that itself links to a cited-source page."""

    def wanted(url: str) -> bool:
        if not (url.startswith(site.prefix) and OUTLET_PAGE.search(url)):
            return False
        return any(SOURCE_PAGE.search(href) for href in links_on_disk(site.file_for(url)))

    return wanted


def walk(page: Any, site: Site, *, screenshots: bool = False) -> None:
    """Home → an outlet with cited sources → one of its sources → an article citing it."""
    traffic = Traffic()
    traffic.watch(page)
    page.goto(site.home, wait_until="load")
    assert heading(page) == archive_title()

    outlet = click_link(page, "an outlet page that lists cited sources", outlet_with_sources(site))
    assert outlet in heading(page) or heading(page) in outlet, f"link {outlet!r} led to {heading(page)!r}"
    if screenshots:
        page.screenshot(path=str(SCREENSHOTS / "outlet.png"))

    source = click_link(page, "a cited-source page", lambda url: bool(SOURCE_PAGE.search(url)))
    assert source in heading(page) or heading(page) in source, f"link {source!r} led to {heading(page)!r}"

    link_text = click_link(page, "an article page", lambda url: bool(ARTICLE_PAGE.search(url)))
    title = heading(page)
    assert title in SEED_TITLES
    assert title in link_text, f"link {link_text!r} led to {title!r}"
    if screenshots:
        page.evaluate("window.scrollTo(0, 0)")  # the link may have pointed into the text; show the top
        page.screenshot(path=str(SCREENSHOTS / "article.png"))

    assert not traffic.problems, "\n".join(traffic.problems)
    outside = [url for url in traffic.requests if not url.startswith(site.prefix)]
    assert not outside, "requests that left the site:\n" + "\n".join(outside)


def test_reader_walk_on_a_sub_path(page: Any, seed_site: Path, tmp_path: Path) -> None:
    served = tmp_path / "root"
    shutil.copytree(seed_site, served / SUB_PATH)
    update = os.environ.get("UPDATE_SCREENSHOTS") == "1"
    if update:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with static_server(served) as origin:
        prefix = f"{origin}/{SUB_PATH}/"
        walk(page, Site(home=prefix + "index.html", prefix=prefix, folder=served / SUB_PATH), screenshots=update)


def test_reader_walk_from_disk(page: Any, seed_site: Path) -> None:
    prefix = seed_site.resolve().as_uri() + "/"
    walk(page, Site(home=prefix + "index.html", prefix=prefix, folder=seed_site))
