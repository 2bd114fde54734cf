"""The county's roll-up (issue 14; docs/domain.md "The county's roll-up", commands.md
"`report extract` and `county merge`"): three generated townships, one fictional person
registered in two of them; each township's extract holds its own `report summary`
numbers and no personal data; the merge sums numerators and denominators, works every
rate out again, counts the shared person once, gives 同比 from last year's extracts, and
refuses what cannot be merged in one line."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    InvokeResult,
    build_ledger,
    cli,
    copy_ledger,
    fails,
    fingerprint,
    id_number,
    invoke,
    ok,
)

from yuesong_cli.domain.extract import POOLED, SMALL_ROW, pool_small
from yuesong_cli.ledger.reports import OUTREACH_KEYS

Run = Callable[..., InvokeResult]

PERIOD = "2026Q3"
YEAR_BEFORE = "2025Q3"
AS_OF = "2026-11-29"
# The county's key as the county hands it out: a text file, the line end not part of it.
KEY_TEXT = "文山县禁毒办-虚构密钥-2026-7f3a9c"
OTHER_KEY_TEXT = "另一个县-虚构密钥-0000"
# (name, code, sample seed) of each generated township.
TOWNSHIPS = (("乡1", "530829101", 11), ("乡2", "530829102", 12), ("乡3", "530829103", 13))
# The fictional person registered in townships 1 and 2: in 1 with the old 15-digit card
# (upgraded when registered), in 2 with the 18-digit number ending in X.
SHARED_NAME = "艾虚构"
SHARED_ID = id_number(123, dt.date(1990, 1, 1))
SHARED_ID_15 = "530829900101123"
# Two more of township 1 only: a foreign national by passport, and one with no document.
PASSPORT = "MA7654321"
NATIONALITY = "MMR"
COUNTS = ("persons", "supervised", "due", "kept", "missed")
RULE_COUNTS = ("due", "kept", "missed", "open", "late")


@dataclass
class Township:
    name: str
    code: str
    db: Path
    extract: Path
    previous: Path
    summary: dict[str, Any] = field(default_factory=dict)

    def data(self) -> dict[str, Any]:
        return json.loads(self.extract.read_text(encoding="utf-8"))

    def previous_data(self) -> dict[str, Any]:
        return json.loads(self.previous.read_text(encoding="utf-8"))


@dataclass
class County:
    key: Path
    townships: list[Township]


def query(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.execute(sql, params))


def audit(path: Path) -> list[dict[str, Any]]:
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM audit ORDER BY id")]


def token(key: str, document: str) -> str:
    """The token docs/domain.md describes, worked out here: HMAC-SHA256 of the
    identity document under the county's key, in hex."""
    return hmac.new(key.encode("utf-8"), document.encode("utf-8"), hashlib.sha256).hexdigest()


def write_key(path: Path, text: str) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def extract_args(out: Path, key: Path, period: str = PERIOD, *more: str) -> list[str]:
    return [
        "report",
        "extract",
        "--period",
        period,
        "--as-of",
        AS_OF,
        "--out",
        str(out),
        "--county-key",
        str(key),
        *more,
    ]


def merge(*args: str) -> InvokeResult:
    return invoke(["county", "merge", *args])


def merged_json(*args: str) -> dict[str, Any]:
    return json.loads(ok(merge(*args, "--format", "json")))


def rate(numerator: int, denominator: int) -> float | None:
    return None if not denominator else round(numerator / denominator, 4)


def numbers(figures: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    return {f["key"]: (f["numerator"], f["denominator"]) for f in figures}


def a_village(path: Path) -> str:
    [(village,)] = query(
        path, "SELECT village FROM persons WHERE village IS NOT NULL ORDER BY id LIMIT 1"
    )
    return village


# --- the three townships, built once --------------------------------------------------------


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    folder = tmp_path_factory.mktemp("county")
    key = write_key(folder / "county.key", KEY_TEXT)
    townships = []
    for number, (name, code, seed) in enumerate(TOWNSHIPS, start=1):
        place = folder / f"t{number}"
        place.mkdir()
        town = Township(name, code, place / "ledger.db", place / "e.json", place / "p.json")

        def steps(run: Run, number: int = number, town: Township = town, seed: int = seed) -> None:
            ok(run("settings", "set", "township", town.name))
            ok(run("sample", "--persons", "40", "--seed", str(seed), "--as-of", AS_OF))
            ok(run("settings", "set", "township_code", town.code))
            village = a_village(town.db)
            common = ["--since", "2026-01-05", "--village", village]
            if number == 1:
                ok(run("person", "add", "--name", SHARED_NAME, "--id-number", SHARED_ID_15,
                       "--alias", "小虚", "--phone", "13912345678", *common))  # fmt: skip
                ok(run("person", "add", "--name", "昂虚构", "--passport", PASSPORT,
                       "--nationality", NATIONALITY, "--gender", "male",
                       "--born", "1991-02-03", *common))  # fmt: skip
                ok(run("person", "add", "--name", "岩虚构", "--no-id", "--gender", "female",
                       "--born", "1992-03-04", *common))  # fmt: skip
            if number == 2:
                ok(run("person", "add", "--name", SHARED_NAME, "--id-number", SHARED_ID,
                       *common))  # fmt: skip
            summary = ok(run("report", "summary", "--period", PERIOD, "--as-of", AS_OF,
                             "--format", "json"))  # fmt: skip
            town.summary = json.loads(summary)
            ok(run(*extract_args(town.extract, key)))
            ok(run(*extract_args(town.previous, key, YEAR_BEFORE)))

        build_ledger(town.db, steps)
        with closing(sqlite3.connect(town.db)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        townships.append(town)
    return County(key, townships)


@pytest.fixture
def first(county: County, db_path: Path) -> Path:
    """A copy of township 1's ledger, the test's own."""
    copy_ledger(county.townships[0].db, db_path)
    return db_path


def test_the_planted_person_is_the_only_one_in_two_townships(county: County) -> None:
    """The premise of the duplicate counts below: no other ID number is shared."""
    held = [
        {r[0] for r in query(t.db, "SELECT id_number FROM persons WHERE id_number IS NOT NULL")}
        for t in county.townships
    ]
    assert held[0] & held[1] == {SHARED_ID}
    assert not held[0] & held[2] and not held[1] & held[2]
    [(old,)] = query(county.townships[0].db, "SELECT id_number_15 FROM persons "
                     "WHERE id_number = ?", SHARED_ID)  # fmt: skip
    assert old == SHARED_ID_15


# --- 1. the merge is the townships' own numbers, summed -------------------------------------


def test_each_township_row_is_its_own_report_summary(county: County) -> None:
    merged = merged_json(*(str(t.extract) for t in county.townships))
    assert [row["code"] for row in merged["townships"]] == [t.code for t in county.townships]
    assert [row["name"] for row in merged["townships"]] == [t.name for t in county.townships]
    for town, row in zip(county.townships, merged["townships"], strict=True):
        assert numbers(row["figures"]) == numbers(town.summary["figures"]), town.name
        own = {f["key"]: f["value"] for f in town.summary["figures"]}
        assert {f["key"]: f["value"] for f in row["figures"]} == own, town.name
        data = town.data()
        assert data["township"] == {"name": town.name, "code": town.code}
        assert (data["period"], data["as_of"]) == (PERIOD, AS_OF)
        assert (data["start"], data["end"]) == ("2026-07-01", "2026-09-30")
        assert {key: row[key] for key in COUNTS} == {key: data["total"][key] for key in COUNTS}
        assert numbers(data["total"]["figures"]) == numbers(town.summary["figures"])
        # The summary's own counts of the period: due = kept + missed, rules alike.
        assert row["due"] == row["kept"] + row["missed"] > 0
        assert len(data["tokens"]) + data["supervised_without_document"] == row["supervised"]


def test_the_total_sums_numbers_and_works_every_rate_out_again(county: County) -> None:
    merged = merged_json(*(str(t.extract) for t in county.townships))
    total = merged["total"]
    assert (merged["period"], merged["previous_period"]) == (PERIOD, None)
    rows = merged["townships"]
    keys = [f["key"] for f in county.townships[0].summary["figures"]]
    assert [f["key"] for f in total["figures"]] == keys
    averaged_somewhere = False
    for figure in total["figures"]:
        parts = [numbers(row["figures"])[figure["key"]] for row in rows]
        n, d = sum(p[0] for p in parts), sum(p[1] for p in parts)
        assert (figure["numerator"], figure["denominator"]) == (n, d), figure["key"]
        assert figure["value"] == rate(n, d), figure["key"]
        values = [rate(*p) for p in parts]
        known = [v for v in values if v is not None]
        if d and len(known) == 3 and round(sum(known) / 3, 4) != rate(n, d):
            averaged_somewhere = True
    assert averaged_somewhere  # the sample is uneven enough that averaging would show
    for name in ("due", "kept", "missed"):
        assert total[name] == sum(row[name] for row in rows)
    for tally in total["rules"]:
        parts = [next(r for r in row["rules"] if r["rule"] == tally["rule"]) for row in rows]
        assert {k: tally[k] for k in RULE_COUNTS} == {
            k: sum(p[k] for p in parts) for k in RULE_COUNTS
        }


def test_the_person_in_two_townships_is_counted_once(county: County) -> None:
    merged = merged_json(*(str(t.extract) for t in county.townships))
    one, two, three = (t.data()["tokens"] for t in county.townships)
    shared = token(KEY_TEXT, SHARED_ID)
    # The 15-digit card of township 1 and the 18-digit number of township 2: one token.
    assert shared in one and shared in two and shared not in three
    assert merged["duplicates"] == {
        "persons": 1,
        "townships": [{"codes": ["530829101", "530829102"], "persons": 1}],
    }
    rows = merged["townships"]
    assert merged["total"]["supervised"] == sum(row["supervised"] for row in rows) - 1
    assert merged["total"]["persons"] == sum(row["persons"] for row in rows) - 1
    assert merged["persons_distinct"] == len(set(one) | set(two) | set(three))
    assert merged["persons_distinct"] == len(one) + len(two) + len(three) - 1
    # Each township keeps the person in its own row.
    for town, row in zip(county.townships, rows, strict=True):
        assert row["supervised"] == town.data()["total"]["supervised"]


def test_the_order_of_the_files_changes_no_number(county: County) -> None:
    files = [str(t.extract) for t in county.townships]
    forward = merged_json(*files)
    backward = merged_json(*reversed(files))
    assert [r["code"] for r in backward["townships"]] == [t.code for t in county.townships][::-1]
    assert backward["total"] == forward["total"]
    assert backward["duplicates"] == forward["duplicates"]
    assert backward["persons_distinct"] == forward["persons_distinct"]


# --- 2. no personal data --------------------------------------------------------------------


def personal_values(path: Path) -> set[str]:
    """Every name, alias, case number, ID number (both forms), passport number, decision
    number and phone the ledger holds, of persons and helpers."""
    found: set[str] = set()
    for row in query(
        path,
        "SELECT name, alias, case_no, id_number, id_number_15, passport_no, phone,"
        " decision_doc FROM persons",
    ):
        found |= {str(v) for v in row if v}
    for row in query(path, "SELECT name, phone FROM helpers"):
        found |= {str(v) for v in row if v}
    return found


def test_an_extract_holds_no_personal_data(county: County) -> None:
    for town in county.townships:
        values = personal_values(town.db)
        assert len(values) > 100, town.name  # the search has something to find
        for path in (town.extract, town.previous):
            text = path.read_bytes().decode("utf-8")
            upper = text.upper()
            leaks = sorted(v for v in values if v in text or v.upper() in upper)
            assert leaks == [], (town.name, path.name, leaks[:5])
    first = county.townships[0]
    values = personal_values(first.db)
    for planted in (SHARED_NAME, SHARED_ID, SHARED_ID_15, PASSPORT, "小虚", "13912345678"):
        assert planted in values
    assert f"{NATIONALITY}:{PASSPORT}" not in first.extract.read_text(encoding="utf-8")


def test_documents_become_tokens_and_the_undocumented_are_counted(county: County) -> None:
    data = county.townships[0].data()
    assert token(KEY_TEXT, f"{NATIONALITY}:{PASSPORT}") in data["tokens"]
    assert data["supervised_without_document"] == 1
    assert data["tokens"] == sorted(set(data["tokens"]))
    assert all(len(t) == 64 and set(t) <= set("0123456789abcdef") for t in data["tokens"])
    documents = {r[0] for r in query(county.townships[0].db, "SELECT id_number FROM persons "
                                     "WHERE id_number IS NOT NULL")}  # fmt: skip
    known = {token(KEY_TEXT, d) for d in documents} | {token(KEY_TEXT, f"{NATIONALITY}:{PASSPORT}")}
    assert set(data["tokens"]) <= known


def test_tokens_are_stable_under_one_key_and_differ_under_another(
    county: County, first: Path, tmp_path: Path
) -> None:
    run = cli(first)
    again = tmp_path / "again.json"
    ok(run(*extract_args(again, county.key)))
    same = json.loads(again.read_text(encoding="utf-8"))
    assert same["tokens"] == county.townships[0].data()["tokens"]
    other_key = write_key(tmp_path / "other.key", OTHER_KEY_TEXT)
    other = tmp_path / "other.json"
    ok(run(*extract_args(other, other_key)))
    theirs = json.loads(other.read_text(encoding="utf-8"))
    assert len(theirs["tokens"]) == len(same["tokens"])
    assert not set(theirs["tokens"]) & set(same["tokens"])
    assert token(OTHER_KEY_TEXT, SHARED_ID) in theirs["tokens"]
    # Only the tokens depend on the key.
    for name in ("total", "villages", "grids", "township", "supervised_without_document"):
        assert theirs[name] == same[name], name


# --- 3. villages and grids add up to the township -------------------------------------------


@pytest.mark.parametrize("which", ["extract", "previous"])
@pytest.mark.parametrize("groups", ["villages", "grids"])
def test_villages_and_grids_add_up_to_the_total(county: County, which: str, groups: str) -> None:
    for town in county.townships:
        data = town.data() if which == "extract" else town.previous_data()
        total, rows = data["total"], data[groups]
        # Rows of fewer than SMALL_ROW persons supervised are pooled into one.
        assert len(rows) >= 1, town.name
        assert all(row["supervised"] >= SMALL_ROW or row["name"] == POOLED for row in rows), (
            town.name,
            groups,
        )
        names = [row["name"] for row in rows]
        assert len(names) == len(set(names)), (town.name, groups)
        for name in COUNTS:
            assert sum(row[name] for row in rows) == total[name], (town.name, groups, name)
        for key, (n, d) in numbers(total["figures"]).items():
            if key in OUTREACH_KEYS:
                continue  # the township's own, in no village's or grid's row
            parts = [numbers(row["figures"])[key] for row in rows]
            assert (sum(p[0] for p in parts), sum(p[1] for p in parts)) == (n, d), (
                town.name,
                groups,
                key,
            )
        for tally in total["rules"]:
            summed = dict.fromkeys(RULE_COUNTS, 0)
            for row in rows:
                for r in row["rules"]:
                    if r["rule"] == tally["rule"]:
                        for k in RULE_COUNTS:
                            summed[k] += r[k]
            assert summed == {k: tally[k] for k in RULE_COUNTS}, (town.name, groups, tally)


def test_the_planted_persons_without_a_grid_have_a_row_or_are_pooled(county: County) -> None:
    grids = county.townships[0].data()["grids"]
    names = [row["name"] for row in grids]
    assert None in names or POOLED in names


def test_no_row_of_fewer_than_three_persons_stands_alone() -> None:
    """A grid of one supervised person would say that person's figures: pooled."""
    row = {
        "persons": 1, "supervised": 1, "due": 4, "kept": 3, "missed": 1,
        "figures": [{"key": "relapse_rate", "numerator": 1, "denominator": 1}],
        "rules": [],
    }  # fmt: skip
    big = {**row, "name": "网格02", "supervised": 5, "persons": 5}
    pooled = pool_small([{**row, "name": "网格01"}, {**row, "name": "网格03"}, big])
    assert [r["name"] for r in pooled] == ["网格02", POOLED]
    assert pooled[1]["pooled"] == 2 and pooled[1]["supervised"] == 2
    assert pooled[1]["figures"] == [{"key": "relapse_rate", "name_zh": "relapse_rate",
                                     "name_en": "relapse_rate", "numerator": 2,
                                     "denominator": 2}]  # fmt: skip


# --- 4. 同比 ---------------------------------------------------------------------------------


def test_previous_gives_each_figure_its_value_a_year_before(county: County) -> None:
    towns = county.townships
    args = [str(t.extract) for t in towns]
    for t in reversed(towns):  # matched by township code, not by order
        args += ["--previous", str(t.previous)]
    merged = merged_json(*args)
    assert merged["previous_period"] == YEAR_BEFORE
    for town, row in zip(towns, merged["townships"], strict=True):
        before = numbers(town.previous_data()["total"]["figures"])
        own = {f["key"]: f for f in town.summary["figures"]}
        for figure in row["figures"]:
            n, d = before[figure["key"]]
            assert (figure["previous_numerator"], figure["previous_denominator"]) == (n, d)
            assert figure["previous"] == rate(n, d)
            # report summary's own 同比 of the same township says the same.
            mine = own[figure["key"]]
            assert (n, d) == (mine["previous_numerator"], mine["previous_denominator"])
            assert figure["previous"] == mine["previous"]
            if figure["value"] is not None and figure["previous"] is not None:
                assert figure["change_points"] == round(
                    (figure["value"] - figure["previous"]) * 100, 2
                )
    for figure in merged["total"]["figures"]:
        parts = [numbers(t.previous_data()["total"]["figures"])[figure["key"]] for t in towns]
        n, d = sum(p[0] for p in parts), sum(p[1] for p in parts)
        assert (figure["previous_numerator"], figure["previous_denominator"]) == (n, d)
        assert figure["previous"] == rate(n, d)
        if figure["value"] is not None and figure["previous"] is not None:
            assert figure["change_points"] == round((figure["value"] - figure["previous"]) * 100, 2)


def test_previous_of_another_period_is_refused(county: County, first: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "q2.json"
    ok(cli(first)(*extract_args(wrong, county.key, "2026Q2")))
    files = [str(t.extract) for t in county.townships]
    line = fails(merge(*files, "--previous", str(wrong)))
    assert "2026Q2" in line and YEAR_BEFORE in line
    # This year's own extracts given as last year's: refused too.
    fails(merge(*files, "--previous", files[0]))


# --- 5. refusals, and what a written extract is --------------------------------------------


def test_an_extract_is_owner_only_and_audited_as_an_export(
    county: County, first: Path, tmp_path: Path
) -> None:
    before = audit(first)
    out = tmp_path / "out" / "乡1.json"
    ok(cli(first)(*extract_args(out, county.key)))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    after = audit(first)
    assert len(after) == len(before) + 1
    row = after[-1]
    assert (row["action"], row["table_name"]) == ("export", "report_extract")
    data = json.loads(out.read_text(encoding="utf-8"))
    # The audit head the extract names is the log as it stood before its own row.
    assert data["audit_head"]["count"] == len(before)
    assert data["audit_head"]["hash"] == before[-1]["hash"] == row["prev_hash"]
    assert data["format"] and data["version"]
    # --force writes over an extract already there, audited again.
    ok(cli(first)(*extract_args(out, county.key, PERIOD, "--force")))
    assert len(audit(first)) == len(before) + 2


def refused_extract(run: Run, db: Path, out: Path, key: Path, *more: str) -> str:
    before = fingerprint(db)
    existing = out.read_bytes() if out.exists() else None
    line = fails(run(*extract_args(out, key, PERIOD, *more)))
    assert fingerprint(db) == before
    if existing is None:
        assert not out.exists()
    else:
        assert out.read_bytes() == existing
    return line


def test_an_extract_needs_the_township_code(county: County, db_path: Path, tmp_path: Path) -> None:
    run = cli(db_path)  # a ledger with no township_code set
    ok(run("sample", "--persons", "5", "--seed", "2", "--as-of", AS_OF))
    line = refused_extract(run, db_path, tmp_path / "x.json", county.key)
    assert "township_code" in line


def test_an_extract_refuses_a_key_file_others_can_read(first: Path, tmp_path: Path) -> None:
    key = write_key(tmp_path / "open.key", KEY_TEXT)
    key.chmod(0o644)
    line = refused_extract(cli(first), first, tmp_path / "x.json", key)
    assert "open.key" in line


def test_an_extract_refuses_a_missing_key_file(first: Path, tmp_path: Path) -> None:
    line = refused_extract(cli(first), first, tmp_path / "x.json", tmp_path / "none.key")
    assert "none.key" in line


@pytest.mark.parametrize("name", ["x.txt", "x.csv", "x"])
def test_an_extract_must_be_json(county: County, first: Path, tmp_path: Path, name: str) -> None:
    refused_extract(cli(first), first, tmp_path / name, county.key)


def test_an_extract_is_not_written_over_without_force(
    county: County, first: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.json"
    out.write_text("earlier\n", encoding="utf-8")
    refused_extract(cli(first), first, out, county.key)


def copy_with(source: Path, target: Path, change: Callable[[dict[str, Any]], None]) -> str:
    data = json.loads(source.read_text(encoding="utf-8"))
    change(data)
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(target)


def test_merge_refuses_extracts_of_different_periods(county: County) -> None:
    one, two, _ = county.townships
    line = fails(merge(str(one.extract), str(two.previous)))
    assert PERIOD in line and YEAR_BEFORE in line


def test_merge_refuses_one_township_twice(county: County, tmp_path: Path) -> None:
    one, two, _ = county.townships
    # The same file twice, and two different extracts of the same township.
    fails(merge(str(one.extract), str(two.extract), str(one.extract)))
    twin = tmp_path / "twin.json"
    shutil.copyfile(one.extract, twin)
    line = fails(merge(str(one.extract), str(two.extract), str(twin)))
    assert one.code in line


def test_merge_refuses_different_versions(county: County, tmp_path: Path) -> None:
    one, two, three = county.townships
    odd = copy_with(three.extract, tmp_path / "odd.json", lambda d: d.update(version="0.0.1"))
    line = fails(merge(str(one.extract), str(two.extract), odd))
    assert "0.0.1" in line


def test_merge_refuses_what_is_not_an_extract(county: County, tmp_path: Path) -> None:
    good = str(county.townships[0].extract)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "yuesong-extract/1", ', encoding="utf-8")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    listed = tmp_path / "listed.json"
    listed.write_text("[1, 2, 3]\n", encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text('{"period": "2026Q3", "figures": []}\n', encoding="utf-8")
    foreign = copy_with(
        county.townships[1].extract, tmp_path / "foreign.json", lambda d: d.update(format="x/9")
    )
    for path in (broken, binary, listed, other, Path(foreign), tmp_path / "missing.json"):
        line = fails(merge(good, str(path)))
        assert path.name in line, line


def test_merge_opens_no_ledger(
    county: County, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    home = Path(os.environ["HOME"])
    ok(merge(*(str(t.extract) for t in county.townships)))
    assert not list(tmp_path.rglob("*.db"))
    assert not home.exists() or not list(home.rglob("*.db"))


# --- 6. csv and plain: a row a township and the total ---------------------------------------


def test_csv_has_a_row_per_township_and_the_total(county: County) -> None:
    out = ok(merge(*(str(t.extract) for t in county.townships), "--format", "csv"))
    rows = list(csv.reader(io.StringIO(out)))
    header, body = rows[0], [r for r in rows[1:] if r]
    assert len(body) == 4, rows
    assert [r[0] for r in body] == ["乡1", "乡2", "乡3", "全县合计"]
    merged = merged_json(*(str(t.extract) for t in county.townships))
    persons = header.index("帮教对象数")
    supervised = header.index("在管")
    for row, want in zip(body, [*merged["townships"], merged["total"]], strict=True):
        assert (int(row[persons]), int(row[supervised])) == (want["persons"], want["supervised"])


def test_plain_has_a_row_per_township_and_the_total(county: County) -> None:
    out = ok(merge(*(str(t.extract) for t in county.townships), "--format", "plain"))
    lines = out.splitlines()
    for name, code, _ in TOWNSHIPS:
        assert len([line for line in lines if line.startswith(name) and code in line]) == 1
    assert len([line for line in lines if line.startswith("全县合计")]) == 1
    # The shared person is named by count and township pair only.
    assert "530829101+530829102" in out
    assert SHARED_NAME not in out


# --- defects found ---------------------------------------------------------------------------


def test_previous_of_a_span_like_report_summary(
    county: County, first: Path, tmp_path: Path
) -> None:
    run = cli(first)
    span = tmp_path / "span.json"
    before = tmp_path / "span_before.json"
    common = ["--as-of", AS_OF, "--county-key", str(county.key)]
    ok(run("report", "extract", "--from", "2026-07-01", "--to", "2026-08-31", "--out", str(span),
           *common))  # fmt: skip
    ok(run("report", "extract", "--from", "2025-07-01", "--to", "2025-08-31", "--out",
           str(before), *common))  # fmt: skip
    summary = json.loads(ok(run("report", "summary", "--from", "2026-07-01", "--to",
                                "2026-08-31", "--as-of", AS_OF, "--format", "json")))  # fmt: skip
    merged = merged_json(str(span), "--previous", str(before))
    assert merged["previous_period"] == summary["previous_period"] == "2025-07-01~2025-08-31"
    own = {f["key"]: f for f in summary["figures"]}
    for figure in merged["total"]["figures"]:
        mine = own[figure["key"]]
        assert (figure["previous_numerator"], figure["previous_denominator"]) == (
            mine["previous_numerator"],
            mine["previous_denominator"],
        )


@pytest.mark.parametrize("missing", ["period", "figures"])
def test_merge_names_a_file_with_the_format_but_not_an_extract(
    county: County, tmp_path: Path, missing: str
) -> None:
    def cut(data: dict[str, Any]) -> None:
        if missing == "period":
            del data["period"]
        else:
            del data["total"]["figures"]

    bad = copy_with(county.townships[1].extract, tmp_path / "cut.json", cut)
    line = fails(merge(str(county.townships[0].extract), bad))
    assert "cut.json" in line, line


def test_an_export_of_an_unknown_kind_names_every_kind_the_merge_writes(
    county: County, tmp_path: Path
) -> None:
    files = [str(town.extract) for town in county.townships]
    said = fails(invoke(["county", "merge", *files, "--export", str(tmp_path / "m.txt")]))
    assert ".html" in said and ".xlsx" in said
    assert not (tmp_path / "m.txt").exists()
