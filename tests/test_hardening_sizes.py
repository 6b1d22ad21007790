"""Odd sizes and shapes of input are loaded or refused with a clear message, never a crash."""

from __future__ import annotations

import pytest

from archive_site.errors import SeedError
from archive_site.load.seeds import LoaderSettings, load_document

SETTINGS = LoaderSettings.default()
PROSE = "The delegations met again on Monday and agreed to meet once more next week in the same city."

CASES = {
    "one multi-megabyte line": ("Talks resume\n\n" + "word " * 600_000).encode(),
    "100,000 lines": ("Talks resume\n\n" + "\n".join(f"Line {i} of the text." for i in range(100_000))).encode(),
    "20,000 paragraphs": ("Talks resume\n\n" + "\n\n".join([PROSE] * 20_000)).encode(),
    "a 10,000-character title": (("Talks " * 1700) + "\n\n" + PROSE + "\n").encode(),
    "control characters": ("Talks\x07 resume\x1b\n\n" + PROSE + "\x00\n").encode().replace(b"\x00", b""),
    "mixed line endings": ("Talks resume\r\n\r\n" + PROSE + "\r" + PROSE + "\n" + PROSE + "\r\n").encode(),
    "deep brackets": ("Talks resume\n\n" + "(" * 100_000 + PROSE + ")" * 100_000).encode(),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_odd_input_loads(name: str) -> None:
    article = load_document("x.txt", CASES[name], SETTINGS)
    assert article.paragraphs or article.title
    for paragraph in article.paragraphs:
        assert not any(ord(c) < 32 and c not in "\n\t" for c in paragraph.text)


def test_a_file_over_the_size_limit_is_refused_by_name() -> None:
    data = ("Talks resume\n\n" + PROSE + "\n").encode() * (SETTINGS.max_bytes // 100 + 1)
    with pytest.raises(SeedError, match=r"^big\.txt: .*(?:large|limit|MB|bytes)"):
        load_document("big.txt", data, SETTINGS)
