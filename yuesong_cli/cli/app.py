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

import typer
from typer.core import TyperGroup

from yuesong_cli.cli.context import AppContext, default_db_path
from yuesong_cli.cli.options import Lang
from yuesong_cli.domain.text import one_line
from yuesong_cli.errors import Ambiguous, InvalidInput, YuesongError
from yuesong_cli.messages import t


def default_lang(argv: list[str] | None = None, platform: str = os.name) -> str:
    """The officer's language: --lang (in ``argv``), then YUESONG_LANG, then the system's
    (the locale variables, or the language Windows is shown in: system/language.py;
    English when it is English), then Chinese."""
    chosen = None
    for word, value in global_options(argv or []):
        if word == "--lang" and value in ("zh", "en"):
            chosen = value  # the last one wins, as click reads it
    if chosen is not None:
        return chosen
    from_env = os.environ.get("YUESONG_LANG", "").strip().lower()
    if from_env:
        return "en" if from_env.startswith("en") else "zh"
    from yuesong_cli.system.language import system_language

    return system_language(os.environ, platform) or "zh"


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
    # What the line repeats of typed text (a path, a word) never breaks it or drives
    # the terminal (docs/security.md §7).
    return one_line(message)


def _fault(exc: sqlite3.DatabaseError | OSError, ctx: typer.Context) -> YuesongError | None:
    """The line for a fault of the disk or the file (system/files.py), or None for an
    error that is none of them. SQLite's errors are the database's; the system's name
    their file, or, without one, can only be said for a full disk."""
    from yuesong_cli.system import files

    if isinstance(exc, sqlite3.DatabaseError):
        obj = ctx.find_root().obj
        return files.database_fault(exc, obj.db_path) if isinstance(obj, AppContext) else None
    if exc.filename is None:
        full = files.fault_kind(exc) == files.FULL
        return YuesongError("error.fault.full.unnamed") if full else None
    return files.file_fault(exc, Path(os.fsdecode(exc.filename)))


def _keep_details(exc: BaseException) -> Path:
    """Write the traceback of an unexpected error to a private log; return where."""
    import platformdirs

    from yuesong_cli.system.files import append_private

    path = Path(platformdirs.user_log_dir("yuesong", appauthor=False)) / "errors.log"
    # Frames and exception types only: an exception's message could carry a value.
    append_private(
        path,
        f"--- {dt.datetime.now(dt.UTC).isoformat()} {type(exc).__name__}\n"
        + "".join(traceback.format_tb(exc.__traceback__)),
    )
    return path


def _unexpected(exc: BaseException, ctx: typer.Context) -> None:
    try:
        where = str(_keep_details(exc))
    except (OSError, YuesongError):  # the log could not be made private: keep nothing
        where = "-"
    typer.echo(t("error.unexpected", _lang_of(ctx), path=where), err=True)


class YuesongGroup(TyperGroup):
    """Maps every error to one line on stderr and an exit code; no traceback ever.
    Global options are taken wherever they stand; help and usage errors are in the
    officer's language."""

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        argv = arrange_arguments(given, self)
        lang = default_lang(argv)
        # A global option left without its value would take the command, or the next
        # option, for one: said here as click says it of any other option.
        from typer._click import exceptions as click_errors

        unfilled = option_without_value(given, self)
        missing = (
            click_errors.BadOptionUsage(unfilled, f"Option '{unfilled}' requires an argument.")
            if unfilled
            else None
        )
        if help_wanted(argv, self):
            # Only a run that shows help pays for its translation.
            from yuesong_cli.cli.helptext import translate_help

            translate_help(self, lang)
        if not standalone_mode:
            if missing is not None:
                raise missing
            return super().main(argv, prog_name, complete_var, False, **extra)
        # Not standalone: click's own error page (rich panels, English) is replaced by
        # two plain lines in the officer's language.
        try:
            if missing is not None:
                raise missing
            code = super().main(argv, prog_name, complete_var, False, **extra)
        except click_errors.NoArgsIsHelpError as shown:
            if not getattr(self, "rich_markup_mode", None):
                shown.show()  # without rich the help page is printed here, not when made
            sys.exit(shown.exit_code)
        except click_errors.ClickException as error:
            from yuesong_cli.cli.helptext import usage_error_text

            # Each line kept whole whatever the word it repeats (docs/security.md §7).
            lines = usage_error_text(error, lang).split("\n")
            typer.echo("\n".join(one_line(line) for line in lines), err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo(t("usage.aborted", lang), err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

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
        except OverflowError:
            # A number typed past what the database holds (an ID of 20 digits): bad
            # input like any other, said in one line; nothing was written.
            typer.echo(_error_line(InvalidInput("error.number.too_large"), ctx), err=True)
            ctx.exit(1)
        except (sqlite3.DatabaseError, OSError) as exc:
            # The change was rolled back; say what the disk or the file refused, as it is
            # (docs/security.md §7): only real damage suggests a restore.
            fault = _fault(exc, ctx)
            if fault is None:
                _unexpected(exc, ctx)
            else:
                typer.echo(_error_line(fault, ctx), err=True)
            ctx.exit(1)
        except Exception as exc:  # the last resort: nothing unexpected reaches the officer raw
            _unexpected(exc, ctx)
            ctx.exit(1)
        finally:
            obj = ctx.obj
            if isinstance(obj, AppContext):
                obj.close()


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"yuesong {version('yuesong')}")
        raise typer.Exit()


def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Database file (default: $YUESONG_DB, then the data dir)."),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="Output language: zh (default) or en; or YUESONG_LANG, or the locale.",
        ),
    ] = None,
    wide: Annotated[
        bool,
        typer.Option("--wide", help="Every column of a table, whatever the width of the screen."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_show_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    # Whatever the officer's umask, files this process creates (exports, backups, the
    # error log) are the owner's alone.
    os.umask(0o077)
    ctx.obj = AppContext(
        db_path=db or default_db_path(),
        lang=lang.value if lang else default_lang(),
        wide=wide,
    )


def init(
    ctx: typer.Context,
    township: Annotated[str | None, typer.Option(help="Township name (乡镇名称).")] = None,
    timezone: Annotated[str | None, typer.Option(help="Time zone, default Asia/Shanghai.")] = None,
    case_prefix: Annotated[str | None, typer.Option(help="Case number prefix, default YS.")] = None,
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt",
            help="Encrypt it with SQLCipher; the key from YUESONG_KEY_FILE or typed twice.",
        ),
    ] = False,
) -> None:
    """Create an empty database (file mode 0600)."""
    from yuesong_cli.cli.settings import checked_settings

    obj: AppContext = ctx.obj
    changes = checked_settings(
        {"township": township, "timezone": timezone, "case_prefix": case_prefix}
    )
    store = obj.create_store(encrypt=encrypt)
    if changes:
        store.set_settings(changes)
    typer.echo(t("init.done", obj.lang, path=str(obj.db_path)))
    if encrypt:
        typer.echo(t("init.encrypted", obj.lang))


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
    "contact": ("yuesong_cli.cli.contact", "app", True),
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
    "import": ("yuesong_cli.cli.importing", "app", True),
    "sheets": ("yuesong_cli.cli.sheets", "sheets", False),
    "area": ("yuesong_cli.cli.area", "app", True),
    "county": ("yuesong_cli.cli.county", "app", True),
    "education": ("yuesong_cli.cli.education", "app", True),
    "support": ("yuesong_cli.cli.support", "app", True),
    "doc": ("yuesong_cli.cli.doc", "app", True),
}
# `log void|amend|list` as the issue that asked for corrections spelled them: the same
# commands as `contact void|amend|list`
# (docs/commands.md "`contact`: correcting a contact"). `log REF KIND...` is unchanged
# (a person whose pinyin begins with one of the words: by case number).
SUBCOMMAND_ALIASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "log": ("contact", ("void", "amend", "list")),
}
# Options of the whole program, taken before or after the subcommand.
GLOBAL_OPTIONS_WITH_VALUE = ("--db", "--lang")
GLOBAL_FLAGS = ("--wide",)


def build_app(only: str | None = None) -> typer.Typer:
    """The application with every command, or with just ``only``."""
    application = typer.Typer(
        cls=YuesongGroup,
        help="岳宋 community drug-rehabilitation ledger · 社区戒毒社区康复帮教台账",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        # --install-completion and --show-completion stand before any command, so only
        # the whole application (which a completing shell also asks) carries them.
        add_completion=only is None,
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


def _takes_value(command: Any, word: str) -> bool:
    """Whether option ``word`` of ``command`` (a click command) reads the next word."""
    for param in getattr(command, "params", ()):
        if word in getattr(param, "opts", ()) and param.param_type_name == "option":
            return not (param.is_flag or param.count)
    return False


def _scan(argv: list[str], root: Any = None) -> tuple[list[str], list[str], str | None]:
    """``argv`` split into the global options (each with its value) and the rest, in
    order, and the command it runs. Past ``--`` nothing is an option; the value of a
    command's own option is never taken for one (``--note --db`` notes "--db") when
    ``root``, the click command, says which options read a value. A global option whose
    value is missing (the last word, or an option next) stays where it is: moved first,
    it would take the command for its value (option_without_value names it)."""
    front, rest, command_name, _unfilled = _read(argv, root)
    return front, rest, command_name


def option_without_value(argv: list[str], root: Any = None) -> str | None:
    """The first global option of ``argv`` that needs a value and has none."""
    return _read(argv, root)[3]


def _read(argv: list[str], root: Any = None) -> tuple[list[str], list[str], str | None, str | None]:
    front: list[str] = []
    unfilled: str | None = None
    rest: list[str] = []
    command_name: str | None = None
    command = root
    index = 0
    while index < len(argv):
        word = argv[index]
        name, equals, _value = word.partition("=")
        if word == "--":
            rest.extend(argv[index:])
            break
        if (
            name in GLOBAL_OPTIONS_WITH_VALUE
            and not equals
            and (index + 1 == len(argv) or argv[index + 1].startswith("-"))
        ):
            unfilled = unfilled or name
            rest.append(word)
            index += 1
            continue
        if name in GLOBAL_OPTIONS_WITH_VALUE:
            taken = 1 if equals else 2
            front.extend(argv[index : index + taken])
            index += taken
            continue
        if name in GLOBAL_FLAGS:  # --wide=1 too, for click to say it takes no value
            front.append(word)
            index += 1
            continue
        rest.append(word)
        index += 1
        if word.startswith("-"):
            if not equals and command is not None and _takes_value(command, word):
                rest.extend(argv[index : index + 1])
                index += 1
        elif command_name is None:
            if word in SUBCOMMAND_ALIASES and argv[index : index + 1] in (
                [sub] for sub in SUBCOMMAND_ALIASES[word][1]
            ):
                word = rest[-1] = SUBCOMMAND_ALIASES[word][0]
            command_name = word
            command = getattr(command, "commands", {}).get(word) if command else None
        elif command is not None:
            command = getattr(command, "commands", {}).get(word, command)
    return front, rest, command_name, unfilled


def global_options(argv: list[str]) -> list[tuple[str, str | None]]:
    """The global options of ``argv``, wherever they stand, as (option, value)."""
    front, _rest, _command = _scan(argv)
    found: list[tuple[str, str | None]] = []
    index = 0
    while index < len(front):
        name, equals, value = front[index].partition("=")
        if name in GLOBAL_OPTIONS_WITH_VALUE and not equals:
            value = front[index + 1] if index + 1 < len(front) else ""
            index += 1
        found.append((name, value if name in GLOBAL_OPTIONS_WITH_VALUE else None))
        index += 1
    return found


def arrange_arguments(argv: list[str], root: Any = None) -> list[str]:
    """``argv`` with its global options first, so that ``yuesong due --db x.db`` reads
    as ``yuesong --db x.db due``."""
    front, rest, _command = _scan(argv, root)
    return front + rest


def command_named(argv: list[str]) -> str | None:
    """The command an argument list runs, past the global options; None if unclear."""
    _front, _rest, name = _scan(argv)
    return name if name in COMMANDS else None


def help_wanted(argv: list[str], root: Any) -> bool:
    """Whether this run shows a help page: -h or --help, or a group named alone."""
    front, rest, _command = _scan(argv, root)
    words = rest[: rest.index("--")] if "--" in rest else rest
    if "-h" in words or "--help" in words:
        return True
    command = root
    for word in words:
        if word.startswith("-"):
            continue
        sub = getattr(command, "commands", {}).get(word)
        if sub is None:
            return False
        command = sub
    return hasattr(command, "commands")


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
    # Whatever the console's encoding (GBK on a Chinese Windows), nothing it cannot write
    # ends the run: such characters print as plain equivalents (system/console.py).
    from yuesong_cli.system.console import guard_standard_streams

    guard_standard_streams()
    try:
        build_app(command_named(sys.argv[1:]))(prog_name="yuesong")
    except KeyboardInterrupt:
        sys.exit(130)
