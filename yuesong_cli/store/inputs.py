"""What the due list, the alerts, the reports and the surprise-test draw read: a few
set-based queries for all persons at once, handed to the domain as plain values."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from yuesong_cli.domain.breaches import RESULT_BREACHES, SERIOUS_DODGES, Breach
from yuesong_cli.domain.dates import ADULT_AGE
from yuesong_cli.domain.fields import COMPLETENESS_COLUMNS
from yuesong_cli.domain.lifecycle import add_years
from yuesong_cli.domain.obligations import Contact, Rule
from yuesong_cli.domain.people import EVERYONE, People
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.domain.teams import Membership
from yuesong_cli.domain.vocab import KIND_BITS
from yuesong_cli.store.plans import PlanStore, rule_from_row
from yuesong_cli.store.sql import (
    CONTACT_SELECT,
    NOTABLE_TESTS,
    active_persons_sql,
    contact_of_row,
    gather_histories,
    people_sql,
    rule_condition,
    status_on_sql,
)


@dataclass(frozen=True)
class AlertInputs:
    """What ``Store.alert_inputs`` loads for the alerts."""

    persons: list[dict[str, Any]]
    histories: dict[int, list[StatusEntry]]
    positive_tests: dict[int, list[dt.date]]
    breaches: dict[int, list[Breach]]  # recorded, and refused or missed tests


@dataclass(frozen=True)
class PeriodInputs:
    """What ``Store.period_inputs`` loads for the reports."""

    persons: list[dict[str, Any]]
    histories: dict[int, list[StatusEntry]]
    # (person id, their contacts in day order), in person id order; read once.
    contacts: Iterator[tuple[int, list[Contact]]]
    # person -> every team membership, ended ones too (domain/teams.py credited_helpers)
    teams: dict[int, list[Membership]]
    helpers: dict[int, dict[str, Any]]
    plans: dict[str, list[dict[str, Any]]]  # plan -> its rule rows


@dataclass(frozen=True)
class DueInputs:
    """What ``Store.due_inputs`` loads for the obligation model."""

    persons: list[dict[str, Any]]
    histories: dict[int, list[StatusEntry]]
    rules: dict[str, list[Rule]]
    # (plan, rule key) -> the rule's name in Chinese and English.
    rule_names: dict[tuple[str, str], tuple[str, str]]
    responsible: dict[int, str]


# The inputs read the plans' rules, hence a plan store beneath.
class InputStore(PlanStore):
    """The inputs of the due list, alerts, reports and draws."""

    # --- the due list's inputs: a few set-based queries for all persons -----------

    def alert_inputs(self, as_of: dt.date, person_ids: Sequence[int] | None = None) -> AlertInputs:
        """What the alerts need of everyone registered by ``as_of`` (or of ``person_ids``
        only), in a few set-based queries: the file, the status history, positive and
        dodged tests, and the breaches recorded."""
        params = {"as_of": as_of.isoformat(), "ids": json.dumps(list(person_ids or []))}
        only = "" if person_ids is None else " AND {} IN (SELECT value FROM json_each(:ids))"
        persons = self._query(
            "SELECT id, case_no, name, registered_on, history_from, birth_date, decision_date,"
            " term_start, term_end, "
            + ", ".join(f for f in COMPLETENESS_COLUMNS if f not in ("decision_date",))
            + " FROM persons WHERE registered_on <= :as_of"
            + only.format("id")
            + " ORDER BY id",
            params,
        )
        histories = gather_histories(
            self.conn.execute(
                "SELECT person_id, id, status, since, until, doc_no FROM status_history"
                " WHERE since <= :as_of"
                + only.format("person_id")
                + " ORDER BY person_id, since, id",
                params,
            ),
            (p["id"] for p in persons),
        )
        positives: dict[int, list[dt.date]] = {}
        breaches: dict[int, list[Breach]] = {}
        for person_id, happened, result in self.conn.execute(
            "SELECT person_id, happened_on, urine_result FROM contacts"
            " WHERE urine_result IN ('positive', 'refused', 'absent') AND happened_on <= :as_of"
            f" AND (kind_mask & {KIND_BITS['urine']}) != 0"
            + only.format("person_id")
            + " ORDER BY person_id, happened_on",
            params,
        ):
            when = dt.date.fromisoformat(happened)
            if result == "positive":
                positives.setdefault(person_id, []).append(when)
            else:
                breaches.setdefault(person_id, []).append(Breach(when, RESULT_BREACHES[result]))
        for person_id, happened, kind, days_away in self.conn.execute(
            "SELECT person_id, happened_on, kind, days_away FROM breaches"
            " WHERE happened_on <= :as_of"
            + only.format("person_id")
            + " ORDER BY person_id, happened_on",
            params,
        ):
            breaches.setdefault(person_id, []).append(
                Breach(dt.date.fromisoformat(happened), kind, days_away)
            )
        return AlertInputs(persons, histories, positives, breaches)

    def high_alert_candidates(self, as_of: dt.date, relapse_days: int) -> set[int]:
        """Persons who may have a high alert other than a long missed streak: lost
        contact or waiting to report on ``as_of``, a positive test in the last
        ``relapse_days`` days, enough dodged tests for a serious breach, any breach
        recorded, or a minor. A superset: the alert rules decide."""
        params = {
            "as_of": as_of.isoformat(),
            "recent": (as_of - dt.timedelta(days=relapse_days)).isoformat(),
            # Born after this day: under 18 on as_of (a superset by a day at most).
            "adult": add_years(as_of, -ADULT_AGE).isoformat(),
        }
        return {
            row[0]
            for row in self.conn.execute(
                f"""
                SELECT p.id FROM persons p WHERE p.registered_on <= :as_of
                    AND p.id IN (SELECT person_id FROM status_history
                        WHERE status IN ('lost_contact', 'pending_report') AND since <= :as_of)
                    AND ({status_on_sql("status")}) IN ('lost_contact', 'pending_report')
                UNION
                SELECT person_id FROM contacts WHERE {NOTABLE_TESTS}
                    -- "+": read the few notable tests, not a month of every contact.
                    AND urine_result = 'positive' AND +happened_on BETWEEN :recent AND :as_of
                UNION
                SELECT person_id FROM contacts WHERE {NOTABLE_TESTS}
                    AND urine_result IN ('refused', 'absent') AND happened_on <= :as_of
                    GROUP BY person_id HAVING count(*) >= {SERIOUS_DODGES}
                UNION
                SELECT person_id FROM breaches WHERE happened_on <= :as_of
                UNION
                SELECT id FROM persons WHERE registered_on <= :as_of AND birth_date > :adult
                """,
                params,
            )
        }

    def last_contact_days(self, person_ids: Sequence[int], as_of: dt.date) -> dict[int, dt.date]:
        """The day of each person's latest contact on or before ``as_of`` (a test not
        come to is no contact); one index seek per person, in one statement."""
        urine = KIND_BITS["urine"]
        return {
            row[0]: dt.date.fromisoformat(row[1])
            for row in self.conn.execute(
                "SELECT j.value, (SELECT c.happened_on FROM contacts c"
                " WHERE c.person_id = j.value AND c.happened_on <= :as_of"
                f" AND NOT (c.kind_mask = {urine} AND c.urine_result = 'absent')"
                " ORDER BY c.happened_on DESC LIMIT 1) FROM json_each(:ids) j",
                {"as_of": as_of.isoformat(), "ids": json.dumps(list(person_ids))},
            )
            if row[1] is not None
        }

    def draw_candidates(self, as_of: dt.date) -> list[dict[str, Any]]:
        """Everyone under active supervision on ``as_of`` with what a surprise-test draw
        weighs: risk level, key-person flag, the last urine test and the last positive
        one (index seeks, one statement)."""
        params = {"as_of": as_of.isoformat()}
        active = active_persons_sql(EVERYONE, None)
        urine = KIND_BITS["urine"]
        return self._query(
            f"""WITH {active}
            SELECT a.id, a.case_no, a.name, a.village, p.risk_level, p.key_person,
                (SELECT c.happened_on FROM contacts c WHERE c.person_id = a.id
                    AND c.happened_on <= :as_of AND (c.kind_mask & {urine}) != 0
                    AND c.urine_result IN ('negative', 'positive')
                    ORDER BY c.happened_on DESC LIMIT 1) AS last_test,
                (SELECT c.happened_on FROM contacts c WHERE c.person_id = a.id
                    AND c.happened_on <= :as_of AND c.urine_result = 'positive'
                    ORDER BY c.happened_on DESC LIMIT 1) AS last_positive
            FROM active a JOIN persons p ON p.id = a.id
            -- A person out of contact cannot be found for a test.
            WHERE a.status != 'lost_contact'
            ORDER BY a.id""",
            params,
        )

    def record_draw(self, as_of: dt.date, count: int, seed: str, case_nos: Sequence[str]) -> None:
        """Audit a surprise-test draw: what was asked and who was drawn (case numbers),
        so it can be shown later that the choice was the seed's, not a person's."""
        with self.transaction():
            self.audit(
                "draw",
                "persons",
                None,
                ["risk_level", "key_person", "last_test"],
                note=f"as_of={as_of.isoformat()} count={count} seed={seed} "
                f"drawn={','.join(case_nos)}",
            )

    def period_inputs(
        self,
        since: dt.date,
        end: dt.date,
        person_id: int | None = None,
        *,
        person_ids: Sequence[int] | None = None,
        teams: bool = True,
    ) -> PeriodInputs:
        """What the reports need for a span of days, everyone registered by ``end`` (or
        one person, or those among ``person_ids``) at once: the register (with the fields
        reports need), status histories, plans, every contact from ``since`` to ``end``
        and (unless not asked: ``teams``) the teams over time and the helpers."""
        params = {
            "since": since.isoformat(),
            "end": end.isoformat(),
            "person": person_id,
            "ids": json.dumps(list(person_ids or [])),
        }
        one = "" if person_id is None else " AND {0} = :person"
        if person_ids is not None:
            one += " AND {0} IN (SELECT value FROM json_each(:ids))"
        persons = self._query(
            "SELECT id, case_no, name, village, village_group, grid, zone, plan, registered_on,"
            " history_from, birth_date, "
            + ", ".join(COMPLETENESS_COLUMNS)
            + " FROM persons WHERE registered_on <= :end"
            + one.format("id")
            + " ORDER BY id",
            params,
        )
        histories = gather_histories(
            self.conn.execute(
                "SELECT person_id, id, status, since, until, doc_no FROM status_history WHERE 1"
                + one.format("person_id")
                + " ORDER BY person_id, since, id",
                params,
            ),
            (p["id"] for p in persons),
        )
        zone = ZoneInfo(self.setting("timezone"))
        # Streamed person by person (in id order, as ``persons``): a county's quarter of
        # contacts never sits in memory at once.
        cursor = self.conn.execute(
            "SELECT c.person_id, c.id, c.happened_on, c.entered_at, c.mode, c.urine_result,"
            " c.kind_mask FROM contacts c WHERE c.happened_on BETWEEN :since AND :end"
            + one.format("c.person_id")
            + " ORDER BY c.person_id, c.happened_on, c.id",
            params,
        )
        contacts = (
            (person, [contact_of_row(row[1:], zone) for row in rows])
            for person, rows in itertools.groupby(cursor, key=lambda row: row[0])
        )
        members = self.memberships() if teams else {}
        helpers = self.helpers_by_id() if teams else {}
        plans = {plan: self.plan_rule_rows(plan) for plan in self.plan_keys()}
        return PeriodInputs(persons, histories, contacts, members, helpers, plans)

    def memberships(self) -> dict[int, list[Membership]]:
        """Every team membership by person, ended ones too, in the order recorded."""
        members: dict[int, list[Membership]] = {}
        for person_id, helper_id, role, first, last in self.conn.execute(
            "SELECT person_id, helper_id, role, since, until FROM team_members"
            " ORDER BY person_id, id"
        ):
            members.setdefault(person_id, []).append(
                Membership(
                    helper_id,
                    role,
                    dt.date.fromisoformat(first),
                    dt.date.fromisoformat(last) if last else None,
                )
            )
        return members

    def helpers_by_id(self) -> dict[int, dict[str, Any]]:
        """Every helper's id, name and role, by id."""
        return {
            row["id"]: row for row in self._query("SELECT id, name, role FROM helpers ORDER BY id")
        }

    def person_id_bounds(self) -> tuple[int, int, int]:
        """The lowest and highest person id and the number of persons."""
        row = self.conn.execute("SELECT min(id), max(id), count(*) FROM persons").fetchone()
        return (row[0] or 0, row[1] or 0, row[2])

    def due_inputs(
        self,
        as_of: dt.date,
        *,
        people: People = EVERYONE,
        person_id: int | None = None,
        ids: tuple[int, int] | None = None,
        person_ids: Sequence[int] | None = None,
    ) -> DueInputs:
        """Everything the obligation model needs for the persons under active supervision
        on ``as_of``: persons, their status history, their plans' rules and responsible
        helpers. With ``ids`` (first, last), only persons whose id lies between them; with
        ``person_ids``, only those.
        One query for who is active, one each for histories and teams; the contacts come
        from ``keeping_days``."""
        params: dict[str, Any] = {
            "as_of": as_of.isoformat(),
            **people_sql(people)[1],
            "person_id": person_id,
            "first_id": ids[0] if ids else None,
            "last_id": ids[1] if ids else None,
            "person_ids": json.dumps(list(person_ids or [])),
        }
        active = active_persons_sql(people, person_id, ids, person_ids is not None)
        # Who is active is asked once and kept in a temporary table (in memory) that
        # the other queries join, rather than recomputed by each of them.
        outer = self.conn.in_transaction
        self.conn.execute("DROP TABLE IF EXISTS temp.due_active")
        self.conn.execute(
            "CREATE TEMP TABLE due_active (id INTEGER PRIMARY KEY, case_no TEXT, name TEXT,"
            " village TEXT, village_group TEXT, grid TEXT, zone TEXT, plan TEXT,"
            " registered_on TEXT, history_from TEXT, status TEXT)"
        )
        try:
            self.conn.execute(f"WITH {active} INSERT INTO due_active SELECT * FROM active", params)
            return self._due_inputs_of_active(params)
        finally:
            self.conn.execute("DROP TABLE IF EXISTS temp.due_active")
            if not outer and self.conn.in_transaction:
                # The driver opened a transaction for the INSERT into the temporary table;
                # end it, so that no read snapshot is held and later writes commit.
                self.conn.commit()

    def _due_inputs_of_active(self, params: dict[str, Any]) -> DueInputs:
        persons = self._query("SELECT * FROM due_active ORDER BY id")
        histories = gather_histories(
            self.conn.execute(
                # CROSS JOIN: from the persons asked (one, for a write's refresh), not
                # from every status entry of the county.
                "SELECT h.person_id, h.id, h.status, h.since, h.until, h.doc_no"
                " FROM due_active a CROSS JOIN status_history h ON h.person_id = a.id"
                " ORDER BY h.person_id, h.since, h.id"
            ),
            (p["id"] for p in persons),
        )
        responsible: dict[int, str] = {
            row[0]: row[1]
            for row in self.conn.execute(
                "SELECT t.person_id, h.name FROM due_active a CROSS JOIN team_members t"
                " ON t.person_id = a.id JOIN helpers h ON h.id = t.helper_id"
                " WHERE t.role = 'responsible' AND t.until IS NULL"
            )
        }
        rows = {plan: self.plan_rule_rows(plan) for plan in sorted({p["plan"] for p in persons})}
        rules = {plan: [rule_from_row(row) for row in found] for plan, found in rows.items()}
        names = {
            (plan, row["rule"]): (row["name_zh"], row["name_en"])
            for plan, found in rows.items()
            for row in found
        }
        return DueInputs(persons, histories, rules, names, responsible)

    def keeping_days(
        self,
        as_of: dt.date,
        rules: Sequence[Rule],
        window_starts: Mapping[int, Sequence[dt.date | None]],
    ) -> dict[tuple[int, str], tuple[dt.date | None, dt.date | None]]:
        """For each person (keys of ``window_starts``) and each of ``rules`` (all of one
        plan): the last day on or before ``as_of`` that a contact kept the rule, and the
        last such day before the person's current window of that rule (its start is in
        ``window_starts``, in the order of ``rules``; None for a rule with no window).

        One statement for all persons. Each day is a seek into the covering index that
        walks a person's contacts back from the day asked and stops at the first that
        keeps the rule, so the cost follows the gaps between contacts, not the years
        of history behind them."""
        if not rules:
            return {}
        columns = [f"w{index}" for index in range(len(rules))]
        self.conn.execute("DROP TABLE IF EXISTS temp.due_windows")
        self.conn.execute(
            "CREATE TEMP TABLE due_windows (person_id INTEGER PRIMARY KEY"
            + "".join(f", {column} TEXT" for column in columns)
            + ")"
        )
        outer = self.conn.in_transaction
        try:
            self.conn.executemany(
                f"INSERT INTO due_windows VALUES (?{', ?' * len(columns)})",
                (
                    (person, *(day.isoformat() if day else None for day in starts))
                    for person, starts in window_starts.items()
                ),
            )
            values: dict[str, Any] = {"as_of": as_of.isoformat()}
            latest = []
            for index, rule in enumerate(rules):
                condition = rule_condition(rule, "c", values, f"r{index}")
                for bound in ("<= :as_of", f"< w.w{index}"):
                    latest.append(
                        "(SELECT c.happened_on FROM contacts c WHERE c.person_id = w.person_id"
                        f" AND c.happened_on {bound} AND {condition}"
                        " ORDER BY c.happened_on DESC LIMIT 1)"
                    )
            found: dict[tuple[int, str], tuple[dt.date | None, dt.date | None]] = {}
            for row in self.conn.execute(
                f"SELECT w.person_id, {', '.join(latest)} FROM due_windows w", values
            ):
                for index, rule in enumerate(rules):
                    last, before = row[1 + 2 * index], row[2 + 2 * index]
                    if last is not None:
                        found[(row[0], rule.key)] = (
                            dt.date.fromisoformat(last),
                            dt.date.fromisoformat(before) if before else None,
                        )
            return found
        finally:
            self.conn.execute("DROP TABLE IF EXISTS temp.due_windows")
            if not outer and self.conn.in_transaction:
                self.conn.commit()

    def keeping_contacts(self, person_id: int, rule: Rule, as_of: dt.date) -> list[Contact]:
        """Every contact of one person, on or before ``as_of``, that keeps ``rule``."""
        values: dict[str, Any] = {"person_id": person_id, "as_of": as_of.isoformat()}
        condition = rule_condition(rule, "c", values, "r")
        zone = ZoneInfo(self.setting("timezone"))
        return [
            contact_of_row(row, zone)
            for row in self.conn.execute(
                f"{CONTACT_SELECT} WHERE c.person_id = :person_id"
                f" AND c.happened_on <= :as_of AND {condition} ORDER BY c.happened_on, c.id",
                values,
            )
        ]

    def contacts_in(self, person_id: int, start: dt.date, end: dt.date) -> list[Contact]:
        """Every contact of a person between two days (for ``why``: what did not count)."""
        values = {"person_id": person_id, "start": start.isoformat(), "end": end.isoformat()}
        zone = ZoneInfo(self.setting("timezone"))
        return [
            contact_of_row(row, zone)
            for row in self.conn.execute(
                f"{CONTACT_SELECT} WHERE c.person_id = :person_id"
                " AND c.happened_on BETWEEN :start AND :end ORDER BY c.happened_on, c.id",
                values,
            )
        ]
