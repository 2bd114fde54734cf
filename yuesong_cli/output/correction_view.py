"""A person's contacts with the numbers a correction names them by (``contact list``),
and the sentences ``contact void``, ``contact amend`` and ``person status void`` end
with."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.domain import vocab
from yuesong_cli.messages import join, t
from yuesong_cli.output.person_view import CONTACT_COLUMNS, field_label
from yuesong_cli.output.render import Column

# The file's contact columns, with the contact's number first: the one thing this list
# adds to `person show`.
CONTACT_LIST_COLUMNS = (Column("id", "col.contact_id", "number"), *CONTACT_COLUMNS)


def corrected_fields(fields: Sequence[str], lang: str) -> str:
    """The names of the fields an amend changed, in the officer's language."""
    labels = {
        "happened_on": "col.date",
        "kinds": "col.kinds",
        "mode": "col.mode",
        "urine_result": "col.result",
        "substance": "col.substance",
        "place": "col.place",
        "note": "col.note",
    }
    return join([t(labels[name], lang) for name in fields], lang)


def voided_line(contact_id: int, case_no: str, day: str, kinds: Sequence[str], lang: str) -> str:
    return t(
        "contact.void.done",
        lang,
        id=contact_id,
        case_no=case_no,
        day=day,
        kinds=join([vocab.CONTACT_KIND.label(k, lang) for k in kinds], lang),
    )


def status_voided_lines(
    record: Mapping[str, Any], case_no: str, restored: Mapping[str, Any], lang: str
) -> list[str]:
    """What ``person status void`` says: the entry voided, then the fields of the file
    put back as the history before it gives them, and those the history holds no
    earlier value of (emptied, for the officer to fill in if known)."""
    lines = [
        t(
            "person.status.void.done",
            lang,
            id=record["id"],
            case_no=case_no,
            day=record["since"],
            status=vocab.STATUS.label(record["status"], lang),
        )
    ]
    for key, names in (
        ("person.status.void.restored", [n for n, v in restored.items() if v is not None]),
        ("person.status.void.emptied", [n for n, v in restored.items() if v is None]),
    ):
        if names:
            lines.append(t(key, lang, fields=join([field_label(n, lang) for n in names], lang)))
    return lines
