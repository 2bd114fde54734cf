"""Surprise tests (随机抽检): a reproducible random choice of persons, weighted by risk.

Pure code: the caller gives the candidates, a seed and the day. The same seed and the
same candidates give the same persons in the same order, on any machine, so a draw can
be shown to have been made fairly and be made again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import NamedTuple

# Persons tested this recently are left out (a test within the last 7 days, today
# included, says little new).
EXCLUDE_DAYS = 7
# A positive test this recent makes a person more likely to be drawn (see weight).
RECENT_POSITIVE_DAYS = 90

# Relative chances by risk level. Unknown risk weighs as medium: an unassessed person
# should neither escape tests nor crowd out the known high-risk ones.
RISK_WEIGHTS = {"low": 1, "medium": 2, "high": 4, None: 2}
KEY_PERSON_FACTOR = 2
RECENT_POSITIVE_FACTOR = 2


class Candidate(NamedTuple):
    """A person who may be drawn, with what the weight and the exclusion depend on."""

    person_id: int
    risk: str | None = None
    key_person: bool = False
    last_test: dt.date | None = None
    recent_positive: bool = False


def weight(candidate: Candidate) -> int:
    """Chance of ``candidate`` relative to others: by risk (low 1, medium 2, high 4,
    unknown 2), doubled for a key person and again after a positive test in the last
    RECENT_POSITIVE_DAYS days. So 1 to 16."""
    value = RISK_WEIGHTS.get(candidate.risk, RISK_WEIGHTS[None])
    if candidate.key_person:
        value *= KEY_PERSON_FACTOR
    if candidate.recent_positive:
        value *= RECENT_POSITIVE_FACTOR
    return value


def recently_positive(positive_days: Iterable[dt.date], as_of: dt.date) -> bool:
    """Whether a positive test fell in the RECENT_POSITIVE_DAYS days up to ``as_of``."""
    first = as_of - dt.timedelta(days=RECENT_POSITIVE_DAYS)
    return any(first < day <= as_of for day in positive_days)


def eligible(
    candidates: Iterable[Candidate], as_of: dt.date, exclude_days: int = EXCLUDE_DAYS
) -> list[Candidate]:
    """The candidates not tested in the ``exclude_days`` days up to ``as_of`` (a test on
    ``as_of`` − ``exclude_days`` no longer excludes), by person id."""
    cutoff = as_of - dt.timedelta(days=exclude_days)
    return sorted(
        (c for c in candidates if c.last_test is None or c.last_test <= cutoff),
        key=lambda c: c.person_id,
    )


def uniform(seed: int | str, person_id: int) -> float:
    """A number in (0, 1) fixed by the seed and the person: SHA-256 of both, the same on
    every machine and run (Python's own hash() is salted per process)."""
    digest = hashlib.sha256(f"{seed}:{person_id}".encode()).digest()
    # 53 bits fill a float's mantissa; the half step keeps 0 out (0 ** (1/w) ties).
    return ((int.from_bytes(digest[:8], "big") >> 11) + 0.5) / 2**53


def _key(seed: int | str, candidate: Candidate) -> float:
    """The Efraimidis–Spirakis key u ** (1 / w): the largest keys form a weighted sample
    without replacement. u depends on the seed and the person only, so a person's chance
    does not depend on who else is in the pool or in what order they come."""
    return float(uniform(seed, candidate.person_id) ** (1.0 / weight(candidate)))


def draw(
    candidates: Sequence[Candidate],
    count: int,
    seed: int | str,
    as_of: dt.date,
    exclude_days: int = EXCLUDE_DAYS,
) -> list[int]:
    """``count`` person ids drawn from the eligible candidates, weighted, none twice, in
    the order drawn; all of them when fewer are eligible."""
    if count < 0:
        raise ValueError("count must not be negative")
    if exclude_days < 0:
        raise ValueError("exclude_days must not be negative")
    ids = [c.person_id for c in candidates]
    if len(set(ids)) != len(ids):
        raise ValueError("a person appears twice among the candidates")
    pool = eligible(candidates, as_of, exclude_days)
    ranked = sorted(pool, key=lambda c: (-_key(seed, c), c.person_id))
    return [c.person_id for c in ranked[:count]]
