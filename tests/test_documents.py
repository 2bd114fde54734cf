"""The paperwork of issue 15 on the command line (docs/domain.md "Documents", "Alerts"):
`doc new` fills each kind for a person of the sample and writes HTML (A4) and DOCX, enters
it in the register and audits it as a reveal with its reason; a county's own templates
are checked when set and used, their SHA-256 kept; every refusal is one line and changes
nothing; the alerts no_agreement, no_release_notice, release_not_sent and no_evaluation
fire and clear as the register fills; the sample's register. Every person here is
fictional (the generated sample, and a few added by the tests)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    NOW,
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
from docx import Document

from yuesong_cli.messages import t

Run = Callable[..., InvokeResult]

AS_OF = TODAY.isoformat()
REASON = "虚构：出具存档备查"
DOCUMENT_ALERTS = ("no_agreement", "no_release_notice", "release_not_sent", "no_evaluation")
# The word of each kind in its number: 岳宋禁〔2026〕协字第001号.
NUMBER_WORDS = {
    "agreement": "协",
    "notice": "告",
    "release": "解",
    "evaluation": "评",
    "record": "记",
}
DOC_NO = re.compile(r"岳宋禁〔(\d{4})〕(.)字第(\d{3})号")
POLICE_STATION = "岳宋乡派出所"


# --- reading the ledger and the files ------------------------------------------------------


def query(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.execute(sql, params))


def rows_of(path: Path, sql: str, *params: Any) -> list[dict[str, Any]]:
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql, params)]


def last_document_id(path: Path) -> int:
    return int(query(path, "SELECT coalesce(max(id), 0) FROM documents")[0][0])


def document(path: Path, document_id: int) -> dict[str, Any]:
    [row] = rows_of(path, "SELECT * FROM documents WHERE id = ?", document_id)
    return row


def alerts(run: Run, day: str = AS_OF) -> list[dict[str, Any]]:
    return list(json.loads(ok(run("alerts", "--as-of", day, "--format", "json"))))


def alerts_of(run: Run, case_no: str, kind: str, day: str = AS_OF) -> list[dict[str, Any]]:
    return [a for a in alerts(run, day) if a["case_no"] == case_no and a["kind"] == kind]


def issue(run: Run, path: Path, ref: str, kind: str, out: Path, *more: str) -> dict[str, Any]:
    """`doc new REF KIND --reason REASON --out OUT`: the register's new row."""
    before = last_document_id(path)
    said = ok(run("doc", "new", ref, kind, "--reason", REASON, "--out", str(out), *more))
    assert last_document_id(path) == before + 1
    row = document(path, before + 1)
    assert row["doc_no"] in said, said
    return row


def files_of(out: Path, case_no: str, kind: str, document_id: int) -> tuple[Path, Path]:
    stem = out / f"{case_no}_{kind}_{document_id}"
    return stem.with_suffix(".html"), stem.with_suffix(".docx")


def docx_texts(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    """The text of each paragraph, and of each cell of each table, in order."""
    opened = Document(io.BytesIO(path.read_bytes()))
    paragraphs = [paragraph.text for paragraph in opened.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in opened.tables]
    return paragraphs, tables


def all_text(paragraphs: list[str], tables: list[list[list[str]]]) -> str:
    cells = [cell for table in tables for row in table for cell in row]
    return "\n".join([*paragraphs, *cells])


def default_template(name: str) -> str:
    folder = files("yuesong_cli") / "templates" / "documents"
    return (folder / f"{name}.txt").read_text(encoding="utf-8-sig")


FIELD = re.compile(r"\{([a-z_0-9]+)\}")


def filled_pattern(text: str) -> re.Pattern[str]:
    """A template line as a pattern of what it becomes: its words as they stand, each
    field a value of at least one character (an empty value would not match)."""
    pieces, at = [], 0
    for found in FIELD.finditer(text):
        pieces += [re.escape(text[at : found.start()]), r".+?"]
        at = found.end()
    pieces.append(re.escape(text[at:]))
    return re.compile("".join(pieces), re.DOTALL)


def template_shape(source: str) -> tuple[list[str], list[list[list[str]]]]:
    """A default template's text lines (their marks taken off) and its tables' cells,
    read the way the format's docstring (output/documents.py) tells: every default
    template writes one paragraph a line."""
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    in_table = False
    for raw in source.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if line.startswith("|"):
            inner = line[1:].removesuffix("|")
            cells = [cell.strip() for cell in inner.split("|")]
            if not all(re.fullmatch(r":?-+:?", cell) for cell in cells):
                if not in_table:
                    tables.append([])
                tables[-1].append(cells)
            in_table = True
            continue
        in_table = False
        if not line or line == "===":
            continue
        for mark in ("##", "#", ">>", "- "):
            if line.startswith(mark):
                line = line[len(mark) :].strip()
                break
        lines.append(line)
    return lines, tables


def check_filled(source: str, paragraphs: list[str], tables: list[list[list[str]]]) -> None:
    """Every line of the template is a paragraph of the document with each field filled
    (none left empty), and every cell of its tables the cell in the same place."""
    lines, cells = template_shape(source)
    for line in lines:
        pattern = filled_pattern(line)
        assert any(pattern.fullmatch(p) for p in paragraphs), line
    assert len(tables) == len(cells)
    for written, wanted in zip(tables, cells, strict=True):
        assert len(written) == len(wanted)
        for row, template_row in zip(written, wanted, strict=True):
            for position, cell in enumerate(template_row):
                assert filled_pattern(cell).fullmatch(row[position]), (cell, row[position])


@contextmanager
def clock_at(monkeypatch: pytest.MonkeyPatch, moment: str) -> Iterator[None]:
    """The program's clock (YUESONG_NOW) at ``moment`` for a while, then back to NOW."""
    monkeypatch.setenv("YUESONG_NOW", moment)
    try:
        yield
    finally:
        monkeypatch.setenv("YUESONG_NOW", NOW)


# --- the ledgers -----------------------------------------------------------------------------


def sample_steps(*options: str) -> Callable[[Run], None]:
    def steps(run: Run) -> None:
        ok(run("sample", *options, "--as-of", AS_OF))

    return steps


@pytest.fixture(scope="module")
def sample_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("documents") / "sample.db"
    return build_ledger(path, sample_steps("--persons", "60", "--seed", "5"))


@pytest.fixture(scope="module")
def people(sample_ledger: Path) -> dict[str, dict[str, Any]]:
    """Persons of the sample by what they are on the day: under community treatment,
    under community rehabilitation, released (with a contact to write up)."""
    latest: dict[int, str] = {}
    for person_id, status in query(
        sample_ledger,
        "SELECT person_id, status FROM status_history WHERE since <= ? ORDER BY since, id",
        AS_OF,
    ):
        latest[person_id] = status
    contacts = dict(
        query(sample_ledger, "SELECT person_id, max(id) FROM contacts GROUP BY person_id")
    )
    chosen: dict[str, dict[str, Any]] = {}
    wanted = {
        "treatment": "community_treatment",
        "rehab": "community_rehab",
        "released": "released",
    }
    for role, status in wanted.items():
        person_id = min(p for p, s in latest.items() if s == status and p in contacts)
        [row] = rows_of(sample_ledger, "SELECT * FROM persons WHERE id = ?", person_id)
        chosen[role] = row | {"contact": contacts[person_id]}
    return chosen


@pytest.fixture
def sampled(sample_ledger: Path, db_path: Path) -> Path:
    copy_ledger(sample_ledger, db_path)
    return db_path


# --- 1. each kind, written and registered ----------------------------------------------------

KINDS = [
    ("treatment", "agreement", "agreement_treatment", "社区戒毒协议"),
    ("rehab", "agreement", "agreement_rehab", "社区康复协议"),
    ("treatment", "notice", "notice", "社区戒毒（康复）人员告知书"),
    ("released", "release", "release", "解除社区戒毒（康复）通知书"),
    ("released", "evaluation", "evaluation", "戒断三年未复吸评估表"),
    ("released", "record", "record", "帮教谈话（走访）记录"),
]


@pytest.mark.parametrize(("role", "kind", "template", "title"), KINDS)
def test_a_document_is_written_as_html_and_docx_registered_and_audited(
    sampled: Path,
    yuesong: Run,
    tmp_path: Path,
    people: dict[str, dict[str, Any]],
    role: str,
    kind: str,
    template: str,
    title: str,
) -> None:
    person = people[role]
    case_no, out = person["case_no"], tmp_path / "out"
    more = ["--contact", str(person["contact"])] if kind == "record" else []
    reveals_before = query(
        sampled,
        "SELECT count(*) FROM audit WHERE action = 'reveal' AND table_name = 'persons'"
        " AND record_id = ?",
        person["id"],
    )[0][0]
    row = issue(yuesong, sampled, case_no, kind, out, *more)

    # The register: the person, the kind, a number of its kind and year, today, the reason.
    assert row["person_id"] == person["id"] and row["kind"] == kind
    assert row["issued_on"] == AS_OF and row["reason"] == REASON
    assert row["template"] == "default"
    assert row["contact_id"] == (person["contact"] if kind == "record" else None)
    assert row["signed_on"] is None and row["sent_on"] is None
    year, word, count = DOC_NO.fullmatch(row["doc_no"]).groups()  # type: ignore[union-attr]
    assert (year, word) == (str(TODAY.year), NUMBER_WORDS[kind])
    earlier = query(
        sampled,
        "SELECT count(*) FROM documents WHERE kind = ? AND issued_on LIKE ? AND id < ?",
        kind,
        f"{TODAY.year}-%",
        row["id"],
    )[0][0]
    assert int(count) == earlier + 1

    # The files: exactly these two, named by case, kind and register number.
    html_path, docx_path = files_of(out, case_no, kind, row["id"])
    assert sorted(out.iterdir()) == sorted([html_path, docx_path])
    paragraphs, tables = docx_texts(docx_path)
    text = all_text(paragraphs, tables)
    assert paragraphs[0] == title
    source = default_template(template)
    # Every kind names the person and its number; every kind but the record of a talk
    # (which names the case) the ID number too.
    shown = [person["name"], row["doc_no"]]
    shown += [person[f] for f in ("id_number", "case_no") if f"{{{f}}}" in source]
    assert (person["id_number"] in shown) == (kind != "record")
    for value in shown:
        assert value in text, value
    assert "{" not in text and "}" not in text
    check_filled(source, paragraphs, tables)

    page = html_path.read_text(encoding="utf-8")
    head, body = page.split("<body>")
    assert "size: A4" in head
    assert f"<title>{title}</title>" in head
    assert "{" not in body and "}" not in body
    for value in shown:
        assert value in body, value

    # Audited: the document inserted, and a reveal of the person with the reason.
    inserted = query(
        sampled,
        "SELECT count(*) FROM audit WHERE action = 'insert' AND table_name = 'documents'"
        " AND record_id = ?",
        row["id"],
    )[0][0]
    assert inserted == 1
    reveals = rows_of(
        sampled,
        "SELECT fields, note FROM audit WHERE action = 'reveal' AND table_name = 'persons'"
        " AND record_id = ? ORDER BY id",
        person["id"],
    )
    assert len(reveals) == reveals_before + 1
    assert reveals[-1]["note"] == REASON
    assert {"name", "id_number"} <= set(json.loads(reveals[-1]["fields"]))
    # Nothing the document holds reaches the audit log.
    log = "".join(str(r) for r in rows_of(sampled, "SELECT * FROM audit"))
    assert person["id_number"] not in log and person["name"] not in log
    ok(yuesong("db", "verify"))


def test_the_reveal_row_names_the_birth_date_a_document_shows(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    person = people["treatment"]
    issue(yuesong, sampled, person["case_no"], "agreement", tmp_path / "out")
    [(fields,)] = query(
        sampled,
        "SELECT fields FROM audit WHERE action = 'reveal' AND record_id = ?"
        " ORDER BY id DESC LIMIT 1",
        person["id"],
    )
    assert "birth_date" in json.loads(fields)


def test_the_evaluation_form_gives_the_status_in_force(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    person = people["released"]
    row = issue(yuesong, sampled, person["case_no"], "evaluation", tmp_path / "out")
    _html, docx_path = files_of(tmp_path / "out", person["case_no"], "evaluation", row["id"])
    _paragraphs, tables = docx_texts(docx_path)
    [status] = [r[r.index("目前状态") + 1] for t_ in tables for r in t_ if "目前状态" in r]
    assert status == "解除"


def test_the_register_shows_in_doc_list_and_person_show_masked(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    person = people["treatment"]
    row = issue(yuesong, sampled, person["case_no"], "agreement", tmp_path / "out")
    listed = json.loads(ok(yuesong("doc", "list", person["case_no"], "--format", "json")))
    assert {r["case_no"] for r in listed} == {person["case_no"]}
    [mine] = [r for r in listed if r["id"] == row["id"]]
    assert mine["doc_no"] == row["doc_no"] and mine["kind"] == "agreement"
    assert mine["issued_on"] == AS_OF and mine["signed_on"] is None
    assert mine["name"] != person["name"]  # masked as everywhere
    everyone = ok(yuesong("doc", "list"))
    assert row["doc_no"] in everyone and person["name"] not in everyone
    assert person["id_number"] not in everyone
    shown = ok(yuesong("person", "show", person["case_no"]))
    assert "文书" in shown
    assert row["doc_no"] in shown.split("文书", 1)[1]


def test_a_signature_with_its_scan_and_a_sending_are_registered(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    from PIL import Image

    person = people["released"]
    row = issue(yuesong, sampled, person["case_no"], "release", tmp_path / "out")
    scan = tmp_path / "signed.png"
    Image.new("RGB", (40, 30), "white").save(scan)
    said = ok(yuesong("doc", "sign", str(row["id"]), "--on", AS_OF, "--scan", str(scan)))
    assert row["doc_no"] in said
    ok(yuesong("doc", "sent", str(row["id"]), "--to", POLICE_STATION, "--on", AS_OF))
    signed = document(sampled, row["id"])
    assert signed["signed_on"] == AS_OF
    assert (signed["sent_to"], signed["sent_on"]) == (POLICE_STATION, AS_OF)
    kept = query(sampled, "SELECT count(*) FROM photos WHERE sha256 = ?", signed["scan_sha256"])
    assert kept == [(1,)]
    updates = [
        set(json.loads(fields))
        for (fields,) in query(
            sampled,
            "SELECT fields FROM audit WHERE action = 'update' AND table_name = 'documents'"
            " AND record_id = ? ORDER BY id",
            row["id"],
        )
    ]
    assert updates == [{"signed_on", "scan_sha256"}, {"sent_to", "sent_on"}]
    ok(yuesong("db", "verify"))


def test_an_existing_file_is_replaced_only_with_force(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    person = people["treatment"]
    out = tmp_path / "out"
    out.mkdir()
    coming = last_document_id(sampled) + 1
    html_path, docx_path = files_of(out, person["case_no"], "agreement", coming)
    docx_path.write_bytes(b"kept")
    before = fingerprint(sampled)
    args = ["doc", "new", person["case_no"], "agreement", "--reason", REASON]
    line = fails(yuesong(*args, "--out", str(out)))
    assert line == t("error.file.exists", path=str(docx_path))
    assert fingerprint(sampled) == before
    assert docx_path.read_bytes() == b"kept" and not html_path.exists()
    row = issue(yuesong, sampled, person["case_no"], "agreement", out, "--force")
    assert row["id"] == coming
    assert docx_path.read_bytes().startswith(b"PK") and html_path.exists()


# --- 2. the county's own templates -----------------------------------------------------------


def test_a_template_with_a_field_the_kind_lacks_is_refused_when_set(
    sampled: Path, yuesong: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    ok(yuesong("doc", "templates", "--out", str(folder)))
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [
            "agreement_rehab.txt",
            "agreement_treatment.txt",
            "evaluation.txt",
            "notice.txt",
            "record.txt",
            "release.txt",
            "字段说明.txt",
        ]
    )
    edited = folder / "agreement_treatment.txt"
    edited.write_text(edited.read_text(encoding="utf-8-sig") + "\n乙方绰号：{绰号}\n", "utf-8")
    before = fingerprint(sampled)
    line = fails(yuesong("settings", "set", "doc_templates", str(folder)))
    assert line == t("error.doc.unknown_field", file="agreement_treatment.txt", field="绰号")
    assert "{绰号}" in line
    assert fingerprint(sampled) == before
    assert query(sampled, "SELECT value FROM settings WHERE key = 'doc_templates'") in ([], [("",)])


def test_doc_templates_never_writes_over_an_edited_folder(yuesong: Run, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    ok(yuesong("doc", "templates", "--out", str(folder)))
    edited = folder / "notice.txt"
    edited.write_text("# 告知书\n\n{name}\n", "utf-8")
    line = fails(yuesong("doc", "templates", "--out", str(folder)))
    assert str(folder) in line
    assert edited.read_text("utf-8") == "# 告知书\n\n{name}\n"


def test_a_valid_edited_template_is_used_and_its_sha256_registered(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    folder, out = tmp_path / "templates", tmp_path / "out"
    ok(yuesong("doc", "templates", "--out", str(folder)))
    sentence = "本协议为虚构县试行文本，仅供测试。"
    edited = folder / "agreement_treatment.txt"
    edited.write_bytes(edited.read_bytes() + f"\r\n{sentence}\r\n".encode())
    ok(yuesong("settings", "set", "doc_templates", str(folder)))
    person = people["treatment"]
    row = issue(yuesong, sampled, person["case_no"], "agreement", out)
    html_path, docx_path = files_of(out, person["case_no"], "agreement", row["id"])
    assert sentence in html_path.read_text("utf-8")
    assert sentence in docx_texts(docx_path)[0]
    assert row["template"] == hashlib.sha256(edited.read_bytes()).hexdigest()
    # A kind the folder holds unedited is filled from the folder's file too.
    notice = issue(yuesong, sampled, person["case_no"], "notice", out)
    assert notice["template"] == hashlib.sha256((folder / "notice.txt").read_bytes()).hexdigest()
    # The rehabilitation agreement, not edited, carries no such sentence.
    rehab = people["rehab"]
    other = issue(yuesong, sampled, rehab["case_no"], "agreement", out)
    assert sentence not in files_of(out, rehab["case_no"], "agreement", other["id"])[0].read_text(
        "utf-8"
    )


def test_a_template_spoiled_after_it_was_set_is_refused_before_anything_is_written(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    folder, out = tmp_path / "templates", tmp_path / "out"
    ok(yuesong("doc", "templates", "--out", str(folder)))
    ok(yuesong("settings", "set", "doc_templates", str(folder)))
    edited = folder / "agreement_treatment.txt"
    edited.write_text(edited.read_text(encoding="utf-8-sig") + "\n{绰号}\n", "utf-8")
    before = fingerprint(sampled)
    person = people["treatment"]
    args = ["doc", "new", person["case_no"], "agreement", "--reason", REASON, "--out", str(out)]
    line = fails(yuesong(*args))
    assert line == t("error.doc.unknown_field", file="agreement_treatment.txt", field="绰号")
    assert fingerprint(sampled) == before
    assert not out.exists() or not list(out.iterdir())


# --- 3. refusals -----------------------------------------------------------------------------


def refused(path: Path, run: Run, *args: str) -> str:
    """The one line of a refused command that changed nothing."""
    before = fingerprint(path)
    line = fails(run(*args))
    assert fingerprint(path) == before
    return line


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_document_needs_a_reason(
    sampled: Path,
    yuesong: Run,
    tmp_path: Path,
    people: dict[str, dict[str, Any]],
    reason: str | None,
) -> None:
    out = tmp_path / "out"
    args = ["doc", "new", people["treatment"]["case_no"], "agreement", "--out", str(out)]
    args += [] if reason is None else ["--reason", reason]
    assert refused(sampled, yuesong, *args) == t("error.doc.reason")
    assert not out.exists()


def test_refusals_of_doc_new(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    out = tmp_path / "out"
    treated, released = people["treatment"], people["released"]

    def new(ref: str, kind: str, *more: str) -> str:
        return refused(
            sampled, yuesong, "doc", "new", ref, kind, "--reason", REASON, "--out", str(out), *more
        )

    assert new(treated["case_no"], "contract") == t(
        "error.vocab.unknown",
        what=t("vocab.doc_kind", "zh"),
        what_en=t("vocab.doc_kind", "en"),
        text="contract",
        choices_zh="协议、告知书、解除通知书、戒断评估、谈话走访记录",
        choices_en="agreement, notice, release, evaluation, record",
    )
    # Neither an agreement nor a notice of obligations for a person no longer supervised.
    for kind in ("agreement", "notice"):
        assert new(released["case_no"], kind) == t("error.doc.not_supervised", status="解除")
    assert new(released["case_no"], "record") == t("error.doc.record_needs_contact")
    # Another person's contact, and one that does not exist.
    for contact in (treated["contact"], 999_999):
        line = new(released["case_no"], "record", "--contact", str(contact))
        assert line == t("error.doc.contact_unknown", id=contact)
    for kind in ("release", "evaluation"):
        line = new(released["case_no"], kind, "--contact", str(released["contact"]))
        assert line == t("error.doc.contact_only_record")
    assert not out.exists() or not list(out.iterdir())


def test_refusals_of_doc_sign_and_sent(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    person = people["released"]
    row = issue(yuesong, sampled, person["case_no"], "release", tmp_path / "out")
    number, yesterday = str(row["id"]), "2026-11-28"

    line = refused(sampled, yuesong, "doc", "sign", number, "--on", yesterday)
    assert line == t("error.doc.before_issued", day=AS_OF)
    line = refused(
        sampled, yuesong, "doc", "sent", number, "--to", POLICE_STATION, "--on", yesterday
    )
    assert line == t("error.doc.before_issued", day=AS_OF)

    ok(yuesong("doc", "sign", number, "--on", AS_OF))
    line = refused(sampled, yuesong, "doc", "sign", number, "--on", AS_OF)
    assert line == t("error.doc.signed_already", id=row["id"], day=AS_OF)

    ok(yuesong("doc", "sent", number, "--to", POLICE_STATION, "--on", AS_OF))
    line = refused(sampled, yuesong, "doc", "sent", number, "--to", "另一派出所", "--on", AS_OF)
    assert line == t("error.doc.sent_already", id=row["id"], day=AS_OF)

    unknown = last_document_id(sampled) + 1
    assert refused(sampled, yuesong, "doc", "sign", str(unknown), "--on", AS_OF) == t(
        "error.doc.unknown", id=unknown
    )
    line = refused(sampled, yuesong, "doc", "sent", str(unknown), "--to", POLICE_STATION)
    assert line == t("error.doc.unknown", id=unknown)


# --- 4. the document alerts ------------------------------------------------------------------

# Who the small ledger holds (all fictional, registered under community treatment):
FRESH = "YS-0001"  # since 2026-11-01, nothing signed
ENDED = "YS-0002"  # 2023-06-01, released 2026-11-01
CLEAN = "YS-0003"  # 2020-01-01, released 2023-01-01, no positive test since
RELAPSED = "YS-0004"  # as CLEAN, with a positive test on 2025-05-01
ABSTINENT = "YS-0005"  # as CLEAN, recorded abstinent three years on 2026-01-05


@pytest.fixture(scope="module")
def small_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def steps(run: Run) -> None:
        def add(name: str, sequence: int, since: str) -> None:
            ok(run("person", "add", "--name", name, "--id-number", id_number(sequence),
                   "--since", since))  # fmt: skip

        # The register is kept from 2020 (a new file keeps it from the day it is made,
        # and asks nothing of what began before: docs/domain.md "Documents").
        ok(run("settings", "set", "documents_from", "2020-01-01"))
        add("艾虚甲", 101, "2026-11-01")
        add("岩虚乙", 103, "2023-06-01")
        ok(run("person", "status", ENDED, "released", "--on", "2026-11-01"))
        for name, sequence, case_no in (
            ("娜虚丙", 104, CLEAN),
            ("叶虚丁", 105, RELAPSED),
            ("安虚戊", 107, ABSTINENT),
        ):
            add(name, sequence, "2020-01-01")
            ok(run("person", "status", case_no, "released", "--on", "2023-01-01"))
        logged = run("log", RELAPSED, "urine", "--on", "2025-05-01", "--result", "positive",
                     "--substance", "海洛因")  # fmt: skip
        # Said on stderr: a test after the release counts for no obligation.
        assert logged.exit_code == 0, logged.stderr
        ok(run("person", "status", ABSTINENT, "abstinent_3y", "--on", "2026-01-05"))

    return build_ledger(tmp_path_factory.mktemp("documents") / "small.db", steps)


@pytest.fixture
def small(small_ledger: Path, db_path: Path) -> Path:
    copy_ledger(small_ledger, db_path)
    return db_path


def test_no_agreement_fires_after_seven_days_and_a_signed_agreement_clears_it(
    small: Path, yuesong: Run, tmp_path: Path
) -> None:
    assert alerts_of(yuesong, FRESH, "no_agreement", "2026-11-08") == []
    [found] = alerts_of(yuesong, FRESH, "no_agreement", "2026-11-09")
    assert (found["severity"], found["since"]) == ("medium", "2026-11-09")
    assert len(alerts_of(yuesong, FRESH, "no_agreement")) == 1
    row = issue(yuesong, small, FRESH, "agreement", tmp_path / "out")
    # Issued is not signed.
    assert len(alerts_of(yuesong, FRESH, "no_agreement")) == 1
    ok(yuesong("doc", "sign", str(row["id"]), "--on", AS_OF))
    assert alerts_of(yuesong, FRESH, "no_agreement") == []


def test_a_notice_signed_is_no_agreement(small: Path, yuesong: Run, tmp_path: Path) -> None:
    row = issue(yuesong, small, FRESH, "notice", tmp_path / "out")
    ok(yuesong("doc", "sign", str(row["id"]), "--on", AS_OF))
    assert len(alerts_of(yuesong, FRESH, "no_agreement")) == 1


def test_the_no_agreement_detail_names_the_status_in_chinese(small: Path, yuesong: Run) -> None:
    [found] = alerts_of(yuesong, FRESH, "no_agreement")
    assert "community_" not in found["detail"]
    assert "社区戒毒" in found["detail"]


def test_an_agreement_of_an_earlier_term_does_not_count(
    yuesong: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    ok(yuesong("settings", "set", "documents_from", "2020-01-01"))
    with clock_at(monkeypatch, "2025-01-05T01:00:00Z"):
        ok(yuesong("person", "add", "--name", "岩虚己", "--id-number", id_number(111),
                   "--since", "2025-01-01"))  # fmt: skip
        first = issue(yuesong, db_path, "YS-0001", "agreement", out)
        ok(yuesong("doc", "sign", str(first["id"]), "--on", "2025-01-05"))
    assert alerts_of(yuesong, "YS-0001", "no_agreement", "2025-05-01") == []
    ok(yuesong("person", "status", "YS-0001", "compulsory_isolation", "--on", "2025-06-01"))
    ok(yuesong("person", "status", "YS-0001", "community_rehab", "--on", "2026-11-01"))
    [found] = alerts_of(yuesong, "YS-0001", "no_agreement")
    assert found["since"] == "2026-11-09"
    second = issue(yuesong, db_path, "YS-0001", "agreement", out)
    assert second["doc_no"] == f"岳宋禁〔{TODAY.year}〕协字第001号"
    ok(yuesong("doc", "sign", str(second["id"]), "--on", AS_OF))
    assert alerts_of(yuesong, "YS-0001", "no_agreement") == []
    # A detention in the term and the return to it need no new agreement.
    ok(yuesong("person", "status", "YS-0001", "detained", "--on", "2026-11-10",
               "--until", "2026-11-20"))  # fmt: skip
    ok(yuesong("person", "status", "YS-0001", "community_rehab", "--on", "2026-11-20"))
    assert alerts_of(yuesong, "YS-0001", "no_agreement") == []


def test_no_release_notice_fires_on_release_and_a_notice_clears_it(
    small: Path, yuesong: Run, tmp_path: Path
) -> None:
    assert alerts_of(yuesong, ENDED, "no_release_notice", "2026-10-31") == []
    [found] = alerts_of(yuesong, ENDED, "no_release_notice", "2026-11-01")
    assert (found["severity"], found["since"]) == ("medium", "2026-11-01")
    assert len(alerts_of(yuesong, ENDED, "no_release_notice")) == 1
    row = issue(yuesong, small, ENDED, "release", tmp_path / "out")
    assert alerts_of(yuesong, ENDED, "no_release_notice") == []
    # Unsent: due to the police within 7 days, late from the 8th.
    assert alerts_of(yuesong, ENDED, "release_not_sent", "2026-12-06") == []
    [late] = alerts_of(yuesong, ENDED, "release_not_sent", "2026-12-07")
    assert (late["severity"], late["since"]) == ("medium", "2026-12-07")
    ok(yuesong("doc", "sent", str(row["id"]), "--to", POLICE_STATION, "--on", AS_OF))
    assert alerts_of(yuesong, ENDED, "release_not_sent", "2026-12-07") == []


def test_release_not_sent_fires_a_week_after_issue_and_sending_clears_it(
    small: Path, yuesong: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with clock_at(monkeypatch, "2026-11-10T01:00:00Z"):
        row = issue(yuesong, small, ENDED, "release", tmp_path / "out")
    assert row["issued_on"] == "2026-11-10"
    assert alerts_of(yuesong, ENDED, "no_release_notice") == []
    assert alerts_of(yuesong, ENDED, "release_not_sent", "2026-11-17") == []
    [late] = alerts_of(yuesong, ENDED, "release_not_sent")
    assert (late["severity"], late["since"]) == ("medium", "2026-11-18")
    before = fingerprint(small)
    sent = ["doc", "sent", str(row["id"]), "--to", POLICE_STATION]
    line = fails(yuesong(*sent, "--on", "2026-11-09"))
    assert line == t("error.doc.before_issued", day="2026-11-10")
    assert fingerprint(small) == before
    ok(yuesong(*sent, "--on", "2026-11-20"))
    assert alerts_of(yuesong, ENDED, "release_not_sent") == []


def test_a_release_notice_prepared_in_the_terms_last_month_counts(
    yuesong: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(yuesong("person", "add", "--name", "娜虚庚", "--id-number", id_number(113),
               "--since", "2023-11-01"))  # fmt: skip
    with clock_at(monkeypatch, "2026-10-20T01:00:00Z"):
        issue(yuesong, db_path, "YS-0001", "release", tmp_path / "out")
    ok(yuesong("person", "status", "YS-0001", "released", "--on", "2026-11-01"))
    assert alerts_of(yuesong, "YS-0001", "no_release_notice") == []
    [late] = alerts_of(yuesong, "YS-0001", "release_not_sent")
    assert late["since"] == "2026-10-28"


def test_no_evaluation_fires_three_years_after_release_and_an_evaluation_clears_it(
    small: Path, yuesong: Run, tmp_path: Path
) -> None:
    assert alerts_of(yuesong, CLEAN, "no_evaluation", "2025-12-31") == []
    [found] = alerts_of(yuesong, CLEAN, "no_evaluation", "2026-01-01")
    assert (found["severity"], found["since"]) == ("low", "2026-01-01")
    assert len(alerts_of(yuesong, CLEAN, "no_evaluation")) == 1
    # A positive test since the release: nothing to evaluate.
    assert alerts_of(yuesong, RELAPSED, "no_evaluation") == []
    # Recorded abstinent three years: the evaluation is still owed.
    [owed] = alerts_of(yuesong, ABSTINENT, "no_evaluation")
    assert owed["since"] == "2026-01-01"
    for case_no in (CLEAN, ABSTINENT):
        row = issue(yuesong, small, case_no, "evaluation", tmp_path / "out")
        assert row["kind"] == "evaluation"
        assert alerts_of(yuesong, case_no, "no_evaluation") == []
    # Nobody else's alerts moved.
    assert len(alerts_of(yuesong, ENDED, "no_release_notice")) == 1


# --- 5. the sample's register ----------------------------------------------------------------


@pytest.fixture(scope="module")
def full_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample as shipped (300 persons, seed 1): the one the officer tries first."""
    path = tmp_path_factory.mktemp("documents") / "full.db"
    return build_ledger(path, sample_steps())


def test_every_document_alert_has_a_case_in_the_sample(full_sample: Path, db_path: Path) -> None:
    copy_ledger(full_sample, db_path)
    kinds = {a["kind"] for a in alerts(cli(db_path))}
    assert set(DOCUMENT_ALERTS) <= kinds, set(DOCUMENT_ALERTS) - kinds


@pytest.mark.parametrize("which", ["sample_ledger", "full_sample"])
def test_the_samples_register_numbers_each_kind_by_year(
    request: pytest.FixtureRequest, db_path: Path, which: str
) -> None:
    copy_ledger(request.getfixturevalue(which), db_path)
    listed = json.loads(ok(cli(db_path)("doc", "list", "--format", "json")))
    assert listed and len(listed) == query(db_path, "SELECT count(*) FROM documents")[0][0]
    numbers = [row["doc_no"] for row in listed]
    assert len(set(numbers)) == len(numbers)
    counted: dict[tuple[str, str], list[int]] = {}
    for row in listed:
        year, word, count = DOC_NO.fullmatch(row["doc_no"]).groups()  # type: ignore[union-attr]
        assert year == row["issued_on"][:4] and word == NUMBER_WORDS[row["kind"]]
        assert row["issued_on"] <= AS_OF
        assert row["signed_on"] is None or row["issued_on"] <= row["signed_on"] <= AS_OF
        assert row["sent_on"] is None or row["issued_on"] <= row["sent_on"] <= AS_OF
        counted.setdefault((row["kind"], year), []).append(int(count))
    # Counted from 001 per kind and year, with no gap.
    for numbers_of_kind in counted.values():
        assert sorted(numbers_of_kind) == list(range(1, len(numbers_of_kind) + 1))
    assert {row["kind"] for row in listed} >= {"agreement", "notice", "release"}


def test_nothing_is_asked_of_what_began_before_the_register(small: Path, yuesong: Run) -> None:
    """A term, a release or an evaluation due before ``documents_from`` raises no
    document alert: their paper is in the cabinet (docs/domain.md "Documents")."""
    assert alerts_of(yuesong, FRESH, "no_agreement")
    ok(yuesong("settings", "set", "documents_from", "2026-11-02"))
    for kind in ("no_agreement", "no_release_notice", "no_evaluation"):
        for case_no in (FRESH, ENDED, CLEAN, ABSTINENT):
            assert alerts_of(yuesong, case_no, kind) == [], (case_no, kind)
    refused = fails(yuesong("settings", "set", "documents_from", "明年"))
    assert refused == t("error.setting.documents_from", value="明年")


# --- what the review of the change found (each failed before its fix) ---------------------


def test_a_kind_may_be_named_in_chinese(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    row = issue(yuesong, sampled, people["treatment"]["case_no"], "协议", tmp_path / "out")
    assert row["kind"] == "agreement"


def test_a_number_continues_past_the_highest_of_the_year(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    """Numbers are one past the highest of the township's own of the kind and year,
    not a count: a number out of order (as a transfer may bring) is never issued twice."""
    case_no = people["treatment"]["case_no"]
    first = issue(yuesong, sampled, case_no, "agreement", tmp_path / "a")
    year, word, count = DOC_NO.fullmatch(first["doc_no"]).groups()  # type: ignore[union-attr]
    ahead = f"岳宋禁〔{year}〕{word}字第{int(count) + 5:03d}号"
    with closing(sqlite3.connect(sampled)) as conn:
        conn.execute("UPDATE documents SET doc_no = ? WHERE id = ?", (ahead, first["id"]))
        conn.commit()
    second = issue(yuesong, sampled, case_no, "agreement", tmp_path / "b")
    assert second["doc_no"] == f"岳宋禁〔{year}〕{word}字第{int(count) + 6:03d}号"


def test_a_release_or_evaluation_only_for_whom_it_fits(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    before = fingerprint(sampled)
    treated = people["treatment"]["case_no"]
    for kind, key in (
        ("release", "error.doc.not_released"),
        ("evaluation", "error.doc.evaluation_status"),
    ):
        refused = fails(yuesong("doc", "new", treated, kind, "--reason", REASON,
                                "--out", str(tmp_path / "out")))  # fmt: skip
        assert refused == t(key, status="社区戒毒")
    assert fingerprint(sampled) == before


def test_a_templates_folder_gone_or_an_empty_template_is_refused(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    folder = tmp_path / "county"
    ok(yuesong("doc", "templates", "--out", str(folder)))
    again = fails(yuesong("doc", "templates", "--out", str(folder)))
    assert "--force" not in again and str(folder) in again
    ok(yuesong("settings", "set", "doc_templates", str(folder)))
    treated = people["treatment"]["case_no"]
    (folder / "notice.txt").write_text("", encoding="utf-8")
    before = fingerprint(sampled)
    refused = fails(yuesong("doc", "new", treated, "notice", "--reason", REASON,
                            "--out", str(tmp_path / "out")))  # fmt: skip
    assert refused == t("error.doc.template_empty", file="notice.txt")
    folder.rename(tmp_path / "moved")
    refused = fails(yuesong("doc", "new", treated, "agreement", "--reason", REASON,
                            "--out", str(tmp_path / "out")))  # fmt: skip
    assert refused == t("error.doc.templates_missing", folder=str(folder.resolve()))
    assert fingerprint(sampled) == before
    assert not (tmp_path / "out").exists()
    ok(yuesong("settings", "set", "doc_templates", ""))


def test_bad_input_of_the_register_is_one_line(
    sampled: Path, yuesong: Run, tmp_path: Path, people: dict[str, dict[str, Any]]
) -> None:
    row = issue(yuesong, sampled, people["released"]["case_no"], "release", tmp_path / "out")
    before = fingerprint(sampled)
    huge = "9" * 25
    assert fails(yuesong("doc", "sign", huge)) == t("error.number.too_large")
    assert fails(yuesong("doc", "sent", str(row["id"]), "--to", "  ")) == t(
        "error.text.required", field=t("col.sent_to")
    )
    assert fails(yuesong("settings", "set", "documents_from", "2099-01-01")) == t(
        "error.date.future"
    )
    assert fingerprint(sampled) == before
