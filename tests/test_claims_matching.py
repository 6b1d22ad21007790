"""How terms are found in an article: the one-pass anchor scanner, unanchored alternatives, merged hits."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_site.claims import load_catalog, load_stances
from archive_site.claims.anchors import compile_anchors, scanner_for
from archive_site.claims.articletext import ArticleText, Block, TermHits
from archive_site.claims.catalog import compile_stances
from archive_site.claims.position import ATTRIBUTION_TERM
from archive_site.claims.terms import compile_term, make_term, split_alternatives, start_literals
from archive_site.load.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
CATALOG = load_catalog(ROOT / "claims.yaml")
STANCES = load_stances(ROOT / "archive_site" / "data" / "stances.yaml")

#: Anchors that begin with one another, with spaces and punctuation, and one of a single letter.
ANCHORS = ("a", "ab", "abc", "ab c", "b.c", "war", "war m", "warm", "--", "_x", "é")


def _search_each(text: str, anchor: str) -> list[int]:
    """Offsets where ``anchor`` occurs and the character before it (if any) is not a letter or digit."""
    return [i for i in range(len(text)) if text.startswith(anchor, i) and (i == 0 or not text[i - 1].isalnum())]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("abcmrw .-_é\n\u201c1"), max_size=60))
def test_scanner_finds_what_searching_each_anchor_finds(text: str) -> None:
    found = compile_anchors(ANCHORS).scan(text)
    for anchor in ANCHORS:
        assert found.get(anchor, []) == _search_each(text, anchor), anchor


def test_scanner_on_a_sentence() -> None:
    text = "War, warm words and a war machine: the war-weary ab c."
    found = compile_anchors(("war", "war m", "warm", "ab c", "words")).scan(text.lower())
    # "war" starts "War,", "warm", "war machine" and "war-weary"; "ab c" is the last word but one
    assert found == {"war": [0, 5, 22, 39], "warm": [5], "war m": [22], "words": [10], "ab c": [49]}


@pytest.mark.parametrize(
    ("alternative", "starts"),
    [
        (r"(?:peace )?plan\b", ["peace ", "plan"]),
        ("(peace )?plan", ["peace ", "plan"]),
        ("(?:peace )??plan", ["peace ", "plan"]),
        ("(?:a|bc)?de", ["a", "bc", "de"]),
        ("(?:ab)?(?:cd)?ef", ["ab", "cd", "ef"]),
        ("talks", ["talks"]),
        ("(?i:x)?ab", [""]),  # a flag group: not followed
        ("(?:x)?", [""]),  # nothing after the optional group
        ("(?:[(]peace )?plan", ["", "plan"]),  # a parenthesis inside a class opens no group
    ],
)
def test_start_literals(alternative: str, starts: list[str]) -> None:
    assert start_literals(alternative) == starts


@pytest.mark.parametrize(
    ("source", "parts"),
    [
        ("a|b(c|d)", ["a", "b(c|d)"]),
        ("[|(]e|f", ["[|(]e", "f"]),  # a bar or parenthesis inside a class is no syntax
        (r"\|f|g", [r"\|f", "g"]),  # nor is an escaped bar
        ("talks", ["talks"]),
        ("a|", ["a", ""]),
    ],
)
def test_split_alternatives(source: str, parts: list[str]) -> None:
    assert split_alternatives(source) == parts


def test_unanchored_alternative_gets_starts_only_when_it_has_no_anchors() -> None:
    term = compile_term(r"war goals|(?:peace )?plan\b")
    assert [(alt.anchors, alt.starts) for alt in term.alternatives] == [(("war goals",), ()), ((), ("peace ", "plan"))]


WORDS = ("peace", "plan", "Plan", "planning", "war", "goals", "the", "a", "ıs", "ſo", "İt", "-", "“", ".", "Peace")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30), st.sampled_from(["", " ", "  "]))
def test_unanchored_alternative_matches_as_a_full_search_does(words: list[str], glue: str) -> None:
    term = compile_term(r"peace formula|(?:peace )?plan\b|war goals")
    plain = make_term(term.source, tuple(dataclasses.replace(alt, starts=()) for alt in term.alternatives), term.heads)
    text = " ".join(words).replace(" ", glue or " ")
    fast, full = ArticleText.of([Block("p1", text)]), ArticleText.of([Block("p1", text)])
    assert fast.hits_by_sentence(term) == full.hits_by_sentence(plain)


_CUES = (*(c for s in STANCES for c in s.cues), *(t.source for e in CATALOG.entries for c in e.cues for t in c.terms))
#: Words of the project's cues, with negations, reported speech, quotes and punctuation.
VOCABULARY = [
    *sorted({w for cue in _CUES for w in re.findall(r"[A-Za-z][A-Za-z']+", cue)}),
    *("not", "said", "US", "U.S.", "“", "”", ".", ",", "(", "—", "_", "talks.", "Putin’s"),
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=25), min_size=1, max_size=4))
def test_scanned_text_finds_the_same_hits_as_searching_each_term(paragraphs: list[list[str]]) -> None:
    blocks = [Block(f"p{i}", " ".join(words)) for i, words in enumerate(paragraphs, start=1)]
    scanned, searched = ArticleText.of(blocks), ArticleText.of(blocks)
    scanned.scan(scanner_for(CATALOG, STANCES))
    terms = [t for e in CATALOG.entries for c in (*e.cues, *e.dispute_cues) for t in (*c.terms, *c.unless)]
    terms += [t for _label, t in compile_stances(STANCES)] + [ATTRIBUTION_TERM]
    for term in terms:
        assert scanned.hits_by_sentence(term) == searched.hits_by_sentence(term), term.source


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["talks", "talk", "tale", "war", "peace", "x"]), st.sampled_from(" ,«*-“_")), max_size=12))
def test_head_prefilter_agrees_with_the_words_of_the_text(pieces: list[tuple[str, str]]) -> None:
    """Where an anchor stands decides cheaply whether a word starts like it; the answer is the word list's."""
    text = "".join(sep + word for word, sep in pieces)
    doc = ArticleText.of([Block("p1", text)])
    for anchor in ("talks", "tale", "war", "peace"):
        positions = doc._occurrences(anchor, False)
        if positions:
            assert doc._has_head(anchor[:3], positions) == (anchor[:3] in doc.heads), (text, anchor)


def test_hits_of_several_anchors_are_merged_in_order_without_repeats() -> None:
    hits = TermHits([{0: [(5, 9)], 2: [(40, 44)]}, {0: [(1, 4), (5, 9)]}, {3: [(60, 62)]}])
    assert set(hits.sentences) == {0, 2, 3}
    assert hits.at(0) == [(1, 4), (5, 9)]
    assert hits.at(2) == [(40, 44)]
    assert hits.at(1) == []


def test_a_term_is_merged_from_its_anchors() -> None:
    doc = ArticleText.of([Block("p1", "Moscow and Russia agreed. Russian troops stayed. Nothing else.")])
    doc.scan(scanner_for(CATALOG, STANCES))
    term = compile_term(r"russia\w*|moscow|russia")
    # "Russia" is found by two alternatives with one span; "Russian" by both, with two spans
    assert doc.hits_by_sentence(term) == {0: [(0, 6), (11, 17)], 1: [(26, 32), (26, 33)]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J. Smith said so. Talks began.", 2),  # an initial before a name
        ("Talks ended in 2022. Russia left.", 2),
        ("Ask the U.S. They know.", 2),  # a dotted acronym before a word that starts a sentence
        ("The U.S. Senate voted.", 1),
    ],
)
def test_split_sentences_after_initials_and_acronyms(text: str, expected: int) -> None:
    assert len(split_sentences(text)) == expected
