"""Dates typed on the command line (docs/commands.md "Dates in").

Accepted, after trimming whitespace:

- ``YYYY-MM-DD``; also ``YYYY/MM/DD`` and ``YYYYMMDD``, and one-digit month or day
  (2026-3-5). Year-first forms cannot be read two ways, so accepting them costs nothing.
- ``MM-DD`` (also M-D): that day in the year of ``today``. Not ``MM/DD``, which some
  people read as day/month.
- ``today``/``今天``, ``yesterday``/``昨天``, ``前天`` (the day before yesterday); the English
  words in any case.
- ``-N``: N days before ``today`` (N >= 0, so ``-0`` is today).

Full-width characters are folded first (a Chinese input method in full-width mode types
２０２６－０３－０５). Whether a date may be in the future or before a registration is a rule
of the caller, not of the reader: this module only reads.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from yuesong_cli.domain.text import echo_safe
from yuesong_cli.errors import InvalidDate

DAYS_BACK = {
    "today": 0,
    "今天": 0,
    "yesterday": 1,
    "昨天": 1,
    "前天": 2,
}

# [0-9], not \d: \d also matches other scripts' digits, which nobody means in a date.
_FULL = re.compile(r"([0-9]{4})([-/])([0-9]{1,2})\2([0-9]{1,2})")
_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_MONTH_DAY = re.compile(r"([0-9]{1,2})-([0-9]{1,2})")
_DAYS_AGO = re.compile(r"-([0-9]+)")


def parse_date(text: str, today: dt.date) -> dt.date:
    """The date ``text`` names, relative forms counted from ``today``.

    ``InvalidDate("error.date.invalid")`` for a form not listed above,
    ``InvalidDate("error.date.nonexistent")`` for a well-formed date that is not in the
    calendar (2026-02-30, 02-29 in a common year, or -N reaching before year 1).
    """
    typed = text.strip()
    folded = unicodedata.normalize("NFKC", typed).strip()

    if folded.lower() in DAYS_BACK:
        return _days_before(today, DAYS_BACK[folded.lower()], typed)
    if match := _DAYS_AGO.fullmatch(folded):
        return _days_before(today, match.group(1), typed)
    if match := _FULL.fullmatch(folded):
        return _calendar_date(match.group(1), match.group(3), match.group(4), typed)
    if match := _COMPACT.fullmatch(folded):
        return _calendar_date(match.group(1), match.group(2), match.group(3), typed)
    if match := _MONTH_DAY.fullmatch(folded):
        return _calendar_date(str(today.year), match.group(1), match.group(2), typed)
    raise InvalidDate("error.date.invalid", text=echo_safe(typed))


def _calendar_date(year: str, month: str, day: str, typed: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise InvalidDate("error.date.nonexistent", text=echo_safe(typed)) from None


def _days_before(today: dt.date, days: int | str, typed: str) -> dt.date:
    try:
        return today - dt.timedelta(days=int(days))
    except (OverflowError, ValueError):
        # OverflowError: before year 1 or beyond timedelta's range; ValueError: more digits
        # than int() will read. Well-formed either way, so "does not exist", not "unreadable".
        raise InvalidDate("error.date.nonexistent", text=echo_safe(typed)) from None


def stored_date(text: str | None) -> dt.date | None:
    """A date as stored (YYYY-MM-DD), or None for an empty field: the inverse of ``iso``."""
    return dt.date.fromisoformat(text) if text else None


def iso(d: dt.date | None) -> str | None:
    """``d`` as stored, YYYY-MM-DD (only the date, even for a datetime), or None."""
    if d is None:
        return None
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
