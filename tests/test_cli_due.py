"""``yuesong due``, ``yuesong why`` and ``yuesong plan`` through the command line
(docs/model.md, docs/commands.md), on a small ledger built here; the clock is 2026-11-29 09:00 in
Yunnan and most answers are asked for Wednesday 2026-11-25 with ``--as-of``.

The worked example, as of 2026-11-25:

- YS-0001 艾那, 岳宋村 一组, community treatment from Thursday 2026-10-01, on leave
  10–13 November; responsible helper 赛保. Contacts: 10-01 meet+visit+report in person,
  10-02 urine negative, 11-03 visit+talk in person, 11-05 urine refused (in person),
  11-24 talk by phone.
- YS-0002 叶块, 班帅村 二组, community rehabilitation from Monday 2026-11-02, no
  contact; helper 岩块 is the police officer of the team.
- YS-0003 娜莫, 岳宋村 三组, community treatment from 2026-06-01, on leave 20 November
  to 5 December: not listed on 2026-11-25.
- YS-0004 岩帅, 岳宋村 一组, community treatment from 2025-06-01, released
  2026-11-01: never listed after that.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, fails, fingerprint, id_number, ok

Run = Callable[..., InvokeResult]

AS_OF = "2026-11-25"
FIELDS = [
    "person_id",
    "case_no",
    "name",
    "village",
    "group",
    "helper",
    "rule",
    "schedule",
    "status",
    "window_start",
    "window_end",
    "days_left",
    "last_kept",
    "missed_streak",
]


def as_json(result: InvokeResult, code: int = 0) -> Any:
    return json.loads(ok(result, code))


def register(yuesong: Run, name: str, sequence: int, since: str, *options: str) -> str:
    result = yuesong(
        "person",
        "add",
        "--name",
        name,
        "--id-number",
        id_number(sequence, dt.date(1990, 1, 1)),
        "--since",
        since,
        *options,
    )
    return ok(result).strip()


@pytest.fixture
def ledger(yuesong: Run) -> None:
    """The worked example of the module docstring."""
    register(yuesong, "艾那", 123, "2026-10-01", "--village", "岳宋村", "--group", "一组")
    register(
        yuesong,
        "叶块",
        125,
        "2026-11-02",
        "--village",
        "班帅村",
        "--group",
        "二组",
        "--status",
        "community_rehab",
    )
    register(yuesong, "娜莫", 124, "2026-06-01", "--village", "岳宋村", "--group", "三组")
    register(yuesong, "岩帅", 127, "2025-06-01", "--village", "岳宋村", "--group", "一组")
    ok(yuesong("person", "status", "1", "on_leave", "--on", "2026-11-10", "--until", "2026-11-13"))
    ok(yuesong("person", "status", "3", "请假", "--on", "2026-11-20", "--until", "2026-12-05"))
    ok(yuesong("person", "status", "4", "released", "--on", "2026-11-01"))
    ok(yuesong("helper", "add", "岩块", "--role", "police"))
    ok(yuesong("helper", "add", "赛保", "--role", "responsible"))
    ok(yuesong("team", "assign", "1", "赛保", "--role", "responsible"))
    ok(yuesong("team", "assign", "2", "岩块", "--role", "police"))
    ok(yuesong("log", "1", "meet", "visit", "report", "--on", "2026-10-01"))
    ok(yuesong("log", "1", "urine", "--result", "negative", "--on", "2026-10-02"))
    ok(yuesong("log", "1", "visit", "talk", "--on", "2026-11-03"))
    ok(yuesong("log", "1", "urine", "--result", "refused", "--on", "2026-11-05"))
    ok(yuesong("log", "1", "talk", "--mode", "phone", "--on", "2026-11-24"))


PERSONS: dict[int, dict[str, Any]] = {
    1: {
        "case_no": "YS-0001",
        "name": "艾*",
        "village": "岳宋村",
        "group": "一组",
        "helper": "赛保",
    },
    2: {"case_no": "YS-0002", "name": "叶*", "village": "班帅村", "group": "二组", "helper": None},
    5: {"case_no": "YS-0005", "name": "安*", "village": "岳宋村", "group": "四组", "helper": None},
}


def item(
    person: int,
    rule: str,
    status: str,
    window: str,
    days_left: int,
    last_kept: str | None = None,
    missed_streak: int = 0,
) -> dict[str, Any]:
    """One due-list object; ``window`` is 'YYYY-MM-DD~YYYY-MM-DD'."""
    start, end = window.split("~")
    schedule = {"urine": "tiered", "phone_talk": "rolling"}.get(rule, "calendar")
    return {
        "person_id": person,
        **PERSONS[person],
        "rule": rule,
        "schedule": schedule,
        "status": status,
        "window_start": start,
        "window_end": end,
        "days_left": days_left,
        "last_kept": last_kept,
        "missed_streak": missed_streak,
    }


WEEK = "2026-11-23~2026-11-29"
HALF = "2026-11-16~2026-11-30"
NOVEMBER = "2026-11-01~2026-11-30"
QUARTER = "2026-10-01~2026-12-31"

# Everything of the worked example on 2026-11-25, most urgent first.
EXPECTED_ALL = [
    # 叶块 has not been met in the weeks of 2, 9 and 16 November.
    item(2, "meet", "due", WEEK, 4, None, 3),
    # 艾那 was last met at the refused test of 11-05: the weeks of 9 November (four
    # days on leave, three not) and 16 November were missed. The phone talk is no meeting.
    item(1, "meet", "due", WEEK, 4, "2026-11-05", 2),
    # 叶块's supervision began on 2 November: the half-month of 1–15 November was missed.
    item(2, "talk", "due", HALF, 5, None, 1),
    # The refused test keeps nothing; October's negative test kept October.
    item(1, "urine", "due", NOVEMBER, 5, "2026-10-02"),
    item(2, "visit", "due", NOVEMBER, 5),
    item(2, "report", "due", QUARTER, 36),
    # Rehabilitation: windows of two months from the first day, 2 November.
    item(2, "urine", "due", "2026-11-02~2027-01-01", 37),
    item(1, "talk", "done", HALF, 5, "2026-11-24"),
    item(1, "visit", "done", NOVEMBER, 5, "2026-11-03"),
    item(1, "report", "done", QUARTER, 36, "2026-10-01"),
]
EXPECTED_DUE = [i for i in EXPECTED_ALL if i["status"] != "done"]


def due_json(yuesong: Run, *options: str, as_of: str = AS_OF, code: int = 0) -> Any:
    return as_json(yuesong("due", "--as-of", as_of, "--format", "json", *options), code)


def keys(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(i["case_no"], i["rule"]) for i in items]


def display_column(line: str, text: str) -> int:
    """The display column (CJK counting two) where ``text`` begins in ``line``."""
    before = line[: line.index(text)]
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in before)


# --- due: the objects ---------------------------------------------------------------------


def test_due_all_json_is_exactly_the_worked_example(yuesong: Run, ledger: None) -> None:
    found = due_json(yuesong, "--all")
    assert found == EXPECTED_ALL
    assert all(list(obj) == FIELDS for obj in found)


def test_due_leaves_done_items_out_without_all(yuesong: Run, ledger: None) -> None:
    assert due_json(yuesong) == EXPECTED_DUE


def test_due_most_urgent_first_overdue_then_streak_then_days_left(
    yuesong: Run, ledger: None
) -> None:
    # 安木 follows a plan with a talk by phone every 10 days and has had none since
    # supervision began on 1 November: overdue since 11 November.
    add_away_plan(yuesong)
    register(
        yuesong,
        "安木",
        129,
        "2026-11-01",
        "--village",
        "岳宋村",
        "--group",
        "四组",
        "--plan",
        "away",
    )
    found = due_json(yuesong)
    assert found[0] == item(5, "phone_talk", "overdue", "2026-11-01~2026-11-11", -14)
    assert keys(found) == [
        ("YS-0005", "phone_talk"),  # overdue
        ("YS-0002", "meet"),  # missed 3
        ("YS-0001", "meet"),  # missed 2
        ("YS-0002", "talk"),  # missed 1, 5 days left
        ("YS-0005", "talk"),  # missed 1, 5 days left
        ("YS-0001", "urine"),  # 5 days left
        ("YS-0002", "visit"),
        ("YS-0005", "visit"),
        ("YS-0005", "urine"),
        ("YS-0002", "report"),  # 36 days left
        ("YS-0005", "report"),
        ("YS-0002", "urine"),  # 37 days left
    ]
    streaks = [(i["status"] == "overdue", i["missed_streak"], i["days_left"]) for i in found]
    assert streaks == sorted(streaks, key=lambda s: (not s[0], -s[1], s[2]))


def test_within_keeps_items_due_within_n_days(yuesong: Run, ledger: None) -> None:
    assert keys(due_json(yuesong, "--within", "4")) == [("YS-0002", "meet"), ("YS-0001", "meet")]
    assert due_json(yuesong, "--within", "5") == EXPECTED_DUE[:5]
    assert due_json(yuesong, "--within", "0") == []
    # On Sunday the week's meeting is due today: days_left 0.
    today = due_json(yuesong, "--within", "0", as_of="2026-11-29")
    assert keys(today) == [("YS-0002", "meet"), ("YS-0001", "meet")]
    assert {i["days_left"] for i in today} == {0}


def test_within_also_applies_to_done_items(yuesong: Run, ledger: None) -> None:
    found = due_json(yuesong, "--all", "--within", "5")
    assert found == [i for i in EXPECTED_ALL if i["days_left"] <= 5]


def test_village_filter(yuesong: Run, ledger: None) -> None:
    assert due_json(yuesong, "--village", "班帅村") == [
        i for i in EXPECTED_DUE if i["person_id"] == 2
    ]
    assert due_json(yuesong, "--village", "岳宋村", "--all") == [
        i for i in EXPECTED_ALL if i["person_id"] == 1
    ]
    assert due_json(yuesong, "--village", "没有的村") == []
    plain = ok(yuesong("due", "--as-of", AS_OF, "--village", "岳宋村"))
    assert plain.splitlines()[1].startswith("在管 1 人 · ")


@pytest.mark.parametrize(("helper", "person"), [("赛保", 1), ("岩块", 2), ("1", 2), ("H2", 1)])
def test_helper_filter_keeps_persons_whose_team_has_the_helper(
    yuesong: Run, ledger: None, helper: str, person: int
) -> None:
    found = due_json(yuesong, "--helper", helper, "--all")
    assert found == [i for i in EXPECTED_ALL if i["person_id"] == person]


@pytest.mark.parametrize("typed", ["meet", "见面", "一周一见面", "meet weekly", "MEET"])
def test_rule_filter_by_key_or_name(yuesong: Run, ledger: None, typed: str) -> None:
    assert keys(due_json(yuesong, "--rule", typed)) == [("YS-0002", "meet"), ("YS-0001", "meet")]


def test_rule_filter_repeated(yuesong: Run, ledger: None) -> None:
    found = due_json(yuesong, "--rule", "尿检", "--rule", "talk", "--all")
    assert found == [i for i in EXPECTED_ALL if i["rule"] in ("urine", "talk")]


def test_all_shows_done_items_in_plain(yuesong: Run, ledger: None) -> None:
    lines = ok(yuesong("due", "--as-of", AS_OF, "--all", "--village", "岳宋村")).splitlines()
    assert [line.split()[4:6] for line in lines[4:]] == [
        ["一周一见面", "还剩"],
        ["定期尿检", "还剩"],
        ["半月一谈话", "已完成"],
        ["一月一走访", "已完成"],
        ["一季一汇报", "已完成"],
    ]


# --- due: the formats ----------------------------------------------------------------------

PLAIN = (
    "岳宋乡 每日应办清单 2026-11-25\n"
    "在管 2 人 · 逾期 0 项 · 今日到期 0 项 · 7 日内到期 5 项 · 有漏做 3 项 · 已完成 3 项"
    " · 高级预警 0 条\n"
    "\n"
    "案件号   姓名  村委会  村民小组  规则        期限        周期"
    "                   连续漏做   上次完成    包保责任人\n"
    "YS-0002  叶*   班帅村  二组      一周一见面  还剩 4 天   2026-11-23~2026-11-29"
    "  连漏 3 次\n"
    "YS-0001  艾*   岳宋村  一组      一周一见面  还剩 4 天   2026-11-23~2026-11-29"
    "  连漏 2 次  2026-11-05  赛保\n"
    "YS-0002  叶*   班帅村  二组      半月一谈话  还剩 5 天   2026-11-16~2026-11-30"
    "  连漏 1 次\n"
    "YS-0001  艾*   岳宋村  一组      定期尿检    还剩 5 天   2026-11-01~2026-11-30"
    "             2026-10-02  赛保\n"
    "YS-0002  叶*   班帅村  二组      一月一走访  还剩 5 天   2026-11-01~2026-11-30\n"
    "YS-0002  叶*   班帅村  二组      一季一汇报  还剩 36 天  2026-10-01~2026-12-31\n"
    "YS-0002  叶*   班帅村  二组      定期尿检    还剩 37 天  2026-11-02~2027-01-01\n"
)


def test_plain_title_counts_then_aligned_items(yuesong: Run, ledger: None) -> None:
    text = ok(yuesong("due", "--as-of", AS_OF, "--format", "plain"))
    assert text == PLAIN
    # Without --format, output that is not a terminal is plain.
    assert ok(yuesong("due", "--as-of", AS_OF)) == PLAIN
    lines = text.splitlines()
    header, rows = lines[3], lines[4:]
    # Columns line up by display width, Chinese counting two cells.
    for label, values in (("规则", ["一周一见面", "定期尿检"]), ("周期", ["2026-11-"])):
        for row in rows:
            for value in values:
                if value in row:
                    assert display_column(row, value) == display_column(header, label)
    assert display_column(rows[1], "2026-11-05") == display_column(header, "上次完成")
    assert display_column(rows[3], "2026-10-02") == display_column(header, "上次完成")
    assert display_column(rows[1], "赛保") == display_column(header, "包保责任人")


def test_plain_in_english(yuesong: Run, ledger: None) -> None:
    text = ok(yuesong("--lang", "en", "due", "--as-of", AS_OF, "--within", "4"))
    assert text == (
        "岳宋乡 due list 2026-11-25\n"
        "2 under supervision · 0 overdue · 0 due today · 5 due within 7 days · "
        "3 with missed windows · 3 done · 0 high alerts\n"
        "\n"
        "case no  name  village  group  rule         when         window"
        "                 missed    last kept   responsible\n"
        "YS-0002  叶*   班帅村   二组   meet weekly  4 days left  2026-11-23~2026-11-29"
        "  3 missed\n"
        "YS-0001  艾*   岳宋村   一组   meet weekly  4 days left  2026-11-23~2026-11-29"
        "  2 missed  2026-11-05  赛保\n"
    )


def test_english_json_keeps_keys_and_values(yuesong: Run, ledger: None) -> None:
    found = as_json(yuesong("--lang", "en", "due", "--as-of", AS_OF, "--format", "json"))
    assert found == EXPECTED_DUE


def test_csv_has_labels_and_one_line_per_item(yuesong: Run, ledger: None) -> None:
    text = ok(yuesong("due", "--as-of", AS_OF, "--format", "csv", "--within", "5"))
    assert text == (
        "案件号,姓名,村委会,村民小组,规则,期限,周期,连续漏做,上次完成,包保责任人\n"
        "YS-0002,叶*,班帅村,二组,一周一见面,还剩 4 天,2026-11-23~2026-11-29,连漏 3 次,,\n"
        "YS-0001,艾*,岳宋村,一组,一周一见面,还剩 4 天,2026-11-23~2026-11-29,连漏 2 次,"
        "2026-11-05,赛保\n"
        "YS-0002,叶*,班帅村,二组,半月一谈话,还剩 5 天,2026-11-16~2026-11-30,连漏 1 次,,\n"
        "YS-0001,艾*,岳宋村,一组,定期尿检,还剩 5 天,2026-11-01~2026-11-30,,2026-10-02,赛保\n"
        "YS-0002,叶*,班帅村,二组,一月一走访,还剩 5 天,2026-11-01~2026-11-30,,,\n"
    )


def test_table_format(yuesong: Run, ledger: None) -> None:
    text = ok(yuesong("due", "--as-of", AS_OF, "--format", "table"))
    lines = text.splitlines()
    assert lines[0] == "岳宋乡 每日应办清单 2026-11-25"
    assert lines[1].startswith("在管 2 人 · 逾期 0 项")
    assert "━" in text and "\x1b" not in text
    rows = [line.split() for line in lines if "YS-" in line]
    assert [(r[0], r[4]) for r in rows] == [
        (i["case_no"], name)
        for i, name in zip(
            EXPECTED_DUE,
            [
                "一周一见面",
                "一周一见面",
                "半月一谈话",
                "定期尿检",
                "一月一走访",
                "一季一汇报",
                "定期尿检",
            ],
            strict=True,
        )
    ]
    assert "艾那" not in text and "叶块" not in text


def test_plain_sections_by_village(yuesong: Run, ledger: None) -> None:
    text = ok(yuesong("due", "--as-of", AS_OF, "--by", "village", "--within", "5"))
    assert text == (
        "岳宋乡 每日应办清单 2026-11-25\n"
        "在管 2 人 · 逾期 0 项 · 今日到期 0 项 · 7 日内到期 5 项 · 有漏做 3 项 · 已完成 3 项"
        " · 高级预警 0 条\n"
        "\n"
        "【岳宋村】2 项\n"
        "案件号   姓名  村委会  村民小组  规则        期限       周期"
        "                   连续漏做   上次完成    包保责任人\n"
        "YS-0001  艾*   岳宋村  一组      一周一见面  还剩 4 天  2026-11-23~2026-11-29"
        "  连漏 2 次  2026-11-05  赛保\n"
        "YS-0001  艾*   岳宋村  一组      定期尿检    还剩 5 天  2026-11-01~2026-11-30"
        "             2026-10-02  赛保\n"
        "\n"
        "【班帅村】3 项\n"
        "案件号   姓名  村委会  村民小组  规则        期限       周期"
        "                   连续漏做   上次完成  包保责任人\n"
        "YS-0002  叶*   班帅村  二组      一周一见面  还剩 4 天  2026-11-23~2026-11-29"
        "  连漏 3 次\n"
        "YS-0002  叶*   班帅村  二组      半月一谈话  还剩 5 天  2026-11-16~2026-11-30"
        "  连漏 1 次\n"
        "YS-0002  叶*   班帅村  二组      一月一走访  还剩 5 天  2026-11-01~2026-11-30\n"
    )


def test_plain_sections_by_helper(yuesong: Run, ledger: None) -> None:
    text = ok(yuesong("due", "--as-of", AS_OF, "--by", "helper"))
    lines = text.splitlines()
    assert lines[:3] == PLAIN.splitlines()[:3]
    sections = [line for line in lines if line.startswith("【")]
    # The responsible helper's section, then the persons without one.
    assert sections == ["【赛保】2 项", "【（未指定）】5 项"]
    first = lines[lines.index("【赛保】2 项") + 2 : lines.index("【（未指定）】5 项") - 1]
    assert [line.split()[0] for line in first] == ["YS-0001", "YS-0001"]
    rest = lines[lines.index("【（未指定）】5 项") + 2 :]
    assert [line.split()[0] for line in rest] == ["YS-0002"] * 5
    # JSON stays one flat array: the same objects, section by section.
    found = due_json(yuesong, "--by", "helper")
    assert found == [i for i in EXPECTED_DUE if i["person_id"] == 1] + [
        i for i in EXPECTED_DUE if i["person_id"] == 2
    ]


# --- due: exit codes and who is listed -------------------------------------------------------


def test_fail_if_overdue_exits_3_on_a_missed_streak(yuesong: Run, ledger: None) -> None:
    # Nothing is overdue, but meetings were missed.
    text = ok(yuesong("due", "--as-of", AS_OF, "--fail-if-overdue"), code=3)
    assert text == PLAIN
    assert ok(yuesong("due", "--as-of", AS_OF)) == PLAIN  # 0 without the option
    # Only rules with no missed window and nothing overdue: 0.
    ok(yuesong("due", "--as-of", AS_OF, "--rule", "visit", "--fail-if-overdue"))
    ok(
        yuesong(
            "due", "--as-of", AS_OF, "--village", "岳宋村", "--rule", "urine", "--fail-if-overdue"
        )
    )


def test_fail_if_overdue_exits_3_on_an_overdue_rolling_item(yuesong: Run, ledger: None) -> None:
    ok(yuesong("plan", "add", "away", "--name", "外出务工"))
    ok(yuesong("plan", "rule", "away", "phone_talk", "--every", "10", "--kinds", "talk"))
    register(yuesong, "安木", 129, "2026-11-20", "--plan", "away", "--village", "岳宋村")
    # Ten days from 20 November: due on the 30th, then overdue.
    ok(yuesong("due", "--as-of", "2026-11-30", "--rule", "phone_talk", "--fail-if-overdue"))
    found = due_json(
        yuesong, "--rule", "phone_talk", "--fail-if-overdue", as_of="2026-12-01", code=3
    )
    assert [(i["status"], i["days_left"], i["missed_streak"]) for i in found] == [
        ("overdue", -1, 0)
    ]


def test_a_person_on_leave_or_released_is_not_listed(yuesong: Run, ledger: None) -> None:
    def listed(as_of: str) -> set[str]:
        return {i["case_no"] for i in due_json(yuesong, "--all", as_of=as_of)}

    assert listed("2026-10-31") == {"YS-0001", "YS-0003", "YS-0004"}  # 叶块 not yet
    assert listed("2026-11-01") == {"YS-0001", "YS-0003"}  # 岩帅 released
    assert listed("2026-11-10") == {"YS-0002", "YS-0003"}  # 艾那 on leave
    assert listed("2026-11-19") == {"YS-0001", "YS-0002", "YS-0003"}
    assert listed("2026-11-20") == {"YS-0001", "YS-0002"}  # 娜莫 on leave
    assert listed("2026-12-05") == {"YS-0001", "YS-0002"}
    assert listed("2026-12-06") == {"YS-0001", "YS-0002", "YS-0003"}  # back from leave
    plain = ok(yuesong("due", "--as-of", "2026-11-12")).splitlines()
    assert plain[1].startswith("在管 2 人 · ")  # 叶块 and 娜莫


def test_a_contact_entered_after_the_deadline_keeps_it_and_is_late(
    yuesong: Run, ledger: None
) -> None:
    # Entered today (29 November) for Wednesday 18 November: the week of the 16th is kept.
    ok(yuesong("log", "1", "meet", "--on", "2026-11-18"))
    [meet] = due_json(yuesong, "--all", "--rule", "meet", "--village", "岳宋村", as_of="2026-11-20")
    assert meet == item(1, "meet", "done", "2026-11-16~2026-11-22", 2, "2026-11-18", 1)
    # And the streak of 艾那's missed meetings is broken: only the current week is open.
    [meet] = due_json(yuesong, "--rule", "meet", "--village", "岳宋村")
    assert meet == item(1, "meet", "due", WEEK, 4, "2026-11-18", 0)
    [why_meet] = [
        r
        for r in as_json(yuesong("why", "1", "--as-of", "2026-11-20", "-f", "json"))
        if r["rule"] == "meet"
    ]
    assert why_meet["late"] is True
    assert (
        why_meet["reason"]
        == "已由 2026-11-18 的见面（当面）完成；该记录在截止日后补录；此前已连续漏做 1 次"
    )


# --- the cron run at 23:30 UTC ---------------------------------------------------------------


@pytest.fixture
def machine_zone() -> Iterator[Callable[[str], None]]:
    """Set the machine's time zone (TZ) for a test; restored afterwards."""
    saved = os.environ.get("TZ")

    def set_zone(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield set_zone
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


def title_day(yuesong: Run) -> str:
    first = ok(yuesong("due")).splitlines()[0]
    assert first.startswith("岳宋乡 每日应办清单 ")
    return first.rsplit(" ", 1)[1]


@pytest.mark.parametrize("zone", [None, "UTC", "America/New_York", "Asia/Shanghai"])
def test_cron_at_2330_utc_answers_for_the_next_day_in_yunnan(
    yuesong: Run,
    ledger: None,
    monkeypatch: pytest.MonkeyPatch,
    machine_zone: Callable[[str], None],
    zone: str | None,
) -> None:
    if zone is not None:
        machine_zone(zone)
    monkeypatch.setenv("YUESONG_NOW", "2026-11-28T23:30:00Z")
    assert title_day(yuesong) == "2026-11-29"
    # Sunday 29 November: the week's meetings are due today.
    meets = [i for i in as_json(yuesong("due", "--format", "json")) if i["rule"] == "meet"]
    assert [(i["case_no"], i["window_end"], i["days_left"]) for i in meets] == [
        ("YS-0002", "2026-11-29", 0),
        ("YS-0001", "2026-11-29", 0),
    ]
    assert "今天到期" in ok(yuesong("due", "--rule", "meet"))
    # A contact logged by that run is dated the 29th too.
    assert "2026-11-29" in ok(yuesong("log", "1", "meet"))
    # Just before midnight in Yunnan it is still the 28th.
    monkeypatch.setenv("YUESONG_NOW", "2026-11-28T15:59:59Z")
    assert title_day(yuesong) == "2026-11-28"
    monkeypatch.setenv("YUESONG_NOW", "2026-11-28T16:00:00Z")
    assert title_day(yuesong) == "2026-11-29"


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai"])
def test_cron_with_the_database_in_berlin(
    yuesong: Run,
    ledger: None,
    monkeypatch: pytest.MonkeyPatch,
    machine_zone: Callable[[str], None],
    zone: str,
) -> None:
    machine_zone(zone)
    ok(yuesong("settings", "set", "timezone", "Europe/Berlin"))
    # 23:30 UTC on the 28th is 00:30 on the 29th in Berlin (CET, UTC+1).
    monkeypatch.setenv("YUESONG_NOW", "2026-11-28T23:30:00Z")
    assert title_day(yuesong) == "2026-11-29"
    # 22:30 UTC is 23:30 on the 28th in Berlin, though already the 29th in Yunnan.
    monkeypatch.setenv("YUESONG_NOW", "2026-11-28T22:30:00Z")
    assert title_day(yuesong) == "2026-11-28"
    found = as_json(yuesong("due", "--format", "json", "--rule", "meet"))
    assert {i["days_left"] for i in found} == {1}


def test_late_does_not_depend_on_the_as_of_day_across_daylight_saving(
    yuesong: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(yuesong("settings", "set", "timezone", "Europe/Berlin"))
    monkeypatch.setenv("YUESONG_NOW", "2026-10-01T10:00:00Z")
    register(yuesong, "艾那", 123, "2026-10-01")
    # Entered on Saturday 31 October at 23:30 in Berlin (CET since the 25th): the last day
    # of the half-month 16–31 October, so not late.
    monkeypatch.setenv("YUESONG_NOW", "2026-10-31T22:30:00Z")
    ok(yuesong("log", "1", "talk", "--on", "2026-10-20"))
    monkeypatch.setenv("YUESONG_NOW", "2026-11-29T01:00:00Z")
    for as_of in ("2026-10-26", "2026-10-20"):  # after and before the change to winter time
        [talk] = [
            r
            for r in as_json(yuesong("why", "1", "--as-of", as_of, "-f", "json"))
            if r["rule"] == "talk"
        ]
        assert (talk["status"], talk["window_end"], talk["late"]) == ("done", "2026-10-31", False)


# --- why ------------------------------------------------------------------------------------

WHY_1 = [
    {
        **item(1, "meet", "due", WEEK, 4, "2026-11-05", 2),
        "late": False,
        "reason": "本周期尚未完成，还剩 4 天；2026-11-24 的谈话是电话，不算（须当面）；"
        "此前已连续漏做 2 次；上次完成于 2026-11-05",
    },
    {
        **item(1, "talk", "done", HALF, 5, "2026-11-24"),
        "late": False,
        "reason": "已由 2026-11-24 的谈话（电话）完成",
    },
    {
        **item(1, "visit", "done", NOVEMBER, 5, "2026-11-03"),
        "late": False,
        "reason": "已由 2026-11-03 的谈话、走访（当面）完成；"
        "本周期有 4 天不在社区管理期内（尚未开始、请假、羁押或已结束）",
    },
    {
        **item(1, "report", "done", QUARTER, 36, "2026-10-01"),
        "late": False,
        "reason": "已由 2026-10-01 的见面、走访、汇报（当面）完成；"
        "本周期有 4 天不在社区管理期内（尚未开始、请假、羁押或已结束）",
    },
    {
        **item(1, "urine", "due", NOVEMBER, 5, "2026-10-02"),
        "late": False,
        "reason": "本周期尚未完成，还剩 5 天；2026-11-05 的尿检结果为拒检，不算完成；"
        "本周期有 4 天不在社区管理期内（尚未开始、请假、羁押或已结束）；上次完成于 2026-10-02",
    },
]


def test_why_json_every_rule_with_a_reason(yuesong: Run, ledger: None) -> None:
    found = as_json(yuesong("why", "YS-0001", "--as-of", AS_OF, "--format", "json"))
    assert found == WHY_1
    assert all(list(obj) == [*FIELDS, "late", "reason"] for obj in found)
    reasons = {obj["rule"]: obj["reason"] for obj in found}
    assert "是电话，不算" in reasons["meet"]  # a phone talk is no meeting
    assert "拒检" in reasons["urine"]  # a refused test keeps nothing
    assert "4 天不在社区管理期内" in reasons["visit"]  # the leave of 10–13 November


def test_why_plain(yuesong: Run, ledger: None) -> None:
    text = ok(yuesong("why", "艾那", "--as-of", AS_OF))
    lines = text.splitlines()
    assert lines[:3] == [
        "YS-0001 帮教规则说明（2026-11-25，状态：社区戒毒）",
        "",
        ("规则        期限       周期                   原因"),
    ]
    assert lines[3:] == [
        f"{name}{when}{obj['window_start']}~{obj['window_end']}  {obj['reason']}"
        for obj, name, when in zip(
            WHY_1,
            ["一周一见面  ", "半月一谈话  ", "一月一走访  ", "一季一汇报  ", "定期尿检    "],
            ["还剩 4 天  ", "已完成     ", "已完成     ", "已完成     ", "还剩 5 天  "],
            strict=True,
        )
    ]


def test_why_in_english(yuesong: Run, ledger: None) -> None:
    found = as_json(yuesong("--lang", "en", "why", "1", "--as-of", AS_OF, "-f", "json"))
    reasons = {obj["rule"]: obj["reason"] for obj in found}
    assert reasons["meet"] == (
        "not kept yet, 4 days left; the talk on 2026-11-24 was by phone, which does not "
        "count (in person only); 2 windows missed before this one; last kept on 2026-11-05"
    )
    assert reasons["urine"] == (
        "not kept yet, 5 days left; the urine test on 2026-11-05 was refused, which keeps "
        "nothing; 4 days of this window were outside active supervision (not yet begun, "
        "leave, detention or ended); "
        "last kept on 2026-10-02"
    )
    assert reasons["talk"] == "kept by the talk (phone) on 2026-11-24"


def test_why_for_a_person_with_nothing_kept(yuesong: Run, ledger: None) -> None:
    found = as_json(yuesong("why", "2", "--as-of", AS_OF, "-f", "json"))
    assert [(r["rule"], r["reason"]) for r in found] == [
        ("meet", "本周期尚未完成，还剩 4 天；此前已连续漏做 3 次"),
        ("talk", "本周期尚未完成，还剩 5 天；此前已连续漏做 1 次"),
        # Supervision began on 2 November: the 1st was not a day of supervision.
        (
            "visit",
            "本周期尚未完成，还剩 5 天；"
            "本周期有 1 天不在社区管理期内（尚未开始、请假、羁押或已结束）",
        ),
        (
            "report",
            "本周期尚未完成，还剩 36 天；"
            "本周期有 32 天不在社区管理期内（尚未开始、请假、羁押或已结束）",
        ),
        ("urine", "本周期尚未完成，还剩 37 天"),
    ]


def test_why_for_a_released_person(yuesong: Run, ledger: None) -> None:
    text = ok(yuesong("why", "YS-0004", "--as-of", AS_OF))
    assert text == (
        "YS-0004 帮教规则说明（2026-11-25，状态：解除）\n"
        "当天不在社区戒毒/康复的在管期内（解除），没有应办事项。\n"
    )
    assert as_json(yuesong("why", "YS-0004", "--as-of", AS_OF, "--format", "json")) == []
    english = ok(yuesong("--lang", "en", "why", "4", "--as-of", AS_OF))
    assert (
        english.splitlines()[1]
        == "Not under active supervision that day (released): nothing is due."
    )


def test_why_for_a_person_on_leave(yuesong: Run, ledger: None) -> None:
    text = ok(yuesong("why", "1", "--as-of", "2026-11-12"))
    assert text == (
        "YS-0001 帮教规则说明（2026-11-12，状态：请假外出）\n"
        "当天不在社区戒毒/康复的在管期内（请假外出），没有应办事项。\n"
    )
    assert as_json(yuesong("why", "1", "--as-of", "2026-11-12", "-f", "json")) == []


# --- plans -----------------------------------------------------------------------------------


def test_plan_list_and_show(yuesong: Run, ledger: None) -> None:
    assert ok(yuesong("plan", "list")) == (
        "帮教方案     方案名称  规则数  帮教对象数\nfive_to_one  五包一         5           4\n"
    )
    shown = as_json(yuesong("plan", "show", "five_to_one", "--format", "json"))
    assert [(r["rule"], r["schedule"], r["period"], r["every_days"]) for r in shown] == [
        ("meet", "calendar", "week", None),
        ("talk", "calendar", "half_month", None),
        ("visit", "calendar", "month", None),
        ("report", "calendar", "quarter", None),
        ("urine", "tiered", None, None),
    ]
    assert [r["kept_by"] for r in shown] == [
        "任何接触 · 当面",
        "谈话",
        "走访 · 当面",
        "汇报",
        "尿检 · 阴性、阳性",
    ]
    assert shown[4]["tiers"] == "社区戒毒 1/2/3、社区康复 2/3/6"
    assert (
        ok(yuesong("plan", "show", "five_to_one")).splitlines()[0] == "帮教方案 five_to_one 的规则"
    )


def test_a_plan_for_people_working_away(yuesong: Run, ledger: None, db_path: Path) -> None:
    assert ok(yuesong("plan", "add", "away", "--name", "外出务工", "--copy", "five_to_one")) == (
        "已新建帮教方案 away。\n"
    )
    result = yuesong(
        "plan",
        "rule",
        "away",
        "phone_talk",
        "--name",
        "电话谈话",
        "--every",
        "10",
        "--kinds",
        "talk",
        "--modes",
        "phone,video",
    )
    assert ok(result) == "已设置方案 away 的规则 phone_talk。\n"
    assert ok(yuesong("plan", "remove-rule", "away", "meet")) == "已从方案 away 删除规则 meet。\n"
    assert (
        ok(yuesong("person", "edit", "YS-0001", "--plan", "away")) == "已更新 YS-0001：帮教方案。\n"
    )
    shown = as_json(yuesong("plan", "show", "away", "-f", "json"))
    assert [r["rule"] for r in shown] == ["talk", "visit", "report", "urine", "phone_talk"]
    assert shown[4] == {
        "rule": "phone_talk",
        "name": "电话谈话",
        "schedule": "rolling",
        "period": None,
        "every_days": 10,
        "tiers": None,
        "kept_by": "谈话 · 电话、视频",
    }
    assert as_json(yuesong("plan", "list", "-f", "json")) == [
        {"key": "five_to_one", "name": "五包一", "rules": 5, "persons": 3},
        {"key": "away", "name": "外出务工", "rules": 5, "persons": 1},
    ]
    # 艾那 no longer owes a weekly meeting; the talk by phone on 24 November starts ten days.
    mine = due_json(yuesong, "--all", "--village", "岳宋村")
    assert [i["rule"] for i in mine] == ["urine", "phone_talk", "talk", "visit", "report"]
    phone = item(1, "phone_talk", "due", "2026-11-24~2026-12-04", 9, "2026-11-24")
    assert mine[1] == phone
    # 叶块 keeps the five rules of five_to_one.
    assert {i["rule"] for i in due_json(yuesong, "--all", "--village", "班帅村")} == {
        "meet",
        "talk",
        "visit",
        "report",
        "urine",
    }
    assert due_json(yuesong, "--rule", "phone_talk") == [phone]
    text = ok(yuesong("due", "--as-of", AS_OF, "--rule", "电话谈话"))
    assert text.splitlines()[4] == (
        "YS-0001  艾*   岳宋村  一组      电话谈话  还剩 9 天  2026-11-24~2026-12-04"
        "            2026-11-24  赛保"
    )
    [why_phone] = [
        r
        for r in as_json(yuesong("why", "1", "--as-of", AS_OF, "-f", "json"))
        if r["rule"] == "phone_talk"
    ]
    assert why_phone == {
        **phone,
        "late": False,
        "reason": "每 10 天一次，从 2026-11-24 起算，截止 2026-12-04；本周期尚未完成，还剩 9 天；"
        "上次完成于 2026-11-24",
    }


def add_away_plan(yuesong: Run) -> None:
    """The plan 'away' (外出务工): the default one without the weekly meeting, with a
    talk by phone or video every 10 days."""
    ok(yuesong("plan", "add", "away", "--name", "外出务工", "--copy", "five_to_one"))
    ok(yuesong("plan", "remove-rule", "away", "meet"))
    ok(
        yuesong(
            "plan", "rule", "away", "phone_talk", "--name", "电话谈话", "--every", "10",
            "--kinds", "talk", "--modes", "phone,video",
        )
    )  # fmt: skip


@pytest.fixture
def away(yuesong: Run, ledger: None) -> None:
    """艾那 on the plan 'away': a talk by phone or video every 10 days, no weekly meeting."""
    add_away_plan(yuesong)
    ok(yuesong("person", "edit", "1", "--plan", "away"))
    ok(yuesong("log", "1", "talk", "--mode", "video", "--on", "2026-11-08"))


def phone_talk(yuesong: Run, as_of: str) -> dict[str, Any]:
    [found] = due_json(yuesong, "--all", "--rule", "phone_talk", as_of=as_of)
    return found


def test_rolling_deadline_pushed_back_by_the_days_on_leave(yuesong: Run, away: None) -> None:
    # As of 9 November the leave of 10–13 November is not yet recorded as begun: ten days.
    assert phone_talk(yuesong, "2026-11-09") == item(
        1, "phone_talk", "due", "2026-11-08~2026-11-18", 9, "2026-11-08"
    )
    # Seen from after the leave, its four days push the deadline back to the 22nd.
    assert phone_talk(yuesong, "2026-11-20") == item(
        1, "phone_talk", "due", "2026-11-08~2026-11-22", 2, "2026-11-08"
    )
    assert phone_talk(yuesong, "2026-11-23") == item(
        1, "phone_talk", "overdue", "2026-11-08~2026-11-22", -1, "2026-11-08"
    )
    # The phone talk of the 24th ends the overdue obligation and starts the next.
    assert phone_talk(yuesong, "2026-11-24") == item(
        1, "phone_talk", "due", "2026-11-24~2026-12-04", 10, "2026-11-24"
    )
    [why] = [
        r
        for r in as_json(yuesong("why", "1", "--as-of", "2026-11-20", "-f", "json"))
        if r["rule"] == "phone_talk"
    ]
    assert why["reason"] == (
        "每 10 天一次，从 2026-11-08 起算，截止 2026-11-22；本周期尚未完成，还剩 2 天；"
        "本周期有 4 天不在社区管理期内（尚未开始、请假、羁押或已结束）；上次完成于 2026-11-08"
    )


def test_why_names_the_modes_a_rule_accepts(yuesong: Run, away: None) -> None:
    ok(yuesong("log", "1", "talk", "--on", "2026-11-15"))  # in person: not a phone talk
    [why] = [
        r
        for r in as_json(yuesong("why", "1", "--as-of", "2026-11-20", "-f", "json"))
        if r["rule"] == "phone_talk"
    ]
    assert "2026-11-15 的谈话是当面，不算" in why["reason"]
    assert "须当面" not in why["reason"]


def test_plan_show_heads_the_rule_names_as_rule_names(yuesong: Run) -> None:
    header = ok(yuesong("--lang", "en", "plan", "show", "five_to_one")).splitlines()[2]
    assert "plan name" not in header


# --- bad input: one line on stderr, nothing changed ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["plan", "show", "nope"], 1, "没有名为 nope 的帮教方案；现有：five_to_one。"),
        (
            ["person", "edit", "1", "--plan", "nope"],
            1,
            "没有名为 nope 的帮教方案；现有：five_to_one。",
        ),
        (
            ["plan", "add", "x", "--name", "某方案", "--copy", "nope"],
            1,
            "没有名为 nope 的帮教方案；现有：five_to_one。",
        ),
        (
            ["plan", "rule", "nope", "x", "--every", "3"],
            1,
            "没有名为 nope 的帮教方案；现有：five_to_one。",
        ),
        (
            ["plan", "add", "Away", "--name", "外出务工"],
            1,
            "方案代号只能用小写英文字母、数字和下划线，以字母开头（如 away）。",
        ),
        (["plan", "add", "five_to_one", "--name", "五包一"], 1, "帮教方案 five_to_one 已存在。"),
        (
            ["plan", "rule", "five_to_one", "phone-talk", "--every", "10"],
            1,
            "规则代号只能用小写英文字母、数字和下划线，以字母开头（如 phone_talk）。",
        ),
        (
            ["plan", "rule", "five_to_one", "x", "--every", "10", "--period", "week"],
            2,
            "请只给出一种周期：--period（按日历）、--every（滚动）或 --tier（分阶段）。",
        ),
        (
            ["plan", "rule", "five_to_one", "x", "--kinds", "talk"],
            2,
            "请只给出一种周期：--period（按日历）、--every（滚动）或 --tier（分阶段）。",
        ),
        (
            ["plan", "rule", "five_to_one", "x", "--tier", "released=1,2,3"],
            1,
            "分阶段规则只用于社区戒毒或社区康复，例如 --tier community_treatment=1,2,3。",
        ),
        (
            ["plan", "rule", "five_to_one", "x", "--tier", "community_rehab=0"],
            1,
            "分阶段的月数应为 1–36 的整数，用逗号分隔，例如 1,2,3。",
        ),
        (
            ["plan", "remove-rule", "five_to_one", "nope"],
            1,
            "帮教方案 five_to_one 中没有规则 nope。",
        ),
        (
            ["due", "--rule", "nope"],
            1,
            "没有规则“nope”；现有：meet, report, talk, urine, visit。",
        ),
        (
            ["due", "--helper", "没有这人"],
            1,
            "找不到该帮教人员；请用 yuesong helper list 查看编号。",
        ),
        (
            ["due", "--as-of", "2026-02-30"],
            1,
            "日期 2026-02-30 不存在，请核对后重新输入。",
        ),
        (
            ["why", "YS-0099"],
            1,
            "没有案件号为 YS-0099 的人员；请用 yuesong person list 查看。",
        ),
    ],
)
def test_bad_input_one_line_and_nothing_changed(
    yuesong: Run, ledger: None, db_path: Path, args: list[str], code: int, message: str
) -> None:
    before = fingerprint(db_path)
    assert fails(yuesong(*args), code) == message
    assert fingerprint(db_path) == before


def test_plan_rule_bad_every_is_wrong_usage(yuesong: Run, ledger: None, db_path: Path) -> None:
    before = fingerprint(db_path)
    result = yuesong("plan", "rule", "five_to_one", "x", "--every", "0")
    assert result.exit_code == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert fingerprint(db_path) == before


# --- due and why agree ------------------------------------------------------------------------


def by_rule(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Items by rule: ``why`` lists them in the plan's order, ``due`` by urgency."""
    found = {i["rule"]: i for i in items}
    assert len(found) == len(items)
    return found


def test_due_and_why_agree_on_every_item(yuesong: Run, ledger: None) -> None:
    for as_of in ("2026-10-01", "2026-11-02", "2026-11-09", AS_OF, "2026-11-29", "2026-12-31"):
        listed = due_json(yuesong, "--all", as_of=as_of)
        for person in range(1, 5):
            why = as_json(yuesong("why", str(person), "--as-of", as_of, "-f", "json"))
            reasons = [row.pop("reason") for row in why]
            for row in why:
                del row["late"]  # only why says whether the keeping contact came late
            assert all(reasons)
            assert by_rule(why) == by_rule([i for i in listed if i["person_id"] == person]), (
                as_of,
                person,
            )


def test_due_and_why_agree_on_a_rolling_rule(yuesong: Run, away: None) -> None:
    for as_of in ("2026-11-09", "2026-11-20", "2026-11-23", AS_OF):
        listed = [i for i in due_json(yuesong, "--all", as_of=as_of) if i["person_id"] == 1]
        why = as_json(yuesong("why", "1", "--as-of", as_of, "-f", "json"))
        for row in why:
            del row["reason"], row["late"]
        assert by_rule(why) == by_rule(listed), as_of


def test_due_and_why_agree_on_late_with_many_contacts_in_one_window(
    yuesong: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YUESONG_NOW", "2026-10-02T02:00:00Z")
    register(yuesong, "艾嘎", 131, "2026-10-01", "--village", "岳宋村")
    ok(yuesong("log", "1", "report", "--mode", "phone", "--on", "2026-10-02"))
    # Three more reports of October, entered in January, after the quarter ended.
    monkeypatch.setenv("YUESONG_NOW", "2027-01-05T02:00:00Z")
    for day in ("2026-10-10", "2026-10-20", "2026-10-30"):
        ok(yuesong("log", "1", "report", "--mode", "phone", "--on", day))
    [listed] = due_json(yuesong, "--all", "--rule", "report", as_of="2026-11-01")
    [why] = [
        r
        for r in as_json(yuesong("why", "1", "--as-of", "2026-11-01", "-f", "json"))
        if r["rule"] == "report"
    ]
    assert why["late"] is False  # kept by the report of 2 October, entered that day
    del why["reason"], why["late"]  # the due list does not say which contact kept a window
    assert listed == why
