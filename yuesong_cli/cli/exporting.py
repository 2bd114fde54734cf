"""``--export FILE`` for every listing: masked, owner-only, audited (docs/security.md §1-3),
and every other file a command writes with its audit row (the quarterly report, the
helpers' sheets, an exported photo).

Nothing is left that the audit log does not name (docs/security.md §7): each file is
written whole under a temporary name of ours, the audit row commits, and only then does
the file take its name; if anything fails before, the temporary files, and any folder
made for them, are removed and the audit row rolls back. A process killed after the
commit leaves a temporary file, which the next start removes (system/files.py,
``remove_orphans``): the log may then name an export that never appeared, never the
other way round. An existing file is replaced only with ``--force``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated

import typer

from yuesong_cli.cli.context import AppContext
from yuesong_cli.messages import t
from yuesong_cli.output.exports import (
    Sheet,
    check_target,
    export_bytes,
    export_fields,
)
from yuesong_cli.store.db import Store
from yuesong_cli.system.files import Staged, private_folder, publish, stage, write_whole

# The flag of every command that writes a file the officer names.
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace a file of that name (refused otherwise).")
]


def export(
    obj: AppContext, path: Path, what: str, sheets: Sequence[Sheet], *, force: bool = False
) -> None:
    """Write ``sheets`` to ``path`` (CSV with a byte-order mark, XLSX or JSON by its
    suffix), audited; a file there is replaced only with ``force``."""
    check_target(path, replace=force)  # refused before anything is written
    store = obj.store()
    data = export_bytes(path, sheets, obj.renderer(None))
    rows = sum(len(sheet.rows) for sheet in sheets)
    with audited_files(store, replace=force) as written:
        written.folder(path.parent)
        store.record_export(what, path.resolve(), export_fields(sheets), rows)
        written.add(path, data)
    typer.echo(t("export.done", obj.lang, rows=rows, path=str(path)), err=True)


def write_file(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write a file no audit row records (the empty import template, which holds nothing
    personal) the same way: whole or not at all, a folder made for it taken away again if
    writing fails, a file there replaced only with ``force``."""
    check_target(path, replace=force)
    made = private_folder(path.parent)
    try:
        write_whole(path, data, replace=force)
    except BaseException:
        for folder in reversed(made):
            with suppress(OSError):
                folder.rmdir()
        raise


class AuditedFiles:
    """What one audited write puts on disk: the folders made for it and its files, each
    staged whole under a temporary name until the audit rows have committed."""

    def __init__(self, replace: bool) -> None:
        self.replace = replace
        self.made: list[Path] = []
        self.staged: list[Staged] = []

    def folder(self, path: Path) -> None:
        """Make the folder ``path`` (owner-only, each missing level) if it is missing."""
        self.made.extend(private_folder(path))

    def add(self, path: Path, data: bytes) -> None:
        """Stage ``data`` to become the file ``path`` once the audit rows commit."""
        self.staged.append(stage(path, data, replace=self.replace))

    def publish(self) -> None:
        """Give every staged file its name, in order (system/files.py ``publish``)."""
        for staged in self.staged:
            publish(staged)

    def discard(self) -> None:
        """Remove the temporary files and the folders made for them (only if empty: a
        file already published, audited, stays, and so does what the officer put there)."""
        for staged in self.staged:
            staged.temporary.unlink(missing_ok=True)
        for folder in reversed(self.made):
            with suppress(OSError):
                folder.rmdir()


@contextmanager
def audited_files(store: Store, *, replace: bool = False) -> Iterator[AuditedFiles]:
    """One transaction for files written and their audit rows: the files take their
    names only once it has committed, so none is ever visible that the audit log does
    not name; if anything fails before, the audit rows roll back and nothing written is
    left. ``replace``: the files may replace files of their names (``--force``)."""
    if store.conn.in_transaction:
        raise RuntimeError("audited_files() inside a transaction: it must commit first")
    written = AuditedFiles(replace)
    try:
        with store.transaction():
            yield written
        written.publish()
    except BaseException:
        written.discard()
        raise
