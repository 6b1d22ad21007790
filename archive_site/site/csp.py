"""The Content-Security-Policy every page carries, in a ``<meta http-equiv>`` element.

The site loads nothing but its own files, so the policy allows little more: the
stylesheet, the empty ``data:`` favicon, and the 404 page's inlined stylesheet by
its hash. No page runs a script except the search page, whose policy alone allows
the site's own script files and Pagefind's WebAssembly (:data:`SEARCH_SCRIPT_SOURCES`);
no page has an inline script, a ``style`` attribute or an ``on...`` handler: the
policy would refuse them. The preview server adds its reload script's hash with
:func:`allow_inline_script`; the files on disk never allow an inline script.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Sequence

from markupsafe import Markup

log = logging.getLogger(__name__)

#: Each directive with its sources, in the order they are written.
DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("img-src", ("'self'", "data:")),  # data: for the empty favicon, which keeps browsers from asking for /favicon.ico
    # file: because Firefox gives a page opened from disk a unique origin, which 'self' never matches; a page
    # served over http(s) cannot load file: addresses at all.
    ("style-src", ("'self'", "file:")),
    # Not 'self': the seeds' untouched texts (source.txt) are served from the site itself.
    ("script-src", ("'none'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'none'",)),
    ("form-action", ("'self'",)),
)

#: The script sources of the search page, and of no other: the site's own files (``static/search.js``, and
#: ``pagefind/``, which it imports), ``file:`` for the same reason as in style-src, so that opened from disk the
#: page can still say that search needs a server, and 'wasm-unsafe-eval' to compile Pagefind's WebAssembly,
#: which allows no script text (no eval, no inline script). 'self' would also let injected markup load a seed's
#: source.txt as a script, which is why no other page allows it; the search page shows no seed text, only the
#: form and the names of outlets, authors, stances and claims, escaped like everywhere else.
SEARCH_SCRIPT_SOURCES = ("'self'", "file:", "'wasm-unsafe-eval'")

_POLICY_META = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)"')
_SCRIPT_TEXT = re.compile(rb"<script>(.*)</script>", re.DOTALL)


def source_hash(text: str) -> str:
    """The hash source (``'sha256-...'``) that allows an inline ``<style>`` or ``<script>`` with this text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(*, styles: Sequence[str] = (), scripts: Sequence[str] = (), script_sources: Sequence[str] = ()) -> Markup:
    """The policy of a page, also allowing the inline ``<style>`` and ``<script>`` elements whose texts are given.

    ``script_sources`` are script sources the page allows besides those hashes
    (:data:`SEARCH_SCRIPT_SOURCES` on the search page). The result holds no
    character that needs escaping in an attribute, so it is written as it reads
    (``'self'``, not ``&#39;self&#39;``).
    """
    added = {"style-src": [source_hash(t) for t in styles],
             "script-src": [*script_sources, *(source_hash(t) for t in scripts)]}
    text = "; ".join(_directive(name, sources, added.get(name, [])) for name, sources in DIRECTIVES)
    assert not set(text) & set("\"&<>"), text
    return Markup(text)


def allow_inline_script(page: bytes, element: bytes) -> bytes:
    """``page`` with its policy also allowing the inline ``<script>element</script>`` (the preview's reload script).

    A page without the policy comes back as it was.
    """
    meta, script = _POLICY_META.search(page), _SCRIPT_TEXT.fullmatch(element.strip())
    if meta is None or script is None:
        return page
    allowed = source_hash(script.group(1).decode("utf-8"))
    directives = [part.split() for part in meta.group(2).decode("ascii").split(";") if part.strip()]
    if not any(d[0] == "script-src" for d in directives):
        directives.append(["script-src"])
    text = "; ".join(_directive(d[0], tuple(d[1:]), [allowed] if d[0] == "script-src" else []) for d in directives)
    return page[: meta.start(2)] + text.encode("ascii") + page[meta.end(2) :]


def _directive(name: str, sources: Sequence[str], added: Sequence[str]) -> str:
    """One directive; ``'none'`` gives way to the sources added to it."""
    kept = [s for s in sources if not (added and s == "'none'")]
    return " ".join([name, *kept, *added])
