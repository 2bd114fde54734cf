"""docs/security.md, each requirement shown: private files, masking, the audit log and its
chain, connection settings, and a cron reader beside the officer's writes."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import re
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, fails, fingerprint, id_number, ok
from typer.testing import CliRunner

from yuesong_cli.cli.app import app
from yuesong_cli.messages import t
from yuesong_cli.store.db import Store

Run = Callable[..., InvokeResult]

AINA_ID = id_number(123, dt.date(1990, 1, 1))
YEGA_ID = id_number(124, dt.date(1985, 6, 15))
AINA_PHONE = "13812345678"
YEGA_PHONE = "15987654321"
HELPER_PHONE = "13987650000"


def mode_of(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The loosest umask; the officer's own is restored afterwards."""
    previous = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(previous)


def audit(db: Path) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM audit ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def register(yuesong: Run) -> None:
    """Two persons with phones, a helper with a phone, a team, a contact."""
    ok(
        yuesong(
            "person",
            "add",
            "--name",
            "艾那",
            "--id-number",
            AINA_ID,
            "--phone",
            AINA_PHONE,
            "--village",
            "岳宋村",
            "--since",
            "2026-01-10",
        )
    )
    ok(
        yuesong(
            "person",
            "add",
            "--name",
            "叶嘎",
            "--id-number",
            YEGA_ID,
            "--phone",
            YEGA_PHONE,
            "--village",
            "班箐村",
            "--since",
            "2026-02-01",
        )
    )
    ok(yuesong("helper", "add", "岩块", "--role", "police", "--phone", HELPER_PHONE))
    ok(yuesong("team", "assign", "1", "1", "--role", "police", "--on", "2026-02-01"))
    ok(
        yuesong(
            "log",
            "1",
            "visit",
            "talk",
            "--by",
            "1",
            "--on",
            "2026-11-20",
            "--place",
            "家中",
            "--note",
            "谈到工作",
        )
    )


# --- §1 files readable by the owner only -------------------------------------------------


def test_init_creates_the_database_0600_whatever_the_umask(
    runner: CliRunner, tmp_path: Path, open_umask: None
) -> None:
    path = tmp_path / "private.db"
    result = runner.invoke(app, ["--db", str(path), "init"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"已新建数据库 {path}（仅本人可读写）。\n"
    assert mode_of(path) == 0o600


def test_wal_and_shm_are_0600_whatever_the_umask(
    runner: CliRunner, tmp_path: Path, open_umask: None
) -> None:
    path = tmp_path / "private.db"
    assert runner.invoke(app, ["--db", str(path), "init"]).exit_code == 0
    os.umask(0o000)  # the CLI tightened the process umask; loosen it again
    store = Store(path)
    try:
        store.set_settings({"township": "岳宋乡"})  # a write, so the WAL holds a frame
        for suffix in ("", "-wal", "-shm"):
            assert Path(f"{path}{suffix}").exists(), suffix
            assert mode_of(f"{path}{suffix}") == 0o600, suffix
    finally:
        store.close()


def test_store_creates_private_files_without_the_cli(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "direct.db"
    store = Store(path, create=True)
    try:
        for suffix in ("", "-wal", "-shm"):
            assert mode_of(f"{path}{suffix}") == 0o600, suffix
    finally:
        store.close()


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660, 0o666])
def test_a_database_others_can_read_is_fails(
    yuesong: Run, db_path: Path, register: None, mode: int
) -> None:
    before = fingerprint(db_path)
    db_path.chmod(mode)
    try:
        line = fails(yuesong("person", "list"))
        assert line == t("error.db.permissions", path=str(db_path))
        assert f"chmod 600 {db_path}" in line
        assert mode_of(db_path) == mode  # refused, not silently changed
    finally:
        db_path.chmod(0o600)
    assert fingerprint(db_path) == before


def test_a_wal_file_others_can_read_is_fails(yuesong: Run, db_path: Path) -> None:
    wal = Path(f"{db_path}-wal")
    wal.touch(mode=0o644)
    wal.chmod(0o644)
    line = fails(yuesong("--lang", "en", "person", "list"))
    assert line == (
        f"{wal} can be read by other users and was refused; run 'chmod 600 {wal}' and try again."
    )


def test_the_error_log_is_private_and_holds_no_personal_data(
    yuesong: Run, register: None, monkeypatch: pytest.MonkeyPatch, open_umask: None
) -> None:
    secrets = (AINA_ID, "艾那", AINA_PHONE)

    def broken(*_args: object, **_kwargs: object) -> None:
        # The message carries personal data; the traceback's source line names only a variable.
        raise RuntimeError(" ".join(secrets))

    monkeypatch.setattr(Store, "list_persons", broken)
    line = fails(yuesong("person", "list"))
    match = re.fullmatch(
        r"发生意外错误，操作未完成，数据库未改动；详情已记录在 (.+)，请联系维护人员。", line
    )
    assert match, line
    for value in secrets:
        assert value not in line
    log = Path(match.group(1))
    assert mode_of(log) == 0o600
    assert mode_of(log.parent) == 0o700
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError" in text
    for value in secrets:
        assert value not in text


# --- §2 masking in every listing ---------------------------------------------------------


LISTINGS = [
    ("person", "list"),
    ("person", "list", "--as-of", "2026-06-01"),
    ("person", "find", "a"),
    ("person", "find", "YS-0001"),
    ("person", "show", "1"),
    ("person", "show", "2"),
    ("team", "show", "1"),
    ("helper", "list"),
]


@pytest.mark.parametrize("fmt", ["json", "csv", "plain", "table"])
def test_listings_never_show_a_full_id_number_or_phone(
    yuesong: Run, register: None, fmt: str
) -> None:
    for args in LISTINGS:
        for lang in ("zh", "en"):
            out = ok(yuesong("--lang", lang, *args, "--format", fmt))
            for value in (AINA_ID, YEGA_ID, AINA_PHONE, YEGA_PHONE, HELPER_PHONE, "艾那", "叶嘎"):
                assert value not in out, (args, fmt, value)
            if args[:2] == ("person", "list") and fmt != "table":  # table: cut to 80 columns
                assert "5308**********123X" in out and "138****5678" in out
                assert "艾*" in out


def test_json_listing_masks_in_every_row(yuesong: Run, register: None) -> None:
    rows = json.loads(ok(yuesong("person", "list", "--format", "json")))
    assert [(r["id_number"], r["phone"], r["name"]) for r in rows] == [
        ("5308**********123X", "138****5678", "艾*"),
        ("5308**********1241", "159****4321", "叶*"),
    ]


# --- §3 the audit log --------------------------------------------------------------------


def test_audit_rows_cannot_be_updated_or_deleted(
    yuesong: Run, db_path: Path, register: None
) -> None:
    before = fingerprint(db_path)
    conn = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="audit rows cannot be changed"):
            conn.execute("UPDATE audit SET note = 'tidied' WHERE id = 2")
        with pytest.raises(sqlite3.IntegrityError, match="audit rows cannot be changed"):
            conn.execute("UPDATE audit SET fields = '[]'")
        with pytest.raises(sqlite3.IntegrityError, match="audit rows cannot be deleted"):
            conn.execute("DELETE FROM audit WHERE id = (SELECT MAX(id) FROM audit)")
        with pytest.raises(sqlite3.IntegrityError, match="audit rows cannot be deleted"):
            conn.execute("DELETE FROM audit")
        conn.rollback()
    finally:
        conn.close()
    store = Store(db_path)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            store.conn.execute("UPDATE audit SET actor = 'someone' WHERE id = 1")
    finally:
        store.close()
    assert fingerprint(db_path) == before


def test_audit_rows_cannot_be_replaced(yuesong: Run, db_path: Path, register: None) -> None:
    conn = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT OR REPLACE INTO audit (id, at, actor, action, table_name, record_id,"
                " fields, note, prev_hash, hash) SELECT id, at, actor, 'forged', table_name,"
                " record_id, fields, note, prev_hash, hash FROM audit WHERE id = 2"
            )
        conn.rollback()
    finally:
        conn.close()


CHANGES: list[tuple[tuple[str, ...], str]] = [
    (("person", "add", "--name", "尼茸", "--id-number", id_number(125)), "persons"),
    (("person", "edit", "1", "--notes", "N3"), "persons"),
    (("person", "status", "1", "detained", "--on", "-2"), "status_history"),
    (("person", "show", "1", "--reveal", "--reason", "核对"), "persons"),
    (("helper", "add", "李专干", "--role", "officer"), "helpers"),
    (("team", "assign", "1", "1", "--role", "guardian"), "team_members"),
    (("log", "2", "meet", "--by", "1"), "contacts"),
    (("settings", "set", "township", "岳宋"), "settings"),
]


@pytest.mark.parametrize(
    ("args", "table"), CHANGES, ids=lambda v: "-".join(v[:2]) if isinstance(v, tuple) else v
)
def test_every_change_writes_audit_rows(
    yuesong: Run, db_path: Path, register: None, args: tuple[str, ...], table: str
) -> None:
    before = audit(db_path)
    ok(yuesong(*args))
    after = audit(db_path)
    added = after[len(before) :]
    assert after[: len(before)] == before
    assert len(added) >= 1
    assert table in {row["table_name"] for row in added}
    assert all(row["at"] == "2026-11-29T01:00:00Z" for row in added)
    assert ok(yuesong("db", "verify")).splitlines()[:3] == [
        "文件完整性: 正常",
        "外键关联: 正常",
        "审计日志链: 正常",
    ]


def test_init_writes_the_first_audit_row(yuesong: Run, db_path: Path) -> None:
    [row] = audit(db_path)
    assert (row["id"], row["action"], row["table_name"]) == (1, "init", "settings")
    assert row["prev_hash"] == "0" * 64


def test_the_audit_log_names_who_made_each_change(
    yuesong: Run, db_path: Path, register: None, tmp_path: Path
) -> None:
    """The command line names the user logged in; the store names whom its caller says."""
    assert {row["actor"] for row in audit(db_path)} == {getpass.getuser()}
    store = Store(tmp_path / "library.db", create=True, actor="县禁毒办")
    store.set_settings({"township": "测试乡"})
    store.close()
    assert {row["actor"] for row in audit(tmp_path / "library.db")} == {"县禁毒办"}


READS = [
    ("person", "list"),
    ("person", "find", "an"),
    ("person", "show", "1"),
    ("team", "show", "1"),
    ("helper", "list"),
    ("db", "verify"),
    ("db", "info"),
    ("settings", "show"),
    ("person", "edit", "1", "--village", "岳宋村"),
    ("team", "assign", "1", "1", "--role", "police"),
]


def test_reading_writes_nothing(yuesong: Run, db_path: Path, register: None) -> None:
    before = fingerprint(db_path)
    for args in READS:
        ok(yuesong(*args))
    assert fingerprint(db_path) == before


def test_the_audit_log_never_holds_the_values(yuesong: Run, db_path: Path, register: None) -> None:
    ok(yuesong("person", "edit", "2", "--phone", "13700001111", "--current-address", "班箐三组"))
    ok(yuesong("person", "edit", "2", "--id-number", id_number(126, dt.date(1986, 6, 15))))
    ok(yuesong("person", "show", "2", "--reveal", "--reason", "派出所要求"))
    ok(yuesong("log", "2", "urine", "--result", "positive", "--substance", "heroin"))
    text = json.dumps(audit(db_path), ensure_ascii=False)
    for value in (
        AINA_ID,
        YEGA_ID,
        id_number(126, dt.date(1986, 6, 15)),
        AINA_PHONE,
        YEGA_PHONE,
        HELPER_PHONE,
        "13700001111",
        "艾那",
        "叶嘎",
        "岩块",
        "岳宋村",
        "班箐三组",
        "谈到工作",
        "heroin",
    ):
        assert value not in text, value
    reveal = audit(db_path)[-2]
    assert (reveal["action"], reveal["record_id"], reveal["note"]) == ("reveal", 2, "派出所要求")
    # Every field the page shows unmasked is named, the alias and birth date too.
    assert json.loads(reveal["fields"]) == ["alias", "birth_date", "id_number", "name", "phone"]


@pytest.fixture
def audit_refused(db_path: Path) -> Iterator[None]:
    """From now on every audit insert fails: a change must then not land either."""
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit"
            " BEGIN SELECT RAISE(ABORT, 'audit refused by the test'); END"
        )
    conn.close()
    yield


@pytest.mark.parametrize(
    ("args", "table"), CHANGES, ids=lambda v: "-".join(v[:2]) if isinstance(v, tuple) else v
)
def test_a_change_and_its_audit_row_land_together(
    yuesong: Run,
    db_path: Path,
    register: None,
    audit_refused: None,
    args: tuple[str, ...],
    table: str,
) -> None:
    before = fingerprint(db_path)
    result = yuesong(*args)
    line = fails(result)
    assert line.startswith("发生意外错误，操作未完成，数据库未改动")
    assert AINA_ID not in result.stdout and "艾那" not in result.stdout
    assert fingerprint(db_path) == before


def test_a_photo_is_not_kept_when_its_contact_fails(
    yuesong: Run, db_path: Path, register: None, audit_refused: None, tmp_path: Path
) -> None:
    photo = tmp_path / "p.gif"
    photo.write_bytes(b"GIF89a" + b"\x00" * 32)
    before = fingerprint(db_path)
    fails(yuesong("log", "1", "meet", "--photo", str(photo)))
    assert fingerprint(db_path) == before


# --- §3 db verify ------------------------------------------------------------------------


def _without_guards(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    return conn


# What db verify says of the triggers _without_guards drops (docs/security.md §10).
GUARDS_DROPPED = [
    "  - 保护审计日志的触发器 audit_no_update 被删除",
    "  - 保护审计日志的触发器 audit_no_delete 被删除",
]


def test_verify_a_good_file(yuesong: Run, db_path: Path, register: None) -> None:
    result = yuesong("db", "verify")
    assert (result.exit_code, result.stderr) == (0, "")
    rows = audit(db_path)
    count, head = len(rows), rows[-1]["hash"][:12]
    assert result.stdout == (
        "文件完整性: 正常\n"
        "外键关联: 正常\n"
        "审计日志链: 正常\n"
        "数据与审计日志: 正常\n"
        "到期状态与记录: 正常\n"
        f"人员 2，状态记录 2，帮教人员 1，小组成员 1，接触 1，照片 0，审计 {count}。\n"
        f"审计头：{count} 条，{head}\n"
        f"{t('verify.unkeyed')}\n"
        "文件：未加密\n"
    )
    assert ok(yuesong("--lang", "en", "db", "verify")).splitlines()[:3] == [
        "File integrity: ok",
        "Foreign keys: ok",
        "Audit chain: ok",
    ]


def test_verify_finds_an_edited_row(yuesong: Run, db_path: Path, register: None) -> None:
    conn = _without_guards(db_path)
    with conn:
        conn.execute("UPDATE audit SET fields = '[\"village\"]' WHERE id = 3")
    conn.close()
    result = yuesong("db", "verify")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[2:6] == [
        "审计日志链: 发现 3 处问题",
        "  - 审计记录 #3 的内容被改动过",
        *GUARDS_DROPPED,
    ]
    assert result.stderr == t("verify.failed") + "\n"
    result = yuesong("--lang", "en", "db", "verify")
    assert "  - audit row #3 was altered after it was written" in result.stdout.splitlines()


def test_verify_finds_an_edit_whose_own_hash_was_recomputed(
    yuesong: Run, db_path: Path, register: None
) -> None:
    from yuesong_cli.domain.audit import row_hash

    conn = _without_guards(db_path)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("SELECT * FROM audit WHERE id = 4").fetchone())
    row["note"] = "nothing happened"
    with conn:
        conn.execute(
            "UPDATE audit SET note = ?, hash = ? WHERE id = 4",
            (row["note"], row_hash(row["prev_hash"], row)),
        )
    conn.close()
    result = yuesong("db", "verify")
    assert result.exit_code == 1
    assert "  - 审计记录 #5 与上一条接不上（前面有记录被删或被改）" in result.stdout.splitlines()


def test_verify_finds_a_row_cut_from_the_middle(
    yuesong: Run, db_path: Path, register: None
) -> None:
    conn = _without_guards(db_path)
    with conn:
        conn.execute("DELETE FROM audit WHERE id = 4")
    conn.close()
    result = yuesong("db", "verify")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "  - 审计记录 #5 之前缺号（有记录被删除）" in lines
    assert "  - 审计记录 #5 与上一条接不上（前面有记录被删或被改）" in lines
    assert result.stderr == t("verify.failed") + "\n"


def test_verify_finds_rows_cut_from_the_end(yuesong: Run, db_path: Path, register: None) -> None:
    conn = _without_guards(db_path)
    with conn:
        conn.execute("DELETE FROM audit WHERE id = (SELECT MAX(id) FROM audit)")
    conn.close()
    result = yuesong("db", "verify")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[2:6] == [
        "审计日志链: 发现 3 处问题",
        "  - 审计日志末尾与记录的链头不符（末尾有记录被删除或改动）",
        *GUARDS_DROPPED,
    ]
    # The last row was the contact logged: it is now a record no row explains.
    assert "  - contacts #1 没有审计记录（在工具外添加）" in lines


def test_verify_finds_a_lost_head(yuesong: Run, db_path: Path, register: None) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("DELETE FROM settings WHERE key = 'audit_head'")
    conn.close()
    result = yuesong("db", "verify")
    assert result.exit_code == 1
    assert "  - 审计日志的链头丢失" in result.stdout.splitlines()


# --- §4 connections ----------------------------------------------------------------------


def test_connection_pragmas(db_path: Path) -> None:
    store = Store(db_path)
    try:

        def pragma(name: str) -> Any:
            return store.conn.execute(f"PRAGMA {name}").fetchone()[0]

        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000
        assert pragma("trusted_schema") == 0
    finally:
        store.close()


def test_foreign_keys_are_enforced(db_path: Path) -> None:
    store = Store(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute(
                "INSERT INTO status_history (person_id, status, since, entered_at)"
                " VALUES (42, 'detained', '2026-11-01', '2026-11-29T01:00:00Z')"
            )
    finally:
        store.close()


def test_a_cron_reader_does_not_block_the_officer(
    yuesong: Run, db_path: Path, register: None
) -> None:
    reader = sqlite3.connect(db_path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT COUNT(*) FROM persons").fetchone() == (2,)
        started = time.monotonic()
        result = yuesong("person", "add", "--name", "尼茸", "--id-number", id_number(125))
        assert (result.exit_code, result.stdout, result.stderr) == (0, "YS-0003\n", "")
        ok(yuesong("log", "1", "meet"))
        assert time.monotonic() - started < 2
        # The reader keeps its consistent snapshot, then sees the new rows.
        assert reader.execute("SELECT COUNT(*) FROM persons").fetchone() == (2,)
        reader.execute("COMMIT")
        assert reader.execute("SELECT COUNT(*) FROM persons").fetchone() == (3,)
    finally:
        reader.close()
    assert ok(yuesong("db", "verify")).splitlines()[2] == "审计日志链: 正常"


def test_a_brief_lock_makes_the_officer_wait_not_fail(
    yuesong: Run, db_path: Path, register: None
) -> None:
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another writer, e.g. a backup job, for a moment
    release = threading.Timer(0.4, lambda: other.execute("COMMIT"))
    release.start()
    try:
        result = yuesong("log", "2", "talk", "--mode", "phone")
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("已记录接触 #2：YS-0002 2026-11-29 谈话（电话）")
    finally:
        release.join()
        other.close()


def test_a_cron_listing_is_not_blocked_by_an_open_write(
    yuesong: Run, db_path: Path, register: None
) -> None:
    writer = sqlite3.connect(db_path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE persons SET grid = 'G9' WHERE id = 1")  # not committed
        started = time.monotonic()
        rows = json.loads(ok(yuesong("person", "list", "--format", "json")))
        assert time.monotonic() - started < 2
        assert [r["grid"] for r in rows] == [None, None]  # only committed data is seen
        writer.execute("ROLLBACK")
    finally:
        writer.close()
