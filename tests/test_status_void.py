"""``yuesong person status void ID --reason``: a status entry recorded by mistake leaves the
history in one transaction, archived whole in corrections with the file's fields it
changed; the decision and term it brought along go back; the due list, alerts and
reports follow at once. Which entries may be voided is unit-tested in
test_lifecycle_void.py. The clock is 2026-11-29 09:00 in Yunnan."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, fails, fingerprint, id_number, ok

Run = Callable[..., InvokeResult]

FILE_FIELDS = ("decision_doc", "decision_date", "term_start", "term_end")


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def register(yuesong: Run, name: str, sequence: int, since: str, *options: str) -> None:
    born = dt.date(1990, 1, 1)
    args = ("--name", name, "--id-number", id_number(sequence, born), "--since", since)
    ok(yuesong("person", "add", *args, *options))


def status(yuesong: Run, ref: str, *args: str) -> str:
    return ok(yuesong("person", "status", ref, *args))


def shown(yuesong: Run, ref: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(ok(yuesong("person", "show", ref, "--format", "json")))
    return found


def due_items(yuesong: Run, *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(ok(yuesong("due", "--format", "json", *args)))
    return found


def alert_kinds(yuesong: Run) -> list[str]:
    return [a["kind"] for a in json.loads(ok(yuesong("alerts", "--format", "json")))]


def meet_counted(yuesong: Run) -> int:
    args = ("--period", "2026-11", "--as-of", "2026-12-01", "--format", "json")
    summary = json.loads(ok(yuesong("report", "summary", *args)))
    return next(int(rule["due"]) for rule in summary["rules"] if rule["rule"] == "meet")


@pytest.fixture
def treated(yuesong: Run) -> None:
    """艾那 (YS-0001), under community treatment from Monday 5 October 2026 (entry #1),
    no contact since."""
    register(yuesong, "艾那", 123, "2026-10-05")


# --- numbers shown ---------------------------------------------------------------------


def test_a_recorded_status_prints_its_number_and_the_file_lists_them(
    yuesong: Run, treated: None
) -> None:
    printed = status(yuesong, "1", "on_leave", "--on", "2026-11-01", "--until", "2026-11-10")
    assert printed == "已记录 YS-0001 的状态 #2：自 2026-11-01 起为“请假外出”。\n"
    printed = ok(yuesong("--lang", "en", "person", "status", "1", "detained", "--on", "11-20"))
    assert printed == "Recorded status entry #3 for YS-0001: 'detained' from 2026-11-20.\n"
    history = shown(yuesong, "1")["status_history"]
    assert [(h["id"], h["status"]) for h in history] == [
        (1, "community_treatment"),
        (2, "on_leave"),
        (3, "detained"),
    ]
    page = ok(yuesong("person", "show", "1", "--format", "plain")).splitlines()
    header = page.index("状态记录") + 2
    assert page[header].split()[0] == "序号"
    assert [line.split()[0] for line in page[header + 1 : header + 4]] == ["1", "2", "3"]


# --- the record follows at once ----------------------------------------------------------


def test_a_mistaken_release_voided_makes_the_person_due_again(
    yuesong: Run, db_path: Path, treated: None
) -> None:
    status(yuesong, "1", "released", "--on", "2026-11-20")
    assert due_items(yuesong) == []
    assert "missed_streak" not in alert_kinds(yuesong)
    counted = meet_counted(yuesong)
    out = ok(yuesong("person", "status", "void", "2", "--reason", "误录"))
    assert out == "已作废状态记录 #2：YS-0001 自 2026-11-20 起为“解除”；原记录与原因已留存。\n"
    assert {item["rule"] for item in due_items(yuesong)} == {
        "meet",
        "talk",
        "visit",
        "report",
        "urine",
    }
    assert "missed_streak" in alert_kinds(yuesong)
    # The week of 23 to 29 November counts again in November's figures.
    assert meet_counted(yuesong) == counted + 1
    assert shown(yuesong, "1")["status"] == "community_treatment"
    assert "正常" in ok(yuesong("db", "verify"))


def test_a_mistaken_detention_voided_counts_the_paused_days_again(
    yuesong: Run, treated: None
) -> None:
    status(yuesong, "1", "detained", "--on", "2026-11-09", "--until", "2026-11-22")

    def meet_streak() -> int:
        return next(i["missed_streak"] for i in due_items(yuesong) if i["rule"] == "meet")

    # Five weeks missed from 5 October; the two weeks detained held no meeting.
    assert meet_streak() == 5
    ok(yuesong("person", "status", "void", "#2", "--reason", "不是本人"))
    assert meet_streak() == 7


# --- the file's decision and term -----------------------------------------------------


def test_the_file_is_as_if_the_entry_had_never_been_recorded(yuesong: Run, db_path: Path) -> None:
    # 艾那 and her twin 叶嘎 share a history; 艾那's has a new decision (#5) by mistake.
    for name, sequence in (("艾那", 123), ("叶嘎", 124)):
        register(
            yuesong, name, sequence, "2026-01-05", "--status", "pending_report", "--doc", "P-1"
        )
    status(yuesong, "1", "community_treatment", "--on", "2026-01-10")
    status(yuesong, "1", "lost_contact", "--on", "2026-05-01")
    status(yuesong, "1", "community_treatment", "--on", "2026-06-01", "--doc", "T-2")
    status(yuesong, "2", "community_treatment", "--on", "2026-01-10")
    status(yuesong, "2", "lost_contact", "--on", "2026-05-01")
    mistaken = shown(yuesong, "1")
    assert [mistaken[f] for f in FILE_FIELDS] == ["T-2", "2026-06-01", "2026-06-01", "2029-05-31"]
    out = ok(yuesong("--lang", "en", "person", "status", "void", "5", "--reason", "wrong file"))
    assert out.splitlines() == [
        "Voided status entry #5: YS-0001 'community treatment' from 2026-06-01; the original"
        " and the reason are kept.",
        "The file follows: decision document, term start, term end put back.",
        # She was registered without a decision date: none before, none now.
        "The history holds no earlier decision date: emptied in the file, for yuesong"
        " person edit to fill in if known.",
    ]
    twin = shown(yuesong, "2")
    assert [shown(yuesong, "1")[f] for f in FILE_FIELDS] == [twin[f] for f in FILE_FIELDS]
    assert twin["term_start"] == "2026-01-10" and twin["decision_doc"] == "P-1"
    # The archive keeps the entry whole and the file's fields as they stood.
    [(action, original, reason, day)] = query(
        db_path,
        "SELECT action, original, reason, corrected_on FROM corrections"
        " WHERE table_name = 'status_history' AND record_id = 5",
    )
    kept = json.loads(original)
    assert (action, reason, day) == ("void", "wrong file", "2026-11-29")
    assert (kept["person_id"], kept["status"], kept["since"], kept["doc_no"]) == (
        1,
        "community_treatment",
        "2026-06-01",
        "T-2",
    )
    assert kept["file"] == {
        "decision_doc": "T-2",
        "decision_date": "2026-06-01",
        "term_start": "2026-06-01",
        "term_end": "2029-05-31",
    }
    assert query(db_path, "SELECT count(*) FROM status_history WHERE id = 5") == [(0,)]


def test_what_the_history_does_not_hold_is_emptied_and_said(yuesong: Run) -> None:
    register(yuesong, "艾那", 123, "2026-01-10", "--doc", "戒-1", "--decision-date", "2026-01-02")
    status(yuesong, "1", "compulsory_isolation", "--on", "2026-11-20", "--doc", "隔-2")
    out = ok(yuesong("person", "status", "void", "2", "--reason", "误录"))
    assert out.splitlines()[1:] == [
        "档案随之恢复：决定书编号。",
        "状态记录中没有作废前的决定日期，档案中已清空；如知道，请用 yuesong person edit 补填。",
    ]
    file = shown(yuesong, "1")
    assert (file["decision_doc"], file["decision_date"]) == ("戒-1", None)
    # The term came with the registration and the isolation did not touch it.
    assert (file["term_start"], file["term_end"]) == ("2026-01-10", "2029-01-09")


# --- what is written -----------------------------------------------------------------


def test_the_audit_names_fields_never_values(yuesong: Run, db_path: Path) -> None:
    register(yuesong, "艾那", 123, "2026-01-10")
    status(yuesong, "1", "compulsory_isolation", "--on", "2026-11-20", "--doc", "隔-2")
    ok(yuesong("person", "status", "void", "2", "--reason", "录错了人"))
    rows = query(
        db_path, "SELECT action, table_name, record_id, fields FROM audit ORDER BY id DESC LIMIT 3"
    )
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("update", "persons", 1),
        ("void", "status_history", 2),
        ("insert", "corrections", 1),
    ]
    assert json.loads(rows[0][3]) == ["decision_date", "decision_doc"]
    assert json.loads(rows[1][3]) == ["doc_no", "entered_at", "id", "person_id", "since", "status"]
    assert {"original.doc_no", "original.file", "reason"} <= set(json.loads(rows[2][3]))
    assert "隔-2" not in repr(rows) and "录错了人" not in repr(rows)
    assert "正常" in ok(yuesong("db", "verify"))


def test_a_voided_number_is_never_given_again(yuesong: Run, treated: None) -> None:
    status(yuesong, "1", "released", "--on", "2026-11-20")
    ok(yuesong("person", "status", "void", "2", "--reason", "误录"))
    printed = status(yuesong, "1", "released", "--on", "2026-11-25")
    assert printed == "已记录 YS-0001 的状态 #3：自 2026-11-25 起为“解除”。\n"


def test_person_status_ref_status_is_unchanged_for_a_person_named_otherwise(
    yuesong: Run, treated: None
) -> None:
    assert status(yuesong, "艾那", "lost_contact", "--on", "2026-11-20").startswith(
        "已记录 YS-0001 的状态 #2："
    )


# --- refused: one line, nothing changed ---------------------------------------------------


def test_refusals_change_nothing(yuesong: Run, db_path: Path, treated: None) -> None:
    status(yuesong, "1", "detained", "--on", "2026-11-01")
    status(yuesong, "1", "community_treatment", "--on", "2026-11-10")
    before = fingerprint(db_path)

    def void(*args: str, lang: str = "zh", code: int = 1) -> str:
        return fails(yuesong("--lang", lang, "person", "status", "void", *args), code)

    assert void("1", "--reason", "x") == (
        "状态记录 #1 是登记时的第一条状态，不能作废：作废后该对象将没有状态，"
        "不再出现在待办清单和预警中；请在其后登记正确的状态。"
    )
    assert void("2", "--reason", "x") == (
        "不能作废：其后的状态记录 #3（社区戒毒，2026-11-10）依赖于它（没有它就不能这样登记，"
        "或期限、决定书会不同）；请先作废 #3。"
    )
    assert void("2", "--reason", "x", lang="en") == (
        "Cannot void it: the later entry #3 (community treatment, 2026-11-10) depends on it"
        " (without it, it could not have been recorded so, or its term or decision would"
        " differ); void #3 first."
    )
    assert void("99", "--reason", "x") == (
        "没有编号为 99 的状态记录；可用 yuesong person show 查看编号。"
    )
    assert void("99", "--reason", "x", lang="en") == (
        "No status entry numbered 99; yuesong person show lists the numbers."
    )
    assert void("3") == "更正须写明原因：请加 --reason。"
    assert void("3", "--reason", "  ") == "更正须写明原因：请加 --reason。"
    assert void("3", "--reason", "误\x07录").startswith("原因")
    usage = void("abc", "--reason", "x", code=2)
    assert usage.startswith("作废状态记录：yuesong person status void 编号 --reason 原因")
    assert void("3", "--on", "2026-11-20", "--reason", "x", code=2) == usage
    assert void("3", "--doc", "D", "--reason", "x", lang="en", code=2).startswith(
        "To void a status entry: yuesong person status void ID --reason TEXT"
    )
    assert fingerprint(db_path) == before


def test_the_help_shows_both_forms(yuesong: Run) -> None:
    page = ok(yuesong("--lang", "en", "person", "status", "--help"))
    assert "REF|void" in page and "STATUS|ID" in page
    assert "person status void ID --reason TEXT" in page
    assert "person status void 编号 --reason 原因" in ok(yuesong("person", "status", "-h"))
