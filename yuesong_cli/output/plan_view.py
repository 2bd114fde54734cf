"""The plans and a plan's rules as shown: columns, and each rule's schedule, tiers and
what keeps it in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.domain import vocab
from yuesong_cli.domain.obligations import PlanRule, Rule
from yuesong_cli.messages import join, t
from yuesong_cli.output.render import Column

PLAN_COLUMNS = (
    Column("key", "col.plan"),
    Column("name", "col.plan_name"),
    Column("rules", "col.rules", "number"),
    Column("persons", "col.persons", "number"),
)
RULE_COLUMNS = (
    Column("rule", "col.rule"),
    Column("name", "col.rule_name"),
    Column("schedule", "col.schedule", "schedule"),
    Column("period", "col.period", "period"),
    Column("every_days", "col.every_days", "number"),
    Column("tiers", "col.tiers"),
    Column("kept_by", "col.kept_by"),
)


def plan_rows(plans: Sequence[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The store's plans with the name in ``lang``."""
    return [
        {**plan, "name": plan["name_zh"] if lang == "zh" else plan["name_en"]} for plan in plans
    ]


def rule_rows(rules: Sequence[PlanRule], lang: str) -> list[dict[str, Any]]:
    """A plan's rules, one row each: key, name, schedule, tiers and what keeps it."""
    return [
        {
            "rule": named.rule.key,
            "name": named.name_zh if lang == "zh" else named.name_en,
            "schedule": named.rule.schedule,
            "period": named.rule.period,
            "every_days": named.rule.every_days,
            "tiers": tiers_text(named.rule, lang),
            "kept_by": kept_by_text(named.rule, lang),
        }
        for named in rules
    ]


def tiers_text(rule: Rule, lang: str) -> str:
    """Months per window by year of term, per status: 社区戒毒 1/2/3."""
    return join(
        [
            f"{vocab.STATUS.label(status, lang)} {'/'.join(str(m) for m in steps)}"
            for status, steps in rule.tiers.items()
        ],
        lang,
    )


def kept_by_text(rule: Rule, lang: str) -> str:
    """The contact kinds (or any contact), modes and results that keep the rule."""
    parts = []
    kinds = [vocab.CONTACT_KIND.label(k, lang) for k in sorted(rule.kinds)]
    parts.append(join(kinds, lang) if kinds else t("plan.any_contact", lang))
    if rule.modes:
        parts.append(join([vocab.MODE.label(m, lang) for m in sorted(rule.modes)], lang))
    if rule.results:
        parts.append(join([vocab.URINE_RESULT.label(r, lang) for r in sorted(rule.results)], lang))
    return " · ".join(parts)
