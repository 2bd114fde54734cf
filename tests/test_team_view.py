"""A person's 五包一 team headline (output/team_view.py), without the command-line runner:
which places are not filled, the fifth by a relative or a volunteer alike."""

from __future__ import annotations

from yuesong_cli.domain.teams import FIFTH, missing_roles
from yuesong_cli.output.team_view import team_headline

FULL = {"police", "officer", "grid_worker", "guardian", "relative", "responsible"}


def test_a_full_team_lacks_nothing() -> None:
    assert missing_roles(FULL) == []
    assert missing_roles(FULL - {"relative"} | {"volunteer"}) == []


def test_the_places_not_filled_in_the_order_of_the_team() -> None:
    assert missing_roles(set()) == [
        "police", "officer", "grid_worker", "guardian", FIFTH, "responsible",
    ]
    assert missing_roles(FULL - {"officer", "relative"}) == ["officer", FIFTH]
    assert missing_roles(FULL - {"responsible"}) == ["responsible"]


def test_the_headline_names_what_is_missing() -> None:
    team = [{"role": role} for role in sorted(FULL - {"guardian", "relative"})]
    assert team_headline("YS-0001", team, "en") == (
        "Team of YS-0001 · missing: guardian, relative or volunteer"
    )
    assert team_headline("YS-0001", [{"role": r} for r in FULL], "zh") == "YS-0001 的帮教小组"
