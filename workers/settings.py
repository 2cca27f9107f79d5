"""One settings object for the whole worker, read from the environment.

Each stage has its own frozen section (extraction, dedup, tagging) so that its
pure functions take exactly what they need; `Settings.from_env()` is the only
place that reads environment variables.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    # Pages larger than this (bytes of HTML) are rejected with reason `too_large`.
    max_html_bytes: int = 10_000_000
    # A body shorter than this (characters) is `not_an_article`...
    min_text_chars: int = 250
    # ...or shorter than this one when the page marks itself as an article (JSON-LD
    # article, og:type article, an <article> element): short posts are still stories.
    min_article_text_chars: int = 80
    # When the DOM text is shorter than this, trafilatura runs again with favor_recall
    # (its default pass sometimes keeps a teaser line and drops the story).
    recall_retry_below_chars: int = 500
    # trafilatura's focus ("recall", "balanced", "precision") and `fast` (no comparison with
    # its readability/justext fallbacks). Measured on both halves of both dev corpora
    # (benchmarks/extraction.py, trafilatura 2.3.1; body F1 on half b, fundus / eval
    # snippets; mean ms/page against balanced, fundus / eval): balanced 0.960 / 0.929;
    # recall 0.958 / 0.922 at -29 / -24 %; fast 0.959 / 0.923 at -25 / -18 %; recall+fast
    # 0.958 / 0.920 at -35 / -30 %; precision 0.959 / 0.930 at +2 / -3 %; the fallbacks
    # only below 1000 characters of text 0.959 / 0.928 at -19 / -8 %; trafilatura's recall
    # escalation off 0.960 / 0.927 at -15 / -15 %. Every cheaper setting loses text on half
    # b, so the default stays balanced with the fallbacks; `fast=True` is the knob for a
    # deployment that trades ~0.6 points of body F1 for ~20 % of the CPU.
    focus: str = "balanced"
    fast: bool = False
    # When no metadata dates the page, htmldate's search; `date_extensive_search` adds its
    # dateparser pass over the page's text (off: eval date 0.848 -> 0.809, for ~1 ms/page).
    date_extensive_search: bool = True
    # The search's date parser (dateparser) reads this many of its most-used languages
    # (0: all 205). Their word lists compile once at start, before the pool forks: 0.5 s
    # for 60, ~1 s for all; the 28 expressions it met on both dev corpora read the same.
    date_languages: int = 60
    # A page without article markup whose text is at least this share of link labels is a
    # section front / tag / listing page: `not_an_article`.
    max_link_share: float = 0.5
    # Use JSON-LD `articleBody` when it is this many times longer than the DOM text.
    ld_body_ratio: float = 2.0
    # JSON-LD `articleBody` as a witness: when it covers at least `ld_agree_cover` of the
    # DOM text (the same story), a DOM paragraph of at least `ld_agree_min_words` words
    # sharing less than `ld_agree_min_share` of its word triples with it is dropped
    # (teasers, captions, related links, prompts). The lead paragraph is always kept.
    ld_agree_cover: float = 0.6
    ld_agree_min_words: int = 8
    ld_agree_min_share: float = 0.1
    # When no source on the page names a person, the publisher it credits as author
    # ("Le Monde", "ORF.at") is the author, as both dev corpora's human truth has it.
    # False: `authors` holds people only, and is empty then.
    publisher_as_author: bool = True
    # Look for the body in a framework's script payload when the DOM text is shorter.
    payload_below_chars: int = 1000
    # A page with several top-level <article> stories (infinite scroll): the paragraphs of
    # the others go, when the one carrying the page's headline as <h1> supplied at least
    # this many characters of the text (else it is a teaser card, not the story).
    own_article_min_chars: int = 500
    # The page's description (og:description, ...) shown in the body and missing from the
    # text is the story's lead and opens it, when it has at least this many characters.
    lead_min_chars: int = 40
    # A standfirst marked by class (lead, intro, teaser, summary...) between the headline and
    # the story's first paragraph: looked for within this many elements after the <h1>, and
    # kept when no longer than this (longer is a container, not a lead).
    standfirst_max_steps: int = 80
    standfirst_max_chars: int = 700
    # Summary bullets under the headline that the text kept only some of: the list is looked
    # for within this many elements after the <h1>; each item a sentence of at least this
    # many characters.
    summary_max_steps: int = 300
    summary_item_min_chars: int = 40
    # Paragraphs inside links to other pages (teaser cards) are dropped unless they would
    # take more than this share of the text.
    max_card_share: float = 0.5
    # Related links: a paragraph of at most `link_line_max_chars` that is one link to another
    # page of the same site, ending its block, goes when the link is at least
    # `link_line_min_share` of its text or follows a label of at most `link_line_max_label`
    # characters ending in a colon or an arrow ("Zum Artikel: ...").
    link_line_max_chars: int = 300
    link_line_min_share: float = 0.8
    link_line_max_label: int = 40
    # A caption in an image's own block (all its text in emphasis or small print beside the
    # <img>) of at most this many characters goes.
    image_caption_max_chars: int = 250
    # A quote box's attribution (the one short block after a <blockquote> in its container)
    # of at most this many characters goes.
    quote_attribution_max_chars: int = 150
    # Drop embedded social posts (the networks' blockquote embeds) before extraction. The dev
    # corpora disagree on them: fundus's truth leaves quoted posts out, the evaluation set's
    # keeps them (body F1 fundus +0.001, eval -0.001 with True), so they stay by default.
    drop_social_embeds: bool = False
    # A fact or info box (marked by class or id) is dropped before extraction when its text
    # is at most this share of its <article>/<main>/<body>; larger, it is the story itself.
    side_box_max_share: float = 0.4
    # A pull quote goes: a paragraph shown in a <blockquote>, of at least
    # `pull_quote_min_triples` word triples, of which this share longer paragraphs of the
    # text already say (round 4: fundus half a +0.0005 body F1, half b +0.0002).
    pull_quote_min_triples: int = 8
    pull_quote_share: float = 0.9
    # A story split over sibling blocks: a block shaped like the one holding the kept
    # paragraphs, holding at least `sibling_block_min_paragraphs` paragraphs of at least
    # `sibling_block_min_chars` that end as a sentence, with at most this share of link
    # words, is put back (see extract._with_sibling_blocks).
    sibling_block_min_paragraphs: int = 2
    sibling_block_min_chars: int = 80
    sibling_block_max_link_share: float = 0.3
    # The headline shown as the text's second or third line, after the kicker or section
    # label shown just above its <h1> (lines of at most this many characters, no sentence):
    # both go (session 8: fundus half a 0.97483 -> 0.97500, half b 0.96937 -> 0.96948,
    # eval unchanged on both halves; 23 of 1,247 pages change, 5 better, none worse).
    kicker_max_chars: int = 60
    # Detect the text's language (py3langid) on at most this many characters.
    language_sample_chars: int = 1000
    # trafilatura's comparison with readability/justext runs only when it may change the
    # body: a short, "unclean" or table-shaped text, or one under this share of the cleaned
    # page's text (readability wins with twice the text; 0: always, trafilatura's own way).
    # See extract._fallback_may_matter. Session 7, 1,247 dev pages: the comparison runs on
    # 27 % of them; extract_page CPU -6 % mean, -11 % median (24.8 -> 23.3 / 19.0 -> 16.9
    # ms); 2 pages change (eval half a, body F1 0.96126 -> 0.96158), every other half the same.
    fallback_below_share: float = 0.5
    # Repetition-learned boilerplate (the dedup stage's SiteBoilerplate): a paragraph seen
    # on at least this many distinct earlier pages of a site is dropped...
    site_boilerplate_min_pages: int = 3
    # ...and only paragraphs up to this length are tracked (bounds the table's size).
    site_boilerplate_max_chars: int = 400


@dataclass(frozen=True, slots=True)
class DedupSettings:
    # Stories older than this are forgotten: a copy after the window starts a new story.
    window_days: float = 7.0
    # Expiry bookkeeping: keys are listed per time bucket of this many seconds.
    bucket_seconds: float = 3600.0
    # Expiry works in small steps, one after each decision (an hour's bucket at
    # 10 pages/s lists ~0.7 million boilerplate keys): each visits about this many listed
    # keys per table (story index, site boilerplate), deleting the stale ones, and the
    # next resumes there: several times the keys a page writes on average (~21 boilerplate
    # keys a page, ~55 story keys a new story, ~5 a duplicate), so expiry keeps pace at
    # any rate; 1-2 ms a step on RocksDB when there is work.
    expiry_step_keys: int = 250  # 0: no expiry (tables grow without bound)
    # Word shingles of this many words are the unit of similarity.
    shingle_words: int = 5
    # MinHash LSH: bands x rows permutations; a low threshold, every candidate verified.
    # Every band is a table key (a changelog record) per new story: 16 bands of 2 rows
    # make half of the pages with Jaccard 0.2 candidates, 94% at 0.4, 99% at 0.5 (42 x 3
    # did 29% / 94% / 99.6% with 42 keys); the dedup figures are the same (benchmarks/dedup.py).
    lsh_bands: int = 16
    lsh_rows: int = 2
    # A band key remembers at most this many stories (common bands are useless anyway).
    max_band_stories: int = 16
    # At most this many candidate stories are verified per page (most shared bands first).
    max_candidates: int = 24
    # Verification: a page joins a story when they share at least `min_shared_shingles`...
    min_shared_shingles: int = 20
    # ...(or, between texts with fewer shingles than that, 80% of the shorter one and at
    # least this many; a small overlap must also hold the page's first paragraph or a long
    # one), when one of them is covered by the other to `min_containment`...
    min_shared_shingles_brief: int = 8
    min_containment: float = 0.6
    # ...and at least this share of the smaller one's names and numbers are in the other
    # (stories from one template share the prose but not the facts).
    min_fact_agreement: float = 0.6
    # Share of the smaller one's sentences found verbatim in the other. Off: one to three
    # edited sentences wipe it out in a short copy, and the facts already tell templates apart.
    min_sentence_agreement: float = 0.0
    # A paragraph seen in this many distinct stories is boilerplate for matching.
    boilerplate_min_stories: int = 3
    # Version or copy: a page paragraph of at least `min_new_paragraph_words` words whose
    # shingles are less than `new_paragraph_max_coverage` known to the story is new; the
    # page is a version when its new paragraphs hold at least `min_added_words` words
    # and `min_new_vocabulary` distinct words the story never used (a rewritten sentence
    # reuses the story's words, real news brings its own).
    min_new_paragraph_words: int = 8
    new_paragraph_max_coverage: float = 0.5
    min_added_words: int = 20
    min_new_vocabulary: int = 5
    # A version holds at least this share of the story's shingles or two of its paragraphs:
    # a page with news around one paragraph of a story (a shared lede) is another story.
    min_version_coverage: float = 0.5
    # A new paragraph before or after everything the story knows (where outlets put their
    # headers and footers) counts only from this many words.
    edge_paragraph_min_words: int = 30
    # ...or when the new paragraphs on that side hold this many words together.
    edge_block_min_words: int = 45
    # A story keeps at most this many shingles (longer texts are cut, bounding memory).
    max_story_shingles: int = 6000


@dataclass(frozen=True, slots=True)
class TagSettings:
    max_keyphrases: int = 5
    # Top-level subjects: the best always, others with at least this share of the evidence
    # (and at least half the best's share), up to `max_subjects`.
    max_subjects: int = 3
    min_subject_share: float = 0.2
    # Finer IPTC topics: named in the text with this weighted count (title x3, lead x2).
    max_finer_subjects: int = 3
    min_finer_weight: float = 3.0
    # English text: the embedding classifier's topic probabilities count as this much cue
    # evidence (a short text has ~10, a full article ~60), so they decide where cues are few,
    # and as at least `embedding_share` of the cue evidence in long texts. 0 turns the
    # embeddings off. (4 since the layer also learns from the cues' WordNet definitions:
    # dev pages gained one short text, none lost.)
    embedding_evidence: float = 4.0
    embedding_share: float = 0.3
    # Other languages: where no cue word speaks at all (short texts), the English layer's
    # probabilities count as this much evidence, less than one foreign place (0 turns it off).
    fallback_embedding_evidence: float = 0.25
    # ... and the scores of such a guessed subject are scaled by this (right on 7 of the 21
    # dev pages where the fallback decided, against 0.9 for subjects with cue words).
    fallback_score_scale: float = 0.5
    # Each country outside the text language's home countries adds its place score times
    # this to politics ("world" news); 0 turns it off.
    foreign_place_evidence: float = 0.5
    max_places: int = 8
    max_people: int = 8
    max_organizations: int = 8
    # The page's own tags and section, in the page's order.
    max_publisher_tags: int = 20


@dataclass(frozen=True, slots=True)
class TopicNames:
    raw: str = "pages.raw"
    clean: str = "articles.clean"
    duplicates: str = "articles.duplicates"
    rejected: str = "pages.rejected"
    # Internal: extracted pages on their way to the single deduplication stage.
    analysed: str = "wirestream.analysed"


@dataclass(frozen=True, slots=True)
class KafkaSettings:
    bootstrap_servers: str = "127.0.0.1:9092"
    security_protocol: str = "PLAINTEXT"
    sasl_mechanism: str | None = None
    sasl_username: str | None = None
    sasl_password: str | None = field(default=None, repr=False)
    ssl_cafile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    # Large pages: producer, topics and consumer fetch sizes are aligned to this.
    max_message_bytes: int = 16_777_216
    compression: str = "zstd"


@dataclass(frozen=True, slots=True)
class Settings:
    app_id: str = "wirestream"
    kafka: KafkaSettings = KafkaSettings()
    topics: TopicNames = TopicNames()
    input_partitions: int = 4
    replication_factor: int = 1
    # Faust table store: "rocksdb://" keeps state on local disk under data_dir (a restart
    # reads only the changelog it missed); "memory://" rebuilds it from the changelog.
    store: str = "rocksdb://"
    # Process pool for the CPU-bound stages; 0 means one process per core.
    pool_size: int = 0
    # A page whose extraction takes longer is killed and rejected with `timeout`.
    page_timeout_s: float = 20.0
    # Address-space limit of each pool process, so a hostile page cannot eat the host.
    pool_memory_mb: int = 3072
    # Rejected records keep at most this many bytes of the original payload.
    rejected_payload_bytes: int = 12_000_000
    data_dir: str = "./.wirestream-data"
    web_port: int = 6066
    extract: ExtractSettings = ExtractSettings()
    dedup: DedupSettings = DedupSettings()
    tagging: TagSettings = TagSettings()

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read `WIRESTREAM_*` and `KAFKA_*` variables; unset ones keep their defaults."""
        env = dict(os.environ if env is None else env)
        kafka = _section(KafkaSettings(), env, "KAFKA_")
        topics = _section(TopicNames(), env, "WIRESTREAM_TOPIC_")
        extract = _section(ExtractSettings(), env, "WIRESTREAM_EXTRACT_")
        dedup = _section(DedupSettings(), env, "WIRESTREAM_DEDUP_")
        tagging = _section(TagSettings(), env, "WIRESTREAM_TAG_")
        base = _section(cls(), env, "WIRESTREAM_", skip={"kafka", "topics", "extract", "dedup",
                                                       "tagging"})
        return replace(base, kafka=kafka, topics=topics, extract=extract, dedup=dedup,
                       tagging=tagging)

    def resolved_pool_size(self) -> int:
        return self.pool_size or (os.cpu_count() or 1)


_SECTIONS = {
    "kafka": "KAFKA_", "topics": "WIRESTREAM_TOPIC_", "extract": "WIRESTREAM_EXTRACT_",
    "dedup": "WIRESTREAM_DEDUP_", "tagging": "WIRESTREAM_TAG_",
}


def environment_variables() -> list[str]:
    """Every environment variable `Settings.from_env` reads (for docs and their test)."""
    names = []
    for f in fields(Settings):
        prefix = _SECTIONS.get(f.name)
        if prefix is None:
            names.append("WIRESTREAM_" + f.name.upper())
        else:
            names += [prefix + sub.name.upper() for sub in fields(getattr(Settings(), f.name))]
    return names


def _section(default: Any, env: dict[str, str], prefix: str, skip: set[str] = frozenset()) -> Any:
    changes: dict[str, Any] = {}
    for f in fields(default):
        if f.name in skip:
            continue
        raw = env.get(prefix + f.name.upper())
        if raw is None or raw == "":
            continue
        current = getattr(default, f.name)
        changes[f.name] = _coerce(raw, current, f.type)
    return replace(default, **changes)


def _coerce(raw: str, current: Any, annotation: Any) -> Any:
    kind = type(current) if current is not None else str
    if "float" in str(annotation):
        return float(raw)
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind is int:
        return int(raw)
    return raw
