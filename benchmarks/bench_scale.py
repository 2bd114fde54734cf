"""Speed at county and province scale (issue 13): `due`, `alerts`, `report summary` for a
quarter and `log` on generated databases of 300, 5,000 and 100,000 persons (and 1,000,000
with --huge), each as a whole process, beside the tool's own floor (`yuesong --version`),
Taskwarrior listing the same open items and one hand-written SQL query, all in one run so
that the ratios the issue's targets are stated in come from the same machine state.

Run from the repository root with the project installed:

    python benchmarks/bench_scale.py                                  # 300, 5,000, 100,000
    python benchmarks/bench_scale.py --sizes 300,5000 --runs 5 --keep bench-data
    python benchmarks/bench_scale.py --huge --keep bench-data --json scale.json

Databases. Built as benchmarks/bench_due.py builds them (its `build`: `init`, then `sample
--persons N --seed 1 --as-of 2026-11-29`, with `--years 1` from 100,000 persons on) and,
with --keep DIR, kept in DIR under bench_due's names (due-pN-s1-a2026-11-29-y….db), so the
three benchmarks share them. A kept file is never written, nor opened: each size is
measured on a byte-for-byte working copy in a temporary folder (TMPDIR chooses where), so
every run of the benchmark starts from the same bytes, whatever the last one (or a newer
version migrating the file, or keeping derived state per day) left behind.

Clock. Every yuesong process runs with `--as-of DAY` where it has one and with
YUESONG_NOW=DAYT02:00:00Z in its environment, so "today" is the day of the data.
`report summary` covers the last whole quarter before that day (2026Q3 for 2026-11-29;
--period to choose another).

What is timed, for each size, as whole processes (`python -m yuesong_cli …`, stdout
discarded), in turn run after run (floor, due, alerts, report, log, Taskwarrior, SQL; then
again), so all share the machine's state:

- floor: `yuesong --version`, the least a command of the tool costs (the interpreter,
  the package and the command-line parser);
- `due --format json --as-of DAY`;
- `alerts --format json --as-of DAY`;
- `report summary --period P --as-of DAY --format json`;
- `log REF meet talk --on DAY` (one contact; REF is the lowest case number on the due
  list), each run on a fresh throwaway copy of the working copy, copied and flushed to
  disk before the clock starts;
- Taskwarrior, when `task` is on PATH: one pending task per open item of the due list
  (the items `due --format json` lists), described by rule and case number ("meet
  YS-0184") with its window's end as due date, put with one `task import FILE.json` (not
  timed) into a temporary TASKDATA with its own TASKRC (confirmation, hooks and color off,
  verbose=nothing); timed is `task rc.verbose=nothing rc.color=off list`. `list`, not
  `export`: the issue compares `due` with Taskwarrior *listing* the same items, and
  `list` does what the due list does (filter the pending items, sort them by urgency,
  lay out a page), where `export` only dumps its file as JSON. Taskwarrior's own clock is
  not pinned (it has none to pin), which changes the ages and urgencies it shows, not the
  work;
- SQL, when `sqlite3` is on PATH: `sqlite3 -init /dev/null -readonly FILE QUERY` with one
  hand-written query returning the last contact day per person and rule up to DAY. It is
  written from the rules in plan_rules (one UNION ALL branch a rule: its kinds through
  contact_kinds, its modes and results on contacts); for the sample's five_to_one plan it
  is the five branches meet (in person), talk, visit (in person), report and urine
  (negative or positive), and on the 300-person file it gives the last_kept of every
  open item of the due list. The query is written with --json.

Before the timed runs each command runs once untimed: the page cache, the bytecode and
anything the tool writes on first use of the day (migrations, derived state) are then
done, so the figures are those of a run later the same day. Wall time is the median of
--runs runs; peak resident memory is the largest ru_maxrss os.wait4 gives for the process
over those runs. From 20,000 persons on `due` may share its work among one process per
processor; the peak os.wait4 gives is then that of the largest of them. A child counts
the benchmark's own peak until it executes its program, so the benchmark keeps its own
small (the due list is read in a forked child) and no peak reads below about 20 MiB, the
interpreter's (Taskwarrior and sqlite3 use less).

Printed: the issue's table (medians), the ratios of its targets with a verdict, and the
peak memory of each command; with --json FILE the same figures and every run's time.
Progress goes to stderr, the tables to stdout in Markdown.

--huge adds 1,000,000 persons (one year of history): building it takes about ten times
the 100,000-person file (minutes there, most of an hour here), the file is about 11 GB,
and up to three copies exist at once (the kept file, the working copy, log's throwaway
copy): have about 35 GB free where --keep and TMPDIR point. At today's speed its report
summary alone takes many minutes a run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_due import BIG, YUESONG, count, database, log, wait  # noqa: E402

HUGE = 1_000_000
DASH = "—"


@dataclass
class Command:
    name: str
    argv: list[str]
    env: dict[str, str]
    prepare: Callable[[], None] | None = None  # untimed, before each run
    walls: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)  # KiB

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def peak(self) -> int:
        return max(self.peaks)


@dataclass
class Size:
    requested: int
    years: int | None
    persons: int = 0
    contacts: int = 0
    open_items: int = 0
    file_bytes: int = 0
    log_ref: str = ""
    sql_query: str | None = None
    commands: dict[str, Command] = field(default_factory=dict)

    def wall(self, name: str) -> float | None:
        command = self.commands.get(name)
        return command.wall if command is not None else None

    def ratio(self, top: str, bottom: str) -> float | None:
        a, b = self.wall(top), self.wall(bottom)
        return None if a is None or b is None or b <= 0 else a / b


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one whole process, stdout discarded."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors, env=env
        )
        code, peak = wait(proc)
        elapsed = time.perf_counter() - start
        if code != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip().splitlines()
            tail = message[-1] if message else "(nothing on stderr)"
            raise SystemExit(f"{' '.join(argv)} exited {code}: {tail}")
    return elapsed, peak


def output(argv: list[str], env: dict[str, str]) -> str:
    """Stdout of one run of ARGV, which must succeed."""
    done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, env=env)
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        tail = lines[-1] if lines else "(nothing on stderr)"
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {tail}")
    return done.stdout.decode(errors="replace")


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of SOURCE (with anything in its -wal) at TARGET, on disk.

    A file alone (as `build` leaves it) is copied byte for byte: opening it, even read only,
    would leave a -shm and -wal beside it. Only when its -wal holds pages is it opened (read
    only) and copied with SQLite's backup API. The copy is flushed to disk, so that no run
    pays for writing it.
    """
    target.unlink(missing_ok=True)
    real = source.resolve()
    wal = real.with_name(real.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        shutil.copyfile(real, target)
    else:
        src = sqlite3.connect(f"file:{real}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    target.chmod(0o600)


def last_quarter(day: str) -> str:
    """The last whole quarter before DAY, as report --period spells it (2026Q3)."""
    date = dt.date.fromisoformat(day)
    quarter = (date.month - 1) // 3 + 1
    year = date.year
    if quarter == 1:
        return f"{year - 1}Q4"
    return f"{year}Q{quarter - 1}"


def sql_list(values: str) -> str:
    return ", ".join("'" + v.strip().replace("'", "''") + "'" for v in values.split(",") if v)


def last_contact_query(path: Path, day: str) -> str:
    """The yardstick: the last contact day per person and rule up to DAY, in one query.

    One branch a rule of plan_rules: its kinds through contact_kinds, its modes and
    results on contacts; persons are joined only when they are on more than one plan.
    """
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        plans = [p for (p,) in conn.execute("SELECT DISTINCT plan FROM persons ORDER BY plan")]
        rules = conn.execute(
            "SELECT plan, rule, kinds, modes, results FROM plan_rules ORDER BY plan, position"
        ).fetchall()
    finally:
        conn.close()
    branches = []
    quoted_day = "'" + day.replace("'", "''") + "'"
    for plan, rule, kinds, modes, results in rules:
        if plan not in plans:
            continue
        tables = "contacts c"
        where = [f"c.happened_on <= {quoted_day}"]
        if kinds:
            tables = "contact_kinds k JOIN contacts c ON c.id = k.contact_id"
            where.insert(0, f"k.kind IN ({sql_list(kinds)})")
        if modes:
            where.append(f"c.mode IN ({sql_list(modes)})")
        if results:
            where.append(f"c.urine_result IN ({sql_list(results)})")
        if len(plans) > 1:
            tables += " JOIN persons p ON p.id = c.person_id"
            where.append(f"p.plan = '{plan}'")
        label = rule if len(plans) == 1 else f"{plan}.{rule}"
        branches.append(
            f"SELECT c.person_id, '{label}' AS rule, MAX(c.happened_on) AS last_day\n"
            f"  FROM {tables}\n  WHERE {' AND '.join(where)}\n  GROUP BY c.person_id"
        )
    if not branches:
        raise SystemExit(f"{path}: no rule in plan_rules for the plans persons are on")
    return "\nUNION ALL\n".join(branches) + ";"


def version_of(argv: list[str]) -> str:
    """The first line ARGV prints, or "?"."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
    except OSError:
        return "?"
    lines = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return lines[0] if lines else "?"


def due_items(argv: list[str], env: dict[str, str], tasks: Path) -> tuple[int, str]:
    """Run the due list ARGV once: its number of items and the lowest case number on it;
    TASKS gets one Taskwarrior task per item (rule and case number, due at the window's end).

    The list is read in a forked child: a child process counts its parent's peak memory
    until it executes its program, so the benchmark's own must stay that of a bare
    interpreter (the due list at 100,000 persons would add some 80 MiB to every peak).
    """
    summary = tasks.with_name("summary.json")
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            items = json.loads(output(argv, env))
            if not isinstance(items, list):
                raise SystemExit("due --format json: output is not a JSON array")
            todo = []
            refs = []
            for item in items:
                todo.append(
                    {"status": "pending", "description": f"{item['rule']} {item['case_no']}"}
                )
                refs.append(str(item["case_no"]))
                end = item.get("window_end")
                if isinstance(end, str) and end:
                    todo[-1]["due"] = end.replace("-", "") + "T000000Z"
            tasks.write_text(json.dumps(todo, ensure_ascii=False), encoding="utf-8")
            ref = min(refs) if refs else "YS-0001"
            summary.write_text(json.dumps({"items": len(items), "ref": ref}), encoding="utf-8")
        except SystemExit as error:
            print(error, file=sys.stderr)
            code = 1
        except Exception as error:  # one line, as for any other failure
            print(f"{' '.join(argv)}: {type(error).__name__}: {error}", file=sys.stderr)
            code = 1
        finally:
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(1)
    figures = json.loads(summary.read_text(encoding="utf-8"))
    return int(figures["items"]), str(figures["ref"])


def taskwarrior(folder: Path, tasks: Path, task: str) -> tuple[list[str], dict[str, str]]:
    """A TASKDATA in FOLDER holding the tasks of TASKS (one import); the command to time."""
    data = folder / "data"
    data.mkdir(parents=True)
    rc = folder / "taskrc"
    rc.write_text(
        f"data.location={data}\nconfirmation=off\nhooks=off\ncolor=off\nverbose=nothing\n",
        encoding="utf-8",
    )
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    if tasks.read_text(encoding="utf-8").strip() != "[]":
        output([task, "rc.verbose=nothing", "import", str(tasks)], env)
    return [task, "rc.verbose=nothing", "rc.color=off", "list"], env


def measure(
    size: Size, kept: Path, work: Path, options: argparse.Namespace, tools: dict[str, str]
) -> None:
    day, period, runs = options.as_of, options.period, options.runs
    env = {
        **os.environ,
        "YUESONG_LANG": "zh",
        "PYTHONDONTWRITEBYTECODE": "",
        "YUESONG_NOW": f"{day}T02:00:00Z",
    }
    env.pop("YUESONG_DB", None)
    folder = work / f"p{size.requested}"
    folder.mkdir()
    db = folder / "work.db"
    log(f"{size.requested:,} persons: copying {kept.name} ...")
    copy_database(kept, db)
    size.file_bytes = db.stat().st_size
    size.persons = count(db, "persons")
    size.contacts = count(db, "contacts")

    def yuesong(*args: str) -> list[str]:
        return [*YUESONG, "--db", str(db), *args]

    # The first due list: warms the file and the tool, and gives the items.
    log(f"{size.requested:,} persons: due list (untimed) ...")
    tasks = folder / "tasks.json"
    due = yuesong("due", "--format", "json", "--as-of", day)
    size.open_items, size.log_ref = due_items(due, env, tasks)

    throwaway = folder / "log.db"
    commands = [
        Command("floor", [*YUESONG, "--version"], env),
        Command("due", yuesong("due", "--format", "json", "--as-of", day), env),
        Command("alerts", yuesong("alerts", "--format", "json", "--as-of", day), env),
        Command(
            "report",
            yuesong("report", "summary", "--period", period, "--as-of", day, "--format", "json"),
            env,
        ),
        Command(
            "log",
            [*YUESONG, "--db", str(throwaway), "log", size.log_ref, "meet", "talk", "--on", day],
            env,
            prepare=lambda: copy_database(db, throwaway),
        ),
    ]
    if "task" in tools:
        log(f"{size.requested:,} persons: Taskwarrior import of {size.open_items:,} tasks ...")
        argv, task_env = taskwarrior(folder / "taskwarrior", tasks, tools["task"])
        commands.append(Command("taskwarrior", argv, task_env))
    if "sqlite3" in tools:
        size.sql_query = last_contact_query(db, day)
        argv = [tools["sqlite3"], "-init", os.devnull, "-readonly", str(db), size.sql_query]
        commands.append(Command("sql", argv, dict(os.environ)))

    log(f"{size.requested:,} persons: each command once, untimed ...")
    for command in commands:
        if command.prepare is not None:
            command.prepare()
        timed(command.argv, command.env)
    for n in range(1, runs + 1):
        log(f"{size.requested:,} persons: run {n}/{runs} ...")
        for command in commands:
            if command.prepare is not None:
                command.prepare()
            wall, peak = timed(command.argv, command.env)
            command.walls.append(wall)
            command.peaks.append(peak)
    throwaway.unlink(missing_ok=True)
    size.commands = {c.name: c for c in commands}
    shutil.rmtree(folder, ignore_errors=True)


def seconds(value: float | None) -> str:
    if value is None:
        return DASH
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 10:
        return f"{value:.2f} s"
    return f"{value:.1f} s"


def times(value: float | None) -> str:
    return DASH if value is None else f"{value:.2f}×"


def mib(kib: int | None) -> str:
    return DASH if kib is None else f"{kib / 1024:.0f} MiB"


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "**not met**")


def report(sizes: list[Size], options: argparse.Namespace, tools: dict[str, str]) -> None:
    period, runs = options.period, options.runs
    print(
        f"Whole processes, median wall time of {runs} run{'s' if runs != 1 else ''} "
        "(peak RSS: the largest), "
        f"`--as-of {options.as_of}`, YUESONG_NOW={options.as_of}T02:00:00Z; "
        f"report summary for {period}, the last whole quarter before that day."
    )
    print(
        f"{options.tool_version} ({options.tree}), Python {platform.python_version()},"
        f" {len(os.sched_getaffinity(0))} processors for this process."
    )
    if "task" in tools:
        print(f"Taskwarrior {options.task_version}: `task list` of the open items of `due`.")
    else:
        print(f"Taskwarrior (`task`) is not installed: its column shows {DASH}.")
    if "sqlite3" in tools:
        print(
            f"SQL: `sqlite3` {options.sqlite_version}, one query: the last contact day "
            "per person and rule."
        )
    else:
        print(f"The `sqlite3` shell is not installed: the SQL column shows {DASH}.")
    print()
    print(
        f"| persons | contacts | open items | `due` | `alerts` | `report summary` ({period}) "
        "| `log` (one contact) | floor `--version` | Taskwarrior `list` | SQL query |"
    )
    print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for s in sizes:
        rep = s.commands["report"]
        print(
            f"| {s.persons:,} | {s.contacts:,} | {s.open_items:,} | {seconds(s.wall('due'))} "
            f"| {seconds(s.wall('alerts'))} | {seconds(rep.wall)}, {mib(rep.peak)} "
            f"| {seconds(s.wall('log'))} | {seconds(s.wall('floor'))} "
            f"| {seconds(s.wall('taskwarrior'))} | {seconds(s.wall('sql'))} |"
        )
    print()
    print("Ratios (same run):")
    print()
    print(
        "| persons | due ÷ Taskwarrior | due ÷ floor | alerts ÷ due | due ÷ SQL "
        "| report wall | report peak |"
    )
    print("|--:|--:|--:|--:|--:|--:|--:|")
    for s in sizes:
        rep = s.commands["report"]
        print(
            f"| {s.persons:,} | {times(s.ratio('due', 'taskwarrior'))} "
            f"| {times(s.ratio('due', 'floor'))} | {times(s.ratio('alerts', 'due'))} "
            f"| {times(s.ratio('due', 'sql'))} | {seconds(rep.wall)} | {mib(rep.peak)} |"
        )
    print()
    print("Peak RSS of each command:")
    print()
    names = ("floor", "due", "alerts", "report", "log", "taskwarrior", "sql")
    print("| persons | " + " | ".join(names) + " |")
    print("|--:|" + "--:|" * len(names))
    for s in sizes:
        cells = [mib(s.commands[n].peak) if n in s.commands else DASH for n in names]
        print(f"| {s.persons:,} | " + " | ".join(cells) + " |")

    def at(persons: int) -> Size | None:
        return next((s for s in sizes if s.requested == persons), None)

    def check(persons: int, test: Callable[[Size], float | None], limit: float) -> str:
        s = at(persons)
        value = None if s is None else test(s)
        return verdict(None if value is None else value <= limit)

    print()
    print("Targets of issue 13:")
    print()
    print(
        "- `due` at 5,000 persons ≤ 2× Taskwarrior: "
        + check(5000, lambda s: s.ratio("due", "taskwarrior"), 2)
    )
    print(
        "- `due` at 5,000 persons ≤ 1.5× floor: "
        + check(5000, lambda s: s.ratio("due", "floor"), 1.5)
    )
    print(
        "- `due` at 100,000 persons ≤ 3× floor: " + check(BIG, lambda s: s.ratio("due", "floor"), 3)
    )
    alerts = [r for s in sizes if (r := s.ratio("alerts", "due")) is not None]
    print(
        "- `alerts` ≤ 1.3× `due` at every size measured: "
        + verdict(all(r <= 1.3 for r in alerts) if alerts else None)
    )
    print(
        "- `report summary` at 5,000 persons ≤ 0.5 s: "
        + check(5000, lambda s: s.wall("report"), 0.5)
    )
    print(
        "- `report summary` at 100,000 persons ≤ 5 s: " + check(BIG, lambda s: s.wall("report"), 5)
    )
    print(
        "- `report summary` at 100,000 persons ≤ 300 MiB: "
        + check(BIG, lambda s: s.commands["report"].peak / 1024, 300)
    )
    print(
        "- `log` no slower than before: compare the `log` column with the same benchmark "
        "run on the earlier revision (one run cannot say)."
    )


def figures(sizes: list[Size], options: argparse.Namespace, tools: dict[str, str]) -> dict:
    return {
        "as_of": options.as_of,
        "now": f"{options.as_of}T02:00:00Z",
        "period": options.period,
        "runs": options.runs,
        "seed": options.seed,
        "yuesong": options.tool_version,
        "tree": options.tree,
        "python": platform.python_version(),
        "processors": len(os.sched_getaffinity(0)),
        "taskwarrior": options.task_version if "task" in tools else None,
        "sqlite3": options.sqlite_version if "sqlite3" in tools else None,
        "sizes": [
            {
                "requested": s.requested,
                "years": s.years,
                "persons": s.persons,
                "contacts": s.contacts,
                "open_items": s.open_items,
                "file_bytes": s.file_bytes,
                "log_ref": s.log_ref,
                "sql_query": s.sql_query,
                "commands": {
                    name: {
                        "argv": [Path(a).name if os.path.isabs(a) else a for a in c.argv],
                        "wall_median_s": round(c.wall, 6),
                        "walls_s": [round(w, 6) for w in c.walls],
                        "peak_rss_kib": c.peak,
                    }
                    for name, c in s.commands.items()
                },
                "ratios": {
                    "due_over_taskwarrior": s.ratio("due", "taskwarrior"),
                    "due_over_floor": s.ratio("due", "floor"),
                    "alerts_over_due": s.ratio("alerts", "due"),
                    "due_over_sql": s.ratio("due", "sql"),
                },
            }
            for s in sizes
        ],
    }


def tree_of() -> str:
    """Where yuesong_cli is imported from, with the commit when it is this repository."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": ""}
    where = output(
        [
            sys.executable,
            "-c",
            "import yuesong_cli, os; print(os.path.dirname(yuesong_cli.__file__))",
        ],
        env,
    ).strip()
    package = Path(where).parent
    try:
        head = subprocess.run(
            ["git", "-C", str(package), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
        dirty = subprocess.run(
            ["git", "-C", str(package), "status", "--porcelain", "--", "yuesong_cli"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return f"from {package}"
    if head.returncode != 0:
        return f"from {package}"
    changes = " with local changes" if dirty.stdout.strip() else ""
    return f"from {package} at {head.stdout.strip()}{changes}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="300,5000,100000", help="persons per generated database, by commas"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command")
    parser.add_argument(
        "--huge", action="store_true", help="add 1,000,000 persons (long; about 35 GB free)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-11-29")
    parser.add_argument(
        "--period", help="quarter of report summary (default: the last whole one before --as-of)"
    )
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep built databases in DIR and reuse them"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    options = parser.parse_args()
    try:
        sizes = [int(s.replace("_", "")) for s in options.sizes.split(",") if s.strip()]
        dt.date.fromisoformat(options.as_of)
    except ValueError:
        parser.error(f"--sizes or --as-of: not understood: {options.sizes} {options.as_of}")
    if options.huge and HUGE not in sizes:
        sizes.append(HUGE)
    if options.runs < 1 or not sizes or any(n < 1 for n in sizes):
        parser.error("--runs and --sizes must be positive")
    options.period = options.period or last_quarter(options.as_of)

    tools = {name: path for name in ("task", "sqlite3") if (path := shutil.which(name))}
    if "task" not in tools:
        log("Taskwarrior (task) is not installed: no Taskwarrior column")
    if "sqlite3" not in tools:
        log("the sqlite3 shell is not installed: no SQL column")
    options.task_version = version_of([tools["task"], "--version"]) if "task" in tools else ""
    options.sqlite_version = (
        version_of([tools["sqlite3"], "--version"]).split(" ")[0] if "sqlite3" in tools else ""
    )
    options.tool_version = output([*YUESONG, "--version"], dict(os.environ)).strip()
    options.tree = tree_of()

    measured: list[Size] = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        work = Path(folder)
        store = options.keep if options.keep is not None else work / "built"
        store.mkdir(parents=True, exist_ok=True)
        for persons in sizes:
            path, years = database(store, persons, options.seed, options.as_of)
            size = Size(requested=persons, years=years)
            measure(size, path, work, options, tools)
            measured.append(size)
            if options.keep is None:
                path.unlink(missing_ok=True)  # not kept: room for the next size
    report(measured, options, tools)
    if options.json is not None:
        options.json.write_text(
            json.dumps(figures(measured, options, tools), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        log(f"figures written to {options.json}")


if __name__ == "__main__":
    main()
