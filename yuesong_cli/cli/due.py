"""``yuesong due`` and ``yuesong why``: who is due, and why a rule stands as it does."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import (
    FormatOption,
    GridOption,
    RefArgument,
    VillageOption,
    ZoneOption,
)
from yuesong_cli.ledger import standing
from yuesong_cli.ledger.due_report import due_report
from yuesong_cli.ledger.duelist import day_json, rule_keys
from yuesong_cli.output.due_view import MACHINE_COLUMNS, SCREEN_COLUMNS, due_page, urgency_style

# Exit code of --fail-if-overdue when anything is overdue or has a missed streak.
EXIT_OVERDUE = 3


class GroupBy(StrEnum):
    village = "village"
    grid = "grid"
    zone = "zone"
    helper = "helper"


def due(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option(help="The day to answer for (default today, past or future).")
    ] = None,
    within: Annotated[
        int | None, typer.Option(min=0, help="Only items due within N days (0: today).")
    ] = None,
    village: VillageOption = None,
    grid: GridOption = None,
    zone: ZoneOption = None,
    helper: Annotated[
        str | None, typer.Option(help="Only persons whose team includes this helper.")
    ] = None,
    rule: Annotated[
        list[str] | None, typer.Option("--rule", help="Only this rule (repeatable).")
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list what is done.")] = False,
    by: Annotated[
        GroupBy | None, typer.Option(help="One section per village, grid, zone or helper.")
    ] = None,
    fail_if_overdue: Annotated[
        bool, typer.Option(help="Exit 3 when anything is overdue or has a missed streak.")
    ] = False,
    fmt: FormatOption = None,
) -> None:
    """The due list: every obligation of everyone under active supervision."""
    obj = app_context(ctx)
    people = obj.people(village, grid, zone, helper)
    store = obj.store()
    day = obj.date(as_of, obj.today())
    assert day is not None
    rules = rule_keys(store, rule or [])
    renderer = obj.renderer(fmt)
    if (
        renderer.fmt == "json"
        and by is None
        and not fail_if_overdue
        and standing.day_ready(store, day)
    ):
        # A machine's list from the kept state, each item made in SQL (a county's list
        # is tens of thousands of items): the same items, in the same order, as below
        # (--by orders them by section; --fail-if-overdue needs every item's facts).
        renderer.json_items(
            day_json(
                store,
                day,
                renderer.machine_name,
                people=people,
                rules=rules,
                within=within,
                include_done=show_all,
            )
        )
        return
    report = due_report(
        store,
        day,
        people=people,
        rules=rules,
        within=within,
        include_done=show_all,
        # Only a page for people carries the count of high alerts (JSON and CSV are the
        # items alone), and it costs the alert rules' time.
        count_high_alerts=renderer.fmt in ("table", "plain"),
    )
    page = due_page(
        report, obj.lang, by.value if by is not None else None, words=renderer.fmt != "json"
    )
    renderer.sections(
        page.sections,
        SCREEN_COLUMNS,
        title=page.title,
        headline=page.headline,
        style=urgency_style,
        machine_columns=MACHINE_COLUMNS,
    )
    if fail_if_overdue and report.obligations.behind:
        raise typer.Exit(EXIT_OVERDUE)


# --- why ------------------------------------------------------------------------------


def why(
    ctx: typer.Context,
    ref: RefArgument,
    as_of: Annotated[str | None, typer.Option(help="The day to answer for.")] = None,
    fmt: FormatOption = None,
) -> None:
    """Each rule's obligation for one person, explained."""
    # Imported here, not above: the morning's due list, in the same module, needs neither.
    from yuesong_cli.ledger.duelist import explain
    from yuesong_cli.output.explain import (
        WHY_COLUMNS,
        WHY_MACHINE_COLUMNS,
        not_active_line,
        why_rows,
        why_title,
    )

    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    day = obj.date(as_of, obj.today())
    assert day is not None
    result = explain(store, person_id, day)
    renderer = obj.renderer(fmt)
    title = why_title(result, obj.lang)
    if not result.active:
        if renderer.fmt == "json":
            renderer.rows([], MACHINE_COLUMNS)
            return
        renderer.line(title)
        renderer.line(not_active_line(result, obj.lang))
        return
    renderer.rows(
        why_rows(result, obj.lang, unobliged=renderer.fmt != "json"),
        WHY_COLUMNS,
        title=title,
        style=urgency_style,
        machine_columns=WHY_MACHINE_COLUMNS,
    )
