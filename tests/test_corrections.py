"""Corrections that keep the record (issue 11): ``contact list``, ``contact void`` and
``contact amend``. The clock is 2026-11-29; 艾那 (YS-0001, fictional) was registered
2026-01-10 under community treatment, whose plan asks a meeting in person every week."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, fails, fingerprint, id_number, ok

from yuesong_cli.domain.contacts import AMENDABLE, Subject, amended_contact, changed_fields
from yuesong_cli.errors import Conflict, InvalidInput

Run = Callable[..., InvokeResult]
TODAY = dt.date(2026, 11, 29)
REGISTERED = Subject(dt.date(2026, 1, 10))


def query(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.execute(sql, params))
    finally:
        conn.close()


@pytest.fixture
def setup(yuesong: Run) -> None:
    """Contact 1: a meeting on 11-24 (keeps this week's meet); contact 2: a talk by phone
    on 11-20 (keeps this half-month's talk)."""
    ok(
        yuesong(
            "person", "add", "--name", "艾那", "--id-number", id_number(), "--since", "2026-01-10"
        )
    )
    ok(yuesong("log", "YS-0001", "meet", "--on", "2026-11-24", "--place", "村委会"))
    ok(yuesong("log", "YS-0001", "talk", "--on", "2026-11-20", "--mode", "phone"))


def due(yuesong: Run) -> dict[str, dict[str, Any]]:
    items = json.loads(ok(yuesong("due", "--all", "--format", "json")))
    return {item["rule"]: item for item in items}


# --- the domain rules -----------------------------------------------------------------


ORIGINAL = {
    "happened_on": dt.date(2026, 11, 20),
    "kinds": ["urine"],
    "mode": "in_person",
    "urine_result": "negative",
    "substance": None,
    "place": None,
    "note": None,
}


def test_an_amend_checks_the_contact_as_it_will_stand() -> None:
    amended = amended_contact(
        ORIGINAL, {"happened_on": dt.date(2026, 11, 2)}, TODAY, REGISTERED
    ).contact
    assert amended["happened_on"] == dt.date(2026, 11, 2)
    assert changed_fields(ORIGINAL, amended) == ["happened_on"]
    with pytest.raises(InvalidInput) as future:
        amended_contact(ORIGINAL, {"happened_on": dt.date(2026, 12, 1)}, TODAY, REGISTERED)
    assert future.value.key == "error.date.future"
    with pytest.raises(InvalidInput) as early:
        amended_contact(ORIGINAL, {"happened_on": dt.date(2026, 1, 9)}, TODAY, REGISTERED)
    assert early.value.key == "error.contact.before_registration"
    with pytest.raises(InvalidInput) as phone_test:
        amended_contact(ORIGINAL, {"mode": "phone"}, TODAY, REGISTERED)
    assert phone_test.value.key == "error.contact.urine_in_person"


def test_kinds_without_the_test_drop_its_result_and_nothing_changed_is_refused() -> None:
    amended = amended_contact(ORIGINAL, {"kinds": ["meet"]}, TODAY, REGISTERED).contact
    assert (amended["urine_result"], amended["substance"]) == (None, None)
    assert changed_fields(ORIGINAL, amended) == ["kinds", "urine_result"]
    with pytest.raises(InvalidInput) as nothing:
        amended_contact(ORIGINAL, {"kinds": ["urine"], "mode": "in_person"}, TODAY, REGISTERED)
    assert nothing.value.key == "error.correction.nothing"
    assert set(AMENDABLE) >= set(ORIGINAL)


def test_an_amend_checks_its_helpers_on_the_new_day_and_tells_a_new_relapse() -> None:
    """The one check of a contact (domain/contacts.py check_contact): a helper named in
    the contact who retired on 2026-11-10 took part before it, not after."""
    original = {**ORIGINAL, "helper_ids": [3]}
    retired = {3: dt.date(2026, 11, 10)}
    moved = amended_contact(original, {"happened_on": dt.date(2026, 11, 9)}, TODAY, REGISTERED,
                            retired)  # fmt: skip
    assert moved.check.refusals == ()
    with pytest.raises(Conflict) as later:
        amended_contact(
            original, {"happened_on": dt.date(2026, 11, 10)}, TODAY, REGISTERED, retired
        )
    assert later.value.key == "error.helper.retired_contact"
    assert later.value.params == {"helper": "H3", "day": "2026-11-10"}
    positive = {"urine_result": "positive", "substance": "meth"}
    assert amended_contact(ORIGINAL, positive, TODAY, REGISTERED).check.relapse
    # Positive already: told when it was entered, not again.
    again = {**ORIGINAL, "urine_result": "positive", "substance": "meth"}
    assert not amended_contact(again, {"note": "复查"}, TODAY, REGISTERED).check.relapse


# --- contact list ---------------------------------------------------------------------


def test_the_list_shows_each_contact_with_its_number(yuesong: Run, setup: None) -> None:
    rows = json.loads(ok(yuesong("contact", "list", "YS-0001", "--format", "json")))
    assert [(r["id"], r["happened_on"], r["kinds"]) for r in rows] == [
        (1, "2026-11-24", "meet"),
        (2, "2026-11-20", "talk"),
    ]
    table = ok(yuesong("contact", "list", "YS-0001"))
    assert table.splitlines()[0].split()[0] == "接触编号"


# --- void -----------------------------------------------------------------------------


def test_a_voided_contact_reopens_its_obligation(yuesong: Run, db_path: Path, setup: None) -> None:
    assert due(yuesong)["meet"]["status"] == "done"
    out = ok(yuesong("contact", "void", "1", "--reason", "重复录入"))
    assert out == "已作废接触 #1：YS-0001 2026-11-24 见面；原记录与原因已留存。\n"
    meet = due(yuesong)["meet"]
    assert (meet["status"], meet["last_kept"]) == ("due", None)
    assert query(db_path, "SELECT COUNT(*) FROM contacts WHERE id = 1") == [(0,)]
    assert query(db_path, "SELECT COUNT(*) FROM contact_kinds WHERE contact_id = 1") == [(0,)]
    # The archive holds the contact as it stood, with the reason.
    [(action, original, reason, day)] = query(
        db_path,
        "SELECT action, original, reason, corrected_on FROM corrections"
        " WHERE table_name = 'contacts' AND record_id = 1",
    )
    kept = json.loads(original)
    assert (action, reason, day) == ("void", "重复录入", "2026-11-29")
    assert (kept["happened_on"], kept["kinds"], kept["place"]) == ("2026-11-24", ["meet"], "村委会")
    # The audit names the fields of both, never a value.
    audit = query(
        db_path, "SELECT action, table_name, fields, note FROM audit ORDER BY id DESC LIMIT 2"
    )
    assert audit[0][:2] == ("void", "contacts")
    assert "place" in json.loads(audit[0][2])
    assert audit[1][:2] == ("insert", "corrections")
    assert "original.place" in json.loads(audit[1][2])
    assert "村委会" not in repr(audit) and "重复录入" not in repr(audit)
    assert "正常" in ok(yuesong("db", "verify"))


def test_a_void_needs_a_reason_and_a_known_contact(
    yuesong: Run, db_path: Path, setup: None
) -> None:
    before = fingerprint(db_path)
    assert fails(yuesong("contact", "void", "1")) == "更正须写明原因：请加 --reason。"
    assert fails(yuesong("contact", "void", "1", "--reason", "  ")) == (
        "更正须写明原因：请加 --reason。"
    )
    assert fails(yuesong("contact", "void", "99", "--reason", "x")) == (
        "没有编号为 99 的接触记录；可用 yuesong contact list 查看编号。"
    )
    assert fails(yuesong("contact", "amend", "99", "--on", "2026-11-02", "--reason", "x"))
    assert fingerprint(db_path) == before


def test_a_voided_number_is_never_given_again(yuesong: Run, db_path: Path, setup: None) -> None:
    ok(yuesong("contact", "void", "2", "--reason", "重复录入"))
    assert ok(yuesong("log", "YS-0001", "visit")).startswith("已记录接触 #3：")
    assert fails(yuesong("contact", "void", "2", "--reason", "again")).startswith("没有编号为 2 ")


# --- amend ----------------------------------------------------------------------------


def test_an_amended_date_moves_the_obligation(yuesong: Run, db_path: Path, setup: None) -> None:
    assert due(yuesong)["meet"]["last_kept"] == "2026-11-24"
    out = ok(yuesong("contact", "amend", "1", "--on", "2026-11-21", "--reason", "日期录错"))
    assert out == "已更正接触 #1（YS-0001）：日期；原记录与原因已留存。\n"
    # 11-21 is in last week: this week's meeting is owed again, last kept on the 21st.
    meet = due(yuesong)["meet"]
    assert (meet["status"], meet["last_kept"]) == ("due", "2026-11-21")
    [(action, original)] = query(
        db_path, "SELECT action, original FROM corrections WHERE record_id = 1"
    )
    assert action == "amend" and json.loads(original)["happened_on"] == "2026-11-24"
    [(fields, note)] = query(
        db_path, "SELECT fields, note FROM audit WHERE action = 'amend' AND record_id = 1"
    )
    assert json.loads(fields) == ["happened_on"]
    assert "2026-11-24" not in note and "2026-11-21" not in note
    assert "正常" in ok(yuesong("db", "verify"))


def test_amended_kinds_keep_the_kind_bits_right(yuesong: Run, db_path: Path, setup: None) -> None:
    assert "talk" in due(yuesong) and due(yuesong)["talk"]["status"] == "done"
    result = yuesong(
        "--lang", "en", "contact", "amend", "2", "--kinds", "meet", "--reason", "no talk"
    )
    assert result.exit_code == 0
    out = result.stdout
    assert out == "Amended contact #2 (YS-0001): kinds; the original and the reason are kept.\n"
    # A phone call amended to a meeting is warned of as log warns of it.
    assert result.stderr == (
        "Note: this contact was by phone: it does not count for meet weekly (in person only),"
        " nor for any other obligation. It is recorded.\n"
    )
    assert query(db_path, "SELECT kind_mask FROM contacts WHERE id = 2") == [(1,)]
    assert due(yuesong)["talk"]["status"] == "due"
    ok(
        yuesong(
            "contact", "amend", "2", "--kinds", "talk,visit", "--mode", "in_person", "--reason", "x"
        )
    )
    assert query(db_path, "SELECT kind_mask, mode FROM contacts WHERE id = 2") == [(6, "in_person")]
    assert len(query(db_path, "SELECT id FROM corrections WHERE record_id = 2")) == 2


def test_an_amend_is_refused_whole(yuesong: Run, db_path: Path, setup: None) -> None:
    before = fingerprint(db_path)
    assert fails(yuesong("contact", "amend", "1", "--reason", "x")).startswith("没有要更改的内容")
    assert fails(yuesong("contact", "amend", "1", "--on", "2026-12-05", "--reason", "x"))
    assert fails(yuesong("contact", "amend", "1", "--on", "2026-01-02", "--reason", "x"))
    assert fails(yuesong("contact", "amend", "1", "--on", "2026-11-02"))
    assert fails(yuesong("contact", "amend", "1", "--kinds", "urine", "--reason", "x"))
    assert fingerprint(db_path) == before


# --- log is unchanged -----------------------------------------------------------------


def test_log_ref_kind_still_records_a_contact(yuesong: Run, setup: None) -> None:
    assert ok(yuesong("log", "YS-0001", "visit", "--on", "2026-11-25")) == (
        "已记录接触 #3：YS-0001 2026-11-25 走访（当面）。\n"
    )
    assert ok(yuesong("log", "1", "meet")).startswith("已记录接触 #4：")


def test_log_list_void_and_amend_are_the_contact_commands(
    yuesong: Run, db_path: Path, setup: None
) -> None:
    """As issue 11 spelled them: `log list|void|amend` run `contact list|void|amend`."""
    assert ok(yuesong("log", "list", "YS-0001")) == ok(yuesong("contact", "list", "YS-0001"))
    amended = ok(yuesong("log", "amend", "2", "--on", "2026-11-21", "--reason", "日期记错"))
    assert amended.startswith("已更正接触 #2")
    assert ok(yuesong("--lang", "en", "log", "void", "1", "--reason", "重复录入")).startswith(
        "Voided contact #1"
    )
    assert query(db_path, "SELECT COUNT(*) FROM corrections") == [(2,)]
    # The word after log is a person's only when it is not one of the three.
    assert "YS-0001" in ok(yuesong("log", "YS-0001", "meet", "--on", "2026-11-28"))


def test_an_amend_cannot_move_a_contact_past_its_helpers_retirement(
    yuesong: Run, db_path: Path, setup: None
) -> None:
    ok(yuesong("helper", "add", "岩温", "--role", "officer"))
    ok(yuesong("log", "YS-0001", "visit", "--on", "2026-11-05", "--by", "H1"))
    ok(yuesong("helper", "retire", "H1", "--on", "2026-11-10"))
    before = fingerprint(db_path)
    line = fails(yuesong("contact", "amend", "3", "--on", "2026-11-12", "--reason", "日期录错"))
    assert line == "帮教人员 H1 已于 2026-11-10 退出，不能记录其此后参与的接触。"
    assert fingerprint(db_path) == before
    ok(yuesong("contact", "amend", "3", "--on", "2026-11-09", "--reason", "日期录错"))


def test_an_amend_to_a_positive_test_tells_the_relapse(yuesong: Run, setup: None) -> None:
    ok(yuesong("log", "YS-0001", "urine", "--result", "negative", "--on", "2026-11-25"))
    out = ok(
        yuesong("contact", "amend", "3", "--result", "positive", "--substance", "meth",
                "--reason", "结果录错")
    )  # fmt: skip
    assert out.splitlines()[1] == (
        "尿检阳性：YS-0001 记为复吸（计入复吸率，并列入预警），请按规定报告公安机关。"
    )
