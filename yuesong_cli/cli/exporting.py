"""``--export FILE`` for every listing: masked, owner-only, audited (SECURITY.md 1-3)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import typer

from yuesong_cli.cli.context import AppContext
from yuesong_cli.exports import Sheet, export_fields, export_format, write_export
from yuesong_cli.messages import t


def export(obj: AppContext, path: Path, what: str, sheets: Sequence[Sheet]) -> None:
    """Write ``sheets`` to ``path`` (CSV with a byte-order mark, XLSX or JSON by its
    suffix) and audit it in the same transaction."""
    export_format(path)  # an unknown suffix is refused before anything is written
    store = obj.store()
    renderer = obj.renderer(None)
    with store.transaction():
        rows = write_export(path, sheets, renderer)
        store.record_export(what, path.resolve(), export_fields(sheets), rows)
    typer.echo(t("export.done", obj.lang, rows=rows, path=str(path)), err=True)
