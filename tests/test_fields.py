"""The field table (domain/fields.py) against everything that reads it: the columns of
``persons``, the options of ``person add`` and ``person edit``, the file and the
register as shown (and masked), and completeness."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import typer

from yuesong_cli.cli.person import app as person_app
from yuesong_cli.domain.fields import (
    COMPLETENESS_COLUMNS,
    EDITABLE_FIELDS,
    FIELD,
    FIELDS,
    KINDS,
    MASKS,
    REQUIRED_FIELDS,
    missing_fields,
)
from yuesong_cli.messages import CATALOG
from yuesong_cli.output.person_view import (
    FILE_FIELDS,
    LIST_COLUMNS,
    LIST_MACHINE_COLUMNS,
    file_fields,
)
from yuesong_cli.store.db import Store

GROUP = typer.main.get_command(person_app)

# Options of the commands that set no field of the table as typed: who the person is
# (prompted for and checked by the command: the name and the identity document, with the
# gender and birth date a document other than an ID number needs) and the first status
# of a registration.
IDENTITY_OPTIONS = {"--id-number", "--passport", "--nationality", "--no-id", "--gender", "--born"}
NOT_FIELDS = {
    "add": {"--name", "--status", "--since", *IDENTITY_OPTIONS},
    "edit": {"--name", *IDENTITY_OPTIONS},
}


def options_of(command: str) -> dict[str, str]:
    """Each option of ``person <command>`` (its first spelling) and its parameter name."""
    found = GROUP.commands[command]  # type: ignore[attr-defined]
    return {
        param.opts[0]: str(param.name)
        for param in found.params
        if param.param_type_name == "option"
    }


@pytest.mark.parametrize("command", ["add", "edit"])
def test_every_editable_field_is_one_option_of_the_command_and_back(command: str) -> None:
    options = options_of(command)
    by_field = {field.option: field.parameter for field in FIELDS if field.option is not None}
    # Each field's option is an option of the command, read through the parameter the
    # field names (the command hands its locals() to the table by that name).
    assert {option: options.get(option) for option in by_field} == by_field
    # And every option of the command sets a field, unless it is one of the few that
    # set none: an option added without its field fails here.
    assert set(options) - set(by_field) == NOT_FIELDS[command]


def test_no_two_fields_share_an_option_or_a_column() -> None:
    options = [field.option for field in FIELDS if field.option is not None]
    assert len(options) == len(set(options))
    assert len(FIELD) == len(FIELDS)


def test_every_field_but_the_status_is_a_column_of_persons(tmp_path: Path) -> None:
    Store(tmp_path / "fresh.db", create=True).close()
    conn = sqlite3.connect(tmp_path / "fresh.db")
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(persons)")}
    finally:
        conn.close()
    # The status is not stored on the file: it is the one in force, from the history.
    assert {field.column for field in FIELDS} - columns == {"status"}


def test_kinds_masks_and_labels_are_known() -> None:
    for field in FIELDS:
        assert field.kind in KINDS, field.column
        assert field.mask in (None, *MASKS), field.column
        assert field.label in CATALOG, field.column
        assert (field.vocabulary is not None) == (field.kind in ("choice", "choices")), field.column


def test_personal_identifiers_are_masked() -> None:
    masks = {field.column: field.mask for field in FIELDS if field.mask}
    assert masks == {
        "name": "name",
        "alias": "name",
        "birth_date": "birth_date",
        "id_number": "id_number",
        "id_number_15": "id_number",
        "passport_no": "id_number",
        "phone": "phone",
    }


def test_the_file_and_the_register_show_the_table() -> None:
    # A field most files never hold (the history start) is shown only where set.
    assert [(c.key, c.label, c.kind) for c in FILE_FIELDS] == [
        (f.column, f.label, f.shown_as) for f in FIELDS if not f.when_set
    ]
    every = dict.fromkeys((f.column for f in FIELDS), "x")
    assert [(c.key, c.label, c.kind) for c in file_fields(every)] == [
        (f.column, f.label, f.shown_as) for f in FIELDS
    ]
    assert file_fields({}) == FILE_FIELDS
    for column in LIST_COLUMNS:
        if column.key in FIELD:
            assert (column.label, column.kind) == (
                FIELD[column.key].label,
                FIELD[column.key].shown_as,
            )
    # The document column (a resident ID number, or a passport with its state) is masked
    # as an ID number; JSON carries each document field, masked by its own kind.
    assert {c.kind for c in LIST_COLUMNS if c.key in ("name", "document", "phone")} == {
        "name",
        "id_number",
        "phone",
    }
    assert {c.key: c.kind for c in LIST_MACHINE_COLUMNS if c.key in FIELD} == {
        c.key: FIELD[c.key].shown_as for c in LIST_MACHINE_COLUMNS if c.key in FIELD
    }
    assert {"id_number", "passport_no", "nationality"} <= {c.key for c in LIST_MACHINE_COLUMNS}


def test_completeness_reads_the_required_fields() -> None:
    assert REQUIRED_FIELDS == (
        "id_number",
        "ethnicity",
        "household_address",
        "current_address",
        "village",
        "village_group",
        "drugs",
        "method",
        "decision_doc",
        "decision_date",
        "risk_level",
    )
    complete = dict.fromkeys(REQUIRED_FIELDS, "x")
    assert missing_fields(complete) == ()
    assert missing_fields({**complete, "village": "", "method": None}) == ("village", "method")
    # The identity document is set through the identity options, the rest as typed.
    assert set(REQUIRED_FIELDS) - set(EDITABLE_FIELDS) == {"id_number"}


def test_a_passport_stands_for_the_id_number_and_no_document_is_missing() -> None:
    complete = dict.fromkeys(REQUIRED_FIELDS, "x")
    passport = {**complete, "id_number": None, "passport_no": "MA1234512"}
    assert missing_fields(passport) == ()
    assert missing_fields({**passport, "passport_no": None}) == ("id_number",)
    assert missing_fields({**complete, "id_number": "", "village": None}) == (
        "id_number",
        "village",
    )
    # What completeness reads of a row includes the stand-in, so the store selects it,
    # and what a purged file lacked when purged (docs/security.md §9).
    assert set(COMPLETENESS_COLUMNS) == {
        *REQUIRED_FIELDS,
        "passport_no",
        "purged_on",
        "purged_missing",
    }
