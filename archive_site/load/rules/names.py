"""Telling people's names from organisations' and from ordinary words."""

from __future__ import annotations

import functools
import re

from nameparser.config import CONSTANTS as _NAMEPARSER

#: Lowercase particles that may stand inside a person's name without counting as a token.
PARTICLES = frozenset({"de", "da", "del", "della", "der", "den", "di", "du", "la", "le", "van", "vanden", "vander", "von", "bin",
                       "bint", "ibn", "al", "el", "ter", "ten", "y", "dos", "das", "do", "dei", "degli", "zu"})
#: Last words that make a credit an organisation rather than a person.
ORG_ENDINGS = re.compile(
    r"\b(?:Team|Staff|Staffers|Desk|Editors|Editorial Board|Editorial Staff|Editorial Team|Newsroom|Bureau|"
    r"Collective|Committee|Campaign|Coalition|Network|Project|Foundation|Institute|Center|Centre|Council|"
    r"Group|Association|Alliance|Union|Movement|Press|News|Media|Correspondents?|Contributors|Reporters|Wire|Wires|Agencies|"
    r"University|College|School|Office|Ministry|Department|Agency|Commission|Service|Society|Federation|Initiative|Party|"
    r"Forum|Trust|Fund|Organi[sz]ation|Secretariat|Observatory)$"
    r"|\b(?:news desk|desk|staff|team|bureau|newsroom)$"
)
#: First words of an institution's name, which "of" does not split: "University of Wyoming".
ORG_HEAD = re.compile(r"^(?:the\s+)?(?:University|Institute|Ministry|Department|Office|Embassy|Council|Academy|Museum|"
                      r"Society|School|College|Centre|Center|Bank|Government|Federation|Union|League|Friends)\s+(?:of|for)\s",
                      re.IGNORECASE)
#: Words that can head a capitalised phrase without it being a name.
NOT_NAME_WORDS = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "in", "on", "at", "for", "of", "to", "from", "by", "with", "and", "or", "but", "if", "as", "it", "its", "we", "our", "you", "your", "he", "she", "they", "his", "her", "their", "there", "here", "when", "where", "why", "how", "what", "who", "which", "while", "after", "before", "during", "since", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "president", "minister", "prime", "secretary", "senator", "general", "chancellor", "mr", "mrs", "ms", "dr", "sir", "read", "share", "click", "subscribe", "follow", "source", "sources", "photo", "image", "credit", "updated", "published", "posted", "comments",
     "featured", "story", "stories", "picture", "icon", "dear", "editor", "editors", "author", "writer", "contributor", "guest",
     "latest", "related", "video", "live", "opinion", "sponsored", "vice", "vice-president", "deputy", "ambassador",
     "archbishop", "sheikh", "professor", "reverend", "township", "county", "borough", "parish", "village",
     # section labels and widgets that stand alone under a headline ("Key Points", "Highlights")
     "key", "points", "excerpts", "excerpt", "highlights", "summary", "takeaways", "overview", "contents", "transcript",
     "news", "updates", "explainer", "briefing", "factbox", "timeline", "background", "recap", "quotes", "listen",
     "watch", "gallery", "podcast", "newsletter", "topics", "tags", "more", "section", "edition", "brief", "my"]
)
# Any script's letters: an uppercase letter, then letters (at least one lowercase), apostrophes or hyphens;
# or initials ("J.", "J.S.").
_TOKEN = re.compile(r"^(?:(?=[^\W\d_])[^\W\d_a-z]*[^\W\d_]*(?:['’\-][^\W\d_]+)*|(?:[^\W\d_]\.)+)$")
#: Words that end the names of publications; a credit ending in one is not a person.
OUTLET_WORDS = re.compile(
    r"(?:\b(?:Times|Post|News|Journal|Daily|Herald|Tribune|Gazette|Review|Magazine|Press|Agency|Radio|TV|Television|"
    r"Network|Media|Wire|Monitor|Observer|Guardian|Telegraph|Standard|Express|Mail|Mirror|Chronicle|Bulletin|Report|"
    r"Insider|Today|Weekly|Monthly|Quarterly|Independent|Dispatch|Courier|Inquirer|Sentinel|Examiner|Register|Digest|Online|"
    r"Gazette|Star|Sun|Record|Ledger|Enquirer|Leader|Voice|Citizen|Argus|Beacon|Bee|Globe|Nation|Magazine)|\.(?:com|org|net|info|news|io))$"
)
_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "PhD", "Ph.D."})
_INITIAL_DOT = re.compile(r"\b([A-Z])\.(?=[A-Z])")
_SPACES = re.compile(r"\s+")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")
_ASCII_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_NAME_PUNCTUATION = re.compile(r"([\-'’])")
_ASCII_LOWER = re.compile(r"[a-z]")


def split_initials(name: str) -> str:
    """``J.S.`` and ``J. S.`` compare equal: the form with spaces after each initial's dot."""
    return _INITIAL_DOT.sub(r"\1. ", name)


@functools.lru_cache(maxsize=4096)
def person_key(name: str) -> str:
    """Comparison key of a person's name: case-folded, initials spaced, punctuation-light."""
    return _SPACES.sub(" ", split_initials(name)).strip(" .,").casefold()


@functools.lru_cache(maxsize=4096)  # asked about the same credits by several rules
def is_person_name(text: str, longest: int = 4) -> bool:
    """2 to ``longest`` capitalised tokens (initials count, particles don't), no digits, under 100 characters."""
    text = text.strip()
    if not text or len(text) >= 100 or any(ch.isdigit() for ch in text) or ORG_ENDINGS.search(text) or OUTLET_WORDS.search(text):
        return False
    tokens = split_initials(text).replace(",", " ").split()
    tokens = [t for t in tokens if t not in _SUFFIXES]
    counted = 0
    for i, token in enumerate(tokens):
        if token in PARTICLES and 0 < i < len(tokens) - 1:
            continue
        initial = _INITIALS.fullmatch(token) is not None
        if not token[:1].isupper() or (not initial and ((token.isupper() and len(token) > 1) or not any(c.islower() for c in token))):
            return False
        if (not initial and token.casefold().strip(".") in NOT_NAME_WORDS) or not _TOKEN.match(token):
            return False
        counted += 1
    # The last token must be a real word, not an initial: "Jane D." is a signature fragment, not a name.
    return 2 <= counted <= longest and len(tokens[-1].strip(".")) > 1


def is_organisation(text: str) -> bool:
    """True for credits such as ``RootsAction Team``, ``Staff``, ``Editorial Board``."""
    text = text.strip()
    if not text or len(text) >= 100:
        return False
    if text.casefold() in {"staff", "editors", "the editors", "editorial board", "the editorial board", "newsroom", "staff writer", "staff reporter"}:
        return True
    if " " not in text:
        return False  # one word ("News", "Media") is a section label, not a credit; known names come from the outlets book
    return (bool(ORG_ENDINGS.search(text)) or ORG_HEAD.match(text) is not None) and text[:1].isupper()


def looks_all_caps(text: str) -> bool:
    """True when every letter is uppercase (``BY JANE DOE``)."""
    if _ASCII_LOWER.search(text):  # the usual case, found at once
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def title_case_name(text: str) -> str:
    """``JANE O'DOE-SMITH`` -> ``Jane O'Doe-Smith``; initials and particles kept as they read."""
    def fix(token: str) -> str:
        if _ASCII_INITIALS.fullmatch(token):
            return token
        if token.casefold() in PARTICLES:
            return token.casefold()
        parts = _NAME_PUNCTUATION.split(token.casefold())
        fixed = "".join(p[:1].upper() + p[1:] for p in parts)
        return _MC.sub(lambda m: "Mc" + m.group(1).upper(), fixed)  # MCDONALD -> McDonald
    return " ".join(fix(t) for t in text.split())


_MC = re.compile(r"^Mc([a-z])")
#: Honorifics that may stand before a name in a byline: abbreviated ones from nameparser's list of titles
#: and a few more ("Dr.", "Prof.", "Sen."); whole words only where they are never a name ("Archbishop", not "King").
_HONORIFICS = frozenset(str(t).casefold() for t in _NAMEPARSER.titles)
_ABBREVIATED_TITLES = frozenset(["dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "adm", "maj", "hon", "pres", "rev", "fr", "sr", "mr", "mrs", "ms", "mx"])
_TITLE_WORDS = frozenset(["dr", "prof", "professor", "archbishop", "reverend", "sheikh", "imam", "rabbi", "cardinal"])
#: "Doe, Jane" or "Doe, Jane A.": a surname first, as library catalogues write it.
_SURNAME_FIRST = re.compile(r"^([A-Z][\w'’-]+),\s+([A-Z][\w'’-]+(?:\s+[A-Z]\.)?)$")


@functools.lru_cache(maxsize=4096)
def tidy_person_name(text: str) -> str:
    """A person's name as the archive writes it: no honorific ("Dr.", "Prof.", "Archbishop"), given
    name first ("Doe, Jane" -> "Jane Doe"), capitals fixed ("JOHN MCDONALD" -> "John McDonald").

    The honorifics are ``nameparser``'s list of titles (read once, without parsing each name);
    particles stay as printed.
    """
    text = _SPACES.sub(" ", text).strip(" ,;")
    if looks_all_caps(text):
        text = title_case_name(text)
    if (m := _SURNAME_FIRST.match(text)) and not OUTLET_WORDS.search(text) and not ORG_ENDINGS.search(text):
        text = f"{m.group(2)} {m.group(1)}"
    first, _, rest = text.partition(" ")
    word = first.strip(".").casefold()
    abbreviated = first.endswith(".") and (word in _HONORIFICS or word in _ABBREVIATED_TITLES)
    if (abbreviated or word in _TITLE_WORDS) and len(rest.split()) >= 2:
        text = rest.lstrip(" .,")
    return text
