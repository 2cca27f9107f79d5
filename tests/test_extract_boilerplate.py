"""Structural boilerplate patterns and the repetition-learned SiteBoilerplate."""

from __future__ import annotations

from workers.boilerplate import SiteBoilerplate, drop_boilerplate, is_boilerplate, stale_keys
from workers.settings import ExtractSettings

STORY = [
    "The council approved the new budget on Tuesday after a long debate.",
    "Opposition members said the plan cut too deeply into local services.",
]


def test_prompts_in_several_languages_are_boilerplate() -> None:
    for line in ["Sign up to our free daily newsletter",
                 "Lesen Sie auch: Was die neue Regierung plant",
                 "Jetzt kostenlos registrieren und weiterlesen",
                 "À lire aussi : la réforme des retraites",
                 "Czytaj także: Nowy rząd zaprzysiężony",
                 "Download our free app for the latest news",
                 "© 2024 Example Media Ltd. All rights reserved.",
                 "Foto: Max Mustermann/dpa",
                 "Share this article"]:
        assert is_boilerplate(line), line


def test_story_sentences_are_not_boilerplate() -> None:
    for line in [*STORY,
                 "The app was downloaded a million times in its first week, the company said.",
                 "Subscribers to the service were told their data had been exposed.",
                 # A long paragraph that mentions cookies is story text.
                 "The regulator fined the company for setting cookies without consent, saying "
                 "that millions of users had been tracked across websites for years without "
                 "being told, and ordered it to delete the data it had collected from them."]:
        assert not is_boilerplate(line), line


def test_drop_boilerplate_never_empties() -> None:
    assert drop_boilerplate(["Share this article"]) == ["Share this article"]
    assert drop_boilerplate([*STORY, "Share this article"]) == STORY


def settings(min_pages: int = 3) -> ExtractSettings:
    return ExtractSettings(site_boilerplate_min_pages=min_pages)


def test_a_paragraph_on_many_pages_of_a_site_is_dropped() -> None:
    store: dict[str, bytes] = {}
    cleaner = SiteBoilerplate(store, settings(min_pages=3))
    furniture = "Our journalism is funded by readers like you."
    for page in range(3):  # seen on three earlier pages: kept each time
        story = [f"Story number {page} begins here with its own facts.", furniture]
        assert cleaner.clean("news.example", story, now=1000.0 + page) == story
    fourth = ["A fourth story about something else entirely.", furniture]
    assert cleaner.clean("news.example", fourth, now=2000.0) == fourth[:1]
    # Another site never saw it.
    other = ["A story on another site.", furniture]
    assert cleaner.clean("other.example", other, now=2001.0) == other


def test_the_same_page_again_does_not_count_twice() -> None:
    cleaner = SiteBoilerplate({}, settings(min_pages=2))
    page = ["Only story paragraph of this page, repeated on redelivery."]
    for _ in range(5):
        assert cleaner.clean("news.example", page, now=1.0, page_id=42) == page


def test_never_empties_an_article() -> None:
    cleaner = SiteBoilerplate({}, settings(min_pages=1))
    page = ["Short story that the site republishes verbatim."]
    cleaner.clean("news.example", page, now=1.0, page_id=1)
    assert cleaner.clean("news.example", page, now=2.0, page_id=2) == page


def test_store_stays_small_and_known_boilerplate_is_not_rewritten() -> None:
    store: dict[str, bytes] = {}
    cleaner = SiteBoilerplate(store, settings(min_pages=2))
    furniture = "Follow the live coverage on our website."
    long_paragraph = "x " * 400  # longer than site_boilerplate_max_chars: not tracked
    for page, name in enumerate(["alpha", "beta"]):
        cleaner.clean("news.example", [f"Story {name} text.", furniture, long_paragraph],
                      now=float(page), page_id=page + 1)
    assert len(store) == 3  # two story lines and the furniture, not the long paragraph
    assert all(len(value) == 16 for value in store.values())
    snapshot = dict(store)
    writes: list[str] = []

    class Recording(dict):
        def __setitem__(self, key: str, value: bytes) -> None:
            writes.append(key)
            super().__setitem__(key, value)

    cleaner.store = Recording(snapshot)
    cleaner.clean("news.example", ["New story text.", furniture], now=5.0, page_id=9)
    assert len(writes) == 1  # only the new paragraph; the known furniture is not rewritten


def test_stale_keys_are_those_not_seen_recently() -> None:
    store: dict[str, bytes] = {}
    cleaner = SiteBoilerplate(store, settings())
    cleaner.clean("news.example", ["An old paragraph nobody repeats."], now=1_000.0, page_id=1)
    cleaner.clean("news.example", ["A fresh paragraph from today."], now=90_000.0, page_id=2)
    stale = list(stale_keys(store, now=100_000.0, max_age_s=50_000.0))
    assert len(stale) == 1 and store[stale[0]][4:8] == (1000).to_bytes(4, "big")


def test_round_two_kinds_of_furniture_are_boilerplate() -> None:
    for line in ["Inhaltsverzeichnis",  # a table of contents heading
                 "Table of contents",
                 "Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)",
                 "Submit your letter to the editor via this form. Read more Letters to the Editor.",
                 "Klicken Sie auf den unteren Button, um den Inhalt von www.komoot.de zu laden.",
                 "For the latest stories and breaking news updates download the Nationnews apps",
                 "(Credit: Clayton Aldern / Grist)",
                 "Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO",
                 "VEA TAMBIÉN: Entre heces y guaricha, la educación no brilla",
                 "Kategorie: News",
                 "Weitere Artikel zum Thema",
                 "Zum Weiterlesen:"]:
        assert is_boilerplate(line), line


def test_story_lines_resembling_round_two_furniture_are_kept() -> None:
    for line in ["Weitere Themen der Sitzung waren der Haushalt und die Reform der Schulen.",
                 "The contents of the letter were first reported by the Guardian.",
                 "Mira: Ich wusste damals nicht, was auf mich zukommt.",  # interview turn
                 "Readers wrote to the editor in their hundreds after the first report."]:
        assert not is_boilerplate(line), line


def test_shared_word_boundary_matches_like_the_separate_patterns() -> None:
    # _PROMPT factors the leading \b out of its patterns for speed; it must match exactly
    # what the patterns match one by one.
    import re

    from workers.boilerplate import _PROMPT, PROMPT_PATTERNS

    separate = [re.compile(p, re.IGNORECASE) for p in PROMPT_PATTERNS]
    lines = ["Stay up to date with notifications from The Independent",
             "Notifications can be managed in browser preferences.",
             "Thank you for registering", "Jetzt kostenlos registrieren",
             "Share this article", "12 Kommentare", "Lesezeit: 4 Minuten",
             "Suivez-nous sur Twitter", "会員限定記事", *STORY,
             "The notifications were sent before the vote, the council said."]
    for line in lines:
        assert bool(_PROMPT.search(line)) == any(p.search(line) for p in separate), line


def test_captions_and_picture_labels_are_boilerplate() -> None:
    # Lines from pages of the dev corpora (trafilatura-eval, half a): a caption that ends
    # in its credit, and the label of a post's picture.
    for line in ["The real state epidemiologist Anders Tegnell at one of the Public Health "
                 "Agency's daily briefings. Photo: Jonathan Nackstrand/AFP",
                 "Einen Studienplatz, aber keine Wohnung? So geht es momentan einigen Erstis. "
                 "Foto: Ingo Schneider",
                 "Das FWR reagiert mit Entsetzen auf den Amoklauf. "
                 "(Symbolbild: Alex T./AdobeStock)",
                 "featured image: Tetbir Salim via Unsplash",
                 "Fotocredit: Ilze Kitshoff © 2021 CTMG, Inc. All Rights"]:
        assert is_boilerplate(line), line
    # A sentence about a picture is text.
    for line in ["The photo: a symbol of the war, the minister said.",
                 "Das Bild: eine Stadt im Ausnahmezustand, über der Rauch aufsteigt."]:
        assert not is_boilerplate(line), line


def test_long_consent_placeholders_and_cookie_notices_are_boilerplate() -> None:
    # Real lines from fundus de/Tagesspiegel_2024_04_29 and de/ZDF_2024_04_22 and from the
    # trafilatura evaluation set's kulturkaufhaus.de page: all longer than a short line.
    for line in [
        "Ich bin damit einverstanden, dass mir der externe Inhalt angezeigt wird. Damit können "
        "personenbezogene Daten an Drittplattformen übermittelt werden. Mehr Informationen dazu "
        "erhalten Sie in den Datenschutz-Einstellungen. Diese finden Sie ganz unten auf unserer "
        "Seite im Footer, sodass Sie Ihre Einstellungen jederzeit verwalten oder widerrufen "
        "können.",
        "Für die Darstellung von ZDFheute Infografiken nutzen wir die Software von Datawrapper. "
        "Erst wenn Sie hier klicken, werden die Grafiken nachgeladen. Ihre IP-Adresse wird dabei "
        "an externe Server von Datawrapper übertragen. Über den Datenschutz von Datawrapper "
        "können Sie sich auf der Seite des Anbieters informieren.",
        "Wir verwenden Cookies. Durch Bestätigen des Buttons \"Alle zulassen und fortsetzen\" "
        "stimmst Du der Verwendung zu. Über den Button \"Konfigurieren\" kannst Du auswählen, "
        "welche Cookies Du zulassen willst. Du kannst Deine Einwilligung jederzeit mit Wirkung "
        "für die Zukunft ändern / widerrufen (Link in der Fußzeile). Weitere Informationen "
        "erhältst Du in unserer Datenschutzerklärung.",
        "An dieser Stelle finden Sie einen von unseren Redakteuren ausgewählten, externen "
        "Inhalt, der den Artikel für Sie mit zusätzlichen Informationen anreichert. Sie können "
        "sich hier den externen Inhalt mit einem Klick anzeigen lassen oder wieder ausblenden."]:
        assert len(line) > 220 and is_boilerplate(line), line


def test_reports_about_consent_and_data_are_story_text() -> None:
    for line in [
        "Der Datenschutzbeauftragte kritisierte, dass die Plattform personenbezogene Daten an "
        "Drittanbieter übermittelt habe, ohne dass die Nutzer einverstanden gewesen seien. Das "
        "Unternehmen wies die Vorwürfe zurück und kündigte an, gegen den Bescheid zu klagen.",
        "Regulators said the app had shared personal data with third-party platforms and that "
        "users were never asked to consent; the company said it would appeal the ruling and "
        "that it had already changed how the data was handled in the latest version."]:
        assert not is_boilerplate(line), line


def test_leaked_script_state_is_boilerplate() -> None:
    # Lines a page's paywall script left in the text (fundus de/Tagesspiegel_2024_04_29).
    for line in ["- showPaywall:", "- isSubscriber:", "showPaywallPiano:"]:
        assert is_boilerplate(line), line
    for line in ["iPhone", "- eBay:"]:
        assert not is_boilerplate(line), line


def test_feedback_contact_and_developing_story_notes_are_boilerplate() -> None:
    # Lines from fundus pages (TagesAnzeiger, Metro, Berliner Zeitung, The Independent).
    for line in ["Fehler gefunden? Jetzt melden.",
                 "Get in touch with our news team by emailing us at webnews@metro.co.uk.",
                 "For more stories like this, check our news page.",
                 "Ihre Meinung ist uns wichtig. Senden Sie uns Ihr Feedback zu diesem Artikel "
                 "an: briefe@berliner-zeitung.de",
                 "This is a breaking new story - more to follow",
                 "Spotted a typo? Report an error to the newsroom."]:
        assert is_boilerplate(line), line


def test_story_lines_resembling_feedback_prompts_are_kept() -> None:
    # "Get in touch with Jill" is story text in the trafilatura evaluation set.
    for line in ["Get in touch with Jill if you want to join the next workshop.",
                 "The minister said more details would follow next week.",
                 "Customer feedback shaped the product roadmap, he said."]:
        assert not is_boilerplate(line), line


def test_support_appeals_sign_up_offers_and_teaser_labels_are_boilerplate() -> None:
    # Lines from pages of the trafilatura evaluation set (its truth marks them "without").
    for line in ["Unterstütze RosaMag bereits mit 2,50!",
                 "Czytasz właśnie nowy rodzaj materiału na naszym portalu. W krótki sposób "
                 "informujemy Cię o tym, co ważne z perspektywy naszych priorytetów. Wesprzyj "
                 "nas darowizną.",
                 "Get The Times of Israel's Daily Edition by email and never miss our top "
                 "stories Free Sign Up",
                 "¡Mira lo que tiene nuestro canal de YouTube!",
                 "MIRA: Madre se acerca a conocer los motivos de captura de su hijo y termina "
                 "detenida",
                 "Dowiedz się więcej: Kto jak głosował ws. unijnych funduszy?",
                 "Hat Ihnen dieser Artikel gefallen? Dann unterstützen Sie uns bitte mit einer "
                 "Spende."]:
        assert is_boilerplate(line), line


def test_story_lines_resembling_support_appeals_are_kept() -> None:
    for line in ["Ich unterstütze die Forderung der Gewerkschaft, sagte die Ministerin.",
                 "Mira Lobe schrieb mehr als hundert Kinderbücher.",
                 "The charity said donations had fallen by a third since the spring.",
                 "Fans can support the club by buying a season ticket, the chairman said.",
                 "Lea Müller gewann das Rennen vor ihrer Schwester.",
                 "Lea: Wir haben lange darüber gesprochen."]:  # a turn of an interview
        assert not is_boilerplate(line), line
