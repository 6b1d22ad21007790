"""The build: read everything, render every file in memory, then hand the lot to the writer.

Nothing is written until every page has rendered, so a failed build leaves the
previous site as it was. The same inputs give byte-identical output.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, TemplateError

from archive_site.build.writer import write_site
from archive_site.config import SiteConfig
from archive_site.errors import BuildError
from archive_site.model import Article, Claim, StanceDef
from archive_site.resources import resource_dir
from archive_site.site import urls
from archive_site.site.model import SiteModel, Stats, build_site_model
from archive_site.site.publish import publish
from archive_site.site.render import PAGE_KINDS, make_environment, render_page

log = logging.getLogger(__name__)

#: The packaged stylesheet folder, copied to ``static/`` in the site.
DEFAULT_STATIC = resource_dir("static")


class Timings:
    """Seconds spent per stage, added up over the calls of a stage; read with :meth:`items`."""

    def __init__(self) -> None:
        self._seconds: dict[str, float] = {}
        self._counts: dict[str, int] = {}

    @contextmanager
    def stage(self, name: str, *, tally: bool = False) -> Iterator[None]:
        """Time a block under ``name`` (``tally``: also count the calls, for per-template lines)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self._seconds[name] = self._seconds.get(name, 0.0) + time.perf_counter() - start
            if tally:
                self._counts[name] = self._counts.get(name, 0) + 1

    def items(self) -> tuple[tuple[str, float], ...]:
        """Each stage's name (with its count of calls, when counted) and seconds, in the order first timed."""
        return tuple((f"{k} ({self._counts[k]}×)" if k in self._counts else k, v) for k, v in self._seconds.items())


@dataclass(frozen=True, slots=True)
class RenderedSite:
    """Every file of the site, in memory."""

    files: dict[str, bytes]
    """Site-relative path to bytes."""
    pages: int
    """HTML pages among them."""
    model: SiteModel
    """The model they were rendered from."""
    skipped: tuple[str, ...]
    """Outputs left out, and why."""
    warnings: tuple[str, ...]
    """What the model noticed."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build read, rendered, wrote, skipped and could not do."""

    out: Path
    """The site folder."""
    articles: int
    """Articles in the site."""
    pages: int
    """HTML pages rendered."""
    files: int
    """Files in the site."""
    written: int
    """Files new or changed on disk."""
    unchanged: int
    """Files left byte for byte as they were."""
    removed: int
    """Files of the previous site that are gone."""
    warnings: tuple[str, ...]
    """Warnings from the records and the site model."""
    skipped: tuple[str, ...]
    """Outputs left out (feeds and sitemap without a base URL)."""
    failures: tuple[str, ...]
    """Seeds that could not be read at all."""
    notes: tuple[str, ...] = ()
    """Files in the seeds folder that were ignored."""
    stats: Stats | None = None
    """The archive's counts."""
    from_cache: int | None = None
    """Records that came from the record cache (``None`` when the build used none)."""
    timings: tuple[tuple[str, float], ...] = ()
    """Seconds per stage and per template, in the order they ran."""

    @property
    def failed(self) -> bool:
        """True when some seed could not be read."""
        return bool(self.failures)

    @property
    def warning_count(self) -> int:
        """Warnings plus failures."""
        return len(self.warnings) + len(self.failures)

    def summary(self) -> str:
        """A few lines for the terminal."""
        cached = f", {self.from_cache} from the cache" if self.from_cache is not None else ""
        lines = [
            f"built {self.out}: {self.articles} article(s){cached}, {self.pages} page(s) rendered, {self.files} file(s) "
            f"({self.written} written, {self.unchanged} unchanged, {self.removed} removed)",
        ]
        problems = _by_file([*(("failed", f) for f in self.failures), *(("warning", w) for w in self.warnings)])
        for source, items in problems.items():
            lines.append(f"{source}:")
            lines += [f"  {kind}: {message}" for kind, message in items]
        lines += [f"skipped: {s}" for s in self.skipped]
        lines += [f"note: {n}" for n in self.notes]
        if problems:
            failures = sum(kind == "failed" for items in problems.values() for kind, _ in items)
            warnings = sum(kind == "warning" for items in problems.values() for kind, _ in items)
            lines.append(f"{failures} failure(s), {warnings} warning(s) in {len(problems)} file(s)")
        return "\n".join(lines)


def _by_file(problems: Sequence[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Each problem once, grouped by the file its message names first (``seeds/x.txt:3: …``), files in order."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for kind, message in problems:
        head = message.split(": ", 1)[0]
        source = head.rsplit(":", 1)[0] if head[-1:].isdigit() and ":" in head else head
        if "/" not in source and "." not in source:
            source = "(the site)"
        items = grouped.setdefault(source, [])
        if (kind, message) not in items:
            items.append((kind, message))
    return dict(sorted(grouped.items()))


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
) -> RenderedSite:
    """Every file of the site, in memory. Pure apart from reading templates.

    ``sources`` maps article keys to their untouched seed bytes (copied as
    ``articles/KEY/source.txt``); ``static`` maps site paths to the static files.
    Raises :class:`BuildError` naming each page that failed to render.
    """
    source_texts = dict(sources or {})
    model = build_site_model(
        articles, catalog, tuple(stances) if stances is not None else config.stances, config,
        source_texts=[a.key for a in articles if a.key in source_texts],
    )
    environment = env or make_environment(stylesheet=(static or {}).get(urls.STYLESHEET))
    specs = model.pages()
    files: dict[str, bytes] = {}
    failures: list[str] = []
    clock = timings or Timings()
    for spec in specs:
        try:
            with clock.stage(f"template {PAGE_KINDS[(spec.kind, spec.term_kind)][0]}", tally=True):
                files[spec.path] = render_page(model, spec, environment)
        except (TemplateError, KeyError, ValueError, TypeError, AttributeError, IndexError) as err:
            log.debug("rendering %s failed", spec.path, exc_info=True)
            failures.append(f"{spec.path}: {type(err).__name__}: {err}")
    if failures:
        shown = "; ".join(failures[:5]) + (f"; and {len(failures) - 5} more" if len(failures) > 5 else "")
        raise BuildError(f"{len(failures)} page(s) failed to render ({shown}); the previous site is left as it was")
    for key in model.source_texts:
        files[urls.article_source(key)] = source_texts[key]
    for path, data in (static or {}).items():
        files[path] = data
    published, skipped = publish(model, specs)
    files.update(published)
    return RenderedSite(files, len(specs), model, skipped, model.warnings)


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
) -> BuildReport:
    """Build the site from records already loaded (and annotated), and write it to ``out_dir``.

    ``clean`` rewrites every file, trusting nothing of the previous output;
    ``timings`` collects the seconds each stage and template took.
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
    with timings.stage("render"):
        rendered = render_site(config, articles, catalog=catalog, stances=stances, sources=sources, static=static, env=env,
                               timings=timings)
    record_warnings = [w.message for a in rendered.model.articles.values() for w in a.warnings]
    warnings = (*record_warnings, *rendered.warnings, *missing)
    if config.strict and (warnings or failures):
        listed = "".join(f"\n  failed: {f}" for f in failures) + "".join(f"\n  warning: {w}" for w in warnings)
        raise BuildError(
            f"{len(warnings)} warning(s) and {len(failures)} failure(s) in strict mode; the site was not written "
            f"(fix them, or build without --strict):{listed}"
        )
    with timings.stage("write"):
        report = write_site(rendered.files, out_dir, clean=clean)
    return BuildReport(
        out=report.out,
        articles=len(rendered.model.articles),
        pages=rendered.pages,
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


def _refuse_overlap(out_dir: Path, inputs: Sequence[Path]) -> None:
    """The site folder is replaced whole: it must not hold the seeds or the settings."""
    out = out_dir.resolve()
    for path in inputs:
        resolved = path.resolve()
        if resolved == out or out in resolved.parents:
            raise BuildError(f"{out_dir}: the output folder contains {path}, which a build would delete; "
                             "choose an output folder outside the archive's inputs")
