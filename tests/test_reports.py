"""``yuesong report`` through the command line (docs/domain.md "Figures reported upward",
docs/model.md: the period that holds an obligation's deadline owns it).

Two ledgers, each built once per module (reports only read, so tests share them):

The worked example, counted by hand below, as of 2026-11-29:

- YS-0001 艾那, 岳宋村, community treatment from Tuesday 2026-09-01 (registered that day),
  every required field of the file filled in. Contacts, all in person unless said:
  10-02 urine negative, 10-06 talk, 10-13 visit, 10-20 talk by phone (no meeting),
  10-21 meet. Police officer 岩块 is in the team.
- YS-0002 叶块, 班帅村, community treatment from Tuesday 2026-09-15, village and group only.
  Contacts: 09-30 meet, 10-08 urine positive (meth), 10-14 talk by phone (no meeting),
  10-15 meet. Police officer 岩块 is in the team.
- YS-0003 娜莫, 永广村, community treatment from Saturday 2026-10-10 (registered that day),
  village and group only. Contact: 10-10 meet and visit. 赛保 is the responsible helper.

Every contact is entered on 2026-11-29 (the pinned clock), after every deadline of
October: each kept obligation of October is kept late.

October 2026 (Thursday 1st to Saturday 31st) owns these obligations:

- meet, ISO weeks whose Sunday is in October: Sundays 4, 11, 18 and 25 (1 November is a
  Sunday of November). Weeks 09-28~10-04, 10-05~10-11, 10-12~10-18, 10-19~10-25.
    艾那 4 due (met 10-02, 10-06, 10-13, 10-21; 10-20 was by phone): 4 kept.
    叶块 4 due (met 09-30, 10-08, 10-15; none 10-19~10-25): 3 kept.
    娜莫 3 due (the week 10-05~10-11 holds her first two days): met 10-10 only, 1 kept.
  meet: 11 due, 8 kept, 3 missed.
- talk, half-months ending 10-15 and 10-31:
    艾那 2 due, kept 10-06 and 10-20 (by phone counts): 2 kept.
    叶块 2 due, kept 10-14 only: 1 kept.
    娜莫 2 due (10-10 lies in the first half): 0 kept.
  talk: 6 due, 3 kept.
- visit, the month: 艾那 kept (10-13), 叶块 missed, 娜莫 kept (10-10): 3 due, 2 kept.
- report, the quarter: Q3 ends 09-30, Q4 12-31; none ends in October: 0 due.
- urine, monthly windows from each term's start (first year of community treatment):
    艾那 09-01~09-30, 10-01~10-31: the second ends in October, kept by 10-02.
    叶块 09-15~10-14: ends in October, kept by the positive test of 10-08 (a result).
    娜莫 10-10~11-09: ends in November.
  urine: 2 due, 2 kept.
  Township: 22 due, 15 kept.

管控率: persons with an obligation in October: 3; every one kept: 艾那 only. 1/3.
复吸率: positive in October: 叶块; under supervision in October: all three. 1/3.
新增率: registered in October: 娜莫; registered before 10-01: 艾那, 叶块. 1/2.
录入率: complete files among those registered by 10-31: 艾那 only. 1/3.
Nobody was registered a year before: every figure of 2025-10 is 0/0.

The second ledger is ``yuesong sample --persons 60 --seed 5 --as-of 2026-11-29``, for
the properties that must hold whatever the data: a quarter is the sum of its months, the
report counts what the due list shows, villages and helpers add up.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, build_ledger, cli, fails, id_number, ok

from yuesong_cli.ledger.reports import OUTREACH_KEYS

Run = Callable[..., InvokeResult]

AS_OF = "2026-11-29"
RULES = ("meet", "talk", "visit", "report", "urine")
COMPLETE_FILE = (
    "--ethnicity",
    "佤族",
    "--household-address",
    "岳宋村一组",
    "--current-address",
    "岳宋村一组",
    "--group",
    "一组",
    "--drugs",
    "heroin",
    "--method",
    "inhaled",
    "--doc",
    "西公(禁)决字〔2026〕1号",
    "--decision-date",
    "2026-08-25",
    "--risk",
    "medium",
)


def as_json(result: InvokeResult) -> Any:
    return json.loads(ok(result))


def build_example(run: Run) -> None:
    def register(name: str, sequence: int, since: str, village: str, *options: str) -> None:
        number = id_number(sequence, dt.date(1990, 1, 1))
        ok(
            run(
                "person", "add", "--name", name, "--id-number", number, "--since", since,
                "--village", village, *options,
            )
        )  # fmt: skip

    register("艾那", 123, "2026-09-01", "岳宋村", *COMPLETE_FILE)
    register("叶块", 125, "2026-09-15", "班帅村", "--group", "二组")
    register("娜莫", 124, "2026-10-10", "永广村", "--group", "三组")
    ok(run("helper", "add", "岩块", "--role", "police"))
    ok(run("helper", "add", "赛保", "--role", "responsible"))
    ok(run("team", "assign", "1", "岩块", "--role", "police"))
    ok(run("team", "assign", "2", "岩块", "--role", "police"))
    ok(run("team", "assign", "3", "赛保", "--role", "responsible"))
    for ref, *contact in [
        ("1", "urine", "--result", "negative", "--on", "2026-10-02"),
        ("1", "talk", "--on", "2026-10-06"),
        ("1", "visit", "--on", "2026-10-13"),
        ("1", "talk", "--mode", "phone", "--on", "2026-10-20"),
        ("1", "meet", "--on", "2026-10-21"),
        ("2", "meet", "--on", "2026-09-30"),
        ("2", "urine", "--result", "positive", "--substance", "meth", "--on", "2026-10-08"),
        ("2", "talk", "--mode", "phone", "--on", "2026-10-14"),
        ("2", "meet", "--on", "2026-10-15"),
        ("3", "meet", "visit", "--on", "2026-10-10"),
    ]:
        ok(run("log", ref, *contact))


def build_sample(run: Run) -> None:
    ok(run("sample", "--persons", "60", "--seed", "5", "--as-of", AS_OF))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return cli(build_ledger(tmp_path_factory.mktemp("example") / "example.db", build_example))


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger(tmp_path_factory.mktemp("sample") / "sample.db", build_sample)


@pytest.fixture
def sample(sample_path: Path) -> Run:
    return cli(sample_path)


def summary(run: Run, *period: str, as_of: str = AS_OF) -> dict[str, Any]:
    found: dict[str, Any] = as_json(
        run("report", "summary", *period, "--as-of", as_of, "--format", "json")
    )
    return found


def tallies(report: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {row["rule"]: {k: v for k, v in row.items() if k != "rule"} for row in report["rules"]}


def tally(due: int, kept: int, open_: int = 0, late: int | None = None) -> dict[str, int]:
    """A rule's row; by default every kept one late (entered on 2026-11-29)."""
    return {
        "due": due,
        "kept": kept,
        "missed": due - kept,
        "open": open_,
        "late": kept if late is None else late,
    }


NAMES = {
    "rule.meet": ("见面率", "meeting rate"),
    "rule.talk": ("谈话率", "talk rate"),
    "rule.visit": ("走访率", "home-visit rate"),
    "rule.report": ("汇报率", "report rate"),
    "rule.urine": ("尿检率", "urine-test rate"),
    "control_rate": ("管控率", "control rate"),
    "relapse_rate": ("复吸率", "relapse rate"),
    "new_rate": ("新增率", "new-user rate"),
    "entry_rate": ("录入率", "entry rate"),
    "minors": ("未成年人在管", "minors under supervision"),
    "education_coverage": ("毒品预防教育覆盖率", "prevention-education coverage"),
    "trained": ("参加技能培训", "given training"),
    "employed": ("帮扶就业", "helped into work"),
}


def figure(
    key: str,
    numerator: int,
    denominator: int,
    value: float | None,
    before: tuple[int, int] = (0, 0),
) -> dict[str, Any]:
    """A figure of the worked example: nothing a year before (by default 0/0, no
    change)."""
    zh, en = NAMES[key]
    earlier = before[0] / before[1] if before[1] else None
    return {
        "key": key,
        "name_zh": zh,
        "name_en": en,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "previous": earlier,
        "previous_numerator": before[0],
        "previous_denominator": before[1],
        "change_pct": None,
        "change_points": None if earlier is None or value is None else 0.0,
    }


# --- the worked example -------------------------------------------------------------------


def test_the_worked_example_counts_each_rule_by_hand(example: Run) -> None:
    report = summary(example, "--period", "2026-10")
    assert (report["period"], report["start"], report["end"]) == (
        "2026-10",
        "2026-10-01",
        "2026-10-31",
    )
    assert (report["previous_period"], report["as_of"]) == ("2025-10", AS_OF)
    assert tallies(report) == {
        "meet": tally(11, 8),
        "talk": tally(6, 3),
        "visit": tally(3, 2),
        "report": tally(0, 0),
        "urine": tally(2, 2),
    }


def test_the_worked_example_figures_with_numerators_and_denominators(example: Run) -> None:
    report = summary(example, "--period", "2026-10")
    assert report["figures"] == [
        figure("rule.meet", 8, 11, 0.7273),
        figure("rule.talk", 3, 6, 0.5),
        figure("rule.visit", 2, 3, 0.6667),
        figure("rule.report", 0, 0, None),
        figure("rule.urine", 2, 2, 1.0),
        # 艾那 alone kept every obligation of October.
        figure("control_rate", 1, 3, 0.3333),
        # 叶块's positive test of 10-08, of the three under supervision in October.
        figure("relapse_rate", 1, 3, 0.3333),
        # 娜莫, registered 10-10, over 艾那 and 叶块, registered before October.
        figure("new_rate", 1, 2, 0.5),
        # 艾那's file alone has every required field.
        figure("entry_rate", 1, 3, 0.3333),
        # All three are adults.
        figure("minors", 0, 3, 0.0),
        # No session in any of the three persons' village groups, now or a year before.
        figure("education_coverage", 0, 3, 0.0, before=(0, 3)),
        # No one was given training or a job.
        figure("trained", 0, 3, 0.0),
        figure("employed", 0, 3, 0.0),
    ]
    assert report["by_status"] == {"community_treatment": 3}


def test_the_worked_example_by_village(example: Run) -> None:
    villages = summary(example, "--period", "2026-10")["by_village"]
    rows = {row["name"]: row for row in villages}
    # 艾那 8 due, all kept; 叶块 4+2+1+1 due, 3+1+0+1 kept; 娜莫 3+2+1 due, 1+0+1 kept.
    counted = {
        name: (r["persons"], r["supervised"], r["due"], r["kept"]) for name, r in rows.items()
    }
    assert counted == {"岳宋村": (1, 1, 8, 8), "班帅村": (1, 1, 8, 5), "永广村": (1, 1, 6, 2)}
    assert [r["name"] for r in villages] == sorted(rows)
    # Who relapsed, who was controlled, who is new and whose file is complete.
    fractions = {
        name: {f["key"]: (f["numerator"], f["denominator"]) for f in row["figures"]}
        for name, row in rows.items()
    }
    assert {name: f["relapse_rate"] for name, f in fractions.items()} == {
        "岳宋村": (0, 1),
        "班帅村": (1, 1),
        "永广村": (0, 1),
    }
    assert {name: f["control_rate"] for name, f in fractions.items()} == {
        "岳宋村": (1, 1),
        "班帅村": (0, 1),
        "永广村": (0, 1),
    }
    assert {name: f["new_rate"] for name, f in fractions.items()} == {
        "岳宋村": (0, 1),
        "班帅村": (0, 1),
        "永广村": (1, 0),
    }
    assert {name: f["entry_rate"] for name, f in fractions.items()} == {
        "岳宋村": (1, 1),
        "班帅村": (0, 1),
        "永广村": (0, 1),
    }


def test_the_worked_example_by_helper(example: Run) -> None:
    report = as_json(
        example("report", "helper", "--period", "2026-10", "--as-of", AS_OF, "--format", "json")
    )
    assert (report["period"], report["as_of"]) == ("2026-10", AS_OF)
    rows = [
        (r["helper_id"], r["name"], r["role"], r["persons"], r["due"], r["kept"], r["missed"])
        for r in report["groups"]
    ]
    # 岩块: 艾那 and 叶块, 8 + 8 due, 8 + 5 kept. 赛保: 娜莫, 6 due, 2 kept.
    assert rows == [(1, "岩块", "police", 2, 16, 13, 3), (2, "赛保", "responsible", 1, 6, 2, 4)]


def test_the_weekly_chart_counts_by_the_week_holding_each_deadline(example: Run) -> None:
    weeks = summary(example, "--period", "2026-10")["weekly"]
    # Thirteen weeks, the last the one of Sunday 10-25 (the last Sunday of October).
    assert [w["week_start"] for w in weeks] == [
        (dt.date(2026, 7, 27) + dt.timedelta(weeks=n)).isoformat() for n in range(13)
    ]
    assert weeks[-1]["week_end"] == "2026-10-25"
    assert [(w["due"], w["kept"], w["rate"]) for w in weeks] == [
        # Nobody was under supervision before 1 September.
        *[(0, 0, None)] * 5,
        (1, 0, 0.0),  # 08-31~09-06: 艾那's first week
        (1, 0, 0.0),  # 09-07~09-13
        # 09-14~09-20: both met nobody; the half-month of 09-15 for both (叶块 from 09-15).
        (4, 0, 0.0),
        (2, 0, 0.0),  # 09-21~09-27
        # 09-28~10-04: the weeks (both kept: 10-02, 09-30); by 09-30 the half-month,
        # September's visit, Q3's report (each missed by both) and 艾那's first urine window.
        (9, 2, 0.2222),
        (3, 3, 1.0),  # 10-05~10-11: 10-06, 10-08, 10-10
        # 10-12~10-18: weeks (娜莫 missed), half-month of 10-15 (娜莫 missed), 叶块's urine.
        (7, 5, 0.7143),
        (3, 1, 0.3333),  # 10-19~10-25: 艾那 alone met (10-21)
    ]


def test_as_of_inside_the_period_counts_deadlines_come_and_contacts_made_by_then(
    example: Run,
) -> None:
    report = summary(example, "--period", "2026-10", as_of="2026-10-15")
    assert report["as_of"] == "2026-10-15"
    # Weeks of 10-04 and 10-11 (5 windows, all kept); the half-month of 10-15 is still
    # open for 娜莫 on its last day, so not counted yet; 叶块's urine window of 10-14.
    assert tallies(report) == {
        "meet": tally(5, 5),
        "talk": tally(2, 2, open_=1),
        "visit": tally(0, 0),
        "report": tally(0, 0),
        "urine": tally(1, 1),
    }


def test_a_year_with_the_same_period_a_year_before(example: Run) -> None:
    # 2027-10 as of 2027-11-29 (a future day, status assumed to go on): the year before
    # is the worked example's October, so "previous" carries its counts.
    report = summary(example, "--period", "2027-10", as_of="2027-11-29")
    assert report["previous_period"] == "2026-10"
    previous = {
        f["key"]: (f["previous_numerator"], f["previous_denominator"], f["previous"])
        for f in report["figures"]
    }
    assert previous == {
        "rule.meet": (8, 11, 0.7273),
        "rule.talk": (3, 6, 0.5),
        "rule.visit": (2, 3, 0.6667),
        "rule.report": (0, 0, None),
        "rule.urine": (2, 2, 1.0),
        "control_rate": (1, 3, 0.3333),
        "relapse_rate": (1, 3, 0.3333),
        "new_rate": (1, 2, 0.5),
        "entry_rate": (1, 3, 0.3333),
        "minors": (0, 3, 0.0),
        "education_coverage": (0, 3, 0.0),
        "trained": (0, 3, 0.0),
        "employed": (0, 3, 0.0),
    }
    figures = {f["key"]: f for f in report["figures"]}
    # October 2027: 5 weeks (Sundays 3, 10, 17, 24, 31), nobody met.
    assert (figures["rule.meet"]["numerator"], figures["rule.meet"]["denominator"]) == (0, 15)
    assert figures["rule.meet"]["change_pct"] == -100.0
    assert figures["rule.meet"]["change_points"] == -72.73
    # Nobody relapsed: 0/3 against 1/3.
    assert figures["relapse_rate"]["value"] == 0.0
    assert figures["relapse_rate"]["change_pct"] == -100.0
    assert figures["relapse_rate"]["change_points"] == -33.33
    # Everyone was registered before October 2027: 0/3 against 1/2.
    assert (figures["new_rate"]["numerator"], figures["new_rate"]["denominator"]) == (0, 3)
    assert figures["new_rate"]["change_points"] == -50.0
    # Entry rate unchanged: a 0 % change, not None.
    assert (figures["entry_rate"]["change_pct"], figures["entry_rate"]["change_points"]) == (
        0.0,
        0.0,
    )


def test_report_person_shows_the_file_masked_and_a_calendar_that_counts(example: Run) -> None:
    out = ok(
        example(
            "report", "person", "YS-0002", "--period", "2026-10", "--as-of", AS_OF,
            "--format", "json",
        )
    )  # fmt: skip
    assert "叶块" not in out and id_number(125, dt.date(1990, 1, 1)) not in out
    document = json.loads(out)
    for key in ("timeline", "calendar", "team", "contacts", "tests", "breaches"):
        assert key in document
    assert document["case_no"] == "YS-0002"
    assert document["name"] == "叶*"
    assert document["id_number"] == "5308" + "*" * 10 + id_number(125, dt.date(1990, 1, 1))[-4:]
    # In order of deadline: meet 10-04 (09-30), 10-11 (10-08), 10-18 (10-15), 10-25 missed.
    assert [(c["name"], c["marks"], c["kept"], c["due"]) for c in document["calendar"]] == [
        ("一周一见面", "●●●✗", 3, 4),
        ("半月一谈话", "●✗", 1, 2),
        ("一月一走访", "✗", 0, 1),
        ("一季一汇报", None, 0, 0),  # no window: empty, shown as null
        ("定期尿检", "●", 1, 1),
    ]
    assert [(t["happened_on"], t["urine_result"]) for t in document["tests"]] == [
        ("2026-10-08", "positive")
    ]
    assert [(m["role"], m["helper"]) for m in document["team"]] == [("police", "岩块")]
    assert document["breaches"] == []
    assert [step["status"] for step in document["timeline"]] == ["community_treatment"]


def test_report_person_holds_only_the_period_up_to_the_day_asked(example: Run) -> None:
    document = json.loads(
        ok(
            example(
                "report", "person", "YS-0002", "--from", "2026-10-01", "--to", "2026-10-07",
                "--as-of", "2026-10-07", "--format", "json",
            )
        )
    )  # fmt: skip
    assert document["tests"] == []  # the positive test of 10-08 came after
    assert all("2026-10-01" <= c["happened_on"] <= "2026-10-07" for c in document["contacts"])


# --- periods --------------------------------------------------------------------------------


def test_a_quarter_is_the_sum_of_its_months(sample: Run) -> None:
    quarter = tallies(summary(sample, "--period", "2026Q3"))
    months = [tallies(summary(sample, "--period", f"2026-{m:02d}")) for m in (7, 8, 9)]
    assert set(quarter) == set(RULES)
    for rule in RULES:
        for column in ("due", "kept", "missed", "open", "late"):
            assert quarter[rule][column] == sum(m[rule][column] for m in months), (rule, column)
        assert quarter[rule]["open"] == 0  # every deadline of Q3 lies before the as-of day
    assert all(quarter[rule]["due"] > 0 for rule in RULES)


def test_a_year_is_the_sum_of_its_quarters(sample: Run) -> None:
    year = summary(sample, "--period", "2026")
    assert (year["start"], year["end"], year["previous_period"]) == (
        "2026-01-01",
        "2026-12-31",
        "2025",
    )
    quarters = [tallies(summary(sample, "--period", f"2026Q{q}")) for q in (1, 2, 3, 4)]
    for rule, row in tallies(year).items():
        for column, value in row.items():
            assert value == sum(q[rule][column] for q in quarters), (rule, column)


def test_the_current_month_counts_deadlines_up_to_the_as_of_day(sample: Run) -> None:
    report = summary(sample, "--period", "2026-11")
    assert (report["start"], report["end"], report["previous_period"]) == (
        "2026-11-01",
        "2026-11-30",
        "2025-11",
    )
    rules = tallies(report)
    # 2026-11-29 is a Sunday: the week ending today is open for whoever was not met yet;
    # the half-month and the month end on 11-30, not come yet: only 1–15 November counts.
    due_today = as_json(sample("due", "--all", "--as-of", AS_OF, "--format", "json"))
    open_today = Counter(
        i["rule"] for i in due_today if i["window_end"] == AS_OF and i["status"] == "due"
    )
    assert {rule: row["open"] for rule, row in rules.items()} == {
        rule: open_today.get(rule, 0) for rule in RULES
    }
    assert rules["visit"]["due"] == 0 and rules["report"]["due"] == 0
    assert all(rules[rule]["due"] > 0 for rule in ("meet", "talk"))


def test_the_quarter_and_a_span_of_its_days_agree(sample: Run) -> None:
    quarter = summary(sample, "--period", "2026Q4")
    assert (quarter["period"], quarter["start"], quarter["end"]) == (
        "2026Q4",
        "2026-10-01",
        "2026-12-31",
    )
    assert quarter["previous_period"] == "2025Q4"
    span = summary(sample, "--from", "2026-10-01", "--to", "2026-12-31")
    assert (span["period"], span["previous_period"]) == (
        "2026-10-01~2026-12-31",
        "2025-10-01~2025-12-31",
    )
    for key in ("rules", "figures", "by_status", "by_village", "weekly"):
        assert span[key] == quarter[key], key


def test_without_a_period_the_last_whole_quarter(example: Run) -> None:
    report = summary(example)
    assert (report["period"], report["start"], report["end"]) == (
        "2026Q3",
        "2026-07-01",
        "2026-09-30",
    )
    assert summary(example, as_of="2026-01-15")["period"] == "2025Q4"
    assert summary(example, as_of="2026-10-01")["period"] == "2026Q3"


def test_a_month_given_as_a_span_of_days(sample: Run) -> None:
    month = summary(sample, "--period", "2026-10")
    span = summary(sample, "--from", "2026-10-01", "--to", "2026-10-31")
    assert span["rules"] == month["rules"] and span["figures"] == month["figures"]


def test_same_period_a_year_before_is_that_periods_own_figures(sample: Run) -> None:
    # Whole years: every rule has a deadline in each (a quarter's report too), and each
    # year has a positive test and a person registered in it.
    now = {f["key"]: f for f in summary(sample, "--period", "2026")["figures"]}
    then = {f["key"]: f for f in summary(sample, "--period", "2025")["figures"]}
    assert set(now) == set(then) == set(NAMES)
    for key, figure_now in now.items():
        before = then[key]
        assert (
            figure_now["previous_numerator"],
            figure_now["previous_denominator"],
            figure_now["previous"],
        ) == (before["numerator"], before["denominator"], before["value"]), key
        # Every figure has a rate both years, above 0 a year before: each change is worked
        # out (none is left out by an undefined rate).
        num, den = figure_now["numerator"], figure_now["denominator"]
        old_num, old_den = before["numerator"], before["denominator"]
        if key == "minors":
            # The sample has no minor (docs/domain.md "Minors": 一无): 0 both years.
            assert (num, old_num) == (0, 0) and den > 0 and old_den > 0
            continue
        assert den > 0 and old_den > 0 and old_num > 0, key
        change = (num / den - old_num / old_den) / (old_num / old_den) * 100
        assert figure_now["change_pct"] == round(change, 2), key
        points = (num / den - old_num / old_den) * 100
        assert figure_now["change_points"] == round(points, 2), key


@pytest.mark.parametrize("period", ["2026-13", "2026Q5", "abc", "2026-00", "26-10"])
def test_a_period_that_cannot_be_read_is_one_line_and_exit_1(sample: Run, period: str) -> None:
    message = fails(sample("report", "summary", "--period", period))
    assert period in message


@pytest.mark.parametrize(
    "options",
    [
        ("--period", "2026-10", "--from", "2026-10-01"),
        ("--period", "2026-10", "--from", "2026-10-01", "--to", "2026-10-31"),
        ("--from", "2026-10-01"),
        ("--to", "2026-10-31"),
    ],
)
def test_period_and_span_options_used_wrongly_exit_2(sample: Run, options: tuple[str, ...]) -> None:
    fails(sample("report", "summary", *options), code=2)


def test_a_span_that_ends_before_it_begins_is_refused(sample: Run) -> None:
    fails(sample("report", "summary", "--from", "2026-10-31", "--to", "2026-10-01"))


# --- the report counts the obligations of the one model -----------------------------------


def test_the_month_counts_what_the_due_list_shows_on_each_deadline(
    sample: Run, sample_path: Path
) -> None:
    """For each day D of October, the due list of D (``--all``) holds every obligation
    whose deadline is D of the persons under active supervision on D, done when a
    contact by D kept it; the report, as of 2026-11-29, counts by the deadline too.

    The due list of D lists only persons under active supervision on D, while an
    obligation exists when any day of its window is under active supervision
    (docs/model.md). A person released, detained or gone on leave before the deadline
    still owes that window: the due list shows it on the last day the person was
    supervised. Those are added from that day's list (the day before each status
    change, read from the status history), and then the counts agree exactly.
    """
    first, last = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
    october = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    conn = sqlite3.connect(sample_path)
    try:
        changes = conn.execute("SELECT since, until FROM status_history").fetchall()
    finally:
        conn.close()
    earliest = first - dt.timedelta(days=200)  # tiered windows are at most six months
    last_days = set()
    for since, until in changes:
        # The last day of the status before a change, and the last day of a leave.
        ends = [dt.date.fromisoformat(since) - dt.timedelta(days=1)]
        if until is not None:
            ends.append(dt.date.fromisoformat(until))
        last_days.update(day for day in ends if earliest <= day < last)

    def listed(day: dt.date) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = as_json(
            sample("due", "--all", "--format", "json", "--as-of", day.isoformat())
        )
        return items

    on_deadline: dict[tuple[int, str, str], bool] = {}
    listed_on: dict[str, set[int]] = {}
    for day in october:
        items = listed(day)
        listed_on[day.isoformat()] = {i["person_id"] for i in items}
        for i in items:
            if i["window_end"] == day.isoformat():
                on_deadline[(i["person_id"], i["rule"], i["window_end"])] = i["status"] == "done"
    # The last listing before the deadline of every obligation with a deadline in October.
    latest: dict[tuple[int, str, str], tuple[dt.date, bool]] = {}
    for day in sorted(last_days | set(october)):
        for i in listed(day):
            end = dt.date.fromisoformat(i["window_end"])
            key = (i["person_id"], i["rule"], i["window_end"])
            if first <= end <= last and day <= end:
                latest[key] = (day, i["status"] == "done")
    left_before = {key: kept for key, (_, kept) in latest.items() if key not in on_deadline}
    # Each of those belongs to a person not under supervision on the deadline (not on
    # that day's list at all), and everything listed on its deadline was found again.
    for person, _rule, deadline in left_before:
        assert person not in listed_on[deadline]
    assert all(latest[key][1] == kept for key, kept in on_deadline.items())

    report = tallies(summary(sample, "--period", "2026-10"))
    for rule in RULES:
        due = sum(k[1] == rule for k in on_deadline) + sum(k[1] == rule for k in left_before)
        kept = sum(v for k, v in on_deadline.items() if k[1] == rule) + sum(
            v for k, v in left_before.items() if k[1] == rule
        )
        assert (report[rule]["due"], report[rule]["kept"]) == (due, kept), rule
        assert report[rule]["open"] == 0


# --- villages, helpers and persons add up --------------------------------------------------


@pytest.mark.parametrize("period", ["2026-10", "2026Q3"])
def test_the_villages_add_up_to_the_township(sample: Run, period: str) -> None:
    township = summary(sample, "--period", period)
    villages = as_json(
        sample("report", "village", "--period", period, "--as-of", AS_OF, "--format", "json")
    )
    assert (villages["period"], villages["as_of"]) == (period, AS_OF)
    groups = villages["groups"]
    assert [g["name"] for g in groups] == [v["name"] for v in township["by_village"]]
    rules = township["rules"]
    for column in ("due", "kept", "missed"):
        assert sum(g[column] for g in groups) == sum(r[column] for r in rules), column
    assert sum(g["persons"] for g in groups) == sum(township["by_status"].values())
    figures = {f["key"]: f for f in township["figures"]}
    assert sum(g["supervised"] for g in groups) == figures["relapse_rate"]["denominator"]
    # The numerators and denominators of every figure add up too (each person is in
    # exactly one village).
    for key, total in figures.items():
        if key in OUTREACH_KEYS:
            continue  # the township's own: a village's report has its own (test_outreach)
        parts = [next(f for f in g["figures"] if f["key"] == key) for g in groups]
        assert sum(p["numerator"] for p in parts) == total["numerator"], key
        assert sum(p["denominator"] for p in parts) == total["denominator"], key


def test_each_helper_row_is_the_sum_over_the_persons_in_their_team(
    sample: Run, sample_path: Path
) -> None:
    conn = sqlite3.connect(sample_path)
    try:
        persons = dict(
            conn.execute("SELECT id, case_no FROM persons WHERE registered_on <= '2026-10-31'")
        )
        teams: dict[int, set[int]] = {}
        for person, helper in conn.execute(
            "SELECT person_id, helper_id FROM team_members WHERE until IS NULL"
        ):
            if person in persons:
                teams.setdefault(helper, set()).add(person)
    finally:
        conn.close()
    # Each person's obligations of October, from that person's own report.
    due, kept = {}, {}
    for person, case_no in persons.items():
        document = as_json(
            sample(
                "report", "person", case_no, "--period", "2026-10", "--as-of", AS_OF,
                "--format", "json",
            )
        )  # fmt: skip
        due[person] = sum(c["due"] for c in document["calendar"])
        kept[person] = sum(c["kept"] for c in document["calendar"])
        for row in document["calendar"]:
            marks = row["marks"] or ""
            assert (marks.count("●"), len(marks)) == (row["kept"], row["due"])
    township = summary(sample, "--period", "2026-10")
    assert sum(due.values()) == sum(r["due"] for r in township["rules"])
    assert sum(kept.values()) == sum(r["kept"] for r in township["rules"])

    helpers = as_json(
        sample("report", "helper", "--period", "2026-10", "--as-of", AS_OF, "--format", "json")
    )["groups"]
    assert {row["helper_id"] for row in helpers} == set(teams)
    for row in helpers:
        members = teams[row["helper_id"]]
        assert row["persons"] == len(members)
        assert row["due"] == sum(due[p] for p in members), row["helper_id"]
        assert row["kept"] == sum(kept[p] for p in members), row["helper_id"]


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1.74, "", "↑1.7"),
        (-3.08, "%", "↓3.1%"),
        (0.04, "%", "0.0%"),
        (-0.04, "", "0.0"),
        (None, "%", "—"),
    ],
)
def test_changes_show_as_an_arrow_and_a_size(value: float | None, unit: str, shown: str) -> None:
    """No sign first: a spreadsheet would take '-3.1%' for a formula."""
    from yuesong_cli.output.figures import signed_change

    assert signed_change(value, unit) == shown
