"""``db purge``: the files past their retention, counted or anonymised
(docs/security.md §9). Who is due is the domain's (domain/retention.py); the store
anonymises them in one transaction and then compacts the file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yuesong_cli.domain.retention import (
    DuePurge,
    check_closed_before,
    check_retention_years,
    purge_counts,
    retention_cutoff,
)
from yuesong_cli.store.db import Store


@dataclass(frozen=True)
class PurgeReport:
    """What a purge found (and, with ``committed``, did): the day asked, the day
    supervision must have ended before, the retention it came from (None when the day
    was given), the files and their counts by the status that ended supervision and
    its year. ``compacted``: the file holds no page of the old values any more."""

    today: dt.date
    closed_before: dt.date
    retention_years: int | None
    due: list[DuePurge]
    counts: list[tuple[str, int, int]]
    committed: bool
    compacted: bool


def purge(
    store: Store, today: dt.date, closed_before: dt.date | None, *, commit: bool
) -> PurgeReport:
    """The files whose supervision ended before ``closed_before`` (default: the setting
    ``retention_years`` before ``today``), anonymised with ``commit``, else only
    counted (a dry run writes nothing, the audit log included)."""
    years = None
    if closed_before is None:
        years = int(check_retention_years(store.setting("retention_years")))
        closed_before = retention_cutoff(today, years)
    check_closed_before(closed_before, today)
    if commit:
        due = store.purge_files(today, closed_before)
        # Even with nothing due: a run that found the -wal in use is finished by the next.
        compacted = store.compact()
    else:
        due = store.purge_due(today, closed_before)
        compacted = False
    return PurgeReport(today, closed_before, years, due, purge_counts(due), commit, compacted)
