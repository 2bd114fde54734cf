"""What a successor must know (``report handover``): the persons under supervision with
their open obligations and alerts, the files not complete, where the database and its
backups are, and when the last verified backup was made. The day's obligations are worked
out once (ledger/duelist.py) and the alerts read that same answer (ledger/alertlist.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from yuesong_cli.domain.alerts import Alert
from yuesong_cli.ledger import standing
from yuesong_cli.ledger.alertlist import AlertReport, alert_labels, alerts_of
from yuesong_cli.ledger.duelist import day_obligations
from yuesong_cli.store.db import Store
from yuesong_cli.store.handover import last_backup
from yuesong_cli.store.integrity import own_backups

# Where ``db backup`` puts its backups: a folder beside the database (cli/db.py).
BACKUP_FOLDER = "backups"


@dataclass(frozen=True)
class LastBackup:
    """The newest verified backup: when (UTC, and the day in the database's zone) and
    the file's name."""

    at: str
    day: dt.date
    name: str


@dataclass(frozen=True)
class Handover:
    """The handover of the township named on ``as_of``."""

    township: str
    as_of: dt.date
    db_path: Path
    backup_folder: Path
    backups: int  # this database's own backups in the folder now
    last_backup: LastBackup | None  # None: no backup was ever made (by as_of)
    persons_supervised: int
    # One row a person under supervision (case number, name, village, helper) with the
    # count of their open obligations and of their alerts.
    persons: list[dict[str, Any]]
    obligations: list[dict[str, Any]]  # the open ones, most urgent first (duelist rows)
    alerts: AlertReport
    incomplete: list[Alert]  # the file_incomplete alerts: which fields are missing

    @property
    def open_obligations(self) -> int:
        return len(self.obligations)

    @property
    def high_alerts(self) -> int:
        return sum(alert.severity == "high" for alert in self.alerts.alerts)


def handover(store: Store, as_of: dt.date, db_path: Path) -> Handover:
    """The handover on ``as_of`` of the database at ``db_path``."""
    kept = standing.day_ready(store, as_of)
    obligations = day_obligations(store, as_of, include_done=True, kept=kept)
    found = alerts_of(store, obligations)
    township = store.setting("township")
    alerts = AlertReport(township, as_of, found, alert_labels(store, found))
    open_rows = [row for row in obligations.rows if row["status"] != "done"]
    persons: dict[int, dict[str, Any]] = {}
    # Every rule of a person supervised has an item (done or not), so every person
    # supervised under a plan is listed, with 0 open obligations if all are done.
    for row in obligations.rows:
        person = persons.setdefault(
            row["person_id"],
            {
                "person_id": row["person_id"],
                "case_no": row["case_no"],
                "name": row["name"],
                "village": row["village"],
                "helper": row["helper"],
                "open": 0,
                "alerts": 0,
            },
        )
        person["open"] += row["status"] != "done"
    for alert in found:
        if alert.person_id in persons:
            persons[alert.person_id]["alerts"] += 1
    zone = ZoneInfo(store.setting("timezone"))
    folder = db_path.parent / BACKUP_FOLDER
    return Handover(
        township=township,
        as_of=as_of,
        db_path=db_path,
        backup_folder=folder,
        backups=len(own_backups(folder, db_path.stem, zone)),
        last_backup=_last_backup(store, as_of, zone),
        persons_supervised=obligations.persons,
        persons=sorted(persons.values(), key=lambda p: p["case_no"]),
        obligations=open_rows,
        alerts=alerts,
        incomplete=[alert for alert in found if alert.kind == "file_incomplete"],
    )


def _last_backup(store: Store, as_of: dt.date, zone: ZoneInfo) -> LastBackup | None:
    # Backups made by the end of as_of in the database's zone: a handover of a past day
    # does not count a backup made after it.
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), zone)
    until = (end.astimezone(dt.UTC) - dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    row = last_backup(store, until)
    if row is None:
        return None
    moment = dt.datetime.strptime(row["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    return LastBackup(row["at"], moment.astimezone(zone).date(), row["note"] or "")
