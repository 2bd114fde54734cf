"""``yuesong log``: recording a contact — kinds, helpers, mode, photos, urine tests, dates.

docs/commands.md: a contact cannot happen in the future, before the person was registered, or on a
day that does not exist. The clock is 2026-11-29; the person was registered 2026-01-10.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import InvokeResult, fails, fingerprint, id_number, ok

from yuesong_cli.domain.photos import PHOTO_MAX_BYTES
from yuesong_cli.messages import t
from yuesong_cli.system.images import kept_copy

Run = Callable[..., InvokeResult]


def query(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.execute(sql, params))
    finally:
        conn.close()


def tiny_png(colour: int = 0) -> bytes:
    """A real 1×1 greyscale PNG, written byte by byte."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(bytes([0, colour]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture
def setup(yuesong: Run) -> None:
    """YS-0001 (艾那) registered 2026-01-10; helpers 1 岩块 (police) and 2 李专干 (officer)."""
    ok(
        yuesong(
            "person",
            "add",
            "--name",
            "艾那",
            "--id-number",
            id_number(123, dt.date(1990, 1, 1)),
            "--since",
            "2026-01-10",
        )
    )
    ok(yuesong("helper", "add", "岩块", "--role", "police"))
    ok(yuesong("helper", "add", "李专干", "--role", "officer"))


@pytest.fixture
def png(tmp_path: Path) -> Path:
    path = tmp_path / "visit.png"
    path.write_bytes(tiny_png())
    return path


def contacts(yuesong: Run) -> list[dict[str, Any]]:
    shown = json.loads(ok(yuesong("person", "show", "1", "--format", "json")))
    return list(shown["contacts"])


# --- what a contact holds -----------------------------------------------------------------


def test_several_kinds_in_one_contact(yuesong: Run, db_path: Path, setup: None) -> None:
    result = yuesong("log", "YS-0001", "meet", "talk", "visit", "--place", "家中", "--note", "谈心")
    assert ok(result) == "已记录接触 #1：YS-0001 2026-11-29 见面、谈话、走访（当面）。\n"
    assert query(db_path, "SELECT kind FROM contact_kinds WHERE contact_id = 1 ORDER BY kind") == [
        ("meet",),
        ("talk",),
        ("visit",),
    ]
    assert query(db_path, "SELECT COUNT(*) FROM contacts") == [(1,)]
    [row] = contacts(yuesong)
    assert (row["kinds"], row["place"], row["note"]) == ("meet,talk,visit", "家中", "谈心")


def test_kinds_in_chinese_with_commas_and_repeats(yuesong: Run, db_path: Path, setup: None) -> None:
    result = yuesong("log", "1", "见面，谈话", "meet", "家访")
    assert ok(result) == "已记录接触 #1：YS-0001 2026-11-29 见面、谈话、走访（当面）。\n"
    assert query(db_path, "SELECT COUNT(*) FROM contact_kinds") == [(3,)]


def test_log_in_english(yuesong: Run, setup: None) -> None:
    result = yuesong("--lang", "en", "log", "1", "meet", "talk", "--mode", "video")
    assert result.exit_code == 0
    assert result.stdout == "Recorded contact #1: YS-0001 2026-11-29 meet, talk (video).\n"
    assert result.stderr == (
        "Note: this contact was by video: it does not count for meet weekly (in person only);"
        " it counts for talk every half-month. It is recorded.\n"
    )


def test_by_is_repeatable_and_names_helpers(yuesong: Run, db_path: Path, setup: None) -> None:
    ok(yuesong("log", "1", "meet", "--by", "1", "--by", "李专干", "--by", "yankuai"))
    assert query(db_path, "SELECT helper_id FROM contact_helpers ORDER BY helper_id") == [
        (1,),
        (2,),
    ]
    assert contacts(yuesong)[0]["helpers"] == "岩块、李专干"


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("phone", "phone", "电话"),
        ("电话", "phone", "电话"),
        ("video", "video", "视频"),
        ("in-person", "in_person", "当面"),
        ("当面", "in_person", "当面"),
    ],
)
def test_mode(
    yuesong: Run, db_path: Path, setup: None, typed: str, stored: str, shown: str
) -> None:
    out = ok(yuesong("log", "1", "talk", "--mode", typed))
    assert out == f"已记录接触 #1：YS-0001 2026-11-29 谈话（{shown}）。\n"
    assert query(db_path, "SELECT mode FROM contacts") == [(stored,)]


def test_contact_audit_row_names_fields_only(yuesong: Run, db_path: Path, setup: None) -> None:
    ok(yuesong("log", "1", "meet", "--by", "1", "--place", "岳宋村委会", "--note", "说到复吸风险"))
    [(action, table, record, fields)] = query(
        db_path,
        "SELECT action, table_name, record_id, fields FROM audit WHERE table_name = 'contacts'",
    )
    assert (action, table, record) == ("insert", "contacts", 1)
    assert json.loads(fields) == [
        "happened_on",
        "helpers",
        "kinds",
        "mode",
        "note",
        "person_id",
        "place",
    ]
    assert "岳宋村委会" not in fields and "复吸" not in fields


# --- photos ------------------------------------------------------------------------------


def test_photo_is_stored_once_per_content(
    yuesong: Run, db_path: Path, setup: None, png: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "same.png"
    copy.write_bytes(png.read_bytes())
    ok(yuesong("log", "1", "visit", "--photo", str(png), "--photo", str(copy)))
    ok(yuesong("log", "1", "meet", "--on", "-1", "--photo", str(png)))
    kept = kept_copy(tiny_png())  # the copy kept: re-encoded, without EXIF
    assert kept is not None
    digest = hashlib.sha256(kept.data).hexdigest()
    assert query(db_path, "SELECT sha256, media_type, size, data FROM photos") == [
        (digest, "image/png", len(kept.data), kept.data)
    ]
    assert query(db_path, "SELECT contact_id, sha256 FROM contact_photos ORDER BY 1") == [
        (1, digest),
        (2, digest),
    ]
    assert [c["photos"] for c in contacts(yuesong)] == [1, 1]


def test_two_different_photos(yuesong: Run, db_path: Path, setup: None, tmp_path: Path) -> None:
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    first.write_bytes(tiny_png(0))
    second.write_bytes(tiny_png(255))
    ok(yuesong("log", "1", "visit", "--photo", str(first), "--photo", str(second)))
    assert query(db_path, "SELECT COUNT(*) FROM photos") == [(2,)]
    assert contacts(yuesong)[0]["photos"] == 2
    [(fields,)] = query(db_path, "SELECT fields FROM audit WHERE table_name = 'contacts'")
    assert "photos" in json.loads(fields)


def test_a_file_that_is_not_an_image_is_refused(
    yuesong: Run, db_path: Path, setup: None, png: Path, tmp_path: Path
) -> None:
    text = tmp_path / "notes.png"  # the name says PNG, the bytes do not
    text.write_text("谈话记录", encoding="utf-8")
    before = fingerprint(db_path)
    line = fails(yuesong("log", "1", "meet", "--photo", str(png), "--photo", str(text)))
    assert line == t("error.photo.unreadable", path=str(text))
    assert fingerprint(db_path) == before


def test_a_missing_photo_file_is_refused(
    yuesong: Run, db_path: Path, setup: None, tmp_path: Path
) -> None:
    before = fingerprint(db_path)
    missing = tmp_path / "nowhere.jpg"
    assert fails(yuesong("log", "1", "meet", "--photo", str(missing))) == t(
        "error.photo.missing", path=str(missing)
    )
    assert fails(yuesong("log", "1", "meet", "--photo", str(tmp_path))) == t(
        "error.photo.missing", path=str(tmp_path)
    )
    assert fingerprint(db_path) == before


def _sized_png(path: Path, size: int) -> Path:
    with path.open("wb") as f:
        f.write(tiny_png())
        f.truncate(size)  # sparse: cheap whatever the size
    return path


def test_a_photo_over_the_cap_is_refused(
    yuesong: Run, db_path: Path, setup: None, tmp_path: Path
) -> None:
    big = _sized_png(tmp_path / "big.png", PHOTO_MAX_BYTES + 1)
    before = fingerprint(db_path)
    line = fails(yuesong("log", "1", "meet", "--photo", str(big)))
    assert line == t("error.photo.too_big", path=str(big), limit=PHOTO_MAX_BYTES // 2**20)
    assert line == f"照片 {big} 超过 20 MB，请压缩后再附上。"
    assert fingerprint(db_path) == before


def test_a_photo_at_the_cap_is_accepted(
    yuesong: Run, db_path: Path, setup: None, tmp_path: Path
) -> None:
    exact = _sized_png(tmp_path / "exact.png", PHOTO_MAX_BYTES)
    ok(yuesong("log", "1", "meet", "--photo", str(exact)))
    # What is kept is the image alone, re-encoded: not the 20 MB of padding after it.
    assert query(db_path, "SELECT size FROM photos") == [(len(tiny_png()),)]


# --- urine tests ------------------------------------------------------------------------------


def test_urine_needs_a_result(yuesong: Run, db_path: Path, setup: None) -> None:
    before = fingerprint(db_path)
    assert fails(yuesong("log", "1", "urine")) == t("error.contact.urine_needs_result")
    assert fails(yuesong("log", "1", "meet", "尿检")) == t("error.contact.urine_needs_result")
    assert fails(yuesong("log", "1", "meet", "--result", "negative")) == t(
        "error.contact.result_needs_urine"
    )
    assert fingerprint(db_path) == before


@pytest.mark.parametrize("result", ["negative", "refused", "absent", "阴性"])
def test_substance_only_with_a_positive_result(
    yuesong: Run, db_path: Path, setup: None, result: str
) -> None:
    before = fingerprint(db_path)
    line = fails(yuesong("log", "1", "urine", "--result", result, "--substance", "heroin"))
    assert line == t("error.contact.substance_needs_positive")
    assert fingerprint(db_path) == before


def test_positive_result_with_substance(yuesong: Run, db_path: Path, setup: None) -> None:
    out = ok(yuesong("log", "1", "urine", "--result", "阳性", "--substance", "甲基苯丙胺"))
    assert out == (
        "已记录接触 #1：YS-0001 2026-11-29 尿检（当面）。\n"
        "尿检阳性：YS-0001 记为复吸（计入复吸率，并列入预警），请按规定报告公安机关。\n"
    )
    assert query(db_path, "SELECT urine_result, substance FROM contacts") == [("positive", "meth")]
    # The relapse stands among the alerts.
    kinds = [a["kind"] for a in json.loads(ok(yuesong("alerts", "--format", "json")))]
    assert "relapse" in kinds
    ok(yuesong("log", "1", "urine", "--result", "refused", "--on", "-1"))
    assert [c["urine_result"] for c in contacts(yuesong)] == ["positive", "refused"]


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (("urine", "--result", "maybe"), "尿检结果"),
        (("urine", "--result", "positive", "--substance", "tea"), "毒品种类"),
        (("dance",), "接触类型"),
        (("meet", "--mode", "carrier-pigeon"), "方式"),
    ],
)
def test_unknown_words_are_refused(
    yuesong: Run, db_path: Path, setup: None, args: tuple[str, ...], what: str
) -> None:
    before = fingerprint(db_path)
    line = fails(yuesong("log", "1", *args))
    assert line.startswith(f"不认识的{what}“")
    assert "；可选：" in line
    assert fingerprint(db_path) == before


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("today", "2026-11-29"),
        ("今天", "2026-11-29"),
        ("yesterday", "2026-11-28"),
        ("昨天", "2026-11-28"),
        ("前天", "2026-11-27"),
        ("-3", "2026-11-26"),
        ("-0", "2026-11-29"),
        ("11-01", "2026-11-01"),
        ("3-5", "2026-03-05"),
        ("2026-10-01", "2026-10-01"),
        ("2026-01-10", "2026-01-10"),  # the day of registration itself
        ("２０２６－１０－０２", "2026-10-02"),
        ("11/01", "2026-11-01"),
        ("11.01", "2026-11-01"),
        ("11月2日", "2026-11-02"),
        ("2026年11月2日", "2026-11-02"),
        ("2026.11.02", "2026-11-02"),
        ("2026/11/02", "2026-11-02"),
        ("１１月２日", "2026-11-02"),
    ],
)
def test_date_forms(yuesong: Run, db_path: Path, setup: None, typed: str, day: str) -> None:
    out = ok(yuesong("log", "1", "meet", "--on", typed))
    assert out == f"已记录接触 #1：YS-0001 {day} 见面（当面）。\n"
    assert query(db_path, "SELECT happened_on, entered_at FROM contacts") == [
        (day, "2026-11-29T01:00:00Z")
    ]


@pytest.mark.parametrize(
    ("typed", "line"),
    [
        ("2026-11-30", t("error.date.future")),
        ("12-01", t("error.date.future")),
        ("2027-01-01", t("error.date.future")),
        ("2026-01-09", t("error.contact.before_registration", day="2026-01-10")),
        ("-400", t("error.contact.before_registration", day="2026-01-10")),
        ("2026-02-30", t("error.date.nonexistent", text="2026-02-30")),
        ("02-29", t("error.date.nonexistent", text="02-29")),
        ("2026-13-01", t("error.date.nonexistent", text="2026-13-01")),
        ("12/29", t("error.date.future")),  # a month ahead is this year's, to come
        ("tomorrow", t("error.date.unreadable", text="tomorrow", days=31)),
        ("01/11/2026", t("error.date.unreadable", text="01/11/2026", days=31)),
        ("", t("error.date.unreadable", text="", days=31)),
    ],
)
def test_impossible_dates_are_refused(
    yuesong: Run, db_path: Path, setup: None, typed: str, line: str
) -> None:
    before = fingerprint(db_path)
    assert fails(yuesong("log", "1", "meet", "--on", typed)) == line
    assert fingerprint(db_path) == before


def test_impossible_dates_in_english(yuesong: Run, setup: None) -> None:
    assert fails(yuesong("--lang", "en", "log", "1", "meet", "--on", "2026-02-30")) == (
        "The date 2026-02-30 does not exist; check and retype it."
    )
    assert fails(yuesong("--lang", "en", "log", "1", "meet", "--on", "2026-12-01")) == (
        "The date cannot be after today; check it and try again."
    )
    assert fails(yuesong("--lang", "en", "log", "1", "meet", "--on", "2025-12-31")) == (
        "The person was registered on 2026-01-10; a contact cannot be recorded before that."
    )


def test_registration_day_counts_not_status_day(yuesong: Run) -> None:
    ok(
        yuesong(
            "person",
            "add",
            "--name",
            "叶嘎",
            "--id-number",
            id_number(124),
            "--since",
            "2026-06-01",
            "--registered",
            "2026-03-01",
        )
    )
    ok(yuesong("log", "1", "meet", "--on", "2026-04-01"))
    assert fails(yuesong("log", "1", "meet", "--on", "2026-02-28")) == t(
        "error.contact.before_registration", day="2026-03-01"
    )


def test_registration_cannot_move_after_recorded_contacts(
    yuesong: Run, db_path: Path, setup: None
) -> None:
    ok(yuesong("log", "1", "meet", "--on", "2026-02-01"))
    before = fingerprint(db_path)
    result = yuesong("person", "edit", "1", "--registered", "2026-06-01")
    assert result.exit_code == 1
    assert fingerprint(db_path) == before


def test_today_is_the_day_in_the_database_time_zone(
    yuesong: Run, db_path: Path, setup: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2026-11-28 17:00 UTC is already 2026-11-29 01:00 in Yunnan (Asia/Shanghai).
    monkeypatch.setenv("YUESONG_NOW", "2026-11-28T17:00:00Z")
    assert ok(yuesong("log", "1", "meet")) == "已记录接触 #1：YS-0001 2026-11-29 见面（当面）。\n"
    assert ok(yuesong("log", "1", "talk", "--on", "2026-11-29")).startswith("已记录接触 #2")
    assert ok(yuesong("log", "1", "visit", "--on", "昨天")).startswith(
        "已记录接触 #3：YS-0001 2026-11-28 "
    )
    ok(yuesong("settings", "set", "timezone", "America/New_York"))
    assert ok(yuesong("log", "1", "meet")).startswith("已记录接触 #4：YS-0001 2026-11-28 ")
    assert fails(yuesong("log", "1", "meet", "--on", "2026-11-29")) == t("error.date.future")


def test_unknown_person_or_helper(yuesong: Run, db_path: Path, setup: None) -> None:
    before = fingerprint(db_path)
    assert fails(yuesong("log", "YS-0002", "meet")) == t("error.person.no_case", case="YS-0002")
    assert fails(yuesong("log", "叶嘎", "meet")) == t("error.person.not_found")
    assert fails(yuesong("log", "1", "meet", "--by", "1", "--by", "9")) == t(
        "error.helper.not_found"
    )
    assert fingerprint(db_path) == before


def test_recent_contacts_newest_first(yuesong: Run, setup: None) -> None:
    for day in ("2026-10-01", "-3", "昨天"):
        ok(yuesong("log", "1", "meet", "--on", day))
    assert [c["happened_on"] for c in contacts(yuesong)] == [
        "2026-11-28",
        "2026-11-26",
        "2026-10-01",
    ]
    shown = json.loads(ok(yuesong("person", "show", "1", "--contacts", "1", "--format", "json")))
    assert [c["happened_on"] for c in shown["contacts"]] == ["2026-11-28"]


def test_a_day_without_its_year_near_new_year_is_last_december(
    yuesong: Run, db_path: Path, setup: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # docs/commands.md "Dates in": on 2 January, 12-30 is three days ago, not next December.
    monkeypatch.setenv("YUESONG_NOW", "2027-01-02T01:00:00Z")
    out = ok(yuesong("log", "1", "meet", "--on", "12-30"))
    assert out == "已记录接触 #1：YS-0001 2026-12-30 见面（当面）。\n"
    assert ok(yuesong("log", "1", "meet", "--on", "12月31日")).startswith(
        "已记录接触 #2：YS-0001 2026-12-31 "
    )


def test_an_unreadable_date_lists_the_forms_in_english(yuesong: Run, setup: None) -> None:
    line = fails(yuesong("--lang", "en", "log", "1", "meet", "--on", "next week"))
    assert line == t("error.date.unreadable", "en", text="next week", days=31)
    assert "2026年11月2日" in line and "11/02" in line and "2026.11.02" in line


# --- warnings: recorded, told on stderr ----------------------------------------------------


def test_a_meeting_by_phone_is_recorded_with_a_warning(
    yuesong: Run, db_path: Path, setup: None
) -> None:
    result = yuesong("log", "1", "meet", "--mode", "phone")
    assert result.exit_code == 0
    assert result.stdout == "已记录接触 #1：YS-0001 2026-11-29 见面（电话）。\n"
    assert result.stderr == (
        "注意：这次接触是电话，不计入一周一见面（须当面），也不计入其他任何帮教义务。已记录。\n"
    )
    assert query(db_path, "SELECT happened_on, mode FROM contacts") == [("2026-11-29", "phone")]


def test_a_talk_by_phone_is_no_mistake(yuesong: Run, setup: None) -> None:
    assert ok(yuesong("log", "1", "talk", "--mode", "phone")).startswith("已记录接触 #1")


def test_a_contact_with_a_released_person_is_recorded_with_a_warning(
    yuesong: Run, db_path: Path, setup: None
) -> None:
    ok(yuesong("person", "status", "1", "released", "--on", "2026-11-01", "--doc", "解除-1"))
    result = yuesong("--lang", "en", "log", "1", "visit", "--on", "2026-11-20")
    assert result.exit_code == 0
    assert result.stdout.startswith("Recorded contact #1: YS-0001 2026-11-20 ")
    assert result.stderr == (
        "Note: YS-0001 has been released since 2026-11-01 and is not under community "
        "supervision on 2026-11-20: the contact is kept in the file, but nothing falls due "
        "in that status, so it keeps no obligation.\n"
    )
    assert query(db_path, "SELECT happened_on FROM contacts") == [("2026-11-20",)]
    # Before the release the same contact is no mistake.
    assert ok(yuesong("log", "1", "visit", "--on", "2026-10-31")).startswith("已记录接触 #2")
