"""``yuesong alerts`` (预警) through the command line, and the count of high alerts in the
due list's headline. The rules are unit-tested in test_alerts.py; here the wiring: the
store's facts reach the rules, each kind can be raised and cleared with the commands an
officer types, and the output keeps the app's contract (masking, JSON keys, exit codes).

The township of the module, as of 2026-11-29 (the pinned clock); every file is complete
except 俄块's:

- YS-0001 艾那, community treatment from 2026-11-23, tested positive on 2026-11-24.
- YS-0002 叶嘎, community treatment from 2026-11-23, lost contact since 2026-11-25.
- YS-0003 尼茸, in compulsory isolation from 2026-06-01; decision of rehabilitation 康-3
  on 2026-11-10 (pending report; the deadline was 2026-11-25).
- YS-0004 桑门, community treatment from 2026-11-02, met on 2026-11-05, on leave
  2026-11-10 to 2026-11-20, no contact since.
- YS-0005 赛惹, community treatment from 2023-06-01, released 2023-11-29.
- YS-0006 俄块, community treatment from 2026-11-23; no ethnicity and no risk level on file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, build_ledger, copy_ledger, id_number, ok

from yuesong_cli.messages import t

Run = Callable[..., InvokeResult]

FIELDS = ["person_id", "case_no", "name", "village", "kind", "severity", "since", "detail"]
FULL_FILE = (
    "--ethnicity",
    "佤族",
    "--household-address",
    "岳宋村一组",
    "--current-address",
    "岳宋村一组",
    "--village",
    "岳宋村",
    "--group",
    "一组",
    "--drugs",
    "meth",
    "--method",
    "inhaled",
    "--doc",
    "戒-1",
    "--decision-date",
    "2026-11-01",
    "--risk",
    "low",
)
# FULL_FILE without ethnicity and risk level.
PARTIAL_FILE = FULL_FILE[2:-2]


def as_json(result: InvokeResult, code: int = 0) -> Any:
    return json.loads(ok(result, code))


def register(yuesong: Run, name: str, sequence: int, since: str, *options: str) -> str:
    number = id_number(sequence, dt.date(1990, 1, 1))
    result = yuesong(
        "person", "add", "--name", name, "--id-number", number, "--since", since, *options
    )
    return ok(result).strip()


def alerts(yuesong: Run, as_of: str = "2026-11-29", *options: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = as_json(
        yuesong("alerts", "--as-of", as_of, "--format", "json", *options)
    )
    return found


def kinds(yuesong: Run, kind: str, as_of: str = "2026-11-29") -> list[tuple[Any, ...]]:
    """The alerts of one kind as (case number, severity, since, detail)."""
    return [
        (a["case_no"], a["severity"], a["since"], a["detail"])
        for a in alerts(yuesong, as_of)
        if a["kind"] == kind
    ]


# --- the township, built once per module and copied for each test ------------------------------


def build_township(run: Run) -> None:
    register(run, "艾那", 123, "2026-11-23", *FULL_FILE)
    ok(run("log", "1", "urine", "--result", "positive", "--substance", "meth", "--on", "11-24"))
    register(run, "叶嘎", 125, "2026-11-23", *FULL_FILE)
    ok(run("person", "status", "2", "lost_contact", "--on", "2026-11-25"))
    register(run, "尼茸", 127, "2026-06-01", "--status", "compulsory_isolation", *FULL_FILE)
    ok(run("person", "status", "3", "pending_report", "--on", "2026-11-10", "--doc", "康-3"))
    register(run, "桑门", 129, "2026-11-02", *FULL_FILE)
    ok(run("log", "4", "meet", "--on", "2026-11-05"))
    ok(run("person", "status", "4", "on_leave", "--on", "2026-11-10", "--until", "2026-11-20"))
    register(run, "赛惹", 131, "2023-06-01", *FULL_FILE)
    ok(run("person", "status", "5", "released", "--on", "2023-11-29"))
    register(run, "俄块", 133, "2026-11-23", *PARTIAL_FILE)


@pytest.fixture(scope="module")
def township_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("township") / "township.db"
    build_ledger(path, build_township)
    return path


@pytest.fixture
def township(township_template: Path, db_path: Path) -> None:
    copy_ledger(township_template, db_path)


def row(
    person: int, name: str, kind: str, severity: str, since: str, detail: str
) -> dict[str, Any]:
    return {
        "person_id": person,
        "case_no": f"YS-{person:04d}",
        "name": name,
        "village": "岳宋村",
        "kind": kind,
        "severity": severity,
        "since": since,
        "detail": detail,
    }


RELAPSE = "2026-11-24 尿检阳性（近 30 天共 1 次），应报告公安机关。"
LOST = "处于失联状态，帮教事项照常计算，请尽快查找并报告公安机关。"
LEAVE = "请假已于 2026-11-20 期满，之后没有任何接触记录，请核实是否已返回。"
INCOMPLETE = "档案缺少报表所需的 2 项信息：民族、风险等级。"
ABSTINENT = "2023-11-29 解除，已满三年且此后无阳性记录，建议转为戒断三年未复吸。"
# The register of documents is kept from the day the file was made (2026-11-29): 赛惹's
# evaluation falls due in it.
EVALUATION = "解除已满三年（2026-11-29），尚无戒断三年未复吸评估表；请用 doc new 出具。"

TOWNSHIP = [
    row(1, "艾*", "relapse", "high", "2026-11-24", RELAPSE),
    row(2, "叶*", "lost_contact", "high", "2026-11-25", LOST),
    row(
        3,
        "尼*",
        "report_overdue",
        "high",
        "2026-11-26",
        "决定日期 2026-11-10，应在 2026-11-25 前报到，已逾期 4 天未报到，视为拒绝社区戒毒。",
    ),
    # 桑门 was last met on 5 November: the weeks of 9 and 16 November were missed (the
    # leave covered them only in part), and the week of 23 November is not over yet.
    row(4, "桑*", "missed_streak", "medium", "2026-11-06", "一周一见面 已连续 2 期未完成。"),
    row(4, "桑*", "leave_no_contact", "medium", "2026-11-21", LEAVE),
    row(6, "俄*", "file_incomplete", "low", "2026-11-23", INCOMPLETE),
    row(5, "赛*", "abstinent_due", "low", "2026-11-29", ABSTINENT),
    row(5, "赛*", "no_evaluation", "low", "2026-11-29", EVALUATION),
]


# --- the contract -------------------------------------------------------------------------------


def test_json_is_every_alert_most_severe_first(yuesong: Run, township: None) -> None:
    found = as_json(yuesong("alerts", "--format", "json"))
    assert found == TOWNSHIP
    assert all(list(a) == FIELDS for a in found)


def test_ordering_high_then_oldest_then_case_number(yuesong: Run, township: None) -> None:
    found = alerts(yuesong, "2026-11-29")
    order = {"high": 0, "medium": 1, "low": 2}
    keys = [(order[a["severity"]], a["since"], a["case_no"]) for a in found]
    assert keys == sorted(keys)
    assert [a["severity"] for a in found] == ["high"] * 3 + ["medium"] * 2 + ["low"] * 3


PLAIN = (
    "岳宋乡 预警 2026-11-29\n"
    "预警 8 条 · 高 3 · 中 2 · 低 3\n"
    "\n"
    "级别  预警                    案件号   姓名  村委会  起始日期    说明\n"
    f"高    复吸                    YS-0001  艾*   岳宋村  2026-11-24  {RELAPSE}\n"
    f"高    失联                    YS-0002  叶*   岳宋村  2026-11-25  {LOST}\n"
    "高    逾期未报到              YS-0003  尼*   岳宋村  2026-11-26  决定日期 2026-11-10，"
    "应在 2026-11-25 前报到，已逾期 4 天未报到，视为拒绝社区戒毒。\n"
    "中    连续未完成              YS-0004  桑*   岳宋村  2026-11-06  "
    "一周一见面 已连续 2 期未完成。\n"
    f"中    请假期满未联系          YS-0004  桑*   岳宋村  2026-11-21  {LEAVE}\n"
    f"低    档案信息不全            YS-0006  俄*   岳宋村  2026-11-23  {INCOMPLETE}\n"
    f"低    建议转为戒断三年未复吸  YS-0005  赛*   岳宋村  2026-11-29  {ABSTINENT}\n"
    f"低    未做戒断评估            YS-0005  赛*   岳宋村  2026-11-29  {EVALUATION}\n"
)


def test_plain_title_headline_and_rows(yuesong: Run, township: None) -> None:
    assert ok(yuesong("alerts")) == PLAIN
    assert ok(yuesong("alerts", "--format", "plain", "--as-of", "2026-11-29")) == PLAIN


def test_plain_in_english(yuesong: Run, township: None) -> None:
    lines = ok(yuesong("--lang", "en", "alerts")).splitlines()
    assert lines[:2] == ["岳宋乡 alerts 2026-11-29", "8 alerts · 3 high · 2 medium · 3 low"]
    assert lines[4].split()[:4] == ["high", "relapse", "YS-0001", "艾*"]
    # JSON keeps its keys and values; only the detail is a sentence in the language.
    english = as_json(yuesong("--lang", "en", "alerts", "--format", "json"))
    assert [{**a, "detail": None} for a in english] == [{**a, "detail": None} for a in TOWNSHIP]
    assert english[0]["detail"] == (
        "Positive test on 2026-11-24 (1 in the last 30 days); report it to the police."
    )


@pytest.mark.parametrize("fmt", ["plain", "table", "csv", "json"])
def test_names_are_masked_in_every_format(yuesong: Run, township: None, fmt: str) -> None:
    text = ok(yuesong("alerts", "--format", fmt))
    for masked, full in (("艾*", "艾那"), ("叶*", "叶嘎"), ("俄*", "俄块"), ("赛*", "赛惹")):
        assert masked in text
        assert full not in text


def test_names_in_full_when_masking_is_off(yuesong: Run, township: None) -> None:
    ok(yuesong("settings", "set", "mask_names", "off"))
    names = [a["name"] for a in as_json(yuesong("alerts", "--format", "json"))]
    assert names == ["艾那", "叶嘎", "尼茸", "桑门", "桑门", "俄块", "赛惹", "赛惹"]
    assert "艾那" in ok(yuesong("alerts", "--format", "plain"))


def test_csv_has_labels_and_one_line_per_alert(yuesong: Run, township: None) -> None:
    lines = ok(yuesong("alerts", "--format", "csv")).splitlines()
    assert lines[0] == "级别,预警,案件号,姓名,村委会,起始日期,说明"
    assert lines[1] == f"高,复吸,YS-0001,艾*,岳宋村,2026-11-24,{RELAPSE}"
    assert len(lines) == 1 + len(TOWNSHIP)


def test_empty_ledger(yuesong: Run) -> None:
    assert as_json(yuesong("alerts", "--format", "json")) == []
    assert ok(yuesong("alerts")) == (
        f"岳宋乡 预警 2026-11-29\n预警 0 条 · 高 0 · 中 0 · 低 0\n\n{t('render.empty')}\n"
    )
    for severity in ("high", "medium", "low"):
        assert ok(yuesong("alerts", "--fail-if", severity)).startswith("岳宋乡 预警")


def test_as_of_answers_for_that_day(yuesong: Run, township: None) -> None:
    # On 24 November 叶嘎 was not yet lost, 尼茸 not yet late, 桑门's leave long over but
    # her meeting streak only at 2 weeks.
    assert alerts(yuesong, "2026-11-24") == [
        TOWNSHIP[0],
        TOWNSHIP[3],
        TOWNSHIP[4],
        TOWNSHIP[5],
    ]
    # Before anyone of the township was registered but 尼茸 and 赛惹, and before the
    # release of 赛惹 was three years old: nothing.
    assert alerts(yuesong, "2026-06-01") == []


# --- --fail-if ------------------------------------------------------------------------------


def test_fail_if_high_exits_3_when_a_high_alert_exists(yuesong: Run, township: None) -> None:
    result = yuesong("alerts", "--fail-if", "high", "--format", "json")
    assert as_json(result, 3) == TOWNSHIP  # the list is still printed
    assert yuesong("alerts", "--fail-if", "medium").exit_code == 3
    assert yuesong("alerts", "--fail-if", "low").exit_code == 3
    # Before the positive test of 24 November there was nothing high.
    assert ok(yuesong("alerts", "--fail-if", "high", "--as-of", "2026-11-23"), 0)


def test_fail_if_counts_worse_severities_only(yuesong: Run) -> None:
    register(yuesong, "俄块", 133, "2026-11-23", *PARTIAL_FILE)  # only file_incomplete (low)
    assert [a["kind"] for a in alerts(yuesong)] == ["file_incomplete"]
    assert ok(yuesong("alerts", "--fail-if", "high"), 0)
    assert ok(yuesong("alerts", "--fail-if", "medium"), 0)
    assert ok(yuesong("alerts", "--fail-if", "low"), 3)


def test_fail_if_refuses_an_unknown_severity(yuesong: Run, township: None) -> None:
    result = yuesong("alerts", "--fail-if", "urgent")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Traceback" not in result.stderr


# --- the due headline ----------------------------------------------------------------------


def test_due_headline_counts_the_high_alerts(yuesong: Run, township: None) -> None:
    assert ok(yuesong("due")).splitlines()[1] == (
        "在管 4 人 · 逾期 0 项 · 今日到期 3 项 · 7 日内到期 12 项 · 有漏做 2 项 · 已完成 2 项"
        " · 高级预警 3 条"
    )
    assert ok(yuesong("due", "--as-of", "2026-11-24")).splitlines()[1].endswith(" · 高级预警 1 条")
    # The count is the township's, whatever the filter.
    filtered = ok(yuesong("due", "--village", "没有的村")).splitlines()[1]
    assert filtered.startswith("在管 0 人 · ") and filtered.endswith(" · 高级预警 3 条")
    english = ok(yuesong("--lang", "en", "due")).splitlines()[1]
    assert english.endswith(" · 3 high alerts")


# --- each kind, raised and cleared ----------------------------------------------------------


def test_relapse_for_thirty_days_from_the_positive_test(yuesong: Run, township: None) -> None:
    assert kinds(yuesong, "relapse", "2026-11-23") == []
    assert kinds(yuesong, "relapse", "2026-12-23") == [("YS-0001", "high", "2026-11-24", RELAPSE)]
    assert kinds(yuesong, "relapse", "2026-12-24") == []
    # A second positive test: since the first, counting both; then since the second only.
    args = ("log", "1", "urine", "--result", "positive", "--substance", "heroin")
    ok(yuesong(*args, "--on", "2026-11-28"))
    second = "2026-11-28 尿检阳性（近 30 天共 2 次），应报告公安机关。"
    assert kinds(yuesong, "relapse") == [("YS-0001", "high", "2026-11-24", second)]
    only = "2026-11-28 尿检阳性（近 30 天共 1 次），应报告公安机关。"
    assert kinds(yuesong, "relapse", "2026-12-24") == [("YS-0001", "high", "2026-11-28", only)]
    assert kinds(yuesong, "relapse", "2026-12-28") == []


def test_no_relapse_alert_for_a_negative_test(yuesong: Run, township: None) -> None:
    ok(yuesong("log", "2", "urine", "--result", "negative", "--on", "2026-11-24"))
    assert [c for c, *_ in kinds(yuesong, "relapse")] == ["YS-0001"]


def test_lost_contact_until_found_again(yuesong: Run, township: None) -> None:
    assert kinds(yuesong, "lost_contact", "2026-11-24") == []
    assert kinds(yuesong, "lost_contact") == [("YS-0002", "high", "2026-11-25", LOST)]
    ok(yuesong("person", "status", "2", "community_treatment", "--on", "2026-11-28"))
    assert kinds(yuesong, "lost_contact") == []
    assert kinds(yuesong, "lost_contact", "2026-11-27") == [("YS-0002", "high", "2026-11-25", LOST)]


def test_report_overdue_from_the_sixteenth_day(yuesong: Run, township: None) -> None:
    # Decided on 10 November: the 25th is the fifteenth day, the last to report.
    assert kinds(yuesong, "report_overdue", "2026-11-25") == []
    assert kinds(yuesong, "report_overdue", "2026-11-26") == [
        (
            "YS-0003",
            "high",
            "2026-11-26",
            "决定日期 2026-11-10，应在 2026-11-25 前报到，已逾期 1 天未报到，视为拒绝社区戒毒。",
        )
    ]
    # Reporting ends it.
    ok(yuesong("person", "status", "3", "community_rehab", "--on", "2026-11-27"))
    assert kinds(yuesong, "report_overdue") == []
    assert kinds(yuesong, "report_overdue", "2026-11-26") != []


def test_report_overdue_counts_from_the_decision_date_on_file(yuesong: Run) -> None:
    # Registered pending without a decision date: the pending entry's day stands for it.
    register(yuesong, "尼茸", 127, "2026-11-01", "--status", "pending_report")
    assert kinds(yuesong, "report_overdue", "2026-11-16") == []
    assert [s for _, _, s, _ in kinds(yuesong, "report_overdue", "2026-11-17")] == ["2026-11-17"]
    # A decision date entered later, 5 November, moves the deadline to the 20th.
    ok(yuesong("person", "edit", "1", "--decision-date", "2026-11-05"))
    assert kinds(yuesong, "report_overdue", "2026-11-20") == []
    assert kinds(yuesong, "report_overdue", "2026-11-21") == [
        (
            "YS-0001",
            "high",
            "2026-11-21",
            "决定日期 2026-11-05，应在 2026-11-20 前报到，已逾期 1 天未报到，视为拒绝社区戒毒。",
        )
    ]


def test_leave_no_contact_until_a_contact_after_the_leave(yuesong: Run, township: None) -> None:
    assert kinds(yuesong, "leave_no_contact", "2026-11-20") == []
    assert kinds(yuesong, "leave_no_contact", "2026-11-21") == [
        ("YS-0004", "medium", "2026-11-21", LEAVE)
    ]
    # A contact on the leave's last day is not one after it; a test not come to is none.
    ok(yuesong("log", "4", "talk", "--mode", "phone", "--on", "2026-11-20"))
    ok(yuesong("log", "4", "urine", "--result", "absent", "--mode", "phone", "--on", "11-22"))
    assert kinds(yuesong, "leave_no_contact") == [("YS-0004", "medium", "2026-11-21", LEAVE)]
    ok(yuesong("log", "4", "visit", "--on", "2026-11-24"))
    assert kinds(yuesong, "leave_no_contact") == []
    # Seen from before that visit, the alert stood.
    assert kinds(yuesong, "leave_no_contact", "2026-11-23") == [
        ("YS-0004", "medium", "2026-11-21", LEAVE)
    ]


def test_no_leave_alert_when_the_early_return_was_recorded(yuesong: Run, township: None) -> None:
    ok(yuesong("person", "status", "4", "community_treatment", "--on", "2026-11-18"))
    assert kinds(yuesong, "leave_no_contact") == []
    assert kinds(yuesong, "leave_no_contact", "2026-12-20") == []


@pytest.fixture
def since_2_november(yuesong: Run) -> None:
    """艾那, community treatment from Monday 2026-11-02, complete file, no contact."""
    register(yuesong, "艾那", 123, "2026-11-02", *FULL_FILE)


def test_missed_streak_medium_at_two_high_at_four(yuesong: Run, since_2_november: None) -> None:
    assert alerts(yuesong, "2026-11-15") == []
    expected = {
        "2026-11-16": [("medium", "一周一见面 已连续 2 期未完成。")],
        "2026-11-23": [("medium", "一周一见面 已连续 3 期未完成。")],
        "2026-11-30": [("high", "一周一见面 已连续 4 期未完成。")],
        # The half-months of 1 and 16 November both missed by 1 December.
        "2026-12-01": [
            ("high", "一周一见面 已连续 4 期未完成。"),
            ("medium", "半月一谈话 已连续 2 期未完成。"),
        ],
    }
    for as_of, found in expected.items():
        listed = alerts(yuesong, as_of)
        assert {(a["kind"], a["since"]) for a in listed} == {("missed_streak", "2026-11-02")}
        assert [(a["severity"], a["detail"]) for a in listed] == found, as_of


def test_missed_streak_ends_when_the_rule_is_kept(yuesong: Run, since_2_november: None) -> None:
    assert [a["detail"] for a in alerts(yuesong)] == ["一周一见面 已连续 3 期未完成。"]
    ok(yuesong("log", "1", "meet", "--on", "2026-11-27"))
    assert alerts(yuesong) == []
    # Seen from 30 November the run begins again after the meeting of the 27th: one week.
    assert alerts(yuesong, "2026-11-30") == []


@pytest.fixture
def term_past(yuesong: Run) -> None:
    """艾那: decided 2023-10-25, reported 2023-11-01, so her term ended 2026-10-31."""
    register(yuesong, "艾那", 123, "2023-10-25", "--status", "pending_report", *FULL_FILE)
    ok(yuesong("person", "status", "1", "community_treatment", "--on", "2023-11-01"))
    file = as_json(yuesong("person", "show", "1", "--format", "json"))
    assert (file["term_start"], file["term_end"]) == ("2023-11-01", "2026-10-31")


def test_term_ending_in_the_last_thirty_days(yuesong: Run, term_past: None) -> None:
    assert kinds(yuesong, "term_ending", "2026-09-30") == []
    assert kinds(yuesong, "term_ending", "2026-10-01") == [
        ("YS-0001", "low", "2026-10-01", "期限于 2026-10-31 届满（还剩 30 天），请准备解除手续。")
    ]
    assert kinds(yuesong, "term_ending", "2026-10-31") == [
        ("YS-0001", "low", "2026-10-01", "期限于 2026-10-31 届满（还剩 0 天），请准备解除手续。")
    ]
    assert kinds(yuesong, "term_ended", "2026-10-31") == []
    assert kinds(yuesong, "term_ending", "2026-11-01") == []


def test_term_ended_while_still_supervised(yuesong: Run, term_past: None) -> None:
    ended = (
        "YS-0001",
        "medium",
        "2026-11-01",
        "期限已于 2026-10-31 届满，仍在管理中，请办理解除。",
    )
    assert kinds(yuesong, "term_ended", "2026-11-01") == [ended]
    assert kinds(yuesong, "term_ended") == [ended]
    ok(yuesong("person", "status", "1", "released", "--on", "2026-11-01"))
    assert kinds(yuesong, "term_ended") == []
    assert alerts(yuesong) == []


def test_term_ending_for_a_rehab_term_of_one_year(yuesong: Run) -> None:
    register(yuesong, "艾那", 123, "2026-06-01", "--status", "compulsory_isolation", *FULL_FILE)
    args = ("community_rehab", "--on", "2026-11-02", "--doc", "康-1", "--term-years", "1")
    ok(yuesong("person", "status", "1", *args))
    assert kinds(yuesong, "term_ending", "2027-10-01") == []
    assert kinds(yuesong, "term_ending", "2027-10-02") == [
        ("YS-0001", "low", "2027-10-02", "期限于 2027-11-01 届满（还剩 30 天），请准备解除手续。")
    ]
    assert [k[:3] for k in kinds(yuesong, "term_ended", "2027-11-02")] == [
        ("YS-0001", "medium", "2027-11-02")
    ]


def test_abstinent_due_three_years_after_release(yuesong: Run, township: None) -> None:
    assert kinds(yuesong, "abstinent_due", "2026-11-28") == []
    assert kinds(yuesong, "abstinent_due") == [("YS-0005", "low", "2026-11-29", ABSTINENT)]
    ok(yuesong("person", "status", "5", "abstinent_3y", "--on", "2026-11-29"))
    assert kinds(yuesong, "abstinent_due") == []


def test_no_abstinent_due_after_a_positive_test(yuesong: Run, township: None) -> None:
    args = ("log", "5", "urine", "--result", "positive", "--substance", "heroin")
    result = yuesong(*args, "--on", "2025-05-01")
    # Kept, with a warning: the person was released by then (no obligation is kept).
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("注意：YS-0005 自 2023-11-29 起为“解除”")
    assert kinds(yuesong, "abstinent_due") == []


def test_file_incomplete_until_the_fields_are_filled(yuesong: Run, township: None) -> None:
    assert kinds(yuesong, "file_incomplete") == [("YS-0006", "low", "2026-11-23", INCOMPLETE)]
    ok(yuesong("person", "edit", "6", "--ethnicity", "佤族"))
    assert kinds(yuesong, "file_incomplete") == [
        ("YS-0006", "low", "2026-11-23", "档案缺少报表所需的 1 项信息：风险等级。")
    ]
    ok(yuesong("person", "edit", "6", "--risk", "medium"))
    assert kinds(yuesong, "file_incomplete") == []
    # Clearing a required field brings it back.
    ok(yuesong("person", "edit", "6", "--village", ""))
    assert kinds(yuesong, "file_incomplete") == [
        ("YS-0006", "low", "2026-11-23", "档案缺少报表所需的 1 项信息：村委会。")
    ]


def test_file_incomplete_names_every_missing_field(yuesong: Run) -> None:
    register(yuesong, "艾那", 123, "2026-11-23")
    assert kinds(yuesong, "file_incomplete") == [
        (
            "YS-0001",
            "low",
            "2026-11-23",
            "档案缺少报表所需的 10 项信息：民族、户籍地、现住址、村委会、村民小组、滥用毒品、"
            "吸食方式、决定书编号、决定日期、风险等级。",
        )
    ]
