"""A person's lifecycle (docs/domain.md): reporting after a decision, terms, and which status
may follow which. Pure code: dates and history come in, answers and reason keys go out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from yuesong_cli.domain.obligations import TERM_CONTINUING, TERM_STATUSES, Supervision, add_months
from yuesong_cli.domain.statuses import StatusEntry, status_on
from yuesong_cli.domain.vocab import CLOSED_STATUSES, PAUSED_STATUSES, STATUS
from yuesong_cli.errors import InvalidInput, NotFound
from yuesong_cli.messages import t

ONE_DAY = dt.timedelta(days=1)

# A decision must be followed by reporting within 15 days (戒毒条例, for community
# treatment and community rehabilitation alike).
REPORT_DAYS = 15
# 禁毒法 Art. 33 fixes community treatment at 3 years; community rehabilitation is "not
# more than 3 years" (Art. 48), so its length is the decision's and settable per person.
TREATMENT_YEARS = 3
REHAB_MAX_YEARS = 3
# Three years clean after release make a person abstinent_3y (docs/domain.md).
ABSTINENT_YEARS = 3

# Statuses a decision document puts a person into: the only way back from a closed one.
DECISION_STATUSES = frozenset(
    {"pending_report", "community_treatment", "community_rehab", "compulsory_isolation"}
)

# Which status may follow which (docs/domain.md's paths). Closed statuses are not keys: they
# are left only through a new decision (DECISION_STATUSES with an unseen document
# number), released -> abstinent_3y, or death. Any status may become itself again with a
# new decision document (a new term); deceased may be followed by nothing.
_SUPERVISED_NEXT = frozenset(
    {
        "lost_contact",
        "detained",
        "compulsory_isolation",
        "on_leave",
        "released",
        "moved_out",
        "abroad",
        "deceased",
        # A person may switch to methadone or to a clinic of their choice; the community
        # agreement then no longer applies.
        "maintenance",
        "voluntary",
    }
)
ALLOWED_NEXT: Mapping[str, frozenset[str]] = {
    # Reporting starts the term. Not reporting in time counts as refusal and goes to the
    # police (-> isolation); moving or leaving the country before reporting also happen.
    # Not lost_contact: someone who never reported stays pending, and the overdue-report
    # alert says so, rather than falling under obligations with no term.
    "pending_report": frozenset(
        {
            "community_treatment",
            "community_rehab",
            "detained",
            "compulsory_isolation",
            "moved_out",
            "abroad",
            "deceased",
        }
    ),
    "community_treatment": _SUPERVISED_NEXT,
    "community_rehab": _SUPERVISED_NEXT,
    # Found again: back to the term they left (checked below), or straight to the police.
    "lost_contact": frozenset(
        {
            "community_treatment",
            "community_rehab",
            "detained",
            "compulsory_isolation",
            "abroad",
            "deceased",
        }
    ),
    # Detention pauses: resume (the same term, or still pending), or it ends in
    # isolation, or a sentence ends the term (recorded as released).
    "detained": frozenset(
        {
            "pending_report",
            "community_treatment",
            "community_rehab",
            "compulsory_isolation",
            "released",
            "deceased",
        }
    ),
    # Back early (the leave's end day brings supervision back by itself otherwise); the
    # term may also end during the leave.
    "on_leave": frozenset(
        {
            "community_treatment",
            "community_rehab",
            "lost_contact",
            "detained",
            "compulsory_isolation",
            "released",
            "deceased",
        }
    ),
    # Release from isolation usually comes with a rehab decision; the person then has 15
    # days to report as after any decision, hence pending_report too.
    "compulsory_isolation": frozenset(
        {"community_rehab", "pending_report", "released", "detained", "deceased"}
    ),
    "voluntary": frozenset(
        {
            "community_treatment",
            "community_rehab",
            "maintenance",
            "detained",
            "compulsory_isolation",
            "released",
            "moved_out",
            "abroad",
            "deceased",
        }
    ),
    "maintenance": frozenset(
        {
            "community_treatment",
            "community_rehab",
            "voluntary",
            "detained",
            "compulsory_isolation",
            "released",
            "moved_out",
            "abroad",
            "deceased",
        }
    ),
}


# --- reporting and terms ------------------------------------------------------------


def report_deadline(decision_date: dt.date) -> dt.date:
    """The last day on which a person may report after the decision."""
    return decision_date + dt.timedelta(days=REPORT_DAYS)


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` plus ``years`` calendar years; 29 February becomes 28 February."""
    return add_months(day, 12 * years)


class InvalidTerm(InvalidInput, ValueError):
    """A term length the law does not allow for this status.

    Also a ValueError, so pure callers may catch it as such; the CLI prints it as any
    other YuesongError."""

    default_key = "lifecycle.term.invalid"


def term_years_refusal(status: str, years: int) -> str | None:
    """Why a term of ``years`` years cannot be set for ``status`` (a reason key), or None.

    community_treatment is always 3 years (by law); community_rehab 1 to 3 whole years,
    as the decision says. A person's file may still carry an end day set by hand."""
    if status not in TERM_STATUSES:
        return "lifecycle.term.no_term"
    if status == "community_treatment" and years != TREATMENT_YEARS:
        return "lifecycle.term.treatment_fixed"
    if status == "community_rehab" and not 1 <= years <= REHAB_MAX_YEARS:
        return "lifecycle.term.rehab_years"
    return None


def term_end(status: str, term_start: dt.date, years: int = TREATMENT_YEARS) -> dt.date:
    """The last day of a term starting on ``term_start``: start + ``years`` − 1 day.

    Raises InvalidTerm when ``years`` is not allowed for ``status``."""
    reason = term_years_refusal(status, years)
    if reason is not None:
        raise InvalidTerm(reason, status=status, years=years)
    return add_years(term_start, years) - ONE_DAY


def term_in_force(
    history: Sequence[StatusEntry],
    as_of: dt.date,
    file_start: dt.date | None = None,
    file_end: dt.date | None = None,
) -> tuple[dt.date | None, dt.date | None]:
    """The term holding ``as_of`` by the status history (docs/model.md terms), as its first
    day and its last (None: unknown, so the longest). The file's term start and end
    stand for it when they lie in that term: the file holds only the latest term, and a
    day asked in the past may lie in an earlier one."""
    term = Supervision(history, as_of).term_on(as_of)
    if term is None:
        return None, None
    if file_start is not None and term.start <= file_start <= (term.end or as_of):
        return file_start, file_end
    return term.start, None


# --- transitions --------------------------------------------------------------------


def latest_entry(history: Sequence[StatusEntry]) -> StatusEntry | None:
    """The entry recorded last in time (latest ``since``, then latest id)."""
    return max(history, key=lambda entry: (entry.since, entry.entry_id), default=None)


def _interrupted_term_status(history: Sequence[StatusEntry]) -> str | None:
    """The term status a pause or lost contact interrupted, if the latest break in the
    history is one of those (docs/model.md: coming back continues that term)."""
    for entry in sorted(history, key=lambda e: (e.since, e.entry_id), reverse=True):
        if entry.status in TERM_CONTINUING:
            continue
        return entry.status if entry.status in TERM_STATUSES else None
    return None


def _status_refusal(
    history: Sequence[StatusEntry], status: str, since: dt.date, doc_no: str | None
) -> str | None:
    """``transition_refusal`` without the checks on the end day."""
    if status not in STATUS.keys:
        return "lifecycle.unknown_status"
    if any(entry.status == "deceased" for entry in history):
        return "lifecycle.after_deceased"
    latest = latest_entry(history)
    if latest is not None and since < latest.since:
        # The history is appended in order; an earlier day would rewrite the past.
        return "lifecycle.before_current"
    current = status_on(history, since)
    if current is None:
        # A first entry (or a gap after a bounded one): the file may start in any status,
        # except leave, which is leave from supervision.
        return "lifecycle.leave_needs_supervision" if status == "on_leave" else None
    used_docs = {entry.doc_no for entry in history if entry.doc_no}
    doc = doc_no.strip() if doc_no else ""
    new_decision = bool(doc) and doc not in used_docs
    if status == current.status:
        return None if new_decision else "lifecycle.same_status"
    if status == "deceased":
        return None
    if current.status in CLOSED_STATUSES:
        if current.status == "released" and status == "abstinent_3y":
            if since < add_years(current.since, ABSTINENT_YEARS):
                return "lifecycle.abstinent_too_soon"
            return None
        if status not in DECISION_STATUSES:
            return "lifecycle.not_allowed"
        if doc and not new_decision:
            return "lifecycle.doc_no_used"
        return None if new_decision else "lifecycle.closed_needs_new_decision"
    if status not in ALLOWED_NEXT.get(current.status, frozenset()):
        return "lifecycle.not_allowed"
    if current.status in TERM_CONTINUING and status in TERM_STATUSES and not new_decision:
        # Coming back continues the interrupted term; the other term status would start
        # a new term, which only a decision does.
        interrupted = _interrupted_term_status(history)
        if interrupted is not None and interrupted != status:
            return "lifecycle.resume_other_status"
    return None


# Approved leave is arranged before the day it begins; every other status is recorded
# once it has happened (docs/domain.md "Statuses").
RECORDED_AHEAD = frozenset({"on_leave"})


def ahead_refusal(status: str, since: dt.date, today: dt.date) -> str | None:
    """Why a status may not begin on ``since``: a day after ``today`` is for approved
    leave only (a detention or a release typed ahead would stand in the history as fact,
    and every later entry would be refused as before it)."""
    if since > today and status not in RECORDED_AHEAD:
        return "lifecycle.ahead"
    return None


def transition_refusal(
    history: Sequence[StatusEntry],
    status: str,
    since: dt.date,
    until: dt.date | None = None,
    doc_no: str | None = None,
) -> str | None:
    """None if an entry (``status`` from ``since`` to ``until``) may be appended to
    ``history``; otherwise the message key of the reason."""
    if any(entry.status == "deceased" for entry in history):
        # The root reason first, whatever else is wrong with the entry.
        return "lifecycle.after_deceased"
    if until is not None and until < since:
        return "lifecycle.until_before_since"
    if status == "on_leave" and until is None:
        return "lifecycle.leave_needs_until"
    if until is not None and status not in PAUSED_STATUSES:
        # An end day means "the status before comes back by itself", which only makes
        # sense for a pause; other statuses end with the next entry.
        return "lifecycle.until_only_paused"
    return _status_refusal(history, status, since, doc_no)


def allowed_next(
    history: Sequence[StatusEntry], since: dt.date, doc_no: str | None = None
) -> tuple[str, ...]:
    """The statuses that may be recorded from ``since`` (on_leave assuming an end day),
    in vocabulary order: what the CLI offers when it refuses one."""
    return tuple(
        status for status in STATUS.keys if _status_refusal(history, status, since, doc_no) is None
    )


# --- decisions: what recording a status writes ---------------------------------------


class StatusDecision(NamedTuple):
    """What recording a status writes, decided before anything is written: the entry
    appended to the history and the fields of the person's file it brings along (the
    decision document and its day, a new term's first and last day), in the order the
    store applies them."""

    entry: StatusEntry  # entry_id 0: not written yet
    file: Mapping[str, str | dt.date]


def status_decision(
    history: Sequence[StatusEntry],
    status: str,
    since: dt.date,
    until: dt.date | None = None,
    doc_no: str | None = None,
    term_years: int | None = None,
    *,
    today: dt.date | None = None,
    born: dt.date | None = None,
) -> StatusDecision:
    """What appending ``status`` (from ``since`` to ``until``) to ``history`` writes.

    A decision document records the decision on the file; a status that starts a new
    term sets its start and end (3 years, or ``term_years`` for community rehabilitation).
    Raises InvalidInput with the reason key when the lifecycle refuses the entry or the
    term length; given ``today`` and the birth date ``born``, also an entry after today
    that is not approved leave (ahead_refusal) and one before the person was born."""
    refusal = (
        (ahead_refusal(status, since, today) if today is not None else None)
        or ("error.date.before_birth" if born is not None and since < born else None)
        or transition_refusal(history, status, since, until, doc_no)
    )
    if refusal is not None:
        raise InvalidInput(refusal)
    entry = StatusEntry(0, status, since, until, doc_no)
    file: dict[str, str | dt.date] = {}
    if doc_no and status in DECISION_STATUSES:
        file |= {"decision_doc": doc_no, "decision_date": since}
    if status in TERM_STATUSES:
        if term_years is not None and (refusal := term_years_refusal(status, term_years)):
            raise InvalidInput(refusal)
        terms = Supervision([*history, entry], since).terms
        if terms and terms[-1].start == since:
            years = TREATMENT_YEARS if term_years is None else term_years
            file |= {"term_start": since, "term_end": term_end(status, since, years)}
        elif term_years is not None:
            raise InvalidInput("lifecycle.term.not_new")
    elif term_years is not None:
        raise InvalidInput("lifecycle.term.no_term")
    return StatusDecision(entry, file)


def registration_day_refusal(
    days: Sequence[dt.date], today: dt.date, born: dt.date | None
) -> str | None:
    """Why the days of a registration (its status's day, the registration day) cannot be:
    one after today, else one before the birth date. The one rule for ``person add`` and
    each row of ``import persons``."""
    if any(day > today for day in days):
        return "error.date.future"
    if born is not None and any(day < born for day in days):
        return "error.date.before_birth"
    return None


def registration_decision(
    status: str,
    since: dt.date,
    doc_no: str | None,
    file_term_start: dt.date | None,
    file_term_end: dt.date | None,
) -> StatusDecision:
    """What registering a person in ``status`` from ``since`` writes: the first entry
    (refused as any entry would be: InvalidInput with the reason key) and, for a status
    that starts a term, the term (3 years) where the file gives none."""
    refusal = transition_refusal([], status, since, None, doc_no)
    if refusal is not None:
        raise InvalidInput(refusal)
    file: dict[str, str | dt.date] = {}
    if status in TERM_STATUSES and not file_term_start:
        file["term_start"] = since
        if not file_term_end:
            file["term_end"] = term_end(status, since, TREATMENT_YEARS)
    return StatusDecision(StatusEntry(0, status, since, None, doc_no), file)


# --- voiding an entry entered by mistake (docs/domain.md "Correcting a status") -------

# The fields of the person's file a status entry may bring along (status_decision), as
# the two pairs that go together: the decision, and the term.
DECISION_FIELDS = ("decision_doc", "decision_date")
TERM_FIELDS = ("term_start", "term_end")


class VoidRefused(InvalidInput):
    """A status entry that may not be voided. The message names the later entry that
    blocks it with its status in the officer's language, hence its own ``message``."""

    default_key = "lifecycle.void.depends"

    def message(self, lang: str) -> str:
        params = dict(self.params)
        if "status" in params:
            params["status"] = STATUS.label(params["status"], lang)
        return t(self.key, lang, **params)


class StatusVoid(NamedTuple):
    """What voiding a status entry writes, decided before anything is written: the entry
    taken out, and the fields of the person's file it brought along, put back as the
    history left without it gives them (None: the history holds no earlier value, so the
    field is emptied), only those whose value changes."""

    entry: StatusEntry
    file: Mapping[str, str | dt.date | None]


def _in_order(history: Sequence[StatusEntry]) -> list[StatusEntry]:
    return sorted(history, key=lambda entry: (entry.since, entry.entry_id))


def _effect(prior: Sequence[StatusEntry], entry: StatusEntry) -> str | Mapping[str, Any]:
    """What ``entry`` is when recorded after ``prior``: the reason key the lifecycle
    refuses it with, or the fields of the file it brings along (a term's end as for
    3 years: a length given with --term-years is not kept in the history)."""
    try:
        return status_decision(prior, entry.status, entry.since, entry.until, entry.doc_no).file
    except InvalidInput as refused:
        return refused.key


def void_blocker(history: Sequence[StatusEntry], entry: StatusEntry) -> StatusEntry | None:
    """The first entry after ``entry`` that depends on it: one the lifecycle would have
    refused, or that would have brought other fields to the file (another term, another
    decision), had ``entry`` never been recorded. None when every later entry stands as
    it is without it."""
    ordered = _in_order(history)
    for at in range(ordered.index(entry) + 1, len(ordered)):
        prior = ordered[:at]
        without = [other for other in prior if other.entry_id != entry.entry_id]
        if _effect(prior, ordered[at]) != _effect(without, ordered[at]):
            return ordered[at]
    return None


def _file_from(entries: Sequence[StatusEntry]) -> dict[str, str | dt.date | None]:
    """The decision and term ``entries`` (a history, in order) give the file: those the
    latest entry that brought each pair along wrote. The first entry, the registration's,
    gives its document only (person add and import file it as the decision document);
    what else registration took from the officer (the decision date, a term typed in) and
    a community rehabilitation term's length are not in the history: None."""
    values: dict[str, str | dt.date | None] = dict.fromkeys(DECISION_FIELDS + TERM_FIELDS)
    if entries:
        values["decision_doc"] = entries[0].doc_no
    for at in range(1, len(entries)):
        brought = _effect(entries[:at], entries[at])
        if isinstance(brought, str):
            continue
        if "decision_doc" in brought:
            values.update({name: brought[name] for name in DECISION_FIELDS})
        if "term_start" in brought:
            # Community treatment lasts 3 years by law; rehabilitation as its decision says.
            fixed = entries[at].status == "community_treatment"
            values.update(
                term_start=brought["term_start"], term_end=brought["term_end"] if fixed else None
            )
    return values


def _as_stored(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def status_void(
    history: Sequence[StatusEntry], entry_id: int, file: Mapping[str, Any]
) -> StatusVoid:
    """What voiding the entry ``entry_id`` of ``history`` writes, ``file`` being the
    person's file as stored (dates as ISO text).

    Refused (VoidRefused) for the first entry, the registration's: the person would be
    left with no status, out of the due list and the alerts; and where a later entry
    depends on it (``void_blocker``), named so that it is voided first. The decision and
    the term the entry brought along go back to what the entries before it give them
    (``_file_from``), where the file still holds the entry's own (its document, its term
    start) and no later entry brought the pair along again."""
    ordered = _in_order(history)
    entry = next((e for e in ordered if e.entry_id == entry_id), None)
    if entry is None:
        raise NotFound("error.status.unknown", id=entry_id)
    if entry == ordered[0]:
        raise VoidRefused("lifecycle.void.first", id=entry_id)
    blocker = void_blocker(ordered, entry)
    if blocker is not None:
        raise VoidRefused(
            "lifecycle.void.depends",
            id=blocker.entry_id,
            status=blocker.status,
            day=blocker.since.isoformat(),
        )
    at = ordered.index(entry)
    brought = _effect(ordered[:at], entry)
    if isinstance(brought, str):
        return StatusVoid(entry, {})
    again = {
        name
        for later in range(at + 1, len(ordered))
        if not isinstance(effect := _effect(ordered[:later], ordered[later]), str)
        for name in effect
    }
    before = _file_from(ordered[:at])
    restored: dict[str, str | dt.date | None] = {}
    if (
        "decision_doc" in brought
        and "decision_doc" not in again
        and file.get("decision_doc") == entry.doc_no
    ):
        restored |= {name: before[name] for name in DECISION_FIELDS}
    if (
        "term_start" in brought
        and "term_start" not in again
        and file.get("term_start") == entry.since.isoformat()
    ):
        restored |= {name: before[name] for name in TERM_FIELDS}
    changed = {
        name: value
        for name, value in restored.items()
        if _as_stored(value) != _as_stored(file.get(name))
    }
    return StatusVoid(entry, changed)


# --- timeline -----------------------------------------------------------------------


class TimelineStep(NamedTuple):
    """One stretch of a person's timeline under one status entry (``until`` None: open).

    A bounded entry (leave) splits the entry it interrupts into two steps."""

    status: str
    since: dt.date
    until: dt.date | None
    doc_no: str | None
    current: bool
    entry_id: int


def timeline(history: Sequence[StatusEntry], as_of: dt.date) -> list[TimelineStep]:
    """The status in force day by day, as stretches in order, future entries included;
    the stretch holding ``as_of`` is marked current."""
    boundaries = {entry.since for entry in history}
    boundaries |= {entry.until + ONE_DAY for entry in history if entry.until is not None}
    stretches: list[tuple[StatusEntry, dt.date, dt.date | None]] = []
    open_stretch: tuple[StatusEntry, dt.date] | None = None
    for day in sorted(boundaries):
        entry = status_on(history, day)
        if open_stretch is not None and entry == open_stretch[0]:
            continue
        if open_stretch is not None:
            stretches.append((open_stretch[0], open_stretch[1], day - ONE_DAY))
        open_stretch = (entry, day) if entry is not None else None
    if open_stretch is not None:
        stretches.append((open_stretch[0], open_stretch[1], None))
    return [
        TimelineStep(
            entry.status,
            start,
            end,
            entry.doc_no,
            start <= as_of and (end is None or as_of <= end),
            entry.entry_id,
        )
        for entry, start, end in stretches
    ]
