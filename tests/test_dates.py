"""Dates typed on the command line (docs/commands.md "Dates in")."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yuesong_cli.domain.dates import iso, parse_date
from yuesong_cli.domain.text import echo_safe
from yuesong_cli.errors import InvalidDate

TODAY = dt.date(2026, 3, 15)
NEW_YEAR = dt.date(2026, 1, 1)
LEAP_DAY_AFTER = dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("2026-03-05", TODAY, dt.date(2026, 3, 5)),
        ("2025-12-31", TODAY, dt.date(2025, 12, 31)),
        ("2027-01-01", TODAY, dt.date(2027, 1, 1)),  # the future is the caller's rule
        ("2026-3-5", TODAY, dt.date(2026, 3, 5)),
        ("2026/03/05", TODAY, dt.date(2026, 3, 5)),
        ("2026/3/5", TODAY, dt.date(2026, 3, 5)),
        ("20260305", TODAY, dt.date(2026, 3, 5)),
        ("03-05", TODAY, dt.date(2026, 3, 5)),
        ("3-5", TODAY, dt.date(2026, 3, 5)),
        ("12-31", NEW_YEAR, dt.date(2026, 12, 31)),  # MM-DD is this year, even if later
        ("01-01", NEW_YEAR, dt.date(2026, 1, 1)),
        ("today", TODAY, TODAY),
        ("Today", TODAY, TODAY),
        ("TODAY", TODAY, TODAY),
        ("今天", TODAY, TODAY),
        ("yesterday", TODAY, dt.date(2026, 3, 14)),
        ("昨天", TODAY, dt.date(2026, 3, 14)),
        ("前天", TODAY, dt.date(2026, 3, 13)),
        ("yesterday", NEW_YEAR, dt.date(2025, 12, 31)),
        ("前天", NEW_YEAR, dt.date(2025, 12, 30)),
        ("-0", TODAY, TODAY),
        ("-1", TODAY, dt.date(2026, 3, 14)),
        ("-14", TODAY, dt.date(2026, 3, 1)),
        ("-1", NEW_YEAR, dt.date(2025, 12, 31)),
        ("-365", NEW_YEAR, dt.date(2025, 1, 1)),
        ("-366", NEW_YEAR, dt.date(2024, 12, 31)),
        ("-1", LEAP_DAY_AFTER, dt.date(2024, 2, 29)),
        ("-1", dt.date(2026, 3, 1), dt.date(2026, 2, 28)),
        ("-007", TODAY, dt.date(2026, 3, 8)),
        ("  2026-03-05\n", TODAY, dt.date(2026, 3, 5)),
        (" 昨天 ", TODAY, dt.date(2026, 3, 14)),
        ("２０２６－０３－０５", TODAY, dt.date(2026, 3, 5)),  # full-width input method
        ("－１", TODAY, dt.date(2026, 3, 14)),
    ],
)
def test_parse_date(text: str, today: dt.date, expected: dt.date) -> None:
    assert parse_date(text, today) == expected


def test_leap_day() -> None:
    assert parse_date("2024-02-29", TODAY) == dt.date(2024, 2, 29)
    assert parse_date("02-29", dt.date(2024, 6, 1)) == dt.date(2024, 2, 29)
    assert parse_date("20240229", TODAY) == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("2026-02-29", TODAY),
        ("02-29", TODAY),
        ("2-29", dt.date(2026, 12, 31)),
        ("20260229", TODAY),
        ("2026/02/29", TODAY),
        ("2100-02-29", TODAY),  # divisible by 100, not by 400
        ("2026-02-30", TODAY),
        ("2026-04-31", TODAY),
        ("2026-13-01", TODAY),
        ("2026-00-10", TODAY),
        ("2026-01-00", TODAY),
        ("0000-01-01", TODAY),
        ("13-01", TODAY),
        ("-740000", TODAY),  # before 0001-01-01
        ("-9999999999", TODAY),  # beyond what a timedelta holds
    ],
)
def test_nonexistent_date(text: str, today: dt.date) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date(text, today)
    assert caught.value.key == "error.date.nonexistent"
    assert caught.value.params == {"text": echo_safe(text)}


def test_days_ago_with_more_digits_than_int_reads() -> None:
    text = "-" + "9" * 5000
    with pytest.raises(InvalidDate) as caught:
        parse_date(text, TODAY)
    assert caught.value.key == "error.date.nonexistent"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "tomorrow",
        "明天",
        "2026-03",
        "2026-003-05",
        "26-03-05",
        "2026/03-05",  # mixed separators
        "03/05",  # day/month or month/day: not guessed
        "05.03.2026",
        "2026.03.05",
        "202635",
        "202603051",
        "+1",
        "1",
        "-",
        "- 1",
        "-1.5",
        "--1",
        "2026-03-05T10:00",
        "2026-٠٣-٠٥",  # Arabic-Indic digits
    ],
)
def test_invalid_date(text: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date(text, TODAY)
    assert caught.value.key == "error.date.invalid"
    assert caught.value.params == {"text": echo_safe(text)}


def test_error_text_is_trimmed() -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date("  2026-02-30 ", TODAY)
    assert caught.value.params == {"text": "2026-02-30"}


def test_iso() -> None:
    assert iso(None) is None
    assert iso(dt.date(2026, 3, 5)) == "2026-03-05"
    assert iso(dt.date(999, 1, 2)) == "0999-01-02"
    assert iso(dt.datetime(2026, 3, 5, 23, 59)) == "2026-03-05"


@given(st.dates(), st.dates())
def test_iso_round_trips(day: dt.date, today: dt.date) -> None:
    text = iso(day)
    assert text is not None
    assert parse_date(text, today) == day
    assert parse_date(text.replace("-", ""), today) == day
    assert parse_date(text.replace("-", "/"), today) == day


@given(st.dates(min_value=dt.date(1900, 1, 1)), st.integers(min_value=0, max_value=100_000))
def test_days_ago(today: dt.date, days: int) -> None:
    assert parse_date(f"-{days}", today) == today - dt.timedelta(days=days)


@given(st.dates())
def test_month_day_is_in_the_year_of_today(today: dt.date) -> None:
    assert parse_date(f"{today:%m-%d}", today) == today
    assert parse_date("01-01", today) == dt.date(today.year, 1, 1)


@pytest.mark.parametrize(
    ("typed", "echoed"),
    [
        ("2026-02-30", "2026-02-30"),
        ("tomorrow", "tomorrow"),
        ("13812345678", "…"),  # a phone typed into a date
        ("53082919900101123X", "…"),  # an ID number
        ("20260229", "…"),  # eight digits in a row could be part of either
    ],
)
def test_errors_repeat_a_typed_value_only_when_it_cannot_be_personal(
    typed: str, echoed: str
) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date(typed, TODAY)
    assert caught.value.params["text"] == echoed
