"""Usage errors (issue 10): every typical mistake is told in Chinese under the default
language, in two plain lines, and none repeats a phone or ID number in full."""

from __future__ import annotations

import re

import pytest

from tests.conftest import invoke
from yuesong_cli.cli.helptext import masked

ID_NUMBER = "530829199001011237"  # fictional; the shape of a resident ID number
PHONE = "13812345678"

MISTAKES = [
    ["persn"],
    ["person", "list", "--bogus"],
    ["person", "show"],
    ["person", "list", "--format", "xml"],
    ["person", "show", "1", "--contacts", "many"],
    ["due", "--as-of"],
    ["due", "x"],
    ["due", "x", "y"],
    ["person", "add", "--name", "甲", ID_NUMBER],  # --id-number forgotten
    ["person", "add", "--name", "甲", "--no-id=1"],
    ["due", "--all=1"],
    ["person", "list", "--wide=1"],
    ["due", "--wide=yes"],
    ["--db", "x.db"],
    ["--lang", "zh"],
    ["due", "--db"],
    ["due", "--lang"],
    ["due", "--db", "--wide"],
    ["--lang", "fr", "due"],
    ["log", "YS-0001", "talk", "--on"],
    ["settings", "set"],
    ["photo", "export"],
    [PHONE],
    ["person", "list", "--format", PHONE],
    ["helper", "add", "岩块", "--role", "police", PHONE],
    ["person", "show", "1", "--contacts", ID_NUMBER + "X"],
]
ENGLISH = re.compile(
    r"\b(Got|Option|Missing|No such|is not|does not|requires|unexpected|argument|"
    r"Invalid|Error|Usage|Try|command)\b"
)


@pytest.mark.parametrize("args", MISTAKES, ids=" ".join)
def test_no_usage_error_reaches_the_officer_in_english(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "YUESONG_LANG"):
        monkeypatch.delenv(name, raising=False)
    result = invoke(args)
    assert result.exit_code == 2 and result.stdout == "", result.stderr
    first, second = result.stderr.splitlines()
    assert first.startswith("用法有误：") and re.search("[\u4e00-\u9fff]", first[5:]), first
    assert not ENGLISH.search(first), first
    assert second.startswith("运行 'yuesong") and second.endswith("查看帮助。")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("args", MISTAKES, ids=" ".join)
def test_no_usage_error_repeats_a_long_number(lang: str, args: list[str]) -> None:
    result = invoke(["--lang", lang, *args])
    assert result.exit_code == 2
    assert not re.search(r"\d{11,}", result.stdout + result.stderr), result.stderr


def test_a_forgotten_id_number_option_echoes_the_number_masked() -> None:
    result = invoke(["person", "add", "--name", "甲", ID_NUMBER])
    assert "5308**********1237" in result.stderr and ID_NUMBER not in result.stderr


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"({ID_NUMBER})", "(5308**********1237)"),
        ("53082919900101123X", "5308**********123X"),
        ("530829900101123", "5308*******1123"),  # an old 15-digit card
        (f"'{PHONE}'", "'138****5678'"),
        ("x 2026-11-29 YS-0001 --count 5", "x 2026-11-29 YS-0001 --count 5"),
        ("E12345678", "E12****78"),
    ],
)
def test_masked(text: str, shown: str) -> None:
    assert masked(text) == shown
