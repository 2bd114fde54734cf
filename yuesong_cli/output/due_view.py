"""The due list as a page: the columns shown, each item in words (when, window, streak),
the sections by village or helper, and the title and headline over them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from yuesong_cli.domain.alerts import STREAK_WARN
from yuesong_cli.domain.areas import natural_key
from yuesong_cli.ledger.due_report import DueReport
from yuesong_cli.messages import t, tn
from yuesong_cli.output.render import Column

# Who, what and by when are never dropped (a long rule name wraps); on a narrow screen
# the village group goes first, then the day last kept, the helper, the streak and the
# village (at 80 columns the list keeps case number, name, village, rule, when, window).
SCREEN_COLUMNS = (
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("village", "col.village", drop_order=5),
    Column("group", "col.group", drop_order=1),
    Column("rule_name", "col.rule", wrap_to=12),
    Column("when", "col.when"),
    Column("window", "col.window"),
    Column("streak", "col.streak", drop_order=4),
    Column("last_kept", "col.last_kept", "date", drop_order=2),
    Column("helper", "col.responsible", drop_order=3),
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

Section = tuple[str | None, list[dict[str, Any]]]


class DuePage(NamedTuple):
    """What ``yuesong due`` prints: a title, a headline of counts, and the rows in
    sections (one untitled section when not grouped)."""

    title: str
    headline: str
    sections: list[Section]


def due_page(report: DueReport, lang: str, by: str | None = None, *, words: bool = True) -> DuePage:
    """The due list in words; ``by`` ("village" or "helper"): one section per group, in
    the groups' order, those without one under "unassigned". Without ``words`` the rows
    are the items as they are, for JSON (MACHINE_COLUMNS read no word of screen_row's:
    a county's list is tens of thousands of rows)."""
    obligations = report.obligations
    rows = [screen_row(row, lang) for row in obligations.rows] if words else obligations.rows
    title = t("due.title", lang, township=report.township, day=obligations.as_of.isoformat())
    headline = t("due.headline", lang, persons=obligations.persons, **obligations.counts)
    if report.high_alerts is not None:
        # The morning mail carries the warnings too: how many high alerts the township has.
        headline += t("due.headline.alerts", lang, high=report.high_alerts)
    sections: list[Section] = [(None, rows)]
    if by is not None and rows:
        unassigned = t("due.unassigned", lang)
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault(row[by] or unassigned, []).append(row)
        sections = [
            (t("due.section", lang, group=name, count=len(items)), items)
            # In the order people count them (第二片区 before 第十片区: domain/areas.py).
            for name, items in sorted(groups.items(), key=lambda group: natural_key(group[0]))
        ]
    return DuePage(title, headline, sections)


def screen_row(row: Mapping[str, Any], lang: str) -> dict[str, Any]:
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


def urgency_style(row: Mapping[str, Any]) -> str | None:
    """Red for what is overdue or a streak the alerts warn of, yellow for a shorter
    streak, dim green for what is done, bold for what is due today."""
    if row["status"] == "overdue" or row["missed_streak"] >= STREAK_WARN:
        return "bold red"
    if row["missed_streak"]:
        return "yellow"
    if row["status"] == "done":
        return "dim green"
    if row["days_left"] == 0:
        return "bold"
    return None
