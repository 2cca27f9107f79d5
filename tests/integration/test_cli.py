"""The `wirestream` command against a real broker, as a user runs it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from tests.kafka_helpers import produce

pytestmark = pytest.mark.integration


def _create_topic(name: str, partitions: int, servers: str) -> None:
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    async def create() -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=servers)
        await admin.start()
        try:
            await admin.create_topics([NewTopic(name, partitions, 1)])
        finally:
            await admin.close()

    asyncio.run(create())


def _wirestream(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workers.cli", *args],
                          capture_output=True, timeout=120, check=True)


@pytest.mark.parametrize("limit", [1, 3, 8])
def test_tail_max_stops_after_exactly_n_records_of_a_many_partition_topic(
    kafka: str, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", kafka)
    topic = f"t{uuid.uuid4().hex[:10]}.cli"
    _create_topic(topic, partitions=4, servers=kafka)
    for partition in range(4):  # records on every partition, so one fetch holds several
        messages = [(None, f'{{"n": {partition * 3 + i}}}'.encode()) for i in range(3)]
        asyncio.run(produce(topic, messages, partition=partition))

    done = _wirestream("tail", topic, "--from-beginning", "--max", str(limit),
                       "--timeout", "20")
    assert len(done.stdout.splitlines()) == limit
    assert f"read {limit} record{'' if limit == 1 else 's'} from".encode() in done.stderr


def test_ctrl_c_stops_tail_without_a_traceback(kafka: str) -> None:
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": kafka}
    topic = f"t{uuid.uuid4().hex[:10]}.cli"
    _create_topic(topic, partitions=1, servers=kafka)
    # Ctrl-C's SIGINT as a terminal delivers it: a test run started in the background by a
    # shell without job control ignores SIGINT, and its children would inherit that.
    tail = subprocess.Popen([sys.executable, "-m", "workers.cli", "tail", topic], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(4)  # connected and waiting for records, as `make run` leaves it
    tail.send_signal(signal.SIGINT)
    _, stderr = tail.communicate(timeout=30)
    assert b"Traceback" not in stderr, stderr.decode(errors="replace")
    assert tail.returncode == 130


def _produce_one_page_to_fresh_topics(kafka: str, tmp_path, name: str, *args: str,
                                      **settings: str) -> subprocess.CompletedProcess:
    """`wirestream produce` of one page, the deployment's topics named after `name`."""
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": kafka, **settings,
           "WIRESTREAM_TOPIC_RAW": f"{name}.pages.raw",
           "WIRESTREAM_TOPIC_CLEAN": f"{name}.articles.clean",
           "WIRESTREAM_TOPIC_DUPLICATES": f"{name}.articles.duplicates",
           "WIRESTREAM_TOPIC_REJECTED": f"{name}.pages.rejected",
           "WIRESTREAM_TOPIC_ANALYSED": f"{name}.analysed"}
    page = tmp_path / "page.jsonl"
    page.write_text('{"url": "https://example.com/a", "html": "<html><body>x</body></html>"}\n')
    return subprocess.run([sys.executable, "-m", "workers.cli", "produce", "--no-progress",
                           *args, str(page)], env=env, capture_output=True, timeout=120)


def test_produce_before_any_worker_creates_the_input_topic_as_the_worker_would(
    kafka: str, tmp_path
) -> None:
    """A broker auto-creating the input topic would give it its own defaults (often one
    partition and a 1 MB message limit): one worker at a time, big pages refused."""
    name = f"t{uuid.uuid4().hex[:10]}"
    done = _produce_one_page_to_fresh_topics(kafka, tmp_path, name,
                                             WIRESTREAM_INPUT_PARTITIONS="3")
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"not found in cluster metadata" not in done.stderr

    partitions, limit = _describe(kafka, [f"{name}.pages.raw", f"{name}.analysed"])
    assert partitions == {f"{name}.pages.raw": 3, f"{name}.analysed": 1}
    from workers.settings import Settings

    assert int(limit) == Settings.from_env(dict(os.environ)).kafka.max_message_bytes


def test_produce_to_another_new_topic_creates_it_like_the_input_topic(kafka: str,
                                                                      tmp_path) -> None:
    """`produce --topic` to a topic that does not exist yet: created with the input topic's
    partitions and size limit, without aiokafka's "Topic not found" while the broker would
    auto-create it with its own defaults."""
    name = f"t{uuid.uuid4().hex[:10]}"
    other = f"{name}.replay"
    done = _produce_one_page_to_fresh_topics(kafka, tmp_path, name, "--topic", other,
                                             WIRESTREAM_INPUT_PARTITIONS="3")
    stderr = done.stderr.decode(errors="replace")
    assert done.returncode == 0, stderr
    assert "not found in cluster metadata" not in stderr, stderr
    assert f"sent 1 pages to {other}" in stderr, stderr
    partitions, limit = _describe(kafka, [other])
    assert partitions == {other: 3}
    from workers.settings import Settings

    assert int(limit) == Settings.from_env(dict(os.environ)).kafka.max_message_bytes


def _describe(kafka: str, names: list[str]) -> tuple[dict[str, int], str]:
    """Partitions of each topic, and the first one's `max.message.bytes`."""
    from aiokafka.admin import AIOKafkaAdminClient
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

    async def describe() -> tuple[dict[str, int], str]:
        admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
        await admin.start()
        try:
            topics = await admin.describe_topics(names)
            configs = await admin.describe_configs(
                [ConfigResource(ConfigResourceType.TOPIC, names[0])])
        finally:
            await admin.close()
        limit = next(entry[1] for entry in configs[0].resources[0][4]
                     if entry[0] == "max.message.bytes")
        return {t["topic"]: len(t["partitions"]) for t in topics}, limit

    return asyncio.run(describe())


def test_produce_says_once_when_the_broker_refuses_to_create_the_topics_and_sends_anyway(
    kafka: str, tmp_path
) -> None:
    """A broker that refuses the topics (no CREATE right under ACLs, or, as here on one
    broker, a replication factor it cannot meet) answers CreateTopics with an error code
    a topic: `produce` must say so in one line and send anyway, not report them created."""
    name = f"t{uuid.uuid4().hex[:10]}"
    done = _produce_one_page_to_fresh_topics(kafka, tmp_path, name,
                                             WIRESTREAM_REPLICATION_FACTOR="3")
    stderr = done.stderr.decode(errors="replace")
    assert "created topics" not in stderr, stderr
    assert stderr.count("could not check or create the topics") == 1, stderr
    assert "sent 1 pages" in stderr, stderr
