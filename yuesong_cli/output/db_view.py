"""The database file and its settings as shown: the lines of ``db verify`` (its checks,
the head of the audit log, how the log is keyed) and the rows of ``settings show``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.domain.audit import VerifyReport
from yuesong_cli.messages import t
from yuesong_cli.output.render import Column

# The checks of ``db verify``, in the order they are reported.
VERIFY_CHECKS = ("integrity", "foreign_keys", "audit", "records", "derived")
# At most this many problems of a check are listed; the count says how many there are.
SHOWN_PROBLEMS = 20
# Digits of the head's hash shown for the officer to note (48 bits).
HEAD_DIGITS = 12

SETTING_COLUMNS = (Column("key", "col.key"), Column("value", "col.value"))


def verify_lines(problems: Mapping[str, Sequence[str]], lang: str) -> list[str]:
    """One line per check (ok, or how many problems), each check's problems below it;
    a problem of the log (``kind:id``) or of the data (``kind:table:id``) in words."""
    lines = []
    for check in VERIFY_CHECKS:
        if check not in problems:
            continue
        found = problems[check]
        label = t(f"verify.{check}", lang)
        if not found:
            lines.append(f"{label}: {t('verify.ok', lang)}")
            continue
        lines.append(f"{label}: {t('verify.problems', lang, count=len(found))}")
        lines.extend(f"  - {_problem(check, p, lang)}" for p in found[:SHOWN_PROBLEMS])
    return lines


def _problem(check: str, problem: str, lang: str) -> str:
    kind, _, rest = problem.partition(":")
    if check == "audit":
        return t(f"verify.audit.{kind}", lang, id=rest)
    if check == "records":
        table, _, record_id = rest.partition(":")
        key = f"verify.records.{kind}" + (".table" if record_id == "0" else "")
        return t(key, lang, table=table, id=record_id)
    if check == "derived":
        return t(f"verify.derived.{kind}", lang, id=rest)
    return problem


def head_line(head: tuple[int, str] | None, lang: str) -> str:
    """The head of the audit log as the officer notes it: its last row and the first
    digits of that row's hash (``db verify --expect COUNT:HASH`` checks it later)."""
    if head is None:
        return t("verify.head_none", lang)
    return t("verify.head", lang, count=head[0], hash=head[1][:HEAD_DIGITS])


def keying_line(report: VerifyReport, lang: str) -> str:
    """How the log is keyed; a warning when it is not, or when no key checked it."""
    if report.keying in ("keyed", "rekeyed"):
        return t(f"verify.{report.keying}", lang, first=report.keyed_from)
    return t(f"verify.{report.keying}", lang)


def failed_line(report: VerifyReport, lang: str) -> str:
    """The last line of a failed check: a restore suggested, unless the only problem is
    that the log's later rows carry another key (the file was re-keyed, security.md §10)."""
    found = [p for problems in report.problems.values() for p in problems]
    if all(p.startswith("rekeyed_other:") for p in found):
        return t("verify.failed.key", lang)
    if found == report.problems.get("derived"):
        # Only the kept state, which is worked out from the records: no restore.
        return t("verify.failed.derived", lang)
    return t("verify.failed", lang)


def setting_rows(settings: Mapping[str, str]) -> list[dict[str, Any]]:
    """The settings as rows of key and value."""
    return [{"key": key, "value": value} for key, value in settings.items()]
