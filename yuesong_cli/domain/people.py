"""Which persons a list or a figure is about: the filters ``due``, ``alerts``, ``person
list`` and the reports share (docs/commands.md "Filters"). Pure code."""

from __future__ import annotations

from typing import NamedTuple


class People(NamedTuple):
    """Everyone (nothing given), or those of a village committee, a grid, a zone, or of a
    helper's current teams; given together, those of all of them. A value of plain
    fields, so a worker process can be handed it."""

    village: str | None = None
    grid: str | None = None
    zone: str | None = None
    helper_id: int | None = None

    @property
    def places(self) -> list[str]:
        """The village, zone and grid given, broadest first: what names this part of
        the township (a report's title, the sheets' files)."""
        return [place for place in (self.village, self.zone, self.grid) if place]

    @property
    def everyone(self) -> bool:
        """Whether nobody is left out."""
        return self == EVERYONE


EVERYONE = People()
