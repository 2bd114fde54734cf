"""The day's obligations and the due list: the store's set-based inputs fed to the pure
obligation model. Every "who is due" answer in yuesong comes through here, and the alerts
read their missed streaks from the same answer (ledger/alertlist.py)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from yuesong_cli.domain import vocab
from yuesong_cli.domain.obligations import (
    URGENCY,
    Contact,
    DueItem,
    IncompleteHistory,
    Rule,
    Supervision,
    due_from_days,
    due_item,
    obligation_in,
    supervision_of,
    urgency_key,
    window_of,
)
from yuesong_cli.domain.people import EVERYONE, People
from yuesong_cli.errors import InvalidInput
from yuesong_cli.store.db import Store
from yuesong_cli.store.inputs import DueInputs
from yuesong_cli.store.plans import rule_from_row


class DayObligations:
    """The obligations of one day, worked out once: the due list (the items shown and the
    counts) and every missed streak, which the due list's headline and the alerts read.
    The streaks are facts handed over whole; the alert rules (domain/alerts.py) judge them.

    ``persons``: under active supervision on ``as_of`` (after the village and helper
    filters); ``rows``: the items shown, most urgent first; ``counts``: of the rules asked
    for; ``streaks``: every item with a missed streak, by person, whatever rules or days
    were asked to be shown; ``everyone``: no village or helper filter, so the persons and
    streaks are the whole township's; ``kept``: read from the kept state
    (ledger/standing.py), whose alerts are kept beside it."""

    def __init__(
        self,
        as_of: dt.date,
        persons: int,
        rows: list[dict[str, Any]],
        counts: dict[str, int] | None = None,
        streaks: dict[int, list[DueItem]] | Callable[[], dict[int, list[DueItem]]] | None = None,
        *,
        everyone: bool = True,
        kept: bool = False,
    ) -> None:
        self.as_of = as_of
        self.persons = persons
        self.rows = rows
        self.counts = counts if counts is not None else {}
        self._streaks = streaks if streaks is not None else {}
        self.everyone = everyone
        self.kept = kept

    @property
    def streaks(self) -> dict[int, list[DueItem]]:
        if callable(self._streaks):
            # From the kept state, read when first asked (its alerts are kept beside it,
            # so the due list itself never asks).
            self._streaks = self._streaks()
        return self._streaks

    @property
    def behind(self) -> bool:
        """Anything overdue, or with a missed streak, among the rules asked for."""
        return bool(self.counts["overdue"] or self.counts["missed"])


# From this many persons in the ledger on, the items are worked out in shares of persons
# (by id), one process per processor: each person's answer needs only their own rows.
# Starting a forked worker costs little but not nothing: from several thousand persons
# on (benchmarks/bench_due.py measures 5,000) a share of the work is worth more than that.
# With the kept state (ledger/standing.py) this is the work of the first run of a day.
PARALLEL_FROM = 4_000


@dataclass(frozen=True)
class _Query:
    """What the due list is asked."""

    as_of: dt.date
    people: People
    rules: tuple[str, ...]
    within: int | None
    include_done: bool
    rows: bool = True  # False: only the counts and the streaks (what the alerts read)


class DayItems(NamedTuple):
    """The current item of every rule of everyone under active supervision on a day (or
    of a share of them): the persons, their items (person id, plan, item), the rules'
    names by (plan, rule key), and each person's responsible helper."""

    persons: list[dict[str, Any]]
    items: list[tuple[int, str, DueItem]]
    rule_names: dict[tuple[str, str], tuple[str, str]]
    responsible: dict[int, str]


def day_obligations(
    store: Store,
    as_of: dt.date,
    *,
    people: People = EVERYONE,
    rules: Sequence[str] = (),
    within: int | None = None,
    include_done: bool = False,
    workers: int | None = None,
    rows: bool = True,
    kept: bool = False,
) -> DayObligations:
    """The obligations of everyone under active supervision on ``as_of`` (or of
    ``people``: domain/people.py): the items of ``rules`` (all if empty) due
    ``within`` days and, with ``include_done``, those done, most urgent first; without
    ``rows``, no item is listed (the counts and the streaks are whole: what the alerts
    read).

    With ``kept``, read from the kept state, which the caller has made sure holds
    ``as_of`` (ledger/standing.py ``day_ready``); else worked out here, by ``workers``
    processes (None: one per processor from ``PARALLEL_FROM`` persons on). The answer is
    the same whichever way it came."""
    query = _Query(as_of, people, tuple(rules), within, include_done, rows)
    if kept:
        # One state of the file for every read of the list: a person registered
        # meanwhile is in all of them or none.
        with store.snapshot():
            persons, counts, shown, streaks = _kept_listing(store, query)
    else:
        found = day_items(store, as_of, people=people, workers=workers)
        persons, counts, shown, streaks = _listed(query, found)
    return DayObligations(
        as_of,
        persons,
        [row for _, row in sorted(shown, key=lambda entry: entry[0])],
        counts,
        streaks,
        everyone=people.everyone,
        kept=kept,
    )


def _kept_listing(store: Store, query: _Query) -> _Listing:
    """The due list from the kept state: counted and chosen in SQL (store/derived.py
    ``day_listing``), only the rows shown made here."""
    found = store.day_listing(
        query.as_of,
        people=query.people,
        rules=query.rules,
        within=query.within,
        include_done=query.include_done,
        rows=query.rows,
    )
    names = {
        (plan, row["rule"]): (row["name_zh"], row["name_en"])
        for plan in store.plan_keys()
        for row in store.plan_rule_rows(plan)
    }
    shown = [
        (
            (*urgency_key(item), person["case_no"]),
            _row(person, item, names[(person["plan"], item.rule)], person["helper"]),
        )
        for person, item in found.shown
    ]

    def streaks() -> dict[int, list[DueItem]]:
        by_person: dict[int, list[DueItem]] = {}
        for person_id, item in store.day_streaks(query.as_of, query.people):
            by_person.setdefault(person_id, []).append(item)
        return by_person

    return found.persons, found.counts, shown, streaks


def day_json(
    store: Store,
    as_of: dt.date,
    name: Callable[[str | None], str | None],
    *,
    people: People = EVERYONE,
    rules: Sequence[str] = (),
    within: int | None = None,
    include_done: bool = False,
) -> list[str]:
    """The due list's items as ``due --format json`` prints them, made in SQL from the
    kept state, which the caller has made sure holds ``as_of`` (ledger/standing.py
    ``day_ready``): the same items, in the same order, as ``day_obligations`` with the
    same filters, the urgency of the model's statuses (``URGENCY``) ordering them."""
    return store.day_json(
        as_of,
        people=people,
        rules=rules,
        within=within,
        include_done=include_done,
        ranks=URGENCY,
        name=name,
    )


def day_items(
    store: Store,
    as_of: dt.date,
    *,
    people: People = EVERYONE,
    person_ids: Sequence[int] | None = None,
    workers: int | None = None,
) -> DayItems:
    """The day's items worked out from the records by the obligation model, for everyone
    under active supervision on ``as_of`` (or ``people``, or those among ``person_ids``),
    by ``workers`` processes (see ``day_obligations``)."""
    shares: list[tuple[int, int] | None]
    if person_ids is not None:
        shares = [None]
    else:
        shares = _shares(store, workers)
    ask = (as_of, people, None if person_ids is None else tuple(person_ids))
    if len(shares) == 1:
        return _items_part(store, ask, shares[0])
    parts = _parallel_parts(store, ask, shares)
    return DayItems(
        [person for part in parts for person in part.persons],
        [item for part in parts for item in part.items],
        {key: name for part in parts for key, name in part.rule_names.items()},
        {key: name for part in parts for key, name in part.responsible.items()},
    )


_Ask = tuple[dt.date, People, tuple[int, ...] | None]


# The due list: persons, counts, the rows shown with their sort keys, the missed streaks
# (or, from the kept state, what reads them when first asked).
_Streaks = dict[int, list[DueItem]] | Callable[[], dict[int, list[DueItem]]]
_Listing = tuple[int, dict[str, int], list[tuple[Any, dict[str, Any]]], _Streaks]


def _listed(query: _Query, found: DayItems) -> _Listing:
    """The due list from the day's items: persons, counts, the rows shown with their sort
    keys, and every missed streak by person."""
    people = {person["id"]: person for person in found.persons}
    counts = dict.fromkeys(("overdue", "due_today", "due_week", "missed", "done", "items"), 0)
    shown = []
    streaks: dict[int, list[DueItem]] = {}
    for person_id, plan, item in found.items:
        if item.missed_streak > 0:
            # Before the rule filter: the alerts read every rule's streak.
            streaks.setdefault(person_id, []).append(item)
        if query.rules and item.rule not in query.rules:
            continue
        counts["items"] += 1
        if item.status == "done":
            counts["done"] += 1
        elif item.status == "overdue":
            counts["overdue"] += 1
        elif item.days_left <= 7:
            counts["due_week"] += 1
            counts["due_today"] += item.days_left == 0
        if item.missed_streak > 0:
            counts["missed"] += 1
        if not query.rows or (item.status == "done" and not query.include_done):
            continue
        if query.within is not None and item.days_left > query.within:
            continue
        # Rows only for what is shown: a county's list holds far more done items.
        person = people[person_id]
        row = _row(
            person,
            item,
            found.rule_names[(plan, item.rule)],
            found.responsible.get(person_id),
        )
        shown.append(((*urgency_key(item), person["case_no"]), row))
    return len(found.persons), counts, shown, streaks


def _shares(store: Store, workers: int | None) -> list[tuple[int, int] | None]:
    """Ranges of person ids, one per process (``[None]``: one process, everyone)."""
    first, last, count = store.person_id_bounds()
    if workers is None:
        workers = _processors() if count >= PARALLEL_FROM else 1
    workers = max(1, min(workers, count))
    if workers == 1:
        return [None]
    size = -(-(last - first + 1) // workers)
    return [(first + i * size, min(last, first + (i + 1) * size - 1)) for i in range(workers)]


def _processors() -> int:
    try:
        return len(os.sched_getaffinity(0))  # what this process may use (Linux)
    except AttributeError:
        return os.cpu_count() or 1


def _parallel_parts(
    store: Store, ask: _Ask, shares: Sequence[tuple[int, int] | None]
) -> list[DayItems]:
    """The first share here, the others in worker processes at the same time."""
    if store.conn.in_transaction:
        # Workers read what is committed; this answer must also see what is not yet.
        return [_items_part(store, ask, None)]
    # Loaded here, not at start-up: only a ledger this large uses them (issue 13).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    # fork: the workers start with everything imported. The connection is closed while
    # they are forked, so they inherit no SQLite state; each opens its own.
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with store.released():
        pool = ProcessPoolExecutor(len(shares) - 1, mp_context=context)
        try:
            futures = [pool.submit(_items_part_of, store.path, ask, s) for s in shares[1:]]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
    try:
        first = _items_part(store, ask, shares[0])
        return [first, *(future.result() for future in futures)]
    finally:
        pool.shutdown(cancel_futures=True)


def _items_part_of(path: Path, ask: _Ask, ids: tuple[int, int] | None) -> DayItems:
    """A worker process's share, read through a connection of its own."""
    store = Store(path)
    try:
        return _items_part(store, ask, ids)
    finally:
        store.close()


def _items_part(store: Store, ask: _Ask, ids: tuple[int, int] | None) -> DayItems:
    """The items of the persons whose id lies in ``ids`` (None: everyone asked)."""
    as_of, asked, person_ids = ask
    inputs = store.due_inputs(as_of, people=asked, ids=ids, person_ids=person_ids)
    items = []
    for plan, plan_rules in inputs.rules.items():
        persons = [p for p in inputs.persons if p["plan"] == plan]
        for item, person, _rule in _plan_items(store, as_of, plan_rules, persons, inputs):
            items.append((person["id"], plan, item))
    people = [
        {
            key: p[key]
            for key in ("id", "case_no", "name", "village", "village_group", "grid", "zone", "plan")
        }
        for p in inputs.persons
    ]
    return DayItems(people, items, inputs.rule_names, inputs.responsible)


def _plan_items(
    store: Store,
    as_of: dt.date,
    plan_rules: Sequence[Rule],
    persons: Sequence[dict[str, Any]],
    inputs: DueInputs,
) -> list[tuple[DueItem, dict[str, Any], Rule]]:
    """The current item of each person (all following one plan) and rule, if any."""
    supervisions = {p["id"]: supervision_of(p, inputs.histories[p["id"]], as_of) for p in persons}
    windows = {
        person_id: [_current_window(rule, supervision, as_of) for rule in plan_rules]
        for person_id, supervision in supervisions.items()
    }
    starts = {
        person_id: [window[0] if window else None for window in row]
        for person_id, row in windows.items()
    }
    days = store.keeping_days(as_of, plan_rules, starts)
    found = []
    for person in persons:
        person_id = person["id"]
        supervision = supervisions[person_id]
        for rule, window in zip(plan_rules, windows[person_id], strict=True):
            last, before = days.get((person_id, rule.key), (None, None))
            item = _item(store, person_id, rule, supervision, last, before, as_of, window)
            if item is not None:
                found.append((item, person, rule))
    return found


def _current_window(
    rule: Rule, supervision: Supervision, as_of: dt.date
) -> tuple[dt.date, dt.date] | None:
    """The rule's window that holds ``as_of`` (None: rolling rule)."""
    if rule.schedule == "rolling":
        return None
    return window_of(rule, supervision, as_of)


def _item(
    store: Store,
    person_id: int,
    rule: Rule,
    supervision: Supervision,
    last: dt.date | None,
    before: dt.date | None,
    as_of: dt.date,
    window: tuple[dt.date, dt.date] | None = None,
) -> DueItem | None:
    """The current item from two days: the last day the rule was kept, and the last day
    before the current window. Exact, except when the streak reaches behind the second
    (a contact in a window with no obligation): then from all of the person's contacts."""
    # Ascending and without repeats, as due_from_days wants them.
    if last is None:
        known = []
    elif before is None or before == last:
        known = [last]
    else:
        known = [before, last]
    try:
        return due_from_days(rule, supervision, known, as_of, complete_from=before, window=window)
    except IncompleteHistory:
        return due_item(rule, supervision, store.keeping_contacts(person_id, rule, as_of), as_of)


def _row(
    person: dict[str, Any],
    item: DueItem,
    name: tuple[str, str],
    helper: str | None,
) -> dict[str, Any]:
    zh, en = name
    return {
        "person_id": person["id"],
        "case_no": person["case_no"],
        "name": person["name"],
        "village": person["village"],
        "group": person["village_group"],
        "grid": person["grid"],
        "zone": person["zone"],
        "helper": helper,
        "rule": item.rule,
        "rule_name_zh": zh,
        "rule_name_en": en,
        "schedule": item.schedule,
        "status": item.status,
        "window_start": item.window_start.isoformat(),
        "window_end": item.window_end.isoformat(),
        "days_left": item.days_left,
        "last_kept": item.last_kept.isoformat() if item.last_kept else None,
        "missed_streak": item.missed_streak,
    }


# --- rules by name ----------------------------------------------------------------


def plan_rule_names(store: Store) -> list[tuple[str, str, str]]:
    """Every rule of every plan, in the plans' order: (key, name_zh, name_en). The same key
    may come more than once, named differently in different plans."""
    return [
        (row["rule"], row["name_zh"], row["name_en"])
        for plan in store.plan_keys()
        for row in store.plan_rule_rows(plan)
    ]


def rule_names(store: Store) -> dict[str, tuple[str, str]]:
    """Each rule's names (zh, en) by key; where plans name a rule differently, the last
    plan's names."""
    return {key: (zh, en) for key, zh, en in plan_rule_names(store)}


def rule_keys(store: Store, typed: Sequence[str]) -> list[str]:
    """Rule keys from what was typed: a key or a rule's name in either language, in any
    plan; an unknown word is refused with the keys there are."""
    if not typed:
        return []
    known: dict[str, str] = {}  # a word typed -> rule key
    for key, name_zh, name_en in plan_rule_names(store):
        for word in (key, name_zh, name_en):
            known[word.lower()] = key
    for key in vocab.CONTACT_KIND.keys:
        # 见面 names the meet rule as well as the meet kind.
        known.setdefault(vocab.CONTACT_KIND.label(key, "zh"), key)
    keys = []
    for word in typed:
        found = known.get(word.strip().lower())
        if found is None:
            choices = sorted(set(known.values()))
            raise InvalidInput("error.rule.unknown_key", rule=word, rules=", ".join(choices))
        keys.append(found)
    return keys


# --- why: one person's obligations explained --------------------------------------


@dataclass(frozen=True)
class Explanation:
    """Why a rule stands as it does for one person on one day."""

    rule: Rule
    name_zh: str
    name_en: str
    item: DueItem | None
    kept_by: Contact | None
    not_counted: list[tuple[Contact, str]]  # contact, reason key (kind, mode, result)
    paused_days: int
    window_days: int
    # When its window began before the history start (so it is never counted missed):
    # that window and the history start (docs/model.md "Supervision").
    window: tuple[dt.date, dt.date] | None = None
    history_start: dt.date | None = None


@dataclass
class PersonDue:
    """``status`` is the status recorded on ``as_of``; ``history_start`` the person's
    history start where obligations count from it (docs/model.md "Supervision"), which
    makes a day before it one with nothing to explain (``active`` false)."""

    person: dict[str, Any]
    as_of: dt.date
    status: str | None
    active: bool
    explanations: list[Explanation]
    rows: list[dict[str, Any]]
    history_start: dt.date | None = None

    @property
    def before_history(self) -> bool:
        """The day lies between registration and the history start: nothing of it counts,
        and the history start, not registration, is why."""
        start = self.history_start
        if start is None:
            return False
        return dt.date.fromisoformat(self.person["registered_on"]) <= self.as_of < start


def explain(store: Store, person_id: int, as_of: dt.date) -> PersonDue:
    """Each rule of the person's plan on ``as_of``: its window, what kept it, what did
    not count and why, paused days, and the result."""
    person = store.person(person_id)
    history = store.status_history(person_id)
    supervision = supervision_of(person, history, as_of)
    # The status recorded that day (before the history start too): the title says it.
    span = next((s for s in supervision.recorded if s.holds(as_of)), None)
    start_day = supervision.history_start
    inputs = store.due_inputs(as_of, person_id=person_id)
    # Before the history start nothing is due (PersonDue.before_history says why).
    active = bool(inputs.persons) and (start_day is None or as_of >= start_day)
    rule_rows = store.plan_rule_rows(person["plan"])
    rules = [rule_from_row(row) for row in rule_rows]
    names = {row["rule"]: (row["name_zh"], row["name_en"]) for row in rule_rows}
    explanations, rows = [], []
    responsible = inputs.responsible.get(person_id)
    for rule in rules:
        zh, en = names[rule.key]
        contacts = store.keeping_contacts(person_id, rule, as_of) if active else []
        item = due_item(rule, supervision, contacts, as_of) if active else None
        if item is None:
            explanations.append(Explanation(rule, zh, en, None, None, [], 0, 0))
            continue
        start, end = item.window_start, item.window_end
        seen = store.contacts_in(person_id, start, min(end, as_of))
        # Only near misses are worth saying: a phone call where a visit in person was
        # needed, a refused test. A contact of another kind was never meant to keep it.
        not_counted = [
            (c, reason) for c in seen if (reason := rule.why_not(c)) not in (None, "kind")
        ]
        if rule.schedule == "rolling":
            first = start + dt.timedelta(1)
            paused = (end - first).days + 1 - supervision.active_days(first, end)
        else:
            window = window_of(rule, supervision, as_of)
            obligation = obligation_in(rule, supervision, window, contacts, as_of)
            paused = (end - start).days + 1 - (obligation.active_days if obligation else 0)
        early = _begun_before_history(rule, supervision, as_of)
        if early and start_day is not None:
            # The days before the history start are said by the window's own line.
            paused -= (start_day - max(start, early[0])).days
        explanations.append(
            Explanation(
                rule,
                zh,
                en,
                item,
                item.kept_by,
                not_counted,
                paused,
                (end - start).days + 1,
                early,
                start_day if early else None,
            )
        )
        rows.append(_row(person, item, (zh, en), responsible) | {"late": item.late})
    status = span.status if span else None
    return PersonDue(person, as_of, status, active, explanations, rows, start_day)


def _begun_before_history(
    rule: Rule, supervision: Supervision, as_of: dt.date
) -> tuple[dt.date, dt.date] | None:
    """The window of ``rule`` holding ``as_of`` when it began before the history start
    (it counts when kept, never as missed); else None."""
    start = supervision.history_start
    if start is None or rule.schedule == "rolling":
        return None
    window = window_of(rule, supervision, as_of)
    return window if window[0] < start else None
