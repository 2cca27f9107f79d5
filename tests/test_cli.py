"""The `wirestream` command without a broker: what a user sees when Kafka is not there."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from faust.cli.base import LOGLEVELS

from tests.kafka_helpers import free_port
from workers.cli import _LOG_LEVELS, _parser

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pages.jsonl.gz"


@pytest.mark.parametrize("command", [["produce", "--no-progress", str(SAMPLES)],
                                     ["tail", "clean", "--timeout", "1"]])
def test_an_unreachable_broker_is_one_clear_line_and_exit_status_2(command: list[str]) -> None:
    servers = f"127.0.0.1:{free_port()}"  # nothing listens there
    done = subprocess.run([sys.executable, "-m", "workers.cli", *command],
                          env={**os.environ, "KAFKA_BOOTSTRAP_SERVERS": servers},
                          capture_output=True, timeout=60)
    assert done.returncode == 2
    assert f"cannot reach Kafka at {servers}".encode() in done.stderr
    assert b"Unclosed" not in done.stderr, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize("level", ["debug", "info", "warning", "error", "WARNING"])
def test_every_documented_log_level_is_one_the_faust_worker_accepts(level: str) -> None:
    args = _parser().parse_args(["--log-level", level, "worker"])
    # run_worker hands this to Faust's own command line, which checks it against LOGLEVELS.
    assert _LOG_LEVELS[args.log_level].upper() in LOGLEVELS


def test_an_unknown_log_level_is_refused_before_anything_starts() -> None:
    done = subprocess.run([sys.executable, "-m", "workers.cli", "--log-level", "verbose",
                           "topics"], capture_output=True, timeout=60)
    assert done.returncode == 2
    assert b"invalid choice: 'verbose'" in done.stderr


@pytest.mark.parametrize("command", ["process", "produce"])
def test_a_file_of_no_input_kind_is_an_error_not_an_empty_run(command: str,
                                                              tmp_path: Path) -> None:
    pages = tmp_path / "pages.txt"
    pages.write_text('{"url": "https://example.com/a", "html": "<p>a</p>"}\n')
    args = [command, str(pages)] + (["--out", str(tmp_path / "out")] if command == "process"
                                    else [])
    done = subprocess.run([sys.executable, "-m", "workers.cli", *args],
                          capture_output=True, timeout=120)
    assert done.returncode == 2
    assert b"pages.txt: not an input file" in done.stderr


def test_process_keeps_trafilaturas_per_page_warnings_out_of_the_output(tmp_path: Path) -> None:
    # trafilatura warns "discarding data" when its first pass finds a page too short (this
    # Korean page: twice); the stage decides that itself, so the user sees none of it.
    case = Path(__file__).resolve().parent / "pages" / "kr_HankookIlbo_2026_01_29"
    url = orjson.loads((case / "expected.json").read_bytes())["url"]
    html = gzip.decompress((case / "page.html.gz").read_bytes()).decode("utf-8")
    pages = tmp_path / "pages.jsonl"
    pages.write_bytes(orjson.dumps({"url": url, "html": html}) + b"\n")
    done = subprocess.run([sys.executable, "-m", "workers.cli", "process", str(pages),
                           "--out", str(tmp_path / "out"), "--jobs", "1", "--no-progress"],
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"1 articles" in done.stderr
    assert b"discarding data" not in done.stderr


@pytest.mark.parametrize("value", ["-1", "many"])
def test_tail_max_must_be_a_count(value: str) -> None:
    # `--max -1` used to read nothing at all and exit as if the topic were empty.
    with pytest.raises(SystemExit):
        _parser().parse_args(["tail", "clean", "--max", value])
    assert _parser().parse_args(["tail", "clean", "--max", "0"]).max == 0


@pytest.mark.parametrize("topic", ["pages raw", "pages/raw", "..", "", "t" * 250, "seiten.ö"])
def test_produce_refuses_a_topic_name_kafka_refuses(topic: str) -> None:
    # Such a name was sent to the broker, whose refusal to create it was printed as "could
    # not check or create the topics ...; sending anyway": every page then waited out
    # aiokafka's metadata timeout.
    with pytest.raises(SystemExit):
        _parser().parse_args(["produce", str(SAMPLES), "--topic", topic])
    for name in ("pages.raw", "pages_raw-2", "t" * 249):
        assert _parser().parse_args(["produce", str(SAMPLES), "--topic", name]).topic == name
