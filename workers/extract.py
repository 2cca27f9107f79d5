"""Extraction stage: one page's HTML to an `Extracted` story (pure, CPU-bound).

The page is parsed once with lxml; trafilatura gets that tree (it copies it before
cleaning) and the same tree feeds metadata, JSON-LD and not-an-article checks.
Runs inside the process pool, never on the event loop.
"""

from __future__ import annotations

import lzma
import re
import tempfile
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextvars import ContextVar
from copy import copy
from functools import lru_cache
from itertools import chain, islice
from urllib.parse import urljoin, urlsplit

import numpy as np
import py3langid
import trafilatura
import trafilatura.core
import trafilatura.external
import trafilatura.metadata
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.json_metadata import normalize_authors
from trafilatura.utils import load_html, trim

from workers import metadata
from workers.boilerplate import drop_boilerplate, is_boilerplate, is_date_stamp
from workers.extract_payload import payload_paragraphs
from workers.records import Extracted
from workers.settings import ExtractSettings


class NotAnArticle(Exception):
    """The page holds no story. `reason` is machine-readable, the message is for people."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def normalise_text(text: str) -> list[str]:
    """NFC, collapsed whitespace, one entry per non-empty paragraph."""
    text = unicodedata.normalize("NFC", text)
    paragraphs = (" ".join(line.split()) for line in text.split("\n"))
    return [p for p in paragraphs if p]


def extract_page(html: str, url: str, settings: ExtractSettings) -> Extracted:
    """Extract the story of one page, or raise `NotAnArticle`."""
    _triples.cache_clear()  # the cache serves one page: no memory held for past pages
    tree = load_html(html)
    if tree is None:
        raise NotAnArticle("not_an_article", "the payload does not parse as an HTML document")
    page = metadata.read_metadata(tree)
    _prepare_tree(tree, settings)
    # Body only: the metadata comes from our own readers over the same tree, so
    # trafilatura's metadata pass (and its costly date search) is only a fallback below.
    paragraphs = _main_text(tree, url, settings)
    paragraphs = _retry_with_recall(paragraphs, tree, url, settings)
    ld_body = _json_ld_body(page)
    paragraphs = _prefer_json_ld_body(paragraphs, ld_body, settings)
    paragraphs = _prefer_script_payload(paragraphs, tree, settings)
    paragraphs = _with_sibling_blocks(paragraphs, tree, settings)
    if not paragraphs:
        raise NotAnArticle("not_an_article", "no main text found in the page")

    author_sources = metadata.author_candidates(page)
    source = metadata.detect_agency(paragraphs, [a for s in author_sources for a in s])
    paragraphs = _without_repeats(drop_boilerplate(paragraphs))
    paragraphs = _without_pull_quotes(paragraphs, tree, settings)
    # trafilatura's title only when our readers found none (it costs a few XPath passes).
    title = metadata.choose_title(page, url, lambda: trafilatura.metadata.extract_title(tree))
    paragraphs = _without_leading_title(paragraphs, title, page)
    paragraphs = _without_kicker_and_headline(paragraphs, tree, title, settings)
    paragraphs = _without_other_articles(paragraphs, tree, title, settings)
    paragraphs = _without_link_cards(paragraphs, tree, url, settings)
    paragraphs = _without_link_lines(paragraphs, tree, url, settings)
    paragraphs = _without_captions(paragraphs, tree)
    paragraphs = _without_image_captions(paragraphs, tree, settings)
    paragraphs = _without_quote_attributions(paragraphs, tree, settings)
    paragraphs = _agree_with_json_ld_body(paragraphs, ld_body, settings)
    _reject_non_articles(paragraphs, page, tree, settings)
    # After the verdict: a section front's description shown above its links is no story.
    paragraphs = _with_shown_lead(paragraphs, tree, page, settings)
    paragraphs = _with_standfirst(paragraphs, tree, title, settings)
    paragraphs = _with_summary_list(paragraphs, tree, title, settings)
    paragraphs = _with_subheads(paragraphs, tree)

    names = metadata.site_names(page, url)
    authors, agency = metadata.choose_authors(chain(author_sources, _byline_sources(tree)), names)
    if not settings.publisher_as_author:
        authors = [a for a in authors
                   if not metadata.names_the_site(a, names) and not metadata.is_desk(a)]
    source = source or agency
    paragraphs = _without_byline_lines(paragraphs, [*authors, *([source] if source else [])])
    paragraphs = _without_author_bio(paragraphs, authors)
    published = metadata.publication_time(page, url, tree, settings.date_extensive_search,
                                          settings.date_languages)
    canonical = urljoin(url, page.canonical or page.meta.get("og:url") or url)
    return Extracted(
        url=url,
        canonical_url=canonical if canonical != url and canonical.startswith("http") else None,
        site=(urlsplit(url).hostname or "").lower(),
        sitename=metadata.sitename(page),
        title=title,
        authors=authors,
        published_at=published.utc if published else None,
        published_local=published.local if published else None,
        language=detect_language(paragraphs, settings) or _html_language(page),
        description=page.meta.get("og:description") or page.meta.get("description"),
        paragraphs=paragraphs,
        publisher_tags=metadata.publisher_tags(page),
        section=metadata.section(page),
        source=source,
    )


# Embedded posts of social networks: the publisher's embed markup (blockquote classes
# of Twitter/X, Instagram, TikTok, Facebook, Threads, Reddit, Bluesky), shown before the
# network's script replaces it. Dropped only with `drop_social_embeds` (see settings).
_SOCIAL_EMBED = re.compile(
    r"(?:^|\s)(?:twitter-tweet|twitter-video|instagram-media|tiktok-embed|fb-xfbml-parse-ignore|"
    r"text-post-media|reddit-embed-bq|reddit-card|bluesky-embed)(?:$|\s)")
# Boxes beside the story: fact boxes, info boxes ("Kort fortalt", "Weitere Informationen",
# a book list under a review), marked as such by their class or id in several languages.
_SIDE_BOX = re.compile(
    r"(?:^|[\s_-])(?:info-?box|fact-?box|facts-?box|fakten-?box|infokasten|key-?facts)(?:$|[\s_-])",
    re.IGNORECASE)
_SIDE_BOX_TAGS = {"div", "aside", "section", "figure"}
_CONTAINERS = {"article", "main", "body"}


def _prepare_tree(tree: HtmlElement, settings: ExtractSettings) -> None:
    """Edit the parsed page before the extractor sees it (metadata is read already):
    ruby annotations become inline text, side boxes (and, if asked, embedded social posts)
    go, and lines wrapped in the HTML source are joined."""
    doomed: list[HtmlElement] = []
    for element in list(tree.iter("ruby", "blockquote", *_SIDE_BOX_TAGS)):
        tag = element.tag
        if tag == "ruby":
            _flatten_ruby(element)
        elif tag == "blockquote":
            if settings.drop_social_embeds and _SOCIAL_EMBED.search(element.get("class") or ""):
                doomed.append(element)
        elif _SIDE_BOX.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is None or (element.tag != "blockquote"
                                           and not _is_side_box(element, settings)):
            continue
        element.drop_tree()  # keeps the text after it
    _join_source_lines(tree)


# Text nodes holding words and line breaks of the HTML source (whitespace between tags
# is no text); elements whose text keeps its lines.
_SOURCE_LINES = etree.XPath("//body//text()[contains(., '\n')][normalize-space()]")
_VERBATIM = ("pre", "textarea", "code", "script", "style", "template", "noscript")


def _join_source_lines(tree: HtmlElement) -> None:
    """A line break in the HTML source is a space on the page, but trafilatura keeps it in
    its text, where it reads as a paragraph break: a sentence wrapped in the source would
    come out as two paragraphs. Breaks the page shows (<br>, blocks) are elements, not text,
    and stay; so do the lines of preformatted text."""
    verbatim = {e for v in tree.iter(*_VERBATIM) for e in v.iter()}
    for node in _SOURCE_LINES(tree):
        parent = node.getparent()
        if parent is None or parent in verbatim or (
                node.is_tail and parent.getparent() in verbatim):
            continue
        joined = node.replace("\r", " ").replace("\n", " ")
        if node.is_text:
            parent.text = joined
        elif node.is_tail:
            parent.tail = joined


def _is_side_box(element: HtmlElement, settings: ExtractSettings) -> bool:
    """A box is beside the story when it holds a small part of the text of the story's
    container (an <article>, <main> or the body): a page that puts its whole story into
    an "infobox" keeps it."""
    container = next((a for a in element.iterancestors() if a.tag in _CONTAINERS), None)
    if container is None:
        return False
    box = len(" ".join(element.text_content().split()))
    return box <= settings.side_box_max_share * len(" ".join(container.text_content().split()))


def _flatten_ruby(ruby: HtmlElement) -> None:
    """<ruby>弾劾<rp>（</rp><rt>だんがい</rt><rp>）</rp></ruby> as the page's own plain-text
    fallback, "弾劾（だんがい）", inline: extractors otherwise drop the reading and cut the
    paragraph at the annotation. Without <rp> fallback parentheses the reading goes."""
    if ruby.find("rp") is None:
        for reading in list(ruby.iter("rt", "rtc")):
            if reading is not ruby:
                reading.drop_tree()
    text = " ".join(ruby.text_content().split())
    for child in list(ruby):
        ruby.remove(child)
    ruby.text = text
    ruby.tag = "span"


def _main_text(tree: HtmlElement, url: str, settings: ExtractSettings) -> list[str]:
    _install_fallback_gate()
    gate = _FALLBACK_MIN_SHARE.set(settings.fallback_below_share or None)
    try:
        document = trafilatura.bare_extraction(
            tree, url=url, with_metadata=False, include_comments=False,
            favor_recall=settings.focus == "recall",
            favor_precision=settings.focus == "precision", fast=settings.fast,
        )
    finally:
        _FALLBACK_MIN_SHARE.reset(gate)
    return normalise_text(document.text) if document is not None and document.text else []


def _retry_with_recall(paragraphs: list[str], tree: HtmlElement, url: str,
                       settings: ExtractSettings) -> list[str]:
    """A short result gets a second, recall-oriented pass; kept when it finds at least
    twice the text. Only short pages pay for it."""
    chars = sum(len(p) for p in paragraphs)
    if chars >= settings.recall_retry_below_chars or settings.focus == "recall":
        return paragraphs
    document = trafilatura.bare_extraction(tree, url=url, with_metadata=False,
                                           include_comments=False, favor_recall=True,
                                           fast=settings.fast)
    found = normalise_text(document.text) if document is not None and document.text else []
    return found if sum(len(p) for p in found) >= 2 * max(chars, 1) else paragraphs


# trafilatura compares its own body with readability's and justext's (`compare_extraction`),
# ~3 ms a page (readability on a copy of the raw tree), though it takes theirs on ~5 % of
# pages only. `_main_text` sets this share (`ExtractSettings.fallback_below_share`) for its
# call; trafilatura's other callers in the process (unset) run the comparison as always.
_FALLBACK_MIN_SHARE: ContextVar[float | None] = ContextVar("fallback_min_share", default=None)
# trafilatura 2.3.1's private stage; another version without it runs unchanged (no gate).
_TRAFILATURA_EXTRACT_AND_COMPARE = getattr(trafilatura.core, "_extract_and_compare", None)
# What makes trafilatura's comparison run justext on its own body ("unclean" markup).
_UNCLEAN = etree.XPath(trafilatura.external.SANITIZED_XPATH)


def _install_fallback_gate() -> None:
    """Route trafilatura's stage "main extractor, then the comparison" (trafilatura 2.3.1,
    `core._extract_and_compare`, called for the body and for its recall retry) through
    `_extract_and_maybe_compare`. Idempotent; unset, the stage is trafilatura's own."""
    if (_TRAFILATURA_EXTRACT_AND_COMPARE is not None
            and trafilatura.core._extract_and_compare is _TRAFILATURA_EXTRACT_AND_COMPARE):
        trafilatura.core._extract_and_compare = _extract_and_maybe_compare


def _extract_and_maybe_compare(cleaned_tree: HtmlElement, cleaned_tree_backup: HtmlElement,
                               tree: HtmlElement, options: trafilatura.settings.Extractor):
    """trafilatura's `_extract_and_compare`, the comparison skipped where it can hardly
    change the body (see `_fallback_may_matter`). With the gate unset, in fast mode or with
    another focus than balanced, trafilatura's own code runs."""
    min_share = _FALLBACK_MIN_SHARE.get()
    if min_share is None or options.fast or options.focus != "balanced":
        return _TRAFILATURA_EXTRACT_AND_COMPARE(cleaned_tree, cleaned_tree_backup, tree, options)
    body, text = trafilatura.core.extract_content(cleaned_tree, options)
    if not _fallback_may_matter(body, text, cleaned_tree_backup, options, min_share):
        return body, text
    return trafilatura.core.compare_extraction(cleaned_tree_backup, copy(tree), body, text,
                                               options)


def _fallback_may_matter(body: etree._Element, text: str, cleaned_tree: HtmlElement,
                         options: trafilatura.settings.Extractor, min_share: float) -> bool:
    """Whether trafilatura's comparison may replace its body (external.py,
    `_prefer_readability` and the justext override): when the text is short or the body
    holds "unclean" markup (justext runs), has no <p> text or more tables than paragraphs
    (readability wins on structure), or when the text is less than `min_share` of the
    cleaned page's text, so that readability may find twice as much (it wins then). A text
    of half the cleaned page or more leaves readability no room to find twice as much
    unless it reads what trafilatura's cleaning dropped."""
    if len(text) < options.min_extracted_size or _UNCLEAN(body):
        return True
    paragraphs = len(body.findall(".//p"))
    if (not paragraphs or not body.xpath(".//p//text()")
            or len(body.findall(".//table")) > paragraphs):
        return True
    return len(text) < min_share * len(" ".join(cleaned_tree.text_content().split()))


def _byline_sources(tree: HtmlElement) -> Iterator[list[str]]:
    """Further author candidates, computed only when the metadata named nobody: the
    page's byline (links to author pages, then trafilatura's xpaths), then trafilatura's
    own reading of meta tags and JSON-LD (it knows more shapes, but folds accents and
    case)."""
    linked = metadata.author_links(tree)
    if linked:
        yield linked
    labelled = metadata.labelled_bylines(tree)
    if labelled:
        yield labelled
    byline = _trafilatura_byline(tree, initial_dots=True)
    if byline:
        yield byline.split(";")
    document = trafilatura.metadata.extract_meta_json(tree, trafilatura.metadata.examine_meta(tree))
    if document.author:
        yield document.author.split(";")
    signed = metadata.signature_paragraphs(tree)
    if signed:
        yield signed


# trafilatura 2.3's byline xpaths (AUTHOR_XPATHS and AUTHOR_DISCARD_XPATHS in
# trafilatura/xpaths.py) as tests on one element's tag and attributes, so that one Python
# pass over the tree does what their three libxml2 passes and a deep copy did (7 -> 3.6 ms
# a page on the dev corpora, same result on all 1247 pages).
_BYLINE_TAGS = ({"a", "address", "div", "link", "p", "span", "strong"},
                {"a", "div", "h3", "h4", "p", "span"})
_AUTHOR_CLASSES = ("authorname", "author-name", "AuthorName", "authorName")
_BYLINE_IDS = ("author", "zuozhe", "bianji", "xiaobian")
_BYLINE_CLASSES = ("author", "channel-name", "zuozhe", "bianji", "xiaobian", "submitted-by",
                   "posted-by", "journalist-name")
_LAST_RESORT_CLASSES = ("author", "Author", "screenname", "writer", "byline", "Byline")
_DISCARD_TAGS = {"a", "div", "section", "span"}
_DISCARD_IDS = ("commentlist", "comment-list", "ProductReviews")
_DISCARD_CLASSES = ("commentlist", "comments-list", "sidebar", "is-hidden", "quote",
                    "embedly-instagram", "article-share", "article-support", "print",
                    "category", "meta-date", "meta-reviewer")


def _byline_rank(element: HtmlElement, tag: str, cls: str, ident: str) -> int | None:
    """Which of trafilatura's three byline xpaths selects the element (0 = most specific)."""
    itemprop = element.get("itemprop") or ""
    if tag == "author" or (tag in _BYLINE_TAGS[0] and (
            element.get("rel") == "author" or ident == "author" or cls == "author"
            or itemprop == "author name"
            or element.get("data-testid") in {"AuthorCard", "AuthorURL"}
            or any(c in cls for c in _AUTHOR_CLASSES)
            or any(r.text_content() == "me" for r in element.iterchildren("rel")))):
        return 0
    if tag in _BYLINE_TAGS[1] and (
            cls in {"byline", "username", "byl", "BBL"} or "author" in itemprop
            or any(i in ident for i in _BYLINE_IDS) or any(c in cls for c in _BYLINE_CLASSES)):
        return 1
    if "Byline" in (element.get("data-component") or "") or "author" in itemprop \
            or "author" in ident or "Author" in ident \
            or any(c in cls for c in _LAST_RESORT_CLASSES):
        return 2
    return None


def _is_byline_discard(element: HtmlElement, tag: str, cls: str, ident: str) -> bool:
    """trafilatura prunes these before looking for a byline: comments, sidebars, titles,
    dates, quotes, figures."""
    if tag in {"time", "figure"}:
        return True
    return tag in _DISCARD_TAGS and (
        ident == "comments" or cls in {"comments", "title", "date"}
        or ident.startswith("comments") or any(i in ident for i in _DISCARD_IDS)
        or cls.startswith(("comments", "Comments")) or any(c in cls for c in _DISCARD_CLASSES)
        or "Figure" in (element.get("data-component") or ""))


# Any of those tests needs one of these words in an attribute value (or is about the tag,
# or a <rel> child): elements without one are skipped after one regex search over their
# attribute values, not a dozen lookups and tests (3.2 -> 2.4 ms a page, same bylines).
_BYLINE_HINT = re.compile(
    "uthor|byl|yline|BBL|username|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|"
    "journalist-name|screenname|writer|omment|title|date|sidebar|is-hidden|quote|"
    "embedly-instagram|article-share|article-support|print|category|meta-reviewer|"
    "ProductReviews|Figure")
_BYLINE_HINT_TAGS = {"author", "time", "figure"}


def _trafilatura_byline(tree: HtmlElement, initial_dots: bool = False) -> str | None:
    """trafilatura's byline (`trafilatura.metadata.extract_author`) in one pass and without
    its deep copy: instead of pruning comments, sidebars, dates and figures from a copy,
    matches inside them are skipped and their text left out. `initial_dots` gives back
    the dots its reading drops from initials ("Joe S." for its "Joe S")."""
    ranked: list[list[HtmlElement]] = [[], [], []]
    discarded: set[HtmlElement] = set()
    rel_parents = {rel.getparent() for rel in tree.iter("rel")}
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str) or (
                tag not in _BYLINE_HINT_TAGS and element not in rel_parents
                and not _BYLINE_HINT.search(" ".join(element.values()))):
            continue
        cls, ident = element.get("class") or "", element.get("id") or ""
        rank = _byline_rank(element, tag, cls, ident)
        if rank is not None:
            ranked[rank].append(element)
        if element is not tree and _is_byline_discard(element, tag, cls, ident):
            discarded.add(element)
    for candidates in ranked:  # trafilatura's order: the most specific condition first
        for element in candidates:
            if element in discarded or any(a in discarded for a in element.iterancestors()):
                continue
            content = trim(" ".join(_text_outside(element, discarded)))
            if content and 2 < len(content) < 120:
                names = normalize_authors(None, content)
                return metadata.with_initial_dots(names, content) if initial_dots else names
    return None


def _text_outside(element: HtmlElement, discarded: set[HtmlElement]) -> Iterator[str]:
    """`element.itertext()` minus the text of discarded descendants (their tails stay)."""
    if element.text:
        yield element.text
    for child in element:
        if child not in discarded and isinstance(child.tag, str):
            yield from _text_outside(child, discarded)
        if child.tail:
            yield child.tail


def _json_ld_body(page: metadata.PageMetadata) -> str | None:
    """JSON-LD `articleBody` as text (some sites ship it as HTML), when it is substantial."""
    body = (page.article_ld or {}).get("articleBody")
    if not isinstance(body, str) or len(body) < 200:
        return None
    if "<" in body and ">" in body:
        body = _html_fragment_text(body)
    return body


def _prefer_json_ld_body(paragraphs: list[str], body: str | None,
                         settings: ExtractSettings) -> list[str]:
    """JSON-LD `articleBody` when the DOM text is missing or far shorter (script-rendered
    pages, paywall teasers that ship the full text in their metadata)."""
    if body is None:
        return paragraphs
    dom_chars = sum(len(p) for p in paragraphs)
    if len(body) < settings.ld_body_ratio * dom_chars:
        return paragraphs
    return normalise_text(body)


_TOKEN = re.compile(r"\w+")


# Cached (for the page at hand, see `extract_page`): the lead, standfirst and JSON-LD
# checks ask for the same paragraphs' triples. Frozen: every caller gets the same set.
@lru_cache(maxsize=1024)
def _triples(text: str) -> frozenset[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.casefold())
    if len(tokens) < 3:
        return frozenset({tuple(tokens)} if tokens else ())
    return frozenset(zip(tokens, tokens[1:], tokens[2:], strict=False))


def _holds_half(paragraphs: list[str], wanted: frozenset[tuple[str, ...]]) -> bool:
    """Whether the paragraphs hold at least half of the `wanted` triples. Reads paragraphs
    only until they do: a lead is found in the first ones, the rest need no triples."""
    needed = 0.5 * len(wanted)
    missing, found = set(wanted), 0
    for paragraph in paragraphs:
        if found >= needed:
            break
        hits = missing & _triples(paragraph)
        found += len(hits)
        missing -= hits
    return found >= needed


def _agree_with_json_ld_body(paragraphs: list[str], body: str | None,
                             settings: ExtractSettings) -> list[str]:
    """Drop DOM paragraphs the publisher's own `articleBody` does not contain: teasers,
    captions, related links and prompts the DOM extractor kept. Only when the two texts
    are the same story (the body covers most of the DOM text); the lead paragraph and
    short lines (subheads, which `articleBody` often omits) are kept."""
    if body is None or len(paragraphs) < 2:
        return paragraphs
    witness = _triples(body)
    per_paragraph = [_triples(p) for p in paragraphs]
    dom = set().union(*per_paragraph)
    if not dom or len(dom & witness) < settings.ld_agree_cover * len(dom):
        return paragraphs
    kept = [paragraphs[0]]
    for paragraph, triples in zip(paragraphs[1:], per_paragraph[1:], strict=True):
        if len(_TOKEN.findall(paragraph)) >= settings.ld_agree_min_words and \
                len(triples & witness) < settings.ld_agree_min_share * len(triples):
            continue
        kept.append(paragraph)
    return kept


def _prefer_script_payload(paragraphs: list[str], tree: HtmlElement,
                           settings: ExtractSettings) -> list[str]:
    """A script-rendered page: the body as HTML inside the framework's hydration data.
    Only looked for when the DOM text is short, so ordinary pages pay nothing."""
    dom_chars = sum(len(p) for p in paragraphs)
    if dom_chars >= settings.payload_below_chars:
        return paragraphs
    found = payload_paragraphs(tree)
    if sum(len(p) for p in found) >= max(500, settings.ld_body_ratio * dom_chars):
        return [" ".join(unicodedata.normalize("NFC", p).split()) for p in found]
    return paragraphs


# Where a <p> is no paragraph of the story: menus, asides, headers and footers, figures,
# forms, links, quotes, list items and table cells.
_NOT_STORY_BLOCK = {"nav", "aside", "header", "footer", "figure", "figcaption", "form", "a",
                    "button", "blockquote", "li", "table", "template", "noscript"}
_STORY_HOMES = {"article", "main"}


def _with_sibling_blocks(paragraphs: list[str], tree: HtmlElement,
                         settings: ExtractSettings) -> list[str]:
    """A story split over sibling blocks (modules between photos, a story continued after an
    ad slot or an embed): the extractor may keep one block and drop the others. A block
    shaped like one holding two or more kept paragraphs (same tag and class within the same
    <article>/<main> or page, or same tag and parent when unclassed), none of whose
    paragraphs were kept, is more of the story when it holds at least
    `sibling_block_min_paragraphs` story-like <p>s (long, ending as a sentence, few link
    words, no boilerplate); its paragraphs that end as a sentence go back in document
    order. Teaser lists, author notes and comments hold one such paragraph a block."""
    if len(paragraphs) < 2:
        return paragraphs
    position = {p: i for i, p in enumerate(paragraphs)}
    groups: dict[HtmlElement, list[tuple[int, str, HtmlElement]]] = {}
    texts: list[str] = []
    for number, element in enumerate(tree.iter("p")):
        text = _block_key(element.text_content())
        texts.append(text)
        parent = element.getparent()
        if parent is not None and text:
            groups.setdefault(parent, []).append((number, text, element))
    story_shapes = {_block_shape(block) for block, items in groups.items()
                    if sum(text in position for _, text, _ in items) >= 2}
    if not story_shapes:
        return paragraphs
    restored: set[int] = set()  # numbers of the <p>s put back
    for block, items in groups.items():
        # An <article> (or <main>) holding its paragraphs is a story of its own: the next
        # story below, loaded as a sibling <article> of the same shape, is no more of this one.
        if len(items) < settings.sibling_block_min_paragraphs \
                or any(text in position for _, text, _ in items) \
                or block.tag in _NOT_STORY_BLOCK or block.tag in _STORY_HOMES \
                or _block_shape(block) not in story_shapes \
                or any(a.tag in _NOT_STORY_BLOCK for a in block.iterancestors()):
            continue
        sentences = [(number, text) for number, text, element in items
                     if _is_story_sentence(element, text, settings)]
        if sum(len(text) >= settings.sibling_block_min_chars for _, text in sentences) \
                >= settings.sibling_block_min_paragraphs:
            restored.update(number for number, _ in sentences)
    if not restored:
        return paragraphs
    # Runs of restored paragraphs go before the next kept paragraph in document order, or
    # after the last one.
    before: dict[int, list[str]] = {}
    run: list[str] = []
    seen: set[str] = set()
    for number, text in enumerate(texts):
        if number in restored:
            if text not in seen and text not in position:
                run.append(text)
                seen.add(text)
        elif run and text in position:
            before.setdefault(position[text], []).extend(run)
            run = []
    out = [q for i, p in enumerate(paragraphs) for q in (*before.get(i, ()), p)]
    return out + run


def _block_shape(block: HtmlElement) -> tuple[str, str, HtmlElement | None]:
    """What makes two blocks siblings: tag and class within the same <article>/<main> (or
    the page, when it has none); an unclassed block only beside its own parent's children."""
    cls = block.get("class") or ""
    if not cls:
        return block.tag, cls, block.getparent()
    return block.tag, cls, next((a for a in block.iterancestors() if a.tag in _STORY_HOMES), None)


def _is_story_sentence(element: HtmlElement, text: str, settings: ExtractSettings) -> bool:
    """A paragraph that reads as the story's: ending as a sentence, mostly words of its own
    (not link labels), no boilerplate line."""
    if not text.endswith(_SENTENCE_END) or is_boilerplate(text):
        return False
    linked = sum(len(_block_key(a.text_content())) for a in element.iter("a"))
    return linked <= settings.sibling_block_max_link_share * len(text)


def _html_fragment_text(fragment: str) -> str:
    tree = load_html(f"<html><body><div>{fragment}</div></body></html>")
    if tree is None:
        return fragment
    for block in tree.iter("p", "br", "h2", "h3", "li", "div"):
        block.tail = "\n" + (block.tail or "")
    return tree.text_content()


def _without_repeats(paragraphs: list[str]) -> list[str]:
    """A paragraph the page renders twice (lead repeated, mobile and desktop copies) once;
    a short line the page repeats three times or more ("Show image", a live-ticker
    heading) not at all: it is the page's furniture."""
    counts = Counter(p.casefold() for p in paragraphs if len(p) <= 80)
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = paragraph.casefold()
        if (len(paragraph) >= 40 and key in seen) or counts.get(key, 0) >= 3:
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept


def _without_pull_quotes(paragraphs: list[str], tree: HtmlElement,
                         settings: ExtractSettings) -> list[str]:
    """A pull quote goes: a <blockquote> whose words a longer paragraph of the text already
    says (a sentence of the story shown again, large). Compared by word triples, so quote
    marks, an ellipsis or a cut don't hide the copy. Short lines, the lead (a summary that
    the story goes on to tell at length), the page's subheads (<h2>-<h4>, which may quote
    the section below them) and text the page repeats outside a quote block (a live
    page's summary of its entries) are left alone."""
    if len(paragraphs) < 2:
        return paragraphs
    # Candidates first (cheap): paragraphs after the lead that the page shows in a quote
    # block, by their opening words; most pages have none and stop here.
    quoted = _pull_quote_openings(tree)
    if not quoted:
        return paragraphs
    headings = {metadata.squash(h.text_content()) for h in tree.iter(*_SUBHEADS)}
    candidates = {i for i, p in enumerate(paragraphs) if i and p not in headings
                  and len(_triples(p)) >= settings.pull_quote_min_triples
                  and p.lstrip(_QUOTE_MARKS)[:_OPENING_CHARS] in quoted}
    if not candidates:
        return paragraphs
    said: set[tuple[str, ...]] = set()
    copies: set[int] = set()
    for index in sorted(range(len(paragraphs)), key=lambda i: -len(paragraphs[i])):
        triples = _triples(paragraphs[index])
        if index in candidates and len(triples) >= settings.pull_quote_min_triples and \
                len(triples & said) >= settings.pull_quote_share * len(triples):
            copies.add(index)
        else:
            said |= triples
    return [p for i, p in enumerate(paragraphs) if i not in copies] if copies else paragraphs


_QUOTE_MARKS = "-–—•* \"'“”„«»‘’‹›"
# A paragraph is a pull quote candidate when its opening characters open a word of a
# <blockquote>; quote blocks longer than a pull quote, and past the first 200 kB, are
# not looked at (a search of all quoted text per paragraph took 34 s on a 6 MB page).
_OPENING_CHARS = 25
_PULL_QUOTE_MAX_CHARS = 2_000
_QUOTED_MAX_CHARS = 200_000


def _pull_quote_openings(tree: HtmlElement) -> set[str]:
    """The `_OPENING_CHARS` characters from each word start of the page's quote blocks."""
    openings: set[str] = set()
    total = 0
    for block in tree.iter("blockquote"):
        text = metadata.squash(block.text_content())
        if len(text) > _PULL_QUOTE_MAX_CHARS:
            continue
        total += len(text)
        if total > _QUOTED_MAX_CHARS:
            break
        for start in range(len(text)):
            if start == 0 or not text[start - 1].isalnum():
                openings.add(text[start:start + _OPENING_CHARS])
    return openings


# Words that join names in a byline line ("By A and B", "Von A und B", "A, B & C").
_BYLINE_GLUE = {"by", "von", "vom", "par", "door", "di", "por", "av", "and", "und", "et", "y",
                "og", "och", "i", "e", "de", "da", "van", "der", "le", "la"}


def _without_byline_lines(paragraphs: list[str], names: list[str]) -> list[str]:
    """A short paragraph made of nothing but the byline's names ("Daniel Aragón", "Von A
    und B, NDR") is the byline shown in the body, not story text."""
    known = {token for name in names for token in _TOKEN.findall(name.casefold())}
    if not known or len(paragraphs) < 2:
        return paragraphs
    kept = []
    for paragraph in paragraphs:
        tokens = set(_TOKEN.findall(paragraph.casefold()))
        if len(paragraph) <= 120 and tokens & known and tokens <= known | _BYLINE_GLUE:
            continue
        kept.append(paragraph)
    return kept or paragraphs


# A short note on the author ("Manuela Conrad ist ZDF-Reporterin für ...", "Jane Doe is a
# reporter covering ..."): the author's full name opens it, then a verb of being or working.
_BIO_VERB = re.compile(r"\s*(?:\(\d+\)\s*)?,?\s*(?:ist|is|est|es|è|är|er|jest|was|war|works|"
                       r"arbeitet|schreibt|writes|covers|berichtet|leitet|leads)\b")


def _without_author_bio(paragraphs: list[str], authors: list[str]) -> list[str]:
    """The note on the author closing the story (one of its last two paragraphs, opening
    with an author's full name and a verb: "Jane Doe is ...") goes; a closing line that
    only names the authors ("(Jane Doe, Berlin, 3.5.2024)") stays."""
    names = [a for a in authors if len(a.split()) >= 2]
    if not names or len(paragraphs) < 3:
        return paragraphs
    notes = set()
    for index in (len(paragraphs) - 1, len(paragraphs) - 2):
        paragraph = paragraphs[index]
        if len(paragraph) > 400:
            continue
        for name in names:
            at = paragraph.find(name)
            # The name opens the note, after at most a title ("Korrespondent Ulrich Exner").
            if at >= 0 and len(paragraph[:at].split()) <= 1 \
                    and _BIO_VERB.match(paragraph, at + len(name)):
                notes.add(index)
                break
    return [p for i, p in enumerate(paragraphs) if i not in notes]


def _without_leading_title(paragraphs: list[str], title: str | None,
                           page: metadata.PageMetadata) -> list[str]:
    """The headline repeated as the first paragraph goes: the title chosen, another of the
    page's headlines (JSON-LD, og:title, an <h1>, the <h2> shown), or the title behind a
    kicker ("Angebliche Dekolonisierung: Warum Putin ...")."""
    if not title or len(paragraphs) < 2:
        return paragraphs
    first, key = metadata.alnum(paragraphs[0]), metadata.alnum(title)
    headlines = {metadata.alnum(h) for h in (
        title, *page.h1[:3], *page.h1_without_kicker.values(), *page.shown_headline,
        page.meta.get("og:title"), page.meta.get("twitter:title"),
        metadata._ld_text((page.article_ld or {}).get("headline"))) if h}
    if first in headlines or (
            len(key) >= 20 and first.endswith(key) and len(first) - len(key) <= 60):
        return paragraphs[1:]
    return paragraphs


# Where a kicker is looked for: the few blocks shown above the headline's <h1>, the first
# elements of each (a label's block is small), and a few <h1>s showing the headline (a page
# may show it twice, for small and large screens); bounded on hostile pages.
_KICKER_SIBLINGS = 3
_KICKER_ELEMENTS = 40
_KICKER_HEADLINES = 4


def _without_kicker_and_headline(paragraphs: list[str], tree: HtmlElement, title: str | None,
                                 settings: ExtractSettings) -> list[str]:
    """The page's header kept as the text's first lines: a kicker or section label ("World",
    "MENINGSMÅLING:", "Politik"), then the headline. When the second or third paragraph is
    the text of the <h1> showing the headline and every line before it is a short label (no
    sentence) shown in the blocks just above that <h1>, those lines and the headline go.
    A line found elsewhere (a byline in another header, a line of the body) keeps them all."""
    if not title or len(paragraphs) < 3:
        return paragraphs
    key = metadata.alnum(title)
    headlines = (h1 for h1 in tree.iter("h1") if _shows_headline(h1, key))
    for h1 in islice(headlines, _KICKER_HEADLINES):
        shown = metadata.alnum(h1.text_content())
        at = next((k for k in (1, 2) if metadata.alnum(paragraphs[k]) == shown), None)
        if at is None:
            continue
        kickers = [_LIST_ITEM.sub("", p) for p in paragraphs[:at]]
        if any(len(k) > settings.kicker_max_chars or k.endswith(_SENTENCE_END) for k in kickers):
            continue
        above: set[str] = set()
        siblings = (s for s in h1.itersiblings(preceding=True)
                    if isinstance(s.tag, str) and s.tag not in _NO_TEXT)
        for sibling in islice(siblings, _KICKER_SIBLINGS):
            for element in islice(sibling.iter(), _KICKER_ELEMENTS):
                if isinstance(element.tag, str) and (
                        text := _short_text(element, settings.kicker_max_chars)):
                    above.add(_block_key(text))
        if all(k in above for k in kickers):
            return paragraphs[at + 1:]
    return paragraphs


# Where a displayed copy of the description is not the story's lead (in <h1> it is the
# headline: some sites describe a page by its title).
_NOT_LEAD = {"a", "h1", "figcaption", "figure", "nav", "aside", "footer", "noscript",
             "script", "template", "button", "label", "select", "option", "title", "head"}


def _with_shown_lead(paragraphs: list[str], tree: HtmlElement, page: metadata.PageMetadata,
                     settings: ExtractSettings) -> list[str]:
    """The lead (standfirst) the page shows above the story, when the extractor left it
    out: trafilatura drops header and "teaser"/"intro" blocks. The page's own description
    (og:description, meta description, JSON-LD) is the witness: when an element of the body
    shows it and the text does not contain it yet, that element's text opens the story."""
    if not paragraphs:
        return paragraphs
    seen: set[str] = set()
    for description in (page.meta.get("og:description"), page.meta.get("description"),
                        metadata._ld_text((page.article_ld or {}).get("description")),
                        page.meta.get("twitter:description")):
        description = metadata.squash(description)
        key = metadata.alnum(description)
        if len(description) < settings.lead_min_chars or key in seen:
            continue
        seen.add(key)
        if _holds_half(paragraphs, _triples(description)):
            return paragraphs  # the text has it already
        lead = _shown_copy(tree, description)
        if lead is not None and not is_boilerplate(lead):
            return [lead, *paragraphs]
    return paragraphs


# A block marked as the story's standfirst by its class or id (lead, intro, teaser text,
# excerpt, summary, subtitle, deck, French "chapô"), in several naming styles.
_STANDFIRST_MARK = re.compile(
    r"(?:^|[-_\s])(?:lead|intro|introduction|excerpt|standfirst|summary|sub-?title|subline|"
    r"sub-?headline|deck|dek|desc|description|chapo|chapeau|abstract|vorspann|teaser-?text|"
    r"article-teaser|epigraph|entradilla|sumario|bajada|copete)"
    r"(?:$|[-_\s])|(?:lead|intro|teaser|excerpt|standfirst|subtitle|subheadline|chapo)"
    r"(?:text|copy|__copy|__text|$)", re.IGNORECASE)
STANDFIRST_ANCHORS = 3
_STANDFIRST_TAGS = {"p", "div", "h2", "h3", "span", "section", "strong"}
# ... but not the description of a photo, a gallery or a paywall offer.
_NOT_STANDFIRST = re.compile(r"caption|photo|gallery|image|media|credit|paywall|subscri|premium|"
                             r"offer|promo|related|newsletter", re.IGNORECASE)
# ... where "caption" names a text style of the design system's type scale ("caption-s5-fx",
# "text-caption", "mdc-typography--caption"), not a photo's caption.
_TYPE_STYLE = re.compile(r"(?:^|\s)(?:[\w-]*(?:typo(?:graphy)?|text|font)[-_]+caption[\w-]*|"
                         r"caption[-_]+(?:[a-z]?\d|xs|sm|md|lg|xl)[\w-]*)(?=$|\s)", re.IGNORECASE)


def _with_standfirst(paragraphs: list[str], tree: HtmlElement, title: str | None,
                     settings: ExtractSettings) -> list[str]:
    """The standfirst the extractor dropped, when it differs from the page's description:
    the first block after the headline's <h1> and before the story's first paragraph that
    is marked as lead/intro/teaser/summary, or an <h2> under the <h1> in the same header.
    trafilatura drops such "teaser"/"intro" blocks as boilerplate."""
    if not title or len(paragraphs) < 2:
        return paragraphs
    key = metadata.alnum(title)
    # The headline's <h1>, also behind a kicker ("Minderheit in Syrien - Drusen fordern ...").
    headline = next((h for h in tree.iter("h1") if _shows_headline(h, key)), None)
    if headline is None:
        return paragraphs
    first = metadata.alnum(paragraphs[0])[:60]
    # The text's first few paragraphs mark where the story starts: the first may be a line
    # the page holds in no block of its own (a byline list item "- Von: ..."), and a block
    # found after the story's start is no standfirst (a reader appeal, a fact box).
    openings = [metadata.alnum(p)[:60] for p in paragraphs[:STANDFIRST_ANCHORS]]
    header = headline.getparent()
    for steps, element in enumerate(_following(headline)):
        if steps > settings.standfirst_max_steps:
            break
        tag = element.tag
        if not isinstance(tag, str):
            continue
        # Reached the story's first paragraph (by its own opening words: cheaper than the
        # full text of every container on the way).
        opening = metadata.alnum(element.text or "")[:60]
        if len(opening) >= 20 and any(o.startswith(opening) for o in openings):
            break
        if tag not in _STANDFIRST_TAGS:
            continue
        marked = _STANDFIRST_MARK.search(
            f"{element.get('class') or ''} {element.get('id') or ''}") is not None
        under_headline = tag == "h2" and element.getparent() is header
        if not (marked or under_headline):
            continue
        text = metadata.squash(element.text_content())
        if first and metadata.alnum(text).startswith(first):
            break
        if not settings.lead_min_chars <= len(text) <= settings.standfirst_max_chars:
            continue
        if element.find(".//h1") is not None or element.find(".//h2") is not None \
                or any(a.tag in _NOT_LEAD or a.tag == "form" for a in element.iterancestors()) \
                or any(_NOT_STANDFIRST.search(
                    _TYPE_STYLE.sub(" ", f"{a.get('class') or ''} {a.get('id') or ''}"))
                       for a in chain([element], islice(element.iterancestors(), 3))):
            continue
        links = [metadata.squash(a.text_content()) for a in element.iter("a")]
        if sum(map(len, links)) > 0.5 * len(text) or is_boilerplate(text) \
                or (links and links[-1] and text.endswith(links[-1]) and len(links[-1]) <= 25) \
                or element.find(".//img") is not None or element.find(".//picture") is not None:
            continue  # link labels, a teaser's "more" link, a lead image and its caption
        if _holds_half(paragraphs, _triples(text)):
            return paragraphs  # the text has it already
        return [text, *paragraphs]
    return paragraphs


# Where a list under the headline is no summary of the story: menus, asides, figures,
# forms, link blocks.
_NOT_SUMMARY = {"nav", "aside", "footer", "figure", "figcaption", "form", "a", "button",
                "template", "noscript", "select"}
# A summary item reads as a sentence: it ends like one.
_SENTENCE_END = (".", "!", "?", "…", "。", "！", "？", '"', "”", "»", "“")
# A list item's mark as the extractor renders it ("- ").
_LIST_ITEM = re.compile(r"^(?:[-–—•*]\s+)+")


def _with_summary_list(paragraphs: list[str], tree: HtmlElement, title: str | None,
                       settings: ExtractSettings) -> list[str]:
    """Summary bullets cut short ("Key points", "Darum gehts"): when paragraphs of the text
    are items of a list between the headline and the story's body whose items are all
    sentences, the whole list takes the place of the items the text kept, in the list's
    order. trafilatura sometimes keeps only a list's first item, and the JSON-LD check
    drops the items `articleBody` leaves out. A summary list the text kept none of stays
    out: publishers differ on whether it is part of the story (both ways in fundus)."""
    if len(paragraphs) < 2 or not title or not any(_LIST_ITEM.match(p) for p in paragraphs):
        return paragraphs
    key = metadata.alnum(title)
    headline = next((h for h in tree.iter("h1") if _shows_headline(h, key)), None)
    if headline is None:
        return paragraphs
    # The body's paragraphs (not the lead, not list items) by their opening letters: the
    # walk stops at the first one, a summary sits above it.
    body = {metadata.alnum(p)[:60] for p in paragraphs[1:] if not _LIST_ITEM.match(p)}
    for steps, element in enumerate(_following(headline)):
        if steps > settings.summary_max_steps:
            break
        tag = element.tag
        if tag in ("ul", "ol"):
            items = _summary_items(element, settings)
            if items:
                return _with_whole_list(paragraphs, items)
        elif isinstance(tag, str):
            opening = metadata.alnum(element.text or "")[:60]
            if len(opening) >= 20 and any(o.startswith(opening) for o in body):
                break
    return paragraphs


def _summary_items(element: HtmlElement, settings: ExtractSettings) -> list[str]:
    """The items of a list that summarises the story, or none: 2-8 items, each a sentence
    of its own words (not link labels), outside menus, asides and figures."""
    if any(a.tag in _NOT_SUMMARY for a in element.iterancestors()):
        return []
    items = []
    for item in element.iterchildren("li"):
        text = metadata.squash(item.text_content())
        links = sum(len(metadata.squash(a.text_content())) for a in item.iter("a"))
        if len(text) < settings.summary_item_min_chars or not text.endswith(_SENTENCE_END) \
                or links > 0.3 * len(text) or is_boilerplate(text):
            return []
        items.append(text)
    return items if 2 <= len(items) <= 8 else []


def _with_whole_list(paragraphs: list[str], items: list[str]) -> list[str]:
    """The list's items in place of the run of them the text kept as paragraphs; the text
    as it is when it kept none, all, or not one run."""
    wanted = {metadata.alnum(i) for i in items}
    at = [i for i, p in enumerate(paragraphs) if metadata.alnum(_LIST_ITEM.sub("", p)) in wanted]
    if not at or len(at) == len(items) or at != list(range(at[0], at[-1] + 1)):
        return paragraphs
    return [*paragraphs[:at[0]], *(f"- {i}" for i in items), *paragraphs[at[-1] + 1:]]


def _shows_headline(h1: HtmlElement, key: str) -> bool:
    """An <h1> holding the headline (letters and digits `key`), alone or after a kicker."""
    shown = metadata.alnum(h1.text_content())
    return shown == key or (len(key) >= 20 and shown.endswith(key) and len(shown) - len(key) <= 60)


def _following(element: HtmlElement) -> Iterator[HtmlElement]:
    """The elements after `element` in document order (XPath `following::*`), lazily."""
    for node in chain([element], element.iterancestors()):
        for sibling in node.itersiblings():
            yield from sibling.iter()


# Elements holding a text node that contains a fragment, minus scripts (hydration data
# holds the text too). One pass over the text nodes, not over every element's full text.
_HOLDING = etree.XPath(".//text()[contains(normalize-space(.), $fragment)]"
                       "/parent::*[not(self::script or self::style or self::template)]")


def _shown_copy(tree: HtmlElement, description: str) -> str | None:
    """The text of the innermost body element (not a script) that shows `description`,
    if it is a lead-sized block that opens with it."""
    body = tree.find("body")
    if body is None:
        return None
    # The block opens with the description (its first 80 letters and digits: descriptions
    # get truncated, or end in another question than the shown lead) and is no larger.
    head = metadata.alnum(description)[:80]
    largest = 1.5 * len(description) + 80
    for element in _HOLDING(body, fragment=description[:20]):
        if element.tag in _NOT_LEAD or any(a.tag in _NOT_LEAD for a in element.iterancestors()):
            continue
        # From the element holding the opening words up to the block that holds them all
        # (the lead may go on in inline elements: links, emphasis).
        for _ in range(4):
            text = metadata.squash(element.text_content())
            if len(text) > largest:
                break
            if metadata.alnum(text).startswith(head):
                return text
            element = element.getparent()
            if element is None or element.tag in _NOT_LEAD:
                break
    return None


_SUBHEADS = ("h2", "h3", "h4")
_NOT_SUBHEAD = {"nav", "aside", "header", "footer", "figure", "form", "template", "noscript"}


def _with_subheads(paragraphs: list[str], tree: HtmlElement) -> list[str]:
    """Subheads the extractor dropped (its fallbacks keep no headings): an <h2>-<h4> whose
    neighbours in the page, the block before it and the block after it, are consecutive
    paragraphs of the text is a heading of the story and goes between them."""
    if len(paragraphs) < 2:
        return paragraphs
    position = {_block_key(p): i for i, p in enumerate(paragraphs)}
    inserts: dict[int, str] = {}
    for heading in tree.iter(*_SUBHEADS):
        before = _neighbour(heading.itersiblings(preceding=True))
        after = _neighbour(heading.itersiblings())
        if before is None or after is None:
            continue
        text = _block_key(heading.text_content())
        if not text or len(text) > 150 or text in position or is_boilerplate(text):
            continue
        i = position.get(_block_key(before.text_content()))
        if i is None or position.get(_block_key(after.text_content())) != i + 1:
            continue
        if any(a.tag in _NOT_SUBHEAD for a in heading.iterancestors()):
            continue
        inserts[i + 1] = text
    if not inserts:
        return paragraphs
    out = []
    for i, paragraph in enumerate(paragraphs):
        if i in inserts:
            out.append(inserts[i])
        out.append(paragraph)
    return out


# Siblings that show no text between a subhead and its paragraphs: ad slots and scripts.
_NO_TEXT = {"script", "style", "noscript", "template", "ins", "iframe", "img", "picture", "br"}


def _neighbour(siblings: Iterator[HtmlElement]) -> HtmlElement | None:
    """The first sibling that shows text, past ad slots and scripts (at most three)."""
    for sibling in islice(siblings, 4):
        if isinstance(sibling.tag, str) and sibling.tag not in _NO_TEXT:
            return sibling
    return None


def _block_key(text: str) -> str:
    """A block's text as the extractor's paragraph has it: spacing collapsed, no soft
    hyphens (the page's, invisible; the extracted text has none)."""
    return metadata.squash(text.replace("\xad", ""))


def _without_other_articles(paragraphs: list[str], tree: HtmlElement, title: str | None,
                            settings: ExtractSettings) -> list[str]:
    """Paragraphs of the page's other stories go: pages that load the next story below
    this one (infinite scroll). Only when one top-level <article> carries this page's
    headline as its <h1>; a paragraph found in another top-level <article> with an <h1> of
    its own (another story, not a section of this one) and not in this one is dropped."""
    if not title or len(paragraphs) < 2:
        return paragraphs
    tops = [a for a in tree.iter("article")
            if not any(ancestor.tag == "article" for ancestor in a.iterancestors())]
    if len(tops) < 2:
        return paragraphs
    key = metadata.alnum(title)
    own = [a for a in tops if any(metadata.alnum(h.text_content()) == key for h in a.iter("h1"))]
    if len(own) != 1:
        return paragraphs
    own_text = " ".join(own[0].text_content().split())
    other_text = "\n".join(" ".join(a.text_content().split()) for a in tops
                           if a is not own[0] and a.find(".//h1") is not None)
    if not other_text:
        return paragraphs
    # This story must be what was extracted, not a teaser card that repeats its headline.
    if sum(len(p) for p in paragraphs if p in own_text) < settings.own_article_min_chars:
        return paragraphs
    kept = [p for p in paragraphs if p in own_text or p not in other_text]
    return kept or paragraphs


_CARD_BLOCKS = ("p", "h2", "h3", "h4", "div", "li")
_CARD_ANCHORS = etree.XPath("//a[@href][.//p or .//h2 or .//h3 or .//h4 or .//div or .//li]")


def _absolute(base: str, href: str) -> str:
    try:
        return urljoin(base, href).rstrip("/")
    except ValueError:  # a malformed href ("http://[x]/") is some other address
        return href


def _without_link_cards(paragraphs: list[str], tree: HtmlElement, url: str,
                        settings: ExtractSettings) -> list[str]:
    """Teaser cards of other stories go: a link to another page wrapping whole blocks
    (headline, summary paragraph), as in "more from this section" lists. A story's own
    paragraph holds its links, it never sits inside one. Kept when the cards would take
    most of the text (then the page is the listing, and the verdict is not ours here)."""
    own = {url.split("#")[0].rstrip("/")}
    card_texts: set[str] = set()
    for anchor in _CARD_ANCHORS(tree):
        href = (anchor.get("href") or "").split("#")[0].rstrip("/")
        if not href or _absolute(url, href) in own:
            continue
        for block in anchor.iter(*_CARD_BLOCKS):
            text = metadata.squash(block.text_content())
            if text:
                card_texts.add(text)
    if not card_texts:
        return paragraphs
    kept = [p for p in paragraphs if p not in card_texts]
    dropped = sum(len(p) for p in paragraphs) - sum(len(p) for p in kept)
    if dropped > settings.max_card_share * sum(len(p) for p in paragraphs):
        return paragraphs
    return kept


# Second-level labels under which country suffixes register names ("co.uk", "com.au").
_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "gob", "edu", "ac", "or", "ne", "go", "mil",
                 "nic", "ltd", "plc", "nom"}


def _site_key(host: str) -> str:
    """The registrable part of a host name, near enough: its last two labels, or three
    under a two-level country suffix ("yomiuri.co.jp", "bbc.co.uk", "abc.net.au")."""
    labels = host.lower().split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _same_site_target(href: str, base: str, page: str, site: str) -> bool:
    """Whether a link goes to another page of the page's own site (not to a place on
    this page, a mail address or a script)."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return False
    target = _absolute(base, href.split("#")[0])
    if target == page or not target.startswith("http"):
        return False
    try:
        return _site_key(urlsplit(target).hostname or "") == site
    except ValueError:
        return False


# A label before a link line's link: "Zum Artikel:", "Lesen Sie auch:", a kicker, "»".
_LINK_LABEL_END = (":", "：", ">", "»", "›", "|")


# A date opening a line: numeric, or with a month's name (checked by `is_date_stamp`), with
# an optional time and separator.
_LEADING_DATE = re.compile(
    r"(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}\.?\s[^\W\d]+\.?,?\s\d{4}|[^\W\d]+\.?\s\d{1,2}(?:st|nd|rd|th)?,?\s\d{4})"
    r"(?:,?\s\d{1,2}[:.]\d{2})?\s*[|:–—-]?\s+")


def _without_link_lines(paragraphs: list[str], tree: HtmlElement, url: str,
                        settings: ExtractSettings) -> list[str]:
    """Related links go: a paragraph whose block is one link to another page of the same
    site and ends with it, after at most a label ("- Zum Artikel: <link>", "„Kicker“:
    <link>", "> <link>"). A story's own sentence that ends in a link says more than a
    label first, and links to other sites (sources, shops) may be the story's. A date
    before the link counts as a label (a dated list of related stories). Not when
    the page also shows the link's words as text of their own: a live blog's entry
    heading, linked from its list of key events, is the story."""
    if len(paragraphs) < 2:
        return paragraphs
    try:
        page = _absolute(url, url.split("#")[0])
        site = _site_key(urlsplit(url).hostname or "")
    except ValueError:
        return paragraphs
    if "." not in site:
        return paragraphs
    # The paragraphs a link could end, without their list mark, by the texts a link
    # could show at their end: from the start or a word after at most a label's length.
    ends: dict[str, set[str]] = {}
    dated: dict[str, set[str]] = {}  # the text after a leading date -> its paragraphs
    for paragraph in paragraphs:
        if len(paragraph) > settings.link_line_max_chars:
            continue
        text = _LIST_ITEM.sub("", paragraph)
        reach = max(settings.link_line_max_label + 5,
                    int((1 - settings.link_line_min_share) * len(text)) + 1)
        for start in range(min(reach, len(text) - 2) + 1):
            if start == 0 or (text[start] != " " and not text[start - 1].isalnum()):
                ends.setdefault(text[start:], set()).add(text)
        date = _LEADING_DATE.match(text)
        if date and date.end() < len(text) and is_date_stamp(date[0]):
            dated.setdefault(text[date.end():], set()).add(text)
    lines: dict[str, str] = {}  # paragraph text -> its link's label
    tries: dict[str, int] = {}  # label -> links showing it looked at for a dated item
    for anchor in tree.iter("a"):
        label = metadata.squash(anchor.text_content())
        candidates = ends.get(label) if len(label) >= 2 else None
        if not candidates or not _same_site_target(anchor.get("href") or "", url, page, site):
            continue
        # A dated related item: the story's date shown in a block of its own before the
        # link ("19.03.2024 Fahndung nach Verrätern"), joined into one line by the extractor.
        # Only when the link's own item shows that date before it: the same words linked
        # from elsewhere (a sidebar's headline) do not make a timeline's entry a link.
        if label in dated:
            for text in _dated_items_around(anchor, dated[label], settings.link_line_max_chars):
                lines.setdefault(text, label)
            # A few links a label: many links may show it.
            tries[label] = tries.get(label, 0) + 1
            if tries[label] >= _DATED_LINK_TRIES or all(text in lines for text in dated[label]):
                del dated[label]
        # The block showing the line: the anchor or an ancestor whose text ends with it.
        block: HtmlElement | None = anchor
        for _ in range(4):
            if block is None:
                break
            text = _short_text(block, settings.link_line_max_chars)
            if text is None:
                break  # longer than any line: the story's container, not the line's block
            if text in candidates and text not in lines:
                if _is_link_line(block, text, label, url, page, site, settings):
                    lines[text] = label
                break
            if not text.endswith(label) or len(text) > settings.link_line_max_chars:
                break
            block = block.getparent()
    if not lines:
        return paragraphs
    unlinked = _unlinked_texts(tree, settings.link_line_max_chars)
    doomed = {text for text, label in lines.items() if label not in unlinked}
    return [p for p in paragraphs if _LIST_ITEM.sub("", p) not in doomed]


# Links looked at, a label, for the dated item they end.
_DATED_LINK_TRIES = 8


def _dated_items_around(anchor: HtmlElement, texts: set[str], max_chars: int) -> list[str]:
    """Those of the dated lines `texts` (a date, then the anchor's words) that the anchor's
    item shows: an ancestor's text, up to three levels, opens with the line (spacing
    aside; a teaser may follow)."""
    wanted = {"".join(text.split()): text for text in texts}
    block = anchor.getparent()
    for _ in range(3):
        if block is None:
            break
        shown = _short_text(block, max_chars)
        if shown is None:
            break
        shown = "".join(shown.split())
        found = [text for key, text in wanted.items() if shown.startswith(key)]
        if found:
            return found
        block = block.getparent()
    return []


def _short_text(element: HtmlElement, max_chars: int) -> str | None:
    """The element's text, spacing collapsed, or None once it is surely longer than
    `max_chars`: read only that far, so walking up from each of many links does not read
    the whole story's container each time. (Room for NFC, which can compose up to three
    decomposed characters into one.)"""
    parts, size = [], 0
    for chunk in element.itertext():
        parts.append(chunk)
        size += len(" ".join(chunk.split()))
        if size > 3 * max_chars:
            return None
    return metadata.squash("".join(parts))


def _is_link_line(block: HtmlElement, text: str, label: str, url: str, page: str, site: str,
                  settings: ExtractSettings) -> bool:
    """The block links to no other page, and its text before the link is nothing, a list
    mark or a short label ending in a colon or an arrow."""
    links = [a for a in block.iter("a")
             if not (a.get("href") or "#").strip().startswith("#")]
    if len(links) != 1 or not _same_site_target(links[0].get("href") or "", url, page, site):
        return False
    prefix = text[:len(text) - len(label)].strip(" -–—•*")
    return len(label) >= settings.link_line_min_share * len(text) or (
        len(prefix) <= settings.link_line_max_label and prefix.endswith(_LINK_LABEL_END))


# Text nodes outside any link (and outside scripts and styles).
_UNLINKED = etree.XPath("//body//text()[normalize-space()][not(ancestor::a or ancestor::script "
                        "or ancestor::style or ancestor::template or ancestor::noscript)]")


def _unlinked_texts(tree: HtmlElement, max_chars: int) -> set[str]:
    """The page's text nodes outside links, up to `max_chars` long, spacing collapsed."""
    return {metadata.squash(node) for node in _UNLINKED(tree) if len(node) <= 4 * max_chars}


# A caption set in the image's own block: emphasis or small print beside the <img>.
_CAPTION_STYLE = {"em", "i", "small", "cite"}
_IMAGE_PARTS = {"img", "picture", "source", "br", "noscript"}
# Blocks with more children than this are containers, not an image with its caption.
_CAPTION_BLOCK_CHILDREN = 12


def _image_captions(tree: HtmlElement, settings: ExtractSettings) -> set[str]:
    """Captions in an image's own block, outside a <figure> (`<p><img><br><em>Caption</em></p>`,
    as blog editors write them): a short <p> or <div> holding an image (maybe inside a
    link) and text all in emphasis or small print, nothing else."""
    captions: set[str] = set()
    seen: set[HtmlElement] = set()
    for image in tree.iter("img", "picture"):
        block = image.getparent()
        if block is not None and block.tag == "a":
            block = block.getparent()
        if block is None or block.tag not in {"p", "div"} or block in seen \
                or len(block) > _CAPTION_BLOCK_CHILDREN:
            continue
        seen.add(block)
        if (block.text or "").strip():
            continue
        styled: list[HtmlElement] = []
        for child in block:
            tag = child.tag
            if (child.tail or "").strip() or (isinstance(tag, str) and tag not in _IMAGE_PARTS
                                               and tag not in _CAPTION_STYLE and tag != "a"):
                break  # text beside the image: a paragraph with an inline picture
            if tag in _CAPTION_STYLE:
                styled.append(child)
            elif tag == "a" and ((child.text or "").strip() or any(
                    c.tag not in _IMAGE_PARTS for c in child.iterdescendants())):
                break  # a link with words: no image link
        else:
            text = metadata.squash(block.text_content())
            if styled and text and len(text) <= settings.image_caption_max_chars and \
                    metadata.squash(" ".join(s.text_content() for s in styled)) == text:
                captions.add(text)
    return captions


def _without_image_captions(paragraphs: list[str], tree: HtmlElement,
                            settings: ExtractSettings) -> list[str]:
    """Paragraphs that are a caption in an image's own block go (see `_image_captions`),
    unless captions are most of the text (a gallery)."""
    captions = _image_captions(tree, settings)
    if not captions:
        return paragraphs
    kept = [p for p in paragraphs if p not in captions]
    return kept if sum(map(len, kept)) >= 0.5 * sum(map(len, paragraphs)) else paragraphs


# A quote box holds its quote, its attribution and perhaps the speaker's photo.
_QUOTE_BOX_CHILDREN = 6


def _quote_attributions(tree: HtmlElement, settings: ExtractSettings) -> set[str]:
    """The attribution line of a quote box: a container holding a <blockquote> and, after
    it, one short block of text and nothing else that shows text (the speaker's photo
    aside), as "Karsten Haustein, Universität Leipzig" under the quote."""
    lines: set[str] = set()
    for quote in tree.iter("blockquote"):
        box = quote.getparent()
        if box is None or box.tag in _CONTAINERS or len(box) > _QUOTE_BOX_CHILDREN \
                or (box.text or "").strip() or any((c.tail or "").strip() for c in box):
            continue
        shown = [c for c in box if isinstance(c.tag, str) and c.tag not in _NO_TEXT
                 and metadata.squash(c.text_content())]
        if len(shown) != 2 or shown[0] is not quote:
            continue
        line = metadata.squash(shown[1].text_content())
        if len(line) <= settings.quote_attribution_max_chars:
            lines.add(line)
    return lines


def _without_quote_attributions(paragraphs: list[str], tree: HtmlElement,
                                settings: ExtractSettings) -> list[str]:
    """A quote box's attribution line goes (see `_quote_attributions`): it names who said
    the quote shown beside the story, it is no sentence of the story."""
    lines = _quote_attributions(tree, settings) if len(paragraphs) >= 2 else set()
    if not lines:
        return paragraphs
    return [p for p in paragraphs if p not in lines] or paragraphs


_CAPTION_PARTS = ("figcaption", "p", "div", "span")


def _without_captions(paragraphs: list[str], tree: HtmlElement) -> list[str]:
    """A paragraph that is the whole text of a <figcaption>, or of a block inside one (the
    caption's text beside its credit line), goes: a photo's caption, shown beside the
    story, not part of it. Not when captions are most of the text: a gallery tells its
    story in them."""
    captions = {metadata.squash(e.text_content()) for c in tree.iter("figcaption")
                if c.find(".//h1") is None and c.find(".//h2") is None  # a story's header
                for e in c.iter(*_CAPTION_PARTS)}
    captions.discard("")
    if not captions:
        return paragraphs
    kept = [p for p in paragraphs if p not in captions]
    if sum(map(len, kept)) < 0.5 * sum(map(len, paragraphs)):
        return paragraphs
    return kept


def _reject_non_articles(paragraphs: list[str], page: metadata.PageMetadata, tree: HtmlElement,
                         settings: ExtractSettings) -> None:
    chars = sum(len(p) for p in paragraphs)
    marked = page.article_ld is not None or page.meta.get("og:type", "").lower() == "article" \
        or tree.find(".//article") is not None
    minimum = settings.min_article_text_chars if marked else settings.min_text_chars
    if chars < minimum:
        raise NotAnArticle("not_an_article",
                           f"main text has {chars} characters, fewer than {minimum}")
    heading = " ".join([page.title_tag or "", *page.h1[:1]])
    if chars < 1500 and ERROR_PAGE.search(heading):
        raise NotAnArticle("not_an_article", f"an error page: {heading[:120]!r}")
    if page.article_ld is not None:
        return
    # Section fronts, tag and search pages: the "text" is mostly the pages' link labels.
    anchors = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    linked = sum(len(p) for p in paragraphs if p in anchors)
    if linked >= settings.max_link_share * chars:
        raise NotAnArticle("not_an_article",
                           f"{linked} of {chars} characters of text are link labels: "
                           "a section front, tag or listing page")


# Titles of error pages: "404", "Page not found", "Seite nicht gefunden", ...
ERROR_PAGE = re.compile(
    r"\b(?:404|410|page (?:not found|introuvable)|not found|seite nicht gefunden|"
    r"fehlerseite|página no encontrada|pagina non trovata|nie znaleziono strony|"
    r"pagina niet gevonden|sidan hittades inte|siden ble ikke funnet)\b", re.IGNORECASE)


def detect_language(paragraphs: list[str], settings: ExtractSettings) -> str | None:
    """ISO 639-1 code of the text (py3langid; its model loads once per process)."""
    sample = " ".join(paragraphs)[: settings.language_sample_chars]
    if len(sample) < 20:
        return None
    return py3langid.classify(sample)[0]


def load_language_model() -> None:
    """Load py3langid's model now, in LZMA steps that release the GIL for long stretches.

    py3langid streams its 68 MB model through 8 KB decompression steps; in a thread
    beside other Python work each step waits for the GIL, so a warm-up thread loading it
    took longer than loading it alone (0.3 s). Decompressed in 16 MB steps, it loads on
    the other core while the warm-up goes on. The arrays are the ones py3langid's
    `modelio.load_model` builds; a version whose model differs falls back to it.
    """
    from py3langid import langid, modelio

    if langid.IDENTIFIER is not None:
        return
    try:
        compressed = (langid.MODEL_DIR / langid.MODEL_FILE).read_bytes()
        decompressor = lzma.LZMADecompressor()
        # 16 MB steps through a temporary file, as py3langid does, keep the whole
        # 68 MB of arrays from being resident twice.
        with tempfile.TemporaryFile(suffix=".npz") as unpacked:
            while not decompressor.eof:
                if decompressor.needs_input and not compressed:  # else b"" forever
                    raise EOFError(f"{langid.MODEL_FILE} ends before its end-of-stream marker")
                unpacked.write(decompressor.decompress(compressed, max_length=1 << 24))
                compressed = b""
            unpacked.seek(0)
            with np.load(unpacked, allow_pickle=False) as data:
                identifier = langid.LanguageIdentifier(
                    np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
                    modelio._to_array(data["nextmove"]), data["out_feat"].tolist(),
                    tk_row=modelio._to_array(data["nextmove_row"]))
    except (AttributeError, KeyError, TypeError, ValueError, OSError, EOFError,
            lzma.LZMAError, zipfile.BadZipFile):
        identifier = None
    if langid.IDENTIFIER is None:
        langid.IDENTIFIER = identifier
    py3langid.classify("warm-up")  # py3langid's own loader when the above failed


def _html_language(page: metadata.PageMetadata) -> str | None:
    lang = (page.html_lang or "").strip().lower()
    return lang[:2] if re.fullmatch(r"[a-z]{2}(?:[-_].*)?", lang) else None
