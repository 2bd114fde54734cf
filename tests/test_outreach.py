"""Prevention education, sunshine care and minors (docs/domain.md "Minors", "The quarterly
headline", "Prevention education", "Support", "Figures reported upward", "Alerts").

Three ledgers, each built once per module (reports only read; a test that writes works
on a copy):

The township, counted by hand below, as of 2026-11-29. Zone 第一片区 with four grids that
name village groups: 网格01 岳宋村一组, 网格02 岳宋村三组, 网格03 班箐村三组, 网格04 班箐村
二组. Persons, all under community treatment from 2025-01-10 unless said:

- YS-0001 艾那, 岳宋村一组 (a group a grid names too);
- YS-0002 叶块, 岳宋村二组 (named by no grid: the register brings it);
- YS-0003 娜莫, 班箐村一组 (the register brings it);
- YS-0004 岩香, 班箐村, no group (brings none);
- YS-0005 玉儿, 岳宋村一组, released 2026-06-15;
- YS-0006 叶茸, 岳宋村一组, under treatment 2018-01-01, given relief 2018-06-01 (a note),
  released 2018-12-01, her file anonymised past its retention (`db purge`).

The township's village groups: 岳宋村 一组 二组 三组, 班箐村 一组 二组 三组: 6.

Sessions:

| # | day | kind | audience | village group |
|---|---|---|---|---|
| 1 | 2026-07-05 | village_talk | 40 | 岳宋村一组 |
| 2 | 2026-08-10 | village_talk | 30 | 岳宋村一组 again |
| 3 | 2026-09-01 | school 岳宋中心小学 | 200 | none |
| 4 | 2026-09-02 | school 岳宋中心小学 | 150 | 岳宋村, no group |
| 5 | 2026-09-20 | family | 8 | 班箐村三组 (a grid's group, no person) |
| 6 | 2026-09-25 | school 班箐小学 | 90 | none |
| 7 | 2026-06-30 | village_talk | 20 | 班箐村一组 (the day before 2026Q3) |
| 8 | 2026-10-03 | village_talk | 25 | 岳宋村二组 (after 2026Q3) |
| 9 | 2025-07-01 | village_talk | 35 | 岳宋村一组 (2025Q3's first day) |
| 10 | 2025-08-15 | village_talk | 33 | 岳宋村三组 |
| 11 | 2025-09-30 | warning_point | 12 | 班箐村二组 (2025Q3's last day) |
| 12 | 2025-10-01 | village_talk | 18 | 班箐村一组 (after 2025Q3) |

毒品预防教育覆盖率 2026Q3: 岳宋村一组 (twice, once counted), 班箐村三组: 2/6; 2025Q3:
岳宋村一组, 岳宋村三组, 班箐村二组: 3/6. 岳宋村's report: 1/3 beside 2/3; 班箐村's: 1/3
beside 1/3. 2026Q3's list: 6 sessions, 518 listening, 2 schools.

Support: 艾那 training 07-10 and 08-10, a job 09-15; 叶块 training 09-30, a job 10-01;
娜莫 relief 08-01, medical help 08-02, training 06-30; a year before, 娜莫 training
2025-08-01, 岩香 a job 2025-07-01.
Supervised in 2026Q3: YS-0001 to YS-0004 (玉儿 released before it): 4; in 2025Q3 YS-0001
to YS-0005: 5. trained 2/4 beside 1/5, employed 1/4 beside 1/5.

The minors' ledger, as of 2026-11-29, all in 岳宋村一组:

- YS-0001 岩温, born 2008-12-01 (17; 18 on 2026-12-01), community treatment from 2026-11-20;
- YS-0002 艾那, an adult, community treatment from 2026-11-20;
- YS-0003 玉香, born 2009-03-01, community treatment 2026-09-01, released 2026-10-15;
- YS-0004 岩块, born 2008-11-01 (18 on 2026-11-01), community treatment from 2026-09-01,
  obligations from 2026-11-20 (no missed streak);
- YS-0005 岩罕, born 2010-05-05 (16), registered 2026-11-10, in compulsory isolation from
  2026-11-25: paused, not closed.

未成年人在管: 2026-11 (first day 11-01): supervised 岩温, 艾那, 岩块 (18 that day): 1/3.
2026-10: supervised 玉香 and 岩块, both 17 on 10-01: 2/2. 2026Q4: 岩温, 玉香, 岩块 of four
supervised: 3/4. High alerts today: `minor` for 岩温 (since 11-20) and 岩罕 (since
11-25, the status's day after the registration); none for 玉香 (released).

The third ledger is ``yuesong sample --persons 60 --seed 5 --as-of 2026-11-29``, for the
quarterly report's goals line against the summary figures.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    TODAY,
    InvokeResult,
    build_ledger,
    cli,
    copy_ledger,
    fails,
    fingerprint,
    id_number,
    ok,
)
from hypothesis import given
from hypothesis import strategies as st

from yuesong_cli.domain.dates import age_on, is_minor
from yuesong_cli.domain.lifecycle import add_years
from yuesong_cli.output.quarterly import figure_verdict, goals

Run = Callable[..., InvokeResult]

AS_OF = TODAY.isoformat()


def as_json(result: InvokeResult) -> Any:
    return json.loads(ok(result))


def register(run: Run, name: str, sequence: int, born: str, *options: str) -> None:
    number = id_number(sequence, dt.date.fromisoformat(born))
    ok(run("person", "add", "--name", name, "--id-number", number, *options))


# --- the township ---------------------------------------------------------------------

SESSIONS: tuple[tuple[str, str, str, int, str | None, str | None], ...] = (
    ("2026-07-05", "village_talk", "一组活动室", 40, "岳宋村", "一组"),
    ("2026-08-10", "village_talk", "一组活动室", 30, "岳宋村", "一组"),
    ("2026-09-01", "school", "岳宋中心小学", 200, None, None),
    ("2026-09-02", "school", "岳宋中心小学", 150, "岳宋村", None),
    ("2026-09-20", "family", "三组农户家中", 8, "班箐村", "三组"),
    ("2026-09-25", "school", "班箐小学", 90, None, None),
    ("2026-06-30", "village_talk", "一组晒场", 20, "班箐村", "一组"),
    ("2026-10-03", "village_talk", "二组活动室", 25, "岳宋村", "二组"),
    ("2025-07-01", "village_talk", "一组活动室", 35, "岳宋村", "一组"),
    ("2025-08-15", "village_talk", "三组活动室", 33, "岳宋村", "三组"),
    ("2025-09-30", "warning_point", "禁毒警示教育点", 12, "班箐村", "二组"),
    ("2025-10-01", "village_talk", "一组晒场", 18, "班箐村", "一组"),
)

SUPPORT = (
    ("1", "training", "2026-07-10"),
    ("1", "training", "2026-08-10"),
    ("1", "job", "2026-09-15"),
    ("2", "training", "2026-09-30"),
    ("2", "job", "2026-10-01"),
    ("3", "relief", "2026-08-01"),
    ("3", "medical", "2026-08-02"),
    ("3", "training", "2026-06-30"),
    ("3", "training", "2025-08-01"),
    ("4", "job", "2025-07-01"),
)


def build_township(run: Run) -> None:
    ok(run("area", "zone", "add", "第一片区"))
    for grid, grid_village, grid_group in (
        ("网格01", "岳宋村", "一组"),
        ("网格02", "岳宋村", "三组"),
        ("网格03", "班箐村", "三组"),
        ("网格04", "班箐村", "二组"),
    ):
        ok(run("area", "grid", "add", grid, "--zone", "第一片区", "--village", grid_village,
               "--group", grid_group))  # fmt: skip
    since = ("--since", "2025-01-10")
    register(run, "艾那", 123, "1990-01-01", *since, "--village", "岳宋村", "--group", "一组")
    register(run, "叶块", 125, "1990-01-01", *since, "--village", "岳宋村", "--group", "二组")
    register(run, "娜莫", 124, "1992-05-01", *since, "--village", "班箐村", "--group", "一组")
    register(run, "岩香", 127, "1988-03-03", *since, "--village", "班箐村")
    register(run, "玉儿", 126, "1991-07-07", *since, "--village", "岳宋村", "--group", "一组")
    ok(run("person", "status", "5", "released", "--on", "2026-06-15"))
    register(run, "叶茸", 128, "1980-01-01", "--since", "2018-01-01", "--village", "岳宋村",
             "--group", "一组")  # fmt: skip
    ok(run("support", "log", "6", "--kind", "relief", "--on", "2018-06-01", "--note", "米面油"))
    ok(run("person", "status", "6", "released", "--on", "2018-12-01"))
    ok(run("db", "purge", "--commit"))
    for day, kind, place, audience, village, group in SESSIONS:
        where = [
            *(["--village", village] if village else []),
            *(["--group", group] if group else []),
        ]
        ok(run("education", "log", "--on", day, "--kind", kind, "--place", place,
               "--audience", str(audience), *where))  # fmt: skip
    for ref, kind, day in SUPPORT:
        ok(run("support", "log", ref, "--kind", kind, "--on", day))


@pytest.fixture(scope="module")
def township_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger(tmp_path_factory.mktemp("township") / "township.db", build_township)


@pytest.fixture
def township(township_path: Path) -> Run:
    return cli(township_path)


@pytest.fixture
def township_copy(township_path: Path, db_path: Path) -> Run:
    """The township in the test's own database, for a test that writes."""
    copy_ledger(township_path, db_path)
    return cli(db_path)


def summary(run: Run, *args: str) -> dict[str, Any]:
    found: dict[str, Any] = as_json(
        run("report", "summary", *args, "--as-of", AS_OF, "--format", "json")
    )
    return found


def counted(report: dict[str, Any], key: str) -> tuple[int, int, int | None, int | None]:
    """A figure's numerator and denominator, and those of a year before."""
    (figure,) = [f for f in report["figures"] if f["key"] == key]
    return (
        figure["numerator"],
        figure["denominator"],
        figure["previous_numerator"],
        figure["previous_denominator"],
    )


def test_coverage_counts_each_group_reached_once_and_no_school(township: Run) -> None:
    report = summary(township, "--period", "2026Q3")
    (coverage,) = [f for f in report["figures"] if f["key"] == "education_coverage"]
    # 岳宋村一组 (twice) and 班箐村三组 over the six groups; a year before 岳宋村一组,
    # 岳宋村三组 and 班箐村二组 (the period's first and last days held).
    assert {k: coverage[k] for k in ("numerator", "denominator", "value")} == {
        "numerator": 2,
        "denominator": 6,
        "value": 0.3333,
    }
    assert (
        coverage["previous_numerator"],
        coverage["previous_denominator"],
        coverage["previous"],
    ) == (3, 6, 0.5)
    assert coverage["name_zh"] == "毒品预防教育覆盖率"


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # The day before 2026Q3 and the first day after it count in their own months.
        ("2026-06", (1, 6, 0, 6)),
        ("2026-10", (1, 6, 1, 6)),
        # 2026: 岳宋村一组 二组, 班箐村一组 三组; 2025: 岳宋村一组 三组, 班箐村一组 二组.
        ("2026", (4, 6, 4, 6)),
        ("2026-11", (0, 6, 0, 6)),
    ],
)
def test_coverage_of_other_periods(
    township: Run, period: str, expected: tuple[int, int, int, int]
) -> None:
    assert counted(summary(township, "--period", period), "education_coverage") == expected


@pytest.mark.parametrize(
    ("village", "expected"),
    [("岳宋村", (1, 3, 2, 3)), ("班箐村", (1, 3, 1, 3))],
)
def test_a_villages_report_counts_its_own_groups(
    township: Run, village: str, expected: tuple[int, int, int, int]
) -> None:
    report = summary(township, "--period", "2026Q3", "--village", village)
    assert counted(report, "education_coverage") == expected


@pytest.mark.parametrize("where", [("--grid", "网格01"), ("--zone", "第一片区")])
def test_a_grids_or_zones_report_has_no_coverage(township: Run, where: tuple[str, str]) -> None:
    keys = {f["key"] for f in summary(township, "--period", "2026Q3", *where)["figures"]}
    assert "education_coverage" not in keys
    assert {"minors", "trained", "employed"} <= keys


def test_trained_and_employed_count_persons_once(township: Run) -> None:
    report = summary(township, "--period", "2026Q3")
    # 艾那 (trained twice) and 叶块 (on the quarter's last day) of four supervised; a
    # year before 娜莫 of five. 叶块's job of 10-01 and 娜莫's relief do not count.
    assert counted(report, "trained") == (2, 4, 1, 5)
    assert counted(report, "employed") == (1, 4, 1, 5)
    assert counted(report, "minors") == (0, 4, 0, 5)


@pytest.mark.parametrize(
    ("village", "trained", "employed"),
    [("岳宋村", (2, 2, 0, 3), (1, 2, 0, 3)), ("班箐村", (0, 2, 1, 2), (0, 2, 1, 2))],
)
def test_a_villages_report_counts_its_own_support(
    township: Run,
    village: str,
    trained: tuple[int, int, int, int],
    employed: tuple[int, int, int, int],
) -> None:
    report = summary(township, "--period", "2026Q3", "--village", village)
    assert (counted(report, "trained"), counted(report, "employed")) == (trained, employed)


def test_training_after_release_is_not_counted(township_copy: Run) -> None:
    # 玉儿 was released on 2026-06-15, before the quarter.
    ok(township_copy("support", "log", "5", "--kind", "training", "--on", "2026-08-01"))
    assert counted(summary(township_copy, "--period", "2026Q3"), "trained") == (2, 4, 1, 5)


def test_support_list_and_a_purged_files_support(township: Run) -> None:
    rows = as_json(township("support", "list", "YS-0001", "--format", "json"))
    assert [(r["on_day"], r["kind"]) for r in rows] == [
        ("2026-07-10", "training"),
        ("2026-08-10", "training"),
        ("2026-09-15", "job"),
    ]
    # Anonymised with the file: the kind and day stay, the note goes.
    (relief,) = as_json(township("support", "list", "YS-0006", "--format", "json"))
    assert (relief["on_day"], relief["kind"]) == ("2018-06-01", "relief")
    assert relief["note"] in (None, "")


HEADLINE = re.compile(
    r"^(\S+) 至 (\S+)：宣传教育 (\d+) 场，听众 (\d+) 人；"
    r"覆盖村民小组 (\d+)/(\d+)，进校园 (\d+) 所。$"
)


def education_headline(run: Run, period: str) -> tuple[str, ...]:
    out = ok(run("education", "list", "--period", period, "--format", "plain"))
    found = HEADLINE.match(out.splitlines()[0])
    assert found, out
    return found.groups()


def test_education_list_of_the_quarter(township: Run) -> None:
    assert education_headline(township, "2026Q3") == (
        "2026-07-01", "2026-09-30", "6", "518", "2", "6", "2",
    )  # fmt: skip
    rows = as_json(township("education", "list", "--period", "2026Q3", "--format", "json"))
    assert [r["held_on"] for r in rows] == [
        "2026-07-05",
        "2026-08-10",
        "2026-09-01",
        "2026-09-02",
        "2026-09-20",
        "2026-09-25",
    ]
    assert education_headline(township, "2025Q3") == (
        "2025-07-01", "2025-09-30", "3", "80", "3", "6", "0",
    )  # fmt: skip


@pytest.mark.parametrize("period", ["2026Q3", "2025Q3", "2026-10", "2026", "2025"])
def test_education_list_agrees_with_the_figure(township: Run, period: str) -> None:
    *_, reached, groups, _schools = education_headline(township, period)
    numerator, denominator, _, _ = counted(
        summary(township, "--period", period), "education_coverage"
    )
    assert (int(reached), int(groups)) == (numerator, denominator)


# --- refusals ----------------------------------------------------------------------------

SESSION = ("education", "log", "--kind", "village_talk", "--place", "活动室", "--on", "2026-11-20")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((*SESSION, "--audience", "0"), ("--audience",)),
        ((*SESSION, "--audience", "-5"), ("--audience",)),
        ((*SESSION, "--audience", "9", "--group", "一组"), ("--group", "--village")),
        ((*SESSION, "--audience", "9", "--village", "岳宋"), ("岳宋", "岳宋村、班箐村")),
        (
            (*SESSION, "--audience", "9", "--village", "岳宋村", "--group", "四组"),
            ("岳宋村", "四组", "一组、二组、三组"),
        ),
        (
            (
                "education",
                "log",
                "--kind",
                "school",
                "--place",
                "岳宋中心小学",
                "--audience",
                "9",
                "--on",
                "2026-11-30",
            ),
            ("晚于今天",),
        ),  # fmt: skip
        (("education", "log", "--kind", "talk", "--place", "x", "--audience", "9"), ("talk",)),
        (("support", "log", "1", "--kind", "bonus", "--on", "2026-11-01"), ("bonus", "技能培训")),
        (("support", "log", "1", "--kind", "training", "--on", "2026-11-30"), ("晚于今天",)),
        (("support", "log", "YS-0099", "--kind", "job"), ("YS-0099",)),
        (("support", "log", "YS-0006", "--kind", "job"), ("YS-0006", "匿名化")),
    ],
)
def test_refusals_change_nothing(
    township_copy: Run, db_path: Path, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    before = fingerprint(db_path)
    message = fails(township_copy(*args))
    for word in words:
        assert word in message, message
    assert fingerprint(db_path) == before


def test_a_session_is_recorded_and_counted(township_copy: Run) -> None:
    out = ok(
        township_copy(
            "education", "log", "--kind", "warning_point", "--place", "禁毒警示教育点",
            "--audience", "45", "--village", "班箐村", "--group", "二组", "--on", "2026-11-28",
        )
    )  # fmt: skip
    assert "2026-11-28" in out and "45" in out
    assert counted(summary(township_copy, "--period", "2026-11"), "education_coverage") == (
        1,
        6,
        0,
        6,
    )


# --- minors ------------------------------------------------------------------------------


def build_minors(run: Run) -> None:
    place = ("--village", "岳宋村", "--group", "一组")
    register(run, "岩温", 127, "2008-12-01", "--since", "2026-11-20", *place)
    register(run, "艾那", 123, "1990-01-01", "--since", "2026-11-20", *place)
    register(run, "玉香", 126, "2009-03-01", "--since", "2026-09-01", *place)
    ok(run("person", "status", "3", "released", "--on", "2026-10-15"))
    register(run, "岩块", 129, "2008-11-01", "--since", "2026-09-01",
             "--history-from", "2026-11-20", *place)  # fmt: skip
    register(run, "岩罕", 131, "2010-05-05", "--status", "compulsory_isolation",
             "--since", "2026-11-25", "--registered", "2026-11-10", *place)  # fmt: skip


@pytest.fixture(scope="module")
def minors_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger(tmp_path_factory.mktemp("minors") / "minors.db", build_minors)


@pytest.fixture
def minors(minors_path: Path) -> Run:
    return cli(minors_path)


def alerts(run: Run, *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = as_json(run("alerts", *args, "--format", "json"))
    return found


def minor_alerts(run: Run, *args: str) -> list[tuple[str, str, str]]:
    return [
        (a["case_no"], a["severity"], a["since"])
        for a in alerts(run, *args)
        if a["kind"] == "minor"
    ]


@pytest.mark.parametrize(
    ("period", "expected"),
    [("2026-11", (1, 3)), ("2026-10", (2, 2)), ("2026Q4", (3, 4))],
)
def test_minors_are_those_under_18_on_the_first_day(
    minors: Run, period: str, expected: tuple[int, int]
) -> None:
    numerator, denominator, _, _ = counted(summary(minors, "--period", period), "minors")
    assert (numerator, denominator) == expected


def test_minors_per_village(minors: Run) -> None:
    report = as_json(minors("report", "village", "--period", "2026-11", "--format", "json"))
    (village,) = report["groups"]
    (figure,) = [f for f in village["figures"] if f["key"] == "minors"]
    assert (village["name"], figure["numerator"], figure["denominator"]) == ("岳宋村", 1, 3)


def test_a_minor_not_closed_raises_a_high_alert(minors: Run) -> None:
    found = alerts(minors)
    assert [(a["case_no"], a["since"]) for a in found if a["kind"] == "minor"] == [
        ("YS-0001", "2026-11-20"),
        # In compulsory isolation (paused): the status's day, later than the registration.
        ("YS-0005", "2026-11-25"),
    ]
    (first, second) = [a for a in found if a["kind"] == "minor"]
    assert first["severity"] == second["severity"] == "high"
    assert "17" in first["detail"] and "16" in second["detail"]
    # Most severe first: the minors' alerts are the only high ones, and lead the list.
    assert [a["kind"] for a in found if a["severity"] == "high"] == ["minor", "minor"]
    assert found[0]["kind"] == "minor"


def test_the_due_list_headline_counts_the_minors_alerts(minors: Run) -> None:
    head = ok(minors("due", "--format", "plain")).splitlines()[1]
    assert re.findall(r"高级预警 (\d+) 条", head) == ["2"], head


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-11-30", [("YS-0001", "high", "2026-11-20"), ("YS-0005", "high", "2026-11-25")]),
        # 岩温's 18th birthday, and the day after: an adult.
        ("2026-12-01", [("YS-0005", "high", "2026-11-25")]),
        ("2026-12-02", [("YS-0005", "high", "2026-11-25")]),
        # 岩罕 turns 18 on 2028-05-05.
        ("2028-05-04", [("YS-0005", "high", "2026-11-25")]),
        ("2028-05-05", []),
    ],
)
def test_the_alert_ends_on_the_18th_birthday(
    minors: Run, as_of: str, expected: list[tuple[str, str, str]]
) -> None:
    assert minor_alerts(minors, "--as-of", as_of) == expected


def test_a_released_minor_has_no_alert(minors: Run) -> None:
    # 玉香 (YS-0003) is 17, released on 2026-10-15; on a day still under treatment she had one.
    assert "YS-0003" not in [case for case, _, _ in minor_alerts(minors)]
    assert ("YS-0003", "high", "2026-09-01") in minor_alerts(minors, "--as-of", "2026-10-14")


def test_the_headline_after_the_birthday(
    minors_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_ledger(minors_path, db_path)
    monkeypatch.setenv("YUESONG_NOW", "2026-12-02T01:00:00Z")
    run = cli(db_path)
    assert minor_alerts(run) == [("YS-0005", "high", "2026-11-25")]
    head = ok(run("due", "--format", "plain")).splitlines()[1]
    high = sum(1 for a in alerts(run) if a["severity"] == "high")
    assert f"高级预警 {high} 条" in head, head
    assert high == 1


# --- age_on and is_minor ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        ("2000-01-01", "2000-01-01", 0),
        ("2000-01-01", "2017-12-31", 17),
        ("2000-01-01", "2018-01-01", 18),
        ("2008-12-01", "2026-11-30", 17),
        ("2008-12-01", "2026-12-01", 18),
        # 29 February: the birthday is 28 February in other years, 29 in leap ones.
        ("2008-02-29", "2026-02-27", 17),
        ("2008-02-29", "2026-02-28", 18),
        ("2008-02-29", "2025-02-28", 17),
        ("2008-02-29", "2024-02-28", 15),
        ("2008-02-29", "2024-02-29", 16),
        ("2008-02-29", "2009-02-28", 1),
        ("2008-02-29", "2012-02-28", 3),
        ("2008-02-29", "2012-02-29", 4),
        ("2007-03-01", "2025-02-28", 17),
        ("2007-03-01", "2025-03-01", 18),
    ],
)
def test_age_on(born: str, day: str, age: int) -> None:
    assert age_on(dt.date.fromisoformat(born), dt.date.fromisoformat(day)) == age


@pytest.mark.parametrize(
    ("born", "day", "minor"),
    [
        ("2008-02-29", "2026-02-27", True),
        ("2008-02-29", "2026-02-28", False),
        ("2010-02-28", "2028-02-27", True),
        ("2010-02-28", "2028-02-28", False),
        ("2010-03-01", "2028-02-29", True),
        ("2010-03-01", "2028-03-01", False),
        ("2026-11-29", "2026-11-29", True),
    ],
)
def test_is_minor(born: str, day: str, minor: bool) -> None:
    assert is_minor(dt.date.fromisoformat(born), dt.date.fromisoformat(day)) is minor


@given(
    born=st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2030, 12, 31)),
    years=st.integers(min_value=1, max_value=90),
)
def test_age_turns_on_each_birthday(born: dt.date, years: int) -> None:
    birthday = add_years(born, years)
    assert age_on(born, birthday) == years
    assert age_on(born, birthday - dt.timedelta(days=1)) == years - 1
    assert is_minor(born, birthday - dt.timedelta(days=1)) is (years <= 18)
    assert is_minor(born, birthday) is (years < 18)


# --- the goals: figure_verdict and goals ---------------------------------------------------


def fig(
    key: str, numerator: int, denominator: int, before: tuple[int, int] | None = None
) -> dict[str, Any]:
    """A figure as Summary.as_dict gives it (rates rounded to four places)."""

    def rate(n: int, d: int) -> float | None:
        return round(n / d, 4) if d else None

    return {
        "key": key,
        "value": rate(numerator, denominator),
        "numerator": numerator,
        "denominator": denominator,
        "previous": rate(*before) if before else None,
        "previous_numerator": before[0] if before else None,
        "previous_denominator": before[1] if before else None,
    }


@pytest.mark.parametrize(
    ("figure", "way", "verdict"),
    [
        (fig("minors", 0, 30), "none", "met"),
        (fig("minors", 0, 0), "none", "met"),
        (fig("minors", 1, 30, (0, 30)), "none", "missed"),
        (None, "none", "unknown"),
        (fig("new_rate", 1, 50, (3, 50)), "down", "met"),
        (fig("new_rate", 3, 50, (3, 50)), "down", "missed"),
        (fig("new_rate", 4, 50, (3, 50)), "down", "missed"),
        # 0% cannot fall: met, beside 0% or nothing to compare.
        (fig("relapse_rate", 0, 30, (0, 0)), "down", "met"),
        (fig("relapse_rate", 0, 30), "down", "met"),
        (fig("relapse_rate", 0, 30, (0, 30)), "down", "met"),
        (fig("relapse_rate", 1, 30), "down", "unknown"),
        (fig("relapse_rate", 0, 0, (1, 30)), "down", "unknown"),
        (None, "down", "unknown"),
        (fig("control_rate", 20, 30, (15, 30)), "up", "met"),
        (fig("control_rate", 15, 30, (15, 30)), "up", "missed"),
        (fig("control_rate", 10, 30, (15, 30)), "up", "missed"),
        # 100% cannot rise: met, beside 100% or nothing to compare.
        (fig("entry_rate", 30, 30, (28, 28)), "up", "met"),
        (fig("entry_rate", 30, 30), "up", "met"),
        (fig("entry_rate", 29, 30, (28, 28)), "up", "missed"),
        (fig("education_coverage", 3, 6, (0, 0)), "up", "unknown"),
        (fig("education_coverage", 0, 0, (1, 6)), "up", "unknown"),
        (None, "up", "unknown"),
    ],
)
def test_figure_verdict(figure: dict[str, Any] | None, way: str, verdict: str) -> None:
    assert figure_verdict(figure, way) == verdict


def test_figure_verdict_compares_exact_rates() -> None:
    assert figure_verdict(fig("control_rate", 62, 103, (65, 108)), "up") == "met"
    assert figure_verdict(fig("new_rate", 65, 108, (62, 103)), "down") == "met"


ALL_MET = [
    fig("minors", 0, 30, (1, 28)),
    fig("new_rate", 1, 50, (3, 48)),
    fig("relapse_rate", 1, 30, (2, 28)),
    fig("education_coverage", 6, 6, (6, 6)),
    fig("entry_rate", 49, 50, (45, 48)),
    fig("control_rate", 20, 30, (15, 28)),
]


def with_figure(figure: dict[str, Any]) -> dict[str, Any]:
    return {"figures": [figure if f["key"] == figure["key"] else f for f in ALL_MET]}


def test_goals_all_met() -> None:
    assert goals({"figures": ALL_MET}) == [
        ("goal.none", "met", [("minors", "met")]),
        ("goal.down", "met", [("new_rate", "met"), ("relapse_rate", "met")]),
        (
            "goal.up",
            "met",
            [("education_coverage", "met"), ("entry_rate", "met"), ("control_rate", "met")],
        ),
    ]


def test_a_minor_misses_the_first_goal_only() -> None:
    verdicts = [(goal, verdict) for goal, verdict, _ in goals(with_figure(fig("minors", 1, 30)))]
    assert verdicts == [("goal.none", "missed"), ("goal.down", "met"), ("goal.up", "met")]


def test_a_figure_that_cannot_be_compared_leaves_its_goal_not_met() -> None:
    found = goals(with_figure(fig("relapse_rate", 1, 30, (0, 0))))
    assert found[1] == ("goal.down", "missed", [("new_rate", "met"), ("relapse_rate", "unknown")])
    found = goals(with_figure(fig("education_coverage", 2, 6)))
    assert found[2][:2] == ("goal.up", "missed")
    assert found[2][2][0] == ("education_coverage", "unknown")


def test_goals_of_an_empty_summary_are_not_met() -> None:
    assert [(goal, verdict) for goal, verdict, _ in goals({"figures": []})] == [
        ("goal.none", "missed"),
        ("goal.down", "missed"),
        ("goal.up", "missed"),
    ]


# --- the quarterly report of the sample -------------------------------------------------


def build_sample(run: Run) -> None:
    ok(run("sample", "--persons", "60", "--seed", "5", "--as-of", AS_OF))


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger(tmp_path_factory.mktemp("sample") / "sample.db", build_sample)


@pytest.fixture
def sample(sample_path: Path) -> Run:
    return cli(sample_path)


GOALS = (
    ("一无（辖区无未成年人吸毒）", (("minors", "none"),)),
    ("二降（新增率、复吸率同比下降）", (("new_rate", "down"), ("relapse_rate", "down"))),
    (
        "三升（教育覆盖率、录入率、管控率同比上升）",
        (("education_coverage", "up"), ("entry_rate", "up"), ("control_rate", "up")),
    ),
)
MARKS = {"met": "达成", "missed": "未达成", "unknown": "无法比较"}


def expected_mark(figure: dict[str, Any], way: str) -> str:
    """docs/domain.md "The quarterly headline", worked from the numerators."""
    if way == "none":
        return "met" if figure["numerator"] == 0 else "missed"
    now = Fraction(figure["numerator"], figure["denominator"]) if figure["denominator"] else None
    before_d = figure["previous_denominator"]
    before = Fraction(figure["previous_numerator"], before_d) if before_d else None
    if now is None:
        return "unknown"
    if way == "up" and now == 1:
        return "met"
    if before is None:
        return "unknown"
    return "met" if (now < before if way == "down" else now > before) else "missed"


def goals_line(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    (line,) = re.findall(r"工作目标：[^*<\n]*", text)
    return line


@pytest.mark.parametrize("quarter", ["2026Q3", "2026Q1"])
def test_the_quarterly_goals_agree_with_the_summary(
    sample: Run, tmp_path: Path, quarter: str
) -> None:
    ok(sample("report", "quarterly", "--quarter", quarter, "--out", str(tmp_path / "q"),
              "--as-of", AS_OF))  # fmt: skip
    (markdown,) = (tmp_path / "q").glob("*.md")
    (html,) = (tmp_path / "q").glob("*.html")
    line = goals_line(markdown)
    assert f"**{line}**" in markdown.read_text(encoding="utf-8")
    assert f'<p class="goals">{line}</p>' in html.read_text(encoding="utf-8")
    assert goals_line(html) == line
    figures = {f["key"]: f for f in summary(sample, "--period", quarter)["figures"]}
    parts = line.removeprefix("工作目标：").split("；")
    assert len(parts) == len(GOALS)
    for part, (label, members) in zip(parts, GOALS, strict=True):
        marks = [
            (figures[key]["name_zh"], expected_mark(figures[key], way)) for key, way in members
        ]
        met = all(mark == "met" for _, mark in marks)
        expected = label + MARKS["met" if met else "missed"]
        if len(members) > 1 and not met:
            expected += "（" + "、".join(name + MARKS[mark] for name, mark in marks) + "）"
        assert part == expected, (part, expected)


def test_the_samples_quarters_mark_both_ways(sample: Run) -> None:
    """The sample's 2026Q3 and 2026Q1 between them mark a goal met and one missed, so the
    check above is not vacuous."""
    seen = set()
    for quarter in ("2026Q3", "2026Q1"):
        figures = {f["key"]: f for f in summary(sample, "--period", quarter)["figures"]}
        for _, members in GOALS:
            seen |= {expected_mark(figures[key], way) for key, way in members}
    assert {"met", "missed"} <= seen


@pytest.mark.parametrize("period", ["2026Q3", "2025Q3", "2026"])
def test_the_samples_education_list_agrees_with_the_figure(sample: Run, period: str) -> None:
    *_, reached, groups, _schools = education_headline(sample, period)
    numerator, denominator, _, _ = counted(
        summary(sample, "--period", period), "education_coverage"
    )
    assert (int(reached), int(groups)) == (numerator, denominator)
    assert denominator == 48
