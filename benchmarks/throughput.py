#!/usr/bin/env python3
"""Throughput, latency and memory of Wirestream against bare trafilatura, in one run.

    .venv/bin/python benchmarks/throughput.py                    # everything, 400 pages
    .venv/bin/python benchmarks/throughput.py --pages 120 --skip-stream
    .venv/bin/python benchmarks/throughput.py --soak 5           # + 5 minutes of memory soak
    .venv/bin/python benchmarks/throughput.py --profile /tmp/prof  # + py-spy of one worker
    .venv/bin/python benchmarks/throughput.py --skip-stream --bare-pair  # + two bare loops at once
    .venv/bin/python benchmarks/throughput.py --skip-process --preloaded  # + preloaded stream rows

All runs use the same pages: all of `../shared/corpus/fundus` (257) topped up with an
evenly spread slice of `../shared/corpus/trafilatura-eval`, shuffled with a fixed seed.
Rows (pages/s is end to end over the whole set; "x bare" divides by the bare loop):

- `bare trafilatura`: `trafilatura.extract(html, url=url, with_metadata=True)` in a
  loop on one core; latency is the time of one call.
- `bare trafilatura x2` (`--bare-pair`): two such loops at once, one per core; their
  CPU per page against the single loop's shows what two busy cores cost each other
  (shared caches, the host): the ceiling for `process --jobs 2`.
- `process --jobs N`: `workers.batch.process_files` on a JSON-lines file of envelopes,
  exactly what `wirestream process` runs (pool start included). Latency is from the
  moment the input line is read to the moment its record is written (pages wait in the
  pool's bounded in-flight queue, so this is queueing plus work).
- `stream, W worker(s)`: W real `wirestream worker` processes (pool size 1 each, input
  topic of 2 partitions, isolated topic names) on a Kafka broker. After a warm-up (group
  join, first pages), all pages are produced at once; pages/s is pages / (last output's
  Kafka timestamp - first input's Kafka timestamp). Latency is produce-to-publish: the
  output record's Kafka timestamp minus its input record's Kafka timestamp (both
  CreateTime, set by the producing client on this machine; outputs are matched to
  inputs by URL). In a burst run this is mostly time spent queued in the topic.
- `stream, 1 worker (pool N)`: one worker with one extraction process per core (N, what
  `WIRESTREAM_POOL_SIZE=0` gives), as the burst rows: the default deployment, N
  processes extracting while the worker's own loop runs the story stage (`--no-pool-row`
  skips it).
- `stream, ..., preloaded` (`--preloaded`, after each burst row): the same deployment
  and warm-up, then the workers frozen (SIGSTOP) while all pages are produced, resumed,
  and the benchmark idle (completion from the output topics' end offsets) until all
  are out: the processing rate of workers with a backlog, without the benchmark's own
  producer and reader on the same cores. pages/s is (pages - 1) / (last output's Kafka
  timestamp - first output's); CPU per page from the first output seen to completion;
  no latency (it would be time queued in the topic). The freeze lasts as long as
  producing the pages takes; past the group's session timeout (20 s) it would cause a
  rebalance, which the row reports.
- `stream, paced 80%`: one worker, pages produced at a steady 80% of the one-worker
  rate just measured: the latency figure for the "p99 under 2 s" target.
- `story stage alone` (`--story-stage [RATE ...]`): one worker fed the pages' analysed
  records (extracted in this process beforehand, fingerprint header included) on its
  analysed topic, all at once or at RATE pages/s: its pool never starts, so its CPU a
  page is the story stage's own (consume, decide, table changelogs, publish).

Each bare/process row runs in a fresh child process. Peak memory per process is the
kernel's high-water mark (VmHWM) or the highest sampled RSS (sampled every 0.25 s):
`main` is the process that reads input (the worker, or `process`'s parent), `pool`
the largest single pool process; `PSS all` the highest sum of proportional set sizes
over all of them (forked pool processes share pages with their parent, so RSS sums
would count those twice).
CPU ms/page splits CPU time between the main process and the pool processes.

Streaming needs a broker: KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:9092. Start a private
one with
    KAFKA_PORT=39092 KAFKA_CONTROLLER_PORT=39093 KAFKA_STATE_DIR=/tmp/kafka-bench \\
        bash scripts/kafka/kafka.sh start
and run with KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:39092. Stream runs are bounded by
--stream-timeout; their workers are stopped and their topics deleted afterwards.

`--soak MINUTES` runs one worker for that long on pages recirculated with new URLs and
a marker word inserted every few words (so each copy is a new story and the story
index grows), paced at 80% of the one-worker rate, sampling RSS every 30 s: steady
memory per process, growth, and bytes per indexed story.

`--profile DIR` records the one-worker burst run with py-spy (worker and pool
processes) into DIR/worker.pyspy.txt and prints where the time goes per process role.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import orjson  # noqa: E402
import psutil  # noqa: E402
from common import mixed_pages  # noqa: E402

PARTITIONS = 2
WARMUP_PAGES = 4
# Extra environment of every stream worker (--env).
WORKER_ENV: dict[str, str] = {}


# ---------------------------------------------------------------- measurement helpers


@dataclass
class Row:
    name: str
    pages: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    rss_main_mb: float = 0.0
    rss_pool_mb: float = 0.0
    rss_total_mb: float = 0.0
    cpu_main_ms: float | None = None
    cpu_pool_ms: float | None = None
    outcomes: dict[str, int] = field(default_factory=dict)
    note: str = ""
    # Pool processes working at once (jobs, or workers x pool size).
    pool_processes: int = 0
    # Stream runs: CPU of the local broker and of this benchmark's producer/reader.
    cpu_broker_ms: float | None = None
    cpu_harness_ms: float | None = None
    # Stream runs: [records, bytes] written to each topic of the deployment (incl. warm-up).
    topic_records: dict[str, list[int]] = field(default_factory=dict)
    # `process` runs: seconds until the first record was written (loading extraction and
    # tagging data, forking the pool, the first page), and pages/s and CPU ms/page (main /
    # pool) from the first record to the last, once the pool runs: what a long backfill sees.
    startup_s: float | None = None
    # `process` runs: wall and CPU seconds of `pool.warm_up` in the parent (loading
    # extraction and tagging data before the pool forks), part of the start-up.
    warm_up_s: list[float] | None = None
    steady_rate: float | None = None
    steady_cpu_ms: list[float] | None = None
    # Preloaded stream runs: pages/s counts the intervals between the first and the last
    # output's timestamps (pages - 1), not `pages`.
    rate_pages: int | None = None

    @property
    def rate(self) -> float:
        pages = self.pages if self.rate_pages is None else self.rate_pages
        return pages / self.seconds if self.seconds > 0 else 0.0

    @property
    def pool_busy(self) -> float | None:
        """Share of the run's wall time the pool processes spent on CPU."""
        if not self.pool_processes or not self.cpu_pool_ms or self.seconds <= 0:
            return None
        return self.cpu_pool_ms * self.rate / 1000 / self.pool_processes


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _hwm_mb(process: psutil.Process) -> float:
    """The kernel's peak resident set of a live process (VmHWM), in MB."""
    try:
        with open(f"/proc/{process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class TreeSampler:
    """Samples RSS and CPU of process trees (roots and their descendants) in a thread."""

    def __init__(self, roots: list[int], interval: float = 0.25) -> None:
        self.roots = [psutil.Process(pid) for pid in roots]
        self.interval = interval
        self.peak: dict[int, float] = {}
        self.role: dict[int, str] = {}
        self.cpu: dict[int, float] = {}
        self.peak_total = 0.0
        self.last_pss = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def processes(self) -> list[tuple[psutil.Process, str]]:
        found = []
        for root in self.roots:
            with contextlib.suppress(psutil.Error):
                found.append((root, "main"))
                found += [(child, "pool") for child in root.children(recursive=True)]
        return found

    def sample(self) -> dict[int, float]:
        """One sample: RSS (MB) of every live process in the trees, peaks updated."""
        now: dict[int, float] = {}
        proportional = 0.0
        for process, role in self.processes():
            try:
                memory = process.memory_full_info()
                times = process.cpu_times()
                hwm = _hwm_mb(process)
            except psutil.Error:
                continue
            rss = memory.rss / 2**20
            now[process.pid] = rss
            # Forked pool processes share pages with their parent: the tree's real memory
            # is the sum of proportional set sizes, not of resident sets.
            proportional += getattr(memory, "pss", memory.rss) / 2**20
            self.role[process.pid] = role
            self.cpu[process.pid] = times.user + times.system
            self.peak[process.pid] = max(self.peak.get(process.pid, 0.0), rss, hwm)
        self.last_pss = proportional
        self.peak_total = max(self.peak_total, proportional)
        return now

    def cpu_by_role(self) -> dict:
        """CPU seconds so far by role ("main", "pool"), and by pid of each main process."""
        totals: dict = defaultdict(float)
        for pid, seconds in self.cpu.items():
            totals[self.role[pid]] += seconds
            if self.role[pid] == "main":
                totals[pid] = seconds
        return totals

    def peaks(self) -> tuple[float, float, float]:
        main = max((mb for pid, mb in self.peak.items() if self.role[pid] == "main"), default=0)
        pool = max((mb for pid, mb in self.peak.items() if self.role[pid] == "pool"), default=0)
        return main, pool, self.peak_total


# ---------------------------------------------------------------- bare and process (child)


def child_main(args: argparse.Namespace) -> int:
    """Run one bare/process measurement in this (fresh) process; write the Row as JSON."""
    with open(args.input, "rb") as handle:
        lines = [line for line in handle if line.strip()]
    if args.child == "bare":
        row = _bare(lines)
    else:
        row = _process(args.input, len(lines), args.jobs, args.child == "process-prewarmed")
    Path(args.result).write_bytes(orjson.dumps(asdict(row)))
    return 0


def _bare(lines: list[bytes]) -> Row:
    import trafilatura

    envelopes = [orjson.loads(line) for line in lines]
    latencies = []
    with TreeSampler([os.getpid()]) as sampler:
        cpu_before = time.process_time()
        started = time.perf_counter()
        produced = 0
        for envelope in envelopes:
            begin = time.perf_counter()
            text = trafilatura.extract(envelope["html"], url=envelope["url"], with_metadata=True)
            latencies.append((time.perf_counter() - begin) * 1000)
            produced += text is not None
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_before
        sampler.sample()
    main, _, total = sampler.peaks()
    return Row("bare trafilatura (1 core)", len(envelopes), seconds, latencies, main, 0.0, total,
               cpu / len(envelopes) * 1000, 0.0,
               {"with text": produced, "none": len(envelopes) - produced})


def _prewarm(settings) -> None:
    """Run the pool's work once in this process before the pool forks, so the pool
    processes inherit loaded models and caches (an experiment for a proposed change)."""
    import gzip

    from workers.pipeline import analyse_page
    from workers.records import Origin, Page

    for folder in sorted((ROOT / "tests" / "pages").glob("*/page.html.gz")):
        html = gzip.decompress(folder.read_bytes()).decode("utf-8", "replace")
        url = json.loads((folder.parent / "expected.json").read_text()).get("url") or \
            "https://example.org/warm-up"
        analyse_page(Page(url, html, Origin("warm-up", 0, 0)), settings)


def _process(path: str, count: int, jobs: int, prewarm: bool = False) -> Row:
    import workers.batch as batch
    from workers.pool import warm_up
    from workers.settings import Settings

    settings = Settings.from_env()
    if prewarm:
        _prewarm(settings)
    read_at: list[float] = []
    done_at: list[float] = []
    original_iter = batch.iter_messages

    def timed_messages(paths):  # records when each input line is read
        for message in original_iter(paths):
            read_at.append(time.perf_counter())
            yield message

    batch.iter_messages = timed_messages
    cpu_at_end: dict[str, float] = {}
    cpu_at_first: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="wirestream-bench-") as out, \
            TreeSampler([os.getpid()]) as sampler:
        cpu_start = sampler.cpu_by_role()
        started = time.perf_counter()
        # What `process_files` does first (its pool then finds the parent warm), timed
        # on its own; the run's seconds still include it.
        warm_cpu = time.process_time()
        warm_up(settings)
        warm_up_s = [time.perf_counter() - started, time.process_time() - warm_cpu]

        def on_record() -> None:
            done_at.append(time.perf_counter())
            if len(done_at) == 1:
                sampler.sample()
                cpu_at_first.update(sampler.cpu_by_role())
            if len(done_at) == count:  # the pool is still alive: read its CPU time now
                sampler.sample()
                cpu_at_end.update(sampler.cpu_by_role())

        summary = batch.process_files([path], out, settings, jobs=jobs, on_record=on_record)
    batch.iter_messages = original_iter
    latencies = [(done - read) * 1000 for read, done in zip(read_at, done_at, strict=True)]
    main, pool, total = sampler.peaks()
    cpu_main = cpu_at_end.get("main", 0.0) - cpu_start.get("main", 0.0)
    cpu_pool = cpu_at_end.get("pool", 0.0) - cpu_start.get("pool", 0.0)
    outcomes = {"articles": summary.articles, "duplicates": summary.duplicates,
                "rejected": summary.rejected}
    name = f"process --jobs {jobs}" + (" (pool forked pre-warmed)" if prewarm else "")
    row = Row(name, summary.total, summary.seconds + warm_up_s[0], latencies, main, pool,
              total, cpu_main / count * 1000, cpu_pool / count * 1000, outcomes,
              pool_processes=jobs)
    row.warm_up_s = warm_up_s
    if len(done_at) > 1:
        row.startup_s = done_at[0] - started
        row.steady_rate = (len(done_at) - 1) / (done_at[-1] - done_at[0])
        row.steady_cpu_ms = [(cpu_at_end.get(role, 0.0) - cpu_at_first.get(role, 0.0))
                             / (len(done_at) - 1) * 1000 for role in ("main", "pool")]
    return row


def run_child(mode: str, jsonl: Path, jobs: int = 1) -> Row:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result = Path(handle.name)
    try:
        command = [sys.executable, __file__, "--child", mode, "--input", str(jsonl),
                   "--jobs", str(jobs), "--result", str(result)]
        subprocess.run(command, check=True, cwd=ROOT)
        data = orjson.loads(result.read_bytes())
    finally:
        result.unlink(missing_ok=True)
    return Row(**data)


def run_bare_pair(jsonl: Path, copies: int = 2) -> Row:
    """`copies` bare loops at once, one per core: what the hardware gives two independent
    extraction processes (their CPU per page rises when both cores are busy), the honest
    ceiling for `process --jobs 2` rather than twice the one-core loop."""
    results = []
    children = []
    try:
        for _ in range(copies):
            with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
                results.append(Path(handle.name))
            children.append(subprocess.Popen(
                [sys.executable, __file__, "--child", "bare", "--input", str(jsonl),
                 "--result", str(results[-1])], cwd=ROOT))
        for child in children:
            if child.wait() != 0:
                raise subprocess.CalledProcessError(child.returncode, child.args)
        rows = [Row(**orjson.loads(path.read_bytes())) for path in results]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
        for path in results:
            path.unlink(missing_ok=True)
    pages = sum(row.pages for row in rows)
    return Row(f"bare trafilatura x{copies} (loops at once)", pages,
               max(row.seconds for row in rows),
               [ms for row in rows for ms in row.latencies_ms],
               max(row.rss_main_mb for row in rows), 0.0, sum(row.rss_total_mb for row in rows),
               sum((row.cpu_main_ms or 0.0) * row.pages for row in rows) / pages, 0.0,
               {k: sum(row.outcomes.get(k, 0) for row in rows) for k in rows[0].outcomes},
               note=f"CPU ms/page each: {', '.join(f'{row.cpu_main_ms:.1f}' for row in rows)}")


# ---------------------------------------------------------------- streaming through Kafka


_STARTED: list = []


def _stop_leftovers() -> None:
    for deployment in _STARTED:
        with contextlib.suppress(Exception):
            deployment.stop_all()


atexit.register(_stop_leftovers)


class Stream:
    """One isolated deployment: W workers, a producer and an output reader."""

    def __init__(self, workdir: Path, workers: int, extra_env: dict[str, str] | None = None,
                 pool: int = 1):
        from tests.kafka_helpers import Deployment

        self.deployment = Deployment(workdir=workdir, partitions=PARTITIONS,
                                     extra_env={"WIRESTREAM_POOL_SIZE": str(pool), **WORKER_ENV,
                                                **(extra_env or {})})
        self.count = workers
        self.pool = pool
        self.settings = None
        self.producer = None
        self.consumer = None
        self.input_ts: dict[str, int] = {}
        self.outputs: dict[str, tuple[str, int]] = {}

    async def __aenter__(self) -> Stream:
        from workers.kafka import ensure_topics
        from workers.settings import Settings

        self.deployment.workdir.mkdir(parents=True, exist_ok=True)
        self.settings = Settings.from_env(self.deployment.env())
        await ensure_topics(self.settings)
        self.deployment.topics_created = True  # created above, with these settings
        _STARTED.append(self.deployment)
        try:
            await self._start()
        except BaseException:
            await self.__aexit__()
            raise
        return self

    async def _start(self) -> None:
        from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

        from workers.kafka import consumer_kwargs, producer_kwargs

        for _ in range(self.count):
            # In a thread: the helper may run its own event loop (asyncio.run).
            await asyncio.to_thread(self.deployment.start_worker)
        self.producer = AIOKafkaProducer(**producer_kwargs(self.settings.kafka))
        await self.producer.start()
        self.consumer = AIOKafkaConsumer(**consumer_kwargs(self.settings.kafka),
                                         enable_auto_commit=False)
        await self.consumer.start()
        topics = self.settings.topics
        self.kinds = {topics.clean: "articles", topics.duplicates: "duplicates",
                      topics.rejected: "rejected"}
        await self.consumer._client.force_metadata_update()
        partitions = [TopicPartition(name, p) for name in self.kinds
                      for p in (self.consumer.partitions_for_topic(name) or ())]
        self.consumer.assign(partitions)
        await self.consumer.seek_to_beginning(*partitions)

    async def __aexit__(self, *exc: object) -> None:
        for client in (self.producer, self.consumer):
            if client is not None:
                with contextlib.suppress(Exception):
                    await client.stop()
        await asyncio.to_thread(self.deployment.stop_all)
        with contextlib.suppress(ValueError):
            _STARTED.remove(self.deployment)
        await self._delete_topics()

    async def _delete_topics(self) -> None:
        from aiokafka.admin import AIOKafkaAdminClient

        from workers.kafka import client_kwargs

        admin = AIOKafkaAdminClient(**client_kwargs(self.settings.kafka))
        try:
            await admin.start()
            mine = [t for t in await admin.list_topics() if t.startswith(self.deployment.name)]
            if mine:
                await admin.delete_topics(mine)
        except Exception as error:  # leftovers are harmless: isolated names
            print(f"  (could not delete topics: {error})", file=sys.stderr)
        finally:
            with contextlib.suppress(Exception):
                await admin.close()

    async def topic_traffic(self) -> dict[str, tuple[int, int]]:
        """Records and bytes (key + value, uncompressed) written to each topic of this
        deployment, changelogs included: what one page costs in Kafka traffic."""
        from aiokafka import AIOKafkaConsumer, TopicPartition
        from aiokafka.admin import AIOKafkaAdminClient

        from workers.kafka import client_kwargs, consumer_kwargs

        prefix = self.deployment.name
        admin = AIOKafkaAdminClient(**client_kwargs(self.settings.kafka))
        await admin.start()
        try:
            names = [t for t in await admin.list_topics() if t.startswith(prefix)]
        finally:
            await admin.close()
        reader = AIOKafkaConsumer(*names, **consumer_kwargs(self.settings.kafka),
                                  enable_auto_commit=False)
        await reader.start()
        traffic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        try:
            partitions = [TopicPartition(t, p) for t in names
                          for p in (reader.partitions_for_topic(t) or ())]
            reader.unsubscribe()
            reader.assign(partitions)
            await reader.seek_to_beginning(*partitions)
            ends = await reader.end_offsets(partitions)
            left = {tp for tp, end in ends.items() if end > 0}
            deadline = time.monotonic() + 60
            while left and time.monotonic() < deadline:
                for tp, records in (await reader.getmany(*left, timeout_ms=500)).items():
                    name = tp.topic[len(prefix):].lstrip(".-")
                    for record in records:
                        traffic[name][0] += 1
                        traffic[name][1] += len(record.value or b"") + len(record.key or b"")
                    if records and records[-1].offset + 1 >= ends[tp]:
                        left.discard(tp)
        finally:
            await reader.stop()
        return {name: (count, size) for name, (count, size) in traffic.items()}

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.deployment.workers]

    async def wait_ready(self, timeout: float) -> None:
        """Until every worker logged Ready and no rebalance happened for 3 s."""
        deadline = time.monotonic() + timeout
        last_change, last_count = time.monotonic(), -1
        while time.monotonic() < deadline:
            self.check_alive()
            logs = [(self.deployment.workdir / f"worker{i}.log").read_text(errors="replace")
                    for i in range(self.count)]
            ready = all("[^Worker]: Ready" in log for log in logs)
            count = sum(log.count("Worker ready") for log in logs)
            if count != last_count:
                last_change, last_count = time.monotonic(), count
            if ready and time.monotonic() - last_change > 3:
                return
            await asyncio.sleep(0.5)
        raise TimeoutError(f"workers not ready after {timeout:.0f} s")

    def assignment(self) -> str:
        """Which input partitions each worker owns and which runs the story stage (from the
        workers' /health, when they serve it)."""
        parts = []
        for index, process in enumerate(self.deployment.workers):
            try:
                health = orjson.loads(self.deployment.web(process, "/health"))
            except Exception:  # an older worker without the fields: say nothing
                return ""
            raw = health.get("input_partitions")
            stage = " + story stage" if health.get("story_stage") else ""
            parts.append(f"w{index}: input {raw}{stage}")
        return "; ".join(parts)

    def check_alive(self) -> None:
        for process in self.deployment.workers:
            if process.poll() is not None:
                raise RuntimeError(f"worker {process.pid} exited ({process.returncode}):\n"
                                   + self.deployment.logs())

    async def send(self, url: str, html: str, partition: int | None = None) -> asyncio.Future:
        value = orjson.dumps({"url": url, "html": html, "fetched_at": _iso_now()})
        future = await self.producer.send(self.settings.topics.raw, value,
                                          key=url.encode(), partition=partition)

        def remember(done: asyncio.Future) -> None:
            if not done.cancelled() and done.exception() is None:
                self.input_ts[url] = done.result().timestamp
        future.add_done_callback(remember)
        return future

    async def collect(self, urls: set[str], deadline: float) -> bool:
        """Read outputs until every URL in `urls` has one, or the deadline passes."""
        while not urls <= self.outputs.keys():
            if time.monotonic() > deadline:
                return False
            self.check_alive()
            self.note_outputs(await self.consumer.getmany(timeout_ms=300))
        return True

    def note_outputs(self, batches: dict) -> None:
        """Remember each output's kind and Kafka timestamp by URL (the first one only)."""
        for tp, records in batches.items():
            for record in records:
                url = orjson.loads(record.value).get("url")
                if url and url not in self.outputs:
                    self.outputs[url] = (self.kinds[tp.topic], record.timestamp)

    async def warm_up(self, pages: list, deadline: float) -> None:
        urls = set()
        for i in range(WARMUP_PAGES):
            page = pages[i % len(pages)]
            url = f"{page.url}{'&' if '?' in page.url else '?'}wirestream-warmup={i}"
            await self.send(url, page.html, partition=i % PARTITIONS)
            urls.add(url)
        await self.producer.flush()
        if not await self.collect(urls, deadline):
            raise TimeoutError("warm-up pages did not come out")

    def row(self, name: str, urls: list[str], sampler: TreeSampler, cpu_start: dict,
            note: str = "") -> Row:
        if any(u not in self.outputs for u in urls):  # evidence for a stall: the logs
            print(f"{name}: not every page came out; worker logs:\n{self.deployment.logs()}",
                  file=sys.stderr)
        done = [u for u in urls if u in self.outputs and u in self.input_ts]
        latencies = [float(self.outputs[u][1] - self.input_ts[u]) for u in done]
        first_in = min(self.input_ts[u] for u in urls if u in self.input_ts)
        last_out = max((self.outputs[u][1] for u in done), default=first_in)
        cpu_end = sampler.cpu_by_role()
        main, pool, total = sampler.peaks()
        n = max(1, len(done))
        if self.count > 1:  # which worker carries the load (the story stage is in one)
            per_worker = ", ".join(
                f"w{i} {(sampler.cpu.get(pid, 0) - cpu_start.get(pid, 0)) / n * 1000:.1f}"
                for i, pid in enumerate(self.pids))
            note = "; ".join(x for x in (note, f"main CPU ms/page {per_worker}") if x)
        missing = len(urls) - len(done)
        if missing:
            note = (note + f"; {missing} pages did not come out in time").lstrip("; ")
        return Row(name, len(done), (last_out - first_in) / 1000, latencies, main, pool, total,
                   (cpu_end.get("main", 0) - cpu_start.get("main", 0)) / n * 1000,
                   (cpu_end.get("pool", 0) - cpu_start.get("pool", 0)) / n * 1000,
                   dict(Counter(self.outputs[u][0] for u in done)), note,
                   pool_processes=self.count * self.pool)


def broker_process(servers: str) -> psutil.Process | None:
    """The local process listening on the first bootstrap port, when there is one."""
    port = int(servers.split(",")[0].rpartition(":")[2])
    with contextlib.suppress(psutil.Error, OSError):
        for conn in psutil.net_connections(kind="tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port and conn.pid:
                return psutil.Process(conn.pid)
    return None


class OtherCpu:
    """CPU seconds of the broker (when local) and of this process over a window."""

    def __init__(self, servers: str) -> None:
        self.broker = broker_process(servers)
        self.start = self._now()

    def _now(self) -> tuple[float, float]:
        broker = 0.0
        if self.broker is not None:
            with contextlib.suppress(psutil.Error):
                times = self.broker.cpu_times()
                broker = times.user + times.system
        return broker, time.process_time()

    def per_page_ms(self, pages: int) -> tuple[float | None, float]:
        broker, harness = self._now()
        n = max(1, pages)
        return ((broker - self.start[0]) / n * 1000 if self.broker is not None else None,
                (harness - self.start[1]) / n * 1000)


def _iso_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _url_variant(url: str, tag: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{tag}"


async def stream_burst(pages: list, workers: int, workdir: Path, timeout: float,
                       profile_dir: Path | None = None, pool: int = 1) -> tuple[Row, int]:
    """All pages at once to `workers` workers of `pool` extraction processes each."""
    async with Stream(workdir, workers, pool=pool) as stream:
        deadline = time.monotonic() + timeout
        await stream.wait_ready(timeout=min(120, timeout))
        await stream.warm_up(pages, deadline)
        assigned = await asyncio.to_thread(stream.assignment) if workers > 1 else ""
        spy = _start_py_spy(stream.pids[0], profile_dir) if profile_dir else None
        with TreeSampler(stream.pids) as sampler:
            cpu_start = sampler.cpu_by_role()
            other = OtherCpu(stream.settings.kafka.bootstrap_servers)
            urls = [p.url for p in pages]
            pending = []
            for page in pages:
                pending.append(await stream.send(page.url, page.html))
            await asyncio.gather(*pending)
            complete = await stream.collect(set(urls), deadline)
            sampler.sample()
            pools = f"pool {pool} each" if workers > 1 else f"pool {pool}"
            row = stream.row(f"stream, {workers} worker{'s' if workers > 1 else ''} "
                             f"({pools})", urls, sampler, cpu_start,
                             "; ".join(x for x in (assigned, "" if complete else "timed out")
                                       if x))
            row.cpu_broker_ms, row.cpu_harness_ms = other.per_page_ms(row.pages)
        if workers == 1:
            row.topic_records = {k: list(v) for k, v in (await stream.topic_traffic()).items()}
        if spy is not None:
            _stop_py_spy(spy)
        worker_pid = stream.pids[0]
    return row, worker_pid


# ---------------------------------------------------------------- streaming, preloaded input

# aiokafka logs this line at INFO each time a member (re)joins its group: a rebalance.
_JOINED = "Joined group"
# The pool starts with a worker's first page; a pool process that analysed a page has
# spent at least this much CPU (after the warm-up pages each had ~70 ms here).
_POOL_WARM_CPU_S = 0.02


@dataclass
class WorkerState:
    """What one worker says about itself (/health, /metrics, its log) at one moment."""

    input_partitions: list[int]
    story_stage: bool
    pages_in: int
    joins: int


def worker_states(stream: Stream) -> list[WorkerState]:
    from tests.kafka_helpers import metric_value

    states = []
    for index, process in enumerate(stream.deployment.workers):
        health = orjson.loads(stream.deployment.web(process, "/health"))
        metrics = stream.deployment.web(process, "/metrics").decode()
        log = (stream.deployment.workdir / f"worker{index}.log").read_text(errors="replace")
        states.append(WorkerState(health.get("input_partitions", []),
                                  bool(health.get("story_stage")),
                                  int(metric_value(metrics, "wirestream_pages_in_total")),
                                  log.count(_JOINED)))
    return states


async def output_count(stream: Stream) -> int:
    """Records on the output topics (sum of end offsets): completion without reading them."""
    ends = await stream.consumer.end_offsets(list(stream.consumer.assignment()))
    return sum(ends.values())


@dataclass
class Snapshot:
    """CPU seconds so far of the workers (by role and pid), the broker and this process."""

    outputs: int
    cpu: dict
    broker: float
    harness: float
    at: float


def snapshot(stream: Stream, sampler: TreeSampler, other: OtherCpu, outputs: int) -> Snapshot:
    sampler.sample()
    broker, harness = other._now()
    return Snapshot(outputs, dict(sampler.cpu_by_role()), broker, harness, time.monotonic())


@contextlib.contextmanager
def stopped(pids: list[int]) -> Iterator[None]:
    """The processes stopped (SIGSTOP) for the block and continued (SIGCONT) after it,
    whatever happens: each one signalled so far, also when the block, or stopping another
    process, raises (an interrupt included). A worker left stopped would not run its SIGTERM
    handler at the clean-up, which then waits 30 s for each one before its SIGKILL."""
    signalled: list[int] = []
    try:
        for pid in pids:
            signalled.append(pid)  # before the signal: an interrupt may come in between
            os.kill(pid, signal.SIGSTOP)
        yield
    finally:
        for pid in signalled:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)


async def stream_preloaded(pages: list, workers: int, workdir: Path, timeout: float,
                           pool: int = 1) -> Row:
    """The burst run's pages, all in the input topic before the workers may consume them;
    the benchmark idle while they work (no producer; completion seen from the output
    topics' end offsets every 0.5 s, outputs read only once all are in).

    The workers start, join and warm up as in `stream_burst` (same warm-up pages, so the
    same outcomes); then they are frozen (SIGSTOP of each worker process: its consumer
    cannot fetch, its pool gets no work), every page is produced and acknowledged, and
    they are resumed (SIGCONT). The freeze lasts seconds, under the group's session
    timeout (20 s), so no member leaves the group. pages/s = (pages - 1) / (last output's
    Kafka timestamp - first output's): the processing rate of a worker with a backlog,
    what Kafka Streams and Flink benchmarks report. CPU per role (worker main, pool,
    broker, this benchmark) is sampled when the first output is seen and at completion,
    divided by the outputs between the two samples. Latencies would be time queued in
    the topic, so the row has none."""
    async with Stream(workdir, workers, pool=pool) as stream:
        deadline = time.monotonic() + timeout
        await stream.wait_ready(timeout=min(120, timeout))
        await stream.warm_up(pages, deadline)
        before = await asyncio.to_thread(worker_states, stream)
        checks = []
        if not all(state.input_partitions and state.pages_in for state in before):
            checks.append("a worker consumed no warm-up page: " + ", ".join(
                f"w{i} input {s.input_partitions} pages {s.pages_in}"
                for i, s in enumerate(before)))
        # Memory every 2 s, not 0.25: one pass reads smaps_rollup of every process (~6 ms
        # of this process's CPU each), ~7% of a core at 0.25 s. Peak RSS is the kernel's
        # high-water mark either way; the PSS peak is sampled less often.
        with TreeSampler(stream.pids, interval=2.0) as sampler:
            idle_pool = [pid for pid, seconds in sampler.cpu.items()
                         if sampler.role[pid] == "pool" and seconds < _POOL_WARM_CPU_S]
            if idle_pool or sum(r == "pool" for r in sampler.role.values()) < workers * pool:
                checks.append("a pool process analysed no warm-up page")
            other = OtherCpu(stream.settings.kafka.bootstrap_servers)
            outputs = list(stream.consumer.assignment())
            stream.consumer.pause(*outputs)  # no fetching in the background while they work
            baseline = await output_count(stream)
            frozen = time.monotonic()
            with stopped(stream.pids):
                pending = [await stream.send(page.url, page.html) for page in pages]
                sent = await asyncio.gather(*pending)
            frozen_s = time.monotonic() - frozen
            first = last = None
            while time.monotonic() < deadline:
                stream.check_alive()
                done = await output_count(stream) - baseline
                if first is None and done > 0:
                    first = snapshot(stream, sampler, other, done)
                if done >= len(pages):
                    last = snapshot(stream, sampler, other, done)
                    break
                await asyncio.sleep(0.5)
            if last is None:  # timed out: the window ends now
                last = snapshot(stream, sampler, other, await output_count(stream) - baseline)
        after = await asyncio.to_thread(worker_states, stream)
        stream.consumer.resume(*outputs)
        urls = [p.url for p in pages]
        complete = await stream.collect(set(urls), deadline)
        main, pool_mb, total = sampler.peaks()
    first = first or last
    stamps = sorted(stream.outputs[u][1] for u in urls if u in stream.outputs)
    n = max(1, last.outputs - first.outputs)  # outputs between the two samples

    def per_page(key: str | int) -> float:  # a role, or a worker's pid
        return (last.cpu.get(key, 0.0) - first.cpu.get(key, 0.0)) / n * 1000

    notes = [f"preloaded in {frozen_s:.1f} s", f"CPU window {last.at - first.at:.1f} s "
             f"from output {first.outputs}, bench {(last.harness - first.harness) * 1000:.0f} ms"]
    if workers > 1:  # how the pages split, and when each worker's last one came out
        partition_of = {page.url: meta.partition for page, meta in zip(pages, sent, strict=True)}

        def done_at(owned: list[int]) -> str:
            mine = [stream.outputs[u][1] for u in urls
                    if u in stream.outputs and partition_of[u] in owned]
            return f"{(max(mine) - stamps[0]) / 1000:.1f} s" if mine and stamps else "-"

        notes.append("; ".join(
            f"w{i}: input {b.input_partitions}{' + story stage' if b.story_stage else ''}, "
            f"{a.pages_in - b.pages_in} pages, last out at {done_at(b.input_partitions)}"
            for i, (b, a) in enumerate(zip(before, after, strict=True))))
        notes.append("main CPU ms/page " + ", ".join(
            f"w{i} {per_page(pid):.1f}" for i, pid in enumerate(stream.pids)))
        idle = [f"w{i}" for i, (b, a) in enumerate(zip(before, after, strict=True))
                if a.pages_in == b.pages_in]
        if idle:
            checks.append(f"{', '.join(idle)} consumed no page")
    moved = [f"w{i}" for i, (b, a) in enumerate(zip(before, after, strict=True))
             if a.joins != b.joins or a.input_partitions != b.input_partitions]
    if moved:
        checks.append(f"REBALANCE in the window ({', '.join(moved)} rejoined)")
    missing = len(urls) - len(stamps)
    if missing or not complete:
        checks.append(f"{missing} pages did not come out in time")
    pools = f"pool {pool} each" if workers > 1 else f"pool {pool}"
    row = Row(f"stream, {workers} worker{'s' if workers > 1 else ''} ({pools}), preloaded",
              len(stamps), (stamps[-1] - stamps[0]) / 1000 if stamps else 0.0, [],
              main, pool_mb, total, per_page("main"), per_page("pool"),
              dict(Counter(stream.outputs[u][0] for u in urls if u in stream.outputs)),
              "; ".join(checks + notes), pool_processes=workers * pool,
              rate_pages=max(0, len(stamps) - 1))
    row.cpu_broker_ms = ((last.broker - first.broker) / n * 1000
                         if other.broker is not None else None)
    row.cpu_harness_ms = (last.harness - first.harness) / n * 1000
    return row

def analysed_records(pages: list) -> list[tuple[str, bytes, bytes, bytes]]:
    """What the extraction stage sends the story stage for `pages`, computed here: (URL,
    key, analysed record, fingerprint header) for each page that has a story."""
    from workers.pipeline import PreparedRecord, prepare_record
    from workers.pool import warm_up
    from workers.records import Origin, Page
    from workers.settings import Settings

    settings = Settings.from_env({})
    warm_up(settings)
    records = []
    for offset, page in enumerate(pages):
        origin = Origin(settings.topics.raw, 0, offset, page.url)
        prepared = prepare_record(Page(page.url, page.html, origin), settings)
        if isinstance(prepared, PreparedRecord):
            url = orjson.loads(prepared.value)["extracted"]["url"]
            records.append((url, origin.input_id.encode(), prepared.value, prepared.page_print))
    return records


async def stream_story_stage(records: list[tuple[str, bytes, bytes, bytes]], rate: float,
                             workdir: Path, timeout: float) -> Row:
    """The story stage alone: one worker fed analysed records (all at once, or at `rate`
    a second), so its pool never starts and its CPU is the story stage's (consuming the
    analysed topic, deciding, writing the tables' changelogs, publishing)."""
    from workers.app import _PRINT_HEADER

    async with Stream(workdir, 1) as stream:
        deadline = time.monotonic() + timeout + (len(records) / rate if rate else 0)
        await stream.wait_ready(timeout=min(120, timeout))
        with TreeSampler(stream.pids) as sampler:
            cpu_start = sampler.cpu_by_role()
            other = OtherCpu(stream.settings.kafka.bootstrap_servers)
            topic = stream.settings.topics.analysed
            started = time.monotonic()
            pending = []
            for i, (url, key, value, page_print) in enumerate(records):
                delay = started + i / rate - time.monotonic() if rate else 0
                if delay > 0:
                    await asyncio.sleep(delay)
                sent = await stream.producer.send(topic, value, key=key,
                                                  headers=[(_PRINT_HEADER, page_print)])

                def remember(done: asyncio.Future, url: str = url) -> None:
                    if not done.cancelled() and done.exception() is None:
                        stream.input_ts[url] = done.result().timestamp
                sent.add_done_callback(remember)
                pending.append(sent)
            await asyncio.gather(*pending)
            urls = [url for url, *_ in records]
            complete = await stream.collect(set(urls), deadline)
            sampler.sample()
            fed = f"fed at {rate:g}/s" if rate else "all at once"
            row = stream.row(f"story stage alone, 1 worker ({fed})", urls, sampler, cpu_start,
                             "" if complete else "timed out")
            row.cpu_broker_ms, row.cpu_harness_ms = other.per_page_ms(row.pages)
        row.topic_records = {k: list(v) for k, v in (await stream.topic_traffic()).items()}
    return row


async def stream_paced(pages: list, rate: float, seconds: float, workdir: Path,
                       timeout: float) -> Row:
    """One worker fed at a steady `rate` for about `seconds` (pages recirculate with new
    URLs when the set is shorter than that)."""
    total = max(len(pages), int(rate * seconds))
    async with Stream(workdir, 1) as stream:
        deadline = time.monotonic() + timeout + total / rate
        await stream.wait_ready(timeout=min(120, timeout))
        await stream.warm_up(pages, deadline)
        with TreeSampler(stream.pids) as sampler:
            cpu_start = sampler.cpu_by_role()
            other = OtherCpu(stream.settings.kafka.bootstrap_servers)
            urls, pending = [], []
            started = time.monotonic()
            for i in range(total):
                page = pages[i % len(pages)]
                url = page.url if i < len(pages) else _url_variant(page.url, f"round={i}")
                delay = started + i / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                pending.append(await stream.send(url, page.html))
                urls.append(url)
                if len(pending) >= 64:
                    await asyncio.gather(*pending)
                    pending = []
                await _drain(stream)
            await asyncio.gather(*pending)
            complete = await stream.collect(set(urls), deadline)
            sampler.sample()
            row = stream.row(f"stream, 1 worker, paced {rate:.1f}/s", urls, sampler, cpu_start,
                             "" if complete else "timed out")
            row.cpu_broker_ms, row.cpu_harness_ms = other.per_page_ms(row.pages)
            return row


async def _drain(stream: Stream) -> None:
    """Read what is there without waiting, so outputs do not pile up in the broker."""
    stream.note_outputs(await stream.consumer.getmany(timeout_ms=0))


# ---------------------------------------------------------------- soak


_TEXT_OR_TAG = re.compile(r"(<[^>]*>)")
_RAW_TEXT = re.compile(r"<(script|style|noscript|template|textarea)\b", re.IGNORECASE)


def new_story_variant(html: str, marker: str, every: int = 4) -> str:
    """The page with `marker` inserted after every `every`-th word of its visible text, so
    its shingles are new (a new story to the index) while its markup and size stay alike."""
    parts = _TEXT_OR_TAG.split(html)
    raw_until = None
    for index, part in enumerate(parts):
        if part.startswith("<"):
            if raw_until is None:
                match = _RAW_TEXT.match(part)
                if match:
                    raw_until = "</" + match.group(1).lower()
            elif part.lower().startswith(raw_until):
                raw_until = None
            continue
        if raw_until is not None or not part.strip():
            continue
        words = part.split(" ")
        if len(words) > every:
            parts[index] = " ".join(
                w + (" " + marker if (i + 1) % every == 0 and w else "")
                for i, w in enumerate(words))
    return "".join(parts)


def _letters(number: int) -> str:
    """`number` in letters (0 -> "a", 27 -> "bb"): a marker word unique per round. Digits
    would not do: site boilerplate keys map every number to 0, so all rounds' short
    paragraphs would look like one paragraph seen on many pages (learned as furniture,
    the boilerplate table no longer growing as it does on real new stories)."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = chr(ord("a") + digit) + letters
        if not number:
            return letters


async def soak(pages: list, rate: float, minutes: float, workdir: Path) -> dict:
    every = 30.0
    samples = []
    async with Stream(workdir, 1) as stream:
        await stream.wait_ready(timeout=120)
        await stream.warm_up(pages, time.monotonic() + 120)
        sampler = TreeSampler(stream.pids)
        started = time.monotonic()
        end = started + minutes * 60
        next_sample = started
        sent = 0
        pending = []
        print(f"soak: {minutes:g} min at {rate:.1f} pages/s, RSS every {every:.0f} s",
              file=sys.stderr)
        while True:
            now = time.monotonic()
            if now >= next_sample:
                await _drain(stream)
                rss = sampler.sample()
                main = sum(mb for pid, mb in rss.items() if sampler.role[pid] == "main")
                pool = [mb for pid, mb in rss.items() if sampler.role[pid] == "pool"]
                articles = sum(1 for kind, _ in stream.outputs.values() if kind == "articles")
                samples.append({"t": round(now - started), "sent": sent,
                                "out": len(stream.outputs), "articles": articles,
                                "main_mb": round(main, 1),
                                "pool_mb": [round(mb, 1) for mb in sorted(pool)],
                                "pool_pids": sorted(p for p in rss if sampler.role[p] == "pool"),
                                "pss_mb": round(sampler.last_pss, 1),
                                "store_mb": round(_folder_mb(stream.deployment.workdir), 1)})
                print(f"  {samples[-1]}", file=sys.stderr)
                next_sample += every
            if now >= end:
                break
            cycle, index = divmod(sent, len(pages))
            page = pages[index]
            marker = "soak" + _letters(cycle)
            html = new_story_variant(page.html, marker) if cycle else page.html
            url = page.url if not cycle else _url_variant(page.url, f"soak={cycle}")
            pending.append(await stream.send(url, html))
            sent += 1
            if len(pending) >= 64:
                await asyncio.gather(*pending)
                pending = []
            await _drain(stream)
            delay = started + sent / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
        await asyncio.gather(*pending)
    return {"rate": rate, "minutes": minutes, "samples": samples}


# Loaded into every stream worker by `--memory-trace DIR` (through PYTHONPATH): a thread
# that starts tracemalloc after start-up and, every interval, writes what grew since (Python
# allocations by traceback) next to RocksDB's own memory figures and glibc's heap, so RSS
# growth can be split into Python objects, RocksDB and allocator slack.
_MEMORY_TRACE_SITE = """
import os
_OUT = os.environ.get("WIRESTREAM_BENCH_MEMORY_TRACE")
if _OUT:
    import ctypes, gc, threading, time, tracemalloc

    class _Mallinfo2(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks",
                    "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

    def _malloc():
        try:
            libc = ctypes.CDLL("libc.so.6")
            libc.mallinfo2.restype = _Mallinfo2
            info = libc.mallinfo2()
            return (f"glibc heap: arena {info.arena / 2**20:.1f} MB, mmapped "
                    f"{info.hblkhd / 2**20:.1f} MB, in use {info.uordblks / 2**20:.1f} MB, "
                    f"free {info.fordblks / 2**20:.1f} MB")
        except Exception as error:
            return f"glibc heap: {error!r}"

    def _rocksdb():
        lines = []
        try:
            from faust.stores.rocksdb import Store
        except Exception:
            return lines
        names = ("rocksdb.block-cache-usage", "rocksdb.cur-size-all-mem-tables",
                 "rocksdb.estimate-table-readers-mem", "rocksdb.estimate-num-keys",
                 "rocksdb.block-cache-pinned-usage")
        for obj in gc.get_objects():
            if isinstance(obj, Store):
                for partition, db in list(getattr(obj, "_dbs", {}).items()):
                    values = []
                    for name in names:
                        try:
                            values.append(f"{name[8:]}={db.property_int_value(name)}")
                        except Exception as error:
                            values.append(f"{name[8:]}=?{error!r}")
                    lines.append(f"rocksdb {obj.table_name}[{partition}]: " + " ".join(values))
        return lines

    def _rss():
        with open("/proc/self/status") as status:
            return next(line.split()[1] for line in status if line.startswith("VmRSS"))

    def _trace():
        start, every = (float(x) for x in os.environ.get(
            "WIRESTREAM_BENCH_MEMORY_TRACE_TIMES", "60,60").split(","))
        python = os.environ.get("WIRESTREAM_BENCH_MEMORY_TRACE_PYTHON") == "1"
        time.sleep(start)
        if python:
            os.register_at_fork(after_in_child=tracemalloc.stop)
            tracemalloc.start(12)
            first = tracemalloc.take_snapshot()
        n = 0
        while True:
            lines = [f"t={start + n * every:.0f}s rss={int(_rss()) / 1024:.1f} MB",
                     _malloc(), *_rocksdb(), ""]
            if python and n:
                snapshot = tracemalloc.take_snapshot()
                current, peak = tracemalloc.get_traced_memory()
                lines.insert(1, f"python traced since start={current / 2**20:.1f} MB "
                                f"(peak {peak / 2**20:.1f})")
                for stat in snapshot.compare_to(first, "traceback")[:25]:
                    lines.append(f"{stat.size_diff / 1024:+.0f} KiB {stat.count_diff:+d} blocks")
                    lines += ["    " + line for line in stat.traceback.format()[-24:]]
            path = os.path.join(_OUT, f"memory-{os.getpid()}-{n:03d}.txt")
            with open(path, "w") as handle:
                handle.write("\\n".join(lines) + "\\n")
            n += 1
            time.sleep(every)

    threading.Thread(target=_trace, name="bench-memory-trace", daemon=True).start()
"""


def memory_trace_env(directory: Path) -> dict[str, str]:
    """Environment that makes stream workers write memory reports into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    site = directory / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(_MEMORY_TRACE_SITE)
    return {"PYTHONPATH": str(site), "WIRESTREAM_BENCH_MEMORY_TRACE": str(directory)}


def _folder_mb(folder: Path) -> float:
    """Size of the workers' local state (RocksDB tables) under the deployment folder."""
    return sum(f.stat().st_size for f in folder.glob("data*/**/*") if f.is_file()) / 2**20


def soak_summary(result: dict) -> list[str]:
    samples = result["samples"]
    lines = [f"Soak: {result['minutes']:g} min, one worker (pool 1), "
             f"{result['rate']:.1f} pages/s, every page a new story after the first round",
             "", "| t (s) | pages out | articles | worker RSS MB | pool RSS MB | pool pid | "
             "worker+pool PSS MB | table store on disk MB |",
             "|---:|---:|---:|---:|---:|---|---:|---:|"]
    for s in samples:
        lines.append(f"| {s['t']} | {s['out']} | {s['articles']} | {s['main_mb']:.0f} | "
                     f"{', '.join(f'{mb:.0f}' for mb in s['pool_mb'])} | "
                     f"{', '.join(map(str, s['pool_pids']))} | {s['pss_mb']:.0f} | "
                     f"{s['store_mb']:.0f} |")
    # Steady state: from the second minute on (start-up, first allocations done).
    steady = [s for s in samples if s["t"] >= 60] or samples
    if len(steady) >= 2:
        first, last = steady[0], steady[-1]
        grown = last["main_mb"] - first["main_mb"]
        stories = last["articles"] - first["articles"]
        pool_first, pool_last = max(first["pool_mb"] or [0]), max(last["pool_mb"] or [0])
        minutes = (last["t"] - first["t"]) / 60
        lines.append("")
        lines.append(f"From t={first['t']} s to t={last['t']} s ({minutes:.1f} min): PSS of worker "
                     f"+ pool {first['pss_mb']:.0f} -> {last['pss_mb']:.0f} MB; worker RSS "
                     f"{first['main_mb']:.0f} -> {last['main_mb']:.0f} MB ({grown:+.0f} MB for "
                     f"{stories} new stories = "
                     f"{grown * 2**20 / max(1, stories) / 1024:.1f} KB per indexed story); "
                     f"pool {pool_first:.0f} -> {pool_last:.0f} MB "
                     f"({(pool_last - pool_first) / max(minutes, 1e-9):+.1f} MB/min); table store "
                     f"on disk {first['store_mb']:.0f} -> {last['store_mb']:.0f} MB "
                     f"({(last['store_mb'] - first['store_mb']) * 1024 / max(1, stories):.1f} "
                     "KB per story)")
    return lines


# ---------------------------------------------------------------- profile (py-spy)


def _start_py_spy(pid: int, directory: Path) -> subprocess.Popen | None:
    spy = Path(sys.executable).with_name("py-spy")
    if not spy.exists():
        print("  (py-spy is not installed in the venv: no profile)", file=sys.stderr)
        return None
    directory.mkdir(parents=True, exist_ok=True)
    out = directory / "worker.pyspy.txt"
    return subprocess.Popen(
        [str(spy), "record", "--pid", str(pid), "--subprocesses", "--rate", "200",
         "--full-filenames", "--format", "raw", "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=open(directory / "py-spy.log", "wb"),
    )


def _stop_py_spy(spy: subprocess.Popen) -> None:
    spy.send_signal(signal.SIGINT)  # py-spy writes its output on Ctrl-C
    try:
        spy.wait(timeout=30)
    except subprocess.TimeoutExpired:
        spy.kill()


_FRAME = re.compile(r"^(?P<name>.*?) \((?P<file>[^()]*?)(?::\d+)?\)$")
_PROCESS = re.compile(r"^process (\d+)")
# py-spy's idle filter misses threads blocked in these (select, poll, pipe, sleep):
# samples ending in them are waits, not work, and are counted apart.
_WAITS = re.compile(
    r"^(?:\w*Selector\.select|Channel\._make_poll_method\.<locals>\.unix_poll|"
    r"Condition\.wait|Event\.wait|pool_manager_loop|Connection\._(?:recv|recv_bytes|send|poll)|"
    r"wait|Thread\.join|Queue\.get|SimpleQueue\.get) ")


def _frame(frame: str) -> tuple[str, str]:
    """(function label, owner) of a py-spy frame: the owner is the project module
    (`workers/x.py`), the installed package (`trafilatura`) or the stdlib module."""
    match = _FRAME.match(frame)
    if not match:
        return frame, frame
    file = match["file"].replace(str(ROOT) + "/", "")
    if file.startswith("<"):
        owner = "interpreter"
    elif "site-packages/" in file:
        file = file.split("site-packages/", 1)[1]
        owner = file.split("/", 1)[0].removesuffix(".py")
    elif file.startswith("workers/"):
        owner = file
    else:
        file = re.sub(r"^.*/lib/python3\.\d+/", "", file)
        owner = "stdlib " + file.split("/", 1)[0].removesuffix(".py")
    return f"{match['name']} ({file})", owner


# What the worker process spends its CPU on: the first rule whose pattern is found in a
# sample's stack names the sample's bucket (order matters: table writes enqueue Kafka
# records, they count as table writes; the sending itself runs in aiokafka's sender task).
_WORKER_BUCKETS = [
    ("Faust table writes/reads (store, changelog enqueue)", r"TableStore\.|Table\.on_key_set|"
     r"send_changelog"),
    ("story stage logic (dedup, site boilerplate)", r"StoryStage\.handle|StoryIndex\."),
    ("envelope parsing", r"\(workers/envelope\.py"),
    ("JSON of records (to_json, analysed_from_dict)", r"\(workers/records\.py"),
    ("Kafka producing (buffer, batches, zstd, socket writes)", r"\(aiokafka/producer/|"
     r"ProducerBuffer|Producer\.send|zstd_encode|AIOKafkaConnection\.send|"
     r"_SelectorSocketTransport\.write"),
    ("Kafka consuming (fetch, decode, Faust consumer thread)", r"\(aiokafka/consumer/|"
     r"\(faust/transport/consumer\.py|\(mode/threads\.py|\(aiokafka/record/"),
    ("process pool IPC (pebble threads, pickling, futures)", r"\(pebble/|\(multiprocessing/|"
     r"wrap_future|call_soon_threadsafe|_write_to_self"),
]


def summarise_profile(path: Path, worker_pid: int, top: int = 14) -> list[str]:
    """Where CPU time goes in the worker process and in its pool processes: inclusive
    shares of the project's functions, self time by owner (module or package), and the
    hottest functions by self time."""
    samples: Counter = Counter()
    waits: Counter = Counter()
    inclusive: dict[str, Counter] = defaultdict(Counter)
    by_owner: dict[str, Counter] = defaultdict(Counter)
    own: dict[str, Counter] = defaultdict(Counter)
    buckets: Counter = Counter()
    rules = [(label, re.compile(pattern)) for label, pattern in _WORKER_BUCKETS]
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        # --subprocesses nests `process PID` frames: the worker, then the pool child.
        pids = []
        while frames and (match := _PROCESS.match(frames[0])):
            pids.append(int(match.group(1)))
            frames = frames[1:]
        role = "worker" if pids[-1:] == [worker_pid] else "pool"
        parsed = [_frame(f) for f in frames if not f.startswith("thread ")]
        if not parsed:
            continue
        n = int(count)
        if _WAITS.match(parsed[-1][0]):
            waits[role] += n
            continue
        samples[role] += n
        if role == "pool":  # a forked pool process starts with its parent's stack: skip it
            starts = [i for i, (name, _) in enumerate(parsed)
                      if name.startswith("_analyse_in_process ")]
            parsed = parsed[starts[-1]:] if starts else parsed
        for name in {name for name, owner in parsed
                     if owner.startswith("workers/") and owner != "workers/cli.py"}:
            inclusive[role][name] += n
        name, owner = parsed[-1]
        own[role][name] += n
        if role == "worker":
            joined = ";".join(name for name, _ in parsed)
            label = next((label for label, rule in rules if rule.search(joined)),
                         "Faust streams, agents and the asyncio loop (the rest)")
            buckets[label] += n
        by_owner[role][owner] += n
    lines = []
    for role, title in (("worker", "worker process (event loop, Kafka clients, story stage)"),
                        ("pool", "pool process(es) (extract + tag)")):
        total = samples[role]
        if not total:
            continue
        lines += ["", f"{title}: {total} samples of work ({waits[role]} more were waits in "
                  "select/poll/pipe/sleep, left out)", ""]
        if role == "worker":
            lines += ["| share % | where the worker process's CPU goes |", "|---:|---|"]
            lines += [f"| {100 * c / total:.1f} | {label} |" for label, c in buckets.most_common()]
            lines += [""]
        lines += [
                  "| inclusive % | project function |", "|---:|---|"]
        lines += [f"| {100 * c / total:.1f} | {name} |"
                  for name, c in inclusive[role].most_common(top)]
        lines += ["", "| self % | owner |", "|---:|---|"]
        lines += [f"| {100 * c / total:.1f} | {name} |"
                  for name, c in by_owner[role].most_common(top)]
        lines += ["", "| self % | function |", "|---:|---|"]
        lines += [f"| {100 * c / total:.1f} | {name} |" for name, c in own[role].most_common(top)]
    return lines


# ---------------------------------------------------------------- report


def table(rows: list[Row], bare_rate: float) -> list[str]:
    lines = ["| run | pages | pages/s | x bare | p50 ms | p99 ms | peak MB: RSS main / RSS pool / "
             "PSS all | CPU ms/page main / pool | pool busy | CPU ms/page broker / bench | "
             "outcomes |",
             "|---|---:|---:|---:|---:|---:|---|---|---:|---|---|"]
    for row in rows:
        cpu = ("-" if row.cpu_main_ms is None else
               f"{row.cpu_main_ms:.1f} / {row.cpu_pool_ms:.1f}")
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(row.outcomes.items()))
        if row.note:
            outcomes += f" ({row.note})"
        pool = f"{row.rss_pool_mb:.0f}" if row.rss_pool_mb else "-"
        busy = "-" if row.pool_busy is None else f"{100 * row.pool_busy:.0f}%"
        other = "-"
        if row.cpu_harness_ms is not None:
            broker = "?" if row.cpu_broker_ms is None else f"{row.cpu_broker_ms:.1f}"
            other = f"{broker} / {row.cpu_harness_ms:.1f}"
        # A preloaded run has no latencies: its pages wait in the topic by design.
        p50, p99 = ((f"{percentile(row.latencies_ms, share):.0f}" for share in (0.5, 0.99))
                    if row.latencies_ms else ("-", "-"))
        lines.append(
            f"| {row.name} | {row.pages} | {row.rate:.1f} | {row.rate / bare_rate:.2f} | "
            f"{p50} | {p99}"
            f" | {row.rss_main_mb:.0f} / {pool} / {row.rss_total_mb:.0f} | {cpu} | {busy} "
            f"| {other} | {outcomes} |")
    steady = [row for row in rows if row.steady_rate]
    if steady:
        lines += ["", "Once the pool runs (`process` from its first record to its last; the "
                  "start-up is loading extraction and tagging data in the parent, forking the "
                  "pool and the first page):", "",
                  "| run | start-up s | of which warm-up s (CPU s) | steady pages/s | x bare | "
                  "CPU ms/page main / pool |",
                  "|---|---:|---:|---:|---:|---|"]
        for row in steady:
            main_ms, pool_ms = row.steady_cpu_ms or (0.0, 0.0)
            warm = ("-" if not row.warm_up_s else
                    f"{row.warm_up_s[0]:.2f} ({row.warm_up_s[1]:.2f})")
            lines.append(f"| {row.name} | {row.startup_s:.1f} | {warm} | {row.steady_rate:.1f} | "
                         f"{row.steady_rate / bare_rate:.2f} | {main_ms:.1f} / {pool_ms:.1f} |")
    return lines


def preloaded_row(burst: Row, row: Row) -> Row:
    """The preloaded row, flagged when its outcomes differ from its burst row's (same
    pages, same warm-up: they must not)."""
    if row.outcomes != burst.outcomes:
        row.note = f"OUTCOMES DIFFER from the burst row's; {row.note}"
        print(f"{row.name}: outcomes {row.outcomes} against the burst row's {burst.outcomes}",
              file=sys.stderr)
    return row


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = psutil.virtual_memory().total / 2**30
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    import trafilatura

    return (f"{os.cpu_count()} cores ({model}), {memory:.0f} GB RAM, Python "
            f"{sys.version.split()[0]}, trafilatura {trafilatura.__version__}; "
            f"load average before the run {load}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=400, help="pages per run (default 400)")
    parser.add_argument("--skip-stream", action="store_true", help="no Kafka runs")
    parser.add_argument("--skip-process", action="store_true", help="no `process` runs")
    parser.add_argument("--skip-paced", action="store_true", help="no paced latency run")
    parser.add_argument("--workers-max", type=int, default=2,
                        help="stream with 1..N workers (default 2)")
    parser.add_argument("--story-stage", type=float, nargs="*", metavar="RATE",
                        help="also the story stage alone: one worker fed analysed records "
                             "(made here) all at once, or at each RATE pages/s given")
    parser.add_argument("--no-pool-row", dest="pool_row", action="store_false",
                        help="no `stream, 1 worker (pool <cores>)` row")
    parser.add_argument("--jobs-max", type=int, default=os.cpu_count() or 1,
                        help="process with --jobs 1 and this many (default: cores)")
    parser.add_argument("--paced-seconds", type=float, default=30.0,
                        help="length of the paced latency run (default 30 s)")
    parser.add_argument("--stream-timeout", type=float, default=0.0,
                        help="seconds per stream run (default 90 + pages/4)")
    parser.add_argument("--soak", type=float, default=0.0, metavar="MINUTES",
                        help="memory soak with one worker for MINUTES")
    parser.add_argument("--soak-rate", type=float, default=0.0,
                        help="pages/s of the soak (default 80%% of the 1-worker rate)")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="py-spy the 1-worker burst run into DIR")
    parser.add_argument("--memory-trace", type=Path, metavar="DIR",
                        help="stream workers write RocksDB and heap figures into DIR every "
                             "minute (WIRESTREAM_BENCH_MEMORY_TRACE_PYTHON=1 in --env adds "
                             "tracemalloc diffs, which slow the worker)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for the stream workers (repeatable), "
                             "e.g. TABLE_STANDBY_REPLICAS=0")
    parser.add_argument("--workdir", type=Path,
                        help="keep inputs and worker logs in this folder (default: a temporary "
                             "folder, deleted)")
    parser.add_argument("--json", type=Path, help="also write all figures to this file")
    parser.add_argument("--prewarm", action="store_true",
                        help="also run `process` with its pool forked from a pre-warmed parent "
                             "(the pool is now always forked warm: kept to compare)")
    parser.add_argument("--preloaded", action="store_true",
                        help="after each stream burst row, the same deployment with every "
                             "page in the input topic before the workers consume, the "
                             "benchmark idle meanwhile (the processing rate; no latency)")
    parser.add_argument("--bare-pair", action="store_true",
                        help="also run two bare loops at once (the hardware's two-process "
                             "ceiling: CPU per page rises when both cores are busy)")
    parser.add_argument("--child", choices=("bare", "process", "process-prewarmed"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)

    from tests.kafka_helpers import bootstrap_servers, broker_answers

    for assignment in args.env:
        name, _, value = assignment.partition("=")
        WORKER_ENV[name] = value
    if args.memory_trace:
        WORKER_ENV.update(memory_trace_env(args.memory_trace.resolve()))
    pages = mixed_pages(args.pages)
    kinds = Counter(p.corpus for p in pages)
    about = machine()
    if WORKER_ENV:
        about += "; workers with " + " ".join(f"{k}={v}" for k, v in WORKER_ENV.items())
    print(f"# Throughput: {len(pages)} pages "
          f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})\n# {about}",
          file=sys.stderr)
    stream_timeout = args.stream_timeout or 90 + len(pages) / 4
    servers = bootstrap_servers()
    if not args.skip_stream and not broker_answers(servers):
        sys.exit(f"no Kafka broker answers at {servers}: set KAFKA_BOOTSTRAP_SERVERS, or start "
                 "one with `KAFKA_PORT=39092 KAFKA_CONTROLLER_PORT=39093 "
                 "KAFKA_STATE_DIR=/tmp/kafka-bench bash scripts/kafka/kafka.sh start` and "
                 "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:39092; or pass --skip-stream")

    rows: list[Row] = []
    extra: list[str] = []
    keep = contextlib.nullcontext(str(args.workdir)) if args.workdir else \
        tempfile.TemporaryDirectory(prefix="wirestream-throughput-")
    with keep as tmp:
        work = Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        jsonl = work / "pages.jsonl"
        with open(jsonl, "wb") as handle:
            for page in pages:
                handle.write(orjson.dumps({"url": page.url, "html": page.html}) + b"\n")

        def step(label: str) -> None:
            print(f"[{time.strftime('%H:%M:%S')}] {label}", file=sys.stderr)

        step("bare trafilatura")
        rows.append(run_child("bare", jsonl))
        bare_rate = rows[0].rate
        if args.bare_pair:
            step("bare trafilatura, two loops at once")
            rows.append(run_bare_pair(jsonl))
        for jobs in [] if args.skip_process else sorted({1, args.jobs_max}):
            step(f"process --jobs {jobs}")
            rows.append(run_child("process", jsonl, jobs))
            if args.prewarm:
                step(f"process --jobs {jobs}, pre-warmed")
                rows.append(run_child("process-prewarmed", jsonl, jobs))
        if not args.skip_stream:
            one_worker_rate = 0.0
            for workers in range(1, args.workers_max + 1):
                step(f"stream with {workers} worker(s)")
                profile = args.profile if workers == 1 else None
                row, pid = asyncio.run(stream_burst(pages, workers, work / f"stream{workers}",
                                                    stream_timeout, profile))
                rows.append(row)
                if args.preloaded:
                    step(f"stream with {workers} worker(s), preloaded")
                    rows.append(preloaded_row(row, asyncio.run(stream_preloaded(
                        pages, workers, work / f"stream{workers}-preloaded", stream_timeout))))
                if workers == 1:
                    one_worker_rate = row.rate
                    if profile:
                        spy_out = profile / "worker.pyspy.txt"
                        if spy_out.exists():
                            extra += ["", "## Where time goes (py-spy, 1-worker burst run)", ""]
                            extra += summarise_profile(spy_out, pid)
            if args.workers_max >= 1 and args.pool_row:
                # The default deployment on this machine: one worker, one pool process per
                # core (WIRESTREAM_POOL_SIZE=0), the story stage in the worker's own loop.
                cores = os.cpu_count() or 1
                step(f"stream with 1 worker, pool of {cores}")
                row, _ = asyncio.run(stream_burst(pages, 1, work / "stream1-pool", stream_timeout,
                                                  pool=cores))
                rows.append(row)
                if args.preloaded:
                    step(f"stream with 1 worker, pool of {cores}, preloaded")
                    rows.append(preloaded_row(row, asyncio.run(stream_preloaded(
                        pages, 1, work / "stream1-pool-preloaded", stream_timeout, pool=cores))))
            if one_worker_rate > 0 and not args.skip_paced:
                rate = 0.8 * one_worker_rate
                step(f"stream paced at {rate:.1f} pages/s")
                rows.append(asyncio.run(stream_paced(pages, rate, args.paced_seconds,
                                                     work / "paced", stream_timeout)))
            if args.story_stage is not None:
                step("story stage alone: analysing the pages in this process")
                records = analysed_records(pages)
                for rate in args.story_stage or [0.0]:
                    step(f"story stage alone, {f'{rate:g}/s' if rate else 'all at once'}")
                    rows.append(asyncio.run(stream_story_stage(
                        records, rate, work / f"stage{rate:g}", stream_timeout)))
            if args.soak > 0:
                rate = args.soak_rate or 0.8 * (one_worker_rate or bare_rate * 0.6)
                step(f"soak {args.soak:g} min")
                result = asyncio.run(soak(pages, rate, args.soak, work / "soak"))
                extra += ["", *soak_summary(result)]
                if args.json:
                    args.json.with_suffix(".soak.json").write_bytes(orjson.dumps(result))

    lines = [f"Throughput on {len(pages)} pages "
             f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); {about}", ""]
    lines += table(rows, bare_rate)
    for row in rows:
        if row.topic_records:
            # Input pages: raw ones, or analysed records fed to the story stage alone.
            inputs = (row.topic_records.get("pages.raw")
                      or row.topic_records.get("analysed") or [1])[0] or 1
            lines += ["", f"Kafka traffic per input page ({row.name}; key + value bytes before "
                      "compression):", "", "| topic | records/page | KB/page |", "|---|---:|---:|"]
            lines += [f"| {topic} | {count / inputs:.1f} | {size / inputs / 1024:.1f} |"
                      for topic, (count, size) in sorted(row.topic_records.items())]
    print("\n".join(lines + extra))
    if args.json:
        args.json.write_bytes(orjson.dumps({"machine": about, "rows": [asdict(r) for r in rows]},
                                           option=orjson.OPT_INDENT_2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
