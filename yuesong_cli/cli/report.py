"""``yuesong report``: the township's figures, per village and helper, a person's file,
and the quarterly report (一季一汇报)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from yuesong_cli.cli.context import AppContext, app_context
from yuesong_cli.cli.exporting import ForceOption, audited_files, export
from yuesong_cli.cli.options import (
    FormatOption,
    GridOption,
    RefArgument,
    VillageOption,
    ZoneOption,
)
from yuesong_cli.domain.people import People
from yuesong_cli.domain.periods import (
    Period,
    last_whole_quarter,
    parse_period,
    span_period,
    weeks_ending,
)
from yuesong_cli.domain.text import check_path
from yuesong_cli.errors import InvalidInput, UsageProblem
from yuesong_cli.ledger import standing
from yuesong_cli.ledger.reports import by_helper, person_report, summary
from yuesong_cli.messages import t
from yuesong_cli.output.exports import Sheet, check_target
from yuesong_cli.output.report_view import (
    document_sheets,
    group_columns,
    group_row,
    person_document,
    person_sheets,
    report_title,
    summary_document,
)
from yuesong_cli.store.db import Store

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

# A person's file covers the last half year unless a period is asked for.
PERSON_WEEKS = 26


@app.command("summary")
def summary_command(
    ctx: typer.Context,
    period: PeriodOption = None,
    start: FromOption = None,
    end: ToOption = None,
    as_of: AsOfOption = None,
    village: VillageOption = None,
    grid: GridOption = None,
    zone: ZoneOption = None,
    fmt: FormatOption = None,
    export_to: ExportOption = None,
    force: ForceOption = False,
) -> None:
    """The township's figures for a period, beside the same period a year before."""
    obj = app_context(ctx)
    people = obj.people(village, grid, zone)
    chosen, day = _period(obj, period, start, end, as_of)
    store = obj.store()
    result = summary(store, chosen, day, kept=standing.log_ready(store, day), people=people)
    title = report_title("report.summary.title", obj.lang, _scope(store, people), result)
    document = summary_document(result, obj.lang, title)
    if export_to is not None:
        sheets = document_sheets(document, obj.lang)
        export(obj, export_to, "report_summary", sheets, force=force)
        return
    renderer = obj.renderer(fmt)
    if renderer.fmt == "json":
        renderer.json_value(result.as_dict())
        return
    renderer.document(document)


def _group_command(kind: str, summary_line: str) -> None:
    """Register ``report KIND``: the figures per village, grid, zone or helper, one
    command each, with the options they share."""

    def command(
        ctx: typer.Context,
        period: PeriodOption = None,
        start: FromOption = None,
        end: ToOption = None,
        as_of: AsOfOption = None,
        village: VillageOption = None,
        grid: GridOption = None,
        zone: ZoneOption = None,
        fmt: FormatOption = None,
        export_to: ExportOption = None,
        force: ForceOption = False,
    ) -> None:
        _groups(ctx, kind, period, start, end, as_of, fmt, export_to, force, (village, grid, zone))

    command.__doc__ = summary_line
    app.command(kind)(command)


# In the order `report --help` lists them, after summary.
_group_command("village", "The figures per village committee.")
_group_command("grid", "The figures per grid (网格), as report village gives them per village.")
_group_command("zone", "The figures per zone (片区), as report village gives them per village.")
_group_command("helper", "The figures per helper: the obligations of the persons in their teams.")


@app.command("extract")
def extract_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="The extract to write (.json).")],
    county_key: Annotated[
        Path,
        typer.Option(
            "--county-key",
            help="The county's key file (owner-only): persons become tokens under it.",
        ),
    ],
    period: PeriodOption = None,
    start: FromOption = None,
    end: ToOption = None,
    as_of: AsOfOption = None,
    force: ForceOption = False,
) -> None:
    """The township's figures for the county's roll-up, without personal data (JSON)."""
    from yuesong_cli.ledger.extract import township_extract
    from yuesong_cli.system.keys import read_key_file

    obj = app_context(ctx)
    if out.suffix.lower() != ".json":
        raise InvalidInput("error.extract.suffix", path=str(out))
    check_path(str(county_key))  # typed text: never echoed with a control character
    key = read_key_file(county_key, "--county-key")
    chosen, day = _period(obj, period, start, end, as_of)
    store = obj.store()
    check_target(out, replace=force)
    extract = township_extract(store, chosen, day, key, kept=standing.log_ready(store, day))
    data = (json.dumps(extract, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    with audited_files(store, replace=force) as written:
        written.folder(out.parent)
        store.record_export(
            "report_extract", out.resolve(), ["figures", "villages", "grids", "tokens"], 1
        )
        written.add(out, data)
    typer.echo(
        t(
            "extract.written",
            obj.lang,
            path=str(out),
            period=chosen.label,
            villages=len(extract["villages"]),
            grids=len(extract["grids"]),
            tokens=len(extract["tokens"]),
            without=extract["supervised_without_document"],
        )
    )


def _groups(
    ctx: typer.Context,
    kind: str,
    period: str | None,
    start: str | None,
    end: str | None,
    as_of: str | None,
    fmt: Any,
    export_to: Path | None,
    force: bool,
    filters: tuple[str | None, str | None, str | None],
) -> None:
    obj = app_context(ctx)
    people = obj.people(*filters)
    chosen, day = _period(obj, period, start, end, as_of)
    store = obj.store()
    kept = standing.log_ready(store, day)
    if kind == "helper":
        result = summary(store, chosen, day, credit=True, kept=kept, people=people)
        groups = by_helper(result.facts, result.before, chosen)
    else:  # a village, a grid or a zone: the same figures and numerators per group
        result = summary(store, chosen, day, kept=kept, group_by=kind, people=people)
        groups = result.groups
    rows = [group_row(row, obj.lang) for row in groups]
    columns = group_columns(kind)
    title = report_title(f"report.{kind}.title", obj.lang, _scope(store, people), result)
    if export_to is not None:
        export(obj, export_to, f"report_{kind}", [Sheet(title, columns, rows)], force=force)
        return
    renderer = obj.renderer(fmt)
    if renderer.fmt == "json":
        renderer.json_value({"period": chosen.label, "as_of": day.isoformat(), "groups": groups})
        return
    renderer.rows(rows, columns, title=title)


def _scope(store: Store, people: People) -> str:
    """Whose figures a title names: the township, and the village, zone or grid asked."""
    return " ".join([store.setting("township"), *people.places])


def _period(
    obj: AppContext,
    period: str | None,
    start: str | None,
    end: str | None,
    as_of: str | None,
    default: Callable[[dt.date], Period] = last_whole_quarter,
) -> tuple[Period, dt.date]:
    """The period asked for (by default the last whole quarter before the day) and the
    day to count as of."""
    day = obj.date(as_of, obj.today())
    assert day is not None
    if period is not None and (start is not None or end is not None):
        raise UsageProblem("usage.period_or_span")
    if period is not None:
        return parse_period(period), day
    if start is not None or end is not None:
        if start is None or end is None:
            raise UsageProblem("usage.period_span_both")
        first = obj.date(start)
        last = obj.date(end, not_before=first)
        assert first is not None and last is not None
        return span_period(first, last), day
    return default(day), day


# --- a person's file ----------------------------------------------------------------


@app.command("person")
def person_command(
    ctx: typer.Context,
    ref: RefArgument,
    period: PeriodOption = None,
    start: FromOption = None,
    end: ToOption = None,
    as_of: AsOfOption = None,
    contacts: Annotated[int, typer.Option(help="How many recent contacts to list.")] = 20,
    fmt: FormatOption = None,
    export_to: ExportOption = None,
    force: ForceOption = False,
) -> None:
    """A person's file: details (masked), path, team, contacts, tests, breaches, and per
    rule a calendar of windows kept (●) and missed (✗). Default: the last 26 weeks."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    chosen, day = _period(
        obj, period, start, end, as_of, default=lambda day: weeks_ending(day, PERSON_WEEKS)
    )
    document = person_document(person_report(store, person_id, chosen, day, contacts), obj.lang)
    if export_to is not None:
        export(obj, export_to, "report_person", person_sheets(document, obj.lang), force=force)
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
    force: ForceOption = False,
) -> None:
    """The quarterly report (一季一汇报) as one HTML file that prints well and as
    Markdown: figures, charts, and the masked list of persons needing action."""
    from yuesong_cli.cli.exporting import audited_files
    from yuesong_cli.ledger.alertlist import alert_report
    from yuesong_cli.output.alert_view import alert_table
    from yuesong_cli.output.exports import check_target
    from yuesong_cli.output.quarterly import quarterly_html, quarterly_markdown
    from yuesong_cli.output.report_view import action_rows, quarterly_report

    obj = app_context(ctx)
    chosen, day = _period(obj, quarter, None, None, as_of)
    if not chosen.label[4:5] == "Q":
        raise InvalidInput("error.quarter", text=chosen.label)
    store = obj.store()
    result = summary(store, chosen, day, kept=standing.log_ready(store, day))
    township = store.setting("township")
    # Who needs action: the high and medium alerts at the end of the quarter (or today,
    # if it has not ended), names masked as on every printout.
    alerts_on = min(chosen.end, day)
    alerts = alert_report(store, alerts_on, kept=standing.day_ready(store, alerts_on))
    found = [a for a in alerts.alerts if a.severity in ("high", "medium")]
    action = action_rows(
        alert_table(obj.lang, found, alerts.labels), store.setting("mask_names") != "off"
    )
    report = quarterly_report(result, township, obj.today(), action, obj.lang)
    stem = t("report.quarterly.file", obj.lang, township=township, quarter=chosen.label)
    documents = {
        out / f"{stem}.html": quarterly_html(report),
        out / f"{stem}.md": quarterly_markdown(report),
    }
    for path in documents:
        check_target(path, replace=force)
    with audited_files(store, replace=force) as written:
        # A folder that does not exist yet (README's ~/报告) is made, owner-only.
        written.folder(out)
        for path, text in documents.items():
            store.record_export(
                "report_quarterly", path.resolve(), ["figures", "action"], len(action)
            )
            written.add(path, text.encode("utf-8"))
    html_path, markdown_path = documents
    typer.echo(
        t("report.quarterly.done", obj.lang, html=str(html_path), markdown=str(markdown_path))
    )


# --- the handover -------------------------------------------------------------------


@app.command("handover")
def handover_command(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    export_to: ExportOption = None,
    force: ForceOption = False,
) -> None:
    """What a successor must know: persons and their open obligations and alerts (masked),
    incomplete files, where the database and its backups are, the last verified backup."""
    from yuesong_cli.ledger.handover import handover
    from yuesong_cli.output.handover_view import handover_document, handover_sheets

    obj = app_context(ctx)
    day = obj.date(as_of, obj.today())
    assert day is not None
    store = obj.store()
    renderer = obj.renderer(fmt)
    # The last backup in a sentence on screen only; JSON, CSV and exports get values.
    screen = export_to is None and renderer.fmt in ("table", "plain")
    report = handover(store, day, store.path.resolve())
    document = handover_document(report, obj.lang, screen=screen)
    if export_to is not None:
        sheets = handover_sheets(document, obj.lang)
        export(obj, export_to, "report_handover", sheets, force=force)
        return
    renderer.document(document)
