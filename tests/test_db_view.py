"""What ``db verify`` and ``settings show`` print, from plain values (output/db_view.py),
without the command-line runner."""

from __future__ import annotations

from yuesong_cli.domain.audit import VerifyReport
from yuesong_cli.output.db_view import (
    SHOWN_PROBLEMS,
    head_line,
    keying_line,
    setting_rows,
    verify_lines,
)


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


def test_data_problems_name_the_table_and_record_and_a_table_kept_whole_by_name() -> None:
    problems = {
        "audit": ["forged:7", "guard_missing:audit_no_delete"],
        "records": ["changed:persons:3", "unexplained:contacts:9", "missing:breaches:2",
                    "changed:settings:0"],
    }  # fmt: skip
    assert verify_lines(problems, "en") == [
        "Audit chain: 2 problems",
        "  - audit row #7 does not carry its keyed hash (rewritten outside the tool)",
        "  - the trigger audit_no_delete that guards the audit log was dropped",
        "Data against the audit log: 4 problems",
        "  - persons #3 was changed outside the tool (not as the audit log left it)",
        "  - contacts #9 has no audit row (added outside the tool)",
        "  - breaches #2 is gone, and no audit row removed it (deleted outside the tool)",
        "  - the table settings was changed outside the tool (not as the audit log left it)",
    ]


def test_the_head_is_its_row_and_twelve_digits_and_the_keys_are_said() -> None:
    assert head_line((120, "3f9a0c2e71b4" + "0" * 52), "zh") == "审计头：120 条，3f9a0c2e71b4"
    assert head_line(None, "en") == "Audit head: none (the audit log is empty)"
    clean: dict[str, list[str]] = {}
    assert keying_line(VerifyReport(clean, None, "keyed", 4), "en") == (
        "Audit keys: keyed from row 4 on"
    )
    assert keying_line(VerifyReport(clean, None, "unkeyed"), "zh").startswith(
        "注意：审计日志没有密钥签名"
    )
    assert keying_line(VerifyReport(clean, None, "no_key"), "zh").startswith(
        "注意：审计日志有密钥签名"
    )
