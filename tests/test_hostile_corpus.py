"""A corpus of hostile and broken seeds: each is loaded or refused as ``tests/hostile/expected.yaml`` says, and
all of them built with the project's five seeds give a site where nothing from the input is live.

Inputs are the files of ``tests/hostile/seeds/`` and the ones the generators below write at run time (binary,
huge, or needing a symbolic link). The site checks parse every page with :mod:`html.parser`: no script but
JSON-LD, no frame, object, embed, base or refresh, no ``on…`` attribute, no address with another scheme than
http(s) (the ``data:,`` favicon aside) and none to evil.example, where all the corpus's markup points; one
Content-Security-Policy ``<meta>`` per page; JSON that parses; nothing written outside the output folder; and
the five seeds' article pages byte for byte as when they are built alone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from archive_site.build.cache import DEFAULT_DIR as DEFAULT_CACHE
from archive_site.build.pipeline import build_site
from archive_site.errors import SeedError
from archive_site.load.seeds import DEFAULT_MAX_BYTES, LoaderSettings, load_file, load_seeds
from archive_site.model import Article

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "hostile"
STORED = CORPUS / "seeds"
EXPECTED: dict[str, Any] = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
INPUTS: list[dict[str, Any]] = EXPECTED["inputs"]
#: The host every piece of markup in the corpus points at: no page may load or link it.
EVIL_HOST = "evil.example"
#: A slug as the writer may use it for a folder name.
SAFE_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Attributes whose value a browser follows or loads.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "cite", "background", "srcset", "xlink:href"})
#: Elements that embed or redirect: never on a page of the site.
EMBEDDING = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"})
#: The one script the site runs: the search page's own file, from the site.
SEARCH_SCRIPT = ("search/index.html", {"src": "../static/search.js", "defer": ""})
#: The scheme of an address as a browser reads it: ends trimmed, tabs and newlines inside dropped.
SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_ADDRESS_ENDS = "".join(map(chr, range(0x21)))

PROSE = (
    "Envoys from both delegations met in a lakeside hotel on Monday to discuss an exchange of prisoners.",
    "Officials said the talks would continue next week, though neither side would say what had been offered.",
    "A spokesperson for the mediators described the mood as cautious but serious, and promised a written draft.",
)


def article_text(title: str, newline: str = "\n") -> str:
    """A small article: headline, byline, date and the three paragraphs of :data:`PROSE`."""
    lines = [title, "", "By Mara Lindqvist", "", "June 3, 2024", "", PROSE[0], "", PROSE[1], "", PROSE[2], ""]
    return newline.join(lines)


# ---------------------------------------------------------------- generators: inputs written at run time


def _png_header(folder: Path) -> None:
    ihdr = b"\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
    (folder / "png_header.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + ihdr + bytes(range(200)))


def _nul_early(folder: Path) -> None:
    title = "\0".join(["Talks", "Resume", "With", "Nul", "Bytes", "Between", "Words"])
    (folder / "nul_early.txt").write_bytes(article_text(title).encode())


def _nul_late(folder: Path) -> None:
    filler = "\n\n".join(f"{PROSE[i % 3]} (Part {i}.)" for i in range(90))
    text = article_text("A Nul Byte Deep In The File") + "\n" + filler
    assert len(text.encode()) > 8192
    (folder / "nul_late.txt").write_bytes(text.encode() + b"\0 and the text goes on after it.\n")


def _oversize(folder: Path) -> None:
    unit = (PROSE[0] + "\n\n").encode()
    data = (article_text("Too Large To Be One Article").encode() + unit * (DEFAULT_MAX_BYTES // len(unit) + 1))[: DEFAULT_MAX_BYTES + 1]
    (folder / "oversize.txt").write_bytes(data)


UTF16_TITLE = "Talks In Utf Sixteen Resume In Geneva"


def _utf16_le(folder: Path) -> None:
    (folder / "utf16_le.txt").write_bytes(b"\xff\xfe" + article_text(UTF16_TITLE).encode("utf-16-le"))


def _utf16_be(folder: Path) -> None:
    (folder / "utf16_be.txt").write_bytes(b"\xfe\xff" + article_text(UTF16_TITLE).encode("utf-16-be"))


def _utf16_truncated(folder: Path) -> None:
    (folder / "utf16_truncated.txt").write_bytes(b"\xff\xfe" + article_text(UTF16_TITLE).encode("utf-16-le")[:-1])


RUSSIAN = (
    "Переговоры возобновятся в Женеве\n\nАвтор: Мария Линдквист\n\n3 июня 2024 года\n\n"
    "Делегации обеих сторон встретились в понедельник в гостинице на берегу озера, чтобы обсудить обмен пленными.\n\n"
    "Чиновники заявили, что переговоры продолжатся на следующей неделе, хотя ни одна из сторон не сообщила, что было предложено.\n\n"
    "Представитель посредников назвал атмосферу осторожной, но серьёзной, и сказал, что письменный проект готовится ночью.\n"
)


def _cp1251(folder: Path) -> None:
    (folder / "cp1251.txt").write_bytes(RUSSIAN.encode("cp1251"))


def _mixed_newlines(folder: Path) -> None:
    lines = article_text("Line Endings Of Three Kinds").split("\n")
    ends = ("\r\n", "\r", "\n")
    (folder / "mixed_newlines.txt").write_bytes("".join(line + ends[i % 3] for i, line in enumerate(lines)).encode())


def _long_title(folder: Path) -> None:
    words = ["Envoys", "Resume", "Talks", "On", "A", "Ceasefire", "Along", "The", "Northern", "Front"]
    title = " ".join(words[i % len(words)] for i in range(2000))[:10_000]
    assert len(title) == 10_000
    (folder / "long_title.txt").write_text(article_text(title), encoding="utf-8")


def _many_lines(folder: Path) -> None:
    lines = ["The Annex Of One Hundred Thousand Lines", *(f"Village {i // 2} lies on the contact line." if i % 2 else "" for i in range(99_999))]
    assert len(lines) == 100_000
    (folder / "many_lines.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _megabyte_line(folder: Path) -> None:
    line = " ".join(PROSE) + " "
    (folder / "megabyte_line.txt").write_text("A Line Of Three Megabytes\n\n" + line * (3_000_000 // len(line)) + "\n", encoding="utf-8")


def _many_paragraphs(folder: Path) -> None:
    body = "\n\n".join(f"{PROSE[i % 3]} Paragraph {i}." for i in range(20_000))
    (folder / "many_paragraphs.txt").write_text("Twenty Thousand Paragraphs Of Talks\n\n" + body + "\n", encoding="utf-8")


def _markup_name(folder: Path) -> None:
    (folder / '"><img src=x onerror=alert(1)>.txt').write_text(article_text("Markup File Name Stays Text"), encoding="utf-8")


SECRET = "OUTSIDE-THE-SEEDS-7f3a"


def _symlink_outside(folder: Path) -> None:
    outside = folder.parent / "outside"
    outside.mkdir(exist_ok=True)
    text = article_text("Notes Kept Outside The Archive") + f"\nThe code word of these notes is {SECRET}, and it must never be published.\n"
    (outside / "secret.txt").write_text(text, encoding="utf-8")
    (folder / "linked_outside.txt").symlink_to(outside / "secret.txt")


def _sidecar_raw_nul(folder: Path) -> None:
    (folder / "sidecar_raw_nul.txt").write_text(article_text("Sidecar Bytes Hold Nul"), encoding="utf-8")
    (folder / "sidecar_raw_nul.yaml").write_bytes(b"title: Replaced\n" + b"\0" * 40 + b"\n")


GENERATORS: dict[str, Callable[[Path], None]] = {
    "png_header": _png_header,
    "nul_early": _nul_early,
    "nul_late": _nul_late,
    "oversize": _oversize,
    "utf16_le": _utf16_le,
    "utf16_be": _utf16_be,
    "utf16_truncated": _utf16_truncated,
    "cp1251": _cp1251,
    "mixed_newlines": _mixed_newlines,
    "long_title": _long_title,
    "many_lines": _many_lines,
    "megabyte_line": _megabyte_line,
    "many_paragraphs": _many_paragraphs,
    "markup_name": _markup_name,
    "symlink_outside": _symlink_outside,
    "sidecar_raw_nul": _sidecar_raw_nul,
}


def stage(case: dict[str, Any], folder: Path) -> Path:
    """Put one input (and its sidecar) into ``folder``; returns the path of its seed."""
    if "generate" in case:
        GENERATORS[case["generate"]](folder)
    else:
        for name in (case["seed"], case.get("sidecar")):
            if name is not None:
                shutil.copyfile(STORED / name, folder / name)
    return folder / case["seed"]


# ---------------------------------------------------------------- the expectations file itself


def test_the_corpus_is_big_enough_and_every_stored_file_belongs_to_one_input() -> None:
    assert len(INPUTS) >= 44, f"only {len(INPUTS)} inputs"
    names = [case["name"] for case in INPUTS]
    assert len(names) == len(set(names)), "two inputs share a name"
    claimed = [case[key] for case in INPUTS if "generate" not in case for key in ("seed", "sidecar") if key in case]
    assert sorted(claimed) == sorted(p.name for p in STORED.iterdir()), "tests/hostile/seeds and expected.yaml disagree"
    assert {case["generate"] for case in INPUTS if "generate" in case} == set(GENERATORS)
    for case in INPUTS:
        assert case["outcome"] in ("loaded", "refused", "ignored", "not-followed"), case["name"]
        assert case["outcome"] != "refused" or case.get("error"), f"{case['name']}: a refusal needs its message"
        assert "generate" not in case or case.get("made"), f"{case['name']}: say what the generator makes"


# ---------------------------------------------------------------- each input alone


@pytest.fixture(scope="module")
def settings() -> LoaderSettings:
    return LoaderSettings.default()


def _matches(pattern: str, codes: list[str], messages: list[str]) -> bool:
    """True when a warning has the code ``pattern``, a code it begins (``decode.``), or a message that holds it."""
    prefix = pattern.endswith(".")
    return any(code == pattern or (prefix and code.startswith(pattern)) for code in codes) or any(pattern in m for m in messages)


def check_record(article: Article, case: dict[str, Any]) -> list[str]:
    """What differs between a loaded record and its input's expectations (empty when nothing does)."""
    name = case["name"]
    codes = [w.code for w in article.warnings]
    messages = [w.message for w in article.warnings]
    problems = [f"{name}: no warning matches {p!r}; got {codes}" for p in case.get("warnings", []) if not _matches(p, codes, messages)]
    problems += [f"{name}: a warning matches {p!r}: {messages}" for p in case.get("forbid", []) if _matches(p, codes, messages)]
    text = "\n".join(p.text for p in article.paragraphs)
    title = article.title or ""
    want = case.get("record", {})
    actual = {"key": article.key, "url": article.url, "title": article.title,
              "outlet_homepage": article.outlet.homepage if article.outlet is not None else None}
    for key, value in want.items():
        if key in actual and actual[key] != value:
            problems.append(f"{name}: {key} is {actual[key]!r}, expected {value!r}")
    problems += [f"{name}: the title lacks {s!r}: {title[:200]!r}" for s in want.get("title_has", []) if s not in title]
    problems += [f"{name}: the title holds {s!r}" for s in want.get("title_lacks", []) if s in title]
    problems += [f"{name}: the text lacks {s!r}" for s in want.get("text_has", []) if s not in text]
    problems += [f"{name}: the text holds {s!r}" for s in want.get("text_lacks", []) if s in text]
    if len(article.paragraphs) < want.get("min_paragraphs", 0):
        problems.append(f"{name}: {len(article.paragraphs)} paragraph(s), expected at least {want['min_paragraphs']}")
    # What holds for every record, whatever its input.
    if not SAFE_KEY.fullmatch(article.key) or len(article.key.encode()) > 100:
        problems.append(f"{name}: key {article.key!r} is not a plain slug of at most 100 bytes")
    if article.url is not None and not article.url.lower().startswith(("http://", "https://")):
        problems.append(f"{name}: url {article.url!r} is not an http(s) address")
    for where, value in (("title", title), ("text", text)):
        odd = sorted({f"U+{ord(ch):04X}" for ch in value if ch not in "\n" and unicodedata.category(ch) in ("Cc", "Cf")})
        if odd:
            problems.append(f"{name}: the {where} holds control or format characters {odd}")
    return problems


@pytest.mark.parametrize("case", INPUTS, ids=[case["name"] for case in INPUTS])
def test_each_input_is_loaded_or_refused_as_expected(case: dict[str, Any], tmp_path: Path, settings: LoaderSettings) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    seed = stage(case, folder)
    outcome = case["outcome"]
    if outcome in ("ignored", "not-followed"):
        archive = load_seeds(folder, settings)
        assert not archive.failures, f"{case['name']}: {[f.message for f in archive.failures]}"
        if outcome == "ignored":
            assert not archive.articles, f"{case['name']}: {seed.name} was read as {[a.key for a in archive.articles]}"
            naming = [note for note in archive.notes if seed.name in note]
            if case.get("silent"):
                assert not naming, f"{case['name']}: expected no note, got {naming}"
            else:
                assert any(case["note"] in note for note in naming), f"{case['name']}: no note says {case['note']!r}: {archive.notes}"
        else:
            read = [a for a in archive.articles if a.source_name == seed.name or case["secret"] in " ".join(p.text for p in a.paragraphs)]
            assert not read, (f"{case['name']}: load_seeds followed the symbolic link {seed.name} -> {os.readlink(seed)} out of the "
                              f"seeds folder and read the file there as {[a.key for a in read]}; a link must not be followed")
        return
    if outcome == "refused":
        with pytest.raises(SeedError) as caught:
            load_file(seed, settings)
        assert case["error"] in str(caught.value), f"{case['name']}: {caught.value}"
        assert str(seed) in str(caught.value), f"{case['name']}: the message does not name the file: {caught.value}"
        return
    try:
        article = load_file(seed, settings)
    except SeedError as err:
        pytest.fail(f"{case['name']}: expected the seed to load, but it was refused: {err}")
    except Exception as err:  # a crash, not a refusal: report it as the bug it is
        pytest.fail(f"{case['name']}: load_file crashed with {type(err).__name__}: {err}; "
                    "a seed must load (with warnings) or be refused with a SeedError")
    problems = check_record(article, case)
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- all inputs built with the project's seeds


@dataclass
class Page:
    """What the site checks need of one parsed HTML page."""

    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    """Every start tag, with its attributes (valueless ones as "")."""
    scripts: list[tuple[str, str]] = field(default_factory=list)
    """(type, content) of each script element."""
    styles: list[str] = field(default_factory=list)
    """Content of each style element."""
    text: str = ""
    """The page's text content, entities decoded."""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._raw: tuple[str, str] | None = None
        self._chunks: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        self.page.tags.append((tag, values))
        if tag in ("script", "style"):
            self._raw, self._chunks = (tag, values.get("type", "")), []

    def handle_endtag(self, tag: str) -> None:
        if self._raw is not None and tag == self._raw[0]:
            content = "".join(self._chunks)
            if tag == "script":
                self.page.scripts.append((self._raw[1], content))
            else:
                self.page.styles.append(content)
            self._raw = None

    def handle_data(self, data: str) -> None:
        (self._chunks if self._raw is not None else self._text).append(data)

    def close(self) -> None:
        super().close()
        self.page.text = "".join(self._text)


def parse(html: str) -> Page:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.page


def scheme(value: str) -> str | None:
    address = value.strip(_ADDRESS_ENDS).replace("\t", "").replace("\n", "").replace("\r", "")
    found = SCHEME.match(address)
    return found.group(1).lower() if found else None


def page_problems(path: str, page: Page) -> list[str]:
    """Everything live on a page that the site never puts there itself."""
    problems: list[str] = []
    policies = [a for tag, a in page.tags if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
    if len(policies) != 1:
        problems.append(f"{path}: {len(policies)} Content-Security-Policy <meta> elements, expected exactly one")
    for tag, attrs in page.tags:
        if tag in EMBEDDING:
            problems.append(f"{path}: a live <{tag}> {attrs}")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            problems.append(f"{path}: a live <meta http-equiv=refresh> {attrs}")
        if tag == "script" and attrs.get("type") != "application/ld+json" and (path, attrs) != SEARCH_SCRIPT:
            problems.append(f"{path}: a live <script> {attrs}")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"{path}: <{tag}> has an event-handler attribute {name}={value!r}")
            if name == "style" and (EVIL_HOST in value or "url(" in value.lower()):
                problems.append(f"{path}: <{tag}> has a style attribute from the input: {value!r}")
            if name in URL_ATTRIBUTES:
                found = scheme(value)
                favicon = tag == "link" and attrs.get("rel") == "icon" and value == "data:,"
                if found not in (None, "http", "https") and not favicon:
                    problems.append(f"{path}: <{tag} {name}={value!r}> has the scheme {found}:")
                if EVIL_HOST in value:
                    problems.append(f"{path}: <{tag} {name}={value!r}> points at the input's host")
                if tag == "img" and (found is not None or value.startswith("//")):
                    problems.append(f"{path}: <img src={value!r}> loads an absolute address")
    for kind, content in page.scripts:
        if EVIL_HOST in content and kind != "application/ld+json":
            problems.append(f"{path}: a script holds the input's host")
        if kind == "application/ld+json":
            try:
                json.loads(content)
            except ValueError as err:
                problems.append(f"{path}: a JSON-LD block does not parse ({err}): {content[:200]!r}")
    problems += [f"{path}: a <style> holds input: {s[:120]!r}" for s in page.styles if EVIL_HOST in s or "javascript:" in s.lower()]
    return problems


def _skipped(name: str, skip: tuple[str, ...]) -> bool:
    return any(name == s or (s.endswith(".") and name.startswith(s)) for s in skip)


def listing(folder: Path, skip: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Every entry under ``folder`` (links not followed) with its size and modification time.

    Top-level names in ``skip`` are left out; one that ends in a dot stands for every name it begins
    (``.out.`` for the writer's ``.out.new-*`` and ``.out.old-*`` folders).
    """
    found: dict[str, tuple[int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        relative = Path(dirpath).relative_to(folder)
        if relative == Path("."):
            dirnames[:] = [d for d in dirnames if not _skipped(d, skip)]
            filenames = [f for f in filenames if not _skipped(f, skip)]
        for name in [*dirnames, *filenames]:
            stat = (Path(dirpath) / name).lstat()
            found[(relative / name).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


@dataclass(frozen=True)
class Built:
    """The two builds: the project's seeds alone, and with the whole corpus."""

    alone: Path
    out: Path
    before: dict[str, tuple[int, int]]
    after: dict[str, tuple[int, int]]
    failures: tuple[str, ...]
    warnings: tuple[str, ...]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    base = tmp_path_factory.mktemp("hostile-site")
    root = base / "root"
    root.mkdir()
    for name in ("archive.yaml", "claims.yaml"):
        shutil.copy(ROOT / name, root / name)
    seeds = base / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    build_site(root, seeds, base / "alone")
    for case in INPUTS:
        stage(case, seeds)
    skip = ("out", ".out.")
    before = listing(base, skip)
    report = build_site(root, seeds, base / "out")
    yield Built(base / "alone", base / "out", before, listing(base, skip), report.failures, report.warnings)


def html_pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def site_articles(site: Path) -> dict[str, dict[str, Any]]:
    """archive.json's articles by the file name of their seed."""
    data = json.loads((site / "archive.json").read_text(encoding="utf-8"))
    return {Path(a["source"]).name: a for a in data["articles"]}


def test_every_input_is_in_the_site_exactly_when_it_loads(built: Built) -> None:
    articles = site_articles(built.out)
    problems = []
    for case in INPUTS:
        present = case["seed"] in articles
        if present != (case["outcome"] == "loaded"):
            problems.append(f"{case['name']}: {'in' if present else 'not in'} the site, but its outcome is {case['outcome']}")
        if present and "built_key" in case and articles[case["seed"]]["key"] != case["built_key"]:
            problems.append(f"{case['name']}: built as {articles[case['seed']]['key']!r}, expected {case['built_key']!r}")
    problems += [f"unsafe key {a['key']!r}" for a in articles.values() if not SAFE_KEY.fullmatch(a["key"])]
    folders = {p.name for p in (built.out / "articles").iterdir()}
    assert folders == {a["key"] for a in articles.values()}, "article folders and archive.json disagree"
    assert not problems, "\n".join(problems)


def test_refused_inputs_are_reported_as_failures_naming_them(built: Built) -> None:
    for case in INPUTS:
        if case["outcome"] == "refused":
            assert any(case["seed"] in f and case["error"] in f for f in built.failures), f"{case['name']}: {built.failures}"


def test_nothing_from_the_input_is_live_on_any_page(built: Built) -> None:
    pages = html_pages(built.out)
    assert len(pages) > 50
    problems = [problem for path, html in pages.items() for problem in page_problems(path, parse(html))]
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


def test_archive_json_parses_and_nothing_the_link_points_to_was_read(built: Built) -> None:
    json.loads((built.out / "archive.json").read_text(encoding="utf-8"))
    leaked = [p.relative_to(built.out).as_posix() for p in built.out.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert not leaked, f"the file outside the seeds folder, reached by a symbolic link, was published in {leaked}"


def test_input_text_is_shown_as_text_on_its_article_page(built: Built) -> None:
    articles = site_articles(built.out)
    problems = []
    for case in INPUTS:
        if "page_shows" not in case or case["seed"] not in articles:
            continue
        key = articles[case["seed"]]["key"]
        text = parse((built.out / "articles" / key / "index.html").read_text(encoding="utf-8")).text
        problems += [f"{case['name']}: articles/{key}/ does not show {s!r} as text" for s in case["page_shows"] if s not in text]
    assert not problems, "\n".join(problems)


def test_nothing_was_written_outside_the_output_folder_and_the_record_cache(built: Built) -> None:
    cache = f"root/{DEFAULT_CACHE}"
    after = {k: v for k, v in built.after.items() if k != cache and not k.startswith(f"{cache}/")}
    before = {k: v for k, v in built.before.items() if k != cache and not k.startswith(f"{cache}/")}
    assert f"{cache}/records.sqlite3" in built.after  # the one other place a build writes to
    added = sorted(set(after) - set(before))
    changed = sorted(k for k in set(after) & set(before) if after[k] != before[k])
    removed = sorted(set(before) - set(after))
    assert not (added or changed or removed), f"added {added[:20]}, changed {changed[:20]}, removed {removed[:20]}"
    assert not Path("/abs/olute").exists() and not Path("/etc/index.html").exists()


def test_the_project_seeds_pages_are_the_same_bytes_as_when_built_alone(built: Built) -> None:
    alone = sorted((built.alone / "articles").iterdir())
    assert len(alone) == 5
    differ = []
    for folder in alone:
        for page in sorted(folder.iterdir()):
            other = built.out / "articles" / folder.name / page.name
            if not other.is_file() or other.read_bytes() != page.read_bytes():
                differ.append(f"articles/{folder.name}/{page.name}")
    assert not differ, f"built with the corpus, these pages of the project's seeds changed: {differ}"
