"""Extraction stage: one page's HTML to an `Extracted` story (pure, CPU-bound).

The page is parsed once with lxml; trafilatura gets that tree (it copies it before
cleaning) and the same tree feeds metadata, JSON-LD and not-an-article checks.
Runs inside the process pool, never on the event loop.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import chain
from urllib.parse import urljoin, urlsplit

import py3langid
import trafilatura
import trafilatura.metadata
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from workers import metadata
from workers.boilerplate import drop_boilerplate
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
    tree = load_html(html)
    if tree is None:
        raise NotAnArticle("not_an_article", "the payload does not parse as an HTML document")
    page = metadata.read_metadata(tree)
    # Body only: the metadata comes from our own readers over the same tree, so
    # trafilatura's metadata pass (and its costly date search) is only a fallback below.
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=False, include_comments=False,
        favor_recall=settings.focus == "recall", favor_precision=settings.focus == "precision",
    )
    paragraphs = normalise_text(document.text) if document is not None and document.text else []
    paragraphs = _retry_with_recall(paragraphs, tree, url, settings)
    ld_body = _json_ld_body(page)
    paragraphs = _prefer_json_ld_body(paragraphs, ld_body, settings)
    paragraphs = _prefer_script_payload(paragraphs, tree, settings)
    if not paragraphs:
        raise NotAnArticle("not_an_article", "no main text found in the page")

    author_sources = metadata.author_candidates(page)
    source = metadata.detect_agency(paragraphs, [a for s in author_sources for a in s])
    paragraphs = _without_repeats(drop_boilerplate(paragraphs))
    title = metadata.choose_title(page, url, trafilatura.metadata.extract_title(tree))
    paragraphs = _without_leading_title(paragraphs, title)
    paragraphs = _agree_with_json_ld_body(paragraphs, ld_body, settings)
    _reject_non_articles(paragraphs, page, tree, settings)

    names = metadata.site_names(page, url)
    authors, agency = metadata.choose_authors(chain(author_sources, _byline_sources(tree)), names)
    source = source or agency
    published = metadata.choose_published(page, url)
    if published is None:
        published = metadata.normalise_date(find_date(
            tree, url=url, original_date=True, extensive_search=True,
            max_date=datetime.now(UTC).strftime("%Y-%m-%d")))
    canonical = urljoin(url, page.canonical or page.meta.get("og:url") or url)
    return Extracted(
        url=url,
        canonical_url=canonical if canonical != url and canonical.startswith("http") else None,
        site=(urlsplit(url).hostname or "").lower(),
        sitename=metadata.sitename(page),
        title=title,
        authors=authors,
        published_at=published,
        language=detect_language(paragraphs, settings) or _html_language(page),
        description=page.meta.get("og:description") or page.meta.get("description"),
        paragraphs=paragraphs,
        publisher_tags=metadata.publisher_tags(page),
        section=metadata.section(page),
        source=source,
    )


def _retry_with_recall(paragraphs: list[str], tree: HtmlElement, url: str,
                       settings: ExtractSettings) -> list[str]:
    """A short result gets a second, recall-oriented pass; kept when it finds at least
    twice the text. Only short pages pay for it."""
    chars = sum(len(p) for p in paragraphs)
    if chars >= settings.recall_retry_below_chars or settings.focus == "recall":
        return paragraphs
    document = trafilatura.bare_extraction(tree, url=url, with_metadata=False,
                                           include_comments=False, favor_recall=True)
    found = normalise_text(document.text) if document is not None and document.text else []
    return found if sum(len(p) for p in found) >= 2 * max(chars, 1) else paragraphs


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
    byline = trafilatura.metadata.extract_author(tree)  # copies the tree: after the cheap one
    if byline:
        yield byline.split(";")
    document = trafilatura.metadata.extract_meta_json(tree, trafilatura.metadata.examine_meta(tree))
    if document.author:
        yield document.author.split(";")


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


def _triples(text: str) -> set[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.casefold())
    if len(tokens) < 3:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2)}


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


def _without_leading_title(paragraphs: list[str], title: str | None) -> list[str]:
    if title and len(paragraphs) > 1 and paragraphs[0].casefold() == title.casefold():
        return paragraphs[1:]
    return paragraphs


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


def _html_language(page: metadata.PageMetadata) -> str | None:
    lang = (page.html_lang or "").strip().lower()
    return lang[:2] if re.fullmatch(r"[a-z]{2}(?:[-_].*)?", lang) else None
