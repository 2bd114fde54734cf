"""The alerts over a generated township: the due headline's quick count of high alerts
equals the full list's, every alert kind occurs in the sample, and the alerts are read
only from the whole township's obligations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from yuesong_cli.domain.alerts import ALERT_KINDS, Alert
from yuesong_cli.domain.people import People
from yuesong_cli.ledger.alertlist import (
    AlertLabels,
    alert_labels,
    alert_list,
    alert_report,
    alerts_of,
    high_alert_count,
)
from yuesong_cli.ledger.duelist import day_obligations
from yuesong_cli.ledger.sample import generate
from yuesong_cli.messages import t
from yuesong_cli.output.alert_view import alert_table, alerts_page
from yuesong_cli.store.db import Store

AS_OF = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path: Path = tmp_path_factory.mktemp("alerts") / "ledger.db"
    store = Store(path, create=True)
    generate(store, persons=300, seed=1, as_of=AS_OF, years=2, progress=lambda _: None)
    return store


@pytest.mark.parametrize(
    "day", [AS_OF, dt.date(2026, 6, 30), dt.date(2025, 12, 31), dt.date(2027, 3, 1)]
)
def test_the_quick_high_count_equals_the_full_list(store: Store, day: dt.date) -> None:
    full = alert_list(store, day)
    high = high_alert_count(store, day_obligations(store, day))
    assert high == sum(a.severity == "high" for a in full)
    assert high > 0, "the example must have high alerts to count"


def test_the_alerts_refuse_a_villages_obligations(store: Store) -> None:
    """A village's list knows only its persons' streaks: the township's alerts cannot
    be read from it."""
    village = day_obligations(store, AS_OF, people=People(village="岳宋村"))
    assert not village.everyone
    with pytest.raises(ValueError, match="whole township"):
        alerts_of(store, village)
    with pytest.raises(ValueError, match="whole township"):
        high_alert_count(store, village)


def test_every_alert_kind_occurs_in_the_sample(store: Store) -> None:
    """Every kind but ``minor``: the sample's township has no minor under supervision
    (docs/domain.md "Minors", 一无); that alert is raised on a ledger of its own
    (test_outreach.py)."""
    kinds = {alert.kind for alert in alert_list(store, AS_OF)}
    assert kinds == set(ALERT_KINDS) - {"minor"}


def test_the_list_is_most_severe_first(store: Store) -> None:
    order = {"high": 0, "medium": 1, "low": 2}
    ranks = [order[alert.severity] for alert in alert_list(store, AS_OF)]
    assert ranks == sorted(ranks)


def test_alert_rows_are_built_from_the_labels_the_ledger_gathered() -> None:
    """Output reads no store: names, villages and rule names come as plain values."""
    found = [
        Alert(
            3,
            "YS-0003",
            "missed_streak",
            "high",
            AS_OF,
            "alert.detail.missed_streak",
            {"rule": "meet", "count": 5},
        ),
        Alert(
            9,
            "YS-0009",
            "file_incomplete",
            "low",
            AS_OF,
            "alert.detail.file_incomplete",
            {"count": 2, "fields": "phone,village_group"},
        ),
    ]
    labels = AlertLabels(
        {3: {"name": "张三", "village": "岳宋村"}}, {"meet": ("一周一见面", "weekly meeting")}
    )
    rows = alert_table("en", found, labels)
    assert [(r["case_no"], r["name"], r["village"], r["severity_label"]) for r in rows] == [
        ("YS-0003", "张三", "岳宋村", "high"),
        ("YS-0009", None, None, "low"),
    ]
    assert rows[0]["detail"] == t(
        "alert.detail.missed_streak", "en", rule="weekly meeting", count=5
    )
    assert rows[1]["detail"] == t(
        "alert.detail.file_incomplete",
        "en",
        count=2,
        fields=f"{t('col.phone', 'en')}, {t('col.group', 'en')}",
    )


def test_the_page_shows_the_alert_list_with_the_labels_of_its_persons(store: Store) -> None:
    found = alert_list(store, AS_OF)
    page = alerts_page(alert_report(store, AS_OF), "zh")
    assert page.rows == alert_table("zh", found, alert_labels(store, found))
    assert len(page.rows) == len(found) > 0
