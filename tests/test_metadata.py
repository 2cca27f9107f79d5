"""Metadata cleaning: titles, authors, dates, wire agencies, tags."""

from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from workers.metadata import (
    author_candidates,
    choose_published,
    choose_title,
    clean_authors,
    detect_agency,
    normalise_date,
    read_metadata,
    strip_site_name,
)

SITE = ["The Independent", "independent.co.uk"]


@pytest.mark.parametrize(("title", "expected"), [
    ("Storm Bert floods Wales | The Independent", "Storm Bert floods Wales"),
    ("The Independent - Storm Bert floods Wales", "Storm Bert floods Wales"),
    ("Storm Bert floods Wales - UK News - independent.co.uk", "Storm Bert floods Wales - UK News"),
    ("Storm Bert floods Wales — The Independent", "Storm Bert floods Wales"),
    # A separator inside the headline, no site name: kept whole.
    ("Storm Bert: floods in Wales - what we know", "Storm Bert: floods in Wales - what we know"),
    ("No separator at all", "No separator at all"),
])
def test_strip_site_name(title: str, expected: str) -> None:
    assert strip_site_name(title, SITE) == expected


def test_title_prefers_the_h1_the_metadata_agrees_with() -> None:
    tree = load_html("""<html><head><title>Floods in Wales | Example Times</title>
<meta property="og:site_name" content="Example Times">
<meta property="og:title" content="Floods in Wales | Example Times"></head>
<body><h1>Menu</h1><h1>Floods in Wales</h1><p>text</p></body></html>""")
    assert choose_title(read_metadata(tree), "https://www.example-times.com/a/1") == \
        "Floods in Wales"


@pytest.mark.parametrize(("raw", "people", "agency"), [
    (["By Jane Doe and John Smith"], ["Jane Doe", "John Smith"], None),
    (["Jane Doe, Political Editor"], ["Jane Doe"], None),
    (["Von Anna Müller und Jörg Klein"], ["Anna Müller", "Jörg Klein"], None),
    (["Glen Owen And Brendan Carlin For The Mail On Sunday"], ["Glen Owen", "Brendan Carlin"],
     None),
    (["Jane Doe (jd)", "jane.doe@example.com"], ["Jane Doe"], None),
    (["Associated Press"], [], "AP"),
    (["By AP"], [], "AP"),
    (["Anna Müller, dpa"], ["Anna Müller"], "dpa"),
    (["Reuters"], [], "Reuters"),
    (["The Independent"], [], None),  # the site itself is not a person
    (["Christoph von Ritter"], ["Christoph von Ritter"], None),  # a particle, not "von"
    (["Capital Von Jemima Kelly"], ["Jemima Kelly"], None),
    (["배윤경 기자"], ["배윤경"], None),  # Hangul has no capitals; 기자 = reporter
    (["松岡大地"], ["松岡大地"], None),
    (["Redaktion"], [], None),  # a desk, not a person
])
def test_clean_authors(raw: list[str], people: list[str], agency: str | None) -> None:
    assert clean_authors(raw, SITE) == (people, agency)


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-04-22T10:15:00Z", "2024-04-22T10:15:00Z"),
    ("2024-04-22T12:15:00+02:00", "2024-04-22T10:15:00Z"),
    ("2024-04-22T00:30:00+0200", "2024-04-21T22:30:00Z"),
    ("2024-04-22 08:49:59.123-05:00", "2024-04-22T13:49:59Z"),
    ("2024-04-22", "2024-04-22"),
    # A local time without its zone is not guessed: the day is what is known.
    ("2024-04-22T10:15:00", "2024-04-22"),
    ("April 2024", None),
    ("2024-13-40", None),
])
def test_normalise_date(value: str, expected: str | None) -> None:
    assert normalise_date(value) == expected


def test_published_time_comes_from_json_ld_before_other_dates() -> None:
    tree = load_html("""<html><head>
<meta property="article:modified_time" content="2024-05-01T09:00:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebPage","name":"x"},
 {"@type":"NewsArticle","headline":"h","datePublished":"2024-04-22T12:15:00+02:00",
  "dateModified":"2024-05-01T09:00:00Z"}]}</script></head>
<body><time datetime="2024-05-01">1 May</time><p>x</p></body></html>""")
    page = read_metadata(tree)
    assert choose_published(page, "https://example.com/a") == "2024-04-22T10:15:00Z"


def test_published_day_from_url_when_the_page_has_none() -> None:
    tree = load_html("<html><head><title>t</title></head><body><p>x</p></body></html>")
    page = read_metadata(tree)
    assert choose_published(page, "https://example.com/2023/06/05/story") == "2023-06-05"


@pytest.mark.parametrize(("paragraphs", "agency"), [
    (["WASHINGTON (AP) — The Senate voted on Tuesday to pass the bill.", "More text."], "AP"),
    (["Berlin (dpa) - Die Bundesregierung hat am Dienstag beschlossen.", "Mehr."], "dpa"),
    (["PARIS (Reuters) - France said on Monday it would.", "Text."], "Reuters"),
    (["Text of the story.", "Copyright 2024 The Associated Press. All rights reserved."], "AP"),
    (["Text of the story.", "(Reporting by Jane Doe; Editing by John Smith)"], "Reuters"),
    (["Text of the story.", "Via AP news wire"], "AP"),
    (["Text.", "Quelle: dpa"], "dpa"),
    # A story that merely mentions an agency does not credit it.
    (["The minister told Reuters on Monday that talks would resume.", "More."], None),
])
def test_detect_agency(paragraphs: list[str], agency: str | None) -> None:
    assert detect_agency(paragraphs, []) == agency


def test_blog_named_after_its_author_keeps_the_author() -> None:
    assert clean_authors(["Helge Fahrnberger"], ["Helge Fahrnberger", "helge.at"]) == (
        ["Helge Fahrnberger"], None)
    assert clean_authors(["Le Monde"], ["Le Monde", "lemonde.fr"]) == ([], None)


def test_json_ld_author_referenced_by_id_is_resolved() -> None:
    tree = load_html("""<html><head><script type="application/ld+json">{"@context":
"https://schema.org","@graph":[{"@type":"Article","headline":"h",
"author":{"@id":"https://blog.example/#/schema/person/1"}},
{"@type":"Person","@id":"https://blog.example/#/schema/person/1","name":"Andrea Kalt"}]}
</script></head><body><p>x</p></body></html>""")
    assert author_candidates(read_metadata(tree)) == [["Andrea Kalt"]]
