"""Teams over time (issue 11): ``helper replace`` passes every team role of a helper to
another from a day with the history kept, ``helper retire`` takes a helper off the active
lists, ``team show --history`` shows every membership; the due list and ``report helper``
follow (docs/domain.md "The 五包一 team"). The rules are pure (domain/teams.py) and tested
here without the command line too. The clock is 2026-11-29."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, build_ledger, copy_ledger, fails, fingerprint, id_number, ok

from yuesong_cli.domain.teams import (
    Held,
    Membership,
    check_contact_helper,
    check_retirement,
    credited_helpers,
    plan_replacement,
)
from yuesong_cli.errors import Conflict, InvalidInput
from yuesong_cli.messages import t

Run = Callable[..., InvokeResult]

D = dt.date
TODAY = D(2026, 11, 29)


def as_json(result: InvokeResult) -> Any:
    return json.loads(ok(result))


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def build_teams(run: Run) -> None:
    """Three persons registered on 2026-09-01 (YS-0001 艾那, YS-0002 叶嘎, YS-0003 娜莫);
    H1 岩块 is the police of the first two and the responsible helper of the third, H2
    李专干 the officer of all three, H3 岩老 a police officer without a team yet, H4 赛保
    the responsible helper of the first two."""
    for name, sequence in (("艾那", 123), ("叶嘎", 124), ("娜莫", 126)):
        ok(
            run(
                "person", "add", "--name", name, "--id-number", id_number(sequence),
                "--since", "2026-09-01", "--village", "岳宋村",
            )
        )  # fmt: skip
    ok(run("helper", "add", "岩块", "--role", "police"))
    ok(run("helper", "add", "李专干", "--role", "officer"))
    ok(run("helper", "add", "岩老", "--role", "police"))
    ok(run("helper", "add", "赛保", "--role", "responsible"))
    for person, helper, role in (
        ("1", "1", "police"),
        ("2", "1", "police"),
        ("3", "1", "responsible"),
        ("1", "2", "officer"),
        ("2", "2", "officer"),
        ("3", "2", "officer"),
        ("1", "4", "responsible"),
        ("2", "4", "responsible"),
    ):
        ok(run("team", "assign", person, helper, "--role", role, "--on", "2026-09-01"))


@pytest.fixture(scope="module")
def teams_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("teams") / "teams.db"
    return build_ledger(path, build_teams)


@pytest.fixture
def teams(teams_template: Path, db_path: Path) -> None:
    copy_ledger(teams_template, db_path)


def memberships(db: Path) -> list[tuple[Any, ...]]:
    return query(
        db,
        "SELECT p.case_no, t.role, t.helper_id, t.since, t.until FROM team_members t"
        " JOIN persons p ON p.id = t.person_id ORDER BY p.case_no, t.role, t.since",
    )


def due_cases(yuesong: Run, helper: str, as_of: str = "2026-11-29") -> set[str]:
    rows = as_json(yuesong("due", "--helper", helper, "--as-of", as_of, "--all", "-f", "json"))
    return {row["case_no"] for row in rows}


def helper_report(yuesong: Run, period: str) -> dict[int, int]:
    report = as_json(
        yuesong("report", "helper", "--period", period, "--as-of", "2026-11-29", "-f", "json")
    )
    return {row["helper_id"]: row["persons"] for row in report["groups"]}


# --- helper replace ---------------------------------------------------------------------


def test_replace_moves_every_role_of_the_helper_and_keeps_the_history(
    yuesong: Run, db_path: Path, teams: None
) -> None:
    result = yuesong("helper", "replace", "岩块", "--by", "岩老", "--from", "2026-11-01")
    assert ok(result) == (
        "自 2026-11-01 起，帮教人员 H1 的帮教小组角色由 H3 接任：共 3 个角色，涉及 3 名人员。\n"
    )
    moved = [m for m in memberships(db_path) if m[2] in (1, 3)]
    assert moved == [
        ("YS-0001", "police", 1, "2026-09-01", "2026-10-31"),
        ("YS-0001", "police", 3, "2026-11-01", None),
        ("YS-0002", "police", 1, "2026-09-01", "2026-10-31"),
        ("YS-0002", "police", 3, "2026-11-01", None),
        ("YS-0003", "responsible", 1, "2026-09-01", "2026-10-31"),
        ("YS-0003", "responsible", 3, "2026-11-01", None),
    ]
    # The others' places are untouched.
    assert [m for m in memberships(db_path) if m[2] in (2, 4)] == [
        ("YS-0001", "officer", 2, "2026-09-01", None),
        ("YS-0001", "responsible", 4, "2026-09-01", None),
        ("YS-0002", "officer", 2, "2026-09-01", None),
        ("YS-0002", "responsible", 4, "2026-09-01", None),
        ("YS-0003", "officer", 2, "2026-09-01", None),
    ]
    counts = {r["id"]: r["persons"] for r in as_json(yuesong("helper", "list", "-f", "json"))}
    assert (counts[1], counts[3]) == (0, 3)


def test_the_due_list_follows_the_new_helper(yuesong: Run, teams: None) -> None:
    assert due_cases(yuesong, "1") == {"YS-0001", "YS-0002", "YS-0003"}
    assert due_cases(yuesong, "3") == set()
    ok(yuesong("helper", "replace", "1", "--by", "3", "--from", "2026-11-01"))
    for day in ("2026-11-01", "2026-11-15", "2026-11-29"):
        assert due_cases(yuesong, "H3", day) == {"YS-0001", "YS-0002", "YS-0003"}
        assert due_cases(yuesong, "H1", day) == set()
    # The responsible helper the due list shows is the new one.
    rows = as_json(yuesong("due", "--all", "-f", "json"))
    assert {r["helper"] for r in rows if r["case_no"] == "YS-0003"} == {"岩老"}


def test_report_helper_credits_each_helper_with_the_periods_they_served(
    yuesong: Run, teams: None
) -> None:
    before = helper_report(yuesong, "2026-10")
    assert before == {1: 3, 2: 3, 4: 2}
    ok(yuesong("helper", "replace", "1", "--by", "3", "--from", "2026-11-01"))
    # October was H1's: a replacement later does not take it away.
    assert helper_report(yuesong, "2026-10") == before
    # November is H3's alone.
    assert helper_report(yuesong, "2026-11") == {2: 3, 3: 3, 4: 2}


def test_a_replacement_within_a_period_credits_both(yuesong: Run, teams: None) -> None:
    ok(yuesong("helper", "replace", "1", "--by", "3", "--from", "2026-10-16"))
    assert helper_report(yuesong, "2026-10") == {1: 3, 2: 3, 3: 3, 4: 2}


def test_a_membership_ending_later_passes_on_with_its_end(
    yuesong: Run, db_path: Path, teams: None
) -> None:
    ok(yuesong("helper", "add", "岩门", "--role", "police"))  # H5
    ok(yuesong("team", "assign", "1", "5", "--role", "police", "--on", "2026-11-15"))
    result = yuesong("helper", "replace", "1", "--by", "3", "--from", "2026-11-01")
    assert "共 3 个角色" in ok(result)
    police = [m for m in memberships(db_path) if m[:2] == ("YS-0001", "police")]
    assert police == [
        ("YS-0001", "police", 1, "2026-09-01", "2026-10-31"),
        ("YS-0001", "police", 3, "2026-11-01", "2026-11-14"),
        ("YS-0001", "police", 5, "2026-11-15", None),
    ]


def test_replaced_on_the_day_the_membership_began_is_a_correction(
    yuesong: Run, db_path: Path, teams: None
) -> None:
    ok(yuesong("helper", "replace", "1", "--by", "3", "--from", "2026-09-01"))
    assert [m for m in memberships(db_path) if m[2] in (1, 3)] == [
        ("YS-0001", "police", 3, "2026-09-01", None),
        ("YS-0002", "police", 3, "2026-09-01", None),
        ("YS-0003", "responsible", 3, "2026-09-01", None),
    ]


def test_replace_writes_audit_rows_in_one_go(yuesong: Run, db_path: Path, teams: None) -> None:
    [(head,)] = query(db_path, "SELECT max(id) FROM audit")
    ok(yuesong("helper", "replace", "1", "--by", "3", "--from", "2026-11-01", "--reason", "调岗"))
    rows = query(
        db_path,
        f"SELECT action, table_name, record_id, fields, note FROM audit WHERE id > {head}"
        " ORDER BY id",
    )
    assert [r[:2] for r in rows] == [("update", "team_members"), ("insert", "team_members")] * 3 + [
        ("replace", "helpers")
    ]
    assert rows[0][3] == '["until"]'
    assert rows[1][3] == '["helper_id", "person_id", "role", "since"]'
    assert rows[-1][2:] == (
        1,
        '["team_members"]',
        "H1 -> H3 from 2026-11-01 roles=3 persons=3; reason: 调岗",
    )
    text = json.dumps(rows, ensure_ascii=False)
    assert "岩块" not in text and "岩老" not in text and "艾那" not in text
    ok(yuesong("db", "verify"))


def test_replace_with_nothing_to_move_says_so_and_writes_nothing(
    yuesong: Run, db_path: Path, teams: None
) -> None:
    before = fingerprint(db_path)
    result = yuesong("helper", "replace", "3", "--by", "1", "--from", "2026-11-01")
    assert ok(result) == "帮教人员 H3 自 2026-11-01 起没有担任任何帮教小组角色，无需更换。\n"
    ok(yuesong("helper", "replace", "1", "--by", "3", "--from", "2026-11-01"))
    again = yuesong("--lang", "en", "helper", "replace", "1", "--by", "3", "--from", "2026-11-01")
    assert ok(again) == "Helper H1 holds no team role from 2026-11-01 on; nothing to replace.\n"
    assert fingerprint(db_path) != before  # the one real replacement in between


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("1", "--by", "岩块", "--from", "2026-11-01"),
            "原帮教人员与接任人员是同一人，请核对编号。",
        ),
        (
            ("1", "--by", "3", "--from", "2026-08-31"),
            "YS-0001 的帮教小组中，该帮教人员自 2026-09-01 起任职，更换日期不能早于此日。",
        ),
        (("1", "--by", "3", "--from", "2026-12-01"), "日期不能晚于今天，请核对后重新输入。"),
        (
            ("1", "--by", "99", "--from", "2026-11-01"),
            "找不到该帮教人员；请用 yuesong helper list 查看编号。",
        ),
        (("1", "--by", "3", "--from", "11-31"), t("error.date.nonexistent", text="11-31")),
    ],
)
def test_replace_refusals_change_nothing(
    yuesong: Run, db_path: Path, teams: None, args: tuple[str, ...], line: str
) -> None:
    before = fingerprint(db_path)
    assert fails(yuesong("helper", "replace", *args)) == line
    assert fingerprint(db_path) == before


def test_replace_refuses_a_retired_successor(yuesong: Run, db_path: Path, teams: None) -> None:
    ok(yuesong("helper", "retire", "3", "--on", "2026-11-20"))
    before = fingerprint(db_path)
    result = yuesong("helper", "replace", "1", "--by", "3", "--from", "2026-11-25")
    assert fails(result) == "帮教人员 H3 已于 2026-11-20 退出，不能再担任帮教小组角色。"
    result = yuesong("--lang", "en", "helper", "replace", "1", "--by", "3", "--from", "2026-11-25")
    assert fails(result) == "Helper H3 retired on 2026-11-20 and cannot take a team role."
    assert fingerprint(db_path) == before


def test_replace_in_english(yuesong: Run, teams: None) -> None:
    result = yuesong("--lang", "en", "helper", "replace", "1", "--by", "3", "--from", "2026-11-01")
    assert ok(result) == (
        "From 2026-11-01, helper H3 holds the team roles of H1 (roles moved: 3, persons: 3).\n"
    )


# --- helper retire ----------------------------------------------------------------------


def test_retire_is_refused_while_the_helper_holds_roles(
    yuesong: Run, db_path: Path, teams: None
) -> None:
    before = fingerprint(db_path)
    assert fails(yuesong("helper", "retire", "1", "--on", "2026-11-01")) == (
        "帮教人员 H1 仍担任帮教小组角色（3 个，涉及 3 名人员）；请先运行 yuesong helper replace H1 "
        "--by 接任人员 --from 日期，或用 helper retire H1 --by 接任人员 一并移交。"
    )
    assert fails(yuesong("--lang", "en", "helper", "retire", "4")) == (
        "Helper H4 still holds team roles (roles: 2, persons: 2); run 'yuesong helper replace "
        "H4 --by NEW --from DAY' first, or 'helper retire H4 --by NEW' to do both."
    )
    assert fingerprint(db_path) == before


def test_a_retired_helper_leaves_the_lists_but_not_the_history(
    yuesong: Run, db_path: Path, teams: None
) -> None:
    ok(yuesong("helper", "replace", "1", "--by", "3", "--from", "2026-11-01"))
    result = yuesong("helper", "retire", "1", "--on", "2026-11-01", "--reason", "退休")
    assert ok(result) == (
        "帮教人员 H1 自 2026-11-01 起退出，不再列入帮教人员名单；其帮教历史与接触记录保留。\n"
    )
    assert [r["id"] for r in as_json(yuesong("helper", "list", "-f", "json"))] == [2, 3, 4]
    every = ok(yuesong("helper", "list", "--all", "-f", "plain")).splitlines()
    assert every[0] == "帮教人员 4 名（其中已退出 1 名）"
    assert every[2].split() == ["编号", "帮教人员", "角色", "电话", "帮教对象数", "退出日期"]
    assert every[3].split() == ["1", "岩块", "社区民警", "0", "2026-11-01"]
    assert every[5].split() == ["3", "岩老", "社区民警", "3"]
    rows = as_json(yuesong("helper", "list", "--all", "-f", "json"))
    assert rows[0]["retired_on"] == "2026-11-01" and rows[1]["retired_on"] is None
    english = ok(yuesong("--lang", "en", "helper", "list", "--all", "-f", "csv")).splitlines()
    assert english[0] == "no.,helper,role,phone,persons,retired"
    # Still named in the team's history.
    history = as_json(yuesong("team", "show", "YS-0001", "--history", "-f", "json"))
    assert {"role": "police", "helper_no": "H1", "helper": "岩块", "phone": None,
            "since": "2026-09-01", "until": "2026-10-31"} in history  # fmt: skip
    [last] = query(
        db_path, "SELECT action, table_name, record_id, fields, note FROM audit ORDER BY id DESC"
        " LIMIT 1"
    )  # fmt: skip
    assert last == (
        "update",
        "helpers",
        1,
        '["retired_on"]',
        "retired from 2026-11-01; reason: 退休",
    )
    ok(yuesong("db", "verify"))


def test_a_retired_helper_cannot_be_assigned(yuesong: Run, db_path: Path, teams: None) -> None:
    ok(yuesong("helper", "retire", "3", "--on", "2026-11-20"))
    before = fingerprint(db_path)
    result = yuesong("team", "assign", "1", "岩老", "--role", "police")
    assert fails(result) == "帮教人员 H3 已于 2026-11-20 退出，不能再担任帮教小组角色。"
    assert fingerprint(db_path) == before


def test_a_retired_helper_cannot_be_named_in_a_later_contact(
    yuesong: Run, db_path: Path, teams: None
) -> None:
    ok(yuesong("helper", "retire", "3", "--on", "2026-11-20"))
    before = fingerprint(db_path)
    for day in ("2026-11-20", "2026-11-29"):
        result = yuesong("log", "1", "meet", "--by", "3", "--on", day)
        assert fails(result) == "帮教人员 H3 已于 2026-11-20 退出，不能记录其此后参与的接触。"
    result = yuesong("--lang", "en", "log", "1", "meet", "--by", "岩老")
    assert fails(result) == (
        "Helper H3 retired on 2026-11-20; a contact from that day on cannot name them."
    )
    assert fingerprint(db_path) == before
    # A contact of before the retirement, entered late, is theirs.
    assert ok(yuesong("log", "1", "meet", "--by", "3", "--on", "2026-11-19")).startswith("已记录")


def test_retire_is_refused_before_a_contact_the_helper_took_part_in(
    yuesong: Run, db_path: Path, teams: None
) -> None:
    ok(yuesong("log", "1", "meet", "--by", "3", "--on", "2026-11-10"))
    before = fingerprint(db_path)
    assert fails(yuesong("helper", "retire", "3", "--on", "2026-11-10")) == (
        "帮教人员 H3 参与了 2026-11-10 的接触，退出日期须晚于此日。"
    )
    assert fingerprint(db_path) == before
    assert ok(yuesong("helper", "retire", "3", "--on", "2026-11-11")).startswith("帮教人员 H3")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("3", "--on", "2026-12-01"), "日期不能晚于今天，请核对后重新输入。"),
        (("99",), "找不到该帮教人员；请用 yuesong helper list 查看编号。"),
        (("3", "--by", "3"), "原帮教人员与接任人员是同一人，请核对编号。"),
        (
            ("3", "--reason", "a\x07b"),
            "原因含有不可打印的字符或过长（最多 2000 字），请重新输入。",
        ),
    ],
)
def test_retire_refusals_change_nothing(
    yuesong: Run, db_path: Path, teams: None, args: tuple[str, ...], line: str
) -> None:
    before = fingerprint(db_path)
    assert fails(yuesong("helper", "retire", *args)) == line
    assert fingerprint(db_path) == before


def test_retire_twice_is_refused(yuesong: Run, db_path: Path, teams: None) -> None:
    ok(yuesong("helper", "retire", "3"))
    before = fingerprint(db_path)
    assert fails(yuesong("helper", "retire", "3")) == "帮教人员 H3 已于 2026-11-29 退出。"
    assert fails(yuesong("--lang", "en", "helper", "retire", "3")) == (
        "Helper H3 already retired on 2026-11-29."
    )
    assert fingerprint(db_path) == before


def test_retire_by_a_successor_does_both_in_one_step(
    yuesong: Run, db_path: Path, teams: None
) -> None:
    result = yuesong("helper", "retire", "1", "--by", "3", "--on", "2026-11-01")
    assert ok(result).splitlines() == [
        "自 2026-11-01 起，帮教人员 H1 的帮教小组角色由 H3 接任：共 3 个角色，涉及 3 名人员。",
        "帮教人员 H1 自 2026-11-01 起退出，不再列入帮教人员名单；其帮教历史与接触记录保留。",
    ]
    assert due_cases(yuesong, "3") == {"YS-0001", "YS-0002", "YS-0003"}
    assert query(db_path, "SELECT retired_on FROM helpers WHERE id = 1") == [("2026-11-01",)]
    english = yuesong("--lang", "en", "helper", "retire", "4", "--by", "2", "--on", "2026-11-29")
    assert ok(english).splitlines()[1] == (
        "Helper H4 retired from 2026-11-29: off the active lists; their team history and "
        "contacts are kept."
    )
    ok(yuesong("db", "verify"))


def test_retire_by_a_retired_successor_changes_nothing(
    yuesong: Run, db_path: Path, teams: None
) -> None:
    ok(yuesong("helper", "retire", "3", "--on", "2026-11-20"))
    before = fingerprint(db_path)
    assert fails(yuesong("helper", "retire", "1", "--by", "3")) == (
        "帮教人员 H3 已于 2026-11-20 退出，不能再担任帮教小组角色。"
    )
    assert fingerprint(db_path) == before


# --- team show --history ----------------------------------------------------------------


def test_team_show_history_lists_every_membership(yuesong: Run, teams: None) -> None:
    default = ok(yuesong("team", "show", "YS-0001"))
    ok(yuesong("helper", "replace", "1", "--by", "3", "--from", "2026-11-01"))
    assert ok(yuesong("team", "show", "YS-0001", "--history", "-f", "plain")) == (
        "YS-0001 的帮教小组历任成员 · 缺：网格员、监护人、亲属或禁毒志愿者\n"
        "\n"
        "角色        编号  帮教人员  电话  起始日期    截止日期\n"
        "社区民警    H1    岩块            2026-09-01  2026-10-31\n"
        "社区民警    H3    岩老            2026-11-01\n"
        "禁毒专干    H2    李专干          2026-09-01\n"
        "包保责任人  H4    赛保            2026-09-01\n"
    )
    # The default view shows the team as it is, in the same shape as before.
    now = ok(yuesong("team", "show", "YS-0001"))
    assert now.splitlines()[:2] == default.splitlines()[:2]
    assert "岩老" in now and "岩块" not in now
    english = ok(yuesong("--lang", "en", "team", "show", "1", "--history", "-f", "csv"))
    assert english.splitlines()[0] == "role,no.,helper,phone,since,until"


# --- the rules, without the command line --------------------------------------------------


def held(number: int, case_no: str, role: str, since: D, until: D | None = None) -> Held:
    return Held(number, number, case_no, Membership(1, role, since, until))


def test_plan_replacement_moves_what_lasts_into_the_day() -> None:
    rows = [
        held(1, "YS-0001", "police", D(2026, 1, 1), D(2026, 5, 31)),  # ended before
        held(2, "YS-0002", "police", D(2026, 1, 1)),
        held(3, "YS-0003", "guardian", D(2026, 1, 1), D(2026, 6, 30)),  # ends after
        held(4, "YS-0004", "officer", D(2026, 6, 1)),  # began that day
    ]
    plan = plan_replacement(1, 2, None, rows, D(2026, 6, 1), TODAY)
    assert [(m.held.id, m.in_place) for m in plan.moves] == [(2, False), (3, False), (4, True)]
    assert (plan.roles, plan.persons) == (3, 3)
    assert plan_replacement(1, 2, None, rows[:1], D(2026, 6, 1), TODAY).moves == ()


def test_plan_replacement_refusals_in_their_order() -> None:
    rows = [
        held(1, "YS-0009", "police", D(2026, 7, 1)),
        held(2, "YS-0002", "police", D(2026, 8, 1)),
    ]
    with pytest.raises(InvalidInput) as same:
        plan_replacement(1, 1, D(2026, 1, 1), rows, D(2026, 12, 1), TODAY)
    assert same.value.key == "error.helper.replace_same"
    with pytest.raises(Conflict) as retired:
        plan_replacement(1, 2, D(2026, 1, 1), rows, D(2026, 12, 1), TODAY)
    assert retired.value.key == "error.helper.retired"
    with pytest.raises(InvalidInput) as future:
        plan_replacement(1, 2, None, rows, D(2026, 12, 1), TODAY)
    assert future.value.key == "error.date.future"
    with pytest.raises(Conflict) as early:
        plan_replacement(1, 2, None, rows, D(2026, 6, 1), TODAY)
    # The first by case number is named.
    assert early.value.params == {"case_no": "YS-0002", "since": "2026-08-01"}


def test_check_retirement() -> None:
    rows = [held(1, "YS-0001", "police", D(2026, 1, 1), D(2026, 10, 31))]
    check_retirement(1, None, rows, D(2026, 10, 31), D(2026, 11, 1), TODAY)
    with pytest.raises(Conflict) as holding:
        check_retirement(1, None, rows, None, D(2026, 10, 31), TODAY)
    assert holding.value.params == {"helper": "H1", "roles": 1, "persons": 1}
    with pytest.raises(Conflict) as contact:
        check_retirement(1, None, rows, D(2026, 11, 1), D(2026, 11, 1), TODAY)
    assert contact.value.key == "error.helper.retire_before_contact"
    with pytest.raises(Conflict) as again:
        check_retirement(1, D(2026, 11, 1), [], None, D(2026, 11, 2), TODAY)
    assert again.value.key == "error.helper.already_retired"


def test_check_contact_helper() -> None:
    check_contact_helper(1, None, TODAY)
    check_contact_helper(1, D(2026, 11, 20), D(2026, 11, 19))
    with pytest.raises(Conflict):
        check_contact_helper(1, D(2026, 11, 20), D(2026, 11, 20))


def test_credited_helpers_over_a_period() -> None:
    october = (D(2026, 10, 1), D(2026, 10, 31))
    police = [
        Membership(1, "police", D(2026, 1, 1), D(2026, 10, 15)),
        Membership(3, "police", D(2026, 10, 16)),
    ]
    assert credited_helpers(police, *october) == [1, 3]
    assert credited_helpers(police, D(2026, 11, 1), D(2026, 11, 30)) == [3]
    assert credited_helpers(police, D(2026, 9, 1), D(2026, 9, 30)) == [1]
    # A team recorded after the fact: its first member stands for the time before.
    late = [Membership(5, "guardian", D(2026, 11, 29)), Membership(6, "guardian", D(2027, 1, 1))]
    assert credited_helpers(late, *october) == [5]
    # A team ended with the supervision credits no one after it.
    ended = [Membership(7, "officer", D(2026, 1, 1), D(2026, 8, 31))]
    assert credited_helpers(ended, *october) == []
    # One helper in two roles is credited once.
    both = [Membership(8, "police", D(2026, 1, 1)), Membership(8, "responsible", D(2026, 1, 1))]
    assert credited_helpers(both, *october) == [8]


def test_retire_help_says_today_in_the_officers_words(yuesong: Run) -> None:
    shown = ok(yuesong("helper", "retire", "-h"))
    assert "不再参与帮教的第一天（默认今天）。" in shown and "today" not in shown



def test_report_helper_names_each_helper_by_number_too(yuesong: Run, teams: None) -> None:
    """Two helpers may share a name: the report tells them apart by number."""
    ok(yuesong("helper", "add", "岩块", "--role", "police"))
    table = ok(yuesong("report", "helper", "--period", "2026-11", "-f", "csv")).splitlines()
    assert table[0].startswith("编号,名称,角色,")
    assert [line.split(",")[:2] for line in table[1:]][:2] == [["H1", "岩块"], ["H2", "李专干"]]


def test_team_assign_refuses_a_day_to_come_and_one_before_registration(
    yuesong: Run, db_path: Path
) -> None:
    """As helper replace does: the team read as current must not change ahead of time,
    and nobody helps a person before the ledger holds them."""
    run = yuesong
    person = ("--name", "艾那", "--id-number", id_number(123), "--since", "2026-11-02")
    ok(run("person", "add", *person))
    ok(run("helper", "add", "岩块", "--role", "police"))
    before = fingerprint(db_path)
    ahead = fails(run("team", "assign", "YS-0001", "H1", "--role", "police", "--on", "2027-01-01"))
    assert ahead == "日期不能晚于今天，请核对后重新输入。"
    early = fails(run("team", "assign", "YS-0001", "H1", "--role", "police", "--on", "2020-01-01"))
    assert "2026-11-02" in early
    assert fingerprint(db_path) == before
    ok(run("team", "assign", "YS-0001", "H1", "--role", "police", "--on", "2026-11-02"))
