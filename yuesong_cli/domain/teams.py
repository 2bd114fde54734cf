"""The 五包一 team of a person (docs/domain.md): which of its places are not filled. Pure
code over role keys (``vocab.ROLE``, ``vocab.TEAM_ROLES``); the vocabulary says what the
roles are, this module the rule over them."""

from __future__ import annotations

from collections.abc import Collection

from yuesong_cli.domain.vocab import TEAM_ROLES

# The fifth member of 五包一 is a relative or a volunteer, either will do; the other four
# each hold a role of their own (TEAM_ROLES).
FIFTH_MEMBER = frozenset({"relative", "volunteer"})
# The place of the fifth member, named when neither a relative nor a volunteer holds it.
FIFTH = "fifth_member"


def missing_roles(held: Collection[str]) -> list[str]:
    """The places of a team not filled, in the order of the team: each of the four roles
    not held, ``fifth_member`` without a relative or a volunteer, then ``responsible``
    without a responsible helper (包保责任人)."""
    missing = [role for role in TEAM_ROLES if role not in FIFTH_MEMBER and role not in held]
    if not FIFTH_MEMBER & set(held):
        missing.append(FIFTH)
    if "responsible" not in held:
        missing.append("responsible")
    return missing
