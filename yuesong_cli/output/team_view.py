"""The helpers and a person's 五包一 team as shown: the helpers' columns, the team's
headline naming the places not filled, the team over time, and what a replacement or a
retirement says it did."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.domain import vocab
from yuesong_cli.domain.teams import FIFTH, Replacement, helper_tag, missing_roles
from yuesong_cli.messages import join, t
from yuesong_cli.output.render import Column

HELPER_COLUMNS = (
    Column("id", "col.helper_id", "number"),
    Column("name", "col.helper"),
    Column("role", "col.role", "role"),
    Column("phone", "col.phone", "phone"),
    Column("persons", "col.persons", "number"),
)
# ``helper list --all``: the retired too, with the day they left.
ALL_HELPER_COLUMNS = (*HELPER_COLUMNS, Column("retired_on", "col.retired_on", "date"))
# ``team show --history``: every membership with its first and last day.
TEAM_HISTORY_COLUMNS = (
    Column("role", "col.role", "role"),
    Column("helper_no", "col.helper_id"),  # by number too: two helpers may share a name
    Column("helper", "col.helper"),
    Column("phone", "col.phone", "phone", drop_order=1),
    Column("since", "col.since", "date"),
    Column("until", "col.until", "date"),
)


def team_headline(case_no: str, team: Sequence[Mapping[str, Any]], lang: str) -> str:
    """Whose team it is, and what it lacks if anything."""
    return _with_missing(t("team.show.title", lang, case_no=case_no), team, lang)


def _with_missing(headline: str, team: Sequence[Mapping[str, Any]], lang: str) -> str:
    """A headline followed by the places of the (current) team not filled, if any."""
    missing = missing_roles({row["role"] for row in team})
    if not missing:
        return headline
    labels = [
        t("team.fifth_member", lang) if role == FIFTH else vocab.ROLE.label(role, lang)
        for role in missing
    ]
    return headline + " · " + t("team.show.missing", lang, roles=join(labels, lang))


def helpers_headline(rows: Sequence[Mapping[str, Any]], lang: str, *, every: bool) -> str:
    """How many helpers are listed; with ``every`` (``--all``), how many have retired."""
    if not every:
        return t("helper.list.headline", lang, count=len(rows))
    retired = sum(1 for row in rows if row.get("retired_on"))
    return t("helper.list.headline_all", lang, count=len(rows), retired=retired)


def team_history_headline(case_no: str, history: Sequence[Mapping[str, Any]], lang: str) -> str:
    """The team over time, and what the current team lacks if anything."""
    current = [row for row in history if row["until"] is None]
    return _with_missing(t("team.history.title", lang, case_no=case_no), current, lang)


def history_rows(history: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The memberships by role in the order of the team (the responsible helper last),
    each role's holders in the order they served."""
    order = {role: index for index, role in enumerate(vocab.ROLE.keys)}
    rows = sorted(history, key=lambda row: (order.get(row["role"], len(order)), row["since"]))
    return [{**row, "helper_no": helper_tag(row["helper_id"])} for row in rows]


def replaced_line(plan: Replacement, lang: str) -> str:
    """What ``helper replace`` did, or that there was nothing to move."""
    old, day = helper_tag(plan.old), plan.day.isoformat()
    if not plan.moves:
        return t("helper.replace.nothing", lang, old=old, day=day)
    return t(
        "helper.replace.done",
        lang,
        old=old,
        new=helper_tag(plan.new),
        day=day,
        roles=plan.roles,
        persons=plan.persons,
    )


def retired_line(helper_id: int, day: str, lang: str) -> str:
    """What ``helper retire`` did."""
    return t("helper.retire.done", lang, helper=helper_tag(helper_id), day=day)
