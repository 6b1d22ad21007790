"""The site's settings: ``archive.yaml`` at the archive's root, plus command-line overrides.

Every key is optional. Unknown keys and values of the wrong kind are errors that
name the file, the line and the key, so a typo never passes silently.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from archive_site.claims.catalog import load_stances, stances_from_node
from archive_site.errors import ConfigError
from archive_site.model import StanceDef
from archive_site.resources import data_file
from archive_site.yamlfile import file_data, read_file

log = logging.getLogger(__name__)

CONFIG_NAME = "archive.yaml"
#: The stance vocabulary used when ``archive.yaml`` has no ``stances:`` section.
DEFAULT_STANCES_FILE = data_file("stances.yaml")
#: Used only when the packaged vocabulary file is missing.
BUILTIN_STANCES = (
    StanceDef("for-talks", "For talks", "Argues that negotiations or a ceasefire should be pursued now."),
    StanceDef("against-talks", "Against talks", "Argues against negotiating now, or for rejecting offers."),
    StanceDef("neutral", "Neutral", "Reports or analyses without advocating a course.", reporting=True),
)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_URL = re.compile(r"^https?://[^\s/?#]+(?:/[^\s?#]*)?$")


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Settings of one archive's site."""

    title: str = "Reading archive"
    """The site's name, shown in every page's header and title."""
    description: str = "An archive of articles, cross-linked by outlet, author, cited source, stance and claim."
    """One or two sentences saying what the archive is; shown on the home page and in feeds."""
    language: str = "en"
    """BCP 47 language of the site's own text (``<html lang>``)."""
    base_url: str | None = None
    """Where the site will be published (``https://example.org/archive/``); None: no canonical URLs, feeds, sitemap."""
    page_size: int = 50
    """Items per index page before it paginates."""
    feed_size: int = 50
    """Entries in each Atom feed."""
    stances: tuple[StanceDef, ...] = BUILTIN_STANCES
    """The stance vocabulary."""
    claims_file: Path | None = None
    """The claims catalog (``claims.yaml``); None when there is none."""
    outlets_file: Path | None = None
    """An extra outlets data file that extends the packaged one."""
    events_file: Path | None = None
    """An extra reference-events data file that extends the packaged one."""
    strict: bool = False
    """Treat warnings as failures: the build stops and the previous site stays."""
    templates_dir: Path | None = None
    """The archive's own templates (a theme): each file there replaces the packaged one of the same name."""
    static_dir: Path | None = None
    """The archive's own static files: each replaces the packaged one of the same path, others are added."""
    source: Path | None = None
    """The ``archive.yaml`` these settings were read from, if any."""


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected non-empty text")
    return value.strip()


def _language(value: Any) -> str:
    if not isinstance(value, str) or not _LANGUAGE.match(value):
        raise ValueError("expected a language tag such as en or en-GB")
    return value


def _base_url(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _URL.match(value.strip()):
        raise ValueError("expected an absolute http(s) address such as https://example.org/archive/")
    return value.strip().rstrip("/") + "/"


def _positive(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("expected a whole number of at least 1")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _path(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a file path")
    return value.strip()


#: Key -> check/convert of its value. Path keys are resolved against the config's folder afterwards.
KEYS: dict[str, Callable[[Any], Any]] = {
    "title": _text,
    "description": _text,
    "language": _language,
    "base_url": _base_url,
    "page_size": _positive,
    "feed_size": _positive,
    "strict": _flag,
    "claims_file": _path,
    "outlets_file": _path,
    "events_file": _path,
    "templates_dir": _path,
    "static_dir": _path,
}
_PATH_KEYS = ("claims_file", "outlets_file", "events_file", "templates_dir", "static_dir")


def load_config(root: Path, overrides: Mapping[str, Any] | None = None) -> SiteConfig:
    """Read ``root/archive.yaml`` (when present) and apply command-line ``overrides``.

    Override values that are None count as not given. Raises :class:`ConfigError`
    naming the file, line and key of anything it cannot accept.
    """
    path = root / CONFIG_NAME
    values: dict[str, Any] = {}
    lines_of: dict[str, int] = {}
    stances: tuple[StanceDef, ...] | None = None
    if path.is_file():
        data, lines, nodes = read_yaml_mapping(path)
        lines_of = lines
        for key, value in data.items():
            if key == "stances":
                stances = stances_from_node(nodes[key], path, base=load_default_stances())
                continue
            values[key] = _check(key, value, str(path), lines.get(key))
    for key, value in (overrides or {}).items():
        if value is not None:
            values[key] = _check(key, value, "command line", None)
    for key in _PATH_KEYS:
        if values.get(key) is not None:
            values[key] = root / values[key]
    if "claims_file" not in values and (root / "claims.yaml").is_file():
        values["claims_file"] = root / "claims.yaml"
    for key, folder in (("templates_dir", "templates"), ("static_dir", "static")):
        if key not in values and (root / folder).is_dir():
            values[key] = root / folder  # a theme beside archive.yaml, as Hugo's layouts/ and static/
        elif values.get(key) is not None and not Path(values[key]).is_dir():
            raise ConfigError(path, f"{key}: {values[key]} is not a folder", f"create it or remove {key}", lines_of.get(key))
    config = SiteConfig(**values, source=path if path.is_file() else None)
    return replace(config, stances=stances if stances is not None else load_default_stances())


def _check(key: str, value: Any, where: str, line: int | None) -> Any:
    check = KEYS.get(key)
    if check is None:
        known = ", ".join(sorted([*KEYS, "stances"]))
        raise ConfigError(where, f"unknown key {key!r}", f"use one of: {known}", line)
    try:
        return check(value)
    except ValueError as err:
        raise ConfigError(where, f"{key}: {err}, not {value!r}", f"correct the value of {key}", line) from err


def read_yaml_mapping(path: Path) -> tuple[dict[str, Any], dict[str, int], dict[str, yaml.Node]]:
    """Read a YAML file whose top level is a mapping; also return each top-level key's line and value node."""
    node = read_file(path)
    data = file_data(path, node)
    if data is None:
        return {}, {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ConfigError(path, "the top level is not a mapping of keys to values", "write one key: value per line", 1)
    lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    nodes = {str(k.value): v for k, v in node.value}
    for key in data:
        if not isinstance(key, str):
            raise ConfigError(path, f"key {key!r} is not text", "quote the key or remove it", lines.get(str(key)))
    return data, lines, nodes


def load_default_stances(path: Path = DEFAULT_STANCES_FILE) -> tuple[StanceDef, ...]:
    """The packaged stance vocabulary, or the three built-in stances when the file is missing."""
    if not path.is_file():
        log.debug("no packaged stance vocabulary at %s; using the built-in one", path)
        return BUILTIN_STANCES
    return load_stances(path)
