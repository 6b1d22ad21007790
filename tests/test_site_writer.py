"""The writer: safe paths only, never a foreign file, each file whole, and the manifest that makes builds converge."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from site_fixtures.records import load_fixture_articles, load_fixture_config

from archive_site.build import builder, writer
from archive_site.build.writer import LOCK, MARKER, MARKER_TEXT, read_manifest, sha256, write_site
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


def test_rewrite_writes_only_what_changed_and_leaves_unchanged_files_untouched(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"home", "old/page.html": b"gone soon", "same.html": b"same"}, out)
    before = (out / "same.html").stat()
    report = write_site({"index.html": b"home v2", "same.html": b"same", "new.html": b"new"}, out)
    assert sorted(_files(out)) == sorted([MARKER, LOCK, "index.html", "new.html", "same.html"])
    assert (out / "index.html").read_bytes() == b"home v2"
    assert (report.written, report.unchanged, report.removed) == (2, 1, 1)
    assert sorted(report.written_paths) == ["index.html", "new.html"]
    after = (out / "same.html").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not (out / "old").exists()  # the folder a removed page leaves empty goes too
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_manifest_lists_every_file_with_its_hash(tmp_path: Path) -> None:
    out = tmp_path / "site"
    pages = {"index.html": b"home", "a/b.html": b"page"}
    write_site(pages, out)
    assert read_manifest(out) == {path: sha256(data) for path, data in pages.items()}
    text = (out / MARKER).read_bytes().decode()
    assert json.loads(text.split("\n", 1)[1])["files"]["a/b.html"] == sha256(b"page")


def test_an_unchanged_file_is_not_read_again(tmp_path: Path) -> None:
    # The manifest's hash stands for the file: a no-op build reads none of the pages it keeps.
    out = tmp_path / "site"
    write_site({"index.html": b"home", "same.html": b"same"}, out)
    (out / "same.html").write_bytes(b"SAME")  # same size, other bytes: only reading it would tell
    report = write_site({"index.html": b"home", "same.html": b"same"}, out)
    assert (report.written, report.unchanged) == (0, 2)
    assert (out / "same.html").read_bytes() == b"SAME"
    (out / "same.html").write_bytes(b"changed size")  # a size that differs is noticed, and the file rewritten
    assert write_site({"index.html": b"home", "same.html": b"same"}, out).written == 1
    assert (out / "same.html").read_bytes() == b"same"


def test_files_the_builds_did_not_write_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"home", "a/page.html": b"page"}, out)
    (out / "CNAME").write_bytes(b"archive.example.org")
    (out / "a" / "notes.txt").write_bytes(b"mine")
    write_site({"index.html": b"home v2"}, out)
    assert _files(out)["CNAME"] == b"archive.example.org"
    assert _files(out)["a/notes.txt"] == b"mine"  # its folder stays, since it is not empty
    assert "a/page.html" not in _files(out)


def test_a_foreign_file_where_the_site_needs_to_write_stops_the_build_before_anything_changes(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"home"}, out)
    (out / "about").mkdir()
    (out / "about" / "index.html").write_bytes(b"the user's own page")
    (out / "feed.xml").write_bytes(b"the user's own feed")
    before = _files(out)
    with pytest.raises(BuildError, match=r"2 file\(s\) .* not written by archive-site .*about/index\.html, feed\.xml"):
        write_site({"index.html": b"home v2", "about/index.html": b"about", "feed.xml": b"feed"}, out)
    assert _files(out) == before


def test_a_folder_written_by_an_older_version_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / MARKER).write_bytes(MARKER_TEXT)
    (out / "old.html").write_bytes(b"old")
    write_site({"index.html": b"home"}, out)
    assert sorted(_files(out)) == sorted([MARKER, LOCK, "index.html"])  # every file was the old builds'


def test_a_second_build_on_the_same_folder_stops_with_a_clear_message(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"home"}, out)
    with writer.locked(out), pytest.raises(BuildError, match="another build is writing this folder"):
        write_site({"index.html": b"home v2"}, out)
    assert (out / "index.html").read_bytes() == b"home"
    write_site({"index.html": b"home v2"}, out)  # the lock goes with the build that held it
    assert (out / "index.html").read_bytes() == b"home v2"


@pytest.mark.parametrize("where", ["root", "home"])
def test_the_file_system_root_and_the_home_folder_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    target = Path("/") if where == "root" else home
    with pytest.raises(BuildError, match="choose an output folder of its own"):
        write_site({"index.html": b"home"}, target)
    assert list(home.iterdir()) == []


@pytest.mark.parametrize("after", [0, 1, 2])
def test_a_build_interrupted_midway_leaves_whole_files_and_the_next_build_converges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    out = tmp_path / "site"
    first = {"index.html": b"home v1", "a/page.html": b"page v1", "same.html": b"same", "gone.html": b"gone"}
    second = {"index.html": b"home v2 longer", "b/page.html": b"page v2", "same.html": b"same", "a/page.html": b"p2"}
    write_site(first, out)
    real, calls = writer._replace, []

    def interrupted(target: Path, data: bytes) -> None:
        calls.append(target.name)
        if target.name != MARKER and sum(name != MARKER for name in calls) > after:
            raise KeyboardInterrupt
        real(target, data)

    monkeypatch.setattr(writer, "_replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_site(second, out)
    monkeypatch.undo()
    for path, data in _files(out).items():
        if path not in (MARKER, LOCK):
            assert data in (first.get(path), second.get(path)), path  # every file is one version or the other, whole
    assert not [p for p in out.rglob(".*.tmp-*")]
    report = write_site(second, out)
    assert {k: v for k, v in _files(out).items() if k not in (MARKER, LOCK)} == second
    assert report.files == len(second)


_KILLED_BUILD = """
import sys
from pathlib import Path
from archive_site.build.writer import write_site
version = sys.argv[2].encode()
pages = {f"articles/{n:04d}/index.html": version * (2000 + n) for n in range(600)}
write_site(pages, Path(sys.argv[1]))
print("done", flush=True)
"""


def test_a_build_killed_with_sigkill_leaves_whole_files_and_the_next_build_converges(tmp_path: Path) -> None:
    out = tmp_path / "site"
    subprocess.run([sys.executable, "-c", _KILLED_BUILD, str(out), "a"], check=True, capture_output=True)
    for delay in (0.05, 0.15, 0.3):
        process = subprocess.Popen([sys.executable, "-c", _KILLED_BUILD, str(out), "b" if delay != 0.15 else "c"],
                                   stdout=subprocess.PIPE)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path, data in _files(out).items():
            if path.startswith("articles/") and ".tmp-" not in path:  # a temporary may be cut short: never a page
                assert len(set(data)) == 1 and len(data) == 2000 + int(path.split("/")[1]), path
    done = subprocess.run([sys.executable, "-c", _KILLED_BUILD, str(out), "d"], check=True, capture_output=True, text=True)
    assert done.stdout.strip() == "done"
    files = {k: v for k, v in _files(out).items() if k not in (MARKER, LOCK)}
    assert len(files) == 600 and all(set(v) == {ord("d")} for v in files.values())
    assert not [p for p in out.rglob(".*.tmp-*")]


def test_a_failed_render_leaves_the_previous_site_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles, _ = load_fixture_articles()
    config = load_fixture_config()
    out = tmp_path / "site"
    builder.build_articles(config, articles, out)
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(env: object, template_name: str, values: object) -> bytes:
        if template_name == "timeline.html":
            raise ValueError("template exploded")
        return b"<html></html>"

    monkeypatch.setattr(builder, "render_values", broken)
    with pytest.raises(BuildError, match=r"timeline/index\.html"):
        builder.build_articles(config, articles, out, clean=True)  # clean: every page is rendered again
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_output_folder_may_not_hold_the_seeds(tmp_path: Path) -> None:
    articles, _ = load_fixture_articles()
    seeds = tmp_path / "site" / "seeds"
    seeds.mkdir(parents=True)
    with pytest.raises(BuildError, match="would delete"):
        builder.build_articles(load_fixture_config(), articles, tmp_path / "site", seeds_dir=seeds)


# --- leftovers of an interrupted build of an older version, which swapped whole folders ---------------


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _leftover(parent: Path, name: str, *, marked: bool = True) -> Path:
    """A folder as an interrupted build leaves it beside the site: named like the writer's temporaries, marked."""
    folder = parent / name
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "half-written.html").write_bytes(b"<html>")
    if marked:
        (folder / MARKER).write_bytes(b"marker")
    return folder


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A site written once, and its files."""
    out = tmp_path / "site"
    write_site({"index.html": b"home v1", "a/page.html": b"page v1", "same.html": b"same"}, out)
    return out, _files(out)


NEXT = {"index.html": b"home v2", "b/page.html": b"page v2", "same.html": b"same"}


def test_leftovers_of_an_interrupted_build_are_removed_by_the_next_one(previous: tuple[Path, dict[str, bytes]]) -> None:
    out, _ = previous
    _leftover(out.parent, ".site.new-k2x9_q1")
    _leftover(out.parent, ".site.old-7fa0bc")
    write_site(NEXT, out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]
    assert {k: v for k, v in _files(out).items() if k not in (MARKER, LOCK)} == NEXT


def test_a_first_build_also_removes_leftovers(tmp_path: Path) -> None:
    _leftover(tmp_path, ".site.new-abc123")
    write_site({"index.html": b"home"}, tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_folders_beside_the_site_that_are_not_its_leftovers_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "site"
    kept = [
        _leftover(tmp_path, ".site.new-notes", marked=False),  # the right name, but no marker: not ours
        _leftover(tmp_path, ".site.new-abc123.bak"),  # marked, but not a name the writer gives
        _leftover(tmp_path, ".site.older-abc123"),
        _leftover(tmp_path, ".other.new-abc123"),  # another site's temporary
        _leftover(tmp_path, "site.new-abc123"),
    ]
    (tmp_path / ".site.old-file1").write_bytes(b"a file, not a folder")
    target = _leftover(tmp_path, "elsewhere")
    os.symlink(target, tmp_path / ".site.new-link01")  # a link to a marked folder is never followed
    write_site({"index.html": b"home"}, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*(k.name for k in kept), ".site.old-file1", "elsewhere", ".site.new-link01", "site"]
    )
    assert all((k / "articles" / "half-written.html").is_file() for k in kept)
    assert (target / MARKER).is_file() and (target / "articles" / "half-written.html").is_file()


def test_after_an_interruption_between_the_renames_the_previous_site_comes_back_first(tmp_path: Path) -> None:
    # The only copy of the previous site is .site.old-*: the next build restores it before anything else,
    # so a failure of that build still leaves the previous site readable.
    old = _leftover(tmp_path, ".site.old-aaaa11")
    out = tmp_path / "site"
    writer._remove_stale_siblings(out)
    assert not old.exists()
    assert _files(out) == {"articles/half-written.html": b"<html>", MARKER: b"marker"}
