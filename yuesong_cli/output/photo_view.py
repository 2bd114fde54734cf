"""A person's photos as ``photo list`` shows them, and a photo written out by ``photo
export``: its file name and the file, readable by the owner only."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yuesong_cli.domain.photos import SUFFIX, image_pixels, photo_id
from yuesong_cli.output.render import Column

PHOTO_COLUMNS = (
    Column("id", "col.photo_id"),
    Column("happened_on", "col.date", "date"),
    Column("contact_id", "col.contact_id", "number", drop_order=2),
    Column("kinds", "col.kinds", "kinds"),
    Column("media_type", "col.media_type", drop_order=1),
    Column("size_kb", "col.photo_size", "number"),
    Column("pixels", "col.pixels"),
)


def photo_rows(photos: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The rows of ``photo list`` from the store's rows (``person_photos``): the photo's
    number, its contact, type, size in KB and size in pixels (read from its headers;
    empty when they do not say, as for HEIC)."""
    rows = []
    for photo in photos:
        pixels = image_pixels(photo["head"])
        rows.append(
            {
                "id": photo_id(photo["sha256"]),
                "happened_on": photo["happened_on"],
                "contact_id": photo["contact_id"],
                "kinds": photo["kinds"],
                "media_type": photo["media_type"],
                "size_kb": max(1, round(photo["size"] / 1024)),
                "pixels": f"{pixels[0]}x{pixels[1]}" if pixels else None,
            }
        )
    return rows


def photo_file_name(photo: Mapping[str, Any]) -> str:
    """The name a photo is exported under: the case and day of its first contact and its
    number (YS-0001_2026-11-02_3f9a1c2b.jpg), so that a folder of them sorts by person
    and day; no name or other personal value."""
    parts = [photo["case_no"], photo["happened_on"], photo_id(photo["sha256"])]
    return "_".join(str(part) for part in parts if part) + SUFFIX.get(photo["media_type"], "")
