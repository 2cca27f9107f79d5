"""Authors: bylines shaped like those of real pages of the trafilatura evaluation set (the
whole pages are in tests/pages/, see its README), one rule per test."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from trafilatura.utils import load_html

from workers import metadata
from workers.envelope import decode_html
from workers.metadata import (
    author_links,
    choose_authors,
    clean_authors,
    labelled_bylines,
    signature_paragraphs,
    with_initial_dots,
)


def test_an_author_link_in_a_page_wrapper_named_after_its_sidebar_is_the_byline() -> None:
    # kleinegruenemonster.wordpress.com: the theme names the page's columns "one-sidebar";
    # that wrapper holds the headline, so it is layout, not a sidebar. The real sidebar's
    # links stay out.
    tree = load_html("""<html><body><div id="main" class="one-sidebar">
<article><header><h1>Ein entspannter Start ins neue Jahr</h1><p><span class="byline">
<span class="author vcard"><a class="url fn n" rel="author"
 href="https://example.wordpress.com/author/saskia126/">KleineGrüneMonster</a></span></span>
</p></header><p>Text of the post.</p></article>
<div class="sidebar"><a rel="author" href="/author/other/">Andere Autorin</a></div>
</div></body></html>""")
    assert author_links(tree) == ["KleineGrüneMonster"]


def test_a_user_name_linked_as_author_is_a_pen_name() -> None:
    # boxen.de: the byline links a user name to the author page; nothing else names anyone.
    tree = load_html("""<html><body><article><h1>Staatsanwaltschaft hat Beweise vorgelegt</h1>
<div class="vw-post-meta"><a class="author-name author" rel="author"
 href="https://www.boxen.de/author/johannes-passehl">reineckefuchs</a></div>
<p>Text of the story.</p></article></body></html>""")
    site = ["Boxen", "boxen.de"]
    assert choose_authors(iter([author_links(tree)]), site) == (["reineckefuchs"], None)
    # A user name in running text is no byline: only fields that hold a name alone count.
    assert choose_authors(iter([["reineckefuchs"]]), site) == ([], None)


def test_the_newsroom_is_credited_when_the_byline_names_nobody_else() -> None:
    # tennismagazin.de, lacrux.com, exxpress.at: "Redaktion" is the whole byline.
    site = ["tennis MAGAZIN", "tennismagazin.de"]
    assert choose_authors(iter([["Redaktion"]]), site) == (["Redaktion"], None)
    assert choose_authors(iter([["von Redaktion,"]]), site) == (["Redaktion"], None)
    # A person or the publisher named anywhere wins over the desk.
    assert choose_authors(iter([["Redaktion"], ["Von Anna Müller"]]), site) == (
        ["Anna Müller"], None)
    assert choose_authors(iter([["Redaktion"], ["tennis MAGAZIN"]]), site) == (
        ["tennis MAGAZIN"], None)
    # clean_authors alone still drops it: it is no person.
    assert clean_authors(["Redaktion"], site) == ([], None)


def test_a_byline_labelled_in_french_and_followed_by_another_field() -> None:
    # dw.com (French edition): "Auteur : Kossivi Tiassou<br/>Edition : M-A. Pioerron".
    tree = load_html("""<html><body><div class="longText"><h1>La perte des terres fertiles</h1>
<p>Les éléphants détruisent les champs.</p>
<p>Auteur : Kossivi Tiassou<br/>Edition : M-A. Pioerron</p></div></body></html>""")
    assert labelled_bylines(tree) == ["Kossivi Tiassou"]


def test_a_read_aloud_button_is_no_byline_and_a_byline_element_is() -> None:
    # finanztreff.de: "Text vorlesen" comes first; the byline is a <byline> element.
    tree = load_html("""<html><body><div class="news"><h1>Die Jungen entdecken die Börse</h1>
<span class="speak">Text vorlesen</span>
<div class="article"><byline>Von David Hutzler, dpa</byline></div><p>Frankfurt/Main.</p>
</div></body></html>""")
    assert labelled_bylines(tree) == ["David Hutzler, dpa"]
    assert clean_authors(labelled_bylines(tree), ["finanztreff.de"]) == (["David Hutzler"], "dpa")


def test_the_publishers_name_with_an_ampersand_is_not_split_into_people() -> None:
    # jobsnhire.com names itself "Jobs & Hire" as JSON-LD author; the byline names a person.
    site = ["Jobs & Hire", "JobsnHireCom", "jobsnhire.com"]
    assert clean_authors(["Jobs & Hire"], site, keep_publisher=True) == (["Jobs & Hire"], None)
    assert choose_authors(iter([["Jobs & Hire"], ["Jose de la Cruz"]]), site) == (
        ["Jose de la Cruz"], None)
    # Other names joined by "&" are still split.
    assert clean_authors(["Clara Löw, Siddharth Prakash & Klaus Jacob"], site)[0] == [
        "Clara Löw", "Siddharth Prakash", "Klaus Jacob"]


@pytest.mark.parametrize(("raw", "people"), [
    # grazia-magazin.de, time4talks.com: the date after the name
    (["Isabella.DiBiase am Samstag, 19. Oktober 2019 um 11:14 Uhr"], ["Isabella.DiBiase"]),
    (["Von R. R. am 7. August 2013"], ["R. R."]),
    (["By Jane Doe on Monday, March 4"], ["Jane Doe"]),
    # "am" before a word that is no day or date belongs to the name
    (["Anna am Rhein"], ["Anna am Rhein"]),
    # arteradio.com: a name written twice, for two screen sizes
    (["Olivier Minot Olivier Minot"], ["Olivier Minot"]),
    (["Kristen Falc'honKristen Falc'hon"], ["Kristen Falc'hon"]),
    (["Anna Anna"], ["Anna Anna"]),  # one word twice may be a name
    # brandeins.de (via trafilatura's byline): credit labels between names
    (["Text", "Interview Harald Willenbrock"], ["Harald Willenbrock"]),
    # courage-online.de: the byline keeps the page's soft hyphens
    (["Von Mat\xadthi\xadas Lauerer"], ["Matthias Lauerer"]),
])
def test_bylines_keep_the_name_only(raw: list[str], people: list[str]) -> None:
    assert clean_authors(raw, ["Example", "example.com"])[0] == people


@pytest.mark.parametrize(("names", "byline", "expected"), [
    # appen.com, peptalks.de: trafilatura's byline reading drops the dots of initials
    ("Joe S", "Joe S.", "Joe S."),
    ("Günter W Kienitz", "Von Günter W. Kienitz", "Günter W. Kienitz"),
    ("Perry Bacon Jr", "By Perry Bacon Jr.", "Perry Bacon Jr."),
    ("Michael L Anderson; PhD", "Michael L. Anderson, PhD", "Michael L. Anderson; PhD"),
    ("Jane Doe", "By Jane Doe.", "Jane Doe"),  # a sentence's full stop is no initial's
])
def test_the_initials_of_a_byline_keep_their_dots(names: str, byline: str, expected: str
                                                 ) -> None:
    assert with_initial_dots(names, byline) == expected


def test_a_newsroom_named_with_the_publisher_is_credited_whole() -> None:
    # gelbe-liste.de, hessenschau.de, br.de: "Redaktion Gelbe Liste Pharmindex",
    # "Redaktion hessenschau.de", "BR24 Redaktion" (both corpora's truth keeps them whole).
    site = ["Gelbe Liste", "gelbe-liste.de"]
    assert clean_authors(["Redaktion Gelbe Liste Pharmindex"], site, keep_publisher=True) == (
        ["Redaktion Gelbe Liste Pharmindex"], None)
    assert clean_authors(["BR24 Redaktion"], site, keep_publisher=True)[0] == ["BR24 Redaktion"]
    assert clean_authors(["Von Redaktion MSM"], site, keep_publisher=True)[0] == ["Redaktion MSM"]
    # A label before a person is no newsroom, and the desk word alone names nobody.
    assert clean_authors(["Redaktion: Anna Müller"], site, keep_publisher=True)[0] == [
        "Anna Müller"]
    assert clean_authors(["Author Redaktion"], site, keep_publisher=True)[0] == []
    # People only: no newsroom.
    assert clean_authors(["BR24 Redaktion"], site)[0] == []


def test_names_in_capitals_are_set_in_readers_case() -> None:
    # AP's metadata names its reporters in capitals (samples/pages.jsonl.gz, apnews.com).
    authors, _ = metadata.choose_authors(
        [["STEVE PEOPLES", "THOMAS BEAUMONT", "AMELIA THOMSON-DEVEAUX"]], ["AP News"])
    assert authors == ["Steve Peoples", "Thomas Beaumont", "Amelia Thomson-Deveaux"]
    # Mixed case stays as written; so does a lone capitalised word (an acronym, a desk).
    assert metadata.choose_authors([["Amelia Thomson-DeVeaux"]], [])[0] == [
        "Amelia Thomson-DeVeaux"]
    assert metadata._name_case("AFP") == "AFP"


def test_a_byline_in_a_teaser_link_or_an_aside_is_another_storys() -> None:
    # spiegel.de (fundus): the related articles under the story are links holding their
    # own "Von ..." bylines; bike-magazin.de: an aside's list of other stories opens one
    # with "Von Kopf bis Fuß: ...". Neither is this page's byline.
    tree = load_html("""<html><body><article><h1>Die Rede des Präsidenten</h1>
<p>Text of the story.</p>
<div data-area="related_articles"><ul><li><a href="/ausland/other-story"><span>
<span>Noch eine Geschichte</span><span>Von Ines Zöttl, Washington</span></span></a></li></ul>
</div></article>
<aside><ul><li><div class="text">Von Kopf bis Fuß: Frost-Schützer für Mountainbiker</div>
</li></ul></aside></body></html>""")
    assert labelled_bylines(tree) == []


def test_a_byline_deep_in_a_long_page_is_found() -> None:
    # heizung.de (tests/pages): the hero's "von Alexander Rosenkranz" comes after some 700
    # list items, paragraphs and spans of navigation.
    page = Path(__file__).parent / "pages" / "heizung.de.waermepumpen_71110325" / "page.html.gz"
    tree = load_html(decode_html(gzip.decompress(page.read_bytes())))
    assert labelled_bylines(tree) == ["Alexander Rosenkranz"]


@pytest.mark.parametrize(("html", "names"), [
    # livenet.ch, autohaus.de: the label after the line's date field
    ('<span class="meta">Datum: 19.11.2021 Autor: Fritz Imhof Quelle: Livenet</span>',
     "Fritz Imhof"),
    # theperspective.com: "Posted on <date> by <name>"
    ('<div class="meta">Posted on September 21, 2020 by Adi Tzlil</div>', "Adi Tzlil"),
    # ejwue.de: the desk label after the date names the author
    ('<div class="timedata">05.02.2020 -\xa0Redaktion: Eberhard Fuhr (Pressesprecher des '
     "EJW)</div>", "Eberhard Fuhr (Pressesprecher des EJW)"),
    # it-for-kids.org, urania.de, pferd-aktuell.de: the date, then the name alone
    ('<p class="text-muted">11.12.2019 - Amelie Loevenich</p>', "Amelie Loevenich"),
    ("<small>04.02.2022 | 13:10 Uhr | Uta Helkenberg</small>", "Uta Helkenberg"),
    # duengebehoerde-niedersachsen.de: the plural label without a colon
    ("<p>Autoren Jelko Djuren und Jutta Klaukien</p>", "Jelko Djuren und Jutta Klaukien"),
    # n-tv.de (fundus): the byline's own line, the date on the next one
    ('<span class="infos"><span>Von Seb Dumitru, Lille</span><br>05.08.2024, 20:59 Uhr</span>',
     "Seb Dumitru, Lille"),
])
def test_bylines_on_meta_lines(html: str, names: str) -> None:
    tree = load_html(f"<html><body><article><h1>Headline of the story</h1>{html}"
                     "<p>Text of the story.</p></article></body></html>")
    assert labelled_bylines(tree) == [names]


@pytest.mark.parametrize("html", [
    "<p>12.05.2021 - Neue Regeln für Mieter</p>",  # a dated headline, no name
    "<p>Datum: 19.11.2021 Ort: Bern</p>",  # another field, no author label
    "<p>Posted on September 21, 2020 by the river</p>",  # lower case: no name
])
def test_meta_lines_without_a_byline(html: str) -> None:
    tree = load_html(f"<html><body><article><h1>Headline</h1>{html}</article></body></html>")
    assert labelled_bylines(tree) == []


_STORY = "<p>" + "A long paragraph of the story that goes on. " * 6 + "</p>"


@pytest.mark.parametrize(("body", "names"), [
    # lestimes.com (fundus): the names in bold under the standfirst, over the text
    (f"<p><em>...as communities cry foul</em></p><p><strong>Mathatisi Sebusi/Mohalenyane "
     f"Phakela</strong></p>{_STORY}{_STORY}", ["Mathatisi Sebusi/Mohalenyane Phakela"]),
    # eishockeynews.de: the name in bold italics under the text
    (f"{_STORY}{_STORY}<p><b><i>Stefan Wasmer</i></b></p>", ["Stefan Wasmer"]),
    # a bold subhead or speaker between paragraphs, a label, a sentence: no signature
    (f"{_STORY}<p><strong>Neue Pläne</strong></p>{_STORY}", []),
    (f"{_STORY}<p><strong>Karin Fischer:</strong></p>{_STORY}", []),
    (f"{_STORY}<p><strong>Über den Autor</strong></p>", []),
    (f"{_STORY}<p><strong>Read the full report here</strong></p>", []),
    # ejwue.de: a heading over a list of links closes the text, no signature
    (f"{_STORY}<p><b>Weitere Informationen</b></p><ul><li>Aktuelle Infos</li></ul>", []),
    # no story text beside it: a name in bold is no signature
    ("<p>Short line.</p><p><strong>Stefan Wasmer</strong></p>", []),
])
def test_names_set_alone_at_either_end_of_the_story_sign_it(body: str, names: list[str]
                                                            ) -> None:
    tree = load_html(f"<html><body><article><h1>Headline</h1>{body}</article></body></html>")
    assert signature_paragraphs(tree) == names


def test_a_signature_in_a_teaser_link_is_another_storys() -> None:
    tree = load_html(f"<html><body><article><h1>Headline</h1>{_STORY}</article><div>"
                     f'<a href="/other">{_STORY}<p><b>Jane Doe</b></p></a></div></body></html>')
    assert signature_paragraphs(tree) == []


_LEAD = "<p>The city council voted on Monday to raise the price of bus tickets by a fifth.</p>"


@pytest.mark.parametrize("body", [
    # a short lead, then a subhead of two capitalised words, then the long text
    f"{_LEAD}<p><strong>Higher Costs</strong></p>{_STORY}{_STORY}",
    f"{_LEAD}<p><strong>New York</strong></p>{_STORY}{_STORY}",
    # the lead image's credit in italics under it
    f"{_LEAD}<p><img src='/bus.jpg'></p><p><em>Getty Images</em></p>{_STORY}{_STORY}",
    f"<p><img src='/bus.jpg'></p><p><em>Picture Alliance</em></p>{_STORY}{_STORY}",
])
def test_a_subhead_or_photo_credit_above_the_long_text_is_no_signature(body: str) -> None:
    html = (f"<html><head><title>Bus tickets cost more</title></head><body><article>"
            f"<h1>Bus tickets cost more</h1>{body}</article></body></html>")
    assert signature_paragraphs(load_html(html)) == []
    from workers.extract import extract_page
    from workers.settings import ExtractSettings

    assert extract_page(html, "https://news.example.com/2024/bus", ExtractSettings()).authors == []


@pytest.mark.parametrize(("html", "names"), [
    # ethify.org, pinkstinks.de, apolut.net: the kind of piece before "von"
    ("<p>Blog Beitrag von Margarita Koreneva</p>", "Margarita Koreneva"),
    ("<p><strong>Eine Kolumne von Nils Pickert</strong></p>", "Nils Pickert"),
    # theplanetarypress.com: "Written by:" before the linked name
    ('<p><em>Written by: <a href="https://example.org/x">Julie Mollins</a></em></p>',
     "Julie Mollins"),
    # aa.com.tr (fundus), elcolombiano.com: the name, then the date or "published"
    ('<div class="row"><span>Sehernur Karsu &nbsp;|</span> <span class="tarih">05.04.2025 - '
     "Güncelleme : 05.04.2025</span></div>", "Sehernur Karsu"),
    ('<div class="autor"><h6>Jacobo Betancur Peláez | Publicado hace 3 horas</h6></div>',
     "Jacobo Betancur Peláez"),
])
def test_bylines_named_by_the_kind_of_piece_or_before_the_date(html: str, names: str) -> None:
    tree = load_html(f"<html><body><article><h1>Headline of the story</h1>{html}"
                     "<p>Text of the story.</p></article></body></html>")
    assert labelled_bylines(tree) == [names]


@pytest.mark.parametrize("html", [
    "<p>Neue Regeln für Mieter | 12.05.2021</p>",  # a dated headline: not a name
    "<p>Startseite | 12.05.2021</p>",  # one word: a label, not a name
    "<p>Ein Bericht von der Messe in Hannover</p>",  # lower case after "von": no name
    "<p>Photos by Jane Doe</p>",  # a photo credit is no byline
])
def test_lines_like_those_bylines_name_nobody(html: str) -> None:
    tree = load_html(f"<html><body><article><h1>Headline</h1>{html}</article></body></html>")
    assert labelled_bylines(tree) == []


@pytest.mark.parametrize(("case", "url", "authors"), [
    # The byline under the standfirst, "Blog Beitrag von ...", where only a user name
    # ("Gespeichert von human") stood before.
    ("ethify.org.vegetarier_19730b0d",
     "https://ethify.org/content/vegetarier-zu-sein-bedarf-trend-oder-eigene-entscheidung",
     ["Margarita Koreneva"]),
    # "Sehernur Karsu | 05.04.2025": no author in the metadata (fundus).
    ("tr_AnadoluAjansi_2025_04_05",
     "https://www.aa.com.tr/tr/ekonomi/turkiyede-elektrikli-arac-sarj-istasyonu-sayisi-11-bini-"
     "asti/3529015", ["Sehernur Karsu"]),
    # "Jacobo Betancur Peláez | Publicado hace 3 horas" beats the publisher the metadata names.
    ("elcolumbiano.com-alcaldia_69b8c856",
     "https://www.elcolombiano.com/antioquia/polemica-por-buses-de-la-alcaldia-en-casa-de-"
     "gustavo-petro-en-la-floresta-EN17385450", ["Jacobo Betancur Peláez"]),
])
def test_real_pages_with_those_bylines(case: str, url: str, authors: list[str]) -> None:
    from workers.extract import extract_page
    from workers.settings import ExtractSettings

    page = Path(__file__).parent / "pages" / case / "page.html.gz"
    html = decode_html(gzip.decompress(page.read_bytes()))
    assert extract_page(html, url, ExtractSettings()).authors == authors
