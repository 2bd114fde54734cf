"""The fields of a person's file (档案), in one table. Pure code.

Each field says once what every layer needs to know of it: its column in ``persons`` (and
key in rows), its label in the catalog, the kind of value it holds, how lists and exports
mask it, the option of ``person add`` and ``person edit`` that sets it, and whether the
county counts it for a complete file (录入率). The store takes the fields it may write
from here, the file shows them in this order, and completeness and the
``file_incomplete`` alert read ``required``, so none of them can forget a field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from yuesong_cli.domain.vocab import DIBAO, GENDER, METHOD, RISK, STATUS, SUBSTANCE, Vocabulary

# Kinds of value: free text, a phone number, a date, yes/no, one key of a vocabulary or a
# comma-separated list of them.
KINDS = ("text", "phone", "date", "bool", "choice", "choices", "nationality")
# Masks of docs/security.md §2, applied wherever a value is shown or exported.
MASKS = ("name", "id_number", "phone", "birth_date")


@dataclass(frozen=True)
class Field:
    """One field of a person's file.

    ``option`` is the option of ``person add`` and ``person edit`` that sets the field as
    typed (an empty value clears it); None for what the register sets otherwise: the case
    number is given at registration, name and the identity document (ID number, or
    passport and nationality, or none yet: domain/documents.py) are prompted for and
    checked by the commands themselves, gender and birth date are read from the ID number
    (or given with the other documents), and the status is the one in force, from the
    status history (``person status``).

    ``satisfied_by`` names the other columns any one of which, filled, stands for a
    required field: a foreign national's passport for the resident ID number.

    ``when_set``: a field most files never hold, which the file shows only where it is
    set (so a file without it reads, and its JSON carries, what it did before)."""

    column: str
    label: str
    kind: str = "text"
    vocabulary: Vocabulary | None = None
    mask: str | None = None
    option: str | None = None
    required: bool = False
    satisfied_by: tuple[str, ...] = ()
    when_set: bool = False

    @property
    def editable(self) -> bool:
        """Whether the officer sets and changes it through its option."""
        return self.option is not None

    @property
    def parameter(self) -> str | None:
        """The name of the command parameter behind ``option`` (--first-use: first_use)."""
        return self.option.removeprefix("--").replace("-", "_") if self.option else None

    @property
    def shown_as(self) -> str:
        """How the renderer shows it: its mask, else a vocabulary's name (plural for a
        list of its keys), else its kind."""
        if self.mask is not None:
            return self.mask
        if self.vocabulary is not None:
            return self.vocabulary.name + ("s" if self.kind == "choices" else "")
        return self.kind


# In the order an officer reads a file.
FIELDS: tuple[Field, ...] = (
    Field("case_no", "col.case_no"),
    Field("name", "col.name", mask="name"),
    Field("alias", "col.alias", mask="name", option="--alias"),
    Field("gender", "col.gender", "choice", GENDER),
    Field("birth_date", "col.birth_date", "date", mask="birth_date"),
    # A file needs a document: the resident ID number, or for a foreign national the
    # passport; a person registered with --no-id lacks it until it is given.
    Field(
        "id_number", "col.id_number", mask="id_number", required=True, satisfied_by=("passport_no",)
    ),
    # The 15 digits typed when an old number was upgraded: the same person's number, so
    # masked alike.
    Field("id_number_15", "col.id_number_15", mask="id_number"),
    Field("passport_no", "col.passport_no", mask="id_number"),
    Field("nationality", "col.nationality", "nationality"),
    Field("ethnicity", "col.ethnicity", option="--ethnicity", required=True),
    Field("phone", "col.phone", "phone", mask="phone", option="--phone"),
    Field(
        "household_address", "col.household_address", option="--household-address", required=True
    ),
    Field("current_address", "col.current_address", option="--current-address", required=True),
    Field("village", "col.village", option="--village", required=True),
    Field("village_group", "col.group", option="--group", required=True),
    Field("grid", "col.grid", option="--grid"),
    Field("zone", "col.zone", option="--zone"),
    Field("status", "col.status", "choice", STATUS),
    Field("drugs", "col.drugs", "choices", SUBSTANCE, option="--drugs", required=True),
    Field("method", "col.method", "choice", METHOD, option="--method", required=True),
    Field("first_use_date", "col.first_use", "date", option="--first-use"),
    Field("decision_doc", "col.decision_doc", option="--doc", required=True),
    Field("decision_date", "col.decision_date", "date", option="--decision-date", required=True),
    Field("term_start", "col.term_start", "date", option="--term-start"),
    Field("term_end", "col.term_end", "date", option="--term-end"),
    Field("risk_level", "col.risk", "choice", RISK, option="--risk", required=True),
    Field("key_person", "col.key_person", "bool", option="--key-person"),
    Field("poor_household", "col.poor_household", "bool", option="--poor-household"),
    Field("dibao", "col.dibao", "choice", DIBAO, option="--dibao"),
    Field("employment", "col.employment", option="--employment"),
    Field("plan", "col.plan", option="--plan"),
    Field("registered_on", "col.registered_on", "date", option="--registered"),
    # The first day whose obligations count, where later than registration: an imported
    # register's day of import (docs/model.md "Supervision", obligations.obligations_from).
    Field(
        "history_from", "col.history_from", "date", option="--history-from", when_set=True
    ),
    Field("notes", "col.notes", option="--notes"),
    # The day the file was anonymised, past its retention (docs/security.md §9).
    Field("purged_on", "col.purged_on", "date", when_set=True),
)
FIELD = {field.column: field for field in FIELDS}

# The fields the officer sets and edits through options: what the store writes as given.
EDITABLE_FIELDS = tuple(field.column for field in FIELDS if field.editable)
# The fields lists and exports mask, all of which a reveal shows in full and its audit row
# names (docs/security.md §2).
MASKED_FIELDS = tuple(field.column for field in FIELDS if field.mask is not None)
# The fields reports and the county's forms need. Name, gender and birth date are always
# present (the register requires them); the identity document may not be yet.
REQUIRED_FIELDS = tuple(field.column for field in FIELDS if field.required)
# What completeness reads of a row: the required fields and what may stand for them,
# and for a purged file what it lacked when purged.
COMPLETENESS_COLUMNS = (
    REQUIRED_FIELDS
    + tuple(column for field in FIELDS if field.required for column in field.satisfied_by)
    + ("purged_on", "purged_missing")
)


def _filled(person: Mapping[str, Any], column: str) -> bool:
    return person.get(column) is not None and person.get(column) != ""


def missing_fields(person: Mapping[str, Any]) -> tuple[str, ...]:
    """The required fields that are empty in ``person`` (a row of the register with
    ``COMPLETENESS_COLUMNS``), none of their stand-ins filled either. A purged file's are
    those it lacked when purged (docs/security.md §9): the entry rate counts the file as
    it is now, and a purge empties what it does not lack."""
    if person.get("purged_on"):
        return tuple(name for name in (person.get("purged_missing") or "").split(",") if name)
    return tuple(
        name
        for name in REQUIRED_FIELDS
        if not _filled(person, name)
        and not any(_filled(person, other) for other in FIELD[name].satisfied_by)
    )


def stored_form(value: Any) -> Any:
    """A value as the register keeps it (dates as ISO text, lists comma-joined)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list | tuple):
        return ",".join(value)
    return value
