"""Where a plain database's audit log was keyed, as the key holder's own record
(docs/security.md §10): an owner-only file in the user's state folder, out of reach of
whoever edits the database file alone. It maps a database (the path it was keyed at, with
its ledger's id for the reader) to the row from which its log is keyed and that row's
keyed hash, so that a log stripped of its keyed hashes and rechained — which reads as one
never keyed — is found. The path, not the ledger's id, is what is looked up: an editor
rechaining the log can rewrite the id, and a backup elsewhere (which shares the id) may
be older than the keying."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import platformdirs

from yuesong_cli.system import files

RECORD_NAME = "audit-keys.json"


def record_file() -> Path:
    return Path(platformdirs.user_state_dir("yuesong", appauthor=False)) / RECORD_NAME


def _entries() -> list[dict[str, Any]]:
    try:
        data = json.loads(record_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = data.get("ledgers") if isinstance(data, dict) else None
    return [e for e in found or [] if isinstance(e, dict)]


def recorded(path: Path) -> list[dict[str, Any]]:
    """The keying recorded for the database at ``path`` (none or one)."""
    return [e for e in _entries() if _matches(e, path)]


def _matches(entry: dict[str, Any], path: Path) -> bool:
    return entry.get("path") == str(path.resolve())


def remember(ledger: str | None, path: Path, row: int, mac: str) -> None:
    """Record that the log of the database at ``path`` (of ``ledger``) is keyed from
    ``row`` (whose keyed hash is ``mac``), replacing what was recorded for it before."""
    kept = [e for e in _entries() if not _matches(e, path)]
    kept.append({"ledger": ledger, "path": str(path.resolve()), "row": row, "mac": mac})
    target = record_file()
    files.private_folder(target.parent)
    data = json.dumps({"ledgers": kept}, ensure_ascii=False, indent=1) + "\n"
    files.write_whole(target, data.encode("utf-8"), replace=True)
