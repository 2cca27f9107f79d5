"""The pipeline's stages put together, independent of Kafka.

- `analyse_page` is the stateless, CPU-bound part (extract, then tag) that runs in
  the process pool, one page at a time; `prepare_page` adds the page's fingerprint
  for deduplication, so the single story stage does not compute it;
- `StoryStage` is the stateful part (site boilerplate, then deduplication) that
  runs in one place for all pages, over any `MutableMapping[str, bytes]` stores:
  Faust tables in the worker, dicts in `wirestream process` and the tests;
- `rejection` turns an `InputError` into the record published on the rejected topic.

The Faust app (`workers.app`) and the batch command (`workers.batch`) both call
exactly these functions, so they publish the same records.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass

import xxhash

from workers.boilerplate import SiteBoilerplate
from workers.dedup import (
    Decision,
    StoryIndex,
    decode_print,
    encode_print,
    fingerprint,
    keep_paragraphs,
)
from workers.envelope import InputError
from workers.extract import NotAnArticle, extract_page
from workers.metadata import AGENCIES
from workers.records import (
    Analysed,
    Article,
    Duplicate,
    Origin,
    Page,
    Rejected,
    encode_payload,
    to_json,
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
    if extracted.source is None and page.source:
        # The producer's word that the page is wire copy (a feed of AP stories): the
        # agency's code when the name is one; a feed or crawler name is no source.
        extracted.source = AGENCIES.get(page.source.strip().casefold())
    tags = tag_article(extracted, settings.tagging)
    return Analysed(
        origin=page.origin,
        extracted=extracted,
        tags=tags,
        fetched_at=page.fetched_at,
        received_at=utc_now_iso(),
    )


@dataclass(slots=True)
class Prepared:
    """An analysed page with the fingerprint of its paragraphs for deduplication
    (`dedup.encode_print`), computed next to extraction rather than in the story stage."""

    analysed: Analysed
    page_print: bytes


def prepare_page(page: Page, settings: Settings) -> Prepared | InputError:
    """`analyse_page`, then the page's fingerprint: all of the stateless work on a page."""
    outcome = analyse_page(page, settings)
    if isinstance(outcome, InputError):
        return outcome
    prints = fingerprint(outcome.extracted.paragraphs, settings.dedup)
    return Prepared(outcome, encode_print(prints))


@dataclass(slots=True)
class PreparedRecord:
    """`Prepared` as the worker publishes it: the analysed record's JSON and the print.

    The worker only forwards the analysed record to the story stage's topic, so the pool
    serialises it: one bytes object crosses the process boundary instead of a pickled
    object graph, and the worker's event loop neither unpickles nor re-encodes it."""

    value: bytes
    page_print: bytes


def prepare_record(page: Page, settings: Settings) -> PreparedRecord | InputError:
    """`prepare_page`, serialised for the analysed topic (`to_json`)."""
    outcome = prepare_page(page, settings)
    if isinstance(outcome, InputError):
        return outcome
    return PreparedRecord(to_json(outcome.analysed), outcome.page_print)


# Site boilerplate counts not refreshed for this long are dropped; expiry visits the
# listings of time buckets of this many seconds that fell out of that memory.
BOILERPLATE_MEMORY_S = 30 * 86_400.0
BOILERPLATE_BUCKET_S = 3_600.0


class StoryStage:
    """Site boilerplate removal and story deduplication, in arrival order.

    Delivery bookkeeping lives in the story index's decision keys: a redelivered input
    gets its first decision again (the same record), and `was_published` tells a replay
    whether that record is on the broker already (`mark_published`, one table write).
    A replay not marked published writes its decision's keys and its page's boilerplate
    counts again, unchanged: a local store may hold them without their changelog.
    """

    def __init__(
        self,
        story_store: MutableMapping[str, bytes],
        boilerplate_store: MutableMapping[str, bytes],
        settings: Settings,
    ) -> None:
        self.index = StoryIndex(story_store, settings.dedup)
        self.boilerplate = SiteBoilerplate(boilerplate_store, settings.extract,
                                           memory_s=BOILERPLATE_MEMORY_S,
                                           bucket_seconds=BOILERPLATE_BUCKET_S)
        self.expiry_step_keys = settings.dedup.expiry_step_keys

    def was_published(self, input_id: str) -> bool:
        return self.index.was_published(input_id)

    def mark_published(self, input_id: str) -> None:
        self.index.mark_published(input_id)

    def handle(self, item: Analysed, now: float, page_print: bytes | None = None
               ) -> Article | Duplicate:
        """The record to publish for `item` (`page_print`: see `Prepared`).

        The extraction stage delivers at least once, so after a crash the same input
        can arrive again (at the same position when this stage replays, at a later one
        when extraction does): it gets the decision it got the first time, so the same
        record with the same ids. Callers skip inputs `was_published` says are out.
        """
        extracted = item.extracted
        # The page's identity for boilerplate counting: a re-crawl of the same URL
        # must not make its own paragraphs look like site furniture.
        page_id = xxhash.xxh64_intdigest(
            canonical_url(extracted.canonical_url or extracted.url).encode()
        )
        paragraphs = extracted.paragraphs
        if self.index.is_replay(item.origin.input_id):
            self.boilerplate.write_again(extracted.site, paragraphs, now)
        extracted.paragraphs = self.boilerplate.clean(
            extracted.site, paragraphs, now, page_id=page_id
        )
        page = None
        if page_print is not None:
            full = decode_print(page_print, paragraphs)
            if full is not None:
                page = keep_paragraphs(full, _positions(paragraphs, extracted.paragraphs))
        decision = self.index.decide(item, now, page)
        if decision.kind in ("new", "version"):
            return build_article(item, decision)
        return build_duplicate(item, decision)

    def expire(self, now: float) -> int:
        """One small step of expiry: stories past the window, old bookkeeping and site
        boilerplate not seen for `BOILERPLATE_MEMORY_S`; returns entries removed.

        Each table visits about `DedupSettings.expiry_step_keys` listed keys a call and
        resumes there on the next (from the store: a new owner of the partition too), so
        call it often (the worker does after every decision)."""
        budget = self.expiry_step_keys
        return self.index.expire(now, budget) + self.boilerplate.expire(now, budget)


def _positions(paragraphs: list[str], kept: list[str]) -> list[int]:
    """Where the paragraphs of `kept`, a subsequence of `paragraphs`, stand in it."""
    positions = []
    at = 0
    for paragraph in kept:
        while paragraphs[at] != paragraph:
            at += 1
        positions.append(at)
        at += 1
    return positions


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
        published_local=extracted.published_local,
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
