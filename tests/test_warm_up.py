"""What the pool's warm-up loads, loaded the cheaper way, must be what the libraries load.

`extract.load_language_model` builds py3langid's identifier from one LZMA call instead of
py3langid's streamed loader; `metadata.date_parser` is htmldate's dateparser limited to
dateparser's most-used languages. Both exist for speed only: these tests hold them to the
libraries' own results.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import htmldate.extractors
import lxml.html
import numpy as np
import py3langid
import pytest
from py3langid import langid

from workers import metadata
from workers.extract import load_language_model
from workers.settings import Settings

TEXTS = [
    "The city council voted on Tuesday to expand the bus network across the capital.",
    "Der Stadtrat hat am Dienstag beschlossen, das Busnetz in der Hauptstadt auszubauen.",
    "Le conseil municipal a voté mardi l'extension du réseau de bus de la capitale.",
    "El ayuntamiento votó el martes ampliar la red de autobuses de la capital.",
    "Городской совет во вторник проголосовал за расширение автобусной сети.",
    "市议会周二投票决定扩大首都的公交网络。",
]


@pytest.fixture
def fresh_identifier():
    """py3langid's process-wide identifier, unloaded for the test and put back after."""
    kept = langid.IDENTIFIER
    langid.IDENTIFIER = None
    yield
    langid.IDENTIFIER = kept


def test_language_model_loaded_in_one_call_is_py3langids_own(fresh_identifier):
    load_language_model()
    ours = langid.IDENTIFIER
    assert ours is not None
    langid.IDENTIFIER = None
    theirs = langid._get_identifier()
    assert ours is not theirs
    assert np.array_equal(ours.nb_ptc, theirs.nb_ptc)
    assert np.array_equal(ours.nb_pc, theirs.nb_pc)
    assert list(ours.nb_classes) == list(theirs.nb_classes)
    assert ours.tk_nextmove == theirs.tk_nextmove
    assert ours.tk_row == theirs.tk_row
    assert list(ours.tk_output) == list(theirs.tk_output)
    for text in TEXTS:
        langid.IDENTIFIER = ours
        mine = py3langid.classify(text)
        langid.IDENTIFIER = theirs
        assert mine == py3langid.classify(text)


def test_language_model_already_loaded_is_kept(fresh_identifier):
    loaded = langid._get_identifier()
    load_language_model()
    assert langid.IDENTIFIER is loaded


# Every expression htmldate handed dateparser on both dev corpora that one language reads,
# and some it hands over that none reads (they must stay unread).
EXPRESSIONS = {
    "16 marca 2021": "2021-03-16",
    "Feb. 19 2020": "2020-02-19",
    "Jueves 28 de Abril de 2022 5:03 PM": "2022-04-28",
    "4. 2. 2022.": "2022-04-02",
    "15 августа 2016, 13:43": "2016-08-15",
    "miércoles, 4 de mayo de 2022": "2022-05-04",
    "27 de Abr de 2022": "2022-04-27",
    "26 | 01 | 2022": "2022-01-26",
    "Jan 04 09:34 2021": "2021-01-04",
    "Copyright 2023 - 5": None,
    "40-jähriges Jubiläum 2008": None,
    "Publicado: Jueves, 21 Abril 2022 04:45": None,
}


def test_htmldates_parser_settings_are_kept():
    # Only the languages differ from the parser htmldate builds for itself.
    htmldates_own = metadata.HTMLDATE_PARSER()
    ours = metadata.date_parser(Settings().extract.date_languages)
    assert vars(ours._settings) == vars(htmldates_own._settings)
    assert htmldates_own.languages is None
    assert ours.languages is not None and len(ours.languages) == 60
    assert ours.languages[:5] == ["en", "ru", "es", "fr", "de"]


def test_htmldate_uses_the_limited_parser_only_within_our_search(monkeypatch):
    # A date only the page's text gives, in words htmldate hands to dateparser.
    tree = lxml.html.fromstring(
        "<html><body><article><p>Kraj</p><span class=\"date\">16 marca 2021</span>"
        "</article></body></html>")
    limited = metadata.date_parser(60)
    asked = []
    monkeypatch.setattr(limited, "get_date_data",
                        lambda text, *a, **k: asked.append(text) or
                        type(limited).get_date_data(limited, text, *a, **k))
    htmldate.extractors.try_date_expr.cache_clear()  # htmldate caches what it read
    found = metadata.publication_time(metadata.PageMetadata(), "https://example.org/x", tree)
    assert asked, "htmldate did not ask the limited parser"
    assert found is not None and found.local == "2021-03-16"
    # Other callers of htmldate in the process keep htmldate's own parser.
    assert htmldate.extractors.get_external_parser is metadata.HTMLDATE_PARSER


@pytest.mark.parametrize("expression", sorted(EXPRESSIONS))
def test_limited_date_parser_reads_what_all_languages_read(expression):
    limited = metadata.date_parser(Settings().extract.date_languages)
    every_language = metadata.date_parser(0)
    assert every_language.languages is None
    day = limited.get_date_data(expression)["date_obj"]
    assert day == every_language.get_date_data(expression)["date_obj"]
    assert (day.strftime("%Y-%m-%d") if day else None) == EXPRESSIONS[expression]



def test_warm_up_compiles_the_date_parsers_languages_once_for_the_pool():
    # dateparser compiles a language's word list when an expression first needs it, into
    # a class-level cache; after the warm-up every language of the limited parser is
    # there, so forked pool processes inherit them instead of compiling their own. (In a
    # fresh interpreter: other tests here compile them too.)
    check = textwrap.dedent("""
        from dateparser.languages.dictionary import Dictionary
        from workers import metadata
        from workers.pool import warm_up
        from workers.settings import Settings

        assert not Dictionary._split_regex_cache
        warm_up(Settings())
        # Arabic and Persian compile as "ar~native", "fa~native" (without letter variants).
        compiled = {name.split("~")[0] for names in Dictionary._split_regex_cache.values()
                    for name in names}
        missing = set(metadata.date_parser(60).languages) - compiled
        assert not missing, missing
    """)
    subprocess.run([sys.executable, "-c", check], check=True, cwd=Path(__file__).parent.parent)
