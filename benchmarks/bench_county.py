"""The county's roll-up (issue 14): each township's `report extract`, then `county merge` of
the extracts and of the township ledgers themselves, timed as whole processes.

Run from the repository root with the project installed:

    python benchmarks/bench_county.py                         # 10 townships of 5,000
    python benchmarks/bench_county.py --townships 3 --persons 300 --keep bench-data

Databases. Township N is built as benchmarks/bench_due.py builds a database (`init`, then
`sample --persons P --seed N --as-of 2026-11-29`), under bench_due's names in --keep DIR
(so a size already built for another benchmark with seed 1 is reused), then copied to a
working folder where its township name and code are set (`settings set`). The county's
key file is made there, owner-only.

What is timed (median of --runs, each a whole process, stdout discarded; peak resident
memory from os.wait4):
- `report extract --period 2026Q3` of one township (township 1, after one untimed run:
  the kept log is built by the first report of a ledger, as bench_scale shows);
- `county merge` of the N extracts (JSON), and with `--format json`;
- `county merge` of the N ledgers (.db), each read from a private copy, never written.
Printed: a table of the figures and, for the merge of extracts, its wall time per
township (the roll-up grows with the townships, not with their persons).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_due import database, log, run  # noqa: E402

AS_OF = "2026-11-29"
PERIOD = "2026Q3"


def timed(args: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds and the largest peak (MiB) of ``runs`` runs of ``yuesong ARGS``."""
    walls, peaks = [], []
    for _ in range(runs):
        wall, peak = run(args)
        walls.append(wall)
        peaks.append(peak / 1024)
    return statistics.median(walls), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--townships", type=int, default=10)
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep built databases here")
    options = parser.parse_args()
    store = options.keep or Path(tempfile.mkdtemp(prefix="yuesong-county-data-"))
    store.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="yuesong-county-"))
    try:
        key = work / "county.key"
        key.write_text("a county key for the benchmark\n", encoding="utf-8")
        key.chmod(0o600)
        ledgers, extracts = [], []
        for number in range(1, options.townships + 1):
            built, _years = database(store, options.persons, number, AS_OF)
            ledger = work / f"township-{number:02d}.db"
            shutil.copyfile(built, ledger)
            ledger.chmod(0o600)
            run(["--db", str(ledger), "settings", "set", "township", f"乡{number:02d}"])
            run(["--db", str(ledger), "settings", "set", "township_code", f"530829{number:03d}"])
            extract = work / f"township-{number:02d}.json"
            extract_args = [
                "--db", str(ledger), "report", "extract", "--period", PERIOD, "--as-of",
                AS_OF, "--out", str(extract), "--county-key", str(key), "--force",
            ]  # fmt: skip
            seconds, _peak = run(extract_args)  # untimed: builds the kept log
            log(f"township {number}: extract (log built) in {seconds:.1f} s")
            ledgers.append(ledger)
            extracts.append(extract)
        first_extract = [
            "--db", str(ledgers[0]), "report", "extract", "--period", PERIOD, "--as-of", AS_OF,
            "--out", str(extracts[0]), "--county-key", str(key), "--force",
        ]  # fmt: skip
        merge = ["county", "merge", *map(str, extracts)]
        from_ledgers = [
            "county", "merge", *map(str, ledgers), "--period", PERIOD, "--as-of", AS_OF,
            "--county-key", str(key),
        ]  # fmt: skip
        rows = [
            ("report extract (one township)", timed(first_extract, options.runs)),
            (f"county merge, {len(extracts)} extracts", timed(merge, options.runs)),
            (
                f"county merge, {len(extracts)} extracts, JSON",
                timed([*merge, "--format", "json"], options.runs),
            ),
            (f"county merge, {len(ledgers)} ledgers (.db)", timed(from_ledgers, 1)),
        ]
        size = sum(path.stat().st_size for path in extracts) / len(extracts)
        print(
            f"{options.townships} townships of {options.persons:,} persons, {PERIOD} as of "
            f"{AS_OF}; extract {size / 1024:.0f} KiB on average; median of {options.runs} "
            "(ledgers: 1 run)"
        )
        print(f"{'command':<40} {'wall s':>8} {'peak MiB':>9}")
        for label, (wall, peak) in rows:
            print(f"{label:<40} {wall:>8.2f} {peak:>9.0f}")
        merge_wall = rows[1][1][0]
        print(f"county merge of extracts: {merge_wall / len(extracts) * 1000:.0f} ms a township")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if options.keep is None:
            shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    main()
