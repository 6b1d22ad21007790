"""The reference-events table: well-dated events that undated articles count time from.

Read from ``data/events.yaml`` (or the archive's own ``events.yaml``); no event
is named in code. :func:`required_word` gives the cheap substring test that
lets the estimate rules skip text a cue cannot match.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from archive_site.errors import ConfigError
from archive_site.load.datafiles import default_events_path  # noqa: F401 - the packaged file, named here too
from archive_site.yamlfile import read_file


@dataclass(frozen=True, slots=True)
class ReferenceEvent:
    """One well-dated event that the archive's texts count from or mention."""

    id: str
    """Slug that names the event in evidence (``full-scale-invasion``)."""
    label: str
    """Human name of the event."""
    date: dt.date
    """The day it happened (or began)."""
    cues: tuple[re.Pattern[str], ...]
    """Case-insensitive patterns that show a sentence speaks of this event."""
    kind: Literal["start", "point"]
    """``start``: later texts count from it ("six months into the war"); ``point``: a mention proves a later text."""


# ---------------------------------------------------------------- the events table



_EVENT_KEYS = ("id", "label", "date", "kind", "cues", "note")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_events(path: Path) -> tuple[ReferenceEvent, ...]:
    """Read a reference-events file; a :class:`ConfigError` names the file, line and key of any fault."""
    root = read_file(path, missing="check the events_file path in archive.yaml")
    if root is None:
        return ()
    node = root
    if isinstance(root, yaml.MappingNode):
        keys = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
        if set(keys) != {"events"}:
            raise ConfigError(path, "the top level must hold only the key 'events'",
                              "list the events under 'events:'", root.start_mark.line + 1)
        node = keys["events"]
    if not isinstance(node, yaml.SequenceNode):
        raise ConfigError(path, "'events' must be a list", "write one '- id: ...' entry per event", node.start_mark.line + 1)
    events: dict[str, ReferenceEvent] = {}
    for entry in node.value:
        event = _read_event(path, entry)
        if event.id in events:
            raise ConfigError(path, f"event id '{event.id}' is used twice", "give each event its own id",
                              entry.start_mark.line + 1)
        events[event.id] = event
    return tuple(events.values())


def _read_event(path: Path, node: yaml.Node) -> ReferenceEvent:
    """One entry of the events list, checked key by key."""

    def fail(cause: str, remedy: str, at: yaml.Node) -> ConfigError:
        return ConfigError(path, cause, remedy, at.start_mark.line + 1)

    if not isinstance(node, yaml.MappingNode):
        raise fail("an event must be a mapping", "write 'id:', 'label:', 'date:', 'kind:' and 'cues:'", node)
    fields: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if key.value not in _EVENT_KEYS:
            raise fail(f"unknown key '{key.value}'", f"use only {', '.join(_EVENT_KEYS)}", key)
        fields[key.value] = value
    for required in _EVENT_KEYS[:5]:
        if required not in fields:
            raise fail(f"an event has no '{required}'", f"add '{required}:' to the event", node)

    def text(key: str) -> str:
        value = fields[key]
        if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
            raise fail(f"key '{key}' must be a non-empty text", f"write a value after '{key}:'", value)
        return str(value.value).strip()

    ident, kind, raw_date = text("id"), text("kind"), text("date")
    if not _SLUG.match(ident):
        raise fail(f"key 'id' is not a slug ('{ident}')", "use lowercase letters, digits and hyphens", fields["id"])
    try:
        date = dt.date.fromisoformat(raw_date)
    except ValueError as err:
        raise fail(f"key 'date' of event '{ident}' is not a date ('{raw_date}')", "write it as YYYY-MM-DD",
                   fields["date"]) from err
    if kind not in ("start", "point"):
        raise fail(f"key 'kind' of event '{ident}' is '{kind}'", "use 'start' or 'point'", fields["kind"])
    cues_node = fields["cues"]
    if not isinstance(cues_node, yaml.SequenceNode) or not cues_node.value:
        raise fail(f"key 'cues' of event '{ident}' must be a non-empty list", "list one pattern per line", cues_node)
    cues = []
    for cue in cues_node.value:
        if not isinstance(cue, yaml.ScalarNode) or not str(cue.value).strip():
            raise fail(f"a cue of event '{ident}' is not a text", "write each cue as a quoted pattern", cue)
        try:
            cues.append(re.compile(str(cue.value), re.IGNORECASE))
        except re.error as err:
            raise fail(f"cue {cue.value!r} of event '{ident}' is not a valid pattern ({err})",
                       "fix the regular expression (quote it with single quotes)", cue) from err
    return ReferenceEvent(ident, text("label"), date, tuple(cues), "start" if kind == "start" else "point")


@functools.lru_cache(maxsize=1024)
def required_word(pattern: str) -> str | None:
    """A lowercase word of 3+ letters that every match of ``pattern`` contains, or None.

    Only plain characters outside groups, classes, escapes and alternations
    count, so the word is safe as a cheap ``in`` test before running the pattern.
    """
    if re.search(r"\(\?[a-zA-Z]*x", pattern):
        return None
    bare = re.sub(r"\\.|\[\^?\]?[^\]]*\]", "\0", pattern)
    while (stripped := re.sub(r"\([^()]*\)[?*]?", "\0", bare)) != bare:
        bare = stripped
    if "|" in bare:
        return None
    bare = re.sub(r".(?:[?*]|\{0?,?\d*\})", "\0", bare)  # optional characters
    words = re.findall(r"[^\W\d_]{3,}", re.sub(r"\{\d+(?:,\d*)?\}|[.^$+]", "\0", bare))
    return max(words, key=len).lower() if words else None
