"""Hostile and broken input: every message ends as a page or a rejection with a reason.

The input parser (`parse_message`) must never raise; the extraction path (the process
pool running `analyse_page`) must turn every page into an `Analysed` or an `InputError`
within the page time limit, never resolve XML entities or external resources, and keep
serving afterwards. No Kafka here: `tests/integration/test_reliability.py` sends the
same kinds of input through a real worker.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import time
from dataclasses import replace
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workers.envelope import InputError, parse_message
from workers.pipeline import analyse_page
from workers.pool import ExtractionPool
from workers.records import Analysed, Origin, Page
from workers.settings import Settings

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pages.jsonl.gz"
PAGES = Path(__file__).resolve().parent / "pages"
ORIGIN = Origin("pages.raw", 0, 7)
SETTINGS = replace(Settings(), page_timeout_s=15.0)
LIMIT = SETTINGS.extract.max_html_bytes
INPUT_REASONS = {"empty", "malformed_envelope", "missing_url", "invalid_url", "too_large",
                 "not_html"}
EXTRACTION_REASONS = {"not_an_article", "timeout", "too_complex", "worker_crashed",
                      "extraction_failed"}


def article() -> dict:
    """A real news page (BBC, from the bundled samples)."""
    with gzip.open(SAMPLES, "rb") as handle:
        return orjson.loads(handle.readline())


# A sentence of that article's body, to find in what is extracted.
SENTENCE = "The OBR assesses the health of the UK's economy."


@pytest.fixture(scope="module")
def pool():
    with ExtractionPool(SETTINGS, size=2) as running:
        yield running


def analyse_all(pool: ExtractionPool, pages: list[Page]) -> list[Analysed | InputError]:
    async def run() -> list[Analysed | InputError]:
        return await asyncio.gather(*(pool.analyse(p) for p in pages))

    return asyncio.run(run())


def as_page(value: bytes, key: bytes | None = None) -> Page | InputError:
    return parse_message(value, key, ORIGIN, LIMIT)


# -- the input parser ------------------------------------------------------------------

@pytest.mark.parametrize(("value", "key", "reason"), [
    (b"", None, "empty"),
    (None, None, "empty"),
    (b" \n\t\r  ", b"https://example.com/a", "empty"),
    (b"[1, 2, 3]", None, "malformed_envelope"),
    (b'{"title": "no url or html"}', None, "malformed_envelope"),
    (b'{"url": 5, "html": "<p>x</p>"}', None, "malformed_envelope"),
    (b'{"url": "https://example.com/a", "html": ["<p>"]}', None, "malformed_envelope"),
    (b'{"url": "https://example.com/a", "html": "<p>x</p>", "headers": "x"}', None,
     "malformed_envelope"),
    (b'{"url": "https://example.com/a", "html": "<p>', None, "malformed_envelope"),
    (b'{"url": "javascript:alert(1)", "html": "<p>x</p>"}', None, "invalid_url"),
    (b'{"url": "https://exa mple.com:99999/", "html": "<p>x</p>"}', None, "invalid_url"),
    (b'"just a JSON string"', None, "malformed_envelope"),  # JSON, not an envelope
    (b"<html><p>raw HTML, no key</p></html>", None, "missing_url"),
    (b"<html><p>raw HTML, key not a URL</p></html>", b"\xff\xfe", "missing_url"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"https://example.com/a.pdf", "not_html"),
    (bytes(range(256)) * 64, b"https://example.com/random", "not_html"),
    (b"plain text, no markup at all", b"https://example.com/t", "not_html"),
    (b'{"url": "https://example.com/a", "html": "\\u0000\\u0000\\u0000"}', None, "empty"),
])
def test_broken_inputs_are_rejected_with_a_reason(value, key, reason) -> None:
    outcome = as_page(value, key)
    assert isinstance(outcome, InputError), outcome
    assert outcome.reason == reason
    assert outcome.detail


def test_pages_over_the_size_limit_are_rejected_before_parsing() -> None:
    big = b"<html><body>" + b"<p>x</p>" * (LIMIT // 8) + b"</body></html>"
    outcome = as_page(big, b"https://example.com/big")
    assert isinstance(outcome, InputError) and outcome.reason == "too_large"
    envelope = orjson.dumps({"url": "https://example.com/big", "html": big.decode()})
    outcome = as_page(envelope)
    assert isinstance(outcome, InputError) and outcome.reason == "too_large"


def test_lying_charsets_still_decode_to_the_right_text() -> None:
    # A real German page (Die Zeit) that declares UTF-8, sent as cp1252 bytes: the most
    # common lie on the web. (Short snippets are ambiguous between the Latin code pages;
    # a page's worth of text is not.)
    with gzip.open(PAGES / "de_DieZeit_2023_04_28" / "page.html.gz", "rb") as handle:
        text = handle.read().decode("utf-8")
    assert 'charset="utf-8"' in text[:3000]
    lying = as_page(text.encode("cp1252", errors="replace"), b"https://www.zeit.de/a")
    assert isinstance(lying, Page)
    assert lying.html == text.encode("cp1252", errors="replace").decode("cp1252")
    # A header naming a charset that does not exist, over valid UTF-8.
    honest = parse_message(
        orjson.dumps({"url": "https://www.zeit.de/a", "html": text,
                      "headers": {"Content-Type": "text/html; charset=x-no-such"}}),
        None, ORIGIN, LIMIT)
    assert isinstance(honest, Page) and honest.html == text


def test_nul_bytes_are_dropped_not_fatal() -> None:
    outcome = as_page(b"<html><body>\x00<p>A st\x00ory.</p></body></html>",
                      b"https://example.com/nul")
    assert isinstance(outcome, Page)
    assert "\x00" not in outcome.html and "A story." in outcome.html


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.one_of(st.none(), st.binary(max_size=2000)),
       key=st.one_of(st.none(), st.binary(max_size=100), st.just(b"https://example.com/k")))
def test_parser_never_raises_on_any_bytes(value, key) -> None:
    check_parsed(as_page(value, key))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12,
)
URLS = st.one_of(st.text(max_size=40), st.just("https://example.com/a"),
                 st.builds(lambda s: "http://" + s, st.text(max_size=30)), JSON)
HTML = st.one_of(st.text(max_size=400), st.just("<p>x</p>"),
                 st.builds(lambda s: f"<html><body><p>{s}</p></body></html>", st.text()), JSON)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(envelope=st.fixed_dictionaries(
    {}, optional={"url": URLS, "html": HTML, "fetched_at": JSON, "source": JSON,
                  "headers": st.one_of(JSON, st.dictionaries(st.text(max_size=20),
                                                               st.text(max_size=40)))}))
def test_parser_never_raises_on_any_envelope(envelope) -> None:
    # The standard library writes any JSON (integers beyond 64 bits, lone surrogates...).
    check_parsed(as_page(json.dumps(envelope).encode()))


def check_parsed(outcome: Page | InputError) -> None:
    if isinstance(outcome, InputError):
        assert outcome.reason in INPUT_REASONS
        assert outcome.detail
    else:
        assert isinstance(outcome, Page)
        assert outcome.url.startswith(("http://", "https://"))
        assert "\x00" not in outcome.html and outcome.html.strip()


# -- the extraction path ---------------------------------------------------------------

TAGS = st.sampled_from(["div", "p", "span", "article", "main", "h1", "a", "script", "style",
                        "table", "td", "li", "ul", "b", "template", "svg", "noscript"])


@st.composite
def html_trees(draw, depth: int = 0) -> str:
    tag = draw(TAGS)
    attrs = draw(st.dictionaries(st.sampled_from(["class", "id", "href", "lang", "itemprop"]),
                                 st.text(max_size=20), max_size=2))
    attr_text = "".join(f' {k}="{v}"' for k, v in attrs.items())
    children = draw(st.lists(
        st.text(max_size=120) if depth >= 4 else st.one_of(st.text(max_size=120),
                                                            html_trees(depth + 1)),
        max_size=5))
    closed = draw(st.booleans())
    return f"<{tag}{attr_text}>{''.join(children)}" + (f"</{tag}>" if closed else "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=html_trees(), prefix=st.sampled_from(["", "<!DOCTYPE html>", "<?xml version='1.0'?>",
                                                  "<html><head><title>t</title></head>"]))
@example(body="<svg>00000000000000<A00>0000000000000</A00>00000000000000000<ARTICLE>"
              + "0" * 36, prefix="")  # an <svg> root: htmldate's cleaning asserted
def test_extraction_never_raises_on_generated_html(body, prefix) -> None:
    page = Page(url="https://example.com/generated", html=prefix + body, origin=ORIGIN)
    outcome = analyse_page(page, SETTINGS)
    if isinstance(outcome, InputError):
        assert outcome.reason in EXTRACTION_REASONS and outcome.detail
    else:
        assert outcome.extracted.paragraphs and outcome.extracted.url == page.url


def hostile_pages() -> dict[str, tuple[bytes | None, bytes]]:
    """(key, value) messages as they would sit in the input topic."""
    real = article()
    url, html = real["url"], real["html"]
    head, _, rest = html.partition("<body")
    laughs = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    billion_laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">' + laughs + "]>"
        "<html><body><article><h1>Laughs</h1><p>&lol9;</p>" + "<p>filler sentence. </p>" * 60
        + "</article></body></html>")
    external = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        '<!ENTITY net SYSTEM "http://127.0.0.1:9/x">]><html><body><article><p>&xxe;&net;</p>'
        + "<p>A plain sentence about nothing in particular.</p>" * 40 + "</article></body></html>")
    big_attribute = head + '<body data-blob="' + "a" * 3_000_000 + '"' + rest
    # 8 MB the usual way (inline application state), and 8 MB of markup the parser must walk.
    state = orjson.dumps([{"id": i, "teaser": "filler text " * 6} for i in range(90_000)])
    eight_mb = html.replace("</body>", "<script>window.__DATA__ = " + state.decode()
                            + ";</script></body>")
    huge_dom = html.replace("</body>", "<div hidden>" + "<p>ad filler text</p>" * 420_000
                            + "</div></body>")
    script_shell = ("<!DOCTYPE html><html><head><script src='/app.js'></script></head><body>"
                    "<div id='root'></div><script>window.__STATE__ = {};"
                    + "var x = 1;" * 5000 + "</script></body></html>")
    pages = {
        "nested_divs": "<html><body>" + "<div>" * 60_000 + "deep" + "</div>" * 60_000
                       + "</body></html>",
        "billion_laughs": billion_laughs,
        "external_entities": external,
        "big_attribute": big_attribute,
        "eight_mb": eight_mb,
        "huge_dom": huge_dom,
        "unclosed": html[: len(html) * 2 // 3] + "<p>unclosed <b><i><div",
        "nul_bytes": html.replace("<p>", "<p>\x00", 50),
        "script_shell": script_shell,
    }
    messages = {name: (None, orjson.dumps({"url": f"{url}#{name}", "html": text}))
                for name, text in pages.items()}
    # Raw bytes that lie about their charset: cp1252 declared as UTF-8.
    lying = html.replace("<head>", "<head><meta charset='utf-8'>", 1)
    messages["lying_charset"] = (url.encode() + b"#lying_charset",
                                 lying.encode("cp1252", errors="replace"))
    messages["mojibake"] = (None, orjson.dumps({
        "url": f"{url}#mojibake",
        "html": html.encode("utf-8").decode("latin-1")}))  # UTF-8 read as Latin-1
    return messages


def test_hostile_pages_end_as_articles_or_rejections_in_bounded_time(pool) -> None:
    messages = hostile_pages()
    assert len(messages["eight_mb"][1]) > 8_000_000 and len(messages["huge_dom"][1]) > 8_000_000
    parsed = {name: as_page(value, key) for name, (key, value) in messages.items()}
    pages = {name: p for name, p in parsed.items() if isinstance(p, Page)}
    assert set(pages) == set(messages), {n: p for n, p in parsed.items() if n not in pages}
    started = time.monotonic()
    outcomes = dict(zip(pages, analyse_all(pool, list(pages.values())), strict=True))
    elapsed = time.monotonic() - started
    # Two pool processes: even if every page ran to the limit it would end by now.
    assert elapsed < SETTINGS.page_timeout_s * len(pages) / 2 + 10
    for name, outcome in outcomes.items():
        if isinstance(outcome, InputError):
            assert outcome.reason in EXTRACTION_REASONS, (name, outcome)
    # A real story inside hostile packaging is still found.
    for name in ("big_attribute", "unclosed", "nul_bytes", "lying_charset", "eight_mb"):
        outcome = outcomes[name]
        assert isinstance(outcome, Analysed), (name, outcome)
        assert SENTENCE in outcome.extracted.text, name
    assert "a" * 1000 not in outcomes["big_attribute"].extracted.text
    # Hundreds of thousands of elements: extracted in time, or stopped at the limit.
    huge = outcomes["huge_dom"]
    assert isinstance(huge, Analysed) or huge.reason in {"timeout", "too_complex"}, huge
    # Nothing to read: rejected as such, not crashed or timed out.
    for name in ("nested_divs", "script_shell"):
        assert isinstance(outcomes[name], InputError), name
        assert outcomes[name].reason in {"not_an_article", "too_complex"}, outcomes[name]
    # Entities are never expanded, files and URLs never fetched.
    for name in ("billion_laughs", "external_entities"):
        outcome = outcomes[name]
        text = outcome.extracted.text if isinstance(outcome, Analysed) else outcome.detail
        assert "lollollol" not in text
        assert "root:" not in text
    # The pool still serves normal pages after all that.
    normal = as_page(orjson.dumps({"url": article()["url"], "html": article()["html"]}))
    assert isinstance(analyse_all(pool, [normal])[0], Analysed)


# -- secrets ---------------------------------------------------------------------------

def test_sasl_password_is_in_no_printed_form() -> None:
    """What the worker prints at start-up (Faust's banner: id, transport URLs, store) and
    any repr of the settings or credentials never carry the password."""
    from workers.app import create_app
    from workers.kafka import faust_credentials

    secret = "pa55-w0rd-never-printed"
    settings = Settings.from_env({
        "KAFKA_BOOTSTRAP_SERVERS": "broker-1:9093,broker-2:9093",
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "KAFKA_SASL_USERNAME": "wirestream", "KAFKA_SASL_PASSWORD": secret,
        "WIRESTREAM_STORE": "memory://",
    })
    assert settings.kafka.sasl_password == secret
    app = create_app(settings)
    printed = [repr(settings), str(settings.kafka), repr(faust_credentials(settings.kafka)),
               str(app.conf.broker), str(app.conf.broker_credentials), str(app.conf.id),
               str(app.conf.store)]
    assert "wirestream" in printed[2]
    for text in printed:
        assert secret not in text


# -- pages built against the session-4 rules (pull quotes, captions, subheads, bylines) --

def _words(count: int, seed: int) -> str:
    """A sentence of `count` distinct made-up words (no digits: digits look alike to the
    boilerplate and dedup keys), different for each seed."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = []
    for n in range(count):
        value = seed * 7919 + n * 104_729
        words.append("".join(letters[value // 26**k % 26] for k in range(5)))
    return " ".join(words).capitalize() + "."


STORY = [_words(40, 10_000_000 + n) for n in range(12)]


def _story_page(inside: str, after: str = "", title: str = "Council votes on the budget") -> str:
    story = "".join(f"<p>{p}</p>" for p in STORY)
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{inside}{story}</article>{after}</body></html>")


def _page(name: str, html: str) -> Page:
    page = as_page(orjson.dumps({"url": f"https://news.example/2026/11/27/{name}",
                                 "html": html}))
    assert isinstance(page, Page), page
    return page


def test_author_links_in_a_sidebar_of_logo_headings_end_in_time(pool) -> None:
    names = [f"{first} {last}" for first in ("Anna", "Bert", "Carl", "Dora", "Emil")
             for last in ("Meyer", "Schulz", "Koch", "Wolf", "Braun")]
    sidebar = ('<div class="sidebar">' + '<h1><a href="/">News Example</a></h1>' * 6_000
               + "".join(f'<a rel="author" href="/author/{n}">{names[n % len(names)]}</a>'
                         for n in range(6_000)) + "</div>")
    (outcome,) = analyse_all(pool, [_page("sidebar", _story_page("", after=sidebar))])
    assert isinstance(outcome, Analysed), outcome
    assert STORY[5] in outcome.extracted.paragraphs
    # Teaser authors in a sidebar are no byline of the story.
    assert not set(outcome.extracted.authors) & set(names)


def test_many_paragraphs_and_a_huge_quote_block_end_in_time(pool) -> None:
    paragraphs = [_words(8, n) for n in range(20_000)]
    quote = " ".join(_words(50, 20_000_000 + n) for n in range(25_000))
    html = ("<html><body><article><h1>Council votes on the budget</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs)
            + f"<blockquote>{quote}</blockquote></article></body></html>")
    assert 8_000_000 < len(html) < LIMIT
    (outcome,) = analyse_all(pool, [_page("huge-quote", html)])
    assert isinstance(outcome, Analysed), outcome
    kept = set(outcome.extracted.paragraphs)
    assert paragraphs[1] in kept and paragraphs[-1] in kept


def test_thousands_of_quotes_captions_and_subheads_keep_the_story(pool) -> None:
    """The new body rules at scale: 2,000 quote blocks (none repeating the text), 2,000
    captioned figures, 2,000 subheads between paragraphs, a 5 MB paragraph."""
    quotes = "".join(f"<blockquote>{_words(12, n)}</blockquote><p>{_words(30, 50_000 + n)}</p>"
                     for n in range(2_000))
    captions = "".join(f"<figure><img src='/{n}.jpg'><figcaption>{_words(10, 90_000 + n)}"
                       f"</figcaption></figure><p>{_words(30, 130_000 + n)}</p>"
                       for n in range(2_000))
    subheads = "".join(f"<p>{_words(30, 170_000 + n)}</p><h2>{_words(4, 210_000 + n)}</h2>"
                       for n in range(2_000))
    huge = _words(20, 1) * 30_000
    pages = [_page("quotes", _story_page(quotes)), _page("captions", _story_page(captions)),
             _page("subheads", _story_page(subheads)),
             _page("huge-paragraph", _story_page(f"<p>{huge}</p>"))]
    outcomes = dict(zip(("quotes", "captions", "subheads", "huge"), analyse_all(pool, pages),
                        strict=True))
    for name, outcome in outcomes.items():
        assert isinstance(outcome, Analysed), (name, outcome)
        assert set(STORY) <= set(outcome.extracted.paragraphs), name
    # Quote blocks that no paragraph repeats are no pull quotes: the text between stays.
    kept = set(outcomes["quotes"].extracted.paragraphs)
    assert all(_words(30, 50_000 + n) in kept for n in range(0, 2_000, 37))
    # Captions go, the paragraphs beside them stay.
    kept = set(outcomes["captions"].extracted.paragraphs)
    assert not any(_words(10, 90_000 + n) in kept for n in range(2_000))
    assert all(_words(30, 130_000 + n) in kept for n in range(0, 2_000, 37))
    # Subheads between kept paragraphs come back, each before the paragraph it heads.
    paragraphs = outcomes["subheads"].extracted.paragraphs
    at = {p: i for i, p in enumerate(paragraphs)}
    for n in range(0, 1_999, 37):
        heading = _words(4, 210_000 + n)
        assert at[heading] == at[_words(30, 170_000 + n)] + 1
        assert at[_words(30, 170_000 + n + 1)] == at[heading] + 1
    # The 5 MB paragraph is kept whole.
    assert huge.strip() in outcomes["huge"].extracted.paragraphs


def test_hostile_bylines_give_short_names_or_none(pool) -> None:
    """A 100,000-character byline, a byline label before 20,000 names, an author meta tag
    of 5,000 names, a byline buried in 200 nested sidebars: no crash, no giant name."""
    long_byline = _story_page('<p class="byline">By ' + "John Smith and " * 7_000
                              + "Jane Doe</p>")
    label = _story_page("<div>Von " + ", ".join(["Anna Meyer"] * 20_000) + "</div>")
    meta = _story_page("").replace(
        "<head>", '<head><meta name="author" content="' + "Jane Doe, " * 5_000 + '">')
    nested = _story_page('<div class="sidebar">' * 200 + "<p>Von Anna Meyer</p>"
                         + "</div>" * 200)
    pages = [_page(name, html) for name, html in
             (("long-byline", long_byline), ("label", label), ("meta", meta),
              ("nested", nested))]
    for outcome in analyse_all(pool, pages):
        assert isinstance(outcome, Analysed), outcome
        assert STORY[0] in outcome.extracted.paragraphs
        assert all(len(name) <= 120 for name in outcome.extracted.authors), \
            outcome.extracted.authors
        assert outcome.extracted.title == "Council votes on the budget"
