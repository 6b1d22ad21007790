"""Parse built pages with html.parser and check the structure every page must have."""

from __future__ import annotations

import posixpath
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


@dataclass
class ParsedPage:
    """What the structural checks need from one HTML page."""

    path: str
    lang: str | None = None
    title: str = ""
    h1: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag.attr, value)
    base: str | None = None
    landmarks: set[str] = field(default_factory=set)
    text: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.page.lang = values.get("lang")
        if tag == "base":
            self.page.base = values.get("href")
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag in {"a", "link"} and "href" in values:
            self.page.links.append((f"{tag}.href", values["href"]))
        if tag in {"img", "script"} and "src" in values:
            self.page.links.append((f"{tag}.src", values["src"]))
        if tag in {"header", "nav", "main", "footer"}:
            self.page.landmarks.add(tag)
        if tag == "h1":
            self.page.h1.append("")
        if tag not in {"meta", "link", "br", "img", "input", "base", "hr"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "title" in self.stack and "svg" not in self.stack:
            self.page.title += data
        if "h1" in self.stack:
            self.page.h1[-1] += data
        if "body" in self.stack or "main" in self.stack:
            self.page.text.append(data)


def parse_page(root: Path, path: str) -> ParsedPage:
    """Parse one page of a built site."""
    page = ParsedPage(path)
    parser = _Parser(page)
    parser.feed((root / path).read_text(encoding="utf-8"))
    parser.close()
    return page


def parse_site(root: Path) -> dict[str, ParsedPage]:
    """Every HTML page of a built site, by site-relative path."""
    return {
        p.relative_to(root).as_posix(): parse_page(root, p.relative_to(root).as_posix())
        for p in sorted(root.rglob("*.html"))
    }


def resolve(page: ParsedPage, href: str, site_url: str | None = None) -> tuple[str, str | None] | None:
    """The site-relative target file and fragment of an internal link; None for external ones.

    Absolute links under ``site_url`` (the site's base URL) count as internal.
    """
    if page.base is not None:
        href = urljoin(page.base, href)
    if site_url and href.startswith(site_url):
        rest = urlsplit(href[len(site_url) :])
        path = rest.path if rest.path and not rest.path.endswith("/") else rest.path + "index.html"
        return path, (rest.fragment or None)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("data:"):
        return None
    base_dir = posixpath.dirname(page.path)
    target = page.path if parts.path == "" else posixpath.normpath(posixpath.join(base_dir, unquote(parts.path)))
    return target, (parts.fragment or None)


def broken_links(root: Path, pages: dict[str, ParsedPage], site_url: str | None = None) -> list[str]:
    """Every internal href/src whose file is missing or whose fragment names no id there."""
    problems = []
    for page in pages.values():
        for attr, href in page.links:
            found = resolve(page, href, site_url)
            if found is None:
                continue
            target, fragment = found
            if target.startswith("../") or target == "..":
                problems.append(f"{page.path}: {attr}={href!r} leaves the site")
                continue
            if not (root / target).is_file():
                problems.append(f"{page.path}: {attr}={href!r} -> {target} does not exist")
                continue
            if fragment and target.endswith(".html") and fragment not in pages[target].ids:
                problems.append(f"{page.path}: {attr}={href!r} -> no id {fragment!r} in {target}")
    return problems


def clicks_from(pages: dict[str, ParsedPage], start: str) -> dict[str, int]:
    """Fewest clicks from ``start`` to each page reachable through <a href> links."""
    distance = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for attr, href in pages[current].links:
            if attr != "a.href":
                continue
            found = resolve(pages[current], href)
            if found is None or found[0] not in pages or found[0] in distance:
                continue
            distance[found[0]] = distance[current] + 1
            queue.append(found[0])
    return distance
