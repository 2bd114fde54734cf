"""``yuesong person status`` against the lifecycle (docs/domain.md): refused transitions, the
file's decision and term kept in step, and leave that ends by itself. The transition
rules themselves are unit-tested in test_lifecycle.py; here the wiring through the CLI and
the store: one line on stderr, exit 1 and nothing written when refused. The clock is
2026-11-29 09:00 in Yunnan.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, fails, fingerprint, id_number, ok

from yuesong_cli.messages import t

Run = Callable[..., InvokeResult]


def register(yuesong: Run, since: str, *options: str) -> str:
    """艾那 (YS-0001), registered with a first status from ``since``."""
    result = yuesong(
        "person",
        "add",
        "--name",
        "艾那",
        "--id-number",
        id_number(123, dt.date(1990, 1, 1)),
        "--since",
        since,
        *options,
    )
    return ok(result).strip()


def status(yuesong: Run, *args: str) -> str:
    return ok(yuesong("person", "status", "1", *args))


def shown(yuesong: Run) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(ok(yuesong("person", "show", "1", "--format", "json")))
    return result


def term(yuesong: Run) -> tuple[Any, ...]:
    file = shown(yuesong)
    return (file["term_start"], file["term_end"], file["decision_doc"], file["decision_date"])


# --- refused transitions: exit 1, the lifecycle message, nothing written ------------------

# (the history before, as `person status 1` argument lists; the refused arguments; key)
REFUSED: list[tuple[str, list[list[str]], list[str], str]] = [
    (
        "nothing after deceased",
        [["deceased", "--on", "2026-11-10"]],
        ["released", "--on", "2026-11-20"],
        "lifecycle.after_deceased",
    ),
    (
        "no new decision after deceased",
        [["deceased", "--on", "2026-11-10"]],
        ["community_treatment", "--on", "2026-11-20", "--doc", "戒-2"],
        "lifecycle.after_deceased",
    ),
    (
        "deceased twice",
        [["deceased", "--on", "2026-11-10"]],
        ["死亡", "--on", "2026-11-20"],
        "lifecycle.after_deceased",
    ),
    (
        "leave after deceased",
        [["deceased", "--on", "2026-11-10"]],
        ["on_leave", "--on", "2026-11-20", "--until", "2026-11-25"],
        "lifecycle.after_deceased",
    ),
    (
        "closed reopened without a document",
        [["released", "--on", "2026-11-10"]],
        ["community_treatment", "--on", "2026-11-20"],
        "lifecycle.closed_needs_new_decision",
    ),
    (
        "closed reopened with the registration's document",
        [["released", "--on", "2026-11-10"]],
        ["community_treatment", "--on", "2026-11-20", "--doc", "戒-1"],
        "lifecycle.doc_no_used",
    ),
    (
        "closed file to a status no decision gives",
        [["moved_out", "--on", "2026-11-10"]],
        ["lost_contact", "--on", "2026-11-20"],
        "lifecycle.not_allowed",
    ),
    (
        "abstinent three years too soon",
        [["released", "--on", "2026-11-10"]],
        ["abstinent_3y", "--on", "2026-11-20"],
        "lifecycle.abstinent_too_soon",
    ),
    (
        "leave without an end day",
        [],
        ["on_leave", "--on", "2026-11-20"],
        "lifecycle.leave_needs_until",
    ),
    (
        "the same status again",
        [],
        ["community_treatment", "--on", "2026-11-20"],
        "lifecycle.same_status",
    ),
    (
        "the same status with the document already used",
        [],
        ["社区戒毒", "--on", "2026-11-20", "--doc", "戒-1"],
        "lifecycle.same_status",
    ),
    (
        "treatment straight to rehabilitation",
        [],
        ["community_rehab", "--on", "2026-11-20"],
        "lifecycle.not_allowed",
    ),
    (
        "found again into the other term status",
        [["lost_contact", "--on", "2026-11-10"]],
        ["community_rehab", "--on", "2026-11-20"],
        "lifecycle.resume_other_status",
    ),
    (
        "a day before the latest entry",
        [["lost_contact", "--on", "2026-11-10"]],
        ["community_treatment", "--on", "2026-11-09"],
        "lifecycle.before_current",
    ),
    (
        "an end day on a status that is no pause",
        [],
        ["released", "--on", "2026-11-20", "--until", "2026-11-25"],
        "lifecycle.until_only_paused",
    ),
    (
        "a term length for a status without a term",
        [],
        ["released", "--on", "2026-11-20", "--term-years", "2"],
        "lifecycle.term.no_term",
    ),
    (
        "treatment is three years by law",
        [["released", "--on", "2026-11-10"]],
        ["community_treatment", "--on", "2026-11-20", "--doc", "戒-2", "--term-years", "2"],
        "lifecycle.term.treatment_fixed",
    ),
]


@pytest.mark.parametrize(
    ("before", "args", "key"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_refused_transition_one_line_and_nothing_written(
    yuesong: Run, db_path: Path, before: list[list[str]], args: list[str], key: str
) -> None:
    register(yuesong, "2026-11-02", "--doc", "戒-1")
    for step in before:
        status(yuesong, *step)
    unchanged = fingerprint(db_path)
    assert fails(yuesong("person", "status", "1", *args)) == t(key)
    assert fingerprint(db_path) == unchanged


def test_refusal_in_english(yuesong: Run, db_path: Path) -> None:
    register(yuesong, "2026-11-02")
    unchanged = fingerprint(db_path)
    line = fails(yuesong("--lang", "en", "person", "status", "1", "leave", "--on", "2026-11-20"))
    assert line == "Leave needs an end day; supervision resumes by itself after it."
    assert fingerprint(db_path) == unchanged


def test_rehab_term_of_five_years_is_refused_and_nothing_written(
    yuesong: Run, db_path: Path
) -> None:
    register(yuesong, "2026-06-01", "--status", "compulsory_isolation")
    unchanged = fingerprint(db_path)
    args = ["community_rehab", "--on", "2026-11-10", "--doc", "康-1", "--term-years", "5"]
    assert fails(yuesong("person", "status", "1", *args)) == t("lifecycle.term.rehab_years")
    assert fingerprint(db_path) == unchanged


def test_rehab_term_of_zero_years_is_refused(yuesong: Run, db_path: Path) -> None:
    register(yuesong, "2026-06-01", "--status", "compulsory_isolation")
    unchanged = fingerprint(db_path)
    args = ["community_rehab", "--on", "2026-11-10", "--doc", "康-1", "--term-years", "0"]
    assert fails(yuesong("person", "status", "1", *args)) == t("lifecycle.term.rehab_years")
    assert fingerprint(db_path) == unchanged


def test_impossible_term_years_refused_when_resuming(yuesong: Run, db_path: Path) -> None:
    register(yuesong, "2026-06-01", "--status", "compulsory_isolation")
    status(yuesong, "community_rehab", "--on", "2026-11-10", "--doc", "康-1", "--term-years", "2")
    status(yuesong, "lost_contact", "--on", "2026-11-15")
    unchanged = fingerprint(db_path)
    args = ["community_rehab", "--on", "2026-11-20", "--term-years", "9"]
    assert fails(yuesong("person", "status", "1", *args)) == t("lifecycle.term.rehab_years")
    assert fingerprint(db_path) == unchanged


# --- accepted: the file's decision and term follow -------------------------------------


def test_closed_file_reopened_with_a_new_document(yuesong: Run) -> None:
    register(yuesong, "2026-06-01", "--doc", "戒-1")
    status(yuesong, "released", "--on", "2026-11-10")
    printed = status(yuesong, "community_treatment", "--on", "2026-11-20", "--doc", "戒-2")
    assert printed == "已记录 YS-0001 的状态 #3：自 2026-11-20 起为“社区戒毒”。\n"
    file = shown(yuesong)
    assert file["status"] == "community_treatment"
    assert term(yuesong) == ("2026-11-20", "2029-11-19", "戒-2", "2026-11-20")
    assert [(h["since"], h["status"], h["doc_no"]) for h in file["status_history"]] == [
        ("2026-06-01", "community_treatment", "戒-1"),
        ("2026-11-10", "released", None),
        ("2026-11-20", "community_treatment", "戒-2"),
    ]


def test_reporting_starts_a_treatment_term_of_three_years_less_a_day(yuesong: Run) -> None:
    register(yuesong, "2026-11-01", "--status", "pending_report")
    assert term(yuesong) == (None, None, None, None)
    status(yuesong, "community_treatment", "--on", "2026-11-10")
    assert term(yuesong) == ("2026-11-10", "2029-11-09", None, None)


def test_treatment_accepts_its_three_years_said_aloud(yuesong: Run) -> None:
    register(yuesong, "2026-11-01", "--status", "pending_report")
    status(yuesong, "community_treatment", "--on", "2026-11-10", "--term-years", "3")
    assert term(yuesong) == ("2026-11-10", "2029-11-09", None, None)


@pytest.mark.parametrize(
    ("years", "end"),
    [
        ([], "2029-11-09"),
        (["--term-years", "2"], "2028-11-09"),
        (["--term-years", "1"], "2027-11-09"),
    ],
)
def test_rehab_term_as_the_decision_says(yuesong: Run, years: list[str], end: str) -> None:
    register(yuesong, "2026-06-01", "--status", "compulsory_isolation")
    status(yuesong, "community_rehab", "--on", "2026-11-10", "--doc", "康-1", *years)
    assert term(yuesong) == ("2026-11-10", end, "康-1", "2026-11-10")


def test_pending_report_with_a_document_records_the_decision(yuesong: Run) -> None:
    register(yuesong, "2026-06-01", "--status", "compulsory_isolation")
    status(yuesong, "pending_report", "--on", "2026-11-05", "--doc", "康-7")
    assert term(yuesong) == (None, None, "康-7", "2026-11-05")
    # Reporting ten days later starts the term; the decision stays the one on file.
    status(yuesong, "community_rehab", "--on", "2026-11-15", "--term-years", "2")
    assert term(yuesong) == ("2026-11-15", "2028-11-14", "康-7", "2026-11-05")


def test_a_new_decision_of_the_same_status_starts_a_new_term(yuesong: Run) -> None:
    register(yuesong, "2026-11-01", "--status", "pending_report")
    status(yuesong, "community_treatment", "--on", "2026-11-02", "--doc", "戒-1")
    status(yuesong, "community_treatment", "--on", "2026-11-20", "--doc", "戒-2")
    assert term(yuesong) == ("2026-11-20", "2029-11-19", "戒-2", "2026-11-20")


def test_coming_back_continues_the_term(yuesong: Run) -> None:
    register(yuesong, "2026-06-01", "--status", "compulsory_isolation")
    status(yuesong, "community_rehab", "--on", "2026-11-02", "--doc", "康-1", "--term-years", "2")
    status(yuesong, "lost_contact", "--on", "2026-11-10")
    status(yuesong, "community_rehab", "--on", "2026-11-20")
    assert term(yuesong) == ("2026-11-02", "2028-11-01", "康-1", "2026-11-02")


# --- approved leave ends by itself --------------------------------------------------------


def due_rules(yuesong: Run, as_of: str) -> list[tuple[str, str, str]]:
    found = json.loads(ok(yuesong("due", "--as-of", as_of, "--all", "--format", "json")))
    return [(i["case_no"], i["rule"], i["status"]) for i in found]


def test_supervision_resumes_the_day_after_the_leave(yuesong: Run) -> None:
    register(yuesong, "2026-11-02")
    status(yuesong, "on_leave", "--on", "2026-11-16", "--until", "2026-11-27")
    status_json = ["person", "list", "--format", "json", "--as-of"]
    for day in ("2026-11-16", "2026-11-27"):
        [row] = json.loads(ok(yuesong(*status_json, day)))
        assert (row["status"], row["status_since"]) == ("on_leave", "2026-11-16")
        assert due_rules(yuesong, day) == []
    [row] = json.loads(ok(yuesong(*status_json, "2026-11-28")))
    assert (row["status"], row["status_since"]) == ("community_treatment", "2026-11-02")
    assert due_rules(yuesong, "2026-11-28") == [
        ("YS-0001", "meet", "due"),
        ("YS-0001", "talk", "due"),
        ("YS-0001", "visit", "due"),
        ("YS-0001", "urine", "due"),
        ("YS-0001", "report", "due"),
    ]
    # Nobody recorded the return: the status history still ends with the leave.
    history = shown(yuesong)["status_history"]
    assert [(h["since"], h["until"], h["status"]) for h in history] == [
        ("2026-11-02", None, "community_treatment"),
        ("2026-11-16", "2026-11-27", "on_leave"),
    ]


def test_a_leave_typed_without_years_ends_after_it_begins(yuesong: Run) -> None:
    """On 29 November, a leave from 12-20 until 01-10 ends next January: the end of a span
    typed without a year is the first such day on or after its start."""
    register(yuesong, "2026-11-02")
    status(yuesong, "on_leave", "--on", "12-20", "--until", "01-10")
    history = shown(yuesong)["status_history"]
    assert (history[-1]["since"], history[-1]["until"]) == ("2026-12-20", "2027-01-10")


def test_only_approved_leave_may_be_entered_ahead(yuesong: Run, db_path: Path) -> None:
    """A detention typed for next June would stand as fact and refuse every status
    recorded before it; only leave (with its end) is arranged ahead."""
    register(yuesong, "2026-11-02")
    before = fingerprint(db_path)
    refused = fails(yuesong("person", "status", "YS-0001", "detained", "--on", "2027-06-01"))
    assert refused == (
        "这个状态只能从今天或以前的日子记起；只有请假外出（on_leave，带 --until）可以提前登记。"
    )
    assert fingerprint(db_path) == before
    status(yuesong, "lost_contact", "--on", "today")
    status(yuesong, "community_treatment", "--on", "today", "--reason", "找到本人")
