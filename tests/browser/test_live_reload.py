"""In Chromium, a page opened from the preview server reloads by itself after a seed is edited."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import keep_offline, project_copy

from archive_site.serve import PreviewServer, build_site, watched_paths

pytestmark = pytest.mark.browser

OLD_TITLE = "Why Washington Rejects Putin’s Offer for Negotiations"
NEW_TITLE = "Why Washington Turned Down Putin’s Offer"


def test_open_page_reloads_after_a_seed_changes(browser: Any, tmp_path: Path) -> None:
    root, seeds = project_copy(tmp_path)
    seed = seeds / "003_bf89b38ef0900e28.txt"
    text = seed.read_text(encoding="utf-8")
    assert OLD_TITLE in text
    out = tmp_path / "site"
    server = PreviewServer(out, functools.partial(build_site, root, seeds, out), watched_paths(root, seeds), poll_seconds=0.1)
    context = browser.new_context()
    context.set_default_timeout(30_000)
    blocked = keep_offline(context)
    problems: list[str] = []
    try:
        with server:
            page = context.new_page()
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(server.url, wait_until="load")
            titles = page.locator("a", has_text=OLD_TITLE)
            assert titles.count() >= 1, f"the home page does not list {OLD_TITLE!r}"

            stamp = seed.stat().st_mtime_ns + 2_000_000_000
            seed.write_text(text.replace(OLD_TITLE, NEW_TITLE, 1), encoding="utf-8")
            os.utime(seed, ns=(stamp, stamp))

            page.locator("a", has_text=NEW_TITLE).first.wait_for()
            assert page.locator("a", has_text=OLD_TITLE).count() == 0
            assert server.generation.value == 1
    finally:
        context.close()
    assert not problems, problems
    assert not blocked, blocked
