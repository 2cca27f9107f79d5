"""Helpers for integration tests against a real Kafka broker: workers as real processes."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BOOTSTRAP = "127.0.0.1:9092"


def bootstrap_servers() -> str:
    return os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or DEFAULT_BOOTSTRAP


def broker_answers(servers: str) -> bool:
    host, _, port = servers.split(",")[0].rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=2):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Deployment:
    """One isolated Wirestream deployment: its own app id, topics and data folder."""

    workdir: Path
    partitions: int = 2
    extra_env: dict[str, str] = field(default_factory=dict)
    name: str = field(default_factory=lambda: "t" + uuid.uuid4().hex[:10])
    workers: list[subprocess.Popen] = field(default_factory=list)
    web_ports: dict[int, int] = field(default_factory=dict)
    data_dirs: dict[int, str] = field(default_factory=dict)
    topics_created: bool = False

    @property
    def topics(self) -> dict[str, str]:
        return {
            "raw": f"{self.name}.pages.raw",
            "clean": f"{self.name}.articles.clean",
            "duplicates": f"{self.name}.articles.duplicates",
            "rejected": f"{self.name}.pages.rejected",
            "analysed": f"{self.name}.analysed",
        }

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap_servers(),
            "WIRESTREAM_APP_ID": self.name,
            "WIRESTREAM_INPUT_PARTITIONS": str(self.partitions),
            "WIRESTREAM_DATA_DIR": str(self.workdir / "data"),
            "WIRESTREAM_POOL_SIZE": "1",
            "PYTHONUNBUFFERED": "1",
        })
        for kind, topic in self.topics.items():
            env[f"WIRESTREAM_TOPIC_{kind.upper()}"] = topic
        env.update(self.extra_env)
        return env

    def settings(self) -> Any:
        from workers.settings import Settings

        return Settings.from_env(self.env())

    def create_topics(self) -> None:
        """Create the topics with the deployment's partitions before anything is produced
        (a producer racing the first worker would auto-create the input topic otherwise)."""
        if not self.topics_created:
            from workers.kafka import ensure_topics

            asyncio.run(ensure_topics(self.settings()))
            self.topics_created = True

    def start_worker(self, data_suffix: str = "", env: dict[str, str] | None = None,
                     same_host_as: subprocess.Popen | None = None) -> subprocess.Popen:
        """Start a worker with its own (empty) data folder, or the folder of the earlier
        worker `same_host_as` (a restart on the same host keeps its local table store)."""
        self.create_topics()
        index = len(self.workers)
        port = free_port()
        env = {**self.env(), **(env or {})}
        env["WIRESTREAM_WEB_PORT"] = str(port)
        data = self.workdir / f"data{index}{data_suffix}"
        if same_host_as is not None:
            data = Path(self.data_dirs[same_host_as.pid])
        env["WIRESTREAM_DATA_DIR"] = str(data)
        log = open(self.workdir / f"worker{index}.log", "ab")  # noqa: SIM115 - owned by the process
        process = subprocess.Popen(
            [sys.executable, "-m", "workers.cli", "--log-level", "info", "worker"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.workers.append(process)
        self.web_ports[process.pid] = port
        self.data_dirs[process.pid] = str(data)
        return process

    def web(self, process: subprocess.Popen, path: str, timeout: float = 5) -> bytes:
        """GET a path of a worker's web server (/health, /metrics)."""
        url = f"http://127.0.0.1:{self.web_ports[process.pid]}{path}"
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()

    def wait_web(self, process: subprocess.Popen, path: str, ready: Callable[[bytes], bool],
                 timeout: float = 90) -> bytes:
        """Poll a worker's web path until `ready(body)`; fails with the logs after `timeout`."""
        deadline = time.monotonic() + timeout
        last: bytes | str = b""
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"worker exited with {process.returncode}\n{self.logs()}")
            try:
                last = self.web(process, path)
                if ready(last):
                    return last
            except (OSError, ValueError) as error:
                last = str(error)
            time.sleep(0.5)
        raise AssertionError(f"{path} never ready; last answer {last!r:.300}\n{self.logs()}")

    def health(self, process: subprocess.Popen) -> dict[str, Any]:
        return orjson.loads(self.web(process, "/health"))

    def start_two_workers(self) -> tuple[subprocess.Popen, subprocess.Popen]:
        """Two workers, once both own input partitions: (story-stage owner, the other)."""
        workers = [self.start_worker(), self.start_worker()]
        for worker in workers:
            self.wait_web(worker, "/health",
                          lambda body: bool(orjson.loads(body)["input_partitions"]))
        health = {w.pid: self.health(w) for w in workers}
        owner = next(w for w in workers if health[w.pid]["story_stage"])
        return owner, next(w for w in workers if w is not owner)

    def stop_worker(self, process: subprocess.Popen, sig: int = signal.SIGTERM,
                    timeout: float = 60) -> None:
        if process.poll() is None:
            os.killpg(process.pid, sig)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.workers:
            with contextlib.suppress(ProcessLookupError):
                self.stop_worker(process, timeout=30)

    def logs(self) -> str:
        parts = []
        for path in sorted(self.workdir.glob("worker*.log")):
            text = path.read_text(errors="replace")
            parts.append(f"--- {path.name} (last 4000 chars)\n{text[-4000:]}")
        return "\n".join(parts)


async def produce(topic: str, messages: Iterable[tuple[bytes | None, bytes]],
                  partition: int | None = None, timeout: float = 60) -> int:
    """Send `(key, value)` messages and wait until the broker has them all (bounded)."""
    return await asyncio.wait_for(_produce(topic, list(messages), partition), timeout)


async def _produce(topic: str, messages: list[tuple[bytes | None, bytes]],
                   partition: int | None) -> int:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers(), max_request_size=16_777_216,
        compression_type="zstd", acks="all",
    )
    await producer.start()
    count = 0
    try:
        futures = []
        for key, value in messages:
            futures.append(await producer.send(topic, value, key=key, partition=partition))
            count += 1
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return count


async def read_until(topics: dict[str, str], expected: int, timeout: float,
                     isolation_level: str = "read_uncommitted",
                     urls: set[str] | None = None) -> dict[str, list[dict]]:
    """Read the output topics from the beginning until `expected` records (and a record
    for each of `urls`, when given: a republished record must not count twice) or
    `timeout` s."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers(), enable_auto_commit=False,
        isolation_level=isolation_level, max_partition_fetch_bytes=16_777_216,
    )
    await consumer.start()
    found: dict[str, list[dict]] = {kind: [] for kind in topics}
    by_name = {name: kind for kind, name in topics.items()}
    try:
        deadline = time.monotonic() + timeout
        assigned: set[TopicPartition] = set()
        while time.monotonic() < deadline:
            await consumer._client.force_metadata_update()
            wanted = {
                TopicPartition(name, p)
                for name in topics.values()
                for p in (consumer.partitions_for_topic(name) or ())
            }
            if wanted != assigned:
                consumer.assign(sorted(wanted))
                await consumer.seek_to_beginning(*wanted)
                for kind in found:
                    found[kind].clear()
                assigned = wanted
            if not assigned:
                # No topic exists yet: aiokafka's getmany would wait for an assignment forever.
                await asyncio.sleep(0.5)
                continue
            batches = await consumer.getmany(timeout_ms=500)
            for tp, records in batches.items():
                for record in records:
                    found[by_name[tp.topic]].append(orjson.loads(record.value))
            seen = {r.get("url") for records in found.values() for r in records}
            if sum(len(v) for v in found.values()) >= expected and (not urls or urls <= seen):
                # A little longer: anything beyond `expected` is a duplicate publication.
                extra_deadline = time.monotonic() + 3
                while time.monotonic() < extra_deadline:
                    batches = await consumer.getmany(timeout_ms=500)
                    for tp, records in batches.items():
                        for record in records:
                            found[by_name[tp.topic]].append(orjson.loads(record.value))
                break
    finally:
        await consumer.stop()
    return found


def envelope(url: str, html: str) -> bytes:
    return orjson.dumps({"url": url, "html": html})


# -- real pages and the checks every reliability test makes ------------------------------

SAMPLES = REPO / "samples" / "pages.jsonl.gz"
PAGES = REPO / "tests" / "integration" / "pages"
OUTPUT_KINDS = ("clean", "duplicates", "rejected")


def real_pages() -> list[dict[str, str]]:
    """Twenty distinct real news pages: the eight samples and twelve test pages."""
    pages = []
    with gzip.open(SAMPLES, "rb") as handle:
        for line in handle:
            try:
                page = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue  # the sample file's deliberately broken line
            if "utm_" not in page["url"]:
                pages.append({"url": page["url"], "html": page["html"]})
    for folder in sorted(PAGES.iterdir()):
        if (folder / "page.json").exists():
            meta = orjson.loads((folder / "page.json").read_bytes())
            with gzip.open(folder / "page.html.gz", "rb") as handle:
                html = handle.read().decode("utf-8", "replace")
            pages.append({"url": meta["url"], "html": html})
    return pages


def copy_url(url: str, n: int) -> str:
    """The same page under a tracking link: a copy that must come out as a duplicate."""
    return f"{url}{'&' if '?' in url else '?'}utm_source=copy{n}"


def output_topics(deployment: Deployment) -> dict[str, str]:
    return {kind: deployment.topics[kind] for kind in OUTPUT_KINDS}


@dataclass
class Outcome:
    """What came out for a set of inputs, read back from the output topics."""

    found: dict[str, list[dict]]
    # url -> {kind: number of records}; a url on two kinds or twice on one is a finding.
    by_url: dict[str, dict[str, int]]
    republished: int

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.found.values())


def outcome_of(found: dict[str, list[dict]]) -> Outcome:
    by_url: dict[str, dict[str, int]] = {}
    distinct: set[bytes] = set()
    republished = 0
    for kind, records in found.items():
        for record in records:
            url = record.get("url") or record.get("input", {}).get("key") or ""
            counts = by_url.setdefault(url, {})
            counts[kind] = counts.get(kind, 0) + 1
            # The same decision published again (at-least-once) carries the same ids.
            identity = orjson.dumps([kind, url, record.get("id"), record.get("duplicate_of"),
                                     record.get("reason")])
            if identity in distinct:
                republished += 1
            distinct.add(identity)
    return Outcome(found, by_url, republished)


def check_stories(outcome: Outcome, originals: list[str], copies: dict[str, str]) -> None:
    """Each original and each copy on exactly one topic; each story one article, the other
    page a duplicate of that article (whichever of the two was decided first)."""
    clean = {a["url"]: a for a in outcome.found["clean"]}
    duplicates = {d["url"]: d for d in outcome.found["duplicates"]}
    for url in [*originals, *copies]:
        kinds = {k for k, n in outcome.by_url.get(url, {}).items() if n}
        assert len(kinds) == 1, f"{url} came out on {kinds or 'no topic'}"
    for copy, original in copies.items():
        pair = [u for u in (original, copy) if u in clean]
        assert len(pair) == 1, f"story of {original}: articles for {pair}"
        other = copy if pair[0] == original else original
        assert other in duplicates, f"{other} is not a duplicate"
        assert duplicates[other]["duplicate_of"] == clean[pair[0]]["id"]
    assert not outcome.found["rejected"], outcome.found["rejected"][:3]


def wait_for_records(deployment: Deployment, at_least: int, timeout: float) -> int:
    """Poll the output topics' end offsets until they hold `at_least` records."""
    deadline = time.monotonic() + timeout
    count = 0
    while time.monotonic() < deadline:
        count = asyncio.run(count_records(list(output_topics(deployment).values())))
        if count >= at_least:
            return count
        time.sleep(0.3)
    raise AssertionError(f"only {count} of {at_least} records after {timeout} s\n"
                         f"{deployment.logs()}")


async def count_records(topics: list[str]) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers())
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()
        tps = [TopicPartition(t, p) for t in topics for p in (consumer.partitions_for_topic(t)
                                                                or ())]
        if not tps:
            return 0
        ends = await consumer.end_offsets(tps)
        return sum(ends.values())
    finally:
        await consumer.stop()


def metric_value(text: str, name: str, **labels: str) -> float:
    """One sample of a Prometheus text exposition (0 when absent)."""
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        series, _, value = line.rpartition(" ")
        metric, _, rest = series.partition("{")
        if metric != name:
            continue
        got = ",".join(sorted(rest.rstrip("}").split(","))) if rest else ""
        if got == want:
            return float(value)
    return 0.0


# -- evidence of a failed run: what the story stage saw, wrote and committed ---------------


async def _read_all(topic: str) -> list[Any]:
    """Every record of `topic` (all partitions, from the beginning), in partition order."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers(), enable_auto_commit=False,
                                max_partition_fetch_bytes=16_777_216)
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic)
                                                         or ())]
        if not tps:
            return []
        ends = await consumer.end_offsets(tps)
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        records: list[Any] = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            positions = [await consumer.position(tp) for tp in tps]
            if all(at >= ends[tp] for at, tp in zip(positions, tps, strict=True)):
                break
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                records += batch
        return sorted(records, key=lambda r: (r.partition, r.offset))
    finally:
        await consumer.stop()


async def _committed(group: str, topics: list[str]) -> dict[str, int | None]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers(), group_id=group,
                                enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()
        committed = {}
        for topic in topics:
            for p in sorted(consumer.partitions_for_topic(topic) or ()):
                committed[f"{topic}[{p}]"] = await consumer.committed(TopicPartition(topic, p))
        return committed
    finally:
        await consumer.stop()


def story_stage_evidence(deployment: Deployment) -> str:
    """What explains a failed story-stage run: the analysed topic in order (offset, input
    id, URL), the stories changelog (per offset the kind of key, and for decision keys the
    input and its decision), the output records' order and the group's committed offsets.
    Also written to `story-stage-evidence.txt` in the deployment's folder."""
    from workers.dedup import _input_key

    async def gather() -> tuple[list[Any], list[Any], dict[str, list[Any]], dict]:
        analysed = await _read_all(deployment.topics["analysed"])
        changelog = await _read_all(f"{deployment.name}-stories-changelog")
        outputs = {kind: await _read_all(deployment.topics[kind]) for kind in OUTPUT_KINDS}
        committed = await _committed(deployment.name, [deployment.topics["raw"],
                                                       deployment.topics["analysed"]])
        return analysed, changelog, outputs, committed

    analysed, changelog, outputs, committed = asyncio.run(gather())
    lines = [f"committed offsets of group {deployment.name}: {committed}",
             f"analysed topic ({len(analysed)} records):"]
    inputs: dict[str, str] = {}  # decision key -> "input id url"
    for record in analysed:
        input_id = (record.key or b"").decode()
        url = orjson.loads(record.value).get("extracted", {}).get("url", "?")
        inputs[_input_key(input_id)] = f"{input_id} {url}"
        lines.append(f"  @{record.offset} {input_id} {url}")
    lines.append(f"stories changelog ({len(changelog)} records; runs of other keys counted):")
    run: list[str] = []

    def close_run() -> None:
        if run:
            kinds = {k: run.count(k) for k in sorted(set(run))}
            lines.append(f"    {len(run)} keys {kinds}")
            run.clear()

    for record in changelog:
        key = (record.key or b"").decode("ascii", "replace")
        if key.startswith("i") and "." not in key:
            close_run()
            value = record.value or b""
            mark = "P " if value[8:9] == b"P" else ""
            decision = orjson.loads(value[8:].removeprefix(b"P")) if value else {}
            lines.append(f"  @{record.offset} {key} {mark}{inputs.get(key, '?')}: "
                         f"{decision.get('kind')} story {decision.get('story_id')} "
                         f"article {decision.get('article_id')}")
        else:
            run.append(key[:1])
    close_run()
    for kind, records in outputs.items():
        lines.append(f"{kind} ({len(records)} records):")
        for record in records:
            body = orjson.loads(record.value)
            lines.append(f"  [{record.partition}]@{record.offset} {body.get('url')} "
                         f"id {body.get('id')} story {body.get('story_id')} "
                         f"dup_of {body.get('duplicate_of')}")
    text = "\n".join(lines)
    (deployment.workdir / "story-stage-evidence.txt").write_text(text)
    return text
