"""Editors' claim corrections read from real files: a sidecar beside a seed, and Markdown front matter.

Each test writes an archive into ``tmp_path`` (the project's ``archive.yaml`` and ``claims.yaml``,
and a seeds folder) and reads it through the pipeline as ``build`` and ``check`` do
(:func:`archive_site.build.pipeline.read_inputs`), so the correction goes all the way from
the YAML text to the annotated record. The README's "Seeds" section documents the form:
``{claim, paragraph, position}`` re-positions, ``{claim, remove: true}`` removes, and
``{claim, sentence: ...}`` or ``{claim, paragraph, add: true}`` adds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from archive_site.build.pipeline import read_inputs
from archive_site.model import Article

ROOT = Path(__file__).resolve().parents[1]

#: Four body paragraphs under a headline and byline. A reader finds Putin's offer of a ceasefire on the
#: current front lines in p1 and "no military solution" / "unwinnable" in p2 and p4; p3 is about the weather.
BODY = """Now Russia has indicated it wants a ceasefire on the current frontlines.

As experts have declared since the beginning, there is no military solution.

The weather in the capital was mild on Tuesday and the markets were calm.

Both armies know by now that this war is unwinnable.
"""
SEED = "Envoys Weigh a Ceasefire\n\nBy Jane Doe\n\n" + BODY
P3 = "The weather in the capital was mild on Tuesday and the markets were calm."

#: What the detector finds with no correction: (claim, paragraph) -> (position, origin).
DETECTED = {
    ("putin-offers-ceasefire", "p1"): ("affirms", "extracted"),
    ("neither-side-can-win", "p2"): ("affirms", "extracted"),
    ("neither-side-can-win", "p4"): ("affirms", "extracted"),
}


def read_archive(tmp_path: Path, files: dict[str, str]) -> Article:
    """The one article of an archive in ``tmp_path`` whose seeds folder holds ``files`` (name -> text)."""
    root = tmp_path / "archive"
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    shutil.copy(ROOT / "claims.yaml", root / "claims.yaml")
    shutil.copy(ROOT / "archive.yaml", root / "archive.yaml")
    for name, text in files.items():
        (seeds / name).write_text(text, encoding="utf-8")
    inputs = read_inputs(root, seeds)
    assert inputs.archive.failures == ()
    [article] = inputs.articles
    return article


def positions(article: Article) -> dict[tuple[str, str], tuple[str, str]]:
    """The article's mentions as (claim, paragraph) -> (position, origin)."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for mention in article.claims:
        assert (mention.claim, mention.paragraph) not in found, f"two mentions of {mention.claim} in {mention.paragraph}"
        found[(mention.claim, mention.paragraph)] = (mention.position, mention.origin)
    return found


def sidecar(*entries: str) -> str:
    return "claims:\n" + "".join(f"  - {entry}\n" for entry in entries)


def test_without_corrections_the_detector_finds_what_a_reader_finds(tmp_path: Path) -> None:
    article = read_archive(tmp_path, {"talks.txt": SEED})
    assert [p.text for p in article.paragraphs] == BODY.strip().split("\n\n")
    assert positions(article) == DETECTED
    assert article.warnings == ()


def test_a_sidecar_remove_drops_the_claim_everywhere(tmp_path: Path) -> None:
    article = read_archive(tmp_path, {"talks.txt": SEED, "talks.yaml": sidecar("{claim: neither-side-can-win, remove: true}")})
    assert positions(article) == {("putin-offers-ceasefire", "p1"): ("affirms", "extracted")}
    assert article.warnings == ()
    assert article.provenance["claims"].origin == "sidecar"


def test_a_sidecar_remove_with_a_paragraph_drops_only_that_mention(tmp_path: Path) -> None:
    article = read_archive(
        tmp_path, {"talks.txt": SEED, "talks.yaml": sidecar("{claim: neither-side-can-win, paragraph: p2, remove: true}")}
    )
    assert positions(article) == {k: v for k, v in DETECTED.items() if k != ("neither-side-can-win", "p2")}
    assert article.warnings == ()


def test_a_sidecar_add_records_the_sentence_the_detector_missed(tmp_path: Path) -> None:
    article = read_archive(
        tmp_path,
        {"talks.txt": SEED, "talks.yaml": sidecar('{claim: nuclear-escalation-risk, sentence: "markets were calm", position: reports}')},
    )
    assert positions(article) == {**DETECTED, ("nuclear-escalation-risk", "p3"): ("reports", "sidecar")}
    [added] = [m for m in article.claims if m.claim == "nuclear-escalation-risk"]
    assert (added.sentence, added.start, added.end) == (P3, 0, len(P3))
    assert (added.cue, added.confidence) == ("", 1.0)
    assert article.warnings == ()


def test_a_sidecar_add_by_paragraph_marks_the_whole_paragraph_as_affirming(tmp_path: Path) -> None:
    article = read_archive(
        tmp_path, {"talks.txt": SEED, "talks.yaml": sidecar("{claim: ukraine-shortages, paragraph: p3, add: true}")}
    )
    assert positions(article) == {**DETECTED, ("ukraine-shortages", "p3"): ("affirms", "sidecar")}
    [added] = [m for m in article.claims if m.claim == "ukraine-shortages"]
    assert added.sentence == P3


def test_a_sidecar_position_changes_the_position_of_that_mention_only(tmp_path: Path) -> None:
    article = read_archive(
        tmp_path, {"talks.txt": SEED, "talks.yaml": sidecar("{claim: putin-offers-ceasefire, paragraph: p1, position: disputes}")}
    )
    assert positions(article) == {**DETECTED, ("putin-offers-ceasefire", "p1"): ("disputes", "sidecar")}
    [corrected] = [m for m in article.claims if m.claim == "putin-offers-ceasefire"]
    assert corrected.confidence == 1.0
    # The stance is read after the correction: the catalog counts disputing this claim for against-talks.
    evidence = [(e.label, e.text) for e in article.stance.evidence if "Putin offers ceasefire" in e.text]
    assert evidence and all(label == "against-talks" and text.startswith("disputes") for label, text in evidence)


def test_front_matter_corrections_of_a_markdown_seed_apply_with_their_origin(tmp_path: Path) -> None:
    front = (
        "---\n"
        "title: Envoys Weigh a Ceasefire\n"
        "author: Jane Doe\n"
        "claims:\n"
        "  - claim: neither-side-can-win\n"
        "    remove: true\n"
        "  - claim: putin-offers-ceasefire\n"
        "    paragraph: p1\n"
        "    position: disputes\n"
        "  - claim: nuclear-escalation-risk\n"
        "    sentence: markets were calm\n"
        "    position: reports\n"
        "---\n\n"
    )
    article = read_archive(tmp_path, {"talks.md": front + BODY})
    assert article.title == "Envoys Weigh a Ceasefire"
    assert positions(article) == {
        ("putin-offers-ceasefire", "p1"): ("disputes", "front-matter"),
        ("nuclear-escalation-risk", "p3"): ("reports", "front-matter"),
    }
    assert article.warnings == ()
    assert article.provenance["claims"].origin == "front-matter"


def test_a_sidecar_correction_comes_after_the_front_matters(tmp_path: Path) -> None:
    front = "---\nclaims:\n  - {claim: putin-offers-ceasefire, paragraph: p1, position: disputes}\n---\n"
    article = read_archive(
        tmp_path,
        {"talks.txt": front + SEED, "talks.yaml": sidecar("{claim: putin-offers-ceasefire, paragraph: p1, position: reports}")},
    )
    assert positions(article)[("putin-offers-ceasefire", "p1")] == ("reports", "sidecar")
    assert article.provenance["claims"].origin == "sidecar"


def test_a_sidecar_correction_that_names_no_catalog_claim_is_a_warning_and_changes_nothing(tmp_path: Path) -> None:
    article = read_archive(tmp_path, {"talks.txt": SEED, "talks.yaml": sidecar("{claim: no-such-claim, remove: true}")})
    assert positions(article) == DETECTED
    assert [w.code for w in article.warnings] == ["claims.override-unknown-claim"]
    assert "'no-such-claim'" in article.warnings[0].message


def test_a_correction_without_a_position_is_refused_with_the_sidecars_line(tmp_path: Path) -> None:
    text = "title: Envoys Weigh a Ceasefire\n" + sidecar("{claim: putin-offers-ceasefire, paragraph: p1}")
    article = read_archive(tmp_path, {"talks.txt": SEED, "talks.yaml": text})
    assert positions(article) == DETECTED
    [warning] = article.warnings
    assert warning.code == "sidecar.invalid-value"
    assert warning.message.startswith(f"{tmp_path / 'archive' / 'seeds' / 'talks.yaml'}:2: 'claims' must be ")
    assert "'position'" in warning.message
