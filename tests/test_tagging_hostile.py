"""Hostile text for the subject cues: a token as long as a page (a run of letters with no
space: base64 in a body, a stripped table) must cost the cue lookup work bounded by the
longest cue, not work growing with the square of its length."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workers import tagging_subjects
from workers.tagging_subjects import (
    MAX_PART_LENGTH,
    MAX_STEM_KEY,
    lexicon,
    token_cues,
    vocabulary,
)


class _CountingDict(dict):
    lookups = 0

    def get(self, key, default=None):
        type(self).lookups += 1
        return super().get(key, default)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("token", ["krieg" + "x" * 20_000, "x" * 20_000 + "krieg",
                                   "weltkrieg" * 2_000])
def test_a_huge_token_costs_lookups_bounded_by_the_longest_cue(
        language: str, token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    lex = lexicon(language)
    counted = replace(lex, prefix=_CountingDict(lex.prefix), suffix=_CountingDict(lex.suffix),
                      token_cache={}, iptc_tokens=set(), fallback=None)
    words_checked = 0
    is_word = tagging_subjects._is_word

    def counting_is_word(part: str, words: frozenset[str]) -> bool:
        nonlocal words_checked
        words_checked += 1
        return is_word(part, words)

    monkeypatch.setattr(tagging_subjects, "_is_word", counting_is_word)
    _CountingDict.lookups = 0
    token_cues(token, counted)
    # Each size of key up to the longest cue is tried once as prefix and suffix (and the
    # whole token); before, every size up to the token's length was (40,000 lookups), and
    # each compound check walked every cut of the rest of the token.
    assert _CountingDict.lookups <= 2 * MAX_STEM_KEY + 2
    assert words_checked <= 2 * MAX_STEM_KEY * 8 * (MAX_PART_LENGTH + 2)


@pytest.mark.parametrize("language", ["en", "de", "nl", "sv", "da", "no", "fr", "ru", "ko",
                                      "ar"])
def test_no_cue_or_common_word_is_longer_than_the_bounds(language: str) -> None:
    # The bounds above hold only while no cue key and no common word is longer.
    lex = lexicon(language)
    for table in (lex, lex.fallback):
        assert max(map(len, [*table.prefix, *table.suffix]), default=0) <= MAX_STEM_KEY
    assert max(map(len, vocabulary(language)), default=0) <= MAX_PART_LENGTH
    if language in ("de", "nl", "sv", "da", "no"):
        # The bound leaves out no word the list has (its longest have 24-28 letters).
        from wordfreq import get_frequency_dict
        code = "nb" if language == "no" else language
        assert all(len(w) <= MAX_PART_LENGTH for w in get_frequency_dict(code, "small"))


def test_tokens_longer_than_any_word_give_no_cue_and_stay_out_of_the_cache() -> None:
    """A page of long unique tokens (hashes, base64) must not fill the token cache with
    megabytes each: the cache holds up to 200,000 tokens."""
    from workers.tagging_subjects import MAX_CUE_TOKEN

    lex = replace(lexicon("de"), token_cache={}, iptc_tokens=set())
    long_tokens = [f"{i:08d}" + "weltkrieg" * 1_000 for i in range(50)]
    assert all(token_cues(token, lex) == () for token in long_tokens)
    assert lex.token_cache == {}
    # Words up to the limit still count, and are cached.
    compound = "bundesverfassungsgericht"
    assert len(compound) <= MAX_CUE_TOKEN
    assert token_cues(compound, lex)
    assert compound in lex.token_cache
