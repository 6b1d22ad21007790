"""The book of known outlets, agencies and institutions, read from YAML data files.

Nothing here names an outlet: the names live in ``data/outlets.yaml`` and in
the archive's own ``outlets.yaml``. The book resolves a name as written
(``the Washington Post``, ``WSJ``, ``antiwar.com``) to one canonical entry and
finds every mention of a known name in a text.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from archive_site.errors import ConfigError
from archive_site.load.datafiles import default_outlets_path  # noqa: F401 - the packaged file, named here too
from archive_site.load.frontmatter import web_address
from archive_site.model import OutletRef, slug
from archive_site.yamlfile import file_data, read_file

log = logging.getLogger(__name__)

KINDS = frozenset(
    {"wire", "newspaper", "magazine", "broadcaster", "advocacy", "think tank", "blog", "news site", "institution", "government"}
)
#: Kinds that publish nothing of their own: never an article's outlet.
NOT_PUBLISHERS = frozenset({"institution", "government"})
_ENTRY_KEYS = frozenset({"name", "kind", "homepage", "aliases", "short", "domains"})



_KEY_SPACES = re.compile(r"[\s\u2019'’]+")
_KEY_THE = re.compile(r"^the ")
#: Before a known name: an optional "the" (any case of its T), not inside a word, handle or address.
_NAME_START = r"(?<![\w@/.])"
_THE_BEFORE_NAME = re.compile(rf"{_NAME_START}[Tt]he\s+")
#: The same test, made after the name's first character.
_NAME_START_AFTER_FIRST = r"(?<![\w@/.].)"
#: A name that itself starts with "the" (a second one, or nothing else) defeats the fast matcher.
_LEADING_THE = re.compile(r"[Tt]he(?:\s|$)")
#: After a known name: the name's word ends (no letters, hyphen or ".com" follow).
_NAME_END = r"(?![\w-]|\.\w)"


@functools.lru_cache(maxsize=4096)
def name_slug(name: str) -> str:
    """``slug(name)``, kept: outlets and cited sources are slugged over and over."""
    return slug(name)


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The comparison key of a name: case-folded, no leading "the", no punctuation runs."""
    key = _KEY_SPACES.sub(" ", name.strip().casefold())
    key = _KEY_THE.sub("", key)
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
        return name_slug(self.name) or "outlet"

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
        names = {_strip_the(form) for form in forms if _strip_the(form)}
        body = trie_pattern(names)
        self._pattern = re.compile(rf"{_NAME_START}(?:[Tt]he\s+)?(?:{body}){_NAME_END}") if body else None
        # The fast matcher: names that start with a capital, in a pattern whose first item is that
        # capital (the look-behind moves after it), so the regex engine only stops at capitals. Names
        # that start otherwise ("antiwar.com") are rare in text; a text that holds one of their
        # anchors (the part from the first character that is not a lowercase letter, ".com") is
        # matched with the full pattern instead. Anchors are grouped by first character, so each
        # group's pattern opens with plain text the engine scans for quickly. A name that itself
        # starts with "the" would make the two matchers disagree: then only the full one is used.
        capitalised = {name for name in names if name[:1].isupper()}
        anchors: dict[str, set[str]] = {}
        for name in names - capitalised:
            anchor = _anchor(name)
            anchors.setdefault(anchor[0], set()).add(anchor)
        # (text every anchor of a group starts with: a plain test first, the group's pattern)
        self._anchors = tuple(
            (min(group) if len(group) == 1 else first, re.compile(trie_pattern(group))) for first, group in sorted(anchors.items())
        )
        self._capitalised = (
            re.compile(trie_pattern(capitalised, after_first=_NAME_START_AFTER_FIRST) + _NAME_END)
            if capitalised and not any(_LEADING_THE.match(name) for name in names) else None
        )

    def resolve(self, name: str) -> KnownOutlet | None:
        """The entry a full name or alias stands for, or None. Short names never resolve here."""
        return self._by_key.get(name_key(name))

    def mentions(self, text: str, seen: set[str] | None = None) -> list[Mention]:
        """Every known name in text, in order.

        ``seen`` holds canonical names already named in the document; a short
        name ("the Post") resolves only when exactly one of its outlets is in
        it. Full names found here are added to ``seen``.
        """
        return self.mentions_each([text], seen)[0]

    def mentions_each(self, texts: Sequence[str], seen: set[str] | None = None) -> list[list[Mention]]:
        """:meth:`mentions` of each text in turn, sharing ``seen``; the fast matcher reads them all in one pass."""
        seen = set() if seen is None else seen
        return [self._resolve_mentions(text, spans, seen) for text, spans in zip(texts, self._name_spans_each(texts), strict=True)]

    def _resolve_mentions(self, text: str, spans: list[tuple[int, int]], seen: set[str]) -> list[Mention]:
        """The mentions the name spans of one text stand for (short names by what ``seen`` holds)."""
        found: list[Mention] = []
        for start, end in spans:
            written = text[start:end]
            key = name_key(written)
            entry = self._by_key.get(key)
            if key in self._short:
                candidates = [e for e in self._short[key] if e.name in seen]
                if len(candidates) == 1:
                    found.append(Mention(start, end, candidates[0], written, True))
                    continue
            if entry is not None:
                seen.add(entry.name)
                found.append(Mention(start, end, entry, written, False))
        return found

    def _has_anchor(self, text: str) -> bool:
        """True when ``text`` may hold a name that does not start with a capital."""
        return any(prefix in text and pattern.search(text) for prefix, pattern in self._anchors)

    def _name_spans_each(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        """Where the full pattern matches in each text; the fast matcher gives the same spans when it can.

        The texts the fast matcher can read are joined by NUL characters (which neither belong to a
        name nor count as space before one, like the ends of a text) and read in one pass.
        """
        out: list[list[tuple[int, int]]] = [[] for _ in texts]
        full, fast_matcher = self._pattern, self._capitalised
        if full is None:
            return out
        fast: list[int] = []
        for index, text in enumerate(texts):
            if fast_matcher is None or self._has_anchor(text):
                out[index] = [match.span() for match in full.finditer(text)]
            else:
                fast.append(index)
        if fast_matcher is None or not fast:
            return out
        joined = "\0".join(texts[index] for index in fast)
        starts = list(itertools.accumulate((len(texts[index]) + 1 for index in fast[:-1]), initial=0))
        done = 0
        for match in fast_matcher.finditer(joined):
            start, end = match.span()
            # A "the" right before the name belongs to the match, as the full pattern's optional "the" does.
            the = start
            while the > done and joined[the - 1].isspace():
                the -= 1
            the -= 3
            if done <= the < start - 3 and _THE_BEFORE_NAME.fullmatch(joined, the, start):
                start = the
            done = end
            piece = bisect.bisect_right(starts, start) - 1
            out[fast[piece]].append((start - starts[piece], end - starts[piece]))
        return out

    @functools.cached_property
    def protected_words(self) -> frozenset[str]:
        """Words of known names whose inner capitals are real ("TheBlaze"): the glue repair leaves them alone."""
        words: set[str] = set()
        for entry in self.entries:
            for form in (entry.name, *entry.aliases):
                words.update(w for w in form.split() if re.search(r"[a-z][A-Z]", w))
        return frozenset(words)


def trie_pattern(words: Iterable[str], *, after_first: str = "") -> str:
    """One regular expression that matches any of ``words``, longest first, built as a trie.

    Python's regex engine tries alternatives one by one; sharing prefixes makes
    matching hundreds of names about as cheap as matching a few. ``after_first``
    is put after the first character of every word (a look-behind there keeps a
    plain character first, which the engine can scan for quickly).
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any], after: str = "") -> str:
        ends = "" in node
        branches = [re.escape(ch) + after + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{inner})?" if ends else inner

    return build(trie, after_first)


def _strip_the(form: str) -> str:
    return re.sub(r"^[Tt]he\s+", "", form.strip())


def _anchor(name: str) -> str:
    """The part of a name from its first character that is not a lowercase letter (all of it if none is)."""
    cut = next((i for i, ch in enumerate(name) if not ch.islower()), 0)
    return name[cut:]


def read_outlets(paths: Sequence[Path]) -> OutletBook:
    """Read outlets data files in order; a later entry with the same name replaces an earlier one."""
    merged: dict[str, KnownOutlet] = {}
    for path in paths:
        for entry in _read_file(path):
            merged[name_key(entry.name)] = entry
    return OutletBook(merged.values())


def _read_file(path: Path) -> list[KnownOutlet]:
    root = read_file(path, missing="check the outlets_file path in archive.yaml")
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise ConfigError(path, "must be a list of outlets", "write one '- name: ...' entry per outlet", root.start_mark.line + 1)
    entries = []
    for node in root.value:
        line = node.start_mark.line + 1
        data = file_data(path, node)
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
                homepage=_homepage(path, node, data["name"], data.get("homepage")),
                aliases=_strings(data.get("aliases")),
                short=_strings(data.get("short")),
                domains=_strings(data.get("domains")),
            )
        )
    return entries


def _homepage(path: Path, node: yaml.Node, name: str, value: object) -> str | None:
    """An entry's home page when it is an http(s) address; anything else is dropped with a warning naming its line."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    address = web_address(value)
    if address is None:
        keys = node.value if isinstance(node, yaml.MappingNode) else []
        line = next((key.start_mark.line + 1 for key, _ in keys if key.value == "homepage"), node.start_mark.line + 1)
        log.warning("%s:%d: outlet '%s': homepage %r is not an http(s) address; it was dropped and is not linked — "
                    "write the full address, starting https://", path, line, name, value)
    return address


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def unknown_outlet(name: str) -> OutletRef:
    """An outlet the data file does not list, known only by the name the text gives."""
    return OutletRef(name, name_slug(name) or "outlet", None, None)
