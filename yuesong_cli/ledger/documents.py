"""The paperwork of a person, filled from the record (docs/domain.md "Documents"): which
template a kind of document takes for a person, and every field of it worked out from
the register — the person, the team, the plan's cadence and test schedule in words, the
breach rules with their thresholds, the dates and numbers. The documents are Chinese,
whatever the language of the screen. Rendering is output/documents.py's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from yuesong_cli.domain import vocab
from yuesong_cli.domain.breaches import MAX_DAYS_AWAY, SERIOUS_DODGES, SERIOUS_LEAVINGS
from yuesong_cli.domain.dates import age_on, stored_date
from yuesong_cli.domain.statuses import last_since, status_on
from yuesong_cli.errors import InvalidInput, NotFound
from yuesong_cli.ledger.plans import plan_rules
from yuesong_cli.store.db import Store

# The template each kind takes (an agreement: by status).
AGREEMENT_TEMPLATES = {
    "community_treatment": "agreement_treatment",
    "community_rehab": "agreement_rehab",
}
# A release notice may be prepared this many days before the term ends.
RELEASE_AHEAD_DAYS = 31
# What is written where the register holds nothing: never an empty field.
UNKNOWN = "未登记"
# The police are told of a release within this many days (戒毒条例第二十三条).
NOTIFY_DAYS = 7
# Who makes up the fifth place of the team.
FIFTH_ROLES = ("relative", "volunteer")
# A period of the plan in words.
PERIOD_WORDS = {
    "week": "每个自然周（周一至周日）",
    "half_month": "每半个月（每月1日至15日、16日至月底）",
    "month": "每个自然月",
    "quarter": "每个季度",
}


def chinese_date(day: dt.date | None) -> str:
    """2026年12月1日; ``UNKNOWN`` for none."""
    return f"{day.year}年{day.month}月{day.day}日" if day else UNKNOWN


def template_kind(
    kind: str, status: str | None, term_end: dt.date | None = None, day: dt.date | None = None
) -> tuple[str, str]:
    """The kind of document ``kind`` names (a key or a label, 协议 too) and the template it
    takes for a person
    whose status in force is ``status``: an agreement is the treatment or the
    rehabilitation one, for a person under either; a release notice for one released or
    whose term ends within a month of ``day`` (it is prepared ahead); an evaluation for
    one released. Refused in one line otherwise."""
    key = vocab.DOC_KIND.parse(kind)
    label = vocab.STATUS.label(status, "zh") or UNKNOWN
    if key in ("agreement", "notice"):
        if status not in AGREEMENT_TEMPLATES:
            raise InvalidInput("error.doc.not_supervised", status=label)
        return key, AGREEMENT_TEMPLATES[status] if key == "agreement" else "notice"
    if key == "release":
        ending = (
            status in AGREEMENT_TEMPLATES
            and term_end is not None
            and day is not None
            and term_end <= day + dt.timedelta(days=RELEASE_AHEAD_DAYS)
        )
        if status != "released" and not ending:
            raise InvalidInput("error.doc.not_released", status=label)
    if key == "evaluation" and status not in ("released", "abstinent_3y"):
        raise InvalidInput("error.doc.evaluation_status", status=label)
    return key, key


def document_values(
    store: Store,
    person_id: int,
    kind: str,
    day: dt.date,
    doc_no: str,
    contact_id: int | None = None,
) -> dict[str, str]:
    """Every field the template of ``kind`` may name, for the person, on ``day``, the
    document numbered ``doc_no``."""
    person = store.person(person_id)
    history = store.status_history(person_id)
    current = status_on(history, day)
    status = current.status if current is not None else None
    if kind == "release":
        # The supervision that ended, not the release itself.
        status = next(
            (e.status for e in reversed(history) if e.status in AGREEMENT_TEMPLATES), status
        )
    settings = store.settings()
    township = settings["township"]
    team = {row["role"]: row for row in store.team(person_id)}
    officer = team.get("officer") or _any_officer(store)
    born = stored_date(person["birth_date"])
    term_start = stored_date(person["term_start"])
    term_end = stored_date(person["term_end"])
    values = {
        "township": township,
        "county": settings["county"] or UNKNOWN,
        "office": f"{township}禁毒工作领导小组办公室",
        "doc_no": doc_no,
        "issued_on": chinese_date(day),
        "officer": _text(officer, "helper"),
        "officer_phone": _text(officer, "phone"),
        "name": str(person["name"]),
        "gender": "男" if person["gender"] == "male" else "女",
        "birth_date": chinese_date(born),
        "age": str(age_on(born, day)) if born else UNKNOWN,
        "ethnicity": person["ethnicity"] or UNKNOWN,
        "id_number": _document_number(person),
        "case_no": str(person["case_no"]),
        "address": person["current_address"] or UNKNOWN,
        "household_address": person["household_address"] or UNKNOWN,
        "village": person["village"] or UNKNOWN,
        "village_group": person["village_group"] or UNKNOWN,
        "phone": person["phone"] or UNKNOWN,
        "status_label": vocab.STATUS.label(status, "zh") or UNKNOWN,
        "decision_doc": person["decision_doc"] or UNKNOWN,
        "decision_date": chinese_date(stored_date(person["decision_date"])),
        "term_start": chinese_date(term_start),
        "term_end": chinese_date(term_end),
        "term_years": str(_years(term_start, term_end)) if term_start and term_end else UNKNOWN,
        "team_police": _member(team.get("police")),
        "team_officer": _member(team.get("officer")),
        "team_grid_worker": _member(team.get("grid_worker")),
        "team_guardian": _member(team.get("guardian")),
        "team_fifth": _member(next((team[r] for r in FIFTH_ROLES if r in team), None)),
        "responsible": _member(team.get("responsible")),
        "cadence": _cadence(store, str(person["plan"])),
        "test_schedule": _test_schedule(store, str(person["plan"]), status),
        "breach_rules": BREACH_RULES,
        "obligations": OBLIGATIONS,
    }
    if kind == "release":
        release_on = last_since(history, "released") or (
            term_end + dt.timedelta(days=1) if term_end else None
        )
        values |= {
            "release_on": chinese_date(release_on),
            "police_station": settings["police_station"] or f"{township}派出所",
            "notify_by": chinese_date(day + dt.timedelta(days=NOTIFY_DAYS)),
        }
    if kind == "evaluation":
        values |= _evaluation(store, person_id, history, day)
    if kind == "record":
        values |= _record(store, person_id, contact_id)
    return values


def _text(row: Mapping[str, Any] | None, key: str) -> str:
    value = row.get(key) if row else None
    return str(value) if value else UNKNOWN


def _any_officer(store: Store) -> dict[str, Any] | None:
    """The township's drug-control officer when the person's team names none."""
    found = [row for row in store.list_helpers(active_only=True) if row["role"] == "officer"]
    return {"helper": found[0]["name"], "phone": found[0]["phone"]} if found else None


def _member(row: Mapping[str, Any] | None) -> str:
    if row is None:
        return "未指定"
    phone = row.get("phone")
    return f"{row['helper']}（{phone}）" if phone else str(row["helper"])


def _document_number(person: Mapping[str, Any]) -> str:
    if person["id_number"]:
        return str(person["id_number"])
    if person["passport_no"]:
        return f"护照 {person['passport_no']}（{person['nationality'] or UNKNOWN}）"
    return "无证件号"


def _years(start: dt.date, end: dt.date) -> int:
    """Whole years of a term (3, or 1 to 3 for rehabilitation)."""
    return max(1, round((end - start).days / 365.25))


def _cadence(store: Store, plan: str) -> str:
    """The plan's calendar rules in words, one a line: 一周一见面：每个自然周…至少一次。"""
    lines = []
    for named in plan_rules(store, plan):
        rule = named.rule
        if rule.schedule == "calendar" and rule.period in PERIOD_WORDS:
            kinds = "、".join(vocab.CONTACT_KIND.label(k, "zh") for k in sorted(rule.kinds))
            how = "当面" if rule.modes == frozenset({"in_person"}) else ""
            lines.append(
                f"{named.name_zh}：{PERIOD_WORDS[rule.period]}至少{how}{kinds or '联系'}一次。"
            )
        elif rule.schedule == "rolling" and rule.every_days:
            lines.append(f"{named.name_zh}：每 {rule.every_days} 天至少一次。")
    return "\n".join(lines) or UNKNOWN


def _test_schedule(store: Store, plan: str, status: str | None) -> str:
    """The tiered rules (drug tests) in words, by year of the term: of the person's
    status (or of every status, for one under neither)."""
    lines = []
    for named in plan_rules(store, plan):
        tiers = named.rule.tiers
        chosen = {status: tiers[status]} if status is not None and status in tiers else tiers
        for status_key, steps in chosen.items():
            years = "，".join(
                f"第{index}年每{months}个月一次" for index, months in enumerate(steps, start=1)
            )
            lines.append(f"{vocab.STATUS.label(status_key, 'zh')}：{years}；另有随机抽检。")
    return "\n".join(lines) or "按公安机关要求定期接受尿液检测。"


BREACH_RULES = "\n".join(
    (
        f"逃避或者拒绝接受检测{SERIOUS_DODGES}次以上的；",
        f"未经批准擅自离开居住地所在县（市、区）{SERIOUS_LEAVINGS}次以上"
        f"或者累计超过{MAX_DAYS_AWAY}日的；",
        "吸食、注射毒品的（复吸），另依法处理。",
        "有上述情形之一的，属严重违反协议，由乡镇人民政府报告县级公安机关。",
    )
)
OBLIGATIONS = "\n".join(
    (
        "遵守法律、法规，自觉履行协议，服从帮教小组的管理；",
        "按帮教小组的安排按时见面、谈话和报告，接受走访；",
        "按要求接受尿液检测，不得逃避或者拒绝；",
        "离开居住地所在县（市、区）3日以上的，须提前书面报告并经批准；",
        "变更居住地址的，应当提前报告；",
        "不得吸食、注射毒品，不得与吸毒人员交往。",
    )
)


def _evaluation(store: Store, person_id: int, history: list[Any], day: dt.date) -> dict[str, str]:
    """The three-year facts: clean since the release or the last positive test, the
    tests since and the last of them."""
    tests = store.person_tests(person_id)
    released = last_since(history, "released")
    positives = [stored_date(row["happened_on"]) for row in tests if row["result"] == "positive"]
    since = max([d for d in (released, *positives) if d is not None], default=None)
    counted = [row for row in tests if since is None or row["happened_on"] >= since.isoformat()]
    last = tests[-1] if tests else None
    years = (day - since).days / 365.25 if since else None
    return {
        "clean_since": chinese_date(since),
        "clean_years": f"{years:.1f}" if years is not None else UNKNOWN,
        "tests_count": str(len(counted)),
        "last_test_on": chinese_date(stored_date(last["happened_on"])) if last else "无",
        "last_test_result": vocab.URINE_RESULT.label(last["result"], "zh") if last else "无",
    }


def _record(store: Store, person_id: int, contact_id: int | None) -> dict[str, str]:
    """The contact a talk or visit record writes up: it must be the person's."""
    if contact_id is None:
        raise InvalidInput("error.doc.record_needs_contact")
    found = store.contact_for_document(contact_id)
    if found is None or found["person_id"] != person_id:
        raise NotFound("error.doc.contact_unknown", id=contact_id)
    kinds = [vocab.CONTACT_KIND.label(k, "zh") for k in found["kinds"]]
    return {
        "contact_on": chinese_date(stored_date(found["happened_on"])),
        "contact_kinds": "、".join(kinds) or UNKNOWN,
        "contact_mode": vocab.MODE.label(found["mode"], "zh"),
        "contact_place": found["place"] or UNKNOWN,
        "contact_helpers": "、".join(found["helpers"]) or UNKNOWN,
        "contact_note": found["note"] or "无",
        "urine_result": vocab.URINE_RESULT.label(found["urine_result"], "zh")
        if found["urine_result"]
        else "本次未检测",
    }
