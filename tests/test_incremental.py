"""Rebuilds: records from the cache are the records a fresh read gives, and any sequence of changes converges.

The site an incremental build leaves must be byte for byte the site a clean build
of the same inputs writes, whatever was added, edited, renamed or removed before.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_fixtures.records import load_fixture_articles

from archive_site.build import builder, cache, pipeline
from archive_site.build.writer import LOCK, MARKER
from archive_site.config import load_config

ROOT = Path(__file__).resolve().parents[1]


def _project(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "root"
    root.mkdir()
    for name in ("archive.yaml", "claims.yaml"):
        shutil.copy(ROOT / name, root / name)
    seeds = root / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    return root, seeds


def _site(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in (MARKER, LOCK)
    }


def _doc(n: int, title: str, words: str) -> str:
    return (f"{title}\n\nBy Mira Okonkwo-Hale and Tobias Lind\n\nMarch {n % 27 + 1}, 2024\n\n"
            f"Negotiators met again this week, and {words} according to Reuters. "
            f"Officials said a ceasefire along the current front line was discussed for the {n}th time.\n\n"
            "Diplomats cautioned that any settlement would need security guarantees for Kyiv.\n")


def test_a_stored_record_reads_back_equal() -> None:
    articles, _ = load_fixture_articles()
    config = load_config(ROOT)
    annotated = pipeline.read_with_config(config, ROOT / "seeds", ROOT).articles
    for article in (*articles, *annotated):
        assert cache.decode_article(cache.encode_article(article)) == article


@pytest.mark.parametrize("text", ["", "[]", '{"t": "Article", "v": [1]}', '{"t": "os.system", "v": []}', '{"map": 3}',
                                  '{"t": "Author", "v": ["A", "person"]}'])
def test_text_that_is_not_a_stored_record_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a stored record"):
        cache.decode_article(text)


def test_records_from_the_cache_equal_a_fresh_read_also_for_duplicate_titles(tmp_path: Path) -> None:
    root, seeds = _project(tmp_path)
    for n in range(3):  # the same headline three times: two of them get new keys and a warning
        (seeds / f"same-{n}.txt").write_text(_doc(n, "Talks resume in Geneva", f"variant {n}"), encoding="utf-8")
    config = load_config(root)
    fresh = pipeline.read_with_config(config, seeds, root)
    assert len({a.key for a in fresh.articles}) == len(fresh.articles) == 8
    for jobs in (1, 2):
        folder = tmp_path / f"cache-{jobs}"
        for _ in range(2):  # filled, then read back
            with cache.RecordCache(folder) as records:
                again = pipeline.read_with_config(config, seeds, root, records, jobs=jobs)
            assert again.articles == fresh.articles
            assert again.archive.failures == fresh.archive.failures and again.archive.notes == fresh.archive.notes
        assert records.misses == 0 and records.hits == 8 + 2  # every record, and the two renamed ones under their new keys


def test_many_seeds_are_read_by_worker_processes_with_the_same_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, seeds = _project(tmp_path)
    for n in range(12):
        (seeds / f"doc-{n:02d}.txt").write_text(_doc(n, f"Round {n} of the talks ends", f"topic {n}"), encoding="utf-8")
    (seeds / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 4)
    calls: list[int] = []
    real = pipeline.ProcessPoolExecutor

    def counting(workers: int, **kwargs: object) -> object:
        calls.append(workers)
        return real(workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", counting)
    config = load_config(root)
    fresh = pipeline.read_with_config(config, seeds, root)
    parallel = pipeline.read_with_config(config, seeds, root, jobs=2, progress=lambda *_: None)
    assert calls == [2]
    assert parallel.articles == fresh.articles
    assert [f.message for f in parallel.archive.failures] == [f.message for f in fresh.archive.failures]
    assert len(fresh.archive.failures) == 1


def test_an_unchanged_archive_reads_no_seed_and_an_edit_reads_one(tmp_path: Path) -> None:
    root, seeds = _project(tmp_path)
    out = tmp_path / "site"
    first = pipeline.build_site(root, seeds, out)
    assert first.from_cache == 0 and first.written == first.files
    (root / "archive.yaml").write_text((root / "archive.yaml").read_text(encoding="utf-8") + "\n# comment\n",
                                       encoding="utf-8")  # a changed settings file: the build does its work
    again = pipeline.build_site(root, seeds, out)
    assert again.from_cache == again.articles == 5 and again.written == 0 and again.unchanged == again.files
    edited = sorted(seeds.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more paragraph of the article, added later.\n",
                      encoding="utf-8")
    third = pipeline.build_site(root, seeds, out)
    assert third.from_cache == 4 and 0 < third.written < third.files
    (root / "outlets.yaml").write_text("- name: Harbour Ledger\n", encoding="utf-8")  # data every record depends on
    assert pipeline.build_site(root, seeds, out).from_cache == 0


def test_a_damaged_cache_is_discarded_with_a_note_and_the_build_is_right(tmp_path: Path) -> None:
    root, seeds = _project(tmp_path)
    clean = pipeline.build_site(root, seeds, tmp_path / "clean", cached=False)
    pipeline.build_site(root, seeds, tmp_path / "site")
    database = root / cache.DEFAULT_DIR / "records.sqlite3"
    database.write_bytes(b"not a database at all" * 100)
    assert pipeline.build_site(root, seeds, tmp_path / "site").up_to_date  # every input read again: none changed
    assert _site(tmp_path / "site") == _site(tmp_path / "clean")
    settings = root / "archive.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n# comment\n", encoding="utf-8")
    report = pipeline.build_site(root, seeds, tmp_path / "site")
    assert any("unreadable" in n and "discarded" in n for n in report.notes)
    assert report.from_cache == 0
    assert _site(tmp_path / "site") == _site(tmp_path / "clean")
    assert clean.articles == report.articles
    with sqlite3.connect(database) as db:  # rebuilt: the next build reads from it
        db.execute("UPDATE records SET value = '{\"t\": \"Article\", \"v\": []}'")
    settings.write_text(settings.read_text(encoding="utf-8") + "\n# another\n", encoding="utf-8")
    assert pipeline.build_site(root, seeds, tmp_path / "site").from_cache == 0  # bad records are misses, not records
    assert _site(tmp_path / "site") == _site(tmp_path / "clean")


def test_a_cache_folder_not_made_by_archive_site_is_left_alone(tmp_path: Path) -> None:
    root, seeds = _project(tmp_path)
    folder = root / cache.DEFAULT_DIR
    folder.mkdir()
    (folder / "mine.txt").write_bytes(b"someone's file")
    report = pipeline.build_site(root, seeds, tmp_path / "site")
    assert any("not made by archive-site" in n for n in report.notes)
    assert sorted(p.name for p in folder.iterdir()) == ["mine.txt"]


def test_clean_uses_no_cached_record_and_writes_every_file(tmp_path: Path) -> None:
    root, seeds = _project(tmp_path)
    out = tmp_path / "site"
    pipeline.build_site(root, seeds, out)
    report = pipeline.build_site(root, seeds, out, clean=True)
    assert report.from_cache == 0 and report.written == report.files and report.unchanged == 0


_TITLES = ("Talks resume in Geneva", "A ceasefire is proposed", "Envoys meet in Riyadh", "Talks resume in Geneva")
_OPS = st.lists(
    st.tuples(st.sampled_from(["add", "edit", "rename", "remove", "sidecar"]), st.integers(0, 7), st.integers(0, 3)),
    min_size=1, max_size=4,
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_OPS)
def test_any_sequence_of_changes_converges_on_the_clean_build(tmp_path_factory: pytest.TempPathFactory,
                                                                ops: list[tuple[str, int, int]]) -> None:
    tmp_path = tmp_path_factory.mktemp("sequence")
    root, seeds = _project(tmp_path)
    out = tmp_path / "site"
    pipeline.build_site(root, seeds, out)
    for op, n, variant in ops:
        docs = sorted(seeds.glob("*.txt"))
        target = docs[n % len(docs)] if docs else None
        if op == "add" or target is None:
            (seeds / f"new-{n}-{variant}.txt").write_text(_doc(n, _TITLES[variant], f"change {n}"), encoding="utf-8")
        elif op == "edit":
            target.write_text(_doc(n, _TITLES[variant], f"edited {variant}"), encoding="utf-8")
        elif op == "rename":
            target.rename(seeds / f"renamed-{n}-{variant}.txt")
        elif op == "remove" and len(docs) > 1:
            target.unlink()
        elif op == "sidecar":
            target.with_suffix(".yaml").write_text(f"title: Corrected headline {variant}\n", encoding="utf-8")
        pipeline.build_site(root, seeds, out)
        clean = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
        pipeline.build_site(root, seeds, clean, cached=False)
        assert _site(out) == _site(clean)


def _files_state(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != LOCK}


def test_a_build_with_no_changed_input_reads_renders_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, seeds = _project(tmp_path)
    out = tmp_path / "site"
    first = pipeline.build_site(root, seeds, out)
    before = _files_state(out)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("an up-to-date build read the records")

    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "read_with_config", no_reading)
        again = pipeline.build_site(root, seeds, out)
    assert again.up_to_date and (again.pages, again.written, again.removed) == (0, 0, 0)
    assert (again.articles, again.files, again.warnings) == (first.articles, first.files, first.warnings)
    assert "up to date" in again.summary()
    assert _files_state(out) == before  # not even the manifest was written again


@pytest.mark.parametrize("change", ["edit seed", "same bytes, new time", "same size and time", "new file", "sidecar",
                                    "settings", "template", "page deleted", "claims"])
def test_any_changed_input_or_missing_page_and_only_that_makes_the_build_do_its_work(tmp_path: Path, change: str) -> None:
    root, seeds = _project(tmp_path)
    out = tmp_path / "site"
    seed = sorted(seeds.glob("*.txt"))[0]
    old = 1_600_000_000_000_000_000
    os.utime(seed, ns=(old, old))  # long since written: its digest is kept, and reused while the file looks the same
    pipeline.build_site(root, seeds, out)
    text = seed.read_bytes()
    if change == "edit seed":
        seed.write_bytes(text + b"\nA paragraph added later.\n")
    elif change == "same bytes, new time":
        seed.write_bytes(text)
    elif change == "same size and time":  # only the change time tells: it cannot be set back
        seed.write_bytes(text.replace(b"e", b"a", 1))
        os.utime(seed, ns=(old, old))
    elif change == "new file":
        (seeds / "another.txt").write_text(_doc(1, "A new round of talks", "more"), encoding="utf-8")
    elif change == "sidecar":
        seed.with_suffix(".yaml").write_text("title: A corrected headline\n", encoding="utf-8")
    elif change == "settings":
        (root / "archive.yaml").write_text((root / "archive.yaml").read_text(encoding="utf-8") + "\n# comment\n",
                                           encoding="utf-8")
    elif change == "template":
        (root / "templates").mkdir()
        (root / "templates" / "about.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    elif change == "page deleted":
        next((out / "articles").iterdir()).joinpath("index.html").unlink()
    elif change == "claims":
        (root / "claims.yaml").write_text((root / "claims.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = pipeline.build_site(root, seeds, out)
    assert again.up_to_date == (change == "same bytes, new time")  # the bytes are what count, not the times
    assert (again.written == 0) == (change in ("same bytes, new time", "settings", "claims"))
    clean = tmp_path / "clean"
    pipeline.build_site(root, seeds, clean, cached=False)
    assert _site(out) == _site(clean)
    assert pipeline.build_site(root, seeds, out).up_to_date


def test_a_no_op_build_renders_nothing_and_a_template_change_renders_the_pages_that_use_it(tmp_path: Path) -> None:
    root, seeds = _project(tmp_path)
    out = tmp_path / "site"
    first = pipeline.build_site(root, seeds, out)
    (root / "archive.yaml").write_text((root / "archive.yaml").read_text(encoding="utf-8") + "\n# comment\n",
                                       encoding="utf-8")
    assert pipeline.build_site(root, seeds, out).pages == 0  # the inputs' fingerprint changed, no page's did
    override = root / "templates"
    override.mkdir()
    article = (ROOT / "templates" / "article.html").read_text(encoding="utf-8")
    (override / "article.html").write_text(article.replace("{% block content %}", "{% block content %}<p>Edited</p>", 1),
                                           encoding="utf-8")
    changed = pipeline.build_site(root, seeds, out)
    assert changed.pages == first.articles == 5  # the article pages, and no other page
    assert all("<p>Edited</p>" in (out / "articles" / p.name / "index.html").read_text(encoding="utf-8")
               for p in (out / "articles").iterdir())
    shutil.rmtree(override)
    assert pipeline.build_site(root, seeds, out).pages == 5
    clean = pipeline.build_site(root, seeds, tmp_path / "clean", cached=False)
    assert _site(out) == _site(tmp_path / "clean") and clean.pages == first.pages


def test_an_edit_indexes_again_only_the_part_of_the_search_index_that_holds_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, seeds = _project(tmp_path)
    for n in range(12):
        (seeds / f"doc-{n:02d}.txt").write_text(_doc(n, f"Round {n} of the talks ends", f"topic {n}"), encoding="utf-8")
    out = tmp_path / "site"
    pipeline.build_site(root, seeds, out)
    indexed: list[list[str]] = []
    real = builder.index_parts

    def counting(parts: dict[str, dict[str, bytes]]) -> dict[str, bytes]:
        indexed.append(sorted(parts))
        return real(parts)

    monkeypatch.setattr(builder, "index_parts", counting)
    with (root / "archive.yaml").open("a", encoding="utf-8") as config:
        config.write("\n# a comment: the settings file changed, the settings did not\n")
    pipeline.build_site(root, seeds, out)
    assert indexed == [[]]  # every page as it was: no part is indexed
    edited = seeds / "doc-03.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA closing paragraph, added later.\n", encoding="utf-8")
    pipeline.build_site(root, seeds, out)
    assert len(indexed[1]) == 1  # the edited page's part only
    clean = pipeline.build_site(root, seeds, tmp_path / "clean", cached=False)
    assert _site(out) == _site(tmp_path / "clean") and clean.files == len(_site(out))


@dataclass(frozen=True, slots=True)
class _Named:
    """The fields of an author under another type."""

    name: str
    kind: str


def test_a_pages_fingerprint_follows_its_values_and_nothing_else() -> None:
    from archive_site.model import Author
    from archive_site.site.render import values_fingerprint

    def values(name: str, kind: str = "person", cls: type = Author) -> dict[str, object]:
        return {"authors": (cls(name, kind),), "title": "Talks resume", "links": object(), "site": object()}

    first = values_fingerprint("article.html", values("Jane Doe"))
    assert values_fingerprint("article.html", values("Jane Doe")) == first  # equal values, other objects, shared values ignored
    assert values_fingerprint("article.html", values("Jane Roe")) != first
    assert values_fingerprint("article.html", values("Jane Doe", "organization")) != first
    assert values_fingerprint("article.html", values("Jane Doe", cls=_Named)) != first  # same fields, another type
    assert values_fingerprint("term.html", values("Jane Doe")) != first


#: Where a worker records its process id (set by the test that forks the workers, which inherit it).
_PIDS: Path | None = None
_REAL_CHUNK = builder._render_chunk


def _recording_chunk(bounds: tuple[int, int]) -> list[object]:
    assert _PIDS is not None
    with _PIDS.open("a", encoding="utf-8") as pids:
        pids.write(f"{os.getpid()}\n")
    return _REAL_CHUNK(bounds)  # type: ignore[return-value]


def test_pages_rendered_in_worker_processes_are_the_pages_rendered_in_the_build(tmp_path: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    global _PIDS
    root, seeds = _project(tmp_path)
    for n in range(6):
        (seeds / f"doc-{n:02d}.txt").write_text(_doc(n, f"Round {n} of the talks ends", f"topic {n}"), encoding="utf-8")
    monkeypatch.setattr(builder, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(builder, "_render_chunk", _recording_chunk)
    _PIDS = tmp_path / "pids"
    parallel = pipeline.build_site(root, seeds, tmp_path / "parallel", cached=False, jobs=2)
    serial = pipeline.build_site(root, seeds, tmp_path / "serial", cached=False, jobs=1)
    workers = set(_PIDS.read_text(encoding="utf-8").split())
    assert workers and str(os.getpid()) not in workers  # the pages were made in other processes
    assert _site(tmp_path / "parallel") == _site(tmp_path / "serial")
    assert parallel.pages == serial.pages > 10
    edited = seeds / "doc-02.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    again = pipeline.build_site(root, seeds, tmp_path / "parallel", cached=False, jobs=2)
    assert 0 < again.pages < parallel.pages  # the workers keep unchanged pages by their fingerprints too
    clean = pipeline.build_site(root, seeds, tmp_path / "clean", cached=False, jobs=1)
    assert _site(tmp_path / "parallel") == _site(tmp_path / "clean") and clean.pages == parallel.pages
