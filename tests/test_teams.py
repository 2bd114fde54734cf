"""Which places of a 五包一 team are not filled (domain/teams.py), the rule the team
headline reads."""

from __future__ import annotations

from yuesong_cli.domain import vocab
from yuesong_cli.domain.teams import FIFTH, FIFTH_MEMBER, missing_roles
from yuesong_cli.output import team_view

FULL = {"police", "officer", "grid_worker", "guardian", "relative", "responsible"}


def test_a_full_team_lacks_nothing_with_a_relative_or_a_volunteer() -> None:
    assert missing_roles(FULL) == []
    assert missing_roles(FULL - {"relative"} | {"volunteer"}) == []
    assert missing_roles(FULL | {"volunteer"}) == []


def test_an_empty_team_lacks_every_place_in_the_order_of_the_team() -> None:
    assert missing_roles([]) == [
        "police",
        "officer",
        "grid_worker",
        "guardian",
        FIFTH,
        "responsible",
    ]


def test_each_place_alone() -> None:
    for role in ("police", "officer", "grid_worker", "guardian", "responsible"):
        assert missing_roles(FULL - {role}) == [role]
    assert missing_roles(FULL - {"relative"}) == [FIFTH]


def test_the_fifth_member_comes_after_the_four_and_before_the_responsible() -> None:
    assert missing_roles({"police", "guardian"}) == ["officer", "grid_worker", FIFTH, "responsible"]


def test_the_places_are_roles_of_the_vocabulary() -> None:
    assert set(vocab.TEAM_ROLES) <= set(vocab.ROLE.keys)
    assert set(FIFTH_MEMBER) <= set(vocab.TEAM_ROLES)
    assert FIFTH not in vocab.ROLE.keys


def test_the_headline_reads_the_domain_rule() -> None:
    assert team_view.missing_roles is missing_roles
    assert team_view.FIFTH == FIFTH
