"""Reader-comment threads: find where they start and read them into a tree.

Two layouts are recognised: numbered, indented threads (``  1. text`` with
replies numbered again one level deeper) and blog layouts where each comment
opens with ``Name says:`` and ends with ``Reply``. A heading such as
``12 Comments`` or ``Leave a Reply`` marks the start of a thread too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from archive_site.load.rules.dates import is_date_only
from archive_site.model import Comment

HEADING = re.compile(
    r"^(?:\d+\s+)?(?:reader\s+)?(?:comments?|responses?|replies|discussion)(?:\s*\(\d+\))?\s*:?$"
    r"|^(?:leave a (?:reply|comment)|join the (?:conversation|discussion)|add (?:a|your) comment|show comments|view comments)\b",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(\s*)(\d{1,3})[.)]\s+(\S.*)$")
_SAYS = re.compile(r"^(\S.{0,60}?)\s+(?:says|said|wrote|commented)\s*:\s*$", re.IGNORECASE)
_REPLY = re.compile(r"^(?:reply|reply ↓|report|like|\d+\s+likes?|share|flag)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RawLine:
    """A line of the document as the comment reader sees it."""

    number: int
    """1-based line number in the file."""
    indent: int
    """Leading spaces."""
    text: str
    """The line without leading and trailing white space."""


@dataclass(slots=True)
class _Node:
    label: str
    indent: int
    line: int
    paragraphs: list[list[str]] = field(default_factory=list)
    replies: list[_Node] = field(default_factory=list)
    label_from_author: bool = False

    def add(self, text: str, new_paragraph: bool) -> None:
        if new_paragraph or not self.paragraphs:
            self.paragraphs.append([text])
        else:
            self.paragraphs[-1].append(text)

    def freeze(self) -> Comment:
        text = "\n\n".join("\n".join(p) for p in self.paragraphs)
        return Comment(self.label, text, self.line, tuple(r.freeze() for r in self.replies))


def thread_start(lines: Sequence[RawLine | None], body_end_floor: int) -> tuple[int, str] | None:
    """Index where a comment thread starts (and the rule that found it), or None.

    ``lines`` holds None for blank lines. Only positions at or after
    ``body_end_floor`` (past the first paragraphs of the article) are considered.
    """
    for i in range(body_end_floor, len(lines)):
        line = lines[i]
        if line is None:
            continue
        # Cheap tests first: headings are short, "says:" lines end in a colon.
        if len(line.text) < 60 and HEADING.match(line.text):
            return i, "comments.heading"
        if line.text.endswith(":") and _SAYS.match(line.text) and _has_later(lines, i, _SAYS, 1):
            return i, "comments.says"
        m = _numbered(line)
        if m and m.group(2) == "1" and _is_numbered_thread(lines, i):
            return i, "comments.numbered"
    return None


def _numbered(line: RawLine) -> re.Match[str] | None:
    """The match of :data:`_NUMBERED` on the line with its indent; only a line that starts with a digit can match."""
    first = line.text[:1]
    return _NUMBERED.match(" " * line.indent + line.text) if first.isdigit() or first.isspace() else None


def _has_later(lines: Sequence[RawLine | None], start: int, pattern: re.Pattern[str], count: int) -> bool:
    return sum(1 for line in lines[start:] if line is not None and pattern.match(line.text)) >= count


def _is_numbered_thread(lines: Sequence[RawLine | None], start: int) -> bool:
    """A numbered run that fills the rest of the document and reads like comments, not a list."""
    first = lines[start]
    assert first is not None
    expected, continuation, multi_paragraph = 2, False, False
    blank_inside = False
    for line in lines[start + 1 :]:
        if line is None:
            blank_inside = True
            continue
        m = _numbered(line)
        if m and len(m.group(1)) == first.indent:
            if int(m.group(2)) != expected:
                return False
            expected += 1
            blank_inside = False
        elif line.indent > first.indent:
            continuation = True
            multi_paragraph = multi_paragraph or blank_inside
        elif first.indent == 0 and m:
            continue
        else:
            return False  # an unindented line after the run: the list belongs to the body
    return first.indent > 0 or multi_paragraph or (continuation and expected > 3)


def read_thread(lines: Sequence[RawLine | None], start: int, rule: str) -> tuple[Comment, ...]:
    """Read the comments from ``start`` to the end of the document."""
    if rule == "comments.says":
        return _read_says(lines, start)
    if rule == "comments.heading" and _has_later(lines, start, _SAYS, 1):
        first = next(i for i in range(start, len(lines)) if lines[i] is not None and _SAYS.match(lines[i].text))  # type: ignore[union-attr]
        return _read_says(lines, first)
    return _read_numbered(lines, start, skip_heading=rule == "comments.heading")


def _read_numbered(lines: Sequence[RawLine | None], start: int, skip_heading: bool) -> tuple[Comment, ...]:
    roots: list[_Node] = []
    stack: list[_Node] = []
    gap = False
    loose: _Node | None = None
    for index in range(start + (1 if skip_heading else 0), len(lines)):
        line = lines[index]
        if line is None:
            gap = True
            continue
        if HEADING.match(line.text) and index > start:
            break  # "Leave a Reply" after the thread: the comment form follows
        if _REPLY.match(line.text) or is_date_only(line.text, with_time=True):
            continue
        m = _numbered(line)
        if m:
            indent = len(m.group(1))
            while stack and stack[-1].indent >= indent:
                stack.pop()
            siblings = stack[-1].replies if stack else roots
            label = f"{stack[-1].label}.{len(siblings) + 1}" if stack else str(len(roots) + 1)
            node = _Node(label, indent, line.number)
            node.add(m.group(3), True)
            siblings.append(node)
            stack.append(node)
        elif stack:
            stack[-1].add(line.text, gap)
        elif _is_author_line(lines, index):  # "Jane Roe" above a timestamp opens a comment
            loose = _Node(str(len(roots) + 1), 0, line.number, label_from_author=True)
            loose.add(f"{line.text}:", True)
            roots.append(loose)
            gap = True
            continue
        else:  # comments under a heading that are not numbered: one comment per paragraph block
            if loose is None or (gap and not loose.label_from_author):
                loose = _Node(str(len(roots) + 1), 0, line.number)
                roots.append(loose)
            loose.add(line.text, False)
        gap = False
    return tuple(n.freeze() for n in roots)


def _is_author_line(lines: Sequence[RawLine | None], index: int) -> bool:
    """A short line directly above a timestamp line: a commenter's name."""
    line = lines[index]
    after = lines[index + 1] if index + 1 < len(lines) else None
    return line is not None and after is not None and len(line.text.split()) <= 5 and is_date_only(after.text, with_time=True)


def _read_says(lines: Sequence[RawLine | None], start: int) -> tuple[Comment, ...]:
    roots: list[_Node] = []
    current: _Node | None = None
    gap = False
    for line in lines[start:]:
        if line is None:
            gap = True
            continue
        m = _SAYS.match(line.text)
        if m:
            current = _Node(str(len(roots) + 1), 0, line.number)
            current.add(f"{m.group(1)}:", True)
            roots.append(current)
            gap = True
            continue
        if HEADING.match(line.text) and current is not None:
            break  # "Leave a Reply": the comment form follows
        if current is None or _REPLY.match(line.text) or is_date_only(line.text, with_time=True):
            continue
        current.add(line.text, gap)
        gap = False
    return tuple(n.freeze() for n in roots)
