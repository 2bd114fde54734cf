"""A figure reads the same wherever it is shown (output/figures.py): on the screen
(table, plain, CSV), in an exported file (CSV, JSON, XLSX) and in the quarterly report
(Markdown, HTML). Rounding is half up on the decimal value: a change of 1.25 is ↑1.3%
everywhere, where the screen once showed ↑1.2% and the quarterly report ↑1.3%.

The ledger: three persons registered on 2025-07-01, one with a complete file, and four
more on 2026-08-01. 录入率 (entry rate) is 1/3 in 2025Q3 and 1/7 in 2026Q3: a change of
(1/7 − 1/3) × 100 = −19.047… points, which the screen once rounded twice (−19.05, then
↓19.1) and the quarterly report once (↓19.0).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from conftest import InvokeResult, build_ledger, cli, id_number, ok

from yuesong_cli.output.figures import changes, percent, signed_change

Run = Callable[..., InvokeResult]

AS_OF = "2026-11-29"
COMPLETE_FILE = (
    "--ethnicity", "佤族", "--household-address", "岳宋村一组", "--current-address",
    "岳宋村一组", "--group", "一组", "--drugs", "heroin", "--method", "inhaled", "--doc",
    "西公(禁)决字〔2025〕1号", "--decision-date", "2025-06-25", "--risk", "medium",
)  # fmt: skip
ENTRY_CHANGE = ("↓57.1%", "↓19.0")


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1.25, "%", "↑1.3%"),  # half up, not half to even
        (-1.25, "", "↓1.3"),
        (1.2500000000000011, "%", "↑1.3%"),  # (0.81 − 0.80) ÷ 0.80 × 100 in floats
        (-19.047619047619047, "", "↓19.0"),
        (0.04, "%", "0.0%"),
        (-0.04, "", "0.0"),
        (None, "%", "—"),
        (math.nan, "", "—"),
    ],
)
def test_a_change_is_an_arrow_and_a_size_rounded_half_up(
    value: float | None, unit: str, shown: str
) -> None:
    assert signed_change(value, unit) == shown


@pytest.mark.parametrize(
    ("rate", "shown"),
    [(0.865, "86.5%"), (0.8915, "89.2%"), (0.0625, "6.3%"), (1.0, "100.0%"), (None, "—")],
)
def test_a_rate_is_a_percentage_rounded_half_up(rate: float | None, shown: str) -> None:
    # 0.8915 × 100 is 89.14999… in floats: scaled as a decimal, it is 89.15 -> 89.2.
    assert percent(rate) == shown


def test_a_change_is_worked_out_from_the_counts_not_its_rounded_value() -> None:
    figure = {
        "numerator": 1,
        "denominator": 7,
        "previous_numerator": 1,
        "previous_denominator": 3,
        "change_pct": -57.14,
        "change_points": -19.05,  # rounded to 2 places: rounding it again gives 19.1
    }
    pct, points = changes(figure)
    assert (signed_change(pct, "%"), signed_change(points, "")) == ENTRY_CHANGE
    # Without counts (an older summary), the stored changes are what there is.
    assert changes({"change_pct": 2.5, "change_points": None}) == (2.5, None)


# --- the same figure on the screen, in files and in the quarterly report ----------------


def build(run: Run) -> None:
    def register(sequence: int, since: str, *options: str) -> None:
        number = id_number(sequence, dt.date(1990, 1, 1))
        ok(run("person", "add", "--name", f"甲{sequence}", "--id-number", number,
               "--since", since, "--village", "岳宋村", *options))  # fmt: skip

    register(101, "2025-07-01", *COMPLETE_FILE)
    for sequence in (102, 103):
        register(sequence, "2025-07-01")
    for sequence in (104, 105, 106, 107):
        register(sequence, "2026-08-01")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return cli(build_ledger(tmp_path_factory.mktemp("figures") / "figures.db", build))


def summary(run: Run, *options: str) -> InvokeResult:
    return run("report", "summary", "--period", "2026Q3", "--as-of", AS_OF, *options)


def csv_figures(text: str) -> dict[str, tuple[str, str]]:
    """Figure name -> (change in percent, change in points) from a summary as CSV."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    start = rows.index(["指标", "本期", "分子/分母", "去年同期", "同比变化(%)", "变化(百分点)"])
    found = {}
    for row in rows[start + 1 :]:
        if not row:
            break
        found[row[0]] = (row[4], row[5])
    return found


def markdown_figures(text: str) -> dict[str, tuple[str, str]]:
    """The same from the quarterly report's Markdown figures table."""
    lines = text.splitlines()
    start = lines.index("## 一、主要指标")
    found = {}
    for line in lines[start + 4 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        found[cells[0]] = (cells[4], cells[5])
    return found


def test_the_entry_rate_change_reads_the_same_everywhere(ledger: Run, tmp_path: Path) -> None:
    def line_of(text: str) -> str:
        return next(line for line in text.splitlines() if "录入率" in line)

    for fmt in ("plain", "table"):
        line = line_of(ok(summary(ledger, "--format", fmt)))
        assert all(shown in line for shown in ENTRY_CHANGE), (fmt, line)
    assert csv_figures(ok(summary(ledger, "--format", "csv")))["录入率"] == ENTRY_CHANGE

    target = tmp_path / "summary.csv"
    assert summary(ledger, "--export", str(target)).exit_code == 0
    assert csv_figures(target.read_text(encoding="utf-8"))["录入率"] == ENTRY_CHANGE

    target = tmp_path / "summary.json"
    assert summary(ledger, "--export", str(target)).exit_code == 0
    rows = json.loads(target.read_text(encoding="utf-8"))["主要指标"]
    entry = next(row for row in rows if row["name"] == "录入率")
    assert (entry["change_pct"], entry["change_points"]) == ENTRY_CHANGE

    target = tmp_path / "summary.xlsx"
    assert summary(ledger, "--export", str(target)).exit_code == 0
    sheet = openpyxl.load_workbook(target)["主要指标"]
    entry_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "录入率")
    assert entry_row[4:6] == ENTRY_CHANGE

    folder = tmp_path / "quarterly"
    folder.mkdir()
    result = ledger(
        "report", "quarterly", "--quarter", "2026Q3", "--as-of", AS_OF, "--out", str(folder)
    )
    assert result.exit_code == 0, result.stderr
    markdown = next(folder.glob("*.md")).read_text(encoding="utf-8")
    assert markdown_figures(markdown)["录入率"] == ENTRY_CHANGE
    html = next(folder.glob("*.html")).read_text(encoding="utf-8")
    row = next(r for r in html.split("<tr>") if "<td>录入率</td>" in r)
    assert all(f'<td class="num">{shown}</td>' in row for shown in ENTRY_CHANGE)


def test_every_figure_reads_the_same_on_the_screen_and_in_the_quarterly_report(
    ledger: Run, tmp_path: Path
) -> None:
    printed = csv_figures(ok(summary(ledger, "--format", "csv")))
    ledger("report", "quarterly", "--quarter", "2026Q3", "--as-of", AS_OF, "--out", str(tmp_path))
    reported = markdown_figures(next(tmp_path.glob("*.md")).read_text(encoding="utf-8"))
    assert printed == reported
    # Five rules, four rates, the minors, the education coverage, training and jobs.
    assert len(printed) == 13
