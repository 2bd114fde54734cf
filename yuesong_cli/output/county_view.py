"""The county's roll-up as shown (``yuesong county merge``): a row a township and the
total, the total's figures with 同比, and the persons found in more than one township
(by count and township pair only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yuesong_cli.messages import t
from yuesong_cli.output.figures import signed_change
from yuesong_cli.output.render import Column

TOWNSHIP_COLUMNS = (
    Column("name", "col.township"),
    Column("code", "col.township_code", drop_order=2),
    Column("persons", "col.persons", "number"),
    Column("supervised", "col.supervised", "number"),
    Column("due", "col.due_count", "number"),
    Column("kept", "col.kept_count", "number"),
    Column("missed", "col.missed_count", "number"),
    Column("control_rate", "col.control_rate", "percent"),
    Column("control_change", "col.change_points", drop_order=1),
)
COUNTY_FIGURE_COLUMNS = (
    Column("name", "col.figure"),
    Column("value", "col.this_period", "percent"),
    Column("fraction", "col.fraction"),
    Column("previous", "col.same_period_last_year", "percent"),
    Column("change_points", "col.change_points"),
)


def township_rows(merged: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """Each township's row, then the county's."""
    rows = [_row(row) for row in merged["townships"]]
    total = _row(merged["total"])
    total["name"] = t("county.total", lang)
    return [*rows, total]


def _row(row: Mapping[str, Any]) -> dict[str, Any]:
    control = next((f for f in row["figures"] if f["key"] == "control_rate"), None)
    return {
        "name": row["name"],
        "code": row["code"],
        **{key: row[key] for key in ("persons", "supervised", "due", "kept", "missed")},
        "control_rate": control["value"] if control else None,
        "control_change": signed_change(control["change_points"] if control else None, ""),
    }


def figure_rows(merged: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """The county's figures: value, numbers, a year before and the change in points."""
    return [
        {
            "name": figure["name_zh"] if lang == "zh" else figure["name_en"],
            "value": figure["value"],
            "fraction": f"{figure['numerator']}/{figure['denominator']}",
            "previous": figure["previous"],
            "change_points": signed_change(figure["change_points"], ""),
        }
        for figure in merged["total"]["figures"]
    ]


def county_headline(merged: Mapping[str, Any], lang: str) -> str:
    """How many townships, the distinct persons supervised, and those in two townships."""
    line = t(
        "county.headline",
        lang,
        townships=len(merged["townships"]),
        period=merged["period"],
        persons=merged["persons_distinct"],
    )
    duplicates = merged["duplicates"]
    if duplicates["persons"]:
        pairs = "；".join(
            t("county.pair", lang, codes="+".join(pair["codes"]), persons=pair["persons"])
            for pair in duplicates["townships"]
        )
        line += t("county.duplicates", lang, persons=duplicates["persons"], pairs=pairs)
    return line
