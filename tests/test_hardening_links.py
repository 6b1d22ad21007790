"""Hostile values never become live links or markup: link fields, raw HTML in Markdown, the page policy.

A small archive with ``javascript:``, ``data:`` and ``vbscript:`` addresses in a
sidecar, in front matter and in a user ``outlets.yaml`` is built, and every page is
parsed: no link or source with another scheme than http(s) (or a relative one), no
``on...`` attribute, no ``style`` attribute, one Content-Security-Policy ``<meta>``
each, before anything it governs.
"""

from __future__ import annotations

import json
import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from archive_site.build.builder import render_site
from archive_site.build.pipeline import build_site, read_inputs
from archive_site.load.frontmatter import web_address
from archive_site.serve import inject_reload, reload_script
from archive_site.site import csp, urls
from archive_site.site.render import read_stylesheet

BASE_URL = "https://archive.example.org/"
HOSTILE_TITLE = "Talks </script><!-- resume --> <b>now</b> & later"
PROSE = (
    "Envoys from both sides met in Istanbul on Tuesday to discuss a ceasefire along the front line. "
    "Officials said the talks would continue next week, though neither side would say what was offered."
)
#: Attributes whose value a browser follows or loads.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "cite", "background", "xlink:href"})
#: The one script the site runs: the search page's own file, from the site.
SEARCH_SCRIPT = (urls.SEARCH, {"src": "../static/search.js", "defer": ""})
#: The scheme of an address as a browser reads it (ends trimmed, tabs and newlines inside dropped).
SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)


# ---------------------------------------------------------------- the archive


def write_archive(root: Path) -> Path:
    """An archive whose editors' files hold hostile link values; returns its seeds folder."""
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    (root / "archive.yaml").write_text("title: Hostile Archive\n", encoding="utf-8")
    (root / "outlets.yaml").write_text(
        "- name: Evil Weekly\n"
        "  kind: magazine\n"
        "  homepage: \"vbscript:msgbox(1)\"\n"
        "- {name: Data Daily, kind: blog, homepage: \"data:text/html,<script>alert(2)</script>\"}\n",
        encoding="utf-8",
    )
    (seeds / "sidecar.txt").write_text(f"Talks resume\n\nBy Jane Doe\n\nMay 29, 2024\n\n{PROSE}\n", encoding="utf-8")
    (seeds / "sidecar.yaml").write_text(
        f"title: {json.dumps(HOSTILE_TITLE)}\n"
        "url: \"JaVaScRiPt:alert(3)\"\n"
        "outlet: {name: Sidecar Post, kind: newspaper, homepage: \" javascript:alert(4)\"}\n",
        encoding="utf-8",
    )
    (seeds / "front.md").write_text(
        "---\n"
        "title: Ceasefire talks stall\n"
        "url: \"\\tjavascript:alert(5)\"\n"
        "outlet: Evil Weekly\n"
        "date: 2024-06-02\n"
        "---\n\n"
        f"{PROSE}\n\n"
        "<script>alert(6)</script>\n\n"
        "Readers saw <img src=x onerror=alert(7)> in the middle of a sentence about the talks in Istanbul.\n",
        encoding="utf-8",
    )
    (seeds / "good.md").write_text(
        "---\n"
        "title: Envoys meet again\n"
        "url: https://news.example.org/envoys\n"
        "outlet: Data Daily\n"
        "date: 2024-06-03\n"
        "---\n\n"
        f"{PROSE}\n",
        encoding="utf-8",
    )
    return seeds


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """(archive root, built site, messages logged while reading outlets.yaml)."""
    root = tmp_path_factory.mktemp("hostile")
    seeds = write_archive(root)
    handler = _Collect()
    logging.getLogger("archive_site").addHandler(handler)
    try:
        build_site(root, seeds, root / "site", base_url=BASE_URL)
    finally:
        logging.getLogger("archive_site").removeHandler(handler)
    return root, root / "site", handler.messages


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# ---------------------------------------------------------------- reading pages


@dataclass
class Page:
    """What the checks need from one HTML page."""

    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    """Every start tag in order, with its attributes."""
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    """Each ``<script>``: attributes and text."""
    styles: list[str] = field(default_factory=list)
    """The text of each ``<style>``."""
    text: list[str] = field(default_factory=list)
    """Text outside scripts and styles."""


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.page.elements.append((tag, values))
        if tag == "script":
            self.page.scripts.append((values, ""))
        if tag in ("script", "style"):
            self.raw = tag
            if tag == "style":
                self.page.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self.raw:
            self.raw = None

    def handle_data(self, data: str) -> None:
        if self.raw == "script":
            attrs, text = self.page.scripts[-1]
            self.page.scripts[-1] = (attrs, text + data)
        elif self.raw == "style":
            self.page.styles[-1] += data
        else:
            self.page.text.append(data)


def parse(html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.page


def pages_of(site: Path) -> dict[str, Page]:
    pages = {p.relative_to(site).as_posix(): parse(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}
    assert len(pages) > 10
    return pages


def scheme(value: str) -> str | None:
    """The scheme a browser reads in ``value``, lower case; None for a relative address."""
    cleaned = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21)))))
    match = SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def link_problems(page: Page) -> list[str]:
    """Addresses with a scheme other than http(s), event-handler and style attributes."""
    problems = []
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value!r}>: an event handler")
            if name == "style":
                problems.append(f"<{tag} style={value!r}>: an inline style the policy refuses")
            if name in URL_ATTRIBUTES and scheme(value) not in (None, "http", "https"):
                if (tag, attrs.get("rel"), value) == ("link", "icon", "data:,"):
                    continue  # the empty favicon, allowed by img-src data:
                problems.append(f"<{tag} {name}={value!r}>: scheme {scheme(value)}")
    return problems


def policy_problems(path: str, page: Page) -> list[str]:
    """Exactly one policy ``<meta>``, before any element it governs, with the site's policy."""
    metas = [i for i, (tag, attrs) in enumerate(page.elements)
             if tag == "meta" and attrs.get("http-equiv", "").casefold() == "content-security-policy"]
    if len(metas) != 1:
        return [f"{path}: {len(metas)} Content-Security-Policy meta elements"]
    governed = [i for i, (tag, _) in enumerate(page.elements) if tag in ("link", "style", "script", "img", "body")]
    problems = [f"{path}: the policy comes after a <{page.elements[governed[0]][0]}>"] if governed[0] < metas[0] else []
    wanted = csp.policy(styles=page.styles, script_sources=csp.SEARCH_SCRIPT_SOURCES if path == urls.SEARCH else ())
    if page.elements[metas[0]][1]["content"] != wanted:
        problems.append(f"{path}: policy {page.elements[metas[0]][1]['content']!r}, wanted {wanted!r}")
    return problems


# ---------------------------------------------------------------- the address check


@pytest.mark.parametrize("value", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\tjavascript:alert(1)",
    "\x00javascript:alert(1)", "java\tscript:alert(1)", "javascript\n:alert(1)", "\x01\x1f javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "mailto:editor@example.org",
    "ftp://example.org/", "file:///etc/passwd", "//example.org/x", "example.org/x", "/articles/x/", "https:example.org",
    "https:\\\\example.org", "https://", "", "   ", "ｊavascript:alert(1)",
])  # fmt: skip
def test_only_http_and_https_addresses_are_web_addresses(value: str) -> None:
    assert web_address(value) is None
    assert urls.external(value) is None


@pytest.mark.parametrize(("value", "address"), [
    ("https://example.org/a?b=c#d", "https://example.org/a?b=c#d"),
    ("HTTP://EXAMPLE.ORG/", "HTTP://EXAMPLE.ORG/"),
    ("  https://example.org/\n", "https://example.org/"),
    ("http://[::1]:8080/x", "http://[::1]:8080/x"),
])  # fmt: skip
def test_http_and_https_addresses_are_kept_with_their_ends_trimmed(value: str, address: str) -> None:
    assert web_address(value) == address
    assert urls.external(value) == address


# ---------------------------------------------------------------- load time


def test_bad_link_fields_are_dropped_at_load_time_with_a_warning_naming_file_and_key(hostile: tuple[Path, Path, list[str]]) -> None:
    root, _site, logged = hostile
    seeds = root / "seeds"
    articles = {a.source_name: a for a in read_inputs(root, seeds).articles}
    sidecar, front, good = articles["sidecar.txt"], articles["front.md"], articles["good.md"]

    assert sidecar.url is None and front.url is None
    assert good.url == "https://news.example.org/envoys"
    assert sidecar.outlet is not None and sidecar.outlet.name == "Sidecar Post" and sidecar.outlet.homepage is None
    assert front.outlet is not None and front.outlet.name == "Evil Weekly" and front.outlet.homepage is None
    assert good.outlet is not None and good.outlet.name == "Data Daily" and good.outlet.homepage is None

    side_messages = [w.message for w in sidecar.warnings if w.code == "sidecar.not-web-address"]
    assert len(side_messages) == 2, sidecar.warnings
    assert side_messages[0].startswith(f"{seeds / 'sidecar.yaml'}:2: url 'JaVaScRiPt:alert(3)' is not an http(s) address")
    assert side_messages[1].startswith(f"{seeds / 'sidecar.yaml'}:3: outlet.homepage ' javascript:alert(4)' is not an http(s) address")
    [front_message] = [w.message for w in front.warnings if w.code == "frontmatter.not-web-address"]
    assert front_message.startswith(f"{seeds / 'front.md'}:3: url '\\tjavascript:alert(5)' is not an http(s) address")
    assert not [w for w in good.warnings if "address" in w.message]

    outlets = str(root / "outlets.yaml")
    assert any(m.startswith(f"{outlets}:3: outlet 'Evil Weekly': homepage 'vbscript:msgbox(1)' is not an http(s) address")
               for m in logged), logged
    assert any(m.startswith(f"{outlets}:4: outlet 'Data Daily': homepage 'data:text/html,") for m in logged), logged


def test_a_wrong_scheme_in_the_packaged_outlets_book_is_refused_too(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from archive_site.load.outlets import default_outlets_path, read_outlets

    book = read_outlets([default_outlets_path()])
    assert all(e.homepage is None or web_address(e.homepage) == e.homepage for e in book.entries)
    hostile = tmp_path / "outlets.yaml"
    hostile.write_text("- {name: Reuters, kind: wire, homepage: 'javascript:alert(1)'}\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        book = read_outlets([default_outlets_path(), hostile])
    entry = book.resolve("Reuters")
    assert entry is not None and entry.homepage is None
    assert f"{hostile}:1: outlet 'Reuters': homepage" in caplog.text


# ---------------------------------------------------------------- the built site


def test_no_page_links_or_loads_anything_but_http_https_or_relative_addresses(hostile: tuple[Path, Path, list[str]]) -> None:
    _root, site, _logged = hostile
    pages = pages_of(site)
    problems = [f"{path}: {problem}" for path, page in pages.items() for problem in link_problems(page)]
    assert not problems, "\n".join(problems)
    # the good record is still linked, and the refused ones are not there at all
    good = pages["articles/good/index.html"]
    assert ("a", {"class": "url", "href": "https://news.example.org/envoys", "rel": "nofollow"}) in good.elements
    assert all("alert(" not in value for page in pages.values() for _tag, attrs in page.elements for value in attrs.values())


def test_every_page_has_one_policy_before_what_it_governs(hostile: tuple[Path, Path, list[str]]) -> None:
    _root, site, _logged = hostile
    pages = pages_of(site)
    problems = [problem for path, page in pages.items() for problem in policy_problems(path, page)]
    assert not problems, "\n".join(problems)
    assert pages["404.html"].styles == [read_stylesheet().decode("utf-8")]
    assert all(not page.styles for path, page in pages.items() if path != "404.html")
    assert csp.policy() == (
        "default-src 'self'; img-src 'self' data:; style-src 'self' file:; script-src 'none'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'"
    )


def test_html_in_a_markdown_seed_is_text(hostile: tuple[Path, Path, list[str]]) -> None:
    _root, site, _logged = hostile
    pages = pages_of(site)
    page = pages["articles/front/index.html"]
    text = "".join(page.text)
    assert "<script>alert(6)</script>" in text
    assert "Readers saw <img src=x onerror=alert(7)> in the middle" in text
    for path, each in pages.items():
        assert not [tag for tag, _ in each.elements if tag in ("img", "iframe", "object", "embed")], path
        # the only forms are the site's search forms, which lead to the search page
        search = urls.absolute(urls.SEARCH, BASE_URL) if path == urls.NOT_FOUND else urls.relative(path, urls.SEARCH)
        forms = [attrs for tag, attrs in each.elements if tag == "form"]
        assert len(forms) == 1 and forms[0]["action"] == search and forms[0]["method"] == "get", (path, forms)
        assert all(attrs.get("type") == "application/ld+json" or (path, attrs) == SEARCH_SCRIPT for attrs, _ in each.scripts), path


def test_markup_in_a_title_is_escaped_in_json_ld_archive_json_and_the_feed(hostile: tuple[Path, Path, list[str]]) -> None:
    _root, site, _logged = hostile
    html = (site / "articles" / "sidecar" / "index.html").read_text(encoding="utf-8")
    page = parse(html)
    assert page.elements[0] == ("html", {"lang": "en"})
    [(attrs, jsonld)] = page.scripts
    assert attrs == {"type": "application/ld+json"}
    assert "</" not in jsonld and "<!--" not in jsonld and "<" not in jsonld
    data = json.loads(jsonld)
    assert data["headline"] == HOSTILE_TITLE
    assert "isBasedOn" not in data and "url" not in data["publisher"]
    assert "".join(t for t in page.text if HOSTILE_TITLE in t)  # the title reads as written in the page

    archive = (site / "archive.json").read_text(encoding="utf-8")
    assert "</script" not in archive.casefold() and "<!--" not in archive
    [record] = [r for r in json.loads(archive)["articles"] if r["key"] == "sidecar"]
    assert record["title"] == HOSTILE_TITLE and record["url"] is None

    feed = (site / "feed.xml").read_bytes()
    assert b"</script" not in feed and b"<!--" not in feed
    titles = [e.text for e in ET.fromstring(feed).iter("{http://www.w3.org/2005/Atom}title")]
    assert HOSTILE_TITLE in titles


# ---------------------------------------------------------------- records built by hand


def test_a_record_built_by_hand_cannot_put_a_script_into_a_link(hostile: tuple[Path, Path, list[str]]) -> None:
    root, _site, _logged = hostile
    inputs = read_inputs(root, root / "seeds", {"base_url": BASE_URL})
    articles = []
    for article in inputs.articles:
        assert article.outlet is not None
        outlet = replace(article.outlet, homepage="\tJaVaScRiPt:alert(8)")
        articles.append(replace(article, url=" javascript:alert(9)", outlet=outlet))
    rendered = render_site(inputs.config, articles, static={urls.STYLESHEET: read_stylesheet()})
    problems = []
    for path, data in rendered.files.items():
        if path.endswith(".html"):
            page = parse(data.decode("utf-8"))
            problems += [f"{path}: {p}" for p in link_problems(page) + policy_problems(path, page)]
            for _attrs, jsonld in page.scripts:
                assert "alert(" not in jsonld, path
    assert not problems, "\n".join(problems)
    article_page = parse(rendered.files["articles/good/index.html"].decode("utf-8"))
    assert " javascript:alert(9)" in article_page.text  # shown as text, not linked


# ---------------------------------------------------------------- the preview server


def test_the_preview_allows_its_reload_script_by_hash_and_nothing_else(hostile: tuple[Path, Path, list[str]]) -> None:
    _root, site, _logged = hostile
    served = parse(inject_reload((site / "index.html").read_bytes(), 4).decode("utf-8"))
    [(attrs, script)] = [s for s in served.scripts if s[0].get("type") != "application/ld+json"]
    assert attrs == {} and script.strip().startswith("(() =>")
    assert reload_script(4).decode("ascii") == f"<script>{script}</script>\n"
    [content] = [a["content"] for tag, a in served.elements if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert content == csp.policy(scripts=[script])
    assert f"script-src {csp.source_hash(script)};" in content
    assert (site / "index.html").read_text(encoding="utf-8").count("script-src 'none'") == 1
