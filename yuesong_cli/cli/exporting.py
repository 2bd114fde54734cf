"""``--export FILE`` for every listing: masked, owner-only, audited (docs/security.md §1-3).
A missing folder is made owner-only, and taken away again if the export fails."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import typer

from yuesong_cli.cli.context import AppContext
from yuesong_cli.messages import t
from yuesong_cli.output.exports import (
    Sheet,
    check_target,
    export_fields,
    export_format,
    write_export,
)
from yuesong_cli.store.db import Store
from yuesong_cli.system.files import private_folder


def export(obj: AppContext, path: Path, what: str, sheets: Sequence[Sheet]) -> None:
    """Write ``sheets`` to ``path`` (CSV with a byte-order mark, XLSX or JSON by its
    suffix) and audit it in the same transaction."""
    check_target(path)  # refused before anything is written
    export_format(path)
    store = obj.store()
    renderer = obj.renderer(None)
    rows = sum(len(sheet.rows) for sheet in sheets)
    with audited_files(store) as written:
        written.extend(private_folder(path.parent))
        store.record_export(what, path.resolve(), export_fields(sheets), rows)
        write_export(path, sheets, renderer)
        written.append(path)
    typer.echo(t("export.done", obj.lang, rows=rows, path=str(path)), err=True)


@contextmanager
def audited_files(store: Store) -> Iterator[list[Path]]:
    """One transaction for files written and their audit rows: if anything fails, the
    audit rows roll back and the files (and folders made for them) written so far are
    removed, so no file is ever left that the audit log does not name."""
    written: list[Path] = []
    try:
        with store.transaction():
            yield written
    except BaseException:
        # Newest first: a folder made for the files goes once they are gone.
        for path in reversed(written):
            if path.is_dir():
                with contextlib.suppress(OSError):
                    path.rmdir()  # only if empty: never what the officer put there
            else:
                path.unlink(missing_ok=True)
        raise
