"""The only code that writes the site to disk, all at once or not at all.

:func:`write_site` writes every file into a fresh folder beside ``out``, then
swaps it in with renames, so a failed build leaves the previous site as it was.
It never replaces a non-empty folder it did not write itself (one without the
:data:`MARKER` file), and it touches nothing outside ``out`` and its temporary
siblings. Files whose bytes did not change are hard-linked from the previous
site, so they keep their modification time and a sync tool sees no change.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from archive_site.errors import BuildError

log = logging.getLogger(__name__)

#: Written at the top of every site folder; its presence means the folder may be replaced.
MARKER = ".archive-site"
MARKER_TEXT = b"This folder is written by archive-site. Each build replaces it entirely: keep nothing else here.\n"
_BAD_CHARS = re.compile(r"[\x00-\x1f\\:*?\"<>|]")


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What one write of the site did."""

    out: Path
    """The site folder."""
    files: int
    """Files in the new site."""
    written: int
    """Files that are new or whose bytes changed."""
    unchanged: int
    """Files kept byte for byte from the previous site."""
    removed: int
    """Files of the previous site that the new one no longer has."""
    bytes: int
    """Total size of the new site's files."""


def check_path(path: str) -> PurePosixPath:
    """The site-relative path, or :class:`BuildError` when it is absolute, climbs out, or is not a plain name."""
    if not isinstance(path, str) or not path:
        raise BuildError(f"site path {path!r} is empty or not text; the site was not written")
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in {"", ".", ".."} for part in path.split("/")):
        raise BuildError(f"site path {path!r} is absolute or leaves the site folder; the site was not written")
    if _BAD_CHARS.search(path):
        raise BuildError(f"site path {path!r} contains characters that are unsafe in file names; the site was not written")
    if pure.parts[0] == MARKER:
        raise BuildError(f"site path {path!r} would overwrite the site marker; the site was not written")
    return pure


def _check_all(pages: Mapping[str, bytes]) -> dict[PurePosixPath, bytes]:
    checked: dict[PurePosixPath, bytes] = {}
    for path, data in pages.items():
        if not isinstance(data, bytes):
            raise BuildError(f"site file {path!r} holds {type(data).__name__}, not bytes; the site was not written")
        checked[check_path(path)] = data
    folders = {parent for pure in checked for parent in pure.parents if parent != PurePosixPath(".")}
    clash = sorted(str(p) for p in checked if p in folders)
    if clash:
        raise BuildError(f"site path {clash[0]!r} is both a file and a folder; the site was not written")
    return checked


def _check_out(out: Path) -> None:
    if out.is_symlink():
        raise BuildError(f"{out}: the output folder is a symbolic link; give the real folder instead")
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out}: exists and is not a folder; remove it or choose another output folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise BuildError(
            f"{out}: the folder is not empty and was not written by archive-site (no {MARKER} file); "
            "choose an empty or new output folder, or empty this one yourself"
        )


def write_site(pages: Mapping[str, bytes], out: Path) -> WriteReport:
    """Write ``pages`` (site-relative path -> bytes) as the whole content of ``out``, atomically.

    Raises :class:`BuildError`, leaving any previous site untouched, when a path
    is unsafe, ``out`` is a folder archive-site did not write, or writing fails.
    """
    checked = _check_all(pages)
    out = Path(os.path.abspath(out))
    _check_out(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_siblings(out)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        (temp / MARKER).write_bytes(MARKER_TEXT)
        written = unchanged = 0
        for pure, data in sorted(checked.items()):
            target = temp.joinpath(*pure.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = out.joinpath(*pure.parts)
            if _same(previous, data) and _link(previous, target):
                unchanged += 1
                continue
            target.write_bytes(data)
            written += 1
        old_files = _count_files(out) if out.is_dir() else set()
        removed = len(old_files - {str(p) for p in checked})
        _swap(temp, out)
    except BuildError:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    except OSError as err:
        shutil.rmtree(temp, ignore_errors=True)
        raise BuildError(f"{out}: writing the site failed ({err}); the previous site is left as it was") from err
    report = WriteReport(out, len(checked), written, unchanged, removed, sum(len(d) for d in checked.values()))
    log.info("wrote %s: %s files, %s changed, %s unchanged, %s removed", out, report.files, written, unchanged, removed)
    return report


def _same(previous: Path, data: bytes) -> bool:
    try:
        return previous.is_file() and not previous.is_symlink() and previous.stat().st_size == len(data) and (
            previous.read_bytes() == data
        )
    except OSError:
        return False


def _link(previous: Path, target: Path) -> bool:
    """Hard-link an unchanged file from the previous site; False when the file system cannot."""
    try:
        os.link(previous, target)
    except OSError:
        return False
    return True


def _count_files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != MARKER
    }


def _swap(temp: Path, out: Path) -> None:
    """Put ``temp`` where ``out`` is, keeping the old site until the new one is in place."""
    if not out.exists():
        os.rename(temp, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(old)
    os.rename(out, old)
    try:
        os.rename(temp, out)
    except OSError as err:
        try:
            os.rename(old, out)
        except OSError as back:
            raise BuildError(f"{out}: the new site could not be put in place ({err}) nor the previous one back ({back}); "
                             f"the previous site is in {old}: move it back to {out}") from back
        raise
    shutil.rmtree(old, ignore_errors=True)


def _remove_stale_siblings(out: Path) -> None:
    """Clear what an interrupted build left beside ``out`` (only our own folders: marked and named so).

    A build killed between its two renames leaves no site, only the previous one as
    ``.NAME.old-*``: that copy is put back first, so the previous site is never lost.
    """
    ours = [
        sibling for sibling in out.parent.glob(f".{out.name}.*-*")
        if re.fullmatch(rf"\.{re.escape(out.name)}\.(new|old)-[A-Za-z0-9_]+", sibling.name)
        and sibling.is_dir() and not sibling.is_symlink() and (sibling / MARKER).is_file()
    ]
    olds = sorted((s for s in ours if ".old-" in s.name), key=lambda s: s.stat().st_mtime, reverse=True)
    if olds and not out.exists() and not out.is_symlink():
        log.warning("%s: restoring the previous site from %s, left by an interrupted build", out, olds[0].name)
        os.rename(olds[0], out)
        ours.remove(olds[0])
    for sibling in ours:
        log.info("removing %s, left by an interrupted build", sibling)
        shutil.rmtree(sibling, ignore_errors=True)
