"""``db backup``: names in the database's local time that never collide, and ``--keep N``
removing the oldest of its own backups beyond N once the new one is checked, audited.
The clock is pinned (conftest: 2026-11-29 01:00 UTC, 09:00 in Asia/Shanghai), so every
backup of a test is made "in the same second" unless a test moves the clock."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import InvokeResult, fails, id_number, ok

from yuesong_cli.store.db import Store

Run = Callable[..., InvokeResult]


def backups(db_path: Path) -> list[str]:
    return sorted(p.name for p in (db_path.parent / "backups").iterdir())


def audit_notes(db_path: Path, action: str) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [r[0] for r in conn.execute("SELECT note FROM audit WHERE action = ?", (action,))]
    finally:
        conn.close()


def test_a_backup_is_named_in_the_local_time_of_the_database(yuesong: Run, db_path: Path) -> None:
    out = ok(yuesong("db", "backup"))
    assert backups(db_path) == ["ledger-backup-20261129-090000.db"]
    assert "ledger-backup-20261129-090000.db" in out


def test_the_time_zone_is_the_databases_setting(yuesong: Run, db_path: Path) -> None:
    ok(yuesong("settings", "set", "timezone", "Asia/Yangon"))
    ok(yuesong("db", "backup"))
    assert backups(db_path) == ["ledger-backup-20261129-073000.db"]


def test_two_backups_in_the_same_second_get_two_names(yuesong: Run, db_path: Path) -> None:
    ok(
        yuesong(
            "person", "add", "--name", "艾那", "--id-number", id_number(), "--since", "2026-01-05"
        )
    )
    ok(yuesong("db", "backup"))
    ok(yuesong("db", "backup"))
    ok(yuesong("db", "backup"))
    names = backups(db_path)
    assert names == [
        "ledger-backup-20261129-090000-2.db",
        "ledger-backup-20261129-090000-3.db",
        "ledger-backup-20261129-090000.db",
    ]
    for name in names:
        path = db_path.parent / "backups" / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        ok(yuesong("person", "show", "1", db=path))
    assert stat.S_IMODE((db_path.parent / "backups").stat().st_mode) == 0o700
    assert audit_notes(db_path, "backup") == [
        "ledger-backup-20261129-090000.db",
        "ledger-backup-20261129-090000-2.db",
        "ledger-backup-20261129-090000-3.db",
    ]


def test_a_name_taken_at_the_same_moment_is_not_replaced(db_path: Path) -> None:
    folder = db_path.parent / "backups"
    folder.mkdir()
    taken = folder / "ledger-backup-20261129-090000.db"
    taken.write_text("another run's")
    store = Store(db_path)
    try:
        made = store.backup_into(folder)
    finally:
        store.close()
    assert made.name == "ledger-backup-20261129-090000-2.db"
    assert taken.read_text() == "another run's"


def make_own_backups(yuesong: Run, monkeypatch: pytest.MonkeyPatch, moments: list[str]) -> None:
    for moment in moments:
        monkeypatch.setenv("YUESONG_NOW", moment)
        ok(yuesong("db", "backup"))


def test_keep_leaves_exactly_n_of_its_own_and_nothing_else(
    yuesong: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o700)
    others = [
        "notes.db",  # the officer's own file
        "ledger-before-restore-20261101-080000.db",  # the safety copy of a restore
        "other-backup-20261101-080000.db",  # another database's backup
        ".ledger-backup-20261101-080000.db.0a1b2c3d.partial",  # left by a power cut
        "ledger-backup-20261101-080000.db.bak",
        "ledger-backup-latest.db",
    ]
    for name in others:
        (folder / name).write_text("not to be touched")
    # Made before issue 10: named in UTC, and the oldest here.
    (folder / "ledger-backup-20261025T000000Z.db").write_text("old")
    make_own_backups(
        yuesong,
        monkeypatch,
        # Local 2026-11-28 09:00, 2026-11-28 23:30, 2026-11-29 00:10 (UTC the 28th).
        ["2026-11-28T01:00:00Z", "2026-11-28T15:30:00Z", "2026-11-28T16:10:00Z"],
    )
    monkeypatch.setenv("YUESONG_NOW", "2026-11-29T01:00:00Z")
    out = ok(yuesong("db", "backup", "--keep", "2"))
    own = [name for name in backups(db_path) if name not in others]
    assert own == ["ledger-backup-20261129-001000.db", "ledger-backup-20261129-090000.db"]
    for name in others:
        assert (folder / name).read_text() == "not to be touched"
    removed = [
        "ledger-backup-20261025T000000Z.db",
        "ledger-backup-20261128-090000.db",
        "ledger-backup-20261128-233000.db",
    ]
    assert audit_notes(db_path, "backup_removed") == [" ".join(removed)]
    assert all(name in out for name in removed)


def test_keep_counts_backups_of_the_same_second_in_order(yuesong: Run, db_path: Path) -> None:
    for _ in range(3):
        ok(yuesong("db", "backup"))
    ok(yuesong("db", "backup", "--keep", "2"))
    assert backups(db_path) == [
        "ledger-backup-20261129-090000-3.db",
        "ledger-backup-20261129-090000-4.db",
    ]


def test_keep_removes_nothing_when_there_are_not_more(yuesong: Run, db_path: Path) -> None:
    ok(yuesong("db", "backup", "--keep", "3"))
    ok(yuesong("db", "backup", "--keep", "3"))
    assert len(backups(db_path)) == 2
    assert audit_notes(db_path, "backup_removed") == []


def test_keep_removes_nothing_when_the_new_backup_fails_its_check(
    yuesong: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yuesong_cli.store import integrity

    for _ in range(3):
        ok(yuesong("db", "backup"))
    before = backups(db_path)
    monkeypatch.setattr(integrity, "quick_check", lambda path: False)
    fails(yuesong("db", "backup", "--keep", "1"))
    assert backups(db_path) == before  # no new file, no half-written one, none removed
    assert audit_notes(db_path, "backup_removed") == []


@pytest.mark.parametrize("args", [("--keep", "0"), ("--keep", "2", "elsewhere.db")])
def test_keep_is_refused_without_a_count_or_with_a_file(
    yuesong: Run, db_path: Path, args: tuple[str, ...]
) -> None:
    result = yuesong("db", "backup", *args)
    assert result.exit_code == 2
    assert not (db_path.parent / "backups").exists()
    assert not (db_path.parent / "elsewhere.db").exists()


def test_a_backup_into_a_missing_folder_makes_it_owner_only(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "usb" / "yuesong" / "copy.db"
    ok(yuesong("db", "backup", str(target)))
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
