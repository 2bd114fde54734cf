"""``yuesong log``: record a contact with a person."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context, read_photo
from yuesong_cli.domain import vocab
from yuesong_cli.domain.contacts import TypedContact
from yuesong_cli.domain.text import clean_text
from yuesong_cli.ledger.plans import plan_rules
from yuesong_cli.messages import join, t
from yuesong_cli.output.log_view import warning_lines
from yuesong_cli.store.contacts import NewContact, contact_check


def log(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The person: case number, name, pinyin, initials.")],
    kinds: Annotated[
        list[str], typer.Argument(metavar="KIND...", help="meet talk visit report urine")
    ],
    on: Annotated[
        str, typer.Option(help="The day it happened (default today).", show_default=False)
    ] = "today",
    by: Annotated[
        list[str] | None, typer.Option("--by", help="A helper who took part (repeatable).")
    ] = None,
    mode: Annotated[str, typer.Option(help="in_person, phone or video.")] = "in_person",
    place: Annotated[str | None, typer.Option(help="Where.")] = None,
    note: Annotated[str | None, typer.Option(help="What was said or done.")] = None,
    photo: Annotated[
        list[Path] | None, typer.Option("--photo", help="An image file (repeatable).")
    ] = None,
    result: Annotated[
        str | None, typer.Option(help="Urine result: negative, positive, refused, absent.")
    ] = None,
    substance: Annotated[str | None, typer.Option(help="Substance of a positive test.")] = None,
) -> None:
    """Record a contact.

    To correct one: log list REF, log void ID, log amend ID (as contact list/void/amend)."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    kind_keys = vocab.CONTACT_KIND.parse_many(kinds)
    mode_key = vocab.MODE.parse(mode)
    today = obj.today()
    day = obj.date(on, today)
    assert day is not None
    person = store.person(person_id)
    result_key = vocab.URINE_RESULT.parse(result) if result else None
    substance_key = vocab.SUBSTANCE.parse(substance) if substance else None
    helper_ids = tuple(dict.fromkeys(store.resolve_helper(h) for h in (by or [])))
    typed = TypedContact(day, tuple(kind_keys), mode_key, result_key, substance_key, helper_ids)
    # The one check of a contact (log, contact amend, import contacts): refusals stop
    # here; likely mistakes are told, not refused: the record is kept as typed.
    check = contact_check(store, person_id, typed, today)
    check.refuse()
    photos = [read_photo(path) for path in (photo or [])]
    rules = plan_rules(store, person["plan"])
    contact_id = store.add_contact(
        NewContact(
            person_id=person_id,
            happened_on=day,
            kinds=kind_keys,
            mode=mode_key,
            helper_ids=helper_ids,
            place=clean_text(place, t("col.place", obj.lang)) if place else None,
            note=clean_text(note, t("col.note", obj.lang)) if note else None,
            urine_result=result_key,
            substance=substance_key,
            photos=photos,
        )
    )
    typer.echo(
        t(
            "log.done",
            obj.lang,
            id=contact_id,
            case_no=person["case_no"],
            day=day.isoformat(),
            kinds=join([vocab.CONTACT_KIND.label(k, obj.lang) for k in kind_keys], obj.lang),
            mode=vocab.MODE.label(mode_key, obj.lang),
        )
    )
    if check.relapse:
        # A positive test is a relapse (复吸): it is counted so, and raises an alert.
        typer.echo(t("log.relapse", obj.lang, case_no=person["case_no"]))
    for line in warning_lines(check.warnings, person["case_no"], rules, obj.lang):
        typer.echo(line, err=True)

