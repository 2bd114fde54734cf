"""What ``db verify`` and ``settings show`` print, from plain values (output/db_view.py),
without the command-line runner."""

from __future__ import annotations

from yuesong_cli.output.db_view import SHOWN_PROBLEMS, setting_rows, verify_lines


def test_a_sound_file_says_ok_for_each_check() -> None:
    clean: dict[str, list[str]] = {"integrity": [], "foreign_keys": [], "audit": []}
    assert verify_lines(clean, "en") == [
        "File integrity: ok",
        "Foreign keys: ok",
        "Audit chain: ok",
    ]


def test_problems_are_counted_and_listed_audit_ones_in_words() -> None:
    problems = {
        "integrity": [],
        "foreign_keys": ["contacts row 7 points to persons 99"],
        "audit": ["edited:12", "gap:40"],
    }
    assert verify_lines(problems, "en") == [
        "File integrity: ok",
        "Foreign keys: 1 problems",
        "  - contacts row 7 points to persons 99",
        "Audit chain: 2 problems",
        "  - audit row #12 was altered after it was written",
        "  - rows are missing before audit row #40 (removed)",
    ]


def test_only_the_first_problems_are_listed_but_all_are_counted() -> None:
    many = [f"edited:{n}" for n in range(1, SHOWN_PROBLEMS + 6)]
    lines = verify_lines({"integrity": [], "foreign_keys": [], "audit": many}, "zh")
    assert lines[2] == f"审计日志链: 发现 {SHOWN_PROBLEMS + 5} 处问题"
    assert len(lines) == 3 + SHOWN_PROBLEMS
    assert lines[-1] == f"  - 审计记录 #{SHOWN_PROBLEMS} 的内容被改动过"


def test_settings_are_rows_of_key_and_value() -> None:
    assert setting_rows({"township": "岳宋乡", "mask_names": "on"}) == [
        {"key": "township", "value": "岳宋乡"},
        {"key": "mask_names", "value": "on"},
    ]
