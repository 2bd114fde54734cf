"""Dates typed on the command line (docs/commands.md "Dates in").

Accepted, after trimming whitespace and folding full-width characters (a Chinese input
method in full-width mode types ２０２６－０３－０５ or １１月２日):

- With the year: ``2026-11-02``, ``2026/11/02``, ``2026.11.02`` (one separator throughout),
  ``20261102`` and ``2026年11月2日`` (or ``号``); one-digit month or day anywhere.
  Year-first forms cannot be read two ways.
- Without the year: ``11-02``, ``11/02``, ``11.02`` and ``11月2日`` (or ``号``). Month
  first, as dates are written in China: ``11/02`` is 2 November, never 11 February.
- ``today``/``今天``, ``yesterday``/``昨天``, ``前天`` (the day before yesterday); the English
  words in any case.
- ``-N``: N days before ``today`` (N >= 0, so ``-0`` is today).

Which year a date without one is in ("near New Year"): the latest such day no more than
``AHEAD`` (31) days after ``today``. So on 2 January ``12-30`` is last 30 December (this
year's is 362 days ahead); in late November ``3-5`` is this March and ``12-10`` the
coming 10 December; on 20 December ``01-05`` is the coming 5 January. A month ahead is
kept for the days that may be to come (``--as-of`` next week, leave ``--until`` in a
fortnight) and so that a contact typed ``--on 03-20`` on 15 March is refused as a future
day rather than filed a year back; anything further ahead is last year's. A caller
reading the end of a span (``--until``) may pass ``not_before`` (the span's first day):
the first such day on or after it when that lies within half a year of it, so a leave
from 12-20 ``--until 01-10`` ends in the coming January; further (``--on 11-10 --until
11-09``) it is read as any other date, and the caller refuses an end before its start.

Whether a date may be in the future or before a registration is a rule of the caller,
not of the reader: this module only reads.
"""

from __future__ import annotations

import calendar
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

# How far after today a date typed without its year may lie (see above).
AHEAD = dt.timedelta(days=31)
# How far after a span's first day its end typed without a year may lie (see above).
SPAN_AHEAD = dt.timedelta(days=183)

# [0-9], not \d: \d also matches other scripts' digits, which nobody means in a date.
_FULL = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")
_FULL_CHINESE = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})[日号]?")
_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_MONTH_DAY = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})")
_MONTH_DAY_CHINESE = re.compile(r"([0-9]{1,2})月([0-9]{1,2})[日号]?")
_DAYS_AGO = re.compile(r"-([0-9]+)")


def parse_date(text: str, today: dt.date, *, not_before: dt.date | None = None) -> dt.date:
    """The date ``text`` names, relative forms counted from ``today``; a date without a
    year the latest no more than AHEAD after ``today``, or with ``not_before`` the first
    on or after that day.

    ``InvalidDate("error.date.unreadable")`` (which lists the forms) for a form not
    listed above, ``InvalidDate("error.date.nonexistent")`` for a well-formed date that
    is not in the calendar (2026-02-30, 02-29 read in a common year, or -N reaching
    before year 1).
    """
    typed = text.strip()
    folded = unicodedata.normalize("NFKC", typed).strip()

    if folded.lower() in DAYS_BACK:
        return _days_before(today, DAYS_BACK[folded.lower()], typed)
    if match := _DAYS_AGO.fullmatch(folded):
        return _days_before(today, match.group(1), typed)
    if match := _FULL.fullmatch(folded):
        return _calendar_date(match.group(1), match.group(3), match.group(4), typed)
    for pattern in (_FULL_CHINESE, _COMPACT):
        if match := pattern.fullmatch(folded):
            return _calendar_date(match.group(1), match.group(2), match.group(3), typed)
    for pattern in (_MONTH_DAY, _MONTH_DAY_CHINESE):
        if match := pattern.fullmatch(folded):
            month, day = int(match.group(1)), int(match.group(2))
            year = _year_of(month, day, _horizon(today), after=False)
            if not_before is not None:
                later = _year_of(month, day, not_before, after=True)
                if _within_span(later, month, day, not_before):
                    year = later
            return _calendar_date(str(year), str(month), str(day), typed)
    raise InvalidDate("error.date.unreadable", text=echo_safe(typed), days=AHEAD.days)


def _horizon(today: dt.date) -> dt.date:
    return today + AHEAD if today <= dt.date.max - AHEAD else dt.date.max


def _within_span(year: int, month: int, day: int, start: dt.date) -> bool:
    """Whether the month and day in ``year`` lie no more than SPAN_AHEAD after ``start``:
    an end typed a day before its start is a slip, not a span of a year."""
    if not (1 <= month <= 12 and 1 <= day <= 31) or not dt.MINYEAR <= year <= dt.MAXYEAR:
        return False
    end = dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
    return end - start <= SPAN_AHEAD


def _year_of(month: int, day: int, anchor: dt.date, *, after: bool) -> int:
    """The year of a month and day typed without one: the latest on or before ``anchor``,
    or with ``after`` the first on or after it. A day that is in no calendar (13-01,
    02-30) is given the anchor's year; reading it then says it does not exist."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return anchor.year
    years = [y for y in (anchor.year - 1, anchor.year, anchor.year + 1) if dt.MINYEAR <= y]
    years = [y for y in years if y <= dt.MAXYEAR]

    def stand_in(year: int) -> dt.date:
        # 02-29 in a common year stands in as 02-28 to choose the year; the year chosen
        # then decides whether the day exists (02-29 near a common year does not).
        return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))

    if after:
        later = [y for y in years if stand_in(y) >= anchor]
        return later[0] if later else anchor.year
    earlier = [y for y in years if stand_in(y) <= anchor]
    return earlier[-1] if earlier else anchor.year


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


# The age under which a person is a minor (未成年人): 18, the Civil Code's.
ADULT_AGE = 18


def age_on(born: dt.date, day: dt.date) -> int:
    """A person's age in whole years on ``day``: a birthday of 29 February counts on
    28 February in other years."""
    years = day.year - born.year
    birthday = (
        born.replace(year=day.year)
        if not (born.month == 2 and born.day == 29 and not calendar.isleap(day.year))
        else dt.date(day.year, 2, 28)
    )
    return years - (day < birthday)


def is_minor(born: dt.date, day: dt.date) -> bool:
    """Whether a person born on ``born`` is under 18 on ``day`` (docs/domain.md
    "Minors")."""
    return age_on(born, day) < ADULT_AGE
