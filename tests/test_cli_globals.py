"""Global options (--db, --lang, --wide) before or after the subcommand, and the one
reading of an argument list that the lazy build and the parser share (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from tests.conftest import Invoke, invoke, ok
from yuesong_cli.cli import app as application
from yuesong_cli.cli.app import arrange_arguments, build_app, command_named, default_lang
from yuesong_cli.cli.context import AppContext
from yuesong_cli.messages import t


@pytest.mark.parametrize(
    ("argv", "arranged"),
    [
        (["due", "--db", "x.db"], ["--db", "x.db", "due"]),
        (
            ["person", "list", "--lang", "en", "--db", "x.db"],
            ["--lang", "en", "--db", "x.db", "person", "list"],
        ),
        (["due", "--db=x.db", "--wide"], ["--db=x.db", "--wide", "due"]),
        (["--db", "x.db", "due"], ["--db", "x.db", "due"]),
        # Past `--` nothing is an option.
        (["person", "find", "--", "--db"], ["person", "find", "--", "--db"]),
    ],
)
def test_global_options_are_moved_first(argv: list[str], arranged: list[str]) -> None:
    assert arrange_arguments(argv) == arranged


def test_an_option_value_that_looks_like_a_global_option_stays_a_value() -> None:
    root = typer.main.get_command(build_app())
    argv = ["log", "YS-0001", "talk", "--note", "--db", "--db", "x.db"]
    assert arrange_arguments(argv, root) == [
        "--db",
        "x.db",
        "log",
        "YS-0001",
        "talk",
        "--note",
        "--db",
    ]


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["due"], "due"),
        (["--db", "x.db", "person", "list"], "person"),
        (["--db", "due", "report"], "report"),  # "due" is the value of --db
        (["--lang=en", "--wide", "alerts"], "alerts"),
        (["nosuch"], None),
        ([], None),
    ],
)
def test_command_named_reads_past_the_global_options(argv: list[str], command: str | None) -> None:
    assert command_named(argv) == command


def test_a_command_uses_no_name_of_a_global_option() -> None:
    root = typer.main.get_command(build_app())
    globals_ = {*application.GLOBAL_OPTIONS_WITH_VALUE, *application.GLOBAL_FLAGS}
    clashes = [
        (name, param.opts)
        for name, command in root.commands.items()
        for sub in [command, *getattr(command, "commands", {}).values()]
        for param in sub.params
        if globals_ & set(param.opts)
    ]
    assert clashes == []


def test_db_after_the_subcommand(db_path: Path) -> None:
    out = ok(invoke(["due", "--as-of", "2026-11-29", "-f", "plain", "--db", str(db_path)]))
    assert out == ok(invoke(["--db", str(db_path), "due", "--as-of", "2026-11-29", "-f", "plain"]))


def test_lang_and_db_after_a_group_command(db_path: Path) -> None:
    out = ok(invoke(["person", "list", "--lang", "en", "--db", str(db_path)]))
    assert "0 persons" in out or "persons" in out.lower()
    zh = ok(invoke(["person", "list", "--db", str(db_path)]))
    assert zh != out


def test_settings_show_with_options_last(db_path: Path) -> None:
    out = ok(invoke(["settings", "show", "--db=" + str(db_path), "--lang=en"]))
    assert "Asia/Shanghai" in out


def test_wide_after_the_subcommand_sets_the_context(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    original = AppContext.close

    def close(self: AppContext) -> None:
        seen.append(self.wide)
        original(self)

    monkeypatch.setattr(AppContext, "close", close)
    ok(invoke(["due", "--as-of", "2026-11-29", "--wide", "--db", str(db_path)]))
    ok(invoke(["due", "--as-of", "2026-11-29", "--db", str(db_path)]))
    assert seen == [True, False]


def test_a_missing_database_named_after_the_command_is_the_one_refused(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = invoke(["due", "--db", str(missing)])
    assert result.exit_code == 1
    assert str(missing) in result.stderr or "none.db" in result.stderr


def test_messages_follow_the_language_given_after_the_command(yuesong: Invoke) -> None:
    result = yuesong("person", "show", "YS-9999", "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.strip() != "" and not any("\u4e00" <= c <= "\u9fff" for c in result.stderr)


@pytest.mark.parametrize(
    ("env", "argv", "lang"),
    [
        ({}, [], "zh"),
        ({"LANG": "en_US.UTF-8"}, [], "en"),
        ({"LC_MESSAGES": "en_GB", "LANG": "zh_CN.UTF-8"}, [], "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, [], "zh"),
        ({"YUESONG_LANG": "zh", "LANG": "en_US.UTF-8"}, [], "zh"),
        ({"YUESONG_LANG": "en"}, [], "en"),
        ({"YUESONG_LANG": "en"}, ["due", "--lang", "zh"], "zh"),
        ({"LANG": "C.UTF-8"}, [], "zh"),
    ],
)
def test_the_language_order(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], argv: list[str], lang: str
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "YUESONG_LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert default_lang(argv) == lang


def test_an_english_locale_gives_english_messages(
    yuesong: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    result = yuesong("person", "show", "YS-9999")
    assert result.exit_code == 1
    assert not any("\u4e00" <= c <= "\u9fff" for c in result.stderr)
    assert t("usage.try_help", "en", command="x").startswith("Try")


# --- a global option without its value -------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "unfilled", "arranged"),
    [
        (["due", "--db"], "--db", ["due", "--db"]),
        (["due", "--lang"], "--lang", ["due", "--lang"]),
        (["due", "--db", "--wide"], "--db", ["--wide", "due", "--db"]),
        (["--db"], "--db", ["--db"]),
        (["due", "--db", "x.db"], None, ["--db", "x.db", "due"]),
        (["--db", "due", "report"], None, ["--db", "due", "report"]),
        (["person", "find", "--", "--db"], None, ["person", "find", "--", "--db"]),
    ],
)
def test_a_global_option_without_a_value_stays_where_it_is(
    argv: list[str], unfilled: str | None, arranged: list[str]
) -> None:
    # Moved in front of the command, it would take the command's name for its value.
    root = typer.main.get_command(build_app())
    assert application.option_without_value(argv, root) == unfilled
    assert arrange_arguments(argv, root) == arranged


@pytest.mark.parametrize(
    "argv", [["due", "--db"], ["due", "--lang"], ["due", "--db", "--wide"], ["--lang"]]
)
def test_a_global_option_without_a_value_is_told_so(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "YUESONG_LANG"):
        monkeypatch.delenv(name, raising=False)
    name = next(word for word in argv if word in ("--db", "--lang"))
    result = invoke(argv)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        t("usage.error", "zh", message=t("usage.needs_value", "zh", name=f"'{name}'")),
        t("usage.try_help", "zh", command="yuesong"),
    ]
    monkeypatch.setenv("YUESONG_LANG", "en")
    english = invoke(argv).stderr
    assert f"Option '{name}' requires an argument." in english


# --- the language of a Windows system ----------------------------------------------------


class _Kernel32:
    def __init__(self, langid: int) -> None:
        self.langid = langid

    def GetUserDefaultUILanguage(self) -> int:  # noqa: N802 - the Windows API's name
        return self.langid


class _WinDLL:
    def __init__(self, langid: int) -> None:
        self.kernel32 = _Kernel32(langid)


@pytest.mark.parametrize(
    ("langid", "lang"),
    [(0x0409, "en"), (0x0809, "en"), (0x0804, "zh"), (0x0404, "zh"), (0x0454, "zh")],
)
def test_windows_is_asked_its_display_language(
    monkeypatch: pytest.MonkeyPatch, langid: int, lang: str
) -> None:
    import ctypes

    from yuesong_cli.system.language import system_language

    monkeypatch.setattr(ctypes, "windll", _WinDLL(langid), raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "YUESONG_LANG"):
        monkeypatch.delenv(name, raising=False)
    assert system_language({}, platform="nt") == lang
    assert default_lang([], platform="nt") == lang
    # A locale variable, where one is set, still wins; elsewhere Windows is not asked.
    assert system_language({"LANG": "zh_CN.UTF-8"}, platform="nt") == "zh"
    assert system_language({}, platform="posix") is None
    assert default_lang([], platform="posix") == "zh"
    # --lang and YUESONG_LANG come first on Windows too.
    assert default_lang(["--lang", "zh"], platform="nt") == "zh"
    monkeypatch.setenv("YUESONG_LANG", "zh")
    assert default_lang([], platform="nt") == "zh"


def test_an_unreadable_windows_language_is_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    from yuesong_cli.system.language import system_language

    monkeypatch.delattr(ctypes, "windll", raising=False)  # as on Linux: nothing to ask
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "YUESONG_LANG"):
        monkeypatch.delenv(name, raising=False)
    assert system_language({}, platform="nt") is None
    assert default_lang([], platform="nt") == "zh"


def test_ctypes_is_imported_only_on_windows() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from yuesong_cli.system.language import system_language; "
        "system_language({}, platform='posix'); print('ctypes' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
