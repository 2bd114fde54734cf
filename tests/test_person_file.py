"""A person's file as ``person show`` reads and shows it (ledger/personfile.py,
output/file_view.py), without the command-line runner: the status on the day asked, the
latest contacts, a reveal audited with its reason and nothing audited without one."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import register_in

from yuesong_cli.ledger.personfile import person_file
from yuesong_cli.output.file_view import file_document
from yuesong_cli.output.person_view import FILE_FIELDS
from yuesong_cli.store.contacts import NewContact
from yuesong_cli.store.db import Store

SINCE = dt.date(2026, 9, 1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "file.db", create=True)
    register_in(store, "岩嘎", 301, SINCE, village="岳宋村")
    store.record_status(1, "on_leave", dt.date(2026, 11, 1), dt.date(2026, 11, 10), None, None)
    for day in (dt.date(2026, 9, 7), dt.date(2026, 9, 14), dt.date(2026, 9, 21)):
        store.add_contact(NewContact(1, day, ["meet"], "in_person"))
    yield store
    store.close()


def test_the_status_is_the_one_on_the_day_asked(store: Store) -> None:
    assert person_file(store, 1, dt.date(2026, 10, 1), 10).person["status"] == (
        "community_treatment"
    )
    assert person_file(store, 1, dt.date(2026, 11, 5), 10).person["status"] == "on_leave"
    assert person_file(store, 1, dt.date(2026, 8, 1), 10).person["status"] is None


def test_the_latest_contacts_newest_first(store: Store) -> None:
    file = person_file(store, 1, dt.date(2026, 11, 29), 2)
    assert [c["happened_on"] for c in file.contacts] == ["2026-09-21", "2026-09-14"]
    assert person_file(store, 1, dt.date(2026, 11, 29), -1).contacts == []


def test_a_reveal_is_audited_with_its_reason_and_every_field_shown(store: Store) -> None:
    before = len(store.audit_rows())
    person_file(store, 1, dt.date(2026, 11, 29), 10)
    assert len(store.audit_rows()) == before
    file = person_file(store, 1, dt.date(2026, 11, 29), 10, reveal_reason="家访核对身份")
    (row,) = store.audit_rows()[before:]
    assert (row["action"], row["record_id"], row["note"]) == ("reveal", 1, "家访核对身份")
    # Every masked field the file holds a value for (a resident has no passport number).
    assert json.loads(row["fields"]) == ["alias", "birth_date", "id_number", "name", "phone"]
    assert file.person["name"] == "岩嘎"


def test_the_document_holds_the_fields_and_the_four_sections(store: Store) -> None:
    file = person_file(store, 1, dt.date(2026, 11, 29), 10)
    document = file_document(file, "en")
    assert document.title == "Personal file YS-0001"
    assert [column for column, _ in document.fields] == list(FILE_FIELDS)
    assert {c.key: v for c, v in document.fields}["village"] == "岳宋村"
    sections = dict(document.sections)
    assert list(sections) == ["timeline", "status_history", "team", "contacts"]
    # The leave splits the stretch it interrupts: treatment, leave, treatment again.
    timeline = sections["timeline"].rows
    assert [(r["status"], r["since"], r["current"]) for r in timeline] == [
        ("community_treatment", "2026-09-01", False),
        ("on_leave", "2026-11-01", False),
        ("community_treatment", "2026-11-11", True),
    ]
    assert len(sections["status_history"].rows) == 2
    assert sections["team"].rows == []
    assert len(sections["contacts"].rows) == 3
