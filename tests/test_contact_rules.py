"""What a contact entered by hand must be, and the day an entry of the record may carry
(domain/contacts.py), without the command-line runner: each refusal, and which one comes
first when a contact has several problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import pytest

from yuesong_cli.domain.contacts import check_entry_day, contact_refusal
from yuesong_cli.errors import InvalidInput
from yuesong_cli.messages import CATALOG, t

d = dt.date
TODAY = d(2026, 11, 29)
REGISTERED = d(2026, 1, 10)


@pytest.mark.parametrize(
    ("kinds", "mode", "result", "substance"),
    [
        (["meet"], "in_person", None, None),
        (["talk", "visit"], "phone", None, None),
        (["urine"], "in_person", "negative", None),
        (["meet", "urine"], "in_person", "positive", "meth"),
        (["urine"], "in_person", "refused", None),
        # A no-show may be recorded as the call that followed it.
        (["urine"], "phone", "absent", None),
        (["talk", "urine"], "video", "absent", None),
    ],
)
def test_a_coherent_contact_is_not_refused(
    kinds: Collection[str], mode: str, result: str | None, substance: str | None
) -> None:
    assert contact_refusal(kinds, mode, result, substance) is None


@pytest.mark.parametrize(
    ("kinds", "mode", "result", "substance", "reason"),
    [
        (["urine"], "in_person", None, None, "error.contact.urine_needs_result"),
        (["meet"], "in_person", "negative", None, "error.contact.result_needs_urine"),
        (["urine"], "phone", "negative", None, "error.contact.urine_in_person"),
        (["urine"], "video", "refused", None, "error.contact.urine_in_person"),
        (["urine"], "in_person", "positive", None, "error.contact.positive_needs_substance"),
        (["urine"], "in_person", "negative", "meth", "error.contact.substance_needs_positive"),
        (["meet"], "in_person", None, "heroin", "error.contact.substance_needs_positive"),
    ],
)
def test_each_refusal(
    kinds: Collection[str], mode: str, result: str | None, substance: str | None, reason: str
) -> None:
    assert contact_refusal(kinds, mode, result, substance) == reason
    assert reason in CATALOG


@pytest.mark.parametrize(
    ("kinds", "mode", "result", "substance", "reason"),
    [
        # A test without a result, by phone, with a substance: the missing result first.
        (["urine"], "phone", None, "meth", "error.contact.urine_needs_result"),
        # A result without a test, positive without a substance: the missing test first.
        (["meet"], "phone", "positive", None, "error.contact.result_needs_urine"),
        (["meet"], "in_person", "negative", "meth", "error.contact.result_needs_urine"),
        # Positive by phone without a substance: in person before the substance.
        (["urine"], "phone", "positive", None, "error.contact.urine_in_person"),
        (["urine"], "video", "negative", "meth", "error.contact.urine_in_person"),
    ],
)
def test_the_first_problem_is_the_one_reported(
    kinds: Collection[str], mode: str, result: str | None, substance: str | None, reason: str
) -> None:
    assert contact_refusal(kinds, mode, result, substance) == reason


def test_an_entry_day_from_registration_up_to_today_is_taken() -> None:
    for day in (REGISTERED, d(2026, 6, 1), TODAY):
        check_entry_day(day, TODAY, REGISTERED)


def refusal_of(day: dt.date, today: dt.date, registered_on: dt.date) -> InvalidInput:
    with pytest.raises(InvalidInput) as raised:
        check_entry_day(day, today, registered_on)
    return raised.value


def test_a_day_to_come_is_refused() -> None:
    error = refusal_of(TODAY + dt.timedelta(days=1), TODAY, REGISTERED)
    assert (error.key, error.params) == ("error.date.future", {})


def test_a_day_before_registration_is_refused_naming_the_registration() -> None:
    error = refusal_of(REGISTERED - dt.timedelta(days=1), TODAY, REGISTERED)
    assert (error.key, error.params) == (
        "error.contact.before_registration",
        {"day": "2026-01-10"},
    )
    assert error.message("en") == t("error.contact.before_registration", "en", day="2026-01-10")


def test_a_day_to_come_is_refused_first() -> None:
    # Registered after today (a record entered ahead): a later day is both to come and,
    # against registration, early enough; it is refused as a day to come.
    error = refusal_of(d(2026, 12, 1), TODAY, d(2026, 12, 5))
    assert error.key == "error.date.future"
