"""Checks on free text the officer types: names, phones, notes. Pure code.

Control characters are refused everywhere: a newline or an escape sequence in a name
could forge a row of a printed list or drive the terminal that shows it. Every text
field is one line, a note or a reason included: a newline or a tab is refused there too
(docs/security.md §7). What an error line repeats of typed text is shown with its
control characters replaced (``one_line``), so it stays one line whatever was typed.
"""

from __future__ import annotations

import re
import unicodedata

from yuesong_cli.errors import InvalidInput

NAME_MAX = 40
TEXT_MAX = 2000


_CONTROL = ("Cc", "Cf", "Zl", "Zp")


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a control character: C0 and C1 (newline, tab, escape),
    format characters (a right-to-left override, a zero-width space) and the Unicode
    line and paragraph separators."""
    return any(unicodedata.category(ch) in _CONTROL for ch in text)


def one_line(text: str) -> str:
    """``text`` with each control character replaced by ``?``: a line that repeats what
    was typed (a path, a word) neither breaks nor drives the terminal showing it."""
    if not has_control_characters(text):
        return text
    return "".join("?" if unicodedata.category(ch) in _CONTROL else ch for ch in text)


def check_path(text: str) -> None:
    """Refuse a file path typed with control characters (``error.path.invalid``): it
    would be repeated on the screen and written to the audit log."""
    if has_control_characters(text):
        raise InvalidInput("error.path.invalid")


def clean_name(text: str) -> str:
    """A person's or helper's name, trimmed; refused if empty, too long or unprintable."""
    name = text.strip()
    if has_control_characters(name):
        raise InvalidInput("error.name.unprintable")
    if not name or len(name) > NAME_MAX:
        raise InvalidInput("error.name.invalid")
    return name


def clean_text(text: str, field: str) -> str:
    """Free text (a note, a place, an address), trimmed; refused if unprintable."""
    value = text.strip()
    if len(value) > TEXT_MAX or has_control_characters(value):
        raise InvalidInput("error.text.invalid", field=field)
    return value


def required_text(text: str, field: str) -> str:
    """``clean_text`` that must say something (a place, to whom a paper went)."""
    value = clean_text(text, field)
    if not value:
        raise InvalidInput("error.text.required", field=field)
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
