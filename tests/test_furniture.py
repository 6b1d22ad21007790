"""The furniture lexicon an archive extends: its lines, phrases and notices, and the errors a bad file gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_site.errors import ConfigError
from archive_site.load.header import read_furniture
from archive_site.load.seeds import LoaderSettings, load_file

PAGE = """Members of the Lakeside Club: thank you for your loyalty over forty years of sailing together. \
Our clubhouse is open from nine to five on weekdays, and on Saturdays from ten.

Ferry talks resume on the lake

By Ines Walcott

The four island councils met again on Tuesday to discuss a shared ferry service.

They agreed to meet every month until the new timetable is settled.
"""


def _write(tmp_path: Path, furniture: str | None) -> tuple[Path, LoaderSettings]:
    root = tmp_path / "archive"
    root.mkdir(parents=True)
    if furniture is not None:
        (root / "furniture.yaml").write_text(furniture, encoding="utf-8")
    seed = root / "page.txt"
    seed.write_text(PAGE, encoding="utf-8")
    return seed, LoaderSettings.default(root)


def test_an_archives_own_notice_makes_a_paragraph_above_the_headline_furniture(tmp_path: Path) -> None:
    seed, settings = _write(tmp_path, None)
    assert load_file(seed, settings).title is None  # a long paragraph first: no header to choose from
    seed, settings = _write(tmp_path / "own", "notices:\n  - 'thank you for your loyalty'\n")
    article = load_file(seed, settings)
    assert article.title == "Ferry talks resume on the lake"
    assert [a.name for a in article.authors] == ["Ines Walcott"]
    assert not any("loyalty" in p.text for p in article.paragraphs)


def test_the_packaged_notices_cover_cookie_and_ad_blocker_messages() -> None:
    from archive_site.load.header import default_furniture_path

    packaged = read_furniture([default_furniture_path()])
    assert packaged.is_notice("We use cookies on this website. By continuing to use this site you agree to it. " * 3)
    assert packaged.is_notice("It looks like you're using an ad blocker that may prevent our website from working.")
    assert not packaged.is_notice("The councils met again on Tuesday to discuss the ferry service and its cookies stall.")


@pytest.mark.parametrize(("text", "message"), [
    ("notes:\n  - 'x'\n", "unknown key 'notes'"),
    ("notices:\n  - '(unclosed'\n", "not a valid regular expression"),
    ("notices: 'one'\n", "must be a list of patterns"),
    ("- 'a list'\n", "must be a mapping"),
])
def test_a_bad_furniture_file_names_itself_and_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "furniture.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        read_furniture([path])
    assert message in str(raised.value) and "furniture.yaml" in str(raised.value)
    assert ":1" in str(raised.value) or ":2" in str(raised.value)
