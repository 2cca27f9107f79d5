"""trafilatura's comparison with readability and justext runs only where it may change the
body (`ExtractSettings.fallback_below_share`, `extract._fallback_may_matter`): real pages
from tests/pages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
import trafilatura
import trafilatura.external

from tests.test_extract_pages import CASES, load_case
from workers.extract import NotAnArticle, extract_page
from workers.settings import ExtractSettings

DEFAULT = ExtractSettings()
ALWAYS = replace(DEFAULT, fallback_below_share=0.0)  # trafilatura's own behaviour
# A plain news story, most of its page's text.
FILLS_THE_PAGE = "fr_LeMonde_2023_09_01"


@pytest.fixture
def readability_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the runs of trafilatura's readability fallback."""
    calls: list[int] = []
    original = trafilatura.external.try_readability

    def counted(tree):
        calls.append(1)
        return original(tree)

    monkeypatch.setattr(trafilatura.external, "try_readability", counted)
    yield calls


def test_a_page_trafilatura_finds_no_text_in_still_gets_the_fallback_text(
        readability_calls: list[int]) -> None:
    # Anadolu Ajansı: trafilatura's own extractor keeps nothing of the story; the text
    # comes from its readability fallback, which must still run.
    html, expected = load_case("tr_AnadoluAjansi_2026_04_20")
    first = expected["body"].split("\n")[0]
    extracted = extract_page(html, expected["url"], DEFAULT)
    assert readability_calls
    assert first in extracted.text
    assert len(extracted.text) >= 0.8 * len(expected["body"])


def test_a_page_whose_text_fills_the_page_is_not_sent_through_readability(
        readability_calls: list[int]) -> None:
    # A story that is most of its page's text: readability cannot find twice as much, so
    # its comparison is skipped, and the record is the one it would have given.
    html, expected = load_case(FILLS_THE_PAGE)
    gated = extract_page(html, expected["url"], DEFAULT)
    assert not readability_calls
    ungated = extract_page(html, expected["url"], ALWAYS)
    assert readability_calls
    assert gated == ungated


def test_trafilatura_called_directly_keeps_its_comparison(readability_calls: list[int]) -> None:
    # The gate holds for extract_page's own call only: other callers in the same process
    # (bare trafilatura in the benchmarks, a user's code) run trafilatura unchanged.
    html, expected = load_case(FILLS_THE_PAGE)
    extract_page(html, expected["url"], DEFAULT)
    assert not readability_calls
    trafilatura.extract(html, url=expected["url"])
    assert readability_calls


@pytest.mark.parametrize("name", CASES)
def test_the_gate_changes_no_page(name: str) -> None:
    # On every real page here, skipping the comparison where it cannot matter gives the
    # body (and the whole record) of trafilatura's always-on comparison.
    html, expected = load_case(name)
    try:
        gated = extract_page(html, expected["url"], DEFAULT)
    except NotAnArticle as refusal:
        with pytest.raises(NotAnArticle) as again:
            extract_page(html, expected["url"], ALWAYS)
        assert again.value.reason == refusal.reason
        return
    assert gated == extract_page(html, expected["url"], ALWAYS)
