"""The fingerprint of everything a build reads, taken before it reads anything.

A build's output is a pure function of its inputs: the seeds folder (every
file in it, by name and bytes), the settings file and the data files it
names, the template and static folders (the archive's and the packaged ones),
the package's code, the versions of the libraries that shape the output, the
plausible-date range (which moves with the day) and the folders themselves.
The build keeps this fingerprint in its manifest; a build whose fingerprint
equals the one kept, over a site whose files are all there, has nothing to
do and stops before reading a single record or page.

Reading every seed to hash it would cost a third of a second at 10,000
seeds, so each file's digest is kept with its size, times and inode (as git
keeps its index) and read again only when one of them changed, or when the
file changed so close to its reading that a later change could have kept the
same time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from archive_site import __version__
from archive_site.build import cache as record_cache
from archive_site.config import SiteConfig
from archive_site.load.datafiles import data_paths, latest_plausible
from archive_site.resources import resource_dir

#: The libraries whose version can change the bytes of a page or of the search index.
LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "PyYAML", "python-slugify", "text-unidecode", "pagefind-bin",
             "ftfy", "charset-normalizer", "nameparser")
#: A file changed less than this before it was read may change again with the same time: its digest is not kept.
RACY_NS = 2_000_000_000


class Digests:
    """File digests by path, reusing the kept ones whose file is as it was; :attr:`entries` to keep for next time."""

    def __init__(self, kept: dict[str, record_cache.FileDigest]) -> None:
        self._kept = kept
        self.entries: dict[str, record_cache.FileDigest] = {}
        self.read = 0
        """Files whose bytes had to be read."""

    def of(self, path: str, st: os.stat_result | None = None) -> str:
        """The SHA-256 of a file's bytes (``st``: its status, when known), ``absent`` or ``unreadable``."""
        name = path
        try:
            st = st or os.stat(path)
        except OSError:
            return "absent"
        kept = self._kept.get(name)
        signature = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        if kept is not None and kept[:4] == signature:
            self.entries[name] = kept
            return kept[5]
        now = time.time_ns()
        try:
            with open(path, "rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            return "unreadable"
        self.read += 1
        if max(st.st_mtime_ns, st.st_ctime_ns) < now - RACY_NS:
            self.entries[name] = (*signature, now, digest)
        return digest


def _folder_files(folder: Path | None, *, recursive: bool) -> list[tuple[str, os.stat_result | None, str]]:
    """Each file in a folder (and its subfolders, when ``recursive``), by path: its status and a link's target."""
    if folder is None or not folder.is_dir():
        return []
    found: list[tuple[str, os.stat_result | None, str]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            link = os.readlink(entry.path) if entry.is_symlink() else ""
            if entry.is_dir():
                if recursive and not link:
                    found += _folder_files(Path(entry.path), recursive=True)
                continue
            try:
                st: os.stat_result | None = entry.stat()
            except OSError:
                st = None
            found.append((entry.path, st, link))
    return sorted(found, key=lambda item: item[0])


def take(root: Path, seeds: Path, out: Path, config: SiteConfig, digests: Digests, *,
         today: dt.date | None = None) -> str:
    """The fingerprint of a build of ``seeds`` into ``out`` with ``config``: equal fingerprints, equal output."""
    outlets, furniture, events = data_paths(root, outlets_file=config.outlets_file, events_file=config.events_file)
    settings_files = [(str(p), None, "") for p in (config.source, *outlets, *furniture, events, config.claims_file)
                      if p is not None]
    seed_files = _folder_files(seeds, recursive=False)
    theme_files = [p for folder in (config.templates_dir, resource_dir("templates"), config.static_dir,
                                    resource_dir("static")) for p in _folder_files(folder, recursive=True)]
    digest = hashlib.sha256()
    for part in _values(root, seeds, out, config, today or dt.date.today()):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    for path, st, link in (*settings_files, *seed_files, *theme_files):
        digest.update(f"{path}\0{link}\0{digests.of(path, st)}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _values(root: Path, seeds: Path, out: Path, config: SiteConfig, today: dt.date) -> Iterable[str]:
    yield from (__version__, record_cache.package_fingerprint(), sys.version, repr(config))
    yield from (str(p.resolve()) for p in (root, seeds, out))
    yield latest_plausible(today).isoformat()
    for name in LIBRARIES:
        try:
            yield f"{name} {importlib.metadata.version(name)}"
        except importlib.metadata.PackageNotFoundError:
            yield f"{name} absent"
