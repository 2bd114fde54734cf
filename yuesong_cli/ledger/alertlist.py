"""The township's warnings (预警): the store's facts and the missed streaks of the day's
obligations fed to the pure alert rules, so alerts, the due list and ``why`` never
disagree. The obligations are worked out once (ledger/duelist.py) and read here; this
module never works them out again behind its caller's back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from yuesong_cli.domain.alerts import (
    RELAPSE_DAYS,
    Alert,
    DocumentFact,
    PersonFacts,
    alerts_for_all,
    sort_alerts,
    streak_severity,
)
from yuesong_cli.domain.dates import stored_date
from yuesong_cli.domain.fields import missing_fields
from yuesong_cli.domain.lifecycle import term_in_force
from yuesong_cli.domain.obligations import obligations_from
from yuesong_cli.domain.people import EVERYONE, People
from yuesong_cli.ledger.duelist import DayObligations, day_obligations, rule_names
from yuesong_cli.store.db import Store


def alert_list(store: Store, as_of: dt.date, *, kept: bool = False) -> list[Alert]:
    """Every alert of the township on ``as_of``, most severe first: the day's obligations
    worked out, then read by the alert rules; with ``kept``, read from the kept state,
    which holds the day's alerts beside them (the caller has made sure it holds
    ``as_of``: ledger/standing.py ``day_ready``)."""
    # The streaks, not the list: no row of the due list is made.
    return alerts_of(store, day_obligations(store, as_of, rows=False, kept=kept))


def alerts_of(
    store: Store, obligations: DayObligations, person_ids: Sequence[int] | None = None
) -> list[Alert]:
    """Every alert of the township (or of ``person_ids``) on the day of ``obligations``,
    most severe first, the missed streaks read from ``obligations``, which must be the
    whole township's (a village's list knows only its persons' streaks)."""
    if not obligations.everyone:
        raise ValueError("the alerts need the whole township's obligations")
    if obligations.kept:
        # The kept state holds the alerts of the same day beside the obligations.
        found = store.day_alerts()
        if person_ids is not None:
            wanted = set(person_ids)
            found = [alert for alert in found if alert.person_id in wanted]
        return sort_alerts(found)
    as_of = obligations.as_of
    streaks = obligations.streaks
    inputs = store.alert_inputs(as_of, person_ids)
    # The day of the last contact matters only after a leave whose end has passed.
    after_leave = [
        person_id
        for person_id, history in inputs.histories.items()
        if history
        and (latest := max(history, key=lambda e: (e.since, e.entry_id))).status == "on_leave"
        and latest.until is not None
        and latest.until < as_of
    ]
    last_contacts = store.last_contact_days(after_leave, as_of) if after_leave else {}
    documents = store.document_facts(None if person_ids is None else list(person_ids))
    documents_from = store.documents_from()
    # The term in force on as_of, which for a day in the past may be an earlier one
    # than the file's.
    terms = {
        person["id"]: term_in_force(
            inputs.histories[person["id"]],
            as_of,
            stored_date(person["term_start"]),
            stored_date(person["term_end"]),
        )
        for person in inputs.persons
    }
    facts = [
        PersonFacts(
            person_id=person["id"],
            case_no=person["case_no"],
            history=tuple(inputs.histories[person["id"]]),
            registered_on=stored_date(person["registered_on"]),
            birth_date=stored_date(person["birth_date"]),
            documents=tuple(
                DocumentFact(
                    row["kind"],
                    dt.date.fromisoformat(row["issued_on"]),
                    stored_date(row["signed_on"]),
                    stored_date(row["sent_on"]),
                )
                for row in documents.get(person["id"], ())
            ),
            documents_from=documents_from,
            # Where obligations in this ledger began: a streak never kept runs from the
            # history start, not from a registration backdated by an import.
            obligations_from=obligations_from(
                stored_date(person["registered_on"]), stored_date(person["history_from"])
            ),
            decision_date=stored_date(person["decision_date"]),
            term_start=terms[person["id"]][0],
            term_end=terms[person["id"]][1],
            last_contact_day=last_contacts.get(person["id"]),
            positive_tests=tuple(inputs.positive_tests.get(person["id"], ())),
            breaches=tuple(inputs.breaches.get(person["id"], ())),
            due_items=tuple(streaks.get(person["id"], ())),
            missing_fields=missing_fields(person),
            purged=bool(person["purged_on"]),
        )
        for person in inputs.persons
    ]
    return alerts_for_all(facts, as_of)


def high_alert_count(store: Store, obligations: DayObligations) -> int:
    """How many high alerts the township has on the day of ``obligations`` (the whole
    township's): what the due list's headline carries. Only the persons who can have one
    are looked at (a relapse, lost contact, a report overdue, breaches, a long missed
    streak), so the morning list stays quick."""
    if not obligations.everyone:
        raise ValueError("the alerts need the whole township's obligations")
    if obligations.kept:
        return len(store.day_alerts("high"))
    candidates = store.high_alert_candidates(obligations.as_of, RELAPSE_DAYS)
    candidates |= {
        person_id
        for person_id, items in obligations.streaks.items()
        if any(streak_severity(item) == "high" for item in items)
    }
    if not candidates:
        return 0
    found = alerts_of(store, obligations, person_ids=sorted(candidates))
    return sum(alert.severity == "high" for alert in found)


class AlertLabels(NamedTuple):
    """What the alerts are shown with, from the register: each person's name and village,
    and each rule's names (zh, en)."""

    people: dict[int, dict[str, Any]]
    rule_names: dict[str, tuple[str, str]]


def alert_labels(store: Store, alerts: Sequence[Alert]) -> AlertLabels:
    """The names and villages of the persons of ``alerts`` and the names of every rule
    (where plans name a rule differently, the last plan's names)."""
    people = store.person_labels(sorted({alert.person_id for alert in alerts}))
    names = rule_names(store)
    return AlertLabels(people, names)


@dataclass(frozen=True)
class AlertReport:
    """Every alert of the township named on ``as_of``, most severe first, with the names
    they are shown with."""

    township: str
    as_of: dt.date
    alerts: list[Alert]
    labels: AlertLabels


def alert_report(
    store: Store, as_of: dt.date, *, kept: bool = False, people: People = EVERYONE
) -> AlertReport:
    """The township's alerts on ``as_of``, from its obligations worked out once (or, with
    ``kept``, the kept state: ``alert_list``), with their labels: what ``yuesong alerts``
    shows; only those of ``people`` (a village, a grid, a zone) where given. A person's
    alerts are the same whoever else is listed, so the township's are judged and the
    others left out."""
    found = alert_list(store, as_of, kept=kept)
    if not people.everyone:
        ids = store.people_ids(people)
        found = [alert for alert in found if alert.person_id in ids]
    return AlertReport(store.setting("township"), as_of, found, alert_labels(store, found))
