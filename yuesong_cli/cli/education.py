"""``yuesong education``: the township's drug-prevention education sessions (docs/domain.md
"Prevention education")."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context, read_photo
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain import vocab
from yuesong_cli.domain.areas import natural_key
from yuesong_cli.domain.periods import parse_period
from yuesong_cli.domain.text import check_path, clean_text, required_text
from yuesong_cli.errors import InvalidInput
from yuesong_cli.messages import join, t
from yuesong_cli.output.render import Column
from yuesong_cli.store.prevention import NewSession

app = typer.Typer(help="Drug-prevention education (宣传教育).", no_args_is_help=True)

SESSION_COLUMNS = (
    Column("id", "col.number", "number"),
    Column("held_on", "col.date", "date"),
    Column("kind", "col.education_kind", "education_kind"),
    Column("place", "col.place", wrap_to=12),
    Column("village", "col.village"),
    Column("village_group", "col.village_group"),
    Column("audience", "col.audience", "number"),
    Column("note", "col.note", drop_order=1, wrap_to=12),
)


@app.command("log")
def log(
    ctx: typer.Context,
    kind: Annotated[
        str, typer.Option(help="village_talk, school, warning_point, family or other.")
    ],
    place: Annotated[str, typer.Option(help="Where it was held.")],
    audience: Annotated[int, typer.Option(help="How many listened.")],
    on: Annotated[
        str, typer.Option(help="The day it was held (default today).", show_default=False)
    ] = "today",
    village: Annotated[str | None, typer.Option(help="The village committee reached.")] = None,
    group: Annotated[
        str | None, typer.Option(help="The village group reached (counts for coverage).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="What was taught, by whom.")] = None,
    photo: Annotated[Path | None, typer.Option(help="A photo of the session.")] = None,
) -> None:
    """Record an education session: a talk in a village group, at a school, at the
    warning-education point, a family meeting."""
    obj = app_context(ctx)
    store = obj.store()
    key = vocab.EDUCATION_KIND.parse(kind)
    day = obj.past_day(on)
    if audience < 1:
        raise InvalidInput("error.education.audience")
    where = required_text(place, t("col.place", obj.lang))
    village_name = clean_text(village, t("col.village", obj.lang)) if village else None
    group_name = clean_text(group, t("col.village_group", obj.lang)) if group else None
    _check_place(store.village_groups(), village_name, group_name, obj.lang)
    text = clean_text(note, t("col.note", obj.lang)) if note else None
    if photo is not None:
        check_path(str(photo))
    picture = read_photo(photo) if photo is not None else None
    session_id = store.add_session(
        NewSession(day, key, where, village_name, group_name, audience, text, picture)
    )
    typer.echo(
        t(
            "education.log.done",
            obj.lang,
            id=session_id,
            day=day.isoformat(),
            kind=vocab.EDUCATION_KIND.label(key, obj.lang),
            place=where,
            audience=audience,
        )
    )


def _check_place(
    groups: frozenset[tuple[str, str]], village: str | None, group: str | None, lang: str
) -> None:
    """A village group is one the township has (its grids' and its register's), in the
    village given: what the coverage figure counts over."""
    if group is not None and village is None:
        raise InvalidInput("error.education.group_without_village")
    if village is None:
        return
    villages = sorted({name for name, _ in groups}, key=natural_key)
    if village not in villages:
        raise InvalidInput(
            "error.education.unknown_village", village=village, known=join(villages, lang)
        )
    known = sorted((name for place, name in groups if place == village), key=natural_key)
    if group is not None and group not in known:
        raise InvalidInput(
            "error.education.unknown_group", village=village, group=group, known=join(known, lang)
        )


@app.command("list")
def list_sessions(
    ctx: typer.Context,
    period: Annotated[
        str | None,
        typer.Option(help="A month 2026-11, a quarter 2026Q4 or a year 2026 (default this year)."),
    ] = None,
    fmt: FormatOption = None,
) -> None:
    """The sessions of a period, with the village groups and schools they reached."""
    obj = app_context(ctx)
    store = obj.store()
    today = obj.today()
    span = parse_period(period or str(today.year))
    rows = store.sessions(span.start, span.end)
    reach = store.reach(span.start, span.end)
    groups = store.village_groups()
    obj.renderer(fmt).rows(
        rows,
        SESSION_COLUMNS,
        headline=t(
            "education.list.headline",
            obj.lang,
            start=span.start.isoformat(),
            end=span.end.isoformat(),
            sessions=reach.sessions,
            audience=reach.audience,
            reached=len(reach.groups & groups),
            groups=len(groups),
            schools=reach.schools,
        ),
    )
