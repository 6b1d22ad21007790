"""The preview server: serves the built site, rebuilds on change, tells open pages to reload, stops cleanly."""

from __future__ import annotations

import functools
import http.client
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import project_copy

from archive_site.errors import ArchiveError
from archive_site.serve import (
    RELOAD_PATH,
    PreviewServer,
    build_site,
    changed_files,
    inject_reload,
    read_stamps,
    watched_paths,
)

TIMEOUT = 30.0


class PageOutline(HTMLParser):
    """Headings, scripts and the elements each script stands in."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.h1: list[str] = []
        self.scripts: list[tuple[tuple[str, ...], str]] = []
        self.paragraphs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        if tag == "h1":
            self.h1.append("")
        if tag == "script":
            self.scripts.append((tuple(self.stack[:-1]), ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if "h1" in self.stack:
            self.h1[-1] += data
        if self.stack and self.stack[-1] == "script":
            parents, text = self.scripts[-1]
            self.scripts[-1] = (parents, text + data)
        if self.stack and self.stack[-1] == "p":
            self.paragraphs.append(data)


def outline(html: bytes | str) -> PageOutline:
    parser = PageOutline()
    parser.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    parser.close()
    return parser


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def generation_after(server: PreviewServer, seen: int) -> int:
    """Ask the server, as an open page does, for the build number once it differs from ``seen``."""
    status, body = fetch(f"{server.url.rstrip('/')}{RELOAD_PATH}?since={seen}")
    assert status == 200
    generation: int = json.loads(body)["generation"]
    return generation


def touch(path: Path, text: str) -> None:
    """Rewrite ``path`` and move its modification time forward, so coarse file-system clocks still see it."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


# ---------------------------------------------------------------- a small stand-in build


def build_headlines(seeds: Path, out: Path) -> None:
    """Write ``out/index.html`` listing each seed's first line, plus a 404 page."""
    out.mkdir(parents=True, exist_ok=True)
    titles = [seed.read_text(encoding="utf-8").splitlines()[0] for seed in sorted(seeds.glob("*.txt"))]
    items = "".join(f"<p>{title}</p>" for title in titles)
    page = "<!DOCTYPE html><html lang=en><head><title>{0}</title></head><body><h1>{0}</h1>{1}</body></html>"
    (out / "index.html").write_text(page.format("Headlines", items), encoding="utf-8")
    (out / "404.html").write_text(page.format("Not found", ""), encoding="utf-8")
    (out / "notes.txt").write_text("plain text", encoding="utf-8")


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("Talks resume in Istanbul\n\nBody.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Ceasefire proposal rejected\n\nBody.\n", encoding="utf-8")
    return folder


@pytest.fixture
def preview(tmp_path: Path, seeds: Path) -> Iterator[PreviewServer]:
    out = tmp_path / "site"
    server = PreviewServer(out, functools.partial(build_headlines, seeds, out), [seeds], poll_seconds=0.05)
    server.start()
    yield server
    server.stop()


# ---------------------------------------------------------------- pure parts


def test_reload_script_goes_inside_the_body_before_it_ends() -> None:
    html = b"<!DOCTYPE html><html><body><p>first</p><p>last</p></BODY >\n</html>\n"
    page = outline(inject_reload(html, 7))
    assert page.paragraphs == ["first", "last"]
    [(parents, script)] = page.scripts
    assert parents[-1] == "body"
    assert "const seen = 7;" in script and RELOAD_PATH in script


def test_reload_script_is_appended_to_a_page_without_body() -> None:
    page = outline(inject_reload(b"<p>fragment</p>", 0))
    assert page.paragraphs == ["fragment"]
    assert len(page.scripts) == 1


def test_changed_files_lists_added_removed_and_modified_files() -> None:
    before = {"a": (1, 10), "b": (1, 10), "c": (1, 10)}
    after = {"a": (1, 10), "b": (2, 10), "d": (1, 5)}
    assert changed_files(before, after) == ["b", "c", "d"]
    assert changed_files(before, dict(before)) == []


def test_read_stamps_sees_files_and_skips_scratch_files_and_the_output(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "one.txt").write_text("x", encoding="utf-8")
    (tmp_path / "seeds" / ".one.txt.swp").write_text("x", encoding="utf-8")
    (tmp_path / "seeds" / "one.txt~").write_text("x", encoding="utf-8")
    (tmp_path / "seeds" / "site").mkdir()
    (tmp_path / "seeds" / "site" / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "archive.yaml").write_text("title: T\n", encoding="utf-8")
    watched = watched_paths(tmp_path, tmp_path / "seeds")
    stamps = read_stamps(watched, ignore=tmp_path / "seeds" / "site")
    assert sorted(Path(path).name for path in stamps) == ["archive.yaml", "one.txt"]
    assert stamps[str(tmp_path / "archive.yaml")][1] == len("title: T\n")


# ---------------------------------------------------------------- the server with a stand-in build


def test_pages_are_served_with_the_reload_script_while_the_files_stay_untouched(preview: PreviewServer) -> None:
    status, body = fetch(preview.url)
    assert status == 200
    page = outline(body)
    assert page.h1 == ["Headlines"]
    assert page.paragraphs == ["Talks resume in Istanbul", "Ceasefire proposal rejected"]
    assert len(page.scripts) == 1 and RELOAD_PATH in page.scripts[0][1]
    assert outline((preview.out / "index.html").read_bytes()).scripts == []


def test_other_files_are_served_as_they_are(preview: PreviewServer) -> None:
    assert fetch(preview.url + "notes.txt") == (200, b"plain text")


def test_a_missing_page_gets_the_sites_404_page(preview: PreviewServer) -> None:
    status, body = fetch(preview.url + "no/such/page.html")
    assert status == 404
    assert outline(body).h1 == ["Not found"]


def test_requests_cannot_read_outside_the_site(preview: PreviewServer, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("do not serve", encoding="utf-8")
    connection = http.client.HTTPConnection("127.0.0.1", int(preview.url.rsplit(":", 1)[1].strip("/")), timeout=TIMEOUT)
    try:
        connection.request("GET", "/../secret.txt")
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert b"do not serve" not in body


def test_a_stale_page_learns_the_current_build_at_once(preview: PreviewServer) -> None:
    started = time.monotonic()
    assert generation_after(preview, 41) == 0
    assert time.monotonic() - started < 5


def test_changing_a_seed_rebuilds_and_wakes_the_open_page(preview: PreviewServer, seeds: Path) -> None:
    answer: list[int] = []
    waiting = threading.Thread(target=lambda: answer.append(generation_after(preview, 0)))
    waiting.start()
    touch(seeds / "b.txt", "Ceasefire proposal accepted\n\nBody.\n")
    waiting.join(timeout=TIMEOUT)
    assert answer == [1]
    page = outline(fetch(preview.url)[1])
    assert page.paragraphs == ["Talks resume in Istanbul", "Ceasefire proposal accepted"]
    assert "const seen = 1;" in page.scripts[0][1]


def test_a_failed_rebuild_keeps_the_previous_site(tmp_path: Path, seeds: Path) -> None:
    out = tmp_path / "site"
    calls: list[int] = []

    def build_once_then_fail() -> None:
        calls.append(1)
        if len(calls) > 1:
            raise ValueError("template error")
        build_headlines(seeds, out)

    server = PreviewServer(out, build_once_then_fail, [seeds], poll_seconds=3600)
    with server:
        touch(seeds / "a.txt", "Talks collapse\n")
        assert server.rebuild_if_changed() is False
        assert server.generation.value == 0
        assert outline(fetch(server.url)[1]).paragraphs[0] == "Talks resume in Istanbul"
        assert server.rebuild_if_changed() is False  # nothing changed since the failed attempt
    assert len(calls) == 2


def test_stop_releases_the_port(tmp_path: Path, seeds: Path) -> None:
    out = tmp_path / "site"
    server = PreviewServer(out, functools.partial(build_headlines, seeds, out), [seeds])
    server.start()
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    server.stop()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass


# ---------------------------------------------------------------- the real build


def article_headlines(out: Path) -> dict[str, str]:
    """Article page path (relative to the site) to its ``<h1>``."""
    pages = sorted(out.glob("articles/*/index.html"))
    return {page.relative_to(out).as_posix(): " ".join(outline(page.read_bytes()).h1) for page in pages}


def test_editing_a_seed_rebuilds_the_real_site(tmp_path: Path) -> None:
    root, seeds = project_copy(tmp_path)
    out = tmp_path / "site"
    seed = seeds / "004_4ba30fa4e20c7c41.txt"
    old_title = "US Wants Ukraine to Act Like It’s Open to Negotiations But Won’t Push for Talks"
    new_title = "US Quietly Urges Kyiv to Signal Openness to Talks"
    text = seed.read_text(encoding="utf-8")
    assert text.startswith(old_title)
    server = PreviewServer(out, functools.partial(build_site, root, seeds, out), watched_paths(root, seeds))
    with server:
        before = article_headlines(out)
        assert old_title in before.values()
        page = next(path for path, title in before.items() if title == old_title)
        assert outline(fetch(server.url + page)[1]).h1 == [old_title]

        touch(seed, text.replace(old_title, new_title, 1))
        assert generation_after(server, 0) == 1
        after = article_headlines(out)
        assert new_title in after.values() and old_title not in after.values()
        page = next(path for path, title in after.items() if title == new_title)
        assert outline(fetch(server.url + page)[1]).h1 == [new_title]


def test_serve_prints_its_address_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    root, seeds = project_copy(tmp_path)
    script = "import sys; from pathlib import Path; from archive_site.serve import serve; "
    script += "serve(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), 0)"
    command = [sys.executable, "-c", script, str(root), str(seeds), str(tmp_path / "site")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], TIMEOUT)  # the site is built before the address shows
        line = process.stdout.readline() if ready else ""
        if not line.startswith("Serving "):
            process.kill()
            pytest.fail(f"serve printed {line!r} instead of its address:\n{process.communicate(timeout=TIMEOUT)[1]}")
        url = line.split(" at ", 1)[1].split()[0]
        assert url.startswith("http://127.0.0.1:")
        status, body = fetch(url)
        assert status == 200 and len(outline(body).h1) == 1
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=TIMEOUT) == 0
        assert "Stopped." in process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=TIMEOUT)


def test_a_busy_port_is_reported_with_what_to_do(tmp_path: Path, seeds: Path) -> None:
    out = tmp_path / "site"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = PreviewServer(out, functools.partial(build_headlines, seeds, out), [seeds], port=port)
        with pytest.raises(ArchiveError, match=rf"127\.0\.0\.1:{port}: .*choose another port"):
            server.start()
