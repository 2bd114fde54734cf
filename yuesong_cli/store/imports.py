"""Writing an imported register: the persons, or the past contacts, of a checked file in
one transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from yuesong_cli.domain.imports import ContactRecord, Record, contact_signature
from yuesong_cli.store.contacts import NewContact
from yuesong_cli.store.persons import PersonStore

if TYPE_CHECKING:  # the whole store: persons, their contacts and the audit
    from yuesong_cli.store.db import Store

# SQLite's limit on the parameters of one statement is 32766 from 3.32 on; the numbers are
# asked in slices well below it.
_SLICE = 500


def persons_by_id_number(store: PersonStore, numbers: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The register's files of the persons holding these ID numbers, by number, each
    with ``status_entries``: the (status, since) of every entry of its history."""
    wanted = sorted(set(numbers))
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), _SLICE):
        part = wanted[start : start + _SLICE]
        marks = ", ".join("?" for _ in part)
        cursor = store.conn.execute(f"SELECT * FROM persons WHERE id_number IN ({marks})", part)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            person = dict(zip(names, row, strict=True))
            person["status_entries"] = set()
            found[person["id_number"]] = person
        by_id = {person["id"]: person for person in found.values()}
        for person_id, status, since in store.conn.execute(
            "SELECT person_id, status, since FROM status_history"
            f" WHERE person_id IN (SELECT id FROM persons WHERE id_number IN ({marks}))",
            part,
        ):
            by_id[person_id]["status_entries"].add((status, since))
    return found


def register_imported(
    store: PersonStore, records: Sequence[Record], summary: Mapping[str, Any]
) -> list[str]:
    """Register ``records`` through the register's own path (one audit row each) and
    audit the import itself (``summary``: file, size, SHA-256, counts, the history
    start), all or nothing; the case numbers given. Each person's obligations count from
    the history start the record keeps (domain/imports.py, docs/model.md
    "Supervision")."""
    cases: list[str] = []
    with store.transaction():
        for record in records:
            fields = dict(record.fields)
            if record.history_from is not None:
                fields["history_from"] = record.history_from
            _, case_no = store.add_person(
                name=record.name,
                id_number=record.id_number,
                id_number_15=record.id_number_15,
                gender=record.gender,
                birth_date=record.birth_date,
                fields=fields,
                status=record.status,
                since=record.since,
                registered_on=record.registered_on or record.since,
                doc_no=record.doc_no,
            )
            cases.append(case_no)
        _audit_import(store, "persons", summary)
    return cases


def known_persons(store: Store) -> list[tuple[int, str, str | None]]:
    """Every person of the register as a contact row may name them: id, case number,
    resident ID number (None for a passport or none yet)."""
    cursor = store.conn.execute("SELECT id, case_no, id_number FROM persons")
    return [(int(r[0]), str(r[1]), r[2]) for r in cursor]


def contact_signatures(store: Store, person_ids: Iterable[int]) -> set[tuple[Any, ...]]:
    """What the contacts of these persons are, as an imported row is compared with them
    (domain/imports.py contact_signature)."""
    wanted = sorted(set(person_ids))
    found: set[tuple[Any, ...]] = set()
    for start in range(0, len(wanted), _SLICE):
        part = wanted[start : start + _SLICE]
        marks = ", ".join("?" for _ in part)
        cursor = store.conn.execute(
            "SELECT c.person_id, c.happened_on, c.mode, c.place, c.note, c.urine_result,"
            " (SELECT group_concat(kind, ',') FROM contact_kinds WHERE contact_id = c.id)"
            f" FROM contacts c WHERE c.person_id IN ({marks})",
            part,
        )
        for person_id, day, mode, place, note, result, kinds in cursor:
            kinds = (kinds or "").split(",")
            found.add(contact_signature(person_id, day, kinds, mode, place, note, result))
    return found


def corrected_signatures(
    store: Store, person_ids: Iterable[int]
) -> dict[tuple[Any, ...], tuple[int, str]]:
    """The contacts of these persons as they stood before a correction (voided, or
    amended: the corrections table keeps each original whole), by signature: the
    contact's number and the correction (``void`` or ``amend``). A row of a file that is
    one of them was corrected after it was brought in, and is not brought in again."""
    wanted = json.dumps(sorted(set(person_ids)))
    found: dict[tuple[Any, ...], tuple[int, str]] = {}
    for record_id, action, original in store.conn.execute(
        "SELECT record_id, action, original FROM corrections WHERE table_name = 'contacts'"
        " AND person_id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (wanted,),
    ):
        contact = json.loads(original)
        signature = contact_signature(
            contact["person_id"],
            contact["happened_on"],
            contact.get("kinds") or [],
            contact["mode"],
            contact.get("place"),
            contact.get("note"),
            contact.get("urine_result"),
        )
        found[signature] = (int(record_id), str(action))
    return found


def record_imported(
    store: Store, records: Sequence[ContactRecord], summary: Mapping[str, Any]
) -> list[int]:
    """Record ``records`` through ``add_contact`` (new ids past every voided one, one audit
    row each) and audit the import itself, all or nothing; the contact ids given."""
    with store.transaction():
        ids = [
            store.add_contact(
                NewContact(
                    person_id=record.person_id,
                    happened_on=record.happened_on,
                    kinds=record.kinds,
                    mode=record.mode,
                    helper_ids=record.helper_ids,
                    place=record.place,
                    note=record.note,
                    urine_result=record.urine_result,
                    substance=record.substance,
                )
            )
            for record in records
        ]
        _audit_import(store, "contacts", summary)
    return ids


def _audit_import(store: PersonStore, table: str, summary: Mapping[str, Any]) -> None:
    fields = ["file", "size", "sha256", "counts"]
    if "history_from" in summary:
        fields.append("history_from")
    store.audit(
        "import",
        table,
        None,
        fields,
        note=json.dumps(summary, ensure_ascii=False, sort_keys=True),
    )
