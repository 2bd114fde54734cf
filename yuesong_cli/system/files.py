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
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from yuesong_cli.errors import DatabaseProblem, InvalidInput, YuesongError

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


def cannot_write(path: Path, exc: OSError) -> YuesongError:
    """The one line for a place the file system refused: no permission or a read-only
    file system (choose another place), or anything else, a full disk most often."""
    denied = isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES)
    key = "error.export.denied" if denied else "error.export.not_written"
    return YuesongError(key, path=str(path))


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
        # first, then put the file over that empty placeholder.
        os.close(create_private_file(target, platform=platform))
        os.replace(source, target)
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
    """Refuse ``path`` (a database, a backup) when others may read it, naming the fix."""
    if is_private(path, platform=platform, runner=runner):
        return
    if _platform(platform) == "posix":
        raise DatabaseProblem("error.db.permissions", path=str(path))
    raise DatabaseProblem(
        "error.private.refused", path=str(path), fix=fix_command(path, platform=platform)
    )
