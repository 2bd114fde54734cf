"""Figures of the due list: the time and peak memory of `due --format json` on sample.db and
on generated databases of 300, 5,000 and 100,000 persons, each as a whole process the way
the officer (or a cron job) runs it, against the floor of a bare import of the libraries.

Run from the repository root with the project installed:

    python benchmarks/bench_due.py                          # 300, 5,000 and 100,000 persons
    python benchmarks/bench_due.py --sizes 300,5000 --runs 5
    python benchmarks/bench_due.py --keep bench-data        # reuse databases between runs

Each database is built with the CLI itself (`init`, then `sample --persons N --seed 1
--as-of 2026-11-29`; from 100,000 persons on with `--years 1`, which takes minutes and about
1 GB on disk). With --keep DIR the built databases are kept in DIR, named by size, seed,
as-of day and years, and a later run reuses them instead of building again.

Wall time and peak resident memory come from os.wait4 on each child process. From
20,000 persons on, `due` shares the work among one process per processor; the peak that
os.wait4 gives is then that of the largest of them (the parent or a worker), and the
memory of all of them together is at most that many times it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YUESONG = [sys.executable, "-m", "yuesong_cli"]
# Bytecode is written and reused, as after any installation: a machine that sets
# PYTHONDONTWRITEBYTECODE would otherwise time compiling the project on every run.
ENV = {**os.environ, "YUESONG_LANG": "zh", "PYTHONDONTWRITEBYTECODE": ""}
FLOOR_IMPORT = "import typer, rich, sqlite_utils, pendulum"
BIG = 100_000  # from this many persons on, a year of history instead of the default two
MIB = 1024 * 1024
FORMAT = "json"  # --format


@dataclass
class Row:
    label: str
    requested: int | None  # persons asked of `sample`; None for sample.db
    persons: int
    contacts: int
    size: int  # bytes
    wall: float  # median seconds
    peak: int  # max ru_maxrss, KiB


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def wait(proc: subprocess.Popen[bytes], path: Path | None = None) -> tuple[int, int]:
    """Exit code and peak RSS (KiB) of PROC; a progress line every 30 s if PATH is given."""
    if path is None:
        _, status, usage = os.wait4(proc.pid, 0)
    else:
        start = last = time.perf_counter()
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.5)
            now = time.perf_counter()
            if now - last >= 30:
                last = now
                size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
                log(f"  ... {now - start:.0f} s, {size / MIB:.0f} MiB on disk")
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss


def run(args: list[str], progress: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of ``yuesong ARGS``, stdout discarded."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*YUESONG, *args], stdout=subprocess.DEVNULL, stderr=errors, env=ENV
        )
        code, peak = wait(proc, progress)
        elapsed = time.perf_counter() - start
        if code != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            raise SystemExit(f"yuesong {' '.join(args)} exited {code}: {message}")
    return elapsed, peak


def build(path: Path, persons: int, seed: int, as_of: str, years: int | None) -> None:
    """Build PATH with `init` and `sample`; the file appears only once it is complete."""
    staging = path.with_name(path.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    target = staging / path.name
    extra = ["--years", str(years)] if years is not None else []
    log(f"building {path.name}: {persons:,} persons ...")
    run(["--db", str(target), "init"])
    seconds, peak = run(
        [
            "--db",
            str(target),
            "sample",
            "--persons",
            str(persons),
            "--seed",
            str(seed),
            "--as-of",
            as_of,
            *extra,
        ],
        progress=target,
    )
    # The last connection to close checkpoints the WAL into the file; make sure of it
    # before moving the file alone.
    conn = sqlite3.connect(target)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    os.replace(target, path)
    shutil.rmtree(staging, ignore_errors=True)
    log(
        f"built {path.name} in {seconds:.1f} s (peak {peak / 1024:.0f} MiB,"
        f" file {path.stat().st_size / MIB:.0f} MiB)"
    )


def database(folder: Path, persons: int, seed: int, as_of: str) -> tuple[Path, int | None]:
    """The generated database of ``persons`` in ``folder``, named by size, seed, as-of day
    and years (kept from an earlier run, or built now), and the years of history asked of
    ``sample`` (None: its default; one from ``BIG`` persons on)."""
    years = 1 if persons >= BIG else None
    label = years if years is not None else "default"
    path = folder / f"due-p{persons}-s{seed}-a{as_of}-y{label}.db"
    if path.exists():
        log(f"reusing {path}")
    else:
        build(path, persons, seed, as_of, years)
    return path, years


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (n,) = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    finally:
        conn.close()
    return int(n)


def check(args: list[str]) -> None:
    """Run once with stdout captured: exit code 0 and a JSON array, or stop."""
    done = subprocess.run([*YUESONG, *args], capture_output=True, env=ENV)
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()
        raise SystemExit(f"yuesong {' '.join(args)} exited {done.returncode}: {message}")
    try:
        items = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise SystemExit(f"yuesong {' '.join(args)}: output is not JSON ({error})") from None
    if not isinstance(items, list):
        raise SystemExit(f"yuesong {' '.join(args)}: output is not a JSON array")


def measure(
    label: str, requested: int | None, path: Path, as_of: str, runs: int, fmt: str = "json"
) -> Row:
    os.chmod(path, 0o600)
    args = ["--db", str(path), "due", "--format", fmt, "--as-of", as_of]
    log(f"due on {label}: {runs} runs ...")
    if fmt == "json":
        check(args)  # also warms the page cache
    else:
        run(args)
    timings = [run(args) for _ in range(runs)]
    return Row(
        label=label,
        requested=requested,
        persons=count(path, "persons"),
        contacts=count(path, "contacts"),
        size=path.stat().st_size,
        wall=statistics.median(t for t, _ in timings),
        peak=max(m for _, m in timings),
    )


def floor_time(runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", FLOOR_IMPORT], check=True)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "**not met**")


def report(rows: list[Row], floor: float, runs: int) -> None:
    print(f"`yuesong due --format {FORMAT}`, median of {runs} runs; peak RSS is the max.")
    print(f"Processors this process may use: {len(os.sched_getaffinity(0))}.")
    print(f"Floor `python -c '{FLOOR_IMPORT}'`: median {floor:.3f} s.")
    print()
    header = ("database", "persons", "contacts", "file MiB", "due wall median s")
    print("| " + " | ".join((*header, "peak RSS MiB", "× floor")) + " |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        print(
            f"| {r.label} | {r.persons:,} | {r.contacts:,} | {r.size / MIB:.1f} |"
            f" {r.wall:.3f} | {r.peak / 1024:.0f} | {r.wall / floor:.2f} |"
        )
    sample = next((r for r in rows if r.requested is None), None)
    mid = next((r for r in rows if r.requested == 5000), None)
    big = next((r for r in rows if r.requested == BIG), None)
    print()
    print("Targets:")
    print()
    print(
        f"- sample.db ≤ 1.5 × floor ({1.5 * floor:.3f} s):"
        f" {verdict(None if sample is None else sample.wall <= 1.5 * floor)}"
    )
    print(f"- 5,000 persons ≤ 0.4 s: {verdict(None if mid is None else mid.wall <= 0.4)}")
    print(f"- 100,000 persons ≤ 5 s: {verdict(None if big is None else big.wall <= 5)}")
    print(
        f"- 100,000 persons ≤ 1 GiB peak RSS:"
        f" {verdict(None if big is None else big.peak <= 1024 * 1024)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="300,5000,100000", help="persons per generated database, by commas"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--format",
        choices=("json", "plain"),
        default="json",
        help="json: the items (the targets); plain: the page a cron mail carries, whose "
        "headline also counts the high alerts",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-11-29")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep built databases in DIR and reuse them"
    )
    options = parser.parse_args()
    global FORMAT
    FORMAT = options.format
    try:
        sizes = [int(s.replace("_", "")) for s in options.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: not a list of numbers: {options.sizes}")
    if options.runs < 1 or any(n < 1 for n in sizes):
        parser.error("--runs and --sizes must be positive")

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-due-") as folder:
        work = Path(folder)
        sample = ROOT / "sample.db"
        if sample.exists():
            copy = work / "sample.db"
            shutil.copyfile(sample, copy)
            rows.append(measure("sample.db", None, copy, options.as_of, options.runs, FORMAT))
        else:
            log(f"no {sample}; skipping it")

        store = options.keep if options.keep is not None else work
        store.mkdir(parents=True, exist_ok=True)
        for persons in sizes:
            path, years = database(store, persons, options.seed, options.as_of)
            label = f"sample --persons {persons:,}" + (f" --years {years}" if years else "")
            rows.append(measure(label, persons, path, options.as_of, options.runs, FORMAT))

        log(f"floor: {options.runs} runs ...")
        floor = floor_time(options.runs)
    report(rows, floor, options.runs)


if __name__ == "__main__":
    main()
