"""The register of the documents issued to persons (docs/domain.md "Documents"): each
with its own number, the day issued and the reason it was printed, the template it was
filled from, the day signed with the scan kept as a photo, and to whom and when it was
sent. One audit row a change; a document's printing audited as a reveal is, its reason
with it (docs/security.md §2)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from yuesong_cli.domain.photos import Photo
from yuesong_cli.errors import Conflict, InvalidInput, NotFound
from yuesong_cli.store.base import StoreBase
from yuesong_cli.store.clock import timestamp

# The word of each kind in its number (岳禁〔2026〕协字第 001 号).
NUMBER_WORDS = {
    "agreement": "协",
    "notice": "告",
    "release": "解",
    "evaluation": "评",
    "record": "记",
}


# What a document shows of a person unmasked (docs/security.md §2), beside the number
# of the identity document the person holds.
REVEALED = ("name", "birth_date", "phone", "current_address", "household_address")


_NUMBER = re.compile(r"([0-9]+)号")


def document_number(township: str, kind: str, year: int, number: int) -> str:
    """A document's number: the township's name without 乡/镇, 禁, the year, the kind's
    word, the count of the year: 岳宋禁〔2026〕协字第054号."""
    short = township[:-1] if len(township) > 1 and township[-1] in "乡镇" else township
    return f"{short}禁〔{year}〕{NUMBER_WORDS[kind]}字第{number:03d}号"


class DocumentStore(StoreBase):
    """Documents issued to persons."""

    def documents_from(self) -> dt.date | None:
        """The first day the register of documents is kept: the setting, else the day
        the file first had the register (its migration step's day)."""
        setting = self.setting("documents_from")
        if setting:
            return dt.date.fromisoformat(setting)
        found = self.conn.execute(
            "SELECT applied_at FROM _sqlite_migrations WHERE name = 'm015_paperwork'"
        ).fetchone()
        return dt.date.fromisoformat(str(found[0])[:10]) if found and found[0] else None

    def next_doc_no(self, kind: str, day: dt.date) -> str:
        """The number the next document of ``kind`` issued in ``day``'s year takes: one
        past the highest of this township's own numbers of that kind and year (a number
        a transfer brought keeps the other township's name, and is never counted)."""
        prefix = document_number(self.setting("township"), kind, day.year, 0)[: -len("000号")]
        highest = 0
        for (doc_no,) in self.conn.execute(
            "SELECT doc_no FROM documents WHERE substr(doc_no, 1, ?) = ?", (len(prefix), prefix)
        ):
            found = _NUMBER.fullmatch(str(doc_no)[len(prefix) :])
            if found:
                highest = max(highest, int(found[1]))
        return document_number(self.setting("township"), kind, day.year, highest + 1)

    def add_document(
        self,
        person_id: int,
        kind: str,
        day: dt.date,
        reason: str,
        template: str,
        contact_id: int | None = None,
    ) -> tuple[int, str]:
        """Enter a document issued today in the register under its own number, audited
        as a reveal (the reason with it: it carries full names and ID numbers); returns
        its id and number. The number is taken inside the write transaction."""
        self._check_person(person_id)
        self._refuse_purged(person_id)
        with self.transaction():
            doc_no = self.next_doc_no(kind, day)
            cursor = self.conn.execute(
                "INSERT INTO documents (person_id, kind, doc_no, contact_id, issued_on,"
                " reason, template, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    person_id,
                    kind,
                    doc_no,
                    contact_id,
                    day.isoformat(),
                    reason,
                    template,
                    timestamp(),
                ),
            )
            document_id = int(cursor.lastrowid or 0)
            fields = ["person_id", "kind", "doc_no", "issued_on", "reason", "template"]
            fields += ["contact_id"] if contact_id else []
            self.audit("insert", "documents", document_id, fields)
            # Printed whole: as a reveal of what a document carries, with its reason.
            (id_number, passport_no) = self.conn.execute(
                "SELECT id_number, passport_no FROM persons WHERE id = ?", (person_id,)
            ).fetchone()
            held = [
                name
                for name, value in (("id_number", id_number), ("passport_no", passport_no))
                if value
            ]
            self.audit("reveal", "persons", person_id, [*REVEALED, *held], note=reason)
        return document_id, doc_no

    def document(self, document_id: int) -> dict[str, Any]:
        """One document of the register; NotFound (``error.doc.unknown``)."""
        rows = self._query("SELECT * FROM documents WHERE id = ?", (document_id,))
        if not rows:
            raise NotFound("error.doc.unknown", id=document_id)
        return rows[0]

    def documents_of(self, person_id: int | None) -> list[dict[str, Any]]:
        """The documents of a person (or of everyone), oldest first."""
        where, params = ("WHERE d.person_id = ?", [person_id]) if person_id else ("", [])
        return self._query(
            "SELECT d.id, d.person_id, p.case_no, p.name, d.kind, d.doc_no, d.issued_on,"
            " d.signed_on, d.scan_sha256, d.sent_to, d.sent_on, d.contact_id, d.reason"
            f" FROM documents d JOIN persons p ON p.id = d.person_id {where}"
            " ORDER BY d.issued_on, d.id",
            params,
        )

    def sign_document(self, document_id: int, day: dt.date, scan: Photo | None) -> None:
        """Record the day a document was signed, its signed scan kept as a photo.
        Refused: one signed already, a day before it was issued."""
        with self.transaction():
            if scan is not None:
                self._keep_photo(scan)
            self._complete(
                document_id,
                day,
                "signed_on",
                "error.doc.signed_already",
                {"signed_on": day.isoformat(), "scan_sha256": scan.sha256 if scan else None},
            )

    def send_document(self, document_id: int, to: str, day: dt.date) -> None:
        """Record to whom and on which day a document was sent. Refused: one sent
        already, a day before it was issued."""
        with self.transaction():
            self._complete(
                document_id,
                day,
                "sent_on",
                "error.doc.sent_already",
                {"sent_to": to, "sent_on": day.isoformat()},
            )

    def _complete(
        self,
        document_id: int,
        day: dt.date,
        done: str,
        refusal: str,
        changes: dict[str, str | None],
    ) -> None:
        """Write ``changes`` (what was done to a document on ``day``) with its audit row,
        inside the caller's transaction. Refused: a file anonymised, ``done`` recorded
        already (``refusal``), a day before the document was issued."""
        found = self.document(document_id)
        self._refuse_purged(int(found["person_id"]))
        if found[done]:
            raise Conflict(refusal, id=document_id, day=found[done])
        if day.isoformat() < found["issued_on"]:
            raise InvalidInput("error.doc.before_issued", day=found["issued_on"])
        assignments = ", ".join(f"{name} = :{name}" for name in changes)
        self.conn.execute(
            f"UPDATE documents SET {assignments} WHERE id = :id", {**changes, "id": document_id}
        )
        fields = [name for name, value in changes.items() if value is not None]
        self.audit("update", "documents", document_id, fields)

    def person_tests(self, person_id: int) -> list[dict[str, Any]]:
        """A person's drug tests (the urine results of their contacts), oldest first."""
        return self._query(
            "SELECT happened_on, urine_result AS result FROM contacts WHERE person_id = ?"
            " AND urine_result IS NOT NULL ORDER BY happened_on, id",
            (person_id,),
        )

    def contact_for_document(self, contact_id: int) -> dict[str, Any] | None:
        """A contact as its record is written: its fields, its kinds and the names of
        the helpers who took part; None when there is none of that number."""
        rows = self._query("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        if not rows:
            return None
        found = rows[0]
        found["kinds"] = [
            kind
            for (kind,) in self.conn.execute(
                "SELECT kind FROM contact_kinds WHERE contact_id = ? ORDER BY kind", (contact_id,)
            )
        ]
        found["helpers"] = [
            name
            for (name,) in self.conn.execute(
                "SELECT h.name FROM contact_helpers x JOIN helpers h ON h.id = x.helper_id"
                " WHERE x.contact_id = ? ORDER BY h.name",
                (contact_id,),
            )
        ]
        return found

    def document_facts(
        self, person_ids: list[int] | None = None
    ) -> dict[int, list[dict[str, Any]]]:
        """Per person, what the document alerts read of their register: kind, issued,
        signed, sent."""
        only = "" if person_ids is None else " WHERE person_id IN (SELECT value FROM json_each(?))"
        params: list[Any] = [] if person_ids is None else [json.dumps(person_ids)]
        found: dict[int, list[dict[str, Any]]] = {}
        for row in self._query(
            "SELECT person_id, kind, issued_on, signed_on, sent_on FROM documents"
            + only
            + " ORDER BY issued_on, id",
            params,
        ):
            found.setdefault(int(row["person_id"]), []).append(row)
        return found
