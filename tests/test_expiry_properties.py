"""Expiry by bucket, as properties: a dict store, simulated time, random pages and budgets.

Site boilerplate (`SiteBoilerplate.clean` / `expire`) and the story index (`StoryIndex.decide`
/ `expire`) list what each page writes in its time bucket and expire in budgeted steps.
Whatever the order of pages, sites, budgets and owners:

- nothing still in use is deleted (a key seen within the memory stays);
- everything past the memory goes once enough steps ran, listings and counts included
  (no leak), and the cursor then stops moving;
- a step deletes at most its budget of keys and reads a bounded number of keys;
- a step with nothing due reads one key and writes none.

Some cases are bugs found in review (clock jumps, a crash in the middle of a step), fixed
since; each test failed on the code before the fix.
"""

from __future__ import annotations

import struct
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.stores import NoIteration
from workers.boilerplate import SiteBoilerplate
from workers.dedup import StoryIndex
from workers.records import Analysed, Extracted, Origin
from workers.settings import DedupSettings, ExtractSettings

HOUR = 3_600.0
DAY = 86_400.0
MEMORY = 2 * DAY  # short memories keep the simulated walks short
T0 = 1_750_000_000.0
EXTRACT = ExtractSettings()
COUNT = struct.Struct(">IIQ")  # pages, last seen, last page: the boilerplate value

# Sites as they may come: plain, non-ASCII, with the key separator inside, the longest
# learned (255 characters), empty.
SITES = ["news.example", "bücher.example", "日本.example", "a|b.example", "x" * 255, ""]
LINES = [f"Share this story on line {chr(97 + n)}." for n in range(12)]


class CountingDict(NoIteration):
    """A dict store that counts reads and writes and fails on a full scan."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = self.writes = 0

    def get(self, key, default=None):
        self.reads += 1
        return super().get(key, default)

    def __getitem__(self, key):
        self.reads += 1
        return super().__getitem__(key)

    def __contains__(self, key):
        self.reads += 1
        return super().__contains__(key)

    def __setitem__(self, key, value):
        self.writes += 1
        super().__setitem__(key, value)

    def __delitem__(self, key):
        self.writes += 1
        super().__delitem__(key)



def contents(store: dict) -> dict:
    return dict(dict.items(store))


def paragraph_keys(store: dict) -> dict[str, int]:
    """Paragraph key -> last seen (unix s)."""
    return {key: COUNT.unpack(value)[1] for key, value in dict.items(store) if "|" in key}


def letters(number: int) -> str:
    """A word for a number (digits are all alike to the paragraph key)."""
    return "".join(chr(97 + number // 26**k % 26) for k in range(3))


def learner(store: dict) -> SiteBoilerplate:
    return SiteBoilerplate(store, EXTRACT, memory_s=MEMORY, bucket_seconds=HOUR)


def expire_all(store: dict, now: float, budget: int, fresh_owner: bool = False,
               max_calls: int = 5_000) -> list[int]:
    """Expiry steps until one removes nothing and leaves the cursor where it was."""
    owner = learner(store)
    removed: list[int] = []
    for _ in range(max_calls):
        if fresh_owner:
            owner = learner(store)  # the partition moves to a new owner between steps
        before = dict.get(store, "#expiry")
        removed.append(owner.expire(now, budget))
        if not removed[-1] and dict.get(store, "#expiry") == before:
            return removed
    raise AssertionError("expiry never settled")


pages = st.lists(
    st.tuples(
        st.sampled_from(SITES),
        st.lists(st.sampled_from(LINES), min_size=1, max_size=6),
        st.floats(min_value=0, max_value=5 * HOUR),  # time since the previous page
        st.integers(min_value=0, max_value=3),  # page id (0: unknown; repeats happen)
    ),
    min_size=1, max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages=pages, budget=st.integers(min_value=1, max_value=40),
       fresh_owner=st.booleans(), later=st.floats(min_value=0, max_value=4 * DAY),
       handovers=st.sets(st.integers(min_value=0, max_value=59), max_size=10))
def test_boilerplate_expiry_deletes_exactly_what_is_past_the_memory(
        pages, budget, fresh_owner, later, handovers) -> None:
    store = CountingDict()
    owner = learner(store)
    now = T0
    for number, (site, lines, step, page_id) in enumerate(pages):
        now += step
        if number in handovers:  # a new owner mid-bucket: finds the next free listing
            owner = learner(store)
        owner.clean(site, lines, now, page_id)
        # Expiry between pages too, as the worker does after every decision.
        removed = owner.expire(now, budget)
        assert removed <= budget
    seen = paragraph_keys(store)
    end = now + later
    expire_all(store, end, budget, fresh_owner)
    left = paragraph_keys(store)
    cutoff = end - MEMORY
    # Safety: what was seen within the memory stays.
    assert {k for k, t in seen.items() if t >= cutoff} <= set(left)
    # Liveness: what is older than the memory and a bucket (the walk waits for a whole
    # bucket to fall out) is gone, with its listings.
    assert not {k for k, t in left.items() if t < cutoff - 2 * HOUR}
    if not left:
        assert set(contents(store)) <= {"#expiry"}


@settings(max_examples=30, deadline=None)
@given(pages=pages, budget=st.integers(min_value=1, max_value=40))
def test_a_boilerplate_step_is_bounded_and_idle_steps_cost_one_read(pages, budget) -> None:
    store = CountingDict()
    owner = learner(store)
    now = T0
    for site, lines, step, page_id in pages:
        now += step
        owner.clean(site, lines, now, page_id)
    # Nothing due (all that was is done): one read, no write.
    expire_all(store, now, budget)
    store.reads = store.writes = 0
    assert owner.expire(now, budget) == 0
    assert (store.reads, store.writes) == (1, 0)
    # Due: each step reads at most about its budget (one listing more, the cursor).
    end = now + MEMORY + 3 * HOUR
    while True:
        store.reads = store.writes = 0
        before = dict.get(store, "#expiry")
        removed = owner.expire(end, budget)
        assert removed <= budget
        assert store.reads <= budget + 3
        if not removed and dict.get(store, "#expiry") == before:
            break
    assert not paragraph_keys(store)


def test_furniture_in_use_is_refreshed_and_never_expires() -> None:
    """A footer known as boilerplate is shown on every page for 90 days: it stays known."""
    store = CountingDict()
    owner = learner(store)
    footer = "Copyright 2026 News Example. All rights reserved."
    for day in range(45):  # memory is 2 days: 22 memories
        now = T0 + day * DAY
        for n in range(4):
            opening = f"Story {letters(day * 4 + n)} opens."
            kept = owner.clean("news.example", [opening, footer],
                               now + n, page_id=day * 10 + n + 1)
        assert owner.expire(now + 5, 1_000) >= 0
        if day:
            assert footer not in kept  # still known, so still dropped
    assert len(paragraph_keys(store)) <= 1 + 4 * 3  # the footer and 3 days of openings


def test_odd_sites_round_trip_through_their_listings() -> None:
    store: dict = {}
    owner = learner(store)
    for site in SITES:
        owner.clean(site, LINES[:3], T0, page_id=1)
    assert len(paragraph_keys(store)) == 3 * len(SITES)
    expire_all(store, T0 + MEMORY + 2 * HOUR, 7)
    assert contents(store).keys() == {"#expiry"}
    # A "site" longer than a host name is not learned at all (no key, no listing).
    owner.clean("y" * 256, LINES[:3], T0 + MEMORY + 3 * HOUR, page_id=1)
    assert contents(store).keys() == {"#expiry"}


def test_an_empty_store_expires_nothing_and_writes_nothing() -> None:
    store = CountingDict()
    assert learner(store).expire(T0, 100) == 0
    assert StoryIndex(store, DedupSettings()).expire(T0, 100) == 0
    assert store.writes == 0 and not contents(store)


class CrashAfter(dict):
    """A store whose process dies after `left` more writes (the changelog keeps a prefix)."""

    left = 10**9

    def __setitem__(self, key, value):
        self._tick()
        super().__setitem__(key, value)

    def __delitem__(self, key):
        self._tick()
        super().__delitem__(key)

    def _tick(self) -> None:
        if self.left <= 0:
            raise SystemExit("killed")
        self.left -= 1


def test_a_boilerplate_step_cut_short_by_a_crash_leaks_nothing() -> None:
    store = CrashAfter()
    owner = learner(store)
    for n in range(20):  # 20 pages in one bucket, 3 new lines each
        owner.clean("news.example", [f"Line {letters(n * 3 + k)} of a page." for k in range(3)],
                    T0 + n, page_id=n + 1)
    end = T0 + MEMORY + 2 * HOUR
    store.left = 12  # the step deletes 3 listings' keys and listings, then dies
    with pytest.raises(SystemExit):
        learner(store).expire(end, 40)
    store.left = 10**9
    expire_all(store, end, 40)
    assert not paragraph_keys(store)


def test_boilerplate_written_with_a_clock_behind_the_first_page_still_expires() -> None:
    store: dict = {}
    owner = learner(store)
    owner.clean("news.example", ["First page, clock two hours ahead."], T0 + 2 * HOUR, 1)
    owner.clean("news.example", ["Second page, clock right."], T0, 2)
    expire_all(store, T0 + MEMORY + 4 * HOUR, 50)
    assert not paragraph_keys(store)


def test_boilerplate_expiry_survives_a_clock_jump_forward() -> None:
    """What is written after the clock came back expires at the latest once the clock
    passes the time it had jumped to (the cursor went that far)."""
    store: dict = {}
    owner = learner(store)
    owner.clean("news.example", ["Before the jump."], T0, 1)
    expire_all(store, T0 + 30 * DAY, 50)  # steps with the clock a month ahead
    owner.clean("news.example", ["After the jump, clock right again."], T0 + HOUR, 2)
    expire_all(store, T0 + HOUR + MEMORY + 3 * HOUR, 50)
    assert paragraph_keys(store)  # not yet: its listing waits behind the cursor
    expire_all(store, T0 + 30 * DAY + 3 * HOUR, 50)
    assert not paragraph_keys(store)


# --- story index -------------------------------------------------------------------------

STORY_SETTINGS = DedupSettings(window_days=MEMORY / DAY)
WORDS = ["council", "budget", "school", "road", "park", "debate", "vote", "mayor", "river",
         "bridge", "tax", "plan", "city", "water", "power", "grid", "rail", "port", "farm",
         "court"]


def story_page(number: int, site: str = "news.example") -> Analysed:
    """A story of its own (no shared wording with the others), three paragraphs."""
    paragraphs = [" ".join(f"{WORDS[(number * 7 + p * 3 + w) % len(WORDS)]}{number}x{p}x{w}"
                           for w in range(30)) + "." for p in range(3)]
    extracted = Extracted(
        url=f"https://{site}/story/{number}", canonical_url=None, site=site, sitename=None,
        title=None, authors=[], published_at=None, language="en", description=None,
        paragraphs=paragraphs)
    return Analysed(origin=Origin("pages.raw", 0, number), extracted=extracted, tags=[])


def story_keys(store: dict) -> set[str]:
    """The index's keys other than its expiry bookkeeping (t...)."""
    return {key for key in dict.keys(store) if not key.startswith("t")}


def expire_stories(store: dict, now: float, budget: int, fresh_owner: bool = False) -> None:
    index = StoryIndex(store, STORY_SETTINGS)
    for _ in range(20_000):
        if fresh_owner:
            index = StoryIndex(store, STORY_SETTINGS)
        before = dict.get(store, "t_first")
        if not index.expire(now, budget) and dict.get(store, "t_first") == before:
            return
    raise AssertionError("expiry never settled")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(st.floats(min_value=0, max_value=6 * HOUR), min_size=1, max_size=25),
       budget=st.integers(min_value=1, max_value=60), fresh_owner=st.booleans())
def test_story_expiry_forgets_all_and_only_stories_past_the_window(
        steps, budget, fresh_owner) -> None:
    store = CountingDict()
    index = StoryIndex(store, STORY_SETTINGS)
    now = T0
    written: list[tuple[float, set[str]]] = []
    for number, step in enumerate(steps):
        now += step
        before = set(story_keys(store))
        index.decide(story_page(number), now)
        written.append((now, story_keys(store) - before))
        assert index.expire(now, budget) <= budget
    # Half the stories are past the window: theirs go, the rest stay.
    middle = written[len(written) // 2][0]
    end = middle + MEMORY + 2 * HOUR
    expire_stories(store, end, budget, fresh_owner)
    left = story_keys(store)
    for at, keys in written:
        if at >= end - MEMORY:
            assert keys <= left
        elif at < end - MEMORY - HOUR:
            assert not keys & left
    # A window later everything goes, counts and listings too.
    expire_stories(store, now + MEMORY + 2 * HOUR, budget, fresh_owner)
    assert set(contents(store)) == {"t_first"}


def test_an_idle_story_step_costs_one_read() -> None:
    store = CountingDict()
    index = StoryIndex(store, STORY_SETTINGS)
    for number in range(5):
        index.decide(story_page(number), T0 + number)
    store.reads = store.writes = 0
    assert index.expire(T0 + HOUR, 50) == 0
    assert (store.reads, store.writes) == (1, 0)


def test_stories_decided_with_a_clock_behind_the_first_still_expire() -> None:
    store: dict = {}
    index = StoryIndex(store, STORY_SETTINGS)
    index.decide(story_page(1), T0 + 2 * HOUR)
    index.decide(story_page(2), T0)
    expire_stories(store, T0 + MEMORY + 4 * HOUR, 50)
    assert not story_keys(store)


def test_story_expiry_survives_a_clock_jump_forward() -> None:
    """As for site boilerplate: expired once the clock passes where it had jumped to."""
    store: dict = {}
    index = StoryIndex(store, STORY_SETTINGS)
    index.decide(story_page(1), T0)
    expire_stories(store, T0 + 30 * DAY, 50)
    index.decide(story_page(2), T0 + HOUR)
    expire_stories(store, T0 + HOUR + MEMORY + 3 * HOUR, 50)
    assert story_keys(store)
    expire_stories(store, T0 + 30 * DAY + 3 * HOUR, 50)
    assert not story_keys(store)


def test_budget_zero_expires_nothing_in_either_table() -> None:
    # `WIRESTREAM_DEDUP_EXPIRY_STEP_KEYS=0` means no expiry for both tables; before, the
    # story index took 0 for "the default" and the boilerplate table for "nothing".
    stories: dict = {}
    settings_ = replace(STORY_SETTINGS, expiry_step_keys=1_000)
    index = StoryIndex(stories, settings_)
    index.decide(story_page(1), T0)
    assert index.expire(T0 + MEMORY + 2 * HOUR, 0) == 0
    assert index.expire(T0 + MEMORY + 2 * HOUR) > 0  # no budget given: the setting's
    store: dict = {}
    owner = learner(store)
    owner.clean("news.example", LINES[:2], T0, 1)
    assert owner.expire(T0 + MEMORY + 2 * HOUR, 0) == 0
    assert owner.expire(T0 + MEMORY + 2 * HOUR, 1_000) > 0
