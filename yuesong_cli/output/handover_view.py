"""``report handover`` as one document: the township, the day and the counts, where the
database and its backups are, then the persons supervised, their open obligations, their
alerts and the files not complete. Names pass through the renderer, masked as on every
list; the rows carry no ID number nor phone."""

from __future__ import annotations

from typing import Any

from yuesong_cli.ledger.handover import Handover
from yuesong_cli.messages import t
from yuesong_cli.output.alert_view import SCREEN_COLUMNS as ALERT_COLUMNS
from yuesong_cli.output.alert_view import alert_table
from yuesong_cli.output.exports import Sheet
from yuesong_cli.output.render import Column, Document, Section
from yuesong_cli.output.report_view import document_sheets

HANDOVER_FIELDS = (
    Column("township", "col.handover.township"),
    Column("as_of", "col.handover.as_of", "date"),
    Column("persons_supervised", "col.handover.persons_supervised", "number"),
    Column("open_obligations", "col.handover.open_obligations", "number"),
    Column("high_alerts", "col.handover.high_alerts", "number"),
    Column("database", "col.handover.database"),
    Column("backup_folder", "col.handover.backup_folder"),
    Column("backups", "col.handover.backups", "number"),
    Column("last_backup", "col.handover.last_backup"),
    # For machines (JSON, CSV, exports) only: on screen the file is named beside the day.
    Column("last_backup_file", "col.handover.last_backup_file"),
)
PERSON_COLUMNS = (
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("village", "col.village", drop_order=2),
    Column("helper", "col.responsible", drop_order=1),
    Column("open", "col.handover.open", "number"),
    Column("alerts", "col.handover.alerts", "number"),
)
OBLIGATION_COLUMNS = (
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("rule_name", "col.rule", wrap_to=12),
    Column("status", "col.due_status", "due_status"),
    Column("window_end", "col.window_end", "date"),
    Column("days_left", "col.days_left", "number"),
)
INCOMPLETE_COLUMNS = (
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("village", "col.village", drop_order=1),
    Column("detail", "col.detail", wrap_to=20),
)


def handover_document(report: Handover, lang: str, *, screen: bool = True) -> Document:
    """The handover: its fields, then the persons, obligations, alerts and files not
    complete. On ``screen`` the last backup is a sentence (or that there is none and
    what to run); for machines (``screen`` false: JSON, CSV, an export) its day and
    file, or nothing: null, never a sentence."""
    values = {
        "township": report.township,
        "as_of": report.as_of.isoformat(),
        "persons_supervised": report.persons_supervised,
        "open_obligations": report.open_obligations,
        "high_alerts": report.high_alerts,
        "database": str(report.db_path),
        "backup_folder": str(report.backup_folder),
        "backups": report.backups,
        **_last_backup(report, lang, screen),
    }
    obligations = [
        {
            "case_no": row["case_no"],
            "name": row["name"],
            "rule_name": row["rule_name_zh"] if lang == "zh" else row["rule_name_en"],
            "status": row["status"],
            "window_end": row["window_end"],
            "days_left": row["days_left"],
        }
        for row in report.obligations
    ]
    labels = report.alerts.labels
    return Document(
        title=t(
            "report.handover.title", lang, township=report.township, day=report.as_of.isoformat()
        ),
        fields=[(column, values[column.key]) for column in HANDOVER_FIELDS],
        sections=[
            ("persons", Section("section.handover.persons", PERSON_COLUMNS, report.persons)),
            (
                "obligations",
                Section("section.handover.obligations", OBLIGATION_COLUMNS, obligations),
            ),
            (
                "alerts",
                Section(
                    "section.handover.alerts",
                    ALERT_COLUMNS,
                    alert_table(lang, report.alerts.alerts, labels),
                ),
            ),
            (
                "incomplete",
                Section(
                    "section.handover.incomplete",
                    INCOMPLETE_COLUMNS,
                    alert_table(lang, report.incomplete, labels),
                ),
            ),
        ],
    )


def _last_backup(report: Handover, lang: str, screen: bool) -> dict[str, str | None]:
    backup = report.last_backup
    if screen:
        return {"last_backup": last_backup_text(report, lang), "last_backup_file": None}
    if backup is None:
        return {"last_backup": None, "last_backup_file": None}
    return {"last_backup": backup.day.isoformat(), "last_backup_file": backup.name}


def last_backup_text(report: Handover, lang: str) -> str:
    """When the last verified backup was made, or plainly that none was."""
    backup = report.last_backup
    if backup is None:
        return t("handover.no_backup", lang)
    return t("handover.last_backup", lang, day=backup.day.isoformat(), name=backup.name)


def handover_sheets(document: Document, lang: str) -> list[Sheet]:
    """The handover as sheets: its fields (one row), then each section."""
    row: dict[str, Any] = {column.key: value for column, value in document.fields}
    return [Sheet(document.title, HANDOVER_FIELDS, [row]), *document_sheets(document, lang)]
