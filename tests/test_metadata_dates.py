"""Publication time in two forms (UTC and the publisher's own), and author fields.

Real pages come from tests/pages/ (see its README): their `published_day_local` is the
human truth's day, which is the day in the publisher's zone; `published_local`, where
given, is the time exactly as the page states it (or the publisher's day alone, where the
page states its time only in UTC and the day comes from other evidence);
`published_day_utc`, where given, is the day of the UTC form (else it must differ from the
local day: the case is about the local form).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import orjson
import pytest
from jsonschema import ValidationError
from trafilatura.utils import load_html

from workers.dedup import Decision
from workers.envelope import decode_html
from workers.metadata import (
    MetadataSource,
    PublicationTime,
    author_links,
    choose_authors,
    clean_authors,
    parse_date,
    publication_time,
    read_metadata,
    shown_date,
)
from workers.pipeline import build_article
from workers.records import Analysed, Extracted, Origin, to_json
from workers.schemas import validate

PAGES = Path(__file__).parent / "pages"
DATED = sorted(p.parent.name for p in PAGES.glob("*/expected.json")
               if "published_day_local" in json.loads(p.read_text(encoding="utf-8")))
SITE = ["Example News", "example.com"]


def load_case(name: str) -> tuple[str, dict]:
    folder = PAGES / name
    # Decoded as the worker decodes a raw page: some pages are not UTF-8.
    html = decode_html(gzip.decompress((folder / "page.html.gz").read_bytes()))
    return html, json.loads((folder / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("value", "utc", "local"), [
    # The page's own offset is kept; UTC is the same instant.
    ("2020-05-03T23:30:00-04:00", "2020-05-04T03:30:00Z", "2020-05-03T23:30:00-04:00"),
    ("2024-04-22T00:30:00+0200", "2024-04-21T22:30:00Z", "2024-04-22T00:30:00+02:00"),
    ("2024-04-22T10:15:00Z", "2024-04-22T10:15:00Z", "2024-04-22T10:15:00Z"),
    ("2024-04-22T10:15:00+00:00", "2024-04-22T10:15:00Z", "2024-04-22T10:15:00+00:00"),
    # A wall-clock time without zone: not guessed into UTC, kept as stated locally.
    ("2024-04-22T10:15:00", "2024-04-22", "2024-04-22T10:15:00"),
    ("2024-04-22", "2024-04-22", "2024-04-22"),
    # An offset no zone has is no offset: the day is what is known.
    ("2024-04-22T10:15:00+2500", "2024-04-22", "2024-04-22"),
    # RFC 2822, as HTTP headers and RSS write it.
    ("Sat, 19 Oct 2019 00:04:00 +0200", "2019-10-18T22:04:00Z", "2019-10-19T00:04:00+02:00"),
    ("Wed, 04 May 2022 00:25:56 GMT", "2022-05-04T00:25:56Z", "2022-05-04T00:25:56Z"),
    ("4 May 2021 19:18 -0500", "2021-05-05T00:18:00Z", "2021-05-04T19:18:00-05:00"),
    # JavaScript's and Java's Date.toString(); a zone abbreviation with one meaning only.
    ("Tue Feb 20 2018 01:00:00 GMT+0100 (Central European Standard Time)",
     "2018-02-20T00:00:00Z", "2018-02-20T01:00:00+01:00"),
    ("Mon Oct 11 14:57:21 CEST 2021", "2021-10-11T12:57:21Z", "2021-10-11T14:57:21+02:00"),
    ("Fri Feb 18 10:27:24 2022", "2022-02-18", "2022-02-18T10:27:24"),
    ("Tue Feb 20 2018 01:00:00 CST", "2018-02-20", "2018-02-20T01:00:00"),  # US or China?
    # The day first with dots: a wall-clock time, or the day.
    ("Di., 25.01.2022 - 14:45", "2022-01-25", "2022-01-25T14:45:00"),
    ("10.12.2022, 07:00:03", "2022-12-10", "2022-12-10T07:00:03"),
    ("11.11.2021", "2021-11-11", "2021-11-11"),
])
def test_parse_date_gives_utc_and_the_stated_form(value: str, utc: str, local: str) -> None:
    assert parse_date(value) == PublicationTime(utc, local)


@pytest.mark.parametrize("value", [None, "", "April 2024", "2024-13-40", "1970-01-01",
                                   "Sat, 31 Feb 2019 00:04:00 +0200", "19 Foo 2019 10:00",
                                   "32.13.2019", "Tue Feb 20 2018 01:00:00 GMT+0100 2018",
                                   "11/01/2023 12:43:42"])
def test_parse_date_rejects_what_is_no_date(value: str | None) -> None:
    assert parse_date(value) is None


def test_there_are_dated_page_cases() -> None:
    assert len(DATED) >= 3


@pytest.mark.parametrize("name", DATED)
def test_publication_day_is_the_publishers_day(name: str) -> None:
    html, expected = load_case(name)
    tree = load_html(html)
    found = publication_time(read_metadata(tree), expected["url"], tree)
    assert found is not None
    assert found.local[:10] == expected["published_day_local"]
    if "published_local" in expected:
        assert found.local == expected["published_local"]
        if len(found.local) > 19:  # with its offset: the same instant as the UTC form
            assert parse_date(found.local).utc == found.utc
    if "published_day_utc" in expected:
        assert found.utc[:10] == expected["published_day_utc"]
    else:
        # Published late in the evening west of Greenwich, or just after midnight east of
        # it: the UTC day is another one, which is why the local form exists.
        assert found.utc[:10] != found.local[:10]


def _page(head: str, body: str = "<p>x</p>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_a_utc_time_takes_its_offset_from_the_same_instant_stated_in_local_time() -> None:
    # The <time> element gives the wall-clock time of the same instant, 5 hours earlier.
    tree = load_html(_page(
        '<meta property="article:published_time" content="2023-11-08T21:56:18Z">',
        '<time datetime="2023-11-08 16:56:18">November 8, 2023 at 4:56 p.m.</time><p>x</p>'))
    found = publication_time(read_metadata(tree), "https://example.com/a")
    assert found == PublicationTime("2023-11-08T21:56:18Z", "2023-11-08T16:56:18-05:00")


def test_a_local_time_of_another_instant_is_no_witness() -> None:
    # A later update (other minutes): the UTC form stays as stated.
    tree = load_html(_page(
        '<meta property="article:published_time" content="2023-11-08T21:56:18Z">',
        '<time datetime="2023-11-08 18:12:40">updated</time><p>x</p>'))
    found = publication_time(read_metadata(tree), "https://example.com/a")
    assert found == PublicationTime("2023-11-08T21:56:18Z", "2023-11-08T21:56:18Z")


def test_the_url_day_gives_a_utc_time_its_local_day_only_within_a_day() -> None:
    head = '<meta property="article:published_time" content="2020-02-25T02:25:54Z">'
    page = read_metadata(load_html(_page(head)))
    assert publication_time(page, "https://example.com/2020/02/24/story/").local == "2020-02-24"
    # A URL dated days before is another date (a draft), not the zone: UTC is kept.
    assert publication_time(page, "https://example.com/2020/02/20/story/").local == \
        "2020-02-25T02:25:54Z"


@pytest.mark.parametrize(("stated", "local"), [
    # A day entered without a time, stored as the UTC instant of midnight at UTC+1/+2.
    ("2021-11-04T23:00Z", "2021-11-05"),
    ("2022-06-30T22:00:00.000Z", "2022-07-01"),
    ("2022-06-30T22:00:00+00:00", "2022-07-01"),
    # Other minutes, or another hour: a time of day, kept as stated.
    ("2022-06-30T23:00:01Z", "2022-06-30T23:00:01Z"),
    ("2022-06-30T21:00:00Z", "2022-06-30T21:00:00Z"),
    # Midnight west of Greenwich falls on the same UTC day: nothing to move.
    ("2022-06-30T04:00:00Z", "2022-06-30T04:00:00Z"),
    # An offset other than UTC is the publisher's own.
    ("2022-06-30T23:00:00+01:00", "2022-06-30T23:00:00+01:00"),
])
def test_a_utc_time_at_european_midnight_is_the_next_day(stated: str, local: str) -> None:
    page = read_metadata(load_html(_page(
        f'<meta property="article:published_time" content="{stated}">')))
    found = publication_time(page, "https://example.com/a")
    assert found.local == local
    assert found.utc == parse_date(stated).utc  # the instant itself is unchanged


def test_a_same_instant_witness_and_the_url_day_come_before_the_midnight_guess() -> None:
    head = '<meta property="article:published_time" content="2021-11-04T23:00:00Z">'
    # The page states the instant with an offset (the RFC 2822 form of a `date` meta).
    page = read_metadata(load_html(_page(
        head + '<meta name="date" content="Thu, 04 Nov 2021 19:00:00 -0400">')))
    assert publication_time(page, "https://example.com/a").local == "2021-11-04T19:00:00-04:00"
    # A URL dated a day off the UTC day dates it in the publisher's time.
    page = read_metadata(load_html(_page(head)))
    assert publication_time(page, "https://example.com/2021/11/03/a").local == "2021-11-03"


def test_an_offset_stated_by_the_page_is_not_replaced_by_the_url_day() -> None:
    head = '<meta property="article:published_time" content="2020-02-19T18:37:32+01:00">'
    page = read_metadata(load_html(_page(head)))
    found = publication_time(page, "https://example.com/2020/02/18/story/")
    assert found.local == "2020-02-19T18:37:32+01:00"


def test_a_page_without_metadata_dates_gets_the_day_its_header_shows() -> None:
    # No date in JSON-LD, meta tags or URL; under the headline "Datum: 18.10.2021", while
    # htmldate's whole-page search took a date the text mentions (17 August 2021).
    html, expected = load_case("zoll.de-Tabaksteuer_1ccdc416")
    tree = load_html(html)
    found = publication_time(read_metadata(tree), expected["url"], tree)
    assert found == PublicationTime("2021-10-18", "2021-10-18")


_STANDFIRST = "<p>" + "A standfirst that says what the story is about. " * 4 + "</p>"
_STORY = "<p>" + "The story goes on for a while, on the 3. März 2020 and later. " * 4 + "</p>"


@pytest.mark.parametrize(("body", "day"), [
    # The meta line under the headline, or under the standfirst.
    ("<h1>Headline</h1><p>Von A. B. | 29.04.2020, 12:01 Uhr</p>" + _STORY, "2020-04-29"),
    ("<h1>Headline</h1>" + _STANDFIRST + "<p>Erschienen am: 13.10.2021</p>" + _STORY,
     "2021-10-13"),
    # A <time> element gives its datetime; month names of the page's language.
    ('<h1>Headline</h1><time datetime="2022-12-12 12:22">heute</time>', "2022-12-12"),
    ("<h1>Headline</h1><p>Von C. D. 07 Dezember, 2022</p>", "2022-12-07"),
    ("<h1>Titular</h1><span>3 de mayo de 2022</span>", "2022-05-03"),
    ("<h1>Headline</h1><p>April 7, 2020</p>", "2020-04-07"),
    ("<h1>Headline</h1><p>31.10.23</p>", "2023-10-31"),
    # Above the headline, the nearest first: the section's date line, not the masthead's.
    ("<div><span>Mittwoch, 26.02.2020</span><p>Politik</p></div>"
     "<div><span>Pressemitteilung</span> 12.12.2022 12:22</div><h1>Headline</h1>" + _STORY,
     "2022-12-12"),
    # An update's date, a caption's and a teaser's are not the publication's.
    ("<h1>Headline</h1><p>Aktualisiert am 02.03.2021</p><p>Veröffentlicht 01.03.2021</p>",
     "2021-03-01"),
    ('<h1>Headline</h1><p><time class="updated" datetime="2019-02-09">9. Februar 2019</time>'
     '<time datetime="2019-02-10">10. Februar 2019</time></p>', "2019-02-10"),
    ("<h1>Headline</h1><figure><figcaption>Bachmut, 24. April 2023</figcaption></figure>"
     "<p>28.04.2023</p>", "2023-04-28"),
    ('<h1>Headline</h1><div class="teaser">1.1.2020</div><p>2.2.2022</p>', "2022-02-02"),
    # "17/02/2022" can only be read one way; "11/01/2023" either.
    ("<h1>Headline</h1><p>17/02/2022</p>", "2022-02-17"),
    ("<h1>Headline</h1><p>11/01/2023</p>", None),
    # The site's <header> (its masthead's date of today) is not the story's header, nor is
    # a date in the story's text.
    ("<header><span>Mittwoch, 26.02.2020</span></header><main><h1>Headline</h1>"
     + _STANDFIRST + _STORY + "</main>", None),
    # No headline, no header.
    ("<p>01.03.2021</p>", None),
])
def test_the_date_shown_with_the_headline(body: str, day: str | None) -> None:
    found = shown_date(load_html(_page("", body)))
    assert (found.local[:10] if found else None) == day


@pytest.mark.parametrize(("meta", "day"), [
    # A generic date field (often the CMS's render time) gives way to the day shown.
    ('<meta name="date" content="2020-04-30">', "2020-04-29"),
    ('<meta name="dc.date" content="2020-04-30T09:00:00+02:00">', "2020-04-29"),
    # A field that says it holds the publication time does not.
    ('<meta property="article:published_time" content="2020-04-30T09:00:00+02:00">',
     "2020-04-30"),
])
def test_a_generic_meta_date_gives_way_to_the_day_shown(meta: str, day: str) -> None:
    tree = load_html(_page(meta, "<h1>Headline</h1><p>Von A. B. | 29.04.2020, 12:01 Uhr</p>"))
    found = publication_time(read_metadata(tree), "https://example.com/a", tree)
    assert found.local[:10] == day


def _article(extracted: Extracted) -> dict:
    analysed = Analysed(origin=Origin("pages.raw", 0, 1), extracted=extracted, tags=[])
    decision = Decision(kind="new", article_id="0123456789abcdef", story_id="0123456789abcdef",
                        version=1, canonical_url=extracted.url)
    return orjson.loads(to_json(build_article(analysed, decision)))


def _extracted(published_at: str | None, published_local: str | None) -> Extracted:
    return Extracted(
        url="https://example.com/a", canonical_url=None, site="example.com", sitename=None,
        title="t", authors=[], published_at=published_at, language="en", description=None,
        paragraphs=["One paragraph of text."], published_local=published_local)


@pytest.mark.parametrize(("published_at", "published_local"), [
    ("2020-05-04T03:30:00Z", "2020-05-03T23:30:00-04:00"),
    ("2020-05-04T03:30:00Z", "2020-05-04T03:30:00Z"),
    ("2020-05-04", "2020-05-04T03:30:00"),
    ("2020-05-04", "2020-05-04"),
    (None, None),
])
def test_the_article_record_carries_the_local_form_and_matches_its_schema(
        published_at: str | None, published_local: str | None) -> None:
    record = _article(_extracted(published_at, published_local))
    assert record["published_local"] == published_local
    validate("article", record)


@pytest.mark.parametrize("published_local", ["2020-05-03 23:30", "May 3, 2020",
                                             "2020-05-03T23:30:00-4"])
def test_the_schema_rejects_other_forms(published_local: str) -> None:
    with pytest.raises(ValidationError):
        validate("article", _article(_extracted("2020-05-04T03:30:00Z", published_local)))


# --- authors ---------------------------------------------------------------------------

def test_a_pen_name_counts_only_from_a_metadata_author_field() -> None:
    assert choose_authors([MetadataSource(["jesusfreak"])], SITE) == (["jesusfreak"], None)
    # The same word in the page's text is no byline.
    assert choose_authors([["jesusfreak"]], SITE) == ([], None)
    # A person named by a later source wins over a pen name.
    assert choose_authors([MetadataSource(["edilson.la.rosa"]), ["Edilson La Rosa"]], SITE) \
        == (["Edilson La Rosa"], None)
    # Labels, the site's host and web addresses are no pen names.
    for value in ("admin", "example", "example.com", "www.example.org"):
        assert choose_authors([MetadataSource([value])], SITE) == ([], None)


@pytest.mark.parametrize(("raw", "people"), [
    (["Matthias", "Zeige alle Artikel"], ["Matthias"]),  # "show all articles" link
    (["Birgit Posselt", "Autorenseite von"], ["Birgit Posselt"]),  # "author page of"
    (["More Posts"], []),
    (["Vom Support Team"], ["Support Team"]),  # "vom" = "by the"
    (["Ein Artikel von Pamela Sladky"], ["Pamela Sladky"]),
])
def test_author_link_labels_are_no_names(raw: list[str], people: list[str]) -> None:
    assert clean_authors(raw, SITE)[0] == people


def test_a_layout_that_has_a_sidebar_is_no_sidebar() -> None:
    link = '<a href="/autor/jil-schuller">Jil Schuller</a>'
    tree = load_html(f'<html><body><div class="layout-container has-sidebar"><article>'
                     f'<div class="metadata">{link}</div><p>x</p></article></div></body></html>')
    assert author_links(tree) == ["Jil Schuller"]
    tree = load_html(f'<html><body><article><p>x</p></article>'
                     f'<aside class="sidebar">{link}</aside></body></html>')
    assert author_links(tree) == []


@pytest.mark.parametrize(("body", "day"), [
    # A day not yet come is no publication's: an event's, a version number's or a
    # two-digit year of the last century read as this one ("24.12.99" was 2099-12-24).
    ("<h1>Headline</h1><p>Stand: 24.12.99</p>", None),
    ("<h1>Headline</h1><p>Nächstes Treffen: 12. Juni 2099</p><p>Erschienen 01.03.2021</p>",
     "2021-03-01"),
    ("<h1>Headline</h1><p>Konzert 12.06.2099, gemeldet 01.03.2021</p>", "2021-03-01"),
    ('<h1>Headline</h1><time datetime="2099-06-12">bald</time><p>01.03.2021</p>',
     "2021-03-01"),
])
def test_a_day_after_tomorrow_is_not_the_day_shown(body: str, day: str | None) -> None:
    found = shown_date(load_html(_page("", body)))
    assert (found.local[:10] if found else None) == day
