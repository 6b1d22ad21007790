"""Claims and stances: the catalog, claim detection, stance classification, suggestions.

The public entry points are:

* :func:`load_catalog` reads ``claims.yaml`` into a :class:`Catalog`;
* :func:`load_stances` reads a stance vocabulary (``stances.yaml``);
* :func:`annotate` / :func:`annotate_archive` add claim mentions and a stance to articles;
* :func:`suggest_claims` proposes new catalog entries from sentences several articles share.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archive_site.claims.annotation import annotate, annotate_archive
    from archive_site.claims.catalog import Catalog, CatalogClaim, Cue, load_catalog, load_stances
    from archive_site.claims.suggest import suggest_claims

#: Where each public name lives: imported on first use, so reading the settings (which need the
#: stance vocabulary's reader) does not load the detector and the loader behind it.
_HOMES = {
    "annotate": "annotation", "annotate_archive": "annotation", "Catalog": "catalog", "CatalogClaim": "catalog",
    "Cue": "catalog", "load_catalog": "catalog", "load_stances": "catalog", "suggest_claims": "suggest",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)

__all__ = [
    "Catalog",
    "CatalogClaim",
    "Cue",
    "annotate",
    "annotate_archive",
    "load_catalog",
    "load_stances",
    "suggest_claims",
]
