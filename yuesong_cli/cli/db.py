"""``yuesong db``: checks on the database file itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.errors import UsageProblem
from yuesong_cli.messages import t, tn
from yuesong_cli.output.db_view import verify_lines
from yuesong_cli.store.integrity import check_backup_file
from yuesong_cli.system.files import private_folder

app = typer.Typer(help="The database file.", no_args_is_help=True)


@app.command("verify")
def verify(ctx: typer.Context) -> None:
    """Check the file (integrity, foreign keys) and the audit chain; exit 1 on a problem."""
    obj = app_context(ctx)
    store = obj.store()
    problems = store.verify()
    lang = obj.lang
    for line in verify_lines(problems, lang):
        typer.echo(line)
    if any(problems.values()):
        typer.echo(t("verify.failed", lang), err=True)
        raise typer.Exit(1)
    counts = store.counts()
    typer.echo(t("verify.counts", lang, **counts))


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
) -> None:
    """Replace the database with a checked backup (the current data is backed up first)."""
    obj = app_context(ctx)
    store = obj.store()
    # Refuse a bad backup before touching anything, the safety copy included.
    check_backup_file(source)
    folder = _backup_folder(store.path)
    private_folder(folder)
    safety = store.backup_into(folder, "before-restore")
    store.restore(source)
    typer.echo(t("restore.done", obj.lang, source=str(source), safety=str(safety)))


def _backup_folder(database: Path) -> Path:
    return database.parent / "backups"
