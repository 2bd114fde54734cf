"""Photos: the copy kept (scaled to 2048 pixels, upright, without EXIF), the 20 MB limit,
``photo list`` and ``photo export`` (owner-only, audited)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, fails, fingerprint, id_number, ok
from PIL import Image

from yuesong_cli.domain.photos import (
    PHOTO_MAX_BYTES,
    image_pixels,
    photo_id,
    photo_id_prefix,
    scaled_size,
)
from yuesong_cli.messages import t
from yuesong_cli.system.images import kept_copy

Run = Callable[..., InvokeResult]

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def query(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.execute(sql, params))
    finally:
        conn.close()


def phone_jpeg(size: tuple[int, int] = (4000, 3000), orientation: int = 1) -> bytes:
    """A photo as a phone writes it: EXIF with the GPS position and the maker."""
    image = Image.new("RGB", size, (90, 140, 60))
    # A dark left edge, to see which way the photo is turned once kept.
    image.paste((0, 0, 0), (0, 0, size[0] // 10, size[1]))
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (22.0, 1.0, 30.0), 3: "E", 4: (99.0, 35.0, 10.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


@pytest.fixture
def person(yuesong: Run) -> None:
    ok(
        yuesong(
            "person",
            "add",
            "--name",
            "艾那",
            "--id-number",
            id_number(123, dt.date(1990, 1, 1)),
            "--since",
            "2026-01-10",
        )
    )


def kept_photos(db: Path) -> list[tuple[str, str, int, bytes]]:
    return query(db, "SELECT sha256, media_type, size, data FROM photos ORDER BY created_at")


# --- the copy kept ------------------------------------------------------------------------


def test_a_phone_photo_is_kept_scaled_and_without_exif(
    yuesong: Run, db_path: Path, person: None, tmp_path: Path
) -> None:
    original = phone_jpeg()
    path = tmp_path / "IMG_0001.jpg"
    path.write_bytes(original)
    ok(yuesong("log", "1", "visit", "--photo", str(path)))
    [(sha256, media_type, size, data)] = kept_photos(db_path)
    assert media_type == "image/jpeg" and size == len(data) < len(original)
    kept = Image.open(io.BytesIO(data))
    assert kept.format == "JPEG"
    assert kept.size == (2048, 1536)
    assert len(kept.getexif()) == 0 and "exif" not in kept.info
    assert b"Exif" not in data and b"PhoneMaker" not in data
    assert sha256 == hashlib.sha256(data).hexdigest()


def test_the_orientation_is_applied_before_exif_is_dropped() -> None:
    # Orientation 6: the camera was held upright, the pixels lie on their side.
    kept = kept_copy(phone_jpeg((4000, 3000), orientation=6))
    assert kept is not None
    assert (kept.width, kept.height) == (1536, 2048)
    image = Image.open(io.BytesIO(kept.data)).convert("L")
    assert image.size == (1536, 2048)
    # Turned 90° clockwise: the dark left edge is now along the top.
    assert image.getpixel((768, 5)) < 40 and image.getpixel((768, 2040)) > 80


def test_a_small_photo_keeps_its_size_and_a_png_stays_png() -> None:
    image = Image.new("RGBA", (640, 480), (10, 20, 30, 128))
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (22.0, 1.0, 30.0)}
    out = io.BytesIO()
    image.save(out, "PNG", exif=exif.tobytes())
    kept = kept_copy(out.getvalue())
    assert kept is not None and kept.media_type == "image/png"
    reread = Image.open(io.BytesIO(kept.data))
    assert (reread.format, reread.size, reread.mode) == ("PNG", (640, 480), "RGBA")
    assert len(reread.getexif()) == 0 and b"eXIf" not in kept.data


def test_a_gif_is_kept_as_a_png() -> None:
    out = io.BytesIO()
    Image.new("P", (300, 5000)).save(out, "GIF")
    kept = kept_copy(out.getvalue())
    assert kept is not None
    assert (kept.media_type, kept.width, kept.height) == ("image/png", 123, 2048)


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xd8\xff\xe0" + b"\x00" * 200,  # a JPEG's first bytes, then nothing
        b"\x00\x00\x00\x18ftypheic" + b"\x00" * 200,  # HEIC: Pillow reads none here
        b"not an image at all",
    ],
)
def test_what_pillow_cannot_read_is_not_kept(data: bytes) -> None:
    assert kept_copy(data) is None


def test_a_photo_pillow_cannot_read_is_refused_as_no_image(
    yuesong: Run, db_path: Path, person: None, tmp_path: Path
) -> None:
    heic = tmp_path / "IMG_0002.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 200)
    text = tmp_path / "photo.jpg"
    text.write_text("谈话记录", encoding="utf-8")
    before = fingerprint(db_path)
    assert fails(yuesong("log", "1", "meet", "--photo", str(heic))) == t(
        "error.photo.unreadable", path=str(heic)
    )
    assert fails(yuesong("--lang", "en", "log", "1", "meet", "--photo", str(text))) == (
        f"{text} is not an image that can be read (JPEG, PNG, GIF and WebP are accepted; "
        "save an iPhone's HEIC photo as JPEG first)."
    )
    assert fingerprint(db_path) == before


def _padded_jpeg(path: Path, size: int) -> Path:
    """A real photo followed by padding up to ``size`` bytes (sparse: cheap to write)."""
    with path.open("wb") as f:
        f.write(phone_jpeg((800, 600)))
        f.truncate(size)
    return path


def test_a_19_mb_photo_is_accepted_and_21_mb_refused(
    yuesong: Run, db_path: Path, person: None, tmp_path: Path
) -> None:
    assert PHOTO_MAX_BYTES == 20 * 1024 * 1024
    ok(yuesong("log", "1", "meet", "--photo", str(_padded_jpeg(tmp_path / "a.jpg", 19 * 2**20))))
    [(_, media_type, size, _)] = kept_photos(db_path)
    assert media_type == "image/jpeg" and size < 2**20
    big = _padded_jpeg(tmp_path / "b.jpg", 21 * 2**20)
    before = fingerprint(db_path)
    assert fails(yuesong("log", "1", "meet", "--photo", str(big))) == (
        f"照片 {big} 超过 20 MB，请压缩后再附上。"
    )
    assert fingerprint(db_path) == before


def test_pillow_is_imported_only_when_a_photo_is_given(db_path: Path, person: None) -> None:
    script = (
        "import runpy, sys\n"
        f"sys.argv = ['yuesong', '--db', {str(db_path)!r}, 'log', '1', 'meet']\n"
        "try:\n"
        "    runpy.run_module('yuesong_cli', run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print('PIL' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=os.environ.copy()
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "False"


# --- pure rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "kept"),
    [
        ((4000, 3000), (2048, 1536)),
        ((3000, 4000), (1536, 2048)),
        ((2048, 100), (2048, 100)),
        ((640, 480), (640, 480)),
        ((10000, 3), (2048, 1)),
        ((4032, 3024), (2048, 1536)),
    ],
)
def test_scaled_size(size: tuple[int, int], kept: tuple[int, int]) -> None:
    assert scaled_size(*size) == kept


@pytest.mark.parametrize(
    ("fmt", "size"),
    [("JPEG", (1234, 567)), ("PNG", (3, 70000 // 7)), ("GIF", (300, 20)), ("WEBP", (640, 360))],
)
def test_pixels_are_read_from_the_headers(fmt: str, size: tuple[int, int]) -> None:
    out = io.BytesIO()
    Image.new("RGB", size).save(out, fmt)
    assert image_pixels(out.getvalue()) == size


def test_pixels_of_a_jpeg_after_a_large_exif_block() -> None:
    assert image_pixels(phone_jpeg((1000, 750))) == (1000, 750)
    assert image_pixels(b"\xff\xd8\xff\xe0") is None
    assert image_pixels(b"\x00\x00\x00\x18ftypheic") is None


@pytest.mark.parametrize(
    ("typed", "prefix"),
    [
        ("3F9A1C2B", "3f9a1c2b"),
        (" 3f9a1c ", "3f9a1c"),
        ("3f9a1", None),
        ("zz9a1c2b", None),
        ("", None),
        ("1" * 65, None),
    ],
)
def test_photo_id_prefix(typed: str, prefix: str | None) -> None:
    assert photo_id_prefix(typed) == prefix


# --- photo list and photo export ---------------------------------------------------------


@pytest.fixture
def two_photos(yuesong: Run, person: None, tmp_path: Path) -> tuple[str, str]:
    first, second = tmp_path / "a.jpg", tmp_path / "b.png"
    first.write_bytes(phone_jpeg())
    png = io.BytesIO()
    Image.new("RGB", (300, 200), (1, 2, 3)).save(png, "PNG")
    second.write_bytes(png.getvalue())
    ok(yuesong("log", "1", "visit", "talk", "--on", "2026-11-02", "--photo", str(first)))
    ok(yuesong("log", "1", "meet", "--on", "2026-11-20", "--photo", str(second)))
    jpeg_kept, png_kept = kept_copy(first.read_bytes()), kept_copy(second.read_bytes())
    assert jpeg_kept is not None and png_kept is not None
    return (
        photo_id(hashlib.sha256(jpeg_kept.data).hexdigest()),
        photo_id(hashlib.sha256(png_kept.data).hexdigest()),
    )


def test_photo_list(yuesong: Run, db_path: Path, two_photos: tuple[str, str]) -> None:
    jpeg_id, png_id = two_photos
    [(jpeg_size,)] = query(db_path, "SELECT size FROM photos WHERE media_type = 'image/jpeg'")
    rows = json.loads(ok(yuesong("photo", "list", "YS-0001", "--format", "json")))
    assert rows == [
        {
            "id": png_id,
            "happened_on": "2026-11-20",
            "contact_id": 2,
            "kinds": "meet",
            "media_type": "image/png",
            "size_kb": 1,
            "pixels": "300x200",
        },
        {
            "id": jpeg_id,
            "happened_on": "2026-11-02",
            "contact_id": 1,
            "kinds": "talk,visit",
            "media_type": "image/jpeg",
            "size_kb": round(jpeg_size / 1024),
            "pixels": "2048x1536",
        },
    ]
    plain = ok(yuesong("--lang", "en", "photo", "list", "1", "--format", "plain"))
    assert plain.splitlines()[0].split() == [
        "photo",
        "date",
        "contact",
        "kinds",
        "type",
        "size",
        "(KB)",
        "pixels",
    ]
    assert f"{png_id}  2026-11-20" in plain and "2048x1536" in plain


def test_photo_list_of_a_person_without_photos(yuesong: Run, person: None) -> None:
    assert json.loads(ok(yuesong("photo", "list", "1", "--format", "json"))) == []


def test_photo_export_writes_an_owner_only_file_and_audits_it(
    yuesong: Run, db_path: Path, two_photos: tuple[str, str], tmp_path: Path
) -> None:
    jpeg_id, _ = two_photos
    folder = tmp_path / "导出" / "照片"
    result = yuesong("photo", "export", jpeg_id.upper(), "--out", str(folder))
    target = folder / f"YS-0001_2026-11-02_{jpeg_id}.jpg"
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == t("photo.exported", id=jpeg_id, path=str(target)) + "\n"
    [(data,)] = query(db_path, "SELECT data FROM photos WHERE media_type = 'image/jpeg'")
    assert target.read_bytes() == data
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    [(action, table, fields, note)] = query(
        db_path, "SELECT action, table_name, fields, note FROM audit WHERE action = 'export'"
    )
    assert (action, table, json.loads(fields)) == ("export", "photo", ["photo"])
    assert note == f"{target.resolve()} rows=1"


def test_photo_export_never_replaces_a_file(
    yuesong: Run, db_path: Path, two_photos: tuple[str, str], tmp_path: Path
) -> None:
    _, png_id = two_photos
    ok_result = yuesong("photo", "export", png_id, "--out", str(tmp_path))
    assert ok_result.exit_code == 0
    target = tmp_path / f"YS-0001_2026-11-20_{png_id}.png"
    target.write_bytes(b"the officer's own file")
    before = fingerprint(db_path)
    assert fails(yuesong("photo", "export", png_id, "--out", str(tmp_path))) == t(
        "error.photo.exists", path=str(target)
    )
    assert target.read_bytes() == b"the officer's own file"
    assert fingerprint(db_path) == before


@pytest.mark.parametrize("typed", ["000000", "00000000", "zz", "12345", "照片1"])
def test_photo_export_refuses_an_unknown_number_with_one_line(
    yuesong: Run, db_path: Path, two_photos: tuple[str, str], tmp_path: Path, typed: str
) -> None:
    before = fingerprint(db_path)
    assert fails(yuesong("photo", "export", typed, "--out", str(tmp_path / "out"))) == t(
        "error.photo.unknown", id=typed
    )
    assert fingerprint(db_path) == before
    assert not (tmp_path / "out").exists()


def test_photo_export_into_a_file_is_refused(
    yuesong: Run, two_photos: tuple[str, str], tmp_path: Path
) -> None:
    jpeg_id, _ = two_photos
    a_file = tmp_path / "a.txt"
    a_file.write_text("x")
    assert fails(yuesong("photo", "export", jpeg_id, "--out", str(a_file))) == t(
        "error.folder.is_file", path=str(a_file)
    )


def test_photo_export_refuses_a_number_that_names_several(
    yuesong: Run, db_path: Path, person: None, tmp_path: Path
) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        for digest in ("abcdef01" + "0" * 56, "abcdef02" + "0" * 56):
            conn.execute(
                "INSERT INTO photos (sha256, media_type, size, data, created_at)"
                " VALUES (?, 'image/png', 1, x'00', '2026-11-29T01:00:00Z')",
                (digest,),
            )
    conn.close()
    assert fails(yuesong("photo", "export", "abcdef", "--out", str(tmp_path))) == t(
        "error.photo.ambiguous", id="abcdef", length=8
    )
    assert fails(yuesong("photo", "export", "abcdef03", "--out", str(tmp_path))) == t(
        "error.photo.unknown", id="abcdef03"
    )
