"""Story text shipped inside a framework's script payload instead of the DOM.

Script-rendered pages (Next.js `__NEXT_DATA__` / `self.__next_f.push(...)`, Nuxt, other
hydration blobs) carry the article as an HTML string inside JSON inside a script. When
the DOM has (almost) no text, the longest such HTML string with real paragraphs is the
body. Generic: no framework's key names are relied upon.
"""

from __future__ import annotations

import re

import orjson
from lxml.html import HtmlElement
from trafilatura.utils import load_html

# A JSON string literal of at least 300 characters.
_STRING = re.compile(r'"((?:[^"\\]|\\.){300,})"', re.DOTALL)
_HAS_PARAGRAPHS = re.compile(r"<p[\s>]", re.IGNORECASE)
# Elements whose text is not body text: captions, figures, embedded ads and scripts.
_SKIP = re.compile(r"caption|credit|figure|photo|image|img|ad-|advert|related", re.IGNORECASE)


def payload_paragraphs(tree: HtmlElement, max_scripts: int = 400) -> list[str]:
    """Paragraphs of the richest HTML string found in the page's inline scripts."""
    best: list[str] = []
    best_chars = 0
    for number, script in enumerate(tree.iter("script")):
        if number >= max_scripts:
            break
        kind = (script.get("type") or "").lower()
        if script.get("src") or "ld+json" in kind or not script.text or len(script.text) < 1000:
            continue
        for html in _html_strings(script.text):
            paragraphs = _paragraphs(html)
            chars = sum(len(p) for p in paragraphs)
            if chars > best_chars:
                best, best_chars = paragraphs, chars
    return best


def _html_strings(source: str, depth: int = 0) -> list[str]:
    """JSON string literals in `source` that hold HTML paragraphs, decoded (and the strings
    inside them again, for payloads that are JSON encoded twice)."""
    found: list[str] = []
    for match in _STRING.finditer(source):
        try:
            value = orjson.loads(f'"{match.group(1)}"')
        except orjson.JSONDecodeError:
            continue
        if not isinstance(value, str):
            continue
        if _HAS_PARAGRAPHS.search(value) and not value.lstrip().startswith(("{", "[")):
            found.append(value)
        elif depth == 0 and '\\"' in match.group(1):
            found.extend(_html_strings(value, depth + 1))
    return found


def _paragraphs(fragment: str) -> list[str]:
    tree = load_html(f"<html><body><div>{fragment}</div></body></html>")
    if tree is None:
        return []
    paragraphs = []
    for element in tree.iter("p", "h2", "h3", "li", "blockquote"):
        if any(_SKIP.search(a.get("class") or "") or a.tag == "figure"
               for a in element.iterancestors()):
            continue
        if element.tag != "p" and element.find(".//p") is not None:
            continue
        text = " ".join(element.text_content().split())
        if text:
            paragraphs.append(text)
    return paragraphs
