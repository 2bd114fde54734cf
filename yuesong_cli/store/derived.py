"""The derived state's SQL (store/migrations.py m012, docs/model.md "Kept state"): which
day each part holds, who a write has made stale, and part ``day`` — the due list's
current items and the alerts, per person — written and read back.

The state is worked out by the ledger (ledger/standing.py) from the obligation model;
this module only keeps it. Nothing here is a record of the audit log."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from yuesong_cli.domain.alerts import Alert
from yuesong_cli.domain.obligations import DueItem
from yuesong_cli.domain.people import EVERYONE, People
from yuesong_cli.domain.vocab import KIND_BITS
from yuesong_cli.store.base import StoreBase
from yuesong_cli.store.sql import NOTABLE_TESTS, complete_sql, people_sql, status_on_sql


class PartDay(NamedTuple):
    """The day a part of the derived state holds, and the model that worked it out."""

    day: dt.date
    model: str


class DayRows(NamedTuple):
    """Part ``day`` of some persons as the ledger worked it out: who is under active
    supervision, their items (person id, plan, item) and everyone's alerts."""

    active: list[int]
    items: list[tuple[int, str, DueItem]]
    alerts: list[Alert]


class DayListing(NamedTuple):
    """The due list as part ``day`` gives it (``DerivedStore.day_listing``)."""

    persons: int
    counts: dict[str, int]
    shown: list[tuple[dict[str, Any], DueItem]]  # the person's fields, the item


# The name of the person's responsible helper (包保责任人) now, as the due list shows it.
_HELPER_NAME = (
    "(SELECT h.name FROM team_members t JOIN helpers h ON h.id = t.helper_id"
    " WHERE t.person_id = s.person_id AND t.role = 'responsible' AND t.until IS NULL"
    " ORDER BY t.id DESC LIMIT 1)"
)
# A person's items in the order of their plan's rules, as the model gives them.
_RULE_ORDER = " LEFT JOIN plan_rules r ON r.plan = s.plan AND r.rule = s.rule"
_BY_PERSON = " ORDER BY s.person_id, r.position, s.rule"


class _DayCache:
    """Items made from rows (rule, schedule, status, window start, window end, last kept,
    streak) with the days left to their deadline from ``as_of``, each day read once: the
    same few days stand in many rows."""

    def __init__(self, as_of: dt.date) -> None:
        self.as_of = as_of
        self.days: dict[str, dt.date] = {}

    def day(self, text: str) -> dt.date:
        found = self.days.get(text)
        if found is None:
            found = self.days[text] = dt.date.fromisoformat(text)
        return found

    def item(self, row: Sequence[Any]) -> DueItem:
        rule, schedule, status, start, end, last, streak = row
        deadline = self.day(end)
        return DueItem(
            rule,
            schedule,
            status,
            self.day(start),
            deadline,
            (deadline - self.as_of).days,
            self.day(last) if last else None,
            streak,
        )


# An obligation as the log keeps it: rule, window start, deadline, state, late.
Judged = tuple[str, dt.date, dt.date, str, bool]
# A person as part 'log' keeps them: their id, obligations, and supervised spans (first
# day, last day or None: goes on).
LoggedPerson = tuple[int, Iterable[Judged], Iterable[tuple[dt.date, dt.date | None]]]


class ReportPerson(NamedTuple):
    """A person as the reports from the kept log read them (``report_people``)."""

    id: int
    case_no: str
    village: str | None
    grid: str | None
    zone: str | None
    registered_on: str
    birth_date: str | None
    complete: bool  # whether the file is complete (录入率)
    status: str | None  # in force at the end of the span
    supervised: tuple[bool, ...]  # in each period asked


class DerivedStore(StoreBase):
    """The derived state's tables."""

    # --- parts, days and stale persons ------------------------------------------------

    def parts(self) -> dict[str, PartDay]:
        """Every part the file holds, with its day."""
        return {
            part: PartDay(dt.date.fromisoformat(day), model)
            for part, day, model in self.conn.execute("SELECT part, day, model FROM derived_parts")
        }

    def part_day(self, part: str) -> PartDay | None:
        """The day ``part`` holds (None: it holds none, to be worked out)."""
        row = self.conn.execute(
            "SELECT day, model FROM derived_parts WHERE part = ?", (part,)
        ).fetchone()
        return PartDay(dt.date.fromisoformat(row[0]), row[1]) if row else None

    def stale_persons(self, part: str) -> list[int]:
        """The persons a write has changed since ``part`` was worked out."""
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT person_id FROM derived_stale WHERE part = ? ORDER BY person_id", (part,)
            )
        ]

    def has_stale(self) -> bool:
        """Whether a write has left anyone stale in any part (false for a file this
        version cannot write, whose tables may differ)."""
        if self.newer is not None or self.missing_table is not None:
            return False
        return self.conn.execute("SELECT 1 FROM derived_stale LIMIT 1").fetchone() is not None

    def mark_part(self, part: str, day: dt.date, model: str) -> None:
        """``part`` now holds ``day``, worked out by ``model``, nobody stale."""
        self.conn.execute(
            "INSERT INTO derived_parts (part, day, model) VALUES (?, ?, ?)"
            " ON CONFLICT (part) DO UPDATE SET day = excluded.day, model = excluded.model",
            (part, day.isoformat(), model),
        )
        self.conn.execute("DELETE FROM derived_stale WHERE part = ?", (part,))

    def drop_part(self, part: str) -> None:
        """Forget ``part``: worked out again when next read."""
        self.conn.execute("DELETE FROM derived_parts WHERE part = ?", (part,))
        self.conn.execute("DELETE FROM derived_stale WHERE part = ?", (part,))

    def change_token(self) -> str | None:
        """What changes with every write the tool makes (the head of the audit log, which
        every change appends to): the same before and after means nothing was written in
        between, by this connection or another."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = 'audit_head'").fetchone()
        return row[0] if row else None

    def registered_ids(self, day: dt.date) -> list[int]:
        """The ids of everyone registered by ``day``, in order."""
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT id FROM persons WHERE registered_on <= ? ORDER BY id", (day.isoformat(),)
            )
        ]

    def clear_log(self) -> None:
        """Part ``log``'s obligations and spans, every one, gone. Inside a transaction."""
        self.conn.execute("DELETE FROM obligation_log")
        self.conn.execute("DELETE FROM supervised_spans")

    @property
    def writable(self) -> bool:
        """Whether this file may be written (a read-only disk, a newer version's file and
        a damaged one are read only)."""
        return not self.on_read_only_disk and self.newer is None and self.missing_table is None

    # --- part 'day': written ------------------------------------------------------------

    def write_day_rows(self, rows: DayRows, person_ids: Sequence[int] | None) -> None:
        """Replace part ``day`` of ``person_ids`` (None: of everyone) by ``rows``. Inside
        the caller's transaction."""
        if person_ids is None:
            for table in ("due_state_persons", "due_state", "alert_state"):
                self.conn.execute(f"DELETE FROM {table}")
        else:
            ids = json.dumps(list(person_ids))
            for table in ("due_state_persons", "due_state", "alert_state"):
                self.conn.execute(
                    f"DELETE FROM {table} WHERE person_id IN (SELECT value FROM json_each(?))",
                    (ids,),
                )
        self.conn.executemany(
            "INSERT INTO due_state_persons (person_id) VALUES (?)", ((i,) for i in rows.active)
        )
        self.conn.executemany(
            "INSERT INTO due_state VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    person_id,
                    item.rule,
                    plan,
                    item.schedule,
                    item.status,
                    item.window_start.isoformat(),
                    item.window_end.isoformat(),
                    item.last_kept.isoformat() if item.last_kept else None,
                    item.missed_streak,
                )
                for person_id, plan, item in rows.items
            ),
        )
        seq: dict[int, int] = {}
        alert_rows = []
        for alert in rows.alerts:
            seq[alert.person_id] = seq.get(alert.person_id, 0) + 1
            alert_rows.append(
                (
                    alert.person_id,
                    seq[alert.person_id],
                    alert.case_no,
                    alert.kind,
                    alert.severity,
                    alert.since.isoformat(),
                    alert.detail_key,
                    json.dumps(alert.params, ensure_ascii=False, sort_keys=True),
                )
            )
        self.conn.executemany("INSERT INTO alert_state VALUES (?, ?, ?, ?, ?, ?, ?, ?)", alert_rows)

    # --- part 'day': read -----------------------------------------------------------

    def day_people(self) -> list[dict[str, Any]]:
        """The persons under active supervision on the part's day, as store/sql.py
        active_persons_sql gives them, in id order."""
        return self._query(
            "SELECT p.id, p.case_no, p.name, p.village, p.village_group, p.plan"
            " FROM due_state_persons s JOIN persons p ON p.id = s.person_id ORDER BY p.id"
        )

    def day_items(self, as_of: dt.date) -> list[tuple[int, str, DueItem]]:
        """Every item of part ``day``: (person id, plan, item), by person and, within a
        person, in the order of the plan's rules (as the model gives them); the days left
        counted to ``as_of``, the part's day."""
        days = _DayCache(as_of)
        return [
            (found[0], found[1], days.item(found[2:]))
            for found in self.conn.execute(
                "SELECT s.person_id, s.plan, s.rule, s.schedule, s.status, s.window_start,"
                f" s.window_end, s.last_kept, s.missed_streak FROM due_state s{_RULE_ORDER}"
                + _BY_PERSON
            )
        ]

    def day_listing(
        self,
        as_of: dt.date,
        *,
        people: People,
        rules: Sequence[str],
        within: int | None,
        include_done: bool,
        rows: bool = True,
    ) -> DayListing:
        """The due list of part ``day`` counted and chosen in SQL, a county's hundreds of
        thousands of items never read into Python: how many persons (with the filters),
        the counts of the items of ``rules`` (all if empty) as ledger/duelist.py counts
        them, the items shown (not done unless ``include_done``, due ``within`` days),
        and every item with a missed streak whatever the rule; without ``rows``, no item
        is shown."""
        where, params = self._people_filter(people)
        # Days left are counted from the deadline: "within N days" is a deadline by
        # as_of + N, compared as text (ISO days sort as days do).
        params |= {
            "as_of": as_of.isoformat(),
            "week": (as_of + dt.timedelta(days=7)).isoformat(),
            "rules": json.dumps(list(rules)),
            "within": None if within is None else (as_of + dt.timedelta(days=within)).isoformat(),
            "done": int(include_done),
        }
        chosen = " AND s.rule IN (SELECT value FROM json_each(:rules))" if rules else ""
        persons = self.conn.execute(
            "SELECT count(*) FROM due_state_persons s JOIN persons p ON p.id = s.person_id"
            f" WHERE 1 {where}",
            params,
        ).fetchone()[0]
        items = f"SELECT s.* FROM due_state s JOIN persons p ON p.id = s.person_id WHERE 1 {where}"
        row = self.conn.execute(
            "SELECT count(*), sum(status = 'done'), sum(status = 'overdue'),"
            " sum(status NOT IN ('done', 'overdue') AND window_end <= :week),"
            " sum(status NOT IN ('done', 'overdue') AND window_end = :as_of),"
            f" sum(missed_streak > 0) FROM ({items}{chosen}) s",
            params,
        ).fetchone()
        counts = dict(
            zip(
                ("items", "done", "overdue", "due_week", "due_today", "missed"),
                (number or 0 for number in row),
                strict=True,
            )
        )
        shown: list[tuple[dict[str, Any], DueItem]] = []
        if rows:
            days = _DayCache(as_of)
            # The person's fields of an item shown, as the due list's rows name them.
            for found in self.conn.execute(
                "SELECT s.rule, s.schedule, s.status, s.window_start, s.window_end,"
                " s.last_kept, s.missed_streak,"
                " p.id, p.case_no, p.name, p.village, p.village_group, s.plan, p.grid, p.zone,"
                f" {_HELPER_NAME} AS helper"
                f" FROM ({items}{chosen}) s JOIN persons p ON p.id = s.person_id{_RULE_ORDER}"
                " WHERE (:done OR s.status != 'done')"
                " AND (:within IS NULL OR s.window_end <= :within)" + _BY_PERSON,
                params,
            ):
                person = {
                    "id": found[7],
                    "case_no": found[8],
                    "name": found[9],
                    "village": found[10],
                    "village_group": found[11],
                    "plan": found[12],
                    "grid": found[13],
                    "zone": found[14],
                    "helper": found[15],
                }
                shown.append((person, days.item(found[:7])))
        return DayListing(persons, counts, shown)

    def day_json(
        self,
        as_of: dt.date,
        *,
        people: People,
        rules: Sequence[str],
        within: int | None,
        include_done: bool,
        ranks: Mapping[str, int],
        name: Callable[[str | None], str | None],
    ) -> list[str]:
        """The items ``day_listing`` shows, each already the JSON object ``due --format
        json`` prints (its keys in the order of output/due_view.py MACHINE_COLUMNS, written
        as json.dumps writes them), most urgent first by ``ranks`` of the statuses, then
        the longest streak, the nearest deadline, the case number and the plan's order
        (domain/obligations.py ``urgency_key``): a county's list made in SQL, not built
        item by item in Python. ``name`` gives the name as shown (masked)."""
        where, params = self._people_filter(people)
        params |= {
            "as_of": as_of.isoformat(),
            "rules": json.dumps(list(rules)),
            "within": None if within is None else (as_of + dt.timedelta(days=within)).isoformat(),
            "done": int(include_done),
        }
        chosen = " AND s.rule IN (SELECT value FROM json_each(:rules))" if rules else ""
        rank = "CASE s.status " + " ".join(
            f"WHEN '{status}' THEN {int(value)}" for status, value in ranks.items()
        ) + " END"
        self.conn.create_function("yuesong_name", 1, name, deterministic=True)

        def text(sql: str) -> str:
            return f"json_quote({sql})"

        fields = (
            ("person_id", "p.id"),
            ("case_no", text("p.case_no")),
            ("name", text("yuesong_name(p.name)")),
            ("village", text("nullif(p.village, '')")),
            ("group", text("nullif(p.village_group, '')")),
            ("helper", text(_HELPER_NAME)),
            ("rule", text("s.rule")),
            ("schedule", text("s.schedule")),
            ("status", text("s.status")),
            ("window_start", text("s.window_start")),
            ("window_end", text("s.window_end")),
            ("days_left", "CAST(julianday(s.window_end) - julianday(:as_of) AS INTEGER)"),
            ("last_kept", text("s.last_kept")),
            ("missed_streak", "s.missed_streak"),
        )
        item = " || ', ' || ".join(f"'\"{key}\": ' || {sql}" for key, sql in fields)
        return [
            found[0]
            for found in self.conn.execute(
                f"SELECT '{{' || {item} || '}}' FROM due_state s JOIN persons p"
                f" ON p.id = s.person_id{_RULE_ORDER} WHERE 1 {where}{chosen}"
                " AND (:done OR s.status != 'done')"
                " AND (:within IS NULL OR s.window_end <= :within)"
                f" ORDER BY {rank}, -s.missed_streak, s.window_end, p.case_no,"
                " s.person_id, r.position, s.rule",
                params,
            )
        ]

    def day_streaks(self, as_of: dt.date, people: People) -> list[tuple[int, DueItem]]:
        """Every item of part ``day`` with a missed streak (of ``people``), by person:
        (person id, item)."""
        where, params = self._people_filter(people)
        days = _DayCache(as_of)
        return [
            (found[0], days.item(found[1:]))
            for found in self.conn.execute(
                "SELECT s.person_id, s.rule, s.schedule, s.status, s.window_start,"
                " s.window_end, s.last_kept, s.missed_streak FROM due_state s"
                f" JOIN persons p ON p.id = s.person_id{_RULE_ORDER}"
                f" WHERE s.missed_streak > 0 {where}{_BY_PERSON}",
                params,
            )
        ]

    def day_alerts(self, severity: str | None = None) -> list[Alert]:
        """Every alert of part ``day`` (or those of one severity), in no order."""
        where = "" if severity is None else " WHERE severity = :severity"
        return [
            Alert(
                person_id,
                case_no,
                kind,
                level,
                dt.date.fromisoformat(since),
                detail_key,
                json.loads(params),
            )
            for person_id, case_no, kind, level, since, detail_key, params in self.conn.execute(
                "SELECT person_id, case_no, kind, severity, since, detail_key, params"
                f" FROM alert_state{where}",
                {"severity": severity},
            )
        ]

    @staticmethod
    def _people_filter(people: People) -> tuple[str, dict[str, Any]]:
        """`` AND``-conditions on ``p`` that keep ``people``, and their parameters (the
        same filters as store/sql.py active_persons_sql)."""
        conditions, params = people_sql(people)
        return "".join(f" AND {sql}" for sql in conditions), params

    # --- part 'log': the obligations whose deadline has come ---------------------------

    def write_log_rows(
        self,
        rows: Iterable[LoggedPerson],
        person_ids: Sequence[int] | None,
        since: dt.date | None = None,
    ) -> int:
        """Replace part ``log`` of ``person_ids`` (None: everyone) by ``rows``: each
        person's obligations from the deadline ``since`` on (None: all of them), and
        their supervised spans, written as they come. Inside the caller's transaction.
        How many obligations were written."""
        where, params = [], {"since": since.isoformat() if since else None}
        if person_ids is not None:
            where.append("person_id IN (SELECT value FROM json_each(:ids))")
            params["ids"] = json.dumps(list(person_ids))
        spans_where = " WHERE " + where[0] if where else ""
        self.conn.execute("DELETE FROM supervised_spans" + spans_where, params)
        if since is not None:
            where.append("deadline >= :since")
        self.conn.execute(
            "DELETE FROM obligation_log" + (" WHERE " + " AND ".join(where) if where else ""),
            params,
        )
        written = 0
        spans: list[tuple[int, str, str | None]] = []

        def flat() -> Iterator[tuple[str, int, str, str, str, int]]:
            nonlocal written
            for person_id, owed, supervised in rows:
                spans.extend(
                    (person_id, start.isoformat(), end.isoformat() if end else None)
                    for start, end in supervised
                )
                for rule, window_start, deadline, state, late in owed:
                    written += 1
                    yield (
                        deadline.isoformat(),
                        person_id,
                        rule,
                        window_start.isoformat(),
                        state,
                        int(late),
                    )
                if len(spans) > 10_000:
                    self.conn.executemany("INSERT INTO supervised_spans VALUES (?, ?, ?)", spans)
                    spans.clear()

        self.conn.executemany("INSERT INTO obligation_log VALUES (?, ?, ?, ?, ?, ?)", flat())
        self.conn.executemany("INSERT INTO supervised_spans VALUES (?, ?, ?)", spans)
        return written

    def supervised_rows(self) -> Iterator[tuple[int, tuple[str, str | None]]]:
        """Every supervised span of part ``log``: (person id, (start, end)), by person."""
        for person_id, start, end in self.conn.execute(
            "SELECT person_id, start, end FROM supervised_spans ORDER BY person_id, start"
        ):
            yield person_id, (start, end)

    def log_rows(self) -> Iterator[tuple[int, tuple[str, str, str, str, int]]]:
        """Every obligation of the log: (person id, (rule, window start, deadline, state,
        late)), by person."""
        for person_id, rule, start, deadline, state, late in self.conn.execute(
            "SELECT person_id, rule, window_start, deadline, state, late FROM obligation_log"
            " ORDER BY person_id, rule, deadline, window_start"
        ):
            yield person_id, (rule, start, deadline, state, late)

    def positive_test_days(self, start: dt.date, end: dt.date) -> dict[int, list[dt.date]]:
        """Per person, the days of their positive urine tests from ``start`` to ``end``."""
        found: dict[int, list[dt.date]] = {}
        for person_id, day in self.conn.execute(
            # The partial index of notable tests, named by its own condition.
            f"SELECT person_id, happened_on FROM contacts WHERE {NOTABLE_TESTS}"
            " AND urine_result = 'positive'"
            # "+": the notable tests of everyone, not every contact of the span.
            f" AND (kind_mask & {KIND_BITS['urine']}) != 0 AND +happened_on BETWEEN ? AND ?"
            " ORDER BY person_id, happened_on, id",
            (start.isoformat(), end.isoformat()),
        ):
            found.setdefault(person_id, []).append(dt.date.fromisoformat(day))
        return found

    def log_week_totals(
        self, start: dt.date, end: dt.date, people: People = EVERYONE
    ) -> dict[dt.date, tuple[int, int]]:
        """Per ISO week (its Monday) of the deadline, the township's obligations (of
        ``people``'s persons) counted (not open) whose deadline lies in ``start``..``end``:
        (counted, kept)."""
        where, params = self._people_filter(people)
        persons = f" AND person_id IN (SELECT p.id FROM persons p WHERE 1 {where})" if where else ""
        return {
            dt.date.fromisoformat(monday): (due, kept)
            for monday, due, kept in self.conn.execute(
                "SELECT date(deadline, '-6 days', 'weekday 1') AS monday, count(*),"
                " sum(state = 'kept') FROM obligation_log"
                " WHERE deadline BETWEEN :start AND :end AND state != 'open'"
                f"{persons} GROUP BY monday",
                {**params, "start": start.isoformat(), "end": end.isoformat()},
            )
        }

    def report_people(
        self,
        end: dt.date,
        periods: Sequence[tuple[dt.date, dt.date]],
        people: People = EVERYONE,
    ) -> Iterator[ReportPerson]:
        """Everyone registered by ``end``, in id order, with the status in force on
        ``end`` and, for each of ``periods``, whether part ``log``'s supervised spans hold
        a day of it."""
        where, params = self._people_filter(people)
        params["as_of"] = end.isoformat()
        flags = []
        for index, (first, last) in enumerate(periods):
            params[f"s{index}"], params[f"e{index}"] = first.isoformat(), last.isoformat()
            flags.append(
                "EXISTS (SELECT 1 FROM supervised_spans s WHERE s.person_id = p.id"
                f" AND s.start <= :e{index} AND (s.end IS NULL OR s.end >= :s{index}))"
            )
        for row in self.conn.execute(
            f"SELECT p.id, p.case_no, p.village, p.grid, p.zone, p.registered_on,"
            f" p.birth_date, {complete_sql('p')}, ({status_on_sql('status')})"
            + "".join(f", {flag}" for flag in flags)
            + f" FROM persons p WHERE p.registered_on <= :as_of {where} ORDER BY p.id",
            params,
        ):
            yield ReportPerson(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                row[6],
                bool(row[7]),
                row[8],
                tuple(bool(flag) for flag in row[9:]),
            )

    def log_packed(
        self, start: dt.date, end: dt.date, rules: Sequence[str]
    ) -> dict[int, list[int]]:
        """Per person, the obligations whose deadline lies in ``start``..``end``, of each
        of ``rules`` in turn: counted (not open), kept, missed, open, late among the
        counted (reports.Tally), five numbers a rule in one list. Counted in SQL by person
        and rule (a rule not in ``rules`` is passed over)."""
        position = {rule: 5 * index for index, rule in enumerate(rules)}
        width = 5 * len(rules)
        found: dict[int, list[int]] = {}
        for person_id, rule, *numbers in self.conn.execute(
            "SELECT person_id, rule, sum(state != 'open'), sum(state = 'kept'),"
            " sum(state = 'missed'), sum(state = 'open'), sum(late AND state != 'open')"
            " FROM obligation_log WHERE deadline BETWEEN ? AND ? GROUP BY person_id, rule",
            (start.isoformat(), end.isoformat()),
        ):
            at = position.get(rule)
            if at is None:
                continue
            row = found.get(person_id)
            if row is None:
                row = found[person_id] = [0] * width
            row[at : at + 5] = numbers
        return found
