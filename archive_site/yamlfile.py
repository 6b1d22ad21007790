"""Reading YAML: one parser for every file and block the archive reads.

``archive.yaml``, ``claims.yaml``, ``outlets.yaml``, ``events.yaml``, the stance
vocabulary, sidecars and front matter all go through :func:`compose`, so each
reports a syntax error the same way (the file, the line and what is wrong) and
each gets the same limits on what a hand-written file may hold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from archive_site.errors import ConfigError


class YamlSyntaxError(ValueError):
    """Text that is not valid YAML; ``line`` is 1-based within the text, when the parser knows it."""

    def __init__(self, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


def compose(text: str) -> yaml.Node | None:
    """The YAML text as a node tree (None for an empty document); raises :class:`YamlSyntaxError`."""
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)  # already reads the text: an unprintable character fails here
        return loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise YamlSyntaxError(str(err.problem or err.context or err), mark.line + 1 if mark else None) from err
    except yaml.YAMLError as err:
        raise YamlSyntaxError(str(err).splitlines()[0] if str(err) else type(err).__name__, None) from err
    finally:
        if loader is not None:
            loader.dispose()


def to_python(node: yaml.Node | None) -> Any:
    """The plain Python value (dicts, lists, scalars) of a composed node; raises :class:`YamlSyntaxError`
    for a value no safe loader builds (an unknown tag such as ``!!python/object`` or ``=``)."""
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise YamlSyntaxError(str(err.problem or err.context or err), mark.line + 1 if mark else None) from err
    except yaml.YAMLError as err:
        raise YamlSyntaxError(str(err).splitlines()[0] if str(err) else type(err).__name__, None) from err
    finally:
        loader.dispose()


def file_data(path: Path, node: yaml.Node | None) -> Any:
    """:func:`to_python` for a node of ``path``; a value no safe loader builds is a :class:`ConfigError`."""
    try:
        return to_python(node)
    except YamlSyntaxError as err:
        raise ConfigError(path, f"not valid YAML ({err.problem})", "remove the tag or quote the value", err.line) from err


def read_file(path: Path, *, missing: str = "create it or point the configuration at the right file") -> yaml.Node | None:
    """Read and compose a YAML file; every failure is a :class:`ConfigError` naming the file (and line).

    ``missing`` says what to do when the file does not exist.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise ConfigError(path, "the file does not exist", missing) from err
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(path, f"the file cannot be read ({err})", "check that it is a readable UTF-8 text file") from err
    try:
        return compose(text)
    except YamlSyntaxError as err:
        raise ConfigError(path, f"not valid YAML ({err.problem})", "fix the indentation or quoting there", err.line) from err


def line_of(node: yaml.Node) -> int:
    """1-based line where a node starts."""
    return int(node.start_mark.line) + 1
