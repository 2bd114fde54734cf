"""Bad input of every kind (docs/commands.md exit codes, docs/security.md §7): exit 1 with
exactly one clear line on stderr, no traceback, no personal data, and the database
unchanged; wrong usage exits 2. The clock is 2026-11-29."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import InvokeResult, fingerprint, id_number
from typer.testing import CliRunner

from yuesong_cli.cli.app import app
from yuesong_cli.domain import vocab
from yuesong_cli.domain.idnumber import check_character
from yuesong_cli.messages import t

Run = Callable[..., InvokeResult]

NAME = "艾那"
GOOD_ID = id_number(123, dt.date(1990, 1, 1))  # 53082919900101123X
OTHER_ID = id_number(124, dt.date(1985, 6, 15))


def with_check(first17: str) -> str:
    """A number whose only fault is elsewhere: the check character is right."""
    return first17 + check_character(first17)


def refused(result: InvokeResult, *typed: str) -> str:
    """Exit 1, exactly one line on stderr, nothing on stdout, nothing typed echoed."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    for value in typed:
        assert value not in result.stderr
    return result.stderr.rstrip("\n")


def wrong_usage(result: InvokeResult) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.fixture
def registered(yuesong: Run) -> None:
    """YS-0001 艾那 (registered 2026-01-10) and helper 1 岩块."""
    result = yuesong(
        "person",
        "add",
        "--name",
        NAME,
        "--id-number",
        GOOD_ID,
        "--since",
        "2026-01-10",
        "--phone",
        "13812345678",
    )
    assert result.stdout == "YS-0001\n"
    assert yuesong("helper", "add", "岩块", "--role", "police").exit_code == 0


# --- malformed ID numbers -------------------------------------------------------------------

BAD_ID_NUMBERS = [
    pytest.param(GOOD_ID[:-1], t("error.id.length", length=17), id="length-17"),
    pytest.param(GOOD_ID + "1", t("error.id.length", length=19), id="length-19"),
    pytest.param("5308291990", t("error.id.length", length=10), id="length-10"),
    pytest.param(GOOD_ID[:10] + "A" + GOOD_ID[11:], t("error.id.chars"), id="chars-letter"),
    pytest.param("X" + GOOD_ID[1:], t("error.id.chars"), id="chars-x-first"),
    pytest.param(GOOD_ID[:6] + "١٩٩٠" + GOOD_ID[10:], t("error.id.chars"), id="chars-arabic"),
    pytest.param(GOOD_ID[:-1] + "-", t("error.id.chars"), id="chars-dash"),
    pytest.param(with_check("000000" + GOOD_ID[6:17]), t("error.id.area"), id="area-zero"),
    pytest.param(with_check("990829" + GOOD_ID[6:17]), t("error.id.area"), id="area-99"),
    pytest.param(with_check("530000" + GOOD_ID[6:17]), t("error.id.area"), id="area-province"),
    pytest.param(with_check("53082919900230123"), t("error.id.birth"), id="birth-feb-30"),
    pytest.param(with_check("53082919901301123"), t("error.id.birth"), id="birth-month-13"),
    pytest.param(with_check("53082920261130123"), t("error.id.birth"), id="birth-tomorrow"),
    pytest.param(with_check("53082918991231123"), t("error.id.birth"), id="birth-1899"),
    pytest.param(GOOD_ID[:-1] + "1", t("error.id.check"), id="check-wrong"),
    pytest.param(OTHER_ID[:-1] + "X", t("error.id.check"), id="check-x-instead-of-digit"),
    pytest.param(
        GOOD_ID[:8] + GOOD_ID[9] + GOOD_ID[8] + GOOD_ID[10:],
        t("error.id.check"),
        id="check-swapped-digits",
    ),
]


@pytest.mark.parametrize(("number", "line"), BAD_ID_NUMBERS)
def test_person_add_refuses_a_malformed_id_number(
    yuesong: Run, db_path: Path, number: str, line: str
) -> None:
    before = fingerprint(db_path)
    result = yuesong("person", "add", "--name", NAME, "--id-number", number)
    assert refused(result, number, NAME, number[:14]) == line
    assert fingerprint(db_path) == before


@pytest.mark.parametrize(("number", "line"), BAD_ID_NUMBERS[::4])
def test_person_edit_refuses_a_malformed_id_number(
    yuesong: Run, db_path: Path, registered: None, number: str, line: str
) -> None:
    before = fingerprint(db_path)
    result = yuesong("person", "edit", "YS-0001", "--id-number", number)
    assert refused(result, number, GOOD_ID) == line
    assert fingerprint(db_path) == before


def test_id_number_errors_in_english(yuesong: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    result = yuesong("--lang", "en", "person", "add", "--name", NAME, "--id-number", GOOD_ID[:-1])
    assert refused(result) == (
        "An ID number has 18 characters, or 15 digits on an old card (this one has 17);"
        " check and retype it."
    )
    monkeypatch.setenv("YUESONG_LANG", "en")
    result = yuesong("person", "add", "--name", NAME, "--id-number", GOOD_ID[:-1] + "1")
    assert refused(result, GOOD_ID) == (
        "The check character of the ID number does not match; a digit is probably "
        "mistyped. Check and retype it."
    )


# --- dates that do not exist ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("person", "add", "--name", "叶嘎", "--id-number", OTHER_ID, "--since", "2026-02-29"),
        ("person", "add", "--name", "叶嘎", "--id-number", OTHER_ID, "--term-start", "2026-02-29"),
        ("person", "status", "1", "on_leave", "--on", "2026-02-29"),
        ("person", "status", "1", "on_leave", "--on", "11-01", "--until", "2026-02-29"),
        ("person", "edit", "1", "--decision-date", "2026-02-29"),
        ("person", "list", "--as-of", "2026-02-29"),
        ("team", "assign", "1", "1", "--role", "police", "--on", "2026-02-29"),
        ("log", "1", "meet", "--on", "2026-02-29"),
    ],
    ids=lambda args: "-".join(args[:2]),
)
def test_a_date_that_does_not_exist(
    yuesong: Run, db_path: Path, registered: None, args: tuple[str, ...]
) -> None:
    before = fingerprint(db_path)
    assert refused(yuesong(*args), "叶嘎") == "日期 2026-02-29 不存在，请核对后重新输入。"
    assert fingerprint(db_path) == before


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (
            ("person", "add", "--name", "叶嘎", "--id-number", OTHER_ID, "--since", "2026-11-30"),
            "error.date.future",
        ),
        (
            ("person", "add", "--name", "叶嘎", "--id-number", OTHER_ID, "--registered", "12-01"),
            "error.date.future",
        ),
        (
            ("person", "add", "--name", "叶嘎", "--id-number", OTHER_ID, "--since", "1985-06-14"),
            "error.date.before_birth",
        ),
        (("person", "status", "1", "detained", "--on", "1989-12-31"), "error.date.before_birth"),
        (
            ("person", "status", "1", "on_leave", "--on", "11-10", "--until", "11-09"),
            "lifecycle.until_before_since",
        ),
    ],
)
def test_dates_out_of_place(
    yuesong: Run, db_path: Path, registered: None, args: tuple[str, ...], key: str
) -> None:
    before = fingerprint(db_path)
    assert refused(yuesong(*args), OTHER_ID) == t(key)
    assert fingerprint(db_path) == before


def test_registration_before_birth_is_refused(yuesong: Run, db_path: Path) -> None:
    before = fingerprint(db_path)
    result = yuesong(
        "person",
        "add",
        "--name",
        NAME,
        "--id-number",
        GOOD_ID,
        "--since",
        "2026-01-10",
        "--registered",
        "1985-01-01",
    )
    assert refused(result, GOOD_ID) == t("error.date.before_birth")
    assert fingerprint(db_path) == before


def test_editing_registration_into_the_future_is_refused(
    yuesong: Run, db_path: Path, registered: None
) -> None:
    before = fingerprint(db_path)
    assert refused(yuesong("person", "edit", "1", "--registered", "2026-12-31")) == t(
        "error.date.future"
    )
    assert fingerprint(db_path) == before


# --- unknown persons and helpers --------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("person", "show", "{ref}"),
        ("person", "edit", "{ref}", "--notes", "N1"),
        ("person", "status", "{ref}", "detained"),
        ("team", "assign", "{ref}", "1", "--role", "police"),
        ("team", "show", "{ref}"),
        ("log", "{ref}", "meet"),
    ],
    ids=lambda args: "-".join(args[:2]),
)
@pytest.mark.parametrize(
    ("ref", "key"),
    [
        ("YS-0002", "error.person.no_case"),
        ("2", "error.person.no_case"),
        ("叶嘎", "error.person.not_found"),
        ("yega", "error.person.not_found"),
    ],
)
def test_unknown_person(
    yuesong: Run, db_path: Path, registered: None, args: tuple[str, ...], ref: str, key: str
) -> None:
    before = fingerprint(db_path)
    line = refused(yuesong(*(a.replace("{ref}", ref) for a in args)))
    assert line == t(key, case=ref)
    assert fingerprint(db_path) == before


def test_unknown_person_in_english(yuesong: Run, registered: None) -> None:
    assert refused(yuesong("--lang", "en", "person", "show", "叶嘎")) == (
        "No such person; use 'yuesong person find' and name the person by case number."
    )


@pytest.mark.parametrize(
    "args",
    [
        ("log", "1", "meet", "--by", "岩道"),
        ("log", "1", "meet", "--by", "1", "--by", "H7"),
        ("team", "assign", "1", "7", "--role", "police"),
        ("team", "assign", "1", "yandao", "--role", "police"),
    ],
)
def test_unknown_helper(
    yuesong: Run, db_path: Path, registered: None, args: tuple[str, ...]
) -> None:
    before = fingerprint(db_path)
    assert refused(yuesong(*args)) == t("error.helper.not_found")
    assert fingerprint(db_path) == before


def test_an_id_number_typed_as_ref_is_not_echoed(yuesong: Run, registered: None) -> None:
    # Found by this suite: the 18 digits used to be echoed in the "no case" line.
    number = OTHER_ID  # 530829198506151241: all digits
    for ref in (number, "YS-" + number, GOOD_ID[:17]):
        line = refused(yuesong("person", "show", ref), number, GOOD_ID[:17])
        assert line == t("error.person.no_such_case")
    assert refused(yuesong("person", "show", GOOD_ID), GOOD_ID) == t("error.person.not_found")


def test_a_huge_case_number_is_a_clear_error(yuesong: Run, registered: None) -> None:
    # Found by this suite: 25 digits used to overflow SQLite's integer ("unexpected error").
    assert refused(yuesong("person", "show", "9" * 25)) == t("error.person.no_such_case")
    assert refused(yuesong("log", "YS-" + "9" * 25, "meet")) == t("error.person.no_such_case")


# --- unknown words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "what", "typed"),
    [
        (
            ("person", "add", "--name", "叶嘎", "--id-number", OTHER_ID, "--status", "在逃"),
            "人员状态",
            "在逃",
        ),
        (("person", "status", "1", "escaped"), "人员状态", "escaped"),
        (("person", "list", "--status", "active"), "人员状态", "active"),
        (
            ("person", "add", "--name", "叶嘎", "--id-number", OTHER_ID, "--risk", "extreme"),
            "风险等级",
            "extreme",
        ),
        (
            ("person", "add", "--name", "叶嘎", "--id-number", OTHER_ID, "--drugs", "heroin,tea"),
            "毒品种类",
            "tea",
        ),
        (("person", "edit", "1", "--method", "snort"), "吸食方式", "snort"),
        (("person", "edit", "1", "--dibao", "maybe"), "低保状态", "maybe"),
        (("helper", "add", "岩道", "--role", "chief"), "角色", "chief"),
        (("team", "assign", "1", "1", "--role", "chief"), "角色", "chief"),
        (("log", "1", "dance"), "接触类型", "dance"),
        (("log", "1", "meet", "--mode", "letter"), "方式", "letter"),
        (("log", "1", "urine", "--result", "unclear"), "尿检结果", "unclear"),
        (("log", "1", "urine", "--result", "positive", "--substance", "tea"), "毒品种类", "tea"),
    ],
)
def test_unknown_vocabulary_word(
    yuesong: Run, db_path: Path, registered: None, args: tuple[str, ...], what: str, typed: str
) -> None:
    before = fingerprint(db_path)
    line = refused(yuesong(*args), OTHER_ID)
    assert line.startswith(f"不认识的{what}“{typed}”；可选：")
    assert line.endswith("。")
    assert fingerprint(db_path) == before


def test_unknown_word_in_english_lists_the_keys(yuesong: Run, registered: None) -> None:
    line = refused(yuesong("--lang", "en", "log", "1", "meet", "--mode", "letter"))
    assert line == "Unknown mode 'letter'; choose one of: in_person, phone, video."


def test_words_are_accepted_in_both_languages(yuesong: Run, registered: None) -> None:
    for status in ("社区康复", "community_rehab", "community rehabilitation", "rehab"):
        assert vocab.STATUS.parse(status) == "community_rehab"
    assert yuesong("person", "status", "1", "失控", "--on", "11-01").exit_code == 0
    assert yuesong("person", "status", "1", "community treatment", "--on", "11-02").exit_code == 0


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("person", "add", "--name", "  ", "--id-number", OTHER_ID), t("error.name.invalid")),
        (("person", "add", "--name", "叶" * 41, "--id-number", OTHER_ID), t("error.name.invalid")),
        (("person", "edit", "1", "--name", " "), t("error.name.invalid")),
        (
            ("person", "add", "--name", "叶嘎", "--id-number", OTHER_ID, "--phone", "138abc"),
            t("error.phone.invalid"),
        ),
        (("person", "edit", "1", "--phone", "123"), t("error.phone.invalid")),
        (
            ("person", "add", "--name", "叶嘎", "--id-number", OTHER_ID, "--plan", "nope"),
            "没有名为 nope 的帮教方案；现有：five_to_one。",
        ),
        (("person", "edit", "1", "--plan", ""), t("error.plan.required")),
        (("person", "edit", "1", "--registered", ""), t("error.registered.required")),
        (
            ("person", "add", "--name", "叶嘎", "--id-number", GOOD_ID),
            t("error.person.duplicate_id"),
        ),
        (
            ("settings", "set", "timezone", "Mars/Base"),
            t("error.setting.timezone", value="Mars/Base"),
        ),
        (
            ("settings", "set", "colour", "red"),
            t(
                "error.setting.unknown",
                key="colour",
                keys="township, timezone, case_prefix, mask_names, retention_years, township_code,"
                " county, police_station, doc_templates, documents_from",
            ),
        ),
    ],
)
def test_other_bad_values(
    yuesong: Run, db_path: Path, registered: None, args: tuple[str, ...], line: str
) -> None:
    before = fingerprint(db_path)
    assert refused(yuesong(*args), GOOD_ID, OTHER_ID, "13812345678") == line
    assert fingerprint(db_path) == before


@pytest.mark.parametrize("name", ["岩块\nYS-0009  伪造", "岩\x1b[2J块", "岩\u2028块", "岩\x00块"])
def test_a_name_with_control_characters_is_refused(
    yuesong: Run, db_path: Path, registered: None, name: str
) -> None:
    # Found by this suite: such a name could forge a row of a printed list or drive the
    # terminal showing it.
    before = fingerprint(db_path)
    unprintable = t("error.name.unprintable")
    assert refused(yuesong("helper", "add", name, "--role", "police")) == unprintable
    assert refused(yuesong("person", "add", "--name", name, "--id-number", OTHER_ID)) == (
        unprintable
    )
    assert refused(yuesong("person", "edit", "1", "--name", name)) == unprintable
    assert fingerprint(db_path) == before


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("log", "1", "meet", "--note", "谈话\x1b[31m内容"), "内容"),
        (("log", "1", "meet", "--place", "村委会\n伪造"), "地点"),
        (("log", "1", "meet", "--note", "话" * 2001), "内容"),
        (("person", "edit", "1", "--current-address", "岳宋村\r二组"), "现住址"),
        (("person", "add", "--name", "叶嘎", "--id-number", OTHER_ID, "--notes", "a\tb"), "备注"),
        (("person", "status", "1", "detained", "--reason", "拘留\x07"), "原因"),
    ],
)
def test_free_text_with_control_characters_or_too_long_is_refused(
    yuesong: Run, db_path: Path, registered: None, args: tuple[str, ...], field: str
) -> None:
    before = fingerprint(db_path)
    assert refused(yuesong(*args)) == t("error.text.invalid", field=field)
    assert fingerprint(db_path) == before


# --- SQL where a value goes ----------------------------------------------------------------------

SQL_NAME = "艾那'); DROP TABLE persons;--"


def _tables(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
    finally:
        conn.close()


def test_sql_in_a_name_is_stored_literally_never_run(yuesong: Run, db_path: Path) -> None:
    tables = _tables(db_path)
    # A name may hold any printable character: the row is written as typed, by parameter.
    result = yuesong("person", "add", "--name", SQL_NAME, "--id-number", GOOD_ID)
    assert result.exit_code == 0, result.output
    assert result.stdout == "YS-0001\n"
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT name FROM persons").fetchall() == [(SQL_NAME,)]
    finally:
        conn.close()
    assert _tables(db_path) == tables
    assert yuesong("db", "verify").exit_code == 0


def test_sql_in_other_values(yuesong: Run, db_path: Path, registered: None) -> None:
    tables = _tables(db_path)
    injection = "x' OR '1'='1"
    result = yuesong("helper", "add", "岩'; DELETE FROM helpers;--", "--role", "police")
    assert result.exit_code == 0
    assert yuesong("log", "1", "meet", "--note", "'); DROP TABLE contacts;--").exit_code == 0
    assert yuesong("person", "list", "--village", injection, "--format", "json").stdout == "[]\n"
    assert yuesong("person", "find", injection, "--format", "json").stdout == "[]\n"
    assert yuesong("person", "find", "1 OR 1=1", "--format", "json").stdout == "[]\n"
    assert refused(yuesong("person", "show", "1; DROP TABLE persons")) == t(
        "error.person.not_found"
    )
    assert refused(yuesong("person", "show", injection)) == t("error.person.not_found")
    assert _tables(db_path) == tables
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM helpers").fetchone() == (2,)
        assert conn.execute("SELECT note FROM contacts").fetchone() == (
            "'); DROP TABLE contacts;--",
        )
    finally:
        conn.close()


# --- the database file ---------------------------------------------------------------------------


def test_missing_database(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.db"
    for args in (
        ["person", "list"],
        ["person", "add", "--name", NAME, "--id-number", GOOD_ID],
        ["db", "verify"],
        ["log", "1", "meet"],
    ):
        result = runner.invoke(app, ["--db", str(path), *args])
        line = refused(InvokeResult(result.exit_code, result.stdout, result.stderr), GOOD_ID)
        assert line == f"找不到数据库 {path}；请先运行 yuesong init，或用 --db 指定文件。"
        assert "yuesong init" in line
    assert not path.exists()
    assert not Path(f"{path}-wal").exists()


def test_missing_database_named_by_environment_in_english(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("YUESONG_DB", str(path))
    monkeypatch.setenv("YUESONG_LANG", "en")
    result = runner.invoke(app, ["person", "list"])
    line = refused(InvokeResult(result.exit_code, result.stdout, result.stderr))
    assert line == f"No database at {path}; run 'yuesong init' first, or give the file with --db."
    assert not path.exists()


def test_init_over_an_existing_database(yuesong: Run, db_path: Path, registered: None) -> None:
    before = fingerprint(db_path)
    raw = db_path.read_bytes()
    line = refused(yuesong("init", "--township", "别的乡"))
    assert line == f"数据库 {db_path} 已存在，未做改动；如需新建，请换一个文件名。"
    assert fingerprint(db_path) == before
    assert db_path.read_bytes() == raw


def test_init_over_a_file_that_is_not_a_database(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("姓名,身份证号\n", encoding="utf-8")
    result = runner.invoke(app, ["--db", str(path), "init"])
    assert refused(InvokeResult(result.exit_code, result.stdout, result.stderr)) == t(
        "error.db.exists", path=str(path)
    )
    assert path.read_text(encoding="utf-8") == "姓名,身份证号\n"


def test_init_in_a_missing_folder(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "folder.db"
    result = runner.invoke(app, ["--db", str(path), "init"])
    assert refused(InvokeResult(result.exit_code, result.stdout, result.stderr)) == t(
        "error.db.no_folder", path=str(path.parent)
    )
    assert not path.parent.exists()


def test_a_file_that_is_not_a_database(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "photo.db"
    path.write_bytes(b"not sqlite at all " * 64)
    path.chmod(0o600)
    raw = path.read_bytes()
    result = runner.invoke(app, ["--db", str(path), "person", "list"])
    assert refused(InvokeResult(result.exit_code, result.stdout, result.stderr)) == t(
        "error.db.not_a_database_file", path=str(path)
    )
    assert path.read_bytes() == raw


def test_init_settings_are_checked_before_anything_is_created(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "new.db"
    result = runner.invoke(app, ["--db", str(path), "init", "--timezone", "Mars/Base"])
    assert refused(InvokeResult(result.exit_code, result.stdout, result.stderr)) == t(
        "error.setting.timezone", value="Mars/Base"
    )
    assert not path.exists()


def test_a_bad_pinned_clock(
    yuesong: Run, db_path: Path, registered: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YUESONG_NOW", "yesterday-ish")
    before = fingerprint(db_path)
    assert refused(yuesong("log", "1", "meet")) == t("error.now.invalid")
    assert fingerprint(db_path) == before


# --- wrong usage: exit 2 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("person", "list", "--bogus"), "No such option: --bogus"),
        (("person", "show"), "Missing argument"),
        (("log", "1"), "Missing argument 'KIND...'"),
        (("helper", "add", "岩道"), "Missing option '--role'"),
        (("team", "assign", "1", "1"), "Missing option '--role'"),
        (("person", "list", "--format", "xml"), "'xml' is not one of"),
        (("helper", "list", "--format", "pdf"), "'pdf' is not one of"),
        (("--lang", "fr", "person", "list"), "'fr' is not one of"),
        (("nosuchcommand",), "No such command"),
        (("person", "show", "1", "--contacts", "many"), "Invalid value for '--contacts'"),
    ],
)
def test_wrong_usage_exits_2(
    yuesong: Run,
    db_path: Path,
    registered: None,
    args: tuple[str, ...],
    says: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # click's own words, in English (the officer's language is tested in test_cli_help).
    monkeypatch.setenv("YUESONG_LANG", "en")
    before = fingerprint(db_path)
    assert says in wrong_usage(yuesong(*args))
    assert fingerprint(db_path) == before


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("person", "show", "1", "--reveal"), t("usage.reveal_reason")),
        (("person", "edit", "1"), t("usage.nothing_to_change")),
    ],
)
def test_wrong_usage_found_by_the_command_is_one_line(
    yuesong: Run, db_path: Path, registered: None, args: tuple[str, ...], line: str
) -> None:
    before = fingerprint(db_path)
    assert wrong_usage(yuesong(*args)) == line + "\n"
    assert fingerprint(db_path) == before


# --- language -------------------------------------------------------------------------------------


def test_english_by_option_or_environment(
    yuesong: Run, registered: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = "No person has case number 9; see 'yuesong person list'."
    assert refused(yuesong("--lang", "en", "person", "show", "9")) == expected
    monkeypatch.setenv("YUESONG_LANG", "en")
    assert refused(yuesong("person", "show", "9")) == expected
    assert refused(yuesong("log", "1", "meet", "--on", "2026-02-30")) == (
        "The date 2026-02-30 does not exist; check and retype it."
    )
    # The option wins over the environment.
    assert refused(yuesong("--lang", "zh", "person", "show", "9")) == (
        "没有案件号为 9 的人员；请用 yuesong person list 查看。"
    )


def test_an_unprintable_township_name_is_said_to_be_unprintable(
    yuesong: Run, db_path: Path
) -> None:
    before = fingerprint(db_path)
    line = refused(yuesong("settings", "set", "township", "岳\x1b[31m宋乡"))
    assert line == t("error.setting.township_unprintable")
    assert refused(yuesong("settings", "set", "township", "")) == t("error.setting.township")
    assert fingerprint(db_path) == before
