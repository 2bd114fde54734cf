"""The alerts over a generated township: the due headline's quick count of high alerts
equals the full list's, and every alert kind occurs in the sample."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from yuesong_cli.domain.alerts import ALERT_KINDS
from yuesong_cli.ledger.alertlist import alert_list, high_alert_count
from yuesong_cli.ledger.sample import generate
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
    assert high_alert_count(store, day) == sum(a.severity == "high" for a in full)


def test_every_alert_kind_occurs_in_the_sample(store: Store) -> None:
    kinds = {alert.kind for alert in alert_list(store, AS_OF)}
    assert kinds == set(ALERT_KINDS)


def test_the_list_is_most_severe_first(store: Store) -> None:
    order = {"high": 0, "medium": 1, "low": 2}
    ranks = [order[alert.severity] for alert in alert_list(store, AS_OF)]
    assert ranks == sorted(ranks)
