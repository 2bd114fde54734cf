"""The township's prevention work and a person's sunshine care (docs/domain.md
"Prevention education" and "Support"): the education sessions it holds, by village
group, with what the coverage figure counts of them; the training, jobs, relief and
medical help a person was given, with what the reports count of it. One audit row a
record written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yuesong_cli.domain.photos import Photo
from yuesong_cli.domain.vocab import ACTIVE_STATUSES
from yuesong_cli.store.base import StoreBase
from yuesong_cli.store.clock import timestamp


@dataclass(frozen=True)
class NewSession:
    """An education session as typed: what, where, for whom."""

    held_on: dt.date
    kind: str
    place: str
    village: str | None
    village_group: str | None
    audience: int
    note: str | None = None
    photo: Photo | None = None


@dataclass(frozen=True)
class Reach:
    """What the sessions of a span of days reached: the village groups (village, group)
    a session was held for, the schools (by place) and the sessions and listeners."""

    groups: frozenset[tuple[str, str]]
    schools: int
    sessions: int
    audience: int


class PreventionStore(StoreBase):
    """Education sessions and support records."""

    # --- prevention education --------------------------------------------------------

    def add_session(self, session: NewSession) -> int:
        """Record an education session, its photo kept as a contact's is; audited."""
        with self.transaction():
            photo = session.photo
            if photo is not None:
                self._keep_photo(photo)
            values = {
                "held_on": session.held_on.isoformat(),
                "kind": session.kind,
                "place": session.place,
                "village": session.village,
                "village_group": session.village_group,
                "audience": session.audience,
                "note": session.note,
                "photo_sha256": photo.sha256 if photo is not None else None,
            }
            cursor = self.conn.execute(
                f"INSERT INTO education_sessions ({', '.join(values)}, entered_at)"
                f" VALUES ({', '.join(':' + name for name in values)}, :entered_at)",
                {**values, "entered_at": timestamp()},
            )
            session_id = int(cursor.lastrowid or 0)
            fields = [name for name, value in values.items() if value is not None]
            self.audit("insert", "education_sessions", session_id, fields)
        return session_id

    def sessions(self, start: dt.date, end: dt.date) -> list[dict[str, object]]:
        """The sessions held from ``start`` to ``end``, oldest first."""
        return self._query(
            "SELECT id, held_on, kind, place, village, village_group, audience, note,"
            " photo_sha256 FROM education_sessions WHERE held_on BETWEEN ? AND ?"
            " ORDER BY held_on, id",
            (start.isoformat(), end.isoformat()),
        )

    def reach(self, start: dt.date, end: dt.date) -> Reach:
        """What the sessions from ``start`` to ``end`` reached (``Reach``)."""
        span = (start.isoformat(), end.isoformat())
        groups = frozenset(
            (str(village), str(group))
            for village, group in self.conn.execute(
                "SELECT DISTINCT village, village_group FROM education_sessions"
                " WHERE held_on BETWEEN ? AND ? AND village_group IS NOT NULL",
                span,
            )
        )
        schools, sessions, audience = self.conn.execute(
            "SELECT count(DISTINCT CASE kind WHEN 'school' THEN place END), count(*),"
            " COALESCE(sum(audience), 0) FROM education_sessions WHERE held_on BETWEEN ? AND ?",
            span,
        ).fetchone()
        return Reach(groups, int(schools), int(sessions), int(audience))

    def village_groups(self) -> frozenset[tuple[str, str]]:
        """Every village group of the township (village, group): those its grids cover
        and those its register names (docs/domain.md "Prevention education")."""
        return frozenset(
            (str(village), str(group))
            for village, group in self.conn.execute(
                "SELECT village, village_group FROM grids WHERE village IS NOT NULL"
                " AND village != '' AND village_group IS NOT NULL AND village_group != ''"
                " UNION SELECT village, village_group FROM persons WHERE village IS NOT NULL"
                " AND village != '' AND village_group IS NOT NULL AND village_group != ''"
            )
        )

    # --- sunshine care (阳光关爱) -------------------------------------------------------

    def add_support(self, person_id: int, kind: str, day: dt.date, note: str | None) -> int:
        """Record help given to a person; audited."""
        self._check_person(person_id)
        self._refuse_purged(person_id)
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO support_records (person_id, kind, on_day, note, entered_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (person_id, kind, day.isoformat(), note, timestamp()),
            )
            support_id = int(cursor.lastrowid or 0)
            fields = ["person_id", "kind", "on_day", *(["note"] if note else [])]
            self.audit("insert", "support_records", support_id, fields)
        return support_id

    def support_of(self, person_id: int) -> list[dict[str, object]]:
        """A person's support records, oldest first."""
        return self._query(
            "SELECT id, kind, on_day, note FROM support_records WHERE person_id = ?"
            " ORDER BY on_day, id",
            (person_id,),
        )

    def supported(self, start: dt.date, end: dt.date) -> dict[str, set[int]]:
        """Per kind of support, the persons given it from ``start`` to ``end`` while
        under active supervision (the status in force that day: what 复吸率 counts as
        supervised)."""
        active = ", ".join(f"'{status}'" for status in sorted(ACTIVE_STATUSES))
        found: dict[str, set[int]] = {}
        for kind, person_id in self.conn.execute(
            "SELECT DISTINCT r.kind, r.person_id FROM support_records r"
            " WHERE r.on_day BETWEEN ? AND ? AND (SELECT s.status FROM status_history s"
            " WHERE s.person_id = r.person_id AND s.since <= r.on_day"
            " AND (s.until IS NULL OR s.until >= r.on_day)"
            f" ORDER BY s.since DESC, s.id DESC LIMIT 1) IN ({active})",
            (start.isoformat(), end.isoformat()),
        ):
            found.setdefault(str(kind), set()).add(int(person_id))
        return found
