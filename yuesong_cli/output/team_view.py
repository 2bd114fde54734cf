"""The helpers and a person's 五包一 team as shown: the helpers' columns, and the team's
headline naming the places not filled."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.domain import vocab
from yuesong_cli.domain.teams import FIFTH, missing_roles
from yuesong_cli.messages import join, t
from yuesong_cli.output.render import Column

HELPER_COLUMNS = (
    Column("id", "col.helper_id", "number"),
    Column("name", "col.helper"),
    Column("role", "col.role", "role"),
    Column("phone", "col.phone", "phone"),
    Column("persons", "col.persons", "number"),
)


def team_headline(case_no: str, team: Sequence[Mapping[str, Any]], lang: str) -> str:
    """Whose team it is, and what it lacks if anything."""
    missing = missing_roles({row["role"] for row in team})
    headline = t("team.show.title", lang, case_no=case_no)
    if missing:
        labels = [
            t("team.fifth_member", lang) if role == FIFTH else vocab.ROLE.label(role, lang)
            for role in missing
        ]
        headline += " · " + t("team.show.missing", lang, roles=join(labels, lang))
    return headline
