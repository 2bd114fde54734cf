"""``yuesong contact``: a person's contacts by number, and their corrections (issue 11).

Its own group rather than ``log list|void|amend``: ``log REF KIND...`` takes any word as
the person (a name, pinyin or initials, which ``list`` or ``void`` may be), and a command
that is sometimes a group has no one help page. The corrections keep the record: the
contact as it stood is archived with the reason (store/contacts.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption, RefArgument
from yuesong_cli.domain import vocab
from yuesong_cli.domain.contacts import amended_contact, changed_fields, correction_reason
from yuesong_cli.domain.text import clean_text
from yuesong_cli.ledger.plans import plan_rules
from yuesong_cli.messages import t
from yuesong_cli.output.correction_view import (
    CONTACT_LIST_COLUMNS,
    corrected_fields,
    voided_line,
)
from yuesong_cli.output.log_view import warning_lines
from yuesong_cli.store.contacts import contact_subjects, retired_days

app = typer.Typer(
    help="A person's contacts by number, and their corrections.", no_args_is_help=True
)

ReasonOption = Annotated[
    str | None, typer.Option(help="Why the record is corrected (required; kept with it).")
]


@app.command("list")
def list_contacts(
    ctx: typer.Context,
    ref: RefArgument,
    fmt: FormatOption = None,
) -> None:
    """A person's contacts, newest first, with the number to correct each by."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    obj.renderer(fmt).rows(store.contacts(person_id), CONTACT_LIST_COLUMNS)


@app.command("void")
def void(
    ctx: typer.Context,
    contact_id: Annotated[int, typer.Argument(metavar="ID", help="The contact's number.")],
    reason: ReasonOption = None,
) -> None:
    """Void a contact entered by mistake: it counts no more; the record keeps it."""
    obj = app_context(ctx)
    why = clean_text(correction_reason(reason), t("col.reason", obj.lang))
    store = obj.store()
    record = store.contact_record(contact_id)
    person = store.person(record["person_id"])
    store.void_contact(contact_id, why, obj.today())
    typer.echo(
        voided_line(contact_id, person["case_no"], record["happened_on"], record["kinds"], obj.lang)
    )


@app.command("amend")
def amend(
    ctx: typer.Context,
    contact_id: Annotated[int, typer.Argument(metavar="ID", help="The contact's number.")],
    on: Annotated[str | None, typer.Option(help="The day it really happened.")] = None,
    kinds: Annotated[
        str | None, typer.Option(help="The kinds, comma-separated: meet,talk,visit,report,urine.")
    ] = None,
    mode: Annotated[str | None, typer.Option(help="in_person, phone or video.")] = None,
    result: Annotated[
        str | None, typer.Option(help="Urine result: negative, positive, refused, absent.")
    ] = None,
    substance: Annotated[str | None, typer.Option(help="Substance of a positive test.")] = None,
    place: Annotated[str | None, typer.Option(help="Where.")] = None,
    note: Annotated[str | None, typer.Option(help="What was said or done.")] = None,
    reason: ReasonOption = None,
) -> None:
    """Correct a contact's day, kinds, mode, result, place or note; the record keeps
    the contact as it stood."""
    obj = app_context(ctx)
    why = clean_text(correction_reason(reason), t("col.reason", obj.lang))
    store = obj.store()
    record = store.contact_record(contact_id)
    person = store.person(record["person_id"])
    today = obj.today()
    changes: dict[str, object] = {}
    if on is not None:
        changes["happened_on"] = obj.date(on, today)
    if kinds is not None:
        changes["kinds"] = vocab.CONTACT_KIND.parse_many([kinds])
    if mode is not None:
        changes["mode"] = vocab.MODE.parse(mode)
    if result is not None:
        changes["urine_result"] = vocab.URINE_RESULT.parse(result)
    if substance is not None:
        changes["substance"] = vocab.SUBSTANCE.parse(substance)
    if place is not None:
        changes["place"] = clean_text(place, t("col.place", obj.lang)) or None
    if note is not None:
        changes["note"] = clean_text(note, t("col.note", obj.lang)) or None
    original = {**record, "happened_on": dt.date.fromisoformat(record["happened_on"])}
    # Checked as log checks a new contact (domain/contacts.py check_contact): refused
    # alike, and warned alike of what it will not count for.
    amended = amended_contact(
        original,
        changes,
        today,
        contact_subjects(store, [record["person_id"]])[record["person_id"]],
        retired_days(store, record["helper_ids"]),
    )
    store.amend_contact(contact_id, amended.contact, why, today)
    typer.echo(
        t(
            "contact.amend.done",
            obj.lang,
            id=contact_id,
            case_no=person["case_no"],
            fields=corrected_fields(changed_fields(original, amended.contact), obj.lang),
        )
    )
    if amended.check.relapse:
        typer.echo(t("log.relapse", obj.lang, case_no=person["case_no"]))
    rules = plan_rules(store, person["plan"])
    for line in warning_lines(amended.check.warnings, person["case_no"], rules, obj.lang):
        typer.echo(line, err=True)
