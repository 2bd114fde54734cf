"""The file kept whole: the audit log read and verified, exports and bulk loads recorded,
backups made and restored through SQLite's backup API, and the counts of db info.

A backup is written under a temporary name (``.NAME.partial``), checked, and only then
given its name, which never replaces a file; so a file named like a backup is a whole,
checked one, and one left half-written by a power cut is never taken for a backup (nor
counted, nor removed, by ``--keep``). Backups made in the backup folder are named
``STEM-backup-YYYYMMDD-HHMMSS.db`` in the database's own time zone, with ``-2``, ``-3``…
added when a backup of the same second is there already.

An encrypted file (docs/security.md §6) is backed up encrypted with its own key, and
restored only from a backup encrypted with it; it is made, re-keyed or copied out plain
through ``sqlcipher_export`` into a new file, checked before it takes the place of the
old one."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from yuesong_cli.domain import audit
from yuesong_cli.errors import Conflict, DatabaseProblem, InvalidInput, NotFound
from yuesong_cli.store.base import (
    StoreBase,
    check_permissions,
    connect,
    file_kind,
    migration_steps,
    quoted,
)
from yuesong_cli.store.clock import now_utc
from yuesong_cli.system import files

BACKUP_LABEL = "backup"
_STAMP = "%Y%m%d-%H%M%S"


class IntegrityStore(StoreBase):
    """Audit log, verification, backup and restore, bulk loading, counts."""

    def audit_rows(self) -> list[dict[str, Any]]:
        return self._query("SELECT * FROM audit ORDER BY id")

    def verify(self) -> dict[str, list[str]]:
        """Problems found by SQLite's integrity and foreign-key checks and the audit chain."""
        problems: dict[str, list[str]] = {"integrity": [], "foreign_keys": [], "audit": []}
        for (line,) in self.conn.execute("PRAGMA integrity_check"):
            if line != "ok":
                problems["integrity"].append(str(line))
        if self.encrypted:
            # Each page's HMAC: a page changed by anyone without the key.
            for row in self.conn.execute("PRAGMA cipher_integrity_check"):
                problems["integrity"].append(str(row[0]))
        for row in self.conn.execute("PRAGMA foreign_key_check"):
            problems["foreign_keys"].append(f"{row[0]} rowid {row[1]} -> {row[2]}")
        for problem in audit.verify_chain(self.audit_rows(), self._audit_head()):
            problems["audit"].append(f"{problem.kind}:{problem.audit_id or ''}")
        return problems

    def record_export(self, what: str, path: Path, fields: Sequence[str], rows: int) -> None:
        """Audit an export: which listing, where to, which fields and how many rows (never
        the values). Called inside the transaction that writes the file, so an export
        that fails leaves no audit row and an audit row that fails leaves no export."""
        self.audit("export", what, None, fields, note=f"{path} rows={rows}")

    # --- bulk loading (the sample generator) ---------------------------------------

    BULK_TABLES = frozenset(
        {
            "persons",
            "status_history",
            "helpers",
            "team_members",
            "contacts",
            "contact_kinds",
            "contact_helpers",
            "photos",
            "contact_photos",
        }
    )

    def is_empty(self) -> bool:
        return self.conn.execute("SELECT NOT EXISTS (SELECT 1 FROM persons)").fetchone()[0] == 1

    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Insert many rows at once; only inside ``transaction()``, which also carries
        the one audit row that records the load."""
        if table not in self.BULK_TABLES:
            raise ValueError(f"not a bulk table: {table}")
        if not self.conn.in_transaction:
            raise RuntimeError("bulk_insert() outside a transaction")
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    # --- backup and restore -------------------------------------------------------

    def backup(self, destination: Path) -> None:
        """Copy the live database with SQLite's online backup API into the new file
        ``destination`` (owner-only), checked; it never replaces a file."""
        if destination.exists():
            raise Conflict("error.backup.exists", path=str(destination))
        partial = self._checked_copy(destination.parent, destination.name)
        try:
            files.place_new(partial, destination)
        except FileExistsError as exc:
            raise Conflict("error.backup.exists", path=str(destination)) from exc
        finally:
            partial.unlink(missing_ok=True)
        self._record_backup(destination)

    def backup_into(self, folder: Path, label: str = BACKUP_LABEL) -> Path:
        """A checked backup in ``folder`` (which must exist) under a name of its own,
        ``STEM-LABEL-YYYYMMDD-HHMMSS.db`` in the database's time zone; a second backup
        in the same second takes ``…-2.db``, and so on. Returns its path."""
        local = now_utc().astimezone(ZoneInfo(self.setting("timezone")))
        stem = f"{self.path.stem}-{label}-{local.strftime(_STAMP)}"
        partial = self._checked_copy(folder, f"{stem}.db")
        try:
            number = 1
            while True:
                target = folder / (f"{stem}.db" if number == 1 else f"{stem}-{number}.db")
                try:
                    # Taken atomically: two runs in the same second get two names.
                    files.place_new(partial, target)
                    break
                except FileExistsError:
                    number += 1
        finally:
            partial.unlink(missing_ok=True)
        self._record_backup(target)
        return target

    def _checked_copy(self, folder: Path, name: str) -> Path:
        """The backup written to a new owner-only temporary file in ``folder`` and
        checked; a copy that fails is removed. The copy of an encrypted file is
        encrypted with its key, page by page through the same backup API."""
        partial = new_partial(folder, name)
        try:
            target = connect(partial, self._key)
            try:
                self.conn.backup(target)
                # A backup is one self-contained file: no -wal beside it.
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            if not quick_check(partial, **self._keyed()):
                raise DatabaseProblem("error.backup.check_failed", path=str(folder / name))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return partial

    def _keyed(self) -> dict[str, str]:
        """The key argument of a check of a copy of this file: none for a plain file."""
        return {} if self._key is None else {"key": self._key}

    def check_backup(self, source: Path) -> None:
        """Refuse a backup this database cannot be restored from (``check_backup_file``,
        with this file's key when it is encrypted)."""
        check_backup_file(source, **self._keyed())

    def _record_backup(self, path: Path) -> None:
        # Recorded once the copy is known good (so the copy itself does not hold it).
        with self.transaction():
            self.audit("backup", None, None, [], note=path.name)

    def remove_old_backups(self, folder: Path, keep: int) -> list[Path]:
        """Remove the oldest of this database's own backups in ``folder`` beyond the
        ``keep`` newest (files named as ``backup_into`` names them, nothing else: not
        the safety copies of a restore, not the officer's other files). Audited, one row
        naming the files removed. Returns them, oldest first."""
        if keep < 1:
            raise ValueError("keep at least one backup")
        own = own_backups(folder, self.path.stem, ZoneInfo(self.setting("timezone")))
        removed: list[Path] = []
        try:
            for path in own[: max(len(own) - keep, 0)]:
                path.unlink()
                removed.append(path)
        finally:
            if removed:
                with self.transaction():
                    note = " ".join(path.name for path in removed)
                    self.audit("backup_removed", None, None, [], note=note)
        return removed

    def restore(self, source: Path) -> None:
        """Replace the live contents with a checked backup, through the backup API (never
        a byte copy of a live file); the restore is appended to the restored audit log."""
        self.check_backup(source)
        origin = connect(source, self._key, read_only=True)
        try:
            origin.backup(self.conn)
        finally:
            origin.close()
        if self._schema_outdated():
            with self.transaction():
                migration_steps().apply(self.db)
        with self.transaction():
            self.audit("restore", None, None, [], note=source.name)

    # --- encryption (docs/security.md §6) --------------------------------------------

    def encrypt(self, key: str) -> None:
        """Encrypt the file in place with ``key`` (``_replace_with_copy``)."""
        if self.encrypted:
            raise Conflict("error.db.already_encrypted", path=str(self.path))
        self._replace_with_copy(key, "encrypt")

    def rekey(self, key: str) -> None:
        """Encrypt the file again with the new ``key`` (``_replace_with_copy``)."""
        if not self.encrypted:
            raise Conflict("error.db.not_encrypted", path=str(self.path))
        if key == self._key:
            raise InvalidInput("error.key.same")
        self._replace_with_copy(key, "rekey")

    def _replace_with_copy(self, key: str, action: str) -> None:
        """Put in this file's place a copy encrypted with ``key``, made beside it with
        ``sqlcipher_export``, given its audit row (``action``) and checked against this
        file: every table's rows counted, the schema, integrity, foreign keys, the audit
        chain. Only then does it take the file's name, in one rename; the old file's bytes
        are then overwritten with zeros and it is removed. A failure at any step leaves
        the file as it was, and no copy behind.

        The old file leaves WAL mode first, which SQLite refuses while another program
        has it open (the cron job, say): that is said, and nothing is done. From then on
        this connection holds the write lock, so nobody writes to the file being copied;
        a program that opened it meanwhile and waits to write finds zeros, not a file
        whose changes would be lost."""
        self._leave_wal()
        partial = new_partial(self.path.parent, self.path.name)
        placed = False
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            expected = table_counts(self.conn), schema_of(self.conn)
            export(self.path, self._key, partial, key)
            self._check_converted(partial, key, action, expected)
            aside = second_name(self.path)
            self._put_in_place(partial, aside)
            placed = True
            if aside is not None:
                erase(aside)
        finally:
            for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
                leftover.unlink(missing_ok=True)
            if not placed:
                self._release_lock()
                self.conn.execute("PRAGMA journal_mode = WAL")
        self._release_lock()
        self.conn.close()  # a second close, after _put_in_place's, does nothing
        self._key = key
        self.conn = connect(self.path, key)
        self._configure(self.conn)
        self._db = None

    def _leave_wal(self) -> None:
        """Switch to a rollback journal (no -wal to carry over to the new file), refused
        when another connection has the file open."""
        try:
            mode = self.conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlite3.OperationalError as exc:
            raise DatabaseProblem("error.db.in_use", path=str(self.path)) from exc
        if mode != "delete":
            raise DatabaseProblem("error.db.in_use", path=str(self.path))

    def _release_lock(self) -> None:
        """End the transaction that holds the write lock (nothing was written through
        it), unless the connection was closed already."""
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except sqlite3.ProgrammingError:
            pass  # closed by _put_in_place

    def _check_converted(
        self, partial: Path, key: str, action: str, expected: tuple[dict[str, int], list[Any]]
    ) -> None:
        """Refuse a converted copy that does not hold what this file holds; write its
        audit row and verify it."""
        copy = IntegrityStore(partial, key=lambda: key, actor=self._actor)
        try:
            same = (table_counts(copy.conn), schema_of(copy.conn)) == expected
            if same:
                with copy.transaction():
                    copy.audit(action, None, None, [])
                same = not any(copy.verify().values())
        finally:
            copy.close()
        if not same:
            raise DatabaseProblem("error.encrypt.check_failed", path=str(self.path))

    def _put_in_place(self, partial: Path, aside: Path | None) -> None:
        """Rename ``partial`` over this file. Windows renames over no file that is open,
        this connection's included: there the lock is let go and it is tried once more,
        which fails while another program has the file open."""
        try:
            os.replace(partial, self.path)
            return
        except PermissionError:
            self._release_lock()
            self.conn.close()
        except OSError:
            if aside is not None:
                aside.unlink(missing_ok=True)
            raise
        try:
            os.replace(partial, self.path)
        except OSError as exc:
            if aside is not None:
                aside.unlink(missing_ok=True)
            self.conn = connect(self.path, self._key)  # the old file, as it was
            raise DatabaseProblem("error.db.in_use", path=str(self.path)) from exc

    def decrypt_copy(self, destination: Path, reason: str) -> None:
        """A plain copy of the encrypted file at ``destination`` (a new owner-only file,
        checked), for a deliberate use: audited with ``reason`` in the transaction that
        gives it its name, so that no plain copy exists which the audit does not name."""
        if not self.encrypted:
            raise Conflict("error.db.not_encrypted", path=str(self.path))
        if destination.exists():
            raise Conflict("error.decrypt.exists", path=str(destination))
        partial = new_partial(destination.parent, destination.name)
        placed = False
        try:
            export(self.path, self._key, partial, "")
            if not quick_check(partial):
                raise DatabaseProblem("error.backup.check_failed", path=str(destination))
            with self.transaction():
                self.audit("decrypt", None, None, [], note=f"{destination} {reason}")
                try:
                    files.place_new(partial, destination)
                except FileExistsError as exc:
                    raise Conflict("error.decrypt.exists", path=str(destination)) from exc
                placed = True
        except BaseException:
            if placed:
                destination.unlink(missing_ok=True)
            raise
        finally:
            partial.unlink(missing_ok=True)

    def plain_backups(self, folder: Path) -> list[Path]:
        """The plain databases in ``folder`` (backups made before this file was
        encrypted), which encrypting the file leaves as they are."""
        return plain_files(folder)

    # --- counts -------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        tables = (
            "persons",
            "status_history",
            "helpers",
            "team_members",
            "contacts",
            "photos",
            "audit",
        )
        return {
            table: int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in tables
        }


def check_backup_file(source: Path, key: str | None = None) -> None:
    """Refuse a backup that is missing, readable by others, damaged or not ours; with
    ``key`` (the live file is encrypted), one not encrypted with that key, and without
    it one that is encrypted: a restore never turns an encrypted file plain, nor the
    other way round."""
    if not source.is_file():
        raise NotFound("error.backup.missing", path=str(source))
    check_permissions(source)
    kind = file_kind(source)
    if kind == "plain" and key is not None:
        raise DatabaseProblem("error.restore.plain_backup", path=str(source))
    if kind == "encrypted" and key is None:
        raise DatabaseProblem("error.restore.encrypted_backup", path=str(source))
    if not quick_check(source, **({} if key is None else {"key": key})):
        raise DatabaseProblem("error.restore.damaged", path=str(source))
    # A backup whose audit log was edited or cut is no record to go back to.
    conn = connect(source, key, read_only=True)
    try:
        cursor = conn.execute("SELECT * FROM audit ORDER BY id")
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor]
        head_row = conn.execute("SELECT value FROM settings WHERE key = 'audit_head'").fetchone()
    finally:
        conn.close()
    head = None
    if head_row:
        head_id, _, head_hash = head_row[0].partition(":")
        head = (int(head_id), head_hash)
    if audit.verify_chain(rows, head):
        raise DatabaseProblem("error.restore.audit_broken", path=str(source))


def own_backups(folder: Path, stem: str, zone: ZoneInfo) -> list[Path]:
    """The backups ``backup_into`` made of the database ``stem`` in ``folder``, oldest
    first: named STEM-backup-YYYYMMDD-HHMMSS[-N].db in local time, or, as before issue
    10, STEM-backup-YYYYMMDDTHHMMSSZ.db in UTC."""
    pattern = re.compile(
        rf"{re.escape(stem)}-{BACKUP_LABEL}-"
        r"(?:(?P<local>[0-9]{8}-[0-9]{6})(?:-(?P<number>[0-9]+))?|(?P<utc>[0-9]{8}T[0-9]{6})Z)"
        r"\.db"
    )
    found: list[tuple[dt.datetime, int, Path]] = []
    if not folder.is_dir():
        return []
    for path in folder.iterdir():
        match = pattern.fullmatch(path.name)
        if not match or not path.is_file():
            continue
        try:
            if match["utc"]:
                moment = dt.datetime.strptime(match["utc"], "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
            else:
                moment = dt.datetime.strptime(match["local"], _STAMP).replace(tzinfo=zone)
        except ValueError:
            continue  # named like one, but no moment: not a backup this tool made
        found.append((moment, int(match["number"] or 1), path))
    return [path for _, _, path in sorted(found)]


def quick_check(path: Path, key: str | None = None) -> bool:
    """SQLite's quick_check on a file, opened read-only (with ``key`` if encrypted);
    False for anything unreadable. A wrong key is said as such (``connect``)."""
    try:
        conn = connect(path, key, read_only=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)] and {"persons", "audit", "settings"} <= tables


# --- copies, encrypted or plain --------------------------------------------------------


def new_partial(folder: Path, name: str) -> Path:
    """A new, empty, owner-only file in ``folder`` under a hidden temporary name
    (``.NAME.….partial``), for a copy to be written and checked before it is named."""
    import secrets  # here: only a copy needs it, not every open of the store

    while True:
        partial = folder / f".{name}.{secrets.token_hex(4)}.partial"
        try:
            os.close(files.create_private_file(partial))
            return partial
        except FileExistsError:
            continue
        except OSError as exc:  # no permission, a read-only file system, a full disk
            raise files.cannot_write(folder / name, exc) from exc


def export(source: Path, source_key: str | None, target: Path, target_key: str) -> None:
    """Copy the database ``source`` into the empty file ``target`` with SQLCipher's
    ``sqlcipher_export``: encrypted with ``target_key``, or plain when it is empty. (The
    backup API copies pages under one key and cannot change a file's encryption.)"""
    conn = connect(source, source_key, cipher=True)
    try:
        conn.execute(f"ATTACH DATABASE {quoted(str(target))} AS converted KEY {quoted(target_key)}")
        conn.execute("SELECT sqlcipher_export('converted')")
        conn.execute("DETACH DATABASE converted")
    finally:
        conn.close()


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """The rows of every table of the database, by table."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        name: int(conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]) for name in names
    }


def schema_of(conn: sqlite3.Connection) -> list[Any]:
    """Every table, index, trigger and view of the database, as SQL."""
    return conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()


def second_name(path: Path) -> Path | None:
    """A hidden second name (a hard link) for ``path``, so that its bytes can still be
    overwritten once another file has taken its name; None where the file system has no
    hard links (FAT): the old file is then only unlinked."""
    import secrets

    aside = path.with_name(f".{path.name}.{secrets.token_hex(4)}.old")
    try:
        os.link(path, aside)
    except OSError:
        return None
    return aside


def erase(path: Path) -> None:
    """Overwrite the file's bytes with zeros, on disk, then remove it. (On an SSD or a
    copy-on-write file system the old blocks may survive: docs/security.md §6.)"""
    block = bytes(1 << 20)
    try:
        with path.open("r+b") as file:
            left = path.stat().st_size
            while left > 0:
                left -= file.write(block[: min(left, len(block))])
            file.flush()
            os.fsync(file.fileno())
    finally:
        path.unlink(missing_ok=True)


def plain_files(folder: Path) -> list[Path]:
    """The plain (unencrypted) databases in ``folder``."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.glob("*.db")
        if path.is_file() and path.stat().st_size > 0 and file_kind(path) == "plain"
    )
