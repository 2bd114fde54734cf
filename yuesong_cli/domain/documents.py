"""Who a person is on the register: the identity document and what it says. Pure code.

Three kinds (``persons.id_kind``): a resident ID number (``resident``: gender and birth
date are read from it), a passport with its issuing state (``passport``: foreign
nationals on the border, no mainland number), or none yet (``none``: the number is not
known at registration; the file counts as incomplete until it is). For the last two
the officer gives gender and birth date. The register keeps one person per resident
ID number and per passport of a state; a person without a document is unique by case
number only.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from yuesong_cli.domain.countries import parse_nationality
from yuesong_cli.domain.idnumber import IdNumber, parse_id_number
from yuesong_cli.errors import InvalidInput, UsageProblem

ID_KINDS = ("resident", "passport", "none")
# The columns of persons an identity fills; a change of kind writes all of them, so no
# number of the old document is left behind.
# The numbers of identity documents, each held by some persons only.
DOCUMENT_NUMBERS = ("id_number", "id_number_15", "passport_no")
IDENTITY_COLUMNS = (
    "id_kind",
    *DOCUMENT_NUMBERS,
    "nationality",
    "gender",
    "birth_date",
)

# ICAO passports have up to 9 characters; border passes and older documents of the
# neighbours run longer. Letters and digits only, as printed.
_PASSPORT = re.compile(r"[A-Z0-9]{5,20}")


@dataclass(frozen=True)
class Identity:
    """A person's document and the gender and birth date it gives (or the officer gave)."""

    kind: str
    gender: str
    birth_date: dt.date = field(repr=False)
    id_number: str | None = field(default=None, repr=False)
    id_number_15: str | None = field(default=None, repr=False)
    passport_no: str | None = field(default=None, repr=False)
    nationality: str | None = None

    def columns(self) -> dict[str, Any]:
        """The values of ``IDENTITY_COLUMNS`` as stored."""
        return {
            "id_kind": self.kind,
            "id_number": self.id_number,
            "id_number_15": self.id_number_15,
            "passport_no": self.passport_no,
            "nationality": self.nationality,
            "gender": self.gender,
            "birth_date": self.birth_date.isoformat(),
        }


def resident(parsed: IdNumber) -> Identity:
    return Identity(
        "resident",
        parsed.gender,
        parsed.birth_date,
        id_number=parsed.number,
        id_number_15=parsed.original,
    )


def parse_passport_number(text: str) -> str:
    """The passport number as printed: full-width characters folded, spaces dropped,
    upper case; ``InvalidInput`` (never echoing it) when it is not 5-20 letters/digits."""
    number = "".join(unicodedata.normalize("NFKC", text).split()).upper()
    if not _PASSPORT.fullmatch(number):
        raise InvalidInput("error.passport.shape")
    return number


def _check_born(born: dt.date, today: dt.date) -> None:
    if born > today:
        raise InvalidInput("error.date.future")


def registration_identity(
    *,
    id_text: str | None,
    passport: str | None,
    nationality: str | None,
    no_id: bool,
    gender: str | None,
    born: dt.date | None,
    today: dt.date,
) -> Identity:
    """The identity ``person add`` registers from its options (``id_text`` already asked
    for when no document option was given)."""
    _check_one_document(id_text, passport, no_id)
    if id_text is not None:
        if gender is not None or born is not None:
            raise UsageProblem("usage.identity.from_number")
        if nationality is not None:
            raise UsageProblem("usage.identity.needs", option="--nationality", needs="--passport")
        return resident(parse_id_number(id_text, today))
    option = "--passport" if passport is not None else "--no-id"
    if passport is not None and nationality is None:
        raise UsageProblem("usage.identity.needs", option=option, needs="--nationality")
    if passport is None and nationality is not None:
        raise UsageProblem("usage.identity.needs", option="--nationality", needs="--passport")
    if gender is None or born is None:
        raise UsageProblem("usage.identity.needs_person", option=option)
    _check_born(born, today)
    if passport is not None:
        assert nationality is not None
        return Identity(
            "passport",
            gender,
            born,
            passport_no=parse_passport_number(passport),
            nationality=parse_nationality(nationality),
        )
    return Identity("none", gender, born)


def identity_changes(
    current: Mapping[str, Any],
    *,
    id_text: str | None,
    passport: str | None,
    nationality: str | None,
    no_id: bool,
    gender: str | None,
    born: dt.date | None,
    today: dt.date,
) -> dict[str, Any]:
    """The columns ``person edit`` writes for the identity options given, against the
    file as it is (``current``, a row of persons); empty when none was given.

    A new document replaces the old one whole; a passport's number or state may be
    corrected alone; gender and birth date may be set only where no ID number gives them.
    """
    _check_one_document(id_text, passport, no_id)
    if id_text is not None:
        if gender is not None or born is not None:
            raise UsageProblem("usage.identity.from_number")
        if nationality is not None:
            raise UsageProblem("usage.identity.needs", option="--nationality", needs="--passport")
        return resident(parse_id_number(id_text, today)).columns()
    kind = current["id_kind"]
    if born is not None:
        _check_born(born, today)
    if gender is not None or born is not None:
        if kind == "resident" and passport is None and not no_id:
            raise UsageProblem("usage.identity.from_number")
    keep_gender = gender or current["gender"]
    keep_born = born or dt.date.fromisoformat(current["birth_date"])
    if passport is not None or nationality is not None:
        if passport is None and kind != "passport":
            raise UsageProblem("usage.identity.needs", option="--nationality", needs="--passport")
        state = nationality if nationality is not None else current["nationality"]
        if state is None:
            raise UsageProblem("usage.identity.needs", option="--passport", needs="--nationality")
        return Identity(
            "passport",
            keep_gender,
            keep_born,
            passport_no=(
                parse_passport_number(passport) if passport is not None else current["passport_no"]
            ),
            nationality=parse_nationality(state) if nationality is not None else state,
        ).columns()
    if no_id:
        return Identity("none", keep_gender, keep_born).columns()
    changes: dict[str, Any] = {}
    if gender is not None:
        changes["gender"] = gender
    if born is not None:
        changes["birth_date"] = born.isoformat()
    return changes


def _check_one_document(id_text: str | None, passport: str | None, no_id: bool) -> None:
    if sum((id_text is not None, passport is not None, no_id)) > 1:
        raise UsageProblem("usage.identity.clash")
