"""The audit chain as pure code: hashes, links, gaps and the recorded head."""

from __future__ import annotations

from typing import Any

from yuesong_cli.domain.audit import GENESIS, row_hash, verify_chain


def chain(n: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    prev = GENESIS
    for i in range(1, n + 1):
        row: dict[str, Any] = {
            "id": i,
            "at": f"2026-11-29T01:00:{i:02d}Z",
            "actor": "officer",
            "action": "insert",
            "table_name": "contacts",
            "record_id": i,
            "fields": '["happened_on", "kinds"]',
            "note": None,
            "prev_hash": prev,
        }
        row["hash"] = row_hash(prev, row)
        prev = row["hash"]
        rows.append(row)
    return rows


def head(rows: list[dict[str, Any]]) -> tuple[int, str]:
    return rows[-1]["id"], rows[-1]["hash"]


def kinds(problems: list[Any]) -> list[tuple[int | None, str]]:
    return [(p.audit_id, p.kind) for p in problems]


def test_intact_chain_has_no_problem() -> None:
    rows = chain(5)
    assert verify_chain(rows, head(rows)) == []


def test_empty_log_with_no_head_is_fine() -> None:
    assert verify_chain([], None) == []


def test_edited_row_is_detected() -> None:
    rows = chain(5)
    recorded = head(rows)
    rows[2]["fields"] = '["note"]'
    assert kinds(verify_chain(rows, recorded)) == [(3, "edited")]


def test_removed_middle_row_is_detected() -> None:
    rows = chain(5)
    recorded = head(rows)
    del rows[2]
    assert kinds(verify_chain(rows, recorded)) == [(4, "gap"), (4, "broken_link")]


def test_rows_cut_from_the_end_are_detected_by_the_head() -> None:
    rows = chain(5)
    recorded = head(rows)
    assert kinds(verify_chain(rows[:3], recorded)) == [(None, "head_mismatch")]


def test_rehashed_forgery_still_breaks_against_the_head() -> None:
    # An attacker who edits a row and recomputes every later hash still has to
    # forge the head kept beside the log.
    rows = chain(4)
    recorded = head(rows)
    rows[1]["action"] = "update"
    prev = rows[0]["hash"]
    for row in rows[1:]:
        row["prev_hash"] = prev
        row["hash"] = row_hash(prev, row)
        prev = row["hash"]
    assert kinds(verify_chain(rows, recorded)) == [(None, "head_mismatch")]


def test_missing_head_is_reported() -> None:
    assert kinds(verify_chain(chain(2), None)) == [(None, "head_missing")]


def test_hash_depends_on_every_field() -> None:
    base = chain(1)[0]
    for name in ("id", "at", "actor", "action", "table_name", "record_id", "fields", "note"):
        changed = {**base, name: "x"}
        assert row_hash(GENESIS, changed) != base["hash"], name
