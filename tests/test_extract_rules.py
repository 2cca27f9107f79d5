"""Round 4 body rules: furniture lines, pull quotes, dropped subheads, author notes, captions.

Lines are taken from pages of the dev corpora (fundus test pages, trafilatura's evaluation
set); whole pages that show each rule at work are cases in tests/pages/ (see its README).
"""

from __future__ import annotations

from lxml.html import fromstring

from tests.test_extract_pages import load_case
from workers.boilerplate import drop_boilerplate, is_boilerplate, is_date_stamp
from workers.extract import (
    _with_subheads,
    _with_summary_list,
    _without_author_bio,
    _without_captions,
    _without_pull_quotes,
    extract_page,
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


def _page_paragraphs(case: str) -> list[str]:
    """The paragraphs `extract_page` gives for a page case in tests/pages."""
    html, expected = load_case(case)
    return extract_page(html, expected["url"], SETTINGS).paragraphs


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


# Session 5: summary bullets cut short, caption blocks inside a <figcaption>, subscription
# offers.

BULLETS = [  # Business Insider's summary bullets (fundus us/BusinessInsider_2025_04_01)
    "Emma Roma Jayne struggled with her weight until she got bariatric surgery in 2023.",
    "She lost 130 pounds in two years and experienced some unexpected changes other than the "
    "weight loss.",
    "These changes included her feet shrinking, starting to like avocados, and losing friends.",
]
HEADLINE = "A woman who lost 130 pounds shares 7 changes she wasn't expecting"


def _bullets_page(items: list[str], before_list: str = "") -> object:
    listed = "".join(f"<li>{i}</li>" for i in items)
    return fromstring(f"<html><body><article><h1>{HEADLINE}</h1>{before_list}<div "
                      f"class='post-summary-bullets'><ul>{listed}</ul></div><p>{STORY[0]}</p>"
                      f"<p>{STORY[1]}</p></article></body></html>")


def test_summary_bullets_the_text_kept_one_of_come_back_whole_and_in_order() -> None:
    tree = _bullets_page(BULLETS)
    # trafilatura kept the first bullet, the JSON-LD check dropped the other two.
    kept = [f"- {BULLETS[0]}", STORY[0], STORY[1]]
    assert _with_summary_list(kept, tree, HEADLINE, SETTINGS) == [
        *(f"- {b}" for b in BULLETS), STORY[0], STORY[1]]
    # The middle item missing: it goes back between the others.
    kept = [f"- {BULLETS[0]}", f"- {BULLETS[2]}", STORY[0], STORY[1]]
    assert _with_summary_list(kept, tree, HEADLINE, SETTINGS)[:3] == [f"- {b}" for b in BULLETS]


def test_summary_lists_the_text_kept_none_or_all_of_are_left_alone() -> None:
    tree = _bullets_page(BULLETS)
    # None kept: publishers differ on whether the summary is part of the story.
    assert _with_summary_list([STORY[0], STORY[1]], tree, HEADLINE, SETTINGS) == STORY[:2]
    whole = [*(f"- {b}" for b in BULLETS), STORY[0]]
    assert _with_summary_list(whole, tree, HEADLINE, SETTINGS) == whole


def test_lists_that_are_no_summary_are_not_completed() -> None:
    # Link labels (a "related" list), items that are no sentences, a list in a <nav>.
    links = [f"<a href='/other-{n}'>{b}</a>" for n, b in enumerate(BULLETS)]
    labels = ["Weight loss", "Bariatric surgery", "Health"]
    for items in (links, labels):
        tree = _bullets_page(items)
        kept = [f"- {BULLETS[0] if items is links else labels[0]}", STORY[0], STORY[1]]
        assert _with_summary_list(kept, tree, HEADLINE, SETTINGS) == kept
    tree = fromstring(f"<html><body><h1>{HEADLINE}</h1><nav><ul>"
                      + "".join(f"<li>{b}</li>" for b in BULLETS)
                      + f"</ul></nav><p>{STORY[0]}</p></body></html>")
    kept = [f"- {BULLETS[0]}", STORY[0]]
    assert _with_summary_list(kept, tree, HEADLINE, SETTINGS) == kept
    # A list inside the story (below its lead and a paragraph of its body) is the story's
    # own, not its summary.
    tree = fromstring(f"<html><body><article><h1>{HEADLINE}</h1><p>{STORY[0]}</p>"
                      f"<p>{STORY[1]}</p><ul>" + "".join(f"<li>{b}</li>" for b in BULLETS)
                      + "</ul></article></body></html>")
    kept = [STORY[0], STORY[1], f"- {BULLETS[0]}"]
    assert _with_summary_list(kept, tree, HEADLINE, SETTINGS) == kept


def test_a_caption_block_inside_a_figcaption_is_dropped() -> None:
    # As on Kommersant: the caption's text and its credit in blocks of one <figcaption>.
    caption = "Российские переговорщики объяснялись за закрытыми ртами"
    tree = _page(f"<p>{STORY[0]}</p><figure><img src='a.jpg'><figcaption><p>{caption}</p>"
                 f"<p>Фото: Дмитрий Азаров, Коммерсантъ</p></figcaption></figure>"
                 f"<p>{STORY[1]}</p>")
    assert _without_captions([STORY[0], caption, STORY[1]], tree) == STORY[:2]


def test_captions_that_are_most_of_the_text_or_a_header_stay() -> None:
    # A gallery tells its story in captions; a <figcaption> holding the headline and lead
    # (a page's opening picture with its header) is no caption.
    items = [f"{STORY[0]} ({n})" for n in range(3)]
    tree = _page("".join(f"<figure><figcaption><p>{i}</p></figcaption></figure>" for i in items)
                 + "<p>Fotos: dpa</p>")
    assert _without_captions([*items, "Fotos: dpa"], tree) == [*items, "Fotos: dpa"]
    tree = _page(f"<figure><figcaption><h1>Bahn</h1><p>{STORY[0]}</p></figcaption></figure>"
                 f"<p>{STORY[1]}</p>")
    assert _without_captions(STORY[:2], tree) == STORY[:2]


def test_subscription_offers_are_boilerplate() -> None:
    for line in [
        "Stay informed with The Namibian – your source for credible journalism. Get in-depth "
        "reporting and opinions for only N$85 a month. Invest in journalism, invest in democracy –",
        "Informieren Sie sich durch die junge Welt: Testen Sie für zwei Wochen die gedruckte "
        "Zeitung. Sie bekommen sie kostenlos in Ihren Briefkasten.",
        "Anadolu Ajansı web sitesinde, AA Haber Akış Sistemi (HAS) üzerinden abonelere sunulan "
        "haberler, özetlenerek yayımlanmaktadır. Abonelik için lütfen iletişime geçiniz.",
    ]:
        assert is_boilerplate(line), line


def test_story_lines_about_subscriptions_are_kept() -> None:
    for line in [
        "Netflix abonelik için yeni fiyatlarını açıkladı: aylık ücret 149 liraya çıktı.",
        "The new ad-supported tier will be available for just $6.99 a month.",
        "Die Verbraucherzentrale rät: Testen Sie Ihren Rauchmelder einmal im Monat.",
        "Investors poured money into journalism start-ups last year.",
    ]:
        assert not is_boilerplate(line), line


def test_date_stamp_lines_in_several_languages() -> None:
    for line in [  # dateline stamps from fundus pages (design half)
        "- Veröffentlicht am 13. Mai 2026 um 15:44",
        "Uppdaterad 15.59 | Publicerad 14.14",
        "20 Nisan 2026•Güncelleme: 20 Nisan 2026",
        "10.11.2025 17:59",
        "17:41 JST, October 13, 2024",
        "- Publicado: Jueves, 21 Abril 2022 04:45",
    ]:
        assert is_date_stamp(line), line
    for line in [  # a number is no date without a month's name; other words make a sentence
        "Tannwaldstr. 2, 4600",
        "10 Folgen, 2016",
        "Der Preis: 12.50 Euro",
        "Am 13. Mai 2026 um 15:44 begann die Sitzung.",
        "Erschienen am:",
    ]:
        assert not is_date_stamp(line), line


def test_date_stamps_are_dropped_at_the_head_and_end_only() -> None:
    story = [*STORY, "Veröffentlicht am 16.08.2019", "Die Sitzung dauerte vier Stunden."]
    assert drop_boilerplate(["Veröffentlicht am 16.08.2019", *story]) == story
    assert drop_boilerplate([STORY[0], "10.11.2025 17:59", *STORY[1:]]) == STORY
    assert drop_boilerplate([*STORY, "Stand: 22.04.2024, 06:00 Uhr"]) == STORY
    # Inside the text a stamp line can be the story's (a podcast's episode list): kept.
    assert drop_boilerplate(story) == story


# Session 6 (structure): related-link lines, captions in an image's own block, quote-box
# attributions. The markup below is cut down from fundus pages of the design half (BR,
# Hamburger Abendblatt, Les Echos, Express, The Gateway Pundit, Tagesspiegel); whole pages
# are cases in tests/pages/ (see its README).
SITE_PAGE = "https://www.example-news.de/politik/story-123.html"


def _story_page(blocks: str) -> object:
    return fromstring(f"<html><body><article><h1>Bahn</h1>{blocks}</article></body></html>")


def test_a_line_that_is_one_link_to_another_page_of_the_site_is_dropped() -> None:
    from workers.extract import _without_link_lines

    tree = _story_page(
        f"<p>{STORY[0]}</p>"
        "<ul><li>Zum Artikel: <a href='/wirtschaft/tarifrunde-100.html'>Tarifrunde im ÖPNV: "
        "Das wird verhandelt</a></li></ul>"
        "<ul><li><strong>„Über manches irritiert“: </strong><a href='https://www.example-news"
        ".de/politik/article1.html'>Klingbeil greift Klöckner an</a></li></ul>"
        f"<p>{STORY[1]}</p>"
        "<p>&gt; <a href='https://example-news.de/monde/a.html'>A Milwaukee, JD Vance trace sa "
        "vision de l'Amérique</a></p>")
    text = [STORY[0], "- Zum Artikel: Tarifrunde im ÖPNV: Das wird verhandelt",
            "- „Über manches irritiert“: Klingbeil greift Klöckner an", STORY[1],
            "> A Milwaukee, JD Vance trace sa vision de l'Amérique"]
    assert _without_link_lines(text, tree, SITE_PAGE, SETTINGS) == STORY[:2]


def test_links_to_other_sites_sentences_ending_in_a_link_and_shown_headings_stay() -> None:
    from workers.extract import _without_link_lines

    heading = "Meghan Markle 'turned and hissed' at a staffer leaving her in 'tears'"
    sentence = "Die Regierung verweist auf den Bericht des Ministeriums vom Dienstag"
    tree = _story_page(
        f"<p>{STORY[0]}</p>"
        "<p><a href='https://www.destatis.de/bericht.html'>Statistisches Bundesamt: Bericht "
        "zur Lage</a></p>"  # a source on another site
        "<p>Die Regierung verweist auf <a href='/bericht-100.html'>den Bericht des "
        "Ministeriums vom Dienstag</a></p>"  # a sentence, no label before its link
        "<p><a href='#kommentare'>Zu den Kommentaren</a></p>"  # a place on this page
        f"<ul><li><a href='/news/royal/1924740/meghan.html'>{heading}</a></li></ul>"
        f"<h3>{heading}</h3><p>{STORY[1]}</p>")  # a live blog's entry heading, also linked
    text = [STORY[0], "Statistisches Bundesamt: Bericht zur Lage", sentence,
            "Zu den Kommentaren", heading, STORY[1]]
    assert _without_link_lines(text, tree, SITE_PAGE, SETTINGS) == text


def test_a_caption_in_an_images_own_block_is_dropped() -> None:
    from workers.extract import _without_image_captions

    tree = _story_page(
        f"<p>{STORY[0]}</p>"
        "<p><img src='/a.jpg' width='1169'><br><em>Bryan Kohberger enters Idaho courtroom</em>"
        "</p>"
        "<p><a href='/b.jpg'><img src='/b-small.jpg'></a><br><small>Bethany Funke (R)</small></p>"
        f"<p>{STORY[1]}</p>")
    text = [STORY[0], "Bryan Kohberger enters Idaho courtroom", "Bethany Funke (R)", STORY[1]]
    assert _without_image_captions(text, tree, SETTINGS) == STORY[:2]


def test_text_beside_an_inline_image_and_emphasis_without_an_image_stay() -> None:
    from workers.extract import _without_image_captions

    tree = _story_page(
        f"<p><img src='/icon.png'> {STORY[0]}</p>"  # a paragraph with an inline picture
        f"<p><em>{STORY[1]}</em></p>"  # emphasis, no image
        "<p><img src='/c.jpg'><em>Zwei Worte</em> und mehr Text der Geschichte.</p>")
    text = [STORY[0], STORY[1], "Zwei Worte und mehr Text der Geschichte."]
    assert _without_image_captions(text, tree, SETTINGS) == text


def test_a_quote_boxs_attribution_is_dropped() -> None:
    from workers.extract import _without_quote_attributions

    tree = _story_page(
        f"<p>{STORY[0]}</p>"
        "<div class='q'><blockquote>Der Klimawandel lieferte den Trend.</blockquote>"
        "<div><figure><img src='/haustein.jpg'></figure></div>"
        "<p><strong>Karsten Haustein</strong>, Universität Leipzig</p></div>"
        f"<p>{STORY[1]}</p>")
    text = [STORY[0], "Karsten Haustein, Universität Leipzig", STORY[1]]
    assert _without_quote_attributions(text, tree, SETTINGS) == STORY[:2]


def test_paragraphs_after_a_quote_in_the_story_or_a_longer_box_stay() -> None:
    from workers.extract import _without_quote_attributions

    tree = fromstring(
        f"<html><body><article><p>{STORY[0]}</p><blockquote>Ein Zitat.</blockquote>"
        f"<p>{STORY[1]}</p><div><blockquote>Noch ein Zitat.</blockquote><p>{STORY[2]}</p>"
        "<p>Ein weiterer Absatz der Geschichte.</p></div></article></body></html>")
    text = [STORY[0], STORY[1], STORY[2], "Ein weiterer Absatz der Geschichte."]
    assert _without_quote_attributions(text, tree, SETTINGS) == text


def test_quote_attributions_on_a_real_page_are_dropped() -> None:
    paragraphs = _page_paragraphs("de_Tagesspiegel_2024_04_29")
    assert "Karsten Haustein, Universität Leipzig" not in paragraphs
    assert not any(p.startswith("Samantha Burgess, stellvertretende") for p in paragraphs)
    assert any(p.startswith("Darauf verweist auch die stellvertretende") for p in paragraphs)


# --- session 6, line patterns: appeals, live-blog pointers, teaser labels, credit lines ---

def test_session_six_furniture_lines_are_boilerplate() -> None:
    for line in [  # lines left in the text on pages of the design halves
        "Mehr zur Lage im Nahen Osten lesen Sie in unserem Liveblog:",
        "Aktuelle Meldungen zu Russlands Angriff auf die Ukraine finden Sie jederzeit in "
        "unserem Liveblog:",
        "Watch: Kiev overrun by protesting crowds.",
        "- Zum Artikel: Tarifrunde im ÖPNV: Das wird verhandelt",
        "ssi, dan; Foto [M]: Shutterstock; Erstveröffentlichung: 4.4.18",
        "SDA/sep",
        "Empfohlener redaktioneller Inhalt",
        "Dieses Thema im Programm: MDR THÜRINGEN - Das Radio | Nachrichten | 28. April 2023 | "
        "10:00 Uhr",
        "| Weitere Artikel zum Thema |",  # a one-cell table row
        # the newsroom's appeal for tips
        "Sie arbeiten an einer deutschen Hochschule oder Sicherheitsbehörden und haben Hinweise "
        "zum Themengebiet? Melden Sie vertraulich und sicher via Signal bei unserem Reporter: "
        "tilleckert.90",
        "O conhecimento liberta. Saiba mais. Siga-nos no Telegram.",
        # appeals for the reader's support
        "KATAPULT ist gemeinnützig und unabhängig. Wir finanzieren uns durch Spenden und Abos. "
        "Unterstütze unsere Arbeit und abonniere das Magazin gedruckt oder als E-Paper ab 19,90 "
        "Euro im Jahr!",
        "Helfen Sie mit, unseren Journalismus auch in Zukunft möglich zu machen! Jetzt mit "
        "wenigen Klicks unterstützen!",
        "Bereits mit 2,50 Euro, kannst du unsere Arbeit unterstützen und dazu beitragen, das "
        "erste Online-Lifestylemagazin für Schwarze Frauen im deutschsprachigen Raum zu "
        "gewährleisten.",
        "Um zukünftig unabhängiger von Werbeeinnahmen zu sein und um dir noch mehr und noch "
        "bessere Inhalte zu liefern, brauchen wir deine Unterstützung.",
        # longer than SHORT: the opening question to the reader marks the appeal
        "Gefällt dir unser Klettermagazin? Bei der Lancierung von LACRUX haben wir entschieden, "
        "keine Bezahlschranke (Paywall) einzuführen. Das wird auch so bleiben, denn wir möchten "
        "möglichst viele Gleichgesinnte mit News aus der Kletterszene versorgen.",
        # the kinds of appeal named in issue 3's review, in the words pages use
        "Do you have a story? Contact us",
        "Sie haben Hinweise? Schreiben Sie uns an die Redaktion.",
    ]:
        assert is_boilerplate(line), line


def test_story_lines_resembling_session_six_furniture_are_kept() -> None:
    for line in [
        # a police appeal quoted in a story (the evaluation set's truth keeps it)
        "Die Polizei ermittelt nun wegen Nötigung und bittet Zeugen darum, Hinweise unter der "
        "Telefonnummer 0631-3692150 zu melden.",
        "Lesen Sie dazu auch die Pressemitteilungen:",  # kept by the evaluation set's truth
        "Vor allem freuen wir uns, wenn Dir unsere Podcasts gefallen, Du sie abonnierst und uns "
        "Feedback gibst.",  # kept by the evaluation set's truth
        "If you enjoyed our roundup about Artificial Intelligence and Machine Learning Industry "
        "News, share it.",
        "SRF News: Mehrere Staaten haben Israel unterstützt und Drohnen und Raketen abgefangen. "
        "Wie wichtig war dabei die Unterstützung der USA?",
        "Reuters could not independently determine if the Israeli tank crew knew it was firing "
        "on journalists.",
        "Watchdogs: the regulator has opened an inquiry.",
        "Die Sendung lief am Sonntagabend im Ersten.",
        "Die Zeitung berichtete in ihrem Liveblog, dass die Brücke gesperrt bleibt.",
        "Die Stadt unterstützt die Vereine mit 40.000 Euro im Jahr.",
        "| Jahr | Umsatz |",  # a table row of two cells is the story's table
    ]:
        assert not is_boilerplate(line), line


def test_a_closing_credit_is_dropped_only_as_the_last_line() -> None:
    from workers.boilerplate import is_closing_credit

    assert is_closing_credit("MDR (Engin Haupt, Alisa Sonntag)")
    assert not is_closing_credit("Die MDR-Reporter (Engin Haupt, Alisa Sonntag) waren vor Ort.")
    assert drop_boilerplate([*STORY, "MDR (Engin Haupt, Alisa Sonntag)"]) == STORY
    # Inside the text such a line can be a heading of the story's own.
    heading = [STORY[0], "NATO (North Atlantic Treaty Organization)", *STORY[1:]]
    assert drop_boilerplate(heading) == heading


def test_session_six_lines_leave_real_pages() -> None:
    """Pages already in tests/pages/ for other rules also carry these lines (they failed
    before the session 6 patterns)."""
    for case, line in [
        ("de_Correctiv_2026_05_24", "Sie arbeiten an einer deutschen Hochschule oder "
         "Sicherheitsbehörden und haben Hinweise zum Themengebiet? Melden Sie vertraulich und "
         "sicher via Signal bei unserem Reporter: tilleckert.90"),
        ("ch_TagesAnzeiger_2024_09_04", "SDA/sep"),
        ("us_TheGatewayPundit_2026_07_19", "Watch: Kiev overrun by protesting crowds."),
        ("de_Tagesspiegel_2024_04_29", "Empfohlener redaktioneller Inhalt"),
        ("de_ZDF_2025_11_07", "Aktuelle Meldungen zu Russlands Angriff auf die Ukraine finden "
         "Sie jederzeit in unserem Liveblog:"),
    ]:
        assert line not in _page_paragraphs(case), case


def test_download_links_and_long_browser_notices_are_boilerplate() -> None:
    for line in [
        "Informationsschreiben vom 14. Oktober 2021PDF | 38 KB | Datei ist nicht barrierefrei",
        "Hochauflösendes Bild (jpeg, 1MB)",
        "Thank you for visiting nature.com. You are using a browser version with limited support "
        "for CSS. To obtain the best experience, we recommend you use a more up to date browser "
        "(or turn off compatibility mode in Internet Explorer). In the meantime, to ensure "
        "continued support, we are displaying the site without styles and JavaScript.",
    ]:
        assert is_boilerplate(line), line
    for line in [
        "Der Hersteller verspricht 12 MB Cache und eine Akkulaufzeit von zehn Stunden.",
        "Die Datei im Format PDF ist 38 Seiten lang und wurde am Montag veröffentlicht.",
        "Security researchers said users who cannot update their browser yet should disable the "
        "plug-in. The flaw affects versions released since March, and a patch is expected "
        "within two weeks, the company said on Tuesday in a statement to customers and "
        "partners.",
    ]:
        assert not is_boilerplate(line), line


def test_dated_related_items_go() -> None:
    """A related item whose date sits in a block of its own before the link (junge Welt's
    "19.03.2024" over "Fahndung nach Verrätern") comes out of the extractor as one line."""
    from workers.extract import _without_link_lines

    tree = _story_page(
        f"<p>{STORY[0]}</p><p>{STORY[1]}</p>"
        "<ul><li><header><div class='date'>19.03.2024</div><h3><a href='/artikel/471679.html'>"
        "Fahndung nach Verrätern</a></h3><div class='teaser'>Strack-Zimmermann will ...</div>"
        "</header></li>"
        "<li><div>May 06, 2022</div><a href='https://example-news.de/news/b.html'>Dam breaks "
        "in the north</a></li></ul>")
    text = [*STORY[:2], "- 19.03.2024 Fahndung nach Verrätern",
            "May 06, 2022 Dam breaks in the north"]
    assert _without_link_lines(text, tree, SITE_PAGE, SETTINGS) == STORY[:2]


def test_a_date_before_a_link_to_another_site_or_a_shown_heading_stays() -> None:
    from workers.extract import _without_link_lines

    tree = _story_page(
        f"<p>{STORY[0]}</p>"
        "<p>19.03.2024 <a href='https://www.bundestag.de/protokoll.html'>Protokoll der "
        "Sitzung</a></p>"  # a source on another site
        "<ul><li><a href='/live/eintrag-2.html'>Minister tritt zurück</a></li></ul>"
        "<h3>Minister tritt zurück</h3>"  # a live entry's heading: shown unlinked too
        "<p>Der Minister hat am Mittag seinen Rücktritt erklärt, wie ein Sprecher sagte.</p>"
        # a date and a linked word inside a sentence: more than a date before the link
        "<p>Am 19.03.2024 sagte <a href='/person/ministerin.html'>die Ministerin</a></p>")
    text = [STORY[0], "19.03.2024 Protokoll der Sitzung", "12:30 Minister tritt zurück",
            "Der Minister hat am Mittag seinen Rücktritt erklärt, wie ein Sprecher sagte.",
            "Am 19.03.2024 sagte die Ministerin"]
    assert _without_link_lines(text, tree, SITE_PAGE, SETTINGS) == text


def test_agency_notes_and_citation_suggestions_are_boilerplate() -> None:
    for line in [
        "Mit Agenturmaterial.",  # NZZ, under the story
        "Mit Material von dpa und AFP",
        "mit Material der Nachrichtenagenturen",
        # LTO's suggestion how to cite the page
        "Waffenlieferungen an Israel: . In: Legal Tribune Online, 20.10.2025 , "
        "https://www.lto.de/persistent/a_id/58420 (abgerufen am: 20.10.2025 )",
    ]:
        assert is_boilerplate(line), line
    for line in [
        "Mit Material aus der Region wird gebaut, sagte er.",
        "Mit Material von Holz und Stein.",
        "Die Daten wurden am 3. Mai abgerufen und ausgewertet.",
    ]:
        assert not is_boilerplate(line), line


def test_session_six_b_lines_leave_real_pages() -> None:
    """The three pages carry a dated related-items list, an agency note and a citation
    suggestion (they stood in the text before these rules)."""
    for case, line in [
        ("de_JungeWelt_2024_04_26", "- 19.03.2024 Fahndung nach Verrätern"),
        ("ch_NZZ_2024_07_18", "Mit Agenturmaterial."),
        ("de_LTO_2025_10_20", "Waffenlieferungen an Israel: . In: Legal Tribune Online, "
         "20.10.2025 , https://www.lto.de/persistent/a_id/58420 (abgerufen am: 20.10.2025 )"),
    ]:
        paragraphs = _page_paragraphs(case)
        assert line not in paragraphs, case
        assert len(paragraphs) >= 5, case  # the story itself stays


def test_a_timeline_entry_stays_when_a_sidebar_links_the_same_words() -> None:
    """A timeline story's dated entries are its text: the same headline linked from a
    related-stories box elsewhere on the page does not make the entry a related link."""
    from workers.extract import _without_link_lines

    entries = ["12.03.2024 – Bundestag beschließt den Haushalt",
               "19.03.2024 – Der Finanzminister tritt zurück"]
    tree = fromstring(
        f"<html><body><article><h1>Bahn</h1><p>{STORY[0]}</p>"
        + "".join(f"<p>{entry}</p>" for entry in entries)
        + f"<p>{STORY[1]}</p></article><aside><h3>Mehr zum Thema</h3><ul><li>"
        "<a href='/politik/bundestag-beschliesst-haushalt.html'>Bundestag beschließt den "
        "Haushalt</a></li></ul></aside></body></html>")
    text = [STORY[0], *entries, STORY[1]]
    assert _without_link_lines(text, tree, SITE_PAGE, SETTINGS) == text


# --- session 7: a story split over sibling blocks ------------------------------------------



def _opening(paragraphs: list[str], words: str) -> int:
    """Index of the first paragraph opening with `words`; the test fails without one."""
    found = [i for i, p in enumerate(paragraphs) if p.startswith(words)]
    assert found, words
    return found[0]


def test_an_interview_split_over_modules_comes_back_whole_and_in_order() -> None:
    """iconmagazine.de's interview sits in editorial modules between photos, each a
    `div.text-text`; trafilatura kept one module (eight paragraphs). The other modules' text
    comes back in page order around it, questions included; the photo captions between the
    modules (another block shape) stay out."""
    paragraphs = _page_paragraphs("iconmagazine.de.sharonstone_c8966ee4")
    order = [_opening(paragraphs, words) for words in (
        "Es gibt Ereignisse, die",                          # the first module, above
        "Hat der Schlaganfall Ihre Persönlichkeit verändert?",  # a short question
        "Ich war zehn Jahre lang",
        "Welche Rolle hat Sie an Ihre Grenzen gebracht?",   # the module trafilatura kept
        "Gott weiß, dass ich Sex in meinem Leben hatte.",   # its last paragraph
        "Der wichtigste Mann in Ihrem Leben",               # the modules below it
        "Dasselbe wie allen, deren Karriere",               # the interview's last answer
    )]
    assert order == sorted(order)
    assert order[-1] == len(paragraphs) - 1
    assert not any(p.startswith(("Pyjama mit passendem Kimono", "Kleid und Fascinator"))
                   for p in paragraphs)


def test_the_next_story_below_is_not_a_sibling_block() -> None:
    """Dagbladet loads the next story below this one in a second <article> with blocks of the
    same class: another story's blocks, not more of this one."""
    paragraphs = _page_paragraphs("no_Dagbladet_2026_01_06")
    assert not any(p.startswith("Mandag kveld og tirsdag morgen begynte ryktene")
                   for p in paragraphs)
    assert len(paragraphs) >= 5


SIBLING_PAGE = """<html><body><main><article><h1>Bahn</h1>
<div class="module"><p>{0}</p><p>{1}</p></div>
<figure><img src="a.jpg"><figcaption>Ein Zug im Bahnhof, Foto: Archiv.</figcaption></figure>
<div class="module"><p>{2}</p><p>{3}</p><p>Wann beginnt der Bau?</p></div>
<div class="module"><p>{4}</p></div>
<div class="caption"><p>{5}</p><p>{6}</p></div>
</article>
<article><h1>Andere Meldung</h1><div class="module"><p>{7}</p><p>{8}</p></div></article>
</main></body></html>"""
SIBLING_TEXTS = [
    "Die Regierung hat am Dienstag ein neues Gesetz zur Förderung der Bahn beschlossen.",
    "Nach Angaben des Ministeriums sollen bis 2030 rund 40 Milliarden Euro in das Netz fliessen.",
    "Kritik kam von der Opposition, die den Plan für zu wenig ehrgeizig hält, wie sie sagte.",
    "Die Gewerkschaften begrüssten dagegen die Zusagen für mehr Personal in den Stellwerken.",
    "Wie die Nachbarländer ihre Bahnnetze finanzieren, zeigt ein Vergleich der Kosten.",
    "Der Bahnhof von Erfurt am Morgen nach der Eröffnung der neuen Strecke nach Berlin.",
    "Der Minister bei der Vorstellung des Plans in Berlin, umringt von Journalisten.",
    "In Hamburg hat die Polizei am Mittwoch einen Mann nach einem Überfall festgenommen.",
    "Der Mann soll eine Tankstelle im Stadtteil Altona überfallen haben, teilte sie mit.",
]


def test_a_sibling_block_of_the_story_comes_back_in_page_order() -> None:
    """The extractor kept the first module; the second (same tag and class in the same
    <article>, two long sentences) comes back after it with its short question. Not: a
    module of one paragraph (a teaser's shape), a block of another class (captions), the
    same class in another <article> (the next story)."""
    from workers.extract import _with_sibling_blocks

    tree = fromstring(SIBLING_PAGE.format(*SIBLING_TEXTS))
    kept = SIBLING_TEXTS[:2]
    assert _with_sibling_blocks(kept, tree, SETTINGS) == [
        *kept, SIBLING_TEXTS[2], SIBLING_TEXTS[3], "Wann beginnt der Bau?"]
    # Put back before the kept text when the page shows it first.
    kept = SIBLING_TEXTS[2:4]
    assert _with_sibling_blocks(kept, tree, SETTINGS) == [*SIBLING_TEXTS[:2], *kept]


def test_sibling_blocks_need_a_kept_block_of_two_paragraphs_and_story_like_text() -> None:
    from workers.extract import _with_sibling_blocks

    tree = fromstring(SIBLING_PAGE.format(*SIBLING_TEXTS))
    # One kept paragraph a block says nothing about the story's block shape.
    single = [SIBLING_TEXTS[0], "Eine Zeile aus einem anderen Block der Seite."]
    assert _with_sibling_blocks(single, tree, SETTINGS) == single
    # Link labels are no story text: a module of links stays out.
    links = "<p><a href='/a'>{2}</a></p><p><a href='/b'>{3}</a></p>"
    linked = fromstring(SIBLING_PAGE.replace("<p>{2}</p><p>{3}</p>", links).format(*SIBLING_TEXTS))
    kept = SIBLING_TEXTS[:2]
    assert _with_sibling_blocks(kept, linked, SETTINGS) == kept


def test_the_next_story_in_a_sibling_article_is_not_a_sibling_block() -> None:
    """Infinite scroll with each story's <p>s right inside its <article>: the next story's
    <article> has the shape of the one trafilatura kept (same tag, and class or parent) but
    is a story of its own. (Session 7 appended it to this one: extract_page gave the
    Hamburg robbery after the rail story.)"""
    from workers.extract import _with_sibling_blocks

    this, other = SIBLING_TEXTS[:4], [
        *SIBLING_TEXTS[7:9],
        "Er wurde nach Angaben der Ermittler noch am Abend einem Haftrichter vorgeführt."]
    for attributes in ("", ' class="post"'):
        page = "".join(
            f"<article{attributes}><h2>{title}</h2>{''.join(f'<p>{p}</p>' for p in texts)}"
            "</article>" for title, texts in (("Bahn", this), ("Überfall", other)))
        tree = fromstring(f"<html><body><main>{page}</main></body></html>")
        assert _with_sibling_blocks(this, tree, SETTINGS) == this
    # Blocks inside the story's <article> still come back.
    page = (f"<article><div><p>{this[0]}</p><p>{this[1]}</p></div><figure>Foto</figure>"
            f"<div><p>{this[2]}</p><p>{this[3]}</p></div></article>")
    tree = fromstring(f"<html><body><main>{page}</main></body></html>")
    assert _with_sibling_blocks(this[:2], tree, SETTINGS) == this


# --- session 8: the page's kicker and headline kept as the text's first lines ---

KICKER_PAGE = """<html><body><article>
<div class="header"><p class="kicker">{kicker}</p><h1>{headline}</h1></div>
<div class="body">{story}</div></article></body></html>"""
HEADLINE = "Stadtrat beschließt neues Konzept für die Straßenbahn im Süden"
KICKER_STORY = [
    "Der Stadtrat hat am Dienstagabend mit großer Mehrheit ein neues Konzept beschlossen.",
    "Die Verwaltung soll bis zum Herbst einen Zeitplan für den Bau der Strecke vorlegen.",
    "Kritik kam vor allem aus den Reihen der Opposition, die höhere Kosten befürchtet.",
]


def _kicker_tree(kicker: str):
    story = "".join(f"<p>{p}</p>" for p in KICKER_STORY)
    return fromstring(KICKER_PAGE.format(kicker=kicker, headline=HEADLINE, story=story))


def test_kicker_and_headline_shown_above_the_story_go() -> None:
    from workers.extract import _without_kicker_and_headline

    for kicker in ("Verkehr", "MOBILITÄT:"):
        text = [kicker, HEADLINE, *KICKER_STORY]
        assert _without_kicker_and_headline(text, _kicker_tree(kicker), HEADLINE,
                                            SETTINGS) == KICKER_STORY


def test_lines_before_the_headline_that_are_no_kicker_keep_it() -> None:
    """The headline stays when a line before it is a sentence, is longer than a label, or
    is not shown just above the <h1> (a meta line in another header, as on ethify.org,
    where the evaluation set's truth keeps the headline repeated in the body)."""
    from workers.extract import _without_kicker_and_headline

    sentence = "Die Stadt wächst."
    text = [sentence, HEADLINE, *KICKER_STORY]
    assert _without_kicker_and_headline(text, _kicker_tree(sentence), HEADLINE,
                                        SETTINGS) == text
    long_label = "Verkehr " * 10
    text = [long_label.strip(), HEADLINE, *KICKER_STORY]
    assert _without_kicker_and_headline(text, _kicker_tree(long_label.strip()), HEADLINE,
                                        SETTINGS) == text
    elsewhere = ["Gespeichert von Redaktion am", HEADLINE, *KICKER_STORY]
    assert _without_kicker_and_headline(elsewhere, _kicker_tree("Verkehr"), HEADLINE,
                                        SETTINGS) == elsewhere
    # The headline later in the text (a story quoting its own title) is not the header.
    late = [*KICKER_STORY[:2], HEADLINE, KICKER_STORY[2]]
    assert _without_kicker_and_headline(late, _kicker_tree(KICKER_STORY[0]), HEADLINE,
                                        SETTINGS) == late


def test_real_pages_lose_kicker_and_headline_and_keep_their_story() -> None:
    paragraphs = _page_paragraphs("gl_Sermitsiaq_2025_04_16")
    assert "MENINGSMÅLING:" not in paragraphs
    assert "Múte B. Egede om meningsmåling: Status quo er ikke en mulighed" not in paragraphs
    # The standfirst and the story's first paragraph open the text.
    assert paragraphs[0].startswith("Formand for Naalakkersuisut har noteret sig")
    assert paragraphs[1].startswith("Et stort flertal af den grønlandske befolkning")
    paragraphs = _page_paragraphs("lu_Tageblatt_2026_01_13")
    assert "Vierschanzentournee" not in paragraphs
    assert paragraphs[0].startswith("Ein zu kurzer Anzug, eine zweite Sohle im Socken")
    # The kicker's word stays where the story says it.
    assert any("während der Vierschanzentournee die Runde" in p for p in paragraphs)
    # A meta line in another header than the <h1>'s: the headline the body repeats stays.
    paragraphs = _page_paragraphs("ethify.org.vegetarier_19730b0d")
    assert "Vegetarier zu sein. Bedarf, Trend oder eigene Entscheidung?" in paragraphs[:3]
