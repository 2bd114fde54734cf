"""The township's zones and grids as shown (``yuesong area``): the grids in sections by
zone, the headline of counts, and what adding or importing says it did."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.messages import t
from yuesong_cli.output.render import Column

GRID_COLUMNS = (
    Column("id", "col.area_id", "number"),
    Column("name", "col.grid"),
    Column("zone", "col.zone"),
    Column("village", "col.village", drop_order=2),
    Column("group", "col.group", drop_order=1),
    Column("persons", "col.person_count", "number"),
)

Section = tuple[str | None, list[dict[str, Any]]]


def area_sections(
    grids: Sequence[Mapping[str, Any]], zones: Sequence[Mapping[str, Any]], lang: str
) -> list[Section]:
    """One section a zone, in the zones' order (a zone without a grid too: persons may
    be placed in it alone), then the grids without one."""
    by_zone: dict[str | None, list[dict[str, Any]]] = {zone["name"]: [] for zone in zones}
    for grid in grids:
        by_zone.setdefault(grid["zone"], []).append(dict(grid))
    persons = {zone["name"]: zone["persons"] for zone in zones}
    return [
        (
            t(
                "area.section",
                lang,
                zone=zone if zone is not None else t("area.no_zone", lang),
                grids=len(rows),
                persons=persons.get(zone, sum(row["persons"] for row in rows)),
            ),
            rows,
        )
        for zone, rows in by_zone.items()
    ]


def area_headline(zones: int, grids: Sequence[Mapping[str, Any]], lang: str) -> str:
    """How many zones and grids, and how many persons are registered in a grid."""
    return t(
        "area.list.headline",
        lang,
        zones=zones,
        grids=len(grids),
        persons=sum(grid["persons"] for grid in grids),
    )


def import_lines(summary: Mapping[str, Any], file: str, lang: str) -> list[str]:
    """What a look at (or an import of) the grid table found, a line each: the counts,
    then each conflict."""
    lines = [
        t(
            "area.import.summary",
            lang,
            file=file,
            zones_new=len(summary["zones_new"]),
            grids_new=len(summary["grids_new"]),
            grids_known=len(summary["grids_known"]),
            duplicates=summary["duplicates"],
            conflicts=len(summary["conflicts"]),
        )
    ]
    lines += [
        t(
            "area.import.conflict",
            lang,
            grid=grid,
            known=known or t("area.no_zone", lang),
            given=given,
        )
        for grid, known, given in summary["conflicts"]
    ]
    lines += [t(key, lang, **params) for _name, (key, params) in summary["refused"]]
    if summary["placed"]:
        lines.append(t("area.import.placed", lang, grids="、".join(summary["placed"])))
    return lines
