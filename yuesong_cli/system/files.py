"""Files and folders only their owner may read, on POSIX and on Windows.

Everything the tool writes holds personal data (docs/security.md §1): the database, its
backups, exports, the quarterly report, the error log. On Linux and macOS that is a mode:
0600 for a file, 0700 for a folder, set whatever the umask. Windows has no such modes
(every ordinary file reports 0666, and ``os.chmod`` only toggles "read-only"); there the
same promise is an access-control list that grants the current user full control and
nobody else, with nothing inherited from the folder, set with the system's own
``icacls``. A folder's list is inherited by what is created in it, so the database's
-wal and -shm files, made by SQLite, are private in a private folder too.

The platform is a parameter (``platform``: ``"posix"`` or ``"windows"``), defaulting to
the machine's (``PLATFORM``), and the commands run through ``runner``, defaulting to
``RUNNER``: the tests simulate Windows on Linux by passing both, and no other module of
yuesong asks which system it runs on for files.

Two more things files do differently from one system to another live here too: what a
refusal of the file system means (``fault_kind``: a full disk, a read-only disk, no
permission, a file another program holds, a damaged database, a failing disk), so that
each gets its own line and only damage suggests a restore (docs/security.md §7); and
temporary files, named as ours with the process that writes them, written whole and
synced before they take their names, and cleaned when a crash left them behind.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from yuesong_cli.domain.text import check_path
from yuesong_cli.errors import DatabaseProblem, Fault, InvalidInput, YuesongError

Runner = Callable[[Sequence[str]], str]

PLATFORM = "windows" if os.name == "nt" else "posix"

FILE_MODE = 0o600
FOLDER_MODE = 0o700

# Who may hold rights on an owner-only file besides its owner. On POSIX root reads any
# file and a 0600 file still counts as private; on Windows the same is true of the
# system account and the administrators (they can take ownership of anything), and the
# user's own profile folder grants them access to every file made there. Refusing them
# would refuse every database copied into the officer's own folder and protect nothing.
_WINDOWS_SYSTEM = frozenset({"nt authority\\system", "builtin\\administrators"})


def run(command: Sequence[str]) -> str:
    """Run a command of the system and return what it printed; OSError if it failed."""
    # Imported here: only Windows runs a command, and the daily due list on POSIX
    # should not pay for the import.
    import subprocess

    # Console programs on Windows print in the OEM code page ("oem", GBK on a Chinese
    # system), where a login name such as 张三 must come back as it was.
    encoding = "oem" if os.name == "nt" else None
    try:
        done = subprocess.run(
            list(command),
            capture_output=True,
            check=True,
            encoding=encoding,
            errors="replace",
            # No console window flashing up when run from a scheduled task.
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except subprocess.CalledProcessError as exc:
        raise OSError(f"{command[0]} exited with {exc.returncode}") from exc
    return done.stdout


RUNNER: Runner = run


def user_name() -> str:
    """The login name the owner-only list names (Windows: DOMAIN\\user when known)."""
    import getpass

    name = os.environ.get("USERNAME") or getpass.getuser()
    domain = os.environ.get("USERDOMAIN")
    return f"{domain}\\{name}" if domain else name


def _platform(platform: str | None) -> str:
    return platform or PLATFORM


# --- making private -------------------------------------------------------------------


def make_private(
    path: Path, *, folder: bool = False, platform: str | None = None, runner: Runner | None = None
) -> None:
    """Leave ``path`` (an existing file, or with ``folder`` a folder) to its owner alone.
    Raises ``YuesongError`` when that could not be done: nothing private is then kept
    by the caller."""
    if _platform(platform) == "posix":
        # os.chmod, not os.fchmod: the latter is missing on Windows before Python 3.13.
        os.chmod(path, FOLDER_MODE if folder else FILE_MODE)
        return
    # (OI)(CI): files and folders made inside a private folder inherit its list.
    rights = "(OI)(CI)F" if folder else "F"
    try:
        (runner or RUNNER)(
            ["icacls", str(path), "/inheritance:r", "/grant:r", f"{user_name()}:{rights}"]
        )
    except OSError as exc:
        raise YuesongError("error.private.failed", path=str(path)) from exc


def create_private_file(
    path: Path, flags: int = 0, *, platform: str | None = None, runner: Runner | None = None
) -> int:
    """Create ``path``, which must not exist (FileExistsError otherwise, so two writers
    never share a name), owner-only before anything is written; return its descriptor,
    opened for writing with ``flags`` added."""
    check_path(str(path))  # no file of ours is ever named with control characters
    flags |= os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    # Mode 0600 at creation: on POSIX the file never exists, even for a moment, with
    # wider permissions. A umask such as 0o277 would leave 0400, so it is set again.
    fd = os.open(path, flags, FILE_MODE)
    try:
        make_private(path, platform=platform, runner=runner)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    return fd


def cannot_write(path: Path, exc: OSError, *, platform: str | None = None) -> YuesongError:
    """The one line for a file (not the database) the file system refused to write: its
    fault said as it is (``file_fault``), or, for anything else, that it was not
    written and any file of that name is as it was."""
    return file_fault(exc, path, platform=platform) or Fault(
        "error.export.not_written", path=str(path)
    )


def private_folder(
    path: Path, *, platform: str | None = None, runner: Runner | None = None
) -> list[Path]:
    """Make the folder ``path`` and any missing folder above it, each owner-only, and
    return those made, outermost first (so a caller that fails can take them away); a
    folder that exists is left as the officer set it. Refused when a file stands in the
    way or the place cannot be written."""
    missing: list[Path] = []
    folder = path
    while not folder.is_dir():
        if folder.exists():
            raise InvalidInput("error.folder.is_file", path=str(folder))
        if folder.parent == folder:  # a drive or mount that is not there (E:\ unplugged)
            raise InvalidInput("error.folder.no_root", path=str(folder))
        missing.append(folder)
        folder = folder.parent
    made: list[Path] = []
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise InvalidInput("error.folder.is_file", path=str(folder)) from None
            continue  # made at the same moment by another run: theirs is as good
        except OSError as exc:  # no permission, a read-only file system, a full disk
            raise cannot_write(folder, exc) from exc
        made.append(folder)
        make_private(folder, folder=True, platform=platform, runner=runner)
    return made


def append_private(
    path: Path, text: str, *, platform: str | None = None, runner: Runner | None = None
) -> None:
    """Append ``text`` (UTF-8) to the log file ``path``, making its folder if missing;
    the file is left owner-only even if something else made it wider."""
    private_folder(path.parent, platform=platform, runner=runner)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    with os.fdopen(fd, "a", encoding="utf-8") as log:
        make_private(path, platform=platform, runner=runner)
        log.write(text)


def place_new(source: Path, target: Path, *, platform: str | None = None) -> None:
    """Move the finished file ``source`` to ``target``, which must not exist: never
    replacing a file, even one made at the same moment (FileExistsError then)."""
    check_path(str(target))
    if _platform(platform) == "windows":
        # A rename on Windows fails when the target exists: the check is the rename's.
        os.rename(source, target)
        return
    try:
        # A hard link fails when the target exists, atomically; the rename would not.
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links (a FAT-formatted USB drive): take the name
        # first, then put the file over that empty placeholder, which goes again if
        # that fails (nothing left behind under the name).
        os.close(create_private_file(target, platform=platform))
        try:
            os.replace(source, target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return
    source.unlink()


def sync_folder(folder: Path, *, platform: str | None = None) -> None:
    """Make a rename into ``folder`` itself durable (POSIX: fsync the folder; Windows
    cannot open a folder for that, and its renames are journaled)."""
    if _platform(platform) != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the data itself is synced
    finally:
        os.close(fd)


# --- checking -------------------------------------------------------------------------


def is_private(path: Path, *, platform: str | None = None, runner: Runner | None = None) -> bool:
    """Whether nobody but the owner (and the system itself) may read or write ``path``."""
    if _platform(platform) == "posix":
        return not stat.S_IMODE(path.stat().st_mode) & 0o077
    # The list is read from icacls itself on every open rather than trusted from a
    # marker the tool left: a marker travels with a copy of the file, its protection
    # does not (a database copied from a USB stick takes the folder's list).
    try:
        listing = (runner or RUNNER)(["icacls", str(path)])
    except OSError:
        return False  # not known to be private: refused, with the fix that makes it so
    grantees = _grantees(listing, str(path))
    own = user_name().casefold()
    return bool(grantees) and all(
        name.casefold() in _WINDOWS_SYSTEM or _is_owner(name.casefold(), own)
        for name in grantees
    )


def _is_owner(grantee: str, own: str) -> bool:
    """Whether an entry names the owner: DOMAIN\\user in full where both say a domain
    (OTHERPC\\张三 is somebody else), the user's name alone where either does not."""
    if "\\" in grantee and "\\" in own:
        return grantee == own
    return grantee.rpartition("\\")[2] == own.rpartition("\\")[2]


def _grantees(listing: str, path: str) -> list[str]:
    """Who the entries of ``icacls PATH``'s listing allow anything, as printed
    (DOMAIN\\name), leaving out entries that deny. The listing is the path followed by
    the first entry, one entry a line indented below, a blank line, then a summary."""
    text = listing.lstrip()
    # icacls prints the name as it was given (case aside, on a case-blind file system).
    if text[: len(path)].casefold() != path.casefold():
        return []
    names: list[str] = []
    for line in text[len(path) :].splitlines():
        entry = line.strip()
        if not entry:
            break
        # Login names cannot hold a colon; "name:(OI)(CI)(F)" or "name:(DENY)(W)".
        name, colon, rights = entry.partition(":(")
        if not colon:
            continue
        if "(DENY)" not in f"({rights}".upper():
            names.append(name.strip())
    return names


def fix_command(path: Path, *, platform: str | None = None) -> str:
    """The line the officer can run to make ``path`` theirs alone."""
    if _platform(platform) == "posix":
        return f"chmod 600 {path}"
    return f'icacls "{path}" /inheritance:r /grant:r "{user_name()}:F"'


def require_private(
    path: Path, *, platform: str | None = None, runner: Runner | None = None
) -> None:
    """Refuse ``path`` (a database, a backup) when others may read it, naming the fix,
    and one typed with control characters, which every line naming it would repeat."""
    check_path(str(path))
    if is_private(path, platform=platform, runner=runner):
        return
    if _platform(platform) == "posix":
        raise DatabaseProblem("error.db.permissions", path=str(path))
    raise DatabaseProblem(
        "error.private.refused", path=str(path), fix=fix_command(path, platform=platform)
    )


# --- faults (docs/security.md §7) -------------------------------------------------------

# What went wrong, said as it is: each kind is its own line, and only damage suggests a
# restore (a full or read-only disk taken for damage would push the officer toward a
# restore that cannot help and may harm).
FULL, NOT_WRITABLE, READ_ONLY_DISK, DENIED, LOCKED, DAMAGED, DISK_ERROR = (
    "full",
    "not_writable",
    "read_only_disk",
    "denied",
    "locked",
    "damaged",
    "disk_error",
)

# SQLite's primary result codes (the low byte of an extended code). SQLite says
# "readonly" (8) or "cannot open" (14) alike for a read-only disk, a read-only file and a
# folder it may not write its -wal and -shm in: which of these it is, the file and its
# folder tell (``_not_writable``).
_SQLITE_KINDS = {
    3: NOT_WRITABLE,  # SQLITE_PERM
    5: LOCKED,  # SQLITE_BUSY: another connection holds the lock beyond the busy timeout
    6: LOCKED,  # SQLITE_LOCKED
    8: NOT_WRITABLE,  # SQLITE_READONLY
    10: DISK_ERROR,  # SQLITE_IOERR
    11: DAMAGED,  # SQLITE_CORRUPT: "database disk image is malformed"
    13: FULL,  # SQLITE_FULL: "database or disk is full" (max_page_count too)
    14: NOT_WRITABLE,  # SQLITE_CANTOPEN
    26: DAMAGED,  # SQLITE_NOTADB: "file is not a database"
}
# The same read from the message, for an error that carries no code (one that crossed
# a process boundary from the due list's workers, say).
_SQLITE_TEXTS = (
    ("database or disk is full", FULL),
    ("readonly database", NOT_WRITABLE),
    ("unable to open database file", NOT_WRITABLE),
    ("database is locked", LOCKED),
    ("database table is locked", LOCKED),
    ("file is not a database", DAMAGED),
    ("disk image is malformed", DAMAGED),
    ("disk i/o error", DISK_ERROR),
)
_ERRNO_KINDS = {
    errno.ENOSPC: FULL,
    getattr(errno, "EDQUOT", errno.ENOSPC): FULL,  # over the user's quota: full for them
    errno.EROFS: READ_ONLY_DISK,
    errno.EACCES: NOT_WRITABLE,
    errno.EPERM: NOT_WRITABLE,
    errno.EBUSY: LOCKED,
    errno.ETXTBSY: LOCKED,
    errno.EIO: DISK_ERROR,
}
# Windows' own codes, which say more than the errno Python maps them to.
_WINERROR_KINDS = {
    5: NOT_WRITABLE,  # ERROR_ACCESS_DENIED
    19: READ_ONLY_DISK,  # ERROR_WRITE_PROTECT
    32: LOCKED,  # ERROR_SHARING_VIOLATION: open in another program (WPS, Excel)
    33: LOCKED,  # ERROR_LOCK_VIOLATION
    39: FULL,  # ERROR_HANDLE_DISK_FULL
    112: FULL,  # ERROR_DISK_FULL
}


def fault_kind(exc: BaseException) -> str | None:
    """Which fault an error of SQLite (the standard library's or SQLCipher's, whose
    errors are made subclasses of it) or of the system is, from the error alone; None
    when it is none of them (a bug, to be logged as unexpected)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _SQLITE_KINDS:
        return _SQLITE_KINDS[code & 0xFF]
    if isinstance(exc, OSError):
        winerror = getattr(exc, "winerror", None)
        if isinstance(winerror, int) and winerror in _WINERROR_KINDS:
            return _WINERROR_KINDS[winerror]
        return _ERRNO_KINDS.get(exc.errno) if exc.errno is not None else None
    import sqlite3  # SQLCipher's errors are its subclasses (store/base.py, sqlcipher)

    if isinstance(exc, sqlite3.DatabaseError):
        text = str(exc).lower()
        for words, kind in _SQLITE_TEXTS:
            if words in text:
                return kind
    return None


def read_only_disk(path: Path, *, platform: str | None = None) -> bool:
    """Whether ``path`` (or the nearest folder above it that exists) lies on a file
    system mounted read-only: a write-protected USB stick, a CD, a share mounted so.
    Windows has no such flag to read here; its own error says so (``_WINERROR_KINDS``)."""
    if _platform(platform) != "posix" or not hasattr(os, "statvfs"):
        return False
    place = path
    while not place.exists() and place.parent != place:
        place = place.parent
    try:
        return bool(os.statvfs(place).f_flag & getattr(os, "ST_RDONLY", 1))
    except OSError:
        return False


def writable_fix(path: Path, *, platform: str | None = None) -> str:
    """The line that makes a read-only file of the owner's writable again."""
    if _platform(platform) == "posix":
        return f"chmod 600 {path}"
    return f'attrib -r "{path}"'


# Free bytes below which an I/O error is taken for a full disk: SQLite, out of room for
# its -shm (SQLITE_IOERR_SHMSIZE) or for a page it writes, says "disk I/O error", not
# "full". 64 KiB is sixteen of its default 4 KiB pages, more than one write needs.
NEARLY_FULL = 64 * 1024


def disk_nearly_full(path: Path) -> bool:
    """Whether the disk holding ``path`` (or the nearest folder above it that exists)
    has next to no room left (``NEARLY_FULL``); False when it cannot be asked."""
    import shutil

    place = path
    while not place.exists() and place.parent != place:
        place = place.parent
    try:
        return shutil.disk_usage(place).free < NEARLY_FULL
    except OSError:
        return False


def _full_after_all(kind: str | None, path: Path) -> str | None:
    """A disk error on a disk without room is a full disk (docs/security.md §7): told
    as damage or a failing disk, it would send the officer to the wrong remedy."""
    return FULL if kind == DISK_ERROR and disk_nearly_full(path) else kind


def database_fault(
    exc: BaseException, path: Path, *, platform: str | None = None
) -> YuesongError | None:
    """The one line for an error SQLite or the system raised using the database at
    ``path``, or None when it is none of the faults."""
    kind = _full_after_all(fault_kind(exc), path)
    if kind == NOT_WRITABLE:
        return _database_not_writable(path, platform=platform)
    if kind == READ_ONLY_DISK:
        return Fault("error.fault.read_only_disk.db", path=str(path))
    keys = {
        FULL: "error.fault.full",
        LOCKED: "error.fault.locked.db",
        DAMAGED: "error.fault.damaged",
        DISK_ERROR: "error.fault.disk_error",
    }
    return Fault(keys[kind], path=str(path)) if kind in keys else None


def _database_not_writable(path: Path, *, platform: str | None = None) -> YuesongError:
    """Why SQLite may not write the database: the disk is read-only, the file is (or is
    another user's), or the folder is, where SQLite keeps the -wal and -shm beside it."""
    if read_only_disk(path, platform=platform):
        return Fault("error.fault.read_only_disk.db", path=str(path))
    folder = path.parent
    if os.access(path, os.W_OK) and not os.access(folder, os.W_OK):
        return Fault("error.fault.denied.db_folder", folder=str(folder))
    # The file itself, or neither can be told (root may write anything): the file's fix.
    return Fault(
        "error.fault.denied.db_file", path=str(path), fix=writable_fix(path, platform=platform)
    )


def file_fault(
    exc: BaseException, path: Path, *, platform: str | None = None
) -> YuesongError | None:
    """The one line for an error the system raised writing the file ``path`` (an
    export, a report, a copy), or None when it is none of the faults."""
    kind = _full_after_all(fault_kind(exc), path)
    if kind == NOT_WRITABLE and _held_on_windows(exc, path, platform=platform):
        kind = LOCKED
    if kind in (NOT_WRITABLE, READ_ONLY_DISK):
        read_only = kind == READ_ONLY_DISK or read_only_disk(path, platform=platform)
        kind = READ_ONLY_DISK if read_only else DENIED
    keys = {
        FULL: "error.fault.full",
        READ_ONLY_DISK: "error.fault.read_only_disk",
        DENIED: "error.export.denied",
        LOCKED: "error.fault.locked",
        DISK_ERROR: "error.fault.disk_error",
    }
    return Fault(keys[kind], path=str(path)) if kind in keys else None


def _held_on_windows(exc: BaseException, path: Path, *, platform: str | None = None) -> bool:
    """Whether Windows' "access denied" (5) replacing the file ``path`` means another
    program holds it open: Excel or WPS with the last export open is refused so as
    often as with a sharing violation (32). Taken so when ``path`` is a file its owner
    may write (``os.access`` reads the read-only attribute there): a read-only file, or
    none, is still "no permission"."""
    if _platform(platform) != "windows" or getattr(exc, "winerror", None) != 5:
        return False
    return path.is_file() and os.access(path, os.W_OK)


# --- temporary files and what a crash left behind ----------------------------------------

# A temporary file of ours: a fixed prefix, the process writing it and a random part
# (``.yuesong-4711-3fa9c2d1.tmp``), and what SQLite may add beside it. The prefix makes
# it ours, so the cleaner never takes an officer's file; the process says whether its
# writer is still at work.
TEMPORARY_PREFIX = ".yuesong-"
_TEMPORARY = re.compile(
    r"\.yuesong-(?P<pid>[0-9]+)-[0-9a-f]{8}(?:\.[a-z]+)?(?:-wal|-shm|-journal)?"
)
# Temporary names of earlier versions, without the process: taken by age alone.
EARLIER_TEMPORARIES = (
    re.compile(r"\.yuesong-(?:export|sheet)-[0-9a-f]{16}\.tmp"),
    re.compile(r"\..+\.[0-9a-f]{8}\.partial(?:-wal|-shm|-journal)?"),
)
# A temporary file this old is left behind whoever wrote it: no write of yuesong takes
# an hour, and a process number may have been given to another program since.
ORPHAN_AGE = 3600.0


def new_temporary(
    folder: Path,
    suffix: str = ".tmp",
    *,
    platform: str | None = None,
    runner: Runner | None = None,
) -> tuple[Path, int]:
    """A new, empty, owner-only file in ``folder`` under a temporary name of ours
    (hidden, with this process's number) and its descriptor, open for writing. Made
    exclusively, so two writers never share one."""
    import secrets  # here: only a write needs it, not every start

    while True:
        path = folder / f"{TEMPORARY_PREFIX}{os.getpid()}-{secrets.token_hex(4)}{suffix}"
        try:
            return path, create_private_file(path, platform=platform, runner=runner)
        except FileExistsError:
            continue


def process_alive(
    pid: int, *, platform: str | None = None, kernel32: Kernel32 | None = None
) -> bool:
    """Whether the process ``pid`` still runs: on POSIX signal 0, on Windows (where
    ``os.kill`` would end the process) OpenProcess and its exit code
    (``windows_process_alive``). When it cannot be told, it counts as running, and the
    temporary file is taken by its age."""
    if pid == os.getpid():
        return True
    if _platform(platform) != "posix":
        return windows_process_alive(pid, kernel32)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OverflowError:
        return False  # no process has such a number
    except OSError:
        return True  # another user's process, say: not ours to judge
    return True


class Kernel32(Protocol):
    """The three calls of Windows' kernel32 that ask whether a process runs."""

    def open_process(self, pid: int) -> int | None: ...
    def last_error(self) -> int: ...
    def exit_code(self, handle: int) -> int | None: ...
    def close(self, handle: int) -> None: ...


# GetExitCodeProcess says this of a process still running; OpenProcess fails with
# ERROR_INVALID_PARAMETER when no process has the number.
_STILL_ACTIVE = 259
_ERROR_INVALID_PARAMETER = 87


def windows_process_alive(pid: int, kernel32: Kernel32 | None = None) -> bool:
    """Whether the process ``pid`` runs on Windows: none of that number, or one whose
    exit code is set (ended, its handle still held somewhere), does not; one Windows
    will not open (another user's: access denied) or a call that fails counts as
    running, and the hour decides. A number given again to another program reads as
    running too: the hour decides then as well."""
    if not 0 < pid <= 0xFFFFFFFF:
        return False
    try:
        calls = kernel32 or _WindowsKernel32()
    except (OSError, AttributeError):  # no kernel32 to ask: not known
        return True
    handle = calls.open_process(pid)
    if handle is None:
        return calls.last_error() != _ERROR_INVALID_PARAMETER
    try:
        code = calls.exit_code(handle)
    finally:
        calls.close(handle)
    return code is None or code == _STILL_ACTIVE


class _WindowsKernel32:
    """kernel32 through ctypes (Windows only; psutil is not a dependency)."""

    def __init__(self) -> None:
        import ctypes
        from ctypes import wintypes

        # getattr: WinDLL and get_last_error exist on Windows alone.
        dll = getattr(ctypes, "WinDLL")("kernel32", use_last_error=True)  # noqa: B009
        dll.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
        dll.OpenProcess.restype = wintypes.HANDLE
        dll.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
        dll.GetExitCodeProcess.restype = wintypes.BOOL
        dll.CloseHandle.argtypes = (wintypes.HANDLE,)
        dll.CloseHandle.restype = wintypes.BOOL
        self._dll = dll
        self._ctypes = ctypes
        self._dword = wintypes.DWORD

    def open_process(self, pid: int) -> int | None:
        query_limited_information = 0x1000  # the least right that reads an exit code
        handle = self._dll.OpenProcess(query_limited_information, False, pid)
        return int(handle) if handle else None

    def last_error(self) -> int:
        return int(getattr(self._ctypes, "get_last_error")())  # noqa: B009

    def exit_code(self, handle: int) -> int | None:
        code = self._dword()
        if not self._dll.GetExitCodeProcess(handle, self._ctypes.byref(code)):
            return None
        return int(code.value)

    def close(self, handle: int) -> None:
        self._dll.CloseHandle(handle)


def remove_orphans(
    *folders: Path,
    earlier: Iterable[re.Pattern[str]] = EARLIER_TEMPORARIES,
    older_than: float = ORPHAN_AGE,
    now: float | None = None,
    alive: Callable[[int], bool] | None = None,
) -> list[Path]:
    """Remove, in each of ``folders``, the temporary files a crash left behind: ours
    whose process is gone or that are older than ``older_than`` seconds, and those named
    as ``earlier`` patterns say (names without a process) that are that old. Nothing
    else is touched, and nothing is raised: a folder that is missing or cannot be
    written keeps what it holds. Returns what was removed."""
    moment = time.time() if now is None else now
    running = alive or process_alive
    patterns = tuple(earlier)
    removed: list[Path] = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if not entry.name.startswith("."):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                old = moment - entry.stat(follow_symlinks=False).st_mtime > older_than
                ours = _TEMPORARY.fullmatch(entry.name)
                if ours:
                    orphan = old or not running(int(ours["pid"]))
                else:
                    orphan = old and any(p.fullmatch(entry.name) for p in patterns)
                if orphan:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            except OSError:
                continue
    return removed


@dataclass(frozen=True)
class Staged:
    """A file written whole and synced under a temporary name beside ``target``, waiting
    to take its name (``publish``) once what records it has committed."""

    temporary: Path
    target: Path
    replace: bool


def stage(
    target: Path,
    data: bytes,
    *,
    replace: bool = False,
    platform: str | None = None,
    runner: Runner | None = None,
) -> Staged:
    """Write ``data`` to a new owner-only temporary file beside ``target`` and sync it;
    on any failure nothing is left. Temporaries a crash left in that folder go first."""
    folder = target.parent
    remove_orphans(folder)
    try:
        temporary, fd = new_temporary(folder, platform=platform, runner=runner)
    except OSError as exc:
        raise cannot_write(target, exc, platform=platform) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise cannot_write(target, exc, platform=platform) from exc
        raise
    return Staged(temporary, target, replace)


def publish(staged: Staged, *, platform: str | None = None) -> None:
    """Give the staged file its name: over a file there only if ``replace`` was asked,
    otherwise never over one (``error.file.exists``, even for a file made meanwhile).
    On failure the temporary file is removed and the target is as it was."""
    try:
        if staged.replace:
            os.replace(staged.temporary, staged.target)
        else:
            place_new(staged.temporary, staged.target, platform=platform)
    except FileExistsError as exc:
        raise Fault("error.file.exists", path=str(staged.target)) from exc
    except OSError as exc:
        raise cannot_write(staged.target, exc, platform=platform) from exc
    finally:
        staged.temporary.unlink(missing_ok=True)
    sync_folder(staged.target.parent, platform=platform)


def write_whole(
    target: Path,
    data: bytes,
    *,
    replace: bool = False,
    platform: str | None = None,
    runner: Runner | None = None,
) -> None:
    """``data`` written to ``target`` whole or not at all, for a file no audit row
    records (the empty import template): staged, then published."""
    staged = stage(target, data, replace=replace, platform=platform, runner=runner)
    publish(staged, platform=platform)
