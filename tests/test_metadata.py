"""Metadata cleaning: titles, authors, dates, wire agencies, tags."""

from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from workers.metadata import (
    author_candidates,
    author_links,
    choose_authors,
    choose_published,
    choose_title,
    clean_authors,
    detect_agency,
    labelled_bylines,
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


# --- title: <h1> against the metadata titles --------------------------------------------

def _title(head: str, body: str, url: str = "https://www.example-news.ch/story/1") -> str | None:
    tree = load_html(f"<html><head>{head}</head><body>{body}<p>text</p></body></html>")
    return choose_title(read_metadata(tree), url)


def test_kicker_element_is_dropped_when_the_metadata_names_the_headline() -> None:
    # SRF-style markup: overline span, a hidden " - ", the headline span; og:title puts
    # a different kicker before the same headline.
    head = """<title>Angriff auf Israel: «Zurückhaltung hat mit den USA zu tun» - News - SRF</title>
<meta property="og:title" content="Angriff auf Israel: «Zurückhaltung hat mit den USA zu tun»">
<meta property="og:site_name" content="Schweizer Radio und Fernsehen (SRF)">"""
    body = """<h1 class="article-title" itemprop="headline">
<span class="article-title__overline">Eskalation im Nahen Osten</span>
<span class="h-offscreen" aria-hidden="true"> - </span>
<span class="article-title__text">«Zurückhaltung hat mit den USA zu tun»</span></h1>"""
    assert _title(head, body) == "«Zurückhaltung hat mit den USA zu tun»"


def test_kicker_element_is_kept_when_the_metadata_names_the_whole_heading() -> None:
    head = """<title>Basketball-Euroleague: Nach Massenschlägerei: Sanktionen | ZEIT ONLINE</title>
<meta property="og:title" content="Basketball-Euroleague: Nach Massenschlägerei: Sanktionen">"""
    body = """<h1><span class="article-heading__kicker">Basketball-Euroleague</span>
<span class="visually-hidden">: </span>
<span class="article-heading__title">Nach Massenschlägerei: Sanktionen</span></h1>"""
    # Named as a whole by og:title and <title>: not cut; and spelt as the metadata does,
    # since the hidden separator left " : " in the heading's text.
    assert _title(head, body, "https://www.zeit.de/sport/x") == \
        "Basketball-Euroleague: Nach Massenschlägerei: Sanktionen"


def test_h1_spelling_is_kept_when_it_differs_from_the_metadata_in_more_than_spacing() -> None:
    head = """<title>Warum ich lieber "Bauchgeburt" statt Kaiserschnitt sage.</title>
<meta property="og:title" content='Warum ich lieber "Bauchgeburt" statt Kaiserschnitt sage.'>"""
    body = "<h1>Warum ich lieber „Bauchgeburt“ statt Kaiserschnitt sage.</h1>"
    assert _title(head, body) == "Warum ich lieber „Bauchgeburt“ statt Kaiserschnitt sage."


def test_h1_is_the_headline_when_the_metadata_only_repeats_the_title() -> None:
    head = """<title>Wärmepumpe im Altbau - Wann es sich lohnt | heizung.de</title>
<meta property="og:title" content="Wärmepumpe im Altbau - Wann es sich lohnt | heizung.de">"""
    body = "<h1>Eignet sich eine Wärmepumpe im Altbau?</h1>"
    assert _title(head, body, "https://www.heizung.de/waermepumpe/altbau.html") == \
        "Eignet sich eine Wärmepumpe im Altbau?"


def test_an_independent_editorial_headline_in_the_metadata_wins_over_a_lone_h1() -> None:
    # og:title differs from the <title>: the publisher wrote a headline of its own.
    head = """<title>Storm floods Wales | Example Times</title>
<meta property="og:title" content="Storm Bert floods towns across Wales">
<meta property="og:site_name" content="Example Times">"""
    assert _title(head, "<h1>Where the water came from</h1>") == \
        "Storm Bert floods towns across Wales"


def test_h1_that_adds_a_subtitle_to_the_title_gives_the_title() -> None:
    head = "<title>Tagesschau unterschlägt Hass-Demo in Essen</title>"
    body = """<h1>Tagesschau unterschlägt Hass-Demo in Essen
<small>Gebührenfinanzierte Verharmlosung im ÖRR</small></h1>"""
    assert _title(head, body) == "Tagesschau unterschlägt Hass-Demo in Essen"


def test_h1_with_a_section_label_before_the_metadata_title_gives_the_title() -> None:
    head = """<title>Brothel catering to politicians busted in Boston</title>
<meta property="og:title" content="Brothel catering to politicians busted in Boston">"""
    body = """<h1 class="entry-title"><div class="entry-section">
<a href="https://www.bostonherald.com/local-news/">Local News | </a></div>
<span class="dfm-title">Brothel catering to politicians busted in Boston</span></h1>"""
    assert _title(head, body, "https://www.bostonherald.com/2023/11/08/brothel/") == \
        "Brothel catering to politicians busted in Boston"


def test_screen_reader_logo_and_navigation_headings_are_not_titles() -> None:
    head = "<title>Zoll online - Fachmeldungen - Verkündung des Tabaksteuergesetzes</title>"
    body = """<h1 class="aural">Zoll</h1><h1 class="hide-accessible">Navigation</h1>
<h1 id="branding"><a href="/?locale=de-DE"><span>Zoll online</span></a></h1>
<h1 class="c-buehne__headline">Fachmeldungen</h1>
<h1 class="isFirstInSlot">Verkündung des Tabaksteuergesetzes</h1>"""
    assert _title(head, body, "https://www.zoll.de/DE/Fachthemen/x.html") == \
        "Verkündung des Tabaksteuergesetzes"
    # A heading that shares no word with the <title> is navigation, not the story's.
    head = "<title>Perturbazione polare al Centro e al Sud</title>"
    assert _title(head, "<h1>Menu di navigazione</h1>") == \
        "Perturbazione polare al Centro e al Sud"


# --- authors: people before the publisher's own name --------------------------------------

def test_publisher_named_as_author_gives_way_to_the_byline_person() -> None:
    site = ["National Geographic", "natgeouk", "nationalgeographic.co.uk"]
    sources = [["National Geographic"], ["By Michael Hingston"]]
    assert choose_authors(iter(sources), site) == (["Michael Hingston"], None)
    # Only the site's name anywhere: kept (a blog named after its author).
    assert choose_authors(iter([["Wolfgang Michal"]]), ["Wolfgang Michal", "wolfgangmichal.de"]
                          ) == (["Wolfgang Michal"], None)


def test_later_sources_are_not_computed_once_a_person_is_found() -> None:
    def sources():
        yield ["Jane Doe"]
        raise AssertionError("the byline search ran although the metadata named a person")
    assert choose_authors(sources(), ["Example Times"]) == (["Jane Doe"], None)


@pytest.mark.parametrize(("raw", "people"), [
    (["Joe S."], ["Joe S."]),  # the dot of a final initial belongs to the name
    (["Juan Carlos Muñoz C."], ["Juan Carlos Muñoz C."]),
    (["By Jane Doe."], ["Jane Doe"]),
    (["red, Agenturen"], []),  # desk abbreviation and "agencies"
    (["Unbenannt"], []),  # "untitled": a CMS placeholder
    (["Christoph Hein Chefredakteur"], ["Christoph Hein"]),  # a role after the name
])
def test_author_cleaning_keeps_initials_and_drops_placeholders(raw: list[str],
                                                               people: list[str]) -> None:
    assert clean_authors(raw, SITE)[0] == people


def test_author_page_links_outside_teasers_are_the_byline() -> None:
    tree = load_html("""<html><body><article><h1>Palästinenser legt Verfassungsbeschwerde ein</h1>
<p class="reader__meta-info">von <a href="/autoren/name/max-kolter">Dr. Max Kolter</a></p>
<p>Text of the story.</p></article>
<aside class="related"><a href="/autoren/name/anna-berg">Anna Berg</a></aside>
<footer><a href="/authors/">All authors</a><a rel="author" href="/team/">Jens Redakteur</a>
</footer></body></html>""")
    assert author_links(tree) == ["Dr. Max Kolter"]


def test_an_abbreviation_of_the_site_is_the_site() -> None:
    site = ["Legal Tribune Online", "lto.de"]
    assert choose_authors(iter([["LTO"], ["Dr. Max Kolter"]]), site) == (["Dr. Max Kolter"], None)


def test_korean_bar_and_glued_section_are_separators() -> None:
    title = "장동혁, 한동훈 제명했지만… '윤 어게인' 절연 ·외연 확장 부담 커졌다-정치ㅣ한국일보"
    assert strip_site_name(title, ["한국일보", "hankookilbo.com"]) == \
        "장동혁, 한동훈 제명했지만… '윤 어게인' 절연 ·외연 확장 부담 커졌다"
    # A hyphen inside a CJK headline is kept when no site name follows it.
    headline = "東京-大阪間の新幹線が運休"
    assert strip_site_name(headline, ["日本経済新聞"]) == headline


def test_a_labelled_byline_in_the_page_names_the_authors() -> None:
    tree = load_html("""<html><body><article><h1>Falsche Behauptung über Wahlen</h1>
<ul><li class="information-item">3 Minuten Lesezeit</li>
<li class="information-item">Von: <span class="person-link"><a href="https://fc.example/bm">Bill
 MCCARTHY</a>, </span><span class="person-link"><a href="https://fc.example/mg">Marisha
 GOLDHAMER</a></span></li></ul><p>Von einer Wahlfälschung kann keine Rede sein.</p>
</article><div class="comments"><p>Von Leser123: toller Artikel</p></div></body></html>""")
    assert labelled_bylines(tree) == ["Bill MCCARTHY , Marisha GOLDHAMER"]
    assert clean_authors(labelled_bylines(tree), [])[0] == ["Bill MCCARTHY", "Marisha GOLDHAMER"]


@pytest.mark.parametrize(("raw", "people", "agency"), [
    (["Deutsche Welle (www.dw.com)"], [], None),  # an organisation with its web address
    (["Euronews with Agencies"], [], None),
    (["Par AFP Publié il y a 3 heures"], [], "AFP"),
    (["Interview: Julia Lauter"], ["Julia Lauter"], None),
    (["Agencia EFE"], [], "EFE"),
])
def test_organisations_and_labels_in_bylines(raw: list[str], people: list[str],
                                             agency: str | None) -> None:
    assert clean_authors(raw, ["Euronews", "euronews.com"]) == (people, agency)


# --- session 2: breadcrumb headlines, entities, publishers as authors -----------------------

def test_the_headline_shown_wins_over_a_breadcrumb_h1_when_the_json_ld_names_it() -> None:
    # The shape of several German news sites: the only <h1> is the SEO headline in the
    # breadcrumb trail (og:title and <title> copy it); the article shows another headline
    # in an <h2>, which the JSON-LD `headline` names.
    page = """<html><head><title>Annalena Baerbock: Jetzt Top-Job in New York | Example</title>
<meta property="og:title" content="Annalena Baerbock: Jetzt Top-Job in New York">
<script type="application/ld+json">{"@type": "NewsArticle",
 "headline": "Baerbock zur UN: Nur eine Etappe zum nächsten Karriereschritt?"}</script></head>
<body><nav><ol><li>Politik</li><li><h1 class="whitespace-nowrap">Annalena Baerbock: Jetzt
Top-Job in New York</h1></li></ol></nav>
<article><h2>Baerbock zur UN: Nur eine Etappe zum nächsten Karriereschritt?</h2>
<p>Text</p></article></body></html>"""
    page_metadata = read_metadata(load_html(page))
    assert choose_title(page_metadata, "https://www.example.de/politik/a1") == \
        "Baerbock zur UN: Nur eine Etappe zum nächsten Karriereschritt?"
    # Without the JSON-LD witness the breadcrumb <h1> stays the headline.
    no_ld = page.replace('"headline": "Baerbock zur UN', '"name": "Baerbock zur UN')
    assert choose_title(read_metadata(load_html(no_ld)), "https://www.example.de/politik/a1") \
        == "Annalena Baerbock: Jetzt Top-Job in New York"


def test_html_entities_in_json_ld_text_are_decoded() -> None:
    # JSON-LD is plain text, yet some CMSs write entities into it (trafilatura-eval,
    # flawlessfood.co.uk): "Olive &#038; Herb Focaccia Bread".
    tree = load_html("""<html><head><script type="application/ld+json">{"@type": "Article",
"headline": "Olive &#038; Herb Focaccia Bread", "author": {"name": "Jane Doe"}}</script>
</head><body><p>Text</p></body></html>""")
    assert choose_title(read_metadata(tree), "https://example.co.uk/olive") == \
        "Olive & Herb Focaccia Bread"


@pytest.mark.parametrize(("raw", "site"), [
    # trafilatura's JSON-LD reader folds a publisher's domain into words.
    (["Finanztreff De"], ["finanztreff.de"]),
    (["Wien Orf At"], ["ORF.at", "wien.orf.at"]),
    # A publisher and its address in the author field (hessenschau.de).
    (["hessenschau.de, Frankfurt, Germany"], ["hessenschau.de", "hessenschau"]),
])
def test_host_names_and_publisher_addresses_are_not_people(raw: list[str], site: list[str]
                                                            ) -> None:
    assert clean_authors(raw, site, keep_publisher=True) == ([], None)


def test_the_publisher_is_the_author_only_when_no_source_names_a_person() -> None:
    site = ["Le Monde", "lemonde.fr"]
    assert choose_authors(iter([["Le Monde"]]), site) == (["Le Monde"], None)
    assert choose_authors(iter([["Le Monde"], ["Par Bertrand Bissuel"]]), site) == (
        ["Bertrand Bissuel"], None)
    # A source that names the publisher and a person gives the person.
    assert choose_authors(iter([["LRT.lt", "Povilas Aleksandravičius"]]), ["LRT.lt", "lrt.lt"]
                          ) == (["Povilas Aleksandravičius"], None)
