"""The clock (store/clock.py): YUESONG_NOW pins the moment, read by the standard library
when it carries its offset (so a pinned run loads no pendulum), by pendulum otherwise."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from yuesong_cli.errors import InvalidInput
from yuesong_cli.store.clock import now_utc, today_in


@pytest.mark.parametrize(
    ("pinned", "expected"),
    [
        ("2026-11-28T23:30:00Z", dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.UTC)),
        ("2026-11-29T07:30:00+08:00", dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.UTC)),
        # No offset: UTC, as pendulum reads it.
        ("2026-11-28T23:30:00", dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.UTC)),
        ("2026-11-28", dt.datetime(2026, 11, 28, tzinfo=dt.UTC)),
    ],
)
def test_a_pinned_moment(
    monkeypatch: pytest.MonkeyPatch, pinned: str, expected: dt.datetime
) -> None:
    monkeypatch.setenv("YUESONG_NOW", pinned)
    assert now_utc() == expected


def test_the_day_is_the_zones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YUESONG_NOW", "2026-11-28T23:30:00Z")
    assert today_in("Asia/Shanghai") == dt.date(2026, 11, 29)
    assert today_in("UTC") == dt.date(2026, 11, 28)


@pytest.mark.parametrize("pinned", ["soon", "2026-13-01T00:00:00Z"])
def test_an_unreadable_moment_is_refused(monkeypatch: pytest.MonkeyPatch, pinned: str) -> None:
    monkeypatch.setenv("YUESONG_NOW", pinned)
    with pytest.raises(InvalidInput):
        now_utc()


def test_an_instant_with_its_offset_loads_no_pendulum() -> None:
    probe = (
        "import sys; from yuesong_cli.store.clock import now_utc; now_utc();"
        " print('pendulum' in sys.modules)"
    )
    env = {"YUESONG_NOW": "2026-11-28T23:30:00Z", "PATH": ""}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
