"""The likely mistakes a contact is recorded despite (domain/contacts.contact_warnings) and
how ``log`` words them (output/log_view.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from yuesong_cli.domain.contacts import contact_warnings
from yuesong_cli.domain.obligations import DEFAULT_PLAN, Rule
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.domain.vocab import ACTIVE_STATUSES, CLOSED_STATUSES, PAUSED_STATUSES, STATUS
from yuesong_cli.output.log_view import warning_lines

DAY = dt.date(2026, 11, 20)
RULES = [r.rule for r in DEFAULT_PLAN.rules]
REHAB = StatusEntry(1, "community_rehab", dt.date(2025, 1, 1))


def warnings(
    kinds: set[str],
    mode: str = "in_person",
    result: str | None = None,
    status: StatusEntry | None = REHAB,
    rules: list[Rule] = RULES,
) -> list[tuple[str, dict[str, object]]]:
    return contact_warnings(kinds, mode, result, DAY, status, rules)


def test_a_meeting_by_phone_keeps_nothing() -> None:
    assert warnings({"meet"}, "phone") == [
        (
            "warn.contact.mode_keeps_nothing",
            {"mode": "phone", "missed": ("meet",), "needs": ("in_person",), "kept": ()},
        )
    ]


def test_a_meeting_and_talk_by_video_keeps_the_talk_only() -> None:
    assert warnings({"meet", "talk"}, "video") == [
        (
            "warn.contact.mode",
            {"mode": "video", "missed": ("meet",), "needs": ("in_person",), "kept": ("talk",)},
        )
    ]


def test_a_home_visit_by_phone_keeps_no_visit() -> None:
    [(key, params)] = warnings({"visit", "talk", "report"}, "phone")
    assert key == "warn.contact.mode"
    assert params["missed"] == ("visit",)
    assert params["kept"] == ("talk", "report")


@pytest.mark.parametrize(
    ("kinds", "mode"),
    [
        ({"meet"}, "in_person"),
        ({"meet", "talk", "visit"}, "in_person"),
        ({"talk"}, "phone"),  # a talk may be by phone: no meeting was meant
        ({"report"}, "video"),
        ({"talk", "report"}, "phone"),
    ],
)
def test_no_warning_for_what_the_mode_keeps(kinds: set[str], mode: str) -> None:
    assert warnings(kinds, mode) == []


def test_an_absent_test_by_phone_is_no_mode_mistake() -> None:
    # The call after a no-show (docs/model.md): the rule is missed for the result.
    assert warnings({"urine"}, "phone", "absent") == []


def test_a_plan_that_accepts_phone_meetings_gives_no_warning() -> None:
    rules = [Rule("meet", "calendar", period="week"), *RULES[1:]]
    assert warnings({"meet"}, "phone", rules=rules) == []


def test_a_plan_rule_of_its_own_is_named_when_missed() -> None:
    # An officer's rule: a visit in person, by any key; the contact asks for its kind.
    rules = [
        Rule(
            "home",
            "rolling",
            every_days=30,
            kinds=frozenset({"visit"}),
            modes=frozenset({"in_person", "video"}),
        )
    ]
    [(key, params)] = warnings({"visit"}, "phone", rules=rules)
    assert (key, params["missed"], params["needs"]) == (
        "warn.contact.mode_keeps_nothing",
        ("home",),
        ("in_person", "video"),
    )


@pytest.mark.parametrize(
    "status", sorted(CLOSED_STATUSES | {"pending_report", "voluntary", "maintenance"})
)
def test_a_contact_outside_supervision_is_warned_of(status: str) -> None:
    entry = StatusEntry(2, status, dt.date(2026, 11, 1))
    assert warnings({"meet"}, "phone", status=entry) == [
        (
            "warn.contact.not_supervised",
            {"status": status, "since": "2026-11-01", "day": "2026-11-20"},
        )
    ]


@pytest.mark.parametrize("status", sorted(ACTIVE_STATUSES | PAUSED_STATUSES))
def test_a_contact_under_supervision_or_paused_is_not(status: str) -> None:
    # A contact on a paused day keeps a window that has active days (docs/model.md).
    entry = StatusEntry(2, status, dt.date(2026, 11, 1))
    assert warnings({"meet"}, status=entry) == []


def test_every_status_is_classed() -> None:
    outside = {"pending_report", "voluntary", "maintenance"}
    assert set(STATUS.keys) == ACTIVE_STATUSES | PAUSED_STATUSES | CLOSED_STATUSES | outside


def test_no_status_yet_is_not_warned_of() -> None:
    assert warnings({"meet"}, status=None) == []


def test_the_sentences_say_what_counts_and_what_does_not() -> None:
    plan = list(DEFAULT_PLAN.rules)
    found = warnings({"meet", "talk"}, "phone")
    assert warning_lines(found, "YS-0001", plan, "zh") == [
        "注意：这次接触是电话，不计入一周一见面（须当面）；计入半月一谈话。已记录。"
    ]
    assert warning_lines(found, "YS-0001", plan, "en") == [
        "Note: this contact was by phone: it does not count for meet weekly (in person only);"
        " it counts for talk every half-month. It is recorded."
    ]
    closed = warnings({"meet"}, status=StatusEntry(2, "moved_out", dt.date(2026, 10, 1)))
    assert warning_lines(closed, "YS-0007", plan, "zh") == [
        "注意：YS-0007 自 2026-10-01 起为“迁出”，2026-11-20 不在社区管控中：这次接触已记入档案，"
        "但该状态下没有帮教义务，它不计入任何义务。"
    ]


def test_a_contact_in_person_is_never_the_mode_mistake() -> None:
    # An officer's rule kept only by a call: meeting in person instead is not an error.
    rules = [
        *RULES,
        Rule(
            "phone_talk",
            "rolling",
            every_days=10,
            kinds=frozenset({"talk"}),
            modes=frozenset({"phone", "video"}),
        ),
    ]
    assert warnings({"talk"}, "in_person", rules=rules) == []
