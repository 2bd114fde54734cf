"""The connection every part of the store shares, and its one transaction helper.

``StoreBase`` refuses a file others can read, sets the connection pragmas of
docs/security.md §4, applies pending migrations on open, and does every multi-step write
inside ``transaction()`` together with its audit row (``audit()``), so a change and its
record land or vanish together. The settings live here too: every part reads them.

A file encrypted with SQLCipher (docs/security.md §6) is opened the same way with its key;
a plain one through the standard library, without importing SQLCipher or asking for a
key: which it is, the first bytes of the file say (``file_kind``).

A file is checked against this version's schema when it is opened (docs/security.md §4):
one that records a migration step this version does not know was made by a newer
version, and is read but never written; one that lacks a table its steps made is damaged
and refused. Every audit row carries the state of the record it names and, when the
audit key is at hand, its keyed hash (docs/security.md §10, store/records.py)."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

from yuesong_cli.domain import audit
from yuesong_cli.domain.photos import Photo
from yuesong_cli.domain.retention import DEFAULT_RETENTION_YEARS
from yuesong_cli.errors import (
    Conflict,
    DatabaseProblem,
    Fault,
    InvalidInput,
    NotFound,
    YuesongError,
)
from yuesong_cli.store import records
from yuesong_cli.store.clock import timestamp, today_in
from yuesong_cli.store.schema import MIGRATION_NAMES, MIGRATION_SET, tables_of
from yuesong_cli.system import files, keys

DEFAULT_SETTINGS = {
    "township": "岳宋乡",
    "timezone": "Asia/Shanghai",
    "case_prefix": "YS",
    "mask_names": "on",
    # Years a file is kept whole after supervision ended (db purge; docs/security.md §9).
    "retention_years": str(DEFAULT_RETENTION_YEARS),
    # The township's administrative code (统计用区划代码, 9 digits), which names it in the
    # county's roll-up (report extract); empty until set.
    "township_code": "",
    # The county the township is in, as its documents name it (docs/domain.md
    # "Documents"); the police station its release notices go to (empty: the
    # township's own, 岳宋乡派出所); a folder of the county's own document templates
    # (empty: the defaults).
    "county": "西盟佤族自治县",
    "police_station": "",
    "doc_templates": "",
    # The first day the register of documents is kept (docs/domain.md "Documents"): the
    # document alerts ask nothing of a term or release that began before it, whose
    # paper is in the cabinet, not the register. Empty: the day the file first had the
    # register (init, or the upgrade that added it).
    "documents_from": "",
}
SETTING_KEYS = tuple(DEFAULT_SETTINGS)
# How long a write waits for another program's write to finish before it gives up.
BUSY_TIMEOUT_MS = 5000


def _secure_file_mode(path: Path) -> None:
    if path.exists():
        files.make_private(path)


# The 16 bytes every plain SQLite file begins with; an SQLCipher file begins with its
# random salt, and is a whole number of pages (each a multiple of 512 bytes).
PLAIN_HEADER = b"SQLite format 3\x00"
_PAGE_UNIT = 512


def _companions(path: Path) -> list[Path]:
    """The files SQLite keeps beside the database ``path``."""
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def file_kind(path: Path) -> str:
    """``"plain"`` (SQLite's header, or an empty file, a database about to be made),
    ``"encrypted"`` (no header, whole pages), or ``"other"`` (neither: not a database),
    read from the file's first bytes without opening it as a database."""
    try:
        with path.open("rb") as file:
            head = file.read(len(PLAIN_HEADER))
        size = path.stat().st_size
    except OSError:
        return "plain"  # unreadable: opening it says why, as for any file
    if not head or head == PLAIN_HEADER:
        return "plain"
    return "encrypted" if size >= _PAGE_UNIT and size % _PAGE_UNIT == 0 else "other"


def sqlcipher() -> ModuleType:
    """SQLCipher's DB-API module (``sqlcipher3``), imported only when an encrypted file
    is opened. Its errors are its own classes; each is made a subclass of the standard
    library's too, so that every handler naming sqlite3's errors — the command line's
    lines for a busy, full or read-only database, sqlite-utils' own — takes them alike."""
    from sqlcipher3 import dbapi2

    if not getattr(dbapi2, "_yuesong_errors", False):
        for name in (
            "InterfaceError",
            "DatabaseError",
            "DataError",
            "OperationalError",
            "IntegrityError",
            "InternalError",
            "ProgrammingError",
            "NotSupportedError",
        ):
            ours, standard = getattr(dbapi2, name), getattr(sqlite3, name)
            if not issubclass(ours, standard):
                ours.__bases__ = (*ours.__bases__, standard)
        dbapi2._yuesong_errors = True
    return cast(ModuleType, dbapi2)


# SQLCipher 4's derivation of a file's key from a passphrase (PRAGMA cipher_settings):
# PBKDF2-HMAC-SHA512, 256,000 iterations, the salt in the file's first 16 bytes.
_KDF_HASH, _KDF_ITERATIONS, _KEY_BYTES, _SALT_BYTES = "sha512", 256_000, 32, 16
# Keys derived in this process, by passphrase and salt.
_derived: dict[tuple[str, bytes], str] = {}


def file_key(path: Path, passphrase: str) -> str:
    """The key to give SQLCipher for the file at ``path``. For an existing file, the raw
    key (``x'…'``) its passphrase derives to with the file's salt, derived as SQLCipher
    would, once a process: each open would otherwise pay the whole derivation again
    (about 0.1 s), and the due list opens the file again after forking its workers,
    which open it too. For a new file, the passphrase itself (SQLCipher draws its salt);
    a key written ``x'…'`` is raw already."""
    if passphrase.startswith("x'"):
        return passphrase
    try:
        with path.open("rb") as file:
            salt = file.read(_SALT_BYTES)
    except OSError:
        salt = b""
    if len(salt) < _SALT_BYTES:
        return passphrase
    found = _derived.get((passphrase, salt))
    if found is None:
        import hashlib

        derived = hashlib.pbkdf2_hmac(
            _KDF_HASH, passphrase.encode(), salt, _KDF_ITERATIONS, _KEY_BYTES
        )
        found = _derived[(passphrase, salt)] = f"x'{derived.hex()}'"
    return found


def quoted(text: str) -> str:
    """``text`` as an SQL string literal: a key is set with a PRAGMA, which takes no
    bound parameter."""
    return "'" + text.replace("'", "''") + "'"


def _read_only_target(path: Path | str, *, immutable: bool) -> str:
    """The URI opening ``path`` read only; ``immutable`` on a read-only disk with no
    -wal to read, where SQLite could not make the -shm it otherwise needs."""
    if not immutable:
        return f"file:{path}?mode=ro"
    from urllib.parse import quote

    return f"file:{quote(str(path))}?mode=ro&immutable=1"


def connect(
    path: Path | str,
    key: str | None = None,
    *,
    read_only: bool = False,
    immutable: bool = False,
    cipher: bool = False,
    timeout: float = 5.0,
) -> sqlite3.Connection:
    """A connection to ``path``: through the standard library for a plain file, through
    SQLCipher with ``key`` for an encrypted one (or with ``cipher``, a plain file opened
    by SQLCipher, which alone can export it encrypted). The key is tried at once: a
    wrong one is one line (``error.key.wrong``), and SQLCipher's own log, which would
    print its failure on stderr, is silenced. With ``immutable`` (a file on a read-only
    disk) it is opened read only, SQLite told that nothing can change it."""
    read_only = read_only or immutable
    target = _read_only_target(path, immutable=immutable) if read_only else str(path)
    if key is None and not cipher:
        return sqlite3.connect(target, timeout=timeout, uri=read_only)
    module = sqlcipher()
    conn = module.connect(target, timeout=timeout, uri=read_only)
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(f"PRAGMA key = {quoted(file_key(Path(path), key))}")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            conn.close()
            # A wrong key reads as a file that is not a database; a busy or unreadable
            # file is said as such (docs/security.md §7).
            fault = None if files.fault_kind(exc) == files.DAMAGED else files.database_fault(
                exc, Path(path)
            )
            raise fault or DatabaseProblem("error.key.wrong", path=str(path)) from exc
    return cast(sqlite3.Connection, conn)


def key_file_secret() -> str | None:
    """The secret of a plain database's audit key: the key file ``YUESONG_KEY_FILE``
    names, when it is set (docs/security.md §10); None without one."""
    named = os.environ.get(keys.KEY_FILE)
    return keys.read_key_file(Path(named)) if named else None


# The steps after which the data a file already holds is sealed (docs/security.md §10):
# before m010 the log's rows stated no record; m013 makes records (the zones and grids
# its register named) that no row of the log has written.
SEALING_STEPS = ("m010_audit_states", "m013_areas")


def check_permissions(path: Path) -> None:
    """Refuse a database file (or its -wal/-shm) that other users can read or write:
    on POSIX by its mode, on Windows by its access list (system/files.py)."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if candidate.exists():
            files.require_private(candidate)


class StoreBase:
    """An open yuesong database: the connection, the transaction, the audit row."""

    def __init__(
        self,
        path: Path | str,
        *,
        create: bool = False,
        actor: str | Callable[[], str] = "unknown",
        key: Callable[[], str] | None = None,
        encrypt: bool = False,
        audit_secret: Callable[[], str | None] | None = None,
        repair: bool = False,
    ) -> None:
        """Open (or with ``create``, make) the database at ``path``; ``actor`` is who the
        audit log names for the changes made through it, or how to find out (the CLI
        passes the login name's lookup, asked only when a change is written: a run that
        only reads, like the morning's due list, never needs it). ``key`` gives the key
        of an encrypted file, asked only when the file is one (default: system/keys.py);
        with ``create`` and ``encrypt`` it gives the key of the new file.
        ``audit_secret`` gives the secret of a plain file's audit key (default: the key
        file, ``key_file_secret``); an encrypted file's is its key. With ``repair`` a file
        whose schema is damaged or newer is opened all the same, to be restored over."""
        self.path = Path(path)
        self._actor = actor
        self._key_source = key or keys.database_key
        self._audit_secret = audit_secret or key_file_secret
        # The key the file was opened with; None for a plain file.
        self._key: str | None = None
        # The audit key, once asked (None inside: no key).
        self._audit_key: tuple[bytes | None] | None = None
        # Set by a bulk load: the audit row that records it seals every record.
        self._seal_pending = False
        # Set on a copy being converted to a new key: its audit row starts that key.
        self._new_audit_key = False
        # A step this version does not know (newer file, read only) or a missing table.
        self.newer: str | None = None
        self.missing_table: str | None = None
        # On a read-only disk (a write-protected USB stick): read, never written.
        self.on_read_only_disk = False
        # Run before each write commits, inside its transaction: what keeps the derived
        # state up to date with the write (ledger/standing.py keep_up_to_date).
        self.before_commit: list[Callable[[], None]] = []
        if create:
            if self.path.exists():
                raise Conflict("error.db.exists", path=str(self.path))
            if not self.path.parent.exists():
                raise NotFound("error.db.no_folder", path=str(self.path.parent))
            if encrypt:
                self._key = self._key_source()  # asked before a file is made
            # Beside the file this run makes, SQLite's own: an earlier file's stay.
            made = [self.path, *(p for p in _companions(self.path) if not p.exists())]
            # Owner-only from its creation, whatever the umask. On POSIX SQLite gives
            # -wal and -shm the mode of the database file; on Windows they take the
            # folder's list, and are narrowed below after the connection made them.
            try:
                os.close(files.create_private_file(self.path))
            except FileExistsError as exc:
                raise Conflict("error.db.exists", path=str(self.path)) from exc
            try:
                self._open(create=True, repair=repair)
            except BaseException:
                # A file init began and could not finish (a full disk) would stand as
                # one that exists yet is no database: it goes, with SQLite's beside it.
                self._abandon(made)
                raise
            return
        if not self.path.exists():
            raise NotFound("error.db.missing", path=str(self.path))
        self._open(create=False, repair=repair)

    def _abandon(self, made: list[Path]) -> None:
        """Close and remove the files of a database this run made and could not finish."""
        if hasattr(self, "conn"):
            self.conn.close()
        for path in made:
            path.unlink(missing_ok=True)

    def _open(self, *, create: bool, repair: bool) -> None:
        """Open the file at ``path`` (with ``create``, the empty one just made), check
        its schema, migrate it, and give a new file its settings and first row."""
        check_permissions(self.path)
        if not create:
            kind = file_kind(self.path)
            if kind == "other":
                # Not damage: no SQLite file, plain or encrypted, looks so (security.md §7).
                raise DatabaseProblem("error.db.not_a_database_file", path=str(self.path))
            if kind == "encrypted":
                self._key = self._key_source()
            self.on_read_only_disk = files.read_only_disk(self.path)
        try:
            conn = self._connect()
            self.conn = conn
            # Looked at before anything is set: a file that is not ours stays untouched,
            # and so, byte for byte, does one refused or read only for its schema (its
            # header would otherwise be switched to WAL; docs/security.md §7).
            if not create and not self._is_yuesong_file():
                conn.close()
                raise DatabaseProblem("error.db.not_yuesong", path=str(self.path))
            self._check_schema(repair=repair)
            self._configure(conn, wal=self._writable_schema(repair=repair))
        except sqlite3.DatabaseError as exc:
            raise self._fault(exc) from exc
        self._db: Database | None = None
        if not self.on_read_only_disk:  # nothing there can be changed, nor left behind
            for suffix in ("-wal", "-shm"):
                _secure_file_mode(Path(f"{self.path}{suffix}"))
            files.remove_orphans(self.path.parent, self.path.parent / "backups")  # §7
        try:
            if self.newer is None and self.missing_table is None and self._schema_outdated():
                # BEGIN IMMEDIATE first: two processes opening an old file at once
                # migrate it once; the second sees nothing pending inside the lock.
                with self.transaction():
                    self._migrate()
        except sqlite3.DatabaseError as exc:
            raise self._fault(exc) from exc
        if create:
            # A new file keeps its register of documents from the day it is made.
            made = {"documents_from": today_in(DEFAULT_SETTINGS["timezone"]).isoformat()}
            with self.transaction():
                for name, value in (DEFAULT_SETTINGS | made).items():
                    self.conn.execute(
                        "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (name, value)
                    )
                # The first row seals what the new file holds (its settings, plans,
                # rules) and names the ledger with a random number of its own, so that
                # two ledgers' logs never share a first row (db restore, security.md §5).
                import secrets

                ledger = f"ledger={secrets.token_hex(8)}"
                self._seal("init", "settings", list(DEFAULT_SETTINGS), note=ledger)

    def _connect(self) -> sqlite3.Connection:
        """A connection to the file: on a read-only disk a read-only one, immutable
        unless a -wal beside it holds changes still to be read (docs/security.md §7)."""
        if not self.on_read_only_disk:
            return connect(self.path, self._key)
        wal = Path(f"{self.path}-wal")
        pending = wal.exists() and wal.stat().st_size > 0
        return connect(self.path, self._key, read_only=True, immutable=not pending)

    def _fault(self, exc: sqlite3.DatabaseError) -> YuesongError:
        """The line for an error opening the file: a fault of the disk or the file said
        as it is (a full or read-only disk, a file held by another program, real damage:
        system/files.py), or a file that is not a database."""
        fault = files.database_fault(exc, self.path)
        return fault or DatabaseProblem("error.db.not_a_database", path=str(self.path))

    @property
    def encrypted(self) -> bool:
        """Whether the file is encrypted (SQLCipher)."""
        return self._key is not None

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the connection, made on first use: importing
        sqlite-utils costs the daily due list more than its whole computation."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def _is_yuesong_file(self) -> bool:
        """Whether the file records yuesong migrations: any other file, an empty one
        included, is refused rather than turned into a ledger (only init creates one)."""
        has_table = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        return bool(
            has_table
            and self.conn.execute(
                "SELECT 1 FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,)
            ).fetchone()
        )

    def _applied_steps(self) -> list[str]:
        """The migration steps the file records, in the order applied."""
        has_table = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        if not has_table:
            return []
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                (MIGRATION_SET,),
            )
        ]

    def _schema_outdated(self) -> bool:
        """Whether a migration is pending, asked with one plain query."""
        return not set(MIGRATION_NAMES) <= set(self._applied_steps())

    def _migrate(self) -> None:
        """Apply the pending steps, inside the caller's transaction; a file that held
        data before the audit log stated records, or that a step gave records of its own
        (``SEALING_STEPS``), has it sealed as it stands, in the same transaction
        (docs/security.md §10)."""
        applied = self._applied_steps()
        pending = [name for name in MIGRATION_NAMES if name not in applied]
        migration_steps().apply(self.db)
        if applied and any(step in pending for step in SEALING_STEPS):
            self._seal("seal", note=f"migrated {','.join(pending)}")

    def _check_schema(self, *, repair: bool = False) -> None:
        """Hold the file to this version's schema (docs/security.md §4): a step this
        version does not know makes the file read only (``newer``: a newer version made
        it); a table missing that a recorded step made is damage, refused in one line
        naming it. With ``repair`` both are noted, not refused: the file is to be
        restored over."""
        applied = self._applied_steps()
        unknown = [name for name in applied if name not in MIGRATION_NAMES]
        self.newer = unknown[0] if unknown else None
        tables = {
            r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        missing = sorted(tables_of(set(applied)) - tables)
        self.missing_table = missing[0] if missing else None
        if self.missing_table and not repair:
            self.conn.close()
            raise DatabaseProblem(
                "error.db.table_missing", path=str(self.path), table=self.missing_table
            )

    def _writable_schema(self, *, repair: bool = False) -> bool:
        """Whether the file may be set up for writing (its journal switched to WAL): not
        one read only for a newer schema or a damaged one, unless it is to be restored
        over (``repair``)."""
        if self.on_read_only_disk:
            return False
        return repair or (self.newer is None and self.missing_table is None)

    def require_writable(self) -> None:
        """Refuse a change to a file on a read-only disk, one made by a newer version
        (it is read, never written) or one whose schema is damaged."""
        if self.on_read_only_disk:
            raise Fault("error.fault.read_only_disk.db", path=str(self.path))
        if self.newer is not None:
            raise DatabaseProblem("error.db.newer", path=str(self.path), step=self.newer)
        if self.missing_table is not None:
            raise DatabaseProblem(
                "error.db.table_missing", path=str(self.path), table=self.missing_table
            )

    def _query(
        self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()
    ) -> list[dict[str, Any]]:
        """Rows as dicts."""
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    @staticmethod
    def _configure(conn: sqlite3.Connection, *, wal: bool = True) -> None:
        """The connection's pragmas (docs/security.md §4); without ``wal`` the journal
        mode is left as the file has it: switching writes the file's header."""
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if wal and mode != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA trusted_schema = OFF")
        # Temporary tables (the due list's working set) never touch the disk.
        conn.execute("PRAGMA temp_store = MEMORY")

    def close(self) -> None:
        self.conn.close()

    @contextlib.contextmanager
    def released(self) -> Iterator[None]:
        """The connection closed for a while and opened again after: a process forked
        meanwhile starts with none of this one's SQLite state (SQLite forbids carrying a
        connection across a fork; its lock bookkeeping is per process)."""
        if self.conn.in_transaction:
            raise RuntimeError("released() inside a transaction")
        self.conn.close()
        try:
            yield
        finally:
            conn = self._connect()
            self._configure(conn, wal=self._writable_schema())
            self.conn = conn
            self._db = None

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that must see one state of the file (a read transaction: in WAL mode,
        what was committed when the first of them ran), whatever is committed meanwhile."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    # --- transactions and audit ---------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, *, wait: bool = True) -> Iterator[None]:
        """One atomic write: BEGIN IMMEDIATE takes the write lock up front, so a
        concurrent writer waits (busy_timeout) instead of failing half-way. Without
        ``wait``, a lock another program holds fails at once (sqlite3.OperationalError):
        for a write that may be left undone, such as the kept state's (ledger/standing.py)."""
        if self.conn.in_transaction:
            yield
            return
        self.require_writable()
        if wait:
            self.conn.execute("BEGIN IMMEDIATE")
        else:
            self.conn.execute("PRAGMA busy_timeout = 0")
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            finally:
                self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                for keep in self.before_commit:
                    keep()
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
        finally:
            self._seal_pending = False

    @property
    def actor(self) -> str:
        """Who the audit log names for this store's changes."""
        if callable(self._actor):
            self._actor = self._actor()
        return self._actor

    def audit(
        self,
        action: str,
        table_name: str | None,
        record_id: int | None,
        fields: Sequence[str],
        note: str | None = None,
    ) -> None:
        """Append an audit row: what was done to which record and which fields, never
        the values. Must run inside the transaction of the change it records, after the
        change: the row carries the record's state as it now stands (store/records.py;
        after a bulk load, a seal of every record), and, with the audit key, its keyed
        hash (docs/security.md §10)."""
        if not self.conn.in_transaction:
            raise RuntimeError("audit() outside a transaction")
        key = self._writing_key()
        head = self._audit_head()
        prev_id, prev_hash = head if head else (0, audit.GENESIS)
        row: dict[str, Any] = {
            "id": prev_id + 1,
            "at": timestamp(),
            "actor": self.actor,
            "action": action,
            "table_name": table_name,
            "record_id": record_id,
            "fields": json.dumps(sorted(fields), ensure_ascii=False),
            "note": note,
            "key_id": audit.key_id(key) if key is not None else None,
        }
        sealed = records.sealed_states(self.conn) if self._seal_pending else None
        if sealed is not None:
            row["state"] = audit.seal_digest(sealed)
        else:
            row["state"] = records.state_of(self.conn, table_name, record_id)
        row["prev_hash"] = prev_hash
        row["hash"] = audit.row_hash(prev_hash, row)
        row["mac"] = audit.row_mac(key, row["hash"]) if key is not None else None
        self.conn.execute(
            "INSERT INTO audit (id, at, actor, action, table_name, record_id, fields, note,"
            " prev_hash, hash, state, key_id, mac) VALUES (:id, :at, :actor, :action,"
            " :table_name, :record_id, :fields, :note, :prev_hash, :hash, :state, :key_id,"
            " :mac)",
            row,
        )
        if sealed is not None:
            self.conn.executemany(
                "INSERT INTO audit_seal (audit_id, table_name, states) VALUES (?, ?, ?)",
                [(row["id"], table, packed) for table, packed in sealed.items()],
            )
            self._seal_pending = False
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('audit_head', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (f"{row['id']}:{row['hash']}",),
        )

    def _seal(
        self,
        action: str,
        table_name: str | None = None,
        fields: Sequence[str] = (),
        note: str | None = None,
    ) -> None:
        """An audit row that seals every record as it now stands (docs/security.md §10):
        the creation of the file, the data of a file from before the log stated records."""
        self._seal_pending = True
        self.audit(action, table_name, None, fields, note=note)

    def audit_key(self) -> bytes | None:
        """The key of the log's keyed hashes, asked once: derived from an encrypted
        file's key, or from a plain file's key file (``audit_secret``); None for a plain
        file without one. Never stored (domain/audit.py ``audit_key``)."""
        if self._audit_key is None:
            secret = self._key if self._key is not None else self._audit_secret()
            self._audit_key = (audit.audit_key(secret) if secret else None,)
        return self._audit_key[0]

    def _writing_key(self) -> bytes | None:
        """The audit key to write with. Once the log is keyed, a row without its key, or
        with another, is refused: no check could tell it from a forged one (only a copy
        being converted to a new key, ``_new_audit_key``, starts another). A plain file's
        unkeyed log is keyed only on purpose (``db key-audit``, docs/security.md §10): a
        key file set for another reason, an export say, leaves it unkeyed."""
        key = self.audit_key()
        last = self.conn.execute("SELECT key_id FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        if self._new_audit_key:
            return key
        if last is None or last[0] is None:
            return key if self.encrypted else None
        if key is None:
            raise YuesongError("error.audit.key_needed", variable=keys.KEY_FILE)
        if audit.key_id(key) != last[0]:
            raise DatabaseProblem("error.audit.other_key", variable=keys.KEY_FILE)
        return key

    def audit_head(self) -> tuple[int, str] | None:
        """The head of the audit log: its last row's number and hash (None: no row)."""
        return self._audit_head()

    def _audit_head(self) -> tuple[int, str] | None:
        found = self.conn.execute("SELECT value FROM settings WHERE key = 'audit_head'").fetchone()
        if not found:
            return None
        head_id, _, head_hash = found[0].partition(":")
        return int(head_id), head_hash

    # --- settings -----------------------------------------------------------------

    def settings(self) -> dict[str, str]:
        values = dict(DEFAULT_SETTINGS)
        values.update(
            {
                key: value
                for key, value in self.conn.execute("SELECT key, value FROM settings")
                if key in DEFAULT_SETTINGS
            }
        )
        return values

    def setting(self, key: str) -> str:
        return self.settings()[key]

    def set_settings(self, changes: Mapping[str, str]) -> None:
        unknown = [key for key in changes if key not in DEFAULT_SETTINGS]
        if unknown:
            raise InvalidInput(
                "error.setting.unknown", key=unknown[0], keys=", ".join(SETTING_KEYS)
            )
        with self.transaction():
            for key, value in changes.items():
                self.conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
            self.audit("update", "settings", None, list(changes))

    # --- checks several parts make ----------------------------------------------

    def _check_plan(self, plan: str | None) -> None:
        """Refuse a plan key that is not a plan (naming the plans there are)."""
        if plan and not self.conn.execute("SELECT 1 FROM plans WHERE key = ?", (plan,)).fetchone():
            known = ", ".join(r[0] for r in self.conn.execute("SELECT key FROM plans"))
            raise NotFound("error.plan.unknown", plan=plan, plans=known)

    def _keep_photo(self, photo: Photo) -> None:
        """Store a photo's kept copy under the SHA-256 of its bytes (once per content:
        a contact's, a document's scan, an education session's)."""
        self.conn.execute(
            "INSERT OR IGNORE INTO photos (sha256, media_type, size, data, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (photo.sha256, photo.media_type, len(photo.data), photo.data, timestamp()),
        )

    def _refuse_purged(self, person_id: int) -> None:
        """Refuse an entry in a file anonymised past its retention (docs/security.md
        §9): whoever comes back is registered anew, and a purged file's completeness is
        frozen as it was."""
        row = self.conn.execute(
            "SELECT case_no, purged_on FROM persons WHERE id = ?", (person_id,)
        ).fetchone()
        if row is not None and row[1]:
            raise Conflict("error.person.purged", case=row[0], day=row[1])

    def _check_person(self, person_id: int) -> None:
        """Refuse a person id that is not in the register."""
        if not self.conn.execute("SELECT 1 FROM persons WHERE id = ?", (person_id,)).fetchone():
            raise NotFound("error.person.not_found")


def migration_steps() -> Migrations:
    from yuesong_cli.store.migrations import migrations

    return migrations
