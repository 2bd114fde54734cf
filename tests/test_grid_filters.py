"""Filters and reports by grid (网格) and zone (片区) (issue 14, docs/commands.md "Filters"):
``due --grid/--zone`` (with ``--village`` and ``--helper``), ``due --by grid|zone``,
``person list --grid/--zone``, ``report grid`` and ``report zone``, a name not registered
refused; the kept state and the records worked out agree on each.

The ledger: the sample (120 fictional persons, seed 3, as of 2026-11-29, 7 zones and 48
grids), then two zones more whose order by code point is not the natural one (第十片区,
第十二片区: 第十二 < 第十 by code point) with a grid each (网格49, 网格100: "网格100" <
"网格11" by code point), an empty zone (第十三片区), and four fictional persons: one in each
new grid, one with a zone and no grid, one with neither. After the kept state has been
worked out (a due list and a report read), one person with open obligations moves from
their grid to 网格100, in another zone: the kept state must follow the move.

The registry itself (area add, list, import; a person's grid checked) is
tests/test_areas.py's.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from conftest import InvokeResult, build_ledger, cli, copy_ledger, fails, fingerprint, id_number, ok

from yuesong_cli.domain.people import People
from yuesong_cli.domain.periods import parse_period
from yuesong_cli.ledger import standing
from yuesong_cli.ledger.duelist import day_obligations
from yuesong_cli.ledger.reports import OUTREACH_KEYS, summary
from yuesong_cli.store.db import Store

Run = Callable[..., InvokeResult]

AS_OF = "2026-11-29"  # the day conftest pins: the kept state serves it
DAY = dt.date(2026, 11, 29)
PERIODS = ("2026Q3", "2026-11")
# The zones in the order people count them (not the order of their code points).
ZONES = (
    "第一片区",
    "第二片区",
    "第三片区",
    "第四片区",
    "第五片区",
    "第六片区",
    "第七片区",
    "第十片区",
    "第十二片区",
)
UNASSIGNED = "（未指定）"  # messages.py due.unassigned
# Every figure of report summary. Each is a count of persons (管控率, 复吸率, 新增率, 录入率:
# reports.py COUNTED) or of obligations (the rule rates) over a count of persons or of
# obligations, and every person is in exactly one group (those without a grid or a zone
# in a group of their own), so every numerator and every denominator adds up: none is
# skipped. A figure added later is named here first, and whether it adds up decided.
FIGURE_KEYS = {
    "rule.meet",
    "rule.talk",
    "rule.visit",
    "rule.report",
    "rule.urine",
    "control_rate",
    "relapse_rate",
    "new_rate",
    "entry_rate",
    "minors",
}
# The township's own figures, of no one group (docs/domain.md "Figures reported upward"):
# its prevention work and the support its persons were given.
TOWNSHIP_KEYS = set(OUTREACH_KEYS)
MOVED_TO = "网格100"


# --- the ledger -------------------------------------------------------------------------------


def build(run: Run) -> None:
    ok(run("sample", "--persons", "120", "--seed", "3", "--as-of", AS_OF))
    for zone in ("第十片区", "第十二片区", "第十三片区"):
        ok(run("area", "zone", "add", zone))
    ok(run("area", "grid", "add", "网格49", "--zone", "第十片区"))
    ok(run("area", "grid", "add", "网格100", "--zone", "第十二片区"))
    for name, sequence, since, place in (
        ("艾那", 901, "2026-01-05", ("--village", "岳宋村", "--grid", "网格49")),
        ("叶块", 903, "2026-03-02", ("--village", "曼亨村", "--grid", "网格100")),
        ("赛保", 905, "2026-02-10", ("--village", "岳宋村")),
        ("楼帅", 907, "2026-02-10", ("--village", "岳宋村", "--zone", "第十片区")),
    ):
        ok(
            run(
                "person", "add", "--name", name, "--id-number", id_number(sequence),
                "--since", since, *place,
            )
        )  # fmt: skip
    # The kept state worked out (the day's list and the reports' log), then a move.
    items = json.loads(ok(run("due", "--format", "json")))
    ok(run("report", "summary", "--period", "2026-11", "--as-of", AS_OF))
    # One of the sample's persons (the four above are the sample's 121st to 124th).
    mover = next(i["case_no"] for i in items if i["village"] == "岳宋村" and i["person_id"] <= 120)
    ok(run("person", "edit", mover, "--grid", MOVED_TO))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_ledger(tmp_path_factory.mktemp("grids") / "template.db", build)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def ledger(template: Path, db_path: Path) -> Path:
    copy_ledger(template, db_path)
    return db_path


@pytest.fixture
def run(ledger: Path) -> Run:
    return cli(ledger)


# --- helpers ----------------------------------------------------------------------------------


def query(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.execute(sql, params))


def areas(path: Path) -> dict[str, tuple[str | None, str | None, str | None]]:
    """Each person's village, grid and zone, by case number."""
    return {
        case_no: (village, grid, zone)
        for case_no, village, grid, zone in query(
            path, "SELECT case_no, village, grid, zone FROM persons"
        )
    }


def as_json(result: InvokeResult) -> Any:
    return json.loads(ok(result))


def natural(name: str) -> tuple[Any, ...]:
    """The order people count grids and zones in: 网格49 < 网格100, 第七 < 第十 < 第十二."""
    if name in ZONES:
        return (ZONES.index(name),)
    digits = re.search(r"\d+", name)
    assert digits, name
    return (name[: digits.start()], int(digits.group()))


@contextmanager
def worked_out() -> Iterator[None]:
    """The kept state cannot serve: every answer is worked out from the records."""
    with (
        mock.patch.object(standing, "day_ready", lambda store, as_of: False),
        mock.patch.object(standing, "log_ready", lambda store, as_of: False),
    ):
        yield


@pytest.fixture
def store(ledger: Path) -> Iterator[Store]:
    opened = Store(ledger)
    try:
        yield opened
    finally:
        opened.close()


def test_the_ledger_is_as_the_tests_read_it(ledger: Path) -> None:
    found = areas(ledger)
    assert len(found) == 124
    assert Counter(zone for _, _, zone in found.values())[None] == 1
    assert sum(1 for _, grid, _ in found.values() if grid is None) == 2
    assert sum(1 for _, grid, _ in found.values() if grid == MOVED_TO) == 2
    zones = {zone for (zone,) in query(ledger, "SELECT name FROM zones")}
    assert zones == {*ZONES, "第十三片区"}


# --- 1. grid and zone reports add up to the township ---------------------------------------


def report(run: Run, kind: str, period: str) -> dict[str, Any]:
    return as_json(run("report", kind, "--period", period, "--as-of", AS_OF, "--format", "json"))


@pytest.mark.parametrize("period", PERIODS)
def test_grids_zones_and_villages_add_up_to_the_township(
    run: Run, ledger: Path, period: str
) -> None:
    township = as_json(
        run("report", "summary", "--period", period, "--as-of", AS_OF, "--format", "json")
    )
    figures = {f["key"]: f for f in township["figures"]}
    assert set(figures) == FIGURE_KEYS | TOWNSHIP_KEYS
    rules = township["rules"]
    end = parse_period(period).end.isoformat()
    for kind in ("village", "grid", "zone"):
        document = report(run, kind, period)
        assert (document["period"], document["as_of"]) == (period, AS_OF)
        groups = document["groups"]
        names = [g["name"] for g in groups]
        assert len(names) == len(set(names)), kind
        # Each group is the persons registered by the period's end whose grid (zone) it
        # is now: the person who moved is counted in 网格100 and its zone.
        registered = dict(
            query(
                ledger,
                f"SELECT coalesce({kind}, ''), count(*) FROM persons"
                " WHERE registered_on <= ? GROUP BY 1",
                end,
            )
        )
        assert {g["name"]: g["persons"] for g in groups} == registered, kind
        for column in ("due", "kept", "missed"):
            assert sum(g[column] for g in groups) == sum(r[column] for r in rules), (kind, column)
        assert sum(g["persons"] for g in groups) == sum(township["by_status"].values()), kind
        assert sum(g["supervised"] for g in groups) == figures["relapse_rate"]["denominator"]
        for key, total in figures.items():
            if key in TOWNSHIP_KEYS:
                continue
            parts = [next(f for f in g["figures"] if f["key"] == key) for g in groups]
            for side in ("numerator", "denominator", "previous_numerator", "previous_denominator"):
                assert sum(p[side] or 0 for p in parts) == (total[side] or 0), (kind, key, side)


@pytest.mark.parametrize("kind", ["grid", "zone"])
def test_the_groups_come_in_the_order_people_count_them(run: Run, kind: str) -> None:
    named = [g["name"] for g in report(run, kind, "2026-11")["groups"] if g["name"]]
    assert named == sorted(named, key=natural)
    if kind == "zone":
        assert named == list(ZONES)
    else:
        assert named[-2:] == ["网格49", "网格100"]


@pytest.mark.parametrize("kind", ["grid", "zone"])
def test_the_persons_without_a_grid_or_zone_are_a_named_row(run: Run, kind: str) -> None:
    text = ok(run("report", kind, "--period", "2026-11", "--as-of", AS_OF, "--format", "csv"))
    names = [line.split(",")[0] for line in text.splitlines()[1:] if line]
    assert "" not in names
    assert UNASSIGNED in names


# --- 2. the kept log and the records worked out agree ------------------------------------


@pytest.mark.parametrize("period", PERIODS)
def test_the_kept_log_and_the_worked_out_figures_are_the_same_groups(
    store: Store, period: str
) -> None:
    assert standing.log_ready(store, DAY)
    chosen = parse_period(period)
    for group_by in ("grid", "zone"):
        kept = summary(store, chosen, DAY, kept=True, group_by=group_by)
        worked = summary(store, chosen, DAY, kept=False, group_by=group_by)
        assert kept.groups == worked.groups, group_by
        assert kept.as_dict() == worked.as_dict(), group_by
        assert any(g["name"] == MOVED_TO or g["name"] == "第十二片区" for g in kept.groups)


@pytest.mark.parametrize("kind", ["grid", "zone"])
def test_report_grid_and_zone_read_the_same_from_the_kept_log_and_worked_out(
    run: Run, ledger: Path, kind: str
) -> None:
    before = fingerprint(ledger)
    args = ("report", kind, "--period", "2026Q3", "--as-of", AS_OF, "--format", "json")
    kept = ok(run(*args))
    with worked_out():
        assert ok(run(*args)) == kept
    assert fingerprint(ledger) == before


# --- 3. due --grid / --zone ---------------------------------------------------------------


FILTERS: list[tuple[str, ...]] = [
    ("--zone", "第二片区"),
    ("--zone", "第十片区"),  # a person with a zone and no grid
    ("--zone", "第十二片区"),  # the person who moved into it after the state was kept
    ("--grid", MOVED_TO),
    ("--grid", "网格47"),
    ("--grid", "网格47", "--zone", "第七片区"),
    ("--grid", "网格02", "--village", "岳宋村"),
    ("--zone", "第五片区", "--village", "曼亨村"),
]


def wanted(args: tuple[str, ...]) -> dict[str, str]:
    return {args[i].removeprefix("--"): args[i + 1] for i in range(0, len(args), 2)}


def belongs(place: tuple[str | None, str | None, str | None], asked: dict[str, str]) -> bool:
    village, grid, zone = place
    return all({"village": village, "grid": grid, "zone": zone}[k] == v for k, v in asked.items())


@pytest.mark.parametrize("args", FILTERS, ids=lambda a: "+".join(a))
def test_due_of_a_grid_or_zone_is_the_townships_items_of_its_persons(
    run: Run, ledger: Path, args: tuple[str, ...]
) -> None:
    places = areas(ledger)
    asked = wanted(args)
    for extra in ((), ("--all",)):
        everyone = as_json(run("due", *extra, "--format", "json"))
        some = as_json(run("due", *args, *extra, "--format", "json"))
        expected = [i for i in everyone if belongs(places[i["case_no"]], asked)]
        assert some == expected, extra
        if extra:
            assert some, "the filter must pick someone's obligations"
        # JSON keeps its columns: the rows carry no grid or zone.
        assert all("grid" not in i and "zone" not in i for i in everyone)
        with worked_out():
            assert as_json(run("due", *args, *extra, "--format", "json")) == some, extra


def test_a_grid_within_its_zone_is_the_grid(run: Run) -> None:
    alone = ok(run("due", "--all", "--grid", "网格47", "--format", "json"))
    both = ok(run("due", "--all", "--grid", "网格47", "--zone", "第七片区", "--format", "json"))
    assert alone == both


def test_a_zone_and_a_helper_are_the_helpers_items_in_the_zone(run: Run, ledger: Path) -> None:
    places = areas(ledger)
    zone = as_json(run("due", "--all", "--zone", "第二片区", "--format", "json"))
    helper = zone[0]["helper"]
    theirs = as_json(run("due", "--all", "--helper", helper, "--format", "json"))
    both = as_json(
        run("due", "--all", "--zone", "第二片区", "--helper", helper, "--format", "json")
    )
    assert both == [i for i in theirs if places[i["case_no"]][2] == "第二片区"]
    assert both


def test_a_registered_zone_with_nobody_has_an_empty_list(run: Run) -> None:
    assert as_json(run("due", "--all", "--zone", "第十三片区", "--format", "json")) == []


PEOPLE = [
    People(zone="第二片区"),
    People(zone="第十二片区"),
    People(zone="第十片区"),
    People(grid=MOVED_TO),
    People(grid="网格02", village="岳宋村"),
    People(zone="第五片区", village="曼亨村"),
]


@pytest.mark.parametrize("people", PEOPLE, ids=repr)
def test_the_kept_day_and_the_worked_out_day_agree_for_a_grid_or_zone(
    store: Store, ledger: Path, people: People
) -> None:
    assert standing.day_ready(store, DAY)
    places = areas(ledger)
    kept = day_obligations(store, DAY, people=people, include_done=True, kept=True)
    worked = day_obligations(store, DAY, people=people, include_done=True, kept=False)
    assert kept.rows == worked.rows
    assert kept.counts == worked.counts
    assert kept.persons == worked.persons
    assert kept.streaks == worked.streaks
    assert not kept.everyone and not worked.everyone
    asked = {k: v for k, v in people._asdict().items() if v is not None}
    assert kept.rows and all(belongs(places[r["case_no"]], asked) for r in kept.rows)
    # The rows carry the grid and the zone the register holds now.
    assert all((r["grid"], r["zone"]) == places[r["case_no"]][1:] for r in kept.rows)


# --- 4. due --by grid | zone --------------------------------------------------------------


SECTION = re.compile(r"^【(.+)】(\d+) 项$")


def sections(text: str) -> list[tuple[str, int, list[str]]]:
    """Each section of a plain due list: its title, the count it says, the case numbers of
    its rows."""
    found: list[tuple[str, int, list[str]]] = []
    for line in text.splitlines():
        title = SECTION.match(line)
        if title:
            found.append((title.group(1), int(title.group(2)), []))
        elif found and re.match(r"^YS-\d+\s", line):
            found[-1][2].append(line.split()[0])
    return found


@pytest.mark.parametrize("kind", ["zone", "grid"])
def test_due_by_grid_or_zone_puts_each_row_under_its_own_in_natural_order(
    run: Run, ledger: Path, kind: str
) -> None:
    places = areas(ledger)
    column = {"grid": 1, "zone": 2}[kind]
    for extra in ((), ("--all",)):
        items = as_json(run("due", *extra, "--format", "json"))
        found = sections(ok(run("due", *extra, "--by", kind, "--format", "plain")))
        titles = [title for title, _, _ in found]
        named = [title for title in titles if title != UNASSIGNED]
        assert named == sorted(named, key=natural), extra
        assert len(titles) == len(set(titles))
        for title, count, cases in found:
            assert count == len(cases), title
            own = None if title == UNASSIGNED else title
            assert all(places[case][column] == own for case in cases), title
        assert sum(len(cases) for _, _, cases in found) == len(items)
        expected = Counter(places[i["case_no"]][column] or UNASSIGNED for i in items)
        assert {title: count for title, count, _ in found} == dict(expected)
    if kind == "zone":
        # Every zone with someone supervised has a row in the whole list: 第一 … 第七, 第十,
        # 第十二, in that order, then those without a zone.
        assert named == list(ZONES)
        assert titles[-1] == UNASSIGNED
    else:
        assert named[-2:] == ["网格49", MOVED_TO]


# --- 5. person list --grid / --zone -------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("--grid", MOVED_TO),
        ("--grid", "网格47"),
        ("--zone", "第二片区"),
        ("--zone", "第十片区"),
        ("--zone", "第十三片区"),
        ("--grid", "网格02", "--village", "岳宋村"),
    ],
    ids=lambda a: "+".join(a),
)
def test_person_list_of_a_grid_or_zone_is_exactly_its_persons(
    run: Run, ledger: Path, args: tuple[str, ...]
) -> None:
    asked = wanted(args)
    listed = as_json(run("person", "list", *args, "--format", "json"))
    expected = {case for case, place in areas(ledger).items() if belongs(place, asked)}
    assert [row["case_no"] for row in listed] == sorted(expected)
    if "grid" in asked:
        assert all(row["grid"] == asked["grid"] for row in listed)


# --- 6. a name not registered is refused --------------------------------------------------


@pytest.mark.parametrize(
    ("args", "near"),
    [
        (("due", "--grid", "网格1"), "网格01"),
        (("due", "--grid", "网格1000", "--village", "岳宋村"), "网格100"),
        (("due", "--zone", "第2片区"), "第二片区"),
        (("due", "--zone", "第十一片区", "--format", "json"), "第十片区"),
        (("due", "--by", "zone", "--zone", "第十一片区"), "第十二片区"),
        (("person", "list", "--grid", "网格490"), "网格49"),
        (("person", "list", "--zone", "第十二片"), "第十二片区"),
        (("person", "list", "--zone", "第2片区", "--format", "json"), "第二片区"),
    ],
    ids=lambda v: "+".join(v) if isinstance(v, tuple) else v,
)
def test_a_grid_or_zone_not_registered_is_refused_with_near_names(
    run: Run, ledger: Path, args: tuple[str, ...], near: str
) -> None:
    before = fingerprint(ledger)
    said = fails(run(*args))
    assert near in said
    assert "没有登记" in said
    assert fingerprint(ledger) == before
