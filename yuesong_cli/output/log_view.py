"""The warnings ``log`` prints beside a contact it recorded (domain/contacts.py
``contact_warnings``), in the officer's language: rule names as the person's plan calls
them, statuses and modes as the vocabulary does."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.domain import vocab
from yuesong_cli.domain.contacts import ContactWarning
from yuesong_cli.domain.obligations import PlanRule
from yuesong_cli.messages import join, t


def warning_lines(
    warnings: Sequence[ContactWarning], case_no: str, rules: Sequence[PlanRule], lang: str
) -> list[str]:
    """One sentence a warning."""
    names = {r.rule.key: (r.name_zh, r.name_en) for r in rules}
    return [warning_line(key, params, case_no, names, lang) for key, params in warnings]


def warning_line(
    key: str,
    params: Mapping[str, Any],
    case_no: str,
    names: Mapping[str, tuple[str, str]],
    lang: str,
    *,
    imported: bool = False,
) -> str:
    """A warning in words: rule names from ``names`` (key -> Chinese, English), statuses
    and modes as the vocabulary says them. ``imported``: the words of ``import
    contacts``, whose row is imported as it stands (a dry run has recorded nothing)."""
    if imported:
        key += ".import"
    if key.startswith("warn.contact.not_supervised"):
        return t(
            key,
            lang,
            case_no=case_no,
            status=vocab.STATUS.label(params["status"], lang),
            since=params["since"],
            day=params["day"],
        )

    def named(keys: Sequence[str]) -> str:
        return join([names.get(k, (k, k))[lang == "en"] for k in keys], lang)

    return t(
        key,
        lang,
        mode=vocab.MODE.label(params["mode"], lang),
        missed=named(params["missed"]),
        needs=join([vocab.MODE.label(m, lang) for m in params["needs"]], lang),
        kept=named(params["kept"]),
    )
