"""Claim detection on written sentences, sentence splitting, editor corrections, and the annotate stage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from records import article

from archive_site.claims import annotate, annotate_archive, load_catalog, load_stances
from archive_site.claims.detect import detect_mentions
from archive_site.load.sentences import split_sentences
from archive_site.model import Article, ClaimOverride, Provenance, Stance

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "claims_fixtures"
CATALOG = load_catalog(ROOT / "claims.yaml")
STANCES = load_stances(ROOT / "archive_site" / "data" / "stances.yaml")
CASES: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "mentions.yaml").read_text(encoding="utf-8"))


def make_article(*paragraphs: str, title: str = "Untitled", **changes: Any) -> Article:
    return article(paragraphs, title=title, **changes)

def test_fixtures_cover_every_kind() -> None:
    kinds = {case["kind"] for case in CASES}
    assert kinds == {"affirm", "dispute", "negation", "hedging", "report", "quoting", "without-claim"}
    known = {claim.id for claim in CATALOG.claims}
    assert all(case["claim"] in known for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_mention_position(case: dict[str, Any]) -> None:
    article = make_article(case["text"])
    mentions = [m for m in detect_mentions(article, CATALOG) if m.claim == case["claim"]]
    if case["position"] == "none":
        assert mentions == []
        return
    assert [m.position for m in mentions] == [case["position"]]
    mention = mentions[0]
    paragraph = article.paragraphs[0]
    assert mention.paragraph == "p1"
    assert paragraph.text[mention.start : mention.end] == mention.sentence
    assert 0.0 < mention.confidence <= 1.0
    assert mention.cue
    assert mention.origin == "extracted"


def test_mentions_point_at_their_sentence_in_a_longer_paragraph() -> None:
    text = (
        "The talks resumed in Geneva on Monday. "
        "U.S. officials said Mr. Putin had offered a ceasefire on the current front lines. "
        "Nothing was signed."
    )
    mentions = detect_mentions(make_article("First paragraph.", text), CATALOG)
    offer = [m for m in mentions if m.claim == "putin-offers-ceasefire"]
    assert len(offer) == 1
    assert offer[0].paragraph == "p2"
    assert offer[0].sentence == "U.S. officials said Mr. Putin had offered a ceasefire on the current front lines."
    assert text[offer[0].start : offer[0].end] == offer[0].sentence
    assert offer[0].position == "reports"


def test_title_is_not_searched_for_claims() -> None:
    article = make_article("The weather was mild.", title="Neither side can win this war")
    assert detect_mentions(article, CATALOG) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Medea Benjamin and Nicolas J.S. Davies. Six months ago, Russia invaded.", 2),
        ("The U.S. and U.K. governments objected. Talks stopped.", 2),
        ("Mr. Putin spoke. Dr. Smith replied.", 2),
        ("Russian troops invaded Ukraine in Feb. 2022, and the war began.", 1),
        ("They met the U.S. The next day they left.", 2),
        ("He said “No.” Then he left.", 2),
        ("Downing Street, No. 10, said nothing. Later it spoke.", 2),
        ("A goal.… Unrealistic expectations followed.", 2),
        ("Is it over? Nobody knows! Wait and see.", 3),
        ("first line\nsecond line", 2),
    ],
)
def test_split_sentences(text: str, expected: int) -> None:
    spans = split_sentences(text)
    assert len(spans) == expected, [text[a:b] for a, b in spans]
    for a, b in spans:
        assert text[a:b] == text[a:b].strip()
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "").replace("\n", "")


# --- editor corrections -----------------------------------------------------------------------

PARAGRAPHS = (
    "Neither side can win this war on the battlefield.",
    "A ceasefire on the current front lines was offered by Moscow in December. Washington did not reply.",
)


def override(claim: str, action: str, **fields: Any) -> ClaimOverride:
    values: dict[str, Any] = {"paragraph": None, "position": None, "sentence": None, "origin": "sidecar", "line": 3}
    values.update(fields)
    return ClaimOverride(claim=claim, action=action, **values)  # type: ignore[arg-type]


def test_override_remove_drops_the_claim() -> None:
    article = make_article(*PARAGRAPHS, claim_overrides=(override("neither-side-can-win", "remove"),))
    result = annotate(article, CATALOG, STANCES)
    assert "neither-side-can-win" not in {m.claim for m in result.claims}
    assert "putin-offers-ceasefire" in {m.claim for m in result.claims}
    assert result.warnings == ()


def test_override_position_changes_and_marks_origin() -> None:
    article = make_article(
        *PARAGRAPHS, claim_overrides=(override("putin-offers-ceasefire", "position", paragraph="p2", position="disputes"),)
    )
    [mention] = [m for m in annotate(article, CATALOG, STANCES).claims if m.claim == "putin-offers-ceasefire"]
    assert (mention.position, mention.origin, mention.confidence) == ("disputes", "sidecar", 1.0)


def test_override_add_records_the_sentence() -> None:
    article = make_article(
        *PARAGRAPHS,
        claim_overrides=(
            override("us-rejected-russian-overtures", "add", sentence="washington did not reply", position="affirms", origin="front-matter"),
        ),
    )
    [mention] = [m for m in annotate(article, CATALOG, STANCES).claims if m.claim == "us-rejected-russian-overtures"]
    assert mention.paragraph == "p2"
    assert mention.sentence == "Washington did not reply."
    assert PARAGRAPHS[1][mention.start : mention.end] == mention.sentence
    assert (mention.position, mention.origin, mention.cue) == ("affirms", "front-matter", "")


@pytest.mark.parametrize(
    ("correction", "code"),
    [
        (override("no-such-claim", "remove"), "claims.override-unknown-claim"),
        (override("neither-side-can-win", "remove", paragraph="p9"), "claims.override-unknown-paragraph"),
        (override("nuclear-escalation-risk", "remove"), "claims.override-unused"),
        (override("nuclear-escalation-risk", "add", sentence="not in the text"), "claims.override-text-not-found"),
        (override("nuclear-escalation-risk", "add"), "claims.override-no-place"),
    ],
)
def test_corrections_that_do_not_apply_become_warnings(correction: ClaimOverride, code: str) -> None:
    result = annotate(make_article(*PARAGRAPHS, claim_overrides=(correction,)), CATALOG, STANCES)
    assert [w.code for w in result.warnings] == [code]
    warning = result.warnings[0]
    assert warning.message.startswith("seeds/a.yaml:3: ")  # the sidecar that holds the correction
    assert warning.line == 3


# --- the annotate stage ------------------------------------------------------------------------


def test_annotate_records_stance_provenance() -> None:
    result = annotate(make_article(*PARAGRAPHS), CATALOG, STANCES)
    prov = result.provenance["stance"]
    assert prov.origin == "extracted"
    assert prov.rule == "stance.cues"
    assert prov.confidence == result.stance.confidence


def test_editor_stance_is_kept_and_said_so() -> None:
    editor = Provenance("sidecar", "stance", 2, "against-talks", 1.0)
    article = make_article(
        "Talks are long overdue. The war is unwinnable and must end in a negotiated settlement now.",
        stance=Stance("against-talks", 1.0),
        provenance={"stance": editor},
    )
    result = annotate(article, CATALOG, STANCES)
    assert result.stance == Stance("against-talks", 1.0)
    note = result.provenance["stance"].note
    assert "set by an editor" in note
    assert "for-talks" in note  # what the text's cues suggest
    assert result.provenance["stance"].origin == "sidecar"
    assert result.warnings == ()


def test_editor_stance_outside_the_vocabulary_is_warned() -> None:
    editor = Provenance("front-matter", "stance", 4, "pro-war", 1.0)
    article = make_article("Text.", stance=Stance("pro-war", 1.0), provenance={"stance": editor})
    result = annotate(article, CATALOG, STANCES)
    assert result.stance.label == "pro-war"
    assert [w.code for w in result.warnings] == ["stance.unknown"]
    assert result.warnings[0].message.startswith("seeds/a.txt:4: ")


def test_annotate_archive_keeps_order_and_count() -> None:
    articles = [make_article(*PARAGRAPHS, key=f"k{i}") for i in range(3)]
    result = annotate_archive(articles, CATALOG, STANCES)
    assert [a.key for a in result] == ["k0", "k1", "k2"]
    assert all(a.claims for a in result)


def test_annotate_rejects_non_articles() -> None:
    with pytest.raises(TypeError, match="Article"):
        annotate("not an article", CATALOG, STANCES)  # type: ignore[arg-type]


WORDS = (
    "Putin", "offered", "a", "ceasefire", "on", "the", "current", "front", "lines", "US", "rejected", "talks", "said",
    "not", "“", "”", "U.S.", "Mr.", "nuclear", "war", "risk", ".", ",", "?", "Kyiv", "ruled", "out", "\n", "—",
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=40), min_size=1, max_size=4))
def test_annotate_never_fails_and_mentions_quote_their_paragraph(paragraphs: list[list[str]]) -> None:
    texts = [" ".join(words) for words in paragraphs]
    result = annotate(make_article(*texts), CATALOG, STANCES)
    by_id = {p.id: p.text for p in result.paragraphs}
    for mention in result.claims:
        assert by_id[mention.paragraph][mention.start : mention.end] == mention.sentence
        assert mention.position in ("affirms", "disputes", "reports")
        assert 0.0 <= mention.confidence <= 1.0
    assert (result.stance.label is None) == (result.stance.confidence == 0.0)
