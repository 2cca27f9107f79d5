"""Benchmark of the tagging stage on shared-corpus pages: subject accuracy, cost, examples.

    .venv/bin/python benchmarks/tagging.py [--examples N]

Reads ../shared/corpus (relative to the repo root) and the labels in
benchmarks/data/tagging_labels.tsv: 242 pages whose publisher section names a topic
("/politik/", "/sport/", category "Wirtschaft"), each with the weak label from that
section and the set of IPTC top-level topics a reader accepts for the story (judged by
hand from title and lead). Prints Markdown tables:

- accuracy of the highest-scored top-level subject: "accepted" (in the hand-checked set)
  and "section" (equal to the publisher's section), on the dev half (looked at while
  writing cue words) and the test half (never looked at), for all languages and for
  English + German; and the same on the title and the first 40 words of the body only
  (short texts like AG News);
- per-article CPU time of tagging (median, p95, after the once-per-process load) next to
  extraction's (workers.extract.extract_page) on the same pages;
- the tags of a few real pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workers.extract import NotAnArticle, extract_page  # noqa: E402
from workers.records import Extracted  # noqa: E402
from workers.settings import ExtractSettings, TagSettings  # noqa: E402
from workers.tagging import tag_article  # noqa: E402
from workers.tagging_subjects import topics  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
LABELS = ROOT / "benchmarks" / "data" / "tagging_labels.tsv"
EXAMPLES = ["fundus/uk_BBC_2024_08_01", "fundus/de_DieWelt_2024_08_27",
            "fundus/us_APNews_2024_09_03"]


def read_labels() -> list[dict]:
    rows = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("folder\t"):
            continue
        folder, split, weak, accepted = line.split("\t")
        rows.append({"folder": folder, "split": split, "weak": weak,
                     "accepted": None if accepted == "x" else set(accepted.split())})
    return rows


def load_page(folder: str) -> tuple[str, str]:
    truth = json.loads((CORPUS / folder / "truth.json").read_text(encoding="utf-8"))
    html = gzip.decompress((CORPUS / folder / "page.html.gz").read_bytes())
    return html.decode("utf-8", errors="replace"), truth["url"]


def top_subject(extracted: Extracted, settings: TagSettings) -> str | None:
    return next((t.code for t in tag_article(extracted, settings)
                 if t.type == "subject" and t.code and t.code.endswith("000000")), None)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=3, help="pages whose tags to print")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}: this benchmark needs ../shared/corpus beside the repo")
    settings = TagSettings()
    rows = read_labels()
    pages: list[tuple[dict, Extracted, float]] = []
    for row in rows:
        html, url = load_page(row["folder"])
        start = time.process_time()
        try:
            extracted = extract_page(html, url, ExtractSettings())
        except NotAnArticle:
            continue
        pages.append((row, extracted, time.process_time() - start))

    # Accuracy of the top subject.
    tag_article(pages[0][1], settings)  # load data once, as a worker process does
    results: dict[tuple[str, str, str], list[int]] = {}
    tag_times: list[float] = []
    for row, extracted, _ in pages:
        start = time.process_time()
        predicted = top_subject(extracted, settings)
        tag_times.append(time.process_time() - start)
        # AG News items are a title and a sentence or two: keep the first 40 words of the body.
        short = replace(extracted, description=None,
                        paragraphs=[" ".join(extracted.text.split()[:40])])
        predicted_short = top_subject(short, settings)
        en_de = (extracted.language or "") in ("en", "de")
        for text, guess in (("full", predicted), ("short", predicted_short)):
            for subset in ("all", "en+de") if en_de else ("all",):
                key = (text, row["split"], subset)
                counts = results.setdefault(key, [0, 0, 0, 0])
                counts[0] += guess == row["weak"]
                counts[1] += 1
                if row["accepted"]:
                    counts[2] += guess in row["accepted"]
                    counts[3] += 1

    print("## Top-level subject accuracy (shared-corpus pages labelled by publisher section)\n")
    print("| text | split | languages | pages | accepted (hand-checked) | = section label |")
    print("|---|---|---|---|---|---|")
    for (text, split, subset), (weak_ok, n, ok, m) in sorted(results.items()):
        print(f"| {text} | {split} | {subset} | {n} | {ok / m:.1%} ({ok}/{m}) "
              f"| {weak_ok / n:.1%} ({weak_ok}/{n}) |")

    # Cost: tagging next to extraction, CPU time per article.
    extract_times = [t for _, _, t in pages]
    print("\n## Cost per article (CPU time, one process, data already loaded)\n")
    print("| stage | median ms | p95 ms |")
    print("|---|---|---|")
    print(f"| extraction (extract_page) | {statistics.median(extract_times) * 1000:.1f} "
          f"| {percentile(extract_times, 0.95) * 1000:.1f} |")
    print(f"| tagging (tag_article) | {statistics.median(tag_times) * 1000:.2f} "
          f"| {percentile(tag_times, 0.95) * 1000:.2f} |")
    ratio = statistics.median(tag_times) / statistics.median(extract_times)
    print(f"\ntagging median = {ratio:.0%} of extraction median ({len(pages)} pages)")
    start = time.process_time()
    for _, extracted, _ in pages[:50]:
        if tag_article(extracted, settings) != tag_article(extracted, settings):
            sys.exit("tags differ between two runs on the same input")
    print(f"determinism: same tags on a second run for 50 pages "
          f"({time.process_time() - start:.2f} s)")

    print("\n## Example tags\n")
    known = topics()
    by_folder = {row["folder"]: extracted for row, extracted, _ in pages}
    for folder in EXAMPLES[:args.examples]:
        extracted = by_folder.get(folder)
        if extracted is None:
            html, url = load_page(folder)
            extracted = extract_page(html, url, ExtractSettings())
        print(f"### {extracted.title}\n{extracted.url}\n")
        print("| type | label | scheme | code | score | ids | in title |")
        print("|---|---|---|---|---|---|---|")
        for tag in tag_article(extracted, settings):
            label = tag.label if tag.type != "subject" else known[tag.code].name["en"]
            ids = ", ".join(f"{k}:{v}" for k, v in (tag.ids or {}).items())
            print(f"| {tag.type} | {label} | {tag.scheme} | {tag.code or ''} | {tag.score} "
                  f"| {ids} | {'' if tag.in_title is None else tag.in_title} |")
        print()


if __name__ == "__main__":
    main()
