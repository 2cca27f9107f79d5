"""Prometheus metrics of the worker, served on the Faust web port at /metrics."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry()

PAGES_IN = Counter(
    "wirestream_pages_in_total", "Input messages consumed from the raw-page topic",
    registry=REGISTRY,
)
RECORDS_OUT = Counter(
    "wirestream_records_out_total", "Records published, by output topic", ["topic"],
    registry=REGISTRY,
)
REJECTS = Counter(
    "wirestream_rejects_total", "Rejected inputs, by reason", ["reason"], registry=REGISTRY
)
EXTRACTION_SECONDS = Histogram(
    "wirestream_extraction_seconds",
    "Wall time of extract+tag per page in the process pool",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
CONSUMER_LAG = Gauge(
    "wirestream_consumer_lag", "Messages behind the end of each assigned input partition",
    ["topic", "partition"], registry=REGISTRY,
)
INDEXED_STORIES = Gauge(
    "wirestream_story_stage_events_total",
    "Pages decided by the story stage in this process", registry=REGISTRY,
)
