"""Shared helpers for the benchmarks: where the dev corpora are and how to load them.

The corpora live in `../shared/corpus` beside the repository (see its README); they are
not shipped with the project, so every benchmark says clearly when they are absent.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@dataclass(frozen=True, slots=True)
class CorpusPage:
    corpus: str
    name: str
    url: str
    html: str


def require_corpus(*names: str) -> None:
    """Exit with a clear message when the shared dev corpora are not beside the repo."""
    missing = [name for name in names if not (CORPUS / name).is_dir()]
    if missing:
        sys.exit(f"benchmark needs the dev corpora in {CORPUS} (missing: {', '.join(missing)}); "
                 "they are shared beside the repository as ../shared/corpus, not shipped with it")


def corpus_pages(corpus: str) -> list[CorpusPage]:
    """All pages of one corpus, in folder order, HTML decoded as UTF-8 with replacement
    (as `../shared/bench/corpus_to_jsonl.py` does)."""
    pages = []
    for folder in sorted((CORPUS / corpus).iterdir()):
        truth = folder / "truth.json"
        page = folder / "page.html.gz"
        if not (truth.is_file() and page.is_file()):
            continue
        url = json.loads(truth.read_text(encoding="utf-8"))["url"].strip()
        html = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
        pages.append(CorpusPage(corpus, folder.name, url, html))
    return pages


def mixed_pages(count: int, seed: int = 6) -> list[CorpusPage]:
    """`count` distinct pages: all of fundus (or about 65% of `count` when smaller), topped
    up with an evenly spread slice of trafilatura-eval, shuffled with a fixed seed so that
    every prefix and every partition sees both kinds."""
    require_corpus("fundus", "trafilatura-eval")
    fundus = corpus_pages("fundus")
    other = corpus_pages("trafilatura-eval")
    take_fundus = min(len(fundus), max(1, round(count * 0.65)) if count < len(fundus) else count)
    chosen = _spread(fundus, take_fundus)
    chosen += _spread(other, min(len(other), count - len(chosen)))
    seen: set[str] = set()
    unique = [p for p in chosen if not (p.url in seen or seen.add(p.url))]
    random.Random(seed).shuffle(unique)
    return unique


def _spread(pages: list[CorpusPage], count: int) -> list[CorpusPage]:
    if count >= len(pages):
        return list(pages)
    step = len(pages) / count
    return [pages[int(i * step)] for i in range(count)]
