"""The township's zones (片区) and grids (网格) as records (store/migrations.py m013,
docs/domain.md "Zones and grids"): added one by one or from the township's grid table,
listed with how many persons each holds, and asked by every write of a person's grid
or zone (domain/areas.py ``person_area`` decides, the store applies)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.domain.areas import (
    Grid,
    grid_table_rows,
    natural_key,
    new_area_refusal,
    person_area,
    unknown_zone,
)
from yuesong_cli.errors import Conflict
from yuesong_cli.store.base import StoreBase
from yuesong_cli.store.clock import timestamp


class AreaStore(StoreBase):
    """Zones and grids."""

    # The index as last read, until an area is written through this store: a register
    # imported asks it of every row (one process is one command: another program's new
    # area is seen by the next command).
    _areas: tuple[dict[str, Grid], list[str]] | None = None

    def area_index(self) -> tuple[dict[str, Grid], list[str]]:
        """Every grid by name, and every zone's name, in the order they were added."""
        if self._areas is None:
            self._areas = self._read_area_index()
        return self._areas

    def _read_area_index(self) -> tuple[dict[str, Grid], list[str]]:
        grids = {
            name: Grid(name, zone, village, group)
            for name, zone, village, group in self.conn.execute(
                "SELECT g.name, z.name, g.village, g.village_group FROM grids g"
                " LEFT JOIN zones z ON z.id = g.zone_id ORDER BY g.id"
            )
        }
        zones = [row[0] for row in self.conn.execute("SELECT name FROM zones ORDER BY id")]
        return grids, zones

    def person_area(self, grid: str | None, zone: str | None) -> tuple[str | None, str | None]:
        """The grid and zone a person's file is to hold for ``grid`` and ``zone`` as
        given (domain/areas.py ``person_area``: InvalidInput for a name not registered,
        with the near ones, or a grid of another zone)."""
        grids, zones = self.area_index()
        return person_area(grid, zone, grids, zones)

    def zones(self) -> list[dict[str, Any]]:
        """Every zone: number, name, how many grids it holds and how many persons; in
        the order people count them (domain/areas.py ``natural_key``)."""
        found = self._query(
            "SELECT z.id, z.name,"
            " (SELECT count(*) FROM grids g WHERE g.zone_id = z.id) AS grids,"
            " (SELECT count(*) FROM persons p WHERE p.zone = z.name) AS persons"
            " FROM zones z"
        )
        return sorted(found, key=lambda zone: natural_key(zone["name"]))

    def grids(self, zone: str | None = None) -> list[dict[str, Any]]:
        """Every grid (of ``zone``): number, name, zone, village, village group and how
        many persons it holds, in the zones' order, then the order they were added."""
        where, params = ("WHERE z.name = ?", [zone]) if zone is not None else ("", [])
        found = self._query(
            "SELECT g.id, g.name, z.name AS zone, g.village, g.village_group AS `group`,"
            " (SELECT count(*) FROM persons p WHERE p.grid = g.name) AS persons"
            f" FROM grids g LEFT JOIN zones z ON z.id = g.zone_id {where}",
            params,
        )
        # By zone as people count them (a grid without one last), then by name.
        return sorted(
            found,
            key=lambda grid: (
                grid["zone"] is None,
                natural_key(grid["zone"] or ""),
                natural_key(grid["name"]),
            ),
        )

    def add_zone(self, name: str) -> int:
        """Register a zone; returns its number."""
        with self.transaction():
            return self._insert_zone(name)

    def add_grid(
        self, name: str, zone: str, village: str | None = None, group: str | None = None
    ) -> int:
        """Register a grid in a registered zone; returns its number."""
        with self.transaction():
            return self._insert_grid(Grid(name, zone, village, group))

    def import_areas(self, rows: Sequence[Grid], *, commit: bool) -> dict[str, Any]:
        """The township's grid table against the registry: the zones and grids it adds,
        those it names as registered already, and those it cannot add (a grid registered
        in another zone); with ``commit`` and nothing refused, the new ones are written in
        one transaction, with one audit row each and one for the import."""
        zones, grids, twice = grid_table_rows(rows)
        known_grids, known_zones = self.area_index()
        new_zones = [zone for zone in zones if zone not in known_zones]
        new_grids = [grid for grid in grids if grid.name not in known_grids]
        # A grid a register named before zones were kept has none: the table gives it.
        placed = [
            grid
            for grid in grids
            if grid.name in known_grids and known_grids[grid.name].zone is None and grid.zone
        ]
        same = [
            grid.name
            for grid in grids
            if grid.name in known_grids and known_grids[grid.name].zone == grid.zone
        ]
        # A grid the registry holds in another zone, or the table names in two.
        conflicts = [
            (grid.name, known_grids[grid.name].zone, grid.zone)
            for grid in grids
            if grid.name in known_grids
            and known_grids[grid.name].zone is not None
            and known_grids[grid.name].zone != grid.zone
        ] + twice
        # A new name that is a registered one written otherwise (第2片区, 网格1), or holds a
        # character a file name cannot: refused as the one-by-one commands refuse it.
        refused = [
            (name, refusal)
            for name, taken in [*((z, known_zones) for z in new_zones),
                                *((g.name, list(known_grids)) for g in new_grids)]
            if (refusal := new_area_refusal(name, taken)) is not None
        ]  # fmt: skip
        summary = {
            "zones_new": new_zones,
            "grids_new": [grid.name for grid in new_grids],
            "grids_known": same,
            "conflicts": conflicts,
            "refused": refused,
            "placed": [grid.name for grid in placed],
            "duplicates": len(rows) - len(grids),
            "committed": False,
        }
        if commit and not conflicts and not refused and (new_zones or new_grids or placed):
            with self.transaction():
                for zone in new_zones:
                    self._insert_zone(zone)
                for grid in new_grids:
                    self._insert_grid(grid)
                for grid in placed:
                    self._place_grid(grid)
                self.audit(
                    "import",
                    "grids",
                    None,
                    ["zones", "grids"],
                    note=f"zones {len(new_zones)}, grids {len(new_grids)}",
                )
            summary["committed"] = True
        return summary

    def move_grid(self, name: str, zone: str) -> int:
        """Put a registered grid in another registered zone (a grid the migration placed
        by its persons' zones, say), its persons' zone with it, in one transaction;
        returns how many persons' files changed."""
        grids, zones = self.area_index()
        if name not in grids:
            person_area(name, None, grids, zones)  # refused with the near names
        if zone not in zones:
            raise unknown_zone(zone, zones)
        with self.transaction():
            return self._place_grid(Grid(name, zone))

    def _place_grid(self, grid: Grid) -> int:
        """Give a registered grid the zone (and, where it has none, the village and group)
        of ``grid``, and its persons that zone; returns how many persons changed."""
        self._areas = None
        (zone_id,) = self.conn.execute(
            "SELECT id FROM zones WHERE name = ?", (grid.zone,)
        ).fetchone()
        found = self.conn.execute("SELECT id FROM grids WHERE name = ?", (grid.name,)).fetchone()
        self.conn.execute(
            "UPDATE grids SET zone_id = ?, village = coalesce(village, ?),"
            " village_group = coalesce(village_group, ?) WHERE id = ?",
            (zone_id, grid.village, grid.village_group, found[0]),
        )
        self.audit("update", "grids", int(found[0]), ["zone_id"])
        moved = [
            row[0]
            for row in self.conn.execute(
                "SELECT id FROM persons WHERE grid = ? AND zone IS NOT ?", (grid.name, grid.zone)
            )
        ]
        for person_id in moved:
            self.conn.execute("UPDATE persons SET zone = ? WHERE id = ?", (grid.zone, person_id))
            self.audit("update", "persons", person_id, ["zone"])
        return len(moved)

    def _insert_zone(self, name: str) -> int:
        self._areas = None
        if refusal := new_area_refusal(
            name, [r[0] for r in self.conn.execute("SELECT name FROM zones")]
        ):
            raise Conflict(refusal[0], **refusal[1])
        cursor = self.conn.execute(
            "INSERT INTO zones (name, created_at) VALUES (?, ?)", (name, timestamp())
        )
        zone_id = int(cursor.lastrowid or 0)
        self.audit("insert", "zones", zone_id, ["name"])
        return zone_id

    def _insert_grid(self, grid: Grid) -> int:
        self._areas = None
        if refusal := new_area_refusal(
            grid.name, [r[0] for r in self.conn.execute("SELECT name FROM grids")]
        ):
            raise Conflict(refusal[0], **refusal[1])
        found = self.conn.execute("SELECT id FROM zones WHERE name = ?", (grid.zone,)).fetchone()
        if found is None:
            raise unknown_zone(grid.zone or "", self.area_index()[1])
        cursor = self.conn.execute(
            "INSERT INTO grids (name, zone_id, village, village_group, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (grid.name, found[0], grid.village, grid.village_group, timestamp()),
        )
        grid_id = int(cursor.lastrowid or 0)
        self.audit(
            "insert",
            "grids",
            grid_id,
            ["name", "zone_id"]
            + [
                key
                for key, value in (("village", grid.village), ("village_group", grid.village_group))
                if value
            ],
        )
        return grid_id

    def _areas_of(
        self, fields: Mapping[str, Any], current: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        """``fields`` (a person's, as the officer gives them) with the grid and zone the
        file is to hold: checked against the registry where either is given (with
        ``current``, the file as it is, for an edit that gives only one)."""
        if "grid" not in fields and "zone" not in fields:
            return dict(fields)
        grid = fields["grid"] if "grid" in fields else (current or {}).get("grid")
        if "zone" in fields:
            zone = fields["zone"]
        elif "grid" in fields and fields["grid"]:
            zone = None  # a grid given alone brings its zone
        else:
            # The file's zone stands: a grid cleared leaves the person in their zone.
            zone = (current or {}).get("zone")
        grid, zone = self.person_area(grid or None, zone or None)
        found = dict(fields)
        if "grid" in fields or grid:
            found["grid"] = grid
        found["zone"] = zone
        return found
