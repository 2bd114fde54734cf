"""Surprise-test draws: reproducible, weighted by risk, leaving out the recently tested."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yuesong_cli.domain.draw import Candidate, draw, eligible, recently_positive, uniform, weight

d = dt.date
AS_OF = d(2026, 11, 29)


def pool(size: int) -> list[Candidate]:
    risks = ("low", "medium", "high", None)
    return [
        Candidate(number, risks[number % 4], number % 5 == 0, None, number % 7 == 0)
        for number in range(1, size + 1)
    ]


def test_the_same_seed_draws_the_same_persons_in_the_same_order() -> None:
    candidates = pool(20)
    first = draw(candidates, 5, "2026-11-29", AS_OF)
    assert draw(candidates, 5, "2026-11-29", AS_OF) == first
    shuffled = candidates[:]
    random.Random(7).shuffle(shuffled)
    assert draw(shuffled, 5, "2026-11-29", AS_OF) == first


def test_a_draw_is_the_same_on_every_machine_and_release() -> None:
    # Pinned: a draw the officer made must come out the same when it is checked later.
    assert draw(pool(20), 5, "2026-11-29", AS_OF) == [15, 6, 7, 18, 1]
    assert draw(pool(20), 5, 42, AS_OF) == [10, 18, 2, 19, 15]


def test_different_seeds_draw_differently_from_a_large_pool() -> None:
    candidates = pool(200)
    draws = {tuple(draw(candidates, 10, seed, AS_OF)) for seed in range(5)}
    assert len(draws) == 5


def test_a_persons_chance_does_not_depend_on_who_else_is_in_the_pool() -> None:
    # Adding a newcomer shifts nobody else: the order of the others is kept.
    before = draw(pool(30), 30, 9, AS_OF)
    after = draw([*pool(30), Candidate(99, "low")], 31, 9, AS_OF)
    assert [p for p in after if p != 99] == before


def test_persons_tested_in_the_last_seven_days_are_left_out() -> None:
    candidates = [
        Candidate(1, last_test=AS_OF),
        Candidate(2, last_test=AS_OF - dt.timedelta(days=6)),
        Candidate(3, last_test=AS_OF - dt.timedelta(days=7)),
        Candidate(4, last_test=None),
        Candidate(5, last_test=d(2026, 1, 1)),
    ]
    assert sorted(draw(candidates, 10, 1, AS_OF)) == [3, 4, 5]
    assert sorted(draw(candidates, 10, 1, AS_OF, exclude_days=30)) == [4, 5]
    assert sorted(draw(candidates, 10, 1, AS_OF, exclude_days=0)) == [1, 2, 3, 4, 5]


def test_asking_for_more_than_are_eligible_gives_all_of_them() -> None:
    candidates = [Candidate(n) for n in (5, 3, 8)]
    assert sorted(draw(candidates, 10, 1, AS_OF)) == [3, 5, 8]
    assert draw(candidates, 0, 1, AS_OF) == []
    assert draw([], 3, 1, AS_OF) == []


def test_nonsense_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        draw(pool(3), -1, 1, AS_OF)
    with pytest.raises(ValueError, match="twice"):
        draw([Candidate(1), Candidate(1, "high")], 1, 1, AS_OF)


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (Candidate(1, "low"), 1),
        (Candidate(1, "medium"), 2),
        (Candidate(1, "high"), 4),
        (Candidate(1, None), 2),
        (Candidate(1, "high", key_person=True), 8),
        (Candidate(1, "low", recent_positive=True), 2),
        (Candidate(1, "high", key_person=True, recent_positive=True), 16),
    ],
)
def test_weights(candidate: Candidate, expected: int) -> None:
    assert weight(candidate) == expected


def test_a_high_risk_person_is_drawn_more_often() -> None:
    # One high (weight 4) among nine low (weight 1): first pick 4/13 ~ 31 % against
    # 1/13 ~ 8 % each. Fixed seeds, so the counts are fixed too.
    candidates = [Candidate(1, "high")] + [Candidate(n, "low") for n in range(2, 11)]
    firsts = Counter(draw(candidates, 1, seed, AS_OF)[0] for seed in range(400))
    assert 90 <= firsts[1] <= 150
    assert firsts[1] > 2 * max(firsts[n] for n in range(2, 11))


def test_a_key_person_is_drawn_about_twice_as_often() -> None:
    candidates = [Candidate(1, "medium"), Candidate(2, "medium", key_person=True)]
    firsts = Counter(draw(candidates, 1, seed, AS_OF)[0] for seed in range(300))
    assert firsts[2] > 1.5 * firsts[1]


def test_recently_positive_means_the_last_ninety_days() -> None:
    assert recently_positive([AS_OF - dt.timedelta(days=89)], AS_OF)
    assert not recently_positive([AS_OF - dt.timedelta(days=90)], AS_OF)
    assert not recently_positive([AS_OF + dt.timedelta(days=1)], AS_OF)
    assert not recently_positive([], AS_OF)


def test_uniform_numbers_stay_inside_the_open_interval() -> None:
    values = [uniform("s", n) for n in range(2000)]
    assert all(0 < value < 1 for value in values)
    assert 0.45 < sum(values) / len(values) < 0.55


# --- properties ---------------------------------------------------------------------

candidate_st = st.builds(
    Candidate,
    person_id=st.integers(1, 10_000),
    risk=st.sampled_from(["low", "medium", "high", None]),
    key_person=st.booleans(),
    last_test=st.none() | st.dates(d(2026, 10, 1), AS_OF),
    recent_positive=st.booleans(),
)


@given(
    st.lists(candidate_st, max_size=30, unique_by=lambda c: c.person_id),
    st.integers(0, 40),
    st.integers() | st.text(max_size=8),
    st.integers(0, 30),
)
def test_a_draw_takes_only_eligible_persons_once_each(
    candidates: list[Candidate], count: int, seed: int | str, exclude_days: int
) -> None:
    drawn = draw(candidates, count, seed, AS_OF, exclude_days)
    allowed = {c.person_id for c in eligible(candidates, AS_OF, exclude_days)}
    assert len(drawn) == len(set(drawn)) == min(count, len(allowed))
    assert set(drawn) <= allowed
    cutoff = AS_OF - dt.timedelta(days=exclude_days)
    tested = {c.person_id for c in candidates if c.last_test and c.last_test > cutoff}
    assert not tested & set(drawn)
    # Drawing more only adds to the end: the first ``count`` are kept.
    assert draw(candidates, count + 3, seed, AS_OF, exclude_days)[:count] == drawn
