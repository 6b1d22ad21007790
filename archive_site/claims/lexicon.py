"""A stance lexicon learned from labelled pages: words and word pairs that tell the stances apart.

The hand-written cues (``stances.yaml``) say what an argument for or against
talks looks like; many real pages argue in words no cue names. The lexicon is
learned from the labelled development pages of the real-page corpus
(``bench/realpages/train_stance.py``; the test pages are never used): for each
stance, the words and pairs found in its pages more often than in the others',
each weighed by its smoothed log-odds. It is shipped as a data file, so a build
needs no network and no model download, and it only speaks for stances the
archive's vocabulary has.

It is used where the cues leave an article unclassified, and its evidence (the
words it found) goes on the record like any other.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from archive_site.resources import data_file

#: The packaged lexicon, for the packaged stance vocabulary.
DEFAULT_LEXICON = data_file("stance_lexicon.yaml")
_WORD = re.compile(r"[a-z][a-z'’-]+")
#: Words too common to tell anything apart; pairs of two of them are not counted either.
STOP_WORDS = frozenset((
    "the", "a", "an", "of", "to", "in", "and", "or", "for", "on", "at", "by", "with", "from", "as", "is", "are", "was", "were",
    "be", "been", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her", "their",
    "our", "your", "not", "but", "if", "then", "than", "so", "such", "which", "who", "whom", "what", "when", "where", "while",
))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Weights of words and word pairs per stance, and each stance's prior."""

    weights: Mapping[str, Mapping[str, float]]
    """Stance id -> feature -> weight (log-odds against the other stances)."""
    prior: Mapping[str, float]
    """Stance id -> log of its share of the training pages."""


def features(texts: Iterable[str]) -> set[str]:
    """The words (three letters or more, not stop words) and adjacent word pairs of some texts, in lower case."""
    found: set[str] = set()
    for text in texts:
        words = _WORD.findall(text.lower())
        found.update(w for w in words if len(w) > 2 and w not in STOP_WORDS)
        found.update(f"{a} {b}" for a, b in itertools.pairwise(words) if not (a in STOP_WORDS and b in STOP_WORDS))
    return found


def scores(lexicon: Lexicon, found: set[str], labels: Iterable[str]) -> list[tuple[str, float, list[tuple[str, float]]]]:
    """Each of ``labels`` the lexicon knows, with its score and the features that made it, strongest first."""
    ranked = []
    for label in labels:
        if label not in lexicon.weights:
            continue
        hits = sorted(((f, w) for f, w in lexicon.weights[label].items() if f in found), key=lambda fw: (-fw[1], fw[0]))
        ranked.append((label, lexicon.prior.get(label, 0.0) + sum(w for _, w in hits), hits))
    return sorted(ranked, key=lambda item: (-item[1], item[0]))


@lru_cache(maxsize=4)
def load_lexicon(path: Path = DEFAULT_LEXICON) -> Lexicon | None:
    """The lexicon in a file :func:`archive_site.claims.lexicon` wrote, or ``None`` when there is none."""
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    weights = {str(label): {str(f): float(w) for f, w in (entry.get("features") or {}).items()}
               for label, entry in (data.get("stances") or {}).items()}
    prior = {str(label): float(entry.get("prior", 0.0)) for label, entry in (data.get("stances") or {}).items()}
    return Lexicon(weights, prior)
