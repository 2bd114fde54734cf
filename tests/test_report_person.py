"""``report person`` as a report value (ledger/reports.py ``person_report``) and the
document made of it (output/report_view.py), read without the command line.

The ledger: 甲 (YS-0001), community treatment from Monday 2026-11-02; met and talked to on
11-03 and 11-17, met on 11-10, tested (negative) on 11-12; left the county on 11-06 and
again on 11-20 (recorded breaches).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import InvokeResult, build_ledger, id_number, ok

from yuesong_cli.domain.periods import span_period, weeks_ending
from yuesong_cli.ledger.reports import person_report
from yuesong_cli.output.report_view import person_document, person_sheets
from yuesong_cli.store.db import Store

Run = Callable[..., InvokeResult]

SPAN = span_period(dt.date(2026, 11, 9), dt.date(2026, 11, 29))


def build(run: Run) -> None:
    number = id_number(401, dt.date(1990, 1, 1))
    ok(run("person", "add", "--name", "甲", "--id-number", number, "--since", "2026-11-02"))
    ok(run("log", "YS-0001", "meet", "talk", "--on", "2026-11-03"))
    ok(run("log", "YS-0001", "meet", "--on", "2026-11-10"))
    ok(run("log", "YS-0001", "urine", "--result", "negative", "--on", "2026-11-12"))
    ok(run("log", "YS-0001", "meet", "talk", "--on", "2026-11-17"))
    ok(run("breach", "add", "YS-0001", "left_county", "--on", "2026-11-06", "--days", "2"))
    ok(run("breach", "add", "YS-0001", "left_county", "--on", "2026-11-20", "--days", "3"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = build_ledger(tmp_path_factory.mktemp("person") / "person.db", build)
    opened = Store(Path(path))
    yield opened
    opened.close()


def test_the_period_up_to_the_day_asked_with_the_most_recent_contacts(store: Store) -> None:
    report = person_report(store, 1, SPAN, dt.date(2026, 11, 29), recent=1)
    assert report.person["case_no"] == "YS-0001"
    assert [c["happened_on"] for c in report.contacts] == ["2026-11-17"]
    # Every test of the period is listed, however few contacts are.
    assert [c["happened_on"] for c in report.tests] == ["2026-11-12"]
    assert [b["happened_on"] for b in report.breaches] == ["2026-11-20"]


def test_nothing_after_the_day_asked(store: Store) -> None:
    report = person_report(store, 1, SPAN, dt.date(2026, 11, 15), recent=20)
    assert [c["happened_on"] for c in report.contacts] == ["2026-11-12", "2026-11-10"]
    assert report.breaches == []


def test_the_calendar_leaves_a_window_open_on_its_deadline_day_uncounted(store: Store) -> None:
    sunday = {r.rule: r for r in person_report(store, 1, SPAN, dt.date(2026, 11, 29), 20).calendar}
    # Weeks ending 11-15 and 11-22 kept; the week ending Sunday 11-29 still open that day.
    assert [o.state for o in sunday["meet"].windows] == ["kept", "kept", "open"]
    assert (sunday["meet"].kept, sunday["meet"].due) == (2, 2)
    monday = person_report(
        store, 1, weeks_ending(dt.date(2026, 11, 30), 3), dt.date(2026, 11, 30), 20
    )
    meet = next(r for r in monday.calendar if r.rule == "meet")
    assert [o.state for o in meet.windows] == ["kept", "kept", "missed"]
    assert (meet.kept, meet.due) == (2, 3)


def test_the_document_shows_marks_and_the_status_of_the_day(store: Store) -> None:
    report = person_report(store, 1, SPAN, dt.date(2026, 11, 29), recent=20)
    document = person_document(report, "en")
    sections = dict(document.sections)
    calendar = {row["rule"]: row for row in sections["calendar"].rows}
    assert (calendar["meet"]["marks"], calendar["meet"]["kept"], calendar["meet"]["due"]) == (
        "●●○",
        2,
        2,
    )
    fields = {column.key: value for column, value in document.fields}
    assert (fields["case_no"], fields["status"]) == ("YS-0001", "community_treatment")
    assert [row["happened_on"] for row in sections["tests"].rows] == ["2026-11-12"]
    sheets = person_sheets(document, "en")
    # The file itself, then one sheet a section.
    assert [len(sheet.rows) for sheet in sheets[:1]] == [1]
    assert len(sheets) == 1 + len(document.sections)
