"""Transfers between townships (issue 14; docs/domain.md "Transfers", docs/security.md
§11): `person transfer-out` writes a person's whole file as one encrypted package and
records them moved out; `person transfer-in` registers them at the receiving township
under a new case number with every contact, photo, status entry, breach and the team
over time, audited row by row; whatever cannot be received is refused in one line and
nothing is written. Every person here is fictional (the generated sample, and a few
added by the tests)."""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    TODAY,
    InvokeResult,
    build_ledger,
    cli,
    copy_ledger,
    fails,
    fingerprint,
    id_number,
    ok,
)

from yuesong_cli import __version__
from yuesong_cli.messages import t
from yuesong_cli.store.base import connect
from yuesong_cli.system import keys

Run = Callable[..., InvokeResult]

AS_OF = TODAY.isoformat()
HERE = "岳宋乡"  # the sample's township, which sends
THERE = "新厂乡"  # the township that receives
PASSPHRASE = "虚构转移口令-2026-交接"
OTHER_PASSPHRASE = "另一个虚构口令-0000"
# The day the person moves in the round trip: the day the package is received too.
DAY = AS_OF
# An earlier day the person moved, the package received days later.
EARLIER = "2026-11-20"
# Who the tests add to the sending ledger: a police officer who takes over the team's
# police role, and a second photo.
NEW_POLICE = "岩虚警"
NEW_POLICE_PHONE = "13900001234"
PERSON_PHONE = "13700005678"
SUPERVISED = ("community_treatment", "community_rehab")
# The record tables of a received file, each row audited as inserted.
RECORD_TABLES = ("persons", "status_history", "helpers", "team_members", "contacts", "breaches")
LOCAL_FIELDS = ("village", "village_group", "grid", "zone")


# --- reading the ledgers ----------------------------------------------------------------


def query(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.execute(sql, params))


def person_row(path: Path, case_no: str) -> dict[str, Any]:
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM persons WHERE case_no = ?", (case_no,)).fetchone()
        assert row is not None, case_no
        return dict(row)


def person_id(path: Path, case_no: str) -> int:
    return int(person_row(path, case_no)["id"])


def statuses(path: Path, pid: int) -> list[tuple[Any, ...]]:
    return sorted(
        query(
            path,
            "SELECT status, since, until, doc_no, reason, entered_at FROM status_history"
            " WHERE person_id = ?",
            pid,
        )
    )


def breaches(path: Path, pid: int) -> list[tuple[Any, ...]]:
    return sorted(
        query(
            path,
            "SELECT happened_on, kind, days_away, note, entered_at FROM breaches"
            " WHERE person_id = ?",
            pid,
        )
    )


def team(path: Path, pid: int) -> list[tuple[Any, ...]]:
    """The team over time: (helper's name, helper's role, phone, role in the team, since,
    until)."""
    return sorted(
        query(
            path,
            "SELECT h.name, h.role, h.phone, t.role, t.since, t.until FROM team_members t"
            " JOIN helpers h ON h.id = t.helper_id WHERE t.person_id = ?",
            pid,
        ),
        key=repr,
    )


def contacts(path: Path, pid: int) -> list[tuple[Any, ...]]:
    """Every contact as it reads, its number left out: day, entered, mode, place, note,
    urine result, substance, kinds, helpers by name, photos by hash."""
    return sorted(
        query(
            path,
            """
            SELECT c.happened_on, c.entered_at, c.mode, c.place, c.note, c.urine_result,
                c.substance, c.kind_mask,
                (SELECT group_concat(kind, ',') FROM (SELECT kind FROM contact_kinds k
                    WHERE k.contact_id = c.id ORDER BY kind)),
                (SELECT group_concat(name, ',') FROM (SELECT h.name FROM contact_helpers x
                    JOIN helpers h ON h.id = x.helper_id WHERE x.contact_id = c.id
                    ORDER BY h.name)),
                (SELECT group_concat(sha256, ',') FROM (SELECT sha256 FROM contact_photos p
                    WHERE p.contact_id = c.id ORDER BY sha256))
            FROM contacts c WHERE c.person_id = ?
            """,
            pid,
        ),
        key=repr,
    )


def photos(path: Path, pid: int) -> set[tuple[Any, ...]]:
    """The person's photos: (hash named, media type, size, hash of the bytes kept)."""
    return {
        (sha, media, size, hashlib.sha256(data).hexdigest())
        for sha, media, size, data in query(
            path,
            "SELECT sha256, media_type, size, data FROM photos WHERE sha256 IN"
            " (SELECT p.sha256 FROM contact_photos p JOIN contacts c ON c.id = p.contact_id"
            " WHERE c.person_id = ?)",
            pid,
        )
    }


def helpers_of(path: Path, pid: int) -> set[tuple[Any, ...]]:
    """The helpers of the person's team and contacts: (name, role, phone, retired on)."""
    return set(
        query(
            path,
            "SELECT name, role, phone, retired_on FROM helpers WHERE id IN"
            " (SELECT helper_id FROM team_members WHERE person_id = ?1"
            " UNION SELECT x.helper_id FROM contact_helpers x JOIN contacts c"
            " ON c.id = x.contact_id WHERE c.person_id = ?1)",
            pid,
        )
    )


def transfers(path: Path) -> list[tuple[Any, ...]]:
    return query(
        path,
        "SELECT person_id, direction, township, old_case_no, package_sha256, on_day"
        " FROM transfers ORDER BY id",
    )


def case_numbers(path: Path) -> list[str]:
    return [row[0] for row in query(path, "SELECT case_no FROM persons ORDER BY id")]


def supervised_case_numbers(path: Path) -> list[str]:
    """Persons under community treatment or rehab today: their latest open status entry,
    no leave or other spell running."""
    return [
        row[0]
        for row in query(
            path,
            """
            SELECT p.case_no FROM persons p JOIN status_history s ON s.person_id = p.id
            WHERE s.until IS NULL AND s.since = (SELECT MAX(since) FROM status_history x
                WHERE x.person_id = p.id AND x.until IS NULL)
              AND s.status IN (?, ?) AND s.since <= ?
              AND NOT EXISTS (SELECT 1 FROM status_history x WHERE x.person_id = p.id
                AND x.until >= ?)
            ORDER BY p.id
            """,
            *SUPERVISED,
            AS_OF,
            AS_OF,
        )
    ]


def write_key(path: Path, text: str = PASSPHRASE, mode: int = 0o600) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def a_jpeg(colour: tuple[int, int, int] = (120, 60, 30)) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (64, 48), colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


# --- the ledgers, built once ------------------------------------------------------------


@dataclass
class Ledgers:
    sending: Path  # the sample, with a breach, a team change and a photo more
    receiving: Path  # a new ledger of 新厂乡
    key: Path
    person: str  # the person sent in the round trip: has photos, breaches, team history
    others: list[str]  # other supervised persons of the sending ledger


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory: pytest.TempPathFactory) -> Ledgers:
    folder = tmp_path_factory.mktemp("transfer-ledgers")
    picture = folder / "visit.jpg"
    picture.write_bytes(a_jpeg())
    sending = folder / "A.db"
    chosen: dict[str, Any] = {}

    def send_steps(run: Run) -> None:
        ok(run("sample", "--persons", "60", "--seed", "5", "--as-of", AS_OF))
        with_photos = query(
            sending,
            "SELECT DISTINCT p.case_no FROM contact_photos x JOIN contacts c"
            " ON c.id = x.contact_id JOIN persons p ON p.id = c.person_id ORDER BY p.id",
        )
        supervised = supervised_case_numbers(sending)
        person = next(case for (case,) in with_photos if case in supervised)
        chosen["person"] = person
        chosen["others"] = [case for case in supervised if case != person]
        pid = person_id(sending, person)
        # A helper outside the team, named on a contact: carried along too.
        [(outsider,)] = query(
            sending,
            "SELECT id FROM helpers WHERE id NOT IN"
            " (SELECT helper_id FROM team_members WHERE person_id = ?) ORDER BY id LIMIT 1",
            pid,
        )
        ok(run("person", "edit", person, "--phone", PERSON_PHONE))
        ok(run("person", "status", person, "on_leave", "--on", "2026-08-01", "--until",
               "2026-08-10", "--reason", "虚构：探亲"))  # fmt: skip
        ok(run("helper", "add", NEW_POLICE, "--role", "police", "--phone", NEW_POLICE_PHONE))
        ok(run("team", "assign", person, NEW_POLICE, "--role", "police", "--on", "2026-06-01"))
        ok(run("breach", "add", person, "other", "--on", "2026-10-01",
               "--note", "虚构：未请假外出"))  # fmt: skip
        ok(run("breach", "add", person, "left_county", "--on", "2026-09-10", "--days", "3",
               "--note", "虚构：去外县打工"))  # fmt: skip
        ok(run("log", person, "meet", "talk", "visit", "--on", "2026-11-25", "--by", NEW_POLICE,
               "--by", f"H{outsider}", "--place", "虚构村虚构组家中", "--note", "虚构：家访并谈话",
               "--photo", str(picture)))  # fmt: skip
        ok(run("log", person, "urine", "--on", "2026-11-26", "--by", NEW_POLICE,
               "--result", "positive", "--substance", "海洛因", "--mode", "in_person"))  # fmt: skip

    build_ledger(sending, send_steps)
    receiving = build_ledger(
        folder / "B.db", lambda run: ok(run("settings", "set", "township", THERE))
    )
    for path in (sending, receiving):
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Ledgers(
        sending, receiving, write_key(folder / "pass.key"), chosen["person"], chosen["others"]
    )


@dataclass
class Pair:
    a: Path
    b: Path
    key: Path
    out: Path  # the folder packages are written to
    folder: Path

    def run_a(self, *args: str) -> InvokeResult:
        return cli(self.a)(*args)

    def run_b(self, *args: str) -> InvokeResult:
        return cli(self.b)(*args)

    def send(self, case_no: str, name: str = "p.ysp", *more: str) -> Path:
        """Transfer ``case_no`` out of A; the package."""
        package = self.out / name
        ok(self.run_a("person", "transfer-out", case_no, "--to", THERE, "--out", str(package),
                      "--key-file", str(self.key), *more))  # fmt: skip
        return package

    def receive(self, package: Path) -> str:
        """Transfer ``package`` into B; the output."""
        return ok(self.run_b("person", "transfer-in", str(package), "--key-file", str(self.key)))


@pytest.fixture
def pair(ledgers: Ledgers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Pair:
    """The test's own copies of both ledgers, temporary files kept under the test's folder
    (to see that none is left behind)."""
    a, b = tmp_path / "A.db", tmp_path / "B.db"
    for template, path in ((ledgers.sending, a), (ledgers.receiving, b)):
        copy_ledger(template, path)
        path.chmod(0o600)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "out"
    out.mkdir()
    key = write_key(tmp_path / "pass.key")
    return Pair(a, b, key, out, tmp_path)


def scratch_left(pair: Pair) -> list[str]:
    return sorted(p.name for p in (pair.folder / "tmp").iterdir())


# --- 1. the round trip, done once -------------------------------------------------------


@dataclass
class Trip:
    a: Path
    b: Path
    package: Path
    person: str  # the case number in A
    new_case: str  # and in B
    before: Path  # A as it was before
    out_line: str
    in_line: str


@pytest.fixture(scope="module")
def trip(ledgers: Ledgers, tmp_path_factory: pytest.TempPathFactory) -> Trip:
    folder = tmp_path_factory.mktemp("trip")
    a = folder / "A.db"
    shutil.copyfile(ledgers.sending, a)
    a.chmod(0o600)
    package = folder / "out" / "p.ysp"
    lines: dict[str, str] = {}

    def steps(run: Run) -> None:
        ok(run("settings", "set", "township", THERE))
        lines["out"] = ok(run("person", "transfer-out", ledgers.person, "--to", THERE,
                              "--out", str(package), "--on", DAY, "--key-file",
                              str(ledgers.key), db=a))  # fmt: skip
        lines["in"] = ok(run("person", "transfer-in", str(package), "--key-file",
                             str(ledgers.key)))  # fmt: skip

    b = build_ledger(folder / "B.db", steps)
    [(new_case,)] = query(b, "SELECT case_no FROM persons")
    return Trip(a, b, package, ledgers.person, new_case, ledgers.sending, lines["out"], lines["in"])


def test_the_sent_person_has_what_the_round_trip_is_to_show(ledgers: Ledgers) -> None:
    """The premise: the person sent has photos (one added), breaches, a closed team
    membership, a helper from outside the team on a contact, several status entries."""
    pid = person_id(ledgers.sending, ledgers.person)
    assert len(photos(ledgers.sending, pid)) >= 2
    assert len(breaches(ledgers.sending, pid)) == 2
    assert any(row[-1] is not None for row in team(ledgers.sending, pid))
    assert len(statuses(ledgers.sending, pid)) >= 3
    in_team = {row[0] for row in team(ledgers.sending, pid)}
    assert {row[0] for row in helpers_of(ledgers.sending, pid)} - in_team
    assert len(ledgers.others) >= 3


def test_the_round_trip_keeps_every_contact_and_photo(trip: Trip) -> None:
    old, new = person_id(trip.before, trip.person), person_id(trip.b, trip.new_case)
    sent = contacts(trip.before, old)
    assert len(sent) > 50
    assert contacts(trip.b, new) == sent
    kept = photos(trip.b, new)
    assert kept == photos(trip.before, old)
    assert all(named == worked_out for named, _, _, worked_out in kept)


def test_the_round_trip_keeps_statuses_breaches_and_the_team_history(trip: Trip) -> None:
    old, new = person_id(trip.before, trip.person), person_id(trip.b, trip.new_case)
    assert statuses(trip.b, new) == statuses(trip.before, old)
    assert breaches(trip.b, new) == breaches(trip.before, old)
    # The team over time, each membership ended by the day of the transfer at the latest.
    expected = sorted(
        (
            (name, role, phone, in_team, since, min(until or DAY, DAY))
            for name, role, phone, in_team, since, until in team(trip.before, old)
        ),
        key=repr,
    )
    assert team(trip.b, new) == expected
    assert any(row[0] == NEW_POLICE and row[-1] == DAY for row in expected)
    # The sending township's helpers come along, retired (the day, or as they were).
    assert helpers_of(trip.b, new) == {
        (name, role, phone, retired or DAY) for name, role, phone, retired in
        helpers_of(trip.before, old)
    }  # fmt: skip
    assert query(trip.b, "SELECT COUNT(*) FROM helpers WHERE retired_on IS NULL") == [(0,)]


def test_the_round_trip_keeps_the_persons_fields_but_the_places(trip: Trip) -> None:
    sent = person_row(trip.before, trip.person)
    kept = person_row(trip.b, trip.new_case)
    assert all(sent[field] for field in LOCAL_FIELDS)
    assert all(kept[field] is None for field in LOCAL_FIELDS)
    renumbered = {"id", "case_no", "created_at", "history_from", *LOCAL_FIELDS}
    assert {k: v for k, v in kept.items() if k not in renumbered} == {
        k: v for k, v in sent.items() if k not in renumbered
    }
    # What was owed before the move was the sending township's to count.
    assert kept["history_from"] == AS_OF
    assert case_numbers(trip.b) == [trip.new_case]
    assert trip.new_case in trip.in_line and trip.person in trip.in_line


def test_the_receiving_ledger_records_the_transfer_and_audits_every_row(trip: Trip) -> None:
    new = person_id(trip.b, trip.new_case)
    sha = hashlib.sha256(trip.package.read_bytes()).hexdigest()
    assert transfers(trip.b) == [(new, "in", HERE, trip.person, sha, DAY)]
    inserted = query(
        trip.b,
        "SELECT table_name, record_id FROM audit WHERE action = 'insert' ORDER BY id",
    )
    for table in (*RECORD_TABLES, "transfers"):
        audited = [record for name, record in inserted if name == table]
        rows = [row[0] for row in query(trip.b, f"SELECT id FROM {table} ORDER BY id")]
        assert rows, table
        assert sorted(audited) == rows, table


def test_both_ledgers_verify_and_the_new_case_number_works(trip: Trip, tmp_path: Path) -> None:
    for ledger in (trip.a, trip.b):
        copy = tmp_path / ledger.name
        shutil.copyfile(ledger, copy)
        copy.chmod(0o600)
        ok(cli(copy)("db", "verify"))
    b = tmp_path / trip.b.name
    run = cli(b)
    ok(run("due"))
    why = ok(run("why", trip.new_case))
    assert trip.new_case in why
    assert trip.new_case in ok(run("person", "find", trip.new_case))


# --- 2. the sending side ----------------------------------------------------------------


def test_the_sender_records_the_person_moved_out_with_the_packages_hash(trip: Trip) -> None:
    data = trip.package.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    pid = person_id(trip.a, trip.person)
    moved = [row for row in statuses(trip.a, pid) if row not in statuses(trip.before, pid)]
    assert [row[:5] for row in moved] == [("moved_out", DAY, None, None, f"transfer:{sha[:16]}")]
    assert transfers(trip.a) == [(pid, "out", THERE, None, sha, DAY)]
    assert sha[:16] in trip.out_line and trip.person in trip.out_line
    exports = query(trip.a, "SELECT table_name, note FROM audit WHERE action = 'export'")
    assert [name for name, _ in exports] == ["transfer_out"]
    assert str(trip.package.resolve()) in exports[0][1]
    # Nothing else of A changed: the other persons' rows as they were.
    assert statuses(trip.a, pid + 1) == statuses(trip.before, pid + 1)


def test_the_package_is_owner_only_and_encrypted(trip: Trip) -> None:
    assert trip.package.stat().st_mode & 0o777 == 0o600
    data = trip.package.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    person = person_row(trip.before, trip.person)
    pid = int(person["id"])
    secrets = [person["name"], person["id_number"], person["phone"], person["case_no"]]
    secrets += [name for name, *_ in helpers_of(trip.before, pid)]
    secrets += [phone for _, _, phone, _ in helpers_of(trip.before, pid) if phone]
    secrets += ["虚构村虚构组家中", NEW_POLICE_PHONE]
    for secret in secrets:
        assert secret
        for encoding in ("utf-8", "utf-16-le"):
            assert secret.encode(encoding) not in data, secret
    # Made in a private temporary folder, removed afterwards: only the package is left.
    assert sorted(p.name for p in trip.package.parent.iterdir()) == [trip.package.name]


def test_the_package_opens_with_the_passphrase_and_names_itself(trip: Trip, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copyfile(trip.package, copy)
    conn = connect(copy, PASSPHRASE)
    try:
        meta = dict(conn.execute("SELECT key, value FROM package").fetchall())
        [(case_no,)] = conn.execute("SELECT case_no FROM persons").fetchall()
    finally:
        conn.close()
    assert (meta["from_township"], meta["to_township"]) == (HERE, THERE)
    assert meta["version"] == __version__
    assert case_no == trip.person


def test_a_passphrase_typed_twice_makes_the_package(
    pair: Pair, ledgers: Ledgers, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def typed(prompt: str) -> str:
        asked.append(prompt)
        return f" {PASSPHRASE} "

    monkeypatch.setattr(keys, "ask_hidden", typed)
    package = pair.out / "typed.ysp"
    ok(pair.run_a("person", "transfer-out", ledgers.person, "--to", THERE, "--out",
                  str(package)))  # fmt: skip
    assert asked == [t("transfer.prompt"), t("key.prompt_again")]
    # The key file holds the same passphrase: the package opens with it.
    assert "YS-0001" in pair.receive(package)
    assert scratch_left(pair) == []


# --- 3. refusals ------------------------------------------------------------------------


def refused_out(pair: Pair, args: list[str], expected: str | None = None) -> str:
    """Transfer-out refused in one line, A unchanged, no package written."""
    before = fingerprint(pair.a)
    line = fails(pair.run_a("person", "transfer-out", *args))
    if expected is not None:
        assert line == expected
    assert fingerprint(pair.a) == before
    assert list(pair.out.iterdir()) == []
    assert scratch_left(pair) == []
    return line


def refused_in(pair: Pair, package: Path, key: Path | None = None) -> str:
    """Transfer-in refused in one line, B unchanged."""
    before = fingerprint(pair.b)
    line = fails(pair.run_b("person", "transfer-in", str(package), "--key-file",
                            str(key or pair.key)))  # fmt: skip
    assert fingerprint(pair.b) == before
    assert scratch_left(pair) == []
    return line


def damaged(message: str) -> bool:
    return message in (t("error.transfer.key"), t("error.transfer.format"))


def test_a_wrong_passphrase_is_refused(pair: Pair, ledgers: Ledgers) -> None:
    package = pair.send(ledgers.person)
    wrong = write_key(pair.folder / "wrong.key", OTHER_PASSPHRASE)
    assert refused_in(pair, package, wrong) == t("error.transfer.key")
    # The right one then works.
    pair.receive(package)


@pytest.mark.parametrize(
    "change",
    ["half", "last_bytes", "flip_middle", "flip_first_page", "flip_last_byte"],
)
def test_a_truncated_or_changed_package_is_refused(
    pair: Pair, ledgers: Ledgers, change: str
) -> None:
    package = pair.send(ledgers.person)
    data = bytearray(package.read_bytes())
    if change == "half":
        data = data[: len(data) // 2]
    elif change == "last_bytes":
        data = data[:-100]
    elif change == "flip_middle":
        data[len(data) // 2 + 100] ^= 0x01
    elif change == "flip_first_page":
        data[3] ^= 0x40
    else:
        data[-1] ^= 0x80
    package.write_bytes(bytes(data))
    assert damaged(refused_in(pair, package))


def test_a_byte_changed_in_any_page_of_the_package_is_refused(pair: Pair, ledgers: Ledgers) -> None:
    package = pair.send(ledgers.person)
    data = package.read_bytes()
    accepted = []
    for page in range(len(data) // 4096):
        changed = bytearray(data)
        changed[page * 4096 + 2000] ^= 0x01
        package.write_bytes(bytes(changed))
        before = fingerprint(pair.b)
        result = pair.run_b("person", "transfer-in", str(package), "--key-file", str(pair.key))
        if result.exit_code == 0:
            accepted.append(page + 1)
        else:
            assert fingerprint(pair.b) == before
    assert accepted == []


def test_files_that_are_not_packages_are_refused(pair: Pair, tmp_path: Path) -> None:
    text = tmp_path / "note.ysp"
    text.write_text("不是转移包\n", encoding="utf-8")
    empty = tmp_path / "empty.ysp"
    empty.write_bytes(b"")
    plain = tmp_path / "ledger.ysp"
    shutil.copyfile(pair.a, plain)
    # A SQLCipher file under the same passphrase, but not a package.
    other = tmp_path / "other.ysp"
    conn = connect(other, PASSPHRASE)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('虚构')")
    conn.commit()
    conn.close()
    for path in (text, empty, plain, other):
        assert damaged(refused_in(pair, path)), path
    assert refused_in(pair, other) == t("error.transfer.format")
    missing = tmp_path / "missing.ysp"
    assert refused_in(pair, missing) == t("error.import.no_file", file=str(missing))


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("version", "0.0.1", "error.transfer.version"),
        ("format", "yuesong-transfer/0", "error.transfer.format"),
    ],
)
def test_a_package_of_another_version_or_format_is_refused(
    pair: Pair, ledgers: Ledgers, key: str, value: str, message: str
) -> None:
    package = pair.send(ledgers.person)
    conn = connect(package, PASSPHRASE)
    conn.execute("UPDATE package SET value = ? WHERE key = ?", (value, key))
    conn.commit()
    conn.close()
    line = refused_in(pair, package)
    assert line == t(message, found=value, version=__version__)


def test_the_same_package_twice_is_refused(pair: Pair, ledgers: Ledgers) -> None:
    package = pair.send(ledgers.person)
    pair.receive(package)
    assert refused_in(pair, package) == t("error.transfer.twice")
    assert len(case_numbers(pair.b)) == 1


def test_a_person_the_receiving_ledger_holds_already_is_refused(
    pair: Pair, ledgers: Ledgers
) -> None:
    sent = person_row(pair.a, ledgers.person)
    ok(pair.run_b("person", "add", "--name", "艾虚构", "--id-number", sent["id_number"],
                  "--since", "2026-01-05"))  # fmt: skip
    package = pair.send(ledgers.person)
    assert refused_in(pair, package) == t("error.person.duplicate_id")
    assert transfers(pair.b) == []


@pytest.mark.parametrize("status", ["released", "deceased", "moved_out"])
def test_a_closed_person_is_not_transferred_out(pair: Pair, ledgers: Ledgers, status: str) -> None:
    case_no = ledgers.others[0]
    ok(pair.run_a("person", "status", case_no, status, "--on", "2026-11-01"))
    refused_out(pair, [case_no, "--to", THERE, "--out", str(pair.out / "p.ysp"),
                       "--key-file", str(pair.key)])  # fmt: skip
    assert transfers(pair.a) == []


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_key_file_others_can_read_is_refused(pair: Pair, ledgers: Ledgers, mode: int) -> None:
    open_key = write_key(pair.folder / "open.key", mode=mode)
    expected = t("error.key.file_open", path=str(open_key), fix=f"chmod 600 {open_key}")
    refused_out(pair, [ledgers.person, "--to", THERE, "--out", str(pair.out / "p.ysp"),
                       "--key-file", str(open_key)], expected)  # fmt: skip
    package = pair.send(ledgers.person)
    assert refused_in(pair, package, open_key) == expected


def test_a_passphrase_shorter_than_8_characters_is_refused(
    pair: Pair, ledgers: Ledgers, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = write_key(pair.folder / "short.key", "虚构口令1234"[:7])
    expected = t("error.key.short", shortest=8)
    refused_out(pair, [ledgers.person, "--to", THERE, "--out", str(pair.out / "p.ysp"),
                       "--key-file", str(short)], expected)  # fmt: skip
    # Typed: the same.
    monkeypatch.setattr(keys, "ask_hidden", lambda prompt: "1234567")
    refused_out(pair, [ledgers.person, "--to", THERE, "--out", str(pair.out / "p.ysp")],
                expected)  # fmt: skip
    package = pair.send(ledgers.person)
    assert refused_in(pair, package, short) == expected


def test_passphrases_typed_differently_or_no_terminal_are_refused(
    pair: Pair, ledgers: Ledgers, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([PASSPHRASE, OTHER_PASSPHRASE])
    monkeypatch.setattr(keys, "ask_hidden", lambda prompt: next(answers))
    args = [ledgers.person, "--to", THERE, "--out", str(pair.out / "p.ysp")]
    refused_out(pair, args, t("error.key.mismatch"))
    monkeypatch.setattr(keys, "ask_hidden", lambda prompt: None)
    refused_out(pair, args, t("error.transfer.no_passphrase"))


def test_out_onto_an_existing_file_needs_force(pair: Pair, ledgers: Ledgers) -> None:
    target = pair.out / "p.ysp"
    target.write_bytes(b"an earlier file")
    args = [ledgers.person, "--to", THERE, "--out", str(target), "--key-file", str(pair.key)]
    before = fingerprint(pair.a)
    fails(pair.run_a("person", "transfer-out", *args))
    assert fingerprint(pair.a) == before
    assert target.read_bytes() == b"an earlier file"
    assert scratch_left(pair) == []
    ok(pair.run_a("person", "transfer-out", *args, "--force"))
    assert not target.read_bytes().startswith(b"an earlier file")
    assert "YS-0001" in pair.receive(target)
    assert sorted(p.name for p in pair.out.iterdir()) == ["p.ysp"]


# --- 4. more than one, and back ---------------------------------------------------------


def test_persons_received_one_after_another_get_consecutive_numbers(
    pair: Pair, ledgers: Ledgers
) -> None:
    ok(pair.run_b("person", "add", "--name", "叶虚构", "--id-number", id_number(901),
                  "--since", "2026-01-05"))  # fmt: skip
    first = pair.send(ledgers.person, "first.ysp")
    second = pair.send(ledgers.others[0], "second.ysp")
    pair.receive(first)
    pair.receive(second)
    numbers = case_numbers(pair.b)
    assert len(numbers) == 3
    prefix = numbers[0].rstrip("0123456789")
    assert [int(case[len(prefix) :]) for case in numbers] == [1, 2, 3]
    old = [row[3] for row in transfers(pair.b)]
    assert old == [ledgers.person, ledgers.others[0]]
    # Each one's contacts are their own.
    for sent, kept in zip((ledgers.person, ledgers.others[0]), numbers[1:], strict=True):
        assert contacts(pair.b, person_id(pair.b, kept)) == contacts(
            ledgers.sending, person_id(ledgers.sending, sent)
        )
    ok(pair.run_b("db", "verify"))


def send_back(pair: Pair, case_no: str) -> tuple[str, Path]:
    """``case_no`` received at B, a contact with a photo and a breach logged there on the
    day of the move (the sample's records run to that day), then sent back to A that
    day: B's case number and the package."""
    pair.receive(pair.send(case_no, "there.ysp"))
    [(there,)] = query(pair.b, "SELECT case_no FROM persons")
    picture = pair.folder / "there.jpg"
    picture.write_bytes(a_jpeg((30, 90, 160)))
    ok(pair.run_b("helper", "add", "岩虚新", "--role", "grid_worker", "--phone", "13600001111"))
    ok(pair.run_b("log", there, "meet", "talk", "--on", DAY, "--by", "岩虚新",
                  "--place", "新厂虚构村", "--note", "虚构：在新厂乡见面",
                  "--photo", str(picture)))  # fmt: skip
    ok(pair.run_b("breach", "add", there, "other", "--on", DAY, "--note", "虚构：外出未报"))
    back = pair.out / "back.ysp"
    ok(pair.run_b("person", "transfer-out", there, "--to", HERE, "--out", str(back),
                  "--key-file", str(pair.key)))  # fmt: skip
    return there, back


def test_a_person_transferred_back_comes_back_into_the_file_they_left(
    pair: Pair, ledgers: Ledgers
) -> None:
    """A→B→A: the file left at A is theirs again, its case number, team and places
    kept; the contacts, photos and breaches of the time away added once each (what came
    from A not twice); the status in force comes back on the day, the term going on;
    `db verify` passes on both sides and the same package again is refused."""
    pid = person_id(ledgers.sending, ledgers.person)
    before_contacts = contacts(pair.a, pid)
    before_breaches = breaches(pair.a, pid)
    before_row = person_row(pair.a, ledgers.person)
    there, back = send_back(pair, ledgers.person)
    there_id = person_id(pair.b, there)
    persons_before = case_numbers(pair.a)
    out = ok(pair.run_a("person", "transfer-in", str(back), "--key-file", str(pair.key)))
    assert out == t("transfer.in.returned", case_no=ledgers.person, township=THERE, old=there,
                    statuses=1, contacts=1, breaches=1, photos=1,
                    documents=0, support=0) + "\n"  # fmt: skip
    assert case_numbers(pair.a) == persons_before
    # Every contact and breach of the file at B is in A's file, once.
    assert contacts(pair.a, pid) == contacts(pair.b, there_id)
    assert len(contacts(pair.a, pid)) == len(before_contacts) + 1
    assert breaches(pair.a, pid) == breaches(pair.b, there_id)
    assert len(breaches(pair.a, pid)) == len(before_breaches) + 1
    assert photos(pair.a, pid) == photos(pair.b, there_id)
    # The status: moved out and back on DAY, in the status they had, no decision.
    history = statuses(pair.a, pid)
    moved = [row for row in history if row[0] == "moved_out"]
    assert [row[1] for row in moved] == [DAY]
    latest = max(history, key=lambda row: (row[1], row[5]))
    assert latest[0] in SUPERVISED and latest[1] == DAY and latest[3] is None
    assert latest[4].startswith("transfer:")
    after_row = person_row(pair.a, ledgers.person)
    for field in ("case_no", "term_start", "term_end", "decision_doc", *LOCAL_FIELDS):
        assert after_row[field] == before_row[field], field
    # The helper of the time away comes as a retired one; A's own are not doubled.
    names = [row[0] for row in helpers_of(pair.a, pid)]
    assert len(names) == len(set(names))
    assert ("岩虚新", "grid_worker", "13600001111", DAY) in helpers_of(pair.a, pid)
    [row] = [row for row in transfers(pair.a) if row[1] == "in"]
    assert row[0] == pid and row[2] == THERE and row[3] == there and row[5] == DAY
    ok(pair.run_a("db", "verify"))
    ok(pair.run_b("db", "verify"))
    # Back on the due list, under supervision again.
    assert ledgers.person in ok(pair.run_a("due", "--format", "csv", "--all"))
    before = fingerprint(pair.a)
    refused = fails(pair.run_a("person", "transfer-in", str(back), "--key-file", str(pair.key)))
    assert refused == t("error.transfer.twice")
    assert fingerprint(pair.a) == before


def test_a_person_taken_back_by_hand_is_not_merged_again(pair: Pair, ledgers: Ledgers) -> None:
    """When the officer took the old file back under supervision before the package
    came, the package is refused in one line naming the file, and nothing is written."""
    _, back = send_back(pair, ledgers.person)
    ok(pair.run_a("person", "status", ledgers.person, "community_treatment", "--on", DAY,
                  "--doc", "虚构决定-2026-099"))  # fmt: skip
    before = fingerprint(pair.a)
    result = pair.run_a("person", "transfer-in", str(back), "--key-file", str(pair.key))
    assert result.exit_code == 1
    assert result.stderr == t("error.transfer.returned_already", case_no=ledgers.person) + "\n"
    assert fingerprint(pair.a) == before


def test_the_receiving_township_can_send_the_person_on(pair: Pair, ledgers: Ledgers) -> None:
    """B→A works on B's side: the received person moves out of B like any other, and
    the package B writes holds their whole file again."""
    pair.receive(pair.send(ledgers.person))
    [(new_case,)] = query(pair.b, "SELECT case_no FROM persons")
    back = pair.out / "back.ysp"
    ok(pair.run_b("person", "transfer-out", new_case, "--to", HERE, "--out", str(back),
                  "--key-file", str(pair.key)))  # fmt: skip
    sha = hashlib.sha256(back.read_bytes()).hexdigest()
    assert [row[1:] for row in transfers(pair.b)][-1] == ("out", HERE, None, sha, AS_OF)
    # Into a third township that does not know them: everything arrives.
    c = build_ledger(pair.folder / "C.db", lambda run: ok(run("settings", "set", "township",
                                                                "第三虚构乡")))  # fmt: skip
    ok(cli(c)("person", "transfer-in", str(back), "--key-file", str(pair.key)))
    [(third_case,)] = query(c, "SELECT case_no FROM persons")
    original = person_id(ledgers.sending, ledgers.person)
    assert contacts(c, person_id(c, third_case)) == contacts(ledgers.sending, original)
    assert photos(c, person_id(c, third_case)) == photos(ledgers.sending, original)
    assert transfers(c)[0][2:4] == (THERE, new_case)
    ok(cli(c)("db", "verify"))


def test_a_day_moved_before_their_last_record_here_is_refused(pair: Pair, ledgers: Ledgers) -> None:
    """The person has contacts up to the sample's last day: they cannot have moved
    before it (a team ending before it began, helpers retired before they helped)."""
    before = fingerprint(pair.a)
    result = pair.run_a(
        "person", "transfer-out", ledgers.person, "--to", THERE,
        "--out", str(pair.out / "p.ysp"), "--key-file", str(pair.key), "--on", EARLIER,
    )  # fmt: skip
    assert result.exit_code == 1
    assert "迁出日期不能早于它" in result.stderr
    assert fingerprint(pair.a) == before
    assert not (pair.out / "p.ysp").exists()


def test_documents_travel_and_come_back_as_themselves(pair: Pair, ledgers: Ledgers) -> None:
    """A→B→A with a register of documents: a talk's record whose contact was voided
    since is received (under a number of its own); A's agreement signed at B comes back
    onto A's own row, signed, not as a second document; db verify passes on both sides."""
    pid = person_id(pair.a, ledgers.person)
    docs_out = pair.out / "docs"
    [(contact,)] = query(pair.a, "SELECT max(id) FROM contacts WHERE person_id = ?", pid)
    ok(pair.run_a("doc", "new", ledgers.person, "record", "--contact", str(contact),
                  "--reason", "虚构：记录", "--out", str(docs_out)))  # fmt: skip
    ok(pair.run_a("contact", "void", str(contact), "--reason", "虚构：重复录入"))
    ok(pair.run_a("doc", "new", ledgers.person, "agreement", "--reason", "虚构：协议",
                  "--out", str(docs_out)))  # fmt: skip
    before = query(pair.a, "SELECT kind, doc_no, signed_on FROM documents WHERE person_id = ?"
                   " ORDER BY id", pid)  # fmt: skip
    pair.receive(pair.send(ledgers.person))
    [(there,)] = query(pair.b, "SELECT case_no FROM persons")
    there_id = person_id(pair.b, there)
    carried = query(pair.b, "SELECT kind, doc_no FROM documents WHERE person_id = ?", there_id)
    assert sorted(row[:2] for row in before) == sorted(carried)
    ok(pair.run_b("db", "verify"))
    [(agreement,)] = query(
        pair.b, "SELECT id FROM documents WHERE person_id = ? AND kind = 'agreement'"
        " ORDER BY id DESC LIMIT 1", there_id,
    )  # fmt: skip
    ok(pair.run_b("doc", "sign", str(agreement), "--on", DAY))
    back = pair.out / "back.ysp"
    ok(pair.run_b("person", "transfer-out", there, "--to", HERE, "--out", str(back),
                  "--key-file", str(pair.key)))  # fmt: skip
    ok(pair.run_a("person", "transfer-in", str(back), "--key-file", str(pair.key)))
    after = query(pair.a, "SELECT kind, doc_no, signed_on FROM documents WHERE person_id = ?"
                  " ORDER BY id", pid)  # fmt: skip
    assert [row[:2] for row in after] == [row[:2] for row in before]
    assert after[-1][2] == DAY  # the signature at B is on A's own agreement
    ok(pair.run_a("db", "verify"))
