"""The ``yuesong`` application: global options, the command groups, and the one place
where errors become a message and an exit code."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sqlite3
import sys
import traceback
from pathlib import Path
from typing import Annotated, Any

import platformdirs
import typer
from typer.core import TyperGroup

from yuesong_cli.cli.context import AppContext, default_db_path, default_lang
from yuesong_cli.cli.options import Lang
from yuesong_cli.errors import Ambiguous, YuesongError
from yuesong_cli.messages import t


def _lang_of(ctx: typer.Context) -> str:
    obj = ctx.find_root().obj
    return obj.lang if isinstance(obj, AppContext) else default_lang()


def _error_line(error: YuesongError, ctx: typer.Context) -> str:
    lang = _lang_of(ctx)
    message = error.message(lang)
    if isinstance(error, Ambiguous) and "candidates" in error.params:
        obj = ctx.find_root().obj
        if isinstance(obj, AppContext):
            from yuesong_cli.domain.masking import mask_name

            people = obj.store().candidates(error.params["candidates"])
            listed = "; ".join(
                f"{p['case_no']} {mask_name(p['name'])} {p['village'] or ''}".strip()
                for p in people
            )
            message = f"{message}{listed}" if lang == "zh" else f"{message} {listed}"
    return message


def _keep_details(exc: BaseException) -> Path:
    """Write the traceback of an unexpected error to a private log; return where."""
    folder = Path(platformdirs.user_log_dir("yuesong", appauthor=False))
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    path = folder / "errors.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.fchmod(fd, 0o600)  # a log left wider by something else is narrowed
    with os.fdopen(fd, "a", encoding="utf-8") as log:
        log.write(f"--- {dt.datetime.now(dt.UTC).isoformat()} {type(exc).__name__}\n")
        # Frames and exception types only: an exception's message could carry a value.
        log.write("".join(traceback.format_tb(exc.__traceback__)))
    return path


def _unexpected(exc: BaseException, ctx: typer.Context) -> None:
    try:
        where = str(_keep_details(exc))
    except OSError:
        where = "-"
    typer.echo(t("error.unexpected", _lang_of(ctx), path=where), err=True)


class YuesongGroup(TyperGroup):
    """Maps every error to one line on stderr and an exit code; no traceback ever."""

    # typer types this with its vendored click Context, which it does not export.
    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except YuesongError as error:
            typer.echo(_error_line(error, ctx), err=True)
            ctx.exit(error.exit_code)
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`yuesong due | head`): nothing is wrong, say nothing.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except sqlite3.OperationalError as exc:
            # The database rolled the change back; say why in words the officer can act on.
            text = str(exc).lower()
            key = (
                "error.db.busy"
                if "locked" in text or "busy" in text
                else "error.db.full"
                if "full" in text
                else "error.db.readonly"
                if "readonly" in text or "read-only" in text
                else None
            )
            if key is None:
                _unexpected(exc, ctx)
            else:
                typer.echo(t(key, _lang_of(ctx)), err=True)
            ctx.exit(1)
        except Exception as exc:  # the last resort: nothing unexpected reaches the officer raw
            _unexpected(exc, ctx)
            ctx.exit(1)
        finally:
            obj = ctx.obj
            if isinstance(obj, AppContext):
                obj.close()


def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Database file (default: $YUESONG_DB, then the data dir)."),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", help="Output language: zh (default) or en; or YUESONG_LANG."),
    ] = None,
) -> None:
    # Whatever the officer's umask, files this process creates (exports, backups, the
    # error log) are the owner's alone.
    os.umask(0o077)
    ctx.obj = AppContext(
        db_path=db or default_db_path(), lang=lang.value if lang else default_lang()
    )


def init(
    ctx: typer.Context,
    township: Annotated[str | None, typer.Option(help="Township name (乡镇名称).")] = None,
    timezone: Annotated[str | None, typer.Option(help="Time zone, default Asia/Shanghai.")] = None,
    case_prefix: Annotated[str | None, typer.Option(help="Case number prefix, default YS.")] = None,
) -> None:
    """Create an empty database (file mode 0600)."""
    from yuesong_cli.cli.settings import checked_settings

    obj: AppContext = ctx.obj
    changes = checked_settings(
        {"township": township, "timezone": timezone, "case_prefix": case_prefix}
    )
    store = obj.create_store()
    if changes:
        store.set_settings(changes)
    typer.echo(t("init.done", obj.lang, path=str(obj.db_path)))


# Every command: name -> (module, attribute, whether it is a group of subcommands).
# Modules are named, not imported, so that one run builds only the command it runs:
# typer inspects every parameter of every command it builds, a cost the cron job
# printing the due list would otherwise pay for all of them.
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "init": ("yuesong_cli.cli.app", "init", False),
    "person": ("yuesong_cli.cli.person", "app", True),
    "helper": ("yuesong_cli.cli.helper", "app", True),
    "team": ("yuesong_cli.cli.team", "app", True),
    "log": ("yuesong_cli.cli.log", "log", False),
    "photo": ("yuesong_cli.cli.photo", "app", True),
    "due": ("yuesong_cli.cli.due", "due", False),
    "why": ("yuesong_cli.cli.due", "why", False),
    "alerts": ("yuesong_cli.cli.alerts", "alerts", False),
    "breach": ("yuesong_cli.cli.breach", "app", True),
    "tests": ("yuesong_cli.cli.drugtests", "app", True),
    "report": ("yuesong_cli.cli.report", "app", True),
    "plan": ("yuesong_cli.cli.plan", "app", True),
    "db": ("yuesong_cli.cli.db", "app", True),
    "settings": ("yuesong_cli.cli.settings", "app", True),
    "sample": ("yuesong_cli.cli.sample", "sample", False),
}
GLOBAL_OPTIONS_WITH_VALUE = ("--db", "--lang")


def build_app(only: str | None = None) -> typer.Typer:
    """The application with every command, or with just ``only``."""
    application = typer.Typer(
        cls=YuesongGroup,
        help="岳宋 community drug-rehabilitation ledger · 社区戒毒社区康复帮教台账",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    application.callback()(main_options)
    for name, (module, attribute, is_group) in COMMANDS.items():
        if only is not None and name != only:
            continue
        target = getattr(importlib.import_module(module), attribute)
        if is_group:
            application.add_typer(target, name=name)
        else:
            application.command(name)(target)
    return application


def command_named(argv: list[str]) -> str | None:
    """The command an argument list runs, past the global options; None if unclear."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in GLOBAL_OPTIONS_WITH_VALUE:
            index += 2
        elif word.startswith("-"):
            index += 1
        else:
            return word if word in COMMANDS else None
    return None


def __getattr__(name: str) -> typer.Typer:
    # ``app``, the whole application (for --help, tests and `typer` tools), is built on
    # first use: a run of one command builds, and imports, only that command (main).
    if name == "app":
        whole = build_app()
        globals()["app"] = whole
        return whole
    raise AttributeError(name)


def main() -> None:
    """Console entry point."""
    os.umask(0o077)
    try:
        build_app(command_named(sys.argv[1:]))(prog_name="yuesong")
    except KeyboardInterrupt:
        sys.exit(130)
