"""Output that never fails on the console's encoding: what GBK (a Chinese Windows code
page) cannot write becomes a plain equivalent; Chinese is kept. No GBK console here: the
commands run with PYTHONIOENCODING set, as a redirected Windows console would write."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from yuesong_cli.output.render import Column, Renderer
from yuesong_cli.system.console import (
    guard_standard_streams,
    plain,
    writable_stream,
    writable_text,
    writes_everything,
)

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-29"


@pytest.mark.parametrize(
    ("character", "equivalent"),
    [
        ("░", "-"),
        ("█", "#"),
        ("●", "*"),
        ("✗", "x"),
        ("○", "o"),
        ("↑", "+"),
        ("↓", "-"),
        ("…", "..."),
        ("─", "-"),
        ("━", "-"),
        ("│", "|"),
        ("┃", "|"),
        ("╭", "+"),
        ("┼", "+"),
        ("═", "="),
        ("☃", "?"),
    ],
)
def test_plain_equivalents(character: str, equivalent: str) -> None:
    assert plain(character) == equivalent


def test_what_gbk_cannot_write_is_replaced_and_chinese_kept() -> None:
    text = "岳宋乡 ████░░ 90.9% ●✗○ ↑↓ 佤族"
    shown = writable_text(text, "gbk")
    # GBK has the full block, the filled and open circles and the arrows, not the
    # light shade or the ballot x.
    assert shown == "岳宋乡 ████-- 90.9% ●x○ ↑↓ 佤族"
    shown.encode("gbk")
    assert writable_text(text, "ascii") == "??? ####-- 90.9% *xo +- ??"


def test_utf_encodings_write_everything() -> None:
    for encoding in ("utf-8", "UTF8", "utf-16", "gb18030", None):
        assert writes_everything(encoding)
    for encoding in ("gbk", "cp936", "gb2312", "cp437", "ascii", "no-such-codec"):
        assert not writes_everything(encoding)
    assert writable_text("░✗", "utf-8") == "░✗"


def test_a_text_file_in_gbk_is_switched_in_place() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="gbk")
    assert writable_stream(stream) is stream
    stream.write("周完成率 ███░░ ✗\n")
    stream.flush()
    assert raw.getvalue().decode("gbk") == "周完成率 ███-- x\n"


def test_another_stream_is_wrapped() -> None:
    class Gbk(io.StringIO):
        encoding = "gbk"  # type: ignore[assignment]

    target = Gbk()
    writable_stream(target).write("░✗岳")
    assert target.getvalue() == "-x岳"


def test_the_standard_streams_are_guarded(monkeypatch: pytest.MonkeyPatch) -> None:
    out, err = io.BytesIO(), io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="cp936"))
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(err, encoding="gbk"))
    guard_standard_streams()
    sys.stdout.write("░\n")
    sys.stderr.write("✗ 错误\n")
    sys.stdout.flush()
    sys.stderr.flush()
    assert out.getvalue() == b"-\n"
    assert err.getvalue().decode("gbk") == "x 错误\n"


def test_the_renderer_writes_through_an_encoding_that_lacks_a_mark() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="gbk")
    rows = [{"case_no": "YS-0001", "marks": "●✗○"}]
    columns = (Column("case_no", "col.case_no"), Column("marks", "col.calendar"))
    for fmt in ("plain", "table", "csv", "json"):
        Renderer(fmt, "zh", out=stream, width=80).rows(rows, columns)
    stream.flush()
    text = raw.getvalue().decode("gbk")
    assert "●x○" in text and "✗" not in text


# --- the commands, in a subprocess whose stdout writes GBK ------------------------------


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gbk") / "sample.db"
    shutil.copyfile(ROOT / "sample.db", path)
    path.chmod(0o600)
    return path


def run_in(encoding: str, db: Path, *args: str) -> tuple[int, bytes, bytes]:
    env = {
        **os.environ,
        "PYTHONIOENCODING": encoding,
        "COLUMNS": "80",
        "YUESONG_LANG": "zh",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "yuesong_cli", "--db", str(db), *args],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr


COMMANDS = [
    ("report", "summary", "--period", "2026Q3", "-f", "plain"),
    ("report", "summary", "--period", "2026Q3", "-f", "table"),
    ("report", "person", "YS-0001", "--as-of", DAY),
    ("report", "person", "YS-0001", "--as-of", DAY, "-f", "table"),
    ("due", "--as-of", DAY, "-f", "table"),
    ("alerts", "--as-of", DAY, "-f", "table"),
    ("person", "show", "YS-0001", "-f", "table"),
    ("plan", "show", "five_to_one"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args[:3]))
def test_commands_write_gbk(sample_db: Path, args: tuple[str, ...]) -> None:
    code, out, err = run_in("gbk", sample_db, *args)
    assert code == 0, err.decode("gbk", "replace")
    assert b"unexpected" not in err and "意外".encode("gbk") not in err
    text = out.decode("gbk")
    assert "岳宋" in text or "YS-0001" in text or "一周一见面" in text


@pytest.mark.parametrize("args", COMMANDS[:3], ids=lambda args: " ".join(args[:3]))
def test_commands_write_cp936(sample_db: Path, args: tuple[str, ...]) -> None:
    code, out, err = run_in("cp936", sample_db, *args)
    assert code == 0, err.decode("cp936", "replace")
    out.decode("cp936")


def test_the_weekly_chart_and_calendar_read_in_plain_marks(sample_db: Path) -> None:
    _, out, _ = run_in("gbk", sample_db, "report", "summary", "--period", "2026Q3", "-f", "plain")
    chart = [line for line in out.decode("gbk").splitlines() if line.startswith("2026-0")]
    assert chart and all("#" in line or "█" in line for line in chart)
    assert any("-" in line.split()[-2] for line in chart)
    _, out, _ = run_in("gbk", sample_db, "report", "person", "YS-0184", "--as-of", DAY)
    assert "xxxxx" in out.decode("gbk")
