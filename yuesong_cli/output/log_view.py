"""The warnings ``log`` prints beside a contact it recorded (domain/contacts.py
``contact_warnings``), in the officer's language: rule names as the person's plan calls
them, statuses and modes as the vocabulary does."""

from __future__ import annotations

from collections.abc import Sequence

from yuesong_cli.domain import vocab
from yuesong_cli.domain.contacts import ContactWarning
from yuesong_cli.domain.obligations import PlanRule
from yuesong_cli.messages import join, t


def warning_lines(
    warnings: Sequence[ContactWarning], case_no: str, rules: Sequence[PlanRule], lang: str
) -> list[str]:
    """One sentence a warning."""
    names = {r.rule.key: r.name_en if lang == "en" else r.name_zh for r in rules}
    lines = []
    for key, params in warnings:
        if key == "warn.contact.not_supervised":
            lines.append(
                t(
                    key,
                    lang,
                    case_no=case_no,
                    status=vocab.STATUS.label(params["status"], lang),
                    since=params["since"],
                    day=params["day"],
                )
            )
            continue
        lines.append(
            t(
                key,
                lang,
                mode=vocab.MODE.label(params["mode"], lang),
                missed=join([names.get(k, k) for k in params["missed"]], lang),
                needs=join([vocab.MODE.label(m, lang) for m in params["needs"]], lang),
                kept=join([names.get(k, k) for k in params["kept"]], lang),
            )
        )
    return lines
