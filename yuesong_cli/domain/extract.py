"""The township's extract for the county, and the merge of many (docs/domain.md
"The county's roll-up"): pure code, no file and no database.

An extract carries figures, never a person: numerators and denominators of the township,
of each village and grid and of each rule, and, to find a person registered in two
townships, an HMAC of each supervised person's identity document under the county's key
(``person_token``). Without the key a token names nobody; with it, one can only test a
document already known. Merging sums numerators and denominators and works every rate
out again from the sums (a rate is never averaged).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from yuesong_cli.domain.periods import Period
from yuesong_cli.errors import InvalidInput

# The extract's own format: a merge refuses any other.
FORMAT = "yuesong-extract/1"
# What each group and the township carry: counts and each figure's two numbers.
COUNTS = ("persons", "supervised", "due", "kept", "missed")
RULE_COUNTS = ("due", "kept", "missed", "open", "late")


def document_key(
    id_number: str | None, passport_no: str | None, nationality: str | None
) -> str | None:
    """A person's identity document in the one form every township writes it: the
    18-digit resident ID number (a 15-digit card is upgraded when registered), or
    ``NATIONALITY:PASSPORT``; None for a person with no document yet."""
    if id_number:
        return id_number.upper()
    if passport_no and nationality:
        return f"{nationality.upper()}:{passport_no.upper()}"
    return None


def person_token(key: str, document: str) -> str:
    """The HMAC-SHA256 of ``document`` under the county's ``key``, in hex: the same
    person gives the same token in every township that holds the same key."""
    return hmac.new(key.encode("utf-8"), document.encode("utf-8"), hashlib.sha256).hexdigest()


def figure_numbers(figures: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Figures as an extract carries them: the key, its names and its two numbers."""
    return [
        {
            key: f[key]
            for key in ("key", "name_zh", "name_en", "numerator", "denominator")
            if key in f
        }
        for f in figures
    ]


def rate(numerator: int, denominator: int) -> float | None:
    """A rate from its numbers (None where nothing is counted), rounded as reports are."""
    return None if not denominator else round(numerator / denominator, 4)


def is_extract(found: Any) -> bool:
    """Whether ``found`` (read from a file) has the shape of an extract: what the merge
    reads, each of the type it reads it as."""
    if not isinstance(found, dict):
        return False
    township, total = found.get("township"), found.get("total")
    return (
        all(isinstance(found.get(key), str) for key in ("format", "period", "start", "end"))
        and "version" in found
        and isinstance(township, dict)
        and all(isinstance(township.get(key), str) for key in ("name", "code"))
        and isinstance(total, dict)
        and all(isinstance(total.get(key), int) for key in COUNTS)
        and isinstance(total.get("figures"), list)
        and all(
            isinstance(f, dict)
            and isinstance(f.get("key"), str)
            and isinstance(f.get("numerator"), int)
            and isinstance(f.get("denominator"), int)
            for f in total["figures"]
        )
        and isinstance(total.get("rules", []), list)
        and all(
            isinstance(r, dict)
            and isinstance(r.get("rule"), str)
            and all(isinstance(r.get(key), int) for key in RULE_COUNTS)
            for r in total.get("rules", [])
        )
        and isinstance(found.get("tokens", []), list)
        and all(isinstance(token, str) for token in found.get("tokens", []))
    )


# A village's or grid's row with fewer persons supervised than this would tell anyone who
# knows who lives there those persons' figures: such rows are pooled (``pool_small``).
SMALL_ROW = 3
# The name of the row they are pooled into (no village or grid is called this).
POOLED = "(pooled)"


def pool_small(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (villages or grids) with every row of fewer than ``SMALL_ROW`` persons
    supervised folded into one row named by how many it holds (``pooled``), so the rows
    still add up to the township and no small one can be read on its own."""
    kept = [dict(row) for row in rows if int(row["supervised"]) >= SMALL_ROW]
    small = [row for row in rows if int(row["supervised"]) < SMALL_ROW]
    if small:
        summed = _summed(small)
        figures = [{k: f[k] for k in f if k != "value"} for f in summed["figures"]]
        kept.append({"name": POOLED, "pooled": len(small), **summed, "figures": figures})
    return kept


def check_extracts(extracts: Sequence[Mapping[str, Any]]) -> None:
    """Refuse extracts that cannot be merged: another format, different periods or
    versions of the tool, or one township twice. InvalidInput names what differs."""
    if not extracts:
        raise InvalidInput("error.merge.none")
    for extract in extracts:
        if extract.get("format") != FORMAT:
            raise InvalidInput("error.merge.format", file=extract.get("_file", "?"))
    for field, key in (("period", "error.merge.period"), ("version", "error.merge.version")):
        found = sorted({str(extract[field]) for extract in extracts})
        if len(found) > 1:
            raise InvalidInput(key, found=" / ".join(found))
    days = sorted({str(extract.get("as_of")) for extract in extracts})
    unfinished = any(str(extract.get("as_of")) < str(extract["end"]) for extract in extracts)
    if len(days) > 1 and unfinished:
        # Counted to different days inside the period: not the same figures.
        raise InvalidInput("error.merge.as_of", found=" / ".join(days))
    codes = [extract["township"]["code"] for extract in extracts]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise InvalidInput("error.merge.twice", code=twice[0])


def _summed(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts and figures summed over ``rows`` (townships, or the same group of each)."""
    counts = dict.fromkeys(COUNTS, 0)
    figures: dict[str, list[int]] = {}
    names: dict[str, tuple[str, str]] = {}
    rules: dict[str, dict[str, int]] = {}
    for row in rows:
        for name in COUNTS:
            counts[name] += int(row.get(name, 0))
        for figure in row["figures"]:
            names.setdefault(
                figure["key"], (figure.get("name_zh", figure["key"]), figure.get("name_en", ""))
            )
            numbers = figures.setdefault(figure["key"], [0, 0])
            numbers[0] += int(figure["numerator"])
            numbers[1] += int(figure["denominator"])
        for tally in row.get("rules", []):
            summed = rules.setdefault(tally["rule"], dict.fromkeys(RULE_COUNTS, 0))
            for name in RULE_COUNTS:
                summed[name] += int(tally[name])
    return {
        **counts,
        "figures": [
            {
                "key": key,
                "name_zh": names[key][0],
                "name_en": names[key][1] or names[key][0],
                "numerator": n,
                "denominator": d,
                "value": rate(n, d),
            }
            for key, (n, d) in figures.items()
        ],
        "rules": [{"rule": rule, **numbers} for rule, numbers in rules.items()],
    }


def merge(
    extracts: Sequence[Mapping[str, Any]], previous: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """The county: one row a township (in the order given) and the total, each figure's
    numbers summed and its rate worked out again; with last year's extracts, each
    figure's value a year before beside it (同比), matched by township code. Persons
    whose token stands in more than one township are counted once in the total
    (``persons_distinct``) and named only by how many and which townships share them."""
    check_extracts(extracts)
    if previous:
        check_extracts(previous)
        first = extracts[0]
        span = Period(
            str(first["period"]),
            dt.date.fromisoformat(first["start"]),
            dt.date.fromisoformat(first["end"]),
        )
        year_before = span.previous_year().label
        if previous[0]["period"] != year_before:
            raise InvalidInput(
                "error.merge.previous", found=previous[0]["period"], wanted=year_before
            )
    before = {extract["township"]["code"]: extract for extract in previous}
    rows = []
    for extract in extracts:
        row = {
            "code": extract["township"]["code"],
            "name": extract["township"]["name"],
            **_summed([extract["total"]]),
        }
        earlier = before.get(row["code"])
        _with_previous(row, _summed([earlier["total"]]) if earlier else None)
        rows.append(row)
    total = {"code": None, "name": None, **_summed(extract["total"] for extract in extracts)}
    # A year before, the same townships only: a township without last year's extract
    # leaves the county's 同比 unknown rather than compare unlike with unlike.
    codes = [extract["township"]["code"] for extract in extracts]
    complete = bool(previous) and all(code in before for code in codes)
    _with_previous(total, _summed(before[code]["total"] for code in codes) if complete else None)
    seen: dict[str, list[str]] = {}
    for extract in extracts:
        for token in extract.get("tokens", []):
            seen.setdefault(token, []).append(extract["township"]["code"])
    shared = [codes for codes in seen.values() if len(codes) > 1]
    # A person supervised in two townships is one person of the county: the total counts
    # them once (each township's obligations and rates stay the township's own).
    extra = sum(len(codes) - 1 for codes in shared)
    total["persons"] -= extra
    total["supervised"] -= extra
    pairs: dict[tuple[str, ...], int] = {}
    for codes in shared:
        pair = tuple(sorted(set(codes)))
        pairs[pair] = pairs.get(pair, 0) + 1
    first = extracts[0]
    return {
        "period": first["period"],
        "start": first["start"],
        "end": first["end"],
        "version": first["version"],
        "previous_period": previous[0]["period"] if previous else None,
        "townships": rows,
        "total": total,
        "persons_distinct": len(seen),
        "duplicates": {
            "persons": len(shared),
            "townships": [
                {"codes": list(pair), "persons": count} for pair, count in sorted(pairs.items())
            ],
        },
    }


def _with_previous(row: dict[str, Any], earlier: Mapping[str, Any] | None) -> None:
    """Each figure of ``row`` with its value and numbers a year before, and the change in
    percentage points (None where a year before is not known)."""
    found = {f["key"]: f for f in earlier["figures"]} if earlier else {}
    for figure in row["figures"]:
        old = found.get(figure["key"])
        value = old["value"] if old else None
        figure["previous"] = value
        figure["previous_numerator"] = old["numerator"] if old else None
        figure["previous_denominator"] = old["denominator"] if old else None
        figure["change_points"] = (
            None
            if value is None or figure["value"] is None
            else round((figure["value"] - value) * 100, 2)
        )
