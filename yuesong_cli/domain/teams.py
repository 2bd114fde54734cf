"""The 五包一 team of a person (docs/domain.md "The 五包一 team"): which of its places are
not filled, and the team over time — what a helper's replacement moves, when a helper may
retire, and which helpers a period's figures credit. Pure code over role keys
(``vocab.ROLE``, ``vocab.TEAM_ROLES``) and memberships with their days; the vocabulary
says what the roles are, this module the rules over them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from yuesong_cli.domain.vocab import TEAM_ROLES
from yuesong_cli.errors import Conflict, InvalidInput

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


# --- the team over time -------------------------------------------------------------------


@dataclass(frozen=True)
class Membership:
    """A helper in a role of one person's team from ``since`` to ``until`` (the last day;
    None while it lasts). Team history is kept: a member replaced gets an end day."""

    helper_id: int
    role: str
    since: dt.date
    until: dt.date | None = None

    def lasts_into(self, day: dt.date) -> bool:
        """Still held on ``day`` or later: not ended before it."""
        return self.until is None or self.until >= day


@dataclass(frozen=True)
class Held:
    """One stored membership of a helper, as a replacement or a retirement sees it: the
    row, and whose team it is (the case number names it in a refusal)."""

    id: int
    person_id: int
    case_no: str
    membership: Membership


@dataclass(frozen=True)
class Move:
    """What a replacement does to one membership: it ends the day before the new helper
    takes the role; or, when it began on that very day, the helper is corrected in
    place (as ``team assign`` corrects a same-day replacement)."""

    held: Held
    in_place: bool


@dataclass(frozen=True)
class Replacement:
    """Every membership a replacement moves from one helper to another."""

    old: int
    new: int
    day: dt.date
    moves: tuple[Move, ...]

    @property
    def persons(self) -> int:
        return len({move.held.person_id for move in self.moves})

    @property
    def roles(self) -> int:
        return len(self.moves)


def helper_tag(helper_id: int) -> str:
    """A helper as errors and audit notes name them: their number, never their name."""
    return f"H{helper_id}"


def still_held(held: Iterable[Held], day: dt.date) -> list[Held]:
    """The memberships a helper still holds on ``day`` or after (current ones, and ones
    ending on or after it): what a replacement from ``day`` moves, and what stops a
    retirement on ``day``."""
    return [h for h in held if h.membership.lasts_into(day)]


def check_assignable(helper_id: int, retired_on: dt.date | None) -> None:
    """Refuse a retired helper a team role (a new membership or a replacement's)."""
    if retired_on is not None:
        raise Conflict(
            "error.helper.retired", helper=helper_tag(helper_id), day=retired_on.isoformat()
        )


def check_assignment_day(day: dt.date, today: dt.date, registered: dt.date) -> None:
    """Refuse a team role from a day to come (the team read as current would change
    before it, as ``plan_replacement`` refuses) or from before the person's registration
    (nobody helps a person the ledger does not hold yet)."""
    if day > today:
        raise InvalidInput("error.date.future")
    if day < registered:
        raise InvalidInput("error.team.before_registration", registered=registered.isoformat())


def plan_replacement(
    old: int,
    new: int,
    new_retired_on: dt.date | None,
    held: Sequence[Held],
    day: dt.date,
    today: dt.date,
) -> Replacement:
    """What ``helper replace OLD --by NEW --from DAY`` does: every membership of ``old``
    lasting into ``day`` passes to ``new`` from ``day`` in the same role, the old one
    ending the day before. Refused, in this order: the same helper twice; ``new``
    retired; a day to come (the teams read as current would change before it); a day
    before a moved membership began (the first by case number is named). A helper may
    hold two roles of one team, as ``team assign`` allows: nothing in the work forbids
    it. Nothing held is an empty replacement, not an error."""
    if old == new:
        raise InvalidInput("error.helper.replace_same")
    check_assignable(new, new_retired_on)
    if day > today:
        raise InvalidInput("error.date.future")
    moving = sorted(still_held(held, day), key=lambda h: (h.case_no, h.membership.role))
    early = next((h for h in moving if day < h.membership.since), None)
    if early is not None:
        raise Conflict(
            "error.helper.replace_before_start",
            case_no=early.case_no,
            since=early.membership.since.isoformat(),
        )
    moves = tuple(Move(h, h.membership.since == day) for h in moving)
    return Replacement(old, new, day, moves)


def check_retirement(
    helper_id: int,
    retired_on: dt.date | None,
    held: Sequence[Held],
    last_contact: dt.date | None,
    day: dt.date,
    today: dt.date,
) -> None:
    """Whether a helper may retire on ``day`` (the first day they no longer help).
    Refused, in this order: already retired; a day to come; a role still held on
    ``day`` or after (the count says how many, and ``helper replace`` moves them); a
    contact they took part in on ``day`` or after."""
    tag = helper_tag(helper_id)
    if retired_on is not None:
        raise Conflict("error.helper.already_retired", helper=tag, day=retired_on.isoformat())
    if day > today:
        raise InvalidInput("error.date.future")
    holding = still_held(held, day)
    if holding:
        raise Conflict(
            "error.helper.retire_holds_roles",
            helper=tag,
            roles=len(holding),
            persons=len({h.person_id for h in holding}),
        )
    if last_contact is not None and last_contact >= day:
        raise Conflict(
            "error.helper.retire_before_contact", helper=tag, day=last_contact.isoformat()
        )


def check_contact_helper(helper_id: int, retired_on: dt.date | None, day: dt.date) -> None:
    """Refuse naming a helper in a contact on or after the day they retired; a contact
    before it (entered late) is theirs."""
    if retired_on is not None and day >= retired_on:
        raise Conflict(
            "error.helper.retired_contact",
            helper=helper_tag(helper_id),
            day=retired_on.isoformat(),
        )


def credited_helpers(memberships: Iterable[Membership], start: dt.date, end: dt.date) -> list[int]:
    """The helpers a period's figures credit with a person (``report helper``): in each
    role, everyone who held it on a day from ``start`` to ``end``, so a helper replaced
    later keeps the periods they worked. A role whose first member began after ``end``
    is credited to that first member: teams are often recorded after the fact (a
    register taken over, teams assigned on the day yuesong was taken up), and the first
    member recorded stands for the time before. A role that ended before ``start`` (the
    person's supervision closed) credits no one. Each helper once."""
    by_role: dict[str, list[Membership]] = {}
    for membership in memberships:
        by_role.setdefault(membership.role, []).append(membership)
    credited: list[int] = []
    for held in by_role.values():
        during = [m for m in held if m.since <= end and m.lasts_into(start)]
        if not during and all(m.since > end for m in held):
            during = [min(held, key=lambda m: m.since)]
        credited.extend(m.helper_id for m in during if m.helper_id not in credited)
    return credited
