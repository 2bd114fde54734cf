"""Checks on free text the officer types: names, phones, notes. Pure code.

Control characters are refused everywhere: a newline or an escape sequence in a name
could forge a row of a printed list or drive the terminal that shows it.
"""

from __future__ import annotations

import re
import unicodedata

from yuesong_cli.errors import InvalidInput

NAME_MAX = 40
TEXT_MAX = 2000


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text)


def clean_name(text: str) -> str:
    """A person's or helper's name, trimmed; refused if empty, too long or unprintable."""
    name = text.strip()
    if not name or len(name) > NAME_MAX or has_control_characters(name):
        raise InvalidInput("error.name.invalid")
    return name


def clean_text(text: str, field: str) -> str:
    """Free text (a note, a place, an address), trimmed; refused if unprintable."""
    value = text.strip()
    if len(value) > TEXT_MAX or has_control_characters(value):
        raise InvalidInput("error.text.invalid", field=field)
    return value


def normalise_phone(text: str) -> str:
    """A phone number as digits only (138-1234-5678 → 13812345678), so masks look alike."""
    digits = "".join(ch for ch in text if ch not in " -")
    if not (digits.isdigit() and digits.isascii() and 7 <= len(digits) <= 13):
        raise InvalidInput("error.phone.invalid")
    return digits


_LONG_NUMBER = re.compile(r"\d{7,}")


def echo_safe(typed: str) -> str:
    """What an error may repeat of a mistyped value: the value itself, unless it could be
    personal data typed into the wrong place (a phone or ID number: a run of 7 or more
    digits) or is long, in which case an ellipsis."""
    value = typed.strip()
    if _LONG_NUMBER.search(value) or len(value) > 20 or has_control_characters(value):
        return "…"
    return value
