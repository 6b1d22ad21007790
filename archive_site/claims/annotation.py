"""Adding claim mentions and a stance to articles: the claims stage of the build."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence

from archive_site.claims.anchors import scanner_for
from archive_site.claims.catalog import Catalog
from archive_site.claims.detect import article_text, detect_mentions
from archive_site.claims.lexicon import features, load_lexicon
from archive_site.claims.overrides import apply_overrides
from archive_site.claims.stance import LEARNED, StanceResult, classify_stance
from archive_site.model import Article, LoadWarning, Provenance, StanceDef

log = logging.getLogger(__name__)

#: Provenance origins that mean an editor set the value; the classifier then leaves it alone.
EDITOR_ORIGINS = ("sidecar", "front-matter")


def annotate(article: Article, catalog: Catalog, stances: Sequence[StanceDef]) -> Article:
    """The article with ``claims`` detected (corrections applied) and ``stance`` classified.

    A stance an editor set (provenance origin ``sidecar`` or ``front-matter``)
    is kept; its provenance note then says so, with what the text's cues
    suggest. Otherwise ``provenance["stance"]`` records the classification.
    """
    if not isinstance(article, Article):
        raise TypeError(f"annotate expects an Article, not {type(article).__name__}")
    doc = article_text(article, with_headings=True)
    doc.scan(scanner_for(catalog, stances))
    mentions, warnings = apply_overrides(article, detect_mentions(article, catalog, doc), catalog)
    words = features([article.title or "", article.dek or "", *(p.text for p in article.paragraphs)])
    result = classify_stance(doc, mentions, catalog, stances, words=words, lexicon=load_lexicon())
    provenance = dict(article.provenance)
    stance = article.stance
    editor = provenance.get("stance")
    if editor is not None and editor.origin in EDITOR_ORIGINS:
        provenance["stance"] = dataclasses.replace(editor, note=_editor_note(editor, result))
        known = {s.id for s in stances}
        if stance.label is not None and stance.label not in known:
            warnings += (_unknown_stance(article, editor, stance.label, known),)
    else:
        stance = result.stance
        provenance["stance"] = _provenance(article, result)
    return dataclasses.replace(
        article,
        claims=mentions,
        stance=stance,
        provenance=provenance,
        warnings=article.warnings + warnings,
    )


def annotate_archive(articles: Sequence[Article], catalog: Catalog, stances: Sequence[StanceDef]) -> tuple[Article, ...]:
    """Annotate every article of an archive, in order."""
    out = tuple(annotate(article, catalog, stances) for article in articles)
    log.info(
        "claims: %s mentions in %s articles; %s unclassified",
        sum(len(a.claims) for a in out),
        len(out),
        sum(1 for a in out if a.stance.label is None),
    )
    return out


def _provenance(article: Article, result: StanceResult) -> Provenance:
    """Where an extracted stance came from: its strongest evidence and the totals."""
    stance = result.stance
    top = next((e for e in stance.evidence if e.label == stance.label), None) if stance.label else None
    line = next((p.line for p in article.paragraphs if top is not None and p.id == top.paragraph), None)
    if stance.label is None:
        note = f"not classified: the evidence is too weak or too mixed ({result.summary()})"
    elif result.rule == "stance.lexicon":
        learned = ", ".join(e.text.removeprefix(LEARNED) for e in stance.evidence if e.text.startswith(LEARNED))
        note = f"inferred from words the lexicon learned from labelled pages ({learned}); the cues alone were too weak ({result.summary()})"
    else:
        note = f"classified from {sum(1 for e in stance.evidence if e.label == stance.label)} pieces of evidence ({result.summary()})"
    return Provenance(
        origin="extracted",
        rule=result.rule,
        line=line,
        text=top.text if top is not None else "",
        confidence=stance.confidence,
        note=note,
    )


def _editor_note(editor: Provenance, result: StanceResult) -> str:
    """The note on a stance an editor set."""
    suggested = result.stance.label or "unclassified"
    kept = f"set by an editor ({editor.origin}); kept. The text's cues suggest {suggested} ({result.summary()})"
    return f"{editor.note}; {kept}" if editor.note else kept


def _unknown_stance(article: Article, editor: Provenance, label: str, known: set[str]) -> LoadWarning:
    """A warning about an editor's stance that is not in the vocabulary."""
    where = f"{article.source}:{editor.line}" if editor.line is not None else article.source
    message = (
        f"{where}: stance '{label}' is not in the stance vocabulary; "
        f"use one of {', '.join(sorted(known))} or add it to the vocabulary"
    )
    log.warning("%s", message)
    return LoadWarning("stance.unknown", message, editor.line)
