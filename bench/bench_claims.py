"""Claim detection + stance throughput: documents per second on one core, over generated ~800-word documents.

Run: ``python bench/bench_claims.py [--docs N] [--rounds R]``. The documents are
built from the seeds' sentences (``bench/generate.py``) and read by the loader
once, outside the timing; then claim detection, corrections and stance
classification (``archive_site.claims.annotate``) are timed alone. The loader
is timed on the same documents too, so the report shows the share the claims
stage adds to loading.
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

from archive_site.claims import annotate, load_catalog, load_stances  # noqa: E402
from archive_site.loader import LoaderSettings, load_document  # noqa: E402

STANCES = ROOT / "archive_site" / "data" / "stances.yaml"


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
        f"(median {statistics.median(claim_rates):,.0f})"
    )
    print(
        f"loader alone: {best_loader:,.0f} documents/s; the claims stage adds {100 * best_loader / best_claims:.0f}% "
        "to loading time"
    )


if __name__ == "__main__":
    main()
