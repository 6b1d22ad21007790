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


def test_the_summary_lists_each_problem_once_grouped_by_file_with_a_count() -> None:
    from archive_site.build.builder import BuildReport

    report = BuildReport(
        out=Path("site"), articles=2, pages=9, files=12, written=12, unchanged=0, removed=0,
        warnings=("seeds/b.txt:3: the byline is unclear; check it", "seeds/a.yaml:2: unknown key 'colour'; remove it",
                  "seeds/b.txt:3: the byline is unclear; check it", "two titles share the slug 'talks'"),
        skipped=(), failures=("seeds/c.png: the file looks binary, not text; remove it",),
    )
    lines = report.summary().splitlines()
    assert lines[1:] == [
        "(the site):",
        "  warning: two titles share the slug 'talks'",
        "seeds/a.yaml:",
        "  warning: seeds/a.yaml:2: unknown key 'colour'; remove it",
        "seeds/b.txt:",
        "  warning: seeds/b.txt:3: the byline is unclear; check it",
        "seeds/c.png:",
        "  failed: seeds/c.png: the file looks binary, not text; remove it",
        "1 failure(s), 3 warning(s) in 4 file(s)",
    ]


@pytest.mark.parametrize(
    ("text", "made"),
    [("CON", "con-page"), ("nul", "nul-page"), ("COM1", "com1-page"), ("Con Artists", "con-artists"),
     ("../../etc/passwd", "etc-passwd"), ("C:\\\\Windows\\\\system32", "c-windows-system32"), ("a\x00b", "a-b"),
     ("Ünïcode Tïtle", "unicode-title")],
)
def test_slugs_are_safe_file_names_everywhere(text: str, made: str) -> None:
    from archive_site.model import make_slug

    assert make_slug(text) == made
    assert len(make_slug("word " * 200).encode()) <= 80
