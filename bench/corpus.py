"""A generated archive of N articles, deterministic, for archive-site and, as Markdown, for Hugo and Pelican.

Each article is drawn once, as a record (headline, byline, date, outlet, claims,
cited sources, ~800 words of body), then written three ways: raw text in the
shapes archive-site reads (bylines, datelines, captions, bios, cited-headline
lists, comment threads), and Markdown with front matter carrying the same
taxonomies for Hugo (outlets, authors, claims, sources, stances) and Pelican
(category = outlet, authors, tags = claims and sources).

Usage: ``python bench/corpus.py N OUT`` writes ``OUT/ours``, ``OUT/hugo`` and ``OUT/pelican``.
"""

from __future__ import annotations

import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import seed_sentences

ROOT = Path(__file__).resolve().parents[1]

_CITIES = ("Harbor", "Lakeside", "Northgate", "Riverton", "Eastfield", "Westmoor", "Granite", "Maple", "Bay", "Summit")
_NOUNS = ("Post", "Ledger", "Courier", "Review", "Observer")
OUTLETS = tuple(f"The {c} {n}" for c in _CITIES for n in _NOUNS)  # 50
_FIRST = ("Jane", "Omar", "Li", "Maria", "Dmytro", "Anna", "Kofi", "Sofia", "Ivan", "Grace", "Tomas", "Aisha", "Pavel",
          "Nadia", "Rui", "Helen", "Yusuf", "Olena", "Marek", "Ines")
_LAST = ("Doe", "Haddad", "Wei", "Garcia", "Kovalenko", "Schmidt", "Mensah", "Rossi", "Petrov", "Okafor", "Lindqvist",
         "Moreau", "Tanaka", "Novak", "Quinn")
AUTHORS = tuple(f"{f} {last}" for f in _FIRST for last in _LAST)  # 300
_PLACES = ("Aldmere", "Brisk", "Corvel", "Dunholt", "Esker", "Farrow", "Gallin", "Hestra", "Iver", "Jarrow")
_THINGS = ("accord", "framework", "corridor", "memorandum")
#: Forty recurring claims: each a named proposal that articles bring up.
CLAIMS = tuple((f"{p.lower()}-{t}", f"the {p} {t}") for p in _PLACES for t in _THINGS)
SOURCES = ("Reuters", "Associated Press", "Agence France-Presse", "the Institute for the Study of War", "Bloomberg",
           "the Financial Times", "Interfax", "the Kyiv Independent")
STANCES = ("for-talks", "against-talks", "neutral")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_STANCE_LINES = {
    "for-talks": "Negotiations should begin now, and a ceasefire is the only way to stop the killing.",
    "against-talks": "Talks now would only reward aggression; the answer is more military support, not a ceasefire.",
    "neutral": "Officials on both sides described the meeting without committing to a date for further talks.",
}


@dataclass(frozen=True)
class Record:
    n: int
    title: str
    authors: tuple[str, ...]
    outlet: str
    year: int
    month: int
    day: int
    claims: tuple[str, ...]
    sources: tuple[str, ...]
    stance: str
    paragraphs: tuple[str, ...]

    @property
    def slug(self) -> str:
        return f"article-{self.n:05d}"

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def record(n: int, sentences: list[str], words: int = 800) -> Record:
    """The n-th article."""
    rng = random.Random(n)
    claims = tuple(rng.sample(range(len(CLAIMS)), rng.randint(1, 3)))
    sources = tuple(rng.sample(SOURCES, rng.randint(1, 3)))
    stance = rng.choice(STANCES)
    head = rng.choice(sentences).split()
    title = f"{' '.join(head[:rng.randint(4, 8)]).rstrip('.,;:')}, dispatch {n}"  # unique within a slug's length
    paragraphs: list[str] = []
    count = 0
    while count < words - 150:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
        if len(paragraphs) < len(claims):
            paragraph = f"Delegates discussed {CLAIMS[claims[len(paragraphs)]][1]} at length. {paragraph}"
        if len(paragraphs) < len(sources):
            paragraph += f" The talks continued, according to {sources[len(paragraphs)]}."
        if len(paragraphs) == 2:
            paragraph += " " + _STANCE_LINES[stance]
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    authors = tuple(rng.sample(AUTHORS, rng.choice((1, 1, 1, 2))))
    return Record(n, title, authors, rng.choice(OUTLETS), rng.randint(2022, 2025), rng.randint(1, 12), rng.randint(1, 28),
                  tuple(CLAIMS[c][0] for c in claims), sources, stance, tuple(paragraphs))


def raw_text(r: Record, rng: random.Random) -> str:
    """The article as text copied from a web page, in one of the shapes the loader reads."""
    date = f"{_MONTHS[r.month - 1]} {r.day}, {r.year}"
    names = " and ".join(r.authors)
    byline = rng.choice((f"By {names}, {r.outlet}", f"By {names}\n\n{date}", f"{r.outlet}\n\nBy {names} | {date}",
                         f"Posted by {names} on {date}", f"BY {names.upper()}\n\n{date}"))
    lines = [r.title, ""]
    if rng.random() < 0.5:
        lines += [f"A photograph from the talks. [{rng.choice(AUTHORS)} / {r.outlet}]", ""]
    lines += [byline, ""]
    if "\n" not in byline and date not in byline:
        lines += [date, ""]
    for paragraph in r.paragraphs:
        lines += [paragraph, ""]
    if rng.random() < 0.5:
        lines += [f"{r.authors[0]} is a correspondent for {r.outlet}.", ""]
    if rng.random() < 0.4:
        lines += ["Related:"] + [f"•   {rng.choice(OUTLETS)}: “{r.paragraphs[i % len(r.paragraphs)][:60]}”" for i in range(3)]
        lines += [""]
    if rng.random() < 0.3:
        lines += ["Comments", ""]
        for i in range(1, rng.randint(2, 5)):
            lines += [f"  {i}. {rng.choice(AUTHORS)} says:", f"    {r.paragraphs[-i % len(r.paragraphs)][:120]}", ""]
    return "\n".join(lines) + "\n"


def _yaml_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def hugo_markdown(r: Record) -> str:
    front = (f'---\ntitle: "{r.title}"\ndate: {r.iso}\nslug: "{r.slug}"\nauthors: {_yaml_list(r.authors)}\n'
             f'outlets: ["{r.outlet}"]\nclaims: {_yaml_list(r.claims)}\nsources: {_yaml_list(r.sources)}\n'
             f'stances: ["{r.stance}"]\n---\n\n')
    return front + "\n\n".join(r.paragraphs) + "\n"


def pelican_markdown(r: Record) -> str:
    tags = ", ".join((*r.claims, *r.sources, r.stance))
    return (f"Title: {r.title}\nDate: {r.iso}\nSlug: {r.slug}\nAuthors: {', '.join(r.authors)}\nCategory: {r.outlet}\n"
            f"Tags: {tags}\n\n" + "\n\n".join(r.paragraphs) + "\n")


def claims_yaml() -> str:
    lines = ["claims:"]
    for slug, phrase in CLAIMS:
        lines += [f"  - id: {slug}", f"    statement: Delegates discussed {phrase}.", f"    label: {phrase.title()}",
                  "    cues:", f"      - {phrase.split()[1].lower()} {phrase.split()[2]}"]
    return "\n".join(lines) + "\n"


#: The peers' settings and Hugo's layouts, copied into each generated archive.
PEERS = Path(__file__).resolve().parent / "peers"


def write_archive(n: int, out: Path) -> dict[str, Path]:
    """Write the three forms of an N-article archive under ``out``; returns each form's root."""
    sentences = seed_sentences(ROOT / "seeds")
    roots = {name: out / name for name in ("ours", "hugo", "pelican")}
    for folder in roots.values():
        if folder.exists():
            shutil.rmtree(folder)
    seeds = roots["ours"] / "seeds"
    seeds.mkdir(parents=True)
    shutil.copy(ROOT / "archive.yaml", roots["ours"] / "archive.yaml")
    (roots["ours"] / "claims.yaml").write_text(claims_yaml(), encoding="utf-8")
    (roots["ours"] / "outlets.yaml").write_text("".join(f"- name: {o}\n" for o in OUTLETS), encoding="utf-8")
    shutil.copytree(PEERS / "hugo", roots["hugo"])
    shutil.copytree(PEERS / "pelican", roots["pelican"])
    (roots["hugo"] / "content" / "posts").mkdir(parents=True)
    (roots["pelican"] / "content").mkdir(parents=True)
    for i in range(n):
        write_one(i, roots, sentences)
    return roots


def write_one(i: int, roots: dict[str, Path], sentences: list[str] | None = None, *, edit: str = "") -> None:
    """Write (or rewrite, with ``edit`` appended to the body) the i-th article in all three forms."""
    r = record(i, sentences or seed_sentences(ROOT / "seeds"))
    if edit:
        r = Record(**{**r.__dict__, "paragraphs": (*r.paragraphs, edit)})
    (roots["ours"] / "seeds" / f"{r.slug}.txt").write_text(raw_text(r, random.Random(i + 7919)), encoding="utf-8")
    (roots["hugo"] / "content" / "posts" / f"{r.slug}.md").write_text(hugo_markdown(r), encoding="utf-8")
    (roots["pelican"] / "content" / f"{r.slug}.md").write_text(pelican_markdown(r), encoding="utf-8")


def remove_one(i: int, roots: dict[str, Path]) -> None:
    """Delete the i-th article in all three forms."""
    slug = f"article-{i:05d}"
    for path in (roots["ours"] / "seeds" / f"{slug}.txt", roots["hugo"] / "content" / "posts" / f"{slug}.md",
                 roots["pelican"] / "content" / f"{slug}.md"):
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    count, folder = int(sys.argv[1]), Path(sys.argv[2])
    written = write_archive(count, folder)
    print(" ".join(str(p) for p in written.values()))
