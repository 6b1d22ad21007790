"""``claims suggest``: candidate claims from sentences several articles share, as ready-to-paste YAML."""

from __future__ import annotations

from pathlib import Path

import yaml
from records import article

from archive_site.claims import Catalog, load_catalog, suggest_claims
from archive_site.claims.detect import detect_mentions
from archive_site.claims.suggest import stem
from archive_site.load.seeds import LoaderSettings, load_seeds
from archive_site.model import Article

ROOT = Path(__file__).resolve().parents[1]


def make_article(key: str, *paragraphs: str) -> Article:
    return article(paragraphs, key=key, title=key)

GRAIN_A = "The reopened grain corridor carried Ukrainian wheat across the Black Sea to ports in Egypt."
GRAIN_B = "Ukrainian wheat again crossed the Black Sea through the grain corridor, bound for Egyptian ports."
ARTICLES = [
    make_article("first", "Farmers in the south planted late this year because of the frost.", GRAIN_A),
    make_article("second", GRAIN_B, "The finance ministry published its budget on Friday."),
    make_article("third", "A new museum opened in the capital with an exhibition of icons."),
]


def test_suggestion_is_ready_to_paste_yaml(tmp_path: Path) -> None:
    text = suggest_claims(ARTICLES, Catalog(()))
    entries = yaml.safe_load(text)
    assert isinstance(entries, list) and len(entries) == 1
    entry = entries[0]
    assert set(entry) == {"id", "statement", "label", "cues"}
    assert entry["statement"] in (GRAIN_A, GRAIN_B)
    assert entry["id"] and entry["label"]
    # the example sentences are listed as comments with their article keys and paragraphs
    assert f"#   first p2: {GRAIN_A}" in text
    assert f"#   second p1: {GRAIN_B}" in text
    # pasted under `claims:`, the entry loads and finds the claim in both articles
    catalog_file = tmp_path / "claims.yaml"
    catalog_file.write_text("claims:\n" + text, encoding="utf-8")
    catalog = load_catalog(catalog_file)
    assert [c.id for c in catalog.claims] == [entry["id"]]
    found = {a.key for a in ARTICLES if detect_mentions(a, catalog)}
    assert found == {"first", "second"}


def test_sentences_a_catalog_claim_covers_are_not_suggested(tmp_path: Path) -> None:
    catalog_file = tmp_path / "claims.yaml"
    catalog_file.write_text(
        "claims:\n- id: grain-corridor\n  statement: Grain crosses the Black Sea.\n  label: Grain\n"
        "  cues: [{all: [grain, corridor]}]\n",
        encoding="utf-8",
    )
    text = suggest_claims(ARTICLES, load_catalog(catalog_file))
    assert text.startswith("# No candidate claims")
    assert yaml.safe_load(text) is None


def test_nothing_shared_says_none() -> None:
    text = suggest_claims([*ARTICLES[2:], make_article("fourth", "The orchestra toured three cities in May.")], Catalog(()))
    assert text.startswith("# No candidate claims")


def test_stem_gives_prefixes_that_work_as_terms() -> None:
    assert stem("negotiations") == "negoti"
    assert stem("talks") == "talk"
    assert stem("dragged") == "drag"
    assert "negotiating".startswith(stem("negotiations"))


def test_seeds_without_a_catalog_suggest_the_spring_2022_talks() -> None:
    # Seeds 000 and 001 both describe the negotiations mediated by Turkey in March 2022.
    archive = load_seeds(ROOT / "seeds", LoaderSettings.default(ROOT))
    text = suggest_claims(archive.articles, Catalog(()))
    entries = yaml.safe_load(text)
    keys = {a.source_name[:3]: a.key for a in archive.articles}
    blocks = text.split("\n# Found in ")[1:]
    assert len(blocks) == len(entries)
    turkey = [b for b in blocks if keys["000"] in b and keys["001"] in b and "Turkey" in b]
    assert turkey, text
