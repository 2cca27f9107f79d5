"""`make run`'s wait for the worker (scripts/run.sh), with a stand-in
`wirestream` command, so no broker or worker is needed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The stand-in: `worker` behaves as $FAKE_WORKER says; other commands only say they ran.
FAKE_WIRESTREAM = """#!/usr/bin/env bash
if [[ "$1" != worker ]]; then echo "ran: $*" >&2; exit 0; fi
case "$FAKE_WORKER" in
  faust-error) echo "[2026-01-01 10:00:00,000] [7] [ERROR] [^Worker]: Error:" \\
                    "OSError(98, 'address already in use')"; exit 1;;
  cli-error) echo "wirestream: cannot reach Kafka at 127.0.0.1:1: connection refused"; exit 2;;
  ready) sleep 0.3; echo "[2026-01-01 10:00:00,000] [7] [INFO] [^Worker]: Ready "; exec sleep 20;;
esac
"""


def run_script(tmp_path: Path, worker: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "run.sh", tmp_path / "scripts" / "run.sh")
    fake = tmp_path / ".venv" / "bin" / "wirestream"
    fake.parent.mkdir(parents=True)
    fake.write_text(FAKE_WIRESTREAM)
    fake.chmod(0o755)
    env = {**os.environ, "FAKE_WORKER": worker, "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"}
    return subprocess.run(["bash", str(tmp_path / "scripts" / "run.sh")], env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("worker, message", [
    ("faust-error", "OSError(98, 'address already in use')"),
    ("cli-error", "wirestream: cannot reach Kafka at 127.0.0.1:1"),
])
def test_a_worker_that_cannot_start_stops_the_run_with_its_reason(
        tmp_path: Path, worker: str, message: str) -> None:
    done = run_script(tmp_path, worker)
    assert done.returncode == 1
    assert "the worker stopped during start-up" in done.stderr
    assert message in done.stderr, done.stderr
    assert "ran: produce" not in done.stderr


def test_a_ready_worker_gets_the_sample_pages(tmp_path: Path) -> None:
    done = run_script(tmp_path, "ready")
    assert done.returncode == 0, done.stderr
    assert "worker ready; producing samples/pages.jsonl.gz" in done.stderr
    assert "ran: produce samples/pages.jsonl.gz" in done.stderr
