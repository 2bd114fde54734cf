"""``yuesong breach``: breaches of the agreement (违反协议) and the serious-breach rule."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption, RefArgument
from yuesong_cli.domain import vocab
from yuesong_cli.domain.breaches import breach_refusal, check_breach_day
from yuesong_cli.domain.contacts import correction_reason
from yuesong_cli.domain.text import clean_text
from yuesong_cli.errors import InvalidInput
from yuesong_cli.ledger.breachlist import breach_report
from yuesong_cli.messages import t
from yuesong_cli.output.breach_view import BREACH_LIST_COLUMNS, breach_headline, breach_voided_line

app = typer.Typer(help="Breaches of the agreement (违反协议).", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    ref: RefArgument,
    kind: Annotated[str, typer.Argument(help="refused_test, absent_test, left_county or other.")],
    on: Annotated[
        str,
        typer.Option(
            help="The day it happened (left the county; default today).", show_default=False
        ),
    ] = "today",
    days: Annotated[
        int | None, typer.Option(help="Days out of the county (left_county only).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="What happened.")] = None,
) -> None:
    """Record a breach. Refused and missed urine tests count by themselves."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    key = vocab.BREACH_KIND.parse(kind)
    refusal = breach_refusal(key, days)
    if refusal is not None:
        raise InvalidInput(refusal)
    today = obj.today()
    day = obj.date(on, today)
    assert day is not None
    person = store.person(person_id)
    check_breach_day(day, today, dt.date.fromisoformat(person["registered_on"]), days)
    text = clean_text(note, t("col.note", obj.lang)) if note else None
    breach_id = store.add_breach(person_id, day, key, days, text)
    typer.echo(
        t(
            "breach.add.numbered",
            obj.lang,
            id=breach_id,
            case_no=person["case_no"],
            kind=vocab.BREACH_KIND.label(key, obj.lang),
            day=day.isoformat(),
        )
    )


@app.command("list")
def list_breaches(
    ctx: typer.Context,
    ref: RefArgument,
    as_of: Annotated[str | None, typer.Option(help="Count up to this day.")] = None,
    fmt: FormatOption = None,
) -> None:
    """A person's breaches and where they stand against the serious-breach rule, each
    recorded one with its number; a test refused or not come to has none: it is voided
    with `contact void`."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    day = obj.date(as_of, obj.today())
    assert day is not None
    report = breach_report(store, person_id, day)
    obj.renderer(fmt).rows(
        report.rows, BREACH_LIST_COLUMNS, headline=breach_headline(report, obj.lang)
    )


@app.command("void")
def void(
    ctx: typer.Context,
    breach_id: Annotated[int, typer.Argument(metavar="ID", help="The breach's number.")],
    reason: Annotated[
        str | None, typer.Option(help="Why the record is corrected (required; kept with it).")
    ] = None,
) -> None:
    """Void a breach recorded by mistake: it counts no more; the record keeps it. A test
    refused or not come to is voided with `contact void`."""
    obj = app_context(ctx)
    why = clean_text(correction_reason(reason), t("col.reason", obj.lang))
    store = obj.store()
    record = store.void_breach(breach_id, why, obj.today())
    typer.echo(breach_voided_line(record, store.person(record["person_id"])["case_no"], obj.lang))
