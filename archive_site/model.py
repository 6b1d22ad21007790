"""The archive's records: what the loader produces and every later stage reads.

Plain frozen dataclasses with no I/O. Every extracted value that can be wrong
carries a :class:`Provenance` saying where it came from and how sure the
loader is, so an editor can see why a record reads as it does and correct it
with a sidecar file.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import inspect
from dataclasses import dataclass, field
from typing import Any, Literal

from slugify import slugify

#: Below this confidence a value is flagged for review.
REVIEW_THRESHOLD = 0.6

Origin = Literal["sidecar", "front-matter", "extracted", "default"]
AuthorKind = Literal["person", "organization"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where one field's value came from and how sure the loader is of it."""

    origin: Origin
    """Which input won: an editor's sidecar, the document's front matter, a rule on the text, or a default."""
    rule: str
    """Id of the rule that produced the value (``byline.by-slash``), or the key that set it."""
    line: int | None
    """1-based line in the seed (or sidecar) file the value was read from; None when not tied to a line."""
    text: str
    """The raw text the value was read from, as it stands in the source."""
    confidence: float
    """How sure the loader is, in [0, 1]; 1.0 for values an editor set."""
    note: str = ""
    """A short human explanation, e.g. ``not classified`` or ``inferred from 'six months ago'``."""

    @property
    def needs_review(self) -> bool:
        """True when the confidence is below :data:`REVIEW_THRESHOLD`."""
        return self.confidence < REVIEW_THRESHOLD


@dataclass(frozen=True, slots=True)
class Author:
    """A person or organisation credited with writing an article."""

    name: str
    """The name as it should be displayed."""
    kind: AuthorKind
    """``person`` or ``organization`` (``RootsAction Team``, ``Staff``, a wire agency)."""


@dataclass(frozen=True, slots=True)
class OutletRef:
    """The publication an article appeared in, as resolved against the outlets data file."""

    name: str
    """Canonical display name (``The Washington Post``)."""
    slug: str
    """Stable URL slug."""
    kind: str | None
    """wire, newspaper, magazine, advocacy, think tank, blog, ...; None when the outlet is unknown to the data file."""
    homepage: str | None = None
    """The outlet's home page, when the data file knows it."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of an article's body."""

    id: str
    """Stable anchor id, ``p1``, ``p2``, ... in reading order."""
    text: str
    """The paragraph's text, normalised."""
    line: int
    """1-based line in the seed file where the paragraph starts."""


@dataclass(frozen=True, slots=True)
class Citation:
    """One place where an article relies on a publication, agency or institution for information."""

    name: str
    """Normalised name of the cited source (``Reuters``)."""
    slug: str
    """Stable URL slug of the cited source."""
    text: str
    """The citing sentence, or the cited headline."""
    paragraph: str
    """Id of the paragraph (``p4``) or reference-list entry (``ref2``) the citation stands in."""
    rule: str
    """Id of the rule that found it (``cite.according-to``)."""
    line: int
    """1-based line in the seed file."""
    confidence: float
    """How sure the loader is, in [0, 1]."""


@dataclass(frozen=True, slots=True)
class Reference:
    """An entry of a trailing list of cited headlines (``• Reuters: "Putin wants ..."``)."""

    id: str
    """Anchor id, ``ref1``, ``ref2``, ..."""
    source: str | None
    """The publication named before the headline, or None when the entry names none."""
    headline: str
    """The headline as quoted."""
    line: int
    """1-based line in the seed file."""


@dataclass(frozen=True, slots=True)
class Comment:
    """A reader comment; replies nest."""

    number: str
    """The comment's label in its thread (``3``, ``3.1``)."""
    text: str
    """The comment's text; paragraphs joined by blank lines."""
    line: int
    """1-based line in the seed file."""
    replies: tuple[Comment, ...] = ()
    """Replies to this comment, in order."""


@dataclass(frozen=True, slots=True)
class DateEvidence:
    """One phrase that bounds when an undated article was written."""

    phrase: str
    """The words that gave the bound (``Six months ago, Russia invaded Ukraine``)."""
    paragraph: str | None
    """Paragraph id the phrase stands in, or None for header text."""
    event: str | None
    """Id of the reference event it was anchored on, if any."""
    earliest: dt.date
    """Earliest date this phrase allows."""
    latest: dt.date
    """Latest date this phrase allows."""


@dataclass(frozen=True, slots=True)
class DateEstimate:
    """An inferred window for an undated article. Never becomes the publication date."""

    earliest: dt.date
    """Earliest plausible writing date."""
    latest: dt.date
    """Latest plausible writing date."""
    evidence: tuple[DateEvidence, ...]
    """The phrases the window was inferred from."""

    @property
    def midpoint(self) -> dt.date:
        """The middle of the window, for sorting."""
        return self.earliest + (self.latest - self.earliest) / 2


@dataclass(frozen=True, slots=True)
class StanceEvidence:
    """A sentence or claim position that pushed the stance label one way."""

    paragraph: str | None
    """Paragraph id, or None for evidence not tied to a paragraph."""
    text: str
    """The sentence or claim position."""
    label: str
    """The stance this evidence supports."""
    weight: float
    """How much it counted."""


@dataclass(frozen=True, slots=True)
class Stance:
    """An article's position in the archive's stance vocabulary."""

    label: str | None
    """Stance id (``for-talks``), or None when unclassified."""
    confidence: float
    """How sure the classifier is, in [0, 1]; 0 when unclassified."""
    evidence: tuple[StanceEvidence, ...] = ()
    """What decided the label."""


Position = Literal["affirms", "disputes", "reports"]


@dataclass(frozen=True, slots=True)
class ClaimMention:
    """A place where an article makes, disputes or reports a catalogued claim."""

    claim: str
    """Id of the claim in the catalog."""
    paragraph: str
    """Id of the paragraph the sentence stands in."""
    sentence: str
    """The sentence that mentions the claim."""
    start: int
    """Character offset of the sentence in the paragraph's text."""
    end: int
    """End offset (exclusive) of the sentence in the paragraph's text."""
    position: Position
    """Whether the article affirms, disputes or only reports the claim."""
    cue: str
    """The catalog cue that matched."""
    confidence: float
    """How sure the detector is, in [0, 1]."""
    origin: Origin = "extracted"
    """``extracted``, or ``sidecar``/``front-matter`` when an editor added or moved it."""


@dataclass(frozen=True, slots=True)
class ClaimOverride:
    """An editor's correction of claim detection, from a sidecar or front matter."""

    claim: str
    """Id of the claim in the catalog."""
    action: Literal["add", "remove", "position"]
    """Add a mention the detector missed, remove one it found, or change its position."""
    paragraph: str | None
    """Paragraph id the correction applies to; None means every mention of the claim."""
    position: Position | None
    """The position to record (for ``add`` and ``position``)."""
    sentence: str | None
    """For ``add``: the sentence (or a unique part of it) that makes the claim; None for the whole paragraph."""
    origin: Origin
    """``sidecar`` or ``front-matter``."""
    line: int | None
    """Line of the correction in its file."""


@dataclass(frozen=True, slots=True)
class Claim:
    """One entry of the claims catalog (``claims.yaml``)."""

    id: str
    """Slug that names the claim everywhere."""
    statement: str
    """The claim as a neutral full sentence."""
    label: str
    """A short label for lists and matrices."""
    description: str = ""
    """Optional background for readers."""


@dataclass(frozen=True, slots=True)
class StanceDef:
    """One stance of the archive's vocabulary (``archive.yaml``)."""

    id: str
    """Slug (``for-talks``)."""
    label: str
    """Display label (``For talks``)."""
    description: str = ""
    """What an article must argue to carry this stance."""
    cues: tuple[str, ...] = ()
    """Phrases or regular expressions that are evidence for the stance."""
    reporting: bool = False
    """The stance of articles that report rather than argue (``neutral``): chosen when the text reads
    as reporting and no advocating stance has enough evidence."""


@dataclass(frozen=True, slots=True)
class LoadWarning:
    """Something the loader noticed that an editor may want to fix."""

    code: str
    """Short machine-readable kind (``decode.cp1252``, ``sidecar.unknown-key``)."""
    message: str
    """Human message naming the file, line and what to do."""
    line: int | None = None
    """1-based line, where known."""


#: Words of the text shown in the display title of an article without a headline.
DISPLAY_WORDS = 10


@dataclass(frozen=True, slots=True)
class Article:
    """One archived document, as the loader read it."""

    key: str
    """Unique, stable slug of the article inside the archive."""
    source: str
    """Path of the seed file, relative to the seeds folder's parent when possible."""
    source_name: str
    """File name of the seed inside the seeds folder."""
    digest: str
    """SHA-256 of the seed's bytes (and sidecar's), for caching."""
    title: str | None
    """The headline as printed; None when the text prints none (see :attr:`display_title`)."""
    dek: str | None
    """The standfirst under the headline, if any."""
    authors: tuple[Author, ...]
    """Credited authors, in byline order."""
    date: dt.date | None
    """Publication date as printed; None when the text gives none."""
    date_estimate: DateEstimate | None
    """An inferred window for undated articles; never the date itself."""
    outlet: OutletRef | None
    """Where the article was published, if that can be told."""
    stance: Stance
    """Stance in the archive's vocabulary; unclassified until the stance stage runs."""
    cited_sources: tuple[Citation, ...]
    """Publications and institutions the article relies on, in order of appearance."""
    claims: tuple[ClaimMention, ...]
    """Catalogued claims the article mentions."""
    paragraphs: tuple[Paragraph, ...]
    """The body, in reading order."""
    comments: tuple[Comment, ...]
    """Reader comments, never part of the body."""
    references: tuple[Reference, ...] = ()
    """Trailing list of cited headlines."""
    caption: str | None = None
    """Photo caption and credit under the headline, if any."""
    bios: tuple[str, ...] = ()
    """Author biographies found at the end."""
    extras: tuple[str, ...] = ()
    """Header or trailing lines kept but not placed anywhere (kickers, repeated headlines, 'Read more at')."""
    url: str | None = None
    """The original web address, when front matter or a sidecar gives it."""
    tags: tuple[str, ...] = ()
    """Free tags from front matter or a sidecar."""
    language: str = "en"
    """BCP 47 language of the text."""
    claim_overrides: tuple[ClaimOverride, ...] = ()
    """Editor corrections to claim detection, applied by the claims stage."""
    provenance: dict[str, Provenance] = field(default_factory=dict)
    """Field name to where its value came from."""
    warnings: tuple[LoadWarning, ...] = ()
    """What the loader noticed while reading this document."""

    @property
    def display_title(self) -> str:
        """The title to show: the headline, or "Untitled — " and the first words of the text."""
        if self.title:
            return self.title
        text = " ".join(p.text for p in self.paragraphs[:2]) or self.dek or self.source_name
        words = text.split()
        opening = " ".join(words[:DISPLAY_WORDS]).rstrip(",;:.") + ("…" if len(words) > DISPLAY_WORDS else "")
        return f"Untitled — {opening}" if opening else "Untitled"

    @property
    def flags(self) -> tuple[str, ...]:
        """Names of fields whose extracted value needs an editor's review (defaults are not flagged)."""
        return tuple(name for name, prov in self.provenance.items() if prov.origin != "default" and prov.needs_review)


# ---------------------------------------------------------------- slugs

def _slug_options() -> dict[str, Any]:
    """Arguments that pin python-slugify's "auto" transliteration to the backend it would pick.

    "auto" tries to import Unidecode for every non-ASCII text before it falls back to
    text-unidecode; when Unidecode is not installed, that failed import costs several times
    the slug itself. Versions without the ``backend`` argument get no arguments.
    """
    if "backend" not in inspect.signature(slugify).parameters:
        return {}
    return {"backend": "unidecode" if importlib.util.find_spec("unidecode") is not None else "text-unidecode"}


_SLUG_OPTIONS = _slug_options()


def slug(text: str, *, max_length: int = 0, word_boundary: bool = False) -> str:
    """``slugify(text)`` (ASCII, lowercase, dashes), with the transliteration chosen once.

    The one way the archive makes a slug: article keys, term slugs and URL segments.
    """
    return slugify(text, max_length=max_length, word_boundary=word_boundary, **_SLUG_OPTIONS)


#: Names Windows reserves for devices: a folder so named cannot be written there, whatever follows it.
RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


def make_slug(text: str, fallback: str = "", default: str = "item") -> str:
    """A slug for a name or title: at most 80 characters cut at a word, else the fallback's slug, else ``default``.

    A slug is a file name on every system the site may be copied to: ASCII, lower case (so
    two never differ by case alone), and never a name Windows reserves (``con`` becomes ``con-page``).
    """
    made = slug(text, max_length=80, word_boundary=True) or slug(fallback) or default
    return f"{made}-page" if made in RESERVED_NAMES else made
