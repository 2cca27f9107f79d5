"""End to end on a real broker: workers are real `wirestream worker` processes."""

from __future__ import annotations

import asyncio
import gzip
from collections import Counter
from pathlib import Path

import orjson
import pytest

from tests.kafka_helpers import Deployment, envelope, produce, read_until
from workers.records import Origin
from workers.schemas import validate

pytestmark = pytest.mark.integration

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "pages.jsonl.gz"
OUTPUT_KINDS = ("clean", "duplicates", "rejected")


def sample_pages() -> list[dict]:
    with gzip.open(SAMPLES, "rb") as handle:
        pages = []
        for line in handle:
            try:
                pages.append(orjson.loads(line))
            except orjson.JSONDecodeError:
                continue  # the sample file's deliberately broken line
    return pages[:8]  # eight distinct real pages


def outputs(deployment: Deployment) -> dict[str, str]:
    return {kind: deployment.topics[kind] for kind in OUTPUT_KINDS}


def test_every_page_comes_out_once_on_exactly_one_topic(deployment: Deployment) -> None:
    pages = sample_pages()
    bad_inputs: list[tuple[bytes | None, bytes]] = [
        (None, b'{"url": "https://example.com/truncated", "html": '),
        (b"https://example.com/binary", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
        (None, b"<html><body><p>raw HTML without a URL key</p></body></html>"),
        (None, b""),
    ]
    messages = [(None, envelope(p["url"], p["html"])) for p in pages]
    # The same page twice: the second copy is a duplicate, not a second article.
    messages.append((None, envelope(pages[0]["url"], pages[0]["html"])))
    messages += bad_inputs
    deployment.start_worker()
    asyncio.run(produce(deployment.topics["raw"], messages))

    found = asyncio.run(read_until(outputs(deployment), len(messages), timeout=240))
    assert sum(len(v) for v in found.values()) == len(messages), deployment.logs()

    for kind, schema in (("clean", "article"), ("duplicates", "duplicate"),
                         ("rejected", "rejected")):
        for record in found[kind]:
            validate(schema, record)
    clean_urls = Counter(a["url"] for a in found["clean"])
    duplicate_urls = [d["url"] for d in found["duplicates"]]
    # Every real page is an article exactly once; the repeat is a duplicate of it.
    assert clean_urls == Counter(p["url"] for p in pages)
    assert duplicate_urls == [pages[0]["url"]]
    first = next(a for a in found["clean"] if a["url"] == pages[0]["url"])
    assert found["duplicates"][0]["duplicate_of"] == first["id"]
    assert found["duplicates"][0]["kind"] in ("url", "exact")
    reasons = Counter(r["reason"] for r in found["rejected"])
    assert reasons == Counter({"malformed_envelope": 1, "not_html": 1, "missing_url": 1,
                               "empty": 1})
    for record in found["rejected"]:
        assert record["input"]["topic"] == deployment.topics["raw"]
        assert record["detail"]
    truncated = next(r for r in found["rejected"] if r["reason"] == "malformed_envelope")
    assert truncated["payload"] == bad_inputs[0][1].decode()


def test_restarted_worker_keeps_its_deduplication_state(deployment: Deployment) -> None:
    pages = sample_pages()[:3]
    worker = deployment.start_worker()
    asyncio.run(produce(deployment.topics["raw"],
                        [(None, envelope(p["url"], p["html"])) for p in pages]))
    found = asyncio.run(read_until(outputs(deployment), len(pages), timeout=180))
    assert len(found["clean"]) == len(pages), deployment.logs()
    deployment.stop_worker(worker)

    # A new process with an empty local data folder: state must come from the changelog.
    deployment.start_worker(data_suffix="-fresh")
    copy = pages[1]
    asyncio.run(produce(deployment.topics["raw"],
                        [(None, envelope(copy["url"] + "?utm_source=rss", copy["html"]))]))
    found = asyncio.run(read_until(outputs(deployment), len(pages) + 1, timeout=180))
    assert len(found["clean"]) == len(pages), deployment.logs()
    assert len(found["duplicates"]) == 1, deployment.logs()
    original = next(a for a in found["clean"] if a["url"] == copy["url"])
    assert found["duplicates"][0]["duplicate_of"] == original["id"]


def test_origin_identity_is_the_kafka_position() -> None:
    assert Origin("pages.raw", 3, 42).input_id == "pages.raw:3:42"
