"""The header model: which of a page's first lines is the headline.

Scraped pages open with anything: a masthead, a date line, a section label, a
greeting, a comment count, a menu, a crawler's ``date YYYY-MM-DD`` prefix. The
headline is chosen as a scored decision over the lines above the first
paragraph of prose, never by position alone. Each line gets a score from its
length, capitalisation, end punctuation and neighbours (a byline, date or dek
below a headline is evidence for it); lines that are furniture (the lexicon in
``data/furniture.yaml``, which users extend), bylines, dates, captions,
mastheads or section labels are not candidates. When no line scores well
enough, the page has no printed headline and the title is None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from archive_site.errors import ConfigError
from archive_site.load.datafiles import default_furniture_path  # noqa: F401 - the packaged file, named here too
from archive_site.yamlfile import line_of, read_file

#: How many of a page's first units the header model looks at.
HEADER_REACH = 16
#: The lowest score a line needs to be taken for the headline.
MIN_SCORE = 0.75

#: A crawler's date stamp opening the first line: `` date 2025-05-15 Headline ...``.
CRAWLER_DATE = re.compile(r"^date\s+(\d{4}-\d{2}-\d{2})\b\s*")
#: A label in front of a headline: ``Title: ...``, ``Headline: ...``.
TITLE_LABEL = re.compile(
    r"^(?:(?:title|headline)\s*:\s*"
    # navigation glued to the headline when a page is copied: "Skip next section", "Home News"
    r"|skip (?:to |next )?(?:main )?(?:content|section|navigation)\s+"
    r"|(?-i:(?:Home|HOME)(?:\s*[>»/|]\s*|\s+)(?:News|World|Politics|Opinion|Local|Business|Europe|Sport)\s*[>»/|]?\s+(?=[A-Z])))",
    re.IGNORECASE,
)

#: Small words a headline has and a menu of section names has not.
_FUNCTION_WORDS = frozenset((
    'a', 'an', 'the', 'and', 'or', 'but', 'of', 'to', 'in', 'on', 'at', 'for', 'with', 'from', 'by', 'as', 'is', 'are',
    'was', 'were', 'be', 'been', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'should', 'may', 'might', 'must',
    'not', 'no', 'after', 'before', 'over', 'under', 'into', 'out', 'up', 'down', 'off', 'about', 'against', 'amid',
    'says', 'say', 'said', 'than', 'that', 'this', 'these', 'those', 'its', 'it', 'his', 'her', 'their', 'our', 'your',
    'who', 'what', 'why', 'how', 'when', 'where', 'which', 'while', 'vs',
))
_SENTENCE_END = re.compile(r"[.][\"”’)\]]*$")
_INNER_SENTENCE = re.compile(r"[a-z\d”\"’)][.!?][\"”’]?\s+[A-Z“\"]")


@dataclass(frozen=True, slots=True)
class Furniture:
    """The furniture lexicon: whole lines and phrases that are never headline or text."""

    lines: tuple[re.Pattern[str], ...]
    """Patterns that match a whole furniture line."""
    phrases: tuple[re.Pattern[str], ...]
    """Patterns that make a short line furniture wherever they stand in it."""
    notices: tuple[re.Pattern[str], ...] = ()
    """Patterns that make a paragraph above the headline a site notice (cookies, ad blockers), however long."""
    _line: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _phrase: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _notice: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Each list as one pattern: one regular-expression pass per line instead of one per entry.
        object.__setattr__(self, "_line", _join(self.lines))
        object.__setattr__(self, "_phrase", _join(self.phrases))
        object.__setattr__(self, "_notice", _join(self.notices))

    def is_notice(self, text: str) -> bool:
        """True when a paragraph is a site's notice to its reader (asked only of paragraphs above the headline)."""
        return len(text) <= 1200 and self._notice is not None and self._notice.search(text) is not None

    def matches(self, text: str) -> bool:
        """True when a line (stripped) is page furniture."""
        if len(text) > 160:
            return False
        if self._line is not None and self._line.fullmatch(text.strip(" .!:;|")) is not None:
            return True
        return self._phrase is not None and self._phrase.search(text) is not None


def _join(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)



def read_furniture(paths: Iterable[Path]) -> Furniture:
    """Read furniture files in order; every file's patterns are used."""
    found: dict[str, list[re.Pattern[str]]] = {"lines": [], "phrases": [], "notices": []}
    for path in paths:
        root = read_file(path, missing="check the furniture file's path")
        if root is None:
            continue
        if not isinstance(root, yaml.MappingNode):
            raise ConfigError(path, "must be a mapping with 'lines', 'phrases' and 'notices' lists", "see the packaged furniture.yaml",
                              line_of(root))
        for key_node, value in root.value:
            key = str(key_node.value)
            if key not in found:
                raise ConfigError(path, f"unknown key {key!r}", "use 'lines', 'phrases' and 'notices'", line_of(key_node))
            if not isinstance(value, yaml.SequenceNode):
                raise ConfigError(path, f"{key!r} must be a list of patterns", "write one '- pattern' per line", line_of(value))
            for item in value.value:
                try:
                    pattern = re.compile(str(item.value), re.IGNORECASE)
                except re.error as err:
                    raise ConfigError(path, f"{item.value!r} is not a valid regular expression ({err})",
                                      "fix the pattern or escape the character with '\\'", line_of(item)) from err
                found[key].append(pattern)
    return Furniture(tuple(found["lines"]), tuple(found["phrases"]), tuple(found["notices"]))


@dataclass(frozen=True, slots=True)
class LineKinds:
    """What the field rules say about a header line; the header model itself knows no field rule."""

    is_header_line: Callable[[str], bool]
    """A byline or date line."""
    is_caption: Callable[[str], bool]
    """A photo caption or credit."""
    is_masthead: Callable[[str], bool]
    """An outlet's name standing alone."""
    is_section: Callable[[str], bool]
    """A section label or kicker (``OPINION``, ``News > World``)."""
    is_furniture: Callable[[str], bool]
    """Page furniture (the lexicon)."""


def _words(text: str) -> list[str]:
    return text.split()


def _menu_like(words: Sequence[str]) -> bool:
    """A navigation bar: four or more capitalised words with no function word and no punctuation,
    or a long line that repeats one word three times ("Local News Sport News Business News ...")."""
    if len(words) >= 6 and max(words.count(w) for w in words) >= 3:
        return True
    if len(words) < 4:
        return False
    bare = [w.strip("+&|·•") for w in words]
    return all(w[:1].isupper() for w in bare if w) and not any(w.lower() in _FUNCTION_WORDS for w in bare) \
        and not any(c in "".join(words) for c in ",.:;!?'’\"")


#: A byline without "By": a team or board standing alone (``The Editorial Board``, ``Kyiv Independent news desk``).
TEAM_CREDIT = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w.'’&-]*\s+){0,4}(?:editorial board|editors|staff|team|desk|news desk|bureau|newsroom|"
    r"correspondents?|staff writers?|reporters?)(?:\s+(?:published|updated|posted)\b.*)?$",
    re.IGNORECASE,
)


#: A breadcrumb trail that starts at the home page: "Home » News", "Home / World / Europe", "Home > Opinion".
BREADCRUMB = re.compile(r"^home\s*(?:[»›>/|]|\s[-–—]\s)", re.IGNORECASE)


#: What a photo credit adds after a caption printed twice: "... (Eesti 200). Source: Jane Doe/Agency".
CREDIT_AFTER = re.compile(r"^\W{0,3}(?:source|photo|photograph|image|picture|credit|foto)s?\b", re.IGNORECASE)


def is_credit(text: str, kinds: LineKinds) -> bool:
    """A byline, a date line or a team credit: what stands below a headline."""
    return kinds.is_header_line(text) or TEAM_CREDIT.match(text) is not None


def headline_score(texts: Sequence[str], k: int, kinds: LineKinds) -> float | None:
    """How much ``texts[k]`` looks like the headline, on its own and beside its neighbours; None when it cannot be one."""
    text = title_text(texts[k])
    if (not text or kinds.is_furniture(text) or is_credit(text, kinds) or kinds.is_caption(text)
            or kinds.is_masthead(text) or kinds.is_section(text)):
        return None
    words = _words(text)
    n = len(words)
    if n > 30 or text.lower().startswith("by "):
        return None
    score = 1.0
    score += -0.8 if n < 2 else -0.4 if n < 3 else 0.4 if n <= 16 else 0.2 if n <= 22 else 0.0  # headlines are short, deks longer
    if _SENTENCE_END.search(text) and n > 12:
        score -= 0.5  # a sentence: a dek, a caption or the first paragraph
    if text.endswith((":", ",", ";")):
        score -= 0.8  # a lead-in to what follows
    if "|" in text and any(c.isdigit() for c in text):
        score -= 0.8  # "Outlet | 11/16/2024 | names": a source line
    if _INNER_SENTENCE.search(text):
        score -= 0.5
    if text[:1].islower():
        score -= 0.6
    below = [is_credit(t, kinds) or kinds.is_caption(t) for t in texts[k + 1:k + 3]]
    if _menu_like(words) and not (below and below[0]):
        score -= 0.7  # (a Title Case headline has its byline or date right below; a menu does not)
    if text.count(" > ") >= 2 or text.count("|") >= 2 or BREADCRUMB.match(text):
        return None  # a breadcrumb trail or a menu
    if any(len(later) < len(text) and text.endswith(later) and len(later.split()) >= 3 for later in texts[k + 1:k + 4]):
        return None  # "Home » Section » Headline" above the headline itself: the trail that leads to it
    if any(later.startswith(text) and CREDIT_AFTER.match(later[len(text):]) for later in texts[k + 1:k + 2]):
        return None  # a caption, repeated at once with its credit added
    if text.endswith(".") and not text.endswith("..") and n <= 12 and not _INNER_SENTENCE.search(text):
        score -= 0.4  # a short sentence: a tagline or a caption (headlines rarely end with a full stop)
    if text[:1] in "•·▪►-–*":
        score -= 0.6  # an item of a list ("Key points": • ...), not a headline
    if TITLE_LABEL.match(texts[k]):
        score += 0.5
    score -= 0.04 * k
    if below and below[0]:
        score += 0.35  # a byline, date or caption right below it
    elif any(below):
        score += 0.2  # ... or below the line under it (a dek)
    before = texts[k - 1] if k > 0 else ""
    if before and (kinds.is_section(before) or kinds.is_header_line(before) or kinds.is_masthead(before)):
        score += 0.1
    return score


def _remembered(kinds: LineKinds) -> LineKinds:
    """The same questions, each answered once per line."""
    def remember(ask: Callable[[str], bool]) -> Callable[[str], bool]:
        answers: dict[str, bool] = {}

        def asked(text: str) -> bool:
            if text not in answers:
                answers[text] = ask(text)
            return answers[text]
        return asked
    return LineKinds(*(remember(ask) for ask in (kinds.is_header_line, kinds.is_caption, kinds.is_masthead,
                                                    kinds.is_section, kinds.is_furniture)))


def choose_headline(texts: Sequence[str], kinds: LineKinds) -> tuple[int, float] | None:
    """Index and score of the headline among a page's first lines (before its first paragraph), or None."""
    kinds = _remembered(kinds)  # each line is asked about as itself and as its neighbours' neighbour
    counts: dict[str, int] = {}
    for text in texts:
        counts[text] = counts.get(text, 0) + 1
    # The page's first line printed three times or more above the text is the site's name, not the headline
    # (when it is as short as a name: a player widget repeats the headline itself).
    masthead = texts[0] if texts and counts[texts[0]] >= 3 and len(texts[0].split()) <= 4 else None
    scores = [headline_score(texts, k, kinds) if texts[k] != masthead else None for k in range(len(texts))]
    best: tuple[int, float] | None = None
    for k, score in enumerate(scores):
        if score is None:
            continue
        previous = scores[k - 1] if k > 0 else None
        if previous is not None and previous >= MIN_SCORE:
            score -= 0.4  # right under a line that reads as a headline: more likely its dek
        if score >= MIN_SCORE and (best is None or score > best[1]):
            best = (k, score)
    return best


def title_text(text: str) -> str:
    """The headline without a ``Title:`` label or a trail of section names after it (``Headline | US | News``)."""
    text = TITLE_LABEL.sub("", text).strip()
    parts = text.split(" | ")
    if len(parts) >= 3 and len(parts[0].split()) >= 4 and all(len(p.split()) <= 3 for p in parts[1:]):
        return parts[0].strip()
    return text
