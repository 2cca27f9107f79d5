"""Reading input files: JSON-lines envelope files, `.html` files and folders of them.

Shared by `wirestream produce` (to Kafka) and `wirestream process` (no Kafka), so
both see the same messages: each input is `(name, key, value)` exactly as it
would sit in the input topic.
"""

from __future__ import annotations

import gzip
import html as html_lib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# <link rel=canonical> and <meta property=og:url>, attributes in any order, quoted or not.
_URL_TAG_START = re.compile(rb"<(?:link|meta)\s", re.IGNORECASE)
# A name starts after whitespace, a quote or "/": free to start anywhere, the search retried
# every letter of a long name without "=" (quadratic: a 40 kB name took 7 s).
_ATTRIBUTE = re.compile(
    rb"""(?<![^\s"'/])([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# Pages put hundreds of kilobytes of inline scripts and styles before these tags.
_URL_SEARCH_BYTES = 2_000_000
_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".json")
_HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


class UnsupportedInput(ValueError):
    """A file named on the command line that is neither JSON lines nor HTML."""


@dataclass(slots=True)
class InputMessage:
    """One message for the input topic; `where` names its file and line for reports."""

    where: str
    line: int
    key: bytes | None
    value: bytes


def iter_messages(paths: list[str | Path]) -> Iterator[InputMessage]:
    """Messages from files and folders, in sorted order for repeatable runs."""
    for path in _expand(paths):
        name = path.name.lower()
        if name.endswith(_JSONL_SUFFIXES):
            yield from _jsonl_messages(path)
        elif name.endswith(_HTML_SUFFIXES):
            yield _html_message(path)


def count_messages(paths: list[str | Path]) -> int:
    total = 0
    for path in _expand(paths):
        name = path.name.lower()
        if name.endswith(_JSONL_SUFFIXES):
            with _open(path) as handle:
                total += sum(1 for line in handle if line.strip())
        elif name.endswith(_HTML_SUFFIXES):
            total += 1
    return total


def _expand(paths: list[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            # A `.json` file inside a folder is metadata far more often than pages (a test
            # page's expected.json, a crawl manifest): read line by line, each of its lines
            # became a rejected input. Named on the command line, it is read as JSON lines.
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and not p.name.lower().endswith(".json"))
        elif not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        elif path.name.lower().endswith(_JSONL_SUFFIXES + _HTML_SUFFIXES):
            yield path
        else:
            # Named on purpose and then skipped, it would look like a run with nothing to do.
            raise UnsupportedInput(
                f"{path}: not an input file (JSON lines: {', '.join(_JSONL_SUFFIXES)}; "
                f"HTML: {', '.join(_HTML_SUFFIXES)}; or a folder)"
            )


def _open(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _jsonl_messages(path: Path) -> Iterator[InputMessage]:
    with _open(path) as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip(b"\r\n")
            if line.strip():
                yield InputMessage(str(path), number, None, line)


def _html_message(path: Path) -> InputMessage:
    with _open(path) as handle:
        value = handle.read()
    # A bare HTML file carries its URL only in its canonical link or og:url.
    return InputMessage(str(path), 1, page_url(value), value)


def page_url(html: bytes) -> bytes | None:
    """The absolute http(s) URL a page gives for itself: its canonical link, else og:url."""
    found: dict[str, bytes] = {}
    for tag in _url_tags(html):
        attributes = {
            name.lower(): (double or single or bare)
            for name, double, single, bare in _ATTRIBUTE.findall(tag)
        }
        if b"canonical" in attributes.get(b"rel", b"").lower().split():
            kind, url = "canonical", attributes.get(b"href", b"")
        elif attributes.get(b"property", b"").lower() == b"og:url":
            kind, url = "og:url", attributes.get(b"content", b"")
        else:
            continue
        url = html_lib.unescape(url.decode("utf-8", "replace")).strip().encode()
        # A relative canonical link ("/news/...") names no site: og:url may still do.
        if url.lower().startswith((b"http://", b"https://")):
            found.setdefault(kind, url)
    return found.get("canonical") or found.get("og:url")


def _url_tags(html: bytes) -> Iterator[bytes]:
    """The `<link ...>` and `<meta ...>` tags of the first `_URL_SEARCH_BYTES`, in linear
    time: a regex `<meta\\s[^>]*>` scans on to the limit from every `<meta ` left open
    (2 MB of them: minutes)."""
    limit = min(len(html), _URL_SEARCH_BYTES)
    position = 0
    while start := _URL_TAG_START.search(html, position, limit):
        end = html.find(b">", start.end(), limit)
        if end < 0:  # nothing closes it: nothing closes a later one either
            return
        yield html[start.start():end + 1]
        position = end + 1
