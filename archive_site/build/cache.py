"""The record cache: loaded and annotated records kept between builds.

A record is kept under a key made of everything its reading depends on: the
seed's and its sidecar's bytes and names, and a fingerprint of the code and
data (the package's own files, the outlets, events, furniture and claims
files, the stance vocabulary, the plausible date range). An unchanged seed is
then neither decoded, parsed nor annotated again; anything else that changed
makes a new key, so a stale record is never used.

Records are stored as JSON in one SQLite file, never as pickles, and read
back only into the record types: a damaged or
foreign cache can at worst be unreadable, and then it is discarded with a note
and the build reads every seed. Only a folder holding the cache's own
:data:`MARKER` is ever written to or cleared.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import msgspec

from archive_site import model

log = logging.getLogger(__name__)

#: Default cache folder, beside ``archive.yaml``.
DEFAULT_DIR = ".archive-site-cache"
#: Written in the cache folder; a folder without it is not ours and is left alone.
MARKER = "CACHEDIR.TAG"
MARKER_TEXT = (b"Signature: 8a477f597d28d172789f06886806bc55\n"
               b"# This folder is archive-site's record cache; it can be deleted at any time.\n")
#: Bump when the stored form of a record changes.
FORMAT = 2
_DB = "records.sqlite3"

def encode_article(article: model.Article) -> bytes:
    """A record as JSON: each dataclass an object of its fields, tuples as arrays, dates as ISO text."""
    return _ENCODER.encode(article)


def decode_article(text: bytes | str) -> model.Article:
    """The record :func:`encode_article` wrote; ``ValueError`` when the text is not one (checked against the record types)."""
    try:
        return _DECODER.decode(text)
    except (msgspec.DecodeError, msgspec.ValidationError) as err:
        raise ValueError(f"not a stored record ({type(err).__name__}: {err})") from err


# msgspec reads the JSON straight into the record's dataclasses, checking every field against its type: a
# tenth of the time the standard library's decoder and our own conversion took, and no less strict.
_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(model.Article)


def fingerprint(parts: Iterable[str | bytes], files: Iterable[Path | None]) -> str:
    """SHA-256 over some values and the bytes of some files (an absent file counts as absent)."""
    digest = hashlib.sha256(f"format {FORMAT}\0".encode())
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    for path in files:
        if path is None:
            continue
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"absent")
    return digest.hexdigest()


def package_files() -> list[Path]:
    """The package's code and data files: a change to any of them makes every key new."""
    root = Path(model.__file__).resolve().parent
    return sorted(p for p in root.rglob("*") if p.suffix in {".py", ".yaml", ".json"} and "__pycache__" not in p.parts)


def package_fingerprint() -> str:
    """:func:`fingerprint` of :func:`package_files`, read again only when one of them changed (by size and time)."""
    files = package_files()
    stamps = []
    for path in files:
        try:
            st = path.stat()
            stamps.append((str(path), st.st_size, st.st_mtime_ns))
        except OSError:
            stamps.append((str(path), -1, -1))
    return _package_digest(tuple(stamps))


@functools.lru_cache(maxsize=4)
def _package_digest(stamps: tuple[tuple[str, int, int], ...]) -> str:
    return fingerprint([], [Path(name) for name, _, _ in stamps])


def seed_key(context: str, name: str, source: str, data: bytes, sidecar: bytes | None, sidecar_name: str | None) -> str:
    """The key of one seed's record under a context fingerprint."""
    digest = hashlib.sha256(context.encode())
    for part in (name, source, sidecar_name or ""):
        digest.update(b"\0" + part.encode("utf-8", "surrogateescape"))
    digest.update(b"\0" + hashlib.sha256(data).digest())
    digest.update(b"\0" + (hashlib.sha256(sidecar).digest() if sidecar is not None else b"-"))
    return digest.hexdigest()


class RecordCache:
    """Records by key, in ``folder/records.sqlite3``; every problem makes it empty, never wrong.

    Use as a context manager. :meth:`get` returns ``None`` for a missing or
    unreadable record; :meth:`put` stores one; on exit, the records not asked
    for or stored in this build are dropped, so the cache holds one archive's
    current records and no more.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.notes: list[str] = []
        self.hits = 0
        self.misses = 0
        self._used: set[str] = set()
        self._pending: dict[str, bytes] = {}
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> RecordCache:
        self._db = self._open()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._db is None:
            return
        try:
            if exc[0] is None:
                self._flush(prune=True)
        except sqlite3.Error as err:
            self.notes.append(f"{self.folder}: the record cache could not be saved ({err}); the next build reads every seed")
        finally:
            self._db.close()
            self._db = None

    def _open(self) -> sqlite3.Connection | None:
        folder = self.folder
        if folder.exists() and (not folder.is_dir() or folder.is_symlink()):
            self.notes.append(f"{folder}: not a folder; the record cache is not used")
            return None
        if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file():
            self.notes.append(f"{folder}: this folder was not made by archive-site (no {MARKER}); "
                              "the record cache is not used — remove the folder or set cache_dir")
            return None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not (folder / MARKER).is_file():
                (folder / MARKER).write_bytes(MARKER_TEXT)
            return self._connect(folder / _DB)
        except (OSError, sqlite3.Error) as err:
            self.notes.append(f"{folder}: the record cache cannot be used ({err}); every seed is read")
            return None

    def _connect(self, path: Path) -> sqlite3.Connection | None:
        for attempt in (1, 2):
            try:
                db = sqlite3.connect(path, timeout=30)
                db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
                db.execute("CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
                if row is None:
                    db.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT),))
                    db.commit()
                elif row[0] != str(FORMAT):
                    raise sqlite3.DatabaseError(f"format {row[0]}, not {FORMAT}")
                return db
            except sqlite3.Error as err:
                if attempt == 2:
                    raise
                self.notes.append(f"{path}: the record cache was unreadable ({err}); it was discarded and rebuilt")
                for suffix in ("", "-journal", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
        return None

    def get(self, key: str) -> model.Article | None:
        """The stored record, or ``None``."""
        self._used.add(key)
        if self._db is None:
            self.misses += 1
            return None
        try:
            row = self._db.execute("SELECT value FROM records WHERE key = ?", (key,)).fetchone()
            article = decode_article(row[0]) if row is not None else None
        except (sqlite3.Error, ValueError) as err:
            log.debug("cache record %s unreadable: %s", key, err)
            article = None
        if article is None:
            self.misses += 1
        else:
            self.hits += 1
        return article

    def get_many(self, keys: Iterable[str]) -> dict[str, model.Article]:
        """The stored records among ``keys``."""
        found: dict[str, model.Article] = {}
        for key in keys:
            article = self.get(key)
            if article is not None:
                found[key] = article
        return found

    def put(self, key: str, article: model.Article) -> None:
        """Keep a record (written when the cache closes)."""
        self._used.add(key)
        if self._db is not None:
            self._pending[key] = encode_article(article)

    def _flush(self, *, prune: bool) -> None:
        assert self._db is not None
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?)", self._pending.items())
            if prune:
                stored = {row[0] for row in self._db.execute("SELECT key FROM records")}
                self._db.executemany("DELETE FROM records WHERE key = ?", ((k,) for k in stored - self._used))
        self._pending.clear()


#: A file's digest as last read: its size, modification and change times (ns), inode, when it was read (ns), SHA-256.
FileDigest = tuple[int, int, int, int, int, str]


def read_file_digests(folder: Path) -> dict[str, FileDigest]:
    """The file digests :func:`write_file_digests` kept in the cache (empty when there is no usable cache)."""
    path = folder / _DB
    if not (folder / MARKER).is_file() or not path.is_file():
        return {}
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            rows = db.execute("SELECT path, size, mtime, ctime, inode, read, sha256 FROM files").fetchall()
        finally:
            db.close()
    except sqlite3.Error as err:  # no table yet, or a damaged cache: every file is read again
        log.debug("file digests unreadable: %s", err)
        return {}
    return {row[0]: tuple(row[1:]) for row in rows}


def write_file_digests(folder: Path, digests: dict[str, FileDigest]) -> None:
    """Keep the digests of the files a build read, in place of the previous ones (only in the cache's own folder)."""
    if not (folder / MARKER).is_file() or not (folder / _DB).is_file():
        return
    try:
        db = sqlite3.connect(folder / _DB, timeout=30)
        try:
            with db:
                db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, "
                           "ctime INTEGER, inode INTEGER, read INTEGER, sha256 TEXT)")
                db.execute("DELETE FROM files")
                db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?)", ((k, *v) for k, v in digests.items()))
        finally:
            db.close()
    except sqlite3.Error as err:
        log.debug("file digests not kept: %s", err)


def cache_folder(root: Path, configured: Path | None = None) -> Path:
    """The cache folder of an archive: ``cache_dir`` from the settings, or :data:`DEFAULT_DIR` beside them."""
    return configured if configured is not None else root / DEFAULT_DIR


def clear(folder: Path) -> bool:
    """Delete the cache's own file (only in a folder with the cache's marker); True when there was one."""
    if not (folder / MARKER).is_file():
        return False
    removed = False
    for suffix in ("", "-journal", "-wal", "-shm"):
        path = folder / f"{_DB}{suffix}"
        if path.is_file():
            os.unlink(path)
            removed = True
    return removed
