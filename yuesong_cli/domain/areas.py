"""Zones (片区) and grids (网格): the township's areas, and what a person's grid and zone
may be (docs/domain.md "Zones and grids"). Pure code.

A grid lies in one zone. A person's grid names a registered grid, and the person's zone
is then that grid's zone; a zone given alone names a registered zone. A name that is
not registered is refused with the registered names nearest to it, so a typo ("网格1"
for "网格01") is one line that says what was meant.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

from yuesong_cli.errors import InvalidInput

# How many near names a refusal offers, and how near they must be (difflib's ratio).
NEAR_COUNT = 3
NEAR_CUTOFF = 0.5


class Grid(NamedTuple):
    """A registered grid: its name, the zone it lies in (None only for a grid a register
    named without one before zones were kept), and the village and village group it
    covers where the township's grid table gives them."""

    name: str
    zone: str | None
    village: str | None = None
    village_group: str | None = None


_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}


def _numbers_read(name: str) -> str:
    """``name`` with its numbers as plain digits: leading zeros gone, and Chinese
    numerals up to 九十九 read ("网格01" and "网格1" read alike, so do "第九片区" and
    "第9片区")."""

    def chinese(match: re.Match[str]) -> str:
        text = match.group()
        if "十" not in text:
            return "".join(str(_NUMERALS[c]) for c in text)
        tens, _, ones = text.partition("十")
        return str((_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[ones] if ones else 0))

    read = re.sub(
        r"[一二三四五六七八九]?十[一二三四五六七八九]?|[零一二三四五六七八九]+", chinese, name
    )
    return re.sub(r"\d+", lambda match: str(int(match.group())), read)


def near_names(name: str, names: Collection[str]) -> list[str]:
    """The registered ``names`` nearest to ``name``, nearest first (at most NEAR_COUNT):
    first those that read alike but for how their numbers are written ("网格1" for
    "网格01", "第9片区" for "第九片区"), then those difflib finds close, then those that
    hold the name typed or are held in it ("01")."""
    import difflib  # only when a name is refused: the due list's start-up does without

    read = _numbers_read(name)
    found = [n for n in names if _numbers_read(n) == read and n != name]
    for near in difflib.get_close_matches(name, list(names), n=NEAR_COUNT, cutoff=NEAR_CUTOFF):
        if near not in found and near != name:
            found.append(near)
    found += sorted(n for n in names if n not in found and n != name and (name in n or n in name))
    return found[:NEAR_COUNT]


def _unknown(key: str, name: str, names: Collection[str]) -> InvalidInput:
    near = near_names(name, names)
    if near:
        return InvalidInput(f"{key}.near", name=name, near="、".join(near))
    return InvalidInput(key, name=name)


def unknown_zone(name: str, zones: Collection[str]) -> InvalidInput:
    """The refusal of a zone that is not registered, with the near ones."""
    return _unknown("error.area.unknown_zone", name, zones)


def person_area(
    grid: str | None,
    zone: str | None,
    grids: Mapping[str, Grid],
    zones: Collection[str],
) -> tuple[str | None, str | None]:
    """The grid and zone a person's file holds when the officer gives ``grid`` and
    ``zone`` (either may be None: not given, or empty: cleared).

    Raises InvalidInput: ``error.area.unknown_grid`` / ``error.area.unknown_zone`` (with
    ``.near`` and the near names where some are near), ``error.area.grid_zone`` when the
    grid lies in another zone than the one given."""
    if grid:
        found = grids.get(grid)
        if found is None:
            raise _unknown("error.area.unknown_grid", grid, grids)
        if zone and found.zone is not None and zone != found.zone:
            raise InvalidInput("error.area.grid_zone", grid=grid, zone=found.zone, given=zone)
        if found.zone is not None:
            return grid, found.zone
    if zone and zone not in zones:
        raise unknown_zone(zone, zones)
    return grid, zone


# Characters a name of an area may not hold: it names files (the sheets of a grid).
UNSAFE = frozenset('/\\:*?"<>|')


def new_area_refusal(name: str, taken: Collection[str]) -> tuple[str, dict[str, str]] | None:
    """Why an area cannot be added under ``name`` (a message key and its parameters), or
    None: a character a file name cannot hold, the name taken, or a name that reads as
    a taken one but for how its numbers are written (第2片区 beside 第二片区)."""
    if any(char in UNSAFE for char in name):
        return "error.area.unsafe", {"name": name}
    if name in taken:
        return "error.area.taken", {"name": name}
    read = _numbers_read(name)
    for other in taken:
        if _numbers_read(other) == read:
            return "error.area.taken_as", {"name": name, "other": other}
    return None


def grid_table_rows(
    rows: Sequence[Grid],
) -> tuple[list[str], list[Grid], list[tuple[str, str | None, str | None]]]:
    """The zones and grids of a township's grid table, in the table's order, each once,
    and the grids it names in two zones: (zone names, grids, [(grid, first zone, other
    zone)]). A grid named twice in one zone keeps its first row (the import counts the
    others as repeated)."""
    zones: list[str] = []
    grids: dict[str, Grid] = {}
    twice: list[tuple[str, str | None, str | None]] = []
    for row in rows:
        if row.zone and row.zone not in zones:
            zones.append(row.zone)
        first = grids.setdefault(row.name, row)
        if first.zone != row.zone and (row.name, first.zone, row.zone) not in twice:
            twice.append((row.name, first.zone, row.zone))
    return zones, list(grids.values()), twice


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """How names of areas sort as people count them: 第二片区 before 第十片区, 网格9
    before 网格10 (numbers, Chinese numerals too, read as numbers)."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.split(r"(\d+)", _numbers_read(name))
        if part
    )
