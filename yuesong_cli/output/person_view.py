"""What a person's file shows: the columns of the register, the file, the path, the team
and the contacts, and the path as rows (person show, team show, report person)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from yuesong_cli.domain.fields import FIELD, FIELDS, Field
from yuesong_cli.domain.lifecycle import timeline
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.messages import t
from yuesong_cli.output.render import Column


def field_label(column: str, lang: str) -> str:
    """A field's label in ``lang`` (the column itself if it is no field of the file)."""
    return t(FIELD[column].label, lang) if column in FIELD else column


def field_column(field: Field) -> Column:
    """A field of the file as a column: its key, its label, shown and masked as its kind."""
    return Column(field.column, field.label, field.shown_as)


# The fields of a person's file (domain/fields.py), in the order an officer reads them.
FILE_FIELDS = tuple(field_column(field) for field in FIELDS)
# The register: a few fields of each file and the day its status began.
LIST_COLUMNS = (
    *(
        field_column(FIELD[name])
        for name in (
            "case_no",
            "name",
            "gender",
            "birth_date",
            "id_number",
            "village",
            "village_group",
            "grid",
            "status",
        )
    ),
    Column("status_since", "col.since", "date"),
    field_column(FIELD["phone"]),
)
STATUS_COLUMNS = (
    Column("since", "col.since", "date"),
    Column("until", "col.until", "date"),
    Column("status", "col.status", "status"),
    Column("doc_no", "col.doc_no"),
    Column("reason", "col.reason"),
)
TIMELINE_COLUMNS = (
    Column("current", "col.now", "bool"),
    Column("since", "col.since", "date"),
    Column("until", "col.until", "date"),
    Column("days", "col.days", "number"),
    Column("status", "col.status", "status"),
    Column("doc_no", "col.doc_no"),
)
TEAM_COLUMNS = (
    Column("role", "col.role", "role"),
    Column("helper", "col.helper"),
    Column("phone", "col.phone", "phone"),
    Column("since", "col.since", "date"),
)
CONTACT_COLUMNS = (
    Column("happened_on", "col.date", "date"),
    Column("kinds", "col.kinds", "kinds"),
    Column("mode", "col.mode", "mode"),
    Column("urine_result", "col.result", "result"),
    Column("helpers", "col.helpers"),
    Column("place", "col.place"),
    Column("note", "col.note"),
    Column("photos", "col.photos", "number"),
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
