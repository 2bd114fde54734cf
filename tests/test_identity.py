"""Who the register can hold (issue 10): old 15-digit ID numbers, foreign nationals by
passport, and persons whose number is not known yet; masking, uniqueness, search, reveal,
completeness and the migration that made room for them. Every person is fictional; the
clock is 2026-11-29."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, fails, id_number, ok

from yuesong_cli.domain.countries import ALPHA3, NEIGHBOURS, country_name, parse_nationality
from yuesong_cli.domain.documents import parse_passport_number
from yuesong_cli.errors import InvalidInput
from yuesong_cli.messages import CATALOG, t
from yuesong_cli.store.db import Store

Run = Callable[..., InvokeResult]

ROOT = Path(__file__).resolve().parent.parent
OLD_ID = "530829900101123"  # a first-generation number: 53082919900101123X today
NEW_ID = id_number(123, dt.date(1990, 1, 1))
PASSPORT = "MA1234512"
SINCE = ("--since", "2026-01-05")


def add_passport(yuesong: Run, name: str = "岩温", *extra: str) -> InvokeResult:
    return yuesong(
        "person",
        "add",
        "--name",
        name,
        "--passport",
        PASSPORT,
        "--nationality",
        "MMR",
        "--gender",
        "男",
        "--born",
        "1988-03-04",
        *SINCE,
        *extra,
    )


def add_no_id(yuesong: Run, name: str = "玉香") -> InvokeResult:
    return yuesong(
        "person",
        "add",
        "--name",
        name,
        "--no-id",
        "--gender",
        "female",
        "--born",
        "1995-06-01",
        *SINCE,
    )


def person_row(db_path: Path, person_id: int) -> dict[str, Any]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM persons WHERE id = ?", (person_id,)).fetchone())
    finally:
        conn.close()


def audit_rows(db_path: Path) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute("SELECT * FROM audit ORDER BY id")]
    finally:
        conn.close()


# --- 15-digit numbers --------------------------------------------------------------------


def test_an_old_number_is_registered_upgraded_with_the_original_kept(
    yuesong: Run, db_path: Path
) -> None:
    assert ok(yuesong("person", "add", "--name", "艾那", "--id-number", OLD_ID, *SINCE)) == (
        "YS-0001\n"
    )
    row = person_row(db_path, 1)
    assert (row["id_kind"], row["id_number"], row["id_number_15"]) == ("resident", NEW_ID, OLD_ID)
    assert (row["gender"], row["birth_date"]) == ("male", "1990-01-01")
    shown = ok(yuesong("person", "show", "YS-0001"))
    assert "5308**********123X" in shown
    assert "原 15 位身份证号" in shown and "5308*******1123" in shown
    assert OLD_ID not in shown and NEW_ID not in shown
    # The same person typed with the new number is the same person.
    error = fails(yuesong("person", "add", "--name", "艾那", "--id-number", NEW_ID, *SINCE))
    assert error == t("error.person.duplicate_id")
    # Found by the last 4 of either number.
    assert "YS-0001" in ok(yuesong("person", "find", "123X"))
    assert "YS-0001" in ok(yuesong("person", "find", "1123"))


# --- passports ---------------------------------------------------------------------------


def test_a_foreign_national_is_registered_by_passport(yuesong: Run, db_path: Path) -> None:
    assert ok(add_passport(yuesong)) == "YS-0001\n"
    row = person_row(db_path, 1)
    assert (row["id_kind"], row["id_number"], row["passport_no"], row["nationality"]) == (
        "passport",
        None,
        PASSPORT,
        "MMR",
    )
    assert (row["gender"], row["birth_date"]) == ("male", "1988-03-04")


def test_passport_number_and_nationality_are_read_as_typed(yuesong: Run, db_path: Path) -> None:
    ok(
        yuesong(
            "person",
            "add",
            "--name",
            "岩温",
            "--passport",
            " ma 123 4512 ",
            "--nationality",
            "缅甸",
            "--gender",
            "male",
            "--born",
            "1988-03-04",
            *SINCE,
        )
    )
    row = person_row(db_path, 1)
    assert (row["passport_no"], row["nationality"]) == (PASSPORT, "MMR")


def test_the_register_shows_the_passport_masked_with_its_state_and_kind(yuesong: Run) -> None:
    ok(add_passport(yuesong))
    ok(yuesong("person", "add", "--name", "艾那", "--id-number", NEW_ID, *SINCE))
    plain = ok(yuesong("person", "list", "-f", "plain"))
    assert "MMR 护照 MA*****12" in plain
    assert "5308**********123X" in plain
    assert PASSPORT not in plain
    # JSON carries the stored keys, in no language: a script reads the same everywhere.
    for lang in ("zh", "en"):
        rows = json.loads(ok(yuesong("--lang", lang, "person", "list", "-f", "json")))
        assert [(r["id_number"], r["passport_no"], r["nationality"]) for r in rows] == [
            (None, "MA*****12", "MMR"),
            ("5308**********123X", None, None),
        ]
    csv = ok(yuesong("--lang", "en", "person", "list", "-f", "csv"))
    assert "MMR passport MA*****12" in csv and PASSPORT not in csv


def test_the_file_shows_the_passport_masked_and_the_country_by_name(yuesong: Run) -> None:
    ok(add_passport(yuesong))
    shown = ok(yuesong("person", "show", "YS-0001"))
    assert "护照号码" in shown and "MA*****12" in shown and PASSPORT not in shown
    assert "缅甸 (MMR)" in shown
    assert "1988-**-**" in shown
    english = ok(yuesong("--lang", "en", "person", "show", "YS-0001", "-f", "json"))
    shown_json = json.loads(english)
    assert (shown_json["passport_no"], shown_json["nationality"]) == ("MA*****12", "MMR")
    assert "Myanmar (MMR)" in ok(yuesong("--lang", "en", "person", "show", "YS-0001"))
    assert shown_json["id_number"] is None


def test_a_reveal_shows_the_passport_and_its_audit_names_it(yuesong: Run, db_path: Path) -> None:
    ok(add_passport(yuesong))
    shown = ok(yuesong("person", "show", "YS-0001", "--reveal", "--reason", "边境检查站核对"))
    assert PASSPORT in shown and "岩温" in shown
    reveal = audit_rows(db_path)[-1]
    assert (reveal["action"], reveal["record_id"], reveal["note"]) == (
        "reveal",
        1,
        "边境检查站核对",
    )
    assert json.loads(reveal["fields"]) == ["alias", "birth_date", "name", "passport_no", "phone"]
    assert PASSPORT not in json.dumps(audit_rows(db_path), ensure_ascii=False)


def test_a_passport_is_one_persons_within_its_state(yuesong: Run) -> None:
    ok(add_passport(yuesong))
    error = fails(add_passport(yuesong, "岩块"))
    assert error == t("error.person.duplicate_passport")
    assert PASSPORT not in error
    # The same number issued by another state is another passport.
    ok(
        yuesong(
            "person",
            "add",
            "--name",
            "岩块",
            "--passport",
            PASSPORT,
            "--nationality",
            "LAO",
            "--gender",
            "男",
            "--born",
            "1990-01-01",
            *SINCE,
        )
    )


def test_find_by_the_last_4_of_a_passport(yuesong: Run) -> None:
    ok(add_passport(yuesong))
    ok(add_no_id(yuesong))
    found = ok(yuesong("person", "find", "4512"))
    assert "YS-0001" in found and "YS-0002" not in found
    assert "YS-0001" not in ok(yuesong("person", "find", "1234"))


@pytest.mark.parametrize(
    ("args", "key", "code"),
    [
        (["--passport", PASSPORT, "--gender", "男", "--born", "1988-03-04"], "usage", 2),
        (["--passport", PASSPORT, "--nationality", "MMR", "--born", "1988-03-04"], "usage", 2),
        (["--passport", PASSPORT, "--nationality", "MMR", "--gender", "男"], "usage", 2),
        (["--passport", PASSPORT, "--nationality", "MMR", "--no-id"], "usage", 2),
        (["--id-number", NEW_ID, "--passport", PASSPORT, "--nationality", "MMR"], "usage", 2),
        (["--id-number", NEW_ID, "--gender", "男"], "usage", 2),
        (["--id-number", NEW_ID, "--nationality", "MMR"], "usage", 2),
        (["--no-id", "--gender", "男"], "usage", 2),
        (["--nationality", "MMR", "--no-id", "--gender", "男", "--born", "1990-01-01"], "usage", 2),
        (
            ["--passport", "MA1", "--nationality", "MMR", "--gender", "男", "--born", "1990-01-01"],
            "error.passport.shape",
            1,
        ),
        (
            [
                "--passport",
                PASSPORT,
                "--nationality",
                "XYZ",
                "--gender",
                "男",
                "--born",
                "1990-01-01",
            ],
            "error.nationality.unknown",
            1,
        ),
        (
            [
                "--passport",
                PASSPORT,
                "--nationality",
                "CHN",
                "--gender",
                "男",
                "--born",
                "1990-01-01",
            ],
            "error.nationality.china",
            1,
        ),
        (
            [
                "--passport",
                PASSPORT,
                "--nationality",
                "MMR",
                "--gender",
                "男",
                "--born",
                "2026-12-01",
            ],
            "error.date.future",
            1,
        ),
    ],
)
def test_identity_options_refused_in_one_line_and_nothing_registered(
    yuesong: Run, db_path: Path, args: list[str], key: str, code: int
) -> None:
    error = fails(yuesong("person", "add", "--name", "岩温", *args, *SINCE), code)
    if key != "usage":
        params = {"text": "XYZ"} if key == "error.nationality.unknown" else {}
        assert error == t(key, **params)
    assert PASSPORT not in error and NEW_ID not in error
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM persons").fetchone() == (0,)
    finally:
        conn.close()


# --- no ID number yet --------------------------------------------------------------------


def test_no_id_is_registered_and_counts_as_incomplete(yuesong: Run, db_path: Path) -> None:
    assert ok(add_no_id(yuesong)) == "YS-0001\n"
    row = person_row(db_path, 1)
    assert (row["id_kind"], row["id_number"], row["passport_no"]) == ("none", None, None)
    assert (row["gender"], row["birth_date"]) == ("female", "1995-06-01")
    alerts = ok(yuesong("alerts", "-f", "plain"))
    (line,) = [line for line in alerts.splitlines() if "档案信息不全" in line]
    assert "身份证号" in line
    # A passport holder's file is not missing the number.
    ok(add_passport(yuesong))
    alerts = ok(yuesong("alerts", "-f", "json"))
    incomplete = {
        row["case_no"]: row["detail"]
        for row in json.loads(alerts)
        if row["kind"] == "file_incomplete"
    }
    assert "身份证号" in incomplete["YS-0001"]
    assert "身份证号" not in incomplete["YS-0002"]


def entry_rate(yuesong: Run) -> tuple[int, int]:
    shown = json.loads(
        ok(
            yuesong(
                "report", "summary", "--period", "2026-11", "--as-of", "2026-11-29", "-f", "json"
            )
        )
    )
    (figure,) = [f for f in shown["figures"] if f["key"] == "entry_rate"]
    return figure["numerator"], figure["denominator"]


COMPLETE = (
    "--ethnicity",
    "佤族",
    "--household-address",
    "岳宋村一组",
    "--current-address",
    "岳宋村一组",
    "--village",
    "岳宋村",
    "--group",
    "一组",
    "--drugs",
    "heroin",
    "--method",
    "烫吸",
    "--doc",
    "西盟禁决字〔2026〕1号",
    "--decision-date",
    "2026-01-04",
    "--risk",
    "low",
)


def test_entry_rate_counts_a_file_without_a_document_as_incomplete(yuesong: Run) -> None:
    ok(add_passport(yuesong, "岩温", *COMPLETE))
    ok(add_no_id(yuesong))
    ok(yuesong("person", "edit", "YS-0002", *COMPLETE))
    assert entry_rate(yuesong) == (1, 2)
    # Given the number later, the file is complete.
    number = id_number(2, dt.date(1995, 6, 1))
    out = ok(yuesong("person", "edit", "YS-0002", "--id-number", number))
    assert out == "已更新 YS-0002：身份证号。\n"
    assert entry_rate(yuesong) == (2, 2)


# --- editing -----------------------------------------------------------------------------


def test_edit_gives_corrects_and_changes_documents(yuesong: Run, db_path: Path) -> None:
    ok(add_no_id(yuesong))
    number = id_number(2, dt.date(1995, 6, 1))
    ok(yuesong("person", "edit", "YS-0001", "--id-number", number))
    row = person_row(db_path, 1)
    assert (row["id_kind"], row["id_number"]) == ("resident", number)
    # Gender and birth date now come from the number.
    error = fails(yuesong("person", "edit", "YS-0001", "--gender", "男"), 2)
    assert error == t("usage.identity.from_number")
    # A wrong number replaced by a passport: the number goes.
    ok(yuesong("person", "edit", "YS-0001", "--passport", PASSPORT, "--nationality", "MMR"))
    row = person_row(db_path, 1)
    assert (row["id_kind"], row["id_number"], row["passport_no"]) == ("passport", None, PASSPORT)
    # The state alone corrected; gender and birth date may be corrected now.
    assert ok(yuesong("person", "edit", "YS-0001", "--nationality", "LAO")) == (
        "已更新 YS-0001：国籍。\n"
    )
    ok(yuesong("person", "edit", "YS-0001", "--born", "1995-06-02", "--gender", "男"))
    row = person_row(db_path, 1)
    assert (row["nationality"], row["gender"], row["birth_date"]) == ("LAO", "male", "1995-06-02")
    # Back to "not known": every number is cleared.
    ok(yuesong("person", "edit", "YS-0001", "--no-id"))
    row = person_row(db_path, 1)
    assert (row["id_kind"], row["id_number"], row["passport_no"], row["nationality"]) == (
        "none",
        None,
        None,
        None,
    )
    # A nationality without a passport to go with it.
    fails(yuesong("person", "edit", "YS-0001", "--nationality", "MMR"), 2)


def test_edit_refuses_a_document_another_person_holds(yuesong: Run, db_path: Path) -> None:
    ok(add_passport(yuesong))
    ok(add_no_id(yuesong))
    before = person_row(db_path, 2)
    error = fails(
        yuesong("person", "edit", "YS-0002", "--passport", PASSPORT, "--nationality", "MMR")
    )
    assert error == t("error.person.duplicate_passport")
    assert person_row(db_path, 2) == before


# --- the domain pieces -------------------------------------------------------------------


def test_the_country_list_is_iso_3166_alpha_3() -> None:
    assert len(ALPHA3) == 249
    assert {"MMR", "LAO", "VNM", "THA", "KHM", "IND", "SSD", "CHN"} <= ALPHA3
    assert all(len(code) == 3 and code.isascii() and code.isupper() for code in ALPHA3)
    for code in NEIGHBOURS:
        assert code in ALPHA3
        assert f"country.{code}" in CATALOG
        assert parse_nationality(CATALOG[f"country.{code}"][0]) == code
    assert country_name("MMR", "zh") == "缅甸"
    assert country_name("FRA", "zh") == "FRA"
    assert parse_nationality(" ｍｍｒ ") == "MMR"


@pytest.mark.parametrize("text", ["MA1", "MA-12345", "护照12345", "A" * 21, ""])
def test_a_passport_number_has_the_printed_shape(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_passport_number(text)
    assert (caught.value.key, caught.value.params) == ("error.passport.shape", {})


# --- the migration -----------------------------------------------------------------------


def ledger_before_m007(path: Path) -> None:
    """A database as the version before m007 kept it, holding the sample's rows: the
    steps before m007 applied, then every table of sample.db copied in, column by
    column where the older table has the column."""
    from sqlite_utils import Database

    from yuesong_cli.store.migrations import migrations

    db = Database(path)
    migrations.apply(db, stop_before="m007_identity_documents")
    conn = db.conn
    conn.execute("ATTACH DATABASE ? AS src", [str(ROOT / "sample.db")])
    conn.execute("PRAGMA foreign_keys = OFF")
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations'"
        )
    ]
    with conn:
        for table in tables:
            mine = [r[1] for r in conn.execute(f"PRAGMA main.table_info([{table}])")]
            theirs = {r[1] for r in conn.execute(f"PRAGMA src.table_info([{table}])")}
            names = ", ".join(f"[{c}]" for c in mine if c in theirs)
            if table != "audit":  # empty in a new file, and its rows cannot be deleted
                conn.execute(f"DELETE FROM main.[{table}]")
            conn.execute(f"INSERT INTO main.[{table}] ({names}) SELECT {names} FROM src.[{table}]")
    conn.execute("DETACH DATABASE src")
    db.close()
    os.chmod(path, 0o600)


def test_the_sample_survives_the_migration_row_for_row(tmp_path: Path) -> None:
    """The sample's rows, kept as the version before m007 kept them, opened, migrated,
    and every person row compared column by column; the checks the file carries still
    hold."""
    path = tmp_path / "sample.db"
    ledger_before_m007(path)
    conn = sqlite3.connect(path)
    applied = {row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")}
    columns = [row[1] for row in conn.execute("PRAGMA table_info(persons)")]
    before = conn.execute("SELECT * FROM persons ORDER BY id").fetchall()
    children = {
        table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("status_history", "team_members", "contacts", "breaches")
    }
    conn.close()
    assert "m007_identity_documents" not in applied
    assert len(before) == 300

    Store(path).close()

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    try:
        after = conn.execute(f"SELECT {', '.join(columns)} FROM persons ORDER BY id").fetchall()
        assert after == before
        assert conn.execute("SELECT DISTINCT id_kind FROM persons").fetchall() == [("resident",)]
        assert conn.execute(
            "SELECT COUNT(*) FROM persons WHERE id_number_15 IS NOT NULL"
            " OR passport_no IS NOT NULL OR nationality IS NOT NULL"
        ).fetchone() == (0,)
        for table, count in children.items():
            assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == count
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # The audit guards and the contact triggers are still there, and still guard.
        triggers = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        assert {"audit_no_update", "audit_no_replace", "audit_no_delete"} <= triggers
        with pytest.raises(sqlite3.DatabaseError, match="audit rows cannot be deleted"):
            conn.execute("DELETE FROM audit")
        # Foreign keys still point at persons and are enforced.
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO status_history (person_id, status, since, entered_at)"
                " VALUES (999, 'community_treatment', '2026-01-01', 'x')"
            )
        # The schema's own checks: one document of one kind.
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE persons SET id_number = NULL WHERE id = 1")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE persons SET id_kind = 'passport' WHERE id = 1")
    finally:
        conn.close()
    verify = Store(path)
    try:
        assert verify.audit_rows()  # the chain is read back as before
    finally:
        verify.close()
