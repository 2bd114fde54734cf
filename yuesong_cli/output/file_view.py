"""A person's file as the document ``person show`` prints: the fields, then the path as a
timeline, the status records, the team and the latest contacts; and the identity
document as the file and the register show it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.ledger.personfile import PersonFile
from yuesong_cli.messages import t
from yuesong_cli.output.person_view import (
    CONTACT_COLUMNS,
    STATUS_COLUMNS,
    TEAM_COLUMNS,
    TIMELINE_COLUMNS,
    file_fields,
    timeline_rows,
)
from yuesong_cli.output.render import Column, Document, Section


def file_document(file: PersonFile, lang: str) -> Document:
    """The file as a document; the renderer masks what the fields' kinds say unless the
    file was revealed."""
    person = file.person
    return Document(
        title=t("person.show.title", lang, case_no=person["case_no"]),
        fields=[(column, person.get(column.key)) for column in file_fields(person)],
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
            # Only what the file holds: a file without documents or support reads as before.
            *(
                [("documents", Section("section.documents", DOCUMENT_COLUMNS, file.documents))]
                if file.documents
                else []
            ),
            *(
                [("support", Section("section.support", SUPPORT_COLUMNS, file.support))]
                if file.support
                else []
            ),
            # Only for a person who moved between townships: other files read as before.
            *(
                [
                    (
                        "transfers",
                        Section(
                            "section.transfers",
                            TRANSFER_COLUMNS,
                            transfer_rows(file.transfers, lang),
                        ),
                    )
                ]
                if file.transfers
                else []
            ),
        ],
    )


# A person's register of documents (docs/domain.md "Documents").
DOCUMENT_COLUMNS = (
    Column("id", "col.number", "number", drop_order=2),
    Column("kind", "col.doc_kind", "doc_kind", wrap_to=4),
    Column("doc_no", "col.doc_no", wrap_to=8),
    Column("issued_on", "col.issued_on", "date"),
    Column("signed_on", "col.signed_on", "date"),
    Column("sent_to", "col.sent_to", drop_order=1),
    Column("sent_on", "col.sent_on", "date"),
)
# The sunshine care a person was given (docs/domain.md "Support").
SUPPORT_COLUMNS = (
    Column("on_day", "col.date", "date"),
    Column("kind", "col.support_kind", "support_kind"),
    Column("note", "col.note", wrap_to=16),
)
TRANSFER_COLUMNS = (
    Column("on_day", "col.date", "date"),
    Column("direction", "col.transfer_direction"),
    Column("township", "col.township"),
    Column("old_case_no", "col.old_case_no"),
    Column("package", "col.package_sha"),
)


def transfer_rows(transfers: Sequence[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    """A person's transfers as the file shows them: the day, in or out, the other
    township, the case number there, the first digits of the package's SHA-256."""
    return [
        {
            "on_day": row["on_day"],
            "direction": t(f"transfer.direction.{row['direction']}", lang),
            "township": row["township"],
            "old_case_no": row["old_case_no"],
            "package": str(row["package_sha256"])[:16],
        }
        for row in transfers
    ]


def register_rows(rows: Sequence[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The register's rows with each person's document as a person reads it (``document``,
    the ID column of a table, a printout or a CSV file): the resident ID number as it is,
    a passport as its state, its kind and its number (``MMR 护照 MA1234512``, which the
    column's mask shows as ``MMR 护照 MA*****12``), and nothing for a person whose number
    is not known yet (the file_incomplete alert names it). JSON carries the stored keys
    instead (id_number, passport_no, nationality: person_view.LIST_MACHINE_COLUMNS)."""
    return [
        {
            **row,
            "document": f"{row['nationality']} {t('document.passport', lang)} {row['passport_no']}"
            if row.get("id_kind") == "passport"
            else row.get("id_number"),
        }
        for row in rows
    ]
