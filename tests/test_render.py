"""The renderer: formats, masking, labels, CJK alignment."""

from __future__ import annotations

import csv
import io
import json

from yuesong_cli.output.render import Column, Renderer

COLUMNS = (
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("id_number", "col.id_number", "id_number"),
    Column("phone", "col.phone", "phone"),
    Column("status", "col.status", "status"),
    Column("kinds", "col.kinds", "kinds"),
)
ROWS = [
    {
        "case_no": "YS-0001",
        "name": "艾那",
        "id_number": "53082919900101123X",
        "phone": "13812345678",
        "status": "community_rehab",
        "kinds": "meet,talk",
    },
    {
        "case_no": "YS-0002",
        "name": "叶嘎门",
        "id_number": "530829199202022346",
        "phone": None,
        "status": "lost_contact",
        "kinds": "urine",
    },
]


def render(fmt: str, lang: str = "zh", **options: bool) -> str:
    out = io.StringIO()
    Renderer(fmt, lang, out=out, **options).rows(ROWS, COLUMNS)
    return out.getvalue()


def test_plain_aligns_chinese_by_display_width() -> None:
    assert render("plain") == (
        "案件号   姓名  身份证号            电话         状态      类型\n"
        "YS-0001  艾*   5308**********123X  138****5678  社区康复  见面、谈话\n"
        "YS-0002  叶**  5308**********2346               失联      尿检\n"
    )


def test_json_keeps_keys_and_masks() -> None:
    data = json.loads(render("json"))
    assert data[0] == {
        "case_no": "YS-0001",
        "name": "艾*",
        "id_number": "5308**********123X",
        "phone": "138****5678",
        "status": "community_rehab",
        "kinds": "meet,talk",
    }
    assert data[1]["phone"] is None


def test_csv_has_labels_in_the_language_and_masked_values() -> None:
    rows = list(csv.reader(io.StringIO(render("csv", "en"))))
    assert rows[0] == ["case no", "name", "ID number", "phone", "status", "kinds"]
    assert rows[1] == [
        "YS-0001",
        "艾*",
        "5308**********123X",
        "138****5678",
        "community rehabilitation",
        "meet, talk",
    ]


def test_names_unmasked_when_the_setting_says_so() -> None:
    assert "艾那" in render("plain", mask_names=False)
    assert "5308**********123X" in render("plain", mask_names=False)


def test_reveal_shows_everything() -> None:
    text = render("plain", reveal=True)
    assert "53082919900101123X" in text and "13812345678" in text and "艾那" in text


def test_table_format_has_no_unmasked_values() -> None:
    text = render("table")
    assert "53082919900101123X" not in text and "13812345678" not in text
    assert "5308**********123X" in text
