"""The shortcuts that make `extract_page` cheaper must decide exactly what the plain
computations decide, on every real page of tests/pages."""

from __future__ import annotations

import pytest
import trafilatura.metadata
from trafilatura.utils import load_html

from tests.test_extract_pages import CASES, load_case
from workers import metadata
from workers.extract import (
    NotAnArticle,
    _holds_half,
    _trafilatura_byline,
    _triples,
    extract_page,
)
from workers.settings import ExtractSettings


@pytest.mark.parametrize("name", CASES)
def test_byline_prefilter_finds_what_trafilatura_finds(name: str) -> None:
    # The byline pass skips elements whose attributes hold none of the words its tests
    # look for: on every page it must still find trafilatura's own byline (or none).
    html, _ = load_case(name)
    tree = load_html(html)
    assert _trafilatura_byline(tree) == trafilatura.metadata.extract_author(tree)


def _half_of_all(paragraphs: list[str], text: str) -> bool:
    """The plain definition: the union of all paragraphs' triples, then the share."""
    wanted = _triples(text)
    have = set().union(*(_triples(p) for p in paragraphs))
    return len(wanted & have) >= 0.5 * len(wanted)


def test_early_stopping_coverage_agrees_with_the_full_union() -> None:
    # `_holds_half` stops reading paragraphs once half the triples are found; on real
    # stories, for each page's description and for each of its own paragraphs (found in
    # the first ones, the last ones, or nowhere once left out), it answers as the full
    # union does.
    settings = ExtractSettings()
    checked = answers = 0
    for name in CASES:
        html, expected = load_case(name)
        try:
            paragraphs = extract_page(html, expected["url"], settings).paragraphs
        except NotAnArticle:
            continue
        page = metadata.read_metadata(load_html(html))
        probes = [page.meta.get("og:description") or "", *paragraphs[:3], *paragraphs[-2:]]
        for probe in probes:
            for among in (paragraphs, paragraphs[1:], paragraphs[:1], []):
                expected_answer = _half_of_all(among, probe)
                assert _holds_half(among, _triples(probe)) == expected_answer, (name, probe)
                checked += 1
                answers += expected_answer
    assert checked > 200 and 0 < answers < checked  # both answers were put to the test


def test_title_fallback_is_computed_only_when_needed() -> None:
    # trafilatura's title is passed as a function: the same title as when it is passed as
    # text, and on pages whose metadata names the headline it is never computed.
    calls = 0
    for name in CASES:
        html, expected = load_case(name)
        tree = load_html(html)
        page = metadata.read_metadata(tree)
        fallback = trafilatura.metadata.extract_title(tree)

        def lazy(fallback: str | None = fallback) -> str | None:
            nonlocal calls
            calls += 1
            return fallback

        url = expected["url"]
        assert metadata.choose_title(page, url, lazy) == \
            metadata.choose_title(page, url, fallback), name
    assert calls < len(CASES)
