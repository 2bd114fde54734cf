"""The sample generator: the same seed gives the same data, and the data is the kind the
officer's register holds (docs/domain.md, docs/model.md): valid ID numbers, consistent status
histories, contacts only on supervised days, the cadence mostly kept."""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import register_in
from typer.testing import CliRunner

from yuesong_cli.cli.app import app
from yuesong_cli.domain.idnumber import parse_id_number
from yuesong_cli.domain.names import name_initials, name_pinyin
from yuesong_cli.domain.photos import image_media_type
from yuesong_cli.domain.statuses import StatusEntry, status_on
from yuesong_cli.domain.vocab import (
    ACTIVE_STATUSES,
    CONTACT_KIND,
    MODE,
    ROLE,
    STATUS,
    SUBSTANCE,
    URINE_RESULT,
)
from yuesong_cli.errors import Conflict
from yuesong_cli.ledger.sample import (
    WA_DAUGHTER_PREFIXES,
    WA_SON_PREFIXES,
    add_months,
    generate,
    township_grids,
    urine_windows,
)
from yuesong_cli.store.db import Store

AS_OF = dt.date(2026, 11, 29)
PERSONS = 60
SEED = 7
YEARS = 2
HISTORY_START = dt.date(2024, 11, 30)  # two years up to AS_OF
# Tables whose rows the generator writes; the audit row carries the real moment.
DATA_TABLES = (
    "zones",
    "grids",
    "persons",
    "status_history",
    "helpers",
    "team_members",
    "contacts",
    "contact_kinds",
    "contact_helpers",
    "photos",
    "contact_photos",
    "education_sessions",
    "support_records",
    "documents",
)
COMMUNITY = ("community_treatment", "community_rehab")


def make_sample(
    path: Path, *, persons: int = PERSONS, seed: int = SEED, years: int = YEARS
) -> tuple[Store, dict[str, object], list[int]]:
    store = Store(path, create=True)
    calls: list[int] = []
    summary = generate(
        store, persons=persons, seed=seed, as_of=AS_OF, years=years, progress=calls.append
    )
    return store, summary, calls


def dump(path: Path) -> str:
    """Every data row, in a fixed order: equal dumps mean byte-identical content."""
    conn = sqlite3.connect(path)
    try:
        digest = hashlib.sha256()
        for table in DATA_TABLES:
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
                digest.update(repr((table, row)).encode())
        return digest.hexdigest()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object], list[int]]:
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    store, summary, calls = make_sample(path)
    store.close()
    return path, summary, calls


@pytest.fixture(scope="module")
def rows(sample: tuple[Path, dict[str, object], list[int]]) -> dict[str, list[dict[str, Any]]]:
    conn = sqlite3.connect(sample[0])
    conn.row_factory = sqlite3.Row
    try:
        return {
            table: [dict(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
            for table in DATA_TABLES
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def histories(rows: dict[str, list[dict[str, Any]]]) -> dict[int, list[StatusEntry]]:
    found: dict[int, list[StatusEntry]] = collections.defaultdict(list)
    for row in sorted(rows["status_history"], key=lambda r: (r["since"], r["id"])):
        found[row["person_id"]].append(
            StatusEntry(
                row["id"],
                row["status"],
                dt.date.fromisoformat(row["since"]),
                dt.date.fromisoformat(row["until"]) if row["until"] else None,
                row["doc_no"],
            )
        )
    return found


def current_statuses(histories: dict[int, list[StatusEntry]]) -> collections.Counter[str]:
    return collections.Counter(
        entry.status
        for history in histories.values()
        if (entry := status_on(history, AS_OF)) is not None
    )


# --- determinism and refusal ----------------------------------------------------------


def test_same_seed_gives_the_same_rows(
    tmp_path: Path, sample: tuple[Path, dict[str, object], list[int]]
) -> None:
    store, summary, _calls = make_sample(tmp_path / "again.db")
    store.close()
    assert summary == sample[1]
    assert dump(tmp_path / "again.db") == dump(sample[0])


def test_another_seed_gives_other_rows(
    tmp_path: Path, sample: tuple[Path, dict[str, object], list[int]]
) -> None:
    store, _summary, _calls = make_sample(tmp_path / "other.db", seed=SEED + 1)
    store.close()
    assert dump(tmp_path / "other.db") != dump(sample[0])


def test_rows_do_not_depend_on_string_hashing(
    tmp_path: Path, sample: tuple[Path, dict[str, object], list[int]]
) -> None:
    # Set iteration order changes with PYTHONHASHSEED; another process with another
    # hash seed must still write the same rows.
    path = tmp_path / "hashseed.db"
    script = (
        "import datetime as dt, sys\n"
        "from yuesong_cli.store.db import Store\n"
        "from yuesong_cli.ledger.sample import generate\n"
        "generate(Store(sys.argv[1], create=True), persons=int(sys.argv[2]),"
        " seed=int(sys.argv[3]), as_of=dt.date(2026, 11, 29), years=2,"
        " progress=lambda n: None)\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    subprocess.run(
        [sys.executable, "-c", script, str(path), str(PERSONS), str(SEED)], check=True, env=env
    )
    assert dump(path) == dump(sample[0])


def test_refuses_a_database_with_persons_and_writes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "full.db", create=True)
    register_in(store)
    before = store.counts()
    calls: list[int] = []
    with pytest.raises(Conflict) as caught:
        generate(store, persons=5, seed=1, as_of=AS_OF, years=1, progress=calls.append)
    assert caught.value.key == "error.sample.not_empty"
    assert store.counts() == before
    assert calls == []


# --- the load itself --------------------------------------------------------------------


def test_summary_matches_the_rows(
    sample: tuple[Path, dict[str, object], list[int]], rows: dict[str, list[dict[str, Any]]]
) -> None:
    assert sample[1] == {
        "persons": PERSONS,
        "helpers": len(rows["helpers"]),
        "contacts": len(rows["contacts"]),
        "start": HISTORY_START.isoformat(),
        "end": AS_OF.isoformat(),
    }


def test_progress_runs_up_to_the_number_of_persons(
    sample: tuple[Path, dict[str, object], list[int]],
) -> None:
    calls = sample[2]
    assert calls[-1] == PERSONS
    assert calls == sorted(calls)
    assert len(calls) <= 101  # about every 1 %, not per row


def test_the_database_verifies_and_holds_one_audit_row(
    sample: tuple[Path, dict[str, object], list[int]],
) -> None:
    store = Store(sample[0])
    try:
        assert store.verify() == {"integrity": [], "foreign_keys": [], "audit": [], "records": []}
        loads = [row for row in store.audit_rows() if row["action"] == "sample"]
        assert len(loads) == 1
        assert loads[0]["note"] == f"seed={SEED} persons={PERSONS}"
        assert set(json.loads(loads[0]["fields"])) <= set(DATA_TABLES)
    finally:
        store.close()


def test_progress_reaches_persons_for_a_tiny_load(tmp_path: Path) -> None:
    store, summary, calls = make_sample(tmp_path / "one.db", persons=1, years=1)
    store.close()
    assert calls == [1]
    assert summary["persons"] == 1


# --- persons ----------------------------------------------------------------------------


def test_id_numbers_are_valid_unique_and_agree_with_the_person(
    rows: dict[str, list[dict[str, Any]]],
) -> None:
    numbers = [person["id_number"] for person in rows["persons"]]
    assert len(set(numbers)) == len(numbers)
    for person in rows["persons"]:
        parsed = parse_id_number(person["id_number"], AS_OF)
        assert parsed.area_code == "530829"
        assert parsed.gender == person["gender"]
        assert parsed.birth_date.isoformat() == person["birth_date"]
        born, registered = parsed.birth_date, dt.date.fromisoformat(person["registered_on"])
        assert add_months(born, 18 * 12) <= AS_OF < add_months(born, 61 * 12)
        assert add_months(born, 18 * 12) <= registered  # no minors


def test_persons_have_case_numbers_names_and_places(
    rows: dict[str, list[dict[str, Any]]],
) -> None:
    grids = {grid.name: grid for grid in township_grids()}
    genders = collections.Counter(person["gender"] for person in rows["persons"])
    assert genders["male"] > 0.7 * PERSONS
    for person in rows["persons"]:
        assert person["case_no"] == f"YS-{person['id']:04d}"
        assert person["name_pinyin"] == name_pinyin(person["name"])
        assert person["name_initials"] == name_initials(person["name"])
        if person["ethnicity"] == "佤族":
            prefixes = WA_SON_PREFIXES if person["gender"] == "male" else WA_DAUGHTER_PREFIXES
            assert person["name"][0] in prefixes
        grid = grids[person["grid"]]
        assert (person["village"], person["village_group"], person["zone"]) == (
            grid.village,
            grid.group,
            grid.zone,
        )
        assert person["household_address"].endswith(person["village"] + person["village_group"])
        assert all(drug in SUBSTANCE.keys for drug in person["drugs"].split(","))
        assert person["method"] in ("inhaled", "injection")
        assert person["plan"] == "five_to_one"
        assert person["created_at"].startswith(person["registered_on"])
        if person["phone"]:
            assert len(person["phone"]) == 11 and person["phone"][:2] in ("13", "15", "18")
    # Wa names are few, so people share them (docs/domain.md).
    names = collections.Counter(person["name"] for person in rows["persons"])
    assert names.most_common(1)[0][1] >= 2


def test_the_township_has_seven_zones_and_48_grids() -> None:
    grids = township_grids()
    assert len(grids) == 48
    assert len({grid.zone for grid in grids}) == 7
    assert len({(grid.village, grid.group) for grid in grids}) == 48
    for zone in {grid.zone for grid in grids}:
        assert len({grid.village for grid in grids if grid.zone == zone}) == 1


# --- status histories -------------------------------------------------------------------


def test_status_histories_run_forward_and_end_at_death(
    histories: dict[int, list[StatusEntry]], rows: dict[str, list[dict[str, Any]]]
) -> None:
    registered = {p["id"]: p["registered_on"] for p in rows["persons"]}
    assert set(histories) == set(registered)
    for person_id, history in histories.items():
        assert history[0].since.isoformat() == registered[person_id]
        days = [entry.since for entry in history]
        assert days == sorted(set(days)), "one status per day, in date order"
        assert days[-1] <= AS_OF
        for entry in history:
            assert entry.status in STATUS.keys
            assert entry.until is None or entry.until >= entry.since
        if any(entry.status == "deceased" for entry in history):
            assert history[-1].status == "deceased"
    for row in rows["status_history"]:
        assert row["entered_at"][:10] >= row["since"]


def test_statuses_on_the_day_are_a_realistic_mix(
    histories: dict[int, list[StatusEntry]],
) -> None:
    counts = current_statuses(histories)
    assert len(counts) >= 5
    active = sum(counts[status] for status in COMMUNITY)
    assert active >= PERSONS // 2
    assert counts["community_treatment"] > counts["released"]


def test_a_positive_test_hands_the_person_over_to_isolation(
    histories: dict[int, list[StatusEntry]], rows: dict[str, list[dict[str, Any]]]
) -> None:
    """Within 30 days; a positive of the last 30 days may still be on its way (the
    relapse alert is there for it)."""
    positives = [c for c in rows["contacts"] if c["urine_result"] == "positive"]
    assert positives, "the sample should show some relapses"
    pending = 0
    for contact in positives:
        assert contact["substance"] in SUBSTANCE.keys
        day = dt.date.fromisoformat(contact["happened_on"])
        after = [e for e in histories[contact["person_id"]] if e.since > day]
        if not after and AS_OF - day < dt.timedelta(days=30):
            pending += 1
            continue
        assert after and after[0].status == "compulsory_isolation"
        assert after[0].since - day <= dt.timedelta(days=30)
    assert pending < len(positives)


# --- contacts ---------------------------------------------------------------------------


def test_contacts_lie_in_the_history_after_registration(
    rows: dict[str, list[dict[str, Any]]],
) -> None:
    registered = {p["id"]: p["registered_on"] for p in rows["persons"]}
    for contact in rows["contacts"]:
        day = contact["happened_on"]
        assert HISTORY_START.isoformat() <= day <= AS_OF.isoformat()
        assert day >= registered[contact["person_id"]]
        assert day <= contact["entered_at"][:10] <= AS_OF.isoformat()
        assert contact["entered_at"].endswith("Z") and len(contact["entered_at"]) == 20
        assert contact["mode"] in MODE.keys
        assert contact["urine_result"] is None or contact["urine_result"] in URINE_RESULT.keys


def test_contacts_happen_on_supervised_days(
    histories: dict[int, list[StatusEntry]], rows: dict[str, list[dict[str, Any]]]
) -> None:
    """Under community treatment or rehab; a few calls on leave; none while lost, paused
    otherwise, pending or closed."""
    on_leave = 0
    for contact in rows["contacts"]:
        day = dt.date.fromisoformat(contact["happened_on"])
        entry = status_on(histories[contact["person_id"]], day)
        assert entry is not None
        assert entry.status in (*COMMUNITY, "on_leave")
        on_leave += entry.status == "on_leave"
    assert on_leave <= 0.02 * len(rows["contacts"])


def test_every_contact_has_kinds_and_one_to_three_team_members(
    rows: dict[str, list[dict[str, Any]]],
) -> None:
    kinds: dict[int, list[str]] = collections.defaultdict(list)
    for row in rows["contact_kinds"]:
        assert row["kind"] in CONTACT_KIND.keys
        kinds[row["contact_id"]].append(row["kind"])
    helpers: dict[int, set[int]] = collections.defaultdict(set)
    for row in rows["contact_helpers"]:
        helpers[row["contact_id"]].add(row["helper_id"])
    team: dict[int, set[int]] = collections.defaultdict(set)
    for member in rows["team_members"]:
        team[member["person_id"]].add(member["helper_id"])
    for contact in rows["contacts"]:
        assert kinds[contact["id"]]
        assert ("urine" in kinds[contact["id"]]) == (contact["urine_result"] is not None)
        assert 1 <= len(helpers[contact["id"]]) <= 3
        assert helpers[contact["id"]] <= team[contact["person_id"]]
    combined = sum(1 for found in kinds.values() if len(found) > 1)
    assert combined > 0, "a visit with a talk is one contact with two kinds"


def test_the_weekly_meeting_is_mostly_kept(
    histories: dict[int, list[StatusEntry]], rows: dict[str, list[dict[str, Any]]]
) -> None:
    """Share of whole ISO weeks under community supervision with an in-person contact."""
    met: dict[int, set[dt.date]] = collections.defaultdict(set)
    for contact in rows["contacts"]:
        if contact["mode"] == "in_person":
            day = dt.date.fromisoformat(contact["happened_on"])
            met[contact["person_id"]].add(day - dt.timedelta(days=day.weekday()))
    monday = HISTORY_START + dt.timedelta(days=-HISTORY_START.weekday() % 7)
    weeks = kept = 0
    for person_id, history in histories.items():
        week = monday
        while week + dt.timedelta(days=6) <= AS_OF:
            statuses = {
                entry.status if (entry := status_on(history, week + dt.timedelta(d))) else None
                for d in range(7)
            }
            if statuses <= set(COMMUNITY):
                weeks += 1
                kept += week in met[person_id]
            week += dt.timedelta(days=7)
    assert weeks > 1000
    assert 0.75 <= kept / weeks <= 0.99


def test_urine_tests_follow_the_tiers_and_are_mostly_negative(
    rows: dict[str, list[dict[str, Any]]],
) -> None:
    results = collections.Counter(c["urine_result"] for c in rows["contacts"] if c["urine_result"])
    assert results["negative"] > 0.85 * sum(results.values())
    # community treatment, year 1 monthly, year 2 every 2 months, year 3 every 3
    windows = urine_windows("community_treatment", dt.date(2025, 1, 31))
    assert windows[0] == (dt.date(2025, 1, 31), dt.date(2025, 2, 27))
    assert windows[12] == (dt.date(2026, 1, 31), dt.date(2026, 3, 30))
    assert windows[-1] == (dt.date(2027, 10, 31), dt.date(2028, 1, 30))
    assert len(urine_windows("community_rehab", dt.date(2025, 1, 1))) == 6 + 4 + 2


def test_nobody_lost_is_contacted_after_being_lost(
    histories: dict[int, list[StatusEntry]], rows: dict[str, list[dict[str, Any]]]
) -> None:
    lost_since = {
        person_id: entry.since
        for person_id, history in histories.items()
        if (entry := status_on(history, AS_OF)) is not None and entry.status == "lost_contact"
    }
    for contact in rows["contacts"]:
        since = lost_since.get(contact["person_id"])
        assert since is None or contact["happened_on"] < since.isoformat()


# --- helpers, teams, photos -------------------------------------------------------------


def test_each_person_has_a_five_to_one_team_and_a_responsible_helper(
    histories: dict[int, list[StatusEntry]], rows: dict[str, list[dict[str, Any]]]
) -> None:
    helpers = {helper["id"]: helper for helper in rows["helpers"]}
    roles: dict[int, list[str]] = collections.defaultdict(list)
    for member in rows["team_members"]:
        assert member["role"] in ROLE.keys
        assert helpers[member["helper_id"]]["role"] == member["role"]
        roles[member["person_id"]].append(member["role"])
    for person_id in histories:
        found = sorted(roles[person_id])
        fifth = "relative" if "relative" in found else "volunteer"
        assert found == sorted(
            ["police", "officer", "grid_worker", "guardian", fifth, "responsible"]
        )
    officers = [h for h in rows["helpers"] if h["role"] == "officer"]
    assert len(officers) == 1
    held = collections.Counter(
        m["helper_id"] for m in rows["team_members"] if m["role"] == "responsible"
    )
    assert max(held.values()) >= 2  # "1 对 N"
    grid_workers = {h["id"] for h in rows["helpers"] if h["role"] == "grid_worker"}
    assert len(grid_workers) == 48


def test_active_persons_keep_their_team(
    histories: dict[int, list[StatusEntry]], rows: dict[str, list[dict[str, Any]]]
) -> None:
    ended = {m["person_id"] for m in rows["team_members"] if m["until"] is not None}
    for person_id, history in histories.items():
        entry = status_on(history, AS_OF)
        if entry is not None and entry.status in ACTIVE_STATUSES:
            assert person_id not in ended


def test_photos_are_valid_png_stored_once(rows: dict[str, list[dict[str, Any]]]) -> None:
    assert rows["photos"], "a handful of visits carry a photo"
    for photo in rows["photos"]:
        data = bytes(photo["data"])
        assert photo["sha256"] == hashlib.sha256(data).hexdigest()
        assert photo["media_type"] == image_media_type(data) == "image/png"
        assert photo["size"] == len(data)
    stored = {photo["sha256"] for photo in rows["photos"]}
    assert {link["sha256"] for link in rows["contact_photos"]} == stored


# --- the command ------------------------------------------------------------------------


def test_sample_command_fills_a_new_database(tmp_path: Path) -> None:
    runner = CliRunner()
    path = str(tmp_path / "cli.db")
    assert runner.invoke(app, ["--db", path, "init"]).exit_code == 0
    result = runner.invoke(
        app, ["--db", path, "sample", "--persons", "40", "--seed", "3", "--as-of", "2026-11-29"]
    )
    assert result.exit_code == 0, result.output
    assert "40" in result.output
    again = runner.invoke(app, ["--db", path, "sample", "--persons", "5"])
    assert again.exit_code == 1


def test_helpers_entered_before_the_load_keep_their_ids(tmp_path: Path) -> None:
    store = Store(tmp_path / "helpers.db", create=True)
    officer = store.add_helper("叶嘎", "officer", None)
    generate(store, persons=3, seed=1, as_of=AS_OF, years=1, progress=lambda _n: None)
    assert store.list_helpers()[0]["name"] == "叶嘎"
    assert store.verify() == {"integrity": [], "foreign_keys": [], "audit": [], "records": []}
    assert officer == 1
    store.close()
