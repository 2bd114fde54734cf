"""``yuesong county``: the county's roll-up of its townships' extracts, without a person's
data leaving any township (docs/domain.md "The county's roll-up")."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from yuesong_cli.cli.context import AppContext, app_context
from yuesong_cli.cli.exporting import ForceOption, write_file
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain.dates import parse_date
from yuesong_cli.domain.extract import merge
from yuesong_cli.domain.text import check_path
from yuesong_cli.errors import InvalidInput
from yuesong_cli.ledger.extract import read_extract
from yuesong_cli.messages import t
from yuesong_cli.output.county_view import (
    COUNTY_FIGURE_COLUMNS,
    TOWNSHIP_COLUMNS,
    county_headline,
    county_html,
    figure_rows,
    township_rows,
)
from yuesong_cli.output.exports import Sheet, export_bytes
from yuesong_cli.store.base import DEFAULT_SETTINGS
from yuesong_cli.store.clock import today_in

app = typer.Typer(help="The county's roll-up of the townships.", no_args_is_help=True)


@app.command("merge")
def merge_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(help="The townships' extracts (report extract, .json) or ledgers (.db)."),
    ],
    previous: Annotated[
        list[Path] | None,
        typer.Option("--previous", help="Last year's extracts of the same period, for 同比."),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="With ledgers (.db): the period, e.g. 2026Q3."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="With ledgers (.db): count as of this day.")
    ] = None,
    county_key: Annotated[
        Path | None,
        typer.Option("--county-key", help="With ledgers (.db): the county's key file."),
    ] = None,
    fmt: FormatOption = None,
    export_to: Annotated[
        Path | None,
        typer.Option("--export", help="Also write it to FILE (.csv, .xlsx, .json or .html)."),
    ] = None,
    force: ForceOption = False,
) -> None:
    """One row a township and the county's total: numerators and denominators summed,
    every rate worked out again from them."""
    obj = app_context(ctx)
    for path in [*files, *(previous or []), *([county_key] if county_key else [])]:
        check_path(str(path))  # typed text: never echoed with a control character
    merged = merge(
        [_read(obj, path, period, as_of, county_key) for path in files],
        [_read(obj, path, _year_before(period), as_of, county_key) for path in previous or []],
    )
    renderer = obj.renderer(fmt, ledger=False)
    title = t("county.title", obj.lang, period=merged["period"])
    if export_to is not None and export_to.suffix.lower() not in (
        ".csv",
        ".xlsx",
        ".json",
        ".html",
    ):
        raise InvalidInput("error.county.export_suffix", path=str(export_to))
    if export_to is not None and export_to.suffix.lower() == ".html":
        write_file(export_to, county_html(merged, obj.lang).encode("utf-8"), force=force)
        return
    if export_to is not None:
        # Figures only, no personal data: written owner-only like every file the tool
        # makes, with no ledger to audit it in.
        sheets = [
            Sheet(title, TOWNSHIP_COLUMNS, township_rows(merged, obj.lang)),
            Sheet(
                t("section.figures", obj.lang), COUNTY_FIGURE_COLUMNS, figure_rows(merged, obj.lang)
            ),
        ]
        write_file(export_to, export_bytes(export_to, sheets, renderer), force=force)
        return
    if renderer.fmt == "json":
        renderer.json_value(merged)
        return
    renderer.rows(
        township_rows(merged, obj.lang),
        TOWNSHIP_COLUMNS,
        title=title,
        headline=county_headline(merged, obj.lang),
    )
    if renderer.fmt != "csv":  # CSV: the one table a spreadsheet reads
        typer.echo("")
        renderer.rows(figure_rows(merged, obj.lang), COUNTY_FIGURE_COLUMNS)


def _read(
    obj: AppContext,
    path: Path,
    period: str | None,
    as_of: str | None,
    county_key: Path | None,
) -> dict[str, Any]:
    """An extract: read from its file, or worked out from a township's ledger (.db),
    which is never written (ledger/extract.py ``ledger_extract``)."""
    if path.suffix.lower() != ".db":
        return read_extract(path)
    if period is None or county_key is None:
        raise InvalidInput("error.merge.ledger_needs")
    from yuesong_cli.domain.periods import parse_period
    from yuesong_cli.ledger.extract import ledger_extract
    from yuesong_cli.system.keys import read_key_file

    # Today where the township is (the default zone: a county's townships share it).
    today = today_in(DEFAULT_SETTINGS["timezone"])
    day = parse_date(as_of, today) if as_of else today
    return ledger_extract(
        path, parse_period(period), day, read_key_file(county_key, "--county-key"), obj.database_key
    )


def _year_before(period: str | None) -> str | None:
    """The period a year before ``period`` (for last year's ledgers), or None."""
    if period is None:
        return None
    from yuesong_cli.domain.periods import parse_period

    return parse_period(period).previous_year().label
