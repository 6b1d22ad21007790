"""Editor-set values: YAML front matter at the top of a seed, and sidecar files beside it.

Both are read into :class:`Overrides`: field name to value, with the line each
value stands on. Malformed YAML never stops a document: it becomes a warning
naming the file and line, and the document is read from its text alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from archive_site.model import LoadWarning, Origin
from archive_site.yamlfile import YamlSyntaxError, compose, to_python

#: Keys an editor may set, with the record field each one sets.
FIELD_KEYS: dict[str, str] = {
    "title": "title", "dek": "dek", "subtitle": "dek", "description": "dek", "summary": "dek",
    "authors": "authors", "author": "authors", "date": "date", "published": "date", "pubdate": "date",
    "outlet": "outlet", "publication": "outlet", "publisher": "outlet", "source": "outlet",
    "url": "url", "link": "url", "tags": "tags", "categories": "tags", "keywords": "tags",
    "stance": "stance", "claims": "claims", "language": "language", "lang": "language",
    "caption": "caption", "slug": "key", "key": "key",
}  # fmt: skip

_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)

#: What a browser trims from both ends of an address before it reads the scheme: C0 controls and space.
_ADDRESS_ENDS = "".join(map(chr, range(0x21)))
#: An http or https address, in any case of its scheme, with a host.
_WEB_ADDRESS = re.compile(r"https?://[^/?#\\\s]+", re.ASCII | re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Override:
    """One value an editor set."""

    value: Any
    """The value as YAML gave it."""
    line: int
    """1-based line of the key in its file."""
    key: str
    """The key as written (``author``, ``published``)."""


@dataclass(frozen=True, slots=True)
class Overrides:
    """The values one front-matter block or sidecar sets."""

    origin: Origin
    """``front-matter`` or ``sidecar``."""
    path: str
    """The file the values came from."""
    fields: dict[str, Override]
    """Record field to the editor's value."""


def web_address(value: object) -> str | None:
    """``value`` as an absolute http(s) address with its ends trimmed, or None when it is anything else.

    Read as a browser reads an ``href``: it trims controls and spaces from the ends
    and drops tabs and newlines inside, so ``JaVaScRiPt:``, `` javascript:`` and
    ``java\\tscript:`` all name the ``javascript`` scheme. Only ``http`` and
    ``https`` are accepted; a value with any other scheme, with no scheme, or with a
    control character inside is not a web address.
    """
    if not isinstance(value, str):
        return None
    address = value.strip(_ADDRESS_ENDS)
    if any(ch < " " or ch == "\x7f" for ch in address):
        return None
    return address if _WEB_ADDRESS.match(address) else None


def split_front_matter(text: str, path: str) -> tuple[Overrides, str, int, list[LoadWarning]]:
    """Cut a leading ``---`` YAML block off ``text``.

    Returns the overrides, the remaining text, the line number the remaining
    text starts on, and warnings. Without a block the text comes back whole.
    """
    m = _FENCE.match(text)
    if m is None:
        return Overrides("front-matter", path, {}), text, 1, []
    block = m.group(1) or ""
    rest_line = text[: m.end()].count("\n") + 1
    overrides, warnings = read_overrides(block, path, "front-matter", first_line=2)
    return overrides, text[m.end() :], rest_line, warnings


def read_overrides(block: str, path: str, origin: Origin, first_line: int = 1) -> tuple[Overrides, list[LoadWarning]]:
    """Read a YAML mapping of editor values; bad YAML and unknown keys become warnings."""
    kind = "front matter" if origin == "front-matter" else "sidecar"
    code = "frontmatter" if origin == "front-matter" else "sidecar"
    try:
        root = compose(block)
        data = to_python(root)
    except YamlSyntaxError as err:
        line = first_line + err.line - 1 if err.line is not None else first_line
        problem = err.problem
        return Overrides(origin, path, {}), [
            LoadWarning(f"{code}.invalid",
                        f"{path}:{line}: {kind} is not valid YAML ({problem}); fix the block or remove it — "
                        "the document was read from its text alone", line)
        ]
    if root is None:
        return Overrides(origin, path, {}), []
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        line = first_line + root.start_mark.line
        return Overrides(origin, path, {}), [
            LoadWarning(f"{code}.not-mapping", f"{path}:{line}: {kind} must be a mapping of field: value; "
                        "write one 'field: value' per line — it was ignored", line)
        ]
    fields: dict[str, Override] = {}
    warnings: list[LoadWarning] = []
    for key_node, _value_node in root.value:
        key = str(key_node.value)
        line = first_line + key_node.start_mark.line
        target = FIELD_KEYS.get(key.casefold())
        if target is None:
            warnings.append(
                LoadWarning(f"{code}.unknown-key",
                            f"{path}:{line}: unknown {kind} key '{key}'; use one of {', '.join(sorted(set(FIELD_KEYS)))} "
                            "— the key was ignored", line)
            )
            continue
        if target == "tags" and "tags" in fields:
            merged = _as_list(fields["tags"].value) + _as_list(data[key])
            fields["tags"] = Override(merged, fields["tags"].line, "tags")
            continue
        fields[target] = Override(data[key], line, key)
    return Overrides(origin, path, fields), warnings


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]
