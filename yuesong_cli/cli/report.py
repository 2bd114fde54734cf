"""``yuesong report``: the township's figures, per village and helper, a person's file,
and the quarterly report (一季一汇报)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from yuesong_cli.cli.context import AppContext, app_context
from yuesong_cli.cli.exporting import export
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain import vocab
from yuesong_cli.domain.periods import Period, parse_period, span_period
from yuesong_cli.errors import InvalidInput, UsageProblem
from yuesong_cli.ledger.reports import Figure, Summary, by_group, by_helper, summary
from yuesong_cli.messages import t
from yuesong_cli.output.exports import Sheet
from yuesong_cli.output.render import Column, Document, Section

app = typer.Typer(help="Reports (统计报表).", no_args_is_help=True)

PeriodOption = Annotated[
    str | None,
    typer.Option("--period", help="2026-11 (month), 2026Q4 (quarter) or 2026 (year)."),
]
FromOption = Annotated[str | None, typer.Option("--from", help="First day of the period.")]
ToOption = Annotated[str | None, typer.Option("--to", help="Last day of the period.")]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Count as of this day (default today).")
]
ExportOption = Annotated[
    Path | None,
    typer.Option("--export", help="Also write it to FILE (.csv, .xlsx or .json), masked."),
]

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
WEEK_COLUMNS = (
    Column("week_start", "col.week", "date"),
    Column("due", "col.due_count", "number"),
    Column("kept", "col.kept_count", "number"),
    Column("chart", "col.chart"),
)
CHART_WIDTH = 20


@app.command("summary")
def summary_command(
    ctx: typer.Context,
    period: PeriodOption = None,
    start: FromOption = None,
    end: ToOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    export_to: ExportOption = None,
) -> None:
    """The township's figures for a period, beside the same period a year before."""
    obj = app_context(ctx)
    chosen, day = _period(obj, period, start, end, as_of)
    result = summary(obj.store(), chosen, day)
    title = _title(obj, "report.summary.title", result)
    figures = [_figure_row(figure, obj.lang) for figure in result.figures]
    rules = _rule_rows(result, obj.lang)
    statuses = [{"status": key, "persons": count} for key, count in result.by_status.items()]
    villages = [_group_row(row) for row in result.by_village]
    weeks = _week_rows(result.weekly)
    if export_to is not None:
        export(
            obj,
            export_to,
            "report_summary",
            [
                Sheet(t("section.figures", obj.lang), FIGURE_COLUMNS, figures),
                Sheet(t("section.rules", obj.lang), RULE_COLUMNS, rules),
                Sheet(t("section.by_status", obj.lang), STATUS_COLUMNS, statuses),
                Sheet(t("section.by_village", obj.lang), GROUP_COLUMNS, villages),
                Sheet(t("section.weekly", obj.lang), WEEK_COLUMNS, weeks),
            ],
        )
        return
    renderer = obj.renderer(fmt)
    if renderer.fmt == "json":
        renderer.json_value(result.as_dict())
        return
    renderer.document(
        Document(
            title,
            fields=[],
            sections=[
                ("figures", Section("section.figures", FIGURE_COLUMNS, figures)),
                ("rules", Section("section.rules", RULE_COLUMNS, rules)),
                ("by_status", Section("section.by_status", STATUS_COLUMNS, statuses)),
                ("by_village", Section("section.by_village", GROUP_COLUMNS, villages)),
                ("weekly", Section("section.weekly", WEEK_COLUMNS, weeks)),
            ],
        )
    )


@app.command("village")
def village_command(
    ctx: typer.Context,
    period: PeriodOption = None,
    start: FromOption = None,
    end: ToOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    export_to: ExportOption = None,
) -> None:
    """The figures per village committee."""
    _groups(ctx, "village", period, start, end, as_of, fmt, export_to)


@app.command("helper")
def helper_command(
    ctx: typer.Context,
    period: PeriodOption = None,
    start: FromOption = None,
    end: ToOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    export_to: ExportOption = None,
) -> None:
    """The figures per helper: the obligations of the persons in their teams."""
    _groups(ctx, "helper", period, start, end, as_of, fmt, export_to)


def _groups(
    ctx: typer.Context,
    kind: str,
    period: str | None,
    start: str | None,
    end: str | None,
    as_of: str | None,
    fmt: Any,
    export_to: Path | None,
) -> None:
    obj = app_context(ctx)
    chosen, day = _period(obj, period, start, end, as_of)
    result = summary(obj.store(), chosen, day)
    if kind == "village":
        groups = by_group(result.facts, result.before, chosen, "village")
    else:
        groups = by_helper(result.facts, result.before, chosen)
    rows = [_group_row(row) for row in groups]
    columns: tuple[Column, ...] = GROUP_COLUMNS
    if kind == "helper":
        columns = (*GROUP_COLUMNS[:1], Column("role", "col.role", "role"), *GROUP_COLUMNS[1:])
    title = _title(obj, f"report.{kind}.title", result)
    if export_to is not None:
        export(obj, export_to, f"report_{kind}", [Sheet(title, columns, rows)])
        return
    renderer = obj.renderer(fmt)
    if renderer.fmt == "json":
        renderer.json_value({"period": chosen.label, "as_of": day.isoformat(), "groups": groups})
        return
    renderer.rows(rows, columns, title=title)


# --- rows ---------------------------------------------------------------------------


def _period(
    obj: AppContext, period: str | None, start: str | None, end: str | None, as_of: str | None
) -> tuple[Period, dt.date]:
    """The period asked for (default: the last whole quarter) and the day to count as of."""
    today = obj.today()
    day = obj.date(as_of, today)
    assert day is not None
    if period is not None and (start is not None or end is not None):
        raise UsageProblem("usage.period_or_span")
    if period is not None:
        return parse_period(period), day
    if start is not None or end is not None:
        if start is None or end is None:
            raise UsageProblem("usage.period_span_both")
        first, last = obj.date(start), obj.date(end)
        assert first is not None and last is not None
        return span_period(first, last), day
    quarter_start = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    previous = quarter_start - dt.timedelta(days=1)
    return parse_period(f"{previous.year}Q{(previous.month - 1) // 3 + 1}"), day


def _title(obj: AppContext, key: str, result: Summary) -> str:
    return t(
        key,
        obj.lang,
        township=obj.store().setting("township"),
        period=result.period.label,
        start=result.period.start.isoformat(),
        end=result.period.end.isoformat(),
        previous=result.previous.label,
        as_of=result.as_of.isoformat(),
    )


def _figure_row(figure: Figure, lang: str) -> dict[str, Any]:
    data = figure.as_dict()
    return {
        "key": figure.key,
        "name": figure.name_zh if lang == "zh" else figure.name_en,
        "value": figure.current.value,
        "fraction": f"{data['numerator']}/{data['denominator']}",
        "previous": figure.previous.value if figure.previous else None,
        "change_pct": _signed(data["change_pct"], "%"),
        "change_points": _signed(data["change_points"], ""),
        "numerator": data["numerator"],
        "denominator": data["denominator"],
    }


def _signed(value: float | None, unit: str) -> str:
    """A change as an arrow and a size (↑1.7, ↓3.1%): read at a glance, and no
    spreadsheet takes it for a formula."""
    if value is None:
        return "—"
    shown = f"{abs(value):.1f}"
    if shown == "0.0":
        return f"0.0{unit}"
    return f"{'↑' if value > 0 else '↓'}{shown}{unit}"


def _rule_rows(result: Summary, lang: str) -> list[dict[str, Any]]:
    names = result.facts.rule_names
    return [
        {
            "rule": tally.rule,
            "name": names.get(tally.rule, (tally.rule, tally.rule))[0 if lang == "zh" else 1],
            "due": tally.due,
            "kept": tally.kept,
            "missed": tally.missed,
            "open": tally.open,
            "late": tally.late,
            "rate": tally.kept / tally.due if tally.due else None,
        }
        for tally in result.rules
    ]


def _group_row(row: dict[str, Any]) -> dict[str, Any]:
    control = next((f for f in row["figures"] if f["key"] == "control_rate"), None)
    return {
        **{key: value for key, value in row.items() if key != "figures"},
        "control_rate": control["value"] if control else None,
        "control_change": _signed(control["change_points"] if control else None, ""),
    }


def _week_rows(weekly: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each week's share of obligations kept as a bar of block characters: a chart
    that a terminal, a printer and a cron mail all show."""
    rows = []
    for week in weekly:
        rate = week["rate"]
        if rate is None:
            chart = ""
        else:
            filled = round(rate * CHART_WIDTH)
            chart = "█" * filled + "░" * (CHART_WIDTH - filled) + f" {rate * 100:.1f}%"
        rows.append({**week, "chart": chart})
    return rows


def _status_labels(lang: str) -> dict[str, str]:
    return {key: vocab.STATUS.label(key, lang) for key in vocab.STATUS.keys}


# --- a person's file ----------------------------------------------------------------

CALENDAR_COLUMNS = (
    Column("name", "col.rule"),
    Column("marks", "col.calendar"),
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


@app.command("person")
def person_command(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Case number, name, pinyin or initials.")],
    period: PeriodOption = None,
    start: FromOption = None,
    end: ToOption = None,
    as_of: AsOfOption = None,
    contacts: Annotated[int, typer.Option(help="How many recent contacts to list.")] = 20,
    fmt: FormatOption = None,
    export_to: ExportOption = None,
) -> None:
    """A person's file: details (masked), path, team, contacts, tests, breaches, and per
    rule a calendar of windows kept (●) and missed (✗). Default: the last 26 weeks."""
    from yuesong_cli.ledger.reports import period_facts
    from yuesong_cli.output.person_view import (
        CONTACT_COLUMNS,
        FILE_FIELDS,
        TEAM_COLUMNS,
        TIMELINE_COLUMNS,
        timeline_rows,
    )

    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    today = obj.today()
    day = obj.date(as_of, today)
    assert day is not None
    if period is None and start is None and end is None:
        chosen = span_period(day - dt.timedelta(weeks=26) + dt.timedelta(days=1), day)
    else:
        chosen, day = _period(obj, period, start, end, as_of)
    facts = period_facts(store, chosen, day, person_id, keep=True)
    person = store.person(person_id)
    history = store.status_history(person_id)
    # Nothing after the day asked: the file as it stood then.
    steps = [step for step in timeline_rows(history, day) if step["since"] <= day.isoformat()]
    current = next((s["status"] for s in steps if s["current"]), None)
    calendar = []
    found = facts.people.get(person_id)
    for rule, (zh, en) in facts.rule_names.items():
        windows = sorted(
            (o for o in (found.obligations if found else []) if o.rule == rule),
            key=lambda o: o.deadline,
        )
        if not windows and found is None:
            continue
        calendar.append(
            {
                "rule": rule,
                "name": zh if obj.lang == "zh" else en,
                "marks": "".join(MARKS[o.state] for o in windows),
                "kept": sum(o.state == "kept" for o in windows),
                "due": len(windows),
            }
        )
    first, last = chosen.start.isoformat(), min(chosen.end, day).isoformat()
    in_period = [c for c in store.contacts(person_id) if first <= c["happened_on"] <= last]
    recent = in_period[: max(contacts, 0)]
    tests = [c for c in in_period if c["urine_result"]]
    breaches = [b for b in store.breach_rows(person_id) if first <= b["happened_on"] <= last]
    document = Document(
        title=t(
            "report.person.title",
            obj.lang,
            case_no=person["case_no"],
            start=chosen.start.isoformat(),
            end=chosen.end.isoformat(),
        ),
        fields=[(c, {**person, "status": current}.get(c.key)) for c in FILE_FIELDS],
        sections=[
            ("timeline", Section("section.timeline", TIMELINE_COLUMNS, steps)),
            ("calendar", Section("section.calendar", CALENDAR_COLUMNS, calendar)),
            ("team", Section("section.team", TEAM_COLUMNS, store.team(person_id))),
            ("contacts", Section("section.contacts", CONTACT_COLUMNS, recent)),
            ("tests", Section("section.tests", TEST_COLUMNS, tests)),
            ("breaches", Section("section.breaches", BREACH_COLUMNS, breaches)),
        ],
    )
    if export_to is not None:
        file_rows = [{c.key: {**person, "status": current}.get(c.key) for c in FILE_FIELDS}]
        export(
            obj,
            export_to,
            "report_person",
            [
                Sheet(document.title, FILE_FIELDS, file_rows),
                *(
                    Sheet(t(section.title, obj.lang), section.columns, section.rows)
                    for _, section in document.sections
                ),
            ],
        )
        return
    obj.renderer(fmt).document(document)


# --- the quarterly report -----------------------------------------------------------


@app.command("quarterly")
def quarterly_command(
    ctx: typer.Context,
    quarter: Annotated[
        str | None, typer.Option(help="The quarter, e.g. 2026Q3 (default: the last whole one).")
    ] = None,
    out: Annotated[
        Path, typer.Option(help="Folder for the report's HTML and Markdown files.")
    ] = Path("."),
    as_of: AsOfOption = None,
) -> None:
    """The quarterly report (一季一汇报) as one HTML file that prints well and as
    Markdown: figures, charts, and the masked list of persons needing action."""
    from yuesong_cli.cli.exporting import audited_files
    from yuesong_cli.domain.masking import mask_name
    from yuesong_cli.ledger.alertlist import alert_list
    from yuesong_cli.output.alert_view import alert_rows
    from yuesong_cli.output.exports import check_target, write_document
    from yuesong_cli.output.quarterly import QuarterlyReport, quarterly_html, quarterly_markdown

    obj = app_context(ctx)
    chosen, day = _period(obj, quarter, None, None, as_of)
    if not chosen.label[4:5] == "Q":
        raise InvalidInput("error.quarter", text=chosen.label)
    store = obj.store()
    result = summary(store, chosen, day)
    township = store.setting("township")
    mask = store.setting("mask_names") != "off"
    # Who needs action: the high and medium alerts at the end of the quarter (or today,
    # if it has not ended), names masked as on every printout.
    alerts_on = min(chosen.end, day)
    found = [a for a in alert_list(store, alerts_on) if a.severity in ("high", "medium")]
    action = [
        {
            "case_no": row["case_no"],
            "name": mask_name(row["name"] or "") if mask else row["name"],
            "village": row["village"] or "",
            "alert": row["kind_label"],
            "severity": row["severity_label"],
            "since": row["since"],
            "detail": row["detail"],
        }
        for row in alert_rows(obj.lang, store, found)
    ]
    report = QuarterlyReport(
        township=township,
        period=chosen.label,
        start=chosen.start,
        end=chosen.end,
        previous_period=result.previous.label,
        generated_on=obj.today(),
        summary=result.as_dict(),
        status_labels=_status_labels(obj.lang),
        rule_names={
            rule: names[0 if obj.lang == "zh" else 1]
            for rule, names in result.facts.rule_names.items()
        },
        action=action,
        lang=obj.lang,
    )
    stem = t("report.quarterly.file", obj.lang, township=township, quarter=chosen.label)
    documents = {
        out / f"{stem}.html": quarterly_html(report),
        out / f"{stem}.md": quarterly_markdown(report),
    }
    for path in documents:
        check_target(path)
    with audited_files(store) as written:
        for path, text in documents.items():
            store.record_export(
                "report_quarterly", path.resolve(), ["figures", "action"], len(action)
            )
            write_document(path, text)
            written.append(path)
    html_path, markdown_path = documents
    typer.echo(
        t("report.quarterly.done", obj.lang, html=str(html_path), markdown=str(markdown_path))
    )
