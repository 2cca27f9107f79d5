"""Structural boilerplate patterns and the repetition-learned SiteBoilerplate."""

from __future__ import annotations

import pytest

from tests.stores import NoIteration
from workers.boilerplate import (
    SiteBoilerplate,
    drop_boilerplate,
    is_boilerplate,
    paragraph_key,
)
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
    # Two story lines and the furniture, not the long paragraph; and for expiry a listing
    # of each page's keys (the site once, 8 bytes a key) and where expiry starts.
    paragraphs = {key: value for key, value in store.items() if "|" in key}
    assert len(paragraphs) == 3
    assert all(len(value) == 16 for value in paragraphs.values())
    listings = [value for key, value in store.items() if key.startswith("#l")]
    assert sorted(map(len, listings)) == [2 + len("news.example") + 2 * 8] * 2
    assert len(store) == 3 + 2 + 1
    snapshot = dict(store)
    writes: list[str] = []

    class Recording(dict):
        def __setitem__(self, key: str, value: bytes) -> None:
            writes.append(key)
            super().__setitem__(key, value)

    cleaner.store = Recording(snapshot)
    cleaner.clean("news.example", ["New story text.", furniture], now=5.0, page_id=9)
    # Only the new paragraph and the page's listing of it (for expiry); the known
    # furniture is not rewritten.
    assert len(writes) == 2 and sum("|" in key for key in writes) == 1
    writes.clear()
    cleaner.clean("news.example", ["New story text.", furniture], now=6.0, page_id=9)
    assert writes == []  # the same page again writes nothing, not even a listing


# --- expiry ------------------------------------------------------------------------------------

DAY = 86_400.0
T0 = 1_750_000_000.0


def paragraph_keys(store: dict[str, bytes]) -> set[str]:
    return {key for key in dict.keys(store) if "|" in key}


def expire_all(cleaner: SiteBoilerplate, now: float, budget: int = 100) -> int:
    """Expiry steps as the worker takes them, one a second, here 1000 of them (a step
    that removes nothing may still move past empty buckets)."""
    return sum(cleaner.expire(now, budget) for _ in range(1000))


def text(n: int) -> str:
    """A distinct line for each n (digits are not enough: keys ignore them)."""
    return "Line " + " ".join("abcdefghij"[int(d)] for d in str(n)) + "."


def test_expiry_forgets_old_paragraphs_and_keeps_those_seen_again() -> None:
    store = NoIteration()
    cleaner = SiteBoilerplate(store, settings(min_pages=3), memory_s=10 * DAY)
    cleaner.clean("news.example", ["A line nobody repeats.", "A line seen again later."],
                  now=T0, page_id=1)
    cleaner.clean("other.example", ["Another site's one-off line."], now=T0 + 60, page_id=2)
    cleaner.clean("news.example", ["A line seen again later.", "Today's own line."],
                  now=T0 + 5 * DAY, page_id=3)
    assert len(paragraph_keys(store)) == 4
    assert cleaner.expire(T0 + 9 * DAY, budget=100) == 0  # nothing is 10 days old yet
    assert cleaner.expire(T0 + 11 * DAY, budget=100) == 2
    assert paragraph_keys(store) == {paragraph_key("news.example", "A line seen again later."),
                                     paragraph_key("news.example", "Today's own line.")}
    # The line seen again still counts its two pages: a third earlier page makes it drop.
    cleaner.clean("news.example", ["A line seen again later."], now=T0 + 11 * DAY, page_id=4)
    assert cleaner.clean("news.example", ["Fresh story.", "A line seen again later."],
                         now=T0 + 11 * DAY, page_id=5) == ["Fresh story."]
    # In the end everything goes, with the listings; only where expiry stands is left.
    assert expire_all(cleaner, T0 + 30 * DAY) == 3
    assert set(dict.keys(store)) == {"#expiry"}


def test_expiry_is_budgeted_and_resumes_in_a_new_owner() -> None:
    store = NoIteration()
    cleaner = SiteBoilerplate(store, settings(), memory_s=DAY)
    for page in range(40):  # one time bucket, 40 pages of 5 lines each
        cleaner.clean("news.example", [text(5 * page + n) for n in range(5)],
                      now=T0 + page, page_id=page + 1)
    assert len(paragraph_keys(store)) == 200
    removed = [cleaner.expire(T0 + 2 * DAY, budget=30)]
    # The partition moves to another worker: it resumes where the first stopped.
    successor = SiteBoilerplate(store, settings(), memory_s=DAY)
    while len(removed) < 100 and removed[-1]:
        removed.append(successor.expire(T0 + 2 * DAY, budget=30))
    assert all(0 < n <= 30 for n in removed[:-1]) and removed[-1] == 0
    assert sum(removed) == 200 and len(removed) >= 200 // 30 + 1
    assert set(dict.keys(store)) == {"#expiry"}


def test_a_new_owner_adds_listings_without_overwriting_them() -> None:
    store = NoIteration()
    first = SiteBoilerplate(store, settings(), memory_s=DAY)
    for page in range(5):
        first.clean("news.example", [text(page)], now=T0 + page, page_id=page + 1)
    second = SiteBoilerplate(store, settings(), memory_s=DAY)  # took the partition over
    for page in range(5, 12):
        second.clean("news.example", [text(page)], now=T0 + page, page_id=page + 1)
    # ... and gave it back: the first owner's idea of the next listing is out of date.
    first.clean("news.example", ["First owner again."], now=T0 + 20, page_id=99)
    assert len(paragraph_keys(store)) == 13
    assert first.expire(T0 + 2 * DAY, budget=1000) == 13  # every key was listed
    assert not paragraph_keys(store)


def test_furniture_in_use_is_never_forgotten() -> None:
    """Known boilerplate is not rewritten page by page, but refreshed once in half the
    memory: a footer the site keeps using stays dropped past the memory."""
    store: dict[str, bytes] = {}
    cleaner = SiteBoilerplate(store, settings(min_pages=2), memory_s=10 * DAY)
    footer = "Follow the live coverage on our website."
    for day in range(30):
        story = [f"Story of the day: {text(day)}", footer]
        cleaned = cleaner.clean("news.example", story, now=T0 + day * DAY, page_id=day + 1)
        if day >= 2:
            assert cleaned == story[:1], day
        expire_all(cleaner, T0 + day * DAY)
    # The stories of days 0-18 went (memory 10 days, hour buckets); the footer stayed.
    assert len(paragraph_keys(store)) == 11 + 1
    assert paragraph_key("news.example", footer) in store


def test_a_store_of_the_old_layout_keeps_working() -> None:
    """Keys written before listings (no listing, no expiry cursor) are not visited by
    expiry and do not break it; they keep counting."""
    old = NoIteration()
    SiteBoilerplate(old, settings(min_pages=2)).clean(
        "news.example", ["Footer line."], now=T0, page_id=1)
    for key in [k for k in dict.keys(old) if "|" not in k]:
        del old[key]  # as the old code wrote it: the paragraph key alone
    cleaner = SiteBoilerplate(old, settings(min_pages=2), memory_s=DAY)
    assert cleaner.expire(T0 + 10 * DAY, budget=100) == 0
    cleaner.clean("news.example", ["A story.", "Footer line."], now=T0 + 1, page_id=2)
    assert cleaner.clean("news.example", ["Another story.", "Footer line."], now=T0 + 2,
                         page_id=3) == ["Another story."]
    # The footer was rewritten, so listed: it expires with the two stories.
    assert expire_all(cleaner, T0 + 10 * DAY) == 3
    assert not paragraph_keys(old)


def test_a_hostile_host_name_is_not_learned() -> None:
    store = NoIteration()
    cleaner = SiteBoilerplate(store, settings(min_pages=1), memory_s=DAY)
    site = "a" * 70_000 + ".example"  # urlsplit takes it; no DNS name is that long
    for page in range(3):
        assert cleaner.clean(site, ["Footer line."], now=T0 + page, page_id=page + 1) == [
            "Footer line."]
    assert not dict.keys(store)


@pytest.mark.parametrize("budget", [1, 2, 7])
def test_tiny_budgets_still_make_progress(budget: int) -> None:
    store = NoIteration()
    cleaner = SiteBoilerplate(store, settings(), memory_s=DAY)
    for page in range(3):
        cleaner.clean("news.example", [text(2 * page), text(2 * page + 1)],
                      now=T0 + page * 3600, page_id=page + 1)
    calls = 0
    while paragraph_keys(store) and calls < 100:
        assert cleaner.expire(T0 + 3 * DAY, budget) <= budget
        calls += 1
    assert not paragraph_keys(store)


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
