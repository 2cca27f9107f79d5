#!/usr/bin/env python3
"""Extraction quality and speed: Wirestream's `extract_page` against plain trafilatura.

    .venv/bin/python benchmarks/extraction.py                      # both corpora, full table
    .venv/bin/python benchmarks/extraction.py --corpus fundus --limit 50
    .venv/bin/python benchmarks/extraction.py --half b --systems wirestream
    .venv/bin/python benchmarks/extraction.py --by-half   # full run, plus rows per half

Reads the shared dev corpora from `../shared/corpus` (relative to the repository root)
and scores with `../shared/bench/score_extraction.py`: body precision/recall/F1 on
bags of 4-token shingles, title exact match, publication day, authors F1.

Publication day is the day in the publisher's own time zone, which is what both corpora's
truth holds: Wirestream is scored on `published_local` (the time as the page states it, with
its offset) when it has one, else on `published_at` (UTC); trafilatura on its `date`, which
is already the page's local day.

`fundus` has full-body truth, scored by `score_extraction.score`. `trafilatura-eval`
only has snippets (`with`: must appear, `without`: must not); `score_extraction`
finds no body there and reports none, so its body columns are snippet
precision/recall/F1 counted over all snippets (as trafilatura's own evaluation
does); its title/date/authors columns come from `score_extraction.score`.

Systems, run in one process, interleaved page by page so that other load on the machine
weighs on each alike (pages/s is single-core, first-call warm-up included):
- `trafilatura`: `trafilatura.bare_extraction(html, url=url, with_metadata=True)`;
- `wirestream`: `extract_page` alone;
- `wirestream+site`: the same output passed through one `SiteBoilerplate` over a
  dict, in corpus order, as the deduplication stage does (same speed as `wirestream`).

`--half a|b` keeps a fixed half of each corpus (by a hash of the folder name), so a
setting chosen on one half can be confirmed on the other.

After the quality table it prints a speed table: milliseconds per page (median, mean,
95th percentile, wall clock, one core) of each system, `--half-speed` adds the halves.
`--set FIELD=VALUE` runs Wirestream with other ExtractSettings, e.g. `--set fast=true`.
`--normalised-truth` (alias `--nfc-truth`) adds, next to each plain row, a row scored
against normalised truth: Unicode NFC and no soft hyphens (U+00AD). Both are scorer
artefacts: 3 fundus truth bodies keep decomposed letters, and 9 fundus bodies and 9 eval
snippets keep the page's invisible soft hyphens, which split the scorer's `\\w+` tokens
while the text a reader sees has neither. Outputs are not changed, and the plain row stays.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

CORPORA = ("fundus", "trafilatura-eval")
SYSTEMS = ("trafilatura", "wirestream", "wirestream+site")


def load_pages(corpus: str, limit: int | None, half: str | None) -> list[dict]:
    from workers.envelope import decode_html

    pages = []
    for folder in sorted((SHARED / "corpus" / corpus).iterdir()):
        truth_path = folder / "truth.json"
        page_path = folder / "page.html.gz"
        if not truth_path.is_file() or not page_path.is_file():
            continue
        if half and _half_of(folder.name) != half:
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        # Decoded as the worker decodes a raw page (UTF-8, else the declared or a detected
        # charset): 27 eval pages are not UTF-8 and were garbled for both systems.
        html = decode_html(gzip.decompress(page_path.read_bytes()))
        pages.append({"name": folder.name, "url": truth["url"], "html": html, "truth": truth})
        if limit and len(pages) >= limit:
            break
    return pages


def _half_of(name: str) -> str:
    return "a" if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else "b"


def _normalised_truth(truth: dict) -> dict:
    """The truth's texts in NFC and without soft hyphens (U+00AD). A few truth bodies keep
    the page's decomposed letters ("u" + U+0308 for "ü") or its soft hyphens ("Werk<U+00AD>zeug");
    the scorer's `\\w+` tokens split at both, so an output normalised as a reader sees the
    text (as Wirestream's) loses those words and a raw one keeps them. The page's words are
    the same either way; this scores them alike."""
    def normalised(value):
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value).replace("\xad", "")
        if isinstance(value, list):
            return [normalised(v) for v in value]
        return value
    return {key: normalised(value) for key, value in truth.items()}


def trafilatura_record(page: dict) -> dict | None:
    import trafilatura

    doc = trafilatura.bare_extraction(page["html"], url=page["url"], with_metadata=True)
    if doc is None:
        return None
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {"url": page["url"], "text": doc.text or "", "title": doc.title,
            "published_at": doc.date, "authors": authors}


def run_systems(pages: list[dict], systems: list[str], overrides: dict[str, str]
                ) -> dict[str, tuple[list[dict], list[float]]]:
    """Run the systems page by page, interleaved, so that load from other processes on the
    machine weighs on each system alike; returns records and per-page seconds per system."""
    from workers.boilerplate import SiteBoilerplate
    from workers.extract import NotAnArticle, extract_page
    from workers.settings import ExtractSettings, _section

    settings = _section(ExtractSettings(), {k.upper(): v for k, v in overrides.items()}, "")
    run_trafilatura = "trafilatura" in systems
    run_wirestream = bool({"wirestream", "wirestream+site"} & set(systems))
    traf_records: list[dict] = []
    extracted = []
    traf_seconds: list[float] = []
    wire_seconds: list[float] = []
    for page in pages:
        if run_trafilatura:
            started = time.perf_counter()
            record = trafilatura_record(page)
            traf_seconds.append(time.perf_counter() - started)
            if record is not None:
                traf_records.append(record)
        if run_wirestream:
            started = time.perf_counter()
            with contextlib.suppress(NotAnArticle):  # rejected: counts as no output
                extracted.append(extract_page(page["html"], page["url"], settings))
            wire_seconds.append(time.perf_counter() - started)

    # Repetition-learned boilerplate, in corpus order, as the deduplication stage applies it.
    boilerplate = SiteBoilerplate({}, settings)
    plain, cleaned = [], []
    for number, item in enumerate(extracted):
        record = {"url": item.url, "text": item.text, "title": item.title,
                  "published_at": item.published_at,
                  "published_local": item.published_local,
                  "authors": item.authors, "source": item.source}
        plain.append(record)
        paragraphs = boilerplate.clean(item.site, item.paragraphs, now=float(number),
                                       page_id=number + 1)
        cleaned.append({**record, "text": "\n\n".join(paragraphs)})
    return {"trafilatura": (traf_records, traf_seconds), "wirestream": (plain, wire_seconds),
            "wirestream+site": (cleaned, wire_seconds)}


def snippet_scores(pages: list[dict], records: list[dict]) -> dict:
    """Micro precision/recall over `with`/`without` snippets (trafilatura's evaluation)."""
    texts = {r["url"]: " ".join((r.get("text") or "").split()) for r in records}
    tp = fn = fp = 0
    for page in pages:
        text = texts.get(page["url"], "")
        for snippet in page["truth"].get("with") or []:
            if " ".join(snippet.split()) in text:
                tp += 1
            else:
                fn += 1
        for snippet in page["truth"].get("without") or []:
            if " ".join(snippet.split()) in text:
                fp += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"body_precision": precision, "body_recall": recall, "body_f1": f1}


def score(corpus: str, pages: list[dict], records: list[dict]) -> dict:
    sys.path.insert(0, str(SHARED / "bench"))
    import score_extraction

    truths = {p["url"]: p["truth"] for p in pages}
    articles = {}
    for record in records:
        # The publication day in the publisher's zone: the local form when there is one.
        if record.get("published_local"):
            record = {**record, "published_at": record["published_local"]}
        articles.setdefault(record["url"], record)
    result = score_extraction.score(truths, articles)
    if result["body_f1"] is None:  # snippet truth: score_extraction reports no body
        result.update(snippet_scores(pages, records))
        result["body_metric"] = "snippets"
    else:
        result["body_metric"] = "shingles"
    # Authors with the wire agency counted as one of them: the truth of both corpora lists
    # agencies ("dpa", "AFP") as authors, while Wirestream puts them in `source`.
    with_source = {url: {**r, "authors": [*(r.get("authors") or []), r["source"]]}
                   if r.get("source") else r for url, r in articles.items()}
    result["authors_source_f1"] = score_extraction.score(truths, with_source)["authors_f1"]
    result["extracted"] = len(records)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=(*CORPORA, "all"), default="all")
    parser.add_argument("--limit", type=int, default=None, help="first N pages per corpus")
    parser.add_argument("--half", choices=("a", "b"), default=None)
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help="comma-separated: " + ", ".join(SYSTEMS))
    parser.add_argument("--out", type=Path, default=None,
                        help="write each system's records as DIR/<corpus>.<system>.jsonl")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="override an ExtractSettings field, e.g. --set focus=balanced")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON lines too")
    parser.add_argument("--by-half", action="store_true",
                        help="also score halves a and b of the same run (no extra extraction)")
    parser.add_argument("--half-speed", action="store_true",
                        help="with --by-half: ms/page of each half too")
    parser.add_argument("--normalised-truth", "--nfc-truth", dest="normalised_truth",
                        action="store_true",
                        help="also score against normalised truth: NFC, no soft hyphens "
                             "(see _normalised_truth); printed next to the plain rows")
    args = parser.parse_args(argv)

    if not (SHARED / "corpus").is_dir():
        sys.exit(f"no corpus at {SHARED / 'corpus'}: this benchmark needs ../shared beside the "
                 "repository (the shared dev corpora and scorer)")
    systems = [s for s in args.systems.split(",") if s]
    corpora = CORPORA if args.corpus == "all" else (args.corpus,)

    rows = []
    for corpus in corpora:
        pages = load_pages(corpus, args.limit, args.half)
        outputs = run_systems(pages, systems, dict(s.split("=", 1) for s in args.set))
        normalised = [{**p, "truth": _normalised_truth(p["truth"])} for p in pages]
        for system in systems:
            records, seconds = outputs[system]
            elapsed = sum(seconds)
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                with open(args.out / f"{corpus}.{system}.jsonl", "w", encoding="utf-8") as f:
                    for record in records:
                        f.write(json.dumps(record, ensure_ascii=False) + "\n")
            row = {"corpus": corpus, "system": system, **score(corpus, pages, records),
                   "pages_per_s": len(pages) / elapsed if elapsed else 0.0,
                   **speed(seconds)}
            rows.append(row)
            if args.normalised_truth:  # a scorer-artefact row beside the plain one
                rows.append({"corpus": f"{corpus} (normalised truth)", "system": system,
                             **score(corpus, normalised, records), "pages_per_s": None})
            if args.by_half and not args.half:
                for half in ("a", "b"):
                    part = [p for p in pages if _half_of(p["name"]) == half]
                    urls = {p["url"] for p in part}
                    rows.append({"corpus": f"{corpus} half {half}", "system": system,
                                 **score(corpus, part, [r for r in records if r["url"] in urls]),
                                 "pages_per_s": None})
                    if args.half_speed:
                        rows[-1].update(speed([t for p, t in zip(pages, seconds, strict=True)
                                               if _half_of(p["name"]) == half]))
                    if args.normalised_truth:
                        part = [p for p in normalised if _half_of(p["name"]) == half]
                        rows.append({"corpus": f"{corpus} half {half} (normalised truth)",
                                     "system": system, **score(corpus, part, [
                                         r for r in records if r["url"] in urls]),
                                     "pages_per_s": None})
            if args.json:
                print(json.dumps(row))
    print_table(rows)
    print()
    print_speed(rows)


def speed(seconds: list[float]) -> dict:
    """Milliseconds per page: median, mean and 95th percentile."""
    if not seconds:
        return {}
    ordered = sorted(seconds)
    return {"ms_median": 1000 * statistics.median(ordered),
            "ms_mean": 1000 * statistics.fmean(ordered),
            "ms_p95": 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]}


def print_speed(rows: list[dict]) -> None:
    print("| corpus | system | pages | ms/page median | ms/page mean | ms/page p95 | pages/s |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        if "ms_median" not in r:
            continue
        pages_per_s = "-" if r["pages_per_s"] is None else format(r["pages_per_s"], ".1f")
        print(f"| {r['corpus']} | {r['system']} | {r['pages']} | {r['ms_median']:.1f} | "
              f"{r['ms_mean']:.1f} | {r['ms_p95']:.1f} | {pages_per_s} |")


def print_table(rows: list[dict]) -> None:
    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    header = ("| corpus | system | pages | body P | body R | body F1 | title exact | date | "
              "authors F1 | authors+source F1 | pages/s |")
    print(header)
    print("|" + "---|" * header.count(" | ") + "---|")
    for r in rows:
        corpus = r["corpus"] + (" (snippets)" if r["body_metric"] == "snippets" else "")
        print(f"| {corpus} | {r['system']} | {r['pages']} | {fmt(r['body_precision'])} | "
              f"{fmt(r['body_recall'])} | {fmt(r['body_f1'])} | {fmt(r['title_exact'])} | "
              f"{fmt(r['date_exact'])} | {fmt(r['authors_f1'])} | {fmt(r['authors_source_f1'])} | "
              f"{'-' if r['pages_per_s'] is None else format(r['pages_per_s'], '.1f')} |")
    print("\ndate: publication day in the publisher's zone (Wirestream's `published_local`, "
          "else `published_at`)")


if __name__ == "__main__":
    main()
