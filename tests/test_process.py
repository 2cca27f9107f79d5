"""`wirestream process`: the whole pipeline without Kafka, on the bundled real pages."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson
import pytest

from workers.cli import main
from workers.schemas import validate

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pages.jsonl.gz"


def read_jsonl(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    out = tmp_path_factory.mktemp("out")
    assert main(["process", str(SAMPLES), "--out", str(out), "--jobs", "2",
                 "--no-progress"]) == 0
    return {name: read_jsonl(out / f"{name}.jsonl")
            for name in ("articles", "duplicates", "rejected")}


def test_every_input_line_comes_out_exactly_once(processed: dict[str, list[dict]]) -> None:
    with gzip.open(SAMPLES, "rb") as handle:
        lines = [line for line in handle if line.strip()]
    assert sum(len(records) for records in processed.values()) == len(lines)


def test_records_match_their_schemas(processed: dict[str, list[dict]]) -> None:
    for name, schema in (("articles", "article"), ("duplicates", "duplicate"),
                         ("rejected", "rejected")):
        for record in processed[name]:
            validate(schema, record)


def test_real_pages_become_articles_with_metadata(processed: dict[str, list[dict]]) -> None:
    articles = processed["articles"]
    assert len(articles) == 8
    for article in articles:
        assert article["title"]
        assert article["word_count"] >= 100
        assert article["story_id"] == article["id"] and article["version"] == 1
        assert any(tag["type"] == "subject" for tag in article["tags"]), article["url"]
    german = next(a for a in articles if "br.de" in a["site"])
    assert german["language"] == "de"


def test_tracking_link_copy_is_a_url_duplicate(processed: dict[str, list[dict]]) -> None:
    [duplicate] = processed["duplicates"]
    assert "utm_source" in duplicate["url"]
    original = next(a for a in processed["articles"]
                    if a["canonical_url"] == duplicate["canonical_url"])
    assert duplicate["kind"] == "url"
    assert duplicate["duplicate_of"] == original["id"]
    assert duplicate["story_id"] == original["story_id"]


def test_broken_envelope_is_rejected_with_its_payload(processed: dict[str, list[dict]]) -> None:
    [rejected] = processed["rejected"]
    assert rejected["reason"] == "malformed_envelope"
    assert rejected["payload"].startswith('{"url": "https://example.com/broken"')
    assert rejected["input"]["offset"] == 10


def test_same_input_gives_the_same_ids(tmp_path: Path,
                                      processed: dict[str, list[dict]]) -> None:
    assert main(["process", str(SAMPLES), "--out", str(tmp_path), "--jobs", "1",
                 "--no-progress"]) == 0
    again = read_jsonl(tmp_path / "articles.jsonl")
    assert [a["id"] for a in again] == [a["id"] for a in processed["articles"]]
    assert [a["text"] for a in again] == [a["text"] for a in processed["articles"]]
