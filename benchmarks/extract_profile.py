#!/usr/bin/env python3
"""Where `extract_page` spends its time, against bare trafilatura on the same pages.

    .venv/bin/python benchmarks/extract_profile.py                 # 150 + 150 pages, 2 rounds
    .venv/bin/python benchmarks/extract_profile.py --stages        # + ms/page per stage
    .venv/bin/python benchmarks/extract_profile.py --profile 30    # + cProfile, top 30
    .venv/bin/python benchmarks/extract_profile.py --pages 1000 --rounds 1 --pool \
        --set fallback_below_share=0                               # A/B of a setting

Pages: an evenly spread slice of `../shared/corpus/fundus` and of
`../shared/corpus/trafilatura-eval` (`--pages` of each). Per page, bare trafilatura
(`trafilatura.extract(html, url=url, with_metadata=True)`), `extract_page` and
trafilatura's body alone (`bare_extraction` without metadata, what `extract_page` calls)
run one after the other, in an order that rotates from page to page, so that a busy
machine slows all alike: read the ratios, not the absolute figures. Times are the CPU
time of this thread (`time.thread_time`), not wall time: other processes on the machine
slow a run only through shared caches. The first round warms the caches (dateparser's
per-locale regexes, py3langid's model) and is not counted.

`--set FIELD=VALUE` (repeatable) adds `extract_page` with those ExtractSettings beside the
default one, and prints per-page ratios of the two. `--pool` adds what a pool process does
per page (`RawInput.parse`, then `pipeline.prepare_record`: extract, tag, fingerprint,
serialise), with the default settings and, with `--set`, the other ones; its time includes
encoding the page's JSON envelope first (~0.2 ms, the producer's work).

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

import orjson
import trafilatura

from benchmarks.common import CorpusPage, _spread, corpus_pages, require_corpus
from workers import extract, metadata
from workers.envelope import RawInput
from workers.pipeline import prepare_record
from workers.records import Origin, Page
from workers.settings import ExtractSettings, Settings, _section
from workers.tagging import load_data

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


def run_pool_step(page: CorpusPage, settings: Settings) -> None:
    envelope = orjson.dumps({"url": page.url, "html": page.html})
    parsed = RawInput(envelope, None, Origin("bench", 0, 0), settings.extract.max_html_bytes
                      ).parse()
    if isinstance(parsed, Page):
        prepare_record(parsed, settings)


Run = tuple[str, Callable[[CorpusPage], None]]


def runs_for(settings: ExtractSettings, other: ExtractSettings | None, label: str,
             pool: bool) -> list[Run]:
    runs: list[Run] = [
        ("bare trafilatura", run_bare),
        ("extract_page", lambda page: run_extract(page, settings)),
        ("trafilatura body only", run_body)]
    if other is not None:
        runs.append((f"extract_page ({label})", lambda page: run_extract(page, other)))
    if pool:
        base = Settings(extract=settings)
        runs.append(("pool step", lambda page: run_pool_step(page, base)))
        if other is not None:
            changed = Settings(extract=other)
            runs.append((f"pool step ({label})", lambda page: run_pool_step(page, changed)))
    return runs


def timed_rounds(pages: list[CorpusPage], runs: list[Run], rounds: int,
                 stage_times: dict[str, float] | None) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name, _ in runs}
    for number in range(rounds + 1):
        if number == 1 and stage_times is not None:
            stage_times.clear()  # the warm-up round is not counted
        for index, page in enumerate(pages):
            turn = index % len(runs)
            for name, run in runs[turn:] + runs[:turn]:
                start = time.thread_time()
                run(page)
                if number:
                    times[name].append(time.thread_time() - start)
    return times


def wrap_stages(stage_times: dict[str, float]) -> None:
    """Replace each stage function by a timed one in its module (for this process only)."""
    for module, name in STAGES:
        function = getattr(module, name)

        def timed(*args, _function=function, _name=name, **kwargs):
            start = time.thread_time()
            try:
                return _function(*args, **kwargs)
            finally:
                stage_times[_name] += time.thread_time() - start

        setattr(module, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=150, help="pages of each corpus")
    parser.add_argument("--rounds", type=int, default=2, help="counted rounds (after warm-up)")
    parser.add_argument("--stages", action="store_true", help="ms/page per step")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="cProfile top N over one more round")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="also run extract_page with this ExtractSettings field changed")
    parser.add_argument("--pool", action="store_true",
                        help="also time a pool process's whole step per page")
    args = parser.parse_args()
    settings = ExtractSettings()
    overrides = dict(item.split("=", 1) for item in args.set)
    other = (_section(settings, {k.upper(): v for k, v in overrides.items()}, "")
             if overrides else None)
    label = ", ".join(args.set)
    pages = pages_of(args.pages)
    if args.pool:
        load_data(Settings().tagging)  # as the pool's parent does before forking
    stage_times: dict[str, float] | None = defaultdict(float) if args.stages else None
    if stage_times is not None:
        wrap_stages(stage_times)
    runs = runs_for(settings, other, label, args.pool)
    times = timed_rounds(pages, runs, args.rounds, stage_times)

    bare = times["bare trafilatura"]
    print(f"{len(pages)} pages x {args.rounds} rounds, interleaved, CPU time of the thread\n")
    print("| | median ms/page | mean ms/page | median of per-page ratios to bare | "
          "total time / bare |")
    print("|---|---|---|---|---|")
    for name, values in times.items():
        ratio = statistics.median(v / b for v, b in zip(values, bare, strict=True))
        print(f"| {name} | {statistics.median(values) * 1000:.2f} | "
              f"{statistics.mean(values) * 1000:.2f} | {ratio:.3f} | "
              f"{sum(values) / sum(bare):.3f} |")
    if other is not None:
        print(f"\n| {label} against the default | median of per-page ratios | total ratio |")
        print("|---|---|---|")
        for name in ("extract_page", "pool step"):
            if name in times:
                new, old = times[f"{name} ({label})"], times[name]
                ratio = statistics.median(n / o for n, o in zip(new, old, strict=True))
                print(f"| {name} | {ratio:.3f} | {sum(new) / sum(old):.3f} |")
    if stage_times is not None:
        # Every run but the two bare trafilatura ones calls extract_page once a page.
        runs_counted = len(pages) * args.rounds * (len(runs) - 2)
        print("\n| step of extract_page | ms/page |\n|---|---|")
        for name, seconds in sorted(stage_times.items(), key=lambda item: -item[1]):
            print(f"| {name} | {seconds / runs_counted * 1000:.2f} |")
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
