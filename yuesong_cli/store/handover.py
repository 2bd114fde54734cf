"""What a successor must know of the database itself: the last verified backup.

A backup's audit row is written only once the copy has been checked (store/integrity.py),
so the newest ``backup`` row is the newest verified backup."""

from __future__ import annotations

from typing import Any

from yuesong_cli.store.integrity import IntegrityStore


def last_backup(store: IntegrityStore, until: str) -> dict[str, Any] | None:
    """The newest ``backup`` audit row written at or before ``until`` (a stored UTC
    timestamp, ``YYYY-MM-DDTHH:MM:SSZ``): its moment and the file's name; None when none."""
    row = store.conn.execute(
        "SELECT at, note FROM audit WHERE action = 'backup' AND at <= ? ORDER BY id DESC LIMIT 1",
        (until,),
    ).fetchone()
    return None if row is None else {"at": row[0], "note": row[1]}
