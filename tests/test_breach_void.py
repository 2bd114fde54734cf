"""``yuesong breach void ID --reason``: a breach recorded by mistake leaves the count and
the alerts at once, the record keeping it (the corrections archive, as ``contact void``)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, fails, fingerprint, id_number, ok

Run = Callable[..., InvokeResult]


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


@pytest.fixture
def setup(yuesong: Run) -> None:
    """艾那 (YS-0001) left the county twice (breaches 1 and 2: one step from serious) and
    refused a test (a contact, not a breach record)."""
    args = ("--name", "艾那", "--id-number", id_number(), "--since", "2026-11-23")
    ok(yuesong("person", "add", *args))
    out = ok(yuesong("breach", "add", "1", "left_county", "--on", "2026-11-24", "--days", "3"))
    assert out == "已记录 YS-0001 的违反协议 #1：擅自离开县域（2026-11-24）。\n"
    out = ok(
        yuesong(
            "--lang", "en", "breach", "add", "1", "left_county", "--on", "2026-11-26", "--days", "2"
        )
    )
    assert (
        out == "Recorded breach #2 for YS-0001: left the county without permission (2026-11-26).\n"
    )
    ok(yuesong("log", "1", "urine", "--result", "refused", "--on", "2026-11-25"))


def near_alerts(yuesong: Run) -> list[str]:
    found = json.loads(ok(yuesong("alerts", "--format", "json")))
    return [a["kind"] for a in found if a["kind"].endswith("serious_breach")]


def test_the_list_shows_the_number_of_each_recorded_breach(yuesong: Run, setup: None) -> None:
    rows = json.loads(ok(yuesong("breach", "list", "1", "--format", "json")))
    assert [(r["id"], r["happened_on"], r["source"]) for r in rows] == [
        (1, "2026-11-24", "recorded"),
        (None, "2026-11-25", "test"),
        (2, "2026-11-26", "recorded"),
    ]
    table = ok(yuesong("breach", "list", "1")).splitlines()
    assert table[2].split()[0] == "序号"
    assert [line.split()[0] for line in table[3:]] == ["1", "2026-11-25", "2"]


def test_a_void_lowers_the_count_and_the_alert_goes(
    yuesong: Run, db_path: Path, setup: None
) -> None:
    assert near_alerts(yuesong) == ["near_serious_breach"]
    out = ok(yuesong("breach", "void", "2", "--reason", "重复录入"))
    assert out == "已作废违反协议 #2：YS-0001 2026-11-26 擅自离开县域；原记录与原因已留存。\n"
    assert near_alerts(yuesong) == []
    headline = ok(yuesong("breach", "list", "1")).splitlines()[0]
    assert "擅自离开县域 1 次、累计 3 天" in headline
    assert query(db_path, "SELECT id FROM breaches") == [(1,)]
    # The archive holds the breach as it stood, with the reason.
    [(action, original, reason, day)] = query(
        db_path,
        "SELECT action, original, reason, corrected_on FROM corrections"
        " WHERE table_name = 'breaches' AND record_id = 2",
    )
    kept = json.loads(original)
    assert (action, reason, day) == ("void", "重复录入", "2026-11-29")
    assert (kept["happened_on"], kept["kind"], kept["days_away"]) == (
        "2026-11-26",
        "left_county",
        2,
    )
    # The audit names the fields of both, never a value.
    audit = query(db_path, "SELECT action, table_name, fields FROM audit ORDER BY id DESC LIMIT 2")
    assert audit[0][:2] == ("void", "breaches")
    assert "days_away" in json.loads(audit[0][2])
    assert audit[1][:2] == ("insert", "corrections")
    assert "original.kind" in json.loads(audit[1][2])
    assert "left_county" not in repr(audit) and "重复录入" not in repr(audit)
    assert "正常" in ok(yuesong("db", "verify"))
    # The number is never given again.
    assert ok(yuesong("breach", "add", "1", "other", "--on", "2026-11-27")).startswith(
        "已记录 YS-0001 的违反协议 #3："
    )


def test_an_unknown_number_or_no_reason_is_refused_whole(
    yuesong: Run, db_path: Path, setup: None
) -> None:
    before = fingerprint(db_path)
    assert fails(yuesong("breach", "void", "1")) == "更正须写明原因：请加 --reason。"
    assert (
        fails(yuesong("breach", "void", "1", "--reason", " ")) == "更正须写明原因：请加 --reason。"
    )
    assert fails(yuesong("breach", "void", "9", "--reason", "x")) == (
        "没有编号为 9 的违反协议记录；可用 yuesong breach list 查看编号"
        "（尿检记录用 yuesong contact void 作废）。"
    )
    assert fails(yuesong("--lang", "en", "breach", "void", "9", "--reason", "x")).startswith(
        "No breach numbered 9;"
    )
    assert fingerprint(db_path) == before
