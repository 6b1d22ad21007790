"""Shared fixtures: the seed archive built once per test session, and the external checkers.

The checkers (Debian's Chromium with Playwright, Java with the Nu HTML checker,
axe-core) are looked up here. When one is missing, the test that needs it fails
with the command that installs it; deselect those tests with ``-m "not browser"``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
NODE_MODULES = ROOT / "node_modules"
#: The canonical address the seed site is built for; the domain is reserved for examples, so nothing resolves it.
SEED_BASE_URL = "https://archive.example.org/talks/"
#: How long building the seed archive may take before the session gives up.
BUILD_TIMEOUT_SECONDS = 300
#: Debian's Chromium; ``ARCHIVE_SITE_CHROMIUM`` points elsewhere.
CHROMIUM = os.environ.get("ARCHIVE_SITE_CHROMIUM", "/usr/bin/chromium")
#: Flags that keep Chromium headless, sandbox-free (for root in containers) and off the network.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
_SETUP_HINT = "run `bash .ci/run` once, or install it by hand"


def build_archive(seeds: Path, out: Path, base_url: str | None = SEED_BASE_URL) -> Path:
    """Build ``seeds`` into ``out`` through the command line, exactly as a user would; returns ``out``."""
    command = [sys.executable, str(ROOT / "build.py"), "build", "--seeds", str(seeds), "--out", str(out)]
    if base_url is not None:
        command += ["--base-url", base_url]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS, check=False)
    if done.returncode != 0:
        pytest.fail(f"building {seeds} failed (exit {done.returncode}):\n$ {' '.join(command)}\n{done.stdout}\n{done.stderr}")
    return out


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the project's seeds build into (with :data:`SEED_BASE_URL`); built once, treat as read-only."""
    return build_archive(SEEDS, tmp_path_factory.mktemp("seed-site") / "site")


def project_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A writable archive root with the project's settings files and a copy of its seeds: (root, seeds)."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("archive.yaml", "claims.yaml", "outlets.yaml", "events.yaml"):
        if (ROOT / name).is_file():
            shutil.copy(ROOT / name, root / name)
    shutil.copytree(SEEDS, root / "seeds")
    return root, root / "seeds"


# ---------------------------------------------------------------- external checkers


def require_java() -> str:
    """The ``java`` command, or a failure saying how to install it."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"java is not installed; {_SETUP_HINT}: apt-get install -y default-jre-headless")
    return java


def require_node_file(relative: str) -> Path:
    """A file of an npm development tool under ``node_modules``, or a failure saying how to install it."""
    path = NODE_MODULES / relative
    if not path.is_file():
        pytest.fail(f"{path} is missing; {_SETUP_HINT}: npm ci --ignore-scripts (in {ROOT})")
    return path


def require_chromium() -> str:
    """The Chromium executable, or a failure saying how to install it."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is not installed; {_SETUP_HINT}: apt-get install -y chromium")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright, shared by the session (make a new context per test)."""
    executable = require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"the playwright Python package is missing; {_SETUP_HINT}: .venv/bin/pip install playwright")
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        try:
            yield chromium
        finally:
            chromium.close()


def keep_offline(context: Any, site: Path | None = None, base_url: str = SEED_BASE_URL) -> list[str]:
    """Abort every request of ``context`` that would leave this machine; returns the aborted URLs as they happen.

    With ``site``, requests under ``base_url`` are answered from that folder as a web host would (a folder
    gives its ``index.html``, a missing file the site's ``404.html`` with status 404), so pages can be
    checked at their canonical address without a network.
    """
    blocked: list[str] = []

    def answer(route: Any) -> None:
        url = route.request.url
        if site is not None and url.startswith(base_url):
            target = site / unquote(urlsplit(url).path.removeprefix(urlsplit(base_url).path))
            if target.is_dir():
                target = target / "index.html"
            if target.is_file():
                route.fulfill(path=str(target))
            else:
                route.fulfill(path=str(site / "404.html"), status=404)
        elif urlsplit(url).scheme in ("file", "data") or urlsplit(url).hostname in ("127.0.0.1", "localhost"):
            route.fallback()
        else:
            blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", answer)
    return blocked


# ---------------------------------------------------------------- a plain static server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def static_server(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port in a background thread; yields ``http://127.0.0.1:PORT``."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
