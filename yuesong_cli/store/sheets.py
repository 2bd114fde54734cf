"""What the helpers' weekly sheets read of the teams, and the one audit row a run of
``yuesong sheets`` writes (docs/security.md §3: an export is audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from yuesong_cli.store.base import StoreBase


def sheet_helpers(store: StoreBase) -> list[dict[str, Any]]:
    """Every helper: number, name, role and retirement day (None while at work)."""
    return store._query("SELECT id, name, role, retired_on FROM helpers ORDER BY id")


def week_teams(store: StoreBase, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Every team membership that overlaps ``start``..``end``, with its helper: the
    person, the role in the team, the helper's number, name, own role and retirement
    day (None while the helper works). In helper, then person order."""
    return store._query(
        """
        SELECT t.person_id, t.role, t.helper_id, h.name AS helper_name,
               h.role AS helper_role, h.retired_on
        FROM team_members t JOIN helpers h ON h.id = t.helper_id
        WHERE t.since <= :end AND (t.until IS NULL OR t.until >= :start)
        ORDER BY t.helper_id, t.person_id, t.id
        """,
        {"start": start.isoformat(), "end": end.isoformat()},
    )


def record_sheets(
    store: StoreBase, week: str, helpers: int, folder: Path, files: Sequence[str], rows: int
) -> None:
    """Audit one run of the sheets: the week, how many helpers and persons' lines, the
    folder and the files written (named by week and helper number, never by a name).
    Called inside the transaction that writes the files, like every export."""
    store.audit(
        "export",
        "sheets",
        None,
        ["case_no", "name", "village", "village_group", "due"],
        note=f"week={week} helpers={helpers} rows={rows} dir={folder} files={','.join(files)}",
    )
