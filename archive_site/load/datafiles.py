"""Which data files the loader reads, and the plausible-date range: known without loading any rule.

The build fingerprints these files before it reads anything (see
:mod:`archive_site.build.stamp`), so this module imports nothing of the loader.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from archive_site.resources import data_file


def default_outlets_path() -> Path:
    """The packaged outlets data file."""
    return data_file("outlets.yaml")


def default_furniture_path() -> Path:
    """The packaged furniture lexicon."""
    return data_file("furniture.yaml")


def default_events_path() -> Path:
    """The packaged reference-events table."""
    return data_file("events.yaml")


def latest_plausible(today: dt.date) -> dt.date:
    """The latest plausible publication date on ``today``: a little after it, for time zones."""
    return today + dt.timedelta(days=2)


def data_paths(root: Path | None, *, outlets_file: Path | None = None,
               events_file: Path | None = None) -> tuple[list[Path], list[Path], Path]:
    """The outlets, furniture and events files the loader reads: packaged, plus the archive's own when present."""
    outlet_paths = [default_outlets_path()]
    if outlets_file is not None:  # named in archive.yaml: it must exist
        outlet_paths.append(outlets_file)
    elif root is not None and (root / "outlets.yaml").is_file():
        outlet_paths.append(root / "outlets.yaml")
    furniture_paths = [default_furniture_path()]
    if root is not None and (root / "furniture.yaml").is_file():
        furniture_paths.append(root / "furniture.yaml")
    events_path = events_file or (root / "events.yaml" if root is not None and (root / "events.yaml").is_file() else None)
    return outlet_paths, furniture_paths, events_path or default_events_path()
