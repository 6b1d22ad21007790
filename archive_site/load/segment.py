"""Segmentation: split a document's lines into header, body, trailing parts, comments and junk.

The header is the title, a dek, and the short lines above the first paragraph
of prose (bylines, dates, captions, kickers). The tail is what follows the last
paragraph of prose: bios, signatures, source lines, lists of cited headlines.
Comment threads and site junk are cut out first. Each decision is one entry
of a rule table below; nothing here knows any outlet.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from archive_site.load.header import (
    CRAWLER_DATE,
    CREDIT_AFTER,
    HEADER_REACH,
    TEAM_CREDIT,
    LineKinds,
    choose_headline,
    title_text,
)
from archive_site.load.rules.comments import RawLine, read_thread, thread_start
from archive_site.load.rules.dates import date_shapes
from archive_site.load.rules.tail import is_copyright
from archive_site.load.text import Hints, fold, holds_hints, lowercase_hints
from archive_site.model import Comment

#: Whole lines that are web-page furniture, never content (matched case-insensitively, short lines only).
JUNK = re.compile(
    r"^(?:top of page|bottom of page|back to top|skip to (?:main )?content|skip to navigation|jump to|"
    r"share(?: this)?(?: article| story| post| on \w+)?|share on \w+|tweet|facebook|twitter|x|linkedin|whatsapp|telegram|reddit|"
    r"email|e-mail|print|copy link|copied|link copied|advertisement|advert|sponsored|reuse this content|"
    r"most (?:viewed|read|popular|shared|commented)|back to home|(?:explore|more on) (?:this|these) topics?|"
    r"subscribe(?: now| today)?|sign up|sign in|log in|login|register|menu|search|close|home|more|"
    r"accept(?: all)?(?: cookies)?|we use cookies.*|listen(?: to this article)?|\d+\s+min(?:ute)?s? read|"
    r"(?:image|photo) \d+ of \d+|loading\.*|related(?: articles| posts| stories| content)?:?|"
    r"(?:follow|like) us(?: on \w+)?|support (?:us|our work)|donate(?: now)?|"
    r"sign up for (?:our|the) .*newsletter.*|get our .*newsletter.*|newsletter|"
    r"(?:this|the) (?:article|story) (?:continues|continued) (?:below|after).*|story continues below.*|"
    r"like(?: this)?|like loading\.*|loading\.*|"
    r"(?:our|editorial) standards\b.*|terms of (?:use|service)|privacy policy|cookie policy|contact us|about us|"
    r"corrections? policy|all rights reserved\.?|related\s*:.*|see also\s*:.*|more from .{0,40}|"
    r"[-=_*•·~]{3,})[.:]?$",
    re.IGNORECASE,
)

#: Promotional lines inside an article: newsletter pitches, subscription appeals (searched in short units).
PROMO_HINTS = lowercase_hints(["sign up", "subscribe", "delivered"])  # one stands in every match not opening with "get "
PROMO = re.compile(
    r"\b(?:sign up|subscribe)\b.{0,80}\b(?:newsletter|inbox|briefing|alerts|updates)\b|\bdelivered (?:straight )?to your inbox\b|"
    r"^get (?:the|our)\b.{0,60}\b(?:stories|news|headlines|newsletter|briefing)\b",
    re.IGNORECASE,
)
#: Section labels that stand above a headline.
SECTION_LABELS = re.compile(
    r"^(?:letters?(?: to the editor)?|opinion|analysis|editorial|commentary|op-ed|news|world|politics|business|"
    r"feature|features|review|reviews|column|explainer|interview|essay|perspective|breaking(?: news)?|live|exclusive)$",
    re.IGNORECASE,
)

#: Caption rules: (id, hints, pattern). Every match holds one of the hint phrases (see
#: :func:`lowercase_hints`); looking for them first is far cheaper than running the pattern over every paragraph.
_CAPTION_RULES: tuple[tuple[str, Hints, re.Pattern[str]], ...] = (
    ("caption.bracket-credit", lowercase_hints(["]"]), re.compile(r"\[[^\[\]]{2,80}(?:/|\bvia\b|\bcredit\b|\bphotos?\b|\bimages?\b|CC[ -]BY)[^\[\]]*\]\s*$", re.IGNORECASE)),
    ("caption.labelled", lowercase_hints([":"]), re.compile(r"^(?:©\s*)?(?:Photo|Image|Picture|Caption|Credit|Photograph|Illustration|Top image|Featured image)s?\s*(?:by|credits?)?\s*:", re.IGNORECASE)),
    ("caption.illustrative", lowercase_hints(["illustrative", "file photo", "file image"]), re.compile(r"\((?:illustrative|file) (?:photo|image)\b", re.IGNORECASE)),
    ("caption.agency-credit", lowercase_hints(["("]), re.compile(r"\((?:[A-Z][\w .'-]*\s*)?(?:Photo|Photos|Image)\b[^()]*\)\s*\.?$|\([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,2}\s*/\s*[A-Z][^()]*\)\s*\.?$")),
    ("caption.photo-by", lowercase_hints(["photo", "image", "illustration"]), re.compile(r"\b(?:Photo|Photograph|Image|Illustration)\s+(?:by|courtesy of|credit:?)\s+[A-Z]", re.IGNORECASE)),
    ("caption.picture-agency", lowercase_hints(["images", "commons", "pool photo", "stock"]), re.compile(r"\b(?:[A-Z][\w-]* Images|[A-Z][\w-]* Commons|Pool Photo|[A-Z]\w*stock)\s*\)?\.?$")),
    # "… is loaded with grain in the port.Image Reuters", "… at the talks. Photo: AFP": a credit run onto the caption
    ("caption.credit-end", lowercase_hints(["image", "photo", "picture"]),
     re.compile(r"[.)]\s*(?:Image|Photo|Picture|Photograph)s?\s*(?::|by|credit:?)?\s*[A-Z][\w&.-]*(?:[ /][A-Z][\w&.-]*){0,3}\.?$")),
)
_ANY_CAPTION_HINTS = tuple(hint for _, hints, _ in _CAPTION_RULES for hint in hints)  # most lines hold none
#: A short header line ending in a date after a dash is a photo caption: "Leaders meet — February 28, 2022."
#: What joins a caption to the date that ends it: "Leaders meet — February 28, 2022.", "(May 2024)".
_CAPTION_DATE_JOINER = re.compile(r"(?:\s[—–-]\s*|,\s+|\s\()$")
_BYLINE_START = re.compile(r"^\W*(?:by|posted|published|updated)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*$")
_NON_WORD = re.compile(r"\W+")
_BREADCRUMB = re.compile(r"[\w .&'-]+(?:\s*[>»/|·•]\s*[\w .&'-]+)+")
#: Last characters after which a line is complete and never joins the next one.
_LINE_ENDS = tuple(".!?:;\"”’)]")
_INNER_SENTENCE = re.compile(r"[a-z\d”\"’)][.!?][\"”’]?\s+[A-Z“\"]")


@dataclass(frozen=True, slots=True)
class Unit:
    """One paragraph-sized piece of the document: normally one line, or hard-wrapped lines joined."""

    line: int
    """1-based line number where the unit starts."""
    text: str
    """The unit's text, without surrounding white space."""
    gap: int
    """Blank lines before it."""


@dataclass(frozen=True, slots=True)
class Segments:
    """A document cut into its parts; every unit of text lands in exactly one of them."""

    title: Unit | None
    """The headline."""
    before_title: tuple[Unit, ...]
    """Mastheads, section names and kickers above the headline."""
    dek: Unit | None
    """The standfirst directly under the headline."""
    header: tuple[Unit, ...]
    """Lines between the headline (or dek) and the first paragraph: bylines, dates, kickers."""
    captions: tuple[tuple[Unit, str], ...]
    """Photo captions with credits, with the rule that recognised each."""
    body: tuple[Unit, ...]
    """The article's paragraphs."""
    tail: tuple[Unit, ...]
    """Lines after the last paragraph: bios, signatures, source lines, cited headlines."""
    comments: tuple[Comment, ...]
    """Reader comments."""
    comments_rule: str | None
    """The rule that found the comment thread, if any."""
    junk: tuple[Unit, ...]
    """Web-page furniture that was dropped."""


@functools.lru_cache(maxsize=256)  # the header lines are asked about more than once
def caption_rule(text: str, in_header: bool) -> str | None:
    """The id of the caption rule a line matches, or None."""
    if len(text) > 400:  # captions are short; long paragraphs are never one
        return None
    lowered = fold(text)
    if holds_hints(lowered, _ANY_CAPTION_HINTS):
        for rule, hints, pattern in _CAPTION_RULES:
            if holds_hints(lowered, hints) and pattern.search(text):
                return rule
    if in_header and word_count(text, 25) <= 25 and _ends_with_date(text):
        return "caption.dated"
    return None


def _ends_with_date(text: str) -> bool:
    """A line that ends in a written date (or month and year) set off by a dash, a comma or a bracket.

    The date must not open the line: "Saturday, May 25, 2024" is a date line, not a caption.
    """
    if not any(c.isdigit() for c in text[-8:]):
        return False
    shapes = date_shapes(text, month_year=True)
    if not shapes or text[shapes[-1][1]:].strip(").") or text[shapes[-1][1]:].count(")") > 1:
        return False
    if not any(c.isalpha() for c in text[slice(*shapes[-1])]):
        return False  # captions name the month; "Press releases, 16.06.2024" is a dated label
    before = text[:shapes[-1][0]]
    if _BYLINE_START.match(before) or sum(1 for w in before.split() if w[:1].isalpha() and len(w) > 2) < 3:
        return False  # "By X, May 3, 2024" is a byline; "- 07:44 PM, Aug 16, 2025" a time stamp
    return _CAPTION_DATE_JOINER.search(text, 0, shapes[-1][0]) is not None


def _may_promote(text: str) -> bool:
    """The cheap test before :data:`PROMO`: one of its phrases stands in the text."""
    lowered = fold(text)
    return lowered.startswith("get ") or holds_hints(lowered, PROMO_HINTS)


def word_count(text: str, limit: int | None = None) -> int:
    """Words in a text, the cheap way; with ``limit``, counting stops there (a longer text counts ``limit + 1``)."""
    return len(text.split()) if limit is None else len(text.split(None, limit))


@functools.lru_cache(maxsize=256)
def is_prose(text: str) -> bool:
    """A paragraph of running text rather than a heading, label or credit."""
    words = word_count(text, 25)
    if words >= 25:
        return True
    return words >= 10 and bool(_SENTENCE_END.search(text) or _INNER_SENTENCE.search(text)) and text[:1] not in "•*-–"


def raw_lines(text: str, first_line: int) -> list[RawLine | None]:
    """The document's lines (None for blank ones), numbered from ``first_line``.

    A crawler's date stamp opening the first line (`` date 2025-05-15 Headline``) becomes a
    line of its own, with the same line number, so the date and the headline are read apart.
    """
    out: list[RawLine | None] = []
    for number, line in enumerate(text.split("\n"), first_line):
        stripped = line.strip()
        if stripped and not any(out) and (stamp := CRAWLER_DATE.match(stripped)):
            out.append(RawLine(number, 0, stamp.group(0).strip()))
            stripped = stripped[stamp.end():]
        if stripped:
            out.append(RawLine(number, len(line) - len(line.lstrip(" ")) if line[:1] == " " else 0, stripped))
        else:
            out.append(None)
    return out


def _units(lines: Sequence[RawLine | None]) -> list[Unit]:
    """Lines to units; a hard-wrapped line (no sentence end, next line starts lowercase) joins the next."""
    units: list[Unit] = []
    gap = 0
    joinable = False
    for line in lines:
        if line is None:
            gap += 1
            joinable = False
            continue
        if joinable and units and line.text[:1].islower() and not line.text.lower().startswith("by "):
            last = units[-1]
            units[-1] = Unit(last.line, f"{last.text} {line.text}", last.gap)
        else:
            units.append(Unit(line.number, line.text, gap))
        joinable = len(units[-1].text) >= 40 and not line.text.endswith(_LINE_ENDS)
        gap = 0
    return units


def segment(
    text: str,
    first_line: int,
    *,
    is_header_line: Callable[[str], bool],
    is_tail_line: Callable[[str, bool], bool],
    is_masthead: Callable[[str], bool],
    is_furniture: Callable[[str], bool] = lambda text: False,
    is_notice: Callable[[str], bool] = lambda text: False,
    is_certain_header_line: Callable[[str], bool] | None = None,
    given_title: str | None = None,
) -> Segments:
    """Cut a normalised document into its parts.

    ``is_header_line`` tells a byline or date line; ``is_tail_line(text, last)``
    tells a trailing line (bio, signature, source, cited headline); both come
    from the field rules so this module stays free of them.
    """
    lines = raw_lines(text, first_line)
    junk: list[Unit] = []
    kept: list[RawLine | None] = []
    for line in lines:
        if line is not None and len(line.text) <= 80 and JUNK.match(line.text):
            junk.append(Unit(line.number, line.text, 0))
            kept.append(None)
        else:
            kept.append(line)

    comments: tuple[Comment, ...] = ()
    rule = None
    first_prose = next((i for i, ln in enumerate(kept) if ln is not None and is_prose(ln.text)), len(kept))
    found = thread_start(kept, first_prose + 1)
    if found is not None:
        start, rule = found
        # The site's copyright line after the thread is its footer, not a comment: it goes back to the tail.
        footer = [ln for ln in kept[start + 1:] if ln is not None and is_copyright(ln.text)]
        comments = read_thread([None if ln in footer else ln for ln in kept], start, rule)
        kept = kept[:start] + [part for ln in footer for part in (None, ln)]

    units = _units(kept)
    # The header: the units above the first paragraph of prose. Furniture there is dropped, then the
    # header model (header.py) chooses the headline among the rest as a scored decision.
    reach = min(len(units), HEADER_REACH)
    # A site's notices to its reader above the article (cookies, ad blockers) are furniture, however long.
    notices = [k for k in range(reach) if is_notice(units[k].text)]
    if notices:
        junk.extend(units[k] for k in notices)
        units = [u for k, u in enumerate(units) if k not in set(notices)]
        reach = min(len(units), HEADER_REACH)
    limit = next((k for k, u in enumerate(units[:reach])
                  if is_prose(u.text) and word_count(u.text, 20) >= 20 and caption_rule(u.text, True) is None
                  and not _long_headline(units, k, is_header_line)), reach)
    furniture = [k for k in range(limit) if is_furniture(units[k].text)]
    if furniture:
        junk.extend(units[k] for k in furniture)
        units = [u for k, u in enumerate(units) if k not in set(furniture)]
        limit -= len(furniture)
    kinds = LineKinds(
        is_header_line=is_certain_header_line or is_header_line,
        is_caption=lambda text: caption_rule(text, True) is not None,
        is_masthead=is_masthead,
        is_section=_is_kicker,
        is_furniture=is_furniture,
    )
    chosen = choose_headline([u.text for u in units[:limit]], kinds)
    title_at = chosen[0] if chosen is not None else None
    i = title_at if title_at is not None else 0
    before_title = units[:i]
    title = units[i] if title_at is not None else None
    if title is not None and title_text(title.text) != title.text:
        title = Unit(title.line, title_text(title.text), title.gap)
    if given_title is not None and title is not None and _fold(title.text) != _fold(given_title):
        title = None  # the editor's title is not repeated in the text: the text starts here
        before_title = []
        i = 0
    if title is not None:
        i += 1

    dek = None
    if (
        title is not None and i + 1 < len(units) and units[i].text != title.text
        and not is_header_line(units[i].text) and caption_rule(units[i].text, True) is None
        and TEAM_CREDIT.match(units[i].text) is None
        and 6 <= word_count(units[i].text, 40) <= 40 and len(_INNER_SENTENCE.findall(units[i].text)) <= 1
        and (not _SENTENCE_END.search(units[i].text) or _header_follows(units[i + 1].text, is_header_line))
    ):
        dek = units[i]
        i += 1

    header: list[Unit] = []
    captions: list[tuple[Unit, str]] = []
    while i < len(units):
        unit = units[i]
        cap = caption_rule(unit.text, True)
        echo = units[i + 1].text if i + 1 < len(units) else ""
        if cap is None and echo.startswith(unit.text) and CREDIT_AFTER.match(echo[len(unit.text):]):
            captions += [(unit, "caption.echoed"), (units[i + 1], "caption.echoed")]  # a caption, then again with its credit
            i += 2
            continue
        if cap is not None:
            captions.append((unit, cap))
        elif is_header_line(unit.text) or not is_prose(unit.text):
            header.append(unit)
        else:
            break
        i += 1
    if i == len(units) and header:  # no prose at all: treat what follows the title as the body
        i -= len(header)
        header = []

    end = len(units)
    while end > i + 1 and is_tail_line(units[end - 1].text, end == len(units)):
        end -= 1
    body: list[Unit] = []
    for unit in units[i:end]:
        cap = caption_rule(unit.text, False)
        if _may_promote(unit.text) and word_count(unit.text, 40) <= 40 and PROMO.search(unit.text):
            junk.append(unit)
        elif cap is not None:
            captions.append((unit, cap))
        else:
            body.append(unit)
    return Segments(
        title=title,
        before_title=tuple(before_title),
        dek=dek,
        header=tuple(header),
        captions=tuple(captions),
        body=tuple(body),
        tail=tuple(units[end:]),
        comments=comments,
        comments_rule=rule,
        junk=tuple(junk),
    )


def _long_headline(units: Sequence[Unit], k: int, is_header_line: Callable[[str], bool]) -> bool:
    """The first line, long as a paragraph but with no full stop, and a date or byline under it: a long headline."""
    return k == 0 and len(units) > 1 and not units[0].text.rstrip().endswith((".", "!", "?", '"', "”", ":", ";")) \
        and is_header_line(units[1].text)


def _header_follows(text: str, is_header_line: Callable[[str], bool]) -> bool:
    """True when the line after a dek candidate is a byline, date or caption: the candidate is header, not body."""
    return is_header_line(text) or caption_rule(text, True) is not None or not is_prose(text)


def _fold(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _is_kicker(text: str) -> bool:
    """Section labels, breadcrumbs and issue lines above a headline: ``OPINION``, ``News > World``, ``Issue 38 · Summer 2021``."""
    words = word_count(text, 8)
    return (
        words <= 2
        or SECTION_LABELS.match(text.strip(" :|")) is not None
        or (words <= 4 and text.isupper())
        or (words <= 6 and any(ch.isdigit() for ch in text) and (not any(ch.islower() for ch in text) or any(ch in text for ch in "·|•")))
        or (words <= 3 and any(ch.isdigit() for ch in text))
        or (words <= 8 and _BREADCRUMB.fullmatch(text) is not None)
    )
