"""``yuesong helper``: the people who help (帮教人员)."""

from __future__ import annotations

from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain import vocab
from yuesong_cli.domain.text import clean_name, normalise_phone
from yuesong_cli.messages import t
from yuesong_cli.output.team_view import HELPER_COLUMNS

app = typer.Typer(help="Helping people (帮教人员).", no_args_is_help=True)


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
def list_helpers(ctx: typer.Context, fmt: FormatOption = None) -> None:
    """The helping people and how many persons each is assigned to."""
    obj = app_context(ctx)
    rows = obj.store().list_helpers()
    obj.renderer(fmt).rows(
        rows, HELPER_COLUMNS, headline=t("helper.list.headline", obj.lang, count=len(rows))
    )
