"""What a complete personal file (档案) holds for reporting. Pure code.

The county asks for the 录入率 (entry rate): persons whose file has every field reports
need, over all persons registered. The same list drives the ``file_incomplete`` alert,
so the figure and the warnings agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The fields reports and the county's forms need, in the order the file shows them.
# Name, ID number, gender and birth date are always present (the register requires them).
REQUIRED_FIELDS = (
    "ethnicity",
    "household_address",
    "current_address",
    "village",
    "village_group",
    "drugs",
    "method",
    "decision_doc",
    "decision_date",
    "risk_level",
)


def missing_fields(person: Mapping[str, Any]) -> tuple[str, ...]:
    """The required fields that are empty in ``person`` (a row of the register)."""
    return tuple(
        name for name in REQUIRED_FIELDS if person.get(name) is None or person.get(name) == ""
    )
