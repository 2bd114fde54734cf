"""``yuesong helper`` and ``yuesong team``: the helping people, the 五包一 team and the
responsible helper (docs/domain.md "The 五包一 team"); the clock is 2026-11-29."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, fails, fingerprint, id_number, ok

from yuesong_cli.messages import t

Run = Callable[..., InvokeResult]


def as_json(result: InvokeResult) -> Any:
    return json.loads(ok(result))


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


@pytest.fixture
def person(yuesong: Run) -> str:
    """One registered person, YS-0001 (艾那)."""
    result = yuesong(
        "person",
        "add",
        "--name",
        "艾那",
        "--id-number",
        id_number(123, dt.date(1990, 1, 1)),
        "--since",
        "2026-01-10",
    )
    return ok(result).strip()


@pytest.fixture
def helpers(yuesong: Run) -> None:
    """Helpers 1–5: police, officer, grid worker, guardian, responsible village cadre."""
    ok(yuesong("helper", "add", "岩块", "--role", "police", "--phone", "13987654321"))
    ok(yuesong("helper", "add", "李专干", "--role", "禁毒专干"))
    ok(yuesong("helper", "add", "岩道", "--role", "grid_worker"))
    ok(yuesong("helper", "add", "叶门", "--role", "guardian"))
    ok(yuesong("helper", "add", "赛保", "--role", "包保责任人", "--phone", "13900001234"))


# --- helper -----------------------------------------------------------------------------


def test_helper_add_prints_the_number(yuesong: Run) -> None:
    assert ok(yuesong("helper", "add", "岩块", "--role", "police")) == "已添加帮教人员，编号 1。\n"
    result = yuesong("--lang", "en", "helper", "add", "李专干", "--role", "officer")
    assert ok(result) == "Added the helper, number 2.\n"


def test_helper_add_writes_an_audit_row_without_values(yuesong: Run, db_path: Path) -> None:
    ok(yuesong("helper", "add", "岩块", "--role", "police", "--phone", "13987654321"))
    [row] = query(
        db_path,
        "SELECT action, table_name, record_id, fields FROM audit WHERE table_name = 'helpers'",
    )
    assert row == ("insert", "helpers", 1, '["name", "phone", "role"]')


def test_helper_list_plain(yuesong: Run, helpers: None) -> None:
    assert ok(yuesong("helper", "list")) == (
        "帮教人员 5 名\n"
        "\n"
        "编号  帮教人员  角色        电话         帮教对象数\n"
        "   1  岩块      社区民警    139****4321           0\n"
        "   2  李专干    禁毒专干                          0\n"
        "   3  岩道      网格员                            0\n"
        "   4  叶门      监护人                            0\n"
        "   5  赛保      包保责任人  139****1234           0\n"
    )


def test_helper_list_json_masks_phones_and_counts_persons(
    yuesong: Run, person: str, helpers: None
) -> None:
    ok(yuesong("team", "assign", person, "1", "--role", "police"))
    ok(yuesong("team", "assign", person, "5", "--role", "responsible"))
    rows = as_json(yuesong("helper", "list", "--format", "json"))
    assert rows[0] == {
        "id": 1,
        "name": "岩块",
        "role": "police",
        "phone": "139****4321",
        "persons": 1,
    }
    assert [r["persons"] for r in rows] == [1, 0, 0, 0, 1]
    assert rows[4]["phone"] == "139****1234"
    assert "13987654321" not in json.dumps(rows)


def test_helper_list_in_english(yuesong: Run, helpers: None) -> None:
    lines = ok(yuesong("--lang", "en", "helper", "list", "--format", "csv")).splitlines()
    assert lines[0] == "no.,helper,role,phone,persons"
    assert lines[1] == "1,岩块,community police,139****4321,0"
    assert lines[5] == "5,赛保,responsible helper,139****1234,0"


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("helper", "add", "岩块", "--role", "boss"), "error.vocab.unknown"),
        (("helper", "add", "  ", "--role", "police"), "error.name.invalid"),
        (("helper", "add", "岩" * 41, "--role", "police"), "error.name.invalid"),
        (("helper", "add", "岩块", "--role", "police", "--phone", "12ab"), "error.phone.invalid"),
    ],
)
def test_helper_add_refuses_bad_input(
    yuesong: Run, db_path: Path, args: tuple[str, ...], key: str
) -> None:
    before = fingerprint(db_path)
    line = fails(yuesong(*args))
    if key == "error.vocab.unknown":
        assert line == (
            "不认识的角色“boss”；可选：社区民警、禁毒专干、网格员、监护人、亲属、禁毒志愿者、包保责任人。"
        )
    else:
        assert line == t(key)
    assert fingerprint(db_path) == before


def test_phone_typed_with_dashes_is_masked_in_the_usual_form(yuesong: Run, db_path: Path) -> None:
    ok(yuesong("helper", "add", "赛保", "--role", "responsible", "--phone", "139-0000 1234"))
    [row] = as_json(yuesong("helper", "list", "--format", "json"))
    assert row["phone"] == "139****1234"
    assert query(db_path, "SELECT phone FROM helpers") == [("13900001234",)]


# --- team assign / show ------------------------------------------------------------------


def test_assign_prints_what_was_done(yuesong: Run, person: str, helpers: None) -> None:
    result = yuesong("team", "assign", "YS-0001", "1", "--role", "police")
    assert ok(result) == "已将帮教人员 1 设为 YS-0001 的社区民警。\n"
    result = yuesong("team", "assign", "YS-0001", "1", "--role", "民警")
    assert ok(result) == "帮教人员 1 已是 YS-0001 的社区民警，无变化。\n"
    result = yuesong("--lang", "en", "team", "assign", "aina", "2", "--role", "officer")
    assert ok(result) == "Helper 2 is now drug-control officer of YS-0001.\n"


def test_unchanged_assignment_writes_nothing(
    yuesong: Run, db_path: Path, person: str, helpers: None
) -> None:
    ok(yuesong("team", "assign", person, "1", "--role", "police"))
    before = fingerprint(db_path)
    ok(yuesong("team", "assign", person, "1", "--role", "police"))
    assert fingerprint(db_path) == before


def test_helper_named_by_name_pinyin_or_initials(yuesong: Run, person: str, helpers: None) -> None:
    ok(yuesong("team", "assign", person, "岩块", "--role", "police"))
    ok(yuesong("team", "assign", person, "lizhuangan", "--role", "officer"))
    ok(yuesong("team", "assign", person, "H3", "--role", "grid_worker"))
    ok(yuesong("team", "assign", person, "ym", "--role", "guardian"))
    rows = as_json(yuesong("team", "show", person, "--format", "json"))
    assert [(r["role"], r["helper"]) for r in rows] == [
        ("police", "岩块"),
        ("officer", "李专干"),
        ("grid_worker", "岩道"),
        ("guardian", "叶门"),
    ]


def test_team_show_lists_the_missing_roles(yuesong: Run, person: str, helpers: None) -> None:
    ok(yuesong("team", "assign", person, "1", "--role", "police"))
    ok(yuesong("team", "assign", person, "2", "--role", "officer"))
    assert ok(yuesong("team", "show", person)) == (
        "YS-0001 的帮教小组 · 缺：网格员、监护人、亲属或禁毒志愿者、包保责任人\n"
        "\n"
        "角色      帮教人员  电话         起始日期\n"
        "社区民警  岩块      139****4321  2026-11-29\n"
        "禁毒专干  李专干                 2026-11-29\n"
    )


def test_team_show_of_an_empty_team(yuesong: Run, person: str) -> None:
    assert ok(yuesong("team", "show", person)) == (
        "YS-0001 的帮教小组 · 缺：社区民警、禁毒专干、网格员、监护人、亲属或禁毒志愿者、"
        "包保责任人\n\n（无）\n"
    )
    assert as_json(yuesong("team", "show", person, "--format", "json")) == []


def test_responsible_helper_is_shown_beside_the_team(
    yuesong: Run, person: str, helpers: None
) -> None:
    for helper, role in (
        ("1", "police"),
        ("2", "officer"),
        ("3", "grid_worker"),
        ("4", "guardian"),
        ("5", "responsible"),
    ):
        ok(yuesong("team", "assign", person, helper, "--role", role, "--on", "2026-02-01"))
    ok(yuesong("helper", "add", "依茸", "--role", "relative"))
    ok(yuesong("team", "assign", person, "6", "--role", "亲属", "--on", "2026-02-01"))
    lines = ok(yuesong("team", "show", person)).splitlines()
    assert lines[0] == "YS-0001 的帮教小组"
    assert any(
        line.startswith("包保责任人") and "赛保" in line and "139****1234" in line for line in lines
    )
    shown = as_json(yuesong("person", "show", person, "--format", "json"))
    assert [(m["role"], m["helper"]) for m in shown["team"]] == [
        ("police", "岩块"),
        ("officer", "李专干"),
        ("grid_worker", "岩道"),
        ("guardian", "叶门"),
        ("responsible", "赛保"),
        ("relative", "依茸"),
    ]


def test_one_helper_can_be_responsible_for_several_persons(
    yuesong: Run, person: str, helpers: None
) -> None:
    ok(yuesong("person", "add", "--name", "叶嘎", "--id-number", id_number(124)))
    ok(yuesong("team", "assign", "1", "5", "--role", "responsible"))
    ok(yuesong("team", "assign", "2", "5", "--role", "responsible"))
    rows = as_json(yuesong("helper", "list", "--format", "json"))
    assert rows[4]["persons"] == 2


def test_replacement_keeps_history(yuesong: Run, db_path: Path, person: str, helpers: None) -> None:
    ok(yuesong("helper", "add", "岩老", "--role", "police"))
    ok(yuesong("team", "assign", person, "1", "--role", "police", "--on", "2026-03-01"))
    result = yuesong("team", "assign", person, "岩老", "--role", "police", "--on", "2026-11-20")
    assert ok(result) == "已将帮教人员 6 设为 YS-0001 的社区民警。\n"
    assert query(db_path, "SELECT helper_id, role, since, until FROM team_members ORDER BY id") == [
        (1, "police", "2026-03-01", "2026-11-19"),
        (6, "police", "2026-11-20", None),
    ]
    rows = as_json(yuesong("team", "show", person, "--format", "json"))
    assert rows == [{"role": "police", "helper": "岩老", "phone": None, "since": "2026-11-20"}]
    counts = {r["id"]: r["persons"] for r in as_json(yuesong("helper", "list", "--format", "json"))}
    assert (counts[1], counts[6]) == (0, 1)
    audit = query(db_path, "SELECT action, table_name, fields FROM audit ORDER BY id DESC LIMIT 2")
    assert audit == [
        ("insert", "team_members", '["helper_id", "person_id", "role", "since"]'),
        ("update", "team_members", '["until"]'),
    ]


def test_replacement_before_the_current_member_started_is_refused(
    yuesong: Run, db_path: Path, person: str, helpers: None
) -> None:
    # Found by this suite: the replaced membership used to end before it began.
    ok(yuesong("team", "assign", person, "1", "--role", "police", "--on", "2026-11-01"))
    before = fingerprint(db_path)
    result = yuesong("team", "assign", person, "3", "--role", "police", "--on", "2026-10-01")
    assert fails(result) == "该角色现任人员自 2026-11-01 起任职，更换日期不能早于此日。"
    assert fingerprint(db_path) == before


def test_replacement_on_the_day_the_member_began_corrects_it(
    yuesong: Run, db_path: Path, person: str, helpers: None
) -> None:
    ok(yuesong("team", "assign", person, "1", "--role", "police"))
    ok(yuesong("team", "assign", person, "3", "--role", "police"))
    assert query(db_path, "SELECT helper_id, role, since, until FROM team_members") == [
        (3, "police", "2026-11-29", None)
    ]
    [last] = query(db_path, "SELECT action, fields FROM audit ORDER BY id DESC LIMIT 1")
    assert last == ("update", '["helper_id"]')


def test_team_without_relative_or_volunteer_is_incomplete(
    yuesong: Run, person: str, helpers: None
) -> None:
    # docs/domain.md: the fifth member is a relative or a volunteer (found by this suite).
    for helper, role in (
        ("1", "police"),
        ("2", "officer"),
        ("3", "grid_worker"),
        ("4", "guardian"),
        ("5", "responsible"),
    ):
        ok(yuesong("team", "assign", person, helper, "--role", role))
    headline = ok(yuesong("team", "show", person)).splitlines()[0]
    assert headline == "YS-0001 的帮教小组 · 缺：亲属或禁毒志愿者"
    ok(yuesong("helper", "add", "岩茸", "--role", "volunteer"))
    ok(yuesong("team", "assign", person, "6", "--role", "志愿者"))
    assert ok(yuesong("team", "show", person)).splitlines()[0] == "YS-0001 的帮教小组"


def test_team_show_in_english(yuesong: Run, person: str, helpers: None) -> None:
    ok(yuesong("team", "assign", person, "1", "--role", "police"))
    lines = ok(yuesong("--lang", "en", "team", "show", person)).splitlines()
    assert lines[0].startswith("Team of YS-0001 · missing: ")
    assert lines[2].split() == ["role", "helper", "phone", "since"]
    assert lines[3].startswith("community police")


def test_team_show_missing_roles_in_english(yuesong: Run, person: str, helpers: None) -> None:
    # Found by this suite: the English list used to be joined with the Chinese '、'.
    ok(yuesong("team", "assign", person, "1", "--role", "police"))
    headline = ok(yuesong("--lang", "en", "team", "show", person)).splitlines()[0]
    assert headline == (
        "Team of YS-0001 · missing: drug-control officer, grid worker, guardian, "
        "relative or volunteer, responsible helper"
    )


def test_assign_errors(yuesong: Run, db_path: Path, person: str, helpers: None) -> None:
    ok(yuesong("helper", "add", "岩块", "--role", "grid_worker"))  # a second 岩块: H6
    before = fingerprint(db_path)
    assert fails(yuesong("team", "assign", person, "岩块", "--role", "police")) == (
        "有多名帮教人员同名，请改用编号：H1, H6。"
    )
    assert fails(yuesong("team", "assign", person, "99", "--role", "police")) == t(
        "error.helper.not_found"
    )
    assert fails(yuesong("team", "assign", person, "张三", "--role", "police")) == t(
        "error.helper.not_found"
    )
    assert fails(yuesong("team", "assign", "YS-0099", "1", "--role", "police")) == t(
        "error.person.no_case", case="YS-0099"
    )
    line = fails(yuesong("team", "assign", person, "1", "--role", "chief"))
    assert line.startswith("不认识的角色“chief”；可选：")
    assert fails(yuesong("team", "assign", person, "1", "--role", "police", "--on", "02-30")) == (
        t("error.date.nonexistent", text="02-30")
    )
    assert fails(yuesong("team", "show", "叶嘎")) == t("error.person.not_found")
    assert fingerprint(db_path) == before
