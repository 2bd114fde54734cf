"""``yuesong area``: the township's zones (片区) and grids (网格), 一网四级 (docs/domain.md
"Zones and grids"): added one by one or from the township's grid table, and listed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain.imports import GRIDS, parse_mapping
from yuesong_cli.domain.text import clean_text
from yuesong_cli.errors import InvalidInput
from yuesong_cli.ledger.imports import read_grid_table
from yuesong_cli.messages import t
from yuesong_cli.output.area_view import GRID_COLUMNS, area_headline, area_sections, import_lines

app = typer.Typer(help="The township's zones (片区) and grids (网格).", no_args_is_help=True)
zone_app = typer.Typer(help="Zones (片区).", no_args_is_help=True)
grid_app = typer.Typer(help="Grids (网格), each in one zone.", no_args_is_help=True)
app.add_typer(zone_app, name="zone")
app.add_typer(grid_app, name="grid")


@zone_app.command("add")
def zone_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The zone's name, e.g. 第一片区.")],
) -> None:
    """Register a zone; prints its number."""
    obj = app_context(ctx)
    name = _name(name, "col.zone", obj.lang)
    zone_id = obj.store().add_zone(name)
    typer.echo(t("area.zone.added", obj.lang, name=name, id=zone_id))


@grid_app.command("add")
def grid_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The grid's name, e.g. 网格01.")],
    zone: Annotated[str, typer.Option(help="The zone it lies in (registered).")],
    village: Annotated[str | None, typer.Option(help="The village committee it covers.")] = None,
    group: Annotated[str | None, typer.Option(help="The village group it covers.")] = None,
) -> None:
    """Register a grid in a zone; prints its number."""
    obj = app_context(ctx)
    name = _name(name, "col.grid", obj.lang)
    zone = _name(zone, "col.zone", obj.lang)
    village = clean_text(village, t("col.village", obj.lang)) or None if village else None
    group = clean_text(group, t("col.group", obj.lang)) or None if group else None
    grid_id = obj.store().add_grid(name, zone, village, group)
    typer.echo(t("area.grid.added", obj.lang, name=name, id=grid_id, zone=zone))


@grid_app.command("move")
def grid_move(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The grid's name.")],
    zone: Annotated[str, typer.Option(help="The zone it lies in (registered).")],
) -> None:
    """Put a grid in another zone; its persons' zone follows."""
    obj = app_context(ctx)
    name = _name(name, "col.grid", obj.lang)
    zone = _name(zone, "col.zone", obj.lang)
    persons = obj.store().move_grid(name, zone)
    typer.echo(t("area.grid.moved", obj.lang, name=name, zone=zone, persons=persons))


@app.command("list")
def area_list(
    ctx: typer.Context,
    zone: Annotated[str | None, typer.Option(help="Only the grids of this zone.")] = None,
    fmt: FormatOption = None,
) -> None:
    """The zones and their grids, with how many persons each holds."""
    obj = app_context(ctx)
    store = obj.store()
    if zone is not None:
        zone = clean_text(zone, t("col.zone", obj.lang))
        store.person_area(None, zone)  # a zone not registered: refused with the near ones
    zones = [found for found in store.zones() if zone is None or found["name"] == zone]
    grids = store.grids(zone)
    renderer = obj.renderer(fmt)
    if not zones and not grids and renderer.fmt in ("table", "plain"):
        typer.echo(t("area.list.empty", obj.lang))
        return
    renderer.sections(
        area_sections(grids, zones, obj.lang),
        GRID_COLUMNS,
        title=t("area.list.title", obj.lang),
        headline=area_headline(len(zones), grids, obj.lang),
    )


@app.command("import")
def area_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The grid table: .xlsx, .csv or .txt.")],
    commit: Annotated[
        bool, typer.Option("--commit", help="Register the new zones and grids (default: check).")
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(help="The file's encoding, e.g. gbk (default: UTF-8, else GB18030)."),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help="A column the headers do not name: 列名=field (repeatable)."),
    ] = None,
) -> None:
    """Check the township's grid table (片区, 网格, 村委会, 村民小组) and, with --commit,
    register the zones and grids it adds."""
    obj = app_context(ctx)
    grids, problems = read_grid_table(file, encoding, parse_mapping(mapping or [], GRIDS))
    store = obj.store()
    summary = store.import_areas(grids, commit=commit and not problems)
    for line in import_lines(summary, file.name, obj.lang):
        typer.echo(line)
    for problem in problems:
        typer.echo(
            t(
                "import.problem",
                obj.lang,
                row=problem.row,
                header=problem.header,
                message=t(problem.key, obj.lang, **problem.params),
                sheet=problem.sheet,
            )
        )
    if commit and (summary["conflicts"] or summary["refused"]):
        raise InvalidInput("area.import.refused")
    if commit and problems:
        raise InvalidInput("area.import.refused.rows")
    if problems or summary["conflicts"] or summary["refused"]:
        raise typer.Exit(1)
    if summary["committed"]:
        typer.echo(t("area.import.done", obj.lang))
    elif not summary["zones_new"] and not summary["grids_new"] and not summary["placed"]:
        typer.echo(t("area.import.nothing", obj.lang))
    else:
        typer.echo(t("area.import.dry_run", obj.lang))


def _name(text: str, label: str, lang: str) -> str:
    """An area's name as typed: trimmed, printable, not empty."""
    name = clean_text(text, t(label, lang))
    if not name:
        raise InvalidInput("error.area.empty_name")
    return name
