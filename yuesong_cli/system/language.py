"""The language of the officer's system, where the program is given none.

On Linux and macOS the locale is in the environment: LC_ALL, then LC_MESSAGES, then LANG.
Windows sets none of these; there the language is the one Windows itself is shown in,
GetUserDefaultUILanguage. That, rather than ``locale.getlocale()``, because it is the
display language the officer reads every day, whereas getlocale() gives the regional
format (dates, numbers; "English_United States" on many Chinese machines whose owners never
changed it) and only after something has called setlocale. ctypes is imported only there.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
# The primary language of a Windows LANGID is its low 10 bits; 0x09 is English.
_PRIMARY_LANGUAGE_MASK = 0x3FF
_LANG_ENGLISH = 0x09


def _from_tag(tag: str) -> str:
    return "en" if tag.strip().lower().startswith("en") else "zh"


def windows_ui_language() -> str | None:
    """English or Chinese ("en", "zh") as Windows is shown; None if that cannot be read."""
    import ctypes

    try:
        langid = int(ctypes.windll.kernel32.GetUserDefaultUILanguage())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return None
    return "en" if langid & _PRIMARY_LANGUAGE_MASK == _LANG_ENGLISH else "zh"


def system_language(environ: Mapping[str, str], platform: str = os.name) -> str | None:
    """The system's language, "en" when its locale is English and "zh" for any other;
    None when nothing says. ``platform`` is an ``os.name`` ("nt": Windows)."""
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return _from_tag(value)
    if platform == "nt":
        return windows_ui_language()
    return None
