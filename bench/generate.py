"""Generated seed documents for benchmarks: realistic shape, ~800 words each, deterministic.

Sentences are drawn from the seeds in ``seeds/``; headers, bylines, dates,
captions, bios, cited-headline lists and comment threads vary by document
number so every loader rule gets exercised.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

_BYLINES = (
    "By {a} and {b} / {o}", "By {a}", "{d} - by {o} Team", "Author: {a}", "Posted by {a} on {d}", "BY {A}",
    "By {a} for {o}", "Words by {a}", "",
)
_OUTLETS = ("Example Times", "The Daily Ledger", "Reuters", "Common Dreams", "Harbor Post", "Antiwar.com", "Field Notes")
_FIRST = ("Jane", "Omar", "Li", "Maria", "Dmytro", "Anna", "Kofi", "Sofia", "Ivan", "Grace")
_LAST = ("Doe", "Haddad", "Wei", "Garcia", "Kovalenko", "Schmidt", "Mensah", "Rossi", "Petrov", "Okafor")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def seed_sentences(seeds: Path) -> list[str]:
    """Sentences of running text from the seed documents."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt")))
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])", re.sub(r"\s+", " ", text))
    return [p for p in parts if 8 <= len(p.split()) <= 45]


def document(n: int, sentences: list[str], words: int = 800) -> str:
    """The n-th generated document as raw text."""
    rng = random.Random(n)
    a = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    b = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    outlet = rng.choice(_OUTLETS)
    date = f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2025)}"
    byline = rng.choice(_BYLINES).format(a=a, b=b, o=outlet.split()[-1], d=date, A=a.upper())
    lines = [" ".join(rng.choice(sentences).split()[:12]).rstrip(".,"), ""]
    if rng.random() < 0.6:
        lines += [rng.choice(sentences), ""]
    if rng.random() < 0.5:
        lines += [f"A scene from the talks, in {rng.choice(_MONTHS)}. [{b} / CC BY 2.0]", ""]
    if byline:
        lines += [byline, ""]
    if rng.random() < 0.5:
        lines += [date, ""]
    count = 0
    while count < words - 120:  # header, bios, headline lists and comments make up the rest
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
        count += len(paragraph.split())
        lines += [paragraph, "" if rng.random() < 0.7 else "\n"]
    if rng.random() < 0.5:
        lines += [f"{a} is a correspondent for {outlet}.", ""]
    if rng.random() < 0.4:
        lines += [f"•   {rng.choice(_OUTLETS)}: “{' '.join(rng.choice(sentences).split()[:9])}”" for _ in range(3)] + [""]
    if rng.random() < 0.3:
        for i in range(1, rng.randint(2, 6)):
            lines += [f"  {i}. {rng.choice(sentences)}", "", f"    {rng.choice(sentences)}", ""]
    return "\n".join(lines) + "\n"
