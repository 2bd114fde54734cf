"""``yuesong photo``: the photos kept with contacts, listed and exported (audited)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Photos kept with contacts.", no_args_is_help=True)
