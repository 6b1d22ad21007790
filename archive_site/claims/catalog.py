"""Reading the claims catalog (``claims.yaml``) and a stance vocabulary (``stances.yaml``).

The YAML is composed into nodes first, so every schema error names the file,
the line and the key at fault. ``claims.yaml`` documents its own format at its
top; in short, a claim is::

    - id: neither-side-can-win           # slug
      statement: Neither side can win the war outright on the battlefield.
      label: No military victory
      description: optional background
      cues:                              # any one cue finds the claim in a sentence
        - unwinnable                       # a term: regular expression matched at a word start
        - {all: [nuclear, "risk|danger"], within: 12}   # every term within 12 words
        - {all: [putin, offer, talks], ordered: true}  # ... and in this order
        - {regex: "no military solution"}
      dispute_cues: [...]                # cues that find the claim being disputed
      stance: {affirms: for-talks}       # stance evidence given by a position on the claim
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import get_args

import yaml

from archive_site.claims.terms import Term, combine_terms, compile_term
from archive_site.errors import ConfigError
from archive_site.model import Claim, Position, StanceDef
from archive_site.yamlfile import read_file

log = logging.getLogger(__name__)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CLAIM_KEYS = ("id", "statement", "label", "description", "cues", "dispute_cues", "stance")
_CUE_KEYS = ("all", "within", "regex", "unless", "across_sentences", "ordered")
_STANCE_KEYS = ("id", "label", "description", "cues", "reporting")
_TEXT_TAG = "tag:yaml.org,2002:str"
_POSITIONS: tuple[str, ...] = get_args(Position)

#: Word distance allowed between the terms of an ``all`` cue when ``within`` is not given.
DEFAULT_WITHIN = 12


@dataclass(frozen=True, slots=True)
class Cue:
    """One compiled cue of a claim: terms that must all match close together in a sentence."""

    text: str
    """The cue as it is shown in a mention (``all: ceasefire + front ?lines? within 12``)."""
    terms: tuple[Term, ...]
    """Terms that must all match."""
    within: int = DEFAULT_WITHIN
    """Largest number of words from the first matched term to the last."""
    unless: tuple[Term, ...] = ()
    """Terms that, matching anywhere in the sentence, cancel the cue."""
    across_sentences: bool = False
    """Whether the terms may be spread over two consecutive sentences of a paragraph."""
    ordered: bool = False
    """Whether the terms must appear in the order they are listed."""
    line: int | None = None
    """Line of the cue in the catalog file."""


@dataclass(frozen=True, slots=True)
class CatalogClaim:
    """A catalog claim with its compiled cues."""

    claim: Claim
    """The claim record."""
    cues: tuple[Cue, ...]
    """Cues that find the claim."""
    dispute_cues: tuple[Cue, ...] = ()
    """Cues that find the claim being disputed; near a cue match they turn it into a dispute."""
    stance: tuple[tuple[str, str], ...] = ()
    """``(position, stance id)`` pairs: a position on this claim is evidence for that stance."""
    line: int | None = None
    """Line of the claim in the catalog file."""


@dataclass(frozen=True, slots=True)
class Catalog:
    """The claims catalog, ready for detection."""

    claims: tuple[Claim, ...]
    """The claims, in file order."""
    entries: tuple[CatalogClaim, ...] = ()
    """The claims with their compiled cues, in file order."""
    path: str = ""
    """File the catalog was read from."""

    def entry(self, claim_id: str) -> CatalogClaim | None:
        """The entry of a claim id, or None."""
        for entry in self.entries:
            if entry.claim.id == claim_id:
                return entry
        return None


def load_catalog(path: Path) -> Catalog:
    """Read and compile ``claims.yaml``; raises :class:`ConfigError` naming file, line and key."""
    root = _compose(path)
    if root is None:
        log.warning("%s: the claims catalog is empty; no claims will be detected", path)
        return Catalog((), (), str(path))
    top = _mapping(root, path, "the catalog", ("claims",))
    if "claims" not in top:
        raise ConfigError(path, "the catalog has no 'claims' key", "put the claims in a list under 'claims:'", _line(root))
    seq = top["claims"][1]
    if isinstance(seq, yaml.ScalarNode) and seq.value in ("", "~", "null"):
        return Catalog((), (), str(path))
    if not isinstance(seq, yaml.SequenceNode):
        raise ConfigError(path, "key 'claims' must be a list of claims", "write each claim as '- id: ...'", _line(seq))
    entries: list[CatalogClaim] = []
    seen: dict[str, int] = {}
    for node in seq.value:
        entry = _claim(node, path)
        if entry.claim.id in seen:
            raise ConfigError(
                path,
                f"claim id '{entry.claim.id}' is used twice (first on line {seen[entry.claim.id]})",
                "give each claim its own id",
                entry.line,
            )
        seen[entry.claim.id] = entry.line or 0
        entries.append(entry)
    log.debug("%s: %s claims", path, len(entries))
    return Catalog(tuple(e.claim for e in entries), tuple(entries), str(path))


def load_stances(path: Path) -> tuple[StanceDef, ...]:
    """Read a stance vocabulary: a YAML list of ``{id, label, description, cues}``, or a mapping with ``stances:``."""
    root = _compose(path)
    if root is None:
        raise ConfigError(path, "the stance vocabulary is empty", "list the stances as '- id: ...'")
    if isinstance(root, yaml.MappingNode):
        top = _mapping(root, path, "the file", None)
        if "stances" not in top:
            raise ConfigError(path, "the file has no 'stances' key", "list the stances under 'stances:'", _line(root))
        root = top["stances"][1]
    return stances_from_node(root, path)


def stances_from_node(root: yaml.Node, path: Path, base: tuple[StanceDef, ...] = ()) -> tuple[StanceDef, ...]:
    """A stance vocabulary from a YAML list node; the one checker of stance entries and their cues.

    With ``base`` (the packaged vocabulary) the list changes only what it names: an
    entry whose ``id`` is in ``base`` replaces the keys it gives, ``remove: true``
    drops that stance, and an entry with a new ``id`` (which then needs a
    ``label``) is added at the end.
    """
    if not isinstance(root, yaml.SequenceNode):
        raise ConfigError(path, "'stances' must be a list", "write each stance as '- id: ...'", _line(root))
    stances: dict[str, StanceDef] = {s.id: s for s in base}
    seen: set[str] = set()
    for node in root.value:
        fields = _mapping(node, path, "a stance", (*_STANCE_KEYS, "remove") if base else _STANCE_KEYS)
        sid = _required_slug(fields, path, node, "stance")
        if sid in seen:
            raise ConfigError(path, f"stance id '{sid}' is used twice", "give each stance its own id", _line(node))
        seen.add(sid)
        if sid == "unclassified":
            raise ConfigError(path, "stance id 'unclassified' is reserved for articles without a stance",
                              "choose another id", _line(node))
        known = stances.get(sid)
        if "remove" in fields:
            if fields["remove"][1].value not in ("true", "True", "yes"):
                raise ConfigError(path, f"stance '{sid}': 'remove' must be true", "write 'remove: true' or drop the key",
                                  _line(fields["remove"][1]))
            if known is None:
                raise ConfigError(path, f"stance '{sid}' cannot be removed: the packaged vocabulary has no such stance",
                                  f"use one of {', '.join(stances)}", _line(node))
            del stances[sid]
            continue
        what = f"stance '{sid}'"
        label = known.label if known and "label" not in fields else _required_str(fields, path, node, "label", what)
        description = known.description if known and "description" not in fields else _optional_str(fields, path, "description", what)
        cues: tuple[str, ...] = known.cues if known is not None else ()
        if "cues" in fields:
            texts = []
            for cue_node in _sequence(fields["cues"][1], path, f"stance '{sid}': key 'cues'"):
                text = _str(cue_node, path, f"stance '{sid}': a cue")
                _term(text, path, cue_node, f"stance '{sid}'")
                texts.append(text)
            cues = tuple(texts)
        reporting = known.reporting if known is not None else False
        if "reporting" in fields:
            value = fields["reporting"][1]
            if not isinstance(value, yaml.ScalarNode) or value.value not in ("true", "false", "True", "False"):
                raise ConfigError(path, f"stance '{sid}': 'reporting' must be true or false", "write 'reporting: true'", _line(value))
            reporting = value.value in ("true", "True")
        stances[sid] = StanceDef(sid, label, description, cues, reporting)
    if not stances:
        raise ConfigError(path, "the stance vocabulary is empty", "list the stances as '- id: ...'", _line(root))
    if sum(s.reporting for s in stances.values()) > 1:
        raise ConfigError(path, "more than one stance has 'reporting: true'", "mark only the stance of plain reporting", _line(root))
    return tuple(stances.values())


@lru_cache(maxsize=32)
def compile_stances(stances: tuple[StanceDef, ...]) -> tuple[tuple[str, Term], ...]:
    """Each stance id with its cues compiled into one term (cached: a vocabulary is compiled once).

    A cue that is not a valid regular expression is left out with a warning.
    """
    out = []
    for stance in stances:
        terms = []
        for cue in stance.cues:
            try:
                terms.append(compile_term(cue))
            except re.error as err:
                log.warning("stance %s: cue %r is not a valid regular expression (%s); it is ignored", stance.id, cue, err)
        out.append((stance.id, combine_terms(tuple(terms), f"stance {stance.id}: " + " | ".join(stance.cues))))
    return tuple(out)


def _claim(node: yaml.Node, path: Path) -> CatalogClaim:
    """Validate and compile one claim entry."""
    fields = _mapping(node, path, "a claim", _CLAIM_KEYS)
    cid = _required_slug(fields, path, node, "claim")
    what = f"claim '{cid}'"
    claim = Claim(
        id=cid,
        statement=_required_str(fields, path, node, "statement", what),
        label=_required_str(fields, path, node, "label", what),
        description=_optional_str(fields, path, "description", what),
    )
    if "cues" not in fields:
        raise ConfigError(path, f"{what} has no key 'cues'", "add at least one cue that finds the claim", _line(node))
    cues = tuple(_cue(n, path, f"{what}: key 'cues'") for n in _sequence(fields["cues"][1], path, f"{what}: key 'cues'"))
    if not cues:
        raise ConfigError(path, f"{what}: key 'cues' is empty", "add at least one cue that finds the claim", _line(fields["cues"][1]))
    disputes: tuple[Cue, ...] = ()
    if "dispute_cues" in fields:
        where = f"{what}: key 'dispute_cues'"
        disputes = tuple(_cue(n, path, where) for n in _sequence(fields["dispute_cues"][1], path, where))
    stance: list[tuple[str, str]] = []
    if "stance" in fields:
        where = f"{what}: key 'stance'"
        for position, (_key, value_node) in _mapping(fields["stance"][1], path, where, _POSITIONS).items():
            stance.append((position, _str(value_node, path, f"{where}: '{position}'")))
    return CatalogClaim(claim, cues, disputes, tuple(stance), _line(node))


def _cue(node: yaml.Node, path: Path, what: str) -> Cue:
    """Validate and compile one cue: a term, ``{all: [...], within: N}`` or ``{regex: ...}``."""
    if isinstance(node, yaml.ScalarNode):
        text = _str(node, path, what)
        return Cue(text, (_term(text, path, node, what),), line=_line(node))
    fields = _mapping(node, path, f"{what}: a cue", _CUE_KEYS)
    if ("all" in fields) == ("regex" in fields):
        raise ConfigError(
            path, f"{what}: a cue needs exactly one of 'all' or 'regex'", "write {all: [term, term]} or {regex: '...'}", _line(node)
        )
    if "regex" in fields:
        text = _str(fields["regex"][1], path, f"{what}: key 'regex'")
        terms: tuple[Term, ...] = (_term(text, path, fields["regex"][1], f"{what}: key 'regex'"),)
        shown = text
    else:
        items = _sequence(fields["all"][1], path, f"{what}: key 'all'")
        if not items:
            raise ConfigError(path, f"{what}: key 'all' is empty", "list the terms that must all match", _line(fields["all"][1]))
        texts = [_str(n, path, f"{what}: key 'all'") for n in items]
        terms = tuple(_term(t, path, n, f"{what}: key 'all'") for t, n in zip(texts, items, strict=True))
        shown = " + ".join(texts)
    within = DEFAULT_WITHIN
    if "within" in fields:
        value = fields["within"][1]
        if not (isinstance(value, yaml.ScalarNode) and value.value.isdigit() and 0 < int(value.value) <= 200):
            cause = f"{what}: key 'within' must be a whole number of words from 1 to 200"
            raise ConfigError(path, cause, "write e.g. 'within: 12'", _line(value))
        within = int(value.value)
    if len(terms) > 1:
        shown += f" within {within}"
    unless: tuple[Term, ...] = ()
    if "unless" in fields:
        value = fields["unless"][1]
        nodes = [value] if isinstance(value, yaml.ScalarNode) else _sequence(value, path, f"{what}: key 'unless'")
        unless = tuple(_term(_str(n, path, f"{what}: key 'unless'"), path, n, f"{what}: key 'unless'") for n in nodes)
    across = _flag(fields, "across_sentences", path, what)
    ordered = _flag(fields, "ordered", path, what)
    if ordered and len(terms) > 1:
        shown += " in order"
    return Cue(shown, terms, within, unless, across, ordered, _line(node))


def _flag(fields: dict[str, tuple[yaml.Node, yaml.Node]], key: str, path: Path, what: str) -> bool:
    """An optional true/false key of a cue."""
    if key not in fields:
        return False
    value = fields[key][1]
    if not (isinstance(value, yaml.ScalarNode) and value.value.lower() in ("true", "false")):
        raise ConfigError(path, f"{what}: key '{key}' must be true or false", f"write '{key}: true'", _line(value))
    return bool(value.value.lower() == "true")


_compose = read_file


def _line(node: yaml.Node) -> int:
    """1-based line where a node starts."""
    return int(node.start_mark.line) + 1


def _mapping(
    node: yaml.Node, path: Path, what: str, allowed: tuple[str, ...] | None
) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """A mapping node's entries by key; unknown keys are errors when ``allowed`` is given."""
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(path, f"{what} must be a mapping of keys to values", "write 'key: value' lines", _line(node))
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if allowed is not None and key not in allowed:
            raise ConfigError(
                path,
                f"{what}: unknown key '{key}'",
                f"remove it or check its spelling (known keys: {', '.join(allowed)})",
                _line(key_node),
            )
        if key in out:
            raise ConfigError(path, f"{what}: key '{key}' is given twice", "keep one of them", _line(key_node))
        out[key] = (key_node, value_node)
    return out


def _sequence(node: yaml.Node, path: Path, what: str) -> list[yaml.Node]:
    """A sequence node's items."""
    if not isinstance(node, yaml.SequenceNode):
        raise ConfigError(path, f"{what} must be a list", "write it as [a, b] or as '- item' lines", _line(node))
    return list(node.value)


def _str(node: yaml.Node, path: Path, what: str) -> str:
    """A non-empty string scalar."""
    if not isinstance(node, yaml.ScalarNode) or node.tag != _TEXT_TAG or not str(node.value).strip():
        raise ConfigError(path, f"{what} must be a non-empty text", "write the text, quoted if it holds ':' or '#'", _line(node))
    return str(node.value).strip()


def _required_str(fields: dict[str, tuple[yaml.Node, yaml.Node]], path: Path, node: yaml.Node, key: str, what: str) -> str:
    """A required text key."""
    if key not in fields:
        raise ConfigError(path, f"{what} has no key '{key}'", f"add '{key}: ...'", _line(node))
    return _str(fields[key][1], path, f"{what}: key '{key}'")


def _optional_str(fields: dict[str, tuple[yaml.Node, yaml.Node]], path: Path, key: str, what: str) -> str:
    """An optional text key; empty when missing."""
    if key not in fields:
        return ""
    value = fields[key][1]
    if isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null"):
        return ""
    return _str(value, path, f"{what}: key '{key}'")


def _required_slug(fields: dict[str, tuple[yaml.Node, yaml.Node]], path: Path, node: yaml.Node, kind: str) -> str:
    """A required ``id`` that is a slug."""
    if "id" not in fields:
        raise ConfigError(path, f"a {kind} has no key 'id'", "add 'id: a-short-slug'", _line(node))
    value = _str(fields["id"][1], path, f"a {kind}: key 'id'")
    if not _SLUG.match(value):
        raise ConfigError(
            path,
            f"a {kind}: key 'id' is '{value}', which is not a slug",
            "use lower-case letters, digits and single hyphens, e.g. 'neither-side-can-win'",
            _line(fields["id"][1]),
        )
    return value


def _term(text: str, path: Path, node: yaml.Node, what: str) -> Term:
    """Compile a term, turning a regular-expression error into ConfigError."""
    try:
        return compile_term(text)
    except re.error as err:
        cause = f"{what}: '{text}' is not a valid regular expression ({err.msg})"
        raise ConfigError(path, cause, "fix the expression, or escape the character with '\\'", _line(node)) from err
