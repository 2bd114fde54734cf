"""A plan's rules as ``plan show`` reads and shows them (ledger/plans.py,
output/plan_view.py), without the command-line runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from yuesong_cli.domain.obligations import DEFAULT_PLAN, PlanRule, Rule
from yuesong_cli.errors import NotFound
from yuesong_cli.ledger.plans import plan_rules
from yuesong_cli.output.plan_view import kept_by_text, plan_rows, rule_rows, tiers_text
from yuesong_cli.store.db import Store


def test_a_new_ledgers_plan_reads_back_as_the_default_plan(tmp_path: Path) -> None:
    store = Store(tmp_path / "plans.db", create=True)
    try:
        assert plan_rules(store, "five_to_one") == list(DEFAULT_PLAN.rules)
        with pytest.raises(NotFound):
            plan_rules(store, "no_such_plan")
    finally:
        store.close()


def test_each_rule_says_its_schedule_and_what_keeps_it() -> None:
    rows = rule_rows(DEFAULT_PLAN.rules, "en")
    assert [(r["rule"], r["name"], r["schedule"], r["period"]) for r in rows] == [
        ("meet", "meet weekly", "calendar", "week"),
        ("talk", "talk every half-month", "calendar", "half_month"),
        ("visit", "home visit monthly", "calendar", "month"),
        ("report", "report quarterly", "calendar", "quarter"),
        ("urine", "urine tests", "tiered", None),
    ]
    assert [r["kept_by"] for r in rows] == [
        "any contact · in person",
        "talk",
        "visit · in person",
        "report",
        "urine · negative, positive",
    ]
    assert rows[4]["tiers"] == "community treatment 1/2/3, community rehabilitation 2/3/6"
    assert rows[0]["tiers"] == ""


def test_the_words_follow_the_language() -> None:
    urine = DEFAULT_PLAN.rules[4]
    row = rule_rows([urine], "zh")[0]
    assert row["name"] == "定期尿检"
    assert row["tiers"] == "社区戒毒 1/2/3、社区康复 2/3/6"
    assert row["kept_by"] == "尿检 · 阴性、阳性"


def test_a_rolling_rule_kept_by_any_contact() -> None:
    rolling = Rule("call", "rolling", every_days=10, modes=frozenset({"phone", "video"}))
    assert kept_by_text(rolling, "en") == "any contact · phone, video"
    assert tiers_text(rolling, "en") == ""
    row = rule_rows([PlanRule(rolling, "电话", "call")], "en")[0]
    assert (row["every_days"], row["name"]) == (10, "call")


def test_plans_are_named_in_the_language() -> None:
    plans = [{"key": "away", "name_zh": "外出务工", "name_en": "away", "rules": 5, "persons": 2}]
    assert plan_rows(plans, "zh")[0]["name"] == "外出务工"
    assert plan_rows(plans, "en")[0] == {**plans[0], "name": "away"}
