"""A person's file as the document ``person show`` prints: the fields, then the path as a
timeline, the status records, the team and the latest contacts."""

from __future__ import annotations

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
        fields=[(column, person.get(column.key)) for column in FILE_FIELDS],
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
