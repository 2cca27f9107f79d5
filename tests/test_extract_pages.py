"""Extraction on real pages (Fundus style): one test over every folder in tests/pages/.

Each folder holds `page.html.gz` and `expected.json` (from the corpus's human-checked
truth, see tests/pages/README.md). Body: precision and recall of 4-token shingles
against the true body must reach the case's thresholds, or, for pages with snippet
truth, every `with` snippet must be in the text and no `without` snippet. Optional keys:
`without_paragraph` (lines that must not be a paragraph) and `settings` (ExtractSettings
fields for a case that documents a non-default knob).
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from workers.envelope import decode_html
from workers.extract import extract_page
from workers.settings import ExtractSettings

PAGES = Path(__file__).parent / "pages"
CASES = sorted(p.parent.name for p in PAGES.glob("*/expected.json"))


def shingles(text: str) -> Counter:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i:i + 4]) for i in range(max(0, len(tokens) - 3)))


def load_case(name: str) -> tuple[str, dict]:
    folder = PAGES / name
    # Decoded as the worker decodes a raw page: some pages are not UTF-8.
    html = decode_html(gzip.decompress((folder / "page.html.gz").read_bytes()))
    return html, json.loads((folder / "expected.json").read_text(encoding="utf-8"))


def test_there_are_page_cases() -> None:
    assert len(CASES) >= 4


@pytest.mark.parametrize("name", CASES)
def test_page(name: str) -> None:
    html, expected = load_case(name)
    # A case may run with non-default settings (a knob's documented effect on a real page).
    result = extract_page(html, expected["url"], ExtractSettings(**expected.get("settings", {})))

    if "body" in expected:
        predicted, truth = shingles(result.text), shingles(expected["body"])
        overlap = sum((predicted & truth).values())
        assert overlap / sum(predicted.values()) >= expected["min_body_precision"]
        assert overlap / sum(truth.values()) >= expected["min_body_recall"]
    flat = " ".join(result.text.split())
    for snippet in expected.get("with", []):
        assert " ".join(snippet.split()) in flat
    for snippet in expected.get("without", []):
        assert " ".join(snippet.split()) not in flat
    # Lines that must not stand as a paragraph of their own (a byline name may still be
    # mentioned in the story).
    for line in expected.get("without_paragraph", []):
        assert line not in result.paragraphs
    assert all("\n" not in p and p == " ".join(p.split()) for p in result.paragraphs)
    # NFC, whatever form the page uses: a decomposed letter would split words for `\w+`.
    assert all(unicodedata.is_normalized("NFC", p) for p in result.paragraphs)

    if "title" in expected:
        assert result.title == expected["title"]
    if "published_at" in expected:
        assert result.published_at == expected["published_at"]
    if "published_day" in expected:
        assert (result.published_at or "")[:10] == expected["published_day"]
    if "authors" in expected:
        assert [a.casefold() for a in result.authors] == [
            a.casefold() for a in expected["authors"]]
    if "source" in expected:
        assert result.source == expected["source"]
    assert result.language == expected["language"]
