"""The README's "give the run its own ports" on a machine where this
checkout's broker already runs on the default ones.

scripts/kafka/kafka.sh knows its broker by the pid file in KAFKA_STATE_DIR, whatever the
port asked for: with other ports and the same state dir it waited for a port its broker
never opens (90 s), then failed. A stand-in process plays the running broker (its command
line names kafka.Kafka, which is what the script checks); nothing is started or fetched.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.kafka_helpers import free_port

ROOT = Path(__file__).resolve().parent.parent
# The script tells its broker by /proc/<pid>/cmdline.
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Linux only")


def test_other_ports_with_the_running_brokers_state_dir_fail_at_once_saying_why(
        tmp_path: Path) -> None:
    broker = subprocess.Popen(["bash", "-c", 'exec -a "java kafka.Kafka" sleep 60'])
    try:
        (tmp_path / "kafka.pid").write_text(f"{broker.pid}\n")
        (tmp_path / "data.ports").write_text("9092 9093\n")  # formatted for the defaults
        (tmp_path / "kafka.log").write_text("... Kafka Server started ...\n")
        client, controller = free_port(), free_port()  # nothing answers on them
        env = {**os.environ, "KAFKA_STATE_DIR": str(tmp_path), "KAFKA_PORT": str(client),
               "KAFKA_CONTROLLER_PORT": str(controller), "KAFKA_START_TIMEOUT": "5"}
        done = subprocess.run(["bash", str(ROOT / "scripts" / "kafka" / "kafka.sh"), "start"],
                              env=env, capture_output=True, text=True, timeout=60)
    finally:
        broker.kill()
        broker.wait()
    assert done.returncode == 1
    assert f"uses ports 9092 9093 (client, controller), not {client} {controller}" in done.stderr
    assert "KAFKA_STATE_DIR" in done.stderr
    assert "waiting for it" not in done.stderr, done.stderr
