"""The build: read everything, render every file in memory, then hand the lot to the writer.

Nothing is written until every page has rendered, so a failed build leaves the
previous site as it was. The same inputs give byte-identical output.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import multiprocessing
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, TemplateError, meta

from archive_site.build import cache as record_cache
from archive_site.build.report import BUILD_INPUTS, BUILD_REPORT, BuildReport, Timings
from archive_site.build.search import BUNDLE, INDEXED, index_parts, pagefind_version
from archive_site.build.writer import Kept, read_inputs, read_manifest, write_site
from archive_site.config import SiteConfig
from archive_site.errors import BuildError
from archive_site.model import Article, Claim, StanceDef
from archive_site.resources import resource_dir
from archive_site.site import urls
from archive_site.site.model import PageSpec, SiteModel, build_site_model
from archive_site.site.publish import publish
from archive_site.site.render import PAGE_KINDS, make_environment, page_values, render_values, values_fingerprint

log = logging.getLogger(__name__)

#: The packaged stylesheet folder, copied to ``static/`` in the site.
DEFAULT_STATIC = resource_dir("static")


@dataclass(frozen=True, slots=True)
class RenderedSite:
    """Every file of the site, in memory."""

    files: dict[str, bytes | Kept]
    """Site-relative path to bytes, or :class:`Kept` for a page whose previous file is still right."""
    pages: int
    """HTML pages among them."""
    model: SiteModel
    """The model they were rendered from."""
    skipped: tuple[str, ...]
    """Outputs left out, and why."""
    warnings: tuple[str, ...]
    """What the model noticed."""
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Each page's inputs (:func:`values_fingerprint`, with the templates and settings), by path."""
    rendered: int = 0
    """Pages rendered in this build (the others were kept)."""


def render_site(
    config: SiteConfig,
    articles: Sequence[Article],
    *,
    catalog: Sequence[Claim] = (),
    stances: Sequence[StanceDef] | None = None,
    sources: Mapping[str, bytes] | None = None,
    static: Mapping[str, bytes] | None = None,
    env: Environment | None = None,
    timings: Timings | None = None,
    reuse: Mapping[str, Kept] | None = None,
    setting: str = "",
    jobs: int = 1,
) -> RenderedSite:
    """Every file of the site, in memory. Pure apart from reading templates.

    ``sources`` maps article keys to their untouched seed bytes (copied as
    ``articles/KEY/source.txt``); ``static`` maps site paths to the static files.
    ``reuse`` gives the pages of the previous build whose files are intact:
    one whose fingerprint (its template's values, the digest of its template
    and the templates that one uses, and ``setting``, the digest of the code
    and settings) is unchanged is not rendered again but :class:`Kept`. With
    ``jobs`` above one and :data:`PARALLEL_PAGES` pages or more, the pages are
    made in that many forked worker processes. Raises :class:`BuildError` naming each page that failed to render.
    """
    source_texts = dict(sources or {})
    model = build_site_model(
        articles, catalog, tuple(stances) if stances is not None else config.stances, config,
        source_texts=[a.key for a in articles if a.key in source_texts],
    )
    environment = env or make_environment(stylesheet=(static or {}).get(urls.STYLESHEET))
    specs = model.pages()
    files: dict[str, bytes | Kept] = {}
    fingerprints: dict[str, str] = {}
    failures: list[str] = []
    clock = timings or Timings()
    kept = reuse or {}
    digests = template_digests(environment, {PAGE_KINDS[(s.kind, s.term_kind)][0] for s in specs})
    job = _RenderJob(model, environment, digests, setting, {path: k.fingerprint for path, k in kept.items()})
    for spec, (template_name, fingerprint, data, seconds, error) in zip(specs, _render_all(job, specs, jobs), strict=True):
        if error is not None:
            failures.append(f"{spec.path}: {error}")
            continue
        fingerprints[spec.path] = fingerprint
        if data is None:
            files[spec.path] = kept[spec.path]
            continue
        clock.add(f"template {template_name}", seconds)
        files[spec.path] = data
    if failures:
        shown = "; ".join(failures[:5]) + (f"; and {len(failures) - 5} more" if len(failures) > 5 else "")
        raise BuildError(f"{len(failures)} page(s) failed to render ({shown}); the previous site is left as it was")
    for key in model.source_texts:
        files[urls.article_source(key)] = source_texts[key]
    for path, data in (static or {}).items():
        files[path] = data
    published, skipped = publish(model, specs)
    files.update(published)
    rendered = sum(isinstance(files[spec.path], bytes) for spec in specs)
    return RenderedSite(files, len(specs), model, skipped, model.warnings, fingerprints, rendered)


#: Fewer pages than this are rendered in the build's own process: workers would cost more than they save.
PARALLEL_PAGES = 2000
#: One page's outcome: its template, fingerprint, bytes (``None``: the previous file is still right),
#: seconds spent rendering, and the error that stopped it.
_Outcome = tuple[str, str, bytes | None, float, str | None]


@dataclass(frozen=True, slots=True)
class _RenderJob:
    """What every page is made from; forked workers inherit it instead of receiving it."""

    model: SiteModel
    environment: Environment
    digests: dict[str, str]
    setting: str
    kept: dict[str, str]
    """Path -> fingerprint of the previous build's intact files."""

    def page(self, spec: PageSpec) -> _Outcome:
        try:
            template_name, values = page_values(self.model, spec, self.environment)
            fingerprint = values_fingerprint(f"{self.setting}\0{self.digests.get(template_name, '')}\0{template_name}", values)
            if self.kept.get(spec.path) == fingerprint:
                return template_name, fingerprint, None, 0.0, None
            start = time.perf_counter()
            data = render_values(self.environment, template_name, values)
            return template_name, fingerprint, data, time.perf_counter() - start, None
        except (TemplateError, KeyError, ValueError, TypeError, AttributeError, IndexError) as err:
            log.debug("rendering %s failed", spec.path, exc_info=True)
            return "", "", None, 0.0, f"{type(err).__name__}: {err}"


_JOB: tuple[_RenderJob, Sequence[PageSpec]] | None = None


def _render_chunk(bounds: tuple[int, int]) -> list[_Outcome]:
    assert _JOB is not None
    job, specs = _JOB
    return [job.page(spec) for spec in specs[bounds[0]:bounds[1]]]


def _render_all(job: _RenderJob, specs: Sequence[PageSpec], jobs: int) -> list[_Outcome]:
    """Every page's outcome, in order: in this process, or in ``jobs`` forked workers for a big site."""
    global _JOB
    if jobs <= 1 or len(specs) < PARALLEL_PAGES or "fork" not in multiprocessing.get_all_start_methods():
        return [job.page(spec) for spec in specs]
    _JOB = (job, specs)  # inherited by the forked workers, never pickled
    step = 250
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            chunks = pool.map(_render_chunk, [(i, min(i + step, len(specs))) for i in range(0, len(specs), step)])
            return [outcome for chunk in chunks for outcome in chunk]
    finally:
        _JOB = None


def read_static(folder: Path = DEFAULT_STATIC) -> dict[str, bytes]:
    """The static files (stylesheet), keyed by their path in the site (``static/site.css``)."""
    if not folder.is_dir():
        raise BuildError(f"{folder}: the static folder is missing; reinstall archive-site")
    return {
        f"static/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def read_sources(articles: Iterable[Article], seeds_dir: Path | None) -> tuple[dict[str, bytes], list[str]]:
    """Each article's untouched seed bytes, read from its source path or the seeds folder."""
    found: dict[str, bytes] = {}
    missing: list[str] = []
    for article in articles:
        candidates = [Path(article.source)]
        if seeds_dir is not None:
            candidates.append(seeds_dir / article.source_name)
        for path in candidates:
            if path.is_file():
                try:
                    found[article.key] = path.read_bytes()
                except OSError as err:
                    log.debug("cannot read %s: %s", path, err)
                    continue
                break
        else:
            missing.append(f"{article.source}: the seed could not be read again; its page has no source-text link")
    return found, missing


def build_articles(
    config: SiteConfig,
    articles: Sequence[Article],
    out_dir: Path,
    *,
    catalog: Sequence[Claim] = (),
    stances: Sequence[StanceDef] | None = None,
    seeds_dir: Path | None = None,
    failures: Sequence[str] = (),
    notes: Sequence[str] = (),
    static_dir: Path = DEFAULT_STATIC,
    clean: bool = False,
    timings: Timings | None = None,
    stamp: str | None = None,
    jobs: int = 1,
) -> BuildReport:
    """Build the site from records already loaded (and annotated), and write it to ``out_dir``.

    ``clean`` rewrites every file, trusting nothing of the previous output;
    ``timings`` collects the seconds each stage and template took; ``stamp``,
    the fingerprint of every input (:func:`archive_site.build.stamp.take`),
    is kept with the report in the manifest for :func:`up_to_date`; ``jobs``
    worker processes render the pages of a big site.
    """
    timings = timings if timings is not None else Timings()
    _refuse_overlap(out_dir, [p for p in (seeds_dir, config.source) if p is not None])
    if failures and not articles:
        listed = "".join(f"\n  failed: {f}" for f in failures[:20])
        raise BuildError(f"no seed could be read ({len(failures)} failed); the previous site is left as it was:{listed}")
    sources, missing = read_sources(articles, seeds_dir)
    static = read_static(static_dir)
    if config.static_dir is not None and config.static_dir.resolve() != static_dir.resolve():
        static.update(read_static(config.static_dir))  # the archive's own files over the packaged ones, path by path
    env = make_environment([config.templates_dir] if config.templates_dir is not None else [],
                           stylesheet=static.get(urls.STYLESHEET))
    setting = _setting_digest(config, env, static)
    previous = {} if clean else _reusable(out_dir)
    with timings.stage("render"):
        rendered = render_site(config, articles, catalog=catalog, stances=stances, sources=sources, static=static, env=env,
                               timings=timings, reuse=previous, setting=setting, jobs=jobs)
    with timings.stage("search index"):
        made_before = {} if clean else read_inputs(out_dir)
        search, search_inputs = _search_index(rendered.files, out_dir, previous, made_before)
    rendered.files.update(search)
    record_warnings = [w.message for a in rendered.model.articles.values() for w in a.warnings]
    warnings = (*record_warnings, *rendered.warnings, *missing)
    if config.strict and (warnings or failures):
        listed = "".join(f"\n  failed: {f}" for f in failures) + "".join(f"\n  warning: {w}" for w in warnings)
        raise BuildError(
            f"{len(warnings)} warning(s) and {len(failures)} failure(s) in strict mode; the site was not written "
            f"(fix them, or build without --strict):{listed}"
        )
    made_from = {**rendered.fingerprints, **search_inputs}
    if stamp is not None:
        made_from[BUILD_INPUTS] = stamp
        made_from[BUILD_REPORT] = json.dumps({
            "articles": len(rendered.model.articles), "files": len(rendered.files), "warnings": list(warnings),
            "skipped": list(rendered.skipped), "failures": list(failures), "notes": list(notes)}, ensure_ascii=False)
    with timings.stage("write"):
        report = write_site(rendered.files, out_dir, clean=clean, inputs=made_from)
    return BuildReport(
        out=report.out,
        articles=len(rendered.model.articles),
        pages=rendered.rendered,
        files=report.files,
        written=report.written,
        unchanged=report.unchanged,
        removed=report.removed,
        warnings=tuple(warnings),
        skipped=rendered.skipped,
        failures=tuple(failures),
        notes=tuple(notes),
        stats=rendered.model.stats,
        timings=timings.items(),
    )


#: The prefix of the manifest's records of what each part of the search index was made from.
SEARCH_INPUT = "search index "
def _setting_digest(config: SiteConfig, env: Environment, static: Mapping[str, bytes]) -> str:
    """A digest of what every page depends on besides its values and templates: code, settings, stylesheet."""
    # The theme folders count by what they hold (the templates' digests, the stylesheet), not by where they are.
    settings = dataclasses.replace(config, templates_dir=None, static_dir=None)
    parts = [repr(settings), repr(sorted((k, repr(v)) for k, v in env.globals.items() if isinstance(v, str))),
             hashlib.sha256(static.get(urls.STYLESHEET, b"")).hexdigest(), record_cache.package_fingerprint()]
    return record_cache.fingerprint(parts, [])


def template_digests(env: Environment, names: Iterable[str]) -> dict[str, str]:
    """For each template, a digest of its source and of every template it extends, includes or imports."""
    sources: dict[str, str] = {}

    def closure(name: str, seen: frozenset[str]) -> list[str]:
        if name not in sources:
            assert env.loader is not None
            sources[name] = env.loader.get_source(env, name)[0]
        found = [name]
        for other in sorted(n for n in meta.find_referenced_templates(env.parse(sources[name])) if n):
            if other not in seen:
                found += closure(other, seen | {name})
        return found

    digests = {}
    for name in sorted(set(names)):
        used = closure(name, frozenset())
        digests[name] = hashlib.sha256("\0".join(f"{n}\0{sources[n]}" for n in sorted(set(used))).encode()).hexdigest()
    return digests


def _reusable(out_dir: Path) -> dict[str, Kept]:
    """The previous build's files that are intact (listed with a digest, present), with what each was made from."""
    try:
        files = read_manifest(out_dir) or {}
    except BuildError:
        return {}
    inputs = read_inputs(out_dir)
    return {path: Kept(digest, inputs.get(path, "")) for path, digest in files.items()
            if digest and (out_dir / path).is_file()}


def _search_index(files: Mapping[str, bytes | Kept], out_dir: Path, previous: Mapping[str, Kept],
                  made_before: Mapping[str, str]) -> tuple[dict[str, bytes | Kept], dict[str, str]]:
    """The search index, and what each part was made from: a part none of whose pages changed is kept as it was."""
    parts = urls.search_parts(path for path in files if INDEXED.fullmatch(path))
    version = pagefind_version()
    made_from = {f"{SEARCH_INPUT}{folder}": hashlib.sha256("\0".join((version, *paths)).encode()).hexdigest()
                 for folder, paths in parts.items()}
    kept: dict[str, bytes | Kept] = {}
    redo: dict[str, dict[str, bytes]] = {}
    for folder, paths in parts.items():
        mine = {path: k for path, k in previous.items() if path.startswith(folder)
                and (folder != BUNDLE or not path.startswith(f"{BUNDLE}part-"))}
        if (mine and made_before.get(f"{SEARCH_INPUT}{folder}") == made_from[f"{SEARCH_INPUT}{folder}"]
                and all(isinstance(files[p], Kept) for p in paths)):
            kept.update(mine)
            continue
        redo[folder] = {}
        for path in paths:
            data = files[path]
            redo[folder][path] = data if isinstance(data, bytes) else (out_dir / path).read_bytes()  # a kept page, as written
    return {**kept, **index_parts(redo)}, made_from


def _refuse_overlap(out_dir: Path, inputs: Sequence[Path]) -> None:
    """The site folder is the build's to fill and empty: it must not hold the seeds or the settings."""
    out = out_dir.resolve()
    for path in inputs:
        resolved = path.resolve()
        if resolved == out or out in resolved.parents:
            raise BuildError(f"{out_dir}: the output folder contains {path}, which a build would delete; "
                             "choose an output folder outside the archive's inputs")
