"""A person's file as the document ``person show`` prints: the fields, then the path as a
timeline, the status records, the team and the latest contacts; and the identity
document as the file and the register show it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.domain.countries import country_name
from yuesong_cli.ledger.personfile import PersonFile
from yuesong_cli.messages import t
from yuesong_cli.output.person_view import (
    CONTACT_COLUMNS,
    FILE_FIELDS,
    STATUS_COLUMNS,
    TEAM_COLUMNS,
    TIMELINE_COLUMNS,
    timeline_rows,
)
from yuesong_cli.output.render import Document, Section


def file_document(file: PersonFile, lang: str) -> Document:
    """The file as a document; the renderer masks what the fields' kinds say unless the
    file was revealed."""
    person = file.person
    return Document(
        title=t("person.show.title", lang, case_no=person["case_no"]),
        fields=[(column, _file_value(person, column.key, lang)) for column in FILE_FIELDS],
        sections=[
            # The path as the days went: a leave splits the stretch it interrupts, and
            # supervision resuming after it shows as its own line.
            (
                "timeline",
                Section(
                    "section.timeline", TIMELINE_COLUMNS, timeline_rows(file.history, file.as_of)
                ),
            ),
            ("status_history", Section("section.status_history", STATUS_COLUMNS, file.status_rows)),
            ("team", Section("section.team", TEAM_COLUMNS, file.team)),
            ("contacts", Section("section.contacts", CONTACT_COLUMNS, file.contacts)),
        ],
    )


def _file_value(person: Mapping[str, Any], key: str, lang: str) -> Any:
    if key == "nationality" and person.get(key):
        # The code is what the passport prints; the name is what the officer reads.
        code = str(person[key])
        name = country_name(code, lang)
        return code if name == code else f"{name} ({code})"
    return person.get(key)


def register_rows(rows: Sequence[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The register's rows with each person's document in the ID column: the resident ID
    number as it is, a passport as its state, its kind and its number (``MMR 护照
    MA1234512``, which the ID column's mask shows as ``MMR 护照 MA*****12``), and nothing
    for a person whose number is not known yet (the file_incomplete alert names it)."""
    return [
        {
            **row,
            "id_number": f"{row['nationality']} {t('document.passport', lang)} "
            f"{row['passport_no']}",
        }
        if row.get("id_kind") == "passport"
        else dict(row)
        for row in rows
    ]
