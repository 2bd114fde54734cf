"""The due list shared among worker processes gives the same answer as one process."""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
from pathlib import Path

import pytest

from yuesong_cli.domain.people import People
from yuesong_cli.domain.vocab import ACTIVE_STATUSES
from yuesong_cli.errors import NotFound
from yuesong_cli.ledger import duelist
from yuesong_cli.ledger.duelist import day_obligations
from yuesong_cli.ledger.sample import generate
from yuesong_cli.store.db import Store

AS_OF = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("due") / "ledger.db"
    store = Store(path, create=True)
    generate(store, persons=90, seed=7, as_of=AS_OF, years=1, progress=lambda _: None)
    store.close()
    return path


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"include_done": True},
        {"within": 3, "rules": ("meet", "urine")},
        {"people": People(village="岳宋村")},
        {"people": People(zone="第七片区")},
    ],
)
@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2026, 3, 1)])
def test_shares_in_worker_processes_give_the_same_list(
    ledger: Path, options: dict[str, object], as_of: dt.date
) -> None:
    store = Store(ledger)
    try:
        alone = day_obligations(store, as_of, workers=1, **options)  # type: ignore[arg-type]
        shared = day_obligations(store, as_of, workers=3, **options)  # type: ignore[arg-type]
    finally:
        store.close()
    assert alone.rows, "the example must have something due"
    assert shared.rows == alone.rows
    assert shared.counts == alone.counts
    assert shared.persons == alone.persons
    assert shared.streaks == alone.streaks


def test_shares_cover_every_person_once(ledger: Path) -> None:
    store = Store(ledger)
    try:
        first, last, count = store.person_id_bounds()
        shares = duelist._shares(store, 4)
    finally:
        store.close()
    assert count == 90
    covered = [i for share in shares if share for i in range(share[0], share[1] + 1)]
    assert covered == list(range(first, last + 1))


def test_few_persons_stay_in_one_process(ledger: Path) -> None:
    store = Store(ledger)
    try:
        assert duelist._shares(store, None) == [None]
    finally:
        store.close()


def test_an_error_in_a_worker_reaches_the_officer_whole() -> None:
    """A worker's error keeps its message parameters across the process boundary."""
    error = NotFound("error.db.no_folder", path="/nowhere")
    rebuilt = pickle.loads(pickle.dumps(error))
    assert isinstance(rebuilt, NotFound)
    assert rebuilt.message("en") == error.message("en")


def test_inside_a_transaction_the_list_sees_what_is_not_yet_committed(
    ledger: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "ledger.db"
    shutil.copyfile(ledger, copy)
    copy.chmod(0o600)
    store = Store(copy)
    try:
        before = day_obligations(store, AS_OF, workers=3).persons
        with pytest.raises(RuntimeError), store.transaction():
            detained = 0
            for person_id in range(90, 60, -1):
                if store.status_history(person_id)[-1].status in ACTIVE_STATUSES and detained < 3:
                    store.record_status(person_id, "detained", AS_OF, None, None, None)
                    detained += 1
            during = day_obligations(store, AS_OF, workers=3)
            assert detained == 3
            assert during.persons == before - 3
            assert during.rows == day_obligations(store, AS_OF, workers=1).rows
            raise RuntimeError("roll back")
        assert day_obligations(store, AS_OF, workers=3).persons == before
    finally:
        store.close()
