"""Write what every command prints on a copy of sample.db, one file per command, so a
change of structure can be shown to change no output: run it before and after, then
``diff -r BEFORE AFTER``.

    python tests/outputs_snapshot.py /tmp/before
    ... change the code ...
    python tests/outputs_snapshot.py /tmp/after && diff -r /tmp/before /tmp/after

Each file holds the command, its exit code, stdout and stderr, and any file it wrote.
Commands that write run on their own copy in a fixed order, so their output is
comparable too. Not a test (pytest does not collect it): outputs change on purpose when
a defect is fixed, and the diff is then read by a person.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-29"

# Read-only commands on sample.db.
READS: list[str] = [
    "due --as-of {day} -f plain",
    "due --as-of {day} -f json",
    "due --as-of {day} -f csv",
    "due --as-of {day} -f table",
    "due --as-of {day} --all -f plain",
    "due --as-of {day} --within 0 -f plain",
    "due --as-of {day} --by village -f plain",
    "due --as-of {day} --by helper -f plain",
    "due --as-of {day} --rule report -f plain",
    "due --as-of {day} --village 岳宋村 -f plain",
    "due --as-of {day} --helper 1 -f plain",
    "due --as-of {day} --village 岳宋村 --rule meet --within 3 -f json",
    "due --as-of 2026-12-31 --rule report -f json",
    "due --as-of {day} --fail-if-overdue -f plain",
    "--lang en due --as-of {day} -f plain",
    "why YS-0001 --as-of {day}",
    "why YS-0007 --as-of {day}",
    "--lang en why YS-0012 --as-of {day}",
    "alerts --as-of {day} -f plain",
    "alerts --as-of {day} -f json",
    "alerts --as-of {day} -f csv",
    "alerts --as-of {day} -f table",
    "alerts --as-of {day} --fail-if high -f plain",
    "--lang en alerts --as-of {day} -f plain",
    "person list -f plain",
    "person list -f csv",
    "person list -f json",
    "person list -f table",
    "person list --village 岳宋村 -f plain",
    "person list --status 社区戒毒 -f plain",
    "person find an",
    "person find 0001",
    "person show YS-0001",
    "person show YS-0002",
    "person show YS-0003",
    "person show YS-0003 --reveal --reason 核对",
    "--lang en person show YS-0004",
    "team show YS-0001",
    "helper list -f plain",
    "helper list -f json",
    "breach list YS-0001 --as-of {day}",
    "breach list YS-0005 --as-of {day}",
    "plan list",
    "plan show five_to_one",
    "report summary --period 2026Q3 -f plain",
    "report summary --period 2026Q3 -f json",
    "report summary --period 2026Q3 -f csv",
    "report summary --period 2026-11 --as-of {day} -f plain",
    "report summary --period 2026-11 --as-of {day} -f json",
    "report summary --period 2026 --as-of {day} -f plain",
    "--lang en report summary --period 2026Q3 -f table",
    "report village --period 2026-11 --as-of {day} -f plain",
    "report village --period 2026Q3 -f json",
    "report helper --period 2026Q3 -f plain",
    "report person YS-0001 --as-of {day}",
    "report person YS-0002 --as-of {day} -f json",
    "report person YS-0003 --period 2026Q3 --as-of {day} -f plain",
    "settings show",
    "db verify",
    "db info",
    "tests draw --count 5 --seed 20261129 --as-of {day}",
]

# Commands that write, in this order, on one copy; then reads that show their effect.
WRITES: list[str] = [
    "person add --name 试甲 --id-number 53082919900101123X --village 岳宋村 --group 一组"
    " --status community_treatment --since 2026-11-01",
    "person edit YS-0301 --phone 13812345678",
    "person status YS-0301 on_leave --on 2026-11-10 --until 2026-11-20 --reason 外出务工",
    "helper add 试乙 --role police --phone 13900001111",
    "team assign YS-0301 648 --role police",
    "log YS-0301 meet --on 2026-11-25 --by 648 --place 家中",
    "log YS-0301 urine --result negative --on 2026-11-26",
    "breach add YS-0301 left_county --on 2026-11-02 --days 5",
    "plan add away --name 外出务工 --copy five_to_one",
    "plan rule away phone_talk --name 电话谈话 --every 10 --kinds talk --modes phone,video",
    "plan remove-rule away phone_talk",
    "settings set township 岳宋乡",
    "person show YS-0301",
    "why YS-0301 --as-of {day}",
    "due --as-of {day} -f json",
    "alerts --as-of {day} -f json",
    "report person YS-0301 --as-of {day} -f plain",
    "report summary --period 2026-11 --as-of {day} -f json",
    "person add --name 试丙 --id-number 530829198505052225 --village 岳宋村",
    "person status YS-0301 deceased --on 2026-11-28",
    "person status YS-0301 community_treatment --on 2026-11-29",
    "log YS-9999 meet --on 2026-11-25",
    "log YS-0301 meet --on 2030-01-01",
    "report summary --period 2026Q5",
    "db verify",
]

HELP_GROUPS = ["", "person", "helper", "team", "breach", "tests", "report", "plan", "db",
               "settings"]
HELP_COMMANDS = [
    "init", "log", "due", "why", "alerts", "sample",
    "person add", "person list", "person find", "person show", "person edit",
    "person status", "helper add", "helper list", "team assign", "team show", "breach add",
    "breach list", "tests draw", "report summary", "report village", "report helper",
    "report person", "report quarterly", "plan list", "plan show", "plan add", "plan rule",
    "plan remove-rule", "db verify", "db info", "db backup", "db restore", "settings show",
    "settings set",
]


def run(args: list[str], env: dict[str, str], cwd: Path, base: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "yuesong_cli", *args],
        capture_output=True, text=True, env=env, cwd=cwd, check=False,
    )
    text = (
        f"$ yuesong {' '.join(args)}\nexit {done.returncode}\n"
        f"--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
    )
    # Each run has its own folder; the files compared name it the same way.
    return text.replace(str(base), "$DIR")


def audit_rows(db: Path) -> str:
    """The audit log without its times and hashes: what was done, to what, which fields."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT id, actor, action, table_name, record_id, fields, note FROM audit ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    return "--- audit\n" + "".join(f"{row}\n" for row in rows)


def main() -> None:
    out = Path(sys.argv[1])
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    work = Path(tempfile.mkdtemp(prefix="yuesong-snapshot-"))
    base = Path(tempfile.mkdtemp(prefix="yuesong-snapshot-db-"))
    # The code of this tree, whatever is installed: a "before" run from another checkout
    # must run that checkout's code.
    env = {**os.environ, "COLUMNS": "120", "YUESONG_LANG": "zh", "PYTHONIOENCODING": "utf-8",
           "LINES": "50", "TERM": "dumb", "PYTHONPATH": str(ROOT)}
    env.pop("YUESONG_DB", None)

    def fresh(name: str) -> Path:
        db = base / name
        shutil.copyfile(ROOT / "sample.db", db)
        db.chmod(0o600)
        return db

    db = fresh("sample.db")
    for index, line in enumerate(READS):
        args = ["--db", str(db), *line.format(day=DAY).split()]
        (out / f"read-{index:03d}.txt").write_text(run(args, env, work, base), encoding="utf-8")

    for index, command in enumerate(HELP_GROUPS + HELP_COMMANDS):
        args = [*command.split(), "--help"]
        (out / f"help-{index:03d}.txt").write_text(run(args, env, work, base), encoding="utf-8")

    db = fresh("writes.db")
    for index, line in enumerate(WRITES):
        # Split on spaces but keep the --name value of `plan rule` whole: none has spaces.
        args = ["--db", str(db), *line.format(day=DAY).split()]
        (out / f"write-{index:03d}.txt").write_text(run(args, env, work, base), encoding="utf-8")
    (out / "write-audit.txt").write_text(audit_rows(db), encoding="utf-8")

    # The quarterly report writes files: keep their text.
    db = fresh("quarterly.db")
    folder = base / "quarterly"
    folder.mkdir()
    text = run(["--db", str(db), "report", "quarterly", "--quarter", "2026Q3",
                "--as-of", DAY, "--out", str(folder)], env, work, base)
    for path in sorted(folder.iterdir()):
        text += f"--- file {path.name}\n{path.read_text(encoding='utf-8')}"
    (out / "quarterly.txt").write_text(text, encoding="utf-8")

    # Exports: CSV and JSON bytes (XLSX is a zip with timestamps: its cells are tested).
    for index, line in enumerate([
        "person list --export {dir}/register.csv",
        "report summary --period 2026Q3 --export {dir}/summary.csv",
        "report summary --period 2026Q3 --export {dir}/summary.json",
        "report village --period 2026Q3 --export {dir}/village.csv",
        "report helper --period 2026Q3 --export {dir}/helper.json",
    ]):
        folder = base / f"export-{index}"
        folder.mkdir()
        args = ["--db", str(db), *line.format(day=DAY, dir=folder).split()]
        text = run(args, env, work, base)
        for path in sorted(folder.iterdir()):
            text += f"--- file {path.name}\n{path.read_text(encoding='utf-8-sig')}"
        (out / f"export-{index:03d}.txt").write_text(text, encoding="utf-8")

    # The sample generator, on a new database: its plans and persons.
    db = base / "generated.db"
    run(["--db", str(db), "init"], env, work, base)
    text = run(["--db", str(db), "sample", "--persons", "40", "--seed", "3", "--as-of", DAY],
               env, work, base)
    for line in ["plan show five_to_one", "person list -f csv", "due --as-of {day} -f csv",
                 "report summary --period 2026-11 --as-of {day} -f csv"]:
        text += run(["--db", str(db), *line.format(day=DAY).split()], env, work, base)
    (out / "sample.txt").write_text(text, encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(base, ignore_errors=True)
    print(f"{len(list(out.iterdir()))} files in {out}")


if __name__ == "__main__":
    main()
