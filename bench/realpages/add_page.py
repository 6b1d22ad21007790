"""Put one search result into the page cache, after checking that the page may be used.

usage: python bench/realpages/add_page.py RESULT.json [--shared ../shared]

RESULT.json holds one result of the search tool's `pages` corpus, as it was returned:
{"id": "...", "query": "...", "rank": N, "url": "...", "excerpt": "..."}
The excerpt is written unchanged (UTF-8, no newline added) to cache/<id>.txt, and the
command prints the `sha256:` and `length:` lines a case needs. It refuses a reserved page,
a page whose host already has three cached pages, and an id or address already cached.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
MAX_PER_HOST = 3


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.")


def cached_addresses() -> dict[str, str]:
    """Address of every cached page, by case id (from the .url files beside the texts)."""
    return {p.name[1:-4]: p.read_text(encoding="utf-8").strip() for p in CACHE.glob(".*.url")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result", type=Path)
    parser.add_argument("--shared", type=Path, default=HERE.parents[2] / "shared")
    args = parser.parse_args(argv)
    result = json.loads(args.result.read_text(encoding="utf-8"))
    case_id, url, text = result["id"], result["url"], result["excerpt"]
    verdict = subprocess.run(
        [sys.executable, str(args.shared / "reserved.py"), url], capture_output=True, text=True
    )
    if verdict.stdout.startswith("reserved"):
        print(f"refused: {url} is reserved for evaluation; do not read or use it")
        return 1
    if verdict.returncode != 0 or not verdict.stdout.startswith("free"):
        print(f"error: reserved.py could not check {url}: {verdict.stderr.strip()}")
        return 2
    known = cached_addresses()
    if case_id in known:
        print(f"refused: id {case_id} is already cached ({known[case_id]})")
        return 1
    if url in known.values():
        print(f"refused: {url} is already cached")
        return 1
    same_host = [u for u in known.values() if host_of(u) == host_of(url)]
    if len(same_host) >= MAX_PER_HOST:
        print(f"refused: {host_of(url)} already has {len(same_host)} cached pages")
        return 1
    CACHE.mkdir(exist_ok=True)
    data = text.encode("utf-8")
    (CACHE / f"{case_id}.txt").write_bytes(data)
    (CACHE / f".{case_id}.url").write_text(url + "\n", encoding="utf-8")
    print(f"id: {case_id}")
    print(f"url: {url}")
    print(f"sha256: {hashlib.sha256(data).hexdigest()}")
    print(f"length: {len(text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
