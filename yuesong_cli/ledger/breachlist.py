"""A person's breaches up to a day and where they stand against the serious-breach rule
(docs/domain.md): the breaches from the store, the term in force from the status
history (domain/lifecycle.py), counted and judged by domain/breaches.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from yuesong_cli.domain.breaches import Breach, BreachCount, summarise
from yuesong_cli.domain.dates import stored_date
from yuesong_cli.domain.lifecycle import term_in_force
from yuesong_cli.store.db import Store


@dataclass(frozen=True)
class BreachReport:
    """A person's breaches up to ``as_of``, every one of them (``rows``, oldest first), and
    those from ``since`` (the start of the term in force, else the day of registration)
    counted against the serious-breach rule."""

    case_no: str
    as_of: dt.date
    since: dt.date
    rows: list[dict[str, Any]]
    count: BreachCount


def breach_report(store: Store, person_id: int, as_of: dt.date) -> BreachReport:
    """What ``breach list`` shows of one person on ``as_of``."""
    person = store.person(person_id)
    rows = store.breach_rows(person_id, span=(dt.date.min, as_of))
    start, _ = term_in_force(
        store.status_history(person_id),
        as_of,
        stored_date(person["term_start"]),
        stored_date(person["term_end"]),
    )
    since = start or dt.date.fromisoformat(person["registered_on"])
    breaches = [
        Breach(dt.date.fromisoformat(row["happened_on"]), row["kind"], row["days_away"])
        for row in rows
    ]
    return BreachReport(person["case_no"], as_of, since, rows, summarise(breaches, since, as_of))
