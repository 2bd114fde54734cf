"""Backups through SQLite's online backup API, checked; restores refuse damaged files."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from conftest import fingerprint, id_number


def test_backup_is_checked_private_and_complete(
    yuesong: Callable, db_path: Path, tmp_path: Path
) -> None:
    yuesong("person", "add", "--name", "艾那", "--id-number", id_number(), "--since", "2026-01-05")
    yuesong("log", "1", "meet", "talk", "--on", "2026-11-20")
    target = tmp_path / "copy.db"
    result = yuesong("db", "backup", str(target))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not Path(f"{target}-wal").exists()
    copy = yuesong("person", "show", "1", "--format", "json", db=target)
    assert copy.exit_code == 0
    assert '"happened_on": "2026-11-20"' in copy.stdout


def test_backup_never_overwrites(yuesong: Callable, db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("keep me")
    result = yuesong("db", "backup", str(target))
    assert result.exit_code == 1
    assert target.read_text() == "keep me"


def test_restore_brings_back_the_backup_and_keeps_a_safety_copy(
    yuesong: Callable, db_path: Path, tmp_path: Path
) -> None:
    yuesong("person", "add", "--name", "艾那", "--id-number", id_number(), "--since", "2026-01-05")
    target = tmp_path / "before.db"
    yuesong("db", "backup", str(target))
    yuesong("log", "1", "meet", "--on", "2026-11-20")
    result = yuesong("db", "restore", str(target))
    assert result.exit_code == 0, result.stderr
    shown = yuesong("person", "show", "1", "--format", "json")
    assert "2026-11-20" not in shown.stdout
    safety = list((db_path.parent / "backups").glob("*before-restore*.db"))
    assert len(safety) == 1
    assert yuesong("db", "verify").exit_code == 0


def test_restore_refuses_a_damaged_file_and_changes_nothing(
    yuesong: Callable, db_path: Path, tmp_path: Path
) -> None:
    yuesong("person", "add", "--name", "艾那", "--id-number", id_number(), "--since", "2026-01-05")
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    os.chmod(damaged, 0o600)
    before = fingerprint(db_path)
    result = yuesong("db", "restore", str(damaged))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "已损坏" in result.stderr
    assert fingerprint(db_path) == before
    assert not (db_path.parent / "backups").exists()


def test_restore_refuses_a_backup_whose_audit_log_was_edited(
    yuesong: Callable, db_path: Path, tmp_path: Path
) -> None:
    import sqlite3

    yuesong("person", "add", "--name", "艾那", "--id-number", id_number(), "--since", "2026-01-05")
    target = tmp_path / "copy.db"
    assert yuesong("db", "backup", str(target)).exit_code == 0
    conn = sqlite3.connect(target)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET fields = '[]' WHERE id = 2")
    conn.commit()
    conn.close()
    before = fingerprint(db_path)
    result = yuesong("db", "restore", str(target))
    assert result.exit_code == 1
    assert "审计日志被改动或截断" in result.stderr
    assert fingerprint(db_path) == before


def test_a_backup_is_audited_in_the_live_file_after_the_copy(
    yuesong: Callable, db_path: Path, tmp_path: Path
) -> None:
    import sqlite3

    target = tmp_path / "copy.db"
    assert yuesong("db", "backup", str(target)).exit_code == 0
    live = [r[0] for r in sqlite3.connect(db_path).execute("SELECT action FROM audit")]
    copy = [r[0] for r in sqlite3.connect(target).execute("SELECT action FROM audit")]
    assert live[-1] == "backup" and "backup" not in copy
