"""The writer: safe paths only, never a foreign folder, and all-or-nothing replacement."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from site_fixtures.records import load_fixture_articles, load_fixture_config

from archive_site.build import builder
from archive_site.build.writer import MARKER, write_site
from archive_site.errors import BuildError


@pytest.mark.parametrize(
    "path",
    ["/etc/passwd", "../escape.html", "a/../../escape.html", "a//b.html", "./a.html", "", "a\\b.html",
     "a/\x00.html", MARKER, f"{MARKER}/x"],
)
def test_unsafe_paths_are_refused_and_nothing_is_written(tmp_path: Path, path: str) -> None:
    out = tmp_path / "site"
    with pytest.raises(BuildError):
        write_site({"index.html": b"ok", path: b"bad"}, out)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_path_that_is_both_file_and_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="both a file and a folder"):
        write_site({"a": b"1", "a/b.html": b"2"}, tmp_path / "site")


def test_first_write_creates_the_site_with_its_marker(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "site"
    report = write_site({"index.html": b"home", "a/b/index.html": b"page"}, out)
    assert (out / "index.html").read_bytes() == b"home"
    assert (out / "a/b/index.html").read_bytes() == b"page"
    assert (out / MARKER).is_file()
    assert (report.files, report.written, report.unchanged, report.removed) == (2, 2, 0, 0)
    assert [p.name for p in out.parent.iterdir()] == ["site"]  # no temporary folder left behind


def test_a_foreign_non_empty_folder_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    with pytest.raises(BuildError, match="not written by archive-site"):
        write_site({"index.html": b"home"}, out)
    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_an_existing_empty_folder_is_used(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    write_site({"index.html": b"home"}, out)
    assert (out / "index.html").read_bytes() == b"home"


def test_a_file_or_symlink_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"x")
    with pytest.raises(BuildError, match="not a folder"):
        write_site({"index.html": b"home"}, tmp_path / "file")
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "link")
    with pytest.raises(BuildError, match="symbolic link"):
        write_site({"index.html": b"home"}, tmp_path / "link")


def test_rewrite_replaces_the_site_and_keeps_unchanged_files(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"home", "old.html": b"gone soon", "same.html": b"same"}, out)
    before = (out / "same.html").stat()
    report = write_site({"index.html": b"home v2", "same.html": b"same", "new.html": b"new"}, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == sorted(
        [MARKER, "index.html", "new.html", "same.html"]
    )
    assert (out / "index.html").read_bytes() == b"home v2"
    assert (report.written, report.unchanged, report.removed) == (2, 1, 1)
    after = (out / "same.html").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_render_leaves_the_previous_site_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles, _ = load_fixture_articles()
    config = load_fixture_config()
    out = tmp_path / "site"
    builder.build_articles(config, articles, out)
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(model: object, spec: object, env: object = None) -> bytes:
        if getattr(spec, "kind", "") == "timeline":
            raise ValueError("template exploded")
        return b"<html></html>"

    monkeypatch.setattr(builder, "render_page", broken)
    with pytest.raises(BuildError, match=r"timeline/index\.html"):
        builder.build_articles(config, articles, out)
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_output_folder_may_not_hold_the_seeds(tmp_path: Path) -> None:
    articles, _ = load_fixture_articles()
    seeds = tmp_path / "site" / "seeds"
    seeds.mkdir(parents=True)
    with pytest.raises(BuildError, match="would delete"):
        builder.build_articles(load_fixture_config(), articles, tmp_path / "site", seeds_dir=seeds)
