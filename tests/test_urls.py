"""URL canonicalisation: every address of one article folds to one key, others stay apart."""

from __future__ import annotations

import pytest

from workers.urls import canonical_url

ARTICLE = "https://example.com/world/2024/04/30/police-investigate"


@pytest.mark.parametrize("variant", [
    # host case, scheme, default ports, www
    "HTTPS://EXAMPLE.COM/world/2024/04/30/police-investigate",
    "http://example.com/world/2024/04/30/police-investigate",
    "https://www.example.com/world/2024/04/30/police-investigate",
    "https://Www.Example.Com:443/world/2024/04/30/police-investigate",
    "http://www.example.com:80/world/2024/04/30/police-investigate",
    # trailing slashes and fragments
    "https://example.com/world/2024/04/30/police-investigate/",
    "https://example.com/world/2024/04/30/police-investigate//",
    "https://example.com/world/2024/04/30/police-investigate#comments",
    # tracking parameters
    "https://example.com/world/2024/04/30/police-investigate?utm_source=twitter&utm_medium=social",
    "https://example.com/world/2024/04/30/police-investigate?fbclid=IwAR0abc",
    "https://example.com/world/2024/04/30/police-investigate?gclid=EAIaIQ&ocid=msn&cmpid=rss",
    "https://example.com/world/2024/04/30/police-investigate?ref=rss&utm_campaign=x#top",
    "https://example.com/world/2024/04/30/police-investigate?UTM_Source=Feed&mc_cid=1&mc_eid=2",
    # AMP variants
    "https://example.com/world/2024/04/30/police-investigate/amp",
    "https://example.com/world/2024/04/30/police-investigate/amp/",
    "https://example.com/amp/world/2024/04/30/police-investigate",
    "https://example.com/world/2024/04/30/police-investigate?amp",
    "https://example.com/world/2024/04/30/police-investigate?amp=1",
    "https://example.com/world/2024/04/30/police-investigate?outputType=amp",
    "https://amp.example.com/world/2024/04/30/police-investigate",
    "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/world/2024/04/30/"
    "police-investigate/amp/",
    # mobile variants
    "https://m.example.com/world/2024/04/30/police-investigate",
    "https://mobile.example.com/world/2024/04/30/police-investigate/",
])
def test_variants_of_one_article_have_one_key(variant: str) -> None:
    assert canonical_url(variant) == ARTICLE


def test_amp_html_suffix_becomes_the_html_page() -> None:
    assert (canonical_url("https://www.example.co.uk/news/story-123.amp.html")
            == canonical_url("https://example.co.uk/news/story-123.html")
            == "https://example.co.uk/news/story-123.html")


def test_remaining_parameters_are_kept_and_sorted() -> None:
    assert (canonical_url("https://example.com/article?page=2&id=17&utm_source=x")
            == canonical_url("https://example.com/article?id=17&page=2")
            == "https://example.com/article?id=17&page=2")


def test_different_articles_stay_apart() -> None:
    keys = {
        canonical_url("https://example.com/article?id=17"),
        canonical_url("https://example.com/article?id=18"),
        canonical_url("https://example.com/article-17"),
        canonical_url("https://example.org/article-17"),
        canonical_url("https://news.example.com/article-17"),
        # The path is case-sensitive on most servers: only the host is folded.
        canonical_url("https://example.com/Article-17"),
    }
    assert len(keys) == 6


def test_mobile_and_www_labels_are_only_dropped_above_a_registrable_name() -> None:
    assert canonical_url("https://m.co/x") == "https://m.co/x"
    assert canonical_url("https://www.m.example.com/x") == "https://example.com/x"


def test_other_ports_stay() -> None:
    assert canonical_url("http://example.com:8080/a/") == "https://example.com:8080/a"


def test_root_and_index_pages() -> None:
    assert canonical_url("https://Example.com") == "https://example.com/"
    assert canonical_url("https://example.com/index.html") == "https://example.com/"
    assert canonical_url("https://example.com/news/index.php?utm_term=a") == (
        "https://example.com/news")


def test_session_ids_and_percent_escapes() -> None:
    assert canonical_url("https://example.com/a;jsessionid=0AB12?x=1") == (
        "https://example.com/a?x=1")
    assert canonical_url("https://example.com/caf%c3%a9") == canonical_url(
        "https://example.com/caf%C3%A9")
    assert canonical_url("https://example.com/café") == "https://example.com/caf%C3%A9"


def test_international_hosts_are_punycode() -> None:
    assert canonical_url("https://www.Bücher.de/x") == "https://xn--bcher-kva.de/x"


def test_not_web_urls_are_returned_as_they_are() -> None:
    assert canonical_url("  mailto:news@example.com ") == "mailto:news@example.com"
    assert canonical_url("not a url") == "not a url"


def test_canonicalising_twice_changes_nothing() -> None:
    for url in ("https://WWW.example.com/a/amp/?b=2&a=1&utm_x=3#f",
                "https://example.com/news/story-123.amp.html",
                "http://m.example.org:80/index.html"):
        once = canonical_url(url)
        assert canonical_url(once) == once
