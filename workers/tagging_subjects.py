"""IPTC Media Topic subjects for one article: weighted cue words, no model.

Each of the 17 top-level topics has hand-written English and German cue words
(`tagging_lexicon`), plus the names of all its IPTC descendants in nine languages (from
IPTC's own spreadsheet, `data/iptc_mediatopics.json`). An article's score per topic is
the sum of its cues' weights, sublinear in how often each cue occurs, with the title
and lead counting more than the rest (short texts like AG News items are mostly title
and lead). Tokens that no cue matches get a second, weaker look: IPTC names as stems
and compound heads, English loanwords in German, the parts of hyphenated compounds.
Finer topics are IPTC names found in the text under a chosen top-level topic.
Two guards against false cues: in German an IPTC name counts only where the text writes it
as a noun ("gehen" is not "Gehen", race walking), and English cues read in another language
skip that language's own common words ("un" in Spanish and French is no UN). In the
compounding languages a stem counts inside a longer word only at a compound boundary, where
the rest is a common word of the language (or an ending): "Weltkrieg" is war, "Entscheidung"
no divorce ("Scheidung") and "Thüringen" no wrestling ("Ringen").
Czech, Polish, Russian, Korean, Arabic, Chinese and Japanese text reads a short basic cue
list of its own (`tagging_lexicon_world`): stems for Korean and Arabic (after the article
and its clitics), substrings for Chinese and Japanese, which have no spaces.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from workers.tagging_lexicon import CUES
from workers.tagging_lexicon_world import (
    STEM_LANGUAGES,
    SUBSTRING_LANGUAGES,
    WORLD_CUES,
    arabic_stem,
)


def _words(text: str) -> list[str]:
    return text.split()


DATA = Path(__file__).resolve().parent / "data"
TOKEN = re.compile(r"\w+(?:[-'’&]\w+)*")
# Title words count four times, the lead's three times; the body is read up to this many
# tokens.
TITLE_WEIGHT = 4.0
LEAD_WEIGHT = 3.0
MAX_BODY_TOKENS = 900
# IPTC names are precise but unvetted for news use: they count less than hand cues.
IPTC_NAME_WEIGHT = 1.0
# Read only where no cue above matches a token:
# - IPTC single-word names at least this long as stems, and as compound heads;
MIN_STEM_LENGTH = 6
STEM_WEIGHT = 0.5
COMPOUNDING_LANGUAGES = frozenset({"de", "da", "no", "nb", "nn", "sv", "nl"})
# - English cue words in German text (loanwords: "Offshore", "Playoffs");
LOANWORD_WEIGHT = 0.5
# - and the parts of a hyphenated token ("Hafer-Porridge") when the whole matches nothing.
# German capitalises nouns, and IPTC names are nouns: there an IPTC name, or a stem or
# compound ending in one, counts only where the text writes the word as a noun, so the
# verb "gehen" is not race walking ("Gehen") and "bringen" no compound of "Ringen".
NOUN_CAPITAL_LANGUAGES = frozenset({"de"})

_TOKEN_CACHE_LIMIT = 200_000
# Longer tokens give no cue and are not cached: no word of the lexicons or common-word
# lists is near it (German compounds of real text stay under ~60), and a hostile page's
# long unique tokens would otherwise fill the cache above with megabytes each.
MAX_CUE_TOKEN = 64
# No prefix or suffix cue is longer (the longest are 19 letters): `token_cues` tries no
# longer keys, so a hostile 100,000-letter token costs no quadratic walk.
MAX_STEM_KEY = 40

# Compound boundaries in the compounding languages. A stem read inside a longer token counts
# only where the token splits there into words: "Weltkrieg" is "Welt" + "krieg", but
# "Entscheidung" is no "Ent" + "scheidung", "Thüringen" no "Thü" + "ringen" and
# "vereinigten" no "verein" + "igten". A word is a common word of the language (wordfreq's
# small list, its most frequent ~40,000) of at least this many letters (its short entries
# include fragments such as "ent" and "sch"):
MIN_PART_LENGTH = 4
# ... and of at most this many (the longest are 28): a cut further left cannot split off a
# word, so a hostile token of 100,000 letters costs no quadratic walk.
MAX_PART_LENGTH = 40
# ... and between two parts may stand a linking element ("Verfassung|s|gericht").
LINKING_ELEMENTS = ("", "s", "n", "en", "e", "er", "es")
# After a stem that is itself a word: an inflection, optionally after a derivational suffix
# ("Künstler|innen", "Fußball|erin", "wirtschaft|lich|e", "militär|isch|en"), or another word.
DERIVATIONS = ("", "er", "ler", "lich", "isch", "ig", "ell", "iell", "keit", "heit", "ung", "in",
               "innen", "erin", "erinnen", "lerin", "lerinnen", "los", "haft", "schaft")
INFLECTIONS = ("", "e", "en", "n", "s", "es", "er", "ern", "em", "nen")
WORD_ENDINGS = frozenset(d + i for d in DERIVATIONS for i in INFLECTIONS)


@dataclass(frozen=True, slots=True)
class Topic:
    code: str
    level: int
    parent: str | None
    top: str
    name: dict[str, str]
    wikidata: str | None


@dataclass(slots=True)
class Lexicon:
    exact: dict[str, list[tuple[str, float]]]
    prefix: dict[str, list[tuple[str, float]]]
    suffix: dict[str, list[tuple[str, float]]]
    phrases: dict[tuple[str, ...], list[tuple[str, float]]]
    max_phrase: int
    # Weaker IPTC-derived cues read only for tokens that none of the above match.
    fallback: Lexicon | None
    token_cache: dict[str, tuple[tuple[str, float], ...]]
    # Shortest prefix/suffix read; Korean nouns are often two syllables (경제, 정치).
    min_stem: int = 3
    # First words of the phrases: most tokens start none, and need no phrase lookups.
    phrase_starts: frozenset[str] = frozenset()
    # Single-word IPTC names among `exact`; and the looked-up tokens whose cues all come
    # from IPTC names (kept and cleared with `token_cache`).
    iptc_words: frozenset[str] = frozenset()
    iptc_tokens: set[str] = field(default_factory=set)
    # Common words of a compounding language (`vocabulary`): a stem counts inside a longer
    # token only at a plausible compound boundary. Empty: no such check.
    vocabulary: frozenset[str] = frozenset()


@cache
def topics() -> dict[str, Topic]:
    raw = json.loads((DATA / "iptc_mediatopics.json").read_text(encoding="utf-8"))
    return {t["code"]: Topic(t["code"], t["level"], t["parent"], t["top"], t["name"],
                             t["wikidata"]) for t in raw["topics"]}


def tokens(text: str) -> list[str]:
    """Lower-case words; a possessive ("Google's") counts as its owner."""
    words = [match.lower() for match in TOKEN.findall(text)]
    return [word[:-2] if len(word) > 3 and word.endswith(("'s", "’s")) else word
            for word in words]


def _add(table: dict, key, topic: str, weight: float) -> None:
    entries = table.setdefault(key, [])
    for i, (code, old) in enumerate(entries):
        if code == topic:
            entries[i] = (code, max(old, weight))
            return
    entries.append((topic, weight))


# IPTC name languages per text language; other languages read English cues at half weight.
IPTC_LANGUAGES = {"en": ("en", "en-US"), "de": ("de",), "fr": ("fr",), "es": ("es",),
                  "da": ("da",), "no": ("no",), "nb": ("no",), "nn": ("no",), "sv": ("sv",),
                  "pt": ("pt",)}
FOREIGN_CUE_WEIGHT = 0.5
# ... except the language's own common words: jusText's stoplist of the language (its most
# frequent Wikipedia words, shipped with trafilatura's dependency justext) minus the English
# one, so "un" (es, fr, it), "par" and "premier" (fr), "mayor" (es) are not English cues.
STOPLISTS = {"de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese",
             "it": "Italian", "nl": "Dutch", "da": "Danish", "sv": "Swedish",
             "no": "Norwegian_Bokmal", "nb": "Norwegian_Bokmal", "nn": "Norwegian_Nynorsk"}
# Languages with their own basic cue list (`tagging_lexicon_world`) instead of English cues.
WORLD_LANGUAGES = frozenset(lang for by_language in WORLD_CUES.values() for lang in by_language)
_EN_MARKERS = frozenset(_words("""
    the and of to is in that for was with are this have from
"""))
_DE_MARKERS = frozenset(_words("""
    der die und das ist nicht mit den von ein eine auch sich dem
"""))


def cue_language(language: str | None, words: list[str]) -> str:
    """'en', 'de' or another ISO 639-1 code; guessed from function words when unknown."""
    if language:
        return language.lower().split("-")[0]
    en = sum(1 for w in words if w in _EN_MARKERS)
    de = sum(1 for w in words if w in _DE_MARKERS)
    if not en and not de:
        return "xx"
    return "de" if de > en else "en"


@cache
def false_friends(language: str) -> frozenset[str]:
    """Common words of `language` that are not common English words: English cues read in
    that language skip them."""
    name = STOPLISTS.get(language)
    if name is None:
        return frozenset()
    from justext import get_stoplist  # loaded once per language, with the lexicon

    english = {word.lower() for word in get_stoplist("English")}
    return frozenset(word.lower() for word in get_stoplist(name)) - english


@cache
def vocabulary(language: str) -> frozenset[str]:
    """The common words of a compounding language (lower case, letters only), empty for
    other languages: wordfreq's small word list, shipped in its wheel."""
    if language not in COMPOUNDING_LANGUAGES:
        return frozenset()
    from wordfreq import available_languages, get_frequency_dict

    code = "nb" if language in ("no", "nn") else language
    if code not in available_languages(wordlist="small"):
        return frozenset()
    return frozenset(word for word in get_frequency_dict(code, wordlist="small")
                     if word.isalpha() and len(word) <= MAX_PART_LENGTH)


def _is_word(part: str, words: frozenset[str]) -> bool:
    return len(part) >= MIN_PART_LENGTH and part in words


def _is_compound(part: str, words: frozenset[str]) -> bool:
    """A word, or a word after another word and a linking element ("bundes|verfassung")."""
    if _is_word(part, words):
        return True
    for cut in range(max(3, len(part) - MAX_PART_LENGTH), len(part) - MIN_PART_LENGTH + 1):
        if _is_word(part[cut:], words):
            head = part[:cut]
            if any(head.endswith(link) and head[:len(head) - len(link)] in words
                   for link in LINKING_ELEMENTS if len(head) > len(link)):
                return True
    return False


def plausible_modifier(modifier: str, words: frozenset[str]) -> bool:
    """Whether `modifier` may stand before a compound head: a (compound) word, with or
    without a linking element; after a hyphen, only the part after it ("US-Zentralbank")."""
    # wordfreq's words are case-folded ("strasse"); tokens are only lower case ("straße").
    modifier = modifier.rpartition("-")[2].casefold()
    if not modifier:
        return True
    return any(modifier.endswith(link) and _is_compound(modifier[:len(modifier) - len(link)],
                                                        words)
               for link in LINKING_ELEMENTS)


def plausible_rest(stem: str, rest: str, words: frozenset[str]) -> bool:
    """Whether a token made of the prefix `stem` and `rest` is a form or compound of the
    stem: checked only where the stem is itself a word ("verein", not "ermittl")."""
    stem, rest = stem.casefold(), rest.partition("-")[0].casefold()  # as wordfreq's words
    if not _is_word(stem, words) or rest in WORD_ENDINGS:
        return True
    return any(rest.startswith(link) and _is_compound(rest[len(link):], words)
               for link in LINKING_ELEMENTS)


@cache
def lexicon(language: str = "en") -> Lexicon:
    exact: dict = {}
    prefix: dict = {}
    suffix: dict = {}
    phrases: dict = {}
    common_words = vocabulary(language)
    fallback = Lexicon({}, {}, {}, {}, 0, None, {}, vocabulary=common_words)
    cue_set, scale = (language, 1.0) if language in ("en", "de") else ("en", FOREIGN_CUE_WEIGHT)
    cue_lists = CUES
    if language in WORLD_LANGUAGES:
        cue_set, scale, cue_lists = language, 1.0, WORLD_CUES
    friends = false_friends(language) if cue_set != language else frozenset()
    for topic, by_language in cue_lists.items():
        for item in by_language.get(cue_set, "").split():
            term, _, weight_text = item.rpartition(":") if ":" in item[1:] else (item, "", "1")
            weight = float(weight_text) * scale
            term = _normal_term(term.lower(), language)
            if weight <= 0 or term in friends:
                continue
            if language in STEM_LANGUAGES and "_" not in term:
                _add(prefix, term.rstrip("*"), topic, weight)
            elif "_" in term:
                _add(phrases, tuple(term.split("_")), topic, weight)
            elif term.endswith("*"):
                _add(prefix, term[:-1], topic, weight)
            elif term.startswith("*"):
                _add(suffix, term[1:], topic, weight)
            else:
                _add(exact, term, topic, weight)
    if cue_set != "en":
        # English loanwords ("Offshore", "Software", "Playoffs") in German text.
        for topic, by_language in CUES.items():
            for item in by_language["en"].split():
                term, _, weight_text = item.rpartition(":") if ":" in item[1:] else (item, "", "1")
                weight = float(weight_text) * LOANWORD_WEIGHT
                if (weight > 0 and "_" not in term and "*" not in term and len(term) >= 4
                        and term not in false_friends(language)):
                    _add(fallback.exact, term, topic, weight)
    # IPTC names of every topic below the top level, where the name points to one topic.
    name_tops: dict[tuple[str, ...], set[str]] = {}
    iptc_words: set[str] = set()
    for t in topics().values():
        if t.level == 1:
            continue
        for lang in IPTC_LANGUAGES.get(language, ()):
            words = tuple(tokens(t.name.get(lang, "")))
            if 0 < len(words) <= 3 and not (len(words) == 1 and len(words[0]) < 4):
                name_tops.setdefault(words, set()).add(t.top)
    for words, tops in name_tops.items():
        if len(tops) != 1:
            continue
        (top,) = tops
        if len(words) == 1:
            word = words[0]
            # A hand-written stem ("software*") wins over an IPTC name it already covers.
            if word not in exact and not _stem_match(word, prefix, suffix):
                _add(exact, word, top, IPTC_NAME_WEIGHT)
                iptc_words.add(word)
                # English names are singular, and those shorter than a stem get no
                # inflections: "riots" counts as "riot" (a plural already, or "women",
                # stays as it is).
                if (language == "en" and len(word) < MIN_STEM_LENGTH
                        and not word.endswith(("s", "men"))):
                    plural = _english_plural(word)
                    if plural not in exact and not _stem_match(plural, prefix, suffix):
                        _add(exact, plural, top, IPTC_NAME_WEIGHT)
                        iptc_words.add(plural)
            if len(word) >= MIN_STEM_LENGTH:
                # Inflections ("élections", "Volleyballerin") and, in German and the
                # Nordic languages, compounds ending in the name ("Frauenfußball").
                _add(fallback.prefix, word, top, STEM_WEIGHT)
                if language in COMPOUNDING_LANGUAGES:
                    _add(fallback.suffix, word, top, STEM_WEIGHT)
        elif words not in phrases:
            _add(phrases, words, top, IPTC_NAME_WEIGHT)
    max_phrase = max((len(k) for k in phrases), default=1)
    min_stem = 2 if language == "ko" else 3
    return Lexicon(exact, prefix, suffix, phrases, max_phrase, fallback, {}, min_stem,
                   frozenset(words[0] for words in phrases), frozenset(iptc_words),
                   vocabulary=common_words)


def _english_plural(noun: str) -> str:
    """The regular plural of an English noun ("riot" -> "riots", "city" -> "cities")."""
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _normal_term(term: str, language: str) -> str:
    """A cue as the text's tokens will look: Arabic without its clitics."""
    if language != "ar":
        return term
    return "_".join(arabic_stem(part.rstrip("*")) for part in term.split("_"))


@cache
def substring_cues(language: str) -> tuple[tuple[str, str, float], ...]:
    """(substring, topic, weight) for languages written without spaces, longest first."""
    found: dict[tuple[str, str], float] = {}
    for topic, by_language in WORLD_CUES.items():
        for item in by_language.get(language, "").split():
            term, _, weight_text = item.rpartition(":") if ":" in item[1:] else (item, "", "1")
            key = (term.lower().replace("_", ""), topic)
            found[key] = max(found.get(key, 0.0), float(weight_text))
    return tuple(sorted(((term, topic, weight) for (term, topic), weight in found.items()),
                        key=lambda item: (-len(item[0]), item[0], item[1])))


def score_substrings(zones: list[tuple[list[str], float]], language: str) -> dict[str, float]:
    """Like `score_topics` for zh and ja: cues counted as substrings of the text, a longer
    cue hiding the shorter ones inside it ("世界杯" is not also "世界")."""
    counts: dict[tuple[str, str, float], float] = {}
    for words, zone_weight in zones:
        text = " ".join(words)
        for term, topic, weight in substring_cues(language):
            hits = text.count(term)
            if hits:
                counts[(term, topic, weight)] = hits * zone_weight
                text = text.replace(term, " ")
    scores: dict[str, float] = {}
    for (_, topic, weight), count in counts.items():
        scores[topic] = scores.get(topic, 0.0) + weight * math.log1p(count)
    return scores



def _stem_match(word: str, prefix: dict, suffix: dict) -> bool:
    return any(word[:size] in prefix or word[-size:] in suffix
               for size in range(3, len(word) + 1))


def token_cues(token: str, lex: Lexicon) -> tuple[tuple[str, float], ...]:
    """Cues of one token: the exact entry, else the longest prefix/suffix entries."""
    if len(token) > MAX_CUE_TOKEN:
        return ()
    cached = lex.token_cache.get(token)
    if cached is not None:
        return cached
    found = lex.exact.get(token)
    from_iptc = found is not None and token in lex.iptc_words
    if found is None:
        best_len = 0
        matches: list[tuple[str, float]] = []
        for size in range(min(len(token) - 1, MAX_STEM_KEY), lex.min_stem - 1, -1):
            if size < best_len:
                break
            for table, key in ((lex.prefix, token[:size]), (lex.suffix, token[-size:])):
                entries = table.get(key)
                if entries and lex.vocabulary and not (
                        plausible_rest(key, token[size:], lex.vocabulary)
                        if table is lex.prefix
                        else plausible_modifier(token[:-size], lex.vocabulary)):
                    continue  # mid-word, not at a compound boundary
                if entries:
                    if size > best_len:
                        best_len, matches = size, []
                    matches.extend(entries)
        if len(token) >= lex.min_stem:
            # A stem equal to the whole token (`klima*` on "klima") also counts.
            for table in (lex.prefix, lex.suffix):
                entries = table.get(token)
                if entries:
                    if len(token) > best_len:
                        best_len, matches = len(token), []
                    matches.extend(entries)
        found = matches
    if not found and lex.fallback is not None:
        found = token_cues(token, lex.fallback)
        # The fallback's stems and compound heads are IPTC names, its exact words loanwords.
        from_iptc = bool(found) and token not in lex.fallback.exact
    if not found and "-" in token:
        # "Hafer-Porridge", "Bahn-Konkurrenten": each part is evidence on its own.
        found = [cue for part in token.split("-") if len(part) >= 3
                 for cue in token_cues(part, lex)]
    result = tuple(found)
    if len(lex.token_cache) > _TOKEN_CACHE_LIMIT:
        lex.token_cache.clear()
        lex.iptc_tokens.clear()
    lex.token_cache[token] = result
    if from_iptc:
        lex.iptc_tokens.add(token)
    return result


def score_topics(zones: list[tuple[list[str], float]], language: str = "en",
                 cased: str | None = None) -> dict[str, float]:
    """Raw evidence per top-level topic from (tokens, zone weight) pairs. `cased` is the
    same text as written (`cased_text`): in German, IPTC-name cues then count only for
    words it writes as nouns."""
    if language in SUBSTRING_LANGUAGES:
        return score_substrings(zones, language)
    if language == "ar":
        zones = [([arabic_stem(w) for w in words], weight) for words, weight in zones]
    lex = lexicon(language)
    counts: dict[tuple, float] = {}
    cues: dict[tuple, tuple[tuple[str, float], ...]] = {}
    nouns_only: set[str] = set()
    for words, zone_weight in zones:
        n = len(words)
        i = 0
        while i < n:
            matched = False
            longest = min(lex.max_phrase, n - i) if words[i] in lex.phrase_starts else 1
            for size in range(longest, 1, -1):
                key = tuple(words[i:i + size])
                entries = lex.phrases.get(key)
                if entries:
                    counts[key] = counts.get(key, 0.0) + zone_weight
                    cues[key] = tuple(entries)
                    i += size
                    matched = True
                    break
            if matched:
                continue
            word = words[i]
            found = token_cues(word, lex)
            if found:
                key = (word,)
                counts[key] = counts.get(key, 0.0) + zone_weight
                cues[key] = found
                if word in lex.iptc_tokens:
                    nouns_only.add(word)
            i += 1
    if cased is not None and language in NOUN_CAPITAL_LANGUAGES:
        for word in nouns_only - nouns_written(nouns_only, cased):
            del counts[(word,)]
    scores: dict[str, float] = {}
    for key, count in counts.items():
        strength = math.log1p(count)
        for topic, weight in cues[key]:
            scores[topic] = scores.get(topic, 0.0) + weight * strength
    return scores


# Quotes and brackets that may open a sentence; a line break ends one (titles have no stop).
_OPENERS = "\"'„“”‚‘’»«([ \t"
_SENTENCE_ENDS = ".!?:\n"


def written_as_noun(word: str, cased: str) -> bool:
    """Whether `cased` may use the lower-case `word` as a noun: it writes it capitalised
    somewhere other than at the start of a line or sentence (where every word is), or never
    in lower case (all capitals, or only at sentence starts: no sign it is not a noun)."""
    if next(_whole_words(word, cased), None) is None:
        return True
    for start in _whole_words(word[:1].upper() + word[1:], cased):
        i = start - 1
        while i >= 0 and cased[i] in _OPENERS:
            i -= 1
        if i >= 0 and cased[i] not in _SENTENCE_ENDS:
            return True
    return False


# What `_whole_words` takes for part of a word: letters, digits, "_" and "-" (`\w` is
# `str.isalnum()` plus "_").
_WORD_RUN = re.compile(r"[\w-]+")


def nouns_written(words: set[str], cased: str) -> set[str]:
    """The `words` that `written_as_noun` accepts in `cased`, reading the text once rather
    than once per word (a long German page names hundreds of IPTC words and compounds).
    A word made of `_WORD_RUN` characters occurs as a whole word exactly where it is a
    whole run of them; the rare others ("rock'n'roll") take `written_as_noun` itself."""
    forms: dict[str, list[int]] = {}
    plain: list[str] = []
    others: list[str] = []
    for word in words:
        capital = word[:1].upper() + word[1:]
        if _WORD_RUN.fullmatch(word) and _WORD_RUN.fullmatch(capital):
            plain.append(word)
            forms[word] = []
            forms[capital] = []
        else:
            others.append(word)
    if plain:
        for run in _WORD_RUN.finditer(cased):
            starts = forms.get(run.group())
            if starts is not None:
                starts.append(run.start())
    nouns = {word for word in others if written_as_noun(word, cased)}
    for word in plain:
        if not forms[word] or any(not _starts_sentence(start, cased)
                                  for start in forms[word[:1].upper() + word[1:]]):
            nouns.add(word)
    return nouns


def _starts_sentence(start: int, cased: str) -> bool:
    """Whether the word at `start` opens the text, a line or a sentence (after quotes and
    brackets), where every word is capitalised."""
    i = start - 1
    while i >= 0 and cased[i] in _OPENERS:
        i -= 1
    return i < 0 or cased[i] in _SENTENCE_ENDS


def _whole_words(word: str, text: str) -> Iterator[int]:
    """Start offsets of `word` in `text` as a whole token (str.find: much faster than a
    regular expression with look-behind on long texts)."""
    end = len(word)
    start = text.find(word)
    while start >= 0:
        before = text[start - 1] if start else " "
        after = text[start + end] if start + end < len(text) else " "
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            yield start
        start = text.find(word, start + 1)


def cased_text(title: str | None, description: str | None, paragraphs: list[str]) -> str:
    """About the text `article_zones` reads, as written: title, lead and paragraphs (up to
    MAX_BODY_TOKENS words of the body), one a line."""
    kept = paragraphs[:1]
    words = 0
    for paragraph in paragraphs[1:]:
        if words >= MAX_BODY_TOKENS:
            break
        kept.append(paragraph)
        words += paragraph.count(" ") + 1
    return "\n".join(filter(None, [title, description, *kept]))


def article_zones(title: str | None, description: str | None,
                  paragraphs: list[str]) -> list[tuple[list[str], float]]:
    zones: list[tuple[list[str], float]] = []
    if title:
        zones.append((tokens(title), TITLE_WEIGHT))
    lead = [description] if description else []
    lead += paragraphs[:1]
    if lead:
        zones.append((tokens(" ".join(lead)), LEAD_WEIGHT))
    body: list[str] = []
    for paragraph in paragraphs[1:]:
        body.extend(tokens(paragraph))
        if len(body) >= MAX_BODY_TOKENS:
            break
    zones.append((body[:MAX_BODY_TOKENS], 1.0))
    return zones


def rank_top_level(scores: dict[str, float]) -> list[tuple[str, float]]:
    """Top-level topics by share of the evidence, best first (ties by code: deterministic)."""
    total = sum(scores.values())
    if total <= 0:
        return []
    return sorted(((code, value / total) for code, value in scores.items()),
                  key=lambda item: (-item[1], item[0]))


@cache
def finer_name_starts() -> frozenset[str]:
    return frozenset(words[0] for words in finer_names())


@cache
def finer_names() -> dict[tuple[str, ...], str]:
    """Names (en, de, fr, es) of level 2-3 topics whose wording is specific enough."""
    names: dict[tuple[str, ...], set[str]] = {}
    for t in topics().values():
        if t.level not in (2, 3):
            continue
        for lang in ("en", "en-US", "de", "fr", "es"):
            name = t.name.get(lang)
            if not name:
                continue
            words = tuple(tokens(name))
            if 0 < len(words) <= 3 and sum(len(w) for w in words) >= 5:
                names.setdefault(words, set()).add(t.code)
    return {words: next(iter(codes)) for words, codes in names.items() if len(codes) == 1}


def finer_topics(zones: list[tuple[list[str], float]], tops: set[str],
                 cased: str | None = None, language: str = "en") -> dict[str, float]:
    """Level 2-3 topics named in the text under one of `tops`, with weighted counts. With
    `cased` (`cased_text`), German text names a topic in one word only where it writes the
    word as a noun, as in `score_topics` ("ringen um den Titel" is no wrestling)."""
    names = finer_names()
    starts = finer_name_starts()
    known = topics()
    check_nouns = cased is not None and language in NOUN_CAPITAL_LANGUAGES
    found: dict[str, float] = {}
    one_word: dict[str, list[tuple[str, float]]] = {}  # word -> (topic, zone weight)
    for words, zone_weight in zones:
        n = len(words)
        for i in range(n):
            if words[i] not in starts:
                continue
            for size in (3, 2, 1):
                if i + size > n:
                    continue
                code = names.get(tuple(words[i:i + size]))
                if code and known[code].top in tops:
                    if size == 1 and check_nouns:
                        one_word.setdefault(words[i], []).append((code, zone_weight))
                    else:
                        found[code] = found.get(code, 0.0) + zone_weight
                    break
    if one_word:
        for word in sorted(nouns_written(set(one_word), cased or "")):
            for code, weight in one_word[word]:
                found[code] = found.get(code, 0.0) + weight
    return found
