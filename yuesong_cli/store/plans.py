"""Plans and their rules, stored as data (docs/model.md) and read back as the domain's rules."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from yuesong_cli.domain.obligations import Rule
from yuesong_cli.errors import Conflict, NotFound
from yuesong_cli.store.base import StoreBase


def rule_from_row(row: Mapping[str, Any]) -> Rule:
    tiers = json.loads(row["tiers"]) if row["tiers"] else {}
    return Rule(
        key=row["rule"],
        schedule=row["schedule"],
        period=row["period"],
        every_days=row["every_days"],
        tiers={status: tuple(steps) for status, steps in tiers.items()},
        kinds=_word_set(row["kinds"]),
        modes=_word_set(row["modes"]),
        results=_word_set(row["results"]),
    )


def rule_to_row(rule: Rule) -> dict[str, Any]:
    return {
        "rule": rule.key,
        "schedule": rule.schedule,
        "period": rule.period,
        "every_days": rule.every_days,
        "tiers": json.dumps({k: list(v) for k, v in rule.tiers.items()}) if rule.tiers else None,
        "kinds": ",".join(sorted(rule.kinds)),
        "modes": ",".join(sorted(rule.modes)),
        "results": ",".join(sorted(rule.results)),
    }


def _word_set(text: str | None) -> frozenset[str]:
    return frozenset(word for word in (text or "").split(",") if word)


class PlanStore(StoreBase):
    """Plans and rules."""

    # --- plans and rules ----------------------------------------------------------

    def plans(self) -> list[dict[str, Any]]:
        return self._query(
            """
                SELECT p.key, p.name_zh, p.name_en,
                       (SELECT COUNT(*) FROM plan_rules r WHERE r.plan = p.key) AS rules,
                       (SELECT COUNT(*) FROM persons s WHERE s.plan = p.key) AS persons
                FROM plans p ORDER BY p.rowid
                """
        )

    def plan_keys(self) -> list[str]:
        """Every plan's key, in the order the plans were made (``plans`` without the
        counts, which read the whole register)."""
        return [row[0] for row in self.conn.execute("SELECT key FROM plans ORDER BY rowid")]

    def plan_rule_rows(self, plan: str) -> list[dict[str, Any]]:
        self._check_plan(plan)
        return self._query(
            "SELECT * FROM plan_rules WHERE plan = ? ORDER BY position, rule", [plan]
        )

    def plan_rules(self, plan: str) -> list[Rule]:
        return [rule_from_row(row) for row in self.plan_rule_rows(plan)]

    def add_plan(self, key: str, name_zh: str, name_en: str, copy_from: str | None) -> None:
        if copy_from:
            self._check_plan(copy_from)
        if self.conn.execute("SELECT 1 FROM plans WHERE key = ?", (key,)).fetchone():
            raise Conflict("error.plan.exists", plan=key)
        with self.transaction():
            self.conn.execute(
                "INSERT INTO plans (key, name_zh, name_en) VALUES (?, ?, ?)",
                (key, name_zh, name_en),
            )
            self.audit("insert", "plans", None, ["key", "name_zh", "name_en"], note=key)
            if copy_from:
                self.conn.execute(
                    "INSERT INTO plan_rules (plan, rule, position, name_zh, name_en, schedule,"
                    " period, every_days, tiers, kinds, modes, results)"
                    " SELECT ?, rule, position, name_zh, name_en, schedule, period, every_days,"
                    " tiers, kinds, modes, results FROM plan_rules WHERE plan = ?",
                    (key, copy_from),
                )
                self.audit("insert", "plan_rules", None, ["copied"], note=f"{key}<-{copy_from}")

    def set_rule(self, plan: str, rule: Rule, name_zh: str, name_en: str) -> None:
        """Add a rule to a plan, or replace the rule of that key."""
        self._check_plan(plan)
        row = rule_to_row(rule)
        with self.transaction():
            (position,) = self.conn.execute(
                "SELECT COALESCE((SELECT position FROM plan_rules WHERE plan = ? AND rule = ?),"
                " (SELECT COALESCE(MAX(position), 0) + 1 FROM plan_rules WHERE plan = ?))",
                (plan, rule.key, plan),
            ).fetchone()
            self.conn.execute(
                "INSERT OR REPLACE INTO plan_rules (plan, rule, position, name_zh, name_en,"
                " schedule, period, every_days, tiers, kinds, modes, results) VALUES"
                " (:plan, :rule, :position, :name_zh, :name_en, :schedule, :period,"
                " :every_days, :tiers, :kinds, :modes, :results)",
                {**row, "plan": plan, "position": position, "name_zh": name_zh, "name_en": name_en},
            )
            self.audit("update", "plan_rules", None, list(row), note=f"{plan}.{rule.key}")

    def remove_rule(self, plan: str, rule_key: str) -> None:
        self._check_plan(plan)
        with self.transaction():
            cursor = self.conn.execute(
                "DELETE FROM plan_rules WHERE plan = ? AND rule = ?", (plan, rule_key)
            )
            if cursor.rowcount == 0:
                raise NotFound("error.rule.unknown", rule=rule_key, plan=plan)
            self.audit("delete", "plan_rules", None, ["rule"], note=f"{plan}.{rule_key}")
