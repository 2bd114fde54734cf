"""Tables that fit a narrow console: at 80 columns the due list, the alerts and the
register drop their least important columns first and never cut a case number or a date;
--wide shows every column; plain text, CSV and JSON do not depend on the width."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import InvokeResult, cli, ok
from yuesong_cli.output.render import Column, Renderer, fit_columns, table_width

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-29"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CASE_NO = re.compile(r"YS-\d{4}")


@pytest.fixture
def sample(tmp_path: Path) -> Callable[..., InvokeResult]:
    """``yuesong --db <a copy of sample.db>``."""
    path = tmp_path / "sample.db"
    shutil.copyfile(ROOT / "sample.db", path)
    path.chmod(0o600)
    return cli(path)


def at_width(
    monkeypatch: pytest.MonkeyPatch, run: Callable[..., InvokeResult], width: int, *args: str
) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    return ok(run(*args))


def widest_line(text: str) -> int:
    return max(cell_len(line.rstrip()) for line in text.splitlines())


# --- fitting, on its own --------------------------------------------------------------


def test_fit_drops_in_drop_order_until_the_table_fits() -> None:
    columns = [
        Column("case_no", "col.case_no"),
        Column("group", "col.group", drop_order=1),
        Column("helper", "col.responsible", drop_order=2),
        Column("window", "col.window"),
    ]
    naturals = [7, 8, 10, 21]
    assert fit_columns(columns, naturals, 200).shown == [0, 1, 2, 3]
    # Without the group the table is 7 + 10 + 21 + 3 * 3 + 1 = 48 cells wide.
    assert fit_columns(columns, naturals, 48).shown == [0, 2, 3]
    assert fit_columns(columns, naturals, 47).shown == [0, 3]


def test_fit_never_narrows_a_column_that_does_not_wrap() -> None:
    columns = [Column("case_no", "col.case_no"), Column("window", "col.window")]
    fit = fit_columns(columns, [7, 21], 10)
    # Too narrow for anything: the table stays whole and wider than the space.
    assert fit.shown == [0, 1]
    assert fit.widths == [7, 21]
    assert table_width(fit.widths, fit.shown) > 10


def test_fit_narrows_the_widest_free_text_first_down_to_its_floor() -> None:
    columns = [
        Column("case_no", "col.case_no"),
        Column("kind", "col.alert", wrap_to=10),
        Column("detail", "col.detail", wrap_to=20),
    ]
    # 7 + 22 + 90 + 10 = 129 cells; at 60 the two wrapping columns share 43.
    fit = fit_columns(columns, [7, 22, 90], 60)
    assert fit.widths[0] == 7
    assert table_width(fit.widths, fit.shown) == 60
    assert fit.widths[2] >= 20 and fit.widths[1] >= 10
    # At 40 even the floors do not fit: the floors, and wider than 40.
    assert fit_columns(columns, [7, 22, 90], 40).widths == [7, 10, 20]


def render_table(width: int, *, wide: bool = False) -> str:
    columns = (
        Column("case_no", "col.case_no"),
        Column("since", "col.since", "date"),
        Column("village", "col.village", drop_order=1),
        Column("note", "col.note", wrap_to=10),
    )
    rows = [
        {
            "case_no": f"YS-{n:04d}",
            "since": f"2026-11-{n:02d}",
            "village": "岳宋村",
            "note": "入户走访，家属反映表现良好，本人在家务农。" * 2,
        }
        for n in range(1, 6)
    ]
    out = io.StringIO()
    Renderer("table", "zh", out=out, width=width, wide=wide).rows(rows, columns)
    return out.getvalue()


def test_a_table_fits_the_width_it_is_given() -> None:
    text = render_table(40)
    assert widest_line(text) <= 40
    assert "村委会" not in text
    for n in range(1, 6):
        assert f"YS-{n:04d}" in text and f"2026-11-{n:02d}" in text
    assert "…" not in text


def test_wide_keeps_every_column_and_every_line_whole() -> None:
    text = render_table(40, wide=True)
    assert "村委会" in text
    assert "入户走访，家属反映表现良好，本人在家务农。" * 2 in text


# --- the due list, alerts and register of sample.db at 80 columns ---------------------


def test_due_list_at_80_columns_keeps_every_case_number_and_window_whole(
    sample: Callable[..., InvokeResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = json.loads(ok(sample("due", "--as-of", DAY, "-f", "json")))
    table = at_width(monkeypatch, sample, 80, "due", "--as-of", DAY, "-f", "table")
    assert widest_line(table) <= 80
    assert "…" not in table
    found = re.findall(r"(YS-\d{4}) .*?(\d{4}-\d{2}-\d{2})~(\d{4}-\d{2}-\d{2})", table)
    assert found == [(r["case_no"], r["window_start"], r["window_end"]) for r in rows]
    # What gives way first at 80: the village group, the day last kept, the helper.
    for label in ("村民小组", "上次完成", "包保责任人"):
        assert label not in table
    for label in ("案件号", "姓名", "村委会", "规则", "期限", "周期"):
        assert label in table


def test_due_list_in_english_at_80_columns_fits_too(
    sample: Callable[..., InvokeResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = json.loads(ok(sample("due", "--as-of", DAY, "-f", "json")))
    table = at_width(monkeypatch, sample, 80, "--lang", "en", "due", "--as-of", DAY, "-f", "table")
    assert widest_line(table) <= 80
    assert CASE_NO.findall(table) == [row["case_no"] for row in rows]


def test_alerts_at_80_columns_keep_case_numbers_and_dates_whole(
    sample: Callable[..., InvokeResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = json.loads(ok(sample("alerts", "--as-of", DAY, "-f", "json")))
    table = at_width(monkeypatch, sample, 80, "alerts", "--as-of", DAY, "-f", "table")
    assert widest_line(table) <= 80
    assert "…" not in table
    found = re.findall(r"(YS-\d{4}) .*?(\d{4}-\d{2}-\d{2})", table)
    assert found == [(row["case_no"], row["since"]) for row in rows]
    # The dates inside a detail that wraps stay whole too.
    dates_in_details = [d for row in rows for d in DATE.findall(row["detail"])]
    assert dates_in_details
    shown = DATE.findall(table)
    for date in dates_in_details:
        assert date in shown


def test_register_at_80_columns_keeps_case_numbers_and_dates_whole(
    sample: Callable[..., InvokeResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = json.loads(ok(sample("person", "list", "-f", "json")))
    table = at_width(monkeypatch, sample, 80, "person", "list", "-f", "table")
    assert widest_line(table) <= 80
    found = re.findall(r"(YS-\d{4}) .*?(\d{4}-\d{2}-\d{2})\s*$", table, re.MULTILINE)
    assert found == [(row["case_no"], row["status_since"]) for row in rows]
    header = next(line for line in table.splitlines() if "案件号" in line)
    assert "网格" not in header and "电话" not in header


def test_wide_shows_every_column_at_80(
    sample: Callable[..., InvokeResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    table = at_width(monkeypatch, sample, 80, "--wide", "due", "--as-of", DAY, "-f", "table")
    for label in ("村民小组", "上次完成", "包保责任人", "连续漏做", "村委会"):
        assert label in table
    assert widest_line(table) > 80


@pytest.mark.parametrize(
    "args",
    [
        ("due", "--as-of", DAY, "-f", "plain"),
        ("due", "--as-of", DAY, "-f", "csv"),
        ("alerts", "--as-of", DAY, "-f", "plain"),
        ("person", "list", "-f", "plain"),
        ("person", "show", "YS-0001", "-f", "plain"),
    ],
)
def test_plain_csv_and_json_do_not_depend_on_the_width(
    sample: Callable[..., InvokeResult], monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    narrow = at_width(monkeypatch, sample, 60, *args)
    monkeypatch.delenv("COLUMNS")
    assert narrow == ok(sample(*args))
    # Every column, however long the line.
    assert widest_line(narrow) > 60


def test_person_show_at_60_columns_keeps_every_date_whole(
    sample: Callable[..., InvokeResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = ok(sample("person", "show", "YS-0001", "-f", "json"))
    dates = set(DATE.findall(document))
    assert len(dates) > 5
    table = at_width(monkeypatch, sample, 60, "person", "show", "YS-0001", "-f", "table")
    assert widest_line(table) <= 60
    assert set(DATE.findall(table)) == dates
    assert "…" not in table
    assert "YS-0001" in table
