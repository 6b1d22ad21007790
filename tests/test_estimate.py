"""Date estimates for undated articles, and the reference-events table they count from."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from archive_site.errors import ConfigError
from archive_site.load.rules.estimate import estimate_date, shift
from archive_site.load.rules.events import ReferenceEvent, default_events_path, load_events, required_word
from archive_site.load.sentences import sentence_at, split_sentences
from archive_site.model import DateEstimate, Paragraph

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
D = dt.date
DAYS = dt.timedelta
START = D(2022, 2, 24)  # the start event of the small table below

EVENTS_YAML = r"""
events:
  - id: war-start
    label: The war began
    date: 2022-02-24
    kind: start
    cues: ['\binva(?:sion|ded)\b', '\bwar\b', '\bfighting\b', '\bbattle\b']
  - id: first-talks
    label: The first round of talks
    date: 2022-03-29
    kind: point
    cues: ['\bIstanbul talks\b']
  - id: interview
    label: A televised interview
    date: 2024-02-08
    kind: point
    cues: ['\binterview\b.{0,60}\bTucker Carlson\b']
"""


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReferenceEvent, ...]:
    path = tmp_path_factory.mktemp("events") / "events.yaml"
    path.write_text(EVENTS_YAML, encoding="utf-8")
    return load_events(path)


def _estimate(texts: list[str], events: tuple[ReferenceEvent, ...], header: list[str] | None = None) -> DateEstimate | None:
    return estimate_date([Paragraph(f"p{i + 1}", t, i + 1) for i, t in enumerate(texts)], header or [], events)


# ---------------------------------------------------------------- relative phrases

HALF_MONTH, HALF_YEAR = DAYS(days=15), DAYS(days=182)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        # plain: half a unit either side of start + N units
        ("Six months ago, Russia invaded Ukraine.", D(2022, 8, 24) - HALF_MONTH, D(2022, 8, 24) + HALF_MONTH),
        ("After six months of fighting, both armies are exhausted.", D(2022, 8, 24) - HALF_MONTH, D(2022, 8, 24) + HALF_MONTH),
        ("Three weeks into the war, the talks began.", D(2022, 3, 17) - DAYS(days=3), D(2022, 3, 17) + DAYS(days=3)),
        ("It has been 18 months since Russia invaded.", D(2023, 8, 24) - HALF_MONTH, D(2023, 8, 24) + HALF_MONTH),
        ("One year after Russia’s invasion of Ukraine, Europe has come through the winter.",
         D(2023, 2, 24) - HALF_YEAR, D(2023, 2, 24) + HALF_YEAR),
        ("The two-year-old war grinds on.", D(2024, 2, 24) - HALF_YEAR, D(2024, 2, 24) + HALF_YEAR),
        # "nearly" sits just below the value, "more than" just above
        ("Since Russia's invasion of Ukraine nearly two years ago, little has changed.", D(2024, 2, 24) - HALF_YEAR, D(2024, 2, 24)),
        ("More than a year into the war, no talks are planned.", D(2023, 2, 24), D(2023, 2, 24) + HALF_YEAR),
        # ordinal years: the whole year, or its start when the phrase says it begins
        ("The war is now in its third year.", D(2024, 2, 24), D(2025, 2, 24)),
        ("It is the third year of the war, and diplomacy is dead.", D(2024, 2, 24), D(2025, 2, 24)),
        ("As the war enters its third year, the front barely moves.", D(2024, 1, 24), D(2024, 5, 24)),
        ("US rejects Putin's offer, marking third year of deadliest battle in Europe", D(2024, 1, 24), D(2024, 5, 24)),
        ("The war marks its 100th day.", START + DAYS(days=99), START + DAYS(days=99)),
        # an anniversary: a month either side of it
        ("The war's second anniversary passed quietly.", D(2024, 2, 24) - DAYS(days=31), D(2024, 2, 24) + DAYS(days=31)),
    ],
)
def test_relative_phrases_give_windows(text: str, earliest: dt.date, latest: dt.date, events: tuple[ReferenceEvent, ...]) -> None:
    estimate = _estimate([text], events)
    assert estimate is not None
    assert (estimate.earliest, estimate.latest) == (earliest, latest)
    [evidence] = estimate.evidence
    assert (evidence.phrase, evidence.paragraph, evidence.event) == (text, "p1", "war-start")


@pytest.mark.parametrize(
    "text",
    [
        "Two years ago, I bought a bicycle.",  # no event cue in the sentence
        "Two years ago, I moved house. The war has changed everything since.",  # the cue is in another sentence
        "In the first year of the war, Russia lost ground near Kyiv.",  # looks back
        "During the first month of the war, talks took place.",
        "The first day of the war was chaos.",  # a day counts only with "marks" or "enters"
        "The prospect of another six months of war frightens Europe.",  # not "after six months of"
        "Two months after the invasion, Russia withdrew its troops from Kyiv.",  # a past story
        "One year after the election, the war is still raging.",  # the war is not what the year counts from
        "Putin spoke in an interview with Tucker Carlson about the Istanbul talks.",  # point events alone give no window
        "The war began on February 24, 2022.",
        "",
    ],
)
def test_no_relative_phrase_means_no_estimate(text: str, events: tuple[ReferenceEvent, ...]) -> None:
    assert _estimate([text], events) is None


def test_a_phrase_in_the_header_counts_with_no_paragraph(events: tuple[ReferenceEvent, ...]) -> None:
    estimate = _estimate(["Talks stalled again."], events, header=["Six months into the war, talks stall"])
    assert estimate is not None
    assert estimate.evidence[0].paragraph is None
    assert estimate.earliest <= D(2022, 8, 24) <= estimate.latest


def test_windows_past_the_latest_plausible_date_are_ignored(events: tuple[ReferenceEvent, ...]) -> None:
    paragraphs = [Paragraph("p1", "Twenty years ago, the war began.", 1)]
    assert estimate_date(paragraphs, [], events, latest=D(2030, 12, 31)) is None
    assert estimate_date(paragraphs, [], events) is not None


# ---------------------------------------------------------------- lower bounds


def test_a_point_event_raises_the_lower_end(events: tuple[ReferenceEvent, ...]) -> None:
    estimate = _estimate(
        ["Since Russia's invasion of Ukraine nearly two years ago, diplomacy has stalled.",
         "Putin made his offer during an interview with Tucker Carlson last week."],
        events,
    )
    assert estimate is not None
    assert (estimate.earliest, estimate.latest) == (D(2024, 2, 8), D(2024, 2, 24))
    point = [e for e in estimate.evidence if e.event == "interview"]
    assert [(e.paragraph, e.earliest, e.latest) for e in point] == [("p2", D(2024, 2, 8), D(2024, 2, 24))]


NEARLY_TWO_YEARS = D(2024, 2, 24) - HALF_YEAR  # where "nearly two years ago" alone starts


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("Officials described contacts in late 2023 and early 2024 as fruitless.", D(2024, 1, 1)),
        ("Officials described contacts in late 2023 as fruitless.", D(2023, 10, 1)),
        ("The offer was first made on 12 December 2023, officials said.", D(2023, 12, 12)),
        ("The offer was first made in Dec. 2023, officials said.", D(2023, 12, 1)),
        # below the window's start: consistent evidence, but it moves nothing
        ("Officials described contacts in mid-2023 as fruitless.", D(2023, 4, 1)),
        ("Nothing has moved since 2023, officials said.", D(2023, 1, 1)),
    ],
)
def test_explicit_past_dates_raise_the_lower_end(text: str, bound: dt.date, events: tuple[ReferenceEvent, ...]) -> None:
    estimate = _estimate(["Since Russia's invasion of Ukraine nearly two years ago, diplomacy has stalled.", text], events)
    assert estimate is not None
    assert (estimate.earliest, estimate.latest) == (max(bound, NEARLY_TWO_YEARS), D(2024, 2, 24))
    assert [(e.paragraph, e.earliest) for e in estimate.evidence if e.paragraph == "p2"] == [("p2", bound)]


@pytest.mark.parametrize(
    "text",
    [
        # future tense: each would otherwise raise the window's start or stand in its evidence
        "The next round of talks will be held on September 1, 2022.",
        "Their book will be available in August 2022.",
        "Elections would be held in August 2022, he said.",
        "Kyiv’ll hold a referendum in August 2022.",
        "No agreement is expected before September 2022.",  # "before" is not "after"
        "Russia has held Crimea since 2014.",  # true, but far below the window: not evidence
    ],
)
def test_future_and_irrelevant_dates_do_not_bound(text: str, events: tuple[ReferenceEvent, ...]) -> None:
    estimate = _estimate(["Six months ago, Russia invaded Ukraine.", text], events)
    assert estimate is not None
    assert (estimate.earliest, estimate.latest) == (D(2022, 8, 9), D(2022, 9, 8))
    assert [e.paragraph for e in estimate.evidence] == ["p1"]


def test_a_bound_that_contradicts_the_relative_phrases_is_dropped(events: tuple[ReferenceEvent, ...]) -> None:
    estimate = _estimate(["Six months ago, Russia invaded Ukraine.", "Talks resumed in March 2025."], events)
    assert estimate is not None
    assert (estimate.earliest, estimate.latest) == (D(2022, 8, 9), D(2022, 9, 8))


def test_contradicting_relative_phrases_give_their_combined_span(events: tuple[ReferenceEvent, ...]) -> None:
    estimate = _estimate(["Six months ago, Russia invaded Ukraine.", "Two years into the war, nothing moves."], events)
    assert estimate is not None
    assert (estimate.earliest, estimate.latest) == (D(2022, 8, 9), D(2024, 2, 24) + HALF_YEAR)
    assert len(estimate.evidence) == 2


# ---------------------------------------------------------------- the seeds


def _seed(prefix: str, numbers: range) -> list[Paragraph]:
    """The non-blank lines ``numbers`` of a seed as paragraphs."""
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    lines = path.read_text(encoding="utf-8").split("\n")
    kept = [(n, lines[n - 1].strip()) for n in numbers if lines[n - 1].strip()]
    return [Paragraph(f"p{i + 1}", text, n) for i, (n, text) in enumerate(kept)]


@pytest.fixture(scope="module")
def packaged() -> tuple[ReferenceEvent, ...]:
    return load_events(default_events_path())


def test_seed_001_is_placed_in_late_august_2022(packaged: tuple[ReferenceEvent, ...]) -> None:
    # body and bios, lines 8-55; the comment thread starts at line 58
    estimate = estimate_date(_seed("001", range(8, 56)), [], packaged)
    assert estimate is not None
    assert estimate.earliest <= D(2022, 8, 24) <= estimate.latest
    assert D(2022, 8, 1) <= estimate.earliest and estimate.latest <= D(2022, 9, 30)
    assert (estimate.latest - estimate.earliest).days <= 45
    phrases = [e.phrase for e in estimate.evidence]
    assert "Six months ago, Russia invaded Ukraine." in phrases
    assert any(p.startswith("After six months of a U.S. and NATO proxy war") for p in phrases)
    assert not any("October/November 2022" in p for p in phrases)  # "will be available" is the future


def test_seed_002_is_placed_in_early_2024(packaged: tuple[ReferenceEvent, ...]) -> None:
    header = ["US rejects Putin’s offer for truce in Ukraine, marking third year of deadliest battle in Europe since World War II"]
    estimate = estimate_date(_seed("002", range(3, 13)), header, packaged)
    assert estimate is not None
    assert estimate.earliest <= D(2024, 2, 15) <= estimate.latest
    assert D(2024, 1, 1) <= estimate.earliest and estimate.latest <= D(2024, 6, 30)
    assert any("starts the third year" in e.phrase for e in estimate.evidence)
    assert any(e.paragraph is None and "marking third year" in e.phrase for e in estimate.evidence)
    assert "tucker-carlson-interview" in {e.event for e in estimate.evidence}
    assert any("late 2023 and early 2024" in e.phrase for e in estimate.evidence)


def test_seed_003_is_placed_in_february_2024(packaged: tuple[ReferenceEvent, ...]) -> None:
    estimate = estimate_date(_seed("003", range(5, 30)), [], packaged)
    assert estimate is not None
    assert D(2024, 2, 1) <= estimate.earliest <= estimate.latest <= D(2024, 2, 29)
    assert any("nearly two years ago" in e.phrase for e in estimate.evidence)
    assert "tucker-carlson-interview" in {e.event for e in estimate.evidence}


@pytest.mark.parametrize(("prefix", "numbers"), [("000", range(11, 34)), ("004", range(5, 16))])
def test_seeds_without_a_relative_phrase_get_no_estimate(
    prefix: str, numbers: range, packaged: tuple[ReferenceEvent, ...]
) -> None:
    assert estimate_date(_seed(prefix, numbers), [], packaged) is None


# ---------------------------------------------------------------- the events table


def test_packaged_events_hold_the_reference_dates(packaged: tuple[ReferenceEvent, ...]) -> None:
    by_id = {e.id: e for e in packaged}
    assert len(by_id) == len(packaged)
    assert (by_id["full-scale-invasion"].date, by_id["full-scale-invasion"].kind) == (D(2022, 2, 24), "start")
    assert (by_id["istanbul-talks"].date, by_id["istanbul-talks"].kind) == (D(2022, 3, 29), "point")
    assert (by_id["annexation-four-regions"].date, by_id["annexation-four-regions"].kind) == (D(2022, 9, 30), "point")
    assert (by_id["tucker-carlson-interview"].date, by_id["tucker-carlson-interview"].kind) == (D(2024, 2, 8), "point")
    assert all(cue.flags & re.IGNORECASE for e in packaged for cue in e.cues)


@pytest.mark.parametrize(
    ("sentence", "cued"),
    [
        ("Russia invaded Ukraine two years ago.", True),
        ("Since the invasion in February 2022, two years ago, much changed.", True),
        ("Two years ago the war with Russia began.", True),
        ("The invasion of Iraq twenty years ago was a disaster.", False),
        ("The Iraq war twenty years ago was a disaster.", False),
        ("The war in Afghanistan began twenty years ago.", False),
        ("The Cold War ended thirty years ago.", False),
    ],
)
def test_packaged_start_cues_skip_other_wars(sentence: str, cued: bool, packaged: tuple[ReferenceEvent, ...]) -> None:
    assert (estimate_date([Paragraph("p1", sentence, 1)], [], packaged) is not None) is cued


@pytest.mark.parametrize(
    ("event", "sentence", "cued"),
    [
        ("tucker-carlson-interview", "Putin’s statements, such as those he made to talk show host Tucker Carlson, suggest a thaw.", True),
        ("tucker-carlson-interview", "Putin's offer, made during an interview with former Fox News host Tucker Carlson, was vague.", True),
        ("tucker-carlson-interview", "Tucker Carlson's interview with Vladimir Putin drew millions of views.", True),
        ("tucker-carlson-interview", "Tucker Carlson interviewed Javier Milei in Buenos Aires.", False),
        ("tucker-carlson-interview", "On Fox, Tucker Carlson defended Putin again.", False),
        ("navalny-death", "Navalny’s death in an Arctic prison shocked the West.", True),
        ("navalny-death", "Navalny, who nearly died after being poisoned in 2020, returned to Russia.", False),
        ("prigozhin-death", "Prigozhin died in a plane crash two months after the mutiny.", True),
        ("prigozhin-death", "Prigozhin said thousands of his men were killed in Bakhmut.", False),
        ("oval-office-clash", "After the Oval Office shouting match, aid was paused.", True),
        ("oval-office-clash", "Zelensky visited the Oval Office for the third time in a row.", False),
        ("istanbul-talks", "The draft agreed at the Istanbul talks would have ended the war.", True),
        ("annexation-four-regions", "Zelensky ruled out talks after Russia annexed the territory it controls in Ukraine.", True),
        ("annexation-four-regions", "Russia's past actions, including its annexation of Crimea, matter.", False),
    ],
)
def test_packaged_point_cues(event: str, sentence: str, cued: bool, packaged: tuple[ReferenceEvent, ...]) -> None:
    [found] = [e for e in packaged if e.id == event]
    assert any(cue.search(sentence) for cue in found.cues) is cued


ENTRY = "  - id: x\n    label: X\n    date: 2022-02-24\n    kind: start\n    cues: ['\\bwar\\b']\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("events:\n  - id: x\n    label: [unclosed\n", 4, "not valid YAML"),
        ("events:\n" + ENTRY + "    colour: red\n", 7, "unknown key 'colour'"),
        ("events:\n  - id: x\n    label: X\n    date: 2022-02-24\n    kind: start\n", 2, "no 'cues'"),
        ("events:\n" + ENTRY.replace("2022-02-24", "2022-02-30"), 4, "is not a date"),
        ("events:\n" + ENTRY.replace("kind: start", "kind: era"), 5, "'kind'"),
        ("events:\n" + ENTRY.replace("'\\bwar\\b'", "'(unclosed'"), 6, "not a valid pattern"),
        ("events:\n" + ENTRY.replace("id: x", "id: Not A Slug"), 2, "not a slug"),
        ("events:\n" + ENTRY + ENTRY, 7, "used twice"),
        ("events: 3\n", 1, "must be a list"),
        ("things: []\n", 1, "only the key 'events'"),
    ],
)
def test_bad_events_files_name_file_line_and_cause(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_events(path)
    assert caught.value.line == line
    assert words in caught.value.cause
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert caught.value.remedy


def test_a_missing_events_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_events(tmp_path / "nowhere.yaml")


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("pattern", "word"),
    [
        (r"\bTucker Carlson\b", "carlson"),
        (r"\bNord Stream\b.{0,60}\b(?:sabotage|blast)", "stream"),
        (r"colou?r", "colo"),
        (r"[Bb]ridge", "ridge"),
        (r"\bwar\b", "war"),  # three letters still make a cheap, safe substring test
        (r"\bat\b", None),  # two do not
        (r"peace|talks", None),  # an alternation requires neither
        (r"(?x) big words", None),  # verbose patterns ignore their spaces
        (r"abcd{0,3}e", "abc"),  # "d" may be absent, so only "abc" is certain
    ],
)
def test_required_word(pattern: str, word: str | None) -> None:
    assert required_word(pattern) == word


@pytest.mark.parametrize(
    ("start", "count", "unit", "moved"),
    [
        (D(2022, 2, 24), 6, "month", D(2022, 8, 24)),
        (D(2022, 1, 31), 1, "month", D(2022, 2, 28)),
        (D(2024, 2, 29), 1, "year", D(2025, 2, 28)),
        (D(2022, 2, 24), 3, "week", D(2022, 3, 17)),
        (D(2024, 2, 24), -1, "month", D(2024, 1, 24)),
        (D(2022, 12, 31), 1, "day", D(2023, 1, 1)),
    ],
)
def test_shift(start: dt.date, count: int, unit: str, moved: dt.date) -> None:
    assert shift(start, count, unit) == moved


def test_sentence_at_skips_abbreviations_and_initials() -> None:
    text = "The U.S. and NATO met in Feb. 2022 with J. Smith. Then talks stopped! Why? Nobody said."
    first = sentence_at(text, text.index("NATO"))
    assert text[first[0]:first[1]] == "The U.S. and NATO met in Feb. 2022 with J. Smith."
    second = sentence_at(text, text.index("talks"))
    assert text[second[0]:second[1]] == "Then talks stopped!"
    assert text[slice(*sentence_at(text, text.index("Nobody")))] == "Nobody said."


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("He met the U.S. The next day talks began.", ["He met the U.S.", "The next day talks began."]),
        ("They met at 3 p.m. Officials said nothing.", ["They met at 3 p.m.", "Officials said nothing."]),
        ("Liftoff was at 4:14 a.m. EST on Monday. It rained.", ["Liftoff was at 4:14 a.m. EST on Monday.", "It rained."]),
        ("By Medea Benjamin and Nicolas J.S. After six months, talks.", ["By Medea Benjamin and Nicolas J.S.", "After six months, talks."]),
        ("Talks with J. Smith and the U.S. Senate went on.", ["Talks with J. Smith and the U.S. Senate went on."]),
    ],
)
def test_date_estimates_and_citations_share_one_sentence_splitter(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == sentences
    for sentence in sentences:
        start = text.index(sentence)
        assert sentence_at(text, start + 1) == (start, start + len(sentence))
