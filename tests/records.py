"""Article records built directly, for tests of stages that come after the loader."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from archive_site.model import Article, Paragraph, Stance


def article(paragraphs: Sequence[str], *, key: str = "a", title: str = "Untitled", **changes: Any) -> Article:
    """An article with these body paragraphs (ids p1, p2, ...) and nothing else known."""
    record = Article(
        key=key,
        source=f"seeds/{key}.txt",
        source_name=f"{key}.txt",
        digest="",
        title=title,
        dek=None,
        authors=(),
        date=None,
        date_estimate=None,
        outlet=None,
        stance=Stance(None, 0.0),
        cited_sources=(),
        claims=(),
        paragraphs=tuple(Paragraph(f"p{i}", text, i) for i, text in enumerate(paragraphs, start=1)),
        comments=(),
    )
    return dataclasses.replace(record, **changes) if changes else record
