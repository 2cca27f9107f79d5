"""benchmarks/throughput.py's preloaded rows stop the workers (SIGSTOP) while the pages are
produced: every worker stopped must be continued, whatever fails. Real processes, no Kafka."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from throughput import stopped


def state(pid: int) -> str:
    """The kernel's one-letter process state (T: stopped)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def wait_for(pid: int, wanted: bool) -> bool:
    """Whether the process is (wanted=True) or is not stopped within two seconds."""
    deadline = time.monotonic() + 2
    while (state(pid) == "T") != wanted:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.fixture
def sleepers() -> Iterator[list[int]]:
    processes = [subprocess.Popen(["sleep", "60"]) for _ in range(2)]
    yield [p.pid for p in processes]
    for process in processes:
        process.kill()
        process.wait()


def gone_pid() -> int:
    """The pid of a process that has exited and been reaped: signalling it raises."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_the_workers_are_stopped_inside_and_continued_when_the_producer_raises(
        sleepers: list[int]) -> None:
    with pytest.raises(RuntimeError), stopped(sleepers):
        assert all(wait_for(pid, True) for pid in sleepers)
        raise RuntimeError("the producer failed")
    assert all(wait_for(pid, False) for pid in sleepers)


def test_a_worker_stopped_before_another_one_fails_to_stop_is_continued(
        sleepers: list[int]) -> None:
    # The inline loop before (SIGSTOP each, then `try`) left the first worker stopped when
    # the second signal raised: the clean-up's SIGTERM then waits 30 s for it.
    first, second = sleepers
    with pytest.raises(ProcessLookupError), stopped([first, gone_pid(), second]):
        pass
    assert wait_for(first, False)
    assert state(second) != "T"
    os.kill(first, 0)  # both still there, only continued
