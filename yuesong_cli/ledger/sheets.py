"""The helpers' weekly sheets (``yuesong sheets``): for each helper, the persons of their
teams in one ISO week and what each of them owes that week.

What is owed comes from the one obligation model (domain/obligations.py, docs/model.md),
as the reports ask it: every obligation whose window overlaps the week and is not kept as
of the day asked, the missed ones (deadline passed) marked. A week holds more windows
than the one day of the due list (a half-month ending on the Monday, the month and the
quarter around it), so the windows of the week are asked for, not those of one day; the
statuses after the day asked are taken to go on, as the model says of any later day.
Nothing here decides what keeps an obligation or when it falls due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from yuesong_cli.domain.obligations import (
    Contact,
    Rule,
    Supervision,
    due_item,
    obligations_between,
    supervision_of,
    window_of,
)
from yuesong_cli.domain.people import EVERYONE, People
from yuesong_cli.domain.periods import Period
from yuesong_cli.domain.teams import helper_tag
from yuesong_cli.domain.vocab import CONTACT_KIND
from yuesong_cli.errors import InvalidInput
from yuesong_cli.ledger.reports import LONGEST_WINDOW
from yuesong_cli.store.db import Store
from yuesong_cli.store.plans import rule_from_row
from yuesong_cli.store.sheets import sheet_helpers, week_teams

# Contacts from the first day on record: what a rolling rule's chain needs.
EVER = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Owed:
    """One obligation of the week not kept yet: the rule, the contact kinds a line of the
    sheet proposes for it, its deadline, and whether that has passed (missed)."""

    rule: str
    name_zh: str
    name_en: str
    kinds: tuple[str, ...]
    deadline: dt.date
    overdue: bool


@dataclass(frozen=True)
class SheetLine:
    """One person on a helper's sheet: who (the name as stored: the page masks it), the
    helper's roles in the person's team, and what the person owes this week."""

    person_id: int
    case_no: str
    name: str
    village: str | None
    village_group: str | None
    roles: tuple[str, ...]
    owed: tuple[Owed, ...]
    # Obligations of the week kept already: with nothing owed, whether the week's are
    # done or there were none (its windows began before the history start, say).
    kept: int = 0

    def kinds(self, week: Period) -> tuple[str, ...]:
        """What the sheet's kinds column is filled with (the helper corrects it): the
        kinds of the obligations due by the end of ``week``, missed ones included, or,
        when none is, of every obligation owed; once each, in the vocabulary's order."""
        due = [owed for owed in self.owed if owed.deadline <= week.end] or self.owed
        wanted = {kind for owed in due for kind in owed.kinds}
        return tuple(kind for kind in CONTACT_KIND.keys if kind in wanted)


@dataclass(frozen=True)
class HelperSheet:
    """One helper's page: the helper and the persons of their teams that week."""

    helper_id: int
    name: str
    role: str
    lines: tuple[SheetLine, ...]

    @property
    def number(self) -> str:
        """How the helper is named in file names, the audit and the import: ``H3``."""
        return helper_tag(self.helper_id)


@dataclass(frozen=True)
class Sheets:
    """The sheets of one week, as of the day asked; ``mask_names`` is the setting the
    screen follows, so the paper shows names as the screen does."""

    township: str
    week: Period
    as_of: dt.date
    mask_names: bool
    helpers: tuple[HelperSheet, ...]
    # Only the helpers asked for (--helper), not every helper at work that week.
    chosen: bool = False
    # The persons of a village, zone or grid only (--village, --zone, --grid): what
    # names them, for the files' names ("岳宋村", "第一片区-网格01"); None: everyone.
    scope: str | None = None

    @property
    def lines(self) -> int:
        return sum(len(sheet.lines) for sheet in self.helpers)


def helper_sheets(
    store: Store,
    week: Period,
    as_of: dt.date,
    helper_ids: Sequence[int] = (),
    people: People = EVERYONE,
) -> Sheets:
    """The sheets of ``week`` as of ``as_of``: one per helper named (``helper_ids``), or
    one per helper at work with at least one person under supervision on their teams
    that week; with ``people`` (a village, zone or grid), their persons only. A helper
    retired by the week's end is passed over, and refused when named; nothing to put on
    any sheet is refused."""
    helpers = {row["id"]: row for row in sheet_helpers(store)}
    for helper_id in helper_ids:
        retired = _retired(helpers[helper_id], week)
        if retired is not None:
            raise InvalidInput("error.sheets.retired", helper=helper_tag(helper_id), day=retired)
    chosen = list(dict.fromkeys(helper_ids)) or [
        helper_id for helper_id, row in helpers.items() if _retired(row, week) is None
    ]
    roles: dict[int, dict[int, list[str]]] = {helper_id: {} for helper_id in chosen}
    for member in week_teams(store, week.start, week.end):
        if member["helper_id"] in roles:
            persons = roles[member["helper_id"]]
            persons.setdefault(member["person_id"], []).append(member["role"])
    wanted = {person_id for persons in roles.values() for person_id in persons}
    if not people.everyone:
        wanted &= store.people_ids(people)
    lines = _lines(store, week, as_of, wanted)
    sheets = []
    for helper_id in chosen:
        found = tuple(
            SheetLine(**{**lines[person_id], "roles": tuple(dict.fromkeys(role_keys))})
            for person_id, role_keys in roles[helper_id].items()
            if person_id in lines
        )
        if found or helper_ids:
            row = helpers[helper_id]
            ordered = tuple(sorted(found, key=lambda line: line.case_no))
            sheets.append(HelperSheet(helper_id, row["name"], row["role"], ordered))
    if not sheets:
        raise InvalidInput("error.sheets.nothing", week=week.label)
    return Sheets(
        store.setting("township"),
        week,
        as_of,
        store.setting("mask_names") != "off",
        tuple(sheets),
        bool(helper_ids),
        "-".join(people.places) or None,
    )


def _retired(helper: dict[str, Any], week: Period) -> str | None:
    """The day the helper retired (the first day they no longer help), when that is by
    the end of the week: their roles have passed on by then."""
    retired = helper.get("retired_on")
    return retired if retired is not None and retired <= week.end.isoformat() else None


def _lines(
    store: Store, week: Period, as_of: dt.date, wanted: set[int]
) -> dict[int, dict[str, Any]]:
    """For each person of ``wanted`` under active supervision on a day of the week (as
    the model sees the days after the day asked), the values of their line, roles
    aside."""
    if not wanted:
        return {}
    rolling = any(
        rule.schedule == "rolling"
        for plan in store.plan_keys()
        for rule in store.plan_rules(plan)
    )
    # Contacts far enough back to decide every window of the week (a rolling rule's
    # chain needs them all), and up to the day asked, which may lie after the week.
    since = EVER if rolling else week.start - LONGEST_WINDOW
    inputs = store.period_inputs(since, max(week.end, as_of))
    rules = {plan: [rule_from_row(row) for row in rows] for plan, rows in inputs.plans.items()}
    names = {
        (plan, row["rule"]): (row["name_zh"], row["name_en"])
        for plan, rows in inputs.plans.items()
        for row in rows
    }
    contacts = {person_id: found for person_id, found in inputs.contacts if person_id in wanted}
    lines: dict[int, dict[str, Any]] = {}
    for person in inputs.persons:
        person_id = person["id"]
        if person_id not in wanted:
            continue
        supervision = supervision_of(person, inputs.histories[person_id], as_of)
        if supervision.active_days(week.start, week.end) == 0:
            continue  # on leave, detained, closed all week: no line to fill in
        owed: list[Owed] = []
        kept = 0
        for rule in rules.get(person["plan"], []):
            found = _week_obligations(rule, supervision, contacts.get(person_id, []), week)
            zh, en = names[(person["plan"], rule.key)]
            owed.extend(
                Owed(rule.key, zh, en, proposed_kinds(rule), deadline, state == "missed")
                for state, deadline in found
                if state != "kept"
            )
            kept += sum(state == "kept" for state, _ in found)
        lines[person_id] = {
            "person_id": person_id,
            "case_no": person["case_no"],
            "name": person["name"],
            "village": person["village"],
            "village_group": person["village_group"],
            "owed": tuple(sorted(owed, key=lambda o: (not o.overdue, o.deadline))),
            "kept": kept,
        }
    return lines


def _week_obligations(
    rule: Rule, supervision: Supervision, contacts: Sequence[Contact], week: Period
) -> list[tuple[str, dt.date]]:
    """(state, deadline) of every obligation of ``rule`` whose window overlaps ``week``,
    as of the supervision's day: kept, open or missed (a rolling rule's current one is
    missed once overdue)."""
    as_of = supervision.as_of
    if rule.schedule == "rolling":
        item = due_item(rule, supervision, contacts, as_of)
        if item is None or item.window_start > week.end:
            return []
        return [("missed" if item.status == "overdue" else "open", item.window_end)]
    last = max(window_of(rule, supervision, week.end)[1], week.end)
    return [
        (obligation.state, obligation.deadline)
        for obligation in obligations_between(rule, supervision, contacts, week.start, last, as_of)
        if obligation.window_start <= week.end
    ]


def proposed_kinds(rule: Rule) -> tuple[str, ...]:
    """The contact kinds a sheet proposes for a rule: the one it asks for (the first in
    the vocabulary's order, when any of several keeps it), or for a rule any kind keeps,
    its own key when that is a kind (``meet``); else none, and the helper writes it."""
    if rule.kinds:
        first = next((kind for kind in CONTACT_KIND.keys if kind in rule.kinds), None)
        return (first,) if first is not None else ()
    return (rule.key,) if rule.key in CONTACT_KIND.keys else ()
