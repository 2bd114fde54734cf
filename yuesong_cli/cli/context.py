"""What every command shares: the database path, the language, the clock, the output."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import typer

from yuesong_cli.cli.options import OutputFormat
from yuesong_cli.domain.dates import parse_date
from yuesong_cli.domain.people import People
from yuesong_cli.domain.photos import PHOTO_MAX_BYTES, Photo, image_media_type, photo_of
from yuesong_cli.domain.text import clean_text
from yuesong_cli.errors import InvalidInput, NotFound
from yuesong_cli.messages import t
from yuesong_cli.output.render import Renderer
from yuesong_cli.store.clock import today_in
from yuesong_cli.store.db import Store


def default_db_path() -> Path:
    """docs/commands.md: --db, then YUESONG_DB, then yuesong.db in the user's data directory."""
    from_env = os.environ.get("YUESONG_DB")
    if from_env:
        return Path(from_env)
    import platformdirs  # only without --db or YUESONG_DB: not loaded by a cron run

    return Path(platformdirs.user_data_dir("yuesong", appauthor=False)) / "yuesong.db"


def login_name() -> str:
    """Who the audit log names for this run's changes: the user logged in."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container, say): the audit still needs a value
        return "unknown"


@dataclass
class AppContext:
    db_path: Path
    lang: str
    # --wide: every column of a table, whatever the width of the screen.
    wide: bool = False
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        if self._store is None:
            self._store = _keeping_state(
                Store(self.db_path, actor=login_name, key=self.database_key)
            )
        return self._store

    def database_key(self) -> str:
        """The key of an encrypted database, asked in the officer's language (asked
        only when the file is encrypted: system/keys.py)."""
        from yuesong_cli.system.keys import database_key

        return database_key(self.lang)

    def new_key(self) -> str:
        """The key of a file about to be encrypted (system/keys.py)."""
        from yuesong_cli.system.keys import new_key

        return new_key(self.lang)

    def create_store(self, *, encrypt: bool = False) -> Store:
        if self.db_path.parent and not self.db_path.parent.exists():
            # The user's data directory may not exist on a fresh machine; only that
            # default location is created for the officer, never an arbitrary folder.
            if self.db_path.parent == default_db_path().parent:
                from yuesong_cli.system.files import private_folder

                private_folder(self.db_path.parent)
        key = self.new_key if encrypt else self.database_key
        self._store = _keeping_state(
            Store(self.db_path, create=True, actor=login_name, key=key, encrypt=encrypt)
        )
        return self._store

    def today(self) -> dt.date:
        return today_in(self.store().setting("timezone"))

    def past_day(self, text: str) -> dt.date:
        """The day ``text`` names, refused when it is after today: what has happened
        (a session held, a document signed or sent, help given)."""
        today = self.today()
        day = self.date(text, today)
        assert day is not None
        if day > today:
            raise InvalidInput("error.date.future")
        return day

    def date(
        self,
        text: str | None,
        default: dt.date | None = None,
        *,
        not_before: dt.date | None = None,
    ) -> dt.date | None:
        """The day ``text`` names (``default`` if none); a date typed without a year is
        the first on or after ``not_before`` when given (the end of a span)."""
        if text is None:
            return default
        day = parse_date(text, self.today(), not_before=not_before)
        # Far dates are typing mistakes; they would also overflow the date arithmetic.
        if not dt.date(1900, 1, 1) <= day <= dt.date(2199, 12, 31):
            raise InvalidInput("error.date.out_of_range")
        return day

    def people(
        self,
        village: str | None = None,
        grid: str | None = None,
        zone: str | None = None,
        helper: str | None = None,
    ) -> People:
        """The persons the filters typed name (domain/people.py): each text checked as
        typed text is (docs/security.md §7), a grid or a zone one that is registered
        (refused with the nearest ones otherwise), the helper resolved."""
        store = self.store()
        village, grid, zone = (
            clean_text(value, t(label, self.lang)) if value is not None else None
            for value, label in ((village, "col.village"), (grid, "col.grid"), (zone, "col.zone"))
        )
        if grid is not None or zone is not None:
            store.person_area(grid, zone)
        return People(
            village=village,
            grid=grid,
            zone=zone,
            helper_id=store.resolve_helper(helper) if helper else None,
        )

    def renderer(
        self, fmt: OutputFormat | None, *, reveal: bool = False, ledger: bool = True
    ) -> Renderer:
        """The renderer of a command's output; without ``ledger``, for a command that
        opens no database (``county merge``: it shows no name, so masks them all)."""
        mask_names = self.store().setting("mask_names") != "off" if ledger else True
        return Renderer(
            fmt.value if fmt else None,
            self.lang,
            mask_names=mask_names,
            reveal=reveal,
            out=sys.stdout,
            wide=self.wide,
        )

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _keeping_state(store: Store) -> Store:
    """``store`` with the derived state kept up to date by each of its writes, in the
    write's transaction (ledger/standing.py; loaded only when a write left a person
    stale, so a command that writes nothing the state holds starts without it)."""

    def keep() -> None:
        if store.has_stale():
            from yuesong_cli.ledger.standing import keep_up_to_date

            keep_up_to_date(store)

    store.before_commit.append(keep)
    return store


def app_context(ctx: typer.Context) -> AppContext:
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext)
    return obj


def read_photo(path: Path) -> Photo:
    """The copy kept of an image file the officer names for a contact: image types only
    (by their bytes, not the file's name), at most PHOTO_MAX_BYTES, the size asked before
    anything is read; scaled down and without EXIF (system/images.py), Pillow imported
    only now that a photo is given. Shared by the commands that keep a photo."""
    from yuesong_cli.system.images import kept_copy

    if not path.is_file():
        raise NotFound("error.photo.missing", path=str(path))
    if path.stat().st_size > PHOTO_MAX_BYTES:
        raise InvalidInput(
            "error.photo.too_big", path=str(path), limit=PHOTO_MAX_BYTES // (1024 * 1024)
        )
    data = path.read_bytes()
    # One message for bytes that are no image and an image Pillow cannot read (HEIC).
    kept = kept_copy(data) if image_media_type(data) is not None else None
    if kept is None:
        raise InvalidInput("error.photo.unreadable", path=str(path))
    return photo_of(kept.data, kept.media_type)
