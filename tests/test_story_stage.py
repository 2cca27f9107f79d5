"""The story stage's delivery bookkeeping: a redelivery gets the same record, and none
once it is published."""

from __future__ import annotations

import asyncio
import copy
import gzip
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import orjson
import pytest

from tests.stores import NoIteration
from workers.dedup import decode_print, encode_print, fingerprint
from workers.envelope import parse_message
from workers.pipeline import (
    BOILERPLATE_MEMORY_S,
    Prepared,
    PreparedRecord,
    StoryStage,
    analyse_page,
    prepare_page,
    prepare_record,
)
from workers.records import (
    Analysed,
    Article,
    Duplicate,
    Origin,
    Page,
    analysed_from_dict,
    to_json,
)
from workers.settings import Settings

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pages.jsonl.gz"
SETTINGS = Settings()
NOW = 1_750_000_000.0


def sample_outcomes(step: Callable[[Page, Settings], Any]) -> list[Any]:
    """`step` applied to every page of the shipped samples."""
    outcomes = []
    with gzip.open(SAMPLES, "rb") as handle:
        for offset, line in enumerate(handle):
            page = parse_message(line, None, Origin("pages.raw", 0, offset), 10_000_000)
            if isinstance(page, Page):
                outcomes.append(step(page, SETTINGS))
    return outcomes


@pytest.fixture(scope="module")
def analysed_pages() -> list[Analysed]:
    pages = sample_outcomes(analyse_page)
    assert all(isinstance(outcome, Analysed) for outcome in pages)
    return pages[:3]


def fresh(item: Analysed) -> Analysed:
    return copy.deepcopy(item)  # the stage cleans paragraphs in place


def test_redelivery_after_publication_is_skipped(analysed_pages: list[Analysed]) -> None:
    stage = StoryStage({}, {}, SETTINGS)
    first = stage.handle(fresh(analysed_pages[0]), NOW)
    assert isinstance(first, Article)
    assert not stage.was_published(analysed_pages[0].origin.input_id)
    stage.mark_published(analysed_pages[0].origin.input_id)
    # The extraction stage crashed before committing and sent the same input again.
    assert stage.was_published(analysed_pages[0].origin.input_id)
    # Another input of the same page is not marked by it.
    other = fresh(analysed_pages[0])
    other.origin = Origin("pages.raw", 1, 99)
    assert not stage.was_published(other.origin.input_id)


def test_redelivery_before_publication_publishes_the_same_record(
        analysed_pages: list[Analysed]) -> None:
    store: dict[str, bytes] = {}
    stage = StoryStage(store, {}, SETTINGS)
    first = stage.handle(fresh(analysed_pages[1]), NOW)
    state = dict(store)
    # The story stage crashed before the broker acknowledged the record: it must publish
    # again, the same decision, without touching its state.
    again = stage.handle(fresh(analysed_pages[1]), NOW + 2)
    assert isinstance(first, Article) and isinstance(again, Article)
    assert (again.id, again.story_id, again.version) == (first.id, first.story_id,
                                                         first.version)
    assert store == state
    # Marking it published is one write of its decision key, which still answers.
    stage.mark_published(analysed_pages[1].origin.input_id)
    changed = [key for key in store if store[key] != state.get(key)]
    assert len(changed) == 1 and changed[0].startswith("i")
    assert stage.handle(fresh(analysed_pages[1]), NOW + 3).id == first.id


def test_published_marks_expire_with_their_decisions(analysed_pages: list[Analysed]) -> None:
    store: dict[str, bytes] = {}
    stage = StoryStage(store, {}, SETTINGS)
    stage.handle(fresh(analysed_pages[0]), NOW)
    stage.mark_published(analysed_pages[0].origin.input_id)
    window = SETTINGS.dedup.window_days * 86_400
    stage.expire(NOW)
    assert stage.expire(NOW + window + 2 * SETTINGS.dedup.bucket_seconds) > 0
    assert not stage.was_published(analysed_pages[0].origin.input_id)
    assert not [key for key in store if key.startswith("i")]


def test_expiry_takes_small_steps_and_never_reads_a_whole_table(
        analysed_pages: list[Analysed]) -> None:
    budget = 40
    settings = replace(SETTINGS, dedup=replace(SETTINGS.dedup, expiry_step_keys=budget))
    stories, boilerplate = NoIteration(), NoIteration()
    stage = StoryStage(stories, boilerplate, settings)
    day = 86_400.0
    for n, page in enumerate(analysed_pages):
        stage.handle(fresh(page), NOW + n * 3600)
    assert len(dict.keys(stories)) > 3 * budget and len(dict.keys(boilerplate)) > 10
    # Past the story window: stories go, step by step; site boilerplate stays 30 days.
    now = NOW + SETTINGS.dedup.window_days * day + 4 * 3600
    steps = [stage.expire(now) for _ in range(100)]
    assert max(steps) <= budget and sum(1 for n in steps if n) >= 3
    assert not [key for key in dict.keys(stories) if not key.startswith("t")]
    kept = {key for key in dict.keys(boilerplate) if "|" in key}
    assert kept
    # A month on, the site boilerplate counts go too, step by step.
    now = NOW + BOILERPLATE_MEMORY_S + 4 * 3600
    steps = [stage.expire(now) for _ in range(100)]
    assert max(steps) <= budget and sum(steps) == len(kept)
    assert not {key for key in dict.keys(boilerplate) if "|" in key}


def test_the_same_page_as_a_new_input_is_a_duplicate(analysed_pages: list[Analysed]) -> None:
    stage = StoryStage({}, {}, SETTINGS)
    original = stage.handle(fresh(analysed_pages[2]), NOW)
    resent = fresh(analysed_pages[2])
    resent.origin = Origin("pages.raw", 1, 99)  # produced again by the crawler
    copy_record = stage.handle(resent, NOW + 60)
    assert isinstance(original, Article)
    assert isinstance(copy_record, Duplicate)
    assert copy_record.duplicate_of == original.id


def test_every_rejection_reason_the_code_emits_is_in_the_schema() -> None:
    import json
    import re

    root = Path(__file__).resolve().parent.parent
    schema = json.loads((root / "schemas" / "rejected.schema.json").read_text())
    allowed = set(schema["properties"]["reason"]["enum"])
    emitted = set()
    for source in (root / "workers").glob("*.py"):
        emitted |= set(re.findall(r'(?:InputError|NotAnArticle)\(\s*"([a-z_]+)"',
                                  source.read_text()))
    assert emitted, "found no rejection reasons in the code"
    assert emitted <= allowed, f"reasons missing from the schema: {emitted - allowed}"


def test_a_fingerprint_from_the_pool_gives_the_same_decisions() -> None:
    """The fingerprint computed next to extraction (sent with the page, reduced to the
    paragraphs site boilerplate leaves) decides exactly as the stage's own."""
    settings = SETTINGS
    prepared = sample_outcomes(prepare_page)
    assert all(isinstance(outcome, Prepared) for outcome in prepared)
    assert len(prepared) >= 3
    # Several pages of one site, each with the site's furniture and a copy of the page
    # before it (boilerplate is learned and dropped, copies are matched).
    feed = []
    for n in range(12):
        source = prepared[n % len(prepared)]
        item = copy.deepcopy(source.analysed)
        item.origin = Origin("pages.raw", 0, 1000 + n)
        item.extracted.site = "one.example"
        item.extracted.url = f"https://one.example/story/{n}"
        item.extracted.canonical_url = None
        furniture = ["Sign up for our morning briefing and get the news first.",
                     f"Story {n} of the day"]
        item.extracted.paragraphs = [*item.extracted.paragraphs, *furniture]
        feed.append((item, encode_print(fingerprint(item.extracted.paragraphs,
                                                    settings.dedup))))
    with_print = StoryStage({}, {}, settings)
    without = StoryStage({}, {}, settings)
    kinds = []
    reduced = 0
    for n, (item, page_print) in enumerate(feed):
        handled = copy.deepcopy(item)
        got = with_print.handle(handled, NOW + n, page_print)
        want = without.handle(copy.deepcopy(item), NOW + n)
        assert to_dict(got) == to_dict(want)
        kinds.append(type(got).__name__)
        reduced += len(handled.extracted.paragraphs) < len(item.extracted.paragraphs)
    assert with_print.index.store == without.index.store
    assert "Duplicate" in kinds and "Article" in kinds
    # The furniture was learned and dropped, so prints were reduced on the way.
    assert reduced >= 3


def test_a_print_that_does_not_fit_its_paragraphs_is_not_used(
        analysed_pages: list[Analysed]) -> None:
    item = analysed_pages[0]
    raw = encode_print(fingerprint(item.extracted.paragraphs, SETTINGS.dedup))
    assert decode_print(raw, item.extracted.paragraphs) is not None
    assert decode_print(raw, item.extracted.paragraphs[:-1]) is None
    assert decode_print(raw[:-3], item.extracted.paragraphs) is None
    assert decode_print(b"", item.extracted.paragraphs) is None


def to_dict(record: Article | Duplicate) -> dict:
    data = orjson.loads(to_json(record))
    for volatile in ("extracted_at", "detected_at"):
        data.pop(volatile, None)
    return data


def test_the_record_serialised_in_the_pool_is_the_analysed_record() -> None:
    """The worker's pool task (`prepare_record`) hands back the analysed topic's record as
    bytes; read back by the story stage it decides exactly as the `Prepared` object does."""
    records = sample_outcomes(prepare_record)
    prepared = sample_outcomes(prepare_page)
    assert len(records) == len(prepared) >= 3
    from_record, from_object = StoryStage({}, {}, SETTINGS), StoryStage({}, {}, SETTINGS)
    for n, (record, objects) in enumerate(zip(records, prepared, strict=True)):
        assert isinstance(record, PreparedRecord) and isinstance(objects, Prepared)
        assert record.page_print == objects.page_print
        decoded = analysed_from_dict(orjson.loads(record.value))
        # Only the time the pool finished the page differs between the two runs.
        decoded.received_at = objects.analysed.received_at
        assert decoded == objects.analysed
        got = from_record.handle(decoded, NOW + n, record.page_print)
        want = from_object.handle(copy.deepcopy(objects.analysed), NOW + n, objects.page_print)
        assert to_dict(got) == to_dict(want)
    assert from_record.index.store == from_object.index.store


def test_the_envelopes_wire_agency_is_the_articles_source_when_the_page_names_none() -> None:
    # A real BBC page (tests/pages/uk_BBC_2026_04_25) credits no agency; a producer that
    # knows the copy came from a wire feed says so in the envelope's `source`.
    case = Path(__file__).parent / "pages" / "uk_BBC_2026_04_25"
    html = gzip.decompress((case / "page.html.gz").read_bytes()).decode("utf-8")
    url = orjson.loads((case / "expected.json").read_bytes())["url"]
    found = {}
    for source in ("Associated Press", "my-crawler", None):
        envelope = {"url": url, "html": html} | ({"source": source} if source else {})
        page = parse_message(orjson.dumps(envelope), None, Origin("pages.raw", 0, 0),
                             10_000_000)
        found[source] = analyse_page(page, Settings()).extracted.source
    assert found == {"Associated Press": "AP", "my-crawler": None, None: None}


class _ChangelogLog:
    """A producer that keeps what it is sent, acknowledged at once (offsets count up)."""

    def __init__(self) -> None:
        self.records: list[tuple[str, bytes, bytes | None, int]] = []

    async def send(self, topic: str, key: bytes, value: bytes | None, partition: int,
                   timestamp: float | None, headers: Any) -> asyncio.Future:
        self.records.append((topic, key, value, partition))
        ack = asyncio.get_running_loop().create_future()
        ack.set_result(SimpleNamespace(topic_partition=(topic, partition),
                                       offset=len(self.records) - 1))
        return ack


class _LocalStore(dict):
    persisted: int | None = None

    def set_persisted_offset(self, tp: Any, offset: int) -> None:
        self.persisted = offset


class _FakeTable:
    """What `TableStore` uses of a Faust table: its local store, reads, changelog topic."""

    def __init__(self, name: str, producer: _ChangelogLog) -> None:
        self.data = _LocalStore()
        self.changelog_topic = SimpleNamespace(get_topic_name=lambda: f"{name}-changelog")
        self.app = SimpleNamespace(producer=producer, in_transaction=False)

    def __getitem__(self, key: bytes) -> bytes:
        return self.data[key]

    def get(self, key: bytes, default: Any = None) -> Any:
        return self.data.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self.data


def test_the_worker_tables_changelog_replays_to_their_contents(
        analysed_pages: list[Analysed], monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker's tables write their changelog records themselves (`TableStore.flush`):
    every write and deletion of a decision, a mark and an expiry step reaches the
    changelog, in order, so a replica rebuilt from it equals the owner's store."""
    import faust

    from workers.app import TableStore

    monkeypatch.setattr(faust, "current_event",
                        lambda: SimpleNamespace(message=SimpleNamespace(partition=0)))
    producer = _ChangelogLog()
    tables = [_FakeTable("stories", producer), _FakeTable("site-boilerplate", producer)]
    stores = [TableStore(table) for table in tables]
    stage = StoryStage(*stores, SETTINGS)

    async def flush() -> None:
        for store in stores:
            await store.flush()

    async def run() -> None:
        for n, page in enumerate(analysed_pages * 2):  # copies: duplicates write too
            item = fresh(page)
            if n >= len(analysed_pages):
                item.origin = Origin("pages.raw", 1, n)
            stage.handle(item, NOW + n)
            await flush()
            stage.mark_published(item.origin.input_id)
            await flush()
        # A month on: stories and site boilerplate expire, deletions included.
        later = NOW + BOILERPLATE_MEMORY_S + 4 * 3600
        while stage.expire(later):
            await flush()
        await flush()

    asyncio.run(run())
    deletions = sum(value is None for _, _, value, _ in producer.records)
    assert deletions > 20
    for table, store in zip(tables, stores, strict=True):
        topic = table.changelog_topic.get_topic_name()
        replica: dict[bytes, bytes] = {}
        last = None
        for offset, (name, key, value, partition) in enumerate(producer.records):
            if name != topic:
                continue
            assert partition == 0
            last = offset
            if value is None:
                replica.pop(key, None)
            else:
                replica[key] = value
        assert replica == dict(table.data) and store.pending == []
        assert table.data.persisted == last
