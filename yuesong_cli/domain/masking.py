"""Masks for what lists, printouts and exports show (docs/domain.md, docs/security.md §2).

One star per hidden character, so a masked value keeps its length and columns line up.
Where keeping the usual head and tail would hide fewer than ``MIN_HIDDEN`` characters, the
value is not what the mask was designed for and is starred whole rather than shown almost
entirely.
"""

from __future__ import annotations

MIN_HIDDEN = 4

# The name a file anonymised past its retention holds (domain/retention.py,
# docs/security.md §9): shown as it is, since there is nothing behind it to hide, and a
# mask would make it look like a person's name.
PURGED_NAME = "已清除"


def _keep_ends(value: str | None, head: int, tail: int) -> str:
    if not value:
        return ""
    hidden = len(value) - head - tail
    if hidden < MIN_HIDDEN:
        return "*" * len(value)
    return value[:head] + "*" * hidden + value[len(value) - tail :]


def mask_id_number(value: str | None) -> str:
    """The mask of every identity document's number (the register's ID column).

    A resident ID number (18 characters, or 15 on an old card) keeps its first 4 and last
    4: 530829199001011234 -> 5308**********1234. The first 4 give province and
    prefecture, the last 4 are what the officer reads back to tell two people apart.

    A shorter number is another document's, a passport's (7-9 characters, up to 11):
    its head tells no place, and 4 + 4 would hide almost nothing, so it keeps its first 2
    and last 2: MA1234512 -> MA*****12. Fewer than 8 characters are starred whole.

    A number shown with what it is (``MMR 护照 MA1234512``: the issuing state and the
    kind of document, words before the number) keeps those words and masks the number:
    MMR 护照 MA*****12. Stored numbers never contain a space, so the label is unambiguous.
    """
    if not value:
        return ""
    label, space, number = value.rpartition(" ")
    if space and number:
        return f"{label} {mask_id_number(number)}"
    if len(value) >= 12:
        return _keep_ends(value, 4, 4)
    return _keep_ends(value, 2, 2)


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
    if value == PURGED_NAME:
        return value
    name = value.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)
