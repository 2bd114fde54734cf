"""Status history as dated spans: which status is in force on a day. Pure code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple


class StatusEntry(NamedTuple):
    """One recorded status: in force from ``since`` (inclusive) until ``until`` if set.

    A named tuple: the due list of a county reads hundreds of thousands of them."""

    entry_id: int
    status: str
    since: dt.date
    until: dt.date | None = None
    doc_no: str | None = None


def status_on(history: Sequence[StatusEntry], day: dt.date) -> StatusEntry | None:
    """The entry in force on ``day``: the latest begun on or before it that has not ended.

    An entry with an end day (approved leave, say) stops applying after it, and the
    entry recorded before it applies again: supervision resumes by itself.
    """
    best: StatusEntry | None = None
    for entry in history:
        if entry.since > day or (entry.until is not None and day > entry.until):
            continue
        if best is None or (entry.since, entry.entry_id) > (best.since, best.entry_id):
            best = entry
    return best


def last_since(history: Sequence[StatusEntry], status: str) -> dt.date | None:
    """The day the latest entry of ``status`` began (the last release, say), if any."""
    return max((entry.since for entry in history if entry.status == status), default=None)
