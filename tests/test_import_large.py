"""`import persons` of a whole county-sized register: 5,000 rows in one file (issue 11).

Its time and memory are measured by benchmarks/bench_import.py; here only what the
officer sees and what the database holds."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

from conftest import InvokeResult, fingerprint, id_number, ok

Run = Callable[..., InvokeResult]

ROWS = 5000
HEADERS = ["姓名", "身份证号", "人员类别", "起始日期", "村委会", "村民小组", "联系电话"]
VILLAGES = ("岳宋村", "班帅村", "曼亨村", "岳宋新寨")
SURNAMES = "艾岩叶玉李王张刀罕"
GIVEN = "那块香温应保明华丽"


def register_rows(count: int) -> list[list[str]]:
    """``count`` distinct fictional persons: 500 birth days × odd/even sequences."""
    rows = []
    for index in range(count):
        born = dt.date(1960, 1, 1) + dt.timedelta(days=(index % 500) * 29)
        sequence = 101 + index // 500
        status = "社区戒毒" if index % 3 else "社区康复"
        rows.append(
            [
                SURNAMES[index % 9] + GIVEN[(index // 9) % 9],
                id_number(sequence, born),
                status,
                (dt.date(2024, 1, 1) + dt.timedelta(days=index % 600)).isoformat(),
                VILLAGES[index % len(VILLAGES)],
                f"{index % 12 + 1}组",
                f"138{index:08d}",
            ]
        )
    return rows


def write_gbk(path: Path, rows: list[list[str]]) -> Path:
    path.write_bytes("\r\n".join(",".join(row) for row in rows).encode("gbk"))
    return path


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def test_five_thousand_rows_are_checked_whole_then_registered_in_one_go(
    yuesong: Run, db_path: Path, tmp_path: Path
) -> None:
    rows = register_rows(ROWS)
    assert len({row[1] for row in rows}) == ROWS
    good = write_gbk(tmp_path / "台账.csv", [HEADERS, *rows])
    before = fingerprint(db_path)

    checked = ok(yuesong("import", "persons", str(good)))
    assert f"读取 {ROWS} 行，新增 {ROWS}，已登记 0，冲突 0，无效 0" in checked
    assert fingerprint(db_path) == before

    # One bad row at the very end: the whole file is checked before anything is
    # written, so the commit is refused and the database is as it was.
    bad_row = [*rows[0][:1], "5.30829E+17", *rows[0][2:]]
    bad = write_gbk(tmp_path / "台账-错.csv", [HEADERS, *rows, bad_row])
    refused = yuesong("import", "persons", str(bad), "--commit")
    assert refused.exit_code == 1
    assert f"第 {ROWS + 2} 行 身份证号：被 Excel 显示成科学计数法" in refused.stdout
    assert fingerprint(db_path) == before

    done = ok(yuesong("import", "persons", str(good), "--commit"))
    assert f"已登记 {ROWS} 人" in done
    assert count(db_path, "SELECT COUNT(*) FROM persons") == ROWS
    assert count(db_path, "SELECT COUNT(*) FROM audit WHERE action = 'import'") == 1
    inserts = "SELECT COUNT(*) FROM audit WHERE action = 'insert' AND table_name = 'persons'"
    assert count(db_path, inserts) == ROWS

    after = fingerprint(db_path)
    again = ok(yuesong("import", "persons", str(good), "--commit"))
    assert f"新增 0，已登记 {ROWS}" in again
    assert fingerprint(db_path) == after
