"""The audit chain: how a row's hash is made and how a chain is checked. Pure code.

Each audit row's hash covers its own content and the previous row's hash, so editing a
row, removing one from the middle, or reordering them breaks the chain. Removing rows
from the end is caught by the head (last id and hash) that the store keeps beside the
log and updates in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS = ("id", "at", "actor", "action", "table_name", "record_id", "fields", "note")


def row_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    payload = json.dumps(
        [prev_hash, *(row.get(name) for name in HASHED_FIELDS)],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    audit_id: int | None
    kind: str  # "edited", "broken_link", "gap", "head_mismatch", "head_missing"


def verify_chain(
    rows: Iterable[Mapping[str, Any]], head: tuple[int, str] | None
) -> list[ChainProblem]:
    """Every problem found walking ``rows`` (in id order) against the recorded head."""
    problems: list[ChainProblem] = []
    prev_hash = GENESIS
    prev_id = 0
    last: tuple[int, str] | None = None
    for row in rows:
        audit_id = int(row["id"])
        if audit_id != prev_id + 1:
            problems.append(ChainProblem(audit_id, "gap"))
        if row["prev_hash"] != prev_hash:
            problems.append(ChainProblem(audit_id, "broken_link"))
        if row_hash(row["prev_hash"], row) != row["hash"]:
            problems.append(ChainProblem(audit_id, "edited"))
        prev_hash = row["hash"]
        prev_id = audit_id
        last = (audit_id, row["hash"])
    if head is None:
        if last is not None:
            problems.append(ChainProblem(None, "head_missing"))
    elif last != head:
        problems.append(ChainProblem(None, "head_mismatch"))
    return problems
