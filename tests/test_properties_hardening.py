"""Property tests: the YAML readers and the page rendering, given arbitrary text.

The readers may refuse only with their documented errors (:class:`YamlSyntaxError` for a
YAML block, :class:`ConfigError` for a settings file); a sidecar or front-matter block never
raises, it becomes warnings. Whatever text a record holds, its page parses as HTML with that
text escaped: no element and no attribute comes from the record.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from records import article
from site_fixtures.records import load_fixture_config

from archive_site.build.builder import read_static, render_site
from archive_site.claims.catalog import load_catalog
from archive_site.config import load_config
from archive_site.errors import ConfigError
from archive_site.load.frontmatter import read_overrides
from archive_site.load.outlets import read_outlets
from archive_site.model import Author
from archive_site.yamlfile import YamlSyntaxError, compose

#: Examples per property: a few hundred in the suite; FUZZ_EXAMPLES=100000 for a long run (see bench/fuzz.py).
EXAMPLES = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

#: YAML-looking text: arbitrary text, and text built from YAML's own punctuation, anchors and tags.
YAML_TEXT = st.one_of(
    st.text(),
    st.lists(st.sampled_from(["- ", "a: ", "&x ", "*x ", "[", "]", "{", "}", "!!python/object ", "? ", "|\n", "---\n",
                              "\n", "  ", "'", '"', "#", "1", "x", ": ", ",", "<<: *x\n", "%YAML 1.1\n"]),
             max_size=60).map("".join),
)
#: Text with markup, entities, template syntax and odd characters mixed in.
HOSTILE_TEXT = st.lists(
    st.one_of(st.text(max_size=12), st.sampled_from(["<script>", "</script>", "<!--", "-->", "<x-evil onload=1>", "&amp;",
                                                    "{{ 7*7 }}", "{% raw %}", "\"'", "javascript:", "\u202e", "\x00", "]]>"])),
    min_size=1, max_size=12,
).map("".join)


@EXAMPLES
@given(YAML_TEXT)
def test_a_yaml_block_composes_or_is_refused_as_yaml(text: str) -> None:
    try:
        compose(text)
    except YamlSyntaxError as err:
        assert err.problem


@EXAMPLES
@given(YAML_TEXT)
def test_a_sidecar_or_front_matter_block_never_raises(text: str) -> None:
    overrides, warnings = read_overrides(text, "seeds/x.yaml", "sidecar")
    assert all(w.message.startswith("seeds/x.yaml") for w in warnings)
    assert overrides.path == "seeds/x.yaml"


@EXAMPLES
@given(YAML_TEXT)
def test_settings_files_load_or_say_what_is_wrong_in_which_file(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("root")
    for name, read in (("archive.yaml", lambda: load_config(folder)), ("claims.yaml", lambda: load_catalog(folder / "claims.yaml")),
                       ("outlets.yaml", lambda: read_outlets([folder / "outlets.yaml"]))):
        (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")  # lone surrogates: not UTF-8
        try:
            read()
        except ConfigError as err:
            assert str(err).startswith(str(folder / name))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]


CONFIG = load_fixture_config()
STATIC = read_static()


@EXAMPLES
@given(title=HOSTILE_TEXT, paragraph=HOSTILE_TEXT, author=HOSTILE_TEXT)
def test_an_article_page_escapes_whatever_text_the_record_holds(title: str, paragraph: str, author: str) -> None:
    record = article([paragraph or "x"], title=title or "x", authors=(Author(author.strip() or "x", "person"),))
    site = render_site(CONFIG, [record], static=STATIC)
    page = next(data for path, data in site.files.items() if path.startswith("articles/") and path.endswith("index.html"))
    parsed = _Tags()
    parsed.feed(page.decode("utf-8"))
    assert "x-evil" not in parsed.tags
    assert not [name for name in parsed.attributes if name.startswith("on")]
    assert parsed.tags.count("script") == page.count(b'<script type="application/ld+json">')
