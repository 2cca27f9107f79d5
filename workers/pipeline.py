"""The pipeline's stages put together, independent of Kafka.

- `analyse_page` is the stateless, CPU-bound part (extract, then tag) that runs in
  the process pool, one page at a time;
- `StoryStage` is the stateful part (site boilerplate, then deduplication) that
  runs in one place for all pages, over any `MutableMapping[str, bytes]` stores:
  Faust tables in the worker, dicts in `wirestream process` and the tests;
- `rejection` turns an `InputError` into the record published on the rejected topic.

The Faust app (`workers.app`) and the batch command (`workers.batch`) both call
exactly these functions, so they publish the same records.
"""

from __future__ import annotations

from collections.abc import MutableMapping

import xxhash

from workers.boilerplate import SiteBoilerplate, stale_keys
from workers.dedup import Decision, StoryIndex
from workers.envelope import InputError
from workers.expiring import ExpiringLog
from workers.extract import NotAnArticle, extract_page
from workers.records import (
    Analysed,
    Article,
    Duplicate,
    Origin,
    Page,
    Rejected,
    encode_payload,
    utc_now_iso,
)
from workers.settings import Settings
from workers.tagging import tag_article
from workers.urls import canonical_url


def analyse_page(page: Page, settings: Settings) -> Analysed | InputError:
    """Extract and tag one page; a page without a story becomes an `InputError`."""
    try:
        extracted = extract_page(page.html, page.url, settings.extract)
    except NotAnArticle as refusal:
        return InputError(refusal.reason, refusal.detail, page.url)
    tags = tag_article(extracted, settings.tagging)
    return Analysed(
        origin=page.origin,
        extracted=extracted,
        tags=tags,
        fetched_at=page.fetched_at,
        received_at=utc_now_iso(),
    )


# How long the story stage remembers where it saw an input: redeliveries come
# within minutes of the original (a crash, a rebalance), never days later.
DELIVERY_MEMORY_S = 86_400.0
# Site boilerplate counts not refreshed for this long are dropped, in a daily sweep
# (the sweep reads the whole boilerplate table, so it is rare).
BOILERPLATE_MEMORY_S = 30 * 86_400.0
BOILERPLATE_SWEEP_EVERY_S = 86_400.0


class StoryStage:
    """Site boilerplate removal and story deduplication, in arrival order."""

    def __init__(
        self,
        story_store: MutableMapping[str, bytes],
        boilerplate_store: MutableMapping[str, bytes],
        settings: Settings,
        delivery_store: MutableMapping[str, bytes] | None = None,
    ) -> None:
        self.index = StoryIndex(story_store, settings.dedup)
        self.boilerplate = SiteBoilerplate(boilerplate_store, settings.extract)
        self.deliveries = ExpiringLog(
            delivery_store if delivery_store is not None else {}, DELIVERY_MEMORY_S
        )
        self._last_boilerplate_sweep: float | None = None

    def handle(
        self, item: Analysed, now: float, position: int | None = None
    ) -> Article | Duplicate | None:
        """The record to publish for `item`, or None when it was published already.

        `position` is the item's offset in the stage's single-partition input. The
        extraction stage delivers at least once, so after a crash the same input
        can arrive again at a later position: its record went out when it was
        first handled (the stage's own offsets are committed only after the
        producer flushed), so it is skipped. The same position again means this
        stage itself is replaying after a crash: publish again, identically.
        """
        if position is not None:
            seen = self.deliveries.get(item.origin.input_id)
            if seen is not None and int(seen) != position:
                return None
            if seen is None:
                self.deliveries.add(item.origin.input_id, str(position).encode(), now)
        extracted = item.extracted
        # The page's identity for boilerplate counting: a re-crawl of the same URL
        # must not make its own paragraphs look like site furniture.
        page_id = xxhash.xxh64_intdigest(
            canonical_url(extracted.canonical_url or extracted.url).encode()
        )
        extracted.paragraphs = self.boilerplate.clean(
            extracted.site, extracted.paragraphs, now, page_id=page_id
        )
        decision = self.index.decide(item, now)
        if decision.kind in ("new", "version"):
            return build_article(item, decision)
        return build_duplicate(item, decision)

    def expire(self, now: float) -> int:
        """Forget stories past the window and old bookkeeping; returns entries removed."""
        removed = self.index.expire(now) + self.deliveries.expire(now)
        if self._last_boilerplate_sweep is None:
            self._last_boilerplate_sweep = now
        elif now - self._last_boilerplate_sweep >= BOILERPLATE_SWEEP_EVERY_S:
            store = self.boilerplate.store
            for key in list(stale_keys(store, now, BOILERPLATE_MEMORY_S)):
                del store[key]
                removed += 1
            self._last_boilerplate_sweep = now
        return removed


def build_article(item: Analysed, decision: Decision) -> Article:
    extracted = item.extracted
    text = extracted.text
    return Article(
        id=decision.article_id,
        story_id=decision.story_id,
        version=decision.version,
        url=extracted.url,
        canonical_url=decision.canonical_url,
        site=extracted.site,
        sitename=extracted.sitename,
        title=extracted.title,
        authors=extracted.authors,
        published_at=extracted.published_at,
        language=extracted.language,
        description=extracted.description,
        text=text,
        word_count=len(text.split()),
        tags=item.tags,
        source=extracted.source,
        extracted_at=item.received_at or utc_now_iso(),
        fetched_at=item.fetched_at,
        updates=decision.updates,
        added_paragraphs=decision.added_paragraphs,
    )


def build_duplicate(item: Analysed, decision: Decision) -> Duplicate:
    return Duplicate(
        url=item.extracted.url,
        canonical_url=decision.canonical_url,
        story_id=decision.story_id,
        duplicate_of=decision.duplicate_of or decision.story_id,
        kind=decision.kind,
        similarity=round(decision.similarity, 4),
        detected_at=utc_now_iso(),
        title=item.extracted.title,
        site=item.extracted.site,
    )


def rejection(error: InputError, origin: Origin, payload: bytes | None, settings: Settings,
              key: bytes | None = None) -> Rejected:
    """The rejected-topic record: reason, detail, where it came from, the original payload."""
    text, encoding, truncated = encode_payload(payload or b"", settings.rejected_payload_bytes)
    source = {"topic": origin.topic, "partition": origin.partition, "offset": origin.offset}
    if key is not None:
        source["key"] = key.decode("utf-8", "replace")
    return Rejected(
        reason=error.reason,
        detail=error.detail,
        input=source,
        payload=text if payload is not None else None,
        rejected_at=utc_now_iso(),
        url=error.url,
        payload_encoding=encoding,
        payload_truncated=truncated,
    )
