"""Typed errors of yuesong.

The core raises these; the CLI turns each into one line on stderr and an exit code in
one place (``yuesong_cli.cli.app``). An error carries a message key of the catalog and
its parameters, never personal data: parameters are things like a field name, a count,
a case number or a file path that the officer typed.
"""

from __future__ import annotations

from typing import Any


class YuesongError(Exception):
    """Something the officer can fix; printed as one line, exit 1."""

    exit_code = 1
    default_key = "error.generic"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        self.key = key or self.default_key
        self.params = params
        super().__init__(self.key)

    def message(self, lang: str) -> str:
        from yuesong_cli.messages import t

        return t(self.key, lang, **self.params)

    def __reduce__(self) -> tuple[Any, ...]:
        # With its parameters: an error raised in a worker process of the due list
        # reaches the officer through the parent.
        return (_restore, (type(self), self.key, self.params))


def _restore(cls: type[YuesongError], key: str, params: dict[str, Any]) -> YuesongError:
    return cls(key, **params)


class UsageProblem(YuesongError):
    """The command was called the wrong way (a missing or clashing option): exit 2."""

    exit_code = 2
    default_key = "usage.generic"


class InvalidInput(YuesongError):
    """A value typed on the command line is not acceptable."""

    default_key = "error.invalid_input"


class InvalidIdNumber(InvalidInput):
    """A resident ID number fails the GB 11643 checks."""

    default_key = "error.id.invalid"


class InvalidDate(InvalidInput):
    """A date that cannot be read or that does not exist."""

    default_key = "error.date.invalid"


class NotFound(YuesongError):
    """A person, helper or record that is not in the database."""

    default_key = "error.not_found"


class Ambiguous(YuesongError):
    """A reference that matches more than one record."""

    default_key = "error.ambiguous"


class Conflict(YuesongError):
    """A change that would break a rule of the register (a duplicate, say)."""

    default_key = "error.conflict"


class DatabaseProblem(YuesongError):
    """The database file cannot be used as it is (permissions, damage, version)."""

    default_key = "error.database"


class Fault(YuesongError):
    """The file system or SQLite refused a file as it stands: a full disk, a read-only
    disk, no permission, a file another program holds, real damage, a failing disk. Each
    is its own line saying what to do; only damage suggests a restore."""

    default_key = "error.generic"
