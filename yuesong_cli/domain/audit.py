"""The audit log as pure code: how a row's hash, keyed hash and record state are made, and
how a log read row by row is checked against itself and against the data.

Three things make the log hard to forge (docs/security.md §10):

- **The chain.** Each row's hash is SHA-256 over the previous row's hash and its own
  content, so editing a row, removing one from the middle, or reordering them breaks it;
  rows cut from the end are caught by the head (last id and hash) kept beside the log,
  and by the head the officer notes on paper (``db verify --expect``).
- **The key.** A row written with the audit key carries ``mac``, an HMAC-SHA256 of its
  hash under that key, and ``key_id``, which key it was. The key is never in the file:
  it is derived from the database's key (``audit_key``), so whoever edits the file
  without it cannot make a row that passes, nor recompute the chain after an edit.
- **The states.** A row that changed a record carries ``state``, a hash of the record as
  it stood after the change (``record_state``; ``ABSENT`` once deleted). A *seal* carries
  the states of every record at once (``seal_digest`` of the packed states, kept beside
  the log). Replaying the log gives the state each record must have now; a record whose
  state differs, that no row explains, or that is gone without a row saying so was
  changed outside the tool (``compare_states``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import struct
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS = ("id", "at", "actor", "action", "table_name", "record_id", "fields", "note")
# Hashed after HASHED_FIELDS when either is set (rows since m010): a row written before
# them keeps the hash it was given.
LATER_FIELDS = ("state", "key_id")

# The state of a record that no longer exists.
ABSENT = "absent"
# A seal's state: this prefix and the digest of every record's state (``seal_digest``).
SEAL = "seal:"
# A record's state: the first 128 bits of the SHA-256 of its canonical form, written
# as 32 hexadecimal digits (16 bytes packed in a seal).
STATE_BYTES = 16
_PACKED = struct.Struct(f">q{STATE_BYTES}s")

# The label the audit key is derived under, so that it is never the database key itself.
KEY_LABEL = b"yuesong audit chain 1"


# --- records -----------------------------------------------------------------------------


def _hex(value: Any) -> str:
    """Bytes (never in a record today) as hexadecimal digits."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    raise TypeError(f"not a stored value: {type(value).__name__}")


# One encoder for every record: JSON, keys sorted, no spaces, UTF-8 as it is. JSON is
# what makes the form unambiguous: no value can pass for a separator.
_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_hex
)
_NESTED = frozenset({dict, list, tuple})


def _without_nulls(value: Any) -> Any:
    """A value with every empty (NULL) column left out, at any depth: a column added by
    a later migration, empty in every row, changes no record's state."""
    if isinstance(value, Mapping):
        return {
            k: _without_nulls(v) if type(v) in _NESTED else v
            for k, v in value.items()
            if v is not None
        }
    return [_without_nulls(v) if type(v) in _NESTED else v for v in value]


def canonical(record: Mapping[str, Any]) -> bytes:
    """One record as bytes that depend only on its values: columns sorted by name, empty
    ones left out, compact JSON in UTF-8."""
    return _CANONICAL.encode(_without_nulls(record)).encode("utf-8")


def record_state(record: Mapping[str, Any] | None) -> str:
    """The state of a record (every column; a contact with its kinds, helpers and photos;
    a table kept whole with all its rows): 32 hexadecimal digits, or ``ABSENT``."""
    if record is None:
        return ABSENT
    return hashlib.sha256(canonical(record)).hexdigest()[: STATE_BYTES * 2]


def pack_states(entries: Iterable[tuple[int, str]]) -> bytes:
    """The states of a table's records, as a seal keeps them: (record id, state) in id
    order, 24 bytes each."""
    return b"".join(
        _PACKED.pack(record_id, bytes.fromhex(state)) for record_id, state in sorted(entries)
    )


def unpack_states(packed: bytes) -> Iterator[tuple[int, str]]:
    for record_id, state in _PACKED.iter_unpack(packed):
        yield record_id, state.hex()


def seal_digest(tables: Mapping[str, bytes]) -> str:
    """A seal's state: SHA-256 over every table's packed states, tables by name."""
    digest = hashlib.sha256()
    for table in sorted(tables):
        packed = tables[table]
        digest.update(table.encode("utf-8") + b"\x00" + len(packed).to_bytes(8, "big"))
        digest.update(packed)
    return SEAL + digest.hexdigest()


def is_seal(row: Mapping[str, Any]) -> bool:
    state = row.get("state")
    return isinstance(state, str) and state.startswith(SEAL)


# --- the chain and its key ---------------------------------------------------------------


_ROW = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def row_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    values = [prev_hash, *(row.get(name) for name in HASHED_FIELDS)]
    if any(row.get(name) is not None for name in LATER_FIELDS):
        values += [row.get(name) for name in LATER_FIELDS]
    return hashlib.sha256(_ROW.encode(values).encode("utf-8")).hexdigest()


def audit_key(secret: str) -> bytes:
    """The audit key of a database whose key (or, for a plain file, key file) holds
    ``secret``: HMAC-SHA256 keyed with the secret over a fixed label. Stored nowhere;
    the same secret gives the same key, in a backup, a restored file or one encrypted
    with that secret."""
    return hmac.new(secret.encode("utf-8"), KEY_LABEL, hashlib.sha256).digest()


def key_id(key: bytes) -> str:
    """Which audit key a row was written with (16 hexadecimal digits; says nothing of
    the key)."""
    return hmac.new(key, b"key id", hashlib.sha256).hexdigest()[:16]


def row_mac(key: bytes, hashed: str) -> str:
    return hmac.new(key, hashed.encode("ascii"), hashlib.sha256).hexdigest()


# --- checking a log ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    audit_id: int | None
    # "edited", "broken_link", "gap", "head_mismatch", "head_missing", "empty",
    # "forged" (a keyed hash that does not match), "unkeyed" (a row without one after
    # keyed rows), "other_key" (a row keyed with another key after this key's, among
    # them), "rekeyed_other" (every row from this one on keyed with one other key: the
    # file was re-keyed), "wrong_key" (keyed rows, none with this key), "seal_altered",
    # "keys_removed" (the keyed row the key holder's record names is gone)
    kind: str


@dataclass(frozen=True)
class StateProblem:
    table: str
    record_id: int
    # "changed" (not as the log left it), "unexplained" (no row explains it: inserted
    # outside the tool), "missing" (the log says it exists: deleted outside the tool)
    kind: str


@dataclass
class ChainWalk:
    """A log checked row by row, in id order (``add``), then against its head (``end``):
    a county's log is never held in memory at once. With ``key`` the keyed hashes are
    checked too. ``states`` is what the log says each record's state is now, by table and
    record id (0 for a table kept whole)."""

    key: bytes | None = None
    problems: list[ChainProblem] = field(default_factory=list)
    states: dict[str, dict[int, str]] = field(default_factory=dict)
    rows: int = 0
    last: tuple[int, str] | None = None
    # The first row keyed with ``key`` (with no key: with any key).
    keyed_from: int | None = None
    keyed_rows: int = 0
    # The action of row ``keyed_from`` (a re-keying says it was one).
    first_keyed: int | None = None
    _prev: tuple[int, str] = (0, GENESIS)
    _first_keyed: int | None = None
    # Rows of another key after this key's: (id, key id), and whether this key's came back.
    _others: list[tuple[int, str]] = field(default_factory=list)
    _own_after_other: bool = False

    def __post_init__(self) -> None:
        self._key_id = key_id(self.key) if self.key is not None else None

    def add(self, row: Mapping[str, Any], seal: Mapping[str, bytes] | None = None) -> None:
        """Check one row; ``seal`` is the packed states kept for it when it is a seal."""
        audit_id = int(row["id"])
        prev_id, prev_hash = self._prev
        if audit_id != prev_id + 1:
            self._problem(audit_id, "gap")
        if row["prev_hash"] != prev_hash:
            self._problem(audit_id, "broken_link")
        if row_hash(row["prev_hash"], row) != row["hash"]:
            self._problem(audit_id, "edited")
        self._check_key(audit_id, row)
        self._record(audit_id, row, seal)
        self._prev = self.last = (audit_id, row["hash"])
        self.rows += 1

    def _problem(self, audit_id: int | None, kind: str) -> None:
        self.problems.append(ChainProblem(audit_id, kind))

    def _check_key(self, audit_id: int, row: Mapping[str, Any]) -> None:
        """A row's keyed hash: checked when it is this key's; a row without one is
        refused after keyed rows (yuesong writes none), and one of another key after
        this key's rows (someone else's key took over)."""
        kid, mac = row.get("key_id"), row.get("mac")
        if (kid is None) != (mac is None):
            self._problem(audit_id, "forged")
            return
        if kid is None:
            if self._first_keyed is not None:
                self._problem(audit_id, "unkeyed")
            return
        self.keyed_rows += 1
        if self._first_keyed is None:
            self._first_keyed = audit_id
        if self.key is None:
            self.keyed_from = self.keyed_from or audit_id
        elif kid == self._key_id:
            if not hmac.compare_digest(str(mac), row_mac(self.key, row["hash"])):
                self._problem(audit_id, "forged")
            self.keyed_from = self.keyed_from or audit_id
            self._own_after_other = self._own_after_other or bool(self._others)
        elif self.keyed_from is not None:
            self._others.append((audit_id, str(kid)))
        self.first_keyed = self._first_keyed

    def _record(
        self, audit_id: int, row: Mapping[str, Any], seal: Mapping[str, bytes] | None
    ) -> None:
        state = row.get("state")
        if state is None:
            return
        if is_seal(row):
            if seal is None or seal_digest(seal) != state:
                self._problem(audit_id, "seal_altered")
            # A seal states every record there was: what came before no longer counts.
            self.states = {
                table: dict(unpack_states(packed)) for table, packed in (seal or {}).items()
            }
        elif row.get("table_name") is not None:
            record = int(row.get("record_id") or 0)
            self.states.setdefault(str(row["table_name"]), {})[record] = str(state)

    def end(self, head: tuple[int, str] | None, *, require_rows: bool = False) -> None:
        """Check the last row against the recorded head; with ``require_rows`` an empty
        log is a problem (every yuesong file has at least the row of its creation)."""
        if self.last is None and require_rows:
            self._problem(None, "empty")
        if head is None:
            if self.last is not None:
                self._problem(None, "head_missing")
        elif self.last != head:
            self._problem(None, "head_mismatch")
        if self.key is not None and self.keyed_rows and self.keyed_from is None:
            self._problem(None, "wrong_key")
        self._judge_others()

    def _judge_others(self) -> None:
        """Rows of another key after this key's: when they are the log's last rows, all
        of one key, the file was re-keyed (``db rekey``, ``db key-audit --new``) and this
        is the old key; otherwise each was added outside the tool."""
        if not self._others:
            return
        if not self._own_after_other and len({kid for _, kid in self._others}) == 1:
            self._problem(self._others[0][0], "rekeyed_other")
            return
        for audit_id, _ in self._others:
            self._problem(audit_id, "other_key")


def verify_chain(
    rows: Iterable[Mapping[str, Any]], head: tuple[int, str] | None, key: bytes | None = None
) -> list[ChainProblem]:
    """Every problem found walking ``rows`` (in id order) against the recorded head; a
    seal's states are not checked here (``ChainWalk.add`` takes them)."""
    walk = ChainWalk(key)
    for row in rows:
        walk.add(row, {} if is_seal(row) else None)
    walk.end(head)
    return [p for p in walk.problems if p.kind != "seal_altered"]


def compare_states(
    expected: Mapping[str, Mapping[int, str]], current: Iterable[tuple[str, int, str]]
) -> list[StateProblem]:
    """Every record whose state now (``current``: table, record id, state) is not the one
    the log left it in (``expected``, from ``ChainWalk.states``), in the order read, then
    the records the log says exist that are gone."""
    problems: list[StateProblem] = []
    seen: dict[str, set[int]] = {}
    for table, record_id, state in current:
        seen.setdefault(table, set()).add(record_id)
        wanted = expected.get(table, {}).get(record_id, ABSENT)
        if wanted == ABSENT:
            problems.append(StateProblem(table, record_id, "unexplained"))
        elif wanted != state:
            problems.append(StateProblem(table, record_id, "changed"))
    for table in sorted(expected):
        present = seen.get(table, set())
        for record_id, wanted in sorted(expected[table].items()):
            if wanted != ABSENT and record_id not in present:
                problems.append(StateProblem(table, record_id, "missing"))
    return problems


@dataclass(frozen=True)
class VerifyReport:
    """What ``db verify`` found: the problems of each check (``integrity``,
    ``foreign_keys``, ``audit``, ``records``), the head of the log (its last id and
    hash), and how it is keyed: ``keyed`` (from row ``keyed_from`` on, with the key
    given), ``rekeyed`` (with the key given from row ``keyed_from`` on, with another
    before: re-keyed there), ``unkeyed`` (no key and no keyed row), ``no_key`` (keyed
    rows, but no key to check them with), ``pending`` (a key, no keyed row yet: keyed
    only by ``db key-audit``), ``other_key`` (keyed rows, none with the key given)."""

    problems: dict[str, list[str]]
    head: tuple[int, str] | None
    keying: str
    keyed_from: int | None = None

    @property
    def failed(self) -> bool:
        return any(self.problems.values())


def keying(walk: ChainWalk) -> str:
    """How the walked log is keyed (``VerifyReport.keying``)."""
    if walk.key is None:
        return "no_key" if walk.keyed_rows else "unkeyed"
    if walk.keyed_from is not None:
        # Keyed with this key from a later row than the first keyed one: re-keyed there.
        return "keyed" if walk.keyed_from == walk.first_keyed else "rekeyed"
    return "other_key" if walk.keyed_rows else "pending"


def head_matches(found: str | None, noted: str) -> bool:
    """Whether the hash of the row the officer noted still starts with the digits noted."""
    return found is not None and found.lower().startswith(noted.lower())


# The head as the officer notes it: the last row's number, a colon, and at least the
# first 12 hexadecimal digits of its hash.
_NOTED_DIGITS = 12


def parse_head(text: str) -> tuple[int, str] | None:
    """``COUNT:HASH`` as typed after ``db verify --expect`` (None when it is not one)."""
    count, colon, digits = text.strip().partition(":")
    digits = digits.strip().lower()
    if not (colon and count.strip().isdigit() and int(count) > 0):
        return None
    if not (_NOTED_DIGITS <= len(digits) <= 64 and all(c in "0123456789abcdef" for c in digits)):
        return None
    return int(count), digits
