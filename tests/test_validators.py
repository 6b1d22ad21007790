"""The built seed site passes the Nu HTML checker and axe-core (WCAG 2.1 A and AA), in light and dark mode.

Needs Java, Debian's Chromium, Playwright and ``npm ci --ignore-scripts`` (vnu-jar,
axe-core); ``bash .ci/run`` installs them all. Deselect with ``-m "not browser"``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_BASE_URL, keep_offline, require_java, require_node_file

pytestmark = pytest.mark.browser

VNU_JAR = "vnu-jar/build/dist/vnu.jar"
AXE_SCRIPT = "axe-core/axe.min.js"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
VNU_TIMEOUT_SECONDS = 300

#: One page of each kind the site has: (kind, glob under the site root). The largest match stands for
#: its kind, since it carries the most markup (claim highlights, comments, long tables).
PAGE_KINDS = (
    ("home", "index.html"),
    ("article", "articles/*/index.html"),
    ("outlet index", "outlets/index.html"),
    ("outlet", "outlets/*/index.html"),
    ("author index", "authors/index.html"),
    ("author", "authors/*/index.html"),
    ("source index", "sources/index.html"),
    ("source", "sources/*/index.html"),
    ("stance index", "stances/index.html"),
    ("stance", "stances/*/index.html"),
    ("claims index", "claims/index.html"),
    ("claim", "claims/*/index.html"),
    ("timeline", "timeline/index.html"),
    ("about", "about/index.html"),
    ("search", "search/index.html"),
    ("not found", "404.html"),
)
COLOR_SCHEMES = ("light", "dark")


def page_of_kind(site: Path, pattern: str) -> Path:
    """The largest page matching ``pattern``; fails when the site has none."""
    matches = sorted(site.glob(pattern), key=lambda page: (-page.stat().st_size, str(page)))
    if not matches:
        pytest.fail(f"the built site has no page matching {pattern!r} under {site}")
    return matches[0]


# ---------------------------------------------------------------- Nu HTML checker


def run_vnu(target: Path, *extra: str) -> list[dict[str, Any]]:
    """The Nu HTML checker's error messages for every HTML file under ``target``."""
    command = [require_java(), "-jar", str(require_node_file(VNU_JAR)), "--errors-only", "--format", "json"]
    command += [*extra, "--stdout", str(target)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=VNU_TIMEOUT_SECONDS, check=False)
    try:
        messages: list[dict[str, Any]] = json.loads(done.stdout)["messages"]
    except (ValueError, KeyError) as err:
        pytest.fail(f"the Nu HTML checker gave no JSON report ({err}):\n{done.stdout}\n{done.stderr}")
    return [message for message in messages if message.get("type") != "info"]


def describe_vnu(messages: list[dict[str, Any]], site: Path) -> str:
    """One readable block per message: file:line:column, message, and the offending extract."""
    lines = []
    for message in messages:
        where = os.path.relpath(str(message.get("url", "?")).removeprefix("file:"), site.resolve())
        column = message.get("firstColumn", message.get("lastColumn", "?"))
        lines.append(f"{where}:{message.get('lastLine', '?')}:{column}: {message['message']}")
        if message.get("extract"):
            lines.append(f"    {message['extract'].strip()}")
    return "\n".join(lines)


def test_nu_checker_finds_errors_in_a_broken_page(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div>block in p</span></html>", encoding="utf-8")
    messages = run_vnu(tmp_path)
    assert any("span" in message["message"] for message in messages), describe_vnu(messages, tmp_path)


def test_seed_site_html_is_valid(seed_site: Path) -> None:
    messages = run_vnu(seed_site, "--skip-non-html")
    assert not messages, f"{len(messages)} HTML errors:\n{describe_vnu(messages, seed_site)}"


def test_seed_site_css_is_valid(seed_site: Path) -> None:
    stylesheets = sorted(seed_site.rglob("*.css"))
    assert stylesheets, f"the built site has no stylesheet under {seed_site}"
    messages = run_vnu(seed_site, "--skip-non-css")
    assert not messages, f"{len(messages)} CSS errors:\n{describe_vnu(messages, seed_site)}"


# ---------------------------------------------------------------- axe-core


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the loaded page."""
    page.evaluate(require_node_file(AXE_SCRIPT).read_text(encoding="utf-8"))
    results: dict[str, Any] = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(AXE_TAGS),
    )
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def describe_axe(violations: list[dict[str, Any]]) -> str:
    """One block per violated rule: id, impact, what it asks, and each offending element."""
    lines = []
    for rule in violations:
        lines.append(f"[{rule['impact']}] {rule['id']}: {rule['help']} ({rule['helpUrl']})")
        for node in rule["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            lines.extend(f"        {line}" for line in node.get("failureSummary", "").splitlines())
    return "\n".join(lines)


def axe_violations(browser: Any, url: str, color_scheme: str, site: Path | None = None) -> list[dict[str, Any]]:
    """Open ``url`` in a fresh context with ``color_scheme`` and run axe on it.

    With ``site``, the page is loaded from its canonical address under :data:`SEED_BASE_URL`, answered from
    the built folder, so absolute links and the 404 page behave as on the web. Nothing leaves this machine.
    """
    context = browser.new_context(color_scheme=color_scheme)
    blocked = keep_offline(context, site)
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(url, wait_until="load")
        violations = run_axe(page)
    finally:
        context.close()
    assert not blocked, f"{url} asked for addresses outside the site: {blocked}"
    return violations


def test_axe_finds_violations_in_a_broken_page(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html><title>x</title><main><img src="x.png"><p style="color:#bbb;background:#fff">faint</p></main></html>',
        encoding="utf-8",
    )
    found = {rule["id"] for rule in axe_violations(browser, page.as_uri(), "light")}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= found


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
@pytest.mark.parametrize(("kind", "pattern"), PAGE_KINDS, ids=[kind for kind, _ in PAGE_KINDS])
def test_page_kind_has_no_accessibility_violations(browser: Any, seed_site: Path, kind: str, pattern: str, color_scheme: str) -> None:
    where = page_of_kind(seed_site, pattern).relative_to(seed_site).as_posix()
    violations = axe_violations(browser, SEED_BASE_URL + where, color_scheme, seed_site)
    assert not violations, f"{kind} page {where} in {color_scheme} mode:\n{describe_axe(violations)}"


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
def test_the_search_page_has_no_accessibility_violations_with_results_or_from_disk(browser: Any, seed_site: Path, color_scheme: str) -> None:
    """The search page as its script leaves it: results listed, and opened from disk with its message shown."""
    for url, shown in ((SEED_BASE_URL + "search/index.html?q=ceasefire", "#search-results li"),
                       ((seed_site / "search" / "index.html").resolve().as_uri(), "#search-unavailable")):
        context = browser.new_context(color_scheme=color_scheme)
        blocked = keep_offline(context, seed_site)
        try:
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(url, wait_until="load")
            page.locator(shown).first.wait_for(state="visible")
            violations = run_axe(page)
        finally:
            context.close()
        assert not blocked, f"{url} asked for addresses outside the site: {blocked}"
        assert not violations, f"search page {url} in {color_scheme} mode:\n{describe_axe(violations)}"
