"""Property tests: whatever bytes a seed holds, the loader returns an Article or raises SeedError.

One bad seed must never stop an archive, so :func:`load_file` may refuse a file
only with :class:`SeedError`, and :func:`load_seeds` reports such a file as a
failure and goes on with the rest.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_site.errors import SeedError
from archive_site.load.seeds import LoaderSettings, load_file, load_seeds
from archive_site.model import Article
from archive_site.records import article_json

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EXAMPLES = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")), deadline=None)

#: Text that exercises the front-matter and sidecar readers as well as the plain-text rules.
DOCUMENT_TEXT = st.one_of(
    st.text(),
    st.text().map(lambda body: "---\n" + body),
    st.builds(lambda head, body: f"---\n{head}\n---\n{body}", st.text(), st.text()),
)
#: Sidecars with the record's keys (and one it lacks) holding values of any shape.
SIDECAR_MAPPING = st.dictionaries(
    st.sampled_from(["title", "dek", "authors", "date", "outlet", "url", "tags", "stance", "claims", "colour"]),
    st.one_of(
        st.none(),
        st.text(),
        st.integers(),
        st.dates(),
        st.lists(st.one_of(st.text(), st.dictionaries(st.sampled_from(["name", "kind"]), st.text()))),
    ),
).map(lambda mapping: yaml.safe_dump(mapping, allow_unicode=True))
GOOD_ARTICLE = "A headline about harbour seals\n\nBy Ann Example\n\nSeals are back in the estuary after forty years.\n"


@functools.cache
def loader_settings() -> LoaderSettings:
    """The default settings, built once for all examples."""
    return LoaderSettings.default()


def load_or_refuse(files: dict[str, bytes], name: str) -> Article | None:
    """Write ``files`` to a fresh folder and load ``name``: the Article, or None when it raised SeedError."""
    with tempfile.TemporaryDirectory() as folder:
        for file_name, data in files.items():
            (Path(folder) / file_name).write_bytes(data)
        try:
            article = load_file(Path(folder) / name, loader_settings())
        except SeedError:
            return None
    assert isinstance(article, Article)
    assert [p.id for p in article.paragraphs] == [f"p{i}" for i in range(1, len(article.paragraphs) + 1)]
    json.dumps(article_json(article))
    return article


@EXAMPLES
@given(text=DOCUMENT_TEXT, suffix=st.sampled_from([".txt", ".md"]))
def test_any_text_loads_or_is_refused_with_seed_error(text: str, suffix: str) -> None:
    load_or_refuse({f"doc{suffix}": text.encode("utf-8")}, f"doc{suffix}")


@EXAMPLES
@given(data=st.binary())
def test_any_bytes_load_or_are_refused_with_seed_error(data: bytes) -> None:
    load_or_refuse({"doc.txt": data}, "doc.txt")


@settings(max_examples=100, deadline=None)
@given(sidecar=st.one_of(st.text(), SIDECAR_MAPPING))
def test_any_sidecar_loads_or_is_refused_with_seed_error(sidecar: str) -> None:
    load_or_refuse({"doc.txt": GOOD_ARTICLE.encode("utf-8"), "doc.yaml": sidecar.encode("utf-8")}, "doc.txt")


@pytest.mark.parametrize(
    "bad",
    [b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"],
    ids=["empty", "binary"],
)
def test_load_seeds_keeps_the_good_seeds_and_reports_the_bad_one(tmp_path: Path, bad: bytes) -> None:
    good = sorted(SEEDS.glob("00[04]_*.txt"))
    assert len(good) == 2
    for path in good:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "005_broken.txt").write_bytes(bad)

    archive = load_seeds(tmp_path, loader_settings())

    assert sorted(article.source_name for article in archive.articles) == [path.name for path in good]
    assert len(archive.failures) == 1
    failure = archive.failures[0]
    assert Path(str(failure.source)).name == "005_broken.txt"
    assert failure.message
