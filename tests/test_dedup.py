"""Story decisions on real article texts (tests/data/dedup, from the Fundus fixtures)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from tests.stores import NoIteration
from workers.dedup import Decision, StoryIndex, article_id
from workers.records import Analysed, Extracted, Origin
from workers.settings import DedupSettings
from workers.urls import canonical_url

DATA = Path(__file__).parent / "data" / "dedup"
T0 = 1_750_000_000.0
DAY = 86400.0

FOOTERS = {
    "a.example": ["Sign up for our morning newsletter to get the day's most important "
                  "stories delivered straight to your inbox.",
                  "Read more news from A Daily at a.example."],
    "b.example": ["Advertisement",
                  "Copyright 2025 The Associated Press. All rights reserved. This material "
                  "may not be published, broadcast, rewritten or redistributed."],
    "c.example": ["Follow us on Facebook, X and Instagram for the latest updates from "
                  "around the world, day and night."],
}


def article(name: str) -> list[str]:
    return json.loads((DATA / f"{name}.json").read_text())["paragraphs"]


EURONEWS = "uk_EuronewsEN_2024_04_30"
WEST = "au_WestAustralian_2024_11_26"
FOX = "us_FoxNews_2023_04_28"
INEWS = "uk_iNews_2025_01_28"
ROLLING = "us_RollingStone_2024_04_25"


class Feed:
    """Pages to one index, each a new input message unless told otherwise."""

    def __init__(self, settings: DedupSettings | None = None) -> None:
        self.store: dict[str, bytes] = {}
        self.index = StoryIndex(self.store, settings or DedupSettings())
        self.offset = 0

    def page(self, url: str, paragraphs: list[str], *, canonical: str | None = None,
             offset: int | None = None) -> Analysed:
        if offset is None:
            self.offset += 1
            offset = self.offset
        site = re.sub(r"^https?://([^/]+)/.*$", r"\1", url)
        extracted = Extracted(
            url=url, canonical_url=canonical, site=site, sitename=None, title=None,
            authors=[], published_at=None, language="en", description=None,
            paragraphs=list(paragraphs),
        )
        return Analysed(origin=Origin("pages.raw", offset % 3, offset), extracted=extracted,
                        tags=[])

    def send(self, url: str, paragraphs: list[str], now: float = T0, **kw) -> Decision:
        return self.index.decide(self.page(url, paragraphs, **kw), now)


def outlet_copy(site: str, paragraphs: list[str]) -> list[str]:
    return paragraphs + FOOTERS[site]


def warm_up(feed: Feed) -> None:
    """Three other stories from each outlet, so that their footers are known boilerplate
    (as in a running stream; until then a footer may be listed among added paragraphs)."""
    for n, name in enumerate((EURONEWS, WEST, INEWS)):
        for site in FOOTERS:
            feed.send(f"https://{site}/warm-up/{n}", outlet_copy(site, article(name)),
                      T0 - DAY + n)


def change_words(paragraph: str, changes: dict[str, str]) -> str:
    for old, new in changes.items():
        assert old in paragraph
        paragraph = paragraph.replace(old, new, 1)
    return paragraph


# --- each decision kind ----------------------------------------------------------------------


def test_first_page_is_a_new_story_named_after_its_article() -> None:
    feed = Feed()
    text = article(EURONEWS)
    decision = feed.send("https://a.example/news/sweden-police?utm_source=rss", text)
    expected_id = article_id("https://a.example/news/sweden-police", "\n\n".join(text))
    assert decision.kind == "new"
    assert decision.article_id == expected_id == decision.story_id
    assert decision.version == 1
    assert decision.duplicate_of is None
    assert decision.canonical_url == "https://a.example/news/sweden-police"


def test_same_canonical_url_and_text_is_a_url_duplicate() -> None:
    feed = Feed()
    text = outlet_copy("a.example", article(WEST))
    first = feed.send("https://a.example/politics/climate", text)
    again = feed.send("https://www.a.example/politics/climate/amp/?fbclid=x", text, T0 + 600)
    via_canonical = feed.send("https://a.example/amp/123", text, T0 + 700,
                              canonical="https://a.example/politics/climate")
    for decision in (again, via_canonical):
        assert decision.kind == "url"
        assert decision.story_id == first.story_id
        assert decision.duplicate_of == first.article_id
        assert decision.similarity == 1.0


def test_same_text_on_another_site_is_an_exact_duplicate() -> None:
    feed = Feed()
    text = article(FOX)
    first = feed.send("https://a.example/politics/china-committee", text)
    # Normalisation: case, punctuation and spacing do not make a text different.
    restyled = [p.replace("\u201c", '"').replace("\u201d", '"').replace(",", " ,")
                for p in text]
    copy = feed.send("https://c.example/world/house-committee-fbi", restyled, T0 + 60)
    assert copy.kind == "exact"
    assert copy.story_id == first.story_id
    assert copy.duplicate_of == first.article_id
    assert copy.article_id != first.article_id


def test_edited_copies_are_near_duplicates_of_the_story() -> None:
    feed = Feed()
    text = article(FOX)
    first = feed.send("https://a.example/politics/china", outlet_copy("a.example", text))
    # Another outlet: its own footer, truncated to 60%, a paragraph dropped, words changed.
    edited = text[: round(len(text) * 0.6)]
    del edited[3]
    edited[1] = change_words(edited[1], {"FBI": "Federal Bureau of Investigation"})
    near = feed.send("https://b.example/us/fbi-china-stations",
                     outlet_copy("b.example", edited), T0 + 900)
    assert near.kind == "near"
    assert near.story_id == first.story_id
    assert near.duplicate_of == first.article_id
    assert 0.8 <= near.similarity < 1.0
    # The same edited text again, elsewhere: an exact duplicate of what was published.
    again = feed.send("https://c.example/us/fbi-china", outlet_copy("b.example", edited),
                      T0 + 960)
    assert (again.kind, again.story_id, again.duplicate_of) == (
        "exact", first.story_id, first.article_id)


def test_a_copy_adding_paragraphs_is_the_next_version() -> None:
    feed = Feed()
    warm_up(feed)
    text = article(FOX)
    held_back = text[-3:]
    first = feed.send("https://a.example/politics/china", outlet_copy("a.example", text[:-3]))
    update = feed.send("https://b.example/us/china-police", outlet_copy("b.example", text),
                       T0 + 3600)
    assert update.kind == "version"
    assert update.story_id == first.story_id
    assert update.version == 2
    assert update.updates == first.article_id
    assert update.added_paragraphs == held_back
    # Copies of the update now duplicate the version, not the first article.
    copy = feed.send("https://c.example/news/fbi",
                     outlet_copy("c.example", text[:-1]), T0 + 4000)
    assert (copy.kind, copy.story_id, copy.duplicate_of, copy.version) == (
        "near", first.story_id, update.article_id, 2)


def test_new_paragraphs_on_top_make_a_version_too() -> None:
    feed = Feed()
    text = article(ROLLING)
    base = [text[0], *text[3:]]
    first = feed.send("https://a.example/music/kelce", base)
    update = feed.send("https://a.example/music/kelce", text, T0 + 1800)
    assert (update.kind, update.version, update.story_id) == ("version", 2, first.story_id)
    assert update.added_paragraphs == text[1:3]


def test_the_full_text_after_a_truncated_copy_is_a_version() -> None:
    feed = Feed()
    warm_up(feed)
    text = article(FOX)
    truncated = text[: len(text) // 2]
    first = feed.send("https://b.example/us/fbi", outlet_copy("b.example", truncated))
    full = feed.send("https://a.example/politics/china", outlet_copy("a.example", text),
                     T0 + 300)
    assert (full.kind, full.story_id, full.version) == ("version", first.story_id, 2)
    assert full.added_paragraphs == text[len(text) // 2 :]


def test_unknown_footers_alone_do_not_make_a_version() -> None:
    feed = Feed()
    text = article(FOX)
    first = feed.send("https://a.example/politics/china", text[:12])
    footers = FOOTERS["b.example"] + FOOTERS["c.example"]  # 35 words, never seen before
    copy = feed.send("https://b.example/us/fbi", text[:12] + footers, T0 + 60)
    assert (copy.kind, copy.story_id) == ("near", first.story_id)


def test_footers_and_rewritten_sentences_are_no_news() -> None:
    feed = Feed()
    text = article(EURONEWS)
    first = feed.send("https://a.example/world/sweden", outlet_copy("a.example", text))
    rewritten = list(text)
    rewritten[4] = change_words(rewritten[4], {"the": "a", "to": "in order to"})
    # A paragraph reworded from the story's own words (here: every clause turned around)
    # has no shingle in common with the story, but brings no new word either.
    rewritten[11] = " ".join(reversed(rewritten[11].split()))
    copy = feed.send("https://c.example/europe/sweden-police",
                     outlet_copy("c.example", rewritten), T0 + 120)
    assert (copy.kind, copy.story_id) == ("near", first.story_id)


# --- different stories never merge -----------------------------------------------------------

EARNINGS = (
    "{company} ({ticker}) on {day} reported a {quarter} profit of ${profit} million. "
    "The {city}-based company said it had net income of {eps} cents per share. "
    "Earnings, adjusted for one-time gains and costs, came to {adj} cents per share.",
    "The results {verdict} Wall Street expectations. The average estimate of {n} analysts "
    "surveyed by Zacks Investment Research was for earnings of {est} cents per share.",
    "The {maker} posted revenue of ${revenue} million in the period, {also} Street "
    "forecasts. {n2} analysts surveyed by Zacks expected ${exp_rev} million.",
    "{company} shares have {moved} {pct}% since the beginning of the year, while the "
    "S&P's 500 index has climbed {spx}%. The stock has {moved2} {pct12}% in the last 12 "
    "months.",
    "This story was generated by Automated Insights using data from Zacks Investment "
    "Research. Access a Zacks stock report on {ticker}.",
)
COMPANIES = [
    dict(company="Acme Industrial Corp.", ticker="ACME", day="Tuesday", quarter="third-quarter",
         profit="45.2", city="Springfield", eps="52", adj="61", verdict="topped", n="four",
         est="58", maker="maker of industrial pumps", revenue="512.3", also="also surpassing",
         n2="Three", exp_rev="498.7", moved="increased", pct="12", spx="9", moved2="risen",
         pct12="18"),
    dict(company="Globex Holdings Inc.", ticker="GBX", day="Wednesday", quarter="fourth-quarter",
         profit="118.9", city="Cypress Creek", eps="87", adj="93", verdict="missed", n="six",
         est="97", maker="logistics software company", revenue="1,204.6", also="falling short of",
         n2="Five", exp_rev="1,251.2", moved="declined", pct="7", spx="11", moved2="fallen",
         pct12="3"),
    dict(company="Initech Systems", ticker="INTK", day="Thursday", quarter="first-quarter",
         profit="3.4", city="Austin, Texas", eps="9", adj="14", verdict="met", n="two",
         est="14", maker="office software maker", revenue="88.1", also="in line with",
         n2="Two", exp_rev="87.9", moved="climbed", pct="31", spx="4", moved2="climbed",
         pct12="44"),
]


def test_stories_from_one_template_stay_apart() -> None:
    feed = Feed()
    stories = []
    for number, facts in enumerate(COMPANIES):
        text = [p.format(**facts) for p in EARNINGS]
        decision = feed.send(f"https://a.example/business/earnings-{number}",
                             outlet_copy("a.example", text), T0 + number * 60)
        assert decision.kind == "new"
        stories.append(decision.story_id)
        # ...while a copy of each one still joins its own story.
        copy = feed.send(f"https://b.example/markets/{facts['ticker']}",
                         outlet_copy("b.example", text), T0 + number * 60 + 30)
        assert (copy.kind, copy.story_id) == ("near", decision.story_id)
    assert len(set(stories)) == 3


WEATHER = (
    "The National Weather Service has issued a forecast for {city} and the surrounding "
    "area for {day}. Skies will be {sky} with a high near {hi} degrees and a low around "
    "{lo} degrees, and winds will blow from the {wind} at {speed} miles per hour.",
    "Residents are advised to check the latest forecast before travelling, as conditions "
    "can change quickly at this time of year. Drivers should allow extra time for their "
    "journeys and keep a safe distance from other vehicles on the road.",
    "People with respiratory conditions should limit strenuous outdoor activity during the "
    "hottest part of the day, and pet owners are reminded to make sure that their animals "
    "have access to shade and fresh water at all times.",
    "The forecast for {city} is updated every six hours by the {office} office, and the "
    "next update is expected on {next} morning.",
)
PLACES = [
    dict(city="Springfield", day="Tuesday", sky="partly cloudy", hi="74", lo="58",
         wind="southwest", speed="10", office="Lincoln", next="Wednesday"),
    dict(city="Riverton", day="Friday", sky="mostly sunny", hi="88", lo="66",
         wind="northeast", speed="15", office="Casper", next="Saturday"),
    dict(city="Lakewood", day="Sunday", sky="overcast", hi="61", lo="49",
         wind="west", speed="5", office="Boulder", next="Monday"),
]


def test_forecasts_from_one_template_differ_in_their_facts() -> None:
    # The fixed prose is most of the text: the names and numbers tell the stories apart.
    feed = Feed()
    decisions = [feed.send(f"https://a.example/weather/{n}",
                           [p.format(**place) for p in WEATHER], T0 + n * 3600)
                 for n, place in enumerate(PLACES)]
    assert [d.kind for d in decisions] == ["new", "new", "new"]
    again = feed.send("https://b.example/forecast/lakewood",
                      outlet_copy("b.example", [p.format(**PLACES[2]) for p in WEATHER]),
                      T0 + 3 * 3600)
    assert (again.kind, again.story_id) == ("near", decisions[2].story_id)


def test_same_prose_with_other_names_and_numbers_is_another_story() -> None:
    feed = Feed()
    text = article(WEST)
    first = feed.send("https://a.example/politics/climate", text)
    names: dict[str, str] = {}

    def other(match: re.Match[str]) -> str:
        token = match.group(0)
        return names.setdefault(token, f"Zq{len(names)}x" if token[0].isalpha()
                                else str(len(names) * 37 + 11))

    sibling = [re.sub(r"(?<=\w )[A-Z]\w+|\d+", other, p) for p in text]
    assert sum(a != b for a, b in zip(text, sibling, strict=True)) >= 8
    decision = feed.send("https://c.example/politics/other-state", sibling, T0 + 60)
    assert decision.kind == "new"
    assert decision.story_id != first.story_id


def test_stories_sharing_a_first_paragraph_stay_apart() -> None:
    feed = Feed()
    lede = article(EURONEWS)[0]
    a = feed.send("https://a.example/live/1", [lede, *article(INEWS)[1:]])
    b = feed.send("https://a.example/live/2", [lede, *article(WEST)], T0 + 600)
    c = feed.send("https://a.example/live/3", [lede, *article(ROLLING)], T0 + 1200)
    assert [d.kind for d in (a, b, c)] == ["new", "new", "new"]
    assert len({a.story_id, b.story_id, c.story_id}) == 3


def test_news_around_one_paragraph_of_a_story_is_another_story() -> None:
    # Most of this page is one (long) paragraph of an earlier story, but the rest is other
    # news: a story that quotes or shares that paragraph, not an update of the first one.
    feed = Feed()
    first = feed.send("https://a.example/politics/china", article(FOX))
    other = feed.send("https://c.example/uk/protest",
                      [article(FOX)[13], article(INEWS)[3]], T0 + 600)
    assert other.kind == "new"
    assert other.story_id != first.story_id


def test_stories_sharing_boilerplate_stay_apart() -> None:
    feed = Feed()
    decisions = [feed.send(f"https://b.example/news/{n}", outlet_copy("b.example", article(n)),
                           T0 + i * 60)
                 for i, n in enumerate((EURONEWS, WEST, FOX, INEWS, ROLLING))]
    assert [d.kind for d in decisions] == ["new"] * 5
    assert len({d.story_id for d in decisions}) == 5


def test_learned_boilerplate_does_not_join_stories() -> None:
    # A long disclaimer, seen on three stories already, is no evidence of a copy.
    disclaimer = (
        "This article is provided for general information only and does not constitute "
        "legal, financial or medical advice. Readers should consult a qualified "
        "professional before acting on any of the information it contains, and the "
        "publisher accepts no liability for any loss arising from reliance on it.")
    feed = Feed()
    for n, name in enumerate((FOX, ROLLING, INEWS)):
        feed.send(f"https://b.example/{n}", [*article(name)[:4], disclaimer], T0 + n)
    first = feed.send("https://b.example/brief/1", [article(WEST)[0], disclaimer], T0 + 60)
    second = feed.send("https://b.example/brief/2", [article(EURONEWS)[1], disclaimer],
                       T0 + 120)
    assert (first.kind, second.kind) == ("new", "new")
    assert first.story_id != second.story_id


def test_short_briefs_do_not_match_on_a_shared_footer() -> None:
    feed = Feed()
    footer = FOOTERS["b.example"][1:] + FOOTERS["a.example"][:1]
    first = feed.send("https://b.example/brief/1", [article(INEWS)[0], *footer])
    second = feed.send("https://b.example/brief/2", [article(WEST)[0], *footer], T0 + 60)
    assert (first.kind, second.kind) == ("new", "new")
    assert first.story_id != second.story_id


# --- streaming properties --------------------------------------------------------------------


def test_a_redelivered_input_gets_the_same_decision_and_changes_nothing() -> None:
    feed = Feed()
    text = article(FOX)
    feed.send("https://a.example/politics/china", text[:-3])
    item = feed.page("https://b.example/us/china", outlet_copy("b.example", text))
    decision = feed.index.decide(item, T0 + 3600)
    assert decision.kind == "version"
    state = dict(feed.store)
    # After a crash the same message comes again, possibly much later.
    again = feed.index.decide(feed.page("https://b.example/us/china",
                                        outlet_copy("b.example", text),
                                        offset=item.origin.offset), T0 + 7200)
    assert again == decision
    assert feed.store == state
    # The same page as a *new* message is a duplicate of the version it made.
    copy = feed.send("https://b.example/us/china", outlet_copy("b.example", text), T0 + 7300)
    assert (copy.kind, copy.duplicate_of) == ("url", decision.article_id)


class Recording(dict):
    """A store that keeps the keys written to it, in order."""

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.written: list[str] = []

    def __setitem__(self, key, value) -> None:
        self.written.append(key)
        super().__setitem__(key, value)


@pytest.mark.parametrize("disorder", [None, "count behind", "clock back"])
def test_a_replayed_decision_not_yet_published_writes_its_keys_again_unchanged(
        disorder: str | None) -> None:
    """The replay of a decision whose record is not known to be out writes every key the
    decision wrote, with the values the store holds (a same-host restart's changelog may
    lack them all); once it is marked published, a replay writes nothing.

    `disorder`: the bucket's count put back to an older value (recovery re-applied a
    changelog record over a store that was ahead), or the clock a little back since."""
    from workers.dedup import COUNT

    feed = Feed()
    feed.store = Recording()
    feed.index = StoryIndex(feed.store, DedupSettings())
    text = article(FOX)
    warm_up(feed)
    feed.send("https://a.example/politics/china", text[:-3], T0 + 100)
    item = feed.page("https://b.example/us/china", outlet_copy("b.example", text))
    written_at = T0 + 50 if disorder == "clock back" else T0 + 200
    feed.store.written.clear()
    decision = feed.index.decide(item, written_at)
    first = list(feed.store.written)
    assert decision.kind == "version" and len(first) > 5
    for n in range(3):  # decisions after it
        feed.send(f"https://c.example/later/{n}", outlet_copy("c.example", article(ROLLING))[n:],
                  T0 + 300 + n)
    count_key = next(key for key in first if key.startswith("t") and "." not in key)
    if disorder == "count behind":
        feed.store[count_key] = COUNT.pack(T0, 1)
    state = dict(feed.store)
    feed.store.written.clear()
    assert feed.index.decide(item, T0 + 7200) == decision
    assert sorted(feed.store.written) == sorted(first) and feed.store == state
    feed.index.mark_published(item.origin.input_id)
    feed.store.written.clear()
    assert feed.index.decide(item, T0 + 7300) == decision
    assert feed.store.written == []


@pytest.mark.parametrize("writes_before_crash", [0, 1, 3, 1000])
def test_a_crash_part_way_through_the_writes_repeats_the_decision(
        writes_before_crash: int) -> None:
    class CrashingDict(dict):
        budget = writes_before_crash

        def __setitem__(self, key, value):
            if CrashingDict.budget == 0:
                raise RuntimeError("worker died")
            CrashingDict.budget -= 1
            super().__setitem__(key, value)

    text = article(FOX)
    clean = Feed()
    clean.send("https://a.example/politics/china", text[:-3])
    expected = clean.send("https://b.example/us/china", outlet_copy("b.example", text), T0 + 60)

    feed = Feed()
    feed.send("https://a.example/politics/china", text[:-3])
    survived = CrashingDict(feed.store)
    crashing = StoryIndex(survived, DedupSettings())
    item = feed.page("https://b.example/us/china", outlet_copy("b.example", text))
    if writes_before_crash < 100:
        with pytest.raises(RuntimeError):
            crashing.decide(item, T0 + 60)
    else:
        crashing.decide(item, T0 + 60)  # no crash at all
    # The partition moves to another worker, which restores the table and gets the input again.
    restored = StoryIndex(dict(survived), DedupSettings())
    assert restored.decide(item, T0 + 90) == expected


def test_decisions_depend_only_on_the_order_of_arrival() -> None:
    def run() -> list[Decision]:
        feed = Feed()
        pages = [
            ("https://a.example/1", article(FOX)[:-2]),
            ("https://b.example/2", outlet_copy("b.example", article(FOX)[:8])),
            ("https://a.example/3", article(WEST)),
            ("https://c.example/4", outlet_copy("c.example", article(FOX))),
            ("https://c.example/5", outlet_copy("c.example", article(WEST)[:6])),
        ]
        return [feed.send(url, text, T0 + i) for i, (url, text) in enumerate(pages)]

    first, second = run(), run()
    assert first == second
    assert [d.kind for d in first] == ["new", "near", "new", "version", "near"]


def test_stories_are_forgotten_after_the_window() -> None:
    settings = DedupSettings(window_days=2.0, bucket_seconds=3600.0)
    feed = Feed(settings)
    text = article(EURONEWS)
    first = feed.send("https://a.example/world/sweden", text, T0)
    # A story updated on day 1 stays until two days after its update.
    other = feed.send("https://a.example/politics/climate", article(WEST)[:-2], T0)
    feed.send("https://b.example/politics/climate", article(WEST), T0 + 1 * DAY)
    assert feed.index.expire(T0 + 1.5 * DAY) == 0
    removed = feed.index.expire(T0 + 2 * DAY + 7200)
    assert removed > 0
    copy = feed.send("https://c.example/world/sweden-police",
                     outlet_copy("c.example", text), T0 + 2 * DAY + 7300)
    assert copy.kind == "new" and copy.story_id != first.story_id
    still = feed.send("https://c.example/politics/climate", outlet_copy("c.example",
                      article(WEST)), T0 + 2 * DAY + 7400)
    assert (still.kind, still.story_id) == ("near", other.story_id)
    # Everything goes in the end, but the bookkeeping of where expiry stopped.
    feed.index.expire(T0 + 10 * DAY)
    assert set(feed.store) == {"t_first"}


def test_expire_only_visits_buckets_that_left_the_window() -> None:
    class CountingDict(dict):
        reads = 0

        def get(self, key, default=None):
            CountingDict.reads += 1
            return super().get(key, default)

    store = CountingDict()
    index = StoryIndex(store, DedupSettings(window_days=1.0))
    feed = Feed()
    for n, name in enumerate((EURONEWS, WEST, FOX)):
        index.decide(feed.page(f"https://a.example/{n}", article(name)), T0 + n * 3600)
    index.expire(T0 + 2 * DAY)
    CountingDict.reads = 0
    assert index.expire(T0 + 2 * DAY + 600) == 0
    assert CountingDict.reads <= 2


def contents(store: dict[str, bytes]) -> dict[str, bytes]:
    return dict(dict.items(store))


def test_expiry_is_budgeted_resumes_in_a_new_owner_and_ends_as_unbudgeted() -> None:
    settings = DedupSettings(window_days=1.0)
    feed = Feed(settings)
    stored = NoIteration()
    index = StoryIndex(stored, settings)
    pages = [feed.page(f"https://{site}/{n}", outlet_copy(site, article(name)))
             for n, name in enumerate((EURONEWS, WEST, INEWS, ROLLING))
             for site in FOOTERS]
    for n, page in enumerate(pages):  # 12 pages over three hourly buckets
        feed.index.decide(page, T0 + n * 700)
        index.decide(page, T0 + n * 700)
    later = feed.send("https://a.example/later", article(FOX), T0 + 3 * DAY)
    index.decide(feed.page("https://a.example/later", article(FOX), offset=feed.offset),
                 T0 + 3 * DAY)
    assert contents(stored) == feed.store
    now = T0 + 3 * DAY + 60
    everything = feed.index.expire(now, budget=10**9)
    assert everything > 100
    removed = [index.expire(now, budget=25)]
    successor = StoryIndex(stored, settings)  # the partition moved to another worker
    while len(removed) < 200 and (removed[-1] or len(removed) < 5):
        removed.append(successor.expire(now, budget=25))
    assert max(removed) <= 25 and len([n for n in removed if n]) >= everything // 25
    assert sum(removed) == everything
    # The same keys are left as after one unbudgeted call (`t_first` aside: it says where
    # the last call stopped).
    left = contents(stored)
    assert left.pop("t_first") and left == {k: v for k, v in feed.store.items()
                                            if k != "t_first"}
    # What the last page wrote is still there: a copy of it is a duplicate.
    copy = feed.page("https://b.example/later", outlet_copy("b.example", article(FOX)))
    assert index.decide(copy, now + 60).story_id == later.story_id


def test_expiry_resumes_from_a_cursor_written_before_budgets() -> None:
    """`t_first` held only the next bucket before expiry had budgets."""
    settings = DedupSettings(window_days=1.0)
    feed = Feed(settings)
    feed.send("https://a.example/1", article(EURONEWS), T0)
    first_bucket = int(T0 // settings.bucket_seconds)
    feed.store["t_first"] = feed.store["t_first"][:8] + first_bucket.to_bytes(8, "big")
    assert feed.index.expire(T0 + 2 * DAY) > 0
    assert not [key for key in feed.store if not key.startswith("t")]


def test_a_listing_whose_count_was_lost_is_not_overwritten() -> None:
    """A worker killed between a page's listing and its bucket count: the next page takes
    the next listing, so the first page's keys still expire."""
    from workers.dedup import COUNT

    settings = DedupSettings(window_days=1.0)
    feed = Feed(settings)
    feed.send("https://a.example/1", article(EURONEWS), T0)
    count_key = f"t{int(T0 // settings.bucket_seconds):x}"
    feed.store[count_key] = COUNT.pack(T0, 0)  # as if its write never reached the broker
    feed.send("https://b.example/2", article(WEST), T0 + 1)
    assert {f"{count_key}.0", f"{count_key}.1"} <= set(feed.store)
    # The last page of a bucket, its count lost and no page after it there.
    feed.send("https://c.example/3", article(FOX), T0 + DAY)
    last_key = f"t{int((T0 + DAY) // settings.bucket_seconds):x}"
    del feed.store[last_key]
    feed.index.expire(T0 + 3 * DAY, budget=10**6)
    assert set(feed.store) == {"t_first"}


def test_writes_per_page_are_few_and_small() -> None:
    class RecordingDict(dict):
        def __init__(self) -> None:
            super().__init__()
            self.writes: list[tuple[str, int]] = []

        def __setitem__(self, key, value):
            assert isinstance(key, str) and isinstance(value, bytes)
            self.writes.append((key, len(value)))
            super().__setitem__(key, value)

    store = RecordingDict()
    settings = DedupSettings()
    index = StoryIndex(store, settings)
    feed = Feed()
    text = article(FOX)
    index.decide(feed.page("https://a.example/1", outlet_copy("a.example", text)), T0)
    new_story_writes = list(store.writes)
    assert len(new_story_writes) <= settings.lsh_bands + len(text) + 10
    store.writes.clear()
    index.decide(feed.page("https://b.example/2", outlet_copy("b.example", text[:10])), T0 + 60)
    # A near duplicate: its decision, text and URL keys, the listing of those in their
    # time bucket (2), and its unseen paragraphs (the footer).
    assert len(store.writes) <= 5 + len(FOOTERS["b.example"])
    assert max(size for _, size in store.writes) < 1024


@pytest.mark.parametrize("rows,bands", [(3, 42), (4, 32)])
def test_lsh_shapes_both_work(rows: int, bands: int) -> None:
    feed = Feed(replace(DedupSettings(), lsh_rows=rows, lsh_bands=bands))
    text = article(INEWS)
    first = feed.send("https://a.example/1", text)
    near = feed.send("https://b.example/2", outlet_copy("b.example", text[2:12]), T0 + 1)
    assert (near.kind, near.story_id) == ("near", first.story_id)


def test_canonical_url_is_used_for_the_id() -> None:
    text = "\n\n".join(article(ROLLING))
    assert article_id(canonical_url("https://www.a.example/x/?utm_source=1"), text) == (
        article_id("https://a.example/x", text))
    assert article_id("https://a.example/x", text) != article_id("https://a.example/y", text)
    assert article_id("https://a.example/x", text) != article_id("https://a.example/x",
                                                                 text + ".")
