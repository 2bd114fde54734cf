"""Retention: whose files are due to be anonymised, and what each of their fields
becomes. Pure code: the day and the retention are arguments (docs/security.md §9).

A file is kept whole while the person is supervised and for ``retention_years`` (a
setting) after supervision ended; then ``db purge`` empties or replaces everything that
says who the person was, and keeps what the figures of past periods are counted from
(docs/domain.md "Figures reported upward"): the case number, where the person lived by
village, group, grid and zone, the plan, the registration and history-start days, the
status history with its dates, the team over time, and each contact's and breach's day,
kinds, mode and result. So a report of a past period gives the same figures after a
purge as before it.

Every column of the tables that hold a person's data is named below, either as kept
(with why) or with what it becomes; ``tests/test_purge.py`` fails when a column is added
to one of those tables without being named here, so a new field cannot slip past the
purge unnoticed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from yuesong_cli.domain.fields import missing_fields
from yuesong_cli.domain.lifecycle import add_years
from yuesong_cli.domain.masking import PURGED_NAME
from yuesong_cli.domain.statuses import StatusEntry, status_on
from yuesong_cli.domain.vocab import CLOSED_STATUSES, STATUS
from yuesong_cli.errors import InvalidInput

# The setting's default: the three years after release that 戒断三年未复吸 waits for, and
# two more in which the county may still ask about a case. No law fixes a period
# (个人信息保护法 Art. 19: no longer than the purpose needs), hence a setting.
DEFAULT_RETENTION_YEARS = 5
RETENTION_YEARS_RANGE = (1, 50)

# --- what each column becomes ------------------------------------------------------

# persons: the columns emptied (None) or set to a value that says nothing of the person.
PERSON_CLEARED: Mapping[str, Any] = {
    "name": PURGED_NAME,
    # The search keys derived from the name go with it (NOT NULL: empty).
    "name_pinyin": "",
    "name_initials": "",
    "alias": None,
    # No document is left: the kind says so, as for a person registered without one.
    "id_kind": "none",
    "id_number": None,
    "id_number_15": None,
    "passport_no": None,
    "nationality": None,
    "ethnicity": None,
    "phone": None,
    "household_address": None,
    "current_address": None,
    "drugs": None,
    "method": None,
    "first_use_date": None,
    # A decision document's number finds the person in the police's files.
    "decision_doc": None,
    "risk_level": None,
    "key_person": 0,
    "poor_household": 0,
    "dibao": None,
    "employment": None,
    "notes": None,
}
# persons: kept, and why.
PERSON_KEPT: Mapping[str, str] = {
    "id": "the record's identity",
    "case_no": "names the file in reports, audit rows and paper records",
    "gender": "required by the register (NOT NULL); counted by sex upward",
    # Reduced, not kept: see anonymised_person.
    "birth_date": "the year only (YYYY-01-01): age groups, no minors",
    "village": "the figures per village",
    "village_group": "where the person lived, below the village",
    "grid": "where the person lived, below the village",
    "zone": "where the person lived, below the village",
    "decision_date": "a day of supervision, as the status history's",
    "term_start": "a day of supervision, as the status history's",
    "term_end": "a day of supervision, as the status history's",
    "plan": "which rules the past obligations followed",
    "registered_on": "the new-user rate; who counts in a period",
    "history_from": "from when obligations count",
    "created_at": "when the file was made",
    "purged_on": "set by the purge",
    "purged_missing": "set by the purge: the entry rate of past periods",
}
# status_history: the decision document numbers are replaced by numbers of the person's
# own (#1, #2, … in the order they first appear), which keep what the terms are read
# from (docs/model.md "Terms": a new document starts a new term) and nothing else.
STATUS_CLEARED: Mapping[str, Any] = {"reason": None}
STATUS_KEPT = ("id", "person_id", "status", "since", "until", "doc_no", "entered_at")
# contacts: what happened and when stays (the rates); what was said, where, and the
# substance found go.
CONTACT_CLEARED: Mapping[str, Any] = {"place": None, "note": None, "substance": None}
CONTACT_KEPT = (
    "id", "person_id", "happened_on", "entered_at", "mode", "urine_result", "kind_mask",
)  # fmt: skip
# breaches: the kind, day and days away (the serious-breach rule) stay.
BREACH_CLEARED: Mapping[str, Any] = {"note": None}
# documents (docs/domain.md "Documents"): the kind, number and days stay; the reason it
# was printed (free text) is replaced and the signed scan goes.
DOCUMENT_CLEARED: Mapping[str, Any] = {"reason": PURGED_NAME, "scan_sha256": None}
# support (docs/domain.md "Support"): the kind and day stay (the reports' counts).
SUPPORT_CLEARED: Mapping[str, Any] = {"note": None}
BREACH_KEPT = ("id", "person_id", "happened_on", "kind", "days_away", "entered_at")
# corrections: the archived record is scrubbed like a live one; the officer's reason,
# free text that may name the person, is replaced.
CORRECTION_CLEARED: Mapping[str, Any] = {"reason": PURGED_NAME}
CORRECTION_KEPT = (
    "id", "table_name", "record_id", "person_id", "action", "original", "corrected_on",
    "entered_at",
)  # fmt: skip
# An archived record's keys emptied, by its table (a contact's photos too).
ARCHIVE_CLEARED: Mapping[str, Mapping[str, Any]] = {
    "contacts": {**CONTACT_CLEARED, "photos": []},
    "breaches": BREACH_CLEARED,
    "status_history": STATUS_CLEARED,
}


# --- who is due ----------------------------------------------------------------------


@dataclass(frozen=True)
class DuePurge:
    """A file due to be anonymised: the entry that ended supervision (its status and
    day) and the status in force now."""

    person_id: int
    case_no: str
    closed_by: str
    closed_on: dt.date
    status: str


def check_retention_years(text: str) -> str:
    """The setting ``retention_years`` as stored: a whole number of years within
    ``RETENTION_YEARS_RANGE``; InvalidInput (``error.setting.retention_years``)."""
    value = text.strip()
    low, high = RETENTION_YEARS_RANGE
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise InvalidInput("error.setting.retention_years", low=low, high=high)
    return str(int(value))


def retention_cutoff(today: dt.date, years: int) -> dt.date:
    """The default ``--closed-before``: ``years`` calendar years before ``today`` (29
    February becomes 28 February), so a file closed more than that long ago is due."""
    return add_years(today, -years)


def supervision_ended(history: Sequence[StatusEntry], today: dt.date) -> StatusEntry | None:
    """The entry that ended supervision, if the status in force on ``today`` is closed
    (released, abstinent_3y, moved_out, abroad, deceased): the first of the closed
    entries that follow the last one that was not closed. A release followed three years
    later by abstinent_3y ended supervision on the day of the release."""
    current = status_on(history, today)
    if current is None or current.status not in CLOSED_STATUSES:
        return None
    begun = sorted(
        (entry for entry in history if entry.since <= today),
        key=lambda entry: (entry.since, entry.entry_id),
    )
    closing = current
    for entry in reversed(begun):
        if entry.until is not None and entry.until < today:
            continue  # a pause that ended: not what is in force
        if entry.status not in CLOSED_STATUSES:
            break
        closing = entry
    return closing


def due_for_purge(
    persons: Iterable[tuple[int, str]],
    histories: Mapping[int, Sequence[StatusEntry]],
    today: dt.date,
    closed_before: dt.date,
) -> list[DuePurge]:
    """The files of ``persons`` (id, case number; none purged yet) whose status in force
    on ``today`` is closed and whose supervision ended on a day before
    ``closed_before``, in case-number order of the register (by id)."""
    due = []
    for person_id, case_no in persons:
        history = histories.get(person_id, ())
        closing = supervision_ended(history, today)
        if closing is None or closing.since >= closed_before:
            continue
        current = status_on(history, today)
        assert current is not None  # closed, hence in force
        due.append(DuePurge(person_id, case_no, closing.status, closing.since, current.status))
    return sorted(due, key=lambda item: item.person_id)


def purge_counts(due: Iterable[DuePurge]) -> list[tuple[str, int, int]]:
    """How many files are due by the status that ended supervision and the year it did:
    (status, year, count), in the order of the statuses' vocabulary, then by year."""
    counted = Counter((item.closed_by, item.closed_on.year) for item in due)
    order = {key: index for index, key in enumerate(STATUS.keys)}
    return [
        (status, year, count)
        for (status, year), count in sorted(
            counted.items(), key=lambda pair: (order[pair[0][0]], pair[0][1])
        )
    ]


# --- what the fields become ------------------------------------------------------------


def anonymised_person(person: Mapping[str, Any], day: dt.date) -> dict[str, Any]:
    """The columns of ``person`` (a whole row of the register) that the purge changes,
    with their new values: what identifies the person emptied (``PERSON_CLEARED``), the
    birth date cut to its year, and the day of the purge with the fields the file
    lacked then (``purged_missing``, comma-separated): the entry rate (录入率) counts a
    file as it is now, and must count a purged file as it was, or every past period's
    rate would fall. Only the columns whose value changes."""
    new: dict[str, Any] = dict(PERSON_CLEARED)
    new["birth_date"] = f"{str(person['birth_date'])[:4]}-01-01"
    changes = {name: value for name, value in new.items() if person.get(name) != value}
    changes["purged_on"] = day.isoformat()
    changes["purged_missing"] = ",".join(missing_fields(person))
    return changes


def document_pseudonyms(history: Sequence[StatusEntry]) -> dict[str, str]:
    """Each decision document number of a history and what it becomes: ``#1``, ``#2``,
    … in the order the numbers first appear (by day). Equal numbers stay equal and
    different ones different, which is all the terms are read from."""
    pseudonyms: dict[str, str] = {}
    for entry in sorted(history, key=lambda entry: (entry.since, entry.entry_id)):
        if entry.doc_no and entry.doc_no not in pseudonyms:
            pseudonyms[entry.doc_no] = f"#{len(pseudonyms) + 1}"
    return pseudonyms


def changed(row: Mapping[str, Any], cleared: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of ``row`` that ``cleared`` changes, with their new values."""
    return {name: value for name, value in cleared.items() if name in row and row[name] != value}


def anonymised_original(
    table: str, original: Mapping[str, Any], pseudonyms: dict[str, str]
) -> dict[str, Any]:
    """A record archived in the corrections table (``original``, of ``table``) scrubbed
    as the live record is: its cleared keys emptied, a document number replaced by its
    pseudonym (a number only the archive holds gets the next one, added to
    ``pseudonyms``), and the file's fields it carries (a voided status's ``file``) as a
    purged file's."""
    scrubbed = {**original, **changed(original, ARCHIVE_CLEARED.get(table, {}))}
    doc = scrubbed.get("doc_no")
    if doc:
        scrubbed["doc_no"] = pseudonyms.setdefault(doc, f"#{len(pseudonyms) + 1}")
    file = scrubbed.get("file")
    if isinstance(file, Mapping):
        scrubbed["file"] = {**file, **changed(file, PERSON_CLEARED)}
    return scrubbed


def check_closed_before(day: dt.date, today: dt.date) -> None:
    """Refuse a ``--closed-before`` day to come: nobody's supervision can have ended on
    it, and a slip of the year would reach every closed file."""
    if day > today:
        raise InvalidInput("error.purge.future", day=day.isoformat())
