"""`import contacts`: past contacts brought in from real-looking files."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest
from conftest import InvokeResult, fails, fingerprint, id_number, ok

from yuesong_cli.domain.imports import CONTACTS, match_headers
from yuesong_cli.errors import InvalidInput

Run = Callable[..., InvokeResult]

HEADERS = ["案件号", "帮教日期", "类型", "方式", "帮教人员", "地点", "内容", "尿检结果"]
PERSONS = ["姓名", "公民身份号码", "人员类别", "起始日期"]


def write_csv(path: Path, rows: list[list[object]], encoding: str) -> Path:
    text = "\r\n".join(",".join("" if c is None else str(c) for c in row) for row in rows)
    path.write_bytes(text.encode(encoding))
    return path


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as conn:
        return list(conn.execute(sql))


@pytest.fixture
def case(yuesong: Run, db_path: Path, tmp_path: Path) -> str:
    """One fictional person registered on 2026-09-01 (in community treatment) and a helper;
    the person's case number."""
    rows = [PERSONS, ["艾那", id_number(123), "社区戒毒", "2026-09-01"]]
    file = write_csv(tmp_path / "p.csv", rows, "utf-8")
    # Obligations from registration on, so the past contacts imported count.
    ok(yuesong("import", "persons", str(file), "--commit", "--history-from", "2026-09-01"))
    ok(yuesong("helper", "add", "岩温", "--role", "officer"))
    return str(query(db_path, "SELECT case_no FROM persons")[0][0])


def contacts(db: Path) -> int:
    return int(query(db, "SELECT COUNT(*) FROM contacts")[0][0])


def test_a_gbk_csv_is_checked_without_writing_then_committed_once(
    yuesong: Run, db_path: Path, tmp_path: Path, case: str
) -> None:
    rows = [
        HEADERS,
        [case, "2026-10-05", "见面、谈话", "当面", "岩温", "村委会", "近况稳定", ""],
        [case.lower(), "2026/10/12", "尿检", "当面", "", "乡卫生院", "", "阴性"],
    ]
    file = write_csv(tmp_path / "帮教记录.csv", rows, "gbk")
    before = fingerprint(db_path)
    out = ok(yuesong("import", "contacts", str(file)))
    assert "读取 2 行，新增 2，已记录 0，无效 0" in out and "--commit" in out
    assert fingerprint(db_path) == before
    out = ok(yuesong("import", "contacts", str(file), "--commit"))
    assert "已记录 2 次帮教" in out
    assert contacts(db_path) == 2
    helpers = query(db_path, "SELECT COUNT(*) FROM contact_helpers")[0][0]
    assert helpers == 1
    inserts = query(
        db_path, "SELECT COUNT(*) FROM audit WHERE action = 'insert' AND table_name = 'contacts'"
    )[0][0]
    note = query(
        db_path, "SELECT note FROM audit WHERE action = 'import' AND table_name = 'contacts'"
    )
    assert inserts == 2 and len(note) == 1
    summary = json.loads(str(note[0][0]))
    assert (
        summary["file"] == "帮教记录.csv" and summary["new"] == 2 and len(summary["sha256"]) == 64
    )
    results = query(db_path, "SELECT urine_result FROM contacts WHERE urine_result IS NOT NULL")
    assert results == [("negative",)]
    before = fingerprint(db_path)
    again = ok(yuesong("import", "contacts", str(file), "--commit"))
    assert "新增 0，已记录 2" in again
    assert fingerprint(db_path) == before


def test_an_xlsx_with_a_title_and_excel_dates_by_id_number(
    yuesong: Run, db_path: Path, tmp_path: Path, case: str
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["岳宋乡帮教记录"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    sheet.append(["身份证号", "日期", "帮教形式", "形式", "备注"])
    sheet.append([id_number(123), 46300, "走访", "当面", "家中"])  # 2026-10-05
    sheet.append([])
    sheet.append([id_number(123), dt.datetime(2026, 10, 20), "talk", "phone", None])
    file = tmp_path / "帮教.xlsx"
    book.save(file)
    out = ok(yuesong("import", "contacts", str(file), "--commit"))
    assert "读取 2 行，新增 2" in out
    days = query(db_path, "SELECT happened_on, mode FROM contacts ORDER BY happened_on")
    assert days == [("2026-10-05", "in_person"), ("2026-10-20", "phone")]


def test_bad_rows_are_named_and_a_refused_commit_writes_nothing(
    yuesong: Run, db_path: Path, tmp_path: Path, case: str
) -> None:
    rows = [
        HEADERS,
        [case, "2026-10-05", "见面", "当面", "", "", "", ""],
        ["YS-9999-999", "2026-10-06", "见面", "当面", "", "", "", ""],
        [case, "2027-01-01", "见面", "当面", "", "", "", ""],
        [case, "2026-10-07", "尿检", "当面", "", "", "", ""],
        [case, "2026-08-01", "见面", "当面", "", "", "", ""],
        [case, "2026-10-08", "见面", "当面", "无此人", "", "", ""],
    ]
    file = write_csv(tmp_path / "c.csv", rows, "utf-8-sig")
    result = yuesong("import", "contacts", str(file))
    assert result.exit_code == 1
    out = result.stdout
    assert "读取 6 行，新增 1，已记录 0，无效 5" in out
    assert "第 3 行 案件号：没有登记此人" in out
    assert "第 4 行 帮教日期：" in out
    assert "第 5 行 尿检结果：" in out
    assert "第 6 行 帮教日期：" in out
    assert "第 7 行 帮教人员：" in out
    before = fingerprint(db_path)
    refused = yuesong("import", "contacts", str(file), "--commit")
    assert refused.exit_code == 1 and "未写入任何内容" in refused.stderr
    assert fingerprint(db_path) == before
    out = ok(yuesong("import", "contacts", str(file), "--commit", "--skip-invalid"))
    assert "已记录 1 次帮教" in out
    assert query(db_path, "SELECT happened_on FROM contacts") == [("2026-10-05",)]


def test_an_imported_meeting_keeps_its_week_in_the_due_list(
    yuesong: Run, tmp_path: Path, case: str
) -> None:
    def due_rules() -> dict[str, str]:
        rows = json.loads(ok(yuesong("due", "--as-of", "2026-11-27", "-f", "json")))
        return {row["rule"]: row["window_start"] for row in rows if row["case_no"] == case}

    before = due_rules()
    assert before["meet"] == "2026-11-23" and "talk" in before
    rows = [HEADERS, [case, "2026-11-24", "见面", "当面", "岩温", "", "", ""]]
    file = write_csv(tmp_path / "week.csv", rows, "gbk")
    ok(yuesong("import", "contacts", str(file), "--commit"))
    after = due_rules()
    assert "meet" not in after  # that week's meeting is kept
    assert after == {rule: day for rule, day in before.items() if rule != "meet"}


def test_contact_headers_need_a_person_a_day_and_kinds() -> None:
    headers = match_headers(["案件编号", "时间", "类型", "毒品种类", "包保责任人"], {}, CONTACTS)
    assert headers.columns == ("person", "happened_on", "kinds", "substance", "helpers")
    # 编号 alone is as often the row's number: not taken for the case number.
    numbered = match_headers(["编号", "身份证号", "日期", "类型"], {}, CONTACTS)
    assert numbered.columns == (None, "id_number", "happened_on", "kinds")
    assert numbered.unknown == ("编号",)
    with pytest.raises(InvalidInput, match="no_column"):
        match_headers(["日期", "类型"], {}, CONTACTS)


# --- the helpers' sheets coming back (yuesong sheets; tests/test_sheets.py) ---------------


def test_outside_a_helpers_sheet_a_row_without_its_day_is_still_a_problem(
    yuesong: Run, db_path: Path, tmp_path: Path, case: str
) -> None:
    # A signature column is recognised and not imported: not listed as unknown.
    rows = [
        [*HEADERS, "签名"],
        [case, "2026-10-05", "见面", "当面", "", "", "", "", "岩温"],
        [case, "", "见面", "", "", "", "", "", ""],
    ]
    file = write_csv(tmp_path / "c.csv", rows, "utf-8")
    result = yuesong("import", "contacts", str(file))
    assert result.exit_code == 1
    assert result.stdout == (
        "c.csv：读取 2 行，新增 1，已记录 0，无效 1。\n第 3 行 帮教日期：未填写。\n"
    )


def test_a_helpers_sheet_skips_its_blank_lines_and_ignores_its_own_columns(
    yuesong: Run, db_path: Path, tmp_path: Path, case: str
) -> None:
    rows = [
        ["岳宋乡 帮教记录表"],
        ["2026-W41（2026-10-05 至 2026-10-11）"],
        ["案件号", "姓名", "村", "角色", "本周应做", "日期", "类型", "方式", "尿检结果", "签名"],
        [case, "艾*", "岳宋村", "社区民警", "见面", "2026-10-06", "见面", "", "", "岩温"],
        [case, "艾*", "岳宋村", "社区民警", "见面", "", "见面", "", "", ""],
        [case, "艾*", "岳宋村", "社区民警", "见面", "", "见面", "电话", "", ""],
    ]
    file = write_csv(tmp_path / "sheet.csv", rows, "utf-8")
    result = yuesong("import", "contacts", str(file))
    assert result.exit_code == 1
    # The line with a mode but no day was written on by hand: a problem, not blank.
    assert result.stdout == (
        "sheet.csv：读取 3 行，新增 1，已记录 0，无效 1。\n"
        "空白行 1 行（帮教表中未填日期的行），已跳过。\n"
        "第 6 行 日期：未填写。\n"
    )


def test_a_workbook_of_sheets_is_read_sheet_by_sheet(
    yuesong: Run, db_path: Path, tmp_path: Path, case: str
) -> None:
    book = openpyxl.Workbook()
    headers = ["案件号", "日期", "类型", "方式"]
    first = book.active
    assert first is not None
    first.title = "H1 岩温"
    for row in (["帮教记录表"], headers, [case, "2026-10-06", "见面", "当面"]):
        first.append(row)
    second = book.create_sheet("H2 玉香")
    for row in (headers, [case, "2026-10-07", "谈话", "电话"], [case, "2027-01-01", "见面", ""]):
        second.append(row)
    notes = book.create_sheet("填写说明")  # another header row: not rows of the file
    for row in (["列", "填写内容"], ["日期", "日期"], ["类型", "类型"]):
        notes.append(row)
    file = tmp_path / "sheets.xlsx"
    book.save(file)
    result = yuesong("import", "contacts", str(file))
    assert result.exit_code == 1
    # Each sheet's rows count from 1: the problem names its sheet.
    assert result.stdout.splitlines()[:2] == [
        "sheets.xlsx：读取 3 行，新增 2，已记录 0，无效 1。",
        "H2 玉香 第 3 行 日期：日期不能晚于今天，请核对后重新输入。",
    ]
    out = ok(yuesong("import", "contacts", str(file), "--commit", "--skip-invalid"))
    assert "已记录 2 次帮教" in out
    assert query(db_path, "SELECT happened_on, mode FROM contacts ORDER BY happened_on") == [
        ("2026-10-06", "in_person"),
        ("2026-10-07", "phone"),
    ]


# --- one check of a contact, as log's (domain/contacts.py check_contact) -----------------


def test_a_row_naming_a_helper_after_their_retirement_is_refused(
    yuesong: Run, db_path: Path, tmp_path: Path, case: str
) -> None:
    ok(yuesong("helper", "retire", "岩温", "--on", "2026-11-01"))
    rows = [
        HEADERS,
        [case, "2026-10-20", "见面", "当面", "岩温", "", "", ""],
        [case, "2026-11-05", "见面", "当面", "H1", "", "", ""],
    ]
    file = write_csv(tmp_path / "c.csv", rows, "utf-8")
    before = fingerprint(db_path)
    result = yuesong("import", "contacts", str(file))
    assert result.exit_code == 1
    assert result.stdout == (
        "c.csv：读取 2 行，新增 1，已记录 0，无效 1。\n"
        "第 3 行 帮教人员：帮教人员 H1 已于 2026-11-01 退出，不能记录其此后参与的接触。\n"
    )
    assert yuesong("import", "contacts", str(file), "--commit").exit_code == 1
    assert fingerprint(db_path) == before


def test_rows_earn_the_warnings_log_gives_and_still_import(
    yuesong: Run, db_path: Path, tmp_path: Path, case: str
) -> None:
    rows = [
        [*HEADERS, "毒品种类"],
        [case, "2026-10-05", "见面", "电话", "", "", "", "", ""],
        [case, "2026-10-06", "尿检", "当面", "", "", "", "阳性", "冰毒"],
        [case, "2026-10-07", "谈话", "电话", "", "", "", "", ""],
    ]
    file = write_csv(tmp_path / "c.csv", rows, "utf-8")
    before = fingerprint(db_path)
    out = ok(yuesong("import", "contacts", str(file)))
    assert out.splitlines() == [
        "c.csv：读取 3 行，新增 3，已记录 0，无效 0。",
        "第 2 行 提示：这次接触是电话，不计入一周一见面（须当面），也不计入其他任何帮教义务。"
        "照样导入。",
        f"第 3 行 提示：尿检阳性：{case} 导入后记为复吸（计入复吸率，并列入预警），"
        "请按规定报告公安机关。",
        "仅检查，未写入；确认无误后加 --commit 导入。",
    ]
    assert fingerprint(db_path) == before
    english = ok(yuesong("--lang", "en", "import", "contacts", str(file), "--commit"))
    assert "Row 2, note: this contact was by phone" in english
    assert english.endswith("3 contacts recorded.\n")
    assert contacts(db_path) == 3


def test_a_case_number_and_an_id_number_must_name_the_same_person(
    yuesong: Run, db_path: Path, tmp_path: Path, case: str
) -> None:
    other = ["叶块", id_number(125), "社区戒毒", "2026-09-01"]
    ok(yuesong("import", "persons", str(write_csv(tmp_path / "p2.csv", [PERSONS, other], "utf-8")),
               "--commit"))  # fmt: skip
    rows = [
        ["案件号", "身份证号", "日期", "类型"],
        [case, id_number(123), "2026-10-05", "见面"],
        [case, id_number(125), "2026-10-06", "见面"],
    ]
    file = write_csv(tmp_path / "c.csv", rows, "utf-8")
    result = yuesong("import", "contacts", str(file))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        "c.csv：读取 2 行，新增 1，已记录 0，无效 1。",
        f"第 3 行 身份证号：与案件号 {case} 不是同一人；请核对这一行的案件号和身份证号。",
    ]
    # A file numbering its rows in 编号 names the person by ID number.
    numbered = [["编号", "身份证号", "日期", "类型"], [1, id_number(125), "2026-10-06", "见面"]]
    file = write_csv(tmp_path / "n.csv", numbered, "utf-8")
    out = ok(yuesong("import", "contacts", str(file), "--commit"))
    assert "未导入的列：编号" in out and "已记录 1 次帮教" in out
    assert query(db_path, "SELECT person_id FROM contacts") == [(2,)]


# --- corrections are kept: the same file again does not undo them -----------------------


def test_importing_the_file_again_does_not_undo_a_void_or_an_amend(
    yuesong: Run, db_path: Path, tmp_path: Path, case: str
) -> None:
    rows = [
        HEADERS,
        [case, "2026-10-05", "见面", "当面", "", "村委会", "", ""],
        [case, "2026-10-12", "谈话", "电话", "", "", "近况稳定", ""],
        [case, "2026-10-19", "走访", "当面", "", "家中", "", ""],
    ]
    file = write_csv(tmp_path / "c.csv", rows, "utf-8")
    ok(yuesong("import", "contacts", str(file), "--commit"))
    ok(yuesong("contact", "void", "1", "--reason", "重复录入"))
    ok(yuesong("contact", "amend", "2", "--on", "2026-10-13", "--reason", "日期录错"))
    before = fingerprint(db_path)
    out = ok(yuesong("import", "contacts", str(file), "--commit"))
    assert out.splitlines() == [
        "c.csv：读取 3 行，新增 0，已记录 1，无效 0。",
        "已更正，未导入 2 行：这些行是已作废或已更正的接触的原样，不再导入。",
        "第 2 行：已更正，未导入（接触 #1 已作废）。",
        "第 3 行：已更正，未导入（接触 #2 已更正，原样不再导入）。",
        "已记录 0 次帮教。",
    ]
    assert fingerprint(db_path) == before
    assert query(db_path, "SELECT id, happened_on FROM contacts ORDER BY id") == [
        (2, "2026-10-13"),
        (3, "2026-10-19"),
    ]
    english = ok(yuesong("--lang", "en", "import", "contacts", str(file)))
    assert "Row 2: corrected, not imported (contact #1 was voided)." in english



def test_a_rows_refusals_name_the_files_columns_not_logs_options(
    yuesong: Run, db_path: Path, tmp_path: Path, case: str
) -> None:
    rows = [
        ["案件号", "日期", "类型", "方式", "结果", "毒品", "内容"],
        [case, "2026-10-05", "尿检", "当面", "", "", ""],
        [case, "2026-10-06", "尿检", "当面", "阳性", "", ""],
        [case, "2026-10-07", "尿检", "电话", "阴性", "", ""],
        [case, "2026-10-08", "见面", "当面", "", "", "a\x07b"],
    ]
    result = yuesong("import", "contacts", str(write_csv(tmp_path / "c.csv", rows, "utf-8")))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        "第 2 行 结果：尿检须在“结果”列填写结果（阴性、阳性、拒检、未到）。",
        "第 3 行 结果：阳性结果请在“毒品”列注明毒品种类（如 海洛因、冰毒）。",
        "第 4 行 结果：尿检须当面进行（只有“未到”可记为电话联系）：请把“方式”列改为当面或留空。",
        "第 5 行 内容：内容含有不可打印的字符或过长（最多 2000 字），请重新输入。",
    ]


def test_a_contacts_file_without_a_header_row_is_told_what_it_needs(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    file = tmp_path / "记录.csv"
    file.write_text("YS-0001,2026-11-20,见面\n", encoding="utf-8")
    before = fingerprint(db_path)
    refused = fails(yuesong("import", "contacts", str(file)))
    assert refused == "前 10 行中找不到表头（至少要有案件编号或身份证号、日期、帮教类型三列）。"
    assert fingerprint(db_path) == before
