"""The register: persons and their files, status histories, helpers and teams."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.domain.dates import stored_date
from yuesong_cli.domain.fields import EDITABLE_FIELDS, stored_form
from yuesong_cli.domain.lifecycle import registration_decision, status_decision, status_void
from yuesong_cli.domain.names import name_initials, name_pinyin, normalise_query
from yuesong_cli.domain.obligations import DEFAULT_PLAN, check_history_from
from yuesong_cli.domain.people import EVERYONE, People
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.domain.teams import (
    Held,
    Membership,
    Replacement,
    check_assignable,
    check_retirement,
    helper_tag,
    plan_replacement,
)
from yuesong_cli.errors import Ambiguous, Conflict, InvalidInput, NotFound
from yuesong_cli.store.areas import AreaStore
from yuesong_cli.store.clock import timestamp
from yuesong_cli.store.contacts import archive_record, new_record_id, record_to_correct
from yuesong_cli.store.sql import people_sql, status_on_sql


class PersonStore(AreaStore):
    """Persons, their status history, helpers and teams."""

    # --- persons ------------------------------------------------------------------

    def case_no(self, person_id: int) -> str:
        """The case number given at registration (a later prefix change keeps it)."""
        row = self.conn.execute("SELECT case_no FROM persons WHERE id = ?", (person_id,)).fetchone()
        if row is None:
            raise NotFound("error.person.not_found")
        return str(row[0])

    def _new_case_no(self, person_id: int) -> str:
        return f"{self.setting('case_prefix')}-{person_id:04d}"

    def add_person(
        self,
        *,
        name: str,
        id_number: str | None,
        gender: str,
        birth_date: dt.date,
        fields: Mapping[str, Any],
        status: str,
        since: dt.date,
        registered_on: dt.date,
        doc_no: str | None = None,
        id_kind: str = "resident",
        id_number_15: str | None = None,
        passport_no: str | None = None,
        nationality: str | None = None,
    ) -> tuple[int, str]:
        """Register a person with a first status as the lifecycle decides
        (lifecycle.registration_decision); returns (id, case number). The identity
        document is one of domain/documents.py's kinds: a resident ID number (by default),
        a passport of a state, or none. A history start (``history_from`` among
        ``fields``) before ``registered_on`` is refused."""
        self._check_plan(fields.get("plan"))
        check_history_from(fields.get("history_from"), registered_on)
        fields = self._areas_of(fields, None)
        decision = registration_decision(
            status, since, doc_no, fields.get("term_start"), fields.get("term_end")
        )
        document = {
            "id_kind": id_kind,
            "id_number": id_number,
            "id_number_15": id_number_15,
            "passport_no": passport_no,
            "nationality": nationality,
        }
        with self.transaction():
            self._check_document_free(document, None)
            (next_id,) = self.conn.execute(
                "SELECT COALESCE(MAX(id), 0) + 1 FROM persons"
            ).fetchone()
            case_no = self._new_case_no(next_id)
            row = {
                key: stored_form(value) for key, value in fields.items() if key in EDITABLE_FIELDS
            }
            row.update(
                id=next_id,
                case_no=case_no,
                name=name,
                name_pinyin=name_pinyin(name),
                name_initials=name_initials(name),
                **{key: value for key, value in document.items() if value is not None},
                gender=gender,
                birth_date=birth_date.isoformat(),
                registered_on=registered_on.isoformat(),
                created_at=timestamp(),
            )
            row.setdefault("plan", DEFAULT_PLAN.key)
            row.update({name: stored_form(value) for name, value in decision.file.items()})
            columns = ", ".join(row)
            marks = ", ".join(f":{key}" for key in row)
            self.conn.execute(f"INSERT INTO persons ({columns}) VALUES ({marks})", row)
            self.audit("insert", "persons", next_id, [k for k in row if k != "id"])
            entry = decision.entry
            self._insert_status(next_id, entry.status, entry.since, None, entry.doc_no, None)
        return next_id, case_no

    def edit_person(self, person_id: int, changes: Mapping[str, Any]) -> list[str]:
        """Change fields of a person; returns the names of the fields changed."""
        self._refuse_purged(person_id)
        self._check_plan(changes.get("plan"))
        current = self.person(person_id)
        changes = self._areas_of(changes, current)
        row = {key: stored_form(value) for key, value in changes.items()}
        row = {key: value for key, value in row.items() if current.get(key) != value}
        changed = sorted(row)
        self._check_registration(person_id, {**current, **row})
        if "name" in row:
            # Derived search keys follow the name; they are not fields the officer edits.
            row["name_pinyin"] = name_pinyin(row["name"])
            row["name_initials"] = name_initials(row["name"])
        if not row:
            return []
        with self.transaction():
            self._check_document_free({**current, **row}, person_id)
            self._update_person(person_id, row)
        return changed

    def _update_person(self, person_id: int, row: Mapping[str, Any]) -> None:
        """Write stored values to a person's file, with its audit row (fields, never
        values); inside the caller's transaction."""
        assignments = ", ".join(f"{key} = :{key}" for key in row)
        self.conn.execute(
            f"UPDATE persons SET {assignments} WHERE id = :person_id",
            {**row, "person_id": person_id},
        )
        self.audit("update", "persons", person_id, list(row))

    def _check_document_free(self, document: Mapping[str, Any], person_id: int | None) -> None:
        """Refuse a resident ID number or a passport (of the same state) that another
        person of the register holds; a person with no document clashes with no one.
        Asked inside the write transaction, with the one-line message of each kind."""
        if (
            document.get("id_number") is not None
            and self.conn.execute(
                "SELECT 1 FROM persons WHERE id_number = ? AND id IS NOT ?",
                (document["id_number"], person_id),
            ).fetchone()
        ):
            raise Conflict("error.person.duplicate_id")
        if (
            document.get("passport_no") is not None
            and self.conn.execute(
                "SELECT 1 FROM persons WHERE nationality = ? AND passport_no = ? AND id IS NOT ?",
                (document["nationality"], document["passport_no"], person_id),
            ).fetchone()
        ):
            raise Conflict("error.person.duplicate_passport")

    def _check_registration(self, person_id: int, person: Mapping[str, Any]) -> None:
        """Registration falls between birth and the first contact (docs/commands.md), and
        not after the history start if there is one."""
        registered = person["registered_on"]
        if registered < person["birth_date"]:
            raise InvalidInput("error.date.before_birth")
        check_history_from(stored_date(person["history_from"]), dt.date.fromisoformat(registered))
        (first_contact,) = self.conn.execute(
            "SELECT MIN(happened_on) FROM contacts WHERE person_id = ?", (person_id,)
        ).fetchone()
        if first_contact is not None and first_contact < registered:
            raise InvalidInput("error.registered.after_contacts", day=first_contact)

    def person(self, person_id: int) -> dict[str, Any]:
        rows = self._query("SELECT * FROM persons WHERE id = ?", [person_id])
        if not rows:
            raise NotFound("error.person.not_found")
        return rows[0]

    def reveal_person(self, person_id: int, reason: str, fields: Sequence[str]) -> dict[str, Any]:
        """The full record, with the reveal and its reason written to the audit log."""
        row = self.person(person_id)
        with self.transaction():
            self.audit("reveal", "persons", person_id, fields, note=reason)
        return row

    def resolve_person(self, ref: str) -> int:
        """The id of the one person that ``ref`` names (docs/commands.md: case number, name,
        pinyin or initials); an error listing the candidates when several match."""
        text = ref.strip()
        match = re.fullmatch(r"(?:([A-Za-z]+)-?)?0*(\d+)", text)
        if match and len(match.group(2)) > 6:
            # Not a case number (an ID number typed in the wrong place, say): never echo it.
            raise NotFound("error.person.no_such_case")
        if match:
            prefix, number = match.group(1), int(match.group(2))
            if prefix is None or prefix.upper() == self.setting("case_prefix").upper():
                found = self.conn.execute("SELECT id FROM persons WHERE id = ?", (number,))
            else:
                found = self.conn.execute(
                    "SELECT id FROM persons WHERE upper(case_no) = ?", (text.upper(),)
                )
            row = found.fetchone()
            if row is None:
                raise NotFound("error.person.no_case", case=text)
            return int(row[0])
        ids = self._ids_by_name("persons", text)
        if len(ids) > 1:
            raise Ambiguous("error.person.ambiguous", count=len(ids), candidates=ids)
        if not ids:
            raise NotFound("error.person.not_found")
        return ids[0]

    def _ids_by_name(self, table: str, text: str) -> list[int]:
        """Ids whose name, else pinyin, else initials equal ``text``: the first of the
        three that matches anything decides (an exact name beats a pinyin match)."""
        query = normalise_query(text)
        for column, value in (("name", text), ("name_pinyin", query), ("name_initials", query)):
            ids = [
                int(r[0])
                for r in self.conn.execute(
                    f"SELECT id FROM {table} WHERE {column} = ? ORDER BY id", (value,)
                )
            ]
            if ids:
                return ids
        return []

    def identity_documents(
        self, ids: Sequence[int]
    ) -> dict[int, tuple[str | None, str | None, str | None]]:
        """Each person's identity document: (resident ID number, passport number,
        nationality), for the county's tokens (domain/extract.py); read here, never shown."""
        return {
            person_id: (id_number, passport_no, nationality)
            for person_id, id_number, passport_no, nationality in self.conn.execute(
                "SELECT id, id_number, passport_no, nationality FROM persons"
                " WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(ids)),),
            )
        }

    def people_ids(self, people: People) -> set[int]:
        """The numbers of every registered person of ``people`` (domain/people.py)."""
        conditions, params = people_sql(people)
        where = " AND ".join(conditions) or "1"
        return {
            row[0] for row in self.conn.execute(f"SELECT p.id FROM persons p WHERE {where}", params)
        }

    def person_labels(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Case number, name and village of each of ``ids`` (any number of them)."""
        rows = self._query(
            "SELECT p.id, p.case_no, p.name, p.village FROM json_each(?) j"
            " JOIN persons p ON p.id = j.value",
            [json.dumps(list(ids))],
        )
        return {row["id"]: row for row in rows}

    def candidates(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        marks = ", ".join("?" for _ in ids)
        return self._query(
            f"SELECT id, case_no, name, village, village_group FROM persons"
            f" WHERE id IN ({marks}) ORDER BY id",
            list(ids),
        )

    def list_persons(
        self,
        as_of: dt.date,
        *,
        people: People = EVERYONE,
        status: str | None = None,
        plan: str | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[dict[str, Any]]:
        """The register (of ``people``) with each person's status in force on ``as_of``,
        in one query."""
        self._check_plan(plan)
        # Persons registered after the day did not yet exist in the ledger then.
        conditions, params = people_sql(people)
        where = ["p.registered_on <= :as_of", *conditions]
        params["as_of"] = as_of.isoformat()
        if plan:
            where.append("p.plan = :plan")
            params["plan"] = plan
        outer = ["1 = 1"]
        if status:
            outer.append("s.status = :status")
            params["status"] = status
        if ids is not None:
            where.append(f"p.id IN ({', '.join(str(int(i)) for i in ids)})")
        sql = f"""
            SELECT * FROM (
                SELECT p.id, p.case_no, p.name, p.gender, p.birth_date, p.id_number, p.phone,
                       p.village, p.village_group, p.grid, p.zone, p.plan, p.risk_level,
                       p.key_person, p.id_kind, p.passport_no, p.nationality,
                       ({status_on_sql("status")}) AS status,
                       ({status_on_sql("since")}) AS status_since
                FROM persons p
                WHERE {" AND ".join(where)}
            ) s
            WHERE {" AND ".join(outer)}
            ORDER BY s.id
        """
        return self._query(sql, params)

    def find_persons(self, query: str) -> list[int]:
        text = query.strip()
        folded = normalise_query(text)
        params = {
            "text": text,
            "like": f"%{_escape_like(text)}%",
            "folded": folded,
            "folded_like": f"{_escape_like(folded)}%",
            "tail": f"%{_escape_like(text.upper())}",
            "case": text.upper(),
        }
        conditions = [
            "name LIKE :like ESCAPE '\\'",
            "alias LIKE :like ESCAPE '\\'",
            "name_pinyin LIKE :folded_like ESCAPE '\\'",
            "name_initials = :folded",
            "upper(case_no) = :case",
        ]
        if re.fullmatch(r"\d{3}[\dXx]", text):
            conditions.append("id_number LIKE :tail ESCAPE '\\'")
            # An old card's number as the officer may read it off an old document.
            conditions.append("id_number_15 LIKE :tail ESCAPE '\\'")
        if re.fullmatch(r"[A-Za-z0-9]{3}[0-9]", text):
            # A passport's last 4 (its numbers end in digits; requiring one keeps a
            # four-letter name or initials from matching passports).
            conditions.append("passport_no LIKE :tail ESCAPE '\\'")
        if text.isdigit():
            conditions.append("id = CAST(:text AS INTEGER)")
        sql = f"SELECT id FROM persons WHERE {' OR '.join(conditions)} ORDER BY id"
        return [int(r[0]) for r in self.conn.execute(sql, params)]

    # --- status history -----------------------------------------------------------

    def status_history(self, person_id: int) -> list[StatusEntry]:
        return [
            StatusEntry(
                entry_id=row[0],
                status=row[1],
                since=dt.date.fromisoformat(row[2]),
                until=stored_date(row[3]),
                doc_no=row[4],
            )
            for row in self.conn.execute(
                "SELECT id, status, since, until, doc_no FROM status_history"
                " WHERE person_id = ? ORDER BY since, id",
                (person_id,),
            )
        ]

    def status_rows(self, person_id: int) -> list[dict[str, Any]]:
        return self._query(
            "SELECT id, status, since, until, doc_no, reason, entered_at FROM status_history"
            " WHERE person_id = ? ORDER BY since, id",
            [person_id],
        )

    def record_status(
        self,
        person_id: int,
        status: str,
        since: dt.date,
        until: dt.date | None,
        doc_no: str | None,
        reason: str | None,
        term_years: int | None = None,
        today: dt.date | None = None,
    ) -> int:
        """Append a status entry as the lifecycle decides (lifecycle.status_decision:
        InvalidInput with the reason when it refuses; given ``today``, also an entry after
        it or before the person's birth date), with the file's decision and term it brings
        along, in one transaction."""
        person = self.person(person_id)
        self._refuse_purged(person_id)
        with self.transaction():
            # Decided inside the write transaction: the history cannot change in between.
            decision = status_decision(
                self.status_history(person_id),
                status,
                since,
                until,
                doc_no,
                term_years,
                today=today,
                born=stored_date(person["birth_date"]),
            )
            entry = decision.entry
            entry_id = self._insert_status(
                person_id, entry.status, entry.since, entry.until, entry.doc_no, reason
            )
            if decision.file:
                self._update_person(
                    person_id, {name: stored_form(value) for name, value in decision.file.items()}
                )
            return entry_id

    # The columns of a status entry a void archives: all of them.
    STATUS_COLUMNS = (
        "id", "person_id", "status", "since", "until", "doc_no", "reason", "entered_at",
    )  # fmt: skip

    def void_status(
        self, entry_id: int, reason: str, day: dt.date
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Take a status entry recorded by mistake out of the history, as the lifecycle
        decides (lifecycle.status_void: VoidRefused with the reason, the first entry or
        one a later entry depends on), in one transaction: the entry archived whole in
        corrections with the file's fields it changes as they stood (``file``), the entry
        deleted, the decision and term it brought along put back. Returns the entry as it
        stood and the fields written back; NotFound (``error.status.unknown``)."""
        with self.transaction():
            record = record_to_correct(
                self, "status_history", self.STATUS_COLUMNS, entry_id, "error.status.unknown"
            )
            person_id = record["person_id"]
            person = self.person(person_id)
            void = status_void(self.status_history(person_id), entry_id, person)
            restored = {name: stored_form(value) for name, value in void.file.items()}
            archived = {**record, "file": {name: person[name] for name in restored}}
            correction_id = archive_record(self, "status_history", archived, "void", reason, day)
            self.conn.execute("DELETE FROM status_history WHERE id = ?", (entry_id,))
            fields = [name for name, value in record.items() if value is not None]
            self.audit(
                "void", "status_history", entry_id, fields, note=f"correction {correction_id}"
            )
            if restored:
                self._update_person(person_id, restored)
        return record, restored

    def _insert_status(
        self,
        person_id: int,
        status: str,
        since: dt.date,
        until: dt.date | None,
        doc_no: str | None,
        reason: str | None,
    ) -> int:
        cursor = self.conn.execute(
            # A new number past those of voided entries: a number names one entry only.
            "INSERT INTO status_history (id, person_id, status, since, until, doc_no, reason,"
            f" entered_at) VALUES ({new_record_id('status_history')}, ?, ?, ?, ?, ?, ?, ?)",
            (
                person_id,
                status,
                since.isoformat(),
                until.isoformat() if until else None,
                doc_no,
                reason,
                timestamp(),
            ),
        )
        entry_id = int(cursor.lastrowid or 0)
        fields = ["person_id", "status", "since"]
        fields += [
            name
            for name, value in (("until", until), ("doc_no", doc_no), ("reason", reason))
            if value
        ]
        self.audit("insert", "status_history", entry_id, fields)
        return entry_id

    # --- helpers and teams --------------------------------------------------------

    def add_helper(self, name: str, role: str, phone: str | None) -> int:
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO helpers (name, name_pinyin, name_initials, role, phone, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (name, name_pinyin(name), name_initials(name), role, phone, timestamp()),
            )
            helper_id = int(cursor.lastrowid or 0)
            self.audit(
                "insert", "helpers", helper_id, ["name", "role"] + (["phone"] if phone else [])
            )
        return helper_id

    def list_helpers(self, *, active_only: bool = False) -> list[dict[str, Any]]:
        """The helpers with how many persons' teams each is in now; with
        ``active_only``, not the retired (who keep their number, history and contacts)."""
        where = "WHERE h.retired_on IS NULL" if active_only else ""
        return self._query(
            f"""
                SELECT h.id, h.name, h.role, h.phone, h.retired_on,
                       COUNT(DISTINCT t.person_id) AS persons
                FROM helpers h
                LEFT JOIN team_members t ON t.helper_id = h.id AND t.until IS NULL
                {where}
                GROUP BY h.id ORDER BY h.id
                """
        )

    def resolve_helper(self, ref: str) -> int:
        text = ref.strip()
        match = re.fullmatch(r"[Hh]?-?0*(\d+)", text)
        if match:
            row = self.conn.execute(
                "SELECT id FROM helpers WHERE id = ?", (int(match.group(1)),)
            ).fetchone()
            if row is None:
                raise NotFound("error.helper.not_found")
            return int(row[0])
        ids = self._ids_by_name("helpers", text)
        if len(ids) > 1:
            raise Ambiguous("error.helper.ambiguous", ids=", ".join(f"H{i}" for i in ids))
        if not ids:
            raise NotFound("error.helper.not_found")
        return ids[0]

    def assign(self, person_id: int, helper_id: int, role: str, on: dt.date) -> bool:
        """Put a helper in a role of the person's team; the previous holder's membership
        ends the day before. Returns False when the helper already holds the role; a
        retired helper is refused (domain/teams.py ``check_assignable``)."""
        self.person(person_id)
        check_assignable(helper_id, self._retired_on(helper_id))
        current = self.conn.execute(
            "SELECT id, helper_id, since FROM team_members"
            " WHERE person_id = ? AND role = ? AND until IS NULL",
            (person_id, role),
        ).fetchone()
        if current and current[1] == helper_id:
            return False
        if current and on.isoformat() < current[2]:
            raise Conflict("error.team.before_current", since=current[2])
        with self.transaction():
            if current and on.isoformat() == current[2]:
                # Replaced on the day it began: a correction, not a change of member.
                self.conn.execute(
                    "UPDATE team_members SET helper_id = ? WHERE id = ?", (helper_id, current[0])
                )
                self.audit("update", "team_members", current[0], ["helper_id"])
                return True
            if current:
                self.conn.execute(
                    "UPDATE team_members SET until = ? WHERE id = ?",
                    ((on - dt.timedelta(days=1)).isoformat(), current[0]),
                )
                self.audit("update", "team_members", current[0], ["until"])
            cursor = self.conn.execute(
                "INSERT INTO team_members (person_id, helper_id, role, since) VALUES (?, ?, ?, ?)",
                (person_id, helper_id, role, on.isoformat()),
            )
            self.audit(
                "insert",
                "team_members",
                int(cursor.lastrowid or 0),
                ["person_id", "helper_id", "role", "since"],
            )
        return True

    def team(self, person_id: int) -> list[dict[str, Any]]:
        return self._query(
            """
                SELECT t.role, h.id AS helper_id, h.name AS helper, h.phone, t.since
                FROM team_members t JOIN helpers h ON h.id = t.helper_id
                WHERE t.person_id = ? AND t.until IS NULL
                ORDER BY t.id
                """,
            [person_id],
        )

    def team_history(self, person_id: int) -> list[dict[str, Any]]:
        """Every membership the person's team has had, ended ones with their last day."""
        self.person(person_id)
        return self._query(
            """
                SELECT t.role, h.id AS helper_id, h.name AS helper, h.phone, t.since,
                       t.until, h.retired_on
                FROM team_members t JOIN helpers h ON h.id = t.helper_id
                WHERE t.person_id = ?
                ORDER BY t.since, t.id
                """,
            [person_id],
        )

    def _retired_on(self, helper_id: int) -> dt.date | None:
        row = self.conn.execute(
            "SELECT retired_on FROM helpers WHERE id = ?", (helper_id,)
        ).fetchone()
        if row is None:
            raise NotFound("error.helper.not_found")
        return dt.date.fromisoformat(row[0]) if row[0] else None

    def _held(self, helper_id: int) -> list[Held]:
        """Every membership the helper has had, with whose team it is."""
        return [
            Held(
                row[0],
                row[1],
                row[2],
                Membership(
                    helper_id,
                    row[3],
                    dt.date.fromisoformat(row[4]),
                    dt.date.fromisoformat(row[5]) if row[5] else None,
                ),
            )
            for row in self.conn.execute(
                "SELECT t.id, t.person_id, p.case_no, t.role, t.since, t.until"
                " FROM team_members t JOIN persons p ON p.id = t.person_id"
                " WHERE t.helper_id = ? ORDER BY t.id",
                (helper_id,),
            )
        ]

    def replace_helper(
        self, old: int, new: int, day: dt.date, today: dt.date, reason: str | None = None
    ) -> Replacement:
        """Pass every team role ``old`` holds from ``day`` on to ``new``, in one
        transaction with its audit rows; what moves is the domain's answer
        (``plan_replacement``), asked inside the transaction. Nothing held: nothing
        written."""
        with self.transaction():
            plan = plan_replacement(old, new, self._retired_on(new), self._held(old), day, today)
            self._apply_replacement(plan, reason)
        return plan

    def _apply_replacement(self, plan: Replacement, reason: str | None) -> None:
        if not plan.moves:
            return
        for move in plan.moves:
            held = move.held
            if move.in_place:
                # Replaced on the day it began: a correction, not a change of member.
                self.conn.execute(
                    "UPDATE team_members SET helper_id = ? WHERE id = ?", (plan.new, held.id)
                )
                self.audit("update", "team_members", held.id, ["helper_id"])
                continue
            self.conn.execute(
                "UPDATE team_members SET until = ? WHERE id = ?",
                ((plan.day - dt.timedelta(days=1)).isoformat(), held.id),
            )
            self.audit("update", "team_members", held.id, ["until"])
            until = held.membership.until
            cursor = self.conn.execute(
                "INSERT INTO team_members (person_id, helper_id, role, since, until)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    held.person_id,
                    plan.new,
                    held.membership.role,
                    plan.day.isoformat(),
                    until.isoformat() if until else None,
                ),
            )
            fields = ["person_id", "helper_id", "role", "since"] + (["until"] if until else [])
            self.audit("insert", "team_members", int(cursor.lastrowid or 0), fields)
        note = (
            f"{helper_tag(plan.old)} -> {helper_tag(plan.new)} from {plan.day.isoformat()}"
            f" roles={plan.roles} persons={plan.persons}"
        )
        self.audit(
            "replace", "helpers", plan.old, ["team_members"], note=_with_reason(note, reason)
        )

    def retire_helper(
        self,
        helper_id: int,
        day: dt.date,
        today: dt.date,
        reason: str | None = None,
        *,
        successor: int | None = None,
    ) -> Replacement | None:
        """Take a helper off the active lists from ``day`` (the first day they no longer
        help), after passing their roles to ``successor`` when one is given, all in one
        transaction; refused while they hold a role (domain/teams.py
        ``check_retirement``). Returns the replacement made, if any."""
        with self.transaction():
            plan = None
            if successor is not None:
                plan = plan_replacement(
                    helper_id,
                    successor,
                    self._retired_on(successor),
                    self._held(helper_id),
                    day,
                    today,
                )
                self._apply_replacement(plan, reason)
            check_retirement(
                helper_id,
                self._retired_on(helper_id),
                self._held(helper_id),
                self._last_contact_of_helper(helper_id),
                day,
                today,
            )
            self.conn.execute(
                "UPDATE helpers SET retired_on = ? WHERE id = ?", (day.isoformat(), helper_id)
            )
            self.audit(
                "update",
                "helpers",
                helper_id,
                ["retired_on"],
                note=_with_reason(f"retired from {day.isoformat()}", reason),
            )
        return plan

    def _last_contact_of_helper(self, helper_id: int) -> dt.date | None:
        row = self.conn.execute(
            "SELECT max(c.happened_on) FROM contact_helpers ch"
            " JOIN contacts c ON c.id = ch.contact_id WHERE ch.helper_id = ?",
            (helper_id,),
        ).fetchone()
        return dt.date.fromisoformat(row[0]) if row[0] else None


def _with_reason(note: str, reason: str | None) -> str:
    """An audit note with the officer's reason, as a reveal's carries it."""
    return f"{note}; reason: {reason}" if reason else note


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
