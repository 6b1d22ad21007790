"""The stages in order: configuration, loading, claims and stance, then the site.

Every command goes through here, so ``check``, ``build``, ``serve`` and
``claims suggest`` read the same records the same way. The loader, the
detector and the renderer are imported where they are first needed, so that
a build with nothing to do (:func:`build_site` on unchanged inputs) answers
in a fraction of a second.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive_site import __version__
from archive_site.build import cache as record_cache
from archive_site.build import stamp
from archive_site.build.report import BuildReport, Timings, up_to_date
from archive_site.claims.catalog import Catalog, load_catalog
from archive_site.config import SiteConfig, load_config
from archive_site.errors import SeedError
from archive_site.model import Article, StanceDef

if TYPE_CHECKING:
    from archive_site.load.seeds import LoadedArchive, LoaderSettings, SeedFailure, SeedInput

log = logging.getLogger(__name__)

#: The catalog of an archive without a claims file: stance only, no claim mentions.
NO_CATALOG = Catalog(())


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything read before anything is written."""

    config: SiteConfig
    """The archive's settings."""
    archive: LoadedArchive
    """Loaded seeds, failures and notes."""
    articles: tuple[Article, ...]
    """Records with claims and stance."""
    catalog: Catalog
    """The claims catalog; empty (:data:`NO_CATALOG`) when the archive has none."""


def loader_settings(root: Path, config: SiteConfig) -> LoaderSettings:
    """Loader settings for an archive root and its config."""
    from archive_site.load.seeds import LoaderSettings

    return LoaderSettings.default(root, outlets_file=config.outlets_file, events_file=config.events_file)


def read_inputs(root: Path, seeds: Path, overrides: dict[str, Any] | None = None) -> Inputs:
    """Read config (``root/archive.yaml``), seeds and catalog, and annotate the records."""
    return read_with_config(load_config(root, overrides), seeds, root)


def read_with_config(config: SiteConfig, seeds: Path, root: Path | None = None,
                     records: record_cache.RecordCache | None = None, *, jobs: int | None = None,
                     progress: Progress | None = None) -> Inputs:
    """Read seeds and catalog for a loaded config, and annotate the records.

    With ``records``, unchanged seeds come from the record cache and new
    records go into it; ``jobs`` worker processes read the rest when there are
    enough of them to pay for the workers (:data:`PARALLEL_FROM`).
    """
    if root is None:
        root = config.source.parent if config.source is not None else Path(".")
    settings = loader_settings(root, config)
    catalog = read_catalog(config)
    context = records_context(config, settings) if records is not None else ""
    archive, articles = read_records(seeds, settings, catalog, config.stances, context, records, jobs=jobs, progress=progress)
    return Inputs(config, archive, articles, catalog)


#: Called as documents are read: (done, total, from the cache).
Progress = Callable[[int, int, int], None]
#: Fewer documents to read than this are read in this process: starting workers would cost more.
PARALLEL_FROM = 200


def records_context(config: SiteConfig, settings: LoaderSettings) -> str:
    """The fingerprint of everything a record depends on besides its own seed: code, data files, stances, dates."""
    parts = [__version__, record_cache.package_fingerprint(), repr(config.stances),
             repr((settings.earliest, settings.latest, settings.max_bytes))]
    return record_cache.fingerprint(parts, [*settings.data_files, config.claims_file])


def read_records(
    seeds: Path, settings: LoaderSettings, catalog: Catalog, stances: Sequence[StanceDef], context: str,
    records: record_cache.RecordCache | None = None, *, jobs: int | None = None, progress: Progress | None = None,
) -> tuple[LoadedArchive, tuple[Article, ...]]:
    """Loaded archive and annotated records: the same as :func:`load_seeds` then :func:`annotate_with`.

    Each seed's annotated record is looked up in ``records`` by its key; the
    missing ones are loaded and annotated (in ``jobs`` processes when there
    are many) and stored. Records whose key a duplicate title changed are
    read again under their new key, so the result never depends on the cache.
    """
    from archive_site.claims.annotation import annotate as annotate_one
    from archive_site.load.seeds import LoadedArchive, SeedFailure, discover, failure_of, load_input, read_seed, unique_keys

    paths, notes = discover(seeds)
    results: list[Article | SeedFailure | None] = [None] * len(paths)
    inputs: dict[int, SeedInput] = {}
    for i, path in enumerate(paths):
        try:
            inputs[i] = read_seed(path, settings)
        except SeedError as err:
            results[i] = failure_of(path, err)
    keys = {i: record_cache.seed_key(context, s.name, s.source, s.data, s.sidecar, s.sidecar_name) for i, s in inputs.items()}
    cached = records.get_many(keys.values()) if records is not None else {}
    for i, key in keys.items():
        results[i] = cached.get(key)
    todo = [i for i in inputs if results[i] is None]
    if progress is not None:
        progress(len(inputs) - len(todo), len(paths), len(inputs) - len(todo))
    for i, result in zip(todo, _load_many([inputs[i] for i in todo], settings, catalog, stances, jobs, progress,
                                          done=len(inputs) - len(todo), total=len(paths)), strict=True):
        results[i] = result
        if records is not None and isinstance(result, Article):
            records.put(keys[i], result)
    articles = [r for r in results if isinstance(r, Article)]
    failures = tuple(r for r in results if isinstance(r, SeedFailure))
    key_of = {inputs[i].source: keys[i] for i in inputs}
    by_source = {inputs[i].source: inputs[i] for i in inputs}
    final: list[Article] = []
    as_read = {id(a) for a in articles}
    for article in unique_keys(articles):
        if id(article) not in as_read:  # renamed for a duplicate title: read again, as load_seeds then annotate would
            warning = article.warnings[-1]
            renamed_key = record_cache.fingerprint([key_of[article.source], article.key, warning.message], [])
            stored = records.get(renamed_key) if records is not None else None
            if stored is None:
                loaded = load_input(by_source[article.source], settings)
                stored = annotate_one(dataclasses.replace(loaded, key=article.key, warnings=(*loaded.warnings, warning)),
                                      catalog, stances)
                if records is not None:
                    records.put(renamed_key, stored)
            article = stored
        final.append(article)
    log.info("records: %s read, %s from the cache, %s failed", len(todo), len(inputs) - len(todo), len(failures))
    plain = tuple(final)
    return LoadedArchive(plain, failures, tuple(notes)), plain


_WORKER: tuple[LoaderSettings, Catalog, Sequence[StanceDef]] | None = None


def _read_one(seed: SeedInput, settings: LoaderSettings, catalog: Catalog, stances: Sequence[StanceDef]) -> Article | SeedFailure:
    from archive_site.claims.annotation import annotate as annotate_one
    from archive_site.load.seeds import failure_of, load_input

    try:
        return annotate_one(load_input(seed, settings), catalog, stances)
    except Exception as err:  # RecursionError and MemoryError too: one seed never stops the others
        return failure_of(seed.source, err)


def _worker_read(seed: SeedInput) -> Article | SeedFailure:
    assert _WORKER is not None
    return _read_one(seed, *_WORKER)


def _load_many(seeds: Sequence[SeedInput], settings: LoaderSettings, catalog: Catalog, stances: Sequence[StanceDef],
               jobs: int | None, progress: Progress | None, *, done: int, total: int) -> list[Article | SeedFailure]:
    """Load and annotate seeds, in worker processes when there are enough of them and more than one job."""
    global _WORKER
    workers = min(jobs or 1, max(1, len(seeds) // (PARALLEL_FROM // 2)))
    out: list[Article | SeedFailure] = []
    step = max(1, len(seeds) // 50)
    if workers <= 1 or len(seeds) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for seed in seeds:
            out.append(_read_one(seed, settings, catalog, stances))
            if progress is not None and len(out) % step == 0:
                progress(done + len(out), total, done)
        return out
    _WORKER = (settings, catalog, stances)  # inherited by the forked workers, never pickled
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for result in pool.map(_worker_read, seeds, chunksize=16):
                out.append(result)
                if progress is not None and len(out) % step == 0:
                    progress(done + len(out), total, done)
    finally:
        _WORKER = None
    return out


def default_jobs() -> int:
    """Worker processes for a big archive: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def read_catalog(config: SiteConfig) -> Catalog:
    """The archive's claims catalog, or :data:`NO_CATALOG` when it has no claims file."""
    if config.claims_file is None or not config.claims_file.is_file():
        return NO_CATALOG
    return load_catalog(config.claims_file)


def annotate_with(articles: Sequence[Article], config: SiteConfig, catalog: Catalog) -> tuple[Article, ...]:
    """Claim mentions and stance for every article (stance only with an empty catalog)."""
    from archive_site.claims.annotation import annotate_archive

    return annotate_archive(articles, catalog, config.stances)


def annotate(root: Path, articles: Sequence[Article]) -> tuple[Article, ...]:
    """Annotate already-loaded articles with the archive's catalog and stances."""
    config = load_config(root)
    return annotate_with(articles, config, read_catalog(config))


def build(config: SiteConfig, seeds: Path, out: Path) -> BuildReport:
    """Load and annotate the seeds with a loaded config, then render and write the site."""
    inputs = read_with_config(config, seeds)
    return _write(inputs, seeds, out)


def build_site(root: Path, seeds: Path, out: Path, *, base_url: str | None = None, strict: bool | None = None,
               clean: bool = False, cached: bool = True, jobs: int | None = None,
               progress: Progress | None = None) -> BuildReport:
    """Read everything under ``root``, then render and write the site; ``base_url`` and ``strict`` override the config.

    Records come from the record cache (``root/.archive-site-cache``) unless
    ``cached`` is false; ``clean`` builds from nothing: no cached record is
    used (the cache is filled anew) and every output file is written again.
    ``jobs`` worker processes read the seeds not in the cache and render the pages of a big site (default: one per core).
    """
    timings = Timings()
    config = load_config(root, {"base_url": base_url, "strict": strict})
    jobs = default_jobs() if jobs is None else jobs
    folder = record_cache.cache_folder(root)
    with timings.stage("check inputs"):
        digests = stamp.Digests(record_cache.read_file_digests(folder) if cached and not clean else {})
        fingerprint = stamp.take(root, seeds, out, config, digests)
        unchanged = None if clean else up_to_date(out, fingerprint)
    if unchanged is not None:
        if cached and digests.read:
            record_cache.write_file_digests(folder, digests.entries)
        return dataclasses.replace(unchanged, timings=timings.items())
    with timings.stage("read and annotate"), _collector_paused():
        if cached:
            if clean:
                record_cache.clear(folder)
            with record_cache.RecordCache(folder) as records:
                inputs = read_with_config(config, seeds, root, records, jobs=jobs, progress=progress)
            notes: tuple[str, ...] = tuple(records.notes)
            from_cache: int | None = records.hits
        else:
            inputs = read_with_config(config, seeds, root, jobs=jobs, progress=progress)
            notes, from_cache = (), None
    # The records live as long as the build: kept out of the collector's sight, they are not scanned again and
    # again while the pages are made (a fifth of a no-op build at 10,000 articles).
    gc.collect()
    gc.freeze()
    try:
        report = _write(inputs, seeds, out, clean=clean, timings=timings, stamp=fingerprint, jobs=jobs)
    finally:
        gc.unfreeze()
    if cached:
        record_cache.write_file_digests(folder, digests.entries)
    return dataclasses.replace(report, notes=(*report.notes, *notes), from_cache=from_cache, timings=timings.items())


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cycle collection while the records are read: they hold no cycles, and scanning the growing heap again and
    again took more than half of reading 10,000 records from the cache."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write(inputs: Inputs, seeds: Path, out: Path, *, clean: bool = False, timings: Timings | None = None,
           stamp: str | None = None, jobs: int = 1) -> BuildReport:
    from archive_site.build.builder import build_articles

    return build_articles(
        inputs.config, inputs.articles, out, catalog=inputs.catalog.claims, stances=inputs.config.stances,
        seeds_dir=seeds, failures=tuple(f.message for f in inputs.archive.failures), notes=inputs.archive.notes,
        clean=clean, timings=timings, stamp=stamp, jobs=jobs,
    )


def suggest(root: Path, seeds: Path) -> str:
    """Ready-to-paste catalog entries for claims that recur across articles."""
    from archive_site.claims.suggest import suggest_claims

    inputs = read_inputs(root, seeds)
    return suggest_claims(inputs.articles, inputs.catalog)
