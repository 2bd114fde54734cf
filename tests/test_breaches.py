"""Breaches of the agreement and the serious-breach thresholds, at their edges."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yuesong_cli.domain.breaches import (
    BREACH_KINDS,
    REASON_PARAMS,
    Breach,
    BreachCount,
    breach_refusal,
    breaches_from_tests,
    check_breach_day,
    summarise,
)
from yuesong_cli.domain.obligations import Contact
from yuesong_cli.errors import InvalidInput
from yuesong_cli.messages import CATALOG, t

d = dt.date
TERM = d(2025, 1, 6)
AS_OF = d(2026, 11, 29)


def refused(*days: dt.date) -> list[Breach]:
    return [Breach(day, "refused_test") for day in days]


def away(*spells: tuple[dt.date, int]) -> list[Breach]:
    return [Breach(day, "left_county", days) for day, days in spells]


def test_no_breaches_is_neither_serious_nor_near() -> None:
    count = summarise([], TERM, AS_OF)
    assert (count.serious, count.near, count.reasons, count.reached_on) == (False, False, (), None)


def test_two_refusals_are_one_step_away_three_are_serious() -> None:
    two = summarise(refused(d(2025, 3, 1), d(2025, 5, 1)), TERM, AS_OF)
    assert (two.tests_dodged, two.serious, two.near) == (2, False, True)
    assert two.reasons == ("breach.near.dodged",)
    assert two.reached_on == d(2025, 5, 1)
    three = summarise(refused(d(2025, 3, 1), d(2025, 5, 1), d(2025, 9, 1)), TERM, AS_OF)
    assert (three.tests_dodged, three.serious, three.near) == (3, True, False)
    assert three.reasons == ("breach.serious.dodged",)
    assert three.reached_on == d(2025, 9, 1)


def test_refusing_and_not_coming_both_count_as_dodging() -> None:
    breaches = [
        Breach(d(2025, 3, 1), "absent_test"),
        Breach(d(2025, 4, 1), "refused_test"),
        Breach(d(2025, 5, 1), "absent_test"),
    ]
    assert summarise(breaches, TERM, AS_OF).serious


def test_a_test_dodged_is_counted_once_per_day() -> None:
    # The refused urine contact and a breach entered by hand for the same test.
    breaches = refused(d(2025, 3, 1), d(2025, 3, 1)) + [Breach(d(2025, 3, 1), "absent_test")]
    breaches += refused(d(2025, 4, 1))
    count = summarise(breaches, TERM, AS_OF)
    assert (count.tests_dodged, count.serious, count.near) == (2, False, True)


def test_two_leavings_are_one_step_away_three_are_serious() -> None:
    two = summarise(away((d(2025, 3, 1), 2), (d(2025, 4, 1), 3)), TERM, AS_OF)
    assert (two.leavings, two.days_away, two.serious, two.near) == (2, 5, False, True)
    assert two.reasons == ("breach.near.leavings",)
    three = summarise(away((d(2025, 3, 1), 2), (d(2025, 4, 1), 3), (d(2025, 5, 1), 1)), TERM, AS_OF)
    assert (three.leavings, three.serious) == (3, True)
    assert three.reasons == ("breach.serious.leavings",)
    assert three.reached_on == d(2025, 5, 1)


@pytest.mark.parametrize(
    ("days", "serious", "near"),
    [(20, False, False), (21, False, True), (30, False, True), (31, True, False)],
)
def test_days_away_thirty_is_not_serious_thirty_one_is(
    days: int, serious: bool, near: bool
) -> None:
    count = summarise(away((d(2025, 3, 1), days)), TERM, AS_OF)
    assert (count.days_away, count.serious, count.near) == (days, serious, near)


def test_days_away_add_up_over_leavings() -> None:
    count = summarise(away((d(2025, 3, 1), 16), (d(2025, 6, 1), 15)), TERM, AS_OF)
    assert (count.days_away, count.serious, count.reasons) == (
        31,
        True,
        ("breach.serious.days_away",),
    )
    assert count.reached_on == d(2025, 6, 1)


def test_near_on_several_grounds_names_each() -> None:
    breaches = refused(d(2025, 2, 1), d(2025, 2, 15)) + away(
        (d(2025, 3, 1), 12), (d(2025, 4, 1), 9)
    )
    count = summarise(breaches, TERM, AS_OF)
    assert count.reasons == ("breach.near.dodged", "breach.near.leavings", "breach.near.days_away")
    assert count.reached_on == d(2025, 2, 15)


def test_serious_hides_near_grounds() -> None:
    breaches = refused(d(2025, 2, 1), d(2025, 2, 15), d(2025, 3, 1)) + away((d(2025, 3, 1), 25))
    count = summarise(breaches, TERM, AS_OF)
    assert (count.serious, count.near, count.reasons) == (True, False, ("breach.serious.dodged",))


def test_only_breaches_of_the_term_up_to_the_day_count() -> None:
    breaches = refused(d(2025, 1, 5), d(2025, 1, 6), d(2026, 11, 29), d(2026, 11, 30))
    count = summarise(breaches, TERM, AS_OF)
    # The day before the term and the day after as_of are left out; both ends are in.
    assert count.tests_dodged == 2


def test_other_breaches_are_counted_but_never_serious() -> None:
    count = summarise([Breach(d(2025, 2, day), "other") for day in range(1, 10)], TERM, AS_OF)
    assert (count.others, count.serious, count.near) == (9, False, False)


def test_refused_and_absent_tests_are_breaches_by_themselves() -> None:
    contacts = [
        Contact(1, d(2025, 3, 1), frozenset({"urine"}), "in_person", "refused"),
        Contact(2, d(2025, 4, 1), frozenset({"urine"}), "in_person", "absent"),
        Contact(3, d(2025, 5, 1), frozenset({"urine", "talk"}), "in_person", "negative"),
        Contact(4, d(2025, 6, 1), frozenset({"urine"}), "in_person", "positive"),
        Contact(5, d(2025, 7, 1), frozenset({"talk"}), "phone"),
    ]
    assert breaches_from_tests(contacts) == [
        Breach(d(2025, 3, 1), "refused_test"),
        Breach(d(2025, 4, 1), "absent_test"),
    ]


@pytest.mark.parametrize(
    ("kind", "days", "reason"),
    [
        ("left_county", 1, None),
        ("left_county", None, "breach.days_required"),
        ("left_county", 0, "breach.days_required"),
        ("refused_test", None, None),
        ("other", None, None),
        ("other", 3, "breach.days_only_left_county"),
        ("fight", None, "breach.unknown_kind"),
    ],
)
def test_what_a_breach_record_needs(kind: str, days: int | None, reason: str | None) -> None:
    assert breach_refusal(kind, days) == reason
    assert reason is None or reason in CATALOG


def test_every_reason_and_kind_is_in_the_catalog() -> None:
    keys = [f"breach.kind.{kind}" for kind in BREACH_KINDS]
    grounds = ("dodged", "leavings", "days_away")
    keys += [f"breach.{level}.{ground}" for level in ("serious", "near") for ground in grounds]
    assert [key for key in keys if key not in CATALOG] == []


# --- properties ---------------------------------------------------------------------

breach_st = st.builds(
    Breach,
    day=st.dates(d(2025, 1, 1), d(2026, 12, 31)),
    kind=st.sampled_from(BREACH_KINDS),
    days_away=st.integers(1, 20),
).map(lambda b: b if b.kind == "left_county" else b._replace(days_away=None))


def _level(count: BreachCount) -> int:
    return 2 if count.serious else 1 if count.near else 0


@given(st.lists(breach_st, max_size=12))
def test_the_thresholds_hold_for_any_breaches(breaches: list[Breach]) -> None:
    count = summarise(breaches, TERM, AS_OF)
    assert count.serious == (count.tests_dodged >= 3 or count.leavings >= 3 or count.days_away > 30)
    assert not (count.serious and count.near)
    assert (count.reached_on is None) == (not count.serious and not count.near)
    if count.reached_on is not None:
        assert TERM <= count.reached_on <= AS_OF


@given(st.lists(breach_st, max_size=10), breach_st)
def test_a_further_breach_never_lowers_the_level(breaches: list[Breach], extra: Breach) -> None:
    before = summarise(breaches, TERM, AS_OF)
    after = summarise([*breaches, extra], TERM, AS_OF)
    assert _level(after) >= _level(before)


def test_every_reason_says_its_threshold_from_the_rule_itself() -> None:
    reasons = {key for key in CATALOG if key.startswith(("breach.serious.", "breach.near."))}
    assert set(REASON_PARAMS) == reasons
    for key, params in REASON_PARAMS.items():
        for lang in ("zh", "en"):
            text = t(key, lang, **params)
            assert "{" not in text, text
            assert all(str(number) in text for number in params.values()), text


def breach_day_refusal(
    day: dt.date, today: dt.date, registered_on: dt.date, days_away: int | None
) -> tuple[str, dict[str, object]] | None:
    try:
        check_breach_day(day, today, registered_on, days_away)
    except InvalidInput as error:
        return error.key, error.params
    return None


BREACH_TODAY = d(2026, 11, 29)
BREACH_REGISTERED = d(2026, 11, 23)


@pytest.mark.parametrize(
    ("day", "days", "refusal"),
    [
        (BREACH_TODAY, None, None),
        (BREACH_TODAY, 1, None),
        (BREACH_REGISTERED, 7, None),
        (d(2026, 11, 30), None, ("error.date.future", {})),
        (d(2026, 11, 27), 4, ("breach.days_too_many", {"most": 3})),
        (BREACH_TODAY, 2, ("breach.days_too_many", {"most": 1})),
        (d(2026, 11, 22), None, ("error.contact.before_registration", {"day": "2026-11-23"})),
    ],
)
def test_what_day_a_breach_may_carry(
    day: dt.date, days: int | None, refusal: tuple[str, dict[str, object]] | None
) -> None:
    assert breach_day_refusal(day, BREACH_TODAY, BREACH_REGISTERED, days) == refusal


def test_a_day_to_come_is_refused_before_days_away_are_counted() -> None:
    # Any days away would be too many from a day to come; the day is what is wrong.
    assert breach_day_refusal(d(2026, 12, 5), BREACH_TODAY, BREACH_REGISTERED, 3) == (
        "error.date.future",
        {},
    )


def test_too_many_days_away_are_refused_before_a_day_before_registration() -> None:
    assert breach_day_refusal(d(2026, 11, 20), BREACH_TODAY, BREACH_REGISTERED, 40) == (
        "breach.days_too_many",
        {"most": 10},
    )
    assert breach_day_refusal(d(2026, 11, 20), BREACH_TODAY, BREACH_REGISTERED, 10) == (
        "error.contact.before_registration",
        {"day": "2026-11-23"},
    )
