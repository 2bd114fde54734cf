"""An empty workbook to fill in for ``import persons`` or ``import contacts``: the header
row the import reads, a sheet saying what each column holds, and drop-down lists of the
labels the import accepts. Headers come from the import's own layouts (domain/imports.py)
and the fields' labels, so the template cannot drift from what the import understands.

The workbook holds no personal data; it is still written like every export: owner-only
from its first moment (0600), into a folder made owner-only if missing. It never
replaces a file: a filled template overwritten by a fresh one would be work lost.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from yuesong_cli.domain.fields import FIELD
from yuesong_cli.domain.imports import CONTACTS, IMPORTED, PERSON, PERSONS, SINCE, Layout
from yuesong_cli.domain.vocab import (
    CONTACT_KIND,
    MODE,
    SUBSTANCE,
    URINE_RESULT,
    Vocabulary,
)
from yuesong_cli.messages import CATALOG, t

TEMPLATES = ("persons", "contacts")
# Rows of the data sheet that carry the drop-down lists and the text format.
_ROWS = 1000
# What a contact column holds (the import parses them so: domain/imports.py,
# check_contact_row); a column missing here is text.
_CONTACT_KINDS: dict[str, tuple[str, Vocabulary | None]] = {
    "happened_on": ("date", None),
    "kinds": ("choices", CONTACT_KIND),
    "mode": ("choice", MODE),
    "urine_result": ("choice", URINE_RESULT),
    "substance": ("choice", SUBSTANCE),
}
# Columns with a word of their own on the explanation sheet, beyond their kind.
_NOTES = {
    "id_number": "template.note.id_number",
    SINCE: "template.note.since",
    PERSON: "template.note.person",
    "helpers": "template.note.helpers",
    "registered_on": "template.note.registered_on",
    "history_from": "template.note.history_from",
}
# The status with its day, decision and term, together as an officer fills them in:
# after where the person lives, before what they used.
_STATUS_BLOCK = ("status", SINCE, "decision_doc", "decision_date", "term_start", "term_end")


def _person_columns() -> list[str]:
    """The register's columns in the order an officer fills them in: who, where, the
    status with its day, decision and term, the rest of the file, the ledger's own days
    (登记日期, 记录起始日), the notes last."""
    rest = [column for column in IMPORTED if column not in _STATUS_BLOCK]
    at = rest.index("drugs")
    return [*rest[:at], *_STATUS_BLOCK, *rest[at:]]


@dataclass(frozen=True)
class TemplateColumn:
    """One column of the template: its key in the import, its header (as the import reads
    it), what it holds, whether the import needs it, and its vocabulary if closed."""

    column: str
    header: str
    kind: str
    required: tuple[str, ...]  # the choice of columns it belongs to; empty: optional
    vocabulary: Vocabulary | None = None


def _header(layout: Layout, column: str) -> str:
    """The Chinese header the import knows a column by: its label in the layout, the
    field's label, else the first Chinese name the layout has for it."""
    if column in layout.labels:
        return layout.labels[column]
    if column in FIELD:
        return t(FIELD[column].label, "zh")
    return next(
        word for word, named in layout.names.items() if named == column and not word.isascii()
    )


def template_columns(what: str) -> list[TemplateColumn]:
    """The columns of the template for ``persons`` or ``contacts``, in the import's order."""
    if what == "persons":
        layout, columns = PERSONS, _person_columns()
    else:
        layout, columns = CONTACTS, list(CONTACTS.labels)
    needed = {column: choice for choice in layout.needed for column in choice}
    found: list[TemplateColumn] = []
    for column in columns:
        if what == "persons" and column in FIELD:
            spec = FIELD[column]
            kind, vocabulary = spec.kind, spec.vocabulary
        elif what == "persons":
            kind, vocabulary = "date", None  # the day the status is in force from
        else:
            kind, vocabulary = _CONTACT_KINDS.get(column, ("text", None))
        found.append(
            TemplateColumn(
                column, _header(layout, column), kind, needed.get(column, ()), vocabulary
            )
        )
    return found


def choices(vocabulary: Vocabulary) -> list[str]:
    """The Chinese labels of a vocabulary: what the drop-down offers and the import reads."""
    return [CATALOG[f"{vocabulary.prefix}.{key}"][0] for key in vocabulary.keys]


def _explanation(column: TemplateColumn, columns: list[TemplateColumn], lang: str) -> list[str]:
    holds = t(f"template.kind.{column.kind}", lang)
    if column.column in _NOTES:
        # The note says what the column is; the kind adds how to write it, unless it is
        # only "text" (a note followed by 文字。 said nothing).
        note = t(_NOTES[column.column], lang)
        space = " " if lang == "en" else ""
        holds = note if column.kind == "text" else note + space + holds
    if not column.required:
        required = t("template.optional", lang)
    elif len(column.required) == 1:
        required = t("template.required", lang)
    else:
        headers = {c.column: c.header for c in columns}
        others = "/".join(headers[c] for c in column.required if c != column.column)
        required = t("template.one_of", lang, other=others)
    values = "、".join(choices(column.vocabulary)) if column.vocabulary else ""
    return [column.header, holds, required, values]


def template_workbook(what: str, lang: str) -> bytes:
    """The template as the bytes of an .xlsx file."""
    # Imported here: only this command and exports need openpyxl (a slow import).
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = template_columns(what)
    book = Workbook()
    data = book.active
    data.title = t(f"template.sheet.{what}", lang)
    bold = Font(bold=True)
    for number, column in enumerate(columns, start=1):
        letter = get_column_letter(number)
        cell = data.cell(row=1, column=number, value=column.header)
        cell.font = bold
        data.column_dimensions[letter].width = max(12, 2 * len(column.header) + 4)
        cells = f"{letter}2:{letter}{_ROWS + 1}"
        if column.column == "id_number":
            # Text, so Excel keeps all 18 digits instead of showing 5.30829E+17.
            # A column style: cells typed later take it, and no empty cell is written.
            data.column_dimensions[letter].number_format = "@"
        if column.vocabulary is not None:
            listed = ",".join(choices(column.vocabulary))
            if len(listed) > 255:  # Excel's limit for a list written in the rule
                raise ValueError(f"the choices of {column.column} are too long for a list")
            rule = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
            # Several kinds go in one cell (见面、尿检): the list helps, it must not refuse.
            rule.showErrorMessage = column.kind != "choices"
            rule.add(cells)
            data.add_data_validation(rule)
    data.freeze_panes = "A2"
    notes = book.create_sheet(t("template.sheet.help", lang))
    heads = ("template.col.header", "template.col.holds", "template.col.required",
             "template.col.values")  # fmt: skip
    notes.append([t(key, lang) for key in heads])
    for cell in notes[1]:
        cell.font = bold
    for column in columns:
        notes.append(_explanation(column, columns, lang))
    for letter, width in zip("ABCD", (16, 50, 24, 60), strict=True):
        notes.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
