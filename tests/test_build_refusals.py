"""Builds that must not replace the previous site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archive_site.build.pipeline import build_site
from archive_site.errors import BuildError

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _site(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_a_build_where_every_seed_fails_leaves_the_previous_site(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), seeds)
    out = tmp_path / "site"
    build_site(tmp_path, seeds, out)
    before = _site(out)
    for seed in seeds.iterdir():
        seed.unlink()
    (seeds / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(BuildError, match=r"no seed could be read .*previous site is left as it was"):
        build_site(tmp_path, seeds, out)
    assert _site(out) == before


def test_strict_from_the_command_line_is_strict_from_the_settings(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), seeds)
    (seeds / "notes.md").write_text("---\ntitle: [unclosed\n---\nSome text of a note.\n", encoding="utf-8")
    out = tmp_path / "site"
    with pytest.raises(BuildError, match=r"in strict mode; the site was not written.*\n  warning: .*notes\.md"):
        build_site(tmp_path, seeds, out, strict=True)
    assert not out.exists()
    assert build_site(tmp_path, seeds, out).articles == 2
