"""``yuesong import``: an existing register brought in from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.domain.imports import parse_mapping
from yuesong_cli.errors import InvalidInput
from yuesong_cli.ledger.imports import check_persons, commit_persons
from yuesong_cli.messages import t

app = typer.Typer(help="Bring an existing register in from a file.", no_args_is_help=True)


@app.command("persons")
def persons(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The register: .xlsx, .csv or .txt.")],
    commit: Annotated[
        bool, typer.Option("--commit", help="Write the persons (default: only check the file).")
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid", help="With --commit, import the valid rows and list the rest."
        ),
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(help="The file's encoding, e.g. gbk (default: UTF-8, else GB18030)."),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help="A column the headers do not name: 列名=field (repeatable)."),
    ] = None,
) -> None:
    """Check a register of persons and, with --commit, register them."""
    from yuesong_cli.output.import_view import import_lines
    from yuesong_cli.output.progress import progress_bar

    obj = app_context(ctx)
    store = obj.store()
    checked = check_persons(
        store,
        file,
        encoding=encoding,
        mapping=parse_mapping(mapping or []),
        today=obj.today(),
        progress=lambda total: progress_bar(t("import.progress", obj.lang), total),
    )
    refused = commit and not checked.importable and not skip_invalid
    if commit and not refused:
        commit_persons(store, checked, skip_invalid=skip_invalid)
    for line in import_lines(checked, obj.lang, committed=commit and not refused):
        typer.echo(line)
    if refused:
        raise InvalidInput("error.import.refused")
    if not checked.importable and not (commit and skip_invalid):
        raise typer.Exit(1)
