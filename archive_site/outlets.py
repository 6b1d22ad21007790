"""The book of known outlets, agencies and institutions, read from YAML data files.

Nothing here names an outlet: the names live in ``data/outlets.yaml`` and in
the archive's own ``outlets.yaml``. The book resolves a name as written
(``the Washington Post``, ``WSJ``, ``antiwar.com``) to one canonical entry and
finds every mention of a known name in a text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from pathlib import Path

import yaml
from slugify import slugify

from .errors import ConfigError
from .model import OutletRef

log = logging.getLogger(__name__)

KINDS = frozenset(
    {"wire", "newspaper", "magazine", "broadcaster", "advocacy", "think tank", "blog", "news site", "institution"}
)
_ENTRY_KEYS = frozenset({"name", "kind", "homepage", "aliases", "short", "domains"})


def default_outlets_path() -> Path:
    """The packaged outlets data file."""
    return Path(__file__).parent / "data" / "outlets.yaml"


def name_key(name: str) -> str:
    """The comparison key of a name: case-folded, no leading "the", no punctuation runs."""
    key = re.sub(r"[\s\u2019'’]+", " ", name.strip().casefold())
    key = re.sub(r"^the ", "", key)
    return key.strip(" .,:;")


@dataclass(frozen=True, slots=True)
class KnownOutlet:
    """One entry of the outlets data file."""

    name: str
    """Canonical display name."""
    kind: str
    """wire, newspaper, magazine, broadcaster, advocacy, think tank, blog, news site or institution."""
    homepage: str | None
    """Home page, if listed."""
    aliases: tuple[str, ...]
    """Other names that always mean this outlet."""
    short: tuple[str, ...]
    """Short names that mean it only after its full name appeared in the same text."""
    domains: tuple[str, ...]
    """Web domains."""

    @property
    def slug(self) -> str:
        """URL slug of the canonical name."""
        return slugify(self.name) or "outlet"

    def ref(self) -> OutletRef:
        """This entry as an article's outlet."""
        return OutletRef(self.name, self.slug, self.kind, self.homepage)


@dataclass(frozen=True, slots=True)
class Mention:
    """A known name found in a text."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset after the last character."""
    outlet: KnownOutlet
    """The entry the name resolves to."""
    text: str
    """The name as written."""
    short: bool
    """True when it is a short name resolved by an earlier full mention."""


class OutletBook:
    """Known outlets with lookup by any of their names and a matcher over text."""

    def __init__(self, entries: Iterable[KnownOutlet]) -> None:
        self.entries: tuple[KnownOutlet, ...] = tuple(entries)
        self._by_key: dict[str, KnownOutlet] = {}
        self._short: dict[str, list[KnownOutlet]] = {}
        forms: list[str] = []
        for entry in self.entries:
            for form in (entry.name, *entry.aliases, *entry.domains):
                self._by_key.setdefault(name_key(form), entry)
                forms.append(form)
            for form in entry.short:
                self._short.setdefault(name_key(form), []).append(entry)
                forms.append(form)
        # Longest first so "The Washington Post" wins over "the Post"; names keep their case
        # (a lowercase "time" or "post" is a word, not an outlet) except an optional leading "the".
        body = trie_pattern({_strip_the(form) for form in forms if _strip_the(form)})
        self._pattern = re.compile(rf"(?<![\w@/.])(?:[Tt]he\s+)?(?:{body})(?![\w-]|\.\w)") if body else None

    def resolve(self, name: str) -> KnownOutlet | None:
        """The entry a full name or alias stands for, or None. Short names never resolve here."""
        return self._by_key.get(name_key(name))

    def mentions(self, text: str, seen: set[str] | None = None) -> list[Mention]:
        """Every known name in text, in order.

        ``seen`` holds canonical names already named in the document; a short
        name ("the Post") resolves only when exactly one of its outlets is in
        it. Full names found here are added to ``seen``.
        """
        if self._pattern is None:
            return []
        seen = set() if seen is None else seen
        found: list[Mention] = []
        for match in self._pattern.finditer(text):
            written = match.group(0)
            key = name_key(written)
            entry = self._by_key.get(key)
            if key in self._short:
                candidates = [e for e in self._short[key] if e.name in seen]
                if len(candidates) == 1:
                    found.append(Mention(match.start(), match.end(), candidates[0], written, True))
                    continue
            if entry is not None:
                seen.add(entry.name)
                found.append(Mention(match.start(), match.end(), entry, written, False))
        return found

    def protected_words(self) -> frozenset[str]:
        """Single-word names whose inner capitals are real ("TheBlaze"), for the glue repair."""
        words = set()
        for entry in self.entries:
            for form in (entry.name, *entry.aliases):
                words.update(w for w in form.split() if re.search(r"[a-z][A-Z]", w))
        return frozenset(words)


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression that matches any of ``words``, longest first, built as a trie.

    Python's regex engine tries alternatives one by one; sharing prefixes makes
    matching hundreds of names about as cheap as matching a few.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{inner})?" if ends else inner

    return build(trie)


def _strip_the(form: str) -> str:
    return re.sub(r"^[Tt]he\s+", "", form.strip())


def read_outlets(paths: Sequence[Path]) -> OutletBook:
    """Read outlets data files in order; a later entry with the same name replaces an earlier one."""
    merged: dict[str, KnownOutlet] = {}
    for path in paths:
        for entry in _read_file(path):
            merged[name_key(entry.name)] = entry
    return OutletBook(merged.values())


def _read_file(path: Path) -> list[KnownOutlet]:
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        line = err.problem_mark.line + 1 if getattr(err, "problem_mark", None) else None  # type: ignore[attr-defined]
        raise ConfigError(path, f"not valid YAML ({getattr(err, 'problem', err)})", "fix the file", line) from err
    except OSError as err:
        raise ConfigError(path, f"cannot be read ({err.strerror})", "check the path in archive.yaml") from err
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise ConfigError(path, "must be a list of outlets", "write one '- name: ...' entry per outlet", root.start_mark.line + 1)
    entries = []
    for node in root.value:
        line = node.start_mark.line + 1
        data = yaml.safe_load(yaml.serialize(node))
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            raise ConfigError(path, "an outlet entry has no name", "give each entry a 'name:'", line)
        unknown = sorted(set(data) - _ENTRY_KEYS)
        if unknown:
            raise ConfigError(path, f"unknown key '{unknown[0]}' in outlet '{data['name']}'",
                              f"use only {', '.join(sorted(_ENTRY_KEYS))}", line)
        kind = data.get("kind", "news site")
        if kind not in KINDS:
            raise ConfigError(path, f"outlet '{data['name']}' has unknown kind '{kind}'",
                              f"use one of {', '.join(sorted(KINDS))}", line)
        entries.append(
            KnownOutlet(
                name=data["name"].strip(),
                kind=kind,
                homepage=data.get("homepage"),
                aliases=_strings(data.get("aliases")),
                short=_strings(data.get("short")),
                domains=_strings(data.get("domains")),
            )
        )
    return entries


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def unknown_outlet(name: str) -> OutletRef:
    """An outlet the data file does not list, known only by the name the text gives."""
    return OutletRef(name, slugify(name) or "outlet", None, None)
