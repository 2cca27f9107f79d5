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

Delivery is at least once, made idempotent where it can be: an event is acked
only when its work is done (`_held`), offsets are committed only after the
producer flushed, a redelivered input finds its story decision in the tables
(same record, same ids), and an input whose record the broker acknowledged is
skipped when the story stage replays it (the decision key is marked published). A
decision's table writes reach the changelog as one record batch, which the broker
appends whole or not at all: a worker restoring the tables after a crash finds each
decision with all of its story state or none of it (`TableStore`). A worker restarted on
its host keeps its local tables, which can be ahead of the changelog (a write reaches the
store at once, its changelog batch later): a replayed input whose decision is there but
not marked published writes that decision's keys again, as the store holds them, so they
reach the changelog too (`StoryIndex._write_again`; replays only).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import ctypes
import ctypes.util
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator, MutableMapping
from typing import Any

import faust
import orjson
from aiokafka import TopicPartition
from aiokafka.errors import ProducerClosed
from aiokafka.producer.message_accumulator import BatchBuilder
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from workers import metrics
from workers.envelope import INPUT_REASONS, InputError, RawInput
from workers.kafka import faust_credentials
from workers.pipeline import StoryStage, rejection
from workers.pool import ExtractionPool, prepare_serialised
from workers.records import Article, Origin, analysed_from_dict, to_json
from workers.settings import Settings

log = logging.getLogger(__name__)

_SESSION_TIMEOUT_S = 20.0
_HEARTBEAT_INTERVAL_S = 2.0
_PRODUCER_LINGER_S = 0.02
_COMMIT_INTERVAL_S = 0.3
# RocksDB memory per table (ignored by the in-memory store): memtables of 16 MB (two at
# most) and a 16 MB block cache, so at most 2 x (32 + 16) MB for both tables. Faust's
# defaults (64 MB x 3 and 2 GB) let a worker grow by gigabytes as its tables grow. Most
# lookups are of keys not there (bloom filters answer them) or of recent stories (still
# in the memtables); a 64 MB cache filled at ~1 MB a minute at 7 new stories a second and
# kept the worker's memory rising for an hour.
_TABLE_STORE_OPTIONS = {"write_buffer_size": 16 << 20, "max_write_buffer_number": 2,
                        "block_cache_size": 16 << 20}
# Header of the analysed topic's records carrying the page's fingerprint for dedup.
_PRINT_HEADER = "wirestream-print"
# Story records sent and not yet acknowledged by the broker, at most.
_MAX_UNCONFIRMED = 500
# Input pages buffered in the worker per pool process (and at least): see `extract_pages`.
_PAGES_BUFFERED_PER_PROCESS = 128
_MIN_PAGES_BUFFERED = 256
# How often the worker hands freed heap memory back to the system (see `_heap_trimmer`).
_TRIM_HEAP_EVERY_S = 30.0


class TableStore(MutableMapping[str, bytes]):
    """A Faust table seen as `MutableMapping[str, bytes]` (keys stored as UTF-8 bytes),
    whose changelog records are produced in one go by `flush`.

    Faust's own `table[key] = value` takes every write through its per-record machinery
    (the table's changelog hook, a `FutureMessage`, its producer buffer, a task that hands
    each one to aiokafka, a RocksDB write of the changelog offset on each acknowledgement):
    ~55 us of the event loop a record, at ~70 records a page most of the story stage's CPU
    (the stage alone on 398 pages at once, median of 11 runs: 6.4 ms a page that way, 2.5
    this way; fed at 35 pages/s 6.7 against 4.7). Here a write goes to the table's
    local store at once (reads see it) and its changelog record waits in order in
    `pending`; `flush` hands them all to the producer in one record batch, in write order
    (one partition: Kafka keeps the order; one batch: the broker appends all of it or
    none), and records the changelog offset once. The changelog holds
    exactly the records Faust would have written (same keys, values, tombstones,
    partition), so recovery and standby replicas are unchanged. Every write of the table
    must come through here (the story stage's tables do): a record left in Faust's buffer
    could reach the broker after a later one of ours.
    """

    def __init__(self, table: Any) -> None:
        self.table = table
        self.pending: list[tuple[bytes, bytes | None]] = []
        self._open_batch: Any = None  # the changelog batch later flushes may join

    def __getitem__(self, key: str) -> bytes:
        return self.table[key.encode()]

    def __setitem__(self, key: str, value: bytes) -> None:
        encoded = key.encode()
        self.table.data[encoded] = value
        self.pending.append((encoded, value))

    def __delitem__(self, key: str) -> None:
        encoded = key.encode()
        del self.table.data[encoded]
        self.pending.append((encoded, None))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.encode() in self.table

    def get(self, key: str, default: Any = None) -> Any:
        return self.table.get(key.encode(), default)

    def __iter__(self) -> Iterator[str]:
        return (key.decode() for key in self.table)

    def __len__(self) -> int:
        return len(self.table)

    async def flush(self) -> list[asyncio.Future]:
        """Produce the pending changelog records, in order, as one record batch; returns
        the acknowledgement of the batch (a list: empty when nothing was pending).

        Called inside the event that wrote them (the changelog partition is the event's,
        as Faust's own writes use). One batch is appended by the broker whole or not at
        all, so the changelog never ends inside a decision: see `_append_whole`."""
        if not self.pending:
            return []
        pending, self.pending = self.pending, []
        table = self.table
        topic = table.changelog_topic.get_topic_name()
        event = faust.current_event()
        if event is None:
            raise RuntimeError("table writes need a current event (the story stage's)")
        partition = event.message.partition
        if table.app.in_transaction:  # exactly-once (not what Wirestream sets): Faust's path
            return [table.send_changelog(partition, key, value) for key, value in pending]
        producer = table.app.producer._ensure_producer()
        tp = TopicPartition(topic, partition)
        try:
            await producer.client._wait_on_metadata(topic)  # at once once known
            acks, self._open_batch = _append_whole(producer, tp, pending, self._open_batch)
        except BaseException:  # cancelled or refused: nothing was queued, all stays pending
            self.pending[:0] = pending
            raise
        data = table.data

        def persisted(ack: asyncio.Future) -> None:
            # Faust's `_on_changelog_sent`, once for the last record: recovery after a
            # restart reads the changelog from here on.
            if not ack.cancelled() and ack.exception() is None:
                metadata = ack.result()
                data.set_persisted_offset(metadata.topic_partition, metadata.offset)

        acks[-1].add_done_callback(persisted)
        return acks


# A changelog batch takes the records of further flushes (decisions) while it waits for
# the producer (linger, a request in flight) up to this size; a new one starts beyond it.
_CHANGELOG_BATCH_BYTES = 256 << 10
# The most a changelog batch may hold: under the broker's default `max.message.bytes`
# (1 MB), which Faust's changelog topics keep. One flush larger than this (a decision
# never is: ~10 kB) is split, and loses its all-or-nothing.
_CHANGELOG_BATCH_LIMIT = 1_000_000


def _append_whole(producer: Any, tp: TopicPartition, records: list[tuple[bytes, bytes | None]],
                  open_batch: Any) -> tuple[list[asyncio.Future], Any]:
    """Queue `records` for `tp` in one record batch of aiokafka's producer; returns the
    future of the last record's metadata (one a batch, if a flush too large for one was
    split) and the batch, to pass back as `open_batch`.

    `producer.send` fills batches of `max_batch_size` (16 kB) and the sender takes one
    batch per partition into each produce request, so a decision's ~55 changelog records
    (~8 kB for a new story) were often split over two requests. A worker killed between
    them left the changelog ending inside a decision: its decision key (written first)
    without its story keys. The replacement replayed the input, found its decision (same
    record, published again) and wrote nothing, so a copy of the story decided after it
    became a second article (kill -9 test, new host: 1 failure in ~25 loaded runs; forced
    deterministically in tests/test_story_stage.py). A record batch is appended by the
    broker whole or not at all: with each flush inside one batch, a replacement finds a
    decision with all of its state or none of it (and then decides it again, the same).

    The batch goes behind the partition's queued batches (its order kept), without
    waiting for them as `send_batch` does. It takes the next flushes while it is still
    queued (the sender's linger), so decisions still share batches; appends never await,
    so the sender cannot take it half-filled."""
    accumulator = producer._message_accumulator
    # As `send` does: a batch queued in a closed producer or after its sender died is
    # never sent, and its futures never resolve.
    if accumulator._closed:
        raise ProducerClosed()
    if accumulator._exception is not None:
        raise copy.copy(accumulator._exception)
    queued = accumulator._batches.get(tp)
    size = sum(len(key) + len(value or b"") + 32 for key, value in records)
    batch = open_batch
    # Only our own batch, still queued and open (a batch the sender took and re-queued
    # for a retry is closed), takes more records.
    if (batch is None or not queued or queued[-1] is not batch or batch._builder.closed()
            or batch._builder.size() + size > _CHANGELOG_BATCH_BYTES):
        batch = _new_changelog_batch(accumulator, tp)
    acks: list[asyncio.Future] = []
    last = None
    for key, value in records:
        ack = batch.append(key, value, None)
        if ack is None:  # larger than a batch may be: the rest in the next one
            log.warning("changelog flush of %d records (%d bytes) split over batches",
                        len(records), size)
            if last is not None:  # the full batch fails or succeeds with its last record
                acks.append(last)
            batch = _new_changelog_batch(accumulator, tp)
            ack = batch.append(key, value, None)
        last = ack
    assert last is not None
    acks.append(last)
    return acks, batch


def _new_changelog_batch(accumulator: Any, tp: TopicPartition) -> Any:
    builder = BatchBuilder(_CHANGELOG_BATCH_LIMIT, accumulator._compression_type)
    return accumulator._append_batch(builder, tp)


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
        # A worker killed without leaving the group (kill -9, OOM, lost host) holds its
        # partitions until this expires; Faust's 60 s default stalls the story stage that
        # long. Heartbeats come from the consumer thread, never blocked by extraction.
        # Faust's own BROKER_SESSION_TIMEOUT / BROKER_HEARTBEAT_INTERVAL variables override.
        broker_session_timeout=_SESSION_TIMEOUT_S,
        broker_heartbeat_interval=_HEARTBEAT_INTERVAL_S,
        # A page writes ~100 changelog records; with Faust's default linger of 0 each went
        # out in its own produce request (half the worker's CPU in the profile).
        producer_linger=_PRODUCER_LINGER_S,
        # Faust commits every 2.8 s by default. A story-stage owner killed before its first
        # commit left the survivor with no committed offset for the analysed partition, and
        # the survivor then skipped the records already there (failover test: 2 of 5 runs
        # lost the copies; 0 of 6 at 0.3 s). Each commit also flushes the producer, so a
        # short interval bounds how much a crash publishes again. Env: BROKER_COMMIT_INTERVAL.
        broker_commit_interval=_COMMIT_INTERVAL_S,
    )
    _hold_stream_records_while_rebalancing(app)
    _replay_standby_changelogs_in_batches(app)
    topics = settings.topics
    raw_topic = app.topic(topics.raw, key_type=bytes, value_type=bytes)
    analysed_topic = app.topic(topics.analysed, key_type=bytes, value_type=bytes, partitions=1)
    clean_topic = app.topic(topics.clean, key_type=bytes, value_type=bytes)
    duplicates_topic = app.topic(topics.duplicates, key_type=bytes, value_type=bytes)
    rejected_topic = app.topic(topics.rejected, key_type=bytes, value_type=bytes)

    # Every table lives on the single partition of the analysed topic.
    stories = app.Table("stories", partitions=1, key_type=bytes, value_type=bytes,
                        options=dict(_TABLE_STORE_OPTIONS))
    boilerplate = app.Table("site-boilerplate", partitions=1, key_type=bytes, value_type=bytes,
                            options=dict(_TABLE_STORE_OPTIONS))
    table_stores = [TableStore(stories), TableStore(boilerplate)]
    stage = StoryStage(*table_stores, settings)

    async def flush_tables() -> list[asyncio.Future]:
        """The changelog records the story stage wrote since the last flush, produced.

        An event's offset may be committed only once its decision's records are on the
        broker too (awaited with its story record below): a worker killed under load must
        not lose a decision's story keys with its offset committed (the copy that followed
        became a second article, kill -9 test)."""
        acks: list[asyncio.Future] = []
        for store in table_stores:
            acks += await store.flush()
        return acks

    pool_holder: dict[str, ExtractionPool] = {}
    stopping = asyncio.Event()
    assignment: dict[str, list[int]] = {}

    def pool() -> ExtractionPool:
        if "pool" not in pool_holder:
            pool_holder["pool"] = ExtractionPool(settings, task=prepare_serialised)
        return pool_holder["pool"]

    async def publish(topic: Any, key: str, record: Any, acked: bool = False) -> None:
        sent = await topic.send(key=key.encode(), value=to_json(record))
        if acked:
            await sent  # until the broker has it (acks=all)
        metrics.RECORDS_OUT.labels(topic.get_topic_name()).inc()

    async def analyse_event(event: Any) -> None:
        async with _held(event):
            await _analyse_event(event)

    async def _analyse_event(event: Any) -> None:
        message = event.message
        origin = Origin(
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            key=message.key.decode("utf-8", "replace") if message.key else None,
            timestamp=message.timestamp,
        )
        metrics.PAGES_IN.inc()
        # Parsed in the pool too: the envelope's JSON is most of this loop's cost otherwise.
        raw = RawInput(message.value, message.key, origin, settings.extract.max_html_bytes)
        started = time.perf_counter()
        outcome = await pool().analyse(raw)
        if stopping.is_set():
            raise asyncio.CancelledError("worker is shutting down")
        if not (isinstance(outcome, InputError) and outcome.reason in INPUT_REASONS):
            metrics.EXTRACTION_SECONDS.observe(time.perf_counter() - started)
        if isinstance(outcome, InputError):
            metrics.REJECTS.labels(outcome.reason).inc()
            record = rejection(outcome, origin, message.value, settings, message.key)
            await publish(rejected_topic, origin.input_id, record)
        else:
            # Serialised in the pool; the fingerprint rides along in a header: the story
            # stage does not recompute it.
            await analysed_topic.send(key=origin.input_id.encode(), value=outcome.value,
                                      headers={_PRINT_HEADER: outcome.page_print})
        _record_lag(app, message)

    # Several concurrent consumers of the stream keep every pool process busy; each
    # event is acked when its own page is done (Faust commits up to the first gap).
    # Not `take_events`: it dropped events under restarts in our kill -9 tests, and
    # acks a whole batch even when it was interrupted.
    @app.agent(raw_topic, name="extract_pages",
               concurrency=max(2, settings.resolved_pool_size() * 2))
    async def extract_pages(stream: faust.StreamT) -> None:
        async for event in stream.events():
            await analyse_event(event)

    # Input pages waiting in the worker for the pool, at most. Faust's default is 4096 events
    # a stream (STREAM_BUFFER_MAXSIZE, which also sizes table recovery's queue): over 1 GB
    # of 0.3 MB pages when a worker starts behind a backlog. Fetching from a partition pauses
    # while its stream is this full and resumes below 40%, which takes Faust's fetcher up
    # to a second: 128 pages a pool process are ~4 s of work. (The agent has its own copy
    # of the topic: `app.topic(maxsize=)` does not reach it.)
    extract_pages.channel.maxsize = max(_MIN_PAGES_BUFFERED, _PAGES_BUFFERED_PER_PROCESS
                                        * settings.resolved_pool_size())

    async def decide(event: Any) -> tuple[str, Any] | None:
        """Decide one analysed page and send its record and its table writes; returns the
        input id and the future of their acknowledgements (None when nothing waits)."""
        item = analysed_from_dict(orjson.loads(event.value))
        input_id = item.origin.input_id
        now = time.time()
        _record_lag(app, event.message)
        if stage.was_published(input_id):
            # Replayed after a crash or a rebalance (or delivered twice by Faust's
            # fetcher at start-up): its record is on the broker already.
            metrics.STORY_DECISIONS.labels("redelivery_skipped").inc()
            log.info("input %s was published already; replay skipped", input_id)
            return None
        try:
            result = stage.handle(item, now, _header(event, _PRINT_HEADER))
        except Exception as error:  # a bug must not stall the single story partition
            log.exception("story stage failed on %s", input_id)
            failure = InputError("story_stage_failed", f"{type(error).__name__}: {error}"[:2000],
                                 item.extracted.url)
            metrics.REJECTS.labels(failure.reason).inc()
            # The raw page was consumed upstream: keep the extracted record instead.
            await publish(rejected_topic, input_id,
                          rejection(failure, item.origin, event.value, settings), acked=True)
            return None
        metrics.STORY_DECISIONS.labels(_decision_kind(result)).inc()
        # The decision's table writes (and marks of earlier inputs) go to the producer
        # before its record: a record on the broker has its decision there too, unless
        # the broker failed one of them (then the event is not acknowledged).
        table_writes = await flush_tables()
        topic = clean_topic if isinstance(result, Article) else duplicates_topic
        sent = await topic.send(key=result.story_id.encode(), value=to_json(result))
        metrics.RECORDS_OUT.labels(topic.get_topic_name()).inc()
        return input_id, asyncio.gather(sent, *table_writes)

    # The story stage does not wait for the broker page by page (with the producer's
    # linger that capped it at ~40 pages/s): an event stays unacknowledged, so its offset
    # uncommitted, until the broker has acknowledged its record; then its input is marked
    # published, by the next event (table writes need one). A crash in between publishes
    # the same record again: at least once, with the same ids.
    confirmed: list[str] = []
    unconfirmed: set[Any] = set()
    failed: list[BaseException] = []

    def on_sent(event: Any, input_id: str) -> Any:
        def done(sent: Any) -> None:
            unconfirmed.discard(sent)
            error = (asyncio.CancelledError("send cancelled") if sent.cancelled()
                     else sent.exception())
            if error is not None:
                log.error("record of input %s was not published (%r); its offset stays "
                          "uncommitted", input_id, error)
                failed.append(error)
                return
            confirmed.append(input_id)
            event.ack()  # ours: once the stream's is gone too, its offset may be committed
        return done

    @app.agent(analysed_topic, name="decide_stories")
    async def decide_stories(stream: faust.StreamT) -> None:
        async for event in stream.events():
            async with _held(event):
                if failed:  # this event stays unacknowledged too
                    raise failed[0]
                while confirmed:
                    stage.mark_published(confirmed.pop())
                # A lost mark only publishes the same record again: marks go out with
                # the next decision's writes, not waited for on their own.
                outcome = await decide(event)
                await flush_tables()  # what a failed decision wrote, marks of a skipped one
                if outcome is not None:
                    # Acknowledged once its record and its table writes are on the broker.
                    input_id, written = outcome
                    event.message.incref()  # released by the broker's acknowledgement
                    unconfirmed.add(written)
                    written.add_done_callback(on_sent(event, input_id))
            while len(unconfirmed) >= _MAX_UNCONFIRMED:
                await asyncio.wait(list(unconfirmed), return_when=asyncio.FIRST_COMPLETED)
            # A small step of expiry (stories past the window, site boilerplate not seen
            # for 30 days) after every decision: at most `DedupSettings.expiry_step_keys`
            # listed keys a table (1-2 ms on RocksDB when there is work, one read when
            # there is none), so expiry keeps pace with the writes at any decision rate,
            # where a fixed pace of steps fell behind a fast stage and hours of keys at
            # once blocked decisions. Inside the event: deletions need a current event
            # for the changelog.
            try:
                removed = stage.expire(time.time())
            except Exception:  # a bug in expiry must not stall every later decision
                log.exception("expiry step failed; decisions go on")
                removed = 0
            if removed:
                log.debug("forgot %d expired story entries", removed)
            await flush_tables()  # expiry's deletions: not waited for

    @app.on_partitions_assigned.connect
    async def remember_assignment(app: faust.App, assigned: Any, **kwargs: Any) -> None:
        by_topic: dict[str, list[int]] = {}
        for tp in assigned:
            by_topic.setdefault(tp.topic, []).append(tp.partition)
        for topic in set(assignment) | set(by_topic):
            metrics.ASSIGNED_PARTITIONS.labels(topic).set(len(by_topic.get(topic, ())))
        assignment.clear()
        assignment.update({topic: sorted(parts) for topic, parts in by_topic.items()})
        # Lag of partitions now owned by another worker is not ours to report.
        for topic, partition in list(_lag_labels()):
            if partition not in assignment.get(topic, []):
                metrics.CONSUMER_LAG.remove(topic, str(partition))
        # Offsets seen before a rebalance may be replayed by whoever owns them now.
        _processed.clear()

    @app.page("/health")
    async def health(web: Any, request: Any) -> Any:
        # 200 while the worker runs; `stopping` once it shuts down. Which partitions it
        # owns says whether it takes part in the input and the story stage right now.
        return web.json({
            "status": "stopping" if stopping.is_set() else "ok",
            "app": settings.app_id,
            "rebalancing": bool(app.rebalancing),
            "input_partitions": assignment.get(topics.raw, []),
            "story_stage": bool(assignment.get(topics.analysed)),
            "assignment": assignment,
        })

    @app.page("/metrics")
    async def prometheus(web: Any, request: Any) -> Any:
        body = generate_latest(metrics.REGISTRY)
        return web.bytes(body, content_type=CONTENT_TYPE_LATEST.split(";")[0])

    trim_heap = _heap_trimmer()
    if trim_heap is not None:
        @app.timer(_TRIM_HEAP_EVERY_S)
        async def release_free_heap() -> None:
            started = time.perf_counter()
            trim_heap()
            log.debug("heap trimmed in %.1f ms", (time.perf_counter() - started) * 1000)

    @app.on_before_shutdown.connect
    async def close_pool(app: faust.App, **kwargs: Any) -> None:
        # Pages still in the pool are neither published nor acked: they are
        # processed again after a restart (at-least-once), never lost.
        stopping.set()
        if "pool" in pool_holder:
            pool_holder.pop("pool").close()

    return app


# How often the fetcher looks again while stream records are held back.
_REBALANCE_POLL_S = 0.1


def _hold_stream_records_while_rebalancing(app: faust.App) -> None:
    """Hand out input records only once Faust has finished a rebalance, and restart
    input partitions without a committed offset from their beginning.

    faust-streaming 0.15.3 (`Recovery.on_recovery_completed`) resumes the stream
    partitions, then awaits the seek to the committed offsets, then calls
    `flow_control.resume()`, which empties every stream queue. A worker that had
    to restore its tables already runs its fetcher by then, so records fetched
    around the seek land in those queues and are thrown away, while aiokafka's
    position and Faust's read offset have moved past them (aiokafka's
    `seek_to_committed` leaves a partition without a committed offset where it
    is), so they are not fetched again. With no earlier commit Faust then
    commits the later pages' offsets past them (inputs lost); with one, the
    partition's commits stall behind them until the next rebalance.

    While Faust rebalances, only changelog records (table recovery) are fetched;
    input records wait in aiokafka's buffer and flow after `on_rebalance_end`,
    from the committed position. Gap tracking (transaction markers, compacted
    topics) is untouched.

    The same emptied queues (and Faust's fetcher, which drops a fetched batch when flow
    stops) lose records fetched from a partition nobody has committed yet (taken over
    from a worker killed before its first commit, or new): Faust's seek moves only
    partitions with a committed offset back. Input partitions without one are sought
    to their beginning (what "no committed offset" means with `earliest`): inputs
    already done there come again and get their first decision (at least once).
    """
    new_consumer = app._new_consumer

    def consumer_holding_stream_records() -> Any:
        consumer = new_consumer()
        getmany = consumer._getmany
        seek_to_committed = consumer.seek_to_committed

        async def _getmany(active_partitions: Any, timeout: float) -> Any:
            if active_partitions is not None and app.rebalancing:
                active_partitions = {tp for tp in active_partitions
                                     if consumer._is_changelog_tp(tp)}
                if not active_partitions:
                    # aiokafka reads an empty set as "every partition".
                    await asyncio.sleep(_REBALANCE_POLL_S)
                    return {}
            return await getmany(active_partitions=active_partitions, timeout=timeout)

        async def _seek_to_committed() -> Any:
            committed = await seek_to_committed()
            # aiokafka seeks only offsets above 0: None (no commit) and 0 stay where
            # the fetcher was.
            uncommitted = [tp for tp, offset in committed.items()
                           if not offset and not consumer._is_changelog_tp(tp)]
            if uncommitted:
                log.info("input partitions without a committed offset start from their "
                         "beginning: %s", ", ".join(f"{tp.topic}[{tp.partition}]"
                                                   for tp in sorted(uncommitted)))
                await consumer._thread.seek_to_beginning(*uncommitted)
            return committed

        verify_event_path = consumer.verify_event_path

        def _verify_event_path(now: float, tp: Any) -> Any:
            # Faust's livelock check (every 2.5 commit intervals: 0.75 s here) reads
            # aiokafka's position, which asserts while a partition just sought to its
            # beginning awaits its reset: the check crashed the consumer, and the worker
            # with it (1 of ~10 two-worker start-ups). The check only logs; skip it then.
            try:
                return verify_event_path(now, tp)
            except AssertionError:
                return None

        consumer._getmany = _getmany
        consumer.seek_to_committed = _seek_to_committed
        consumer.verify_event_path = _verify_event_path
        return consumer

    app._new_consumer = consumer_holding_stream_records


class _ChangelogRecord:
    """A fetched changelog record as `Store.apply_changelog_batch` reads an event (the
    event is its own message; keys and values are raw bytes, as the tables' serialisers)."""

    __slots__ = ("key", "offset", "partition", "tp", "value")

    def __init__(self, tp: Any, record: Any) -> None:
        self.tp = tp
        self.partition = tp.partition
        self.offset = record.offset
        self.key = record.key
        self.value = record.value

    @property
    def message(self) -> _ChangelogRecord:
        return self


def _replay_standby_changelogs_in_batches(app: faust.App) -> None:
    """Write standby replicas' changelog records to their tables a fetched batch at a time.

    A worker that keeps a standby replica of the tables replays every changelog record the
    story stage writes (~65 a page). faust-streaming 0.15.3 takes each one through its
    per-event machinery (a `Message`, two tasks in `Consumer.wait_first`, the conductor,
    an `Event`, the recovery queue and a task in `asyncio.wait_for`) before it buffers it
    for a RocksDB batch: ~60 us of the event loop a record, 4.4 ms a page, against
    ~0.2 ms for the batch write itself. Once Faust's standbys are ready and everything
    Faust delivered for a standby partition has reached its recovery buffer, fetched
    records of that partition go straight into `Store.apply_changelog_batch` (what
    Faust's recovery calls, which also persists the offset a takeover restarts from), and
    Faust's standby offset moves with them. Anything else (active recovery, rebalances,
    standbys still catching up, a table with a changelog callback) stays on Faust's path.
    """
    new_consumer = app._new_consumer

    def consumer_applying_standby_batches() -> Any:
        consumer = new_consumer()
        getmany = consumer._getmany
        batched: set[Any] = set()  # partitions said to be on this path (logged once)

        async def _getmany(active_partitions: Any, timeout: float) -> Any:
            records = await getmany(active_partitions=active_partitions, timeout=timeout)
            if not records or app.rebalancing or not app.tables.standbys_ready:
                return records
            recovery = app.tables.recovery
            for tp in [tp for tp in records if tp in recovery.standby_tps]:
                table = recovery.tp_to_table.get(tp)
                seen = recovery.standby_offsets.get(tp)
                delivered = consumer._read_offset.get(tp)
                # Faust's queue may still hold records it delivered: leave it the batch.
                if (table is None or table._on_changelog_event is not None or seen is None
                        or delivered is None or seen < delivered):
                    continue
                batch = [_ChangelogRecord(tp, record) for record in records.pop(tp)]
                if not batch:
                    continue
                # Older records Faust buffered go first.
                buffered = recovery.buffers.get(table)
                if buffered:
                    table.apply_changelog_batch(buffered)
                    buffered.clear()
                if tp not in batched:
                    batched.add(tp)
                    log.info("standby replica %s[%d] applied a fetched batch at a time from "
                             "offset %d", tp.topic, tp.partition, batch[0].offset)
                table.apply_changelog_batch(batch)
                last = batch[-1].offset
                recovery.standby_offsets[tp] = last
                consumer._read_offset[tp] = last
            return records

        consumer._getmany = _getmany
        return consumer

    app._new_consumer = consumer_applying_standby_batches


@contextlib.asynccontextmanager
async def _held(event: Any) -> AsyncIterator[None]:
    """Keep `event` unacknowledged unless its processing completes.

    Faust acks an event in a `finally` when its stream moves on or is closed, and
    `take_events` acks a whole batch the same way: a worker stopped (SIGTERM,
    rebalance) in the middle of a page would commit its offset with nothing
    published. One extra reference, dropped only on success, makes that final ack
    a no-op, so the page is processed again after the restart.
    """
    message = event.message
    message.incref()
    yield
    message.decref()


def _heap_trimmer() -> Callable[[], int] | None:
    """glibc's `malloc_trim(0)`, or None where the C library has none (musl, macOS).

    Every page passes through the worker as large, short-lived buffers (fetch responses of
    megabytes decoded in Faust's consumer thread, 0.3 MB page values, the pickles sent to
    the pool). glibc keeps what they free in its arenas and, with its sliding mmap
    threshold, serves later big buffers from those arenas too, so the worker's resident
    memory crept up (soak at 7 pages/s: 307 -> 377 MB in 12 minutes, 97 of glibc's 178 MB
    free; with trimming every 30 s, side by side: 289 -> 333 MB). Trimming returns the free
    pages to the system.
    """
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return lambda: trim(0)


def _header(event: Any, name: str) -> bytes | None:
    headers = getattr(event, "headers", None) or {}
    value = headers.get(name) if isinstance(headers, dict) else dict(headers).get(name)
    return value if isinstance(value, bytes) else None


def _decision_kind(result: Article | Any) -> str:
    if isinstance(result, Article):
        return "new" if result.version <= 1 else "version"
    return str(result.kind)


def _lag_labels() -> list[tuple[str, int]]:
    labels = []
    for metric in metrics.CONSUMER_LAG.collect():
        for sample in metric.samples:
            labels.append((sample.labels["topic"], int(sample.labels["partition"])))
    return labels


# The furthest offset processed per partition: pages of a batch finish in any order.
_processed: dict[Any, int] = {}


def _record_lag(app: faust.App, message: Any) -> None:
    try:
        tp = message.tp
        highwater = app.consumer.highwater(tp)
    except Exception:  # no metadata yet: lag is unknown, not zero
        return
    offset = max(message.offset, _processed.get(tp, -1))
    _processed[tp] = offset
    if highwater is not None:
        metrics.CONSUMER_LAG.labels(tp.topic, str(tp.partition)).set(
            max(0, highwater - offset - 1)
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
