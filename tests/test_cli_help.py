"""Help in the officer's language (issue 10): every command and option in Chinese by
default and in English with --lang en, the examples of each group, the statuses of
`person status`, usage errors translated, --version and shell completion."""

from __future__ import annotations

from typing import Any

import pytest
import typer.main

from tests.conftest import invoke
from yuesong_cli.cli.app import build_app
from yuesong_cli.cli.helptext import EXAMPLES, ZH, commands_of, help_text, missing_help, plain
from yuesong_cli.domain import vocab

GROUPS = [
    "person",
    "helper",
    "team",
    "breach",
    "tests",
    "report",
    "plan",
    "db",
    "settings",
    "photo",
]


def flat(page: str) -> str:
    """A help page without its wrapping: words and box sides gone, the text in a row."""
    return "".join(part for part in page.replace("│", " ").split())


def tree() -> list[tuple[str, Any]]:
    return commands_of(typer.main.get_command(build_app()))


def every_help() -> list[tuple[str, str, str | None]]:
    """(command path, what, help) for every command, argument and option."""
    found: list[tuple[str, str, str | None]] = []
    for path, command in tree():
        found.append((path, "(command)", command.help))
        for param in command.params:
            name = param.opts[0] if param.opts else str(param.name)
            found.append((path, name, getattr(param, "help", None)))
    return found


def test_every_help_text_is_in_the_catalog() -> None:
    untranslated = [
        (path, what, text)
        for path, what, text in every_help()
        if text is not None and plain(text) not in ZH
    ]
    assert untranslated == []


def test_every_option_has_help_in_both_languages() -> None:
    without = [
        (path, what)
        for path, what, text in every_help()
        if what.startswith("-")
        and not text
        and not (missing_help(path, what, "zh") and missing_help(path, what, "en"))
    ]
    assert without == []


def test_the_chinese_differs_from_the_english() -> None:
    same = [(en, zh) for en, zh in ZH.items() if zh == en]
    assert same == []
    assert help_text("Reason.", "zh") == "原因。"
    assert help_text("Reason.", "en") == "Reason."


@pytest.mark.parametrize("path", [p for p, _ in tree()], ids=lambda p: p or "yuesong")
def test_each_help_page_is_chinese_by_default_and_english_with_lang_en(path: str) -> None:
    args = [*path.split(), "--help"]
    zh = invoke(args)
    assert zh.exit_code == 0, zh.stderr
    assert "选项" in zh.stdout and "显示本帮助后退出" in flat(zh.stdout)
    assert "Showthismessageandexit" not in flat(zh.stdout)
    assert "…" not in zh.stdout.split("--help")[-1]  # the help is folded, never cut
    en = invoke(["--lang", "en", *args])
    assert en.exit_code == 0, en.stderr
    assert "Showthismessageandexit" in flat(en.stdout) and "显示本帮助" not in en.stdout
    # The language stays the one asked for, page after page, in one process.
    assert "Options" in en.stdout and "Usage:" in en.stdout


def test_the_option_help_of_a_page_is_translated() -> None:
    page = flat(invoke(["due", "--help"]).stdout)
    assert "只看这个村委会。" in page and "Onlythisvillagecommittee" not in page
    assert "Onlythisvillagecommittee" in flat(invoke(["due", "--help", "--lang", "en"]).stdout)


@pytest.mark.parametrize("group", ["", *GROUPS])
def test_every_group_help_ends_with_examples(group: str) -> None:
    zh, en = EXAMPLES[group]
    assert 2 <= sum(line.startswith("  yuesong") for line in zh.splitlines()) <= 3
    args = [*group.split(), "--help"]
    page = invoke(args).stdout
    assert "示例" in page and page.rstrip().splitlines()[-1].strip() != ""
    assert "Examples" in invoke(["--lang", "en", *args]).stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_person_status_help_lists_every_status(lang: str) -> None:
    page = invoke(["--lang", lang, "person", "status", "--help"]).stdout
    assert "pending_report" in page.split("──╯")[-1]  # after the panels: the list
    for key in vocab.STATUS.keys:
        assert key in page
        assert vocab.STATUS.label(key, lang) in page


def test_a_group_named_alone_shows_its_help_in_chinese() -> None:
    result = invoke(["person"])
    assert result.exit_code == 2
    assert "登记一名对象" in flat(result.stdout)


def test_the_language_of_help_from_the_environment_and_the_locale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert "Showthismessage" in flat(invoke(["--help"]).stdout)
    monkeypatch.setenv("YUESONG_LANG", "zh")
    assert "显示本帮助" in flat(invoke(["--help"]).stdout)  # YUESONG_LANG before the locale
    assert "Showthismessage" in flat(invoke(["--help", "--lang", "en"]).stdout)  # --lang first
    monkeypatch.delenv("YUESONG_LANG")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "显示本帮助" in flat(invoke(["--help"]).stdout)
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert "Showthismessage" in flat(invoke(["--help"]).stdout)


# --- usage errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["persn"], "没有命令 'persn'。是不是要输入 'person'？", "No such command 'persn'"),
        (["person", "list", "--bogus"], "没有选项 --bogus。", "No such option: --bogus"),
        (["person", "show"], "缺少参数 'REF'。", "Missing argument"),
        (["person", "list", "--format", "xml"], "'xml' 不是可选的值", "'xml' is not one of"),
        (["person", "show", "1", "--contacts", "many"], "'many' 不是整数。", "is not a valid"),
        (["due", "--as-of"], "选项 '--as-of' 后面要跟一个值。", "requires an argument"),
    ],
)
def test_a_usage_error_is_two_plain_lines_in_the_officers_language(
    args: list[str], zh: str, en: str
) -> None:
    result = invoke(args)
    assert result.exit_code == 2 and result.stdout == ""
    first, second = result.stderr.splitlines()
    assert first.startswith("用法有误：") and zh.lower() in first.lower(), first
    assert second.startswith("运行 'yuesong") and second.endswith("-h' 查看帮助。")
    english = invoke(["--lang", "en", *args])
    assert english.exit_code == 2
    first, second = english.stderr.splitlines()
    assert first.startswith("Error: ") and en in first
    assert second.startswith("Try 'yuesong") and second.endswith("for help.")


def test_a_bad_language_is_told_in_the_language_of_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert "用法有误" in invoke(["--lang", "fr", "due"]).stderr
    monkeypatch.setenv("YUESONG_LANG", "en")
    assert "'fr' is not one of" in invoke(["--lang", "fr", "due"]).stderr


# --- version and completion -------------------------------------------------------------


def test_version() -> None:
    result = invoke(["--version"])
    assert (result.exit_code, result.stdout) == (0, "yuesong 0.1.0\n")


@pytest.mark.parametrize(
    ("shell", "mark"),
    [
        ("bash", "complete -o"),
        ("zsh", "compdef"),
        ("fish", "complete --command yuesong"),
        ("powershell", "Register-ArgumentCompleter"),
    ],
)
def test_show_completion_for_each_shell(
    monkeypatch: pytest.MonkeyPatch, shell: str, mark: str
) -> None:
    # With detection off, typer takes the shell as the option's value.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    command = typer.main.get_command(build_app())
    with pytest.raises(SystemExit) as done:
        command.main(["--show-completion", shell], prog_name="yuesong")
    assert done.value.code == 0


def test_completion_options_only_on_the_whole_program() -> None:
    whole = typer.main.get_command(build_app())
    names = {opt for param in whole.params for opt in param.opts}
    assert {"--install-completion", "--show-completion", "--version", "--wide"} <= names
    one = typer.main.get_command(build_app("due"))
    assert "--show-completion" not in {opt for param in one.params for opt in param.opts}


def test_completion_completes_commands(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("_YUESONG_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "yuesong pers")
    monkeypatch.setenv("COMP_CWORD", "1")
    command = typer.main.get_command(build_app())
    with pytest.raises(SystemExit):
        command.main([], prog_name="yuesong")
    assert "person" in capsys.readouterr().out


def test_every_catalog_entry_is_the_help_of_some_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The catalog holds what some command shows and nothing stale."""
    shown = {plain(text) for _path, _what, text in every_help() if text}
    # Where typer cannot tell the shell, the completion options ask for it, with other help.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    for _path, command in tree():
        for param in command.params:
            shown.add(plain(getattr(param, "help", None) or ""))
        shown.add(plain(command.short_help or ""))
        context = typer.Context(command, help_option_names=["-h", "--help"])
        help_option = command.get_help_option(context)
        if help_option is not None and help_option.help:
            shown.add(plain(help_option.help))
    assert sorted(set(ZH) - shown) == []


def test_the_examples_are_commands_the_program_accepts() -> None:
    import re

    text = "\n".join(zh + "\n" + en for zh, en in EXAMPLES.values())
    # Photo numbers are 8 hex characters; backups are named as db backup names them.
    exports = re.findall(r"photo export (\S+)", text)
    assert exports and all(re.fullmatch(r"[0-9a-f]{6,8}", number) for number in exports)
    restores = re.findall(r"db restore (\S+)", text)
    assert restores and all(
        re.search(r"yuesong-backup-\d{8}-\d{6}\.db$", name) for name in restores
    )
    assert "yuesong db backup --keep 30" in EXAMPLES["db"][0]
    assert "yuesong db backup --keep 30" in EXAMPLES["db"][1]
