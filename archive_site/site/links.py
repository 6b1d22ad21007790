"""Orderings across articles: newest first, the timeline, and related articles.

Pure functions over the articles. Nothing here compares every article with every
other: related articles are drawn from inverted indexes (claim, cited source,
outlet), each read in a bounded window around the article, so the cost grows
linearly with the archive.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from archive_site.model import Article

log = logging.getLogger(__name__)

#: How many related articles an article page lists.
RELATED_COUNT = 5
#: How far on either side of an article, in date order, each index is searched for related articles.
RELATED_WINDOW = 10

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

GroupKind = Literal["dated", "estimated", "undated"]


@dataclass(frozen=True, slots=True)
class TimelineGroup:
    """One month of the timeline, or the undated articles."""

    kind: GroupKind
    """``dated`` (printed dates), ``estimated`` (windows inferred from the text) or ``undated``."""
    month: str | None
    """``YYYY-MM``; None for undated articles."""
    label: str
    """``May 2024``; ``Undated`` for undated articles."""
    articles: tuple[str, ...]
    """Article keys, oldest first."""

    @property
    def anchor(self) -> str:
        """The group's id on the timeline page."""
        return f"{self.kind}-{self.month}" if self.month else "undated"


def sort_date(article: Article) -> dt.date | None:
    """The date an article sorts by: its printed date, else its estimate's midpoint, else None."""
    if article.date is not None:
        return article.date
    if article.date_estimate is not None:
        return article.date_estimate.midpoint
    return None


def order_articles(articles: Sequence[Article]) -> list[Article]:
    """Newest first; undated articles without an estimate last; ties by key."""
    by_key = sorted(articles, key=lambda a: a.key)
    return sorted(by_key, key=lambda a: (sort_date(a) is not None, sort_date(a) or dt.date.min), reverse=True)


def oldest_first(keys: Sequence[str], articles: Mapping[str, Article]) -> tuple[str, ...]:
    """Keys re-ordered oldest first, undated last; ties by key."""
    by_key = sorted(keys)
    return tuple(sorted(by_key, key=lambda k: (sort_date(articles[k]) is None, sort_date(articles[k]) or dt.date.min)))


def month_label(month: str) -> str:
    """``2024-05`` as ``May 2024``."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def timeline(ordered: Sequence[Article]) -> tuple[TimelineGroup, ...]:
    """Articles by month, oldest first: each month's dated articles, then its estimated ones; undated last."""
    groups: dict[tuple[str, GroupKind], list[Article]] = defaultdict(list)
    undated: list[Article] = []
    for article in ordered:
        if article.date is not None:
            groups[(f"{article.date:%Y-%m}", "dated")].append(article)
        elif article.date_estimate is not None:
            groups[(f"{article.date_estimate.midpoint:%Y-%m}", "estimated")].append(article)
        else:
            undated.append(article)
    result = []
    for month, kind in sorted(groups, key=lambda mk: (mk[0], mk[1] != "dated")):
        members = groups[(month, kind)][::-1]  # ordered is newest first
        result.append(TimelineGroup(kind, month, month_label(month), tuple(a.key for a in members)))
    if undated:
        result.append(TimelineGroup("undated", None, "Undated", tuple(sorted(a.key for a in undated))))
    return tuple(result)


def related_articles(
    ordered: Sequence[Article],
    article_outlet: Mapping[str, str],
    citation_sources: Mapping[str, tuple[str, ...]],
) -> dict[str, tuple[str, ...]]:
    """For each article, up to :data:`RELATED_COUNT` others, best first.

    Shared claims count most, then shared cited sources, then the same outlet;
    ties go to the article nearest in date, then by key.
    """
    position = {a.key: i for i, a in enumerate(ordered)}
    claims = {a.key: frozenset(m.claim for m in a.claims) for a in ordered}
    sources = {a.key: frozenset(citation_sources.get(a.key, ())) for a in ordered}
    postings: dict[tuple[str, str], list[str]] = defaultdict(list)
    for article in ordered:
        for claim in claims[article.key]:
            postings[("claim", claim)].append(article.key)
        for source in sources[article.key]:
            postings[("source", source)].append(article.key)
        if article.key in article_outlet:
            postings[("outlet", article_outlet[article.key])].append(article.key)
    candidates: dict[str, set[str]] = defaultdict(set)
    for members in postings.values():
        if len(members) < 2:
            continue
        for index, key in enumerate(members):
            candidates[key].update(members[max(0, index - RELATED_WINDOW) : index + RELATED_WINDOW + 1])
    result: dict[str, tuple[str, ...]] = {}
    for article in ordered:
        key = article.key
        outlet = article_outlet.get(key)
        scored = []
        for other in candidates.get(key, ()):
            if other == key:
                continue
            score = (
                len(claims[key] & claims[other]),
                len(sources[key] & sources[other]),
                1 if outlet is not None and article_outlet.get(other) == outlet else 0,
            )
            if any(score):
                scored.append((tuple(-s for s in score), abs(position[key] - position[other]), other))
        result[key] = tuple(other for *_, other in sorted(scored)[:RELATED_COUNT])
    return result
