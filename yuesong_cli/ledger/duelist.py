"""The day's obligations and the due list: the store's set-based inputs fed to the pure
obligation model. Every "who is due" answer in yuesong comes through here, and the alerts
read their missed streaks from the same answer (ledger/alertlist.py)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from yuesong_cli.domain import vocab
from yuesong_cli.domain.obligations import (
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
from yuesong_cli.errors import InvalidInput
from yuesong_cli.store.db import Store
from yuesong_cli.store.inputs import DueInputs
from yuesong_cli.store.plans import rule_from_row


@dataclass
class DayObligations:
    """The obligations of one day, worked out once: the due list (the items shown and the
    counts) and every missed streak, which the due list's headline and the alerts read.
    The streaks are facts handed over whole; the alert rules (domain/alerts.py) judge them."""

    as_of: dt.date
    persons: int  # under active supervision on as_of (after the village/helper filters)
    rows: list[dict[str, Any]]  # the items shown, most urgent first
    counts: dict[str, int] = field(default_factory=dict)  # of the rules asked for
    # Every item with a missed streak, by person, whatever rules or days were asked to be
    # shown.
    streaks: dict[int, list[DueItem]] = field(default_factory=dict)
    # No village or helper filter: the persons (and streaks) are the whole township's.
    everyone: bool = True

    @property
    def behind(self) -> bool:
        """Anything overdue, or with a missed streak, among the rules asked for."""
        return bool(self.counts["overdue"] or self.counts["missed"])


# From this many persons in the ledger on, the list is worked out in shares of persons
# (by id), one process per processor: each person's answer needs only their own rows.
# Starting a forked worker costs little but not nothing: from several thousand persons
# on (benchmarks/bench_due.py measures 5,000) a share of the work is worth more than that.
PARALLEL_FROM = 4_000


@dataclass(frozen=True)
class _Query:
    """What one share of the due list is asked (sent to worker processes)."""

    as_of: dt.date
    village: str | None
    helper_id: int | None
    rules: tuple[str, ...]
    within: int | None
    include_done: bool


class _Part(NamedTuple):
    """One share's answer: persons, counts, and the rows shown with their sort keys."""

    persons: int
    counts: dict[str, int]
    shown: list[tuple[tuple[int, int, int, str], dict[str, Any]]]
    streaks: list[tuple[int, DueItem]]  # (person id, item) of every missed streak


def day_obligations(
    store: Store,
    as_of: dt.date,
    *,
    village: str | None = None,
    helper_id: int | None = None,
    rules: Sequence[str] = (),
    within: int | None = None,
    include_done: bool = False,
    workers: int | None = None,
) -> DayObligations:
    """The obligations of everyone under active supervision on ``as_of`` (or of those in
    ``village`` or in ``helper_id``'s teams): the items of ``rules`` (all if empty) due
    ``within`` days and, with ``include_done``, those done, most urgent first.

    ``workers``: how many processes share the work (None: one per processor from
    ``PARALLEL_FROM`` persons on, else one). The answer is the same whatever it is."""
    query = _Query(as_of, village, helper_id, tuple(rules), within, include_done)
    shares = _shares(store, workers)
    if len(shares) == 1:
        parts = [_due_part(store, query, None)]
    else:
        parts = _parallel_parts(store, query, shares)
    counts = dict.fromkeys(("overdue", "due_today", "due_week", "missed", "done", "items"), 0)
    shown = []
    for part in parts:
        for key, value in part.counts.items():
            counts[key] += value
        shown.extend(part.shown)
    shown.sort(key=lambda entry: entry[0])
    streaks: dict[int, list[DueItem]] = {}
    for part in parts:
        for person_id, item in part.streaks:
            streaks.setdefault(person_id, []).append(item)
    return DayObligations(
        as_of,
        sum(part.persons for part in parts),
        [row for _, row in shown],
        counts,
        streaks,
        everyone=village is None and helper_id is None,
    )


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
    store: Store, query: _Query, shares: Sequence[tuple[int, int] | None]
) -> list[_Part]:
    """The first share here, the others in worker processes at the same time."""
    if store.conn.in_transaction:
        # Workers read what is committed; this list must also see what is not yet.
        return [_due_part(store, query, None)]
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
            futures = [pool.submit(_due_part_of, store.path, query, s) for s in shares[1:]]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
    try:
        first = _due_part(store, query, shares[0])
        return [first, *(future.result() for future in futures)]
    finally:
        pool.shutdown(cancel_futures=True)


def _due_part_of(path: Path, query: _Query, ids: tuple[int, int] | None) -> _Part:
    """A worker process's share, read through a connection of its own."""
    store = Store(path)
    try:
        return _due_part(store, query, ids)
    finally:
        store.close()


def _due_part(store: Store, query: _Query, ids: tuple[int, int] | None) -> _Part:
    """The due list of the persons whose id lies in ``ids`` (None: everyone)."""
    as_of = query.as_of
    inputs = store.due_inputs(as_of, village=query.village, helper_id=query.helper_id, ids=ids)
    counts = dict.fromkeys(("overdue", "due_today", "due_week", "missed", "done", "items"), 0)
    shown = []
    streaks = []
    for plan, plan_rules in inputs.rules.items():
        persons = [p for p in inputs.persons if p["plan"] == plan]
        for item, person, rule in _plan_items(store, as_of, plan_rules, persons, inputs):
            if item.missed_streak > 0:
                # Before the rule filter: the alerts read every rule's streak.
                streaks.append((person["id"], item))
            if query.rules and rule.key not in query.rules:
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
            if item.status == "done" and not query.include_done:
                continue
            if query.within is not None and item.days_left > query.within:
                continue
            # Rows only for what is shown: a county's list holds far more done items.
            row = _row(
                person,
                rule,
                item,
                inputs.rule_names[(plan, rule.key)],
                inputs.responsible.get(person["id"]),
            )
            shown.append(((*urgency_key(item), person["case_no"]), row))
    return _Part(len(inputs.persons), counts, shown, streaks)


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
    rule: Rule,
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
        "helper": helper,
        "rule": rule.key,
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
        for plan in store.plans()
        for row in store.plan_rule_rows(plan["key"])
    ]


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
        rows.append(_row(person, rule, item, (zh, en), responsible) | {"late": item.late})
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
