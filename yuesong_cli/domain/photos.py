"""What a contact's photo may be: an image a phone or camera makes, of bounded size, and
how it is kept: scaled down and without its EXIF data (the copy itself is made by
``system/images.py``, with Pillow). Pure code: bytes and numbers in, answers out; the
command reads the file."""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass

# The largest file the officer may attach: a phone's full-size photo (10 to 15 MB for a
# 48-megapixel camera). What is kept is far smaller, scaled to PHOTO_MAX_SIDE.
PHOTO_MAX_BYTES = 20 * 1024 * 1024

# Photos live inside the database file (the one file is the whole record): the copy kept
# is at most this many pixels on its long side, enough to see a face or a room again,
# about 0.5 to 1 MB as a JPEG, so a ledger stays a file that can be copied and backed up.
PHOTO_MAX_SIDE = 2048

# A photo's number as listed: the start of the SHA-256 of the bytes kept, stable whatever
# happens to the database (a copy, a restore), as a row number would not be.
PHOTO_ID_LENGTH = 8
# The shortest start of a number that is read as one.
PHOTO_ID_MIN = 6

# Magic numbers of the image types a phone or camera produces.
_IMAGE_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"ftypheic", 4, "image/heic"),
    (b"ftypheix", 4, "image/heic"),
    (b"ftypmif1", 4, "image/heif"),
)

# The file name's suffix of a photo exported.
SUFFIX = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "image/heif": ".heif",
}

_HEX = re.compile(r"[0-9a-f]+")

# JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic), which carry
# the frame's size; not C4 (Huffman tables), C8 (reserved) or CC (arithmetic tables).
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


@dataclass(frozen=True)
class Photo:
    """A photo as stored: once per content, keyed by the SHA-256 of its bytes."""

    sha256: str
    media_type: str
    data: bytes


def image_media_type(data: bytes) -> str | None:
    """The media type of an image's bytes, by their magic number; None for anything else."""
    for signature, offset, media_type in _IMAGE_SIGNATURES:
        if data[offset : offset + len(signature)] == signature:
            if media_type == "image/webp" and not data.startswith(b"RIFF"):
                continue
            return media_type
    return None


def photo_of(data: bytes, media_type: str) -> Photo:
    return Photo(hashlib.sha256(data).hexdigest(), media_type, data)


def photo_id(sha256: str) -> str:
    """The number a photo is listed and exported by."""
    return sha256[:PHOTO_ID_LENGTH]


def photo_id_prefix(typed: str) -> str | None:
    """The start of a SHA-256 that ``typed`` names (lower case), or None when it cannot
    name a photo: not hexadecimal, shorter than PHOTO_ID_MIN or longer than a digest."""
    text = typed.strip().lower()
    if PHOTO_ID_MIN <= len(text) <= 64 and _HEX.fullmatch(text):
        return text
    return None


def scaled_size(width: int, height: int, max_side: int = PHOTO_MAX_SIDE) -> tuple[int, int]:
    """The size a photo is kept at: the same proportions, the long side at most
    ``max_side``, never enlarged, never less than one pixel."""
    long_side = max(width, height)
    if long_side <= max_side:
        return width, height
    return max(1, round(width * max_side / long_side)), max(1, round(height * max_side / long_side))


def image_pixels(head: bytes) -> tuple[int, int] | None:
    """Width and height of an image from its first bytes (JPEG, PNG, GIF, WebP), or None
    when they do not say (HEIC, or the frame lies beyond ``head``). Read from the
    headers so that listing photos neither loads Pillow nor reads every photo whole."""
    media_type = image_media_type(head)
    try:
        if media_type == "image/png" and head[12:16] == b"IHDR":
            width, height = struct.unpack(">II", head[16:24])
            return width, height
        if media_type == "image/gif":
            width, height = struct.unpack("<HH", head[6:10])
            return width, height
        if media_type == "image/webp":
            return _webp_pixels(head)
        if media_type == "image/jpeg":
            return _jpeg_pixels(head)
    except struct.error:  # cut short
        return None
    return None


def _webp_pixels(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        (bits,) = struct.unpack("<I", head[21:25])
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    if chunk == b"VP8X":
        width = int.from_bytes(head[24:27], "little")
        height = int.from_bytes(head[27:30], "little")
        return 1 + width, 1 + height
    return None


def _jpeg_pixels(head: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 4 <= len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            at += 2
            continue
        if marker == 0xDA:  # the image data starts: no frame header came before it
            return None
        (length,) = struct.unpack(">H", head[at + 2 : at + 4])
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", head[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None
