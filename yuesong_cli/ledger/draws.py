"""A surprise-test draw (随机抽检) from the store: who may be drawn on a day, with the facts
their weight depends on, drawn by the seed (domain/draw.py) and recorded in the audit log.

The seed is an argument: the draw is the seed's, so the same seed on the same ledger
draws the same persons, here and in a test. Making one up when the officer gives none is
the command's part (randomness, like the clock, comes from outside)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from yuesong_cli.domain.dates import stored_date
from yuesong_cli.domain.draw import (
    EXCLUDE_DAYS,
    Candidate,
    draw,
    eligible,
    recently_positive,
    weight,
)
from yuesong_cli.store.db import Store


@dataclass(frozen=True)
class DrawResult:
    """A draw made: the day, the seed, the days of recent tests left out, how many were
    eligible, and the persons drawn in the order drawn (their register row with
    ``order``, from 1, and ``weight``)."""

    as_of: dt.date
    seed: str
    exclude_days: int
    eligible: int
    rows: list[dict[str, Any]]


def candidate(row: Mapping[str, Any], as_of: dt.date) -> Candidate:
    """A row of the store's draw candidates as the draw weighs it."""
    last_positive = stored_date(row["last_positive"])
    return Candidate(
        row["id"],
        row["risk_level"],
        bool(row["key_person"]),
        stored_date(row["last_test"]),
        recently_positive([last_positive] if last_positive else [], as_of),
    )


def surprise_draw(
    store: Store, as_of: dt.date, count: int, seed: str, exclude_days: int = EXCLUDE_DAYS
) -> DrawResult:
    """Draw ``count`` persons under active supervision on ``as_of`` by ``seed``, leaving
    out those tested in the last ``exclude_days`` days, and audit the draw (what was
    asked and who was drawn), so it can be shown later that the choice was the seed's."""
    rows = store.draw_candidates(as_of)
    candidates = {row["id"]: candidate(row, as_of) for row in rows}
    pool = list(candidates.values())
    drawn = draw(pool, count, seed, as_of, exclude_days)
    by_id = {row["id"]: row for row in rows}
    shown = [
        by_id[person_id] | {"order": index + 1, "weight": weight(candidates[person_id])}
        for index, person_id in enumerate(drawn)
    ]
    store.record_draw(as_of, count, seed, [row["case_no"] for row in shown])
    return DrawResult(as_of, seed, exclude_days, len(eligible(pool, as_of, exclude_days)), shown)
