"""``yuesong sample``: fill a database with fictional, realistic data."""

from __future__ import annotations

from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.messages import t


def sample(
    ctx: typer.Context,
    persons: Annotated[int, typer.Option(min=1, max=1_000_000, help="How many persons.")] = 300,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same data.")] = 1,
    as_of: Annotated[
        str | None, typer.Option(help="The last day of the history (default today).")
    ] = None,
    years: Annotated[int, typer.Option(min=1, max=5, help="Years of contact history.")] = 2,
) -> None:
    """Fill the database with fictional, realistic data."""
    from yuesong_cli.ledger.sample import generate
    from yuesong_cli.output.progress import progress_bar

    obj = app_context(ctx)
    store = obj.store()
    day = obj.date(as_of, obj.today())
    assert day is not None
    with progress_bar(t("sample.progress", obj.lang), persons) as advance:
        summary = generate(
            store, persons=persons, seed=seed, as_of=day, years=years, progress=advance
        )
    typer.echo(t("sample.done", obj.lang, **summary))
