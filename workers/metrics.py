"""Prometheus metrics of the worker, served on the Faust web port at /metrics.

Each worker process has its own registry; scrape every worker. Names:

- `wirestream_pages_in_total`: input messages consumed from the raw-page topic;
- `wirestream_records_out_total{topic}`: records published, per output topic;
- `wirestream_rejects_total{reason}`: inputs rejected, per reason (`timeout`, `empty`, ...);
- `wirestream_extraction_seconds`: histogram of the wall time per page in the process pool
  (parse, extract, tag, fingerprint; inputs rejected for their form not counted);
- `wirestream_consumer_lag{topic,partition}`: messages behind the end of each assigned
  partition, as of the last message processed from it;
- `wirestream_assigned_partitions{topic}`: partitions of each topic this worker owns now;
- `wirestream_story_decisions_total{kind}`: story-stage outcomes (new, version, url, exact,
  near) and `redelivery_skipped` for inputs whose record was published already;
- `process_resident_memory_bytes`, `process_cpu_seconds_total`, ...: the worker process's
  own memory and CPU (Linux), to watch its memory at steady state.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector

REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)

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
ASSIGNED_PARTITIONS = Gauge(
    "wirestream_assigned_partitions", "Partitions of each topic assigned to this worker",
    ["topic"], registry=REGISTRY,
)
STORY_DECISIONS = Counter(
    "wirestream_story_decisions_total",
    "Story-stage outcomes in this process, by kind", ["kind"], registry=REGISTRY,
)
