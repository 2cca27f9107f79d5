"""Cue words that are other words of the text's language: German verbs that lower-case to an
IPTC topic name, and common words of another language that are English cue words.

Sentences quoted from shared-corpus pages (Fundus test fixtures, MIT; the text belongs to
its publisher): de_Golem_2024_04_28, de_BerlinerZeitung_2026_05_18, at_DerStandard_2024_05_03,
es_ABC_2025_01_13, fr_LeFigaro_2024_11_22.
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
