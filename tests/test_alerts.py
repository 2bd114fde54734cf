"""Alerts: each kind appears on the day it should and clears when it should."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from yuesong_cli.domain.alerts import (
    ALERT_KINDS,
    RELAPSE_DAYS,
    SEVERITIES,
    SEVERITY_ORDER,
    STREAK_HIGH,
    STREAK_WARN,
    Alert,
    DocumentFact,
    PersonFacts,
    alerts_for,
    alerts_for_all,
    any_as_severe,
    sort_alerts,
    streak_severity,
)
from yuesong_cli.domain.breaches import Breach
from yuesong_cli.domain.obligations import DueItem
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.messages import CATALOG, t

d = dt.date
PACKAGE = Path(__file__).parent.parent / "yuesong_cli" / "domain"


def history(*entries: tuple) -> tuple[StatusEntry, ...]:
    """(status, since[, until[, doc_no]]) tuples as status history entries."""
    result = []
    for number, entry in enumerate(entries, start=1):
        status, since, *rest = entry
        until = rest[0] if rest else None
        doc = rest[1] if len(rest) > 1 else None
        result.append(StatusEntry(number, status, since, until, doc))
    return tuple(result)


TREATED = history(("community_treatment", d(2025, 1, 6)))


def facts(past: tuple[StatusEntry, ...] = TREATED, **fields: Any) -> PersonFacts:
    base = PersonFacts(
        1,
        "YS0001",
        past,
        registered_on=d(2025, 1, 6),
        term_start=d(2025, 1, 6),
        last_contact_day=d(2026, 11, 20),
    )
    return replace(base, **fields)


def kinds(found: list[Alert]) -> list[tuple[str, str, dt.date]]:
    return [(a.kind, a.severity, a.since) for a in found]


def test_a_person_with_nothing_wrong_has_no_alerts() -> None:
    assert alerts_for(facts(), d(2026, 11, 29)) == []


# --- relapse ------------------------------------------------------------------------


def test_a_positive_test_warns_for_thirty_days() -> None:
    person = facts(positive_tests=(d(2026, 11, 1),))
    assert alerts_for(person, d(2026, 10, 31)) == []
    found = alerts_for(person, d(2026, 11, 30))
    assert kinds(found) == [("relapse", "high", d(2026, 11, 1))]
    assert found[0].params == {"day": "2026-11-01", "count": 1, "days": RELAPSE_DAYS}
    assert alerts_for(person, d(2026, 12, 1)) == []


def test_several_positive_tests_warn_since_the_first_of_them() -> None:
    person = facts(positive_tests=(d(2026, 11, 20), d(2026, 11, 5), d(2026, 9, 1)))
    (alert,) = alerts_for(person, d(2026, 11, 29))
    assert alert.since == d(2026, 11, 5)
    assert alert.params == {"day": "2026-11-20", "count": 2, "days": RELAPSE_DAYS}


def test_a_relapse_in_police_hands_is_not_repeated() -> None:
    past = history(
        ("community_treatment", d(2025, 1, 6)), ("compulsory_isolation", d(2026, 11, 10))
    )
    assert alerts_for(facts(past, positive_tests=(d(2026, 11, 1),)), d(2026, 11, 29)) == []


def test_a_relapse_after_release_is_news() -> None:
    past = history(("community_treatment", d(2022, 1, 6)), ("released", d(2025, 1, 6)))
    found = alerts_for(facts(past, positive_tests=(d(2026, 11, 1),)), d(2026, 11, 29))
    assert [a.kind for a in found] == ["relapse"]


# --- breaches -----------------------------------------------------------------------


def test_three_refusals_in_the_term_are_a_serious_breach() -> None:
    two = (Breach(d(2025, 3, 1), "refused_test"), Breach(d(2025, 6, 1), "absent_test"))
    person = facts(breaches=two)
    found = alerts_for(person, d(2026, 11, 29))
    assert kinds(found) == [("near_serious_breach", "medium", d(2025, 6, 1))]
    assert found[0].params == {"dodged": 2, "leavings": 0, "days_away": 0}
    person = facts(breaches=(*two, Breach(d(2026, 2, 1), "refused_test")))
    assert kinds(alerts_for(person, d(2026, 11, 29))) == [("serious_breach", "high", d(2026, 2, 1))]
    # Before the third refusal happened it was one step away.
    assert kinds(alerts_for(person, d(2026, 1, 31))) == [
        ("near_serious_breach", "medium", d(2025, 6, 1))
    ]


def test_breaches_of_an_earlier_term_do_not_count() -> None:
    old = tuple(Breach(d(2024, month, 1), "refused_test") for month in (3, 4, 5))
    assert alerts_for(facts(breaches=old), d(2026, 11, 29)) == []


def test_thirty_one_days_away_is_serious() -> None:
    person = facts(breaches=(Breach(d(2026, 10, 1), "left_county", 31),))
    assert [a.kind for a in alerts_for(person, d(2026, 11, 29))] == ["serious_breach"]
    person = facts(breaches=(Breach(d(2026, 10, 1), "left_county", 30),))
    assert [a.kind for a in alerts_for(person, d(2026, 11, 29))] == ["near_serious_breach"]


def test_breaches_do_not_warn_once_the_file_is_closed() -> None:
    past = history(("community_treatment", d(2023, 1, 6)), ("released", d(2026, 1, 6)))
    breaches = tuple(Breach(d(2025, month, 1), "refused_test") for month in (3, 4, 5))
    assert alerts_for(facts(past, breaches=breaches), d(2026, 11, 29)) == []


# --- missed streaks -----------------------------------------------------------------


def due(rule: str, streak: int, status: str = "due", last_kept: dt.date | None = None) -> DueItem:
    return DueItem(rule, "calendar", status, d(2026, 11, 23), d(2026, 11, 29), 0, last_kept, streak)


@pytest.mark.parametrize(
    ("streak", "severity"), [(0, None), (1, None), (2, "medium"), (3, "medium"), (4, "high")]
)
def test_a_missed_streak_warns_from_two_and_is_severe_from_four(
    streak: int, severity: str | None
) -> None:
    item = due("meet", streak, last_kept=d(2026, 10, 28))
    found = alerts_for(facts(due_items=(item,)), d(2026, 11, 29))
    expected = [] if severity is None else [("missed_streak", severity, d(2026, 10, 29))]
    assert kinds(found) == expected
    assert [a.params for a in found] == [{"rule": "meet", "count": streak}] * len(expected)
    assert streak_severity(item) == severity


def test_the_streak_thresholds_are_the_named_ones() -> None:
    assert streak_severity(due("meet", STREAK_WARN - 1)) is None
    assert streak_severity(due("meet", STREAK_WARN)) == "medium"
    assert streak_severity(due("meet", STREAK_HIGH - 1)) == "medium"
    assert streak_severity(due("meet", STREAK_HIGH)) == "high"
    # Keeping the current one ends the run, however long it was.
    assert streak_severity(due("meet", STREAK_HIGH, "done")) is None


def test_keeping_the_current_obligation_clears_the_streak() -> None:
    person = facts(due_items=(due("meet", 3, "done", last_kept=d(2026, 11, 24)),))
    assert alerts_for(person, d(2026, 11, 29)) == []


def test_a_streak_never_kept_runs_from_registration() -> None:
    person = facts(registered_on=d(2025, 2, 1), due_items=(due("visit", 2),))
    assert alerts_for(person, d(2026, 11, 29))[0].since == d(2025, 2, 1)


def test_a_streak_warns_only_under_active_supervision() -> None:
    past = history(
        ("community_treatment", d(2025, 1, 6)), ("on_leave", d(2026, 11, 20), d(2026, 12, 20))
    )
    assert alerts_for(facts(past, due_items=(due("meet", 5),)), d(2026, 11, 29)) == []


# --- lost contact and reporting -----------------------------------------------------


def test_lost_contact_warns_until_the_person_is_found() -> None:
    past = history(("community_treatment", d(2025, 1, 6)), ("lost_contact", d(2026, 10, 3)))
    assert kinds(alerts_for(facts(past), d(2026, 11, 29))) == [
        ("lost_contact", "high", d(2026, 10, 3))
    ]
    found = (*past, StatusEntry(3, "community_treatment", d(2026, 11, 15)))
    assert alerts_for(facts(found), d(2026, 11, 29)) == []


def test_not_reporting_within_fifteen_days_of_the_decision_warns() -> None:
    past = history(("pending_report", d(2026, 11, 2), None, "D-9"))
    person = facts(past, decision_date=d(2026, 11, 1), term_start=None)
    assert alerts_for(person, d(2026, 11, 16)) == []
    found = alerts_for(person, d(2026, 11, 17))
    assert kinds(found) == [("report_overdue", "high", d(2026, 11, 17))]
    assert found[0].params == {
        "decision_date": "2026-11-01",
        "deadline": "2026-11-16",
        "days_late": 1,
    }
    reported = (*past, StatusEntry(2, "community_treatment", d(2026, 11, 20)))
    assert alerts_for(facts(reported, term_start=d(2026, 11, 20)), d(2026, 11, 29)) == []


def test_without_a_decision_date_the_pending_entry_stands_for_it() -> None:
    past = history(("pending_report", d(2026, 11, 2)))
    person = facts(past, term_start=None)
    assert alerts_for(person, d(2026, 11, 17)) == []
    assert [a.since for a in alerts_for(person, d(2026, 11, 18))] == [d(2026, 11, 18)]


# --- leave --------------------------------------------------------------------------

ON_LEAVE = history(
    ("community_treatment", d(2025, 1, 6)), ("on_leave", d(2026, 11, 1), d(2026, 11, 10))
)


def test_a_leave_ended_without_contact_since_warns() -> None:
    person = facts(ON_LEAVE, last_contact_day=d(2026, 11, 10))
    assert alerts_for(person, d(2026, 11, 10)) == []
    found = alerts_for(person, d(2026, 11, 11))
    assert kinds(found) == [("leave_no_contact", "medium", d(2026, 11, 11))]
    assert found[0].params == {"until": "2026-11-10"}


def test_a_contact_after_the_leave_clears_the_warning() -> None:
    person = facts(ON_LEAVE, last_contact_day=d(2026, 11, 11))
    assert alerts_for(person, d(2026, 11, 29)) == []


def test_a_return_recorded_clears_the_warning() -> None:
    back = (*ON_LEAVE, StatusEntry(3, "community_treatment", d(2026, 11, 8)))
    assert alerts_for(facts(back, last_contact_day=d(2026, 10, 30)), d(2026, 11, 29)) == []


# --- terms --------------------------------------------------------------------------

# Term from 1 December 2023: its last day is 30 November 2026.
TERM_2023 = history(("community_treatment", d(2023, 12, 1)))


def test_a_term_ending_within_thirty_days_warns() -> None:
    person = facts(TERM_2023, term_start=d(2023, 12, 1))
    assert alerts_for(person, d(2026, 10, 30)) == []
    found = alerts_for(person, d(2026, 10, 31))
    assert kinds(found) == [("term_ending", "low", d(2026, 10, 31))]
    assert found[0].params == {"term_end": "2026-11-30", "days_left": 30}
    assert alerts_for(person, d(2026, 11, 30))[0].params["days_left"] == 0


def test_a_term_ended_without_release_warns_until_released() -> None:
    person = facts(TERM_2023, term_start=d(2023, 12, 1))
    assert kinds(alerts_for(person, d(2026, 12, 1))) == [("term_ended", "medium", d(2026, 12, 1))]
    released = (*TERM_2023, StatusEntry(2, "released", d(2026, 12, 3)))
    assert alerts_for(facts(released, term_start=d(2023, 12, 1)), d(2026, 12, 5)) == []


def test_the_term_end_on_file_wins() -> None:
    rehab = history(("community_rehab", d(2025, 6, 1)))
    person = facts(rehab, term_start=d(2025, 6, 1), term_end=d(2026, 5, 31))
    assert kinds(alerts_for(person, d(2026, 6, 1))) == [("term_ended", "medium", d(2026, 6, 1))]


def test_a_term_ending_while_on_leave_still_warns() -> None:
    past = (*TERM_2023, StatusEntry(2, "on_leave", d(2026, 11, 1), d(2026, 12, 31)))
    found = alerts_for(facts(past, term_start=d(2023, 12, 1)), d(2026, 11, 15))
    assert [a.kind for a in found] == ["term_ending"]


# --- three years clean --------------------------------------------------------------

RELEASED_LEAP = history(("community_treatment", d(2021, 3, 1)), ("released", d(2024, 2, 29)))


def test_three_calendar_years_after_release_suggest_abstinent_3y() -> None:
    person = facts(RELEASED_LEAP)
    assert alerts_for(person, d(2027, 2, 27)) == []
    found = alerts_for(person, d(2027, 2, 28))
    assert kinds(found) == [("abstinent_due", "low", d(2027, 2, 28))]
    assert found[0].params == {"released_on": "2024-02-29"}


def test_a_positive_test_since_release_withholds_the_suggestion() -> None:
    person = facts(RELEASED_LEAP, positive_tests=(d(2025, 5, 1),))
    assert alerts_for(person, d(2027, 3, 1)) == []
    # A positive test before the release does not.
    person = facts(RELEASED_LEAP, positive_tests=(d(2024, 1, 1),))
    assert [a.kind for a in alerts_for(person, d(2027, 3, 1))] == ["abstinent_due"]


def test_recording_abstinent_3y_clears_the_suggestion() -> None:
    done = (*RELEASED_LEAP, StatusEntry(3, "abstinent_3y", d(2027, 3, 1)))
    assert alerts_for(facts(done), d(2027, 3, 2)) == []


# --- files --------------------------------------------------------------------------


def test_a_file_missing_fields_warns_until_completed() -> None:
    person = facts(missing_fields=("village", "decision_doc"))
    found = alerts_for(person, d(2026, 11, 29))
    assert kinds(found) == [("file_incomplete", "low", d(2025, 1, 6))]
    assert found[0].params == {"count": 2, "fields": "village, decision_doc"}
    assert alerts_for(facts(missing_fields=()), d(2026, 11, 29)) == []


def test_the_dead_raise_no_alerts() -> None:
    past = history(("lost_contact", d(2025, 1, 6)), ("deceased", d(2026, 1, 1)))
    person = facts(past, missing_fields=("village",), positive_tests=(d(2026, 11, 20),))
    assert alerts_for(person, d(2026, 11, 29)) == []


def test_nobody_before_their_history_starts_raises_nothing() -> None:
    assert alerts_for(facts(missing_fields=("village",)), d(2024, 1, 1)) == []


# --- order --------------------------------------------------------------------------


def test_alerts_come_most_severe_first_then_oldest_then_by_case_number() -> None:
    def alert(case_no: str, severity: str, since: dt.date, kind: str = "relapse") -> Alert:
        return Alert(int(case_no[-1]), case_no, kind, severity, since, f"alert.detail.{kind}")

    mixed = [
        alert("YS0003", "low", d(2026, 1, 1), "file_incomplete"),
        alert("YS0002", "high", d(2026, 11, 2)),
        alert("YS0001", "medium", d(2026, 1, 1), "term_ended"),
        alert("YS0004", "high", d(2026, 11, 1)),
        alert("YS0001", "high", d(2026, 11, 2), "lost_contact"),
    ]
    assert [(a.case_no, a.kind) for a in sort_alerts(mixed)] == [
        ("YS0004", "relapse"),
        ("YS0001", "lost_contact"),
        ("YS0002", "relapse"),
        ("YS0001", "term_ended"),
        ("YS0003", "file_incomplete"),
    ]


def test_a_severity_or_a_worse_one_is_found_among_the_alerts() -> None:
    medium = Alert(1, "YS0001", "term_ended", "medium", d(2026, 1, 1), "alert.detail.term_ended")
    assert any_as_severe([medium], "low")
    assert any_as_severe([medium], "medium")
    assert not any_as_severe([medium], "high")
    assert not any_as_severe([], "low")


def test_one_persons_many_alerts_and_everybodys_alerts() -> None:
    past = history(("community_treatment", d(2023, 12, 1)), ("lost_contact", d(2026, 11, 2)))
    busy = facts(
        past,
        term_start=d(2023, 12, 1),
        positive_tests=(d(2026, 11, 1),),
        due_items=(due("talk", 2, last_kept=d(2026, 10, 15)),),
        missing_fields=("grid",),
    )
    found = alerts_for(busy, d(2026, 11, 29))
    assert kinds(found) == [
        ("relapse", "high", d(2026, 11, 1)),
        ("lost_contact", "high", d(2026, 11, 2)),
        ("missed_streak", "medium", d(2026, 10, 16)),
        ("file_incomplete", "low", d(2025, 1, 6)),
        ("term_ending", "low", d(2026, 10, 31)),
    ]
    quiet = PersonFacts(2, "YS0002", TREATED, d(2025, 1, 6), missing_fields=("zone",))
    everyone = alerts_for_all([quiet, busy], d(2026, 11, 29))
    # Low ones: the same day, so by case number; then the later one.
    assert [(a.case_no, a.kind) for a in everyone][-3:] == [
        ("YS0001", "file_incomplete"),
        ("YS0002", "file_incomplete"),
        ("YS0001", "term_ending"),
    ]
    assert SEVERITY_ORDER == {"high": 0, "medium": 1, "low": 2}


# --- messages -----------------------------------------------------------------------


def test_every_alert_kind_and_severity_reads_in_both_languages() -> None:
    for kind in ALERT_KINDS:
        assert f"alert.kind.{kind}" in CATALOG, kind
        assert f"alert.detail.{kind}" in CATALOG, kind
    for severity in SEVERITIES:
        assert f"severity.{severity}" in CATALOG


def test_every_alert_detail_fills_from_its_params() -> None:
    people = [
        facts(positive_tests=(d(2026, 11, 1),), missing_fields=("grid",)),
        facts(breaches=(Breach(d(2026, 1, 1), "left_county", 40),)),
        facts(breaches=(Breach(d(2026, 1, 1), "left_county", 25),)),
        facts(due_items=(due("meet", 4),)),
        facts(history(("lost_contact", d(2026, 1, 1)))),
        facts(history(("pending_report", d(2026, 1, 1)))),
        facts(ON_LEAVE, last_contact_day=d(2026, 11, 5)),
        facts(TERM_2023, term_start=d(2023, 12, 1)),
        facts(RELEASED_LEAP),
        facts(birth_date=d(2010, 5, 1)),
        # The register of documents read: none signed, none issued, one never sent.
        facts(documents=()),
        facts(RELEASED_LEAP, documents=()),
        facts(RELEASED_LEAP, documents=(DocumentFact("release", d(2024, 2, 26)),)),
    ]
    days = (d(2026, 11, 29), d(2026, 12, 20), d(2027, 3, 1))
    found = {a.kind: a for p in people for day in days for a in alerts_for(p, day)}
    assert sorted(found) == sorted(ALERT_KINDS)
    for alert in found.values():
        for lang in ("zh", "en"):
            # Every placeholder filled (with no params, t leaves the text as it is).
            assert "{" not in t(alert.detail_key, lang, **alert.params), alert.kind


def test_every_key_the_new_modules_name_exists() -> None:
    pattern = re.compile(r'"((?:lifecycle|breach|alert|severity)\.[a-z_.0-9]+)"')
    modules = ("lifecycle.py", "breaches.py", "alerts.py", "draw.py")
    used = {m for name in modules for m in pattern.findall((PACKAGE / name).read_text())}
    assert used  # the pattern must find something to be a check at all
    assert sorted(key for key in used if key not in CATALOG) == []
