"""The database file and its settings as shown: the lines of ``db verify`` and the rows
of ``settings show``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.messages import t
from yuesong_cli.output.render import Column

# The checks of ``db verify``, in the order they are reported.
VERIFY_CHECKS = ("integrity", "foreign_keys", "audit")
# At most this many problems of a check are listed; the count says how many there are.
SHOWN_PROBLEMS = 20

SETTING_COLUMNS = (Column("key", "col.key"), Column("value", "col.value"))


def verify_lines(problems: Mapping[str, Sequence[str]], lang: str) -> list[str]:
    """One line per check (ok, or how many problems), each check's problems below it;
    an audit problem (``kind:id``) in words."""
    lines = []
    for check in VERIFY_CHECKS:
        found = problems[check]
        label = t(f"verify.{check}", lang)
        if not found:
            lines.append(f"{label}: {t('verify.ok', lang)}")
            continue
        lines.append(f"{label}: {t('verify.problems', lang, count=len(found))}")
        for problem in found[:SHOWN_PROBLEMS]:
            kind, _, audit_id = problem.partition(":")
            text = t(f"verify.audit.{kind}", lang, id=audit_id) if check == "audit" else problem
            lines.append(f"  - {text}")
    return lines


def setting_rows(settings: Mapping[str, str]) -> list[dict[str, Any]]:
    """The settings as rows of key and value."""
    return [{"key": key, "value": value} for key, value in settings.items()]
