"""Claims and stances: the catalog, claim detection, stance classification, suggestions.

The public entry points are:

* :func:`load_catalog` reads ``claims.yaml`` into a :class:`Catalog`;
* :func:`load_stances` reads a stance vocabulary (``stances.yaml``);
* :func:`annotate` / :func:`annotate_archive` add claim mentions and a stance to articles;
* :func:`suggest_claims` proposes new catalog entries from sentences several articles share.
"""

from __future__ import annotations

from archive_site.claims.annotate import annotate, annotate_archive
from archive_site.claims.catalog import Catalog, CatalogClaim, Cue, load_catalog, load_stances
from archive_site.claims.suggest import suggest_claims

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
