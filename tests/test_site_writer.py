"""The writer: safe paths only, never a foreign folder, and all-or-nothing replacement."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from site_fixtures.records import load_fixture_articles, load_fixture_config

from archive_site.build import builder, writer
from archive_site.build.writer import MARKER, MARKER_TEXT, write_site
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


# --- recovery after an interrupted build, and rollback when the swap fails ---------------------------------


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
    assert _files(out) == {**NEXT, MARKER: MARKER_TEXT}


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


def test_an_interruption_before_the_swap_leaves_the_previous_site_and_a_leftover_the_next_build_removes(
    previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = previous

    def interrupted(temp: Path, out: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "_swap", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_site(NEXT, out)
    assert _files(out) == before
    [leftover] = [p for p in out.parent.iterdir() if p.name != "site"]
    assert leftover.name.startswith(".site.new-")
    assert _files(leftover) == {**NEXT, MARKER: MARKER_TEXT}  # the new site was complete, just not swapped in
    monkeypatch.undo()
    write_site(NEXT, out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]
    assert _files(out) == {**NEXT, MARKER: MARKER_TEXT}


def test_an_interruption_between_the_two_renames_is_recovered_by_the_next_build(tmp_path: Path) -> None:
    # Killed after the previous site was moved aside and before the new one took its place:
    # no site folder, the previous site in .site.old-*, the new one in .site.new-*.
    old = _leftover(tmp_path, ".site.old-aaaa11")
    new = _leftover(tmp_path, ".site.new-bbbb22")
    write_site(NEXT, tmp_path / "site")
    assert not old.exists() and not new.exists()
    assert _files(tmp_path / "site") == {**NEXT, MARKER: MARKER_TEXT}


def _failing_rename(monkeypatch: pytest.MonkeyPatch, fails: Callable[[Path, Path], bool]) -> list[tuple[str, str]]:
    """Make ``os.rename`` raise for the calls ``fails`` picks; returns every call as (source, target) names."""
    real = os.rename
    calls: list[tuple[str, str]] = []

    def rename(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append((Path(src).name, Path(dst).name))
        if fails(Path(src), Path(dst)):
            raise OSError(errno.EACCES, "Permission denied (injected)")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    return calls


def test_a_failure_to_put_the_new_site_in_place_puts_the_previous_one_back(
    previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = previous
    calls = _failing_rename(monkeypatch, lambda src, dst: src.name.startswith(".site.new-") and dst == out)
    with pytest.raises(BuildError, match=r"writing the site failed .*Permission denied \(injected\).*previous site is left as it was"):
        write_site(NEXT, out)
    # moved aside, the new one refused, moved back
    assert [(s[:10], d[:10]) for s, d in calls] == [("site", ".site.old-"), (".site.new-", "site"), (".site.old-", "site")]
    assert _files(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def test_a_failure_to_move_the_previous_site_aside_changes_nothing(
    previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = previous
    _failing_rename(monkeypatch, lambda src, dst: src == out)
    with pytest.raises(BuildError, match="previous site is left as it was"):
        write_site(NEXT, out)
    assert _files(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def test_a_failure_while_writing_the_new_files_leaves_the_previous_site(
    previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = previous
    real = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if self.name == "page.html":
            raise OSError(errno.ENOSPC, "No space left on device (injected)")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(BuildError, match=r"No space left on device \(injected\)"):
        write_site(NEXT, out)
    assert _files(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def test_a_failure_to_delete_the_previous_site_leaves_it_for_the_next_build(
    previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = previous
    monkeypatch.setattr(writer.shutil, "rmtree", lambda *args, **kwargs: None)
    write_site(NEXT, out)
    assert _files(out) == {**NEXT, MARKER: MARKER_TEXT}
    [old] = [p for p in out.parent.iterdir() if p.name != "site"]
    assert old.name.startswith(".site.old-")
    assert _files(old) == before
    monkeypatch.undo()
    write_site(NEXT, out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def test_without_hard_links_unchanged_files_are_written_again(
    previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, _ = previous
    inode = (out / "same.html").stat().st_ino

    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "hard links not supported (injected)")

    monkeypatch.setattr(os, "link", no_links)
    report = write_site(NEXT, out)
    assert (report.files, report.written, report.unchanged, report.removed) == (3, 3, 0, 1)
    assert _files(out) == {**NEXT, MARKER: MARKER_TEXT}
    assert (out / "same.html").stat().st_ino != inode


def test_after_an_interruption_between_the_renames_the_previous_site_comes_back_first(tmp_path: Path) -> None:
    # The only copy of the previous site is .site.old-*: the next build restores it before anything else,
    # so a failure of that build still leaves the previous site readable.
    old = _leftover(tmp_path, ".site.old-aaaa11")
    out = tmp_path / "site"
    writer._remove_stale_siblings(out)
    assert not old.exists()
    assert _files(out) == {"articles/half-written.html": b"<html>", MARKER: b"marker"}


def test_a_failed_build_after_an_interruption_still_leaves_the_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _leftover(tmp_path, ".site.old-aaaa11")
    out = tmp_path / "site"
    _failing_rename(monkeypatch, lambda src, dst: src.name.startswith(".site.new-") and dst == out)
    with pytest.raises(BuildError):
        write_site(NEXT, out)
    assert _files(out) == {"articles/half-written.html": b"<html>", MARKER: b"marker"}


def test_when_the_previous_site_cannot_be_put_back_the_error_says_where_it_is(
    previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = previous
    _failing_rename(monkeypatch, lambda src, dst: dst == out)
    with pytest.raises(BuildError, match=r"previous site is in .*\.site\.old-.*move it back") as caught:
        write_site(NEXT, out)
    kept = Path(str(caught.value).split("previous site is in ")[1].split(": move it back")[0])
    assert _files(kept) == before
