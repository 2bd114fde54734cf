"""The township's extract for the county (``yuesong report extract``; docs/domain.md
"The county's roll-up"): the figures of ``report summary`` with their numbers, per village,
grid and rule, and a token per supervised person; and the reading of extracts, or of
township ledgers, for ``yuesong county merge``."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from yuesong_cli import __version__
from yuesong_cli.domain.extract import (
    COUNTS,
    FORMAT,
    RULE_COUNTS,
    document_key,
    figure_numbers,
    is_extract,
    person_token,
    pool_small,
)
from yuesong_cli.domain.people import EVERYONE
from yuesong_cli.domain.periods import Period
from yuesong_cli.domain.text import check_path
from yuesong_cli.errors import InvalidInput, YuesongError
from yuesong_cli.ledger.reports import (
    PeriodFacts,
    PersonPeriod,
    by_group,
    figures,
    outreach_figures,
    period_facts,
    rule_tallies,
)
from yuesong_cli.store.db import Store


def township_extract(
    store: Store, period: Period, as_of: dt.date, county_key: str, *, kept: bool
) -> dict[str, Any]:
    """The extract of ``period`` as of ``as_of``: no name, case number or ID number, only
    figures and the tokens of the persons supervised in the period (an HMAC of each
    one's identity document under ``county_key``)."""
    code = store.setting("township_code")
    if not code:
        raise InvalidInput("error.extract.no_code")
    # With credit, each person's facts are held (not only each village's sums), so each
    # group's rules and who was supervised can be read. The period alone: an extract
    # carries no year before (the county's 同比 comes from last year's extracts).
    facts = period_facts(store, period, as_of, periods=[period], credit=True, kept=kept)
    people = [p for p in facts.people.values() if isinstance(p, PersonPeriod)]
    groups: dict[str, list[dict[str, Any]]] = {}
    for column in ("village", "grid"):
        members: dict[str, list[PersonPeriod]] = {}
        for person in people:
            members.setdefault(person.person[column] or "", []).append(person)
        groups[column] = [
            {
                "name": row["name"] or None,
                **{key: row[key] for key in COUNTS},
                "figures": figure_numbers(row["figures"]),
                "rules": _rules(facts, period, members.get(row["name"], [])),
            }
            for row in by_group(facts, None, period, column)
        ]
    found = figures(facts, period, people, None, None)
    township_figures = found + outreach_figures(
        store, period, period.previous_year(), EVERYONE, found
    )
    total = {
        # Every person is in one village's row (or the row of those without one).
        **{key: sum(row[key] for row in groups["village"]) for key in COUNTS},
        "figures": figure_numbers(figure.as_dict() for figure in township_figures),
        "rules": _rules(facts, period, people),
    }
    supervised = [p.person["id"] for p in people if p.supervised.get(period)]
    documents = store.identity_documents(supervised)
    keys = [document_key(*documents[person_id]) for person_id in supervised]
    tokens = sorted({person_token(county_key, key) for key in keys if key is not None})
    head = store.audit_head()
    return {
        "format": FORMAT,
        "township": {"name": store.setting("township"), "code": code},
        "period": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "as_of": as_of.isoformat(),
        "version": __version__,
        "audit_head": {"count": head[0], "hash": head[1]} if head else None,
        "total": total,
        # Rows of very few persons pooled: no small row says one person's figures.
        "villages": pool_small(groups["village"]),
        "grids": pool_small(groups["grid"]),
        "tokens": tokens,
        "supervised_without_document": sum(key is None for key in keys),
    }


def _rules(facts: PeriodFacts, period: Period, members: list[PersonPeriod]) -> list[dict[str, Any]]:
    """Each rule's obligations of ``members`` in ``period``: due, kept, missed, open, late."""
    return [
        {"rule": tally.rule, **{key: getattr(tally, key) for key in RULE_COUNTS}}
        for tally in rule_tallies(facts, period, members)
    ]


def read_extract(path: Path) -> dict[str, Any]:
    """An extract written by ``report extract``; one line naming the file otherwise."""
    try:
        found = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError as exc:
        raise InvalidInput("error.import.no_file", file=str(path)) from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput("error.merge.unreadable", file=str(path)) from exc
    if not is_extract(found):
        raise InvalidInput("error.merge.format", file=str(path))
    found["_file"] = path.name
    return found


def ledger_extract(
    path: Path,
    period: Period,
    as_of: dt.date,
    county_key: str,
    key: Callable[[], str] | None = None,
) -> dict[str, Any]:
    """The extract of a township's ledger file, for a county that keeps the files: the
    file is never written (nor migrated, nor its kept state rolled): a copy of it in a
    private temporary folder is read, and removed. ``key``: how to ask an encrypted
    file's key."""
    from yuesong_cli.system.files import private_folder

    check_path(str(path))
    if not path.is_file():
        raise InvalidInput("error.import.no_file", file=str(path))
    with tempfile.TemporaryDirectory(prefix="yuesong-merge-") as folder:
        private_folder(Path(folder))
        copy = Path(folder) / "ledger.db"
        shutil.copyfile(path, copy)
        copy.chmod(0o600)
        wal = Path(f"{path}-wal")
        if wal.is_file():  # changes not yet checkpointed belong to the file
            shutil.copyfile(wal, Path(f"{copy}-wal"))
            Path(f"{copy}-wal").chmod(0o600)
        try:
            store = Store(copy, key=key)
        except YuesongError as exc:
            if exc.key in ("error.key.wrong", "error.key.missing"):  # of the file given
                raise InvalidInput("error.merge.ledger_key", file=str(path)) from exc
            raise
        try:
            found = township_extract(store, period, as_of, county_key, kept=False)
        except InvalidInput as exc:
            if exc.key == "error.extract.no_code":
                raise InvalidInput("error.merge.ledger_no_code", file=str(path)) from exc
            raise
        finally:
            store.close()
    found["_file"] = path.name
    return found
