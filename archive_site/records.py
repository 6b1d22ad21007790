"""The record's JSON form and the ``check`` command's table.

:func:`article_json` is the one serialisation of an :class:`Article`; ``check
--json`` and the site's ``archive.json`` both use it, and the README documents it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from archive_site.model import Article, Comment, DateEstimate, Provenance

JSONValue = Any


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _estimate_json(estimate: DateEstimate | None) -> JSONValue:
    if estimate is None:
        return None
    return {
        "earliest": _iso(estimate.earliest),
        "latest": _iso(estimate.latest),
        "evidence": [
            {
                "phrase": ev.phrase,
                "paragraph": ev.paragraph,
                "event": ev.event,
                "earliest": _iso(ev.earliest),
                "latest": _iso(ev.latest),
            }
            for ev in estimate.evidence
        ],
    }


def _comment_json(comment: Comment) -> JSONValue:
    return {
        "number": comment.number,
        "text": comment.text,
        "line": comment.line,
        "replies": [_comment_json(reply) for reply in comment.replies],
    }


def provenance_json(prov: Provenance) -> JSONValue:
    """One field's provenance as JSON."""
    return {
        "origin": prov.origin,
        "rule": prov.rule,
        "line": prov.line,
        "text": prov.text,
        "confidence": round(prov.confidence, 3),
        "note": prov.note,
        "review": prov.needs_review,
    }


def article_json(article: Article) -> dict[str, JSONValue]:
    """The documented JSON record of one article (see README, "Record schema")."""
    return {
        "key": article.key,
        "source": article.source,
        "digest": article.digest,
        "title": article.title,
        "display_title": article.display_title,
        "dek": article.dek,
        "authors": [{"name": a.name, "kind": a.kind} for a in article.authors],
        "date": _iso(article.date),
        "date_estimate": _estimate_json(article.date_estimate),
        "outlet": None
        if article.outlet is None
        else {
            "name": article.outlet.name,
            "slug": article.outlet.slug,
            "kind": article.outlet.kind,
            "homepage": article.outlet.homepage,
        },
        "stance": {
            "label": article.stance.label,
            "confidence": round(article.stance.confidence, 3),
            "evidence": [
                {"paragraph": e.paragraph, "text": e.text, "label": e.label, "weight": round(e.weight, 3)}
                for e in article.stance.evidence
            ],
        },
        "cited_sources": [
            {
                "name": c.name,
                "slug": c.slug,
                "text": c.text,
                "paragraph": c.paragraph,
                "rule": c.rule,
                "line": c.line,
                "confidence": round(c.confidence, 3),
            }
            for c in article.cited_sources
        ],
        "claims": [
            {
                "claim": m.claim,
                "paragraph": m.paragraph,
                "sentence": m.sentence,
                "start": m.start,
                "end": m.end,
                "position": m.position,
                "cue": m.cue,
                "confidence": round(m.confidence, 3),
                "origin": m.origin,
            }
            for m in article.claims
        ],
        "paragraphs": [{"id": p.id, "text": p.text, "line": p.line} for p in article.paragraphs],
        "references": [
            {"id": r.id, "source": r.source, "headline": r.headline, "line": r.line} for r in article.references
        ],
        "comments": [_comment_json(c) for c in article.comments],
        "caption": article.caption,
        "bios": list(article.bios),
        "extras": list(article.extras),
        "url": article.url,
        "tags": list(article.tags),
        "language": article.language,
        "provenance": {name: provenance_json(prov) for name, prov in sorted(article.provenance.items())},
        "flags": list(article.flags),
        "warnings": [{"code": w.code, "message": w.message, "line": w.line} for w in article.warnings],
    }


def check_table(articles: Sequence[Article]) -> str:
    """A plain-text table, one row per article, for ``check``."""
    rows = [("source", "title", "authors", "date", "outlet", "cites", "flags")]
    for art in articles:
        date = art.date.isoformat() if art.date else (
            f"~{art.date_estimate.midpoint:%Y-%m}" if art.date_estimate else "undated"
        )
        rows.append(
            (
                art.source_name,
                _clip(art.display_title, 48),
                _clip(", ".join(a.name for a in art.authors) or "-", 32),
                date,
                _clip(art.outlet.name if art.outlet else "-", 22),
                str(len(art.cited_sources)),
                ",".join(art.flags) or "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
