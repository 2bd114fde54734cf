"""Breaches of the agreement (违反协议) and the serious-breach rule of docs/domain.md. Pure code.

Serious breach (戒毒条例 Art. 20): dodging or refusing tests 3 or more times; or leaving
the county without permission 3 or more times, or for more than 30 days in total. The
counts run over the person's current term, from a start day the caller gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from yuesong_cli.domain.contacts import check_entry_day
from yuesong_cli.domain.obligations import Contact
from yuesong_cli.errors import InvalidInput

BREACH_KINDS = ("refused_test", "absent_test", "left_county", "other")
# A refused test (拒检) and one not come to (未到) both count as dodging a test.
DODGE_KINDS = frozenset({"refused_test", "absent_test"})
# The urine results that are breaches by themselves, and the breach each one is.
RESULT_BREACHES = {"refused": "refused_test", "absent": "absent_test"}

# Serious from these counts on (>=) ...
SERIOUS_DODGES = 3
SERIOUS_LEAVINGS = 3
# ... and from more than this many days away in total: 30 days is not serious, 31 is.
MAX_DAYS_AWAY = 30
# One step away: one dodge or one leaving short, or within 10 days of the day limit.
NEAR_DODGES = SERIOUS_DODGES - 1
NEAR_LEAVINGS = SERIOUS_LEAVINGS - 1
NEAR_DAYS_AWAY = 21
# What each reason's sentence says of its threshold, from the numbers above.
REASON_PARAMS: dict[str, dict[str, int]] = {
    "breach.serious.dodged": {"count": SERIOUS_DODGES},
    "breach.serious.leavings": {"count": SERIOUS_LEAVINGS},
    "breach.serious.days_away": {"days": MAX_DAYS_AWAY},
    "breach.near.dodged": {"count": NEAR_DODGES},
    "breach.near.leavings": {"count": NEAR_LEAVINGS},
    "breach.near.days_away": {"days": NEAR_DAYS_AWAY, "limit": MAX_DAYS_AWAY},
}


class Breach(NamedTuple):
    """A breach on ``day``; ``days_away`` only for left_county (how long the person was
    out of the county)."""

    day: dt.date
    kind: str
    days_away: int | None = None


def breach_refusal(kind: str, days_away: int | None) -> str | None:
    """Why a breach cannot be recorded as given (a reason key), or None."""
    if kind not in BREACH_KINDS:
        return "breach.unknown_kind"
    if kind == "left_county":
        if days_away is None or days_away < 1:
            return "breach.days_required"
    elif days_away is not None:
        return "breach.days_only_left_county"
    return None


def check_breach_day(
    day: dt.date, today: dt.date, registered_on: dt.date, days_away: int | None
) -> None:
    """Refuse a day a breach cannot carry, in this order: a day still to come, more days
    away than there are from that day to today, a day before the person was registered.

    Raises InvalidInput (``error.date.future``, ``breach.days_too_many`` with the ``most``
    days there can be, ``error.contact.before_registration``); the day rules are those of
    every entry of the record (``contacts.check_entry_day``)."""
    # Days away are counted from the day the person left, up to today at most.
    most = (today - day).days + 1
    if day <= today and days_away is not None and days_away > most:
        raise InvalidInput("breach.days_too_many", most=most)
    check_entry_day(day, today, registered_on)


def breaches_from_tests(contacts: Iterable[Contact]) -> list[Breach]:
    """The breaches that urine tests refused or not come to are by themselves."""
    return [
        Breach(contact.day, RESULT_BREACHES[contact.urine_result])
        for contact in contacts
        if "urine" in contact.kinds and contact.urine_result in RESULT_BREACHES
    ]


class BreachCount(NamedTuple):
    """Breaches of a term up to a day, against the serious-breach thresholds.

    ``near`` is only set when not ``serious``; ``reasons`` are the keys of the thresholds
    reached (serious ones if serious, else near ones); ``reached_on`` is the day the
    present level (serious, else near) was first reached."""

    tests_dodged: int
    leavings: int
    days_away: int
    others: int
    serious: bool
    near: bool
    reasons: tuple[str, ...]
    reached_on: dt.date | None


def _serious_reasons(dodged: int, leavings: int, days_away: int) -> tuple[str, ...]:
    reasons = []
    if dodged >= SERIOUS_DODGES:
        reasons.append("breach.serious.dodged")
    if leavings >= SERIOUS_LEAVINGS:
        reasons.append("breach.serious.leavings")
    if days_away > MAX_DAYS_AWAY:
        reasons.append("breach.serious.days_away")
    return tuple(reasons)


def _near_reasons(dodged: int, leavings: int, days_away: int) -> tuple[str, ...]:
    reasons = []
    if dodged == NEAR_DODGES:
        reasons.append("breach.near.dodged")
    if leavings == NEAR_LEAVINGS:
        reasons.append("breach.near.leavings")
    if NEAR_DAYS_AWAY <= days_away <= MAX_DAYS_AWAY:
        reasons.append("breach.near.days_away")
    return tuple(reasons)


def summarise(breaches: Sequence[Breach], since: dt.date, as_of: dt.date) -> BreachCount:
    """The breaches from ``since`` to ``as_of`` (both included) counted and judged.

    A test dodged counts once per day, however many records say so (a urine contact with
    the result refused and a breach entered by hand for the same test). Days away count
    with the day the person left."""
    dodged_days: set[dt.date] = set()
    dodged = leavings = days_away = others = 0
    serious_on = near_on = None
    in_term = sorted((b for b in breaches if since <= b.day <= as_of), key=lambda b: b.day)
    for breach in in_term:
        if breach.kind in DODGE_KINDS:
            if breach.day in dodged_days:
                continue
            dodged_days.add(breach.day)
            dodged += 1
        elif breach.kind == "left_county":
            leavings += 1
            days_away += breach.days_away or 0
        else:
            others += 1
        if serious_on is None and _serious_reasons(dodged, leavings, days_away):
            serious_on = breach.day
        if near_on is None and _near_reasons(dodged, leavings, days_away):
            near_on = breach.day
    serious = _serious_reasons(dodged, leavings, days_away)
    near = () if serious else _near_reasons(dodged, leavings, days_away)
    return BreachCount(
        dodged,
        leavings,
        days_away,
        others,
        bool(serious),
        bool(near),
        serious or near,
        serious_on if serious else near_on if near else None,
    )
