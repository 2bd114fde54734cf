"""``yuesong sheets``: each helper's sheet of the week, to print and hand out, to fill in
and bring back through ``import contacts``, or as short text for a message."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from yuesong_cli.cli.context import AppContext, app_context
from yuesong_cli.cli.options import GridOption, VillageOption, ZoneOption
from yuesong_cli.domain.periods import parse_week, week_period
from yuesong_cli.errors import UsageProblem
from yuesong_cli.ledger.sheets import Sheets, helper_sheets
from yuesong_cli.messages import t


class SheetFormat(StrEnum):
    html = "html"
    xlsx = "xlsx"
    text = "text"


def sheets(
    ctx: typer.Context,
    week: Annotated[
        str | None, typer.Option(help="The ISO week, e.g. 2026-W49 (default: this week).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Folder for the files (made owner-only if missing).")
    ] = None,
    helper: Annotated[
        list[str] | None,
        typer.Option("--helper", help="Only this helper, by number or name (repeatable)."),
    ] = None,
    fmt: Annotated[
        SheetFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="html (pages to print), xlsx (the workbook) or text (printed, no files); "
            "default: html and xlsx.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace sheet files already in the folder.")
    ] = False,
    as_of: Annotated[
        str | None, typer.Option(help="What is kept as of this day (default today).")
    ] = None,
    village: VillageOption = None,
    grid: GridOption = None,
    zone: ZoneOption = None,
) -> None:
    """Each helper's sheet of a week: the persons of their teams, masked, what is due,
    and blank columns to fill in and bring back with import contacts."""
    from yuesong_cli.output.sheets_view import sheets_text

    obj = app_context(ctx)
    store = obj.store()
    day = obj.date(as_of, obj.today())
    assert day is not None
    chosen = parse_week(week) if week is not None else week_period(day)
    if fmt is not SheetFormat.text and out is None:
        raise UsageProblem("usage.sheets.out")
    helper_ids = [store.resolve_helper(ref) for ref in helper or []]
    found = helper_sheets(store, chosen, day, helper_ids, obj.people(village, grid, zone))
    if fmt is SheetFormat.text:
        typer.echo(sheets_text(found, obj.lang), nl=False)
        return
    assert out is not None
    formats = ("html", "xlsx") if fmt is None else (fmt.value,)
    _write(obj, found, out, formats, force)


def _write(
    obj: AppContext, found: Sheets, out: Path, formats: tuple[str, ...], force: bool
) -> None:
    """Write the files into ``out`` with their one audit row, in one transaction: all of
    them or none, each taking its name once the row has committed (docs/security.md §1,
    §3, §7). A file there already is refused before anything is written, unless
    ``force``."""
    from yuesong_cli.cli.exporting import audited_files
    from yuesong_cli.output.exports import check_target
    from yuesong_cli.output.sheets_view import check_free, sheet_files
    from yuesong_cli.store.sheets import record_sheets

    files = {out / name: data for name, data in sheet_files(found, obj.lang, formats).items()}
    for path in files:
        check_target(path)
    check_free(files, replace=force)
    store = obj.store()
    with audited_files(store, replace=force) as written:
        written.folder(out)
        names = [path.name for path in files]
        record_sheets(
            store, found.week.label, len(found.helpers), out.resolve(), names, found.lines
        )
        for path, data in files.items():
            written.add(path, data)
    typer.echo(
        t(
            "sheets.written",
            obj.lang,
            week=found.week.label,
            helpers=len(found.helpers),
            rows=found.lines,
            files=len(files),
            folder=str(out),
        ),
        err=True,
    )
