"""Pinyin keys for names (docs/commands.md: a person named by name, pinyin or initials). Fictional
Wa names built as docs/domain.md describes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yuesong_cli.domain.names import name_initials, name_pinyin, normalise_query

PREFIXES = "艾尼桑赛俄楼叶依安娜"
GIVEN_NAMES = "那茸嘎门惹块道高保老社冒"


@pytest.mark.parametrize(
    ("name", "pinyin", "initials"),
    [
        ("艾那", "aina", "an"),
        ("艾嘎门", "aigamen", "agm"),
        ("尼茸", "nirong", "nr"),
        ("桑惹", "sangre", "sr"),
        ("赛块", "saikuai", "sk"),
        ("俄道", "edao", "ed"),
        ("楼高", "lougao", "lg"),
        ("叶保", "yebao", "yb"),
        ("依老", "yilao", "yl"),
        ("安社", "anshe", "as"),
        ("娜冒", "namao", "nm"),
        ("娜", "na", "n"),
        ("吕保", "lvbao", "lb"),  # pypinyin writes ü as v
        ("艾·那", "aina", "an"),  # the middle dot is a separator
        ("艾 那", "aina", "an"),
        ("叶茸A3", "yeronga3", "yra3"),  # non-Chinese characters kept, lowercased
        ("Ai Na", "aina", "aina"),
        ("ＡＩ", "ai", "ai"),  # full-width letters folded
        ("", "", ""),
    ],
)
def test_pinyin_and_initials(name: str, pinyin: str, initials: str) -> None:
    assert name_pinyin(name) == pinyin
    assert name_initials(name) == initials


def test_heteronym_takes_the_default_reading() -> None:
    # 了 reads le or liao; pypinyin's default for it in 了不起 is liao, and it stays so.
    assert name_pinyin("了不起") == "liaobuqi"
    assert name_initials("了不起") == "lbq"


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Ai Na", "aina"),
        ("  AINA ", "aina"),
        ("A N", "an"),
        ("艾 那", "艾那"),
        ("艾·那", "艾那"),
        ("Lü Bao", "lvbao"),
        ("ＡＩ　ＮＡ", "aina"),  # full-width letters and an ideographic space
        ("", ""),
    ],
)
def test_normalise_query(text: str, query: str) -> None:
    assert normalise_query(text) == query


wa_names = st.builds(
    lambda prefix, given_name: prefix + given_name,
    st.sampled_from(PREFIXES),
    st.text(alphabet=GIVEN_NAMES, min_size=1, max_size=2),
)


# No deadline: pypinyin loads its dictionaries on first use, which can take longer than
# hypothesis's default 200 ms for that one example.
@settings(deadline=None)
@given(wa_names)
def test_keys_are_already_normalised(name: str) -> None:
    pinyin, initials = name_pinyin(name), name_initials(name)
    assert normalise_query(pinyin) == pinyin
    assert normalise_query(initials) == initials
    assert pinyin.isascii() and pinyin.isalpha() and pinyin.islower()
    assert len(initials) == len(name)
    assert pinyin.startswith(initials[0])


@settings(deadline=None)
@given(wa_names)
def test_typed_pinyin_finds_the_name(name: str) -> None:
    spaced = " ".join(name_pinyin(ch) for ch in name).upper()
    assert normalise_query(spaced) == name_pinyin(name)
