"""What a complete personal file holds: now read from the field table, domain/fields.py.

The county asks for the 录入率 (entry rate): persons whose file has every field reports
need, over all persons registered; the same list drives the ``file_incomplete`` alert.
"""

from __future__ import annotations

from yuesong_cli.domain.fields import REQUIRED_FIELDS, missing_fields  # moved: see domain/fields.py

__all__ = ["REQUIRED_FIELDS", "missing_fields"]
