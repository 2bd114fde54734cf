"""Figures of the register: sample.db's size, the time of `sample --persons N`, and the
time of `person list` on sample.db, each as a whole process the way the officer runs it.

Run from the repository root with the project installed:

    python benchmarks/bench_register.py            # 5,000 persons, 5 runs of person list
    python benchmarks/bench_register.py --persons 1000 --runs 3

Wall time and peak resident memory come from os.wait4 on each child process.
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

ROOT = Path(__file__).resolve().parent.parent
YUESONG = [sys.executable, "-m", "yuesong_cli"]


def run(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of ``yuesong ARGS``."""
    # Bytecode is written and reused, as after any installation: a machine that sets
    # PYTHONDONTWRITEBYTECODE would otherwise time compiling the project on every run.
    env = {**os.environ, "YUESONG_LANG": "zh", "PYTHONDONTWRITEBYTECODE": ""}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*YUESONG, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"yuesong {' '.join(args)} failed: {stderr}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", default="2026-11-29")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.db"
        run(["--db", str(big), "init"])
        seconds, rss = run(
            [
                "--db",
                str(big),
                "sample",
                "--persons",
                str(options.persons),
                "--seed",
                "1",
                "--as-of",
                options.as_of,
            ]
        )
        size = big.stat().st_size
        print(
            f"sample --persons {options.persons}: {seconds:.1f} s, peak {rss / 1024:.0f} MiB,"
            f" file {size / 1024 / 1024:.1f} MiB"
        )

        sample = ROOT / "sample.db"
        if sample.exists():
            copy = Path(folder) / "sample.db"
            shutil.copyfile(sample, copy)
            os.chmod(copy, 0o600)
            print(f"sample.db: {sample.stat().st_size / 1024 / 1024:.2f} MiB")
            timings = [
                run(["--db", str(copy), "person", "list", "--format", "plain"])
                for _ in range(options.runs)
            ]
            wall = statistics.median(t for t, _ in timings)
            peak = max(m for _, m in timings)
            print(
                f"person list on sample.db: median {wall:.3f} s of {options.runs} runs,"
                f" peak {peak / 1024:.0f} MiB"
            )
        floor = [run_floor() for _ in range(options.runs)]
        print(
            f"floor (python -c 'import typer, rich, sqlite_utils, pendulum'):"
            f" median {statistics.median(floor):.3f} s"
        )


def run_floor() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import typer, rich, sqlite_utils, pendulum"], check=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
