"""What a contact's photo may be: an image a phone or camera makes, of bounded size. Pure
code: the bytes come in, a media type (or None) goes out; the command reads the file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# Photos live inside the database file (the one file is the whole record): a limit keeps
# a ledger a file that can be copied and backed up.
PHOTO_MAX_BYTES = 5 * 1024 * 1024

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
