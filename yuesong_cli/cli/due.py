"""``yuesong due`` and ``yuesong why``: who is due, and why a rule stands as it does."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any

import typer

from yuesong_cli.cli.context import AppContext, app_context
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain import vocab
from yuesong_cli.domain.obligations import UNREGISTERED
from yuesong_cli.errors import InvalidInput
from yuesong_cli.ledger.duelist import Explanation, due_list, explain
from yuesong_cli.messages import join, t, tn
from yuesong_cli.output.render import Column

# Exit code of --fail-if-overdue when anything is overdue or has a missed streak.
EXIT_OVERDUE = 3

SCREEN_COLUMNS = (
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("village", "col.village"),
    Column("group", "col.group"),
    Column("rule_name", "col.rule"),
    Column("when", "col.when"),
    Column("window", "col.window"),
    Column("streak", "col.streak"),
    Column("last_kept", "col.last_kept", "date"),
    Column("helper", "col.responsible"),
)
MACHINE_COLUMNS = (
    Column("person_id", "col.person_id", "number"),
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("village", "col.village"),
    Column("group", "col.group"),
    Column("helper", "col.responsible"),
    Column("rule", "col.rule"),
    Column("schedule", "col.schedule", "schedule"),
    Column("status", "col.due_status", "due_status"),
    Column("window_start", "col.window_start", "date"),
    Column("window_end", "col.window_end", "date"),
    Column("days_left", "col.days_left", "number"),
    Column("last_kept", "col.last_kept", "date"),
    Column("missed_streak", "col.missed_streak", "number"),
)


class GroupBy(StrEnum):
    village = "village"
    helper = "helper"


def due(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option(help="The day to answer for (default today, past or future).")
    ] = None,
    within: Annotated[
        int | None, typer.Option(min=0, help="Only items due within N days (0: today).")
    ] = None,
    village: Annotated[str | None, typer.Option(help="Only this village committee.")] = None,
    helper: Annotated[
        str | None, typer.Option(help="Only persons whose team includes this helper.")
    ] = None,
    rule: Annotated[
        list[str] | None, typer.Option("--rule", help="Only this rule (repeatable).")
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list what is done.")] = False,
    by: Annotated[GroupBy | None, typer.Option(help="One section per village or helper.")] = None,
    fail_if_overdue: Annotated[
        bool, typer.Option(help="Exit 3 when anything is overdue or has a missed streak.")
    ] = False,
    fmt: FormatOption = None,
) -> None:
    """The due list: every obligation of everyone under active supervision."""
    obj = app_context(ctx)
    store = obj.store()
    day = obj.date(as_of, obj.today())
    assert day is not None
    helper_id = store.resolve_helper(helper) if helper else None
    rule_keys = _rule_keys(obj, rule or [])
    result = due_list(
        store,
        day,
        village=village,
        helper_id=helper_id,
        rules=rule_keys,
        within=within,
        include_done=show_all,
    )
    rows = [_screen_row(row, obj.lang) for row in result.rows]
    counts = result.counts
    title = t("due.title", obj.lang, township=store.setting("township"), day=day.isoformat())
    headline = t("due.headline", obj.lang, persons=result.persons, **counts)
    # The morning mail carries the warnings too: how many high alerts the township has.
    # A filtered list knows only some persons' streaks, so the alerts then work out their own.
    renderer = obj.renderer(fmt)
    if renderer.fmt in ("table", "plain"):
        # Only a page for people carries the headline (JSON and CSV are the items alone).
        from yuesong_cli.ledger.alertlist import high_alert_count

        filtered = village is not None or helper_id is not None or bool(rule_keys)
        high = high_alert_count(store, day, None if filtered else result.streaks)
        headline += t("due.headline.alerts", obj.lang, high=high)
    sections: list[tuple[str | None, list[dict[str, Any]]]] = [(None, rows)]
    if by is not None and rows:
        unassigned = t("due.unassigned", obj.lang)
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault(row[by.value] or unassigned, []).append(row)
        sections = [
            (t("due.section", obj.lang, group=name, count=len(items)), items)
            for name, items in sorted(groups.items())
        ]
    renderer.sections(
        sections,
        SCREEN_COLUMNS,
        title=title,
        headline=headline,
        style=_urgency_style,
        machine_columns=MACHINE_COLUMNS,
    )
    if fail_if_overdue and (counts["overdue"] or counts["missed"]):
        raise typer.Exit(EXIT_OVERDUE)


def _rule_keys(obj: AppContext, typed: list[str]) -> list[str]:
    """Rule keys from what was typed: a key or a rule's name in either language."""
    if not typed:
        return []
    store = obj.store()
    known: dict[str, str] = {}  # a word typed -> rule key
    for plan in store.plans():
        for row in store.plan_rule_rows(plan["key"]):
            for word in (row["rule"], row["name_zh"], row["name_en"]):
                known[word.lower()] = row["rule"]
    for key in vocab.CONTACT_KIND.keys:
        # 见面 names the meet rule as well as the meet kind.
        known.setdefault(vocab.CONTACT_KIND.label(key, "zh"), key)
    keys = []
    for word in typed:
        found = known.get(word.strip().lower())
        if found is None:
            choices = sorted(set(known.values()))
            raise InvalidInput("error.rule.unknown_key", rule=word, rules=", ".join(choices))
        keys.append(found)
    return keys


def _screen_row(row: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The due row with what a person reads: rule name, when, window, streak."""
    if row["status"] == "overdue":
        when = tn("due.when.overdue", lang, -row["days_left"], days=-row["days_left"])
    elif row["status"] == "done":
        when = t("due.when.done", lang)
    elif row["days_left"] == 0:
        when = t("due.when.today", lang)
    else:
        when = tn("due.when.left", lang, row["days_left"], days=row["days_left"])
    streak = tn("due.streak", lang, row["missed_streak"]) if row["missed_streak"] else ""
    return {
        **row,
        "rule_name": row["rule_name_zh"] if lang == "zh" else row["rule_name_en"],
        "when": when,
        "window": f"{row['window_start']}~{row['window_end']}",
        "streak": streak,
    }


def _urgency_style(row: Mapping[str, Any]) -> str | None:
    if row["status"] == "overdue" or row["missed_streak"] >= 2:
        return "bold red"
    if row["missed_streak"] == 1:
        return "yellow"
    if row["status"] == "done":
        return "dim green"
    if row["days_left"] == 0:
        return "bold"
    return None


# --- why ------------------------------------------------------------------------------


def why(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Case number, name, pinyin or initials.")],
    as_of: Annotated[str | None, typer.Option(help="The day to answer for.")] = None,
    fmt: FormatOption = None,
) -> None:
    """Each rule's obligation for one person, explained."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref)
    day = obj.date(as_of, obj.today())
    assert day is not None
    result = explain(store, person_id, day)
    lang = obj.lang
    renderer = obj.renderer(fmt)
    rows = []
    for explanation in result.explanations:
        reason = _reason(explanation, lang)
        item_row = next((r for r in result.rows if r["rule"] == explanation.rule.key), None)
        if item_row is not None:
            rows.append({**_screen_row(item_row, lang), "reason": reason})
        elif renderer.fmt != "json":
            # No obligation in this window (a test schedule outside any term, say): said
            # on screen; JSON carries only obligations, as the due list does.
            name = explanation.name_zh if lang == "zh" else explanation.name_en
            rows.append(
                {
                    "rule_name": name,
                    "status": "",
                    "missed_streak": 0,
                    "days_left": None,
                    "reason": reason,
                }
            )
    if result.status == UNREGISTERED:
        status = t("why.unregistered", lang)
    elif result.status:
        status = vocab.STATUS.label(result.status, lang)
    else:
        status = t("why.no_status", lang)
    title = t(
        "why.title", lang, case_no=result.person["case_no"], day=day.isoformat(), status=status
    )
    if not result.active:
        if renderer.fmt == "json":
            renderer.rows([], MACHINE_COLUMNS)
            return
        renderer.line(title)
        renderer.line(t("why.not_active", lang, status=status))
        return
    columns = (
        Column("rule_name", "col.rule"),
        Column("when", "col.when"),
        Column("window", "col.window"),
        Column("reason", "col.reason"),
    )
    renderer.rows(
        rows,
        columns,
        title=title,
        style=_urgency_style,
        machine_columns=(
            *MACHINE_COLUMNS,
            Column("late", "col.late", "bool"),
            Column("reason", "col.reason"),
        ),
    )


def _reason(explanation: Explanation, lang: str) -> str:
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
        kinds = _kinds_text(contact.kinds, lang)
        parts.append(
            t(
                "why.kept_by",
                lang,
                day=contact.day.isoformat(),
                kinds=kinds,
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
        kinds = _kinds_text(contact.kinds, lang)
        parts.append(
            t(
                f"why.not_counted.{why_not}",
                lang,
                day=contact.day.isoformat(),
                kinds=kinds,
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
    return ("；" if lang == "zh" else "; ").join(parts)


def _kinds_text(kinds: frozenset[str], lang: str) -> str:
    ordered = [k for k in vocab.CONTACT_KIND.keys if k in kinds]
    return join([vocab.CONTACT_KIND.label(k, lang) for k in ordered], lang)
