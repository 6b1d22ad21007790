"""Add the labelling parts (parts/*.yaml) to cases.yaml and give each new case its split.

usage: python bench/realpages/merge_parts.py

The cases already in cases.yaml are kept as they are; a part's case replaces the one with
its id. A case without a ``split:`` is split by its address alone (the first byte of the
SHA-256 of its URL; below 0x60, about 37%, is ``test``), so no one chooses which pages are
held out.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TEST_BELOW = 0x60


def split_of(url: str) -> str:
    return "test" if hashlib.sha256(url.encode()).digest()[0] < TEST_BELOW else "dev"


def main() -> int:
    existing = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8")) if (HERE / "cases.yaml").is_file() else []
    cases = []
    for part in sorted((HERE / "parts").glob("*.yaml")):
        for case in yaml.safe_load(part.read_text(encoding="utf-8")) or []:
            split = case.get("split") or split_of(case["url"])
            case = {"id": case["id"], "split": split, **{k: v for k, v in case.items() if k not in ("id", "split")}}
            cases.append(case)
    ids = [c["id"] for c in cases]
    cases = [c for c in existing or [] if c["id"] not in ids] + cases
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        print(f"duplicate ids: {sorted(dupes)}", file=sys.stderr)
        return 1
    header = "# The real-page corpus: labels and provenance (see README.md). Page texts live in cache/, outside git.\n"
    text = yaml.safe_dump(cases, allow_unicode=True, sort_keys=False, width=120)
    (HERE / "cases.yaml").write_text(header + text, encoding="utf-8")
    by = {}
    for c in cases:
        by[(c["split"], c["topic"])] = by.get((c["split"], c["topic"]), 0) + 1
    print(f"{len(cases)} cases: " + ", ".join(f"{s}/{t} {n}" for (s, t), n in sorted(by.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
