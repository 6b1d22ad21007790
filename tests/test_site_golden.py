"""The fixture archive's site, compared file by file with the golden copy.

When a change to the site is intended, regenerate the golden files with

    .venv/bin/python scripts/update_golden.py

and review the diff of tests/site_fixtures/golden before committing it.
"""

from __future__ import annotations

import difflib

from site_fixtures.records import GOLDEN, render_fixture

REGENERATE = "if the change is intended, run: .venv/bin/python scripts/update_golden.py"


def test_the_fixture_site_matches_the_golden_files() -> None:
    files = render_fixture()
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(golden), f"the site's files differ from the golden ones; {REGENERATE}"
    for path in sorted(files):
        if files[path] != golden[path]:
            diff = difflib.unified_diff(
                golden[path].decode("utf-8", "replace").splitlines(),
                files[path].decode("utf-8", "replace").splitlines(),
                f"golden/{path}", f"built/{path}", lineterm="", n=2,
            )
            shown = "\n".join(list(diff)[:60])
            raise AssertionError(f"{path} differs from the golden copy; {REGENERATE}\n{shown}")
