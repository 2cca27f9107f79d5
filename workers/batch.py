"""`wirestream process`: the whole pipeline without Kafka, for backfills and debugging.

It runs the same stages as the worker (envelope, pool of extract+tag, story
stage) and writes the records the worker would publish, one JSON per line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workers.envelope import InputError, RawInput
from workers.inputs import InputMessage, iter_messages
from workers.pipeline import StoryStage, rejection
from workers.pool import ExtractionPool, prepare
from workers.records import Article, Origin, to_json
from workers.settings import Settings


@dataclass(slots=True)
class Summary:
    articles: int = 0
    duplicates: int = 0
    rejected: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return self.articles + self.duplicates + self.rejected


def process_files(
    paths: list[str | Path],
    out_dir: str | Path,
    settings: Settings,
    jobs: int | None = None,
    on_record: Callable[[], None] | None = None,
) -> Summary:
    """Process input files and write articles/duplicates/rejected JSON lines to `out_dir`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    started = time.perf_counter()
    stage = StoryStage({}, {}, settings)
    with (
        ExtractionPool(settings, jobs, task=prepare) as pool,
        open(out / "articles.jsonl", "wb") as articles,
        open(out / "duplicates.jsonl", "wb") as duplicates,
        open(out / "rejected.jsonl", "wb") as rejected,
    ):
        for message, outcome in pool.analyse_ordered(_raw(iter_messages(paths), settings)):
            if isinstance(outcome, InputError):
                origin = _origin(message)
                record = rejection(outcome, origin, message.value, settings, message.key)
                rejected.write(to_json(record) + b"\n")
                summary.rejected += 1
                summary.reasons[outcome.reason] = summary.reasons.get(outcome.reason, 0) + 1
            else:
                result = stage.handle(outcome.analysed, time.time(), outcome.page_print)
                if isinstance(result, Article):
                    articles.write(to_json(result) + b"\n")
                    summary.articles += 1
                else:
                    duplicates.write(to_json(result) + b"\n")
                    summary.duplicates += 1
            if on_record:
                on_record()
    summary.seconds = time.perf_counter() - started
    return summary


def _origin(message: InputMessage) -> Origin:
    return Origin(topic=f"file:{message.where}", partition=0, offset=message.line)


def _raw(
    messages: Iterator[InputMessage], settings: Settings
) -> Iterator[tuple[InputMessage, RawInput]]:
    """Inputs as they are: the pool parses them (see `RawInput`)."""
    for message in messages:
        yield message, RawInput(message.value, message.key, _origin(message),
                                settings.extract.max_html_bytes)
