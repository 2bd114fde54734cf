"""The one place that reads the clock.

Domain code takes ``today`` as an argument; only the CLI asks this module for it.
``YUESONG_NOW`` (an ISO 8601 instant, e.g. 2026-11-28T23:30:00Z) pins the moment, so a
past cron run can be reproduced exactly and tests need not patch anything.

Time zones come from the standard library's zoneinfo on the daily path; pendulum reads
a pinned moment the standard library cannot read (one without an offset) and checks zone
names, and is imported only then: its import costs more than the due list's whole
computation.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from yuesong_cli.errors import InvalidInput


def now_utc() -> dt.datetime:
    pinned = os.environ.get("YUESONG_NOW")
    if pinned:
        return _parse_pinned(pinned)
    return dt.datetime.now(dt.UTC)


def _parse_pinned(text: str) -> dt.datetime:
    # An instant with its offset (2026-11-28T23:30:00Z, as cron wrappers and tests pin
    # it) is read by the standard library; other forms by pendulum, loaded only then.
    try:
        instant: dt.datetime | None = dt.datetime.fromisoformat(text)
    except ValueError:
        instant = None
    if instant is not None and instant.tzinfo is not None:
        return instant.astimezone(dt.UTC)
    import pendulum

    try:
        moment = pendulum.parse(text, tz="UTC")
    except (ValueError, pendulum.parsing.exceptions.ParserError) as exc:
        raise InvalidInput("error.now.invalid") from exc
    if not isinstance(moment, pendulum.DateTime):
        raise InvalidInput("error.now.invalid")
    return dt.datetime.fromtimestamp(moment.timestamp(), dt.UTC)


def today_in(timezone: str) -> dt.date:
    """Today's date in ``timezone`` (the database's), whatever the machine's zone is."""
    return now_utc().astimezone(ZoneInfo(timezone)).date()


def timestamp() -> str:
    """The current moment as stored: ISO 8601 in UTC, to the second."""
    return now_utc().strftime("%Y-%m-%dT%H:%M:%SZ")


def valid_timezone(name: str) -> bool:
    import pendulum

    try:
        pendulum.timezone(name)
    except Exception:  # pendulum raises several kinds for an unknown zone
        return False
    return True
