"""The archive's own ``outlets.yaml``: read through the pipeline, and refused with a clear message when broken.

A broken file stops the whole run (it is configuration, not one bad seed) with a
:class:`ConfigError` whose message starts ``<file>:<line>: `` where the line is known,
then says what is wrong and, after ``; ``, what to do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_site.build.pipeline import read_inputs
from archive_site.errors import ConfigError
from archive_site.load.seeds import LoaderSettings

#: A seed whose byline names an outlet that only the archive's own outlets.yaml knows.
SEED = (
    "Envoys Weigh a Ceasefire\n\nBy Jane Doe / Example Review\n\n"
    "Diplomats from both sides met in Geneva this week to discuss a ceasefire on the current front lines.\n"
)


def archive(tmp_path: Path, outlets: str | bytes, *, name: str = "outlets.yaml", config: str = "") -> tuple[Path, Path]:
    """An archive root holding one seed, a user outlets file (``name``) and, optionally, an archive.yaml."""
    root = tmp_path / "archive"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "a.txt").write_text(SEED, encoding="utf-8")
    path = root / name
    if isinstance(outlets, bytes):
        path.write_bytes(outlets)
    else:
        path.write_text(outlets, encoding="utf-8")
    if config:
        (root / "archive.yaml").write_text(config, encoding="utf-8")
    return root, path


def refusal(tmp_path: Path, outlets: str | bytes, **options: str) -> tuple[ConfigError, Path]:
    root, path = archive(tmp_path, outlets, **options)
    with pytest.raises(ConfigError) as raised:
        read_inputs(root, root / "seeds")
    return raised.value, path


def test_a_valid_file_gives_its_outlet_a_kind_and_home_page(tmp_path: Path) -> None:
    root, _ = archive(tmp_path, '- name: Example Review\n  kind: magazine\n  homepage: "https://review.example/"\n')
    [article] = read_inputs(root, root / "seeds").articles
    assert [a.name for a in article.authors] == ["Jane Doe"]
    assert article.outlet is not None
    assert (article.outlet.name, article.outlet.kind, article.outlet.homepage) == (
        "Example Review", "magazine", "https://review.example/",
    )


def test_an_unclosed_list_is_not_valid_yaml_at_the_line_the_parser_stops(tmp_path: Path) -> None:
    err, path = refusal(tmp_path, "- name: Example Review\n  kind: magazine\n  aliases: [ER\n- name: Other\n")
    # The flow list opened on line 3 runs into the next entry's "name:" on line 4.
    assert (err.path, err.line) == (str(path), 4)
    assert str(err).startswith(f"{path}:4: not valid YAML (")
    assert "']'" in err.cause
    assert err.remedy


def test_a_tab_for_indentation_is_not_valid_yaml(tmp_path: Path) -> None:
    err, path = refusal(tmp_path, "- name: Example Review\n\tkind: magazine\n")
    assert (err.path, err.line) == (str(path), 2)
    assert str(err).startswith(f"{path}:2: not valid YAML (")
    assert "\\t" in err.cause or "tab" in err.cause


def test_a_mapping_instead_of_a_list_is_refused(tmp_path: Path) -> None:
    err, path = refusal(tmp_path, "name: Example Review\nkind: magazine\n")
    assert str(err) == f"{path}:1: must be a list of outlets; write one '- name: ...' entry per outlet"


def test_an_entry_without_a_name_is_refused_at_its_line(tmp_path: Path) -> None:
    err, path = refusal(tmp_path, "- name: Example Review\n  kind: magazine\n- kind: blog\n  homepage: https://x.example/\n")
    assert str(err) == f"{path}:3: an outlet entry has no name; give each entry a 'name:'"


def test_an_entry_that_is_only_a_name_is_refused_at_its_line(tmp_path: Path) -> None:
    # "- Example Review" is a common slip for "- name: Example Review".
    err, path = refusal(tmp_path, "- name: Harbor Post\n  kind: newspaper\n- Example Review\n")
    assert (err.path, err.line) == (str(path), 3)
    assert str(err).startswith(f"{path}:3: ")


def test_an_unknown_key_is_named_with_its_outlet_and_the_keys_allowed(tmp_path: Path) -> None:
    err, path = refusal(tmp_path, "- name: Example Review\n  kind: magazine\n  website: https://x.example/\n")
    assert err.path == str(path)
    assert err.line in (1, 3)  # the entry's line, or better the key's
    assert err.cause == "unknown key 'website' in outlet 'Example Review'"
    for allowed in ("aliases", "domains", "homepage", "kind", "name", "short"):
        assert allowed in err.remedy


def test_an_unknown_kind_is_named_with_the_kinds_allowed(tmp_path: Path) -> None:
    err, path = refusal(tmp_path, "- name: Example Review\n  kind: tabloid\n")
    assert (err.path, err.line) == (str(path), 1)
    assert err.cause == "outlet 'Example Review' has unknown kind 'tabloid'"
    assert "magazine" in err.remedy and "news site" in err.remedy


def test_a_file_that_is_not_utf8_is_refused_naming_the_file(tmp_path: Path) -> None:
    err, path = refusal(tmp_path, "- name: Café Review\n  kind: magazine\n".encode("cp1252"))
    assert err.path == str(path)
    assert str(err).startswith(f"{path}")
    assert "UTF-8" in str(err)


def test_the_file_archive_yaml_names_is_the_one_reported(tmp_path: Path) -> None:
    err, path = refusal(tmp_path, "- name: Example Review\n  kind: tabloid\n", name="my-outlets.yaml",
                        config="outlets_file: my-outlets.yaml\n")
    assert path.name == "my-outlets.yaml"
    assert str(err).startswith(f"{path}:1: outlet 'Example Review' has unknown kind 'tabloid'; ")


def test_an_outlets_file_named_in_the_settings_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist; check the outlets_file path"):
        LoaderSettings.default(tmp_path, outlets_file=tmp_path / "missing.yaml")
