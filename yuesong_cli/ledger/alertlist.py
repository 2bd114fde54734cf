"""The township's warnings (预警): the store's facts and the due list's missed streaks
fed to the pure alert rules, so alerts, the due list and ``why`` never disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from yuesong_cli.domain.alerts import RELAPSE_DAYS, STREAK_HIGH, Alert, PersonFacts, alerts_for_all
from yuesong_cli.domain.dates import stored_date
from yuesong_cli.domain.lifecycle import term_in_force
from yuesong_cli.domain.obligations import DueItem
from yuesong_cli.domain.personfile import missing_fields
from yuesong_cli.ledger.duelist import due_list
from yuesong_cli.store.db import Store


def alert_list(
    store: Store,
    as_of: dt.date,
    *,
    streaks: dict[int, list[DueItem]] | None = None,
    person_ids: Sequence[int] | None = None,
) -> list[Alert]:
    """Every alert of the township on ``as_of`` (or of ``person_ids``), most severe first.
    ``streaks``: the missed streaks of a due list already worked out for ``as_of``."""
    if streaks is None:
        streaks = due_list(store, as_of).streaks
    inputs = store.alert_inputs(as_of, person_ids)
    # The day of the last contact matters only after a leave whose end has passed.
    after_leave = [
        person_id
        for person_id, history in inputs.histories.items()
        if history
        and (latest := max(history, key=lambda e: (e.since, e.entry_id))).status == "on_leave"
        and latest.until is not None
        and latest.until < as_of
    ]
    last_contacts = store.last_contact_days(after_leave, as_of) if after_leave else {}
    # The term in force on as_of, which for a day in the past may be an earlier one
    # than the file's.
    terms = {
        person["id"]: term_in_force(
            inputs.histories[person["id"]],
            as_of,
            stored_date(person["term_start"]),
            stored_date(person["term_end"]),
        )
        for person in inputs.persons
    }
    facts = [
        PersonFacts(
            person_id=person["id"],
            case_no=person["case_no"],
            history=tuple(inputs.histories[person["id"]]),
            registered_on=stored_date(person["registered_on"]),
            decision_date=stored_date(person["decision_date"]),
            term_start=terms[person["id"]][0],
            term_end=terms[person["id"]][1],
            last_contact_day=last_contacts.get(person["id"]),
            positive_tests=tuple(inputs.positive_tests.get(person["id"], ())),
            breaches=tuple(inputs.breaches.get(person["id"], ())),
            due_items=tuple(streaks.get(person["id"], ())),
            missing_fields=missing_fields(person),
        )
        for person in inputs.persons
    ]
    return alerts_for_all(facts, as_of)


def high_alert_count(
    store: Store, as_of: dt.date, streaks: dict[int, list[DueItem]] | None = None
) -> int:
    """How many high alerts the township has on ``as_of``: what the due list's headline
    carries. Only the persons who can have one are looked at (a relapse, lost contact,
    a report overdue, breaches, a long missed streak), so the morning list stays quick."""
    if streaks is None:
        streaks = due_list(store, as_of).streaks
    candidates = store.high_alert_candidates(as_of, RELAPSE_DAYS)
    candidates |= {
        person_id
        for person_id, items in streaks.items()
        if any(item.missed_streak >= STREAK_HIGH for item in items)
    }
    if not candidates:
        return 0
    found = alert_list(store, as_of, streaks=streaks, person_ids=sorted(candidates))
    return sum(alert.severity == "high" for alert in found)
