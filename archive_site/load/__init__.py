"""Loading: seed files in, typed :class:`~archive_site.model.Article` records out.

Takes a seeds folder (or one file) and :class:`LoaderSettings` (the outlets book and the
reference events); gives a :class:`LoadedArchive` of records, the seeds that could not be
read, and notes. Each step is a pure function of its inputs: ``text`` decodes and
normalises, ``frontmatter`` and ``overrides`` read front matter and sidecars, ``segment``
splits a page into header, body, tail and comments, ``extract`` applies the field rules
(``rules/``) and ``markdown`` reads Markdown bodies. The only disk access is reading the
seeds and the data files they name. Loading knows nothing of claims, the site or the disk
it is written to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archive_site.load.seeds import LoadedArchive, LoaderSettings, load_file, load_seeds


def __getattr__(name: str) -> Any:
    # Imported on first use: a module of this package (the data files' paths) can be used without the rules.
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from archive_site.load import seeds

    return getattr(seeds, name)

__all__ = ["LoadedArchive", "LoaderSettings", "load_file", "load_seeds"]
