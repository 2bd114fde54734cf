"""Zones (片区) and grids (网格) as records (issue 14, part 1): the pure rules of
domain/areas.py, `yuesong area` on a fresh ledger, a person's grid and zone checked on
add and edit, `area import` of the township's grid table, `import persons` against the
registry, migration m013 seeding the registry from an older ledger's persons, and the
sample's 7 zones and 48 grids. Every person here is fictional."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import InvokeResult, build_ledger, cli, copy_ledger, fails, fingerprint, id_number, ok
from hypothesis import given
from hypothesis import strategies as st

from yuesong_cli.domain.areas import NEAR_COUNT, Grid, grid_table_rows, near_names, person_area
from yuesong_cli.errors import InvalidInput

Run = Callable[..., InvokeResult]

ROOT = Path(__file__).resolve().parent.parent
OLD_LEDGER = ROOT / "tests" / "data" / "ledger-m009.db"
GRID_HEADERS = ["片区", "网格", "村委会", "村民小组", "网格员"]
PERSON_HEADERS = ["姓名", "公民身份号码", "人员类别", "起始日期", "村委会", "网格", "片区"]


def query(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, params).fetchall()


def verified(run: Run) -> None:
    """`db verify` passes (it exits 1 on any problem)."""
    out = ok(run("db", "verify"))
    assert "数据与审计日志: 正常" in out and "审计日志链: 正常" in out, out


def areas(run: Run, *args: str) -> list[dict[str, Any]]:
    return json.loads(ok(run("area", "list", "--format", "json", *args)))


def audited(path: Path, table: str, action: str = "insert") -> int:
    return query(
        path, "SELECT count(*) FROM audit WHERE table_name = ? AND action = ?", table, action
    )[0][0]


def write_csv(path: Path, rows: list[list[object]], encoding: str) -> Path:
    text = "\r\n".join(",".join("" if c is None else str(c) for c in row) for row in rows)
    path.write_bytes(text.encode(encoding))
    return path


# --- 1. domain ---------------------------------------------------------------------------

GRIDS = {
    "网格01": Grid("网格01", "第一片区", "岳宋村", "一组"),
    "网格02": Grid("网格02", "第一片区"),
    "网格10": Grid("网格10", "第二片区"),
    "网格99": Grid("网格99", None),
}
ZONES = ["第一片区", "第二片区", "第九片区"]


def test_near_names_read_numbers_alike_first() -> None:
    assert near_names("网格1", list(GRIDS))[0] == "网格01"
    assert near_names("第9片区", ZONES)[0] == "第九片区"
    assert near_names("第1片区", ZONES)[0] == "第一片区"
    assert near_names("网格010", list(GRIDS))[0] == "网格10"
    assert len(near_names("网格", [f"网格{n:02d}" for n in range(1, 49)])) == NEAR_COUNT


def test_near_names_offers_nothing_when_nothing_is_near() -> None:
    assert near_names("勐海", ZONES) == []
    assert near_names("网格01", []) == []


@given(
    st.text(max_size=8),
    st.lists(st.text(max_size=8), max_size=10, unique=True),
)
def test_near_names_are_few_registered_and_distinct(name: str, names: list[str]) -> None:
    near = near_names(name, [n for n in names if n != name])
    assert len(near) <= NEAR_COUNT
    assert len(set(near)) == len(near)
    assert set(near) <= set(names) and name not in near


def test_near_names_never_offer_the_name_itself() -> None:
    assert "网格01" not in near_names("网格01", ["网格01", "网格02"])


def test_a_grid_brings_its_zone() -> None:
    assert person_area("网格01", None, GRIDS, ZONES) == ("网格01", "第一片区")
    assert person_area("网格01", "第一片区", GRIDS, ZONES) == ("网格01", "第一片区")
    assert person_area("网格10", None, GRIDS, ZONES) == ("网格10", "第二片区")


def test_a_zone_alone_must_be_registered() -> None:
    assert person_area(None, "第九片区", GRIDS, ZONES) == (None, "第九片区")
    assert person_area(None, None, GRIDS, ZONES) == (None, None)
    with pytest.raises(InvalidInput) as refused:
        person_area(None, "第9片区", GRIDS, ZONES)
    assert refused.value.key == "error.area.unknown_zone.near"
    assert refused.value.params["near"].startswith("第九片区")
    with pytest.raises(InvalidInput) as far:
        person_area(None, "勐海", GRIDS, ZONES)
    assert far.value.key == "error.area.unknown_zone"


def test_an_unknown_grid_is_refused_with_its_near_names() -> None:
    with pytest.raises(InvalidInput) as refused:
        person_area("网格1", None, GRIDS, ZONES)
    assert refused.value.key == "error.area.unknown_grid.near"
    assert refused.value.params["near"].split("、")[0] == "网格01"
    with pytest.raises(InvalidInput) as far:
        person_area("勐海", None, GRIDS, ZONES)
    assert far.value.key == "error.area.unknown_grid"


def test_a_grid_and_a_zone_that_disagree_are_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        person_area("网格01", "第二片区", GRIDS, ZONES)
    assert refused.value.key == "error.area.grid_zone"
    assert refused.value.params == {"grid": "网格01", "zone": "第一片区", "given": "第二片区"}


def test_a_grid_without_a_zone_takes_a_registered_zone_given() -> None:
    assert person_area("网格99", None, GRIDS, ZONES) == ("网格99", None)
    assert person_area("网格99", "第二片区", GRIDS, ZONES) == ("网格99", "第二片区")
    with pytest.raises(InvalidInput):
        person_area("网格99", "第三片区", GRIDS, ZONES)


zone_names = st.sampled_from(["第一片区", "第二片区", "第三片区", "第十片区", "城区"])


@given(
    st.dictionaries(st.from_regex(r"网格[0-9]{1,3}", fullmatch=True), zone_names, min_size=1),
    st.data(),
)
def test_a_registered_grid_always_comes_back_with_its_zone(
    table: dict[str, str], data: st.DataObject
) -> None:
    grids = {name: Grid(name, zone) for name, zone in table.items()}
    zones = sorted(set(table.values()))
    name = data.draw(st.sampled_from(sorted(grids)))
    given_zone = data.draw(st.sampled_from([None, table[name]]))
    assert person_area(name, given_zone, grids, zones) == (name, table[name])
    other = data.draw(zone_names)
    if other != table[name]:
        with pytest.raises(InvalidInput) as refused:
            person_area(name, other, grids, zones)
        assert refused.value.key == "error.area.grid_zone"


def test_a_grid_table_keeps_its_order_and_each_grid_once() -> None:
    rows = [
        Grid("网格02", "第二片区"),
        Grid("网格01", "第一片区", "岳宋村", "一组"),
        Grid("网格02", "第二片区"),
    ]
    zones, grids, twice = grid_table_rows(rows)
    assert zones == ["第二片区", "第一片区"]
    assert [g.name for g in grids] == ["网格02", "网格01"]
    assert grids[1].village == "岳宋村" and grids[1].village_group == "一组"
    assert twice == []
    # One grid in two zones: kept once, and named as the contradiction it is.
    _zones, _grids, twice = grid_table_rows([*rows, Grid("网格01", "第三片区")])
    assert twice == [("网格01", "第一片区", "第三片区")]


# --- 2. `yuesong area` on a fresh ledger -------------------------------------------------


def test_zones_and_grids_are_added_listed_and_audited(yuesong: Run, db_path: Path) -> None:
    assert ok(yuesong("area", "list")).strip().startswith("尚未登记片区和网格")
    assert areas(yuesong) == []
    assert ok(yuesong("area", "zone", "add", "第一片区")) == "已登记片区 第一片区（编号 1）。\n"
    ok(yuesong("area", "zone", "add", "第二片区"))
    added = ok(
        yuesong(
            "area",
            "grid",
            "add",
            "网格01",
            "--zone",
            "第一片区",
            "--village",
            "岳宋村",
            "--group",
            "一组",
        )
    )
    assert added == "已登记网格 网格01（编号 1），属于第一片区。\n"
    ok(yuesong("area", "grid", "add", "网格02", "--zone", "第二片区"))
    assert areas(yuesong) == [
        {
            "id": 1,
            "name": "网格01",
            "zone": "第一片区",
            "village": "岳宋村",
            "group": "一组",
            "persons": 0,
        },
        {
            "id": 2,
            "name": "网格02",
            "zone": "第二片区",
            "village": None,
            "group": None,
            "persons": 0,
        },
    ]
    assert [g["name"] for g in areas(yuesong, "--zone", "第二片区")] == ["网格02"]
    table = ok(yuesong("area", "list"))
    assert "2 个片区，2 个网格" in table and "岳宋村" in table
    csv = ok(yuesong("area", "list", "--format", "csv"))
    assert csv.splitlines()[1].startswith("1,网格01,第一片区,岳宋村,一组,0")
    assert "网格02" in ok(yuesong("area", "list", "--format", "plain"))
    assert audited(db_path, "zones") == 2 and audited(db_path, "grids") == 2
    verified(yuesong)


def test_a_name_taken_twice_is_refused_and_nothing_is_written(yuesong: Run, db_path: Path) -> None:
    ok(yuesong("area", "zone", "add", "第一片区"))
    ok(yuesong("area", "grid", "add", "网格01", "--zone", "第一片区"))
    ok(yuesong("area", "zone", "add", "第二片区"))
    before = fingerprint(db_path)
    assert "第一片区" in fails(yuesong("area", "zone", "add", "第一片区"))
    taken = fails(yuesong("area", "grid", "add", "网格01", "--zone", "第二片区"))
    assert "已登记名为“网格01”" in taken
    assert "不能为空" in fails(yuesong("area", "zone", "add", "  "))
    assert fingerprint(db_path) == before
    verified(yuesong)


def test_a_grid_of_an_unknown_zone_is_refused_with_the_near_zones(
    yuesong: Run, db_path: Path
) -> None:
    lone = fails(yuesong("area", "grid", "add", "网格01", "--zone", "第一片区"))
    assert "没有登记片区“第一片区”" in lone and "相近" not in lone
    ok(yuesong("area", "zone", "add", "第一片区"))
    ok(yuesong("area", "zone", "add", "第九片区"))
    before = fingerprint(db_path)
    refused = fails(yuesong("area", "grid", "add", "网格01", "--zone", "第9片区"))
    assert "没有登记片区“第9片区”；相近的有：第九片区" in refused
    listed = fails(yuesong("area", "list", "--zone", "第1片区"))
    assert "相近的有：第一片区" in listed
    english = fails(yuesong("--lang", "en", "area", "grid", "add", "网格01", "--zone", "第1片区"))
    assert "near it: 第一片区" in english
    assert fingerprint(db_path) == before


# --- 3. a person's grid and zone ---------------------------------------------------------


def _registry(run: Run) -> None:
    for zone in ("第一片区", "第二片区", "第九片区"):
        ok(run("area", "zone", "add", zone))
    ok(run("area", "grid", "add", "网格01", "--zone", "第一片区", "--village", "岳宋村"))
    ok(run("area", "grid", "add", "网格02", "--zone", "第二片区"))
    ok(run("area", "grid", "add", "网格10", "--zone", "第九片区"))


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger(tmp_path_factory.mktemp("areas") / "registry.db", _registry)


@pytest.fixture
def areas_db(registry: Path, db_path: Path) -> Path:
    copy_ledger(registry, db_path)
    return db_path


def add_person(run: Run, sequence: int, *args: str) -> InvokeResult:
    return run(
        "person",
        "add",
        "--name",
        "艾那",
        "--id-number",
        id_number(sequence),
        "--since",
        "2026-01-05",
        *args,
    )


def area_of(path: Path, case_no: str) -> tuple[str | None, str | None]:
    grid, zone = query(path, "SELECT grid, zone FROM persons WHERE case_no = ?", case_no)[0]
    return grid, zone


def test_a_registered_grid_sets_the_persons_zone(yuesong: Run, areas_db: Path) -> None:
    assert ok(add_person(yuesong, 123, "--grid", "网格01")).strip() == "YS-0001"
    assert area_of(areas_db, "YS-0001") == ("网格01", "第一片区")
    ok(add_person(yuesong, 125, "--grid", "网格02", "--zone", "第二片区"))
    assert area_of(areas_db, "YS-0002") == ("网格02", "第二片区")
    ok(add_person(yuesong, 127, "--zone", "第九片区"))
    assert area_of(areas_db, "YS-0003") == (None, "第九片区")
    counts = {g["name"]: g["persons"] for g in areas(yuesong)}
    assert counts == {"网格01": 1, "网格02": 1, "网格10": 0}
    verified(yuesong)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--grid", "网格1"), "没有登记网格“网格1”；相近的有：网格01"),
        (("--grid", "网格010"), "相近的有：网格10"),
        (("--zone", "第9片区"), "没有登记片区“第9片区”；相近的有：第九片区"),
        (("--grid", "网格01", "--zone", "第二片区"), "网格“网格01”属于第一片区，不属于第二片区"),
        (("--grid", "网格01", "--zone", "第1片区"), "属于第一片区，不属于第1片区"),
    ],
)
def test_a_wrong_grid_or_zone_is_refused_and_nothing_is_written(
    yuesong: Run, areas_db: Path, args: tuple[str, ...], said: str
) -> None:
    before = fingerprint(areas_db)
    assert said in fails(add_person(yuesong, 123, *args))
    assert fingerprint(areas_db) == before


def test_an_edit_moves_a_person_to_another_grid_and_its_zone(yuesong: Run, areas_db: Path) -> None:
    ok(add_person(yuesong, 123, "--grid", "网格01"))
    assert "网格" in ok(yuesong("person", "edit", "YS-0001", "--grid", "网格02"))
    assert area_of(areas_db, "YS-0001") == ("网格02", "第二片区")
    assert audited(areas_db, "persons", "update") >= 1
    before = fingerprint(areas_db)
    refused = fails(yuesong("person", "edit", "YS-0001", "--zone", "第一片区"))
    assert "网格“网格02”属于第二片区，不属于第一片区" in refused
    assert "相近的有：网格02" in fails(yuesong("person", "edit", "YS-0001", "--grid", "网格2"))
    assert fingerprint(areas_db) == before
    ok(yuesong("person", "edit", "YS-0001", "--grid", "网格10", "--zone", "第九片区"))
    assert area_of(areas_db, "YS-0001") == ("网格10", "第九片区")
    verified(yuesong)


# --- 4. `area import` --------------------------------------------------------------------

TABLE = [
    GRID_HEADERS,
    ["第一片区", "网格01", "岳宋村", "一组", "岩块"],
    ["第一片区", "网格02", "岳宋村", "二组", "玉香"],
    ["第二片区", "网格03", "班箐村", "一组", ""],
]


def registered(path: Path) -> list[tuple[Any, ...]]:
    return query(
        path,
        "SELECT g.name, z.name, g.village, g.village_group FROM grids g"
        " LEFT JOIN zones z ON z.id = g.zone_id ORDER BY g.id",
    )


EXPECTED = [
    ("网格01", "第一片区", "岳宋村", "一组"),
    ("网格02", "第一片区", "岳宋村", "二组"),
    ("网格03", "第二片区", "班箐村", "一组"),
]


@pytest.mark.parametrize(
    ("encoding", "options"),
    [("utf-8-sig", ()), ("gbk", ()), ("gbk", ("--encoding", "gbk"))],
)
def test_a_csv_grid_table_is_checked_then_committed_once(
    yuesong: Run, db_path: Path, tmp_path: Path, encoding: str, options: tuple[str, ...]
) -> None:
    file = write_csv(tmp_path / "网格表.csv", TABLE, encoding)
    before = fingerprint(db_path)
    dry = ok(yuesong("area", "import", str(file), *options))
    assert "新片区 2 个，新网格 3 个，已登记 0 个" in dry and "--commit" in dry
    assert fingerprint(db_path) == before
    done = ok(yuesong("area", "import", str(file), "--commit", *options))
    assert done.splitlines()[-1] == "已导入。"
    assert registered(db_path) == EXPECTED
    assert [z for (z,) in query(db_path, "SELECT name FROM zones ORDER BY id")] == [
        "第一片区",
        "第二片区",
    ]
    assert audited(db_path, "zones") == 2 and audited(db_path, "grids") == 3
    assert audited(db_path, "grids", "import") == 1
    verified(yuesong)
    after = fingerprint(db_path)
    again = ok(yuesong("area", "import", str(file), "--commit", *options))
    assert "新片区 0 个，新网格 0 个，已登记 3 个" in again
    assert again.splitlines()[-1] == "没有需要导入的新片区或网格。"
    assert fingerprint(db_path) == after


def test_an_xlsx_grid_table_with_a_title_row_is_committed(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["岳宋乡网格划分表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(GRID_HEADERS))
    sheet.append([])
    for row in TABLE:
        sheet.append([cell or None for cell in row])
    file = tmp_path / "网格表.xlsx"
    book.save(file)
    before = fingerprint(db_path)
    ok(yuesong("area", "import", str(file)))
    assert fingerprint(db_path) == before
    ok(yuesong("area", "import", str(file), "--commit"))
    assert registered(db_path) == EXPECTED
    verified(yuesong)


def test_a_table_adds_only_what_is_not_registered(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    ok(yuesong("area", "zone", "add", "第一片区"))
    ok(yuesong("area", "grid", "add", "网格01", "--zone", "第一片区"))
    file = write_csv(tmp_path / "g.csv", TABLE, "utf-8")
    out = ok(yuesong("area", "import", str(file), "--commit"))
    assert "新片区 1 个，新网格 2 个，已登记 1 个" in out
    assert [row[0] for row in registered(db_path)] == ["网格01", "网格02", "网格03"]
    verified(yuesong)


def test_a_table_that_conflicts_with_the_registry_writes_nothing(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    ok(yuesong("area", "import", str(write_csv(tmp_path / "a.csv", TABLE, "utf-8")), "--commit"))
    moved = [GRID_HEADERS, ["第二片区", "网格01", "岳宋村", "一组", ""], ["第三片区", "网格07"]]
    file = write_csv(tmp_path / "b.csv", moved, "utf-8")
    before = fingerprint(db_path)
    dry = yuesong("area", "import", str(file))
    assert dry.exit_code == 1
    assert "冲突 1 个" in dry.stdout
    assert "网格“网格01”在第一片区，表中又写在第二片区" in dry.stdout
    refused = yuesong("area", "import", str(file), "--commit")
    assert refused.exit_code == 1 and "未导入任何内容" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert fingerprint(db_path) == before
    assert query(db_path, "SELECT count(*) FROM zones WHERE name = '第三片区'")[0][0] == 0


def test_a_row_without_a_grid_or_zone_is_reported_and_nothing_is_written(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    rows = [GRID_HEADERS, ["第三片区", "", "曼亨村"], ["", "网格08"], ["第三片区", "网格09"]]
    file = write_csv(tmp_path / "g.csv", rows, "utf-8")
    before = fingerprint(db_path)
    dry = yuesong("area", "import", str(file))
    assert dry.exit_code == 1
    assert "第 2 行 网格：" in dry.stdout and "第 3 行 片区：" in dry.stdout
    refused = yuesong("area", "import", str(file), "--commit")
    assert refused.exit_code == 1 and "未导入任何内容" in refused.stderr
    assert fingerprint(db_path) == before


def test_a_refused_commit_without_a_conflict_does_not_claim_one(
    yuesong: Run, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "g.csv", [GRID_HEADERS, ["第三片区", ""], ["第三片区", "网格09"]], "utf-8"
    )
    refused = yuesong("area", "import", str(file), "--commit")
    assert refused.exit_code == 1
    assert "冲突 0 个" in refused.stdout
    assert "与已登记的网格冲突" not in refused.stderr


def test_a_table_naming_one_grid_in_two_zones_is_refused(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    rows = [GRID_HEADERS, ["第一片区", "网格01"], ["第二片区", "网格01"]]
    file = write_csv(tmp_path / "g.csv", rows, "utf-8")
    before = fingerprint(db_path)
    result = yuesong("area", "import", str(file), "--commit")
    assert result.exit_code == 1
    assert fingerprint(db_path) == before


def test_a_table_without_grid_headers_is_told_what_a_grid_table_needs(
    yuesong: Run, tmp_path: Path
) -> None:
    file = write_csv(tmp_path / "g.csv", [["片区", "名字"], ["第三片区", "网格05"]], "utf-8")
    said = fails(yuesong("area", "import", str(file)))
    assert "身份证" not in said and "网格" in said


# --- 5. `import persons` against the registry --------------------------------------------


def test_a_register_row_with_an_unknown_grid_is_its_problem(
    yuesong: Run, areas_db: Path, tmp_path: Path
) -> None:
    rows = [
        PERSON_HEADERS,
        ["艾那", id_number(123), "社区戒毒", "2025-03-01", "岳宋村", "网格01", ""],
        ["岩块", id_number(125), "社区戒毒", "2025-03-01", "岳宋村", "网格1", ""],
        ["玉香", id_number(127), "社区戒毒", "2025-03-01", "岳宋村", "网格01", "第二片区"],
        ["叶张", id_number(129), "社区戒毒", "2025-03-01", "班箐村", "", "第9片区"],
    ]
    file = write_csv(tmp_path / "台账.csv", rows, "utf-8-sig")
    before = fingerprint(areas_db)
    checked = yuesong("import", "persons", str(file))
    assert checked.exit_code == 1
    assert "新增 1" in checked.stdout and "无效 3" in checked.stdout
    assert "第 3 行 网格：没有登记网格“网格1”；相近的有：网格01" in checked.stdout
    assert "第 4 行 片区：网格“网格01”属于第一片区，不属于第二片区" in checked.stdout
    assert "第 5 行 片区：没有登记片区“第9片区”；相近的有：第九片区" in checked.stdout
    refused = yuesong("import", "persons", str(file), "--commit")
    assert refused.exit_code == 1 and "--skip-invalid" in refused.stderr
    assert fingerprint(areas_db) == before
    ok(yuesong("import", "persons", str(file), "--commit", "--skip-invalid"))
    assert query(areas_db, "SELECT name, grid, zone FROM persons") == [
        ("艾那", "网格01", "第一片区")
    ]
    again = ok(yuesong("import", "persons", str(write_csv(tmp_path / "b.csv", rows[:2], "utf-8"))))
    assert "新增 0，已登记 1，冲突 0" in again
    verified(yuesong)


# --- 6. migration m013 -------------------------------------------------------------------


def place(template: Path, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    path.chmod(0o600)
    return path


def test_an_m009_ledger_gets_its_zones_and_grids_from_its_persons(tmp_path: Path) -> None:
    path = place(OLD_LEDGER, tmp_path / "old" / "sample.db")
    done = {name for (name,) in query(path, "SELECT name FROM _sqlite_migrations")}
    assert "m013_areas" not in done and "m009_history_and_teams" in done
    held = query(path, "SELECT grid, zone FROM persons")
    assert any(grid for grid, _ in held), "the fixture holds persons with grids"
    run = cli(path)
    listed = areas(run)
    assert {g["name"] for g in listed} == {grid for grid, _ in held if grid}
    zones = {z for (z,) in query(path, "SELECT name FROM zones")}
    assert zones == {zone for _, zone in held if zone}
    by_name = {g["name"]: g for g in listed}
    for grid, zone in held:
        if grid:
            assert by_name[grid]["zone"] == zone
    assert sum(g["persons"] for g in listed) == sum(1 for grid, _ in held if grid)
    note = query(path, "SELECT note FROM audit WHERE action = 'seal' ORDER BY id DESC")[0][0]
    assert "m013_areas" in note
    verified(run)
    # The registry now checks the old file's persons' edits.
    first = query(path, "SELECT case_no, grid FROM persons WHERE grid IS NOT NULL LIMIT 1")[0]
    assert "相近" in fails(run("person", "edit", first[0], "--grid", first[1].replace("0", "")))


def test_the_seeded_grid_takes_the_zone_most_of_its_persons_give(tmp_path: Path) -> None:
    path = place(OLD_LEDGER, tmp_path / "old" / "sample.db")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE persons SET grid = '网格02' WHERE grid = '网格01'")
        ids = [i for (i,) in conn.execute("SELECT id FROM persons ORDER BY id LIMIT 7")]
        conn.execute(
            "UPDATE persons SET grid = '网格01', zone = '第一片区' WHERE id = ?", (ids[0],)
        )
        conn.executemany(
            "UPDATE persons SET grid = '网格01', zone = '第二片区' WHERE id = ?",
            [(ids[1],), (ids[2],)],
        )
        conn.execute("UPDATE persons SET grid = '网格99', zone = NULL WHERE id = ?", (ids[3],))
        conn.execute("UPDATE persons SET grid = '', zone = '第八片区' WHERE id = ?", (ids[4],))
        # A tie: the zone first by name.
        conn.execute(
            "UPDATE persons SET grid = '网格77', zone = '第二片区' WHERE id = ?", (ids[5],)
        )
        conn.execute(
            "UPDATE persons SET grid = '网格77', zone = '第一片区' WHERE id = ?", (ids[6],)
        )
    run = cli(path)
    by_name = {g["name"]: g for g in areas(run)}
    assert by_name["网格01"]["zone"] == "第二片区"
    assert by_name["网格77"]["zone"] == "第一片区"
    assert by_name["网格99"]["zone"] is None
    assert by_name["网格01"]["persons"] == 3
    assert "" not in by_name
    assert "第八片区" in {z for (z,) in query(path, "SELECT name FROM zones")}
    verified(run)
    # A grid seeded without a zone takes a registered zone given with it.
    case_no = query(path, "SELECT case_no FROM persons WHERE id = ?", ids[3])[0][0]
    ok(run("person", "edit", case_no, "--zone", "第八片区"))
    assert area_of(path, case_no) == ("网格99", "第八片区")
    verified(run)


def test_a_ledger_of_the_version_before_m013_is_seeded_and_sealed(
    yuesong: Run, db_path: Path
) -> None:
    ok(add_person(yuesong, 123))
    ok(add_person(yuesong, 125))
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.executescript(
            "DROP TABLE grids; DROP TABLE zones;"
            " DELETE FROM _sqlite_migrations WHERE name = 'm013_areas';"
            " UPDATE persons SET grid = '网格05', zone = '第三片区';"
        )
    assert [(g["name"], g["zone"], g["persons"]) for g in areas(yuesong)] == [
        ("网格05", "第三片区", 2)
    ]
    note = query(db_path, "SELECT note FROM audit WHERE action = 'seal'")[-1][0]
    assert "m013_areas" in note
    verified(yuesong)


# --- 7. the sample -----------------------------------------------------------------------


def test_the_sample_registers_7_zones_and_48_grids_holding_its_persons(
    yuesong: Run, db_path: Path
) -> None:
    ok(yuesong("sample", "--persons", "60", "--seed", "1", "--as-of", "2026-11-29"))
    zones = query(db_path, "SELECT name FROM zones")
    assert len(zones) == 7
    grids = query(db_path, "SELECT name, zone_id, village, village_group FROM grids ORDER BY id")
    assert [name for name, *_ in grids] == [f"网格{n:02d}" for n in range(1, 49)]
    assert all(zone and village and group for _, zone, village, group in grids)
    unplaced = query(
        db_path,
        "SELECT p.case_no FROM persons p LEFT JOIN grids g ON g.name = p.grid"
        " LEFT JOIN zones z ON z.id = g.zone_id"
        " WHERE g.id IS NULL OR z.name IS NOT p.zone OR p.village IS NOT g.village",
    )
    assert unplaced == []
    assert query(db_path, "SELECT count(*) FROM persons")[0][0] == 60
    listed = areas(yuesong)
    assert len(listed) == 48 and sum(g["persons"] for g in listed) == 60
    verified(yuesong)


def test_a_grid_moved_to_another_zone_takes_its_persons_with_it(
    yuesong: Run, areas_db: Path
) -> None:
    """A grid placed in the wrong zone (by the migration's majority, say) is put right in
    one command: the grid and every person in it, audited, the file still verifying."""
    ok(add_person(yuesong, 131, "--grid", "网格01"))
    ok(add_person(yuesong, 133, "--grid", "网格02"))
    said = ok(yuesong("area", "grid", "move", "网格01", "--zone", "第九片区"))
    assert said == "网格 网格01 已归入第九片区；其中 1 人的片区随之更改。\n"
    assert area_of(areas_db, "YS-0001") == ("网格01", "第九片区")
    assert area_of(areas_db, "YS-0002") == ("网格02", "第二片区")
    listed = json.loads(ok(yuesong("area", "list", "--zone", "第九片区", "--format", "json")))
    assert sorted(row["name"] for row in listed) == ["网格01", "网格10"]
    ok(yuesong("db", "verify"))


def test_moving_a_grid_that_is_not_registered_or_into_an_unknown_zone_changes_nothing(
    yuesong: Run, areas_db: Path
) -> None:
    before = fingerprint(areas_db)
    assert "相近的有：网格01" in fails(
        yuesong("area", "grid", "move", "网格1", "--zone", "第一片区")
    )
    assert "相近的有：第九片区" in fails(
        yuesong("area", "grid", "move", "网格01", "--zone", "第9片区")
    )
    assert fingerprint(areas_db) == before
