"""Weak IPTC top-level labels for shared-corpus pages, from the publisher's own sections.

A page's label comes from the first URL path segment (or subdomain) that names a news
section ("/politik/", "/sport/", "sports.example.com"), else from a publisher category or
tag that is itself a section name ("Wirtschaft", "Politics"). Pages without such a hint,
or with hints to two different topics, get no label. The tagger never sees URLs or
publisher tags when it picks subjects, so these labels are independent of its input text.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

ARTS, CRIME, DISASTER, ECONOMY = "medtop:01000000", "medtop:02000000", "medtop:03000000", \
    "medtop:04000000"
EDUCATION, ENVIRONMENT, HEALTH, HUMAN = "medtop:05000000", "medtop:06000000", \
    "medtop:07000000", "medtop:08000000"
LABOUR, LIFESTYLE, POLITICS, RELIGION = "medtop:09000000", "medtop:10000000", \
    "medtop:11000000", "medtop:12000000"
SCIENCE, SOCIETY, SPORT, CONFLICT, WEATHER = "medtop:13000000", "medtop:14000000", \
    "medtop:15000000", "medtop:16000000", "medtop:17000000"

SECTIONS: dict[str, str] = {}
for _topic, _words in {
    POLITICS: "politik politics politica política politique polityka politika innenpolitik "
              "aussenpolitik us-politics federal-politics elections wahlen wahl politik-und-macht "
              "uk-politics government",
    ECONOMY: "wirtschaft business economy economia economía economie gospodarka ekonomika "
             "finanzen finance markets maerkte kapitalmaerkte boerse money geld unternehmen "
             "banken-finanzen finanse biznes wirtschaftspolitik immobilien",
    SPORT: "sport sports fussball fußball soccer deportes esportes sporty bundesliga tennis "
           "formel1 mehr-sport handball eishockey sportowe",
    ARTS: "kultur culture cultura kultura entertainment music musik film kino movies "
          "espectaculos books buecher literatur theater kunst arts celebrity stars promis tv "
          "medien media",
    SCIENCE: "wissen science wissenschaft tech technology technik digital internet computer "
             "software ciencia nauka technologie astronomie forschung apps gadgets netzwelt "
             "technologia",
    HEALTH: "gesundheit health salud zdrowie medizin medicine",
    ENVIRONMENT: "umwelt klima environment climate green natur",
    WEATHER: "weather wetter",
    CRIME: "crime kriminalitaet polizei justiz blaulicht police courts recht",
    LIFESTYLE: "reise reisen travel food rezepte essen lifestyle style mode fashion beauty "
               "wein wine genuss garten wohnen freizeit",
    EDUCATION: "bildung education schule hochschule campus",
    RELIGION: "religion kirche glaube",
    LABOUR: "karriere jobs arbeit beruf",
    SOCIETY: "gesellschaft society sociedad",
}.items():
    for _word in _words.split():
        SECTIONS[_word] = _topic


def weak_label(url: str, categories: list[str], tags: list[str]) -> str | None:
    """The IPTC top-level code that the publisher's section implies, or None."""
    parts = urlsplit(url)
    host_words = parts.hostname.split(".")[:-2] if parts.hostname else []
    segments = [s.lower() for s in parts.path.split("/") if s][:3]
    hits = [SECTIONS[w] for w in host_words + segments if w in SECTIONS]
    if not hits:
        hits = [SECTIONS[c.strip().lower()] for c in categories + tags
                if c and c.strip().lower() in SECTIONS]
    if not hits or len(set(hits)) > 1:
        return None
    return hits[0]


def split_of(url: str) -> str:
    """'dev' or 'test', fixed by a hash of the URL: test pages are never looked at to tune."""
    digest = hashlib.sha1(re.sub(r"[?#].*", "", url).encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"
