"""The loader: seed files in, :class:`Article` records out.

:func:`load_document` is a pure function of a seed's bytes, its sidecar's
bytes and the settings; :func:`load_file` and :func:`load_seeds` only add the
reading of files. One bad seed never stops the others: it becomes a
:class:`SeedFailure` in the result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from archive_site.errors import SeedError
from archive_site.load.datafiles import data_paths, default_furniture_path, latest_plausible
from archive_site.load.extract import extract
from archive_site.load.frontmatter import Overrides, read_overrides, split_front_matter
from archive_site.load.header import Furniture, read_furniture
from archive_site.load.markdown import markdown_to_text
from archive_site.load.outlets import OutletBook, read_outlets
from archive_site.load.overrides import apply_overrides
from archive_site.load.rules.events import ReferenceEvent, load_events
from archive_site.load.text import decode
from archive_site.model import Article, LoadWarning, Provenance, Stance, make_slug

log = logging.getLogger(__name__)

#: Seeds larger than this are refused; real articles are far smaller.
DEFAULT_MAX_BYTES = 4 * 1024 * 1024
SEED_SUFFIXES = (".txt", ".md", ".markdown")
SIDECAR_SUFFIXES = (".yaml", ".yml")
_BACKUP_SUFFIXES = ("~", ".swp", ".swo", ".bak", ".orig", ".tmp", ".part")


@dataclass(frozen=True, slots=True)
class LoaderSettings:
    """Everything the loader reads besides the seeds themselves."""

    book: OutletBook
    """Known outlets, agencies and institutions."""
    events: tuple[ReferenceEvent, ...]
    """Reference events for date estimates."""
    furniture: Furniture = field(default_factory=lambda: read_furniture([default_furniture_path()]))
    """Page furniture that is never headline or text (``data/furniture.yaml`` and the archive's own)."""
    max_bytes: int = DEFAULT_MAX_BYTES
    """Seeds larger than this are refused."""
    earliest: dt.date = dt.date(1990, 1, 1)
    """Publication dates before this are not plausible."""
    latest: dt.date = dt.date(2100, 1, 1)
    """Publication dates after this are not plausible (set to a little after today by :meth:`default`)."""
    data_files: tuple[Path, ...] = ()
    """The data files these settings were read from (for the record cache's keys)."""

    @classmethod
    def default(cls, root: Path | None = None, *, today: dt.date | None = None,
                outlets_file: Path | None = None, events_file: Path | None = None) -> LoaderSettings:
        """Packaged data, plus the archive's own ``outlets.yaml`` (or ``outlets_file``) when present."""
        outlet_paths, furniture_paths, events_path = data_paths(root, outlets_file=outlets_file, events_file=events_file)
        today = today or dt.date.today()
        return cls(
            data_files=(*outlet_paths, *furniture_paths, events_path),
            book=read_outlets(outlet_paths),
            furniture=read_furniture(furniture_paths),
            events=load_events(events_path),
            latest=latest_plausible(today),
        )


@dataclass(frozen=True, slots=True)
class SeedFailure:
    """A seed that could not be read at all."""

    source: str
    """Path of the seed."""
    message: str
    """What went wrong and what to do, naming the file (and line)."""


@dataclass(frozen=True, slots=True)
class LoadedArchive:
    """The result of loading a seeds folder."""

    articles: tuple[Article, ...]
    """Records, in file-name order, with unique keys."""
    failures: tuple[SeedFailure, ...]
    """Seeds that could not be read."""
    notes: tuple[str, ...]
    """Files that were ignored, and why."""

    @property
    def warning_count(self) -> int:
        """Warnings over all articles, plus failures."""
        return sum(len(a.warnings) for a in self.articles) + len(self.failures)


def load_document(name: str, data: bytes, settings: LoaderSettings, *, source: str | None = None,
                  sidecar: bytes | None = None, sidecar_name: str | None = None) -> Article:
    """Read one seed's bytes (and its sidecar's) into an article record.

    Raises :class:`SeedError` only when the seed cannot be read as text at
    all (empty, binary, too large); everything else becomes a warning.
    """
    source = source or name
    if len(data) > settings.max_bytes:
        raise SeedError(source, f"the file is {len(data):,} bytes, over the {settings.max_bytes:,}-byte limit for one article",
                        "split it, trim what is not the article, or raise max_bytes in archive.yaml")
    decoded = decode(data, source, settings.book.protected_words)
    warnings: list[LoadWarning] = list(decoded.warnings)
    front, text, first_line, fm_warnings = split_front_matter(decoded.text, source)
    warnings += fm_warnings
    if name.lower().endswith((".md", ".markdown")):
        text = markdown_to_text(text)
    given = front.fields.get("title")
    found = extract(text, first_line, settings.book, settings.events, furniture=settings.furniture,
                    earliest=settings.earliest, latest=settings.latest,
                    given_title=str(given.value) if given is not None and given.value else None)
    layers: list[Overrides] = [front]
    if sidecar is not None:
        side_path = sidecar_name or f"{source}.yaml"
        try:
            side_text = decode(sidecar, side_path).text
        except SeedError as err:
            warnings.append(LoadWarning("sidecar.unreadable", f"{err}; the sidecar was ignored"))
        else:
            side, side_warnings = read_overrides(side_text, side_path, "sidecar")
            layers.append(side)
            warnings += side_warnings
    digest = hashlib.sha256(data + b"\0" + (sidecar or b"")).hexdigest()
    title = found.title
    provenance = dict(found.provenance)
    if title is None:
        provenance["title"] = Provenance("default", "title.none", None, "", 0.0,
                                         "the text prints no headline; pages show an 'Untitled' display title")
    provenance["stance"] = Provenance("default", "stance.none", None, "", 0.0, "not classified")
    article = Article(
        key=make_slug(title or "", Path(name).stem, default="article"),
        source=source, source_name=name, digest=digest, title=title, dek=found.dek, authors=found.authors,
        date=found.date, date_estimate=found.date_estimate, outlet=found.outlet, stance=Stance(None, 0.0),
        cited_sources=found.cited_sources, claims=(), paragraphs=found.paragraphs, comments=found.comments,
        references=found.references, caption=found.caption, bios=found.bios, extras=found.extras,
        provenance=provenance, warnings=tuple(warnings),
    )
    article, override_warnings = apply_overrides(article, layers, settings.book)  # editors' values never touch warnings
    warnings += override_warnings
    if not article.paragraphs:
        warnings.append(LoadWarning("body.empty", f"{source}: no paragraphs of article text were found; "
                                    "check that the file holds the article and not only its headline"))
    if len(warnings) > len(article.warnings):  # the editors' values or an empty body added some
        article = replace(article, warnings=tuple(warnings))
    return article


@dataclass(frozen=True, slots=True)
class SeedInput:
    """One seed's bytes and its sidecar's, as read from disk: the loader's whole input for it."""

    name: str
    """File name (``talks.txt``)."""
    source: str
    """Path as given (``seeds/talks.txt``)."""
    data: bytes
    """The seed's bytes."""
    sidecar: bytes | None = None
    """The sidecar's bytes, when there is one."""
    sidecar_name: str | None = None
    """The sidecar's path."""


def read_seed(path: Path, settings: LoaderSettings, *, source: str | None = None) -> SeedInput:
    """A seed file's bytes and its sidecar's (``NAME.yaml`` beside it); :class:`SeedError` when unreadable."""
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise SeedError(path, f"the file is {size:,} bytes, over the {settings.max_bytes:,}-byte limit for one article",
                            "split it, trim what is not the article, or raise max_bytes in archive.yaml")
        data = path.read_bytes()
        sidecar_path = _sidecar_for(path)
        sidecar = sidecar_path.read_bytes() if sidecar_path is not None else None
    except OSError as err:
        raise SeedError(path, f"cannot be read ({err.strerror})", "check the file's permissions") from err
    return SeedInput(path.name, source or str(path), data, sidecar, str(sidecar_path) if sidecar_path else None)


def load_input(seed: SeedInput, settings: LoaderSettings) -> Article:
    """:func:`load_document` of a :class:`SeedInput`."""
    return load_document(seed.name, seed.data, settings, source=seed.source, sidecar=seed.sidecar,
                         sidecar_name=seed.sidecar_name)


def load_file(path: Path, settings: LoaderSettings, *, source: str | None = None) -> Article:
    """Read one seed file and its sidecar (``NAME.yaml`` beside it) into a record."""
    return load_input(read_seed(path, settings, source=source), settings)


def failure_of(path: Path | str, err: Exception) -> SeedFailure:
    """What a seed that could not be read becomes: its :class:`SeedError`'s message, or, for anything no rule
    expected, a message saying it is a bug. One seed never stops the others."""
    if isinstance(err, SeedError):
        log.info("%s", err)  # listed once, with the other problems, by the command that loads
        return SeedFailure(str(path), str(err))
    message = (f"{path}: reading it failed unexpectedly ({type(err).__name__}: {err}); the other seeds were read — "
               "please report this, with the file, as a bug of archive-site")
    log.info("%s", message, exc_info=log.isEnabledFor(logging.DEBUG))
    return SeedFailure(str(path), message)


def _sidecar_for(path: Path) -> Path | None:
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def _skipped_silently(name: str) -> bool:
    return name.startswith((".", "#", "~")) or name.endswith(_BACKUP_SUFFIXES) or (name.startswith("#") and name.endswith("#"))


def discover(folder: Path) -> tuple[list[Path], list[str]]:
    """Seed files in a folder (sorted by name) and notes on the files that were ignored."""
    if not folder.is_dir():
        raise SeedError(folder, "is not a folder", "pass the folder that holds the seeds with --seeds")
    seeds: list[Path] = []
    notes: list[str] = []
    names = {p.name for p in folder.iterdir()}
    inside = folder.resolve()
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        name = path.name
        if _skipped_silently(name) or path.is_dir():
            continue
        if path.is_symlink() and inside not in path.resolve().parents:
            notes.append(f"{path}: a link to a file outside the seeds folder; not followed")
            continue
        lower = name.lower()
        if lower.endswith(SEED_SUFFIXES):
            seeds.append(path)
        elif lower.endswith(SIDECAR_SUFFIXES):
            stem = Path(name).stem
            if not any(f"{stem}{s}" in names for s in SEED_SUFFIXES):
                notes.append(f"{path}: sidecar without a seed named {stem}.txt or {stem}.md; ignored")
        else:
            notes.append(f"{path}: not a seed (.txt, .md) or sidecar (.yaml); ignored")
    return seeds, notes


def load_seeds(folder: Path, settings: LoaderSettings, *, paths: Sequence[Path] | None = None) -> LoadedArchive:
    """Load every seed of a folder; a seed that fails is reported and the rest still load."""
    seeds, notes = discover(folder)
    if paths is not None:
        seeds = list(paths)
    articles: list[Article] = []
    failures: list[SeedFailure] = []
    for path in seeds:
        try:
            articles.append(load_file(path, settings))
        except Exception as err:  # RecursionError and MemoryError too: one seed never stops the others
            failures.append(failure_of(path, err))
    return LoadedArchive(unique_keys(articles), tuple(failures), tuple(notes))


def unique_keys(articles: Sequence[Article]) -> tuple[Article, ...]:
    """Give articles that share a key deterministic suffixes (``-2``, ``-3``) and warn about each."""
    taken: dict[str, str] = {}
    out: list[Article] = []
    for article in sorted(articles, key=lambda a: a.source_name):
        key = article.key
        if key in taken:
            n = 2
            while f"{key}-{n}" in taken:
                n += 1
            new_key = f"{key}-{n}"
            warning = LoadWarning("title.duplicate", f"{article.source}: has the same title as {taken[key]}; "
                                  f"its page is '{new_key}' — give one of them a distinct title or a 'slug' in a sidecar")
            article = replace(article, key=new_key, warnings=(*article.warnings, warning))
            key = new_key
        taken[key] = article.source
        out.append(article)
    return tuple(out)
