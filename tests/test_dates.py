"""Publication-date rules: date shapes, where a date may stand, and what is never a publication date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from archive_site.load.rules.dates import date_shapes, find_dates, is_date_only, publication_date
from archive_site.model import Paragraph

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
WINDOW = {"earliest": dt.date(2000, 1, 1), "latest": dt.date(2030, 12, 31)}
D = dt.date


# ---------------------------------------------------------------- find_dates


@pytest.mark.parametrize(
    ("text", "date", "rule", "matched"),
    [
        ("May 29th, 2024", D(2024, 5, 29), "date.month-day-year", "May 29th, 2024"),
        ("(May 28, 2024)", D(2024, 5, 28), "date.month-day-year", "May 28, 2024"),
        ("2024-05-28", D(2024, 5, 28), "date.iso", "2024-05-28"),
        ("2024/05/28", D(2024, 5, 28), "date.iso", "2024/05/28"),
        ("28 May 2024", D(2024, 5, 28), "date.day-month-year", "28 May 2024"),
        ("Nov. 5, 2022", D(2022, 11, 5), "date.month-day-year", "Nov. 5, 2022"),
        ("Sept. 5, 2022", D(2022, 9, 5), "date.month-day-year", "Sept. 5, 2022"),
        ("SEPT 5, 2022", D(2022, 9, 5), "date.month-day-year", "SEPT 5, 2022"),
        ("November 5 2022", D(2022, 11, 5), "date.month-day-year", "November 5 2022"),
        ("Tuesday, 5 November 2022", D(2022, 11, 5), "date.day-month-year", "Tuesday, 5 November 2022"),
        ("Saturday, November 5, 2022", D(2022, 11, 5), "date.month-day-year", "Saturday, November 5, 2022"),
        ("5th November 2022", D(2022, 11, 5), "date.day-month-year", "5th November 2022"),
        ("the 28th of May, 2024", D(2024, 5, 28), "date.day-month-year", "28th of May, 2024"),
        ("25/11/2022", D(2022, 11, 25), "date.numeric", "25/11/2022"),
        ("11/25/2022", D(2022, 11, 25), "date.numeric", "11/25/2022"),
        ("25.11.2022", D(2022, 11, 25), "date.numeric", "25.11.2022"),
        ("05.11.2022", D(2022, 11, 5), "date.numeric", "05.11.2022"),  # dots: day first
        ("10:53 11.01.2024", D(2024, 1, 11), "date.numeric", "11.01.2024"),
        ("CNN14-03-2025", D(2025, 3, 14), "date.numeric", "14-03-2025"),  # glued to the source's name
        ("2024-05-28T10:00:00Z", D(2024, 5, 28), "date.iso", "2024-05-28T10:00:00Z"),
        ("2024-05-28 23:30:00+03:00", D(2024, 5, 28), "date.iso", "2024-05-28 23:30:00+03:00"),
        ("Posted:May 3, 2024", D(2024, 5, 3), "date.month-day-year", "May 3, 2024"),
    ],
)
def test_find_dates_reads_each_shape(text: str, date: dt.date, rule: str, matched: str) -> None:
    [found] = find_dates(text)
    assert (found.date, found.rule, found.text) == (date, rule, matched)
    assert text[found.start:found.end] == matched


@pytest.mark.parametrize(
    "text",
    [
        "May 3",  # no year
        "on May 3 at noon",
        "03/04/2024",  # day and month could be either way round
        "5/11/2022",
        "12/25/24",  # two-digit year
        "February 30, 2024",  # no such day
        "13/13/2024",
        "In 2024 May 5 people said so",
        "a budget of 2024 dollars",
        "version 2.10.2024b",
        "v2.10.2024",
    ],
)
def test_find_dates_skips_what_is_not_a_full_unambiguous_date(text: str) -> None:
    assert find_dates(text) == []


def test_find_dates_lists_every_date_in_order() -> None:
    text = "Published: May 3, 2024 | Updated: 2024-05-04, first drafted 1 April 2024"
    assert [(d.date, d.rule) for d in find_dates(text)] == [
        (D(2024, 5, 3), "date.month-day-year"),
        (D(2024, 5, 4), "date.iso"),
        (D(2024, 4, 1), "date.day-month-year"),
    ]


def test_equal_day_and_month_are_not_ambiguous() -> None:
    assert [d.date for d in find_dates("05/05/2024")] == [D(2024, 5, 5)]


# ---------------------------------------------------------------- publication_date


def _pick(
    header: list[str] | None = None, lead: list[str] | None = None, tail: list[str] | None = None
) -> tuple[dt.date, str, int | None, float, str, str] | None:
    """Run the rules on header lines numbered from 3, lead paragraphs from 20 and tail lines from 40."""
    found = publication_date(
        [(3 + i, text) for i, text in enumerate(header or [])],
        [Paragraph(f"p{i + 1}", text, 20 + i) for i, text in enumerate(lead or [])],
        [(40 + i, text) for i, text in enumerate(tail or [])],
        **WINDOW,
    )
    if found is None:
        return None
    date, prov = found
    assert prov.origin == "extracted"
    return date, prov.rule, prov.line, prov.confidence, prov.text, prov.note


@pytest.mark.parametrize(
    ("header", "lead", "tail", "date", "rule", "line"),
    [
        # a date and byline on one line; the caption-like event date below it and the dateline lose
        (["May 29th, 2024 - by RootsAction Team", "Ukraine and Russia meet for peace talks — February 28, 2022."],
         ["(May 28, 2024) — In March 2022, after negotiations mediated by Turkey, ..."], [],
         D(2024, 5, 29), "date.header-byline", 3),
        (["By Jane Doe | March 3, 2024"], [], [], D(2024, 3, 3), "date.header-byline", 3),
        (["Jane Doe and John Smith / Example Post — March 3, 2024"], [], [], D(2024, 3, 3), "date.header-byline", 3),
        (["Posted by Jane Doe on May 3, 2024 at 10:02 am"], [], [], D(2024, 5, 3), "date.header-published", 3),
        (["First published on 3 May 2024"], [], [], D(2024, 5, 3), "date.header-published", 3),
        (["Published: May 3, 2024 | Updated: May 4, 2024"], [], [], D(2024, 5, 3), "date.header-published", 3),
        (["Updated: May 4, 2024", "Published: May 3, 2024"], [], [], D(2024, 5, 3), "date.header-published", 4),
        (["2024-05-28T10:00:00Z"], [], [], D(2024, 5, 28), "date.header-alone", 3),
        (["Tuesday, 5 November 2022"], [], [], D(2022, 11, 5), "date.header-alone", 3),
        (["Nov. 5, 2022 · 4 min read"], [], [], D(2022, 11, 5), "date.header-alone", 3),
        (["25/11/2022"], [], [], D(2022, 11, 25), "date.header-alone", 3),
        (["Opinion: why talks matter now — May 2, 2024"], [], [], D(2024, 5, 2), "date.header-inline", 3),
        # a date beside a byline outranks one among other words, even on an earlier line
        (["Opinion: why talks matter now — May 2, 2024", "By Jane Doe | May 3, 2024"], [], [],
         D(2024, 5, 3), "date.header-byline", 4),
        # datelines at the very start of the first paragraph
        ([], ["(May 28, 2024) — In March 2022, it appeared that Russia was ready to withdraw."], [],
         D(2024, 5, 28), "date.dateline", 20),
        ([], ["KYIV, May 28, 2024 (Reuters) - Russia said on Tuesday that talks could resume."], [],
         D(2024, 5, 28), "date.dateline", 20),
        # a labelled line after the body
        ([], ["Leaders met again this week."], ["This article was originally published on May 3, 2024."],
         D(2024, 5, 3), "date.tail-published", 40),
        ([], [], ["This article first appeared on Example Daily on 4 June 2023."], D(2023, 6, 4), "date.tail-published", 40),
        # a header date wins over the tail's
        (["By Jane Doe | March 3, 2024"], [], ["Posted on March 5, 2024"], D(2024, 3, 3), "date.header-byline", 3),
        # the dateline outranks an updated date
        (["Updated May 4, 2024"], ["(May 3, 2024) — Talks resumed."], [], D(2024, 5, 3), "date.dateline", 20),
    ],
)
def test_publication_date_picks_the_printed_date(
    header: list[str], lead: list[str], tail: list[str], date: dt.date, rule: str, line: int
) -> None:
    found = _pick(header, lead, tail)
    assert found is not None
    assert found[:3] == (date, rule, line)


@pytest.mark.parametrize(
    ("header", "lead", "tail"),
    [
        (["May 3"], [], []),  # no year
        (["Posted on May 3 at 10:02 am"], [], []),
        (["03/04/2024"], [], []),  # ambiguous order
        ([], ["On February 24, 2022, Russia invaded Ukraine, and talks began days later."], []),  # an event in the story
        ([], ["Ukraine and Russia meet for peace talks — February 28, 2022."], []),  # a caption-like line in the body
        ([], ["The talks collapsed. (May 28, 2024) — a date later in the paragraph."], []),
        ([], [], ["May 3, 2024"]),  # an unlabelled date after the body
        ([], [], ["Jane Doe wrote this on May 3, 2024 after a visit to Kyiv."]),
        # a header line that reads as a sentence: its date is an event's
        (["Delegations from both countries met in Istanbul for the first round of talks on March 29, 2022"], [], []),
        (["March 3, 2031"], [], []),  # outside the plausible window
        ([], [], []),
    ],
)
def test_publication_date_returns_none_rather_than_guessing(header: list[str], lead: list[str], tail: list[str]) -> None:
    assert _pick(header, lead, tail) is None


def test_provenance_names_rule_line_raw_text_and_confidence() -> None:
    line = "May 29th, 2024 - by RootsAction Team"
    found = _pick([line])
    assert found is not None
    date, rule, number, confidence, text, note = found
    assert (date, rule, number, text) == (D(2024, 5, 29), "date.header-byline", 3, line)
    assert confidence == pytest.approx(0.9)
    assert "byline" in note


@pytest.mark.parametrize(
    ("header", "lead", "tail", "low", "high"),
    [
        (["By Jane Doe | March 3, 2024"], [], [], 0.85, 0.95),
        (["Opinion: why talks matter now — May 2, 2024"], [], [], 0.7, 0.8),
        ([], [], ["Posted on March 5, 2024"], 0.75, 0.85),
        ([], ["(May 28, 2024) — Talks resumed."], [], 0.6, 0.7),
    ],
)
def test_confidence_follows_where_the_date_stands(
    header: list[str], lead: list[str], tail: list[str], low: float, high: float
) -> None:
    found = _pick(header, lead, tail)
    assert found is not None
    assert low <= found[3] <= high


def test_an_updated_date_alone_is_used_with_low_confidence_and_a_note() -> None:
    found = _pick(["Last modified 2024-05-04"])
    assert found is not None
    date, rule, _, confidence, _, note = found
    assert (date, rule) == (D(2024, 5, 4), "date.updated")
    assert confidence < 0.6  # flagged for review
    assert "updated" in note


def test_dates_outside_the_window_are_skipped_and_named_in_the_note() -> None:
    found = _pick(["March 3, 1999", "By Jane Doe | March 3, 2024"])
    assert found is not None
    assert found[0] == D(2024, 3, 3)
    assert "1999-03-03" in found[5]


# ---------------------------------------------------------------- the seeds


def _seed_lines(prefix: str) -> list[str]:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8").split("\n")


def _numbered(lines: list[str], numbers: range) -> list[tuple[int, str]]:
    return [(n, lines[n - 1].strip()) for n in numbers if lines[n - 1].strip()]


def test_seed_000_is_dated_by_its_byline_line() -> None:
    lines = _seed_lines("000")
    found = publication_date(
        _numbered(lines, range(3, 10)),
        [Paragraph("p1", lines[10], 11)],
        _numbered(lines, range(35, 43)),
        **WINDOW,
    )
    assert found is not None
    date, prov = found
    assert date == D(2024, 5, 29)
    assert (prov.line, prov.text) == (3, "May 29th, 2024 - by RootsAction Team")


@pytest.mark.parametrize(
    ("prefix", "header", "lead", "tail"),
    [
        ("001", range(3, 7), 8, range(51, 56)),
        ("002", range(2, 3), 3, range(13, 14)),
        ("003", range(1, 2), 5, range(33, 34)),
        ("004", range(3, 4), 5, range(17, 20)),
    ],
)
def test_undated_seeds_get_no_date(prefix: str, header: range, lead: int, tail: range) -> None:
    lines = _seed_lines(prefix)
    paragraph = Paragraph("p1", lines[lead - 1].strip(), lead)
    assert publication_date(_numbered(lines, header), [paragraph], _numbered(lines, tail), **WINDOW) is None


def test_a_labelled_header_date_outranks_a_dateline_and_the_tail() -> None:
    # The inputs bench/bench_rules.py times: "Published:" in the header is the most explicit of the three dates.
    header = [(3, "By Jane Doe and John Smith / Example Post"), (4, "Published: May 3, 2024 | Updated: May 4, 2024")]
    lead = [Paragraph("p1", "KYIV, May 28, 2024 (Reuters) - " + "Talks resumed in Istanbul on Tuesday. " * 20, 6)]
    tail = [(40, "Jane Doe is a reporter."), (41, "This article was originally published on May 3, 2024.")]
    found = publication_date(header, lead, tail, **WINDOW)
    assert found is not None
    date, prov = found
    assert (date, prov.rule, prov.line) == (D(2024, 5, 3), "date.header-published", 4)


@pytest.mark.parametrize(
    ("text", "shapes"),
    [
        ("By Jane Doe, May 3, 2024", ["May 3, 2024"]),
        ("By Jane Doe | 03/04/2024", ["03/04/2024"]),  # ambiguous order: a shape, though never a date
        ("Updated 3/4/24 at noon", ["3/4/24"]),
        ("Leaders meet (February 2022)", []),
        ("Saturday, May 25, 2024", ["Saturday, May 25, 2024"]),
        ("No date in 2024 here", []),
    ],
)
def test_date_shapes_cover_what_bylines_captions_and_stamps_print(text: str, shapes: list[str]) -> None:
    assert [text[s:e] for s, e in date_shapes(text)] == shapes


def test_month_and_year_is_a_shape_only_when_asked() -> None:
    text = "Leaders meet (February 2022)"
    assert [text[s:e] for s, e in date_shapes(text, month_year=True)] == ["February 2022"]


@pytest.mark.parametrize(
    ("text", "only", "with_time"),
    [
        ("March 3, 2024", True, False),
        ("March 3, 2024 at 10:15 am", False, False),
        ("March 3, 2024 at 10:15 am", True, True),
        ("2024-03-03 14:05", True, True),
        ("12 March 2024.", True, False),
        ("March 3, 2024 Jane wrote", False, True),
        ("Jane Doe", False, True),
    ],
)
def test_a_line_that_is_only_a_date(text: str, only: bool, with_time: bool) -> None:
    assert is_date_only(text, with_time=with_time) is only


@pytest.mark.parametrize(
    "line",
    ["Visited on: June 15, 2012", "Specials April 4, 2023 12:00 pm – 06:00 pm", "Speech prepared for May 15, 2024", "Doors open March 3, 2024"],
)
def test_dates_labelled_as_an_event_are_not_the_publication_date(line: str) -> None:
    assert publication_date([(2, line)], [], [], **WINDOW) is None


def test_a_posted_label_at_the_start_of_the_first_paragraph_gives_the_date() -> None:
    lead = [Paragraph("p1", "Posted: April 25, 2025 Filed under: Uncategorized | Tags: Peace, Talks " + "More words follow here. " * 8, 3)]
    found = publication_date([], lead, [], **WINDOW)
    assert found is not None and found[0] == D(2025, 4, 25) and found[1].rule == "date.header-published"
