"""The ledger driven as an officer might, right and wrong, by a hypothesis state machine
(issue 12): whatever is typed, a refused command changes nothing, every change is audited,
the audit log only grows and never holds a personal value, and `db verify` passes after
every step (docs/security.md §3, §7; docs/commands.md "Dates in").

The commands run in this process through the CLI (conftest ``cli``) on a fresh ledger for
each example; the clock is pinned at 2026-11-29. Each command is drawn right, or with one
thing wrong (a malformed ID number, a day to come or before the registration, a word
not in the vocabulary, a control character, a number that is not there); a command with
a fault the docs say is refused is checked refused, and one that cannot but write when
it is right (a person added, a contact logged or voided) is checked accepted and audited.
Where the outcome depends on the record (a status the path does not allow, a helper
retired), only the invariants are held.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections import Counter
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from conftest import InvokeResult, build_ledger, cli, fingerprint, id_number, ok
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from yuesong_cli.domain import vocab

STEPS = 40
EXAMPLES = 15  # up to 600 commands a run; at least 300 are counted and asserted below
REFUSED, ACCEPTED = "refused", "accepted"

GOOD_NAMES = ["艾那", "岩温", "玉香", "叶门", "李明华", "Maria Tun"]
BAD_NAMES = ["", " ", "岩\x07温", "玉\n香", "艾\u202e那", "长" * 41]
GOOD_TEXT = ["家中", "村委会", "近况稳定，按时报到", "OK"]
BAD_TEXT = ["a\x00b", "\x1b[31m红", "x\x7fy", "\u202eevil", "回\r车"]
REASONS = ["录入错误", "重复录入", "wrong day"]
BAD_REASONS = [*BAD_TEXT, ""]
# Typed days: today and the past (after every registration day below), a day before
# every registration, days to come, and what is no day.
PAST_DAYS = ["today", "-1", "昨天", "2026-11-20", "11-02"]
BEFORE_REGISTRATION = ["2024-06-01"]
FUTURE_DAYS = ["2027-01-01", "2026-12-20", "+3"]
UNREADABLE_DAYS = ["2026-02-30", "32/13", "soon"]
REGISTRATION_DAYS = ["2025-01-05", "2025-06-30", "2026-03-01"]
PERSONS = [("艾那", 123), ("岩温", 125), ("玉香", 127)]


def query(path: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.execute(sql, args))


def audit_count(path: Path) -> int:
    return int(query(path, "SELECT COUNT(*) FROM audit")[0][0])


def broken_id(sequence: int, born: dt.date, how: str) -> str:
    """An ID number that is refused: its check digit wrong, a digit short, or a birth
    date still to come."""
    good = id_number(sequence, born)
    if how == "check":
        return good[:-1] + ("0" if good[-1] != "0" else "1")
    if how == "short":
        return good[:-1]
    return id_number(sequence, dt.date(2027, 5, 1))


def start_ledger(run: Any) -> None:
    """A fresh ledger: two helpers and three persons, for every rule to act on."""
    ok(run("helper", "add", "岩块", "--role", "police", "--phone", "13987654321"))
    ok(run("helper", "add", "李专干", "--role", "officer"))
    for (name, sequence), since in zip(PERSONS, REGISTRATION_DAYS, strict=True):
        ok(
            run(
                "person",
                "add",
                "--name",
                name,
                "--id-number",
                id_number(sequence),
                "--since",
                since,
            )
        )


class Ledger(RuleBasedStateMachine):
    """One ledger, and what the officer types at it."""

    steps = 0  # every command of every example of a run
    outcomes: Counter[str] = Counter()  # "command: accepted/refused", for the summary

    def __init__(self, template: Path, folder: Path) -> None:
        super().__init__()
        folder.mkdir()
        self.folder = folder
        self.db = folder / "ledger.db"
        shutil.copyfile(template, self.db)
        self.db.chmod(0o600)
        self.run = cli(self.db)
        self.audited = audit_count(self.db)
        self.files = 0
        # Every personal value typed: none may reach the audit log (security.md §3).
        self.personal = {"13987654321", "岩块", "李专干"}
        self.personal |= {name for name, _ in PERSONS} | {id_number(s) for _, s in PERSONS}

    # --- running a command -----------------------------------------------------------

    def command(
        self, *args: str, expect: str | None = None, writes: bool = False, report: bool = False
    ) -> InvokeResult:
        """Run ``yuesong --db LEDGER ARGS`` and hold it to the invariants of a step:
        refused → nothing changed and one line says why; changed → audited. ``expect``:
        the outcome the docs promise; ``writes``: accepted, it must add an audit row;
        ``report``: an import prints its report of the rows on stdout, refused or not."""
        Ledger.steps += 1
        before = fingerprint(self.db)
        result = self.run(*args)
        changed = fingerprint(self.db) != before
        count = audit_count(self.db)
        shown = f"{args}: exit {result.exit_code}\n{result.stdout}{result.stderr}"
        assert "Traceback" not in result.stdout + result.stderr, shown
        assert result.exit_code in (0, 1, 2), shown
        assert count >= self.audited, f"audit rows removed by {shown}"
        if result.exit_code != 0:
            assert not changed, f"refused, yet the database changed: {shown}"
            if not report:
                assert result.stdout == "", shown
                assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, shown
        elif changed or writes:
            assert count > self.audited, f"accepted and not audited: {shown}"
        if expect == REFUSED:
            assert result.exit_code != 0, f"should be refused: {shown}"
        elif expect == ACCEPTED:
            assert result.exit_code == 0, f"should be accepted: {shown}"
        self.audited = count
        verb = "log" if args[0] == "log" else " ".join(args[:2])
        Ledger.outcomes[f"{verb}: {'accepted' if result.exit_code == 0 else 'refused'}"] += 1
        return result

    # --- drawing a command -------------------------------------------------------------

    def fault(self, data: st.DataObject, *faults: str) -> str | None:
        """Which one thing the command gets wrong: nothing, half the time."""
        return data.draw(st.sampled_from([*[None] * len(faults), *faults]), label="fault")

    def value(
        self, data: st.DataObject, good: Sequence[Any], bad: Sequence[Any], wrong: bool
    ) -> Any:
        return data.draw(st.sampled_from(bad if wrong else good))

    def one_of(self, data: st.DataObject, values: Sequence[Any], missing: Any, wrong: bool) -> Any:
        """One of ``values`` (the ledger's), or ``missing`` when that is the fault."""
        if wrong or not values:
            return missing
        return data.draw(st.sampled_from(values))

    # --- what the ledger holds ---------------------------------------------------------

    def cases(self) -> list[str]:
        return [r[0] for r in query(self.db, "SELECT case_no FROM persons ORDER BY id")]

    def ids(self, table: str) -> list[int]:
        return [r[0] for r in query(self.db, f"SELECT id FROM {table} ORDER BY id")]

    def helpers(self, active: bool = False) -> list[str]:
        where = " WHERE retired_on IS NULL" if active else ""
        return [str(r[0]) for r in query(self.db, f"SELECT id FROM helpers{where} ORDER BY id")]

    def id_numbers(self) -> set[str]:
        return {r[0] for r in query(self.db, "SELECT id_number FROM persons") if r[0]}

    def write_file(self, name: str, rows: list[list[str]]) -> Path:
        self.files += 1
        path = self.folder / f"{self.files}-{name}.csv"
        path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
        return path

    # --- persons ---------------------------------------------------------------------

    @rule(
        data=st.data(),
        sequence=st.integers(1, 999),
        born=st.dates(dt.date(1950, 1, 1), dt.date(2005, 12, 31)),
        extra=st.sampled_from([[], ["--notes", "初次登记"], ["--phone", "13812345678"]]),
    )
    def person_add(
        self, data: st.DataObject, sequence: int, born: dt.date, extra: list[str]
    ) -> None:
        fault = self.fault(data, "name", "id", "taken", "since", "notes")
        name = self.value(data, GOOD_NAMES, BAD_NAMES, fault == "name")
        taken = sorted(self.id_numbers())
        if fault == "id":
            how = data.draw(st.sampled_from(["check", "short", "future_birth"]))
            number = broken_id(sequence, born, how)
        elif fault == "taken":
            number = data.draw(st.sampled_from(taken))
        else:
            number = id_number(sequence, born)
        days = FUTURE_DAYS + UNREADABLE_DAYS
        since = self.value(data, REGISTRATION_DAYS, days, fault == "since")
        if fault == "notes":
            extra = ["--notes", data.draw(st.sampled_from(BAD_TEXT))]
        self.personal |= {name.strip(), number, "13812345678"} - {""}
        refused = fault is not None or number in taken
        result = self.command(
            "person",
            "add",
            "--name",
            name,
            "--id-number",
            number,
            "--since",
            since,
            *extra,
            expect=REFUSED if refused else ACCEPTED,
            writes=True,
        )
        if result.exit_code == 0:
            assert result.stdout.strip() in self.cases()

    @rule(
        data=st.data(),
        status=st.sampled_from(
            [
                "detained",
                "community_treatment",
                "lost_contact",
                "on_leave",
                "released",
                *vocab.STATUS.keys,
            ]
        ),
    )
    def person_status(self, data: st.DataObject, status: str) -> None:
        fault = self.fault(data, "case", "status", "day", "reason")
        case = self.one_of(data, self.cases(), "YS-9999", fault == "case")
        status = "flying" if fault == "status" else status
        # A day to come: refused by commands.md "Dates in", recorded by `person status` (a
        # leave planned ahead, test_cli_lifecycle.py); drawn, with the invariants only.
        on = self.value(data, PAST_DAYS + FUTURE_DAYS[:2], UNREADABLE_DAYS, fault == "day")
        until = ["--until", "2026-12-20"] if status == "on_leave" else []
        reason = self.value(data, REASONS, BAD_TEXT, fault == "reason")
        self.command(
            "person",
            "status",
            case,
            status,
            "--on",
            on,
            *until,
            "--reason",
            reason,
            expect=REFUSED if fault else None,
            writes=True,
        )

    @rule(data=st.data())
    def person_status_void(self, data: st.DataObject) -> None:
        fault = self.fault(data, "entry", "reason")
        entry = self.one_of(data, self.ids("status_history"), 9999, fault == "entry")
        reason = self.value(data, REASONS, BAD_REASONS, fault == "reason")
        self.command(
            "person",
            "status",
            "void",
            str(entry),
            "--reason",
            reason,
            expect=REFUSED if fault else None,
            writes=True,
        )

    @rule(data=st.data())
    def person_reveal(self, data: st.DataObject) -> None:
        fault = self.fault(data, "case", "reason")
        case = self.one_of(data, self.cases(), "YS-9999", fault == "case")
        reason = self.value(data, REASONS, BAD_TEXT, fault == "reason")
        self.command(
            "person",
            "show",
            case,
            "--reveal",
            "--reason",
            reason,
            expect=REFUSED if fault else ACCEPTED,
            writes=True,
        )

    # --- contacts --------------------------------------------------------------------

    @rule(
        data=st.data(),
        kinds=st.lists(
            st.sampled_from(["meet", "talk", "visit", "report"]),
            min_size=1,
            max_size=3,
            unique=True,
        ),
        urine=st.sampled_from([None, None, "negative", "refused", "absent", "positive"]),
    )
    def log(self, data: st.DataObject, kinds: list[str], urine: str | None) -> None:
        fault = self.fault(data, "case", "kind", "mode", "result", "day", "early", "note", "by")
        case = self.one_of(data, self.cases(), "YS-9999", fault == "case")
        on = self.value(data, PAST_DAYS, FUTURE_DAYS + UNREADABLE_DAYS, fault == "day")
        on = BEFORE_REGISTRATION[0] if fault == "early" else on
        args = ["log", case, *kinds, "--on", on]
        if urine is not None:
            args += [
                "urine",
                "--result",
                urine,
                *(["--substance", "冰毒"] if urine == "positive" else []),
            ]
        args += ["dance"] if fault == "kind" else []
        args += ["--result", "maybe"] if fault == "result" else []
        args += [
            "--mode",
            "telepathy"
            if fault == "mode"
            else data.draw(
                st.sampled_from(["in_person", "phone", "video"] if urine is None else ["in_person"])
            ),
        ]
        args += ["--note", self.value(data, GOOD_TEXT, BAD_TEXT, fault == "note")]
        helpers = self.helpers(active=True)
        if fault == "by":
            args += ["--by", "99"]
        elif helpers:
            args += data.draw(st.sampled_from([[], ["--by", helpers[0]], ["--by", helpers[-1]]]))
        self.command(*args, expect=REFUSED if fault else ACCEPTED, writes=True)

    @rule(data=st.data())
    def contact_void(self, data: st.DataObject) -> None:
        fault = self.fault(data, "contact", "reason")
        contact = self.one_of(data, self.ids("contacts"), 9999, fault == "contact")
        reason = self.value(data, REASONS, BAD_REASONS, fault == "reason")
        self.command(
            "contact",
            "void",
            str(contact),
            "--reason",
            reason,
            expect=REFUSED if fault or contact == 9999 else ACCEPTED,
            writes=True,
        )

    @rule(data=st.data(), change=st.sampled_from(["on", "kinds", "mode", "note", "place"]))
    def contact_amend(self, data: st.DataObject, change: str) -> None:
        fault = self.fault(data, "contact", "reason", "value")
        contact = self.one_of(data, self.ids("contacts"), 9999, fault == "contact")
        wrong = fault == "value"
        if change == "on":
            days = FUTURE_DAYS + UNREADABLE_DAYS + BEFORE_REGISTRATION
            value = self.value(data, PAST_DAYS, days, wrong)
        elif change == "kinds":
            value = self.value(data, ["meet", "talk,visit", "report"], ["meet,dance"], wrong)
        elif change == "mode":
            value = self.value(data, ["in_person", "phone", "video"], ["telepathy"], wrong)
        else:
            value = self.value(data, GOOD_TEXT, BAD_TEXT, wrong)
        reason = self.value(data, REASONS, BAD_TEXT, fault == "reason")
        self.command(
            "contact",
            "amend",
            str(contact),
            f"--{change}",
            value,
            "--reason",
            reason,
            expect=REFUSED if fault or contact == 9999 else None,
            writes=True,
        )

    # --- breaches --------------------------------------------------------------------

    @rule(data=st.data(), kind=st.sampled_from(vocab.BREACH_KIND.keys))
    def breach_add(self, data: st.DataObject, kind: str) -> None:
        fault = self.fault(data, "case", "kind", "day", "early", "days", "note")
        case = self.one_of(data, self.cases(), "YS-9999", fault == "case")
        on = self.value(data, ["today", "-1"], FUTURE_DAYS + UNREADABLE_DAYS, fault == "day")
        on = BEFORE_REGISTRATION[0] if fault == "early" else on
        args = ["breach", "add", case, "flying" if fault == "kind" else kind, "--on", on]
        if fault == "days":  # days away only for left_county, and at most since the day
            args += ["--days", "400" if kind == "left_county" else "2"]
        elif kind == "left_county":
            args += ["--days", "1"]
        args += ["--note", self.value(data, GOOD_TEXT, BAD_TEXT, fault == "note")]
        self.command(*args, expect=REFUSED if fault else ACCEPTED, writes=True)

    @rule(data=st.data())
    def breach_void(self, data: st.DataObject) -> None:
        fault = self.fault(data, "breach", "reason")
        breach = self.one_of(data, self.ids("breaches"), 9999, fault == "breach")
        reason = self.value(data, REASONS, BAD_REASONS, fault == "reason")
        self.command(
            "breach",
            "void",
            str(breach),
            "--reason",
            reason,
            expect=REFUSED if fault or breach == 9999 else ACCEPTED,
            writes=True,
        )

    # --- helpers and teams -----------------------------------------------------------

    @rule(data=st.data(), role=st.sampled_from([*vocab.ROLE.keys, "包保责任人", "社区民警"]))
    def helper_add(self, data: st.DataObject, role: str) -> None:
        fault = self.fault(data, "name", "role", "phone")
        name = self.value(data, ["岩块", "玉罕", "岩保", "Nang Hom"], BAD_NAMES, fault == "name")
        phone = self.value(data, ["13900001234", "06921234567"], ["12", "phone"], fault == "phone")
        self.personal |= {name.strip(), phone} - {"", "12", "phone"}
        args = ["helper", "add", name, "--role", "king" if fault == "role" else role]
        self.command(*args, "--phone", phone, expect=REFUSED if fault else ACCEPTED, writes=True)

    @rule(data=st.data(), role=st.sampled_from([*vocab.ROLE.keys]))
    def team_assign(self, data: st.DataObject, role: str) -> None:
        fault = self.fault(data, "case", "helper", "role", "day")
        case = self.one_of(data, self.cases(), "YS-9999", fault == "case")
        helper = self.one_of(data, self.helpers(), "H99", fault == "helper")
        on = self.value(data, PAST_DAYS + BEFORE_REGISTRATION, UNREADABLE_DAYS, fault == "day")
        self.command(
            "team",
            "assign",
            case,
            helper,
            "--role",
            "king" if fault == "role" else role,
            "--on",
            on,
            expect=REFUSED if fault else None,
        )

    @rule(data=st.data())
    def helper_replace(self, data: st.DataObject) -> None:
        fault = self.fault(data, "old", "new", "same", "day", "reason")
        helpers = self.helpers()
        old = self.one_of(data, helpers, "H99", fault == "old")
        new = old if fault == "same" else self.one_of(data, helpers, "H98", fault == "new")
        day = self.value(data, PAST_DAYS, FUTURE_DAYS + UNREADABLE_DAYS, fault == "day")
        reason = self.value(data, ["调岗", "退休"], BAD_TEXT, fault == "reason")
        self.command(
            "helper",
            "replace",
            old,
            "--by",
            new,
            "--from",
            day,
            "--reason",
            reason,
            expect=REFUSED if fault else None,
        )

    @rule(data=st.data())
    def helper_retire(self, data: st.DataObject) -> None:
        fault = self.fault(data, "helper", "day", "same")
        helpers = self.helpers()
        helper = self.one_of(data, helpers, "H99", fault == "helper")
        day = self.value(data, PAST_DAYS, FUTURE_DAYS + UNREADABLE_DAYS, fault == "day")
        by = (
            ["--by", helper]
            if fault == "same"
            else data.draw(st.sampled_from([[], *(["--by", h] for h in helpers if h != helper)]))
        )
        self.command(
            "helper",
            "retire",
            helper,
            "--on",
            day,
            *by,
            "--reason",
            "调离",
            expect=REFUSED if fault else None,
        )

    # --- imports ---------------------------------------------------------------------

    @rule(
        data=st.data(),
        sequences=st.lists(st.integers(1, 999), min_size=1, max_size=3, unique=True),
        commit=st.booleans(),
    )
    def import_persons(self, data: st.DataObject, sequences: list[int], commit: bool) -> None:
        fault = self.fault(data, "id", "name", "day")
        born = dt.date(1985, 6, 15)
        lines = [["姓名", "公民身份号码", "人员类别", "起始日期"]]
        for sequence in sequences:
            name = data.draw(st.sampled_from(GOOD_NAMES[:5]))
            lines.append([name, id_number(sequence, born), "社区戒毒", "2025-03-01"])
        wrong = lines[-1]
        if fault == "id":
            wrong[1] = broken_id(
                sequences[-1], born, data.draw(st.sampled_from(["check", "short"]))
            )
        elif fault == "name":
            wrong[0] = "岩\x07温"
        elif fault == "day":
            wrong[3] = data.draw(st.sampled_from(["2027-03-01", "2026-02-30"]))
        self.personal |= {value for line in lines[1:] for value in line[:2]}
        numbers = {line[1] for line in lines[1:]}
        before = fingerprint(self.db)
        result = self.command(
            "import",
            "persons",
            str(self.write_file("persons", lines)),
            *(["--commit"] if commit else []),
            expect=REFUSED if fault else None,
            report=True,
        )
        if not commit:
            assert fingerprint(self.db) == before, "a dry run wrote"
        elif result.exit_code == 0:
            assert numbers <= self.id_numbers(), result.stdout

    @rule(
        data=st.data(),
        kinds=st.sampled_from(["见面", "谈话、走访", "尿检"]),
        commit=st.booleans(),
    )
    def import_contacts(self, data: st.DataObject, kinds: str, commit: bool) -> None:
        fault = self.fault(data, "case", "kind", "day", "early")
        case = self.one_of(data, self.cases(), "YS-9999", fault == "case")
        day = self.value(
            data, ["2026-11-02", "2026-11-20"], ["2027-01-01", "2026-02-30"], fault == "day"
        )
        day = BEFORE_REGISTRATION[0] if fault == "early" else day
        kinds = "跳舞" if fault == "kind" else kinds
        result = "阴性" if kinds == "尿检" else ""
        lines = [
            ["案件号", "帮教日期", "类型", "方式", "尿检结果"],
            [case, day, kinds, "当面", result],
        ]
        before = fingerprint(self.db)
        self.command(
            "import",
            "contacts",
            str(self.write_file("contacts", lines)),
            *(["--commit"] if commit else []),
            expect=REFUSED if fault else ACCEPTED,
            report=True,
        )
        if not commit:
            assert fingerprint(self.db) == before, "a dry run wrote"

    # --- settings --------------------------------------------------------------------

    @rule(
        setting=st.sampled_from(
            [
                ("township", "勐宋乡", True),
                ("township", "岳宋乡", True),
                ("township", "", False),
                ("township", "岳\x07宋", False),
                ("timezone", "Asia/Yangon", True),  # still 2026-11-29 there
                ("timezone", "Asia/Shanghai", True),
                ("timezone", "Mars/Base", False),
                ("case_prefix", "YN", True),
                ("case_prefix", "YS", True),
                ("case_prefix", "ys", False),
                ("case_prefix", "TOOLONGX", False),
                ("mask_names", "off", True),
                ("mask_names", "on", True),
                ("mask_names", "maybe", False),
                ("colour", "red", False),
            ]
        )
    )
    def settings_set(self, setting: tuple[str, str, bool]) -> None:
        key, value, good = setting
        self.command("settings", "set", key, value, expect=ACCEPTED if good else REFUSED)

    # --- after every step ------------------------------------------------------------

    @invariant()
    def verifies(self) -> None:
        result = self.run("db", "verify")
        assert result.exit_code == 0, result.stdout + result.stderr

    def teardown(self) -> None:
        """The ledger as the example leaves it verifies, read afresh by a new command."""
        self.verifies()

    @invariant()
    def audit_holds_no_personal_value(self) -> None:
        for fields, note in query(self.db, "SELECT fields, COALESCE(note, '') FROM audit"):
            for value in self.personal:
                assert value not in fields and value not in note, (value, fields, note)


def test_the_ledger_holds_whatever_is_typed(tmp_path: Path) -> None:
    (tmp_path / "template").mkdir()
    template = build_ledger(tmp_path / "template" / "ledger.db", start_ledger)
    made = iter(range(10**6))
    Ledger.steps = 0
    Ledger.outcomes.clear()
    run_state_machine_as_test(
        lambda: Ledger(template, tmp_path / f"ledger-{next(made)}"),
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    print(
        f"{Ledger.steps} commands:",
        ", ".join(f"{k} {v}" for k, v in sorted(Ledger.outcomes.items())),
    )
    assert Ledger.steps >= 300, Ledger.steps
