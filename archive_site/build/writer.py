"""The only code that writes the site to disk: file by file, each file atomically, never a foreign file.

:func:`write_site` makes the site folder hold exactly the given files, and
touches nothing else: a file whose bytes are unchanged is not written (nor
read: the manifest keeps each file's SHA-256), a new or changed file is
written beside its place and renamed over it, and a file of the previous
build that the new one lacks is deleted. The manifest (the :data:`MARKER`
file at the top of the folder) lists every file the builds wrote; nothing
else in the folder is ever replaced or deleted, and a non-empty folder
without a manifest is refused.

The guarantee, for a build that fails or is killed at any point: every file
in the folder is whole, either its previous or its new version; the
manifest written before the first file names every file the build may
write, so the next build finishes the job and converges on the output of a
clean build. Two builds writing the same folder at once are refused by a
lock (the :data:`LOCK` file in the folder).
"""

from __future__ import annotations

import errno
import fcntl
import glob
import hashlib
import json
import logging
import os
import re
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from archive_site.errors import BuildError

log = logging.getLogger(__name__)

#: Written at the top of every site folder; its presence means the folder may be replaced.
MARKER = ".archive-site"
#: The manifest's first line, before its JSON.
MANIFEST_HEAD = b"archive-site manifest: the files this folder's builds wrote (path and SHA-256); do not edit\n"
#: The plain marker that older versions wrote; a folder with it is treated as all written by archive-site.
MARKER_TEXT = b"This folder is written by archive-site. Each build replaces it entirely: keep nothing else here.\n"
#: Held by the build writing the folder; another build that finds it held stops.
LOCK = ".archive-site.lock"
#: A manifest entry for a file a build was about to write: its bytes are not known to be whole.
PENDING = ""
_BAD_CHARS = re.compile(r"[\x00-\x1f\\:*?\"<>|]")


@dataclass(frozen=True, slots=True)
class Kept:
    """A file the previous build wrote that this one keeps as it is: its digest, and the inputs it was made from."""

    sha256: str
    """The file's SHA-256, as the manifest has it."""
    fingerprint: str = ""
    """What it was made from (a page's :func:`~archive_site.site.render.values_fingerprint`)."""


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
    written_paths: tuple[str, ...] = ()
    """The site paths that were written, in order."""


def check_path(path: str) -> PurePosixPath:
    """The site-relative path, or :class:`BuildError` when it is absolute, climbs out, or is not a plain name."""
    if not isinstance(path, str) or not path:
        raise BuildError(f"site path {path!r} is empty or not text; the site was not written")
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in {"", ".", ".."} for part in path.split("/")):
        raise BuildError(f"site path {path!r} is absolute or leaves the site folder; the site was not written")
    if _BAD_CHARS.search(path):
        raise BuildError(f"site path {path!r} contains characters that are unsafe in file names; the site was not written")
    if pure.parts[0] in (MARKER, LOCK):
        raise BuildError(f"site path {path!r} would overwrite the site's manifest or lock; the site was not written")
    return pure


def _check_all(pages: Mapping[str, bytes | Kept]) -> dict[PurePosixPath, bytes | Kept]:
    checked: dict[PurePosixPath, bytes | Kept] = {}
    for path, data in pages.items():
        if not isinstance(data, (bytes, Kept)):
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
    home = Path(os.path.expanduser("~"))
    if out == Path(out.anchor) or (home != Path(home.anchor) and out == home):
        raise BuildError(f"{out}: a build would fill this folder with the site; choose an output folder of its own")


def read_manifest(out: Path) -> dict[str, str] | None:
    """The files the previous builds wrote (path -> SHA-256, or :data:`PENDING`); ``None`` for a folder not ours.

    An empty or missing folder has an empty manifest. A folder with the plain
    marker of older versions counts every file in it as written by a build.
    """
    if not out.is_dir():
        return {}
    marker = out / MARKER
    if not marker.is_file() or marker.is_symlink():
        return None if any(p.name != LOCK for p in out.iterdir()) else {}
    try:
        data = marker.read_bytes()
    except OSError as err:
        raise BuildError(f"{marker}: cannot be read ({err.strerror}); the site was not written") from err
    if data.startswith(MANIFEST_HEAD):
        try:
            files = json.loads(data[len(MANIFEST_HEAD):].decode("utf-8"))["files"]
            if isinstance(files, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
                return files
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            pass
        log.warning("%s: the manifest is damaged; every file in the folder is taken as written by archive-site", marker)
    return {p: PENDING for p in sorted(_count_files(out))}


def read_inputs(out: Path) -> dict[str, str]:
    """The fingerprints the last complete build kept in the manifest (empty when there are none)."""
    try:
        data = (out / MARKER).read_bytes()
        if data.startswith(MANIFEST_HEAD):
            inputs = json.loads(data[len(MANIFEST_HEAD):].decode("utf-8")).get("inputs", {})
            if isinstance(inputs, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in inputs.items()):
                return inputs
    except (OSError, ValueError, UnicodeDecodeError, AttributeError):
        pass
    return {}


def _write_manifest(out: Path, files: Mapping[str, str], inputs: Mapping[str, str]) -> None:
    body = json.dumps({"format": 1, "files": dict(sorted(files.items())), "inputs": dict(sorted(inputs.items()))},
                      indent=0, ensure_ascii=False)
    _replace(out / MARKER, MANIFEST_HEAD + body.encode("utf-8"))


def _replace(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target`` and rename it over ``target``."""
    temp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the output folder's lock (:data:`LOCK` in it), or stop with a clear message when another build has it."""
    lock = out / LOCK
    handle = open(lock, "a+b")  # noqa: SIM115 - held for the whole block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            raise BuildError(f"{out}: another build is writing this folder right now; wait for it to finish, "
                             "then build again") from None
        yield
    finally:
        handle.close()


def sha256(data: bytes) -> str:
    """The hex SHA-256 the manifest keeps for a file's bytes."""
    return hashlib.sha256(data).hexdigest()


def write_site(pages: Mapping[str, bytes | Kept], out: Path, *, clean: bool = False,
               inputs: Mapping[str, str] | None = None) -> WriteReport:
    """Make ``out`` hold exactly ``pages`` (site-relative path -> bytes) among the files archive-site wrote.

    A :class:`Kept` value keeps the previous file, which must be the one the
    manifest lists with that digest. ``clean`` trusts nothing of the previous
    output: every file is written again (and none may be kept). ``inputs``
    (path -> fingerprint) is kept in the manifest for the next build (:func:`read_inputs`).

    Raises :class:`BuildError`, with nothing written, when a path is unsafe,
    ``out`` is a folder archive-site did not write, a file to write is in the
    way and not archive-site's, or another build holds the folder.
    """
    checked = _check_all(pages)
    out = Path(os.path.abspath(out))
    _check_out(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_siblings(out)
    _manifest_of(out)  # a foreign folder is refused before anything, even the lock, is made in it
    out.mkdir(exist_ok=True)
    with locked(out):
        previous = _manifest_of(out)
        if clean:
            previous = dict.fromkeys(previous, PENDING)
        try:
            return _write(checked, out, previous, dict(inputs or {}))
        except OSError as err:
            raise BuildError(f"{out}: writing the site failed ({err}); the files written so far are whole, "
                             "and the next build finishes the job") from err


def _manifest_of(out: Path) -> dict[str, str]:
    previous = read_manifest(out)
    if previous is None:
        raise BuildError(
            f"{out}: the folder is not empty and was not written by archive-site (no {MARKER} file); "
            "choose an empty or new output folder, or empty this one yourself"
        )
    return previous


def _write(checked: Mapping[PurePosixPath, bytes | Kept], out: Path, previous: dict[str, str],
           inputs: dict[str, str]) -> WriteReport:
    new = {str(pure): data for pure, data in checked.items()}
    hashes = {path: data.sha256 if isinstance(data, Kept) else sha256(data) for path, data in new.items()}
    _refuse_foreign(out, new, previous)
    lost = [p for p, d in new.items() if isinstance(d, Kept) and (previous.get(p) != d.sha256 or not _whole(out / p, None))]
    if lost:
        raise BuildError(f"{out}: {len(lost)} file(s) the build meant to keep changed on disk meanwhile ({', '.join(lost[:3])}); "
                         "nothing was written — build again")
    changed = [p for p, d in sorted(new.items()) if isinstance(d, bytes) and (previous.get(p) != hashes[p] or not _whole(out / p, len(d)))]
    stale = sorted(set(previous) - set(new))
    out.mkdir(exist_ok=True)
    if changed or stale or not (out / MARKER).is_file() or set(previous) != set(new):
        # Before any file changes, the manifest names every file this build may write or delete.
        _write_manifest(out, {**previous, **{p: PENDING for p in changed}}, {})
    for path in (p for p, digest in previous.items() if digest == PENDING):
        _remove_temporaries(out, path)  # what a build killed while writing this file left beside it
    for path in stale:
        _remove_file(out, path)
    for path in changed:
        data = new[path]
        assert isinstance(data, bytes)
        target = out.joinpath(*PurePosixPath(path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace(target, data)
    if changed or stale or previous != hashes or read_inputs(out) != inputs:
        _write_manifest(out, hashes, inputs)
    removed = len(stale)
    size = sum(len(d) for d in new.values() if isinstance(d, bytes))
    report = WriteReport(out, len(new), len(changed), len(new) - len(changed), removed, size, tuple(changed))
    log.info("wrote %s: %s files, %s changed, %s unchanged, %s removed", out, report.files, report.written,
             report.unchanged, removed)
    return report


def _whole(target: Path, size: int | None) -> bool:
    """The file is there, a regular file, and of the size the manifest's bytes had (not read); any size for ``None``."""
    try:
        st = target.lstat()
    except OSError:
        return False
    return not target.is_symlink() and os.path.isfile(target) and size in (None, st.st_size)


def _refuse_foreign(out: Path, new: Mapping[str, bytes | Kept], previous: Mapping[str, str]) -> None:
    """Stop, before anything is written, when a file to write is in the way and not one a build wrote."""
    blocked: list[str] = []
    for path in new:
        if path in previous:
            continue  # a file the builds wrote, in a folder they made
        target = out.joinpath(*PurePosixPath(path).parts)
        if target.exists() or target.is_symlink():
            blocked.append(path)
            continue
        for parent in PurePosixPath(path).parents:
            if parent == PurePosixPath("."):
                break
            holder = out.joinpath(*parent.parts)
            if (holder.is_file() or holder.is_symlink()) and str(parent) not in previous:
                blocked.append(str(parent))
    if blocked:
        listed = ", ".join(sorted(set(blocked))[:5])
        raise BuildError(f"{out}: {len(set(blocked))} file(s) in the site folder were not written by archive-site and "
                         f"are where the site needs to write ({listed}); move them away, then build again")


def _remove_temporaries(out: Path, path: str) -> None:
    target = out.joinpath(*PurePosixPath(path).parts)
    if target.parent.is_dir():
        for temp in target.parent.glob(f".{glob.escape(target.name)}.tmp-*"):
            if re.fullmatch(rf"\.{re.escape(target.name)}\.tmp-\d+", temp.name) and temp.is_file():
                temp.unlink()


def _remove_file(out: Path, path: str) -> None:
    """Delete a file a previous build wrote, then the folders it leaves empty (never the site folder)."""
    target = out.joinpath(*PurePosixPath(path).parts)
    if target.is_file() or target.is_symlink():
        target.unlink()
    folder = target.parent
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _count_files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix() for p in folder.rglob("*")
        if (p.is_file() or p.is_symlink()) and p.relative_to(folder).as_posix() not in (MARKER, LOCK)
    }


def _remove_stale_siblings(out: Path) -> None:
    """Clear what an interrupted build of an older version left beside ``out`` (only marked folders named so).

    Older versions wrote the site beside ``out`` and swapped it in; one killed
    between its two renames left no site, only the previous one as
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
