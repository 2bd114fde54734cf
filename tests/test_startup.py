"""The morning's due list loads only what it uses (docs/architecture.md "What goes where":
heavy imports are late): a cron job reading the list never pays for the spreadsheet
writer, pinyin, the migration library, the quarterly document, the sentences of `why`,
exact decimals or the login-name lookup. Time is measured by
benchmarks/bench_startup.py; this holds the cause.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

NEVER_FOR_DUE = (
    "openpyxl", "pypinyin", "sqlite_utils", "pendulum", "decimal", "pwd",
    "yuesong_cli.output.exports", "yuesong_cli.output.quarterly",
    "yuesong_cli.output.explain", "yuesong_cli.ledger.reports", "yuesong_cli.ledger.sample",
    # The user's folders are asked for only without --db; worker processes only for a
    # ledger of thousands (issue 13).
    "platformdirs", "multiprocessing", "concurrent.futures",
)
# Machine output carries no headline, so no count of high alerts (the row colour's
# threshold still comes from the alert rules, domain/alerts.py, its one home).
NEVER_FOR_JSON = ("yuesong_cli.ledger.alertlist",)

PROBE = """
import contextlib, io, json, runpy, sys
sys.argv = ["yuesong", *sys.argv[1:]]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        runpy.run_module("yuesong_cli", run_name="__main__")
    except SystemExit as done:
        code = done.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def loaded(db: Path, *args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--db", str(db), *args],
        capture_output=True, text=True, check=True, cwd=ROOT,
        # No pinned clock (YUESONG_NOW is parsed with pendulum): --as-of names the day.
        env={"PATH": "/usr/bin:/bin", "HOME": str(db.parent)},
    )
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["code"] in (0, None), done.stderr
    return set(result["modules"])


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "sample.db"
    shutil.copyfile(ROOT / "sample.db", path)
    path.chmod(0o600)
    return path


@pytest.mark.parametrize("fmt", ["plain", "json"])
def test_the_due_list_loads_only_what_it_uses(sample_copy: Path, fmt: str) -> None:
    modules = loaded(sample_copy, "due", "--as-of", "2026-11-29", "--format", fmt)
    assert "yuesong_cli.ledger.duelist" in modules  # the probe ran the list
    unexpected = sorted(m for m in modules if m.startswith(NEVER_FOR_DUE))
    assert unexpected == []
    if fmt == "json":
        assert sorted(m for m in modules if m.startswith(NEVER_FOR_JSON)) == []
    else:
        assert "yuesong_cli.ledger.alertlist" in modules  # the headline counts high alerts
