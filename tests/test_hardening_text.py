"""Template syntax and markup in a seed's text stay text on every page."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from archive_site.build.pipeline import build_site

SEED = (
    "Talks resume <i>today</i> in Vienna\n\n"
    "By Jane Doe\n\n"
    "The delegations met again {{ 7 * 7 }} {% if true %}x{% endif %} {{ config.__class__ }} on Monday <script>alert(1)</script> and agreed to meet once more. "
    "A spokesman said the {# comment #} talks would go on <b onmouseover=x>next week</b>.\n"
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_template_syntax_and_markup_in_a_seed_are_shown_as_written(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "talks.txt").write_text(SEED, encoding="utf-8")
    out = tmp_path / "site"
    build_site(tmp_path, seeds, out)
    [page] = [p for p in (out / "articles").rglob("index.html")]
    parsed = _Text()
    parsed.feed(page.read_text(encoding="utf-8"))
    text = "".join(parsed.text)
    for written in ("Talks resume <i>today</i> in Vienna", "{{ 7 * 7 }}", "{% if true %}", "{{ config.__class__ }}",
                    "{# comment #}", "<script>alert(1)</script>", "<b onmouseover=x>"):
        assert written in text
    assert "49" not in text.replace(str(tmp_path), "")  # the page names the seed's path, which may hold any number
    assert not [tag for tag, attrs in parsed.tags if tag in ("b", "i") or any(name.startswith("on") for name, _ in attrs)]
    scripts = [tag for tag, _ in parsed.tags if tag == "script"]
    assert all(t == "script" for t in scripts)  # only JSON-LD blocks, checked for escaping elsewhere
    record = json.loads((out / "archive.json").read_text(encoding="utf-8"))["articles"][0]
    assert record["title"] == "Talks resume <i>today</i> in Vienna"
