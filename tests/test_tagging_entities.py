"""People, organisations and keyphrases on real pages (tests/data/tagging/entities/).

Each case is one real article as `workers.extract.extract_page` returned it, with the
page's own sitename and credited agency; sources in tests/data/tagging/README.md.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from workers.extract import extract_page
from workers.records import Extracted, Tag
from workers.settings import ExtractSettings, TagSettings
from workers.tagging import tag_article
from workers.tagging_entities import article_text, english_verb_form, is_role_word, words_of

CASES = Path(__file__).parent / "data" / "tagging" / "entities"
SETTINGS = TagSettings()


def tags_of(name: str) -> list[Tag]:
    return tag_article(extracted_of(name), SETTINGS)


def extracted_of(name: str) -> Extracted:
    data = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    return Extracted(
        url=data["url"], canonical_url=None, site="", sitename=data["sitename"],
        title=data["title"], authors=[], published_at=None, language=data["language"],
        description=data["description"], paragraphs=data["paragraphs"],
        source=data["source_agency"],
    )


def labels(tags: list[Tag], kind: str) -> list[str]:
    return [t.label for t in tags if t.type == kind]


def test_a_newspaper_introduced_as_such_is_an_organisation() -> None:
    # "... revelations by newspaper Dagens Nyheter." then "Dagens Nyheter said that ..."
    tags = tags_of("euronews_en")
    assert "Dagens Nyheter" in labels(tags, "organization")
    assert "Dagens Nyheter" not in labels(tags, "person")


def test_the_pages_own_outlet_is_an_organisation() -> None:
    assert "BR24" in labels(tags_of("br24_de"), "organization")


def test_role_words_are_stripped_from_person_names() -> None:
    # "Präsidentin Annekathrin Preidel", "Synodenpräsidentin Annekathrin Preidel sagte".
    people = labels(tags_of("br24_de"), "person")
    assert "Annekathrin Preidel" in people
    assert not any("präsidentin" in p.lower() for p in people)
    # "Palliativmediziner Gian Domenico Borasio", later "Herr Professor Borasio".
    people = labels(tags_of("cicero_de"), "person")
    assert "Gian Domenico Borasio" in people
    assert not any(p.startswith(("Professor", "Palliativ")) for p in people)


def test_a_place_is_an_organisation_only_where_cued() -> None:
    # "New York magazine ran a profile"; elsewhere New York is the city.
    tags = tags_of("ninenews_en")
    assert "New York magazine" in labels(tags, "organization")
    assert "New York" in labels(tags, "place")
    assert "New York" not in labels(tags, "organization")


def test_a_german_cue_noun_opening_the_span_is_left_out() -> None:
    # "dem israelischen Sender Channel 13": the broadcaster, number included.
    orgs = labels(tags_of("abendblatt_de"), "organization")
    assert "Channel 13" in orgs
    assert not any(o.startswith("Sender") for o in orgs)


@pytest.mark.parametrize("name, verbs", [
    ("businessinsider_en", {"wore", "worn"}),   # "actor wore", "blazer worn" in round 1
    ("euronews_en", {"fight"}),                 # "gangs fight for control"
    ("faz_de", {"fordern"}),                    # "fordern neues Streaming-Modell"
])
def test_keyphrases_hold_no_verbs(name: str, verbs: set[str]) -> None:
    phrases = labels(tags_of(name), "keyphrase")
    assert phrases
    assert not any(set(p.lower().split()) & verbs for p in phrases)


def test_german_keyphrases_are_adjectives_and_a_noun() -> None:
    assert "neues Streaming-Modell" in labels(tags_of("faz_de"), "keyphrase")


def test_role_words() -> None:
    for word in ("Synodenpräsidentin", "Landesbischof", "Vorstandschef", "Präsident",
                 "Prime", "Minister", "ministre", "Professor"):
        assert is_role_word(word), word
    # Surnames that look like role nouns, and plain names.
    for word in ("Richter", "Preidel", "Kanzlerin-Merkel-Straße", "Annekathrin"):
        assert not is_role_word(word), word


def test_english_verb_forms() -> None:
    assert english_verb_form("wore", first=False)
    assert english_verb_form("becomes", first=True)
    assert english_verb_form("detained", first=False)
    # A participle that opens a phrase reads as an adjective; nouns stay.
    assert not english_verb_form("suspected", first=True)
    for noun in ("markets", "employees", "bosses", "forecasts", "status"):
        assert not english_verb_form(noun, first=False), noun


def test_words_know_sentence_starts_phrase_breaks_and_possessives() -> None:
    # "... on Tuesday.\nSweden's Minister of Justice, Gunnar Strömmer, will meet ..."
    text, _ = article_text(extracted_of("euronews_en"))
    words = words_of(text)
    at = next(i for i, w in enumerate(words)
              if w.text == "Sweden" and words[i + 1].text == "Minister")
    sweden, minister, of, justice, gunnar, stroemmer, will = words[at:at + 7]
    assert text[sweden.start:sweden.end + 2] == "Sweden's"  # the owner, without "'s"
    assert sweden.sentence_start and sweden.capital
    assert not minister.sentence_start and not minister.phrase_break
    assert not of.capital and not justice.phrase_break
    # The commas around the apposition break phrases but start no sentence.
    assert gunnar.phrase_break and not gunnar.sentence_start
    assert stroemmer.text == "Strömmer" and not stroemmer.phrase_break
    assert will.phrase_break and not will.sentence_start
    assert words[0].sentence_start and words[0].start == 0


def test_an_acronym_of_an_organisation_named_in_full_is_that_organisation() -> None:
    # The AP story in samples/: "The Associated Press" in the text and "AP" as the outlet
    # (its sitename) and in datelines: one organisation, not two.
    samples = Path(__file__).resolve().parent.parent / "samples" / "pages.jsonl.gz"
    with gzip.open(samples, "rt", encoding="utf-8") as lines:
        envelope = json.loads(next(line for line in lines if "apnews.com/article" in line))
    extracted = extract_page(envelope["html"], envelope["url"], ExtractSettings())
    organisations = labels(tag_article(extracted, SETTINGS), "organization")
    assert "Associated Press" in organisations
    assert "AP" not in organisations
