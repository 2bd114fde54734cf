"""The catalog: both languages for every key, the same placeholders in each."""

from __future__ import annotations

import re
import string
from pathlib import Path

from yuesong_cli.messages import CATALOG

PACKAGE = Path(__file__).parent.parent / "yuesong_cli"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_entry_has_both_languages() -> None:
    for key, (zh, en) in CATALOG.items():
        assert zh.strip() and en.strip(), key


def test_languages_use_compatible_placeholders() -> None:
    # The vocabulary error names its choices per language; everything else matches.
    for key, (zh, en) in CATALOG.items():
        if key == "error.vocab.unknown":
            continue
        if key.endswith(".one"):
            # "1 day left" spells the count out in English; Chinese keeps the number.
            assert placeholders(en) <= placeholders(zh), key
            continue
        assert placeholders(zh) == placeholders(en), key


def test_every_key_used_in_the_code_exists() -> None:
    pattern = re.compile(
        r'"((?:error|usage|person|helper|team|log|verify|info|init|settings|section|col|'
        r'render|vocab|sample)\.[a-z_.0-9]+)"'
    )
    used = {m for path in PACKAGE.rglob("*.py") for m in pattern.findall(path.read_text())}
    missing = sorted(key for key in used if key not in CATALOG)
    assert missing == []


def test_one_of_a_thing_reads_as_one_in_english() -> None:
    from yuesong_cli.messages import tn

    assert tn("due.when.left", "en", 1, days=1) == "1 day left"
    assert tn("due.when.left", "en", 2, days=2) == "2 days left"
    assert tn("due.when.left", "zh", 1, days=1) == "还剩 1 天"
