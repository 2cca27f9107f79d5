"""Reading input files: JSON-lines envelope files, `.html` files and folders of them.

Shared by `wirestream produce` (to Kafka) and `wirestream process` (no Kafka), so
both see the same messages: each input is `(name, key, value)` exactly as it
would sit in the input topic.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_CANONICAL = re.compile(
    rb"""<link[^>]+rel=["']?canonical["']?[^>]*href=["']([^"']+)["']"""
    rb"""|<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)["']""",
    re.IGNORECASE,
)
_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".json")
_HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


@dataclass(slots=True)
class InputMessage:
    """One message for the input topic; `where` names its file and line for reports."""

    where: str
    line: int
    key: bytes | None
    value: bytes


def iter_messages(paths: list[str | Path]) -> Iterator[InputMessage]:
    """Messages from files and folders, in sorted order for repeatable runs."""
    for path in _expand(paths):
        name = path.name.lower()
        if name.endswith(_JSONL_SUFFIXES):
            yield from _jsonl_messages(path)
        elif name.endswith(_HTML_SUFFIXES):
            yield _html_message(path)


def count_messages(paths: list[str | Path]) -> int:
    total = 0
    for path in _expand(paths):
        name = path.name.lower()
        if name.endswith(_JSONL_SUFFIXES):
            with _open(path) as handle:
                total += sum(1 for line in handle if line.strip())
        elif name.endswith(_HTML_SUFFIXES):
            total += 1
    return total


def _expand(paths: list[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        elif path.exists():
            yield path
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")


def _open(path: Path):
    return gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")


def _jsonl_messages(path: Path) -> Iterator[InputMessage]:
    with _open(path) as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip(b"\r\n")
            if line.strip():
                yield InputMessage(str(path), number, None, line)


def _html_message(path: Path) -> InputMessage:
    with _open(path) as handle:
        value = handle.read()
    # A bare HTML file carries its URL only in its canonical link or og:url.
    match = _CANONICAL.search(value[:200_000])
    url = (match.group(1) or match.group(2)) if match else None
    return InputMessage(str(path), 1, url.strip() if url else None, value)
