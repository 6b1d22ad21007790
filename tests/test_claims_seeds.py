"""The catalog and stance vocabulary on the five seed articles, against what a reader finds in them."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml
from records import article as plain_article

from archive_site.claims import Catalog, annotate_archive, load_catalog, load_stances, suggest_claims
from archive_site.load.seeds import LoaderSettings, load_seeds
from archive_site.model import Article

ROOT = Path(__file__).resolve().parents[1]
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "claims_fixtures" / "seeds.yaml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    archive = load_seeds(ROOT / "seeds", LoaderSettings.default(ROOT))
    catalog = load_catalog(ROOT / "claims.yaml")
    stances = load_stances(ROOT / "archive_site" / "data" / "stances.yaml")
    return {a.source_name: a for a in annotate_archive(archive.articles, catalog, stances)}


def test_every_seed_is_described(seeds: dict[str, Article]) -> None:
    assert sorted(seeds) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_claims(seeds: dict[str, Article], name: str) -> None:
    expected = EXPECTED[name]
    positions: dict[str, set[str]] = {}
    for mention in seeds[name].claims:
        positions.setdefault(mention.claim, set()).add(mention.position)
    for claim, wanted in expected["claims"].items():
        assert claim in positions, f"{name}: {claim} not found"
        assert positions[claim] & set(wanted), f"{name}: {claim} is {positions[claim]}, expected one of {wanted}"
    for claim, unwanted in expected.get("forbidden", {}).items():
        assert not positions.get(claim, set()) & set(unwanted), f"{name}: {claim} is {positions[claim]}"
    for claim in expected["absent"]:
        assert claim not in positions, f"{name}: {claim} found in {[m.sentence for m in seeds[name].claims if m.claim == claim]}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_stance(seeds: dict[str, Article], name: str) -> None:
    stance = seeds[name].stance
    assert stance.label == EXPECTED[name]["stance"]
    assert stance.evidence
    prov = seeds[name].provenance["stance"]
    assert (prov.origin, prov.rule) == ("extracted", "stance.cues")


def test_every_claim_is_made_by_some_seed() -> None:
    catalog = load_catalog(ROOT / "claims.yaml")
    made = {claim for expected in EXPECTED.values() for claim in expected["claims"]}
    assert made == {claim.id for claim in catalog.claims}


def test_mentions_quote_their_paragraphs(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        paragraphs = {p.id: p.text for p in article.paragraphs}
        for mention in article.claims:
            assert paragraphs[mention.paragraph][mention.start : mention.end] == mention.sentence


#: Two hand-written reports that share a sentence's meaning which no catalog claim covers.
GRAIN_A = "The reopened grain corridor carried Ukrainian wheat across the Black Sea to ports in Egypt."
GRAIN_B = "Ukrainian wheat again crossed the Black Sea through the grain corridor, bound for Egyptian ports."
GRAIN = (
    plain_article(["Farmers in the south planted late this year because of the frost.", GRAIN_A], key="grain-one"),
    plain_article([GRAIN_B, "The finance ministry published its budget on Friday."], key="grain-two"),
)


def test_suggest_with_the_full_catalog_proposes_only_what_the_catalog_lacks(seeds: dict[str, Article]) -> None:
    catalog = load_catalog(ROOT / "claims.yaml")
    # Without a catalog, the seeds' recurring sentences are proposed: the talks mediated by Turkey
    # (seeds 000 and 001) and Putin's interview with Tucker Carlson (seeds 002 and 003).
    unannotated = [dataclasses.replace(a, claims=()) for a in seeds.values()]
    bare = suggest_claims(unannotated, Catalog(()))
    assert "mediated by Turkey" in bare and "Tucker Carlson" in bare
    # The catalog covers both (istanbul-framework, putin-offers-ceasefire): with it, the only candidate
    # is the grain corridor that the two added reports share.
    text = suggest_claims([*seeds.values(), *GRAIN], catalog)
    entries = yaml.safe_load(text)
    assert isinstance(entries, list) and len(entries) == 1, text
    assert set(entries[0]) == {"id", "statement", "label", "cues"}
    assert entries[0]["statement"] in (GRAIN_A, GRAIN_B)
    assert entries[0]["id"] not in {claim.id for claim in catalog.claims}
    examples = [line for line in text.splitlines() if line.startswith("#   ")]
    assert sorted(examples) == sorted([f"#   grain-one p2: {GRAIN_A}", f"#   grain-two p1: {GRAIN_B}"])
    assert "Turkey" not in text and "Tucker Carlson" not in text


def test_suggest_on_the_seeds_alone_with_the_full_catalog_finds_nothing_new(seeds: dict[str, Article]) -> None:
    text = suggest_claims(list(seeds.values()), load_catalog(ROOT / "claims.yaml"))
    assert text.startswith("# No candidate claims found")
    assert yaml.safe_load(text) is None
