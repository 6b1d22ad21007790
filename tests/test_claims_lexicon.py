"""The learned stance lexicon: what it reads, when it decides, what it leaves to the cues, how it is learned."""

from __future__ import annotations

import sys
from pathlib import Path

from records import article

from archive_site.claims import annotate, load_catalog, load_stances
from archive_site.claims.catalog import Catalog
from archive_site.claims.detect import article_text
from archive_site.claims.lexicon import Lexicon, features, load_lexicon
from archive_site.claims.stance import LEARNED, classify_stance

ROOT = Path(__file__).resolve().parents[1]
STANCES = load_stances(ROOT / "archive_site" / "data" / "stances.yaml")
sys.path.insert(0, str(ROOT / "bench" / "realpages"))

import train_stance  # noqa: E402

#: A made-up lexicon: harbour words for one side, orchard words for the other.
LEXICON = Lexicon(
    {"for-talks": {"harbour": 1.0, "ferry": 1.0, "pier": 1.0, "quay": 1.0, "tide": 1.0, "harbour master": 1.0},
     "against-talks": {"orchard": 1.0, "apple": 1.0}, "neutral": {"meeting": 0.5}},
    {"for-talks": -1.0, "against-talks": -1.0, "neutral": -0.5},
)
#: No cue of any stance: the cues leave it unclassified.
QUIET = ["The harbour master walked along the pier to the ferry quay as the tide came in.",
         "Later the harbour was quiet again."]


def _classify(title: str, paragraphs: list[str], lexicon: Lexicon | None = LEXICON):  # type: ignore[no-untyped-def]
    record = article(paragraphs, title=title)
    words = features([title, *paragraphs])
    return classify_stance(article_text(record, with_headings=True), (), Catalog(()), STANCES, words=words, lexicon=lexicon)


def test_features_are_words_and_pairs_without_stop_words() -> None:
    found = features(["The Harbour master's ferry, of the quay."])
    assert {"harbour", "master's", "ferry", "quay", "harbour master's", "the harbour", "ferry of"} <= found
    assert "the" not in found and "of the" not in found and "of" not in found


def test_the_lexicon_decides_where_the_cues_leave_an_article_open_and_says_so() -> None:
    assert _classify("Evening at the port", QUIET, lexicon=None).stance.label is None
    result = _classify("Evening at the port", QUIET)
    assert result.stance.label == "for-talks" and result.rule == "stance.lexicon"
    assert 0 < result.stance.confidence <= 0.5  # inferred from words: never as sure as an argument
    learned = [e.text.removeprefix(LEARNED) for e in result.stance.evidence if e.text.startswith(LEARNED)]
    assert set(learned) == {"harbour", "ferry", "pier", "quay", "tide", "harbour master"}


def test_the_cues_win_over_the_lexicon() -> None:
    argued = ["We must return to the negotiating table now, and a ceasefire is long overdue.", *QUIET]
    assert _classify("Talks now", argued).stance.label == "for-talks"
    against = ["Negotiating now would reward aggression; there can be no deal with the Kremlin.", *QUIET]
    result = _classify("No deal", against)
    assert result.rule == "stance.cues" and result.stance.label == "against-talks"


def test_too_few_learned_words_or_no_lead_leaves_it_open() -> None:
    assert _classify("Notes", ["The ferry left."]).stance.label is None  # one learned word is not enough
    tied = Lexicon({"for-talks": {w: 1.0 for w in ("harbour", "ferry", "pier", "quay", "tide")},
                    "against-talks": {w: 1.0 for w in ("harbour", "ferry", "pier", "quay", "tide")}}, {})
    assert _classify("Evening at the port", QUIET, lexicon=tied).stance.label is None


def test_the_provenance_names_the_learned_words() -> None:
    from unittest import mock

    from archive_site.claims import annotation

    with mock.patch.object(annotation, "load_lexicon", lambda: LEXICON):
        record = annotate(article(QUIET, title="Evening at the port"), load_catalog(ROOT / "claims.yaml"), STANCES)
    provenance = record.provenance["stance"]
    assert provenance.rule == "stance.lexicon" and "harbour" in provenance.note and "inferred" in provenance.note


def test_the_packaged_lexicon_speaks_only_for_the_packaged_stances() -> None:
    packaged = load_lexicon()
    assert packaged is not None
    assert set(packaged.weights) == {s.id for s in STANCES}
    assert all(weights and all(w > 0 for w in weights.values()) for weights in packaged.weights.values())


def test_learning_weighs_a_word_found_on_one_stances_pages_and_not_the_others() -> None:
    pages = [(f"f{i}", "for-talks", {"ceasefire", "weather"}, None) for i in range(4)]
    pages += [(f"a{i}", "against-talks", {"weapons", "weather"}, None) for i in range(4)]
    learned = train_stance.learn(pages)
    assert "ceasefire" in learned["for-talks"]["features"] and "weapons" in learned["against-talks"]["features"]  # type: ignore[operator]
    assert "weather" not in learned["for-talks"]["features"]  # type: ignore[operator]  # on every page: tells nothing
