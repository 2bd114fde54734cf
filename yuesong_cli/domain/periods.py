"""Reporting periods: a month (2026-11), a quarter (2026Q4), a year (2026), an ISO week
(2026-W49, the helpers' sheets), or any span of days. Pure code.

An obligation belongs to the period that holds its deadline (docs/model.md), so a period is
just its first and last day; the same period a year before gives the 同比 figures.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from yuesong_cli.domain.obligations import add_months, days_in_month
from yuesong_cli.errors import InvalidInput

ONE_DAY = dt.timedelta(days=1)


class Period(NamedTuple):
    label: str  # as typed back: 2026-11, 2026Q4, 2026, or 2026-01-05~2026-02-01
    start: dt.date
    end: dt.date

    def previous_year(self) -> Period:
        """The same period a year before (29 February becomes 28 February)."""
        start, end = add_months(self.start, -12), add_months(self.end, -12)
        if self.end.month == 2 and self.end.day == days_in_month(self.end.year, 2):
            end = dt.date(end.year, 2, days_in_month(end.year, 2))  # a whole February
        return Period(_label_like(self.label, start, end), start, end)

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_period(text: str) -> Period:
    """``2026-11``, ``2026Q4`` (or ``2026q4``), ``2026``; anything else is refused."""
    typed = text.strip()
    if match := _MONTH.match(typed):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and 1900 <= year <= 2199:
            start = dt.date(year, month, 1)
            end = dt.date(year, month, days_in_month(year, month))
            return Period(f"{year:04d}-{month:02d}", start, end)
    elif match := _QUARTER.match(typed):
        year, quarter = int(match[1]), int(match[2])
        if 1900 <= year <= 2199:
            start = dt.date(year, 3 * quarter - 2, 1)
            return Period(f"{year:04d}Q{quarter}", start, add_months(start, 3) - ONE_DAY)
    elif match := _YEAR.match(typed):
        year = int(match[1])
        if 1900 <= year <= 2199:
            return Period(f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31))
    raise InvalidInput("error.period.invalid", text=typed[:20])


# An ISO 8601 week: 2026-W49, 2026W49, 2026-w9 (the week of the year, Monday to Sunday).
_WEEK = re.compile(r"^(\d{4})-?[Ww](\d{1,2})$")


def parse_week(text: str) -> Period:
    """An ISO week, ``2026-W49`` (``2026W49``, ``2026-w9``): Monday to Sunday. A week a
    year does not have (W53 of a year of 52 weeks, W00) is refused like any bad period."""
    typed = text.strip()
    if match := _WEEK.match(typed):
        year, week = int(match[1]), int(match[2])
        if 1900 <= year <= 2199:
            try:
                monday = dt.date.fromisocalendar(year, week, 1)
            except ValueError:
                pass
            else:
                return week_period(monday)
    raise InvalidInput("error.week.invalid", text=typed[:20])


def week_period(day: dt.date) -> Period:
    """The ISO week that holds ``day``, labelled as ``parse_week`` reads it (the ISO year
    may differ from the calendar year: 2026-12-31 is in 2026-W53, 2027-01-01 too)."""
    year, week, _ = day.isocalendar()
    monday = day - dt.timedelta(days=day.weekday())
    return Period(f"{year:04d}-W{week:02d}", monday, monday + dt.timedelta(days=6))


def span_period(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise InvalidInput("error.period.reversed")
    return Period(f"{start.isoformat()}~{end.isoformat()}", start, end)


def _label_like(label: str, start: dt.date, end: dt.date) -> str:
    if _MONTH.match(label):
        return f"{start.year:04d}-{start.month:02d}"
    if match := _QUARTER.match(label):
        return f"{start.year:04d}Q{match[2]}"
    if _YEAR.match(label):
        return f"{start.year:04d}"
    return f"{start.isoformat()}~{end.isoformat()}"


def weeks_back(end: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """The ``count`` ISO weeks (Monday to Sunday) up to the one holding ``end``, oldest
    first: the spans of the weekly compliance chart."""
    monday = end - dt.timedelta(days=end.weekday())
    return [
        (monday - dt.timedelta(weeks=n), monday - dt.timedelta(weeks=n) + dt.timedelta(days=6))
        for n in reversed(range(count))
    ]


def last_whole_quarter(day: dt.date) -> Period:
    """The last quarter that ended before ``day``: what a report shows when no period is
    asked for (the quarterly report goes up once a quarter has closed)."""
    quarter_start = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    previous = quarter_start - ONE_DAY
    return parse_period(f"{previous.year}Q{(previous.month - 1) // 3 + 1}")


def weeks_ending(day: dt.date, count: int) -> Period:
    """The ``count`` weeks (7 days each) that end on ``day``, as a span of days."""
    return span_period(day - dt.timedelta(weeks=count) + ONE_DAY, day)
