"""Themes: templates/ and static/ beside archive.yaml (or named in it) override the packaged files one by one."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from archive_site.build.pipeline import build_site
from archive_site.config import load_config
from archive_site.errors import ConfigError
from archive_site.resources import resource_dir

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


class _Header(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_title = False
        self.site_title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_title = self.in_title or ("class", "site-title") in attrs

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.site_title.append(data.strip())


def _archive(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), seeds)
    return seeds


def test_a_template_and_a_stylesheet_beside_the_settings_replace_the_packaged_ones(tmp_path: Path) -> None:
    seeds = _archive(tmp_path)
    base = (resource_dir("templates") / "base.html").read_text(encoding="utf-8")
    assert '<p class="site-title">' in base
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text(
        base.replace('<p class="site-title">', '<p class="site-title"><span>Harbor Peace Library · </span>'), encoding="utf-8")
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    (tmp_path / "static" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n", encoding="utf-8")
    out = tmp_path / "site"
    build_site(tmp_path, seeds, out)
    header = _Header()
    header.feed((out / "index.html").read_text(encoding="utf-8"))
    assert "Harbor Peace Library ·" in header.site_title
    assert (out / "static" / "site.css").read_text(encoding="utf-8") == "body { color: #123456; }\n"
    assert (out / "static" / "logo.svg").is_file()
    # templates the theme does not give fall back to the packaged ones
    article = next((out / "articles").rglob("index.html")).read_text(encoding="utf-8")
    assert "Harbor Peace Library" in article and "How this record was read" in article


def test_a_theme_named_in_the_settings_must_be_a_folder(tmp_path: Path) -> None:
    (tmp_path / "archive.yaml").write_text("title: A\ntemplates_dir: my-theme\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"archive\.yaml:2: templates_dir: .*my-theme is not a folder"):
        load_config(tmp_path)
    (tmp_path / "my-theme").mkdir()
    assert load_config(tmp_path).templates_dir == tmp_path / "my-theme"
