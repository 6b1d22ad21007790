"""The real-page scorer: per-field accuracy, printed values found, cited-source F1, stance."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench" / "realpages"))

import score

CASES = [
    {"id": "a", "topic": "negotiations", "labels": {
        "title": "Talks resume", "authors": ["Jane Doe"], "date": dt.date(2024, 5, 3), "outlet": "The Harbor Ledger",
        "stance": "neutral", "cited_sources": ["Reuters", "UN"], "cited_sources_optional": ["The Kremlin"]}},
    {"id": "b", "topic": "negotiations", "labels": {
        "title": None, "authors": [], "date": None, "outlet": None, "stance": "for-talks", "cited_sources": [],
        "title_alt": ["Letters"]}},
    {"id": "c", "topic": "other", "labels": {
        "title": "Budget passes", "authors": ["Tom Li"], "date": None, "outlet": None, "stance": None, "cited_sources": []}},
]
RECORDS = {
    "a": {"title": "Talks Resume.", "authors": [{"name": "jane doe"}], "date": "2024-05-03", "outlet": {"name": "Harbor Ledger"},
          "stance": {"label": "neutral"}, "cited_sources": [{"name": "Reuters"}, {"name": "United Nations"}, {"name": "The Kremlin"},
                                                             {"name": "AP"}]},
    "b": {"title": "Letters", "authors": [], "date": None, "outlet": None, "stance": {"label": None}, "cited_sources": []},
    "c": {"title": "Something else", "authors": [{"name": "Tom Li"}], "date": "2020-01-01", "outlet": None,
          "stance": {"label": None}, "cited_sources": []},
}


def test_fields_are_scored_against_labels_and_their_alternatives() -> None:
    result, mismatches = score.score(CASES, RECORDS)
    # title: a right (case and end punctuation ignored), b right through title_alt, c wrong
    assert result["title"] == {"accuracy": 0.667, "printed": 2, "printed_found": 1, "printed_ratio": 0.5}
    assert result["authors"]["accuracy"] == 1.0 and result["authors"]["printed_found"] == 2
    # date: c gives a date the page does not print
    assert result["date"] == {"accuracy": 0.667, "printed": 1, "printed_found": 1, "printed_ratio": 1.0}
    assert result["outlet"]["accuracy"] == 1.0  # a leading "The" does not count
    assert "c title: want 'Budget passes' got 'something else'" in mismatches


def test_cited_sources_count_aliases_and_skip_optional_names() -> None:
    result, _ = score.score(CASES, RECORDS)
    # Reuters and UN (as United Nations) found, the optional Kremlin ignored, AP extra: P 2/3, R 2/2
    assert result["cited_sources"] == {"precision": 0.667, "recall": 1.0, "f1": 0.8, "labelled": 2}


def test_stance_is_scored_on_the_topic_pages_with_unclassified_wrong() -> None:
    result, _ = score.score(CASES, RECORDS)
    assert result["stance"]["pages"] == 2
    assert (result["stance"]["coverage"], result["stance"]["accuracy"]) == (0.5, 0.5)
    assert result["stance"]["confusion"] == {"for-talks->None": 1, "neutral->neutral": 1}
