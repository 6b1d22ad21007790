"""Loader throughput: documents per second on one core, over generated ~800-word documents.

Run: ``python bench/bench_loader.py [--docs N] [--claims]``. Prints documents/s for the
loader alone and, with ``--claims``, for loader + claim detection + stance.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import document, seed_sentences  # noqa: E402

from archive_site.load.seeds import LoaderSettings, load_document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--claims", action="store_true", help="also time claim detection and stance")
    args = parser.parse_args()
    sentences = seed_sentences(ROOT / "seeds")
    docs = [document(n, sentences).encode() for n in range(args.docs)]
    words = statistics.mean(len(d.split()) for d in docs)
    settings = LoaderSettings.default(ROOT)
    annotate = None
    if args.claims:
        from archive_site.build.pipeline import annotate_with, read_catalog
        from archive_site.config import load_config

        config = load_config(ROOT)
        catalog = read_catalog(config)

        def annotate(article):  # type: ignore[no-untyped-def]
            return annotate_with([article], config, catalog)[0]

    rates = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for n, data in enumerate(docs):
            article = load_document(f"doc{n}.txt", data, settings)
            if annotate is not None:
                annotate(article)
        rates.append(len(docs) / (time.perf_counter() - start))
    tracemalloc.start()
    for n, data in enumerate(docs[:200]):
        load_document(f"doc{n}.txt", data, settings)
    _, peak = tracemalloc.get_traced_memory()
    label = "loader + claims + stance" if args.claims else "loader"
    print(f"{label}: {len(docs)} documents of ~{words:.0f} words, best of {args.rounds} rounds: "
          f"{max(rates):,.0f} documents/s (median {statistics.median(rates):,.0f}); peak traced memory over 200 documents: "
          f"{peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
