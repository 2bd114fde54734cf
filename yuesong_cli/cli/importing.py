"""``yuesong import``: an existing register, or past contacts, brought in from a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.exporting import ForceOption
from yuesong_cli.domain.imports import CONTACTS, PERSONS, Layout, parse_mapping
from yuesong_cli.errors import InvalidInput, UsageProblem
from yuesong_cli.ledger.imports import (
    check_import,
    commit_import,
)
from yuesong_cli.messages import t

app = typer.Typer(help="Bring an existing register in from a file.", no_args_is_help=True)

# The options both kinds of file take.
File = Annotated[Path, typer.Argument(help="The register: .xlsx, .csv or .txt.")]
Commit = Annotated[
    bool, typer.Option("--commit", help="Write the persons (default: only check the file).")
]
SkipInvalid = Annotated[
    bool,
    typer.Option("--skip-invalid", help="With --commit, import the valid rows and list the rest."),
]
Encoding = Annotated[
    str | None,
    typer.Option(help="The file's encoding, e.g. gbk (default: UTF-8, else GB18030)."),
]
Mapping = Annotated[
    list[str] | None,
    typer.Option("--map", help="A column the headers do not name: 列名=field (repeatable)."),
]


@app.command("persons")
def persons(
    ctx: typer.Context,
    file: File,
    commit: Commit = False,
    skip_invalid: SkipInvalid = False,
    encoding: Encoding = None,
    mapping: Mapping = None,
    history_from: Annotated[
        str | None,
        typer.Option(
            help="First day whose obligations count (default: today); none before it is "
            "missed, the status dates stay as recorded."
        ),
    ] = None,
) -> None:
    """Check a register of persons and, with --commit, register them."""
    obj = app_context(ctx)
    today = obj.today()
    start = obj.date(history_from, today)
    assert start is not None
    if start > today:
        raise InvalidInput("error.date.future")
    _import(ctx, file, commit, skip_invalid, encoding, mapping, PERSONS, start)


@app.command("contacts")
def contacts(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Past contacts: .xlsx, .csv or .txt.")],
    commit: Annotated[
        bool, typer.Option("--commit", help="Write the contacts (default: only check the file).")
    ] = False,
    skip_invalid: SkipInvalid = False,
    encoding: Encoding = None,
    mapping: Mapping = None,
) -> None:
    """Check a file of past contacts and, with --commit, record them."""
    _import(ctx, file, commit, skip_invalid, encoding, mapping, CONTACTS)


@app.command("template")
def template(
    ctx: typer.Context,
    what: Annotated[str, typer.Argument(help="What the workbook is for: persons or contacts.")],
    out: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx).")],
    force: ForceOption = False,
) -> None:
    """Write an empty workbook to fill in for import persons or import contacts."""
    from yuesong_cli.cli.exporting import write_file
    from yuesong_cli.output.import_template import TEMPLATES, template_workbook

    obj = app_context(ctx)
    if what not in TEMPLATES:
        raise UsageProblem("usage.template.what", what=what)
    if out.suffix.lower() != ".xlsx":
        raise InvalidInput("error.template.suffix", path=str(out))
    write_file(out, template_workbook(what, obj.lang), force=force)
    typer.echo(t("template.written", obj.lang, path=str(out)), err=True)


def _import(
    ctx: typer.Context,
    file: Path,
    commit: bool,
    skip_invalid: bool,
    encoding: str | None,
    mapping: list[str] | None,
    layout: Layout,
    history_from: dt.date | None = None,
) -> None:
    from yuesong_cli.output.import_view import import_lines
    from yuesong_cli.output.progress import progress_bar

    if skip_invalid and not commit:
        # A dry run imports nothing to skip from: the plain dry run lists every problem.
        raise UsageProblem("usage.import.skip_needs_commit")
    obj = app_context(ctx)
    store = obj.store()
    checked = check_import(
        store,
        file,
        layout,
        encoding=encoding,
        mapping=parse_mapping(mapping or [], layout),
        today=obj.today(),
        progress=lambda total: progress_bar(t("import.progress", obj.lang), total),
        history_from=history_from,
    )
    refused = commit and not checked.importable and not skip_invalid
    if commit and not refused:
        commit_import(store, checked, skip_invalid=skip_invalid)
    for line in import_lines(checked, obj.lang, committed=commit and not refused):
        typer.echo(line)
    if refused:
        raise InvalidInput("error.import.refused")
    if not checked.importable and not (commit and skip_invalid):
        raise typer.Exit(1)
