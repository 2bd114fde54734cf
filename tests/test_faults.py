"""Faults said as they are (issue 12; docs/security.md §7): a full disk, a read-only disk,
no permission, a file another program holds and real damage each get their own line
and exit 1, the file as it was; only damage suggests a restore.

Each fault is simulated for real where this machine allows it: a full database with
SQLite's ``max_page_count`` (set on the connection the store opens, in this process),
a file held by a second connection's ``BEGIN EXCLUSIVE``, garbage written into the
file or the file cut short, a read-only or full file system mounted for the test
(root only, skipped elsewhere), a read-only file or folder (skipped as root, who may
write anything). The classification itself is tested on errors built by hand, the
Windows codes included.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, build_ledger, cli, copy_ledger, fails, fingerprint, id_number

from yuesong_cli.errors import YuesongError
from yuesong_cli.messages import CATALOG, t
from yuesong_cli.store import base
from yuesong_cli.system import files

Run = Callable[..., InvokeResult]

ROOT = os.name == "posix" and os.geteuid() == 0
NOT_AS_ROOT = pytest.mark.skipif(ROOT, reason="root writes read-only files and folders alike")
FAULT_KEYS = sorted(key for key in CATALOG if key.startswith("error.fault."))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def steps(run: Run) -> None:
        args = ("--name", "艾那", "--id-number", id_number(), "--since", "2026-01-05")
        assert run("person", "add", *args).exit_code == 0
        assert run("log", "YS-0001", "meet", "--on", "2026-11-20").exit_code == 0

    return build_ledger(tmp_path_factory.mktemp("faults") / "ledger.db", steps)


@pytest.fixture
def ledger(tmp_path: Path, template: Path) -> Path:
    path = tmp_path / "data" / "ledger.db"
    path.parent.mkdir()
    path.touch(mode=0o600)
    copy_ledger(template, path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def no_restore(line: str) -> None:
    """Only damage suggests a restore."""
    assert "restore" not in line and "恢复" not in line, line


WRITE = ("log", "YS-0001", "talk", "--on", "2026-11-21")


# --- a full disk -----------------------------------------------------------------------------


@pytest.fixture
def full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection the store opens can grow the file no further: SQLite then says
    "database or disk is full", as it does on a full disk."""
    real = base.connect

    def no_room(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(base, "connect", no_room)


@pytest.mark.usefixtures("full")
def test_a_full_disk_is_said_as_such_and_changes_nothing(ledger: Path) -> None:
    run = cli(ledger)
    before = fingerprint(ledger)
    many = ("--note", "谈话" * 900)  # more than the free room of the file's last pages
    for _ in range(4):
        result = run(*WRITE, *many)
        if result.exit_code:
            break
        before = fingerprint(ledger)
    line = fails(result)
    assert line == t("error.fault.full", path=str(ledger))
    no_restore(line)
    assert fingerprint(ledger) == before


@pytest.mark.usefixtures("full")
def test_a_full_disk_in_english(ledger: Path) -> None:
    run = cli(ledger)
    many = ("--note", "talk " * 380)
    results = [run("--lang", "en", *WRITE, *many) for _ in range(4)]
    refused = [r for r in results if r.exit_code]
    assert refused, "the file never filled up"
    assert fails(refused[0]) == t("error.fault.full", "en", path=str(ledger))


def test_a_full_disk_under_an_export_is_said_as_such(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    target = tmp_path / "list.csv"
    before = fingerprint(ledger)
    line = fails(cli(ledger)("person", "list", "--export", str(target)))
    assert line == t("error.fault.full", path=str(target))
    assert fingerprint(ledger) == before
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["data"]


# --- another program holds the file ------------------------------------------------------------


@contextmanager
def held(path: Path, journal: str = "WAL") -> Iterator[None]:
    """A second program (a database tool, say) holding the file's write lock."""
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute(f"PRAGMA journal_mode = {journal}")
        other.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store waits 0.1 s for a lock instead of 5 s (the fault is the same)."""
    connect, configure = base.connect, base.StoreBase._configure

    def quick_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        return connect(*args, **{**kwargs, "timeout": 0.1})

    def quick_configure(conn: sqlite3.Connection, **options: Any) -> None:
        configure(conn, **options)
        conn.execute("PRAGMA busy_timeout = 100")

    monkeypatch.setattr(base, "connect", quick_connect)
    monkeypatch.setattr(base.StoreBase, "_configure", staticmethod(quick_configure))


@pytest.mark.usefixtures("short_wait")
def test_a_write_to_a_file_another_program_holds_says_so(ledger: Path) -> None:
    before = fingerprint(ledger)
    with held(ledger):
        line = fails(cli(ledger)(*WRITE))
    assert line == t("error.fault.locked.db", path=str(ledger))
    assert "WPS" in line
    no_restore(line)
    assert fingerprint(ledger) == before


@pytest.mark.usefixtures("short_wait")
def test_a_file_held_in_a_rollback_journal_is_not_taken_for_damage(ledger: Path) -> None:
    """Held by a program that keeps a rollback journal, the file cannot even be read:
    before issue 12 this was "damaged, restore a backup"."""
    with closing(sqlite3.connect(ledger)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    before = digest(ledger)
    with held(ledger, "DELETE"):
        line = fails(cli(ledger)("due", "--as-of", "2026-11-29"))
        assert digest(ledger) == before
    assert line == t("error.fault.locked.db", path=str(ledger))


# --- real damage -------------------------------------------------------------------------------


def test_garbage_in_the_middle_of_the_file_is_damage_and_suggests_a_restore(
    ledger: Path,
) -> None:
    with closing(sqlite3.connect(ledger)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    with ledger.open("r+b") as file:  # every page but the first: the schema stays readable
        file.seek(size)
        file.write(b"\x5a" * size * (pages - 1))
    before = digest(ledger)
    line = fails(cli(ledger)("due", "--as-of", "2026-11-29"))
    assert line == t("error.fault.damaged", path=str(ledger))
    assert "db restore" in line
    assert digest(ledger) == before


def test_a_file_cut_short_is_damage(ledger: Path) -> None:
    with closing(sqlite3.connect(ledger)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.truncate(ledger, 3 * 4096)
    before = digest(ledger)
    for args in (("due", "--as-of", "2026-11-29"), WRITE):
        line = fails(cli(ledger)(*args))
        assert line == t("error.fault.damaged", path=str(ledger))
    assert digest(ledger) == before


# --- read-only files, folders and disks --------------------------------------------------------


@pytest.mark.parametrize(
    "content", [b"hello", b"not sqlite at all " * 64, b"\x01" * 511], ids=["tiny", "text", "511"]
)
def test_a_file_that_is_no_database_at_all_is_not_told_to_be_restored(
    tmp_path: Path, content: bytes
) -> None:
    """Neither SQLite's header nor whole pages (SQLCipher's are a multiple of 512
    bytes): the wrong file was given, and a restore would not help (review of issue 12)."""
    path = tmp_path / "d5.db"
    path.write_bytes(content)
    path.chmod(0o600)
    for args in (("due", "--as-of", "2026-11-29"), ("person", "list")):
        line = fails(cli(path)(*args))
        assert line == t("error.db.not_a_database_file", path=str(path))
        no_restore(line)
    assert path.read_bytes() == content


def test_a_file_of_whole_pages_is_still_taken_for_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Random bytes in whole pages may be an encrypted file: a key is asked, and a wrong
    one is said as such, as before."""
    path = tmp_path / "d6.db"
    path.write_bytes(os.urandom(1024))
    path.chmod(0o600)
    secret = tmp_path / "yuesong.key"
    secret.write_text("not the key of this file\n", encoding="utf-8")
    secret.chmod(0o600)
    monkeypatch.setenv("YUESONG_KEY_FILE", str(secret))
    line = fails(cli(path)("due", "--as-of", "2026-11-29"))
    assert line == t("error.key.wrong", path=str(path))


@NOT_AS_ROOT
def test_a_read_only_file_is_not_damage(ledger: Path) -> None:
    ledger.chmod(0o400)  # owner-only still: refused for being read-only, not for others
    before = digest(ledger)
    line = fails(cli(ledger)(*WRITE))
    assert line == t("error.fault.denied.db_file", path=str(ledger), fix=f"chmod 600 {ledger}")
    no_restore(line)
    assert digest(ledger) == before


@NOT_AS_ROOT
def test_a_folder_sqlite_may_not_write_in_is_named(ledger: Path) -> None:
    with closing(sqlite3.connect(ledger)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ledger.parent.chmod(0o500)
    try:
        before = digest(ledger)
        line = fails(cli(ledger)(*WRITE))
        assert line == t("error.fault.denied.db_folder", folder=str(ledger.parent))
        no_restore(line)
        assert digest(ledger) == before
    finally:
        ledger.parent.chmod(0o700)


@contextmanager
def mounted(folder: Path, options: str) -> Iterator[Path]:
    """A small tmpfs at ``folder`` (root with the right to mount only: skipped else)."""
    folder.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a file system here (root with CAP_SYS_ADMIN needed)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)


@pytest.mark.skipif(not ROOT, reason="mounting a file system needs root")
@pytest.mark.parametrize("pending", [False, True], ids=["checkpointed", "wal_pending"])
def test_a_database_on_a_read_only_disk_is_read_and_never_written(
    ledger: Path, tmp_path: Path, pending: bool
) -> None:
    """A write-protected USB stick: the due list and the register are read from it (a
    write-protected stick is a sound way to carry the file), every change is refused
    with the read-only disk's line (review of issue 12). A change still in the -wal
    beside it is read too."""
    with mounted(tmp_path / "stick", "size=4m") as stick:
        path = stick / "ledger.db"

        def copy_in(*suffixes: str) -> None:
            for suffix in suffixes:
                Path(f"{path}{suffix}").write_bytes(Path(f"{ledger}{suffix}").read_bytes())
                Path(f"{path}{suffix}").chmod(0o600)

        if pending:  # a change still in the -wal, as a pulled stick may carry it
            with closing(sqlite3.connect(ledger)) as keep:  # its last close would empty it
                keep.execute("SELECT count(*) FROM persons").fetchone()
                assert cli(ledger)("person", "edit", "1", "--notes", "N7").exit_code == 0
                copy_in("", "-wal", "-shm")
        else:
            copy_in("")
        remount(stick, "ro")
        try:
            before = {p.name: digest(p) for p in stick.iterdir()}
            run = cli(path)
            assert "YS-0001" in run("due", "--as-of", "2026-11-29").stdout
            listed = run("person", "list")
            assert listed.exit_code == 0 and "YS-0001" in listed.stdout
            if pending:
                assert "N7" in run("person", "show", "1").stdout
            for args in (WRITE, ("settings", "set", "township", "岳宋")):
                line = fails(run(*args))
                assert line == t("error.fault.read_only_disk.db", path=str(path)), args
                no_restore(line)
            assert {p.name: digest(p) for p in stick.iterdir()} == before
        finally:
            remount(stick, "rw")


@pytest.mark.skipif(not ROOT, reason="mounting a file system needs root")
def test_an_export_to_a_read_only_or_full_disk_leaves_nothing(
    ledger: Path, tmp_path: Path
) -> None:
    run = cli(ledger)
    with mounted(tmp_path / "stick", "size=64k") as stick:
        (stick / "filler").write_bytes(b"\0" * 60 * 1024)
        before = fingerprint(ledger)
        target = stick / "list.xlsx"
        line = fails(run("person", "list", "--export", str(target)))
        assert line == t("error.fault.full", path=str(target))
        assert sorted(p.name for p in stick.iterdir()) == ["filler"]
        remount(stick, "ro")
        line = fails(run("person", "list", "--export", str(stick / "list.csv")))
        assert line == t("error.fault.read_only_disk", path=str(stick / "list.csv"))
        assert fingerprint(ledger) == before
        remount(stick, "rw")


@pytest.mark.skipif(not ROOT, reason="mounting a file system needs root")
def test_a_disk_filled_to_the_last_byte_is_full_not_failing(ledger: Path, tmp_path: Path) -> None:
    """Without a byte free SQLite cannot grow the -shm file and says "disk I/O error"
    (SQLITE_IOERR_SHMSIZE): the disk is full, not failing (review of issue 12)."""
    with mounted(tmp_path / "stick", "size=6m") as stick:
        path = stick / "ledger.db"
        path.write_bytes(ledger.read_bytes())
        path.chmod(0o600)
        target = stick / "list.csv"
        with (stick / "filler").open("wb", buffering=0) as filler:
            with contextlib.suppress(OSError):
                while True:
                    filler.write(b"\0" * 4096)
            with contextlib.suppress(OSError):
                filler.write(b"\0")  # the last bytes of a page
        assert shutil.disk_usage(stick).free == 0
        before = digest(path)
        for args in (("due", "--as-of", "2026-11-29"), WRITE, ("db", "backup")):
            line = fails(cli(path)(*args))
            assert line == t("error.fault.full", path=str(path)), args
        line = fails(cli(path)("person", "list", "--export", str(target)))
        full = {t("error.fault.full", path=str(place)) for place in (path, target)}
        assert line in full
        assert digest(path) == before


# --- the classification, error by error --------------------------------------------------------


def sqlite_error(cls: type[sqlite3.Error], text: str, code: int | None) -> sqlite3.Error:
    exc = cls(text)
    if code is not None:
        exc.sqlite_errorcode = code
    return exc


def os_error(number: int, winerror: int | None = None) -> OSError:
    exc = OSError(number, os.strerror(number))
    if winerror is not None:
        exc.winerror = winerror  # as Windows sets it
    return exc


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (sqlite_error(sqlite3.OperationalError, "database or disk is full", 13), files.FULL),
        (sqlite_error(sqlite3.OperationalError, "database or disk is full", None), files.FULL),
        (sqlite_error(sqlite3.OperationalError, "attempt to write a readonly database", 8),
         files.NOT_WRITABLE),
        (sqlite_error(sqlite3.OperationalError, "attempt to write a readonly database", 1544),
         files.NOT_WRITABLE),  # SQLITE_READONLY_DIRECTORY: an extended code
        (sqlite_error(sqlite3.OperationalError, "unable to open database file", 14),
         files.NOT_WRITABLE),
        (sqlite_error(sqlite3.OperationalError, "database is locked", 5), files.LOCKED),
        (sqlite_error(sqlite3.OperationalError, "database is locked", None), files.LOCKED),
        (sqlite_error(sqlite3.OperationalError, "database table is locked", 6), files.LOCKED),
        (sqlite_error(sqlite3.DatabaseError, "file is not a database", 26), files.DAMAGED),
        (sqlite_error(sqlite3.DatabaseError, "database disk image is malformed", 11),
         files.DAMAGED),
        (sqlite_error(sqlite3.DatabaseError, "database disk image is malformed", None),
         files.DAMAGED),
        (sqlite_error(sqlite3.OperationalError, "disk I/O error", 10), files.DISK_ERROR),
        (sqlite_error(sqlite3.OperationalError, "no such table: x", 1), None),
        (sqlite_error(sqlite3.IntegrityError, "UNIQUE constraint failed", 2067), None),
        (os_error(errno.ENOSPC), files.FULL),
        (os_error(errno.EDQUOT), files.FULL),
        (os_error(errno.EROFS), files.READ_ONLY_DISK),
        (os_error(errno.EACCES), files.NOT_WRITABLE),
        (os_error(errno.EPERM), files.NOT_WRITABLE),
        (os_error(errno.EBUSY), files.LOCKED),
        (os_error(errno.EIO), files.DISK_ERROR),
        (os_error(errno.EINVAL), None),
        # Windows: a file open in WPS or Excel, a write-protected stick, a full disk.
        (os_error(errno.EACCES, 32), files.LOCKED),
        (os_error(errno.EACCES, 33), files.LOCKED),
        (os_error(errno.EACCES, 19), files.READ_ONLY_DISK),
        (os_error(errno.ENOSPC, 112), files.FULL),
        (os_error(errno.EACCES, 5), files.NOT_WRITABLE),
        (ValueError("not a fault"), None),
    ],
)
def test_each_error_is_one_kind_of_fault(error: BaseException, kind: str | None) -> None:
    assert files.fault_kind(error) == kind


def test_sqlcipher_errors_are_classified_alike() -> None:
    module = base.sqlcipher()
    exc = module.OperationalError("database is locked")
    assert isinstance(exc, sqlite3.OperationalError)
    assert files.fault_kind(exc) == files.LOCKED


READ_ONLY = sqlite_error(sqlite3.OperationalError, "attempt to write a readonly database", 8)


def fault(error: BaseException, path: Path, **options: Any) -> tuple[str, dict[str, Any]]:
    found = files.database_fault(error, path, **options)
    assert isinstance(found, YuesongError)
    return found.key, found.params


def test_a_database_sqlite_may_not_write_is_the_disk_the_file_or_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.db"
    path.write_bytes(b"")
    writable = {path: True, tmp_path: True}
    monkeypatch.setattr(files.os, "access", lambda p, mode: writable[Path(p)])
    monkeypatch.setattr(files, "read_only_disk", lambda p, platform=None: True)
    assert fault(READ_ONLY, path) == ("error.fault.read_only_disk.db", {"path": str(path)})
    monkeypatch.setattr(files, "read_only_disk", lambda p, platform=None: False)
    writable[path] = False
    assert fault(READ_ONLY, path) == (
        "error.fault.denied.db_file",
        {"path": str(path), "fix": f"chmod 600 {path}"},
    )
    assert fault(READ_ONLY, path, platform="windows")[1]["fix"] == f'attrib -r "{path}"'
    writable[path], writable[tmp_path] = True, False
    assert fault(READ_ONLY, path) == ("error.fault.denied.db_folder", {"folder": str(tmp_path)})


SHMSIZE = sqlite_error(sqlite3.OperationalError, "disk I/O error", 4874)  # IOERR_SHMSIZE


@pytest.mark.parametrize(
    "error",
    [
        SHMSIZE,
        sqlite_error(sqlite3.OperationalError, "disk I/O error", 778),  # IOERR_WRITE
        sqlite_error(sqlite3.OperationalError, "disk I/O error", 1034),  # IOERR_FSYNC
        os_error(errno.EIO),
    ],
)
@pytest.mark.parametrize(("free", "key"), [(0, "full"), (4096, "full"), (10**9, "disk_error")])
def test_an_io_error_on_a_disk_without_room_is_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, free: int, key: str
) -> None:
    def usage(place: Any) -> Any:
        assert Path(place) == tmp_path
        return shutil._ntuple_diskusage(10**10, 10**10 - free, free)  # type: ignore[attr-defined]

    monkeypatch.setattr(shutil, "disk_usage", usage)
    path = tmp_path / "ledger.db"
    assert fault(error, path) == (f"error.fault.{key}", {"path": str(path)})
    found = files.file_fault(error, tmp_path / "out" / "list.csv")
    assert found is not None and found.key == f"error.fault.{key}"


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (os_error(errno.ENOSPC), "error.fault.full"),
        (os_error(errno.EROFS), "error.fault.read_only_disk"),
        (os_error(errno.EACCES), "error.export.denied"),
        (os_error(errno.EACCES, 32), "error.fault.locked"),
        (os_error(errno.EIO), "error.fault.disk_error"),
        (os_error(errno.EINVAL), "error.export.not_written"),
    ],
)
def test_a_file_that_cannot_be_written_gets_its_own_line(
    tmp_path: Path, error: OSError, key: str
) -> None:
    found = files.cannot_write(tmp_path / "list.csv", error)
    assert (found.key, found.params) == (key, {"path": str(tmp_path / "list.csv")})


def test_a_system_error_without_a_file_is_said_only_when_the_disk_is_full(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yuesong_cli.ledger import due_report

    def no_space(*args: Any, **kwargs: Any) -> Any:
        raise os_error(errno.ENOSPC)

    monkeypatch.setattr(due_report, "day_obligations", no_space)
    line = fails(cli(ledger)("due", "--as-of", "2026-11-29"))
    assert line == t("error.fault.full.unnamed")


@pytest.mark.parametrize("key", FAULT_KEYS)
def test_every_fault_is_one_line_in_both_languages_saying_what_to_do(key: str) -> None:
    zh, en = CATALOG[key]
    assert "\n" not in zh and "\n" not in en
    restore = key == "error.fault.damaged"
    assert ("db restore" in en) == restore and ("db restore" in zh) == restore
    # What happened, that nothing changed, then what to do.
    assert ". " in en.partition("nothing was")[2], en
    assert "请" in zh.partition("未")[2], zh
