"""Encryption at rest with SQLCipher (docs/security.md §6): an encrypted file shows no ID
number or name to anyone reading its bytes, opens with its key and refuses another; the
key comes from an owner-only key file or a prompt, never the command line; a plain file
is encrypted in place with every row kept, re-keyed, copied out plain on purpose; its
backups stay encrypted and restore with the key; a plain file needs no key at all."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from conftest import NOW, build_ledger, cli, fails, fingerprint, id_number, ok

from yuesong_cli.errors import DatabaseProblem
from yuesong_cli.messages import t
from yuesong_cli.store.base import file_kind, sqlcipher
from yuesong_cli.store.db import Store
from yuesong_cli.store.integrity import table_counts
from yuesong_cli.system import files, keys

Run = Callable[..., object]
KEY = "correct horse battery staple"
OTHER_KEY = "a different passphrase"
PERSON = id_number(123)
NAME = "艾那"


@pytest.fixture(autouse=True)
def _no_typed_key() -> Iterator[None]:
    keys.forget()
    yield
    keys.forget()


def key_file(folder: Path, text: str, name: str = "yuesong.key", mode: int = 0o600) -> Path:
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.fixture
def key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """YUESONG_KEY_FILE set to an owner-only key file holding KEY."""
    path = key_file(tmp_path, KEY)
    monkeypatch.setenv(keys.KEY_FILE, str(path))
    return path


def raw_bytes(db: Path) -> bytes:
    """Everything on disk of the database: the file with any -wal and -shm."""
    return b"".join(
        p.read_bytes() for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists()
    )


def exposes(data: bytes) -> bool:
    """Whether bytes show the person's ID number or name, or SQLite's header, the way
    `strings` would."""
    return any(
        needle in data for needle in (PERSON.encode(), NAME.encode(), b"SQLite format 3")
    )


def register(run: Run) -> None:
    case_no = ok(
        run("person", "add", "--name", NAME, "--id-number", PERSON, "--since", "2026-01-05")
    ).strip()
    ok(run("log", case_no, "meet", "talk", "--on", "2026-11-20"))


def counts(db: Path, passphrase: str | None) -> dict[str, int]:
    store = Store(db, key=(lambda: passphrase) if passphrase else None)
    try:
        return table_counts(store.conn)
    finally:
        store.close()


def audit_actions(db: Path, passphrase: str) -> list[str]:
    store = Store(db, key=lambda: passphrase)
    try:
        return [row["action"] for row in store.audit_rows()]
    finally:
        store.close()


def leftovers(folder: Path) -> list[str]:
    """Hidden files a conversion may leave behind: none."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture(scope="module")
def encrypted_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("encrypted")
    path = folder / "ledger.db"
    with pytest.MonkeyPatch.context() as patch:
        # As each test runs (conftest.py): the clock pinned, the user's folders here.
        patch.setenv("YUESONG_NOW", NOW)
        patch.delenv("YUESONG_LANG", raising=False)
        for variable in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
            patch.setenv(variable, str(folder / "home"))
        patch.setenv(keys.KEY_FILE, str(key_file(folder, KEY)))
        run = cli(path)
        assert ok(run("init", "--encrypt")).splitlines()[1] == t("init.encrypted")
        register(run)
    return path


@pytest.fixture
def encrypted(tmp_path: Path, key: Path, encrypted_template: Path) -> Path:
    """An encrypted ledger (key: KEY) with one fictional person and a contact."""
    path = tmp_path / "ledger.db"
    shutil.copyfile(encrypted_template, path)
    path.chmod(0o600)
    return path


@pytest.fixture(scope="module")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def steps(run: Run) -> None:
        ok(run("sample", "--persons", "20", "--seed", "1", "--as-of", "2026-11-29"))
        register(run)

    return build_ledger(tmp_path_factory.mktemp("plain") / "ledger.db", steps)


@pytest.fixture
def plain(tmp_path: Path, plain_template: Path) -> Path:
    """A plain ledger of 21 fictional persons with their contacts."""
    path = tmp_path / "ledger.db"
    shutil.copyfile(plain_template, path)
    path.chmod(0o600)
    return path


# --- an encrypted file ------------------------------------------------------------------


def test_an_encrypted_file_shows_no_id_number_and_opens_with_its_key(encrypted: Path) -> None:
    assert file_kind(encrypted) == "encrypted"
    assert stat.S_IMODE(encrypted.stat().st_mode) == 0o600
    assert not exposes(raw_bytes(encrypted))
    run = cli(encrypted)
    shown = ok(run("person", "list", "--format", "csv"))
    assert "YS-0001" in shown and "艾*" in shown and PERSON not in shown
    lines = ok(run("db", "verify")).splitlines()
    assert lines[:3] == [
        f"{t('verify.integrity')}: {t('verify.ok')}",
        f"{t('verify.foreign_keys')}: {t('verify.ok')}",
        f"{t('verify.audit')}: {t('verify.ok')}",
    ]
    assert lines[-1] == t("verify.encrypted")
    assert ok(run("--lang", "en", "db", "verify")).splitlines()[-1] == "File: encrypted (SQLCipher)"


def test_any_sqlcipher_4_tool_opens_it_with_the_passphrase(encrypted: Path) -> None:
    conn = sqlcipher().connect(f"file:{encrypted}?mode=ro", uri=True)
    try:
        conn.execute(f"PRAGMA key = '{KEY}'")
        assert conn.execute("SELECT id_number FROM persons").fetchall() == [(PERSON,)]
    finally:
        conn.close()


def test_the_standard_library_cannot_read_it(encrypted: Path) -> None:
    conn = sqlite3.connect(encrypted)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("SELECT * FROM persons").fetchall()
    finally:
        conn.close()


def test_a_wrong_key_is_one_line_and_changes_nothing(
    encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = encrypted.read_bytes()
    monkeypatch.setenv(keys.KEY_FILE, str(key_file(tmp_path, OTHER_KEY, "other.key")))
    run = cli(encrypted)
    assert fails(run("due")) == t("error.key.wrong", path=str(encrypted))
    assert fails(run("person", "add", "--name", "尼茸", "--id-number", id_number(125))) == t(
        "error.key.wrong", path=str(encrypted)
    )
    assert encrypted.read_bytes() == before


def test_a_wrong_key_prints_nothing_from_the_library(
    encrypted: Path, tmp_path: Path
) -> None:
    """SQLCipher logs a failed key on stderr by itself; the officer sees one line."""
    env = {
        **os.environ,
        keys.KEY_FILE: str(key_file(tmp_path, OTHER_KEY, "other.key")),
        "YUESONG_LANG": "en",
    }
    done = subprocess.run(
        [sys.executable, "-m", "yuesong_cli", "--db", str(encrypted), "due"],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == t("error.key.wrong", "en", path=str(encrypted)) + "\n"


def test_no_key_and_no_terminal_says_how_to_give_one(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(keys.KEY_FILE)
    line = fails(cli(encrypted)("due"))
    assert line == t("error.key.missing", variable="YUESONG_KEY_FILE")
    assert "YUESONG_KEY_FILE" in t("error.key.missing", "en", variable="YUESONG_KEY_FILE")


def test_the_key_can_be_typed_at_a_prompt_once_a_process(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(keys.KEY_FILE)
    asked: list[str] = []

    def typed(prompt: str) -> str:
        asked.append(prompt)
        return f"  {KEY}  "  # spaces around a key are not part of it

    monkeypatch.setattr(keys, "ask_hidden", typed)
    run = cli(encrypted)
    assert "YS-0001" in ok(run("person", "list"))
    ok(run("due"))
    assert asked == [t("key.prompt")]


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660])
def test_a_key_file_others_can_read_is_refused(
    encrypted: Path, key: Path, mode: int
) -> None:
    key.chmod(mode)
    line = fails(cli(encrypted)("due"))
    assert line == t("error.key.file_open", path=str(key), fix=f"chmod 600 {key}")


def test_a_key_file_others_can_read_is_refused_on_windows(tmp_path: Path) -> None:
    path = key_file(tmp_path, KEY)

    def icacls(entries: list[str]) -> Callable[[Sequence[str]], str]:
        return lambda command: "\n".join([f"{path} {entries[0]}", *entries[1:]]) + "\n\n"

    with pytest.raises(DatabaseProblem) as caught:
        keys.read_key_file(
            path, platform="windows", runner=icacls(["BUILTIN\\Users:(I)(RX)", "PC01\\张三:(F)"])
        )
    assert caught.value.key == "error.key.file_open"
    assert caught.value.params["fix"].startswith(f'icacls "{path}" /inheritance:r /grant:r ')
    # The owner alone: read.
    owner = icacls([f"{files.user_name()}:(F)"])
    assert keys.read_key_file(path, platform="windows", runner=owner) == KEY


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (None, "error.key.file_missing"),
        ("", "error.key.file_empty"),
        ("a\x1bkey", "error.key.control"),
    ],
)
def test_a_key_file_that_holds_no_key_is_refused(
    encrypted: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: str | None,
    error: str,
) -> None:
    path = tmp_path / "missing.key"
    if content is not None:
        path = key_file(tmp_path, content, "bad.key")
    monkeypatch.setenv(keys.KEY_FILE, str(path))
    line = fails(cli(encrypted)("due"))
    assert line == t(error, path=str(path), variable="YUESONG_KEY_FILE")


def test_a_key_in_a_file_written_by_notepad_is_read(
    encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "notepad.key"
    path.write_bytes(b"\xef\xbb\xbf" + KEY.encode() + b"\r\n")
    path.chmod(0o600)
    monkeypatch.setenv(keys.KEY_FILE, str(path))
    ok(cli(encrypted)("due"))


def test_init_encrypt_refuses_a_short_or_mistyped_key_and_makes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.db"
    monkeypatch.setenv(keys.KEY_FILE, str(key_file(tmp_path, "short")))
    assert fails(cli(path)("init", "--encrypt")) == t("error.key.short", shortest=8)
    assert not path.exists()
    monkeypatch.delenv(keys.KEY_FILE)
    answers = iter([KEY, KEY + "!"])
    monkeypatch.setattr(keys, "ask_hidden", lambda prompt: next(answers))
    assert fails(cli(path)("init", "--encrypt")) == t("error.key.mismatch")
    assert not path.exists()
    monkeypatch.setattr(keys, "ask_hidden", lambda prompt: None)  # no terminal
    line = fails(cli(path)("init", "--encrypt"))
    assert line == t("error.key.new_missing", variable="YUESONG_KEY_FILE")
    assert not path.exists()


def test_init_encrypt_with_a_key_typed_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(keys.KEY_FILE, raising=False)
    asked: list[str] = []

    def typed(prompt: str) -> str:
        asked.append(prompt)
        return KEY

    monkeypatch.setattr(keys, "ask_hidden", typed)
    path = tmp_path / "ledger.db"
    ok(cli(path)("init", "--encrypt"))
    assert asked == [t("key.prompt_new"), t("key.prompt_again")]
    assert file_kind(path) == "encrypted"
    assert counts(path, KEY)["persons"] == 0


def test_the_key_is_never_an_option(tmp_path: Path) -> None:
    result = cli(tmp_path / "ledger.db")("init", "--encrypt", "--key", KEY)
    assert result.exit_code == 2
    assert not (tmp_path / "ledger.db").exists()


# --- a plain file -------------------------------------------------------------------------


def test_a_plain_file_needs_no_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ledger.db"
    monkeypatch.delenv(keys.KEY_FILE, raising=False)
    run = cli(path)
    ok(run("init"))
    register(run)
    assert "YS-0001" in ok(run("person", "list"))
    assert ok(run("db", "verify")).splitlines()[-1] == t("verify.plain")
    assert file_kind(path) == "plain"
    # A key file named but missing: reading needs none; a change, whose audit row a plain
    # file keys with the key file when one is named (docs/security.md §10), says so.
    missing = tmp_path / "nowhere.key"
    monkeypatch.setenv(keys.KEY_FILE, str(missing))
    assert "YS-0001" in ok(run("person", "list"))
    line = fails(run("log", "YS-0001", "meet"))
    assert line == t("error.key.file_missing", path=str(missing), variable=keys.KEY_FILE)


def test_the_due_list_of_a_plain_file_does_not_load_sqlcipher(plain: Path) -> None:
    from test_startup import loaded

    modules = loaded(plain, "due", "--as-of", "2026-11-29", "--format", "plain")
    assert "yuesong_cli.ledger.duelist" in modules
    assert sorted(m for m in modules if m.startswith("sqlcipher3")) == []


def test_sqlcipher_errors_are_taken_as_sqlite_errors() -> None:
    """So the lines for a busy, full or read-only database (cli/app.py) hold for an
    encrypted file too."""
    module = sqlcipher()
    assert issubclass(module.OperationalError, sqlite3.OperationalError)
    assert issubclass(module.IntegrityError, sqlite3.IntegrityError)
    assert issubclass(module.DatabaseError, sqlite3.DatabaseError)


# --- db encrypt ---------------------------------------------------------------------------


def test_db_encrypt_keeps_every_row(plain: Path, key: Path) -> None:
    run = cli(plain)
    listing = ok(run("person", "list", "--format", "csv"))
    due = ok(run("due", "--format", "json"))
    before = counts(plain, None)
    assert exposes(raw_bytes(plain))
    lines = ok(run("db", "encrypt")).splitlines()
    assert lines == [t("encrypt.done", path=str(plain))]
    assert file_kind(plain) == "encrypted"
    assert not exposes(raw_bytes(plain))
    assert stat.S_IMODE(plain.stat().st_mode) == 0o600
    after = counts(plain, KEY)
    assert after == {**before, "audit": before["audit"] + 1}
    assert ok(run("person", "list", "--format", "csv")) == listing
    assert ok(run("due", "--format", "json")) == due
    assert ok(run("db", "verify")).splitlines()[-1] == t("verify.encrypted")
    assert audit_actions(plain, KEY)[-1] == "encrypt"
    assert leftovers(plain.parent) == []


def test_db_encrypt_names_the_plain_backups_left(plain: Path, key: Path) -> None:
    run = cli(plain)
    ok(run("db", "backup"))
    folder = plain.parent / "backups"
    lines = ok(run("db", "encrypt")).splitlines()
    assert lines[1] == t("encrypt.plain_backups.one", folder=str(folder), count=1)
    ok(run("db", "backup"))  # a backup made now is encrypted: not counted
    assert len(list(folder.glob("*.db"))) == 2


def test_db_encrypt_refuses_a_file_in_use_and_changes_nothing(plain: Path, key: Path) -> None:
    before = fingerprint(plain)
    other = sqlite3.connect(plain)  # a cron job reading, say
    try:
        other.execute("SELECT COUNT(*) FROM persons").fetchone()
        assert fails(cli(plain)("db", "encrypt")) == t("error.db.in_use", path=str(plain))
    finally:
        other.close()
    assert file_kind(plain) == "plain"
    assert fingerprint(plain) == before
    assert leftovers(plain.parent) == []
    assert ok(cli(plain)("db", "verify")).splitlines()[-1] == t("verify.plain")


def test_db_encrypt_keeps_the_plain_file_when_the_copy_fails_its_check(
    plain: Path, key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yuesong_cli.store import integrity

    before = fingerprint(plain)
    # The export loses a table's rows: the copy no longer holds what the file holds.
    real_export = integrity.export

    def lossy(source: Path, source_key: str | None, target: Path, target_key: str) -> None:
        real_export(source, source_key, target, target_key)
        conn = integrity.connect(target, target_key)
        conn.execute("DELETE FROM contact_kinds")
        conn.commit()
        conn.close()

    monkeypatch.setattr(integrity, "export", lossy)
    assert fails(cli(plain)("db", "encrypt")) == t("error.encrypt.check_failed", path=str(plain))
    assert fingerprint(plain) == before
    assert leftovers(plain.parent) == []


def test_db_encrypt_of_an_encrypted_file_is_refused(encrypted: Path) -> None:
    before = encrypted.read_bytes()
    line = fails(cli(encrypted)("db", "encrypt"))
    assert line == t("error.db.already_encrypted", path=str(encrypted))
    assert encrypted.read_bytes() == before


# --- db rekey -----------------------------------------------------------------------------


def test_db_rekey_changes_the_key(
    encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = key_file(tmp_path, OTHER_KEY, "new.key")
    monkeypatch.setenv(keys.NEW_KEY_FILE, str(new))
    run = cli(encrypted)
    before = counts(encrypted, KEY)
    assert ok(run("db", "rekey")) == t("rekey.done", path=str(encrypted)) + "\n"
    assert fails(run("due")) == t("error.key.wrong", path=str(encrypted))
    monkeypatch.setenv(keys.KEY_FILE, str(new))
    assert "YS-0001" in ok(run("person", "list"))
    assert counts(encrypted, OTHER_KEY) == {**before, "audit": before["audit"] + 1}
    assert audit_actions(encrypted, OTHER_KEY)[-1] == "rekey"
    assert not exposes(raw_bytes(encrypted))
    assert leftovers(encrypted.parent) == []


def test_db_rekey_refuses_the_same_key(
    encrypted: Path, key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.NEW_KEY_FILE, str(key))
    before = encrypted.read_bytes()
    assert fails(cli(encrypted)("db", "rekey")) == t("error.key.same")
    assert encrypted.read_bytes() == before


def test_db_rekey_of_a_plain_file_is_refused(plain: Path, key: Path) -> None:
    before = fingerprint(plain)
    assert fails(cli(plain)("db", "rekey")) == t("error.db.not_encrypted", path=str(plain))
    assert fingerprint(plain) == before


# --- db decrypt ---------------------------------------------------------------------------


def test_db_decrypt_writes_a_plain_copy_on_purpose(encrypted: Path, tmp_path: Path) -> None:
    out = tmp_path / "county" / "copy.db"
    run = cli(encrypted)
    done = ok(run("db", "decrypt", "--out", str(out), "--reason", "county inspection"))
    assert done == t("decrypt.done", path=str(out)) + "\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert file_kind(out) == "plain"
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("SELECT id_number FROM persons").fetchall() == [(PERSON,)]
    finally:
        conn.close()
    store = Store(encrypted, key=lambda: KEY)
    try:
        last = store.audit_rows()[-1]
    finally:
        store.close()
    assert (last["action"], last["note"]) == ("decrypt", f"{out} county inspection")
    assert file_kind(encrypted) == "encrypted"  # the database itself stays encrypted
    assert leftovers(out.parent) == []


def test_db_decrypt_never_replaces_a_file(encrypted: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.db"
    out.write_text("keep me")
    line = fails(cli(encrypted)("db", "decrypt", "--out", str(out), "--reason", "again"))
    assert line == t("error.decrypt.exists", path=str(out))
    assert out.read_text() == "keep me"


def test_db_decrypt_needs_a_reason_and_an_encrypted_file(
    encrypted: Path, plain: Path, tmp_path: Path
) -> None:
    out = tmp_path / "copy.db"
    assert cli(encrypted)("db", "decrypt", "--out", str(out)).exit_code == 2
    assert cli(encrypted)("db", "decrypt", "--out", str(out), "--reason", " ").exit_code == 2
    line = fails(cli(encrypted)("db", "decrypt", "--out", str(out), "--reason", "a\x1b[2J"))
    assert line == t("error.text.invalid", field=t("col.reason"))
    line = fails(cli(plain)("db", "decrypt", "--out", str(out), "--reason", "why"))
    assert line == t("error.db.not_encrypted", path=str(plain))
    assert not out.exists()


# --- backups ------------------------------------------------------------------------------


def test_a_backup_of_an_encrypted_file_is_encrypted(encrypted: Path, tmp_path: Path) -> None:
    target = tmp_path / "usb" / "copy.db"
    ok(cli(encrypted)("db", "backup", str(target)))
    assert file_kind(target) == "encrypted"
    assert not exposes(target.read_bytes())
    assert "YS-0001" in ok(cli(target)("person", "list"))


def test_an_encrypted_backup_restores_with_the_key(encrypted: Path, tmp_path: Path) -> None:
    run = cli(encrypted)
    target = tmp_path / "before.db"
    ok(run("db", "backup", str(target)))
    ok(run("person", "add", "--name", "尼茸", "--id-number", id_number(125)))
    ok(run("db", "restore", str(target)))
    assert "YS-0002" not in ok(run("person", "list"))
    assert ok(run("db", "verify")).splitlines()[-1] == t("verify.encrypted")
    safety = list((encrypted.parent / "backups").glob("*before-restore*.db"))
    assert len(safety) == 1 and file_kind(safety[0]) == "encrypted"
    assert not exposes(safety[0].read_bytes())


def test_a_backup_under_another_key_is_refused(
    encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "before.db"
    ok(cli(encrypted)("db", "backup", str(target)))
    monkeypatch.setenv(keys.NEW_KEY_FILE, str(key_file(tmp_path, OTHER_KEY, "new.key")))
    ok(cli(target)("db", "rekey"))  # the backup now has another key
    before = encrypted.read_bytes()
    assert fails(cli(encrypted)("db", "restore", str(target))) == t(
        "error.key.wrong", path=str(target)
    )
    assert encrypted.read_bytes() == before
    assert not (encrypted.parent / "backups").exists()


def test_a_restore_never_mixes_plain_and_encrypted(
    plain: Path, tmp_path: Path, key: Path
) -> None:
    plain_backup = tmp_path / "plain-backup.db"
    ok(cli(plain)("db", "backup", str(plain_backup)))
    other = tmp_path / "other" / "ledger.db"
    other.parent.mkdir()
    ok(cli(other)("init", "--encrypt"))
    encrypted_backup = tmp_path / "encrypted-backup.db"
    ok(cli(other)("db", "backup", str(encrypted_backup)))

    line = fails(cli(other)("db", "restore", str(plain_backup)))
    assert line == t("error.restore.plain_backup", path=str(plain_backup))
    before = fingerprint(plain)
    line = fails(cli(plain)("db", "restore", str(encrypted_backup)))
    assert line == t("error.restore.encrypted_backup", path=str(encrypted_backup))
    assert fingerprint(plain) == before
    # The way the first message gives: the plain backup encrypted with the same key.
    ok(cli(plain_backup)("db", "encrypt"))
    # Another database's backup: taken only with a reason (docs/security.md §5).
    ok(cli(other)("db", "restore", str(plain_backup), "--force", "--reason", "合并台账"))
    assert "YS-0001" in ok(cli(other)("person", "list"))
