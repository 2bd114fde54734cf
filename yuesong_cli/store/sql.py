"""SQL that several parts of the store share: the status in force on a day, the persons
under active supervision, the condition that a contact keeps a rule, and contacts and
status histories read back as the domain's values."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from yuesong_cli.domain.dates import stored_date
from yuesong_cli.domain.fields import FIELD, REQUIRED_FIELDS
from yuesong_cli.domain.obligations import Contact, Rule
from yuesong_cli.domain.people import People
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.domain.vocab import ACTIVE_STATUSES, KIND_BITS


def status_on_sql(column: str) -> str:
    """SQL for a column of the status entry in force on :as_of for person ``p`` (what
    statuses.status_on says): the latest begun by then that has not ended. One index
    seek per person on status_history(person_id, since)."""
    return (
        f"SELECT h.{column} FROM status_history h WHERE h.person_id = p.id"
        " AND h.since <= :as_of AND (h.until IS NULL OR h.until >= :as_of)"
        " ORDER BY h.since DESC, h.id DESC LIMIT 1"
    )


# The condition of the partial index contacts_notable_tests, word for word: SQLite uses
# a partial index only for a query that states its condition.
NOTABLE_TESTS = "urine_result IN ('positive', 'refused', 'absent')"


def rule_condition(rule: Rule, alias: str, values: dict[str, Any], prefix: str) -> str:
    """SQL that is true for a contact (table ``alias``) that keeps ``rule``; the values it
    needs are added to ``values`` under names starting with ``prefix``."""
    # A test the person did not come to is no contact at all (Rule.why_not).
    urine_only = KIND_BITS["urine"]
    conditions = [f"NOT ({alias}.kind_mask = {urine_only} AND {alias}.urine_result = 'absent')"]
    if rule.kinds:
        values[f"{prefix}_mask"] = sum(KIND_BITS[kind] for kind in rule.kinds)
        conditions.append(f"({alias}.kind_mask & :{prefix}_mask) != 0")
    for column, accepted in (("mode", rule.modes), ("urine_result", rule.results)):
        if accepted:
            names = []
            for index, value in enumerate(sorted(accepted)):
                values[f"{prefix}_{column}_{index}"] = value
                names.append(f":{prefix}_{column}_{index}")
            conditions.append(f"{alias}.{column} IN ({', '.join(names)})")
    return " AND ".join(conditions)


# A contact as the obligation model sees it.
CONTACT_SELECT = (
    "SELECT c.id, c.happened_on, c.entered_at, c.mode, c.urine_result, c.kind_mask FROM contacts c"
)


def gather_histories(
    rows: Iterable[Sequence[Any]], persons: Iterable[int]
) -> dict[int, list[StatusEntry]]:
    """Status entries by person from rows of (person_id, id, status, since, until,
    doc_no) in (person, since, id) order; persons not in ``persons`` are passed over."""
    histories: dict[int, list[StatusEntry]] = {person_id: [] for person_id in persons}
    for row in rows:
        found = histories.get(row[0])
        if found is not None:
            found.append(
                StatusEntry(
                    row[1], row[2], dt.date.fromisoformat(row[3]), stored_date(row[4]), row[5]
                )
            )
    return histories


@functools.lru_cache(maxsize=64)
def kinds_of(mask: int) -> frozenset[str]:
    """The kinds a contact's bits stand for (one set per combination, shared)."""
    return frozenset(kind for kind, bit in KIND_BITS.items() if mask & bit)


def contact_of_row(row: Sequence[Any], zone: ZoneInfo) -> Contact:
    # The local day of entry, in the zone's offset at that moment (not at as-of: a
    # daylight-saving change between them must not move it).
    entered = dt.datetime.fromisoformat(row[2]).astimezone(zone).date() if row[2] else None
    return Contact(
        contact_id=row[0],
        day=dt.date.fromisoformat(row[1]),
        kinds=kinds_of(row[5]),
        mode=row[3],
        urine_result=row[4],
        entered_on=entered,
    )


# The conditions of each filter of domain/people.py on a person of the register ``p``,
# with its parameter of the same name.
_PEOPLE_CONDITIONS = {
    "village": "p.village = :village",
    "grid": "p.grid = :grid",
    "zone": "p.zone = :zone",
    "helper_id": "p.id IN (SELECT person_id FROM team_members"
    " WHERE helper_id = :helper_id AND until IS NULL)",
}


def people_sql(people: People) -> tuple[list[str], dict[str, Any]]:
    """The conditions on a person of the register ``p`` that keep ``people``, and their
    parameters: the one place the filters become SQL (the register, the due list worked
    out or kept, the alerts and the reports)."""
    given = {key: value for key, value in people._asdict().items() if value is not None}
    return [_PEOPLE_CONDITIONS[key] for key in given], given


def active_persons_sql(
    people: People,
    person_id: int | None,
    ids: tuple[int, int] | None = None,
    person_ids: bool = False,
) -> str:
    """A CTE ``active(id, case_no, name, village, village_group, grid, zone, plan,
    registered_on, history_from, status)`` of the persons under active supervision on :as_of (of
    ``people``, whose parameters people_sql gives; ``person_ids``: those among the JSON
    list :person_ids)."""
    where = ["p.registered_on <= :as_of", *people_sql(people)[0]]
    if person_id is not None:
        where.append("p.id = :person_id")
    if ids is not None:
        where.append("p.id BETWEEN :first_id AND :last_id")
    if person_ids:
        where.append("p.id IN (SELECT value FROM json_each(:person_ids))")
    active = ", ".join(repr(k) for k in sorted(ACTIVE_STATUSES))
    return f"""
        active AS (
            SELECT * FROM (
                SELECT p.id, p.case_no, p.name, p.village, p.village_group, p.grid, p.zone,
                       p.plan, p.registered_on, p.history_from,
                       ({status_on_sql("status")}) AS status
                FROM persons p
                WHERE {" AND ".join(where)}
            ) WHERE status IN ({active})
        )"""


def complete_sql(alias: str = "p") -> str:
    """SQL that is 1 for a complete file of the register (``alias``), 0 otherwise: what
    domain/fields.py ``missing_fields`` says, written from the same field table (each
    required field filled, or one of what may stand for it; a purged file as it was
    when purged)."""

    def filled(column: str) -> str:
        return f"({alias}.{column} IS NOT NULL AND {alias}.{column} != '')"

    each = [
        "(" + " OR ".join(filled(c) for c in (name, *FIELD[name].satisfied_by)) + ")"
        for name in REQUIRED_FIELDS
    ]
    return (
        f"(CASE WHEN {alias}.purged_on IS NOT NULL AND {alias}.purged_on != ''"
        f" THEN replace(coalesce({alias}.purged_missing, ''), ',', '') = ''"
        f" ELSE {' AND '.join(each) or '1'} END)"
    )
