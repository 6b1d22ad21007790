"""Learn the stance lexicon from the development pages, and measure it by cross-validation.

usage: python bench/realpages/train_stance.py [--folds 5] [--check]

Reads the `dev` cases on the archive's topic (never a `test` case) from
cases.yaml and their cached texts (cache/, see README.md), loads each page
with the loader, and writes archive_site/data/stance_lexicon.yaml: for each
stance, the words and adjacent word pairs (:func:`archive_site.claims.lexicon.features`)
found in its pages more often than in the other stances' pages, with their
smoothed log-odds. The same pages always give the same file.

``--folds K`` first prints the stance accuracy over the development pages
when each fold is classified with a lexicon learned from the other folds: the
cues alone, and the cues with the lexicon where they leave a page open.
``--check`` only compares the learned lexicon with the file, and fails when they differ.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from unittest import mock

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from archive_site.build.pipeline import read_catalog  # noqa: E402
from archive_site.claims import annotation, lexicon  # noqa: E402
from archive_site.claims.stance import lexicon_decision  # noqa: E402
from archive_site.config import load_config  # noqa: E402
from archive_site.load.seeds import LoaderSettings, load_file  # noqa: E402

#: Features kept per stance, the least number of training pages a feature must be on, the prior's weight.
TOP = 300
MIN_PAGES = 3
ALPHA = 0.5
#: The least z-score (log-odds over its standard error) a feature needs.
MIN_Z = 1.5


def training_pages() -> list[tuple[str, str, set[str], str | None]]:
    """(id, label, features, the cues' label) of every development page on the topic whose cached text is intact."""
    cases = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
    config = load_config(ROOT)
    settings = LoaderSettings.default(ROOT)
    catalog = read_catalog(config)
    pages = []
    for case in cases:
        if case["split"] != "dev" or case["topic"] != "negotiations":
            continue
        path = HERE / "cache" / f"{case['id']}.txt"
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != case["sha256"]:
            continue
        article = load_file(path, settings)
        words = lexicon.features([article.title or "", article.dek or "", *(p.text for p in article.paragraphs)])
        with mock.patch.object(annotation, "load_lexicon", lambda: None):  # the cues alone
            cued = annotation.annotate(article, catalog, config.stances)
        pages.append((case["id"], case["labels"]["stance"], words, cued.stance.label))
    return pages


def learn(pages: Sequence[tuple[str, str, set[str], str | None]]) -> dict[str, dict[str, object]]:
    """Each stance's prior and its features' weights, learned from ``pages``."""
    labels = sorted({label for _, label, _, _ in pages})
    on = {label: collections.Counter() for label in labels}
    count = collections.Counter(label for _, label, _, _ in pages)
    for _, label, words, _ in pages:
        on[label].update(words)
    everywhere: collections.Counter[str] = collections.Counter()
    for label in labels:
        everywhere.update(on[label])
    out: dict[str, dict[str, object]] = {}
    for label in labels:
        others = len(pages) - count[label]
        ranked = []
        for feature, mine in on[label].items():
            if everywhere[feature] < MIN_PAGES:
                continue
            theirs = everywhere[feature] - mine
            p_mine = (mine + ALPHA) / (count[label] + 2 * ALPHA)
            p_theirs = (theirs + ALPHA) / (others + 2 * ALPHA)
            log_odds = math.log(p_mine / (1 - p_mine)) - math.log(p_theirs / (1 - p_theirs))
            z = log_odds / math.sqrt(1 / (mine + ALPHA) + 1 / (theirs + ALPHA))
            if z > MIN_Z:
                ranked.append((-z, feature, log_odds))
        ranked.sort()
        out[label] = {
            "prior": round(math.log((count[label] + 1) / (len(pages) + len(labels))), 4),
            "pages": count[label],
            "features": {feature: round(weight, 3) for _, feature, weight in ranked[:TOP]},
        }
    return out


def as_lexicon(learned: dict[str, dict[str, object]]) -> lexicon.Lexicon:
    return lexicon.Lexicon({k: dict(v["features"]) for k, v in learned.items()},  # type: ignore[call-overload]
                           {k: float(v["prior"]) for k, v in learned.items()})  # type: ignore[arg-type]


def cross_validate(pages: Sequence[tuple[str, str, set[str], str | None]], folds: int) -> dict[str, float]:
    """Accuracy of the cues alone and of the cues with a lexicon learned from the other folds."""
    ordered = sorted(pages, key=lambda p: hashlib.sha256(p[0].encode()).hexdigest())  # folds fixed by id, not chosen
    right = collections.Counter()
    for k in range(folds):
        held = ordered[k::folds]
        rest = [p for i, p in enumerate(ordered) if i % folds != k]
        learned = as_lexicon(learn(rest))
        for _, label, words, cued in held:
            decided = lexicon_decision(learned, words, list(learned.weights)) if cued is None else None
            right["cues"] += cued == label
            right["cues, then lexicon"] += (cued or (decided[0] if decided else None)) == label
    return {name: value / len(pages) for name, value in right.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=0)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    pages = training_pages()
    print(f"{len(pages)} development pages on the topic: " +
          ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter(p[1] for p in pages).items())))
    if args.folds:
        for name, accuracy in cross_validate(pages, args.folds).items():
            print(f"  {args.folds}-fold accuracy, {name}: {accuracy:.3f}")
    learned = learn(pages)
    header = ("# The stance lexicon: words and word pairs that tell the stances apart, learned from the labelled development\n"
              "# pages of bench/realpages (never the test pages) by bench/realpages/train_stance.py. Do not edit: train again.\n")
    text = header + yaml.safe_dump({"stances": learned}, allow_unicode=True, sort_keys=True, width=120)
    target = lexicon.DEFAULT_LEXICON
    if args.check:
        same = target.is_file() and target.read_text(encoding="utf-8") == text
        print("the lexicon file is what the pages give" if same else f"{target} differs from what the pages give")
        return 0 if same else 1
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}: " + ", ".join(f"{k} {len(v['features'])} features" for k, v in learned.items()))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
