"""Bringing an existing register (台账) in: which column is which field, and what each row
of it would register. Pure code: the file is read elsewhere (ledger/imports.py) and the
register asked elsewhere; this module gets cells and answers with records and problems.

A header names a field by the field's own column name, its label in either language
(from the catalog, through domain/fields.py), or one of the synonyms below that counties
use; ``--map 列名=field`` names the rest. The resident ID number is the key: a row
without one cannot be told apart from a person already registered, so it is refused.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar

from yuesong_cli.domain.areas import Grid, person_area
from yuesong_cli.domain.contacts import (
    ContactWarning,
    Subject,
    TypedContact,
    check_contact,
)
from yuesong_cli.domain.dates import parse_date
from yuesong_cli.domain.fields import FIELD, Field, stored_form
from yuesong_cli.domain.idnumber import parse_id_number
from yuesong_cli.domain.lifecycle import registration_day_refusal, registration_decision
from yuesong_cli.domain.obligations import check_history_from
from yuesong_cli.domain.text import clean_name, clean_text, normalise_phone
from yuesong_cli.domain.vocab import CONTACT_KIND, MODE, STATUS, SUBSTANCE, URINE_RESULT
from yuesong_cli.errors import InvalidInput, UsageProblem, YuesongError
from yuesong_cli.messages import t

# Columns that are no field of the file: the day the status recorded is in force from,
# and the helper who answers for the person (teams are imported by another part: the
# column is reported, not dropped).
SINCE = "since"
HELPER = "helper"
NOT_YET = frozenset({HELPER})

# The fields an import may fill: who the person is, and every field the officer sets.
IMPORTED = ("name", "id_number", "gender", "birth_date", "status") + tuple(
    f.column for f in FIELD.values() if f.editable
)

# What counties call the columns, beyond the fields' own labels. Keys are columns of
# domain/fields.py (checked below) or the two above.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "name"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "id"),
    "gender": ("性别", "sex"),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "date of birth", "born"),
    "ethnicity": ("民族", "nation"),
    "household_address": ("户籍地", "户籍地址", "户籍所在地", "户籍"),
    "current_address": ("现住址", "现居住地", "现住地址", "居住地址", "住址"),
    "village": ("村委会", "村", "村(社区)", "村（社区）", "社区", "村委"),
    "village_group": ("村民小组", "组", "小组", "group"),
    "grid": ("网格",),
    "zone": ("片区",),
    "status": ("人员类别", "状态", "人员状态", "类别", "类型"),
    "decision_date": ("决定日期", "决定时间"),
    "decision_doc": ("决定书编号", "决定书文号", "决定书号", "文书编号", "doc"),
    SINCE: ("起始日期", "开始日期", "起始时间", "start date"),
    "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"),
    HELPER: ("包保责任人", "责任人", "包保人"),
}
assert all(key in FIELD or key in (SINCE, HELPER) for key in _SYNONYMS)


def header_key(text: str) -> str:
    """A header as compared: full-width folded, spaces, a trailing colon or star gone."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).rstrip(":*").lower().replace("_", " ")


def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for column in IMPORTED:
        spec = FIELD[column]
        for word in (column, t(spec.label, "zh"), t(spec.label, "en")):
            names.setdefault(header_key(word), column)
    for column, words in _SYNONYMS.items():
        for word in (column, *words):
            names.setdefault(header_key(word), column)
    return names


NAMES = _names()


@dataclass(frozen=True)
class Layout:
    """What a kind of file holds: the columns its headers name (by header key), the
    columns it must have (each a choice of columns, named in an error by ``labels``) and
    the columns recognised but not imported yet. ``every_sheet``: a workbook's later
    sheets with the first sheet's header row are read too (the helpers' sheets, one a
    helper); otherwise only the first sheet is."""

    names: Mapping[str, str]
    needed: tuple[tuple[str, ...], ...]
    labels: Mapping[str, str]
    not_yet: frozenset[str] = frozenset()
    every_sheet: bool = False
    # What a file without a header row is told it needs.
    no_header: str = "error.import.no_header"


# A register must say who each person is and what their status is: without the status
# no first entry, and so no term, could be recorded as the file means it.
PERSONS = Layout(
    NAMES,
    (("name",), ("id_number",), ("status",)),
    {column: t(FIELD[column].label, "zh") for column in ("name", "id_number", "status")},
    NOT_YET,
)

# The township's grid table (``yuesong area import``): a grid a row, in its zone, with the
# village and village group it covers where the table gives them (docs/domain.md
# "Zones and grids"). The grid worker's column is recognised and left: helpers are
# registered by ``helper add``.
_GRID_SYNONYMS: dict[str, tuple[str, ...]] = {
    "grid": ("网格", "网格名称", "网格名", "网格编号", "grid"),
    "zone": ("片区", "片区名称", "所属片区", "zone"),
    "village": ("村委会", "村", "村(社区)", "村（社区）", "社区", "村委", "village"),
    "village_group": ("村民小组", "组", "小组", "group", "village group"),
    "grid_worker": ("网格员", "网格长", "grid worker"),
}
GRIDS = Layout(
    {
        header_key(word): column
        for column, words in _GRID_SYNONYMS.items()
        for word in (column, *words)
    },
    (("grid",), ("zone",)),
    {"grid": "网格", "zone": "片区"},
    frozenset({"grid_worker"}),
    no_header="error.import.no_header.grids",
)


def field_named(word: str, layout: Layout = PERSONS) -> str:
    """The column ``--map`` names (a column name or any header of it)."""
    found = layout.names.get(header_key(word))
    if found is None:
        raise UsageProblem("usage.import.map_field", field=word)
    return found


def parse_mapping(pairs: Sequence[str], layout: Layout = PERSONS) -> dict[str, str]:
    """``--map 列名=field`` pairs as {header key: column}."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, word = pair.partition("=")
        if not sep or not header.strip() or not word.strip():
            raise UsageProblem("usage.import.map", pair=pair)
        mapping[header_key(header)] = field_named(word, layout)
    return mapping


@dataclass(frozen=True)
class Headers:
    """Which field each column of the file fills (None: not imported)."""

    headers: tuple[str, ...]
    columns: tuple[str | None, ...]
    unknown: tuple[str, ...]  # headers of columns no field takes
    not_yet: tuple[str, ...]  # headers of columns recognised but not imported yet


def match_headers(
    headers: Sequence[str], mapping: Mapping[str, str], layout: Layout = PERSONS
) -> Headers:
    columns: list[str | None] = []
    unknown: list[str] = []
    not_yet: list[str] = []
    taken: set[str] = set()
    for header in headers:
        key = header_key(header)
        column = mapping.get(key) or layout.names.get(key)
        if not key:
            columns.append(None)
            continue
        if column is None or column in taken:
            unknown.append(header)
            columns.append(None)
            continue
        taken.add(column)
        if column in layout.not_yet:
            not_yet.append(header)
            columns.append(None)
            continue
        columns.append(column)
    for choice in layout.needed:
        if not taken.intersection(choice):
            label = "/".join(layout.labels[column] for column in choice)
            raise InvalidInput("error.import.no_column", column=label)
    return Headers(tuple(headers), tuple(columns), tuple(unknown), tuple(not_yet))


def header_row_score(cells: Sequence[Any], layout: Layout = PERSONS) -> int:
    """How many cells of a row are headers of fields: the header row is the first that
    names at least two (a title row above it, merged across the sheet, names none)."""
    return sum(1 for cell in cells if isinstance(cell, str) and header_key(cell) in layout.names)


class Problem(NamedTuple):
    """One thing wrong with one row: its number in the file, the column, the message;
    and the sheet, when a workbook's several sheets were read."""

    row: int
    header: str
    key: str
    params: dict[str, Any]
    sheet: str = ""


@dataclass
class Record:
    """What a row registers."""

    row: int
    name: str
    id_number: str
    id_number_15: str | None
    gender: str
    birth_date: dt.date
    status: str
    since: dt.date
    doc_no: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    # The history start kept for the person: the row's 记录起始日, else the import's
    # day, where it is after the registration day; None: obligations count from
    # registration (docs/model.md "Supervision").
    history_from: dt.date | None = None
    # The day registered in this ledger: the row's 登记日期, else the status's day.
    registered_on: dt.date | None = None
    # Whether the file gave the status's day (起始日期, or the decision's or term's day)
    # rather than leaving it to the import day.
    since_given: bool = True


# Excel counts days from 1899-12-30 (its 1900 leap-year mistake folded in).
EXCEL_EPOCH = dt.date(1899, 12, 30)
_SCIENTIFIC = re.compile(r"[0-9](\.[0-9]+)?[eE]\+?[0-9]+")
_SERIAL = re.compile(r"[0-9]{5}(\.0+)?")
_TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "有"})
_FALSE = frozenset({"否", "n", "no", "false", "0", "×", "无", "不是"})


def cell_text(value: Any) -> str | None:
    """A cell as text, None when empty; a whole number without its ``.0``."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def cell_date(value: Any, today: dt.date) -> dt.date:
    """A date cell: a date, an Excel day number (as a number or its text), or typed."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(float(value))
    text = str(value).strip()
    if _SERIAL.fullmatch(text):
        return _serial(float(text))
    day = parse_date(text, today)
    if not dt.date(1900, 1, 1) <= day <= dt.date(2199, 12, 31):
        raise InvalidInput("error.date.out_of_range")
    return day


def _serial(number: float) -> dt.date:
    if not 1 <= number < 110_000:  # up to the year 2199
        raise InvalidInput("error.date.out_of_range")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def cell_id_number(value: Any, today: dt.date) -> tuple[str, str | None]:
    """The ID number of a cell (and the 15 digits typed, if upgraded). Excel shows a long
    number as 5.30829E+17 and keeps 15 digits of it: refused, the digits are lost."""
    if isinstance(value, float) or (
        isinstance(value, str) and _SCIENTIFIC.fullmatch(value.strip())
    ):
        raise InvalidInput("error.import.id_scientific")
    text = cell_text(value) or ""
    parsed = parse_id_number(text, today)
    return parsed.number, parsed.original


def _typed(spec: Field, value: Any, today: dt.date) -> Any:
    if spec.kind == "date":
        return cell_date(value, today)
    text = cell_text(value) or ""
    if spec.kind == "phone":
        return normalise_phone(text)
    if spec.kind == "bool":
        word = text.lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        raise InvalidInput("error.import.yes_no")
    if spec.vocabulary is not None:
        if spec.kind == "choices":
            return spec.vocabulary.parse_many([text.replace("、", ",")])
        return spec.vocabulary.parse(text)
    return clean_text(text, t(spec.label, "zh"))


def check_row(
    row: int,
    cells: Mapping[str, Any],
    headers: Mapping[str, str],
    today: dt.date,
    history_from: dt.date | None = None,
    areas: tuple[Mapping[str, Grid], Collection[str]] | None = None,
) -> Record | list[Problem]:
    """The record a row registers, or every problem of it. ``cells`` maps columns to
    the values of the row (empty cells left out), ``headers`` columns to their headers,
    ``history_from`` is the import's history start (``--history-from``), which a row's
    own 记录起始日 replaces; ``areas`` the registered grids and zones a row's grid and
    zone must name (domain/areas.py ``person_area``: the grid brings its zone)."""
    problems: list[Problem] = []

    def problem(column: str, error: YuesongError) -> None:
        problems.append(Problem(row, headers.get(column, column), error.key, error.params))

    def required(column: str) -> None:
        problems.append(Problem(row, headers.get(column, column), "error.import.empty", {}))

    name = id_number = id_15 = None
    if "name" not in cells:
        required("name")
    else:
        try:
            name = clean_name(cell_text(cells["name"]) or "")
        except YuesongError as error:
            problem("name", error)
    if "id_number" not in cells:
        required("id_number")
    else:
        try:
            id_number, id_15 = cell_id_number(cells["id_number"], today)
        except YuesongError as error:
            problem("id_number", error)
    identity = parse_id_number(id_number, today) if id_number else None
    fields: dict[str, Any] = {}
    for column, value in cells.items():
        if column in ("name", "id_number", "status", SINCE):
            continue
        try:
            fields[column] = _typed(FIELD[column], value, today)
        except YuesongError as error:
            problem(column, error)
    if areas is not None and ("grid" in fields or "zone" in fields):
        try:
            grid, zone = person_area(fields.get("grid"), fields.get("zone"), *areas)
        except YuesongError as error:
            problem("grid" if error.key.startswith("error.area.unknown_grid") else "zone", error)
        else:
            fields.update({key: value for key, value in (("grid", grid), ("zone", zone)) if value})
    if identity is not None:
        for column, own in (("gender", identity.gender), ("birth_date", identity.birth_date)):
            if column in fields and fields.pop(column) != own:
                problem(column, InvalidInput("error.import.not_as_id"))
    status = "community_treatment"
    if "status" not in cells:
        required("status")
    else:
        try:
            status = STATUS.parse(cell_text(cells["status"]) or "")
        except YuesongError as error:
            problem("status", error)
    since = None
    if SINCE in cells:
        try:
            since = cell_date(cells[SINCE], today)
        except YuesongError as error:
            problem(SINCE, error)
    # The file's own day, else the decision's or the term's; today only where it has none.
    since_given = bool(since or fields.get("decision_date") or fields.get("term_start"))
    since = since or fields.get("decision_date") or fields.get("term_start") or today
    born = identity.birth_date if identity is not None else None
    if refusal := registration_day_refusal([since], today, born):
        problem(SINCE, InvalidInput(refusal))
    doc_no = fields.get("decision_doc")
    if not problems:
        try:
            registration_decision(
                status, since, doc_no, fields.get("term_start"), fields.get("term_end")
            )
        except YuesongError as error:
            problem("status", error)
    registered = fields.get("registered_on") or since
    if "registered_on" in fields and (  # checked as person add --registered is
        refusal := registration_day_refusal([registered], today, born)
    ):
        problem("registered_on", InvalidInput(refusal))
    start = _history_start(fields.pop(HISTORY_FROM, None), history_from, registered, today, problem)
    if problems or identity is None or name is None or id_number is None:
        return problems
    return Record(
        row,
        name,
        id_number,
        id_15,
        identity.gender,
        identity.birth_date,
        status,
        since,
        doc_no,
        fields,
        start,
        registered,
        since_given,
    )


HISTORY_FROM = "history_from"


def _history_start(
    own: dt.date | None,
    default: dt.date | None,
    registered: dt.date,
    today: dt.date,
    problem: Callable[[str, YuesongError], None],
) -> dt.date | None:
    """The history start a row keeps: its own 记录起始日, checked as ``person add``
    checks one (obligations.check_history_from: not after today, not before
    registration; a problem of the column), else the import's. Kept only where it is
    after the registration day: on it, obligations count from registration anyway, and
    a row's own day on its registration day means just that (the import's is not put in
    its place)."""
    start = own if own is not None else default
    if own is not None:
        try:
            check_history_from(own, registered, today)
        except YuesongError as error:
            problem(HISTORY_FROM, error)
            return None
    return start if start is not None and start > registered else None


def differences(record: Record, stored: Mapping[str, Any]) -> list[str]:
    """The columns in which the register's file does not say what the row says: each
    field the row gives, and the status. The status is the same when the person's
    history holds an entry of it, from the row's day where the file gives one (a file
    older than the register, the person moved on since, still says something true)."""
    given = {"name": record.name, **record.fields}
    found = [
        column
        for column, value in given.items()
        if column in stored and stored_form(value) != stored.get(column)
    ]
    entries = stored.get("status_entries")
    if entries is not None:
        if record.status not in {status for status, _ in entries}:
            found.append("status")
        elif record.since_given and (record.status, record.since.isoformat()) not in entries:
            found.append(SINCE)
    return found


def same_data(record: Record, stored: Mapping[str, Any]) -> bool:
    """Whether the register's file says what the row says (``differences``)."""
    return not differences(record, stored)


R = TypeVar("R")


@dataclass
class Sorting(Generic[R]):
    """The rows of a file sorted: new records, already registered, and the problems."""

    new: list[R] = field(default_factory=list)
    registered: int = 0
    conflicting: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    invalid: int = 0
    blank: int = 0  # lines of a helpers' sheet left unfilled (skipped)
    # Rows that are a contact as it stood before a correction: not brought back.
    corrected: list[Problem] = field(default_factory=list)


def sort_rows(
    checked: Sequence[Record | list[Problem]],
    existing: Mapping[str, Mapping[str, Any]],
    id_header: str,
    headers: Mapping[str, str] | None = None,
) -> Sorting[Record]:
    """Records new to the register, ones registered with the same data, ones registered
    with other data (conflicting) and invalid rows, a later row with an ID number an
    earlier row of the file has among them."""
    sorting: Sorting[Record] = Sorting()
    first: dict[str, int] = {}
    for outcome in checked:
        if isinstance(outcome, list):
            sorting.invalid += 1
            sorting.problems.extend(outcome)
            continue
        if outcome.id_number in first:
            sorting.invalid += 1
            sorting.problems.append(
                Problem(
                    outcome.row,
                    id_header,
                    "error.import.duplicate",
                    {"first": first[outcome.id_number]},
                )
            )
            continue
        first[outcome.id_number] = outcome.row
        stored = existing.get(outcome.id_number)
        if stored is None:
            sorting.new.append(outcome)
        elif not (differing := differences(outcome, stored)):
            sorting.registered += 1
        else:
            # The columns that differ, by the file's headers: never their values.
            named = "、".join((headers or {}).get(column, column) for column in differing)
            params = {"case": stored["case_no"], "columns": named}
            sorting.conflicting.append(
                Problem(outcome.row, id_header, "error.import.conflict", params)
            )
    return sorting


# --- contacts ---------------------------------------------------------------------------

# The columns of a register of past contacts (帮教记录). The person is named by case
# number or ID number; helpers by name or helper number, several in one cell.
PERSON = "person"
CONTACT_COLUMNS = (
    "happened_on", "kinds", "mode", "helpers", "place", "note", "urine_result", "substance",
)  # fmt: skip
_CONTACT_SYNONYMS: dict[str, tuple[str, ...]] = {
    # Not 编号 alone: in a register of contacts that is as often the row's number.
    PERSON: ("案件号", "案件编号", "档案编号", "case", "case no"),
    "id_number": _SYNONYMS["id_number"],
    "happened_on": ("日期", "帮教日期", "时间", "帮教时间", "date", "day"),
    "kinds": ("类型", "帮教形式", "帮教类型", "kinds", "kind"),
    "mode": ("方式", "形式", "帮教方式", "mode"),
    "helpers": ("帮教人员", "包保责任人", "责任人", "helpers", "helper", "by"),
    "place": ("地点", "帮教地点", "place"),
    "note": ("内容", "备注", "帮教内容", "note"),
    "urine_result": ("尿检结果", "结果", "result"),
    "substance": ("毒品种类", "毒品", "substance"),
}
# The columns of a helpers' sheet (``yuesong sheets``) that say who and what was due,
# and the signature: recognised, so never reported as unknown, and not imported. Their
# headers are the sheet's own, in both languages (messages.py), and a few usual variants.
SHEET_DUE = "sheet_due"
_SHEET_COLUMNS: dict[str, tuple[str, ...]] = {
    "sheet_name": ("col.sheet.name",),
    "sheet_village": ("col.sheet.village",),
    "sheet_role": ("col.sheet.role",),
    SHEET_DUE: ("col.sheet.due",),
    "signature": ("col.sheet.signature", "签字", "签名确认", "本人签名"),
}
# What a helper fills in on a line of the sheet beyond the date. The case number, the
# kinds and the helper come filled in, so a line with none of these and no date is a
# line left blank, not a contact without its day.
_FILLED_BY_HAND = ("happened_on", "mode", "urine_result", "substance", "place", "note")


def _sheet_words(words: Sequence[str]) -> list[str]:
    return [
        spoken
        for word in words
        for spoken in ((t(word, "zh"), t(word, "en")) if word.startswith("col.") else (word,))
    ]


CONTACTS = Layout(
    {
        **{
            header_key(word): column
            for column, words in _SHEET_COLUMNS.items()
            for word in _sheet_words(words)
        },
        **{
            header_key(word): column
            for column, words in _CONTACT_SYNONYMS.items()
            for word in (column, *words)
        },
    },
    ((PERSON, "id_number"), ("happened_on",), ("kinds",)),
    {column: words[0] for column, words in _CONTACT_SYNONYMS.items()},
    every_sheet=True,
    no_header="error.import.no_header.contacts",
)


class Blank(NamedTuple):
    """A line of a helpers' sheet left unfilled: no date, nothing written by hand."""

    row: int


def blank_line(cells: Mapping[str, Any], headers: Mapping[str, str]) -> bool:
    """Whether a row is a line of a helpers' sheet (the file has the sheet's column of
    what was due) that the helper left blank. Only a sheet's lines: in any other file a
    row without its date stays a row with a problem."""
    return SHEET_DUE in headers and not any(column in cells for column in _FILLED_BY_HAND)


class Known(NamedTuple):
    """A person of the register as a contact row names them, with what a contact with
    them is checked against (domain/contacts.py ``Subject``)."""

    person_id: int
    case_no: str
    subject: Subject


@dataclass(frozen=True)
class ContactRecord:
    """What a row of past contacts records, with the warnings it earns (as ``log``
    gives them: domain/contacts.py ``check_contact``) and whether it is a positive test
    (a relapse); ``sheet``: the sheet of a workbook it is on, when several were read."""

    row: int
    person_id: int
    case_no: str
    happened_on: dt.date
    kinds: tuple[str, ...]
    mode: str
    helper_ids: tuple[int, ...]
    place: str | None
    note: str | None
    urine_result: str | None
    substance: str | None
    warnings: tuple[ContactWarning, ...] = ()
    relapse: bool = False
    sheet: str = ""

    def signature(self) -> tuple[Any, ...]:
        """What makes two contacts the same one: a row again adds nothing."""
        return contact_signature(
            self.person_id, self.happened_on.isoformat(), self.kinds, self.mode,
            self.place, self.note, self.urine_result,
        )  # fmt: skip


def contact_signature(
    person_id: int,
    day: str,
    kinds: Sequence[str],
    mode: str,
    place: str | None,
    note: str | None,
    result: str | None,
) -> tuple[Any, ...]:
    return (person_id, day, frozenset(kinds), mode, place or None, note or None, result)


def _split(text: str) -> list[str]:
    return [part for part in re.split(r"[,，、;；/\s]+", text) if part]


def check_contact_row(
    row: int,
    cells: Mapping[str, Any],
    headers: Mapping[str, str],
    today: dt.date,
    people: Mapping[str, Known],
    helpers: Mapping[str, int | YuesongError],
    retired: Mapping[int, dt.date | None],
) -> ContactRecord | Blank | list[Problem]:
    """The contact a row records, or every problem of it. ``people`` holds the register's
    persons by case number (upper case) and ID number, ``helpers`` each helper named in
    the file with the helper's id or why none (as the store resolved them), ``retired``
    the day each of those helpers retired. The contact is checked as ``log`` checks one
    (domain/contacts.py ``check_contact``), each refusal a problem of its column. A line
    of a helpers' sheet left blank is ``Blank``, skipped."""
    if blank_line(cells, headers):
        return Blank(row)
    problems: list[Problem] = []

    def problem(column: str, error: YuesongError) -> None:
        problems.append(Problem(row, headers.get(column, column), error.key, error.params))

    known = _contact_person(cells, headers, today, people, problem)
    day = None
    if "happened_on" not in cells:
        problem("happened_on", InvalidInput("error.import.empty"))
    else:
        try:
            day = cell_date(cells["happened_on"], today)
        except YuesongError as error:
            problem("happened_on", error)
    values: dict[str, Any] = {"kinds": None, "mode": "in_person"}
    parsers = {
        "kinds": lambda text: tuple(CONTACT_KIND.parse_many(_split(text))),
        "mode": MODE.parse,
        "urine_result": URINE_RESULT.parse,
        "substance": SUBSTANCE.parse,
        "place": lambda text: clean_text(text, headers.get("place", "place")),
        "note": lambda text: clean_text(text, headers.get("note", "note")),
    }
    for name, parse in parsers.items():
        if name in cells:
            try:
                values[name] = parse(cell_text(cells[name]) or "")
            except YuesongError as error:
                problem(name, error)
    if "kinds" not in cells:
        problem("kinds", InvalidInput("error.import.empty"))
    helper_ids: list[int] = []
    for name in helper_refs(cells.get("helpers")):
        found = helpers.get(name)
        if isinstance(found, int):
            helper_ids.append(found)
        elif found is not None:
            problem("helpers", found)
    if known is None or day is None or not values["kinds"]:
        return problems
    typed = TypedContact(
        day,
        values["kinds"],
        values["mode"],
        values.get("urine_result"),
        values.get("substance"),
        tuple(dict.fromkeys(helper_ids)),
    )
    check = check_contact(typed, known.subject, retired, today)
    # With a cell unreadable, whether the rest holds together is moot: only the day and
    # the helpers are still checked.
    moot = bool(problems)
    for column, refusal in check.refusals:
        if not moot or column in ("happened_on", "helpers"):
            problem(column, _in_columns(refusal, headers))
    if problems:
        return problems
    return ContactRecord(
        row,
        known.person_id,
        known.case_no,
        day,
        typed.kinds,
        typed.mode,
        typed.helper_ids,
        values.get("place"),
        values.get("note"),
        typed.result,
        typed.substance,
        check.warnings,
        check.relapse,
    )


# The refusals of a contact that name log's options (--result, --substance, --mode): in a
# file, the columns that hold them.
_NAMING_OPTIONS = frozenset({
    "error.contact.urine_needs_result", "error.contact.result_needs_urine",
    "error.contact.urine_in_person", "error.contact.positive_needs_substance",
    "error.contact.substance_needs_positive",
})  # fmt: skip


def _in_columns(error: YuesongError, headers: Mapping[str, str]) -> YuesongError:
    """A refusal of a contact in the words of a file: the columns, by the file's own
    headers (else the usual ones), where ``log`` names its options."""
    if error.key not in _NAMING_OPTIONS:
        return error
    columns = {
        name: headers.get(column, CONTACTS.labels[column])
        for name, column in (
            ("result", "urine_result"), ("substance", "substance"), ("mode", "mode"),
            ("kinds", "kinds"),
        )
    }  # fmt: skip
    return InvalidInput(f"{error.key}.import", **columns)


def _contact_person(
    cells: Mapping[str, Any],
    headers: Mapping[str, str],
    today: dt.date,
    people: Mapping[str, Known],
    problem: Callable[[str, YuesongError], None],
) -> Known | None:
    """The person a contact row names: by case number, by ID number, or by both, which
    must then name the same person (a contact is never filed under one of two)."""
    given = [column for column in (PERSON, "id_number") if column in cells]
    if not given:
        problem(PERSON if PERSON in headers else "id_number", InvalidInput("error.import.empty"))
        return None
    found: dict[str, Known] = {}
    for column in given:
        try:
            if column == PERSON:
                key = (cell_text(cells[PERSON]) or "").upper()
            else:
                key = cell_id_number(cells["id_number"], today)[0]
        except YuesongError as error:
            problem(column, error)
            continue
        known = people.get(key)
        if known is None:
            problem(column, InvalidInput("error.import.no_person"))
        else:
            found[column] = known
    if len(found) < len(given):
        return None
    if len({known.person_id for known in found.values()}) > 1:
        problem("id_number", InvalidInput("error.import.other_person", case=found[PERSON].case_no))
        return None
    return next(iter(found.values()))


def helper_refs(cell: Any) -> list[str]:
    """The helpers one cell of the helpers column names."""
    return _split(cell_text(cell) or "")


def sort_contacts(
    checked: Sequence[ContactRecord | Blank | list[Problem]],
    recorded: set[tuple[Any, ...]],
    corrected: Mapping[tuple[Any, ...], tuple[int, str]] | None = None,
) -> Sorting[ContactRecord]:
    """Contacts new to the record, ones recorded already (``recorded`` holds the
    signatures of the persons' contacts; a row the file has twice is one contact), ones
    corrected since (``corrected``: the signature of a contact as it stood before it was
    voided or amended, with its number and the correction), the blank lines of a
    helpers' sheet, and the invalid rows. A corrected row is never brought back: the
    same file imported again must not undo a ``contact void`` or ``contact amend``."""
    sorting: Sorting[ContactRecord] = Sorting()
    seen = set(recorded)
    for outcome in checked:
        if isinstance(outcome, Blank):
            sorting.blank += 1
        elif isinstance(outcome, list):
            sorting.invalid += 1
            sorting.problems.extend(outcome)
        elif outcome.signature() in seen:
            sorting.registered += 1
        elif corrected and outcome.signature() in corrected:
            contact_id, action = corrected[outcome.signature()]
            sorting.corrected.append(
                Problem(outcome.row, "", f"import.corrected.{action}", {"id": contact_id},
                        outcome.sheet)
            )  # fmt: skip
        else:
            seen.add(outcome.signature())
            sorting.new.append(outcome)
    return sorting
