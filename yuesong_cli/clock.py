"""The one place that reads the clock.

Domain code takes ``today`` as an argument; only the CLI asks this module for it.
``YUESONG_NOW`` (an ISO 8601 instant, e.g. 2026-11-28T23:30:00Z) pins the moment, so a
past cron run can be reproduced exactly and tests need not patch anything.
"""

from __future__ import annotations

import datetime as dt
import os

import pendulum

from yuesong_cli.errors import InvalidInput


def now_utc() -> pendulum.DateTime:
    pinned = os.environ.get("YUESONG_NOW")
    if pinned:
        try:
            moment = pendulum.parse(pinned)
        except (ValueError, pendulum.parsing.exceptions.ParserError) as exc:
            raise InvalidInput("error.now.invalid") from exc
        if not isinstance(moment, pendulum.DateTime):
            raise InvalidInput("error.now.invalid")
        return moment.in_timezone("UTC")
    return pendulum.now("UTC")


def today_in(timezone: str) -> dt.date:
    """Today's date in ``timezone`` (the database's), whatever the machine's zone is."""
    local = now_utc().in_timezone(timezone)
    return dt.date(local.year, local.month, local.day)


def timestamp() -> str:
    """The current moment as stored: ISO 8601 in UTC, to the second."""
    return now_utc().strftime("%Y-%m-%dT%H:%M:%SZ")


def valid_timezone(name: str) -> bool:
    try:
        pendulum.timezone(name)
    except Exception:  # pendulum raises several kinds for an unknown zone
        return False
    return True
