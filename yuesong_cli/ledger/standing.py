"""The kept state (docs/model.md "Kept state"), in two parts worked out for one day and
kept in the database (store/derived.py), so that a county's runs read them instead of
working everything out again each time:

- part ``day``: each person's current item of every rule and their alerts, from the
  obligation model and the alert rules; what the due list, its headline and the alerts
  read;
- part ``log``: every obligation whose deadline has come, judged as of the day; what the
  reports count in SQL (ledger/reports.py).

The state is derived, never a source of truth:

- each part names the day it holds and the model that worked it out (``MODEL``: another
  version of yuesong works it out again);
- every write that can change a person's answer marks the person stale in the write's own
  transaction (the triggers of store/migrations.py m012), and ``keep_up_to_date``, run by
  the store before the write commits, works the stale persons out again, so the state
  and the records change together;
- on the first run of a new day a part is rolled forward (``day_ready``, ``log_ready``):
  worked out before its transaction and written only if no other program is writing and
  the part is still as it was (``_still``); a run that cannot write, finds the file being
  written, or asks another day works its answer out from the records instead, and is as
  right. The entry points of the commands ask; the modules that work the answers out
  (duelist, alertlist, reports) are told (``kept``);
- ``db verify`` works each part out again and compares (``differences``);
  ``db rebuild-state`` throws them away and works them out again (``rebuild_today``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Sequence

from yuesong_cli import __version__
from yuesong_cli.domain.alerts import Alert
from yuesong_cli.ledger.duelist import DayObligations, day_items
from yuesong_cli.store.clock import now_utc, today_in
from yuesong_cli.store.db import Store
from yuesong_cli.store.derived import DayRows, LoggedPerson

DAY = "day"
LOG = "log"
# Who worked the state out: a state another version of the model worked out is worked out
# again. The number after the version changes when the model changes within a version.
MODEL = f"{__version__}/2"


def today(store: Store) -> dt.date:
    """Today in the database's time zone (store/clock.py)."""
    return today_in(store.setting("timezone"))


def day_ready(store: Store, as_of: dt.date) -> bool:
    """Whether part ``day`` holds ``as_of``, up to date, so the due list and the alerts
    read it: brought up to date first when a write left persons stale, and rolled
    forward when it holds an earlier day and ``as_of`` is today. False when the state
    cannot serve (another day is asked, or the file cannot be written now): the caller
    then works the day out from the records."""
    held = store.part_day(DAY)
    if held is not None and held.model == MODEL and held.day == as_of:
        if not store.stale_persons(DAY):
            return True

        def bring_up_to_date() -> None:
            _still(store, DAY, as_of, MODEL)
            refresh(store, as_of, store.stale_persons(DAY))

        return _write(store, bring_up_to_date)
    if as_of != today(store):
        return False
    return roll_day(store, as_of)


def roll_day(store: Store, day: dt.date) -> bool:
    """Part ``day`` worked out for ``day`` for everyone and written, in one transaction;
    False when the file cannot be written now. Worked out before the transaction, so
    that a county's day is shared among processes (ledger/duelist.py) and nobody's write
    waits for it, and again inside it if anything was written in between."""
    if not _can_write(store):
        return False
    token = store.change_token()
    rows = day_rows(store, day, None)

    def roll() -> None:
        again = rows if store.change_token() == token else day_rows(store, day, None)
        store.write_day_rows(again, None)
        store.mark_part(DAY, day, MODEL)

    return _write(store, roll)


def _can_write(store: Store) -> bool:
    return store.writable and not store.conn.in_transaction


def _write(store: Store, work: Callable[[], None]) -> bool:
    """Run ``work`` in a transaction of its own, taken only if no other program is
    writing (the kept state is never worth making the officer's write wait); False when
    the file cannot take it (read only, held by another program, a full disk): the
    reader then works the day out from the records."""
    if not _can_write(store):
        return False
    try:
        with store.transaction(wait=False):
            work()
    except (sqlite3.OperationalError, _Moved):
        return False
    return True


class _Moved(Exception):
    """A part is no longer as it was when the work on it began (a plan changed, another
    run built or rolled it): the work is undone, and the reader works the answer out."""


def _still(store: Store, part: str, day: dt.date, model: str) -> None:
    """Inside the transaction: ``part`` still holds ``day`` as ``model`` marked it, as it
    did when the work on it began; else ``_Moved``."""
    held = store.part_day(part)
    if held is None or held.day != day or held.model != model:
        raise _Moved(part)


def rebuild_today(store: Store, day: dt.date) -> dict[str, object]:
    """``db rebuild-state``: the kept state thrown away and worked out again for ``day``
    (today), in one transaction; what it now holds, counted."""
    with store.transaction():
        for part in store.parts():
            store.drop_part(part)
        rows = day_rows(store, day, None)
        store.write_day_rows(rows, None)
        store.mark_part(DAY, day, MODEL)
        logged = rebuild_log(store, day)
    return {
        "day": day.isoformat(),
        "persons": len(rows.active),
        "items": len(rows.items),
        "alerts": len(rows.alerts),
        "obligations": logged,
    }


def refresh(store: Store, day: dt.date, person_ids: Sequence[int]) -> None:
    """Part ``day`` worked out again for ``person_ids``, for ``day``. Inside a
    transaction."""
    store.write_day_rows(day_rows(store, day, person_ids), person_ids)
    store.mark_part(DAY, day, MODEL)


def keep_up_to_date(store: Store) -> None:
    """What the store runs before a write commits: the persons the write made stale
    worked out again, in each part, for the day the part holds, in the write's own
    transaction. A part another version worked out is dropped, to be worked out again."""
    for part, held in store.parts().items():
        if held.model.startswith(f"{BUILDING}/"):
            continue  # the build works its stale persons out when it finishes
        stale = store.stale_persons(part)
        if not stale:
            continue
        if held.model != MODEL or part not in REFRESH:
            store.drop_part(part)
            continue
        REFRESH[part](store, held.day, stale)


def day_rows(store: Store, day: dt.date, person_ids: Sequence[int] | None) -> DayRows:
    """Part ``day`` of ``person_ids`` (None: everyone) worked out from the records: who is
    under active supervision on ``day``, their items, and the alerts of everyone
    registered by then, from the one obligation model and the alert rules."""
    # Loaded only when the day is worked out: a run that reads the state needs no rules.
    from yuesong_cli.ledger.alertlist import alerts_of

    found = day_items(store, day, person_ids=person_ids)
    streaks: dict[int, list] = {}
    for person_id, _plan, item in found.items:
        if item.missed_streak > 0:
            streaks.setdefault(person_id, []).append(item)
    # The streaks of every person asked, whole: what the alerts read.
    obligations = DayObligations(day, len(found.persons), [], {}, streaks)
    alerts = alerts_of(store, obligations, person_ids=person_ids)
    return DayRows([person["id"] for person in found.persons], found.items, alerts)


# --- part 'log': the obligations whose deadline has come --------------------------------


def log_ready(store: Store, as_of: dt.date) -> bool:
    """Whether part ``log`` holds ``as_of``, up to date, so the reports count from it:
    brought up to date first when a write left persons stale, rolled forward from the
    day it holds when ``as_of`` is today (only the obligations open on that day are
    judged again, and those whose deadline came since are added), built whole when it
    holds none (``build_log``). False when another day is asked, the file cannot be
    written now, or another run is building it: the report then works its figures out
    from the records."""
    from yuesong_cli.ledger.reports import logged_obligations

    held = store.part_day(LOG)
    current = held is not None and held.model == MODEL
    if current and held is not None and held.day == as_of:
        if not store.stale_persons(LOG):
            return True

        def bring_up_to_date() -> None:
            _still(store, LOG, as_of, MODEL)
            refresh_log(store, as_of, store.stale_persons(LOG))

        return _write(store, bring_up_to_date)
    if as_of != today(store) or not _can_write(store):
        return False
    if current and held is not None and held.day < as_of:
        old = held.day
        token = store.change_token()
        # Worked out before the transaction: a day's new obligations, not the log.
        rows = list(logged_obligations(store, old, as_of))

        def roll() -> None:
            # A plan changed meanwhile dropped the part: every obligation, not only those
            # from the day held on, would have to be judged again.
            _still(store, LOG, old, MODEL)
            stale = store.stale_persons(LOG)
            if stale:
                refresh_log(store, old, stale)
            again = rows
            if store.change_token() != token:
                again = list(logged_obligations(store, old, as_of))
            store.write_log_rows(again, None, old)
            store.mark_part(LOG, as_of, MODEL)

        return _write(store, roll)
    if held is not None and _building(held.model):
        return False  # another run is building it
    return build_log(store, as_of)


# The model a part is marked with while it is being built: writes mark persons stale in
# it, readers do not read it, and another run does not build it again at the same time
# (unless the mark is this old: a build that was killed).
BUILDING = "building"
ABANDONED_AFTER = dt.timedelta(hours=1)
# Persons worked out and written at a time while the log is built.
BUILD_SHARE = 2_000


def _building(model: str) -> bool:
    """Whether ``model`` marks a build under way (not one abandoned long ago)."""
    mark, _, started = model.partition("@")
    if mark != f"{BUILDING}/{MODEL}":
        return False
    try:
        begun = dt.datetime.fromisoformat(started)
    except ValueError:
        return False
    return now_utc() - begun < ABANDONED_AFTER


def build_log(store: Store, day: dt.date) -> bool:
    """Part ``log`` built whole for ``day``, a share of persons at a time, each share
    worked out outside any transaction and written in a short one of its own, so the
    officer's writes go on meanwhile (the persons they touch are marked stale in the
    part being built, and worked out again at the end). False when the file cannot be
    written now."""
    from yuesong_cli.ledger.reports import logged_obligations

    mark = f"{BUILDING}/{MODEL}@{now_utc().isoformat()}"

    def start() -> None:
        # Another run may have begun a build (or finished one) since this one looked.
        held = store.part_day(LOG)
        if held is not None and (
            _building(held.model) or (held.model == MODEL and held.day == day)
        ):
            raise _Moved(LOG)
        store.clear_log()
        store.mark_part(LOG, day, mark)

    if not _write(store, start):
        return False
    ids = store.registered_ids(day)
    for first in range(0, len(ids), BUILD_SHARE):
        share = ids[first : first + BUILD_SHARE]
        rows = list(logged_obligations(store, None, day, share))

        def write_share(rows: list[LoggedPerson] = rows, share: list[int] = share) -> None:
            # Still this build's: a plan changed meanwhile dropped the mark, another run
            # may have started over.
            _still(store, LOG, day, mark)
            store.write_log_rows(rows, share)

        try:
            with store.transaction():
                write_share()
        except (sqlite3.OperationalError, _Moved):
            return False

    def finish() -> None:
        _still(store, LOG, day, mark)
        stale = store.stale_persons(LOG)
        if stale:
            store.write_log_rows(logged_obligations(store, None, day, stale), stale)
        store.mark_part(LOG, day, MODEL)

    return _write(store, finish)


def rebuild_log(store: Store, day: dt.date) -> int:
    """Part ``log`` worked out again for everyone, for ``day``, inside the caller's
    transaction (``db rebuild-state``); how many obligations it holds."""
    from yuesong_cli.ledger.reports import logged_obligations

    store.clear_log()
    logged = store.write_log_rows(logged_obligations(store, None, day), None)
    store.mark_part(LOG, day, MODEL)
    return logged


def refresh_log(store: Store, day: dt.date, person_ids: Sequence[int]) -> None:
    """Part ``log`` worked out again for ``person_ids``, for ``day``. Inside a
    transaction."""
    from yuesong_cli.ledger.reports import logged_obligations

    store.write_log_rows(logged_obligations(store, None, day, person_ids), person_ids)
    store.mark_part(LOG, day, MODEL)


def log_differences(store: Store) -> list[str]:
    """What part ``log`` holds that the records do not give, worked out again for its day:
    ``obligation_log:PERSON`` for each person whose obligations differ."""
    from yuesong_cli.ledger.reports import logged_obligations

    held = store.part_day(LOG)
    if held is None or held.model != MODEL:
        return []
    stale = set(store.stale_persons(LOG))
    kept = _by_person(store.log_rows())
    kept_spans = _by_person(store.supervised_rows())
    again: dict[int, list] = {}
    again_spans: dict[int, list] = {}
    for person_id, owed, supervised in logged_obligations(store, None, held.day):
        again[person_id] = [
            (rule, start.isoformat(), deadline.isoformat(), state, int(late))
            for rule, start, deadline, state, late in owed
        ]
        again_spans[person_id] = [
            (start.isoformat(), end.isoformat() if end else None) for start, end in supervised
        ]
    everyone = set(kept) | set(again) | set(kept_spans) | set(again_spans)
    return [
        f"obligation_log:{person_id}"
        for person_id in sorted(everyone - stale)
        if sorted(kept.get(person_id, [])) != sorted(again.get(person_id, []))
        or kept_spans.get(person_id, []) != again_spans.get(person_id, [])
    ]


def differences(store: Store) -> list[str]:
    """What the kept state holds that the records do not give (``db verify``): each
    part worked out again for the day it holds and compared."""
    return day_differences(store) + log_differences(store)


def day_differences(store: Store) -> list[str]:
    """What part ``day`` holds that the records do not give, worked out again for the day
    it holds: ``due_state:PERSON`` or ``alert_state:PERSON`` for each person whose kept
    answer differs (never a value). A part another version worked out is never read, so
    nothing of it is judged; persons a write left stale are known to be out of date, and
    passed over."""
    held = store.part_day(DAY)
    if held is None or held.model != MODEL:
        # Another version's state is never read: worked out again when next used.
        return []
    stale = set(store.stale_persons(DAY))
    worked = day_rows(store, held.day, None)
    problems = []
    kept_active = {person["id"] for person in store.day_people()} - stale
    if kept_active != set(worked.active) - stale:
        for person_id in sorted(kept_active ^ (set(worked.active) - stale)):
            problems.append(f"due_state:{person_id}")
    kept_items = _by_person(
        (person_id, (plan, item)) for person_id, plan, item in store.day_items(held.day)
    )
    worked_items = _by_person((person_id, (plan, item)) for person_id, plan, item in worked.items)
    for person_id in sorted(set(kept_items) | set(worked_items)):
        if person_id in stale or f"due_state:{person_id}" in problems:
            continue
        if sorted(kept_items.get(person_id, [])) != sorted(worked_items.get(person_id, [])):
            problems.append(f"due_state:{person_id}")
    kept = _by_person((alert.person_id, _alert_key(alert)) for alert in store.day_alerts())
    again = _by_person((alert.person_id, _alert_key(alert)) for alert in worked.alerts)
    for person_id in sorted(set(kept) | set(again)):
        if person_id not in stale and sorted(kept.get(person_id, [])) != sorted(
            again.get(person_id, [])
        ):
            problems.append(f"alert_state:{person_id}")
    return problems


def _alert_key(alert: Alert) -> tuple[object, ...]:
    return (
        alert.case_no,
        alert.kind,
        alert.severity,
        alert.since,
        alert.detail_key,
        sorted(alert.params.items()),
    )


def _by_person(pairs: Iterable[tuple[int, object]]) -> dict[int, list]:
    found: dict[int, list] = {}
    for person_id, value in pairs:
        found.setdefault(person_id, []).append(value)
    return found


# How each part works its stale persons out again (keep_up_to_date).
REFRESH: dict[str, Callable[[Store, dt.date, Sequence[int]], None]] = {
    DAY: refresh,
    LOG: refresh_log,
}
