"""A person's contacts with the numbers a correction names them by (``contact list``),
and the sentences ``contact void`` and ``contact amend`` end with."""

from __future__ import annotations

from collections.abc import Sequence

from yuesong_cli.domain import vocab
from yuesong_cli.messages import join, t
from yuesong_cli.output.person_view import CONTACT_COLUMNS
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
