"""``yuesong person``: add, list, show, edit, find, status, and naming a person (REF).

Read against docs/commands.md, docs/security.md §2–3 and docs/domain.md; the clock is 2026-11-29.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, fails, fingerprint, id_number, ok

from yuesong_cli.cli import person as person_cli
from yuesong_cli.messages import t

Run = Callable[..., InvokeResult]

# Twelve fictional Wa names, distinct, but 叶嘎 and 依高 share the initials "yg".
NAMES = (
    "艾那",
    "叶嘎",
    "尼茸",
    "桑门",
    "赛惹",
    "俄块",
    "楼道",
    "依高",
    "安保",
    "娜老",
    "艾社",
    "叶冒",
)
AINA_ID = id_number(123, dt.date(1990, 1, 1))  # 53082919900101123X, male
YEGA_ID = id_number(124, dt.date(1985, 6, 15))  # even sequence: female


def add(yuesong: Run, name: str, number: str, *options: str) -> str:
    return ok(yuesong("person", "add", "--name", name, "--id-number", number, *options)).strip()


def add_two(yuesong: Run) -> None:
    add(
        yuesong,
        "艾那",
        AINA_ID,
        "--phone",
        "13812345678",
        "--village",
        "岳宋村",
        "--since",
        "2026-01-10",
    )
    add(
        yuesong,
        "叶嘎",
        YEGA_ID,
        "--village",
        "班箐村",
        "--since",
        "2026-03-01",
        "--status",
        "社区康复",
    )


def add_twelve(yuesong: Run) -> None:
    for index, name in enumerate(NAMES):
        add(
            yuesong,
            name,
            id_number(101 + 2 * index, dt.date(1980 + index, 1, 1)),
            "--since",
            "2026-01-10",
        )


def as_json(result: InvokeResult) -> Any:
    return json.loads(ok(result))


def audit_rows(db: Path) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute("SELECT * FROM audit ORDER BY id")]
    finally:
        conn.close()


# --- person add -------------------------------------------------------------------------


def test_add_prints_consecutive_case_numbers(yuesong: Run) -> None:
    assert yuesong("person", "add", "--name", "艾那", "--id-number", AINA_ID).stdout == "YS-0001\n"
    result = yuesong("person", "add", "--name", "叶嘎", "--id-number", YEGA_ID)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "YS-0002\n", "")


def test_add_derives_gender_and_birth_date_from_the_id_number(yuesong: Run) -> None:
    add_two(yuesong)
    reveal = ("--reveal", "--reason", "核对", "--format", "json")
    first = as_json(yuesong("person", "show", "YS-0001", *reveal))
    second = as_json(yuesong("person", "show", "YS-0002", *reveal))
    assert (first["gender"], first["birth_date"]) == ("male", "1990-01-01")
    assert (second["gender"], second["birth_date"]) == ("female", "1985-06-15")
    # Masked, only the year: month and day would give the ID number's hidden digits back.
    masked = as_json(yuesong("person", "show", "YS-0002", "--format", "json"))
    assert masked["birth_date"] == "1985-**-**"


def test_add_uses_today_for_the_status_and_registration_by_default(yuesong: Run) -> None:
    add(yuesong, "艾那", AINA_ID)
    shown = as_json(yuesong("person", "show", "1", "--format", "json"))
    assert shown["status"] == "community_treatment"
    assert shown["registered_on"] == "2026-11-29"
    assert shown["status_history"] == [
        {
            "id": 1,
            "since": "2026-11-29",
            "until": None,
            "status": "community_treatment",
            "doc_no": None,
            "reason": None,
        }
    ]


def test_add_normalises_a_full_width_or_spaced_id_number(yuesong: Run, db_path: Path) -> None:
    add(yuesong, "艾那", "５３０８２９ 1990 0101 123ｘ")
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT id_number FROM persons").fetchone() == (AINA_ID,)
    finally:
        conn.close()


def test_duplicate_id_number_is_refused_and_nothing_changes(yuesong: Run, db_path: Path) -> None:
    add(yuesong, "艾那", AINA_ID)
    before = fingerprint(db_path)
    line = fails(yuesong("person", "add", "--name", "叶嘎", "--id-number", AINA_ID.lower()))
    assert line == t("error.person.duplicate_id")
    assert fingerprint(db_path) == before


def test_add_prompts_on_a_terminal_for_what_is_missing(
    yuesong: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # docs/security.md §8: the ID number can be typed at a prompt instead of on the command line.
    terminal = types.SimpleNamespace(stdin=types.SimpleNamespace(isatty=lambda: True))
    monkeypatch.setattr(person_cli, "sys", terminal)
    result = yuesong("person", "add", input=f"艾那\n{AINA_ID}\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip().endswith("YS-0001")


def test_add_without_a_terminal_is_wrong_usage(yuesong: Run, db_path: Path) -> None:
    before = fingerprint(db_path)
    for args in (("--name", "艾那"), ("--id-number", AINA_ID)):
        result = yuesong("person", "add", *args)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr.count("\n") == 1 and AINA_ID not in result.stderr
    assert fingerprint(db_path) == before


def test_add_without_a_terminal_names_the_missing_option(yuesong: Run) -> None:
    assert "--id-number" in yuesong("person", "add", "--name", "艾那").stderr
    assert "--name" in yuesong("person", "add", "--id-number", AINA_ID).stderr


# --- person list ------------------------------------------------------------------------


def test_list_plain_is_masked_and_aligned(yuesong: Run) -> None:
    add_two(yuesong)
    assert ok(yuesong("person", "list")) == (
        "岳宋乡 帮教对象名册（2026-11-29）\n"
        "共 2 人\n"
        "\n"
        "案件号   姓名  性别  出生日期    身份证号            村委会  村民小组  网格  状态"
        "      起始日期    电话\n"
        "YS-0001  艾*   男    1990-**-**  5308**********123X  岳宋村                  社区戒毒"
        "  2026-01-10  138****5678\n"
        "YS-0002  叶*   女    1985-**-**  5308**********1241  班箐村                  社区康复"
        "  2026-03-01\n"
    )


def test_list_json_keeps_keys_and_masks(yuesong: Run) -> None:
    add_two(yuesong)
    rows = as_json(yuesong("person", "list", "--format", "json"))
    assert rows == [
        {
            "case_no": "YS-0001",
            "name": "艾*",
            "gender": "male",
            "birth_date": "1990-**-**",
            "id_number": "5308**********123X",
            "passport_no": None,
            "nationality": None,
            "village": "岳宋村",
            "village_group": None,
            "grid": None,
            "status": "community_treatment",
            "status_since": "2026-01-10",
            "phone": "138****5678",
        },
        {
            "case_no": "YS-0002",
            "name": "叶*",
            "gender": "female",
            "birth_date": "1985-**-**",
            "id_number": "5308**********1241",
            "passport_no": None,
            "nationality": None,
            "village": "班箐村",
            "village_group": None,
            "grid": None,
            "status": "community_rehab",
            "status_since": "2026-03-01",
            "phone": None,
        },
    ]


def test_list_csv_has_labels_and_masks(yuesong: Run) -> None:
    add_two(yuesong)
    assert ok(yuesong("person", "list", "--format", "csv")).splitlines() == [
        "案件号,姓名,性别,出生日期,身份证号,村委会,村民小组,网格,状态,起始日期,电话",
        "YS-0001,艾*,男,1990-**-**,5308**********123X,岳宋村,,,社区戒毒,2026-01-10,138****5678",
        "YS-0002,叶*,女,1985-**-**,5308**********1241,班箐村,,,社区康复,2026-03-01,",
    ]


def test_list_in_english(yuesong: Run) -> None:
    add_two(yuesong)
    lines = ok(yuesong("--lang", "en", "person", "list", "--format", "plain")).splitlines()
    assert lines[0] == "岳宋乡 register (2026-11-29)"
    assert lines[1] == "2 persons"
    assert lines[3].split("  ")[0] == "case no"
    assert "ID number" in lines[3] and "status" in lines[3] and "phone" in lines[3]
    assert "community treatment" in lines[4] and "male" in lines[4]
    assert "community rehabilitation" in lines[5] and "female" in lines[5]
    header = ok(yuesong("--lang", "en", "person", "list", "--format", "csv")).splitlines()[0]
    assert header == "case no,name,gender,born,ID number,village,group,grid,status,since,phone"


def test_list_with_names_unmasked_when_the_setting_says_so(yuesong: Run) -> None:
    add_two(yuesong)
    ok(yuesong("settings", "set", "mask_names", "off"))
    rows = as_json(yuesong("person", "list", "--format", "json"))
    assert [r["name"] for r in rows] == ["艾那", "叶嘎"]
    assert rows[0]["id_number"] == "5308**********123X"
    assert rows[0]["phone"] == "138****5678"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--village", "岳宋村"), ["YS-0001"]),
        (("--village", "班箐村"), ["YS-0002"]),
        (("--village", "无此村"), []),
        (("--status", "community_rehab"), ["YS-0002"]),
        (("--status", "社区戒毒"), ["YS-0001"]),
        (("--status", "rehab"), ["YS-0002"]),
        (("--status", "lost_contact"), []),
        (("--plan", "five_to_one"), ["YS-0001", "YS-0002"]),
        (("--village", "岳宋村", "--status", "社区康复"), []),
    ],
)
def test_list_filters(yuesong: Run, options: tuple[str, ...], expected: list[str]) -> None:
    add_two(yuesong)
    rows = as_json(yuesong("person", "list", *options, "--format", "json"))
    assert [r["case_no"] for r in rows] == expected


def test_list_filters_by_plan(yuesong: Run, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "INSERT INTO plans (key, name_zh, name_en) VALUES ('away', '外出务工', 'working away')"
        )
    conn.close()
    add_two(yuesong)
    add(yuesong, "尼茸", id_number(125), "--plan", "away")
    rows = as_json(yuesong("person", "list", "--plan", "away", "--format", "json"))
    assert [r["case_no"] for r in rows] == ["YS-0003"]
    rows = as_json(yuesong("person", "list", "--plan", "five_to_one", "--format", "json"))
    assert [r["case_no"] for r in rows] == ["YS-0001", "YS-0002"]


def test_empty_list(yuesong: Run) -> None:
    assert ok(yuesong("person", "list")) == "岳宋乡 帮教对象名册（2026-11-29）\n共 0 人\n\n（无）\n"
    assert as_json(yuesong("person", "list", "--format", "json")) == []


def test_output_that_is_not_a_terminal_is_plain(yuesong: Run) -> None:
    # docs/commands.md: no colour and no box drawing when the output is not a terminal.
    add_two(yuesong)
    ok(yuesong("helper", "add", "岩块", "--role", "police"))
    ok(yuesong("team", "assign", "1", "1", "--role", "police"))
    for args in (
        ("person", "list"),
        ("person", "find", "an"),
        ("person", "show", "1"),
        ("team", "show", "1"),
        ("helper", "list"),
    ):
        out = ok(yuesong(*args))
        assert "\x1b" not in out
        assert not set(out) & set("━─│┃╭╮╰╯┏┓┗┛"), args


# --- person show -------------------------------------------------------------------------


def test_show_has_details_and_the_three_sections(yuesong: Run) -> None:
    add_two(yuesong)
    ok(yuesong("helper", "add", "岩块", "--role", "police", "--phone", "13987654321"))
    ok(yuesong("team", "assign", "1", "1", "--role", "police"))
    ok(yuesong("log", "1", "meet", "talk", "--by", "1", "--on", "2026-11-20", "--place", "家中"))
    out = ok(yuesong("person", "show", "YS-0001"))
    lines = out.splitlines()
    assert lines[0] == "人员档案 YS-0001"
    fields = {line.split()[0]: line.split()[1] for line in lines[2:14] if line.strip()}
    assert fields["案件号"] == "YS-0001"
    assert fields["姓名"] == "艾*"
    assert fields["身份证号"] == "5308**********123X"
    assert fields["电话"] == "138****5678"
    assert fields["性别"] == "男"
    assert fields["出生日期"] == "1990-**-**"
    assert fields["状态"] == "社区戒毒"
    for title in ("状态记录", "五包一帮教小组", "最近接触记录"):
        assert title in lines
    assert lines.index("状态记录") < lines.index("五包一帮教小组") < lines.index("最近接触记录")
    assert any(
        line.startswith("社区民警") and "岩块" in line and "139****4321" in line for line in lines
    )
    assert any(
        line.startswith("2026-11-20") and "见面、谈话" in line and "家中" in line for line in lines
    )
    assert "艾那" not in out and AINA_ID not in out and "13812345678" not in out


def test_show_json_shape(yuesong: Run) -> None:
    add_two(yuesong)
    ok(yuesong("helper", "add", "岩块", "--role", "police"))
    ok(yuesong("team", "assign", "1", "1", "--role", "police", "--on", "2026-11-01"))
    ok(yuesong("log", "1", "urine", "--result", "negative", "--by", "1", "--on", "11-20"))
    shown = as_json(yuesong("person", "show", "1", "--format", "json"))
    assert list(shown) == [
        "case_no",
        "name",
        "alias",
        "gender",
        "birth_date",
        "id_number",
        "id_number_15",
        "passport_no",
        "nationality",
        "ethnicity",
        "phone",
        "household_address",
        "current_address",
        "village",
        "village_group",
        "grid",
        "zone",
        "status",
        "drugs",
        "method",
        "first_use_date",
        "decision_doc",
        "decision_date",
        "term_start",
        "term_end",
        "risk_level",
        "key_person",
        "poor_household",
        "dibao",
        "employment",
        "plan",
        "registered_on",
        "notes",
        "timeline",
        "status_history",
        "team",
        "contacts",
    ]
    assert shown["timeline"] == [
        {
            "current": True,
            "since": shown["status_history"][0]["since"],
            "until": None,
            "days": shown["timeline"][0]["days"],
            "status": shown["status_history"][0]["status"],
            "doc_no": None,
        }
    ]
    assert shown["case_no"] == "YS-0001"
    assert shown["name"] == "艾*"
    assert shown["id_number"] == "5308**********123X"
    assert shown["phone"] == "138****5678"
    assert shown["team"] == [
        {"role": "police", "helper": "岩块", "phone": None, "since": "2026-11-01"}
    ]
    assert shown["contacts"] == [
        {
            "happened_on": "2026-11-20",
            "kinds": "urine",
            "mode": "in_person",
            "urine_result": "negative",
            "helpers": "岩块",
            "place": None,
            "note": None,
            "photos": 0,
        }
    ]


def test_reveal_without_reason_is_wrong_usage(yuesong: Run, db_path: Path) -> None:
    add_two(yuesong)
    before = len(audit_rows(db_path))
    for args in (("--reveal",), ("--reveal", "--reason", "   ")):
        line = fails(yuesong("person", "show", "YS-0001", *args), code=2)
        assert line == t("usage.reveal_reason")
    assert len(audit_rows(db_path)) == before


def test_reveal_with_reason_shows_full_values_and_is_audited(yuesong: Run, db_path: Path) -> None:
    add_two(yuesong)
    before = audit_rows(db_path)
    shown = as_json(
        yuesong(
            "person",
            "show",
            "YS-0001",
            "--reveal",
            "--reason",
            "派出所核对身份",
            "--format",
            "json",
        )
    )
    assert (shown["name"], shown["id_number"], shown["phone"]) == ("艾那", AINA_ID, "13812345678")
    plain = ok(yuesong("person", "show", "YS-0001", "--reveal", "--reason", "再次核对"))
    assert AINA_ID in plain and "13812345678" in plain and "艾那" in plain

    rows = audit_rows(db_path)
    assert len(rows) == len(before) + 2
    reveal = rows[len(before)]
    assert reveal["action"] == "reveal"
    assert (reveal["table_name"], reveal["record_id"]) == ("persons", 1)
    assert json.loads(reveal["fields"]) == ["alias", "birth_date", "id_number", "name", "phone"]
    assert reveal["note"] == "派出所核对身份"
    for value in (AINA_ID, "13812345678", "艾那"):
        assert value not in reveal["fields"]
        assert all(value not in json.dumps(row, ensure_ascii=False) for row in rows)


def test_show_in_english(yuesong: Run) -> None:
    add_two(yuesong)
    lines = ok(yuesong("--lang", "en", "person", "show", "2")).splitlines()
    assert lines[0] == "Personal file YS-0002"
    for title in ("Status history", "Helping team (five-to-one)", "Recent contacts"):
        assert title in lines
    assert any(line.startswith("status") and "community rehabilitation" in line for line in lines)


# --- person edit -------------------------------------------------------------------------


def test_edit_reports_changed_fields_and_audits_their_names_only(
    yuesong: Run, db_path: Path
) -> None:
    add_two(yuesong)
    result = yuesong(
        "person", "edit", "YS-0001", "--phone", "13900001111", "--village", "新村", "--grid", ""
    )
    assert ok(result) == "已更新 YS-0001：电话、村委会。\n"
    last = audit_rows(db_path)[-1]
    assert (last["action"], last["table_name"], last["record_id"]) == ("update", "persons", 1)
    assert json.loads(last["fields"]) == ["phone", "village"]
    assert "13900001111" not in json.dumps(last, ensure_ascii=False)
    assert "新村" not in json.dumps(last, ensure_ascii=False)
    shown = as_json(yuesong("person", "show", "1", "--format", "json"))
    assert (shown["phone"], shown["village"]) == ("139****1111", "新村")


def test_edit_with_the_same_values_changes_nothing(yuesong: Run, db_path: Path) -> None:
    add_two(yuesong)
    before = len(audit_rows(db_path))
    assert ok(yuesong("person", "edit", "1", "--village", "岳宋村")) == "YS-0001 无变化。\n"
    assert len(audit_rows(db_path)) == before


def test_edit_clears_an_optional_field_with_an_empty_value(yuesong: Run) -> None:
    add_two(yuesong)
    assert ok(yuesong("person", "edit", "1", "--phone", "")) == "已更新 YS-0001：电话。\n"
    assert as_json(yuesong("person", "show", "1", "--format", "json"))["phone"] is None


def test_edit_id_number_rederives_gender_and_birth_date(yuesong: Run, db_path: Path) -> None:
    add_two(yuesong)
    new_number = id_number(222, dt.date(1999, 9, 9))
    result = yuesong("person", "edit", "1", "--id-number", new_number)
    assert ok(result) == "已更新 YS-0001：出生日期、性别、身份证号。\n"
    shown = as_json(yuesong("person", "show", "1", "--format", "json"))
    assert (shown["gender"], shown["birth_date"]) == ("female", "1999-**-**")
    assert shown["id_number"] == "5308**********" + new_number[-4:]
    last = audit_rows(db_path)[-1]
    assert json.loads(last["fields"]) == ["birth_date", "gender", "id_number"]
    assert new_number not in json.dumps(last)


def test_edit_id_number_to_one_already_registered_is_refused(yuesong: Run, db_path: Path) -> None:
    add_two(yuesong)
    before = fingerprint(db_path)
    line = fails(yuesong("person", "edit", "2", "--id-number", AINA_ID))
    assert line == t("error.person.duplicate_id")
    assert fingerprint(db_path) == before


def test_edit_without_fields_is_wrong_usage(yuesong: Run) -> None:
    add_two(yuesong)
    assert fails(yuesong("person", "edit", "1"), code=2) == t("usage.nothing_to_change")


def test_edit_name_reports_only_the_name(yuesong: Run) -> None:
    add_two(yuesong)
    assert ok(yuesong("person", "edit", "2", "--name", "依高")) == "已更新 YS-0002：姓名。\n"


def test_edit_name_updates_how_the_person_is_found(yuesong: Run, db_path: Path) -> None:
    add_two(yuesong)
    assert yuesong("person", "edit", "2", "--name", "依高").exit_code == 0
    rows = as_json(yuesong("person", "find", "yigao", "--format", "json"))
    assert [r["case_no"] for r in rows] == ["YS-0002"]
    assert as_json(yuesong("person", "find", "yega", "--format", "json")) == []
    last = audit_rows(db_path)[-1]
    assert "name" in json.loads(last["fields"])
    assert "依高" not in json.dumps(last, ensure_ascii=False)


def test_edit_in_english(yuesong: Run) -> None:
    add_two(yuesong)
    result = yuesong(
        "--lang", "en", "person", "edit", "1", "--phone", "13900001111", "--village", "新村"
    )
    assert ok(result) == "Updated YS-0001: phone, village.\n"


def test_a_person_keeps_one_case_number_after_the_prefix_changes(yuesong: Run) -> None:
    add_two(yuesong)
    ok(yuesong("settings", "set", "case_prefix", "AB"))
    assert add(yuesong, "尼茸", id_number(125)) == "AB-0003"
    assert as_json(yuesong("person", "show", "1", "--format", "json"))["case_no"] == "YS-0001"
    assert ok(yuesong("person", "edit", "1", "--notes", "N1")) == "已更新 YS-0001：备注。\n"


# --- person find --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("尼茸", ["YS-0003"]),
        ("茸", ["YS-0003"]),
        ("nirong", ["YS-0003"]),
        ("NiRong", ["YS-0003"]),
        ("ni rong", ["YS-0003"]),
        ("nr", ["YS-0003"]),
        ("yg", ["YS-0002", "YS-0008"]),
        ("艾", ["YS-0001", "YS-0011"]),
        ("YS-0004", ["YS-0004"]),
        ("ys-0004", ["YS-0004"]),
        ("7", ["YS-0007"]),
        ("1132", ["YS-0007"]),  # last 4 of id_number(113, 1986-01-01)
        ("117x", ["YS-0009"]),  # last 4 with a lower-case check character
        ("无此人", []),
        ("%", []),
        ("_", []),
    ],
)
def test_find(yuesong: Run, query: str, expected: list[str]) -> None:
    add_twelve(yuesong)
    rows = as_json(yuesong("person", "find", query, "--format", "json"))
    assert [r["case_no"] for r in rows] == expected
    assert all(r["id_number"].startswith("5308**********") for r in rows)


def test_find_plain_headline(yuesong: Run) -> None:
    add_twelve(yuesong)
    lines = ok(yuesong("person", "find", "yg")).splitlines()
    assert lines[0] == "找到 2 人"
    assert lines[3].startswith("YS-0002  叶*") and lines[4].startswith("YS-0008  依*")
    assert ok(yuesong("--lang", "en", "person", "find", "yg")).splitlines()[0] == "2 found"


# --- person status ---------------------------------------------------------------------------


def test_status_change_prints_what_was_recorded(yuesong: Run) -> None:
    add_two(yuesong)
    result = yuesong(
        "person",
        "status",
        "1",
        "on_leave",
        "--on",
        "2026-11-01",
        "--until",
        "2026-11-10",
        "--reason",
        "探亲",
        "--doc",
        "请假-07",
    )
    assert ok(result) == "已记录 YS-0001 的状态 #3：自 2026-11-01 起为“请假外出”。\n"
    result = yuesong("--lang", "en", "person", "status", "2", "失联", "--on", "昨天")
    assert ok(result) == "Recorded status entry #4 for YS-0002: 'lost contact' from 2026-11-28.\n"


@pytest.mark.parametrize(
    ("day", "status", "since"),
    [
        ("2026-10-31", "community_treatment", "2026-01-10"),
        ("2026-11-01", "on_leave", "2026-11-01"),
        ("2026-11-10", "on_leave", "2026-11-01"),
        ("2026-11-11", "community_treatment", "2026-01-10"),  # leave over: supervision resumes
        ("2026-11-29", "community_treatment", "2026-01-10"),
    ],
)
def test_status_in_force_by_day(yuesong: Run, day: str, status: str, since: str) -> None:
    add_two(yuesong)
    ok(yuesong("person", "status", "1", "请假外出", "--on", "2026-11-01", "--until", "2026-11-10"))
    rows = as_json(yuesong("person", "list", "--as-of", day, "--format", "json"))
    assert (rows[0]["status"], rows[0]["status_since"]) == (status, since)
    assert rows[1]["status"] == "community_rehab"


def test_status_filter_uses_the_day_asked(yuesong: Run) -> None:
    add_two(yuesong)
    ok(yuesong("person", "status", "1", "on_leave", "--on", "11-01", "--until", "11-10"))
    on_leave = ["person", "list", "--status", "on_leave", "--format", "json"]
    assert [r["case_no"] for r in as_json(yuesong(*on_leave, "--as-of", "11-05"))] == ["YS-0001"]
    assert as_json(yuesong(*on_leave)) == []


def test_later_status_replaces_the_earlier_one(yuesong: Run) -> None:
    add_two(yuesong)
    ok(yuesong("person", "status", "1", "compulsory_isolation", "--on", "2026-06-01"))
    ok(yuesong("person", "status", "1", "社区康复", "--on", "2026-10-01", "--doc", "康复-12"))
    rows = as_json(yuesong("person", "list", "--format", "json"))
    assert (rows[0]["status"], rows[0]["status_since"]) == ("community_rehab", "2026-10-01")
    rows = as_json(yuesong("person", "list", "--as-of", "2026-07-01", "--format", "json"))
    assert rows[0]["status"] == "compulsory_isolation"
    history = as_json(yuesong("person", "show", "1", "--format", "json"))["status_history"]
    assert [(h["since"], h["status"], h["doc_no"]) for h in history] == [
        ("2026-01-10", "community_treatment", None),
        ("2026-06-01", "compulsory_isolation", None),
        ("2026-10-01", "community_rehab", "康复-12"),
    ]


def test_status_audit_row(yuesong: Run, db_path: Path) -> None:
    add_two(yuesong)
    ok(
        yuesong(
            "person",
            "status",
            "1",
            "on_leave",
            "--on",
            "11-01",
            "--until",
            "11-10",
            "--reason",
            "探亲",
        )
    )
    last = audit_rows(db_path)[-1]
    assert (last["action"], last["table_name"]) == ("insert", "status_history")
    assert json.loads(last["fields"]) == ["person_id", "reason", "since", "status", "until"]
    assert "探亲" not in json.dumps(last, ensure_ascii=False)


# --- REF: naming a person on the command line -----------------------------------------------


@pytest.mark.parametrize(
    "ref", ["YS-0012", "ys-0012", "YS0012", "YS-12", "12", "0012", "叶冒", "yemao", "YeMao", "ym"]
)
def test_ref_resolves_to_one_person(yuesong: Run, ref: str) -> None:
    add_twelve(yuesong)
    shown = as_json(yuesong("person", "show", ref, "--format", "json"))
    assert shown["case_no"] == "YS-0012"


def test_ref_works_for_every_command(yuesong: Run) -> None:
    add_twelve(yuesong)
    ok(yuesong("helper", "add", "岩块", "--role", "police"))
    assert ok(yuesong("log", "nirong", "meet")).startswith("已记录接触 #1：YS-0003 ")
    assert ok(yuesong("team", "assign", "nr", "1", "--role", "police")) == (
        "已将帮教人员 1 设为 YS-0003 的社区民警。\n"
    )
    assert ok(yuesong("person", "edit", "尼茸", "--notes", "N7")) == "已更新 YS-0003：备注。\n"
    assert ok(yuesong("person", "status", "3", "detained", "--on", "-1")).startswith(
        "已记录 YS-0003 "
    )


def test_ambiguous_name_lists_masked_candidates(yuesong: Run) -> None:
    add(yuesong, "艾那", AINA_ID, "--village", "岳宋村")
    add(yuesong, "艾那", YEGA_ID, "--village", "班箐村")
    add(yuesong, "叶嘎", id_number(125))
    for ref in ("艾那", "aina", "an"):
        line = fails(yuesong("person", "show", ref))
        assert line.startswith(t("error.person.ambiguous", count=2))
        assert "YS-0001" in line and "YS-0002" in line and "YS-0003" not in line
        assert "艾*" in line
        assert "艾那" not in line
        assert AINA_ID not in line and YEGA_ID not in line
    line = fails(yuesong("--lang", "en", "log", "aina", "meet"))
    assert line.startswith(t("error.person.ambiguous", "en", count=2))
    assert "艾那" not in line


def test_ambiguous_initials(yuesong: Run) -> None:
    add_twelve(yuesong)
    line = fails(yuesong("person", "show", "yg"))
    assert line.startswith("有 2 人匹配，请改用案件号：")
    assert "YS-0002" in line and "YS-0008" in line
    assert "叶嘎" not in line and "依高" not in line


def test_exact_name_wins_over_a_shared_pinyin(yuesong: Run) -> None:
    add(yuesong, "艾那", AINA_ID)
    add(yuesong, "爱娜", YEGA_ID)  # also "aina"
    assert as_json(yuesong("person", "show", "爱娜", "--format", "json"))["case_no"] == "YS-0002"
    assert fails(yuesong("person", "show", "aina")).startswith("有 2 人匹配")


def test_unknown_refs(yuesong: Run) -> None:
    add_two(yuesong)
    assert fails(yuesong("person", "show", "YS-0009")) == t("error.person.no_case", case="YS-0009")
    assert fails(yuesong("person", "show", "9")) == t("error.person.no_case", case="9")
    assert fails(yuesong("person", "show", "AB-0001")) == t("error.person.no_case", case="AB-0001")
    assert fails(yuesong("person", "show", "桑门")) == t("error.person.not_found")
