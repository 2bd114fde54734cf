"""The document templates of issue 15 (output/documents.py): the defaults load and fill
every field they use into HTML and DOCX, values are escaped, values of several lines
break as the format says, a county's own templates are checked before use, and the
defaults written out come back the same. Fictional people only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import re
from pathlib import Path

import pytest
from conftest import id_number
from docx import Document

from yuesong_cli.errors import InvalidInput
from yuesong_cli.messages import t
from yuesong_cli.output.documents import (
    FIELD_LIST_FILE,
    FIELDS,
    KIND_FIELDS,
    KIND_TITLES,
    KINDS,
    Template,
    check_folder,
    load_template,
    missing_values,
    parse_template,
    render_docx,
    render_html,
    write_defaults,
)

FICTIONAL_ID = id_number(123, dt.date(1990, 1, 1))

# Every field with a distinct fictional value, so that each one can be found again.
VALUES: dict[str, str] = {
    "township": "岳宋乡",
    "county": "西盟佤族自治县",
    "office": "岳宋乡禁毒工作领导小组办公室",
    "doc_no": "岳禁〔2026〕协字第 012 号",
    "issued_on": "2026年12月1日",
    "officer": "叶虚构",
    "officer_phone": "13800000001",
    "name": "岩虚构",
    "gender": "男",
    "birth_date": "1990年1月1日",
    "age": "36",
    "ethnicity": "佤族",
    "id_number": FICTIONAL_ID,
    "case_no": "YS-2026-0042",
    "address": "岳宋乡虚构村7号",
    "household_address": "西盟佤族自治县岳宋乡虚构村",
    "village": "虚构村委会",
    "village_group": "第三村民小组",
    "phone": "13800000002",
    "status_label": "社区戒毒",
    "decision_doc": "西公（禁）决字〔2026〕第 0099 号",
    "decision_date": "2026年1月2日",
    "term_start": "2026年1月5日",
    "term_end": "2029年1月4日",
    "term_years": "3",
    "team_police": "艾民警（13800000003）",
    "team_officer": "叶虚构（13800000001）",
    "team_grid_worker": "尼网格（13800000004）",
    "team_guardian": "娜监护（13800000005）",
    "team_fifth": "未指定",
    "responsible": "桑包保",
    "cadence": "一周一见面：每周至少见面一次\n半月一谈话：每半月至少谈话一次\n"
    "一月一走访：每月至少走访一次",
    "test_schedule": "第一年：每月一次\n第二年：每两个月一次\n第三年：每三个月一次",
    "breach_rules": "逃避或者拒绝接受检测3次以上\n擅自离开所在县3次以上或者累计超过30日",
    "obligations": "按时报到\n离开本县3日以上须事先书面报告\n按要求接受检测",
    "release_on": "2029年1月5日",
    "police_station": "岳宋派出所",
    "notify_by": "2029年1月12日",
    "clean_since": "2026年3月3日",
    "clean_years": "3.2",
    "tests_count": "17",
    "last_test_on": "2029年4月1日",
    "last_test_result": "阴性",
    "contact_on": "2026年11月28日",
    "contact_kinds": "见面、谈话",
    "contact_mode": "当面",
    "contact_place": "虚构村活动室",
    "contact_helpers": "叶虚构、尼网格",
    "contact_note": "了解近况，情绪稳定\n在橡胶地务工",
    "urine_result": "阴性",
}


def test_the_values_cover_every_field_and_the_kinds_are_described() -> None:
    assert set(VALUES) == set(FIELDS)
    assert set(KIND_FIELDS) == set(KIND_TITLES) == set(KINDS)
    assert set().union(*KIND_FIELDS.values()) == set(FIELDS)
    assert KIND_FIELDS["notice"] < KIND_FIELDS["release"]
    assert "release_on" not in KIND_FIELDS["record"]


def value_lines(template: Template) -> list[str]:
    """Every line of every value the template uses."""
    return [line for field in template.fields for line in VALUES[field].split("\n")]


def docx_text(data: bytes) -> tuple[str, object]:
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(texts), document


@pytest.mark.parametrize("kind", KINDS)
def test_a_default_template_fills_every_field_into_html(kind: str) -> None:
    template = load_template(kind)
    assert template.kind == kind and template.file == f"{kind}.txt"
    assert template.fields <= KIND_FIELDS[kind]
    assert {"name", "doc_no", "office"} <= template.fields
    page = render_html(template, VALUES)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "size: A4" in page and "margin: 25mm 20mm" in page
    assert f"<h1>{KIND_TITLES[kind]}</h1>" in page
    for line in value_lines(template):
        assert html.escape(line) in page, line
    body = page.split("<body>", 1)[1]
    assert "{" not in body and "}" not in body
    # No cell left empty by a field: the empty cells are those the template leaves
    # blank (for a signature).
    blank = sum(not cell for b in template.blocks for row in b.rows for cell in row)
    assert len(re.findall(r"<td[^>]*></td>", body)) == blank


@pytest.mark.parametrize("kind", KINDS)
def test_a_default_template_fills_every_field_into_docx(kind: str) -> None:
    template = load_template(kind)
    text, document = docx_text(render_docx(template, VALUES))
    for line in value_lines(template):
        assert line in text, line
    assert "{" not in text and "}" not in text
    assert KIND_TITLES[kind] in text
    section = document.sections[0]  # type: ignore[attr-defined]
    # Word keeps sizes in twentieths of a point: A4 is 11906 x 16838.
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert [round(m.mm, 1) for m in (section.top_margin, section.bottom_margin)] == [25, 25]
    assert [round(m.mm, 1) for m in (section.left_margin, section.right_margin)] == [20, 20]


def test_docx_sets_the_east_asian_font_on_the_normal_style_and_every_run() -> None:
    data = render_docx(load_template("record"), VALUES)
    document = Document(io.BytesIO(data))
    east_asia = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(east_asia) == "宋体"
    runs = [
        run
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
        for run in p.runs
    ]
    runs += [run for p in document.paragraphs for run in p.runs]
    assert runs
    assert {run.element.rPr.rFonts.get(east_asia) for run in runs} == {"宋体"}
    title = document.paragraphs[0]
    assert title.text == KIND_TITLES["record"]
    assert title.runs[0].bold and title.runs[0].font.size.pt == 18
    assert document.tables[0].style.name == "Table Grid"


def test_values_are_escaped_in_html() -> None:
    template = load_template("record")
    values = {**VALUES, "contact_note": "<script>alert(1)</script> & 其他", "name": "岩&虚构"}
    page = render_html(template, values)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 其他" in page
    assert "岩&amp;虚构" in page and "岩&虚构" not in page


def parse(source: str, kind: str = "notice") -> Template:
    return parse_template(source, kind, f"{kind}.txt")


def test_a_value_of_several_lines_breaks_in_a_paragraph_and_a_cell() -> None:
    template = parse("# 标题\n\n谈话内容：{contact_note}。\n\n| 内容 | {contact_note} |", "record")
    page = render_html(template, VALUES)
    assert "<p>谈话内容：了解近况，情绪稳定<br>在橡胶地务工。</p>" in page
    assert "<td>了解近况，情绪稳定<br>在橡胶地务工</td>" in page
    document = Document(io.BytesIO(render_docx(template, VALUES)))
    paragraph = document.paragraphs[1]
    assert paragraph.text == "谈话内容：了解近况，情绪稳定\n在橡胶地务工。"
    assert document.tables[0].rows[0].cells[1].text == "了解近况，情绪稳定\n在橡胶地务工"


def test_a_paragraph_or_item_of_one_field_of_several_lines_becomes_several() -> None:
    template = parse("前言\n\n{cadence}\n\n- {obligations}\n- 另一项：{obligations}")
    page = render_html(template, VALUES)
    assert (
        "<p>一周一见面：每周至少见面一次</p>\n<p>半月一谈话：每半月至少谈话一次</p>\n"
        "<p>一月一走访：每月至少走访一次</p>"
    ) in page
    assert (
        "<ul><li>按时报到</li><li>离开本县3日以上须事先书面报告</li><li>按要求接受检测</li>"
        "<li>另一项：按时报到<br>离开本县3日以上须事先书面报告<br>按要求接受检测</li></ul>"
    ) in page
    paragraphs = [p.text for p in Document(io.BytesIO(render_docx(template, VALUES))).paragraphs]
    assert paragraphs[:4] == [
        "前言",
        "一周一见面：每周至少见面一次",
        "半月一谈话：每半月至少谈话一次",
        "一月一走访：每月至少走访一次",
    ]


def test_the_line_kinds_of_the_format() -> None:
    template = parse(
        "# 标题{name}\n## 小节\n第一行\n第二行\n\n新段落\n>> {office}\n- 一项\n===\n"
        "| 甲 | 乙 | 丙 |\n|---|:-:|---|\n| {{字}} | }}x{{ |\n| 一 | 二 | 三 |\n\n"
        "| 无表头 | 行 |\n| 二 | 行 |\n|---|---|"
    )
    assert [b.style for b in template.blocks] == [
        "title",
        "heading",
        "paragraph",
        "paragraph",
        "right",
        "item",
        "page_break",
        "table",
        "table",
    ]
    assert template.fields == {"name", "office"}
    page = render_html(template, VALUES).split("<body>", 1)[1]
    assert "<h1>标题岩虚构</h1>\n<h2>小节</h2>\n<p>第一行第二行</p>\n<p>新段落</p>" in page
    assert f'<p class="right">{VALUES["office"]}</p>\n<ul><li>一项</li></ul>' in page
    assert '<div class="page-break"></div>' in page
    assert "<tr><th>甲</th><th>乙</th><th>丙</th></tr>" in page
    # A short row's last cell spans the rest; braces doubled are braces.
    assert '<tr><td>{字}</td><td colspan="2">}x{</td></tr>' in page
    assert "<tr><td>无表头</td><td>行</td></tr>" in page and "<th>无表头" not in page
    document = Document(io.BytesIO(render_docx(template, VALUES)))
    assert len(document.tables) == 2
    header = document.tables[0].rows[0].cells[0].paragraphs[0].runs[0]
    assert header.bold
    merged = document.tables[0].rows[1].cells
    assert merged[1].text == merged[2].text == "}x{"
    assert 'w:br w:type="page"' in document.element.xml


def test_load_refuses_a_field_unknown_to_the_kind(tmp_path: Path) -> None:
    (tmp_path / "agreement_treatment.txt").write_text(
        "# 协议\n\n乙方：{name}（{绰号}）\n", encoding="utf-8"
    )
    with pytest.raises(InvalidInput) as refused:
        load_template("agreement_treatment", tmp_path)
    assert refused.value.message("zh") == t(
        "error.doc.unknown_field", file="agreement_treatment.txt", field="绰号"
    )
    assert "{绰号}" in refused.value.message("zh")


@pytest.mark.parametrize(
    "placeholder",
    ["name!r", "name:>4", "name:", "a.b", "name[0]", "", "0", " name ", "release_on"],
)
def test_a_conversion_spec_attribute_or_another_kinds_field_is_refused(
    tmp_path: Path, placeholder: str
) -> None:
    (tmp_path / "notice.txt").write_text(f"告知\n{{{placeholder}}}\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        check_folder(tmp_path)
    assert refused.value.key == "error.doc.unknown_field"
    assert refused.value.params == {"file": "notice.txt", "field": placeholder}


@pytest.mark.parametrize("line", ["乙方：{name", "乙方：name}", "{name}}", "{{name}"])
def test_an_unpaired_brace_is_refused_with_its_line(tmp_path: Path, line: str) -> None:
    (tmp_path / "release.txt").write_text(f"# 通知\n\n{{name}}：\n{line}\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        load_template("release", tmp_path)
    assert refused.value.key == "error.doc.template_syntax"
    assert refused.value.params == {"file": "release.txt", "line": 4}


def test_a_gbk_file_is_refused_and_a_bom_accepted(tmp_path: Path) -> None:
    (tmp_path / "record.txt").write_bytes("# 记录\n{name}\n".encode("gbk"))
    with pytest.raises(InvalidInput) as refused:
        load_template("record", tmp_path)
    assert refused.value.key == "error.doc.template_unreadable"
    assert refused.value.params == {"file": "record.txt"}
    (tmp_path / "record.txt").write_bytes("# 记录\r\n{name}\r\n".encode("utf-8-sig"))
    template = load_template("record", tmp_path)
    assert template.fields == {"name"}
    assert "<h1>记录</h1>" in render_html(template, VALUES)


def test_a_folder_without_a_kind_falls_back_to_the_default(tmp_path: Path) -> None:
    (tmp_path / "notice.txt").write_text("# 本县告知书\n{name}\n", encoding="utf-8")
    (tmp_path / "readme.doc").write_bytes(b"\xff\xfe not a template")
    assert check_folder(tmp_path) == ["notice"]
    assert load_template("notice", tmp_path).fields == {"name"}
    assert load_template("release", tmp_path) == load_template("release")
    assert load_template("release", None).fields >= {"release_on", "police_station"}


def test_write_defaults_writes_every_kind_and_the_field_list(tmp_path: Path) -> None:
    folder = tmp_path / "县模板"
    written = write_defaults(folder)
    assert sorted(p.name for p in written) == sorted(
        [f"{kind}.txt" for kind in KINDS] + [FIELD_LIST_FILE]
    )
    assert check_folder(folder) == list(KINDS)
    for kind in KINDS:
        assert load_template(kind, folder) == load_template(kind)
        assert (folder / f"{kind}.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    field_list = (folder / FIELD_LIST_FILE).read_text(encoding="utf-8-sig")
    for field, meaning in FIELDS.items():
        assert f"{{{field}}}\t{meaning}\t" in field_list
    assert "{police_station}\t派出所\trelease.txt（解除社区戒毒（康复）通知书）" in field_list
    assert "{name}\t姓名\t全部文书" in field_list


def test_write_defaults_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "release.txt").write_text("本县的通知书 {name}", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        write_defaults(tmp_path)
    assert refused.value.key == "error.doc.templates_exist"
    assert refused.value.params == {"path": str(tmp_path / "release.txt")}
    # Nothing written, the county's file untouched.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release.txt"]
    assert (tmp_path / "release.txt").read_text(encoding="utf-8") == "本县的通知书 {name}"


def test_missing_values_finds_blank_and_absent_values_and_render_refuses() -> None:
    template = load_template("release")
    assert missing_values(template, VALUES) == []
    values = {**VALUES, "police_station": " \u3000", "officer_phone": ""}
    del values["notify_by"]
    assert set(missing_values(template, values)) == {"police_station", "officer_phone", "notify_by"}
    with pytest.raises(ValueError, match="police_station"):
        render_html(template, values)
    with pytest.raises(ValueError, match="notify_by"):
        render_docx(template, values)
    # A field the template does not use may be missing.
    assert missing_values(template, {k: v for k, v in VALUES.items() if k != "contact_note"}) == []


def test_templates_compare_by_their_blocks() -> None:
    one = parse("# 告知\n{name}")
    assert one == parse("# 告知\n{name}\n")
    assert one != parse("# 告知\n{gender}")
    assert dataclasses.replace(one, file="x.txt") != one
