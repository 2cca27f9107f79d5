"""A development set for story deduplication, built from real article texts.

Each source text (a Fundus truth body, or trafilatura's extraction of a
trafilatura-eval page) becomes a story that up to five outlets republish with
realistic edits, in a realistic order:

- every outlet swaps in its own header and footer paragraphs (boilerplate);
- a copy may be truncated to 50-80% of its paragraphs, lose a paragraph, or have
  one to three sentences changed (a word replaced, a span cut, a phrase added);
- 30% of stories get an update: the first publication holds back its last one to
  three paragraphs, which an update (1-2 hours later) adds, at the end or on top;
- some outlets publish the wire text untouched (exact copies), and some pages are
  fetched twice (same URL and text) or redelivered (same input message);
- short briefs (12% of texts: their first paragraphs, up to 80 words) whose copies
  share little beyond their own text and the outlets' footers;
- hard negatives: "template siblings" (the same text with every number and
  capitalised name replaced, as automated earnings, sports or weather stories
  are), and rolling stories that share the first paragraph of another story.

Ground truth per page: its story, and how many words of the story's source
paragraphs it carries that no earlier page of the story carried (`new_words`).
A page with at least 25 new words is a real update (expected: new or version); a
page with none is a plain copy (expected: url, exact or near).
"""

from __future__ import annotations

import gzip
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
REAL_UPDATE_WORDS = 25

HEADERS = [
    "Advertisement",
    "Listen to this article",
    "This story is part of our live coverage. Refresh the page for the latest updates.",
    "Lesen Sie auch: Die wichtigsten Nachrichten des Tages im Überblick.",
    "Our journalism depends on readers like you. Subscribe today for full access.",
    "Hinweis: Dieser Artikel wird laufend aktualisiert.",
]
FOOTERS = [
    "Copyright {year} The Associated Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed without permission.",
    "Sign up for our daily newsletter to get the most important stories of the day "
    "delivered to your inbox every morning.",
    "Follow us on Facebook, Twitter and Instagram for the latest news and updates from "
    "around the world.",
    "This article was generated from a wire feed and has not been edited by our staff.",
    "Have a news tip? Email our newsroom or call us at any time, day or night, with "
    "anything you think we should know about.",
    "Diese Meldung wurde von der Deutschen Presse-Agentur übernommen und von unserer "
    "Redaktion nicht bearbeitet.",
    "Mehr zum Thema finden Sie in unserem Newsletter, den Sie hier kostenlos und "
    "jederzeit kündbar abonnieren können.",
    "© dpa-infocom, dpa:{year}-{n}",
    "Read more of our coverage in the world news section, updated around the clock by "
    "our editors in the newsroom.",
    "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten. Mit der Nutzung "
    "unserer Seite stimmen Sie dem zu.",
]
INSERTS = ["officials said", "according to reports", "hieß es", "sagte er", "on Monday",
           "am Dienstag", "laut Angaben", "it emerged", "as reported earlier"]


@dataclass(slots=True)
class Outlet:
    site: str
    header: list[str]
    footer: list[str]


@dataclass(slots=True)
class Page:
    input_id: str
    time: float
    url: str
    site: str
    paragraphs: list[str]
    story: str
    new_words: int  # words of source paragraphs no earlier page of the story carried
    role: str  # first | copy | update | exact | refetch | redelivery
    units: frozenset[int] = field(default_factory=frozenset)
    source_words: list[int] = field(default_factory=list)  # words of each source paragraph


def load_fundus(split: str) -> list[list[str]]:
    """Fundus truth bodies as paragraph lists; `split` is tune, heldout or all.

    The split is fixed (a hash of the folder name), whatever seed the edits use.
    """
    folder = SHARED / "corpus" / "fundus"
    if not folder.is_dir():
        raise SystemExit(f"{folder} not found: the benchmark needs ../shared/corpus")
    texts = []
    for truth in sorted(folder.glob("*/truth.json")):
        if split != "all" and _split_of(truth.parent.name) != split:
            continue
        body = json.loads(truth.read_text()).get("body") or ""
        paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
        if len(paragraphs) >= 4 and sum(len(p.split()) for p in paragraphs) >= 150:
            texts.append(paragraphs)
    return texts


def load_trafilatura_eval(limit: int, cache: Path) -> list[list[str]]:
    """Held-out only: trafilatura's extraction of trafilatura-eval pages (cached)."""
    if cache.exists():
        return json.loads(cache.read_text())
    import trafilatura

    folder = SHARED / "corpus" / "trafilatura-eval"
    if not folder.is_dir():
        raise SystemExit(f"{folder} not found: the benchmark needs ../shared/corpus")
    texts = []
    for page in sorted(folder.glob("*/page.html.gz"))[: limit * 2]:
        html = gzip.decompress(page.read_bytes()).decode("utf-8", "replace")
        text = trafilatura.extract(html, favor_recall=True) or ""
        paragraphs = [" ".join(p.split()) for p in text.split("\n") if len(p.split()) >= 3]
        if len(paragraphs) >= 4 and sum(len(p.split()) for p in paragraphs) >= 150:
            texts.append(paragraphs)
        if len(texts) >= limit:
            break
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(texts))
    return texts


def _split_of(name: str) -> str:
    return "tune" if random.Random(f"split:{name}").random() < 0.5 else "heldout"


def make_outlets(rng: random.Random, count: int = 14) -> list[Outlet]:
    outlets = []
    for n in range(count):
        header = rng.sample(HEADERS, rng.randint(0, 1))
        footer = [f.format(year=2025, n=f"{n:02d}-{rng.randint(1000, 9999)}")
                  for f in rng.sample(FOOTERS, rng.randint(1, 2))]
        site = f"news{n}.example"
        footer.append(f"Read more news from News {n} at {site}, your source for local news.")
        outlets.append(Outlet(site, header, footer))
    return outlets


# --- edits ------------------------------------------------------------------------------


def change_sentences(paragraphs: list[str], rng: random.Random) -> list[str]:
    """One to three sentences changed: a word replaced, a span cut, or a phrase added."""
    paragraphs = list(paragraphs)
    for _ in range(rng.randint(1, 3)):
        index = rng.randrange(len(paragraphs))
        sentences = re.split(r"(?<=[.!?])\s+", paragraphs[index])
        s = rng.randrange(len(sentences))
        words = sentences[s].split()
        if len(words) < 6:
            continue
        edit = rng.random()
        if edit < 0.4:
            vocabulary = " ".join(paragraphs).split()
            for _ in range(rng.randint(1, 2)):
                words[rng.randrange(1, len(words))] = rng.choice(vocabulary)
        elif edit < 0.7:
            start = rng.randrange(1, len(words) - 3)
            del words[start : start + rng.randint(2, 4)]
        else:
            words.insert(rng.randrange(1, len(words)), rng.choice(INSERTS) + ",")
        sentences[s] = " ".join(words)
        paragraphs[index] = " ".join(sentences)
    return paragraphs


def template_sibling(paragraphs: list[str], rng: random.Random) -> list[str]:
    """The same text with other facts: every number and mid-sentence capitalised word
    replaced (as automated earnings, sports or weather stories differ)."""
    names: dict[str, str] = {}

    def fact(match: re.Match[str]) -> str:
        token = match.group(0)
        if token not in names:
            if token[0].isdigit():
                names[token] = str(rng.randint(2, 9999))
            else:
                names[token] = rng.choice("BCDFGHKLMNPRST") + "".join(
                    rng.choice("aeiou" if i % 2 else "nrstlmkd") for i in range(len(token) - 1))
        return names[token]

    pattern = re.compile(r"(?<=\w )[A-ZÄÖÜ]\w+|\d+(?:[.,]\d+)?")
    return [pattern.sub(fact, p) for p in paragraphs]


# --- the set ----------------------------------------------------------------------------


def build(texts: list[list[str]], seed: int, start: float = 1_750_000_000.0) -> list[Page]:
    """Stories with copies, updates and hard negatives, sorted by arrival time."""
    rng = random.Random(seed)
    outlets = make_outlets(rng)
    sources: list[tuple[str, list[str]]] = []
    for n, paragraphs in enumerate(texts):
        if rng.random() < 0.12:  # a short brief: the first paragraphs, up to ~80 words
            brief = [paragraphs[0]]
            for more in paragraphs[1:]:
                if sum(len(p.split()) for p in brief) + len(more.split()) > 80:
                    break
                brief.append(more)
            sources.append((f"s{n}b", brief))
            continue
        sources.append((f"s{n}", paragraphs))
        if rng.random() < 0.12:  # template siblings: other facts, same prose
            for k in range(rng.randint(1, 2)):
                sibling = template_sibling(paragraphs, rng)
                changed = sum(a != b for a, b in zip(" ".join(paragraphs).split(),
                                                     " ".join(sibling).split(), strict=True))
                # Scripts without capitals and texts without numbers have no facts to vary.
                if changed >= 10:
                    sources.append((f"s{n}t{k}", sibling))
    # Rolling stories: 10% of stories open with the first paragraph of another one.
    # (Full stories only: a brief that is mostly that paragraph would be a copy of it.)
    ledes = [p[0] for name, p in sources if not name.endswith("b")]
    for index in range(len(sources)):
        if rng.random() < 0.10 and not sources[index][0].endswith("b"):
            name, paragraphs = sources[index]
            other = rng.randrange(len(ledes))
            if ledes[other] != paragraphs[0]:
                sources[index] = (name + "r", [ledes[other], *paragraphs])

    pages: list[Page] = []
    span = 3 * 86400.0
    for name, paragraphs in sources:
        pages.extend(_story_pages(name, paragraphs, outlets, rng, start + rng.random() * span))
    pages.sort(key=lambda p: (p.time, p.input_id))
    # Redeliveries (at-least-once): the same input message again, right after.
    for page in rng.sample(pages, len(pages) // 50):
        pages.append(Page(page.input_id, page.time + 5.0, page.url, page.site, page.paragraphs,
                          page.story, 0, "redelivery", page.units, page.source_words))
    pages.sort(key=lambda p: (p.time, p.role == "redelivery"))
    _ground_truth(pages)
    return pages


def _story_pages(name: str, paragraphs: list[str], outlets: list[Outlet], rng: random.Random,
                 published: float) -> list[Page]:
    units = list(range(len(paragraphs)))
    held_back: list[int] = []
    if len(paragraphs) >= 6 and rng.random() < 0.30:
        held_back = units[-rng.randint(1, 3):]
    base = [u for u in units if u not in held_back]
    chosen = rng.sample(outlets, rng.randint(1, 5))
    pages = []
    for n, outlet in enumerate(chosen):
        when = published + (0 if n == 0 else rng.expovariate(1 / 1800))
        # The first page to arrive may itself be an edited (even truncated) copy.
        edits = n > 0 or rng.random() < 0.4
        pages.append(_copy(name, paragraphs, base, outlet, rng, when, "first" if n == 0 else "copy",
                           edits=edits))
        if rng.random() < 0.08:
            again = pages[-1]
            pages.append(Page(f"{name}:{len(pages)}", when + rng.uniform(600, 7200), again.url,
                              again.site, again.paragraphs, name, 0, "refetch", again.units,
                              again.source_words))
    if held_back:
        on_top = rng.random() < 0.5
        order = ([base[0], *held_back, *base[1:]] if on_top else [*base, *held_back])
        when = published + rng.uniform(3600, 7200)
        for n, outlet in enumerate(rng.sample(outlets, rng.randint(1, 3))):
            pages.append(_copy(name, paragraphs, order, outlet, rng, when + n * 300, "update",
                               edits=n > 0, truncate=False))
    for n, page in enumerate(pages):
        page.input_id = f"{name}:{n}"
    return pages


def _copy(name: str, paragraphs: list[str], units: list[int], outlet: Outlet,
          rng: random.Random, when: float, role: str, edits: bool = True,
          truncate: bool = True) -> Page:
    units = list(units)
    if edits and role != "first" and rng.random() < 0.06:
        role = "exact"  # the wire text untouched, no boilerplate
        body = [paragraphs[u] for u in units]
        return Page("", when, f"https://{outlet.site}/{name}", outlet.site, body, name, 0, role,
                    frozenset(units), [len(p.split()) for p in paragraphs])
    if edits and truncate and rng.random() < 0.3:
        keep = max(2, round(len(units) * rng.uniform(0.5, 0.8)))
        units = units[:keep]
    if edits and len(units) > 3 and rng.random() < 0.3:
        units.pop(rng.randrange(1, len(units)))
    body = [paragraphs[u] for u in units]
    if edits and rng.random() < 0.5:
        body = change_sentences(body, rng)
    body = outlet.header + body + outlet.footer
    url = f"https://{outlet.site}/{name}-{rng.randrange(10**6)}?utm_source=feed"
    return Page("", when, url, outlet.site, body, name, 0, role, frozenset(units),
                [len(p.split()) for p in paragraphs])


def _ground_truth(pages: list[Page]) -> None:
    """`new_words`: words of source paragraphs that no earlier page of the story held."""
    seen: dict[str, set[int]] = {}
    for page in pages:
        if page.role == "redelivery":
            continue
        known = seen.setdefault(page.story, set())
        fresh = page.units - known
        page.new_words = sum(page.source_words[u] for u in fresh)
        known |= page.units
