"""kill -9 at random moments of writes, exports, backups and restores (issue 12;
docs/security.md §7, "Nothing is left half-done"; docs/security.md §5): whatever the
moment, the database verifies, a write is whole or absent, nothing committed is lost, no
export exists that the audit log does not name, and the next start leaves no temporary
file behind.

One seeded run of the CLI as separate processes, each killed with SIGKILL after a random
delay (drawn over the lifetime such a process is measured to have on this machine),
serves every test of this module; each test asserts one kind of finding. The assertions
hold whatever the moment of the kill: each names the states a killed command may leave
(the state before, or the state a complete run leaves), never a moment, so a slow or a
fast machine changes where the kills land, not what is asserted. ``YUESONG_CRASH_SEED``
picks another seed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, _isolate, build_ledger, cli, fingerprint, id_number, ok

from yuesong_cli.store.schema import DERIVED_TABLES

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="kill -9 (SIGKILL) and process groups are POSIX only"
)

SEED = int(os.environ.get("YUESONG_CRASH_SEED", "20261129"))
KILLS = 52  # at least 50 kills landing while the process runs (issue 12)
MAX_RUNS = 150  # runs that finish before their kill do not count; this bounds the loop
TIME_LIMIT = 100.0  # seconds: the loop stops here whatever it reached (issue 12: < 2 min)
SINCE = "2026-01-05"
REASON = "录入错误"
WRITES = ("log", "person_add", "person_status", "contact_void")
OPERATIONS = (*WRITES, "export", "backup", "restore")
BACKUP_NAME = re.compile(r"ledger-(?:backup|before-restore)-[0-9]{8}-[0-9]{6}(?:-[0-9]+)?\.db")
EXPORT_NAME = re.compile(r"export-[0-9]+\.(?:csv|xlsx|json)")

Run = Callable[..., InvokeResult]


# --- what a database holds ---------------------------------------------------------------


def query(path: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.execute(sql, args))


def data_digest(path: Path) -> str:
    """A digest of the data, without the audit log and its head, nor the kept state (no
    data: a report rolls it forward, docs/model.md "Kept state"): what a backup, an export
    or a restore refused must leave as it was."""
    digest = hashlib.sha256()
    with closing(sqlite3.connect(path)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'audit%'"
                " AND name != 'sqlite_sequence' ORDER BY name"
            )
            if r[0] not in DERIVED_TABLES
        ]
        for table in tables:
            digest.update(table.encode())
            where = " WHERE key NOT LIKE 'audit%'" if table == "settings" else ""
            for row in conn.execute(f"SELECT * FROM [{table}]{where} ORDER BY 1"):
                digest.update(repr(row).encode())
    return digest.hexdigest()


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """A database as a killed command left it: every row, the data alone, the audit log."""

    whole: str
    data: str
    audit: tuple[tuple[Any, ...], ...]  # (id, action, note, hash)

    @classmethod
    def of(cls, path: Path) -> Snapshot:
        rows = query(path, "SELECT id, action, note, hash FROM audit ORDER BY id")
        return cls(fingerprint(path), data_digest(path), tuple(rows))

    def new_rows(self, before: Snapshot) -> tuple[tuple[Any, ...], ...] | None:
        """The audit rows added since ``before``; None when rows of it are gone or
        changed (the log must only grow)."""
        if self.audit[: len(before.audit)] != before.audit:
            return None
        return self.audit[len(before.audit) :]


def integrity(path: Path) -> list[str]:
    return [str(r[0]) for r in query(path, "PRAGMA integrity_check")]


def whole_database(path: Path) -> bool:
    """A backup is a whole database with the register's tables (never half a copy)."""
    try:
        tables = {r[0] for r in query(path, "SELECT name FROM sqlite_master")}
        return integrity(path) == ["ok"] and {"persons", "audit", "settings"} <= tables
    except sqlite3.DatabaseError:
        return False


def readable_export(path: Path) -> bool:
    """An export is a whole file of its format (written under a temporary name)."""
    try:
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".xlsx":
            import openpyxl

            openpyxl.load_workbook(path, read_only=True).close()
        else:
            text = path.read_text(encoding="utf-8-sig")
            return text.endswith("\n") and len(text.splitlines()) >= 1
    except Exception:
        return False
    return True


# --- the run -----------------------------------------------------------------------------


@dataclasses.dataclass
class Findings:
    """What the run found, by kind; each test of the module asserts one kind empty."""

    verify: list[str] = dataclasses.field(default_factory=list)
    half_applied: list[str] = dataclasses.field(default_factory=list)
    lost: list[str] = dataclasses.field(default_factory=list)
    export_unaudited: list[str] = dataclasses.field(default_factory=list)
    leftovers: list[str] = dataclasses.field(default_factory=list)
    restore_unaudited: list[str] = dataclasses.field(default_factory=list)
    runs: int = 0
    kills: int = 0
    outcomes: dict[str, int] = dataclasses.field(default_factory=dict)
    seconds: float = 0.0

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def summary(self) -> str:
        shown = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        return (
            f"seed {SEED}: {self.runs} runs, {self.kills} killed while running, "
            f"{self.seconds:.1f} s; {shown}"
        )


@dataclasses.dataclass
class Step:
    """One command to kill: what it is, its arguments, what it may leave."""

    kind: str
    args: list[str]
    export: Path | None = None
    source: Path | None = None
    source_snapshot: Snapshot | None = None
    reference: Snapshot | None = None  # the state a complete run leaves (writes)
    accepted: bool = True


class CrashRun:
    """The ledger's folder, the commands killed in it, and what was found."""

    def __init__(self, folder: Path, scratch: Path, rng: random.Random) -> None:
        self.folder = folder
        self.db = folder / "ledger.db"
        self.backups = folder / "backups"
        self.scratch = scratch
        self.rng = rng
        self.findings = Findings()
        self.sequence = 301  # ID numbers of persons added by the run
        self.exports = 0
        self.lifetime: dict[str, float] = {}  # the measured lifetime of a process, by kind
        self.checked_backups: set[tuple[str, int, float]] = set()
        self.seen: set[str] = set()  # files found wrong, reported once
        # Every export the audit log has named: a restore takes the log back to the
        # backup's, so an export made since is named only in the log it replaced.
        self.export_notes: set[str] = set()

    # --- commands --------------------------------------------------------------------

    def process(self, args: list[str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "yuesong_cli", "--db", str(self.db), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: the kill reaches any child
        )

    def next_start(self, new_process: bool) -> tuple[int, str]:
        """The next start after a crash: ``db verify``, its exit code and output. In a new
        process after a command that writes files (an export, a backup, a restore); after
        a write, which leaves none, in this one (the store's opening is the same), which
        keeps the run well within its time on a loaded machine."""
        if not new_process:
            result = cli(self.db)("db", "verify")
            return result.exit_code, result.stdout + result.stderr
        done = subprocess.run(
            [sys.executable, "-m", "yuesong_cli", "--db", str(self.db), "db", "verify"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return done.returncode, done.stdout + done.stderr

    def calibrate(self) -> None:
        """The lifetime of each kind of command here, run once to the end, to draw the
        kills' delays over."""
        for kind in OPERATIONS:
            step = self.step(kind)
            started = time.monotonic()
            proc = self.process(step.args)
            assert proc.wait(timeout=60) == 0, step.args
            self.lifetime[kind] = time.monotonic() - started
            self.remember_exports()

    def remember_exports(self) -> None:
        """Note every export the audit log names now (a restore may take it back)."""
        rows = query(self.db, "SELECT note FROM audit WHERE action = 'export'")
        self.export_notes.update(str(r[0]) for r in rows)

    def delay(self, kind: str) -> float:
        """A random moment of the process's life: mostly its second half, where the
        command works (the first is Python starting and importing), sometimes earlier."""
        life = self.lifetime[kind]
        if self.rng.random() < 0.2:
            return self.rng.uniform(0.0, 0.5 * life)
        return self.rng.uniform(0.4 * life, 0.95 * life)

    # --- the steps -------------------------------------------------------------------

    def step(self, kind: str) -> Step:
        cases = [r[0] for r in query(self.db, "SELECT case_no FROM persons ORDER BY id")]
        if kind == "log" or (kind == "contact_void" and not self.contact_ids()):
            kinds = self.rng.sample(["meet", "talk", "visit", "report"], self.rng.randint(1, 3))
            extra = ["urine", "--result", "negative"] if self.rng.random() < 0.3 else []
            return Step("log", ["log", self.rng.choice(cases), *kinds, "--by", "1", *extra])
        if kind == "contact_void":
            contact = self.rng.choice(self.contact_ids())
            return Step(kind, ["contact", "void", str(contact), "--reason", REASON])
        if kind == "person_add":
            self.sequence += 2
            name = self.rng.choice(["岩温", "玉香", "艾那", "叶门", "李明"])
            number = id_number(self.sequence)
            return Step(
                kind,
                [
                    "person",
                    "add",
                    "--name",
                    name,
                    "--id-number",
                    number,
                    "--since",
                    SINCE,
                    "--village",
                    "岳宋村",
                    "--phone",
                    "13812345678",
                ],
            )
        if kind == "person_status":
            case = self.rng.choice(cases)
            [(status,)] = query(
                self.db,
                "SELECT status FROM status_history WHERE person_id = "
                "(SELECT id FROM persons WHERE case_no = ?) ORDER BY since DESC, id DESC LIMIT 1",
                case,
            )
            new = "detained" if status == "community_treatment" else "community_treatment"
            return Step(kind, ["person", "status", case, new, "--reason", "派出所通报"])
        if kind == "export":
            self.exports += 1
            suffix = self.rng.choice(["csv", "xlsx", "json"])
            path = self.folder / f"export-{self.exports}.{suffix}"
            listing = self.rng.choice(
                [
                    ["person", "list"],
                    ["report", "summary", "--period", "2026Q4"],
                    ["report", "village", "--period", "2026-11"],
                ]
            )
            return Step(kind, [*listing, "--export", str(path)], export=path)
        if kind == "backup":
            keep = ["--keep", "4"] if self.rng.random() < 0.5 else []
            return Step(kind, ["db", "backup", *keep])
        source = self.restore_source()
        if source is None:  # no backup yet: make one, killed as any other
            return Step("backup", ["db", "backup"])
        return Step(
            kind, ["db", "restore", str(source)], source=source, source_snapshot=Snapshot.of(source)
        )

    def contact_ids(self) -> list[int]:
        return [r[0] for r in query(self.db, "SELECT id FROM contacts ORDER BY id")]

    def restore_source(self) -> Path | None:
        """A backup to restore, preferably an earlier state of this very history (its
        audit log a prefix of the live one's, which a restore takes without --force)."""
        candidates = sorted(p for p in self.backups.glob("*.db") if BACKUP_NAME.fullmatch(p.name))
        if not candidates:
            return None
        live = query(self.db, "SELECT id, hash FROM audit ORDER BY id")
        earlier = []
        for path in candidates:
            rows = query(path, "SELECT id, hash FROM audit ORDER BY id")
            if len(rows) < len(live) and live[: len(rows)] == rows:
                earlier.append(path)
        return self.rng.choice(earlier or candidates)

    def reference(self, step: Step) -> None:
        """Run a write to the end on a copy of the database, in this process: the state
        a complete run leaves (the clock is pinned, so it is the same)."""
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.scratch.mkdir()
        copy = self.scratch / self.db.name
        shutil.copyfile(self.db, copy)
        for suffix in ("-wal", "-shm"):
            if Path(f"{self.db}{suffix}").exists():
                shutil.copyfile(f"{self.db}{suffix}", f"{copy}{suffix}")
        copy.chmod(0o600)
        result = cli(copy)(*step.args)
        step.accepted = result.exit_code == 0
        step.reference = Snapshot.of(copy)

    # --- one kill --------------------------------------------------------------------

    def once(self, kind: str) -> None:
        step = self.step(kind)
        if step.kind in WRITES:
            self.reference(step)
        before = Snapshot.of(self.db)
        self.remember_exports()
        backups_before = self.backup_files()
        delay = self.delay(step.kind)
        started = time.monotonic()
        proc = self.process(step.args)
        try:
            code: int | None = proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            code = None
        if code is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            code = proc.wait()
        else:
            # Finished before the kill: its lifetime, to draw the next delays over.
            life = time.monotonic() - started
            self.lifetime[step.kind] = 0.5 * self.lifetime[step.kind] + 0.5 * life
        killed = code == -signal.SIGKILL
        self.findings.runs += 1
        self.findings.kills += killed
        where = f"run {self.findings.runs} ({' '.join(step.args)}; killed {killed}, {delay:.3f} s)"

        problems = integrity(self.db)
        if problems != ["ok"]:
            self.findings.verify.append(f"{where}: integrity_check {problems}")
        after = Snapshot.of(self.db)
        outcome = self.judge(step, before, after, killed, code, backups_before, where)
        if killed and outcome == "as before":
            # Killed before it wrote anything: its life is longer than drawn so far.
            self.lifetime[step.kind] *= 1.05
        code, output = self.next_start(new_process=step.kind not in WRITES)
        if code != 0:
            self.findings.verify.append(f"{where}: db verify exit {code}: {output}")
        self.look_for_leftovers(where)

    def judge(
        self,
        step: Step,
        before: Snapshot,
        after: Snapshot,
        killed: bool,
        code: int,
        backups_before: set[Path],
        where: str,
    ) -> str:
        """The states a command killed at any moment may leave; which one it left."""
        found = self.findings
        if step.reference is not None:
            if after.whole == before.whole:
                outcome = "as before"
                if code == 0 and step.accepted:
                    found.half_applied.append(f"{where}: exit 0 yet nothing written")
            elif after.whole == step.reference.whole:
                outcome = "whole"
            else:
                outcome = "half"
                found.half_applied.append(f"{where}: neither the state before nor a whole write")
            found.count(f"{step.kind}: {outcome}")
            return outcome
        if step.kind == "restore":
            return self.judge_restore(step, before, after, backups_before, where)
        new = after.new_rows(before)
        if new is None:
            found.lost.append(f"{where}: audit rows of before are gone or changed")
            return "lost"
        if after.data != before.data:
            found.half_applied.append(f"{where}: the data changed")
        actions = {row[1] for row in new}
        allowed = {"export"} if step.kind == "export" else {"backup", "backup_removed"}
        if not actions <= allowed:
            found.half_applied.append(f"{where}: unexpected audit rows {sorted(actions)}")
        outcome = "audited" if new else "as before"
        found.count(f"{step.kind}: {outcome}")
        for path in self.backup_files() - backups_before:
            if BACKUP_NAME.fullmatch(path.name) and data_digest(path) != before.data:
                found.half_applied.append(f"{where}: {path.name} is not the data backed up")
        if step.export is not None and step.export.exists() and not readable_export(step.export):
            found.half_applied.append(f"{where}: {step.export.name} is not a whole file")
        return outcome

    def judge_restore(
        self,
        step: Step,
        before: Snapshot,
        after: Snapshot,
        backups_before: set[Path],
        where: str,
    ) -> str:
        """Not restored (the data as before, the log only grown by the safety copy's
        row), or restored (the source's data and log, then the restore's own row), with
        the data replaced kept whole in a safety copy."""
        found = self.findings
        source = step.source_snapshot
        assert source is not None and step.source is not None
        if after.data == before.data and after.new_rows(before) is not None:
            new = after.new_rows(before) or ()
            if not {row[1] for row in new} <= {"backup"}:
                found.half_applied.append(f"{where}: unexpected audit rows {new}")
            found.count("restore: as before")
            return "as before"
        if after.data != source.data:
            found.half_applied.append(f"{where}: neither the data before nor the backup's")
            return "half"
        new = after.new_rows(source)
        if new is None:
            found.lost.append(f"{where}: the restored audit log is not the backup's")
            return "lost"
        if not any(row[1] == "restore" for row in new):
            found.restore_unaudited.append(f"{where}: restored without its audit row")
        found.count("restore: restored")
        copies = [
            path
            for path in self.backup_files() - backups_before
            if "before-restore" in path.name and whole_database(path)
        ]
        if not any(data_digest(path) == before.data for path in copies):
            found.lost.append(f"{where}: restored, and no safety copy of the data replaced")
        return "restored"

    def backup_files(self) -> set[Path]:
        return set(self.backups.iterdir()) if self.backups.is_dir() else set()

    def look_for_leftovers(self, where: str) -> None:
        """After the next start: in the database's folder only the database, backups/
        and exports the audit log names; in backups/ only whole backups."""
        found = self.findings
        self.remember_exports()
        notes = self.export_notes
        for path in sorted(self.folder.iterdir()):
            if path.name in (self.db.name, self.backups.name):
                continue
            if EXPORT_NAME.fullmatch(path.name):
                if not any(str(path) in note for note in notes) and self.first(path):
                    found.export_unaudited.append(f"{where}: {path.name} named by no audit row")
                continue
            if self.first(path):
                found.leftovers.append(f"{where}: {path.name} beside the database")
        for path in sorted(self.backup_files()):
            if not BACKUP_NAME.fullmatch(path.name):
                if self.first(path):
                    found.leftovers.append(f"{where}: backups/{path.name}")
                continue
            stat = path.stat()
            key = (path.name, stat.st_size, stat.st_mtime)
            if key in self.checked_backups:
                continue
            if not whole_database(path):
                found.half_applied.append(f"{where}: backups/{path.name} is not whole")
            self.checked_backups.add(key)

    def first(self, path: Path) -> bool:
        """True the first time a file is found wrong (it stays, and is reported once)."""
        new = str(path) not in self.seen
        self.seen.add(str(path))
        return new


def ledger(run: Run) -> None:
    """Three persons, two helpers, a few contacts: enough for every command killed."""
    ok(run("helper", "add", "岩块", "--role", "police"))
    ok(run("helper", "add", "李专干", "--role", "officer"))
    for sequence, name in ((123, "艾那"), (125, "岩温"), (127, "玉香")):
        args = ["--name", name, "--id-number", id_number(sequence), "--since", SINCE]
        ok(run("person", "add", *args))
    for case, kinds in (("YS-0001", ["meet", "talk"]), ("YS-0002", ["visit"])):
        ok(run("log", case, *kinds, "--on", "2026-11-20", "--by", "1"))


@contextmanager
def isolated(folder: Path) -> Iterator[None]:
    """The environment every test runs in (conftest), for this module's one run."""
    with pytest.MonkeyPatch.context() as patch:
        _isolate(patch, folder)
        yield


@pytest.fixture(scope="module")
def crash(tmp_path_factory: pytest.TempPathFactory) -> Findings:
    base = tmp_path_factory.mktemp("crash")
    (base / "template").mkdir()
    template = build_ledger(base / "template" / "ledger.db", ledger)
    folder = base / "ledger"
    folder.mkdir()
    with isolated(base):
        shutil.copyfile(template, folder / "ledger.db")
        (folder / "ledger.db").chmod(0o600)
        rng = random.Random(SEED)
        run = CrashRun(folder, base / "scratch", rng)
        ok(cli(run.db)("db", "backup"))
        run.calibrate()
        # Every kind of step in turn, shuffled, until enough kills landed while running.
        started = time.monotonic()
        schedule: list[str] = []
        while run.findings.kills < KILLS and run.findings.runs < MAX_RUNS:
            if time.monotonic() - started > TIME_LIMIT:
                break
            if not schedule:
                schedule = list(OPERATIONS)
                rng.shuffle(schedule)
            run.once(schedule.pop())
        run.findings.seconds = time.monotonic() - started
    print(run.findings.summary())
    return run.findings


def report(findings: Findings, kind: list[str]) -> str:
    return f"{findings.summary()}\n" + "\n".join(kind[:10])


def test_at_least_fifty_kills_land_while_the_commands_run(crash: Findings) -> None:
    assert crash.kills >= 50, crash.summary()


def test_after_every_kill_the_database_verifies(crash: Findings) -> None:
    assert not crash.verify, report(crash, crash.verify)


def test_a_killed_command_is_whole_or_absent(crash: Findings) -> None:
    assert not crash.half_applied, report(crash, crash.half_applied)


def test_nothing_committed_is_lost(crash: Findings) -> None:
    assert not crash.lost, report(crash, crash.lost)


def test_no_export_exists_that_no_audit_row_names(crash: Findings) -> None:
    assert not crash.export_unaudited, report(crash, crash.export_unaudited)


def test_the_next_start_leaves_no_temporary_file(crash: Findings) -> None:
    assert not crash.leftovers, report(crash, crash.leftovers)


def test_a_restore_is_never_left_without_its_audit_row(crash: Findings) -> None:
    assert not crash.restore_unaudited, report(crash, crash.restore_unaudited)
