"""``yuesong breach add`` and ``yuesong breach list``: breaches of the agreement and the
serious-breach rule (戒毒条例 Art. 20) through the command line, and the alerts they
raise. The counting itself is unit-tested in test_breaches.py; here the wiring: what is
stored, what tests count by themselves, and that the listing and the alerts agree.

The persons are registered on Monday 2026-11-23 with a complete file, so that as of
2026-11-29 (the pinned clock) the only alerts about them are the breach ones.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, fails, fingerprint, id_number, ok

from yuesong_cli.messages import t

Run = Callable[..., InvokeResult]

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
    "2026-11-20",
    "--risk",
    "low",
)


def as_json(result: InvokeResult) -> Any:
    return json.loads(ok(result))


@pytest.fixture
def aina(yuesong: Run) -> None:
    """艾那 (YS-0001), community treatment, registered 2026-11-23."""
    number = id_number(123, dt.date(1990, 1, 1))
    args = ("--name", "艾那", "--id-number", number, "--since", "2026-11-23", *FULL_FILE)
    assert ok(yuesong("person", "add", *args)) == "YS-0001\n"


def breach(yuesong: Run, *args: str) -> str:
    return ok(yuesong("breach", "add", "1", *args))


def refused_test(yuesong: Run, day: str) -> None:
    ok(yuesong("log", "1", "urine", "--result", "refused", "--on", day))


def headline(yuesong: Run, *options: str) -> str:
    return ok(yuesong("breach", "list", "1", *options)).splitlines()[0]


def breach_alerts(yuesong: Run, as_of: str = "2026-11-29") -> list[dict[str, Any]]:
    found = as_json(yuesong("alerts", "--as-of", as_of, "--format", "json"))
    kinds = ("serious_breach", "near_serious_breach")
    return [a for a in found if a["person_id"] == 1 and a["kind"] in kinds]


def summary(
    dodged: int, leavings: int, days: int, others: int, verdict: str, since: str = "2026-11-23"
) -> str:
    return (
        f"YS-0001 本期限（自 {since}）：逃避或拒绝尿检 {dodged} 次，擅自离开县域 "
        f"{leavings} 次、累计 {days} 天，其他 {others} 次。{t(f'breach.verdict.{verdict}')}"
    )


# --- add and list ---------------------------------------------------------------------------


def test_add_left_county_and_list_it(yuesong: Run, aina: None) -> None:
    printed = breach(yuesong, "left_county", "--on", "2026-11-24", "--days", "3")
    assert printed == "已记录 YS-0001 的违反协议 #1：擅自离开县域（2026-11-24）。\n"
    breach(yuesong, "other", "--on", "2026-11-25", "--note", "未按时报告")
    assert ok(yuesong("breach", "list", "YS-0001")) == (
        f"{summary(0, 1, 3, 1, 'none')}\n"
        "\n"
        "序号  日期        类型          离开天数  来源  内容\n"
        "   1  2026-11-24  擅自离开县域         3  登记\n"
        "   2  2026-11-25  其他违反协议            登记  未按时报告\n"
    )
    assert as_json(yuesong("breach", "list", "1", "--format", "json")) == [
        {
            "happened_on": "2026-11-24",
            "kind": "left_county",
            "days_away": 3,
            "source": "recorded",
            "note": None,
            "id": 1,
        },
        {
            "happened_on": "2026-11-25",
            "kind": "other",
            "days_away": None,
            "source": "recorded",
            "note": "未按时报告",
            "id": 2,
        },
    ]


def test_list_in_english(yuesong: Run, aina: None) -> None:
    breach(yuesong, "left", "--on", "2026-11-24", "--days", "3")
    breach(yuesong, "left_county", "--on", "2026-11-26", "--days", "2")
    text = ok(yuesong("--lang", "en", "breach", "list", "1"))
    assert text.splitlines()[0] == (
        "YS-0001 this term (since 2026-11-23): tests dodged or refused: 0; left the county: 2 "
        "(days away: 5); other: 0. One more is a serious breach."
    )


def test_list_without_breaches(yuesong: Run, aina: None) -> None:
    assert ok(yuesong("breach", "list", "1")) == (
        f"{summary(0, 0, 0, 0, 'none')}\n\n{t('render.empty')}\n"
    )
    assert as_json(yuesong("breach", "list", "1", "--format", "json")) == []


@pytest.mark.parametrize(
    ("word", "extra", "kind"),
    [
        ("离县", ["--days", "2"], "left_county"),
        ("擅自离开", ["--days", "2"], "left_county"),
        ("拒检", [], "refused_test"),
        ("未到", [], "absent_test"),
        ("拒绝尿检", [], "refused_test"),
        ("其他", [], "other"),
    ],
)
def test_chinese_kind_words(
    yuesong: Run, aina: None, word: str, extra: list[str], kind: str
) -> None:
    breach(yuesong, word, "--on", "2026-11-24", *extra)
    [row] = as_json(yuesong("breach", "list", "1", "--format", "json"))
    assert (row["happened_on"], row["kind"]) == ("2026-11-24", kind)


def test_list_as_of_counts_up_to_that_day(yuesong: Run, aina: None) -> None:
    refused_test(yuesong, "2026-11-24")
    refused_test(yuesong, "2026-11-26")
    assert headline(yuesong, "--as-of", "2026-11-25") == summary(1, 0, 0, 0, "none")
    rows = as_json(yuesong("breach", "list", "1", "--as-of", "2026-11-25", "--format", "json"))
    assert [r["happened_on"] for r in rows] == ["2026-11-24"]
    assert headline(yuesong) == summary(2, 0, 0, 0, "near")


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["refused_test", "--days", "2"], "breach.days_only_left_county"),
        (["拒检", "--days", "2"], "breach.days_only_left_county"),
        (["absent_test", "--days", "1"], "breach.days_only_left_county"),
        (["other", "--days", "1"], "breach.days_only_left_county"),
        (["left_county"], "breach.days_required"),
        (["离县", "--days", "0"], "breach.days_required"),
        (["left_county", "--days", "-3"], "breach.days_required"),
    ],
)
def test_days_only_and_always_with_left_county(
    yuesong: Run, aina: None, db_path: Path, args: list[str], key: str
) -> None:
    unchanged = fingerprint(db_path)
    assert fails(yuesong("breach", "add", "1", *args, "--on", "2026-11-24")) == t(key)
    assert fingerprint(db_path) == unchanged


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nope"],
            "不认识的违反协议类型“nope”；可选：拒绝尿检、未到尿检、擅自离开县域、其他违反协议。",
        ),
        (["other", "--on", "2026-11-30"], t("error.date.future")),
        (
            ["other", "--on", "2026-11-22"],
            t("error.contact.before_registration", day="2026-11-23"),
        ),
    ],
)
def test_other_refusals(
    yuesong: Run, aina: None, db_path: Path, args: list[str], message: str
) -> None:
    unchanged = fingerprint(db_path)
    assert fails(yuesong("breach", "add", "1", *args)) == message
    assert fingerprint(db_path) == unchanged


# --- tests refused or not come to are breaches by themselves ----------------------------------


def test_refused_test_is_listed_as_a_test_record_and_counts(yuesong: Run, aina: None) -> None:
    refused_test(yuesong, "2026-11-24")
    ok(yuesong("log", "1", "urine", "--result", "absent", "--mode", "phone", "--on", "11-26"))
    ok(yuesong("log", "1", "urine", "--result", "negative", "--on", "2026-11-27"))
    assert ok(yuesong("breach", "list", "1")) == (
        f"{summary(2, 0, 0, 0, 'near')}\n"
        "\n"
        "序号  日期        类型      离开天数  来源      内容\n"
        "      2026-11-24  拒绝尿检            尿检记录\n"
        "      2026-11-26  未到尿检            尿检记录\n"
    )


def test_a_test_also_recorded_by_hand_is_one_breach(yuesong: Run, aina: None) -> None:
    refused_test(yuesong, "2026-11-24")
    breach(yuesong, "拒检", "--on", "2026-11-24", "--note", "当场拒绝")
    rows = as_json(yuesong("breach", "list", "1", "--format", "json"))
    assert [(r["happened_on"], r["kind"], r["source"], r["note"]) for r in rows] == [
        ("2026-11-24", "refused_test", "recorded", "当场拒绝")
    ]
    assert headline(yuesong) == summary(1, 0, 0, 0, "none")
    assert breach_alerts(yuesong) == []


def test_json_names_the_source_by_key_whatever_the_language(yuesong: Run, aina: None) -> None:
    refused_test(yuesong, "2026-11-24")
    breach(yuesong, "other", "--on", "2026-11-25")
    zh = as_json(yuesong("breach", "list", "1", "--format", "json"))
    en = as_json(yuesong("--lang", "en", "breach", "list", "1", "--format", "json"))
    assert [(r["kind"], r["source"]) for r in zh] == [
        ("refused_test", "test"),
        ("other", "recorded"),
    ]
    assert en == zh


def test_every_recorded_breach_is_listed_and_counted(yuesong: Run, aina: None) -> None:
    for _ in range(3):
        breach(yuesong, "left_county", "--on", "2026-11-24", "--days", "2")
    assert [a["kind"] for a in breach_alerts(yuesong)] == ["serious_breach"]
    rows = as_json(yuesong("breach", "list", "1", "--format", "json"))
    assert len(rows) == 3
    assert headline(yuesong) == summary(0, 3, 6, 0, "serious")


# --- the thresholds, in the listing and in the alerts ------------------------------------------


def alert(kind: str, severity: str, since: str, detail: str) -> dict[str, Any]:
    return {
        "person_id": 1,
        "case_no": "YS-0001",
        "name": "艾*",
        "village": "岳宋村",
        "kind": kind,
        "severity": severity,
        "since": since,
        "detail": detail,
    }


def test_two_refused_tests_are_near_three_are_serious(yuesong: Run, aina: None) -> None:
    refused_test(yuesong, "2026-11-23")
    assert headline(yuesong) == summary(1, 0, 0, 0, "none")
    assert breach_alerts(yuesong) == []

    refused_test(yuesong, "2026-11-25")
    assert headline(yuesong) == summary(2, 0, 0, 0, "near")
    assert breach_alerts(yuesong) == [
        alert(
            "near_serious_breach",
            "medium",
            "2026-11-25",
            "本期限内逃避或拒绝尿检 2 次，擅自离开县域 0 次、累计 0 天，"
            "再违反一次即构成严重违反协议，请加强教育。",
        )
    ]

    breach(yuesong, "refused_test", "--on", "2026-11-27")
    assert headline(yuesong) == summary(3, 0, 0, 0, "serious")
    assert breach_alerts(yuesong) == [
        alert(
            "serious_breach",
            "high",
            "2026-11-27",
            "本期限内逃避或拒绝尿检 3 次，擅自离开县域 0 次、累计 0 天，已构成严重违反协议，"
            "应报告公安机关。",
        )
    ]
    # Seen from before the third, it was only near.
    assert headline(yuesong, "--as-of", "2026-11-26") == summary(2, 0, 0, 0, "near")
    assert [a["kind"] for a in breach_alerts(yuesong, "2026-11-26")] == ["near_serious_breach"]


@pytest.mark.parametrize(
    ("days", "verdict", "kind", "severity"),
    [
        ([10, 20], "near", "near_serious_breach", "medium"),  # 30 days: not serious
        ([10, 21], "serious", "serious_breach", "high"),  # 31 days: serious
        ([31], "serious", "serious_breach", "high"),
        ([20], "none", None, None),  # under 21 days: not even near
        ([21], "near", "near_serious_breach", "medium"),
    ],
)
def test_days_away_over_thirty_in_all_is_serious(
    yuesong: Run,
    days: list[int],
    verdict: str,
    kind: str | None,
    severity: str | None,
) -> None:
    # Registered early enough for the days away to have passed by today (2026-11-29).
    number = id_number(123, dt.date(1990, 1, 1))
    args = ("--name", "艾那", "--id-number", number, "--since", "2026-09-01", *FULL_FILE)
    ok(yuesong("person", "add", *args))
    for index, count in enumerate(days):
        breach(yuesong, "离县", "--on", f"2026-10-{1 + index:02d}", "--days", str(count))
    total = sum(days)
    assert headline(yuesong) == summary(0, len(days), total, 0, verdict, "2026-09-01")
    found = breach_alerts(yuesong)
    if kind is None:
        assert found == []
        return
    tail = (
        "已构成严重违反协议，应报告公安机关。"
        if kind == "serious_breach"
        else "再违反一次即构成严重违反协议，请加强教育。"
    )
    assert found == [
        alert(
            kind,
            str(severity),
            f"2026-10-{len(days):02d}",
            f"本期限内逃避或拒绝尿检 0 次，擅自离开县域 {len(days)} 次、累计 {total} 天，{tail}",
        )
    ]


def test_three_leavings_are_serious_whatever_the_days(yuesong: Run, aina: None) -> None:
    for day in ("2026-11-24", "2026-11-25", "2026-11-26"):
        breach(yuesong, "left_county", "--on", day, "--days", "1")
    assert headline(yuesong) == summary(0, 3, 3, 0, "serious")
    assert [(a["kind"], a["since"]) for a in breach_alerts(yuesong)] == [
        ("serious_breach", "2026-11-26")
    ]


def test_breaches_of_an_earlier_term_do_not_count(yuesong: Run, aina: None) -> None:
    for day in ("2026-11-23", "2026-11-24", "2026-11-25"):
        refused_test(yuesong, day)
    assert headline(yuesong) == summary(3, 0, 0, 0, "serious")
    # A new decision starts a new term on 26 November: the count starts again.
    ok(yuesong("person", "status", "1", "社区戒毒", "--on", "2026-11-26", "--doc", "戒-2"))
    assert headline(yuesong) == (
        "YS-0001 本期限（自 2026-11-26）：逃避或拒绝尿检 0 次，擅自离开县域 0 次、累计 0 天，"
        "其他 0 次。未达到严重违反协议。"
    )
    assert len(as_json(yuesong("breach", "list", "1", "--format", "json"))) == 3
    assert breach_alerts(yuesong) == []


def test_a_day_in_an_earlier_term_counts_that_terms_breaches(yuesong: Run) -> None:
    """The file holds the latest term; breach list --as-of a day in an earlier one counts
    the breaches of the term then in force."""
    number = id_number(125, dt.date(1990, 1, 1))
    ok(yuesong("person", "add", "--name", "艾那", "--id-number", number, "--since", "2025-01-06"))
    for day in ("2025-03-03", "2025-04-07", "2025-05-05"):
        refused_test(yuesong, day)
    ok(
        yuesong(
            "person", "status", "1", "compulsory_isolation", "--on", "2025-06-02", "--doc", "强1"
        )
    )
    ok(yuesong("person", "status", "1", "community_rehab", "--on", "2026-06-01", "--doc", "康1"))
    then = ok(yuesong("breach", "list", "1", "--as-of", "2025-05-31")).splitlines()[0]
    assert then.startswith("YS-0001 本期限（自 2025-01-06）：逃避或拒绝尿检 3 次")
    assert then.endswith("已构成严重违反协议。")
    now = ok(yuesong("breach", "list", "1")).splitlines()[0]
    assert now.startswith("YS-0001 本期限（自 2026-06-01）：逃避或拒绝尿检 0 次")
    kinds = [
        a["kind"] for a in as_json(yuesong("alerts", "--as-of", "2025-05-31", "--format", "json"))
    ]
    assert "serious_breach" in kinds


def test_more_days_away_than_have_passed_are_refused(yuesong: Run, aina: None) -> None:
    # Left on 11-24: by today (11-29) at most 6 days away.
    line = fails(yuesong("breach", "add", "1", "离县", "--on", "2026-11-24", "--days", "7"))
    assert line == t("breach.days_too_many", most=6)
    breach(yuesong, "离县", "--on", "2026-11-24", "--days", "6")
