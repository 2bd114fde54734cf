"""Dates typed on the command line (docs/commands.md "Dates in")."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
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
        ("12-31", NEW_YEAR, dt.date(2025, 12, 31)),  # near New Year: last December
        ("01-01", NEW_YEAR, dt.date(2026, 1, 1)),
        ("01-31", NEW_YEAR, dt.date(2026, 1, 31)),  # 30 days ahead: this year's
        ("02-01", NEW_YEAR, dt.date(2026, 2, 1)),  # 31 days ahead, the last kept ahead
        ("02-02", NEW_YEAR, dt.date(2025, 2, 2)),  # 32 days ahead: last year's
        ("12-30", dt.date(2026, 1, 2), dt.date(2025, 12, 30)),  # the example
        ("01-05", dt.date(2026, 12, 20), dt.date(2027, 1, 5)),  # the coming January
        ("03-05", dt.date(2026, 11, 29), dt.date(2026, 3, 5)),  # this spring, late in the year
        ("04-20", TODAY, dt.date(2025, 4, 20)),  # 36 days ahead: a year back
        ("2026/11/02", TODAY, dt.date(2026, 11, 2)),
        ("2026.11.02", TODAY, dt.date(2026, 11, 2)),
        ("2026.3.5", TODAY, dt.date(2026, 3, 5)),
        ("2026年11月2日", TODAY, dt.date(2026, 11, 2)),
        ("2026年11月2号", TODAY, dt.date(2026, 11, 2)),
        ("2026年3月5", TODAY, dt.date(2026, 3, 5)),
        ("3月5日", TODAY, dt.date(2026, 3, 5)),
        ("03月05日", TODAY, dt.date(2026, 3, 5)),
        ("3月5号", TODAY, dt.date(2026, 3, 5)),
        ("3/5", TODAY, dt.date(2026, 3, 5)),  # month first, as written in China
        ("03/05", TODAY, dt.date(2026, 3, 5)),
        ("3.5", TODAY, dt.date(2026, 3, 5)),
        ("03.05", TODAY, dt.date(2026, 3, 5)),
        ("１１月２日", dt.date(2026, 11, 29), dt.date(2026, 11, 2)),  # full-width digits
        ("２０２６年１１月２日", TODAY, dt.date(2026, 11, 2)),
        ("２０２６．１１．０２", TODAY, dt.date(2026, 11, 2)),
        ("１１／０２", dt.date(2026, 11, 29), dt.date(2026, 11, 2)),
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
        ("13/01", TODAY),
        ("2月30日", TODAY),
        ("2026年2月29日", TODAY),
        ("2026.02.29", TODAY),
        ("0.5", TODAY),
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
        "2026.03/05",
        "3/5.",
        "05.03.2026",  # day first: not read
        "05/03/2026",
        "3-5-",
        "2026年",
        "2026年11月",
        "11月",
        "月2日",
        "11月2日日",
        "2026-11-02日",
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
    assert caught.value.key == "error.date.unreadable"
    assert caught.value.params == {"text": echo_safe(text), "days": 31}


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


def _forms_with_year(day: dt.date) -> list[str]:
    y, m, d = day.year, day.month, day.day
    return [
        f"{y:04d}-{m:02d}-{d:02d}",
        f"{y:04d}-{m}-{d}",
        f"{y:04d}/{m:02d}/{d:02d}",
        f"{y:04d}/{m}/{d}",
        f"{y:04d}.{m:02d}.{d:02d}",
        f"{y:04d}.{m}.{d}",
        f"{y:04d}{m:02d}{d:02d}",
        f"{y:04d}年{m}月{d}日",
        f"{y:04d}年{m:02d}月{d:02d}号",
    ]


def _forms_without_year(day: dt.date) -> list[str]:
    m, d = day.month, day.day
    return [
        f"{m:02d}-{d:02d}",
        f"{m}-{d}",
        f"{m:02d}/{d:02d}",
        f"{m}/{d}",
        f"{m:02d}.{d:02d}",
        f"{m}.{d}",
        f"{m}月{d}日",
        f"{m:02d}月{d:02d}号",
    ]


def _full_width(text: str) -> str:
    """As a Chinese input method in full-width mode types it."""
    return text.translate({c: c + 0xFEE0 for c in range(ord("!"), ord("~") + 1)})


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.dates())
def test_every_form_with_the_year_reads_back(day: dt.date, today: dt.date) -> None:
    for text in _forms_with_year(day):
        assert parse_date(text, today) == day, text
        assert parse_date(_full_width(text), today) == day, text
        assert parse_date(f"  {text} ", today) == day, text


# Leap years aside, a day typed without its year is read back from 333 days before today to
# 31 days after it; 330 keeps clear of the 366-day year.
@given(
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(9998, 1, 1)),
    st.integers(min_value=-330, max_value=31),
)
def test_every_form_without_the_year_reads_back_near_today(today: dt.date, offset: int) -> None:
    day = today + dt.timedelta(days=offset)
    for text in _forms_without_year(day):
        assert parse_date(text, today) == day, text
        assert parse_date(_full_width(text), today) == day, text


@given(
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(9998, 1, 1)),
    st.integers(min_value=32, max_value=364),
)
def test_a_day_further_ahead_is_last_years(today: dt.date, offset: int) -> None:
    ahead = today + dt.timedelta(days=offset)
    if ahead.month == 2 and ahead.day == 29:
        return  # last year has no such day
    assert parse_date(f"{ahead:%m-%d}", today) == ahead.replace(year=ahead.year - 1)


@given(
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(9998, 1, 1)),
    st.integers(min_value=0, max_value=183),
)
def test_not_before_reads_the_first_such_day_on_or_after_it(start: dt.date, offset: int) -> None:
    """Within half a year of the span's start: the end typed without a year."""
    day = start + dt.timedelta(days=offset)
    for text in _forms_without_year(day):
        assert parse_date(text, dt.date(1950, 6, 1), not_before=start) == day, text


@given(
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(9998, 1, 1)),
    st.integers(min_value=190, max_value=364),
)
@example(start=dt.date(1999, 5, 1), offset=304)  # 2000-02-29, read near 1950: no such day
def test_an_end_more_than_half_a_year_on_is_read_as_any_date(start: dt.date, offset: int) -> None:
    """Further on, a slip (an end typed a day before the start) is not made a span of a
    year: the date is read as without not_before, and the caller refuses it."""
    day = start + dt.timedelta(days=offset)
    today = dt.date(1950, 6, 1)
    for text in _forms_without_year(day):
        assert _reading(text, today, not_before=start) == _reading(text, today), text


def _reading(text: str, today: dt.date, *, not_before: dt.date | None = None) -> object:
    """The date read, or the message key of the refusal (02-29 read in a common year)."""
    try:
        return parse_date(text, today, not_before=not_before)
    except InvalidDate as refused:
        return refused.key


def test_not_before_an_end_of_a_span() -> None:
    # --until 06-30 from 1 March: the coming June, not the last one.
    march = dt.date(2026, 3, 1)
    assert parse_date("06-30", march, not_before=march) == dt.date(2026, 6, 30)
    assert parse_date("06-30", march) == dt.date(2025, 6, 30)
    # From 10 November until 11-09: a slip, read as last 9 November (refused by the caller).
    november = dt.date(2026, 11, 10)
    assert parse_date("11-09", november, not_before=november) == dt.date(2026, 11, 9)
    assert parse_date("01-15", dt.date(2026, 12, 20), not_before=dt.date(2026, 12, 20)) == (
        dt.date(2027, 1, 15)
    )
    # A full date is read as typed, whatever the start.
    assert parse_date("2026-01-01", TODAY, not_before=TODAY) == dt.date(2026, 1, 1)


def test_the_error_lists_every_accepted_form() -> None:
    from yuesong_cli.messages import t

    with pytest.raises(InvalidDate) as caught:
        parse_date("tomorrow", TODAY)
    for lang in ("zh", "en"):
        text = t(caught.value.key, lang, **caught.value.params)
        assert "tomorrow" in text
        for form in ("2026-11-02", "2026/11/02", "2026.11.02", "20261102", "2026年11月2日"):
            assert form in text, (lang, form)
        for form in ("11-02", "11/02", "11.02", "11月2日", "前天", "-N", "31"):
            assert form in text, (lang, form)
        for every_form in (_forms_with_year(dt.date(2026, 11, 2))[0], "11/02", "前天"):
            parse_date(every_form, TODAY)  # what the message offers is read
    assert "今天、昨天" in t(caught.value.key, "zh", **caught.value.params)
    assert "today, yesterday" in t(caught.value.key, "en", **caught.value.params)


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
