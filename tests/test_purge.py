"""``db purge``: files past their retention anonymised, the figures kept
(docs/security.md §9).

The ledger, built once for the module, as of 2026-11-29 (retention 5 years by default:
supervision must have ended before 2021-11-29). Fictional people only:

- YS-0001 岩嘎门, resident ID number, every required field filled, alias, phone, notes;
  community treatment from 2016-03-01 (decision 西公决字〔2016〕31号), a meeting with a
  place, a note and a photo, a positive test, a breach with a note, a contact voided
  with a reason (archived in corrections); released 2019-03-01, abstinent 3 years
  2022-03-01. Due: supervision ended 2019-03-01.
- YS-0002 娜茸, Myanmar passport, no addresses (an incomplete file); community rehab from
  2017-01-10, a leave entered with a reason and voided (archived), moved out
  2018-06-01. Due.
- YS-0003 艾那, community treatment from 2026-01-05, a photo: supervised, never due.
- YS-0004 叶块, released 2022-01-10: closed, but not for 5 years.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator
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
    ok,
)
from PIL import Image

from yuesong_cli.domain.fields import missing_fields
from yuesong_cli.domain.masking import PURGED_NAME, mask_name
from yuesong_cli.domain.retention import (
    BREACH_CLEARED,
    BREACH_KEPT,
    CONTACT_CLEARED,
    CONTACT_KEPT,
    CORRECTION_CLEARED,
    CORRECTION_KEPT,
    PERSON_CLEARED,
    PERSON_KEPT,
    STATUS_CLEARED,
    STATUS_KEPT,
    DuePurge,
    anonymised_original,
    anonymised_person,
    check_closed_before,
    check_retention_years,
    document_pseudonyms,
    due_for_purge,
    purge_counts,
    retention_cutoff,
    supervision_ended,
)
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.errors import InvalidInput
from yuesong_cli.messages import t
from yuesong_cli.store.db import Store

Run = Callable[..., InvokeResult]

TODAY = dt.date(2026, 11, 29)
ID_1 = id_number(101, dt.date(1980, 5, 17))
ID_3 = id_number(103, dt.date(1990, 1, 1))
ID_4 = id_number(104, dt.date(1988, 8, 8))
DOC_1 = "西公决字〔2016〕31号"
# What identifies YS-0001 and YS-0002 and must be nowhere in the file after the purge.
PERSONAL = (
    ID_1,
    "岩嘎门",
    "yangamen",
    "阿嘎",
    "13912345678",
    "岱山巷七号",
    "勐卡集市",
    "谈到家人",
    "去了澜沧",
    "笔记测试",
    "录错了岩嘎门",
    DOC_1,
    "MA1234512",
    "娜茸",
    "回缅甸探亲",
)
PERIODS = ("2016", "2016Q2", "2017", "2018-05", "2019Q1", "2021", "2026Q3")


def _png(path: Path, colour: tuple[int, int, int]) -> Path:
    Image.new("RGB", (64, 48), colour).save(path, "PNG")
    return path


def _build(run: Run, folder: Path) -> None:
    ok(run("helper", "add", "岩块", "--role", "police"))
    ok(run("area", "zone", "add", "第一片区"))
    ok(run("area", "grid", "add", "网格01", "--zone", "第一片区"))
    ok(
        run(
            "person", "add", "--name", "岩嘎门", "--id-number", ID_1, "--alias", "阿嘎",
            "--since", "2016-03-01", "--doc", DOC_1, "--decision-date", "2016-02-20",
            "--phone", "13912345678", "--ethnicity", "佤族",
            "--household-address", "岱山巷七号", "--current-address", "岱山巷七号",
            "--village", "岳宋村", "--group", "一组", "--grid", "网格01", "--zone", "第一片区",
            "--drugs", "heroin", "--method", "inhaled", "--risk", "high",
            "--employment", "务农", "--notes", "笔记测试",
        )
    )  # fmt: skip
    ok(run("team", "assign", "YS-0001", "1", "--role", "police", "--on", "2016-03-01"))
    photo = _png(folder / "one.png", (200, 10, 10))
    ok(
        run(
            "log", "YS-0001", "meet", "talk", "--on", "2016-03-07", "--by", "1",
            "--place", "勐卡集市", "--note", "谈到家人", "--photo", str(photo),
        )
    )  # fmt: skip
    ok(run("log", "YS-0001", "urine", "--on", "2016-04-02", "--result", "positive",
           "--substance", "heroin"))  # fmt: skip
    ok(run("log", "YS-0001", "visit", "--on", "2016-04-20", "--note", "谈到家人"))
    ok(run("contact", "void", "3", "--reason", "录错了岩嘎门"))
    ok(run("breach", "add", "YS-0001", "left_county", "--on", "2016-05-01", "--days", "3",
           "--note", "去了澜沧"))  # fmt: skip
    ok(run("person", "status", "YS-0001", "released", "--on", "2019-03-01"))
    ok(run("person", "status", "YS-0001", "abstinent_3y", "--on", "2022-03-01"))
    ok(
        run(
            "person", "add", "--name", "娜茸", "--passport", "MA1234512",
            "--nationality", "MMR", "--gender", "female", "--born", "1985-02-03",
            "--status", "community_rehab", "--since", "2017-01-10", "--village", "班箐村",
        )
    )  # fmt: skip
    ok(run("person", "status", "YS-0002", "on_leave", "--on", "2017-05-01",
           "--until", "2017-05-10", "--reason", "回缅甸探亲"))  # fmt: skip
    ok(run("person", "status", "void", "5", "--reason", "误录"))
    ok(run("person", "status", "YS-0002", "moved_out", "--on", "2018-06-01"))
    ok(run("person", "add", "--name", "艾那", "--id-number", ID_3, "--since", "2026-01-05",
           "--village", "岳宋村"))  # fmt: skip
    photo = _png(folder / "three.png", (10, 200, 10))
    ok(run("log", "YS-0003", "meet", "--on", "2026-01-06", "--photo", str(photo)))
    ok(run("person", "add", "--name", "叶块", "--id-number", ID_4, "--since", "2019-01-10",
           "--village", "曼亨村"))  # fmt: skip
    ok(run("person", "status", "YS-0004", "released", "--on", "2022-01-10"))


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("purge")
    return build_ledger(folder / "template.db", lambda run: _build(run, folder))


@pytest.fixture
def run(ledger: Path, db_path: Path) -> Run:
    copy_ledger(ledger, db_path)
    return cli(db_path)


def rows(db: Path, sql: str, *params: Any) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def file_bytes(db: Path) -> bytes:
    """The database file and its -wal as they lie on the disk."""
    return b"".join(path.read_bytes() for path in (db, Path(f"{db}-wal")) if path.exists())


def figures(run: Run) -> dict[str, str]:
    """Every report of every period as JSON (the person report of each person too)."""
    found = {}
    for period in PERIODS:
        for report in ("summary", "village", "helper"):
            found[f"{report} {period}"] = ok(
                run("report", report, "--period", period, "--format", "json")
            )
    for case in ("YS-0001", "YS-0002"):
        for period in ("2016", "2017"):
            report = json.loads(
                ok(run("report", "person", case, "--period", period, "--format", "json"))
            )
            # The file's fields are what the purge empties; what was counted stays.
            found[f"person {case} {period}"] = json.dumps(
                {
                    # A decision document's number becomes #1, #2, … (equal ones equal).
                    "timeline": [{**span, "doc_no": None} for span in report["timeline"]],
                    "calendar": report["calendar"],
                    "team": report["team"],
                    "contacts": [_counted(c, CONTACT_KEPT) for c in report["contacts"]],
                    "tests": [_counted(c, CONTACT_KEPT) for c in report["tests"]],
                    "breaches": [_counted(b, BREACH_KEPT) for b in report["breaches"]],
                },
                ensure_ascii=False,
            )
    return found


def _counted(row: dict[str, Any], kept: tuple[str, ...]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key in (*kept, "kinds", "helpers")}


# --- the command line -----------------------------------------------------------------


def test_a_dry_run_counts_without_names_and_changes_nothing(run: Run, db_path: Path) -> None:
    before = fingerprint(db_path)
    out = ok(run("db", "purge"))
    assert out.splitlines() == [
        "试运行，未做任何改动：管控在 2021-11-29 之前结束的 2 人的档案"
        "可以匿名化（保存年限 5 年）：",
        "  解除  2019 年  1 人",
        "  迁出  2018 年  1 人",
        t("purge.hint_commit"),
        t("purge.backups_dry"),
    ]
    assert fingerprint(db_path) == before  # no audit row either


def test_a_dry_run_in_english(run: Run) -> None:
    out = ok(run("--lang", "en", "db", "purge", "--closed-before", "2026-11-29"))
    assert out.splitlines()[:4] == [
        "Dry run, nothing changed: the files of 3 persons whose supervision ended before "
        "2026-11-29 can be anonymised:",
        "  released  2019  1",
        "  released  2022  1",
        "  moved out  2018  1",
    ]


def test_commit_anonymises_the_files_due_and_only_them(run: Run, db_path: Path) -> None:
    out = ok(run("db", "purge", "--commit"))
    assert out.splitlines() == [
        "已匿名化管控在 2021-11-29 之前结束的 2 人的档案（保存年限 5 年）：",
        "  解除  2019 年  1 人",
        "  迁出  2018 年  1 人",
        t("purge.backups"),
    ]
    people = {row["case_no"]: row for row in rows(db_path, "SELECT * FROM persons")}
    first, second = people["YS-0001"], people["YS-0002"]
    for person in (first, second):
        for column, value in PERSON_CLEARED.items():
            assert person[column] == value, column
        assert person["purged_on"] == "2026-11-29"
    assert first["birth_date"] == "1980-01-01" and first["gender"] == "male"
    assert second["birth_date"] == "1985-01-01" and second["gender"] == "female"
    # What the figures count from stays.
    assert (first["village"], first["village_group"], first["grid"], first["zone"]) == (
        "岳宋村", "一组", "网格01", "第一片区",
    )  # fmt: skip
    assert first["registered_on"] == "2016-03-01" and first["decision_date"] == "2016-02-20"
    assert first["purged_missing"] == "" and second["purged_missing"] != ""
    # The others are untouched.
    assert people["YS-0003"]["name"] == "艾那" and people["YS-0003"]["purged_on"] is None
    assert people["YS-0004"]["id_number"] == ID_4


def test_what_was_recorded_of_them_is_scrubbed(run: Run, db_path: Path) -> None:
    ok(run("db", "purge", "--commit"))
    contacts = rows(db_path, "SELECT * FROM contacts WHERE person_id = 1 ORDER BY id")
    assert [c["happened_on"] for c in contacts] == ["2016-03-07", "2016-04-02"]
    assert all(c["place"] is None and c["note"] is None and c["substance"] is None
               for c in contacts)  # fmt: skip
    assert contacts[1]["urine_result"] == "positive"
    assert rows(db_path, "SELECT kind FROM contact_kinds WHERE contact_id = 1 ORDER BY kind") == [
        {"kind": "meet"},
        {"kind": "talk"},
    ]
    assert rows(db_path, "SELECT helper_id FROM contact_helpers WHERE contact_id = 1") == [
        {"helper_id": 1}
    ]
    # The purged person's photo is gone; another person's stays.
    photos = rows(db_path, "SELECT contact_id FROM contact_photos")
    assert photos == [{"contact_id": 4}]
    assert len(rows(db_path, "SELECT sha256 FROM photos")) == 1
    breach = rows(db_path, "SELECT * FROM breaches")[0]
    assert (breach["kind"], breach["days_away"], breach["note"]) == ("left_county", 3, None)
    history = rows(db_path, "SELECT status, doc_no, reason FROM status_history WHERE person_id = 1")
    assert [(h["status"], h["doc_no"]) for h in history] == [
        ("community_treatment", "#1"),
        ("released", None),
        ("abstinent_3y", None),
    ]
    archive = rows(db_path, "SELECT * FROM corrections ORDER BY id")
    assert [a["reason"] for a in archive] == [PURGED_NAME, PURGED_NAME]
    voided_contact = json.loads(archive[0]["original"])
    assert voided_contact["note"] is None and voided_contact["kinds"] == ["visit"]
    voided_leave = json.loads(archive[1]["original"])
    assert voided_leave["reason"] is None and voided_leave["status"] == "on_leave"


def test_no_byte_of_the_purged_values_is_left_in_the_file(run: Run, db_path: Path) -> None:
    store = Store(db_path)
    (photo,) = store.conn.execute(
        "SELECT p.data FROM photos p JOIN contact_photos cp ON cp.sha256 = p.sha256"
        " WHERE cp.contact_id = 1"
    ).fetchone()
    store.close()
    before = file_bytes(db_path)
    assert photo[-200:] in before
    for value in PERSONAL:
        assert value.encode() in before, value
    ok(run("db", "purge", "--commit"))
    after = file_bytes(db_path)
    assert photo[-200:] not in after
    for value in PERSONAL:
        assert value.encode() not in after, value
    assert "艾那".encode() in after and ID_4.encode() in after


def test_reports_of_past_periods_give_the_same_figures(run: Run) -> None:
    before = figures(run)
    entry = json.loads(before["summary 2017"])
    assert entry  # a report with figures, compared whole below
    ok(run("db", "purge", "--closed-before", "2026-11-29", "--commit"))
    assert figures(run) == before


def test_the_sample_gives_the_same_figures_after_a_purge(tmp_path: Path) -> None:
    def sample(run: Run) -> None:
        ok(run("sample", "--persons", "60", "--seed", "5", "--as-of", "2026-11-29"))

    run = cli(build_ledger(tmp_path / "sample.db", sample))
    periods = ("2025", "2025Q4", "2026Q3", "2026-10")
    before = {
        (report, period): ok(run("report", report, "--period", period, "--format", "json"))
        for report in ("summary", "village", "helper")
        for period in periods
    }
    out = ok(run("db", "purge", "--closed-before", "2026-11-29", "--commit"))
    assert "14" in out.splitlines()[0]
    after = {
        (report, period): ok(run("report", report, "--period", period, "--format", "json"))
        for report in ("summary", "village", "helper")
        for period in periods
    }
    assert after == before
    ok(run("db", "verify"))  # exit 1 on any problem


def test_the_purge_is_audited_without_personal_data(run: Run, db_path: Path) -> None:
    (last,) = rows(db_path, "SELECT max(id) AS id FROM audit")
    ok(run("db", "purge", "--commit"))
    written = rows(db_path, "SELECT * FROM audit WHERE id > ? ORDER BY id", last["id"])
    person_rows = [r for r in written if r["table_name"] == "persons" and r["action"] == "update"]
    assert [r["record_id"] for r in person_rows] == [1, 2]
    cleared = set(json.loads(person_rows[0]["fields"]))
    assert {"name", "id_number", "phone", "household_address", "notes", "purged_on"} <= cleared
    assert "gender" not in cleared and "village" not in cleared
    run_row = written[-1]
    assert (run_row["action"], run_row["table_name"], run_row["record_id"]) == (
        "purge", "persons", None,
    )  # fmt: skip
    assert run_row["note"] == "closed_before=2021-11-29 persons=2 cases=YS-0001,YS-0002"
    text = json.dumps(written, ensure_ascii=False)
    for value in PERSONAL:
        assert value not in text
    ok(run("db", "verify"))  # the audit log explains every row as it now stands


def test_a_purged_file_shows_as_purged_and_cannot_be_revealed(run: Run, db_path: Path) -> None:
    ok(run("db", "purge", "--commit"))
    shown = ok(run("person", "show", "YS-0001"))
    assert "姓名        已清除" in shown and "清除日期    2026-11-29" in shown
    assert "岩" not in shown.split("人员状态经历")[0]
    listed = ok(run("person", "list", "--format", "csv")).splitlines()
    assert listed[1].startswith("YS-0001,已清除,男,1980-**-**,,岳宋村")
    assert ",艾*," in listed[3]
    english = ok(run("--lang", "en", "person", "list", "--format", "csv")).splitlines()
    assert english[1].startswith("YS-0001,(purged),male,")
    assert ok(run("person", "find", "已清除", "--format", "csv")).count("已清除") == 2
    before = fingerprint(db_path)
    assert fails(run("person", "show", "YS-0001", "--reveal", "--reason", "核对")) == t(
        "error.person.purged_reveal", case="YS-0001", day="2026-11-29"
    )
    assert fingerprint(db_path) == before  # no reveal audited


@pytest.mark.parametrize(
    "args",
    [
        ("person", "edit", "YS-0001", "--phone", "13800001111"),
        ("person", "edit", "YS-0002", "--name", "娜茸"),
        ("person", "status", "YS-0001", "deceased", "--on", "2026-11-01"),
        ("person", "status", "void", "3", "--reason", "误录"),
        ("log", "YS-0001", "meet", "--on", "2026-11-02"),
        ("breach", "add", "YS-0001", "other", "--on", "2026-11-02"),
        ("breach", "void", "1", "--reason", "误录"),
        ("contact", "void", "1", "--reason", "误录"),
        ("contact", "amend", "1", "--note", "新的", "--reason", "补记"),
    ],
)
def test_a_purged_file_takes_no_entries(run: Run, db_path: Path, args: tuple[str, ...]) -> None:
    ok(run("db", "purge", "--commit"))
    before = fingerprint(db_path)
    case = "YS-0002" if "YS-0002" in args else "YS-0001"
    assert fails(run(*args)) == t("error.person.purged", case=case, day="2026-11-29")
    assert fingerprint(db_path) == before


def test_a_purged_file_raises_no_alerts(run: Run) -> None:
    before = ok(run("alerts", "--format", "csv"))
    assert "YS-0002" in before  # the incomplete file
    ok(run("db", "purge", "--commit"))
    after = ok(run("alerts", "--format", "csv"))
    assert "YS-0002" not in after and "YS-0001" not in after


def test_a_second_run_finds_nothing_left(run: Run, db_path: Path) -> None:
    ok(run("db", "purge", "--commit"))
    assert ok(run("db", "purge", "--commit")).splitlines() == [
        "没有管控在 2021-11-29 之前结束、尚未匿名化的档案（保存年限 5 年）。"
    ]
    assert ok(run("db", "purge")).splitlines() == [
        "没有管控在 2021-11-29 之前结束、尚未匿名化的档案（保存年限 5 年）。"
    ]


def test_the_retention_is_a_setting(run: Run, db_path: Path) -> None:
    assert "retention_years  5" in ok(run("settings", "show"))
    ok(run("settings", "set", "retention_years", "3"))
    assert ok(run("db", "purge")).splitlines()[:4] == [
        "试运行，未做任何改动：管控在 2023-11-29 之前结束的 3 人的档案"
        "可以匿名化（保存年限 3 年）：",
        "  解除  2019 年  1 人",
        "  解除  2022 年  1 人",
        "  迁出  2018 年  1 人",
    ]


@pytest.mark.parametrize("value", ["0", "51", "abc", "５", "2.5", "+3", ""])
def test_a_bad_retention_is_refused(run: Run, db_path: Path, value: str) -> None:
    before = fingerprint(db_path)
    assert fails(run("settings", "set", "retention_years", value)) == t(
        "error.setting.retention_years", low=1, high=50
    )
    assert fingerprint(db_path) == before


def test_a_day_to_come_is_refused(run: Run, db_path: Path) -> None:
    before = fingerprint(db_path)
    assert fails(run("db", "purge", "--closed-before", "2026-12-01", "--commit")) == t(
        "error.purge.future", day="2026-12-01"
    )
    assert "someday" in fails(run("db", "purge", "--closed-before", "someday", "--commit"))
    assert fingerprint(db_path) == before


def test_an_encrypted_file_is_purged_alike(
    run: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "key"
    key.write_text("a passphrase of the test\n")
    key.chmod(0o600)
    monkeypatch.setenv("YUESONG_KEY_FILE", str(key))
    ok(run("db", "encrypt"))
    ok(run("db", "purge", "--commit"))
    assert "已清除" in ok(run("person", "show", "YS-0002"))
    ok(run("db", "verify"))


# --- the rules --------------------------------------------------------------------------


def entry(entry_id: int, status: str, since: str, until: str | None = None,
          doc: str | None = None) -> StatusEntry:  # fmt: skip
    return StatusEntry(
        entry_id,
        status,
        dt.date.fromisoformat(since),
        dt.date.fromisoformat(until) if until else None,
        doc,
    )


def test_supervision_ended_with_the_first_of_the_closing_entries() -> None:
    history = [
        entry(1, "community_treatment", "2016-03-01", doc="A"),
        entry(2, "on_leave", "2017-01-01", "2017-01-10"),
        entry(3, "released", "2019-03-01"),
        entry(4, "abstinent_3y", "2022-03-01"),
        entry(5, "deceased", "2024-05-05"),
    ]
    assert supervision_ended(history, TODAY) == history[2]
    assert supervision_ended(history, dt.date(2019, 2, 28)) is None  # still supervised
    assert supervision_ended(history[:2], TODAY) is None
    assert supervision_ended([], TODAY) is None
    # Back under a new decision after a release: ended again at the second release.
    again = [*history[:3], entry(6, "community_treatment", "2020-01-01", doc="B"),
             entry(7, "released", "2023-01-01")]  # fmt: skip
    assert supervision_ended(again, TODAY) == again[-1]


def test_due_means_closed_strictly_before_the_day() -> None:
    histories = {
        1: [entry(1, "released", "2021-11-28")],
        2: [entry(2, "released", "2021-11-29")],
        3: [entry(3, "community_rehab", "2010-01-01")],
    }
    persons = [(1, "YS-0001"), (2, "YS-0002"), (3, "YS-0003")]
    cutoff = retention_cutoff(TODAY, 5)
    assert cutoff == dt.date(2021, 11, 29)
    assert due_for_purge(persons, histories, TODAY, cutoff) == [
        DuePurge(1, "YS-0001", "released", dt.date(2021, 11, 28), "released")
    ]


def test_the_cutoff_of_29_february() -> None:
    assert retention_cutoff(dt.date(2028, 2, 29), 5) == dt.date(2023, 2, 28)


def test_counts_by_status_then_year() -> None:
    due = [
        DuePurge(1, "A", "deceased", dt.date(2018, 1, 1), "deceased"),
        DuePurge(2, "B", "released", dt.date(2019, 1, 1), "abstinent_3y"),
        DuePurge(3, "C", "released", dt.date(2018, 1, 1), "released"),
        DuePurge(4, "D", "released", dt.date(2018, 6, 1), "released"),
    ]
    assert purge_counts(due) == [
        ("released", 2018, 2),
        ("released", 2019, 1),
        ("deceased", 2018, 1),
    ]


@pytest.mark.parametrize(("typed", "kept"), [("5", "5"), (" 07 ", "7"), ("50", "50")])
def test_retention_years_as_stored(typed: str, kept: str) -> None:
    assert check_retention_years(typed) == kept


def test_a_day_to_come_is_no_closing_day() -> None:
    check_closed_before(TODAY, TODAY)
    with pytest.raises(InvalidInput):
        check_closed_before(TODAY + dt.timedelta(days=1), TODAY)


def test_document_numbers_keep_only_their_equality() -> None:
    history = [
        entry(3, "community_treatment", "2016-03-01", doc="X-9"),
        entry(1, "pending_report", "2016-02-20", doc="X-9"),
        entry(4, "compulsory_isolation", "2017-01-01", doc="Y-2"),
        entry(5, "community_rehab", "2019-01-01", doc="Z-7"),
    ]
    assert document_pseudonyms(history) == {"X-9": "#1", "Y-2": "#2", "Z-7": "#3"}


def test_an_archived_record_is_scrubbed_like_a_live_one() -> None:
    pseudonyms = {"X-9": "#1"}
    status = {"id": 5, "status": "community_rehab", "doc_no": "Q-1", "reason": "回家",
              "file": {"decision_doc": "Q-1", "decision_date": "2017-01-10"}}  # fmt: skip
    assert anonymised_original("status_history", status, pseudonyms) == {
        "id": 5,
        "status": "community_rehab",
        "doc_no": "#2",
        "reason": None,
        "file": {"decision_doc": None, "decision_date": "2017-01-10"},
    }
    contact = {"id": 3, "note": "谈话", "place": "家", "substance": None, "photos": ["ab"],
               "kinds": ["visit"], "mode": "in_person"}  # fmt: skip
    assert anonymised_original("contacts", contact, pseudonyms) == {
        **contact,
        "note": None,
        "place": None,
        "photos": [],
    }


def test_the_entry_rate_counts_a_purged_file_as_it_was() -> None:
    person = {
        "name": "艾那", "birth_date": "1990-06-07", "id_number": None, "passport_no": None,
        "ethnicity": "佤族", "village": "岳宋村",
    }  # fmt: skip
    lacked = missing_fields(person)
    changes = anonymised_person(person, TODAY)
    assert changes["birth_date"] == "1990-01-01"
    purged = {**person, **changes}
    assert missing_fields(purged) == lacked
    assert missing_fields({**purged, "purged_missing": ""}) == ()


def test_a_purged_name_is_not_masked() -> None:
    assert mask_name(PURGED_NAME) == PURGED_NAME


@pytest.mark.parametrize(
    ("table", "kept", "cleared"),
    [
        ("persons", PERSON_KEPT, PERSON_CLEARED),
        ("status_history", STATUS_KEPT, STATUS_CLEARED),
        ("contacts", CONTACT_KEPT, CONTACT_CLEARED),
        ("breaches", BREACH_KEPT, BREACH_CLEARED),
        ("corrections", CORRECTION_KEPT, CORRECTION_CLEARED),
    ],
)
def test_every_column_is_either_kept_or_cleared(
    db_path: Path, table: str, kept: Any, cleared: Any
) -> None:
    """A column added to a table of a person's data must be named in
    domain/retention.py: kept, with why, or what the purge makes of it."""
    columns = {row["name"] for row in rows(db_path, f"PRAGMA table_info({table})")}
    assert columns == set(kept) | set(cleared)
    assert not set(kept) & set(cleared)


@pytest.fixture
def empty_store(db_path: Path) -> Iterator[Store]:
    store = Store(db_path)
    yield store
    store.close()


def test_nothing_due_in_an_empty_register(empty_store: Store) -> None:
    assert empty_store.purge_due(TODAY, TODAY) == []
    assert empty_store.purge_files(TODAY, TODAY) == []
    assert empty_store.compact()
