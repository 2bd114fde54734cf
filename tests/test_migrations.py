"""Migrations on an empty file and on a file made by an older version."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from yuesong_cli.store import migrations
from yuesong_cli.store.db import Store
from yuesong_cli.store.schema import MIGRATION_NAMES


def test_new_file_gets_every_migration(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.db", create=True)
    assert migrations.pending(store.db) == []
    assert {"persons", "contacts", "audit", "settings"} <= set(store.db.table_names())
    applied = [m.name for m in migrations.migrations.applied(store.db)]
    assert applied == [m.name for m in migrations.migrations._migrations]


def test_older_file_is_brought_up_to_date_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    old = Database(sqlite3.connect(path))
    migrations.migrations.apply(old, stop_before="m002_contacts")
    old.execute("INSERT INTO settings (key, value) VALUES ('township', '测试乡')")
    old.conn.commit()
    assert "contacts" not in old.table_names()
    old.close()

    store = Store(path)
    assert "contacts" in store.db.table_names()
    assert "audit" in store.db.table_names()
    assert store.setting("township") == "测试乡"
    assert migrations.pending(store.db) == []


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    Store(path, create=True).close()
    store = Store(path)
    applied = [m.name for m in migrations.migrations.applied(store.db)]
    assert len(applied) == len(set(applied))


def test_migration_names_are_numbered_and_documented() -> None:
    for number, migration in enumerate(migrations.migrations._migrations, start=1):
        assert migration.name.startswith(f"m{number:03d}_")
        assert (migration.fn.__doc__ or "").startswith("Why:")


def test_the_start_up_check_knows_every_step() -> None:
    assert MIGRATION_NAMES == tuple(m.name for m in migrations.migrations._migrations)


def test_a_file_of_the_last_version_gains_the_corrections_archive(tmp_path: Path) -> None:
    path = tmp_path / "before-corrections.db"
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    old = Database(sqlite3.connect(path))
    migrations.migrations.apply(old, stop_before="m008_corrections")
    assert "corrections" not in old.table_names()
    old.close()

    store = Store(path)
    assert "corrections" in store.db.table_names()
    assert migrations.pending(store.db) == []
    assert store.corrections("contacts", 1) == []


def test_a_file_before_m009_keeps_its_corrections_and_gains_the_new_columns(
    tmp_path: Path,
) -> None:
    path = tmp_path / "before-m009.db"
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    old = Database(sqlite3.connect(path))
    migrations.migrations.apply(old, stop_before="m009_history_and_teams")
    old.execute(
        "INSERT INTO persons (id, case_no, name, name_pinyin, name_initials, gender,"
        " birth_date, registered_on, created_at, id_kind)"
        " VALUES (1, 'YS-0001', '测试', 'ceshi', 'cs', 'male', '1990-01-01', '2026-01-01',"
        " '2026-01-01T00:00:00Z', 'none')"
    )
    old.execute(
        "INSERT INTO corrections (id, table_name, record_id, person_id, action, original,"
        " reason, corrected_on, entered_at)"
        " VALUES (7, 'contacts', 3, 1, 'void', '{}', '录错', '2026-02-01', '2026-02-01T00:00Z')"
    )
    old.conn.commit()
    old.close()

    store = Store(path)
    assert migrations.pending(store.db) == []
    row = store.conn.execute("SELECT id, record_id, reason FROM corrections").fetchall()
    assert row == [(7, 3, "录错")]
    assert "history_from" in store.db["persons"].columns_dict
    assert "retired_on" in store.db["helpers"].columns_dict
    store.conn.execute(
        "INSERT INTO corrections (table_name, record_id, person_id, action, original,"
        " reason, corrected_on, entered_at)"
        " VALUES ('status_history', 1, 1, 'void', '{}', 'x', '2026-02-01', '2026-02-01T00:00Z')"
    )
    indexes = {i.name for i in store.db["corrections"].indexes}
    assert {"corrections_record", "corrections_person"} <= indexes
