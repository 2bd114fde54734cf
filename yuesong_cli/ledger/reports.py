"""The figures reported upward (docs/domain.md "Figures reported upward"), from the one
obligation model: every kept and due count here is the count of obligations the due list
and ``why`` show, by the period that holds their deadline (docs/model.md). An obligation
counts once its deadline has passed or it has been kept (``counted``): one still open on
its deadline day is shown as open and left out of every rate.

``period_facts`` works out, for everyone registered, the obligations of a span of days
and what the rates need; ``figures`` turns a group of persons into figures with their
numerators and denominators, beside the same period a year before.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from yuesong_cli.domain.areas import natural_key
from yuesong_cli.domain.dates import is_minor, stored_date
from yuesong_cli.domain.fields import missing_fields
from yuesong_cli.domain.obligations import (
    Contact,
    Rule,
    Supervision,
    obligations_between,
    rolling_obligations_between,
    supervision_of,
)
from yuesong_cli.domain.people import EVERYONE, People
from yuesong_cli.domain.periods import Period, weeks_back
from yuesong_cli.domain.statuses import StatusEntry, status_on
from yuesong_cli.domain.teams import credited_helpers
from yuesong_cli.ledger.duelist import rule_names
from yuesong_cli.store.db import Store
from yuesong_cli.store.derived import LoggedPerson
from yuesong_cli.store.inputs import PeriodInputs
from yuesong_cli.store.plans import rule_from_row

# The default plan's windows are at most six months long (a quarter, or a tier's step of
# six months): contacts from this far before a span decide every obligation whose
# deadline lies in it. A plan with longer tiered steps reaches further (_contacts_since).
LONGEST_WINDOW = dt.timedelta(days=190)
WEEKS_CHARTED = 13  # a quarter of weekly compliance

# The rate of each rule of the default plan has a name of its own (docs/domain.md).
RULE_RATE_NAMES = {
    "meet": ("见面率", "meeting rate"),
    "talk": ("谈话率", "talk rate"),
    "visit": ("走访率", "home-visit rate"),
    "report": ("汇报率", "report rate"),
    "urine": ("尿检率", "urine-test rate"),
}
FIGURE_NAMES = {
    "control_rate": ("管控率", "control rate"),
    "relapse_rate": ("复吸率", "relapse rate"),
    "new_rate": ("新增率", "new-user rate"),
    "entry_rate": ("录入率", "entry rate"),
    "minors": ("未成年人在管", "minors under supervision"),
    "education_coverage": ("毒品预防教育覆盖率", "prevention-education coverage"),
    "trained": ("参加技能培训", "given training"),
    "employed": ("帮扶就业", "helped into work"),
}


class Owed(NamedTuple):
    """What a report keeps of an obligation (not the contact that kept it: a county's
    quarter holds millions of obligations)."""

    rule: str
    window_start: dt.date
    deadline: dt.date
    state: str
    late: bool


@dataclass
class PersonPeriod:
    """One person in a span of days: what the figures need, folded as the person is read
    (a county's quarter would not fit in memory as obligations)."""

    person: dict[str, Any]  # PERSON_KEYS
    tallies: dict[Period, dict[str, Tally] | Packed]  # per period asked, per rule
    supervised: dict[Period, bool]  # under active supervision on a day of the period
    weeks: dict[dt.date, tuple[int, int]]  # ISO week (its Monday) -> (due, kept)
    obligations: list[Owed]  # only when asked to keep them (one person's file)
    positive_days: list[dt.date] = field(default_factory=list)
    complete_file: bool = True
    status_at_end: str | None = None
    helpers: list[int] = field(default_factory=list)

    @functools.cached_property
    def registered(self) -> dt.date:
        return dt.date.fromisoformat(self.person["registered_on"])

    def counted(self, period: Period) -> tuple[int, ...]:
        """What the person adds to a group's counts of ``period`` (``person_adds``):
        worked out once a period, read by every group the person is in."""
        cache = self.__dict__.setdefault("_counted", {})
        found = cache.get(period)
        if found is None:
            tallies = self.tallies[period]
            if isinstance(tallies, Packed):
                obliged, controlled = packed_obliged(tallies.numbers)
            else:
                obliged = any(t[0] for t in tallies.values())
                controlled = obliged and all(t[2] == 0 for t in tallies.values())
            found = cache[period] = person_adds(
                period,
                self.supervised[period],
                self.positive_days,
                obliged,
                controlled,
                self.registered,
                self.complete_file,
                stored_date(self.person["birth_date"]),
            )
        return found

    def statuses(self, period: Period) -> dict[str, int]:
        """The status in force at the end, if registered by the end of ``period``."""
        if self.registered > period.end:
            return {}
        return {self.status_at_end or "none": 1}

    def tally(self, period: Period) -> dict[str, Tally]:
        """Per rule, the obligations whose deadline lies in ``period``: due (counted),
        kept, missed, open (not counted yet), late."""
        return dict(self.tallies[period].items())


# What a report keeps of each person's row.
PERSON_KEYS = ("id", "case_no", "village", "grid", "zone", "registered_on", "birth_date")

# What each person adds to a group's counts of a period, in this order (booleans as 0/1):
# supervised, relapsed (a positive test, supervised), obliged (an obligation counted),
# controlled (obliged, none missed), registered before the period, registered in it,
# registered by its end, a complete file among the last, and a minor (under 18 on a day
# of the period) among the supervised.
COUNTED = (
    "supervised",
    "relapsed",
    "obliged",
    "controlled",
    "registered_before",
    "new",
    "registered_by_end",
    "complete",
    "minor",
)


def person_adds(
    period: Period,
    supervised: bool,
    positive_days: Iterable[dt.date],
    obliged: bool,
    controlled: bool,
    registered: dt.date,
    complete: bool,
    born: dt.date | None,
) -> tuple[int, ...]:
    """What one person adds to a group's counts of ``period``, in the order of
    ``COUNTED``: the one definition a person's facts and a village's sums both use."""
    by_end = registered <= period.end
    return (
        supervised,
        supervised and any(period.start <= day <= period.end for day in positive_days),
        obliged,
        controlled,
        registered < period.start,
        period.start <= registered <= period.end,
        by_end,
        by_end and complete,
        supervised and born is not None and is_minor(born, period.start),
    )


def packed_obliged(numbers: Sequence[int]) -> tuple[bool, bool]:
    """Whether a person's packed tallies (five numbers a rule) hold an obligation counted
    (obliged), and none missed with one (controlled)."""
    obliged = any(numbers[0::5])
    return obliged, obliged and not any(numbers[2::5])


@dataclass
class GroupPeriod:
    """The persons of one village in a span of days, summed as the kept log is read (a
    county's persons are never held one by one): for each period, what they add to the
    counts (``COUNTED``), their tallies of every rule, and their statuses at its end.
    It stands in the figures where the village's persons would (``counts``,
    ``rule_tallies``, ``by_status``, ``by_group``)."""

    person: dict[str, Any]  # the village, as a person's row names it
    numbers: dict[Period, list[int]]
    tallies: dict[Period, Packed]
    status_counts: dict[Period, Counter[str]]
    helpers: list[int] = field(default_factory=list)
    # As a person's, for the code that reads both: none (the township's weeks are
    # counted whole, ``PeriodFacts.township_weeks``), no obligations kept.
    weeks: dict[dt.date, tuple[int, int]] = field(default_factory=dict)
    obligations: list[Owed] = field(default_factory=list)

    def counted(self, period: Period) -> tuple[int, ...]:
        return tuple(self.numbers[period])

    def statuses(self, period: Period) -> dict[str, int]:
        return dict(self.status_counts[period])


# What the figures of a group are summed from: persons, or (from the kept log) villages.
Member = PersonPeriod | GroupPeriod


class Packed:
    """A person's tallies of every rule of a period as the kept log gives them: five
    numbers a rule (a Tally's), the rules in the order of ``rules``; a rule with nothing
    is all zeros (as good as absent in every sum)."""

    __slots__ = ("rules", "numbers")

    def __init__(self, rules: Sequence[str], numbers: Sequence[int]) -> None:
        self.rules = rules
        self.numbers = numbers

    def items(self) -> Iterator[tuple[str, Tally]]:
        for index, rule in enumerate(self.rules):
            yield rule, Tally(*self.numbers[5 * index : 5 * index + 5])

    def values(self) -> Iterator[Tally]:
        return (tally for _, tally in self.items())


class Tally(NamedTuple):
    """Obligations of one rule: due (counted: deadline passed, or kept), kept, missed,
    still open on the day of the report (not counted), entered late."""

    due: int = 0
    kept: int = 0
    missed: int = 0
    open: int = 0
    late: int = 0


def counted(owed: Owed) -> bool:
    """Whether an obligation counts in a period's figures as of the day its state was
    judged on: once its deadline has passed, or once it has been kept — that is, unless
    it is still open (domain/obligations.py: open means not kept and the deadline not yet
    passed). On its deadline day an obligation still open may yet be kept; counting it as
    due and not kept would lower every rate on every deadline day and raise it again the
    next (docs/domain.md)."""
    return owed.state != "open"


_STATE_INDEX = {"kept": 1, "missed": 2}


def _tally(obligations: Iterable[Owed], period: Period) -> dict[str, Tally]:
    counts: dict[str, list[int]] = {}
    for owed in obligations:
        if period.start <= owed.deadline <= period.end:
            tally = counts.setdefault(owed.rule, [0, 0, 0, 0, 0])
            if not counted(owed):
                tally[3] += 1
                continue
            tally[0] += 1
            tally[_STATE_INDEX[owed.state]] += 1
            tally[4] += owed.late
    return {rule: Tally(*numbers) for rule, numbers in counts.items()}


def _tallies(
    obligations: Sequence[Owed], periods: Sequence[Period]
) -> dict[Period, dict[str, Tally] | Packed]:
    return {period: _tally(obligations, period) for period in periods}


def _weeks(obligations: Iterable[Owed], mondays: set[dt.date]) -> dict[dt.date, tuple[int, int]]:
    found: dict[dt.date, tuple[int, int]] = {}
    for owed in obligations:
        monday = owed.deadline - dt.timedelta(days=owed.deadline.weekday())
        if monday in mondays and counted(owed):
            due, kept = found.get(monday, (0, 0))
            found[monday] = (due + 1, kept + (owed.state == "kept"))
    return found


@dataclass
class PeriodFacts:
    span: Period  # what was worked out: the period, and the weeks charted before it
    as_of: dt.date
    # The persons; or, from the kept log without credited helpers, each village's sums.
    people: dict[int, Member]
    rule_names: dict[str, tuple[str, str]]  # rule key -> names (zh, en)
    helpers: dict[int, dict[str, Any]]
    # The township's weeks (Monday -> counted, kept), when counted for the township
    # rather than per person (the kept log: ``PersonPeriod.weeks`` are then empty).
    township_weeks: dict[dt.date, tuple[int, int]] | None = None
    # Whether each person's credited helpers were worked out (``report helper``).
    credited: bool = True


def period_facts(
    store: Store,
    span: Period,
    as_of: dt.date,
    person_id: int | None = None,
    *,
    periods: Sequence[Period] = (),
    weeks: Sequence[tuple[dt.date, dt.date]] = (),
    keep: bool = False,
    credit: bool = True,
    kept: bool = False,
    group_by: str = "village",
    people: People = EVERYONE,
) -> PeriodFacts:
    """Everyone registered by the span's end (or one person), with the obligations
    whose deadline lies in the span (and has come by ``as_of``), tallied for each of
    ``periods`` (default: the span) and each ISO week of ``weeks``; kept as a list only
    with ``keep``; the helpers each person's team credits only with ``credit``.

    With ``kept``, the township's obligations are counted in SQL from the kept log, which
    the caller has made sure holds ``as_of`` (ledger/standing.py ``log_ready``); else
    worked out here, person by person. Without ``credit`` the kept log gives no person
    but the sums of each ``group_by`` (village, grid or zone), which is all the
    township's and the groups' figures need. ``people``: the persons of a village, zone
    or grid only (their figures as the township's are counted)."""
    periods = tuple(periods) or (span,)
    if kept and person_id is None and not keep:
        return _logged_facts(store, span, as_of, periods, weeks, credit, group_by, people)
    mondays = {start for start, _ in weeks}
    inputs = store.period_inputs(
        _contacts_since(store, span.start),
        span.end,
        person_id,
        person_ids=None if people.everyone else sorted(store.people_ids(people)),
    )
    rules = _plan_rules(inputs)
    last = min(span.end, as_of)
    held: dict[int, PersonPeriod] = {}
    for person, history, contacts, supervision in _each_person(inputs, as_of):
        found = _owed(rules.get(person["plan"], []), supervision, contacts, span.start, last, as_of)
        held[person["id"]] = _person_period(
            person,
            history,
            supervision,
            inputs,
            span.end,
            periods,
            _tallies(found, periods),
            _weeks(found, mondays) if mondays else {},
            found if keep else [],
            [c.day for c in contacts if _positive(c) and span.holds(c.day)],
        )
    members: dict[int, Member] = dict(held)
    return PeriodFacts(span, as_of, members, _rule_names(inputs), inputs.helpers)


def _contacts_since(store: Store, start: dt.date | None) -> dt.date:
    """The first day of the contacts that decide the obligations whose deadline lies on
    or after ``start`` (None: all of them): as far back as the longest window of any
    plan reaches (a tiered step of N months: N months and a day). A rolling rule's
    obligations chain from the start of supervision: then every contact is read."""
    reach = LONGEST_WINDOW
    for plan in store.plan_keys():
        for rule in store.plan_rules(plan):
            if rule.schedule == "rolling":
                return dt.date(1900, 1, 1)
            for steps in rule.tiers.values():
                reach = max(reach, dt.timedelta(days=31 * max(steps) + 1))
    if start is None:
        return dt.date(1900, 1, 1)
    return start - reach


def _plan_rules(inputs: PeriodInputs) -> dict[str, list[Rule]]:
    return {plan: [rule_from_row(row) for row in rows] for plan, rows in inputs.plans.items()}


def _rule_names(inputs: PeriodInputs) -> dict[str, tuple[str, str]]:
    return {
        row["rule"]: (row["name_zh"], row["name_en"])
        for rows in inputs.plans.values()
        for row in rows
    }


def _each_person(
    inputs: PeriodInputs, as_of: dt.date
) -> Iterator[tuple[dict[str, Any], list[StatusEntry], list[Contact], Supervision]]:
    """Each person of ``inputs`` with their history, contacts and supervision, the
    contacts read as they come (in person order), never all at once."""
    pending = next(inputs.contacts, None)
    for person in inputs.persons:  # in id order, as the contacts come
        person_id = person["id"]
        while pending is not None and pending[0] < person_id:
            pending = next(inputs.contacts, None)
        contacts = pending[1] if pending is not None and pending[0] == person_id else []
        history = inputs.histories[person_id]
        yield person, history, contacts, supervision_of(person, history, as_of)


def _owed(
    rules: Sequence[Rule],
    supervision: Supervision,
    contacts: Sequence[Contact],
    start: dt.date,
    last: dt.date,
    as_of: dt.date,
) -> list[Owed]:
    """A person's obligations of ``rules`` whose deadline lies in ``start``..``last``,
    judged as of ``as_of``: the one obligation model's answer."""
    found: list[Owed] = []
    for rule in rules:
        if rule.schedule == "rolling":
            every = rolling_obligations_between(rule, supervision, contacts, start, last, as_of)
        else:
            every = obligations_between(rule, supervision, contacts, start, last, as_of)
        found.extend(Owed(o.rule, o.window_start, o.deadline, o.state, o.late) for o in every)
    return found


def _positive(contact: Contact) -> bool:
    return contact.urine_result == "positive" and "urine" in contact.kinds


def _person_period(
    person: dict[str, Any],
    history: Sequence[StatusEntry],
    supervision: Supervision,
    inputs: PeriodInputs,
    end: dt.date,
    periods: Sequence[Period],
    tallies: dict[Period, dict[str, Tally] | Packed],
    weeks: dict[dt.date, tuple[int, int]],
    obligations: list[Owed],
    positive_days: list[dt.date],
) -> PersonPeriod:
    """One person's facts of the periods, from their obligations' tallies; ``end``: the
    day whose status is the person's at the end."""
    entry = status_on(history, end)
    return PersonPeriod(
        {key: person[key] for key in PERSON_KEYS},
        tallies,
        # Supervised by the statuses recorded, before the history start too.
        {p: supervision.supervised_days(p.start, p.end) > 0 for p in periods},
        weeks,
        obligations,
        positive_days=positive_days,
        complete_file=not missing_fields(person),
        status_at_end=entry.status if entry else None,
        # Who was in the team during the periods asked (a helper replaced since keeps them).
        helpers=credited_helpers(
            inputs.teams.get(person["id"], []),
            min(p.start for p in periods),
            max(p.end for p in periods),
        ),
    )


def logged_obligations(
    store: Store,
    first: dt.date | None,
    day: dt.date,
    person_ids: Sequence[int] | None = None,
) -> Iterator[LoggedPerson]:
    """Each person's obligations whose deadline lies from ``first`` (None: their first
    day) to ``day``, judged as of ``day``, and the days they were under active
    supervision by the statuses recorded: what the kept log holds (ledger/standing.py),
    for everyone registered by ``day`` (or ``person_ids``), person by person."""
    inputs = store.period_inputs(
        _contacts_since(store, first), day, person_ids=person_ids, teams=False
    )
    rules = _plan_rules(inputs)
    for person, history, contacts, supervision in _each_person(inputs, day):
        start = first
        if start is None:
            # The first day anything of the person is recorded: no deadline before it.
            days = [dt.date.fromisoformat(person["registered_on"])]
            days += [entry.since for entry in history]
            start = min(days)
        plan_rules = rules.get(person["plan"], [])
        supervised = [(span.start, span.end) for span in supervision.recorded if span.active]
        yield person["id"], _owed(plan_rules, supervision, contacts, start, day, day), supervised


def _logged_facts(
    store: Store,
    span: Period,
    as_of: dt.date,
    periods: Sequence[Period],
    weeks: Sequence[tuple[dt.date, dt.date]],
    credit: bool,
    group_by: str,
    people: People,
) -> PeriodFacts:
    """``period_facts`` of everyone (of ``people``) from the kept log: the obligations
    counted in SQL per person, one row of every rule's numbers for each period, the
    weeks' for the township; who was supervised in each period, whether the file is
    complete, the status at the end and the positive tests in SQL too. Nothing is worked
    out person by person but (with ``credit``) which helpers a period credits."""
    last = min(span.end, as_of)
    names = rule_names(store)
    rules = tuple(names)
    counted = {
        period: store.log_packed(period.start, min(period.end, last), rules) for period in periods
    }
    nothing = Packed(rules, (0,) * (5 * len(rules)))
    township_weeks = (
        store.log_week_totals(weeks[0][0], min(weeks[-1][1], last), people) if weeks else {}
    )
    positives = store.positive_test_days(span.start, span.end)
    teams = store.memberships() if credit else {}
    first, final = min(p.start for p in periods), max(p.end for p in periods)
    members: dict[int, Member] = {}
    spans = [(p.start, p.end) for p in periods]
    if not credit:
        # The township's and each village's (grid's, zone's) figures need only the
        # group's sums: the persons are read once, summed into their group, and not kept.
        groups = _group_sums(
            store, span, periods, spans, counted, positives, rules, group_by, people
        )
        return PeriodFacts(
            span,
            as_of,
            {-index: group for index, group in enumerate(groups, start=1)},
            names,
            {},
            township_weeks=township_weeks,
            credited=False,
        )
    for found_person in store.report_people(span.end, spans, people):
        person_id = found_person.id
        members[person_id] = PersonPeriod(
            {key: getattr(found_person, key) for key in PERSON_KEYS},
            {
                period: Packed(rules, found[person_id]) if person_id in found else nothing
                for period, found in counted.items()
            },
            dict(zip(periods, found_person.supervised, strict=True)),
            {},
            [],
            positive_days=positives.get(person_id, []),
            complete_file=found_person.complete,
            status_at_end=found_person.status,
            helpers=credited_helpers(teams.get(person_id, []), first, final) if credit else [],
        )
    return PeriodFacts(
        span,
        as_of,
        members,
        names,
        # The helpers' names are shown only in their own report.
        store.helpers_by_id() if credit else {},
        township_weeks=township_weeks,
        credited=credit,
    )


def _group_sums(
    store: Store,
    span: Period,
    periods: Sequence[Period],
    spans: Sequence[tuple[dt.date, dt.date]],
    counted: dict[Period, dict[int, list[int]]],
    positives: dict[int, list[dt.date]],
    rules: Sequence[str],
    group_by: str,
    people: People,
) -> list[GroupPeriod]:
    """Everyone registered by the span's end summed by ``group_by`` (village, grid or
    zone), person by person as the register is read: what each adds to the counts of
    each period (``PersonPeriod.counted`` says the same of one person), their tallies
    and their statuses at its end."""
    width = 5 * len(rules)
    groups: dict[str | None, GroupPeriod] = {}
    for person in store.report_people(span.end, spans, people):
        key = getattr(person, group_by)
        group = groups.get(key)
        if group is None:
            group = groups[key] = GroupPeriod(
                {group_by: key},
                {period: [0] * len(COUNTED) for period in periods},
                {period: Packed(rules, [0] * width) for period in periods},
                {period: Counter() for period in periods},
            )
        registered = dt.date.fromisoformat(person.registered_on)
        days = positives.get(person.id, ())
        for period, held in zip(periods, person.supervised, strict=True):
            numbers = counted[period].get(person.id)
            obliged, controlled = packed_obliged(numbers) if numbers else (False, False)
            adds = person_adds(
                period,
                held,
                days,
                obliged,
                controlled,
                registered,
                person.complete,
                stored_date(person.birth_date),
            )
            sums = group.numbers[period]
            for index, number in enumerate(adds):
                sums[index] += number
            if registered <= period.end:
                group.status_counts[period][person.status or "none"] += 1
            if numbers:
                packed = group.tallies[period].numbers
                for index, number in enumerate(numbers):
                    packed[index] += number  # type: ignore[index]
    return list(groups.values())


# --- figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class Figure:
    """A rate with its numerator and denominator, beside the same period a year before:
    change in percent of the earlier rate, and in percentage points."""

    key: str
    name_zh: str
    name_en: str
    current: Count
    previous: Count | None

    @property
    def change_pct(self) -> float | None:
        now, before = self.current.value, self.previous.value if self.previous else None
        if now is None or before is None or before == 0:
            return None
        return (now - before) / before * 100

    @property
    def change_points(self) -> float | None:
        now, before = self.current.value, self.previous.value if self.previous else None
        if now is None or before is None:
            return None
        return (now - before) * 100

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "value": _round(self.current.value),
            "numerator": self.current.numerator,
            "denominator": self.current.denominator,
            "previous": _round(self.previous.value) if self.previous else None,
            "previous_numerator": self.previous.numerator if self.previous else None,
            "previous_denominator": self.previous.denominator if self.previous else None,
            "change_pct": _round(self.change_pct, 2),
            "change_points": _round(self.change_points, 2),
        }


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class RuleTally:
    """Obligations of one rule whose deadline lies in the period: due (counted: the
    deadline passed, or kept), kept, missed, and those still open on the day of the
    report, which are not counted (``counted``)."""

    rule: str
    due: int
    kept: int
    missed: int
    open: int
    late: int


def rule_tallies(
    facts: PeriodFacts, period: Period, people: Iterable[Member]
) -> list[RuleTally]:
    sums: dict[str, list[int]] = {rule: [0, 0, 0, 0, 0] for rule in facts.rule_names}
    packed = []
    for person in people:
        tallies = person.tallies[period]
        if isinstance(tallies, Packed):
            packed.append(tallies)
            continue
        for rule, (due, kept, missed, still_open, late) in tallies.items():
            found = sums.get(rule)
            if found is None:
                found = sums[rule] = [0, 0, 0, 0, 0]
            found[0] += due
            found[1] += kept
            found[2] += missed
            found[3] += still_open
            found[4] += late
    if packed:
        # The kept log's rows summed column by column.
        columns = [sum(column) for column in zip(*(t.numbers for t in packed), strict=True)]
        for index, rule in enumerate(packed[0].rules):
            found = sums.setdefault(rule, [0, 0, 0, 0, 0])
            for offset in range(5):
                found[offset] += columns[5 * index + offset]
    return [RuleTally(rule, *numbers) for rule, numbers in sums.items()]


def counts(facts: PeriodFacts, period: Period, people: Sequence[Member]) -> dict[str, Count]:
    """The counts behind every figure for a group of persons in ``period``, in one pass:
    supervised, and relapsed among them; obliged (at least one obligation counted), and
    controlled among them (nothing missed: one still open on the day of the report, its
    deadline today, counts neither way); registered before the period, in it, by its
    end, and the complete files among the last."""
    totals = [0] * len(COUNTED)
    for p in people:
        for index, number in enumerate(p.counted(period)):
            totals[index] += number
    (
        supervised,
        relapsed,
        obliged,
        controlled,
        registered_before,
        new,
        registered_by_end,
        complete,
        minors,
    ) = totals
    found = {
        "control_rate": Count(controlled, obliged),
        "relapse_rate": Count(relapsed, supervised),
        "new_rate": Count(new, registered_before),
        "entry_rate": Count(complete, registered_by_end),
        "minors": Count(minors, supervised),
    }
    for tally in rule_tallies(facts, period, people):
        found[f"rule.{tally.rule}"] = Count(tally.kept, tally.due)
    return found


def figures(
    facts: PeriodFacts,
    period: Period,
    people: Sequence[Member],
    before: PeriodFacts | None,
    before_people: Sequence[Member] | None,
) -> list[Figure]:
    """The rule rates, then 管控率, 复吸率, 新增率, 录入率, each beside a year before."""
    now = counts(facts, period, people)
    earlier = counts(before, before.span, before_people or []) if before is not None else {}
    result = []
    for key, count in now.items():
        if key.startswith("rule."):
            rule = key.removeprefix("rule.")
            zh, en = facts.rule_names.get(rule, (rule, rule))
            zh, en = RULE_RATE_NAMES.get(rule, (f"{zh}完成率", f"{en} kept"))
        else:
            zh, en = FIGURE_NAMES[key]
        result.append(Figure(key, zh, en, count, earlier.get(key)))
    rule_first = sorted(result, key=lambda f: (not f.key.startswith("rule."),))
    return rule_first


# --- the summary --------------------------------------------------------------------


@dataclass
class Summary:
    period: Period
    previous: Period
    as_of: dt.date
    figures: list[Figure]
    rules: list[RuleTally]
    by_status: dict[str, int]
    # The figures of each group: each village (or grid, or zone: ``summary(group_by=)``).
    groups: list[dict[str, Any]]
    weekly: list[dict[str, Any]]
    facts: PeriodFacts
    before: PeriodFacts
    group_by: str = "village"

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "previous_period": self.previous.label,
            "as_of": self.as_of.isoformat(),
            "figures": [figure.as_dict() for figure in self.figures],
            "rules": [vars(tally) for tally in self.rules],
            "by_status": self.by_status,
            f"by_{self.group_by}": self.groups,
            "weekly": self.weekly,
        }


def summary(
    store: Store,
    period: Period,
    as_of: dt.date,
    *,
    credit: bool = False,
    kept: bool = False,
    group_by: str = "village",
    people: People = EVERYONE,
) -> Summary:
    """The township's figures for ``period``, with the same period a year before, and by
    village (or by ``group_by``: grid, zone, for ``report grid`` and ``report zone``); with
    ``credit``, each person's credited helpers too (what ``by_helper`` needs); with
    ``kept``, counted from the kept log (``period_facts``)."""
    # Whole weeks only: the chart ends with the last Sunday of the period that has passed.
    # A week whose Sunday is the day asked is still open, and would show only what has
    # been kept so far (counted, below): 100% on every Sunday.
    anchor = min(period.end, as_of - dt.timedelta(days=1))
    weeks = weeks_back(anchor - dt.timedelta(days=(anchor.weekday() + 1) % 7), WEEKS_CHARTED)
    span = Period(period.label, min(period.start, weeks[0][0]), period.end)
    facts = period_facts(
        store,
        span,
        as_of,
        periods=[period],
        weeks=weeks,
        credit=credit,
        kept=kept,
        group_by=group_by,
        people=people,
    )
    previous = period.previous_year()
    before = period_facts(
        store, previous, as_of, credit=credit, kept=kept, group_by=group_by, people=people
    )
    members = list(facts.people.values())
    found = figures(facts, period, members, before, list(before.people.values()))
    return Summary(
        period,
        previous,
        as_of,
        found + outreach_figures(store, period, previous, people, found),
        rule_tallies(facts, period, members),
        by_status(members, period),
        by_group(facts, before, period, group_by),
        weekly(facts, weeks),
        facts,
        before,
        group_by,
    )


# The figures of the township's prevention work and care (``outreach_figures``): the
# township's, and a village's for its report, but in no group's row.
OUTREACH_KEYS = ("education_coverage", "trained", "employed")


def outreach_figures(
    store: Store,
    period: Period,
    previous: Period,
    people: People,
    found: Sequence[Figure],
) -> list[Figure]:
    """The figures of the township's prevention work and care, beside the same period a
    year before (docs/domain.md "Prevention education", "Support"): 毒品预防教育覆盖率, the
    village groups a session reached over all the township's (or the village's, for a
    village's report; a grid's or zone's has none), and the supervised persons given
    training or a job over all supervised (as 复吸率 counts them)."""
    result: list[Figure] = []
    if people.grid is None and people.zone is None and people.helper_id is None:
        groups = {
            group
            for group in store.village_groups()
            if people.village is None or group[0] == people.village
        }

        def coverage(span: Period) -> Count:
            reached = store.reach(span.start, span.end).groups
            return Count(len(reached & groups), len(groups))

        result.append(
            Figure(
                "education_coverage",
                *FIGURE_NAMES["education_coverage"],
                coverage(period),
                coverage(previous),
            )
        )
    supervised = {figure.key: figure for figure in found}["relapse_rate"]
    wanted = None if people.everyone else store.people_ids(people)
    now, then = (
        {
            kind: len(persons if wanted is None else persons & wanted)
            for kind, persons in store.supported(span.start, span.end).items()
        }
        for span in (period, previous)
    )
    before = supervised.previous
    for kind, key in (("training", "trained"), ("job", "employed")):
        result.append(
            Figure(
                key,
                *FIGURE_NAMES[key],
                Count(now.get(kind, 0), supervised.current.denominator),
                Count(then.get(kind, 0), before.denominator) if before else None,
            )
        )
    return result


def by_status(people: Iterable[Member], period: Period) -> dict[str, int]:
    """Persons registered by the period's end, by the status in force on its last day."""
    found: Counter[str] = Counter()
    for p in people:
        found.update(p.statuses(period))
    return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))


def by_group(
    facts: PeriodFacts, before: PeriodFacts | None, period: Period, column: str
) -> list[dict[str, Any]]:
    """The figures per village (or any column of the register), each beside a year
    before where ``before`` is given."""
    groups: dict[str, list[Member]] = {}
    for person in facts.people.values():
        groups.setdefault(person.person[column] or "", []).append(person)
    earlier: dict[str, list[Member]] = {}
    for person in before.people.values() if before is not None else ():
        earlier.setdefault(person.person[column] or "", []).append(person)
    return [
        _group_row(name, facts, period, members, before, earlier.get(name, []))
        # In the order people count them (第二片区 before 第十片区: domain/areas.py).
        for name, members in sorted(groups.items(), key=lambda group: natural_key(group[0]))
    ]


def by_helper(facts: PeriodFacts, before: PeriodFacts, period: Period) -> list[dict[str, Any]]:
    """The figures per helper, over the persons whose team the helper was in during the
    period (domain/teams.py ``credited_helpers``): their workload (obligations due, kept,
    missed)."""
    if not (facts.credited and before.credited):
        raise ValueError("the helpers' figures need the facts worked out with credit")
    groups: dict[int, list[Member]] = {}
    for person in facts.people.values():
        for helper_id in person.helpers:
            groups.setdefault(helper_id, []).append(person)
    earlier: dict[int, list[Member]] = {}
    for person in before.people.values():
        for helper_id in person.helpers:
            earlier.setdefault(helper_id, []).append(person)
    rows = []
    for helper_id, members in sorted(groups.items()):
        helper = facts.helpers.get(helper_id, {})
        row = _group_row(
            helper.get("name", ""), facts, period, members, before, earlier.get(helper_id, [])
        )
        rows.append({"helper_id": helper_id, "role": helper.get("role"), **row})
    return rows


def _group_row(
    name: str,
    facts: PeriodFacts,
    period: Period,
    members: Sequence[Member],
    before: PeriodFacts | None,
    before_members: Sequence[Member],
) -> dict[str, Any]:
    tallies = rule_tallies(facts, period, members)
    return {
        "name": name,
        "persons": sum(p.counted(period)[COUNTED.index("registered_by_end")] for p in members),
        "supervised": sum(p.counted(period)[COUNTED.index("supervised")] for p in members),
        "due": sum(t.due for t in tallies),
        "kept": sum(t.kept for t in tallies),
        "missed": sum(t.missed for t in tallies),
        "figures": [f.as_dict() for f in figures(facts, period, members, before, before_members)],
    }


def weekly(facts: PeriodFacts, weeks: Sequence[tuple[dt.date, dt.date]]) -> list[dict[str, Any]]:
    """Obligations kept and due by the ISO week that holds their deadline."""
    rows = []
    for start, end in weeks:
        if facts.township_weeks is not None:
            due, kept = facts.township_weeks.get(start, (0, 0))
        else:
            due = sum(person.weeks.get(start, (0, 0))[0] for person in facts.people.values())
            kept = sum(person.weeks.get(start, (0, 0))[1] for person in facts.people.values())
        rows.append(
            {
                "week_start": start.isoformat(),
                "week_end": end.isoformat(),
                "due": due,
                "kept": kept,
                "rate": _round(kept / due if due else None),
            }
        )
    return rows


# --- a person's file ----------------------------------------------------------------


@dataclass(frozen=True)
class RuleCalendar:
    """One rule of a person's plan over the period: its windows, oldest deadline first,
    and how many were kept of those counted (``counted``: the deadline passed, or kept)."""

    rule: str
    name_zh: str
    name_en: str
    windows: list[Owed]
    kept: int
    due: int


@dataclass(frozen=True)
class PersonReport:
    """A person's file for a period as it stood on ``as_of``: the register's row, the
    path, per rule a calendar of windows, the team, and the contacts, tests and breaches
    of the period up to that day."""

    person: dict[str, Any]
    period: Period
    as_of: dt.date
    history: list[StatusEntry]
    calendar: list[RuleCalendar]
    team: list[dict[str, Any]]
    contacts: list[dict[str, Any]]  # the most recent of the period, newest first
    tests: list[dict[str, Any]]  # every contact of the period with a result, newest first
    breaches: list[dict[str, Any]]  # those of the period, oldest first


def person_report(
    store: Store, person_id: int, period: Period, as_of: dt.date, recent: int
) -> PersonReport:
    """One person's file for ``period`` as of ``as_of``, with at most ``recent``
    contacts listed (every test of the period is)."""
    facts = period_facts(store, period, as_of, person_id, keep=True)
    found = facts.people.get(person_id)
    calendar = []
    for rule, (zh, en) in facts.rule_names.items():
        windows = sorted(
            (o for o in (found.obligations if found else []) if o.rule == rule),
            key=lambda o: o.deadline,
        )
        if not windows and found is None:
            continue
        counted_windows = [o for o in windows if counted(o)]
        kept = sum(o.state == "kept" for o in counted_windows)
        calendar.append(RuleCalendar(rule, zh, en, windows, kept, len(counted_windows)))
    # Nothing after the day asked: the file as it stood then.
    span = (period.start, min(period.end, as_of))
    in_period = store.contacts(person_id, span=span)
    breaches = store.breach_rows(person_id, span=span)
    return PersonReport(
        person=store.person(person_id),
        period=period,
        as_of=as_of,
        history=store.status_history(person_id),
        calendar=calendar,
        team=store.team(person_id),
        contacts=in_period[: max(recent, 0)],
        tests=[c for c in in_period if c["urine_result"]],
        breaches=breaches,
    )
