"""Failures on a real broker: killed workers, a restarted broker, hostile and huge input.

Every test runs real `wirestream worker` processes against the broker of
`KAFKA_BOOTSTRAP_SERVERS` with its own topics, and stops by itself. What is
measured (recovery times, records published again) is printed: run with `-s`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from pathlib import Path

import orjson
import pytest

from tests.kafka_helpers import (
    REPO,
    Deployment,
    bootstrap_servers,
    check_stories,
    copy_url,
    envelope,
    metric_value,
    outcome_of,
    output_topics,
    produce,
    read_until,
    real_pages,
    story_stage_evidence,
    wait_for_records,
)
from tests.test_hostile_input import hostile_pages
from workers.schemas import validate

pytestmark = pytest.mark.integration

# A killed worker's partitions move after this; Faust's default (60 s) would dominate.
FAST_FAILOVER = {"BROKER_SESSION_TIMEOUT": "6", "BROKER_HEARTBEAT_INTERVAL": "1"}


def stories(count: int) -> tuple[list[dict], list[tuple[bytes | None, bytes]], dict[str, str]]:
    """`count` real pages and a copy of each; returns pages, messages, copy -> original."""
    pages = real_pages()[:count]
    copies = {copy_url(p["url"], 1): p["url"] for p in pages}
    messages = [(None, envelope(p["url"], p["html"])) for p in pages]
    messages += [(None, envelope(copy, p["html"])) for copy, p in zip(copies, pages,
                                                                       strict=True)]
    return pages, messages, copies


def test_terminated_worker_loses_nothing(deployment: Deployment) -> None:
    """SIGTERM mid-stream: pages in flight finish or are not committed; nothing lost."""
    pages, messages, copies = stories(10)
    worker = deployment.start_worker()
    asyncio.run(produce(deployment.topics["raw"], messages))
    wait_for_records(deployment, 4, timeout=180)
    started = time.monotonic()
    deployment.stop_worker(worker, signal.SIGTERM, timeout=60)
    print(f"\nSIGTERM: worker stopped in {time.monotonic() - started:.1f} s")
    assert worker.returncode == 0, deployment.logs()

    started = time.monotonic()
    deployment.start_worker()
    found = asyncio.run(read_until(output_topics(deployment), len(messages), timeout=180,
                                   urls={p["url"] for p in pages} | set(copies)))
    outcome = outcome_of(found)
    print(f"restart after SIGTERM: all out after {time.monotonic() - started:.1f} s; "
          f"records published again: {outcome.republished}")
    check_stories(outcome, [p["url"] for p in pages], copies)


def kill_mid_stream(deployment: Deployment, same_host: bool
                    ) -> tuple[subprocess.Popen, list[dict], dict[str, list[dict]]]:
    """kill -9 mid-stream and restart: every page once, dedup state kept. Returns the
    restarted worker, the pages, and the records read from the output topics."""
    deployment.extra_env.update(FAST_FAILOVER)
    pages, messages, copies = stories(20)
    worker = deployment.start_worker()
    asyncio.run(produce(deployment.topics["raw"], messages))
    wait_for_records(deployment, 14, timeout=180)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    killed_at = time.monotonic()
    crashed_with = asyncio.run(read_until(output_topics(deployment), 1, timeout=10))

    replacement = deployment.start_worker(same_host_as=worker if same_host else None)
    every_url = {p["url"] for p in pages} | set(copies)
    found = asyncio.run(read_until(output_topics(deployment), len(messages), timeout=120,
                                   urls=every_url))
    outcome = outcome_of(found)
    print(f"\nkill -9 ({'same data folder' if same_host else 'new host'}): "
          f"{outcome.total} records for {len(messages)} inputs "
          f"{time.monotonic() - killed_at:.1f} s after the kill; "
          f"published again (same decision): {outcome.republished}")
    try:
        check_stories(outcome, [p["url"] for p in pages], copies)
    except AssertionError as failure:
        # Rare and load-dependent: keep what explains it (also in the test's folder).
        raise AssertionError(f"{failure}\n{story_stage_evidence(deployment)}") from None
    for kind, schema in (("clean", "article"), ("duplicates", "duplicate")):
        for record in found[kind]:
            validate(schema, record)

    # Stories decided before the crash are still known after it.
    decided_before = {r["url"] for r in crashed_with["clean"]}
    late = [p for p in pages if p["url"] in decided_before or copy_url(p["url"], 1)
            in decided_before][:3]
    assert late, "nothing was decided before the kill"
    late_messages = [(None, envelope(copy_url(p["url"], 2), p["html"])) for p in late]
    asyncio.run(produce(deployment.topics["raw"], late_messages))
    late_urls = {copy_url(p["url"], 2) for p in late}
    found = asyncio.run(read_until(output_topics(deployment), outcome.total + len(late),
                                   timeout=120, urls=every_url | late_urls))
    assert {d["url"] for d in found["duplicates"]} >= late_urls, deployment.logs()
    assert not late_urls & {a["url"] for a in found["clean"]}
    return replacement, pages, found


def test_killed_worker_restarted_on_its_host_loses_nothing(deployment: Deployment) -> None:
    """Then the restarted worker is killed too and a new host takes over from the
    changelog alone: every story must still be known there. A worker restarted on its
    host keeps local tables that can be ahead of the changelog; its replays write their
    decisions' state again (`StoryIndex._write_again`). The kill rarely lands in that
    window here (3 of 3 runs passed without the fix): the deterministic check is
    tests/test_story_stage.py's kill-point test; this one checks the real chain."""
    restarted, pages, found = kill_mid_stream(deployment, same_host=True)
    time.sleep(1)  # the last decisions' changelog batches out (20 ms linger)
    os.killpg(restarted.pid, signal.SIGKILL)
    restarted.wait(timeout=10)
    deployment.start_worker()
    total = sum(len(records) for records in found.values())
    third = {copy_url(p["url"], 3): p["url"] for p in pages}
    asyncio.run(produce(deployment.topics["raw"],
                        [(None, envelope(url, p["html"])) for url, p in zip(third, pages,
                                                                             strict=True)]))
    found = asyncio.run(read_until(output_topics(deployment), total + len(third), timeout=120,
                                   urls=set(third)))
    known = {d["url"] for d in found["duplicates"]} & set(third)
    assert known == set(third), (
        f"new host after a same-host restart took {sorted(set(third) - known)} for new "
        f"stories\n{story_stage_evidence(deployment)}")


def test_killed_worker_replaced_on_a_new_host_loses_nothing(deployment: Deployment) -> None:
    """The replacement restores its tables from the changelogs first: the input records
    its fetcher reads meanwhile must not be lost (see `_hold_stream_records_while_rebalancing`
    in workers/app.py; this failed in 4 of 13 runs without it)."""
    kill_mid_stream(deployment, same_host=False)


def broker_script_env() -> dict[str, str] | None:
    """The environment under which scripts/kafka/kafka.sh controls the test broker."""
    env = dict(os.environ)
    port = bootstrap_servers().split(",")[0].rpartition(":")[2]
    env.setdefault("KAFKA_PORT", port)
    if env["KAFKA_PORT"] != port:
        return None
    status = subprocess.run(["bash", "scripts/kafka/kafka.sh", "status"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=30)
    return env if status.stdout.startswith("running (pid") else None


def broker(command: str, env: dict[str, str]) -> None:
    subprocess.run(["bash", "scripts/kafka/kafka.sh", command], cwd=REPO, env=env, check=True,
                   capture_output=True, timeout=180)


def test_worker_carries_on_after_a_broker_restart(deployment: Deployment) -> None:
    env = broker_script_env()
    if env is None:
        pytest.skip("the broker was not started by scripts/kafka/kafka.sh with this "
                    "KAFKA_PORT / KAFKA_STATE_DIR: cannot restart it")
    pages, messages, copies = stories(10)
    worker = deployment.start_worker()
    asyncio.run(produce(deployment.topics["raw"], messages[:10]))
    wait_for_records(deployment, 3, timeout=180)
    try:
        started = time.monotonic()
        broker("stop", env)
        down = time.monotonic()
        time.sleep(3)
    finally:
        broker("start", env)
    print(f"\nbroker restart: stopped in {down - started:.1f} s, "
          f"back after {time.monotonic() - down:.1f} s")
    restarted = time.monotonic()
    asyncio.run(produce(deployment.topics["raw"], messages[10:]))
    found = asyncio.run(read_until(output_topics(deployment), len(messages), timeout=240))
    print(f"all {len(messages)} inputs out {time.monotonic() - restarted:.1f} s after "
          "the broker came back")
    assert worker.poll() is None, "the worker died with the broker\n" + deployment.logs()
    outcome = outcome_of(found)
    print(f"records published again (same decision): {outcome.republished}")
    check_stories(outcome, [p["url"] for p in pages], copies)


def test_survivor_takes_over_partitions_and_story_state(deployment: Deployment) -> None:
    deployment.extra_env.update(FAST_FAILOVER)
    pages, messages, copies = stories(8)
    owner, survivor = deployment.start_two_workers()
    asyncio.run(produce(deployment.topics["raw"], messages[:8]))
    wait_for_records(deployment, 8, timeout=180)

    os.killpg(owner.pid, signal.SIGKILL)
    owner.wait(timeout=10)
    killed_at = time.monotonic()
    asyncio.run(produce(deployment.topics["raw"], messages[8:]))
    found = asyncio.run(read_until(output_topics(deployment), len(messages), timeout=180))
    print(f"\ntwo workers, story-stage owner killed: all out "
          f"{time.monotonic() - killed_at:.1f} s after the kill")
    taken = deployment.health(survivor)
    assert taken["story_stage"], taken
    assert sorted(taken["input_partitions"]) == list(range(deployment.partitions)), taken
    outcome = outcome_of(found)
    check_stories(outcome, [p["url"] for p in pages], copies)
    # The copies arrived after the kill: the survivor knew the stories from the changelog.
    assert {d["url"] for d in found["duplicates"]} == set(copies), deployment.logs()


def test_hostile_and_huge_input_through_kafka_is_observable(deployment: Deployment) -> None:
    """Hostile pages, broken messages and a 10 MB page: each ends on clean or rejected,
    the worker stays up, and /health and /metrics say what happened."""
    deployment.extra_env["WIRESTREAM_PAGE_TIMEOUT_S"] = "10"
    hostile = hostile_pages()
    broken = [
        (None, b""),
        (None, b"   \n"),
        (None, b'{"not": "an envelope"}'),
        (None, b"[1, 2]"),
        (b"https://example.com/bin", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16),
        (b"https://example.com/nul", b"\x00" * 5000),
    ]
    page = real_pages()[1]
    padding = 9_950_000 - len(page["html"])
    ten_mb = page["html"].replace(
        "</body>", "<script>var d = '" + "x" * padding + "';</script></body>")
    big = (None, envelope(page["url"], ten_mb))
    # Just under the 10 MB page limit (max_html_bytes), ten times Kafka's default limit.
    assert len(ten_mb) < 10_000_000 and len(big[1]) > 9_900_000
    messages = [*hostile.values(), *broken, big]
    worker = deployment.start_worker()
    deployment.wait_web(worker, "/health", lambda body: orjson.loads(body)["status"] == "ok")
    asyncio.run(produce(deployment.topics["raw"], messages, timeout=120))
    found = asyncio.run(read_until(output_topics(deployment), len(messages), timeout=240))
    outcome = outcome_of(found)
    assert outcome.total == len(messages), deployment.logs()
    assert worker.poll() is None
    for record in found["rejected"]:
        validate("rejected", record)
        assert record["reason"] and record["detail"]
    reasons = sorted(r["reason"] for r in found["rejected"])
    print(f"\nhostile input through Kafka: {len(found['clean'])} articles, "
          f"{len(found['duplicates'])} duplicates, rejected {reasons}")
    assert page["url"] in {a["url"] for a in found["clean"]}, "the 10 MB page did not pass"
    # The hostile copies of one real story: one article, the others its duplicates.
    story = {a["url"] for a in found["clean"]} | {d["url"] for d in found["duplicates"]}
    for name in ("big_attribute", "unclosed", "nul_bytes", "lying_charset", "eight_mb"):
        assert any(url.endswith(f"#{name}") for url in story), name
    assert reasons.count("empty") >= 3 and reasons.count("malformed_envelope") == 2
    assert reasons.count("not_html") >= 1

    health = deployment.health(worker)
    assert health["status"] == "ok" and health["story_stage"]
    assert sorted(health["input_partitions"]) == list(range(deployment.partitions))
    text = deployment.web(worker, "/metrics").decode()
    assert metric_value(text, "wirestream_pages_in_total") == len(messages)
    for kind in ("clean", "rejected"):
        assert metric_value(text, "wirestream_records_out_total",
                            topic=deployment.topics[kind]) == len(found[kind])
    for reason in set(reasons):
        assert metric_value(text, "wirestream_rejects_total", reason=reason) == \
            reasons.count(reason)
    pages_extracted = len(messages) - len(broken)
    assert metric_value(text, "wirestream_extraction_seconds_count") == pages_extracted
    assert metric_value(text, "wirestream_consumer_lag", topic=deployment.topics["raw"],
                        partition="0") == 0
    assert metric_value(text, "wirestream_assigned_partitions",
                        topic=deployment.topics["raw"]) == deployment.partitions


def test_no_secret_in_the_logs(tmp_path: Path, kafka: str) -> None:
    secret = "pa55-w0rd-never-logged"
    deployment = Deployment(workdir=tmp_path, extra_env={
        "KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM": "PLAIN",
        "KAFKA_SASL_USERNAME": "wirestream", "KAFKA_SASL_PASSWORD": secret,
    })
    deployment.topics_created = True  # the broker would refuse SASL: nothing to create
    worker = deployment.start_worker()
    try:
        worker.wait(timeout=40)
    except subprocess.TimeoutExpired:
        pass
    finally:
        deployment.stop_all()
    logs = "".join(p.read_text(errors="replace") for p in tmp_path.glob("worker*.log"))
    assert "wirestream" in logs
    assert secret not in logs
