"""Writing an imported register: the persons of a checked file in one transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from yuesong_cli.domain.imports import Record
from yuesong_cli.store.persons import PersonStore

# SQLite's limit on the parameters of one statement is 32766 from 3.32 on; the numbers are
# asked in slices well below it.
_SLICE = 500


def persons_by_id_number(store: PersonStore, numbers: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The register's files of the persons holding these ID numbers, by number."""
    wanted = sorted(set(numbers))
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), _SLICE):
        part = wanted[start : start + _SLICE]
        marks = ", ".join("?" for _ in part)
        cursor = store.conn.execute(f"SELECT * FROM persons WHERE id_number IN ({marks})", part)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            person = dict(zip(names, row, strict=True))
            found[person["id_number"]] = person
    return found


def register_imported(
    store: PersonStore, records: Sequence[Record], summary: Mapping[str, Any]
) -> list[str]:
    """Register ``records`` through the register's own path (one audit row each) and
    audit the import itself (``summary``: file, size, SHA-256, counts), all or nothing;
    the case numbers given."""
    cases: list[str] = []
    with store.transaction():
        for record in records:
            _, case_no = store.add_person(
                name=record.name,
                id_number=record.id_number,
                id_number_15=record.id_number_15,
                gender=record.gender,
                birth_date=record.birth_date,
                fields=record.fields,
                status=record.status,
                since=record.since,
                registered_on=record.since,
                doc_no=record.doc_no,
            )
            cases.append(case_no)
        store.audit(
            "import",
            "persons",
            None,
            ["file", "size", "sha256", "counts"],
            note=json.dumps(summary, ensure_ascii=False, sort_keys=True),
        )
    return cases
