"""Shared fixtures: databases under tmp_path, the CLI runner, a pinned clock.

Time is passed in, never patched: CLI tests pin "now" through YUESONG_NOW, the
environment variable the program itself honours.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from yuesong_cli.cli.app import app
from yuesong_cli.domain.idnumber import make_id_number
from yuesong_cli.store.db import Store
from yuesong_cli.store.schema import DERIVED_TABLES

# 2026-11-29 09:00 in Yunnan.
NOW = "2026-11-29T01:00:00Z"
TODAY = dt.date(2026, 11, 29)


def _isolate(patch: pytest.MonkeyPatch, folder: Path) -> None:
    """The environment every test runs in: the clock pinned, no database or language
    from outside, the user's directories (and the error log) under ``folder``."""
    patch.setenv("YUESONG_NOW", NOW)
    patch.delenv("YUESONG_DB", raising=False)
    patch.delenv("YUESONG_LANG", raising=False)
    patch.setenv("HOME", str(folder / "home"))
    patch.setenv("XDG_DATA_HOME", str(folder / "home" / "data"))
    patch.setenv("XDG_STATE_HOME", str(folder / "home" / "state"))


# typer's CliRunner.invoke rebuilds the click command from the annotations on every call,
# most of the time of a call; the command is the same each time, so it is built once
# (typer.main.get_command, public) and run inside the runner's public isolation().
_COMMAND = typer.main.get_command(app)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _isolate(monkeypatch, tmp_path)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db_path(tmp_path: Path, runner: CliRunner) -> Path:
    """An initialised, empty database."""
    path = tmp_path / "ledger.db"
    result = runner.invoke(app, ["--db", str(path), "init"])
    assert result.exit_code == 0, result.output
    return path


Invoke = Callable[..., "InvokeResult"]


class InvokeResult:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr


def invoke(args: list[str], input: str | None = None) -> InvokeResult:
    """Run ``yuesong ARGS`` in this process; an exception that is not an exit propagates."""
    with CliRunner().isolation(input=input) as (stdout, stderr, _output):
        try:
            _COMMAND.main(args=args, prog_name="yuesong")
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return InvokeResult(code, stdout.getvalue().decode(), stderr.getvalue().decode())


def cli(path: Path) -> Callable[..., InvokeResult]:
    """Run ``yuesong --db PATH ARGS`` in this process: exit code, stdout and stderr."""

    def run(*args: str, input: str | None = None, db: Path | None = None) -> InvokeResult:
        return invoke(["--db", str(db or path), *args], input=input)

    return run


@pytest.fixture
def yuesong(db_path: Path) -> Callable[..., InvokeResult]:
    """Run ``yuesong --db <db_path> ARGS`` and return exit code, stdout and stderr."""
    return cli(db_path)


def build_ledger(path: Path, steps: Callable[[Callable[..., InvokeResult]], None]) -> Path:
    """A database at ``path`` built by ``steps`` through the CLI, in the environment each
    test gets: for a module-scoped ledger, built once and copied into each test."""
    with pytest.MonkeyPatch.context() as patch:
        _isolate(patch, path.parent)
        run = cli(path)
        result = run("init")
        assert result.exit_code == 0, result.stderr
        steps(run)
    return path


def copy_ledger(template: Path, db_path: Path) -> None:
    """Put a built ledger in place of a test's database (which keeps its mode 0600)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, db_path)


def id_number(sequence: int = 123, born: dt.date = dt.date(1990, 1, 1)) -> str:
    """A valid fictional ID number of this township (odd sequence: male)."""
    return make_id_number("530829", born, sequence)


def register_in(
    store: Store,
    name: str = "艾那",
    sequence: int = 123,
    since: dt.date = dt.date(2026, 1, 5),
    status: str = "community_treatment",
    **fields: Any,
) -> int:
    """Register a fictional person straight through the store (born 1990-01-01, gender
    from the ID number's sequence), under ``status`` from ``since``; their id."""
    person_id, _ = store.add_person(
        name=name,
        id_number=id_number(sequence),
        gender="male" if sequence % 2 else "female",
        birth_date=dt.date(1990, 1, 1),
        fields=fields,
        status=status,
        since=since,
        registered_on=since,
    )
    return person_id


def fingerprint(path: Path) -> str:
    """A digest of every row of every table but the derived state's: equal before and
    after means unchanged. The derived state (store/derived.py,
    docs/model.md "Kept state") is no data: the first read of a day rolls it forward, and
    `db verify` holds it to the records."""
    conn = sqlite3.connect(path)
    try:
        digest = hashlib.sha256()
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if r[0] not in DERIVED_TABLES
        ]
        for table in tables:
            digest.update(table.encode())
            for row in conn.execute(f"SELECT * FROM [{table}] ORDER BY 1"):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        conn.close()


def ok(result: InvokeResult, code: int = 0) -> str:
    """The stdout of a command that ran as expected (exit ``code``, nothing on stderr)."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr == ""
    return result.stdout


def fails(result: InvokeResult, code: int = 1) -> str:
    """The one stderr line of a refused command: nothing on stdout, never a traceback."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr.rstrip("\n")
