"""The site model built from the fixture archive; expectations read off the fixture records."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from site_fixtures.records import load_fixture_articles, load_fixture_catalog, load_fixture_config

from archive_site.model import Article, Author, ClaimMention, OutletRef, Paragraph, Stance
from archive_site.site.claimterms import MentionRef
from archive_site.site.model import SiteModel, build_site_model


@pytest.fixture(scope="module")
def model() -> SiteModel:
    articles, sources = load_fixture_articles()
    config = load_fixture_config()
    return build_site_model(articles, load_fixture_catalog(), config.stances, config, source_texts=sources)


def test_articles_are_newest_first_with_undated_last(model: SiteModel) -> None:
    # talks-resume is printed 2024-03-14; offer-rejected is estimated Oct 2023 - Jan 2024; untitled-notes has nothing.
    assert list(model.articles) == ["talks-resume", "offer-rejected", "untitled-notes"]


def test_terms_hold_keys_and_own_their_slugs(model: SiteModel) -> None:
    assert list(model.outlets) == ["harbor-post", "lakeside-review"]
    assert model.outlets["harbor-post"].articles == ("talks-resume",)
    assert model.outlets["harbor-post"].authors == ("jane-doe", "sam-lee")
    assert list(model.authors) == ["jane-doe", "lakeside-staff", "sam-lee"]
    assert model.authors["lakeside-staff"].kind == "organization"
    assert model.authors["lakeside-staff"].outlets == ("lakeside-review",)
    assert list(model.sources) == ["harbor-post", "lakeside-review", "reuters"]
    reuters = model.sources["reuters"]
    assert reuters.articles == ("talks-resume", "offer-rejected")
    assert len(reuters.citations) == 3
    assert model.sources["harbor-post"].outlet == "harbor-post"
    assert model.sources["reuters"].outlet is None
    assert model.citation_sources["offer-rejected"] == ("reuters", "reuters", "harbor-post")


def test_outlet_stance_mix_and_most_cited_sources(model: SiteModel) -> None:
    assert model.outlets["harbor-post"].stance_mix == (("for-talks", 1),)
    assert model.outlets["lakeside-review"].top_sources == (("reuters", 2), ("harbor-post", 1))


def test_stances_include_unclassified_last(model: SiteModel) -> None:
    assert list(model.stances) == ["for-talks", "against-talks", "neutral", "unclassified"]
    assert model.stances["unclassified"].articles == ("untitled-notes",)
    assert model.stances["neutral"].articles == ()
    assert model.article_stance["offer-rejected"] == "against-talks"


def test_claim_columns_first_outlet_and_one_sided(model: SiteModel) -> None:
    offer = model.claims["ceasefire-offer"]
    assert offer.affirms == ()
    assert offer.reports == (MentionRef("talks-resume", 0),)
    assert offer.disputes == (MentionRef("offer-rejected", 0),)
    assert offer.first == MentionRef("talks-resume", 0)
    assert offer.one_sided is None  # nobody affirms it
    no_win = model.claims["no-military-solution"]
    assert [r.article for r in no_win.affirms] == ["talks-resume", "untitled-notes"]
    assert no_win.one_sided == "for-talks"  # the unclassified article does not count as a second stance
    assert model.claims["backchannel-contacts"].first is None  # its only mention is undated
    assert model.claims["nuclear-risk"].articles == ()
    assert model.claims["ceasefire-offer"].related == (("backchannel-contacts", 1), ("no-military-solution", 1))


def test_outlet_by_claim_matrix(model: SiteModel) -> None:
    matrix = model.matrix
    assert matrix.claims == ("ceasefire-offer", "no-military-solution", "backchannel-contacts")
    rows = {row.outlet: row.cells for row in matrix.rows}
    assert [row.outlet for row in matrix.rows] == ["harbor-post", "lakeside-review", None]
    assert rows["harbor-post"] == ((0, 0, 1), (1, 0, 0), (0, 0, 0))
    assert rows["lakeside-review"] == ((0, 1, 0), (0, 0, 0), (0, 0, 1))
    assert rows[None] == ((0, 0, 0), (1, 0, 0), (0, 0, 0))


def test_related_articles_rank_claims_over_sources_over_outlet(model: SiteModel) -> None:
    # offer-rejected shares a claim and Reuters with talks-resume; untitled-notes shares only a claim.
    assert model.related["talks-resume"] == ("offer-rejected", "untitled-notes")
    assert model.related["untitled-notes"] == ("talks-resume",)


def test_timeline_groups_dated_estimated_and_undated(model: SiteModel) -> None:
    groups = [(g.kind, g.month, g.label, g.articles) for g in model.timeline]
    assert groups == [
        ("estimated", "2023-12", "December 2023", ("offer-rejected",)),
        ("dated", "2024-03", "March 2024", ("talks-resume",)),
        ("undated", None, "Undated", ("untitled-notes",)),
    ]


def test_stats(model: SiteModel) -> None:
    s = model.stats
    assert (s.articles, s.dated, s.estimated, s.undated) == (3, 1, 1, 1)
    assert (s.outlets, s.authors, s.sources, s.citations) == (2, 3, 3, 5)
    # Only talks-resume's outlet (extracted, confidence 0.55) needs review; defaults are never flagged.
    assert (s.claims, s.mentions, s.flagged) == (3, 5, 1)
    assert (s.first_date, s.last_date) == ("2024-03-14", "2024-03-14")


def test_pages_paginate_past_page_size(model: SiteModel) -> None:
    paths = [spec.path for spec in model.pages()]
    assert len(paths) == len(set(paths))
    assert "authors/page/2/index.html" in paths and "authors/page/3/index.html" not in paths
    assert "sources/reuters/page/2/index.html" in paths  # three citations, two per page
    assert "claims/page/2/index.html" in paths


def _article(key: str, **fields: object) -> Article:
    base = Article(
        key=key, source=f"seeds/{key}.txt", source_name=f"{key}.txt", digest="0", title=key.title(), dek=None,
        authors=(), date=None, date_estimate=None, outlet=None, stance=Stance(None, 0.0), cited_sources=(),
        claims=(), paragraphs=(Paragraph("p1", "One sentence here. Another one there.", 3),), comments=(),
    )
    return dataclasses.replace(base, **fields)


def test_problems_become_warnings_not_failures() -> None:
    catalog = load_fixture_catalog()
    config = load_fixture_config()
    good = ClaimMention("nuclear-risk", "p1", "Another one there.", 500, 600, "affirms", "x", 0.9)
    lost = ClaimMention("nuclear-risk", "p1", "Not in the text.", 500, 600, "affirms", "x", 0.9)
    unknown = ClaimMention("no-such-claim", "p1", "One sentence here.", 0, 18, "affirms", "x", 0.9)
    articles = [
        _article("a", claims=(good, lost, unknown), authors=(Author("Jane Doe", "person"),)),
        _article("b", stance=Stance("hawkish", 0.9), authors=(Author("Jane-Doe", "person"),)),
        _article("c", authors=(Author("jane  doe", "person"),)),
        _article("a", title="Duplicate key"),
    ]
    model = build_site_model(articles, catalog, config.stances, config)
    assert list(model.articles) == ["a", "b", "c"]
    # The misplaced offsets are repaired by finding the sentence; the lost one is listed, not marked.
    assert [(h.start, h.end) for h in model.highlights["a"]] == [(19, 37)]
    assert set(model.authors) == {"jane-doe", "jane-doe-2"}  # "jane  doe" is Jane Doe; "Jane-Doe" is someone else
    assert model.article_authors["c"] == model.article_authors["a"]
    assert not model.stances["hawkish"].in_vocabulary
    text = "\n".join(model.warnings)
    for words in ("repeats", "no-such-claim", "does not match", "hawkish", "jane-doe-2"):
        assert words in text, words


def test_in_a_large_archive_of_equals_the_related_articles_are_the_nearest_in_date() -> None:
    # 4,000 articles one day apart, all of one outlet and one claim: every pair scores the same, so each
    # article lists the five nearest in date (its neighbours in the newest-first order). bench/bench_rules.py
    # times this build.
    outlet = OutletRef("Big Wire", "big-wire", "wire")
    mention = ClaimMention("nuclear-risk", "p1", "One sentence here.", 0, 18, "affirms", "x", 0.9)
    articles = [
        _article(f"a{i:05d}", outlet=outlet, claims=(mention,), date=dt.date(2015, 1, 1) + dt.timedelta(days=i))
        for i in range(4000)
    ]
    config = load_fixture_config()
    model = build_site_model(articles, load_fixture_catalog(), config.stances, config)
    assert list(model.articles)[:2] == ["a03999", "a03998"]
    assert all(len(r) == 5 for r in model.related.values())
    # Two days on either side, then the fifth at three days: the earlier or the later one, whichever the
    # tie-break picks, but never anything further away.
    assert set(model.related["a02000"][:4]) == {"a01999", "a02001", "a01998", "a02002"}
    assert model.related["a02000"][4] in {"a01997", "a02003"}
    assert set(model.related["a00000"]) == {"a00001", "a00002", "a00003", "a00004", "a00005"}
    assert set(model.related["a03999"]) == {"a03998", "a03997", "a03996", "a03995", "a03994"}
