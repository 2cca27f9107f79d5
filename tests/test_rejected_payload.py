"""The original payload kept in a rejected record: text when it is UTF-8, else base64, cut
at `WIRESTREAM_REJECTED_PAYLOAD_BYTES`."""

from __future__ import annotations

import base64
import gzip
from pathlib import Path

from workers.records import encode_payload

PAGE = Path(__file__).parent / "pages" / "de_DieZeit_2023_04_28" / "page.html.gz"


def test_a_cut_inside_a_character_keeps_the_payload_as_text() -> None:
    raw = gzip.decompress(PAGE.read_bytes())
    text = raw.decode("utf-8")
    # Cut one byte into the first two-byte letter (an umlaut) of the German page.
    cut = raw.index("ü".encode()) + 1
    payload, encoding, truncated = encode_payload(raw, cut)
    assert (encoding, truncated) == ("utf-8", True)
    assert text.startswith(payload) and len(payload.encode()) == cut - 1


def test_a_whole_utf8_page_is_text_and_not_truncated() -> None:
    raw = gzip.decompress(PAGE.read_bytes())
    assert encode_payload(raw, len(raw)) == (raw.decode("utf-8"), "utf-8", False)


def test_bytes_that_are_not_utf8_are_base64_cut_or_not() -> None:
    latin1 = "Grüße aus Köln".encode("latin-1")
    payload, encoding, truncated = encode_payload(latin1, 100)
    assert (encoding, truncated) == ("base64", False)
    assert base64.b64decode(payload) == latin1
    payload, encoding, truncated = encode_payload(latin1, 4)  # cut right after the "ü"
    assert (encoding, truncated) == ("base64", True)
    assert base64.b64decode(payload) == latin1[:4]
