"""The lifecycle of docs/domain.md: reporting, terms, which status may follow which."""

from __future__ import annotations

import datetime as dt

import pytest

from yuesong_cli.domain.lifecycle import (
    InvalidTerm,
    StatusDecision,
    TimelineStep,
    allowed_next,
    registration_decision,
    report_deadline,
    status_decision,
    term_end,
    term_in_force,
    term_years_refusal,
    timeline,
    transition_refusal,
)
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.domain.vocab import STATUS
from yuesong_cli.errors import InvalidInput, YuesongError
from yuesong_cli.messages import CATALOG

d = dt.date


def history(*entries: tuple) -> list[StatusEntry]:
    """(status, since[, until[, doc_no]]) tuples as status history entries."""
    result = []
    for number, entry in enumerate(entries, start=1):
        status, since, *rest = entry
        until = rest[0] if rest else None
        doc = rest[1] if len(rest) > 1 else None
        result.append(StatusEntry(number, status, since, until, doc))
    return result


# --- reporting and terms ------------------------------------------------------------


def test_report_deadline_is_fifteen_days_after_the_decision() -> None:
    assert report_deadline(d(2026, 11, 1)) == d(2026, 11, 16)
    assert report_deadline(d(2026, 12, 20)) == d(2027, 1, 4)


def test_a_treatment_term_ends_the_day_before_its_third_anniversary() -> None:
    assert term_end("community_treatment", d(2025, 1, 6)) == d(2028, 1, 5)


def test_a_term_from_29_february_ends_on_27_february() -> None:
    # Three years on is 28 February 2027 (clamped); the term's last day is the day before.
    assert term_end("community_treatment", d(2024, 2, 29)) == d(2027, 2, 27)


@pytest.mark.parametrize(
    ("years", "end"), [(1, d(2026, 3, 9)), (2, d(2027, 3, 9)), (3, d(2028, 3, 9))]
)
def test_a_rehab_term_lasts_one_to_three_years(years: int, end: dt.date) -> None:
    assert term_end("community_rehab", d(2025, 3, 10), years) == end


@pytest.mark.parametrize(
    ("status", "years", "reason"),
    [
        ("community_rehab", 0, "lifecycle.term.rehab_years"),
        ("community_rehab", 4, "lifecycle.term.rehab_years"),
        ("community_treatment", 2, "lifecycle.term.treatment_fixed"),
        ("community_treatment", 4, "lifecycle.term.treatment_fixed"),
        ("released", 3, "lifecycle.term.no_term"),
        ("pending_report", 3, "lifecycle.term.no_term"),
    ],
)
def test_term_lengths_the_law_does_not_allow_are_refused(
    status: str, years: int, reason: str
) -> None:
    assert term_years_refusal(status, years) == reason
    with pytest.raises(InvalidTerm) as caught:
        term_end(status, d(2025, 1, 6), years)
    assert caught.value.key == reason
    # Caught by the CLI as any of its errors, and by plain callers as a ValueError.
    assert isinstance(caught.value, YuesongError)
    assert isinstance(caught.value, ValueError)


# --- transitions: from statuses under some supervision ------------------------------

# docs/domain.md's paths written out pair by pair, independently of the module's table.
EXPECTED_ALLOWED = {
    ("pending_report", to)
    for to in (
        "community_treatment",
        "community_rehab",
        "detained",
        "compulsory_isolation",
        "moved_out",
        "abroad",
        "deceased",
    )
}
for _term in ("community_treatment", "community_rehab"):
    EXPECTED_ALLOWED |= {
        (_term, to)
        for to in (
            "lost_contact",
            "detained",
            "compulsory_isolation",
            "on_leave",
            "released",
            "moved_out",
            "abroad",
            "deceased",
            "maintenance",
            "voluntary",
        )
    }
EXPECTED_ALLOWED |= {
    ("lost_contact", to)
    for to in (
        "community_treatment",
        "community_rehab",
        "detained",
        "compulsory_isolation",
        "abroad",
        "deceased",
    )
}
EXPECTED_ALLOWED |= {
    ("detained", to)
    for to in (
        "pending_report",
        "community_treatment",
        "community_rehab",
        "compulsory_isolation",
        "released",
        "deceased",
    )
}
EXPECTED_ALLOWED |= {
    ("on_leave", to)
    for to in (
        "community_treatment",
        "community_rehab",
        "lost_contact",
        "detained",
        "compulsory_isolation",
        "released",
        "deceased",
    )
}
EXPECTED_ALLOWED |= {
    ("compulsory_isolation", to)
    for to in ("community_rehab", "pending_report", "released", "detained", "deceased")
}
for _other, _peer in (("voluntary", "maintenance"), ("maintenance", "voluntary")):
    EXPECTED_ALLOWED |= {
        (_other, to)
        for to in (
            "community_treatment",
            "community_rehab",
            _peer,
            "detained",
            "compulsory_isolation",
            "released",
            "moved_out",
            "abroad",
            "deceased",
        )
    }

OPEN_STATUSES = (
    "pending_report",
    "community_treatment",
    "community_rehab",
    "lost_contact",
    "detained",
    "on_leave",
    "compulsory_isolation",
    "voluntary",
    "maintenance",
)
# The person was in community treatment before every one of these, so coming back from a
# pause or lost contact to community_rehab would change the term without a decision.
RESUMING = {("lost_contact", "community_rehab"), ("detained", "community_rehab")}
RESUMING |= {("on_leave", "community_rehab")}


def _from(status: str) -> list[StatusEntry]:
    """A history whose status on 10 March 2025 is ``status``, after community treatment."""
    until = d(2025, 3, 20) if status == "on_leave" else None
    return history(("community_treatment", d(2025, 1, 6)), (status, d(2025, 3, 1), until))


def _expected(source: str, target: str) -> str | None:
    if source == target:
        return "lifecycle.same_status"
    if (source, target) in RESUMING:
        return "lifecycle.resume_other_status"
    return None if (source, target) in EXPECTED_ALLOWED else "lifecycle.not_allowed"


@pytest.mark.parametrize("target", STATUS.keys)
@pytest.mark.parametrize("source", OPEN_STATUSES)
def test_every_transition_from_an_open_status(source: str, target: str) -> None:
    until = d(2025, 3, 31) if target in ("on_leave", "detained", "compulsory_isolation") else None
    if source == "community_treatment":
        past = history(("community_treatment", d(2025, 1, 6)))
    else:
        past = _from(source)
    assert transition_refusal(past, target, d(2025, 3, 10), until) == _expected(source, target)


def test_the_expected_table_is_not_empty_of_refusals() -> None:
    # The matrix above must be able to fail both ways.
    refused = [(s, t) for s in OPEN_STATUSES for t in STATUS.keys if _expected(s, t) is not None]
    assert len(refused) > 40
    assert len(EXPECTED_ALLOWED) > 50


@pytest.mark.parametrize("source", ["lost_contact", "detained", "on_leave"])
def test_coming_back_to_the_other_term_status_needs_a_new_decision(source: str) -> None:
    past = _from(source)
    assert transition_refusal(past, "community_treatment", d(2025, 3, 10)) is None
    assert transition_refusal(past, "community_rehab", d(2025, 3, 10), None, "新决定 1") is None


def test_detention_before_reporting_returns_to_pending() -> None:
    past = history(("pending_report", d(2025, 1, 2), None, "D1"), ("detained", d(2025, 1, 5)))
    assert transition_refusal(past, "pending_report", d(2025, 1, 20)) is None
    # Reporting straight after release is fine too: no term was interrupted.
    assert transition_refusal(past, "community_rehab", d(2025, 1, 20)) is None


def test_the_same_status_again_is_a_new_term_only_with_a_new_document() -> None:
    past = history(("community_treatment", d(2025, 1, 6), None, "西公(禁)决字〔2025〕1号"))
    since = d(2026, 1, 6)
    assert transition_refusal(past, "community_treatment", since) == "lifecycle.same_status"
    old = "西公(禁)决字〔2025〕1号"
    assert transition_refusal(past, "community_treatment", since, None, old) == (
        "lifecycle.same_status"
    )
    new = "西公(禁)决字〔2026〕9号"
    assert transition_refusal(past, "community_treatment", since, None, new) is None


# --- transitions: from closed statuses ----------------------------------------------

CLOSED = ("released", "abstinent_3y", "moved_out", "abroad")
DECISIONS = ("pending_report", "community_treatment", "community_rehab", "compulsory_isolation")


def _closed(status: str) -> list[StatusEntry]:
    return history(
        ("community_treatment", d(2020, 1, 6), None, "D-2020"),
        (status, d(2023, 1, 6)),
    )


@pytest.mark.parametrize("target", DECISIONS)
@pytest.mark.parametrize("source", CLOSED)
def test_a_closed_file_reopens_only_with_a_new_decision(source: str, target: str) -> None:
    past, since = _closed(source), d(2026, 5, 1)
    assert transition_refusal(past, target, since) == "lifecycle.closed_needs_new_decision"
    assert transition_refusal(past, target, since, None, "  ") == (
        "lifecycle.closed_needs_new_decision"
    )
    assert transition_refusal(past, target, since, None, "D-2020") == "lifecycle.doc_no_used"
    assert transition_refusal(past, target, since, None, "D-2026") is None


@pytest.mark.parametrize(
    "target",
    ["lost_contact", "detained", "on_leave", "voluntary", "maintenance", "moved_out", "abroad"],
)
@pytest.mark.parametrize("source", ["released", "abstinent_3y"])
def test_a_closed_file_takes_no_other_status(source: str, target: str) -> None:
    until = d(2026, 5, 9) if target in ("on_leave", "detained") else None
    past = _closed(source)
    # Not even with a new document: only decisions reopen a file.
    assert transition_refusal(past, target, d(2026, 5, 1), until, "D-2026") == (
        "lifecycle.not_allowed"
    )


@pytest.mark.parametrize("source", CLOSED)
def test_death_may_follow_any_closed_status(source: str) -> None:
    assert transition_refusal(_closed(source), "deceased", d(2026, 5, 1)) is None


@pytest.mark.parametrize("source", CLOSED)
def test_a_closed_status_again_is_refused(source: str) -> None:
    assert transition_refusal(_closed(source), source, d(2026, 5, 1)) == "lifecycle.same_status"


def test_abstinent_3y_follows_released_after_three_calendar_years() -> None:
    past = history(("community_treatment", d(2021, 2, 28)), ("released", d(2024, 2, 29)))
    # 29 February 2024 + 3 years = 28 February 2027.
    too_soon = transition_refusal(past, "abstinent_3y", d(2027, 2, 27))
    assert too_soon == "lifecycle.abstinent_too_soon"
    assert transition_refusal(past, "abstinent_3y", d(2027, 2, 28)) is None


@pytest.mark.parametrize("source", ["moved_out", "abroad"])
def test_abstinent_3y_follows_only_released(source: str) -> None:
    refusal = transition_refusal(_closed(source), "abstinent_3y", d(2027, 1, 6))
    assert refusal == "lifecycle.not_allowed"


@pytest.mark.parametrize("target", STATUS.keys)
def test_nothing_follows_death(target: str) -> None:
    past = history(("community_treatment", d(2025, 1, 6)), ("deceased", d(2025, 6, 1)))
    until = d(2025, 7, 1) if target in ("on_leave", "detained") else None
    assert transition_refusal(past, target, d(2025, 6, 2), until, "NEW-DOC") == (
        "lifecycle.after_deceased"
    )
    assert transition_refusal(past, target, d(2025, 6, 2)) == "lifecycle.after_deceased"


# --- dates and end days -------------------------------------------------------------


def test_an_entry_before_the_latest_is_refused_but_the_same_day_is_not() -> None:
    past = history(("pending_report", d(2025, 1, 2), None, "D1"))
    before = transition_refusal(past, "community_treatment", d(2025, 1, 1))
    assert before == "lifecycle.before_current"
    # Reporting on the day of the decision.
    assert transition_refusal(past, "community_treatment", d(2025, 1, 2)) is None


def test_an_entry_before_a_bounded_leave_is_refused() -> None:
    past = history(
        ("community_treatment", d(2025, 1, 6)), ("on_leave", d(2025, 3, 1), d(2025, 3, 10))
    )
    assert transition_refusal(past, "released", d(2025, 2, 28)) == "lifecycle.before_current"
    # After the leave the treatment is in force again.
    assert transition_refusal(past, "released", d(2025, 4, 1)) is None


def test_leave_needs_an_end_day_not_before_its_start() -> None:
    past = history(("community_treatment", d(2025, 1, 6)))
    since = d(2025, 3, 1)
    assert transition_refusal(past, "on_leave", since) == "lifecycle.leave_needs_until"
    assert transition_refusal(past, "on_leave", since, d(2025, 2, 28)) == (
        "lifecycle.until_before_since"
    )
    assert transition_refusal(past, "on_leave", since, since) is None


@pytest.mark.parametrize("status", ["community_treatment", "released", "lost_contact"])
def test_only_pauses_take_an_end_day(status: str) -> None:
    past = history(("pending_report", d(2025, 1, 2)))
    refusal = transition_refusal(past, status, d(2025, 1, 3), d(2025, 2, 1))
    assert refusal == "lifecycle.until_only_paused"


def test_a_leave_extended_after_it_ends_is_a_new_leave() -> None:
    past = history(
        ("community_treatment", d(2025, 1, 6)), ("on_leave", d(2025, 3, 1), d(2025, 3, 10))
    )
    assert transition_refusal(past, "on_leave", d(2025, 3, 11), d(2025, 3, 20)) is None
    # Inside the leave it would be the same status again.
    refusal = transition_refusal(past, "on_leave", d(2025, 3, 5), d(2025, 3, 20))
    assert refusal == "lifecycle.same_status"


@pytest.mark.parametrize("status", [s for s in STATUS.keys if s != "on_leave"])
def test_a_file_may_start_in_any_status_but_leave(status: str) -> None:
    until = d(2025, 2, 1) if status in ("detained", "compulsory_isolation") else None
    assert transition_refusal([], status, d(2025, 1, 1), until) is None


def test_a_file_cannot_start_on_leave() -> None:
    refusal = transition_refusal([], "on_leave", d(2025, 1, 1), d(2025, 1, 9))
    assert refusal == "lifecycle.leave_needs_supervision"


def test_an_unknown_status_is_refused() -> None:
    past = history(("community_treatment", d(2025, 1, 6)))
    assert transition_refusal(past, "prison", d(2025, 3, 1)) == "lifecycle.unknown_status"


def test_allowed_next_lists_what_the_officer_may_record() -> None:
    past = history(("compulsory_isolation", d(2024, 1, 6)))
    assert allowed_next(past, d(2025, 1, 6)) == (
        "pending_report",
        "community_rehab",
        "detained",
        "released",
        "deceased",
    )
    released = _closed("released")
    assert allowed_next(released, d(2026, 5, 1)) == ("abstinent_3y", "deceased")
    assert "community_treatment" in allowed_next(released, d(2026, 5, 1), "D-2026")


def test_every_refusal_reason_is_in_the_catalog() -> None:
    reasons = {_expected(s, t) for s in OPEN_STATUSES for t in STATUS.keys if _expected(s, t)} | {
        "lifecycle.after_deceased",
        "lifecycle.before_current",
        "lifecycle.closed_needs_new_decision",
        "lifecycle.doc_no_used",
        "lifecycle.abstinent_too_soon",
        "lifecycle.leave_needs_until",
        "lifecycle.until_before_since",
        "lifecycle.until_only_paused",
        "lifecycle.leave_needs_supervision",
        "lifecycle.unknown_status",
        "lifecycle.term.invalid",
        "lifecycle.term.no_term",
        "lifecycle.term.treatment_fixed",
        "lifecycle.term.rehab_years",
    }
    assert sorted(r for r in reasons if r not in CATALOG) == []


# --- timeline -----------------------------------------------------------------------


def test_the_timeline_splits_treatment_around_a_leave() -> None:
    past = history(
        ("pending_report", d(2025, 1, 2), None, "D1"),
        ("community_treatment", d(2025, 1, 10)),
        ("on_leave", d(2025, 3, 1), d(2025, 3, 10)),
    )
    assert timeline(past, d(2025, 3, 5)) == [
        TimelineStep("pending_report", d(2025, 1, 2), d(2025, 1, 9), "D1", False, 1),
        TimelineStep("community_treatment", d(2025, 1, 10), d(2025, 2, 28), None, False, 2),
        TimelineStep("on_leave", d(2025, 3, 1), d(2025, 3, 10), None, True, 3),
        TimelineStep("community_treatment", d(2025, 3, 11), None, None, False, 2),
    ]
    # After the leave, supervision has resumed by itself.
    assert [step.current for step in timeline(past, d(2025, 3, 11))] == [
        False,
        False,
        False,
        True,
    ]


def test_the_timeline_shows_future_entries_and_hides_overridden_ones() -> None:
    past = history(
        ("pending_report", d(2025, 1, 2)),
        ("community_treatment", d(2025, 1, 2)),  # reported the same day
        ("on_leave", d(2025, 6, 1), d(2025, 6, 5)),  # approved ahead
    )
    steps = timeline(past, d(2025, 5, 1))
    assert [(s.status, s.since, s.until, s.current) for s in steps] == [
        ("community_treatment", d(2025, 1, 2), d(2025, 5, 31), True),
        ("on_leave", d(2025, 6, 1), d(2025, 6, 5), False),
        ("community_treatment", d(2025, 6, 6), None, False),
    ]


def test_the_timeline_of_nobody_is_empty_and_nothing_is_current_before_it_starts() -> None:
    assert timeline([], d(2025, 1, 1)) == []
    past = history(("community_treatment", d(2025, 1, 6)))
    assert [s.current for s in timeline(past, d(2025, 1, 5))] == [False]


# --- the term in force on a day -----------------------------------------------------


TWO_TERMS = history(
    ("community_treatment", d(2023, 8, 22), None, "决1"),
    ("compulsory_isolation", d(2024, 11, 12), None, "强1"),
    ("community_rehab", d(2026, 11, 12), None, "康1"),
)


def test_a_day_in_an_earlier_term_gets_that_term_not_the_files() -> None:
    # The file holds the latest term (rehab from 2026-11-12); 2024-10-01 lay in treatment.
    assert term_in_force(TWO_TERMS, d(2024, 10, 1), d(2026, 11, 12), d(2029, 11, 11)) == (
        d(2023, 8, 22),
        None,  # its end is not on file: the longest term is assumed
    )


def test_the_files_term_stands_for_the_term_it_lies_in() -> None:
    assert term_in_force(TWO_TERMS, d(2026, 11, 29), d(2026, 11, 12), d(2028, 11, 11)) == (
        d(2026, 11, 12),
        d(2028, 11, 11),
    )


def test_no_term_while_isolated() -> None:
    assert term_in_force(TWO_TERMS, d(2025, 6, 1), d(2026, 11, 12), None) == (None, None)


# --- decisions: what recording a status writes ---------------------------------------


def test_a_decision_records_its_document_and_starts_a_term() -> None:
    past = history(("pending_report", d(2025, 3, 1), None, "D-1"))
    decision = status_decision(past, "community_rehab", d(2025, 3, 10), None, "D-2", 2)
    assert decision == StatusDecision(
        StatusEntry(0, "community_rehab", d(2025, 3, 10), None, "D-2"),
        {
            "decision_doc": "D-2",
            "decision_date": d(2025, 3, 10),
            "term_start": d(2025, 3, 10),
            "term_end": d(2027, 3, 9),
        },
    )


def test_coming_back_continues_the_term_and_touches_no_file_field() -> None:
    past = history(("community_treatment", d(2025, 1, 6)), ("detained", d(2025, 6, 1)))
    decision = status_decision(past, "community_treatment", d(2025, 6, 20))
    assert decision.file == {}
    assert decision.entry == StatusEntry(0, "community_treatment", d(2025, 6, 20), None, None)


def test_a_leave_is_written_with_its_end_day_and_no_file_field() -> None:
    past = history(("community_treatment", d(2025, 1, 6)))
    decision = status_decision(past, "on_leave", d(2025, 2, 1), d(2025, 2, 10), None, None)
    assert decision == StatusDecision(
        StatusEntry(0, "on_leave", d(2025, 2, 1), d(2025, 2, 10), None), {}
    )


@pytest.mark.parametrize(
    ("past", "status", "years", "reason"),
    [
        # The transition itself is refused first, whatever the term length.
        ((("deceased", d(2025, 1, 1)),), "community_rehab", 9, "lifecycle.after_deceased"),
        ((), "community_treatment", 2, "lifecycle.term.treatment_fixed"),
        ((), "community_rehab", 4, "lifecycle.term.rehab_years"),
        ((), "released", 2, "lifecycle.term.no_term"),
        (
            (("community_treatment", d(2025, 1, 6)), ("detained", d(2025, 6, 1))),
            "community_treatment",
            3,
            "lifecycle.term.not_new",
        ),
    ],
)
def test_refusals_are_raised_with_their_reason(
    past: tuple, status: str, years: int, reason: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        status_decision(history(*past), status, d(2025, 7, 1), None, None, years)
    assert caught.value.key == reason


@pytest.mark.parametrize(
    ("status", "since", "until", "reason"),
    [
        # Typed ahead of today: approved leave only.
        ("detained", d(2025, 7, 2), None, "lifecycle.ahead"),
        # Before the person was born (1990-01-01 here), whatever else is wrong.
        ("detained", d(1989, 12, 31), None, "error.date.before_birth"),
        ("on_leave", d(1989, 12, 31), d(1989, 12, 1), "error.date.before_birth"),
        # An end before the start: one rule and one message, whoever asks.
        ("on_leave", d(2025, 6, 10), d(2025, 6, 9), "lifecycle.until_before_since"),
    ],
)
def test_the_decision_refuses_a_day_out_of_place_given_today_and_birth(
    status: str, since: dt.date, until: dt.date | None, reason: str
) -> None:
    past = history(("community_treatment", d(2025, 1, 6)))
    with pytest.raises(InvalidInput) as caught:
        status_decision(past, status, since, until, today=d(2025, 7, 1), born=d(1990, 1, 1))
    assert caught.value.key == reason


def test_approved_leave_may_be_decided_ahead_of_today() -> None:
    past = history(("community_treatment", d(2025, 1, 6)))
    decision = status_decision(
        past, "on_leave", d(2025, 7, 5), d(2025, 7, 20), today=d(2025, 7, 1), born=d(1990, 1, 1)
    )
    assert decision.entry.since == d(2025, 7, 5)


def test_registration_sets_the_term_the_file_does_not_give() -> None:
    day = d(2025, 1, 6)
    assert registration_decision("community_treatment", day, None, None, None).file == {
        "term_start": day,
        "term_end": d(2028, 1, 5),
    }
    given_end = registration_decision("community_treatment", day, None, None, d(2026, 1, 1))
    assert given_end.file == {"term_start": day}
    assert registration_decision("community_treatment", day, None, d(2024, 1, 1), None).file == {}
    # Registration records no decision on the file, even with a document number.
    assert registration_decision("released", day, "D-1", None, None) == StatusDecision(
        StatusEntry(0, "released", day, None, "D-1"), {}
    )


def test_registration_on_leave_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        registration_decision("on_leave", d(2025, 1, 6), None, None, None)
    assert caught.value.key == "lifecycle.leave_needs_until"
