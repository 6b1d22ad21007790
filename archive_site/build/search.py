"""Full-text search: the Pagefind index of the article pages, made in memory as files of the site.

:func:`search_files` is a pure function of the rendered article pages' bytes: the
same pages give the same files, byte for byte, in whatever order they come, so a
build may keep an index part whose pages are unchanged.
Pagefind reads only what the article template marks with ``data-pagefind-body``
(headline, standfirst, byline and text) and the filters and result fields it marks
with ``data-pagefind-filter`` and ``data-pagefind-meta`` (``templates/article.html``).

Pagefind's binary (the ``pagefind[bin]`` package) runs as a service on pipes: each
page goes in as it is and the index comes back in memory; nothing is written to
disk. The messages are those of the package's own Python API (``NewIndex``,
``AddFile``, ``GetFiles``), sent directly: that API waits a tenth of a second for
each answer (minutes for a large archive) and cannot read an answer over 2 MiB,
which the index of a few hundred articles already is.

The index is made in parts (:func:`archive_site.site.urls.search_parts`): a page's
part follows from its path, so an edit, an addition or a removal changes one part,
and a build indexes again only the parts whose pages changed. Each part is made by
its own Pagefind process, two at a time, and the search page merges them. Their
number follows from the number of articles, never from the machine, so the files
are the same on every machine.

Pagefind writes each filter's values, and the list of filters, in the order of its
hash tables, which changes from run to run; :func:`canonical` sorts them and renames
the files that hold them, so the index is deterministic.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import importlib.metadata
import json
import logging
import os
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

from archive_site.build import cbor
from archive_site.errors import BuildError
from archive_site.site import urls

log = logging.getLogger(__name__)

#: The site folder every search file goes in, the parts' folders too.
BUNDLE = urls.SEARCH_BUNDLE
#: The pages the index is made from: every article page.
INDEXED = re.compile(r"articles/[^/]+/index\.html")
#: Pagefind's ready-made search interfaces: the search page has its own script, so they are left out of the site.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.", "playground/")
#: The code that searches, which only the first part keeps: the search page merges the others into it.
SEARCH_CODE = ("pagefind.js", "pagefind-worker.js", "wasm.")
#: Pagefind's settings: results name the page's file (``/articles/x/index.html``), as every link of the site does.
SERVICE_CONFIG: dict[str, Any] = {"keep_index_url": True}
#: Pagefind processes at once: the parts are many in a large archive, the cores few.
PROCESSES = 2
#: Longest the indexing may take before it is given up.
TIMEOUT_SECONDS = 1800.0
#: The prefix of every compressed Pagefind file, inside the gzip stream.
_MAGIC = b"pagefind_dcd"
#: The start tag of the element Pagefind indexes: ``data-pagefind-body`` as an attribute's name (never text inside
#: a value: the templates escape every ``"``).
_BODY = re.compile(rb'<(?P<tag>[a-z][a-z0-9]*)(?:\s+[a-z][a-z0-9-]*(?:="[^"]*")?)*?\s+data-pagefind-body(?:="")?(?=[\s/>])')
#: An element outside it that gives a filter or a result field its plain text (an article's claims, in the aside).
_MARKER = re.compile(rb'<(?P<tag>[a-z][a-z0-9]*)\s[^<>]*\bdata-pagefind-(?:filter|meta)="[^"]*"[^<>]*>[^<]*</(?P=tag)>')
_HTML = re.compile(rb"<html(?:\s[^<>]*)?>")
_TITLE = re.compile(rb"<title>[^<]*</title>")
_FILTER = re.compile(r"filter/(?P<hash>.+)\.pf_filter")
_META = re.compile(r"pagefind\.(?P<hash>.+)\.pf_meta")
_ENTRY = "pagefind-entry.json"


def indexed_pages(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The pages of ``files`` (site path to bytes) that the index is made from, sorted by path."""
    return {path: files[path] for path in sorted(files) if INDEXED.fullmatch(path)}


def search_files(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The search index of the article pages among ``files``, keyed by site path (under the part folders).

    ``files`` maps site paths to bytes, as a rendered site does; only the article
    pages (``articles/*/index.html``) are read. Same pages, same bytes. Raises
    :class:`BuildError` when Pagefind is missing or fails.
    """
    pages = indexed_pages(files)
    parts = urls.search_parts(pages)
    return index_parts({folder: {path: pages[path] for path in paths} for folder, paths in parts.items()})


def index_parts(parts: Mapping[str, Mapping[str, bytes]]) -> dict[str, bytes]:
    """The files of the given parts of the search index (folder -> its pages' bytes, as :func:`urls.search_parts` deals them).

    Only the part at the top of the bundle keeps the code that searches. The
    parts are indexed two at a time, each by its own Pagefind process.
    """
    if not parts:
        return {}  # nothing to search: the search page says so, and asks for no index
    started = time.perf_counter()
    folders = sorted(parts)
    trimmed = [{path: essentials(page) for path, page in sorted(parts[folder].items())} for folder in folders]
    with ThreadPoolExecutor(min(len(trimmed), PROCESSES), thread_name_prefix="search-part") as pool:
        made = list(pool.map(lambda part: canonical(run_pagefind(part)), trimmed))
    bundle = {
        folder + path: data
        for folder, files_of_part in zip(folders, made, strict=True)
        for path, data in sorted(files_of_part.items())
        if not path.startswith(UNUSED) and (folder == BUNDLE or not path.startswith(SEARCH_CODE))
    }
    log.debug("indexed %d article page(s) in %d part(s) into %d search file(s), %d bytes, in %.2fs",
              sum(map(len, trimmed)), len(folders), len(bundle), sum(map(len, bundle.values())), time.perf_counter() - started)
    return bundle


def essentials(page: bytes) -> bytes:
    """The parts of a page that Pagefind reads, as a page of their own; the page itself when they cannot be told apart.

    Those parts are the ``<html>`` start tag (the language), the title, the element
    marked ``data-pagefind-body``, and the elements outside it that mark a filter or
    a result field with plain text inside. Pagefind makes the same index of either,
    and reads the smaller in about four fifths of the time.
    """
    html, title, body = _HTML.search(page), _TITLE.search(page), _BODY.search(page)
    if html is None or body is None:
        return page
    opened = re.compile(rb"<(/?)" + re.escape(body["tag"]) + rb"(?=[\s/>])")
    depth, end = 0, None
    for tag in opened.finditer(page, body.start()):
        depth += -1 if tag[1] else 1
        if depth == 0:
            end = page.find(b">", tag.end()) + 1
            break
    if not end:
        return page
    outside = page[: body.start()] + page[end:]
    markers = [m[0] for m in _MARKER.finditer(outside)]
    if sum(m.count(b"data-pagefind-") for m in markers) != outside.count(b"data-pagefind-"):
        return page  # something else outside the body speaks to Pagefind: let it read everything
    head = b"<head>" + (title[0] if title else b"") + b"</head>"
    return b"<!DOCTYPE html>" + html[0] + head + b"<body>" + page[body.start() : end] + b"".join(markers) + b"</body></html>"


def pagefind_version() -> str:
    """The version of the installed Pagefind binary package, or ``unknown``."""
    try:
        return importlib.metadata.version("pagefind-bin")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# ---------------------------------------------------------------- the Pagefind service


def run_pagefind(pages: Mapping[str, bytes]) -> dict[str, bytes]:
    """Pagefind's files (path in the bundle to bytes) for ``pages`` (site path to HTML), indexed in the order given."""
    executable = _executable()
    with tempfile.TemporaryDirectory(prefix="archive-site-search-") as workdir, tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                cwd=workdir, env={k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")},
            )
        except OSError as err:
            raise BuildError(f"{executable}: cannot run Pagefind ({err.strerror}); reinstall it: pip install 'pagefind[bin]'") from err
        assert process.stdin is not None and process.stdout is not None
        watchdog = threading.Timer(TIMEOUT_SECONDS, process.kill)
        watchdog.start()
        try:
            return _index(process.stdin, _Answers(process.stdout.fileno()), pages)
        except (EOFError, OSError):  # the service stopped: closed its answers, or stopped reading its questions
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace").strip()[-2000:]
            cause = f"stopped after {TIMEOUT_SECONDS:.0f}s" if not watchdog.is_alive() else f"stopped ({said or 'no message'})"
            raise BuildError(f"Pagefind {cause} while indexing the article pages; the previous site is left as it was") from None
        finally:
            watchdog.cancel()
            _close(process)


def _executable() -> Path:
    """Pagefind's binary, as the ``pagefind`` package finds it (``PAGEFIND_BINARY_PATH``, then ``pagefind[bin]``)."""
    try:
        from pagefind.service import get_executable

        found = get_executable()
    except (ImportError, FileNotFoundError) as err:
        raise BuildError(f"Pagefind is not installed ({err}); install it with: pip install 'pagefind[bin]'") from err
    if found is None or not found.is_file():
        raise BuildError("Pagefind's binary is not installed; install it with: pip install 'pagefind[bin]'")
    return found


def _index(requests: IO[bytes], answers: _Answers, pages: Mapping[str, bytes]) -> dict[str, bytes]:
    """Create an index, add every page, and read the files back; the service answers in the order it was asked."""
    _send(requests, 0, {"type": "NewIndex", "config": SERVICE_CONFIG})
    index_id = answers.expect(0, "NewIndex", "creating the index")["index_id"]
    paths = list(pages)
    writer = threading.Thread(target=_send_pages, args=(requests, index_id, pages), name="search-index", daemon=True)
    writer.start()
    for number, path in enumerate(paths, start=1):
        answers.expect(number, "IndexedFile", path)
    files = answers.expect(len(paths) + 1, "GetFiles", "reading the index")["files"]
    writer.join()
    return {file["path"]: base64.b64decode(file["content"]) for file in files}


def _send_pages(requests: IO[bytes], index_id: int, pages: Mapping[str, bytes]) -> None:
    """Send each page, then ask for the files; a service that stopped is reported by the reader."""
    try:
        for number, (path, data) in enumerate(pages.items(), start=1):
            content = data.decode("utf-8", "replace")
            _send(requests, number, {"type": "AddFile", "index_id": index_id, "file_path": path, "url": None,
                                     "file_contents": content}, flush=False)
        _send(requests, len(pages) + 1, {"type": "GetFiles", "index_id": index_id})
    except (OSError, ValueError):  # the service stopped, or the reader gave up and closed the pipe
        log.debug("Pagefind stopped reading", exc_info=True)


def _send(requests: IO[bytes], number: int, payload: dict[str, Any], *, flush: bool = True) -> None:
    message = json.dumps({"message_id": number, "payload": payload}).encode("utf-8")
    requests.write(base64.b64encode(message) + b",")
    if flush:
        requests.flush()


class _Answers:
    """The service's answers, one base64-encoded JSON message before each comma."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._buffer = bytearray()
        self._scanned = 0

    def expect(self, number: int, kind: str, what: str) -> dict[str, Any]:
        """The next answer, which must be the ``kind`` answer to message ``number``; raises :class:`BuildError` otherwise."""
        answer = self._next()
        payload: dict[str, Any] = answer.get("payload") or {}
        if payload.get("type") == "Error":
            raise BuildError(f"{what}: Pagefind could not index it ({payload.get('message')}); "
                             "the previous site is left as it was")
        if answer.get("message_id") != number or payload.get("type") != kind:
            raise BuildError(f"{what}: Pagefind gave an unexpected answer ({str(answer)[:200]}); "
                             f"archive-site expects Pagefind 1.5, installed: {pagefind_version()}")
        return payload

    def _next(self) -> dict[str, Any]:
        while True:
            end = self._buffer.find(b",", self._scanned)
            if end >= 0:
                message = bytes(self._buffer[:end])
                del self._buffer[: end + 1]
                self._scanned = 0
                decoded: dict[str, Any] = json.loads(base64.b64decode(message))
                return decoded
            self._scanned = len(self._buffer)
            chunk = os.read(self._fd, 1 << 20)
            if not chunk:
                raise EOFError
            self._buffer += chunk


def _close(process: subprocess.Popen[bytes]) -> None:
    """End the service: closing its input stops it; a service that does not stop is killed."""
    for stream in (process.stdin, process.stdout):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# ---------------------------------------------------------------- a deterministic index


def canonical(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Pagefind's files with each filter's values and the list of filters sorted, and the files renamed to match.

    Filter files are named by a hash of their contents, and the meta index by a hash
    of its own, which names the filter files; the entry file names the meta index.
    """
    made = dict(files)
    renamed: dict[str, str] = {}
    for path in sorted(files):
        found = _FILTER.fullmatch(path)
        if found is None:
            continue
        packed = _unpack(path, files[path])
        if not (isinstance(packed, list) and len(packed) == 2 and isinstance(packed[1], list)):
            raise _unknown(path)
        data = cbor.encode([packed[0], sorted(packed[1], key=lambda value: str(value[0]))])
        renamed[found["hash"]] = _short_hash(_language(found["hash"]), data, set(renamed.values()))
        del made[path]
        made[f"filter/{renamed[found['hash']]}.pf_filter"] = _pack(data)
    metas: dict[str, str] = {}
    for path in sorted(files):
        found = _META.fullmatch(path)
        if found is None:
            continue
        meta = _unpack(path, files[path])
        if not (isinstance(meta, list) and len(meta) >= 5 and isinstance(meta[3], list) and isinstance(meta[4], list)):
            raise _unknown(path)
        meta[3] = sorted([filter_name, renamed.get(hash_, hash_)] for filter_name, hash_ in meta[3])
        meta[4] = sorted(meta[4], key=lambda sort: str(sort[0]))
        data = cbor.encode(meta)
        language = _language(found["hash"])
        metas[found["hash"]] = f"{language}_{_hex_digest(data)[: len(language) + 8]}"
        del made[path]
        made[f"pagefind.{metas[found['hash']]}.pf_meta"] = _pack(data)
    if _ENTRY in files:
        entry = json.loads(files[_ENTRY])
        for language in entry.get("languages", {}).values():
            language["hash"] = metas.get(language["hash"], language["hash"])
        entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
        made[_ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return made


def _language(file_hash: str) -> str:
    """The language a hashed file belongs to: ``en`` of ``en_94bc4d2``."""
    return file_hash.rsplit("_", 1)[0]


def _hex_digest(data: bytes) -> str:
    """Pagefind's content hash: SHA-1, each byte in hex without a leading zero, as Pagefind writes it."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data, usedforsecurity=False).digest())


def _short_hash(language: str, data: bytes, taken: set[str]) -> str:
    """A filter file's name as Pagefind makes it (``en_`` and 7 characters of the hash), longer when taken."""
    full = f"{language}_{_hex_digest(data)}"
    length = len(language) + 8
    while full[:length] in taken and length < len(full):
        length += 1
    return full[:length]


def _unpack(path: str, data: bytes) -> Any:
    """The CBOR value of a compressed Pagefind file, checked to re-encode to the same bytes."""
    try:
        raw = gzip.decompress(data)
        if not raw.startswith(_MAGIC):
            raise ValueError("no pagefind_dcd header")
        value = cbor.decode(raw[len(_MAGIC) :])
    except (OSError, ValueError, IndexError, UnicodeDecodeError, EOFError) as err:
        raise _unknown(path, str(err)) from err
    if cbor.encode(value) != raw[len(_MAGIC) :]:
        raise _unknown(path, "it does not re-encode to the same bytes")
    return value


def _pack(data: bytes) -> bytes:
    return gzip.compress(_MAGIC + data, compresslevel=9, mtime=0)


def _unknown(path: str, cause: str = "an unknown layout") -> BuildError:
    return BuildError(f"{path}: Pagefind {pagefind_version()} wrote a file archive-site cannot read ({cause}); "
                      "install Pagefind 1.5: pip install 'pagefind[bin]>=1.5,<1.6'")
