"""The audit log as pure code: hashes, links, gaps and the recorded head; the keyed
hashes, the records' states and seals (docs/security.md §10)."""

from __future__ import annotations

from typing import Any

from yuesong_cli.domain.audit import (
    ABSENT,
    GENESIS,
    ChainWalk,
    audit_key,
    compare_states,
    key_id,
    keying,
    pack_states,
    parse_head,
    record_state,
    row_hash,
    row_mac,
    seal_digest,
    unpack_states,
    verify_chain,
)


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


# --- keys, states and seals (docs/security.md §10) -----------------------------------------


KEY = audit_key("x'" + "5a" * 32 + "'")
OTHER = audit_key("correct horse battery staple")


def keyed_chain(
    n: int, key: bytes | None, start: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """``n`` rows (after ``start``) keyed with ``key``, each naming a contact's state."""
    rows = list(start or [])
    prev = rows[-1]["hash"] if rows else GENESIS
    for i in range(len(rows) + 1, len(rows) + n + 1):
        row: dict[str, Any] = {
            "id": i, "at": "2026-11-29T01:00:00Z", "actor": "officer", "action": "insert",
            "table_name": "contacts", "record_id": i, "fields": "[]", "note": None,
            "state": record_state({"id": i}), "key_id": key_id(key) if key else None,
            "prev_hash": prev,
        }  # fmt: skip
        row["hash"] = row_hash(prev, row)
        row["mac"] = row_mac(key, row["hash"]) if key else None
        prev = row["hash"]
        rows.append(row)
    return rows


def walked(rows: list[dict[str, Any]], key: bytes | None) -> ChainWalk:
    walk = ChainWalk(key)
    for row in rows:
        walk.add(row)
    walk.end(head(rows), require_rows=True)
    return walk


def test_a_row_written_before_states_keeps_its_hash() -> None:
    row = chain(1)[0]
    assert row_hash(GENESIS, {**row, "state": None, "key_id": None}) == row["hash"]
    assert row_hash(GENESIS, {**row, "state": "ab" * 16}) != row["hash"]


def test_a_keyed_log_checks_with_its_key_and_finds_a_recomputed_row() -> None:
    rows = keyed_chain(4, KEY)
    walk = walked(rows, KEY)
    assert (walk.problems, keying(walk), walk.keyed_from) == ([], "keyed", 1)
    rows[2]["note"] = "nothing"
    prev = rows[1]["hash"]
    for row in rows[2:]:
        row["prev_hash"], row["hash"] = prev, row_hash(prev, row)
        prev = row["hash"]
    assert kinds(walked(rows, KEY).problems) == [(3, "forged"), (4, "forged")]
    # Without the key the recomputed chain holds: nothing but the key can tell.
    assert walked(rows, None).problems == []


def test_an_unkeyed_row_after_keyed_ones_and_another_key_after_this_one() -> None:
    rows = keyed_chain(2, KEY)
    assert kinds(walked(keyed_chain(1, None, rows), KEY).problems) == [(3, "unkeyed")]
    assert kinds(walked(keyed_chain(1, None, rows), None).problems) == [(3, "unkeyed")]
    # The last rows all of one other key: re-keyed (db rekey, db key-audit --new).
    assert kinds(walked(keyed_chain(1, OTHER, rows), KEY).problems) == [(3, "rekeyed_other")]
    # Rows of another key among this key's: added outside the tool.
    mixed = keyed_chain(1, KEY, keyed_chain(1, OTHER, rows))
    assert kinds(walked(mixed, KEY).problems) == [(3, "other_key")]


def test_a_log_keyed_from_a_later_row_and_one_keyed_only_with_another_key() -> None:
    rows = keyed_chain(2, KEY, keyed_chain(2, None))
    walk = walked(rows, KEY)
    assert (walk.problems, walk.keyed_from) == ([], 3)
    # A rekey: rows of the old key, then this one's.
    assert walked(keyed_chain(1, KEY, keyed_chain(2, OTHER)), KEY).problems == []
    walk = walked(keyed_chain(2, OTHER), KEY)
    assert (kinds(walk.problems), keying(walk)) == ([(None, "wrong_key")], "other_key")
    assert keying(walked(keyed_chain(2, None), KEY)) == "pending"
    assert keying(walked(keyed_chain(2, KEY), None)) == "no_key"
    assert keying(walked(keyed_chain(2, None), None)) == "unkeyed"


def test_an_empty_log_is_a_problem_where_rows_are_required() -> None:
    walk = ChainWalk()
    walk.end(None, require_rows=True)
    assert kinds(walk.problems) == [(None, "empty")]


def test_a_record_state_leaves_out_empty_columns_and_sorts_the_rest() -> None:
    assert record_state({"id": 1, "b": 2, "a": None}) == record_state({"b": 2, "id": 1})
    assert record_state({"id": 1, "b": 2}) != record_state({"id": 1, "b": "2"})
    assert record_state(None) == ABSENT
    assert len(record_state({"id": 1})) == 32


def test_states_compared_name_every_record_changed_added_or_gone() -> None:
    expected = {"persons": {1: record_state({"id": 1}), 2: record_state({"id": 2}), 3: ABSENT}}
    current = [
        ("persons", 1, record_state({"id": 1})),
        ("persons", 2, record_state({"id": 2, "phone": "x"})),
        ("persons", 3, record_state({"id": 3})),
        ("contacts", 1, record_state({"id": 1})),
    ]
    found = [(p.table, p.record_id, p.kind) for p in compare_states(expected, current)]
    assert found == [
        ("persons", 2, "changed"),
        ("persons", 3, "unexplained"),
        ("contacts", 1, "unexplained"),
    ]
    gone = [(p.table, p.record_id, p.kind) for p in compare_states(expected, current[:1])]
    assert gone == [("persons", 2, "missing")]


def test_a_seal_replaces_what_came_before_and_its_states_are_checked() -> None:
    packed = {"persons": pack_states([(2, record_state({"id": 2})), (1, record_state({"id": 1}))])}
    assert list(unpack_states(packed["persons"])) == [
        (1, record_state({"id": 1})),
        (2, record_state({"id": 2})),
    ]
    rows = keyed_chain(1, None)
    seal: dict[str, Any] = {
        **rows[0], "id": 2, "table_name": None, "record_id": None,
        "state": seal_digest(packed), "prev_hash": rows[0]["hash"],
    }  # fmt: skip
    seal["hash"] = row_hash(seal["prev_hash"], seal)
    walk = ChainWalk()
    walk.add(rows[0])
    walk.add(seal, packed)
    assert walk.problems == []
    assert set(walk.states) == {"persons"}  # the contact stated before the seal is gone
    walk = ChainWalk()
    walk.add(rows[0])
    walk.add(seal, {"persons": packed["persons"][:24]})
    assert kinds(walk.problems) == [(2, "seal_altered")]


def test_the_head_noted_reads_count_colon_at_least_twelve_digits() -> None:
    assert parse_head(" 12:ABCDEF012345 ") == (12, "abcdef012345")
    assert parse_head("12:" + "a" * 64) == (12, "a" * 64)
    for typed in ("12", "12:", "0:abcdef012345", "x:abcdef012345", "12:abcdef01234",
                  "12:abcdef01234g", "12:" + "a" * 65):  # fmt: skip
        assert parse_head(typed) is None, typed


def test_the_audit_key_is_not_the_secret_and_its_id_tells_keys_apart() -> None:
    secret = "correct horse battery staple"
    assert audit_key(secret) == OTHER and secret.encode() not in audit_key(secret)
    assert key_id(KEY) != key_id(OTHER) and len(key_id(KEY)) == 16
