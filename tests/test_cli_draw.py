"""``yuesong tests draw``: surprise tests (随机抽检) through the command line. The weighted
draw itself is unit-tested in test_draw.py; here the wiring: who the store offers as a
candidate, with which facts, the CLI contract, and the audit row of every draw.

The pool of the module (clock 2026-11-29):

- YS-0001 … YS-0020 community treatment from 2026-11-01 (risk low, medium, high, unknown
  in turn; YS-0004 high; key persons YS-0004, 0010, 0015, 0020). Urine tests: YS-0003
  negative 11-23 and YS-0004 positive 11-25 (both within the last 7 days), YS-0005
  negative 11-22 (7 days ago: no longer excluded), YS-0006 refused 11-28 and YS-0007 not
  come to 11-28 (no test taken).
- YS-0021 community rehabilitation from 2026-11-01.
- Not under active supervision: YS-0022 on leave 11-20 to 12-05, YS-0023 released 11-10,
  YS-0024 pending report, YS-0025 in compulsory isolation, YS-0026 detained from 11-20,
  YS-0027 deceased 11-15.
- YS-0028 community treatment, registered 2026-11-25.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    TODAY,
    InvokeResult,
    build_ledger,
    copy_ledger,
    fails,
    fingerprint,
    id_number,
    ok,
)

from yuesong_cli.domain.draw import Candidate, draw
from yuesong_cli.messages import t
from yuesong_cli.store.db import Store

Run = Callable[..., InvokeResult]

NAMES = (
    "艾那 叶嘎 尼茸 桑门 赛惹 俄块 楼道 依高 安保 娜老 "
    "艾社 叶冒 岩帅 叶块 娜莫 岩块 赛保 安木 艾嘎 娜门"
).split()
RISKS = ("low", "medium", "high", None)
KEY_PERSONS = frozenset({4, 10, 15, 20})
ACTIVE = [*range(1, 22), 28]
# Tested (negative or positive) within the 7 days up to 2026-11-29.
RECENTLY_TESTED = {3, 4}


def risk_of(person: int) -> str | None:
    return "high" if person == 4 else RISKS[(person - 1) % 4]


def case(person: int) -> str:
    return f"YS-{person:04d}"


# --- the pool, built once per module and copied for each test ----------------------------------


def build_pool(run: Run) -> None:
    def add(person: int, since: str, *options: str) -> None:
        name = NAMES[(person - 1) % 20] + ("门" if person > 20 else "")
        number = id_number(100 + person, dt.date(1990, 1, 1))
        args = ("--name", name, "--id-number", number, "--since", since, *options)
        assert ok(run("person", "add", *args)) == f"{case(person)}\n"

    for person in range(1, 21):
        risk = risk_of(person)
        options = ["--risk", risk] if risk else []
        if person in KEY_PERSONS:
            options.append("--key-person")
        add(person, "2026-11-01", "--village", "岳宋村", *options)
    ok(run("log", "3", "urine", "--result", "negative", "--on", "2026-11-23"))
    ok(run("log", "4", "urine", "--result", "positive", "--substance", "meth", "--on", "11-25"))
    ok(run("log", "5", "urine", "--result", "negative", "--on", "2026-11-22"))
    ok(run("log", "6", "urine", "--result", "refused", "--on", "2026-11-28"))
    ok(run("log", "7", "urine", "--result", "absent", "--mode", "phone", "--on", "11-28"))
    add(21, "2026-11-01", "--status", "community_rehab")
    add(22, "2026-11-01")
    ok(run("person", "status", "22", "on_leave", "--on", "2026-11-20", "--until", "2026-12-05"))
    add(23, "2026-06-01")
    ok(run("person", "status", "23", "released", "--on", "2026-11-10"))
    add(24, "2026-11-01", "--status", "pending_report")
    add(25, "2026-11-01", "--status", "compulsory_isolation")
    add(26, "2026-11-01")
    ok(run("person", "status", "26", "detained", "--on", "2026-11-20"))
    add(27, "2026-11-01")
    ok(run("person", "status", "27", "deceased", "--on", "2026-11-15"))
    add(28, "2026-11-25")


@pytest.fixture(scope="module")
def pool_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pool") / "pool.db"
    build_ledger(path, build_pool)
    return path


@pytest.fixture
def pool(pool_template: Path, db_path: Path) -> None:
    copy_ledger(pool_template, db_path)


def drawn(yuesong: Run, count: int, seed: str, *options: str) -> list[dict[str, Any]]:
    result = yuesong(
        "tests", "draw", "--count", str(count), "--seed", seed, "--format", "json", *options
    )
    rows: list[dict[str, Any]] = json.loads(ok(result))
    return rows


def case_nos(rows: list[dict[str, Any]]) -> list[str]:
    return [r["case_no"] for r in rows]


def audit_rows(db_path: Path) -> list[dict[str, Any]]:
    store = Store(db_path)
    try:
        return store.audit_rows()
    finally:
        store.close()


@pytest.fixture
def audit(db_path: Path) -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The audit rows written since the test began."""
    before = len(audit_rows(db_path))
    yield lambda: audit_rows(db_path)[before:]


def expected_draw(count: int, seed: str, as_of: dt.date = TODAY, exclude: int = 7) -> list[str]:
    """What the pure draw gives on the pool as described in the module docstring."""
    tests = {3: dt.date(2026, 11, 23), 4: dt.date(2026, 11, 25), 5: dt.date(2026, 11, 22)}
    candidates = [
        Candidate(
            person,
            risk_of(person) if person <= 20 else None,
            person in KEY_PERSONS,
            tests.get(person) if tests.get(person, as_of) <= as_of else None,
            person == 4 and as_of >= dt.date(2026, 11, 25),
        )
        for person in ACTIVE
        if person != 28 or as_of >= dt.date(2026, 11, 25)
    ]
    return [case(p) for p in draw(candidates, count, seed, as_of, exclude)]


# --- the draw ------------------------------------------------------------------------------------


def test_same_seed_same_persons(yuesong: Run, pool: None) -> None:
    first = drawn(yuesong, 5, "2026-11-29")
    assert case_nos(first) == ["YS-0015", "YS-0007", "YS-0006", "YS-0021", "YS-0018"]
    assert case_nos(first) == expected_draw(5, "2026-11-29")
    assert drawn(yuesong, 5, "2026-11-29") == first


def test_rows_carry_what_the_weight_depends_on(yuesong: Run, pool: None) -> None:
    rows = {r["case_no"]: r for r in drawn(yuesong, 30, "x", "--exclude-days", "0")}
    assert list(rows["YS-0004"]) == [
        "order",
        "case_no",
        "name",
        "village",
        "risk_level",
        "key_person",
        "last_test",
        "weight",
    ]
    # High risk, a key person and positive 4 days ago: 4 x 2 x 2.
    four = rows["YS-0004"]
    assert (four["name"], four["village"], four["risk_level"]) == ("桑*", "岳宋村", "high")
    assert (four["key_person"], four["last_test"], four["weight"]) == (True, "2026-11-25", 16)
    assert (rows["YS-0003"]["last_test"], rows["YS-0003"]["weight"]) == ("2026-11-23", 4)
    assert (rows["YS-0005"]["last_test"], rows["YS-0005"]["weight"]) == ("2026-11-22", 1)
    # A refused test or one not come to is no test.
    assert rows["YS-0006"]["last_test"] is None and rows["YS-0007"]["last_test"] is None
    assert (rows["YS-0010"]["risk_level"], rows["YS-0010"]["weight"]) == ("medium", 4)
    assert (rows["YS-0008"]["risk_level"], rows["YS-0008"]["weight"]) == (None, 2)
    assert (rows["YS-0021"]["key_person"], rows["YS-0021"]["weight"]) == (False, 2)
    assert sorted(r["order"] for r in rows.values()) == list(range(1, len(rows) + 1))


def test_another_seed_another_order(yuesong: Run, pool: None) -> None:
    one = case_nos(drawn(yuesong, 20, "1"))
    two = case_nos(drawn(yuesong, 20, "2"))
    assert one == expected_draw(20, "1") and two == expected_draw(20, "2")
    assert sorted(one) == sorted(two)  # all 20 eligible, in another order
    assert one != two
    assert case_nos(drawn(yuesong, 5, "1")) == one[:5]


def test_recently_tested_persons_are_left_out(yuesong: Run, pool: None) -> None:
    everyone = set(case_nos(drawn(yuesong, 100, "s")))
    assert everyone == {case(p) for p in ACTIVE if p not in RECENTLY_TESTED}
    assert len(everyone) == 20
    # Tested 7 days ago, refused yesterday, not come to yesterday: still drawn.
    assert {"YS-0005", "YS-0006", "YS-0007"} <= everyone


@pytest.mark.parametrize(("days", "left_out"), [("0", set()), ("7", {3, 4}), ("8", {3, 4, 5})])
def test_exclude_days(yuesong: Run, pool: None, days: str, left_out: set[int]) -> None:
    found = set(case_nos(drawn(yuesong, 100, "s", "--exclude-days", days)))
    assert found == {case(p) for p in ACTIVE if p not in left_out}


def test_a_count_beyond_the_pool_draws_every_eligible_person(yuesong: Run, pool: None) -> None:
    text = ok(yuesong("tests", "draw", "--count", "50", "--seed", "abc"))
    lines = text.splitlines()
    assert lines[0] == (
        "随机抽检 2026-11-29：从 20 名符合条件的人员中抽取 20 名"
        "（种子 abc，排除近 7 天内已检测者）。用同一种子可重现。"
    )
    assert lines[2].split() == [
        "序号",
        "案件号",
        "姓名",
        "村委会",
        "风险等级",
        "重点人员",
        "最近尿检",
        "权重",
    ]
    assert len(lines) == 3 + 20
    assert [line.split()[1] for line in lines[3:]] == expected_draw(50, "abc")


def test_only_persons_under_active_supervision(yuesong: Run, pool: None) -> None:
    found = set(case_nos(drawn(yuesong, 100, "s", "--exclude-days", "0")))
    assert found == {case(p) for p in ACTIVE}
    for person in range(22, 28):  # leave, released, pending, isolation, detained, deceased
        assert case(person) not in found
    # On 24 November: YS-0028 not yet registered, YS-0004's test not yet taken; YS-0003
    # and YS-0005 tested one and two days before.
    earlier = case_nos(drawn(yuesong, 100, "s", "--as-of", "2026-11-24"))
    assert set(earlier) == {case(p) for p in range(1, 22) if p not in (3, 5)}
    assert earlier == expected_draw(100, "s", dt.date(2026, 11, 24))


def test_a_draw_without_a_seed_prints_one_that_draws_the_same(yuesong: Run, pool: None) -> None:
    lines = ok(yuesong("tests", "draw", "--count", "4")).splitlines()
    match = re.search(r"（种子 (\d+)，", lines[0])
    assert match is not None, lines[0]
    shown = [line.split()[1] for line in lines[3:]]
    assert len(shown) == 4
    assert case_nos(drawn(yuesong, 4, match.group(1))) == shown


def test_each_draw_writes_one_audit_row(
    yuesong: Run, pool: None, audit: Callable[[], list[dict[str, Any]]]
) -> None:
    first = case_nos(drawn(yuesong, 3, "abc"))
    [row] = audit()
    assert (row["action"], row["table_name"], row["record_id"]) == ("draw", "persons", None)
    assert json.loads(row["fields"]) == ["key_person", "last_test", "risk_level"]
    assert row["note"] == f"as_of=2026-11-29 count=3 seed=abc drawn={','.join(first)}"
    ok(yuesong("tests", "draw", "--count", "50", "--seed", "abc", "--as-of", "2026-11-24"))
    rows = audit()
    assert [r["action"] for r in rows] == ["draw", "draw"]
    note = rows[1]["note"]
    assert note.startswith("as_of=2026-11-24 count=50 seed=abc drawn=")
    assert note.split("drawn=")[1].split(",") == expected_draw(50, "abc", dt.date(2026, 11, 24))
    # No name, ID number or other value of a person in the log.
    assert "艾" not in json.dumps(rows, ensure_ascii=False)


@pytest.mark.parametrize("count", ["0", "-2"])
def test_a_count_below_one_is_refused(yuesong: Run, pool: None, db_path: Path, count: str) -> None:
    unchanged = fingerprint(db_path)
    assert fails(yuesong("tests", "draw", "--count", count, "--seed", "s")) == t("error.draw.count")
    assert fingerprint(db_path) == unchanged


def test_count_is_required_and_exclude_days_not_negative(
    yuesong: Run, pool: None, db_path: Path
) -> None:
    unchanged = fingerprint(db_path)
    for args in (["--seed", "s"], ["--count", "3", "--exclude-days", "-1"]):
        result = yuesong("tests", "draw", *args)
        assert (result.exit_code, result.stdout) == (2, "")
        assert "Traceback" not in result.stderr
    assert fingerprint(db_path) == unchanged


def test_an_empty_ledger_draws_nobody(yuesong: Run, audit: Callable[[], list[Any]]) -> None:
    assert drawn(yuesong, 3, "s") == []
    [row] = audit()
    assert row["note"] == "as_of=2026-11-29 count=3 seed=s drawn="
