"""A person's breaches as ``breach list`` shows them (ledger/breachlist.py,
output/breach_view.py), without the command-line runner: the breaches up to the day
asked, counted from the start of the term in force, and the headline's verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import register_in

from yuesong_cli.domain.breaches import BreachCount
from yuesong_cli.ledger.breachlist import BreachReport, breach_report
from yuesong_cli.output.breach_view import BREACH_COLUMNS, breach_headline, breach_verdict
from yuesong_cli.store.contacts import NewContact
from yuesong_cli.store.db import Store

REGISTERED = dt.date(2026, 1, 5)
TERM_START = dt.date(2026, 3, 1)


def register(store: Store, sequence: int, **fields: Any) -> int:
    name = "岩嘎" if sequence == 1 else "叶门"
    return register_in(store, name, 200 + sequence, REGISTERED, **fields)


def urine(store: Store, person_id: int, day: dt.date, result: str) -> None:
    mode = "phone" if result == "absent" else "in_person"
    store.add_contact(NewContact(person_id, day, ["urine"], mode, urine_result=result))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "breaches.db", create=True)
    # The file's term starts after registration: breaches before it are shown, not counted.
    person = register(store, 1, term_start=TERM_START)
    store.add_breach(person, dt.date(2026, 2, 1), "other", None, "before the term")
    store.add_breach(person, dt.date(2026, 3, 10), "left_county", 12, None)
    urine(store, person, dt.date(2026, 4, 1), "refused")
    # The same test recorded by hand too: one breach, shown once.
    store.add_breach(person, dt.date(2026, 4, 1), "refused_test", None, "refused")
    urine(store, person, dt.date(2026, 5, 6), "absent")
    store.add_breach(person, dt.date(2026, 9, 1), "left_county", 20, None)
    register(store, 2)
    yield store
    store.close()


def test_the_rows_are_every_breach_up_to_the_day_oldest_first(store: Store) -> None:
    report = breach_report(store, 1, dt.date(2026, 6, 30))
    assert [(r["happened_on"], r["kind"], r["source"]) for r in report.rows] == [
        ("2026-02-01", "other", "recorded"),
        ("2026-03-10", "left_county", "recorded"),
        ("2026-04-01", "refused_test", "recorded"),
        ("2026-05-06", "absent_test", "test"),
    ]
    assert report.case_no == "YS-0001"
    assert report.as_of == dt.date(2026, 6, 30)


def test_the_count_runs_from_the_term_in_force(store: Store) -> None:
    report = breach_report(store, 1, dt.date(2026, 6, 30))
    assert report.since == TERM_START
    count = report.count
    assert (count.tests_dodged, count.leavings, count.days_away, count.others) == (2, 1, 12, 0)
    assert count.near and not count.serious  # two dodges: one short of three
    assert breach_verdict(report) == "near"


def test_a_day_asked_later_counts_what_came_since(store: Store) -> None:
    report = breach_report(store, 1, dt.date(2026, 9, 1))
    assert len(report.rows) == 5
    assert (report.count.leavings, report.count.days_away) == (2, 32)
    assert report.count.serious  # more than 30 days away in the term
    assert breach_verdict(report) == "serious"


def test_without_a_term_the_count_runs_from_registration(store: Store) -> None:
    report = breach_report(store, 2, dt.date(2026, 6, 30))
    assert report.rows == []
    assert report.since == REGISTERED
    assert breach_verdict(report) == "none"


def test_the_headline_says_the_counts_and_the_verdict() -> None:
    count = BreachCount(2, 1, 12, 0, False, True, ("breach.near.dodged",), dt.date(2026, 5, 6))
    report = BreachReport("YS-0001", dt.date(2026, 6, 30), TERM_START, [], count)
    assert breach_headline(report, "en") == (
        "YS-0001 this term (since 2026-03-01): tests dodged or refused: 2; left the county: 1 "
        "(days away: 12); other: 0. One more is a serious breach."
    )
    serious = report.count._replace(serious=True, near=False)
    assert breach_headline(
        BreachReport("YS-0001", report.as_of, TERM_START, [], serious), "zh"
    ).endswith("已构成严重违反协议。")


def test_the_columns_show_where_each_breach_comes_from() -> None:
    assert [column.key for column in BREACH_COLUMNS] == [
        "happened_on", "kind", "days_away", "source", "note",
    ]
