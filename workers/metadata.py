"""Page metadata from the parsed tree: title, publication time, authors, wire agency.

Pure functions over one lxml tree (parsed once by the extraction stage) and the
page's JSON-LD; no network. Every chooser takes the candidates a page offers and
cleans them the same way on every site: no per-site rules.
"""

from __future__ import annotations

import copy
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import htmldate.extractors
import orjson
from dateparser import DateDataParser
from dateparser.data import language_order
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement

ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting",
    "socialmediaposting", "scholarlyarticle", "techarticle", "report", "posting",
    "askpublicnewsarticle", "satiricalarticle", "advertisercontentarticle",
}


@dataclass(slots=True)
class PageMetadata:
    """What the markup says about the page, read once from the tree."""

    meta: dict[str, str] = field(default_factory=dict)  # lower-cased name/property -> content
    json_ld: list[dict[str, Any]] = field(default_factory=list)  # all objects, @graph flattened
    article_ld: dict[str, Any] | None = None  # the first article-typed object
    title_tag: str | None = None
    h1: list[str] = field(default_factory=list)  # headings, minus the site's logo heading
    # <h1> text -> the same heading without its kicker ("Dachzeile") element
    h1_without_kicker: dict[str, str] = field(default_factory=dict)
    # When every <h1> sits in breadcrumbs or navigation (an SEO copy of the headline), the
    # headline shown in the article: its first <h2>, and that heading without its kicker.
    shown_headline: list[str] = field(default_factory=list)
    itemprop: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None
    html_lang: str | None = None
    # `datetime` attributes of the page's first <time> elements, in page order.
    time_elements: list[str] = field(default_factory=list)


def squash(text: str | None) -> str:
    """NFC and single spaces; the one text normalisation used for every field."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFC", text).split())


def read_metadata(tree: HtmlElement) -> PageMetadata:
    """Collect the metadata candidates of a page in one pass over the tree (plus one xpath
    for microdata)."""
    page = PageMetadata()
    navigation_h1 = other_h1 = 0
    for element in tree.iter("meta", "link", "title", "h1", "script", "time"):
        tag = element.tag
        if tag == "time":
            if element.get("datetime") and len(page.time_elements) < 10:
                page.time_elements.append(element.get("datetime").strip())
        elif tag == "meta":
            key = (element.get("property") or element.get("name") or element.get("itemprop")
                   or "").strip().lower()
            content = element.get("content")
            if key and content and key not in page.meta:
                page.meta[key] = squash(content)
            elif key == "article:tag" and content:  # one meta per tag
                page.meta[key] += ", " + squash(content)
        elif tag == "link":
            if page.canonical is None and (element.get("rel") or "").lower() == "canonical" \
                    and element.get("href"):
                page.canonical = element.get("href").strip()
        elif tag == "title":
            if page.title_tag is None:
                page.title_tag = squash(element.text_content())
        elif tag == "h1":
            # An empty kicker leaves its separator: ": Headline".
            text = _DANGLING_SEPARATOR.sub("", squash(_heading_text(element)))
            if text and _in_navigation(element):
                navigation_h1 += 1
            elif text:
                other_h1 += 1
            if text and not _is_logo_heading(element):
                page.h1.append(text)
                headline = _without_kicker(element)
                if headline and headline != text:
                    page.h1_without_kicker[text] = headline
        elif "ld+json" in (element.get("type") or ""):
            page.json_ld.extend(_json_ld_objects(element.text or ""))
    for element in tree.xpath("//*[@itemprop][not(self::meta)]"):
        key = element.get("itemprop").lower()
        if key not in page.itemprop and key in {"datepublished", "headline", "author"}:
            value = element.get("datetime") or element.get("content") or element.text_content()
            page.itemprop[key] = squash(value)
    if navigation_h1 and not other_h1:
        page.shown_headline = _shown_headline(tree)
    page.html_lang = tree.get("lang")
    for obj in page.json_ld:
        if _types(obj) & ARTICLE_TYPES:
            page.article_ld = obj
            break
    return page


# Class names of the kicker ("overline", "Dachzeile", "eyebrow") inside a heading, and of
# the visually hidden separator some sites put between kicker and headline.
KICKER_CLASS = re.compile(
    r"kicker|overline|over-title|overtitle|dachzeile|topline|roofline|eyebrow|supertitle|"
    r"super-title|pretitle|pre-title|toptitle|spitzmarke|titleheader|title-header|flag",
    re.IGNORECASE)
HIDDEN_CLASS = re.compile(r"offscreen|sr-only|visually-?hidden|screen-?reader|hide-?accessible|"
                          r"aural|hidden", re.IGNORECASE)
# Headings only for screen readers ("Navigation"), and the site's logo heading.
_DANGLING_SEPARATOR = re.compile(r"^[:|•·]\s*|\s*[:|•·]$")
_UNSEEN_HEADING = re.compile(r"offscreen|sr-only|visually-?hidden|screen-?reader|"
                             r"hide-?accessible|aural|logo|site-?title|site-?name|brand|masthead",
                             re.IGNORECASE)


_NAVIGATION_CLASS = re.compile(r"breadcrumb", re.IGNORECASE)


def _heading_text(element: HtmlElement) -> str:
    """The heading's text without the code of <style>/<script> elements inside it: CSS-in-JS
    frameworks put a <style> in the heading, whose rules text_content() would keep."""
    if next(element.iter("style", "script"), None) is None:
        return element.text_content()
    heading = copy.deepcopy(element)
    for child in list(heading.iter("style", "script")):
        child.drop_tree()  # keeps the tail text, which belongs to the heading
    return heading.text_content()


def _in_navigation(element: HtmlElement) -> bool:
    return bool(_NAVIGATION_CLASS.search(element.get("class") or "")) or any(
        a.tag == "nav" or _NAVIGATION_CLASS.search(a.get("class") or "")
        for a in element.iterancestors())


def _shown_headline(tree: HtmlElement) -> list[str]:
    """The first <h2> outside navigation, sidebars, footers and teasers, with and without
    its kicker element."""
    for element in tree.iter("h2"):
        text = _DANGLING_SEPARATOR.sub("", squash(element.text_content()))
        if not 10 <= len(text) <= 300 or _in_navigation(element) or any(
                a.tag in {"footer", "aside"} or _NOT_BYLINE_ANCESTOR.search(
                    f'{a.get("class") or ""} {a.get("id") or ""}')
                for a in element.iterancestors()):
            continue
        return [h for h in (text, _without_kicker(element)) if h]
    return []


def _is_logo_heading(element: HtmlElement) -> bool:
    """A <h1> that is not the story's: the site's name (a link to the home page, a logo
    class), or a heading only screen readers get."""
    if _UNSEEN_HEADING.search(f'{element.get("class") or ""} {element.get("id") or ""}'):
        return True
    for link in element.iter("a"):
        href = link.get("href")
        if href is not None and urlsplit(href).path in {"", "/"} and not href.startswith("#"):
            return True
    return False


def _without_kicker(element: HtmlElement) -> str | None:
    """The heading's text minus a child marked as kicker (and hidden separators next to it)."""
    marked = [c for c in element.iterdescendants() if isinstance(c.tag, str)
              and KICKER_CLASS.search(c.get("class") or "")]
    if not marked:
        return None
    heading = copy.deepcopy(element)
    for child in list(heading.iterdescendants()):
        if not isinstance(child.tag, str) or child.getparent() is None:
            continue
        classes = child.get("class") or ""
        if KICKER_CLASS.search(classes) or HIDDEN_CLASS.search(classes) \
                or child.get("aria-hidden") == "true":
            child.drop_tree()  # keeps the tail text, which belongs to the parent
    return _DANGLING_SEPARATOR.sub("", squash(heading.text_content())) or None


def _json_ld_objects(raw: str) -> list[dict[str, Any]]:
    raw = raw.strip()
    if not raw:
        return []
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        # Common breakage: raw newlines/tabs inside strings, or a trailing `;`.
        try:
            data = orjson.loads(re.sub(r"[\n\r\t]+", " ", raw).rstrip(";"))
        except orjson.JSONDecodeError:
            return []
    found: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            found.append(item)
            if isinstance(item.get("@graph"), list):
                stack.extend(reversed(item["@graph"]))
            main = item.get("mainEntity")
            if isinstance(main, dict) and _types(main) & ARTICLE_TYPES:
                stack.append(main)
    return found


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    if isinstance(value, str):
        return {value.lower()}
    if isinstance(value, list):
        return {v.lower() for v in value if isinstance(v, str)}
    return set()


def _ld_text(value: Any) -> str | None:
    if isinstance(value, str):
        # JSON-LD strings are plain text, but some CMSs write HTML entities into them.
        return squash(html.unescape(value) if "&" in value else value) or None
    if isinstance(value, list) and value:
        return _ld_text(value[0])
    if isinstance(value, dict):
        return _ld_text(value.get("name") or value.get("@value"))
    return None


# --- site name -----------------------------------------------------------------------------

def site_names(page: PageMetadata, url: str) -> list[str]:
    """Names the site goes by: og:site_name, JSON-LD publisher, application-name, host."""
    names = [page.meta.get("og:site_name"), page.meta.get("application-name"),
             page.meta.get("apple-mobile-web-app-title"), page.meta.get("twitter:site")]
    for obj in page.json_ld:
        publisher = obj.get("publisher")
        if isinstance(publisher, dict | list):
            names.append(_ld_text(publisher))
        if _types(obj) & {"organization", "newsmediaorganization", "website"}:
            names.append(_ld_text(obj.get("name")))
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    names.append(host)
    out: list[str] = []
    for name in names:
        name = squash(name).lstrip("@")
        if name and name not in out:
            out.append(name)
    return out


def sitename(page: PageMetadata) -> str | None:
    for name in (page.meta.get("og:site_name"),
                 _ld_text((page.article_ld or {}).get("publisher")),
                 page.meta.get("application-name")):
        if name:
            return name
    return None


# --- title ---------------------------------------------------------------------------------

# Separators between a headline and the site's name in <title>/og:title (with spaces around).
# Korean sites use the vowel "ㅣ" as a bar, and CJK titles glue "-Section" without spaces,
# also after full-width punctuation ("...！-新华网").
_SEPARATOR = "[|–—·•»«›‹:/]|-{1,2}|::"
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
TITLE_SEPARATORS = re.compile(
    rf"\s+(?:{_SEPARATOR})\s+|\s*ㅣ\s*|(?<=[{_CJK}…!?！？。」』])-(?=[{_CJK}])")
# A section label of a few CJK characters left at the end once the site's name is gone.
_CJK_SECTION = re.compile(rf"^[{_CJK}]{{1,4}}$")


def alnum(text: str) -> str:
    """Letters and digits only, case-folded: the key that compares two spellings."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


_alnum = alnum


def _is_respelling(heading: str, title: str) -> bool:
    """`title` is `heading` with only spaces or separators added: the <h1>'s text lost
    them to markup ("Nationale DemoDer 9. Juli" for "Nationale Demo / Der 9. Juli",
    "Euroleague : Nach" for "Euroleague: Nach"). Other differences (typographic quotes
    and dashes) are the <h1>'s own spelling and keep it."""
    if heading == title or _alnum(heading) != _alnum(title) or \
            (heading[0], heading[-1]) != (title[0], title[-1]):  # "Headline -", "Headline..."
        return False
    rest = iter(title.replace(" ", ""))
    return all(ch in rest for ch in heading.replace(" ", ""))


def _is_site_segment(segment: str, names: list[str]) -> bool:
    key = _alnum(segment)
    if not key:
        return True
    for name in names:
        name_key = _alnum(name)
        host_key = _alnum(name.split(".")[0]) if "." in name and " " not in name else ""
        for candidate in (name_key, host_key):
            if len(candidate) >= 3 and (key == candidate or (
                    len(key) <= len(candidate) + 12 and candidate in key)
                    or (len(key) >= 4 and key in candidate)):
                return True
    return False


# "Site: Headline": the site's name as a label before a colon (no space before it, so not
# one of TITLE_SEPARATORS).
_SITE_LABEL = re.compile(r"^([^:]{2,40}):\s+(\S.{9,})$")


def _is_site_label(label: str, names: list[str]) -> bool:
    """The label is one of the site's names, perhaps with a legal form ("DVGW e.V.").
    Stricter than `_is_site_segment`, which also takes a segment that is part of a long name:
    a kicker ("Cup-Vorschau: ...") can be part of a badly set og:site_name."""
    key = _alnum(label)
    for name in names:
        for candidate in (_alnum(name), _alnum(name.split(".")[0]) if "." in name else ""):
            if len(candidate) >= 3 and candidate in key and len(key) <= len(candidate) + 6:
                return True
    return False


def strip_site_name(title: str, names: list[str]) -> str:
    """`Headline | Site`, `Site - Headline`, `Site: Headline`, `Headline - Section - Site`
    -> `Headline`."""
    title = squash(title)
    labelled = _SITE_LABEL.match(title)
    if labelled and _is_site_label(labelled.group(1), names):
        title = labelled.group(2)
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    # Drop site-name segments from either end, keep the rest joined as it was.
    spans = [m.span() for m in TITLE_SEPARATORS.finditer(title)]
    start, end = 0, len(parts)
    while end - start > 1 and _is_site_segment(parts[end - 1], names):
        end -= 1
    if end < len(parts) and end - start > 1 and _CJK_SECTION.match(parts[end - 1]):
        end -= 1
    elif end == len(parts) > 1 and _CJK_SECTION.match(parts[-1]) and \
            title[spans[-1][0]:spans[-1][1]] == "-":
        # "Headline-新华网": a few CJK characters glued on with a bare dash are the site's
        # (or section's) name even when no other name of the site spells them.
        end -= 1
    while end - start > 1 and _is_site_segment(parts[start], names):
        start += 1
    if (start, end) == (0, len(parts)):
        return title
    left = 0 if start == 0 else spans[start - 1][1]
    right = len(title) if end == len(parts) else spans[end - 1][0]
    return title[left:right].strip()


def _is_decorated(title: str, heading: str, colon: bool = False) -> bool:
    """`title` is `heading` with separator-delimited segments before or after it
    ("Heading - Section - Site"; with `colon`, also "Kicker: Heading")."""
    title = squash(title)
    start = title.find(heading)
    if start < 0 or title == heading or len(heading) < 0.4 * len(title):
        return False
    before, after = title[:start], title[start + len(heading):]
    ends = _KICKER_END if colon else _SEPARATOR_END
    return (not before or bool(ends.search(before))) and \
        (not after or bool(_SEPARATOR_START.match(after)))


_SEPARATOR_END = re.compile(rf"\s+(?:{_SEPARATOR})\s+$")
_KICKER_END = re.compile(rf"(?:\s+(?:{_SEPARATOR})|:)\s+$")
_SEPARATOR_START = re.compile(rf"^\s+(?:{_SEPARATOR})\s+")


def _supports(meta: str, cleaned: str, heading: str, whole: bool = True) -> bool:
    """Does a metadata title (raw and minus the site's name) name this heading?
    For a `whole` <h1>, a title that starts with it counts (an unseparated suffix); for
    the headline part of a split <h1>, a title that puts another kicker before it
    ("Other kicker: Headline") does."""
    key = _alnum(heading)
    if not key:
        return False
    for value in (cleaned, meta):
        other = _alnum(value)
        if key == other or (whole and len(key) >= 20 and other.startswith(key)):
            return True
    if _is_decorated(meta, heading, colon=not whole):
        return True
    return any(_alnum(part) == key for part in TITLE_SEPARATORS.split(meta))


def choose_title(page: PageMetadata, url: str,
                 fallback: str | Callable[[], str | None] | None = None) -> str | None:
    """The headline: the <h1> most metadata titles agree with; an <h1> when the metadata
    only repeats the <title>; else JSON-LD/og title minus the site's name."""
    names = site_names(page, url)
    metas = [m for m in (_ld_text((page.article_ld or {}).get("headline")),
                         page.meta.get("og:title"), page.meta.get("twitter:title"),
                         page.itemprop.get("headline"), page.title_tag) if m]
    pairs = [(m, strip_site_name(m, names)) for m in metas]
    pairs = [(m, _untruncated(c, [other for _, other in pairs])) for m, c in pairs]
    headings = [h for h in page.h1[:5] if not _is_site_segment(h, names)]
    # A breadcrumb <h1> is the SEO headline; the one shown in the article wins when the
    # publisher's JSON-LD headline names it too (og/twitter/<title> often copy the SEO one).
    # Its kicker element goes when another metadata title names the rest, as for an <h1>.
    ld_headline = _ld_text((page.article_ld or {}).get("headline"))
    if ld_headline and page.shown_headline:
        ld_headline = strip_site_name(ld_headline, names)
        if any(_alnum(shown) == _alnum(ld_headline) for shown in page.shown_headline):
            without_kicker = _alnum(page.shown_headline[-1])
            return next((c for _, c in pairs if _alnum(c) == without_kicker), ld_headline)
    best, best_support = "", 0
    for heading in headings:
        # Variants without a kicker: the <h1> minus its marked kicker element, or a
        # metadata title the <h1> ends with ("Local News | Headline"). One counts when
        # the metadata names it more often than the whole heading.
        variants = [(heading, True), (page.h1_without_kicker.get(heading), False)]
        variants += [(c, True) for _, c in pairs if _ends_with_title(heading, c)]
        for variant, whole in variants:
            support = sum(_supports(m, c, variant, whole) for m, c in pairs) if variant else 0
            # Between headings named equally often, the longer: section labels are short.
            if support > best_support or (support and support == best_support
                                          and variant == heading and len(heading) > len(best)):
                best, best_support = variant, support
    if best:
        # The same words in a metadata title: its spelling, as the <h1>'s text can carry
        # markup artefacts (kicker and headline run together, a hidden separator's spaces).
        return next((c for _, c in pairs if _is_respelling(best, c)), best)
    if _only_title_copies(page, pairs, names):
        title_key = _alnum(strip_site_name(page.title_tag or "", names))
        for heading in headings:
            # Skipped: navigation headings, and, when the publisher's JSON-LD names the
            # <title>'s wording as its headline, an <h1> the <title> extends with a kicker
            # ("Kicker: Headline"). Without JSON-LD, the <title>'s extra words are a section,
            # label or keywords ("Chronik: Headline", "Headline Hundefutter"): the <h1>.
            # An <h1> that adds a subtitle or kicker to the <title>'s words gives the <title>.
            key = _alnum(heading)
            if not _shares_a_word(heading, page.title_tag or "") or (
                    key in title_key and (page.article_ld or {}).get("headline")):
                continue
            if len(title_key) >= 15 and (key.startswith(title_key) or key.endswith(title_key)):
                return strip_site_name(page.title_tag or "", names)
            return heading
    for _, cleaned in pairs:
        if cleaned and len(cleaned) >= 10:
            return cleaned
    if callable(fallback):  # computed only when needed
        fallback = fallback()
    if fallback:
        return strip_site_name(fallback, names)
    return pairs[0][1] if pairs else (headings[0] if headings else None)


_WORDS = re.compile(r"\w{4,}")
_QUOTES = "\"'“”„«»‘’‚"


def _untruncated(title: str, others: list[str]) -> str:
    """A metadata title cut short at a quotation mark (an unescaped `"` ends the attribute:
    `content="Senator calls Biden "unfit""` reads "Senator calls Biden") is the other
    metadata title that starts with it and goes on with that quotation mark."""
    for other in others:
        if len(other) > len(title) and other.startswith(title) and \
                other[len(title):].lstrip()[:1] in _QUOTES:
            return other
    return title


def _ends_with_title(heading: str, title: str) -> bool:
    """The <h1> is a short kicker plus this title ("Local News | Headline")."""
    key, title_key = _alnum(heading), _alnum(title)
    return len(title_key) >= 15 and key != title_key and key.endswith(title_key) and \
        len(key) - len(title_key) <= 60


def _shares_a_word(heading: str, title: str) -> bool:
    """A heading about the page's subject shares a word with its <title> (or is part of
    one): navigation headings ("Menu", "Latest comments") do not."""
    title_key = title.casefold()
    return any(word in title_key for word in _WORDS.findall(heading.casefold())) or (
        len(heading) < 4 and heading.casefold() in title_key)


def _only_title_copies(page: PageMetadata, pairs: list[tuple[str, str]], names: list[str]
                       ) -> bool:
    """The page's metadata titles say nothing the <title> does not: no editorial headline
    of their own, so the visible <h1> is the better witness."""
    page_title = _alnum(strip_site_name(page.title_tag or "", names))
    return all(_alnum(cleaned) == page_title for _, cleaned in pairs)


# --- dates ---------------------------------------------------------------------------------

DATE_META_KEYS = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "publishdate", "publish-date", "publish_date", "pubdate", "date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "article.published", "published_time",
    "article_date_original", "cxenseparse:recs:publishtime", "date.available",
    "vr:published_time", "dc.date.created", "originalpublicationdate", "last-modified",
)
ISO_LIKE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2}|UTC|GMT)?)?")


class PublicationTime(NamedTuple):
    """When a page was published, in two forms of the same instant.

    `utc`: ISO 8601 in UTC (`2020-05-04T03:30:00Z`), or the day alone when the page gives
    no time or no zone. `local`: as the page states it, with its own offset
    (`2020-05-03T23:30:00-04:00`), a wall-clock time without offset when the page gives
    none (`2020-05-03T23:30:00`), or the day alone: its date is the publisher's own day.
    """

    utc: str
    local: str


def parse_date(value: str | None) -> PublicationTime | None:
    """An ISO-8601-ish date/time -> both forms (see `PublicationTime`); None if no date."""
    if not value:
        return None
    match = ISO_LIKE.search(value)
    if not match:
        return _parse_rfc_2822(value) or _parse_date_string(value) or _parse_dotted_day(value)
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        local = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                         int(second or 0))
    except ValueError:
        return None
    if not 1990 <= local.year <= 2100:
        return None
    day_only = local.strftime("%Y-%m-%d")
    if hour is None:
        return PublicationTime(day_only, day_only)
    if zone is None:
        # A local time without zone is not guessed into UTC: the day is what is known.
        return PublicationTime(day_only, local.strftime("%Y-%m-%dT%H:%M:%S"))
    if zone in {"Z", "UTC", "GMT"}:
        offset_minutes = 0
    else:
        digits = zone[1:].replace(":", "")
        offset_minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
        if zone[0] == "-":
            offset_minutes = -offset_minutes
        if offset_minutes and abs(offset_minutes) > 14 * 60:
            return PublicationTime(day_only, day_only)  # no such zone: the day only
    aware = local.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    stated = aware.isoformat() if offset_minutes or zone[0] in "+-" else \
        local.strftime("%Y-%m-%dT%H:%M:%SZ")
    return PublicationTime(aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), stated)


# "Sat, 19 Oct 2019 00:04:00 +0200", "Wed, 04 May 2022 00:25:56 GMT": the HTTP and RSS form
# (RFC 2822), which some CMSs also write into JSON-LD and meta tags.
RFC_2822 = re.compile(
    r"^\s*(?:[A-Za-z]{3},?\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})"
    r"(?::(\d{2}))?(?:\s*(GMT|UTC|UT|Z|[+-]\d{4})\b)?")
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                       "nov", "dec")


def _parse_rfc_2822(value: str) -> PublicationTime | None:
    """An RFC 2822 date -> both forms, by way of the ISO form (same checks, same output)."""
    match = RFC_2822.match(value)
    if not match or match[2].lower() not in MONTH_ABBREVIATIONS:
        return None
    day, month, year, hour, minute, second, zone = match.groups()
    return _from_fields(year, month, day, hour, minute, second, zone)


DATE_STRING = re.compile(
    r"^\s*[A-Za-z]{3},?\s+([A-Za-z]{3})\s+(\d{1,2})\s+(?:(\d{4})\s+)?(\d{1,2}):(\d{2}):(\d{2})"
    r"(?:\s*(?:GMT|UTC)([+-]\d{4})|\s+([A-Z]{3,4}))?(?:\s+(\d{4}))?\b")
# Zone abbreviations with one meaning (not CST, IST...).
ZONE_ABBREVIATIONS = {"GMT": "Z", "UTC": "Z", "WET": "Z", "BST": "+01:00", "WEST": "+01:00",
                      "CET": "+01:00", "MEZ": "+01:00", "CEST": "+02:00", "MESZ": "+02:00",
                      "EET": "+02:00", "EEST": "+03:00", "EST": "-05:00", "EDT": "-04:00",
                      "MST": "-07:00", "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00"}


def _parse_date_string(value: str) -> PublicationTime | None:
    """A Date.toString() form -> both forms; an ambiguous zone abbreviation is no zone."""
    match = DATE_STRING.match(value)
    if not match:
        return None
    month, day, year, hour, minute, second, offset, abbreviation, trailing_year = match.groups()
    if bool(year) == bool(trailing_year):
        return None
    zone = offset or ZONE_ABBREVIATIONS.get(abbreviation or "")
    return _from_fields(year or trailing_year, month, day, hour, minute, second, zone)


# The day first with dots, as German, Nordic and Slavic pages write it: "10.12.2022, 07:00:03",
# "Di., 25.01.2022 - 14:45". Dots never put the month first; slashes can ("11/01/2023").
DOTTED_DAY = re.compile(
    r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})(?!\d)"
    r"(?:[\s,\-–|um]{1,5}(\d{1,2})[:.](\d{2})(?![\d.])(?::(\d{2}))?)?")


def _parse_dotted_day(value: str) -> PublicationTime | None:
    """A dotted day, with its wall-clock time if given (no zone: see `parse_date`)."""
    match = DOTTED_DAY.search(value)
    if not match:
        return None
    day, month, year, hour, minute, second = match.groups()
    return _from_fields(year, int(month), day, hour, minute, second, None)


def _from_fields(year: str, month: str | int, day: str, hour: str | None, minute: str | None,
                 second: str | None, zone: str | None) -> PublicationTime | None:
    """Date fields read from another format -> both forms, by way of the ISO form."""
    if isinstance(month, str):
        if month.lower() not in MONTH_ABBREVIATIONS:
            return None
        month = MONTH_ABBREVIATIONS.index(month.lower()) + 1
    iso = f"{year}-{month:02d}-{int(day):02d}"
    if hour is not None:
        iso += f"T{int(hour):02d}:{minute}:{second or '00'}"
        if zone:
            iso += "Z" if zone in {"GMT", "UTC", "UT", "Z"} else zone
    return parse_date(iso)


def normalise_date(value: str | None) -> str | None:
    """An ISO-8601-ish date/time -> `YYYY-MM-DDTHH:MM:SSZ` (UTC) when the zone is known,
    `YYYY-MM-DD` when only the day is (a local time without zone is not guessed)."""
    parsed = parse_date(value)
    return parsed.utc if parsed else None


# htmldate hands the date expressions it cannot read itself to dateparser, which tries
# every language it knows. Its first expression that no language reads (most of them:
# "Copyright 2023 - 5") compiles the word lists of all 205 languages: ~1 s of CPU, paid
# by every pool process, a tenth of a 400-page run. Its own 60 most-used languages cost
# 0.5 s, compiled once before the pool forks (`load_date_parser`), and read every
# expression htmldate sent it on both dev corpora (28) as all languages did.
_HTMLDATE_PARSER_SETTINGS = {
    "NORMALIZE": True,
    "PARSERS": ["custom-formats", "absolute-time"],
    "PREFER_DATES_FROM": "past",
    "PREFER_LOCALE_DATE_ORDER": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": True,
}


# htmldate's own parser (all languages), which `_dates_in` replaces for a while.
HTMLDATE_PARSER = htmldate.extractors.get_external_parser


@lru_cache(maxsize=4)
def date_parser(languages: int) -> DateDataParser:
    """htmldate's dateparser, limited to dateparser's `languages` most-used languages
    (0: all of them, as htmldate has it)."""
    chosen = list(language_order[:languages]) if languages > 0 else None
    return DateDataParser(languages=chosen, settings=_HTMLDATE_PARSER_SETTINGS)


def load_date_parser(languages: int) -> None:
    """Compile the date parser's word lists now (see `date_parser`): a process that forks
    workers compiles them once for all, and no page waits 0.5 s for them."""
    date_parser(languages).get_date_data("warm-up 2024 x")  # no language reads it: all compile


@contextmanager
def _dates_in(languages: int) -> Iterator[None]:
    """htmldate's searches within use `date_parser(languages)`; other callers of htmldate
    in the process (trafilatura's own metadata pass, in the benchmarks) keep its parser.
    htmldate looks its parser up through this module attribute at every call."""
    htmldate.extractors.get_external_parser = lambda: date_parser(languages)
    try:
        yield
    finally:
        htmldate.extractors.get_external_parser = HTMLDATE_PARSER


def publication_time(page: PageMetadata, url: str, tree: HtmlElement | None = None,
                     extensive_search: bool = True, date_languages: int = 60
                     ) -> PublicationTime | None:
    """Publication time: JSON-LD, meta tags, itemprop, the URL, then (given the tree)
    htmldate's search of the page. Never the crawl time. The local form is the one the
    page states; a time the page states only in UTC gets its publisher's day from the
    page's other witnesses (see `_in_local_terms`). `date_languages`: see `date_parser`."""
    candidates: list[tuple[str, str | None]] = []
    for obj in ([page.article_ld] if page.article_ld else []) + page.json_ld:
        candidates.append(("datePublished", _ld_text(obj.get("datePublished"))))
        candidates.append(("dateCreated", _ld_text(obj.get("dateCreated"))))
    candidates += [(key, page.meta.get(key)) for key in DATE_META_KEYS if key != "last-modified"]
    candidates.append(("itemprop", page.itemprop.get("datepublished")))
    url_day = _url_day(url)
    day_only: tuple[str, PublicationTime] | None = None
    for key, candidate in candidates:
        value = parse_date(candidate)
        if value and len(value.utc) > 10:
            return _shown_over_generic(key, _in_local_terms(value, page, url_day), tree)
        day_only = day_only or ((key, value) if value else None)
    if day_only:
        return _shown_over_generic(*day_only, tree)
    if url_day:
        return PublicationTime(url_day, url_day)
    if tree is not None:
        # The date shown with the headline before htmldate's guess over the whole page,
        # which takes the oldest date it finds (of a caption, a teaser, a comment).
        shown = shown_date(tree)
        if shown:
            return shown
        with _dates_in(date_languages):
            try:
                found = find_date(tree, url=url, original_date=True,
                                  extensive_search=extensive_search,
                                  max_date=datetime.now(UTC).strftime("%Y-%m-%d"))
            except AssertionError:  # htmldate cannot clean a tree whose root is not <html>
                return None  # (lxml makes "<svg>...<article>" an <svg> root)
        return parse_date(found)
    return None


# Meta fields that date the page without saying what happened then: many CMSs write their
# render or modification time there.
GENERIC_DATE_KEYS = {"date", "dc.date", "dcterms.date"}


def _shown_over_generic(key: str, found: PublicationTime, tree: HtmlElement | None
                        ) -> PublicationTime:
    """A date from a generic meta field gives way to another day the page shows with its
    headline (see `shown_date`)."""
    if key not in GENERIC_DATE_KEYS or tree is None:
        return found
    shown = shown_date(tree)
    return shown if shown and shown.local[:10] != found.local[:10] else found


_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[^\d]|$)")


def _url_day(url: str) -> str | None:
    """The day a URL is dated with (`/2023/06/05/`), as `YYYY-MM-DD`."""
    match = _URL_DATE.search(url)
    parsed = parse_date("{}-{:0>2}-{:0>2}".format(*match.groups())) if match else None
    return parsed.utc if parsed else None


def _is_utc_stated(found: PublicationTime) -> bool:
    return found.local.endswith(("Z", "+00:00"))


def _in_local_terms(found: PublicationTime, page: PageMetadata, url_day: str | None
                    ) -> PublicationTime:
    """A time stated in UTC (`Z`, `+00:00`) says nothing of the publisher's day, which
    can be the one before or after. Where the page states the same instant elsewhere in
    its own time (a <time> element, another date field: an offset, or a wall-clock time
    that differs by whole hours), that is the local form; else the day its URL is dated
    with, when that is within a day of the instant (CMSs date URLs in local time); else,
    for an instant at exactly 22:00 or 23:00, the next day (see `LOCAL_MIDNIGHT_HOURS`)."""
    if not _is_utc_stated(found):
        return found
    instant = datetime.strptime(found.utc, "%Y-%m-%dT%H:%M:%SZ")
    for value in _other_date_values(page):
        other = parse_date(value)
        if other is None or len(other.local) <= 10 or _is_utc_stated(other):
            continue
        if other.utc == found.utc:
            return other  # the same instant with the publisher's offset
        if len(other.utc) == 10 and (instant.minute or instant.second):
            wall = datetime.strptime(other.local, "%Y-%m-%dT%H:%M:%S")
            hours, rest = divmod((wall - instant).total_seconds(), 3600)
            if hours and not rest and -12 <= hours <= 14:
                offset = timezone(timedelta(hours=hours))
                return PublicationTime(found.utc, wall.replace(tzinfo=offset).isoformat())
    if url_day and abs(datetime.strptime(url_day, "%Y-%m-%d").date() - instant.date()) \
            == timedelta(days=1):
        return PublicationTime(found.utc, url_day)
    if instant.hour in LOCAL_MIDNIGHT_HOURS and not instant.minute and not instant.second:
        # A day entered without a time, stored as the UTC instant of the publisher's
        # midnight: 23:00Z and 22:00Z are midnight in Central/Eastern European time
        # (UTC+1/+2). Midnight west of Greenwich falls on the same UTC day and needs nothing.
        return PublicationTime(found.utc, (instant + timedelta(days=1)).strftime("%Y-%m-%d"))
    return found


LOCAL_MIDNIGHT_HOURS = (22, 23)


def _other_date_values(page: PageMetadata) -> Iterable[str]:
    """Date strings the page states besides its chosen one: <time> elements, JSON-LD
    dates, dated meta tags."""
    yield from page.time_elements
    for obj in page.json_ld:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            text = _ld_text(obj.get(key))
            if text:
                yield text
    for key in DATE_META_KEYS:
        if key in page.meta:
            yield page.meta[key]


def choose_published(page: PageMetadata, url: str) -> str | None:
    """`publication_time` in UTC, from the metadata and the URL only."""
    found = publication_time(page, url)
    return found.utc if found else None


# --- the date the page shows with its headline ---------------------------------------------

# Month names (and their usual abbreviations) in the corpus languages and a few more -> number.
_MONTH_LISTS = (
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "jänner feber mrz apr mai jun jul aug sept okt nov dez",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "januari februari maart april mei juni juli augustus september oktober november december",
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
    "listopada grudnia",
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
)
MONTH_NUMBERS: dict[str, int] = {
    word: number for names in _MONTH_LISTS
    for number, word in enumerate(names.split(), start=1)}
# A date as a page's header shows it: "12.12.2022 12:22", "2022-12-12", "17/02/2022",
# "6. November 2023", "07 Dezember, 2022", "3 de mayo de 2022", "April 7, 2020".
SHOWN_DATE = re.compile(
    r"(?<![\d.])(?P<d1>\d{1,2})\.\s?(?P<m1>\d{1,2})\.\s?(?P<y1>(?:19|20)\d{2}(?!\d)|\d{2}(?![\d.]))"
    r"|(?<!\d)(?P<y2>(?:19|20)\d{2})-(?P<m2>\d{2})-(?P<d2>\d{2})(?!\d)"
    r"|(?<![\d/])(?P<d3>\d{1,2})/(?P<m3>\d{1,2})/(?P<y3>(?:19|20)\d{2})(?!\d)"
    r"|(?<!\d)(?P<d4>\d{1,2})\.?\s(?:de\s)?(?P<n4>[^\W\d_]{3,11})\.?,?\s(?:de\s)?"
    r"(?P<y4>(?:19|20)\d{2})(?!\d)"
    r"|(?P<n5>[^\W\d_]{3,11})\.?\s(?P<d5>\d{1,2})(?:st|nd|rd|th)?,?\s(?P<y5>(?:19|20)\d{2})(?!\d)")
# Words that mark the date after them as another event than the publication.
_NOT_PUBLISHED = re.compile(
    r"(?:aktualisiert|geändert|updated?|modified|edited|mis à jour|actualizad[oa]|"
    r"aggiornat[oa]|zaktualizowano|bijgewerkt|güncelleme|geburtstag|born)\D{0,8}$",
    re.IGNORECASE)
# Blocks in or after a header that are not its meta line: pictures and their captions,
# teasers, navigation, an update's date (by tag or class). Not "sidebar": layouts name
# their main column so ("lay-sidebar", "sidebar__main"); an <aside> is skipped.
# A <header> that does not hold the <h1> is the site's, with the masthead's date of today.
_NOT_HEADER_TAGS = {"nav", "aside", "footer", "header", "figure", "figcaption", "script",
                    "style", "noscript", "template", "select", "button", "form"}
_NOT_HEADER_CLASS = re.compile(
    r"(?<!has-)(?:caption|figure|^pic|\Wpic|photo|image|gallery|credit|teaser|related|"
    r"recommend|comment|(?<!ca)nav|breadcrumb|footer|updated|modified)", re.IGNORECASE)


def _latest_day() -> str:
    """The last day a page may show as its publication's: tomorrow (somewhere it is). A
    later one is an event's, a version number's ("1.2.34") or a two-digit year of the last
    century ("24.12.99"); htmldate, too, takes no date after today."""
    return (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")


def _shown_day(text: str, before: str = "", latest: str = "9999") -> PublicationTime | None:
    """The first date in `text` not labelled as an update (`before`: the text preceding
    it) nor after the day `latest`; a slashed date only when its order is plain (a day
    above 12 first), as "11/01/2023" is either."""
    for match in SHOWN_DATE.finditer(text):
        if _NOT_PUBLISHED.search((before + " " + text[:match.start()])[-30:]):
            continue
        groups = match.groupdict()
        if groups["y1"]:  # "31.10.23": this century
            year = groups["y1"] if len(groups["y1"]) == 4 else f"20{groups['y1']}"
            month, day = int(groups["m1"]), groups["d1"]
        elif groups["y2"]:
            year, month, day = groups["y2"], int(groups["m2"]), groups["d2"]
        elif groups["y3"]:
            if int(groups["d3"]) <= 12 and groups["d3"] != groups["m3"]:
                continue
            year, month, day = groups["y3"], int(groups["m3"]), groups["d3"]
        else:
            name = (groups["n4"] or groups["n5"]).casefold()
            if name not in MONTH_NUMBERS:
                continue
            year, month = groups["y4"] or groups["y5"], MONTH_NUMBERS[name]
            day = groups["d4"] or groups["d5"]
        found = _from_fields(year, month, day, None, None, None, None)
        if found and found.local[:10] <= latest:
            return found
    return None


# A text this long is a paragraph: after the first text under the headline (a standfirst
# with the meta line under it), the story's text has begun, and its dates are the story's.
_STORY_TEXT_CHARS = 150


def _texts_from(heading: HtmlElement, budget: int, forward: bool) -> Iterator[str]:
    """Texts of the blocks after (or before, nearest first) the heading, at any level up,
    until `budget` characters or, after it, the story's text."""
    node = heading
    seen = 0
    while budget > 0 and node is not None:
        sibling = node.getnext() if forward else node.getprevious()
        if sibling is None:
            node = node.getparent()
            if node is None or node.tag in {"body", "html"}:
                return
            continue
        node = sibling
        if not isinstance(node.tag, str):
            continue
        texts = list(_element_texts(node))
        for text in texts if forward else reversed(texts):
            budget -= len(text)
            if forward and len(text) >= _STORY_TEXT_CHARS and seen:
                return
            seen += 1
            yield text
            if budget <= 0:
                return


def _element_texts(element: HtmlElement) -> Iterator[str]:
    """The element's texts in page order without the blocks `shown_date` skips; a walk
    without recursion, as nesting is the page's."""
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        if not isinstance(node.tag, str):
            if event == "end" and node is not element and (node.tail or "").strip():
                yield node.tail.strip()  # a comment's tail is text
            continue
        if event == "end":
            if node is not element and (node.tail or "").strip():
                yield node.tail.strip()
        elif node.tag in _NOT_HEADER_TAGS or _NOT_HEADER_CLASS.search(
                f'{node.get("class") or ""} {node.get("id") or ""}'):
            walker.skip_subtree()
        elif node.tag == "time" and node.get("datetime"):
            yield node.get("datetime")
            walker.skip_subtree()
        elif (node.text or "").strip():
            yield node.text.strip()


def shown_date(tree: HtmlElement, after: int = 600, before: int = 150
               ) -> PublicationTime | None:
    """The date the page shows with its headline: the first date (a <time>'s `datetime`, a
    dateline, "Veröffentlicht am 6. November 2023") in the text right after the story's
    <h1>, else right before it; not an update's date, nor one in a caption or teaser."""
    heading = next((h for h in tree.iter("h1") if not _is_logo_heading(h)
                    and not _in_navigation(h)), None)
    if heading is None:
        return None
    # The meta line under the headline, else the one above it, nearest first (further up
    # is the masthead's date of today). A date in a text as long as a paragraph is the
    # story's.
    latest = _latest_day()
    for texts in (_texts_from(heading, after, forward=True),
                  _texts_from(heading, before, forward=False)):
        previous = ""
        for text in texts:
            if len(text) < _STORY_TEXT_CHARS:
                found = parse_date(text) if ISO_LIKE.match(text) else \
                    _shown_day(text, previous, latest)
                if found and found.local[:10] <= latest:
                    return found
            previous = text
    return None


# --- authors and wire agencies -------------------------------------------------------------

# Wire agencies, by the names pages credit them with -> the code published in `source`.
AGENCIES: dict[str, str] = {
    "ap": "AP", "associated press": "AP", "the associated press": "AP",
    "reuters": "Reuters", "thomson reuters": "Reuters",
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "pa": "PA", "pa media": "PA", "press association": "PA", "pa wire": "PA",
    "dpa": "dpa", "deutsche presse-agentur": "dpa", "dpa-afx": "dpa",
    "apa": "APA", "austria presse agentur": "APA", "sda": "SDA", "keystone-sda": "SDA",
    "kna": "KNA", "epd": "epd", "afp/dpa": "AFP", "dpa/afp": "dpa",
    "anp": "ANP", "belga": "Belga", "efe": "EFE", "agencia efe": "EFE",
    "europa press": "Europa Press",
    "ansa": "ANSA", "lusa": "Lusa", "pap": "PAP", "ctk": "ČTK", "čtk": "ČTK", "tt": "TT",
    "ntb": "NTB", "ritzau": "Ritzau", "stt": "STT", "aap": "AAP",
    "australian associated press": "AAP", "the canadian press": "CP", "canadian press": "CP",
    "upi": "UPI", "united press international": "UPI", "kyodo": "Kyodo",
    "kyodo news": "Kyodo", "xinhua": "Xinhua", "yonhap": "Yonhap", "ians": "IANS",
    "pti": "PTI", "press trust of india": "PTI", "ani": "ANI", "bloomberg": "Bloomberg",
    "tass": "TASS", "anadolu": "Anadolu", "anadolu agency": "Anadolu", "rtr": "Reuters",
}
_AGENCY_NAMES = sorted(AGENCIES, key=len, reverse=True)
_AGENCY_ALT = "|".join(re.escape(n) for n in _AGENCY_NAMES)
# "WASHINGTON (AP) —", "Berlin (dpa) -", "PARIS (Reuters) -"
DATELINE = re.compile(rf"^[^\n()]{{0,60}}\((?P<agency>{_AGENCY_ALT})(?:[/,][^)]*)?\)\s*[-–—:]",
                      re.IGNORECASE)
# Credit lines: "Via AP news wire", "Copyright 2024 The Associated Press", "Quelle: dpa",
# "(Reporting by ... ; Editing by ...)" (Reuters), "© Agence France-Presse", "mit Material von dpa"
CREDIT_LINE = re.compile(
    rf"(?:\bvia\s+(?P<a1>{_AGENCY_ALT})\b(?:\s+news\s*wire)?"
    rf"|(?:copyright|©|\(c\))\s*(?:\d{{4}}\s*)?(?P<a2>{_AGENCY_ALT})\b"
    rf"|^\s*(?:quelle|source|fonte|źródło|bron|fuente|kilde|källa|lähde)\s*:\s*(?P<a3>{_AGENCY_ALT})\b"
    rf"|\bmit\s+material\s+(?:von|der|des)\s+(?P<a4>{_AGENCY_ALT})\b"
    rf"|^\s*\(?(?P<a5>{_AGENCY_ALT})\)?\s*$)",
    re.IGNORECASE,
)
REUTERS_CREDIT = re.compile(r"\((?:reporting|writing|additional reporting) by [^)]*\)",
                            re.IGNORECASE)

# Byline words before names and role words after them, in the corpus languages and more.
BYLINE_PREFIX = re.compile(
    r"^(?:(?:written|posted|reported|updated|published|artikel|beitrag|article|post)\s+)?"
    r"(?:by|von|vom|par|door|di|da|por|av|przez|autor(?:ka|in)?|author|text|texto|tekst|from|"
    r"de|von der|redaktion|interview|quelle|source|fonte|fuente)\s*:?\s+",
    re.IGNORECASE)
BYLINE_INNER = re.compile(
    r"\s(?:by|von|par|door|por|przez)\s+|\S*-?(?:experte|expertin|autor|autorin)\s+",
    re.IGNORECASE)
BYLINE_AFFILIATION = re.compile(
    r"\s+(?:for|für|pour|para|per)\s+(?:the\s+|die\s+|der\s+|le\s+|la\s+)?[A-Z].*$"
    r"|\s+(?:stand|updated|aktualisiert|published|veröffentlicht|publié|publicado|pubblicato|"
    r"opublikowano|gepubliceerd)\b.*$"
    r"|\s+(?:with|mit|avec|con|com)\s+(?:agencies|agenturen|agences|agencias|agenzie)\b.*$",
    re.IGNORECASE)
# The date after the name: "Von A am Samstag, 19. Oktober 2019", "By A on Monday, ...".
BYLINE_DATE = re.compile(
    r"\s+(?:am|on|le|el|il)\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|montag|dienstag|"
    r"mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    r"dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|\d).*$", re.IGNORECASE)
# Field labels and desks that end up in author fields.
LABELS = {"author", "authors", "auteur", "auteurs", "autor", "autoren", "autorin", "name",
          "redaktion", "redazione", "redacción", "rédaction", "redakcja", "editorial", "staff",
          "admin", "administrator", "editor", "team", "newsroom", "unknown", "anonymous",
          # desk abbreviations, "agencies", and field labels of date/follow widgets
          "red", "agenturen", "agencies", "agences", "agencias", "agenzie", "wires",
          "datum", "date", "fecha", "follow", "folgen", "suivre", "seguir",
          "unbenannt", "untitled", "sans titre", "sin título", "senza titolo",
          # labels of author-page links
          "people", "profile", "profil", "contributors", "more", "mehr", "all authors",
          # credit labels before or between names ("Text; Interview Harald Willenbrock")
          "text", "texte", "texto", "tekst", "interview", "foto", "fotos", "photo", "photos",
          "illustration", "illustrationen"}
# Role words written after the name in Korean, Japanese and Chinese bylines ("홍길동 기자").
CJK_ROLE = re.compile(
    r"\s*(?:기자|특파원|논설위원|선임기자|記者|特派員|編集委員|論説委員|通讯员|记者)(?:\s.*)?$")
DEGREES = {"phd", "ph.d", "md", "mba", "msc", "ma", "ba", "llm", "mph", "rn", "jr", "sr"}
ROLE_WORDS = re.compile(
    r"\b(?:reporter|correspondent|editor|writer|journalist|columnist|contributor|staff|"
    r"redakteur(?:in)?|korrespondent(?:in)?|redaktion|autor(?:in)?|chefredakteur(?:in)?|"
    r"ressortleiter(?:in)?|volontär(?:in)?|redaktor|rédacteur|rédactrice|envoyée? spéciale?|"
    r"corresponsal|redactor|redactora|giornalista|inviato|inviata|senior|chief|deputy|"
    r"political|business|sports?|news|science|technology|health|economics|policy|"
    r"international|foreign|digital|media|crime|legal|home affairs|culture|opinion)\b",
    re.IGNORECASE)
TRAILING_ROLE = re.compile(rf"(?:\s+(?:{ROLE_WORDS.pattern}))+$", re.IGNORECASE)
NAME_SPLIT = re.compile(
    r"\s*(?:;|\||/|,|&|\+|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\bog\b|\ben\b|\boch\b|\bja\b"
    r"|\boraz\b|\ba\b)\s*",
    re.IGNORECASE)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 60:
        return False
    if any(ch.isdigit() for ch in text) or "@" in text or "http" in text.lower():
        return False
    # Names are capitalised words (particles like "van", "de", "von" allowed).
    # Scripts without case (CJK, Hangul, Arabic...) count as capitalised.
    capitalised = sum(1 for w in words if w[0].isupper() or (w[0].isalpha() and
                                                              not w[0].islower()))
    return capitalised >= max(1, len(words) - 2)



# Words of author-page links ("Zeige alle Artikel", "More Posts", "Autorenseite von"),
# never of a name.
_LINK_LABEL_WORDS = {"artikel", "articles", "posts", "beiträge", "autorenseite", "stories",
                     "artículos", "articoli"}
_BYLINE_WORD_AT_END = re.compile(r"\s(?:von|by|par|de|di|por|door|av)$", re.IGNORECASE)


def _is_link_label(text: str) -> bool:
    return bool(_BYLINE_WORD_AT_END.search(text)) or any(
        word.casefold() in _LINK_LABEL_WORDS for word in text.split())


ORG_ARTICLES = {"the", "le", "la", "les", "l", "der", "die", "das", "el", "il", "lo", "de", "het"}


def _is_site_itself(name: str, site: list[str]) -> bool:
    """The byline is the publication ("The Independent", "Le Monde", "Spiegel"), not a person.
    A personal blog named after its author ("Helge Fahrnberger") keeps its author."""
    if _alnum(name) not in {_alnum(n) for n in site}:
        return False
    words = name.split()
    return len(words) == 1 or words[0].casefold().strip("'’") in ORG_ARTICLES or "." in name


def _is_spelt_host(name: str, site: list[str]) -> bool:
    """The site's host name with its dots turned into spaces ("Finanztreff De",
    "Wien Orf At"), as some tools fold a publisher's domain into an author."""
    key = _alnum(name)
    return "." not in name and len(name.split()) >= 2 and any(
        "." in n and " " not in n and key == _alnum(n.removeprefix("www.")) for n in site)


def names_the_site(name: str, site: list[str]) -> bool:
    """The name is one the site goes by ("National Geographic", "Helmholtz Klima"): a
    publisher credited as author, only a person when nothing better is on the page."""
    key = _alnum(name)
    return any(key == _alnum(n) or (len(key) >= 5 and key in _alnum(n))
               or ("." in n and " " not in n and key == _alnum(n.split(".")[0]))  # "LTO", lto.de
               for n in site)


class MetadataSource(list):
    """Author strings from the page's metadata (JSON-LD, meta tags, microdata): fields
    that hold an author and nothing else, so a user name there is a pen name."""


# A user name as author fields give it: one token, letters with digits, dots or dashes.
_HANDLE = re.compile(r"^[^\W\d_][\w.-]{2,29}$")


def _handles(candidates: list[str], site: list[str]) -> list[str]:
    """Pen names ("jesusfreak", "delta201") in a metadata author field: not labels, not
    the site's name or host, not a web address."""
    found = []
    for value in candidates:
        value = squash(value)
        if _HANDLE.match(value) and sum(ch.isalpha() for ch in value) >= 3 \
                and value.casefold() not in LABELS and value.casefold() not in AGENCIES \
                and not names_the_site(value, site) and not _DOMAIN.search(value) \
                and value not in found:
            found.append(value)
    return found


_DOMAIN = re.compile(r"\.(?:[a-z]{2,3}|info|online|news)$", re.IGNORECASE)


# The newsroom as a byline ("Von Redaktion", an author link named "Redaktion"): who the
# page credits when it names neither a person nor the publisher.
DESKS = {"redaktion", "redazione", "redacción", "rédaction", "redakcja", "redactie", "redação",
         "newsroom"}


def is_desk(name: str) -> bool:
    return name.casefold() in DESKS or _is_named_desk(name)


def _is_named_desk(name: str) -> bool:
    """The newsroom with the publisher's name: "BR24 Redaktion", "IN-Redaktion",
    "Redaktion Gelbe Liste Pharmindex" (not a label: "Redaktion: Anna Müller")."""
    words = re.split(r"[\s-]+", name.casefold())
    return ":" not in name and 2 <= len(words) <= 5 and (words[0] in DESKS or words[-1] in DESKS)


def _named_desk(value: str) -> str | None:
    """The named newsroom a byline credits ("Von Redaktion MSM" -> "Redaktion MSM"), kept
    whole: both corpora's truth credits it so, where the desk word alone is dropped."""
    name = _strip_name(value)
    while BYLINE_PREFIX.match(name) and name.split()[0].casefold() not in DESKS:
        name = _strip_name(BYLINE_PREFIX.sub("", name, count=1))
    return name if _is_named_desk(name) else None


def _desks(candidates: list[str]) -> list[str]:
    found = []
    for value in candidates:
        name = _strip_name(BYLINE_PREFIX.sub("", squash(value)))
        if is_desk(name) and name not in found:
            found.append(name)
    return found


def choose_authors(sources: Iterable[list[str]], site: list[str]
                   ) -> tuple[list[str], str | None]:
    """People from the first source that names any; else the publisher (a byline that is
    the site's own name), else a pen name from a metadata author field or author link,
    else the newsroom named as byline: who a page credits when it names no person. And
    the wire agency credited in any source tried."""
    agency = None
    fallback: list[str] = []
    handles: list[str] = []
    desks: list[str] = []
    for candidates in sources:
        names, credited = clean_authors(candidates, site, keep_publisher=True)
        agency = agency or credited
        people = [_name_case(n) for n in names if not names_the_site(n, site)]
        if people:
            return people, agency
        fallback = fallback or names
        if isinstance(candidates, MetadataSource):
            handles = handles or _handles(candidates, site)
        desks = desks or _desks(candidates)
    return fallback or handles or desks[:1], agency


def _name_case(name: str) -> str:
    """A person's name set in capitals ("STEVE PEOPLES", as AP's metadata has it) in the
    case readers expect; a name with any lower-case letter is left as written."""
    letters = [c for c in name if c.isalpha()]
    if " " in name and len(letters) >= 4 and all(c.isupper() for c in letters):
        return name.title()
    return name


_ORG_WITH_DOMAIN = re.compile(r"\((?:https?://)?(?:www\.)?[\w-]+\.[a-z]{2,}/?\)", re.IGNORECASE)
_FINAL_INITIAL = re.compile(r"(?:^|\s)\w$")


def _strip_name(text: str) -> str:
    """Punctuation around a name, except the dot of a final initial ("Joe S.")."""
    stripped = text.strip(" .,:-–—|\"'")
    if _FINAL_INITIAL.search(stripped) and text.rstrip(" ,:-–—|\"'").endswith(stripped + "."):
        stripped += "."
    return stripped


def _undoubled(text: str) -> str:
    """A name written twice, for two screen sizes ("Olivier Minot Olivier Minot",
    "Kristen Falc'honKristen Falc'hon"), once."""
    half = len(text) // 2
    first = text[:half].strip()
    if " " in first and first == text[-half:].strip() and len(text) - 2 * half <= 1:
        return first
    return text


_INITIAL_OR_SUFFIX = re.compile(r"^(?:\w|jr|sr)$", re.IGNORECASE)


def with_initial_dots(names: str | None, byline: str) -> str | None:
    """trafilatura's byline names ("Günter W Kienitz; Joe S") with the dots of their
    initials and of "Jr." as the byline writes them ("Günter W. Kienitz", "Joe S.")."""
    if not names or "." not in byline:
        return names
    restored = []
    for name in names.split("; "):
        words = name.split()
        # Each word as written, a dot allowed after an initial or "Jr"/"Sr".
        pattern = r"\s*".join(re.escape(w) + (r"\.?" if _INITIAL_OR_SUFFIX.match(w) else "")
                              for w in words)
        match = re.search(rf"(?<!\w){pattern}(?!\w)", byline)
        written = " ".join(match.group(0).split()) if match else name
        restored.append(written if written.replace(".", "").split() == words else name)
    return "; ".join(restored)


def clean_authors(raw: list[str], site: list[str], keep_publisher: bool = False
                  ) -> tuple[list[str], str | None]:
    """Split and clean author strings; return (people, wire agency credited among them).
    The publication itself ("Le Monde", "ORF.at") is no person; `keep_publisher` keeps it
    for a caller that credits the publisher when a page names no one else."""
    people: list[str] = []
    agency = None
    for value in raw:
        value = squash(value).replace("\xad", "")  # soft hyphens: "Mat\xadthi\xadas"
        if len(value) > 150:
            continue  # a bio or a paragraph, not a byline
        if _ORG_WITH_DOMAIN.search(value):
            continue  # "Deutsche Welle (www.dw.com)": an organisation with its web address
        # e-mails, links, "(cog.)", "For The Mail On Sunday", "Stand: 12.3."
        value = re.sub(r"\S+@\S+|https?://\S+|\([^)]*\)", " ", value)
        value = BYLINE_AFFILIATION.sub("", value)
        value = BYLINE_DATE.sub("", value)
        if "," in value and _is_site_itself(
                _strip_name(BYLINE_PREFIX.sub("", value.split(",")[0].strip())), site):
            continue  # "hessenschau.de, Frankfurt, Germany": the publisher and its address
        whole = _strip_name(BYLINE_PREFIX.sub("", value))
        desk = _named_desk(value) if keep_publisher else None
        if desk or (keep_publisher and NAME_SPLIT.search(whole) and names_the_site(whole, site)):
            # "BR24 Redaktion": the publisher's newsroom; "Jobs & Hire": the publisher, not
            # two people.
            whole = desk or whole
            if whole not in people:
                people.append(whole)
            continue
        for part in NAME_SPLIT.split(value):
            part = _strip_name(_undoubled(part))
            # "Capital Von Jemima Kelly", "FOCUS-Online-Experte Robin Tschöpe": the name
            # follows the last byline word or role.
            inner = list(BYLINE_INNER.finditer(part))
            # ...unless it is a particle of the name: "Christoph von Ritter".
            if inner and len(part[inner[-1].end():].split()) >= 2:
                part = part[inner[-1].end():]
            part = _strip_name(BYLINE_PREFIX.sub("", part))
            part = CJK_ROLE.sub("", part).strip()
            key = part.casefold()
            if key in AGENCIES:
                agency = agency or AGENCIES[key]
                continue
            if len(part) < 3 or key in DEGREES:
                continue
            if ROLE_WORDS.search(part) and (len(part.split()) <= 3 and not _looks_like_name(
                    ROLE_WORDS.sub("", part).strip())):
                continue  # "Reporter", "Political Editor": a role, not a person
            # "Christoph Hein Chefredakteur": the role after the name goes.
            trailing = TRAILING_ROLE.search(part)
            if trailing and len(part[:trailing.start()].split()) >= 2:
                part = part[:trailing.start()]
                key = part.casefold()
            if key in LABELS or _is_spelt_host(part, site) or not _looks_like_name(part) \
                    or (not keep_publisher and _is_site_itself(part, site)) \
                    or _is_link_label(part):
                continue
            if part not in people:
                people.append(part)
    return people, agency


def author_candidates(page: PageMetadata) -> list[list[str]]:
    """Author strings by source, most trustworthy first: JSON-LD people, meta, itemprop."""
    sources: list[list[str]] = []
    ld = page.article_ld or next((o for o in page.json_ld if o.get("author")), {})
    authors = ld.get("author") or ld.get("creator")
    if isinstance(authors, dict | str):
        authors = [authors]
    people: list[str] = []
    by_id = {o["@id"]: o for o in page.json_ld if isinstance(o.get("@id"), str)}
    for author in authors or []:
        if isinstance(author, dict) and "name" not in author and author.get("@id") in by_id:
            author = by_id[author["@id"]]  # Yoast-style graph: {"@id": ".../person/..."}
        if isinstance(author, str):
            people.append(author)
        elif isinstance(author, dict):
            name = _ld_text(author.get("name"))
            if not name and (author.get("givenName") or author.get("familyName")):
                name = f"{author.get('givenName', '')} {author.get('familyName', '')}"
            if name:
                people.append(name)
    if people:
        sources.append(MetadataSource(people))
    for key in ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author",
                "byl", "cxenseparse:author", "twitter:creator"):
        value = page.meta.get(key)
        if value and not value.startswith(("http", "@")):
            sources.append(MetadataSource([value]))
    if page.itemprop.get("author"):
        sources.append(MetadataSource([page.itemprop["author"]]))
    return sources


# Links to an author's page: /autor/, /authors/, /journalist/... (not /person/ or
# /people/: those are often topic pages of people the story mentions).
AUTHOR_PATH = re.compile(
    r"/(?:autor(?:en|in|innen)?|authors?|journalist(?:en|in)?|redakteur(?:e|in)?|"
    r"redaccion|redazione|auteurs?|writers?|columnists?|staff)/",
    re.IGNORECASE)
# Not a layout that merely has one ("has-sidebar", "off-canvas").
_NOT_BYLINE_ANCESTOR = re.compile(
    r"(?<!has-)(?<!with-)(?:footer|comment|related|teaser|recommend|sidebar|aside|(?<!ca)nav)",
    re.IGNORECASE)


def _headline_holders(tree: HtmlElement) -> set[HtmlElement]:
    """The elements that wrap the page's headline (a <h1> that is no logo), the <h1>s
    included: the article's own layout ("one-sidebar", "vw-blog-sidebar-position-right"
    name the page's columns), not a sidebar or teaser. Once per page: a walk of each
    ancestor's subtree per candidate was quadratic (thousands of logo <h1>s and author
    links in a sidebar: 24 s)."""
    holders: set[HtmlElement] = set()
    for heading in tree.getroottree().getroot().iter("h1"):
        if not _is_logo_heading(heading):
            holders.add(heading)
            holders.update(heading.iterancestors())
    return holders


def _outside_byline_areas(element: HtmlElement, holders: set[HtmlElement],
                          by_tag: bool = True) -> bool:
    """Not in a footer, navigation, comment, sidebar or teaser list (by tag, or by class
    unless that ancestor holds the headline too: in `holders`)."""
    return not any(
        (by_tag and a.tag in {"footer", "nav", "aside"}) or (_NOT_BYLINE_ANCESTOR.search(
            f'{a.get("class") or ""} {a.get("id") or ""}') and a not in holders)
        for a in element.iterancestors())


def author_links(tree: HtmlElement, limit: int = 4) -> MetadataSource:
    """Names linked to author pages (`rel=author` or an author path) outside footers,
    navigation, comments and teaser lists: the page's visible byline. A link to an
    author's page holds a name and nothing else, so a user name there ("reineckefuchs")
    is a pen name, as in a metadata author field."""
    names = MetadataSource()
    holders: set[HtmlElement] | None = None  # found when a link first needs them
    for link in tree.iter("a"):
        href = link.get("href") or ""
        if "author" not in (link.get("rel") or "") and not AUTHOR_PATH.search(href):
            continue
        name = squash(link.text_content())
        if not name or "©" in name or name in names or not (
                _looks_like_name(name) or _HANDLE.match(name)):
            continue
        if holders is None:
            holders = _headline_holders(tree)
        if not _outside_byline_areas(link, holders):
            continue
        names.append(name)
        if len(names) >= limit:
            break
    return names


# The kind of piece before the byline word: "Eine Kolumne von A", "Blog Beitrag von A",
# "Ein Interview von A", "Written by: A", "Posted by A".
_PIECE_BY = (r"(?:eine?n?\s+)?(?:(?:blog|gast)[\s-]?)?(?:artikel|beitrag|text|kolumne|interview|"
             r"kommentar|bericht|reportage|analyse|essay|glosse)\s+von|"
             r"(?:written|posted|reported|story|words)\s+by")
# A byline written as a label and names: "Von: Bill McCarthy", "Autorin/Autor Roman G.",
# "Auteur : Kossivi Tiassou", "Forfatter: ...", "Autoren Jelko Djuren und Jutta Klaukien".
BYLINE_LABEL = re.compile(
    rf"^(?:{_PIECE_BY}|"
    r"von|by|autor(?:in|ka|a|e|en|innen)?(?:/autor(?:in)?)?|autorin/autor|authors?|auteure?s?|"
    r"text|par|por|door|av|przez|di|forfatter|författare|skribent|yazar)\s*:?\s+"
    r"(?P<names>\S.{2,80})$",
    re.IGNORECASE)
# A date as meta lines write it, with its time: "19.11.2021", "2021-11-19", "11/19/2021",
# "September 21, 2020", "21. September 2020, 13:10 Uhr".
_LINE_DATE = (r"(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}"
              r"|[^\W\d_]{3,10}\.?\s\d{1,2},?\s\d{4}|\d{1,2}\.?\s[^\W\d_]{3,10}\.?\s\d{4})"
              r"(?:,?\s(?:um\s)?\d{1,2}[:.]\d{2}(?:\s?(?:uhr|h|am|pm))?)?")
# The label after the line's date (and its field label): "Datum: 03.11.2021 Autor: Peter
# Maahn", "Posted on September 21, 2020 by Adi Tzlil", "05.02.2020 - Redaktion: A. B.".
LATE_BYLINE_LABEL = re.compile(
    rf"^(?:[^\W\d_]+\s?:?\s){{0,2}}{_LINE_DATE}\s?[|,·•–—-]?\s(?:by|von|par|por|door|"
    r"(?:autor(?:in|en)?|authors?|auteure?|redaktion)\s?:)\s*(?P<names>\S.{2,80})$",
    re.IGNORECASE)
# The date, then the name, as blog and CMS meta lines give them: "11.12.2019 - Amelie
# Loevenich", "04.02.2022 | 13:10 Uhr | Uta Helkenberg".
DATED_NAME = re.compile(
    r"^(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})"
    r"(?:\s*[|,·•]?\s*\d{1,2}[:.]\d{2}(?:\s*uhr|\s*h)?)?\s*[|–—-]\s*"
    r"(?P<names>[^\W\d_][^|–—:/,\d]{3,60})$",
    re.IGNORECASE)
# The name, then the date, in a story header's meta line: "Sehernur Karsu | 05.04.2025 -
# Güncelleme : 05.04.2025", "Jacobo Betancur Peláez | Publicado hace 3 horas".
NAME_DATED = re.compile(
    rf"^(?P<names>[^\W\d_][^|•·:/,\d]{{3,60}}?)\s*[|•·]\s*(?:{_LINE_DATE}|(?:publicado|published|"
    r"posted|veröffentlicht|publié|pubblicato|aktualisiert|updated)\b)",
    re.IGNORECASE)
_NAME_DATED_OPENING = re.compile(r"^[^\W\d_][^|•·:/,\d]{3,60}?\s*[|•·]")
# The next field of the same line: "Auteur : A. B. Edition : C. D.", "By A. B. Updated: ...".
_NEXT_LABEL = re.compile(r"\s+[^\W\d_]+\s?:\s")


_BYLINE_WORD = re.compile(rf"(?:{_PIECE_BY}|"
                          r"von|by|autor(?:in|ka|a|e|en|innen)?|authors?|auteure?s?|text|par|"
                          r"por|door|av|przez|di|forfatter|författare|skribent|yazar)\b",
                          re.IGNORECASE)
# What opens a meta line that may name the author later: a date or a field label.
_META_LINE_START = re.compile(r"\d{1,4}[./-]\d|[^\W\d_]{3,12}\s?:|posted\b|published\b",
                              re.IGNORECASE)


def _in_link(element: HtmlElement) -> bool:
    """Inside a link: a teaser card of another story ("Von Ines Zöttl" under a related
    article's headline), whose byline is not this page's."""
    return any(a.tag == "a" for a in element.iterancestors())


def _lines(element: HtmlElement) -> list[str]:
    """The element's text as its lines (split at <br>), words of neighbouring elements
    not glued ("Name<a>share</a>"). A walk without recursion: nesting is the page's."""
    parts: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if not isinstance(node.tag, str):
            if event == "end" and node.tail:  # a comment's tail is text
                parts.append(node.tail)
            continue
        if event == "start":
            parts.append("\x00" if node.tag == "br" else f" {node.text or ''}")
        elif node is not element:
            parts.append(f" {node.tail or ''}")
    return [line for line in (squash(line) for line in "".join(parts).split("\x00")) if line]


def _byline_in(line: str) -> str | None:
    """The names a byline line gives, by label, by a label after the date, or after a date."""
    if not 6 <= len(line) <= 90:
        return None
    match = BYLINE_LABEL.match(line) or LATE_BYLINE_LABEL.match(line)
    # "Text vorlesen" (a read-aloud button), "von der Großen Koalition": a label word
    # before a lower-case word opens no name; the byline may come later.
    if match and not match.group("names")[0].islower():
        return _NEXT_LABEL.split(match.group("names"))[0]
    match = DATED_NAME.match(line) or NAME_DATED.match(line)
    if match and _is_strict_name(match.group("names").strip()):
        return match.group("names").strip()
    return None


_NAME_PARTICLES = {"von", "van", "der", "de", "den", "da", "di", "du", "la", "le", "zu", "ter",
                   "ten", "bin", "al", "del", "dos", "y"}


def _is_strict_name(text: str) -> bool:
    """Two to four words, each capitalised or a particle ("Anna von Arx"): a name standing
    alone after a date, where a headline ("Neue Regeln für Mieter") may stand too."""
    words = text.split()
    return 2 <= len(words) <= 4 and _looks_like_name(text) and all(
        w[0].isupper() or w in _NAME_PARTICLES for w in words)


def labelled_bylines(tree: HtmlElement, limit: int = 1000) -> list[str]:
    """Names after a byline label in a short element (list item, paragraph, span, the
    `<byline>` element of some CMSs), in the first `limit` such elements of the page,
    outside footers, asides, comments and teaser links. A line of its own (between <br>s)
    counts as a short element; the label may follow the line's date ("Datum: 3.11.2021
    Autor: A. B.") or a date may stand for it, before or after the name ("11.12.2019 - A. B.",
    "A. B. | 05.04.2025")."""
    holders: set[HtmlElement] | None = None  # found when a match first needs them
    for number, element in enumerate(tree.iter("li", "p", "span", "div", "byline", "small")):
        if number >= limit:
            break
        if len(element) > 6:
            continue  # a container, not a byline
        # Cheap test first: a label or a date opens the element's own text or its first
        # child's.
        opening = (element.text or "").strip() or (
            (element[0].text or "").strip() if len(element) and isinstance(element[0].tag, str)
            else "")
        if not (_BYLINE_WORD.match(opening) or _META_LINE_START.match(opening)
                or (("|" in opening or "•" in opening or "·" in opening)  # cheap first
                    and _NAME_DATED_OPENING.match(opening))):
            continue
        for line in _lines(element)[:3]:
            names = _byline_in(line)
            if names is None:
                continue
            if holders is None:
                holders = _headline_holders(tree)
            if _outside_byline_areas(element, holders) and not _in_link(element):
                return [names]
            break
    return []


_SIGNATURE_TAGS = {"strong", "b", "em", "i"}
_SIGNATURE_SPLIT = re.compile(r"\s*(?:/|,|&|\band\b|\bund\b|\bet\b|\by\b)\s*")
_SIGNATURE_TEXT = re.compile(r"^[^\W\d_][\w .'’/,&-]{3,80}$")


def signature_paragraphs(tree: HtmlElement, min_text: int = 200) -> list[str]:
    """The author's names set alone in bold or italics above the story's first long
    paragraph (after a standfirst) or as its last paragraph: "<p><strong>Jane Doe/John
    Roe</strong></p>" over the text, "<p><b><i>Jane Doe</i></b></p>" under it. A signature,
    for a page with no byline: only names (each two to four capitalised words), in a run of
    paragraphs holding text (one of `min_text` characters or more), not in a link, aside
    or footer."""
    holders: set[HtmlElement] | None = None
    runs: dict[HtmlElement, tuple[dict[HtmlElement, int], int | None, int, int]] = {}
    for paragraph in tree.iter("p"):
        if len(paragraph) != 1 or (paragraph.text or "").strip() \
                or (paragraph[0].tail or "").strip() or paragraph[0].tag not in _SIGNATURE_TAGS:
            continue
        text = squash(paragraph[0].text_content())
        # Names only: no role or label word ("Über den Autor", "Unser Team").
        if not _SIGNATURE_TEXT.match(text) or ROLE_WORDS.search(text) or any(
                word.casefold() in LABELS for word in text.split()) or not all(
                _is_strict_name(name) for name in _SIGNATURE_SPLIT.split(text)):
            continue
        parent = paragraph.getparent()
        if parent not in runs:  # once per parent: a page of a thousand such lines is linear
            siblings = [s for s in parent.iterchildren("p") if squash(s.text_content())]
            long = [len(squash(s.text_content())) >= min_text for s in siblings]
            first_long = long.index(True) if any(long) else None
            # The first paragraph not set wholly in emphasis (no standfirst).
            first_plain = next((n for n, s in enumerate(siblings) if not _in_emphasis_only(s)),
                               len(siblings))
            runs[parent] = ({s: n for n, s in enumerate(siblings)}, first_long, len(siblings),
                            first_plain)
        places, first_long, count, first_plain = runs[parent]
        place = places[paragraph]
        # Above the story's first long paragraph (after a standfirst), or the last one
        # with nothing after it ("<p><b>Further reading</b></p><ul>..." is a heading).
        if first_long is None or (first_long < place and (place != count - 1 or any(
                squash(s.text_content()) for s in paragraph.itersiblings()))):
            continue
        # Above the text only a standfirst (set wholly in emphasis) comes first: after a
        # plain paragraph of the story it is a subhead ("Higher Costs"), under an image its
        # credit ("Getty Images").
        if place < first_long and (first_plain < place or _follows_an_image(paragraph)):
            continue
        if holders is None:
            holders = _headline_holders(tree)
        if _outside_byline_areas(paragraph, holders) and not _in_link(paragraph):
            return [text]
    return []


def _in_emphasis_only(paragraph: HtmlElement) -> bool:
    """Whether all of a paragraph's text is in bold or italic elements."""
    return len(paragraph) > 0 and not (paragraph.text or "").strip() and all(
        child.tag in _SIGNATURE_TAGS and not (child.tail or "").strip() for child in paragraph)


def _follows_an_image(element: HtmlElement) -> bool:
    """Whether the element comes right after a block showing an image and no text."""
    before = element.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()  # comments
    return before is not None and (before.tag in {"img", "picture", "figure"} or any(
        True for _ in before.iter("img", "picture"))) and not squash(before.text_content())


def detect_agency(paragraphs: list[str], raw_authors: list[str]) -> str | None:
    """The wire agency a page credits: byline, dateline, or a credit line at either end."""
    for value in raw_authors:
        for part in NAME_SPLIT.split(squash(value)):
            key = BYLINE_PREFIX.sub("", part.strip(" .,:-")).strip(" .,:-").casefold()
            if key in AGENCIES:
                return AGENCIES[key]
    if paragraphs:
        match = DATELINE.search(paragraphs[0][:120])
        if match:
            return AGENCIES[match.group("agency").casefold()]
    edges = paragraphs[-4:] + paragraphs[:2]
    for text in edges:
        if len(text) > 300:
            continue
        match = CREDIT_LINE.search(text)
        if match:
            name = next(g for g in match.groups() if g)
            return AGENCIES[name.casefold()]
        if REUTERS_CREDIT.search(text):
            return "Reuters"
    return None


def publisher_tags(page: PageMetadata) -> list[str]:
    tags: list[str] = []
    values: list[Any] = [page.meta.get("keywords"), page.meta.get("news_keywords")]
    ld = page.article_ld or {}
    values.append(ld.get("keywords"))
    values.append(page.meta.get("article:tag"))
    for value in values:
        if isinstance(value, list):
            items = [str(v) for v in value if isinstance(v, str)]
        elif isinstance(value, str):
            items = re.split(r"\s*[,;]\s*", value)
        else:
            continue
        for item in items:
            item = squash(item)
            if item and len(item) <= 80 and item not in tags:
                tags.append(item)
    return tags[:50]


def section(page: PageMetadata) -> str | None:
    value = page.meta.get("article:section") or _ld_text((page.article_ld or {}).get(
        "articleSection"))
    return value or None
