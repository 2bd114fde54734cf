"""Contacts with a person (their kinds, helpers and photos) and breaches of the agreement."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from yuesong_cli.domain.contacts import ContactCheck, Subject, TypedContact, check_contact
from yuesong_cli.domain.dates import stored_date
from yuesong_cli.domain.photos import PHOTO_ID_LENGTH, Photo
from yuesong_cli.domain.vocab import KIND_BITS
from yuesong_cli.errors import InvalidInput, NotFound
from yuesong_cli.store.base import StoreBase
from yuesong_cli.store.clock import timestamp
from yuesong_cli.store.plans import rule_from_row
from yuesong_cli.store.sql import gather_histories

if TYPE_CHECKING:  # the whole store: persons, their plans and the helpers
    from yuesong_cli.store.db import Store


def new_record_id(table: str) -> str:
    """SQL for the id of a new row of ``table``: past every id its voided rows had, which
    SQLite would otherwise give again (it takes the largest id in the table, plus one),
    so that an id in the audit log or the corrections archive names one record only."""
    return (
        f"(SELECT max(COALESCE((SELECT max(id) FROM {table}), 0),"
        " COALESCE((SELECT max(record_id) FROM corrections"
        f" WHERE table_name = '{table}'), 0)) + 1)"
    )


def record_to_correct(
    store: StoreBase, table: str, columns: tuple[str, ...], record_id: int, unknown: str
) -> dict[str, Any]:
    """The record of ``table`` numbered ``record_id`` as it stands (``columns``), about to
    be corrected: NotFound (``unknown``) if there is none, refused if its person's file
    was purged. Shared by every part of the store that voids a record."""
    rows = store._query(
        f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", [record_id]
    )
    if not rows:
        raise NotFound(unknown, id=record_id)
    record = rows[0]
    store._refuse_purged(record["person_id"])
    return record


def archive_record(
    store: StoreBase, table: str, record: dict[str, Any], action: str, reason: str, day: dt.date
) -> int:
    """Keep ``record`` as it stood in the corrections table; inside the transaction of the
    correction, with its audit row (the fields kept, never their values). A function, so
    that every part of the store that corrects a record (contacts and breaches here,
    status entries in store/persons.py) archives alike."""
    cursor = store.conn.execute(
        "INSERT INTO corrections (table_name, record_id, person_id, action, original,"
        " reason, corrected_on, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            table,
            record["id"],
            record["person_id"],
            action,
            json.dumps(record, ensure_ascii=False, sort_keys=True),
            reason,
            day.isoformat(),
            timestamp(),
        ),
    )
    correction_id = int(cursor.lastrowid or 0)
    kept = [f"original.{name}" for name, value in record.items() if value not in (None, [], {})]
    store.audit(
        "insert",
        "corrections",
        correction_id,
        [*kept, "action", "reason", "record_id"],
        note=f"{action} {table} {record['id']}",
    )
    return correction_id


def contact_subjects(store: Store, person_ids: Iterable[int]) -> dict[int, Subject]:
    """What a contact with each of these persons is checked against
    (domain/contacts.py ``check_contact``): the day registered, the status history and
    the rules of the plan; in a few queries for all of them, as an import of a
    township's contacts asks. A person not registered is left out."""
    wanted = json.dumps(sorted(set(person_ids)))
    persons = store.conn.execute(
        "SELECT id, registered_on, plan FROM persons"
        " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (wanted,),
    ).fetchall()
    histories = gather_histories(
        store.conn.execute(
            "SELECT person_id, id, status, since, until, doc_no FROM status_history"
            " WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY person_id, since, id",
            (wanted,),
        ),
        (row[0] for row in persons),
    )
    rules = {
        plan: tuple(rule_from_row(row) for row in store.plan_rule_rows(plan))
        for plan in {row[2] for row in persons}
    }
    return {
        person_id: Subject(
            dt.date.fromisoformat(registered), tuple(histories[person_id]), rules[plan]
        )
        for person_id, registered, plan in persons
    }


def retired_days(store: StoreBase, helper_ids: Iterable[int]) -> dict[int, dt.date | None]:
    """The day each of these helpers retired (None: still helping), which a contact
    naming them is checked against (domain/teams.py ``check_contact_helper``)."""
    wanted = json.dumps(sorted(set(helper_ids)))
    return {
        int(row[0]): stored_date(row[1])
        for row in store.conn.execute(
            "SELECT id, retired_on FROM helpers WHERE id IN (SELECT value FROM json_each(?))",
            (wanted,),
        )
    }


def contact_check(
    store: Store, person_id: int, contact: TypedContact, today: dt.date
) -> ContactCheck:
    """``check_contact`` of a contact with one person, fed from the register: what
    ``log`` and ``contact amend`` ask before they write."""
    subject = contact_subjects(store, [person_id])[person_id]
    return check_contact(contact, subject, retired_days(store, contact.helper_ids), today)


@dataclass(frozen=True)
class NewContact:
    person_id: int
    happened_on: dt.date
    kinds: Sequence[str]
    mode: str
    helper_ids: Sequence[int] = ()
    place: str | None = None
    note: str | None = None
    urine_result: str | None = None
    substance: str | None = None
    photos: Sequence[Photo] = ()


class ContactStore(StoreBase):
    """Contacts and breaches."""

    # --- contacts -----------------------------------------------------------------

    def add_contact(self, contact: NewContact) -> int:
        self._refuse_purged(contact.person_id)
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO contacts (id, person_id, happened_on, entered_at, mode, place,"
                f" note, urine_result, substance) VALUES ({new_record_id('contacts')},"
                " ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    contact.person_id,
                    contact.happened_on.isoformat(),
                    timestamp(),
                    contact.mode,
                    contact.place,
                    contact.note,
                    contact.urine_result,
                    contact.substance,
                ),
            )
            contact_id = int(cursor.lastrowid or 0)
            for photo in contact.photos:
                self._keep_photo(photo)
            self._insert_contact_parts(
                contact_id,
                contact.kinds,
                contact.helper_ids,
                [photo.sha256 for photo in contact.photos],
            )
            fields = ["person_id", "happened_on", "mode", "kinds"]
            fields += [
                name
                for name in ("place", "note", "urine_result", "substance")
                if getattr(contact, name)
            ]
            if contact.helper_ids:
                fields.append("helpers")
            if contact.photos:
                fields.append("photos")
            self.audit("insert", "contacts", contact_id, fields)
        return contact_id

    def _insert_contact_parts(
        self,
        contact_id: int,
        kinds: Iterable[str],
        helper_ids: Iterable[int],
        photos: Iterable[str],
    ) -> None:
        """A contact's kinds, helpers and photos (by SHA-256, the photos themselves in
        place already): the one writer of them, for a contact entered and one received
        with a person's file (store/transfers.py)."""
        self.conn.executemany(
            "INSERT INTO contact_kinds (contact_id, kind) VALUES (?, ?)",
            [(contact_id, kind) for kind in kinds],
        )
        self.conn.executemany(
            "INSERT INTO contact_helpers (contact_id, helper_id) VALUES (?, ?)",
            [(contact_id, helper_id) for helper_id in helper_ids],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO contact_photos (contact_id, sha256) VALUES (?, ?)",
            [(contact_id, sha256) for sha256 in photos],
        )

    def contacts(
        self,
        person_id: int,
        limit: int | None = None,
        span: tuple[dt.date, dt.date] | None = None,
    ) -> list[dict[str, Any]]:
        """A person's contacts as the file shows them, newest first; only those of the
        days ``span`` holds (first and last included) if given."""
        first, last = span or (dt.date.min, dt.date.max)
        sql = """
            SELECT c.id, c.happened_on, c.entered_at, c.mode, c.place, c.note,
                   c.urine_result, c.substance,
                   (SELECT group_concat(kind, ',') FROM (
                        SELECT kind FROM contact_kinds WHERE contact_id = c.id
                        ORDER BY CASE kind WHEN 'meet' THEN 1 WHEN 'talk' THEN 2
                            WHEN 'visit' THEN 3 WHEN 'report' THEN 4 ELSE 5 END)) AS kinds,
                   (SELECT group_concat(h.name, '、') FROM contact_helpers ch
                        JOIN helpers h ON h.id = ch.helper_id
                        WHERE ch.contact_id = c.id) AS helpers,
                   (SELECT COUNT(*) FROM contact_photos cp WHERE cp.contact_id = c.id)
                        AS photos
            FROM contacts c
            WHERE c.person_id = ? AND c.happened_on BETWEEN ? AND ?
            ORDER BY c.happened_on DESC, c.id DESC
        """
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._query(sql, [person_id, first.isoformat(), last.isoformat()])

    # --- corrections ----------------------------------------------------------------

    # The columns of a contact an archive keeps, besides its kinds, helpers and photos.
    CONTACT_COLUMNS = (
        "id", "person_id", "happened_on", "entered_at", "mode", "place", "note",
        "urine_result", "substance",
    )  # fmt: skip

    def contact_record(self, contact_id: int) -> dict[str, Any]:
        """One contact whole, as a correction archives it: its columns, ``kinds`` (a
        list), ``helper_ids`` and ``photos`` (SHA-256). NotFound
        (``error.contact.unknown``) if there is none of that id."""
        rows = self._query(
            f"SELECT {', '.join(self.CONTACT_COLUMNS)} FROM contacts WHERE id = ?",
            [contact_id],
        )
        if not rows:
            raise NotFound("error.contact.unknown", id=contact_id)
        record = rows[0]
        record["kinds"] = [
            row[0]
            for row in self.conn.execute(
                "SELECT kind FROM contact_kinds WHERE contact_id = ? ORDER BY kind", (contact_id,)
            )
        ]
        record["helper_ids"] = [
            row[0]
            for row in self.conn.execute(
                "SELECT helper_id FROM contact_helpers WHERE contact_id = ? ORDER BY helper_id",
                (contact_id,),
            )
        ]
        record["photos"] = [
            row[0]
            for row in self.conn.execute(
                "SELECT sha256 FROM contact_photos WHERE contact_id = ? ORDER BY sha256",
                (contact_id,),
            )
        ]
        return record

    def void_contact(self, contact_id: int, reason: str, day: dt.date) -> int:
        """Move a contact out of the live tables into the corrections archive, whole,
        in one transaction: what it kept is owed again at once. Returns the correction's
        id; NotFound (``error.contact.unknown``) if there is no such contact."""
        with self.transaction():
            record = self.contact_record(contact_id)
            self._refuse_purged(record["person_id"])
            correction_id = archive_record(self, "contacts", record, "void", reason, day)
            for table in ("contact_kinds", "contact_helpers", "contact_photos"):
                self.conn.execute(f"DELETE FROM {table} WHERE contact_id = ?", (contact_id,))
            self.conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
            fields = [name for name, value in record.items() if value not in (None, [])]
            self.audit("void", "contacts", contact_id, fields, note=f"correction {correction_id}")
        return correction_id

    # The columns of a breach an archive keeps: all of them.
    BREACH_COLUMNS = ("id", "person_id", "happened_on", "kind", "days_away", "note", "entered_at")

    def void_breach(self, breach_id: int, reason: str, day: dt.date) -> dict[str, Any]:
        """Move a recorded breach out of the breaches table into the corrections archive,
        whole, in one transaction: the count and the alerts follow at once. Returns the
        breach as it stood; NotFound (``error.breach.unknown``) if there is none of that
        number (a test refused or not come to is a contact: ``void_contact``)."""
        with self.transaction():
            record = record_to_correct(
                self, "breaches", self.BREACH_COLUMNS, breach_id, "error.breach.unknown"
            )
            correction_id = archive_record(self, "breaches", record, "void", reason, day)
            self.conn.execute("DELETE FROM breaches WHERE id = ?", (breach_id,))
            fields = [name for name, value in record.items() if value is not None]
            self.audit("void", "breaches", breach_id, fields, note=f"correction {correction_id}")
        return record

    def amend_contact(
        self, contact_id: int, amended: dict[str, Any], reason: str, day: dt.date
    ) -> int:
        """Change a contact's ``amended`` fields (domain/contacts.py AMENDABLE: the
        contact as it is to stand) in place, the contact as it stood archived first, in
        one transaction; its kinds' bits follow by the triggers of m005. Returns the
        correction's id; NotFound (``error.contact.unknown``) if there is no such
        contact."""
        with self.transaction():
            record = self.contact_record(contact_id)
            self._refuse_purged(record["person_id"])
            correction_id = archive_record(self, "contacts", record, "amend", reason, day)
            changed = []
            for name in ("happened_on", "mode", "urine_result", "substance", "place", "note"):
                value = amended[name]
                value = value.isoformat() if isinstance(value, dt.date) else value
                if value != record[name]:
                    self.conn.execute(
                        f"UPDATE contacts SET {name} = ? WHERE id = ?", (value, contact_id)
                    )
                    changed.append(name)
            kinds = set(amended["kinds"])
            if kinds != set(record["kinds"]):
                self.conn.executemany(
                    "DELETE FROM contact_kinds WHERE contact_id = ? AND kind = ?",
                    [(contact_id, k) for k in set(record["kinds"]) - kinds],
                )
                self.conn.executemany(
                    "INSERT INTO contact_kinds (contact_id, kind) VALUES (?, ?)",
                    [(contact_id, k) for k in sorted(kinds - set(record["kinds"]))],
                )
                changed.append("kinds")
            self.audit("amend", "contacts", contact_id, changed, note=f"correction {correction_id}")
        return correction_id

    def corrections(self, table: str, record_id: int) -> list[dict[str, Any]]:
        """The corrections of one record, oldest first, ``original`` read back."""
        rows = self._query(
            "SELECT id, action, original, reason, corrected_on, entered_at FROM corrections"
            " WHERE table_name = ? AND record_id = ? ORDER BY id",
            [table, record_id],
        )
        for row in rows:
            row["original"] = json.loads(row["original"])
        return rows

    # --- photos ---------------------------------------------------------------------

    # Enough of a photo's bytes to read its size in pixels from its headers (a JPEG's
    # frame header follows its EXIF block, up to 64 KB, and any colour profile).
    PHOTO_HEAD_BYTES = 256 * 1024

    def person_photos(self, person_id: int) -> list[dict[str, Any]]:
        """A person's photos, one row for each contact a photo is kept with, newest
        contact first: sha256, contact_id, happened_on, kinds, mode, media_type, size
        (bytes) and head (the first PHOTO_HEAD_BYTES, never the whole photo)."""
        return self._query(
            """
            SELECT p.sha256, c.id AS contact_id, c.happened_on, c.mode,
                   (SELECT group_concat(kind, ',') FROM (
                        SELECT kind FROM contact_kinds WHERE contact_id = c.id
                        ORDER BY CASE kind WHEN 'meet' THEN 1 WHEN 'talk' THEN 2
                            WHEN 'visit' THEN 3 WHEN 'report' THEN 4 ELSE 5 END)) AS kinds,
                   p.media_type, p.size, substr(p.data, 1, :head) AS head
            FROM contact_photos cp
            JOIN contacts c ON c.id = cp.contact_id
            JOIN photos p ON p.sha256 = cp.sha256
            WHERE c.person_id = :p
            ORDER BY c.happened_on DESC, c.id DESC, p.sha256
            """,
            {"p": person_id, "head": self.PHOTO_HEAD_BYTES},
        )

    def photo(self, prefix: str) -> dict[str, Any]:
        """The photo whose SHA-256 starts with ``prefix`` (lower-case hexadecimal):
        sha256, media_type, data, and the case number and day of the first contact it
        is kept with. NotFound (``error.photo.unknown``) if none does, InvalidInput
        (``error.photo.ambiguous``) if several do."""
        rows = self._query(
            """
            SELECT p.sha256, p.media_type, p.data,
                   (SELECT pe.case_no FROM contact_photos cp
                        JOIN contacts c ON c.id = cp.contact_id
                        JOIN persons pe ON pe.id = c.person_id
                        WHERE cp.sha256 = p.sha256
                        ORDER BY c.happened_on, c.id LIMIT 1) AS case_no,
                   (SELECT min(c.happened_on) FROM contact_photos cp
                        JOIN contacts c ON c.id = cp.contact_id
                        WHERE cp.sha256 = p.sha256) AS happened_on
            FROM photos p
            WHERE substr(p.sha256, 1, length(:prefix)) = :prefix
            LIMIT 2
            """,
            {"prefix": prefix},
        )
        if not rows:
            raise NotFound("error.photo.unknown", id=prefix)
        if len(rows) > 1:
            raise InvalidInput("error.photo.ambiguous", id=prefix, length=PHOTO_ID_LENGTH)
        return rows[0]

    # --- breaches -------------------------------------------------------------------

    def add_breach(
        self,
        person_id: int,
        day: dt.date,
        kind: str,
        days_away: int | None,
        note: str | None,
    ) -> int:
        self._check_person(person_id)
        self._refuse_purged(person_id)
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO breaches (id, person_id, happened_on, kind, days_away, note,"
                f" entered_at) VALUES ({new_record_id('breaches')}, ?, ?, ?, ?, ?, ?)",
                (person_id, day.isoformat(), kind, days_away, note, timestamp()),
            )
            breach_id = int(cursor.lastrowid or 0)
            fields = ["person_id", "happened_on", "kind"]
            fields += [name for name, value in (("days_away", days_away), ("note", note)) if value]
            self.audit("insert", "breaches", breach_id, fields)
        return breach_id

    def breach_rows(
        self, person_id: int, span: tuple[dt.date, dt.date] | None = None
    ) -> list[dict[str, Any]]:
        """A person's breaches: those recorded and the urine tests refused or not come
        to (which are breaches by themselves), oldest first; only those of the days
        ``span`` holds if given. A recorded breach of the same day and kind as a test is
        that test, counted once. ``id`` is a recorded breach's number (what ``breach
        void`` takes); None for a test, which is a contact."""
        first, last = span or (dt.date.min, dt.date.max)
        return self._query(
            """
            SELECT happened_on, kind, days_away, note, 'recorded' AS source, id
            FROM breaches
            WHERE person_id = :p AND happened_on BETWEEN :first AND :last
            UNION ALL
            SELECT c.happened_on,
                   CASE c.urine_result WHEN 'refused' THEN 'refused_test'
                        ELSE 'absent_test' END,
                   NULL, NULL, 'test', NULL
            FROM contacts c
            WHERE c.person_id = :p AND c.urine_result IN ('refused', 'absent')
              AND c.happened_on BETWEEN :first AND :last
              AND (c.kind_mask & :urine) != 0
              AND NOT EXISTS (
                SELECT 1 FROM breaches b WHERE b.person_id = :p
                  AND b.happened_on = c.happened_on
                  AND b.kind = CASE c.urine_result WHEN 'refused' THEN 'refused_test'
                               ELSE 'absent_test' END)
            ORDER BY 1, 2, 6
            """,
            {
                "p": person_id,
                "urine": KIND_BITS["urine"],
                "first": first.isoformat(),
                "last": last.isoformat(),
            },
        )
