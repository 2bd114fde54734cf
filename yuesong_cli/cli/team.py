"""``yuesong team``: the 五包一 team of a person and the responsible helper."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain import vocab
from yuesong_cli.domain.teams import check_assignment_day
from yuesong_cli.messages import t
from yuesong_cli.output.person_view import TEAM_COLUMNS
from yuesong_cli.output.team_view import (
    TEAM_HISTORY_COLUMNS,
    history_rows,
    team_headline,
    team_history_headline,
)

app = typer.Typer(help="The 五包一 helping team.", no_args_is_help=True)


@app.command("assign")
def assign(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The person: case number, name, pinyin, initials.")],
    helper: Annotated[str, typer.Argument(help="The helper: number or name.")],
    role: Annotated[str, typer.Option(help="Role in the team, or responsible (包保责任人).")],
    on: Annotated[
        str, typer.Option(help="From this day (default today).", show_default=False)
    ] = "today",
) -> None:
    """Put a helper into a role of the person's team (replacing the previous one)."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    helper_id = store.resolve_helper(helper)
    role_key = vocab.ROLE.parse(role)
    today = obj.today()
    day = obj.date(on, today)
    assert day is not None
    registered = dt.date.fromisoformat(store.person(person_id)["registered_on"])
    check_assignment_day(day, today, registered)
    changed = store.assign(person_id, helper_id, role_key, day)
    key = "team.assign.done" if changed else "team.assign.unchanged"
    typer.echo(
        t(
            key,
            obj.lang,
            case_no=store.case_no(person_id),
            role=vocab.ROLE.label(role_key, obj.lang),
            helper=helper_id,
        )
    )


@app.command("show")
def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The person: case number, name, pinyin, initials.")],
    history: Annotated[
        bool, typer.Option("--history", help="Every member the team has had, with their days.")
    ] = False,
    fmt: FormatOption = None,
) -> None:
    """The person's team and responsible helper."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    if history:
        every = store.team_history(person_id)
        headline = team_history_headline(store.case_no(person_id), every, obj.lang)
        obj.renderer(fmt).rows(history_rows(every), TEAM_HISTORY_COLUMNS, headline=headline)
        return
    rows = store.team(person_id)
    headline = team_headline(store.case_no(person_id), rows, obj.lang)
    obj.renderer(fmt).rows(rows, TEAM_COLUMNS, headline=headline)
