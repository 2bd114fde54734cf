"""The records the audit log explains, read for their state (docs/security.md §10): the
one place that says which tables hold records and how a record is read whole, so that
the state an audit row is given when written (store/base.py ``audit``) and the state
``db verify`` recomputes (store/integrity.py) come from the same rows.

A record is a row of a table with an integer ``id`` (a person, a status entry, a helper,
a team membership, a contact, a breach, a correction), a contact read with its kinds,
helpers and photos; the small tables of settings, plans and plan rules are each one
record, read whole (record id 0). The state is domain/audit.py ``record_state``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from yuesong_cli.domain import audit
from yuesong_cli.store.schema import DERIVED_TABLES

# Tables whose rows are records by their id.
RECORD_TABLES = (
    "persons",
    "status_history",
    "helpers",
    "team_members",
    "contacts",
    "breaches",
    "corrections",
    "zones",
    "grids",
    "transfers",
    "documents",
    "education_sessions",
    "support_records",
)
# Tables each kept as one record, with the SQL that reads it: the settings but the head
# of the log itself (written with every audit row), the plans, the plans' rules.
WHOLE_TABLES = {
    "settings": "SELECT key, value FROM settings WHERE key != 'audit_head' ORDER BY key",
    "plans": "SELECT * FROM plans ORDER BY key",
    "plan_rules": "SELECT * FROM plan_rules ORDER BY plan, rule",
}
# Tables that hold no record of their own: the log, a contact's parts (read with the
# contact), the photos (stored by the SHA-256 of their bytes, checked against it), and
# SQLite's and the migrations' bookkeeping.
NOT_RECORDS = frozenset(
    {
        "audit",
        "audit_seal",
        "contact_kinds",
        "contact_helpers",
        "contact_photos",
        "photos",
        "_sqlite_migrations",
        "sqlite_sequence",
    }
    # The derived state (store/migrations.py m012): worked out from the records, checked
    # by ``db verify`` against the obligation model, never a record itself.
    | set(DERIVED_TABLES)
)

# A contact whole: its columns, then its kinds, helpers and photos (each sorted when read).
_CONTACT = """
    SELECT c.*,
        (SELECT group_concat(kind) FROM contact_kinds WHERE contact_id = c.id) AS kinds,
        (SELECT group_concat(helper_id) FROM contact_helpers WHERE contact_id = c.id)
            AS helper_ids,
        (SELECT group_concat(sha256) FROM contact_photos WHERE contact_id = c.id) AS photos
    FROM contacts c
"""


def _select(table: str) -> str:
    return _CONTACT if table == "contacts" else f"SELECT * FROM {table}"


def _records(cursor: sqlite3.Cursor, table: str) -> Iterator[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    contact = table == "contacts"
    for row in cursor:
        record = dict(zip(names, row, strict=True))
        if contact:
            # Kinds are words, photos hexadecimal digits: neither holds a comma.
            record["kinds"] = sorted(record["kinds"].split(",")) if record["kinds"] else []
            record["photos"] = sorted(record["photos"].split(",")) if record["photos"] else []
            helpers = record["helper_ids"]
            record["helper_ids"] = sorted(int(h) for h in helpers.split(",")) if helpers else []
        yield record


def state_of(conn: sqlite3.Connection, table: str | None, record_id: int | None) -> str | None:
    """The state of the record an audit row names, as it stands now: a record of
    ``RECORD_TABLES`` by its id (``ABSENT`` when there is none), a table of
    ``WHOLE_TABLES`` named without an id; None when the row names no record (an export,
    a draw, a backup)."""
    if table in WHOLE_TABLES and record_id is None:
        return _whole_state(conn, table)
    if table not in RECORD_TABLES or record_id is None:
        return None
    alias = "c." if table == "contacts" else ""
    cursor = conn.execute(f"{_select(table)} WHERE {alias}id = ?", (record_id,))
    found = next(_records(cursor, table), None)
    return audit.record_state(found)


def _whole_state(conn: sqlite3.Connection, table: str) -> str:
    cursor = conn.execute(WHOLE_TABLES[table])
    names = [column[0] for column in cursor.description]
    return audit.record_state({"rows": [dict(zip(names, row, strict=True)) for row in cursor]})


def current_states(
    conn: sqlite3.Connection, tables: Sequence[str] | None = None
) -> Iterator[tuple[str, int, str]]:
    """(table, record id, state) of every record there is now, table by table in id
    order, streamed: a county's contacts are never all in memory."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in tables or (*RECORD_TABLES, *WHOLE_TABLES):
        if table not in present:
            continue
        if table in WHOLE_TABLES:
            yield table, 0, _whole_state(conn, table)
            continue
        order = "c.id" if table == "contacts" else "id"
        cursor = conn.execute(f"{_select(table)} ORDER BY {order}")
        for record in _records(cursor, table):
            yield table, int(record["id"]), audit.record_state(record)


def sealed_states(conn: sqlite3.Connection) -> dict[str, bytes]:
    """Every record's state now, packed a table (what a seal keeps)."""
    entries: dict[str, list[tuple[int, str]]] = {}
    for table, record_id, state in current_states(conn):
        entries.setdefault(table, []).append((record_id, state))
    return {table: audit.pack_states(found) for table, found in entries.items()}


def altered_photos(conn: sqlite3.Connection) -> Iterator[str]:
    """The photos whose bytes no longer have the SHA-256 they are stored under (a photo
    is kept once a content, named by it), read one at a time."""
    import hashlib

    for (name,) in conn.execute("SELECT sha256 FROM photos ORDER BY sha256"):
        (data,) = conn.execute("SELECT data FROM photos WHERE sha256 = ?", (name,)).fetchone()
        if hashlib.sha256(bytes(data)).hexdigest() != name:
            yield str(name)
