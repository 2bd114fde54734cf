"""``yuesong photo``: the photos kept with contacts, listed and exported (audited)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.exporting import audited_files
from yuesong_cli.cli.options import FormatOption, RefArgument
from yuesong_cli.domain.photos import photo_id, photo_id_prefix
from yuesong_cli.domain.text import echo_safe
from yuesong_cli.errors import Conflict, NotFound
from yuesong_cli.messages import t
from yuesong_cli.output.exports import check_target
from yuesong_cli.output.photo_view import PHOTO_COLUMNS, photo_file_name, photo_rows

app = typer.Typer(help="Photos kept with contacts.", no_args_is_help=True)


@app.command("list")
def list_photos(
    ctx: typer.Context,
    ref: RefArgument,
    fmt: FormatOption = None,
) -> None:
    """A person's photos, newest contact first, with the number to export each by."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    obj.renderer(fmt).rows(photo_rows(store.person_photos(person_id)), PHOTO_COLUMNS)


@app.command("export")
def export_photo(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(metavar="ID", help="The photo's number (photo list).")],
    out: Annotated[
        Path, typer.Option("--out", help="The folder to write it to (made if missing).")
    ],
) -> None:
    """Write a photo to a file readable by you only (audited)."""
    obj = app_context(ctx)
    store = obj.store()
    prefix = photo_id_prefix(number)
    if prefix is None:
        raise NotFound("error.photo.unknown", id=echo_safe(number))
    photo = store.photo(prefix)
    target = out / photo_file_name(photo)
    if target.exists() or target.is_symlink():  # never over a file, not even with a flag
        raise Conflict("error.photo.exists", path=str(target))
    check_target(target)
    with audited_files(store) as written:
        written.folder(out)
        store.record_export("photo", target.resolve(), ["photo"], 1)
        written.add(target, photo["data"])
    typer.echo(
        t("photo.exported", obj.lang, id=photo_id(photo["sha256"]), path=str(target)), err=True
    )
