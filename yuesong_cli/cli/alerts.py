"""``yuesong alerts``: every warning for the township, most severe first (预警)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any

import typer

from yuesong_cli.alertlist import alert_list
from yuesong_cli.alerts import SEVERITY_ORDER, Alert
from yuesong_cli.cli.context import AppContext, app_context
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.messages import CATALOG, t
from yuesong_cli.render import Column
from yuesong_cli.store import Store

# Exit code of --fail-if when an alert of that severity (or worse) exists; as for due.
EXIT_ALERTS = 3

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


class Severity(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


def alerts(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option(help="The day to answer for (default today).")
    ] = None,
    fail_if: Annotated[
        Severity | None,
        typer.Option(help="Exit 3 when an alert of this severity or a worse one exists."),
    ] = None,
    fmt: FormatOption = None,
) -> None:
    """Every warning for the township, most severe first (预警)."""
    obj = app_context(ctx)
    store = obj.store()
    day = obj.date(as_of, obj.today())
    assert day is not None
    found = alert_list(store, day)
    rows = alert_rows(obj, store, found)
    counts = {severity: sum(a.severity == severity for a in found) for severity in SEVERITY_ORDER}
    obj.renderer(fmt).rows(
        rows,
        SCREEN_COLUMNS,
        title=t("alerts.title", obj.lang, township=store.setting("township"), day=day.isoformat()),
        headline=t("alerts.headline", obj.lang, total=len(found), **counts),
        style=_severity_style,
        machine_columns=MACHINE_COLUMNS,
    )
    if fail_if is not None and any(
        SEVERITY_ORDER[a.severity] <= SEVERITY_ORDER[fail_if.value] for a in found
    ):
        raise typer.Exit(EXIT_ALERTS)


def alert_rows(obj: AppContext, store: Store, found: list[Alert]) -> list[dict[str, Any]]:
    """Rows for the renderer: names and villages from the register, details in words."""
    people = store.person_labels(sorted({a.person_id for a in found}))
    rule_names = {
        row["rule"]: row["name_zh"] if obj.lang == "zh" else row["name_en"]
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
                "kind_label": t(f"alert.kind.{alert.kind}", obj.lang),
                "severity": alert.severity,
                "severity_label": t(f"severity.{alert.severity}", obj.lang),
                "since": alert.since.isoformat(),
                "detail": _detail(alert, obj.lang, rule_names),
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


def _severity_style(row: Mapping[str, Any]) -> str | None:
    return {"high": "bold red", "medium": "yellow"}.get(row["severity"])
