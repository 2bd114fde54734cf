"""``yuesong county``: the county's roll-up of its townships' extracts, without a person's
data leaving any township (docs/domain.md "The county's roll-up")."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain.extract import merge
from yuesong_cli.domain.text import check_path
from yuesong_cli.ledger.extract import read_extract
from yuesong_cli.messages import t
from yuesong_cli.output.county_view import (
    COUNTY_FIGURE_COLUMNS,
    TOWNSHIP_COLUMNS,
    county_headline,
    figure_rows,
    township_rows,
)

app = typer.Typer(help="The county's roll-up of the townships.", no_args_is_help=True)


@app.command("merge")
def merge_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(help="The townships' extracts (report extract), .json.")
    ],
    previous: Annotated[
        list[Path] | None,
        typer.Option("--previous", help="Last year's extracts of the same period, for 同比."),
    ] = None,
    fmt: FormatOption = None,
) -> None:
    """One row a township and the county's total: numerators and denominators summed,
    every rate worked out again from them."""
    obj = app_context(ctx)
    for path in [*files, *(previous or [])]:
        check_path(str(path))  # typed text: never echoed with a control character
    merged = merge(
        [read_extract(path) for path in files],
        [read_extract(path) for path in previous or []],
    )
    renderer = obj.renderer(fmt, ledger=False)
    if renderer.fmt == "json":
        renderer.json_value(merged)
        return
    title = t("county.title", obj.lang, period=merged["period"])
    renderer.rows(
        township_rows(merged, obj.lang),
        TOWNSHIP_COLUMNS,
        title=title,
        headline=county_headline(merged, obj.lang),
    )
    if renderer.fmt != "csv":  # CSV: the one table a spreadsheet reads
        typer.echo("")
        renderer.rows(figure_rows(merged, obj.lang), COUNTY_FIGURE_COLUMNS)
