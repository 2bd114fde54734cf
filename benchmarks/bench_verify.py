"""The cost of `db verify` (docs/security.md §10): the time and peak memory of checking the
file, walking the audit log with its keyed hashes and recomputing every record's state,
at 300 and 5,000 persons, each as a whole process the way the officer runs it.

Run from the repository root with the project installed:

    python benchmarks/bench_verify.py                      # 300 and 5,000 persons
    python benchmarks/bench_verify.py --sizes 300 --runs 5
    python benchmarks/bench_verify.py --keep bench-data    # reuse the databases

Each database is built with the CLI (`init`, then `sample --persons N --seed 1 --as-of
2026-11-29`, as benchmarks/bench_due.py builds them), changed once with a key file (the
audit log is then keyed, as the officer's is with YUESONG_KEY_FILE), and timed in two
forms:

- **sealed**: as `sample` leaves it, every record explained by the one seal of the load
  (the log is 3 rows; the work is the records' states);
- **logged**: as years of entries leave it, every record explained by an audit row of
  its own, keyed (one row a person, status entry, helper, team membership, contact,
  breach), so that the log is as long as the register: the work is the chain, its
  keyed hashes and the states.

Wall time and peak resident memory come from os.wait4 on each child process; the figure
is the median of the runs and the peak the largest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_due import build, count, log  # noqa: E402  (the sibling benchmark's builder)

YUESONG = [sys.executable, "-m", "yuesong_cli"]
KEY = "x'" + "5a" * 32 + "'"  # a raw key, as a key file would hold one
MIB = 1024 * 1024
# The tables whose records get an audit row each in the logged form.
LOGGED = ("persons", "status_history", "helpers", "team_members", "contacts", "breaches")


def run(args: list[str], key_file: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of ``yuesong ARGS``, stdout discarded."""
    env = {**os.environ, "YUESONG_LANG": "zh", "PYTHONDONTWRITEBYTECODE": ""}
    env["YUESONG_KEY_FILE"] = str(key_file)
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*YUESONG, *args], stdout=subprocess.DEVNULL, stderr=errors, env=env,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            raise SystemExit(f"yuesong {' '.join(args)} failed: {message}")
    return elapsed, usage.ru_maxrss


def logged_copy(sealed: Path, target: Path, key_file: Path) -> None:
    """``sealed`` copied to ``target`` with an audit row of its own for every record,
    keyed, written through the store's own writer (one transaction)."""
    shutil.copyfile(sealed, target)
    os.chmod(target, 0o600)
    os.environ["YUESONG_KEY_FILE"] = str(key_file)
    from yuesong_cli.store.db import Store

    store = Store(target, actor="bench")
    start = time.perf_counter()
    written = 0
    with store.transaction():
        for table in LOGGED:
            ids = [r[0] for r in store.conn.execute(f"SELECT id FROM {table} ORDER BY id")]
            for record_id in ids:
                store.audit("insert", table, record_id, ["id"])
            written += len(ids)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    log(f"logged {written:,} audit rows in {time.perf_counter() - start:.0f} s")


def measure(path: Path, key_file: Path, runs: int) -> tuple[float, int]:
    args = ["--db", str(path), "db", "verify"]
    run(args, key_file)  # warms the page cache (and checks it passes)
    timings = [run(args, key_file) for _ in range(runs)]
    return statistics.median(t for t, _ in timings), max(m for _, m in timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the databases here")
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="bench-verify-"))
    folder.mkdir(parents=True, exist_ok=True)
    key_file = folder / "audit.key"
    key_file.write_text(KEY + "\n")
    os.chmod(key_file, 0o600)
    print("`yuesong db verify` with YUESONG_KEY_FILE set (keyed log), median of "
          f"{options.runs} runs; peak RSS is the max.")  # fmt: skip
    print(f"Processors this process may use: {len(os.sched_getaffinity(0))}.")
    print()
    print("| persons | contacts | form | audit rows | file MiB | wall s | peak MiB |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for size in (int(s) for s in options.sizes.split(",")):
        sealed = folder / f"verify-{size}-sealed.db"
        if not sealed.exists():
            source = folder / f"verify-{size}-source.db"
            if not source.exists():
                build(source, size, 1, "2026-11-29", None)
            shutil.copyfile(source, sealed)
            os.chmod(sealed, 0o600)
            # One change with the key file set: the log is keyed from it on.
            run(["--db", str(sealed), "settings", "set", "township", "岳宋乡"], key_file)
        logged = folder / f"verify-{size}-logged.db"
        if not logged.exists():
            logged_copy(sealed, logged, key_file)
        for form, path in (("sealed", sealed), ("logged", logged)):
            wall, peak = measure(path, key_file, options.runs)
            print(
                f"| {count(path, 'persons'):,} | {count(path, 'contacts'):,} | {form}"
                f" | {count(path, 'audit'):,} | {path.stat().st_size / MIB:.0f}"
                f" | {wall:.2f} | {peak / 1024:.0f} |",
                flush=True,
            )
    if options.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
