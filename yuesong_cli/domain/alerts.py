"""Warnings about persons, most severe first (预警). Pure code.

The store gathers a ``PersonFacts`` per person (obligations through the obligation
model, so alerts and the due list agree); ``alerts_for`` says what is wrong as of a day.
Each alert has a kind, a severity, the day the situation began ("since") and a message
key with its parameters. Parameters are plain values (dates as YYYY-MM-DD, counts, rule
keys); the renderer turns keys such as a rule into labels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from yuesong_cli.domain.breaches import Breach, summarise
from yuesong_cli.domain.dates import age_on, is_minor
from yuesong_cli.domain.lifecycle import (
    ABSTINENT_YEARS,
    TREATMENT_YEARS,
    add_years,
    report_deadline,
)
from yuesong_cli.domain.obligations import DueItem
from yuesong_cli.domain.statuses import StatusEntry, last_since, status_on
from yuesong_cli.domain.vocab import ACTIVE_STATUSES, CLOSED_STATUSES

ONE_DAY = dt.timedelta(days=1)

SEVERITIES = ("high", "medium", "low")
SEVERITY_ORDER = {severity: rank for rank, severity in enumerate(SEVERITIES)}
# Every kind, in the order alerts of equal severity and day are listed.
ALERT_KINDS = (
    "minor",
    "relapse",
    "serious_breach",
    "lost_contact",
    "report_overdue",
    "missed_streak",
    "near_serious_breach",
    "leave_no_contact",
    "term_ended",
    "term_ending",
    "abstinent_due",
    "no_agreement",
    "no_release_notice",
    "release_not_sent",
    "no_evaluation",
    "file_incomplete",
)
_KIND_ORDER = {kind: rank for rank, kind in enumerate(ALERT_KINDS)}

# A positive test is news for this many days, the test day included.
RELAPSE_DAYS = 30
# A run of missed obligations warns from this length, and is severe from the next one.
STREAK_WARN = 2
STREAK_HIGH = 4
# How long before the end of a term the officer is reminded to prepare the release.
TERM_ENDING_DAYS = 30
# The days an agreement may wait for its signature after the person reports, and a
# release notice for its sending to the police (戒毒条例第二十三条: within 7 days).
AGREEMENT_DAYS = 7
SENDING_DAYS = 7
# Still under the agreement: breaches count and the term runs (leave pauses only the
# obligations). Detention and isolation are in the police's hands already.
UNDER_AGREEMENT = ACTIVE_STATUSES | {"on_leave"}
# A relapse in these is being dealt with by the police; the alert would only repeat it.
IN_POLICE_HANDS = frozenset({"detained", "compulsory_isolation"})


@dataclass(frozen=True)
class Alert:
    """One warning about one person: what, how severe, since when, and why (message key
    ``detail_key`` filled with ``params``)."""

    person_id: int
    case_no: str
    kind: str
    severity: str
    since: dt.date
    detail_key: str
    params: dict[str, str | int] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class DocumentFact:
    """A document of the person's register as the alerts read it."""

    kind: str
    issued_on: dt.date
    signed_on: dt.date | None = None
    sent_on: dt.date | None = None


@dataclass(frozen=True)
class PersonFacts:
    """What the alerts need to know about a person, gathered by the store.

    ``term_end`` is the file's (set per person); without it the end is taken as three
    years from ``term_start``, the longest term, so no reminder comes early.
    ``last_contact_day`` is the day of the latest contact that happened (an absent test
    is none). ``breaches`` include those that refused and absent tests are by themselves
    (breaches.breaches_from_tests). ``due_items`` are the person's current due-list
    items, one per rule. ``missing_fields`` name the fields reports need that are empty.
    ``purged``: the file was anonymised past its retention (docs/security.md §9).
    """

    person_id: int
    case_no: str
    history: tuple[StatusEntry, ...]
    registered_on: dt.date | None = None
    decision_date: dt.date | None = None
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    last_contact_day: dt.date | None = None
    positive_tests: tuple[dt.date, ...] = ()
    breaches: tuple[Breach, ...] = ()
    due_items: tuple[DueItem, ...] = ()
    missing_fields: tuple[str, ...] = ()
    purged: bool = False
    # The first day whose obligations count, where later than ``registered_on`` (the
    # history start: docs/model.md "Supervision"); a streak never kept runs from it.
    obligations_from: dt.date | None = None
    birth_date: dt.date | None = None
    # The person's register of documents (docs/domain.md "Documents"); None: not read,
    # and no document alert is raised (a caller that asks for them reads them).
    documents: tuple[DocumentFact, ...] | None = None
    # The first day the register is kept: nothing is asked of what began before it.
    documents_from: dt.date | None = None


def _alert(
    facts: PersonFacts, kind: str, severity: str, since: dt.date, **params: str | int
) -> Alert:
    return Alert(
        facts.person_id, facts.case_no, kind, severity, since, f"alert.detail.{kind}", params
    )


def alerts_for(facts: PersonFacts, as_of: dt.date) -> list[Alert]:
    """Every alert about one person as of ``as_of``, most severe first."""
    current = status_on(facts.history, as_of)
    status = current.status if current is not None else None
    if current is None or status == "deceased":
        return []
    if facts.purged and status in CLOSED_STATUSES:
        # A purged file takes no entries: nothing an alert could ask for can be done.
        # On a day it was still supervised its alerts stand, as its figures do.
        return []
    found: list[Alert] = []
    if status not in CLOSED_STATUSES:
        found += _minor(facts, current, as_of)
    if status not in IN_POLICE_HANDS:
        found += _relapse(facts, as_of)
    if status in UNDER_AGREEMENT:
        found += _breach(facts, as_of)
        found += _term_ending(facts, as_of)
    if status in ACTIVE_STATUSES:
        found += _missed_streaks(facts)
        found += _term_ended(facts, as_of)
    if status == "lost_contact":
        found.append(_alert(facts, "lost_contact", "high", current.since))
    if status == "pending_report":
        found += _report_overdue(facts, current, as_of)
    if status in ("community_treatment", "community_rehab"):
        found += _leave_no_contact(facts, as_of)
    if status == "released":
        found += _abstinent_due(facts, current, as_of)
    if facts.documents is not None:
        found += _paperwork(facts, current, as_of)
    if facts.missing_fields:
        found.append(
            _alert(
                facts,
                "file_incomplete",
                "low",
                facts.registered_on or as_of,
                count=len(facts.missing_fields),
                fields=", ".join(facts.missing_fields),
            )
        )
    return sort_alerts(found)


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _minor(facts: PersonFacts, current: StatusEntry, as_of: dt.date) -> list[Alert]:
    """A minor under supervision (docs/domain.md "Minors"): "no minors using" is the first
    of the township's goals; since the later of the registration and the status's day."""
    born = facts.birth_date
    if born is None or not is_minor(born, as_of):
        return []
    since = max(day for day in (facts.registered_on, current.since) if day is not None)
    return [_alert(facts, "minor", "high", since, age=age_on(born, as_of))]


def _relapse(facts: PersonFacts, as_of: dt.date) -> list[Alert]:
    """A positive test in the last RELAPSE_DAYS days; since the first of them."""
    first = as_of - dt.timedelta(days=RELAPSE_DAYS)
    recent = sorted(day for day in facts.positive_tests if first < day <= as_of)
    if not recent:
        return []
    # ``days``: so the sentence says the period from here, not from a copy of the number.
    return [
        _alert(
            facts,
            "relapse",
            "high",
            recent[0],
            day=_iso(recent[-1]),
            count=len(recent),
            days=RELAPSE_DAYS,
        )
    ]


def _breach(facts: PersonFacts, as_of: dt.date) -> list[Alert]:
    """Serious breach reached, or one step away, within the current term; since the
    breach that reached the level."""
    count = summarise(facts.breaches, facts.term_start or dt.date.min, as_of)
    if count.reached_on is None:
        return []
    kind, severity = (
        ("serious_breach", "high") if count.serious else ("near_serious_breach", "medium")
    )
    return [
        _alert(
            facts,
            kind,
            severity,
            count.reached_on,
            dodged=count.tests_dodged,
            leavings=count.leavings,
            days_away=count.days_away,
        )
    ]


def _missed_streaks(facts: PersonFacts) -> list[Alert]:
    """A run of STREAK_WARN or more missed obligations of a rule whose current one is not
    kept yet (keeping it ends the run). Since the day after the last kept one; never
    kept: since supervision in this ledger began (the later of term start and
    registration)."""
    found = []
    for item in facts.due_items:
        severity = streak_severity(item)
        if severity is None:
            continue
        if item.last_kept is not None:
            since = item.last_kept + ONE_DAY
        else:
            counted = facts.obligations_from or facts.registered_on
            starts = [day for day in (facts.term_start, counted) if day is not None]
            since = max(starts) if starts else item.window_start
        found.append(
            _alert(
                facts, "missed_streak", severity, since, rule=item.rule, count=item.missed_streak
            )
        )
    return found


def streak_severity(item: DueItem) -> str | None:
    """How severe the missed streak of a due-list item is: high from STREAK_HIGH missed
    obligations, medium from STREAK_WARN, None below that or once the current one is
    kept (keeping it ends the run)."""
    if item.status == "done" or item.missed_streak < STREAK_WARN:
        return None
    return "high" if item.missed_streak >= STREAK_HIGH else "medium"


def _report_overdue(facts: PersonFacts, current: StatusEntry, as_of: dt.date) -> list[Alert]:
    """Pending and past the reporting deadline; since the first day late. Without a
    decision date on file the pending entry's day stands for it."""
    decided = facts.decision_date or current.since
    deadline = report_deadline(decided)
    if as_of <= deadline:
        return []
    return [
        _alert(
            facts,
            "report_overdue",
            "high",
            deadline + ONE_DAY,
            decision_date=_iso(decided),
            deadline=_iso(deadline),
            days_late=(as_of - deadline).days,
        )
    ]


def _leave_no_contact(facts: PersonFacts, as_of: dt.date) -> list[Alert]:
    """The latest entry is a leave whose end day has passed (supervision resumed by
    itself, nobody recorded the return) and no contact happened after it; since the day
    after the leave."""
    latest = max(facts.history, key=lambda e: (e.since, e.entry_id))
    if latest.status != "on_leave" or latest.until is None or latest.until >= as_of:
        return []
    if facts.last_contact_day is not None and facts.last_contact_day > latest.until:
        return []
    return [
        _alert(
            facts, "leave_no_contact", "medium", latest.until + ONE_DAY, until=_iso(latest.until)
        )
    ]


def effective_term_end(facts: PersonFacts) -> dt.date | None:
    """The file's term end, else three years from the term start, else unknown."""
    if facts.term_end is not None:
        return facts.term_end
    if facts.term_start is not None:
        return add_years(facts.term_start, TREATMENT_YEARS) - ONE_DAY
    return None


def _term_ending(facts: PersonFacts, as_of: dt.date) -> list[Alert]:
    """The term ends within TERM_ENDING_DAYS days; since that many days before its end."""
    end = effective_term_end(facts)
    if end is None or not 0 <= (end - as_of).days <= TERM_ENDING_DAYS:
        return []
    since = end - dt.timedelta(days=TERM_ENDING_DAYS)
    return [
        _alert(facts, "term_ending", "low", since, term_end=_iso(end), days_left=(end - as_of).days)
    ]


def _term_ended(facts: PersonFacts, as_of: dt.date) -> list[Alert]:
    """Still active after the last day of the term; since the day after it."""
    end = effective_term_end(facts)
    if end is None or as_of <= end:
        return []
    return [_alert(facts, "term_ended", "medium", end + ONE_DAY, term_end=_iso(end))]


def _abstinent_due(facts: PersonFacts, current: StatusEntry, as_of: dt.date) -> list[Alert]:
    """Released three calendar years ago (29 Feb -> 28 Feb) with no positive test since:
    suggest abstinent_3y; since the day the three years were up."""
    due_on = add_years(current.since, ABSTINENT_YEARS)
    if as_of < due_on:
        return []
    if any(current.since <= day <= as_of for day in facts.positive_tests):
        return []
    return [_alert(facts, "abstinent_due", "low", due_on, released_on=_iso(current.since))]


def _paperwork(facts: PersonFacts, current: StatusEntry, as_of: dt.date) -> list[Alert]:
    """What the register of documents lacks on ``as_of`` (docs/domain.md "Documents"): a
    signed agreement of the term 7 days after the person came under it, a release notice
    after the release, its sending to the police within 7 days, an evaluation once three
    years clean. Only what the register held by ``as_of`` counts, and nothing is asked of
    a term or release that began before the register was kept (``documents_from``)."""
    kept_from = facts.documents_from or dt.date.min
    documents = [d for d in facts.documents or () if d.issued_on <= as_of]
    found: list[Alert] = []
    status = current.status
    if status in ("community_treatment", "community_rehab"):
        # The term's agreement: signed once a term, whatever pause came since.
        term = facts.term_start
        start = term if term is not None and term <= current.since else current.since
        signed = any(
            d.kind == "agreement"
            and d.signed_on is not None
            and d.signed_on <= as_of
            and d.issued_on >= start
            for d in documents
        )
        late = (as_of - start).days
        if start >= kept_from and not signed and late > AGREEMENT_DAYS:
            found.append(
                _alert(
                    facts,
                    "no_agreement",
                    "medium",
                    start + dt.timedelta(days=AGREEMENT_DAYS + 1),
                    status=status,
                    start=_iso(start),
                    days=late,
                )
            )
    released = last_since(facts.history, "released")
    if status == "released" and current.since >= kept_from:
        # A notice prepared in the term's last month counts for its release.
        prepared = current.since - dt.timedelta(days=31)
        if not any(d.kind == "release" and d.issued_on >= prepared for d in documents):
            found.append(
                _alert(
                    facts,
                    "no_release_notice",
                    "medium",
                    current.since,
                    released=_iso(current.since),
                )
            )
    if status in ("released", "abstinent_3y"):
        for notice in documents:
            if notice.kind != "release" or (notice.sent_on and notice.sent_on <= as_of):
                continue
            waited = (as_of - notice.issued_on).days
            if waited > SENDING_DAYS:
                found.append(
                    _alert(
                        facts,
                        "release_not_sent",
                        "medium",
                        notice.issued_on + dt.timedelta(days=SENDING_DAYS + 1),
                        issued=_iso(notice.issued_on),
                        days=waited,
                    )
                )
    if status in ("released", "abstinent_3y") and released is not None:
        due_on = add_years(released, ABSTINENT_YEARS)
        clean = not any(released <= day <= as_of for day in facts.positive_tests)
        evaluated = any(d.kind == "evaluation" and d.issued_on >= released for d in documents)
        if due_on >= kept_from and as_of >= due_on and clean and not evaluated:
            found.append(_alert(facts, "no_evaluation", "low", due_on, due=_iso(due_on)))
    return found


def _sort_key(alert: Alert) -> tuple[int, dt.date, str, int, int, str]:
    return (
        SEVERITY_ORDER[alert.severity],
        alert.since,
        alert.case_no,
        alert.person_id,
        _KIND_ORDER.get(alert.kind, len(_KIND_ORDER)),
        str(alert.params.get("rule", "")),
    )


def sort_alerts(alerts: Iterable[Alert]) -> list[Alert]:
    """High first, then the oldest situation, then by case number (then kind, rule)."""
    return sorted(alerts, key=_sort_key)


def any_as_severe(alerts: Iterable[Alert], severity: str) -> bool:
    """Whether an alert of ``severity`` or a worse one is among ``alerts``."""
    return any(SEVERITY_ORDER[alert.severity] <= SEVERITY_ORDER[severity] for alert in alerts)


def alerts_for_all(facts: Sequence[PersonFacts], as_of: dt.date) -> list[Alert]:
    """The alerts of every person, in one list, most severe first."""
    return sort_alerts(alert for person in facts for alert in alerts_for(person, as_of))
