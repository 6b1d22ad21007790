"""What an article page shows: the body with claims marked, its links, and how the record was read.

Claims are numbered per article, in the order the body first marks them; a
marked sentence carries its claim's number, and each paragraph ends with
notes that link those numbers to the claim pages. The side column lists the
same numbers, so a reader can move between the three.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from archive_site.model import Article, Comment
from archive_site.site import cite, urls
from archive_site.site.claimterms import Highlight
from archive_site.site.model import SiteModel
from archive_site.site.views import Links, date_text, stance_ref, when

log = logging.getLogger(__name__)

#: Origins that mean an editor set the value.
EDITOR_ORIGINS = frozenset({"sidecar", "front-matter"})
#: How a position reads in a claim note, and as the verb before "claim 2" in a marked sentence.
POSITION_TEXT = {"affirms": "makes the claim", "disputes": "disputes it", "reports": "reports it"}
POSITION_VERB = {"affirms": "makes", "disputes": "disputes", "reports": "reports"}

Place = dict[str, Any]
At = Callable[[str | None], Place | None]


def article_body(model: SiteModel, key: str, links: Links) -> dict[str, Any]:
    """Everything the article template needs, as plain values."""
    article = model.articles[key]
    places = _places(article)
    flagged = set(article.flags)

    def at(anchor: str | None) -> Place | None:
        if anchor is None or anchor not in places:
            return None
        return {**places[anchor], "url": links.article(key, anchor)}

    highlights = model.highlights.get(key, ())
    numbers = _claim_numbers(model, article, highlights)
    body = _body(model, article, links, highlights, numbers)
    return {
        "title": article.display_title,
        "article": article,
        "original": urls.external(article.url),
        "when": when(article),
        "estimate": _estimate(article, at),
        "stance": _stance(model, article, links, at),
        "body": body,
        "marked": any(p["notes"] for p in body),
        "claims": _claims(model, article, links, at, numbers),
        "citations": _citations(model, article, links, at),
        "references": _references(model, article, links),
        "comments": [_comment(c) for c in article.comments],
        "comment_count": _count(article.comments),
        "provenance": [
            {
                "field": name,
                "origin": prov.origin,
                "rule": prov.rule,
                "line": prov.line,
                "text": prov.text,
                "confidence": f"{prov.confidence:.2f}",
                "review": name in flagged,
                "note": prov.note,
            }
            for name, prov in sorted(article.provenance.items())
        ],
        "warnings": article.warnings,
        "source_text": links.to(urls.article_source(key)) if key in model.source_texts else None,
        "sidecar": str(PurePosixPath(article.source_name).with_suffix(".yaml")),
        "cite": _cite(model, key, links),
    }


def _cite(model: SiteModel, key: str, links: Links) -> dict[str, str]:
    """The Cite section: a formatted reference and the same record as BibTeX, RIS and CSL-JSON."""
    base = model.config.base_url
    record = cite.cite_record(model.articles[key], urls.absolute(urls.article_page(key), base) if base else None)
    return {
        "reference": cite.reference_text(record),
        "bibtex": cite.bibtex(record),
        "ris": cite.ris(record),
        "csl_json": cite.csl_json(record),
        "bib_file": links.to(urls.ARCHIVE_BIB),
        "ris_file": links.to(urls.ARCHIVE_RIS),
        "csl_file": links.to(urls.ARCHIVE_CSL),
    }


def _places(article: Article) -> dict[str, Place]:
    """Anchor id to how a link to it reads: ``¶ 3`` (paragraph 3) or cited headline 2."""
    places: dict[str, Place] = {
        p.id: {"symbol": "¶", "name": "paragraph", "number": n} for n, p in enumerate(article.paragraphs, start=1)
    }
    for n, ref in enumerate(article.references, start=1):
        places[ref.id] = {"symbol": None, "name": "cited headline", "number": n}
    return places


def _estimate(article: Article, at: At) -> dict[str, Any] | None:
    if article.date is not None or article.date_estimate is None:
        return None
    return {
        "window": when(article)["estimated"],
        "evidence": [
            {
                "phrase": ev.phrase,
                "place": at(ev.paragraph),
                "event": ev.event,
                "bounds": f"{date_text(ev.earliest)} – {date_text(ev.latest)}",
            }
            for ev in article.date_estimate.evidence
        ],
    }


def _stance(model: SiteModel, article: Article, links: Links, at: At) -> dict[str, Any]:
    term = model.stances[model.article_stance[article.key]]
    prov = article.provenance.get("stance")
    labels = {s.id: s.label for s in model.stances.values() if s.id is not None}
    return {
        **stance_ref(model, links, term.slug),
        "classified": term.id is not None,
        "confidence": f"{article.stance.confidence:.2f}",
        "by_editor": prov is not None and prov.origin in EDITOR_ORIGINS,
        "note": prov.note if prov else "",
        "evidence": [
            {"text": e.text, "label": labels.get(e.label, e.label), "weight": f"{e.weight:.2f}", "place": at(e.paragraph)}
            for e in article.stance.evidence
        ],
    }


def _claim_numbers(model: SiteModel, article: Article, highlights: tuple[Highlight, ...]) -> dict[str, int]:
    """Claim slug to its number in this article: claims marked in the body in reading order, then the rest."""
    marked = [model.claim_slugs[article.claims[i].claim] for h in highlights for i in h.mentions]
    listed = [model.claim_slugs[m.claim] for m in article.claims if m.claim in model.claim_slugs]
    return {slug: n for n, slug in enumerate(dict.fromkeys(marked + listed), start=1)}


def _claims(model: SiteModel, article: Article, links: Links, at: At, numbers: dict[str, int]) -> list[dict[str, Any]]:
    """One entry per claim, in number order, with where the article makes, disputes or reports it."""
    groups: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for mention in article.claims:
        slug = model.claim_slugs.get(mention.claim)
        if slug is None:
            continue
        group = groups[slug].setdefault(
            mention.position,
            {"position": mention.position, "text": POSITION_TEXT.get(mention.position, mention.position),
             "places": [], "by_editor": False},
        )
        place = at(mention.paragraph)
        if place is not None and place not in group["places"]:
            group["places"].append(place)
        group["by_editor"] = group["by_editor"] or mention.origin in EDITOR_ORIGINS
    return [
        {
            "number": numbers[slug],
            "label": model.claims[slug].claim.label,
            "url": links.term("claims", slug),
            "positions": list(groups[slug].values()),
        }
        for slug in sorted(groups, key=lambda s: numbers[s])
    ]


def _citations(model: SiteModel, article: Article, links: Links, at: At) -> list[dict[str, Any]]:
    """One entry per cited source, in order of first citation, with the places that cite it."""
    sources: dict[str, dict[str, Any]] = {}
    for citation, slug in zip(article.cited_sources, model.citation_sources[article.key], strict=True):
        entry = sources.setdefault(
            slug, {"name": model.sources[slug].name, "url": links.term("sources", slug), "count": 0, "places": []}
        )
        entry["count"] += 1
        place = at(citation.paragraph)
        if place is not None and place not in entry["places"]:
            entry["places"].append(place)
    return list(sources.values())


def _body(
    model: SiteModel, article: Article, links: Links, highlights: tuple[Highlight, ...], numbers: dict[str, int]
) -> list[dict[str, Any]]:
    marks: dict[str, list[Highlight]] = defaultdict(list)
    for highlight in highlights:
        marks[highlight.paragraph].append(highlight)
    result = []
    for number, paragraph in enumerate(article.paragraphs, start=1):
        segments = _segments(model, article, paragraph.text, marks[paragraph.id], links, numbers)
        notes: dict[tuple[int, str], dict[str, Any]] = {}
        for segment in segments:
            for ref in segment["mark"]["refs"] if segment["mark"] else ():
                notes.setdefault((ref["number"], ref["position"]), ref)
        result.append({"id": paragraph.id, "number": number, "segments": segments, "notes": list(notes.values())})
    return result


def _segments(
    model: SiteModel, article: Article, text: str, highlights: list[Highlight], links: Links, numbers: dict[str, int]
) -> list[dict[str, Any]]:
    """The paragraph cut into plain text and marked claim sentences, each mark with its claims' numbers."""
    segments: list[dict[str, Any]] = []
    cursor = 0
    for highlight in highlights:
        if highlight.start > cursor:
            segments.append({"text": text[cursor : highlight.start], "mark": None})
        refs: dict[tuple[int, str], dict[str, Any]] = {}
        for index in highlight.mentions:
            mention = article.claims[index]
            slug = model.claim_slugs[mention.claim]
            refs.setdefault(
                (numbers[slug], mention.position),
                {
                    "number": numbers[slug],
                    "label": model.claims[slug].claim.label,
                    "url": links.term("claims", slug),
                    "position": mention.position,
                    "text": POSITION_TEXT.get(mention.position, mention.position),
                    "verb": POSITION_VERB.get(mention.position, mention.position),
                },
            )
        mark = {"position": next(iter(refs.values()))["position"], "refs": list(refs.values())}
        segments.append({"text": text[highlight.start : highlight.end], "mark": mark})
        cursor = highlight.end
    if cursor < len(text):
        segments.append({"text": text[cursor:], "mark": None})
    return segments


def _references(model: SiteModel, article: Article, links: Links) -> list[dict[str, Any]]:
    by_anchor: dict[str, str] = {}
    for citation, slug in zip(article.cited_sources, model.citation_sources[article.key], strict=True):
        by_anchor.setdefault(citation.paragraph, slug)
    return [
        {
            "id": ref.id,
            "source": ref.source,
            "headline": ref.headline,
            "source_url": links.term("sources", by_anchor[ref.id]) if ref.id in by_anchor else None,
        }
        for ref in article.references
    ]


def _comment(comment: Comment) -> dict[str, Any]:
    return {
        "number": comment.number,
        "paragraphs": [p.strip() for p in comment.text.split("\n\n") if p.strip()],
        "replies": [_comment(r) for r in comment.replies],
    }


def _count(comments: tuple[Comment, ...]) -> int:
    return sum(1 + _count(c.replies) for c in comments)
