"""The file kept whole: the audit log read and verified, exports and bulk loads recorded,
backups made and restored through SQLite's backup API, and the counts of db info.

A backup is written under a temporary name (``.NAME.partial``), checked, and only then
given its name, which never replaces a file; so a file named like a backup is a whole,
checked one, and one left half-written by a power cut is never taken for a backup (nor
counted, nor removed, by ``--keep``). Backups made in the backup folder are named
``STEM-backup-YYYYMMDD-HHMMSS.db`` in the database's own time zone, with ``-2``, ``-3``…
added when a backup of the same second is there already."""

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
from yuesong_cli.errors import Conflict, DatabaseProblem, NotFound
from yuesong_cli.store.base import StoreBase, check_permissions, migration_steps
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
        checked; a copy that fails is removed."""
        while True:
            import secrets  # here: only a backup needs it, not every open of the store

            partial = folder / f".{name}.{secrets.token_hex(4)}.partial"
            try:
                os.close(files.create_private_file(partial))
                break
            except FileExistsError:
                continue
            except OSError as exc:  # no permission, a read-only file system, a full disk
                raise files.cannot_write(folder / name, exc) from exc
        try:
            target = sqlite3.connect(str(partial))
            try:
                self.conn.backup(target)
                # A backup is one self-contained file: no -wal beside it.
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            if not quick_check(partial):
                raise DatabaseProblem("error.backup.check_failed", path=str(folder / name))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return partial

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
        check_backup_file(source)
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            origin.backup(self.conn)
        finally:
            origin.close()
        if self._schema_outdated():
            with self.transaction():
                migration_steps().apply(self.db)
        with self.transaction():
            self.audit("restore", None, None, [], note=source.name)

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


def check_backup_file(source: Path) -> None:
    """Refuse a backup that is missing, readable by others, damaged or not ours."""
    if not source.is_file():
        raise NotFound("error.backup.missing", path=str(source))
    check_permissions(source)
    if not quick_check(source):
        raise DatabaseProblem("error.restore.damaged", path=str(source))
    # A backup whose audit log was edited or cut is no record to go back to.
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
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


def quick_check(path: Path) -> bool:
    """SQLite's quick_check on a file, opened read-only; False for anything unreadable."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)] and {"persons", "audit", "settings"} <= tables
