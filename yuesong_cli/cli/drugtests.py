"""``yuesong tests``: drug tests (尿检); ``tests draw`` chooses persons for surprise tests."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain.dates import stored_date
from yuesong_cli.domain.draw import (
    EXCLUDE_DAYS,
    Candidate,
    draw,
    eligible,
    recently_positive,
    weight,
)
from yuesong_cli.errors import InvalidInput
from yuesong_cli.messages import t
from yuesong_cli.output.render import Column

app = typer.Typer(help="Drug tests (尿检).", no_args_is_help=True)

COLUMNS = (
    Column("order", "col.number", "number"),
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("village", "col.village"),
    Column("risk_level", "col.risk", "risk"),
    Column("key_person", "col.key_person", "bool"),
    Column("last_test", "col.last_test", "date"),
    Column("weight", "col.weight", "number"),
)


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
    store = obj.store()
    day = obj.date(as_of, obj.today())
    assert day is not None
    # Without a seed one is made up and printed, so the draw can still be shown again.
    chosen_seed = seed if seed is not None else str(secrets.randbelow(10**6))
    rows = store.draw_candidates(day)
    candidates = {
        row["id"]: Candidate(
            row["id"],
            row["risk_level"],
            bool(row["key_person"]),
            stored_date(row["last_test"]),
            recently_positive([d] if (d := stored_date(row["last_positive"])) else [], day),
        )
        for row in rows
    }
    drawn = draw(list(candidates.values()), count, chosen_seed, day, exclude_days)
    by_id = {row["id"]: row for row in rows}
    shown = [
        by_id[person_id] | {"order": index + 1, "weight": weight(candidates[person_id])}
        for index, person_id in enumerate(drawn)
    ]
    store.record_draw(day, count, chosen_seed, [row["case_no"] for row in shown])
    headline = t(
        "draw.headline",
        obj.lang,
        as_of=day.isoformat(),
        eligible=len(eligible(list(candidates.values()), day, exclude_days)),
        drawn=len(shown),
        seed=chosen_seed,
        exclude_days=exclude_days,
    )
    renderer = obj.renderer(fmt)
    if seed is None and renderer.fmt in ("json", "csv"):
        # The headline is not part of machine output; the seed made up must still be seen.
        typer.echo(t("draw.seed", obj.lang, seed=chosen_seed), err=True)
    renderer.rows(shown, COLUMNS, headline=headline)
