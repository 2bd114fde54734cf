"""Periods of the reports, and the obligations of a period as the model gives them:
rolling rules walked from the start of supervision, calendar rules by deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from yuesong_cli.domain.obligations import (
    FIVE_TO_ONE,
    Contact,
    Rule,
    Supervision,
    obligations_between,
    rolling_obligations_between,
)
from yuesong_cli.domain.periods import parse_period, span_period, weeks_back
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.errors import InvalidInput

d = dt.date
PHONE_TALK_10 = Rule("phone_talk", "rolling", every_days=10, kinds=frozenset({"talk"}))
MEET = FIVE_TO_ONE[0]


def talk(day: dt.date, number: int = 1) -> Contact:
    return Contact(number, day, frozenset({"talk"}), "phone")


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2026-11", "2026-11", d(2026, 11, 1), d(2026, 11, 30)),
        ("2028-2", "2028-02", d(2028, 2, 1), d(2028, 2, 29)),
        ("2026Q4", "2026Q4", d(2026, 10, 1), d(2026, 12, 31)),
        ("2026q1", "2026Q1", d(2026, 1, 1), d(2026, 3, 31)),
        ("2026", "2026", d(2026, 1, 1), d(2026, 12, 31)),
    ],
)
def test_periods_are_read(text: str, label: str, start: dt.date, end: dt.date) -> None:
    assert parse_period(text) == (label, start, end)


@pytest.mark.parametrize("text", ["2026-13", "2026Q5", "26Q1", "abc", "2026-00", ""])
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_period(text)


def test_the_same_period_a_year_before() -> None:
    assert parse_period("2026Q3").previous_year() == ("2025Q3", d(2025, 7, 1), d(2025, 9, 30))
    # A whole February stays whole across a leap year.
    assert parse_period("2028-02").previous_year() == ("2027-02", d(2027, 2, 1), d(2027, 2, 28))
    assert parse_period("2029-02").previous_year() == ("2028-02", d(2028, 2, 1), d(2028, 2, 29))
    span = span_period(d(2026, 1, 5), d(2026, 2, 1))
    assert span.previous_year() == ("2025-01-05~2025-02-01", d(2025, 1, 5), d(2025, 2, 1))


def test_a_reversed_span_is_refused() -> None:
    with pytest.raises(InvalidInput):
        span_period(d(2026, 2, 1), d(2026, 1, 1))


def test_weeks_back_are_whole_iso_weeks_oldest_first() -> None:
    weeks = weeks_back(d(2026, 9, 30), 3)
    assert weeks == [
        (d(2026, 9, 14), d(2026, 9, 20)),
        (d(2026, 9, 21), d(2026, 9, 27)),
        (d(2026, 9, 28), d(2026, 10, 4)),
    ]


# --- rolling rules over a period --------------------------------------------------------


def test_rolling_obligations_chain_from_each_contact() -> None:
    # Supervised from 1 March; a phone talk every 10 days.
    supervision = Supervision([StatusEntry(1, "community_treatment", d(2026, 3, 1))], d(2026, 5, 1))
    contacts = [talk(d(2026, 3, 8)), talk(d(2026, 3, 18), 2), talk(d(2026, 4, 5), 3)]
    found = rolling_obligations_between(
        PHONE_TALK_10, supervision, contacts, d(2026, 3, 1), d(2026, 4, 30), d(2026, 5, 1)
    )
    assert [(o.window_start, o.window_end, o.state) for o in found] == [
        # From the start of supervision: due 10 days on, kept on 8 March.
        (d(2026, 3, 1), d(2026, 3, 11), "kept"),
        (d(2026, 3, 8), d(2026, 3, 18), "kept"),  # kept on its last day
        (d(2026, 3, 18), d(2026, 3, 28), "missed"),  # nobody called until 5 April
        (d(2026, 4, 5), d(2026, 4, 15), "missed"),  # the call of 5 April starts the next
        # ... and nothing since: one missed obligation, then overdue, not one per 10 days.
    ]


def test_rolling_obligations_keep_only_deadlines_in_the_period() -> None:
    supervision = Supervision([StatusEntry(1, "community_treatment", d(2026, 3, 1))], d(2026, 5, 1))
    contacts = [talk(d(2026, 3, 8)), talk(d(2026, 3, 18), 2)]
    found = rolling_obligations_between(
        PHONE_TALK_10, supervision, contacts, d(2026, 3, 12), d(2026, 3, 31), d(2026, 5, 1)
    )
    assert [o.window_end for o in found] == [d(2026, 3, 18), d(2026, 3, 28)]


def test_paused_days_push_a_rolling_deadline_back() -> None:
    # Detained 5 to 9 March (5 days): the deadline moves from 11 to 16 March.
    history = [
        StatusEntry(1, "community_treatment", d(2026, 3, 1)),
        StatusEntry(2, "detained", d(2026, 3, 5)),
        StatusEntry(3, "community_treatment", d(2026, 3, 10)),
    ]
    supervision = Supervision(history, d(2026, 5, 1))
    found = rolling_obligations_between(
        PHONE_TALK_10,
        supervision,
        [talk(d(2026, 3, 15))],
        d(2026, 3, 1),
        d(2026, 3, 20),
        d(2026, 5, 1),
    )
    assert [(o.window_end, o.state) for o in found] == [(d(2026, 3, 16), "kept")]


def test_an_open_rolling_obligation_is_open_until_its_deadline() -> None:
    supervision = Supervision([StatusEntry(1, "community_treatment", d(2026, 3, 1))], d(2026, 3, 5))
    found = rolling_obligations_between(
        PHONE_TALK_10, supervision, [], d(2026, 3, 1), d(2026, 3, 31), d(2026, 3, 5)
    )
    assert [(o.window_end, o.state) for o in found] == [(d(2026, 3, 11), "open")]


def test_weekly_obligations_of_a_month_are_those_whose_sunday_is_in_it() -> None:
    supervision = Supervision(
        [StatusEntry(1, "community_treatment", d(2026, 9, 1))], d(2026, 11, 29)
    )
    found = obligations_between(
        MEET, supervision, [], d(2026, 10, 1), d(2026, 10, 31), d(2026, 11, 29)
    )
    # October 2026: Sundays 4, 11, 18, 25; the week of 26 October ends on 1 November.
    assert [o.window_end for o in found] == [d(2026, 10, day) for day in (4, 11, 18, 25)]
    assert {o.state for o in found} == {"missed"}
