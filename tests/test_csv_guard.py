"""One CSV writer, guarded against spreadsheet formulas, for ``--format csv`` and for
``--export FILE.csv`` alike (OWASP "CSV injection"; docs/security.md §7): a cell starting
with =, +, -, @, a tab or a carriage return opens as text, whether it is printed or
written to a file. A real number in a number column stays a number, negative or not.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import InvokeResult, id_number, ok

from yuesong_cli.output.exports import Sheet, write_export
from yuesong_cli.output.render import Column, Document, Renderer, Section, csv_text

Run = Callable[..., InvokeResult]

FORMULA = '=HYPERLINK("http://x","y")'
GUARDED = "'" + FORMULA
BOM = "\ufeff"


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))


@pytest.fixture
def formula_village(yuesong: Run) -> None:
    number = id_number(123, dt.date(1990, 1, 1))
    ok(yuesong("person", "add", "--name", "艾那", "--id-number", number, "--village", FORMULA))


def test_person_list_csv_on_stdout_guards_a_formula(yuesong: Run, formula_village: None) -> None:
    header, row = read_csv(ok(yuesong("person", "list", "--format", "csv")))
    assert row[header.index("村委会")] == GUARDED


def test_person_list_export_guards_the_same_cell_the_same_way(
    yuesong: Run, formula_village: None, tmp_path: Path
) -> None:
    target = tmp_path / "名册.csv"
    assert yuesong("person", "list", "--export", str(target)).exit_code == 0
    exported = read_csv(target.read_text(encoding="utf-8"))
    printed = read_csv(ok(yuesong("person", "list", "--format", "csv")))
    assert exported[1][exported[0].index("村委会")] == GUARDED
    # The same writer: the file holds what stdout prints, cell for cell.
    assert exported == printed


def test_a_persons_file_as_csv_guards_its_fields(yuesong: Run, formula_village: None) -> None:
    rows = read_csv(ok(yuesong("person", "show", "YS-0001", "--format", "csv")))
    assert dict(row for row in rows if len(row) == 2)["村委会"] == GUARDED


def test_a_report_as_csv_guards_its_fields(yuesong: Run, formula_village: None) -> None:
    text = ok(yuesong("report", "person", "YS-0001", "--format", "csv"))
    rows = [row for row in read_csv(text) if len(row) == 2]
    assert dict(rows)["村委会"] == GUARDED


# --- the rule, in the one writer ---------------------------------------------------------

COLUMNS = (
    Column("days", "col.days", "number"),
    Column("note", "col.note"),
    Column("rate", "col.rate", "percent"),
)
ROWS = [
    {"days": -3, "note": "-3", "rate": -0.25},
    {"days": 2, "note": "+1", "rate": 0.5},
    {"days": None, "note": "@sum", "rate": None},
    {"days": 0, "note": "\tx", "rate": 0.0},
    {"days": "-1", "note": "=1+1", "rate": 1.0},
]
# A real number is written as one (negative too); text is guarded whatever its column.
EXPECTED = [
    ["天数", "内容", "完成率"],
    ["-3", "'-3", "-25.0%"],
    ["2", "'+1", "50.0%"],
    ["", "'@sum", ""],
    ["0", "'\tx", "0.0%"],
    ["'-1", "'=1+1", "100.0%"],
]


def test_stdout_csv_writes_numbers_as_numbers_and_guards_text() -> None:
    out = io.StringIO()
    Renderer("csv", "zh", out=out).rows(ROWS, COLUMNS)
    assert read_csv(out.getvalue()) == EXPECTED


def test_a_csv_file_follows_the_same_rule(tmp_path: Path) -> None:
    target = tmp_path / "rows.csv"
    write_export(target, [Sheet("rows", COLUMNS, ROWS)], Renderer(None, "zh", out=io.StringIO()))
    assert read_csv(target.read_bytes().decode("utf-8")) == EXPECTED


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_each_character_that_starts_a_formula_is_guarded(start: str) -> None:
    assert csv_text(f"{start}1") == f"'{start}1"
    assert csv_text(f"1{start}") == f"1{start}"


def test_titles_and_labels_are_guarded_too(tmp_path: Path) -> None:
    out = io.StringIO()
    document = Document(
        "=title",
        fields=[(Column("village", "col.village"), "-village")],
        sections=[("rows", Section("col.note", COLUMNS, ROWS[:1]))],
    )
    Renderer("csv", "zh", out=out).document(document)
    assert read_csv(out.getvalue())[0] == ["村委会", "'-village"]
    target = tmp_path / "two.csv"
    renderer = Renderer(None, "zh", out=io.StringIO())
    write_export(target, [Sheet("=a", COLUMNS, ROWS[:1]), Sheet("@b", COLUMNS, [])], renderer)
    rows = read_csv(target.read_bytes().decode("utf-8"))
    assert [rows[0], rows[4]] == [["'=a"], ["'@b"]]
