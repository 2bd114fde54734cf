"""``--export FILE`` through the command line (docs/security.md §1-3, 7): ``person list`` and
``report summary`` written to CSV, XLSX and JSON on a small ledger, read back; the file
is the owner's only whatever the umask, masked to the byte, audited once, and a failed
export changes nothing.

The ledger, built once and copied for each test (exports write audit rows):

- YS-0001 艾那, 岳宋村, phone 13812345678, community treatment from 2026-07-01, every
  field of the file; met, talked to, visited and tested (negative) in July.
- YS-0002 叶块, 班帅村, phone 13987654321, community rehabilitation from 2026-08-10;
  met and tested positive (meth) on 2026-08-12.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import html
import io
import json
import os
import stat
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import InvokeResult, build_ledger, copy_ledger, fails, fingerprint, id_number, ok

from yuesong_cli.messages import t
from yuesong_cli.store.db import Store

Run = Callable[..., InvokeResult]

BOM = b"\xef\xbb\xbf"
PERSONS = [
    # name, ID number, phone, village
    ("艾那", id_number(123, dt.date(1990, 1, 1)), "13812345678", "岳宋村"),
    ("叶块", id_number(124, dt.date(1988, 5, 17)), "13987654321", "班帅村"),
]
SECRETS = [value for person in PERSONS for value in person[:3]]
LIST_HEADER = [
    "案件号",
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "村委会",
    "村民小组",
    "网格",
    "状态",
    "起始日期",
    "电话",
]
LIST_ROWS = [
    [
        "YS-0001",
        "艾*",
        "男",
        "1990-**-**",
        "5308**********" + PERSONS[0][1][-4:],
        "岳宋村",
        "一组",
        "",
        "社区戒毒",
        "2026-07-01",
        "138****5678",
    ],
    [
        "YS-0002",
        "叶*",
        "女",
        "1988-**-**",
        "5308**********" + PERSONS[1][1][-4:],
        "班帅村",
        "二组",
        "",
        "社区康复",
        "2026-08-10",
        "139****4321",
    ],
]
SECTIONS = ["主要指标", "各项帮教完成情况", "人员状态（期末）", "各村情况", "周完成率"]
FORMATS = ("csv", "xlsx", "json")


def exported(result: InvokeResult, rows: int, path: Path) -> None:
    """An export prints nothing on stdout and one line on stderr."""
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr == f"已导出 {rows} 行到 {path}（已脱敏，仅本人可读）。\n"


def run_export(yuesong: Run, path: Path, *command: str) -> None:
    result = yuesong(*command, "--export", str(path))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stdout == ""


def build_ledger_steps(run: Run) -> None:
    (name1, id1, phone1, village1), (name2, id2, phone2, village2) = PERSONS
    ok(
        run(
            "person", "add", "--name", name1, "--id-number", id1, "--phone", phone1,
            "--since", "2026-07-01", "--village", village1, "--group", "一组",
            "--ethnicity", "佤族", "--household-address", "岳宋村一组",
            "--current-address", "岳宋村一组", "--drugs", "heroin", "--method", "inhaled",
            "--doc", "西公(禁)决字〔2026〕7号", "--decision-date", "2026-06-20",
            "--risk", "high",
        )
    )  # fmt: skip
    ok(
        run(
            "person", "add", "--name", name2, "--id-number", id2, "--phone", phone2,
            "--since", "2026-08-10", "--status", "community_rehab", "--village", village2,
            "--group", "二组",
        )
    )  # fmt: skip
    ok(run("log", "1", "meet", "talk", "visit", "--on", "2026-07-03"))
    ok(run("log", "1", "urine", "--result", "negative", "--on", "2026-07-06"))
    ok(run("log", "2", "meet", "--on", "2026-08-12"))
    ok(run("log", "2", "urine", "--result", "positive", "--substance", "meth", "--on", "08-12"))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger(tmp_path_factory.mktemp("ledger") / "ledger.db", build_ledger_steps)


@pytest.fixture
def ledger(template: Path, db_path: Path) -> Path:
    copy_ledger(template, db_path)
    return db_path


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture(params=[0o022, 0], ids=["umask022", "umask000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    before = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(before)


def audit_rows(path: Path) -> list[dict[str, Any]]:
    store = Store(path)
    try:
        return store.audit_rows()
    finally:
        store.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def file_text(path: Path) -> bytes:
    """Every byte a reader could get at: an XLSX's parts unzipped, their XML character
    references read (openpyxl writes text as &#33406; when lxml is installed), other
    files as is."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            raw = b"".join(book.read(name) for name in book.namelist())
        return html.unescape(raw.decode("utf-8")).encode("utf-8")
    return path.read_bytes()


def assert_masked(path: Path) -> None:
    content = file_text(path)
    for secret in SECRETS:
        assert secret.encode("utf-8") not in content, secret
    # Nor the middle of an ID number or a phone, as a reader would search for it.
    for _, number, phone, _ in PERSONS:
        assert number[4:14].encode() not in content
        assert phone[3:7].encode() not in content


def export_once(
    yuesong: Run, ledger: Path, path: Path, *command: str
) -> tuple[InvokeResult, dict[str, Any]]:
    """Run an export and return its result and the one audit row it wrote."""
    before = audit_rows(ledger)
    result = yuesong(*command, "--export", str(path))
    after = audit_rows(ledger)
    assert after[: len(before)] == before
    added = after[len(before) :]
    assert [row["action"] for row in added] == ["export"]
    return result, added[0]


# --- person list ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_person_list_export_is_owner_only_masked_and_audited(
    yuesong: Run, ledger: Path, out_dir: Path, umask: int, fmt: str
) -> None:
    target = out_dir / f"名册.{fmt}"
    result, row = export_once(yuesong, ledger, target, "person", "list")
    exported(result, 2, target)
    assert mode(target) == 0o600
    assert_masked(target)
    assert row["table_name"] == "persons"
    assert json.loads(row["fields"]) == sorted(
        ["case_no", "name", "gender", "birth_date", "id_number", "village", "village_group"]
        + ["grid", "status", "status_since", "phone", "passport_no", "nationality"]
    )
    assert row["note"] == f"{target.resolve()} rows=2"
    assert list(out_dir.iterdir()) == [target]  # no temporary file left behind


def test_person_list_csv_has_a_bom_chinese_headers_and_masked_rows(
    yuesong: Run, ledger: Path, out_dir: Path
) -> None:
    target = out_dir / "list.csv"
    exported(yuesong("person", "list", "--export", str(target)), 2, target)
    content = target.read_bytes()
    assert content.startswith(BOM)
    assert b"\r\n" in content
    rows = list(csv.reader(io.StringIO(content[len(BOM) :].decode("utf-8"), newline="")))
    assert rows == [LIST_HEADER, *LIST_ROWS]


def test_person_list_xlsx_reads_back_with_real_dates(
    yuesong: Run, ledger: Path, out_dir: Path
) -> None:
    target = out_dir / "list.xlsx"
    exported(yuesong("person", "list", "--export", str(target)), 2, target)
    book = openpyxl.load_workbook(target)
    assert len(book.worksheets) == 1
    sheet = book.worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == LIST_HEADER
    since = LIST_HEADER.index("起始日期")
    for got, want in zip(values[1:], LIST_ROWS, strict=True):
        # The date is a date cell (openpyxl reads it back as a datetime); empty stays empty.
        assert got[since] == dt.datetime.fromisoformat(want[since])
        assert sheet.cell(row=2, column=since + 1).number_format == "yyyy-mm-dd"
        text = [v for i, v in enumerate(got) if i != since]
        assert text == [v or None for i, v in enumerate(want) if i != since]
    assert sheet.freeze_panes == "A2"


def test_person_list_json_reads_back_in_machine_form(
    yuesong: Run, ledger: Path, out_dir: Path
) -> None:
    target = out_dir / "list.json"
    exported(yuesong("person", "list", "--export", str(target)), 2, target)
    rows = json.loads(target.read_text("utf-8"))
    assert rows == json.loads(ok(yuesong("person", "list", "--format", "json")))
    assert [(r["case_no"], r["name"], r["phone"], r["status"]) for r in rows] == [
        ("YS-0001", "艾*", "138****5678", "community_treatment"),
        ("YS-0002", "叶*", "139****4321", "community_rehab"),
    ]


def test_an_export_with_force_replaces_a_file_others_could_read_with_an_owner_only_one(
    yuesong: Run, ledger: Path, out_dir: Path
) -> None:
    target = out_dir / "list.csv"
    target.write_text("old")
    target.chmod(0o644)
    exported(yuesong("person", "list", "--export", str(target), "--force"), 2, target)
    assert mode(target) == 0o600
    assert target.read_bytes().startswith(BOM)


@pytest.mark.parametrize(
    "command",
    [
        ("person", "list"),
        ("report", "summary", "--period", "2026Q3"),
        ("report", "village", "--period", "2026Q3"),
        ("report", "helper", "--period", "2026Q3"),
        ("report", "person", "YS-0001"),
        ("report", "handover"),
    ],
)
def test_an_export_over_an_existing_file_is_refused_without_force(
    yuesong: Run, ledger: Path, out_dir: Path, command: tuple[str, ...]
) -> None:
    """issue 12: --export no longer replaces a file silently; --force says it may."""
    target = out_dir / "list.xlsx"
    target.write_bytes(b"the officer's own workbook")
    before = fingerprint(ledger)
    assert fails(yuesong(*command, "--export", str(target))) == t(
        "error.file.exists", path=str(target)
    )
    assert target.read_bytes() == b"the officer's own workbook"
    assert [p.name for p in out_dir.iterdir()] == ["list.xlsx"]
    assert fingerprint(ledger) == before
    assert yuesong(*command, "--export", str(target), "--force").exit_code == 0
    assert target.read_bytes().startswith(b"PK")  # a workbook of its own now


def test_a_quarterly_report_over_its_files_is_refused_without_force(
    yuesong: Run, ledger: Path, out_dir: Path
) -> None:
    args = ("report", "quarterly", "--quarter", "2026Q3", "--out", str(out_dir))
    ok(yuesong(*args))
    html = next(out_dir.glob("*.html"))
    html.write_text("edited by hand")
    before = fingerprint(ledger)
    assert fails(yuesong(*args)) == t("error.file.exists", path=str(html))
    assert html.read_text() == "edited by hand"
    assert fingerprint(ledger) == before
    ok(yuesong(*args, "--force"))
    assert html.read_text().startswith("<!")


# --- report summary ------------------------------------------------------------------------


def summary_json(yuesong: Run) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(
        ok(yuesong("report", "summary", "--period", "2026Q3", "--format", "json"))
    )
    return report


@pytest.mark.parametrize("fmt", FORMATS)
def test_summary_export_is_owner_only_masked_and_audited(
    yuesong: Run, ledger: Path, out_dir: Path, umask: int, fmt: str
) -> None:
    target = out_dir / f"2026Q3.{fmt}"
    report = summary_json(yuesong)
    command = ("report", "summary", "--period", "2026Q3")
    result, row = export_once(yuesong, ledger, target, *command)
    rows = (
        len(report["figures"])
        + len(report["rules"])
        + len(report["by_status"])
        + len(report["by_village"])
        + len(report["weekly"])
    )
    exported(result, rows, target)
    assert mode(target) == 0o600
    assert_masked(target)
    assert row["table_name"] == "report_summary"
    assert row["note"] == f"{target.resolve()} rows={rows}"
    assert list(out_dir.iterdir()) == [target]


def test_summary_csv_has_one_titled_block_per_section(
    yuesong: Run, ledger: Path, out_dir: Path
) -> None:
    target = out_dir / "summary.csv"
    run_export(yuesong, target, "report", "summary", "--period", "2026Q3")
    content = target.read_bytes()
    assert content.startswith(BOM)
    lines = list(csv.reader(io.StringIO(content[len(BOM) :].decode("utf-8"), newline="")))
    titles = [lines[0][0]] + [lines[i + 1][0] for i, line in enumerate(lines) if line == []]
    assert titles == SECTIONS
    assert lines[1] == ["指标", "本期", "分子/分母", "去年同期", "同比变化(%)", "变化(百分点)"]
    report = summary_json(yuesong)
    figures = {line[0]: line for line in lines[2 : 2 + len(report["figures"])]}
    for figure in report["figures"]:
        line = figures[figure["name_zh"]]
        assert line[2] == f"{figure['numerator']}/{figure['denominator']}"
        if figure["value"] is not None:
            assert line[1] == f"{figure['value'] * 100:.1f}%"


def test_summary_xlsx_has_a_sheet_per_section_with_typed_cells(
    yuesong: Run, ledger: Path, out_dir: Path
) -> None:
    target = out_dir / "summary.xlsx"
    run_export(yuesong, target, "report", "summary", "--period", "2026Q3")
    report = summary_json(yuesong)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == SECTIONS

    rules = book["各项帮教完成情况"]
    header = [c.value for c in rules[1]]
    assert header == ["规则", "应完成", "已完成", "未完成", "进行中", "补录", "完成率"]
    got = {row[0].value: (row[1].value, row[2].value, row[6]) for row in rules.iter_rows(min_row=2)}
    names = {"meet": "一周一见面", "talk": "半月一谈话", "visit": "一月一走访"}
    names |= {"report": "一季一汇报", "urine": "定期尿检"}
    for tally in report["rules"]:
        due, kept, rate = got[names[tally["rule"]]]
        # Numbers are numbers; the rate is a fraction shown as a percentage.
        assert (due, kept) == (tally["due"], tally["kept"])
        assert type(due) is int and type(kept) is int
        if tally["due"]:
            assert rate.value == pytest.approx(tally["kept"] / tally["due"])
            assert rate.number_format == "0.0%"
        else:
            assert rate.value is None
    assert report["rules"][0]["due"] > 0

    figures = book["主要指标"]
    values = {row[0].value: row for row in figures.iter_rows(min_row=2)}
    for figure in report["figures"]:
        row = values[figure["name_zh"]]
        assert row[2].value == f"{figure['numerator']}/{figure['denominator']}"
        if figure["value"] is None:
            assert row[1].value is None
        else:
            assert isinstance(row[1].value, float | int)
            assert round(row[1].value, 4) == figure["value"]
            assert row[1].number_format == "0.0%"

    weekly = book["周完成率"]
    weeks = list(weekly.iter_rows(min_row=2))
    assert len(weeks) == len(report["weekly"]) == 13
    for row, week in zip(weeks, report["weekly"], strict=True):
        assert row[0].value == dt.datetime.fromisoformat(week["week_start"])
        assert (row[1].value, row[2].value) == (week["due"], week["kept"])

    statuses = book["人员状态（期末）"]
    assert [tuple(c.value for c in row) for row in statuses.iter_rows(min_row=2)] == [
        ("社区康复", 1),
        ("社区戒毒", 1),
    ]


def test_summary_json_reads_back_keyed_by_section(
    yuesong: Run, ledger: Path, out_dir: Path
) -> None:
    target = out_dir / "summary.json"
    run_export(yuesong, target, "report", "summary", "--period", "2026Q3")
    written = json.loads(target.read_text("utf-8"))
    assert list(written) == SECTIONS
    report = summary_json(yuesong)
    assert [
        (r["name"], r["value"], r["fraction"]) for r in written["主要指标"]
    ] == [
        (f["name_zh"], f["value"] if f["value"] is None else pytest.approx(f["value"], abs=5e-5),
         f"{f['numerator']}/{f['denominator']}")
        for f in report["figures"]
    ]  # fmt: skip
    assert [(r["status"], r["persons"]) for r in written["人员状态（期末）"]] == list(
        report["by_status"].items()
    )
    assert [(r["name"], r["due"], r["kept"]) for r in written["各村情况"]] == [
        (v["name"], v["due"], v["kept"]) for v in report["by_village"]
    ]
    assert [r["week_start"] for r in written["周完成率"]] == [
        w["week_start"] for w in report["weekly"]
    ]


# --- failures change nothing -------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [("person", "list"), ("report", "summary", "--period", "2026Q3")]
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_to_a_missing_folder_makes_it_owner_only(
    yuesong: Run, ledger: Path, out_dir: Path, command: tuple[str, ...], fmt: str
) -> None:
    audit_before = audit_rows(ledger)
    target = out_dir / "missing" / "deeper" / f"out.{fmt}"
    assert yuesong(*command, "--export", str(target)).exit_code == 0
    assert mode(out_dir / "missing") == 0o700
    assert mode(target.parent) == 0o700
    assert mode(target) == 0o600
    new_rows = audit_rows(ledger)[len(audit_before) :]
    assert [r["action"] for r in new_rows] == ["export"]
    assert str(target.resolve()) in new_rows[0]["note"]


@pytest.mark.parametrize(
    "command", [("person", "list"), ("report", "summary", "--period", "2026Q3")]
)
def test_an_export_under_a_file_is_refused_and_changes_nothing(
    yuesong: Run, ledger: Path, out_dir: Path, command: tuple[str, ...]
) -> None:
    (out_dir / "notes.txt").write_text("the officer's")
    before = fingerprint(ledger)
    target = out_dir / "notes.txt" / "out.csv"
    message = fails(yuesong(*command, "--export", str(target)))
    assert str(out_dir / "notes.txt") in message
    assert fingerprint(ledger) == before
    assert [p.name for p in out_dir.iterdir()] == ["notes.txt"]


def test_a_failed_export_takes_away_the_folder_it_made(
    yuesong: Run, ledger: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    before = fingerprint(ledger)
    target = out_dir / "new" / "out.csv"
    assert fails(yuesong("person", "list", "--export", str(target))) == t(
        "error.fault.full", path=str(target)
    )
    assert list(out_dir.iterdir()) == []
    assert fingerprint(ledger) == before


def test_a_quarterly_report_into_a_missing_folder_makes_it_owner_only(
    yuesong: Run, ledger: Path, out_dir: Path
) -> None:
    folder = out_dir / "报告"
    ok(yuesong("report", "quarterly", "--quarter", "2026Q3", "--out", str(folder)))
    assert mode(folder) == 0o700
    assert sorted(p.suffix for p in folder.iterdir()) == [".html", ".md"]
    for path in folder.iterdir():
        assert mode(path) == 0o600


def test_a_quarterly_report_into_a_file_is_refused(
    yuesong: Run, ledger: Path, out_dir: Path
) -> None:
    (out_dir / "报告").write_text("a file")
    before = fingerprint(ledger)
    message = fails(
        yuesong("report", "quarterly", "--quarter", "2026Q3", "--out", str(out_dir / "报告"))
    )
    assert str(out_dir / "报告") in message
    assert fingerprint(ledger) == before
    assert (out_dir / "报告").read_text() == "a file"


@pytest.mark.parametrize("name", ["out.txt", "out", "out.csv.bak", "out.xls"])
def test_an_export_with_an_unknown_suffix_is_refused(
    yuesong: Run, ledger: Path, out_dir: Path, name: str
) -> None:
    before = fingerprint(ledger)
    target = out_dir / name
    for command in (("person", "list"), ("report", "summary", "--period", "2026Q3")):
        message = fails(yuesong(*command, "--export", str(target)))
        assert ".csv" in message and ".xlsx" in message and ".json" in message
    assert fingerprint(ledger) == before
    assert list(out_dir.iterdir()) == []


def test_a_quarterly_report_that_cannot_be_written_whole_leaves_nothing(
    yuesong: Run, ledger: Path, out_dir: Path
) -> None:
    """A folder in the Markdown file's place: refused before the HTML is written."""
    (out_dir / "岳宋乡季度报告-2026Q3.md").mkdir()
    before = fingerprint(ledger)
    message = fails(yuesong("report", "quarterly", "--quarter", "2026Q3", "--out", str(out_dir)))
    assert "岳宋乡季度报告-2026Q3.md" in message
    assert fingerprint(ledger) == before
    assert sorted(p.name for p in out_dir.iterdir()) == ["岳宋乡季度报告-2026Q3.md"]


def test_a_write_failing_half_way_removes_what_was_written_and_its_audit(
    yuesong: Run, ledger: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yuesong_cli.cli import exporting

    real = exporting.stage
    calls: list[Path] = []

    def second_fails(path: Path, data: bytes, **options: Any) -> Any:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, **options)

    monkeypatch.setattr(exporting, "stage", second_fails)
    before = fingerprint(ledger)
    result = yuesong("report", "quarterly", "--quarter", "2026Q3", "--out", str(out_dir))
    assert result.exit_code == 1
    assert len(calls) == 2
    assert list(out_dir.iterdir()) == []  # the HTML written first is gone again
    assert fingerprint(ledger) == before  # and so is its audit row


def test_a_quarterly_report_is_audited_once_per_file(
    yuesong: Run, ledger: Path, out_dir: Path
) -> None:
    before = len(audit_rows(ledger))
    ok(yuesong("report", "quarterly", "--quarter", "2026Q3", "--out", str(out_dir)))
    rows = audit_rows(ledger)[before:]
    assert [(r["action"], r["table_name"]) for r in rows] == [("export", "report_quarterly")] * 2
    for path in out_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
