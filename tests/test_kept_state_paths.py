"""The kept state (issue 13, docs/model.md "Kept state") on the paths the state machine of
tests/test_kept_state.py does not drive: `db verify` and `db rebuild-state` on a state
tampered with, a read-only file (mounted read only, mode 0400, a newer version's), another
day asked (`--as-of`), days passing with no write (the clock set back too), another
program writing while the day is worked out, imports, a purge, a restore, an encrypted
copy, a file of an older schema, a state of another version, the changes of a setting or
a plan that drop it, and the readers beside the due list, the alerts and the reports.

Each test reads through the CLI (conftest ``cli``) with the clock pinned by
``YUESONG_NOW``, and compares what is read from the kept state with what is worked out
from the records (``standing.day_ready`` and ``standing.log_ready`` patched to say the
state cannot serve, as tests/test_kept_state.py does).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from conftest import InvokeResult, build_ledger, cli, fails, fingerprint, id_number, ok

from yuesong_cli.ledger import reports, standing
from yuesong_cli.messages import t
from yuesong_cli.store.db import Store
from yuesong_cli.system import files, keys

Run = Callable[..., InvokeResult]

ROOT = Path(__file__).resolve().parent.parent
OLD_LEDGER = ROOT / "tests" / "data" / "ledger-m009.db"
START = dt.date(2026, 11, 29)
QUARTER = "2026Q4"
EMPTY = hashlib.sha256(b"").hexdigest()
IS_ROOT = os.name == "posix" and os.geteuid() == 0
# What the due list, the alerts and the reports show: each read from the kept state and
# worked out from the records.
READS = (
    ("due", "--all"),
    ("due", "--by", "village"),
    ("alerts",),
    ("report", "summary", "--period", QUARTER),
    ("report", "village", "--period", QUARTER),
    ("due", "--village", "岳宋村", "--rule", "meet", "--within", "10"),
    ("due", "--helper", "1"),
    ("report", "helper", "--period", "2026-11"),
)


def moment(day: dt.date) -> str:
    """09:00 in Yunnan on ``day``, as YUESONG_NOW takes it."""
    return f"{day.isoformat()}T01:00:00Z"


def build(run: Run) -> None:
    """Five fictional persons: contacts, a positive test, a breach, one lost contact, one
    released long ago (due for purge); then the due list and a report, so that both
    parts are kept for START."""
    ok(run("helper", "add", "岩块", "--role", "police"))
    registered = (
        (123, "2026-01-05", "岳宋村"),
        (125, "2026-06-30", "班箐村"),
        (127, "2026-11-02", "岳宋村"),
        (129, "2025-08-11", "曼亨村"),
        (131, "2016-03-01", "岳宋村"),
    )
    for sequence, since, village in registered:
        args = ("--id-number", id_number(sequence), "--since", since, "--village", village)
        ok(run("person", "add", "--name", "艾那", *args))
    ok(run("team", "assign", "YS-0001", "1", "--role", "police", "--on", "2026-01-05"))
    ok(run("log", "YS-0001", "meet", "talk", "--on", "2026-11-20", "--by", "1"))
    ok(run("log", "YS-0001", "visit", "--on", "2026-10-03"))
    ok(run("log", "YS-0002", "visit", "urine", "--result", "negative", "--on", "2026-11-10"))
    ok(run("log", "YS-0003", "urine", "--result", "positive", "--substance", "冰毒", "--on",
           "2026-11-15"))  # fmt: skip
    ok(run("breach", "add", "YS-0002", "refused_test", "--on", "2026-11-01", "--note", "未到"))
    ok(run("log", "YS-0004", "meet", "--on", "2026-09-01"))
    ok(run("person", "status", "YS-0004", "lost_contact", "--on", "2026-10-01"))
    ok(run("log", "YS-0005", "meet", "--on", "2016-03-07"))
    ok(run("person", "status", "YS-0005", "released", "--on", "2019-03-01"))
    ok(run("person", "status", "YS-0005", "abstinent_3y", "--on", "2022-03-01"))
    ok(run("due"))
    ok(run("report", "summary", "--period", QUARTER))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_ledger(tmp_path_factory.mktemp("paths") / "template.db", build)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def place(template: Path, path: Path) -> Path:
    """A working copy of ``template`` at ``path``, owner-only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    return place(template, tmp_path / "work" / "ledger.db")


# --- helpers ---------------------------------------------------------------------------------


def query(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.execute(sql, params))


def edit(path: Path, *statements: str) -> None:
    """Change the file behind the tool's back, as sqlite3 in a shell would."""
    with closing(sqlite3.connect(path)) as conn:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def parts(path: Path) -> dict[str, tuple[str, str]]:
    """Each kept part: the day it holds and the model that worked it out."""
    return {p: (day, model) for p, day, model in query(path, "SELECT * FROM derived_parts")}


def held_days(path: Path) -> dict[str, str]:
    return {part: day for part, (day, _model) in parts(path).items()}


def stale(path: Path) -> int:
    return int(query(path, "SELECT count(*) FROM derived_stale")[0][0])


def differences(path: Path) -> list[str]:
    store = Store(path)
    try:
        return standing.differences(store)
    finally:
        store.close()


def set_today(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    monkeypatch.setenv("YUESONG_NOW", moment(day))


@contextmanager
def worked_out() -> Iterator[None]:
    """The state cannot serve: every answer is worked out from the records."""
    with (
        mock.patch.object(standing, "day_ready", lambda store, as_of: False),
        mock.patch.object(standing, "log_ready", lambda store, as_of: False),
    ):
        yield


def read(run: Run, args: tuple[str, ...]) -> str:
    return ok(run(*args, "--format", "json"))


def worked(run: Run, args: tuple[str, ...]) -> str:
    with worked_out():
        return read(run, args)


def assert_kept_is_worked_out(path: Path, reads: tuple[tuple[str, ...], ...] = READS) -> None:
    """Every read from the kept state (rolled forward or brought up to date first) equals
    the answer worked out from the records; the state then equals a recomputation and
    leaves nobody stale; and the reads changed no record."""
    run = cli(path)
    before = fingerprint(path)
    for args in reads:
        assert read(run, args) == worked(run, args), args
    assert fingerprint(path) == before
    assert differences(path) == []
    assert stale(path) == 0


def digest(folder: Path) -> dict[str, str]:
    """Every file in ``folder``, byte for byte."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    text = "\r\n".join(",".join(row) for row in rows)
    path.write_bytes(text.encode("utf-8-sig"))
    return path


# --- 1. db verify and db rebuild-state -------------------------------------------------------


def test_verify_passes_on_both_parts_kept(db: Path) -> None:
    assert held_days(db) == {"day": START.isoformat(), "log": START.isoformat()}
    assert query(db, "SELECT count(*) FROM obligation_log")[0][0] > 0
    assert query(db, "SELECT count(*) FROM due_state")[0][0] > 0
    assert query(db, "SELECT count(*) FROM alert_state")[0][0] > 0
    out = ok(cli(db)("db", "verify"))
    assert f"{t('verify.derived')}: {t('verify.ok')}" in out.splitlines()


def test_verify_names_each_person_whose_kept_state_was_tampered_with_and_rebuild_mends_it(
    db: Path,
) -> None:
    edit(
        db,
        "UPDATE due_state SET missed_streak = 9 WHERE person_id = 2",
        "DELETE FROM obligation_log WHERE person_id = 1",
        "UPDATE alert_state SET severity = 'low' WHERE person_id = 3",
    )
    run = cli(db)
    before = fingerprint(db)
    result = run("db", "verify")
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    problems = [line.strip() for line in result.stdout.splitlines() if line.startswith("  - ")]
    assert problems == [
        f"- {t('verify.derived.due_state', id=2)}",
        f"- {t('verify.derived.alert_state', id=3)}",
        f"- {t('verify.derived.obligation_log', id=1)}",
    ]
    assert all("人员 #" in line for line in problems)
    lines = result.stderr.splitlines()
    assert lines[-1] == t("verify.failed.derived")
    assert "yuesong db rebuild-state" in lines[-1]
    # Only the state differs: the records are sound, no restore is suggested.
    assert t("verify.failed") not in result.stderr and "restore" not in result.stderr
    assert "恢复" not in result.stderr
    assert fingerprint(db) == before

    rebuilt = ok(run("db", "rebuild-state"))
    counts = query(
        db,
        "SELECT (SELECT count(*) FROM due_state_persons), (SELECT count(*) FROM due_state),"
        " (SELECT count(*) FROM alert_state), (SELECT count(*) FROM obligation_log)",
    )[0]
    assert rebuilt.strip() == t(
        "rebuild_state.done",
        day=START.isoformat(),
        persons=counts[0],
        items=counts[1],
        alerts=counts[2],
        obligations=counts[3],
    )
    assert counts[0] == 4  # YS-0005 was released long ago
    assert fingerprint(db) == before
    assert held_days(db) == {"day": START.isoformat(), "log": START.isoformat()}
    assert f"{t('verify.derived')}: {t('verify.ok')}" in ok(run("db", "verify")).splitlines()
    assert_kept_is_worked_out(db)


# --- 2. a read-only file -------------------------------------------------------------------------


def tamper_stale(path: Path) -> None:
    """Person 2 marked stale in both parts, their kept rows wrong: a run that read the
    kept rows without working the person out again would show the wrong answer."""
    edit(
        path,
        "INSERT INTO derived_stale (part, person_id) VALUES ('day', 2), ('log', 2)",
        "UPDATE due_state SET missed_streak = 9, status = 'overdue' WHERE person_id = 2",
        "DELETE FROM obligation_log WHERE person_id = 2",
    )


@contextmanager
def mounted_read_only(folder: Path, source: Path) -> Iterator[Path]:
    """``source`` copied onto a small tmpfs at ``folder``, remounted read only (root
    with the right to mount only: skipped else)."""
    folder.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a file system here (root with CAP_SYS_ADMIN needed)")
    try:
        path = place(source, folder / "ledger.db")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield path
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@contextmanager
def read_only(how: str, source: Path, folder: Path) -> Iterator[Path]:
    """A read-only copy of ``source``: on a file system mounted read only, a file of mode
    0400 (skipped for a user who writes it anyway: root), a file made by a newer version
    (read, never written), or a disk the store is told is read only
    (``files.read_only_disk``: the file is then opened read only by SQLite)."""
    if how == "mounted":
        if not IS_ROOT:
            pytest.skip("mounting a file system needs root")
        with mounted_read_only(folder, source) as path:
            yield path
        return
    path = place(source, folder / "ledger.db")
    if how == "mode_0400":
        path.chmod(0o400)
        try:
            path.open("r+b").close()
        except PermissionError:
            pass
        else:
            pytest.skip("this user writes read-only files alike (root)")
        yield path
        return
    if how == "newer":
        edit(
            path,
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('yuesong', 'm099_future', '2027-01-01')",
        )
        yield path
        return
    with mock.patch.object(files, "read_only_disk", lambda p, platform=None: True):
        yield path


@pytest.mark.parametrize("how", ["flagged", "mounted", "mode_0400", "newer"])
@pytest.mark.parametrize("scenario", ["days_passed", "stale_person"])
def test_a_read_only_file_gives_what_a_writable_copy_gives_and_is_not_written(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, scenario: str
) -> None:
    if scenario == "days_passed":
        set_today(monkeypatch, START + dt.timedelta(days=3))  # the state holds START
    else:
        tamper_stale(db)
    reads = (("due", "--all"), ("alerts",), ("report", "summary", "--period", QUARTER))
    writable = cli(place(db, tmp_path / "writable" / "ledger.db"))
    expected = {args: read(writable, args) for args in reads}
    assert expected == {args: worked(writable, args) for args in reads}
    with read_only(how, db, tmp_path / "ro") as path:
        before = digest(path.parent)
        run = cli(path)
        for args in reads:
            assert read(run, args) == expected[args], args
        after = digest(path.parent)
        if how == "mode_0400":
            # SQLite reading a WAL file it may not write leaves its index beside it, and
            # an empty -wal: the file itself is untouched.
            assert after.pop("ledger.db-wal", EMPTY) == EMPTY
            after.pop("ledger.db-shm", None)
        assert after == before
        with closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as conn:
            held = list(conn.execute("SELECT part, day FROM derived_parts ORDER BY part"))
        assert held == [("day", START.isoformat()), ("log", START.isoformat())]


def test_a_read_only_file_is_verified_and_its_state_is_not_rebuilt(db: Path) -> None:
    tamper_stale(db)
    before = fingerprint(db)
    with mock.patch.object(files, "read_only_disk", lambda p, platform=None: True):
        run = cli(db)
        out = ok(run("db", "verify"))
        assert f"{t('verify.derived')}: {t('verify.ok')}" in out.splitlines()  # stale: known
        assert fails(run("db", "rebuild-state")) == t("error.fault.read_only_disk.db", path=str(db))
    assert fingerprint(db) == before
    assert query(db, "SELECT part, person_id FROM derived_stale ORDER BY 1") == [
        ("day", 2),
        ("log", 2),
    ]


# --- 3. another day asked ----------------------------------------------------------------------


@pytest.mark.parametrize("as_of", ["2026-11-20", "2026-11-28", "2026-12-15", "2027-02-01"])
def test_another_day_is_worked_out_from_the_records_and_the_kept_parts_keep_their_day(
    db: Path, tmp_path: Path, as_of: str
) -> None:
    dropped = place(db, tmp_path / "dropped" / "ledger.db")
    edit(dropped, "DELETE FROM derived_parts")
    kept_before = query(db, "SELECT * FROM derived_parts ORDER BY part")
    state_before = [query(db, f"SELECT * FROM {table} ORDER BY 1, 2") for table in
                    ("due_state", "alert_state", "obligation_log")]  # fmt: skip
    reads = (
        ("due", "--all", "--as-of", as_of),
        ("due", "--by", "village", "--as-of", as_of),
        ("alerts", "--as-of", as_of),
        ("report", "summary", "--period", QUARTER, "--as-of", as_of),
    )
    for args in reads:
        assert read(cli(db), args) == read(cli(dropped), args), args
        assert read(cli(db), args) == worked(cli(db), args), args
    assert query(db, "SELECT * FROM derived_parts ORDER BY part") == kept_before
    assert held_days(db) == {"day": START.isoformat(), "log": START.isoformat()}
    assert [query(db, f"SELECT * FROM {table} ORDER BY 1, 2") for table in
            ("due_state", "alert_state", "obligation_log")] == state_before  # fmt: skip
    assert query(dropped, "SELECT count(*) FROM derived_parts") == [(0,)]
    assert differences(db) == []


# --- 4. days passing with no write -------------------------------------------------------------


@pytest.mark.parametrize("days", [1, 7, 40, 400, -10], ids=str)
def test_the_first_run_of_a_new_day_rolls_each_part_forward(
    db: Path, monkeypatch: pytest.MonkeyPatch, days: int
) -> None:
    """Days later (or earlier: the machine's clock set back), the state of START is
    still sound for START until the first run of the day rolls it to today."""
    today = START + dt.timedelta(days=days)
    set_today(monkeypatch, today)
    run = cli(db)
    quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    before = fingerprint(db)
    assert f"{t('verify.derived')}: {t('verify.ok')}" in ok(run("db", "verify")).splitlines()
    assert held_days(db) == {"day": START.isoformat(), "log": START.isoformat()}
    due = read(run, ("due", "--all"))
    # The due list rolled part 'day' forward; part 'log' waits for a report.
    assert held_days(db) == {"day": today.isoformat(), "log": START.isoformat()}
    assert due == worked(run, ("due", "--all"))
    assert read(run, ("alerts",)) == worked(run, ("alerts",))
    for period in (QUARTER, quarter, str(today.year)):
        args = ("report", "summary", "--period", period)
        figures = read(run, args)
        assert held_days(db) == {"day": today.isoformat(), "log": today.isoformat()}
        assert figures == worked(run, args), period
    assert fingerprint(db) == before
    assert differences(db) == [] and stale(db) == 0


def test_a_write_of_another_program_while_the_day_is_worked_out_is_not_lost(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The day is worked out before the roll's transaction; another yuesong that commits
    in between (here: a contact's day corrected) makes it worked out again inside."""
    set_today(monkeypatch, START + dt.timedelta(days=1))
    real = standing.day_rows
    raced: list[int] = []

    def racing(store: Store, day: dt.date, person_ids: Any) -> Any:
        rows = real(store, day, person_ids)
        if not raced:
            raced.append(1)
            other = subprocess.run(
                [sys.executable, "-m", "yuesong_cli", "--db", str(db), "contact", "amend", "1"]
                + ["--on", "2026-11-28", "--reason", "录入错误"],
                capture_output=True,
                text=True,
                env=os.environ.copy(),
            )
            assert other.returncode == 0, other.stderr
        return rows

    run = cli(db)
    with mock.patch.object(standing, "day_rows", racing):
        due = read(run, ("due", "--all"))
    assert raced and held_days(db)["day"] == "2026-11-30"
    assert due == worked(run, ("due", "--all"))
    assert "2026-11-28" in due
    assert differences(db) == []
    assert_kept_is_worked_out(db)


def another_yuesong(db: Path, *args: str) -> None:
    """A command of another yuesong process, as the officer's own while a run works."""
    done = subprocess.run(
        [sys.executable, "-m", "yuesong_cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    assert done.returncode == 0, done.stderr


def plan_changed_during(monkeypatch: pytest.MonkeyPatch, db: Path, calls: int = 1) -> list[int]:
    """Change a rule of the plan from another process while the log is worked out (at
    the ``calls``-th share of the work), then go on with the work as it was begun."""
    real = reports.logged_obligations
    seen: list[int] = []

    def racing(*args: Any, **kwargs: Any) -> Any:
        seen.append(1)
        rows = list(real(*args, **kwargs))
        if len(seen) == calls:
            another_yuesong(db, "plan", "rule", "five_to_one", "talk", "--period", "month")
        return rows

    monkeypatch.setattr(reports, "logged_obligations", racing)
    return seen


def test_a_plan_changed_while_the_log_rolls_forward_is_not_lost(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The roll is worked out before its transaction; a plan changed meanwhile drops the
    part, and the roll, finding it gone, writes nothing: the report is worked out from the
    records, and the next one builds the log under the new rule."""
    set_today(monkeypatch, START + dt.timedelta(days=21))
    run = cli(db)
    args = ("report", "summary", "--period", "2026Q3")
    seen = plan_changed_during(monkeypatch, db)
    figures = read(run, args)
    monkeypatch.undo()
    set_today(monkeypatch, START + dt.timedelta(days=21))
    assert seen, "the roll must have worked the log out"
    assert figures == worked(run, args)
    assert differences(db) == []
    assert read(run, args) == worked(run, args)
    assert differences(db) == [] and stale(db) == 0


@pytest.mark.parametrize("share", [1, 2])
def test_a_plan_changed_while_the_log_is_built_is_not_lost(
    db: Path, monkeypatch: pytest.MonkeyPatch, share: int
) -> None:
    """A first report builds the log a share at a time; a plan changed between shares
    drops the build's mark, and the build, finding it gone, stops without marking the
    log whole."""
    edit(db, "DELETE FROM derived_parts", "DELETE FROM obligation_log")
    monkeypatch.setattr(standing, "BUILD_SHARE", 2)
    run = cli(db)
    args = ("report", "summary", "--period", "2026Q3")
    seen = plan_changed_during(monkeypatch, db, calls=share)
    figures = read(run, args)
    assert len(seen) >= share
    monkeypatch.undo()
    set_today(monkeypatch, START)
    assert figures == worked(run, args)
    assert "log" not in parts(db) or differences(db) == []
    assert read(run, args) == worked(run, args)
    assert differences(db) == [] and stale(db) == 0


def test_a_build_begun_by_another_run_is_not_begun_again(db: Path) -> None:
    """While a build under an hour old is marked, a report works its figures out from the
    records and leaves the build alone."""
    mark = f"{standing.BUILDING}/{standing.MODEL}@{START.isoformat()}T01:00:00+00:00"
    edit(
        db,
        "DELETE FROM obligation_log",
        f"UPDATE derived_parts SET model = '{mark}' WHERE part = 'log'",
    )
    run = cli(db)
    args = ("report", "summary", "--period", "2026Q3")
    assert read(run, args) == worked(run, args)
    assert parts(db)["log"][1] == mark


def test_a_report_first_rolls_part_log_forward_and_leaves_part_day(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = START + dt.timedelta(days=33)  # 2027-01-01: a new quarter and a new year
    set_today(monkeypatch, today)
    run = cli(db)
    reports = (
        ("report", "summary", "--period", QUARTER),
        ("report", "summary", "--period", "2027Q1"),
        ("report", "helper", "--period", "2026-12"),
    )
    for args in reports:
        assert read(run, args) == worked(run, args), args
    assert held_days(db) == {"day": START.isoformat(), "log": today.isoformat()}
    assert differences(db) == []
    assert_kept_is_worked_out(db)
    assert held_days(db) == {"day": today.isoformat(), "log": today.isoformat()}


def test_days_pass_after_a_write_of_the_day_before(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A contact logged on a day whose state is kept, then the next day's first run."""
    run = cli(db)
    ok(run("log", "YS-0002", "meet", "talk", "--on", "2026-11-29"))
    assert stale(db) == 0 and differences(db) == []
    set_today(monkeypatch, START + dt.timedelta(days=1))
    ok(run("log", "YS-0001", "meet", "--on", "2026-11-30"))  # a write rolls nothing
    assert held_days(db) == {"day": START.isoformat(), "log": START.isoformat()}
    assert stale(db) == 0 and differences(db) == []
    assert_kept_is_worked_out(db)
    assert held_days(db) == {"day": "2026-11-30", "log": "2026-11-30"}


# --- 5. imports, a purge, a restore ----------------------------------------------------------


def test_import_persons_with_commit_keeps_the_state(db: Path, tmp_path: Path) -> None:
    rows = [
        ["姓名", "公民身份号码", "人员类别", "起始日期", "村委会"],
        ["岩温", id_number(201), "社区戒毒", "2026-03-01", "岳宋村"],
        ["叶块", id_number(203), "社区康复", "2025-12-20", "班箐村"],
        ["娜茸", id_number(205), "社区戒毒", "2026-11-29", "曼亨村"],
    ]
    file = write_csv(tmp_path / "台账.csv", rows)
    run = cli(db)
    assert "已登记 3 人" in ok(run("import", "persons", str(file), "--commit"))
    assert stale(db) == 0 and differences(db) == []
    assert query(db, "SELECT count(*) FROM due_state_persons")[0][0] == 7
    assert_kept_is_worked_out(db)
    # With obligations only from a later day (--history-from).
    rows = [rows[0], ["岩香", id_number(207), "社区戒毒", "2025-01-10", "岳宋村"]]
    file = write_csv(tmp_path / "more.csv", rows)
    ok(run("import", "persons", str(file), "--commit", "--history-from", "2026-10-01"))
    assert stale(db) == 0 and differences(db) == []
    assert_kept_is_worked_out(db)


def test_import_contacts_with_commit_keeps_the_state(db: Path, tmp_path: Path) -> None:
    rows = [
        ["案件号", "帮教日期", "类型", "方式", "帮教人员", "地点", "内容", "尿检结果"],
        ["YS-0002", "2026-11-25", "见面、谈话", "当面", "岩块", "村委会", "近况稳定", ""],
        ["YS-0004", "2026-11-26", "见面", "当面", "", "家中", "", ""],
        ["YS-0003", "2026-11-27", "尿检", "当面", "", "乡卫生院", "", "阴性"],
        ["YS-0001", "2026-10-20", "走访", "电话", "", "", "", ""],
    ]
    file = write_csv(tmp_path / "帮教记录.csv", rows)
    run = cli(db)
    assert "已记录 4 次帮教" in ok(run("import", "contacts", str(file), "--commit"))
    assert stale(db) == 0 and differences(db) == []
    assert_kept_is_worked_out(db)


def test_db_purge_with_commit_keeps_the_state(db: Path) -> None:
    run = cli(db)
    ok(run("db", "purge", "--commit"))
    assert query(db, "SELECT name FROM persons WHERE case_no = 'YS-0005'") != [("艾那",)]
    assert stale(db) == 0 and differences(db) == []
    assert_kept_is_worked_out(db)


def test_a_restored_backup_has_its_state_worked_out_again(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The restore's checks judge the records, not the kept state: it is dropped, and
    worked out again from the restored records when next read."""
    run = cli(db)
    backup = tmp_path / "backup.db"
    ok(run("db", "backup", str(backup)))
    ok(run("log", "YS-0002", "meet", "talk", "--on", "2026-11-29"))
    ok(run("person", "status", "YS-0003", "lost_contact", "--on", "2026-11-28"))
    # Restored the same day: no state until read.
    ok(run("db", "restore", str(backup)))
    assert held_days(db) == {}
    assert query(db, "SELECT count(*) FROM contacts WHERE happened_on = '2026-11-29'") == [(0,)]
    assert stale(db) == 0 and differences(db) == []
    assert_kept_is_worked_out(db)
    # Restored days later, after writes that kept the state of the day before.
    set_today(monkeypatch, START + dt.timedelta(days=5))
    ok(run("log", "YS-0001", "meet", "--on", "2026-12-03"))
    ok(run("due"))
    ok(run("db", "restore", str(backup)))
    assert held_days(db) == {}
    assert stale(db) == 0 and differences(db) == []
    assert_kept_is_worked_out(db)
    assert held_days(db) == {"day": "2026-12-04", "log": "2026-12-04"}


def test_an_encrypted_copy_keeps_its_state(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`db encrypt` copies the file under a key: its state comes along, and is kept and
    rolled forward as a plain file's."""
    secret = tmp_path / "yuesong.key"
    secret.write_text("correct horse battery staple\n", encoding="utf-8")
    secret.chmod(0o600)
    monkeypatch.setenv(keys.KEY_FILE, str(secret))
    run = cli(db)
    ok(run("db", "encrypt"))
    ok(run("log", "YS-0004", "meet", "--on", "2026-11-29"))
    set_today(monkeypatch, START + dt.timedelta(days=2))
    for args in (("due", "--all"), ("alerts",), ("report", "summary", "--period", QUARTER)):
        assert read(run, args) == worked(run, args), args
    store = Store(db, key=lambda: "correct horse battery staple")
    try:
        assert store.encrypted and not store.has_stale()
        held = store.part_day(standing.DAY)
        assert held is not None and held.day == START + dt.timedelta(days=2)
        assert standing.differences(store) == []
    finally:
        store.close()


# --- 6. a file of an older schema --------------------------------------------------------------


@pytest.fixture
def old_ledger(tmp_path: Path) -> Path:
    path = place(OLD_LEDGER, tmp_path / "old" / "sample.db")
    done = {row[0] for row in query(path, "SELECT name FROM _sqlite_migrations")}
    assert "m009_history_and_teams" in done and "m012_derived_state" not in done
    return path


def test_a_ledger_of_an_older_schema_is_migrated_and_its_due_list_is_the_records(
    old_ledger: Path,
) -> None:
    run = cli(old_ledger)
    due = read(run, ("due", "--all"))
    done = {row[0] for row in query(old_ledger, "SELECT name FROM _sqlite_migrations")}
    assert "m012_derived_state" in done
    assert held_days(old_ledger)["day"] == START.isoformat()
    assert due == worked(run, ("due", "--all"))
    assert len(due) > 100
    assert_kept_is_worked_out(old_ledger)


def test_a_backup_of_an_older_schema_restored_over_a_kept_state(
    old_ledger: Path, tmp_path: Path
) -> None:
    """The backup is migrated before it is taken in: its state is empty, worked out
    when first read; nothing of the live file's state stays."""
    backup = place(OLD_LEDGER, tmp_path / "old-backup.db")
    run = cli(old_ledger)
    ok(run("log", "YS-0003", "meet", "--on", "2026-11-28"))
    ok(run("due"))
    ok(run("report", "summary", "--period", QUARTER))
    assert set(held_days(old_ledger)) == {"day", "log"}
    ok(run("db", "restore", str(backup)))
    assert parts(old_ledger) == {}
    assert stale(old_ledger) == 0 and differences(old_ledger) == []
    assert_kept_is_worked_out(old_ledger)


# --- 7. a state of another version -------------------------------------------------------------


def test_a_state_of_another_version_is_not_read_and_is_worked_out_again(db: Path) -> None:
    # Wrong rows under another model's name: were they read, the lists would differ.
    edit(
        db,
        "UPDATE derived_parts SET model = 'old'",
        "UPDATE due_state SET missed_streak = 9, status = 'overdue'",
        "DELETE FROM alert_state WHERE person_id = 3",
        "DELETE FROM obligation_log WHERE person_id = 1",
    )
    # Never read, so nothing of it is judged.
    assert differences(db) == []
    run = cli(db)
    for args in READS:
        assert read(run, args) == worked(run, args), args
    assert parts(db) == {
        "day": (START.isoformat(), standing.MODEL),
        "log": (START.isoformat(), standing.MODEL),
    }
    assert differences(db) == [] and stale(db) == 0


def test_a_state_of_another_version_does_not_fail_verify(db: Path) -> None:
    """As every ledger's is after an upgrade: never read, worked out again when next
    used, so no problem of the file."""
    edit(db, "UPDATE derived_parts SET model = 'old'")
    result = cli(db)("db", "verify")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert f"{t('verify.derived')}: {t('verify.ok')}" in result.stdout.splitlines()


def test_a_write_drops_a_state_of_another_version(db: Path) -> None:
    edit(db, "UPDATE derived_parts SET model = 'old'")
    run = cli(db)
    ok(run("log", "YS-0002", "meet", "--on", "2026-11-28"))
    assert parts(db) == {}
    assert_kept_is_worked_out(db)
    assert parts(db) == {
        "day": (START.isoformat(), standing.MODEL),
        "log": (START.isoformat(), standing.MODEL),
    }


# --- 8. a setting or a plan changed ------------------------------------------------------------


def test_a_new_time_zone_drops_the_kept_parts(db: Path) -> None:
    run = cli(db)
    # 01:00 UTC on the 29th is the evening of the 28th in Los Angeles: "today" moves.
    ok(run("settings", "set", "timezone", "America/Los_Angeles"))
    assert parts(db) == {}
    assert_kept_is_worked_out(db)
    assert held_days(db) == {"day": "2026-11-28", "log": "2026-11-28"}
    ok(run("settings", "set", "timezone", "Asia/Shanghai"))
    assert parts(db) == {}
    assert_kept_is_worked_out(db)
    assert held_days(db) == {"day": START.isoformat(), "log": START.isoformat()}


@pytest.mark.parametrize(
    "change",
    [
        ("five_to_one", "meet", "--period", "week"),
        ("five_to_one", "talk", "--period", "half_month"),
    ],
)
def test_a_plan_rule_changed_drops_the_kept_parts(db: Path, change: tuple[str, ...]) -> None:
    run = cli(db)
    ok(run("plan", "rule", *change))
    assert parts(db) == {}
    assert_kept_is_worked_out(db)
    assert held_days(db) == {"day": START.isoformat(), "log": START.isoformat()}


# --- every other reader of the kept state --------------------------------------------------------

# The readers of part 'day' (and 'log') beside those of READS, with their exit codes: the
# scheduled mail's plain text, a spreadsheet's CSV, the exit code a cron job tests, one
# person's rules, the handover, the helpers' weekly sheets, the quarterly report.
READERS = {
    "due_plain": ("due", "--format", "plain"),
    "due_csv": ("due", "--all", "--format", "csv"),
    "due_fail_if_overdue": ("due", "--fail-if-overdue", "--format", "json"),
    "alerts_plain": ("alerts", "--format", "plain"),
    "alerts_fail_if": ("alerts", "--fail-if", "medium", "--format", "json"),
    "why": ("why", "YS-0002", "--format", "json"),
    "handover": ("report", "handover", "--format", "json"),
    "sheets": ("sheets", "--format", "text"),
    "quarterly": ("report", "quarterly", "--force"),
}


def outcome(run: Run, args: tuple[str, ...], out: Path) -> tuple[Any, ...]:
    """Exit code, stdout, stderr and the files written into ``out`` (emptied first)."""
    shutil.rmtree(out, ignore_errors=True)
    if args[:2] == ("report", "quarterly"):
        args = (*args, "--out", str(out))
    result = run(*args)
    assert "Traceback" not in result.stdout + result.stderr
    written = {p.name: p.read_bytes() for p in sorted(out.glob("*"))} if out.exists() else {}
    return result.exit_code, result.stdout, result.stderr, written


@pytest.mark.parametrize("days", [0, 1, 33])
@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_reader_of_the_kept_state_is_the_records_on_its_first_run_of_a_day(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str, days: int
) -> None:
    today = START + dt.timedelta(days=days)
    set_today(monkeypatch, today)
    args = READERS[reader]
    run = cli(db)
    out = tmp_path / "out"
    kept = outcome(run, args, out)
    assert kept[0] in (0, 3), kept[:3]
    with worked_out():
        assert outcome(run, args, out) == kept
    # One person's rules, the sheets and the quarterly report work their days out from
    # the records (the sheets their week's): only the others roll part 'day' forward.
    rolled = reader not in ("why", "sheets", "quarterly")
    assert held_days(db)["day"] == (today if rolled else START).isoformat()
    assert differences(db) == [] and stale(db) == 0
