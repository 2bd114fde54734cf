"""The due list as a page, from plain values: each item in words, the colour of its
urgency (tied to the alert thresholds), the sections and the headline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from yuesong_cli.domain.alerts import STREAK_WARN
from yuesong_cli.ledger.due_report import DueReport
from yuesong_cli.ledger.duelist import DayObligations
from yuesong_cli.output.due_view import due_page, screen_row, urgency_style

COUNTS = {"overdue": 1, "due_today": 1, "due_week": 2, "missed": 1, "done": 0, "items": 3}


def row(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "case_no": "YS-0001",
        "village": "岳宋村",
        "helper": "杨涛",
        "rule": "meet",
        "rule_name_zh": "一周一见面",
        "rule_name_en": "weekly meeting",
        "status": "due",
        "window_start": "2026-11-23",
        "window_end": "2026-11-29",
        "days_left": 3,
        "last_kept": None,
        "missed_streak": 0,
    }
    return base | fields


def report(rows: list[dict[str, Any]], high: int | None) -> DueReport:
    obligations = DayObligations(dt.date(2026, 11, 29), 2, rows, COUNTS)
    return DueReport("岳宋乡", obligations, high)


@pytest.mark.parametrize(
    ("fields", "when"),
    [
        ({"status": "overdue", "days_left": -2}, "2 days overdue"),
        ({"status": "overdue", "days_left": -1}, "1 day overdue"),
        ({"status": "done", "days_left": 1}, "done"),
        ({"days_left": 0}, "due today"),
        ({"days_left": 3}, "3 days left"),
    ],
)
def test_an_item_says_when_it_is_due(fields: dict[str, Any], when: str) -> None:
    shown = screen_row(row(**fields), "en")
    assert shown["when"] == when
    assert shown["rule_name"] == "weekly meeting"
    assert shown["window"] == "2026-11-23~2026-11-29"


def test_a_streak_is_said_only_when_there_is_one() -> None:
    assert screen_row(row(missed_streak=3), "zh")["streak"] == "连漏 3 次"
    assert screen_row(row(), "zh")["streak"] == ""


def test_red_from_the_streak_the_alerts_warn_of_yellow_below_it() -> None:
    assert urgency_style(row(missed_streak=STREAK_WARN)) == "bold red"
    assert urgency_style(row(missed_streak=STREAK_WARN + 3)) == "bold red"
    assert urgency_style(row(missed_streak=STREAK_WARN - 1)) == "yellow"
    assert urgency_style(row(status="overdue", days_left=-1)) == "bold red"
    assert urgency_style(row(status="done")) == "dim green"
    assert urgency_style(row(days_left=0)) == "bold"
    assert urgency_style(row()) is None


def test_the_headline_carries_the_high_alerts_only_when_counted() -> None:
    counted = due_page(report([row()], 5), "en")
    assert counted.title == "岳宋乡 due list 2026-11-29"
    assert counted.headline.endswith(" · 5 high alerts")
    assert counted.headline.startswith("2 under supervision · 1 overdue · 1 due today")
    assert due_page(report([row()], None), "en").headline == counted.headline.removesuffix(
        " · 5 high alerts"
    )


def test_sections_by_village_in_order_with_the_unassigned_under_their_own_name() -> None:
    rows = [row(village="曼亨村"), row(village=None), row(village="曼亨村"), row(village="岳宋村")]
    page = due_page(report(rows, None), "zh", "village")
    assert [(title, len(items)) for title, items in page.sections] == [
        ("【岳宋村】1 项", 1),
        ("【曼亨村】2 项", 2),
        ("【（未指定）】1 项", 1),
    ]
    (only,) = due_page(report(rows, None), "zh").sections
    assert only[0] is None
    assert len(only[1]) == 4
