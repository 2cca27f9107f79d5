"""The Faust wiring: topics, tables and two agents on top of `workers.pipeline`.

    pages.raw (N partitions)
      -> extract_pages: envelope, then extract+tag in the process pool (any worker)
      -> wirestream.analysed (1 partition)
      -> decide_stories: site boilerplate + deduplication over two tables
      -> articles.clean | articles.duplicates          (rejections: pages.rejected)

Extraction scales with partitions and workers. Deduplication must see every
page in one order to be correct with several workers, so it runs on a single
partition: Kafka gives it to exactly one worker at a time and hands it, with its
changelog-backed tables, to another when that worker goes away. It costs about
a millisecond per page, far below extraction's cost.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator, MutableMapping
from typing import Any

import faust
import orjson
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from workers import metrics
from workers.envelope import InputError, parse_message
from workers.kafka import faust_credentials
from workers.pipeline import StoryStage, rejection
from workers.pool import ExtractionPool
from workers.records import Analysed, Article, Origin, analysed_from_dict, to_json
from workers.settings import Settings

log = logging.getLogger(__name__)

# How often the story stage forgets stories older than the window.
_EXPIRE_EVERY_S = 300.0


class TableStore(MutableMapping[str, bytes]):
    """A Faust table seen as `MutableMapping[str, bytes]` (keys stored as UTF-8 bytes)."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def __getitem__(self, key: str) -> bytes:
        return self.table[key.encode()]

    def __setitem__(self, key: str, value: bytes) -> None:
        self.table[key.encode()] = value

    def __delitem__(self, key: str) -> None:
        del self.table[key.encode()]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.encode() in self.table

    def get(self, key: str, default: Any = None) -> Any:
        return self.table.get(key.encode(), default)

    def __iter__(self) -> Iterator[str]:
        return (key.decode() for key in self.table)

    def __len__(self) -> int:
        return len(self.table)


def create_app(settings: Settings) -> faust.App:
    kafka = settings.kafka
    app = faust.App(
        settings.app_id,
        broker=f"kafka://{kafka.bootstrap_servers.replace(',', ';kafka://')}",
        broker_credentials=faust_credentials(kafka),
        store=settings.store,
        datadir=settings.data_dir,
        key_serializer="raw",
        value_serializer="raw",
        topic_partitions=settings.input_partitions,
        topic_replication_factor=settings.replication_factor,
        producer_max_request_size=kafka.max_message_bytes,
        producer_compression_type=None if kafka.compression == "none" else kafka.compression,
        producer_acks=-1,
        consumer_max_fetch_size=kafka.max_message_bytes,
        consumer_auto_offset_reset="earliest",
        web_port=settings.web_port,
        web_host="0.0.0.0",
        stream_wait_empty=True,
    )
    topics = settings.topics
    raw_topic = app.topic(topics.raw, key_type=bytes, value_type=bytes)
    analysed_topic = app.topic(topics.analysed, key_type=bytes, value_type=bytes, partitions=1)
    clean_topic = app.topic(topics.clean, key_type=bytes, value_type=bytes)
    duplicates_topic = app.topic(topics.duplicates, key_type=bytes, value_type=bytes)
    rejected_topic = app.topic(topics.rejected, key_type=bytes, value_type=bytes)

    # Both tables live on the single partition of the analysed topic.
    stories = app.Table("stories", partitions=1, key_type=bytes, value_type=bytes)
    boilerplate = app.Table("site-boilerplate", partitions=1, key_type=bytes, value_type=bytes)
    deliveries = app.Table("deliveries", partitions=1, key_type=bytes, value_type=bytes)
    stage = StoryStage(TableStore(stories), TableStore(boilerplate), settings,
                       TableStore(deliveries))
    pool_holder: dict[str, ExtractionPool] = {}
    stopping = asyncio.Event()

    def pool() -> ExtractionPool:
        if "pool" not in pool_holder:
            pool_holder["pool"] = ExtractionPool(settings)
        return pool_holder["pool"]

    async def publish(topic: Any, key: str, record: Any) -> None:
        await topic.send(key=key.encode(), value=to_json(record))
        metrics.RECORDS_OUT.labels(topic.get_topic_name()).inc()

    async def analyse_event(event: Any) -> None:
        message = event.message
        origin = Origin(
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            key=message.key.decode("utf-8", "replace") if message.key else None,
            timestamp=message.timestamp,
        )
        metrics.PAGES_IN.inc()
        parsed = parse_message(message.value, message.key, origin,
                               settings.extract.max_html_bytes)
        if isinstance(parsed, InputError):
            outcome: Analysed | InputError = parsed
        else:
            started = time.perf_counter()
            outcome = await pool().analyse(parsed)
            if stopping.is_set():
                raise asyncio.CancelledError("worker is shutting down")
            metrics.EXTRACTION_SECONDS.observe(time.perf_counter() - started)
        if isinstance(outcome, InputError):
            metrics.REJECTS.labels(outcome.reason).inc()
            record = rejection(outcome, origin, message.value, settings, message.key)
            await publish(rejected_topic, origin.input_id, record)
        else:
            await analysed_topic.send(key=origin.input_id.encode(), value=to_json(outcome))
        _record_lag(app, message)

    @app.agent(raw_topic, name="extract_pages")
    async def extract_pages(stream: faust.StreamT) -> None:
        # Batches keep every pool process busy; events are acked after their batch.
        async for events in stream.take_events(settings.batch_size, within=0.05):
            await asyncio.gather(*(analyse_event(event) for event in events))

    @app.agent(analysed_topic, name="decide_stories")
    async def decide_stories(stream: faust.StreamT) -> None:
        last_expiry = time.time()
        async for event in stream.events():
            item = analysed_from_dict(orjson.loads(event.value))
            now = time.time()
            result = stage.handle(item, now, position=event.message.offset)
            metrics.INDEXED_STORIES.inc()
            if result is None:
                log.info("input %s was published already; redelivery skipped",
                         item.origin.input_id)
            elif isinstance(result, Article):
                await publish(clean_topic, result.story_id, result)
            else:
                await publish(duplicates_topic, result.story_id, result)
            if now - last_expiry > _EXPIRE_EVERY_S:
                # Inside the event: table deletions need a current event for the changelog.
                removed = stage.expire(now)
                last_expiry = now
                if removed:
                    log.info("forgot %d expired story entries", removed)

    @app.page("/health")
    async def health(web: Any, request: Any) -> Any:
        return web.json({"status": "ok", "app": settings.app_id})

    @app.page("/metrics")
    async def prometheus(web: Any, request: Any) -> Any:
        body = generate_latest(metrics.REGISTRY)
        return web.bytes(body, content_type=CONTENT_TYPE_LATEST.split(";")[0])

    @app.on_before_shutdown.connect
    async def close_pool(app: faust.App, **kwargs: Any) -> None:
        # Pages still in the pool are neither published nor acked: they are
        # processed again after a restart (at-least-once), never lost.
        stopping.set()
        if "pool" in pool_holder:
            pool_holder.pop("pool").close()

    return app


def _record_lag(app: faust.App, message: Any) -> None:
    try:
        tp = message.tp
        highwater = app.consumer.highwater(tp)
    except Exception:  # no metadata yet: lag is unknown, not zero
        return
    if highwater is not None:
        metrics.CONSUMER_LAG.labels(tp.topic, str(tp.partition)).set(
            max(0, highwater - message.offset - 1)
        )


def main_app() -> faust.App:
    return create_app(Settings.from_env())


_app: faust.App | None = None


def __getattr__(name: str) -> Any:
    # `faust -A workers.app worker` finds `app` here; it is built on first use so
    # that importing this module reads no environment and starts nothing.
    global _app
    if name == "app":
        if _app is None:
            _app = main_app()
        return _app
    raise AttributeError(name)
