"""The story stage's delivery bookkeeping: redeliveries publish nothing twice, replays again."""

from __future__ import annotations

import copy
import gzip
from pathlib import Path

import pytest

from workers.envelope import parse_message
from workers.expiring import ExpiringLog
from workers.pipeline import DELIVERY_MEMORY_S, StoryStage, analyse_page
from workers.records import Analysed, Article, Duplicate, Origin, Page
from workers.settings import Settings

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pages.jsonl.gz"
SETTINGS = Settings()
NOW = 1_750_000_000.0


@pytest.fixture(scope="module")
def analysed_pages() -> list[Analysed]:
    pages = []
    with gzip.open(SAMPLES, "rb") as handle:
        for offset, line in enumerate(handle):
            page = parse_message(line, None, Origin("pages.raw", 0, offset), 10_000_000)
            if isinstance(page, Page):
                outcome = analyse_page(page, SETTINGS)
                assert isinstance(outcome, Analysed)
                pages.append(outcome)
    return pages[:3]


def fresh(item: Analysed) -> Analysed:
    return copy.deepcopy(item)  # the stage cleans paragraphs in place


def test_redelivery_at_a_later_position_is_not_published_again(
        analysed_pages: list[Analysed]) -> None:
    stage = StoryStage({}, {}, SETTINGS, {})
    first = stage.handle(fresh(analysed_pages[0]), NOW, position=10)
    assert isinstance(first, Article)
    # The extraction stage crashed before committing and sent the same input again.
    assert stage.handle(fresh(analysed_pages[0]), NOW + 5, position=11) is None


def test_replay_at_the_same_position_publishes_the_same_record(
        analysed_pages: list[Analysed]) -> None:
    stage = StoryStage({}, {}, SETTINGS, {})
    first = stage.handle(fresh(analysed_pages[1]), NOW, position=3)
    # The story stage itself crashed before committing offset 3: it must publish again.
    again = stage.handle(fresh(analysed_pages[1]), NOW + 2, position=3)
    assert isinstance(first, Article) and isinstance(again, Article)
    assert again.id == first.id and again.story_id == first.story_id


def test_the_same_page_as_a_new_input_is_a_duplicate(analysed_pages: list[Analysed]) -> None:
    stage = StoryStage({}, {}, SETTINGS, {})
    original = stage.handle(fresh(analysed_pages[2]), NOW, position=0)
    resent = fresh(analysed_pages[2])
    resent.origin = Origin("pages.raw", 1, 99)  # produced again by the crawler
    copy_record = stage.handle(resent, NOW + 60, position=1)
    assert isinstance(original, Article)
    assert isinstance(copy_record, Duplicate)
    assert copy_record.duplicate_of == original.id


def test_expiring_log_forgets_only_old_buckets() -> None:
    store: dict[str, bytes] = {}
    log = ExpiringLog(store, max_age_s=DELIVERY_MEMORY_S, bucket_s=3600)
    log.add("old", b"1", NOW)
    log.add("new", b"2", NOW + DELIVERY_MEMORY_S)
    assert log.expire(NOW + DELIVERY_MEMORY_S / 2) == 0
    assert log.get("old") == b"1"
    removed = log.expire(NOW + DELIVERY_MEMORY_S + 7200)
    assert removed == 1
    assert log.get("old") is None
    assert log.get("new") == b"2"
    # Only the young entry and its bookkeeping remain.
    assert [key for key in store if key.startswith("e:")] == ["e:new"]


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
