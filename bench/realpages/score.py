"""Score the loader's records against the real-page labels, field by field.

usage:
  python build.py check --seeds bench/realpages/cache --json > records.json
  python bench/realpages/score.py records.json [--split dev|test|all] [--topic ...] [--verbose] [--json]
  python bench/realpages/score.py --run [--split ...]   # runs the check itself

For each field: accuracy over the cases (an empty label must be matched by an empty
value), and "printed found": of the cases whose page prints a value, how many the loader
got right. Cited sources: precision, recall and F1 over all cases (names in
``cited_sources_optional`` count neither way). Stance, on the negotiations pages:
coverage (a label was given) and accuracy (unclassified counts as wrong).
``--verbose`` prints every mismatch.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIELDS = ("title", "authors", "date", "outlet")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def _book():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT))
    from archive_site.load.outlets import default_outlets_path, read_outlets

    return read_outlets([default_outlets_path()])


_BOOK = None


def canonical(name: str | None) -> str | None:
    """A source or outlet name, normalised; names the packaged outlets book knows by an alias ("UN")
    compare as their canonical name ("United Nations"), on both sides."""
    global _BOOK
    if name is None:
        return None
    if _BOOK is None:
        _BOOK = _book()
    known = _BOOK.resolve(str(name))
    return norm(known.name if known is not None else name)


def norm(text: str | None) -> str | None:
    """A name or headline compared without case, typography, edge punctuation or a leading 'The'."""
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES).casefold()
    text = re.sub(r"\s+", " ", text).strip(" \t.,;:!?'\"()[]|-")
    return re.sub(r"^the ", "", text) or None


def _date(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def expected_values(labels: dict[str, Any], field: str) -> list[Any]:
    """The label and its accepted alternatives, normalised for comparison."""
    main = labels.get(field)
    alts = labels.get(f"{field}_alt") or []
    if field == "authors":
        return [frozenset(filter(None, map(norm, names or []))) for names in [main, *alts]]
    if field == "date":
        return [_date(v) for v in [main, *alts]]
    if field == "outlet":
        return [canonical(v) for v in [main, *alts]]
    return [norm(v) for v in [main, *alts]]


def predicted_value(record: dict[str, Any] | None, field: str) -> Any:
    if record is None:
        return frozenset() if field == "authors" else None
    if field == "authors":
        return frozenset(filter(None, (norm(a["name"]) for a in record.get("authors") or [])))
    if field == "outlet":
        outlet = record.get("outlet")
        return canonical(outlet["name"]) if outlet else None
    if field == "date":
        return record.get("date")
    return norm(record.get(field))


def _printed(labels: dict[str, Any], field: str) -> bool:
    value = labels.get(field)
    return bool(value) if field == "authors" else value is not None


def score(cases: list[dict[str, Any]], records: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """Per-field figures and the mismatch lines."""
    result: dict[str, Any] = {"cases": len(cases)}
    mismatches: list[str] = []
    for field in FIELDS:
        right = printed = printed_right = 0
        for case in cases:
            record = records.get(case["id"])
            got = predicted_value(record, field)
            ok = got in expected_values(case["labels"], field)
            right += ok
            if _printed(case["labels"], field):
                printed += 1
                printed_right += ok
            if not ok:
                want = case["labels"].get(field)
                shown = sorted(got) if isinstance(got, frozenset) else got
                mismatches.append(f"{case['id']} {field}: want {want!r} got {shown!r}")
        result[field] = {"accuracy": _ratio(right, len(cases)), "printed": printed, "printed_found": printed_right,
                         "printed_ratio": _ratio(printed_right, printed)}
    tp = fp = fn = 0
    for case in cases:
        labels = case["labels"]
        want = set(filter(None, map(canonical, labels.get("cited_sources") or [])))
        optional = set(filter(None, map(canonical, labels.get("cited_sources_optional") or [])))
        record = records.get(case["id"])
        got = {canonical(s["name"]) for s in (record or {}).get("cited_sources") or []} - {None}
        got -= optional - want
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        if got != want:
            mismatches.append(f"{case['id']} cited_sources: missed {sorted(want - got)} extra {sorted(got - want)}")
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result["cited_sources"] = {"precision": precision, "recall": recall, "f1": round(f1, 3), "labelled": tp + fn}
    on_topic = [c for c in cases if c["topic"] == "negotiations"]
    given = right = 0
    confusion: dict[str, int] = {}
    for case in on_topic:
        record = records.get(case["id"])
        got = ((record or {}).get("stance") or {}).get("label")
        want = case["labels"].get("stance")
        given += got is not None
        right += got == want
        confusion[f"{want}->{got}"] = confusion.get(f"{want}->{got}", 0) + 1
        if got != want:
            mismatches.append(f"{case['id']} stance: want {want} got {got}")
    result["stance"] = {"pages": len(on_topic), "coverage": _ratio(given, len(on_topic)),
                        "accuracy": _ratio(right, len(on_topic)), "confusion": dict(sorted(confusion.items()))}
    return result, mismatches


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def load_cases(split: str, topic: str) -> list[dict[str, Any]]:
    cases = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
    return [c for c in cases if split in ("all", c["split"]) and topic in ("all", c["topic"])]


def records_by_id(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {Path(r["source"]).stem: r for r in records}


def run_check() -> list[dict[str, Any]]:
    """``check --json`` over the page cache, with the archive root's settings and catalog."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check", "--json", "--root", str(ROOT), "--seeds", str(HERE / "cache")],
        capture_output=True, text=True, check=False,
    )
    if not done.stdout.strip():
        raise SystemExit(f"check printed nothing: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def report(result: dict[str, Any]) -> str:
    lines = [f"{result['cases']} cases"]
    for field in FIELDS:
        f = result[field]
        found = f"{f['printed_found']}/{f['printed']} ({f['printed_ratio']:.2f})"
        lines.append(f"{field:8} accuracy {f['accuracy']:.2f}   printed found {found}")
    c = result["cited_sources"]
    lines.append(f"cited    P {c['precision']:.2f} R {c['recall']:.2f} F1 {c['f1']:.2f} ({c['labelled']} labelled)")
    s = result["stance"]
    lines.append(f"stance   accuracy {s['accuracy']:.2f}   coverage {s['coverage']:.2f} of {s['pages']} pages")
    lines.append("         " + ", ".join(f"{k} {v}" for k, v in s["confusion"].items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", nargs="?", type=Path, help="check --json output")
    parser.add_argument("--run", action="store_true", help="run check --json on the page cache first")
    parser.add_argument("--split", default="dev", choices=("dev", "test", "all"))
    parser.add_argument("--topic", default="all", choices=("negotiations", "other", "all"))
    parser.add_argument("--ids", default="", help="only the cases whose id starts with this (one batch of pages)")
    parser.add_argument("--verbose", action="store_true", help="print every mismatch")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.run:
        records = run_check()
    elif args.records:
        records = json.loads(args.records.read_text(encoding="utf-8"))
    else:
        parser.error("give a records file or --run")
    cases = [c for c in load_cases(args.split, args.topic) if c["id"].startswith(args.ids)]
    result, mismatches = score(cases, records_by_id(records))
    print(json.dumps(result, indent=2) if args.json else report(result))
    if args.verbose:
        print("\n".join(sorted(mismatches)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
