"""What ``db purge`` says: how many files are (or would be) anonymised, by the status
that ended supervision and its year — case numbers and names never — and that backups
made before still hold the data (docs/security.md §9)."""

from __future__ import annotations

from yuesong_cli.domain.vocab import STATUS
from yuesong_cli.ledger.purge import PurgeReport
from yuesong_cli.messages import t, tn


def purge_lines(report: PurgeReport, lang: str) -> list[str]:
    """The lines of a dry run or of a purge done."""
    retention = (
        t("purge.retention", lang, years=report.retention_years)
        if report.retention_years is not None
        else ""
    )
    day = report.closed_before.isoformat()
    lines = []
    if report.due:
        key = "purge.done" if report.committed else "purge.dry_run"
        lines.append(tn(key, lang, len(report.due), day=day, retention=retention))
        lines += [
            t("purge.count", lang, status=STATUS.label(status, lang), year=year, count=count)
            for status, year, count in report.counts
        ]
        if not report.committed:
            lines.append(t("purge.hint_commit", lang))
    else:
        lines.append(t("purge.none", lang, day=day, retention=retention))
    if report.committed and not report.compacted:
        lines.append(t("purge.wal_in_use", lang))
    if report.due:
        # Said before and after: a purge reaches the database, never a copy of it.
        lines.append(t("purge.backups" if report.committed else "purge.backups_dry", lang))
    return lines
