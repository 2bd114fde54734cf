"""The county's roll-up as shown (``yuesong county merge``): a row a township and the
total, the total's figures with 同比, and the persons found in more than one township
(by count and township pair only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yuesong_cli.messages import t
from yuesong_cli.output.figures import DASH, changes, percent, rate_of, signed_change
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
        # From the counts, rounded once, as a township's own report shows it.
        "control_rate": rate_of(control, "numerator", "denominator", "value") if control else None,
        "control_change": signed_change(changes(control)[1] if control else None, ""),
    }


def figure_rows(merged: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """The county's figures: value, numbers, a year before and the change in points."""
    return [
        {
            "name": figure["name_zh"] if lang == "zh" else figure["name_en"],
            "value": rate_of(figure, "numerator", "denominator", "value"),
            "fraction": f"{figure['numerator']}/{figure['denominator']}",
            "previous": rate_of(figure, "previous_numerator", "previous_denominator", "previous"),
            "change_points": signed_change(changes(figure)[1], ""),
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


def county_html(merged: Mapping[str, Any], lang: str) -> str:
    """The county's roll-up as one self-contained HTML page that prints on A4, drawn as
    the quarterly report is (output/quarterly.py): the townships' table, the county's
    figures with 同比, a bar a township for the control rate, and the county's rate of
    each rule."""
    from yuesong_cli.output.quarterly import (
        PAGE_CSS,
        Bar,
        HtmlTable,
        bar_chart,
        html_figure,
        html_table,
        html_text,
    )

    def say(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    title = say("county.title", period=merged["period"])
    rows = township_rows(merged, lang)
    townships = HtmlTable(
        [say(column.label) for column in TOWNSHIP_COLUMNS],
        [[_cell(row[column.key], column.kind) for column in TOWNSHIP_COLUMNS] for row in rows],
        frozenset(range(2, len(TOWNSHIP_COLUMNS))),
    )
    figures = HtmlTable(
        [say(column.label) for column in COUNTY_FIGURE_COLUMNS],
        [
            [_cell(row[column.key], column.kind) for column in COUNTY_FIGURE_COLUMNS]
            for row in figure_rows(merged, lang)
        ],
        frozenset({1, 2, 3, 4}),
    )
    control = [
        Bar(row["name"], row["control_rate"], _cell(row["control_rate"], "percent")) for row in rows
    ]
    rules = [
        Bar(row["name"], row["value"], _cell(row["value"], "percent"))
        for figure, row in zip(merged["total"]["figures"], figure_rows(merged, lang), strict=True)
        if str(figure["key"]).startswith("rule.")
    ]
    empty = say("county.chart.empty")
    none = say("county.none")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html_text(title)}</title>",
        f"<style>{PAGE_CSS}</style>",
        "</head>",
        "<body>",
        f"<header>\n<h1>{html_text(title)}</h1>",
        f'<p class="meta">{html_text(county_headline(merged, lang))}</p>\n</header>',
        f"<section>\n<h2>{html_text(say('county.section.townships'))}</h2>",
        html_table(townships, none),
        html_figure(
            bar_chart(control, say("county.chart.control"), 1.0, True, empty),
            say("county.chart.control"),
        ),
        "</section>",
        f"<section>\n<h2>{html_text(say('county.section.figures'))}</h2>",
        html_table(figures, none),
        html_figure(
            bar_chart(rules, say("county.chart.rules"), 1.0, True, empty),
            say("county.chart.rules"),
        ),
        "</section>",
        f"<footer>{html_text(say('county.footer', version=merged['version']))}</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _cell(value: Any, kind: str) -> str:
    """A value as the page prints it: a rate as the screen writes it, nothing as a dash."""
    if kind == "percent":
        return percent(value)
    return DASH if value is None or value == "" else str(value)
