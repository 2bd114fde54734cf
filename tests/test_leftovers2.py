"""Nothing left behind, continued (issue 12; docs/security.md §7): the audit row commits
before a backup is removed by ``db backup --keep`` and before ``db decrypt --out`` gives
its plain copy a name, and an ``init`` that fails (a full disk) leaves no file behind.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, cli, fails, ok

from yuesong_cli.messages import t
from yuesong_cli.store import base
from yuesong_cli.system import files, keys

Run = Callable[..., InvokeResult]
KEY = "correct horse battery staple"


def removed_in_audit(db: Path) -> set[str]:
    """Every backup a ``backup_removed`` row names."""
    with closing(sqlite3.connect(db)) as conn:
        notes = conn.execute("SELECT note FROM audit WHERE action = 'backup_removed'")
        return {name for (note,) in notes for name in note.split()}


def own_backups(db: Path) -> set[str]:
    return {p.name for p in (db.parent / "backups").glob(f"{db.stem}-backup-*.db")}


# Killed just after the first old backup is unlinked: what the audit log then says.
KILLED_REMOVING = """
import os, pathlib, sys

real = pathlib.Path.unlink

def unlink(self, missing_ok=False):
    real(self, missing_ok=missing_ok)
    if "-backup-" in self.name and self.name.endswith(".db"):
        os._exit(9)

pathlib.Path.unlink = unlink
from yuesong_cli.cli.app import main
sys.argv = ["yuesong", *sys.argv[1:]]
main()
"""


def test_a_backup_is_removed_only_once_its_audit_row_has_committed(db_path: Path) -> None:
    run = cli(db_path)
    for _ in range(2):
        ok(run("db", "backup"))
    made = own_backups(db_path)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_REMOVING, "--db", str(db_path), "db", "backup",
         "--keep", "1"],
        capture_output=True, text=True, env={**os.environ},
    )
    assert killed.returncode == 9, killed.stderr
    gone = made - own_backups(db_path)
    assert gone, "the kill came after a backup was removed"
    # No backup is gone that no audit row names.
    assert gone <= removed_in_audit(db_path)
    # The next run finishes the removal: a backup the audit calls removed is gone.
    ok(run("db", "backup", "--keep", "1"))
    assert len(own_backups(db_path)) == 1
    assert not removed_in_audit(db_path) & own_backups(db_path)


def test_the_backups_removed_are_named_on_screen_and_in_the_audit_log(db_path: Path) -> None:
    run = cli(db_path)
    for _ in range(3):
        ok(run("db", "backup"))
    made = own_backups(db_path)
    done = ok(run("db", "backup", "--keep", "2"))
    gone = made - own_backups(db_path)
    assert len(gone) == 2 and len(own_backups(db_path)) == 2
    assert all(name in done for name in gone)
    assert removed_in_audit(db_path) == gone


# --- db decrypt --out ---------------------------------------------------------------------------


@pytest.fixture
def encrypted(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    keys.forget()
    key = tmp_path / "yuesong.key"
    key.write_text(KEY + "\n", encoding="utf-8")
    key.chmod(0o600)
    monkeypatch.setenv(keys.KEY_FILE, str(key))
    db_path.unlink(missing_ok=True)
    ok(cli(db_path)("init", "--encrypt"))
    yield db_path
    keys.forget()


def decrypt_rows(db: Path) -> int:
    conn = base.connect(db, KEY)
    try:
        return int(
            conn.execute("SELECT count(*) FROM audit WHERE action = 'decrypt'").fetchone()[0]
        )
    finally:
        conn.close()


def test_a_plain_copy_takes_its_name_only_once_its_audit_row_has_committed(
    encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out" / "plain.db"
    seen: list[tuple[bool, int]] = []
    real = files.place_new

    def watched(source: Path, target: Path, **options: Any) -> None:
        # What another program would see at this moment: the row committed, no file yet.
        seen.append((target.exists(), decrypt_rows(encrypted)))
        real(source, target, **options)

    monkeypatch.setattr(files, "place_new", watched)
    ok(cli(encrypted)("db", "decrypt", "--out", str(out), "--reason", "county inspection"))
    assert seen == [(False, 1)]
    assert out.read_bytes().startswith(b"SQLite format 3")
    assert sorted(p.name for p in out.parent.iterdir()) == ["plain.db"]


def test_a_plain_copy_that_cannot_take_its_name_leaves_nothing(
    encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out" / "plain.db"

    def taken(source: Path, target: Path, **options: Any) -> None:
        target.write_bytes(b"made meanwhile by someone else")
        raise FileExistsError(str(target))

    monkeypatch.setattr(files, "place_new", taken)
    line = fails(cli(encrypted)("db", "decrypt", "--out", str(out), "--reason", "audit"))
    assert line == t("error.decrypt.exists", path=str(out))
    assert out.read_bytes() == b"made meanwhile by someone else"
    assert sorted(p.name for p in out.parent.iterdir()) == ["plain.db"]


# --- init on a full disk ------------------------------------------------------------------------


def test_init_on_a_full_disk_leaves_no_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path.unlink(missing_ok=True)
    real = base.connect

    def no_room(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real(*args, **kwargs)
        conn.execute("PRAGMA max_page_count = 1")
        return conn

    with monkeypatch.context() as patch:
        patch.setattr(base, "connect", no_room)
        line = fails(cli(db_path)("init"))
    assert line == t("error.fault.full", path=str(db_path))
    assert not [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    ok(cli(db_path)("init"))  # once there is room, init works
    ok(cli(db_path)("due", "--as-of", "2026-11-29"))


def test_init_never_removes_a_file_it_did_not_make(db_path: Path) -> None:
    db_path.unlink(missing_ok=True)
    db_path.write_bytes(b"the officer's")
    db_path.chmod(0o600)
    assert fails(cli(db_path)("init")) == t("error.db.exists", path=str(db_path))
    assert db_path.read_bytes() == b"the officer's"


# --- Windows, simulated -------------------------------------------------------------------------


class FakeKernel32:
    """kernel32 as Windows answers for the processes in ``processes`` (number → exit
    code, 259 while running); ``denied`` ones are another user's."""

    def __init__(self, processes: dict[int, int], denied: frozenset[int] = frozenset()) -> None:
        self.processes = processes
        self.denied = denied
        self.error = 0
        self.open: set[int] = set()

    def open_process(self, pid: int) -> int | None:
        if pid in self.denied:
            self.error = 5  # ERROR_ACCESS_DENIED
            return None
        if pid not in self.processes:
            self.error = 87  # ERROR_INVALID_PARAMETER: no such process
            return None
        self.open.add(pid)
        return pid * 4

    def last_error(self) -> int:
        return self.error

    def exit_code(self, handle: int) -> int | None:
        return self.processes[handle // 4]

    def close(self, handle: int) -> None:
        self.open.remove(handle // 4)


def test_windows_is_asked_whether_a_process_runs() -> None:
    kernel32 = FakeKernel32({4711: 259, 4712: 0, 4713: 1}, denied=frozenset({4714}))

    def alive(pid: int) -> bool:
        return files.process_alive(pid, platform="windows", kernel32=kernel32)

    assert alive(4711)  # still running
    assert not alive(4712) and not alive(4713)  # ended: its exit code is set
    assert not alive(4720)  # no process of that number
    assert alive(4714)  # another user's: not ours to judge, the hour decides
    assert not alive(0) and not alive(2**40)
    assert alive(os.getpid())
    assert not kernel32.open  # every handle opened was closed


def test_on_windows_the_temporaries_of_an_ended_process_go_at_once(tmp_path: Path) -> None:
    kernel32 = FakeKernel32({4711: 259, 4712: 0})
    running = tmp_path / f"{files.TEMPORARY_PREFIX}4711-0a1b2c3d.tmp"
    ended = tmp_path / f"{files.TEMPORARY_PREFIX}4712-0a1b2c3d.partial"
    gone = tmp_path / f"{files.TEMPORARY_PREFIX}4720-0a1b2c3d.tmp"
    for path in (running, ended, gone):
        path.write_bytes(b"half a file")
    removed = files.remove_orphans(
        tmp_path, alive=lambda pid: files.process_alive(pid, platform="windows", kernel32=kernel32)
    )
    assert sorted(removed) == sorted([ended, gone])
    assert running.exists()


def test_without_kernel32_windows_falls_back_on_the_hour() -> None:
    # Here (not Windows) there is no kernel32 to ask: not known, so running.
    assert files.process_alive(4720, platform="windows") is (os.name != "nt")


def access_denied() -> OSError:
    exc = OSError(13, "Permission denied")
    exc.winerror = 5  # type: ignore[attr-defined]  # as Windows sets it
    return exc


def test_access_denied_replacing_a_file_another_program_holds_says_in_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "list.xlsx"
    target.write_bytes(b"open in Excel")
    found = files.cannot_write(target, access_denied(), platform="windows")
    assert (found.key, found.params) == ("error.fault.locked", {"path": str(target)})
    # Through publish, as --export --force replaces it.
    staged = files.stage(target, b"new", replace=True)

    def refused(source: Any, destination: Any) -> None:
        raise access_denied()

    monkeypatch.setattr(files.os, "replace", refused)
    with pytest.raises(files.Fault) as caught:
        files.publish(staged, platform="windows")
    assert caught.value.key == "error.fault.locked"
    assert target.read_bytes() == b"open in Excel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.xlsx"]


def test_access_denied_is_still_no_permission_for_a_read_only_file_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "list.xlsx"
    assert files.cannot_write(missing, access_denied(), platform="windows").key == (
        "error.export.denied"
    )
    missing.write_bytes(b"read-only")
    assert files.cannot_write(missing, access_denied(), platform="posix").key == (
        "error.export.denied"
    )
    monkeypatch.setattr(files.os, "access", lambda path, mode: False)  # attrib +r
    assert files.cannot_write(missing, access_denied(), platform="windows").key == (
        "error.export.denied"
    )
