"""The extraction pool bounds every page: runaway work is killed, failures become rejections.

The tasks below stand in for a pathological extraction (they are module-level so the pool
can pickle them by name); the pool must turn each into an `InputError` and keep serving.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import time
from dataclasses import replace

import pytest

from workers.envelope import InputError, RawInput
from workers.pool import ExtractionPool
from workers.records import Origin, Page
from workers.settings import Settings

SETTINGS = replace(Settings(), page_timeout_s=1.5, pool_memory_mb=400)


def page(name: str) -> Page:
    return Page(url=f"https://example.com/{name}", html="<p>x</p>",
                origin=Origin("pages.raw", 0, 0))


def echo(page: Page, settings: Settings) -> InputError:
    # Any value comes back: an InputError carries the pid to prove which process ran it.
    return InputError("echo", str(os.getpid()), page.url)


def sleep_forever(page: Page, settings: Settings) -> InputError:
    time.sleep(3600)
    return InputError("unreachable", "", page.url)


def spin_forever(page: Page, settings: Settings) -> InputError:
    while True:  # pure CPU, never yields: only killing the process stops it
        pass


def eat_memory(page: Page, settings: Settings) -> InputError:
    hog = [bytearray(50_000_000) for _ in range(40)]  # 2 GB against a 400 MB limit
    return InputError("unreachable", str(len(hog)), page.url)


def recurse(page: Page, settings: Settings) -> InputError:
    def down(n: int) -> int:
        return down(n + 1) + 1

    return InputError("unreachable", str(down(0)), page.url)


def crash(page: Page, settings: Settings) -> InputError:
    os._exit(3)


def raise_bug(page: Page, settings: Settings) -> InputError:
    raise ValueError("a parser bug")


def collector(page: Page, settings: Settings) -> InputError:
    return InputError("collector running" if gc.isenabled() else "collector off",
                      ",".join(map(str, gc.get_threshold())), page.url)


def dispatch(page: Page, settings: Settings) -> InputError:
    # One pool, many behaviours: the URL's last segment names the task.
    return TASKS[page.url.rsplit("/", 1)[1]](page, settings)


TASKS = {f.__name__: f for f in (echo, sleep_forever, spin_forever, eat_memory, recurse,
                                 crash, raise_bug, collector)}


@pytest.fixture(scope="module")
def pool():
    with ExtractionPool(SETTINGS, size=2, task=dispatch) as running:
        yield running


@pytest.mark.parametrize("task", ["sleep_forever", "spin_forever"])
def test_runaway_extraction_is_killed_and_rejected_with_timeout(pool, task) -> None:
    started = time.monotonic()
    outcome = asyncio.run(pool.analyse(page(task)))
    elapsed = time.monotonic() - started
    assert isinstance(outcome, InputError)
    assert outcome.reason == "timeout"
    assert outcome.url == f"https://example.com/{task}"
    assert SETTINGS.page_timeout_s <= elapsed < SETTINGS.page_timeout_s + 5
    # The pool replaced the killed process and still serves.
    assert asyncio.run(pool.analyse(page("echo"))).reason == "echo"


def test_memory_hog_is_stopped_by_the_address_space_limit(pool) -> None:
    outcome = asyncio.run(pool.analyse(page("eat_memory")))
    assert isinstance(outcome, InputError)
    assert outcome.reason == "too_complex"
    assert "400 MB" in outcome.detail


def test_deep_recursion_is_too_complex(pool) -> None:
    outcome = asyncio.run(pool.analyse(page("recurse")))
    assert outcome.reason == "too_complex", outcome.detail


def test_a_dying_process_and_a_bug_become_rejections(pool) -> None:
    crashed = asyncio.run(pool.analyse(page("crash")))
    assert crashed.reason == "worker_crashed"
    bug = asyncio.run(pool.analyse(page("raise_bug")))
    assert bug.reason == "extraction_failed"
    assert "ValueError: a parser bug" in bug.detail
    assert asyncio.run(pool.analyse(page("echo"))).reason == "echo"


def test_a_runaway_page_does_not_hold_up_the_others(pool) -> None:
    async def both() -> list:
        return await asyncio.gather(pool.analyse(page("spin_forever")), *(
            pool.analyse(page("echo")) for _ in range(20)))

    started = time.monotonic()
    outcomes = asyncio.run(both())
    assert outcomes[0].reason == "timeout"
    assert {o.reason for o in outcomes[1:]} == {"echo"}
    assert time.monotonic() - started < SETTINGS.page_timeout_s + 5


def test_ordered_analysis_keeps_input_order_through_failures() -> None:
    names = ["echo", "raise_bug", "spin_forever", "echo", "crash", "echo"]
    items = [(i, page(name)) for i, name in enumerate(names)]
    items.insert(2, (99, InputError("empty", "the message has no value")))
    with ExtractionPool(SETTINGS, size=2, task=dispatch) as ordered:
        results = list(ordered.analyse_ordered(items))
    assert [context for context, _ in results] == [0, 1, 99, 2, 3, 4, 5]
    assert [outcome.reason for _, outcome in results] == [
        "echo", "extraction_failed", "empty", "timeout", "echo", "worker_crashed", "echo"]


def test_cancelled_analysis_does_not_leave_the_page_running() -> None:
    # A long page timeout: a cancelled page left running would hold its process for 30 s,
    # far beyond what restarting a process takes even on a loaded machine.
    settings = replace(SETTINGS, page_timeout_s=30.0)
    with ExtractionPool(settings, size=2, task=dispatch) as running:
        async def cancel_soon() -> None:
            task = asyncio.ensure_future(running.analyse(page("sleep_forever")))
            await asyncio.sleep(0.3)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(cancel_soon())

        # Both processes serve again soon (the cancelled page's process was stopped).
        async def two() -> list:
            return await asyncio.gather(running.analyse(page("echo")),
                                        running.analyse(page("echo")))

        started = time.monotonic()
        assert [o.reason for o in asyncio.run(two())] == ["echo", "echo"]
        assert time.monotonic() - started < settings.page_timeout_s / 2


def test_stopping_a_runaway_page_does_not_signal_the_worker() -> None:
    # The worker's event loop handles SIGTERM (graceful shutdown). Pool processes are
    # forked from it; the SIGTERM that stops a runaway page must not reach the worker.
    async def run() -> tuple[str, bool]:
        loop = asyncio.get_running_loop()
        terminated = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, terminated.set)
        try:
            with ExtractionPool(SETTINGS, size=1, task=dispatch) as forked:
                outcome = await forked.analyse(page("spin_forever"))
                await asyncio.sleep(0.5)
        finally:
            loop.remove_signal_handler(signal.SIGTERM)
        return outcome.reason, terminated.is_set()

    assert asyncio.run(run()) == ("timeout", False)


def raw(value: bytes, key: bytes | None = None) -> RawInput:
    return RawInput(value, key, Origin("pages.raw", 1, 5), 10_000_000)


def test_raw_inputs_are_parsed_in_the_pool(pool) -> None:
    # A valid envelope reaches the task as the page it holds, in a pool process.
    echoed = asyncio.run(pool.analyse(raw(
        b'{"url": "https://example.com/echo", "html": "<p>x</p>"}')))
    assert (echoed.reason, echoed.url) == ("echo", "https://example.com/echo")
    assert echoed.detail != str(os.getpid())
    # Raw HTML with its URL as the key is a page too.
    keyed = asyncio.run(pool.analyse(raw(b"<p>x</p>", b"https://example.com/echo")))
    assert keyed.reason == "echo"
    # An input that is no page comes back as the parser's rejection, the task never runs.
    broken = asyncio.run(pool.analyse(raw(b'{"url": "https://example.com/echo", "html": ')))
    assert broken.reason == "malformed_envelope"
    assert asyncio.run(pool.analyse(raw(b"   "))).reason == "empty"


def test_a_raw_input_stopped_in_the_pool_is_rejected_with_its_url(pool) -> None:
    outcome = asyncio.run(pool.analyse(raw(
        b'{"html": "<p>x</p>", "url": "https://example.com/spin_forever"}')))
    assert (outcome.reason, outcome.url) == ("timeout", "https://example.com/spin_forever")
    crashed = asyncio.run(pool.analyse(raw(b"<p>x</p>", b"https://example.com/crash")))
    assert (crashed.reason, crashed.url) == ("worker_crashed", "https://example.com/crash")


def test_warm_up_leaves_the_collector_running_and_the_loaded_heap_frozen(pool) -> None:
    # The pool forks from a parent that loaded its models with the collector paused (it
    # finds nothing to free in long-lived data): it must run again afterwards, in the
    # parent and in the pool processes, or cycles made per page would never be freed.
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    outcome = asyncio.run(pool.analyse(page("collector")))
    assert outcome.reason == "collector running"
    # ...with a young generation sized for a page's burst of short-lived objects, while
    # the parent (the worker's event loop) keeps Python's default.
    assert outcome.detail == "5000,10,10"
    assert gc.get_threshold() == (700, 10, 10)
