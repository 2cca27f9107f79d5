"""Input files: the URL `wirestream produce` / `process` take from a bare HTML page."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from workers.inputs import count_messages, iter_messages, page_url

PAGES = Path(__file__).resolve().parent / "pages"


@pytest.mark.parametrize(
    "case",
    [
        "lt_LRT_2024_03_31",  # <link href=... rel="canonical">: href first
        "fr_LesEchos_2024_07_18",  # <meta content=... property="og:url">, no canonical link
        "us_RollingStone_2024_04_25",  # the canonical link 210 kB into the page
        "tine.no.fotballskole_a2bc1800",  # a relative canonical link; og:url is absolute
    ],
)
def test_an_html_file_is_sent_with_the_url_it_states(case: str) -> None:
    expected = json.loads((PAGES / case / "expected.json").read_text())["url"]
    [message] = list(iter_messages([PAGES / case / "page.html.gz"]))
    assert message.key == expected.encode()


def test_a_page_that_states_no_url_has_none() -> None:
    # beige.de names itself nowhere (only <base href="/"> and feed links).
    html = gzip.decompress((PAGES / "beige.de.suedfrankreich_8811a2d0" / "page.html.gz")
                           .read_bytes())
    assert page_url(html) is None


def test_the_canonical_link_wins_and_entities_are_decoded() -> None:
    html = (b'<html><head><meta property="og:url" content="https://m.example.com/a">'
            b"<link rel='alternate canonical' href='https://example.com/a?x=1&amp;y=2'>"
            b"</head><body><p>text</p></body></html>")
    assert page_url(html) == b"https://example.com/a?x=1&y=2"
    assert page_url(b"<link rel=canonical href=https://example.com/b>") == b"https://example.com/b"
    assert page_url(b'<link rel="canonical" href="ftp://example.com/c">') is None


def test_a_folder_of_test_pages_gives_one_message_a_page(tmp_path: Path) -> None:
    # Fundus-style folders: page.html.gz beside expected.json. The truth file is no input.
    for case in ("lt_LRT_2024_03_31", "fr_LesEchos_2024_07_18"):
        (tmp_path / case).mkdir()
        for name in ("page.html.gz", "expected.json"):
            (tmp_path / case / name).write_bytes((PAGES / case / name).read_bytes())
    envelopes = tmp_path / "more" / "pages.jsonl"
    envelopes.parent.mkdir()
    envelopes.write_text('{"url": "https://example.com/a", "html": "<p>a</p>"}\n')
    messages = list(iter_messages([tmp_path]))
    assert [Path(m.where).name for m in messages] == ["page.html.gz", "page.html.gz",
                                                      "pages.jsonl"]
    assert count_messages([tmp_path]) == 3
    # Named explicitly, a .json file is still read as JSON lines, as documented.
    assert count_messages([tmp_path / "lt_LRT_2024_03_31" / "expected.json"]) > 1


def test_a_gzipped_file_named_in_capitals_is_decompressed(tmp_path: Path) -> None:
    case = PAGES / "lt_LRT_2024_03_31"
    expected = json.loads((case / "expected.json").read_text())["url"]
    shouted = tmp_path / "PAGE.HTML.GZ"
    shouted.write_bytes((case / "page.html.gz").read_bytes())
    [message] = list(iter_messages([shouted]))
    assert message.key == expected.encode()
    assert message.value == gzip.decompress(shouted.read_bytes())
