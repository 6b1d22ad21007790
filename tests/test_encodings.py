"""Decoding real-world bytes: mojibake repaired, legacy code pages recognised, clean text left alone.

:func:`decode` reads UTF-8 first. UTF-8 that was decoded twice before it reached the file
("Ã©" for "é") is repaired with ftfy and a ``decode.mojibake`` warning; bytes that are not
UTF-8 are read in the legacy code page charset-normalizer recognises (``decode.cp1251``, …),
or as Windows-1252 as before (``decode.cp1252``) when that reads cleanly or the guess is weak.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from archive_site.errors import SeedError
from archive_site.load.text import Decoded, decode, normalise

PATH = "seeds/x.txt"
EXAMPLES = settings(max_examples=300, deadline=None)


def codes(decoded: Decoded) -> list[str]:
    return [warning.code for warning in decoded.warnings]


def _reads_as_utf8_twice(text: str) -> bool:
    """True when some run of 2-4 characters is the Windows-1252 or Latin-1 reading of a UTF-8 character.

    That is what mojibake looks like, so only such text may be repaired; a space may stand for a
    no-break space lost on the way ("Ã " for "à"). A C1 control character counts too: it is a
    Windows-1252 byte read as Latin-1 ("\x80" for "€"), and ftfy reads it back on a line it repairs.
    Written apart from the loader's own prefilter.
    """
    if any("\x80" <= ch <= "\x9f" for ch in text):
        return True
    for start in range(len(text)):
        for size in (2, 3, 4):
            chunk = text[start : start + size]
            for candidate in {chunk, chunk.replace(" ", "\u00a0")}:
                for encoding in ("cp1252", "latin-1"):
                    try:
                        raw = candidate.encode(encoding)
                        if not raw.isascii() and raw.decode("utf-8"):
                            return True
                    except UnicodeError:
                        pass
    return False


# --- mojibake ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("garbled", "repaired"),
    [
        ("Zelenskyâ€™s speech", "Zelensky’s speech"),
        ("a cafÃ© in Lviv", "a café in Lviv"),
        ("â€œWe will rebuild,â€\u009d she said â€” again.", "“We will rebuild,” she said — again."),  # ” read as Latin-1 keeps its C1 byte
        ("ÐšÐ¸Ñ—Ð² Ñ– Ð›ÑŒÐ²Ñ–Ð²", "Київ і Львів"),
        ("a price of â‚¬40", "a price of €40"),
        ("the fans ðŸ˜€ cheered", "the fans 😀 cheered"),
        ("cafÃƒÂ© decoded three times", "café decoded three times"),
        ("Zelenskyâ\u0080\u0099s speech", "Zelensky’s speech"),  # read as Latin-1 rather than Windows-1252
        ("voilÃ\u00a0 le travail", "voilà le travail"),
        ("voilÃ le travail", "voilà le travail"),  # the no-break byte of "à" became a plain space on the way
    ],
)
def test_mojibake_is_repaired_with_a_warning(garbled: str, repaired: str) -> None:
    decoded = decode(f"Headline\n\n{garbled}\n".encode(), PATH)
    assert decoded.text == f"Headline\n\n{repaired}\n"
    assert codes(decoded) == ["decode.mojibake"]
    assert decoded.warnings[0].line == 3
    assert decoded.warnings[0].message.startswith(f"{PATH}:3:")
    assert "repaired" in decoded.warnings[0].message


def test_only_the_garbled_lines_change_and_clean_characters_beside_them_stay() -> None:
    lines = ["“A clean headline” — with an em dash", "", "Zelenskyâ€™s “clean” quote and a cafÃ©", "Київ, naïve, déjà vu", "SÃ£o Paulo"]
    decoded = decode("\n".join(lines).encode(), PATH)
    assert decoded.text.split("\n") == ["“A clean headline” — with an em dash", "", "Zelensky’s “clean” quote and a café", "Київ, naïve, déjà vu", "São Paulo"]
    assert codes(decoded) == ["decode.mojibake"]
    assert decoded.warnings[0].line == 3
    assert "2 lines from line 3" in decoded.warnings[0].message


def test_a_repair_never_adds_a_line() -> None:
    # "â€¨" is U+2028 LINE SEPARATOR read twice: repairing it would split the line and shift every line number after it.
    decoded = decode("Title\n\nbefore â€¨ after\nlast line\n".encode(), PATH)
    assert decoded.text.split("\n")[2:4] == ["before â€¨ after", "last line"]
    assert "decode.mojibake" not in codes(decoded)


@pytest.mark.parametrize(
    "text",
    [
        "“Typographic quotes”, ‘single ones’, an em dash — an en dash – and an ellipsis…",
        "Зеленський виступив у Києві: «Ми не зупинимося», — сказав він.",
        "Naïve café owners in Zürich, Kraków and Ørsted’s Aarhus; façade, déjà vu, Straße",
        "the café’s owner said “está”; Ñandú; «déjà»",
        "SÃO PAULO and IRMÃ in capitals; Ð, ð, þ in Icelandic: Þórður",
        "Emoji stay: 😀 🇺🇦 👍🏽, and so do Greek (Αθήνα) and Japanese (東京)",
        "Prices: £5, €40, ¥300, 1½ cups, 30°C, © 2024, ®",
    ],
)
def test_clean_text_is_unchanged_and_raises_no_warning(text: str) -> None:
    decoded = decode(f"Headline\n\n{text}\n".encode(), PATH)
    assert decoded.text == f"Headline\n\n{text}\n"
    assert decoded.warnings == ()


# --- legacy code pages ------------------------------------------------------------------------------

UKRAINIAN = (
    "Черкаси відкривають нічний пором\n\n"
    "«Люди щодня витрачають по дві години на об’їзд через греблю», — сказав директор перевізника.\n"
)


def test_ukrainian_in_cp1251_reads_as_cyrillic_with_a_warning_naming_the_code_page() -> None:
    decoded = decode(UKRAINIAN.encode("cp1251"), PATH)
    assert decoded.text == UKRAINIAN
    assert codes(decoded) == ["decode.cp1251"]
    assert decoded.warnings[0].line == 1
    assert decoded.warnings[0].message.startswith(f"{PATH}:1: the file is not valid UTF-8")
    assert "cp1251" in decoded.warnings[0].message


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Zażółć gęślą jaźń. Władze miasta ogłosiły, że będą kontynuować remont mostu.", "cp1250"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy. Vláda oznámila nová opatření.", "cp1250"),
        ("Москва готовится к зиме, сообщили в мэрии города.", "koi8_r"),
        ("Η κυβέρνηση ανακοίνωσε νέα μέτρα για την ενέργεια.", "cp1253"),
    ],
)
def test_other_legacy_code_pages_are_recognised(text: str, encoding: str) -> None:
    decoded = decode(text.encode(encoding), PATH)
    assert decoded.text == text
    assert codes(decoded) == [f"decode.{encoding}"]


@pytest.mark.parametrize(
    "text",
    [
        "Café owners say “the bills doubled” — and they are not alone.",
        # Texts charset-normalizer alone would guess as cp1250 ("Săo Paulo") or mac_iceland ("B¸rger"):
        "São Paulo: a população não está satisfeita com as eleições, disse João.",
        "Die Bürger öffnen große Türen für Österreich, sagte Müller.",
        # Too short for a guess to be strong.
        "Café",
    ],
)
def test_text_that_reads_cleanly_as_cp1252_is_read_as_before(text: str) -> None:
    decoded = decode(f"Title\n\n{text}\n".encode("cp1252"), PATH)
    assert decoded.text == f"Title\n\n{text}\n"
    assert codes(decoded) == ["decode.cp1252"]
    assert "Windows-1252" in decoded.warnings[0].message


def test_a_stray_cp1252_byte_in_utf8_keeps_the_utf8_and_reads_only_that_byte() -> None:
    data = "Zelensky’s “speech” in Київ\n\n".encode() + b"caf\xe9 au lait\n" + "— the end 😀\n".encode()
    decoded = decode(data, PATH)
    assert decoded.text == "Zelensky’s “speech” in Київ\n\ncafé au lait\n— the end 😀\n"
    assert codes(decoded) == ["decode.cp1252"]
    assert decoded.warnings[0].message.startswith(f"{PATH}:3:")


# --- properties -------------------------------------------------------------------------------------


def _decoded_or_refused(text: str) -> Decoded:
    try:
        return decode(text.encode("utf-8"), PATH)
    except SeedError:
        assume(False)  # empty or binary-looking: refused before any question of encoding
        raise


@EXAMPLES
@given(text=st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters=[chr(c) for c in range(0x80, 0xA0)])))
def test_clean_utf8_text_comes_back_as_it_was(text: str) -> None:
    """Text with no trace of mojibake (and no C1 control characters, which clean text never holds) is only normalised."""
    assume(not _reads_as_utf8_twice(text))
    decoded = _decoded_or_refused(text)
    assert decoded.text == normalise(text)
    assert decoded.warnings == ()


@EXAMPLES
@given(text=st.text())
def test_any_utf8_text_changes_only_where_it_reads_as_mojibake_and_then_says_so(text: str) -> None:
    decoded = _decoded_or_refused(text)
    repaired = "decode.mojibake" in codes(decoded)
    assert codes(decoded) == (["decode.mojibake"] if repaired else [])
    if not repaired:
        assert decoded.text == normalise(text)
    else:
        assert _reads_as_utf8_twice(text)


def test_utf16_with_its_byte_order_mark_is_read() -> None:
    text = "Talks resume in Vienna\n\nThe delegations met on Monday — both said so.\n"
    for encoding in ("utf-16", "utf-16-be"):
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        assert decode(data, "x.txt").text == text


def test_bidirectional_controls_and_zero_width_characters_are_dropped() -> None:
    data = "Ti\u200btle \u202egnirts\u202c and \u2066isolated\u2069 text\n".encode()
    assert decode(data, "x.txt").text == "Title gnirts and isolated text\n"
