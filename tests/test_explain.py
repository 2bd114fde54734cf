"""``why`` in words, from plain values: each rule's explanation as a sentence, and the rows
and title it is shown with, without a database or the CLI runner."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from yuesong_cli.domain.obligations import UNREGISTERED, Contact, DueItem, Rule
from yuesong_cli.ledger.duelist import Explanation, PersonDue
from yuesong_cli.output.explain import not_active_line, reason, status_text, why_rows, why_title

d = dt.date
MEET = Rule(
    "meet",
    "calendar",
    period="week",
    kinds=frozenset({"meet"}),
    modes=frozenset({"in_person", "video"}),
)
REPORT = Rule("report", "rolling", every_days=30, kinds=frozenset({"report"}))
VISIT = Contact(7, d(2026, 11, 25), frozenset({"meet", "talk"}), "in_person")
PHONE = Contact(8, d(2026, 11, 24), frozenset({"meet"}), "phone")
KEPT_LATE = DueItem(
    "meet",
    "calendar",
    "done",
    d(2026, 11, 23),
    d(2026, 11, 29),
    4,
    d(2026, 11, 25),
    0,
    VISIT,
    True,
)
OVERDUE = DueItem(
    "meet", "calendar", "overdue", d(2026, 11, 16), d(2026, 11, 22), -1, d(2026, 10, 30), 3
)
ROLLING_TODAY = DueItem(
    "report", "rolling", "due", d(2026, 11, 10), d(2026, 12, 9), 0, d(2026, 11, 10), 0
)


def meet(item: DueItem | None, **fields: Any) -> Explanation:
    values: dict[str, Any] = {
        "kept_by": item.kept_by if item else None,
        "not_counted": [],
        "paused_days": 0,
        "window_days": 7,
    }
    values.update(fields)
    return Explanation(MEET, "一周一见面", "weekly meeting", item, **values)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            "已由 2026-11-25 的见面、谈话（当面）完成；该记录在截止日后补录；"
            "2026-11-24 的见面是电话，不算（须当面、视频）",
        ),
        (
            "en",
            "kept by the meet, talk (in person) on 2026-11-25; that record was entered after "
            "the deadline; the meet on 2026-11-24 was by phone, which does not count "
            "(in person, video only)",
        ),
    ],
)
def test_a_kept_rule_says_what_kept_it_and_what_did_not_count(lang: str, expected: str) -> None:
    explanation = meet(KEPT_LATE, not_counted=[(PHONE, "mode")])
    assert reason(explanation, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            "已逾期 1 天；本周期有 1 天不在社区管理期内（尚未开始、请假、羁押或已结束）；"
            "此前已连续漏做 3 次；上次完成于 2026-10-30",
        ),
        (
            "en",
            "1 day overdue; 1 day of this window was outside active supervision (not yet "
            "begun, leave, detention or ended); 3 windows missed before this one; "
            "last kept on 2026-10-30",
        ),
    ],
)
def test_an_overdue_rule_says_how_late_paused_days_the_streak_and_the_last_kept(
    lang: str, expected: str
) -> None:
    assert reason(meet(OVERDUE, paused_days=1), lang) == expected


def test_a_rolling_rule_says_its_count_and_deadline() -> None:
    explanation = Explanation(REPORT, "报告", "report", ROLLING_TODAY, None, [], 0, 30)
    assert reason(explanation, "en") == (
        "every 30 days, counted from 2026-11-10, deadline 2026-12-09; not kept yet, "
        "due today; last kept on 2026-11-10"
    )


def test_no_obligation_in_the_window_is_said_as_such() -> None:
    assert reason(meet(None), "zh") == "本周期没有应办事项（不在期限内）。"
    assert reason(meet(None), "en") == "No obligation in this window (outside a term)."


def due_row(item: DueItem) -> dict[str, Any]:
    return {
        "rule": item.rule,
        "rule_name_zh": "一周一见面",
        "rule_name_en": "weekly meeting",
        "status": item.status,
        "window_start": item.window_start.isoformat(),
        "window_end": item.window_end.isoformat(),
        "days_left": item.days_left,
        "last_kept": item.last_kept.isoformat() if item.last_kept else None,
        "missed_streak": item.missed_streak,
    }


def person_due(explanations: list[Explanation], rows: list[dict[str, Any]]) -> PersonDue:
    return PersonDue(
        {"case_no": "YS-0007"}, d(2026, 11, 29), "community_treatment", True, explanations, rows
    )


def test_each_rule_is_a_row_with_its_reason_and_rules_without_one_only_on_screen() -> None:
    urine = Explanation(Rule("urine", "calendar"), "尿检", "urine test", None, None, [], 0, 0)
    result = person_due([meet(OVERDUE), urine], [due_row(OVERDUE)])
    screen = why_rows(result, "en")
    assert [(r["rule_name"], r.get("when"), r.get("window")) for r in screen] == [
        ("weekly meeting", "1 day overdue", "2026-11-16~2026-11-22"),
        ("urine test", None, None),
    ]
    assert screen[1]["reason"] == "No obligation in this window (outside a term)."
    assert screen[0]["reason"] == reason(meet(OVERDUE), "en")
    machine = why_rows(result, "en", unobliged=False)
    assert [r["rule"] for r in machine] == ["meet"]


def test_the_title_names_the_status_or_its_absence() -> None:
    result = person_due([], [])
    assert why_title(result, "en") == (
        "YS-0007: each rule explained (2026-11-29, status: community treatment)"
    )
    assert status_text(UNREGISTERED, "zh") == "尚未登记"
    assert status_text(None, "en") == "no status recorded"
    assert not_active_line(person_due([], []), "en").startswith(
        "Not under active supervision that day (community treatment)"
    )
