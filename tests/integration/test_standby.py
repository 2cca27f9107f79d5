"""A standby replica of the tables holds exactly what the story-stage owner wrote.

The worker without the story stage keeps a standby replica of both tables and writes the
changelog records to it a fetched batch at a time (`workers.app`,
`_replay_standby_changelogs_in_batches`), not through Faust's per-event path. When the
owner leaves, the standby becomes the owner and recovers only the changelog past the
offset its replica persisted: whatever the batched path wrote (or skipped) stays. So the
tables the new owner ends with must equal the old owner's, key for key.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import orjson
import pytest
from rocksdict import AccessType, Options, Rdict

from tests.kafka_helpers import Deployment, envelope, produce, real_pages, wait_for_records

pytestmark = pytest.mark.integration

# Faust's own key in each table store: the changelog offset it persisted. The owner
# persists it on commit, a standby after each batch: not table content.
_FAUST_OFFSET_KEY = b"__faust\x00offset__"
_BATCHED = "applied a fetched batch at a time"


def table_contents(data_dir: str, table: str) -> dict[bytes, bytes]:
    path = Path(data_dir) / "v1" / "tables" / f"{table}-0.db"
    store = Rdict(str(path), options=Options(raw_mode=True),
                  access_type=AccessType.read_only())
    try:
        return {key: value for key, value in store.items() if key != _FAUST_OFFSET_KEY}
    finally:
        store.close()


def test_standby_replica_equals_the_owners_tables(deployment: Deployment) -> None:
    pages = real_pages()
    first, second = pages[:6], pages[6:12]
    owner, standby = deployment.start_two_workers()
    topic = deployment.topics["raw"]
    # Two rounds: Faust's standby path takes the first records; once they are applied, the
    # batched path takes over.
    asyncio.run(produce(topic, [(None, envelope(p["url"], p["html"])) for p in first]))
    wait_for_records(deployment, len(first), timeout=180)
    time.sleep(3)
    asyncio.run(produce(topic, [(None, envelope(p["url"], p["html"])) for p in second]))
    wait_for_records(deployment, len(pages[:12]), timeout=180)
    deadline = time.monotonic() + 30
    log = deployment.workdir / f"worker{deployment.workers.index(standby)}.log"
    while _BATCHED not in log.read_text(errors="replace") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _BATCHED in log.read_text(errors="replace"), deployment.logs()

    # The owner leaves; the standby takes the story stage and recovers the rest (Faust
    # logs "Worker ready" once a rebalance's recovery is complete).
    readies = log.read_text(errors="replace").count("Worker ready")
    deployment.stop_worker(owner)
    deployment.wait_web(standby, "/health", lambda body: orjson.loads(body)["story_stage"])
    deadline = time.monotonic() + 60
    while (log.read_text(errors="replace").count("Worker ready") <= readies
           and time.monotonic() < deadline):
        time.sleep(0.5)
    deployment.stop_worker(standby)

    for table in ("stories", "site-boilerplate"):
        old = table_contents(deployment.data_dirs[owner.pid], table)
        new = table_contents(deployment.data_dirs[standby.pid], table)
        assert len(old) > 12, (table, len(old))  # the pages wrote to it
        differing = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        assert not differing, (table, len(old), len(new), differing[:5])
