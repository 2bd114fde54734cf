"""What a contact entered by hand must be, and the day any entry of a person's record may
carry (a contact's, a breach's). Pure code: the day is an argument.

A module of its own rather than ``lifecycle.py``: the lifecycle is the path of statuses
and terms, while these are the checks on one record as typed, the same whatever the
person's status. The coherence of a contact's kinds, mode and urine result belongs with
the contact (docs/domain.md); the day rules are shared with ``breach add``, which asks
them here so that both commands refuse a day alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from yuesong_cli.errors import InvalidInput


def check_entry_day(day: dt.date, today: dt.date, registered_on: dt.date) -> None:
    """Refuse a day an entry of the record cannot carry: one still to come, then one before
    the person was registered (nothing was owed or done under supervision before it).

    Raises InvalidInput (``error.date.future``, ``error.contact.before_registration``
    with the registration ``day``), in that order."""
    if day > today:
        raise InvalidInput("error.date.future")
    if day < registered_on:
        raise InvalidInput("error.contact.before_registration", day=registered_on.isoformat())


def contact_refusal(
    kinds: Collection[str], mode: str, result: str | None, substance: str | None
) -> str | None:
    """Why a contact of these kinds, mode, urine result and substance does not hold
    together (a reason key), or None. The first reason found, in this order: a urine test
    without a result, a result without a urine test, a test not taken in person, a
    positive without its substance, a substance without a positive."""
    urine = "urine" in kinds
    if urine and result is None:
        return "error.contact.urine_needs_result"
    if result is not None and not urine:
        return "error.contact.result_needs_urine"
    # A test is taken in person; only a no-show may be recorded as the call that followed.
    if urine and result != "absent" and mode != "in_person":
        return "error.contact.urine_in_person"
    if result == "positive" and substance is None:
        return "error.contact.positive_needs_substance"
    if substance is not None and result != "positive":
        return "error.contact.substance_needs_positive"
    return None
