"""Rule-level tests of the loader: each rule table on inputs written for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_site.errors import SeedError
from archive_site.load.outlets import default_outlets_path, read_outlets
from archive_site.load.rules.bylines import name_alone, parse_byline, wire_credit
from archive_site.load.rules.citations import find_citations, sentences
from archive_site.load.rules.comments import RawLine, read_thread, thread_start
from archive_site.load.rules.names import is_organisation, is_person_name
from archive_site.load.rules.tail import classify
from archive_site.load.seeds import LoaderSettings, load_file
from archive_site.load.segment import caption_rule
from archive_site.load.text import decode, normalise
from archive_site.model import Paragraph

BOOK = read_outlets([default_outlets_path()])


@pytest.mark.parametrize(
    ("line", "authors", "affiliations"),
    [
        ("By Medea Benjamin and Nicolas J.S. Davies / CODEPINK", [("Medea Benjamin", "person"), ("Nicolas J.S. Davies", "person")], ["CODEPINK"]),
        ("May 29th, 2024 - by RootsAction Team", [("RootsAction Team", "organization")], []),
        ("Author: Dave DeCamp", [("Dave DeCamp", "person")], []),
        ("BY JANE DOE", [("Jane Doe", "person")], []),
        ("By Reuters", [("Reuters", "organization")], []),
        ("By Jane Doe for The Guardian", [("Jane Doe", "person")], ["The Guardian"]),
        ("By John Smith, Example Times", [("John Smith", "person")], ["Example Times"]),
        ("By A. Jones, Bob Smith and Carol King", [("A. Jones", "person"), ("Bob Smith", "person"), ("Carol King", "person")], []),
        ("Posted by Jane Doe on May 3, 2024 at 10:02 am", [("Jane Doe", "person")], []),
        ("Words by Sam Lee", [("Sam Lee", "person")], []),
        ("Reporting by Guy Faulconbridge in Moscow; Editing by Mark Heinrich", [("Guy Faulconbridge", "person")], []),
        ("By Jane Doe | March 3, 2024", [("Jane Doe", "person")], []),
        ("By the Editorial Board", [("Editorial Board", "organization")], []),
        ("By Maria Garcia of the Kyiv Independent", [("Maria Garcia", "person")], ["Kyiv Independent"]),
    ],
)
def test_byline_shapes(line: str, authors: list[tuple[str, str]], affiliations: list[str]) -> None:
    byline = parse_byline(line, BOOK)
    assert byline is not None, line
    assert [(c.name, c.kind) for c in byline.credits] == authors
    assert list(byline.affiliations) == affiliations


@pytest.mark.parametrize("line", ["by the way this is not a byline", "Byzantine politics returned", "Say it now!", "The talks began in Istanbul."])
def test_not_bylines(line: str) -> None:
    assert parse_byline(line, BOOK) is None


@pytest.mark.parametrize(
    ("text", "person", "organisation"),
    [
        ("Nicolas J. S. Davies", True, False),
        ("Ludwig van Beethoven", True, False),
        ("RootsAction Team", False, True),
        ("Editorial Board", False, True),
        ("Example Times", False, False),
        ("Jane", False, False),
        ("Agent 007 Smith", False, False),
        ("The Washington Post", False, False),
    ],
)
def test_name_validation(text: str, person: bool, organisation: bool) -> None:
    assert is_person_name(text) is person
    assert is_organisation(text) is organisation


@pytest.mark.parametrize(
    ("line", "rule", "org"),
    [
        ("Source: Reuters", "tail.source", "Reuters"),
        ("Dave DeCamp is the news editor of Antiwar.com, follow him on Twitter @decampdave.", "tail.bio-outlet", "Antiwar.com"),
        ("Nicolas J. S. Davies is an independent journalist, a researcher with CODEPINK and the author of a book.", "tail.bio-outlet", "CODEPINK"),
        ("•   Reuters: “Putin wants Ukraine ceasefire on current frontlines”", "tail.reference", "Reuters"),
        ("• “A headline that names no publication”", "tail.reference", None),
        ("•   Read more at Progressive Hub.", "tail.read-more", "Progressive Hub"),
        ("© 2023 Example Times. All rights reserved.", "tail.copyright", "Example Times"),
        ("This article first appeared in The Nation.", "tail.appeared", "The Nation"),
        ("— Jane Doe", "tail.signature", None),
        ("Author: Dave DeCamp", "tail.byline", None),
    ],
)
def test_tail_lines(line: str, rule: str, org: str | None) -> None:
    found = classify(line, BOOK, True)
    assert found is not None, line
    assert (found.rule, found.org) == (rule, org)


@pytest.mark.parametrize(
    "line",
    [
        "Vladimir Putin is the president of Russia.",  # a closing sentence about a newsmaker is not a bio
        "Say it now!",
        "The talks will resume in Geneva next week, officials said.",
    ],
)
def test_tail_leaves_article_text(line: str) -> None:
    assert classify(line, BOOK, True) is None


def _cited(text: str, own: str | None = None) -> list[tuple[str, str]]:
    paragraphs = [Paragraph(f"p{i}", t, i) for i, t in enumerate(text.split("\n\n"), 1)]
    return [(c.name, c.rule) for c in find_citations(paragraphs, BOOK, own)]


@pytest.mark.parametrize(
    ("text", "own", "expected"),
    [
        ("The Washington Post reported on Saturday that talks stalled. Sources told the Post that nothing changed.", None,
         [("The Washington Post", "cite.reported"), ("The Washington Post", "cite.told")]),
        ("Kissinger told The Wall Street Journal that the war was a mistake.", None, [("The Wall Street Journal", "cite.told")]),
        ("The offer was turned down, according to a Reuters exclusive.", None, [("Reuters", "cite.according-to")]),
        ("The offer was turned down, according to a Reuters exclusive.", "Reuters", []),
        ("According to the Kyiv Daily Herald, troops moved.", None, [("Kyiv Daily Herald", "cite.according-to")]),
        ("According to John Smith, nothing happened.", None, []),
        ("Putin spoke to former Fox News host Tucker Carlson. He told Fox News host Tucker Carlson more.", None, []),
        ("The Times asked hard questions.", None, []),  # "the Times" alone is ambiguous until a full name appears
        ("The New York Times editorial board penned an editorial.\n\nThe Times asked hard questions.", None,
         [("The New York Times", "cite.reported"), ("The New York Times", "cite.reported")]),
        ("Three Russian sources said, according to people familiar with the talks.", None, []),
        ("In an interview with Fox News host Dana Reyes, the envoy said the talks would go on.", None,
         [("Fox News", "cite.told")]),
        ("The draft was first reported in The Washington Post on Monday.", None, [("The Washington Post", "cite.told")]),
        ("Recordings of the calls were published by Bloomberg last week.", None, [("Bloomberg", "cite.told")]),
        ("The minister vowed to the Financial Times that no land would be ceded.", None, [("Financial Times", "cite.told")]),
        ("Both delegations stayed in the capital, as writes The Washington Post.", None,
         [("The Washington Post", "cite.reported")]),
        ("The Guardian editorial warned against a rushed settlement.", None, [("The Guardian", "cite.reported")]),
        ("Most voters back a truce, according to a survey conducted by the Wall Street Journal and the University of Oslo.",
         None, [("The Wall Street Journal", "cite.according-to")]),
    ],
)
def test_citation_frames(text: str, own: str | None, expected: list[tuple[str, str]]) -> None:
    assert _cited(text, own) == expected


def test_an_unknown_agency_named_before_its_kind_and_a_reporting_verb_is_cited() -> None:
    cited = _cited("The second round will be held near the border next week, Vostral news agency reported.")
    assert cited == [("Vostral", "cite.reported")]


def test_sentences_keep_abbreviations_and_initials() -> None:
    text = "U.S. Defense Secretary Austin met Nicolas J.S. Davies on Feb. 5 in Kyiv. Then he left. Mr. Smith stayed."
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == [
        "U.S. Defense Secretary Austin met Nicolas J.S. Davies on Feb. 5 in Kyiv.",
        "Then he left.",
        "Mr. Smith stayed.",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("TheNew York Times", "The New York Times"),
        ("Read more atProgressive Hub.", "Read more at Progressive Hub."),
        ("the authors ofWar in Ukraine", "the authors of War in Ukraine"),
        ("iPhone, McDonald, theory, Then", "iPhone, McDonald, theory, Then"),
        ("a\u00a0b\u200b c\r\nd  e   ", "a b c\nd e"),
        ("Cafe\u0301", "Café"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_decode_falls_back_to_cp1252_with_a_warning_naming_the_line() -> None:
    decoded = decode(b"Title\n\ncaf\xe9 au lait\n", "seeds/x.txt")
    assert decoded.text.splitlines()[2] == "café au lait"
    assert [w.code for w in decoded.warnings] == ["decode.cp1252"]
    assert decoded.warnings[0].message.startswith("seeds/x.txt:3:")


@pytest.mark.parametrize(("data", "cause"), [(b"", "empty"), (b" \n\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary")])
def test_decode_refuses_unreadable_files(data: bytes, cause: str) -> None:
    with pytest.raises(SeedError, match=cause) as info:
        decode(data, "seeds/bad.txt")
    assert str(info.value).startswith("seeds/bad.txt:")


def _raw(text: str) -> list[RawLine | None]:
    out: list[RawLine | None] = []
    for n, line in enumerate(text.split("\n"), 1):
        out.append(RawLine(n, len(line) - len(line.lstrip(" ")), line.strip()) if line.strip() else None)
    return out


def test_numbered_comment_thread_with_replies() -> None:
    text = (
        "Last paragraph of the article, which ends here.\n\n\n"
        "  1. First comment.\n\n    Its second paragraph.\n\n"
        "  2. Second comment.\n\n    1. A reply to the second.\n\n"
        "  3. Third comment."
    )
    lines = _raw(text)
    found = thread_start(lines, 1)
    assert found is not None and found[1] == "comments.numbered"
    comments = read_thread(lines, found[0], found[1])
    assert [c.number for c in comments] == ["1", "2", "3"]
    assert comments[0].text == "First comment.\n\nIts second paragraph."
    assert [r.text for r in comments[1].replies] == ["A reply to the second."]


def test_numbered_list_inside_the_body_is_not_a_thread() -> None:
    text = "Intro paragraph of the article.\n\n1. First point.\n2. Second point.\n3. Third point.\n\nThe article goes on after the list."
    assert thread_start(_raw(text), 1) is None


def test_blog_comments_by_says_lines() -> None:
    text = "Body ends here.\n\nJane Roe says:\nMay 3, 2024 at 9:14 am\nGreat piece.\nReply\nOmar Haddad says:\nI disagree.\nReply"
    lines = _raw(text)
    found = thread_start(lines, 1)
    assert found is not None and found[1] == "comments.says"
    comments = read_thread(lines, found[0], found[1])
    assert [c.text for c in comments] == ["Jane Roe:\n\nGreat piece.", "Omar Haddad:\n\nI disagree."]


def test_short_names_resolve_only_after_the_full_name() -> None:
    seen: set[str] = set()
    assert BOOK.mentions("Sources told the Post.", seen) == []
    names = [(m.text, m.outlet.name, m.short) for m in BOOK.mentions("The Washington Post said so. Sources told the Post.", seen)]
    assert names == [("The Washington Post", "The Washington Post", False), ("the Post", "The Washington Post", True)]


def test_user_outlets_file_extends_and_replaces(tmp_path: Path) -> None:
    extra = tmp_path / "outlets.yaml"
    extra.write_text("- {name: Harbor Gazette, kind: newspaper, aliases: [The Gazette]}\n- {name: Reuters, kind: wire, homepage: 'https://example.org/'}\n")
    book = read_outlets([default_outlets_path(), extra])
    assert book.resolve("the Gazette").name == "Harbor Gazette"  # type: ignore[union-attr]
    assert book.resolve("Reuters").homepage == "https://example.org/"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("A woman walks amid destroyed tanks in Bucha. [Rodrigo Abd / CC BY 2.0]", "caption.bracket-credit"),
        ("President Biden speaks in Warsaw. (AP Photo/Evan Vucci)", "caption.agency-credit"),
        ("Delegates arrive for the talks. (Harbor Wire/Ana Ruiz)", "caption.agency-credit"),
        ("Troops on parade in Moscow. Example Images", "caption.picture-agency"),
        ("Photo: Jane Roe", "caption.labelled"),
    ],
)
def test_caption_credits(line: str, rule: str) -> None:
    assert caption_rule(line, in_header=False) == rule


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Leaders meet in Geneva — February 28, 2022.", "caption.dated"),
        ("Delegates at the summit (May 2024)", "caption.dated"),
        ("Saturday, May 25, 2024", None),  # a date line, not a caption
        ("Press releases, 16.06.2024", None),  # a dated label
    ],
)
def test_header_lines_ending_in_a_date(line: str, rule: str | None) -> None:
    assert caption_rule(line, in_header=True) == rule


def test_caption_rules_leave_prose_alone() -> None:
    assert caption_rule("The talks (held in Geneva) ended without agreement on Tuesday.", in_header=False) is None


def test_known_names_with_inner_capitals_are_not_split(tmp_path: Path) -> None:
    extra = tmp_path / "outlets.yaml"
    extra.write_text("- {name: TheBlaze, kind: news site}\n")
    book = read_outlets([default_outlets_path(), extra])
    text = "According to TheBlaze, the vote failed. It was reported atTheBlaze too."
    assert decode(text.encode(), "x.txt", book.protected_words).text == text.replace("atTheBlaze", "at TheBlaze")
    assert decode(text.encode(), "x.txt").text.startswith("According to The Blaze")


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Dr. Jane Doe", ["Jane Doe"]),
        ("By Prof. Ivan Petrov and Anna Schmidt", ["Ivan Petrov", "Anna Schmidt"]),
        ("BY JOHN MCDONALD", ["John McDonald"]),
        ("By Doe, Jane", ["Jane Doe"]),
        ("By KATRINA VANDEN HEUVEL", ["Katrina vanden Heuvel"]),
        ("By Archbishop Joseph E. Kurtz", ["Joseph E. Kurtz"]),
        ("By Ukrainian Peace Movement, September 21, 2022", ["Ukrainian Peace Movement"]),
        ("by University of Wyoming", ["University of Wyoming"]),
        ("by The Harbor Ledger news desk March 18, 2025 8:01 PM 2 min read", ["The Harbor Ledger news desk"]),
        ("Kaush Ray & Mira Olsen", ["Kaush Ray", "Mira Olsen"]),
        ("Author - Dmitro Lenko, 01/10/2024", ["Dmitro Lenko"]),
        ("By John and Andy Wexler", ["John Wexler", "Andy Wexler"]),
    ],
)
def test_names_in_bylines_are_tidied(line: str, authors: list[str]) -> None:
    byline = parse_byline(line, BOOK)
    assert byline is not None, line
    assert [c.name for c in byline.credits] == authors


@pytest.mark.parametrize("line", ["Farmers See Massive Loss in Production and Income Amid Worsening Drought", "Featured Story"])
def test_headlines_are_not_bylines(line: str) -> None:
    assert parse_byline(line, BOOK) is None
    assert name_alone(line) is None


def test_a_headline_shaped_like_names_in_a_place_stays_the_headline(tmp_path: Path) -> None:
    seed = tmp_path / "talks.txt"
    seed.write_text("Talks Resume in Geneva\n\nBy Jane Doe\n\n" + "The delegations met again on Monday for a second round. " * 4 + "\n")
    article = load_file(seed, LoaderSettings.default())
    assert article.title == "Talks Resume in Geneva"
    assert [a.name for a in article.authors] == ["Jane Doe"]


def test_a_wire_credit_names_reporters_and_writers_not_editors() -> None:
    text = "It ended. (Reporting by Ana Ruiz in Vienna and Tom Li; Reporting and editing by Sam Ode; Editing by Kim Park)"
    assert [c.name for c in wire_credit(text)] == ["Ana Ruiz", "Tom Li", "Sam Ode"]
    assert wire_credit("Nothing to see (photo by Ana Ruiz).") == ()


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ("The talks resumed on Tuesday, reported Reuters.", ["Reuters"]),
        ("He is not predicting the next move, per Reuters.", ["Reuters"]),
        ("They met in Jeddah, according to a report by the BBC on Wednesday.", ["BBC"]),
        ("According to Harbor Wire and the Wall Street Journal, the plan favours Moscow.", ["Harbor Wire", "The Wall Street Journal"]),
        ("Talks resumed, citing the state news agency Nordpress Agency.", ["Nordpress Agency"]),
        ("Meanwhile, Saudi broadcaster Al Kalima reported that Egypt received the demands.", ["Al Kalima"]),
        ('"We will not give up," the president told Radio Nordland radio.', ["Radio Nordland"]),
        ("Rain records fell in every state, reported the National Centers for Climate Information.", ["National Centers for Climate Information"]),
        ("In a new Valley Farm Bureau Federation survey, most growers said the drought hurt.", ["Valley Farm Bureau Federation"]),
        ("The conditions were set out in a document obtained by RIA Novosti.", ["RIA Novosti"]),
        ("In remarks to Asharq Al-Awsat, he said the kingdom would host the talks.", ["Asharq Al-Awsat"]),
        ("The Valley Advocate reports that the levy failed.", ["Valley Advocate"]),
        ("Polling by Norstat in September showed most voters wanted talks.", ["Norstat"]),
        ("The minister went on Sky News on Sunday to demand more aid.", ["Sky News"]),
        ("The Kremlin said on Thursday that it saw no basis for talks.", []),
        ("The plan was confirmed, according to the Kremlin.", []),
        ("The Chinese Foreign Ministry's statement, reported by the agency, was brief.", []),
    ],
)
def test_citing_shapes_from_real_pages(text: str, sources: list[str]) -> None:
    found = find_citations([Paragraph("p1", text, 1)], BOOK, None)
    assert sorted(c.name for c in found) == sorted(sources)


@pytest.mark.parametrize(
    ("line", "org"),
    [
        ("Doha (AFP): Four delegations arrived overnight for the second round.", "AFP"),
        ("KYIV (Ukrinform) – The talks will resume next week, officials said.", "Ukrinform"),
        ("ISTANBUL, Feb 24 - RIA Novosti. The delegations met for three hours.", "RIA Novosti"),
    ],
)
def test_an_agency_dateline_names_the_outlet(line: str, org: str) -> None:
    from archive_site.load.rules.outletlines import lead_outlets

    assert [(found.name, found.rule) for found in lead_outlets(line)] == [(org, "outlet.agency-dateline")]


@pytest.mark.parametrize(
    ("line", "rule", "org"),
    [
        ("Source:: Institute for Peace Studies", "tail.source", "Institute for Peace Studies"),
        ("2025 © The Marsh Ledger /Cookies Policy", "tail.copyright", "The Marsh Ledger"),
        ("© 2024 The Marsh Ledger. All Rights Reserved.", "tail.copyright", "The Marsh Ledger"),
    ],
)
def test_footer_lines_name_the_outlet(line: str, rule: str, org: str) -> None:
    found = classify(line, BOOK, True)
    assert found is not None and (found.rule, found.org) == (rule, org)


def test_a_year_and_the_word_copyright_in_a_sentence_are_not_a_footer() -> None:
    assert classify("2022 Copyright lessons from the talks", BOOK, True) is None
