"""The obligation model of docs/model.md, pinned with worked dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yuesong_cli.domain.obligations import (
    FIVE_TO_ONE,
    Contact,
    IncompleteHistory,
    Rule,
    Supervision,
    Term,
    add_months,
    calendar_window,
    due_item,
    missed_streak,
    obligations_between,
    rolling_deadline,
    tiered_window,
    urgency_key,
    window_of,
)
from yuesong_cli.domain.statuses import StatusEntry

d = dt.date
RULES = {rule.key: rule for rule in FIVE_TO_ONE}
MEET, TALK, VISIT, REPORT, URINE = (RULES[k] for k in ("meet", "talk", "visit", "report", "urine"))
PHONE_TALK_10 = Rule("phone_talk", "rolling", every_days=10, kinds=frozenset({"talk"}))


def history(*entries: tuple) -> list[StatusEntry]:
    """(status, since[, until[, doc_no]]) tuples as status history entries."""
    result = []
    for number, entry in enumerate(entries, start=1):
        status, since, *rest = entry
        until = rest[0] if rest else None
        doc = rest[1] if len(rest) > 1 else None
        result.append(StatusEntry(number, status, since, until, doc))
    return result


def contact(
    day: dt.date,
    *kinds: str,
    mode: str = "in_person",
    result: str | None = None,
    entered: dt.date | None = None,
    number: int = 1,
) -> Contact:
    return Contact(number, day, frozenset(kinds), mode, result, entered)


TREATED_2025 = history(("community_treatment", d(2025, 1, 6)))


# --- calendar windows -------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "day", "window"),
    [
        # ISO weeks run Monday to Sunday, across a new year.
        ("week", d(2026, 12, 31), (d(2026, 12, 28), d(2027, 1, 3))),
        ("week", d(2027, 1, 3), (d(2026, 12, 28), d(2027, 1, 3))),
        ("week", d(2027, 1, 4), (d(2027, 1, 4), d(2027, 1, 10))),
        # Half-months: 1st-15th, 16th-last, February of common and leap years.
        ("half_month", d(2026, 2, 15), (d(2026, 2, 1), d(2026, 2, 15))),
        ("half_month", d(2026, 2, 16), (d(2026, 2, 16), d(2026, 2, 28))),
        ("half_month", d(2028, 2, 29), (d(2028, 2, 16), d(2028, 2, 29))),
        ("half_month", d(2026, 11, 30), (d(2026, 11, 16), d(2026, 11, 30))),
        ("month", d(2026, 2, 10), (d(2026, 2, 1), d(2026, 2, 28))),
        ("month", d(2024, 2, 10), (d(2024, 2, 1), d(2024, 2, 29))),
        ("quarter", d(2026, 11, 29), (d(2026, 10, 1), d(2026, 12, 31))),
        ("quarter", d(2026, 3, 31), (d(2026, 1, 1), d(2026, 3, 31))),
        ("quarter", d(2026, 4, 1), (d(2026, 4, 1), d(2026, 6, 30))),
    ],
)
def test_calendar_windows(period: str, day: dt.date, window: tuple[dt.date, dt.date]) -> None:
    assert calendar_window(period, day) == window


def test_adding_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(d(2026, 1, 31), 1) == d(2026, 2, 28)
    assert add_months(d(2028, 1, 31), 1) == d(2028, 2, 29)
    assert add_months(d(2026, 1, 31), 2) == d(2026, 3, 31)
    assert add_months(d(2026, 11, 30), 3) == d(2027, 2, 28)


# --- the due list -----------------------------------------------------------------


def test_nothing_kept_makes_every_rule_due_with_days_left() -> None:
    sup = Supervision(TREATED_2025, d(2026, 11, 25))
    item = due_item(MEET, sup, [], d(2026, 11, 25))
    assert item is not None
    assert (item.status, item.window_start, item.window_end, item.days_left) == (
        "due",
        d(2026, 11, 23),
        d(2026, 11, 29),
        4,
    )
    assert item.last_kept is None


def test_phone_talk_is_no_meeting_but_keeps_the_talk() -> None:
    sup = Supervision(TREATED_2025, d(2026, 11, 25))
    talk = [contact(d(2026, 11, 24), "talk", mode="phone")]
    meet = due_item(MEET, sup, talk, d(2026, 11, 25))
    kept_talk = due_item(TALK, sup, talk, d(2026, 11, 25))
    assert meet is not None and meet.status == "due"
    assert kept_talk is not None and kept_talk.status == "done"
    assert kept_talk.last_kept == d(2026, 11, 24)


def test_one_home_visit_with_a_talk_keeps_meet_talk_and_visit() -> None:
    sup = Supervision(TREATED_2025, d(2026, 11, 25))
    visit = [contact(d(2026, 11, 23), "visit", "talk")]
    statuses = {r.key: due_item(r, sup, visit, d(2026, 11, 25)) for r in (MEET, TALK, VISIT)}
    assert {k: v.status for k, v in statuses.items() if v} == {
        "meet": "done",
        "talk": "done",
        "visit": "done",
    }
    report = due_item(REPORT, sup, visit, d(2026, 11, 25))
    assert report is not None and report.status == "due"


def test_a_visit_by_phone_keeps_no_visit() -> None:
    sup = Supervision(TREATED_2025, d(2026, 11, 25))
    item = due_item(VISIT, sup, [contact(d(2026, 11, 3), "visit", mode="phone")], d(2026, 11, 25))
    assert item is not None and item.status == "due"


def test_missed_streak_counts_missed_weeks_back_to_the_last_kept_one() -> None:
    sup = Supervision(TREATED_2025, d(2026, 11, 25))
    # Kept in the week of 26 Oct; weeks of 2, 9, 16 Nov missed; the current week open.
    kept = [contact(d(2026, 10, 28), "meet")]
    item = due_item(MEET, sup, kept, d(2026, 11, 25))
    assert item is not None
    assert item.missed_streak == 3
    assert item.last_kept == d(2026, 10, 28)


def test_a_week_wholly_in_detention_holds_no_obligation_and_is_passed_over() -> None:
    statuses = history(
        ("community_treatment", d(2025, 1, 6)),
        ("detained", d(2026, 11, 9)),
        ("community_treatment", d(2026, 11, 16)),
    )
    sup = Supervision(statuses, d(2026, 11, 25))
    assert (
        obligations_between(MEET, sup, [], d(2026, 11, 9), d(2026, 11, 15), d(2026, 11, 25)) == []
    )
    kept = [contact(d(2026, 10, 28), "meet")]
    item = due_item(MEET, sup, kept, d(2026, 11, 25))
    assert item is not None
    # Weeks of 2 Nov and 16 Nov missed; the week of 9 Nov was all paused.
    assert item.missed_streak == 2


def test_a_week_partly_paused_still_holds_its_obligation() -> None:
    statuses = history(
        ("community_treatment", d(2025, 1, 6)),
        ("on_leave", d(2026, 11, 10), d(2026, 11, 20)),
    )
    sup = Supervision(statuses, d(2026, 11, 25))
    found = obligations_between(MEET, sup, [], d(2026, 11, 9), d(2026, 11, 22), d(2026, 11, 25))
    assert [(o.window_start, o.state, o.active_days) for o in found] == [
        (d(2026, 11, 9), "missed", 1),
        (d(2026, 11, 16), "missed", 2),
    ]


def test_leave_with_an_end_day_resumes_supervision_by_itself() -> None:
    statuses = history(
        ("community_treatment", d(2025, 1, 6)),
        ("on_leave", d(2026, 11, 2), d(2026, 11, 20)),
    )
    assert due_item(MEET, Supervision(statuses, d(2026, 11, 10)), [], d(2026, 11, 10)) is None
    resumed = due_item(MEET, Supervision(statuses, d(2026, 11, 25)), [], d(2026, 11, 25))
    assert resumed is not None and resumed.status == "due"


def test_registration_in_mid_week_owes_that_week() -> None:
    sup = Supervision(history(("community_treatment", d(2026, 11, 26))), d(2026, 11, 26))
    item = due_item(MEET, sup, [], d(2026, 11, 26))
    assert item is not None
    assert (item.window_start, item.window_end, item.days_left, item.missed_streak) == (
        d(2026, 11, 23),
        d(2026, 11, 29),
        3,
        0,
    )


@pytest.mark.parametrize(
    "closed",
    [
        "released",
        "abstinent_3y",
        "moved_out",
        "abroad",
        "deceased",
        "voluntary",
        "maintenance",
        "pending_report",
        "compulsory_isolation",
        "detained",
    ],
)
def test_persons_not_under_active_supervision_owe_nothing(closed: str) -> None:
    statuses = history(("community_treatment", d(2024, 1, 8)), (closed, d(2026, 11, 1)))
    sup = Supervision(statuses, d(2026, 11, 25))
    assert all(due_item(rule, sup, [], d(2026, 11, 25)) is None for rule in FIVE_TO_ONE)


def test_lost_contact_still_owes_everything() -> None:
    statuses = history(("community_treatment", d(2025, 1, 6)), ("lost_contact", d(2026, 10, 1)))
    sup = Supervision(statuses, d(2026, 11, 25))
    items = [due_item(rule, sup, [], d(2026, 11, 25)) for rule in FIVE_TO_ONE]
    assert all(item is not None and item.status == "due" for item in items)


def test_a_contact_entered_after_the_deadline_keeps_it_and_is_marked_late() -> None:
    sup = Supervision(TREATED_2025, d(2026, 11, 25))
    late = [contact(d(2026, 11, 6), "meet", entered=d(2026, 11, 12))]
    [week] = obligations_between(MEET, sup, late, d(2026, 11, 2), d(2026, 11, 8), d(2026, 11, 25))
    assert (week.state, week.late) == ("kept", True)


def test_states_as_of_a_day_kept_open_missed() -> None:
    sup = Supervision(TREATED_2025, d(2026, 11, 25))
    contacts = [contact(d(2026, 11, 3), "meet")]
    found = obligations_between(
        MEET, sup, contacts, d(2026, 11, 2), d(2026, 11, 29), d(2026, 11, 25)
    )
    assert [o.state for o in found] == ["kept", "missed", "missed", "open"]


def test_contacts_after_as_of_do_not_count() -> None:
    sup = Supervision(TREATED_2025, d(2026, 11, 24))
    item = due_item(MEET, sup, [contact(d(2026, 11, 25), "meet")], d(2026, 11, 24))
    assert item is not None and item.status == "due"


# --- urine tests: tiered windows --------------------------------------------------


def test_treatment_tiers_monthly_then_two_then_three_months() -> None:
    term = history(("community_treatment", d(2025, 1, 31)))
    sup = Supervision(term, d(2028, 6, 1))
    starts = [w[0] for w in _windows(sup, d(2025, 1, 31), d(2028, 1, 30))]
    assert starts[:4] == [d(2025, 1, 31), d(2025, 2, 28), d(2025, 3, 31), d(2025, 4, 30)]
    assert len(starts) == 12 + 6 + 4
    assert starts[12:14] == [d(2026, 1, 31), d(2026, 3, 31)]
    assert starts[18:] == [d(2027, 1, 31), d(2027, 4, 30), d(2027, 7, 31), d(2027, 10, 31)]


def test_rehab_tiers_two_three_six_months() -> None:
    term = history(("community_rehab", d(2025, 3, 1)))
    sup = Supervision(term, d(2028, 6, 1))
    starts = [w[0] for w in _windows(sup, d(2025, 3, 1), d(2028, 2, 28))]
    assert starts == [
        d(2025, 3, 1),
        d(2025, 5, 1),
        d(2025, 7, 1),
        d(2025, 9, 1),
        d(2025, 11, 1),
        d(2026, 1, 1),
        d(2026, 3, 1),
        d(2026, 6, 1),
        d(2026, 9, 1),
        d(2026, 12, 1),
        d(2027, 3, 1),
        d(2027, 9, 1),
    ]


def _windows(sup: Supervision, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    windows, day = [], start
    while day <= end:
        window = window_of(URINE, sup, day)
        windows.append(window)
        day = window[1] + dt.timedelta(days=1)
    return windows


def test_refused_or_absent_test_keeps_nothing_negative_or_positive_does() -> None:
    sup = Supervision(history(("community_treatment", d(2026, 11, 2))), d(2026, 11, 25))
    for result, expected in (
        ("refused", "due"),
        ("absent", "due"),
        ("negative", "done"),
        ("positive", "done"),
    ):
        tested = [contact(d(2026, 11, 20), "urine", result=result)]
        item = due_item(URINE, sup, tested, d(2026, 11, 25))
        assert item is not None and item.status == expected, result


def test_term_continues_after_detention_and_restarts_with_a_new_decision() -> None:
    statuses = history(
        ("community_treatment", d(2025, 1, 6), None, "DOC-1"),
        ("detained", d(2025, 5, 10)),
        ("community_treatment", d(2025, 6, 1)),
    )
    sup = Supervision(statuses, d(2025, 6, 20))
    assert window_of(URINE, sup, d(2025, 6, 20)) == (d(2025, 6, 6), d(2025, 7, 5))
    renewed = [*statuses, StatusEntry(9, "community_treatment", d(2025, 6, 10), None, "DOC-2")]
    sup = Supervision(renewed, d(2025, 6, 20))
    assert window_of(URINE, sup, d(2025, 6, 20)) == (d(2025, 6, 10), d(2025, 7, 9))


def test_isolation_then_rehab_starts_a_rehab_term() -> None:
    statuses = history(
        ("community_treatment", d(2024, 1, 8)),
        ("compulsory_isolation", d(2024, 6, 1)),
        ("community_rehab", d(2026, 6, 1)),
    )
    sup = Supervision(statuses, d(2026, 11, 25))
    assert window_of(URINE, sup, d(2026, 11, 25)) == (d(2026, 10, 1), d(2026, 11, 30))


# --- rolling rules ----------------------------------------------------------------


def test_rolling_rule_due_n_days_after_the_last_keeping_contact() -> None:
    sup = Supervision(TREATED_2025, d(2026, 11, 25))
    talked = [contact(d(2026, 11, 20), "talk", mode="phone")]
    item = due_item(PHONE_TALK_10, sup, talked, d(2026, 11, 25))
    assert item is not None
    assert (item.status, item.window_start, item.window_end, item.days_left) == (
        "due",
        d(2026, 11, 20),
        d(2026, 11, 30),
        5,
    )


def test_rolling_rule_overdue_after_its_deadline() -> None:
    sup = Supervision(TREATED_2025, d(2026, 11, 25))
    talked = [contact(d(2026, 11, 1), "talk", mode="video")]
    item = due_item(PHONE_TALK_10, sup, talked, d(2026, 11, 25))
    assert item is not None
    assert (item.status, item.days_left) == ("overdue", -14)


def test_rolling_deadline_is_pushed_back_by_paused_days() -> None:
    statuses = history(
        ("community_treatment", d(2025, 1, 6)),
        ("on_leave", d(2026, 11, 3), d(2026, 11, 7)),
    )
    sup = Supervision(statuses, d(2026, 11, 25))
    assert rolling_deadline(sup, d(2026, 11, 1), 10) == d(2026, 11, 16)


def test_rolling_rule_with_no_contact_counts_from_supervision_start() -> None:
    sup = Supervision(history(("community_rehab", d(2026, 11, 10))), d(2026, 11, 25))
    item = due_item(PHONE_TALK_10, sup, [], d(2026, 11, 25))
    assert item is not None
    assert (item.window_start, item.window_end, item.status) == (
        d(2026, 11, 10),
        d(2026, 11, 20),
        "overdue",
    )


# --- ordering and incomplete histories --------------------------------------------


def test_most_urgent_first() -> None:
    sup = Supervision(TREATED_2025, d(2026, 11, 25))
    items = [
        due_item(REPORT, sup, [], d(2026, 11, 25)),
        due_item(MEET, sup, [contact(d(2026, 11, 11), "meet")], d(2026, 11, 25)),
        due_item(PHONE_TALK_10, sup, [], d(2026, 11, 25)),
        due_item(TALK, sup, [contact(d(2026, 11, 3), "talk")], d(2026, 11, 25)),
    ]
    ordered = sorted((i for i in items if i), key=urgency_key)
    # Overdue first; then report (7 quarters missed), meet (1 week), talk (none missed).
    assert [i.rule for i in ordered] == ["phone_talk", "report", "meet", "talk"]


def test_an_incomplete_history_is_reported_rather_than_guessed() -> None:
    sup = Supervision(TREATED_2025, d(2026, 11, 25))
    recent = [d(2026, 10, 1)]
    window = calendar_window("week", d(2026, 11, 25))
    with pytest.raises(IncompleteHistory):
        missed_streak(MEET, sup, [], window, d(2026, 11, 25), complete_from=d(2026, 11, 1))
    # With the keeping contact inside what is known, the answer is exact.
    assert (
        missed_streak(MEET, sup, recent, window, d(2026, 11, 25), complete_from=d(2026, 10, 1)) == 7
    )


def _naive_tiered_window(
    steps: tuple[int, ...], start: dt.date, day: dt.date
) -> tuple[dt.date, dt.date]:
    months = 0
    while True:
        following = months + steps[min(months // 12, len(steps) - 1)]
        end = add_months(start, following) - dt.timedelta(days=1)
        if day <= end:
            return add_months(start, months), end
        months = following


@settings(max_examples=300, deadline=None)
@given(
    steps=st.tuples(*[st.integers(min_value=1, max_value=12)] * 3),
    start=st.dates(min_value=d(2020, 1, 1), max_value=d(2027, 12, 31)),
    offset=st.integers(min_value=0, max_value=2000),
)
def test_tiered_window_jumps_land_where_stepping_does(
    steps: tuple[int, ...], start: dt.date, offset: int
) -> None:
    day = start + dt.timedelta(days=offset)
    term = Term("community_rehab", start, None)
    assert tiered_window(steps, term, day) == _naive_tiered_window(steps, start, day)


# --- edges found in review ----------------------------------------------------------


def test_a_tiered_rule_without_tiers_for_the_status_holds_no_obligation() -> None:
    treatment_only = Rule(
        "ttest",
        "tiered",
        tiers={"community_treatment": (1, 2, 3)},
        kinds=frozenset({"urine"}),
        results=frozenset({"negative", "positive"}),
    )
    statuses = history(
        ("community_treatment", d(2025, 1, 10)),
        ("compulsory_isolation", d(2025, 6, 20)),
        ("community_rehab", d(2026, 6, 20)),
    )
    sup = Supervision(statuses, d(2026, 11, 29))
    assert due_item(treatment_only, sup, [], d(2026, 11, 29)) is None


def test_a_rolling_deadline_after_a_three_year_pause() -> None:
    statuses = history(
        ("community_treatment", d(2020, 1, 1)),
        ("compulsory_isolation", d(2020, 1, 11)),
        ("community_rehab", d(2023, 1, 11)),
    )
    sup = Supervision(statuses, d(2023, 1, 12))
    # Active 2 to 10 January 2020 (9 days), then the tenth day is 11 January 2023.
    assert rolling_deadline(sup, d(2020, 1, 1), 10) == d(2023, 1, 11)


def test_nothing_is_owed_before_registration_in_the_ledger() -> None:
    statuses = history(("community_treatment", d(2026, 3, 1)))
    sup = Supervision(statuses, d(2026, 11, 29), registered=d(2026, 11, 10))
    kept = [contact(d(2026, 11, 10), "meet", "talk", "visit", "report")]
    visit = due_item(VISIT, sup, kept, d(2026, 11, 29))
    report = due_item(REPORT, sup, kept, d(2026, 11, 29))
    assert visit is not None and (visit.status, visit.missed_streak) == ("done", 0)
    assert report is not None and (report.status, report.missed_streak) == ("done", 0)
    meet = due_item(MEET, sup, kept, d(2026, 11, 29))
    # Weeks of 9 (registered on Tuesday 10th: kept), 16 and 23 November.
    assert meet is not None and (meet.status, meet.missed_streak) == ("due", 1)
    assert due_item(MEET, sup, [], d(2026, 11, 5)) is None  # before registration


def test_a_test_the_person_did_not_come_to_is_no_meeting() -> None:
    sup = Supervision(TREATED_2025, d(2026, 11, 29))
    absent = [contact(d(2026, 11, 24), "urine", result="absent")]
    meet = due_item(MEET, sup, absent, d(2026, 11, 29))
    assert meet is not None and meet.status == "due"
    refused = [contact(d(2026, 11, 24), "urine", result="refused")]
    meet = due_item(MEET, sup, refused, d(2026, 11, 29))
    assert meet is not None and meet.status == "done"  # came, and refused: still met


def test_days_in_month_agrees_with_the_calendar_module() -> None:
    import calendar

    from yuesong_cli.domain.obligations import days_in_month

    assert all(
        days_in_month(year, month) == calendar.monthrange(year, month)[1]
        for year in range(1900, 2200)
        for month in range(1, 13)
    )


# --- the term across a move to another township and back (docs/domain.md "Transfers")


def _entry(number: int, status: str, since: str, doc: str | None = None) -> StatusEntry:
    return StatusEntry(number, status, dt.date.fromisoformat(since), None, doc)


def test_a_term_goes_on_across_a_move_away_and_back() -> None:
    """A move to another township and back without a new decision continues the term
    (its start, its tiers); a new decision on return starts a new one; a move with no
    return ends it the day before."""
    day = dt.date(2026, 11, 29)
    start = _entry(1, "community_treatment", "2025-01-06", "虚构决定-01")
    moved = _entry(2, "moved_out", "2026-03-01")
    assert Supervision(
        [start, moved, _entry(3, "community_treatment", "2026-06-01")], day
    ).terms == (Term("community_treatment", dt.date(2025, 1, 6), None),)
    assert Supervision([start, moved], day).terms == (
        Term("community_treatment", dt.date(2025, 1, 6), dt.date(2026, 2, 28)),
    )
    anew = _entry(3, "community_treatment", "2026-06-01", "虚构决定-02")
    assert Supervision([start, moved, anew], day).terms == (
        Term("community_treatment", dt.date(2025, 1, 6), dt.date(2026, 2, 28)),
        Term("community_treatment", dt.date(2026, 6, 1), None),
    )
    rehab = _entry(3, "community_rehab", "2026-06-01")
    assert Supervision([start, moved, rehab], day).terms == (
        Term("community_treatment", dt.date(2025, 1, 6), dt.date(2026, 2, 28)),
        Term("community_rehab", dt.date(2026, 6, 1), None),
    )
    released = _entry(3, "released", "2026-06-01")
    assert Supervision([start, moved, released], day).terms == (
        Term("community_treatment", dt.date(2025, 1, 6), dt.date(2026, 2, 28)),
    )
