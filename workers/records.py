"""Typed records that travel between the stages and out to the topics.

Every stage speaks these types; `to_json`/`from_json` are the only serialisers
(orjson), so the Faust wiring, the `process` command and the tests all publish
byte-identical records. The JSON Schemas under `schemas/` describe the
published forms (`Article`, `Duplicate`, `Rejected`).
"""

from __future__ import annotations

import base64
import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

PIPELINE_VERSION = "0.1.0"


def utc_now_iso() -> str:
    """The current time as ISO 8601 in UTC with a `Z`, to the millisecond."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(slots=True)
class Origin:
    """Where an input came from: a Kafka position, or a file and line for `process`."""

    topic: str
    partition: int
    offset: int
    key: str | None = None
    timestamp: float | None = None

    @property
    def input_id(self) -> str:
        """Identity of the input message: the same redelivered message has the same id."""
        return f"{self.topic}:{self.partition}:{self.offset}"


@dataclass(slots=True)
class Page:
    """A raw page accepted from the input topic (a parsed envelope)."""

    url: str
    html: str
    origin: Origin
    fetched_at: str | None = None
    source: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Tag:
    """One topic tag. `type` is subject|place|organization|person|keyphrase|publisher."""

    label: str
    type: str
    scheme: str
    code: str | None = None
    score: float = 1.0
    # Knowledge-base ids ({"wikidata": "Q1", "geonames": "2643743"}) where known.
    ids: dict[str, str] | None = None
    in_title: bool | None = None


@dataclass(slots=True)
class Extracted:
    """What the extraction stage finds in one page (pure function of html + url)."""

    url: str
    canonical_url: str | None
    site: str
    sitename: str | None
    title: str | None
    authors: list[str]
    published_at: str | None
    language: str | None
    description: str | None
    # Paragraphs of the body, boilerplate removed, NFC, whitespace normalised.
    paragraphs: list[str]
    publisher_tags: list[str] = field(default_factory=list)
    section: str | None = None
    # Wire agency credited by the page (AP, Reuters, AFP, ...), when it says so.
    source: str | None = None
    # `published_at` as the page states it, in the publisher's own offset (or the day
    # alone): its date is the publication day where the story was published.
    published_local: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(slots=True)
class Analysed:
    """A page after the CPU-bound stages (extract, tag), on its way to deduplication."""

    origin: Origin
    extracted: Extracted
    tags: list[Tag]
    fetched_at: str | None = None
    received_at: str | None = None


@dataclass(slots=True)
class Article:
    """A clean story record, published on the clean-article topic."""

    id: str
    story_id: str
    version: int
    url: str
    canonical_url: str
    site: str
    sitename: str | None
    title: str | None
    authors: list[str]
    published_at: str | None
    language: str | None
    description: str | None
    text: str
    word_count: int
    tags: list[Tag]
    source: str | None
    extracted_at: str
    pipeline_version: str = PIPELINE_VERSION
    fetched_at: str | None = None
    # For version > 1: the article id this one updates and the paragraphs it adds.
    updates: str | None = None
    added_paragraphs: list[str] = field(default_factory=list)
    # `published_at` in the publisher's own offset, or the day alone (see Extracted).
    published_local: str | None = None


@dataclass(slots=True)
class Duplicate:
    """A page that adds nothing to a story already published."""

    url: str
    canonical_url: str
    story_id: str
    duplicate_of: str
    kind: str  # url | exact | near
    similarity: float
    detected_at: str
    title: str | None = None
    site: str | None = None
    pipeline_version: str = PIPELINE_VERSION


@dataclass(slots=True)
class Rejected:
    """An input that could not become an article, with a machine-readable reason."""

    reason: str
    detail: str
    input: dict[str, Any]
    payload: str | None
    rejected_at: str
    url: str | None = None
    # "utf-8" when the payload is the original bytes as text, "base64" otherwise.
    payload_encoding: str = "utf-8"
    payload_truncated: bool = False
    pipeline_version: str = PIPELINE_VERSION


def _dataclass_fields(value: Any) -> dict[str, Any]:
    if not dataclasses.is_dataclass(value):
        raise TypeError(f"cannot serialise {type(value).__name__}")
    data = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Tag):
        # Optional knowledge-base fields are left out rather than sent as null.
        for optional in ("ids", "in_title"):
            if data[optional] is None:
                del data[optional]
    return data


def to_json(record: Any) -> bytes:
    """Serialise a record (dataclass) to compact JSON bytes."""
    return orjson.dumps(
        record, default=_dataclass_fields, option=orjson.OPT_PASSTHROUGH_DATACLASS
    )


def from_json(data: bytes | str) -> Any:
    return orjson.loads(data)


def encode_payload(raw: bytes, limit: int) -> tuple[str, str, bool]:
    """The original payload for a rejected record: text when it is UTF-8, else base64.

    Returns (payload, encoding, truncated); payloads over `limit` bytes are cut.
    """
    truncated = len(raw) > limit
    if truncated:
        raw = raw[:limit]
    try:
        return raw.decode("utf-8"), "utf-8", truncated
    except UnicodeDecodeError as error:
        # Cut inside its last multi-byte character, the payload is still text: without
        # that character's first bytes, not base64 of the whole.
        if truncated and error.reason == "unexpected end of data":
            return raw[:error.start].decode("utf-8"), "utf-8", truncated
        return base64.b64encode(raw).decode("ascii"), "base64", truncated


def analysed_to_dict(item: Analysed) -> dict[str, Any]:
    return orjson.loads(to_json(item))


def analysed_from_dict(data: dict[str, Any]) -> Analysed:
    """Rebuild an `Analysed` from its JSON form (the internal topic between stages)."""
    return Analysed(
        origin=Origin(**data["origin"]),
        extracted=Extracted(**data["extracted"]),
        tags=[Tag(**t) for t in data["tags"]],
        fetched_at=data.get("fetched_at"),
        received_at=data.get("received_at"),
    )
