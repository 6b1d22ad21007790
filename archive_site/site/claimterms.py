"""Claims across the archive: who affirms, disputes or reports each one, and where to mark it.

Pure functions over the articles and the claims catalog. Mentions are held as
references (article key, index into ``Article.claims``), never copies.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from archive_site.model import Article, Claim, ClaimMention, Position
from archive_site.site import urls
from archive_site.site.links import oldest_first

log = logging.getLogger(__name__)

POSITIONS: tuple[Position, ...] = ("affirms", "disputes", "reports")
#: How many related claims a claim page lists.
RELATED_CLAIMS = 5


@dataclass(frozen=True, slots=True)
class MentionRef:
    """One claim mention inside one article."""

    article: str
    """Key of the article."""
    index: int
    """Index of the mention in the article's ``claims``."""


@dataclass(frozen=True, slots=True)
class ClaimTerm:
    """One catalog claim and every article that mentions it."""

    claim: Claim
    """The catalog entry."""
    slug: str
    """URL slug, unique among claims."""
    affirms: tuple[MentionRef, ...]
    """Mentions that make the claim, oldest first."""
    disputes: tuple[MentionRef, ...]
    """Mentions that dispute it, oldest first."""
    reports: tuple[MentionRef, ...]
    """Mentions that only report it, oldest first."""
    articles: tuple[str, ...]
    """Keys of the articles that mention it, oldest first."""
    first: MentionRef | None
    """The earliest dated mention that makes or reports the claim."""
    one_sided: str | None
    """Slug of the only stance whose articles make the claim, when the archive has several stances."""
    related: tuple[tuple[str, int], ...]
    """Slugs of claims mentioned by the same articles, with how many articles they share."""

    def column(self, position: str) -> tuple[MentionRef, ...]:
        """The mentions of one position."""
        return {"affirms": self.affirms, "disputes": self.disputes, "reports": self.reports}[position]


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One outlet's row of the outlet by claim table."""

    outlet: str | None
    """Outlet slug; None for articles whose outlet is unknown."""
    cells: tuple[tuple[int, int, int], ...]
    """For each claim column: articles that affirm, dispute, report it."""


@dataclass(frozen=True, slots=True)
class ClaimMatrix:
    """Which outlets make, dispute or report which claims."""

    claims: tuple[str, ...]
    """Claim slugs of the columns: claims mentioned at least once, catalog order."""
    rows: tuple[MatrixRow, ...]
    """One row per outlet with a mention, by outlet name; unknown outlet last."""


@dataclass(frozen=True, slots=True)
class Highlight:
    """A span of a paragraph to mark as making, disputing or reporting claims."""

    paragraph: str
    """Paragraph id."""
    start: int
    """Start offset in the paragraph's text."""
    end: int
    """End offset (exclusive)."""
    mentions: tuple[int, ...]
    """Indexes into the article's ``claims`` of the mentions this span stands for."""


def build_claims(
    articles: Mapping[str, Article],
    catalog: Sequence[Claim],
    article_outlet: Mapping[str, str],
    article_stance: Mapping[str, str],
    outlet_order: Mapping[str, object],
    warnings: list[str],
) -> tuple[dict[str, ClaimTerm], dict[str, str], ClaimMatrix]:
    """Claim terms (catalog order), claim id to slug, and the outlet by claim matrix."""
    slugs, collisions = urls.assign_slugs((c.id, c.id) for c in catalog)
    warnings.extend(f"claim {c.name!r} would share the slug {c.wanted!r}; its page uses {c.slug!r}" for c in collisions)
    columns: dict[str, dict[str, list[MentionRef]]] = {c.id: {p: [] for p in POSITIONS} for c in catalog}
    unknown: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    for key, article in articles.items():
        for index, mention in enumerate(article.claims):
            if mention.claim in columns and mention.position in POSITIONS:
                columns[mention.claim][mention.position].append(MentionRef(key, index))
            elif mention.claim in columns:
                warnings.append(f"{article.source}: claim {mention.claim!r} has unknown position {mention.position!r}")
            else:
                unknown[mention.claim] += 1
        known = sorted({m.claim for m in article.claims if m.claim in columns})
        together.update(combinations(known, 2))
    for claim_id, count in sorted(unknown.items()):
        warnings.append(f"{count} mention(s) of claim {claim_id!r}, which the claims catalog lacks, are not shown")
    neighbours: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (a, b), count in together.items():
        neighbours[a].append((count, b))
        neighbours[b].append((count, a))
    stances_in_use = {s for s in article_stance.values() if s != urls.UNCLASSIFIED}
    terms: dict[str, ClaimTerm] = {}
    for claim in catalog:
        if slugs[claim.id] in terms:
            continue
        cols = {p: _by_date(refs, articles) for p, refs in columns[claim.id].items()}
        keys = oldest_first(list({r.article for refs in cols.values() for r in refs}), articles)
        makers = {article_stance[r.article] for r in cols["affirms"]} - {urls.UNCLASSIFIED}
        related = sorted(neighbours[claim.id], key=lambda cb: (-cb[0], cb[1]))[:RELATED_CLAIMS]
        terms[slugs[claim.id]] = ClaimTerm(
            claim=claim,
            slug=slugs[claim.id],
            affirms=cols["affirms"],
            disputes=cols["disputes"],
            reports=cols["reports"],
            articles=keys,
            first=_first(cols["affirms"] + cols["reports"], articles),
            one_sided=next(iter(makers)) if len(makers) == 1 and len(stances_in_use) > 1 else None,
            related=tuple((slugs[other], count) for count, other in related),
        )
    return terms, {c.id: slugs[c.id] for c in catalog}, _matrix(terms, articles, article_outlet, outlet_order)


def _by_date(refs: list[MentionRef], articles: Mapping[str, Article]) -> tuple[MentionRef, ...]:
    order = {k: i for i, k in enumerate(oldest_first(list({r.article for r in refs}), articles))}
    return tuple(sorted(refs, key=lambda r: (order[r.article], r.index)))


def _first(refs: tuple[MentionRef, ...], articles: Mapping[str, Article]) -> MentionRef | None:
    dated = [r for r in refs if articles[r.article].date is not None]
    if not dated:
        return None
    return min(dated, key=lambda r: (articles[r.article].date, r.article, r.index))


def _matrix(
    terms: Mapping[str, ClaimTerm],
    articles: Mapping[str, Article],
    article_outlet: Mapping[str, str],
    outlet_order: Mapping[str, object],
) -> ClaimMatrix:
    columns = tuple(slug for slug, term in terms.items() if term.articles)
    counts: dict[str | None, dict[str, list[set[str]]]] = defaultdict(
        lambda: {c: [set(), set(), set()] for c in columns}
    )
    for slug in columns:
        for position_index, position in enumerate(POSITIONS):
            for ref in terms[slug].column(position):
                counts[article_outlet.get(ref.article)][slug][position_index].add(ref.article)
    order = {slug: i for i, slug in enumerate(outlet_order)}
    rows = sorted(counts, key=lambda o: (o is None, order.get(o, 0) if o is not None else 0))
    return ClaimMatrix(
        columns,
        tuple(
            MatrixRow(outlet, tuple((len(c[0]), len(c[1]), len(c[2])) for c in (counts[outlet][s] for s in columns)))
            for outlet in rows
        ),
    )


def resolve_highlights(
    ordered: Sequence[Article], claim_slugs: Mapping[str, str], warnings: list[str]
) -> dict[str, tuple[Highlight, ...]]:
    """For each article, the spans of its body to mark, non-overlapping, in reading order.

    A mention is placed by its offsets when they fall inside its paragraph, else
    by finding its sentence in the paragraph; otherwise it is reported and left
    unmarked. Mentions of the same span share one mark.
    """
    result: dict[str, tuple[Highlight, ...]] = {}
    for article in ordered:
        texts = {p.id: p.text for p in article.paragraphs}
        spans: dict[tuple[str, int, int], list[int]] = defaultdict(list)
        for index, mention in enumerate(article.claims):
            if mention.claim not in claim_slugs:
                continue
            span = _place(mention, texts.get(mention.paragraph))
            if span is None:
                warnings.append(
                    f"{article.source}: the mention of claim {mention.claim!r} in {mention.paragraph} does not match "
                    "the paragraph's text; it is listed but not marked in the body"
                )
                continue
            spans[(mention.paragraph, *span)].append(index)
        order = {p.id: i for i, p in enumerate(article.paragraphs)}
        kept: list[Highlight] = []
        for paragraph, start, end in sorted(spans, key=lambda s: (order[s[0]], s[1], -s[2])):
            if kept and kept[-1].paragraph == paragraph and start < kept[-1].end:
                log.debug("%s: overlapping claim spans in %s; keeping the first", article.key, paragraph)
                continue
            kept.append(Highlight(paragraph, start, end, tuple(spans[(paragraph, start, end)])))
        result[article.key] = tuple(kept)
    return result


def _place(mention: ClaimMention, text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    if 0 <= mention.start < mention.end <= len(text):
        return mention.start, mention.end
    found = text.find(mention.sentence) if mention.sentence else -1
    return (found, found + len(mention.sentence)) if found >= 0 else None
