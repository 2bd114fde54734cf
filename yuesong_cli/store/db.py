"""The store: the one module that holds SQL.

``Store`` wraps ``sqlite_utils.Database``: it refuses a file others can read, sets the
connection pragmas of docs/security.md §4, applies pending migrations on open, and does every
multi-step write inside ``transaction()`` together with its audit row, so a change and
its record land or vanish together.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import json
import os
import re
import sqlite3
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

from yuesong_cli.domain import audit
from yuesong_cli.domain.breaches import RESULT_BREACHES, SERIOUS_DODGES, Breach
from yuesong_cli.domain.dates import stored_date
from yuesong_cli.domain.fields import EDITABLE_FIELDS, REQUIRED_FIELDS
from yuesong_cli.domain.lifecycle import registration_decision, status_decision
from yuesong_cli.domain.names import name_initials, name_pinyin, normalise_query
from yuesong_cli.domain.obligations import DEFAULT_PLAN, Contact, Rule
from yuesong_cli.domain.photos import Photo
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.domain.vocab import ACTIVE_STATUSES, KIND_BITS
from yuesong_cli.errors import Ambiguous, Conflict, DatabaseProblem, InvalidInput, NotFound
from yuesong_cli.store.clock import timestamp
from yuesong_cli.store.schema import MIGRATION_NAMES, MIGRATION_SET

DEFAULT_SETTINGS = {
    "township": "岳宋乡",
    "timezone": "Asia/Shanghai",
    "case_prefix": "YS",
    "mask_names": "on",
}
SETTING_KEYS = tuple(DEFAULT_SETTINGS)


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
    teams: dict[int, list[int]]  # person -> current team members (helper ids)
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


def rule_from_row(row: Mapping[str, Any]) -> Rule:
    tiers = json.loads(row["tiers"]) if row["tiers"] else {}
    return Rule(
        key=row["rule"],
        schedule=row["schedule"],
        period=row["period"],
        every_days=row["every_days"],
        tiers={status: tuple(steps) for status, steps in tiers.items()},
        kinds=_word_set(row["kinds"]),
        modes=_word_set(row["modes"]),
        results=_word_set(row["results"]),
    )


def rule_to_row(rule: Rule) -> dict[str, Any]:
    return {
        "rule": rule.key,
        "schedule": rule.schedule,
        "period": rule.period,
        "every_days": rule.every_days,
        "tiers": json.dumps({k: list(v) for k, v in rule.tiers.items()}) if rule.tiers else None,
        "kinds": ",".join(sorted(rule.kinds)),
        "modes": ",".join(sorted(rule.modes)),
        "results": ",".join(sorted(rule.results)),
    }


def _status_on_sql(column: str) -> str:
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


def _rule_condition(rule: Rule, alias: str, values: dict[str, Any], prefix: str) -> str:
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
_CONTACT_SELECT = (
    "SELECT c.id, c.happened_on, c.entered_at, c.mode, c.urine_result, c.kind_mask FROM contacts c"
)


def _gather_histories(
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
def _kinds_of(mask: int) -> frozenset[str]:
    """The kinds a contact's bits stand for (one set per combination, shared)."""
    return frozenset(kind for kind, bit in KIND_BITS.items() if mask & bit)


def _contact(row: Sequence[Any], zone: ZoneInfo) -> Contact:
    # The local day of entry, in the zone's offset at that moment (not at as-of: a
    # daylight-saving change between them must not move it).
    entered = dt.datetime.fromisoformat(row[2]).astimezone(zone).date() if row[2] else None
    return Contact(
        contact_id=row[0],
        day=dt.date.fromisoformat(row[1]),
        kinds=_kinds_of(row[5]),
        mode=row[3],
        urine_result=row[4],
        entered_on=entered,
    )


def _word_set(text: str | None) -> frozenset[str]:
    return frozenset(word for word in (text or "").split(",") if word)


@dataclass(frozen=True)
class NewContact:
    person_id: int
    happened_on: dt.date
    kinds: Sequence[str]
    mode: str
    helper_ids: Sequence[int] = ()
    place: str | None = None
    note: str | None = None
    urine_result: str | None = None
    substance: str | None = None
    photos: Sequence[Photo] = ()


def _secure_file_mode(path: Path) -> None:
    if path.exists():
        os.chmod(path, 0o600)


def check_permissions(path: Path) -> None:
    """Refuse a database file (or its -wal/-shm) that other users can read or write."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if candidate.exists() and stat.S_IMODE(candidate.stat().st_mode) & 0o077:
            raise DatabaseProblem("error.db.permissions", path=str(candidate))


class Store:
    """An open yuesong database."""

    def __init__(self, path: Path | str, *, create: bool = False, actor: str = "unknown") -> None:
        """Open (or with ``create``, make) the database at ``path``; ``actor`` is who the
        audit log names for the changes made through it (the CLI passes the login name)."""
        self.path = Path(path)
        self.actor = actor
        if create:
            if self.path.exists():
                raise Conflict("error.db.exists", path=str(self.path))
            if not self.path.parent.exists():
                raise NotFound("error.db.no_folder", path=str(self.path.parent))
            # O_EXCL with mode 0600: the file never exists, even for a moment, with
            # wider permissions, whatever the umask. SQLite gives -wal and -shm the
            # mode of the database file.
            os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        elif not self.path.exists():
            raise NotFound("error.db.missing", path=str(self.path))
        check_permissions(self.path)
        try:
            conn = sqlite3.connect(str(self.path), timeout=5.0)
            self.conn = conn
            # Looked at before anything is set: a file that is not ours stays untouched.
            if not create and not self._is_yuesong_file():
                conn.close()
                raise DatabaseProblem("error.db.not_yuesong", path=str(self.path))
            self._configure(conn)
        except sqlite3.DatabaseError as exc:
            raise DatabaseProblem("error.db.not_a_database", path=str(self.path)) from exc
        self._db: Database | None = None
        for suffix in ("-wal", "-shm"):
            _secure_file_mode(Path(f"{self.path}{suffix}"))
        try:
            if self._schema_outdated():
                # BEGIN IMMEDIATE first: two processes opening an old file at once
                # migrate it once; the second sees nothing pending inside the lock.
                with self.transaction():
                    _migrations().apply(self.db)
        except sqlite3.DatabaseError as exc:
            raise DatabaseProblem("error.db.not_a_database", path=str(self.path)) from exc
        if create:
            with self.transaction():
                for key, value in DEFAULT_SETTINGS.items():
                    self.conn.execute(
                        "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (key, value)
                    )
                self.audit("init", "settings", None, list(DEFAULT_SETTINGS))

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the connection, made on first use: importing
        sqlite-utils costs the daily due list more than its whole computation."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def _is_yuesong_file(self) -> bool:
        """Whether the file records yuesong migrations: any other file, an empty one
        included, is refused rather than turned into a ledger (only init creates one)."""
        has_table = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        return bool(
            has_table
            and self.conn.execute(
                "SELECT 1 FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,)
            ).fetchone()
        )

    def _schema_outdated(self) -> bool:
        """Whether a migration is pending, asked with one plain query."""
        has_table = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        if not has_table:
            return True
        applied = {
            row[0]
            for row in self.conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,)
            )
        }
        return not set(MIGRATION_NAMES) <= applied

    def _query(
        self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()
    ) -> list[dict[str, Any]]:
        """Rows as dicts."""
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    @staticmethod
    def _configure(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA busy_timeout = 5000")
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA trusted_schema = OFF")
        # Temporary tables (the due list's working set) never touch the disk.
        conn.execute("PRAGMA temp_store = MEMORY")

    def close(self) -> None:
        self.conn.close()

    @contextlib.contextmanager
    def released(self) -> Iterator[None]:
        """The connection closed for a while and opened again after: a process forked
        meanwhile starts with none of this one's SQLite state (SQLite forbids carrying a
        connection across a fork; its lock bookkeeping is per process)."""
        if self.conn.in_transaction:
            raise RuntimeError("released() inside a transaction")
        self.conn.close()
        try:
            yield
        finally:
            conn = sqlite3.connect(str(self.path), timeout=5.0)
            self._configure(conn)
            self.conn = conn
            self._db = None

    # --- transactions and audit ---------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write: BEGIN IMMEDIATE takes the write lock up front, so a
        concurrent writer waits (busy_timeout) instead of failing half-way."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def audit(
        self,
        action: str,
        table_name: str | None,
        record_id: int | None,
        fields: Sequence[str],
        note: str | None = None,
    ) -> None:
        """Append an audit row: what was done to which record and which fields, never
        the values. Must run inside the transaction of the change it records."""
        if not self.conn.in_transaction:
            raise RuntimeError("audit() outside a transaction")
        head = self._audit_head()
        prev_id, prev_hash = head if head else (0, audit.GENESIS)
        row: dict[str, Any] = {
            "id": prev_id + 1,
            "at": timestamp(),
            "actor": self.actor,
            "action": action,
            "table_name": table_name,
            "record_id": record_id,
            "fields": json.dumps(sorted(fields), ensure_ascii=False),
            "note": note,
        }
        row["prev_hash"] = prev_hash
        row["hash"] = audit.row_hash(prev_hash, row)
        self.conn.execute(
            "INSERT INTO audit (id, at, actor, action, table_name, record_id, fields, note,"
            " prev_hash, hash) VALUES (:id, :at, :actor, :action, :table_name, :record_id,"
            " :fields, :note, :prev_hash, :hash)",
            row,
        )
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('audit_head', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (f"{row['id']}:{row['hash']}",),
        )

    def _audit_head(self) -> tuple[int, str] | None:
        found = self.conn.execute("SELECT value FROM settings WHERE key = 'audit_head'").fetchone()
        if not found:
            return None
        head_id, _, head_hash = found[0].partition(":")
        return int(head_id), head_hash

    def audit_rows(self) -> list[dict[str, Any]]:
        return self._query("SELECT * FROM audit ORDER BY id")

    def verify(self) -> dict[str, list[str]]:
        """Problems found by SQLite's integrity and foreign-key checks and the audit chain."""
        problems: dict[str, list[str]] = {"integrity": [], "foreign_keys": [], "audit": []}
        for (line,) in self.conn.execute("PRAGMA integrity_check"):
            if line != "ok":
                problems["integrity"].append(str(line))
        for row in self.conn.execute("PRAGMA foreign_key_check"):
            problems["foreign_keys"].append(f"{row[0]} rowid {row[1]} -> {row[2]}")
        for problem in audit.verify_chain(self.audit_rows(), self._audit_head()):
            problems["audit"].append(f"{problem.kind}:{problem.audit_id or ''}")
        return problems

    # --- settings -----------------------------------------------------------------

    def settings(self) -> dict[str, str]:
        values = dict(DEFAULT_SETTINGS)
        values.update(
            {
                key: value
                for key, value in self.conn.execute("SELECT key, value FROM settings")
                if key in DEFAULT_SETTINGS
            }
        )
        return values

    def setting(self, key: str) -> str:
        return self.settings()[key]

    def set_settings(self, changes: Mapping[str, str]) -> None:
        unknown = [key for key in changes if key not in DEFAULT_SETTINGS]
        if unknown:
            raise InvalidInput(
                "error.setting.unknown", key=unknown[0], keys=", ".join(SETTING_KEYS)
            )
        with self.transaction():
            for key, value in changes.items():
                self.conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
            self.audit("update", "settings", None, list(changes))

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
        id_number: str,
        gender: str,
        birth_date: dt.date,
        fields: Mapping[str, Any],
        status: str,
        since: dt.date,
        registered_on: dt.date,
        doc_no: str | None = None,
    ) -> tuple[int, str]:
        """Register a person with a first status as the lifecycle decides
        (lifecycle.registration_decision); returns (id, case number)."""
        self._check_plan(fields.get("plan"))
        decision = registration_decision(
            status, since, doc_no, fields.get("term_start"), fields.get("term_end")
        )
        with self.transaction():
            if self.conn.execute(
                "SELECT 1 FROM persons WHERE id_number = ?", (id_number,)
            ).fetchone():
                raise Conflict("error.person.duplicate_id")
            (next_id,) = self.conn.execute(
                "SELECT COALESCE(MAX(id), 0) + 1 FROM persons"
            ).fetchone()
            case_no = self._new_case_no(next_id)
            row = {key: _db_value(value) for key, value in fields.items() if key in EDITABLE_FIELDS}
            row.update(
                id=next_id,
                case_no=case_no,
                name=name,
                name_pinyin=name_pinyin(name),
                name_initials=name_initials(name),
                id_number=id_number,
                gender=gender,
                birth_date=birth_date.isoformat(),
                registered_on=registered_on.isoformat(),
                created_at=timestamp(),
            )
            row.setdefault("plan", DEFAULT_PLAN.key)
            row.update({name: _db_value(value) for name, value in decision.file.items()})
            columns = ", ".join(row)
            marks = ", ".join(f":{key}" for key in row)
            self.conn.execute(f"INSERT INTO persons ({columns}) VALUES ({marks})", row)
            self.audit("insert", "persons", next_id, [k for k in row if k != "id"])
            entry = decision.entry
            self._insert_status(next_id, entry.status, entry.since, None, entry.doc_no, None)
        return next_id, case_no

    def _check_plan(self, plan: str | None) -> None:
        if plan and not self.conn.execute("SELECT 1 FROM plans WHERE key = ?", (plan,)).fetchone():
            known = ", ".join(r[0] for r in self.conn.execute("SELECT key FROM plans"))
            raise NotFound("error.plan.unknown", plan=plan, plans=known)

    def edit_person(self, person_id: int, changes: Mapping[str, Any]) -> list[str]:
        """Change fields of a person; returns the names of the fields changed."""
        self._check_plan(changes.get("plan"))
        current = self.person(person_id)
        row = {key: _db_value(value) for key, value in changes.items()}
        row = {key: value for key, value in row.items() if current.get(key) != value}
        changed = sorted(row)
        self._check_registration(person_id, {**current, **row})
        if "name" in row:
            # Derived search keys follow the name; they are not fields the officer edits.
            row["name_pinyin"] = name_pinyin(row["name"])
            row["name_initials"] = name_initials(row["name"])
        if (
            "id_number" in row
            and self.conn.execute(
                "SELECT 1 FROM persons WHERE id_number = ? AND id != ?",
                (row["id_number"], person_id),
            ).fetchone()
        ):
            raise Conflict("error.person.duplicate_id")
        if not row:
            return []
        assignments = ", ".join(f"{key} = :{key}" for key in row)
        with self.transaction():
            self.conn.execute(
                f"UPDATE persons SET {assignments} WHERE id = :person_id",
                {**row, "person_id": person_id},
            )
            self.audit("update", "persons", person_id, list(row))
        return changed

    def _check_registration(self, person_id: int, person: Mapping[str, Any]) -> None:
        """Registration falls between birth and the first contact (docs/commands.md)."""
        registered = person["registered_on"]
        if registered < person["birth_date"]:
            raise InvalidInput("error.date.before_birth")
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
        village: str | None = None,
        status: str | None = None,
        plan: str | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[dict[str, Any]]:
        """The register with each person's status in force on ``as_of``, in one query."""
        self._check_plan(plan)
        # Persons registered after the day did not yet exist in the ledger then.
        where = ["p.registered_on <= :as_of"]
        params: dict[str, Any] = {"as_of": as_of.isoformat()}
        if village:
            where.append("p.village = :village")
            params["village"] = village
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
                       p.key_person,
                       ({_status_on_sql("status")}) AS status,
                       ({_status_on_sql("since")}) AS status_since
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
    ) -> int:
        """Append a status entry as the lifecycle decides (lifecycle.status_decision:
        InvalidInput with the reason when it refuses), with the file's decision and term
        it brings along, in one transaction."""
        self.person(person_id)
        with self.transaction():
            # Decided inside the write transaction: the history cannot change in between.
            decision = status_decision(
                self.status_history(person_id), status, since, until, doc_no, term_years
            )
            entry = decision.entry
            entry_id = self._insert_status(
                person_id, entry.status, entry.since, entry.until, entry.doc_no, reason
            )
            if decision.file:
                changes = {name: _db_value(value) for name, value in decision.file.items()}
                assignments = ", ".join(f"{name} = :{name}" for name in changes)
                self.conn.execute(
                    f"UPDATE persons SET {assignments} WHERE id = :id", changes | {"id": person_id}
                )
                self.audit("update", "persons", person_id, list(changes))
            return entry_id

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
            "INSERT INTO status_history (person_id, status, since, until, doc_no, reason,"
            " entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
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

    def list_helpers(self) -> list[dict[str, Any]]:
        return self._query(
            """
                SELECT h.id, h.name, h.role, h.phone,
                       COUNT(DISTINCT t.person_id) AS persons
                FROM helpers h
                LEFT JOIN team_members t ON t.helper_id = h.id AND t.until IS NULL
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
        ends the day before. Returns False when the helper already holds the role."""
        self.person(person_id)
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

    # --- contacts -----------------------------------------------------------------

    def add_contact(self, contact: NewContact) -> int:
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO contacts (person_id, happened_on, entered_at, mode, place, note,"
                " urine_result, substance) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    contact.person_id,
                    contact.happened_on.isoformat(),
                    timestamp(),
                    contact.mode,
                    contact.place,
                    contact.note,
                    contact.urine_result,
                    contact.substance,
                ),
            )
            contact_id = int(cursor.lastrowid or 0)
            self.conn.executemany(
                "INSERT INTO contact_kinds (contact_id, kind) VALUES (?, ?)",
                [(contact_id, kind) for kind in contact.kinds],
            )
            self.conn.executemany(
                "INSERT INTO contact_helpers (contact_id, helper_id) VALUES (?, ?)",
                [(contact_id, helper_id) for helper_id in contact.helper_ids],
            )
            for photo in contact.photos:
                self.conn.execute(
                    "INSERT OR IGNORE INTO photos (sha256, media_type, size, data, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (photo.sha256, photo.media_type, len(photo.data), photo.data, timestamp()),
                )
                self.conn.execute(
                    "INSERT OR IGNORE INTO contact_photos (contact_id, sha256) VALUES (?, ?)",
                    (contact_id, photo.sha256),
                )
            fields = ["person_id", "happened_on", "mode", "kinds"]
            fields += [
                name
                for name in ("place", "note", "urine_result", "substance")
                if getattr(contact, name)
            ]
            if contact.helper_ids:
                fields.append("helpers")
            if contact.photos:
                fields.append("photos")
            self.audit("insert", "contacts", contact_id, fields)
        return contact_id

    def contacts(self, person_id: int, limit: int | None = None) -> list[dict[str, Any]]:
        sql = """
            SELECT c.id, c.happened_on, c.entered_at, c.mode, c.place, c.note,
                   c.urine_result, c.substance,
                   (SELECT group_concat(kind, ',') FROM (
                        SELECT kind FROM contact_kinds WHERE contact_id = c.id
                        ORDER BY CASE kind WHEN 'meet' THEN 1 WHEN 'talk' THEN 2
                            WHEN 'visit' THEN 3 WHEN 'report' THEN 4 ELSE 5 END)) AS kinds,
                   (SELECT group_concat(h.name, '、') FROM contact_helpers ch
                        JOIN helpers h ON h.id = ch.helper_id
                        WHERE ch.contact_id = c.id) AS helpers,
                   (SELECT COUNT(*) FROM contact_photos cp WHERE cp.contact_id = c.id)
                        AS photos
            FROM contacts c WHERE c.person_id = ?
            ORDER BY c.happened_on DESC, c.id DESC
        """
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._query(sql, [person_id])

    # --- breaches -------------------------------------------------------------------

    def add_breach(
        self,
        person_id: int,
        day: dt.date,
        kind: str,
        days_away: int | None,
        note: str | None,
    ) -> int:
        self.person(person_id)
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO breaches (person_id, happened_on, kind, days_away, note,"
                " entered_at) VALUES (?, ?, ?, ?, ?, ?)",
                (person_id, day.isoformat(), kind, days_away, note, timestamp()),
            )
            breach_id = int(cursor.lastrowid or 0)
            fields = ["person_id", "happened_on", "kind"]
            fields += [name for name, value in (("days_away", days_away), ("note", note)) if value]
            self.audit("insert", "breaches", breach_id, fields)
        return breach_id

    def breach_rows(self, person_id: int) -> list[dict[str, Any]]:
        """A person's breaches: those recorded and the urine tests refused or not come
        to (which are breaches by themselves), oldest first. A recorded breach of the
        same day and kind as a test is that test, counted once."""
        return self._query(
            """
            SELECT happened_on, kind, days_away, note, 'recorded' AS source FROM breaches
            WHERE person_id = :p
            UNION ALL
            SELECT c.happened_on,
                   CASE c.urine_result WHEN 'refused' THEN 'refused_test'
                        ELSE 'absent_test' END,
                   NULL, NULL, 'test'
            FROM contacts c
            WHERE c.person_id = :p AND c.urine_result IN ('refused', 'absent')
              AND (c.kind_mask & :urine) != 0
              AND NOT EXISTS (
                SELECT 1 FROM breaches b WHERE b.person_id = :p
                  AND b.happened_on = c.happened_on
                  AND b.kind = CASE c.urine_result WHEN 'refused' THEN 'refused_test'
                               ELSE 'absent_test' END)
            ORDER BY 1, 2
            """,
            {"p": person_id, "urine": KIND_BITS["urine"]},
        )

    # --- plans and rules ----------------------------------------------------------

    def plans(self) -> list[dict[str, Any]]:
        return self._query(
            """
                SELECT p.key, p.name_zh, p.name_en,
                       (SELECT COUNT(*) FROM plan_rules r WHERE r.plan = p.key) AS rules,
                       (SELECT COUNT(*) FROM persons s WHERE s.plan = p.key) AS persons
                FROM plans p ORDER BY p.rowid
                """
        )

    def plan_rule_rows(self, plan: str) -> list[dict[str, Any]]:
        self._check_plan(plan)
        return self._query(
            "SELECT * FROM plan_rules WHERE plan = ? ORDER BY position, rule", [plan]
        )

    def plan_rules(self, plan: str) -> list[Rule]:
        return [rule_from_row(row) for row in self.plan_rule_rows(plan)]

    def add_plan(self, key: str, name_zh: str, name_en: str, copy_from: str | None) -> None:
        if copy_from:
            self._check_plan(copy_from)
        if self.conn.execute("SELECT 1 FROM plans WHERE key = ?", (key,)).fetchone():
            raise Conflict("error.plan.exists", plan=key)
        with self.transaction():
            self.conn.execute(
                "INSERT INTO plans (key, name_zh, name_en) VALUES (?, ?, ?)",
                (key, name_zh, name_en),
            )
            self.audit("insert", "plans", None, ["key", "name_zh", "name_en"], note=key)
            if copy_from:
                self.conn.execute(
                    "INSERT INTO plan_rules (plan, rule, position, name_zh, name_en, schedule,"
                    " period, every_days, tiers, kinds, modes, results)"
                    " SELECT ?, rule, position, name_zh, name_en, schedule, period, every_days,"
                    " tiers, kinds, modes, results FROM plan_rules WHERE plan = ?",
                    (key, copy_from),
                )
                self.audit("insert", "plan_rules", None, ["copied"], note=f"{key}<-{copy_from}")

    def set_rule(self, plan: str, rule: Rule, name_zh: str, name_en: str) -> None:
        """Add a rule to a plan, or replace the rule of that key."""
        self._check_plan(plan)
        row = rule_to_row(rule)
        with self.transaction():
            (position,) = self.conn.execute(
                "SELECT COALESCE((SELECT position FROM plan_rules WHERE plan = ? AND rule = ?),"
                " (SELECT COALESCE(MAX(position), 0) + 1 FROM plan_rules WHERE plan = ?))",
                (plan, rule.key, plan),
            ).fetchone()
            self.conn.execute(
                "INSERT OR REPLACE INTO plan_rules (plan, rule, position, name_zh, name_en,"
                " schedule, period, every_days, tiers, kinds, modes, results) VALUES"
                " (:plan, :rule, :position, :name_zh, :name_en, :schedule, :period,"
                " :every_days, :tiers, :kinds, :modes, :results)",
                {**row, "plan": plan, "position": position, "name_zh": name_zh, "name_en": name_en},
            )
            self.audit("update", "plan_rules", None, list(row), note=f"{plan}.{rule.key}")

    def remove_rule(self, plan: str, rule_key: str) -> None:
        self._check_plan(plan)
        with self.transaction():
            cursor = self.conn.execute(
                "DELETE FROM plan_rules WHERE plan = ? AND rule = ?", (plan, rule_key)
            )
            if cursor.rowcount == 0:
                raise NotFound("error.rule.unknown", rule=rule_key, plan=plan)
            self.audit("delete", "plan_rules", None, ["rule"], note=f"{plan}.{rule_key}")

    # --- the due list's inputs: a few set-based queries for all persons -----------

    def _active_persons_sql(
        self,
        village: str | None,
        helper_id: int | None,
        person_id: int | None,
        ids: tuple[int, int] | None = None,
    ) -> str:
        """A CTE ``active(id, case_no, name, village, village_group, plan, registered_on,
        status)`` of the persons under active supervision on :as_of (with the filters)."""
        where = ["p.registered_on <= :as_of"]
        if village is not None:
            where.append("p.village = :village")
        if helper_id is not None:
            where.append(
                "p.id IN (SELECT person_id FROM team_members"
                " WHERE helper_id = :helper_id AND until IS NULL)"
            )
        if person_id is not None:
            where.append("p.id = :person_id")
        if ids is not None:
            where.append("p.id BETWEEN :first_id AND :last_id")
        active = ", ".join(repr(k) for k in sorted(ACTIVE_STATUSES))
        return f"""
            active AS (
                SELECT * FROM (
                    SELECT p.id, p.case_no, p.name, p.village, p.village_group, p.plan,
                           p.registered_on, ({_status_on_sql("status")}) AS status
                    FROM persons p
                    WHERE {" AND ".join(where)}
                ) WHERE status IN ({active})
            )"""

    def alert_inputs(self, as_of: dt.date, person_ids: Sequence[int] | None = None) -> AlertInputs:
        """What the alerts need of everyone registered by ``as_of`` (or of ``person_ids``
        only), in a few set-based queries: the file, the status history, positive and
        dodged tests, and the breaches recorded."""
        params = {"as_of": as_of.isoformat(), "ids": json.dumps(list(person_ids or []))}
        only = "" if person_ids is None else " AND {} IN (SELECT value FROM json_each(:ids))"
        persons = self._query(
            "SELECT id, case_no, name, registered_on, decision_date, term_start, term_end, "
            + ", ".join(f for f in REQUIRED_FIELDS if f not in ("decision_date",))
            + " FROM persons WHERE registered_on <= :as_of"
            + only.format("id")
            + " ORDER BY id",
            params,
        )
        histories = _gather_histories(
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
        ``relapse_days`` days, enough dodged tests for a serious breach, or any breach
        recorded. A superset: the alert rules decide."""
        params = {
            "as_of": as_of.isoformat(),
            "recent": (as_of - dt.timedelta(days=relapse_days)).isoformat(),
        }
        return {
            row[0]
            for row in self.conn.execute(
                f"""
                SELECT p.id FROM persons p WHERE p.registered_on <= :as_of
                    AND p.id IN (SELECT person_id FROM status_history
                        WHERE status IN ('lost_contact', 'pending_report') AND since <= :as_of)
                    AND ({_status_on_sql("status")}) IN ('lost_contact', 'pending_report')
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
        params = {"as_of": as_of.isoformat(), "village": None, "helper_id": None}
        active = self._active_persons_sql(None, None, None)
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
        self, since: dt.date, end: dt.date, person_id: int | None = None
    ) -> PeriodInputs:
        """What the reports need for a span of days, everyone registered by ``end`` (or
        one person) at once: the register (with the fields reports need), status
        histories, plans, every contact from ``since`` to ``end`` and the current teams."""
        params = {"since": since.isoformat(), "end": end.isoformat(), "person": person_id}
        one = "" if person_id is None else " AND {} = :person"
        persons = self._query(
            "SELECT id, case_no, name, village, village_group, plan, registered_on, "
            + ", ".join(REQUIRED_FIELDS)
            + " FROM persons WHERE registered_on <= :end"
            + one.format("id")
            + " ORDER BY id",
            params,
        )
        histories = _gather_histories(
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
            (person, [_contact(row[1:], zone) for row in rows])
            for person, rows in itertools.groupby(cursor, key=lambda row: row[0])
        )
        teams: dict[int, list[int]] = {}
        for person_id, helper_id in self.conn.execute(
            "SELECT person_id, helper_id FROM team_members WHERE until IS NULL"
            " ORDER BY person_id, id"
        ):
            teams.setdefault(person_id, []).append(helper_id)
        helpers = {
            row["id"]: row for row in self._query("SELECT id, name, role FROM helpers ORDER BY id")
        }
        plans = {plan["key"]: self.plan_rule_rows(plan["key"]) for plan in self.plans()}
        return PeriodInputs(persons, histories, contacts, teams, helpers, plans)

    def record_export(self, what: str, path: Path, fields: Sequence[str], rows: int) -> None:
        """Audit an export: which listing, where to, which fields and how many rows (never
        the values). Called inside the transaction that writes the file, so an export
        that fails leaves no audit row and an audit row that fails leaves no export."""
        self.audit("export", what, None, fields, note=f"{path} rows={rows}")

    def person_id_bounds(self) -> tuple[int, int, int]:
        """The lowest and highest person id and the number of persons."""
        row = self.conn.execute("SELECT min(id), max(id), count(*) FROM persons").fetchone()
        return (row[0] or 0, row[1] or 0, row[2])

    def due_inputs(
        self,
        as_of: dt.date,
        *,
        village: str | None = None,
        helper_id: int | None = None,
        person_id: int | None = None,
        ids: tuple[int, int] | None = None,
    ) -> DueInputs:
        """Everything the obligation model needs for the persons under active supervision
        on ``as_of``: persons, their status history, their plans' rules and responsible
        helpers. With ``ids`` (first, last), only persons whose id lies between them.
        One query for who is active, one each for histories and teams; the contacts come
        from ``keeping_days``."""
        params: dict[str, Any] = {
            "as_of": as_of.isoformat(),
            "village": village,
            "helper_id": helper_id,
            "person_id": person_id,
            "first_id": ids[0] if ids else None,
            "last_id": ids[1] if ids else None,
        }
        active = self._active_persons_sql(village, helper_id, person_id, ids)
        # Who is active is asked once and kept in a temporary table (in memory) that
        # the other queries join, rather than recomputed by each of them.
        outer = self.conn.in_transaction
        self.conn.execute("DROP TABLE IF EXISTS temp.due_active")
        self.conn.execute(
            "CREATE TEMP TABLE due_active (id INTEGER PRIMARY KEY, case_no TEXT, name TEXT,"
            " village TEXT, village_group TEXT, plan TEXT, registered_on TEXT, status TEXT)"
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
        histories = _gather_histories(
            self.conn.execute(
                "SELECT h.person_id, h.id, h.status, h.since, h.until, h.doc_no"
                " FROM due_active a JOIN status_history h ON h.person_id = a.id"
                " ORDER BY h.person_id, h.since, h.id"
            ),
            (p["id"] for p in persons),
        )
        responsible: dict[int, str] = {
            row[0]: row[1]
            for row in self.conn.execute(
                "SELECT t.person_id, h.name FROM due_active a"
                " JOIN team_members t ON t.person_id = a.id JOIN helpers h ON h.id = t.helper_id"
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
                condition = _rule_condition(rule, "c", values, f"r{index}")
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
        condition = _rule_condition(rule, "c", values, "r")
        zone = ZoneInfo(self.setting("timezone"))
        return [
            _contact(row, zone)
            for row in self.conn.execute(
                f"{_CONTACT_SELECT} WHERE c.person_id = :person_id"
                f" AND c.happened_on <= :as_of AND {condition} ORDER BY c.happened_on, c.id",
                values,
            )
        ]

    def contacts_in(self, person_id: int, start: dt.date, end: dt.date) -> list[Contact]:
        """Every contact of a person between two days (for ``why``: what did not count)."""
        values = {"person_id": person_id, "start": start.isoformat(), "end": end.isoformat()}
        zone = ZoneInfo(self.setting("timezone"))
        return [
            _contact(row, zone)
            for row in self.conn.execute(
                f"{_CONTACT_SELECT} WHERE c.person_id = :person_id"
                " AND c.happened_on BETWEEN :start AND :end ORDER BY c.happened_on, c.id",
                values,
            )
        ]

    # --- bulk loading (the sample generator) ---------------------------------------

    BULK_TABLES = frozenset(
        {
            "persons",
            "status_history",
            "helpers",
            "team_members",
            "contacts",
            "contact_kinds",
            "contact_helpers",
            "photos",
            "contact_photos",
        }
    )

    def is_empty(self) -> bool:
        return self.conn.execute("SELECT NOT EXISTS (SELECT 1 FROM persons)").fetchone()[0] == 1

    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Insert many rows at once; only inside ``transaction()``, which also carries
        the one audit row that records the load."""
        if table not in self.BULK_TABLES:
            raise ValueError(f"not a bulk table: {table}")
        if not self.conn.in_transaction:
            raise RuntimeError("bulk_insert() outside a transaction")
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    # --- backup and restore -------------------------------------------------------

    def backup(self, destination: Path) -> None:
        """Copy the live database with SQLite's online backup API into a new 0600 file,
        then check the copy; a copy that fails the check is removed."""
        if destination.exists():
            raise Conflict("error.backup.exists", path=str(destination))
        os.close(os.open(destination, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        try:
            target = sqlite3.connect(str(destination))
            try:
                self.conn.backup(target)
                # A backup is one self-contained file: no -wal beside it.
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            if not quick_check(destination):
                raise DatabaseProblem("error.backup.check_failed", path=str(destination))
        except BaseException:
            destination.unlink(missing_ok=True)
            raise
        # Recorded once the copy is known good (so the copy itself does not hold it).
        with self.transaction():
            self.audit("backup", None, None, [], note=destination.name)

    def restore(self, source: Path) -> None:
        """Replace the live contents with a checked backup, through the backup API (never
        a byte copy of a live file); the restore is appended to the restored audit log."""
        check_backup_file(source)
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            origin.backup(self.conn)
        finally:
            origin.close()
        if self._schema_outdated():
            with self.transaction():
                _migrations().apply(self.db)
        with self.transaction():
            self.audit("restore", None, None, [], note=source.name)

    # --- counts -------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        tables = (
            "persons",
            "status_history",
            "helpers",
            "team_members",
            "contacts",
            "photos",
            "audit",
        )
        return {
            table: int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in tables
        }


def _db_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list | tuple):
        return ",".join(value)
    return value


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def check_backup_file(source: Path) -> None:
    """Refuse a backup that is missing, readable by others, damaged or not ours."""
    if not source.is_file():
        raise NotFound("error.backup.missing", path=str(source))
    check_permissions(source)
    if not quick_check(source):
        raise DatabaseProblem("error.restore.damaged", path=str(source))
    # A backup whose audit log was edited or cut is no record to go back to.
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        cursor = conn.execute("SELECT * FROM audit ORDER BY id")
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor]
        head_row = conn.execute("SELECT value FROM settings WHERE key = 'audit_head'").fetchone()
    finally:
        conn.close()
    head = None
    if head_row:
        head_id, _, head_hash = head_row[0].partition(":")
        head = (int(head_id), head_hash)
    if audit.verify_chain(rows, head):
        raise DatabaseProblem("error.restore.audit_broken", path=str(source))


def quick_check(path: Path) -> bool:
    """SQLite's quick_check on a file, opened read-only; False for anything unreadable."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)] and {"persons", "audit", "settings"} <= tables


def _migrations() -> Migrations:
    from yuesong_cli.store.migrations import migrations

    return migrations
