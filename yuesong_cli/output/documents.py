"""The paperwork of issue 15: agreements, notices, forms and records filled from templates
and written as an HTML page that prints on A4 or as a DOCX file that Word and WPS open.

Pure rendering: the caller hands over the values of the fields (already gathered from
the record, in words) and gets text or bytes back; nothing here reads the database or
the clock. Files are read only to load a template and written only by
``write_defaults``.

A template is a UTF-8 text file a county clerk can edit in Notepad, one a kind, named
``<kind>.txt``. Its lines:

- ``# 文字``: the title (centred, bold, 小二); ``## 文字``: a section heading;
- ``>> 文字``: a right-aligned line (落款: the issuing office, the date);
- ``- 文字``: a list item (the space after the dash is needed, so that a sentence
  beginning with a dash stays a sentence);
- ``| a | b |``: a table row; consecutive rows form one table; the first row is a
  header only if a ``|---|---|`` line follows it; a row with fewer cells than the
  table's widest row has its last cell stretched over the rest (a form's wide cell);
- ``===`` alone: a page break;
- anything else is text: consecutive lines join into one paragraph with no space
  between them (Chinese), and a blank line ends the paragraph.

``{field}`` is a value; ``{{`` and ``}}`` are braces. A value of several lines breaks
its line where it stands; a paragraph or list item made of nothing but one field whose
value has several lines becomes one paragraph or item a line (the cadence, the test
schedule, the obligations). Leading and trailing spaces of each line are dropped, so an
indent typed by hand does not double the paragraph's own indent of two characters.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

from yuesong_cli.errors import InvalidInput

KINDS = (
    "agreement_treatment",
    "agreement_rehab",
    "notice",
    "release",
    "evaluation",
    "record",
)

KIND_TITLES: dict[str, str] = {
    "agreement_treatment": "社区戒毒协议",
    "agreement_rehab": "社区康复协议",
    "notice": "社区戒毒（康复）人员告知书",
    "release": "解除社区戒毒（康复）通知书",
    "evaluation": "戒断三年未复吸评估表",
    "record": "帮教谈话（走访）记录",
}

# Field → what it holds, as 字段说明.txt tells the county's clerk.
_COMMON_FIELDS: dict[str, str] = {
    "township": "乡镇名",
    "county": "县名",
    "office": "出具单位，如：岳宋乡禁毒工作领导小组办公室",
    "doc_no": "本文书编号，如：岳禁〔2026〕协字第 012 号",
    "issued_on": "出具日期，如：2026年12月1日",
    "officer": "禁毒专干姓名",
    "officer_phone": "禁毒专干联系电话",
    "name": "姓名",
    "gender": "性别（男/女）",
    "birth_date": "出生日期",
    "age": "年龄",
    "ethnicity": "民族",
    "id_number": "公民身份号码（无证件的写“无证件号”）",
    "case_no": "案件编号",
    "address": "现住址",
    "household_address": "户籍地",
    "village": "村（居）委会",
    "village_group": "村民小组",
    "phone": "本人联系电话",
    "status_label": "人员状态，如：社区戒毒、社区康复",
    "decision_doc": "决定书编号",
    "decision_date": "决定日期",
    "term_start": "期限起始日期",
    "term_end": "期限届满日期",
    "term_years": "期限（年）",
    "team_police": "五包一帮教小组：社区民警，姓名（电话）或“未指定”",
    "team_officer": "五包一帮教小组：禁毒专干，姓名（电话）或“未指定”",
    "team_grid_worker": "五包一帮教小组：网格员，姓名（电话）或“未指定”",
    "team_guardian": "五包一帮教小组：监护人，姓名（电话）或“未指定”",
    "team_fifth": "五包一帮教小组：亲属或禁毒志愿者，姓名（电话）或“未指定”",
    "responsible": "包保责任人",
    "cadence": "帮教频次（多行，如：一周一见面：每周至少见面一次）",
    "test_schedule": "尿检安排（多行）",
    "breach_rules": "严重违反协议的情形及其次数、天数（多行）",
    "obligations": "本人应当遵守的规定（多行）",
}
_KIND_ONLY_FIELDS: dict[str, dict[str, str]] = {
    "agreement_treatment": {},
    "agreement_rehab": {},
    "notice": {},
    "release": {
        "release_on": "解除日期",
        "police_station": "派出所",
        "notify_by": "通知乡镇人民政府的最后日期（出具后 7 日）",
    },
    "evaluation": {
        "clean_since": "戒断起算日（最后一次尿检阳性或解除之日）",
        "clean_years": "戒断年限",
        "tests_count": "三年内尿检次数",
        "last_test_on": "最近一次尿检日期",
        "last_test_result": "最近一次尿检结果",
    },
    "record": {
        "contact_on": "谈话（走访）日期",
        "contact_kinds": "帮教类别，如：见面、谈话",
        "contact_mode": "方式（当面/电话/视频）",
        "contact_place": "地点",
        "contact_helpers": "参加人员",
        "contact_note": "谈话（走访）内容（可多行）",
        "urine_result": "尿检情况",
    },
}

FIELDS: dict[str, str] = {
    **_COMMON_FIELDS,
    **{name: text for only in _KIND_ONLY_FIELDS.values() for name, text in only.items()},
}
KIND_FIELDS: dict[str, frozenset[str]] = {
    kind: frozenset(_COMMON_FIELDS) | frozenset(_KIND_ONLY_FIELDS[kind]) for kind in KINDS
}

FIELD_LIST_FILE = "字段说明.txt"


@dataclass(frozen=True)
class Field:
    """A placeholder: the name of the value that goes there."""

    name: str


# A run of text: literal pieces and placeholders in order.
Text = tuple[str | Field, ...]

Style = Literal["title", "heading", "right", "item", "paragraph", "table", "page_break"]


@dataclass(frozen=True)
class Block:
    """One block of a document: a line of some style (``text``), or a table (``rows``,
    the first a header row if ``header``), or a page break."""

    style: Style
    text: Text = ()
    rows: tuple[tuple[Text, ...], ...] = ()
    header: bool = False


@dataclass(frozen=True)
class Template:
    """A parsed template: its kind, the file it came from (for messages), the fields it
    uses and its blocks in order."""

    kind: str
    file: str
    fields: frozenset[str]
    blocks: tuple[Block, ...]

    def field_order(self) -> list[str]:
        """The fields it uses, each once, in the order they first appear."""
        return _field_order(self.blocks)

    def title(self) -> Text:
        """The text of its first title line, or none."""
        return next((b.text for b in self.blocks if b.style == "title"), ())


# --- reading ------------------------------------------------------------------------------

_FORMATTER = string.Formatter()
# What lies between the braces of each field, in the order string.Formatter().parse finds
# them (escaped braces skipped the same way, left to right; one level of nesting, as a
# format spec may hold): parse drops an empty format spec, so "{name:}" would otherwise
# pass for "{name}".
_BRACES = re.compile(r"\{\{|\}\}|\{((?:[^{}]|\{[^{}]*\})*)\}")
_SEPARATOR_CELL = re.compile(r":?-+:?")


def _fields_of(line: str, lineno: int, kind: str, file: str) -> None:
    """Refuse ``line`` if its braces are unpaired or a field is not one of ``kind``'s
    plain field names."""
    try:
        parsed = list(_FORMATTER.parse(line))
    except ValueError:
        raise InvalidInput("error.doc.template_syntax", file=file, line=lineno) from None
    raw = [m.group(1) for m in _BRACES.finditer(line) if m.group(1) is not None]
    names = [name for _literal, name, _spec, _conversion in parsed if name is not None]
    if len(raw) != len(names):  # not expected once parse has accepted the line
        raise InvalidInput("error.doc.template_syntax", file=file, line=lineno)
    allowed = KIND_FIELDS[kind]
    for inside, name in zip(raw, names, strict=True):
        if inside != name or name not in allowed:
            raise InvalidInput("error.doc.unknown_field", file=file, field=inside)


def _text(source: str) -> Text:
    """``source`` (already checked) as literal pieces and fields."""
    pieces: list[str | Field] = []
    for literal, name, _spec, _conversion in _FORMATTER.parse(source):
        if literal:
            if pieces and isinstance(pieces[-1], str):
                pieces[-1] += literal
            else:
                pieces.append(literal)
        if name is not None:
            pieces.append(Field(name))
    return tuple(pieces)


def _cells(line: str) -> list[str]:
    inner = line[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [cell.strip() for cell in inner.split("|")]


def _is_separator(cells: Sequence[str]) -> bool:
    return all(_SEPARATOR_CELL.fullmatch(cell.replace(" ", "")) for cell in cells)


def parse_template(source: str, kind: str, file: str) -> Template:
    """The template ``source`` (text of the file ``file``) for ``kind``, refused as the
    module's docstring says."""
    if kind not in KIND_FIELDS:
        raise ValueError(f"unknown document kind {kind!r}")
    blocks: list[Block] = []
    paragraph: list[Text] = []
    table: list[tuple[Text, ...]] = []
    header = False

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(Block("paragraph", _joined(paragraph)))
            paragraph.clear()

    def end_table() -> None:
        nonlocal header
        if table:
            blocks.append(Block("table", rows=tuple(table), header=header))
            table.clear()
            header = False

    lines = source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for lineno, raw_line in enumerate(lines, start=1):
        line = raw_line.strip()
        _fields_of(line, lineno, kind, file)
        if line.startswith("|"):
            end_paragraph()
            cells = _cells(line)
            if _is_separator(cells):
                # Markdown's rule: a separator after the first row makes it the header.
                # Elsewhere it only draws a line in a text editor, and is skipped.
                header = header or len(table) == 1
                continue
            table.append(tuple(_text(cell) for cell in cells))
            continue
        end_table()
        if not line:
            end_paragraph()
        elif line == "===":
            end_paragraph()
            blocks.append(Block("page_break"))
        elif line.startswith("##"):
            end_paragraph()
            blocks.append(Block("heading", _text(line.lstrip("#").strip())))
        elif line.startswith("#"):
            end_paragraph()
            blocks.append(Block("title", _text(line[1:].strip())))
        elif line.startswith(">>"):
            end_paragraph()
            blocks.append(Block("right", _text(line[2:].strip())))
        elif line.startswith("- ") or line == "-":
            end_paragraph()
            blocks.append(Block("item", _text(line[1:].strip())))
        else:
            paragraph.append(_text(line))
    end_paragraph()
    end_table()
    return Template(
        kind=kind, file=file, fields=frozenset(_field_order(blocks)), blocks=tuple(blocks)
    )


def _field_order(blocks: Sequence[Block]) -> list[str]:
    seen: dict[str, None] = {}
    for block in blocks:
        for text in (block.text, *(cell for row in block.rows for cell in row)):
            for piece in text:
                if isinstance(piece, Field):
                    seen.setdefault(piece.name)
    return list(seen)


def _joined(lines: Sequence[Text]) -> Text:
    pieces: list[str | Field] = []
    for line in lines:
        for piece in line:
            if isinstance(piece, str) and pieces and isinstance(pieces[-1], str):
                pieces[-1] += piece
            else:
                pieces.append(piece)
    return tuple(pieces)


def default_folder() -> Traversable:
    """Where the default templates ship inside the package."""
    return files("yuesong_cli") / "templates" / "documents"


def _decoded(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("error.doc.template_unreadable", file=file) from None


def load_template(kind: str, folder: Path | None = None) -> Template:
    """The template of ``kind``: ``folder``'s ``<kind>.txt`` if there is one, else the
    default. A file there that cannot be used is refused, never passed over."""
    return template_source(kind, folder)[0]


def template_source(kind: str, folder: Path | None = None) -> tuple[Template, str]:
    """``load_template`` and where the template came from: ``default``, or the SHA-256
    of the county's file, taken from the very bytes parsed."""
    if kind not in KIND_FIELDS:
        raise ValueError(f"unknown document kind {kind!r}")
    file = f"{kind}.txt"
    own = folder is not None and (folder / file).is_file()
    data = ((folder / file) if own and folder else default_folder() / file).read_bytes()
    source = hashlib.sha256(data).hexdigest() if own else "default"
    template = parse_template(_decoded(data, file), kind, file)
    if not any(block.style == "title" for block in template.blocks):
        # An empty file (or one without its title) would print a blank page, numbered
        # and audited as a reveal.
        raise InvalidInput("error.doc.template_empty", file=file)
    return template, source


def check_folder(folder: Path) -> list[str]:
    """The kinds whose template ``folder`` holds, each loaded and checked (the first
    that cannot be used is refused); other files there are not looked at."""
    found = [kind for kind in KINDS if (folder / f"{kind}.txt").is_file()]
    for kind in found:
        load_template(kind, folder)
    return found


def field_list() -> str:
    """字段说明.txt: how a template is written, then every field, what it holds and the
    templates that may use it."""
    lines = [
        "文书模板字段说明",
        "",
        "每种文书一个模板文件（UTF-8 编码的文本文件），文件名如下：",
        *(f"  {kind}.txt\t{KIND_TITLES[kind]}" for kind in KINDS),
        "",
        "模板的写法：",
        "  # 文字\t标题（居中、加粗）",
        "  ## 文字\t小标题",
        "  >> 文字\t右对齐的一行（落款单位、日期）",
        "  - 文字\t列表中的一项（减号后面要有空格）",
        "  | 甲 | 乙 |\t表格的一行；连续几行组成一个表格；第一行下面加一行 |---|---| 即为表头；"
        "格数少于其他行的，最后一格向右合并",
        "  ===\t单独一行：分页",
        "  其他文字\t正文；相邻几行连成一段，空一行另起一段",
        "  {字段名}\t填入下面列出的内容；花括号本身写作 {{ 或 }}",
        "",
        "字段（字段名\t含义\t可用于）：",
    ]
    for name, meaning in FIELDS.items():
        kinds = [kind for kind in KINDS if name in KIND_FIELDS[kind]]
        where = (
            "全部文书"
            if len(kinds) == len(KINDS)
            else "、".join(f"{kind}.txt（{KIND_TITLES[kind]}）" for kind in kinds)
        )
        lines.append(f"  {{{name}}}\t{meaning}\t{where}")
    return "\n".join(lines) + "\n"


def _for_notepad(text: str) -> bytes:
    # A byte-order mark and CRLF line ends: Notepad before Windows 10 (1903) takes a
    # file without a mark for the ANSI code page (GBK) and shows LF-only text as one
    # line; with the mark it also saves the file back as UTF-8.
    return text.replace("\n", "\r\n").encode("utf-8-sig")


def write_defaults(folder: Path) -> list[Path]:
    """Write every default template and 字段说明.txt into ``folder`` (made if missing);
    nothing is written if any of them already exists there."""
    targets = [folder / f"{kind}.txt" for kind in KINDS] + [folder / FIELD_LIST_FILE]
    for target in targets:
        if target.exists():
            raise InvalidInput("error.doc.templates_exist", path=str(target))
    folder.mkdir(parents=True, exist_ok=True)
    contents = [
        (default_folder() / f"{kind}.txt").read_text(encoding="utf-8-sig") for kind in KINDS
    ] + [field_list()]
    for target, text in zip(targets, contents, strict=True):
        with target.open("xb") as out:  # "x": never over a file made meanwhile
            out.write(_for_notepad(text.replace("\r\n", "\n")))
    return targets


# --- filling ------------------------------------------------------------------------------


def missing_values(template: Template, values: Mapping[str, str]) -> list[str]:
    """The fields ``template`` uses that ``values`` lacks or leaves blank, in the order
    they first appear."""
    return [name for name in template.field_order() if not (values.get(name) or "").strip()]


def _require_values(template: Template, values: Mapping[str, str]) -> None:
    missing = missing_values(template, values)
    if missing:
        raise ValueError(f"{template.file}: no value for {', '.join(missing)}")


def _lines(value: str) -> list[str]:
    return value.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _filled(text: Text, values: Mapping[str, str]) -> list[str]:
    """``text`` with its values filled in, as its lines (a value's line ends break it)."""
    lines = [""]
    for piece in text:
        value = piece if isinstance(piece, str) else values[piece.name]
        first, *rest = _lines(value)
        lines[-1] += first
        lines.extend(rest)
    return lines


def _expanded(block: Block, values: Mapping[str, str]) -> Iterator[list[str]]:
    """The lines of each paragraph or item ``block`` becomes: one a line of a value of
    several lines if the block is that value alone, else one."""
    if len(block.text) == 1 and isinstance(block.text[0], Field):
        for line in _lines(values[block.text[0].name]):
            if line.strip():
                yield [line.strip()]
    else:
        yield _filled(block.text, values)


def _column_count(rows: Sequence[Sequence[Text]]) -> int:
    return max(len(row) for row in rows)


# --- HTML ---------------------------------------------------------------------------------

_CSS = """\
@page { size: A4; margin: 25mm 20mm; }
body { font-family: SimSun, "宋体", "Songti SC", "Noto Serif CJK SC", serif;
  font-size: 14pt; line-height: 1.6; color: #000; margin: 0; }
@media screen { body { max-width: 170mm; margin: 2em auto; padding: 0 1em; } }
h1 { font-size: 18pt; font-weight: bold; text-align: center; margin: 0 0 1em; }
h2 { font-size: 14pt; font-weight: bold; margin: 0.8em 0 0.3em; }
p { margin: 0 0 0.4em; text-indent: 2em; }
p.right { text-align: right; text-indent: 0; }
ul { margin: 0 0 0.4em; padding-left: 2em; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; font-size: 12pt; }
th, td { border: 1px solid #000; padding: 4pt 6pt; vertical-align: top; text-align: left; }
th { font-weight: bold; text-align: center; }
tr { page-break-inside: avoid; break-inside: avoid; }
.page-break { page-break-after: always; break-after: page; }
"""


def _html_lines(lines: Sequence[str]) -> str:
    return "<br>".join(escape(line) for line in lines)


def _html_table(block: Block, values: Mapping[str, str]) -> list[str]:
    width = _column_count(block.rows)
    out = ["<table>"]
    for number, row in enumerate(block.rows):
        tag = "th" if block.header and number == 0 else "td"
        cells = []
        for position, cell in enumerate(row):
            span = width - len(row) + 1 if position == len(row) - 1 else 1
            attribute = f' colspan="{span}"' if span > 1 else ""
            cells.append(f"<{tag}{attribute}>{_html_lines(_filled(cell, values))}</{tag}>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</table>")
    return out


def render_html(template: Template, values: Mapping[str, str]) -> str:
    """The document as one HTML5 page that prints on A4; every value is escaped."""
    _require_values(template, values)
    title = "".join(_filled(template.title(), values)) or KIND_TITLES[template.kind]
    body: list[str] = []
    items: list[str] = []

    def end_list() -> None:
        if items:
            body.append("<ul>" + "".join(items) + "</ul>")
            items.clear()

    for block in template.blocks:
        if block.style == "item":
            items.extend(f"<li>{_html_lines(lines)}</li>" for lines in _expanded(block, values))
            continue
        end_list()
        if block.style == "title":
            body.append(f"<h1>{_html_lines(_filled(block.text, values))}</h1>")
        elif block.style == "heading":
            body.append(f"<h2>{_html_lines(_filled(block.text, values))}</h2>")
        elif block.style == "right":
            body.append(f'<p class="right">{_html_lines(_filled(block.text, values))}</p>')
        elif block.style == "paragraph":
            body.extend(f"<p>{_html_lines(lines)}</p>" for lines in _expanded(block, values))
        elif block.style == "table":
            body.extend(_html_table(block, values))
        else:
            body.append('<div class="page-break"></div>')
    end_list()
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{escape(title)}</title>",
            f"<style>\n{_CSS}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


# --- DOCX ---------------------------------------------------------------------------------

_EAST_ASIAN_FONT = "宋体"
_WESTERN_FONT = "Times New Roman"
_TITLE_PT = 18  # 小二
_BODY_PT = 14  # 四号
_TABLE_PT = 12  # 小四


def render_docx(template: Template, values: Mapping[str, str]) -> bytes:
    """The document as a DOCX file: A4, 宋体, title 小二 bold and centred, text 四号,
    tables 小四 in the 'Table Grid' style."""
    _require_values(template, values)
    # Imported here: python-docx (and lxml) cost start-up time every other command would
    # pay for (tests/test_startup.py).
    import io

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(20)

    # The template's theme fonts would win over a style's own East Asian font in some
    # versions of Word and WPS: the defaults name no theme, and Chinese is the language.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for fonts in defaults.iter(qn("w:rFonts")):
            for attribute in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attribute), None)
        for language in defaults.iter(qn("w:lang")):
            language.set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    normal.font.name = _WESTERN_FONT
    normal.font.size = Pt(_BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _EAST_ASIAN_FONT)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.3

    def write(paragraph: Paragraph, lines: Sequence[str], size: int, bold: bool = False) -> None:
        for number, line in enumerate(lines):
            run = paragraph.add_run(line)
            if number < len(lines) - 1:
                run.add_break(WD_BREAK.LINE)
            run.font.name = _WESTERN_FONT
            run.font.size = Pt(size)
            run.bold = bold or None
            run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _EAST_ASIAN_FONT)

    def fill_cell(cell: _Cell, lines: Sequence[str], bold: bool) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        if bold:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        write(paragraph, lines, _TABLE_PT, bold)

    for block in template.blocks:
        if block.style == "title":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(12)
            write(paragraph, _filled(block.text, values), _TITLE_PT, bold=True)
        elif block.style == "heading":
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_before = Pt(6)
            paragraph.paragraph_format.keep_with_next = True
            write(paragraph, _filled(block.text, values), _BODY_PT, bold=True)
        elif block.style == "right":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            write(paragraph, _filled(block.text, values), _BODY_PT)
        elif block.style == "paragraph":
            for lines in _expanded(block, values):
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.first_line_indent = Pt(2 * _BODY_PT)
                write(paragraph, lines, _BODY_PT)
        elif block.style == "item":
            for lines in _expanded(block, values):
                write(document.add_paragraph(style="List Bullet"), lines, _BODY_PT)
        elif block.style == "table":
            width = _column_count(block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            table.style = "Table Grid"
            for number, (row, cells) in enumerate(zip(table.rows, block.rows, strict=True)):
                bold = block.header and number == 0
                for position, cell in enumerate(cells):
                    target = row.cells[position]
                    if position == len(cells) - 1 and position < width - 1:
                        target = target.merge(row.cells[width - 1])
                    fill_cell(target, _filled(cell, values), bold)
            # A paragraph between tables keeps Word from joining two tables into one.
            document.add_paragraph().paragraph_format.space_after = Pt(0)
        else:
            document.add_page_break()

    properties = document.core_properties
    properties.title = "".join(_filled(template.title(), values)) or KIND_TITLES[template.kind]
    properties.author = properties.last_modified_by = values.get("office", "")
    properties.comments = properties.keywords = properties.subject = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
