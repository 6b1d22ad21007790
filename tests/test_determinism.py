"""The same inputs give byte-identical output whatever the hash seed, time zone, locale or file order."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive_site.build.writer import LOCK, MARKER

ROOT = Path(__file__).resolve().parents[1]


def _build(tmp: Path, name: str, env: dict[str, str], reverse: bool) -> dict[str, bytes]:
    archive = tmp / name
    seeds = archive / "seeds"
    seeds.mkdir(parents=True)
    files = sorted((ROOT / "seeds").iterdir())
    for seed in reversed(files) if reverse else files:  # another creation order, so another directory order
        shutil.copy(seed, seeds)
    for extra in ("archive.yaml", "claims.yaml"):
        shutil.copy(ROOT / extra, archive)
    run_env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONHASHSEED", "TZ"))}
    run_env.update(env)
    done = subprocess.run([sys.executable, "-m", "archive_site", "build", "--seeds", "seeds", "--out", "site",
                           "--base-url", "https://example.org/archive/"], cwd=archive, env=run_env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    out = archive / "site"
    # The manifest keeps the fingerprint of the build's inputs, which names the folders it read: it is not the site.
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in (MARKER, LOCK)}


@pytest.mark.slow
def test_output_does_not_depend_on_hash_seed_time_zone_locale_or_file_order(tmp_path: Path) -> None:
    first = _build(tmp_path, "a", {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C"}, reverse=False)
    second = _build(tmp_path, "b", {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8"}, reverse=True)
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []
