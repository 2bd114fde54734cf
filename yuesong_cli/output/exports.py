"""Listings written to files: CSV, XLSX or JSON, chosen by the file's suffix.

Every value passes through ``Renderer.cell`` exactly as on screen, so an export is masked
as a listing is (docs/security.md §2); headers are ``Renderer.label``. ``export_bytes``
makes the file's contents; writing them is system/files.py's: readable by the owner only
whatever the umask (0600; on Windows an owner-only access list), whole or not at all (a
temporary file of ours in the target's folder, synced, then given its name), and never
over an existing file unless asked (docs/security.md §1, §7). A missing folder is made,
owner-only (0700). Auditing is the caller's (cli/exporting.py): the store records the
export, with ``export_fields`` naming what was written, and the file takes its name only
once that record has committed.

Layouts:

- CSV: UTF-8 with a byte-order mark and CRLF line ends, as Excel on Windows expects.
  One sheet is a header row and its rows. Several sheets follow one another, each
  preceded by a line holding its title, with an empty line between them. Cells are
  written by the renderer's one CSV writer (``render.CsvWriter``), as ``--format csv``
  prints them: text that a spreadsheet would take for a formula opens as text.
- XLSX: one worksheet a sheet, with a bold, frozen header row; dates, numbers and rates
  are real Excel values, everything else (masked values included) stays text.
- JSON: UTF-8, indented; one sheet is a list of objects keyed by column key, several are
  an object of such lists keyed by sheet title. Values are the machine form (vocabulary
  keys, ``true``/``false``, rates as fractions), as ``--format json`` prints them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from yuesong_cli.domain.text import check_path
from yuesong_cli.errors import Fault, InvalidInput, YuesongError
from yuesong_cli.messages import t
from yuesong_cli.output.figures import percent
from yuesong_cli.output.render import Column, CsvWriter, Renderer
from yuesong_cli.system.files import private_folder, write_whole

EXPORT_FORMATS = ("csv", "xlsx", "json")

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_LIMIT = 31
_MIN_WIDTH, _MAX_WIDTH = 8, 50


@dataclass
class Sheet:
    """A listing to export: its title (display text, already in the officer's language),
    its columns and its rows (mappings from column key to stored value)."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    # What JSON carries, where it differs from what a person reads (as --format json).
    machine_columns: Sequence[Column] | None = None


def export_format(path: Path) -> str:
    """The export format named by ``path``'s suffix (case-insensitive)."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput("error.export.suffix", path=str(path))
    return fmt


def export_fields(sheets: Sequence[Sheet]) -> list[str]:
    """The stored fields an export writes, each once, in order: for the audit row, which
    names fields and never holds their values (a column built for reading, like the
    register's document, is named by the fields it is made of: the machine columns)."""
    keys: dict[str, None] = {}
    for sheet in sheets:
        keys.update(dict.fromkeys(c.key for c in sheet.machine_columns or sheet.columns))
    return list(keys)


def check_target(path: Path, *, replace: bool = True) -> None:
    """Refuse, before anything is written, a target that cannot take a file: a path
    typed with control characters, a file where a folder should be, a folder given as
    the file, a file the officer may not write, or, unless ``replace``, any file there
    (``error.file.exists``). A folder that does not exist yet is fine: writing makes it."""
    check_path(str(path))
    folder = path.parent
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    if not folder.is_dir():
        raise InvalidInput("error.folder.is_file", path=str(folder))
    if path.is_dir():
        raise InvalidInput("error.export.is_folder", path=str(path))
    if (path.exists() or path.is_symlink()) and not replace:
        raise Fault("error.file.exists", path=str(path))
    if path.exists() and not os.access(path, os.W_OK):
        # Replacing it by a rename would succeed; a file kept read-only is kept.
        raise YuesongError("error.export.denied", path=str(path))


def export_bytes(path: Path, sheets: Sequence[Sheet], renderer: Renderer) -> bytes:
    """The contents of an export of ``sheets`` in the format of ``path``'s suffix, made
    in memory: nothing reaches the disk before the whole file is known, and a write that
    fails half-way leaves no half-made workbook behind."""
    if not sheets:
        raise ValueError("an export needs at least one sheet")
    fmt = export_format(path)
    out = io.BytesIO()
    if fmt == "csv":
        _write_csv(out, sheets, renderer)
    elif fmt == "xlsx":
        _write_xlsx(out, sheets, renderer)
    else:
        _write_json(out, sheets, renderer)
    return out.getvalue()


def write_export(
    path: Path, sheets: Sequence[Sheet], renderer: Renderer, *, replace: bool = False
) -> int:
    """Write ``sheets`` to ``path`` whole (a file there is replaced only with
    ``replace``), with no audit row: for what records none; return the number of data
    rows written. A command's export is cli/exporting.py's, audited."""
    check_target(path, replace=replace)
    data = export_bytes(path, sheets, renderer)
    private_folder(path.parent)
    write_whole(path, data, replace=replace)
    return sum(len(sheet.rows) for sheet in sheets)


# --- values ---------------------------------------------------------------------------


def _typed(column: Column, value: Any, renderer: Renderer) -> Any:
    """The value for a human reader's file: a date, number, rate or yes/no where the
    column says so and the (masked) value allows, otherwise the screen text."""
    machine = renderer.cell(column, value, machine=True)
    if machine is None:
        return None
    kind = column.kind
    if kind == "date":
        return _as_date(machine) or _screen(column, value, renderer)
    if kind in ("number", "percent"):
        if isinstance(machine, int | float) and not isinstance(machine, bool):
            return machine
        return _screen(column, value, renderer)
    if kind == "bool":
        return t("bool.yes" if machine else "bool.no", renderer.lang)
    return _screen(column, value, renderer)


def _screen(column: Column, value: Any, renderer: Renderer) -> str:
    # The same call the screen makes: masked alike, vocabulary keys shown as labels.
    return str(renderer.cell(column, value))


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _as_text(value: Any) -> str:
    """How a typed value reads, to measure how wide it is in a worksheet."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _display_width(text: str) -> int:
    """Columns the text takes: two for a Chinese character, one for ASCII."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --- CSV ------------------------------------------------------------------------------


def _write_csv(out: IO[bytes], sheets: Sequence[Sheet], renderer: Renderer) -> None:
    out.write(codecs.BOM_UTF8)
    # The writer --format csv uses: cells and their guard against formulas are one.
    writer = CsvWriter(codecs.getwriter("utf-8")(out), renderer, line_end="\r\n")
    several = len(sheets) > 1
    for index, sheet in enumerate(sheets):
        if index:
            writer.blank()
        if several:
            writer.text_row([sheet.title])
        writer.table(sheet.columns, sheet.rows)


# --- XLSX -----------------------------------------------------------------------------


def _write_xlsx(out: IO[bytes], sheets: Sequence[Sheet], renderer: Renderer) -> None:
    # Imported here: openpyxl takes a noticeable share of a start, and only this path
    # needs it (the daily due list never does).
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    used: set[str] = set()
    bold = Font(bold=True)
    for index, sheet in enumerate(sheets):
        title = _sheet_title(sheet.title, used, index + 1)
        used.add(title.casefold())
        worksheet = book.active if index == 0 else book.create_sheet()
        worksheet.title = title
        widths = [_display_width(renderer.label(c)) for c in sheet.columns]
        for col, column in enumerate(sheet.columns, start=1):
            cell = worksheet.cell(row=1, column=col, value=renderer.label(column))
            cell.data_type = "s"
            cell.font = bold
        for row_number, row in enumerate(sheet.rows, start=2):
            for col, column in enumerate(sheet.columns, start=1):
                value = _typed(column, row.get(column.key), renderer)
                if isinstance(value, str):
                    # Control characters are not allowed in a worksheet; a stray one in
                    # a note must not stop the export.
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = worksheet.cell(row=row_number, column=col, value=value)
                if isinstance(value, str):
                    # Text stays text: "=…" is not a formula, "#N/A" is not an error.
                    cell.data_type = "s"
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif column.kind == "percent":
                    cell.number_format = "0.0%"
                widths[col - 1] = max(widths[col - 1], _xlsx_width(column, value))
        for col, width in enumerate(widths, start=1):
            letter = get_column_letter(col)
            worksheet.column_dimensions[letter].width = min(max(width, _MIN_WIDTH), _MAX_WIDTH) + 2
        worksheet.freeze_panes = "A2"
    book.save(out)


def _xlsx_width(column: Column, value: Any) -> int:
    if column.kind == "percent" and isinstance(value, int | float):
        return len(percent(value))
    return _display_width(_as_text(value))


def _sheet_title(title: str, used: set[str], number: int) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\, not
    starting or ending with an apostrophe, not "History", unique (case-insensitively)."""
    name = _SHEET_TITLE_FORBIDDEN.sub("_", title).strip().strip("'")
    if not name or name.casefold() == "history":
        name = f"{name or 'Sheet'} {number}".strip()
    name = name[:_SHEET_TITLE_LIMIT]
    candidate, suffix = name, 2
    while candidate.casefold() in used:
        tail = f" ({suffix})"
        candidate = name[: _SHEET_TITLE_LIMIT - len(tail)] + tail
        suffix += 1
    return candidate


# --- JSON -----------------------------------------------------------------------------


def _write_json(out: IO[bytes], sheets: Sequence[Sheet], renderer: Renderer) -> None:
    listings: dict[str, list[dict[str, Any]]] = {}
    for sheet in sheets:
        rows = [
            {
                c.key: renderer.cell(c, row.get(c.key), machine=True)
                for c in sheet.machine_columns or sheet.columns
            }
            for row in sheet.rows
        ]
        key, suffix = sheet.title, 2
        while key in listings:
            key, suffix = f"{sheet.title} ({suffix})", suffix + 1
        listings[key] = rows
    value: Any = next(iter(listings.values())) if len(sheets) == 1 else listings
    text = json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)
    out.write((text + "\n").encode("utf-8"))


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")
