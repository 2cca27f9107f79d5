"""Cue words that are other words of the text's language: German verbs that lower-case to an
IPTC topic name, and common words of another language that are English cue words.

Sentences quoted from shared-corpus pages (Fundus test fixtures, MIT; the text belongs to
its publisher): de_Golem_2024_04_28, de_BerlinerZeitung_2026_05_18, at_DerStandard_2024_05_03,
es_ABC_2025_01_13, fr_LeFigaro_2024_11_22; session 8 (dev split): de_DieZeit_2023_04_28,
ch_NZZ_2024_07_18, de_NetzpolitikOrg_2024_04_28, de_BerlinerMorgenpost_2025_11_06,
de_Bild_2023_05_15, de_ZDF_2025_11_07; review: de_HamburgerAbendblatt_2025_09_09.
"""

from __future__ import annotations

import pytest

from workers.tagging_subjects import (
    article_zones,
    cased_text,
    lexicon,
    score_topics,
    token_cues,
    written_as_noun,
)

SPORT = "medtop:15000000"
POLITICS = "medtop:11000000"
TECHNOLOGY = "medtop:13000000"
SOCIETY = "medtop:14000000"


def scores(sentence: str, language: str) -> dict[str, float]:
    zones = article_zones(None, None, [sentence])
    return score_topics(zones, language, cased_text(None, None, [sentence]))


@pytest.mark.parametrize("sentence", [
    "Samsung dürfte in Berufung gehen.",
    "Kinder gehen mit 18 oder 20 ihren eigenen Weg, und die Verbindung zur Familie wird "
    "schwächer.",
    "So gehen islamistische Größen wie Boateng bis heute vor.",
])
def test_the_german_verb_gehen_is_not_race_walking(sentence: str) -> None:
    # "Gehen" (race walking) is an IPTC sport; the lower-cased verb matched it.
    assert SPORT in score_topics(article_zones(None, None, [sentence]), "de")
    assert SPORT not in scores(sentence, "de")


def test_a_german_verb_leaves_the_other_cues_alone() -> None:
    sentence = "Samsung dürfte in Berufung gehen."
    assert max(scores(sentence, "de").items(), key=lambda item: item[1])[0] == TECHNOLOGY


def test_a_noun_written_inside_a_sentence_is_a_noun() -> None:
    sentence = ("Kinder gehen mit 18 oder 20 ihren eigenen Weg, und die Verbindung zur "
                "Familie wird schwächer.")
    assert written_as_noun("familie", sentence)
    assert not written_as_noun("gehen", sentence)
    # Capitalised only at the start of the text: no sign it is not a noun.
    assert written_as_noun("kinder", sentence)


@pytest.mark.parametrize("language, sentence", [
    ("es", "El menor salió ileso gracias a que un toldo amortiguó la caída."),
    ("fr", "L’attaque a fait deux morts et dix blessés, selon un bilan préliminaire de la "
           "même source."),
])
def test_the_article_un_is_not_the_united_nations(language: str, sentence: str) -> None:
    # In English text "UN" is politics; in Spanish and French "un" is the article.
    assert any(topic == POLITICS for topic, _ in token_cues("un", lexicon("en")))
    assert not token_cues("un", lexicon(language))
    assert POLITICS not in scores(sentence, language)


def test_french_par_is_no_golf_score_and_real_cues_still_count() -> None:
    sentence = ("Les deux alliés sont unis par un traité de défense mutuelle, signé en juin "
                "et ratifié récemment.")
    found = scores(sentence, "fr")
    assert SPORT not in found
    assert max(found.items(), key=lambda item: item[1])[0] == POLITICS


# --- review of session 7: the noun check reads the text once ---------------------------------

GERMAN_CASES = ["ch_NZZ_2024_07_18", "de_LTO_2025_10_20", "de_DieWelt_2024_08_27",
                "de_DieZeit_2023_04_28", "de_MDR_2023_04_28", "de_NetzpolitikOrg_2024_04_28"]


class CountingText(str):
    """A text that counts its `str.find` calls (each one a scan of the text)."""

    finds = 0

    def find(self, *args) -> int:  # type: ignore[override]
        CountingText.finds += 1
        return super().find(*args)


def test_the_noun_check_reads_a_long_german_text_once_not_once_per_word() -> None:
    # A page without <p> gives one long paragraph, all of it read (the lead zone). Each
    # distinct IPTC word or compound ending in one ("Jugendschwimmen") was looked up with
    # scans of its own of the whole text: 16,000 such words in 880 KB took seven seconds
    # (the page timeout is 20 s), against 0.03 s to tokenise. The text is now read once.
    prefixes = [a + b for a in ("Bau", "Dorf", "Frauen", "Hallen", "Jugend", "Kinder",
                                "Profi", "Schul", "Straßen", "Tisch")
                for b in ("ab", "ei", "or", "ul", "an", "ob", "ur", "el", "im", "um")]
    clauses = [f"Das {prefix}{head} ist da, und wir gehen hin." for prefix in prefixes
               for head in ("segeln", "schwimmen", "fechten", "turnen")]
    cased = CountingText(" ".join(clauses))
    zones = article_zones(None, None, [str(cased)])
    CountingText.finds = 0
    found = score_topics(zones, "de", cased)
    assert CountingText.finds <= 10  # 400 compounds: 402 scans before
    # ... with the same verdicts: the compounds are nouns, the verb "gehen" is not.
    assert found == score_topics(zones, "de", " ".join(clauses))
    assert max(found.items(), key=lambda item: item[1])[0] == SPORT
    words = {w for words, _ in zones for w in words}
    assert "gehen" in words and not written_as_noun("gehen", cased)


@pytest.mark.parametrize("name", GERMAN_CASES)
def test_the_one_pass_noun_check_agrees_with_written_as_noun(name: str) -> None:
    # Every word of real German pages (their true body), and forms at the edges of a word:
    # hyphens, possessives, quotes and brackets at a sentence start, line starts.
    from tests.test_extract_pages import load_case
    from workers.tagging_subjects import nouns_written, tokens

    _, expected = load_case(name)
    cased = expected["body"] + (
        "\n„Gehen ist gut“, sagte er. (Ringen) bleibt. Das Ringen-Finale, des Turnens Reiz."
        " rock'n'roll und Rock'n'Roll. 2020er Jahre: ßtraße STRASSE Turnen:\nturnen")
    words = set(tokens(cased)) | {"gehen", "ringen", "turnen", "rock'n'roll", "2020er",
                                  "ßtraße", "strasse", "turnens", "reiz"}
    assert nouns_written(words, cased) == {w for w in words if written_as_noun(w, cased)}


# --- review of session 7: finer topics read the noun check too -------------------------------

def _german(title: str, paragraph: str):
    from workers.records import Extracted

    return Extracted(url="https://www.example.de/sport", canonical_url=None, site="example.de",
                     sitename=None, title=title, authors=[], published_at=None, language="de",
                     description=None, paragraphs=[paragraph], publisher_tags=[], section=None)


@pytest.mark.parametrize("title, paragraph, verb_topic", [
    ("Bayern und Dortmund ringen um den Titel",
     "Im Fußball der Bundesliga bleibt es spannend: die beiden Vereine liegen nach dem "
     "Spieltag punktgleich vorn.", "wrestling"),
    ("Die Eisbären schwimmen auf einer Erfolgswelle",
     "Der Eishockey-Klub gewann auch das fünfte Spiel der Saison in der Liga.", "swimming"),
])
def test_a_german_verb_names_no_finer_topic(title: str, paragraph: str, verb_topic: str) -> None:
    # The README: in German an IPTC name counts only where the text writes it as a noun.
    # The top-level cues kept to that; the finer topics read "ringen" in a football
    # headline as wrestling and "schwimmen" as swimming (score 0.667 each).
    from workers.settings import TagSettings
    from workers.tagging import tag_article

    tags = tag_article(_german(title, paragraph), TagSettings())
    subjects = [t for t in tags if t.type == "subject"]
    assert subjects[0].code == SPORT
    assert verb_topic not in {t.label for t in subjects}
    # The noun still names it.
    noun = title.replace(" ringen ", " im Ringen ").replace(" schwimmen ", " beim Schwimmen ")
    tags = tag_article(_german(noun, paragraph), TagSettings())
    assert verb_topic in {t.label for t in tags if t.type == "subject"}


# --- session 8: a stem counts inside a longer German word only at a compound boundary --------

@pytest.mark.parametrize("sentence, topic", [
    # "Ent|scheidung" is no divorce ("Scheidung", society).
    ("Rechtsmittel gegen die Entscheidung wurden nicht zugelassen.", SOCIETY),
    ("Mit einer freien Entscheidung hat das Leben der Tradwives jedoch nur äußerst wenig zu "
     "tun.", SOCIETY),
    # "verein|igten" is no sports club ("Verein").
    ("Zugleich habe Blinken das unbedingte Engagement der Vereinigten Staaten für die "
     "Sicherheit Israels unterstrichen.", SPORT),
])
def test_a_stem_inside_another_word_is_no_cue(sentence: str, topic: str) -> None:
    assert topic not in scores(sentence, "de")


@pytest.mark.parametrize("title, sentence, expected", [
    # "Bombe|r": the striker "Bubi-Bomber" made a football item conflict news.
    ("Bubi-Bomber wieder da: Thioune fordert Geduld mit Niemiec",
     "Es war bereits der zwölfte Einsatz in der 2. Bundesliga von Fortuna Düsseldorfs Bubi "
     "Jona Niemiec (21).", SPORT),
    # "Deko|lonisierung" is no decoration (lifestyle).
    ('Warum Putin vor einer "Zerschlagung Russlands" warnt',
     'Wladimir Putin warnt vor einer angeblichen "Dekolonisierung" Russlands.', POLITICS),
])
def test_headline_and_first_sentence_without_mid_word_stems(title: str, sentence: str,
                                                            expected: str) -> None:
    zones = article_zones(title, None, [sentence])
    found = score_topics(zones, "de", cased_text(title, None, [sentence]))
    assert max(found.items(), key=lambda item: item[1])[0] == expected


def test_compounds_still_count_and_false_compounds_do_not() -> None:
    # Words of the dev pages. Compounds whose parts are words (with a linking element, or
    # after a hyphen) keep their head's or first part's topic, and so do inflected and
    # derived forms of a stem ...
    lex = lexicon("de")
    for word, topic in [("bürgerkrieg", "medtop:16000000"),
                        ("verwaltungsgericht", "medtop:02000000"),
                        ("bundesverfassungsgericht", "medtop:02000000"),
                        ("us-zentralbank", "medtop:04000000"),
                        ("vorstandsvorsitzender", "medtop:04000000"),
                        ("wirtschaftliche", "medtop:04000000"),
                        ("militärischen", "medtop:16000000"),
                        ("künstlerinnen", "medtop:01000000"),
                        ("tierschutzgesetz", POLITICS)]:
        assert topic in {code for code, _ in token_cues(word, lex)}, word
    # ... but a stem with a non-word before or after it is no cue: "Thü|ringen" (wrestling),
    # "G|astronomie", "Landk|reise" (travel), "Aus|wahl" (election: "aus" is too short to
    # tell from a prefix), "Sanitä|ter" (perpetrator), "verein|igten".
    for word in ("thüringen", "gastronomie", "landkreise", "auswahl", "sanitäter",
                 "vereinigten"):
        assert not token_cues(word, lex), word
    # In the sentence the other cues keep it sport.
    sentence = ("3796 Zuschauer sahen am Donnerstagabend in der Max-Schmeling-Halle, wie die "
                "Füchse Berlin die Gäste aus Thüringen im Achtelfinale des DHB-Pokals mühelos "
                "bespielten.")
    found = scores(sentence, "de")
    assert max(found.items(), key=lambda item: item[1])[0] == SPORT


def test_a_compound_written_with_eszett_counts_like_its_swiss_spelling() -> None:
    # wordfreq's word list is case-folded ("aussen", "gross"), the tokens only lower-cased:
    # a modifier or rest with "ß" was no word, so "Außenpolitik" lost its politics cue that
    # Swiss "Aussenpolitik" kept. Sentence of de_HamburgerAbendblatt_2025_09_09 (fundus).
    lex = lexicon("de")
    for eszett in ("außenpolitik", "polizeigroßeinsatz", "großdemonstration"):
        swiss = eszett.replace("ß", "ss")
        assert token_cues(swiss, lex), swiss
        assert token_cues(eszett, lex) == token_cues(swiss, lex), eszett
    sentence = ("Auch aus Russland, gegen das Baerbock immer klare Kante in ihrer Außenpolitik "
                "gezeigt hat, lehnt die UN-Kandidatur ab.")
    assert POLITICS in scores(sentence, "de")
