"""``yuesong db``: checks on the database file itself, its backups and its encryption."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context, login_name
from yuesong_cli.domain.audit import head_matches, parse_head
from yuesong_cli.domain.text import clean_text
from yuesong_cli.errors import Conflict, UsageProblem
from yuesong_cli.messages import t, tn
from yuesong_cli.output.db_view import failed_line, head_line, keying_line, verify_lines
from yuesong_cli.system.files import private_folder

app = typer.Typer(help="The database file.", no_args_is_help=True)


@app.command("verify")
def verify(
    ctx: typer.Context,
    expect: Annotated[
        str | None,
        typer.Option(
            help="The head noted earlier (COUNT:HASH): exit 1 unless the log still holds it."
        ),
    ] = None,
) -> None:
    """Check the file, the audit log and the data it explains; exit 1 on a problem."""
    noted = parse_head(expect) if expect is not None else None
    if expect is not None and noted is None:
        raise UsageProblem("usage.expect")
    obj = app_context(ctx)
    store = obj.store()
    report = store.verify_report()
    # The kept state worked out again from the records (docs/model.md "Kept state").
    from yuesong_cli.ledger.standing import differences

    report.problems["derived"] = differences(store)
    lang = obj.lang
    for line in verify_lines(report.problems, lang):
        typer.echo(line)
    if not report.failed:
        typer.echo(t("verify.counts", lang, **store.counts()))
    typer.echo(head_line(report.head, lang))
    held = noted is None or head_matches(store.audit_hash(noted[0]), noted[1])
    if noted is not None and held:
        typer.echo(t("verify.expect.ok", lang, count=noted[0]))
    typer.echo(keying_line(report, lang))
    # Last, as before: whether the file is encrypted.
    typer.echo(t("verify.encrypted" if store.encrypted else "verify.plain", lang))
    if report.failed:
        typer.echo(failed_line(report, lang), err=True)
        raise typer.Exit(1)
    if noted is not None and not held:
        typer.echo(t("verify.expect.failed", lang, count=noted[0], hash=noted[1]), err=True)
        raise typer.Exit(1)


@app.command("rebuild-state")
def rebuild_state(ctx: typer.Context) -> None:
    """Work out again, for today, the state the due list and the alerts read."""
    from yuesong_cli.ledger.standing import rebuild_today

    obj = app_context(ctx)
    found = rebuild_today(obj.store(), obj.today())
    typer.echo(t("rebuild_state.done", obj.lang, **found))


@app.command("info")
def info(ctx: typer.Context) -> None:
    """Where the database is and what it holds."""
    obj = app_context(ctx)
    store = obj.store()
    settings = store.settings()
    typer.echo(t("info.path", obj.lang, path=str(store.path)))
    typer.echo(
        t(
            "info.settings",
            obj.lang,
            township=settings["township"],
            timezone=settings["timezone"],
            prefix=settings["case_prefix"],
        )
    )
    typer.echo(t("verify.counts", obj.lang, **store.counts()))


@app.command("backup")
def backup(
    ctx: typer.Context,
    destination: Annotated[
        Path | None, typer.Argument(help="New file (default: backups/ beside the database).")
    ] = None,
    keep: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Then remove the oldest of its own backups in backups/ beyond the N newest.",
        ),
    ] = None,
) -> None:
    """Back up the database with SQLite's online backup API, checked, owner-only."""
    if keep is not None and destination is not None:
        raise UsageProblem("usage.backup_keep_file")
    obj = app_context(ctx)
    store = obj.store()
    if destination is None:
        folder = _backup_folder(store.path)
        private_folder(folder)
        target = store.backup_into(folder)
    else:
        private_folder(destination.parent)
        store.backup(destination)
        target = destination
    typer.echo(t("backup.done", obj.lang, path=str(target)))
    if keep is not None:
        # Only now: the new backup is in place and checked.
        removed = store.remove_old_backups(folder, keep)
        if removed:
            names = ", ".join(path.name for path in removed)
            typer.echo(tn("backup.removed", obj.lang, len(removed), names=names))


@app.command("restore")
def restore(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A backup made by 'yuesong db backup'.")],
    force: Annotated[
        bool,
        typer.Option(help="Restore a backup whose audit log does not continue this database's."),
    ] = False,
    reason: Annotated[
        str | None, typer.Option(help="Why (with --force; written to the audit log).")
    ] = None,
) -> None:
    """Replace the database with a checked backup (the current data is backed up first)."""
    obj = app_context(ctx)
    why = clean_text(reason, t("col.reason", obj.lang)) if reason is not None else None
    if force != bool(why):
        raise UsageProblem("usage.restore_force")
    # Opened even when its schema is damaged or newer: it is to be restored over.
    from yuesong_cli.store.db import Store

    store = Store(obj.db_path, actor=login_name, key=obj.database_key, repair=True)
    try:
        # Every check runs before anything is written, the safety copy's folder included.
        safety = store.restore(source, _backup_folder(store.path), why)
    finally:
        store.close()
    typer.echo(t("restore.done", obj.lang, source=str(source), safety=str(safety)))


@app.command("encrypt")
def encrypt(ctx: typer.Context) -> None:
    """Encrypt the database in place with SQLCipher (key: YUESONG_KEY_FILE or typed twice)."""
    obj = app_context(ctx)
    store = obj.store()
    if store.encrypted:  # said before a new key is asked for in vain
        raise Conflict("error.db.already_encrypted", path=str(store.path))
    store.encrypt(obj.new_key())
    typer.echo(t("encrypt.done", obj.lang, path=str(store.path)))
    plain = store.plain_backups(_backup_folder(store.path))
    if plain:
        typer.echo(tn("encrypt.plain_backups", obj.lang, len(plain), folder=str(plain[0].parent)))


@app.command("rekey")
def rekey(ctx: typer.Context) -> None:
    """Encrypt the database with a new key (from YUESONG_NEW_KEY_FILE or typed twice)."""
    from yuesong_cli.system.keys import NEW_KEY_FILE, new_key

    obj = app_context(ctx)
    store = obj.store()
    if not store.encrypted:
        raise Conflict("error.db.not_encrypted", path=str(store.path))
    store.rekey(new_key(obj.lang, variable=NEW_KEY_FILE))
    typer.echo(t("rekey.done", obj.lang, path=str(store.path)))


@app.command("decrypt")
def decrypt(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="The plain copy to write (a new file).")],
    reason: Annotated[str, typer.Option(help="Why a plain copy is needed (audited).")],
) -> None:
    """Write a plain, unencrypted copy of an encrypted database (owner-only, audited)."""
    obj = app_context(ctx)
    why = clean_text(reason, t("col.reason", obj.lang))
    if not why:
        raise UsageProblem("usage.decrypt_reason")
    store = obj.store()
    if not store.encrypted:  # said before a folder is made for nothing
        raise Conflict("error.db.not_encrypted", path=str(store.path))
    private_folder(out.parent)
    store.decrypt_copy(out, why)
    typer.echo(t("decrypt.done", obj.lang, path=str(out)))


@app.command("key-audit")
def key_audit(
    ctx: typer.Context,
    reason: Annotated[str, typer.Option(help="Why the log is keyed now (audited).")],
    new: Annotated[
        bool, typer.Option("--new", help="Key it with a new key file: the old one is lost.")
    ] = False,
) -> None:
    """Key a plain database's audit log with YUESONG_KEY_FILE's key from now on (audited)."""
    obj = app_context(ctx)
    why = clean_text(reason, t("col.reason", obj.lang))
    if not why:
        raise UsageProblem("usage.key_audit_reason")
    store = obj.store()
    first, already = store.key_log(why, new=new)
    typer.echo(t("key_audit.already" if already else "key_audit.done", obj.lang, first=first))
    if new:  # only once done: a refusal is one line
        typer.echo(t("key_audit.new_warning", obj.lang), err=True)


def _backup_folder(database: Path) -> Path:
    return database.parent / "backups"


# --- issue 12: purge (docs/security.md §9) ---


@app.command("purge")
def purge(
    ctx: typer.Context,
    closed_before: Annotated[
        str | None,
        typer.Option(
            "--closed-before",
            help="Files whose supervision ended before this day "
            "(default: retention_years before today).",
        ),
    ] = None,
    commit: Annotated[
        bool, typer.Option("--commit", help="Anonymise them (without it: only count them).")
    ] = False,
) -> None:
    """Anonymise the files of persons whose supervision ended long ago (dry run unless --commit)."""
    from yuesong_cli.ledger.purge import purge as purge_files
    from yuesong_cli.output.purge_view import purge_lines

    obj = app_context(ctx)
    report = purge_files(obj.store(), obj.today(), obj.date(closed_before), commit=commit)
    for line in purge_lines(report, obj.lang):
        typer.echo(line)
