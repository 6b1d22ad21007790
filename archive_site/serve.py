"""Preview the archive while editing it: build, serve, rebuild on change, reload the open page.

The site on disk stays exactly what ``build`` writes. The preview server adds a
small script to each HTML page it sends (and its hash to the page's
Content-Security-Policy); the script long-polls :data:`RELOAD_PATH` and reloads
the page when a newer build has finished.
Changes are found by polling file modification times, so nothing beyond the
standard library is needed. A failed rebuild is logged and the previous site
stays in place.
"""

from __future__ import annotations

import functools
import http.server
import json
import logging
import os
import re
import threading
import time
import webbrowser
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

from archive_site.build import pipeline
from archive_site.build.builder import DEFAULT_STATIC
from archive_site.errors import ArchiveError
from archive_site.site import csp
from archive_site.site.render import DEFAULT_TEMPLATES

log = logging.getLogger(__name__)

#: The address the preview server answers on; it is never reachable from other machines.
HOST = "127.0.0.1"
#: Where the injected script asks whether a newer build exists.
RELOAD_PATH = "/__reload"
#: Seconds between two looks at the watched files.
POLL_SECONDS = 0.5
#: Longest a reload request is held open before it answers with the current build.
LONG_POLL_SECONDS = 20.0
#: Files and folders under the configuration root that feed the site (besides the seeds folder).
WATCHED_NAMES = ("templates", "static", "archive.yaml", "claims.yaml", "outlets.yaml", "events.yaml")

#: One file's state as far as change detection cares: (modification time in ns, size in bytes).
FileStamp = tuple[int, int]
BuildStep = Callable[[], object]

_RELOAD_SCRIPT = """<script>
(() => {
  const seen = %d;
  const poll = () => fetch("%s?since=" + seen, {cache: "no-store"})
    .then((response) => response.json())
    .then((state) => (state.generation !== seen ? location.reload() : poll()))
    .catch(() => setTimeout(poll, 1000));
  poll();
})();
</script>
"""
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


# ---------------------------------------------------------------- pure helpers


def watched_paths(config_root: Path, seeds: Path, *extra: Path) -> tuple[Path, ...]:
    """The files and folders whose changes call for a rebuild, each once."""
    paths = (seeds, *(config_root / name for name in WATCHED_NAMES), *extra)
    return tuple(dict.fromkeys(Path(os.path.abspath(path)) for path in paths))


def is_scratch_file(name: str) -> bool:
    """True for editor swap, backup and lock files, which never feed the site."""
    return name.startswith((".#", ".~")) or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == ".DS_Store"


def changed_files(before: Mapping[str, FileStamp], after: Mapping[str, FileStamp]) -> list[str]:
    """Paths added, removed or modified between two snapshots, sorted."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def reload_script(generation: int) -> bytes:
    """The script that reloads the page once a build newer than ``generation`` is served."""
    return (_RELOAD_SCRIPT % (generation, RELOAD_PATH)).encode("ascii")


def inject_reload(html: bytes, generation: int) -> bytes:
    """``html`` with the reload script placed before its last ``</body>``, or appended when there is none.

    The page's Content-Security-Policy is widened to allow that one script, by its hash.
    """
    script = reload_script(generation)
    html = csp.allow_inline_script(html, script)
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html + script
    cut = ends[-1].start()
    return html[:cut] + script + html[cut:]


# ---------------------------------------------------------------- reading the disk


def read_stamps(paths: Iterable[Path], *, ignore: Path | None = None) -> dict[str, FileStamp]:
    """Snapshot of every file under ``paths`` (files or folders); missing paths and scratch files are left out.

    ``ignore`` is a folder (the site being written) whose contents never count as a change.
    """
    skip = os.path.abspath(ignore) if ignore is not None else None
    stamps: dict[str, FileStamp] = {}
    for path in paths:
        for file in _walk_files(Path(os.path.abspath(path))):
            if skip is not None and (file == skip or file.startswith(skip + os.sep)):
                continue
            if is_scratch_file(os.path.basename(file)):
                continue
            try:
                info = os.stat(file)
            except OSError:  # removed while we looked: the next poll sees it gone
                continue
            stamps[file] = (info.st_mtime_ns, info.st_size)
    return stamps


def _walk_files(path: Path) -> Iterable[str]:
    if path.is_file():
        yield str(path)
        return
    for folder, dirs, files in os.walk(path):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            yield os.path.join(folder, name)


def build_site(config_root: Path, seeds: Path, out: Path) -> object:
    """Build the archive into ``out`` exactly as the ``build`` command does (no base URL: a local preview)."""
    return pipeline.build_site(config_root, seeds, out)


# ---------------------------------------------------------------- the server


class Generation:
    """Counts finished builds; reload requests wait on it."""

    def __init__(self) -> None:
        self._value = 0
        self._closed = False
        self._changed = threading.Condition()

    @property
    def value(self) -> int:
        """The number of rebuilds since the server started (0 after the first build)."""
        with self._changed:
            return self._value

    def advance(self) -> int:
        """Record a finished build and wake every waiting page; returns the new number."""
        with self._changed:
            self._value += 1
            self._changed.notify_all()
            return self._value

    def wait_past(self, seen: int, timeout: float) -> int:
        """Block until the number differs from ``seen``, the server closes, or ``timeout`` seconds pass."""
        with self._changed:
            self._changed.wait_for(lambda: self._value != seen or self._closed, timeout)
            return self._value

    def close(self) -> None:
        """Release every waiting request, for shutdown."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


class _PreviewHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    generation: Generation
    site: Path


class _PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site, adding the reload script to HTML and answering :data:`RELOAD_PATH`."""

    def _preview(self) -> _PreviewHTTPServer:
        return cast(_PreviewHTTPServer, self.server)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == RELOAD_PATH:
            self._send_generation(parse_qs(url.query).get("since", [""])[0])
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir() and url.path.endswith("/"):
            target = target / "index.html"
        if target.is_file() and target.suffix == ".html":
            self._send_html(target, 200)
        elif not target.exists() and (self._preview().site / "404.html").is_file():
            self._send_html(self._preview().site / "404.html", 404)
        else:
            super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def _send_html(self, file: Path, status: int) -> None:
        try:
            body = inject_reload(file.read_bytes(), self._preview().generation.value)
        except OSError:  # swapped out by a rebuild between the check and the read
            self.send_error(503, "The site is being rebuilt; reload in a moment")
            return
        self._send(status, "text/html; charset=utf-8", body)

    def _send_generation(self, since: str) -> None:
        generation = self._preview().generation
        if since.isdigit():
            generation.wait_past(int(since), LONG_POLL_SECONDS)
        body = json.dumps({"generation": generation.value}).encode("ascii")
        self._send(200, "application/json", body)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class PreviewServer:
    """A built site served on 127.0.0.1, rebuilt whenever a watched file changes.

    ``build_step`` writes the site into ``out``; it runs once in :meth:`start` (an
    error there propagates) and again after each change (an error there is
    logged and the previous site stays served).
    """

    def __init__(
        self,
        out: Path,
        build_step: BuildStep,
        watched: Sequence[Path],
        *,
        port: int = 0,
        poll_seconds: float = POLL_SECONDS,
        announce: Callable[[str], None] = log.info,
    ) -> None:
        self.out = out
        self.generation = Generation()
        self._build_step = build_step
        self._watched = tuple(watched)
        self._port = port
        self._poll_seconds = poll_seconds
        self._announce = announce
        self._snapshot: dict[str, FileStamp] = {}
        self._stopping = threading.Event()
        self._server: _PreviewHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        """The site's address, e.g. ``http://127.0.0.1:8000/``."""
        if self._server is None:
            raise RuntimeError("the preview server is not running; call start() first")
        return f"http://{HOST}:{self._server.server_address[1]}/"

    def start(self) -> None:
        """Build once, then serve and watch in background threads."""
        self._snapshot = self._read_stamps()
        self._build_step()
        handler = functools.partial(_PreviewHandler, directory=str(self.out))
        try:
            server = _PreviewHTTPServer((HOST, self._port), handler)
        except OSError as err:
            raise ArchiveError(f"{HOST}:{self._port}: cannot serve there ({err.strerror}); choose another port") from err
        server.generation = self.generation
        server.site = self.out
        self._server = server
        self._threads = [
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="preview-http"),
            threading.Thread(target=self._watch, name="preview-watch"),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """Stop watching and serving; open reload requests are answered first."""
        self._stopping.set()
        self.generation.close()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=10)
        self._server = None
        self._threads = []

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def rebuild_if_changed(self) -> bool:
        """Rebuild when a watched file changed since the last look; True when a new build is served."""
        current = self._read_stamps()
        changes = changed_files(self._snapshot, current)
        if not changes:
            return False
        self._snapshot = current
        self._announce(f"{changes[0] if len(changes) == 1 else f'{len(changes)} files'} changed; rebuilding")
        started = time.monotonic()
        try:
            self._build_step()
        except Exception as err:  # keep serving whatever broke: the editor fixes the file and saves again
            log.debug("rebuild failed", exc_info=True)
            self._announce(f"rebuild failed, the previous site is still served: {err}")
            return False
        generation = self.generation.advance()
        self._announce(f"rebuilt in {time.monotonic() - started:.1f}s; open pages reload (build {generation})")
        return True

    def _read_stamps(self) -> dict[str, FileStamp]:
        return read_stamps(self._watched, ignore=self.out)

    def _watch(self) -> None:
        while not self._stopping.wait(self._poll_seconds):
            self.rebuild_if_changed()


def serve(config_root: Path, seeds: Path, out: Path, port: int, *, open_browser: bool = False) -> None:
    """Build the archive into ``out``, serve it on 127.0.0.1:``port`` and rebuild on change until Ctrl-C.

    ``port`` 0 picks a free port. Watches the seeds folder, the packaged
    templates and stylesheet, and under ``config_root`` the names in :data:`WATCHED_NAMES`.
    """
    step = functools.partial(build_site, config_root, seeds, out)
    watched = watched_paths(config_root, seeds, DEFAULT_TEMPLATES, DEFAULT_STATIC)
    server = PreviewServer(out, step, watched, port=port, announce=functools.partial(print, flush=True))
    server.start()
    try:
        print(f"Serving {out} at {server.url} (press Ctrl-C to stop)", flush=True)
        if open_browser:
            webbrowser.open(server.url)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
    finally:
        server.stop()
