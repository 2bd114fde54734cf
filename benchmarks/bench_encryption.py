"""The cost of encryption at rest: `due --format json` and `log` on the same register, plain
and encrypted with SQLCipher (docs/security.md §6), at 300 and 5,000 persons, in one run,
each as a whole process the way the officer (or a cron job) runs it.

Run from the repository root with the project installed:

    python benchmarks/bench_encryption.py                     # 300 and 5,000 persons
    python benchmarks/bench_encryption.py --sizes 300 --runs 5
    python benchmarks/bench_encryption.py --keep bench-data   # reuse the plain databases

Each plain database is built with the CLI (`init`, then `sample --persons N --seed 1
--as-of 2026-11-29`, as benchmarks/bench_due.py builds them); two copies of it are
encrypted with `db encrypt`: one with a passphrase (the file's key derived from it with
PBKDF2-HMAC-SHA512, 256,000 iterations, once a process), one with a raw key written
x'…64 hex digits…' (no derivation), both read from YUESONG_KEY_FILE as a cron job
reads them. The three files are timed in turn, run after run, so that all three share
the machine's state; the figure is the median wall time of each, and the ratio is that
of the encrypted file to the plain one. `log` records a contact on each run (the same
contact in each file).

Wall time and peak resident memory come from os.wait4 on each child process.
"""

from __future__ import annotations

import argparse
import os
import secrets
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
PASSPHRASE = "correct horse battery staple"
MIB = 1024 * 1024


def run(args: list[str], key_file: Path | None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of ``yuesong ARGS``, stdout discarded."""
    # Bytecode is written and reused, as after any installation.
    env = {**os.environ, "YUESONG_LANG": "zh", "PYTHONDONTWRITEBYTECODE": ""}
    env.pop("YUESONG_KEY_FILE", None)
    if key_file is not None:
        env["YUESONG_KEY_FILE"] = str(key_file)
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*YUESONG, *args], stdout=subprocess.DEVNULL, stderr=errors, env=env,
            stdin=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            raise SystemExit(f"yuesong {' '.join(args)} failed: {message}")
    return elapsed, usage.ru_maxrss


def key_file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def variants(plain: Path, work: Path) -> dict[str, tuple[Path, Path | None, float]]:
    """The plain file and two encrypted copies: label -> (file, key file, seconds that
    `db encrypt` took)."""
    raw = key_file(work, f"{plain.stem}.raw.key", f"x'{secrets.token_hex(32)}'")
    phrase = key_file(work, f"{plain.stem}.phrase.key", PASSPHRASE)
    found: dict[str, tuple[Path, Path | None, float]] = {}
    copy = work / f"{plain.stem}-plain.db"
    shutil.copyfile(plain, copy)
    copy.chmod(0o600)
    found["plain"] = (copy, None, 0.0)
    for label, key in (("passphrase", phrase), ("raw key", raw)):
        target = work / f"{plain.stem}-{label.replace(' ', '-')}.db"
        shutil.copyfile(plain, target)
        target.chmod(0o600)
        seconds, _ = run(["--db", str(target), "db", "encrypt"], key)
        found[label] = (target, key, seconds)
    return found


def measure(
    files: dict[str, tuple[Path, Path | None, float]], args: list[str], runs: int
) -> dict[str, tuple[float, int]]:
    """Median wall seconds and peak RSS of ``yuesong --db FILE ARGS`` on each file, the
    files taken in turn on each run; one run each first, untimed, to warm the cache."""
    timings: dict[str, list[tuple[float, int]]] = {label: [] for label in files}
    for round_ in range(runs + 1):
        for label, (path, key, _) in files.items():
            taken = run(["--db", str(path), *args], key)
            if round_:
                timings[label].append(taken)
    return {
        label: (statistics.median(t for t, _ in found), max(m for _, m in found))
        for label, found in timings.items()
    }


def report(results: list[tuple[int, str, dict[str, tuple[float, int]]]], runs: int) -> None:
    print(f"Median wall time of {runs} runs, seconds (peak RSS MiB); ratio to the plain file.")
    print(f"Processors this process may use: {len(os.sched_getaffinity(0))}.")
    print()
    print("| persons | command | plain | passphrase | × | raw key | × |")
    print("|--:|---|--:|--:|--:|--:|--:|")
    for persons, command, found in results:
        plain, _ = found["plain"]
        cells = []
        for label in ("plain", "passphrase", "raw key"):
            wall, peak = found[label]
            cells.append(f"{wall:.3f} ({peak / 1024:.0f})")
            if label != "plain":
                cells.append(f"{wall / plain:.2f}")
        print(f"| {persons:,} | `{command}` | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,5000", help="persons per database, by commas")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-11-29")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep the plain databases in DIR and reuse them"
    )
    options = parser.parse_args()
    try:
        sizes = [int(s.replace("_", "")) for s in options.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: not a list of numbers: {options.sizes}")
    if options.runs < 1 or any(n < 1 for n in sizes):
        parser.error("--runs and --sizes must be positive")

    results: list[tuple[int, str, dict[str, tuple[float, int]]]] = []
    encrypting: list[tuple[int, float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-encryption-") as folder:
        work = Path(folder)
        store = options.keep if options.keep is not None else work
        store.mkdir(parents=True, exist_ok=True)
        for persons in sizes:
            path = store / f"due-p{persons}-s{options.seed}-a{options.as_of}-ydefault.db"
            if path.exists():
                log(f"reusing {path}")
            else:
                build(path, persons, options.seed, options.as_of, None)
            files = variants(path, work)
            size = files["passphrase"][0].stat().st_size
            encrypting.append(
                (persons, files["passphrase"][2], files["raw key"][2], size / MIB)
            )
            due = ["due", "--format", "json", "--as-of", options.as_of]
            log(f"due at {persons:,} persons: {options.runs} runs of each file ...")
            results.append((persons, "due --format json", measure(files, due, options.runs)))
            contact = ["log", "YS-0001", "meet", "talk", "--on", options.as_of]
            log(f"log at {persons:,} persons: {options.runs} runs of each file ...")
            logged = measure(files, contact, options.runs)
            results.append((persons, "log YS-0001 meet talk", logged))
            log(f"  {count(files['plain'][0], 'contacts'):,} contacts in the plain file")
    report(results, options.runs)
    print()
    print("`db encrypt` itself (once, whole process), and the encrypted file's size:")
    print()
    for persons, phrase, raw, size in encrypting:
        print(
            f"- {persons:,} persons: {phrase:.2f} s with a passphrase, {raw:.2f} s with a raw"
            f" key; {size:.1f} MiB"
        )


if __name__ == "__main__":
    main()
