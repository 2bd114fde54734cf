"""The alerts as a page: rows with the names and villages the ledger gathered, details in
words, and the counts by severity."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from yuesong_cli.domain import vocab
from yuesong_cli.domain.alerts import SEVERITIES, Alert
from yuesong_cli.ledger.alertlist import AlertLabels, AlertReport
from yuesong_cli.messages import t
from yuesong_cli.output.person_view import field_label
from yuesong_cli.output.render import Column

# On a narrow screen the village goes; the alert's name and its detail wrap (the detail
# stays the wider: it says what to do).
SCREEN_COLUMNS = (
    Column("severity_label", "col.severity"),
    Column("kind_label", "col.alert", wrap_to=10),
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("village", "col.village", drop_order=1),
    Column("since", "col.since", "date"),
    Column("detail", "col.detail", wrap_to=20),
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


class AlertsPage(NamedTuple):
    """What ``yuesong alerts`` prints: a title, a headline of counts, and the rows."""

    title: str
    headline: str
    rows: list[dict[str, Any]]


def alerts_page(report: AlertReport, lang: str) -> AlertsPage:
    """The township's alerts as a page: counts by severity over the rows."""
    found = report.alerts
    counts = {severity: sum(a.severity == severity for a in found) for severity in SEVERITIES}
    return AlertsPage(
        t("alerts.title", lang, township=report.township, day=report.as_of.isoformat()),
        t("alerts.headline", lang, total=len(found), **counts),
        alert_table(lang, found, report.labels),
    )


def alert_table(lang: str, found: Sequence[Alert], labels: AlertLabels) -> list[dict[str, Any]]:
    """Rows for the renderer: names and villages from ``labels``, details in words."""
    rule_names = {key: zh if lang == "zh" else en for key, (zh, en) in labels.rule_names.items()}
    rows = []
    for alert in found:
        person = labels.people.get(alert.person_id, {})
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
    if "status" in params:
        params["status"] = vocab.STATUS.label(str(params["status"]), lang)
    if "fields" in params:
        names = [name.strip() for name in str(params["fields"]).split(",") if name.strip()]
        labels = [field_label(name, lang) for name in names]
        params["fields"] = ("、" if lang == "zh" else ", ").join(labels)
    return t(alert.detail_key, lang, **params)


def severity_style(row: Mapping[str, Any]) -> str | None:
    return {"high": "bold red", "medium": "yellow"}.get(row["severity"])
