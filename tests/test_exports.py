"""Exports: each format read back; masked, 0600 whatever the umask, whole or not at all."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import id_number

from yuesong_cli.errors import InvalidInput, YuesongError
from yuesong_cli.output import exports
from yuesong_cli.output.exports import (
    EXPORT_FORMATS,
    Sheet,
    export_fields,
    export_format,
    write_export,
)
from yuesong_cli.output.render import Column, Renderer

ID = id_number()  # 53082919900101123X: fictional, with a valid check character
NAME = "艾那"
PHONE = "13812345678"
BORN = "1990-01-01"

COLUMNS = (
    Column("name", "col.name", "name"),
    Column("id_number", "col.id_number", "id_number"),
    Column("phone", "col.phone", "phone"),
    Column("birth_date", "col.birth_date", "birth_date"),
    Column("date", "col.date", "date"),
    Column("days", "col.days", "number"),
    Column("rate", "col.weight", "percent"),
    Column("key_person", "col.key_person", "bool"),
    Column("status", "col.status", "status"),
    Column("notes", "col.notes"),
)
ROWS: list[dict[str, Any]] = [
    {
        "name": NAME,
        "id_number": ID,
        "phone": PHONE,
        "birth_date": BORN,
        "date": "2026-11-20",
        "days": 3,
        "rate": 0.865,
        "key_person": 1,
        "status": "community_rehab",
        "notes": "=1+1",
    },
    {
        "name": "叶嘎门",
        "id_number": None,
        "phone": None,
        "birth_date": None,
        "date": None,
        "days": 0,
        "rate": None,
        "key_person": 0,
        "status": "lost_contact",
        "notes": "外出务工，每月电话联系一次，本人承诺按时回乡参加尿检",
    },
]
LISTING = Sheet("帮教对象", COLUMNS, ROWS)

MASKED_ID = "5308**********123X"
ZH_HEADER = [
    "姓名",
    "身份证号",
    "电话",
    "出生日期",
    "日期",
    "天数",
    "权重",
    "重点人员",
    "状态",
    "备注",
]


def renderer(lang: str = "zh") -> Renderer:
    return Renderer("plain", lang, out=io.StringIO())


@pytest.fixture
def umask() -> Iterator[None]:
    """umask 0: what a file gets is what the code asks for, nothing narrowed for it."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_nothing_personal(text: str) -> None:
    for value in (NAME, ID, PHONE, BORN):
        assert value not in text


# --- formats --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.csv", "csv"), ("a.xlsx", "xlsx"), ("a.json", "json"), ("名单.CSV", "csv")],
)
def test_the_suffix_names_the_format(name: str, fmt: str) -> None:
    assert export_format(Path(name)) == fmt
    assert fmt in EXPORT_FORMATS


@pytest.mark.parametrize("name", ["list.txt", "list", "list.xls", "list.csv.bak"])
def test_an_unknown_suffix_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        write_export(tmp_path / name, [LISTING], renderer())
    assert caught.value.key == "error.export.suffix"
    assert list(tmp_path.iterdir()) == []


# --- CSV ------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_crlf_and_masked(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    assert write_export(path, [LISTING], renderer()) == 2
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == 3
    assert data.count(b"\r\n") == 3
    text = data.decode("utf-8-sig")
    assert_nothing_personal(text)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [
        ZH_HEADER,
        [
            "艾*",
            MASKED_ID,
            "138****5678",
            "1990-**-**",
            "2026-11-20",
            "3",
            "86.5%",
            "是",
            "社区康复",
            "'=1+1",  # opens as text in a spreadsheet, never as a formula
        ],
        ["叶**", "", "", "", "", "0", "", "否", "失联", ROWS[1]["notes"]],
    ]


def test_csv_in_english(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    write_export(path, [LISTING], renderer("en"))
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["name", "ID number", "phone"]
    assert rows[1][7] == "yes"


def test_csv_with_several_sheets_gives_each_a_title_line(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    columns = (Column("name", "col.name", "name"), Column("days", "col.days", "number"))
    sheets = [
        Sheet("一组", columns, [{"name": NAME, "days": 1}]),
        Sheet("二组", columns, [{"name": "叶嘎门", "days": 2}, {"name": "娜", "days": 3}]),
    ]
    assert write_export(path, sheets, renderer()) == 3
    assert path.read_bytes().decode("utf-8-sig") == (
        "一组\r\n姓名,天数\r\n艾*,1\r\n\r\n二组\r\n姓名,天数\r\n叶**,2\r\n娜*,3\r\n"
    )


# --- XLSX -----------------------------------------------------------------------------


def test_xlsx_has_real_dates_numbers_and_rates_and_masked_text(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    assert write_export(path, [LISTING], renderer()) == 2
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    assert sheet.title == "帮教对象"
    assert [cell.value for cell in sheet[1]] == ZH_HEADER
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"

    name, id_cell, phone, born, date, days, rate, key_person, status, notes = sheet[2]
    assert (name.value, id_cell.value, phone.value) == ("艾*", MASKED_ID, "138****5678")
    assert born.value == "1990-**-**" and born.data_type == "s"
    assert id_cell.data_type == "s"
    assert isinstance(date.value, dt.datetime)
    assert date.value.date() == dt.date(2026, 11, 20)
    assert date.number_format == "yyyy-mm-dd"
    assert days.value == 3 and days.data_type == "n"
    assert rate.value == pytest.approx(0.865)
    assert rate.data_type == "n" and rate.number_format == "0.0%"
    assert key_person.value == "是"
    assert status.value == "社区康复"
    # Text, not a formula that Excel would run.
    assert notes.value == "=1+1" and notes.data_type == "s"

    second = [cell.value for cell in sheet[3]]
    assert second == ["叶**", None, None, None, None, 0, None, "否", "失联", ROWS[1]["notes"]]
    every = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert_nothing_personal("\n".join(every))


def test_xlsx_columns_are_wide_enough_for_chinese(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    write_export(path, [LISTING], renderer())
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    letters = "ABCDEFGHIJ"
    widths = {c.key: sheet.column_dimensions[letters[i]].width for i, c in enumerate(COLUMNS)}
    # 26 Chinese characters take two cells each: capped, but well past 26.
    assert widths["notes"] >= 50
    assert widths["id_number"] >= 18
    assert widths["date"] >= 10
    assert widths["days"] < widths["id_number"]


def test_xlsx_sheet_titles_are_made_acceptable_to_excel(tmp_path: Path) -> None:
    path = tmp_path / "titles.xlsx"
    columns = (Column("days", "col.days", "number"),)
    titles = ["村/组:[2026]*?\\汇总", "x" * 40, "x" * 40, "History", "'引号'", ""]
    sheets = [Sheet(title, columns, [{"days": 1}]) for title in titles]
    assert write_export(path, sheets, renderer()) == len(titles)
    names = openpyxl.load_workbook(path).sheetnames
    assert len(names) == len(titles)
    assert len({name.casefold() for name in names}) == len(titles)
    for name in names:
        assert 0 < len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
        assert not name.startswith("'") and not name.endswith("'")
        assert name.casefold() != "history"
    assert names[0] == "村_组__2026____汇总"
    assert names[1] == "x" * 31
    assert names[2] == "x" * 27 + " (2)"
    assert names[4] == "引号"


def test_xlsx_booleans_follow_the_language(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    write_export(path, [LISTING], renderer("en"))
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert (sheet["H2"].value, sheet["H3"].value) == ("yes", "no")
    assert sheet["A1"].value == "name"


def test_a_stray_control_character_does_not_stop_an_xlsx_export(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    sheet = Sheet("s", (Column("notes", "col.notes"),), [{"notes": "按时\x07报到"}])
    write_export(path, [sheet], renderer())
    worksheet = openpyxl.load_workbook(path).active
    assert worksheet is not None
    assert worksheet["A2"].value == "按时报到"


# --- JSON -----------------------------------------------------------------------------


def test_json_one_sheet_is_a_list_of_masked_machine_values(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    assert write_export(path, [LISTING], renderer()) == 2
    text = path.read_text(encoding="utf-8")
    assert_nothing_personal(text)
    assert "艾*" in text  # ensure_ascii=False: Chinese as itself, not \u escapes
    assert text.startswith('[\n  {\n    "name": "艾*"')  # indent 2
    assert json.loads(text) == [
        {
            "name": "艾*",
            "id_number": MASKED_ID,
            "phone": "138****5678",
            "birth_date": "1990-**-**",
            "date": "2026-11-20",
            "days": 3,
            "rate": 0.865,
            "key_person": True,
            "status": "community_rehab",
            "notes": "=1+1",
        },
        {
            "name": "叶**",
            "id_number": None,
            "phone": None,
            "birth_date": None,
            "date": None,
            "days": 0,
            "rate": None,
            "key_person": False,
            "status": "lost_contact",
            "notes": ROWS[1]["notes"],
        },
    ]


def test_json_several_sheets_are_keyed_by_title(tmp_path: Path) -> None:
    path = tmp_path / "two.json"
    columns = (Column("name", "col.name", "name"),)
    sheets = [Sheet("一组", columns, [{"name": NAME}]), Sheet("二组", columns, [])]
    assert write_export(path, sheets, renderer()) == 1
    with path.open(encoding="utf-8") as handle:
        assert json.load(handle) == {"一组": [{"name": "艾*"}], "二组": []}


def test_json_takes_date_objects(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    sheet = Sheet("s", (Column("date", "col.date", "date"),), [{"date": dt.date(2026, 1, 2)}])
    write_export(path, [sheet], renderer())
    assert json.loads(path.read_text(encoding="utf-8")) == [{"date": "2026-01-02"}]


# --- files ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
@pytest.mark.parametrize("mask", [0, 0o022, 0o277])
def test_exports_are_owner_only_whatever_the_umask(tmp_path: Path, fmt: str, mask: int) -> None:
    path = tmp_path / f"list.{fmt}"
    previous = os.umask(mask)
    try:
        write_export(path, [LISTING], renderer())
    finally:
        os.umask(previous)
    assert mode(path) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_an_existing_file_is_replaced_and_narrowed(tmp_path: Path, umask: None, fmt: str) -> None:
    path = tmp_path / f"list.{fmt}"
    path.write_bytes(b"old")
    path.chmod(0o644)
    write_export(path, [LISTING], renderer(), replace=True)
    assert path.read_bytes() != b"old"
    assert mode(path) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_an_existing_file_is_refused_unless_replacing_is_asked(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"list.{fmt}"
    path.write_bytes(b"the officer's own file")
    with pytest.raises(YuesongError) as caught:
        write_export(path, [LISTING], renderer())
    assert (caught.value.key, caught.value.params) == ("error.file.exists", {"path": str(path)})
    assert path.read_bytes() == b"the officer's own file"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_missing_folder_is_made_owner_only(tmp_path: Path, umask: None) -> None:
    path = tmp_path / "new" / "deeper" / "list.csv"
    write_export(path, [LISTING], renderer())
    assert mode(tmp_path / "new") == 0o700
    assert mode(tmp_path / "new" / "deeper") == 0o700
    assert mode(path) == 0o600


def test_a_file_where_the_folder_should_be_is_refused(tmp_path: Path) -> None:
    (tmp_path / "nowhere").write_text("a file")
    with pytest.raises(InvalidInput) as caught:
        write_export(tmp_path / "nowhere" / "deeper" / "list.csv", [LISTING], renderer())
    assert caught.value.key == "error.folder.is_file"
    assert caught.value.params == {"path": str(tmp_path / "nowhere")}
    assert [p.name for p in tmp_path.iterdir()] == ["nowhere"]


def test_a_folder_as_target_is_refused(tmp_path: Path) -> None:
    (tmp_path / "list.csv").mkdir()
    with pytest.raises(InvalidInput) as caught:
        write_export(tmp_path / "list.csv", [LISTING], renderer())
    assert caught.value.key == "error.export.is_folder"


class Unprintable:
    def __str__(self) -> str:
        raise RuntimeError("cannot be shown")


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
@pytest.mark.parametrize("existing", [False, True])
def test_a_failed_write_leaves_no_file_behind(tmp_path: Path, fmt: str, existing: bool) -> None:
    path = tmp_path / f"list.{fmt}"
    if existing:
        path.write_bytes(b"the previous export")
    broken = Sheet(
        "s", (Column("notes", "col.notes"),), [{"notes": "ok"}, {"notes": Unprintable()}]
    )
    with pytest.raises((RuntimeError, TypeError)):
        write_export(path, [broken], renderer(), replace=True)
    if existing:
        assert path.read_bytes() == b"the previous export"
        assert [p.name for p in tmp_path.iterdir()] == [path.name]
    else:
        assert list(tmp_path.iterdir()) == []


def test_a_full_disk_is_a_clear_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exports.os, "fsync", full)
    path = tmp_path / "list.csv"
    with pytest.raises(YuesongError) as caught:
        write_export(path, [LISTING], renderer())
    assert caught.value.key == "error.fault.full"
    assert caught.value.params == {"path": str(path)}
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated: the tests may run as root, for whom a read-only folder is no obstacle.
    def denied(source: Any, target: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(exports.os, "link", denied)  # the name taken without replacing
    monkeypatch.setattr(exports.os, "replace", denied)
    path = tmp_path / "list.xlsx"
    with pytest.raises(YuesongError) as caught:
        write_export(path, [LISTING], renderer())
    assert caught.value.key == "error.export.denied"
    assert list(tmp_path.iterdir()) == []


# --- audit ----------------------------------------------------------------------------


def test_export_fields_names_each_column_once_and_no_values() -> None:
    other = Sheet("s", (Column("name", "col.name", "name"), Column("zone", "col.zone")), [])
    assert export_fields([LISTING, other]) == [c.key for c in COLUMNS] + ["zone"]
