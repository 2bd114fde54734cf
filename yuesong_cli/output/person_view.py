"""What a person's file shows: the columns of the register, the file, the path, the team
and the contacts, and the path as rows (person show, team show, report person)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.domain.fields import FIELD, FIELDS, Field
from yuesong_cli.domain.lifecycle import timeline
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.messages import t
from yuesong_cli.output.render import Column


def field_label(column: str, lang: str) -> str:
    """A field's label in ``lang`` (the column itself if it is no field of the file)."""
    return t(FIELD[column].label, lang) if column in FIELD else column


# Fields of free text: on a narrow screen they wrap in a file's document; every other
# value (a date, a case number, an ID number) stays whole on its line.
FREE_TEXT_FIELDS = frozenset(("household_address", "current_address", "employment", "notes"))


def field_column(field: Field, drop_order: int | None = None) -> Column:
    """A field of the file as a column: its key, its label, shown and masked as its kind."""
    wrap_to = 10 if field.column in FREE_TEXT_FIELDS else None
    return Column(field.column, field.label, field.shown_as, drop_order, wrap_to)


# The fields of a person's file (domain/fields.py), in the order an officer reads them;
# those most files never hold only in ``file_fields``.
FILE_FIELDS = tuple(field_column(field) for field in FIELDS if not field.when_set)


def file_fields(person: Mapping[str, Any]) -> tuple[Column, ...]:
    """The fields of this person's file: ``FILE_FIELDS``, and each field shown only where
    set (the history start) where it is."""
    return tuple(
        field_column(field)
        for field in FIELDS
        if not field.when_set or person.get(field.column) not in (None, "")
    )
# The register: a few fields of each file and the day its status began. On a narrow
# screen the grid goes first, then the birth year, gender, village group, phone and ID
# number (at 80 columns: case number, name, ID number, village, status, since).
LIST_COLUMNS = (
    field_column(FIELD["case_no"]),
    field_column(FIELD["name"]),
    field_column(FIELD["gender"], drop_order=3),
    field_column(FIELD["birth_date"], drop_order=2),
    # The person's document as read (file_view.register_rows), masked as an ID number.
    Column("document", FIELD["id_number"].label, "id_number", drop_order=6),
    field_column(FIELD["village"], drop_order=7),
    field_column(FIELD["village_group"], drop_order=4),
    field_column(FIELD["grid"], drop_order=1),
    field_column(FIELD["status"]),
    Column("status_since", "col.since", "date"),
    field_column(FIELD["phone"], drop_order=5),
)
# What JSON carries of the register: the stored keys, one per document field, and no
# word of the officer's language (a script reads the same on every machine).
LIST_MACHINE_COLUMNS = tuple(
    replacement
    for column in LIST_COLUMNS
    for replacement in (
        (
            field_column(FIELD["id_number"]),
            field_column(FIELD["passport_no"]),
            field_column(FIELD["nationality"]),
        )
        if column.key == "document"
        else (column,)
    )
)
# The sections of a file: dates and statuses stay; what the other sections repeat or
# a reader needs least goes first on a narrow screen, and free text wraps.
STATUS_COLUMNS = (
    # The number `person status void` takes.
    Column("id", "col.number", "number"),
    Column("since", "col.since", "date"),
    Column("until", "col.until", "date"),
    Column("status", "col.status", "status"),
    Column("doc_no", "col.doc_no", drop_order=1, wrap_to=10),
    Column("reason", "col.reason", wrap_to=10),
)
TIMELINE_COLUMNS = (
    Column("current", "col.now", "bool", drop_order=1),
    Column("since", "col.since", "date"),
    Column("until", "col.until", "date"),
    Column("days", "col.days", "number", drop_order=2),
    Column("status", "col.status", "status"),
    Column("doc_no", "col.doc_no", wrap_to=10),
)
TEAM_COLUMNS = (
    Column("role", "col.role", "role"),
    Column("helper", "col.helper"),
    Column("phone", "col.phone", "phone", drop_order=1),
    Column("since", "col.since", "date"),
)
CONTACT_COLUMNS = (
    Column("happened_on", "col.date", "date"),
    Column("kinds", "col.kinds", "kinds", wrap_to=10),
    Column("mode", "col.mode", "mode", drop_order=2),
    Column("urine_result", "col.result", "result"),
    Column("helpers", "col.helpers", drop_order=3, wrap_to=8),
    Column("place", "col.place", drop_order=4, wrap_to=10),
    Column("note", "col.note", wrap_to=10),
    Column("photos", "col.photos", "number", drop_order=1),
)


def timeline_rows(history: Sequence[StatusEntry], day: dt.date) -> list[dict[str, Any]]:
    """The path as rows: one per stretch under a status, the one holding ``day`` marked
    current, with its length in days up to ``day``."""
    return [
        {
            "current": step.current,
            "since": step.since.isoformat(),
            "until": step.until.isoformat() if step.until else None,
            "days": ((step.until or day) - step.since).days + 1 if step.since <= day else 0,
            "status": step.status,
            "doc_no": step.doc_no,
        }
        for step in timeline(history, day)
    ]
