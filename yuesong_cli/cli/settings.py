"""``yuesong settings``: township name, time zone, case number prefix, name masking,
retention."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain.retention import check_retention_years
from yuesong_cli.domain.text import echo_safe, has_control_characters
from yuesong_cli.errors import InvalidInput
from yuesong_cli.messages import t
from yuesong_cli.output.db_view import SETTING_COLUMNS, setting_rows
from yuesong_cli.store.base import SETTING_KEYS
from yuesong_cli.store.clock import valid_timezone

app = typer.Typer(help="Settings kept in the database.", no_args_is_help=True)


def checked_settings(values: Mapping[str, str | None]) -> dict[str, str]:
    """The given settings, each checked; None values are left out."""
    checked: dict[str, str] = {}
    for key, value in values.items():
        if value is None:
            continue
        value = value.strip()
        if key not in SETTING_KEYS:
            raise InvalidInput("error.setting.unknown", key=key, keys=", ".join(SETTING_KEYS))
        if key == "timezone" and not valid_timezone(value):
            raise InvalidInput("error.setting.timezone", value=value)
        if key == "case_prefix" and not re.fullmatch(r"[A-Z]{1,6}", value):
            raise InvalidInput("error.setting.prefix")
        if key == "mask_names" and value not in ("on", "off"):
            raise InvalidInput("error.setting.mask_names")
        if key == "township" and has_control_characters(value):
            raise InvalidInput("error.setting.township_unprintable")
        if key == "township" and not 0 < len(value) <= 40:
            raise InvalidInput("error.setting.township")
        if key == "retention_years":
            value = check_retention_years(value)
        if key == "township_code" and not re.fullmatch(r"\d{9}|\d{12}", value):
            raise InvalidInput("error.setting.township_code")
        if key in ("county", "police_station") and (
            has_control_characters(value) or len(value) > 40
        ):
            raise InvalidInput("error.setting.text", key=key)
        if key == "doc_templates" and value:
            value = checked_templates(value)
        if key == "documents_from" and value:
            try:
                value = dt.date.fromisoformat(value).isoformat()
            except ValueError:
                raise InvalidInput("error.setting.documents_from", value=echo_safe(value)) from None
        checked[key] = value
    return checked


def checked_templates(value: str) -> str:
    """A folder of the county's document templates: it exists, and every template in it
    is checked now (an unknown field refused with its name), not on the day a document
    is printed. Stored as an absolute path."""
    from yuesong_cli.output.documents import check_folder

    folder = Path(value).expanduser()
    if has_control_characters(value) or not folder.is_dir():
        raise InvalidInput("error.setting.doc_templates", folder=echo_safe(value))
    check_folder(folder)
    return str(folder.resolve())


@app.command("show")
def show(ctx: typer.Context, fmt: FormatOption = None) -> None:
    """The settings."""
    obj = app_context(ctx)
    obj.renderer(fmt).rows(setting_rows(obj.store().settings()), SETTING_COLUMNS)


@app.command("set")
def set_setting(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(
            help="township, township_code, county, police_station, doc_templates, "
            "documents_from, timezone, case_prefix, mask_names or retention_years."
        ),
    ],
    value: Annotated[str, typer.Argument(help="The new value.")],
) -> None:
    """Change a setting."""
    obj = app_context(ctx)
    changes = checked_settings({key: value})
    if changes.get("documents_from", "") > obj.today().isoformat():
        # A day to come would silently turn every document alert off.
        raise InvalidInput("error.date.future")
    obj.store().set_settings(changes)
    typer.echo(t("settings.done", obj.lang, key=key))
