"""Proposing new catalog claims from sentences that several articles share in meaning.

Sentences not already covered by a catalog claim are compared by TF-IDF
cosine over their content words (stdlib only). Sentences from different
articles that are close enough are grouped; a group found in two or more
articles becomes a candidate claim: its most central sentence is the
statement placeholder, its shared words give the label and an ``all`` cue.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from archive_site.claims.catalog import DEFAULT_WITHIN, Catalog
from archive_site.claims.detect import detect_mentions
from archive_site.load.sentences import split_sentences
from archive_site.model import Article

log = logging.getLogger(__name__)

#: Two sentences are alike when their cosine reaches this and they share this many content words
#: (a name of several capitalised words, "Wall Street Journal", counts as one).
SIMILARITY = 0.16
SHARED_WORDS = 3
#: Sentences shorter or longer than this (in words) are not compared.
MIN_WORDS = 7
MAX_WORDS = 70
#: Words found in more than this share of sentences carry no meaning for grouping.
MAX_DOCUMENT_FREQUENCY = 0.2
#: How many candidates to print, and how many words a candidate's cue holds.
LIMIT = 8
CUE_WORDS = 3

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "ed", "es", "s")
_STOPWORDS = """a about above after again against all almost also although always am among an and another any are around as at
    be because been before being below between both but by can could did do does doing done down during each either
    even ever every few for from further had has have having he her here hers herself him himself his how however i if
    in into is it its itself just least less let like made make many may me might more most much must my myself
    neither no nor not now of off often on once one only or other others our ours ourselves out over own per perhaps
    rather said same say says she should since so some still such than that the their theirs them themselves then
    there these they this those though through thus to too under until up upon us very via was we well were what when
    where whether which while who whom whose why will with within without would yet you your yours yourself
    mr mrs ms new told according also already there's it's don't doesn't didn't isn't wasn't aren't won't can't"""
#: Words too common to carry a claim's meaning.
STOPWORDS = frozenset(_STOPWORDS.split())


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article, with its content words."""

    article: str
    """Key of the article."""
    paragraph: str
    """Paragraph id."""
    text: str
    """The sentence."""
    stems: tuple[str, ...]
    """Its content words, stemmed, in order."""
    surface: dict[str, str]
    """A surface form for each stem."""
    units: dict[str, str]
    """For each stem, the unit it counts as when shared: itself, or the name it is part of."""


def suggest_claims(articles: Sequence[Article], catalog: Catalog, *, limit: int = LIMIT) -> str:
    """Ready-to-paste ``claims.yaml`` entries, or a comment line saying none were found."""
    sentences = _uncovered_sentences(articles, catalog)
    groups = _groups(sentences)
    if not groups:
        return (
            "# No candidate claims found: no sentence outside the catalog's claims recurs in meaning "
            "across two or more articles.\n"
        )
    taken = {claim.id for claim in catalog.claims}
    parts = [
        "# Candidate claims: sentences that recur in meaning across articles and match no catalog claim.",
        "# Review each one: rewrite the statement as one neutral sentence, check the label and cues,",
        "# then paste the entries at the end of the list under 'claims:' in claims.yaml.",
        "",
    ]
    for members, score in groups[:limit]:
        parts.append(_entry(members, score, taken))
    return "\n".join(parts)


def _uncovered_sentences(articles: Sequence[Article], catalog: Catalog) -> list[Sentence]:
    """Every comparable sentence of the articles that no catalog claim covers."""
    out: list[Sentence] = []
    for article in articles:
        mentions = detect_mentions(article, catalog) if catalog.entries else ()
        covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for mention in (*mentions, *article.claims):
            covered[mention.paragraph].append((mention.start, mention.end))
        for paragraph in article.paragraphs:
            for start, end in split_sentences(paragraph.text):
                if any(a < end and start < b for a, b in covered.get(paragraph.id, ())):
                    continue
                text = paragraph.text[start:end]
                if not MIN_WORDS <= len(text.split()) <= MAX_WORDS:
                    continue
                stems, surface, units = _content(text)
                if len(set(units.values())) >= SHARED_WORDS:
                    out.append(Sentence(article.key, paragraph.id, text, stems, surface, units))
    return out


def stem(word: str) -> str:
    """A crude stem that works as a term prefix: ``negotiations`` -> ``negoti``, ``talks`` -> ``talk``."""
    word = word.replace("’", "'").removesuffix("'s")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            if suffix in ("ed", "ing") and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]  # dragged -> drag, stopping -> stop
            return word
    return word


def _content(text: str) -> tuple[tuple[str, ...], dict[str, str], dict[str, str]]:
    """The stems of a sentence's content words, a surface form for each, and the unit each counts as."""
    stems: list[str] = []
    surface: dict[str, str] = {}
    units: dict[str, str] = {}
    run: list[str] = []
    for n, match in enumerate(_WORD.finditer(text)):
        word = match.group().replace("’", "'")
        lower = word.lower()
        if len(lower) < 3 or lower in STOPWORDS:
            run = []
            continue
        s = stem(lower)
        stems.append(s)
        is_name = n > 0 and word[0].isupper()
        surface.setdefault(s, (word if is_name else lower).removesuffix("'s"))
        if is_name:
            run.append(s)
            for member in run:
                units[member] = " ".join(run)
        else:
            run = []
            units.setdefault(s, s)
    return tuple(stems), surface, units


def _groups(sentences: list[Sentence]) -> list[tuple[list[tuple[Sentence, float]], float]]:
    """Groups of alike sentences from two or more articles, best first, each member with its centrality."""
    n = len(sentences)
    if n < 2:
        return []
    df = Counter(s for sentence in sentences for s in set(sentence.stems))
    cap = max(2, int(MAX_DOCUMENT_FREQUENCY * n))
    vectors: list[dict[str, float]] = []
    for sentence in sentences:
        tf = Counter(sentence.stems)
        vec = {s: c * math.log(n / df[s]) for s, c in tf.items() if df[s] <= cap}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        vectors.append({s: w / norm for s, w in vec.items()})
    postings: dict[str, list[int]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for s in vec:
            postings[s].append(i)
    edges: dict[int, dict[int, float]] = defaultdict(dict)
    for i, vec in enumerate(vectors):
        dots: dict[int, float] = defaultdict(float)
        shared: dict[int, set[str]] = defaultdict(set)
        for s, w in vec.items():
            for j in postings[s]:
                if j > i and sentences[j].article != sentences[i].article:
                    dots[j] += w * vectors[j][s]
                    shared[j].add(sentences[i].units.get(s, s))
        for j, dot in dots.items():
            if dot >= SIMILARITY and len(shared[j]) >= SHARED_WORDS:
                edges[i][j] = edges[j][i] = dot
    groups = []
    for component in _components(edges):
        if len({sentences[i].article for i in component}) < 2:
            continue
        centrality = {i: sum(edges[i].get(j, 0.0) for j in component) for i in component}
        members = sorted(((sentences[i], centrality[i]) for i in component), key=lambda m: -m[1])
        score = len({sentences[i].article for i in component}) + sum(centrality.values()) / len(component)
        groups.append((members, score))
    groups.sort(key=lambda g: (-g[1], g[0][0][0].text))
    return groups


def _components(edges: dict[int, dict[int, float]]) -> list[list[int]]:
    """Connected components of the similarity graph."""
    seen: set[int] = set()
    out = []
    for start in sorted(edges):
        if start in seen:
            continue
        stack, component = [start], []
        seen.add(start)
        while stack:
            node = stack.pop()
            component.append(node)
            for other in edges[node]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        out.append(sorted(component))
    return out


def _entry(members: list[tuple[Sentence, float]], score: float, taken: set[str]) -> str:
    """One candidate as commented, ready-to-paste YAML."""
    articles = {m.article for m, _ in members}
    counts: Counter[str] = Counter()
    for stem_, _ in Counter(s for m, _ in members for s in set(m.stems)).items():
        found_in = {m.article for m, _ in members if stem_ in m.stems}
        if len(found_in) >= 2:
            counts[stem_] = len(found_in)
    central = members[0][0]
    order = {s: i for i, s in enumerate(central.stems)}
    words = sorted(counts, key=lambda s: (-counts[s], order.get(s, len(order)), s))[:CUE_WORDS]
    surface = {s: next(m.surface[s] for m, _ in members if s in m.surface) for s in words}
    label_words = [surface[s] for s in sorted(words, key=lambda s: order.get(s, len(order)))]
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", w.lower()).strip("-") for w in label_words)
    cid = _unique(slug or "candidate", taken)
    taken.add(cid)
    entry = {
        "id": cid,
        "statement": central.text,
        "label": " ".join(label_words)[:1].upper() + " ".join(label_words)[1:],
        "cues": [{"all": [re.escape(s) for s in sorted(words, key=lambda s: order.get(s, len(order)))], "within": DEFAULT_WITHIN + 3}],
    }
    lines = [f"# Found in {len(articles)} articles (score {score:.2f}); the statement is the most central sentence:"]
    lines += [f"#   {m.article} {m.paragraph}: {m.text}" for m, _ in members[:6]]
    lines.append(yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=100, default_flow_style=None).rstrip())
    return "\n".join(lines) + "\n"


def _unique(cid: str, taken: set[str]) -> str:
    """``cid``, or ``cid-2``, ``cid-3``... when it is taken."""
    if cid not in taken:
        return cid
    n = 2
    while f"{cid}-{n}" in taken:
        n += 1
    return f"{cid}-{n}"
