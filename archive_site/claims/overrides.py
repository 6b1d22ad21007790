"""Applying an editor's corrections of claim detection (``ClaimOverride``) to detected mentions.

* ``remove`` drops the claim's mentions (in one paragraph, or everywhere);
* ``position`` sets the position of the claim's mentions;
* ``add`` records a mention the detector missed, in the sentence that holds the
  given text (or the whole paragraph when no text is given).

Corrected mentions carry the correction's origin (``sidecar``/``front-matter``)
and confidence 1. A correction that names an unknown claim or paragraph, or
that matches nothing, becomes a warning on the article.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import PurePath

from archive_site.claims.catalog import Catalog
from archive_site.load.sentences import split_sentences
from archive_site.model import Article, ClaimMention, ClaimOverride, LoadWarning, Paragraph

log = logging.getLogger(__name__)


def apply_overrides(
    article: Article, mentions: tuple[ClaimMention, ...], catalog: Catalog
) -> tuple[tuple[ClaimMention, ...], tuple[LoadWarning, ...]]:
    """The mentions with the article's corrections applied, and warnings about corrections that did not apply."""
    if not article.claim_overrides:
        return mentions, ()
    result = list(mentions)
    warnings: list[LoadWarning] = []
    known = {claim.id for claim in catalog.claims}
    paragraphs = {p.id: p for p in article.paragraphs}
    for override in article.claim_overrides:
        # a sidecar's correction is reported against the sidecar (the seed's name with .yaml), at its claims: key
        path = str(PurePath(article.source).with_suffix(".yaml")) if override.origin == "sidecar" else article.source
        where = f"{path}:{override.line}" if override.line is not None else path
        if override.claim not in known:
            warnings.append(
                _warning(
                    "claims.override-unknown-claim",
                    f"{where}: the claims correction names '{override.claim}', which is not in the catalog; "
                    "fix the id or add the claim to claims.yaml",
                    override,
                )
            )
            continue
        if override.paragraph is not None and override.paragraph not in paragraphs:
            warnings.append(
                _warning(
                    "claims.override-unknown-paragraph",
                    f"{where}: the claims correction names paragraph '{override.paragraph}', which the article does not have; "
                    f"use one of p1 to p{len(article.paragraphs)}",
                    override,
                )
            )
            continue
        if override.action == "add" and override.paragraph is None and not override.sentence:
            warnings.append(
                _warning(
                    "claims.override-no-place",
                    f"{where}: the correction adding claim '{override.claim}' says neither where nor which sentence; "
                    "give a paragraph id or a part of the sentence",
                    override,
                )
            )
            continue
        if override.action == "add":
            added = _added(article, override, paragraphs)
            if added is None:
                warnings.append(
                    _warning(
                        "claims.override-text-not-found",
                        f"{where}: the text given for claim '{override.claim}' is not in the article; "
                        "copy a part of the sentence exactly as it stands",
                        override,
                    )
                )
                continue
            result = [m for m in result if not (m.claim == added.claim and m.paragraph == added.paragraph and _overlap(m, added))]
            result.append(added)
            continue
        hit = [m for m in result if m.claim == override.claim and override.paragraph in (None, m.paragraph)]
        if not hit:
            warnings.append(
                _warning(
                    "claims.override-unused",
                    f"{where}: the correction to {override.action} claim '{override.claim}' matches no detected mention; "
                    "remove it, or use 'add'",
                    override,
                )
            )
            continue
        if override.action == "remove":
            result = [m for m in result if m not in hit]
        elif override.position is not None:
            changed = {id(m) for m in hit}
            result = [
                dataclasses.replace(m, position=override.position, origin=override.origin, confidence=1.0)
                if id(m) in changed
                else m
                for m in result
            ]
    order = {p.id: i for i, p in enumerate(article.paragraphs)}
    result.sort(key=lambda m: (order.get(m.paragraph, len(order)), m.start))
    return tuple(result), tuple(warnings)


def _added(article: Article, override: ClaimOverride, paragraphs: dict[str, Paragraph]) -> ClaimMention | None:
    """The mention an ``add`` correction records, or None when its text is not found."""
    candidates = [paragraphs[override.paragraph]] if override.paragraph is not None else list(article.paragraphs)
    position = override.position or "affirms"
    for paragraph in candidates:
        if override.sentence is None:
            start, end = 0, len(paragraph.text)
        else:
            at = paragraph.text.lower().find(override.sentence.strip().lower())
            if at < 0:
                continue
            start, end = next(((a, b) for a, b in split_sentences(paragraph.text) if a <= at < b), (at, at + len(override.sentence)))
        return ClaimMention(
            claim=override.claim,
            paragraph=paragraph.id,
            sentence=paragraph.text[start:end],
            start=start,
            end=end,
            position=position,
            cue="",
            confidence=1.0,
            origin=override.origin,
        )
    return None


def _overlap(a: ClaimMention, b: ClaimMention) -> bool:
    """True when two mentions' sentences overlap."""
    return a.start < b.end and b.start < a.end


def _warning(code: str, message: str, override: ClaimOverride) -> LoadWarning:
    log.warning("%s", message)
    return LoadWarning(code, message, override.line)
