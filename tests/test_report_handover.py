"""``report handover``: what a successor must know, as a report value (ledger/handover.py)
and as the command shows it, masked, without changing the database."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY, build_ledger, cli, copy_ledger, fingerprint, ok, register_in

from yuesong_cli.ledger.alertlist import alert_report
from yuesong_cli.ledger.duelist import day_obligations
from yuesong_cli.ledger.handover import handover
from yuesong_cli.output.handover_view import handover_document
from yuesong_cli.store.contacts import NewContact
from yuesong_cli.store.db import Store

SINCE = dt.date(2026, 10, 5)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "handover.db", create=True)
    kept = register_in(store, "岩嘎", 201, SINCE)
    register_in(store, "叶门", 203, SINCE)
    register_in(store, "尼茸", 205, SINCE, status="released")
    store.add_contact(NewContact(kept, TODAY - dt.timedelta(days=2), ["meet"], "in_person"))
    yield store
    store.close()


def test_the_report_reads_the_days_obligations_and_alerts(store: Store) -> None:
    report = handover(store, TODAY, store.path)
    # The released person is no longer supervised.
    assert report.persons_supervised == 2
    assert [p["case_no"] for p in report.persons] == ["YS-0001", "YS-0002"]
    open_rows = [r for r in day_obligations(store, TODAY).rows if r["status"] != "done"]
    assert report.obligations == open_rows
    assert report.open_obligations == len(open_rows) > 0
    by_case = {p["case_no"]: p for p in report.persons}
    assert sum(p["open"] for p in report.persons) == len(open_rows)
    # The meeting kept leaves the first person one obligation fewer than the second.
    assert by_case["YS-0001"]["open"] < by_case["YS-0002"]["open"]
    assert report.alerts.alerts == alert_report(store, TODAY).alerts
    assert report.high_alerts == sum(a.severity == "high" for a in report.alerts.alerts)
    # register_in fills no address nor phone: every file is incomplete, and listed.
    assert {a.case_no for a in report.incomplete} >= {"YS-0001", "YS-0002"}
    assert all(a.kind == "file_incomplete" for a in report.incomplete)
    assert report.db_path == store.path
    assert report.backup_folder == store.path.parent / "backups"
    assert report.backups == 0 and report.last_backup is None


def test_the_last_verified_backup_and_its_day(store: Store) -> None:
    folder = store.path.parent / "backups"
    folder.mkdir()
    made = store.backup_into(folder)
    report = handover(store, TODAY, store.path)
    assert report.backups == 1
    assert report.last_backup is not None
    # 2026-11-29T01:00Z is 09:00 in Yunnan: the day in the database's zone.
    assert report.last_backup.day == TODAY
    assert report.last_backup.name == made.name
    # A handover of the day before does not know of it.
    assert handover(store, TODAY - dt.timedelta(days=1), store.path).last_backup is None


def test_the_document_says_plainly_when_there_is_no_backup(store: Store) -> None:
    document = handover_document(handover(store, TODAY, store.path), "en")
    fields = {column.key: value for column, value in document.fields}
    assert fields["last_backup"] == "none yet: run yuesong db backup"
    assert fields["persons_supervised"] == 2
    assert [key for key, _ in document.sections] == [
        "persons",
        "obligations",
        "alerts",
        "incomplete",
    ]


# --- the command --------------------------------------------------------------------


@pytest.fixture(scope="module")
def ledger_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("handover") / "ledger.db"
    build_ledger(path, lambda run: ok(run("sample", "--persons", "12")))
    return path


@pytest.fixture
def ledger(ledger_template: Path, db_path: Path) -> Path:
    copy_ledger(ledger_template, db_path)
    return db_path


def secrets_of(path: Path) -> list[str]:
    """Every ID number, phone and full name in the register."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT id_number, phone, name FROM persons").fetchall()
    finally:
        conn.close()
    found = [value for row in rows for value in row if value and len(value) >= 2]
    assert any(len(value) >= 11 for value in found)
    return found


def test_the_command_in_plain_and_json_masked_database_unchanged(ledger: Path) -> None:
    run = cli(ledger)
    before = fingerprint(ledger)
    plain = ok(run("--lang", "en", "report", "handover", "--format", "plain"))
    shown = ok(run("report", "handover", "--format", "json"))
    assert fingerprint(ledger) == before
    assert "last verified backup  none yet: run yuesong db backup" in plain
    for title in ("Persons under supervision", "Open obligations", "Alerts", "Incomplete files"):
        assert title in plain
    value = json.loads(shown)
    # No backup yet: null for machines; the sentence saying what to run is the screen's.
    assert value["last_backup"] is None and value["last_backup_file"] is None
    assert value["as_of"] == TODAY.isoformat()
    assert value["database"] == str(ledger.resolve())
    assert value["backup_folder"] == str(ledger.resolve().parent / "backups")
    assert value["persons_supervised"] == len(value["persons"]) > 0
    assert value["open_obligations"] == len(value["obligations"])
    assert all(p["name"].endswith("*") for p in value["persons"])
    for secret in secrets_of(ledger):
        assert secret not in plain
        assert secret not in shown


def test_after_a_backup_its_day_is_shown(ledger: Path) -> None:
    run = cli(ledger)
    ok(run("db", "backup"))
    before = fingerprint(ledger)
    plain = ok(run("--lang", "en", "report", "handover", "--format", "plain"))
    assert fingerprint(ledger) == before
    assert "none yet" not in plain
    assert "last verified backup  2026-11-29 (ledger-backup-20261129-090000.db)" in plain
    assert "backups there         1" in plain
    assert "last verified backup file" not in plain
    value = json.loads(ok(run("report", "handover", "--format", "json")))
    assert (value["last_backup"], value["last_backup_file"]) == (
        "2026-11-29",
        "ledger-backup-20261129-090000.db",
    )
    # As of the day before, there was none.
    earlier = ok(run("--lang", "en", "report", "handover", "--as-of", "2026-11-28"))
    assert "none yet: run yuesong db backup" in earlier


def test_the_export_writes_the_masked_sheets(ledger: Path, tmp_path: Path) -> None:
    target = tmp_path / "handover.csv"
    result = cli(ledger)("--lang", "en", "report", "handover", "--export", str(target))
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8-sig")
    assert "last verified backup" in text and "Incomplete files" in text
    assert "none yet" not in text
    for secret in secrets_of(ledger):
        assert secret not in text
