"""What a build did, and the report of a build that has nothing to do.

Kept apart from the renderer so that a build whose inputs are unchanged
(:func:`up_to_date`) answers without loading the loader, the templates or the
search indexer.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archive_site.build.writer import PENDING, read_inputs, read_manifest
from archive_site.errors import BuildError

if TYPE_CHECKING:
    from archive_site.site.model import Stats


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

    def add(self, name: str, seconds: float) -> None:
        """Count one call of ``name`` that took ``seconds`` (timed elsewhere, in a worker process)."""
        self._seconds[name] = self._seconds.get(name, 0.0) + seconds
        self._counts[name] = self._counts.get(name, 0) + 1

    def items(self) -> tuple[tuple[str, float], ...]:
        """Each stage's name (with its count of calls, when counted) and seconds, in the order first timed."""
        return tuple((f"{k} ({self._counts[k]}×)" if k in self._counts else k, v) for k, v in self._seconds.items())


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
    up_to_date: bool = False
    """Every input was as the last build found it: nothing was read, rendered or written."""

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
        if self.up_to_date:
            lines = [f"built {self.out}: {self.articles} article(s), up to date: no input changed since the last build, "
                     f"{self.pages} page(s) rendered, {self.files} file(s) ({self.written} written, "
                     f"{self.unchanged} unchanged, {self.removed} removed)"]
        else:
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


#: The manifest's record of the fingerprint of every input of the build that wrote it, and of that build's report.
BUILD_INPUTS = "build inputs"
BUILD_REPORT = "build report"


def up_to_date(out_dir: Path, stamp: str) -> BuildReport | None:
    """The report of a build that has nothing to do, or ``None`` when it has something to do.

    Nothing to do: the last build that wrote ``out_dir`` had the inputs whose
    fingerprint is ``stamp``, finished, and every file it wrote is still there.
    """
    made_from = read_inputs(out_dir)
    if made_from.get(BUILD_INPUTS) != stamp or BUILD_REPORT not in made_from:
        return None
    try:
        files = read_manifest(out_dir)
        kept = json.loads(made_from[BUILD_REPORT])
    except (BuildError, ValueError):
        return None
    if not files or any(digest == PENDING for digest in files.values()):
        return None
    folder = f"{os.path.abspath(out_dir)}{os.sep}"
    if len(files) != kept.get("files") or not all(os.path.isfile(folder + path) for path in files):
        return None
    return BuildReport(out=Path(os.path.abspath(out_dir)), articles=kept["articles"], pages=0, files=len(files), written=0,
                       unchanged=len(files), removed=0, warnings=tuple(kept["warnings"]), skipped=tuple(kept["skipped"]),
                       failures=tuple(kept["failures"]), notes=tuple(kept["notes"]), up_to_date=True)
