"""The schema check on open (docs/security.md §4): a file that records a migration step this
version does not know was made by a newer version — read, never written, not verified by
this one; a file that lacks a table its steps made is damaged — refused in one line
naming the table, and never migrated or written."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from conftest import build_ledger, cli, copy_ledger, fails, fingerprint, ok
from sqlite_utils import Database

from yuesong_cli.messages import t
from yuesong_cli.store import migrations
from yuesong_cli.store.schema import MIGRATION_NAMES, MIGRATION_TABLES, tables_of


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_tamper import steps as tamper_steps

    return build_ledger(tmp_path_factory.mktemp("schema") / "ledger.db", tamper_steps)


@pytest.fixture
def ledger(db_path: Path, template: Path) -> Path:
    copy_ledger(template, db_path)
    return db_path


def sql(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


NEWER = (
    "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
    " VALUES ('yuesong', 'm099_future', '2027-01-01')"
)


# --- a newer file ----------------------------------------------------------------------------


def test_a_newer_file_is_read_but_never_written(ledger: Path, tmp_path: Path) -> None:
    sql(ledger, NEWER)
    before = fingerprint(ledger)
    run = cli(ledger)
    assert "YS-0001" in ok(run("person", "list"))
    ok(run("due", "--as-of", "2026-11-29"))
    ok(run("person", "show", "1"))
    newer = t("error.db.newer", path=str(ledger), step="m099_future")
    assert "更新版本" in newer
    for args in (
        ("log", "1", "meet"),
        ("person", "edit", "1", "--notes", "N2"),
        ("settings", "set", "township", "岳宋"),
        ("person", "show", "1", "--reveal", "--reason", "核对"),
        ("db", "verify"),
    ):
        assert fails(run(*args)) == newer, args
    target = tmp_path / "copy.db"
    assert fails(run("db", "backup", str(target))) == newer
    assert not target.exists()
    assert fingerprint(ledger) == before


def test_a_newer_file_is_said_in_english_too(ledger: Path) -> None:
    sql(ledger, NEWER)
    line = fails(cli(ledger)("--lang", "en", "log", "1", "meet"))
    assert line == t("error.db.newer", "en", path=str(ledger), step="m099_future")
    assert "made by a newer version" in line


# --- a damaged schema --------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["contact_kinds", "audit", "persons", "audit_seal", "breaches"])
def test_a_missing_table_is_refused_for_every_command(ledger: Path, table: str) -> None:
    sql(ledger, f"DROP TABLE {table}")
    before = fingerprint(ledger)
    run = cli(ledger)
    line = t("error.db.table_missing", path=str(ledger), table=table)
    for args in (("person", "list"), ("due",), ("log", "1", "meet"), ("db", "verify")):
        assert fails(run(*args)) == line, args
    assert fingerprint(ledger) == before


def test_an_older_file_missing_a_table_is_not_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    old = Database(sqlite3.connect(path))
    migrations.migrations.apply(old, stop_before="m003_audit")
    old.execute("DROP TABLE contact_helpers")
    old.conn.commit()
    old.close()
    before = fingerprint(path)
    line = fails(cli(path)("person", "list"))
    assert line == t("error.db.table_missing", path=str(path), table="contact_helpers")
    assert fingerprint(path) == before


def test_a_table_of_its_own_beside_ours_is_left_alone(ledger: Path) -> None:
    sql(ledger, "CREATE TABLE officer_notes (line TEXT)")
    assert "YS-0001" in ok(cli(ledger)("person", "list"))
    assert ok(cli(ledger)("db", "verify")).splitlines()[3] == "数据与审计日志: 正常"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("change", [NEWER, "DROP TABLE breaches"], ids=["newer", "damaged"])
def test_a_refused_file_is_left_byte_for_byte(ledger: Path, change: str) -> None:
    """The schema is checked before anything is set: a file refused, or read only, keeps
    every byte, its journal mode in the header too (review of issue 12): a copy in
    a rollback journal (made by another tool, say) is not switched to WAL."""
    sql(ledger, "PRAGMA journal_mode = DELETE", change)
    before = digest(ledger)
    run = cli(ledger)
    for args in (("person", "list"), ("due", "--as-of", "2026-11-29"), ("person", "edit", "1",
                 "--notes", "N2")):
        run(*args)
        assert digest(ledger) == before, args


# --- the tables each step makes ----------------------------------------------------------------


def test_the_tables_of_each_step_are_those_it_makes(tmp_path: Path) -> None:
    assert set(MIGRATION_TABLES) <= set(MIGRATION_NAMES)
    ours = {"_sqlite_migrations", "sqlite_sequence"}
    for position, name in enumerate(MIGRATION_NAMES):
        path = tmp_path / f"{name}.db"
        db = Database(sqlite3.connect(path))
        following = MIGRATION_NAMES[position + 1 : position + 2]
        migrations.migrations.apply(db, stop_before=following[0] if following else None)
        tables = set(db.table_names()) - ours
        db.close()
        assert tables == tables_of(set(MIGRATION_NAMES[: position + 1])), name
