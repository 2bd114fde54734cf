"""The file kept whole: the audit log read and verified, exports and bulk loads recorded,
backups made and restored through SQLite's backup API, and the counts of db info.

A backup is written under a temporary name (``.yuesong-PID-….partial``), checked, and
only then given its name, which never replaces a file; so a file named like a backup is a whole,
checked one, and one left half-written by a power cut is never taken for a backup (nor
counted, nor removed, by ``--keep``). Backups made in the backup folder are named
``STEM-backup-YYYYMMDD-HHMMSS.db`` in the database's own time zone, with ``-2``, ``-3``…
added when a backup of the same second is there already.

An encrypted file (docs/security.md §6) is backed up encrypted with its own key, and
restored only from a backup encrypted with it; it is made, re-keyed or copied out plain
through ``sqlcipher_export`` into a new file, checked before it takes the place of the
old one.

``db verify`` walks the audit log row by row (domain/audit.py ``ChainWalk``) with the
audit key, and compares what it says each record is now with every record there is
(store/records.py). A restore is prepared whole in a copy beside the database — the
backup's schema, its log and data verified, its continuation of this log checked, its
audit row written — and only then copied over the live file in one step of the backup
API, so the restore, its checks and its row land together or not at all
(docs/security.md §5, §10)."""

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
from yuesong_cli.store import records
from yuesong_cli.store.base import (
    DEFAULT_SETTINGS,
    StoreBase,
    check_permissions,
    connect,
    file_kind,
    quoted,
)
from yuesong_cli.store.clock import now_utc
from yuesong_cli.store.schema import MIGRATION_NAMES, MIGRATION_SET, tables_of
from yuesong_cli.system import files

BACKUP_LABEL = "backup"
_STAMP = "%Y%m%d-%H%M%S"
# The triggers that keep the log append-only (m003, m010): one gone is a sign of an edit.
AUDIT_GUARDS = (
    "audit_no_update",
    "audit_no_replace",
    "audit_no_delete",
    "audit_seal_no_update",
    "audit_seal_no_replace",
    "audit_seal_no_delete",
)


class IntegrityStore(StoreBase):
    """Audit log, verification, backup and restore, bulk loading, counts."""

    def audit_rows(self) -> list[dict[str, Any]]:
        return self._query("SELECT * FROM audit ORDER BY id")

    def verify(self) -> dict[str, list[str]]:
        """The problems of each check of ``verify_report``."""
        return self.verify_report().problems

    def verify_report(self) -> audit.VerifyReport:
        """SQLite's integrity and foreign-key checks; the audit log (its chain, head,
        keyed hashes and guards); and the data against the log: every record in the
        state the log left it in, and every photo under the SHA-256 of its bytes. A
        problem is ``kind:audit id`` for the log, ``kind:table:record id`` for the data:
        never a value. A file made by a newer version is not judged by this one."""
        if self.newer is not None:
            raise DatabaseProblem("error.db.newer", path=str(self.path), step=self.newer)
        problems: dict[str, list[str]] = {
            "integrity": [],
            "foreign_keys": [],
            "audit": [],
            "records": [],
        }
        for (line,) in self.conn.execute("PRAGMA integrity_check"):
            if line != "ok":
                problems["integrity"].append(str(line))
        if self.encrypted:
            # Each page's HMAC: a page changed by anyone without the key.
            for row in self.conn.execute("PRAGMA cipher_integrity_check"):
                problems["integrity"].append(str(row[0]))
        for row in self.conn.execute("PRAGMA foreign_key_check"):
            problems["foreign_keys"].append(f"{row[0]} rowid {row[1]} -> {row[2]}")
        walk = self._walk_log()
        problems["audit"] = [f"{p.kind}:{p.audit_id or ''}" for p in walk.problems]
        problems["audit"] += [f"guard_missing:{name}" for name in self._missing_guards()]
        problems["audit"] += self._recorded_keying_lost()
        found = audit.compare_states(walk.states, records.current_states(self.conn))
        problems["records"] = [f"{p.kind}:{p.table}:{p.record_id}" for p in found]
        problems["records"] += [
            f"changed:photos:{name[:12]}" for name in records.altered_photos(self.conn)
        ]
        return audit.VerifyReport(problems, walk.last, audit.keying(walk), walk.keyed_from)

    def _walk_log(self) -> audit.ChainWalk:
        """The log checked row by row with the audit key, a seal with its states."""
        walk = audit.ChainWalk(self.audit_key())
        cursor = self.conn.execute("SELECT * FROM audit ORDER BY id")
        names = [column[0] for column in cursor.description]
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            seal = None
            if audit.is_seal(row):
                seal = {
                    str(table): bytes(packed)
                    for table, packed in self.conn.execute(
                        "SELECT table_name, states FROM audit_seal WHERE audit_id = ?",
                        (row["id"],),
                    )
                }
            walk.add(row, seal)
        walk.end(self._audit_head(), require_rows=True)
        return walk

    # --- keying a plain file's log on purpose (docs/security.md §10) -----------------

    def _ledger_id(self) -> str | None:
        """The ledger's own number, from the note of its first row (``ledger=…``)."""
        found = self.conn.execute("SELECT note FROM audit WHERE id = 1").fetchone()
        note = str(found[0] or "") if found else ""
        return note.partition("ledger=")[2].split()[0] if "ledger=" in note else None

    def _recorded_keying_lost(self) -> list[str]:
        """With a plain file's key file: ``keys_removed`` when the key holder's record
        (system/auditkeys.py) says the log is keyed from a row that no longer carries
        the keyed hash recorded for it — the log was stripped of its keyed hashes."""
        if self.encrypted or self.audit_key() is None:
            return []
        from yuesong_cli.system import auditkeys

        for entry in auditkeys.recorded(self.path):
            found = self.conn.execute(
                "SELECT mac FROM audit WHERE id = ?", (int(entry.get("row") or 0),)
            ).fetchone()
            if found is None or found[0] != entry.get("mac"):
                return ["keys_removed:"]
        return []

    def key_log(self, reason: str, *, new: bool = False) -> tuple[int, bool]:
        """Key a plain file's log from a row of its own (``key_audit``, the reason its
        note) with the key file's key, and record it beside the key holder
        (system/auditkeys.py); with ``new``, key it with a new key file when the old one
        is lost (``key_audit_new``). Returns the row from which it is keyed and whether
        it was keyed already (then only recorded). Refused on an encrypted file (keyed
        by its key), without a key file, and on a log that fails ``db verify``: the row
        vouches for every row before it."""
        from yuesong_cli.system import auditkeys, keys

        if self.encrypted:
            raise Conflict("error.key_audit.encrypted", path=str(self.path))
        key = self.audit_key()
        if key is None:
            raise InvalidInput("error.key_audit.no_key_file", variable=keys.KEY_FILE)
        self.require_writable()
        report = self.verify_report()
        if report.keying == "other_key" and not new:
            raise Conflict("error.key_audit.other_key", variable=keys.KEY_FILE)
        # A new key is for a log whose key is lost: what the old key alone could check
        # is not held against it.
        excused = ("wrong_key", "rekeyed_other", "keys_removed") if new else ()
        left = [
            p for found in report.problems.values() for p in found
            if p.partition(":")[0] not in excused
        ]
        if left:
            raise DatabaseProblem("error.convert.unverified", path=str(self.path))
        if report.keying in ("keyed", "rekeyed"):
            if new:
                raise Conflict("error.key_audit.same_key", first=report.keyed_from)
            first = int(report.keyed_from or 0)
            auditkeys.remember(self._ledger_id(), self.path, first, self._mac_of(first))
            return first, True
        self._new_audit_key = True
        try:
            with self.transaction():
                self.audit("key_audit_new" if new else "key_audit", None, None, [], note=reason)
        finally:
            self._new_audit_key = False
        first = int((self._audit_head() or (0, ""))[0])
        auditkeys.remember(self._ledger_id(), self.path, first, self._mac_of(first))
        return first, False

    def _mac_of(self, audit_id: int) -> str:
        found = self.conn.execute("SELECT mac FROM audit WHERE id = ?", (audit_id,)).fetchone()
        return str(found[0]) if found else ""

    def _missing_guards(self) -> list[str]:
        present = {
            r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        return [name for name in AUDIT_GUARDS if name not in present]

    def audit_hash(self, audit_id: int) -> str | None:
        """The hash of audit row ``audit_id`` (None if there is none): what the officer
        noted on paper is checked against it (``db verify --expect``)."""
        found = self.conn.execute("SELECT hash FROM audit WHERE id = ?", (audit_id,)).fetchone()
        return str(found[0]) if found else None

    def record_export(self, what: str, path: Path, fields: Sequence[str], rows: int) -> None:
        """Audit an export: which listing, where to, which fields and how many rows (never
        the values). Called inside the transaction that writes the file, so an export
        that fails leaves no audit row and an audit row that fails leaves no export."""
        self.audit("export", what, None, fields, note=f"{path} rows={rows}")

    # --- bulk loading (the sample generator) ---------------------------------------

    BULK_TABLES = frozenset(
        {
            "zones",
            "grids",
            "persons",
            "status_history",
            "helpers",
            "team_members",
            "contacts",
            "contact_kinds",
            "contact_helpers",
            "photos",
            "contact_photos",
            "education_sessions",
            "support_records",
            "documents",
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
        # No audit row a record: the load's one row seals them all (docs/security.md §10).
        self._seal_pending = True
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    # --- backup and restore -------------------------------------------------------

    def backup(self, destination: Path) -> None:
        """Copy the live database with SQLite's online backup API into the new file
        ``destination`` (owner-only), checked; it never replaces a file."""
        self.check_recordable()
        if destination.exists():
            raise Conflict("error.backup.exists", path=str(destination))
        partial = self._checked_copy(destination.parent, destination.name)
        place_copy(partial, destination, "error.backup.exists")
        self._record_backup(destination)

    def backup_into(self, folder: Path, label: str = BACKUP_LABEL, *, record: bool = True) -> Path:
        """A checked backup in ``folder`` (which must exist) under a name of its own,
        ``STEM-LABEL-YYYYMMDD-HHMMSS.db`` in the database's time zone; a second backup
        in the same second takes ``…-2.db``, and so on. Returns its path. Without
        ``record`` (the safety copy of a damaged file, whose log cannot take a row) it
        is not recorded here, and only its pages are checked."""
        if record:
            self.check_recordable()
        local = now_utc().astimezone(ZoneInfo(self._zone_name()))
        stem = f"{self.path.stem}-{label}-{local.strftime(_STAMP)}"
        partial = self._checked_copy(folder, f"{stem}.db", whole=record)
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
        if record:
            self._record_backup(target)
        return target

    def check_recordable(self) -> None:
        """Refuse, before a file is written, an act whose audit row this file would
        refuse: a newer or damaged file, a keyed log without its key (store/base.py)."""
        self.require_writable()
        self._writing_key()

    def _zone_name(self) -> str:
        """The database's time zone; the default when its settings cannot be read."""
        try:
            return self.setting("timezone")
        except sqlite3.DatabaseError:
            return DEFAULT_SETTINGS["timezone"]

    def _checked_copy(self, folder: Path, name: str, *, whole: bool = True) -> Path:
        """The backup written to a new owner-only temporary file in ``folder`` and
        checked (with ``whole``, for the register's tables too); a copy that fails is
        removed. The copy of an encrypted file is encrypted with its key, page by page
        through the same backup API."""
        partial = new_partial(folder, name)
        try:
            target = connect(partial, self._key)
            try:
                self.conn.backup(target)
                # A backup is one self-contained file: no -wal beside it.
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            if not quick_check(partial, self._key, whole=whole):
                raise DatabaseProblem("error.backup.check_failed", path=str(folder / name))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return partial

    def _keyed(self) -> dict[str, str]:
        """The key argument of a check of a copy of this file: none for a plain file."""
        return {} if self._key is None else {"key": self._key}

    def _record_backup(self, path: Path) -> None:
        # Recorded once the copy is known good (so the copy itself does not hold it).
        with self.transaction():
            self.audit("backup", None, None, [], note=path.name)

    def remove_old_backups(self, folder: Path, keep: int) -> list[Path]:
        """Remove the oldest of this database's own backups in ``folder`` beyond the
        ``keep`` newest (files named as ``backup_into`` names them, nothing else: not
        the safety copies of a restore, not the officer's other files). Returns them,
        oldest first.

        Audited, one row naming the files, committed before any is removed: a process
        killed in between leaves backups the row calls removed (whole, checked ones),
        never a backup gone that no row names; they are still the oldest, so the next
        ``--keep`` removes them with a row of its own (docs/security.md §7)."""
        if keep < 1:
            raise ValueError("keep at least one backup")
        own = own_backups(folder, self.path.stem, ZoneInfo(self.setting("timezone")))
        removed = own[: max(len(own) - keep, 0)]
        if removed:
            with self.transaction():
                note = " ".join(path.name for path in removed)
                self.audit("backup_removed", None, None, [], note=note)
        for path in removed:
            path.unlink(missing_ok=True)
        return removed

    def restore(self, source: Path, folder: Path, reason: str | None = None) -> Path:
        """Replace the live contents with the backup ``source``; returns the safety copy
        of the data as it was, made in ``folder`` first.

        Refused, before anything is written: a backup missing, readable by others,
        damaged, encrypted otherwise than this file (``check_backup_file``); made by a
        newer version or lacking a table (``check_backup_schema``); whose log fails its
        chain or does not explain its data (``verify_report`` of the prepared copy);
        whose log does not continue this one's — another database's, or one rebuilt from
        its first row — unless ``reason`` says why (``--force --reason``), which its
        audit row keeps. The copy is prepared beside the database (migrated, checked,
        its ``restore`` row written) and copied over the live file in one step of the
        backup API: all of it, or nothing."""
        repair = self.newer is not None or self.missing_table is not None
        if not repair:
            self.check_recordable()
        check_backup_file(source, **self._keyed())
        check_backup_schema(source, **self._keyed())
        prepared = new_partial(self.path.parent, self.path.name)
        restored: IntegrityStore | None = None
        try:
            self._copy_into(source, prepared)
            restored = IntegrityStore(
                prepared,
                key=lambda: self._key or "",
                actor=self._actor,
                audit_secret=self._audit_secret,
            )
            shared = self._check_restorable(restored, source, reason)
            files.private_folder(folder)
            safety = self.backup_into(folder, "before-restore", record=not repair)
            note = f"{source.name} before={safety.name} shared={shared}"
            with restored.transaction():
                # The kept state is no record, and the checks above do not judge it: it
                # is worked out again from the restored records when next read
                # (docs/model.md "Kept state").
                for table in ("derived_parts", "derived_stale"):
                    restored.conn.execute(f"DELETE FROM {table}")
                restored.audit("restore", None, None, [], note=_forced(note, reason))
            self._take_contents(restored, safety, recorded=not repair)
        finally:
            if restored is not None:
                restored.close()
            for leftover in (prepared, Path(f"{prepared}-wal"), Path(f"{prepared}-shm")):
                leftover.unlink(missing_ok=True)
        return safety

    def _copy_into(self, source: Path, target: Path) -> None:
        """The backup copied into the new file ``target`` through the backup API (an
        encrypted one page by page under this file's key)."""
        origin = connect(source, self._key, read_only=True)
        try:
            copy = connect(target, self._key)
            try:
                origin.backup(copy)
            finally:
                copy.close()
        finally:
            origin.close()

    def _check_restorable(self, restored: IntegrityStore, source: Path, reason: str | None) -> int:
        """Refuse a prepared copy whose file, log or data fail ``verify_report``, or
        whose log does not continue this one's without a ``reason``. Returns how many
        rows the two logs share."""
        report = restored.verify_report()
        if report.problems["integrity"]:
            raise DatabaseProblem("error.restore.damaged", path=str(source))
        # The log first: rows cut from it also leave its seals' states without a row.
        if report.problems["audit"]:
            raise DatabaseProblem("error.restore.audit_broken", path=str(source))
        if report.problems["records"]:
            _, table, record_id = report.problems["records"][0].split(":")
            raise DatabaseProblem(
                "error.restore.unexplained", path=str(source), table=table, id=record_id
            )
        if report.problems["foreign_keys"]:
            raise DatabaseProblem("error.restore.damaged", path=str(source))
        shared = shared_rows(self.conn, restored.conn)
        if shared == 0 and reason is None:
            raise Conflict("error.restore.not_continuation", path=str(source))
        restored.check_recordable()  # its restore row can be written: said before a copy
        return shared

    def _take_contents(self, restored: IntegrityStore, safety: Path, *, recorded: bool) -> None:
        """The prepared copy over the live file, in one step of the backup API (one
        write transaction of the live file: all pages or none). A safety copy that no
        log names is removed if this fails."""
        try:
            restored.conn.backup(self.conn)
        except BaseException:
            if not recorded:
                safety.unlink(missing_ok=True)
            raise
        self._db = None
        self._check_schema()

    # --- encryption (docs/security.md §6) --------------------------------------------

    def encrypt(self, key: str) -> None:
        """Encrypt the file in place with ``key`` (``_replace_with_copy``)."""
        if self.encrypted:
            raise Conflict("error.db.already_encrypted", path=str(self.path))
        self._replace_with_copy(key, "encrypt")

    def _check_before_conversion(self) -> None:
        """Refuse to convert a file that fails ``verify_report``: the conversion's row,
        under the new key, would vouch for everything before it."""
        self.check_recordable()
        if self.verify_report().failed:
            raise DatabaseProblem("error.convert.unverified", path=str(self.path))

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
        self._check_before_conversion()
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
        self._audit_key = None  # derived from the new key from now on
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
                # The first row under the new key: it vouches for the log before it.
                copy._new_audit_key = True
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
        checked), for a deliberate use, audited with ``reason``. As an export is
        (docs/security.md §7): written and checked under a temporary name, its audit row
        committed, and only then given its name, so that no plain copy exists which the
        audit does not name; a kill in between leaves a temporary file the next start
        removes."""
        if not self.encrypted:
            raise Conflict("error.db.not_encrypted", path=str(self.path))
        if destination.exists():
            raise Conflict("error.decrypt.exists", path=str(destination))
        partial = new_partial(destination.parent, destination.name)
        try:
            export(self.path, self._key, partial, "")
            if not quick_check(partial):
                raise DatabaseProblem("error.backup.check_failed", path=str(destination))
            with self.transaction():
                self.audit("decrypt", None, None, [], note=f"{destination} {reason}")
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        place_copy(partial, destination, "error.decrypt.exists")

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
    other way round. (Its log and data are checked once it is prepared: ``restore``.)"""
    if not source.is_file():
        raise NotFound("error.backup.missing", path=str(source))
    check_permissions(source)
    kind = file_kind(source)
    if kind == "plain" and key is not None:
        raise DatabaseProblem("error.restore.plain_backup", path=str(source))
    if kind == "encrypted" and key is None:
        raise DatabaseProblem("error.restore.encrypted_backup", path=str(source))
    if not quick_check(source, key):
        raise DatabaseProblem("error.restore.damaged", path=str(source))


def check_backup_schema(source: Path, key: str | None = None) -> None:
    """Refuse a backup made by a newer version (a migration step this one does not
    know), or lacking a table that a step it records made. An older backup is taken:
    its pending steps are applied to the prepared copy."""
    conn = connect(source, key, read_only=True)
    try:
        applied = [
            str(row[0])
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,)
            )
        ]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem("error.restore.damaged", path=str(source)) from exc
    finally:
        conn.close()
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown:
        raise DatabaseProblem("error.restore.newer", path=str(source), step=unknown[0])
    missing = sorted(tables_of(set(applied)) - tables)
    if not applied or missing:
        table = missing[0] if missing else "_sqlite_migrations"
        raise DatabaseProblem("error.restore.schema", path=str(source), table=table)


def shared_rows(live: sqlite3.Connection, other: sqlite3.Connection) -> int:
    """How many rows, from the first, two audit logs have in common (same id, same
    hash): 0 for logs of two databases, or a log rebuilt from its first row."""

    def hashes(conn: sqlite3.Connection) -> Iterable[tuple[int, str]]:
        try:
            yield from conn.execute("SELECT id, hash FROM audit ORDER BY id")
        except sqlite3.DatabaseError:
            return  # a damaged live file's log, which nothing continues

    shared = 0
    for mine, theirs in zip(hashes(live), hashes(other), strict=False):
        if tuple(mine) != tuple(theirs):
            break
        shared += 1
    return shared


def _forced(note: str, reason: str | None) -> str:
    """A restore's note, with the reason given for one forced past the check that it
    continues this log."""
    return f"{note} forced: {reason}" if reason else note


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


def quick_check(path: Path, key: str | None = None, *, whole: bool = True) -> bool:
    """SQLite's quick_check on a file, opened read-only (with ``key`` if encrypted),
    and with ``whole`` the register's own tables; False for anything unreadable. A
    wrong key is said as such (``connect``)."""
    try:
        conn = connect(path, key, read_only=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)] and (not whole or {"persons", "audit", "settings"} <= tables)


# --- copies, encrypted or plain --------------------------------------------------------


def new_partial(folder: Path, name: str) -> Path:
    """A new, empty, owner-only file in ``folder`` under a temporary name of ours, with
    this process's number (``.yuesong-PID-….partial``, system/files.py), for a copy to
    be written and checked before it is named ``name``: one a crash leaves behind is
    removed at the next start (docs/security.md §7)."""
    try:
        partial, descriptor = files.new_temporary(folder, ".partial")
    except OSError as exc:  # no permission, a read-only file system, a full disk
        raise files.cannot_write(folder / name, exc) from exc
    os.close(descriptor)
    return partial


def place_copy(partial: Path, destination: Path, exists: str) -> None:
    """Give the checked copy ``partial`` the name ``destination``, never over a file
    (``Conflict`` with the message key ``exists`` then, for one made meanwhile), and make
    the name durable; the temporary name is gone either way."""
    try:
        files.place_new(partial, destination)
    except FileExistsError as exc:
        raise Conflict(exists, path=str(destination)) from exc
    finally:
        partial.unlink(missing_ok=True)
    files.sync_folder(destination.parent)


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
