"""Figures of `import persons`: the time and peak memory of checking (the dry run) and of
committing a generated register of 5,000 persons, each as a whole process the way the
officer runs it.

Run from the repository root with the project installed:

    python benchmarks/bench_import.py                    # 5,000 rows, CSV and XLSX, 3 runs
    python benchmarks/bench_import.py --rows 20000 --runs 1

The register is written as a GBK CSV (what Excel saves on a Chinese Windows) and as an
XLSX workbook, with fictional persons (valid ID numbers of one county, born 1950-2005).
Each run imports into a freshly initialised database; wall time and peak resident
memory come from os.wait4 on the child process. The dry run reads and checks the whole
file; the commit does the same and then registers every row in one transaction.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

YUESONG = [sys.executable, "-m", "yuesong_cli"]
ENV = {**os.environ, "YUESONG_LANG": "zh", "PYTHONDONTWRITEBYTECODE": ""}
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
HEADERS = ["姓名", "身份证号", "人员类别", "起始日期", "村委会", "村民小组", "联系电话", "民族"]
SURNAMES = "艾岩叶玉李王张刀罕"
GIVEN = "那块香温应保明华丽"


def id_number(born: dt.date, sequence: int) -> str:
    first17 = f"530829{born:%Y%m%d}{sequence:03d}"
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def register(rows: int, seed: int = 1) -> list[list[str]]:
    """Fictional persons, each with a distinct ID number."""
    rng = random.Random(seed)
    seen: set[str] = set()
    table = []
    while len(table) < rows:
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000))
        number = id_number(born, rng.randrange(1000))
        if number in seen:
            continue
        seen.add(number)
        since = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(2000))
        table.append(
            [
                rng.choice(SURNAMES) + rng.choice(GIVEN),
                number,
                rng.choice(["社区戒毒", "社区康复"]),
                since.isoformat(),
                rng.choice(["岳宋村", "芒海村", "班帅村"]),
                f"{rng.randrange(1, 12)}组",
                f"138{rng.randrange(10**8):08d}",
                "佤族",
            ]
        )
    return table


def write_files(folder: Path, rows: list[list[str]]) -> list[Path]:
    import openpyxl

    csv_path = folder / "register.csv"
    text = "\r\n".join(",".join(row) for row in [HEADERS, *rows]) + "\r\n"
    csv_path.write_bytes(text.encode("gbk"))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    xlsx_path = folder / "register.xlsx"
    book.save(xlsx_path)
    return [csv_path, xlsx_path]


def timed(args: list[str]) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one `yuesong ARGS` process."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*YUESONG, *args], stdout=subprocess.DEVNULL, stderr=errors, env=ENV
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            errors.seek(0)
            raise SystemExit(f"yuesong {' '.join(args)} exited {code}: {errors.read()!r}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        files = write_files(folder, register(options.rows))
        print(f"import persons, {options.rows:,} rows, median of {options.runs} runs")
        print(f"{'file':<15} {'mode':<8} {'wall s':>8} {'peak MiB':>9}")
        for path in files:
            for mode in ("dry run", "commit"):
                walls, peaks = [], []
                for run in range(options.runs):
                    db = folder / f"ledger-{run}.db"
                    for old in folder.glob(db.name + "*"):
                        old.unlink()
                    timed(["--db", str(db), "init", "--township", "岳宋乡"])
                    extra = ["--commit"] if mode == "commit" else []
                    wall, peak = timed(["--db", str(db), "import", "persons", str(path), *extra])
                    walls.append(wall)
                    peaks.append(peak)
                print(
                    f"{path.name:<15} {mode:<8} {statistics.median(walls):>8.2f}"
                    f" {max(peaks) / 1024:>9.1f}"
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
