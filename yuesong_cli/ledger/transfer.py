"""The package a person's file travels in between townships (docs/domain.md "Transfers",
docs/security.md §11): one SQLCipher file encrypted with a passphrase the two officers
share, holding every row of the file and what it is (format, version, from and to);
its SHA-256 names it in both registers."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

from yuesong_cli import __version__
from yuesong_cli.errors import InvalidInput, YuesongError
from yuesong_cli.store.base import connect
from yuesong_cli.store.db import Store
from yuesong_cli.store.transfers import PACKAGE_TABLES, Table
from yuesong_cli.system.files import private_folder

FORMAT = "yuesong-transfer/1"


class Package(NamedTuple):
    """A package as read: what it says of itself, its tables, and its hash."""

    meta: dict[str, Any]
    tables: dict[str, Table]
    sha256: str


def package_bytes(
    store: Store,
    person_id: int,
    to_township: str,
    passphrase: str,
    today: dt.date,
    moved_on: dt.date,
) -> bytes:
    """The package of the person's whole file, encrypted under ``passphrase``; the day
    they moved (``moved_on``) ends their team there."""
    tables = store.package_rows(person_id)
    meta = {
        "format": FORMAT,
        "version": __version__,
        "from_township": store.setting("township"),
        "from_code": store.setting("township_code"),
        "to_township": to_township,
        "made_on": today.isoformat(),
        "moved_on": moved_on.isoformat(),
        "counts": json.dumps({table: len(rows) for table, (_, rows) in tables.items()}),
    }
    with tempfile.TemporaryDirectory(prefix="yuesong-transfer-") as folder:
        private_folder(Path(folder))
        path = Path(folder) / "package.db"
        conn = connect(path, passphrase)
        try:
            conn.execute("CREATE TABLE package (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.executemany("INSERT INTO package VALUES (?, ?)", list(meta.items()))
            for table in PACKAGE_TABLES:
                columns, rows = tables[table]
                names = ", ".join(f'"{column}"' for column in columns)
                conn.execute(f"CREATE TABLE {table} ({names})")
                marks = ", ".join("?" for _ in columns)
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            conn.commit()
        finally:
            conn.close()
        return path.read_bytes()


def read_package(data: bytes, passphrase: str) -> Package:
    """A package's contents, checked: the passphrase opens it (SQLCipher checks every
    page against tampering), it is a package of this version with the person's tables.
    InvalidInput in one line otherwise."""
    sha256 = hashlib.sha256(data).hexdigest()
    with tempfile.TemporaryDirectory(prefix="yuesong-transfer-") as folder:
        private_folder(Path(folder))
        path = Path(folder) / "package.db"
        path.write_bytes(data)
        path.chmod(0o600)
        try:
            conn = connect(path, passphrase)
        except YuesongError as exc:
            raise InvalidInput("error.transfer.key") from exc
        try:
            # Every page against its HMAC, not only those the tables below are read from:
            # a byte changed on the way anywhere refuses the package (security.md §11).
            if conn.execute("PRAGMA cipher_integrity_check").fetchall():
                raise InvalidInput("error.transfer.format")
            if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise InvalidInput("error.transfer.format")
            meta = dict(conn.execute("SELECT key, value FROM package").fetchall())
            if meta.get("format") != FORMAT:
                raise InvalidInput("error.transfer.format")
            if meta.get("version") != __version__:
                raise InvalidInput(
                    "error.transfer.version", found=meta.get("version"), version=__version__
                )
            tables: dict[str, Table] = {}
            for table in PACKAGE_TABLES:
                cursor = conn.execute(f"SELECT * FROM {table}")
                tables[table] = (
                    [column[0] for column in cursor.description],
                    [tuple(row) for row in cursor],
                )
        except sqlite3.DatabaseError as exc:
            raise InvalidInput("error.transfer.format") from exc
        finally:
            conn.close()
    if len(tables["persons"][1]) != 1:
        raise InvalidInput("error.transfer.format")
    return Package(meta, tables, sha256)
