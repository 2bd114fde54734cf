"""Nothing left behind (issue 12; docs/security.md §7): a file a command writes takes its
name only once its audit row has committed, a write that fails leaves nothing, the
temporary files of a process killed half-way are removed at the next start (and never
an officer's file), and a file of that name is replaced only with ``--force``: exports,
the quarterly report, the helpers' sheets, an exported photo and the import template
alike.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    InvokeResult,
    build_ledger,
    cli,
    copy_ledger,
    fails,
    fingerprint,
    id_number,
    ok,
)

from yuesong_cli.messages import t
from yuesong_cli.system import files

Run = Callable[..., InvokeResult]


def steps(run: Run) -> None:
    args = ("--name", "艾那", "--id-number", id_number(), "--since", "2026-01-05")
    assert run("person", "add", *args).exit_code == 0
    assert run("helper", "add", "岩块", "--role", "police").exit_code == 0
    team = ("team", "assign", "YS-0001", "1", "--role", "police", "--on", "2026-01-05")
    assert run(*team).exit_code == 0
    assert run("log", "YS-0001", "meet", "--on", "2026-11-20").exit_code == 0


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger(tmp_path_factory.mktemp("leftovers") / "ledger.db", steps)


@pytest.fixture
def ledger(db_path: Path, template: Path) -> Path:
    copy_ledger(template, db_path)
    return db_path


def audit_count(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM audit").fetchone()[0])


def dead_pid() -> int:
    """The number of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def temporary(folder: Path, pid: int, suffix: str = ".tmp", age: float = 0.0) -> Path:
    path = folder / f"{files.TEMPORARY_PREFIX}{pid}-0a1b2c3d{suffix}"
    path.write_bytes(b"half a file")
    if age:
        moment = time.time() - age
        os.utime(path, (moment, moment))
    return path


# --- the cleaner --------------------------------------------------------------------------------


def test_only_temporary_files_of_ours_whose_writer_is_gone_are_removed(tmp_path: Path) -> None:
    gone = dead_pid()
    orphan = temporary(tmp_path, gone)
    orphan_wal = temporary(tmp_path, gone, ".partial-wal")
    writing = temporary(tmp_path, os.getpid())  # this process is still at it
    stale = temporary(tmp_path, os.getpid() + 1, ".partial", age=2 * files.ORPHAN_AGE)
    kept = [
        tmp_path / "list.tmp",
        tmp_path / ".yuesong-notes.txt",
        tmp_path / f".yuesong-{gone}-notes.tmp",
        tmp_path / ".bashrc",
        tmp_path / "ledger.db",
    ]
    for path in kept:
        path.write_text("the officer's")
        os.utime(path, (0, 0))  # however old
    (tmp_path / f".yuesong-{gone}-99887766.tmp").mkdir()  # a folder is never taken
    removed = files.remove_orphans(tmp_path, tmp_path / "missing")
    assert sorted(removed) == sorted([orphan, orphan_wal, stale])
    assert writing.exists() and all(path.exists() for path in kept)


def test_temporary_names_of_earlier_versions_are_removed_once_old(tmp_path: Path) -> None:
    export = tmp_path / ".yuesong-export-0123456789abcdef.tmp"
    partial = tmp_path / ".ledger-before-restore-20261129-090000.db.3fa9c2d1.partial"
    journal = tmp_path / ".ledger-backup-20261129-090000.db.3fa9c2d1.partial-journal"
    for path in (export, partial, journal):
        path.write_bytes(b"half a copy")
    assert files.remove_orphans(tmp_path) == []  # young: perhaps still being written
    old = time.time() - 2 * files.ORPHAN_AGE
    for path in (export, partial, journal):
        os.utime(path, (old, old))
    assert sorted(files.remove_orphans(tmp_path)) == sorted([export, partial, journal])


def test_a_process_number_is_alive_or_not() -> None:
    assert files.process_alive(os.getpid())
    assert not files.process_alive(dead_pid())
    assert files.process_alive(1)  # init: alive, if not ours to signal
    # Windows is asked through kernel32 (signal 0 would end the process there); where
    # there is none to ask (here), it is not known, and the hour decides.
    assert files.process_alive(dead_pid(), platform="windows") is (os.name != "nt")


def test_a_temporary_name_is_ours_and_owner_only(tmp_path: Path) -> None:
    path, fd = files.new_temporary(tmp_path)
    os.close(fd)
    assert path.name.startswith(f"{files.TEMPORARY_PREFIX}{os.getpid()}-")
    assert (path.stat().st_mode & 0o777) == 0o600
    assert files.remove_orphans(tmp_path) == []


def test_the_next_start_removes_what_a_crash_left(ledger: Path) -> None:
    backups = ledger.parent / "backups"
    backups.mkdir(mode=0o700)
    gone = dead_pid()
    left = [temporary(ledger.parent, gone), temporary(backups, gone, ".partial")]
    officer = ledger.parent / "我的笔记.txt"
    officer.write_text("the officer's")
    ok(cli(ledger)("due", "--as-of", "2026-11-29"))
    assert not any(path.exists() for path in left)
    assert officer.exists()


# --- the audit row first, then the name ---------------------------------------------------------


COMMANDS: list[tuple[str, Callable[[Path], tuple[str, ...]], str]] = [
    ("export", lambda out: ("person", "list", "--export", str(out / "list.xlsx")), "list.xlsx"),
    (
        "report",
        lambda out: ("report", "summary", "--period", "2026Q3", "--export", str(out / "s.csv")),
        "s.csv",
    ),
    (
        "quarterly",
        lambda out: ("report", "quarterly", "--quarter", "2026Q3", "--out", str(out)),
        "岳宋乡季度报告-2026Q3.md",
    ),
    (
        "sheets",
        lambda out: ("sheets", "--week", "2026-W48", "--as-of", "2026-11-29", "--out", str(out)),
        "2026-W48.xlsx",
    ),
]


@pytest.mark.parametrize(("label", "args", "name"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_file_takes_its_name_only_once_its_audit_row_has_committed(
    ledger: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    label: str,
    args: Callable[[Path], tuple[str, ...]],
    name: str,
) -> None:
    from yuesong_cli.cli import exporting

    out = tmp_path / "out"
    before = audit_count(ledger)
    seen: list[tuple[Path, bool, int]] = []
    real = exporting.publish

    def watched(staged: files.Staged, **options: Any) -> None:
        # What another program would see at this moment: the row committed, no file yet.
        seen.append((staged.target, staged.target.exists(), audit_count(ledger)))
        real(staged, **options)

    monkeypatch.setattr(exporting, "publish", watched)
    ok_code = cli(ledger)(*args(out))
    assert ok_code.exit_code == 0, ok_code.stderr
    assert seen and all(not exists and count > before for _, exists, count in seen)
    assert (out / name).is_file()
    assert not list(out.glob(".yuesong-*"))


def test_an_exported_photo_takes_its_name_after_its_audit_row(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    from yuesong_cli.cli import exporting

    picture = tmp_path / "p.png"
    image = io.BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(image, "PNG")
    picture.write_bytes(image.getvalue())
    run = cli(ledger)
    ok(run("log", "YS-0001", "visit", "--on", "2026-11-21", "--photo", str(picture)))
    number = ok(run("photo", "list", "YS-0001", "--format", "csv")).splitlines()[1].split(",")[0]
    before = audit_count(ledger)
    seen: list[int] = []
    real = exporting.publish

    def watched(staged: files.Staged, **options: Any) -> None:
        assert not staged.target.exists()
        seen.append(audit_count(ledger))
        real(staged, **options)

    monkeypatch.setattr(exporting, "publish", watched)
    assert run("photo", "export", number, "--out", str(tmp_path / "out")).exit_code == 0
    assert seen == [before + 1]
    assert len(list((tmp_path / "out").iterdir())) == 1


CRASH = """
import os, sys
from yuesong_cli.cli import exporting
from yuesong_cli.system import files

moment = sys.argv.pop(1)
if moment == "writing":
    real_stage = exporting.stage

    def stage(path, data, **options):
        fd = os.open(path.parent / f".yuesong-{os.getpid()}-0badc0de.tmp",
                     os.O_WRONLY | os.O_CREAT, 0o600)
        os.write(fd, data[: len(data) // 2])
        os._exit(9)  # killed half-way through the file

    exporting.stage = stage
else:
    exporting.publish = lambda staged, **options: os._exit(9)  # killed after the commit
from yuesong_cli.cli.app import main
sys.argv = ["yuesong", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("moment", ["writing", "committed"])
def test_an_export_killed_half_way_leaves_no_file_the_next_start_keeps(
    ledger: Path, tmp_path: Path, moment: str
) -> None:
    target = ledger.parent / "list.csv"
    before = audit_count(ledger)
    killed = subprocess.run(
        [sys.executable, "-c", CRASH, moment, "--db", str(ledger), "person", "list",
         "--export", str(target)],
        capture_output=True, text=True, env={**os.environ},
    )
    assert killed.returncode == 9, killed.stderr
    assert not target.exists()
    assert len(list(ledger.parent.glob(".yuesong-*"))) == 1  # what the killed run left
    # The audit row was written or not, never half: committed means it names the file.
    assert audit_count(ledger) == before + (moment == "committed")
    ok(cli(ledger)("due", "--as-of", "2026-11-29"))  # the next start
    assert not list(ledger.parent.glob(".yuesong-*"))
    assert not target.exists()


# --- a file of that name ------------------------------------------------------------------------


def test_the_import_template_refuses_a_file_unless_forced(ledger: Path, tmp_path: Path) -> None:
    run = cli(ledger)
    target = tmp_path / "模板.xlsx"
    target.write_bytes(b"filled in by hand")
    assert fails(run("import", "template", "persons", "--out", str(target))) == t(
        "error.file.exists", path=str(target)
    )
    assert target.read_bytes() == b"filled in by hand"
    assert run("import", "template", "persons", "--out", str(target), "--force").exit_code == 0
    assert target.read_bytes().startswith(b"PK")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["模板.xlsx", ledger.name])


def test_a_failed_template_leaves_neither_file_nor_folder(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "new" / "模板.xlsx"
    assert fails(cli(ledger)("import", "template", "persons", "--out", str(target))) == t(
        "error.fault.full", path=str(target)
    )
    assert not (tmp_path / "new").exists()


def test_a_path_with_control_characters_is_refused_before_anything_is_written(
    ledger: Path, tmp_path: Path
) -> None:
    before = fingerprint(ledger)
    target = tmp_path / "list\n伪造.csv"
    assert fails(cli(ledger)("person", "list", "--export", str(target))) == t(
        "error.path.invalid"
    )
    assert fingerprint(ledger) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [ledger.name]
