"""The `wirestream` command: worker, produce, tail, process, topics."""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import sys
import time
from pathlib import Path
from typing import Any

import orjson
from aiokafka.errors import KafkaConnectionError, KafkaError

from workers.inputs import UnsupportedInput
from workers.settings import Settings


def _count(text: str) -> int:
    """A whole number of records, 0 or more (argparse type)."""
    number = int(text)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {number}")
    return number


# Kafka's rule for topic names (its `Topic.validate`): at most 249 of these characters.
_TOPIC_NAME = re.compile(r"[A-Za-z0-9._-]{1,249}")


def _topic_name(text: str) -> str:
    """A topic name Kafka accepts (argparse type): the broker refuses to create any other,
    and aiokafka then waits out its request timeout on every page sent to it."""
    if not _TOPIC_NAME.fullmatch(text) or text in {".", ".."}:
        raise argparse.ArgumentTypeError(
            f"{text!r} is no Kafka topic name (1-249 letters, digits, '.', '_', '-')")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, args.log_level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.command != "worker":
        logging.getLogger("aiokafka").setLevel(logging.WARNING)
    if args.log_level != "debug":
        # trafilatura warns "discarding data" for every page its first pass finds too
        # short, twice a page at times; the extraction stage decides such pages itself
        # (a second pass, or a `not_an_article` rejection with its reason).
        logging.getLogger("trafilatura").setLevel(logging.ERROR)
    settings = Settings.from_env()
    try:
        return args.handler(args, settings)
    except BrokenPipeError:  # the reader took what it needed (| head)
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # Ctrl-C is how `tail` (and `make run`) are stopped: no traceback
        print("wirestream: interrupted", file=sys.stderr)
        return 130
    except KafkaConnectionError as error:
        print(f"wirestream: cannot reach Kafka at {settings.kafka.bootstrap_servers}: {error}",
              file=sys.stderr)
        return 2
    except (FileNotFoundError, UnsupportedInput) as error:
        print(f"wirestream: {error}", file=sys.stderr)
        return 2
    except KafkaError as error:  # e.g. the broker refused to create a topic
        print(f"wirestream: Kafka refused: {type(error).__name__}: {error}", file=sys.stderr)
        return 2


# Our names for log levels -> Faust's (its worker refuses "warning").
_LOG_LEVELS = {"debug": "debug", "info": "info", "warning": "warn", "error": "error"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wirestream",
        description="Streaming news-story worker: extract, deduplicate and tag raw HTML pages.",
    )
    parser.add_argument("--log-level", default="info", type=str.lower, choices=_LOG_LEVELS,
                        help="debug, info, warning or error (default: info)")
    commands = parser.add_subparsers(dest="command", required=True)

    worker = commands.add_parser("worker", help="start a worker (configured from environment)")
    worker.set_defaults(handler=run_worker)

    produce = commands.add_parser("produce", help="send pages to the input topic")
    produce.add_argument("paths", nargs="+", help=".jsonl envelope files, .html files, folders")
    produce.add_argument("--topic", type=_topic_name, help="default: the input topic")
    produce.add_argument("--no-progress", action="store_true")
    produce.set_defaults(handler=run_produce)

    tail = commands.add_parser("tail", help="print a topic's records as JSON lines")
    tail.add_argument("topic", help="topic name, or clean/duplicates/rejected/raw")
    tail.add_argument("--from-beginning", action="store_true")
    tail.add_argument("--max", type=_count, default=0, help="exit after N records (0: no limit)")
    tail.add_argument("--timeout", type=float, default=0.0,
                      help="exit after S seconds without a record (0: never)")
    tail.add_argument("--read-committed", action="store_true",
                      help="read only committed records (isolation level read_committed)")
    tail.add_argument("--pretty", action="store_true",
                      help="a short human summary per record instead of JSON lines")
    tail.set_defaults(handler=run_tail)

    process = commands.add_parser("process", help="run the pipeline on files, without Kafka")
    process.add_argument("paths", nargs="+", help=".jsonl envelope files, .html files, folders")
    process.add_argument("--out", required=True, help="folder for articles/duplicates/rejected")
    process.add_argument("--jobs", type=int, default=0, help="pool processes (0: one per core)")
    process.add_argument("--no-progress", action="store_true")
    process.set_defaults(handler=run_process)

    topics = commands.add_parser("topics", help="create the topics the worker uses")
    topics.set_defaults(handler=run_topics)
    return parser


def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    from workers.app import create_app
    from workers.kafka import ensure_topics
    from workers.pool import warm_up

    asyncio.run(ensure_topics(settings))
    # Before Faust starts its event loop: the pool forked later inherits a warm parent.
    warm_up(settings)
    app = create_app(settings)
    sys.argv = ["wirestream", "worker", "--loglevel", _LOG_LEVELS[args.log_level],
                "--web-port", str(settings.web_port)]
    app.main()
    return 0


def run_topics(args: argparse.Namespace, settings: Settings) -> int:
    from workers.kafka import ensure_topics

    created = asyncio.run(ensure_topics(settings))
    print(f"created: {', '.join(created) or 'none (all exist)'}")
    return 0


def run_produce(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_produce(args, settings))


async def _produce(args: argparse.Namespace, settings: Settings) -> int:
    from aiokafka import AIOKafkaProducer
    from tqdm import tqdm

    from workers.inputs import count_messages, iter_messages
    from workers.kafka import producer_kwargs

    topic = args.topic or settings.topics.raw
    total = count_messages(args.paths)
    await _ensure_input_topics(settings, topic)
    producer = AIOKafkaProducer(**producer_kwargs(settings.kafka))
    await _start(producer)
    sent = failed = 0
    started = time.perf_counter()
    pending: list[asyncio.Future] = []
    try:
        with tqdm(total=total, unit="page", disable=args.no_progress, file=sys.stderr) as bar:
            for message in iter_messages(args.paths):
                try:
                    pending.append(await producer.send(topic, message.value, key=message.key))
                except Exception as error:  # one bad file must not stop the rest
                    failed += 1
                    print(f"{message.where}:{message.line}: not sent: {error}", file=sys.stderr)
                if len(pending) >= 256:
                    sent_now, failed_now = await _settle(pending)
                    sent, failed = sent + sent_now, failed + failed_now
                    bar.update(sent_now + failed_now)
                    pending = []
            sent_now, failed_now = await _settle(pending)
            sent, failed = sent + sent_now, failed + failed_now
            bar.update(sent_now + failed_now)
    finally:
        await producer.stop()
    elapsed = time.perf_counter() - started
    print(f"sent {sent} pages to {topic} in {elapsed:.1f} s; failed {failed}", file=sys.stderr)
    return 0 if failed == 0 else 1


async def _ensure_input_topics(settings: Settings, topic: str) -> None:
    """Create the worker's topics (and `topic`, like the input topic) before the first
    page is sent, as the worker would.

    Produced before any worker ran, the input topic was auto-created by the broker with
    its defaults (`num.partitions`, often 1, and a 1 MB message limit): one worker at a
    time could read it, and big pages were refused."""
    from workers.kafka import ensure_topics

    try:
        await ensure_topics(settings, extra=(topic,))
    except KafkaConnectionError:
        raise  # said once, by `main`
    except KafkaError as error:  # e.g. no right to create topics: the operator's job then
        print(f"could not check or create the topics ({error}); sending anyway",
              file=sys.stderr)


async def _start(client: Any) -> None:
    """Start a Kafka client; one that cannot reach the broker is closed before the error
    goes up (aiokafka otherwise logs an "Unclosed" error beside our one-line message)."""
    try:
        await client.start()
    except BaseException:
        await client.stop()
        raise


async def _settle(futures: list[asyncio.Future]) -> tuple[int, int]:
    results = await asyncio.gather(*futures, return_exceptions=True)
    failed = [r for r in results if isinstance(r, BaseException)]
    for error in failed[:5]:
        print(f"not delivered: {error}", file=sys.stderr)
    return len(results) - len(failed), len(failed)


def run_tail(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_tail(args, settings))


async def _tail(args: argparse.Namespace, settings: Settings) -> int:
    from aiokafka import AIOKafkaConsumer, TopicPartition

    from workers.kafka import consumer_kwargs

    aliases = {
        "raw": settings.topics.raw,
        "clean": settings.topics.clean,
        "duplicates": settings.topics.duplicates,
        "rejected": settings.topics.rejected,
    }
    topic = aliases.get(args.topic, args.topic)
    consumer = AIOKafkaConsumer(
        **consumer_kwargs(settings.kafka),
        enable_auto_commit=False,
        isolation_level="read_committed" if args.read_committed else "read_uncommitted",
    )
    await _start(consumer)
    count = 0
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        if not partitions:
            # Metadata for a topic not yet known to this client: ask once more.
            await consumer._client.force_metadata_update()
            partitions = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        if not tps:
            print(f"topic {topic} does not exist", file=sys.stderr)
            return 2
        consumer.assign(tps)
        if args.from_beginning:
            await consumer.seek_to_beginning(*tps)
        else:
            await consumer.seek_to_end(*tps)
        out = sys.stdout.buffer
        last = time.monotonic()
        while not args.max or count < args.max:
            batches = await consumer.getmany(timeout_ms=500)
            # One fetch brings records of several partitions: --max counts across them.
            records = [record for batch in batches.values() for record in batch]
            if args.max:
                records = records[: args.max - count]
            for record in records:
                out.write(_summary(record.value) if args.pretty
                          else _as_json_line(record.value))
            count += len(records)
            out.flush()
            if records:
                last = time.monotonic()
            elif args.timeout and time.monotonic() - last >= args.timeout:
                break
    finally:
        await consumer.stop()
    print(f"read {count} record{'' if count == 1 else 's'} from {topic}", file=sys.stderr)
    return 0


def _summary(value: bytes | None) -> bytes:
    """A few lines per article / duplicate / rejected record, for people watching a topic."""
    try:
        record = orjson.loads(value or b"null")
    except orjson.JSONDecodeError:
        return _as_json_line(value)
    if not isinstance(record, dict):
        return _as_json_line(value)
    if "reason" in record:
        text = f"rejected [{record['reason']}] {record.get('url') or '-'}: {record['detail']}"
    elif "duplicate_of" in record:
        text = (f"duplicate [{record['kind']} {record['similarity']:.2f}] {record['url']}"
                f" of {record['duplicate_of']} (story {record['story_id']})")
    elif "story_id" in record:
        tags = ", ".join(f"{t['label']} ({t['type']})" for t in record.get("tags", [])[:8])
        text = (
            f"== {record.get('title')}\n   {record['url']}\n"
            f"   {record.get('published_at') or 'no date'} | {record.get('language') or '?'} | "
            f"{', '.join(record.get('authors') or []) or 'no author'} | "
            f"{record.get('word_count')} words | story {record['story_id']} "
            f"v{record.get('version')}\n   tags: {tags}\n   {record.get('text', '')[:200]}..."
        )
    else:
        return _as_json_line(value)
    return text.encode() + b"\n"


def _as_json_line(value: bytes | None) -> bytes:
    if value is None:
        return b"null\n"
    try:
        return orjson.dumps(orjson.loads(value)) + b"\n"
    except orjson.JSONDecodeError:
        # Raw pages are not JSON: print them as a JSON string so each record stays one line.
        return orjson.dumps(value.decode("utf-8", "replace")) + b"\n"


def run_process(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from workers.batch import process_files
    from workers.inputs import count_messages

    total = count_messages(args.paths)
    with tqdm(total=total, unit="page", disable=args.no_progress, file=sys.stderr) as bar:
        summary = process_files(
            args.paths, args.out, settings, jobs=args.jobs or None, on_record=bar.update
        )
    rate = summary.total / summary.seconds if summary.seconds else 0.0
    print(
        f"{summary.total} pages in {summary.seconds:.1f} s ({rate:.1f} pages/s): "
        f"{summary.articles} articles, {summary.duplicates} duplicates, "
        f"{summary.rejected} rejected {dict(sorted(summary.reasons.items()))} -> {Path(args.out)}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
