"""An obligation counts in a period's figures once its deadline has passed or it has been
kept (docs/domain.md "Figures reported upward"): on its deadline day an obligation still
open is neither due nor missed, so a rate does not drop on every deadline day and recover
the next. The report value of ledger/reports.py, read without the command line.

The ledger, November 2026 (Sunday 29th is the deadline of the week 11-23~11-29):

- 甲 (YS-0001) and 乙 (YS-0002), community treatment from Monday 11-02, met and talked to
  on 11-03 and 11-17, met on 11-10; 乙 met again on Sunday 11-29, the deadline day.
- 丙 (YS-0003), community treatment from Monday 11-23, never met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import InvokeResult, build_ledger, id_number, ok

from yuesong_cli.domain.periods import parse_period
from yuesong_cli.ledger.reports import Summary, Tally, summary
from yuesong_cli.store.db import Store

Run = Callable[..., InvokeResult]

NOVEMBER = parse_period("2026-11")
DEADLINE = dt.date(2026, 11, 29)
NEXT_DAY = dt.date(2026, 11, 30)
JIA, YI, BING = 1, 2, 3


def build(run: Run) -> None:
    for sequence, name, since in [
        (301, "甲", "2026-11-02"),
        (302, "乙", "2026-11-02"),
        (303, "丙", "2026-11-23"),
    ]:
        number = id_number(sequence, dt.date(1990, 1, 1))
        ok(run("person", "add", "--name", name, "--id-number", number, "--since", since))
    for ref in ("YS-0001", "YS-0002"):
        ok(run("log", ref, "meet", "talk", "--on", "2026-11-03"))
        ok(run("log", ref, "meet", "--on", "2026-11-10"))
        ok(run("log", ref, "meet", "talk", "--on", "2026-11-17"))
    ok(run("log", "YS-0002", "meet", "--on", "2026-11-29"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = build_ledger(tmp_path_factory.mktemp("deadline") / "deadline.db", build)
    opened = Store(Path(path))
    yield opened
    opened.close()


def meet(result: Summary, person: int | None = None) -> Tally:
    """The meeting obligations of November: the township's, or one person's."""
    if person is not None:
        return result.facts.people[person].tally(NOVEMBER).get("meet", Tally())
    found = next(t for t in result.rules if t.rule == "meet")
    return Tally(found.due, found.kept, found.missed, found.open, found.late)


def figure(result: Summary, key: str) -> tuple[int, int]:
    found = next(f for f in result.figures if f.key == key)
    return found.current.numerator, found.current.denominator


def test_on_the_deadline_day_an_open_obligation_is_not_in_the_denominator(store: Store) -> None:
    result = summary(store, NOVEMBER, DEADLINE)
    # 甲's week 11-23~29 is open that Sunday: shown as open, not due, not missed.
    assert meet(result, JIA)[:4] == (3, 3, 0, 1)
    assert meet(result, BING)[:4] == (0, 0, 0, 1)
    assert meet(result)[:4] == (7, 7, 0, 2)
    assert figure(result, "rule.meet") == (7, 7)
    # 丙 owes nothing counted yet: not among the persons the control rate is over.
    assert figure(result, "control_rate") == (2, 2)
    # The weekly chart ends with the last week that is over: 11-23~29 is not yet, and
    # would read 100% on its Sunday from what has been kept so far.
    assert result.weekly[-1]["week_start"] == "2026-11-16"


def test_kept_on_the_deadline_day_it_counts(store: Store) -> None:
    result = summary(store, NOVEMBER, DEADLINE)
    assert meet(result, YI)[:4] == (4, 4, 0, 0)


def test_the_next_day_an_obligation_not_kept_counts_as_missed(store: Store) -> None:
    result = summary(store, NOVEMBER, NEXT_DAY)
    assert meet(result, JIA)[:4] == (4, 3, 1, 0)
    assert meet(result, YI)[:4] == (4, 4, 0, 0)
    assert meet(result, BING)[:4] == (1, 0, 1, 0)
    assert figure(result, "rule.meet") == (7, 9)
    last_week = result.weekly[-1]
    assert (last_week["week_start"], last_week["due"], last_week["kept"]) == ("2026-11-23", 3, 1)
    # The half-month ending 11-30 is now on its deadline day: kept by 甲 and 乙 on 11-17,
    # so counted; still open for 丙, so not.
    talk = next(t for t in result.rules if t.rule == "talk")
    assert (talk.due, talk.kept, talk.missed, talk.open) == (4, 4, 0, 1)
    # 甲 and 丙 each missed a week.
    assert figure(result, "control_rate") == (1, 3)


def test_a_rate_does_not_drop_on_the_deadline_day_and_recover_the_next(store: Store) -> None:
    # Everything counted was kept on Saturday, on Sunday (乙's meeting that day) and on
    # Monday but for the two weeks missed by then.
    rates = [
        summary(store, NOVEMBER, day).figures[0]
        for day in (DEADLINE - dt.timedelta(days=1), DEADLINE, NEXT_DAY)
    ]
    assert [f.key for f in rates] == ["rule.meet"] * 3
    assert [(f.current.numerator, f.current.denominator) for f in rates] == [
        (6, 6),
        (7, 7),
        (7, 9),
    ]
