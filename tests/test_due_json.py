"""``due --format json`` from the kept state is made in SQL (store/derived.py ``day_json``):
the same bytes as the list built item by item in Python (which ``--fail-if-overdue``
still takes, since it needs every item's facts), whatever the filters, with names
masked or not. (A file purged past its retention is closed: no due list holds it.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import cli, ok

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-29"

FILTERS = [
    (),
    ("--all",),
    ("--within", "0"),
    ("--within", "7"),
    ("--rule", "meet", "--rule", "urine"),
    (
        "--rule",
        "一季一汇报",
    ),
    ("--village", "岳宋村"),
    ("--zone", "第一片区"),
    ("--grid", "网格02", "--all"),
    ("--helper", "1"),
    ("--zone", "第三片区", "--within", "3", "--rule", "visit"),
]


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "sample.db"
    shutil.copyfile(ROOT / "sample.db", path)
    path.chmod(0o600)
    return path


def both(path: Path, *args: str) -> tuple[str, str]:
    """The list made in SQL, and the one built in Python (exit 3 when something is
    behind: the output is what is compared)."""
    run = cli(path)
    made = run("due", "--as-of", DAY, "--format", "json", *args)
    built = run("due", "--as-of", DAY, "--format", "json", "--fail-if-overdue", *args)
    assert made.exit_code == 0, made.stderr
    assert built.exit_code in (0, 3), built.stderr
    return made.stdout, built.stdout


def test_sections_keep_their_order(ledger: Path) -> None:
    """--by orders the items by section: built in Python, as before."""
    run = cli(ledger)
    by = json.loads(ok(run("due", "--as-of", DAY, "--format", "json", "--by", "zone")))
    plain = json.loads(ok(run("due", "--as-of", DAY, "--format", "json")))
    assert sorted(map(json.dumps, by)) == sorted(map(json.dumps, plain))


@pytest.mark.parametrize("args", FILTERS, ids=lambda args: " ".join(args) or "all rules")
def test_the_list_made_in_sql_is_the_list_built_in_python(ledger: Path, args: tuple) -> None:
    made, built = both(ledger, *args)
    assert made == built
    json.loads(made)  # and it is JSON


def test_names_unmasked_read_the_same_both_ways(ledger: Path) -> None:
    ok(cli(ledger)("settings", "set", "mask_names", "off"))
    made, built = both(ledger, "--all")
    assert made == built
    assert "*" not in "".join(item["name"] for item in json.loads(made))


def test_an_empty_list_is_an_empty_array(ledger: Path) -> None:
    made, built = both(ledger, "--grid", "网格02", "--rule", "meet", "--within", "0")
    assert made == built
    if json.loads(made) == []:
        assert made == "[]\n"
