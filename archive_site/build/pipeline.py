"""The stages in order: configuration, loading, claims and stance, then the site.

Every command goes through here, so ``check``, ``build``, ``serve`` and
``claims suggest`` read the same records the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive_site.build.builder import BuildReport, build_articles
from archive_site.claims import Catalog, annotate_archive, load_catalog, suggest_claims
from archive_site.config import SiteConfig, load_config
from archive_site.load.seeds import LoadedArchive, LoaderSettings, load_seeds
from archive_site.model import Article

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
    return LoaderSettings.default(root, outlets_file=config.outlets_file, events_file=config.events_file)


def read_inputs(root: Path, seeds: Path, overrides: dict[str, Any] | None = None) -> Inputs:
    """Read config (``root/archive.yaml``), seeds and catalog, and annotate the records."""
    return read_with_config(load_config(root, overrides), seeds, root)


def read_with_config(config: SiteConfig, seeds: Path, root: Path | None = None) -> Inputs:
    """Read seeds and catalog for a loaded config, and annotate the records."""
    if root is None:
        root = config.source.parent if config.source is not None else Path(".")
    archive = load_seeds(seeds, loader_settings(root, config))
    catalog = read_catalog(config)
    articles = annotate_with(archive.articles, config, catalog)
    return Inputs(config, archive, articles, catalog)


def read_catalog(config: SiteConfig) -> Catalog:
    """The archive's claims catalog, or :data:`NO_CATALOG` when it has no claims file."""
    if config.claims_file is None or not config.claims_file.is_file():
        return NO_CATALOG
    return load_catalog(config.claims_file)


def annotate_with(articles: Sequence[Article], config: SiteConfig, catalog: Catalog) -> tuple[Article, ...]:
    """Claim mentions and stance for every article (stance only with an empty catalog)."""
    return annotate_archive(articles, catalog, config.stances)


def annotate(root: Path, articles: Sequence[Article]) -> tuple[Article, ...]:
    """Annotate already-loaded articles with the archive's catalog and stances."""
    config = load_config(root)
    return annotate_with(articles, config, read_catalog(config))


def build(config: SiteConfig, seeds: Path, out: Path) -> BuildReport:
    """Load and annotate the seeds with a loaded config, then render and write the site."""
    inputs = read_with_config(config, seeds)
    return _write(inputs, seeds, out)


def build_site(root: Path, seeds: Path, out: Path, *, base_url: str | None = None, strict: bool | None = None) -> BuildReport:
    """Read everything under ``root``, then render and write the site; ``base_url`` and ``strict`` override the config."""
    return _write(read_inputs(root, seeds, {"base_url": base_url, "strict": strict}), seeds, out)


def _write(inputs: Inputs, seeds: Path, out: Path) -> BuildReport:
    return build_articles(
        inputs.config, inputs.articles, out, catalog=inputs.catalog.claims, stances=inputs.config.stances,
        seeds_dir=seeds, failures=tuple(f.message for f in inputs.archive.failures), notes=inputs.archive.notes,
    )


def suggest(root: Path, seeds: Path) -> str:
    """Ready-to-paste catalog entries for claims that recur across articles."""
    inputs = read_inputs(root, seeds)
    return suggest_claims(inputs.articles, inputs.catalog)
