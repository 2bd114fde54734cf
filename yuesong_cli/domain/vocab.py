"""The closed vocabularies of the domain: statuses, roles, contact kinds, modes, results.

Each term has an English key (stored in the database, printed in JSON) and labels in
both languages in the message catalog. Input accepts the key, either label, or an alias,
so an officer can type 社区康复 or community_rehab alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from yuesong_cli.domain.text import echo_safe
from yuesong_cli.errors import InvalidInput
from yuesong_cli.messages import CATALOG, t


@dataclass(frozen=True)
class Vocabulary:
    """A named set of keys whose labels live in the catalog under ``prefix.key``."""

    name: str
    prefix: str
    keys: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)

    def label(self, key: str | None, lang: str) -> str:
        if key is None or key == "":
            return ""
        if key not in self.keys:
            return key
        return t(f"{self.prefix}.{key}", lang)

    def parse(self, text: str) -> str:
        """The key that ``text`` names; an error naming the accepted values otherwise."""
        wanted = text.strip().lower().replace("-", "_").replace(" ", "_")
        for key in self.keys:
            zh, en = CATALOG[f"{self.prefix}.{key}"]
            if wanted in (key, zh.lower(), en.lower().replace(" ", "_")):
                return key
        if wanted in self.aliases:
            return self.aliases[wanted]
        raise InvalidInput(
            "error.vocab.unknown",
            what=t(f"vocab.{self.name}", "zh"),
            what_en=t(f"vocab.{self.name}", "en"),
            text=echo_safe(text),
            choices_zh="、".join(CATALOG[f"{self.prefix}.{k}"][0] for k in self.keys),
            choices_en=", ".join(self.keys),
        )

    def parse_many(self, texts: Iterable[str]) -> list[str]:
        """Keys in the order given, duplicates dropped; commas also split."""
        keys: list[str] = []
        for text in texts:
            for part in text.replace("，", ",").split(","):
                if part.strip():
                    key = self.parse(part)
                    if key not in keys:
                        keys.append(key)
        return keys


# Supervision classes of docs/model.md: only active statuses carry obligations.
ACTIVE_STATUSES = frozenset({"community_treatment", "community_rehab", "lost_contact"})
PAUSED_STATUSES = frozenset({"compulsory_isolation", "detained", "on_leave"})
CLOSED_STATUSES = frozenset({"released", "abstinent_3y", "moved_out", "abroad", "deceased"})

STATUS = Vocabulary(
    "status",
    "status",
    (
        "pending_report",
        "community_treatment",
        "community_rehab",
        "lost_contact",
        "compulsory_isolation",
        "detained",
        "on_leave",
        "voluntary",
        "maintenance",
        "released",
        "abstinent_3y",
        "moved_out",
        "abroad",
        "deceased",
    ),
    aliases={
        "失控": "lost_contact",
        "失联/失控": "lost_contact",
        "强戒": "compulsory_isolation",
        "拘留": "detained",
        "请假": "on_leave",
        "美沙酮": "maintenance",
        "期满": "released",
        "解除(期满)": "released",
        "戒断三年": "abstinent_3y",
        "treatment": "community_treatment",
        "rehab": "community_rehab",
        "leave": "on_leave",
    },
)
ROLE = Vocabulary(
    "role",
    "role",
    ("police", "officer", "grid_worker", "guardian", "relative", "volunteer", "responsible"),
    aliases={"民警": "police", "专干": "officer", "志愿者": "volunteer", "包保人": "responsible"},
)
# A 五包一 team holds one helper in each of these roles, the fifth being a relative or
# a volunteer; the responsible helper (包保责任人) stands beside the team.
TEAM_ROLES = ("police", "officer", "grid_worker", "guardian", "relative", "volunteer")
CONTACT_KIND = Vocabulary(
    "kind",
    "kind",
    ("meet", "talk", "visit", "report", "urine"),
    aliases={"尿液检测": "urine", "test": "urine", "家访": "visit"},
)
# The bit of each kind in contacts.kind_mask (migration m005).
KIND_BITS = {"meet": 1, "talk": 2, "visit": 4, "report": 8, "urine": 16}
MODE = Vocabulary(
    "mode",
    "mode",
    ("in_person", "phone", "video"),
    aliases={"面谈": "in_person", "当面见": "in_person", "现场": "in_person", "视频通话": "video"},
)
URINE_RESULT = Vocabulary("result", "result", ("negative", "positive", "refused", "absent"))
SUBSTANCE = Vocabulary(
    "substance",
    "substance",
    ("heroin", "meth", "meth_tablets", "ketamine", "cannabis", "opium"),
    aliases={"甲基苯丙胺": "meth", "methamphetamine": "meth", "k粉": "ketamine"},
)
METHOD = Vocabulary("method", "method", ("inhaled", "injection"))
RISK = Vocabulary("risk", "risk", ("low", "medium", "high"))
GENDER = Vocabulary("gender", "gender", ("male", "female"))
DIBAO = Vocabulary("dibao", "dibao", ("none", "receiving", "suspended", "restored"))
DUE_STATUS = Vocabulary("due_status", "due_status", ("done", "due", "overdue"))
SCHEDULE = Vocabulary("schedule", "schedule", ("calendar", "rolling", "tiered"))
PERIOD = Vocabulary(
    "period",
    "period",
    ("week", "half_month", "month", "quarter"),
    aliases={"周": "week", "半月": "half_month", "月": "month", "季": "quarter", "季度": "quarter"},
)

BREACH_KIND = Vocabulary(
    "breach_kind",
    "breach.kind",
    ("refused_test", "absent_test", "left_county", "other"),
    aliases={
        "拒检": "refused_test",
        "refused": "refused_test",
        "未到": "absent_test",
        "absent": "absent_test",
        "离县": "left_county",
        "擅自离开": "left_county",
        "left": "left_county",
        "其他": "other",
    },
)

BREACH_SOURCE = Vocabulary("breach_source", "breach.source", ("recorded", "test"))

# Prevention education (docs/domain.md "Prevention education"): the kinds of session.
EDUCATION_KIND = Vocabulary(
    "education_kind",
    "education.kind",
    ("village_talk", "school", "warning_point", "family", "other"),
    aliases={
        "宣讲": "village_talk",
        "进村": "village_talk",
        "学校": "school",
        "进校园": "school",
        "警示教育": "warning_point",
        "警示教育点": "warning_point",
        "家庭": "family",
        "家庭会议": "family",
        "其他": "other",
    },
)
# Sunshine care (阳光关爱, docs/domain.md "Support"): what a person was given.
SUPPORT_KIND = Vocabulary(
    "support_kind",
    "support.kind",
    ("training", "job", "relief", "medical"),
    aliases={"培训": "training", "就业": "job", "救助": "relief", "医疗": "medical"},
)

# The documents of a person's register (docs/domain.md "Documents").
DOC_KIND = Vocabulary(
    "doc_kind",
    "doc.kind",
    ("agreement", "notice", "release", "evaluation", "record"),
    aliases={"协议": "agreement", "告知书": "notice", "解除": "release", "评估": "evaluation"},
)
