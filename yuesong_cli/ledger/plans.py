"""A plan's rules as the domain reads them (domain/obligations.PlanRule: the rule and its
names), what ``plan show`` shows."""

from __future__ import annotations

from yuesong_cli.domain.obligations import PlanRule
from yuesong_cli.store.db import Store
from yuesong_cli.store.plans import rule_from_row


def plan_rules(store: Store, plan: str) -> list[PlanRule]:
    """The rules of ``plan`` in the plan's order, with their names (NotFound for an
    unknown plan)."""
    return [
        PlanRule(rule_from_row(row), row["name_zh"], row["name_en"])
        for row in store.plan_rule_rows(plan)
    ]
