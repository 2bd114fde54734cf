"""An audit log a database editor cannot forge (docs/security.md §10): every tamper issue 12
lists, made with sqlite3 as an editor with the file (and without the key) would, is found
by `db verify`, which names the table and record and nothing personal; the keyed hashes,
the records' states, the head noted on paper (`--expect`); and a keyed log takes no row
written without its key."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import InvokeResult, build_ledger, cli, copy_ledger, fails, fingerprint, id_number, ok

from yuesong_cli.domain.audit import row_hash
from yuesong_cli.messages import t
from yuesong_cli.store import records
from yuesong_cli.store.db import Store
from yuesong_cli.store.records import NOT_RECORDS, RECORD_TABLES, WHOLE_TABLES
from yuesong_cli.system import keys

Run = Callable[..., InvokeResult]
ROOT = Path(__file__).resolve().parent.parent
OLD_LEDGER = ROOT / "tests" / "data" / "ledger-m009.db"

AINA_ID = id_number(123, dt.date(1990, 1, 1))
YEGA_ID = id_number(124, dt.date(1985, 6, 15))
AINA_PHONE = "13812345678"
HELPER_PHONE = "13987650000"
PERSONAL = (AINA_ID, YEGA_ID, AINA_PHONE, HELPER_PHONE, "艾那", "叶嘎", "岩块", "家中")
KEY = "x'" + "5a" * 32 + "'"
OTHER_KEY = "x'" + "a5" * 32 + "'"


def write_key(folder: Path, key: str, name: str = "audit.key") -> Path:
    path = folder / name
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def steps(run: Run) -> None:
    """Two persons, a helper on a team, contacts, a breach: a log a row a change."""
    ok(run("person", "add", "--name", "艾那", "--id-number", AINA_ID, "--phone", AINA_PHONE,
           "--since", "2026-01-10"))  # fmt: skip
    ok(run("person", "add", "--name", "叶嘎", "--id-number", YEGA_ID, "--since", "2026-02-01"))
    ok(run("helper", "add", "岩块", "--role", "police", "--phone", HELPER_PHONE))
    ok(run("team", "assign", "1", "1", "--role", "police", "--on", "2026-02-01"))
    ok(run("log", "1", "visit", "talk", "--by", "1", "--on", "2026-11-20", "--place", "家中"))
    ok(run("breach", "add", "2", "other", "--on", "2026-11-02", "--note", "未按时报到"))
    ok(run("log", "2", "meet", "--on", "2026-11-21"))


def keyed_steps(run: Run) -> None:
    """The log keyed on purpose first (``db key-audit``, row 2), then ``steps``."""
    ok(run("db", "key-audit", "--reason", "开始签名"))
    steps(run)


@pytest.fixture(scope="module")
def unkeyed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unkeyed")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(keys.KEY_FILE, raising=False)
        return build_ledger(folder / "ledger.db", steps)


@pytest.fixture(scope="module")
def keyed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keyed")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(keys.KEY_FILE, str(write_key(folder, KEY)))
        return build_ledger(folder / "ledger.db", keyed_steps)


@dataclass
class Ledger:
    path: Path
    run: Run
    keyed: bool


@pytest.fixture(params=["unkeyed", "keyed"])
def ledger(
    request: pytest.FixtureRequest,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    unkeyed_template: Path,
    keyed_template: Path,
) -> Ledger:
    """The ledger of ``steps``, a plain file whose log is keyed with a key file (KEY) or
    not keyed at all (no key file)."""
    keyed = request.param == "keyed"
    copy_ledger(keyed_template if keyed else unkeyed_template, db_path)
    if keyed:
        monkeypatch.setenv(keys.KEY_FILE, str(write_key(tmp_path, KEY)))
    else:
        monkeypatch.delenv(keys.KEY_FILE, raising=False)
    return Ledger(db_path, cli(db_path), keyed)


@pytest.fixture
def keyed(ledger: Ledger) -> Ledger:
    if not ledger.keyed:
        pytest.skip("keyed log only")
    return ledger


# --- the editor's tools --------------------------------------------------------------------


def edit(db: Path, *statements: str, guards: bool = False, put_back: bool = True) -> None:
    """Run SQL on the file as the sqlite3 shell would; with ``guards``, first drop the
    triggers that keep the log append-only (any editor can) and, unless ``put_back`` is
    false, create them again after, as a careful editor would."""
    conn = sqlite3.connect(db)
    try:
        dropped = []
        if guards:
            dropped = conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit%'"
            ).fetchall()
            for name, _ in dropped:
                conn.execute(f"DROP TRIGGER {name}")
        for statement in statements:
            conn.execute(statement)
        if put_back:
            for _, sql in dropped:
                conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def rechain(db: Path, start: int, *, strip_keys: bool = False) -> None:
    """Recompute the plain SHA-256 chain from row ``start`` on, and the head, as an
    editor who knows the hash but not the key would (with ``strip_keys``, also dropping
    every keyed hash, so that the log looks never keyed)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    guards = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit%'"
    ).fetchall()
    for name, _ in guards:
        conn.execute(f"DROP TRIGGER {name}")
    try:
        if strip_keys:
            conn.execute("UPDATE audit SET key_id = NULL, mac = NULL")
            start = 1
        rows = [dict(r) for r in conn.execute("SELECT * FROM audit ORDER BY id")]
        prev = rows[start - 2]["hash"] if start > 1 else "0" * 64
        for row in rows[start - 1 :]:
            row["prev_hash"] = prev
            row["hash"] = row_hash(prev, row)
            conn.execute(
                "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?",
                (row["prev_hash"], row["hash"], row["id"]),
            )
            prev = row["hash"]
        conn.execute(
            "UPDATE settings SET value = ? WHERE key = 'audit_head'", (f"{rows[-1]['id']}:{prev}",)
        )
        for _, sql in guards:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def last_audit(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM audit ORDER BY id DESC LIMIT 1").fetchone())
    finally:
        conn.close()


def verify(ledger: Ledger, *args: str) -> InvokeResult:
    return ledger.run("db", "verify", *args)


def problems(result: InvokeResult) -> list[str]:
    return [line[4:] for line in result.stdout.splitlines() if line.startswith("  - ")]


def noted_head(result: InvokeResult) -> str:
    """The head as the officer copies it from `db verify`: COUNT:HASH."""
    found = re.search(r"审计头：(\d+) 条，([0-9a-f]{12})", result.stdout)
    assert found, result.stdout
    return f"{found[1]}:{found[2]}"


def failed(result: InvokeResult) -> list[str]:
    """What a failing verify lists, after checking it failed the way verify fails."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stderr == t("verify.failed") + "\n"
    for value in PERSONAL:
        assert value not in result.stdout, value
    return problems(result)


# --- a sound file ----------------------------------------------------------------------------


def test_a_sound_file_says_ok_with_its_head_and_keys(ledger: Ledger) -> None:
    result = verify(ledger)
    lines = ok(result).splitlines()
    assert lines[3] == "数据与审计日志: 正常"
    count, head = noted_head(result).split(":")
    assert head == str(last_audit(ledger.path)["hash"])[:12]
    assert int(count) == last_audit(ledger.path)["id"]
    if ledger.keyed:
        assert lines[-2] == t("verify.keyed", first=2)
    else:
        assert lines[-2] == t("verify.unkeyed")
    assert lines[-1] == t("verify.plain")


# --- the tampers of issue 12 -------------------------------------------------------------------


def test_a_wiped_log_is_found(ledger: Ledger) -> None:
    """Drop the guard triggers, delete from audit, remove the head: once "0 audit rows, ok"."""
    edit(
        ledger.path,
        "DELETE FROM audit",
        "DELETE FROM settings WHERE key = 'audit_head'",
        guards=True,
        put_back=False,
    )
    result = verify(ledger)
    found = failed(result)
    assert t("verify.audit.empty") in found
    assert t("verify.audit.guard_missing", id="audit_no_delete") in found
    assert t("verify.records.unexplained", table="persons", id=1) in found
    assert t("verify.records.unexplained", table="contacts", id=2) in found
    assert t("verify.head_none") in result.stdout.splitlines()


def test_a_wiped_log_and_its_seals_are_found(ledger: Ledger) -> None:
    edit(
        ledger.path,
        "DELETE FROM audit_seal",
        "DELETE FROM audit",
        "DELETE FROM settings WHERE key = 'audit_head'",
        guards=True,
    )
    found = failed(verify(ledger))
    assert t("verify.audit.empty") in found
    assert t("verify.records.unexplained.table", table="settings", id=0) in found
    assert t("verify.records.unexplained", table="helpers", id=1) in found


def test_the_last_row_cut_and_the_head_moved_back_is_found(ledger: Ledger) -> None:
    """The last row logged contact 2; without it nothing explains that contact."""
    edit(
        ledger.path,
        "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)",
        "UPDATE settings SET value = (SELECT id || ':' || hash FROM audit"
        " ORDER BY id DESC LIMIT 1) WHERE key = 'audit_head'",
        guards=True,
    )
    found = failed(verify(ledger))
    assert t("verify.records.unexplained", table="contacts", id=2) in found
    assert t("verify.audit.head_mismatch") not in found  # the head was moved back with it


def test_a_cut_row_that_changed_nothing_is_found_by_the_head_on_paper(ledger: Ledger) -> None:
    """A reveal changes no record: cut with the head moved back, the file alone cannot
    tell (the file is what an earlier copy would be); the head noted on paper can."""
    ok(ledger.run("person", "show", "1", "--reveal", "--reason", "派出所核对"))
    noted = noted_head(ok_verify(ledger))
    edit(
        ledger.path,
        "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)",
        "UPDATE settings SET value = (SELECT id || ':' || hash FROM audit"
        " ORDER BY id DESC LIMIT 1) WHERE key = 'audit_head'",
        guards=True,
    )
    assert verify(ledger).exit_code == 0
    result = verify(ledger, "--expect", noted)
    count, digits = noted.split(":")
    assert fails_after_output(result) == t("verify.expect.failed", count=count, hash=digits)


def ok_verify(ledger: Ledger) -> InvokeResult:
    result = verify(ledger)
    ok(result)
    return result


def fails_after_output(result: InvokeResult) -> str:
    """The one stderr line of a verify that printed its report and exited 1."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr.rstrip("\n")


def test_an_edited_row_with_its_chain_recomputed(ledger: Ledger) -> None:
    """An editor changes a row and recomputes the plain SHA-256 chain and the head: a
    keyed log finds every row recomputed; an unkeyed one cannot (verify says it is not
    keyed), but the head on paper no longer matches."""
    noted = noted_head(ok_verify(ledger))
    edit(ledger.path, "UPDATE audit SET note = 'nothing' WHERE id = 3", guards=True)
    rechain(ledger.path, 3)
    result = verify(ledger)
    if ledger.keyed:
        found = failed(result)
        last = int(str(last_audit(ledger.path)["id"]))
        assert [t("verify.audit.forged", id=n) for n in range(3, last + 1)] == [
            p for p in found if "签名" in p
        ]
    else:
        assert t("verify.unkeyed") in ok(result).splitlines()
        assert verify(ledger, "--expect", noted).exit_code == 1


def test_a_log_stripped_of_its_keys_and_rechained(keyed: Ledger) -> None:
    """Keyed hashes dropped from every row and the chain recomputed: the log reads as
    never keyed, which verify says with the key given; the head on paper does not match."""
    noted = noted_head(ok_verify(keyed))
    edit(keyed.path, "UPDATE audit SET note = 'nothing' WHERE id = 4", guards=True)
    rechain(keyed.path, 1, strip_keys=True)
    result = verify(keyed)
    assert t("verify.pending") in result.stdout.splitlines()
    assert fails_after_output(verify(keyed, "--expect", noted)).startswith("审计日志与记下的审计头")


@pytest.mark.parametrize(
    ("statement", "table", "record"),
    [
        (f"UPDATE persons SET id_number = '{id_number(125)}' WHERE id = 1", "persons", 1),
        ("UPDATE persons SET phone = '13900000000' WHERE id = 1", "persons", 1),
        ("UPDATE helpers SET phone = NULL WHERE id = 1", "helpers", 1),
        ("UPDATE contacts SET happened_on = '2026-11-19' WHERE id = 1", "contacts", 1),
        ("UPDATE contacts SET kind_mask = 31 WHERE id = 2", "contacts", 2),
        ("INSERT INTO contact_kinds (contact_id, kind) VALUES (2, 'urine')", "contacts", 2),
        ("DELETE FROM contact_helpers WHERE contact_id = 1", "contacts", 1),
        ("UPDATE status_history SET since = '2026-01-01' WHERE id = 1", "status_history", 1),
        ("UPDATE team_members SET until = '2026-06-30' WHERE id = 1", "team_members", 1),
        ("UPDATE breaches SET note = NULL WHERE id = 1", "breaches", 1),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None,
)
def test_a_record_changed_directly_is_found(
    ledger: Ledger, statement: str, table: str, record: int
) -> None:
    edit(ledger.path, statement)
    assert failed(verify(ledger)) == [t("verify.records.changed", table=table, id=record)]


def test_a_setting_or_a_rule_changed_directly_is_found(ledger: Ledger) -> None:
    edit(
        ledger.path,
        "UPDATE settings SET value = 'XX' WHERE key = 'case_prefix'",
        "UPDATE plan_rules SET every_days = NULL WHERE rule = 'meet'",
        "UPDATE plan_rules SET kinds = 'meet,talk' WHERE rule = 'meet'",
    )
    assert failed(verify(ledger)) == [
        t("verify.records.changed.table", table="settings", id=0),
        t("verify.records.changed.table", table="plan_rules", id=0),
    ]


def test_a_contact_inserted_without_an_audit_row_is_found(ledger: Ledger) -> None:
    edit(
        ledger.path,
        "INSERT INTO contacts (id, person_id, happened_on, entered_at, mode)"
        " VALUES (9, 1, '2026-11-25', '2026-11-25T01:00:00Z', 'in_person')",
        "INSERT INTO contact_kinds (contact_id, kind) VALUES (9, 'meet')",
    )
    assert failed(verify(ledger)) == [t("verify.records.unexplained", table="contacts", id=9)]


def test_a_person_or_contact_deleted_directly_is_found(ledger: Ledger) -> None:
    edit(
        ledger.path,
        "DELETE FROM contact_kinds WHERE contact_id = 2",
        "DELETE FROM contacts WHERE id = 2",
        "DELETE FROM breaches WHERE id = 1",
    )
    assert failed(verify(ledger)) == [
        t("verify.records.missing", table="breaches", id=1),
        t("verify.records.missing", table="contacts", id=2),
    ]


def test_a_forged_row_explaining_an_insert(ledger: Ledger) -> None:
    """An editor inserts a contact and appends a row with its true state, the chain and
    head made right: without the key the row has no keyed hash (or a made-up one), which
    a keyed log finds; an unkeyed log cannot, and says it is not keyed."""
    from yuesong_cli.store.records import state_of

    noted = noted_head(ok_verify(ledger))
    edit(
        ledger.path,
        "INSERT INTO contacts (id, person_id, happened_on, entered_at, mode)"
        " VALUES (9, 1, '2026-11-25', '2026-11-25T01:00:00Z', 'in_person')",
        "INSERT INTO contact_kinds (contact_id, kind) VALUES (9, 'meet')",
    )
    conn = sqlite3.connect(ledger.path)
    conn.row_factory = sqlite3.Row
    last = dict(conn.execute("SELECT * FROM audit ORDER BY id DESC LIMIT 1").fetchone())
    row = {
        **last,
        "id": last["id"] + 1,
        "action": "insert",
        "table_name": "contacts",
        "record_id": 9,
        "fields": '["happened_on", "kinds", "mode", "person_id"]',
        "note": None,
        "state": state_of(conn, "contacts", 9),
        "prev_hash": last["hash"],
        "mac": "0" * 64 if last["key_id"] else None,
    }
    row["hash"] = row_hash(row["prev_hash"], row)
    conn.execute(
        f"INSERT INTO audit ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
        list(row.values()),
    )
    conn.execute("UPDATE settings SET value = ? WHERE key = 'audit_head'",
                 (f"{row['id']}:{row['hash']}",))  # fmt: skip
    conn.commit()
    conn.close()
    result = verify(ledger)
    if ledger.keyed:
        assert failed(result) == [t("verify.audit.forged", id=row["id"])]
    else:
        assert t("verify.unkeyed") in ok(result).splitlines()
        assert verify(ledger, "--expect", noted).exit_code == 0  # a continuation
        assert verify(ledger, "--expect", f"{row['id']}:{'0' * 12}").exit_code == 1


def test_a_row_without_a_keyed_hash_after_keyed_rows(keyed: Ledger) -> None:
    last = last_audit(keyed.path)
    edit(keyed.path, f"UPDATE audit SET key_id = NULL, mac = NULL WHERE id = {last['id']}",
         guards=True)  # fmt: skip
    rechain(keyed.path, int(str(last["id"])))
    assert t("verify.audit.unkeyed", id=last["id"]) in failed(verify(keyed))


def test_a_sealed_state_altered_is_found(ledger: Ledger) -> None:
    """Row 1 (init) seals the settings, plans and rules the new file held."""
    edit(
        ledger.path,
        "UPDATE audit_seal SET states = zeroblob(24) WHERE audit_id = 1 AND table_name = 'plans'",
        guards=True,
    )
    found = failed(verify(ledger))
    assert t("verify.audit.seal_altered", id=1) in found


def test_a_photo_replaced_is_found(ledger: Ledger, tmp_path: Path) -> None:
    from PIL import Image

    photo = tmp_path / "p.png"
    Image.new("RGB", (40, 30), (90, 140, 60)).save(photo, "PNG")
    ok(ledger.run("log", "1", "meet", "--photo", str(photo)))
    edit(ledger.path, "UPDATE photos SET data = x'00'")
    (name,) = sqlite3.connect(ledger.path).execute("SELECT sha256 FROM photos").fetchone()
    assert failed(verify(ledger)) == [t("verify.records.changed", table="photos", id=name[:12])]


# --- the head noted on paper ------------------------------------------------------------------


def test_the_head_noted_is_checked_and_still_holds_as_the_log_grows(ledger: Ledger) -> None:
    noted = noted_head(ok_verify(ledger))
    count = noted.split(":")[0]
    assert t("verify.expect.ok", count=count) in ok(verify(ledger, "--expect", noted)).splitlines()
    ok(ledger.run("log", "1", "meet", "--on", "2026-11-27"))
    assert t("verify.expect.ok", count=count) in ok(verify(ledger, "--expect", noted)).splitlines()
    # The whole hash, or any part of 12 digits or more, upper or lower case.
    full = str(sqlite3.connect(ledger.path).execute(
        f"SELECT hash FROM audit WHERE id = {count}").fetchone()[0])  # fmt: skip
    ok(verify(ledger, "--expect", f"{count}:{full.upper()}"))


@pytest.mark.parametrize("noted", ["7:0123456789ab", "999:0123456789ab"])
def test_a_head_that_does_not_match_is_one_line_and_exit_1(ledger: Ledger, noted: str) -> None:
    before = fingerprint(ledger.path)
    result = ledger.run("--lang", "en", "db", "verify", "--expect", noted)
    count, digits = noted.split(":")
    assert fails_after_output(result) == t("verify.expect.failed", "en", count=count, hash=digits)
    assert fingerprint(ledger.path) == before


@pytest.mark.parametrize("typed", ["7", "7:", "x:0123456789ab", "0:0123456789ab", "7:0123456789a",
                                   "7:0123456789az", "-1:0123456789ab"])  # fmt: skip
def test_a_head_not_written_count_colon_hash_is_a_usage_error(ledger: Ledger, typed: str) -> None:
    line = fails(verify(ledger, "--expect", typed), code=2)
    assert t("usage.expect") in line


# --- a keyed log needs its key ----------------------------------------------------------------


def test_a_keyed_log_takes_no_row_without_its_key(
    keyed: Ledger, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = fingerprint(keyed.path)
    monkeypatch.delenv(keys.KEY_FILE)
    # Reading needs no key; verify says the keyed hashes were not checked.
    ok(keyed.run("person", "list"))
    assert t("verify.no_key") in ok(verify(keyed)).splitlines()
    line = fails(keyed.run("log", "1", "meet"))
    assert line == t("error.audit.key_needed", variable=keys.KEY_FILE)
    target = tmp_path / "copy.db"
    assert fails(keyed.run("db", "backup", str(target))) == line
    assert not target.exists()
    monkeypatch.setenv(keys.KEY_FILE, str(write_key(tmp_path, OTHER_KEY, "other.key")))
    line = fails(keyed.run("log", "1", "meet"))
    assert line == t("error.audit.other_key", variable=keys.KEY_FILE)
    assert t("verify.audit.wrong_key") in failed(verify(keyed))
    assert fingerprint(keyed.path) == before


def test_an_unkeyed_log_is_keyed_only_by_key_audit(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A key file set for a write or an export keys nothing; ``db key-audit`` keys the
    log from its own row, noting the reason, and says the key file must be kept."""
    if ledger.keyed:
        pytest.skip("unkeyed log only")
    monkeypatch.setenv(keys.KEY_FILE, str(write_key(tmp_path, KEY)))
    assert t("verify.pending") in ok(verify(ledger)).splitlines()
    assert "key-audit" in t("verify.pending")
    ok(ledger.run("log", "1", "meet"))
    assert ledger.run("person", "list", "--export", str(tmp_path / "p.csv")).exit_code == 0
    assert last_audit(ledger.path)["key_id"] is None
    assert t("verify.pending") in ok(verify(ledger)).splitlines()
    assert fails(ledger.run("db", "key-audit", "--reason", " "), code=2) == t(
        "usage.key_audit_reason"
    )
    line = ok(ledger.run("db", "key-audit", "--reason", "开始签名")).strip()
    row = last_audit(ledger.path)
    assert (row["action"], row["note"]) == ("key_audit", "开始签名")
    assert row["key_id"] is not None
    assert line == t("key_audit.done", first=row["id"])
    assert t("verify.keyed", first=row["id"]) in ok(verify(ledger)).splitlines()
    # Keyed now: a change without the key is refused, and a second key-audit only records.
    assert ok(ledger.run("db", "key-audit", "--reason", "再记一次")).strip() == t(
        "key_audit.already", first=row["id"]
    )
    monkeypatch.delenv(keys.KEY_FILE)
    assert fails(ledger.run("log", "1", "meet")) == t(
        "error.audit.key_needed", variable=keys.KEY_FILE
    )
    assert fails(ledger.run("db", "key-audit", "--reason", "x")) == t(
        "error.key_audit.no_key_file", variable=keys.KEY_FILE
    )


def test_a_log_that_fails_verify_is_not_keyed(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if ledger.keyed:
        pytest.skip("unkeyed log only")
    monkeypatch.setenv(keys.KEY_FILE, str(write_key(tmp_path, KEY)))
    edit(ledger.path, "UPDATE persons SET phone = '13900000000' WHERE id = 1")
    before = fingerprint(ledger.path)
    line = fails(ledger.run("db", "key-audit", "--reason", "开始签名"))
    assert line == t("error.convert.unverified", path=str(ledger.path))
    assert fingerprint(ledger.path) == before


def strip_and_forge(db: Path) -> None:
    """The strip attack: every keyed hash dropped, a phone changed, a forged row
    explaining it, the plain chain and head recomputed, the guards put back."""
    edit(db, "UPDATE persons SET phone = '13900000000' WHERE id = 1", guards=True)
    conn = sqlite3.connect(db)
    last = conn.execute("SELECT * FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    conn.close()
    store = Store(db)  # the record's new state, as the editor can compute it too
    new_state = records.state_of(store.conn, "persons", 1)
    store.close()
    edit(
        db,
        "INSERT INTO audit (id, at, actor, action, table_name, record_id, fields, note,"
        " prev_hash, hash, state) VALUES"
        f" ({last[0] + 1}, '2026-11-29T08:00:00Z', 'officer', 'update', 'persons', 1,"
        f" '[\"phone\"]', NULL, '', '', '{new_state}')",
        guards=True,
    )
    rechain(db, 1, strip_keys=True)


def test_the_strip_attack_is_found_with_the_key_holders_record(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Keyed on purpose (so recorded in the officer's state folder), then stripped of
    every keyed hash, a phone changed and a row forged for it, rechained: verify with
    the key file says the keyed rows were removed, and a change is not keyed over it."""
    if ledger.keyed:
        pytest.skip("keyed here on purpose")
    monkeypatch.setenv(keys.KEY_FILE, str(write_key(tmp_path, KEY)))
    ok(ledger.run("db", "key-audit", "--reason", "开始签名"))
    ok(ledger.run("log", "1", "meet"))
    strip_and_forge(ledger.path)
    found = failed(verify(ledger))
    assert found == [t("verify.audit.keys_removed")]
    # Without the record (another account), it reads as never keyed: a warning naming
    # key-audit, which the officer must read as the alarm it is.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "elsewhere"))
    assert t("verify.pending") in ok(verify(ledger)).splitlines()


def test_a_lost_key_file_is_recovered_with_a_new_key(
    keyed: Ledger, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The key file lost: every change is refused; ``db key-audit --new`` keys the log
    with a new one (after a warning, with the reason), verify then says it was re-keyed
    there, and with the old key says the later rows carry another key, no restore."""
    monkeypatch.setenv(keys.KEY_FILE, str(write_key(tmp_path, OTHER_KEY, "new.key")))
    assert fails(keyed.run("log", "1", "meet")) == t(
        "error.audit.other_key", variable=keys.KEY_FILE
    )
    assert fails(keyed.run("db", "key-audit", "--reason", "x")) == t(
        "error.key_audit.other_key", variable=keys.KEY_FILE
    )
    result = keyed.run("db", "key-audit", "--new", "--reason", "密钥文件遗失")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == t("key_audit.new_warning")
    row = last_audit(keyed.path)
    assert (row["action"], row["note"]) == ("key_audit_new", "密钥文件遗失")
    assert result.stdout.strip() == t("key_audit.done", first=row["id"])
    assert t("verify.rekeyed", first=row["id"]) in ok(verify(keyed)).splitlines()
    ok(keyed.run("log", "1", "meet"))
    assert fails(keyed.run("db", "key-audit", "--new", "--reason", "x")) == t(
        "error.key_audit.same_key", first=row["id"]
    )
    # The old key (found again) reads the re-keying as one, not as tampering.
    monkeypatch.setenv(keys.KEY_FILE, str(write_key(tmp_path, KEY)))
    result = verify(keyed)
    assert problems(result) == [t("verify.audit.rekeyed_other", id=row["id"])]
    assert result.stderr.strip() == t("verify.failed.key")
    assert "恢复" not in result.stderr + t("verify.audit.rekeyed_other", id=row["id"])


def test_an_encrypted_file_needs_no_key_audit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.KEY_FILE, str(write_key(tmp_path, KEY)))
    path = tmp_path / "secret.db"
    run = cli(path)
    ok(run("init", "--encrypt"))
    assert fails(run("db", "key-audit", "--reason", "x")) == t(
        "error.key_audit.encrypted", path=str(path)
    )


# --- every write explains itself -------------------------------------------------------------


WRITES: list[tuple[str, ...]] = [
    ("person", "add", "--name", "尼茸", "--id-number", id_number(125), "--since", "2026-03-01"),
    ("person", "edit", "1", "--notes", "N3", "--phone", ""),
    ("person", "status", "1", "detained", "--on", "2026-10-01"),
    ("person", "status", "void", "4", "--reason", "录错"),
    ("helper", "add", "李专干", "--role", "officer"),
    ("team", "assign", "1", "2", "--role", "police", "--on", "2026-11-01"),
    ("team", "assign", "3", "1", "--role", "police", "--on", "2026-11-01"),
    ("helper", "replace", "1", "--by", "2", "--from", "2026-11-10"),
    ("helper", "retire", "1", "--on", "2026-11-28"),
    ("log", "1", "urine", "--result", "negative", "--on", "2026-11-22"),
    ("contact", "amend", "3", "--kinds", "urine,talk", "--reason", "漏记谈话"),
    ("contact", "void", "2", "--reason", "录错"),
    ("breach", "add", "1", "left_county", "--days", "3", "--on", "2026-11-05"),
    ("breach", "void", "1", "--reason", "录错"),
    ("plan", "add", "work_away", "--name", "外出务工", "--copy", "five_to_one"),
    ("plan", "rule", "work_away", "phone_talk", "--every", "10", "--kinds", "talk"),
    ("plan", "remove-rule", "work_away", "meet"),
    ("person", "edit", "2", "--plan", "work_away"),
    ("settings", "set", "township", "岳宋"),
    ("person", "show", "2", "--reveal", "--reason", "核对"),
    ("tests", "draw", "--count", "1", "--seed", "7"),
]


def test_every_kind_of_write_leaves_the_data_explained(ledger: Ledger) -> None:
    for args in WRITES:
        result = ledger.run(*args)
        assert result.exit_code == 0, (args, result.stderr)
    lines = ok(verify(ledger)).splitlines()
    assert lines[2:4] == ["审计日志链: 正常", "数据与审计日志: 正常"]


def test_a_sample_load_is_sealed(tmp_path: Path) -> None:
    run = cli(tmp_path / "sample.db")
    ok(run("init"))
    ok(run("sample", "--persons", "12", "--years", "1"))
    conn = sqlite3.connect(tmp_path / "sample.db")
    action, state = conn.execute(
        "SELECT action, state FROM audit ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert action == "sample" and state.startswith("seal:")
    conn.close()
    assert ok(run("db", "verify")).splitlines()[3] == "数据与审计日志: 正常"
    edit(tmp_path / "sample.db", "UPDATE persons SET phone = '13900000000' WHERE id = 5")
    assert problems(run("db", "verify")) == [t("verify.records.changed", table="persons", id=5)]


def test_every_table_is_a_record_or_named_as_holding_none(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.db", create=True)
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    store.close()
    assert tables == set(RECORD_TABLES) | set(WHOLE_TABLES) | NOT_RECORDS


# --- a file from before the log stated records -----------------------------------------------


@pytest.fixture
def old_sample(tmp_path: Path) -> Iterator[Path]:
    """A ledger made by the version before m010 (tests/data/ledger-m009.db: `sample
    --persons 20 --seed 1` at commit 5286025), as every officer's file was."""
    path = tmp_path / "sample.db"
    shutil.copyfile(OLD_LEDGER, path)
    path.chmod(0o600)
    conn = sqlite3.connect(path)
    steps_done = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    conn.close()
    assert "m009_history_and_teams" in steps_done and "m010_audit_states" not in steps_done
    yield path


def test_an_old_file_is_sealed_as_it_stands_and_then_explained(
    old_sample: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(keys.KEY_FILE, raising=False)
    run = cli(old_sample)
    lines = ok(run("db", "verify")).splitlines()
    assert lines[2:4] == ["审计日志链: 正常", "数据与审计日志: 正常"]
    seal = last_audit(old_sample)
    assert seal["action"] == "seal" and str(seal["state"]).startswith("seal:")
    assert "m010_audit_states" in str(seal["note"])
    # Rows from before keep their hashes; the seal is the chain's next link.
    assert seal["id"] == 3 and seal["key_id"] is None
    # From here on a change outside the tool is found, and a key file keys the log.
    monkeypatch.setenv(keys.KEY_FILE, str(write_key(tmp_path, KEY)))
    ok(run("db", "key-audit", "--reason", "开始签名"))
    ok(run("log", "YS-0003", "meet", "--on", "2026-11-28"))
    assert t("verify.keyed", first=4) in ok(run("db", "verify")).splitlines()
    edit(old_sample, "UPDATE persons SET phone = '13900000000' WHERE id = 7")
    assert problems(run("db", "verify")) == [t("verify.records.changed", table="persons", id=7)]


# --- an encrypted file ----------------------------------------------------------------------


def test_an_encrypted_file_is_keyed_from_its_first_row_and_across_a_rekey(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.KEY_FILE, str(write_key(tmp_path, KEY)))
    path = tmp_path / "secret.db"
    run = cli(path)
    ok(run("init", "--encrypt"))
    steps(run)
    assert t("verify.keyed", first=1) in ok(run("db", "verify")).splitlines()
    monkeypatch.setenv(keys.NEW_KEY_FILE, str(write_key(tmp_path, OTHER_KEY, "new.key")))
    ok(run("db", "rekey"))
    monkeypatch.setenv(keys.KEY_FILE, str(tmp_path / "new.key"))
    store = Store(path)
    rekey_row = store.audit_rows()[-1]
    store.close()
    assert rekey_row["action"] == "rekey"
    lines = ok(run("db", "verify")).splitlines()
    assert t("verify.rekeyed", first=rekey_row["id"]) in lines
    ok(run("log", "1", "meet"))
    assert t("verify.rekeyed", first=rekey_row["id"]) in ok(run("db", "verify")).splitlines()
