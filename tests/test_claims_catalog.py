"""The claims catalog and stance vocabulary files: the project's own, cue forms, and schema errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive_site.claims import load_catalog, load_stances
from archive_site.claims.articletext import ArticleText, Block
from archive_site.claims.detect import cue_matches
from archive_site.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "claims.yaml"
STANCES = ROOT / "archive_site" / "data" / "stances.yaml"

#: The claims the seeds make that the catalog must hold (by id).
REQUIRED = (
    "istanbul-framework",
    "west-blocked-2022-deal",
    "putin-offers-ceasefire",
    "us-rejected-russian-overtures",
    "neither-side-can-win",
    "nuclear-escalation-risk",
    "us-discourages-diplomacy",
    "zelensky-rules-out-talks",
    "us-russia-back-channel",
    "war-hurts-europe-global-south",
)


def write(tmp_path: Path, text: str, name: str = "claims.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_project_catalog_holds_the_required_claims() -> None:
    catalog = load_catalog(CATALOG)
    ids = [claim.id for claim in catalog.claims]
    assert len(ids) >= 10
    assert len(set(ids)) == len(ids)
    for cid in REQUIRED:
        assert cid in ids
    for claim in catalog.claims:
        assert claim.statement.endswith("."), claim.id
        assert claim.label and len(claim.label) <= 40, claim.id


def test_project_stances_are_the_three_of_the_vocabulary() -> None:
    stances = load_stances(STANCES)
    assert [s.id for s in stances] == ["for-talks", "against-talks", "neutral"]
    for stance in stances:
        assert stance.label and stance.description and stance.cues
        for cue in stance.cues:
            re.compile(cue)


def test_stances_can_be_read_from_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "title: x\nstances:\n  - id: calm\n    label: Calm\n    cues: [quiet]\n", "archive.yaml")
    stances = load_stances(path)
    assert [(s.id, s.label, s.cues) for s in stances] == [("calm", "Calm", ("quiet",))]


def _doc(text: str) -> ArticleText:
    return ArticleText.of([Block("p1", text)])


def _catalog(tmp_path: Path, cues: str) -> list[str]:
    """Load a one-claim catalog with the given cues block and return the cue texts."""
    path = write(tmp_path, "claims:\n- id: c\n  statement: A claim.\n  label: C\n  cues:\n" + cues)
    return [cue.text for cue in load_catalog(path).entries[0].cues]


def test_cue_forms(tmp_path: Path) -> None:
    texts = _catalog(
        tmp_path,
        "    - ceasefire\n"
        '    - {all: [ceasefire, "front ?lines?"], within: 5}\n'
        '    - {regex: "truce (?:now|today)"}\n'
        "    - {all: [putin, offer], ordered: true, unless: [reject]}\n",
    )
    assert texts == ["ceasefire", "ceasefire + front ?lines? within 5", "truce (?:now|today)", "putin + offer within 12 in order"]


def _matches(tmp_path: Path, cue: str, text: str) -> bool:
    path = write(tmp_path, f"claims:\n- id: c\n  statement: A claim.\n  label: C\n  cues:\n    - {cue}\n")
    entry = load_catalog(path).entries[0]
    return bool(cue_matches(_doc(text), entry.cues[0]))


@pytest.mark.parametrize(
    ("cue", "text", "expected"),
    [
        ('{all: [ceasefire, "front ?lines?"], within: 5}', "A ceasefire on the current front lines.", True),
        ('{all: [ceasefire, "front ?lines?"], within: 3}', "A ceasefire, they said, on the current front lines.", False),
        ("negotiat", "Negotiations resumed.", True),
        ("negotiat", "Renegotiated contracts.", False),  # terms match where a word starts
        ("US", "Tell us more.", False),  # a capital letter makes the alternative case-sensitive
        ("US", "The US refused.", True),
        ("{all: [putin, offer], ordered: true}", "Putin made an offer.", True),
        ("{all: [putin, offer], ordered: true}", "The offer reached Putin.", False),
        ("{all: [offer, talks], unless: [reject]}", "They rejected the offer of talks.", False),
        ("{all: [offer, talks], unless: [reject]}", "They welcomed the offer of talks.", True),
        ("{all: [proposed, refused], across_sentences: true}", "Russia proposed talks. The US refused.", True),
        ("{all: [proposed, refused]}", "Russia proposed talks. The US refused.", False),
    ],
)
def test_cue_semantics(tmp_path: Path, cue: str, text: str, expected: bool) -> None:
    assert _matches(tmp_path, cue, text) is expected


CLAIM_HEAD = "claims:\n- id: ok\n  statement: A claim.\n  label: OK\n  cues: [word]\n"

SCHEMA_ERRORS = [
    pytest.param("claims:\n- id: a\n  label: A\n  cues: [x]\n", 2, "'statement'", id="missing-statement"),
    pytest.param("claims:\n- id: Not A Slug\n  statement: S.\n  label: A\n  cues: [x]\n", 2, "'id'", id="bad-id"),
    pytest.param(CLAIM_HEAD + "- id: b\n  statement: S.\n  label: B\n  cue: [x]\n", 9, "'cue'", id="unknown-key"),
    pytest.param(CLAIM_HEAD + "- id: b\n  statement: S.\n  label: B\n  cues:\n    - x\n    - {regex: 'a(b'}\n", 11, "'regex'", id="bad-regex"),
    pytest.param(CLAIM_HEAD + "- id: b\n  statement: S.\n  label: B\n  cues:\n    - {all: [x, y], within: many}\n", 10, "'within'", id="bad-within"),
    pytest.param(CLAIM_HEAD + "- id: ok\n  statement: S.\n  label: B\n  cues: [x]\n", 6, "'ok'", id="duplicate-id"),
    pytest.param(CLAIM_HEAD + "- id: b\n  statement: S.\n  label: B\n  cues:\n    - {all: [x], regex: y}\n", 10, "'all' or 'regex'", id="all-and-regex"),
    pytest.param(CLAIM_HEAD + "- id: b\n  statement: S.\n  label: B\n  cues: [x]\n  stance: {agrees: for-talks}\n", 10, "'agrees'", id="bad-stance-position"),
    pytest.param(CLAIM_HEAD + "- id: b\n  statement: S.\n  label: B\n  cues: []\n", 9, "'cues'", id="empty-cues"),
    pytest.param("claims:\n- id: a\n  statement: [not, text]\n  label: A\n  cues: [x]\n", 3, "'statement'", id="statement-not-text"),
    pytest.param("claims:\n- id: a\n  statement: S.\n   label: A\n", 4, "not valid YAML", id="yaml-syntax"),
    pytest.param("items: []\n", 1, "'items'", id="unknown-top-key"),
    pytest.param("# only a comment\nother: 1\n", 2, "'other'", id="unknown-top-key-line"),
]


@pytest.mark.parametrize(("text", "line", "key"), SCHEMA_ERRORS)
def test_schema_errors_name_file_line_and_key(tmp_path: Path, text: str, line: int, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_catalog(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert key in message
    assert info.value.line == line
    assert info.value.remedy  # says what to do


def test_missing_catalog_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_catalog(tmp_path / "nope.yaml")


def test_empty_catalog_has_no_claims(tmp_path: Path) -> None:
    assert load_catalog(write(tmp_path, "# nothing yet\n")).claims == ()
    assert load_catalog(write(tmp_path, "claims:\n")).claims == ()


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        pytest.param("- id: a\n  cues: [x]\n", 1, "'label'", id="missing-label"),
        pytest.param("- id: a\n  label: A\n  cues:\n    - ok\n    - '(unclosed'\n", 5, "(unclosed", id="bad-cue"),
        pytest.param("- id: a\n  label: A\n  colour: red\n", 3, "'colour'", id="unknown-key"),
    ],
)
def test_stance_errors_name_file_line_and_key(tmp_path: Path, text: str, line: int, key: str) -> None:
    path = write(tmp_path, text, "stances.yaml")
    with pytest.raises(ConfigError) as info:
        load_stances(path)
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert key in str(info.value)
