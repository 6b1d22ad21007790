"""Taxonomy terms of the site: outlets, authors, cited sources and stances.

Each term owns its slug and holds article keys, never copies. The builders are
pure functions over the articles, called by :func:`archive_site.site.model.build_site_model`.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from archive_site.model import Article, StanceDef
from archive_site.site import urls

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outlet:
    """A publication with articles in the archive."""

    name: str
    """Display name."""
    slug: str
    """URL slug, unique among outlets."""
    kind: str | None
    """wire, newspaper, magazine, ...; None when unknown."""
    homepage: str | None
    """The outlet's home page, when known."""
    articles: tuple[str, ...]
    """Keys of its articles, newest first."""
    authors: tuple[str, ...]
    """Slugs of authors who wrote for it, most articles first."""
    stance_mix: tuple[tuple[str, int], ...]
    """Stance slug and number of its articles with that stance, in vocabulary order."""
    top_sources: tuple[tuple[str, int], ...]
    """Slugs of the sources its articles cite most, with citation counts."""


@dataclass(frozen=True, slots=True)
class Author:
    """A person or organisation credited with articles."""

    name: str
    """Display name."""
    slug: str
    """URL slug, unique among authors."""
    kind: str
    """``person`` or ``organization``."""
    articles: tuple[str, ...]
    """Keys of their articles, newest first."""
    outlets: tuple[str, ...]
    """Slugs of the outlets they wrote for."""


@dataclass(frozen=True, slots=True)
class CitationRef:
    """One citation inside one article."""

    article: str
    """Key of the citing article."""
    index: int
    """Index of the citation in the article's ``cited_sources``."""


@dataclass(frozen=True, slots=True)
class CitedSource:
    """A publication, agency or institution that articles rely on."""

    name: str
    """Display name."""
    slug: str
    """URL slug, unique among cited sources."""
    articles: tuple[str, ...]
    """Keys of the articles that cite it, newest first."""
    citations: tuple[CitationRef, ...]
    """Every citing sentence, in article order."""
    outlet: str | None
    """Slug of the outlet of the same name, when it also publishes in the archive."""


@dataclass(frozen=True, slots=True)
class StanceTerm:
    """One stance of the vocabulary, or the articles nobody has classified."""

    id: str | None
    """Stance id, None for unclassified articles."""
    slug: str
    """URL slug (``unclassified`` for None)."""
    label: str
    """Display label."""
    description: str
    """What an article must argue to carry it."""
    articles: tuple[str, ...]
    """Keys of its articles, newest first."""
    in_vocabulary: bool = True
    """False for a label an article carries but the vocabulary lacks."""


def identity(name: str) -> str:
    """Names that differ only in case or spacing name the same author or source."""
    return " ".join(name.split()).casefold()


def dedupe(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order, each once."""
    return tuple(dict.fromkeys(items))


def assign(
    pairs: Iterable[tuple[str, str]], warnings: list[str], what: str, reserved: Iterable[str] = ()
) -> dict[str, str]:
    """Identity to unique slug; each collision becomes a warning."""
    slugs, collisions = urls.assign_slugs(pairs, reserved)
    warnings.extend(
        f"{what} {c.name!r} would share the slug {c.wanted!r} with {c.taken_by!r}; its pages use {c.slug!r}"
        for c in collisions
    )
    return slugs


def stance_terms(
    ordered: Sequence[Article], vocabulary: Sequence[StanceDef], warnings: list[str]
) -> tuple[dict[str, StanceTerm], dict[str, str]]:
    """Stance terms (vocabulary order, labels outside it next, unclassified last) and article key to stance slug."""
    known = {s.id: s for s in vocabulary}
    members: dict[str | None, list[str]] = defaultdict(list)
    for article in ordered:
        members[article.stance.label].append(article.key)
    extra = sorted(label for label in members if label is not None and label not in known)
    for label in extra:
        warnings.append(f"stance {label!r} is not in the stance vocabulary; add it to archive.yaml under stances:")
    pairs = [(s.id, s.id) for s in vocabulary] + [(label, label) for label in extra]
    slugs = assign(pairs, warnings, "stance", reserved=[urls.UNCLASSIFIED])
    terms: dict[str, StanceTerm] = {}
    for stance in vocabulary:
        terms[slugs[stance.id]] = StanceTerm(
            stance.id, slugs[stance.id], stance.label, stance.description, tuple(members.get(stance.id, ()))
        )
    for label in extra:
        terms[slugs[label]] = StanceTerm(label, slugs[label], label, "", tuple(members[label]), in_vocabulary=False)
    terms[urls.UNCLASSIFIED] = StanceTerm(
        None, urls.UNCLASSIFIED, "Unclassified", "Articles the classifier could not place with confidence.",
        tuple(members.get(None, ())),
    )
    article_stance = {a.key: slugs[a.stance.label] if a.stance.label else urls.UNCLASSIFIED for a in ordered}
    return terms, article_stance


def outlet_terms(
    ordered: Sequence[Article],
    slugs: dict[str, str],
    article_outlet: dict[str, str],
    article_authors: dict[str, tuple[str, ...]],
    citation_sources: dict[str, tuple[str, ...]],
    article_stance: dict[str, str],
    stances_by_slug: dict[str, StanceTerm],
) -> dict[str, Outlet]:
    """Outlet terms by name, each with its authors, stance mix and most-cited sources."""
    first: dict[str, Article] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for article in ordered:
        if article.key in article_outlet:
            slug = article_outlet[article.key]
            first.setdefault(slug, article)
            members[slug].append(article.key)
    result: dict[str, Outlet] = {}
    for name, slug in sorted(slugs.items(), key=lambda item: (item[0].casefold(), item[1])):
        ref = first[slug].outlet
        assert ref is not None
        keys = members[slug]
        authors = Counter(s for k in keys for s in article_authors[k])
        sources = Counter(s for k in keys for s in citation_sources[k])
        stances = Counter(article_stance[k] for k in keys)
        result[slug] = Outlet(
            name=name,
            slug=slug,
            kind=ref.kind,
            homepage=ref.homepage,
            articles=tuple(keys),
            authors=tuple(s for s, _ in sorted(authors.items(), key=lambda kv: (-kv[1], kv[0]))),
            stance_mix=tuple((s, stances[s]) for s in stances_by_slug if stances[s]),
            top_sources=tuple(sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))[:10]),
        )
    return result


def author_terms(
    ordered: Sequence[Article],
    slugs: dict[str, str],
    article_authors: dict[str, tuple[str, ...]],
    article_outlet: dict[str, str],
) -> dict[str, Author]:
    """Author terms by name."""
    shown: dict[str, tuple[str, str]] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for article in ordered:
        for author in article.authors:
            shown.setdefault(slugs[identity(author.name)], (author.name, author.kind))
        for slug in article_authors[article.key]:
            members[slug].append(article.key)
    result: dict[str, Author] = {}
    for slug in sorted(shown, key=lambda s: (shown[s][0].casefold(), s)):
        keys = members[slug]
        outlets = dedupe(article_outlet[k] for k in keys if k in article_outlet)
        result[slug] = Author(shown[slug][0], slug, shown[slug][1], tuple(keys), outlets)
    return result


def source_terms(
    ordered: Sequence[Article],
    slugs: dict[str, str],
    citation_sources: dict[str, tuple[str, ...]],
    outlets: dict[str, Outlet],
) -> dict[str, CitedSource]:
    """Cited-source terms by name, each with every citing sentence."""
    names: dict[str, str] = {}
    refs: dict[str, list[CitationRef]] = defaultdict(list)
    for article in ordered:
        pairs = zip(article.cited_sources, citation_sources[article.key], strict=True)
        for index, (citation, slug) in enumerate(pairs):
            names.setdefault(slug, citation.name)
            refs[slug].append(CitationRef(article.key, index))
    outlet_by_name = {identity(o.name): o.slug for o in outlets.values()}
    result: dict[str, CitedSource] = {}
    for slug in sorted(names, key=lambda s: (names[s].casefold(), s)):
        keys = dedupe(r.article for r in refs[slug])
        outlet = outlet_by_name.get(identity(names[slug]))
        result[slug] = CitedSource(names[slug], slug, keys, tuple(refs[slug]), outlet)
    return result
