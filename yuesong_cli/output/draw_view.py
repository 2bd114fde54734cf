"""A surprise-test draw as shown: the columns of the persons drawn and the headline."""

from __future__ import annotations

from yuesong_cli.ledger.draws import DrawResult
from yuesong_cli.messages import t
from yuesong_cli.output.render import Column

DRAW_COLUMNS = (
    Column("order", "col.number", "number"),
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("village", "col.village"),
    Column("risk_level", "col.risk", "risk"),
    Column("key_person", "col.key_person", "bool"),
    Column("last_test", "col.last_test", "date"),
    Column("weight", "col.weight", "number"),
)


def draw_headline(result: DrawResult, lang: str) -> str:
    """The day, how many were eligible and drawn, the seed and the days left out."""
    return t(
        "draw.headline",
        lang,
        as_of=result.as_of.isoformat(),
        eligible=result.eligible,
        drawn=len(result.rows),
        seed=result.seed,
        exclude_days=result.exclude_days,
    )
