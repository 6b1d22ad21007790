"""The catalog and stance vocabulary on the five seed articles, against what a reader finds in them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from archive_site.claims import annotate_archive, load_catalog, load_stances, suggest_claims
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


def test_suggest_on_seeds_is_yaml_outside_the_catalog(seeds: dict[str, Article]) -> None:
    catalog = load_catalog(ROOT / "claims.yaml")
    text = suggest_claims(list(seeds.values()), catalog)
    entries = yaml.safe_load(text)
    covered = {m.sentence for a in seeds.values() for m in a.claims}
    if entries is None:
        assert text.startswith("# No candidate claims")
        return
    for entry in entries:
        assert set(entry) == {"id", "statement", "label", "cues"}
        assert entry["statement"] not in covered
