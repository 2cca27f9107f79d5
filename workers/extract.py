"""Extraction stage: one page's HTML to an `Extracted` story (pure, CPU-bound).

The page is parsed once with lxml; trafilatura gets that tree (it copies it before
cleaning) and the same tree feeds metadata, JSON-LD and not-an-article checks.
Runs inside the process pool, never on the event loop.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
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
    paragraphs = _prefer_json_ld_body(paragraphs, page, settings)
    paragraphs = _prefer_script_payload(paragraphs, tree, settings)
    if not paragraphs:
        raise NotAnArticle("not_an_article", "no main text found in the page")

    author_sources = metadata.author_candidates(page)
    source = metadata.detect_agency(paragraphs, [a for s in author_sources for a in s])
    paragraphs = _without_repeats(drop_boilerplate(paragraphs))
    title = metadata.choose_title(page, url, trafilatura.metadata.extract_title(tree))
    paragraphs = _without_leading_title(paragraphs, title)
    _reject_non_articles(paragraphs, page, tree, settings)

    names = metadata.site_names(page, url)
    authors: list[str] = []
    for candidates in author_sources:
        authors, agency = metadata.clean_authors(candidates, names)
        source = source or agency
        if authors:
            break
    if not authors:
        # No byline in the metadata: trafilatura's byline xpaths over the page.
        byline = trafilatura.metadata.extract_author(tree)
        if byline:
            authors, agency = metadata.clean_authors(byline.split(";"), names)
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


def _prefer_json_ld_body(paragraphs: list[str], page: metadata.PageMetadata,
                         settings: ExtractSettings) -> list[str]:
    """JSON-LD `articleBody` when the DOM text is missing or far shorter (script-rendered
    pages, paywall teasers that ship the full text in their metadata)."""
    body = (page.article_ld or {}).get("articleBody")
    if not isinstance(body, str) or len(body) < 200:
        return paragraphs
    if "<" in body and ">" in body:
        body = _html_fragment_text(body)
    dom_chars = sum(len(p) for p in paragraphs)
    if len(body) < settings.ld_body_ratio * dom_chars:
        return paragraphs
    return normalise_text(body)


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
    """A paragraph the page renders twice (lead repeated, mobile and desktop copies) once."""
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = paragraph.casefold()
        if len(paragraph) >= 40 and key in seen:
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
    if chars < settings.min_text_chars:
        raise NotAnArticle("not_an_article",
                           f"main text has {chars} characters, fewer than "
                           f"{settings.min_text_chars}")
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
