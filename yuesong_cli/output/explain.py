"""``why`` in words: each rule's obligation for one person explained in sentences an
officer understands (what kept it, what did not count and why, paused days, the streak),
and the page they are shown on."""

from __future__ import annotations

from typing import Any

from yuesong_cli.domain import vocab
from yuesong_cli.domain.obligations import UNREGISTERED
from yuesong_cli.ledger.duelist import Explanation, PersonDue
from yuesong_cli.messages import join, t, tn
from yuesong_cli.output.due_view import MACHINE_COLUMNS, screen_row
from yuesong_cli.output.render import Column

WHY_COLUMNS = (
    Column("rule_name", "col.rule"),
    Column("when", "col.when"),
    Column("window", "col.window"),
    Column("reason", "col.reason"),
)
WHY_MACHINE_COLUMNS = (
    *MACHINE_COLUMNS,
    Column("late", "col.late", "bool"),
    Column("reason", "col.reason"),
)


def why_title(result: PersonDue, lang: str) -> str:
    """The case number, the day and the person's status on it."""
    return t(
        "why.title",
        lang,
        case_no=result.person["case_no"],
        day=result.as_of.isoformat(),
        status=status_text(result.status, lang),
    )


def status_text(status: str | None, lang: str) -> str:
    """A status in words, or that the person was not yet registered, or had none."""
    if status == UNREGISTERED:
        return t("why.unregistered", lang)
    if status:
        return vocab.STATUS.label(status, lang)
    return t("why.no_status", lang)


def not_active_line(result: PersonDue, lang: str) -> str:
    """Why there is nothing to explain: the day lies before the person's history start
    (docs/model.md "Supervision"), or the person is not under active supervision."""
    start = result.history_start
    if result.before_history and start is not None:
        return t("why.before_history", lang, day=result.as_of.isoformat(), start=start.isoformat())
    return t("why.not_active", lang, status=status_text(result.status, lang))


def why_rows(result: PersonDue, lang: str, *, unobliged: bool = True) -> list[dict[str, Any]]:
    """A row per rule: the due row and its reason. ``unobliged``: also the rules with no
    obligation in this window (a test schedule outside any term, say), which a screen
    says and JSON leaves out, carrying only obligations as the due list does."""
    rows = []
    for explanation in result.explanations:
        text = reason(explanation, lang)
        item_row = next((r for r in result.rows if r["rule"] == explanation.rule.key), None)
        if item_row is not None:
            rows.append({**screen_row(item_row, lang), "reason": text})
        elif unobliged:
            name = explanation.name_zh if lang == "zh" else explanation.name_en
            rows.append(
                {
                    "rule_name": name,
                    "status": "",
                    "missed_streak": 0,
                    "days_left": None,
                    "reason": text,
                }
            )
    return rows


def reason(explanation: Explanation, lang: str) -> str:
    """The explanation of one rule in words an officer understands."""
    item = explanation.item
    if item is None:
        return t("why.no_obligation", lang)
    parts = []
    if item.schedule == "rolling":
        parts.append(
            t(
                "why.rolling",
                lang,
                every=explanation.rule.every_days or 0,
                start=item.window_start.isoformat(),
                deadline=item.window_end.isoformat(),
            )
        )
    if explanation.kept_by is not None:
        contact = explanation.kept_by
        parts.append(
            t(
                "why.kept_by",
                lang,
                day=contact.day.isoformat(),
                kinds=kinds_text(contact.kinds, lang),
                mode=vocab.MODE.label(contact.mode, lang),
            )
        )
        if item.late:
            parts.append(t("why.late", lang))
    elif item.status == "due" and item.days_left == 0:
        parts.append(t("why.not_yet_today", lang))
    elif item.status == "due":
        parts.append(tn("why.not_yet", lang, item.days_left, days=item.days_left))
    else:
        parts.append(tn("why.overdue", lang, -item.days_left, days=-item.days_left))
    for contact, why_not in explanation.not_counted:
        parts.append(
            t(
                f"why.not_counted.{why_not}",
                lang,
                day=contact.day.isoformat(),
                kinds=kinds_text(contact.kinds, lang),
                mode=vocab.MODE.label(contact.mode, lang),
                modes=join(
                    [vocab.MODE.label(m, lang) for m in sorted(explanation.rule.modes)], lang
                ),
                result=vocab.URINE_RESULT.label(contact.urine_result, lang),
            )
        )
    if explanation.paused_days:
        parts.append(tn("why.paused", lang, explanation.paused_days, days=explanation.paused_days))
    if item.missed_streak:
        parts.append(tn("why.streak", lang, item.missed_streak))
    if item.last_kept and explanation.kept_by is None:
        parts.append(t("why.last_kept", lang, day=item.last_kept.isoformat()))
    if explanation.window and explanation.history_start:
        start, end = explanation.window
        parts.append(
            t(
                "why.before_history_window",
                lang,
                start=start.isoformat(),
                end=end.isoformat(),
                history=explanation.history_start.isoformat(),
            )
        )
    return ("；" if lang == "zh" else "; ").join(parts)


def kinds_text(kinds: frozenset[str], lang: str) -> str:
    """The kinds of a contact in words, in the vocabulary's order."""
    ordered = [k for k in vocab.CONTACT_KIND.keys if k in kinds]
    return join([vocab.CONTACT_KIND.label(k, lang) for k in ordered], lang)
