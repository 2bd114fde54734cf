"""`db restore` refuses what it should (docs/security.md §5, §10): each bad backup of issue 12
— its audit log wiped, its contact tables dropped, its data edited outside the tool, an
unknown future migration — and another database's backup unless `--force --reason`, with
the database unchanged, no safety copy and nothing left behind; and a restore, its checks
and its audit row land together or not at all."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import build_ledger, cli, copy_ledger, fails, fingerprint, ok
from test_tamper import KEY, Ledger, edit, keyed_steps, write_key

from yuesong_cli.messages import t
from yuesong_cli.store.integrity import IntegrityStore
from yuesong_cli.system import keys

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("restore")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(keys.KEY_FILE, str(write_key(folder, KEY)))
        return build_ledger(folder / "ledger.db", keyed_steps)


@pytest.fixture
def ledger(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: Path
) -> Ledger:
    """The ledger of test_tamper.steps, its log keyed with a key file."""
    copy_ledger(template, db_path)
    monkeypatch.setenv(keys.KEY_FILE, str(write_key(tmp_path, KEY)))
    return Ledger(db_path, cli(db_path), True)


@pytest.fixture
def backup(ledger: Ledger, tmp_path: Path) -> Path:
    """A backup of the ledger, after which the ledger gains a contact."""
    target = tmp_path / "usb" / "backup.db"
    ok(ledger.run("db", "backup", str(target)))
    ok(ledger.run("log", "1", "meet", "--on", "2026-11-28"))
    return target


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def refused(ledger: Ledger, source: Path, *extra: str) -> str:
    """The one line of a refused restore, checking that nothing changed and no safety
    copy or temporary file was made."""
    before = fingerprint(ledger.path)
    line = fails(ledger.run("db", "restore", str(source), *extra))
    assert fingerprint(ledger.path) == before
    assert not (ledger.path.parent / "backups").exists()
    assert leftovers(ledger.path.parent) == []
    return line


def audit_actions(db: Path) -> list[tuple[str, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return [(r[0], r[1]) for r in conn.execute("SELECT action, note FROM audit ORDER BY id")]
    finally:
        conn.close()


# --- the bad backups of issue 12 ----------------------------------------------------------


def test_a_backup_with_its_audit_log_wiped_is_refused(ledger: Ledger, backup: Path) -> None:
    edit(backup, "DELETE FROM audit", "DELETE FROM settings WHERE key = 'audit_head'",
         guards=True, put_back=False)  # fmt: skip
    assert refused(ledger, backup) == t("error.restore.audit_broken", path=str(backup))


def test_a_backup_with_its_log_wiped_but_guarded_is_refused(ledger: Ledger, backup: Path) -> None:
    edit(backup, "DELETE FROM audit_seal", "DELETE FROM audit",
         "DELETE FROM settings WHERE key = 'audit_head'", guards=True)  # fmt: skip
    assert refused(ledger, backup) == t("error.restore.audit_broken", path=str(backup))


def test_a_backup_with_its_contact_tables_dropped_is_refused(ledger: Ledger, backup: Path) -> None:
    edit(
        backup,
        "DROP TABLE contact_kinds",
        "DROP TABLE contact_helpers",
        "DROP TABLE contact_photos",
        "DROP TABLE contacts",
    )
    line = refused(ledger, backup)
    assert line == t("error.restore.schema", path=str(backup), table="contact_helpers")


def test_a_backup_with_data_edited_outside_the_tool_is_refused(
    ledger: Ledger, backup: Path
) -> None:
    edit(backup, "UPDATE persons SET phone = '13900000000' WHERE id = 1")
    line = refused(ledger, backup)
    assert line == t("error.restore.unexplained", path=str(backup), table="persons", id="1")


def test_a_backup_with_an_unknown_future_migration_is_refused(ledger: Ledger, backup: Path) -> None:
    edit(
        backup,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('yuesong', 'm099_future', '2027-01-01')",
    )
    line = refused(ledger, backup)
    assert line == t("error.restore.newer", path=str(backup), step="m099_future")
    assert "更新版本" in line


def test_a_backup_whose_chain_fails_is_refused(ledger: Ledger, backup: Path) -> None:
    edit(backup, "UPDATE audit SET note = 'nothing' WHERE id = 3", guards=True)
    assert refused(ledger, backup) == t("error.restore.audit_broken", path=str(backup))


def test_a_backup_keyed_with_another_key_is_refused(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other" / "ledger.db"
    other.parent.mkdir()
    monkeypatch.setenv(keys.KEY_FILE, str(write_key(tmp_path, "x'" + "a5" * 32 + "'", "o.key")))
    build_ledger(other, keyed_steps)
    monkeypatch.setenv(keys.KEY_FILE, str(write_key(tmp_path, KEY)))
    assert refused(ledger, other) == t("error.restore.audit_broken", path=str(other))


# --- another database's backup ------------------------------------------------------------


def test_another_databases_backup_needs_force_and_a_reason(ledger: Ledger, tmp_path: Path) -> None:
    other = tmp_path / "other" / "ledger.db"
    other.parent.mkdir()
    build_ledger(other, keyed_steps)  # the same steps, another file: another log from row 1
    line = refused(ledger, other)
    assert line == t("error.restore.not_continuation", path=str(other))
    assert fails(ledger.run("db", "restore", str(other), "--force"), code=2) == t(
        "usage.restore_force"
    )
    assert fails(ledger.run("db", "restore", str(other), "--reason", "合并"), code=2) == t(
        "usage.restore_force"
    )
    ok(ledger.run("db", "restore", str(other), "--force", "--reason", "县里要求换成此台账"))
    action, note = audit_actions(ledger.path)[-1]
    assert action == "restore" and note is not None
    assert note.startswith("ledger.db before=ledger-before-restore-")
    assert note.endswith("shared=0 forced: 县里要求换成此台账")
    assert ok(ledger.run("db", "verify")).splitlines()[2:4] == [
        "审计日志链: 正常",
        "数据与审计日志: 正常",
    ]


# --- restores that go through ---------------------------------------------------------------


def test_an_earlier_backup_is_restored_whole_and_can_be_undone(
    ledger: Ledger, backup: Path
) -> None:
    shared = len(audit_actions(backup))
    ok(ledger.run("db", "restore", str(backup)))
    actions = audit_actions(ledger.path)
    assert actions[:-1] == audit_actions(backup)
    action, note = actions[-1]
    assert action == "restore" and f"shared={shared}" in str(note)
    verified = ok(ledger.run("db", "verify")).splitlines()
    assert verified[2:4] == ["审计日志链: 正常", "数据与审计日志: 正常"]
    assert t("verify.keyed", first=2) in verified
    # The data as it was, in the safety copy, complete and verified; and back again.
    [safety] = (ledger.path.parent / "backups").glob("*before-restore*.db")
    assert ok(cli(safety)("db", "verify")).splitlines()[3] == "数据与审计日志: 正常"
    ok(ledger.run("db", "restore", str(safety)))
    assert "2026-11-28" in ok(ledger.run("contact", "list", "1"))
    assert ok(ledger.run("db", "verify")).splitlines()[3] == "数据与审计日志: 正常"


def test_a_backup_from_before_the_states_is_sealed_and_restored(tmp_path: Path) -> None:
    """A ledger of the version before m010 (tests/data/ledger-m009.db), restored into its
    own upgraded copy."""
    live, backup = tmp_path / "sample.db", tmp_path / "old.db"
    for path in (live, backup):
        shutil.copyfile(ROOT / "tests" / "data" / "ledger-m009.db", path)
        path.chmod(0o600)
    conn = sqlite3.connect(backup)
    done = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    conn.close()
    assert "m010_audit_states" not in done
    run = cli(live)
    ok(run("log", "YS-0003", "meet", "--on", "2026-11-28"))
    ok(run("db", "restore", str(backup)))
    assert [a for a, _ in audit_actions(live)] == ["init", "sample", "seal", "restore"]
    assert ok(run("db", "verify")).splitlines()[3] == "数据与审计日志: 正常"


def test_a_damaged_database_can_still_be_restored(ledger: Ledger, backup: Path) -> None:
    edit(ledger.path, "DROP TABLE contact_photos")
    line = fails(ledger.run("contact", "list", "1"))
    assert line == t("error.db.table_missing", path=str(ledger.path), table="contact_photos")
    ok(ledger.run("db", "restore", str(backup)))
    assert ok(ledger.run("db", "verify")).splitlines()[3] == "数据与审计日志: 正常"
    assert len(list((ledger.path.parent / "backups").glob("*before-restore*.db"))) == 1


# --- one step ------------------------------------------------------------------------------


def test_a_restore_that_fails_at_its_last_step_changes_nothing(
    ledger: Ledger, backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(IntegrityStore, "_take_contents", broken)
    before = fingerprint(ledger.path)
    actions = audit_actions(ledger.path)
    result = ledger.run("db", "restore", str(backup))
    assert result.exit_code == 1 and result.stdout == ""
    # Nothing of the restore: not its data, not its row. The safety copy is whole, and
    # named by the one row the database gained (the backup it is).
    after = audit_actions(ledger.path)
    assert after[:-1] == actions and after[-1][0] == "backup"
    [safety] = (ledger.path.parent / "backups").glob("*before-restore*.db")
    assert after[-1][1] == safety.name
    assert fingerprint(safety) == before
    assert leftovers(ledger.path.parent) == []
