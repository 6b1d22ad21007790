"""No page of the seed site is wider than the window, on a desktop or a phone.

Wide tables scroll inside their own box; the page itself must never scroll
sideways (a stray absolutely positioned label once widened the claims index).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


def _pages(site: Path) -> list[Path]:
    """Every HTML page of the site."""
    return sorted(p for p in site.rglob("*.html") if p.name in ("index.html", "404.html"))


def test_no_page_scrolls_sideways(seed_site: Path, browser: Any) -> None:
    pages = _pages(seed_site)
    assert len(pages) > 20, "the seed site should have every page kind"
    too_wide: list[str] = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for path in pages:
            page.goto(path.as_uri())
            scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if scroll > client:
                too_wide.append(f"{path.relative_to(seed_site)} at {width}px: {scroll}px wide")
        context.close()
    assert not too_wide, "pages wider than the window:\n" + "\n".join(too_wide)
