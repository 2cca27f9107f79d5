#!/usr/bin/env python3
"""Where `extract_page` spends its time, against bare trafilatura on the same pages.

    .venv/bin/python benchmarks/extract_profile.py                 # 150 + 150 pages, 2 rounds
    .venv/bin/python benchmarks/extract_profile.py --stages        # + ms/page per stage
    .venv/bin/python benchmarks/extract_profile.py --profile 30    # + cProfile, top 30

Pages: an evenly spread slice of `../shared/corpus/fundus` and of
`../shared/corpus/trafilatura-eval` (`--pages` of each). Per page, bare trafilatura
(`trafilatura.extract(html, url=url, with_metadata=True)`), `extract_page` and
trafilatura's body alone (`bare_extraction` without metadata, what `extract_page` calls)
run one after the other, in an order that rotates from page to page, so that a busy
machine slows all three alike: read the ratios, not the absolute figures. The first
round warms the caches (dateparser's per-locale regexes, py3langid's model) and is not
counted.

`--stages` times the steps of `extract_page` (the module functions it calls, wrapped
while the run lasts; a step that calls another counts both). `--profile N` prints
cProfile's top N functions by own time and by cumulative time over one more round.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import trafilatura

from benchmarks.common import CorpusPage, _spread, corpus_pages, require_corpus
from workers import extract, metadata
from workers.settings import ExtractSettings

# The steps of `extract_page` worth a line of their own (module, function name).
STAGES = [(extract, name) for name in (
    "load_html", "_prepare_tree", "_main_text", "_retry_with_recall",
    "_prefer_script_payload", "drop_boilerplate", "_without_pull_quotes", "_without_link_cards",
    "_without_other_articles", "_without_captions", "_agree_with_json_ld_body",
    "_reject_non_articles", "_with_shown_lead", "_with_standfirst", "_with_summary_list",
    "_with_subheads",
    "_without_byline_lines", "_without_author_bio", "detect_language")] + [
        (metadata, name) for name in (
        "read_metadata", "choose_title", "choose_authors", "publication_time")]


def pages_of(count: int) -> list[CorpusPage]:
    require_corpus("fundus", "trafilatura-eval")
    return _spread(corpus_pages("fundus"), count) + _spread(corpus_pages("trafilatura-eval"),
                                                            count)


def run_extract(page: CorpusPage, settings: ExtractSettings) -> None:
    with contextlib.suppress(extract.NotAnArticle):
        extract.extract_page(page.html, page.url, settings)


def run_bare(page: CorpusPage) -> None:
    trafilatura.extract(page.html, url=page.url, with_metadata=True)


def run_body(page: CorpusPage) -> None:
    trafilatura.bare_extraction(page.html, url=page.url, with_metadata=False,
                                include_comments=False)


def timed_rounds(pages: list[CorpusPage], settings: ExtractSettings, rounds: int,
                 stage_times: dict[str, float] | None) -> dict[str, list[float]]:
    runs: list[tuple[str, Callable[[CorpusPage], None]]] = [
        ("bare trafilatura", run_bare),
        ("extract_page", lambda page: run_extract(page, settings)),
        ("trafilatura body only", run_body)]
    times: dict[str, list[float]] = {name: [] for name, _ in runs}
    for number in range(rounds + 1):
        if number == 1 and stage_times is not None:
            stage_times.clear()  # the warm-up round is not counted
        for index, page in enumerate(pages):
            for name, run in runs[index % 3:] + runs[:index % 3]:
                start = time.perf_counter()
                run(page)
                if number:
                    times[name].append(time.perf_counter() - start)
    return times


def wrap_stages(stage_times: dict[str, float]) -> None:
    """Replace each stage function by a timed one in its module (for this process only)."""
    for module, name in STAGES:
        function = getattr(module, name)

        def timed(*args, _function=function, _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _function(*args, **kwargs)
            finally:
                stage_times[_name] += time.perf_counter() - start

        setattr(module, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=150, help="pages of each corpus")
    parser.add_argument("--rounds", type=int, default=2, help="counted rounds (after warm-up)")
    parser.add_argument("--stages", action="store_true", help="ms/page per step")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="cProfile top N over one more round")
    args = parser.parse_args()
    settings = ExtractSettings()
    pages = pages_of(args.pages)
    stage_times: dict[str, float] | None = defaultdict(float) if args.stages else None
    if stage_times is not None:
        wrap_stages(stage_times)
    times = timed_rounds(pages, settings, args.rounds, stage_times)

    bare = times["bare trafilatura"]
    print(f"{len(pages)} pages x {args.rounds} rounds, interleaved\n")
    print("| | median ms/page | mean ms/page | median of per-page ratios to bare | "
          "total time / bare |")
    print("|---|---|---|---|---|")
    for name, values in times.items():
        ratio = statistics.median(v / b for v, b in zip(values, bare, strict=True))
        print(f"| {name} | {statistics.median(values) * 1000:.1f} | "
              f"{statistics.mean(values) * 1000:.1f} | {ratio:.2f} | "
              f"{sum(values) / sum(bare):.2f} |")
    if stage_times is not None:
        runs = len(pages) * args.rounds
        print("\n| step of extract_page | ms/page |\n|---|---|")
        for name, seconds in sorted(stage_times.items(), key=lambda item: -item[1]):
            print(f"| {name} | {seconds / runs * 1000:.2f} |")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for page in pages:
            run_extract(page, settings)
        profile.disable()
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumtime").print_stats(args.profile)


if __name__ == "__main__":
    main()
