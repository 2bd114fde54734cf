"""Files past their retention anonymised (docs/security.md §9): who is due is the
domain's answer (domain/retention.py), asked again inside the write transaction; each
change is written through the store's own writers with its audit row, so the audit log
explains every row as it now stands."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from yuesong_cli.domain.retention import (
    BREACH_CLEARED,
    CONTACT_CLEARED,
    CORRECTION_CLEARED,
    DOCUMENT_CLEARED,
    STATUS_CLEARED,
    SUPPORT_CLEARED,
    DuePurge,
    anonymised_original,
    anonymised_person,
    changed,
    document_pseudonyms,
    due_for_purge,
)
from yuesong_cli.store.contacts import ContactStore
from yuesong_cli.store.persons import PersonStore
from yuesong_cli.store.sql import gather_histories


class PurgeStore(PersonStore, ContactStore):
    """Files past their retention: which are due, and anonymising them."""

    def purge_due(self, today: dt.date, closed_before: dt.date) -> list[DuePurge]:
        """The files not yet purged whose supervision ended before ``closed_before`` and
        is still ended on ``today`` (domain/retention.py ``due_for_purge``)."""
        persons = [
            (int(row[0]), str(row[1]))
            for row in self.conn.execute(
                "SELECT id, case_no FROM persons WHERE purged_on IS NULL ORDER BY id"
            )
        ]
        histories = gather_histories(
            self.conn.execute(
                "SELECT h.person_id, h.id, h.status, h.since, h.until, h.doc_no"
                " FROM status_history h JOIN persons p ON p.id = h.person_id"
                " WHERE p.purged_on IS NULL ORDER BY h.person_id, h.since, h.id"
            ),
            (person_id for person_id, _ in persons),
        )
        return due_for_purge(persons, histories, today, closed_before)

    def purge_files(self, today: dt.date, closed_before: dt.date) -> list[DuePurge]:
        """Anonymise every file due (``purge_due``, decided inside the transaction), in
        one transaction: each row changed with its audit row, and one row for the run
        (the day asked and the case numbers; nothing personal). SQLite overwrites what
        it frees with zeros meanwhile (``secure_delete``); ``compact`` afterwards leaves
        no page of the old values in the file. Returns the files purged."""
        with self._secure_delete(), self.transaction():
            due = self.purge_due(today, closed_before)
            for item in due:
                self._purge_file(item.person_id, today)
            if due:
                self.audit(
                    "purge",
                    "persons",
                    None,
                    [],
                    note=f"closed_before={closed_before.isoformat()} persons={len(due)}"
                    f" cases={','.join(item.case_no for item in due)}",
                )
        return due

    def compact(self) -> bool:
        """Rebuild the file without its free pages (``VACUUM``) and empty the -wal into
        it, so the bytes of values a purge removed are nowhere in the file. False when
        another connection kept the -wal from being emptied (it is, at its next
        checkpoint)."""
        self.conn.execute("VACUUM")
        busy, _, _ = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy

    @contextlib.contextmanager
    def _secure_delete(self) -> Iterator[None]:
        (before,) = self.conn.execute("PRAGMA secure_delete").fetchone()
        self.conn.execute("PRAGMA secure_delete = ON")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA secure_delete = {int(before)}")

    # --- one file ---------------------------------------------------------------------

    def _purge_file(self, person_id: int, day: dt.date) -> None:
        """Anonymise one person's file and everything recorded of them; inside the
        purge's transaction."""
        person = self.person(person_id)
        pseudonyms = document_pseudonyms(self.status_history(person_id))
        self._update_person(person_id, anonymised_person(person, day))
        self._purge_status_entries(person_id, pseudonyms)
        scans = [
            str(sha256)
            for (sha256,) in self.conn.execute(
                "SELECT scan_sha256 FROM documents WHERE person_id = ? AND scan_sha256 IS NOT NULL",
                (person_id,),
            )
        ]
        self._purge_contacts(person_id)
        self._purge_rows("breaches", person_id, BREACH_CLEARED)
        self._purge_rows("documents", person_id, DOCUMENT_CLEARED)
        self._purge_rows("support_records", person_id, SUPPORT_CLEARED)
        self._drop_photos(scans)
        self._purge_corrections(person_id, pseudonyms)

    def _drop_photos(self, photos: Sequence[str]) -> None:
        """The photos of ``photos`` that nothing keeps any more (a contact, a document's
        scan, an education session) deleted: photos are stored once per content."""
        self.conn.executemany(
            "DELETE FROM photos WHERE sha256 = ?"
            " AND NOT EXISTS (SELECT 1 FROM contact_photos cp WHERE cp.sha256 = photos.sha256)"
            " AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.scan_sha256 = photos.sha256)"
            " AND NOT EXISTS (SELECT 1 FROM education_sessions e"
            " WHERE e.photo_sha256 = photos.sha256)",
            [(sha256,) for sha256 in photos],
        )

    def _write(self, table: str, record_id: int, changes: Mapping[str, Any]) -> None:
        """Changed columns of one row, with its audit row (fields, never values)."""
        if not changes:
            return
        assignments = ", ".join(f"{name} = :{name}" for name in changes)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE id = :record_id",
            {**changes, "record_id": record_id},
        )
        self.audit("update", table, record_id, list(changes))

    def _purge_rows(self, table: str, person_id: int, cleared: Mapping[str, Any]) -> None:
        columns = ", ".join(["id", *cleared])
        for row in self._query(f"SELECT {columns} FROM {table} WHERE person_id = ?", [person_id]):
            self._write(table, row["id"], changed(row, cleared))

    def _purge_status_entries(self, person_id: int, pseudonyms: Mapping[str, str]) -> None:
        for row in self._query(
            "SELECT id, doc_no, reason FROM status_history WHERE person_id = ?", [person_id]
        ):
            changes = changed(row, STATUS_CLEARED)
            if row["doc_no"]:
                changes["doc_no"] = pseudonyms[row["doc_no"]]
            self._write("status_history", row["id"], changes)

    def _purge_contacts(self, person_id: int) -> None:
        """Each contact's place, note and substance emptied and its photos taken off; a
        photo no other contact keeps is deleted (photos are stored once per content)."""
        photos = [
            str(row[0])
            for row in self.conn.execute(
                "SELECT DISTINCT cp.sha256 FROM contact_photos cp"
                " JOIN contacts c ON c.id = cp.contact_id WHERE c.person_id = ?",
                (person_id,),
            )
        ]
        for row in self._query(
            "SELECT c.id, c.place, c.note, c.substance,"
            " EXISTS (SELECT 1 FROM contact_photos cp WHERE cp.contact_id = c.id) AS photos"
            " FROM contacts c WHERE c.person_id = ?",
            [person_id],
        ):
            changes = changed(row, CONTACT_CLEARED)
            if changes:
                assignments = ", ".join(f"{name} = :{name}" for name in changes)
                self.conn.execute(
                    f"UPDATE contacts SET {assignments} WHERE id = :record_id",
                    {**changes, "record_id": row["id"]},
                )
            if row["photos"]:
                self.conn.execute("DELETE FROM contact_photos WHERE contact_id = ?", (row["id"],))
            fields = [*changes, *(["photos"] if row["photos"] else [])]
            if fields:
                self.audit("update", "contacts", row["id"], fields)
        self._drop_photos(photos)

    def _purge_corrections(self, person_id: int, pseudonyms: dict[str, str]) -> None:
        """The records archived by corrections of the person's entries, scrubbed as the
        live ones are, and the officer's reasons replaced."""
        for row in self._query(
            "SELECT id, table_name, original, reason FROM corrections WHERE person_id = ?",
            [person_id],
        ):
            original = json.loads(row["original"])
            scrubbed = anonymised_original(row["table_name"], original, pseudonyms)
            changes = changed(row, CORRECTION_CLEARED)
            if scrubbed != original:
                changes["original"] = json.dumps(scrubbed, ensure_ascii=False, sort_keys=True)
            self._write("corrections", row["id"], changes)
