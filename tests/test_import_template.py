"""`import template`: an empty workbook that `import persons`/`import contacts` read back."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest
from conftest import InvokeResult, fails, id_number, ok

from yuesong_cli.domain.imports import CONTACTS, PERSONS, match_headers
from yuesong_cli.domain.vocab import CONTACT_KIND, MODE, STATUS, URINE_RESULT
from yuesong_cli.output.import_template import choices, template_columns

Run = Callable[..., InvokeResult]


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as conn:
        return list(conn.execute(sql))


def write(yuesong: Run, what: str, path: Path) -> openpyxl.Workbook:
    result = yuesong("import", "template", what, "--out", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and str(path) in result.stderr
    return openpyxl.load_workbook(path)


def fill(book: openpyxl.Workbook, path: Path, rows: list[dict[str, object]]) -> None:
    """Put ``rows`` (header: value) under the template's headers, as an officer would."""
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for number, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=number, column=headers.index(header) + 1, value=value)
    book.save(path)


def lists(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, list[str]]:
    """The drop-down lists of a sheet by the header of their column."""
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    found: dict[str, list[str]] = {}
    for rule in sheet.data_validations.dataValidation:
        assert rule.type == "list"
        letter = str(rule.sqref).split(":")[0].rstrip("0123456789")
        found[str(headers[letter])] = str(rule.formula1).strip('"').split(",")
    return found


def test_persons_template_round_trips_through_import_persons(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "out" / "模板.xlsx"
    book = write(yuesong, "persons", path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    data, notes = book.worksheets
    headers = [cell.value for cell in data[1]]
    assert headers[:2] == ["姓名", "身份证号"] and "状态" in headers and "起始日期" in headers
    # In the order an officer fills them in: the status with its day, decision and term
    # together; the ledger's own days, then the notes, last.
    at = headers.index("状态")
    assert headers[at : at + 4] == ["状态", "起始日期", "决定书编号", "决定日期"]
    assert headers[-3:] == ["登记日期", "记录起始日", "备注"]
    # Every header is one the import takes, each for its own column.
    matched = match_headers([str(h) for h in headers], {}, PERSONS)
    assert not matched.unknown and len(set(matched.columns)) == len(headers)
    assert data.column_dimensions["B"].number_format == "@"  # ID numbers stay text
    # The explanation sheet has a row per column, saying which are required.
    explained = {row[0]: row for row in notes.iter_rows(min_row=2, values_only=True)}
    assert list(explained) == headers
    assert explained["姓名"][2] == "必填" and explained["备注"][2] == "选填"
    assert explained["状态"][2] == "必填"  # import persons refuses a file without it
    # A note says what the column is, once: no "。 文字。" after it.
    assert explained["身份证号"][1] == "18 位公民身份号码（本列已设为文本格式）。"
    assert explained["起始日期"][1] == "人员状态的起始日期；不填则取决定日期。日期，如 2026-03-01。"
    assert "社区戒毒" in str(explained["状态"][3])
    assert lists(data)["状态"] == choices(STATUS)
    status = lists(data)["状态"]
    fill(book, path, [
        {"姓名": "艾那", "身份证号": id_number(123), "状态": status[1], "起始日期": "2026-09-01"},
        {"姓名": "玉香", "身份证号": id_number(124), "状态": status[2], "起始日期": "2026-08-01"},
    ])  # fmt: skip
    out = ok(yuesong("import", "persons", str(path), "--commit"))
    assert "新增 2" in out and "无效 0" in out
    stored = query(
        db_path,
        "SELECT p.name, h.status FROM persons p JOIN status_history h ON h.person_id = p.id",
    )
    assert sorted(stored) == sorted(
        [("艾那", STATUS.parse(status[1])), ("玉香", STATUS.parse(status[2]))]
    )


def test_contacts_template_round_trips_through_import_contacts(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    people = tmp_path / "people.csv"
    people.write_text(f"姓名,身份证号,状态,起始日期\n艾那,{id_number(123)},社区戒毒,2026-09-01\n")
    ok(yuesong("import", "persons", str(people), "--commit"))
    case = str(query(db_path, "SELECT case_no FROM persons")[0][0])
    path = tmp_path / "帮教模板.xlsx"
    book = write(yuesong, "contacts", path)
    headers = [str(cell.value) for cell in book.worksheets[0][1]]
    matched = match_headers(headers, {}, CONTACTS)
    assert not matched.unknown and set(matched.columns) == set(CONTACTS.labels)
    found = lists(book.worksheets[0])
    assert found["类型"] == choices(CONTACT_KIND) and found["方式"] == choices(MODE)
    assert found["尿检结果"] == choices(URINE_RESULT)
    # Several kinds share a cell: the list offers, it does not refuse.
    rules = {
        r.formula1: r.showErrorMessage for r in book.worksheets[0].data_validations.dataValidation
    }
    assert rules['"' + ",".join(choices(CONTACT_KIND)) + '"'] is False
    explained = {row[0]: row for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert explained["案件号"][2] == "必填（或填 身份证号）"
    kinds, modes, results = found["类型"], found["方式"], found["尿检结果"]
    fill(book, path, [
        {"案件号": case, "日期": "2026-10-05", "类型": f"{kinds[0]}、{kinds[1]}", "方式": modes[0]},
        {"身份证号": id_number(123), "日期": "2026-10-12", "类型": kinds[4], "方式": modes[0],
         "尿检结果": results[0]},
    ])  # fmt: skip
    out = ok(yuesong("import", "contacts", str(path), "--commit"))
    assert "新增 2" in out and "无效 0" in out
    stored = query(db_path, "SELECT happened_on, mode, urine_result FROM contacts ORDER BY 1")
    assert stored == [("2026-10-05", "in_person", None), ("2026-10-12", "in_person", "negative")]


def test_every_vocabulary_label_in_a_list_is_read_back() -> None:
    for what in ("persons", "contacts"):
        for column in template_columns(what):
            if column.vocabulary is not None:
                for label in choices(column.vocabulary):
                    assert column.vocabulary.label(column.vocabulary.parse(label), "zh") == label


def test_an_existing_file_is_refused_and_left_alone(yuesong: Run, tmp_path: Path) -> None:
    path = tmp_path / "已填.xlsx"
    path.write_bytes(b"filled in")
    assert "已存在" in fails(yuesong("import", "template", "persons", "--out", str(path)))
    assert path.read_bytes() == b"filled in"


@pytest.mark.parametrize(
    ("args", "word"),
    [(["people", "--out", "t.xlsx"], "people"), (["persons", "--out", "t.csv"], ".xlsx")],
)
def test_a_wrong_kind_or_suffix_is_refused(
    yuesong: Run, tmp_path: Path, args: list[str], word: str
) -> None:
    args = [a if a.startswith("-") or "." not in a else str(tmp_path / a) for a in args]
    assert word in fails(yuesong("import", "template", *args), code=fails_code(args))
    assert not list(tmp_path.glob("t.*"))


def fails_code(args: list[str]) -> int:
    return 2 if args[0] == "people" else 1
