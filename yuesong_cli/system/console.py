"""What a console can write. A Windows console, or a file or pipe there, writes the code
page of the officer's locale (GBK, cp936): Chinese, but not every chart block, mark or
line of a frame. Such a character becomes a plain equivalent instead of ending the command
with an encoding error; everything the console can write is kept as it is."""

from __future__ import annotations

import codecs
import io
from typing import IO, Any, cast

# The plain equivalents of what the output draws: the weekly chart's bars (█ kept, ░ not
# kept), the calendar's marks (● kept, ✗ missed, ○ open), changes up and down, and rich's
# ellipsis. Other box-drawing lines are read from their Unicode names.
PLAIN = {
    "░": "-",
    "▒": "#",
    "▓": "#",
    "█": "#",
    "●": "*",
    "✗": "x",
    "✓": "v",
    "○": "o",
    "↑": "+",
    "↓": "-",
    "→": "->",
    "←": "<-",
    "…": "...",
    "·": ".",
    "—": "-",
    "–": "-",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
}
# The name of the codec error handler that writes the plain equivalents.
ERRORS = "yuesong-plain"


def plain(character: str) -> str:
    """A character's plain equivalent in ASCII, which every console's encoding writes;
    "?" for what has none."""
    if character in PLAIN:
        return PLAIN[character]
    import unicodedata  # only when a character cannot be written: start-up stays lean

    name = unicodedata.name(character, "")
    if name.startswith("BOX DRAWINGS"):
        across = "HORIZONTAL" in name or "LEFT" in name or "RIGHT" in name
        down = "VERTICAL" in name or "UP" in name or "DOWN" in name
        if across and not down:
            return "=" if "DOUBLE" in name else "-"
        if down and not across:
            return "|"
        return "+"
    return "?"


def _replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    unwritable = error.object[error.start : error.end]
    return "".join(plain(character) for character in unwritable), error.end


codecs.register_error(ERRORS, _replace)


def writes_everything(encoding: str | None) -> bool:
    """Whether ``encoding`` writes every character (UTF-8, UTF-16, GB18030, …)."""
    if not encoding:
        # A stream with no encoding (an in-memory one) holds text, not bytes.
        return True
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith("utf") or name == "gb18030"


def writable_text(text: str, encoding: str | None) -> str:
    """``text`` with what ``encoding`` cannot write replaced by its plain equivalent."""
    if writes_everything(encoding):
        return text
    assert encoding is not None
    return text.encode(encoding, ERRORS).decode(encoding)


def writable_stream(stream: IO[str]) -> IO[str]:
    """``stream`` made to write plain equivalents of what its encoding cannot write,
    instead of failing. A text file of the standard library (stdout, stderr, a file)
    is switched to the replacing error handler in place; any other stream is wrapped."""
    encoding = getattr(stream, "encoding", None)
    if writes_everything(encoding):
        return stream
    if isinstance(stream, io.TextIOWrapper):
        if stream.errors == "strict":
            stream.reconfigure(errors=ERRORS)
        return stream
    return cast(IO[str], _PlainWriter(stream, str(encoding)))


def guard_standard_streams() -> None:
    """stdout and stderr write plain equivalents rather than fail: every message and
    error line, whoever prints it. Called once when the program starts."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            writable_stream(stream)


class _PlainWriter:
    """A text stream's writes with what its encoding cannot write replaced."""

    def __init__(self, stream: IO[str], encoding: str) -> None:
        self._stream = stream
        self.encoding = encoding

    def write(self, text: str) -> int:
        self._stream.write(writable_text(text, self.encoding))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
