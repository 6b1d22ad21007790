"""The loader over folders: which files count, sidecars, limits, duplicate titles, bad seeds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from archive_site.errors import SeedError
from archive_site.load.seeds import LoaderSettings, load_file, load_seeds

ARTICLE = """{title}

By Jane Doe

{body}
"""
BODY = "The committee met on Tuesday and heard from residents who live near the plant. " * 3


@pytest.fixture(scope="module")
def settings() -> LoaderSettings:
    return LoaderSettings.default()


def _write(folder: Path, name: str, title: str = "Residents Object to the Plant") -> Path:
    path = folder / name
    path.write_text(ARTICLE.format(title=title, body=BODY), encoding="utf-8")
    return path


def test_folder_rules(tmp_path: Path, settings: LoaderSettings) -> None:
    _write(tmp_path, "a.txt", "First Title Here")
    _write(tmp_path, "b.md", "Second Title Here")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "a.txt~").write_text("backup")
    (tmp_path / "orphan.yaml").write_text("title: x\n")
    archive = load_seeds(tmp_path, settings)
    assert [a.source_name for a in archive.articles] == ["a.txt", "b.md"]
    assert len(archive.notes) == 2
    assert any("notes.pdf" in n and "ignored" in n for n in archive.notes)
    assert any("orphan.yaml" in n and "sidecar without a seed" in n for n in archive.notes)


def test_one_bad_seed_never_stops_the_rest(tmp_path: Path, settings: LoaderSettings) -> None:
    _write(tmp_path, "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    archive = load_seeds(tmp_path, settings)
    assert [a.source_name for a in archive.articles] == ["good.txt"]
    messages = sorted(f.message for f in archive.failures)
    assert len(messages) == 2
    assert "binary.txt" in messages[0] and "binary" in messages[0]
    assert "empty.txt" in messages[1] and "empty" in messages[1]


def test_size_limit_names_the_file_and_the_remedy(tmp_path: Path, settings: LoaderSettings) -> None:
    path = _write(tmp_path, "big.txt")
    small = replace(settings, max_bytes=100)
    with pytest.raises(SeedError) as info:
        load_file(path, small)
    message = str(info.value)
    assert "big.txt" in message and "100-byte limit" in message and "max_bytes" in message


def test_duplicate_titles_get_distinct_deterministic_keys(tmp_path: Path, settings: LoaderSettings) -> None:
    for name in ("c.txt", "a.txt", "b.txt"):
        _write(tmp_path, name, "Same Title Twice")
    archive = load_seeds(tmp_path, settings)
    assert [(a.source_name, a.key) for a in archive.articles] == [
        ("a.txt", "same-title-twice"), ("b.txt", "same-title-twice-2"), ("c.txt", "same-title-twice-3")]
    assert [w.code for w in archive.articles[1].warnings] == ["title.duplicate"]
    assert archive.articles[0].warnings == ()


def test_sidecar_beats_front_matter_beats_text(tmp_path: Path, settings: LoaderSettings) -> None:
    path = tmp_path / "x.txt"
    path.write_text("---\ntitle: Front Matter Title\ndate: 2020-01-02\n---\n" + ARTICLE.format(title="Text Title", body=BODY))
    (tmp_path / "x.yaml").write_text("# an editor's corrections\ndate: 2021-03-04\noutlet: Example Review\n")
    article = load_file(path, settings)
    assert article.title == "Front Matter Title"
    assert article.provenance["title"].origin == "front-matter"
    assert article.provenance["title"].line == 2
    assert str(article.date) == "2021-03-04"
    assert (article.provenance["date"].origin, article.provenance["date"].line) == ("sidecar", 2)
    assert article.outlet is not None and article.outlet.name == "Example Review" and article.outlet.kind is None
    assert [a.name for a in article.authors] == ["Jane Doe"]
    assert article.provenance["authors"].origin == "extracted"


def test_malformed_sidecar_warns_with_its_line_and_the_text_still_loads(tmp_path: Path, settings: LoaderSettings) -> None:
    path = _write(tmp_path, "x.txt")
    (tmp_path / "x.yaml").write_text("title: ok\ndate: [unclosed\ncolour: blue\n")
    article = load_file(path, settings)
    assert article.title == "Residents Object to the Plant"
    codes = [w.code for w in article.warnings]
    assert codes == ["sidecar.invalid"]
    assert "x.yaml:" in article.warnings[0].message


def test_unknown_sidecar_key_is_named(tmp_path: Path, settings: LoaderSettings) -> None:
    path = _write(tmp_path, "x.txt")
    (tmp_path / "x.yaml").write_text("title: Better Title\ncolour: blue\n")
    article = load_file(path, settings)
    assert article.title == "Better Title"
    (warning,) = article.warnings
    assert warning.code == "sidecar.unknown-key" and "'colour'" in warning.message and warning.line == 2


def test_wrong_value_shape_is_reported_and_ignored(tmp_path: Path, settings: LoaderSettings) -> None:
    path = _write(tmp_path, "x.txt")
    (tmp_path / "x.yaml").write_text("date: sometime soon\n")
    article = load_file(path, settings)
    assert article.date is None
    assert [w.code for w in article.warnings] == ["sidecar.invalid-value"]
