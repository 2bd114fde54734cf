"""``yuesong alerts``: every warning for the township, most severe first (预警)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption, GridOption, VillageOption, ZoneOption
from yuesong_cli.domain.alerts import any_as_severe
from yuesong_cli.ledger import standing
from yuesong_cli.ledger.alertlist import alert_report
from yuesong_cli.output.alert_view import (
    MACHINE_COLUMNS,
    SCREEN_COLUMNS,
    alerts_page,
    severity_style,
)

# Exit code of --fail-if when an alert of that severity (or worse) exists; as for due.
EXIT_ALERTS = 3


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
    village: VillageOption = None,
    grid: GridOption = None,
    zone: ZoneOption = None,
    fmt: FormatOption = None,
) -> None:
    """Every warning for the township, most severe first (预警)."""
    obj = app_context(ctx)
    people = obj.people(village, grid, zone)
    store = obj.store()
    day = obj.date(as_of, obj.today())
    assert day is not None
    report = alert_report(store, day, kept=standing.day_ready(store, day), people=people)
    page = alerts_page(report, obj.lang)
    obj.renderer(fmt).rows(
        page.rows,
        SCREEN_COLUMNS,
        title=page.title,
        headline=page.headline,
        style=severity_style,
        machine_columns=MACHINE_COLUMNS,
    )
    if fail_if is not None and any_as_severe(report.alerts, fail_if.value):
        raise typer.Exit(EXIT_ALERTS)
