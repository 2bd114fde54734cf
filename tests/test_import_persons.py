"""`import persons`: an existing register brought in from real-looking files."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from conftest import InvokeResult, fingerprint, id_number, ok

from yuesong_cli.domain.imports import cell_date, match_headers
from yuesong_cli.errors import InvalidInput
from yuesong_cli.ledger.imports import decode

Run = Callable[..., InvokeResult]

HEADERS = ["姓名", "公民身份号码", "人员类别", "起始日期", "村委会", "村民小组", "联系电话"]


def person_row(sequence: int, name: str = "艾那", since: object = "2025-03-01") -> list[object]:
    return [name, id_number(sequence), "社区戒毒", since, "岳宋村", "一组", "13812345678"]


def write_csv(path: Path, rows: list[list[object]], encoding: str, sep: str = ",") -> Path:
    text = "\r\n".join(sep.join("" if c is None else str(c) for c in row) for row in rows)
    path.write_bytes(text.encode(encoding))
    return path


def persons(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM persons").fetchone()[0])
    finally:
        conn.close()


def test_a_gbk_csv_with_chinese_headers_is_checked_without_writing(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    rows = [HEADERS, person_row(123), person_row(125, "岩块")]
    file = write_csv(tmp_path / "台账.csv", rows, "gbk")
    before = fingerprint(db_path)
    out = ok(yuesong("import", "persons", str(file)))
    assert "读取 2 行，新增 2，已登记 0，冲突 0，无效 0" in out
    assert "--commit" in out
    assert fingerprint(db_path) == before


def test_commit_registers_in_one_go_and_a_second_import_adds_nothing(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    rows = [HEADERS, person_row(123), person_row(125, "岩块")]
    file = write_csv(tmp_path / "a.csv", rows, "utf-8-sig")
    out = ok(yuesong("import", "persons", str(file), "--commit"))
    assert "已登记 2 人" in out
    assert persons(db_path) == 2
    conn = sqlite3.connect(db_path)
    note = conn.execute("SELECT note FROM audit WHERE action = 'import'").fetchone()[0]
    inserts = conn.execute(
        "SELECT COUNT(*) FROM audit WHERE action = 'insert' AND table_name = 'persons'"
    ).fetchone()[0]
    conn.close()
    assert '"file": "a.csv"' in note and '"sha256"' in note and '"new": 2' in note
    assert inserts == 2
    listed = ok(yuesong("person", "list"))
    assert "岳宋村" in listed and "社区戒毒" in listed
    before = fingerprint(db_path)
    again = ok(yuesong("import", "persons", str(file), "--commit"))
    assert "新增 0，已登记 2" in again
    assert fingerprint(db_path) == before
    assert "正常" in ok(yuesong("db", "verify"))


def test_problems_name_row_and_column_and_a_refused_commit_writes_nothing(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    wrong_check = id_number(127)[:-1] + ("0" if id_number(127)[-1] != "0" else "1")
    rows = [
        HEADERS,
        person_row(123),
        person_row(123, "艾那"),  # the same person twice in the file
        ["叶张", "5.30829E+17", "社区戒毒", "2025-03-01", "岳宋村", "一组", ""],
        ["玉香", wrong_check, "社区戒毒", "2025-03-01", "岳宋村", "一组", ""],
        ["岩温", id_number(129), "不知道", "2025-03-01", "岳宋村", "一组", ""],
    ]
    file = write_csv(tmp_path / "a.csv", rows, "utf-8")
    before = fingerprint(db_path)
    result = yuesong("import", "persons", str(file))
    assert result.exit_code == 1
    out = result.stdout
    assert "无效 4" in out
    assert "第 3 行 公民身份号码：与第 2 行重复" in out
    assert "第 4 行 公民身份号码：" in out and "科学计数法" in out
    assert "第 5 行 公民身份号码：身份证号校验位不符" in out
    assert "第 6 行 人员类别：" in out
    assert wrong_check not in out
    refused = yuesong("import", "persons", str(file), "--commit")
    assert refused.exit_code == 1 and "--skip-invalid" in refused.stderr
    assert fingerprint(db_path) == before
    # Without --commit there is nothing to skip rows from: a usage error, exit 2.
    assert yuesong("import", "persons", str(file), "--skip-invalid").exit_code == 2
    assert fingerprint(db_path) == before
    skipped = ok(yuesong("import", "persons", str(file), "--commit", "--skip-invalid"))
    assert "第 5 行" in skipped
    assert skipped.splitlines()[-1] == "已登记 1 人。跳过有问题的行 4 行，未导入。"
    assert persons(db_path) == 1


def test_a_person_already_registered_with_other_data_conflicts(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    file = write_csv(tmp_path / "a.csv", [HEADERS, person_row(123)], "utf-8")
    ok(yuesong("import", "persons", str(file), "--commit"))
    moved = person_row(123)
    moved[4] = "芒海村"
    other = write_csv(tmp_path / "b.csv", [HEADERS, moved, person_row(125, "岩块")], "utf-8")
    result = yuesong("import", "persons", str(other))
    assert result.exit_code == 1
    assert "新增 1，已登记 0，冲突 1" in result.stdout
    assert "第 2 行 公民身份号码：已登记为 YS-0001，资料不同" in result.stdout


def test_unknown_columns_are_reported_and_map_names_them(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    rows = [[*HEADERS, "备注栏", "包保责任人"], [*person_row(123), "按时报到", "李四"]]
    file = write_csv(tmp_path / "a.txt", rows, "utf-8", sep="\t")
    out = ok(yuesong("import", "persons", str(file)))
    assert "未导入的列：备注栏" in out
    assert "暂不导入的列：包保责任人" in out
    mapped = ok(yuesong("import", "persons", str(file), "--map", "备注栏=notes", "--commit"))
    assert "备注栏" not in mapped
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT notes FROM persons").fetchone()[0] == "按时报到"
    conn.close()
    bad = yuesong("import", "persons", str(file), "--map", "备注栏=nothing")
    assert bad.exit_code == 2


def test_an_xlsx_with_a_merged_title_blank_rows_and_excel_dates(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["岳宋乡社区戒毒社区康复人员台账"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append([])
    sheet.append(HEADERS)
    sheet.append(person_row(123, since=45717))  # a day number: 2025-03-01
    sheet.append([])
    sheet.append(person_row(125, "岩块", since=dt.datetime(2025, 3, 2)))
    sheet.append(person_row(127, "玉香", since="2025年3月3日"))
    sheet.append(["叶张", 5.30829e17, "社区戒毒", "2025-03-01", "岳宋村", "一组", None])
    file = tmp_path / "台账.xlsx"
    book.save(file)
    result = yuesong("import", "persons", str(file))
    assert result.exit_code == 1
    assert "读取 4 行，新增 3" in result.stdout
    assert "第 8 行 公民身份号码：" in result.stdout and "科学计数法" in result.stdout
    ok(yuesong("import", "persons", str(file), "--commit", "--skip-invalid"))
    conn = sqlite3.connect(db_path)
    since = [r[0] for r in conn.execute("SELECT since FROM status_history ORDER BY person_id")]
    conn.close()
    assert since == ["2025-03-01", "2025-03-02", "2025-03-03"]


def test_encodings_are_detected_and_can_be_forced(tmp_path: Path) -> None:
    text = "姓名,身份证号\n"
    assert decode(text.encode("gbk"), None) == (text, "gb18030")
    assert decode(b"\xef\xbb\xbf" + text.encode(), None) == (text, "utf-8-sig")
    assert decode(text.encode(), None) == (text, "utf-8")
    assert decode(text.encode("gbk"), "gbk") == (text, "gbk")


def test_a_forced_wrong_encoding_is_refused(yuesong: Run, db_path: Path, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "a.csv", [HEADERS, person_row(123)], "gbk")
    result = yuesong("import", "persons", str(file), "--encoding", "utf-8")
    assert result.exit_code == 1
    # Not "give it with --encoding": it was given, and the file is not in it.
    assert result.stderr == (
        "文件不是 utf-8 编码（按它读取出错）；请换一种编码，或去掉 --encoding 由程序识别。\n"
    )


def test_a_folder_given_as_the_file_is_called_a_folder(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "adir.csv"
    folder.mkdir()
    result = yuesong("import", "persons", str(folder))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{folder} 是文件夹，不是文件；请给出要导入的文件。\n"
    missing = yuesong("import", "persons", str(tmp_path / "none.csv"))
    assert missing.stderr.startswith("找不到文件 ")


def test_headers_match_in_both_languages_and_need_name_id_and_status() -> None:
    found = match_headers(["Name", "ID number", "Status", "组", "网格", "片区", "决定书编号"], {})
    assert found.columns == (
        "name", "id_number", "status", "village_group", "grid", "zone", "decision_doc"
    )  # fmt: skip
    with pytest.raises(Exception, match="error.import.no_column"):
        match_headers(["姓名", "电话"], {})
    # Without a status everyone would be registered in community treatment, silently.
    with pytest.raises(InvalidInput) as no_status:
        match_headers(["姓名", "身份证号", "起始日期"], {})
    assert no_status.value.params == {"column": "状态"}


def test_excel_dates_as_numbers_and_as_text() -> None:
    today = dt.date(2026, 12, 1)
    assert cell_date(45717, today) == dt.date(2025, 3, 1)
    assert cell_date(45717.0, today) == dt.date(2025, 3, 1)
    assert cell_date("45717", today) == dt.date(2025, 3, 1)
    assert cell_date("2025/3/1", today) == dt.date(2025, 3, 1)


def test_the_registration_day_column_is_honoured_and_checked(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    """登记日期 (offered by the template) is the day registered in this ledger, checked as
    person add --registered is; without it the status's day stands for it."""
    headers = [*HEADERS, "登记日期"]
    rows = [
        headers,
        [*person_row(123), "2026-11-20"],
        [*person_row(125, "岩块"), ""],
        [*person_row(127, "玉香"), "2026-12-01"],
        [*person_row(129, "岩嫩"), "1980-01-01"],
    ]
    file = write_csv(tmp_path / "a.csv", rows, "utf-8")
    before = fingerprint(db_path)
    result = yuesong("import", "persons", str(file))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == [
        "a.csv：读取 4 行，新增 2，已登记 0，冲突 0，无效 2。",
        "第 4 行 登记日期：日期不能晚于今天，请核对后重新输入。",
        "第 5 行 登记日期：日期早于身份证号中的出生日期，请核对。",
    ]
    assert fingerprint(db_path) == before
    ok(yuesong("import", "persons", str(file), "--commit", "--skip-invalid"))
    conn = sqlite3.connect(db_path)
    registered = conn.execute("SELECT registered_on FROM persons ORDER BY id").fetchall()
    conn.close()
    assert registered == [("2026-11-20",), ("2025-03-01",)]
    # The same file again: the same data, nothing new.
    again = yuesong("import", "persons", str(file))
    assert "新增 0，已登记 2，冲突 0，无效 2" in again.stdout


def test_a_file_without_a_status_column_is_refused_and_an_empty_status_is_a_problem(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    before = fingerprint(db_path)
    rows = [["姓名", "公民身份号码", "起始日期"], ["艾那", id_number(123), "2025-03-01"]]
    result = yuesong("import", "persons", str(write_csv(tmp_path / "a.csv", rows, "utf-8")))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "文件中没有“状态”列；可用 --map 列名=字段 指定。\n"
    empty = [HEADERS, person_row(123), ["岩块", id_number(125), "", "2025-03-01", "", "", ""]]
    result = yuesong("import", "persons", str(write_csv(tmp_path / "b.csv", empty, "utf-8")))
    assert result.exit_code == 1 and "第 3 行 人员类别：未填写。" in result.stdout
    assert fingerprint(db_path) == before


def test_a_status_or_its_day_other_than_the_registers_conflicts(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    ok(yuesong("import", "persons", str(write_csv(tmp_path / "a.csv", [HEADERS, person_row(123)],
                                                  "utf-8")), "--commit"))  # fmt: skip
    rehab = person_row(123)
    rehab[2] = "社区康复"
    later = person_row(123, since="2025-04-01")
    for row, columns in ((rehab, "人员类别"), (later, "起始日期")):
        file = write_csv(tmp_path / "b.csv", [HEADERS, row], "utf-8")
        result = yuesong("import", "persons", str(file))
        assert result.exit_code == 1
        assert result.stdout.splitlines()[1] == (
            f"第 2 行 公民身份号码：已登记为 YS-0001，资料不同：{columns}。"
        )
    # The register has moved on since the file was kept: what the file says is still true.
    ok(yuesong("person", "status", "YS-0001", "detained", "--on", "2026-03-01"))
    again = ok(yuesong("import", "persons", str(tmp_path / "a.csv")))
    assert "新增 0，已登记 1，冲突 0" in again


def test_a_quote_left_open_is_one_line_naming_its_row(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    """A stray quote swallows the lines after it into one cell until the CSV reader's
    limit (131,072 characters) stops it: refused in one line, nothing written."""
    rows = [",".join(HEADERS), ",".join(map(str, person_row(123)))]
    rows.append(f'"岩块,{id_number(125)},社区戒毒,2025-03-01,岳宋村,一组,')
    rows += [f"行{n},{'备注' * 20}" for n in range(4000)]
    file = tmp_path / "a.csv"
    file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = fingerprint(db_path)
    for extra in ((), ("--commit",)):
        result = yuesong("import", "persons", str(file), *extra)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            "第 3 行：引号不成对或单元格过长（一格超过 131072 个字符），未写入任何内容；"
            "请检查这一行的引号。\n"
        )
    assert fingerprint(db_path) == before
