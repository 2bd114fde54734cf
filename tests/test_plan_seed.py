"""The default plan is defined once (obligations.DEFAULT_PLAN); migration m004 wrote it as
SQL and shipped, so it cannot be made to read the definition. These tests hold the seed
of a fresh database equal to the definition, field by field, so the two cannot drift."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import register_in

from yuesong_cli.domain.lifecycle import TREATMENT_YEARS, add_years
from yuesong_cli.domain.obligations import (
    DEFAULT_PLAN,
    FIVE_TO_ONE,
    Term,
    calendar_window,
    tiered_window,
)
from yuesong_cli.ledger.sample import (
    calendar_month,
    calendar_quarter,
    half_month,
    iso_week,
    urine_windows,
)
from yuesong_cli.store.db import Store
from yuesong_cli.store.plans import rule_from_row

RULES = {rule.key: rule for rule in FIVE_TO_ONE}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return Store(tmp_path_factory.mktemp("seed") / "fresh.db", create=True)


def test_the_seeded_plan_is_the_default_plan(fresh: Store) -> None:
    assert fresh.plans() == [
        {
            "key": DEFAULT_PLAN.key,
            "name_zh": DEFAULT_PLAN.name_zh,
            "name_en": DEFAULT_PLAN.name_en,
            "rules": len(DEFAULT_PLAN.rules),
            "persons": 0,
        }
    ]


def test_the_seeded_rules_are_the_default_rules_with_their_names_in_order(fresh: Store) -> None:
    rows = fresh.plan_rule_rows(DEFAULT_PLAN.key)
    seeded = [(row["position"], rule_from_row(row), row["name_zh"], row["name_en"]) for row in rows]
    defined = [
        (position, named.rule, named.name_zh, named.name_en)
        for position, named in enumerate(DEFAULT_PLAN.rules, start=1)
    ]
    assert seeded == defined


def test_each_seeded_field_matches_one_by_one(fresh: Store) -> None:
    """Rule equality, spelled out per field: a failure names the field that drifted."""
    rows = {row["rule"]: row for row in fresh.plan_rule_rows(DEFAULT_PLAN.key)}
    assert list(rows) == [rule.key for rule in FIVE_TO_ONE]
    for rule in FIVE_TO_ONE:
        row = rows[rule.key]
        assert row["schedule"] == rule.schedule, rule.key
        assert row["period"] == rule.period, rule.key
        assert row["every_days"] == rule.every_days, rule.key
        tiers = json.loads(row["tiers"]) if row["tiers"] else {}
        assert {k: tuple(v) for k, v in tiers.items()} == dict(rule.tiers), rule.key
        assert set(filter(None, row["kinds"].split(","))) == rule.kinds, rule.key
        assert set(filter(None, row["modes"].split(","))) == rule.modes, rule.key
        assert set(filter(None, row["results"].split(","))) == rule.results, rule.key


def test_a_drifted_definition_would_be_caught(fresh: Store) -> None:
    """The comparison can fail: a definition with one window changed is not the seed."""
    seeded = [rule_from_row(row) for row in fresh.plan_rule_rows(DEFAULT_PLAN.key)]
    drifted = [
        dataclasses.replace(rule, period="month") if rule.key == "meet" else rule
        for rule in FIVE_TO_ONE
    ]
    assert seeded == list(FIVE_TO_ONE)
    assert seeded != drifted


def test_a_person_registered_without_a_plan_gets_the_default_plan(tmp_path: Path) -> None:
    store = Store(tmp_path / "one.db", create=True)
    person_id = register_in(store, "张三")
    assert store.person(person_id)["plan"] == DEFAULT_PLAN.key
    assert store.plan_rules(DEFAULT_PLAN.key) == list(FIVE_TO_ONE)


@pytest.mark.parametrize("status", ["community_treatment", "community_rehab"])
def test_the_sample_tests_in_the_windows_of_the_default_plan(status: str) -> None:
    """The sample's urine windows are those the obligation model derives from the plan."""
    start = dt.date(2025, 1, 31)
    steps = RULES["urine"].tiers[status]
    term = Term(status, start, None)
    day, expected = start, []
    while day < add_years(start, TREATMENT_YEARS):
        window = tiered_window(steps, term, day)
        expected.append(window)
        day = window[1] + dt.timedelta(days=1)
    assert urine_windows(status, start) == expected


def test_the_sample_meets_talks_visits_and_reports_in_the_plans_periods() -> None:
    day = dt.date(2026, 11, 29)
    assert iso_week(day) == calendar_window(RULES["meet"].period or "", day)
    assert half_month(day) == calendar_window(RULES["talk"].period or "", day)
    assert calendar_month(day) == calendar_window(RULES["visit"].period or "", day)
    assert calendar_quarter(day) == calendar_window(RULES["report"].period or "", day)
