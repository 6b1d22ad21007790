"""Citations of the fixture site read back with independent parsers, against the hand-written records.

archive.bib (bibtexparser), archive.ris (rispy), archive.csl.json and archive.csv
must say what tests/site_fixtures/archive/records/*.yaml say, and so must the
Cite section of each article page; archive.json must validate against the
archive.schema.json the site ships.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from html.parser import HTMLParser
from typing import Any

import bibtexparser
import jsonschema
import pytest
import rispy
import yaml
from site_fixtures.records import ARCHIVE, render_fixture

BASE = "https://archive.example.org/fixture/"


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render_fixture()


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, Any]]:
    """The hand-written fixture records, by key."""
    loaded = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ARCHIVE / "records").glob("*.yaml"))]
    return {r["key"]: r for r in loaded}


def _text(files: dict[str, bytes], path: str) -> str:
    return files[path].decode("utf-8")


def _iso(value: Any) -> str | None:
    return None if value is None else str(value)


def _bibtex(text: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    return {e.key: {f.key: f.value for f in e.fields} | {"type": e.entry_type} for e in library.entries}


def _ris(text: str) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in rispy.loads(text)}


def _csl(text: str) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in json.loads(text)}


def check_bibtex(entries: dict[str, dict[str, str]], records: dict[str, dict[str, Any]]) -> None:
    for key, record in records.items():
        entry = entries[key]
        assert entry["title"].replace("\\&", "&") == record["title"]
        names = [a["name"] if a["kind"] == "person" else "{" + a["name"] + "}" for a in record["authors"]]
        assert entry.get("author", "") == " and ".join(names)
        if record["date"] is None:
            assert "year" not in entry and "date" not in entry, f"{key} is undated: no year may be invented"
        else:
            assert (entry["year"], entry["date"]) == (str(record["date"].year), record["date"].isoformat())
        outlet = record.get("outlet")
        assert entry.get("journal") == (outlet["name"] if outlet else None)
        assert entry.get("url") == record.get("url")
        assert f"{BASE}articles/{key}/" in entry["note"]


def check_ris(entries: dict[str, dict[str, Any]], records: dict[str, dict[str, Any]]) -> None:
    for key, record in records.items():
        entry = entries[key]
        assert entry["title"] == record["title"]
        assert entry.get("authors", []) == [a["name"] for a in record["authors"]]
        if record["date"] is None:
            assert "year" not in entry and "date" not in entry, f"{key} is undated: no PY or DA"
        else:
            assert (entry["year"], entry["date"]) == (str(record["date"].year), f"{record['date']:%Y/%m/%d}")
        expected_urls = [u for u in (record.get("url"), f"{BASE}articles/{key}/") if u]
        assert entry["urls"] == expected_urls


def check_csl(items: dict[str, dict[str, Any]], records: dict[str, dict[str, Any]]) -> None:
    for key, record in records.items():
        item = items[key]
        assert item["title"] == record["title"]
        authors = item.get("author", [])
        assert len(authors) == len(record["authors"])
        for name, author in zip(authors, record["authors"], strict=True):
            if author["kind"] == "organization":
                assert name == {"literal": author["name"]}
            else:
                assert f"{name['given']} {name['family']}" == author["name"]
        if record["date"] is None:
            assert "issued" not in item, f"{key} is undated: no issued date"
        else:
            d = record["date"]
            assert item["issued"] == {"date-parts": [[d.year, d.month, d.day]]}
        assert item.get("URL") == record.get("url")
        assert item["archive_location"] == f"{BASE}articles/{key}/"


def test_the_fixture_has_an_undated_record_and_an_organisation_author(records: dict[str, dict[str, Any]]) -> None:
    assert any(r["date"] is None for r in records.values())
    assert any(a["kind"] == "organization" for r in records.values() for a in r["authors"])


def test_archive_bib_holds_each_record(files: dict[str, bytes], records: dict[str, dict[str, Any]]) -> None:
    entries = _bibtex(_text(files, "archive.bib"))
    assert set(entries) == set(records)
    check_bibtex(entries, records)
    assert entries["offer-rejected"]["author"] == "{Lakeside Staff}"


def test_archive_ris_holds_each_record(files: dict[str, bytes], records: dict[str, dict[str, Any]]) -> None:
    entries = _ris(_text(files, "archive.ris"))
    assert set(entries) == set(records)
    check_ris(entries, records)


def test_archive_csl_json_holds_each_record(files: dict[str, bytes], records: dict[str, dict[str, Any]]) -> None:
    items = _csl(_text(files, "archive.csl.json"))
    assert set(items) == set(records)
    check_csl(items, records)


def test_archive_csv_has_one_row_per_record(files: dict[str, bytes], records: dict[str, dict[str, Any]]) -> None:
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(_text(files, "archive.csv")))}
    assert set(rows) == set(records)
    for key, record in records.items():
        row = rows[key]
        outlet = record.get("outlet")
        assert row["title"] == record["title"]
        assert row["authors"] == "; ".join(a["name"] for a in record["authors"])
        assert row["date"] == (_iso(record["date"]) or "")
        assert row["outlet"] == (outlet["name"] if outlet else "")
        assert row["stance"] == ((record.get("stance") or {}).get("label") or "")
        assert row["url"] == (record.get("url") or "")
        assert row["page"] == f"articles/{key}/index.html" and row["page"] in files
        assert int(row["citations"]) == len(record.get("cited_sources", ()))
        assert int(row["claim_mentions"]) == len(record.get("claims", ()))


class CiteSection(HTMLParser):
    """The Cite section of a page: its heading, its reference and the text of each ``<pre>`` by class."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.heading = ""
        self.reference = ""
        self.pre: dict[str, str] = {}
        self._into: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "section" and attributes.get("id") == "cite":
            self.depth = 1
        elif self.depth:
            if tag == "section":
                self.depth += 1
            elif tag == "h2":
                self._into = ("heading", "")
            elif tag == "p" and attributes.get("class") == "reference":
                self._into = ("reference", "")
            elif tag == "pre":
                self._into = ("pre", attributes.get("class") or "")
                self.pre[self._into[1]] = ""

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "section":
            self.depth -= 1
        if tag in ("h2", "p", "pre"):
            self._into = None

    def handle_data(self, data: str) -> None:
        if self._into is None:
            return
        kind, name = self._into
        if kind == "pre":
            self.pre[name] += data
        elif kind == "heading":
            self.heading += data
        else:
            self.reference += data


@pytest.mark.parametrize("key", ["talks-resume", "offer-rejected", "untitled-notes"])
def test_each_article_page_has_a_cite_section_that_parses(files: dict[str, bytes], records: dict[str, dict[str, Any]], key: str) -> None:
    section = CiteSection()
    section.feed(_text(files, f"articles/{key}/index.html"))
    assert section.heading.startswith("Cite")
    assert set(section.pre) == {"cite-bibtex", "cite-ris", "cite-csl"}
    record = records[key]
    one = {key: record}
    check_bibtex(_bibtex(section.pre["cite-bibtex"]), one)
    check_ris(_ris(section.pre["cite-ris"]), one)
    check_csl(_csl(section.pre["cite-csl"]), one)
    assert record["title"] in section.reference
    assert f"{BASE}articles/{key}/" in section.reference
    if record["date"] is None:
        assert "n.d." in section.reference
    for author in record["authors"]:
        assert author["name"] in section.reference


def test_archive_json_validates_against_the_shipped_schema(files: dict[str, bytes]) -> None:
    schema = json.loads(files["archive.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(files["archive.json"])
    assert schema["version"] == data["schema"] and data["schema"] in schema["$id"]
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d["articles"][0].pop("key"),
        lambda d: d["articles"][0]["authors"].append({"name": "X", "kind": "robot"}),
        lambda d: d["articles"][0].update(date="14 March 2024"),
        lambda d: d.update(schema="archive-site/2"),
        lambda d: d["articles"][0]["links"].pop("page"),
    ],
    ids=["record-without-key", "unknown-author-kind", "date-not-iso", "other-schema-version", "links-without-page"],
)
def test_a_broken_archive_json_fails_validation(files: dict[str, bytes], damage: Any) -> None:
    schema = json.loads(files["archive.schema.json"])
    data = copy.deepcopy(json.loads(files["archive.json"]))
    damage(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)


def test_csv_cells_are_never_spreadsheet_formulas() -> None:
    import csv
    import io

    from records import article

    from archive_site.site.cite import archive_csv

    rows = list(csv.reader(io.StringIO(archive_csv([(article(["Text."], title="=HYPERLINK(\"x\")"), "", "articles/a/index.html")]))))
    assert rows[1][1] == "'=HYPERLINK(\"x\")"


def test_the_about_page_links_every_data_and_citation_file(files: dict[str, bytes]) -> None:
    from html.parser import HTMLParser

    hrefs: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            hrefs.extend(value or "" for name, value in attrs if tag == "a" and name == "href")

    Links().feed(files["about/index.html"].decode("utf-8"))
    for name in ("archive.json", "archive.schema.json", "archive.bib", "archive.ris", "archive.csl.json", "archive.csv"):
        assert f"../{name}" in hrefs
        assert name in files
