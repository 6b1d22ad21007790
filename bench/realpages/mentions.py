"""Claim mentions on the corpus's on-topic pages: list them for judging, and score the judgements.

usage:
  python bench/realpages/mentions.py list [--split dev|test|all] > mentions-todo.yaml
  python bench/realpages/mentions.py score [--split ...] [--verbose]

``list`` runs ``check --json`` on the page cache and prints every mention the detector
finds on a ``topic: negotiations`` page (case, claim, position, sentence), in the form
``mentions.yaml`` keeps. A judge copies each entry there and adds ``claim_right`` (is this
sentence about that claim?) and ``position_right`` (is it affirmed / disputed / only
reported as marked?), with ``position`` set to the right one when it is not, and a note.
``score`` compares today's mentions with the judgements: claim precision and claim-and-
position precision over the judged mentions, and how many mentions are not judged yet.
A mention is matched to a judgement by case, claim and sentence.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from score import load_cases, records_by_id, run_check  # noqa: E402

JUDGED = HERE / "mentions.yaml"


def current_mentions(split: str) -> list[dict[str, Any]]:
    cases = load_cases(split, "negotiations")
    records = records_by_id(run_check())
    found = []
    for case in cases:
        record = records.get(case["id"])
        for mention in (record or {}).get("claims") or []:
            found.append({"case": case["id"], "claim": mention["claim"], "position": mention["position"],
                          "sentence": mention["sentence"]})
    return found


def _key(m: dict[str, Any]) -> tuple[str, str, str]:
    return (m["case"], m["claim"], " ".join(str(m["sentence"]).split()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("list", "score"))
    parser.add_argument("--split", default="all", choices=("dev", "test", "all"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    mentions = current_mentions(args.split)
    if args.command == "list":
        print(yaml.safe_dump(mentions, allow_unicode=True, sort_keys=False, width=120))
        return 0
    judged = {_key(j): j for j in (yaml.safe_load(JUDGED.read_text(encoding="utf-8")) or [])} if JUDGED.is_file() else {}
    claim_right = both_right = seen = 0
    missing = []
    for mention in mentions:
        j = judged.get(_key(mention))
        if j is None:
            missing.append(mention)
            continue
        seen += 1
        claim_right += bool(j["claim_right"])
        right_position = j.get("position") or j["position_marked"]
        both = bool(j["claim_right"]) and right_position == mention["position"]
        both_right += both
        if args.verbose and not both:
            print(f"{mention['case']} {mention['claim']} {mention['position']}: claim_right={j['claim_right']} "
                  f"position should be {right_position}: {mention['sentence'][:120]}")
    print(f"{len(mentions)} mentions, {seen} judged, {len(missing)} not judged")
    if seen:
        print(f"claim right {claim_right}/{seen} ({claim_right / seen:.2f}); claim and position right {both_right}/{seen} "
              f"({both_right / seen:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
