"""The quarterly report (一季一汇报) as a document: Markdown, or one self-contained HTML file
that prints on A4. Pure code: it takes the summary as ``Summary.as_dict()`` gives it and
the list of persons needing action, already masked by the caller, and returns text.

The tables are built once, in the report's language, and then written out as HTML or as
Markdown, so both documents hold the same figures (hledger's habit: report, then render).
The charts are inline SVG written here by hand: the file must open on an offline laptop
and print the same in any browser, with no plotting library, font or script to fetch.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from html import escape
from typing import Any

from yuesong_cli.output.figures import (
    DASH,
    changes,
    finite,
    percent,
    rate_of,
    ratio,
    signed_change,
)

# Headings and labels, (zh, en) like the message catalog; kept here because only this
# document uses them.
_WORDS: dict[str, tuple[str, str]] = {
    "title": (
        "{township}社区戒毒社区康复工作季度报告（{period}）",
        "{township} community drug treatment and rehabilitation: quarterly report ({period})",
    ),
    "meta.period": ("统计期间：{start}至{end}", "Period: {start} to {end}"),
    "meta.as_of": ("数据截至：{as_of}", "Figures as of: {as_of}"),
    "meta.previous": ("同比期间：{previous}", "Compared with: {previous}"),
    "meta.generated": ("生成日期：{generated}", "Generated on: {generated}"),
    "meta.separator": ("；", "; "),
    "goals": ("工作目标：{goals}", "Goals: {goals}"),
    "goal.none": ("一无（辖区无未成年人吸毒）", "no minor using"),
    "goal.down": ("二降（新增率、复吸率同比下降）", "two down (new-user and relapse rates)"),
    "goal.up": (
        "三升（教育覆盖率、录入率、管控率同比上升）",
        "three up (education coverage, entry and control rates)",
    ),
    "goal.met": ("达成", "met"),
    "goal.missed": ("未达成", "not met"),
    "goal.unknown": ("无法比较", "cannot compare"),
    "goal.figure": ("{name}{mark}", "{name} {mark}"),
    "heading.figures": ("一、主要指标", "1. Key figures"),
    "heading.rules": ("二、各项帮教完成情况", "2. Helping obligations by rule"),
    "heading.weekly": ("三、周完成率", "3. Weekly completion rate"),
    "heading.status": ("四、人员状态", "4. Persons by status"),
    "heading.villages": ("五、各村情况", "5. By village"),
    "heading.action": ("六、需要关注的人员", "6. Persons needing attention"),
    "column.figure": ("指标", "Figure"),
    "column.current": ("本期", "This period"),
    "column.fraction": ("分子/分母", "Numerator/denominator"),
    "column.previous": ("去年同期", "Same period last year"),
    "column.change_pct": ("同比变化(%)", "Change (%)"),
    "column.change_points": ("变化(百分点)", "Change (points)"),
    "column.rule": ("帮教项目", "Rule"),
    "column.due": ("应完成", "Due"),
    "column.kept": ("已完成", "Kept"),
    "column.missed": ("未完成", "Missed"),
    "column.open": ("进行中", "Open"),
    "column.late": ("补录", "Entered late"),
    "column.rate": ("完成率", "Rate"),
    "column.week": ("周", "Week"),
    "column.status": ("状态", "Status"),
    "column.persons": ("人数", "Persons"),
    "column.share": ("占比", "Share"),
    "column.village": ("村", "Village"),
    "column.supervised": ("在管", "Supervised"),
    "column.control_rate": ("管控率", "Control rate"),
    "column.case_no": ("案件编号", "Case no."),
    "column.name": ("姓名", "Name"),
    "column.alert": ("预警", "Alert"),
    "column.severity": ("级别", "Severity"),
    "column.since": ("起始日期", "Since"),
    "column.detail": ("说明", "Detail"),
    "chart.rules": ("各项帮教完成率", "Completion rate by rule"),
    "chart.weekly": (
        "各周完成率（按截止日期所在周；空缺处为当周无应完成事项）",
        "Completion rate by week of deadline (gaps: nothing was due that week)",
    ),
    "chart.status": ("各状态人数", "Persons by status"),
    "chart.empty": ("无数据", "No data"),
    "none": ("无", "None"),
    "village.blank": ("（未填村）", "(no village)"),
    "status.none": ("无状态记录", "no status recorded"),
    "closing": (
        "说明：以上数据均由帮教义务模型计算得出（截止日期在本期内的义务），"
        "每项比率均为分子÷分母，分子与分母同列于表中；同比变化为与去年同期相比的变化。",
        "Note: every figure comes from the obligation model (obligations whose deadline "
        "falls in the period); each rate is numerator ÷ denominator, both shown beside it; "
        "changes are against the same period a year before.",
    ),
}
_LANGS = ("zh", "en")


@dataclass(frozen=True, kw_only=True)
class QuarterlyReport:
    """Everything the document shows; nothing is read from the clock or the database.

    ``summary`` is ``Summary.as_dict()``; ``action`` rows are masked by the caller (each
    has case_no, name, village, alert, severity, since, detail)."""

    township: str
    period: str  # as typed back: 2026Q3
    start: dt.date
    end: dt.date
    previous_period: str
    generated_on: dt.date
    summary: dict[str, Any]
    status_labels: dict[str, str] = field(default_factory=dict)
    rule_names: dict[str, str] = field(default_factory=dict)
    action: list[dict[str, Any]] = field(default_factory=list)
    lang: str = "zh"

    def __post_init__(self) -> None:
        if self.lang not in _LANGS:
            raise ValueError(f"lang must be one of {_LANGS}, not {self.lang!r}")


# --- the report, in the report's language ---------------------------------------------


@dataclass(frozen=True)
class _Table:
    headers: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()  # columns set right-aligned


@dataclass(frozen=True)
class _Bar:
    label: str
    value: float | None  # None: nothing to draw (a rate with nothing due)
    text: str  # written beside the bar


def _say(report: QuarterlyReport, key: str, **params: Any) -> str:
    text = _WORDS[key][_LANGS.index(report.lang)]
    return text.format(**params) if params else text


def _title(report: QuarterlyReport) -> str:
    return _say(report, "title", township=report.township, period=report.period)


def _meta_lines(report: QuarterlyReport) -> list[str]:
    as_of = _parse_day(report.summary.get("as_of"))
    parts = [
        _say(report, "meta.period", start=_day(report, report.start), end=_day(report, report.end))
    ]
    if as_of is not None:
        parts.append(_say(report, "meta.as_of", as_of=_day(report, as_of)))
    parts.append(_say(report, "meta.previous", previous=report.previous_period))
    parts.append(_say(report, "meta.generated", generated=_day(report, report.generated_on)))
    return parts


def _figures_table(report: QuarterlyReport) -> _Table:
    rows = []
    for figure in report.summary.get("figures", []):
        name = figure.get("name_en") if report.lang == "en" else figure.get("name_zh")
        now = rate_of(figure, "numerator", "denominator", "value")
        before = rate_of(figure, "previous_numerator", "previous_denominator", "previous")
        change_pct, change_points = changes(figure)
        previous = percent(before)
        if figure.get("previous_denominator") is not None:
            previous += (
                f" ({_fraction(figure.get('previous_numerator'), figure['previous_denominator'])})"
            )
        rows.append(
            [
                _text(name or figure.get("key")),
                percent(now),
                _fraction(figure.get("numerator"), figure.get("denominator")),
                previous,
                signed_change(change_pct, "%"),
                signed_change(change_points, ""),
            ]
        )
    headers = [
        _say(report, key)
        for key in (
            "column.figure",
            "column.current",
            "column.fraction",
            "column.previous",
            "column.change_pct",
            "column.change_points",
        )
    ]
    return _Table(headers, rows, frozenset(range(1, 6)))


def _rule_rows(report: QuarterlyReport) -> list[tuple[str, dict[str, Any]]]:
    return [
        (_text(report.rule_names.get(str(rule.get("rule")), rule.get("rule"))), rule)
        for rule in report.summary.get("rules", [])
    ]


def _rules_table(report: QuarterlyReport) -> _Table:
    rows = [
        [
            name,
            str(_int(rule.get("due"))),
            str(_int(rule.get("kept"))),
            str(_int(rule.get("missed"))),
            str(_int(rule.get("open"))),
            str(_int(rule.get("late"))),
            percent(ratio(rule.get("kept"), rule.get("due"))),
        ]
        for name, rule in _rule_rows(report)
    ]
    headers = [
        _say(report, key)
        for key in (
            "column.rule",
            "column.due",
            "column.kept",
            "column.missed",
            "column.open",
            "column.late",
            "column.rate",
        )
    ]
    return _Table(headers, rows, frozenset(range(1, 7)))


def _rule_bars(report: QuarterlyReport) -> list[_Bar]:
    bars = []
    for name, rule in _rule_rows(report):
        rate = ratio(rule.get("kept"), rule.get("due"))
        bars.append(_Bar(name, rate, percent(rate)))
    return bars


def _weekly_table(report: QuarterlyReport) -> _Table:
    rows = [
        [
            f"{_month_day(week.get('week_start'))} ~ {_month_day(week.get('week_end'))}",
            str(_int(week.get("due"))),
            str(_int(week.get("kept"))),
            percent(rate_of(week, "kept", "due", "rate")),
        ]
        for week in report.summary.get("weekly", [])
    ]
    headers = [
        _say(report, key) for key in ("column.week", "column.due", "column.kept", "column.rate")
    ]
    return _Table(headers, rows, frozenset({1, 2, 3}))


def _status_label(report: QuarterlyReport, key: str) -> str:
    if key in report.status_labels:
        return _text(report.status_labels[key])
    return _say(report, "status.none") if key == "none" else key


def _status_counts(report: QuarterlyReport) -> list[tuple[str, int]]:
    by_status = report.summary.get("by_status", {}) or {}
    return [(_status_label(report, str(key)), _int(count)) for key, count in by_status.items()]


def _status_table(report: QuarterlyReport) -> _Table:
    counts = _status_counts(report)
    total = sum(count for _, count in counts)
    rows = [[label, str(count), percent(ratio(count, total))] for label, count in counts]
    headers = [_say(report, key) for key in ("column.status", "column.persons", "column.share")]
    return _Table(headers, rows, frozenset({1, 2}))


def _status_bars(report: QuarterlyReport) -> list[_Bar]:
    return [_Bar(label, count, str(count)) for label, count in _status_counts(report)]


def _villages_table(report: QuarterlyReport) -> _Table:
    rows = []
    for village in report.summary.get("by_village", []):
        control = next(
            (f for f in village.get("figures", []) if f.get("key") == "control_rate"), None
        )
        rate = DASH
        if control is not None:
            rate = percent(rate_of(control, "numerator", "denominator", "value"))
            rate += f" ({_fraction(control.get('numerator'), control.get('denominator'))})"
        rows.append(
            [
                _text(village.get("name")) or _say(report, "village.blank"),
                str(_int(village.get("persons"))),
                str(_int(village.get("supervised"))),
                str(_int(village.get("due"))),
                str(_int(village.get("kept"))),
                str(_int(village.get("missed"))),
                rate,
            ]
        )
    headers = [
        _say(report, key)
        for key in (
            "column.village",
            "column.persons",
            "column.supervised",
            "column.due",
            "column.kept",
            "column.missed",
            "column.control_rate",
        )
    ]
    return _Table(headers, rows, frozenset(range(1, 7)))


def _action_table(report: QuarterlyReport) -> _Table | None:
    if not report.action:
        return None
    keys = ("case_no", "name", "village", "alert", "severity", "since", "detail")
    rows = [[_text(person.get(key)) for key in keys] for person in report.action]
    return _Table([_say(report, f"column.{key}") for key in keys], rows)


# --- formatting numbers ---------------------------------------------------------------
# Rates and changes read as on the screen and in exports: output/figures.py.


def _fraction(numerator: Any, denominator: Any) -> str:
    if denominator is None:
        return DASH
    return f"{_int(numerator)}/{_int(denominator)}"


def _int(value: Any) -> int:
    number = finite(value)
    return int(number) if number is not None else 0


def _text(value: Any) -> str:
    """Text from the database, on one line; nothing for a missing value."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def _parse_day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _day(report: QuarterlyReport, day: dt.date) -> str:
    if report.lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def _month_day(value: Any) -> str:
    day = _parse_day(value)
    return f"{day.month:02d}-{day.day:02d}" if day is not None else _text(value)


# --- the township's goals: 一无二降三升 (docs/domain.md "The quarterly headline") -----------

# The figures of each goal, and which way each must go.
GOALS = (
    ("goal.none", (("minors", "none"),)),
    ("goal.down", (("new_rate", "down"), ("relapse_rate", "down"))),
    ("goal.up", (("education_coverage", "up"), ("entry_rate", "up"), ("control_rate", "up"))),
)


def figure_verdict(figure: Mapping[str, Any] | None, way: str) -> str:
    """``met``, ``missed`` or ``unknown`` for one figure of a goal: none counted (a
    minor); lower or higher than a year before, compared as exact fractions (0% cannot
    fall, 100% cannot rise: met)."""
    if figure is None:
        return "unknown"
    if way == "none":
        return "met" if figure.get("numerator") == 0 else "missed"
    now = _exact(figure.get("numerator"), figure.get("denominator"))
    before = _exact(figure.get("previous_numerator"), figure.get("previous_denominator"))
    if now is None:
        return "unknown"
    if (way == "up" and now >= 1) or (way == "down" and now == 0):
        return "met"
    if before is None:
        return "unknown"
    return "met" if (now < before if way == "down" else now > before) else "missed"


def _exact(numerator: Any, denominator: Any) -> Fraction | None:
    if not isinstance(numerator, int) or not isinstance(denominator, int) or not denominator:
        return None
    return Fraction(numerator, denominator)


def goals(summary: Mapping[str, Any]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Each goal, met only when each of its figures is: (goal key, verdict, each figure's
    key and verdict). A figure that cannot be compared leaves its goal not met."""
    figures = {f.get("key"): f for f in summary.get("figures", [])}
    found = []
    for goal, parts in GOALS:
        verdicts = [(key, figure_verdict(figures.get(key), way)) for key, way in parts]
        met = all(verdict == "met" for _, verdict in verdicts)
        found.append((goal, "met" if met else "missed", verdicts))
    return found


def _goals_line(report: QuarterlyReport) -> str:
    """一无（…）达成；二降（…）未达成：新增率达成、复吸率未达成；…"""
    names = {f.get("key"): f for f in report.summary.get("figures", [])}
    parts = []
    for goal, verdict, figures in goals(report.summary):
        space = "" if report.lang == "zh" else " "
        text = f"{_say(report, goal)}{space}{_say(report, f'goal.{verdict}')}"
        if len(figures) > 1 and verdict != "met":
            detail = ("、" if report.lang == "zh" else ", ").join(
                _say(
                    report,
                    "goal.figure",
                    name=_figure_name(report, names.get(key), key),
                    mark=_say(report, f"goal.{mark}"),
                )
                for key, mark in figures
            )
            text += f"（{detail}）" if report.lang == "zh" else f" ({detail})"
        parts.append(text)
    return _say(report, "goals", goals=_say(report, "meta.separator").join(parts))


def _figure_name(report: QuarterlyReport, figure: Mapping[str, Any] | None, key: str) -> str:
    if figure is None:
        return key
    return str(figure.get("name_zh" if report.lang == "zh" else "name_en", key))


# --- Markdown -------------------------------------------------------------------------


def quarterly_markdown(report: QuarterlyReport) -> str:
    """The report as Markdown: the same sections and tables as the HTML, without charts
    (the weekly rates are a table)."""
    meta = _say(report, "meta.separator").join(_meta_lines(report))
    lines = [f"# {_md(_title(report))}", "", _md(meta), "", f"**{_md(_goals_line(report))}**", ""]
    sections: list[tuple[str, _Table | None]] = [
        ("heading.figures", _figures_table(report)),
        ("heading.rules", _rules_table(report)),
        ("heading.weekly", _weekly_table(report)),
        ("heading.status", _status_table(report)),
        ("heading.villages", _villages_table(report)),
        ("heading.action", _action_table(report)),
    ]
    for key, table in sections:
        lines += [f"## {_say(report, key)}", ""]
        if table is None or not table.rows:
            lines.append(_say(report, "none"))
        else:
            lines += _md_table(table)
        lines.append("")
    lines += ["---", "", _md(_say(report, "closing")), ""]
    return "\n".join(lines)


def _md_table(table: _Table) -> list[str]:
    align = ["---:" if i in table.numeric else "---" for i in range(len(table.headers))]
    return [
        _md_row(table.headers),
        "| " + " | ".join(align) + " |",
        *(_md_row(row) for row in table.rows),
    ]


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(_md(cell) for cell in cells) + " |"


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\|<>[]`"})


def _md(text: str) -> str:
    # Names and villages come from the database: a "|" would split a cell and a "<" could
    # open raw HTML in a Markdown viewer, so both are escaped. Stars stay as they are: a
    # masked name (艾*) cannot open emphasis, and reads better unescaped.
    return text.translate(_MD_SPECIAL)


# --- HTML -----------------------------------------------------------------------------

_FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

# Black on white with greys only: the report is printed on an office laser printer.
_CSS = f"""
@page {{ size: A4; margin: 15mm; }}
* {{ box-sizing: border-box; }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{
  font-family: {_FONTS};
  font-size: 10.5pt; line-height: 1.5; color: #000; background: #fff;
  max-width: 180mm; margin: 0 auto; padding: 8mm 0;
}}
h1 {{ font-size: 16pt; text-align: center; margin: 0 0 4pt; }}
h2 {{ font-size: 12.5pt; margin: 14pt 0 4pt; break-after: avoid; page-break-after: avoid; }}
p.meta {{ text-align: center; font-size: 9.5pt; margin: 0 0 10pt; }}
p.goals {{ font-weight: bold; border: 0.5pt solid #000; padding: 3pt 6pt; margin: 0 0 10pt; }}
table {{ border-collapse: collapse; width: 100%; margin: 4pt 0 6pt; font-size: 9.5pt; }}
thead {{ display: table-header-group; }}
th, td {{ border: 0.5pt solid #000; padding: 2pt 4pt; vertical-align: top; }}
th {{ background: #e8e8e8; font-weight: bold; text-align: center; }}
td.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
.action td:not(:last-child), .action th:not(:last-child) {{ white-space: nowrap; }}
tr, figure, svg {{ break-inside: avoid; page-break-inside: avoid; }}
figure {{ margin: 6pt 0 8pt; }}
figcaption {{ font-size: 9pt; text-align: center; margin-top: 2pt; }}
svg {{ display: block; width: 100%; height: auto; }}
svg text {{ font-family: {_FONTS}; fill: #000; }}
p.empty {{ margin: 4pt 0; }}
footer {{ margin-top: 14pt; font-size: 9pt; border-top: 0.5pt solid #000; padding-top: 4pt; }}
@media screen {{ body {{ padding: 8mm; }} }}
"""


def quarterly_html(report: QuarterlyReport) -> str:
    """The report as one self-contained HTML file (inline style, inline SVG charts)."""
    meta = _say(report, "meta.separator").join(_meta_lines(report))
    action = _action_table(report)
    none = _say(report, "none")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if report.lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(_title(report))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_h(_title(report))}</h1>",
        f'<p class="meta">{_h(meta)}</p>',
        f'<p class="goals">{_h(_goals_line(report))}</p>',
        "</header>",
        _html_section(
            report,
            "heading.figures",
            _html_table(_figures_table(report), none),
        ),
        _html_section(
            report,
            "heading.rules",
            _html_table(_rules_table(report), none),
            _figure(
                _bar_chart(report, _rule_bars(report), _say(report, "chart.rules"), 1.0, True),
                _say(report, "chart.rules"),
            ),
        ),
        _html_section(
            report,
            "heading.weekly",
            _figure(
                _weekly_chart(report, report.summary.get("weekly", [])),
                _say(report, "chart.weekly"),
            ),
            _html_table(_weekly_table(report), none),
        ),
        _html_section(
            report,
            "heading.status",
            _html_table(_status_table(report), none),
            _figure(
                _bar_chart(report, _status_bars(report), _say(report, "chart.status"), None, False),
                _say(report, "chart.status"),
            ),
        ),
        _html_section(report, "heading.villages", _html_table(_villages_table(report), none)),
        _html_section(
            report,
            "heading.action",
            # Short columns on one line: only the explanation wraps.
            f'<div class="action">{_html_table(action, none)}</div>'
            if action
            else f'<p class="empty">{_h(none)}</p>',
        ),
        f"<footer><p>{_h(_say(report, 'closing'))}</p></footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _h(value: Any) -> str:
    return escape(str(value), quote=True)


def _html_section(report: QuarterlyReport, key: str, *body: str) -> str:
    return "\n".join([f"<section>\n<h2>{_h(_say(report, key))}</h2>", *body, "</section>"])


def _html_table(table: _Table, empty: str) -> str:
    if not table.rows:
        return f'<p class="empty">{_h(empty)}</p>'
    head = "".join(f"<th>{_h(cell)}</th>" for cell in table.headers)
    body = []
    for row in table.rows:
        cells = "".join(
            f'<td class="num">{_h(cell)}</td>' if i in table.numeric else f"<td>{_h(cell)}</td>"
            for i, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table>"
    )


def _figure(svg: str, caption: str) -> str:
    return f"<figure>\n{svg}\n<figcaption>{_h(caption)}</figcaption>\n</figure>"


# What the county's report (output/county_view.py) draws the same way as this one.
Bar = _Bar
HtmlTable = _Table
PAGE_CSS = _CSS
html_text = _h
html_table = _html_table
html_figure = _figure


# --- SVG charts -----------------------------------------------------------------------

_WIDTH = 680
_INK = "#000"
_BAR = "#6e6e6e"  # mid grey: reads as a solid bar in black and white, leaves text legible
_GRID = "#b4b4b4"


def _n(value: float) -> str:
    """A coordinate for SVG: at most two decimals, never NaN (callers only pass finite
    values; a non-finite one becomes 0 rather than a broken attribute)."""
    if not math.isfinite(value):
        value = 0.0
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _svg_open(height: float, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {_n(height)}" '
        f'role="img" aria-label="{_h(label)}" font-size="11">\n<title>{_h(label)}</title>'
    )


def _svg_text(
    x: float, y: float, text: str, anchor: str = "start", size: float | None = None
) -> str:
    sized = f' font-size="{_n(size)}"' if size is not None else ""
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{sized}>{_h(text)}</text>'


def _svg_line(x1: float, y1: float, x2: float, y2: float, colour: str, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="3 3"' if dashed else ""
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
        f'stroke="{colour}" stroke-width="1"{dash} />'
    )


def _empty_chart(report: QuarterlyReport, label: str) -> str:
    return empty_chart(label, _say(report, "chart.empty"))


def empty_chart(label: str, empty: str) -> str:
    """A chart with nothing to draw: its frame and ``empty`` said in it."""
    return "\n".join(
        [
            _svg_open(40, label),
            _svg_text(_WIDTH / 2, 24, empty, "middle"),
            "</svg>",
        ]
    )


def _text_width(text: str, size: float) -> float:
    """Roughly how wide a label draws: a CJK character is one em, anything else about
    0.6 em. Enough to leave room for the labels without measuring fonts."""
    return sum(size if ord(c) > 0x2E7F else size * 0.6 for c in text)


def _nice_top(largest: float) -> tuple[float, float]:
    """An axis top at or above ``largest`` and a step giving at most six gridlines."""
    if largest <= 0:
        return 1.0, 1.0
    rough = largest / 5
    magnitude = 10 ** math.floor(math.log10(rough))
    # Whole steps only: the axis counts persons.
    steps = [m * magnitude for m in (1, 2, 2.5, 5, 10)]
    step = next(s for s in steps if s >= rough and s >= 1 and float(s).is_integer())
    return float(step * math.ceil(largest / step)), float(step)


def _bar_chart(
    report: QuarterlyReport,
    bars: Sequence[_Bar],
    label: str,
    top: float | None,
    as_percent: bool,
) -> str:
    return bar_chart(bars, label, top, as_percent, _say(report, "chart.empty"))


def bar_chart(
    bars: Sequence[_Bar], label: str, top: float | None, as_percent: bool, empty: str
) -> str:
    """Horizontal bars, one a row, labelled on the left, the value written after the bar.
    ``top`` fixes the scale (1.0 for rates); None scales to the largest value; ``empty``
    is said where there is no bar (the county's report draws them too)."""
    if not bars:
        return empty_chart(label, empty)
    values = [v for bar in bars if (v := finite(bar.value)) is not None]
    if top is None:
        top, step = _nice_top(max(values, default=0.0))
    else:
        step = top / 4
    size = 11
    label_width = min(220.0, max(48.0, max(_text_width(bar.label, size) for bar in bars)))
    left = label_width + 14
    right = _WIDTH - 56  # room for the value written after a full bar
    plot = right - left
    row, first = 22, 10
    axis_y = first + row * len(bars)
    height = axis_y + 22
    out = [_svg_open(height, label)]
    ticks = round(top / step) if step > 0 else 0
    for i in range(ticks + 1):
        at = step * i
        x = left + plot * at / top
        out.append(_svg_line(x, first - 4, x, axis_y, _GRID, dashed=i > 0))
        tick = f"{at * 100:.0f}%" if as_percent else f"{at:.0f}"
        out.append(_svg_text(x, axis_y + 14, tick, "middle", 10))
    for i, bar in enumerate(bars):
        y = first + row * i
        middle = y + row / 2
        out.append(_svg_text(left - 6, middle + 4, bar.label, "end", size))
        value = finite(bar.value)
        width = 0.0 if value is None else plot * min(max(value, 0.0), top) / top
        if width > 0:
            out.append(
                f'<rect x="{_n(left)}" y="{_n(y + 4)}" width="{_n(width)}" '
                f'height="{_n(row - 8)}" fill="{_BAR}" stroke="{_INK}" stroke-width="0.5" />'
            )
        out.append(_svg_text(left + width + 4, middle + 4, bar.text, "start", size))
    out.append(_svg_line(left, first - 4, left, axis_y, _INK))
    out.append("</svg>")
    return "\n".join(out)


def _weekly_chart(report: QuarterlyReport, weeks: Sequence[dict[str, Any]]) -> str:
    """The weekly rate as a line with a marker on each week; a week with nothing due
    breaks the line, so no rate is invented for it."""
    label = _say(report, "chart.weekly")
    if not weeks:
        return _empty_chart(report, label)
    left, right, top, bottom = 44.0, _WIDTH - 12.0, 12.0, 200.0
    height = bottom + 34
    plot_w, plot_h = right - left, bottom - top
    band = plot_w / len(weeks)
    out = [_svg_open(height, label)]
    for gridline in range(0, 101, 20):
        y = bottom - plot_h * gridline / 100
        out.append(_svg_line(left, y, right, y, _INK if gridline == 0 else _GRID, gridline > 0))
        out.append(_svg_text(left - 6, y + 3.5, f"{gridline}%", "end", 10))
    every = max(1, math.ceil(len(weeks) / 14))  # labels that do not overlap
    points: list[tuple[float, float] | None] = []
    for i, week in enumerate(weeks):
        x = left + band * (i + 0.5)
        if i % every == 0:
            out.append(_svg_text(x, bottom + 16, _month_day(week.get("week_start")), "middle", 10))
        rate = rate_of(week, "kept", "due", "rate") if _int(week.get("due")) > 0 else None
        points.append(None if rate is None else (x, bottom - plot_h * min(max(rate, 0.0), 1.0)))
    for run in _runs(points):
        if len(run) > 1:
            coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in run)
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{_INK}" stroke-width="1.5" />'
            )
    for point in points:
        if point is not None:
            out.append(
                f'<circle cx="{_n(point[0])}" cy="{_n(point[1])}" r="3" '
                f'fill="#fff" stroke="{_INK}" stroke-width="1.5" />'
            )
    out.append("</svg>")
    return "\n".join(out)


def _runs(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """The unbroken stretches of a line with gaps."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]
