"""Options shared by several commands."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class OutputFormat(StrEnum):
    table = "table"
    plain = "plain"
    csv = "csv"
    json = "json"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="table (terminal), plain (printer, cron mail), csv or json.",
    ),
]

# A person named on the command line (docs/commands.md "REF: naming a person").
RefArgument = Annotated[str, typer.Argument(help="Case number, name, pinyin or initials.")]

# The filters of the persons a list or a figure is about (domain/people.py).
VillageOption = Annotated[str | None, typer.Option(help="Only this village committee.")]
GridOption = Annotated[str | None, typer.Option(help="Only this grid (网格).")]
ZoneOption = Annotated[str | None, typer.Option(help="Only this zone (片区).")]
