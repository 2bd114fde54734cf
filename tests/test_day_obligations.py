"""The day's obligations are worked out once and read by the due list, its headline and the
alerts: the streaks are handed over as facts (the alert rules judge them), whatever the
due list was asked to show, and the morning reports do not work the day out twice."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import cli, ok

from yuesong_cli.domain.alerts import STREAK_WARN
from yuesong_cli.domain.people import People
from yuesong_cli.ledger import alertlist
from yuesong_cli.ledger import due_report as due_module
from yuesong_cli.ledger.alertlist import alert_list, alert_report, high_alert_count
from yuesong_cli.ledger.due_report import due_report
from yuesong_cli.ledger.duelist import DayObligations, day_obligations
from yuesong_cli.ledger.sample import generate
from yuesong_cli.store.db import Store

AS_OF = dt.date(2026, 11, 29)
PACKAGE = Path(__file__).resolve().parent.parent / "yuesong_cli"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("day") / "ledger.db"
    store = Store(path, create=True)
    generate(store, persons=120, seed=5, as_of=AS_OF, years=1, progress=lambda _: None)
    store.close()
    return path


@pytest.fixture
def store(ledger: Path) -> Iterator[Store]:
    store = Store(ledger)
    yield store
    store.close()


@pytest.fixture
def worked_out(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The filters of each time the morning reports work out a day's obligations."""
    calls: list[dict[str, Any]] = []

    def counted(store: Store, as_of: dt.date, **filters: Any) -> DayObligations:
        calls.append(filters)
        return day_obligations(store, as_of, **filters)

    monkeypatch.setattr(due_module, "day_obligations", counted)
    monkeypatch.setattr(alertlist, "day_obligations", counted)
    return calls


def test_the_streaks_are_every_missed_streak_whatever_is_shown(store: Store) -> None:
    everything = day_obligations(store, AS_OF, include_done=True)
    narrow = day_obligations(store, AS_OF, rules=("urine",), within=0)
    assert narrow.streaks == everything.streaks
    items = [item for found in everything.streaks.values() for item in found]
    # Facts, not the alert threshold: a single missed window is handed over too.
    assert {item.missed_streak for item in items} >= {1, STREAK_WARN}
    assert all(item.missed_streak > 0 for item in items)
    assert narrow.everyone
    assert not day_obligations(store, AS_OF, people=People(village="岳宋村")).everyone


def test_the_due_list_imports_no_alert_rule() -> None:
    tree = ast.parse((PACKAGE / "ledger" / "duelist.py").read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "yuesong_cli.domain.obligations" in imported
    assert not any("alert" in name for name in imported)


def test_the_due_report_works_the_day_out_once(
    store: Store, worked_out: list[dict[str, Any]]
) -> None:
    report = due_report(store, AS_OF, rules=("meet",), within=3, count_high_alerts=True)
    assert len(worked_out) == 1
    assert report.high_alerts == sum(a.severity == "high" for a in alert_list(store, AS_OF))
    assert report.high_alerts
    assert report.township == store.setting("township")


def test_a_village_list_counts_the_townships_high_alerts(
    store: Store, worked_out: list[dict[str, Any]]
) -> None:
    village = due_report(store, AS_OF, people=People(village="岳宋村"), count_high_alerts=True)
    township = high_alert_count(store, day_obligations(store, AS_OF))
    assert village.high_alerts == township
    # The village's list, then the township's for the headline.
    asked = [call.get("people", People()) for call in worked_out]
    assert [people.village for people in asked] == ["岳宋村", None]
    assert village.obligations.persons < day_obligations(store, AS_OF).persons


def test_without_the_count_nothing_more_is_worked_out(
    store: Store, worked_out: list[dict[str, Any]]
) -> None:
    report = due_report(store, AS_OF, people=People(village="岳宋村"))
    assert report.high_alerts is None
    assert len(worked_out) == 1


def test_the_alert_report_works_the_day_out_once_and_gathers_its_labels(
    store: Store, worked_out: list[dict[str, Any]]
) -> None:
    report = alert_report(store, AS_OF)
    assert len(worked_out) == 1
    assert report.alerts == alert_list(store, AS_OF)
    assert {a.person_id for a in report.alerts} == set(report.labels.people)
    assert {"meet", "urine"} <= set(report.labels.rule_names)


def test_machine_formats_count_no_high_alerts(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON and CSV carry no headline, so the due command does not pay for its count."""
    counted: list[dt.date] = []

    def count(store: Store, obligations: DayObligations) -> int:
        counted.append(obligations.as_of)
        return 0

    monkeypatch.setattr(alertlist, "high_alert_count", count)
    run = cli(ledger)
    for fmt in ("json", "csv"):
        ok(run("due", "--as-of", AS_OF.isoformat(), "-f", fmt))
    assert counted == []
    shown = ok(run("due", "--as-of", AS_OF.isoformat(), "-f", "plain"))
    assert counted == [AS_OF]
    assert "高级预警 0 条" in shown
