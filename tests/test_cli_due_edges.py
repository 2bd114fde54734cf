"""Edges of the due list and the register found in review, through the CLI."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from conftest import fingerprint, id_number
from typer.testing import CliRunner

from yuesong_cli.cli.app import app


def add(yuesong: Callable, *extra: str, sequence: int = 123) -> None:
    result = yuesong("person", "add", "--name", "艾那", "--id-number", id_number(sequence), *extra)
    assert result.exit_code == 0, result.stderr


def test_a_plan_with_no_rules_lists_nothing_for_its_persons(yuesong: Callable) -> None:
    assert yuesong("plan", "add", "empty", "--name", "空").exit_code == 0
    add(yuesong, "--since", "2026-01-05", "--plan", "empty")
    add(yuesong, "--since", "2026-01-05", sequence=125)
    result = yuesong("due", "--format", "json", "--all")
    assert result.exit_code == 0, result.stderr
    assert '"person_id": 1' not in result.stdout and '"person_id": 2' in result.stdout


def test_a_sqlite_file_that_is_not_a_ledger_is_refused_untouched(
    runner: CliRunner, tmp_path: Path
) -> None:
    other = tmp_path / "notes.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    other.chmod(0o600)
    before = fingerprint(other)
    result = runner.invoke(app, ["--db", str(other), "due"])
    assert result.exit_code == 1
    assert "不是 yuesong 数据库" in result.stderr
    assert fingerprint(other) == before
    assert sqlite3.connect(other).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_markup_in_a_village_name_is_shown_as_typed(yuesong: Callable) -> None:
    add(yuesong, "--since", "2026-01-05", "--village", "曼[/]亨村")
    result = yuesong("due", "--by", "village", "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert "【曼[/]亨村】" in result.stdout


def test_person_show_for_someone_registered_after_today(yuesong: Callable) -> None:
    add(yuesong, "--since", "2026-11-29")  # today in Yunnan
    # In Pago Pago it is still the 28th: the person is registered "tomorrow".
    assert yuesong("settings", "set", "timezone", "Pacific/Pago_Pago").exit_code == 0
    result = yuesong("person", "show", "1", "--format", "plain")
    assert result.exit_code == 0, result.stderr


def test_a_far_date_is_a_clear_error(yuesong: Callable) -> None:
    result = yuesong("due", "--as-of", "9999-12-31")
    assert result.exit_code == 1
    assert result.stderr == "日期应在 1900 至 2199 年之间，请核对。\n"


def test_a_urine_test_by_phone_is_refused(yuesong: Callable, db_path: Path) -> None:
    add(yuesong, "--since", "2026-01-05")
    before = fingerprint(db_path)
    result = yuesong("log", "1", "urine", "--result", "negative", "--mode", "phone")
    assert result.exit_code == 1
    assert result.stderr == (
        "尿检须当面进行（只有“未到”可记为电话联系），请去掉 --mode 或改为 in_person。\n"
    )
    assert fingerprint(db_path) == before
    # A no-show may be recorded as the call that followed it.
    result = yuesong("log", "1", "urine", "--result", "absent", "--mode", "phone")
    assert result.exit_code == 0, result.stderr
