"""Input parsing: every message becomes a Page or a reasoned InputError, never an exception."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import orjson
import pytest

from workers import envelope
from workers.envelope import INPUT_REASONS, InputError, decode_html, parse_message
from workers.records import Origin, Page

ORIGIN = Origin("pages.raw", 0, 7)
LIMIT = 10_000_000
SAMPLES = Path(__file__).parent.parent / "samples" / "pages.jsonl.gz"
ARTICLE_HTML = "<html><body><article><p>Hello</p></article></body></html>"


def parse(value: bytes | None, key: bytes | None = None) -> Page | InputError:
    return parse_message(value, key, ORIGIN, LIMIT)


def test_json_envelope_becomes_a_page_with_its_metadata() -> None:
    value = orjson.dumps({
        "url": " https://example.com/a ", "html": ARTICLE_HTML,
        "fetched_at": "2024-05-01T10:00:00Z", "source": "feed-1",
        "headers": {"Content-Type": "text/html"},
    })
    page = parse(value)
    assert isinstance(page, Page)
    assert page.url == "https://example.com/a"
    assert page.fetched_at == "2024-05-01T10:00:00Z"
    assert page.source == "feed-1"
    assert page.headers == {"content-type": "text/html"}
    assert page.origin.input_id == "pages.raw:0:7"


def test_raw_html_with_url_key_becomes_a_page() -> None:
    page = parse(ARTICLE_HTML.encode(), b"https://example.com/raw")
    assert isinstance(page, Page)
    assert page.url == "https://example.com/raw"


@pytest.mark.parametrize(
    ("value", "key", "reason"),
    [
        (None, None, "empty"),
        (b"", None, "empty"),
        (b"   \n\t ", b"https://example.com/", "empty"),
        (b'{"url": "https://example.com/", "html": ', None, "malformed_envelope"),
        (b'["https://example.com/", "<p>x</p>"]', None, "malformed_envelope"),
        (b'{"html": "<p>x</p>"}', None, "malformed_envelope"),
        (b'{"url": "https://example.com/"}', None, "malformed_envelope"),
        (b'{"url": "https://example.com/", "html": 42}', None, "malformed_envelope"),
        # Lines of a JSON-lines file that are JSON but not an object.
        (b"null", None, "malformed_envelope"),
        (b'"<html><p>a string</p></html>"', None, "malformed_envelope"),
        (b"42", None, "malformed_envelope"),
        (b'{"url": "ftp://example.com/x", "html": "<p>x</p>"}', None, "invalid_url"),
        (b'{"url": "not a url", "html": "<p>x</p>"}', None, "invalid_url"),
        (b"<html><p>no key</p></html>", None, "missing_url"),
        (b"<html><p>bad key</p></html>", b"\xff\xfe", "missing_url"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", b"https://example.com/doc", "not_html"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", b"https://example.com/img", "not_html"),
        (b"just some words, no markup at all", b"https://example.com/t", "not_html"),
        (b'{"url": "https://example.com/", "html": "plain text only"}', None, "not_html"),
        (b'{"url": "https://example.com/", "html": "   "}', None, "empty"),
    ],
)
def test_bad_input_is_rejected_with_a_reason(value: bytes | None, key: bytes | None,
                                             reason: str) -> None:
    outcome = parse(value, key)
    assert isinstance(outcome, InputError)
    assert outcome.reason == reason
    assert outcome.detail


def test_binary_noise_is_not_html() -> None:
    noise = bytes(range(256)) * 64
    outcome = parse(noise, b"https://example.com/noise")
    assert isinstance(outcome, InputError)
    assert outcome.reason == "not_html"


@pytest.mark.parametrize(("controls", "binary"), [(380, False), (430, True)])
def test_binary_means_over_a_tenth_control_characters_in_the_first_4096(
        controls: int, binary: bool) -> None:
    # Tabs, newlines, form feeds and carriage returns are text; other C0 controls are not.
    text = "<html><body><p>" + "\t\n\r\f" * 200
    control = "".join(chr(c) for c in (*range(1, 9), 11, *range(14, 32)))  # NULs are dropped
    page = text + (control * 20)[:controls]
    page += "x" * (4096 - len(page)) + "\x01" * 2000  # past 4096: not looked at
    outcome = parse(page.encode(), b"https://example.com/controls")
    assert isinstance(outcome, InputError) == binary
    if binary:
        assert outcome.reason == "not_html"


def test_page_over_the_limit_is_too_large() -> None:
    big = b"<html><body>" + b"<p>word</p>" * 2000 + b"</body></html>"
    outcome = parse_message(big, b"https://example.com/big", ORIGIN, max_html_bytes=10_000)
    assert isinstance(outcome, InputError)
    assert outcome.reason == "too_large"
    assert outcome.url == "https://example.com/big"


def test_nul_bytes_are_removed_not_fatal() -> None:
    page = parse(b"<html><body><p>Hel\x00lo</p></body></html>", b"https://example.com/nul")
    assert isinstance(page, Page)
    assert "\x00" not in page.html
    assert "Hello" in page.html


def test_declared_legacy_charset_is_used_when_bytes_are_not_utf8() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>Café – naïve</p></body></html>'
    page = parse(html.encode("cp1252"), b"https://example.com/legacy")
    assert isinstance(page, Page)
    assert "Café – naïve" in page.html


def test_a_charset_that_lies_falls_back_to_detection() -> None:
    # Declared as UTF-8, but the bytes are Latin-1: decoding must not fail or lose the page.
    text = "Müller sagte, die Straße sei gesperrt. Größere Schäden gab es nicht. " * 20
    html = f'<html><head><meta charset="utf-8"></head><body><p>{text}</p></body></html>'
    page = parse(html.encode("latin-1"), b"https://example.com/lies")
    assert isinstance(page, Page)
    assert "Straße" in page.html


def test_decode_prefers_header_charset() -> None:
    raw = "<p>Zürich</p>".encode("iso-8859-1")
    assert decode_html(raw, "text/html; charset=ISO-8859-1") == "<p>Zürich</p>"


def test_real_page_envelope_round_trip() -> None:
    with gzip.open(SAMPLES, "rb") as handle:
        first = handle.readline()
    page = parse(first)
    assert isinstance(page, Page)
    assert page.url == orjson.loads(first)["url"]
    assert page.html == orjson.loads(first)["html"]


def test_input_reasons_are_exactly_the_reasons_this_module_gives() -> None:
    # The worker counts extraction time for every other rejection (they come from the pool).
    source = Path(envelope.__file__).read_text()
    assert set(re.findall(r'InputError\(\s*"([a-z_]+)"', source)) == INPUT_REASONS
