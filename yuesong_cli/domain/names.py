"""Pinyin keys for naming a person on the command line (docs/commands.md: REF by name, pinyin or
initials).

The store keeps ``name_pinyin`` and ``name_initials`` beside each name and compares them
with ``normalise_query`` of what was typed, so all three fold text the same way: NFKC
(full-width letters become ASCII), lowercase, ü as v, and no separators (whitespace or the
middle dot of transliterated names such as 艾·那). A heteronym gets pypinyin's default
reading, the same one every time, so a stored key and a typed query agree; the officer who
expects another reading can still use the case number or the name itself.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import cast

# Middle dots seen in names: U+00B7 (the usual one), U+2022, U+2027 and U+30FB.
SEPARATORS = frozenset("·•‧・")

# Without this pypinyin returns a run of non-Chinese characters as one item; one item per
# character lets name_initials treat every item alike. pypinyin documents an errors callback
# returning a list, but its type stubs only allow str, hence the cast.
_ONE_ITEM_PER_CHARACTER = cast("Callable[[str], str]", list)


def _fold(text: str) -> str:
    # ü becomes v because that is how pypinyin spells it (吕 -> lv), so lü and lv agree.
    folded = unicodedata.normalize("NFKC", text).lower().replace("ü", "v")
    return "".join(ch for ch in folded if not ch.isspace() and ch not in SEPARATORS)


def _syllables(name: str) -> list[str]:
    # Imported here: pypinyin loads its dictionaries on import (about 0.2 s), which only
    # the commands that write a name need; the daily due list must not pay for it.
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(_fold(name), style=Style.NORMAL, errors=_ONE_ITEM_PER_CHARACTER)


def name_pinyin(name: str) -> str:
    """Full toneless pinyin, run together: 艾那 -> aina, 吕 -> lv (pypinyin writes ü as v).

    Non-Chinese characters are kept, lowercased.
    """
    return "".join(_syllables(name))


def name_initials(name: str) -> str:
    """The first letter of each syllable: 艾那 -> an; a non-Chinese character is kept."""
    return "".join(syllable[0] for syllable in _syllables(name) if syllable)


def normalise_query(text: str) -> str:
    """A typed name, pinyin or initials folded to compare with the stored keys: lowercase,
    no whitespace or middle dots, ü as v (lü and lv both find 吕)."""
    return _fold(text)
