"""The file kept whole: the audit log read and verified, exports and bulk loads recorded,
backups made and restored through SQLite's backup API, and the counts of db info."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from yuesong_cli.domain import audit
from yuesong_cli.errors import Conflict, DatabaseProblem, NotFound
from yuesong_cli.store.base import StoreBase, check_permissions, migration_steps


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
        """Copy the live database with SQLite's online backup API into a new 0600 file,
        then check the copy; a copy that fails the check is removed."""
        if destination.exists():
            raise Conflict("error.backup.exists", path=str(destination))
        os.close(os.open(destination, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        try:
            target = sqlite3.connect(str(destination))
            try:
                self.conn.backup(target)
                # A backup is one self-contained file: no -wal beside it.
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            if not quick_check(destination):
                raise DatabaseProblem("error.backup.check_failed", path=str(destination))
        except BaseException:
            destination.unlink(missing_ok=True)
            raise
        # Recorded once the copy is known good (so the copy itself does not hold it).
        with self.transaction():
            self.audit("backup", None, None, [], note=destination.name)

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
