"""docs/security.md §7: a killed process loses no committed row and leaves no half-written
batch. The sample load is one transaction: killed half-way, it leaves nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from conftest import id_number


def test_a_load_killed_half_way_leaves_the_committed_rows_and_nothing_else(
    yuesong: Callable, db_path: Path
) -> None:
    # A committed row first: it must survive the kill.
    result = yuesong("person", "add", "--name", "艾那", "--id-number", id_number())
    assert result.exit_code == 0, result.stderr
    before = sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM contacts").fetchone()[0]
    # The sample load refuses a non-empty ledger, so it loads a second file, killed there.
    second = db_path.parent / "second.db"
    assert yuesong("init", db=second).exit_code == 0
    env = {**os.environ, "YUESONG_NOW": "2026-11-29T01:00:00Z"}
    load = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "yuesong_cli",
            "--db",
            str(second),
            "sample",
            "--persons",
            "3000",
            "--seed",
            "1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Wait until the load holds the write lock (its transaction has begun), then kill it.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        probe = sqlite3.connect(second, timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:
            break  # locked: the load is writing
        finally:
            probe.close()
        time.sleep(0.05)
    time.sleep(0.5)
    load.send_signal(signal.SIGKILL)
    load.wait()
    assert load.returncode == -signal.SIGKILL
    conn = sqlite3.connect(second)
    assert conn.execute("SELECT COUNT(*) FROM persons").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0] == 0
    conn.close()
    second.chmod(0o600)
    assert yuesong("db", "verify", db=second).exit_code == 0
    # The first ledger is as it was.
    first = sqlite3.connect(db_path)
    assert first.execute("SELECT COUNT(*) FROM persons").fetchone()[0] == 1
    assert first.execute("SELECT COUNT(*) FROM contacts").fetchone()[0] == before
