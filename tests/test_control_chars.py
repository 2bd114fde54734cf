"""Control characters refused in every typed text (issue 12; docs/security.md §7).

The test walks the whole command tree: every option and argument a command reads as
text or as a path, of every command there is, is given a value holding a newline and an
escape sequence on an otherwise valid command line (``BASE``), and must be refused with
one line that holds no control character, exit 1, the database unchanged and no file
written. A command or option added later is walked too: its command line must be added
to ``BASE`` (the test says so), so none slips through untested.

Free text (a name, a note, a place, a reason, an address, a setting's value) is refused
by ``domain/text.py`` with a line naming the field; a word that must be one of a list
(a status, a kind, a key), a day, a case number or a file that does not exist is refused
as unknown, its line repeating it with the control characters shown as ``?``; a path
of a file to be written is refused before anything is (``error.path.invalid``).
"""

from __future__ import annotations

import io
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from conftest import InvokeResult, build_ledger, cli, fingerprint, id_number, ok

from yuesong_cli.cli.app import app
from yuesong_cli.messages import t

Run = Callable[..., InvokeResult]

BAD = "岳宋\n伪造\x1b[2J"
PLACE = "@OUT@"  # stands for the test's output folder in BASE
IN = "@IN@"  # a file to read there

# A valid command line of every command: its arguments by name, then its options. Each
# text or path parameter is in turn given BAD on it.
BASE: dict[str, tuple[dict[str, list[str]], list[str]]] = {
    "init": ({}, []),  # on a new file: see ``command_line``
    "log": ({"ref": ["YS-0001"], "kinds": ["meet", "talk"]}, ["--on", "2026-11-21"]),
    "due": ({}, ["--as-of", "2026-11-29"]),
    "why": ({"ref": ["YS-0001"]}, ["--as-of", "2026-11-29"]),
    "alerts": ({}, ["--as-of", "2026-11-29"]),
    "sample": ({}, ["--persons", "1"]),  # on a new file: see ``command_line``
    "sheets": ({}, ["--week", "2026-W48", "--as-of", "2026-11-29", "--out", PLACE]),
    "person add": ({}, ["--name", "叶块", "--id-number", id_number(125)]),
    "person list": ({}, []),
    "person find": ({"query": ["艾"]}, []),
    "person show": ({"ref": ["YS-0001"]}, ["--reveal", "--reason", "核查"]),
    "person edit": ({"ref": ["YS-0001"]}, ["--grid", "网格01"]),
    "person status": ({"ref": ["YS-0001"], "new_status": ["detained"]}, ["--on", "2026-11-21"]),
    "helper add": ({"name": ["岩三"]}, ["--role", "police"]),
    "helper list": ({}, []),
    "helper replace": ({"old": ["1"]}, ["--by", "2", "--from", "2026-11-21"]),
    "helper retire": ({"helper": ["2"]}, []),
    "team assign": ({"ref": ["YS-0001"], "helper": ["2"]}, ["--role", "officer"]),
    "team show": ({"ref": ["YS-0001"]}, []),
    "contact list": ({"ref": ["YS-0001"]}, []),
    "contact void": ({"contact_id": ["1"]}, ["--reason", "录入错误"]),
    "contact amend": ({"contact_id": ["1"]}, ["--reason", "录入错误", "--place", "村委会"]),
    "photo list": ({"ref": ["YS-0001"]}, []),
    "photo export": ({"number": ["@PHOTO@"]}, ["--out", PLACE]),
    "breach add": ({"ref": ["YS-0001"], "kind": ["other"]}, ["--on", "2026-11-21"]),
    "breach list": ({"ref": ["YS-0001"]}, []),
    "breach void": ({"breach_id": ["1"]}, ["--reason", "录入错误"]),
    "tests draw": ({}, ["--count", "1", "--seed", "7"]),
    "report summary": ({}, ["--period", "2026Q3"]),
    "report village": ({}, ["--period", "2026Q3"]),
    "report helper": ({}, ["--period", "2026Q3"]),
    "report grid": ({}, ["--period", "2026Q3"]),
    "report zone": ({}, ["--period", "2026Q3"]),
    "report person": ({"ref": ["YS-0001"]}, []),
    "report quarterly": ({}, ["--quarter", "2026Q3", "--out", PLACE]),
    "report handover": ({}, []),
    "plan list": ({}, []),
    "plan show": ({"plan": ["five_to_one"]}, []),
    "plan add": ({"key": ["rural"]}, ["--name", "山区方案", "--copy", "five_to_one"]),
    "plan rule": ({"plan": ["five_to_one"], "key": ["meet"]}, ["--period", "week"]),
    "plan remove-rule": ({"plan": ["five_to_one"], "key": ["report"]}, []),
    "db verify": ({}, []),
    "db info": ({}, []),
    "db backup": ({"destination": [f"{PLACE}/copy.db"]}, []),
    "db restore": ({"source": [IN]}, []),
    "db encrypt": ({}, []),
    "db rekey": ({}, []),
    "db decrypt": ({}, ["--out", f"{PLACE}/plain.db", "--reason", "审计"]),
    "db purge": ({}, ["--closed-before", "2020-01-01"]),
    "db key-audit": ({}, ["--reason", "开始签名"]),
    "settings show": ({}, []),
    "settings set": ({"key": ["township"], "value": ["岳宋乡"]}, []),
    "import persons": ({"file": [IN]}, []),
    "import contacts": ({"file": [IN]}, []),
    "import template": ({"what": ["persons"]}, ["--out", f"{PLACE}/t.xlsx"]),
    "area zone add": ({"name": ["第八片区"]}, []),
    "area grid add": (
        {"name": ["网格49"]},
        ["--zone", "第一片区", "--village", "岳宋村", "--group", "十三组"],
    ),
    "area grid move": ({"name": ["网格01"]}, ["--zone", "第一片区"]),
    "area list": ({}, ["--zone", "第一片区"]),
    "area import": ({"file": [IN]}, []),
    "report extract": ({}, ["--period", "2026Q3", "--out", f"{PLACE}/x.json", "--county-key", IN]),
    "county merge": ({"files": [IN]}, []),
    "person transfer-out": (
        {"ref": ["YS-0001"]},
        ["--to", "新厂乡", "--out", f"{PLACE}/p.pkg", "--key-file", IN],
    ),
    "person transfer-in": ({"package": [IN]}, ["--key-file", IN]),
    "education log": (
        {},
        ["--kind", "village_talk", "--place", "村活动室", "--audience", "30", "--on", "2026-11-21"],
    ),
    "education list": ({}, ["--period", "2026"]),
    "support log": ({"ref": ["YS-0001"]}, ["--kind", "job", "--on", "2026-11-21"]),
    "support list": ({"ref": ["YS-0001"]}, []),
    "doc new": (
        {"ref": ["YS-0001"], "kind": ["agreement"]},
        ["--reason", "签订协议", "--out", PLACE],
    ),
    "doc templates": ({}, ["--out", f"{PLACE}/templates"]),
    "doc sign": ({"document_id": ["1"]}, ["--on", "2026-11-21"]),
    "doc sent": ({"document_id": ["1"]}, ["--to", "岳宋派出所", "--on", "2026-11-21"]),
    "doc list": ({"ref": ["YS-0001"]}, []),
}
# Options that stand instead of the command line's options, which would clash with them:
# the options they are given with.
PASSPORT = ["--gender", "male", "--born", "1990-01-01"]
INSTEAD: dict[tuple[str, str], list[str]] = {
    ("plan rule", "--period"): [],
    ("plan rule", "--tier"): [],
    ("person add", "--passport"): ["--name", "叶块", "--nationality", "MMR", *PASSPORT],
    ("person add", "--nationality"): ["--name", "叶块", "--passport", "MA1234512", *PASSPORT],
    ("person edit", "--passport"): ["--nationality", "MMR"],
    ("person edit", "--nationality"): ["--passport", "MA1234512"],
    **{
        (f"report {name}", option): ["--to" if option == "--from" else "--from", "2026-09-30"]
        for name in ("summary", "village", "grid", "zone", "helper", "person")
        for option in ("--from", "--to")
    },
}
# Words of a fixed form, refused as wrong usage (exit 2) with the form they must have.
USAGE_WORDS = {
    ("db verify", "--expect"): "COUNT:HASH",
    ("import persons", "--map"): "列名=field",
    ("import contacts", "--map"): "列名=field",
    ("import template", "what"): "persons or contacts",
    ("area import", "--map"): "列名=field",
}
# Commands whose command line cannot run here as it stands; their parameters are walked
# all the same (each is refused before the part that cannot run).
NOT_RUN = {
    "init": "it makes a new file",
    "sample": "it fills a new file",
    "db restore": "it needs a backup; SOURCE is only read",
    "db encrypt": "it needs a key",
    "db rekey": "it needs an encrypted file",
    "db decrypt": "it needs an encrypted file",
    "db purge": "it only counts without --commit",
    "db key-audit": "it needs a key file",
    "import persons": "it needs a register file; FILE is only read",
    "import contacts": "it needs a file of contacts; FILE is only read",
    "area import": "it needs a grid table; FILE is only read",
    "report extract": "it needs the county's key file, owner-only",
    "county merge": "it needs the townships' extracts; FILE is only read",
    "person transfer-out": "it needs an owner-only key file",
    "person transfer-in": "it needs a package; FILE is only read",
    "doc sign": "it needs a document issued; ID is only read",
    "doc sent": "it needs a document issued; ID is only read",
}


def parameters() -> Iterator[tuple[str, str, Any]]:
    """Every text or path parameter of every command: (command, its label, parameter).
    (typer carries its own copy of click: parameters are told apart by what they say.)"""
    root = typer.main.get_command(app)

    def walk(command: Any, path: list[str]) -> Iterator[tuple[str, str, Any]]:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                yield from walk(sub, [*path, name])
            return
        for param in command.params:
            if param.type.name in ("text", "str", "path"):
                argument = param.param_type_name == "argument"
                label = param.name if argument else param.opts[0]
                yield " ".join(path), str(label), param

    yield from walk(root, [])


CASES = sorted(parameters(), key=lambda case: (case[0], case[1]))
PATHS = {(command, label): param.type.name == "path" for command, label, param in CASES}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from PIL import Image

    folder = tmp_path_factory.mktemp("control")
    picture = folder / "p.png"
    image = io.BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(image, "PNG")
    picture.write_bytes(image.getvalue())

    def steps(run: Run) -> None:
        person = ("--name", "艾那", "--id-number", id_number(), "--since", "2026-01-05")
        ok(run("person", "add", *person))
        ok(run("area", "zone", "add", "第一片区"))
        ok(run("area", "grid", "add", "网格01", "--zone", "第一片区"))
        ok(run("helper", "add", "岩块", "--role", "police"))
        ok(run("helper", "add", "岩二", "--role", "officer"))
        ok(run("team", "assign", "YS-0001", "1", "--role", "police", "--on", "2026-01-05"))
        ok(run("log", "YS-0001", "meet", "--on", "2026-11-20", "--photo", str(picture)))
        assert run("breach", "add", "YS-0001", "other", "--on", "2026-11-20").exit_code == 0

    return build_ledger(folder / "ledger.db", steps)


@pytest.fixture(scope="module")
def photo_number(template: Path) -> str:
    listed = cli(template)("photo", "list", "YS-0001", "--format", "csv").stdout
    return listed.splitlines()[1].split(",")[0]


@pytest.fixture
def ledger(tmp_path: Path, template: Path) -> Path:
    path = tmp_path / "ledger.db"
    shutil.copyfile(template, path)
    path.chmod(0o600)
    return path


def command_line(
    command: str, tmp_path: Path, photo: str, bad: tuple[str, str] | None = None
) -> list[str]:
    """The command line of ``command`` from BASE, with ``bad`` (a parameter's label and
    the value it gets) in place of that parameter's value."""
    arguments, options = BASE[command]
    out = tmp_path / "out"
    names = {"@PHOTO@": photo, PLACE: str(out), IN: str(tmp_path / "in.csv")}

    def filled(word: str) -> str:
        for mark, value in names.items():
            word = word.replace(mark, value)
        return word

    root = typer.main.get_command(app)
    target: Any = root
    for word in command.split():
        target = target.commands[word]
    words = command.split()
    if command in ("init", "sample"):
        words = ["--db", str(tmp_path / "new.db"), *words]
    for param in target.params:
        if param.param_type_name == "argument":
            values = arguments.get(str(param.name), [])
            if bad is not None and bad[0] == param.name:
                values = [bad[1]]
            words.extend(filled(v) for v in values)
    if bad is not None and (command, bad[0]) in INSTEAD:
        options = INSTEAD[(command, bad[0])]
    words.extend(filled(v) for v in options)
    if bad is not None and bad[0].startswith("-"):
        words.extend([bad[0], bad[1]])
    return words


def test_every_command_has_a_command_line() -> None:
    commands = {command for command, _, _ in CASES}
    assert commands - set(BASE) == set(), "add a valid command line to BASE"


@pytest.mark.parametrize("command", sorted(set(BASE) - set(NOT_RUN)))
def test_each_command_line_runs_as_it_stands(
    ledger: Path, tmp_path: Path, photo_number: str, command: str
) -> None:
    """So that a refusal below is the control characters', not the command line's."""
    result = cli(ledger)(*command_line(command, tmp_path, photo_number))
    assert result.exit_code == 0, (command, result.stderr)


# A good value of each option of INSTEAD, to show its command line runs without BAD.
GOOD = {
    "--period": "month",
    "--tier": "community_rehab=2,3,6",
    "--passport": "MA7654321",
    "--nationality": "LAO",
    "--from": "2026-07-01",
    "--to": "2026-09-30",
}


@pytest.mark.parametrize(("command", "label"), sorted(INSTEAD))
def test_each_command_line_instead_runs_with_a_good_value(
    ledger: Path, tmp_path: Path, photo_number: str, command: str, label: str
) -> None:
    args = command_line(command, tmp_path, photo_number, (label, GOOD[label]))
    result = cli(ledger)(*args)
    assert result.exit_code == 0, (args, result.stderr)


@pytest.mark.parametrize(
    ("command", "label"),
    [(command, label) for command, label, _ in CASES],
    ids=[f"{command} {label}" for command, label, _ in CASES],
)
def test_control_characters_are_refused_in_every_typed_text(
    ledger: Path, tmp_path: Path, photo_number: str, command: str, label: str
) -> None:
    (tmp_path / "in.csv").write_text("姓名\n艾那\n", encoding="utf-8")
    before = fingerprint(ledger)
    made_before = sorted(p.name for p in tmp_path.iterdir())
    # A path in the test's folder: were it not refused, nothing lands in the project's.
    value = str(tmp_path / BAD) if PATHS[(command, label)] else BAD
    args = command_line(command, tmp_path, photo_number, (label, value))
    result = cli(ledger)(*args)
    code = 2 if (command, label) in USAGE_WORDS else 1
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    assert result.stdout == ""
    line = result.stderr
    assert line.endswith("\n") and line.count("\n") == 1, line
    assert not any(unicodedata.category(ch) == "Cc" for ch in line[:-1]), line
    assert "Traceback" not in line
    assert fingerprint(ledger) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == made_before
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("person", "show", "YS-0001", "--reveal", "--reason", BAD), "col.reason"),
        (("person", "list", "--village", BAD), "col.village"),
        (("due", "--village", BAD), "col.village"),
        (("person", "find", BAD), "field.query"),
        (("tests", "draw", "--count", "1", "--seed", BAD), "--seed"),
        (("db", "decrypt", "--out", "plain.db", "--reason", BAD), "col.reason"),
        (("log", "YS-0001", "meet", "--place", BAD), "col.place"),
        (("person", "edit", "YS-0001", "--current-address", BAD), "col.current_address"),
        (("helper", "add", "岩三", "--role", "police", "--phone", BAD), None),
    ],
)
def test_free_text_is_refused_naming_its_field(
    ledger: Path, args: tuple[str, ...], field: str | None
) -> None:
    before = fingerprint(ledger)
    result = cli(ledger)(*args)
    assert result.exit_code == 1
    if field is None:  # a phone number: digits only, said as such
        assert result.stderr == t("error.phone.invalid") + "\n"
    else:
        named = t(field) if not field.startswith("--") else field
        assert result.stderr == t("error.text.invalid", field=named) + "\n"
    assert fingerprint(ledger) == before


def test_the_reveal_reason_is_refused_before_anything_is_shown_or_audited(ledger: Path) -> None:
    """issue 12: control characters were accepted in --reveal --reason."""
    before = fingerprint(ledger)
    result = cli(ledger)("person", "show", "YS-0001", "--reveal", "--reason", "核查\x1b[8m")
    assert result.stdout == ""
    assert result.stderr == t("error.text.invalid", field=t("col.reason")) + "\n"
    assert fingerprint(ledger) == before  # no reveal row


def test_a_newline_is_refused_in_a_note_too(ledger: Path) -> None:
    """Every text field is one line, a note included (domain/text.py)."""
    result = cli(ledger)("log", "YS-0001", "meet", "--note", "谈了\n第二行")
    assert result.stderr == t("error.text.invalid", field=t("col.note")) + "\n"
