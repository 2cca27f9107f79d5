"""Blocks the extractor dropped between two of its consecutive paragraphs (`_with_gap_blocks`).

The lines are those of fundus's `jp/AsahiShimbun_2025_01_13` (a list of intensities, one
<p> per prefecture with every place name linked: trafilatura keeps some and drops others)
and of the whole page in tests/pages/jp_AsahiShimbun_2025_01_13.
"""

from __future__ import annotations

from lxml.html import fromstring

from workers.extract import _with_gap_blocks
from workers.settings import ExtractSettings

SETTINGS = ExtractSettings()
# The extractor's text: it kept one of the linked prefecture lines, dropped its neighbours.
MIYAZAKI_KEPT = ('<p><a href="/area/miyazaki/">宮崎県</a>：<a href="/t/4">延岡市</a>、'
                 '<a href="/t/5">西都市</a>、<a href="/t/6">木城町</a></p>')
KEPT = [
    "気象庁は13日、午後9時19分ごろ、日向灘で震度5弱の地震があったと発表した。",
    "各地の震度は次のとおり。",
    "＜震度5弱＞",
    "＜震度4＞",
    "宮崎県：延岡市、西都市、木城町",
]


def _page(middle: str) -> str:
    return (f"<html><body><main><div><p>{KEPT[0]}</p><p>{KEPT[1]}</p><p>{KEPT[2]}</p>"
            f"{middle}<p>{KEPT[3]}</p>{MIYAZAKI_KEPT}</div></main></body></html>")


def test_linked_line_styled_as_its_neighbours_is_restored_in_place() -> None:
    tree = fromstring(_page('<p><a href="/area/miyazaki/">宮崎県</a>：<a href="/t/1">高鍋町</a>、'
                            '<a href="/t/2">新富町</a>、<a href="/t/3">宮崎市</a></p>'))
    assert _with_gap_blocks(KEPT, tree, SETTINGS) == [
        *KEPT[:3], "宮崎県：高鍋町、新富町、宮崎市", *KEPT[3:]]


def test_linked_line_stays_out_where_the_extractor_kept_no_linked_line() -> None:
    line = '<p><a href="/area/fukuoka/">福岡県</a>：<a href="/t/7">久留米市</a></p>'
    tree = fromstring(_page(line).replace(MIYAZAKI_KEPT, ""))
    assert _with_gap_blocks(KEPT[:4], tree, SETTINGS) == KEPT[:4]


def test_run_of_dropped_lines_is_restored_in_order() -> None:
    tree = fromstring(_page("<p>福岡県：久留米市</p><p>佐賀県：神埼市、白石町</p>"))
    assert _with_gap_blocks(KEPT, tree, SETTINGS) == [
        *KEPT[:3], "福岡県：久留米市", "佐賀県：神埼市、白石町", *KEPT[3:]]


def test_a_heading_breaks_the_run() -> None:
    # headings are `_with_subheads`'s: restored by this rule they cost eval precision
    tree = fromstring(_page("<p>福岡県：久留米市</p><h3>九州</h3><p>佐賀県：神埼市、白石町</p>"))
    assert _with_gap_blocks(KEPT, tree, SETTINGS) == KEPT


def test_related_link_between_paragraphs_is_not_restored() -> None:
    # a link to another story, styled unlike the story's paragraphs
    tree = fromstring(_page('<p class="related"><a href="/other">停電・断水・避難…授乳どうする？ '
                            "母乳とミルクに分けて解説</a></p>"))
    assert _with_gap_blocks(KEPT, tree, SETTINGS) == KEPT


def test_boilerplate_aside_and_loose_blocks_are_not_restored() -> None:
    for middle in ["<p>Advertisement</p>",  # a furniture line
                   "<aside><p>有料会員になると会員限定の有料記事もお読みいただけます。</p></aside>",
                   "<div>宮崎県：高鍋町、新富町、宮崎市</div>",  # not a paragraph block
                   '<p class="caption">震源の位置</p>',  # a caption by its class
                   '<p><a href="https://i.redd.it/whs5mnaxwft31.jpg">i.redd.it/whs5mnaxwft31.jpg</a></p>']:
        assert _with_gap_blocks(KEPT, fromstring(_page(middle)), SETTINGS) == KEPT, middle


def test_lines_between_paragraphs_that_are_not_consecutive_in_the_text_stay_out() -> None:
    tree = fromstring(_page("<p>福岡県：久留米市</p>"))
    text = [KEPT[0], KEPT[1], KEPT[3], KEPT[2], KEPT[4]]  # the text's order is not the page's
    assert _with_gap_blocks(text, tree, SETTINGS) == text


def test_too_long_a_run_is_not_restored() -> None:
    tree = fromstring(_page("<p>福岡県：久留米市</p><p>佐賀県：神埼市、白石町</p>"))
    assert _with_gap_blocks(KEPT, tree, ExtractSettings(gap_max_blocks=1)) == KEPT
