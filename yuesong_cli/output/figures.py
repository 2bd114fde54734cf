"""How a figure reads: a rate as a percentage, a change against the same period a year
before as an arrow and a size. One place, so a figure prints the same on the screen
(table, plain, CSV), in an exported file and in the quarterly report.

Rounding is half up on the decimal value of the number (1.25 -> 1.3, 0.8915 -> 89.2%),
as a reader rounding by hand would and as the quarterly report always did: Python's
float formatting rounds the binary value half to even (1.25 -> 1.2, and 0.8915 * 100 is
89.14999… -> 89.1), which is why the screen and the report once disagreed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from decimal import Decimal

DASH = "—"  # a rate that cannot be worked out (nothing due), or nothing to compare with


def finite(value: Any) -> float | None:
    """A number to show, or None: missing values, booleans, NaN and infinities."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def one_decimal(value: float, scale: int = 1) -> Decimal:
    """``value * scale`` to one decimal, half up. Scaled as a decimal: scaling the float
    first would turn 0.8915 into 89.14999… and round it down."""
    # Imported here: the due list's renderer imports this module but shows no figure.
    from decimal import ROUND_HALF_UP, Decimal

    exact = Decimal(repr(value)) * scale
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent(rate: Any) -> str:
    """0.865 -> 86.5%; None -> —."""
    value = finite(rate)
    if value is None:
        return DASH
    return f"{one_decimal(value, 100)}%"


def signed_change(change: Any, unit: str) -> str:
    """↑8.1%, ↓3.0%, 0.0%; — when there is nothing to compare with. An arrow and a size,
    read at a glance, and never a leading sign a spreadsheet would take for a formula."""
    value = finite(change)
    if value is None:
        return DASH
    rounded = one_decimal(value)
    if rounded > 0:
        return f"↑{rounded}{unit}"
    if rounded < 0:
        return f"↓{abs(rounded)}{unit}"
    return f"{abs(rounded)}{unit}"


def ratio(numerator: Any, denominator: Any) -> float | None:
    """numerator ÷ denominator, or None when there is nothing to divide by."""
    top, bottom = finite(numerator), finite(denominator)
    if top is None or not bottom:
        return None
    return top / bottom


def rate_of(row: Mapping[str, Any], numerator: str, denominator: str, rounded: str) -> float | None:
    """A rate from its numerator and denominator where the row has them: the summary's
    rounded value (4 places) would round twice (0.86449 -> 0.8645 -> 86.5%)."""
    if row.get(denominator) is not None:
        return ratio(row.get(numerator), row.get(denominator))
    return finite(row.get(rounded))


def changes(figure: Mapping[str, Any]) -> tuple[float | None, float | None]:
    """A figure's change against the year before (``Figure.as_dict()``), in percent of
    the earlier rate and in points, worked out from the counts where the figure has them
    rather than from its rounded changes (a change of 1.2496 stored as 1.25 would be
    rounded twice)."""
    now = rate_of(figure, "numerator", "denominator", "value")
    before = rate_of(figure, "previous_numerator", "previous_denominator", "previous")
    if now is None or before is None:
        return finite(figure.get("change_pct")), finite(figure.get("change_points"))
    return ((now - before) / before * 100 if before else None), (now - before) * 100
