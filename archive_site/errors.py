"""The one exception tree of archive-site.

Every message names the file, the line where known, the cause, and what to do,
in the form ``seeds/x.txt:3: front matter is not valid YAML (...); fix the
block or remove it``.
"""

from __future__ import annotations

from pathlib import Path


class ArchiveError(Exception):
    """Base of every error archive-site raises on purpose."""


class InputError(ArchiveError):
    """A file the user gave cannot be read as intended."""

    def __init__(self, path: str | Path, cause: str, remedy: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.cause = cause
        self.remedy = remedy
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {cause}; {remedy}")


class SeedError(InputError):
    """A seed document (or its sidecar) is unusable as a whole: empty, binary, too large."""


class ConfigError(InputError):
    """A configuration or data file (archive.yaml, outlets.yaml, claims.yaml) is invalid."""


class BuildError(ArchiveError):
    """The site could not be built; the previous site is left as it was."""
