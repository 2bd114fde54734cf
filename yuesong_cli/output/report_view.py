"""What the reports show: the rows, columns and documents of ``report summary``,
``village``, ``helper`` and ``person``, the sheets they export, and the quarterly report's
inputs, built from the report values of ledger/reports.py (hledger's habit: a report is a
value; showing it is a separate step). Figures read as output/figures.py writes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.domain import vocab
from yuesong_cli.domain.masking import mask_name
from yuesong_cli.domain.teams import helper_tag
from yuesong_cli.ledger.reports import Figure, PersonReport, RuleTally, Summary
from yuesong_cli.messages import t
from yuesong_cli.output.exports import Sheet
from yuesong_cli.output.figures import changes, percent, ratio, signed_change
from yuesong_cli.output.person_view import (
    CONTACT_COLUMNS,
    FILE_FIELDS,
    TEAM_COLUMNS,
    TIMELINE_COLUMNS,
    timeline_rows,
)
from yuesong_cli.output.quarterly import QuarterlyReport
from yuesong_cli.output.render import Column, Document, Section

FIGURE_COLUMNS = (
    Column("name", "col.figure"),
    Column("value", "col.this_period", "percent"),
    Column("fraction", "col.fraction"),
    Column("previous", "col.same_period_last_year", "percent"),
    Column("change_pct", "col.change_pct"),
    Column("change_points", "col.change_points"),
)
RULE_COLUMNS = (
    Column("name", "col.rule"),
    Column("due", "col.due_count", "number"),
    Column("kept", "col.kept_count", "number"),
    Column("missed", "col.missed_count", "number"),
    Column("open", "col.open_count", "number"),
    Column("late", "col.late_count", "number"),
    Column("rate", "col.rate", "percent"),
)
STATUS_COLUMNS = (
    Column("status", "col.status", "status"),
    Column("persons", "col.persons", "number"),
)
GROUP_COLUMNS = (
    Column("name", "col.group_name"),
    Column("persons", "col.persons", "number"),
    Column("supervised", "col.supervised", "number"),
    Column("due", "col.due_count", "number"),
    Column("kept", "col.kept_count", "number"),
    Column("missed", "col.missed_count", "number"),
    Column("control_rate", "col.control_rate", "percent"),
    Column("control_change", "col.change_points"),
)
# A helper by number too (H20): two helpers may share a name.
HELPER_COLUMNS = (
    Column("helper_no", "col.helper_id"),
    *GROUP_COLUMNS[:1],
    Column("role", "col.role", "role"),
    *GROUP_COLUMNS[1:],
)
WEEK_COLUMNS = (
    Column("week_start", "col.week", "date"),
    Column("due", "col.due_count", "number"),
    Column("kept", "col.kept_count", "number"),
    Column("chart", "col.chart"),
)
CHART_WIDTH = 20
CALENDAR_COLUMNS = (
    Column("name", "col.rule"),
    Column("marks", "col.calendar", wrap_to=20),  # a year of weeks wraps, never runs off
    Column("kept", "col.kept_count", "number"),
    Column("due", "col.due_count", "number"),
)
TEST_COLUMNS = (
    Column("happened_on", "col.date", "date"),
    Column("urine_result", "col.result", "result"),
    Column("substance", "col.substance", "substance"),
    Column("place", "col.place"),
)
BREACH_COLUMNS = (
    Column("happened_on", "col.date", "date"),
    Column("kind", "col.breach_kind", "breach_kind"),
    Column("days_away", "col.days_away", "number"),
    Column("source", "col.source", "breach_source"),
)
# One mark per window, oldest first: kept, missed, still open.
MARKS = {"kept": "●", "missed": "✗", "open": "○"}


def report_title(key: str, lang: str, township: str, result: Summary) -> str:
    return t(
        key,
        lang,
        township=township,
        period=result.period.label,
        start=result.period.start.isoformat(),
        end=result.period.end.isoformat(),
        previous=result.previous.label,
        as_of=result.as_of.isoformat(),
    )


def document_sheets(document: Document, lang: str) -> list[Sheet]:
    """A document's sections as the sheets of an export, titled in ``lang``."""
    return [
        Sheet(t(section.title, lang), section.columns, section.rows)
        for _, section in document.sections
    ]


# --- the summary, villages and helpers ----------------------------------------------


def summary_document(result: Summary, lang: str, title: str) -> Document:
    """The township's figures, rules, persons by status, villages and weeks."""
    statuses = [{"status": key, "persons": count} for key, count in result.by_status.items()]
    return Document(
        title,
        fields=[],
        sections=[
            (
                "figures",
                Section(
                    "section.figures",
                    FIGURE_COLUMNS,
                    [figure_row(figure, lang) for figure in result.figures],
                ),
            ),
            ("rules", Section("section.rules", RULE_COLUMNS, rule_rows(result, lang))),
            ("by_status", Section("section.by_status", STATUS_COLUMNS, statuses)),
            (
                "by_village",
                Section(
                    "section.by_village", GROUP_COLUMNS, [group_row(r, lang) for r in result.groups]
                ),
            ),
            ("weekly", Section("section.weekly", WEEK_COLUMNS, week_rows(result.weekly))),
        ],
    )


def figure_row(figure: Figure, lang: str) -> dict[str, Any]:
    return {
        "key": figure.key,
        "name": figure.name_zh if lang == "zh" else figure.name_en,
        "value": figure.current.value,
        "fraction": f"{figure.current.numerator}/{figure.current.denominator}",
        "previous": figure.previous.value if figure.previous else None,
        "change_pct": signed_change(figure.change_pct, "%"),
        "change_points": signed_change(figure.change_points, ""),
        "numerator": figure.current.numerator,
        "denominator": figure.current.denominator,
    }


def rule_rows(result: Summary, lang: str) -> list[dict[str, Any]]:
    names = result.facts.rule_names
    return [_rule_row(tally, names, lang) for tally in result.rules]


def _rule_row(tally: RuleTally, names: Mapping[str, tuple[str, str]], lang: str) -> dict[str, Any]:
    return {
        "rule": tally.rule,
        "name": names.get(tally.rule, (tally.rule, tally.rule))[0 if lang == "zh" else 1],
        "due": tally.due,
        "kept": tally.kept,
        "missed": tally.missed,
        "open": tally.open,
        "late": tally.late,
        "rate": tally.kept / tally.due if tally.due else None,
    }


def group_columns(kind: str) -> tuple[Column, ...]:
    """The columns of ``report village`` or ``report helper`` (which adds the role)."""
    return HELPER_COLUMNS if kind == "helper" else GROUP_COLUMNS


def group_row(row: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A village's (grid's, zone's) or helper's row (``by_group``, ``by_helper``) with its
    control rate and that rate's change in points; the persons whose file names no
    village (grid, zone) under the due list's word for them, （未指定）."""
    control = next((f for f in row["figures"] if f["key"] == "control_rate"), None)
    number = {"helper_no": helper_tag(row["helper_id"])} if "helper_id" in row else {}
    return {
        **number,
        **{key: value for key, value in row.items() if key != "figures"},
        "name": row["name"] or t("due.unassigned", lang),
        "control_rate": control["value"] if control else None,
        "control_change": signed_change(changes(control)[1] if control else None, ""),
    }


def week_rows(weekly: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each week's share of obligations kept as a bar of block characters: a chart
    that a terminal, a printer and a cron mail all show."""
    rows = []
    for week in weekly:
        # From the counts, as the quarterly report does: the stored rate is rounded.
        rate = ratio(week["kept"], week["due"])
        if rate is None:
            chart = ""
        else:
            filled = round(rate * CHART_WIDTH)
            chart = "█" * filled + "░" * (CHART_WIDTH - filled) + f" {percent(rate)}"
        rows.append({**week, "chart": chart})
    return rows


# --- a person's file ----------------------------------------------------------------


def person_document(report: PersonReport, lang: str) -> Document:
    """A person's file: details, path, calendar of windows per rule, team, contacts,
    tests and breaches."""
    day = report.as_of
    # Nothing after the day asked: the path as it stood then.
    steps = [s for s in timeline_rows(report.history, day) if s["since"] <= day.isoformat()]
    current = next((s["status"] for s in steps if s["current"]), None)
    calendar = [
        {
            "rule": rule.rule,
            "name": rule.name_zh if lang == "zh" else rule.name_en,
            "marks": "".join(MARKS[o.state] for o in rule.windows),
            "kept": rule.kept,
            "due": rule.due,
        }
        for rule in report.calendar
    ]
    shown = {**report.person, "status": current}
    return Document(
        title=t(
            "report.person.title",
            lang,
            case_no=report.person["case_no"],
            start=report.period.start.isoformat(),
            end=report.period.end.isoformat(),
        ),
        fields=[(c, shown.get(c.key)) for c in FILE_FIELDS],
        sections=[
            ("timeline", Section("section.timeline", TIMELINE_COLUMNS, steps)),
            ("calendar", Section("section.calendar", CALENDAR_COLUMNS, calendar)),
            ("team", Section("section.team", TEAM_COLUMNS, report.team)),
            ("contacts", Section("section.contacts", CONTACT_COLUMNS, report.contacts)),
            ("tests", Section("section.tests", TEST_COLUMNS, report.tests)),
            ("breaches", Section("section.breaches", BREACH_COLUMNS, report.breaches)),
        ],
    )


def person_sheets(document: Document, lang: str) -> list[Sheet]:
    """A person's file as sheets: the file itself (one row), then each section."""
    file_row = {column.key: value for column, value in document.fields}
    return [Sheet(document.title, FILE_FIELDS, [file_row]), *document_sheets(document, lang)]


# --- the quarterly report -----------------------------------------------------------


def action_rows(alerts: Sequence[Mapping[str, Any]], mask: bool) -> list[dict[str, Any]]:
    """The persons needing action (``alert_view.alert_table``), names masked unless the
    setting turns masking off, as on every printout."""
    return [
        {
            "case_no": row["case_no"],
            "name": mask_name(row["name"] or "") if mask else row["name"],
            "village": row["village"] or "",
            "alert": row["kind_label"],
            "severity": row["severity_label"],
            "since": row["since"],
            "detail": row["detail"],
        }
        for row in alerts
    ]


def quarterly_report(
    result: Summary,
    township: str,
    generated_on: dt.date,
    action: list[dict[str, Any]],
    lang: str,
) -> QuarterlyReport:
    return QuarterlyReport(
        township=township,
        period=result.period.label,
        start=result.period.start,
        end=result.period.end,
        previous_period=result.previous.label,
        generated_on=generated_on,
        summary=result.as_dict(),
        status_labels={key: vocab.STATUS.label(key, lang) for key in vocab.STATUS.keys},
        rule_names={
            rule: names[0 if lang == "zh" else 1] for rule, names in result.facts.rule_names.items()
        },
        action=action,
        lang=lang,
    )
