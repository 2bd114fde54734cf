"""``import persons`` and ``import contacts``: an existing register, or past contacts,
read from a file (.xlsx, .csv, .txt), checked whole against the register, and written only
when asked.

Reading the file is here (the encodings, the CSV dialect, the workbook); what each row
means is domain/imports.py's; the writing is store/imports.py's.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from yuesong_cli.domain.areas import Grid
from yuesong_cli.domain.fields import FIELD
from yuesong_cli.domain.imports import (
    CONTACTS,
    GRIDS,
    PERSONS,
    Blank,
    ContactRecord,
    Headers,
    Known,
    Layout,
    Problem,
    Record,
    Sorting,
    cell_text,
    check_contact_row,
    check_row,
    header_row_score,
    helper_refs,
    match_headers,
    sort_contacts,
    sort_rows,
)
from yuesong_cli.domain.text import clean_text
from yuesong_cli.errors import InvalidInput, YuesongError
from yuesong_cli.ledger.duelist import plan_rule_names
from yuesong_cli.messages import t
from yuesong_cli.store.contacts import contact_subjects, retired_days
from yuesong_cli.store.db import Store
from yuesong_cli.store.imports import (
    contact_signatures,
    corrected_signatures,
    known_persons,
    persons_by_id_number,
    record_imported,
    register_imported,
)

KINDS = (".xlsx", ".csv", ".txt")
# The header is looked for among the first rows: a title, a date line or blank rows
# often stand above it.
HEADER_SEARCH = 10
_BOM = b"\xef\xbb\xbf"


@dataclass
class Table:
    """The rows of a file as cells, each with its row number in the file (1 is the first);
    with several sheets read, the sheet of each row (``sheets``, beside ``rows``)."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    encoding: str | None = None
    sheets: list[str] = field(default_factory=list)


def decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    """The text of a file and the encoding it was read in: the one forced, else UTF-8
    (with or without a byte-order mark), else GB18030, which holds GBK and GB2312, what
    Excel saves a CSV in on a Chinese Windows. A strict UTF-8 decode is a reliable test
    (GBK text is almost never valid UTF-8), so no guessing library is needed."""
    if encoding is not None:
        try:
            return data.decode(encoding).removeprefix("\ufeff"), encoding
        except LookupError as error:
            raise InvalidInput("error.import.encoding_unknown", encoding=encoding) from error
        except UnicodeDecodeError as error:
            raise InvalidInput("error.import.encoding_forced", encoding=encoding) from error
    if data.startswith(_BOM):
        return data[len(_BOM) :].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as error:
        raise InvalidInput("error.import.encoding", encoding="UTF-8, GB18030") from error


def _delimited(text: str) -> Iterator[list[Any]]:
    """The rows of a CSV or tab-separated text. A quote left open swallows the lines
    after it into one cell, until the reader's limit on a cell (131,072 characters)
    stops it: refused, naming the line where that row began."""
    sample = text[:65536]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t")
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        dialect = csv.excel_tab if first.count("\t") > first.count(",") else csv.excel
    reader = csv.reader(text.splitlines(), dialect)
    while True:
        begins = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InvalidInput("error.import.csv_row", row=begins) from error
        yield row


def _workbook(path: Path, every_sheet: bool) -> Iterator[tuple[str, Iterator[list[Any]]]]:
    """The first sheet (or, ``every_sheet``, each sheet) by title, with its rows."""
    import openpyxl  # only this command reads workbooks: kept off every other start

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl errors alike: not a workbook
        raise InvalidInput("error.import.unreadable", file=path.name) from error
    try:
        for sheet in book.worksheets if every_sheet else book.worksheets[:1]:
            yield sheet.title, (list(row) for row in sheet.iter_rows(values_only=True))
    finally:
        book.close()


def _empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _no_progress(_done: int) -> None:
    return None


def read_table(path: Path, encoding: str | None = None, layout: Layout = PERSONS) -> Table:
    """The header row and the rows under it, blank rows left out."""
    kind = path.suffix.lower()
    if kind not in KINDS:
        raise InvalidInput("error.import.kind", kinds=", ".join(KINDS))
    if path.is_dir():
        raise InvalidInput("error.import.folder", file=str(path))
    if not path.is_file():
        raise InvalidInput("error.import.no_file", file=str(path))
    used = None
    if kind == ".xlsx":
        sheets = _workbook(path, layout.every_sheet)
    else:
        text, used = decode(path.read_bytes(), encoding)
        sheets = iter([("", _delimited(text))])
    table: Table | None = None
    for title, rows in sheets:
        headers, body = _sheet_rows(rows, layout)
        if table is None:  # the first sheet: its header row is the file's
            if headers is None:
                raise InvalidInput(layout.no_header, rows=HEADER_SEARCH)
            table = Table(headers, [], used)
        elif headers is None or _named(headers) != _named(table.headers):
            continue  # another kind of sheet (the template's notes): not rows of the file
        table.rows.extend(body)
        table.sheets.extend([title] * len(body))
    if table is None:  # a workbook without a sheet
        raise InvalidInput(layout.no_header, rows=HEADER_SEARCH)
    if len(set(table.sheets)) < 2:
        table.sheets = []
    return table


def _named(headers: list[str]) -> list[str]:
    """A header row without the empty cells at its end (sheets differ in width)."""
    named = list(headers)
    while named and not named[-1].strip():
        named.pop()
    return named


def _sheet_rows(
    rows: Iterator[list[Any]], layout: Layout
) -> tuple[list[str] | None, list[tuple[int, list[Any]]]]:
    """The header row of a sheet (None: not in the first rows) and the rows under it,
    blank rows left out."""
    headers: list[str] | None = None
    body: list[tuple[int, list[Any]]] = []
    for number, cells in enumerate(rows, start=1):
        blank = all(_empty(cell) for cell in cells)
        if headers is None:
            if not blank and header_row_score(cells, layout) >= 2:
                headers = ["" if cell is None else str(cell) for cell in cells]
            elif number >= HEADER_SEARCH:
                break
            continue
        if not blank:
            body.append((number, cells))
    return headers, body


Progress = Callable[[int], AbstractContextManager[Callable[[int], None]]]


@dataclass
class CheckedFile:
    """A file checked against the register: what it would do, and what it did."""

    file: str
    size: int
    sha256: str
    read: int
    headers: Headers
    sorting: Sorting[Any]
    written: list[Any] = field(default_factory=list)
    # Each rule's names (Chinese, English), for the warnings of rows of contacts.
    rule_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The report's words for this kind of file (messages.py keys).
    summary_key = "import.summary"
    written_key = "import.written"

    @property
    def problems(self) -> list[Problem]:
        found = self.sorting.problems + self.sorting.conflicting
        # Several sheets read: in the order read, for each sheet's rows count from 1.
        return found if any(p.sheet for p in found) else sorted(found, key=lambda p: p.row)

    @property
    def importable(self) -> bool:
        """Every row can be imported (new or already registered)."""
        return not self.sorting.problems and not self.sorting.conflicting

    def counts(self) -> dict[str, int]:
        return {
            "read": self.read,
            "new": len(self.sorting.new),
            "registered": self.sorting.registered,
            "conflicting": len(self.sorting.conflicting),
            "invalid": self.sorting.invalid,
        }

    def history_starts(self) -> tuple[dict[dt.date, int], int]:
        """The history starts the new records keep (a register of persons: PersonImport)
        and how many keep each; how many keep none."""
        return {}, len(self.sorting.new)

    def summary(self) -> dict[str, Any]:
        """What the audit row of the import keeps: the file, its size and digest, counts."""
        summary: dict[str, Any] = {"file": self.file, "size": self.size, "sha256": self.sha256}
        summary.update(self.counts())
        return summary


@dataclass
class PersonImport(CheckedFile):
    """A register of persons checked (``written``: the case numbers given;
    ``history_from``: the import's history start, ``--history-from``)."""

    history_from: dt.date | None = None

    def history_starts(self) -> tuple[dict[dt.date, int], int]:
        """The history starts the new persons keep, with how many keep each, and how
        many keep none (obligations count from their registration day): what the import
        did, whatever the option said."""
        kept: dict[dt.date, int] = {}
        for record in self.sorting.new:
            if record.history_from is not None:
                kept[record.history_from] = kept.get(record.history_from, 0) + 1
        return dict(sorted(kept.items())), len(self.sorting.new) - sum(kept.values())

    def summary(self) -> dict[str, Any]:
        summary = super().summary()
        if self.history_from is not None:
            summary["history_from"] = self.history_from.isoformat()
        return summary


class ContactImport(CheckedFile):
    """Past contacts checked (``written``: the ids of the contacts recorded)."""

    summary_key = "import.contacts.summary"
    written_key = "import.contacts.written"

    def counts(self) -> dict[str, int]:
        return {**super().counts(), "corrected": len(self.sorting.corrected)}


@dataclass
class _Read:
    """A file read and matched: its bytes, its rows as {column: cell}, the headers."""

    data: bytes
    headers: Headers
    header_of: dict[str, str]
    rows: list[tuple[int, dict[str, Any]]]
    sheets: list[str] = field(default_factory=list)  # as Table.sheets


def _read(path: Path, encoding: str | None, mapping: dict[str, str], layout: Layout) -> _Read:
    data = path.read_bytes() if path.is_file() else b""
    table = read_table(path, encoding, layout)
    headers = match_headers(table.headers, mapping, layout)
    header_of = {
        column: header
        for column, header in zip(headers.columns, headers.headers, strict=True)
        if column is not None
    }
    rows = [
        (
            number,
            {
                column: cell
                for column, cell in zip(headers.columns, cells, strict=False)
                if column is not None and not _empty(cell)
            },
        )
        for number, cells in table.rows
    ]
    return _Read(data, headers, header_of, rows, table.sheets)


def _check_rows(
    read: _Read, check: Callable[[int, dict[str, Any]], Any], progress: Progress | None
) -> list[Any]:
    checked: list[Any] = []
    total = len(read.rows)
    bar = progress(total) if progress else contextlib.nullcontext(_no_progress)
    with bar as advance:
        for done, (number, values) in enumerate(read.rows, start=1):
            outcome = check(number, values)
            if read.sheets and isinstance(outcome, list):  # which sheet the row is on
                outcome = [problem._replace(sheet=read.sheets[done - 1]) for problem in outcome]
            elif read.sheets and isinstance(outcome, ContactRecord):
                outcome = replace(outcome, sheet=read.sheets[done - 1])
            checked.append(outcome)
            if done % 100 == 0 or done == total:
                advance(done)
    return checked


def _digest(path: Path, read: _Read) -> dict[str, Any]:
    return {
        "file": path.name,
        "size": len(read.data),
        "sha256": hashlib.sha256(read.data).hexdigest(),
        "read": len(read.rows),
        "headers": read.headers,
    }


def check_import(
    store: Store,
    path: Path,
    layout: Layout,
    *,
    encoding: str | None,
    mapping: dict[str, str],
    today: dt.date,
    progress: Progress | None = None,
    history_from: dt.date | None = None,
) -> CheckedFile:
    """The whole file read and checked, row by row, against the register: a register of
    persons (``layout`` PERSONS; ``history_from``: the import's history start, which a
    row's own replaces) or past contacts (CONTACTS); nothing written."""
    read = _read(path, encoding, mapping, layout)
    digest = _digest(path, read)
    if layout is CONTACTS:
        names = {key: (zh, en) for key, zh, en in plan_rule_names(store)}
        sorting = _sort_contacts(store, read, today, progress)
        return ContactImport(sorting=sorting, rule_names=names, **digest)
    persons = _sort_persons(store, read, today, progress, history_from)
    return PersonImport(sorting=persons, history_from=history_from, **digest)


def _sort_persons(
    store: Store,
    read: _Read,
    today: dt.date,
    progress: Progress | None,
    history_from: dt.date | None,
) -> Sorting[Record]:
    header_of = read.header_of
    areas = store.area_index()
    checked: list[Record | list[Problem]] = _check_rows(
        read,
        lambda number, values: check_row(number, values, header_of, today, history_from, areas),
        progress,
    )
    numbers = [outcome.id_number for outcome in checked if isinstance(outcome, Record)]
    existing = persons_by_id_number(store, numbers)
    id_header = header_of.get("id_number", t(FIELD["id_number"].label))
    return sort_rows(checked, existing, id_header, header_of)


def _sort_contacts(
    store: Store, read: _Read, today: dt.date, progress: Progress | None
) -> Sorting[ContactRecord]:
    """Each row checked against the register (the person must be registered, the day one
    of their record) and against the contacts it holds already."""
    register = known_persons(store)
    subjects = contact_subjects(store, [person_id for person_id, _, _ in register])
    people = {}
    for person_id, case_no, id_number in register:
        known = Known(person_id, case_no, subjects[person_id])
        people[case_no.upper()] = known
        if id_number:
            people[id_number] = known
    helpers: dict[str, int | YuesongError] = {}
    for _, values in read.rows:
        for ref in helper_refs(values.get("helpers")):
            if ref not in helpers:
                try:
                    helpers[ref] = store.resolve_helper(ref)
                except YuesongError as error:
                    helpers[ref] = error
    retired = retired_days(store, [found for found in helpers.values() if isinstance(found, int)])
    header_of = read.header_of
    checked: list[ContactRecord | Blank | list[Problem]] = _check_rows(
        read,
        lambda number, values: check_contact_row(
            number, values, header_of, today, people, helpers, retired
        ),
        progress,
    )
    persons = {c.person_id for c in checked if isinstance(c, ContactRecord)}
    return sort_contacts(
        checked, contact_signatures(store, persons), corrected_signatures(store, persons)
    )


def commit_import(store: Store, checked: CheckedFile, *, skip_invalid: bool) -> CheckedFile:
    """Write the new records of a checked file (persons registered, contacts recorded),
    all in one transaction; refused (nothing written) when a row cannot be imported,
    unless ``skip_invalid``. Persons' obligations count from the history start each
    record keeps (the import's audit row names the import's), so a register brought in
    does not open with a wall of obligations missed before the ledger was kept
    (docs/model.md "Supervision")."""
    if not checked.importable and not skip_invalid:
        raise InvalidInput("error.import.refused")
    if checked.sorting.new:  # the same file again: nothing new, nothing written
        if isinstance(checked, ContactImport):
            checked.written = record_imported(store, checked.sorting.new, checked.summary())
        else:
            checked.written = register_imported(store, checked.sorting.new, checked.summary())
    return checked


def read_grid_table(
    path: Path, encoding: str | None, mapping: dict[str, str] | None = None
) -> tuple[list[Grid], list[Problem]]:
    """The township's grid table (``area import``): its grids in the table's order, and
    the problem of each row that names no grid or no zone, or text that cannot be kept."""
    read = _read(path, encoding, mapping or {}, GRIDS)
    grids: list[Grid] = []
    problems: list[Problem] = []
    for number, cells in read.rows:
        values: dict[str, str | None] = {}
        for column in ("grid", "zone", "village", "village_group"):
            header = read.header_of.get(column, column)
            try:
                values[column] = clean_text(cell_text(cells.get(column)) or "", header) or None
            except YuesongError as error:
                problems.append(Problem(number, header, error.key, error.params))
        missing = [column for column in ("grid", "zone") if not values.get(column)]
        for column in missing:
            problems.append(
                Problem(number, read.header_of.get(column, column), "error.import.empty", {})
            )
        if not missing and len(values) == 4:
            grids.append(
                Grid(
                    str(values["grid"]),
                    values["zone"],
                    values["village"],
                    values["village_group"],
                )
            )
    if not grids and not problems:
        raise InvalidInput("error.area.table_empty")
    return grids, problems
