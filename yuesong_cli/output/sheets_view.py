"""The helpers' weekly sheets (``yuesong sheets``) as they are handed out: an HTML page a
helper that prints on A4, one workbook with a sheet a helper to fill in and bring back
through ``import contacts``, and the same lists as short text for a message.

Names are masked as on screen (docs/security.md §2: the setting ``mask_names``); no ID
number or phone is on any of them. The workbook's header row is the one ``import
contacts`` reads (domain/imports.py: the case number names the person, a line without a
date is skipped, the sheet's own columns are recognised and not imported), so what the
helper writes in goes back in as it stands. Files are written owner-only and, unless
asked to replace them, never over a file (system/files.py).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from html import escape
from pathlib import Path

from yuesong_cli.domain.masking import mask_name
from yuesong_cli.domain.vocab import CONTACT_KIND, MODE, ROLE, URINE_RESULT
from yuesong_cli.errors import InvalidInput
from yuesong_cli.ledger.sheets import HelperSheet, Owed, SheetLine, Sheets
from yuesong_cli.messages import join, t

# The columns of a sheet, in order: (key, message key of its header, written by hand).
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("case_no", "col.sheet.case_no", False),
    ("name", "col.sheet.name", False),
    ("village", "col.sheet.village", False),
    ("role", "col.sheet.role", False),
    ("due", "col.sheet.due", False),
    ("date", "col.sheet.date", True),
    ("kinds", "col.sheet.kinds", True),
    ("mode", "col.sheet.mode", True),
    ("result", "col.sheet.result", True),
    ("helpers", "col.sheet.helpers", True),
    ("signature", "col.sheet.signature", True),
)
# The printed page is for one helper: who took part goes without saying there.
PRINTED = tuple(column for column in COLUMNS if column[0] != "helpers")
# Share of the printed line each column takes (percent), room to write by hand included.
_WIDTHS = {
    "case_no": 8, "name": 6, "village": 8, "role": 7, "due": 21, "date": 9,
    "kinds": 11, "mode": 7, "result": 8, "signature": 15,
}  # fmt: skip
# Rows of a workbook sheet that carry the drop-down lists, beyond its lines.
_SPARE_ROWS = 20
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


# --- what a line says ---------------------------------------------------------------


def line_values(line: SheetLine, sheet: HelperSheet, sheets: Sheets, lang: str) -> dict[str, str]:
    """The cells of one line as the sheet shows them; the columns filled by hand are
    empty but for the kinds (what is due, to be corrected) and the helper's number."""
    village = " ".join(part for part in (line.village, line.village_group) if part)
    return {
        "case_no": line.case_no,
        "name": mask_name(line.name) if sheets.mask_names else line.name,
        "village": village,
        "role": join([ROLE.label(role, lang) for role in line.roles], lang),
        "due": due_words(line, sheets, lang),
        "date": "",
        "kinds": join([CONTACT_KIND.label(kind, lang) for kind in line.kinds(sheets.week)], lang),
        "mode": "",
        "result": "",
        "helpers": sheet.number,
        "signature": "",
    }


def due_words(line: SheetLine, sheets: Sheets, lang: str) -> str:
    """What the person owes that week in words, most urgent first: ``见面、谈话（12-15 前）``;
    a deadline is said unless it is the week's last day, a missed one is marked."""
    if not line.owed:
        return t("sheets.done" if line.kept else "sheets.nothing_owed", lang)
    return join([_owed_words(owed, sheets, lang) for owed in line.owed], lang)


def _owed_words(owed: Owed, sheets: Sheets, lang: str) -> str:
    if owed.rule in CONTACT_KIND.keys:
        name = CONTACT_KIND.label(owed.rule, lang)
    else:
        name = owed.name_zh if lang == "zh" else owed.name_en
    day = owed.deadline.strftime("%m-%d")
    if owed.overdue:
        return t("sheets.owed.overdue", lang, name=name, day=day)
    if owed.deadline == sheets.week.end:
        return name
    return t("sheets.owed", lang, name=name, day=day)


def _subtitle(sheet: HelperSheet, sheets: Sheets, lang: str) -> str:
    return t(
        "sheets.subtitle",
        lang,
        week=sheets.week.label,
        start=sheets.week.start.isoformat(),
        end=sheets.week.end.isoformat(),
        helper=sheet.name,
        number=sheet.number,
        role=ROLE.label(sheet.role, lang),
        as_of=sheets.as_of.isoformat(),
    )


def workbook_name(sheets: Sheets) -> str:
    """The week's workbook; for the helpers asked for alone (``--helper``), named by
    their numbers too (2026-W48-H1.xlsx): it holds their sheets only, and must never
    take the name, or with --force the place, of the week's whole workbook, which may
    be out being filled in."""
    if sheets.chosen:
        numbers = "-".join(sheet.number for sheet in sheets.helpers)
        return f"{_stem(sheets)}-{numbers}.xlsx"
    return f"{_stem(sheets)}.xlsx"


def page_name(sheets: Sheets, sheet: HelperSheet) -> str:
    """A helper's page by number, never by name (file names go into the audit log)."""
    return f"{_stem(sheets)}-{sheet.number}.html"


def _stem(sheets: Sheets) -> str:
    """The week, and the village, zone or grid the sheets are for (2026-W48-网格01): the
    files of a part of the township never take the names of the whole township's."""
    return f"{sheets.week.label}-{sheets.scope}" if sheets.scope else sheets.week.label


# --- text for a message ---------------------------------------------------------------


def sheets_text(sheets: Sheets, lang: str) -> str:
    """The lists as short text to send each helper (WeChat, SMS): a title, then per
    helper a line naming them and one line a person."""
    week = sheets.week
    lines = [
        t(
            "sheets.text.title",
            lang,
            township=sheets.township,
            week=week.label,
            start=week.start.isoformat(),
            end=week.end.isoformat(),
            as_of=sheets.as_of.isoformat(),
        )
    ]
    for sheet in sheets.helpers:
        lines.append("")
        lines.append(
            t(
                "sheets.text.helper",
                lang,
                number=sheet.number,
                helper=sheet.name,
                role=ROLE.label(sheet.role, lang),
                count=len(sheet.lines),
            )
        )
        if not sheet.lines:
            lines.append(t("sheets.none", lang))
        for line in sheet.lines:
            values = line_values(line, sheet, sheets, lang)
            lines.append(
                t(
                    "sheets.text.line",
                    lang,
                    case_no=values["case_no"],
                    name=values["name"],
                    village=values["village"],
                    owed=values["due"],
                ).replace("  ", " ")
            )
    return "\n".join(lines) + "\n"


# --- the printed page -------------------------------------------------------------------

_FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
# One A4 page a helper, across (ten columns and room to write); black on white.
_CSS = f"""
@page {{ size: A4 landscape; margin: 10mm; }}
* {{ box-sizing: border-box; }}
body {{
  font-family: {_FONTS};
  font-size: 10pt; line-height: 1.4; color: #000; background: #fff; margin: 0;
}}
h1 {{ font-size: 15pt; text-align: center; margin: 0 0 2pt; }}
p.meta {{ text-align: center; font-size: 10pt; margin: 0 0 6pt; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
thead {{ display: table-header-group; }}
th, td {{ border: 0.6pt solid #000; padding: 2pt 3pt; vertical-align: middle; }}
th {{ background: #e8e8e8; font-weight: bold; text-align: center; }}
td {{ height: 11mm; overflow-wrap: anywhere; }}
td.due {{ font-size: 9pt; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
p.how, p.back {{ font-size: 9pt; margin: 5pt 0 0; }}
p.empty {{ margin: 8pt 0; }}
@media screen {{ body {{ max-width: 277mm; margin: 0 auto; padding: 8mm; }} }}
"""


def _h(value: str) -> str:
    return escape(value, quote=True)


def page_html(sheets: Sheets, sheet: HelperSheet, lang: str) -> str:
    """One helper's page: a self-contained HTML file that prints on one A4 sheet."""
    title = t("sheets.title", lang, township=sheets.township)
    head = "".join(f"<th>{_h(t(key, lang))}</th>" for _, key, _ in PRINTED)
    cols = "".join(f'<col style="width:{_WIDTHS[name]}%">' for name, _, _ in PRINTED)
    rows = []
    for line in sheet.lines:
        values = line_values(line, sheet, sheets, lang)
        cells = "".join(f'<td class="{name}">{_h(values[name])}</td>' for name, _, _ in PRINTED)
        rows.append(f"<tr>{cells}</tr>")
    body = (
        f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        if sheet.lines
        else f'<p class="empty">{_h(t("sheets.none", lang))}</p>'
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_h(title)} {_h(sheets.week.label)} {_h(sheet.number)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(title)}</h1>",
        f'<p class="meta">{_h(_subtitle(sheet, sheets, lang))}</p>',
        body,
        f'<p class="how">{_h(t("sheets.how", lang))}</p>',
        f'<p class="back">{_h(t("sheets.back", lang, file=workbook_name(sheets)))}</p>',
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


# --- the workbook -------------------------------------------------------------------------


def sheets_workbook(sheets: Sheets, lang: str) -> bytes:
    """The workbook: a sheet a helper (title, who and which week, how to fill it in, the
    header row ``import contacts`` reads, one line a person), as the bytes of an .xlsx."""
    # Imported here: only this command and the exports need openpyxl (a slow import).
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from yuesong_cli.output.import_template import choices

    book = Workbook()
    used: set[str] = set()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    grey = PatternFill("solid", fgColor="E8E8E8")
    wrap = Alignment(wrap_text=True, vertical="center")
    last = get_column_letter(len(COLUMNS))
    for index, sheet in enumerate(sheets.helpers):
        page = book.active if index == 0 else book.create_sheet()
        page.title = _sheet_title(f"{sheet.number} {sheet.name}", used)
        used.add(page.title.casefold())
        page.append([t("sheets.title", lang, township=sheets.township)])
        page.append([_subtitle(sheet, sheets, lang)])
        page.append([t("sheets.how", lang)])
        for row in (1, 2, 3):
            page.merge_cells(f"A{row}:{last}{row}")
            page.cell(row=row, column=1).alignment = wrap
        page.cell(row=1, column=1).font = Font(bold=True, size=14)
        page.row_dimensions[3].height = 30
        page.append([t(key, lang) for _, key, _ in COLUMNS])
        for cell in page[4]:
            cell.font = Font(bold=True)
            cell.fill = grey
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center")
        for line in sheet.lines:
            values = line_values(line, sheet, sheets, lang)
            page.append([values[name] for name, _, _ in COLUMNS])
            number = page.max_row
            page.row_dimensions[number].height = 28
            for cell in page[number]:
                cell.data_type = "s"  # text stays text: a case number is no formula
                cell.border = border
                cell.alignment = wrap
        end = 4 + len(sheet.lines) + _SPARE_ROWS
        for position, (name, _, _) in enumerate(COLUMNS, start=1):
            letter = get_column_letter(position)
            width = _WIDTHS.get(name, 8)
            page.column_dimensions[letter].width = max(8, width * 1.6)
            if name == "date":
                page.column_dimensions[letter].number_format = "yyyy-mm-dd"
        for name, vocabulary, strict in (
            ("kinds", CONTACT_KIND, False),  # several kinds in a cell: a help, no refusal
            ("mode", MODE, True),
            ("result", URINE_RESULT, True),
        ):
            letter = get_column_letter(next(i for i, c in enumerate(COLUMNS, 1) if c[0] == name))
            rule = DataValidation(
                type="list", formula1=f'"{",".join(choices(vocabulary))}"', allow_blank=True
            )
            rule.showErrorMessage = strict
            rule.add(f"{letter}5:{letter}{end}")
            page.add_data_validation(rule)
        page.freeze_panes = "A5"
        page.print_title_rows = "4:4"
        page.page_setup.orientation = "landscape"
        page.page_setup.paperSize = page.PAPERSIZE_A4
        page.page_setup.fitToWidth = 1
        page.page_setup.fitToHeight = 0
        page.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    name = _SHEET_TITLE_FORBIDDEN.sub("_", title).strip().strip("'")[:31] or "Sheet"
    candidate, suffix = name, 2
    while candidate.casefold() in used:
        tail = f" ({suffix})"
        candidate, suffix = name[: 31 - len(tail)] + tail, suffix + 1
    return candidate


# --- the files --------------------------------------------------------------------------


def sheet_files(sheets: Sheets, lang: str, formats: tuple[str, ...]) -> dict[str, bytes]:
    """The files of ``formats`` (``html``: a page a helper; ``xlsx``: the workbook), by
    file name, with their contents."""
    files: dict[str, bytes] = {}
    if "html" in formats:
        for sheet in sheets.helpers:
            files[page_name(sheets, sheet)] = page_html(sheets, sheet, lang).encode("utf-8")
    if "xlsx" in formats:
        files[workbook_name(sheets)] = sheets_workbook(sheets, lang)
    return files


def check_free(paths: Mapping[Path, bytes], *, replace: bool) -> None:
    """Refuse, before anything is written, a sheet file that is there already (unless
    asked to replace it): a sheet filled in and saved under its name would be work lost."""
    if replace:
        return
    for path in paths:
        if path.exists() or path.is_symlink():
            raise InvalidInput("error.sheets.exists", path=str(path))
