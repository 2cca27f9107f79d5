"""A process pool for the CPU-bound stages, with a time and memory limit per page.

A runaway extraction (hostile markup, a pathological regex) is killed after
`page_timeout_s` and its process replaced; the page becomes a `timeout`
rejection. Each pool process has an address-space limit so one page cannot take
the host down. The event loop only awaits futures, so Kafka heartbeats, commits
and rebalances keep running while pages are extracted.
"""

from __future__ import annotations

import asyncio
import gc
import resource
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from typing import TypeVar

import pebble

from workers.envelope import InputError, RawInput
from workers.extract import load_language_model
from workers.metadata import load_date_parser
from workers.pipeline import (
    Prepared,
    PreparedRecord,
    analyse_page,
    prepare_page,
    prepare_record,
)
from workers.records import Analysed, Origin, Page
from workers.settings import Settings
from workers.tagging import load_data

# Recycle pool processes now and then: bounds slow growth of parser caches.
_TASKS_PER_PROCESS = 2000
_settings: Settings | None = None
T = TypeVar("T")
# What the pool runs per page: a module-level function (it is pickled by name).
Outcome = Analysed | Prepared | PreparedRecord | InputError
PageTask = Callable[[Page, Settings], Outcome]


def _init_process(settings: Settings) -> None:
    global _settings
    _settings = settings
    # A forked pool process inherits the worker's asyncio signal wake-up socket: the
    # SIGTERM that stops a runaway page here would be written there and stop the whole
    # worker. Signals sent to this process are this process's business only.
    signal.set_wakeup_fd(-1)
    # The SIGTERM that stops the worker (systemd and `kill` on the process group send it
    # to every process) must not kill pages in flight: the worker finishes or abandons
    # them itself. Runaway pages are still stopped: pebble follows up with SIGKILL.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # A page allocates hundreds of thousands of short-lived objects; at Python's default
    # threshold (700) the young-generation passes were 1,270 per 400 pages, 0.37 s of CPU
    # (~1 ms a page, 3 %). At 5,000 they are 70 passes and 0.08 s; the few cycles a page
    # leaves wait a little longer (peak RSS over those 400 pages: 723 MB either way).
    gc.set_threshold(5000, 10, 10)
    if settings.pool_memory_mb > 0:
        limit = settings.pool_memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


_WARM_PAGE = Page(
    url="https://example.org/news/warm-up",
    html=(
        "<html lang='en'><head><title>Warm-up story</title>"
        "<meta property='article:published_time' content='2024-05-01T10:00:00Z'></head>"
        "<body><article><h1>Warm-up story</h1><p>By Jane Doe</p>"
        + "<p>The city council in London voted on Tuesday to expand the bus network, "
        "a plan the mayor said would cut traffic and pollution across the capital.</p>" * 6
        + "</article></body></html>"
    ),
    origin=Origin("warm-up", 0, 0),
)
_warm = False


def warm_up(settings: Settings) -> None:
    """Load parsers, models and gazetteers once, in the process that forks the pool.

    Pool processes then start warm (no 2-4 s of imports and data loading at every start
    and recycle) and share those pages with their parent.
    """
    global _warm
    if not _warm:
        _warm = True
        # Loading builds hundreds of thousands of objects that live as long as the
        # process: the collector's passes over them meanwhile are a quarter of the
        # warm-up's CPU (0.2-0.3 s of ~1.1 s) and find nothing to free.
        collecting = gc.isenabled()
        gc.disable()
        # The language model is mostly LZMA decompression, which releases the GIL: it
        # loads on the other core while this thread loads the tagging data.
        language_model = threading.Thread(target=load_language_model,
                                          name="language-model-load", daemon=True)
        language_model.start()
        try:
            load_data(settings.tagging)
            load_date_parser(settings.extract.date_languages)
            language_model.join()
            analyse_page(_WARM_PAGE, settings)
        finally:
            if collecting:
                gc.enable()
        # What is loaded now lives as long as the process: out of the collector's way,
        # forked pool processes do not copy those pages when their collector runs. (A full
        # collection first found ~120 unreachable objects, for 0.07-0.18 s of start-up.)
        gc.freeze()


def _analyse(page: Page, settings: Settings) -> Analysed | InputError:
    return analyse_page(page, settings)


def prepare(page: Page, settings: Settings) -> Prepared | InputError:
    """The pool task of the worker and `wirestream process`: `pipeline.prepare_page`."""
    return prepare_page(page, settings)


def prepare_serialised(page: Page, settings: Settings) -> PreparedRecord | InputError:
    """The worker's pool task: `pipeline.prepare_record` (the record ready to publish)."""
    return prepare_record(page, settings)


def _analyse_in_process(task: PageTask, page: Page | RawInput) -> Outcome:
    assert _settings is not None, "pool process not initialised"
    try:
        if isinstance(page, RawInput):
            parsed = page.parse()
            if isinstance(parsed, InputError):
                return parsed
            page = parsed
        return task(page, _settings)
    except MemoryError:
        return InputError(
            "too_complex",
            f"extraction needed more than {_settings.pool_memory_mb} MB of memory",
            page.url,
        )
    except RecursionError:
        return InputError("too_complex", "markup nested too deeply to extract", page.url)
    except SystemError as error:
        # CPython 3.11 may report running out of recursion inside C code (lxml, re) as
        # "error return without exception set" rather than a RecursionError.
        return InputError("too_complex", f"the interpreter gave up on this page ({error})",
                          page.url)


class ExtractionPool:
    """Process pool running `analyse_page` (or another `task`); every failure becomes an
    `InputError`."""

    def __init__(self, settings: Settings, size: int | None = None,
                 task: PageTask = _analyse) -> None:
        self.settings = settings
        self.size = size or settings.resolved_pool_size()
        self.task = task
        warm_up(settings)
        self._pool = pebble.ProcessPool(
            max_workers=self.size,
            max_tasks=_TASKS_PER_PROCESS,
            initializer=_init_process,
            initargs=(settings,),
        )

    def submit(self, page: Page | RawInput) -> Future:
        return self._pool.schedule(
            _analyse_in_process, args=(self.task, page), timeout=self.settings.page_timeout_s
        )

    def outcome(self, page: Page | RawInput, future: Future) -> Outcome:
        """The result of a finished future, with failures turned into rejections."""
        try:
            return future.result()
        except TimeoutError:
            return InputError(
                "timeout",
                f"extraction took longer than {self.settings.page_timeout_s:g} s and was stopped",
                page.url,
            )
        except pebble.ProcessExpired as error:
            return InputError(
                "worker_crashed", f"the extraction process died ({error})", page.url
            )
        except Exception as error:  # a bug in a parser must not stop the stream
            return InputError(
                "extraction_failed", f"{type(error).__name__}: {error}"[:2000], page.url
            )

    async def analyse(self, page: Page | RawInput) -> Outcome:
        future = self.submit(page)
        try:
            await asyncio.wrap_future(future)
        except BaseException as error:
            if isinstance(error, asyncio.CancelledError):
                future.cancel()
                raise
        return self.outcome(page, future)

    def analyse_ordered(
        self, items: Iterable[tuple[T, Page | RawInput | InputError]]
    ) -> Iterator[tuple[T, Outcome]]:
        """Analyse pages (or raw inputs, parsed in the pool) in parallel, yielding
        `(context, outcome)` in input order.

        Input errors pass straight through; at most a few pages per process are
        in flight, so memory stays bounded on large inputs.
        """
        in_flight: deque[tuple[T, Page | RawInput | InputError, Future | None]] = deque()
        # A generous window: results leave in input order, so one slow page must not
        # leave the other processes idle (pages are ~0.3 MB each).
        limit = self.size * 16
        for context, page in items:
            future = None if isinstance(page, InputError) else self.submit(page)
            in_flight.append((context, page, future))
            while len(in_flight) > limit or (in_flight and _done(in_flight[0][2])):
                yield self._finish(*in_flight.popleft())
        while in_flight:
            yield self._finish(*in_flight.popleft())

    def _finish(
        self, context: T, page: Page | RawInput | InputError, future: Future | None
    ) -> tuple[T, Outcome]:
        if isinstance(page, InputError):
            return context, page
        assert future is not None
        return context, self.outcome(page, future)

    def close(self) -> None:
        self._pool.close()
        self._pool.join(timeout=10)
        self._pool.stop()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _done(future: Future | None) -> bool:
    return future is None or future.done()
