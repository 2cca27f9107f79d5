"""Benchmark of story deduplication (workers.dedup.StoryIndex) on a built dev set.

    .venv/bin/python benchmarks/dedup.py [--split tune|heldout|both] [--seed 1 2 3 4]
        [--trafilatura N] [--set NAME=VALUE ...] [--pipeline] [--memory]

    # the same pages end to end, through extraction and the story stage:
    .venv/bin/python benchmarks/dedup.py --split heldout --seed 1 --trafilatura 300 \
        --export out/dedup-set
    .venv/bin/wirestream process out/dedup-set/heldout-1.pages.jsonl --out out/dedup-run
    .venv/bin/python benchmarks/dedup.py --score-process out/dedup-run \
        out/dedup-set/heldout-1.truth.jsonl

Builds stories from ../shared/corpus texts (see benchmarks/dedup_devset.py: copies by
up to five outlets with boilerplate swaps, truncation, dropped paragraphs, changed
sentences, updates, exact copies, refetches, redeliveries, template siblings and
rolling stories sharing a first paragraph), feeds every page in arrival order through
one StoryIndex over a dict, and prints:

- pairwise precision / recall of story membership (pages in the same predicted story
  vs the same true story, all pairs);
- update-as-version rate: pages carrying at least 25 words that no earlier page of
  the story carried, published (new or version) rather than suppressed;
- plain-copy suppression rate: pages carrying nothing new, sent to duplicates;
- false versions: plain copies published as a version;
- template / rolling merges: pairs of different stories put together that share a
  template or a first paragraph;
- redeliveries answered identically; decisions per second; store bytes per story.

The texts are split by a seeded hash of their folder name: tune on `tune`, report
`heldout` (fundus texts never looked at while tuning, plus trafilatura-eval pages
when `--trafilatura N` is given; their extraction is cached in benchmarks/results/).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass, fields, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dedup_devset

from workers.dedup import StoryIndex
from workers.records import Analysed, Extracted, Origin
from workers.settings import DedupSettings

RESULTS = Path(__file__).resolve().parent / "results"


def as_analysed(pages: list[dedup_devset.Page]) -> list[Analysed]:
    """Pages as the dedup stage receives them; a redelivery repeats its input's offset."""
    offsets: dict[str, int] = {}
    items = []
    for page in pages:
        extracted = Extracted(
            url=page.url, canonical_url=None, site=page.site, sitename=None, title=None,
            authors=[], published_at=None, language=None, description=None,
            paragraphs=list(page.paragraphs),
        )
        offset = offsets.setdefault(page.input_id, len(offsets))
        items.append(Analysed(origin=Origin("pages.raw", offset % 4, offset // 4),
                              extracted=extracted, tags=[]))
    return items


def pairs(counts: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


@dataclass(frozen=True)
class Outcome:
    """What the pipeline published for a page, reduced to what the metrics need."""

    kind: str
    story_id: str

    @property
    def is_article(self) -> bool:
        return self.kind in ("new", "version")


def run(pages: list[dedup_devset.Page], settings: DedupSettings,
        pipeline: bool = False) -> dict[str, float]:
    store: dict[str, bytes] = {}
    items = as_analysed(pages)
    decisions: list = []
    if pipeline:
        # As `wirestream process` does: the site-boilerplate stage, then the index.
        from workers.pipeline import StoryStage
        from workers.records import Article
        from workers.settings import Settings

        stage = StoryStage(store, {}, replace(Settings(), dedup=settings))

        def decide(item: Analysed, now: float) -> Outcome:
            record = stage.handle(item, now)
            if isinstance(record, Article):
                return Outcome("new" if record.version == 1 else "version", record.story_id)
            return Outcome(record.kind, record.story_id)
    else:
        decide = StoryIndex(store, settings).decide
    started = time.perf_counter()
    for item, page in zip(items, pages, strict=True):
        decisions.append(decide(item, page.time))
    elapsed = time.perf_counter() - started
    return score(pages, decisions, elapsed, store)


def score(pages: list[dedup_devset.Page], decisions: list, elapsed: float,
          store: dict[str, bytes]) -> dict:
    """The metrics of the module docstring, for decisions taken in `pages` order."""
    first_answer: dict[str, object] = {}
    scored = [(p, d) for p, d in zip(pages, decisions, strict=True) if p.role != "redelivery"]
    same_answer = 0
    redeliveries = 0
    for page, decision in zip(pages, decisions, strict=True):
        if page.role == "redelivery":
            redeliveries += 1
            same_answer += first_answer[page.input_id] == decision
        else:
            first_answer[page.input_id] = decision
    joint = Counter((p.story, d.story_id) for p, d in scored)
    truth = Counter(p.story for p, _ in scored)
    predicted = Counter(d.story_id for _, d in scored)
    together = pairs(joint)
    precision = together / max(1, pairs(predicted))
    recall = together / max(1, pairs(truth))

    updates = [(p, d) for p, d in scored
               if p.new_words >= dedup_devset.REAL_UPDATE_WORDS and p.role != "first"]
    copies = [(p, d) for p, d in scored if p.new_words == 0]
    update_rate = sum(d.is_article for _, d in updates) / max(1, len(updates))
    suppressed = sum(not d.is_article for _, d in copies) / max(1, len(copies))
    false_versions = sum(d.kind == "version" for _, d in copies) / max(1, len(copies))
    # Hard negatives: pages of template siblings / rolling stories merged with another story.
    stories_of = {}
    for page, decision in scored:
        stories_of.setdefault(decision.story_id, set()).add(page.story)
    template_merges = sum(
        1 for members in stories_of.values() if len(members) > 1
        and any("t" in m[1:] or m.endswith("r") for m in members))
    wrong_merges = sum(1 for members in stories_of.values() if len(members) > 1)
    stories = sum(d.kind == "new" for d in decisions)
    store_bytes = sum(len(k) + len(v) for k, v in store.items())
    by_kind: Counter = Counter()
    for key, value in store.items():
        by_kind[key[0]] += len(key) + len(value)
    return {
        "pages": len(scored), "stories": len(truth), "precision": precision, "recall": recall,
        "updates": len(updates), "update_rate": update_rate, "copies": len(copies),
        "suppressed": suppressed, "false_versions": false_versions,
        "wrong_merges": wrong_merges, "template_merges": template_merges,
        "redelivered_same": same_answer / redeliveries if redeliveries else float("nan"),
        "decisions_per_s": len(pages) / elapsed if elapsed else float("nan"),
        "ms_per_decision": 1000 * elapsed / len(pages),
        "bytes_per_story": store_bytes / max(1, stories),
        "keys_per_story": len(store) / max(1, stories),
        "kinds": dict(Counter(d.kind for d in decisions)),
        "bytes_by_kind": {k: round(v / max(1, stories)) for k, v in sorted(by_kind.items())},
    }


# --- the same set through `wirestream process` ---------------------------------------------


def export(pages: list[dedup_devset.Page], folder: Path, name: str) -> None:
    """`name.pages.jsonl`: envelopes (minimal HTML) for `wirestream process`, in arrival
    order; `name.truth.jsonl`: the ground truth by URL. Refetches and redeliveries are
    left out (a file has no message positions, and URLs must name one page)."""
    import html as html_lib

    import orjson

    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{name}.pages.jsonl", "wb") as out, \
            open(folder / f"{name}.truth.jsonl", "wb") as truth:
        for page in pages:
            if page.role in ("refetch", "redelivery"):
                continue
            body = "".join(f"<p>{html_lib.escape(p)}</p>" for p in page.paragraphs)
            document = (f"<html><head><title>{page.story}</title></head><body><article>"
                        f"{body}</article></body></html>")
            out.write(orjson.dumps({"url": page.url, "html": document}) + b"\n")
            truth.write(orjson.dumps({"url": page.url, "story": page.story,
                                      "new_words": page.new_words, "role": page.role}) + b"\n")


def score_process(out_dir: Path, truth_file: Path) -> dict:
    """Metrics of `wirestream process` output (articles/duplicates by URL) against truth."""
    import orjson

    outcome: dict[str, Outcome] = {}
    for line in (out_dir / "articles.jsonl").read_bytes().splitlines():
        record = orjson.loads(line)
        kind = "new" if record["version"] == 1 else "version"
        outcome[record["url"]] = Outcome(kind, record["story_id"])
    for line in (out_dir / "duplicates.jsonl").read_bytes().splitlines():
        record = orjson.loads(line)
        outcome[record["url"]] = Outcome(record["kind"], record["story_id"])
    pages, decisions = [], []
    for line in truth_file.read_bytes().splitlines():
        t = orjson.loads(line)
        pages.append(dedup_devset.Page(t["url"], 0.0, t["url"], "", [], t["story"],
                                       t["new_words"], t["role"]))
        # A rejected page is a story of its own that suppressed nothing.
        decisions.append(outcome.get(t["url"], Outcome("rejected", t["url"])))
    return score(pages, decisions, 0.0, {})


def python_memory_per_story(pages: list[dedup_devset.Page], settings: DedupSettings) -> float:
    """Bytes of Python heap per story when the store is a plain dict (the `process` case)."""
    items = as_analysed(pages)
    tracemalloc.start()
    store: dict[str, bytes] = {}
    index = StoryIndex(store, settings)
    before = tracemalloc.get_traced_memory()[0]
    decisions = [index.decide(item, page.time) for item, page in zip(items, pages, strict=True)]
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    stories = sum(d.kind == "new" for d in decisions)
    # Decisions are kept in the list above; subtract them roughly by measuring the store only.
    del decisions
    return (after - before) / max(1, stories)


def report(name: str, result: dict[str, float]) -> None:
    print(f"\n## {name}: {result['pages']} pages, {result['stories']} true stories, "
          f"{result['updates']} real updates, {result['copies']} plain copies")
    print("| metric | value |\n|---|---|")
    rows = [
        ("pairwise precision", f"{result['precision']:.4f}"),
        ("pairwise recall", f"{result['recall']:.4f}"),
        ("updates published as new/version", f"{result['update_rate']:.3f}"),
        ("plain copies suppressed", f"{result['suppressed']:.3f}"),
        ("plain copies published as a version", f"{result['false_versions']:.3f}"),
        ("predicted stories mixing true stories", f"{result['wrong_merges']}"),
        ("  of which template/rolling stories", f"{result['template_merges']}"),
        ("redeliveries answered identically", f"{result['redelivered_same']:.3f}"),
        ("decisions per second (one core)", f"{result['decisions_per_s']:.0f}"),
        ("ms per decision", f"{result['ms_per_decision']:.2f}"),
        ("store bytes per story (keys + values)", f"{result['bytes_per_story']:.0f}"),
        ("store keys per story", f"{result['keys_per_story']:.1f}"),
        ("  bytes per story by key kind", str(result["bytes_by_kind"])),
        ("decisions", str(result["kinds"])),
    ]
    for metric, value in rows:
        print(f"| {metric} | {value} |")


def parse_overrides(pairs_: list[str]) -> dict[str, object]:
    types = {f.name: type(getattr(DedupSettings(), f.name)) for f in fields(DedupSettings)}
    changes: dict[str, object] = {}
    for pair in pairs_:
        name, _, value = pair.partition("=")
        changes[name] = types[name](value)
    return changes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["tune", "heldout", "both"], default="both")
    parser.add_argument("--seed", type=int, nargs="+", default=[7],
                        help="seeds of the edits (several: one report each)")
    parser.add_argument("--trafilatura", type=int, default=0,
                        help="add N trafilatura-eval texts to the held-out set")
    parser.add_argument("--set", nargs="*", default=[], help="DedupSettings overrides")
    parser.add_argument("--memory", action="store_true", help="also measure Python heap")
    parser.add_argument("--export", type=Path, metavar="DIR",
                        help="write the sets as envelopes + truth for `wirestream process`")
    parser.add_argument("--score-process", nargs=2, type=Path, metavar=("OUT", "TRUTH"),
                        help="score `wirestream process` output OUT against TRUTH.jsonl")
    parser.add_argument("--pipeline", action="store_true",
                        help="run pages through the pipeline's StoryStage (site boilerplate "
                             "removal first, as `wirestream process` does)")
    args = parser.parse_args()
    if args.score_process:
        report(f"wirestream process: {args.score_process[0]}", score_process(*args.score_process))
        return
    settings = replace(DedupSettings(), **parse_overrides(args.set))
    print(f"settings: {settings}")
    splits = ["tune", "heldout"] if args.split == "both" else [args.split]
    summary = []
    for split in splits:
        texts = dedup_devset.load_fundus(split)
        if split == "heldout" and args.trafilatura:
            texts += dedup_devset.load_trafilatura_eval(
                args.trafilatura, RESULTS / f"trafilatura-eval-texts-{args.trafilatura}.json")
        for seed in args.seed:
            pages = dedup_devset.build(texts, seed)
            if args.export:
                export(pages, args.export, f"{split}-{seed}")
            name = f"{split} (seed {seed}, {len(texts)} source texts)"
            if args.pipeline:
                name += ", through StoryStage"
            result = run(pages, settings, args.pipeline)
            report(name, result)
            summary.append((split, seed, result))
            if args.memory:
                print(f"| Python heap per story (dict store) | "
                      f"{python_memory_per_story(pages, settings):.0f} bytes |")
    print_summary(summary)


def print_summary(summary: list[tuple[str, int, dict]]) -> None:
    print("\n## Summary\n")
    print("| split | seed | pages | stories | precision | recall | updates as versions "
          "| copies suppressed | copies as versions | decisions/s | store bytes/story |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for split, seed, r in summary:
        print(f"| {split} | {seed} | {r['pages']} | {r['stories']} | {r['precision']:.4f} | "
              f"{r['recall']:.4f} | {r['update_rate']:.3f} | {r['suppressed']:.3f} | "
              f"{r['false_versions']:.3f} | {r['decisions_per_s']:.0f} | "
              f"{r['bytes_per_story']:.0f} |")
    for split in dict.fromkeys(s for s, _, _ in summary):
        rows = [r for s, _, r in summary if s == split]
        if len(rows) > 1:
            mean = {k: sum(r[k] for r in rows) / len(rows)
                    for k in ("precision", "recall", "update_rate", "suppressed",
                              "false_versions", "decisions_per_s", "bytes_per_story")}
            print(f"| {split} | mean | {sum(r['pages'] for r in rows)} | "
                  f"{sum(r['stories'] for r in rows)} | {mean['precision']:.4f} | "
                  f"{mean['recall']:.4f} | {mean['update_rate']:.3f} | "
                  f"{mean['suppressed']:.3f} | {mean['false_versions']:.3f} | "
                  f"{mean['decisions_per_s']:.0f} | {mean['bytes_per_story']:.0f} |")


if __name__ == "__main__":
    main()
