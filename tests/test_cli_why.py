"""``why`` on screen names the rules that hold no obligation that day."""

from __future__ import annotations

import json
from collections.abc import Callable

from conftest import id_number


def test_a_rule_without_an_obligation_is_named_on_screen_not_in_json(yuesong: Callable) -> None:
    # Lost from the day of registration: under supervision, but no term, so no test schedule.
    result = yuesong(
        "person",
        "add",
        "--name",
        "艾那",
        "--id-number",
        id_number(),
        "--status",
        "lost_contact",
        "--since",
        "2026-11-02",
    )
    assert result.exit_code == 0, result.stderr
    plain = yuesong("why", "1", "--format", "plain").stdout.splitlines()
    [urine] = [line for line in plain if line.startswith("定期尿检")]
    assert urine.split()[-1] == "本周期没有应办事项（不在期限内）。"
    rules = [r["rule"] for r in json.loads(yuesong("why", "1", "-f", "json").stdout)]
    assert rules == ["meet", "talk", "visit", "report"]
