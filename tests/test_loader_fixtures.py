"""Data-driven loader tests: raw inputs beside the records they should give.

Every ``tests/fixtures/loader/<case>.expected.yaml`` is one case; its input is
``<case>.txt`` or ``<case>.md`` (with an optional ``<case>.yaml`` sidecar). The
expected-file format is documented in ``tests/fixtures/loader/README.md``.
Comparisons go through the documented JSON record (:func:`article_json`), so the
tests hold the loader to what readers of ``archive.json`` see.

The second half checks the five seeds of the first archive against the table of
the project's requirements.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from archive_site.errors import SeedError
from archive_site.load.seeds import LoaderSettings, load_file
from archive_site.records import article_json

FIXTURES = Path(__file__).parent / "fixtures" / "loader"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EXPECTED_SUFFIX = ".expected.yaml"
INPUT_SUFFIXES = (".txt", ".md")
#: Files of the fixtures folder that are not part of any case.
NOT_CASES = {"README.md", "make_binary_cases.py"}
MIN_CASES = 36

Record = dict[str, Any]
Check = Callable[[Record, Any], list[str]]


# --- reading the fixtures ---------------------------------------------------------------------


def loose(name: str) -> str:
    """A name as outlets and cited sources are compared: case, spacing, apostrophes and a leading "The" ignored."""
    text = " ".join(name.replace("’", "'").split()).casefold()
    return text.removeprefix("the ")


def case_names() -> list[str]:
    """Every case of the fixtures folder, sorted."""
    return sorted(path.name.removesuffix(EXPECTED_SUFFIX) for path in FIXTURES.glob(f"*{EXPECTED_SUFFIX}"))


def input_path(case: str) -> Path:
    """The one input file of a case."""
    found = [FIXTURES / f"{case}{suffix}" for suffix in INPUT_SUFFIXES if (FIXTURES / f"{case}{suffix}").exists()]
    assert len(found) == 1, f"{case}: need exactly one of {case}.txt and {case}.md, found {[p.name for p in found]}"
    return found[0]


def read_expected(case: str) -> dict[str, Any]:
    """The expectations of a case, with their keys checked against the documented format."""
    path = FIXTURES / f"{case}{EXPECTED_SUFFIX}"
    expected = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(expected, dict) and expected, f"{path.name}: must be a non-empty YAML mapping"
    unknown = sorted(set(expected) - set(CHECKS) - {"error"})
    assert not unknown, f"{path.name}: unknown keys {unknown}; see tests/fixtures/loader/README.md"
    if "error" in expected:
        others = sorted(set(expected) - {"error"})
        assert not others, f"{path.name}: an 'error' case cannot also expect {others}"
    return expected


# --- one small check per expected key -----------------------------------------------------------


def _differs(key: str, expected: Any, got: Any) -> list[str]:
    return [] if expected == got else [f"{key}: expected {expected!r}, got {got!r}"]


def _texts(record: Record) -> list[str]:
    return [str(paragraph["text"]) for paragraph in record["paragraphs"]]


def _iso(value: Any, key: str) -> str | None:
    if value is None:
        return None
    assert isinstance(value, dt.date), f"{key}: expected value must be a date (YYYY-MM-DD) or null, not {value!r}"
    return value.isoformat()


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def check_title(record: Record, expected: Any) -> list[str]:
    return _differs("title", expected, record["title"])


def check_dek(record: Record, expected: Any) -> list[str]:
    return _differs("dek", expected, record["dek"])


def check_display_title(record: Record, expected: Any) -> list[str]:
    return _differs("display_title", expected, record["display_title"])


def _same_author(expected: Any, got: Record) -> bool:
    if isinstance(expected, str):
        expected = {"name": expected}
    kind = expected.get("kind")
    if kind is not None and kind != got["kind"]:
        return False
    if expected["name"] == got["name"]:
        return True
    return got["kind"] == "organization" and loose(expected["name"]) == loose(got["name"])


def check_authors(record: Record, expected: Any) -> list[str]:
    got = record["authors"]
    if len(got) == len(expected) and all(_same_author(e, g) for e, g in zip(expected, got, strict=True)):
        return []
    return [f"authors: expected {expected!r}, got {got!r}"]


def check_date(record: Record, expected: Any) -> list[str]:
    return _differs("date", _iso(expected, "date"), record["date"])


def check_date_estimate(record: Record, expected: Any) -> list[str]:
    got = record["date_estimate"]
    if expected is None:
        return [] if got is None else [f"date_estimate: expected none, got {got['earliest']}..{got['latest']}"]
    day = _iso(expected["contains"], "date_estimate.contains")
    if got is None:
        return [f"date_estimate: expected a window containing {day}, got none"]
    if not got["earliest"] <= day <= got["latest"]:
        return [f"date_estimate: expected a window containing {day}, got {got['earliest']}..{got['latest']}"]
    return []


def check_outlet(record: Record, expected: Any) -> list[str]:
    got = record["outlet"]
    if expected is None or got is None:
        return _differs("outlet", expected, got if got is None else got["name"])
    return _differs("outlet", loose(expected), loose(got["name"]))


def _cited(record: Record) -> dict[str, str]:
    return {loose(citation["name"]): citation["name"] for citation in record["cited_sources"]}


def check_cited_sources(record: Record, expected: Any) -> list[str]:
    got = _cited(record)
    want = {loose(name) for name in expected}
    if want == set(got):
        return []
    missing = sorted(want - set(got))
    extra = sorted(got[key] for key in set(got) - want)
    return [f"cited_sources: expected {sorted(expected)}, got {sorted(got.values())} (missing {missing}, extra {extra})"]


def check_not_cited(record: Record, expected: Any) -> list[str]:
    got = _cited(record)
    wrong = [got[loose(name)] for name in expected if loose(name) in got]
    return [f"not_cited: {wrong} must not be cited sources"] if wrong else []


def check_paragraphs(record: Record, expected: Any) -> list[str]:
    texts = _texts(record)
    if len(texts) == expected:
        return []
    listing = "".join(f"\n      p{i}: {text[:70]!r}" for i, text in enumerate(texts, 1))
    return [f"paragraphs: expected {expected}, got {len(texts)}:{listing}"]


def check_first_paragraph(record: Record, expected: Any) -> list[str]:
    texts = _texts(record)
    if texts and texts[0].startswith(expected):
        return []
    return [f"first_paragraph: expected to start with {expected!r}, got {texts[0][:100] if texts else None!r}"]


def check_last_paragraph(record: Record, expected: Any) -> list[str]:
    texts = _texts(record)
    if texts and texts[-1].startswith(expected):
        return []
    return [f"last_paragraph: expected to start with {expected!r}, got {texts[-1][:100] if texts else None!r}"]


def check_body_includes(record: Record, expected: Any) -> list[str]:
    texts = _texts(record)
    missing = [part for part in expected if not any(part in text for text in texts)]
    return [f"body_includes: no body paragraph contains {missing}"] if missing else []


def check_body_excludes(record: Record, expected: Any) -> list[str]:
    texts = _texts(record)
    found = [f"{part!r} in p{i}" for part in expected for i, text in enumerate(texts, 1) if part in text]
    return [f"body_excludes: {', '.join(found)}"] if found else []


def _replies(comments: Iterable[Record]) -> Iterator[Record]:
    for comment in comments:
        yield from comment["replies"]
        yield from _replies(comment["replies"])


def check_comments(record: Record, expected: Any) -> list[str]:
    return _differs("comments", expected, len(record["comments"]))


def check_replies(record: Record, expected: Any) -> list[str]:
    return _differs("replies", expected, sum(1 for _ in _replies(record["comments"])))


def check_references(record: Record, expected: Any) -> list[str]:
    return _differs("references", expected, len(record["references"]))


def check_bios(record: Record, expected: Any) -> list[str]:
    return _differs("bios", expected, len(record["bios"]))


def check_caption_contains(record: Record, expected: Any) -> list[str]:
    caption = record["caption"]
    return [] if caption is not None and expected in caption else [f"caption: expected {expected!r} in {caption!r}"]


def check_url(record: Record, expected: Any) -> list[str]:
    return _differs("url", expected, record["url"])


def check_tags(record: Record, expected: Any) -> list[str]:
    return _differs("tags", list(expected), record["tags"])


def check_origin(record: Record, expected: Any) -> list[str]:
    provenance = record["provenance"]
    problems = []
    for field, origin in expected.items():
        got = provenance.get(field, {}).get("origin")
        if got != origin:
            problems.append(f"origin: provenance[{field!r}] expected {origin!r}, got {got!r}")
    return problems


def check_warnings(record: Record, expected: Any) -> list[str]:
    codes = [str(warning["code"]) for warning in record["warnings"]]
    missing = [code for code in expected if not any(got.startswith(code) for got in codes)]
    return [f"warnings: expected codes {missing}, got {codes}"] if missing else []


def check_warning_mentions(record: Record, expected: Any) -> list[str]:
    messages = [str(warning["message"]) for warning in record["warnings"]]
    missing = [part for part in expected if not any(part in message for message in messages)]
    return [f"warning_mentions: no warning mentions {missing}; warnings: {messages}"] if missing else []


def check_warning_lines(record: Record, expected: Any) -> list[str]:
    warnings = record["warnings"]
    missing = [
        line
        for line in expected
        if not any(warning["line"] == line or f":{line}:" in warning["message"] for warning in warnings)
    ]
    return [f"warning_lines: no warning points at line(s) {missing}; warnings: {warnings}"] if missing else []


#: Expected-file key -> the check that compares it with the record.
CHECKS: dict[str, Check] = {
    "title": check_title,
    "dek": check_dek,
    "display_title": check_display_title,
    "authors": check_authors,
    "date": check_date,
    "date_estimate": check_date_estimate,
    "outlet": check_outlet,
    "cited_sources": check_cited_sources,
    "not_cited": check_not_cited,
    "paragraphs": check_paragraphs,
    "first_paragraph": check_first_paragraph,
    "last_paragraph": check_last_paragraph,
    "body_includes": check_body_includes,
    "body_excludes": check_body_excludes,
    "comments": check_comments,
    "replies": check_replies,
    "references": check_references,
    "bios": check_bios,
    "caption_contains": check_caption_contains,
    "url": check_url,
    "tags": check_tags,
    "origin": check_origin,
    "warnings": check_warnings,
    "warning_mentions": check_warning_mentions,
    "warning_lines": check_warning_lines,
}

CASES = case_names()


@pytest.fixture(scope="module")
def settings() -> LoaderSettings:
    return LoaderSettings.default()


# --- the fixture cases --------------------------------------------------------------------------


def test_fixture_folder_is_complete() -> None:
    assert len(CASES) >= MIN_CASES, f"only {len(CASES)} cases in {FIXTURES}"
    for path in sorted(FIXTURES.iterdir()):
        if path.name in NOT_CASES or path.name.endswith(EXPECTED_SUFFIX) or path.name.startswith("."):
            continue
        case = path.name.rsplit(".", 1)[0]
        if path.suffix in INPUT_SUFFIXES:
            assert case in CASES, f"{path.name} has no {case}{EXPECTED_SUFFIX}"
        elif path.suffix == ".yaml":
            assert case in CASES and input_path(case), f"sidecar {path.name} belongs to no case"
        else:
            pytest.fail(f"{path.name}: unexpected file in the fixtures folder")


def test_binary_inputs_match_their_script() -> None:
    spec = importlib.util.spec_from_file_location("make_binary_cases", FIXTURES / "make_binary_cases.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    for name, data in script.CASES.items():
        assert (FIXTURES / name).read_bytes() == data, f"{name} is stale; run make_binary_cases.py"


@pytest.mark.parametrize("case", CASES, ids=CASES)
def test_fixture(case: str, settings: LoaderSettings) -> None:
    expected = read_expected(case)
    path = input_path(case)
    if "error" in expected:
        with pytest.raises(SeedError) as raised:
            load_file(path, settings)
        message = str(raised.value)
        missing = [part for part in _as_list(expected["error"]) if part not in message]
        assert not missing, f"{path.name}: error message lacks {missing}: {message!r}"
        return
    record = article_json(load_file(path, settings))
    json.dumps(record)  # the record must be plain JSON
    problems = [problem for key, value in expected.items() for problem in CHECKS[key](record, value)]
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


# --- the seeds of the first archive ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SeedRow:
    """One row of the requirements' seed table."""

    prefix: str
    """Number the seed's file name starts with."""
    title: str
    """The headline."""
    authors: tuple[tuple[str, str], ...]
    """(name, kind) in byline order."""
    date: dt.date | None
    """The printed date, or None."""
    outlet: str | None
    """The outlet's name, or None."""
    cited: frozenset[str]
    """Names of the cited sources."""
    dek: str | None
    """The standfirst, or None."""


SEED_TABLE = (
    SeedRow(
        "000",
        "ACTION: Tell US to Let Ukraine Negotiate End to War",
        (("RootsAction Team", "organization"),),
        dt.date(2024, 5, 29),
        "RootsAction",
        frozenset({"Reuters", "The Economist", "Responsible Statecraft", "Common Dreams"}),
        None,
    ),
    SeedRow(
        "001",
        "We Urgently Need to Give Ukraine Peace Talks a Chance",
        (("Medea Benjamin", "person"), ("Nicolas J.S. Davies", "person")),
        None,
        "CODEPINK",
        frozenset({"The New York Times", "The Wall Street Journal"}),
        "The only realistic alternative to this endless slaughter is a return to peace talks to bring the fighting "
        "to an end.",
    ),
    SeedRow(
        "002",
        "U.S. rejects Putin’s ceasefire proposal for Ukraine in unofficial communications",
        (),
        None,
        "Reuters",
        frozenset(),
        "US rejects Putin’s offer for truce in Ukraine, marking third year of deadliest battle in Europe since "
        "World War II",
    ),
    SeedRow(
        "003",
        "Why Washington Rejects Putin’s Offer for Negotiations",
        (),
        None,
        None,
        frozenset(),
        None,
    ),
    SeedRow(
        "004",
        "US Wants Ukraine to Act Like It’s Open to Negotiations But Won’t Push for Talks",
        (("Dave DeCamp", "person"),),
        None,
        "Antiwar.com",
        frozenset({"The Washington Post", "The Wall Street Journal"}),
        "The idea is not to push Ukraine to the negotiating table but to ease the concerns of some of Ukraine's backers",
    ),
)


@pytest.fixture(scope="module")
def seed_record(settings: LoaderSettings) -> Callable[[str], Record]:
    """Load a seed by its number, once per module."""
    cache: dict[str, Record] = {}

    def load(prefix: str) -> Record:
        if prefix not in cache:
            (path,) = SEEDS.glob(f"{prefix}_*.txt")
            cache[prefix] = article_json(load_file(path, settings))
        return cache[prefix]

    return load


@pytest.mark.parametrize("row", SEED_TABLE, ids=[row.prefix for row in SEED_TABLE])
def test_seed_matches_requirements_table(row: SeedRow, seed_record: Callable[[str], Record]) -> None:
    record = seed_record(row.prefix)
    expected: dict[str, Any] = {
        "title": row.title,
        "dek": row.dek,
        "authors": [{"name": name, "kind": kind} for name, kind in row.authors],
        "date": row.date,
        "outlet": row.outlet,
        "cited_sources": sorted(row.cited),
    }
    problems = [problem for key, value in expected.items() for problem in CHECKS[key](record, value)]
    assert not problems, f"seed {row.prefix}:\n  " + "\n  ".join(problems)


def _midpoint(window: Record) -> dt.date:
    earliest = dt.date.fromisoformat(window["earliest"])
    latest = dt.date.fromisoformat(window["latest"])
    return earliest + (latest - earliest) / 2


def test_seed_001_is_dated_by_estimate_around_august_2022(seed_record: Callable[[str], Record]) -> None:
    # "Six months ago, Russia invaded Ukraine" (24 February 2022).
    record = seed_record("001")
    assert record["date"] is None
    assert not check_date_estimate(record, {"contains": dt.date(2022, 8, 24)}), record["date_estimate"]
    assert dt.date(2022, 7, 1) <= _midpoint(record["date_estimate"]) <= dt.date(2022, 10, 31)


def test_seed_002_is_dated_by_estimate_in_early_2024(seed_record: Callable[[str], Record]) -> None:
    # "marking third year of deadliest battle", talks "in late 2023 and early 2024".
    record = seed_record("002")
    assert record["date"] is None
    assert record["date_estimate"] is not None
    assert dt.date(2024, 1, 1) <= _midpoint(record["date_estimate"]) <= dt.date(2024, 6, 30)


def test_seed_001_comments_are_kept_out_of_the_body(seed_record: Callable[[str], Record]) -> None:
    record = seed_record("001")
    assert len(record["comments"]) == 8
    assert sum(1 for _ in _replies(record["comments"])) == 3
    body = "\n".join(_texts(record))
    for comment in [*record["comments"], *_replies(record["comments"])]:
        opening = comment["text"].strip()[:60]
        assert opening and opening not in body, f"comment {comment['number']} is also in the body: {opening!r}"
    assert "Thank you. This made sense" not in body
    assert "Since you manifest so little knowledge" not in body


def test_seed_003_has_no_page_builder_junk_anywhere(seed_record: Callable[[str], Record]) -> None:
    record = seed_record("003")
    content = {key: value for key, value in record.items() if key not in {"provenance", "warnings", "source", "key"}}
    text = json.dumps(content, ensure_ascii=False).casefold()
    assert "top of page" not in text
    assert "bottom of page" not in text


def test_seed_000_keeps_its_list_of_cited_headlines(seed_record: Callable[[str], Record]) -> None:
    # Five "• Source: “Headline”" entries and one headline without a source; "Read more at" is not one.
    record = seed_record("000")
    references = record["references"]
    sources = [None if ref["source"] is None else loose(ref["source"]) for ref in references]
    assert sources == ["reuters", "economist", "reuters", "responsible statecraft", "common dreams", None], references
    assert all("Read more" not in ref["headline"] for ref in references)
