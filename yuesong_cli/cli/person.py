"""``yuesong person``: register, list, show, edit, find, and record status changes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from yuesong_cli.cli.context import AppContext, app_context
from yuesong_cli.cli.exporting import ForceOption, export
from yuesong_cli.cli.options import (
    FormatOption,
    GridOption,
    RefArgument,
    VillageOption,
    ZoneOption,
)
from yuesong_cli.domain import vocab
from yuesong_cli.domain.contacts import correction_reason
from yuesong_cli.domain.documents import identity_changes, registration_identity
from yuesong_cli.domain.fields import FIELD, FIELDS, Field
from yuesong_cli.domain.lifecycle import registration_day_refusal
from yuesong_cli.domain.obligations import check_history_from
from yuesong_cli.domain.text import check_path, clean_name, clean_text, normalise_phone
from yuesong_cli.errors import InvalidInput, UsageProblem
from yuesong_cli.ledger.personfile import person_file
from yuesong_cli.messages import join, t
from yuesong_cli.output.correction_view import status_voided_lines
from yuesong_cli.output.exports import Sheet
from yuesong_cli.output.file_view import file_document, register_rows
from yuesong_cli.output.person_view import LIST_COLUMNS, LIST_MACHINE_COLUMNS, field_label

app = typer.Typer(help="Persons under supervision (帮教对象).", no_args_is_help=True)


Text = Annotated[str | None, typer.Option()]
# Who the person is when no resident ID number says it (domain/documents.py).
Passport = Annotated[
    str | None,
    typer.Option(
        help="Passport number of a foreign national (with --nationality, --gender, --born)."
    ),
]
Nationality = Annotated[
    str | None,
    typer.Option(
        help="The passport's country: ISO 3166 three-letter code, e.g. MMR, LAO, VNM, THA."
    ),
]
NoId = Annotated[
    bool,
    typer.Option(
        "--no-id",
        help="ID number not known yet (with --gender, --born); the file counts as incomplete.",
    ),
]
Gender = Annotated[
    str | None, typer.Option(help="Gender (male or female, 男 or 女) when no ID number gives it.")
]
Born = Annotated[str | None, typer.Option(help="Birth date when no ID number gives it.")]


# The options of add and edit that set a field are spelled out in their signatures, not
# generated from the field table (domain/fields.py): typer reads a function's parameters,
# and a generated signature would hide the options from mypy and from a reader, and give
# up the help texts that differ between add and edit. tests/test_fields.py ties each
# field's option to exactly one parameter of add and of edit, and back, so a field added
# to the table without its option (or an option without its field) fails there.


def _option_values(options: dict[str, Any]) -> dict[str, Any]:
    """The field values among a command's options (its locals()), by field."""
    return {
        field.column: options[field.parameter] for field in FIELDS if field.parameter is not None
    }


def _fields(obj: AppContext, raw: dict[str, Any]) -> dict[str, Any]:
    """Typed values for the optional fields the officer gave (None = not given), each read
    as its kind in the field table says."""
    fields: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None:
            continue
        if isinstance(value, str) and value.strip() == "":
            fields[key] = None  # an empty value clears the field
        elif isinstance(value, str):
            fields[key] = _typed(obj, FIELD[key], value)
        else:
            fields[key] = value
    return fields


def _typed(obj: AppContext, field: Field, text: str) -> Any:
    if field.kind == "date":
        return obj.date(text)
    if field.kind == "phone":
        return normalise_phone(text)
    if field.vocabulary is not None:
        if field.kind == "choices":
            return field.vocabulary.parse_many([text])
        return field.vocabulary.parse(text)
    return clean_text(text, t(field.label, obj.lang))


def _prompt_missing(value: str | None, label: str, option: str, lang: str) -> str:
    """The value given, or asked for on a terminal (so it stays out of shell history)."""
    if value:
        return value
    if sys.stdin.isatty():
        return str(typer.prompt(t(label, lang)))
    raise UsageProblem("usage.missing", option=option)


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option(help="Name (姓名); prompted for if missing.")] = None,
    id_number: Annotated[
        str | None,
        typer.Option(
            help="Resident ID number (18 characters, or 15 digits of an old card); prompted "
            "for if no document is given."
        ),
    ] = None,
    passport: Passport = None,
    nationality: Nationality = None,
    no_id: NoId = False,
    gender: Gender = None,
    born: Born = None,
    status: Annotated[str, typer.Option(help="Status (人员状态).")] = "community_treatment",
    since: Annotated[str | None, typer.Option(help="Status in force from (default today).")] = None,
    doc: Annotated[str | None, typer.Option(help="Decision document number.")] = None,
    alias: Text = None,
    ethnicity: Annotated[str | None, typer.Option(help="民族, e.g. 佤族.")] = None,
    phone: Text = None,
    household_address: Text = None,
    current_address: Text = None,
    village: Text = None,
    group: Annotated[str | None, typer.Option(help="Village group (村民小组).")] = None,
    grid: Text = None,
    zone: Text = None,
    drugs: Annotated[str | None, typer.Option(help="Drugs used, comma separated.")] = None,
    method: Text = None,
    first_use: Text = None,
    decision_date: Text = None,
    term_start: Text = None,
    term_end: Text = None,
    risk: Text = None,
    key_person: Annotated[bool | None, typer.Option("--key-person/--not-key-person")] = None,
    poor_household: Annotated[bool | None, typer.Option("--poor-household/--not-poor")] = None,
    dibao: Text = None,
    employment: Text = None,
    notes: Text = None,
    plan: Annotated[
        str | None, typer.Option(help="Supervision plan (default five_to_one).")
    ] = None,
    registered: Annotated[
        str | None, typer.Option(help="Day registered in this ledger (default: --since).")
    ] = None,
    history_from: Annotated[
        str | None,
        typer.Option(
            help="First day whose obligations count (default: the registration day); "
            "none before it is missed."
        ),
    ] = None,
) -> None:
    """Register a person; prints the case number."""
    obj = app_context(ctx)
    name = clean_name(_prompt_missing(name, "col.name", "--name", obj.lang))
    if passport is None and not no_id:
        id_number = _prompt_missing(id_number, "col.id_number", "--id-number", obj.lang)
    today = obj.today()
    identity = registration_identity(
        id_text=id_number,
        passport=passport,
        nationality=nationality,
        no_id=no_id,
        gender=vocab.GENDER.parse(gender) if gender is not None else None,
        born=obj.date(born),
        today=today,
    )
    status_key = vocab.STATUS.parse(status)
    since_day = obj.date(since, today)
    assert since_day is not None
    fields = _fields(
        obj,
        _option_values(locals()),
    )
    registered_on = fields.pop("registered_on", None) or since_day
    if refusal := registration_day_refusal([since_day, registered_on], today, identity.birth_date):
        raise InvalidInput(refusal)
    check_history_from(fields.get("history_from"), registered_on, today)
    person_id, case_no = obj.store().add_person(
        name=name,
        id_number=identity.id_number,
        gender=identity.gender,
        birth_date=identity.birth_date,
        id_kind=identity.kind,
        id_number_15=identity.id_number_15,
        passport_no=identity.passport_no,
        nationality=identity.nationality,
        fields=fields,
        status=status_key,
        since=since_day,
        registered_on=registered_on,
        doc_no=doc,
    )
    typer.echo(case_no)


@app.command("list")
def list_persons(
    ctx: typer.Context,
    village: VillageOption = None,
    grid: GridOption = None,
    zone: ZoneOption = None,
    status: Annotated[str | None, typer.Option(help="Only this current status.")] = None,
    plan: Annotated[str | None, typer.Option(help="Only this plan.")] = None,
    as_of: Annotated[str | None, typer.Option(help="Statuses as of this day.")] = None,
    fmt: FormatOption = None,
    export_to: Annotated[
        Path | None,
        typer.Option("--export", help="Also write it to FILE (.csv, .xlsx or .json)."),
    ] = None,
    force: ForceOption = False,
) -> None:
    """The register, masked."""
    obj = app_context(ctx)
    people = obj.people(village, grid, zone)
    status_key = vocab.STATUS.parse(status) if status else None
    day = obj.date(as_of, obj.today())
    assert day is not None
    rows = obj.store().list_persons(day, people=people, status=status_key, plan=plan)
    store = obj.store()
    title = t("person.list.title", obj.lang, township=store.setting("township"), day=day)
    headline = t("person.list.headline", obj.lang, count=len(rows))
    rows = register_rows(rows, obj.lang)
    if export_to is not None:
        sheets = [Sheet(title, LIST_COLUMNS, rows, LIST_MACHINE_COLUMNS)]
        export(obj, export_to, "persons", sheets, force=force)
        return
    obj.renderer(fmt).rows(
        rows, LIST_COLUMNS, title=title, headline=headline, machine_columns=LIST_MACHINE_COLUMNS
    )


@app.command("find")
def find(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Name, pinyin, initials, case number, last 4 ID.")],
    fmt: FormatOption = None,
) -> None:
    """Search names, pinyin, initials, case numbers, last 4 ID digits."""
    obj = app_context(ctx)
    query = clean_text(query, t("field.query", obj.lang))
    store = obj.store()
    ids = store.find_persons(query)
    rows = register_rows(store.list_persons(obj.today(), ids=ids) if ids else [], obj.lang)
    obj.renderer(fmt).rows(
        rows,
        LIST_COLUMNS,
        headline=t("person.find.headline", obj.lang, count=len(rows)),
        machine_columns=LIST_MACHINE_COLUMNS,
    )


@app.command("show")
def show(
    ctx: typer.Context,
    ref: RefArgument,
    reveal: Annotated[
        bool, typer.Option(help="Show the masked fields (name, ID number, phone…) in full.")
    ] = False,
    reason: Annotated[str | None, typer.Option(help="Why the full values are needed.")] = None,
    contacts: Annotated[int, typer.Option(help="How many recent contacts to show.")] = 10,
    fmt: FormatOption = None,
) -> None:
    """One file: details, the path as a timeline, status records, team, recent contacts."""
    obj = app_context(ctx)
    why = clean_text(reason, t("col.reason", obj.lang)) if reason is not None else ""
    if reveal and not why:
        raise UsageProblem("usage.reveal_reason")
    store = obj.store()
    person_id = store.resolve_person(ref)
    file = person_file(store, person_id, obj.today(), contacts, why if reveal else None)
    obj.renderer(fmt, reveal=reveal).document(file_document(file, obj.lang))


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: RefArgument,
    name: Text = None,
    id_number: Text = None,
    passport: Passport = None,
    nationality: Nationality = None,
    no_id: NoId = False,
    gender: Gender = None,
    born: Born = None,
    alias: Text = None,
    ethnicity: Text = None,
    phone: Text = None,
    household_address: Text = None,
    current_address: Text = None,
    village: Text = None,
    group: Text = None,
    grid: Text = None,
    zone: Text = None,
    drugs: Text = None,
    method: Text = None,
    first_use: Text = None,
    doc: Annotated[str | None, typer.Option(help="Decision document number.")] = None,
    decision_date: Text = None,
    term_start: Text = None,
    term_end: Text = None,
    risk: Text = None,
    key_person: Annotated[bool | None, typer.Option("--key-person/--not-key-person")] = None,
    poor_household: Annotated[bool | None, typer.Option("--poor-household/--not-poor")] = None,
    dibao: Text = None,
    employment: Text = None,
    notes: Text = None,
    plan: Text = None,
    registered: Text = None,
    history_from: Text = None,
) -> None:
    """Change fields (an empty value clears an optional field)."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    today = obj.today()
    changes = _fields(
        obj,
        _option_values(locals()),
    )
    if "plan" in changes and changes["plan"] is None:
        raise InvalidInput("error.plan.required")
    if "registered_on" in changes:
        if changes["registered_on"] is None:
            raise InvalidInput("error.registered.required")
        if changes["registered_on"] > today:
            raise InvalidInput("error.date.future")
    if changes.get("history_from") is not None:
        registered_on = changes.get("registered_on") or dt.date.fromisoformat(
            store.person(person_id)["registered_on"]
        )
        check_history_from(changes["history_from"], registered_on, today)
    if name is not None:
        changes["name"] = clean_name(name)
    changes.update(
        identity_changes(
            store.person(person_id),
            id_text=id_number,
            passport=passport,
            nationality=nationality,
            no_id=no_id,
            gender=vocab.GENDER.parse(gender) if gender is not None else None,
            born=obj.date(born),
            today=today,
        )
    )
    if not changes:
        raise UsageProblem("usage.nothing_to_change")
    changed = store.edit_person(person_id, changes)
    case_no = store.case_no(person_id)
    # The kind of document is not a field of the file: its numbers name the change.
    changed = [key for key in changed if key in FIELD]
    if changed:
        labels = join([field_label(key, obj.lang) for key in changed], obj.lang)
        typer.echo(t("person.edit.done", obj.lang, case_no=case_no, fields=labels))
    else:
        typer.echo(t("person.edit.unchanged", obj.lang, case_no=case_no))


# `person status void ID`: a word that names no person, so the form scripts use stays
# `person status REF STATUS` (docs/commands.md "Correcting a status entry").
VOID = "void"
# What recording a status takes that voiding one does not.
_RECORDING_ONLY = ("on", "until", "doc", "term_years")


@app.command("status")
def status(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="REF|void", help="Case number, name, pinyin or initials; or the word void."
        ),
    ],
    new_status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS|ID", help="The status (人员状态); after void, the entry's number."
        ),
    ],
    on: Annotated[
        str, typer.Option(help="In force from this day (default today).", show_default=False)
    ] = "today",
    until: Annotated[str | None, typer.Option(help="Last day (e.g. approved leave).")] = None,
    doc: Annotated[str | None, typer.Option(help="Document number (决定书编号).")] = None,
    reason: Annotated[str | None, typer.Option(help="Reason.")] = None,
    term_years: Annotated[
        int | None,
        typer.Option(help="Term in years when a new term starts (community rehab: 1-3)."),
    ] = None,
) -> None:
    """Change status from a day on.

    Or void an entry entered by mistake: person status void ID --reason TEXT."""
    obj = app_context(ctx)
    if ref.strip().lower() == VOID:
        # The number as person show lists it, or as person status printed it (#12).
        number = new_status.strip().removeprefix("#")
        if not number.isdigit() or any(_given(ctx, name) for name in _RECORDING_ONLY):
            raise UsageProblem("usage.status_void")
        _void_status(obj, int(number), reason)
        return
    store = obj.store()
    person_id = store.resolve_person(ref)
    key = vocab.STATUS.parse(new_status)
    today = obj.today()
    since = obj.date(on, today)
    end = obj.date(until, not_before=since)
    assert since is not None
    # The lifecycle decides (an entry ahead of today, before birth, ending before it
    # starts, or not allowed after the history); the store applies it.
    entry_id = store.record_status(
        person_id,
        key,
        since,
        end,
        clean_text(doc, t("col.doc_no", obj.lang)) if doc else None,
        clean_text(reason, t("col.reason", obj.lang)) if reason else None,
        term_years,
        today=today,
    )
    person = store.person(person_id)
    typer.echo(
        t(
            "person.status.numbered",
            obj.lang,
            id=entry_id,
            case_no=person["case_no"],
            status=vocab.STATUS.label(key, obj.lang),
            day=since.isoformat(),
        )
    )


def _given(ctx: typer.Context, name: str) -> bool:
    """Whether the option ``name`` was typed (not left at its default)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def _void_status(obj: AppContext, entry_id: int, reason: str | None) -> None:
    """Void a status entry recorded by mistake, with its reason (store.void_status)."""
    why = clean_text(correction_reason(reason), t("col.reason", obj.lang))
    store = obj.store()
    record, restored = store.void_status(entry_id, why, obj.today())
    case_no = store.case_no(record["person_id"])
    for line in status_voided_lines(record, case_no, restored, obj.lang):
        typer.echo(line)


# --- transfers between townships (docs/domain.md "Transfers") --------------------------

KeyFileOption = Annotated[
    Path | None,
    typer.Option(
        "--key-file", help="A file holding the package's passphrase (owner-only); else typed."
    ),
]


@app.command("transfer-out")
def transfer_out(
    ctx: typer.Context,
    ref: RefArgument,
    to: Annotated[str, typer.Option("--to", help="The township the person moves to.")],
    out: Annotated[Path, typer.Option("--out", help="The package to write.")],
    on: Annotated[
        str, typer.Option(help="The day they moved (default today).", show_default=False)
    ] = "today",
    key_file: KeyFileOption = None,
    force: ForceOption = False,
) -> None:
    """Write the person's whole file as one encrypted package for the township they move
    to, and record them moved out."""
    import hashlib

    from yuesong_cli.cli.exporting import audited_files
    from yuesong_cli.ledger.transfer import package_bytes
    from yuesong_cli.output.exports import check_target
    from yuesong_cli.system.keys import package_passphrase

    obj = app_context(ctx)
    township = clean_text(to, t("col.township", obj.lang))
    check_path(str(out))
    if key_file is not None:
        check_path(str(key_file))
    store = obj.store()
    person_id = store.resolve_person(ref)
    today = obj.today()
    day = obj.date(on, today)
    assert day is not None
    store.check_moving_out(person_id, day, today)  # refused before anything is written
    check_target(out, replace=force)
    passphrase = package_passphrase(key_file, obj.lang, twice=True)
    data = package_bytes(store, person_id, township, passphrase, today, day)
    sha = hashlib.sha256(data).hexdigest()
    case_no = store.person(person_id)["case_no"]
    with audited_files(store, replace=force) as written:
        written.folder(out.parent)
        store.record_transfer_out(person_id, day, today, township, sha)
        store.record_export("transfer_out", out.resolve(), ["package"], 1)
        written.add(out, data)
    typer.echo(
        t(
            "transfer.out.done",
            obj.lang,
            case_no=case_no,
            path=str(out),
            sha=sha[:16],
            day=day.isoformat(),
            to=township,
        )
    )


@app.command("transfer-in")
def transfer_in(
    ctx: typer.Context,
    package: Annotated[Path, typer.Argument(help="The package the sending township wrote.")],
    key_file: KeyFileOption = None,
) -> None:
    """Register a person moving in from another township, with their whole history (a new
    case number; the old one kept)."""
    from yuesong_cli.ledger.transfer import read_package
    from yuesong_cli.system.keys import package_passphrase

    obj = app_context(ctx)
    check_path(str(package))
    if key_file is not None:
        check_path(str(key_file))
    if not package.is_file():
        raise InvalidInput("error.import.no_file", file=str(package))
    store = obj.store()
    data = package.read_bytes()
    passphrase = package_passphrase(key_file, obj.lang, twice=False)
    found = read_package(data, passphrase)
    township = found.meta.get("from_township", "")
    moved = found.meta.get("moved_on")
    day = dt.date.fromisoformat(moved) if moved else obj.today()
    received = store.receive_transfer(found.tables, township, found.sha256, day)
    here = store.setting("township")
    if found.meta.get("to_township") not in (None, "", here):
        to = found.meta["to_township"]
        typer.echo(t("transfer.in.other_township", obj.lang, to=to, here=here))
    columns, (person,) = found.tables["persons"]
    written = received.written
    typer.echo(
        t(
            "transfer.in.returned" if received.returned_from else "transfer.in.done",
            obj.lang,
            case_no=received.case_no,
            old=person[columns.index("case_no")],
            township=township,
            statuses=written["status_history"],
            contacts=written["contacts"],
            breaches=written["breaches"],
            photos=written["photos"],
            documents=written["documents"],
            support=written["support_records"],
        )
    )
