"""The quarterly report as a document (Markdown and one self-contained HTML file), from a
hand-made summary in the shape of ``Summary.as_dict()``. Fictional data, names masked."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import pytest

from yuesong_cli.output.quarterly import QuarterlyReport, quarterly_html, quarterly_markdown

HEADINGS_ZH = [
    "一、主要指标",
    "二、各项帮教完成情况",
    "三、周完成率",
    "四、人员状态",
    "五、各村情况",
    "六、需要关注的人员",
]
HEADINGS_EN = [
    "1. Key figures",
    "2. Helping obligations by rule",
    "3. Weekly completion rate",
    "4. Persons by status",
    "5. By village",
    "6. Persons needing attention",
]
TITLE = "岳宋乡社区戒毒社区康复工作季度报告（2026Q3）"


def figure(
    key: str,
    zh: str,
    en: str,
    counts: tuple[int, int],
    before: tuple[int, int] | None,
) -> dict[str, Any]:
    """A figure as ``Figure.as_dict()`` gives it, worked out from its counts."""
    value = counts[0] / counts[1] if counts[1] else None
    previous = before[0] / before[1] if before and before[1] else None
    change_pct = change_points = None
    if value is not None and previous is not None:
        change_points = round((value - previous) * 100, 2)
        change_pct = round((value - previous) / previous * 100, 2) if previous else None
    return {
        "key": key,
        "name_zh": zh,
        "name_en": en,
        "value": None if value is None else round(value, 4),
        "numerator": counts[0],
        "denominator": counts[1],
        "previous": None if previous is None else round(previous, 4),
        "previous_numerator": before[0] if before else None,
        "previous_denominator": before[1] if before else None,
        "change_pct": change_pct,
        "change_points": change_points,
    }


def sample_summary() -> dict[str, Any]:
    figures = [
        figure("rule.meet", "见面率", "meeting rate", (173, 200), (160, 200)),
        figure("rule.talk", "谈话率", "talk rate", (90, 100), (95, 100)),
        figure("rule.urine", "尿检率", "urine-test rate", (0, 0), (3, 4)),
        figure("control_rate", "管控率", "control rate", (30, 40), (30, 40)),
        figure("relapse_rate", "复吸率", "relapse rate", (2, 40), (0, 38)),
        figure("new_rate", "新增率", "new-user rate", (1, 40), None),
    ]
    weekly = [
        {"week_start": "2026-07-06", "week_end": "2026-07-12", "due": 20, "kept": 18, "rate": 0.9},
        {"week_start": "2026-07-13", "week_end": "2026-07-19", "due": 0, "kept": 0, "rate": None},
        {"week_start": "2026-07-20", "week_end": "2026-07-26", "due": 16, "kept": 12, "rate": 0.75},
        {"week_start": "2026-07-27", "week_end": "2026-08-02", "due": 10, "kept": 10, "rate": 1.0},
    ]
    return {
        "period": "2026Q3",
        "start": "2026-07-01",
        "end": "2026-09-30",
        "previous_period": "2025Q3",
        "as_of": "2026-09-30",
        "figures": figures,
        "rules": [
            {"rule": "meet", "due": 200, "kept": 173, "missed": 25, "open": 2, "late": 4},
            {"rule": "talk", "due": 100, "kept": 90, "missed": 10, "open": 0, "late": 0},
            {"rule": "urine", "due": 0, "kept": 0, "missed": 0, "open": 0, "late": 0},
        ],
        "by_status": {"community_treatment": 25, "community_rehab": 12, "none": 3},
        "by_village": [
            {
                "name": "<b>村",
                "persons": 22,
                "supervised": 20,
                "due": 150,
                "kept": 130,
                "missed": 20,
                "figures": [figure("control_rate", "管控率", "control rate", (15, 20), None)],
            },
            {
                "name": "岳宋",
                "persons": 18,
                "supervised": 17,
                "due": 0,
                "kept": 0,
                "missed": 0,
                "figures": [figure("control_rate", "管控率", "control rate", (0, 0), None)],
            },
        ],
        "weekly": weekly,
    }


def make_report(**changes: Any) -> QuarterlyReport:
    values: dict[str, Any] = {
        "township": "岳宋乡",
        "period": "2026Q3",
        "start": dt.date(2026, 7, 1),
        "end": dt.date(2026, 9, 30),
        "previous_period": "2025Q3",
        "generated_on": dt.date(2026, 10, 8),
        "summary": sample_summary(),
        "status_labels": {"community_treatment": "社区戒毒", "community_rehab": "社区康复"},
        "rule_names": {"meet": "一周一见面", "talk": "半月一谈话", "urine": "尿检"},
        "action": [
            {
                "case_no": "YS-0012",
                "name": "艾*",
                "village": "<b>村",
                "alert": "失联",
                "severity": "高",
                "since": "2026-09-01",
                "detail": 'said "back soon" & left <script>',
            },
            {
                "case_no": "YS-0031",
                "name": "叶**",
                "village": "岳宋",
                "alert": "连续未见面",
                "severity": "中",
                "since": "2026-09-14",
                "detail": "3 周 | 未见面",
            },
        ],
    }
    values.update(changes)
    return QuarterlyReport(**values)


def empty_summary() -> dict[str, Any]:
    return {
        "period": "2026Q3",
        "start": "2026-07-01",
        "end": "2026-09-30",
        "previous_period": "2025Q3",
        "as_of": "2026-09-30",
        "figures": [figure("control_rate", "管控率", "control rate", (0, 0), None)],
        "rules": [],
        "by_status": {},
        "by_village": [],
        "weekly": [],
    }


# Tags that must open and close in order (void HTML elements and self-closed SVG shapes
# are left out).
VOID = {"meta", "br", "hr", "img", "link", "input"}


class TagBalance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.seen: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def parse(document: str) -> TagBalance:
    parser = TagBalance()
    parser.feed(document)
    parser.close()
    return parser


def svgs(document: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", document, flags=re.DOTALL)


def leaked(text: str) -> list[str]:
    """Signs of a value printed as Python would: nan, inf, None."""
    return re.findall(r"\b(?:nan|NaN|inf|Infinity|None|null)\b", text)


# --- HTML -----------------------------------------------------------------------------


def test_html_tags_balance() -> None:
    parser = parse(quarterly_html(make_report()))
    assert parser.errors == []
    assert parser.stack == []
    for tag in ("html", "head", "style", "body", "section", "table", "svg", "footer"):
        assert tag in parser.seen


def test_html_is_self_contained() -> None:
    document = quarterly_html(make_report())
    links = re.findall(r"https?://[^\s\"'<>)]+", document)
    assert set(links) == {"http://www.w3.org/2000/svg"}
    assert "<script" not in document
    for reference in ("<link", "@import", "url(", "<img", "src="):
        assert reference not in document


def test_html_prints_on_a4_in_a_cjk_font() -> None:
    document = quarterly_html(make_report())
    assert "@page { size: A4; margin: 15mm; }" in document
    assert "break-inside: avoid" in document
    assert '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei"' in document
    assert document.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in document
    assert '<meta charset="utf-8">' in document


def test_html_holds_every_section_in_order() -> None:
    document = quarterly_html(make_report())
    assert f"<h1>{TITLE}</h1>" in document
    places = [document.index(f"<h2>{heading}</h2>") for heading in HEADINGS_ZH]
    assert places == sorted(places)
    assert "统计期间：2026年7月1日至2026年9月30日" in document
    assert "生成日期：2026年10月8日" in document
    assert "同比期间：2025Q3" in document
    assert "分子÷分母" in document[places[-1] :]


def test_html_figures_table() -> None:
    document = quarterly_html(make_report())
    for column in ("指标", "本期", "分子/分母", "去年同期", "同比变化(%)", "变化(百分点)"):
        assert f"<th>{column}</th>" in document
    row = (
        "<tr><td>见面率</td>"
        '<td class="num">86.5%</td>'
        '<td class="num">173/200</td>'
        '<td class="num">80.0% (160/200)</td>'
        '<td class="num">↑8.1%</td>'
        '<td class="num">↑6.5</td></tr>'
    )
    assert row in document
    assert '<td class="num">↓5.3%</td><td class="num">↓5.0</td>' in document  # 谈话率
    # 尿检率: nothing due this period; a rate a year before but nothing to compare it with.
    assert (
        '<tr><td>尿检率</td><td class="num">—</td><td class="num">0/0</td>'
        '<td class="num">75.0% (3/4)</td><td class="num">—</td><td class="num">—</td></tr>'
    ) in document
    # 管控率 unchanged: no sign, no arrow.
    assert '<td class="num">0.0%</td><td class="num">0.0</td>' in document
    # 新增率: no period a year before.
    assert '<td class="num">2.5%</td><td class="num">1/40</td><td class="num">—</td>' in document


def test_html_rules_villages_status() -> None:
    document = quarterly_html(make_report())
    assert (
        '<tr><td>一周一见面</td><td class="num">200</td><td class="num">173</td>'
        '<td class="num">25</td><td class="num">2</td><td class="num">4</td>'
        '<td class="num">86.5%</td></tr>'
    ) in document
    assert '<tr><td>社区戒毒</td><td class="num">25</td><td class="num">62.5%</td></tr>' in document
    assert "<td>无状态记录</td>" in document  # a status key the caller gave no label
    assert '<td class="num">75.0% (15/20)</td>' in document
    assert '<td class="num">— (0/0)</td>' in document


def test_html_escapes_text_from_the_database() -> None:
    document = quarterly_html(make_report(township="岳宋<i>乡"))
    assert "<b>村" not in document
    assert "&lt;b&gt;村" in document
    assert "岳宋&lt;i&gt;乡" in document
    assert "<i>" not in document
    assert "&lt;script&gt;" in document
    assert "&quot;back soon&quot; &amp; left" in document
    assert "<td>艾*</td>" in document


def test_html_has_a_chart_for_each_figure_section() -> None:
    document = quarterly_html(make_report())
    charts = svgs(document)
    assert len(charts) == 3  # rules, weekly, statuses
    for chart in charts:
        root = ET.fromstring(chart)  # well-formed XML on its own
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", root.attrib["viewBox"])
    sections = document.split("<h2>")
    for heading in ("二、各项帮教完成情况", "三、周完成率", "四、人员状态"):
        section = next(s for s in sections if s.startswith(heading))
        assert section.count("<svg") == 1


def test_weekly_chart_leaves_a_gap_for_a_week_with_nothing_due() -> None:
    chart = svgs(quarterly_html(make_report()))[1]
    root = ET.fromstring(chart)
    ns = {"s": "http://www.w3.org/2000/svg"}
    labels = [t.text for t in root.iterfind(".//s:text", ns)]
    assert ["07-06", "07-13", "07-20", "07-27"] == [
        x for x in labels if x and re.fullmatch(r"\d\d-\d\d", x)
    ]
    assert {"0%", "20%", "100%"} <= set(labels)
    assert len(root.findall("s:circle", ns)) == 3  # no marker for the week with nothing due
    lines = root.findall("s:polyline", ns)
    assert len(lines) == 1  # 07-20 to 07-27; 07-06 stands alone before the gap
    assert len(lines[0].attrib["points"].split()) == 2


def test_rule_chart_draws_no_bar_for_a_rule_with_nothing_due() -> None:
    chart = svgs(quarterly_html(make_report()))[0]
    root = ET.fromstring(chart)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert len(root.findall("s:rect", ns)) == 2
    labels = [t.text for t in root.iterfind(".//s:text", ns)]
    assert "一周一见面" in labels and "86.5%" in labels and "—" in labels


def test_html_with_empty_lists_and_missing_values() -> None:
    report = make_report(summary=empty_summary(), action=[], status_labels={}, rule_names={})
    document = quarterly_html(report)
    parser = parse(document)
    assert parser.errors == [] and parser.stack == []
    assert leaked(document) == []
    for heading in HEADINGS_ZH:
        assert f"<h2>{heading}</h2>" in document
    assert '<p class="empty">无</p>' in document
    charts = svgs(document)
    assert len(charts) == 3
    for chart in charts:
        ET.fromstring(chart)
        assert "无数据" in chart


def test_html_with_all_zero_counts() -> None:
    summary = sample_summary()
    summary["by_status"] = {"community_treatment": 0}
    summary["weekly"] = [
        {"week_start": "2026-07-06", "week_end": "2026-07-12", "due": 0, "kept": 0, "rate": None}
    ]
    summary["rules"] = [
        {"rule": "meet", "due": 0, "kept": 0, "missed": 0, "open": 0, "late": 0},
    ]
    document = quarterly_html(make_report(summary=summary))
    assert leaked(document) == []
    for chart in svgs(document):
        ET.fromstring(chart)


def test_html_in_english() -> None:
    document = quarterly_html(make_report(lang="en"))
    assert '<html lang="en">' in document
    for heading in HEADINGS_EN:
        assert f"<h2>{heading}</h2>" in document
    assert "<td>meeting rate</td>" in document
    assert "Generated on: 2026-10-08" in document


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        make_report(lang="fr")


# --- Markdown -------------------------------------------------------------------------


def test_markdown_holds_the_same_sections() -> None:
    text = quarterly_markdown(make_report())
    assert text.startswith(f"# {TITLE}\n")
    places = [text.index(f"\n## {heading}\n") for heading in HEADINGS_ZH]
    assert places == sorted(places)
    assert "<" not in text.replace("\\<", "")  # no HTML, and none let through from data
    assert "分子÷分母" in text


def test_markdown_has_a_row_per_figure() -> None:
    text = quarterly_markdown(make_report())
    assert "| 指标 | 本期 | 分子/分母 | 去年同期 | 同比变化(%) | 变化(百分点) |" in text
    assert "| 见面率 | 86.5% | 173/200 | 80.0% (160/200) | ↑8.1% | ↑6.5 |" in text
    for name in ("见面率", "谈话率", "尿检率", "管控率", "复吸率", "新增率"):
        assert len(re.findall(rf"^\| {name} \|", text, flags=re.MULTILINE)) == 1


def test_markdown_weekly_rates_as_a_table() -> None:
    text = quarterly_markdown(make_report())
    assert "| 07-06 ~ 07-12 | 20 | 18 | 90.0% |" in text
    assert "| 07-13 ~ 07-19 | 0 | 0 | — |" in text


def test_markdown_escapes_cells() -> None:
    text = quarterly_markdown(make_report())
    assert "| YS-0031 | 叶** | 岳宋 | 连续未见面 | 中 | 2026-09-14 | 3 周 \\| 未见面 |" in text
    assert "\\<b\\>村" in text
    table_rows = [line for line in text.splitlines() if line.startswith("| YS-")]
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 8 for row in table_rows)


def test_markdown_with_empty_lists_and_missing_values() -> None:
    text = quarterly_markdown(make_report(summary=empty_summary(), action=[]))
    assert leaked(text) == []
    for heading in HEADINGS_ZH:
        assert f"## {heading}" in text
    action = text.split("## 六、需要关注的人员")[1]
    assert action.lstrip().startswith("无")
    assert "| 管控率 | — | 0/0 | — | — | — |" in text


def test_markdown_in_english() -> None:
    text = quarterly_markdown(make_report(lang="en"))
    for heading in HEADINGS_EN:
        assert f"## {heading}" in text
    assert "| meeting rate | 86.5% |" in text


def test_rates_are_worked_out_from_numerator_and_denominator() -> None:
    # The summary rounds a rate to four places; 3/194 is 1.546 %, not the 1.55 % the
    # rounded value would print as 1.6 %.
    summary = sample_summary()
    summary["figures"] = [
        figure("relapse_rate", "复吸率", "relapse rate", (3, 194), (4, 161)),
        figure("rule.urine", "尿检率", "urine-test rate", (263, 295), None),
    ]
    assert summary["figures"][0]["value"] == 0.0155
    text = quarterly_markdown(make_report(summary=summary))
    assert "| 复吸率 | 1.5% | 3/194 | 2.5% (4/161) | ↓37.8% | ↓0.9 |" in text
    assert "| 尿检率 | 89.2% | 263/295 | — | — | — |" in text


def test_status_chart_counts_in_whole_numbers() -> None:
    summary = sample_summary()
    summary["by_status"] = {"community_treatment": 111, "community_rehab": 7}
    chart = svgs(quarterly_html(make_report(summary=summary)))[2]
    root = ET.fromstring(chart)
    ns = {"s": "http://www.w3.org/2000/svg"}
    ticks = [t.text or "" for t in root.iterfind("s:text", ns) if t.get("font-size") == "10"]
    assert ticks == ["0", "25", "50", "75", "100", "125"]
