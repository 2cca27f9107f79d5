"""Round 4 body rules: furniture lines, pull quotes, dropped subheads, author notes, captions.

Lines are taken from pages of the dev corpora (fundus test pages, trafilatura's evaluation
set); whole pages that show each rule at work are cases in tests/pages/ (see its README).
"""

from __future__ import annotations

from lxml.html import fromstring

from workers.boilerplate import is_boilerplate
from workers.extract import (
    _with_subheads,
    _without_author_bio,
    _without_captions,
    _without_pull_quotes,
)
from workers.settings import ExtractSettings


def test_round_four_furniture_lines_are_boilerplate() -> None:
    for line in [
        "Redaktion: Marcus Bensmann, Elena Müller",  # credits under a story
        "Faktencheck: Marcus Bensmann",
        "Mitarbeit: Antonio Gutierrez",
        "- Übersetzung und Adaptierung: AFP Deutschland",  # as a list item
        "Von Anna Sleegers, Frankfurt",  # a byline with its place
        "Esta funcionalidad es sólo para suscriptores",
        'Dieser Artikel ist zuerst bei "Capital" erschienen.',
        "This article originally appeared on VICE US.",
        "- Advertisement 1Story continues below",
        "Thank you for visiting nature.com. You are using a browser version with limited "
        "support for CSS.",
        "— RT (@RT_com) July 16, 2026",  # an embedded post's attribution
        "— ZDF heute (@ZDFheute) 26. Mai 2019",
    ]:
        assert is_boilerplate(line), line


def test_story_lines_resembling_round_four_furniture_are_kept() -> None:
    for line in [
        # the evaluation set's truth keeps the wire's credits as part of the story
        "Additional reporting by Steve Gorman; Editing by Marguerita Choy, Nick Zieminski "
        "and Simon Cameron-Moore",
        "Die Redaktion hat den Fehler am Montag korrigiert.",
        "Von Berlin aus reiste die Delegation weiter nach Warschau.",
        "The report was first published in 2019 and updated twice since.",
        "Sie schrieb auf X: Wir bleiben (@name wird nicht genannt).",
        "- Broccoli",  # a story's own list item
    ]:
        assert not is_boilerplate(line), line


SETTINGS = ExtractSettings()
STORY = [
    "Die Regierung hat am Dienstag ein neues Gesetz zur Förderung der Bahn beschlossen.",
    "Nach Angaben des Ministeriums sollen bis 2030 rund 40 Milliarden Euro in das Netz "
    "fliessen, vor allem in die Sanierung von Brücken und Stellwerken im ganzen Land.",
    "Kritik kam von der Opposition, die den Plan für zu wenig ehrgeizig hält.",
]
QUOTE = "„Rund 40 Milliarden Euro in das Netz fliessen, vor allem in die Sanierung von Brücken“"


def _page(blocks: str) -> object:
    return fromstring(f"<html><body><article><h1>Bahn</h1>{blocks}</article></body></html>")


def test_a_blockquote_repeating_the_story_is_dropped() -> None:
    tree = _page(f"<p>{STORY[0]}</p><p>{STORY[1]}</p><blockquote><p>{QUOTE}</p></blockquote>"
                 f"<p>{STORY[2]}</p>")
    paragraphs = [STORY[0], STORY[1], QUOTE, STORY[2]]
    assert _without_pull_quotes(paragraphs, tree, SETTINGS) == STORY


def test_text_repeated_outside_a_quote_block_and_the_lead_stay() -> None:
    # The page repeats the sentence as a paragraph of its own (a live page's summary).
    tree = _page(f"<p>{STORY[0]}</p><p>{STORY[1]}</p><p>{QUOTE}</p><p>{STORY[2]}</p>")
    paragraphs = [STORY[0], STORY[1], QUOTE, STORY[2]]
    assert _without_pull_quotes(paragraphs, tree, SETTINGS) == paragraphs
    # The lead is a summary the story goes on to tell: never a copy.
    tree = _page(f"<blockquote><p>{QUOTE}</p></blockquote><p>{STORY[1]}</p>")
    assert _without_pull_quotes([QUOTE, STORY[1]], tree, SETTINGS) == [QUOTE, STORY[1]]


def test_a_subhead_between_two_kept_paragraphs_is_restored() -> None:
    tree = _page(f"<p>{STORY[0]}</p><h2>Milliarden für das Netz</h2><p>{STORY[1]}</p>"
                 f"<aside><h2>Mehr zum Thema</h2></aside><p>{STORY[2]}</p>")
    assert _with_subheads(STORY, tree) == [STORY[0], "Milliarden für das Netz", *STORY[1:]]


def test_a_heading_beside_the_text_is_not_a_subhead() -> None:
    # Not between two consecutive paragraphs of the text, or a teaser label.
    tree = _page(f"<h2>Meistgelesen</h2><p>{STORY[0]}</p><p>{STORY[1]}</p>"
                 f"<p>{STORY[2]}</p><h2>Vorschau auf den nächsten Artikel</h2><p>Weiter</p>")
    assert _with_subheads(STORY, tree) == STORY
    tree = _page(f"<p>{STORY[0]}</p><h2>Lesen Sie auch: Die Bahn im Test</h2><p>{STORY[1]}</p>")
    assert _with_subheads(STORY, tree) == STORY


def test_a_closing_note_on_the_author_is_dropped() -> None:
    note = ("Manuela Conrad ist ZDF-Reporterin für das Berichtsgebiet Russland, Kaukasus und "
            "Zentralasien.")
    assert _without_author_bio([*STORY, note], ["Manuela Conrad"]) == STORY
    note = ("Korrespondent Ulrich Exner ist bei WELT für landespolitische Themen zuständig. Seine "
            "Artikel finden Sie hier.")
    assert _without_author_bio([*STORY, note], ["Ulrich Exner"]) == STORY


def test_a_closing_line_naming_the_authors_stays() -> None:
    # Der Standard closes its stories with the authors' names and the date (the truth keeps it).
    closing = "(Birgit Baumann aus Berlin, Anna Giulia Fink, Jan Michael Marchart, 3.5.2024)"
    authors = ["Birgit Baumann", "Anna Giulia Fink", "Jan Michael Marchart"]
    assert _without_author_bio([*STORY, closing], authors) == [*STORY, closing]
    # A story about its author's subject, not a note: the name is not its opening.
    line = "Das sagte Manuela Conrad ist falsch, meinen Kritiker der Reporterin seit Jahren."
    assert _without_author_bio([*STORY, line], ["Manuela Conrad"]) == [*STORY, line]


def test_a_paragraph_that_is_a_figure_caption_is_dropped() -> None:
    tree = _page(f"<p>{STORY[0]}</p><figure><img src='a.jpg'><figcaption>Nico Lange, "
                 f"Russlandexperte</figcaption></figure><p>{STORY[1]}</p>")
    paragraphs = [STORY[0], "Nico Lange, Russlandexperte", STORY[1]]
    assert _without_captions(paragraphs, tree) == STORY[:2]


def test_a_subhead_past_an_ad_slot_and_soft_hyphens_is_restored() -> None:
    # As on Morgunblaðið: an ad script before the subhead, soft hyphens in the page's words
    # (the extracted text has none).
    hyphenated = STORY[1].replace("Ministeriums", "Minis\xadteri\xadums")
    tree = _page(f"<p>{STORY[0]}</p><script>Ads.renderSlot('1237')</script>"
                 f"<h3>Hlupu upp tröp\xadpurnar</h3><p>{hyphenated}</p><p>{STORY[2]}</p>")
    assert _with_subheads(STORY, tree) == [STORY[0], "Hlupu upp tröppurnar", *STORY[1:]]
