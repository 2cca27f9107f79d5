"""Titles: the headline a page shows, without the site's name. Each rule is checked on the
real page it was found on (tests/pages/, trafilatura evaluation set, human truth) and on a
small page of the same shape that also fixes where the rule stops."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from trafilatura.utils import load_html

from workers.envelope import decode_html
from workers.metadata import choose_title, read_metadata, strip_site_name

PAGES = Path(__file__).parent / "pages"


def title_of(html: str, url: str) -> str | None:
    tree = load_html(html)
    return choose_title(read_metadata(tree), url)  # no fallback: our readers alone


@pytest.mark.parametrize("name", [
    "wirtschaftspsychologie-aktuell.de.starken_a55c6d69",  # <title> = "Label: <h1>"
    "litradio.net.bossong_fa79260f",  # "Headline › Site"
    "xinhuanet.com.c_1125597921_7c6fc557",  # "Headline！-新华网"
    "be.ch-impfen_79d6a950",  # a <style> element inside the <h1>
    "eluniversal.com-senador_628f9d19",  # og:title cut at an unescaped quotation mark
    "bdzv.de.eliasson_69d35a64",  # "SITE: Headline"
])
def test_real_page_title(name: str) -> None:
    folder = PAGES / name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    html = decode_html(gzip.decompress((folder / "page.html.gz").read_bytes()))
    assert title_of(html, expected["url"]) == expected["title"]


def test_h1_wins_over_a_title_that_only_adds_a_label_when_no_json_ld_names_it() -> None:
    # wirtschaftspsychologie-aktuell.de: og:title and <title> put a topic label before the
    # headline the page shows; nothing else names the longer wording.
    page = """<html><head><title>Stärkenorientierte Führung: Warum Sie die Stärken stärken
sollten</title><meta property="og:title" content="Stärkenorientierte Führung: Warum Sie die
Stärken stärken sollten"></head><body><h1>Warum Sie die Stärken stärken sollten</h1>
<p>Text.</p></body></html>"""
    assert title_of(page, "https://example.de/a") == "Warum Sie die Stärken stärken sollten"
    # With the publisher's JSON-LD headline naming the labelled wording, that wording is the
    # headline (orf.at: "Nach Gaetz-Rückzug: Trump-Anwältin soll ...", see at_ORF_2024_11_22).
    with_ld = page.replace("</head>", """<script type="application/ld+json">{"@type":
"NewsArticle", "headline": "Stärkenorientierte Führung: Warum Sie die Stärken stärken
sollten"}</script></head>""")
    assert title_of(with_ld, "https://example.de/a") == (
        "Stärkenorientierte Führung: Warum Sie die Stärken stärken sollten")


def test_angle_quotes_separate_the_site_name() -> None:
    assert strip_site_name('Interview mit Nora Bossong › Litradio', ["litradio.net"]) == (
        "Interview mit Nora Bossong")
    # Inside a headline (no spaces around it) the sign stays.
    assert strip_site_name("A›B heißt das Stück", ["litradio.net"]) == "A›B heißt das Stück"


def test_a_cjk_site_name_glued_with_a_dash_after_full_width_punctuation() -> None:
    assert strip_site_name("武汉的声音：有英雄的城！-新华网", ["xinhuanet.com"]) == (
        "武汉的声音：有英雄的城！")
    # A longer tail is part of the headline, not a name.
    assert strip_site_name("武汉的声音！-有英勇的你才有英雄的城", ["xinhuanet.com"]) == (
        "武汉的声音！-有英勇的你才有英雄的城")


def test_style_rules_inside_the_heading_are_not_its_text() -> None:
    # be.ch: a CSS-in-JS page puts <style> elements inside the <h1>.
    page = """<html><head><title>Impfen ist bis Ende Februar möglich</title></head><body>
<h1><style>.css-1{font-size:16px;display:block;}</style>Impfen ist bis Ende Februar
möglich</h1><p>Text.</p></body></html>"""
    tree = load_html(page)
    assert read_metadata(tree).h1 == ["Impfen ist bis Ende Februar möglich"]
    assert choose_title(read_metadata(tree), "https://www.be.ch/x") == (
        "Impfen ist bis Ende Februar möglich")


def test_a_metadata_title_cut_at_a_quotation_mark_is_completed() -> None:
    # eluniversal.com: content="... Biden de "incapacitado"" ends the attribute early.
    page = """<html><head><title>Senador califica a Biden de "incapacitado"</title>
<meta property="og:title" content="Senador califica a Biden de "incapacitado"">
</head><body><p>Text.</p></body></html>"""
    assert title_of(page, "https://www.eluniversal.com/x") == (
        'Senador califica a Biden de "incapacitado"')
    # A longer title that goes on without a quotation mark is another wording: og:title stays.
    page = """<html><head><title>Senador califica a Biden de incapaz y pide su renuncia</title>
<meta property="og:title" content="Senador califica a Biden de incapaz"></head>
<body><p>Text.</p></body></html>"""
    assert title_of(page, "https://www.eluniversal.com/x") == (
        "Senador califica a Biden de incapaz")


def test_the_site_name_as_a_label_before_a_colon() -> None:
    assert strip_site_name("BDZV: Olafur Eliasson gestaltet Titelseite", ["bdzv.de"]) == (
        "Olafur Eliasson gestaltet Titelseite")
    assert strip_site_name("DVGW e.V.: Welche Heizung ist klimafreundlich?", ["dvgw.de"]) == (
        "Welche Heizung ist klimafreundlich?")
    # A kicker is no site name, even when a badly set og:site_name contains it
    # (handball.ch sets the whole page title as its site name).
    title = "Cup-Vorschau: Beim BSV Stans freut man sich auf viele Fans"
    assert strip_site_name(title, [f"{title} - Handball Schweiz", "handball.ch"]) == title
