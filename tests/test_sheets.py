"""``yuesong sheets``: each helper's weekly sheet (HTML to print, one workbook with a sheet a
helper, short text), masked, with what the obligation model says is due that week; and
the round trip: the workbook filled in and brought back through ``import contacts``
changes the due list as it should."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest
from conftest import (
    TODAY,
    InvokeResult,
    build_ledger,
    cli,
    copy_ledger,
    fails,
    fingerprint,
    id_number,
    ok,
    register_in,
)

from yuesong_cli.domain.imports import CONTACTS, header_key
from yuesong_cli.domain.people import People
from yuesong_cli.domain.periods import parse_week, week_period
from yuesong_cli.errors import InvalidInput
from yuesong_cli.ledger.duelist import day_obligations
from yuesong_cli.ledger.sheets import helper_sheets
from yuesong_cli.messages import t
from yuesong_cli.output.sheets_view import COLUMNS, sheets_text
from yuesong_cli.store.contacts import NewContact
from yuesong_cli.store.db import Store

Run = Callable[..., InvokeResult]
d = dt.date
SINCE = d(2026, 10, 5)
WEEK = "2026-W49"  # Monday 2026-11-30 to Sunday 2026-12-06; the clock says 2026-11-29
NAMES = ("艾那", "叶门", "尼茸", "岩温")
SEQUENCES = (123, 204, 205, 207)
POSIX = os.name == "posix"


def _steps(run: Run, path: Path) -> None:
    """Four persons registered on 2026-10-05 and four helpers:

    - YS-0001 艾那, community treatment (tests monthly); a test on 11-06, a home visit on
      11-10 and a talk by phone on 11-20;
    - YS-0002 叶门, community rehabilitation (tests every two months); nothing yet;
    - YS-0003 尼茸, released on 11-02; YS-0004 岩温, on leave from 11-20 to 12-20;
    - H1 岩块 (police) is on all four teams; H2 玉香 (officer) on 叶门's and, since 11-01,
      on 艾那's as grid worker, taking over from H4 依香, and as volunteer, taking over
      from H3 岩罕, who retired that day."""
    store = Store(path)
    try:
        village = {"village": "岳宋村", "village_group": "三组"}
        people = [
            register_in(store, NAMES[0], SEQUENCES[0], SINCE, **village),
            register_in(store, NAMES[1], SEQUENCES[1], SINCE, "community_rehab", **village),
            register_in(store, NAMES[2], SEQUENCES[2], SINCE, **village),
            register_in(store, NAMES[3], SEQUENCES[3], SINCE, **village),
        ]
        police = store.add_helper("岩块", "police", None)
        officer = store.add_helper("玉香", "officer", None)
        volunteer = store.add_helper("岩罕", "volunteer", None)
        grid = store.add_helper("依香", "grid_worker", None)
        for person in people:
            store.assign(person, police, "police", SINCE)
        store.assign(people[1], officer, "officer", SINCE)
        store.assign(people[0], grid, "grid_worker", SINCE)
        store.assign(people[0], officer, "grid_worker", d(2026, 11, 1))
        store.assign(people[0], volunteer, "volunteer", SINCE)
        first = people[0]
        store.add_contact(NewContact(first, d(2026, 11, 6), ["urine"], "in_person", (), None,
                                     None, "negative"))  # fmt: skip
        store.add_contact(NewContact(first, d(2026, 11, 10), ["visit"], "in_person"))
        store.add_contact(NewContact(first, d(2026, 11, 20), ["talk"], "phone"))
        store.record_status(people[2], "released", d(2026, 11, 2), None, None, "期满")
        store.record_status(people[3], "on_leave", d(2026, 11, 20), d(2026, 12, 20), None, "务工")
        store.retire_helper(volunteer, d(2026, 11, 1), TODAY, "调离", successor=officer)
    finally:
        store.close()


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sheets") / "ledger.db"
    return build_ledger(path, lambda run: _steps(run, path))


@pytest.fixture
def yuesong(ledger: Path, db_path: Path) -> Run:
    copy_ledger(ledger, db_path)
    return cli(db_path)


@pytest.fixture
def store(yuesong: Run, db_path: Path) -> Iterator[Store]:
    opened = Store(db_path)
    yield opened
    opened.close()


def wrote(result: InvokeResult) -> str:
    """The one line on stderr of a run that wrote its files (nothing on stdout)."""
    assert result.exit_code == 0 and result.stdout == "", (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1
    return result.stderr


def files_of(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def xlsx_text(path: Path) -> bytes:
    """Every part of a workbook, unzipped, its XML character references read (openpyxl
    writes text as &#33406; when lxml is installed): what a search of its bytes must see."""
    with zipfile.ZipFile(path) as book:
        raw = b"".join(book.read(name) for name in book.namelist())
    return html.unescape(raw.decode("utf-8")).encode("utf-8")


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as conn:
        return list(conn.execute(sql))


# --- weeks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "monday"),
    [
        ("2026-W49", "2026-W49", d(2026, 11, 30)),
        ("2026w49", "2026-W49", d(2026, 11, 30)),
        (" 2026-w9 ", "2026-W09", d(2026, 2, 23)),
        ("2026-W53", "2026-W53", d(2026, 12, 28)),  # 2026 has 53 ISO weeks
        ("2027-W01", "2027-W01", d(2027, 1, 4)),
    ],
)
def test_an_iso_week_is_read(text: str, label: str, monday: dt.date) -> None:
    week = parse_week(text)
    assert (week.label, week.start, week.end) == (label, monday, monday + dt.timedelta(6))


@pytest.mark.parametrize("text", ["2027-W53", "2026-W00", "2026-W54", "2026-49", "W49", ""])
def test_a_week_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_week(text)
    assert refused.value.key == "error.week.invalid"


def test_the_week_of_a_day_takes_the_iso_year() -> None:
    assert week_period(d(2027, 1, 1)).label == "2026-W53"
    assert week_period(TODAY).label == "2026-W48"
    assert parse_week(week_period(d(2026, 12, 2)).label) == week_period(d(2026, 12, 2))


# --- what a sheet holds -------------------------------------------------------------------


def owed_of(store: Store, as_of: dt.date) -> dict[tuple[int, str], list[tuple[str, str, bool]]]:
    found = helper_sheets(store, parse_week(WEEK), as_of)
    return {
        (sheet.helper_id, line.case_no): [
            (o.rule, o.deadline.isoformat(), o.overdue) for o in line.owed
        ]
        for sheet in found.helpers
        for line in sheet.lines
    }


def test_each_helper_at_work_gets_the_persons_supervised_on_their_teams(store: Store) -> None:
    found = helper_sheets(store, parse_week(WEEK), TODAY)
    # H3 retired, H4's place on a team ended before the week; the released person and
    # the one on leave all week have no line.
    assert [(s.number, s.name, s.role) for s in found.helpers] == [
        ("H1", "岩块", "police"),
        ("H2", "玉香", "officer"),
    ]
    lines = {s.number: [(ln.case_no, ln.roles) for ln in s.lines] for s in found.helpers}
    assert lines == {
        "H1": [("YS-0001", ("police",)), ("YS-0002", ("police",))],
        "H2": [("YS-0001", ("grid_worker", "volunteer")), ("YS-0002", ("officer",))],
    }
    assert found.lines == 4 and found.mask_names and found.township == "岳宋乡"


def test_what_is_due_comes_from_the_model_for_the_windows_of_the_week(store: Store) -> None:
    owed = owed_of(store, TODAY)
    # 艾那: the talk of 11-16~11-30, November's visit and the test of 11-05~12-04 are
    # kept; the week's meeting, December's talk and visit, the quarter's report and the
    # test window from 12-05 are open.
    assert owed[(1, "YS-0001")] == [
        ("meet", "2026-12-06", False),
        ("talk", "2026-12-15", False),
        ("visit", "2026-12-31", False),
        ("report", "2026-12-31", False),
        ("urine", "2027-01-04", False),
    ]
    # 叶门: nothing kept; the half-month and the month end on the Monday, the first test
    # window (two months under rehabilitation) on the Friday.
    assert owed[(1, "YS-0002")] == [
        ("talk", "2026-11-30", False),
        ("visit", "2026-11-30", False),
        ("urine", "2026-12-04", False),
        ("meet", "2026-12-06", False),
        ("talk", "2026-12-15", False),
        ("visit", "2026-12-31", False),
        ("report", "2026-12-31", False),
        ("urine", "2027-02-04", False),
    ]
    # Asked on the Wednesday: what ended on the Monday was missed, and is marked.
    wednesday = owed_of(store, d(2026, 12, 2))[(1, "YS-0002")]
    assert wednesday[:2] == [("talk", "2026-11-30", True), ("visit", "2026-11-30", True)]


def test_the_kinds_proposed_are_those_due_by_the_end_of_the_week(store: Store) -> None:
    week = parse_week(WEEK)
    found = helper_sheets(store, week, TODAY)
    kinds = {line.case_no: line.kinds(week) for line in found.helpers[0].lines}
    assert kinds == {"YS-0001": ("meet",), "YS-0002": ("meet", "talk", "visit", "urine")}


def test_every_open_item_of_the_due_list_in_the_week_is_on_the_sheet(store: Store) -> None:
    week = parse_week(WEEK)
    for as_of in (week.start, d(2026, 12, 2), week.end):
        sheet = helper_sheets(store, week, as_of, [1]).helpers[0]
        owed = {(ln.case_no, o.rule, o.deadline.isoformat()) for ln in sheet.lines for o in ln.owed}
        due = day_obligations(store, as_of, people=People(helper_id=1)).rows
        listed = {(r["case_no"], r["rule"], r["window_end"]) for r in due if r["status"] != "done"}
        assert listed and listed <= owed


def test_a_named_helper_retired_or_unknown_is_refused(yuesong: Run, db_path: Path) -> None:
    before = fingerprint(db_path)
    refused = fails(yuesong("sheets", "--week", WEEK, "--helper", "H3", "-f", "text"))
    assert "H3" in refused and "2026-11-01" in refused
    fails(yuesong("sheets", "--week", WEEK, "--helper", "99", "-f", "text"))
    # A helper whose place ended before the week has an empty page when asked for.
    out = ok(yuesong("sheets", "--week", WEEK, "--helper", "依香", "-f", "text"))
    assert "H4 依香（网格员）：0 人\n本周没有在管的帮教对象。" in out
    assert fingerprint(db_path) == before


# --- text ------------------------------------------------------------------------------


def test_the_text_for_a_message(yuesong: Run, db_path: Path) -> None:
    before = fingerprint(db_path)
    out = ok(yuesong("sheets", "--week", WEEK, "--format", "text", "--helper", "1"))
    assert out == (
        "岳宋乡 2026-W49（2026-11-30 至 2026-12-06）帮教任务，截至 2026-11-29\n"
        "\n"
        "H1 岩块（社区民警）：2 人\n"
        "YS-0001 艾* 岳宋村 三组：见面、谈话（12-15 前）、走访（12-31 前）、汇报（12-31 前）、"
        "尿检（01-04 前）\n"
        "YS-0002 叶* 岳宋村 三组：谈话（11-30 前）、走访（11-30 前）、尿检（12-04 前）、见面、"
        "谈话（12-15 前）、走访（12-31 前）、汇报（12-31 前）、尿检（02-04 前）\n"
    )
    en = ok(yuesong("--lang", "en", "sheets", "--week", WEEK, "-f", "text", "--as-of", "12-02"))
    assert "H2 玉香 (drug-control officer): 2" in en
    assert "YS-0002 叶* 岳宋村 三组: talk (overdue: by 11-30), visit (overdue: by 11-30)," in en
    # Printing writes nothing, not even an audit row.
    assert fingerprint(db_path) == before


def test_the_default_week_is_the_one_of_the_day_asked(yuesong: Run) -> None:
    out = ok(yuesong("sheets", "-f", "text", "--helper", "1"))
    assert out.startswith("岳宋乡 2026-W48（2026-11-23 至 2026-11-29）")
    out = ok(yuesong("sheets", "-f", "text", "--helper", "1", "--as-of", "2026-12-01"))
    assert out.startswith("岳宋乡 2026-W49（")


# --- files ----------------------------------------------------------------------------


def test_the_pages_and_the_workbook_are_written_owner_only_and_audited(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "帮教表" / "十二月"
    assert wrote(yuesong("sheets", "--week", WEEK, "--out", str(out))) == (
        f"已写出 2026-W49 帮教表：2 位帮教人员，4 人次，3 个文件，在 {out}。\n"
    )
    assert files_of(out) == ["2026-W49-H1.html", "2026-W49-H2.html", "2026-W49.xlsx"]
    if POSIX:
        assert all((out / name).stat().st_mode & 0o777 == 0o600 for name in files_of(out))
        assert out.stat().st_mode & 0o777 == 0o700
        assert out.parent.stat().st_mode & 0o777 == 0o700
    page = (out / "2026-W49-H1.html").read_text("utf-8")
    assert "@page { size: A4 landscape;" in page
    assert "岩块（H1，社区民警）" in page and "2026-W49（2026-11-30 至 2026-12-06）" in page
    assert '<td class="case_no">YS-0002</td><td class="name">叶*</td>' in page
    assert '<td class="kinds">见面、谈话、走访、尿检</td>' in page
    assert "import contacts 2026-W49.xlsx" in page
    book = openpyxl.load_workbook(out / "2026-W49.xlsx")
    assert book.sheetnames == ["H1 岩块", "H2 玉香"]
    sheet = book["H2 玉香"]
    assert [c.value for c in sheet[4]] == [t(key) for _, key, _ in COLUMNS]
    assert [c.value for c in sheet[5]] == [
        "YS-0001", "艾*", "岳宋村 三组", "网格员、禁毒志愿者",
        "见面、谈话（12-15 前）、走访（12-31 前）、汇报（12-31 前）、尿检（01-04 前）",
        None, "见面", None, None, "H2", None,
    ]  # fmt: skip
    assert sheet.page_setup.orientation == "landscape"
    audit = query(db_path, "SELECT action, table_name, note FROM audit WHERE table_name = 'sheets'")
    assert len(audit) == 1 and audit[0][:2] == ("export", "sheets")
    note = str(audit[0][2])
    assert note.startswith("week=2026-W49 helpers=2 rows=4 ")
    assert note.endswith("files=2026-W49-H1.html,2026-W49-H2.html,2026-W49.xlsx")
    assert not any(name in note for name in (*NAMES, "岩块", "玉香"))
    ok(yuesong("db", "verify"))


def test_no_full_name_or_id_number_in_any_file(yuesong: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    wrote(yuesong("sheets", "--week", WEEK, "--out", str(out)))
    wrote(yuesong("--lang", "en", "sheets", "--week", WEEK, "--out", str(tmp_path / "en")))
    for path in [*out.iterdir(), *(tmp_path / "en").iterdir()]:
        data = xlsx_text(path) if path.suffix == ".xlsx" else path.read_bytes()
        assert "艾*".encode() in data
        for name in NAMES:
            assert name.encode() not in data, (path.name, name)
        for sequence in SEQUENCES:
            number = id_number(sequence)
            assert number.encode() not in data and number[-6:].encode() not in data


def test_only_one_format_is_written_when_asked(yuesong: Run, tmp_path: Path) -> None:
    wrote(yuesong("sheets", "--week", WEEK, "--out", str(tmp_path / "a"), "-f", "xlsx"))
    assert files_of(tmp_path / "a") == ["2026-W49.xlsx"]
    wrote(yuesong("sheets", "--week", WEEK, "--out", str(tmp_path / "b"), "-f", "html"))
    assert files_of(tmp_path / "b") == ["2026-W49-H1.html", "2026-W49-H2.html"]


def test_refusals_write_nothing(yuesong: Run, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = fingerprint(db_path)
    assert "2026-W60" in fails(yuesong("sheets", "--week", "2026-W60", "--out", str(out)))
    fails(yuesong("sheets", "--week", WEEK, "--out", str(out), "--helper", "无此人"))
    assert "--out" in fails(yuesong("sheets", "--week", WEEK), 2)
    assert yuesong("sheets", "--week", WEEK, "--out", str(out), "-f", "pdf").exit_code == 2
    assert not out.exists()
    assert fingerprint(db_path) == before
    # One of the files there already: none is written, the one there is left alone.
    out.mkdir()
    (out / "2026-W49.xlsx").write_bytes(b"filled in")
    refused = fails(yuesong("sheets", "--week", WEEK, "--out", str(out)))
    assert "2026-W49.xlsx" in refused and "--force" in refused
    assert files_of(out) == ["2026-W49.xlsx"]
    assert (out / "2026-W49.xlsx").read_bytes() == b"filled in"
    assert fingerprint(db_path) == before
    # A file standing where the folder should be.
    blocker = tmp_path / "file"
    blocker.write_text("x")
    fails(yuesong("sheets", "--week", WEEK, "--out", str(blocker / "sub")))
    assert fingerprint(db_path) == before
    # --force replaces them.
    wrote(yuesong("sheets", "--week", WEEK, "--out", str(out), "--force"))
    assert files_of(out) == ["2026-W49-H1.html", "2026-W49-H2.html", "2026-W49.xlsx"]
    assert (out / "2026-W49.xlsx").read_bytes()[:2] == b"PK"


def test_nothing_to_put_on_a_sheet_is_refused(yuesong: Run, tmp_path: Path) -> None:
    # Before anyone was registered (and so under supervision), no helper has a line.
    refused = fails(yuesong("sheets", "--week", "2026-W30", "--out", str(tmp_path / "x")))
    assert "2026-W30" in refused
    assert not (tmp_path / "x").exists()


# --- the round trip ------------------------------------------------------------------------


def statuses(run: Run, as_of: str) -> dict[tuple[str, str], str]:
    rows = json.loads(ok(run("due", "--as-of", as_of, "--all", "-f", "json")))
    return {(r["case_no"], r["rule"]): r["status"] for r in rows}


def fill(workbook: Path, filled: Path, lines: dict[tuple[str, str], dict[str, object]]) -> None:
    """A copy of the workbook with some lines filled in: (sheet, case number) -> values
    by column key; every other line left as it came."""
    book = openpyxl.load_workbook(workbook)
    keys = [key for key, _, _ in COLUMNS]
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=5):
            values = lines.get((sheet.title, str(row[0].value)), {})
            for key, value in values.items():
                row[keys.index(key)].value = value
    book.save(filled)


def test_a_filled_workbook_comes_back_and_the_due_list_follows(
    yuesong: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "sheets"
    wrote(yuesong("sheets", "--week", WEEK, "--out", str(out)))
    filled = tmp_path / "filled.xlsx"
    fill(
        out / "2026-W49.xlsx",
        filled,
        {
            # 叶门 met at home on the Tuesday: a meeting, a talk and a visit; the test
            # crossed out, not done.
            ("H1 岩块", "YS-0002"): {
                "date": d(2026, 12, 1),
                "kinds": "见面、谈话、走访",
                "mode": "当面",
                "signature": "岩块",
            },
            # 艾那 called on the Wednesday: a talk by phone (typed as text).
            ("H2 玉香", "YS-0001"): {"date": "2026-12-02", "kinds": "谈话", "mode": "电话"},
        },
    )
    # Brought back on the Thursday.
    monkeypatch.setenv("YUESONG_NOW", "2026-12-03T01:00:00Z")
    before = statuses(yuesong, "2026-12-03")
    assert before[("YS-0002", "meet")] == "due" and before[("YS-0002", "visit")] == "due"
    assert before[("YS-0002", "talk")] == "due" and before[("YS-0001", "talk")] == "due"
    unchanged = fingerprint(db_path)
    out_lines = ok(yuesong("import", "contacts", str(filled)))
    assert out_lines == (
        "filled.xlsx：读取 4 行，新增 2，已记录 0，无效 0。\n"
        "空白行 2 行（帮教表中未填日期的行），已跳过。\n"
        "仅检查，未写入；确认无误后加 --commit 导入。\n"
    )
    assert fingerprint(db_path) == unchanged
    assert "已记录 2 次帮教" in ok(yuesong("import", "contacts", str(filled), "--commit"))
    after = statuses(yuesong, "2026-12-03")
    for key in (("YS-0002", "meet"), ("YS-0002", "talk"), ("YS-0002", "visit")):
        assert after[key] == "done", key
    assert after[("YS-0001", "talk")] == "done"
    # A call keeps the talk, not the week's meeting; the test was not done.
    assert after[("YS-0001", "meet")] == "due" and after[("YS-0002", "urine")] == "due"
    assert {k: v for k, v in after.items() if k not in before or before[k] != v} == {
        ("YS-0002", "meet"): "done",
        ("YS-0002", "talk"): "done",
        ("YS-0002", "visit"): "done",
        ("YS-0001", "talk"): "done",
    }
    # Each contact is credited to the helper whose sheet it was written on.
    credited = query(
        db_path,
        "SELECT p.case_no, c.happened_on, c.mode, h.helper_id FROM contacts c"
        " JOIN persons p ON p.id = c.person_id"
        " JOIN contact_helpers h ON h.contact_id = c.id WHERE c.happened_on >= '2026-12-01'"
        " ORDER BY c.happened_on",
    )
    assert credited == [
        ("YS-0002", "2026-12-01", "in_person", 1),
        ("YS-0001", "2026-12-02", "phone", 2),
    ]
    # The sheet of the week now asks for less, and the same file again adds nothing.
    text = ok(yuesong("sheets", "--week", WEEK, "-f", "text", "--helper", "1"))
    assert (
        "YS-0002 叶* 岳宋村 三组：谈话（已逾期，应于 11-30 前）、走访（已逾期，应于 11-30 前）、"
        "尿检（12-04 前）、汇报（12-31 前）、尿检（02-04 前）\n"
    ) in text
    settled = fingerprint(db_path)
    assert "新增 0，已记录 2" in ok(yuesong("import", "contacts", str(filled), "--commit"))
    assert fingerprint(db_path) == settled
    ok(yuesong("db", "verify"))


def test_a_line_half_filled_is_a_problem_named_by_its_sheet(
    yuesong: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrote(yuesong("sheets", "--week", WEEK, "--out", str(tmp_path / "s")))
    filled = tmp_path / "filled.xlsx"
    fill(
        tmp_path / "s" / "2026-W49.xlsx",
        filled,
        {
            ("H1 岩块", "YS-0002"): {"date": d(2026, 12, 1)},  # the test kept: no result
            ("H2 玉香", "YS-0002"): {"mode": "电话"},  # a mode, but no date
        },
    )
    monkeypatch.setenv("YUESONG_NOW", "2026-12-03T01:00:00Z")
    before = fingerprint(db_path)
    result = yuesong("import", "contacts", str(filled), "--commit")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:4] == [
        "filled.xlsx：读取 4 行，新增 0，已记录 0，无效 2。",
        "空白行 2 行（帮教表中未填日期的行），已跳过。",
        "H1 岩块 第 6 行 尿检结果：尿检须在“尿检结果”列填写结果（阴性、阳性、拒检、未到）。",
        "H2 玉香 第 6 行 日期：未填写。",
    ]
    assert fingerprint(db_path) == before


def test_the_english_workbook_comes_back_too(
    yuesong: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrote(yuesong("--lang", "en", "sheets", "--week", WEEK, "--out", str(tmp_path / "s")))
    book = openpyxl.load_workbook(tmp_path / "s" / "2026-W49.xlsx")
    assert [c.value for c in book.worksheets[0][4]] == [
        "case no", "name", "village", "role", "due this week", "date", "kinds", "mode",
        "result", "helpers", "signature",
    ]  # fmt: skip
    assert book.worksheets[0]["G6"].value == "meet, talk, visit, urine"
    filled = tmp_path / "filled.xlsx"
    fill(
        tmp_path / "s" / "2026-W49.xlsx",
        filled,
        {("H1 岩块", "YS-0002"): {"date": "2026-12-01", "kinds": "meet, urine",
                                 "result": "negative"}},
    )  # fmt: skip
    monkeypatch.setenv("YUESONG_NOW", "2026-12-03T01:00:00Z")
    out = ok(yuesong("--lang", "en", "import", "contacts", str(filled), "--commit"))
    assert out.startswith("filled.xlsx: 4 rows read, 1 new, 0 already recorded, 0 invalid.\n")
    assert "3 blank lines (lines of a helpers' sheet without a date) skipped.\n" in out
    after = statuses(yuesong, "2026-12-03")
    assert after[("YS-0002", "meet")] == "done" and after[("YS-0002", "urine")] == "done"


def test_every_header_of_the_sheet_is_one_the_import_reads() -> None:
    wanted = {
        "case_no": "person", "name": "sheet_name", "village": "sheet_village",
        "role": "sheet_role", "due": "sheet_due", "date": "happened_on", "kinds": "kinds",
        "mode": "mode", "result": "urine_result", "helpers": "helpers",
        "signature": "signature",
    }  # fmt: skip
    for key, message, _ in COLUMNS:
        for lang in ("zh", "en"):
            assert CONTACTS.names[header_key(t(message, lang))] == wanted[key], (key, lang)


def test_the_text_view_says_when_a_helper_has_no_one(store: Store) -> None:
    found = helper_sheets(store, parse_week(WEEK), TODAY, [4])
    assert sheets_text(found, "en").endswith(
        "H4 依香 (grid worker): 0\nNo one under supervision this week.\n"
    )


def test_one_helpers_workbook_never_takes_the_weeks_whole_workbooks_place(
    yuesong: Run, tmp_path: Path
) -> None:
    """--helper 1 --force once replaced the week's workbook (every helper's sheets,
    perhaps out being filled in) with one sheet: its own name now."""
    out = tmp_path / "out"
    wrote(yuesong("sheets", "--week", WEEK, "--out", str(out), "-f", "xlsx"))
    whole = (out / "2026-W49.xlsx").read_bytes()
    wrote(yuesong("sheets", "--week", WEEK, "--out", str(out), "--helper", "1", "--force"))
    assert (out / "2026-W49.xlsx").read_bytes() == whole
    assert sorted(files_of(out)) == ["2026-W49-H1.html", "2026-W49-H1.xlsx", "2026-W49.xlsx"]
    page = (out / "2026-W49-H1.html").read_text("utf-8")
    assert "import contacts 2026-W49-H1.xlsx" in page
    book = openpyxl.load_workbook(out / "2026-W49-H1.xlsx")
    assert [sheet.title[:2] for sheet in book.worksheets] == ["H1"]
    wrote(yuesong("sheets", "--week", WEEK, "--out", str(out), "--helper", "2", "--helper", "1",
                  "-f", "xlsx"))  # fmt: skip
    assert "2026-W49-H2-H1.xlsx" in files_of(out)
