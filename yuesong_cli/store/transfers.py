"""A person's whole file sent to another township, and received from one (docs/domain.md
"Transfers"): the rows a package carries, read from the register; the sending side's
record of it (the person moved out, the package's hash); the receiving side's
registration of the person with their history under new numbers, the old case number
kept, one audit row a record written."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from yuesong_cli.domain.dates import stored_date
from yuesong_cli.domain.lifecycle import StatusDecision, status_decision
from yuesong_cli.domain.names import name_initials, name_pinyin
from yuesong_cli.domain.obligations import DEFAULT_PLAN
from yuesong_cli.domain.statuses import StatusEntry, status_on
from yuesong_cli.domain.vocab import CLOSED_STATUSES
from yuesong_cli.errors import Conflict, InvalidInput
from yuesong_cli.store.clock import timestamp
from yuesong_cli.store.contacts import ContactStore, new_record_id
from yuesong_cli.store.persons import PersonStore

# The tables of a package, parents first: a person's rows, and the helpers and photos
# their team and contacts name. Each is carried whole, its columns as they stand.
PACKAGE_TABLES = (
    "persons",
    "status_history",
    "helpers",
    "team_members",
    "contacts",
    "contact_kinds",
    "contact_helpers",
    "photos",
    "contact_photos",
    "breaches",
    "corrections",
    "documents",
    "support_records",
)
# What names the person's rows of each table (the contacts' parts: their contact).
_OF_PERSON = {
    "persons": "id = :person",
    "status_history": "person_id = :person",
    "team_members": "person_id = :person",
    "contacts": "person_id = :person",
    "breaches": "person_id = :person",
    "corrections": "person_id = :person",
    "documents": "person_id = :person",
    "support_records": "person_id = :person",
    "helpers": "id IN (SELECT helper_id FROM team_members WHERE person_id = :person"
    " UNION SELECT h.helper_id FROM contact_helpers h JOIN contacts c ON c.id = h.contact_id"
    " WHERE c.person_id = :person)",
    "contact_kinds": "contact_id IN (SELECT id FROM contacts WHERE person_id = :person)",
    "contact_helpers": "contact_id IN (SELECT id FROM contacts WHERE person_id = :person)",
    "contact_photos": "contact_id IN (SELECT id FROM contacts WHERE person_id = :person)",
    "photos": "sha256 IN (SELECT p.sha256 FROM contact_photos p JOIN contacts c"
    " ON c.id = p.contact_id WHERE c.person_id = :person"
    " UNION SELECT scan_sha256 FROM documents WHERE person_id = :person)",
}
# Columns the receiving township works out for itself rather than take.
_DERIVED = {"contacts": ("kind_mask",)}
# A person's fields that name places and plans of the sending township, which the
# receiving one does not have: left for its officer to fill in.
_LOCAL_FIELDS = ("village", "village_group", "grid", "zone")

# A file's fields a decision writes (domain/lifecycle.py ``StatusDecision``).
_DECISION_FIELDS = ("decision_doc", "decision_date", "term_start", "term_end")

Table = tuple[list[str], list[tuple[Any, ...]]]


class Received(NamedTuple):
    """A package received: the person's number and case number here, their case number
    at the sending township when they came back to their own file here (None for a new
    file), and the rows written per table."""

    person_id: int
    case_no: str
    returned_from: str | None
    written: dict[str, int]


class TransferStore(PersonStore, ContactStore):
    """Transfers between townships."""

    def package_rows(self, person_id: int) -> dict[str, Table]:
        """Every row of the person's file, table by table (columns, rows)."""
        self._refuse_purged(person_id)
        found: dict[str, Table] = {}
        for table in PACKAGE_TABLES:
            cursor = self.conn.execute(
                f"SELECT * FROM {table} WHERE {_OF_PERSON[table]}", {"person": person_id}
            )
            columns = [column[0] for column in cursor.description]
            found[table] = (columns, [tuple(row) for row in cursor])
        return found

    def record_transfer_out(
        self, person_id: int, day: dt.date, today: dt.date, township: str, sha256: str
    ) -> int:
        """The person moved out on ``day`` to ``township`` (a status entry the lifecycle
        decides), and the package written for them; inside the caller's transaction.
        Returns the status entry's number."""
        decision = self._moving_out(person_id, day, today)
        entry_id = self._insert_status(
            person_id, "moved_out", decision.entry.since, None, None, f"transfer:{sha256[:16]}"
        )
        self._insert_transfer(person_id, "out", township, None, sha256, day)
        return entry_id

    def check_moving_out(self, person_id: int, day: dt.date, today: dt.date) -> None:
        """Refuse, before any package is written, a person who cannot be recorded as
        moved out on ``day``: the lifecycle's reason, or a record of theirs here dated
        after it (a contact, a breach, a team change, a status entry)."""
        self._refuse_purged(person_id)
        (last,) = self.conn.execute(
            "SELECT max(day) FROM (SELECT max(happened_on) AS day FROM contacts"
            " WHERE person_id = :p UNION ALL SELECT max(happened_on) FROM breaches"
            " WHERE person_id = :p UNION ALL SELECT max(since) FROM team_members"
            " WHERE person_id = :p UNION ALL SELECT max(since) FROM status_history"
            " WHERE person_id = :p)",
            {"p": person_id},
        ).fetchone()
        if last is not None and last > day.isoformat():
            raise InvalidInput("error.transfer.before_records", day=last)
        self._moving_out(person_id, day, today)

    def _moving_out(self, person_id: int, day: dt.date, today: dt.date) -> StatusDecision:
        """What the lifecycle decides of the person moving out on ``day``."""
        return status_decision(
            self.status_history(person_id),
            "moved_out",
            day,
            today=today,
            born=stored_date(self.person(person_id)["birth_date"]),
        )

    def transfer_received(self, sha256: str) -> bool:
        """Whether the package of this hash was received already."""
        return (
            self.conn.execute(
                "SELECT 1 FROM transfers WHERE direction = 'in' AND package_sha256 = ?", (sha256,)
            ).fetchone()
            is not None
        )

    def receive_transfer(
        self,
        tables: Mapping[str, Table],
        township: str,
        sha256: str,
        day: dt.date,
    ) -> Received:
        """Register the person of a package with their history, in one transaction: a
        new case number (the old one kept with the transfer), every row under a new
        number, the sending township's helpers as helpers retired on ``day`` (their
        history stays theirs), their places and grid left to be filled in, one audit row
        a record. A person coming back to this township is taken back into the file they
        left (``_receive_return``). Refused: the same package twice, a person whose
        document the register holds already."""
        with self.transaction():
            if self.transfer_received(sha256):
                raise Conflict("error.transfer.twice")
            (person,) = _rows(tables["persons"])
            old_case_no = str(person["case_no"])
            returning = self._moved_out_holder(person)
            if returning is not None:
                return self._receive_return(returning, tables, township, sha256, day)
            (person_id,) = self.conn.execute(
                "SELECT COALESCE(MAX(id), 0) + 1 FROM persons"
            ).fetchone()
            self._check_document_free(person, None)
            case_no = self._new_case_no(person_id)
            plans = {key for (key,) in self.conn.execute("SELECT key FROM plans")}
            row = {key: value for key, value in person.items() if key not in ("id",)}
            row.update(
                id=person_id,
                case_no=case_no,
                name_pinyin=name_pinyin(str(person["name"])),
                name_initials=name_initials(str(person["name"])),
                created_at=timestamp(),
                **dict.fromkeys(_LOCAL_FIELDS),
            )
            if row.get("plan") not in plans:
                row["plan"] = DEFAULT_PLAN.key
            # What was owed before the move was the other township's to count: here the
            # obligations count from the day they moved (docs/model.md "Supervision").
            if not row.get("history_from") or str(row["history_from"]) < day.isoformat():
                row["history_from"] = day.isoformat()
            self._insert_row("persons", row)
            renumbered: dict[str, dict[int, int]] = {
                "status_history": {},
                "contacts": {},
                "breaches": {},
            }
            for entry in _rows(tables["status_history"]):
                renumbered["status_history"][int(entry["id"])] = self._insert_row(
                    "status_history", {**entry, "id": "new", "person_id": person_id}
                )
            taken = self._take_records(person_id, tables, day, renumbered, township, held=False)
            taken["status_history"] = len(tables["status_history"][1])
            self._insert_transfer(person_id, "in", township, old_case_no, sha256, day)
        return Received(person_id, case_no, None, taken)

    def _receive_return(
        self,
        person_id: int,
        tables: Mapping[str, Table],
        township: str,
        sha256: str,
        day: dt.date,
    ) -> Received:
        """A person who moved out from here coming back (docs/domain.md "Transfers"),
        inside the caller's transaction: the file they left is theirs again. What the
        package holds that this file does not (the contacts, tests, breaches, photos and
        corrections of the time away, the other township's helpers as retired ones) is
        added under new numbers; what it holds that came from here is known row for row
        and not added twice. The status in force there comes back as one entry on the
        day they moved back, the term going on; the other township's status entries of
        the time away stay in its register, as that time is its to count. The file's
        case number, places and team are this township's, and stay."""
        history = self.status_history(person_id)
        if not history or history[-1].status != "moved_out":
            raise Conflict("error.transfer.returned_already", case_no=self._case_no(person_id))
        if day < history[-1].since:
            raise InvalidInput("error.transfer.before_records", day=history[-1].since)
        (person,) = _rows(tables["persons"])
        there = status_on(
            [
                StatusEntry(
                    int(entry["id"]),
                    str(entry["status"]),
                    dt.date.fromisoformat(str(entry["since"])),
                    stored_date(entry["until"]),
                    entry["doc_no"],
                )
                for entry in _rows(tables["status_history"])
            ],
            day,
        )
        if there is None or there.status in CLOSED_STATUSES:
            raise InvalidInput("error.transfer.format")
        used = {entry.doc_no for entry in history if entry.doc_no}
        doc_no = there.doc_no if there.doc_no not in used else None
        self._insert_status(
            person_id, there.status, day, there.until, doc_no, f"transfer:{sha256[:16]}"
        )
        if doc_no is not None:
            # A decision taken there: the file's decision and term are the package's.
            self._update_person(person_id, {name: person.get(name) for name in _DECISION_FIELDS})
        renumbered: dict[str, dict[int, int]] = {
            "status_history": {},
            "contacts": {},
            "breaches": {},
        }
        taken = self._take_records(person_id, tables, day, renumbered, township, held=True)
        taken["status_history"] = 1
        self._insert_transfer(person_id, "in", township, str(person["case_no"]), sha256, day)
        return Received(person_id, self._case_no(person_id), str(person["case_no"]), taken)

    def _document_back(self, person_id: int, document: Mapping[str, Any]) -> bool:
        """Whether ``document`` is one of the person's own here, come back (the same
        kind, day issued and entry); the signature and sending it was given away are
        written onto it. Inside the caller's transaction."""
        found = self.conn.execute(
            "SELECT id, signed_on, scan_sha256, sent_to, sent_on FROM documents"
            " WHERE person_id = ? AND kind = ? AND issued_on = ? AND entered_at = ?",
            (person_id, document["kind"], document["issued_on"], document["entered_at"]),
        ).fetchone()
        if found is None:
            return False
        changes: dict[str, Any] = {}
        if found[1] is None and document.get("signed_on"):
            changes |= {
                "signed_on": document["signed_on"],
                "scan_sha256": document.get("scan_sha256"),
            }
        if found[4] is None and document.get("sent_on"):
            changes |= {"sent_to": document["sent_to"], "sent_on": document["sent_on"]}
        if changes:
            assignments = ", ".join(f"{name} = :{name}" for name in changes)
            self.conn.execute(
                f"UPDATE documents SET {assignments} WHERE id = :id", {**changes, "id": found[0]}
            )
            self.audit("update", "documents", int(found[0]), sorted(changes))
        return True

    def _case_no(self, person_id: int) -> str:
        (case_no,) = self.conn.execute(
            "SELECT case_no FROM persons WHERE id = ?", (person_id,)
        ).fetchone()
        return str(case_no)

    def _take_records(
        self,
        person_id: int,
        tables: Mapping[str, Table],
        day: dt.date,
        renumbered: dict[str, dict[int, int]],
        township: str,
        *,
        held: bool,
    ) -> dict[str, int]:
        """Write the package's helpers, team memberships, photos, contacts, breaches
        and corrections for ``person_id`` under new numbers; ``renumbered`` maps the
        package's numbers to this register's, table by table, and is filled in. With
        ``held``, the file is this township's own: a row it holds already (the same in
        every field but its numbers) is mapped to it, not written again, and any helper
        of this township may be the package's one. Returns the rows written per table."""
        written = dict.fromkeys(
            ("contacts", "breaches", "photos", "corrections", "documents", "support_records"), 0
        )
        helpers: dict[int, int] = {}
        for helper in _rows(tables["helpers"]):
            # A helper the package names who is one of this register's (the same name,
            # role and phone) is taken again, not added twice: one of this township's
            # own when the file is, else one a package brought before.
            known = self.conn.execute(
                "SELECT id FROM helpers WHERE name = ? AND role = ? AND phone IS ?"
                + ("" if held else " AND retired_on IS NOT NULL")
                + " ORDER BY retired_on IS NOT NULL, id",
                (helper["name"], helper["role"], helper.get("phone")),
            ).fetchone()
            helpers[int(helper["id"])] = (
                int(known[0])
                if known is not None
                else self._insert_row(
                    "helpers",
                    {
                        **helper,
                        "id": None,
                        "retired_on": helper.get("retired_on") or day.isoformat(),
                    },
                )
            )
        members = _held(self.conn, "team_members", person_id, ("helper_id", "role", "since"), held)
        for member in _rows(tables["team_members"]):
            helper_id = helpers[int(member["helper_id"])]
            if _take(members, (helper_id, member["role"], member["since"])) is not None:
                continue
            until = member.get("until") or day.isoformat()
            self._insert_row(
                "team_members",
                {
                    **member,
                    "id": None,
                    "person_id": person_id,
                    "helper_id": helper_id,
                    "until": min(until, day.isoformat()),
                },
            )
        for photo in _rows(tables["photos"]):
            cursor = self.conn.execute(
                "INSERT OR IGNORE INTO photos (sha256, media_type, size, data, created_at)"
                " VALUES (:sha256, :media_type, :size, :data, :created_at)",
                photo,
            )
            written["photos"] += cursor.rowcount
        kinds = _by_contact(tables["contact_kinds"])
        named = _by_contact(tables["contact_helpers"])
        pictures = _by_contact(tables["contact_photos"])
        contact_columns = [
            column
            for column in tables["contacts"][0]
            if column not in ("id", "person_id", *_DERIVED["contacts"])
        ]
        here = _held(self.conn, "contacts", person_id, contact_columns, held)
        for contact in _rows(tables["contacts"]):
            old = int(contact["id"])
            values = {key: contact[key] for key in ("id", "person_id", *contact_columns)}
            found = _take(here, tuple(contact[column] for column in contact_columns))
            if found is not None:
                renumbered["contacts"][old] = found
                continue
            new = renumbered["contacts"][old] = self._insert_row(
                "contacts", {**values, "id": "new", "person_id": person_id}, audit=False
            )
            self._insert_contact_parts(
                new,
                [part["kind"] for part in kinds.get(old, [])],
                [helpers[int(part["helper_id"])] for part in named.get(old, [])],
                [part["sha256"] for part in pictures.get(old, [])],
            )
            # Audited whole, with its kinds, helpers and photos.
            self.audit("insert", "contacts", new, sorted(values))
            written["contacts"] += 1
        breach_columns = [c for c in tables["breaches"][0] if c not in ("id", "person_id")]
        here = _held(self.conn, "breaches", person_id, breach_columns, held)
        for breach in _rows(tables["breaches"]):
            found = _take(here, tuple(breach[column] for column in breach_columns))
            if found is None:
                found = self._insert_row(
                    "breaches", {**breach, "id": "new", "person_id": person_id}
                )
                written["breaches"] += 1
            renumbered["breaches"][int(breach["id"])] = found
        # The corrections archive: an amended record under its new number, a voided
        # one under a number of its own here (past every other, as a void's is); the
        # original row is kept as the sending township archived it.
        archived = ("table_name", "action", "original", "reason", "corrected_on", "entered_at")
        here = _held(self.conn, "corrections", person_id, archived, held)
        for correction in _rows(tables["corrections"]):
            if _take(here, tuple(correction[column] for column in archived)) is not None:
                continue
            table = str(correction["table_name"])
            record = renumbered[table].get(int(correction["record_id"]))
            if record is None:
                (record,) = self.conn.execute(f"SELECT {new_record_id(table)}").fetchone()
            self._insert_row(
                "corrections",
                {**correction, "id": None, "person_id": person_id, "record_id": record},
            )
            written["corrections"] += 1
        # The register of documents: a talk's record names its contact by its new number
        # (a contact voided since, by a number of its own, as a void's is); a number the
        # register here holds already keeps the sending township's name after it. Back
        # in its own file, a document that went away and came back is the same one (its
        # kind, day and entry): what was done to it there (signed, sent) is taken over.
        for document in _rows(tables["documents"]):
            if held and self._document_back(person_id, document):
                continue
            linked = document.get("contact_id")
            written_up: int | None = None
            if linked is not None:
                written_up = renumbered["contacts"].get(int(linked))
                if written_up is None:
                    (written_up,) = self.conn.execute(
                        f"SELECT {new_record_id('contacts')}"
                    ).fetchone()
            doc_no = str(document["doc_no"])
            if self.conn.execute("SELECT 1 FROM documents WHERE doc_no = ?", (doc_no,)).fetchone():
                doc_no = f"{doc_no}（{township}）"
            self._insert_row(
                "documents",
                {
                    **document,
                    "id": None,
                    "person_id": person_id,
                    "doc_no": doc_no,
                    "contact_id": written_up,
                },
            )
            written["documents"] += 1
        columns = [c for c in tables["support_records"][0] if c not in ("id", "person_id")]
        here = _held(self.conn, "support_records", person_id, columns, held)
        for support in _rows(tables["support_records"]):
            if _take(here, tuple(support[column] for column in columns)) is not None:
                continue
            self._insert_row("support_records", {**support, "id": None, "person_id": person_id})
            written["support_records"] += 1
        return written

    def _moved_out_holder(self, person: Mapping[str, Any]) -> int | None:
        """The number of this township's own file of the person, when they moved
        out from here and now come back (their document is the same)."""
        found = self.conn.execute(
            "SELECT p.id FROM persons p JOIN transfers t ON t.person_id = p.id"
            " WHERE t.direction = 'out' AND ((p.id_number IS NOT NULL AND p.id_number = ?)"
            " OR (p.passport_no IS NOT NULL AND p.passport_no = ? AND p.nationality = ?))",
            (person.get("id_number"), person.get("passport_no"), person.get("nationality")),
        ).fetchone()
        return None if found is None else int(found[0])

    def transfers_of(self, person_id: int) -> list[dict[str, Any]]:
        """A person's transfers, oldest first."""
        return self._query(
            "SELECT direction, township, old_case_no, package_sha256, on_day FROM transfers"
            " WHERE person_id = ? ORDER BY id",
            [person_id],
        )

    def _insert_transfer(
        self,
        person_id: int,
        direction: str,
        township: str,
        old_case_no: str | None,
        sha256: str,
        day: dt.date,
    ) -> None:
        cursor = self.conn.execute(
            "INSERT INTO transfers (person_id, direction, township, old_case_no,"
            " package_sha256, on_day, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (person_id, direction, township, old_case_no, sha256, day.isoformat(), timestamp()),
        )
        self.audit(
            "insert",
            "transfers",
            int(cursor.lastrowid or 0),
            ["person_id", "direction", "township", "package_sha256", "on_day"]
            + (["old_case_no"] if old_case_no else []),
        )

    def _insert_row(self, table: str, row: Mapping[str, Any], *, audit: bool = True) -> int:
        """Insert ``row`` into ``table`` (an id of None: SQLite's next; ``"new"``: past
        every voided one too, store/contacts.py ``new_record_id``) with its audit row,
        naming the fields that hold a value; returns the row's id."""
        values = {key: value for key, value in row.items() if key != "id"}
        columns = list(values)
        id_sql = ""
        if row.get("id") == "new":
            id_sql = new_record_id(table)
        elif row.get("id") is not None:
            values["id"] = row["id"]
            columns.append("id")
        names = ", ".join(columns + (["id"] if id_sql else []))
        marks = ", ".join([f":{column}" for column in columns] + ([id_sql] if id_sql else []))
        cursor = self.conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)
        found = int(row["id"]) if isinstance(row.get("id"), int) else int(cursor.lastrowid or 0)
        if audit:
            fields = [key for key, value in values.items() if key != "id" and value is not None]
            self.audit("insert", table, found, sorted(fields))
        return found


def _held(
    conn: sqlite3.Connection, table: str, person_id: int, columns: Sequence[str], held: bool
) -> dict[tuple[Any, ...], list[int]]:
    """The person's rows of ``table`` here, by their values in ``columns`` (each value
    once per row that has it): what a package brings that is here already. Nothing
    unless the file is this township's own (``held``)."""
    if not held:
        return {}
    names = ", ".join(columns)
    found: dict[tuple[Any, ...], list[int]] = {}
    for row in conn.execute(
        f"SELECT {names}, id FROM {table} WHERE person_id = ? ORDER BY id", (person_id,)
    ):
        found.setdefault(tuple(row[:-1]), []).append(int(row[-1]))
    return found


def _take(held: dict[tuple[Any, ...], list[int]], key: tuple[Any, ...]) -> int | None:
    """The number of a row here with these values, used once; None when there is none."""
    rows = held.get(key)
    return rows.pop(0) if rows else None


def _rows(table: Table) -> list[dict[str, Any]]:
    columns, rows = table
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _by_contact(table: Table) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(table):
        found.setdefault(int(row["contact_id"]), []).append(row)
    return found
