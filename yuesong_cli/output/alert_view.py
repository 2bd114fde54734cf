"""The alert list as rows: names and villages from the register, details in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.domain.alerts import Alert
from yuesong_cli.messages import CATALOG, t
from yuesong_cli.output.render import Column
from yuesong_cli.store.db import Store

SCREEN_COLUMNS = (
    Column("severity_label", "col.severity"),
    Column("kind_label", "col.alert"),
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("village", "col.village"),
    Column("since", "col.since", "date"),
    Column("detail", "col.detail"),
)
MACHINE_COLUMNS = (
    Column("person_id", "col.person_id", "number"),
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("village", "col.village"),
    Column("kind", "col.alert"),
    Column("severity", "col.severity"),
    Column("since", "col.since", "date"),
    Column("detail", "col.detail"),
)


def alert_rows(lang: str, store: Store, found: Sequence[Alert]) -> list[dict[str, Any]]:
    """Rows for the renderer: names and villages from the register, details in words."""
    people = store.person_labels(sorted({a.person_id for a in found}))
    rule_names = {
        row["rule"]: row["name_zh"] if lang == "zh" else row["name_en"]
        for plan in store.plans()
        for row in store.plan_rule_rows(plan["key"])
    }
    rows = []
    for alert in found:
        person = people.get(alert.person_id, {})
        rows.append(
            {
                "person_id": alert.person_id,
                "case_no": alert.case_no,
                "name": person.get("name"),
                "village": person.get("village"),
                "kind": alert.kind,
                "kind_label": t(f"alert.kind.{alert.kind}", lang),
                "severity": alert.severity,
                "severity_label": t(f"severity.{alert.severity}", lang),
                "since": alert.since.isoformat(),
                "detail": _detail(alert, lang, rule_names),
            }
        )
    return rows


def _detail(alert: Alert, lang: str, rule_names: dict[str, str]) -> str:
    params: dict[str, Any] = dict(alert.params)
    if "rule" in params:
        params["rule"] = rule_names.get(str(params["rule"]), params["rule"])
    if "fields" in params:
        names = [name.strip() for name in str(params["fields"]).split(",") if name.strip()]
        labels = [_field_label(name, lang) for name in names]
        params["fields"] = ("、" if lang == "zh" else ", ").join(labels)
    return t(alert.detail_key, lang, **params)


def _field_label(name: str, lang: str) -> str:
    key = {"village_group": "col.group", "risk_level": "col.risk"}.get(name, f"col.{name}")
    return t(key, lang) if key in CATALOG else name


def severity_style(row: Mapping[str, Any]) -> str | None:
    return {"high": "bold red", "medium": "yellow"}.get(row["severity"])
