"""Applying editors' values (front matter, then sidecar) over what the loader extracted.

Precedence: sidecar > front matter > extracted. Every field an editor sets
gets a provenance naming the file, key and line, with confidence 1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Literal

from archive_site.load.frontmatter import Override, Overrides, web_address
from archive_site.load.outlets import OutletBook, unknown_outlet
from archive_site.load.rules.dates import find_dates
from archive_site.load.rules.names import ORG_ENDINGS
from archive_site.model import Article, Author, ClaimOverride, LoadWarning, Provenance, Stance, make_slug


class _Invalid(ValueError):
    """An editor's value has the wrong shape; the message says what shape is wanted."""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise _Invalid("a piece of text")
    return str(value).strip() or None


def _authors(value: Any) -> tuple[Author, ...]:
    items = value if isinstance(value, list) else [value] if value is not None else []
    authors = []
    for item in items:
        if isinstance(item, str) and item.strip():
            name = item.strip()
            authors.append(Author(name, "organization" if ORG_ENDINGS.search(name) else "person"))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            kind = item.get("kind", "person")
            if kind not in ("person", "organization"):
                raise _Invalid("authors whose kind is 'person' or 'organization'")
            authors.append(Author(item["name"].strip(), kind))
        else:
            raise _Invalid("a name, or a list of names or of {name, kind}")
    return tuple(authors)


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    found = find_dates(str(value))
    if len(found) != 1:
        raise _Invalid("a date such as 2024-05-29, or null for undated")
    return found[0].date


def _list(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value] if value is not None else []
    return tuple(str(v).strip() for v in items if str(v).strip())


def _claims(value: Any, origin: str, line: int) -> tuple[ClaimOverride, ...]:
    if not isinstance(value, list):
        raise _Invalid("a list of {claim, paragraph, position} or {claim, remove: true}")
    out = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("claim"), str):
            raise _Invalid("a list of {claim, paragraph, position} or {claim, remove: true}")
        position = item.get("position")
        if position not in (None, "affirms", "disputes", "reports"):
            raise _Invalid("positions 'affirms', 'disputes' or 'reports'")
        action: Literal["add", "remove", "position"] = (
            "remove" if item.get("remove") else ("add" if item.get("add") or item.get("sentence") else "position")
        )
        if action == "position" and position is None:
            raise _Invalid("a 'position' for each claim that is not removed")
        out.append(ClaimOverride(item["claim"], action, _text(item.get("paragraph")), position,
                                 _text(item.get("sentence")), origin, line))  # type: ignore[arg-type]  # origin is checked by the caller
    return tuple(out)


def apply_overrides(article: Article, layers: Sequence[Overrides], book: OutletBook) -> tuple[Article, list[LoadWarning]]:
    """Apply each layer in order (front matter first, sidecar last) and record provenance."""
    warnings: list[LoadWarning] = []
    for layer in layers:
        code = "sidecar" if layer.origin == "sidecar" else "frontmatter"
        for name, override in layer.fields.items():
            override, refused = _web_addresses(name, override)
            for key, value in refused:
                shown = value if len(value) <= 80 else value[:79] + "…"
                warnings.append(LoadWarning(f"{code}.not-web-address",
                                            f"{layer.path}:{override.line}: {key} {shown!r} is not an http(s) address; "
                                            "it was left out of the record and is not linked — write the full address, "
                                            "starting https://", override.line))
            try:
                article = _apply(article, name, override, layer, book)
            except _Invalid as err:
                warnings.append(LoadWarning(f"{code}.invalid-value",
                                            f"{layer.path}:{override.line}: '{override.key}' must be {err}; the value was ignored",
                                            override.line))
    return article, warnings


def _web_addresses(name: str, override: Override) -> tuple[Override, list[tuple[str, str]]]:
    """The override with each link field (``url``, an outlet's ``homepage``) that is not an http(s) address set to None.

    Also returns the refused (key, value) pairs, for the warnings. Values of the
    wrong shape are left for :func:`_apply` to refuse.
    """
    value = override.value
    if name == "url" and _not_web_address(value):
        return replace(override, value=None), [(override.key, str(value))]
    if name == "outlet" and isinstance(value, dict) and _not_web_address(value.get("homepage")):
        return replace(override, value={**value, "homepage": None}), [(f"{override.key}.homepage", str(value["homepage"]))]
    return override, []


def _not_web_address(value: Any) -> bool:
    """True for a piece of text that is set but is not an http(s) address."""
    return isinstance(value, str | int | float) and bool(str(value).strip()) and web_address(str(value)) is None


def _apply(article: Article, name: str, override: Override, layer: Overrides, book: OutletBook) -> Article:
    value = override.value
    setters: dict[str, Callable[[], dict[str, Any]]] = {
        "title": lambda: {"title": _text(value) or article.title},
        "dek": lambda: {"dek": _text(value)},
        "authors": lambda: {"authors": _authors(value)},
        "date": lambda: {"date": _date(value), "date_estimate": None if value is not None else article.date_estimate},
        "outlet": lambda: {"outlet": _outlet(value, book)},
        "url": lambda: {"url": web_address(_text(value))},
        "tags": lambda: {"tags": _list(value)},
        "stance": lambda: {"stance": _stance(value)},
        "claims": lambda: {"claim_overrides": (*article.claim_overrides, *_claims(value, layer.origin, override.line))},
        "language": lambda: {"language": _text(value) or "en"},
        "caption": lambda: {"caption": _text(value)},
        "key": lambda: {"key": make_slug(_text(value) or "", article.key)},
    }
    changes = setters[name]()
    provenance = dict(article.provenance)
    provenance[name] = Provenance(layer.origin, f"{layer.origin}.{override.key}", override.line, repr(value)[:200], 1.0,
                                  f"set in {layer.path}")
    return replace(article, provenance=provenance, **changes)


def _outlet(value: Any, book: OutletBook) -> Any:
    if value is None:
        return None
    if isinstance(value, dict):
        name = _text(value.get("name"))
        if name is None:
            raise _Invalid("an outlet name, or {name, kind, homepage}")
        known = book.resolve(name)
        base = known.ref() if known else unknown_outlet(name)
        homepage = value.get("homepage", base.homepage)
        return replace(base, kind=value.get("kind", base.kind), homepage=web_address(homepage))
    name = _text(value)
    if name is None:
        raise _Invalid("an outlet name, or {name, kind, homepage}")
    known = book.resolve(name)
    return known.ref() if known else unknown_outlet(name)


def _stance(value: Any) -> Stance:
    if value is None:
        return Stance(None, 0.0)
    label = _text(value.get("label")) if isinstance(value, dict) else _text(value)
    return Stance(label, 1.0)
