"""One person's file as ``person show`` reads it: the fields (in full only when revealed,
and then audited), the status on the day, the status history, the team and the latest
contacts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from yuesong_cli.domain.documents import DOCUMENT_NUMBERS
from yuesong_cli.domain.fields import MASKED_FIELDS
from yuesong_cli.domain.statuses import StatusEntry, status_on
from yuesong_cli.errors import Conflict
from yuesong_cli.store.db import Store


@dataclass(frozen=True)
class PersonFile:
    """A person's file on ``as_of``: the record with ``status`` the status on that day,
    the status history (as entries, for the path, and as rows), the team and the latest
    contacts, newest first."""

    as_of: dt.date
    person: dict[str, Any]
    history: list[StatusEntry]
    status_rows: list[dict[str, Any]]
    team: list[dict[str, Any]]
    contacts: list[dict[str, Any]]
    # Moved in from or out to another township (docs/domain.md "Transfers").
    transfers: list[dict[str, Any]] = field(default_factory=list)
    # The register of documents and the support given (docs/domain.md "Documents",
    # "Support").
    documents: list[dict[str, Any]] = field(default_factory=list)
    support: list[dict[str, Any]] = field(default_factory=list)


def person_file(
    store: Store,
    person_id: int,
    as_of: dt.date,
    contacts: int,
    reveal_reason: str | None = None,
) -> PersonFile:
    """The file of ``person_id`` with its ``contacts`` latest contacts (none if not
    positive); with ``reveal_reason``, the masked fields read in full and the reveal, with
    its reason and every field it shows, written to the audit log (docs/security.md)."""
    record = store.person(person_id)
    if reveal_reason is not None and record.get("purged_on"):
        # Nothing to show, and no reveal to audit (docs/security.md §9).
        raise Conflict(
            "error.person.purged_reveal", case=record["case_no"], day=record["purged_on"]
        )
    if reveal_reason is not None:
        # The documents the person holds are named, not those of the other kinds: a
        # passport holder's reveal names the passport, a resident's the ID number.
        shown = [
            name
            for name in MASKED_FIELDS
            if name not in DOCUMENT_NUMBERS or record.get(name) is not None
        ]
        record = store.reveal_person(person_id, reveal_reason, shown)
    history = store.status_history(person_id)
    current = status_on(history, as_of)
    return PersonFile(
        as_of,
        {**record, "status": current.status if current else None},
        history,
        store.status_rows(person_id),
        store.team(person_id),
        store.contacts(person_id, limit=max(contacts, 0)),
        store.transfers_of(person_id),
        store.documents_of(person_id),
        store.support_of(person_id),
    )
