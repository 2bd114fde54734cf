"""What a contact entered by hand must be, and the day any entry of a person's record may
carry (a contact's, a breach's). Pure code: the day is an argument.

A module of its own rather than ``lifecycle.py``: the lifecycle is the path of statuses
and terms, while these are the checks on one record as typed, the same whatever the
person's status. The coherence of a contact's kinds, mode and urine result belongs with
the contact (docs/domain.md); the day rules are shared with ``breach add``, which asks
them here so that both commands refuse a day alike.

Beside the refusals, the likely mistakes a contact is kept despite (``contact_warnings``):
the record stands, the officer is told what it will and will not count for.

``check_contact`` is the one check of a contact, whoever enters it: ``log``, ``contact
amend`` and ``import contacts`` hand it the contact as it is to stand and what the store
knows of the person (``Subject``) and of the helpers named (their retirement days), and
get back every refusal (by field) and every warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any, NamedTuple

from yuesong_cli.domain.obligations import Contact, Rule
from yuesong_cli.domain.statuses import StatusEntry, status_on
from yuesong_cli.domain.teams import check_contact_helper
from yuesong_cli.domain.vocab import ACTIVE_STATUSES, MODE, PAUSED_STATUSES
from yuesong_cli.errors import InvalidInput, YuesongError

# A warning: a message key and its parameters, all of them vocabulary keys, rule keys or
# ISO days (the output names them in the officer's language; never a personal value).
ContactWarning = tuple[str, dict[str, Any]]


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


def contact_warnings(
    kinds: Collection[str],
    mode: str,
    result: str | None,
    day: dt.date,
    status: StatusEntry | None,
    rules: Sequence[Rule],
) -> list[ContactWarning]:
    """The likely mistakes in a contact that is nevertheless recorded: what it will not
    count for. ``status`` is the person's entry in force on ``day``, ``rules`` those of
    the person's plan.

    - ``warn.contact.not_supervised`` (``status``, ``since``, ``day``): on that day the
      person is in a closed status (released, moved out, deceased, ...) or outside
      community supervision (pending report, voluntary or maintenance treatment), where
      nothing falls due. Then this is the only warning: what a mode would keep is moot.
      A paused status (detained, on leave) is not warned of: a contact on a paused day
      keeps a window that has active days (docs/model.md "Windows and obligations").
    - ``warn.contact.mode`` or ``warn.contact.mode_keeps_nothing`` (``mode``, ``missed``,
      ``needs``, ``kept``): a rule the contact was meant for (its key is a kind typed, as
      ``meet``, or it asks for a kind typed, as a visit) that its mode does not keep: a
      phone call logged as a meeting. Only for a contact by phone or video: one in
      person is never the mistake. ``missed`` and ``kept`` are rule keys in the plan's
      order, ``needs`` the modes the missed rules accept.

    No status at all on the day (registered before the first status) is not warned of:
    the status may yet be recorded from an earlier day.
    """
    if status is not None and status.status not in ACTIVE_STATUSES | PAUSED_STATUSES:
        params = {
            "status": status.status,
            "since": status.since.isoformat(),
            "day": day.isoformat(),
        }
        return [("warn.contact.not_supervised", params)]
    if mode == "in_person":
        # Meeting in person is never the mistake, even where a rule asks for a call (an
        # officer's "phone talk" rule): the warning is for a call logged as a meeting.
        return []
    contact = Contact(0, day, frozenset(kinds), mode, result)
    meant = [r for r in rules if r.key in contact.kinds or r.kinds & contact.kinds]
    missed = [r for r in meant if r.why_not(contact) == "mode"]
    if not missed:
        return []
    needs = {m for r in missed for m in r.modes}
    kept = tuple(r.key for r in rules if r.kept_by(contact))
    missed_params: dict[str, Any] = {
        "mode": mode,
        "missed": tuple(r.key for r in missed),
        "needs": tuple(m for m in MODE.keys if m in needs),
        "kept": kept,
    }
    key = "warn.contact.mode" if kept else "warn.contact.mode_keeps_nothing"
    return [(key, missed_params)]


class Subject(NamedTuple):
    """What a contact is checked against of the person it is with, as the store knows
    them: the day registered, the status history and the rules of their plan."""

    registered_on: dt.date
    history: tuple[StatusEntry, ...] = ()
    rules: tuple[Rule, ...] = ()


class TypedContact(NamedTuple):
    """A contact as it is to stand: typed for ``log``, amended, or read from a file."""

    day: dt.date
    kinds: tuple[str, ...]
    mode: str
    result: str | None = None
    substance: str | None = None
    helper_ids: tuple[int, ...] = ()


class ContactCheck(NamedTuple):
    """What ``check_contact`` found: the refusals, each with the field it is about
    (``happened_on``, ``kinds``, ``urine_result`` or ``helpers``: a file's columns), the
    warnings of a contact recorded all the same, and whether it is a positive test (a
    relapse: counted so, and an alert raised)."""

    refusals: tuple[tuple[str, YuesongError], ...]
    warnings: tuple[ContactWarning, ...]
    relapse: bool

    def refuse(self) -> None:
        """Raise the first refusal, if any: what a command typed by hand stops at."""
        if self.refusals:
            raise self.refusals[0][1]


def check_contact(
    contact: TypedContact,
    subject: Subject,
    retired: Mapping[int, dt.date | None],
    today: dt.date,
) -> ContactCheck:
    """Every check of a contact, the same for ``log``, ``contact amend`` and ``import
    contacts``: its day (``check_entry_day``), its kinds, mode, result and substance
    together (``contact_refusal``), and each helper named, not retired by its day
    (``retired``: helper id -> the day they retired, None if they have not;
    teams.check_contact_helper). A contact refused earns no warnings; one that holds
    earns ``contact_warnings`` for the status in force on its day."""
    refusals: list[tuple[str, YuesongError]] = []
    try:
        check_entry_day(contact.day, today, subject.registered_on)
    except YuesongError as error:
        refusals.append(("happened_on", error))
    refusal = contact_refusal(contact.kinds, contact.mode, contact.result, contact.substance)
    if refusal is not None:
        where = "urine_result" if "urine" in contact.kinds else "kinds"
        refusals.append((where, InvalidInput(refusal)))
    for helper_id in dict.fromkeys(contact.helper_ids):
        try:
            check_contact_helper(helper_id, retired.get(helper_id), contact.day)
        except YuesongError as error:
            refusals.append(("helpers", error))
    if refusals:
        return ContactCheck(tuple(refusals), (), False)
    warnings = contact_warnings(
        contact.kinds,
        contact.mode,
        contact.result,
        contact.day,
        status_on(subject.history, contact.day),
        subject.rules,
    )
    return ContactCheck((), tuple(warnings), contact.result == "positive")


# --- corrections (issue 11) ------------------------------------------------------------

# What of a contact an amend may change: what was typed about the contact itself. The
# person it was with is not among them (a contact logged for the wrong person is voided
# and logged again), nor its helpers and photos, which keep their own commands.
AMENDABLE = ("happened_on", "kinds", "mode", "urine_result", "substance", "place", "note")


class Amended(NamedTuple):
    """A contact amended: as it is to stand, and what its check found."""

    contact: dict[str, Any]
    check: ContactCheck


def amended_contact(
    original: Mapping[str, Any],
    changes: Mapping[str, Any],
    today: dt.date,
    subject: Subject,
    retired: Mapping[int, dt.date | None] | None = None,
) -> Amended:
    """The contact ``original`` (its AMENDABLE fields; ``happened_on`` a date, ``kinds`` a
    sequence; ``helper_ids`` if it names helpers) with ``changes`` made, checked as a
    contact typed anew would be (``check_contact``: its day, kinds, mode, result and
    substance, and its helpers on its new day). Kinds changed to ones without a urine
    test drop the test's result and substance unless ``changes`` gives them: they
    belonged to that test. The relapse is told only when the amend makes the contact a
    positive test: one that was positive already was told when it was entered.

    Raises InvalidInput: ``error.correction.nothing`` when no field would change, then the
    first refusal of a new contact."""
    amended = {name: original[name] for name in AMENDABLE}
    amended.update(changes)
    amended["kinds"] = tuple(amended["kinds"])
    if "kinds" in changes and "urine" not in amended["kinds"]:
        for name in ("urine_result", "substance"):
            if name not in changes:
                amended[name] = None
    before = {name: original[name] for name in AMENDABLE}
    before["kinds"] = tuple(before["kinds"])
    if changed_fields(before, amended) == []:
        raise InvalidInput("error.correction.nothing")
    typed = TypedContact(
        amended["happened_on"],
        amended["kinds"],
        amended["mode"],
        amended["urine_result"],
        amended["substance"],
        tuple(original.get("helper_ids") or ()),
    )
    check = check_contact(typed, subject, retired or {}, today)
    check.refuse()
    if original["urine_result"] == "positive":
        check = check._replace(relapse=False)
    return Amended(amended, check)


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The AMENDABLE fields whose values differ, kinds compared as sets."""
    return [
        name
        for name in AMENDABLE
        if (
            set(before[name]) != set(after[name])
            if name == "kinds"
            else before[name] != after[name]
        )
    ]


def correction_reason(reason: str | None) -> str:
    """Why a record is corrected, as given; every correction carries one. Raises
    InvalidInput (``error.correction.no_reason``) when none is, or only blanks."""
    if reason is None or not reason.strip():
        raise InvalidInput("error.correction.no_reason")
    return reason.strip()
