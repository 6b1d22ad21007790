"""The command line, run in-process through ``archive_site.cli.main``: every command and every exit status."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import shutil
import socket
import threading
import time
import tomllib
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from records import article

import archive_site.serve
from archive_site.build import pipeline
from archive_site.cli import main
from archive_site.model import Author, Citation, DateEstimate, OutletRef, Provenance
from archive_site.records import check_table

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

#: What each project seed says, read by hand from the seed files.
SEED_000 = "000_4005e469bef28b64.txt"  # title on line 1; "May 29th, 2024 - by RootsAction Team" on line 3
SEED_001 = "001_bd7c5442c82def2b.txt"  # "By Medea Benjamin and Nicolas J.S. Davies / CODEPINK"; "Six months ago, Russia invaded Ukraine."
SEED_002 = "002_7a341f50d225f848.txt"  # no byline; ends with "Source: Reuters"
SEED_003 = "003_bf89b38ef0900e28.txt"  # "top of page" above the headline; no byline, no outlet
SEED_004 = "004_4ba30fa4e20c7c41.txt"  # "Author: Dave DeCamp", then his bio naming Antiwar.com
TITLES = {
    SEED_000: "ACTION: Tell US to Let Ukraine Negotiate End to War",
    SEED_001: "We Urgently Need to Give Ukraine Peace Talks a Chance",
    SEED_002: "U.S. rejects Putin’s ceasefire proposal for Ukraine in unofficial communications",
    SEED_003: "Why Washington Rejects Putin’s Offer for Negotiations",
    SEED_004: "US Wants Ukraine to Act Like It’s Open to Negotiations But Won’t Push for Talks",
}
#: The record keys the README's "Record schema" documents; every record has them all.
RECORD_KEYS = {
    "key", "source", "digest", "title", "dek", "authors", "date", "date_estimate", "outlet", "stance", "cited_sources",
    "claims", "paragraphs", "references", "comments", "caption", "bios", "extras", "url", "tags", "language",
    "provenance", "flags", "warnings",
}
#: A seed whose front matter is not YAML: read from its text alone, with a warning naming line 3.
BAD_FRONT_MATTER = "---\ntitle: [unclosed\n---\nTalks resume in Geneva\n\nEnvoys of both governments met on Tuesday.\n"
#: Bytes no text encoding reads: the seed fails as a whole.
BINARY = b"\x00\x01\x02\xff\xfe\x00PK\x03\x04"


def make_archive(tmp_path: Path, *names: str, extra: dict[str, str | bytes] | None = None) -> tuple[Path, Path]:
    """An archive root with the project's archive.yaml and claims.yaml and these project seeds (all without names)."""
    root = tmp_path / "project"
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    for name in ("archive.yaml", "claims.yaml"):
        shutil.copy(ROOT / name, root / name)
    for seed in sorted(SEEDS.iterdir()) if not names else [SEEDS / n for n in names]:
        shutil.copy(seed, seeds / seed.name)
    for name, content in (extra or {}).items():
        target = seeds / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root, seeds


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """``main(argv)``: (exit status, stdout, stderr)."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def table_rows(text: str) -> list[dict[str, str]]:
    """The rows of ``check``'s table, cut at the columns its dashed rule marks."""
    header, rule, *rows = text.rstrip("\n").splitlines()
    spans = [m.span() for m in re.finditer(r"-+", rule)]
    names = [header[a:b].strip() for a, b in spans]
    return [{name: row[a:b if i < len(spans) - 1 else None].strip() for i, (name, (a, b)) in enumerate(zip(names, spans, strict=True))}
            for row in rows]


def clipped_from(cell: str, full: str, width: int) -> bool:
    """True when ``cell`` is ``full``, or ``full`` cut to ``width`` characters ending in an ellipsis."""
    return cell == full or (len(full) > width and len(cell) == width and cell.endswith("…") and full.startswith(cell[:-1]))


# ---------------------------------------------------------------- build, and the default command


def test_build_writes_the_site_and_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, seeds = make_archive(tmp_path, SEED_000, SEED_004)
    out = tmp_path / "site"
    status, stdout, stderr = run(capsys, "build", "--root", root, "--seeds", seeds, "--out", out)
    assert status == 0, stderr
    assert (out / "index.html").is_file()
    pages = sorted(p.parent.name for p in (out / "articles").glob("*/index.html"))
    assert pages == ["action-tell-us-to-let-ukraine-negotiate-end-to-war",
                     "us-wants-ukraine-to-act-like-its-open-to-negotiations-but-wont-push-for-talks"]
    first = stdout.splitlines()[0]
    assert first.startswith(f"built {out}: 2 article(s), ")
    assert "0 unchanged, 0 removed)" in first
    assert "INFO:" not in stderr

    status, stdout, _ = run(capsys, "build", "--root", root, "--seeds", seeds, "--out", out)
    assert status == 0
    assert "(0 written, " in stdout.splitlines()[0]


def test_without_a_command_it_builds_seeds_into_site(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = make_archive(tmp_path, SEED_000)
    monkeypatch.chdir(root)
    status, stdout, stderr = run(capsys)
    assert status == 0, stderr
    assert (root / "site" / "articles" / "action-tell-us-to-let-ukraine-negotiate-end-to-war" / "index.html").is_file()
    assert stdout.startswith(f"built {(root / 'site').resolve()}: 1 article(s), ")
    assert "INFO:" not in stderr


@pytest.mark.parametrize("argv", [["-v"], ["build", "-v"], ["--seeds", "seeds", "-v"]])
def test_verbose_alone_or_anywhere_builds_and_logs(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = make_archive(tmp_path, SEED_000)
    monkeypatch.chdir(root)
    status, stdout, stderr = run(capsys, *argv)
    assert status == 0, stderr
    assert (root / "site" / "index.html").is_file()
    assert stdout.startswith(f"built {(root / 'site').resolve()}: 1 article(s), ")
    assert f"INFO: wrote {(root / 'site').resolve()}: " in stderr


@pytest.mark.parametrize("argv", [["-v", "--strict"], ["--strict", "-v"]])
def test_verbose_strict_builds_strictly(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root, seeds = make_archive(tmp_path, SEED_000)
    monkeypatch.chdir(root)
    status, _, stderr = run(capsys, *argv)
    assert status == 0, stderr
    assert f"INFO: wrote {(root / 'site').resolve()}: " in stderr

    (seeds / "notes.md").write_text(BAD_FRONT_MATTER, encoding="utf-8")
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    status, _, stderr = run(capsys, *argv)
    assert status == 1
    # strict, as strict: true in archive.yaml: the warning is listed and the previous site stays as it was
    assert "warning: seeds/notes.md:3: front matter is not valid YAML" in stderr
    assert "in strict mode; the site was not written" in stderr
    assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == before
    assert "INFO:" in stderr


def test_a_build_that_fails_exits_1_and_leaves_the_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, seeds = make_archive(tmp_path, SEED_000)
    status, stdout, stderr = run(capsys, "build", "--root", root, "--seeds", seeds, "--out", root)
    assert status == 1
    assert stdout == ""
    assert "error: " in stderr and "would delete" in stderr
    assert (seeds / SEED_000).is_file()


def test_strict_in_archive_yaml_stops_the_build_on_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, seeds = make_archive(tmp_path, SEED_000, extra={"notes.md": BAD_FRONT_MATTER})
    config = root / "archive.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nstrict: false\n", "\nstrict: true\n"), encoding="utf-8")
    out = tmp_path / "site"
    status, _, stderr = run(capsys, "build", "--root", root, "--seeds", seeds, "--out", out)
    assert status == 1
    assert "strict mode; the site was not written" in stderr
    assert not out.exists()
    status, _, stderr = run(capsys, "check", "--root", root, "--seeds", seeds)
    assert status == 1
    assert "front matter is not valid YAML" in stderr


def test_an_interrupted_run_exits_130(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    root, seeds = make_archive(tmp_path, SEED_000)
    monkeypatch.setattr(pipeline, "build_site", interrupted)
    monkeypatch.setattr(pipeline, "read_inputs", interrupted)
    for argv in (["build", "--out", tmp_path / "site"], ["check"]):
        status, stdout, stderr = run(capsys, *argv, "--root", root, "--seeds", seeds)
        assert status == 130, argv
        assert stdout == ""
        assert stderr.strip() == "interrupted"


# ---------------------------------------------------------------- check


def test_check_prints_one_row_per_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, stdout, stderr = run(capsys, "check", "--root", ROOT, "--seeds", SEEDS)
    assert status == 0, stderr
    rows = table_rows(stdout)
    assert list(rows[0]) == ["source", "title", "authors", "date", "outlet", "cites", "flags"]
    by_source = {row["source"]: row for row in rows}
    assert list(by_source) == sorted(TITLES)
    for name, title in TITLES.items():
        assert clipped_from(by_source[name]["title"], title, 48), by_source[name]
        assert by_source[name]["cites"].isdigit()
    assert by_source[SEED_000]["authors"] == "RootsAction Team"
    assert by_source[SEED_000]["date"] == "2024-05-29"
    assert by_source[SEED_000]["outlet"] == "RootsAction"
    assert clipped_from(by_source[SEED_001]["authors"], "Medea Benjamin, Nicolas J.S. Davies", 32)
    assert by_source[SEED_001]["date"] == "~2022-08"  # six months after the invasion of 24 February 2022
    assert by_source[SEED_001]["outlet"] == "CODEPINK"
    assert by_source[SEED_002]["authors"] == "-"
    assert by_source[SEED_002]["outlet"] == "Reuters"
    assert by_source[SEED_003]["outlet"] == "-"
    assert by_source[SEED_002]["date"].startswith("~2024-") and by_source[SEED_003]["date"].startswith("~2024-")
    assert by_source[SEED_004]["authors"] == "Dave DeCamp"
    assert by_source[SEED_004]["date"] == "undated"
    assert by_source[SEED_004]["outlet"] == "Antiwar.com"
    assert stderr.strip().splitlines()[-1] == "5 article(s), 0 failed, 0 warning(s)"


def test_check_json_prints_the_documented_records(capsys: pytest.CaptureFixture[str]) -> None:
    status, stdout, stderr = run(capsys, "check", "--json", "--root", ROOT, "--seeds", SEEDS)
    assert status == 0, stderr
    records = json.loads(stdout)
    assert [Path(r["source"]).name for r in records] == sorted(TITLES)
    assert all(set(r) >= RECORD_KEYS for r in records), [sorted(RECORD_KEYS - set(r)) for r in records]
    by_name = {Path(r["source"]).name: r for r in records}
    assert {name: r["title"] for name, r in by_name.items()} == TITLES

    first = by_name[SEED_000]
    lines = (SEEDS / SEED_000).read_text(encoding="utf-8").splitlines()
    assert first["source"] == str(SEEDS / SEED_000)
    assert first["key"] == "action-tell-us-to-let-ukraine-negotiate-end-to-war"
    assert first["date"] == "2024-05-29"
    assert first["date_estimate"] is None
    assert first["authors"] == [{"name": "RootsAction Team", "kind": "organization"}]
    assert first["outlet"]["name"] == "RootsAction"
    assert first["caption"] == lines[4]
    assert first["paragraphs"][0] == {"id": "p1", "text": lines[10].replace("\xa0", " "), "line": 11}  # no-break spaces read as spaces
    assert first["warnings"] == []

    second = by_name[SEED_001]
    assert second["date"] is None
    assert [a["name"] for a in second["authors"]] == ["Medea Benjamin", "Nicolas J.S. Davies"]
    assert second["date_estimate"]["earliest"].startswith("2022-0")

    last = by_name[SEED_004]
    tail = (SEEDS / SEED_004).read_text(encoding="utf-8").splitlines()
    assert last["authors"] == [{"name": "Dave DeCamp", "kind": "person"}]
    assert last["bios"] == [tail[-1]]
    assert last["outlet"]["name"] == "Antiwar.com"
    assert stderr == ""  # nothing to report, and no summary line: stdout is only JSON


def test_strict_turns_a_warning_into_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, seeds = make_archive(tmp_path, SEED_000, extra={"notes.md": BAD_FRONT_MATTER})
    status, stdout, stderr = run(capsys, "check", "--root", root, "--seeds", seeds)
    assert status == 0
    assert [row["source"] for row in table_rows(stdout)] == [SEED_000, "notes.md"]
    assert f"warning: {seeds / 'notes.md'}:3: front matter is not valid YAML" in stderr
    assert stderr.strip().splitlines()[-1] == "2 article(s), 0 failed, 1 warning(s)"

    status, stdout, _ = run(capsys, "check", "--strict", "--root", root, "--seeds", seeds)
    assert status == 1
    assert [row["source"] for row in table_rows(stdout)] == [SEED_000, "notes.md"]

    status, _, _ = run(capsys, "check", "--json", "--strict", "--root", root, "--seeds", seeds)
    assert status == 1

    out = tmp_path / "site"
    status, stdout, _ = run(capsys, "build", "--root", root, "--seeds", seeds, "--out", out)
    assert status == 0
    assert stdout.startswith(f"built {out}: 2 article(s), ")
    status, _, _ = run(capsys, "build", "--strict", "--root", root, "--seeds", seeds, "--out", out)
    assert status == 1


def test_strict_counts_warnings_that_are_only_logged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, seeds = make_archive(tmp_path, SEED_000)
    (root / "claims.yaml").write_text("# no claims yet\n", encoding="utf-8")
    logged = f"WARNING: {root / 'claims.yaml'}: the claims catalog is empty; no claims will be detected"
    out = tmp_path / "site"
    for argv in (["check"], ["build", "--out", out]):
        status, _, stderr = run(capsys, *argv, "--root", root, "--seeds", seeds)
        assert status == 0, argv
        assert logged in stderr
        status, _, stderr = run(capsys, *argv, "--strict", "--root", root, "--seeds", seeds)
        assert status == 1, argv
        assert logged in stderr


def test_an_unreadable_seed_is_reported_and_the_others_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, seeds = make_archive(tmp_path, SEED_000, SEED_004, extra={"broken.txt": BINARY})
    status, stdout, stderr = run(capsys, "check", "--root", root, "--seeds", seeds)
    assert status == 0
    assert [row["source"] for row in table_rows(stdout)] == [SEED_000, SEED_004]
    assert f"error: {seeds / 'broken.txt'}: the file looks binary" in stderr
    assert stderr.strip().splitlines()[-1] == "2 article(s), 1 failed, 0 warning(s)"

    status, stdout, _ = run(capsys, "check", "--strict", "--root", root, "--seeds", seeds)
    assert status == 1
    assert [row["source"] for row in table_rows(stdout)] == [SEED_000, SEED_004]

    out = tmp_path / "site"
    status, stdout, _ = run(capsys, "build", "--root", root, "--seeds", seeds, "--out", out)
    assert status == 0
    assert stdout.startswith(f"built {out}: 2 article(s), ")
    assert f"failed: {seeds / 'broken.txt'}: the file looks binary" in stdout
    assert len(list((out / "articles").glob("*/index.html"))) == 2
    status, _, _ = run(capsys, "build", "--strict", "--root", root, "--seeds", seeds, "--out", out)
    assert status == 1


def test_strict_fails_on_an_unreadable_seed_even_when_its_log_line_is_silenced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logging.getLogger("archive_site.load.seeds"), "disabled", True)
    root, seeds = make_archive(tmp_path, SEED_000, extra={"broken.txt": BINARY})
    assert run(capsys, "check", "--root", root, "--seeds", seeds)[0] == 0
    assert run(capsys, "check", "--strict", "--root", root, "--seeds", seeds)[0] == 1
    assert run(capsys, "build", "--strict", "--root", root, "--seeds", seeds, "--out", tmp_path / "site")[0] == 1


def test_nothing_readable_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, seeds = make_archive(tmp_path, SEED_000, extra={"a.txt": BINARY, "b.md": BINARY})
    (seeds / SEED_000).unlink()
    for argv in (["check"], ["check", "--json"], ["build", "--out", tmp_path / "site"]):
        status, _, stderr = run(capsys, *argv, "--root", root, "--seeds", seeds)
        assert status == 1, argv
        assert "error: no seed could be read" in stderr


def test_an_empty_seeds_folder_is_an_empty_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, seeds = make_archive(tmp_path, SEED_000)
    (seeds / SEED_000).unlink()
    status, stdout, stderr = run(capsys, "check", "--root", root, "--seeds", seeds)
    assert status == 0
    assert table_rows(stdout) == []
    assert stderr.strip() == "0 article(s), 0 failed, 0 warning(s)"
    status, stdout, _ = run(capsys, "build", "--root", root, "--seeds", seeds, "--out", tmp_path / "site")
    assert status == 0
    assert stdout.startswith(f"built {tmp_path / 'site'}: 0 article(s), ")


# ---------------------------------------------------------------- usage and configuration errors


@pytest.mark.parametrize("command", [["build"], ["check"], ["check", "--json"], ["claims", "suggest"], ["serve", "--port", "0"]])
def test_a_broken_archive_yaml_exits_2_naming_the_file(command: list[str], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    root, seeds = make_archive(tmp_path, SEED_000)
    (root / "archive.yaml").write_text("title: Talks\ntitel: Talks\n", encoding="utf-8")
    status, stdout, stderr = run(capsys, *command, "--root", root, "--seeds", seeds, *(["--out", tmp_path / "site"] if command[0] in ("build", "serve") else []))
    assert status == 2
    assert stdout == ""
    assert stderr.startswith(f"error: {root / 'archive.yaml'}:2: unknown key 'titel'; use one of: ")
    assert not (tmp_path / "site").exists()
    assert not [t for t in threading.enumerate() if t.name.startswith("preview-")]


def test_archive_yaml_that_is_not_yaml_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, seeds = make_archive(tmp_path, SEED_000)
    (root / "archive.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    status, _, stderr = run(capsys, "check", "--root", root, "--seeds", seeds)
    assert status == 2
    assert stderr.startswith(f"error: {root / 'archive.yaml'}")


def test_a_missing_seeds_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, stderr = run(capsys, "check", "--root", ROOT, "--seeds", tmp_path / "nowhere")
    assert status == 2
    assert stderr.startswith(f"error: {tmp_path / 'nowhere'}: is not a folder; ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["check", "--out", "site"], "unrecognized arguments: --out site"),
        (["-v", "--json"], "unrecognized arguments: --json"),  # --json belongs to check, not to the default build
        (["chek"], "invalid choice: 'chek'"),
        (["claims"], "the following arguments are required: {suggest}"),
        (["serve", "--port", "eighty"], "argument --port: invalid int value: 'eighty'"),
    ],
)
def test_a_usage_error_exits_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, stdout, stderr = run(capsys, *argv)
    assert status == 2
    assert stdout == ""
    assert message in stderr
    assert "usage: archive-site" in stderr


@pytest.mark.parametrize("argv", [["--help"], ["-v", "-h"], ["check", "--help"], ["claims", "suggest", "-h"]])
def test_help_lists_the_exit_statuses(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status, stdout, _ = run(capsys, *argv)
    assert status == 0
    assert stdout.startswith("usage: archive-site")
    statuses = re.findall(r"^  (\d+) +\S", stdout.split("exit status:\n", 1)[1], re.MULTILINE)
    assert statuses == ["0", "1", "2", "130"]


def test_version_is_the_projects(capsys: pytest.CaptureFixture[str]) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    status, stdout, _ = run(capsys, "--version")
    assert status == 0
    assert stdout == f"archive-site {version}\n"


def test_a_run_leaves_the_logging_setup_as_it_found_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logger = logging.getLogger()
    handlers, level = list(logger.handlers), logger.level
    root, seeds = make_archive(tmp_path, SEED_000)
    assert run(capsys, "check", "--root", root, "--seeds", tmp_path / "nowhere")[0] == 2
    assert run(capsys, "-v", "check", "--root", root, "--seeds", seeds)[0] == 0
    assert logger.handlers == handlers and logger.level == level


# ---------------------------------------------------------------- claims suggest


def test_claims_suggest_prints_yaml_entries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # No catalog: seeds 000 and 001 both tell of the talks mediated by Turkey in March 2022.
    status, stdout, stderr = run(capsys, "claims", "suggest", "--root", tmp_path, "--seeds", SEEDS)
    assert status == 0, stderr
    entries = yaml.safe_load(stdout)
    assert isinstance(entries, list) and entries
    assert all(set(e) == {"id", "statement", "label", "cues"} for e in entries)
    assert any("Turkey" in block for block in stdout.split("\n# Found in ")[1:])


def test_claims_suggest_with_the_catalog_finds_nothing_new(capsys: pytest.CaptureFixture[str]) -> None:
    status, stdout, _ = run(capsys, "-v", "claims", "suggest", "--root", ROOT, "--seeds", SEEDS)
    assert status == 0
    assert stdout.startswith("# No candidate claims found")
    assert yaml.safe_load(stdout) is None


# ---------------------------------------------------------------- serve


def test_serve_builds_serves_and_stops_on_ctrl_c(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve`` blocks in ``time.sleep`` until Ctrl-C; the stand-in fetches the home page, then presses Ctrl-C."""
    seen: dict[str, object] = {}

    def fetch_then_interrupt(seconds: float) -> None:
        announced = capsys.readouterr().out
        seen["announced"] = announced
        url = re.search(r" at (http://127\.0\.0\.1:\d+/) ", announced)
        assert url is not None, announced
        with urllib.request.urlopen(url.group(1), timeout=30) as response:
            seen["status"], seen["page"] = response.status, response.read().decode("utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(archive_site.serve, "time", SimpleNamespace(sleep=fetch_then_interrupt, monotonic=time.monotonic))
    root, seeds = make_archive(tmp_path, SEED_000)
    out = tmp_path / "site"
    status = main(["serve", "--root", str(root), "--seeds", str(seeds), "--out", str(out), "--port", "0"])
    assert status == 0
    assert str(seen["announced"]).startswith(f"Serving {out} at http://127.0.0.1:")
    assert seen["status"] == 200
    assert "<h1" in str(seen["page"]) and "/__reload" in str(seen["page"])
    assert capsys.readouterr().out == "Stopped.\n"
    assert (out / "articles" / "action-tell-us-to-let-ukraine-negotiate-end-to-war" / "index.html").is_file()
    assert not [t for t in threading.enumerate() if t.name.startswith("preview-")]


def test_serve_on_a_busy_port_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, seeds = make_archive(tmp_path, SEED_000)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        status, _, stderr = run(capsys, "serve", "--root", root, "--seeds", seeds, "--out", tmp_path / "site", "--port", port)
    assert status == 2
    assert stderr.startswith(f"error: 127.0.0.1:{port}: cannot serve there")
    assert not [t for t in threading.enumerate() if t.name.startswith("preview-")]


# ---------------------------------------------------------------- check_table


def test_check_table_lays_out_one_row_per_article() -> None:
    flagged = {
        "authors": Provenance("extracted", "byline.by", 3, "By Ann Lee", 0.4),
        "date": Provenance("extracted", "date.line", 2, "May 2024", 0.5),
        "title": Provenance("extracted", "title.first-line", 1, "Talks", 0.9),
        "outlet": Provenance("default", "outlet.none", None, "", 0.1),
    }
    cite = Citation("Reuters", "reuters", "Reuters reported", "p1", "cite.according-to", 4, 0.8)
    articles = [
        article(["Body."], key="a", title="Talks resume in Geneva as envoys trade new plans",  # 48 characters: kept whole
                authors=(Author("Ann Lee", "person"),), date=dt.date(2024, 5, 29),
                outlet=OutletRef("Reuters", "reuters", "wire"), cited_sources=(cite, cite), provenance=flagged),
        article(["Body."], key="bb", title="Talks resume in Geneva as envoys trade new plans!",  # 49: clipped
                authors=(Author("Medea Benjamin", "person"), Author("Nicolas J.S. Davies", "person"), Author("Ann Lee", "person")),
                date_estimate=DateEstimate(dt.date(2024, 1, 1), dt.date(2024, 4, 30), ()),  # midpoint 1 March
                outlet=OutletRef("The Bulletin of the Atomic Scientists", "bulletin", "magazine")),
        article(["Body."], key="c"),
    ]
    assert check_table(articles).splitlines() == [
        "source  title                                             authors                           date        outlet                  cites  flags",
        "------  ------------------------------------------------  --------------------------------  ----------  ----------------------  -----  ------------",
        "a.txt   Talks resume in Geneva as envoys trade new plans  Ann Lee                           2024-05-29  Reuters                 2      authors,date",
        "bb.txt  Talks resume in Geneva as envoys trade new plan…  Medea Benjamin, Nicolas J.S. Da…  ~2024-03    The Bulletin of the A…  0      -",
        "c.txt   Untitled                                          -                                 undated     -                       0      -",
    ]


def test_check_table_of_no_articles_is_its_header() -> None:
    assert check_table([]).splitlines() == [
        "source  title  authors  date  outlet  cites  flags",
        "------  -----  -------  ----  ------  -----  -----",
    ]


def test_check_table_clips_authors_and_outlet_only_past_their_width() -> None:
    authors = (Author("Ann Lee", "person"), Author("Bo Chan", "person"), Author("Cy Dunne", "person"), Author("Di", "person"))
    row = article(["Body."], key="d", title="T", authors=authors, outlet=OutletRef("Responsible Statecraft", "rs", "magazine"))
    line = check_table([row]).splitlines()[2]
    # "Ann Lee, Bo Chan, Cy Dunne, Di" is 30 characters and "Responsible Statecraft" 22: both fit
    assert line == "d.txt   T      Ann Lee, Bo Chan, Cy Dunne, Di  undated  Responsible Statecraft  0      -"
