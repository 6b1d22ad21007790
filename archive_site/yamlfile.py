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


def syntax_error(err: yaml.YAMLError) -> YamlSyntaxError:
    """PyYAML's error as ours: the problem in words and the 1-based line, where the parser knows it."""
    if isinstance(err, yaml.MarkedYAMLError):
        mark = err.problem_mark or err.context_mark
        return YamlSyntaxError(str(err.problem or err.context or err), mark.line + 1 if mark else None)
    return YamlSyntaxError(str(err).splitlines()[0] if str(err) else type(err).__name__, None)


class YamlSyntaxError(ValueError):
    """Text that is not valid YAML; ``line`` is 1-based within the text, when the parser knows it."""

    def __init__(self, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


#: Limits on what a hand-written YAML file may hold: nesting depth, and the number of values once every
#: alias is written out (a few dozen aliases to nested anchors is how an "alias bomb" makes a file of a
#: few lines stand for a billion values).
MAX_DEPTH = 40
MAX_VALUES = 200_000


def _line(event: yaml.Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark is not None else None


def check_shape(text: str) -> None:
    """Refuse, before any node is built, YAML nested deeper than :data:`MAX_DEPTH` or standing for more
    than :data:`MAX_VALUES` values with its aliases expanded; raises :class:`YamlSyntaxError`.

    The event stream is read without recursion, so this check itself cannot overflow the stack.
    """
    sizes: list[int] = [0]  # values in each open collection, the document's at the bottom
    anchors: list[str | None] = [None]
    expanded: dict[str, int] = {}
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(sizes) > MAX_DEPTH:
                    raise YamlSyntaxError(f"nested more than {MAX_DEPTH} levels deep", _line(event))
                sizes.append(1)
                anchors.append(event.anchor)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                size, anchor = sizes.pop(), anchors.pop()
                if anchor is not None:
                    expanded[anchor] = size
                sizes[-1] += size
            elif isinstance(event, yaml.ScalarEvent):
                sizes[-1] += 1
                if event.anchor is not None:
                    expanded[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                sizes[-1] += expanded.get(event.anchor or "", 1)
            if sum(sizes) > MAX_VALUES:
                raise YamlSyntaxError(f"stands for more than {MAX_VALUES} values once its aliases (*name) are expanded; "
                                      "write the values out", _line(event))
    except yaml.YAMLError as err:
        raise syntax_error(err) from err


def compose(text: str) -> yaml.Node | None:
    """The YAML text as a node tree (None for an empty document); raises :class:`YamlSyntaxError`
    for invalid YAML and for YAML too deep or too aliased to be hand-written (:func:`check_shape`)."""
    check_shape(text)
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)  # already reads the text: an unprintable character fails here
        return loader.get_single_node()
    except yaml.YAMLError as err:
        raise syntax_error(err) from err
    except RecursionError as err:
        raise YamlSyntaxError("nested too deeply", None) from err
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
    except yaml.YAMLError as err:
        raise syntax_error(err) from err
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
