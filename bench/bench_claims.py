"""Claim detection + stance throughput: documents per second on one core, over generated ~800-word documents.

Run: ``python bench/bench_claims.py [--docs N] [--rounds R] [--stages]``. The documents
are built from the seeds' sentences (``bench/generate.py``) and read by the loader
once, outside the timing; then claim detection, corrections and stance
classification (``archive_site.claims.annotation``) are timed alone. The loader
is timed on the same documents too, so the report shows the share the claims
stage adds to loading, and the rate the claims stage needs to add at most
:data:`BUDGET` of it. ``--stages`` also times the steps of the claims stage.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import document, seed_sentences  # noqa: E402

from archive_site.claims import Catalog, annotate, load_catalog, load_stances  # noqa: E402
from archive_site.claims.anchors import scanner_for  # noqa: E402
from archive_site.claims.detect import article_text, match_claims, mentions_of  # noqa: E402
from archive_site.claims.stance import classify_stance  # noqa: E402
from archive_site.load.seeds import LoaderSettings, load_document  # noqa: E402
from archive_site.load.sentences import split_sentences  # noqa: E402
from archive_site.model import Article, StanceDef  # noqa: E402

STANCES = ROOT / "archive_site" / "data" / "stances.yaml"
#: Largest share of the loader's time the claims stage may add.
BUDGET = 0.2


def _rate(count: int, rounds: int, run: object) -> list[float]:
    """Documents per second of each round of ``run()``."""
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        rates.append(count / (time.perf_counter() - start))
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--stages", action="store_true", help="also time the steps of the claims stage")
    args = parser.parse_args()
    sentences = seed_sentences(ROOT / "seeds")
    raw = [document(n, sentences).encode() for n in range(args.docs)]
    settings = LoaderSettings.default(ROOT)
    articles = [load_document(f"doc{n}.txt", data, settings) for n, data in enumerate(raw)]
    words = statistics.mean(sum(len(p.text.split()) for p in a.paragraphs) for a in articles)
    catalog = load_catalog(ROOT / "claims.yaml")
    stances = load_stances(STANCES)

    def claims() -> None:
        for article in articles:
            annotate(article, catalog, stances)

    def loader() -> None:
        for n, data in enumerate(raw):
            load_document(f"doc{n}.txt", data, settings)

    claim_rates = _rate(len(articles), args.rounds, claims)
    loader_rates = _rate(len(raw), args.rounds, loader)
    mentions = sum(len(annotate(a, catalog, stances).claims) for a in articles[:200]) / min(200, len(articles))
    best_claims, best_loader = max(claim_rates), max(loader_rates)
    print(
        f"claims + stance: {len(articles)} documents of ~{words:.0f} body words, {len(catalog.claims)} claims, "
        f"~{mentions:.1f} mentions per document; best of {args.rounds} rounds: {best_claims:,.0f} documents/s "
        f"({1e6 / best_claims:,.0f} µs per document; median {statistics.median(claim_rates):,.0f}/s)"
    )
    print(
        f"loader alone: {best_loader:,.0f} documents/s ({1e6 / best_loader:,.0f} µs per document); the claims stage adds "
        f"{100 * best_loader / best_claims:.0f}% to loading time (at most {100 * BUDGET:.0f}% needs "
        f"{best_loader / BUDGET:,.0f} documents/s)"
    )
    if args.stages:
        _stages(articles, catalog, stances, args.rounds)


def _stages(articles: list[Article], catalog: Catalog, stances: tuple[StanceDef, ...], rounds: int) -> None:
    """Microseconds per document of each step of the claims stage, and of the sentence splitting inside the first."""
    scanner = scanner_for(catalog, stances)
    names = ("text and sentences", "anchor scan", "cue matching", "positions", "stance")
    steps: dict[str, float] = {}
    clock = time.perf_counter
    found = 0
    for _ in range(rounds):
        spent = [0.0] * len(names)
        found = 0
        for article in articles:  # one document at a time, as annotate() goes
            t0 = clock()
            doc = article_text(article, with_headings=True)
            t1 = clock()
            doc.scan(scanner)
            t2 = clock()
            matches = match_claims(doc, catalog)
            t3 = clock()
            mentions = mentions_of(doc, matches)
            t4 = clock()
            classify_stance(doc, mentions, catalog, stances)
            t5 = clock()
            found += len(mentions)
            for i, took in enumerate((t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
                spent[i] += took
        for name, took in zip(names, spent, strict=True):
            steps[name] = min(steps.get(name, took), took)
    splitting = min(_timed(lambda: [split_sentences(p.text) for a in articles for p in a.paragraphs]) for _ in range(rounds))
    per_doc = {name: 1e6 * took / len(articles) for name, took in steps.items()}
    print("steps (µs per document): " + ", ".join(f"{name} {took:,.0f}" for name, took in per_doc.items()))
    mentions = found / len(articles)
    print(
        f"  of which: splitting the paragraphs into sentences {1e6 * splitting / len(articles):,.0f}; "
        f"deciding the positions of {mentions:.1f} mentions {per_doc['positions'] / max(mentions, 1e-9):,.0f} each"
    )


def _timed(run: object) -> float:
    """Seconds one call of ``run()`` takes."""
    start = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
