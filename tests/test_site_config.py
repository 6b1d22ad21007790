"""archive.yaml: every key optional, mistakes named by file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_site.config import BUILTIN_STANCES, SiteConfig, load_config, load_default_stances
from archive_site.errors import ConfigError


def _write(root: Path, text: str) -> Path:
    (root / "archive.yaml").write_text(text, encoding="utf-8")
    return root


def test_no_file_gives_the_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.base_url is None
    assert config.page_size == 50
    assert config.strict is False
    assert config.claims_file is None
    assert config.source is None
    assert [s.id for s in config.stances] == [s.id for s in load_default_stances()]


def test_keys_are_read_and_paths_resolved_against_the_root(tmp_path: Path) -> None:
    root = _write(tmp_path, "title: War and Talks\nbase_url: https://example.org/archive\npage_size: 20\n"
                            "outlets_file: data/outlets.yaml\nstrict: true\nlanguage: en-GB\n")
    config = load_config(root)
    assert config.title == "War and Talks"
    assert config.base_url == "https://example.org/archive/"
    assert config.page_size == 20
    assert config.outlets_file == root / "data/outlets.yaml"
    assert config.strict is True
    assert config.language == "en-GB"
    assert config.source == root / "archive.yaml"


def test_claims_yaml_beside_the_config_is_found(tmp_path: Path) -> None:
    (tmp_path / "claims.yaml").write_text("[]\n")
    assert load_config(tmp_path).claims_file == tmp_path / "claims.yaml"


def test_overrides_win_and_none_means_not_given(tmp_path: Path) -> None:
    root = _write(tmp_path, "base_url: https://a.example/\npage_size: 10\n")
    config = load_config(root, {"base_url": "https://b.example/x", "page_size": None})
    assert config.base_url == "https://b.example/x/"
    assert config.page_size == 10


def test_unknown_key_names_file_line_and_key(tmp_path: Path) -> None:
    root = _write(tmp_path, "title: Fine\n\npage_sise: 20\n")
    with pytest.raises(ConfigError) as err:
        load_config(root)
    assert err.value.line == 3
    assert err.value.path == str(root / "archive.yaml")
    assert "page_sise" in str(err.value) and "page_size" in str(err.value)


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ("title: A\npage_size: zero\n", 2, "page_size"),
        ("page_size: 0\n", 1, "page_size"),
        ("base_url: example.org\n", 1, "base_url"),
        ("strict: maybe\n", 1, "strict"),
        ("language: English please\n", 1, "language"),
    ],
)
def test_bad_values_name_the_line_and_key(tmp_path: Path, text: str, line: int, key: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, text))
    assert err.value.line == line
    assert key in err.value.cause


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, "title: A\ndescription: [unclosed\npage_size: 3\n"))
    assert err.value.line is not None and err.value.line >= 2
    assert "YAML" in err.value.cause


def test_a_list_at_the_top_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="mapping"):
        load_config(_write(tmp_path, "- title\n"))


def test_stances_section_adds_to_the_packaged_vocabulary(tmp_path: Path) -> None:
    root = _write(tmp_path, "stances:\n  - id: hawkish\n    label: Hawkish\n    cues: [must win]\n"
                            "  - id: dovish\n    label: Dovish\n    description: Wants talks.\n")
    stances = load_config(root).stances
    packaged = load_default_stances()
    assert [s.id for s in stances] == ["for-talks", "against-talks", "neutral", "hawkish", "dovish"]
    assert stances[:3] == packaged
    assert [(s.id, s.label, s.cues) for s in stances[3:]] == [("hawkish", "Hawkish", ("must win",)), ("dovish", "Dovish", ())]
    assert stances[4].description == "Wants talks."


def test_stances_section_changes_only_what_it_names(tmp_path: Path) -> None:
    root = _write(tmp_path, "stances:\n  - id: for-talks\n    cues: [sit down and talk]\n"
                            "  - id: neutral\n    remove: true\n")
    stances = load_config(root).stances
    packaged = {s.id: s for s in load_default_stances()}
    assert [s.id for s in stances] == ["for-talks", "against-talks"]
    assert stances[0].cues == ("sit down and talk",)
    assert (stances[0].label, stances[0].description) == (packaged["for-talks"].label, packaged["for-talks"].description)
    assert stances[1] == packaged["against-talks"]


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ("  - id: for-talks\n    cues: ['(unclosed']\n", "not a valid regular expression"),
        ("  - id: hawkish\n    remove: true\n", "cannot be removed"),
        ("  - id: neutral\n    remove: maybe\n", "must be true"),
        ("  - id: neutral\n    reporting: maybe\n", "'reporting' must be true or false"),
        ("  - id: for-talks\n    reporting: true\n", "more than one stance"),
    ],
)
def test_bad_stance_overrides_name_the_file_and_line(tmp_path: Path, entry: str, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, "title: A\nstances:\n" + entry))
    assert words in err.value.cause
    assert err.value.line is not None and err.value.line >= 3
    assert str(err.value).startswith(str(tmp_path / "archive.yaml"))


@pytest.mark.parametrize(
    ("entry", "line", "words"),
    [
        # "title: A" is line 1 and "stances:" line 2, so the first entry starts on line 3.
        ("  - id: ok\n    label: Ok\n  - id: Bad Id\n    label: B\n", 5, "not a slug"),
        ("  - id: ok\n    label: Ok\n  - id: ok\n    label: Again\n", 5, "twice"),
        ("  - id: unclassified\n    label: U\n", 3, "reserved"),
        ("  - id: ok\n    colour: red\n    label: Ok\n", 4, "colour"),
        ("  - id: ok\n", 3, "label"),
        ("  - id: ok\n    label: Ok\n    cues: [1, 2]\n", 5, "cue"),
    ],
)
def test_bad_stances_name_the_entry_line(tmp_path: Path, entry: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, "title: A\nstances:\n" + entry))
    assert err.value.line == line
    assert words in err.value.cause


def test_missing_packaged_vocabulary_falls_back_to_the_built_in_one(tmp_path: Path) -> None:
    assert load_default_stances(tmp_path / "absent.yaml") == BUILTIN_STANCES
    assert {s.id for s in BUILTIN_STANCES} == {"for-talks", "against-talks", "neutral"}


def test_packaged_vocabulary_may_be_a_list_or_a_stances_mapping(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("- id: x\n  label: X\n")
    (tmp_path / "b.yaml").write_text("stances:\n  - id: y\n    label: Y\n")
    assert [s.id for s in load_default_stances(tmp_path / "a.yaml")] == ["x"]
    assert [s.id for s in load_default_stances(tmp_path / "b.yaml")] == ["y"]


def test_the_project_archive_yaml_loads() -> None:
    config = load_config(Path(__file__).parent.parent)
    assert isinstance(config, SiteConfig)
    assert config.source is not None
