"""``yuesong tests``: drug tests (尿检); ``tests draw`` chooses persons for surprise tests."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain.draw import EXCLUDE_DAYS
from yuesong_cli.domain.text import clean_text
from yuesong_cli.errors import InvalidInput
from yuesong_cli.ledger.draws import surprise_draw
from yuesong_cli.messages import t
from yuesong_cli.output.draw_view import DRAW_COLUMNS, draw_headline

app = typer.Typer(help="Drug tests (尿检).", no_args_is_help=True)


@app.command("draw")
def draw_command(
    ctx: typer.Context,
    count: Annotated[int, typer.Option(help="How many persons to draw.")],
    seed: Annotated[
        str | None, typer.Option(help="The seed; the same seed draws the same persons.")
    ] = None,
    as_of: Annotated[str | None, typer.Option(help="The day of the draw (default today).")] = None,
    exclude_days: Annotated[
        int, typer.Option(min=0, max=3650, help="Leave out persons tested in the last N days.")
    ] = EXCLUDE_DAYS,
    fmt: FormatOption = None,
) -> None:
    """Choose persons for surprise tests (随机抽检), weighted by risk; audited."""
    obj = app_context(ctx)
    if count < 1:
        raise InvalidInput("error.draw.count")
    if seed is not None:  # written to the audit log and printed again
        seed = clean_text(seed, "--seed")
    store = obj.store()
    day = obj.date(as_of, obj.today())
    assert day is not None
    # Without a seed one is made up and printed, so the draw can still be shown again.
    # It is made up here, not in the ledger: randomness comes from outside, like the
    # clock, and the ledger's draw stays the seed's alone (the same seed, the same draw).
    chosen_seed = seed if seed is not None else str(secrets.randbelow(10**6))
    result = surprise_draw(store, day, count, chosen_seed, exclude_days)
    renderer = obj.renderer(fmt)
    if seed is None and renderer.fmt in ("json", "csv"):
        # The headline is not part of machine output; the seed made up must still be seen.
        typer.echo(t("draw.seed", obj.lang, seed=chosen_seed), err=True)
    renderer.rows(result.rows, DRAW_COLUMNS, headline=draw_headline(result, obj.lang))
