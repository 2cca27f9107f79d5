"""`inputs.page_url` on hostile pages.

`wirestream produce` and `process` read the URL of a bare HTML file from its first 2 MB.
Two hostile shapes made that search quadratic: `<meta ` tags that never close (each one
scanned on to the 2 MB limit: minutes) and a long attribute name without "=" (every letter
of it retried as the start of a name: 7 s for 40 kB, hours for 2 MB).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workers.inputs import page_url

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = {
    "unclosed_meta_tags": "b'<html><head>' + b'<meta ' * 330_000",
    "a_long_attribute_name": "b'<link ' + b'a' * 1_900_000 + b' rel=canonical>'",
}


@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_two_megabytes_of_hostile_tags_give_no_url_without_hanging(shape: str) -> None:
    code = f"from workers.inputs import page_url; assert page_url({HOSTILE[shape]}) is None"
    # In a process of its own: a regression ends at the timeout (about a thousand times
    # what the search takes), not in a hung suite.
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=30)


def test_the_url_after_many_open_tags_is_still_found() -> None:
    html = b"<meta " * 1000 + b'<link rel="canonical" href="https://example.com/a">'
    assert page_url(html) == b"https://example.com/a"


def test_an_attribute_is_read_by_its_whole_name() -> None:
    # "data-x_property" is no "property" (a search free to start inside a name took it).
    assert page_url(b'<meta data-x_property="og:url" content="https://example.com/a">') is None
    assert page_url(b'<meta content="https://example.com/a"property=og:url>') == (
        b"https://example.com/a")
