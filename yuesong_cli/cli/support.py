"""``yuesong support``: sunshine care (阳光关爱) given to a person: training, a job found,
relief, medical help (docs/domain.md "Support")."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption, RefArgument
from yuesong_cli.domain import vocab
from yuesong_cli.domain.text import clean_text
from yuesong_cli.errors import InvalidInput
from yuesong_cli.messages import t
from yuesong_cli.output.render import Column

app = typer.Typer(help="Sunshine care (阳光关爱): training, jobs, relief.", no_args_is_help=True)

SUPPORT_COLUMNS = (
    Column("id", "col.number", "number"),
    Column("on_day", "col.date", "date"),
    Column("kind", "col.support_kind", "support_kind"),
    Column("note", "col.note", wrap_to=16),
)


@app.command("log")
def log(
    ctx: typer.Context,
    ref: RefArgument,
    kind: Annotated[str, typer.Option(help="training, job, relief or medical.")],
    on: Annotated[
        str, typer.Option(help="The day it was given (default today).", show_default=False)
    ] = "today",
    note: Annotated[str | None, typer.Option(help="What, where, by whom.")] = None,
) -> None:
    """Record support given to a person (the reports count those trained and employed)."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    key = vocab.SUPPORT_KIND.parse(kind)
    day = obj.past_day(on)
    person = store.person(person_id)
    if any(entry.status == "deceased" for entry in store.status_history(person_id)):
        raise InvalidInput("error.support.deceased")
    if day < dt.date.fromisoformat(person["registered_on"]):
        raise InvalidInput("error.support.before_registered", day=person["registered_on"])
    text = clean_text(note, t("col.note", obj.lang)) if note else None
    support_id = store.add_support(person_id, key, day, text)
    typer.echo(
        t(
            "support.log.done",
            obj.lang,
            id=support_id,
            case_no=person["case_no"],
            day=day.isoformat(),
            kind=vocab.SUPPORT_KIND.label(key, obj.lang),
        )
    )


@app.command("list")
def list_support(ctx: typer.Context, ref: RefArgument, fmt: FormatOption = None) -> None:
    """The support a person was given, oldest first."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    obj.renderer(fmt).rows(store.support_of(person_id), SUPPORT_COLUMNS)
