"""``yuesong breach``: breaches of the agreement (违反协议) and the serious-breach rule."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain import vocab
from yuesong_cli.domain.breaches import Breach, breach_refusal, summarise
from yuesong_cli.domain.dates import stored_date
from yuesong_cli.domain.lifecycle import term_in_force
from yuesong_cli.domain.text import clean_text
from yuesong_cli.errors import InvalidInput
from yuesong_cli.messages import t
from yuesong_cli.output.render import Column

app = typer.Typer(help="Breaches of the agreement (违反协议).", no_args_is_help=True)

COLUMNS = (
    Column("happened_on", "col.date", "date"),
    Column("kind", "col.breach_kind", "breach_kind"),
    Column("days_away", "col.days_away", "number"),
    Column("source", "col.source", "breach_source"),
    Column("note", "col.note"),
)


@app.command("add")
def add(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Case number, name, pinyin or initials.")],
    kind: Annotated[str, typer.Argument(help="refused_test, absent_test, left_county or other.")],
    on: Annotated[str, typer.Option(help="The day it happened (left the county).")] = "today",
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
    if day > today:
        raise InvalidInput("error.date.future")
    if days is not None and days > (today - day).days + 1:
        # Days away are counted from the day the person left, up to today at most.
        raise InvalidInput("breach.days_too_many", most=(today - day).days + 1)
    if day.isoformat() < person["registered_on"]:
        raise InvalidInput("error.contact.before_registration", day=person["registered_on"])
    text = clean_text(note, t("col.note", obj.lang)) if note else None
    store.add_breach(person_id, day, key, days, text)
    typer.echo(
        t(
            "breach.add.done",
            obj.lang,
            case_no=person["case_no"],
            kind=vocab.BREACH_KIND.label(key, obj.lang),
            day=day.isoformat(),
        )
    )


@app.command("list")
def list_breaches(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Case number, name, pinyin or initials.")],
    as_of: Annotated[str | None, typer.Option(help="Count up to this day.")] = None,
    fmt: FormatOption = None,
) -> None:
    """A person's breaches and where they stand against the serious-breach rule."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    person = store.person(person_id)
    day = obj.date(as_of, obj.today())
    assert day is not None
    rows = [row for row in store.breach_rows(person_id) if row["happened_on"] <= day.isoformat()]
    history = store.status_history(person_id)
    start, _ = term_in_force(
        history, day, stored_date(person["term_start"]), stored_date(person["term_end"])
    )
    since = start or dt.date.fromisoformat(person["registered_on"])
    count = summarise(
        [Breach(dt.date.fromisoformat(r["happened_on"]), r["kind"], r["days_away"]) for r in rows],
        since,
        day,
    )
    verdict = "serious" if count.serious else "near" if count.near else "none"
    headline = t(
        "breach.list.headline",
        obj.lang,
        case_no=person["case_no"],
        since=since.isoformat(),
        dodged=count.tests_dodged,
        leavings=count.leavings,
        days_away=count.days_away,
        others=count.others,
        verdict=t(f"breach.verdict.{verdict}", obj.lang),
    )
    obj.renderer(fmt).rows(rows, COLUMNS, headline=headline)
