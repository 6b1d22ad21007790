"""Timings of single rules and stages that the tests used to bound: dates, date estimates, the site model.

Run: ``python bench/bench_rules.py [--rounds R] [--articles N]``. Prints, for each, the best
and median time of R rounds; nothing is asserted, so a busy machine makes the numbers worse,
never a test red. The tests keep only what these calls must return.

* ``publication_date``: a header, a long first paragraph with a dateline and a tail (1,000 calls a round);
* ``estimate_date``: the body of seed 001 (about 1,500 words) against the packaged events (20 calls a round);
* ``build_site_model``: N articles sharing an outlet and a claim, so every one has related articles.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive_site.claims import load_catalog  # noqa: E402
from archive_site.config import load_config  # noqa: E402
from archive_site.load.rules.dates import publication_date  # noqa: E402
from archive_site.load.rules.estimate import estimate_date  # noqa: E402
from archive_site.load.rules.events import default_events_path, load_events  # noqa: E402
from archive_site.model import Article, ClaimMention, OutletRef, Paragraph, Stance  # noqa: E402
from archive_site.site.model import build_site_model  # noqa: E402

WINDOW = {"earliest": dt.date(2000, 1, 1), "latest": dt.date(2030, 12, 31)}


def _best_and_median(rounds: int, calls: int, run: Callable[[], object]) -> tuple[float, float]:
    """Seconds per call of ``run``: the best and the median over ``rounds`` rounds of ``calls`` calls."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            run()
        times.append((time.perf_counter() - start) / calls)
    return min(times), statistics.median(times)


def _seed_paragraphs(prefix: str, numbers: range) -> list[Paragraph]:
    """The non-blank lines ``numbers`` of a seed, each as a paragraph."""
    [path] = (ROOT / "seeds").glob(f"{prefix}_*.txt")
    lines = path.read_text(encoding="utf-8").split("\n")
    kept = [(n, lines[n - 1].strip()) for n in numbers if lines[n - 1].strip()]
    return [Paragraph(f"p{i + 1}", text, n) for i, (n, text) in enumerate(kept)]


def _archive(count: int) -> list[Article]:
    """``count`` one-paragraph articles of one outlet, each mentioning the same claim, one day apart."""
    outlet = OutletRef("Big Wire", "big-wire", "wire")
    mention = ClaimMention("nuclear-escalation-risk", "p1", "One sentence here.", 0, 18, "affirms", "x", 0.9)
    base = Article(
        key="a", source="seeds/a.txt", source_name="a.txt", digest="0", title="A", dek=None, authors=(), date=None,
        date_estimate=None, outlet=outlet, stance=Stance(None, 0.0), cited_sources=(), claims=(mention,),
        paragraphs=(Paragraph("p1", "One sentence here. Another one there.", 3),), comments=(),
    )
    return [
        dataclasses.replace(base, key=f"a{i:05d}", source=f"seeds/a{i:05d}.txt", source_name=f"a{i:05d}.txt",
                            date=dt.date(2015, 1, 1) + dt.timedelta(days=i))
        for i in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--articles", type=int, default=4000, help="articles in the site-model timing")
    args = parser.parse_args()

    header = [(3, "By Jane Doe and John Smith / Example Post"), (4, "Published: May 3, 2024 | Updated: May 4, 2024")]
    lead = [Paragraph("p1", "KYIV, May 28, 2024 (Reuters) - " + "Talks resumed in Istanbul on Tuesday. " * 20, 6)]
    tail = [(40, "Jane Doe is a reporter."), (41, "This article was originally published on May 3, 2024.")]
    best, median = _best_and_median(args.rounds, 1000, lambda: publication_date(header, lead, tail, **WINDOW))
    print(f"publication_date: best {best * 1e6:,.1f} µs a call (median {median * 1e6:,.1f} µs)")

    events = load_events(default_events_path())
    paragraphs = _seed_paragraphs("001", range(8, 56))
    words = sum(len(p.text.split()) for p in paragraphs)
    best, median = _best_and_median(args.rounds, 20, lambda: estimate_date(paragraphs, [], events))
    print(f"estimate_date on seed 001 (~{words:,} words): best {best * 1e3:,.2f} ms a call (median {median * 1e3:,.2f} ms)")

    config = load_config(ROOT)
    catalog = load_catalog(ROOT / "claims.yaml").claims
    articles = _archive(args.articles)
    best, median = _best_and_median(args.rounds, 1, lambda: build_site_model(articles, catalog, config.stances, config))
    print(f"build_site_model on {len(articles):,} articles: best {best:,.2f} s (median {median:,.2f} s)")


if __name__ == "__main__":
    main()
