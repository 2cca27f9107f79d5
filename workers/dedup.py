"""Stories, not pages: exact and near-duplicate detection, and story versions.

`StoryIndex.decide` takes one analysed page at a time, in arrival order, and says
what it is: the first page of a `new` story, the next `version` of a story (it adds
real news), or a duplicate that adds nothing: same canonical URL and text (`url`),
same normalised text (`exact`) or a near-duplicate copy of a story (`near`).

How a page is matched to a story:
1. Paragraphs are normalised (NFKC, case-folded, `\\w+` words) and hashed; a
   paragraph already seen in `boilerplate_min_stories` distinct stories (wire
   credit lines, newsletter prompts, the shared first paragraph of rolling
   stories) is boilerplate and does not count.
2. Candidates: MinHash LSH over word 5-shingles with a low threshold (16 bands of
   2 rows: half the pages with Jaccard 0.2 become candidates, 99% at 0.5), plus
   every story that already holds one of the page's paragraphs verbatim.
3. Every candidate is verified exactly against the story's shingle set (the
   union of its versions):
   - enough shared shingles (`min_shared_shingles`, or most of a short brief);
   - one side covered by the other (containment, so truncated copies and longer
     updates match);
   - fact agreement: the numbers and capitalised names of the smaller side are
     found in the other (stories from one template - earnings, results, weather -
     share the prose and differ exactly there);
   - a small overlap must hold the page's first paragraph or a long one, not a
     paragraph already seen in other stories (an outlet's unlearned footer).
4. A matched page is a `version` when its new paragraphs (barely covered by the
   story's shingles, not seen in another story, not a short line above or below
   everything the story knows, where outlets put headers and footers) are long
   enough and bring words the story never used, and it holds enough of the story
   (news around one shared paragraph is another story); otherwise it is a `near`
   duplicate.

State is a `MutableMapping[str, bytes]` (a dict, or a Faust table whose writes
are changelog messages). Keys are a one-letter kind plus 16 hex digits; every
value starts with the time it was written (8 bytes), so expiry can tell stale
keys from rewritten ones:

    s<story>    the story: version, latest article, sorted uint32 hashes of its
                shingles, words, sentences and facts (~5 bytes per word of text;
                written only for new stories and versions)
    b<band>     LSH band -> up to `max_band_stories` story ids (8 bytes each)
    p<para>     paragraph -> first and last story seen with it, distinct stories
    x<text>     normalised text -> article and story (exact duplicates)
    u<url>      canonical URL -> text hash, article and story (URL duplicates)
    i<input>    input message -> the decision taken (idempotent redelivery), rewritten
                with a `P` mark once its record is on the broker (a replay skips it);
                a replay without the mark writes the decision's keys again (`_write_again`)
    t<bucket>   number of pages written in a time bucket; t<bucket>.<n> the keys
                one page wrote, 9 bytes each, so `expire` visits only old buckets;
                `t_first` is where expiry resumes (bucket, listing, position)

A duplicate writes only small keys (about 4 + its unseen paragraphs); a new
story or version writes the story record and its bands as well. The decision is
written before the state (see `_Writes`). Nothing is ever iterated: `expire` follows
the bucket lists, a bounded number of keys per call. Every write is a changelog
record in the worker, so the layout keeps them few. Measured (benchmarks/dedup.py,
~880-word texts): ~8.2 kB of keys and values per story (about 55 keys; 81 with the
former 42 LSH bands).

The fingerprint of a page (`fingerprint`) is pure: the worker computes it in the
process pool next to extraction and sends it along (`encode_print`); the story
stage reduces it to the paragraphs site boilerplate leaves (`keep_paragraphs`).
"""

from __future__ import annotations

import logging
import re
import struct
import unicodedata
from collections.abc import MutableMapping
from dataclasses import asdict, dataclass, field

import numpy as np
import orjson
import xxhash

from workers.records import Analysed
from workers.settings import DedupSettings
from workers.urls import canonical_url

log = logging.getLogger(__name__)

# The kinds of decision: articles (new, version) and duplicates (url, exact, near).
KINDS = ("new", "version", "url", "exact", "near")
WORD = re.compile(r"\w+")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# Paragraphs shorter than this (words) are ignored for matching (datelines, credits).
MIN_PARAGRAPH_WORDS = 3
# Sentences shorter than this (words) carry no evidence.
MIN_SENTENCE_WORDS = 4
# Paragraphs this long or longer point to the stories that hold them verbatim.
MIN_POINTER_PARAGRAPH_WORDS = 8

TIME = struct.Struct(">d")
# written, created, version, latest article, then the lengths of the four hash arrays
STORY_HEAD = struct.Struct(">ddIQIIII")
PARAGRAPH = struct.Struct(">dQQI")  # written, first story, last story, distinct stories
EXACT = struct.Struct(">dQQ")  # written, article, story
URL = struct.Struct(">dQQQ")  # written, text hash, article (duplicate_of), story
COUNT = struct.Struct(">dI")
FIRST_BUCKET = "t_first"
_POSITION = struct.Struct(">II")  # expiry's place in a bucket: listing, key
SHINGLE_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
PERMUTATION_SEED = 20240527


@dataclass(slots=True)
class Decision:
    """What a page is, for the publisher: an article (new, version) or a duplicate."""

    kind: str  # new | version | url | exact | near
    article_id: str  # this page's article id (also for duplicates)
    story_id: str  # the article id of the story's first page
    version: int  # this article's version; for a duplicate, the story's latest version
    canonical_url: str
    # Duplicates: the article id they duplicate (the story's latest version for `near`).
    duplicate_of: str | None = None
    # `near`: share of the page's shingles the story already has; `version`: share of the
    # story's shingles the page holds; `url`/`exact`: 1.0; `new`: 0.0.
    similarity: float = 0.0
    # Versions: the article id of the previous version, and the paragraphs that are new.
    updates: str | None = None
    added_paragraphs: list[str] = field(default_factory=list)

    @property
    def is_article(self) -> bool:
        return self.kind in ("new", "version")


def article_id(canonical_url: str, text: str) -> str:
    """Deterministic id of a page's article: 64-bit xxh3 of canonical URL and text, hex."""
    return xxhash.xxh3_64_hexdigest((canonical_url + "\n" + text).encode())


def _h64(text: str) -> int:
    return xxhash.xxh3_64_intdigest(text.encode())


def _hex(value: int) -> str:
    return f"{value:016x}"


# Marks a decision whose record the broker has acknowledged (JSON never starts with it).
_PUBLISHED = b"P"
# A replay looks for its decision's listing this many listings either side of where the
# decision's time puts it (see `StoryIndex._listing_of`).
_NEAR_LISTINGS = 64


def _input_key(input_id: str) -> str:
    return "i" + _hex(_h64(input_id))


# --- fingerprints ----------------------------------------------------------------------------


# Word hashes are reused across pages (a news vocabulary is small); cleared when full.
_WORD_HASHES: dict[str, int] = {}
_WORD_CACHE_SIZE = 500_000


def _word_hashes(words: list[str]) -> list[int]:
    cache = _WORD_HASHES
    if len(cache) > _WORD_CACHE_SIZE:
        cache.clear()
    missing = [w for w in words if w not in cache]
    for word in missing:
        cache[word] = xxhash.xxh3_64_intdigest(word.encode())
    return [cache[w] for w in words]


@dataclass(slots=True)
class ParagraphPrint:
    text: str
    index: int  # position among the page's paragraphs
    key: int  # hash of the normalised words
    words: int
    shingles: np.ndarray  # uint64 (a view into the page's array)
    word_hashes: np.ndarray  # uint32 (a view)
    sentences: list[int]
    facts: list[int]
    names: list[int]  # the facts that are words, not numbers


@dataclass(slots=True)
class PagePrint:
    text_hash: int  # of the keys below: the normalised text, paragraph by paragraph
    paragraphs: list[ParagraphPrint]  # those of at least MIN_PARAGRAPH_WORDS words
    keys: list[int]  # one per paragraph of the page: hash of its normalised words, 0 if none


def _text_hash(keys: list[int]) -> int:
    return xxhash.xxh3_64_intdigest(np.asarray([k for k in keys if k], ">u8").tobytes())


def keep_paragraphs(page: PagePrint, kept: list[int]) -> PagePrint:
    """The print of the page reduced to its paragraphs at positions `kept` (ascending), as
    `fingerprint` would compute it for them (shingles never cross paragraphs)."""
    if len(kept) == len(page.keys):
        return page
    wanted = set(kept)
    keys = [page.keys[i] for i in kept]
    return PagePrint(_text_hash(keys), [p for p in page.paragraphs if p.index in wanted], keys)


def _facts(tokens: list[str]) -> list[str]:
    """Numbers and capitalised words after the first: the names and figures of a story.

    Stories written from one template (earnings, results, weather) share the prose and
    differ exactly here; copies of one story keep them.
    """
    # Uncased scripts (CJK, Arabic, ...) have no capitals: only their numbers count.
    return [t for i, t in enumerate(tokens) if not t.isalpha() or (i > 0 and t[0].isupper())]


def shingle_hashes(word_hashes: np.ndarray, size: int) -> np.ndarray:
    """Hashes (uint64) of the runs of `size` consecutive words; one for a shorter text."""
    n = len(word_hashes)
    if n == 0:
        return np.empty(0, np.uint64)
    size = min(size, n)
    count = n - size + 1
    with np.errstate(over="ignore"):
        acc = word_hashes[:count].copy()
        for offset in range(1, size):
            acc = acc * SHINGLE_MULTIPLIER + word_hashes[offset : offset + count]
        # Final mix (xorshift-multiply) so that the low bits are as good as the high bits.
        acc ^= acc >> np.uint64(31)
        acc *= np.uint64(0xBF58476D1CE4E5B9)
        acc ^= acc >> np.uint64(29)
    return acc


def fingerprint(paragraphs: list[str], settings: DedupSettings) -> PagePrint:
    """Normalised hashes of a page's paragraphs, shingles, sentences and facts.

    Shingles stay within a paragraph; all paragraphs are hashed in one numpy pass.
    """
    size = settings.shingle_words
    keys: list[int] = []
    kept: list[tuple[int, str, list[str], list[int], list[str]]] = []
    for index, text in enumerate(paragraphs):
        normal = unicodedata.normalize("NFKC", text)
        words: list[str] = []
        sentences: list[int] = []
        facts: list[str] = []
        for sentence in SENTENCE_END.split(normal):
            folded = WORD.findall(sentence.casefold())
            words.extend(folded)
            if len(folded) >= MIN_SENTENCE_WORDS:
                sentences.append(_h64(" ".join(folded)) & 0xFFFFFFFF)
            facts.extend(_facts(WORD.findall(sentence)))
        keys.append(_h64(" ".join(words)) if words else 0)
        if len(words) >= MIN_PARAGRAPH_WORDS:
            kept.append((index, text, words, sentences, facts))
    text_hash = _text_hash(keys)
    if not kept:
        return PagePrint(text_hash, [], keys)
    words_flat = [w for _, _, words, _, _ in kept for w in words]
    hashes = np.asarray(_word_hashes(words_flat), dtype=np.uint64)
    # Shingles over the whole page, then keep those that start and end in one paragraph.
    lengths = np.asarray([len(words) for _, _, words, _, _ in kept])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    spans = np.minimum(lengths, size)
    shingles = shingle_hashes(hashes, size) if len(hashes) >= size else np.empty(0, np.uint64)
    words32 = (hashes >> np.uint64(32)).astype(np.uint32)
    prints = []
    for (index, text, _, sentences, facts), start, length, span in zip(
            kept, starts.tolist(), lengths.tolist(), spans.tolist(), strict=True):
        if span == size:
            own = shingles[start : start + length - size + 1]
        else:  # shorter than a shingle: the paragraph is one shingle
            own = shingle_hashes(hashes[start : start + length], length)
        prints.append(ParagraphPrint(
            text=text,
            index=index,
            key=keys[index],
            words=length,
            shingles=own,
            word_hashes=words32[start : start + length],
            sentences=sentences,
            facts=[h & 0xFFFFFFFF for h in _word_hashes([f.casefold() for f in facts])],
            names=[h & 0xFFFFFFFF for h in _word_hashes([f.casefold() for f in facts
                                                         if f.isalpha()])],
        ))
    return PagePrint(text_hash, prints, keys)


# A print in bytes, to travel from the pool with its page: version, paragraph count,
# paragraphs with words, then per paragraph with words (index, key, words, counts of
# shingles, sentences, facts, names), then the keys and the concatenated arrays.
_PRINT_HEAD = struct.Struct("<BII")
_PRINT_PARAGRAPH = np.dtype([("index", "<u4"), ("key", "<u8"), ("words", "<u4"),
                             ("shingles", "<u4"), ("sentences", "<u4"), ("facts", "<u4"),
                             ("names", "<u4")])
_PRINT_VERSION = 1


def encode_print(page: PagePrint) -> bytes:
    table = np.zeros(len(page.paragraphs), _PRINT_PARAGRAPH)
    for row, p in zip(table, page.paragraphs, strict=True):
        row["index"], row["key"], row["words"] = p.index, p.key, p.words
        row["shingles"], row["sentences"] = len(p.shingles), len(p.sentences)
        row["facts"], row["names"] = len(p.facts), len(p.names)
    parts = [_PRINT_HEAD.pack(_PRINT_VERSION, len(page.keys), len(page.paragraphs)),
             table.tobytes(), np.asarray(page.keys, "<u8").tobytes()]
    if page.paragraphs:
        parts += [
            np.concatenate([p.shingles for p in page.paragraphs]).astype("<u8").tobytes(),
            np.concatenate([p.word_hashes for p in page.paragraphs]).astype("<u4").tobytes(),
            np.asarray([h for p in page.paragraphs for h in (*p.sentences, *p.facts, *p.names)],
                       "<u4").tobytes()]
    return b"".join(parts)


def decode_print(raw: bytes, paragraphs: list[str]) -> PagePrint | None:
    """The print `encode_print` made of these paragraphs; None when it does not fit them
    (another version, or paragraphs changed on the way)."""
    try:
        version, key_count, count = _PRINT_HEAD.unpack_from(raw)
        if version != _PRINT_VERSION or key_count != len(paragraphs):
            return None
        offset = _PRINT_HEAD.size
        table = np.frombuffer(raw, _PRINT_PARAGRAPH, count, offset)
        offset += table.nbytes
        keys = np.frombuffer(raw, "<u8", key_count, offset).tolist()
        offset += 8 * key_count
        total_shingles = int(table["shingles"].sum())
        total_words = int(table["words"].sum())
        shingles = np.frombuffer(raw, "<u8", total_shingles, offset).astype(np.uint64)
        offset += 8 * total_shingles
        words32 = np.frombuffer(raw, "<u4", total_words, offset).astype(np.uint32)
        offset += 4 * total_words
        small = np.frombuffer(raw, "<u4", (len(raw) - offset) // 4, offset).tolist()
    except (struct.error, ValueError):
        return None
    prints = []
    at_shingle = at_word = at_small = 0
    for index, key, words, n_shingles, n_sentences, n_facts, n_names in table.tolist():
        if index >= key_count:
            return None
        sentences = small[at_small : at_small + n_sentences]
        facts = small[at_small + n_sentences : at_small + n_sentences + n_facts]
        at_small += n_sentences + n_facts
        names = small[at_small : at_small + n_names]
        at_small += n_names
        prints.append(ParagraphPrint(
            text=paragraphs[index], index=index, key=key, words=words,
            shingles=shingles[at_shingle : at_shingle + n_shingles],
            word_hashes=words32[at_word : at_word + words],
            sentences=sentences, facts=facts, names=names))
        at_shingle += n_shingles
        at_word += words
    if at_small != len(small):
        return None
    return PagePrint(_text_hash(keys), prints, keys)


class MinHasher:
    """MinHash signatures with fixed, reused permutations (multiply-add mod 2^64)."""

    def __init__(self, bands: int, rows: int, seed: int = PERMUTATION_SEED) -> None:
        rng = np.random.default_rng(seed)
        count = bands * rows
        self.bands, self.rows = bands, rows
        self.a = (rng.integers(0, 2**63, count, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
        self.b = rng.integers(0, 2**63, count, dtype=np.uint64)
        self.band_seeds = rng.integers(0, 2**63, bands, dtype=np.uint64)

    def signature(self, shingles: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            values = self.a[:, None] * shingles[None, :] + self.b[:, None]
        return values.min(axis=1)

    def band_keys(self, shingles: np.ndarray) -> list[int]:
        """One 64-bit key per band (band index folded in), deduplicated, in band order."""
        if len(shingles) == 0:
            return []
        signature = self.signature(shingles).reshape(self.bands, self.rows)
        with np.errstate(over="ignore"):
            acc = self.band_seeds.copy()
            for row in range(self.rows):
                acc = (acc ^ signature[:, row]) * SHINGLE_MULTIPLIER
            acc ^= acc >> np.uint64(32)
        return list(dict.fromkeys(int(k) for k in acc))


# --- the story record ------------------------------------------------------------------------


@dataclass(slots=True)
class Story:
    story_id: int
    created: float
    version: int
    latest: int  # article id of the latest version
    shingles: np.ndarray  # uint32, sorted unique
    words: np.ndarray  # uint32, sorted unique
    sentences: np.ndarray  # uint32, sorted unique
    facts: np.ndarray  # uint32, sorted unique

    def encode(self, now: float) -> bytes:
        arrays = (self.shingles, self.words, self.sentences, self.facts)
        head = STORY_HEAD.pack(now, self.created, self.version, self.latest,
                               *(len(a) for a in arrays))
        return head + b"".join(a.astype(">u4").tobytes() for a in arrays)

    @classmethod
    def decode(cls, story_id: int, raw: bytes) -> Story:
        _, created, version, latest, *counts = STORY_HEAD.unpack_from(raw)
        offset = STORY_HEAD.size
        arrays = []
        for count in counts:
            arrays.append(np.frombuffer(raw, ">u4", count, offset).astype(np.uint32))
            offset += 4 * count
        return cls(story_id, created, version, latest, *arrays)


def _shingles32(shingles: np.ndarray) -> np.ndarray:
    return (shingles >> np.uint64(32)).astype(np.uint32)


def _union(a: np.ndarray, b: np.ndarray, limit: int) -> np.ndarray:
    merged = np.union1d(a, b).astype(np.uint32)
    # Past the limit keep a consistent sample (the smallest hashes) rather than a prefix.
    return merged[:limit]


@dataclass(slots=True)
class Match:
    story: Story
    shared: int
    page_covered: float  # share of the page's shingles known to the story
    story_covered: float  # share of the story's shingles found in the page
    sentence_agreement: float


# --- the index -------------------------------------------------------------------------------


class StoryIndex:
    """Sequential story decisions over a key-value store; see the module docstring."""

    def __init__(self, store: MutableMapping[str, bytes], settings: DedupSettings) -> None:
        self.store = store
        self.settings = settings
        self.hasher = MinHasher(settings.lsh_bands, settings.lsh_rows)

    # -- public API --

    def decide(self, item: Analysed, now: float, page: PagePrint | None = None) -> Decision:
        """Decide what `item` is and record it; a redelivered input gets the same answer.

        `page` is the fingerprint of the item's paragraphs when it was computed already
        (in the process pool, next to extraction)."""
        input_key = _input_key(item.origin.input_id)
        known = self.store.get(input_key)
        if known is not None:
            if known[TIME.size:TIME.size + 1] != _PUBLISHED:
                self._write_again(input_key, known)
            return Decision(**orjson.loads(known[TIME.size:].removeprefix(_PUBLISHED)))
        writes = _Writes(self.store, now)
        decision = self._decide(item, now, writes, page)
        writes.commit(input_key, TIME.pack(now) + orjson.dumps(asdict(decision)),
                      self.settings.bucket_seconds)
        return decision

    def is_replay(self, input_id: str) -> bool:
        """Whether this input was decided already and its record is not known to be on the
        broker: `decide` then writes its state again (see `_write_again`)."""
        known = self.store.get(_input_key(input_id))
        return known is not None and known[TIME.size:TIME.size + 1] != _PUBLISHED

    def was_published(self, input_id: str) -> bool:
        """Whether the record decided for this input is on the broker already."""
        known = self.store.get(_input_key(input_id))
        return known is not None and known[TIME.size:TIME.size + 1] == _PUBLISHED

    def mark_published(self, input_id: str) -> None:
        """Note that the input's record is on the broker: one write of its decision key,
        which keeps its first time (expiry finds it in the bucket it was listed in)."""
        key = _input_key(input_id)
        known = self.store.get(key)
        if known is not None and known[TIME.size:TIME.size + 1] != _PUBLISHED:
            self.store[key] = known[:TIME.size] + _PUBLISHED + known[TIME.size:]

    def expire(self, now: float, budget: int | None = None) -> int:
        """Forget what was last written more than `window_days` ago; returns keys removed.

        Visits only the time buckets that fell out of the window, and about `budget`
        (default `expiry_step_keys`) listed keys, listings and buckets per call (never
        more deletions): an hour's bucket holds up to a million keys, so it is expired
        over many calls, each resuming where the last stopped (`t_first` keeps the
        bucket, listing and position, so a new owner of the partition resumes too).
        """
        budget = self.settings.expiry_step_keys if budget is None else budget
        store = self.store
        raw = store.get(FIRST_BUCKET)
        if raw is None:
            return 0
        bucket = int.from_bytes(raw[TIME.size:TIME.size + 8], "big")
        # Written before budgeted expiry: the bucket alone (its listings from the first).
        number, position = (_POSITION.unpack_from(raw, TIME.size + 8)
                            if len(raw) > TIME.size + 8 else (0, 0))
        start = (bucket, number, position)
        settings = self.settings
        cutoff = now - settings.window_days * 86400.0
        last_old_bucket = int(cutoff // settings.bucket_seconds) - 1
        removed = steps = 0
        listings: int | None = None  # of the current bucket once read; -1: no count
        while bucket <= last_old_bucket and steps < budget:
            count_key = f"t{bucket:x}"
            if listings is None:
                count_raw = store.get(count_key)
                steps += 1
                listings = COUNT.unpack(count_raw)[1] if count_raw is not None else -1
            listing_key = f"{count_key}.{number:x}"
            listing = store.get(listing_key)
            steps += 1
            if listing is None:
                # Past the count, listings end at the first missing one (a worker killed
                # between a listing and its count leaves one more than counted).
                if number >= listings:
                    if listings >= 0:
                        del store[count_key]
                    bucket, number, position, listings = bucket + 1, 0, 0, None
                else:
                    number, position = number + 1, 0
                continue
            count = (len(listing) - TIME.size) // 9
            end = min(count, position + max(1, budget - steps))  # always some progress
            for at in range(position, end):
                offset = TIME.size + 9 * at
                key = chr(listing[offset]) + listing[offset + 1 : offset + 9].hex()
                value = store.get(key)
                # A key rewritten since is listed again in a later bucket: keep it.
                if value is not None and TIME.unpack_from(value)[0] < cutoff:
                    del store[key]
                    removed += 1
            steps += end - position
            if end == count:
                del store[listing_key]
                number, position = number + 1, 0
            else:
                position = end
        if (bucket, number, position) != start:
            store[FIRST_BUCKET] = (TIME.pack(now) + bucket.to_bytes(8, "big")
                                   + _POSITION.pack(number, position))
        return removed

    # -- replays --

    def _write_again(self, input_key: str, decision: bytes) -> None:
        """Write every key the input's decision wrote again, with the value the store holds
        now (its expiry listing names them): unchanged in the store, sent to the changelog
        once more in the worker.

        A worker killed before a decision's changelog batch reached the broker and started
        again on the same host keeps the decision in its local store (RocksDB outlives the
        process; Faust's recovery only reads the changelog from the persisted offset on),
        so the replay finds it and publishes the same record, but the changelog never got
        its state: a new host rebuilt from the changelog later took the story's next copy
        for a second article. Only an input not marked published gets here (a mark is
        written once its record and its decision's batch are acknowledged), so the cost
        is on replays alone: one listing found by bisection, ~55 keys for a new story."""
        store = self.store
        found = self._listing_of(input_key, TIME.unpack_from(decision)[0])
        if found is None:  # listed in a bucket a stepped clock moved (or expired since)
            log.warning("replayed decision %s: its listing was not found; its state is "
                        "not written again", input_key)
            return
        count_key, listing_key, listing = found
        keys = [listing_key, count_key]
        keys += [chr(listing[at]) + listing[at + 1:at + 9].hex()
                 for at in range(TIME.size, len(listing), 9)]  # the decision first
        for key in keys:
            value = store.get(key)
            if value is not None:  # a key deleted since stays deleted
                store[key] = value

    def _listing_of(self, input_key: str, written: float) -> tuple[str, str, bytes] | None:
        """The count key, key and value of the expiry listing `_Writes.commit` wrote with
        the decision written at `written`, or None. Listings of a bucket are numbered in
        the order they were written, so their times rise (one clock): a bisection on the
        time, then the listing that starts with the decision's key, there or near it
        (one read when the clock ran forward; never more than ~150)."""
        store = self.store
        entry = input_key[0].encode() + bytes.fromhex(input_key[1:])
        bucket = int(written // self.settings.bucket_seconds)
        buckets = [bucket]
        first = store.get(FIRST_BUCKET)
        if first is not None:  # a clock behind expiry's cursor listed after the cursor
            after_cursor = int.from_bytes(first[TIME.size:TIME.size + 8], "big") + 1
            if after_cursor > bucket:
                buckets.append(after_cursor)
        for bucket in buckets:
            count_key = f"t{bucket:x}"
            raw = store.get(count_key)
            if raw is None:
                continue
            end = self._listings_end(count_key, COUNT.unpack(raw)[1])
            low, high = 0, end
            while low < high:  # the first listing written at `written` or later
                middle = (low + high) // 2
                listing = store.get(f"{count_key}.{middle:x}")
                if listing is not None and TIME.unpack_from(listing)[0] < written:
                    low = middle + 1
                else:
                    high = middle
            # There, or near: decisions of one time, two owners' clocks a little apart.
            near = [*range(low, min(end, low + _NEAR_LISTINGS)),
                    *range(low - 1, max(-1, low - 1 - _NEAR_LISTINGS), -1)]
            for seq in near:
                listing_key = f"{count_key}.{seq:x}"
                listing = store.get(listing_key)
                if listing is not None and listing[TIME.size:TIME.size + 9] == entry:
                    return count_key, listing_key, listing
        return None

    def _listings_end(self, count_key: str, counted: int) -> int:
        """The number of the first missing listing of a bucket from `counted` on: its
        count can be behind its listings (recovery put an older count back over a local
        store that was ahead; a crash between a listing and its count)."""
        store = self.store
        if f"{count_key}.{counted:x}" not in store:
            return counted
        present, step = counted, 1
        while f"{count_key}.{present + step:x}" in store:
            present, step = present + step, step * 2
        missing = present + step
        while missing - present > 1:
            middle = (present + missing) // 2
            if f"{count_key}.{middle:x}" in store:
                present = middle
            else:
                missing = middle
        return missing

    # -- decision --

    def _decide(self, item: Analysed, now: float, writes: _Writes,
                page: PagePrint | None) -> Decision:
        settings = self.settings
        extracted = item.extracted
        curl = canonical_url(extracted.canonical_url or extracted.url)
        aid_hex = article_id(curl, extracted.text)
        aid = int(aid_hex, 16)
        if page is None:
            page = fingerprint(extracted.paragraphs, settings)
        url_key = "u" + _hex(_h64(curl))
        exact_key = "x" + _hex(page.text_hash)

        # 1. The same address with the same text.
        raw = self.store.get(url_key)
        if raw is not None:
            _, text_hash, duplicate_of, story = URL.unpack(raw)
            known = self._story(story) if text_hash == page.text_hash else None
            if known is not None:
                return Decision("url", aid_hex, _hex(story), known.version, curl,
                                _hex(duplicate_of), 1.0)

        # 2. The same text elsewhere.
        raw = self.store.get(exact_key)
        if raw is not None:
            _, duplicate_of, story = EXACT.unpack(raw)
            known = self._story(story)
            if known is not None:
                writes.put(url_key, URL.pack(now, page.text_hash, duplicate_of, story))
                return Decision("exact", aid_hex, _hex(story), known.version, curl,
                                _hex(duplicate_of), 1.0)

        # 3. Boilerplate and verbatim-paragraph pointers.
        paragraph_state = {p.key: self._paragraph(p.key) for p in page.paragraphs}
        content = [p for p in page.paragraphs
                   if paragraph_state[p.key][2] < settings.boilerplate_min_stories]
        # A page of little but boilerplate has too little of its own to match on (it can
        # still be a URL or exact duplicate, above).
        shingles = (np.unique(np.concatenate([p.shingles for p in content]))
                    if content else np.empty(0, np.uint64))
        band_keys = self.hasher.band_keys(shingles)

        # 4. Candidates, verified.
        match = self._best_match(page, content, shingles, band_keys, paragraph_state)
        if match is None:
            story = self._new_story(aid, content, shingles, now)
            self._index(story, band_keys, writes)
            self._write_page(page, paragraph_state, story.story_id, aid, url_key,
                             exact_key, writes)
            return Decision("new", aid_hex, aid_hex, 1, curl)

        story = match.story
        # A paragraph already seen in another story (a footer, a credit line) is no news.
        elsewhere = {p.key for p in content if paragraph_state[p.key][2] > 0
                     and story.story_id not in paragraph_state[p.key][:2]}
        added = self._added_paragraphs(content, story, elsewhere)
        if (added and match.story_covered < settings.min_version_coverage
                and sum(c >= 0.5 for c in _coverage(content, story)) < 2):
            # News around one paragraph of a story (its first, say) is not an update of
            # it: another story that shares that paragraph. (A truncated copy that brings
            # back a paragraph shares many, and is a version.)
            story = self._new_story(aid, content, shingles, now)
            self._index(story, band_keys, writes)
            self._write_page(page, paragraph_state, story.story_id, aid, url_key,
                             exact_key, writes)
            return Decision("new", aid_hex, aid_hex, 1, curl)
        if added:
            previous = story.latest
            story.version += 1
            story.latest = aid
            shingles32 = _shingles32(shingles)
            story.shingles = _union(story.shingles, shingles32, settings.max_story_shingles)
            story.words = _union(story.words, _words(content), settings.max_story_shingles)
            story.sentences = _union(story.sentences, _sentences(content), 1 << 20)
            story.facts = _union(story.facts, _fact_hashes(content), 1 << 20)
            self._index(story, band_keys, writes)
            self._write_page(page, paragraph_state, story.story_id, aid, url_key,
                             exact_key, writes)
            return Decision("version", aid_hex, _hex(story.story_id), story.version, curl,
                            similarity=round(match.story_covered, 4), updates=_hex(previous),
                            added_paragraphs=[p.text for p in added])
        self._write_page(page, paragraph_state, story.story_id, story.latest, url_key,
                         exact_key, writes)
        return Decision("near", aid_hex, _hex(story.story_id), story.version, curl,
                        _hex(story.latest),
                        round(match.page_covered, 4))

    def _best_match(self, page: PagePrint, content: list[ParagraphPrint],
                    shingles: np.ndarray, band_keys: list[int],
                    paragraph_state: dict[int, tuple[int, int, int]]) -> Match | None:
        settings = self.settings
        votes: dict[int, int] = {}
        for key in band_keys:
            raw = self.store.get("b" + _hex(key))
            if raw is None:
                continue
            for story in np.frombuffer(raw, ">u8", offset=TIME.size):
                votes[int(story)] = votes.get(int(story), 0) + 1
        for paragraph in content:
            first, last, stories = paragraph_state[paragraph.key]
            if stories and paragraph.words >= MIN_POINTER_PARAGRAPH_WORDS:
                for story in {first, last}:
                    votes[story] = votes.get(story, 0) + 1
        if not votes:
            return None
        ranked = sorted(votes, key=lambda s: (-votes[s], s))[: settings.max_candidates]
        page_shingles = _shingles32(shingles)
        page_shingles = np.unique(page_shingles)
        page_sentences = np.unique(np.asarray(_sentences(content), dtype=np.uint32))
        page_facts = _fact_hashes(content)
        # Paragraphs already seen in two stories (footers not yet learned) anchor nothing.
        anchors = [p for p in content if paragraph_state[p.key][2] <= 1]
        best: Match | None = None
        for story_id in ranked:
            story = self._story(story_id)
            if story is None:
                continue
            match = self._verify(story, anchors, page_shingles, page_sentences, page_facts)
            if match is not None and (best is None or _score(match) > _score(best)):
                best = match
        return best

    def _verify(self, story: Story, anchors: list[ParagraphPrint], page_shingles: np.ndarray,
                page_sentences: np.ndarray, page_facts: np.ndarray) -> Match | None:
        settings = self.settings
        if len(page_shingles) == 0 or len(story.shingles) == 0:
            return None
        shared = len(np.intersect1d(page_shingles, story.shingles, assume_unique=True))
        # Short briefs have fewer shingles than that in all: most of the shorter must match.
        smaller = min(len(page_shingles), len(story.shingles))
        needed = min(settings.min_shared_shingles,
                     max(settings.min_shared_shingles_brief, int(0.8 * smaller + 0.5)))
        if shared < needed:
            return None
        page_covered = shared / len(page_shingles)
        story_covered = shared / len(story.shingles)
        if max(page_covered, story_covered) < settings.min_containment:
            return None
        agreement = _agreement(page_sentences, story.sentences, 2)
        if agreement < settings.min_sentence_agreement:
            return None
        facts = _agreement(page_facts, story.facts, 3)
        if facts < settings.min_fact_agreement:
            return None
        if shared < 2 * settings.min_shared_shingles and not self._anchored(anchors, story):
            return None
        return Match(story, shared, page_covered, story_covered, agreement)

    def _anchored(self, anchors: list[ParagraphPrint], story: Story) -> bool:
        """A small overlap must hold the page's first paragraph or a long one: two briefs
        that share nothing but an outlet's (not yet learned) footer lines do not."""
        with_shingles = [p for p in anchors if p.words >= self.settings.min_new_paragraph_words]
        coverage = _coverage(with_shingles, story)
        long_words = self.settings.edge_paragraph_min_words
        return any(c >= 0.5 and (i == 0 or p.words >= long_words)
                   for i, (p, c) in enumerate(zip(with_shingles, coverage, strict=True)))

    def _added_paragraphs(self, content: list[ParagraphPrint], story: Story,
                          elsewhere: set[int]) -> list[ParagraphPrint]:
        """The page's paragraphs that are real news for the story, or [] for a copy.

        New: long enough, barely covered by the story's shingles, not seen in another
        story, and not a short paragraph outside the part of the page the story knows
        (headers and footers swapped in by the outlet sit there) unless it names at least
        two of the story's names or belongs to a long block of new paragraphs there.
        """
        settings = self.settings
        with_shingles = [p for p in content if len(p.shingles)]
        if not with_shingles:
            return []
        coverage = _coverage(with_shingles, story)
        is_new = [c < settings.new_paragraph_max_coverage for c in coverage]
        known_at = [i for i, new in enumerate(is_new) if not new]
        first, last = (known_at[0], known_at[-1]) if known_at else (0, len(is_new) - 1)
        candidates = [
            (index, paragraph) for index, paragraph in enumerate(with_shingles)
            if is_new[index] and paragraph.words >= settings.min_new_paragraph_words
            and paragraph.key not in elsewhere]
        # Words of new paragraphs above and below the known part: a long block is news.
        above = sum(p.words for i, p in candidates if i < first)
        below = sum(p.words for i, p in candidates if i > last)
        added = []
        for index, paragraph in candidates:
            block = above if index < first else below if index > last else None
            if (block is not None and block < settings.edge_block_min_words
                    and paragraph.words < settings.edge_paragraph_min_words
                    and np.isin(np.asarray(paragraph.names, np.uint32), story.facts).sum() < 2):
                continue
            added.append(paragraph)
        if sum(p.words for p in added) < settings.min_added_words:
            return []
        new_words = np.setdiff1d(_words(added), story.words)
        if len(new_words) < settings.min_new_vocabulary:
            return []
        return added

    # -- state --

    def _story(self, story_id: int) -> Story | None:
        raw = self.store.get("s" + _hex(story_id))
        return Story.decode(story_id, raw) if raw is not None else None

    def _paragraph(self, key: int) -> tuple[int, int, int]:
        raw = self.store.get("p" + _hex(key))
        if raw is None:
            return (0, 0, 0)
        return PARAGRAPH.unpack(raw)[1:]

    def _new_story(self, aid: int, content: list[ParagraphPrint], shingles: np.ndarray,
                   now: float) -> Story:
        limit = self.settings.max_story_shingles
        return Story(
            story_id=aid, created=now, version=1, latest=aid,
            shingles=np.unique(_shingles32(shingles))[:limit],
            words=_words(content)[:limit],
            sentences=np.unique(np.asarray(_sentences(content), dtype=np.uint32)),
            facts=_fact_hashes(content),
        )

    def _index(self, story: Story, band_keys: list[int], writes: _Writes) -> None:
        writes.put("s" + _hex(story.story_id), story.encode(writes.now))
        limit = self.settings.max_band_stories
        for key in band_keys:
            band_key = "b" + _hex(key)
            raw = self.store.get(band_key)
            stories = (np.frombuffer(raw, ">u8", offset=TIME.size).tolist()
                       if raw is not None else [])
            if story.story_id in stories:
                continue
            stories = [*stories, story.story_id][-limit:]
            writes.put(band_key, TIME.pack(writes.now) + np.asarray(stories, ">u8").tobytes())

    def _write_page(self, page: PagePrint, paragraph_state: dict[int, tuple[int, int, int]],
                    story: int, duplicate_of: int, url_key: str, exact_key: str,
                    writes: _Writes) -> None:
        """Paragraph counts (boilerplate learning and pointers), exact text and URL keys.

        `duplicate_of` is what a later copy of this text or URL duplicates: this page's
        article when it is published, else the story's latest version."""
        now = writes.now
        for key, (first, last, stories) in paragraph_state.items():
            if stories >= self.settings.boilerplate_min_stories:
                continue  # known boilerplate: no need to count further
            if stories == 0:
                writes.put("p" + _hex(key), PARAGRAPH.pack(now, story, story, 1))
            elif story not in (first, last):
                writes.put("p" + _hex(key), PARAGRAPH.pack(now, first, story, stories + 1))
        writes.put(exact_key, EXACT.pack(now, duplicate_of, story))
        writes.put(url_key, URL.pack(now, page.text_hash, duplicate_of, story))


def _coverage(paragraphs: list[ParagraphPrint], story: Story) -> list[float]:
    """Share of each paragraph's shingles the story knows, in one vectorised pass."""
    paragraphs = [p for p in paragraphs if len(p.shingles)]
    if not paragraphs:
        return []
    known = np.isin(_shingles32(np.concatenate([p.shingles for p in paragraphs])),
                    story.shingles)
    lengths = np.asarray([len(p.shingles) for p in paragraphs])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    return (np.add.reduceat(known, starts) / lengths).tolist()


def _agreement(page: np.ndarray, story: np.ndarray, at_least: int) -> float:
    """Share of the smaller set found in the other (1.0 when it has too few to tell)."""
    fewer = min(len(page), len(story))
    if fewer < at_least:
        return 1.0
    return len(np.intersect1d(page, story, assume_unique=True)) / fewer


def _score(match: Match) -> tuple[float, int]:
    return (max(match.page_covered, match.story_covered), -match.story.story_id)


def _words(paragraphs: list[ParagraphPrint]) -> np.ndarray:
    if not paragraphs:
        return np.empty(0, np.uint32)
    return np.unique(np.concatenate([p.word_hashes for p in paragraphs]))


def _sentences(paragraphs: list[ParagraphPrint]) -> list[int]:
    return [s for p in paragraphs for s in p.sentences]


def _fact_hashes(paragraphs: list[ParagraphPrint]) -> np.ndarray:
    return np.unique(np.asarray([f for p in paragraphs for f in p.facts], dtype=np.uint32))


class _Writes:
    """The writes of one decision, held back until the decision is taken.

    `commit` writes the decision before the state: if the worker dies part-way
    (at-least-once, a store can keep a prefix of the writes), the redelivered input
    finds its decision and publishes the same record again, rather than meeting half of
    its own state. (Only the bookkeeping for expiry comes before it.) The replay writes
    nothing, so the rest of the state must not be lost where others read it: the worker
    sends all of a decision's writes to the changelog in one record batch
    (`workers.app.TableStore`), never a prefix of them; a prefix there made the story's
    next copy a second article. A local store can hold the whole decision while the
    changelog has none of it (a same-host restart): the replay writes the keys its
    listing names again (`StoryIndex._write_again`).
    """

    def __init__(self, store: MutableMapping[str, bytes], now: float) -> None:
        self.store = store
        self.now = now
        self.pending: dict[str, bytes] = {}

    def put(self, key: str, value: bytes) -> None:
        self.pending[key] = value

    def commit(self, input_key: str, decision: bytes, bucket_seconds: float) -> None:
        """The listing of all keys in their time bucket, the decision, then the state.

        The listing goes first: a crash after it leaves listed keys that were never
        written (expiry skips them), where a crash before it left written keys that no
        listing names, never expired."""
        store = self.store
        bucket = int(self.now // bucket_seconds)
        first = store.get(FIRST_BUCKET)
        if first is None:  # the first listing ever: expiry starts here
            store[FIRST_BUCKET] = TIME.pack(self.now) + bucket.to_bytes(8, "big")
        else:
            # A clock behind expiry's cursor (stepped back, a new owner's clock behind, the
            # cursor moved by a clock that jumped ahead): listed behind it, never visited.
            cursor = int.from_bytes(first[TIME.size:TIME.size + 8], "big")
            started = first[TIME.size + 8:].strip(b"\0") != b""
            if cursor > bucket or (cursor == bucket and started):
                bucket = cursor + 1
        count_key = f"t{bucket:x}"
        raw = store.get(count_key)
        seq = COUNT.unpack(raw)[1] if raw is not None else 0
        while f"{count_key}.{seq:x}" in store:  # written before a crash, its count not:
            seq += 1  # overwriting it would leave its keys unlisted
        keys = [input_key, *self.pending]
        listing = b"".join(key[0].encode() + bytes.fromhex(key[1:]) for key in keys)
        store[f"{count_key}.{seq:x}"] = TIME.pack(self.now) + listing
        store[count_key] = COUNT.pack(self.now, seq + 1)
        store[input_key] = decision
        for key, value in self.pending.items():
            store[key] = value
