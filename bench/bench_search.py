"""Search index: indexing time and index size next to the cold build time, over generated archives.

Run: ``python bench/bench_search.py [--sizes 1000,10000] [--rounds N]``. For each size N it
writes N generated seeds (``bench/generate.py``) into a fresh archive (the project's
``archive.yaml`` and ``claims.yaml``, no record cache), builds it cold with the command
line, then indexes the built article pages again in-process with
:func:`archive_site.build.search.search_files`, which is what the build spends on search.
The cold build includes that indexing; the share printed is indexing / cold build.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import document, seed_sentences  # noqa: E402

from archive_site.build.search import BUNDLE, indexed_pages, pagefind_version, search_files  # noqa: E402

#: Share of the cold build that indexing may take.
BUDGET = 0.25


def write_archive(folder: Path, count: int, sentences: list[str]) -> Path:
    """A fresh archive of ``count`` generated seeds with the project's settings; returns its seeds folder."""
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    for name in ("archive.yaml", "claims.yaml"):
        shutil.copy(ROOT / name, folder / name)
    for n in range(count):
        (seeds / f"doc{n:05d}.txt").write_text(document(n, sentences), encoding="utf-8")
    return seeds


def cold_build(folder: Path, seeds: Path) -> float:
    """Seconds the command line takes to build the archive from nothing (no site, no record cache)."""
    for leftover in (folder / "site", folder / ".archive-site-cache"):
        shutil.rmtree(leftover, ignore_errors=True)
    command = [sys.executable, str(ROOT / "build.py"), "build", "--root", str(folder), "--seeds", str(seeds),
               "--out", str(folder / "site")]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the build failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed


def site_pages(site: Path) -> dict[str, bytes]:
    """The built article pages, as the build hands them to the indexer."""
    return indexed_pages({p.relative_to(site).as_posix(): p.read_bytes() for p in site.glob("articles/*/index.html")})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of articles (default 1000,10000)")
    parser.add_argument("--rounds", type=int, default=1, help="builds and indexings per size; the best is kept")
    args = parser.parse_args()
    sentences = seed_sentences(ROOT / "seeds")
    print(f"Pagefind {pagefind_version()}; best of {args.rounds} round(s)")
    print(f"{'articles':>8} | {'cold build':>10} | {'indexing':>8} | {'share':>5} | {'index size':>10} | {'files':>6} | "
          f"{'pages in':>8}")
    for count in (int(size) for size in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
            folder = Path(tmp)
            seeds = write_archive(folder, count, sentences)
            builds, indexings = [], []
            for _ in range(args.rounds):
                builds.append(cold_build(folder, seeds))
                pages = site_pages(folder / "site")
                started = time.perf_counter()
                bundle = search_files(pages)
                indexings.append(time.perf_counter() - started)
            built = sorted((folder / "site" / BUNDLE).rglob("*"))
            on_disk = sum(p.stat().st_size for p in built if p.is_file())
            assert on_disk == sum(map(len, bundle.values())), "the build wrote another index than search_files makes"
            build, indexing = min(builds), min(indexings)
            share = indexing / build
            print(f"{count:>8,} | {build:>9.1f}s | {indexing:>7.2f}s | {share:>5.0%} | {on_disk / 1e6:>8.1f}MB | "
                  f"{len(bundle):>6,} | {sum(map(len, pages.values())) / 1e6:>6.0f}MB"
                  + ("" if share < BUDGET else f"  (over the {BUDGET:.0%} budget)"), flush=True)


if __name__ == "__main__":
    main()
