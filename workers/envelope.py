"""Input stage: one Kafka message (or one JSON line) to a `Page`, or a rejection.

Two input forms are accepted:
- a JSON envelope `{"url", "html", optional "fetched_at", "source", "headers"}`;
- raw HTML bytes as the value, with the page URL as the message key.
Anything else is rejected with a reason; this module never raises on input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import orjson
from charset_normalizer import from_bytes

from workers.records import Origin, Page

# Magic numbers of common binary formats that crawlers mistake for pages.
_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b", b"BZh",
    b"\xfd7zXZ", b"RIFF", b"\x00\x00\x01\x00", b"OggS", b"ID3", b"\x7fELF", b"(\xb5/\xfd",
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_MARKUP = re.compile(r"<\s*[A-Za-z!?/]")
_BAD_HOST = re.compile(r"[\s\x00-\x1f\x7f]")
# Control characters other than tab, newline, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


# The reasons this module rejects an input with (the form of the input, not its content).
INPUT_REASONS = frozenset({"empty", "malformed_envelope", "missing_url", "invalid_url",
                           "too_large", "not_html"})


@dataclass(slots=True)
class InputError:
    """Why an input cannot become a page. `reason` is a stable snake_case code."""

    reason: str
    detail: str
    url: str | None = None


@dataclass(slots=True)
class RawInput:
    """An input message as it arrived, to be parsed where the page is processed.

    The worker and `wirestream process` hand these to their process pool rather than
    parsed pages: decoding a 0.3 MB JSON envelope (about a millisecond) then happens in
    the pool, not in the single event loop every page passes through, and bytes cross
    the process boundary more cheaply than a pickled page."""

    value: bytes | None
    key: bytes | None
    origin: Origin
    max_html_bytes: int

    def parse(self) -> Page | InputError:
        return parse_message(self.value, self.key, self.origin, self.max_html_bytes)

    @property
    def url(self) -> str | None:
        """The page's URL, for the rejection of a page the pool could not finish (a
        timeout, a crash): parsed again, only then."""
        return self.parse().url


def parse_message(
    value: bytes | None, key: bytes | None, origin: Origin, max_html_bytes: int
) -> Page | InputError:
    """Turn one input message into a `Page`, or say why it cannot be one."""
    if value is None or not value.strip():
        return InputError("empty", "the message has no value")
    stripped = value.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return _parse_envelope(stripped, origin, max_html_bytes)
    url = _decode_key(key)
    if url is None:
        scalar = _json_scalar(stripped)
        if scalar is not None:  # a JSON-lines file's `null`, `"..."` or `42`
            return InputError(
                "malformed_envelope", f"envelope must be a JSON object, got {scalar}"
            )
        return InputError(
            "missing_url",
            "raw HTML needs the page URL as the message key; wrap it in a JSON envelope "
            '{"url": ..., "html": ...} otherwise',
        )
    return _page_from_bytes(value, url, origin, max_html_bytes, headers={})


def _json_scalar(data: bytes) -> str | None:
    """The JSON type of a value that is a whole JSON scalar (null, string, number,
    boolean), else None. Markup fails at its first byte, so this costs nothing on HTML."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    return "null" if value is None else type(value).__name__


def _parse_envelope(data: bytes, origin: Origin, max_html_bytes: int) -> Page | InputError:
    try:
        envelope = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        return InputError("malformed_envelope", f"value is not valid JSON: {error}")
    if not isinstance(envelope, dict):
        return InputError(
            "malformed_envelope", f"envelope must be a JSON object, got {type(envelope).__name__}"
        )
    url = envelope.get("url")
    html = envelope.get("html")
    if not isinstance(url, str) or not url.strip():
        return InputError("malformed_envelope", 'envelope has no "url" string')
    url = url.strip()
    if not isinstance(html, str):
        return InputError("malformed_envelope", 'envelope has no "html" string', url)
    headers = envelope.get("headers") or {}
    if not isinstance(headers, dict):
        return InputError("malformed_envelope", '"headers" must be an object', url)
    headers = {str(k).lower(): str(v) for k, v in headers.items()}
    problem = _check_url(url)
    if problem:
        return problem
    page_or_error = _page_from_text(html, url, origin, max_html_bytes, headers)
    if isinstance(page_or_error, Page):
        page_or_error.fetched_at = _optional_str(envelope.get("fetched_at"))
        page_or_error.source = _optional_str(envelope.get("source"))
    return page_or_error


def _page_from_bytes(
    raw: bytes, url: str, origin: Origin, max_html_bytes: int, headers: dict[str, str]
) -> Page | InputError:
    problem = _check_url(url)
    if problem:
        return problem
    if len(raw) > max_html_bytes:
        return InputError(
            "too_large", f"page is {len(raw)} bytes, more than the limit of {max_html_bytes}", url
        )
    if raw.startswith(_BINARY_MAGIC):
        return InputError("not_html", "the value is a binary file, not HTML", url)
    text = decode_html(raw, headers.get("content-type"))
    return _page_from_text(text, url, origin, max_html_bytes, headers)


def _page_from_text(
    html: str, url: str, origin: Origin, max_html_bytes: int, headers: dict[str, str]
) -> Page | InputError:
    if len(html) > max_html_bytes:
        return InputError(
            "too_large",
            f"page is {len(html)} characters, more than the limit of {max_html_bytes}",
            url,
        )
    # Parsers stop at NUL; pages with a few stray NULs are still pages.
    if "\x00" in html:
        html = html.replace("\x00", "")
    if not html.strip():
        return InputError("empty", "the page is empty", url)
    if _looks_binary(html):
        return InputError("not_html", "the page is mostly control characters (binary data)", url)
    if not _MARKUP.search(html[:65536]):
        return InputError("not_html", "the page has no HTML markup", url)
    return Page(url=url, html=html, origin=origin, headers=headers)


def decode_html(raw: bytes, content_type: str | None = None) -> str:
    """Decode page bytes: UTF-8 if valid, else the declared charset, else a detected one."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for declared in _declared_charsets(raw, content_type):
        try:
            return raw.decode(declared)
        except (LookupError, UnicodeDecodeError):
            continue  # a charset that lies: try the next clue
    best = from_bytes(raw[:200_000]).best()
    if best is not None and best.encoding:
        return raw.decode(best.encoding, errors="replace")
    return raw.decode("utf-8", errors="replace")


def _declared_charsets(raw: bytes, content_type: str | None) -> list[str]:
    found = []
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match:
            found.append(match.group(1))
    match = _META_CHARSET.search(raw[:4096])
    if match:
        found.append(match.group(1).decode("ascii", "replace"))
    return found


def _looks_binary(html: str) -> bool:
    sample = html[:4096]
    # One regex pass, not a Python loop per character: this runs in the worker's event
    # loop (and `process`'s parent) for every page (0.3 ms a page before, 0.01 now).
    return len(_CONTROL.findall(sample)) > len(sample) * 0.1


def _check_url(url: str) -> InputError | None:
    try:
        parts = urlsplit(url)
    except ValueError as error:
        return InputError("invalid_url", f"URL cannot be parsed: {error}", url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return InputError("invalid_url", "URL must be absolute http(s) with a host", url)
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when it is read
    except ValueError as error:
        return InputError("invalid_url", f"URL has a bad port: {error}", url)
    if _BAD_HOST.search(parts.hostname):
        return InputError("invalid_url", "URL host has spaces or control characters", url)
    return None


def _decode_key(key: bytes | None) -> str | None:
    if not key:
        return None
    try:
        text = key.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None
    return text if text.startswith(("http://", "https://")) else None


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
