"""``yuesong helper``: the people who help (帮教人员), and their changes over time: a
helper's team roles passed to another (``replace``) and a helper leaving (``retire``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain import vocab
from yuesong_cli.domain.text import clean_name, clean_text, normalise_phone
from yuesong_cli.messages import t
from yuesong_cli.output.team_view import (
    ALL_HELPER_COLUMNS,
    HELPER_COLUMNS,
    helpers_headline,
    replaced_line,
    retired_line,
)

app = typer.Typer(help="Helping people (帮教人员).", no_args_is_help=True)

HelperArgument = Annotated[str, typer.Argument(help="The helper: number or name.")]
ReasonOption = Annotated[
    str | None, typer.Option(help="Why (kept in the audit log; no personal details).")
]


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The helper's name.")],
    role: Annotated[str, typer.Option(help="Role: police, officer, grid_worker, guardian, …")],
    phone: Annotated[str | None, typer.Option(help="Phone number.")] = None,
) -> None:
    """Add a helper; prints the helper's number."""
    obj = app_context(ctx)
    name = clean_name(name)
    role_key = vocab.ROLE.parse(role)
    number = normalise_phone(phone) if phone is not None else None
    helper_id = obj.store().add_helper(name, role_key, number)
    typer.echo(t("helper.add.done", obj.lang, id=helper_id))


@app.command("list")
def list_helpers(
    ctx: typer.Context,
    every: Annotated[
        bool, typer.Option("--all", help="Retired helpers too, with the day they left.")
    ] = False,
    fmt: FormatOption = None,
) -> None:
    """The helping people and how many persons each is assigned to."""
    obj = app_context(ctx)
    rows = obj.store().list_helpers(active_only=not every)
    obj.renderer(fmt).rows(
        rows,
        ALL_HELPER_COLUMNS if every else HELPER_COLUMNS,
        headline=helpers_headline(rows, obj.lang, every=every),
    )


@app.command("replace")
def replace(
    ctx: typer.Context,
    old: HelperArgument,
    by: Annotated[str, typer.Option("--by", help="The helper who takes over: number or name.")],
    since: Annotated[
        str, typer.Option("--from", help="The first day the new helper holds the roles.")
    ],
    reason: ReasonOption = None,
) -> None:
    """Pass every team role of a helper to another from a day (history kept)."""
    obj = app_context(ctx)
    store = obj.store()
    old_id, new_id = store.resolve_helper(old), store.resolve_helper(by)
    day = _day(obj.date(since))
    why = _reason(reason, obj.lang)
    plan = store.replace_helper(old_id, new_id, day, obj.today(), why)
    typer.echo(replaced_line(plan, obj.lang))


@app.command("retire")
def retire(
    ctx: typer.Context,
    helper: HelperArgument,
    on: Annotated[
        str,
        typer.Option(
            help="The first day the helper no longer helps (default today).", show_default=False
        ),
    ] = "today",
    by: Annotated[
        str | None,
        typer.Option("--by", help="Pass the helper's team roles to this helper first."),
    ] = None,
    reason: ReasonOption = None,
) -> None:
    """Take a helper off the active lists; refused while they hold team roles."""
    obj = app_context(ctx)
    store = obj.store()
    helper_id = store.resolve_helper(helper)
    successor = store.resolve_helper(by) if by is not None else None
    day = _day(obj.date(on, obj.today()))
    why = _reason(reason, obj.lang)
    plan = store.retire_helper(helper_id, day, obj.today(), why, successor=successor)
    if plan is not None:
        typer.echo(replaced_line(plan, obj.lang))
    typer.echo(retired_line(helper_id, day.isoformat(), obj.lang))


def _day(day: dt.date | None) -> dt.date:
    assert day is not None  # a required option, or one with a default
    return day


def _reason(reason: str | None, lang: str) -> str | None:
    """The reason as typed, checked as free text; none when not given or blank."""
    if reason is None:
        return None
    return clean_text(reason, t("col.reason", lang)) or None
