"""The obligation model of docs/model.md: who owes what, by when. Pure code.

Given a person's status history, the rules of their plan, their contacts and a day, the
functions here say which obligations exist, which are kept, open or missed, and what the
due list shows. They never read the clock or the database: the store feeds them, and the
due list, ``why``, alerts and reports all ask them, so they cannot disagree.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from yuesong_cli.domain.dates import stored_date
from yuesong_cli.domain.statuses import StatusEntry, status_on
from yuesong_cli.domain.vocab import ACTIVE_STATUSES, PAUSED_STATUSES
from yuesong_cli.errors import InvalidInput

ONE_DAY = dt.timedelta(days=1)
CALENDAR_PERIODS = ("week", "half_month", "month", "quarter")
SCHEDULES = ("calendar", "rolling", "tiered")
# Statuses that carry a term (and so a drug-test schedule); lost_contact continues the
# term of the status it interrupted.
TERM_STATUSES = ("community_treatment", "community_rehab")
# Statuses across which a term goes on (docs/model.md: a pause or lost contact).
TERM_CONTINUING = frozenset({"detained", "on_leave", "lost_contact"})


# --- rules and contacts -------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A rule of a plan: what keeps it and on which schedule it falls due.

    ``kinds``, ``modes`` and ``results`` are the accepted values; an empty set accepts
    anything (``meet`` is kept by any kind of contact, but only in person).
    """

    key: str
    schedule: str
    period: str | None = None
    every_days: int | None = None
    tiers: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    kinds: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    results: frozenset[str] = frozenset()

    def kept_by(self, contact: Contact) -> bool:
        return self.why_not(contact) is None

    def why_not(self, contact: Contact) -> str | None:
        """Why ``contact`` does not keep this rule (a reason key), or None if it does."""
        if contact.kinds <= {"urine"} and contact.urine_result == "absent":
            # A test the person did not come to is no contact at all (not a meeting).
            return "absent"
        if self.kinds and not (self.kinds & contact.kinds):
            return "kind"
        if self.modes and contact.mode not in self.modes:
            return "mode"
        if self.results and contact.urine_result not in self.results:
            return "result"
        return None


class Contact(NamedTuple):
    """A contact as the model sees it (a named tuple: reports read many of them)."""

    contact_id: int
    day: dt.date
    kinds: frozenset[str]
    mode: str
    urine_result: str | None = None
    entered_on: dt.date | None = None


@dataclass(frozen=True)
class PlanRule:
    """A rule of a plan with the names a list of rules shows."""

    rule: Rule
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Plan:
    key: str
    name_zh: str
    name_en: str
    rules: tuple[PlanRule, ...]


# The default plan of docs/model.md, 五包一, as a new ledger holds it. Plans are data: the
# store reads them from the plans and plan_rules tables and never from here, and an
# officer may change them there. Migration m004 wrote this plan into those tables as SQL
# (a shipped migration never changes), so tests/test_plan_seed.py holds that seed equal to
# this definition; the sample ledger derives its cadence from it.
DEFAULT_PLAN = Plan(
    "five_to_one",
    "五包一",
    "five-to-one",
    (
        PlanRule(
            Rule("meet", "calendar", period="week", modes=frozenset({"in_person"})),
            "一周一见面",
            "meet weekly",
        ),
        PlanRule(
            Rule("talk", "calendar", period="half_month", kinds=frozenset({"talk"})),
            "半月一谈话",
            "talk every half-month",
        ),
        PlanRule(
            Rule(
                "visit",
                "calendar",
                period="month",
                kinds=frozenset({"visit"}),
                modes=frozenset({"in_person"}),
            ),
            "一月一走访",
            "home visit monthly",
        ),
        PlanRule(
            Rule("report", "calendar", period="quarter", kinds=frozenset({"report"})),
            "一季一汇报",
            "report quarterly",
        ),
        PlanRule(
            Rule(
                "urine",
                "tiered",
                # Months per window in years 1, 2 and 3 of the term (docs/model.md).
                tiers={"community_treatment": (1, 2, 3), "community_rehab": (2, 3, 6)},
                kinds=frozenset({"urine"}),
                results=frozenset({"negative", "positive"}),
            ),
            "定期尿检",
            "urine tests",
        ),
    ),
)
# The default plan's rules alone, in order.
FIVE_TO_ONE: tuple[Rule, ...] = tuple(named.rule for named in DEFAULT_PLAN.rules)


# --- dates --------------------------------------------------------------------------


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    # calendar.monthrange also works out a weekday, which the hot path does not need.
    if month == 2 and calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months``, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, days_in_month(year, month)))


@lru_cache(maxsize=4096)
def calendar_window(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar window of ``period`` that holds ``day``: (first day, last day).

    Cached: the due list asks the same few windows for every person."""
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    last_of_month = days_in_month(day.year, day.month)
    if period == "half_month":
        if day.day <= 15:
            return day.replace(day=1), day.replace(day=15)
        return day.replace(day=16), day.replace(day=last_of_month)
    if period == "month":
        return day.replace(day=1), day.replace(day=last_of_month)
    if period == "quarter":
        first_month = (day.month - 1) // 3 * 3 + 1
        start = dt.date(day.year, first_month, 1)
        return start, add_months(start, 3) - ONE_DAY
    raise ValueError(f"unknown calendar period: {period}")


# --- supervision --------------------------------------------------------------------


class Span(NamedTuple):
    """Days ``start``..``end`` (inclusive; None: open-ended) under one status entry.

    Named tuples here and for terms: the due list builds them for every person."""

    status: str
    start: dt.date
    end: dt.date | None
    doc_no: str | None = None
    entry_id: int = 0

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def holds(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Term(NamedTuple):
    """A community_treatment or community_rehab term: from its first day on."""

    status: str
    start: dt.date
    end: dt.date | None  # the day before the next term starts, if one does


class Supervision:
    """A person's status history as spans, seen from ``as_of``: the status in force on
    ``as_of`` is taken to go on after it (docs/model.md)."""

    def __init__(
        self,
        history: Sequence[StatusEntry],
        as_of: dt.date,
        registered: dt.date | None = None,
        history_from: dt.date | None = None,
    ) -> None:
        self.as_of = as_of
        spans = tuple(_spans(history, as_of))
        # Terms run from the statuses themselves (the test schedule counts from the
        # term's start); obligations only from the day the person entered this ledger,
        # since nothing earlier can be recorded, and not before the history start.
        self.terms = tuple(_terms(spans))
        # ``recorded``: the statuses from registration on, who was under supervision on
        # a day (the reports' count of persons supervised); ``spans``: the days whose
        # obligations count, the days before the history start marked as well.
        self.recorded = _marked(spans, registered, UNREGISTERED)
        self.counts_from = obligations_from(registered, history_from)
        # The history start when it, not registration, is where obligations begin.
        self.history_start = (
            self.counts_from if self.counts_from not in (None, registered) else None
        )
        self.spans = _marked(self.recorded, self.history_start, BEFORE_HISTORY)
        last = self.spans[-1] if self.spans else None
        # Every day from here on is under active supervision (the usual case), so every
        # calendar window that starts on or after it holds an obligation.
        self.active_since = (
            last.start
            if last and last.active and last.end is None and last.start <= as_of
            else None
        )

    def judged(self, window_start: dt.date) -> bool:
        """Whether a window beginning on ``window_start`` can be missed: not when it
        begins before the history start (docs/model.md "Supervision"). The history start
        is where the ledger's records begin; what was done in such a window before it is
        not known, so the window is shown while open and counts when kept, but is never
        counted missed."""
        return self.history_start is None or window_start >= self.history_start

    def first_judged(self, period: str) -> dt.date | None:
        """The first day of the first window of a calendar ``period`` that begins on or
        after the history start (None: no history start)."""
        start = self.history_start
        if start is None:
            return None
        window = calendar_window(period, start)
        return start if window[0] == start else window[1] + ONE_DAY

    def span_on(self, day: dt.date) -> Span | None:
        for span in self.spans:
            if span.holds(day):
                return span
        return None

    def active_on(self, day: dt.date) -> bool:
        span = self.span_on(day)
        return span is not None and span.active

    def active_days(self, start: dt.date, end: dt.date) -> int:
        """How many days of ``start``..``end`` are under active supervision and owe
        obligations."""
        return _active_days(self.spans, start, end)

    def supervised_days(self, start: dt.date, end: dt.date) -> int:
        """How many days of ``start``..``end`` are under active supervision by the
        statuses recorded, the days before the history start included: those days owe
        nothing, but the person was supervised then."""
        return _active_days(self.recorded, start, end)

    def term_on(self, day: dt.date) -> Term | None:
        for term in self.terms:
            if term.start <= day and (term.end is None or day <= term.end):
                return term
        return None


def _active_days(spans: Sequence[Span], start: dt.date, end: dt.date) -> int:
    total = 0
    # From the latest span back: the windows asked about are mostly recent ones.
    for span in reversed(spans):
        if span.end is not None and span.end < start:
            break
        if not span.active or span.start > end:
            continue
        first = max(start, span.start)
        last = end if span.end is None else min(end, span.end)
        total += (last - first).days + 1
    return total


# What the days before the first day whose obligations count are, in place of their
# status: before registration, or (registered) before the history start.
UNREGISTERED = "unregistered"
BEFORE_HISTORY = "before_history"


def obligations_from(registered: dt.date | None, history_from: dt.date | None) -> dt.date | None:
    """The first day whose obligations count (docs/model.md "Supervision"): the
    registration day, or the history start (``history_from``, an imported register's
    first day in this ledger) where that is later. Earlier days owe nothing; the statuses
    and terms still count from the days recorded."""
    if history_from is None or (registered is not None and history_from <= registered):
        return registered
    return history_from


def check_history_from(
    history_from: dt.date | None, registered: dt.date, today: dt.date | None = None
) -> None:
    """Refuse a history start (docs/model.md "Supervision") that cannot be one: a day
    after ``today`` (when given: the day asked), where the person would drop out of the
    due list while still counted as supervised; then a day before the registration day,
    which would say something it does not do (nothing is owed before registration
    anyway). The registration day itself is taken: obligations count from it, as they
    would without a history start.

    Raises InvalidInput: ``error.date.future``, then
    ``error.history_from.before_registration`` (``day``, ``registered``)."""
    if history_from is None:
        return
    if today is not None and history_from > today:
        raise InvalidInput("error.date.future")
    if history_from < registered:
        raise InvalidInput(
            "error.history_from.before_registration",
            day=history_from.isoformat(),
            registered=registered.isoformat(),
        )


def supervision_of(
    person: Mapping[str, Any], history: Sequence[StatusEntry], as_of: dt.date
) -> Supervision:
    """The supervision of a person of the register (a row with ``registered_on`` and
    ``history_from`` as stored) seen from ``as_of``: how the due list, ``why``, the
    alerts and the reports all build it, so they count obligations from the same day."""
    return Supervision(
        history, as_of, stored_date(person["registered_on"]), stored_date(person["history_from"])
    )


def _marked(spans: tuple[Span, ...], first: dt.date | None, mark: str) -> tuple[Span, ...]:
    """The spans with every day before ``first`` marked ``mark`` (owing nothing) in place
    of its status; days marked already keep their mark."""
    if first is None or not spans or first <= spans[0].start:
        return spans
    return tuple(_marked_spans(spans, first, mark))


def _marked_spans(spans: Sequence[Span], first: dt.date, mark: str) -> Iterator[Span]:
    for span in spans:
        if span.status in (UNREGISTERED, BEFORE_HISTORY):
            yield span
        elif span.end is not None and span.end < first:
            yield Span(mark, span.start, span.end)
        elif span.start < first:
            yield Span(mark, span.start, first - ONE_DAY)
            yield Span(span.status, first, span.end, span.doc_no, span.entry_id)
        else:
            yield span


def _spans(history: Sequence[StatusEntry], as_of: dt.date) -> Iterator[Span]:
    """The day-by-day meaning of ``status_on``, compressed into spans up to ``as_of``;
    the span in force on ``as_of`` is left open."""
    if not history:
        return
    if all(entry.until is None for entry in history):
        # The usual history, with no end days: each entry runs until the next begins.
        yield from _consecutive_spans(history, as_of)
    else:
        yield from _spans_by_boundaries(history, as_of)


def _spans_by_boundaries(history: Sequence[StatusEntry], as_of: dt.date) -> Iterator[Span]:
    """Spans for any history: the status in force at each day where it may change."""
    boundaries = {entry.since for entry in history}
    boundaries |= {entry.until + ONE_DAY for entry in history if entry.until is not None}
    ordered = sorted(day for day in boundaries if day <= as_of)
    current: tuple[StatusEntry, dt.date] | None = None
    for day in ordered:
        entry = status_on(history, day)
        if current is not None and entry is current[0]:
            continue
        if current is not None:
            yield _span(current[0], current[1], day - ONE_DAY)
        current = (entry, day) if entry is not None else None
    if current is not None:
        yield _span(current[0], current[1], None)


def _consecutive_spans(history: Sequence[StatusEntry], as_of: dt.date) -> Iterator[Span]:
    if len(history) == 1:
        if history[0].since <= as_of:
            yield _span(history[0], history[0].since, None)
        return
    ordered = sorted(history, key=lambda entry: (entry.since, entry.entry_id))
    # Of entries beginning the same day the last recorded wins (as in status_on).
    starts = [
        entry
        for index, entry in enumerate(ordered)
        if entry.since <= as_of
        and (index + 1 == len(ordered) or ordered[index + 1].since != entry.since)
    ]
    for index, entry in enumerate(starts):
        if index + 1 < len(starts):
            yield _span(entry, entry.since, starts[index + 1].since - ONE_DAY)
        else:
            yield _span(entry, entry.since, None)


def _span(entry: StatusEntry, start: dt.date, end: dt.date | None) -> Span:
    return Span(entry.status, start, end, entry.doc_no, entry.entry_id)


def _terms(spans: Sequence[Span]) -> Iterator[Term]:
    """Terms per docs/model.md: the first day of a community_treatment or community_rehab
    status starts one; coming back to the same status after a pause or lost contact
    continues it, and so does coming back from a move to another township without a new
    decision (a transfer back, docs/domain.md "Transfers"); a change between the two, a
    new decision document, or anything else in between (a closed status, isolation)
    starts a new one."""
    open_term: tuple[str, dt.date, str | None] | None = None
    # The day a move out began: the term ends there unless it comes back.
    moved: dt.date | None = None
    for span in spans:
        if span.status in TERM_STATUSES:
            continues = (
                open_term is not None
                and open_term[0] == span.status
                and (span.doc_no is None or span.doc_no == open_term[2])
            )
            if not continues:
                if open_term is not None:
                    yield Term(open_term[0], open_term[1], (moved or span.start) - ONE_DAY)
                open_term = (span.status, span.start, span.doc_no)
            moved = None
        elif span.status == "moved_out" and open_term is not None:
            moved = moved or span.start
        elif span.status not in TERM_CONTINUING and open_term is not None:
            yield Term(open_term[0], open_term[1], (moved or span.start) - ONE_DAY)
            open_term, moved = None, None
    if open_term is not None:
        yield Term(open_term[0], open_term[1], moved - ONE_DAY if moved else None)


# --- windows ------------------------------------------------------------------------


def window_of(rule: Rule, supervision: Supervision, day: dt.date) -> tuple[dt.date, dt.date]:
    """The window of a calendar or tiered rule that holds ``day``.

    For a tiered rule outside any term the window is the single day (it then holds no
    obligation, since tiered obligations exist only within a term).
    """
    if rule.schedule == "calendar":
        assert rule.period is not None
        return calendar_window(rule.period, day)
    if rule.schedule == "tiered":
        term = supervision.term_on(day)
        if term is None or term.status not in rule.tiers:
            return day, day
        return tiered_window(rule.tiers[term.status], term, day)
    raise ValueError(f"{rule.schedule} rules have no fixed windows")


@lru_cache(maxsize=65536)
def tiered_window(steps: tuple[int, ...], term: Term, day: dt.date) -> tuple[dt.date, dt.date]:
    """The window of N months (N by year of the term) counted from the term's start that
    holds ``day``; the last window of a term ends where the next term begins.

    Cached: the persons of a township share few term starts, and the due list asks the
    same windows for many of them."""
    # Whole months from the term's start to the month before ``day``'s: every window
    # that ends by then can be stepped over with integers alone, no dates.
    safe = (day.year - term.start.year) * 12 + day.month - term.start.month - 1
    last_tier = len(steps) - 1
    months = 0
    while True:
        tier = min(months // 12, last_tier)
        step = steps[tier]
        if months + step > safe:
            break
        # As many steps as end by ``safe`` and (but in the last tier) start in this year.
        count = (safe - months) // step
        if tier < last_tier:
            count = min(count, -(-(12 * (tier + 1) - months) // step))
        months += count * step
    while True:
        year = min(months // 12, len(steps) - 1)
        following = months + steps[year]
        start, end = add_months(term.start, months), add_months(term.start, following) - ONE_DAY
        if term.end is not None:
            end = min(end, term.end)
        if day <= end:
            return start, end
        months = following


def previous_window(
    rule: Rule, supervision: Supervision, window: tuple[dt.date, dt.date]
) -> tuple[dt.date, dt.date] | None:
    """The window before ``window``, or None when no obligation can lie earlier."""
    day = window[0] - ONE_DAY
    if not supervision.spans or day < supervision.spans[0].start:
        return None
    if rule.schedule == "tiered" and _tiered_term(rule, supervision, day) is None:
        # Outside a term the rule has tiers for there are no windows: jump to the end of
        # the last such term.
        earlier = [
            t
            for t in supervision.terms
            if t.end is not None and t.end < day and t.status in rule.tiers
        ]
        if not earlier:
            return None
        day = earlier[-1].end or day
    return window_of(rule, supervision, day)


def windows_between(
    rule: Rule, supervision: Supervision, start: dt.date, end: dt.date
) -> Iterator[tuple[dt.date, dt.date]]:
    """Every window of a calendar or tiered rule that overlaps ``start``..``end``."""
    day = start
    while day <= end:
        window = window_of(rule, supervision, day)
        yield window
        day = window[1] + ONE_DAY


# --- obligations --------------------------------------------------------------------


class Obligation(NamedTuple):
    """(person, rule, window) as of a day: kept, open or missed (a named tuple: a
    county's quarterly report holds millions of them)."""

    rule: str
    window_start: dt.date
    window_end: dt.date
    state: str  # kept | open | missed
    kept_by: Contact | None = None
    late: bool = False
    active_days: int = 0

    @property
    def deadline(self) -> dt.date:
        return self.window_end


def obligation_in(
    rule: Rule,
    supervision: Supervision,
    window: tuple[dt.date, dt.date],
    contacts: Sequence[Contact],
    as_of: dt.date,
) -> Obligation | None:
    """The obligation of ``window``, or None when no day of it is under active
    supervision, when it was missed but began before the history start
    (``Supervision.judged``), or, for a tiered rule, when it lies outside a term."""
    start, end = window
    if rule.schedule == "tiered" and supervision.term_on(start) is None:
        return None
    active = supervision.active_days(start, end)
    if active == 0:
        return None
    keeper = next(
        (c for c in contacts if start <= c.day <= end and c.day <= as_of and rule.kept_by(c)),
        None,
    )
    if keeper is not None:
        late = keeper.entered_on is not None and keeper.entered_on > end
        return Obligation(rule.key, start, end, "kept", keeper, late, active)
    if as_of <= end:
        return Obligation(rule.key, start, end, "open", None, False, active)
    if not supervision.judged(start):
        return None
    return Obligation(rule.key, start, end, "missed", None, False, active)


def obligations_between(
    rule: Rule,
    supervision: Supervision,
    contacts: Sequence[Contact],
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
) -> list[Obligation]:
    """The obligations of a calendar or tiered rule whose deadline falls in
    ``start``..``end`` (the period that holds a deadline owns the obligation).

    What ``obligation_in`` says of each window, with the keeping contacts sorted once
    and found by bisection, so a long history costs no more per window than a short one."""
    keeping = sorted(
        (c for c in contacts if c.day <= as_of and rule.kept_by(c)),
        key=lambda c: (c.day, c.contact_id),
    )
    days = [c.day for c in keeping]
    found = []
    for window in windows_between(rule, supervision, start, end):
        first, last = window
        if not (start <= last <= end):
            continue
        if rule.schedule == "tiered" and supervision.term_on(first) is None:
            continue
        active = supervision.active_days(first, last)
        if active == 0:
            continue
        index = bisect_left(days, first)
        if index < len(days) and days[index] <= last:
            keeper = keeping[index]
            late = keeper.entered_on is not None and keeper.entered_on > last
            found.append(Obligation(rule.key, first, last, "kept", keeper, late, active))
        elif as_of <= last:
            found.append(Obligation(rule.key, first, last, "open", None, False, active))
        elif supervision.judged(first):
            found.append(Obligation(rule.key, first, last, "missed", None, False, active))
    return found


def rolling_obligations_between(
    rule: Rule,
    supervision: Supervision,
    contacts: Sequence[Contact],
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
) -> list[Obligation]:
    """The obligations of a rolling rule whose deadline falls in ``start``..``end``.

    From the first active day in the ledger, each obligation runs from the last
    satisfying contact (or the start of supervision) to its deadline, N active days on;
    a contact by the deadline keeps it and starts the next one. One not kept by its
    deadline is missed, and the next one starts with the contact that ends it (docs/model.md:
    overdue until a satisfying contact). ``contacts`` must reach back to the start of
    supervision for the answer to be exact."""
    assert rule.every_days is not None
    keeping = sorted(
        (c for c in contacts if c.day <= as_of and rule.kept_by(c)), key=lambda c: c.day
    )
    first_active = next((span.start for span in supervision.spans if span.active), None)
    if first_active is None:
        return []
    found: list[Obligation] = []
    opened = first_active
    index = 0
    while True:
        deadline = rolling_deadline(supervision, opened, rule.every_days)
        if deadline > end:
            break
        while index < len(keeping) and keeping[index].day <= opened:
            index += 1
        keeper = keeping[index] if index < len(keeping) else None
        if keeper is not None and keeper.day <= deadline:
            state, kept_by = "kept", keeper
        else:
            state, kept_by = ("open" if as_of <= deadline else "missed"), None
        if deadline >= start and (state == "kept" or supervision.active_on(deadline)):
            late = (
                kept_by is not None
                and kept_by.entered_on is not None
                and kept_by.entered_on > deadline
            )
            found.append(Obligation(rule.key, opened, deadline, state, kept_by, late))
        if keeper is None or (state != "kept" and keeper.day > as_of):
            break
        opened = keeper.day
    return found


# --- the due list -------------------------------------------------------------------


class DueItem(NamedTuple):
    """One line of the due list: a person's current obligation under one rule.

    A named tuple rather than a dataclass: the due list of a county makes hundreds of
    thousands of them."""

    rule: str
    schedule: str
    status: str  # done | due | overdue
    window_start: dt.date
    window_end: dt.date
    days_left: int
    last_kept: dt.date | None
    missed_streak: int
    kept_by: Contact | None = None
    late: bool = False


class IncompleteHistory(Exception):
    """The contacts given do not reach back far enough to count the missed streak."""


def due_item(
    rule: Rule,
    supervision: Supervision,
    contacts: Sequence[Contact],
    as_of: dt.date,
    *,
    complete_from: dt.date | None = None,
) -> DueItem | None:
    """The due-list item of ``rule`` on ``as_of``, or None when the person is not under
    active supervision that day (or, for a tiered rule, outside any term); with the
    contact that kept the current window, if one did.

    ``contacts`` must hold every contact that keeps ``rule`` on or after
    ``complete_from`` (None: all of them); when the missed streak would need older ones,
    ``IncompleteHistory`` is raised and the caller asks again with all of them.
    """
    keeping = sorted(
        (c for c in contacts if c.day <= as_of and rule.kept_by(c)), key=lambda c: c.day
    )
    item = due_from_days(
        rule, supervision, [c.day for c in keeping], as_of, complete_from=complete_from
    )
    if item is None or item.status != "done" or rule.schedule == "rolling":
        return item
    keeper = next(c for c in keeping if item.window_start <= c.day <= item.window_end)
    late = keeper.entered_on is not None and keeper.entered_on > item.window_end
    return item._replace(kept_by=keeper, late=late)


def due_from_days(
    rule: Rule,
    supervision: Supervision,
    keeping_days: Sequence[dt.date],
    as_of: dt.date,
    *,
    complete_from: dt.date | None = None,
    quick: bool = True,
    window: tuple[dt.date, dt.date] | None = None,
) -> DueItem | None:
    """``due_item`` from the days of the contacts that keep ``rule`` (ascending): all
    the due list needs, so the store can hand over a day per person instead of rows.
    ``window`` is ``window_of(rule, supervision, as_of)`` if the caller has it already.
    ``quick=False`` skips the shortcuts (tests compare both)."""
    # Under active supervision without a break since before the current window (the
    # usual case): the window holds an obligation, and the checks below can be skipped.
    since = supervision.active_since if quick else None
    if since is None and not supervision.active_on(as_of):
        return None
    if keeping_days and keeping_days[-1] > as_of:
        days: Sequence[dt.date] = [day for day in keeping_days if day <= as_of]
    else:
        days = keeping_days
    last_kept = days[-1] if days else None
    if rule.schedule == "rolling":
        return _rolling_item(rule, supervision, last_kept, as_of)
    if window is None:
        window = window_of(rule, supervision, as_of)
    continuous = since is not None and rule.schedule == "calendar" and since <= window[0]
    if not continuous and _active_days_of(rule, supervision, window) == 0:
        return None
    status = "done" if _kept_in(days, window) else "due"
    streak = None
    if quick and rule.schedule == "calendar":
        streak = _calendar_streak(rule, supervision, days, window)
    elif since is not None:
        streak = _continuous_tiered_streak(rule, supervision, since, days, window)
    if streak is None:
        streak = missed_streak(rule, supervision, days, window, as_of, complete_from)
    return DueItem(
        rule.key,
        rule.schedule,
        status,
        window[0],
        window[1],
        (window[1] - as_of).days,
        last_kept,
        streak,
    )


def _calendar_streak(
    rule: Rule, supervision: Supervision, days: Sequence[dt.date], window: tuple[dt.date, dt.date]
) -> int | None:
    """The missed streak of a calendar rule counted span by span rather than window by
    window: the windows that overlap active supervision between the last kept window and
    ``window``, each once. None when the last keeping day before ``window`` lies in a
    window with no obligation (the general walk then answers)."""
    assert rule.period is not None
    period = rule.period
    index = bisect_left(days, window[0])
    low = None
    if index > 0:
        kept = calendar_window(period, days[index - 1])
        since = supervision.active_since
        if since is not None and since <= kept[0]:
            # Continuous active supervision from there on: every window between counts.
            return _windows_between(period, kept[0], window[0])
        if supervision.active_days(*kept) == 0:
            return None
        low = kept[1] + ONE_DAY
    high = window[0] - ONE_DAY
    # Windows begun before the history start hold no obligation: count from the first
    # that begins on or after it.
    floor = supervision.first_judged(period)
    if floor is not None:
        low = floor if low is None else max(low, floor)
    count, counted = 0, None
    for span in supervision.spans:
        if not span.active:
            continue
        first_day = span.start if low is None else max(span.start, low)
        last_day = high if span.end is None else min(span.end, high)
        if first_day > last_day:
            continue
        first, last = calendar_window(period, first_day), calendar_window(period, last_day)
        count += 1 if first == last else _windows_between(period, first[0], last[0]) + 2
        if first == counted:
            count -= 1  # shared with the span before
        counted = last
    return count


def _continuous_tiered_streak(
    rule: Rule,
    supervision: Supervision,
    active_since: dt.date,
    days: Sequence[dt.date],
    window: tuple[dt.date, dt.date],
) -> int | None:
    """``_continuous_streak`` for a tiered rule: the windows of the current term between
    the last kept one and ``window``, when all of them lie in continuous active
    supervision. None when that does not hold."""
    index = bisect_left(days, window[0])
    if index == 0:
        return None
    term = _tiered_term(rule, supervision, window[0])
    if term is None or days[index - 1] < term.start:
        return None
    steps = rule.tiers[term.status]
    kept = tiered_window(steps, term, days[index - 1])
    if kept[0] < active_since:
        return None
    count, day = 0, kept[1] + ONE_DAY
    while day < window[0]:
        count += 1
        day = tiered_window(steps, term, day)[1] + ONE_DAY
    return count


def _windows_between(period: str, first: dt.date, last: dt.date) -> int:
    """How many windows of ``period`` lie strictly between the ones starting on
    ``first`` and ``last`` (``first`` < ``last``)."""
    if period == "week":
        return (last - first).days // 7 - 1
    months = (last.year - first.year) * 12 + last.month - first.month
    if period == "month":
        return months - 1
    if period == "quarter":
        return months // 3 - 1
    if period == "half_month":
        return 2 * months + (last.day > 1) - (first.day > 1) - 1
    raise ValueError(f"unknown calendar period: {period}")


def _kept_in(days: Sequence[dt.date], window: tuple[dt.date, dt.date]) -> bool:
    index = bisect_left(days, window[0])
    return index < len(days) and days[index] <= window[1]


def _active_days_of(rule: Rule, supervision: Supervision, window: tuple[dt.date, dt.date]) -> int:
    """Active days of ``window``: 0 means it holds no obligation (none active, or
    outside a term of a tiered rule)."""
    if rule.schedule == "tiered" and _tiered_term(rule, supervision, window[0]) is None:
        return 0
    return supervision.active_days(*window)


def _tiered_term(rule: Rule, supervision: Supervision, day: dt.date) -> Term | None:
    """The term holding ``day`` if the rule has tiers for its status."""
    term = supervision.term_on(day)
    return term if term is not None and term.status in rule.tiers else None


def missed_streak(
    rule: Rule,
    supervision: Supervision,
    keeping_days: Sequence[dt.date],
    window: tuple[dt.date, dt.date],
    as_of: dt.date,
    complete_from: dt.date | None = None,
) -> int:
    """Missed obligations of ``rule`` immediately before ``window``, none kept between;
    windows with no obligation (no active day) are passed over, and the streak ends at
    the history start (no window begun before it is judged). ``keeping_days`` are the
    days (ascending, none after ``as_of``) of the contacts that keep the rule."""
    streak = 0
    while True:
        earlier = previous_window(rule, supervision, window)
        if earlier is None:
            return streak
        window = earlier
        if not supervision.judged(window[0]):
            return streak  # this window and every earlier one begin before the history start
        if _active_days_of(rule, supervision, window) == 0:
            continue
        if _kept_in(keeping_days, window):
            return streak
        if complete_from is not None and window[0] < complete_from:
            # A contact older than those given might have kept this window.
            raise IncompleteHistory
        streak += 1


def _rolling_item(
    rule: Rule, supervision: Supervision, last_kept: dt.date | None, as_of: dt.date
) -> DueItem:
    assert rule.every_days is not None
    # A contact from before this stretch of supervision (an earlier term) does not
    # count: the clock starts again when supervision does.
    began = _supervision_began(supervision, as_of)
    start = max(last_kept, began) if last_kept is not None else began
    deadline = rolling_deadline(supervision, start, rule.every_days)
    days_left = (deadline - as_of).days
    return DueItem(
        rule.key,
        rule.schedule,
        "due" if days_left >= 0 else "overdue",
        start,
        deadline,
        days_left,
        last_kept,
        0,
    )


def _supervision_began(supervision: Supervision, as_of: dt.date) -> dt.date:
    """The first active day of the stretch of supervision that holds ``as_of``: pauses
    inside the stretch do not end it; any other status does."""
    began = as_of
    for span in reversed([s for s in supervision.spans if s.start <= as_of]):
        if span.active:
            began = span.start
        elif span.status not in PAUSED_STATUSES:
            break
    return began


def rolling_deadline(supervision: Supervision, start: dt.date, every_days: int) -> dt.date:
    """The day N days of active supervision after ``start``: every paused day in between
    pushes the deadline back by one (docs/model.md)."""
    needed = every_days
    for span in supervision.spans:
        if not span.active or (span.end is not None and span.end <= start):
            continue
        first = max(span.start, start + ONE_DAY)
        if span.end is None or (span.end - first).days + 1 >= needed:
            return first + dt.timedelta(days=needed - 1)
        needed -= (span.end - first).days + 1
    # Supervision does not go on (a closed status): count the remaining days as they come.
    last = max([start, *(span.end for span in supervision.spans if span.end is not None)])
    return last + dt.timedelta(days=needed)


URGENCY = {"overdue": 0, "due": 1, "done": 2}


def urgency_key(item: DueItem) -> tuple[int, int, int]:
    """Most urgent first: overdue, then the longest missed streak, then fewest days left."""
    return (URGENCY[item.status], -item.missed_streak, item.days_left)
