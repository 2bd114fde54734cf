"""A person's breaches as shown: the columns (each recorded breach with the number
``breach void`` takes), the headline with the counts of the term and the verdict against
the serious-breach rule, and the sentence ``breach void`` ends with."""

from __future__ import annotations

from typing import Any

from yuesong_cli.domain import vocab
from yuesong_cli.ledger.breachlist import BreachReport
from yuesong_cli.messages import t
from yuesong_cli.output.render import Column

BREACH_COLUMNS = (
    Column("happened_on", "col.date", "date"),
    Column("kind", "col.breach_kind", "breach_kind"),
    Column("days_away", "col.days_away", "number"),
    Column("source", "col.source", "breach_source"),
    Column("note", "col.note"),
)

# ``breach list`` adds the number ``breach void`` takes; a test refused or not come to has
# none: it is a contact (``contact void``).
BREACH_LIST_COLUMNS = (Column("id", "col.number", "number"), *BREACH_COLUMNS)


def breach_verdict(report: BreachReport) -> str:
    """``serious``, ``near`` (one step away) or ``none``."""
    return "serious" if report.count.serious else "near" if report.count.near else "none"


def breach_headline(report: BreachReport, lang: str) -> str:
    """The case, the day the count runs from, the counts and the verdict."""
    count = report.count
    return t(
        "breach.list.headline",
        lang,
        case_no=report.case_no,
        since=report.since.isoformat(),
        dodged=count.tests_dodged,
        leavings=count.leavings,
        days_away=count.days_away,
        others=count.others,
        verdict=t(f"breach.verdict.{breach_verdict(report)}", lang),
    )


def breach_voided_line(record: dict[str, Any], case_no: str, lang: str) -> str:
    return t(
        "breach.void.done",
        lang,
        id=record["id"],
        case_no=case_no,
        day=record["happened_on"],
        kind=vocab.BREACH_KIND.label(record["kind"], lang),
    )
