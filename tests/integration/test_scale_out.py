"""Deduplication stays correct with several workers: copies on different partitions meet.

Extraction runs wherever the input partition is; every story decision is taken by the
one owner of the single-partition analysed topic. Two copies of a story sent to two
input partitions owned by two workers must still end as one article and one duplicate.
"""

from __future__ import annotations

import asyncio

import orjson
import pytest

from tests.kafka_helpers import (
    Deployment,
    check_stories,
    copy_url,
    envelope,
    metric_value,
    outcome_of,
    output_topics,
    produce,
    read_until,
    real_pages,
)

pytestmark = pytest.mark.integration


def test_copies_on_different_partitions_and_workers_are_one_story(
        deployment: Deployment) -> None:
    workers = [deployment.start_worker(), deployment.start_worker()]
    # Both workers own an input partition, or the test would prove nothing.
    for worker in workers:
        deployment.wait_web(worker, "/health",
                            lambda body: len(orjson.loads(body)["input_partitions"]) == 1)
    owned = {w.pid: deployment.health(w)["input_partitions"] for w in workers}
    assert sorted(p for parts in owned.values() for p in parts) == [0, 1], owned

    pages = real_pages()[:6]
    copies = {copy_url(p["url"], 1): p["url"] for p in pages}
    topic = deployment.topics["raw"]
    asyncio.run(produce(topic, [(None, envelope(p["url"], p["html"])) for p in pages],
                        partition=0))
    asyncio.run(produce(topic, [(None, envelope(copy, p["html"]))
                                for copy, p in zip(copies, pages, strict=True)], partition=1))
    found = asyncio.run(read_until(output_topics(deployment), 2 * len(pages), timeout=240))
    outcome = outcome_of(found)
    assert outcome.total == 2 * len(pages), deployment.logs()
    check_stories(outcome, [p["url"] for p in pages], copies)

    # Each worker extracted the pages of its own partition.
    for worker in workers:
        text = deployment.web(worker, "/metrics").decode()
        assert metric_value(text, "wirestream_pages_in_total") == len(pages), owned
        # The worker's own resident memory is exported (it holds the warmed extraction and
        # tagging data its pool is forked from: well over 100 MB).
        assert metric_value(text, "process_resident_memory_bytes") > 100 * 2**20
