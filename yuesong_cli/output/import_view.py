"""The report of ``import persons`` and ``import contacts``: counts per file, then one
line per problem."""

from __future__ import annotations

from typing import TYPE_CHECKING

from yuesong_cli.domain.imports import ContactRecord
from yuesong_cli.messages import t, tn
from yuesong_cli.output.log_view import warning_line

if TYPE_CHECKING:  # the report's shape only: the output layer reads no store
    from yuesong_cli.ledger.imports import CheckedFile


def import_lines(checked: CheckedFile, lang: str, *, committed: bool) -> list[str]:
    """The lines of the report: the file and its counts, the columns not imported, each
    problem as ``第 17 行 身份证号：校验位错误`` (the value itself never repeated)."""
    lines = [t(checked.summary_key, lang, file=checked.file, **checked.counts())]
    for header in checked.headers.unknown:
        lines.append(t("import.column.unknown", lang, header=header or "?"))
    for header in checked.headers.not_yet:
        lines.append(t("import.column.not_yet", lang, header=header))
    if checked.sorting.blank:
        lines.append(t("import.blank", lang, count=checked.sorting.blank))
    for problem in checked.problems:
        message = t(problem.key, lang, **problem.params)
        # A workbook of helpers' sheets: the sheet too, the rows of each count from 1.
        key = "import.problem.sheet" if problem.sheet else "import.problem"
        lines.append(
            t(
                key,
                lang,
                row=problem.row,
                header=problem.header,
                message=message,
                sheet=problem.sheet,
            )
        )
    if checked.sorting.corrected:
        lines.append(t("import.corrected", lang, count=len(checked.sorting.corrected)))
    for row in checked.sorting.corrected:
        key = "import.corrected.row.sheet" if row.sheet else "import.corrected.row"
        message = t(row.key, lang, **row.params)
        lines.append(t(key, lang, row=row.row, sheet=row.sheet, message=message))
    lines.extend(notice_lines(checked, lang))
    if committed or checked.importable:
        lines.extend(history_lines(checked, lang))
    if committed:
        lines.append(t(checked.written_key, lang, count=len(checked.written)))
        skipped = checked.sorting.invalid + len(checked.sorting.conflicting)
        if skipped:  # --skip-invalid: the last line says what was left out
            lines[-1] += tn("import.skipped", lang, skipped)
    elif checked.importable:
        lines.append(t("import.dry_run", lang))
    return lines


def notice_lines(checked: CheckedFile, lang: str) -> list[str]:
    """What the new rows of past contacts earn as ``log`` would tell it (domain/contacts.py
    ``check_contact``): a contact by phone logged as a meeting, one on a day the person
    was not under supervision, a positive test. Told, not refused: the rows import."""
    lines: list[str] = []
    for record in checked.sorting.new:
        if not isinstance(record, ContactRecord):
            continue
        found = [
            warning_line(key, params, record.case_no, checked.rule_names, lang, imported=True)
            for key, params in record.warnings
        ]
        if record.relapse:
            found.append(t("import.relapse", lang, case_no=record.case_no))
        key = "import.notice.sheet" if record.sheet else "import.notice"
        lines.extend(
            t(key, lang, row=record.row, sheet=record.sheet, message=message) for message in found
        )
    return lines


def history_lines(checked: CheckedFile, lang: str) -> list[str]:
    """From when the new persons' obligations count: each history start kept, with how
    many keep it, and how many count from their registration day (docs/model.md
    "Supervision"): the days the import keeps, not the option's alone."""
    kept, from_registration = checked.history_starts()
    lines = [
        tn("import.history_from", lang, count, day=day.isoformat())
        for day, count in kept.items()
    ]
    if from_registration and kept:
        lines.append(tn("import.history_from.registration", lang, from_registration))
    return lines
