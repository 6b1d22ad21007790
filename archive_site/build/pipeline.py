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

from archive_site.config import SiteConfig, load_config
from archive_site.load.seeds import LoadedArchive, LoaderSettings, load_seeds
from archive_site.model import Article

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything read before anything is written."""

    config: SiteConfig
    """The archive's settings."""
    archive: LoadedArchive
    """Loaded seeds, failures and notes."""
    articles: tuple[Article, ...]
    """Records with claims and stance."""
    catalog: Any
    """The claims catalog (``archive_site.claims.Catalog``), or None without one."""


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
    catalog = _catalog(config)
    articles = annotate_with(archive.articles, config, catalog)
    return Inputs(config, archive, articles, catalog)


def _catalog(config: SiteConfig) -> Any:
    if config.claims_file is None or not config.claims_file.is_file():
        return None
    from archive_site.claims import load_catalog

    return load_catalog(config.claims_file)


def annotate_with(articles: Sequence[Article], config: SiteConfig, catalog: Any) -> tuple[Article, ...]:
    """Claim mentions and stance for every article (stance only when there is no catalog)."""
    from archive_site.claims import Catalog, annotate_archive

    return annotate_archive(articles, catalog if catalog is not None else Catalog(()), config.stances)


def annotate(root: Path, articles: Sequence[Article]) -> tuple[Article, ...]:
    """Annotate already-loaded articles with the archive's catalog and stances."""
    config = load_config(root)
    return annotate_with(articles, config, _catalog(config))


def build_site(root: Path, seeds: Path, out: Path, *, base_url: str | None = None) -> Any:
    """Read everything, then render and write the site; returns the builder's report."""
    from archive_site.build.builder import build_articles

    inputs = read_inputs(root, seeds, {"base_url": base_url})
    return build_articles(
        inputs.config, inputs.articles, out, catalog=inputs.catalog if inputs.catalog is not None else (),
        stances=inputs.config.stances, seeds_dir=seeds, failures=tuple(f.message for f in inputs.archive.failures),
        notes=inputs.archive.notes,
    )


def suggest(root: Path, seeds: Path) -> str:
    """Ready-to-paste catalog entries for claims that recur across articles."""
    from archive_site.claims import Catalog, suggest_claims

    inputs = read_inputs(root, seeds)
    return suggest_claims(inputs.articles, inputs.catalog if inputs.catalog is not None else Catalog(()))
