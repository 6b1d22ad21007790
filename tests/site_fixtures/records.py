"""Read the fixture archive: hand-written records (archive.json shape) into model.Article objects.

The records in ``archive/records/*.yaml`` follow the keys of ``report.article_json``.
Paragraph ids (``p1``...) and line numbers are given by position; a claim
mention without ``start``/``end`` is placed by finding its sentence in its
paragraph, so the fixture files stay easy to write by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import yaml

from archive_site.config import SiteConfig, load_config
from archive_site.model import (
    Article,
    Author,
    Citation,
    Claim,
    ClaimMention,
    Comment,
    DateEstimate,
    DateEvidence,
    LoadWarning,
    OutletRef,
    Paragraph,
    Provenance,
    Reference,
    Stance,
    StanceEvidence,
)

FIXTURE = Path(__file__).parent
ARCHIVE = FIXTURE / "archive"
GOLDEN = FIXTURE / "golden"


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _comment(data: dict[str, Any]) -> Comment:
    return Comment(str(data["number"]), data["text"], data["line"], tuple(_comment(r) for r in data.get("replies", ())))


def _mention(data: dict[str, Any], paragraphs: dict[str, str]) -> ClaimMention:
    start = data.get("start")
    if start is None:
        start = paragraphs[data["paragraph"]].index(data["sentence"])
    end = data.get("end", start + len(data["sentence"]))
    return ClaimMention(
        data["claim"], data["paragraph"], data["sentence"], start, end, data["position"], data.get("cue", ""),
        data.get("confidence", 1.0), data.get("origin", "extracted"),
    )


def article_from_record(data: dict[str, Any], source_bytes: bytes, source: str) -> Article:
    """One Article from a record in archive.json shape."""
    paragraphs = tuple(
        Paragraph(f"p{i}", text, 10 + 2 * i) for i, text in enumerate(data.get("paragraphs", ()), start=1)
    )
    texts = {p.id: p.text for p in paragraphs}
    est = data.get("date_estimate")
    estimate = None
    if est:
        estimate = DateEstimate(
            _date(est["earliest"]), _date(est["latest"]),  # type: ignore[arg-type]
            tuple(
                DateEvidence(e["phrase"], e.get("paragraph"), e.get("event"), _date(e["earliest"]), _date(e["latest"]))  # type: ignore[arg-type]
                for e in est.get("evidence", ())
            ),
        )
    outlet = data.get("outlet")
    stance = data.get("stance") or {"label": None, "confidence": 0.0}
    return Article(
        key=data["key"],
        source=source,
        source_name=data["source_name"],
        digest=hashlib.sha256(source_bytes).hexdigest(),
        title=data["title"],
        dek=data.get("dek"),
        authors=tuple(Author(a["name"], a["kind"]) for a in data.get("authors", ())),
        date=_date(data.get("date")),
        date_estimate=estimate,
        outlet=OutletRef(outlet["name"], outlet["slug"], outlet.get("kind"), outlet.get("homepage")) if outlet else None,
        stance=Stance(
            stance["label"], stance["confidence"],
            tuple(StanceEvidence(e.get("paragraph"), e["text"], e["label"], e["weight"]) for e in stance.get("evidence", ())),
        ),
        cited_sources=tuple(
            Citation(c["name"], c["slug"], c["text"], c["paragraph"], c["rule"], c["line"], c["confidence"])
            for c in data.get("cited_sources", ())
        ),
        claims=tuple(_mention(m, texts) for m in data.get("claims", ())),
        paragraphs=paragraphs,
        comments=tuple(_comment(c) for c in data.get("comments", ())),
        references=tuple(Reference(r["id"], r.get("source"), r["headline"], r["line"]) for r in data.get("references", ())),
        caption=data.get("caption"),
        bios=tuple(data.get("bios", ())),
        url=data.get("url"),
        provenance={
            name: Provenance(p["origin"], p["rule"], p.get("line"), p.get("text", ""), p["confidence"], p.get("note", ""))
            for name, p in (data.get("provenance") or {}).items()
        },
        warnings=tuple(LoadWarning(w["code"], w["message"], w.get("line")) for w in data.get("warnings", ())),
    )


def load_fixture_articles(folder: Path = ARCHIVE) -> tuple[tuple[Article, ...], dict[str, bytes]]:
    """The fixture's articles and each one's source bytes, by key."""
    articles = []
    sources: dict[str, bytes] = {}
    for path in sorted((folder / "records").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        seed = folder / data["source_name"]
        raw = seed.read_bytes()
        article = article_from_record(data, raw, f"archive/{data['source_name']}")
        articles.append(article)
        sources[article.key] = raw
    return tuple(articles), sources


def load_fixture_catalog(folder: Path = ARCHIVE) -> tuple[Claim, ...]:
    """The fixture's claims catalog."""
    entries = yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8"))
    return tuple(Claim(e["id"], e["statement"], e["label"], e.get("description", "")) for e in entries)


def load_fixture_config(folder: Path = ARCHIVE, **overrides: Any) -> SiteConfig:
    """The fixture's settings (its archive.yaml), with the built-in stance vocabulary for stable output."""
    from dataclasses import replace

    from archive_site.config import BUILTIN_STANCES

    config = load_config(folder, overrides)
    return replace(config, stances=BUILTIN_STANCES, claims_file=None, source=None)


def render_fixture() -> dict[str, bytes]:
    """Every file of the fixture site, rendered in memory (what the golden files hold)."""
    from archive_site.build.builder import read_static, render_site

    articles, sources = load_fixture_articles()
    site = render_site(
        load_fixture_config(), articles, catalog=load_fixture_catalog(), sources=sources, static=read_static()
    )
    return site.files
