"""Hostile YAML in every file the archive reads is refused quickly, naming the file; one seed never stops the others."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from archive_site.build.pipeline import read_inputs
from archive_site.config import load_config
from archive_site.errors import ConfigError
from archive_site.load.seeds import LoaderSettings, load_seeds
from archive_site.yamlfile import MAX_DEPTH, YamlSyntaxError, compose

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
DEEP = "a: " + "[" * 5000 + "]" * 5000 + "\n"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


@pytest.mark.parametrize(("text", "words"), [(DEEP, "nested more than"), (BOMB, "aliases")])
def test_deep_and_aliased_yaml_is_refused_before_it_is_built(text: str, words: str) -> None:
    start = time.perf_counter()
    with pytest.raises(YamlSyntaxError, match=words) as caught:
        compose(text)
    assert caught.value.line == 1 or words == "aliases"
    assert time.perf_counter() - start < 5  # bounded: the check reads events, it builds nothing


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 1
    node = compose("a: " + "[" * depth + "1" + "]" * depth)
    assert node is not None


@pytest.mark.parametrize("name", ["archive.yaml", "claims.yaml", "outlets.yaml"])
@pytest.mark.parametrize("text", [DEEP, BOMB])
def test_every_settings_file_refuses_hostile_yaml_naming_itself(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    with pytest.raises(ConfigError) as caught:
        if name == "archive.yaml":
            load_config(tmp_path)
        elif name == "outlets.yaml":
            LoaderSettings.default(tmp_path)
        else:
            read_inputs(tmp_path, seeds)
    assert str(caught.value).startswith(str(tmp_path / name))
    assert "not valid YAML" in str(caught.value)


@pytest.mark.parametrize("text", [DEEP, BOMB])
def test_a_hostile_sidecar_or_front_matter_spoils_only_its_own_seed(tmp_path: Path, text: str) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, seeds)
    first = sorted(seeds.glob("*.txt"))[0]
    first.with_suffix(".yaml").write_text(text, encoding="utf-8")
    (seeds / "note.md").write_text("---\n" + text + "---\nA short note with some words in it.\n", encoding="utf-8")
    archive = load_seeds(seeds, LoaderSettings.default())
    assert len(archive.articles) == 3 and not archive.failures
    by_source = {Path(a.source).name: a for a in archive.articles}
    assert any("not valid YAML" in w.message for w in by_source[first.name].warnings)
    assert any("not valid YAML" in w.message for w in by_source["note.md"].warnings)


def test_an_unexpected_error_in_one_seed_is_reported_against_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(seed, seeds)
    import archive_site.load.seeds as loader

    real = loader.load_file
    broken = sorted(seeds.glob("*.txt"))[1]

    def load_file(path: Path, settings: LoaderSettings):  # type: ignore[no-untyped-def]
        if path.name == broken.name:
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, settings)

    monkeypatch.setattr(loader, "load_file", load_file)
    archive = load_seeds(seeds, LoaderSettings.default())
    assert len(archive.articles) == 2
    [failure] = archive.failures
    assert failure.message.startswith(str(broken)) and "RecursionError" in failure.message and "please report this" in failure.message
