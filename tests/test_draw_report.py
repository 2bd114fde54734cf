"""A surprise-test draw from the store (ledger/draws.py) and its headline
(output/draw_view.py), without the command-line runner: who is a candidate with which
facts, the same seed drawing the same persons, the audit row, and the headline's counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import register_in

from yuesong_cli.domain.draw import Candidate, draw
from yuesong_cli.ledger.draws import DrawResult, candidate, surprise_draw
from yuesong_cli.output.draw_view import DRAW_COLUMNS, draw_headline
from yuesong_cli.store.contacts import NewContact
from yuesong_cli.store.db import Store

AS_OF = dt.date(2026, 11, 29)
# Person by sequence: risk, key person.
PERSONS = {1: ("low", False), 2: ("medium", True), 3: ("high", False), 4: (None, False),
           5: ("high", True), 6: ("low", False)}


def register(store: Store, sequence: int, since: dt.date, **fields: Any) -> int:
    name = f"岩{'一二三四五六七八'[sequence - 1]}"
    return register_in(store, name, 100 + sequence, since, **fields)


def urine(store: Store, person_id: int, day: dt.date, result: str) -> None:
    store.add_contact(
        NewContact(
            person_id=person_id,
            happened_on=day,
            kinds=["urine"],
            mode="in_person",
            urine_result=result,
            substance="meth" if result == "positive" else None,
        )
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "draw.db", create=True)
    start = dt.date(2026, 6, 1)
    for sequence, (risk, key) in PERSONS.items():
        fields: dict[str, Any] = {"key_person": key}
        if risk is not None:
            fields["risk_level"] = risk
        register(store, sequence, start, **fields)
    urine(store, 1, dt.date(2026, 11, 25), "negative")  # tested 4 days ago: left out
    urine(store, 3, dt.date(2026, 10, 1), "positive")  # positive within 90 days: weighs more
    urine(store, 6, dt.date(2026, 11, 22), "negative")  # 7 days ago: no longer left out
    yield store
    store.close()


def test_candidates_carry_what_the_draw_weighs(store: Store) -> None:
    rows = {row["id"]: row for row in store.draw_candidates(AS_OF)}
    assert candidate(rows[1], AS_OF) == Candidate(1, "low", False, dt.date(2026, 11, 25), False)
    assert candidate(rows[3], AS_OF) == Candidate(3, "high", False, dt.date(2026, 10, 1), True)
    assert candidate(rows[4], AS_OF) == Candidate(4, None, False, None, False)
    assert candidate(rows[5], AS_OF) == Candidate(5, "high", True, None, False)
    # Ninety days on, the positive test no longer adds to the weight.
    assert not candidate(rows[3], dt.date(2026, 12, 31)).recent_positive


def test_the_draw_is_the_seeds_and_matches_the_pure_draw(store: Store) -> None:
    rows = store.draw_candidates(AS_OF)
    expected = draw([candidate(row, AS_OF) for row in rows], 3, "4711", AS_OF, 7)
    result = surprise_draw(store, AS_OF, 3, "4711")
    assert [row["id"] for row in result.rows] == expected
    assert [row["order"] for row in result.rows] == [1, 2, 3]
    assert result.eligible == 5  # six under supervision, one tested in the last 7 days
    assert (result.as_of, result.seed, result.exclude_days) == (AS_OF, "4711", 7)
    again = surprise_draw(store, AS_OF, 3, "4711")
    assert again.rows == result.rows


def test_each_person_drawn_shows_the_weight(store: Store) -> None:
    result = surprise_draw(store, AS_OF, 10, "1")
    weights = {row["id"]: row["weight"] for row in result.rows}
    # low 1, medium 2 ×2 key, high 4 ×2 positive, unknown 2, high 4 ×2 key, low 1.
    assert weights == {2: 4, 3: 8, 4: 2, 5: 8, 6: 1}


def test_a_shorter_exclusion_lets_the_recently_tested_in(store: Store) -> None:
    result = surprise_draw(store, AS_OF, 10, "1", exclude_days=3)
    assert result.eligible == 6
    assert sorted(row["id"] for row in result.rows) == [1, 2, 3, 4, 5, 6]


def test_every_draw_is_audited_with_who_was_drawn(store: Store) -> None:
    before = len(store.audit_rows())
    result = surprise_draw(store, AS_OF, 2, "99")
    rows = store.audit_rows()[before:]
    assert len(rows) == 1
    drawn = ",".join(row["case_no"] for row in result.rows)
    assert rows[0]["action"] == "draw"
    assert rows[0]["note"] == f"as_of=2026-11-29 count=2 seed=99 drawn={drawn}"


def test_the_headline_says_the_counts_the_seed_and_the_exclusion() -> None:
    result = DrawResult(AS_OF, "123456", 7, 12, [{"case_no": "YS-0001"}, {"case_no": "YS-0002"}])
    assert draw_headline(result, "en") == (
        "Surprise tests 2026-11-29: 2 drawn from 12 eligible (seed 123456; tested in the "
        "last 7 days left out). The same seed draws the same."
    )
    assert draw_headline(result, "zh") == (
        "随机抽检 2026-11-29：从 12 名符合条件的人员中抽取 2 名（种子 123456，"
        "排除近 7 天内已检测者）。用同一种子可重现。"
    )


def test_the_columns_show_the_order_and_the_weight() -> None:
    keys = [column.key for column in DRAW_COLUMNS]
    assert keys[0] == "order" and keys[-1] == "weight"
    assert "name" in keys and "risk_level" in keys
