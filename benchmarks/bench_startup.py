"""Start-up of `yuesong due` on sample.db: this tree against another revision, in one run.

A change of structure must not make the daily due list slower to start. The two versions
are timed in turn (A B A B …) as whole processes, so a ratio taken pair by pair holds on a
noisy, shared machine where absolute times drift.

Run from the repository root with the project's dependencies installed:

    python benchmarks/bench_startup.py                     # against HEAD~1 (the last commit)
    python benchmarks/bench_startup.py --base 0e9441c --runs 30

The other revision is checked out with `git worktree` into a temporary folder and run
with the same interpreter (its own package first on PYTHONPATH), so only the code differs.
Each command is `python -m yuesong_cli --db COPY due --as-of 2026-11-29 --format F` for
F in plain (the cron page, with its headline) and json, and `--help` (start-up alone).
Printed: the median wall seconds of each and the median of the pair-by-pair ratios
(this tree ÷ base; below 1 is faster).
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
DAY = "2026-11-29"


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-400:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="HEAD~1", help="The revision to compare against.")
    parser.add_argument("--runs", type=int, default=20, help="Pairs per command.")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="yuesong-startup-"))
    base_tree = work / "base"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q",
                    str(base_tree), args.base], check=True)
    try:
        env = {**os.environ, "YUESONG_LANG": "zh", "PYTHONDONTWRITEBYTECODE": ""}
        env.pop("YUESONG_DB", None)
        trees = {"this tree": ROOT, f"base {args.base}": base_tree}
        envs = {name: {**env, "PYTHONPATH": str(tree)} for name, tree in trees.items()}
        # Each version reads the sample.db it shipped with: an older version may refuse a
        # file made by a newer one, and its own file is what it was measured on.
        dbs = {}
        for number, (name, tree) in enumerate(trees.items()):
            dbs[name] = work / f"sample-{number}.db"
            shutil.copyfile(tree / "sample.db", dbs[name])
            dbs[name].chmod(0o600)
        commands = {
            "due -f plain": ["--db", "{db}", "due", "--as-of", DAY, "--format", "plain"],
            "due -f json": ["--db", "{db}", "due", "--as-of", DAY, "--format", "json"],
            "--help": ["--help"],
        }
        print(f"{args.runs} pairs each, python {sys.version.split()[0]}, "
              f"{os.cpu_count()} processors")
        print(f"{'command':<14} {'this tree s':>12} {'base s':>8} {'ratio':>7}")
        for label, argv in commands.items():
            times: dict[str, list[float]] = {name: [] for name in trees}
            runs = {name: [sys.executable, "-m", "yuesong_cli",
                           *(str(dbs[name]) if a == "{db}" else a for a in argv)]
                    for name in trees}
            for name in trees:  # warm-up: bytecode written, files in the page cache
                timed(runs[name], envs[name])
            for _ in range(args.runs):
                for name in trees:
                    times[name].append(timed(runs[name], envs[name]))
            mine, base = times.values()
            ratio = statistics.median(a / b for a, b in zip(mine, base, strict=True))
            print(f"{label:<14} {statistics.median(mine):>12.3f} "
                  f"{statistics.median(base):>8.3f} {ratio:>7.2f}")
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                        str(base_tree)], check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
