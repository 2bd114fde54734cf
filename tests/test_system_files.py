"""Owner-only files and folders (yuesong_cli/system/files.py): POSIX for real, Windows
simulated. No Windows machine is at hand: on "windows" the module runs icacls through
the runner it is given, and here a fake runner records the calls and answers with the
listing a real ``icacls PATH`` prints, so what is set and how a listing is read are
tested, the way Windows applies it is not."""

from __future__ import annotations

import errno
import os
import shlex
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from conftest import cli, fails, invoke

from yuesong_cli.errors import DatabaseProblem, InvalidInput, YuesongError
from yuesong_cli.messages import t
from yuesong_cli.store.db import Store
from yuesong_cli.system import files


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


class FakeIcacls:
    """Records every command; answers ``icacls PATH`` with the entries set for PATH
    (by default what /grant:r left: the user alone)."""

    def __init__(self, entries: dict[str, list[str]] | None = None, fail: bool = False) -> None:
        self.calls: list[list[str]] = []
        self.entries = entries or {}
        self.fail = fail

    def __call__(self, command: Sequence[str]) -> str:
        self.calls.append(list(command))
        if self.fail:
            raise OSError("icacls exited with 5")
        path = command[1]
        if len(command) > 2:  # a change: remember what it left
            grant = command[command.index("/grant:r") + 1]
            name, _, rights = grant.rpartition(":")
            self.entries[path] = [f"{name}:{rights.replace('F', '(F)')}"]
            return "processed file: " + path + "\nSuccessfully processed 1 files\n"
        entries = self.entries.get(path, ["BUILTIN\\Users:(I)(RX)"])
        lines = [f"{path} {entries[0]}"] + [" " * (len(path) + 1) + e for e in entries[1:]]
        return "\n".join(lines) + "\n\nSuccessfully processed 1 files; Failed processing 0 files\n"


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> FakeIcacls:
    """The module as it behaves on Windows, for user PC01\\张三, through a fake icacls."""
    fake = FakeIcacls()
    monkeypatch.setattr(files, "PLATFORM", "windows")
    monkeypatch.setattr(files, "RUNNER", fake)
    monkeypatch.setenv("USERNAME", "张三")
    monkeypatch.setenv("USERDOMAIN", "PC01")
    return fake


# --- POSIX, for real --------------------------------------------------------------------


@pytest.mark.parametrize("mask", [0, 0o022, 0o277])
def test_a_private_file_is_0600_whatever_the_umask(tmp_path: Path, mask: int) -> None:
    path = tmp_path / "f"
    previous = os.umask(mask)
    try:
        os.close(files.create_private_file(path))
    finally:
        os.umask(previous)
    assert mode(path) == 0o600


def test_a_private_file_never_replaces_one(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_text("keep")
    with pytest.raises(FileExistsError):
        files.create_private_file(path)
    assert path.read_text() == "keep"


def test_private_folders_are_0700_and_returned_outermost_first(
    tmp_path: Path, open_umask: None
) -> None:
    made = files.private_folder(tmp_path / "a" / "b" / "c")
    assert made == [tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"]
    assert [mode(p) for p in made] == [0o700] * 3


def test_an_existing_folder_is_left_as_the_officer_set_it(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared").chmod(0o755)
    assert files.private_folder(tmp_path / "shared") == []
    assert mode(tmp_path / "shared") == 0o755


def test_a_file_in_a_folders_place_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("x")
    with pytest.raises(InvalidInput) as caught:
        files.private_folder(tmp_path / "a" / "b")
    assert caught.value.key == "error.folder.is_file"
    assert caught.value.params == {"path": str(tmp_path / "a")}


def test_the_log_is_appended_private_and_narrowed(tmp_path: Path, open_umask: None) -> None:
    log = tmp_path / "logs" / "errors.log"
    files.append_private(log, "one\n")
    assert mode(log.parent) == 0o700 and mode(log) == 0o600
    log.chmod(0o644)
    files.append_private(log, "two\n")
    assert log.read_text() == "one\ntwo\n"
    assert mode(log) == 0o600


@pytest.mark.parametrize(("file_mode", "private"), [(0o600, True), (0o400, True), (0o640, False)])
def test_posix_privacy_is_the_mode(tmp_path: Path, file_mode: int, private: bool) -> None:
    path = tmp_path / "f"
    path.touch()
    path.chmod(file_mode)
    assert files.is_private(path) is private


def test_posix_refusal_says_chmod(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    path.touch()
    path.chmod(0o644)
    with pytest.raises(DatabaseProblem) as caught:
        files.require_private(path)
    assert caught.value.key == "error.db.permissions"
    assert f"chmod 600 {path}" in caught.value.message("en")
    assert files.fix_command(path) == f"chmod 600 {path}"


def test_placing_a_file_never_replaces_one(tmp_path: Path) -> None:
    source, target = tmp_path / "new", tmp_path / "taken"
    source.write_text("new")
    target.write_text("old")
    with pytest.raises(FileExistsError):
        files.place_new(source, target)
    assert target.read_text() == "old"
    files.place_new(source, tmp_path / "free")
    assert (tmp_path / "free").read_text() == "new" and not source.exists()


def test_placing_without_hard_links_still_never_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: Path, target: Path) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # a FAT-formatted drive

    monkeypatch.setattr(files.os, "link", no_links)
    source, target = tmp_path / "new", tmp_path / "taken"
    source.write_text("new")
    target.write_text("old")
    with pytest.raises(FileExistsError):
        files.place_new(source, target)
    assert target.read_text() == "old"
    files.place_new(source, tmp_path / "free")
    assert (tmp_path / "free").read_text() == "new" and not source.exists()


def test_the_posix_path_runs_no_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeIcacls()
    monkeypatch.setattr(files, "RUNNER", fake)
    os.close(files.create_private_file(tmp_path / "f"))
    files.private_folder(tmp_path / "d")
    files.require_private(tmp_path / "f")
    assert fake.calls == []


# --- Windows, simulated -----------------------------------------------------------------


def test_windows_file_gets_an_owner_only_list(tmp_path: Path, windows: FakeIcacls) -> None:
    path = tmp_path / "ledger.db"
    os.close(files.create_private_file(path))
    assert windows.calls == [["icacls", str(path), "/inheritance:r", "/grant:r", "PC01\\张三:F"]]
    assert files.is_private(path)


def test_windows_folder_list_is_inherited_by_what_is_made_in_it(
    tmp_path: Path, windows: FakeIcacls
) -> None:
    made = files.private_folder(tmp_path / "报告" / "2026")
    assert [c[1] for c in windows.calls] == [str(p) for p in made]
    assert all(
        c[2:] == ["/inheritance:r", "/grant:r", "PC01\\张三:(OI)(CI)F"] for c in windows.calls
    )


def test_windows_file_not_made_private_is_not_kept(tmp_path: Path, windows: FakeIcacls) -> None:
    windows.fail = True
    path = tmp_path / "out.csv"
    with pytest.raises(YuesongError) as caught:
        files.create_private_file(path)
    assert caught.value.key == "error.private.failed"
    assert not path.exists()


def test_windows_never_calls_chmod(
    tmp_path: Path, windows: FakeIcacls, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_chmod(*args: object) -> None:
        raise AssertionError("os.chmod means nothing on Windows")

    monkeypatch.setattr(files.os, "chmod", no_chmod)
    os.close(files.create_private_file(tmp_path / "f"))
    files.private_folder(tmp_path / "d")
    files.append_private(tmp_path / "logs" / "errors.log", "x\n")
    assert len(windows.calls) == 4  # the file, the folder, the log's folder, the log


@pytest.mark.parametrize(
    ("entries", "private"),
    [
        (["PC01\\张三:(F)"], True),
        (["pc01\\张三:(F)"], True),
        # The user's profile: the system and the administrators may read anything anyway.
        (
            ["NT AUTHORITY\\SYSTEM:(I)(F)", "BUILTIN\\Administrators:(I)(F)", "PC01\\张三:(I)(F)"],
            True,
        ),
        (["PC01\\张三:(F)", "Everyone:(DENY)(W)"], True),
        (["PC01\\张三:(F)", "BUILTIN\\Users:(I)(RX)"], False),
        (["PC01\\张三:(F)", "NT AUTHORITY\\Authenticated Users:(I)(M)"], False),
        (["Everyone:(F)"], False),
        (["PC01\\李四:(F)"], False),
    ],
)
def test_windows_privacy_is_read_from_the_list(
    tmp_path: Path, windows: FakeIcacls, entries: list[str], private: bool
) -> None:
    path = tmp_path / "my files" / "ledger.db"
    windows.entries[str(path)] = entries
    assert files.is_private(path) is private
    assert windows.calls == [["icacls", str(path)]]


def test_windows_unreadable_list_counts_as_not_private(tmp_path: Path, windows: FakeIcacls) -> None:
    windows.fail = True
    assert not files.is_private(tmp_path / "ledger.db")


def test_windows_listing_of_another_path_counts_as_not_private(
    tmp_path: Path, windows: FakeIcacls, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "RUNNER", lambda command: "C:\\other.db PC01\\张三:(F)\n")
    assert not files.is_private(tmp_path / "ledger.db")


def test_windows_refusal_names_the_icacls_fix(tmp_path: Path, windows: FakeIcacls) -> None:
    path = tmp_path / "ledger.db"
    with pytest.raises(DatabaseProblem) as caught:
        files.require_private(path)
    fix = f'icacls "{path}" /inheritance:r /grant:r "PC01\\张三:F"'
    assert caught.value.key == "error.private.refused"
    assert caught.value.params == {"path": str(path), "fix": fix}
    assert fix in caught.value.message("zh") and fix in caught.value.message("en")
    assert "chmod" not in caught.value.message("zh")


def test_windows_the_fix_is_the_command_that_makes_it_private(
    tmp_path: Path, windows: FakeIcacls
) -> None:
    path = tmp_path / "ledger.db"
    path.touch()
    files.make_private(path)
    assert shlex.split(files.fix_command(path)) == windows.calls[0]


# --- the store and the command line on simulated Windows ---------------------------------


def test_windows_init_protects_the_database_and_opens_it(
    tmp_path: Path, windows: FakeIcacls
) -> None:
    path = tmp_path / "ledger.db"
    Store(path, create=True).close()
    assert ["icacls", str(path), "/inheritance:r", "/grant:r", "PC01\\张三:F"] in windows.calls
    Store(path).close()  # its list now names the user alone: accepted


def test_windows_refused_database_says_the_icacls_fix(
    tmp_path: Path, windows: FakeIcacls, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.db"
    Store(path, create=True).close()
    # Copied from a USB stick, say: the folder's list, readable by every user.
    windows.entries[str(path)] = ["BUILTIN\\Users:(I)(RX)", "PC01\\张三:(I)(F)"]
    yuesong: Callable = cli(path)
    line = fails(yuesong("due"))
    fix = f'icacls "{path}" /inheritance:r /grant:r "PC01\\张三:F"'
    assert line == t("error.private.refused", path=str(path), fix=fix)
    assert "chmod" not in line


def test_time_zones_need_no_zone_database_of_the_system(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows has no zone database: with none on the search path, the zone comes from
    the tzdata package, and a backup is still named in the database's local time."""
    import zoneinfo

    zoneinfo.reset_tzpath([])
    zoneinfo.ZoneInfo.clear_cache()
    try:
        store = Store(db_path)
        try:
            made = store.backup_into(db_path.parent)
        finally:
            store.close()
    finally:
        zoneinfo.reset_tzpath()
        zoneinfo.ZoneInfo.clear_cache()
    assert made.name == "ledger-backup-20261129-090000.db"


def test_init_without_db_makes_the_data_folder_owner_only(tmp_path: Path) -> None:
    """The default place (the user's data folder, here under the test's HOME) does not exist
    on a new machine: init makes it, private, and the database in it."""
    result = invoke(["init"])
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "home" / "data" / "yuesong"
    assert (folder / "yuesong.db").is_file()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (OSError(errno.EROFS, "Read-only file system"), "error.fault.read_only_disk"),
        (PermissionError(errno.EACCES, "Permission denied"), "error.export.denied"),
        (OSError(errno.ENOSPC, "No space left on device"), "error.fault.full"),
        (OSError(errno.EINVAL, "Invalid argument"), "error.export.not_written"),
    ],
)
def test_a_folder_the_file_system_refuses_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, key: str
) -> None:
    def refuse(self: Path, mode: int = 0o777) -> None:
        raise error

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(YuesongError) as caught:
        files.private_folder(tmp_path / "new" / "deeper")
    assert caught.value.key == key
    assert caught.value.params == {"path": str(tmp_path / "new")}


def test_a_drive_that_is_not_there_is_named_as_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Walking up from E:\\报告 on an unplugged stick reaches a root that does not exist."""
    monkeypatch.setattr(Path, "is_dir", lambda self: False)
    monkeypatch.setattr(Path, "exists", lambda self: False)
    with pytest.raises(InvalidInput) as caught:
        files.private_folder(Path("/nowhere/报告"))
    assert caught.value.key == "error.folder.no_root"


def test_a_backup_into_a_place_it_cannot_write_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only stick or a folder of someone else's: one line, nothing left behind."""
    run = cli(tmp_path / "ledger.db")
    assert run("init").exit_code == 0
    target = tmp_path / "stick"
    target.mkdir()

    def refuse(path: Path, **_: object) -> int:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(files, "create_private_file", refuse)
    line = fails(run("db", "backup", str(target / "copy.db")))
    assert line == t("error.fault.read_only_disk", path=str(target / "copy.db"))
    assert list(target.iterdir()) == []


@pytest.mark.parametrize(
    ("grantee", "own", "owner"),
    [
        ("PC01\\张三", "PC01\\张三", True),
        ("pc01\\张三", "PC01\\张三", True),
        ("OTHERPC\\张三", "PC01\\张三", False),
        ("张三", "PC01\\张三", True),
        ("PC01\\张三", "张三", True),
        ("PC01\\李四", "PC01\\张三", False),
    ],
)
def test_the_owner_is_matched_with_the_domain_where_both_name_one(
    grantee: str, own: str, owner: bool
) -> None:
    assert files._is_owner(grantee.casefold(), own.casefold()) is owner
