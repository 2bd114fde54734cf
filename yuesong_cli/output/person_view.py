"""What a person's file shows: the columns of the register, the file, the path, the team
and the contacts, and the path as rows (person show, team show, report person)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from yuesong_cli.domain.lifecycle import timeline
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.output.render import Column

LIST_COLUMNS = (
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("gender", "col.gender", "gender"),
    Column("birth_date", "col.birth_date", "birth_date"),
    Column("id_number", "col.id_number", "id_number"),
    Column("village", "col.village"),
    Column("village_group", "col.group"),
    Column("grid", "col.grid"),
    Column("status", "col.status", "status"),
    Column("status_since", "col.since", "date"),
    Column("phone", "col.phone", "phone"),
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
# The fields of a person's file, in the order an officer reads them.
FILE_FIELDS = (
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("alias", "col.alias", "name"),
    Column("gender", "col.gender", "gender"),
    Column("birth_date", "col.birth_date", "birth_date"),
    Column("id_number", "col.id_number", "id_number"),
    Column("ethnicity", "col.ethnicity"),
    Column("phone", "col.phone", "phone"),
    Column("household_address", "col.household_address"),
    Column("current_address", "col.current_address"),
    Column("village", "col.village"),
    Column("village_group", "col.group"),
    Column("grid", "col.grid"),
    Column("zone", "col.zone"),
    Column("status", "col.status", "status"),
    Column("drugs", "col.drugs", "substances"),
    Column("method", "col.method", "method"),
    Column("first_use_date", "col.first_use", "date"),
    Column("decision_doc", "col.decision_doc"),
    Column("decision_date", "col.decision_date", "date"),
    Column("term_start", "col.term_start", "date"),
    Column("term_end", "col.term_end", "date"),
    Column("risk_level", "col.risk", "risk"),
    Column("key_person", "col.key_person", "bool"),
    Column("poor_household", "col.poor_household", "bool"),
    Column("dibao", "col.dibao", "dibao"),
    Column("employment", "col.employment"),
    Column("plan", "col.plan"),
    Column("registered_on", "col.registered_on", "date"),
    Column("notes", "col.notes"),
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
