"""Figures of the reports: the time and peak memory of `report summary --period P --format
json` (the period and the same period a year before, by village, weekly compliance) on
sample.db and on generated databases, each as a whole process.

Run from the repository root with the project installed:

    python benchmarks/bench_reports.py                         # 300 and 5,000 persons
    python benchmarks/bench_reports.py --sizes 300,5000,100000 --keep bench-data

The databases are built as benchmarks/bench_due.py builds them (and reused from the same
--keep folder). Wall time and peak resident memory come from os.wait4 on each process.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from bench_due import ROOT, count, database, log, run


def measure(label: str, path: Path, period: str, as_of: str, runs: int) -> str:
    args = ["--db", str(path), "report", "summary", "--period", period, "--as-of", as_of]
    args += ["--format", "json"]
    run(args)  # warm the page cache
    walls, peaks = [], []
    for _ in range(runs):
        wall, peak = run(args)
        walls.append(wall)
        peaks.append(peak)
    persons = count(path, "persons")
    contacts = count(path, "contacts")
    return (
        f"| {label} | {persons:,} | {contacts:,} | {statistics.median(walls):.2f} "
        f"| {max(peaks) / 1024:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-11-29")
    parser.add_argument("--period", default="2026Q3")
    parser.add_argument("--keep", type=Path, metavar="DIR")
    options = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in options.sizes.split(",") if s.strip()]
    lines = []
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as folder:
        work = Path(folder)
        sample = ROOT / "sample.db"
        if sample.exists():
            copy = work / "sample.db"
            shutil.copyfile(sample, copy)
            copy.chmod(0o600)
            lines.append(measure("sample.db", copy, options.period, options.as_of, options.runs))
        store = options.keep if options.keep is not None else work
        store.mkdir(parents=True, exist_ok=True)
        for persons in sizes:
            path, years = database(store, persons, options.seed, options.as_of)
            label = f"sample --persons {persons:,}" + (f" --years {years}" if years else "")
            log(f"report summary on {label}: {options.runs} runs ...")
            lines.append(measure(label, path, options.period, options.as_of, options.runs))
    print(
        f"`yuesong report summary --period {options.period} --format json`, "
        f"median of {options.runs} runs; peak RSS is the max.\n"
    )
    print("| database | persons | contacts | wall median s | peak RSS MiB |")
    print("|---|--:|--:|--:|--:|")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
