"""The key of an encrypted database (docs/security.md §6): read from a file only its owner
may read, or typed at a prompt; never taken from the command line, where it would stay in
the shell's history and show in the list of processes.

The key is a passphrase. SQLCipher turns it into the 256-bit key of the file with
PBKDF2-HMAC-SHA512 (256,000 iterations) and the file's own random salt, so a passphrase
the officer can remember and type still resists guessing on a stolen laptop; SQLCipher
reads a key written ``x'…'`` around 64 hexadecimal digits as a raw key instead, used as it
is, without that derivation. Spaces and line ends around the key, in a file or typed, are
not part of it (an editor adds a final line end; Notepad may add a byte-order mark).

Where the key comes from:

- ``YUESONG_KEY_FILE``, when set, names the key file: it must exist, be the owner's
  alone (mode 0600 on POSIX, an owner-only access list on Windows, system/files.py) and
  hold a key. This is how a cron job or scheduled task reads an encrypted file.
- Otherwise, on a terminal, the key is asked for (not echoed), once a process: the
  workers the due list forks for a large register inherit it.
- Otherwise (a cron job without the variable) the command stops with one line saying
  how to set it.

A new key (``init --encrypt``, ``db encrypt``; ``db rekey`` reads the new one from
``YUESONG_NEW_KEY_FILE``) comes from the same file or is typed twice, and must be at least
``SHORTEST`` characters long.

``database_key`` is the one place the key of the open database is read: the audit's keyed
hash can derive its own key from it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from yuesong_cli.errors import DatabaseProblem, InvalidInput, NotFound, YuesongError
from yuesong_cli.messages import t
from yuesong_cli.system import files

KEY_FILE = "YUESONG_KEY_FILE"
NEW_KEY_FILE = "YUESONG_NEW_KEY_FILE"
SHORTEST = 8

# The key typed at the prompt, kept for the rest of this process.
_typed: str | None = None


def ask_hidden(prompt: str) -> str | None:
    """What the officer types after ``prompt``, not echoed; None when there is no
    terminal to ask on (a cron job, a pipe): getpass would otherwise read the key from
    whatever stdin holds, or wait for it."""
    if not sys.stdin or not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass(prompt)


def database_key(
    lang: str = "zh",
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    runner: files.Runner | None = None,
) -> str:
    """The key of the encrypted database being opened: the content of the file
    ``YUESONG_KEY_FILE`` names, else typed at the prompt (once a process)."""
    global _typed
    named = (os.environ if environ is None else environ).get(KEY_FILE)
    if named:
        return read_key_file(Path(named), KEY_FILE, platform=platform, runner=runner)
    if _typed is None:
        typed = ask_hidden(t("key.prompt", lang))
        if typed is None:
            raise YuesongError("error.key.missing", variable=KEY_FILE)
        _typed = checked_key(typed)
    return _typed


def new_key(
    lang: str = "zh",
    *,
    variable: str = KEY_FILE,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    runner: files.Runner | None = None,
) -> str:
    """A key for a file about to be encrypted: from the file ``variable`` names, or typed
    twice, the same both times; at least ``SHORTEST`` characters."""
    named = (os.environ if environ is None else environ).get(variable)
    if named:
        key = read_key_file(Path(named), variable, platform=platform, runner=runner)
    else:
        key = _typed_key(
            t("key.prompt_new", lang),
            t("key.prompt_again", lang),
            YuesongError("error.key.new_missing", variable=variable),
        )
    return _long_enough(key)


def _typed_key(prompt: str, again: str | None, missing: YuesongError) -> str:
    """A key typed at ``prompt`` (and, given ``again``, typed the same a second time);
    ``missing`` where there is no terminal to type it on."""
    first = ask_hidden(prompt)
    if first is None:
        raise missing
    key = checked_key(first)
    if again is not None:
        second = ask_hidden(again)
        if second is None or checked_key(second) != key:
            raise InvalidInput("error.key.mismatch")
    return key


def _long_enough(key: str) -> str:
    if len(key) < SHORTEST:
        raise InvalidInput("error.key.short", shortest=SHORTEST)
    return key


def read_key_file(
    path: Path,
    variable: str = KEY_FILE,
    *,
    platform: str | None = None,
    runner: files.Runner | None = None,
) -> str:
    """The key held in ``path``, which must be the owner's alone."""
    if not path.is_file():
        raise NotFound("error.key.file_missing", path=str(path), variable=variable)
    if not files.is_private(path, platform=platform, runner=runner):
        raise DatabaseProblem(
            "error.key.file_open", path=str(path), fix=files.fix_command(path, platform=platform)
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise YuesongError("error.key.file_unreadable", path=str(path)) from exc
    if not text.strip():
        raise InvalidInput("error.key.file_empty", path=str(path))
    return checked_key(text)


def checked_key(text: str) -> str:
    """The key without the spaces and line ends around it; refused when empty or holding
    a control character (SQLite would end a key at a NUL)."""
    from yuesong_cli.domain.text import has_control_characters

    key = text.strip()
    if not key:
        raise InvalidInput("error.key.empty")
    if has_control_characters(key):
        raise InvalidInput("error.key.control")
    return key


def forget() -> None:
    """Forget a key typed at the prompt (the tests, which run many commands in one
    process)."""
    global _typed
    _typed = None


def package_passphrase(key_file: Path | None, lang: str = "zh", *, twice: bool) -> str:
    """The passphrase of a transfer package (docs/security.md §11): the content of
    ``key_file`` (owner-only), else typed (``twice`` when a package is being made, the
    same both times); at least ``SHORTEST`` characters."""
    if key_file is not None:
        return _long_enough(read_key_file(key_file, "--key-file"))
    return _long_enough(
        _typed_key(
            t("transfer.prompt", lang),
            t("key.prompt_again", lang) if twice else None,
            YuesongError("error.transfer.no_passphrase"),
        )
    )
