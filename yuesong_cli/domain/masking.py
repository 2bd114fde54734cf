"""Masks for what lists, printouts and exports show (docs/domain.md, docs/security.md §2).

One star per hidden character, so a masked value keeps its length and columns line up.
Where keeping the usual head and tail would hide fewer than ``MIN_HIDDEN`` characters, the
value is not what the mask was designed for and is starred whole rather than shown almost
entirely.
"""

from __future__ import annotations

MIN_HIDDEN = 4


def _keep_ends(value: str | None, head: int, tail: int) -> str:
    if not value:
        return ""
    hidden = len(value) - head - tail
    if hidden < MIN_HIDDEN:
        return "*" * len(value)
    return value[:head] + "*" * hidden + value[len(value) - tail :]


def mask_id_number(value: str | None) -> str:
    """First 4 and last 4 kept: 530829199001011234 -> 5308**********1234.

    The first 4 give province and prefecture, the last 4 are what the officer reads back
    to tell two people apart; values shorter than 12 characters are starred whole.
    """
    return _keep_ends(value, 4, 4)


def mask_phone(value: str | None) -> str:
    """First 3 and last 4 kept: 13812345678 -> 138****5678.

    Values shorter than 11 characters (a local number without area code, say) are starred
    whole.
    """
    return _keep_ends(value, 3, 4)


def mask_name(value: str | None) -> str:
    """First character kept, one star for each other: 艾那 -> 艾*, 艾嘎门 -> 艾**.

    A one-character name becomes the character and one star (娜 -> 娜*), so it reads like
    any other masked name instead of standing out as the only one-character name in a
    list; the first character is what every masked name shows anyway.
    """
    if value is None:
        return ""
    name = value.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)
