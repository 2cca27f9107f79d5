"""Helpers for integration tests against a real Kafka broker: workers as real processes."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

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

    def start_worker(self, data_suffix: str = "") -> subprocess.Popen:
        index = len(self.workers)
        env = self.env()
        env["WIRESTREAM_WEB_PORT"] = str(free_port())
        env["WIRESTREAM_DATA_DIR"] = str(self.workdir / f"data{index}{data_suffix}")
        log = open(self.workdir / f"worker{index}.log", "ab")  # noqa: SIM115 - owned by the process
        process = subprocess.Popen(
            [sys.executable, "-m", "workers.cli", "--log-level", "info", "worker"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.workers.append(process)
        return process

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
                  partition: int | None = None) -> int:
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
                     isolation_level: str = "read_uncommitted") -> dict[str, list[dict]]:
    """Read the output topics from the beginning until `expected` records or `timeout` s."""
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
            batches = await consumer.getmany(timeout_ms=500)
            for tp, records in batches.items():
                for record in records:
                    found[by_name[tp.topic]].append(orjson.loads(record.value))
            if sum(len(v) for v in found.values()) >= expected:
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
