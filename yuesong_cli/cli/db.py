"""``yuesong db``: checks on the database file itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.messages import t
from yuesong_cli.output.db_view import verify_lines
from yuesong_cli.store.clock import timestamp
from yuesong_cli.store.integrity import check_backup_file

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
) -> None:
    """Back up the database with SQLite's online backup API, checked, mode 0600."""
    obj = app_context(ctx)
    store = obj.store()
    target = destination or _default_backup_path(store.path)
    target.parent.mkdir(mode=0o700, exist_ok=True)
    store.backup(target)
    typer.echo(t("backup.done", obj.lang, path=str(target)))


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
    safety = _default_backup_path(store.path, "before-restore")
    safety.parent.mkdir(mode=0o700, exist_ok=True)
    store.backup(safety)
    store.restore(source)
    typer.echo(t("restore.done", obj.lang, source=str(source), safety=str(safety)))


def _default_backup_path(database: Path, label: str = "backup") -> Path:
    stamp = timestamp().replace(":", "").replace("-", "")
    return database.parent / "backups" / f"{database.stem}-{label}-{stamp}.db"
