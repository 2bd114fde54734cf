"""What the morning commands report about a day: the due list with its headline, and the
alerts. Each works out the day's obligations once (ledger/duelist.py) and lets the list,
the headline's count of high alerts and the alert rules read that one answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from yuesong_cli.domain.alerts import Alert
from yuesong_cli.ledger.alertlist import AlertLabels, alert_labels, alerts_of, high_alert_count
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
    village: str | None = None,
    helper_id: int | None = None,
    rules: Sequence[str] = (),
    within: int | None = None,
    include_done: bool = False,
    count_high_alerts: bool = False,
) -> DueReport:
    """The due list on ``as_of`` (filters as for ``day_obligations``); with
    ``count_high_alerts``, the township's high alerts too, which cost the alert rules'
    time, so only a page for people asks for them."""
    obligations = day_obligations(
        store,
        as_of,
        village=village,
        helper_id=helper_id,
        rules=rules,
        within=within,
        include_done=include_done,
    )
    high = None
    if count_high_alerts:
        # A village's or a helper's list holds only their persons' streaks; the headline
        # counts the township's, so those are worked out too (the rule and day filters
        # leave the streaks whole).
        township = obligations if obligations.everyone else day_obligations(store, as_of)
        high = high_alert_count(store, township)
    return DueReport(store.setting("township"), obligations, high)


@dataclass(frozen=True)
class AlertReport:
    """Every alert of the township named on ``as_of``, most severe first, with the names
    they are shown with."""

    township: str
    as_of: dt.date
    alerts: list[Alert]
    labels: AlertLabels


def alert_report(store: Store, as_of: dt.date) -> AlertReport:
    """The township's alerts on ``as_of``, from its obligations worked out once."""
    found = alerts_of(store, day_obligations(store, as_of))
    return AlertReport(store.setting("township"), as_of, found, alert_labels(store, found))
