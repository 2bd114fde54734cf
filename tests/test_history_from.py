"""The history start (``--history-from``, docs/model.md "Supervision"): obligations count
from the later of the registration day and the history start, so a register brought in
with statuses a year old does not open with a wall of missed obligations; the statuses
and terms still count from the days recorded.

One ledger, built once, as of Sunday 2026-11-29 (the pinned clock), three persons under
community treatment from Monday 2025-11-03 (registered that day), no contacts:

- YS-0001 艾那: imported from a file with ``import persons --commit`` (history from the
  import day, 2026-11-29);
- YS-0002 叶块: ``person add --history-from 2026-11-29``;
- YS-0003 娜莫: ``person add`` alone, the obligations of a year all missed.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, build_ledger, cli, copy_ledger, fails, fingerprint, id_number, ok

from yuesong_cli.domain.obligations import (
    BEFORE_HISTORY,
    FIVE_TO_ONE,
    UNREGISTERED,
    Contact,
    Supervision,
    check_history_from,
    due_from_days,
    obligations_between,
    obligations_from,
    window_of,
)
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.errors import InvalidInput

Run = Callable[..., InvokeResult]

SINCE = "2025-11-03"
TODAY = "2026-11-29"
HEADERS = "姓名,公民身份号码,人员类别,起始日期,村委会,村民小组"
KEPT = "此前的不计为漏做；状态起始日照原记录保留。"


def register_file(path: Path, *rows: tuple[str, int, str]) -> Path:
    """A UTF-8 CSV register: (name, ID sequence, status since) per row."""
    lines = [HEADERS] + [
        f"{name},{id_number(seq)},社区戒毒,{since},岳宋村,一组" for name, seq, since in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build(folder: Path) -> Callable[[Run], None]:
    def steps(run: Run) -> None:
        ok(
            run(
                "import",
                "persons",
                str(register_file(folder / "台账.csv", ("艾那", 123, SINCE))),
                "--commit",
            )
        )
        for name, sequence, *more in (("叶块", 125, "--history-from", TODAY), ("娜莫", 124)):
            ok(
                run(
                    "person", "add", "--name", name, "--id-number", id_number(sequence),
                    "--since", SINCE, "--village", "岳宋村", "--group", "一组", *more,
                )
            )  # fmt: skip

    return steps


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("history")
    return build_ledger(folder / "history.db", build(folder))


@pytest.fixture
def example(ledger: Path) -> Run:
    """The shared ledger, for commands that only read."""
    return cli(ledger)


@pytest.fixture
def own(ledger: Path, db_path: Path) -> Run:
    """A copy of the ledger of the test's own, for commands that write."""
    copy_ledger(ledger, db_path)
    return cli(db_path)


def as_json(result: InvokeResult) -> Any:
    return json.loads(ok(result))


def stored(db: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def by_person(rows: list[dict[str, Any]], field: str) -> dict[str, dict[str, Any]]:
    """``field`` of each rule's row, by case number then rule."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        found.setdefault(row["case_no"], {})[row["rule"]] = row[field]
    return found


# --- what is stored --------------------------------------------------------------


def test_the_import_keeps_the_status_day_and_records_the_history_start(ledger: Path) -> None:
    assert stored(
        ledger, "SELECT case_no, registered_on, history_from FROM persons ORDER BY id"
    ) == [
        ("YS-0001", SINCE, TODAY),
        ("YS-0002", SINCE, TODAY),
        ("YS-0003", SINCE, None),
    ]
    assert stored(ledger, "SELECT person_id, status, since FROM status_history ORDER BY id") == [
        (1, "community_treatment", SINCE),
        (2, "community_treatment", SINCE),
        (3, "community_treatment", SINCE),
    ]
    [(fields, note)] = stored(ledger, "SELECT fields, note FROM audit WHERE action = 'import'")
    assert "history_from" in json.loads(fields)
    assert json.loads(note)["history_from"] == TODAY


# --- the due list, the alerts, why ----------------------------------------------


def test_the_due_list_shows_nothing_missed_before_the_history_start(example: Run) -> None:
    rows = as_json(example("due", "--as-of", TODAY, "-f", "json"))
    streaks = by_person(rows, "missed_streak")
    # On the import day every current window began before it (the week from Monday
    # 11-23, the half-month, the month, the quarter, the test window from 11-03): each is
    # shown while open, and nothing before it is missed (docs/model.md "Supervision").
    assert set(streaks) == {"YS-0001", "YS-0002", "YS-0003"}
    for case in ("YS-0001", "YS-0002"):
        assert streaks[case] == dict.fromkeys(("meet", "talk", "visit", "report", "urine"), 0)
    # Without a history start a year of weeks is missed.
    assert streaks["YS-0003"]["meet"] == 55
    assert streaks["YS-0003"]["talk"] > 20
    alerts = as_json(example("alerts", "--as-of", TODAY, "-f", "json"))
    streaked = {a["case_no"] for a in alerts if a["kind"] == "missed_streak"}
    assert streaked == {"YS-0003"}


def test_obligations_count_from_the_history_start_on(example: Run) -> None:
    # A month later: the four weeks from Monday 11-30 missed (the week holding 11-29
    # began before it: not kept, it is not counted missed); the half-month of 12-01
    # missed (that of 11-16 is not counted); December is current, November not
    # counted; the quarter and the test window from 11-03, begun before the history
    # start, are open until their deadlines.
    rows = as_json(example("due", "--as-of", "2026-12-29", "-f", "json"))
    streaks = by_person(rows, "missed_streak")
    expected = {"meet": 4, "talk": 1, "visit": 0, "report": 0, "urine": 0}
    assert streaks["YS-0001"] == expected
    assert streaks["YS-0002"] == expected
    alerts = as_json(example("alerts", "--as-of", "2026-12-29", "-f", "json"))
    # A streak never kept runs from the history start, not from the registration.
    since = {
        (a["case_no"], a["detail"]): a["since"] for a in alerts if a["kind"] == "missed_streak"
    }
    assert {day for (case, _), day in since.items() if case != "YS-0003"} == {TODAY}
    assert {case for case, _ in since} == {"YS-0001", "YS-0002", "YS-0003"}


def test_terms_still_count_from_the_status(example: Run) -> None:
    # The second year of community treatment: two-month test windows from the term's
    # start, 2025-11-03, whatever the history start.
    rows = as_json(example("due", "--as-of", TODAY, "--rule", "urine", "-f", "json"))
    windows = {row["case_no"]: (row["window_start"], row["window_end"]) for row in rows}
    assert windows == dict.fromkeys(("YS-0001", "YS-0002", "YS-0003"), ("2026-11-03", "2027-01-02"))
    rows = as_json(example("due", "--as-of", "2027-01-05", "--rule", "urine", "-f", "json"))
    windows = {row["case_no"]: (row["window_start"], row["window_end"]) for row in rows}
    assert windows == dict.fromkeys(("YS-0001", "YS-0002", "YS-0003"), ("2027-01-03", "2027-03-02"))


def test_why_says_a_day_lies_before_the_history_start(example: Run) -> None:
    out = ok(example("why", "YS-0001", "--as-of", "2026-06-01"))
    assert out.splitlines() == [
        "YS-0001 帮教规则说明（2026-06-01，状态：社区戒毒）",
        "2026-06-01 在记录起始日 2026-11-29 之前：此前的应办事项不计（状态照原记录保留）。",
    ]
    english = ok(example("--lang", "en", "why", "YS-0002", "--as-of", "2026-06-01"))
    assert "2026-06-01 is before the history start 2026-11-29" in english
    assert ok(example("why", "YS-0001", "--as-of", "2026-06-01", "-f", "json")).strip() == "[]"
    # Before registration (and the status) the history start is not why.
    earlier = ok(example("why", "YS-0001", "--as-of", "2025-10-01"))
    assert "记录起始日" not in earlier and "当天不在社区戒毒/康复的在管期内" in earlier


def test_why_says_a_window_begun_before_the_history_start_is_never_missed(example: Run) -> None:
    out = ok(example("why", "YS-0001", "--as-of", TODAY))
    meet = next(line for line in out.splitlines() if line.startswith("一周一见面"))
    assert meet.endswith(
        "本周期尚未完成，今天到期；本周期 2026-11-23~2026-11-29 始于记录起始日 2026-11-29 之前："
        "做了算完成，到期未做也不算漏做（记录起始日前做过什么没有记录）"
    ), meet
    assert "连续漏做" not in out and "不在社区管理期内" not in out
    english = ok(example("--lang", "en", "why", "YS-0002", "--as-of", TODAY))
    assert "this window, 2026-11-23~2026-11-29, began before the history start 2026-11-29" in (
        english
    )
    rows = as_json(example("why", "YS-0001", "--as-of", TODAY, "-f", "json"))
    assert {row["rule"]: row["missed_streak"] for row in rows} == dict.fromkeys(
        ("meet", "talk", "visit", "report", "urine"), 0
    )
    # The next Monday the week holds an obligation, the first one counted.
    monday = ok(example("why", "YS-0001", "--as-of", "2026-11-30"))
    meet = next(line for line in monday.splitlines() if line.startswith("一周一见面"))
    assert "2026-11-30~2026-12-06" in meet and "记录起始日" not in meet
    # Without a history start the streak is there.
    assert "此前已连续漏做" in ok(example("why", "YS-0003", "--as-of", TODAY))


def test_two_days_after_an_import_on_sunday_nothing_is_missed(own: Run) -> None:
    """Imported on Sunday 2026-11-29 with the default history start: on Tuesday 12-01
    no window begun before 11-29 shows as missed in the due list, the alerts, the
    November figures or the helper's sheets (a window partly before the history start
    cannot be judged: docs/model.md "Supervision")."""
    rows = as_json(own("due", "--as-of", "2026-12-01", "--all", "-f", "json"))
    mine = [row for row in rows if row["case_no"] == "YS-0001"]
    # The quarter and the test window began before the history start: open until
    # their deadlines, and never counted missed.
    assert {row["rule"]: (row["window_start"], row["missed_streak"]) for row in mine} == {
        "meet": ("2026-11-30", 0),
        "talk": ("2026-12-01", 0),
        "visit": ("2026-12-01", 0),
        "report": ("2026-10-01", 0),
        "urine": ("2026-11-03", 0),
    }
    alerts = as_json(own("alerts", "--as-of", "2026-12-01", "-f", "json"))
    assert not [a for a in alerts if a["case_no"] == "YS-0001" and a["kind"] == "missed_streak"]
    november = as_json(
        own("report", "person", "YS-0001", "--period", "2026-11", "--as-of", "2026-12-01",
            "-f", "json")
    )  # fmt: skip
    assert {row["due"] for row in november["calendar"]} == {0}
    ok(own("helper", "add", "岩块", "--role", "police"))
    ok(own("team", "assign", "YS-0001", "H1", "--role", "police"))
    week48 = ok(own("sheets", "--week", "2026-W48", "-f", "text"))
    # On the import day the week's windows are open: shown, never counted missed.
    assert week48.splitlines()[-1] == (
        "YS-0001 艾* 岳宋村 一组：见面、谈话（11-30 前）、走访（11-30 前）、汇报（12-31 前）、"
        "尿检（01-02 前）"
    )
    week49 = ok(own("sheets", "--week", "2026-W49", "-f", "text", "--as-of", "2026-12-01"))
    assert week49.splitlines()[-1] == (
        "YS-0001 艾* 岳宋村 一组：见面、谈话（12-15 前）、走访（12-31 前）、汇报（12-31 前）、"
        "尿检（01-02 前）"
    )


def test_an_incomplete_file_is_dated_from_registration_not_the_history_start(
    example: Run,
) -> None:
    """Asked for a day before the history start, the alert of an incomplete file said
    it began after that day."""
    for as_of in ("2026-10-15", TODAY):
        alerts = as_json(example("alerts", "--as-of", as_of, "-f", "json"))
        since = {a["case_no"]: a["since"] for a in alerts if a["kind"] == "file_incomplete"}
        assert since == dict.fromkeys(("YS-0001", "YS-0002", "YS-0003"), SINCE), as_of


# --- reports ---------------------------------------------------------------------


def test_a_report_before_the_history_start_counts_no_obligations_of_theirs(example: Run) -> None:
    for case in ("YS-0001", "YS-0002"):
        file = as_json(example("report", "person", case, "--period", "2026Q3", "-f", "json"))
        assert {row["due"] for row in file["calendar"]} == {0}, case
    other = as_json(example("report", "person", "YS-0003", "--period", "2026Q3", "-f", "json"))
    assert sum(row["due"] for row in other["calendar"]) > 0
    village = as_json(example("report", "village", "--period", "2026Q3", "-f", "json"))
    [group] = village["groups"]
    # Supervised by the statuses recorded, all three; the obligations only YS-0003's.
    assert (group["persons"], group["supervised"]) == (3, 3)
    assert group["due"] == sum(row["due"] for row in other["calendar"])


def test_a_report_after_the_history_start_counts_theirs(example: Run) -> None:
    december = as_json(
        example("report", "person", "YS-0001", "--period", "2026-12", "--as-of", "2027-01-05",
                "-f", "json")
    )  # fmt: skip
    due = {row["name"]: row["due"] for row in december["calendar"]}
    assert due["一月一走访"] == 1 and due["一周一见面"] == 4


# --- import persons --history-from --------------------------------------------------


def test_a_dry_run_writes_nothing_and_says_the_day(own: Run, db_path: Path, tmp_path: Path) -> None:
    file = register_file(tmp_path / "b.csv", ("岩块", 127, SINCE))
    before = fingerprint(db_path)
    out = ok(own("import", "persons", str(file), "--history-from", "2026-11-01"))
    assert out.splitlines()[1:] == [
        f"1 人的应办事项自 2026-11-01 起计（记录起始日），{KEPT}",
        "仅检查，未写入；确认无误后加 --commit 导入。",
    ]
    assert fingerprint(db_path) == before
    assert "Obligations of 1 person count from 2026-11-01" in ok(
        own("--lang", "en", "import", "persons", str(file), "--history-from", "2026-11-01")
    )
    assert fingerprint(db_path) == before


def test_a_history_start_after_today_is_refused(own: Run, db_path: Path, tmp_path: Path) -> None:
    file = register_file(tmp_path / "b.csv", ("岩块", 127, SINCE))
    before = fingerprint(db_path)
    fails(own("import", "persons", str(file), "--commit", "--history-from", "2026-12-01"))
    fails(own("import", "persons", str(file), "--history-from", "明天"))
    assert fingerprint(db_path) == before


def test_the_history_start_is_kept_only_where_it_is_after_registration(
    own: Run, db_path: Path, tmp_path: Path
) -> None:
    file = register_file(
        tmp_path / "b.csv",
        ("岩块", 127, SINCE),
        ("玉香", 126, "2026-11-15"),
        ("岩嫩", 129, "2026-11-01"),
    )
    out = ok(own("import", "persons", str(file), "--commit", "--history-from", "11-01"))
    assert "已登记 3 人" in out
    rows = stored(
        db_path, "SELECT registered_on, history_from FROM persons WHERE id > 3 ORDER BY id"
    )
    # From 2026-11-15 on nothing earlier was owed anyway: nothing to keep.
    assert rows == [(SINCE, "2026-11-01"), ("2026-11-15", None), ("2026-11-01", None)]


def test_a_row_may_give_its_own_history_start(own: Run, db_path: Path, tmp_path: Path) -> None:
    file = tmp_path / "c.csv"
    file.write_text(
        f"{HEADERS},记录起始日\n岩块,{id_number(127)},社区戒毒,{SINCE},岳宋村,一组,2026-10-01\n"
        f"玉香,{id_number(126)},社区戒毒,{SINCE},岳宋村,一组,\n"
        # Its registration day: obligations count from registration, not from the import's.
        f"岩嫩,{id_number(129)},社区戒毒,2026-03-02,岳宋村,一组,2026-03-02\n",
        encoding="utf-8",
    )
    out = ok(own("import", "persons", str(file), "--commit"))
    # The days kept, each with how many keep it: not the import's day alone.
    assert out.splitlines()[1:] == [
        f"1 人的应办事项自 2026-10-01 起计（记录起始日），{KEPT}",
        f"1 人的应办事项自 2026-11-29 起计（记录起始日），{KEPT}",
        "1 人的应办事项自登记日起计（登记日不早于记录起始日）。",
        "已登记 3 人。",
    ]
    rows = stored(db_path, "SELECT history_from FROM persons WHERE id > 3 ORDER BY id")
    assert rows == [("2026-10-01",), (TODAY,), (None,)]


def test_a_rows_history_start_is_checked_as_person_add_checks_one(
    own: Run, db_path: Path, tmp_path: Path
) -> None:
    """A day after today would take the person off the due list while counting them as
    supervised; a day before registration says what it does not do: both are problems
    of the row, nothing is stored."""
    file = tmp_path / "c.csv"
    file.write_text(
        f"{HEADERS},记录起始日\n岩块,{id_number(127)},社区戒毒,{SINCE},岳宋村,一组,2026-12-01\n"
        f"玉香,{id_number(126)},社区戒毒,2026-03-02,岳宋村,一组,2026-03-01\n",
        encoding="utf-8",
    )
    before = fingerprint(db_path)
    result = own("import", "persons", str(file))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "c.csv：读取 2 行，新增 0，已登记 0，冲突 0，无效 2。",
        "第 2 行 记录起始日：日期不能晚于今天，请核对后重新输入。",
        "第 3 行 记录起始日：记录起始日 2026-03-01 早于登记日 2026-03-02："
        "登记前本来就不计应办事项；请给登记日或更晚的日期，或不设记录起始日。",
    ]
    assert own("import", "persons", str(file), "--commit").exit_code == 1
    assert fingerprint(db_path) == before


def test_a_history_start_on_the_registration_day_is_taken_as_registration() -> None:
    check_history_from(D(2026, 1, 5), D(2026, 1, 5), D(2026, 11, 29))
    with pytest.raises(InvalidInput) as future:
        check_history_from(D(2026, 11, 30), D(2026, 1, 5), D(2026, 11, 29))
    assert future.value.key == "error.date.future"


# --- person add, edit and show -------------------------------------------------------


def test_person_add_refuses_a_history_start_before_registration(own: Run, db_path: Path) -> None:
    before = fingerprint(db_path)
    line = fails(
        own(
            "person", "add", "--name", "岩块", "--id-number", id_number(127),
            "--since", "2026-01-05", "--history-from", "2025-12-01",
        )
    )  # fmt: skip
    assert line == (
        "记录起始日 2025-12-01 早于登记日 2026-01-05：登记前本来就不计应办事项；"
        "请给登记日或更晚的日期，或不设记录起始日。"
    )
    fails(
        own(
            "person",
            "add",
            "--name",
            "岩块",
            "--id-number",
            id_number(127),
            "--history-from",
            "2026-12-01",
        )
    )
    assert fingerprint(db_path) == before


def test_person_edit_sets_moves_and_clears_the_history_start(own: Run, db_path: Path) -> None:
    ok(own("person", "edit", "YS-0003", "--history-from", "2026-11-01"))
    assert stored(db_path, "SELECT history_from FROM persons WHERE id = 3") == [("2026-11-01",)]
    streaks = by_person(as_json(own("due", "-f", "json")), "missed_streak")
    # The weeks of November's Sundays 8, 15, 22: the one ending Sunday 11-01 began before.
    assert streaks["YS-0003"]["meet"] == 3
    before = fingerprint(db_path)
    # A registration moved after the history start would leave it saying nothing.
    line = fails(own("person", "edit", "YS-0003", "--registered", "2026-11-10"))
    assert line.startswith("记录起始日 2026-11-01 早于登记日 2026-11-10")
    fails(own("person", "edit", "YS-0003", "--history-from", "2025-10-01"))
    fails(own("person", "edit", "YS-0003", "--history-from", "2026-12-01"))
    assert fingerprint(db_path) == before
    # A Tuesday: its week began the day before, and holds no obligation.
    ok(own("person", "edit", "YS-0003", "--history-from", "2026-11-24"))
    english = ok(own("--lang", "en", "why", "YS-0003"))
    assert "this window, 2026-11-23~2026-11-29, began before the history start 2026-11-24" in (
        english
    )
    ok(own("person", "edit", "YS-0003", "--history-from", ""))
    assert stored(db_path, "SELECT history_from FROM persons WHERE id = 3") == [(None,)]
    assert "正常" in ok(own("db", "verify"))


def test_person_show_shows_the_history_start_only_where_set(example: Run) -> None:
    shown = ok(example("person", "show", "YS-0002"))
    assert "记录起始日" in shown and TODAY in shown
    english = ok(example("--lang", "en", "person", "show", "YS-0002")).splitlines()
    assert next(line for line in english if line.startswith("history from")).endswith(TODAY)
    assert "记录起始日" not in ok(example("person", "show", "YS-0003"))
    assert as_json(example("person", "show", "YS-0001", "-f", "json"))["history_from"] == TODAY
    assert "history_from" not in as_json(example("person", "show", "YS-0003", "-f", "json"))


# --- the model -------------------------------------------------------------------

D = dt.date


def history(*entries: tuple[str, dt.date]) -> list[StatusEntry]:
    return [StatusEntry(i + 1, status, since) for i, (status, since) in enumerate(entries)]


def test_obligations_count_from_the_later_of_registration_and_history_start() -> None:
    assert obligations_from(D(2026, 1, 5), None) == D(2026, 1, 5)
    assert obligations_from(D(2026, 1, 5), D(2026, 3, 1)) == D(2026, 3, 1)
    assert obligations_from(D(2026, 1, 5), D(2025, 3, 1)) == D(2026, 1, 5)
    assert obligations_from(None, None) is None
    check_history_from(None, D(2026, 1, 5))
    check_history_from(D(2026, 1, 5), D(2026, 1, 5))
    with pytest.raises(InvalidInput) as refused:
        check_history_from(D(2026, 1, 4), D(2026, 1, 5))
    assert refused.value.params == {"day": "2026-01-04", "registered": "2026-01-05"}


def test_days_before_the_history_start_owe_nothing_but_stay_supervised() -> None:
    statuses = history(("community_treatment", D(2025, 11, 3)))
    seen = Supervision(statuses, D(2026, 11, 29), D(2025, 9, 1), D(2026, 11, 29))
    assert [(s.status, s.start, s.end) for s in seen.spans] == [
        (BEFORE_HISTORY, D(2025, 11, 3), D(2026, 11, 28)),
        ("community_treatment", D(2026, 11, 29), None),
    ]
    assert seen.history_start == D(2026, 11, 29)
    assert seen.active_days(D(2026, 7, 1), D(2026, 9, 30)) == 0
    assert seen.supervised_days(D(2026, 7, 1), D(2026, 9, 30)) == 92
    # Registration after the status began: its days are still the registration's.
    late = Supervision(statuses, D(2026, 11, 29), D(2026, 1, 5), D(2026, 3, 2))
    assert [s.status for s in late.spans] == [UNREGISTERED, BEFORE_HISTORY, "community_treatment"]
    assert [s.status for s in late.recorded] == [UNREGISTERED, "community_treatment"]
    # A history start on or before registration changes nothing.
    same = Supervision(statuses, D(2026, 11, 29), D(2026, 1, 5), D(2026, 1, 5))
    assert same.history_start is None and same.spans is same.recorded


def test_the_term_and_its_test_windows_ignore_the_history_start() -> None:
    statuses = history(("community_treatment", D(2025, 11, 3)))
    plain = Supervision(statuses, D(2026, 11, 29), D(2025, 11, 3))
    started = Supervision(statuses, D(2026, 11, 29), D(2025, 11, 3), D(2026, 11, 29))
    urine = FIVE_TO_ONE[-1]
    assert started.terms == plain.terms
    for day in (D(2026, 6, 1), D(2026, 11, 29), D(2027, 2, 1)):
        assert window_of(urine, started, day) == window_of(urine, plain, day)


@pytest.mark.parametrize("as_of", [D(2026, 11, 29), D(2026, 12, 14), D(2027, 2, 1), D(2027, 6, 30)])
def test_the_quick_and_the_full_walk_agree_after_a_history_start(as_of: dt.date) -> None:
    statuses = history(
        ("community_treatment", D(2025, 11, 3)),
        ("detained", D(2026, 12, 20)),
        ("community_treatment", D(2027, 1, 10)),
    )
    seen = Supervision(statuses, as_of, D(2025, 11, 3), D(2026, 11, 29))
    for kept in ([], [D(2026, 3, 2)], [D(2026, 12, 1)]):
        for rule in FIVE_TO_ONE:
            quick = due_from_days(rule, seen, kept, as_of)
            full = due_from_days(rule, seen, kept, as_of, quick=False)
            assert quick == full, (rule.key, kept)


@pytest.mark.parametrize("start", [D(2026, 11, 29), D(2026, 11, 30), D(2026, 12, 9)])
@pytest.mark.parametrize("as_of", [D(2026, 12, 14), D(2027, 2, 1), D(2027, 6, 30)])
def test_the_due_list_and_the_reports_judge_the_same_windows(
    start: dt.date, as_of: dt.date
) -> None:
    """The reports' obligations (obligations_between) begin with the first window that
    begins on or after the history start, and the due list's streak counts exactly the
    missed ones among them before the current window."""
    statuses = history(("community_treatment", D(2025, 11, 3)))
    seen = Supervision(statuses, as_of, D(2025, 11, 3), start)
    kept = [Contact(1, D(2026, 3, 2), frozenset({"meet", "talk", "visit"}), "in_person")]
    for rule in FIVE_TO_ONE[:4]:
        found = obligations_between(rule, seen, kept, D(2025, 11, 3), as_of, as_of)
        assert all(o.window_start >= start for o in found), rule.key
        item = due_from_days(rule, seen, [D(2026, 3, 2)], as_of)
        if item is None:  # the current window began before the history start
            assert window_of(rule, seen, as_of)[0] < start
            continue
        before = [o for o in found if o.window_end < item.window_start]
        assert item.missed_streak == len(before) == sum(o.state == "missed" for o in before)
