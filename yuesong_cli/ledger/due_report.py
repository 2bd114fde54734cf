"""What ``yuesong due`` reports about a day: the due list, and for a page read by people
how many high alerts the township has. The day's obligations are worked out once
(ledger/duelist.py) and the list and the count of high alerts read that one answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from yuesong_cli.domain.people import EVERYONE, People
from yuesong_cli.ledger import standing
from yuesong_cli.ledger.duelist import DayObligations, day_obligations
from yuesong_cli.store.db import Store


@dataclass(frozen=True)
class DueReport:
    """The due list of a day for the township named, and how many high alerts the
    township has (None when not asked for)."""

    township: str
    obligations: DayObligations
    high_alerts: int | None = None


def due_report(
    store: Store,
    as_of: dt.date,
    *,
    people: People = EVERYONE,
    rules: Sequence[str] = (),
    within: int | None = None,
    include_done: bool = False,
    count_high_alerts: bool = False,
) -> DueReport:
    """The due list on ``as_of`` (filters as for ``day_obligations``); with
    ``count_high_alerts``, the township's high alerts too, which cost the alert rules'
    time, so only a page for people asks for them."""
    # Read from the kept state when it holds the day (brought up to date first).
    kept = standing.day_ready(store, as_of)
    obligations = day_obligations(
        store,
        as_of,
        kept=kept,
        people=people,
        rules=rules,
        within=within,
        include_done=include_done,
    )
    high = None
    if count_high_alerts:
        # Loaded only for the count: the list for a machine (JSON, CSV) starts without it.
        from yuesong_cli.ledger.alertlist import high_alert_count

        # A village's (a grid's, a zone's) or a helper's list holds only their persons'
        # streaks; the headline counts the township's, so those are worked out too (the
        # rule and day filters leave the streaks whole).
        township = (
            obligations
            if obligations.everyone
            else day_obligations(store, as_of, rows=False, kept=kept)
        )
        high = high_alert_count(store, township)
    return DueReport(store.setting("township"), obligations, high)
