"""The one output path: rows and documents rendered as table, plain, CSV or JSON.

Every value passes through ``Renderer.cell``, which masks ID numbers, phones and (when
the setting says so) names, unless the caller holds an audited reveal. Commands never
format; they hand rows and column descriptions here. This module is the only one that
imports rich (ruff's banned-api rule enforces it).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Protocol, cast

from rich.cells import cell_len

from yuesong_cli.domain import vocab
from yuesong_cli.domain.countries import country_name
from yuesong_cli.domain.masking import PURGED_NAME, mask_id_number, mask_name, mask_phone
from yuesong_cli.messages import t
from yuesong_cli.output.figures import percent
from yuesong_cli.system.console import writable_stream

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("table", "plain", "csv", "json")

# What makes a spreadsheet read a CSV cell as a formula (OWASP "CSV injection"): a note
# or an imported name starting with "=" must open as text, not run.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

RowStyle = Callable[[Mapping[str, Any]], str | None]

# The kinds of column ``cell`` changes for a machine (masks, the purged name, booleans).
_MACHINE_KINDS = frozenset({"name", "id_number", "phone", "birth_date", "bool"})
_VOCABULARIES: dict[str, vocab.Vocabulary] = {
    "status": vocab.STATUS,
    "role": vocab.ROLE,
    "mode": vocab.MODE,
    "result": vocab.URINE_RESULT,
    "substance": vocab.SUBSTANCE,
    "method": vocab.METHOD,
    "risk": vocab.RISK,
    "gender": vocab.GENDER,
    "dibao": vocab.DIBAO,
    "kind": vocab.CONTACT_KIND,
    "due_status": vocab.DUE_STATUS,
    "schedule": vocab.SCHEDULE,
    "breach_kind": vocab.BREACH_KIND,
    "breach_source": vocab.BREACH_SOURCE,
    "period": vocab.PERIOD,
    "education_kind": vocab.EDUCATION_KIND,
    "support_kind": vocab.SUPPORT_KIND,
    "doc_kind": vocab.DOC_KIND,
}
# Comma-joined lists of vocabulary keys, shown with the language's list separator.
_LIST_VOCABULARIES: dict[str, vocab.Vocabulary] = {
    "kinds": vocab.CONTACT_KIND,
    "substances": vocab.SUBSTANCE,
}


@dataclass(frozen=True)
class Column:
    """A column: the row key, its label's catalog key and how to show the value.

    ``kind`` is one of: text, number, date, bool, name, id_number, phone, or the name of
    a vocabulary (status, role, mode, …) or of a list of them (kinds, substances).
    """

    key: str
    label: str
    kind: str = "text"
    # A table on a screen too narrow for it (the table format only: plain text, CSV and
    # JSON always carry every column) drops its columns of lowest importance first: the
    # column of drop_order 1 goes first, then 2, …; None is never dropped.
    drop_order: int | None = None
    # Free text (a place, a note, an alert's detail) may wrap onto more lines, down to
    # this many cells wide. None: the cell is never broken nor cut (a case number, a date,
    # a number, a name, a label).
    wrap_to: int | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", "percent")


# A person's name as a column: what ``machine_name`` shows a name as.
_NAME = Column("name", "col.name", "name")


@dataclass
class Section:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    empty: str = "render.empty"


@dataclass
class Document:
    """One record: a title, labelled fields, then sections of rows."""

    title: str
    fields: Sequence[tuple[Column, Any]]
    sections: Sequence[tuple[str, Section]] = field(default_factory=list)


class Renderer:
    def __init__(
        self,
        fmt: str | None,
        lang: str,
        *,
        mask_names: bool = True,
        reveal: bool = False,
        out: IO[str] | None = None,
        wide: bool = False,
        width: int | None = None,
    ) -> None:
        # A console whose encoding cannot write a chart's block or a mark gets a plain
        # equivalent instead of a crash (system/console.py).
        self.out = writable_stream(out or sys.stdout)
        self.fmt = fmt or ("table" if self.out.isatty() else "plain")
        self.lang = lang
        self.mask_names = mask_names
        self.reveal = reveal
        # --wide: every column, however wide the screen.
        self.wide = wide
        # The screen's width in cells; None: the terminal's, or COLUMNS (tests force it).
        self.width = width

    # --- values -------------------------------------------------------------------

    def cell(self, column: Column, value: Any, *, machine: bool = False) -> Any:
        """The value as shown: masked where sensitive; labels unless ``machine``."""
        if value is None or value == "":
            return None if machine else ""
        kind = column.kind
        if kind == "name" and value == PURGED_NAME:
            # A file purged past its retention: said in the officer's language, unmasked.
            return t("purge.name", self.lang)
        if not self.reveal:
            if kind == "id_number":
                return mask_id_number(str(value))
            if kind == "phone":
                return mask_phone(str(value))
            if kind == "name" and self.mask_names:
                return mask_name(str(value))
            if kind == "birth_date":
                # The year only: month and day beside the masked ID number would give
                # the number's hidden digits back.
                return f"{str(value)[:4]}-**-**"
        if machine:
            return bool(value) if kind == "bool" else value
        if kind in _VOCABULARIES:
            return _VOCABULARIES[kind].label(str(value), self.lang)
        if kind in _LIST_VOCABULARIES:
            words = _LIST_VOCABULARIES[kind]
            separator = "、" if self.lang == "zh" else ", "
            return separator.join(words.label(k, self.lang) for k in str(value).split(",") if k)
        if kind == "bool":
            return t("bool.yes" if value else "bool.no", self.lang)
        if kind == "nationality":
            # The code is what the passport prints; the name is what the officer reads.
            name = country_name(str(value), self.lang)
            return str(value) if name == str(value) else f"{name} ({value})"
        if kind == "percent":
            return percent(float(value))
        return str(value)

    def csv_cell(self, column: Column, value: Any) -> str:
        """The value in a CSV cell, on stdout or in a file: the screen text, guarded
        against formulas. A real number in a number or rate column is written as one, so
        -3 stays the number -3; any text, whatever its column, is guarded."""
        machine = self.cell(column, value, machine=True)
        if machine is None:
            return ""
        if column.numeric and isinstance(machine, int | float) and not isinstance(machine, bool):
            # "86.5%" is what Excel itself writes, and reads back as the number 0.865.
            return percent(machine) if column.kind == "percent" else str(machine)
        return csv_text(str(self.cell(column, value)))

    def text(self, column: Column, value: Any) -> str:
        return str(self.cell(column, value))

    def label(self, column: Column) -> str:
        return t(column.label, self.lang)

    # --- listings -----------------------------------------------------------------

    def rows(
        self,
        rows: Sequence[Mapping[str, Any]],
        columns: Sequence[Column],
        *,
        title: str | None = None,
        headline: str | None = None,
        style: RowStyle | None = None,
        machine_columns: Sequence[Column] | None = None,
    ) -> None:
        """A listing. ``machine_columns`` (default: ``columns``) are what JSON carries;
        ``style`` colours a table row (urgency, say)."""
        self.sections(
            [(None, rows)],
            columns,
            title=title,
            headline=headline,
            style=style,
            machine_columns=machine_columns,
        )

    def sections(
        self,
        sections: Sequence[tuple[str | None, Sequence[Mapping[str, Any]]]],
        columns: Sequence[Column],
        *,
        title: str | None = None,
        headline: str | None = None,
        style: RowStyle | None = None,
        machine_columns: Sequence[Column] | None = None,
    ) -> None:
        """Rows in titled sections on a screen or paper; one flat list in JSON and CSV."""
        every = [row for _, rows in sections for row in rows]
        if self.fmt == "json":
            self._write_json(self._machine_rows(every, machine_columns or columns))
        elif self.fmt == "csv":
            self._write_csv(every, columns)
        elif self.fmt == "plain":
            self._write_plain_head(title, headline)
            for index, (section, rows) in enumerate(sections):
                if section is not None:
                    self.out.write(("\n" if index else "") + section + "\n")
                self._write_plain(rows, columns, None, None)
        else:
            from rich.text import Text

            console = self._console()
            if title:
                console.print(Text(title, style="bold"))
            if headline:
                console.print(Text(headline, style="bold"))
            for section, rows in sections:
                self._write_table(rows, columns, section, None, style)

    def _machine_rows(
        self, rows: Sequence[Mapping[str, Any]], columns: Sequence[Column]
    ) -> list[dict[str, Any]]:
        # A value of a kind ``cell`` neither masks nor turns into a boolean goes as it is
        # (None for an empty one), decided once per column rather than per cell: a
        # county's due list is tens of thousands of rows.
        cell = self.cell
        plan = [(c.key, c if c.kind in _MACHINE_KINDS else None) for c in columns]
        return [
            {
                key: cell(column, row.get(key), machine=True)
                if column is not None
                else (None if (value := row.get(key)) == "" else value)
                for key, column in plan
            }
            for row in rows
        ]

    def machine_name(self, value: str | None) -> str | None:
        """A person's name as machine output carries it (masked, or the purged file's
        word): what ``cell`` makes of a name column for JSON."""
        return cast(str | None, self.cell(_NAME, value, machine=True))

    def json_items(self, items: Sequence[str]) -> None:
        """A list whose items are JSON already, one a line, as ``_write_json`` writes a
        list of values."""
        if not items:
            self._write_json([])
            return
        self.out.write("[\n  " + ",\n  ".join(items) + "\n]\n")

    def json_value(self, value: Any) -> None:
        """A value built for machines (already masked by its maker) as JSON."""
        self._write_json(value)

    def _write_json(self, value: Any) -> None:
        if isinstance(value, list) and value:
            # One item a line, each by the C encoder of one encoder made once: indent=
            # would fall back to the pure-Python encoder, seconds for a county's due list.
            encode = json.JSONEncoder(ensure_ascii=False).encode
            self.out.write("[\n  " + ",\n  ".join(map(encode, value)) + "\n]\n")
            return
        json.dump(value, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")

    def _write_csv(self, rows: Sequence[Mapping[str, Any]], columns: Sequence[Column]) -> None:
        CsvWriter(self.out, self).table(columns, rows)

    def _write_plain_head(self, title: str | None, headline: str | None) -> None:
        if title:
            self.out.write(f"{title}\n")
        if headline:
            self.out.write(f"{headline}\n")
        if title or headline:
            self.out.write("\n")

    def _write_plain(
        self,
        rows: Sequence[Mapping[str, Any]],
        columns: Sequence[Column],
        title: str | None,
        headline: str | None,
    ) -> None:
        self._write_plain_head(title, headline)
        if not rows:
            self.out.write(t("render.empty", self.lang) + "\n")
            return
        table = [[self.label(c) for c in columns]]
        table += [[self.text(c, row.get(c.key)) for c in columns] for row in rows]
        self.out.write(_align(table, [c.numeric for c in columns]))

    def _console(self) -> Console:
        # rich's console and tables load only for the table format: JSON and plain text
        # (the cron job) start faster without them.
        from rich.console import Console

        return Console(file=self.out, highlight=False, soft_wrap=False, width=self._width())

    def _width(self) -> int | None:
        """The width to fit, in cells: forced, else COLUMNS, else the terminal's (None:
        rich asks it). Off a terminal without COLUMNS (a pipe, a file) there is no screen
        to fit: a width no table reaches."""
        if self.width:
            return self.width
        columns = os.environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            return int(columns)
        return None if self.out.isatty() else UNLIMITED

    def _fit(
        self,
        columns: Sequence[Column],
        cells: Sequence[Sequence[str]],
        space: int,
        *,
        headed: bool = True,
    ) -> Fit:
        """Which columns show and how wide, to fit ``space`` cells (all of them, whole,
        under --wide)."""
        naturals = [
            max([cell_len(self.label(c)) if headed else 0, *(_text_width(row[i]) for row in cells)])
            for i, c in enumerate(columns)
        ]
        if self.wide:
            return Fit(list(range(len(columns))), naturals)
        return fit_columns(columns, naturals, space)

    def _write_table(
        self,
        rows: Sequence[Mapping[str, Any]],
        columns: Sequence[Column],
        title: str | None,
        headline: str | None,
        style: RowStyle | None = None,
    ) -> None:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        console = self._console()
        if headline:
            console.print(Text(headline, style="bold"))
        if not rows:
            if title:
                console.print(Text(title, style="bold"))
            console.print(t("render.empty", self.lang))
            return
        cells = [[self.text(c, row.get(c.key)) for c in columns] for row in rows]
        fit = self._fit(columns, cells, console.width)
        # Titles hold the officer's own words (village and helper names): never markup.
        table = Table(
            title=Text(title) if title else None, box=box.SIMPLE_HEAVY, header_style="bold cyan"
        )
        for index in fit.shown:
            column = columns[index]
            table.add_column(
                self.label(column),
                justify="right" if column.numeric else "left",
                width=fit.widths[index],
                no_wrap=column.wrap_to is None,
                overflow="fold",
            )
        for row, texts in zip(rows, cells, strict=True):
            table.add_row(
                *(Text(texts[index]) for index in fit.shown),
                style=style(row) if style else None,
            )
        # A table that cannot fit even narrowed runs past the screen's edge (the terminal
        # wraps its lines) rather than cut a case number or a date.
        console.width = max(console.width, table_width(fit.widths, fit.shown))
        console.print(table)

    # --- documents ----------------------------------------------------------------

    def document(self, doc: Document) -> None:
        if self.fmt == "json":
            value: dict[str, Any] = {
                column.key: self.cell(column, raw, machine=True) for column, raw in doc.fields
            }
            for key, section in doc.sections:
                value[key] = self._machine_rows(section.rows, section.columns)
            self._write_json(value)
            return
        if self.fmt == "csv":
            writer = CsvWriter(self.out, self)
            for column, raw in doc.fields:
                writer.text_row([self.label(column)], [self.csv_cell(column, raw)])
            for _key, section in doc.sections:
                writer.blank()
                writer.text_row([t(section.title, self.lang)])
                writer.table(section.columns, section.rows)
            return
        shown_fields = [(c, self.text(c, raw)) for c, raw in doc.fields if raw not in (None, "")]
        pairs = [[self.label(c), text] for c, text in shown_fields]
        if self.fmt == "plain":
            self.out.write(f"{doc.title}\n\n")
            if pairs:
                self.out.write(_align(pairs, [False, False], header=False))
            for _key, section in doc.sections:
                self.out.write("\n")
                self._write_plain(section.rows, section.columns, t(section.title, self.lang), None)
            return
        from rich import box
        from rich.table import Table
        from rich.text import Text

        if pairs:
            console = self._console()
            # The labels, and every value that is no free text (a date, a case number),
            # stay whole; the value column narrows only as far as the widest of them, and
            # an address or a note wraps.
            whole = [_text_width(text) for c, text in shown_fields if c.wrap_to is None]
            grid_columns = (
                Column("label", ""),
                Column("value", "", wrap_to=max([WRAP_MIN, *whole])),
            )
            fit = self._fit(grid_columns, pairs, console.width, headed=False)
            grid = Table(title=Text(doc.title, style="bold"), box=box.ROUNDED, show_header=False)
            grid.add_column(style="bold", no_wrap=True, width=fit.widths[0])
            grid.add_column(width=fit.widths[1], overflow="fold")
            for label, shown in pairs:
                grid.add_row(label, Text(shown))
            console.width = max(console.width, table_width(fit.widths, fit.shown))
            console.print(grid)
        else:
            self._console().print(Text(doc.title, style="bold"))
        for _key, section in doc.sections:
            self._write_table(section.rows, section.columns, t(section.title, self.lang), None)

    def line(self, text: str) -> None:
        self.out.write(text + "\n")


# The width of a screen when there is none to fit (a pipe or a file without COLUMNS).
UNLIMITED = 400
# The narrowest the values of a document's fields become when one of them wraps.
WRAP_MIN = 10


@dataclass
class Fit:
    """The columns shown (their indexes, in order) and every column's width in cells."""

    shown: list[int]
    widths: list[int]


def table_width(widths: Sequence[int], shown: Sequence[int]) -> int:
    """The cells a table takes: each column with a space of padding each side and one
    between columns (or a frame's line), and the table's two edges."""
    return sum(widths[i] for i in shown) + 3 * len(shown) + 1


def fit_columns(columns: Sequence[Column], naturals: Sequence[int], space: int) -> Fit:
    """Fit a table into ``space`` cells: drop the droppable columns in their drop order
    until the narrowest the rest can be fits, then narrow the widest wrapping columns
    first, each down to its ``wrap_to`` at the least. A case number, a date or a number
    is never narrowed; if even the narrowest table is wider than ``space``, it is wider."""
    floors = [
        natural if c.wrap_to is None else min(natural, c.wrap_to)
        for c, natural in zip(columns, naturals, strict=True)
    ]
    shown = list(range(len(columns)))
    droppable = sorted(
        (i for i, c in enumerate(columns) if c.drop_order is not None),
        key=lambda i: columns[i].drop_order or 0,
    )
    while table_width(floors, shown) > space and droppable:
        shown.remove(droppable.pop(0))
    widths = list(naturals)
    excess = table_width(widths, shown) - space
    while excess > 0:
        narrower = [i for i in shown if widths[i] > floors[i]]
        if not narrower:
            break
        widest = max(widths[i] for i in narrower)
        for i in narrower:
            if widths[i] == widest and excess > 0:
                widths[i] -= 1
                excess -= 1
    return Fit(shown, widths)


def _text_width(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


def csv_text(text: str) -> str:
    """Text as a CSV cell that opens as text: a leading apostrophe is the spreadsheet's
    own sign for "text, not a formula"."""
    return "'" + text if text.startswith(_FORMULA_START) else text


class TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


class CsvWriter:
    """The one CSV writer, for ``--format csv`` and for CSV files alike: every label and
    title is guarded against formulas, every value is ``Renderer.csv_cell``. ``out`` takes
    text (stdout, or a file's encoder); the line end is the caller's (Excel wants CRLF)."""

    def __init__(self, out: TextSink, renderer: Renderer, line_end: str = "\n") -> None:
        self._writer = csv.writer(out, lineterminator=line_end)
        self._renderer = renderer

    def blank(self) -> None:
        self._writer.writerow([])

    def text_row(self, texts: Sequence[str], cells: Sequence[str] = ()) -> None:
        """A row of display text (a title, a label), guarded, then cells already made by
        ``Renderer.csv_cell``."""
        self._writer.writerow([*(csv_text(text) for text in texts), *cells])

    def table(self, columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> None:
        """A header row of labels, then one row a record."""
        self.text_row([self._renderer.label(c) for c in columns])
        for row in rows:
            self._writer.writerow([self._renderer.csv_cell(c, row.get(c.key)) for c in columns])


def _align(table: Sequence[Sequence[str]], numeric: Sequence[bool], header: bool = True) -> str:
    """Columns padded by display width, so Chinese (two cells a character) lines up."""
    widths = [max(cell_len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = []
    for index, row in enumerate(table):
        cells = []
        for i, value in enumerate(row):
            pad = " " * (widths[i] - cell_len(value))
            cells.append(pad + value if numeric[i] and (index > 0 or not header) else value + pad)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
