"""Markdown seeds read as text: each block becomes one line, on the line it started.

The loader's rules work on lines of plain text; a Markdown body is parsed with
markdown-it-py and each block (paragraph, heading, list item, quote) is written
back as plain text at its original line, so line numbers stay true to the file.
HTML in a seed is read as the text it is.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

#: Raw HTML is off: ``<script>`` or ``<img onerror=...>`` in a seed is text like any other, never markup.
_PARSER = MarkdownIt("commonmark", {"html": False})


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type in ("text", "code_inline") or child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def markdown_to_text(source: str) -> str:
    """Plain text of a Markdown document, one block per line, each on the line where it began."""
    lines = [""] * (source.count("\n") + 1)
    list_depth = 0
    for token in _PARSER.parse(source):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "inline" and token.map is not None:
            text = _inline_text(token)
            if text:
                lines[token.map[0]] = ("• " if list_depth else "") + text
        elif token.type in ("fence", "code_block") and token.map is not None:
            for offset, code in enumerate(token.content.rstrip("\n").split("\n")):
                if token.map[0] + 1 + offset < len(lines):
                    lines[token.map[0] + 1 + offset] = code
    return "\n".join(lines)
