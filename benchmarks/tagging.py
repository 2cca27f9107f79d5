"""Benchmark of the tagging stage on shared-corpus pages: subject accuracy, cost, examples.

    .venv/bin/python benchmarks/tagging.py [--examples N] [--cues-only]

Reads ../shared/corpus (relative to the repo root) and the labels in
benchmarks/data/tagging_labels.tsv: 242 pages whose publisher section names a topic
("/politik/", "/sport/", category "Wirtschaft"), each with the weak label from that
section, 150 English news pages without one, and 174 pages added in session 7 (the last 4
English news pages, then German news and feature pages; subset "174 added"); every page
has the set of IPTC top-level topics a reader accepts for the story (judged by hand from
title and lead, without looking at the tagger's output). Prints Markdown tables:

- accuracy of the highest-scored top-level subject: "accepted" (in the hand-checked set)
  and "section" (equal to the publisher's section), on the dev half (looked at while
  writing cue words) and the test half (never looked at), for all languages and for
  English + German; and the same on the title and the first 40 words of the body only
  (short texts like AG News);
- the same on English pages cut to title + first sentence (the shape of an AG News item);
- per-article CPU time of tagging (median, p95, after the once-per-process load) next to
  extraction's (workers.extract.extract_page) on the same pages, and the embedding
  classifier's share;
- how many pages per language get a subject and a place;
- the tags of a few real pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
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
from workers.tagging import add_embedding_evidence, tag_article  # noqa: E402
from workers.tagging_subjects import topics  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
LABELS = ROOT / "benchmarks" / "data" / "tagging_labels.tsv"
EXAMPLES = ["fundus/uk_BBC_2024_08_01", "fundus/de_DieWelt_2024_08_27",
            "fundus/us_APNews_2024_09_03", "fundus/kr_MBN_2025_06_03",
            "fundus/cn_People_2024_04_24"]


# The comments that open the later blocks of the labels file: English pages without a
# section label (session 2), then 174 pages added in session 7 (mostly German); rows above
# them are the original 242 section-labelled pages.
ENGLISH_BLOCK = "# English pages"
ADDED_BLOCK = "# Pages added in session 7"


def read_labels() -> list[dict]:
    rows = []
    block = "section"
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.startswith(ENGLISH_BLOCK):
            block = "english"
        elif line.startswith(ADDED_BLOCK):
            block = "added"
        if line.startswith("#") or line.startswith("folder\t"):
            continue
        folder, split, weak, accepted = line.split("\t")
        rows.append({"folder": folder, "split": split, "weak": None if weak == "-" else weak,
                     "accepted": None if accepted == "x" else set(accepted.split()),
                     "block": block})
    return rows


def load_page(folder: str) -> tuple[str, str]:
    truth = json.loads((CORPUS / folder / "truth.json").read_text(encoding="utf-8"))
    html = gzip.decompress((CORPUS / folder / "page.html.gz").read_bytes())
    return html.decode("utf-8", errors="replace"), truth["url"]


def _words(text: str) -> list[str]:
    return text.split()


# A sentence ends at . ! or ? (and a closing quote) before a capital, unless the word is an
# initial ("Michael R.") or a common abbreviation.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
ABBREVIATIONS = frozenset(_words("""
    mr mrs ms dr st jr sr gen gov sen rep prof co corp inc ltd no vs u.s u.k u.n e.g i.e
    jan feb mar apr aug sept sep oct nov dec
"""))


def first_sentence(text: str, max_words: int = 60) -> str:
    """The first sentence of `text` (at most `max_words` words)."""
    words = text.split()[:max_words * 2]
    joined = " ".join(words)
    for match in SENTENCE_END.finditer(joined):
        last_word = joined[:match.start()].rsplit(" ", 1)[-1].rstrip(".!?\"'”’)").lower()
        if len(last_word) <= 1 or last_word in ABBREVIATIONS:
            continue
        if len(joined[:match.start()].split()) >= 5:
            return joined[:match.start()].strip()
    return " ".join(words[:max_words])


def short_versions(extracted: Extracted) -> dict[str, Extracted]:
    """The article cut like short news feeds: title + first 40 words of the body, and
    title + first sentence (the shape of an AG News item: headline and one sentence)."""
    body = extracted.text
    return {
        "short": replace(extracted, description=None,
                         paragraphs=[" ".join(body.split()[:40])]),
        "sentence": replace(extracted, description=None, paragraphs=[first_sentence(body)]),
    }


def top_subject(extracted: Extracted, settings: TagSettings) -> str | None:
    return next((t.code for t in tag_article(extracted, settings)
                 if t.type == "subject" and t.code and t.code.endswith("000000")), None)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=3, help="pages whose tags to print")
    parser.add_argument("--cues-only", action="store_true",
                        help="without the embedding classifier and the foreign-place evidence")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}: this benchmark needs ../shared/corpus beside the repo")
    settings = TagSettings()
    if args.cues_only:
        settings = replace(settings, embedding_evidence=0.0, foreign_place_evidence=0.0)
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
        guesses = {"full": predicted}
        for text, short in short_versions(extracted).items():
            guesses[text] = top_subject(short, settings)
        language = extracted.language or ""
        subsets = ["all"] + (["en+de"] if language in ("en", "de") else []) + (
            ["en"] if language == "en" else [])
        if row["block"] == "section":
            # The original 242 section-labelled pages, comparable with earlier figures.
            subsets += ["242: all"] + (["242: en+de"] if language in ("en", "de") else [])
        elif row["block"] == "added":
            subsets += ["174 added"]
        for text, guess in guesses.items():
            for subset in subsets:
                key = (text, row["split"], subset)
                counts = results.setdefault(key, [0, 0, 0, 0])
                if row["weak"]:
                    counts[0] += guess == row["weak"]
                    counts[1] += 1
                if row["accepted"]:
                    counts[2] += guess in row["accepted"]
                    counts[3] += 1

    print("## Top-level subject accuracy (shared-corpus pages labelled by publisher section)\n")
    print("| text | split | languages | pages | accepted (hand-checked) "
          "| = section label (pages with one) |")
    print("|---|---|---|---|---|---|")
    names = {"full": "full article", "short": "title + first 40 words",
             "sentence": "title + first sentence"}
    order = {"full": 0, "short": 1, "sentence": 2, "all": 0, "en+de": 1, "en": 2,
             "242: all": 3, "242: en+de": 4, "174 added": 5}
    for (text, split, subset), (weak_ok, n, ok, m) in sorted(
            results.items(), key=lambda item: (item[0][1], order[item[0][0]],
                                               order[item[0][2]])):
        weak = f"{weak_ok / n:.1%} ({weak_ok}/{n})" if n else "-"
        print(f"| {names[text]} | {split} | {subset} | {m} | {ok / m:.1%} ({ok}/{m}) "
              f"| {weak} |")

    # Cost: tagging next to extraction, CPU time per article.
    extract_times = [t for _, _, t in pages]
    print("\n## Cost per article (CPU time, one process, data already loaded)\n")
    print("| stage | median ms | p95 ms |")
    print("|---|---|---|")
    print(f"| extraction (extract_page) | {statistics.median(extract_times) * 1000:.1f} "
          f"| {percentile(extract_times, 0.95) * 1000:.1f} |")
    print(f"| tagging (tag_article) | {statistics.median(tag_times) * 1000:.2f} "
          f"| {percentile(tag_times, 0.95) * 1000:.2f} |")
    # What the embedding classifier adds (English pages; it runs on no other).
    embed_times: list[float] = []
    for _, extracted, _ in pages:
        if extracted.language == "en":
            start = time.process_time()
            add_embedding_evidence({}, extracted, settings, extracted.language)
            embed_times.append(time.process_time() - start)
    print(f"| of which embedding classifier (English pages) "
          f"| {statistics.median(embed_times) * 1000:.2f} "
          f"| {percentile(embed_times, 0.95) * 1000:.2f} |")
    ratio = statistics.median(tag_times) / statistics.median(extract_times)
    print(f"\ntagging median = {ratio:.0%} of extraction median ({len(pages)} pages)")
    start = time.process_time()
    for _, extracted, _ in pages[:50]:
        if tag_article(extracted, settings) != tag_article(extracted, settings):
            sys.exit("tags differ between two runs on the same input")
    print(f"determinism: same tags on a second run for 50 pages "
          f"({time.process_time() - start:.2f} s)")

    print("\n## Pages with at least one subject / place, by language (all labelled pages)\n")
    print("| language | pages | with a subject | with a place | top subject accepted |")
    print("|---|---|---|---|---|")
    coverage: dict[str, list[int]] = {}
    for row, extracted, _ in pages:
        tags = tag_article(extracted, settings)
        subjects = [t.code for t in tags if t.type == "subject"]
        counts = coverage.setdefault(extracted.language or "?", [0, 0, 0, 0, 0])
        counts[0] += 1
        counts[1] += bool(subjects)
        counts[2] += any(t.type == "place" for t in tags)
        if row["accepted"]:
            counts[3] += bool(subjects) and subjects[0] in row["accepted"]
            counts[4] += 1
    for language, (n, subject, place, ok, m) in sorted(coverage.items(),
                                                       key=lambda item: -item[1][0]):
        print(f"| {language} | {n} | {subject} | {place} | {ok}/{m} |")

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
