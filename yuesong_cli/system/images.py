"""The copy of a photo that is kept: turned upright, scaled down, without EXIF. Pillow
does the work; nothing here reads or writes a file.

Why here, in system/: decoding and encoding an image is the work of a native library
(Pillow's libjpeg, zlib, libwebp), as the owner-only files beside it are the work of the
operating system, and it is neither a rule of the work (domain/, which says which size
and which types: ``domain/photos.py``) nor a store's or a screen's. Kept in one small
module so that Pillow is imported only here, and only when a photo is given: ``yuesong
log`` without ``--photo`` and the daily due list never load it.

What is dropped: EXIF (a phone writes the GPS position where the photo was taken, often
a person's home, and the phone's serial number), XMP and text chunks. What is kept: the
pixels, turned as the EXIF orientation said before it is dropped, and the colour profile
(ICC), which says how to show the colours and says nothing of anyone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from yuesong_cli.domain.photos import PHOTO_MAX_SIDE, scaled_size

# The quality of a JPEG re-encoded: indistinguishable from the phone's own on a screen, at
# about a fifth of its size.
JPEG_QUALITY = 85

# What each type Pillow reads is kept as: JPEG stays JPEG, PNG stays PNG, WebP stays
# WebP; a GIF is kept as a PNG (its first frame, losslessly: a contact's photo is a still).
# MPO is how Pillow names a JPEG that holds a second, preview image (many cameras).
_KEPT_AS = {
    "JPEG": ("JPEG", "image/jpeg"),
    "MPO": ("JPEG", "image/jpeg"),
    "PNG": ("PNG", "image/png"),
    "WEBP": ("WEBP", "image/webp"),
    "GIF": ("PNG", "image/png"),
}


@dataclass(frozen=True)
class KeptImage:
    """The bytes to keep, their media type and their size in pixels."""

    data: bytes
    media_type: str
    width: int
    height: int


def kept_copy(data: bytes, max_side: int = PHOTO_MAX_SIDE) -> KeptImage | None:
    """The copy of the image ``data`` to keep: upright, at most ``max_side`` pixels on its
    long side, without EXIF; None when Pillow cannot read it (HEIC without a plug-in, a
    file cut short, a damaged one, an image of more pixels than Pillow will decode)."""
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as image:
            kept = _KEPT_AS.get(image.format or "")
            if kept is None:
                return None
            if image.format in ("JPEG", "MPO"):
                # Decode at a lower resolution when the size kept allows (libjpeg's
                # scaling): a 48-megapixel photo is read quicker and in less memory.
                image.draft(None, (max_side, max_side))
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        # OSError includes UnidentifiedImageError (not an image Pillow knows) and a file
        # cut short; the others are what Pillow raises on damaged headers.
        return None
    fmt, media_type = kept
    size = scaled_size(upright.width, upright.height, max_side)
    if size != upright.size:
        upright = upright.resize(size, Image.Resampling.LANCZOS)
    options: dict[str, object] = {}
    icc_profile = image.info.get("icc_profile")
    if icc_profile:
        options["icc_profile"] = icc_profile
    if fmt == "JPEG":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif fmt == "WEBP":
        if upright.mode not in ("RGB", "RGBA"):
            upright = upright.convert("RGBA")
        options.update(quality=JPEG_QUALITY)
    elif upright.mode == "P" and "transparency" in upright.info:
        upright = upright.convert("RGBA")
    out = io.BytesIO()
    # No exif=, xmp= or pnginfo= given: Pillow writes none of them.
    upright.save(out, fmt, **options)
    return KeptImage(out.getvalue(), media_type, upright.width, upright.height)
