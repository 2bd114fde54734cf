"""Fictional, realistic sample data for demonstrations, tests and benchmarks.

Everything comes from one ``random.Random(seed)`` and the ``as_of`` day passed in, never
from the clock or the global generator, so the same arguments give the same rows byte for
byte (only the one audit row that records the load carries the real moment). Persons are
generated one at a time and written in batches, so memory stays flat however many are
asked for.

The people, places and documents are invented; their shapes follow docs/domain.md and
docs/model.md: Wa names that many people share, ID numbers of county 530829 with a correct
check character, the typical status paths, the 五包一 team, and its cadence kept most of
the time by a diligent team and missed now and then.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import random
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from yuesong_cli.domain.idnumber import make_id_number
from yuesong_cli.domain.lifecycle import TREATMENT_YEARS
from yuesong_cli.domain.names import name_initials, name_pinyin
from yuesong_cli.domain.obligations import DEFAULT_PLAN, add_months, calendar_window
from yuesong_cli.domain.photos import Photo, photo_of
from yuesong_cli.domain.vocab import SUBSTANCE
from yuesong_cli.errors import Conflict
from yuesong_cli.store.db import Store
from yuesong_cli.store.documents import document_number

Day = dt.date
ONE_DAY = dt.timedelta(days=1)
COUNTY_CODE = "530829"
COUNTY = "云南省西盟佤族自治县"

# --- the township ------------------------------------------------------------------
# 岳宋乡 as the sample knows it: village committees, each split into zones (片区), each
# zone into grids (网格) with one village group (村民小组) per grid, so a person's village,
# group, grid and zone always agree. Seven zones and 48 grids as docs/domain.md says; the
# weights say where people live (the township seat and 班箐 are the largest).
_LAYOUT: tuple[tuple[str, float, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    (
        "岳宋村",
        0.26,
        (
            ("第一片区", ("一组", "二组", "三组", "四组", "五组", "六组")),
            ("第二片区", ("七组", "八组", "九组", "十组", "十一组", "十二组")),
        ),
    ),
    (
        "班箐村",
        0.24,
        (
            ("第三片区", ("永业", "班帅", "永冷", "班箐", "永广", "班岳")),
            ("第四片区", ("永格", "新寨", "龙坎", "永卡", "班扭", "南亢")),
        ),
    ),
    (
        "曼亨村",
        0.17,
        (("第五片区", ("一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组")),),
    ),
    (
        "图地村",
        0.17,
        (("第六片区", ("图地", "永勐", "班亮", "永老", "新村", "永谷", "班哈", "永新")),),
    ),
    (
        "王莫村",
        0.16,
        (("第七片区", ("一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组")),),
    ),
)


@dataclass(frozen=True)
class Grid:
    """One grid of the township: its number, zone, village and village group."""

    index: int
    name: str
    zone: str
    village: str
    group: str


def township_grids() -> tuple[Grid, ...]:
    grids: list[Grid] = []
    for village, _weight, zones in _LAYOUT:
        for zone, groups in zones:
            for group in groups:
                index = len(grids)
                grids.append(Grid(index, f"网格{index + 1:02d}", zone, village, group))
    return tuple(grids)


VILLAGES = tuple(village for village, _weight, _zones in _LAYOUT)
VILLAGE_WEIGHTS = tuple(weight for _village, weight, _zones in _LAYOUT)

# --- names ---------------------------------------------------------------------------
# Wa names: a birth-order prefix and one or two given characters (docs/domain.md). The small
# set is the point: many people share a name, and the case number tells them apart.
WA_SON_PREFIXES = ("艾", "尼", "桑", "赛", "俄", "楼")
WA_DAUGHTER_PREFIXES = ("叶", "依", "安", "娜")
WA_GIVEN = ("那", "茸", "嘎", "门", "惹", "块", "道", "高", "保", "老", "社", "冒")
# Neighbouring peoples name differently: Dai men 岩, women 玉; Lahu men 扎, women 娜.
DAI_GIVEN = ("罕", "温", "香", "光", "帅", "应", "旺", "叫")
LAHU_GIVEN = ("约", "发", "倮", "体", "莫", "妥", "朵")
HAN_SURNAMES = ("李", "王", "张", "杨", "赵", "陈", "刘", "罗", "周", "段", "字", "鲁", "何", "黄")
HAN_GIVEN_MALE = ("建华", "国强", "志明", "文", "军", "勇", "海", "明", "华", "涛", "伟", "俊")
HAN_GIVEN_FEMALE = ("丽", "芳", "秀英", "艳", "敏", "玲", "娟", "红梅", "燕", "琼")
ALIASES = ("黑皮", "瘦猴", "大个", "四眼", "岩弟", "小胖", "老憨", "阿猫")

ETHNICITIES = ("佤族", "拉祜族", "汉族", "傣族")
ETHNICITY_WEIGHTS = (0.82, 0.07, 0.07, 0.04)
MALE_SHARE = 0.85


def wa_name(rng: random.Random, gender: str) -> str:
    prefixes = WA_SON_PREFIXES if gender == "male" else WA_DAUGHTER_PREFIXES
    given = rng.choice(WA_GIVEN)
    if rng.random() < 0.2:
        given += rng.choice(WA_GIVEN)
    return rng.choice(prefixes) + given


def han_name(rng: random.Random, gender: str) -> str:
    given = HAN_GIVEN_MALE if gender == "male" else HAN_GIVEN_FEMALE
    return rng.choice(HAN_SURNAMES) + rng.choice(given)


def local_name(rng: random.Random, ethnicity: str, gender: str) -> str:
    """A name as people of ``ethnicity`` are named here."""
    if ethnicity == "汉族":
        return han_name(rng, gender)
    if ethnicity == "傣族":
        return ("岩" if gender == "male" else "玉") + rng.choice(DAI_GIVEN)
    if ethnicity == "拉祜族":
        return ("扎" if gender == "male" else "娜") + rng.choice(LAHU_GIVEN)
    return wa_name(rng, gender)


@functools.lru_cache(maxsize=8192)
def pinyin_keys(name: str) -> tuple[str, str]:
    # Names repeat a great deal, and pypinyin is the slowest step per person.
    return name_pinyin(name), name_initials(name)


def phone_number(rng: random.Random) -> str:
    """A fictional mobile number of the 13x, 15x or 18x ranges."""
    return f"1{rng.choice('358')}{rng.randrange(10**9):09d}"


# --- calendar ------------------------------------------------------------------------


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def add_years(day: Day, years: int) -> Day:
    return add_months(day, 12 * years)


def day_between(rng: random.Random, first: Day, last: Day) -> Day:
    return first + days(rng.randint(0, (last - first).days))


# The windows of the default plan itself (obligations.DEFAULT_PLAN), so the data keeps
# the rules it is judged by.
_DEFAULT_RULES = {named.rule.key: named.rule for named in DEFAULT_PLAN.rules}
iso_week = partial(calendar_window, _DEFAULT_RULES["meet"].period)
half_month = partial(calendar_window, _DEFAULT_RULES["talk"].period)
calendar_month = partial(calendar_window, _DEFAULT_RULES["visit"].period)
calendar_quarter = partial(calendar_window, _DEFAULT_RULES["report"].period)


def _tier_months(steps: tuple[int, ...], years: int) -> tuple[int, ...]:
    """The months from a term's start at which its test windows begin, and the month it
    ends: ``steps[y]`` months apart in year y of the term (as obligations.tiered_window
    steps them)."""
    bounds = [0]
    while bounds[-1] < 12 * years:
        bounds.append(bounds[-1] + steps[min(bounds[-1] // 12, len(steps) - 1)])
    return (*bounds[:-1], 12 * years)


# Urine-test windows in months from the term start: community treatment monthly in year
# 1, every 2 months in year 2, every 3 in year 3; community rehab every 2, 3 and 6 months.
URINE_TIER_MONTHS = {
    status: _tier_months(steps, TREATMENT_YEARS)
    for status, steps in _DEFAULT_RULES["urine"].tiers.items()
}


def urine_windows(status: str, term_start: Day) -> list[tuple[Day, Day]]:
    bounds = [add_months(term_start, m) for m in URINE_TIER_MONTHS[status]]
    return [(bounds[i], bounds[i + 1] - ONE_DAY) for i in range(len(bounds) - 1)]


Interval = tuple[Day, Day]


@dataclass
class Window:
    """A cadence window and the days of it on which the person was under supervision."""

    start: Day
    end: Day
    parts: list[Interval] = field(default_factory=list)


def windows_over(
    intervals: Sequence[Interval], window_of: Callable[[Day], tuple[Day, Day]]
) -> list[Window]:
    """The windows that ``intervals`` (sorted, disjoint) touch, each with its days in them.

    A window split by a pause (a week with a few days of leave) is one window, so its
    obligation is decided once."""
    found: dict[Day, Window] = {}
    for first, last in intervals:
        day = first
        while day <= last:
            start, end = window_of(day)
            window = found.get(start)
            if window is None:
                window = found[start] = Window(start, end)
            window.parts.append((day, min(last, end)))
            day = end + ONE_DAY
    return list(found.values())


def clip(parts: Sequence[Interval], first: Day, last: Day) -> list[Interval]:
    return [(max(a, first), min(b, last)) for a, b in parts if a <= last and b >= first]


def pick_day(rng: random.Random, parts: Sequence[Interval]) -> Day:
    """A day drawn evenly from the days of ``parts``."""
    if len(parts) == 1:
        first, last = parts[0]
        return first + days(rng.randint(0, (last - first).days))
    offset = rng.randrange(sum((b - a).days + 1 for a, b in parts))
    for first, last in parts:
        length = (last - first).days + 1
        if offset < length:
            return first + days(offset)
        offset -= length
    raise AssertionError("offset beyond the parts")  # unreachable: offset < total


def moment(rng: random.Random, day: Day) -> str:
    """A stored moment (ISO 8601 UTC) in office hours, 09:00–18:00 in Yunnan (UTC+8)."""
    seconds = 3600 + rng.randrange(9 * 3600)
    return f"{day.isoformat()}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}Z"


# --- status histories ----------------------------------------------------------------

COMMUNITY_STATUSES = ("community_treatment", "community_rehab")


@dataclass(frozen=True)
class StatusRow:
    status: str
    since: Day
    until: Day | None
    doc_no: str | None
    reason: str | None


@dataclass
class Segment:
    """Days on which one status is in force; ``end`` None while it still is."""

    status: str
    start: Day
    end: Day | None
    term_start: Day | None


@dataclass(frozen=True)
class ForcedContact:
    """A contact the story itself needs: a report day, a positive test, a refusal."""

    day: Day
    kinds: tuple[str, ...]
    note: str
    result: str | None = None


class DocumentNumbers:
    """Fictional document numbers of the county police, e.g. 西公(禁)决字〔2025〕123号.

    Numbers run up within a year per kind of document, so no two persons share one."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._next: dict[tuple[str, int], int] = {}

    def issue(self, kind: str, day: Day) -> str:
        key = (kind, day.year)
        number = self._next.get(key) or self._rng.randint(1, 40)
        self._next[key] = number + self._rng.randint(1, 3)
        return f"西公(禁){kind}字〔{day.year}〕{number}号"


DECISION, ISOLATION, REHAB, RELEASE = "决", "强戒", "康", "解"


@dataclass
class Story:
    """A person's status history up to ``as_of``, built in date order."""

    as_of: Day
    rows: list[StatusRow] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    forced: list[ForcedContact] = field(default_factory=list)
    decision: tuple[str, Day] | None = None
    term: tuple[Day, Day] | None = None
    relapsed: bool = False
    needs_heroin: bool = False
    # Nobody has seen the person from this day on (no contacts are generated).
    silent_from: Day | None = None

    def record(
        self,
        status: str,
        since: Day,
        *,
        doc_no: str | None = None,
        reason: str | None = None,
        term_start: Day | None = None,
    ) -> None:
        """A status from ``since`` on; the one in force before it ends the day before."""
        self._close(since)
        self.rows.append(StatusRow(status, since, None, doc_no, reason))
        self.segments.append(Segment(status, since, None, term_start))

    def record_leave(self, since: Day, until: Day, reason: str) -> None:
        """Approved leave: the status before it resumes by itself the day after."""
        before = self.segments[-1]
        self._close(since)
        self.rows.append(StatusRow("on_leave", since, until, None, reason))
        self.segments.append(Segment("on_leave", since, until, None))
        self.segments.append(Segment(before.status, until + ONE_DAY, None, before.term_start))

    def _close(self, since: Day) -> None:
        # A generator bug, not bad input: histories must run forward and stop at as_of.
        assert since <= self.as_of, "status after as_of"
        if self.segments:
            last = self.segments[-1]
            assert since > last.start, "status history out of order"
            last.end = since - ONE_DAY

    @property
    def registered_on(self) -> Day:
        return self.rows[0].since

    def in_force(self) -> list[Segment]:
        """The segments up to as_of, the last one ending on as_of."""
        kept = [s for s in self.segments if s.start <= self.as_of]
        last = kept[-1]
        if last.end is None or last.end > self.as_of:
            kept[-1] = Segment(last.status, last.start, self.as_of, last.term_start)
        return kept

    @property
    def current(self) -> str:
        return self.in_force()[-1].status


LEAVE_REASONS = ("请假外出务工（已报告批准）", "请假探亲", "请假外出就医", "请假到县城办事")
LOST_REASONS = ("手机关机，多次走访未见本人", "离家未归，家属不知去向", "外出后失去联系")


def treatment_course(
    rng: random.Random, docs: DocumentNumbers, story: Story, start: Day, end_before: Day
) -> None:
    """Decision, report within 15 days (on ``start``), community treatment, with maybe a
    pause in between; the course lasts until ``end_before`` or as_of."""
    decided = start - days(rng.randint(1, 14))
    doc = docs.issue(DECISION, decided)
    story.record("pending_report", decided, doc_no=doc, reason="责令社区戒毒")
    story.record("community_treatment", start, doc_no=doc, reason="按期报到", term_start=start)
    story.decision = (doc, decided)
    story.term = (start, add_years(start, 3) - ONE_DAY)
    story.forced.append(
        ForcedContact(start, ("meet", "talk", "urine"), "报到，签订社区戒毒协议", "negative")
    )
    pause_episode(rng, story, "community_treatment", start, end_before, doc)


def rehab_course(
    rng: random.Random, docs: DocumentNumbers, story: Story, start: Day, end_before: Day
) -> None:
    """Compulsory isolation (2 years, sometimes ended after 1 or extended to 3), then
    community rehab from ``start``."""
    draw = rng.random()
    isolation_years = 2 if draw < 0.7 else 1 if draw < 0.9 else 3
    isolation_entry(rng, docs, story, add_years(start, -isolation_years), from_rehab=False)
    doc = docs.issue(REHAB, start)
    reason = "解除强制隔离戒毒，责令社区康复"
    story.record("community_rehab", start, doc_no=doc, reason=reason, term_start=start)
    story.decision = (doc, start)
    story.term = (start, add_years(start, 3) - ONE_DAY)
    story.forced.append(ForcedContact(start, ("meet", "talk"), "报到，签订社区康复协议"))
    pause_episode(rng, story, "community_rehab", start, end_before, doc)


def isolation_entry(
    rng: random.Random, docs: DocumentNumbers, story: Story, isolated: Day, *, from_rehab: bool
) -> None:
    """How a person comes to compulsory isolation on ``isolated``: a positive test or three
    refusals during a community course (docs/domain.md), or straight from a police decision."""
    if rng.random() < 0.75:
        handover = isolated - days(rng.randint(3, 20))
        start = handover - days(rng.randint(100, 700))
        course = rehab_course if from_rehab and rng.random() < 0.25 else treatment_course
        if rng.random() < 0.8:
            course(rng, docs, story, start, handover)
            story.forced.append(
                ForcedContact(handover, ("urine",), "尿检阳性，已移交公安机关", "positive")
            )
            reason = "社区戒毒（康复）期间尿检阳性，复吸"
        else:
            refusals = [handover - days(rng.randint(50, 70)), handover - days(rng.randint(20, 35))]
            course(rng, docs, story, start, refusals[0])
            for day in [*refusals, handover]:
                story.forced.append(
                    ForcedContact(day, ("urine",), "拒绝尿检，已批评教育并报告派出所", "refused")
                )
            reason = "三次拒绝尿检，严重违反协议"
    else:
        reason = "吸毒成瘾严重，决定强制隔离戒毒"
    doc = docs.issue(ISOLATION, isolated)
    story.record("compulsory_isolation", isolated, doc_no=doc, reason=reason)
    story.decision = (doc, isolated)
    story.relapsed = True


def pause_episode(
    rng: random.Random, story: Story, status: str, start: Day, end_before: Day, doc: str
) -> None:
    """Now and then a pause inside a course: approved leave, a detention, or a spell out
    of contact; the same status and term resume after it (docs/model.md)."""
    first = start + days(30)
    last = min(end_before, story.as_of + ONE_DAY) - days(20)
    if (last - first).days < 60:
        return
    draw = rng.random()
    if draw < 0.14:
        length = rng.randint(5, 30)
        since = day_between(rng, first, last - days(length))
        # Leaving needs a report first (docs/domain.md).
        story.forced.append(
            ForcedContact(since - days(rng.randint(1, 3)), ("report",), "报告外出事由，批准请假")
        )
        story.record_leave(since, since + days(length - 1), rng.choice(LEAVE_REASONS))
    elif draw < 0.18:
        length = rng.randint(5, 45)
        since = day_between(rng, first, last - days(length))
        story.record("detained", since, reason="因违法行为被公安机关拘留")
        back = since + days(length)
        story.record(status, back, doc_no=doc, reason="拘留期满释放，恢复帮教", term_start=start)
    elif draw < 0.22:
        length = rng.randint(14, 50)
        since = day_between(rng, first, last - days(length))
        story.record("lost_contact", since, reason=rng.choice(LOST_REASONS))
        back = since + days(length)
        story.record(status, back, doc_no=doc, reason="已找回，恢复帮教", term_start=start)


def active_course_until(
    rng: random.Random, docs: DocumentNumbers, story: Story, until: Day
) -> None:
    """A community course still in force on the day before ``until``."""
    start = until - days(rng.randint(60, 3 * 365 - 30))
    course = treatment_course if rng.random() < 0.7 else rehab_course
    course(rng, docs, story, start, until)


def completed_course(
    rng: random.Random, docs: DocumentNumbers, story: Story, released: Day
) -> None:
    """A full three-year term ending the day before ``released``, and the release."""
    start = add_years(released, -3)
    if rng.random() < 0.75:
        treatment_course(rng, docs, story, start, released)
        reason = "社区戒毒期满，解除"
    else:
        rehab_course(rng, docs, story, start, released)
        reason = "社区康复期满，解除"
    story.record("released", released, doc_no=docs.issue(RELEASE, released), reason=reason)


def prior_release(rng: random.Random, docs: DocumentNumbers, story: Story, before: Day) -> None:
    """An earlier finished term: the person relapsed some time after release."""
    completed_course(rng, docs, story, before - days(rng.randint(60, 1500)))


# One builder per status in force on as_of; each picks the day that status began and
# builds the typical path leading there (docs/domain.md "Typical path").
StoryBuilder = Callable[[random.Random, DocumentNumbers, Story], None]


def story_community_treatment(rng: random.Random, docs: DocumentNumbers, story: Story) -> None:
    # A few terms have run out without the release being recorded yet (an alert).
    start = story.as_of - days(rng.randint(0, 1110))
    if rng.random() < 0.12:
        prior_release(rng, docs, story, start - days(20))
    treatment_course(rng, docs, story, start, story.as_of + ONE_DAY)
    positive = story.as_of - days(rng.randint(1, 25))
    if rng.random() < 0.05 and positive > start + days(30):
        # A relapse found by a test this month, not yet handed over (an alert).
        story.forced.append(
            ForcedContact(positive, ("urine",), "尿检阳性，已报告派出所", "positive")
        )
        story.relapsed = True


def story_community_rehab(rng: random.Random, docs: DocumentNumbers, story: Story) -> None:
    rehab_course(rng, docs, story, story.as_of - days(rng.randint(0, 1080)), story.as_of + ONE_DAY)


def story_pending_report(rng: random.Random, docs: DocumentNumbers, story: Story) -> None:
    # Some have let the 15 days to report pass (an alert).
    decided = story.as_of - days(rng.randint(0, 24))
    if rng.random() < 0.25:
        prior_release(rng, docs, story, decided - days(20))
    doc = docs.issue(DECISION, decided)
    story.record("pending_report", decided, doc_no=doc, reason="责令社区戒毒")
    story.decision = (doc, decided)


def story_lost_contact(rng: random.Random, docs: DocumentNumbers, story: Story) -> None:
    lost = story.as_of - days(rng.randint(7, 240))
    active_course_until(rng, docs, story, lost)
    story.record("lost_contact", lost, reason=rng.choice(LOST_REASONS))


def story_compulsory_isolation(rng: random.Random, docs: DocumentNumbers, story: Story) -> None:
    isolation_entry(rng, docs, story, story.as_of - days(rng.randint(0, 720)), from_rehab=True)


def story_detained(rng: random.Random, docs: DocumentNumbers, story: Story) -> None:
    since = story.as_of - days(rng.randint(0, 120))
    active_course_until(rng, docs, story, since)
    story.record("detained", since, reason="因违法行为被公安机关羁押")


def story_on_leave(rng: random.Random, docs: DocumentNumbers, story: Story) -> None:
    since = story.as_of - days(rng.randint(0, 25))
    until = since + days(rng.randint(max(7, (story.as_of - since).days), 45))
    if rng.random() < 0.35:
        # The leave ended days ago and nobody has seen the person since (an alert).
        since = story.as_of - days(rng.randint(12, 40))
        until = story.as_of - days(rng.randint(1, 6))
        story.silent_from = until + ONE_DAY
    active_course_until(rng, docs, story, since)
    story.forced.append(
        ForcedContact(since - days(rng.randint(1, 3)), ("report",), "报告外出事由，批准请假")
    )
    story.record_leave(since, until, rng.choice(LEAVE_REASONS))


def story_released(rng: random.Random, docs: DocumentNumbers, story: Story) -> None:
    # Some were released three years ago or more: abstinent_3y is due (an alert).
    completed_course(rng, docs, story, story.as_of - days(rng.randint(0, 1400)))


def story_abstinent_3y(rng: random.Random, docs: DocumentNumbers, story: Story) -> None:
    confirmed = story.as_of - days(rng.randint(0, 1500))
    completed_course(rng, docs, story, add_years(confirmed, -3))
    story.record("abstinent_3y", confirmed, reason="解除后三年未复吸，评估认定戒断")


def _ending_story(status: str, reason: str) -> StoryBuilder:
    def build(rng: random.Random, docs: DocumentNumbers, story: Story) -> None:
        since = story.as_of - days(rng.randint(0, 700))
        active_course_until(rng, docs, story, since)
        story.record(status, since, reason=reason)

    return build


def story_voluntary(rng: random.Random, docs: DocumentNumbers, story: Story) -> None:
    since = story.as_of - days(rng.randint(0, 500))
    if rng.random() < 0.5:
        decided = since - days(rng.randint(1, 14))
        doc = docs.issue(DECISION, decided)
        story.record("pending_report", decided, doc_no=doc, reason="责令社区戒毒")
        story.decision = (doc, decided)
    else:
        prior_release(rng, docs, story, since - days(20))
    story.record("voluntary", since, reason="自愿到戒毒医疗机构接受戒毒治疗")


def story_maintenance(rng: random.Random, docs: DocumentNumbers, story: Story) -> None:
    since = story.as_of - days(rng.randint(0, 1000))
    if rng.random() < 0.5:
        active_course_until(rng, docs, story, since)
    story.record("maintenance", since, reason="参加美沙酮维持治疗")
    story.needs_heroin = True  # methadone replaces opioids


# The mix of statuses on as_of: most persons under active community supervision.
STORY_MIX: tuple[tuple[str, float, StoryBuilder], ...] = (
    ("community_treatment", 37, story_community_treatment),
    ("community_rehab", 22, story_community_rehab),
    ("pending_report", 3, story_pending_report),
    ("lost_contact", 3, story_lost_contact),
    ("compulsory_isolation", 7, story_compulsory_isolation),
    ("detained", 2, story_detained),
    ("on_leave", 3, story_on_leave),
    ("released", 10, story_released),
    ("abstinent_3y", 5, story_abstinent_3y),
    ("moved_out", 1.5, _ending_story("moved_out", "户籍迁出，已移交迁入地")),
    ("abroad", 0.5, _ending_story("abroad", "出境（缅甸），已通报")),
    ("deceased", 1.5, _ending_story("deceased", "病故")),
    ("voluntary", 2, story_voluntary),
    ("maintenance", 2.5, story_maintenance),
)
_STORY_BUILDERS = tuple(builder for _status, _weight, builder in STORY_MIX)
_STORY_WEIGHTS = tuple(weight for _status, weight, _builder in STORY_MIX)
# Statuses after which the team stands down: the person has left supervision for good.
TEAM_ENDS_WITH = frozenset({"abstinent_3y", "moved_out", "abroad", "deceased"})


def life_story(rng: random.Random, docs: DocumentNumbers, as_of: Day) -> Story:
    story = Story(as_of)
    rng.choices(_STORY_BUILDERS, _STORY_WEIGHTS)[0](rng, docs, story)
    return story


# --- helpers and teams ---------------------------------------------------------------


@dataclass
class HelperPools:
    """Helpers shared by many persons: police per village, the officer, one worker per
    grid, and per village the responsible helpers ("1 对 N") and volunteers."""

    police: dict[str, list[int]]
    officer: int
    grid_workers: list[int]
    responsible: dict[str, list[int]]
    volunteers: dict[str, list[int]]


# Who a responsible helper is (docs/domain.md); Han names for the rubber-company managers.
RESPONSIBLE_KINDS = ("村干部", "党员", "驻村工作队员", "橡胶公司管理人员")


# --- contacts ------------------------------------------------------------------------

KIND_ORDER = ("meet", "talk", "visit", "report", "urine")
KEPT_RESULTS = frozenset({"negative", "positive"})

NOTES = {
    "meet": (
        "本人在家，精神状态正常",
        "在地里干活，交流正常",
        "见面了解近况，无异常",
        "在村委会见面，情绪稳定",
        "在橡胶地割胶，状态良好",
    ),
    "talk": (
        "谈话教育，本人表示坚决不再吸毒",
        "了解思想和生活情况，无异常",
        "宣讲《戒毒条例》，本人表示理解",
        "督促遵守社区戒毒协议",
    ),
    "visit": (
        "入户走访，家属反映表现良好",
        "走访家中，生活正常",
        "与监护人交流，家属配合帮教",
        "走访了解家庭困难，已反映村委会",
    ),
    "report": ("本人汇报本季度思想、生活情况", "汇报近期务工和家庭情况"),
    "remote": (
        "外出务工，电话联系，情况正常",
        "视频通话，本人在务工地，状态良好",
        "电话谈话，督促按时回乡尿检",
    ),
}
URINE_NOTES = {
    "negative": "尿检阴性",
    "positive": "尿检阳性，已移交公安机关",
    "refused": "拒绝尿检，已批评教育",
    "absent": "通知尿检未到，已电话督促",
}
LEAVE_CALL_NOTE = "请假期间电话联系，情况正常"


@dataclass
class DraftContact:
    day: Day
    mode: str
    place: str | None
    kinds: list[str] = field(default_factory=list)
    note: str | None = None
    urine_result: str | None = None
    substance: str | None = None
    photo: int | None = None


@dataclass(frozen=True)
class Diligence:
    """How often this person's team keeps each rule (probabilities per window)."""

    meet: float
    talk: float
    visit: float
    report: float
    urine: float

    @classmethod
    def draw(cls, rng: random.Random, works_away: bool) -> Diligence:
        base = rng.uniform(0.85, 0.97)
        if works_away:
            # Away from home: met only when back, talked to by phone or video.
            return cls(meet=0.4, talk=min(0.99, base + 0.03), visit=0.6, report=0.95, urine=0.8)
        return cls(
            meet=base,
            talk=min(0.99, base + 0.03),
            visit=min(0.98, base + 0.02),
            report=0.95,
            urine=min(0.98, base + 0.01),
        )


@dataclass(frozen=True)
class Places:
    home: str
    village_office: str
    group: str
    drug_office: str
    police_station: str


class ContactDiary:
    """The contacts of one person over the history, built rule by rule (docs/model.md) and
    merged by day: a home visit with a talk is one contact with two kinds."""

    def __init__(
        self,
        rng: random.Random,
        places: Places,
        diligence: Diligence,
        works_away: bool,
        substance: str,
    ) -> None:
        self.rng = rng
        self.places = places
        self.diligence = diligence
        self.works_away = works_away
        self.substance = substance
        self.by_day: dict[Day, DraftContact] = {}
        self.all_days: list[Day] = []
        self.in_person_days: list[Day] = []
        self.kind_days: dict[str, list[Day]] = {kind: [] for kind in KIND_ORDER}
        self.tested_days: list[Day] = []  # days of a test with a result (kept the rule)

    # -- building blocks

    def add(self, day: Day, kind: str, mode: str, place: str | None) -> DraftContact:
        """Add ``kind`` to the contact of ``day``, creating it or making it in-person."""
        contact = self.by_day.get(day)
        if contact is None:
            contact = self.by_day[day] = DraftContact(day, mode, place)
            bisect.insort(self.all_days, day)
            if mode == "in_person":
                bisect.insort(self.in_person_days, day)
        elif mode == "in_person" and contact.mode != "in_person":
            contact.mode, contact.place = "in_person", place
            bisect.insort(self.in_person_days, day)
        if kind not in contact.kinds:
            contact.kinds.append(kind)
            bisect.insort(self.kind_days[kind], day)
            if contact.note is None and kind in NOTES and self.rng.random() < 0.5:
                pool = NOTES["remote"] if contact.mode != "in_person" else NOTES[kind]
                contact.note = self.rng.choice(pool)
        return contact

    def test(self, day: Day, result: str, place: str) -> None:
        if result == "absent":
            # Someone who did not come was not met: the record is the call that followed.
            if day in self.by_day:
                return
            contact = self.add(day, "urine", "phone", None)
        else:
            contact = self.add(day, "urine", "in_person", place)
        if contact.urine_result is None:
            contact.urine_result = result
            contact.note = contact.note or URINE_NOTES[result]
            if result == "positive":
                contact.substance = self.substance
            if result in KEPT_RESULTS:
                bisect.insort(self.tested_days, day)

    @staticmethod
    def _within(days_list: list[Day], first: Day, last: Day) -> list[Day]:
        return days_list[
            bisect.bisect_left(days_list, first) : bisect.bisect_right(days_list, last)
        ]

    @staticmethod
    def _any_within(days_list: list[Day], first: Day, last: Day) -> bool:
        i = bisect.bisect_left(days_list, first)
        return i < len(days_list) and days_list[i] <= last

    def _remote_mode(self) -> str:
        return "video" if self.rng.random() < 0.3 else "phone"

    # -- the rules

    def story_contacts(self, forced: Sequence[ForcedContact], first: Day, last: Day) -> None:
        for event in forced:
            if not first <= event.day <= last:
                continue
            for kind in event.kinds:
                if kind != "urine":
                    self.add(event.day, kind, "in_person", self.places.drug_office)
            if event.result is not None:
                self.test(event.day, event.result, self.places.police_station)
            self.by_day[event.day].note = event.note

    def weekly_meets(self, weeks: Sequence[Window]) -> None:
        """一周一见面: any in-person contact in the ISO week keeps it."""
        for week in weeks:
            if self._any_within(self.in_person_days, week.start, week.end):
                continue
            if self.rng.random() < self.diligence.meet:
                day = pick_day(self.rng, week.parts)
                place = self.rng.choice((self.places.group, self.places.village_office))
                self.add(day, "meet", "in_person", place)

    def monthly_visits(self, months: Sequence[Window]) -> None:
        """一月一走访: a home visit, usually on one of the month's meetings."""
        for month in months:
            if self._any_within(self.kind_days["visit"], month.start, month.end):
                continue
            if self.rng.random() >= self.diligence.visit:
                continue
            # Not on a test day: a visit is a visit home, a test is at the police station.
            met = [
                day
                for day in self._within(self.in_person_days, month.start, month.end)
                if self.by_day[day].urine_result is None
            ]
            if met and self.rng.random() < 0.85:
                contact = self.add(self.rng.choice(met), "visit", "in_person", self.places.home)
                contact.place = self.places.home
            else:
                contact = self.add(
                    pick_day(self.rng, month.parts), "visit", "in_person", self.places.home
                )
            if self.rng.random() < 0.6:
                self.add(contact.day, "talk", "in_person", self.places.home)
            if self.rng.random() < 0.004:
                contact.photo = self.rng.randrange(len(sample_photos()))

    def half_month_talks(self, halves: Sequence[Window]) -> None:
        """半月一谈话: usually during a meeting; by phone or video for those away."""
        for half in halves:
            if self._any_within(self.kind_days["talk"], half.start, half.end):
                continue
            if self.rng.random() >= self.diligence.talk:
                continue
            met = self._within(self.in_person_days, half.start, half.end)
            if met and self.rng.random() < 0.85:
                day = self.rng.choice(met)
                self.add(day, "talk", "in_person", self.by_day[day].place)
            else:
                mode = self._remote_mode() if self.works_away or self.rng.random() < 0.4 else None
                day = pick_day(self.rng, half.parts)
                if mode is None:
                    self.add(day, "talk", "in_person", self.places.village_office)
                else:
                    self.add(day, "talk", mode, None)

    def quarterly_reports(self, quarters: Sequence[Window]) -> None:
        """一季一汇报: any mode, often at a contact that happens anyway."""
        for quarter in quarters:
            if self._any_within(self.kind_days["report"], quarter.start, quarter.end):
                continue
            if self.rng.random() >= self.diligence.report:
                continue
            seen = self._within(self.all_days, quarter.start, quarter.end)
            if seen and self.rng.random() < 0.7:
                day = self.rng.choice(seen)
                self.add(day, "report", self.by_day[day].mode, self.by_day[day].place)
            elif self.works_away or self.rng.random() < 0.5:
                self.add(pick_day(self.rng, quarter.parts), "report", self._remote_mode(), None)
            else:
                day = pick_day(self.rng, quarter.parts)
                self.add(day, "report", "in_person", self.places.drug_office)

    def scheduled_tests(self, windows: Sequence[Window]) -> None:
        """The tiered urine tests; a refused or missed test is sometimes tried again."""
        station = self.places.police_station
        for window in windows:
            if self._any_within(self.tested_days, window.start, window.end):
                continue
            if self.rng.random() >= self.diligence.urine:
                continue
            day = pick_day(self.rng, window.parts)
            draw = self.rng.random()
            result = "negative" if draw < 0.95 else "refused" if draw < 0.975 else "absent"
            self.test(day, result, station)
            later = clip(window.parts, day + ONE_DAY, window.end)
            if result != "negative" and later and self.rng.random() < 0.6:
                self.test(pick_day(self.rng, later), "negative", station)

    def surprise_tests(self, months: Sequence[Window]) -> None:
        """随机抽检 now and then, besides the schedule."""
        for month in months:
            if self.rng.random() < 0.03:
                self.test(pick_day(self.rng, month.parts), "negative", self.places.police_station)

    def calls_on_leave(self, leaves: Sequence[Interval]) -> None:
        """A phone talk during some approved leaves: contacts on paused days."""
        for leave in leaves:
            if self.rng.random() < 0.4:
                contact = self.add(pick_day(self.rng, [leave]), "talk", "phone", None)
                contact.note = LEAVE_CALL_NOTE

    def contacts(self) -> list[DraftContact]:
        return [self.by_day[day] for day in self.all_days]


# --- photos --------------------------------------------------------------------------


def _png(width: int, height: int, bands: Sequence[tuple[int, int, int]]) -> bytes:
    """A valid RGB PNG of horizontal colour bands, built by hand (no imaging library)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    rows = []
    for y in range(height):
        colour = bytes(bands[y * len(bands) // height])
        rows.append(b"\x00" + colour * width)  # filter type 0 for every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


@functools.cache
def sample_photos() -> tuple[Photo, ...]:
    """Four tiny pictures (sky, hills, a house, a field) standing in for visit photos."""
    palettes = (
        ((135, 206, 235), (34, 139, 34), (139, 90, 43)),
        ((176, 196, 222), (85, 107, 47), (160, 82, 45)),
        ((200, 200, 200), (178, 34, 34), (110, 110, 110)),
        ((255, 228, 181), (107, 142, 35), (46, 139, 87), (139, 69, 19)),
    )
    photos = []
    for bands in palettes:
        data = _png(24, 16, bands)
        photos.append(photo_of(data, "image/png"))
    return tuple(photos)


# --- writing ---------------------------------------------------------------------------

COLUMNS: dict[str, tuple[str, ...]] = {
    # The township's zones and grids (store/migrations.py m013), before the persons in them.
    "zones": ("id", "name", "created_at"),
    "grids": ("id", "name", "zone_id", "village", "village_group", "created_at"),
    # In the order the generator writes a person's values; what the store derives or
    # stamps at registration included.
    "persons": (
        "id",
        "case_no",
        "name",
        "name_pinyin",
        "name_initials",
        "id_number",
        "gender",
        "birth_date",
        "alias",
        "ethnicity",
        "phone",
        "household_address",
        "current_address",
        "village",
        "village_group",
        "grid",
        "zone",
        "drugs",
        "method",
        "first_use_date",
        "decision_doc",
        "decision_date",
        "term_start",
        "term_end",
        "risk_level",
        "key_person",
        "poor_household",
        "dibao",
        "employment",
        "notes",
        "plan",
        "registered_on",
        "created_at",
    ),
    "helpers": ("id", "name", "name_pinyin", "name_initials", "role", "phone", "created_at"),
    "status_history": (
        "id",
        "person_id",
        "status",
        "since",
        "until",
        "doc_no",
        "reason",
        "entered_at",
    ),
    "team_members": ("id", "person_id", "helper_id", "role", "since", "until"),
    "contacts": (
        "id",
        "person_id",
        "happened_on",
        "entered_at",
        "mode",
        "place",
        "note",
        "urine_result",
        "substance",
    ),
    "contact_kinds": ("contact_id", "kind"),
    "contact_helpers": ("contact_id", "helper_id"),
    "photos": ("sha256", "media_type", "size", "data", "created_at"),
    "contact_photos": ("contact_id", "sha256"),
    # The township's prevention work and the persons' sunshine care (m015).
    "education_sessions": (
        "id",
        "held_on",
        "kind",
        "place",
        "village",
        "village_group",
        "audience",
        "note",
        "entered_at",
    ),
    "support_records": ("id", "person_id", "kind", "on_day", "note", "entered_at"),
    "documents": (
        "id",
        "person_id",
        "kind",
        "doc_no",
        "issued_on",
        "reason",
        "template",
        "signed_on",
        "sent_to",
        "sent_on",
        "entered_at",
    ),
}
# Foreign keys are checked row by row, so parents go first.
TABLE_ORDER = tuple(COLUMNS)


class BatchWriter:
    """Rows waiting to be written, flushed table by table through ``Store.bulk_insert``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in TABLE_ORDER}
        self.written: dict[str, int] = dict.fromkeys(TABLE_ORDER, 0)

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self.rows[table].append(row)

    def pending(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def flush(self) -> None:
        for table in TABLE_ORDER:
            rows = self.rows[table]
            if rows:
                self.store.bulk_insert(table, COLUMNS[table], rows)
                self.written[table] += len(rows)
                rows.clear()


FLUSH_ROWS = 50_000

DRUG_WEIGHTS = (
    ("heroin", 0.45),
    ("meth", 0.22),
    ("meth_tablets", 0.25),
    ("ketamine", 0.03),
    ("cannabis", 0.03),
    ("opium", 0.02),
)
EMPLOYMENT = (
    ("务农", 0.38),
    ("割胶", 0.2),
    ("橡胶公司割胶工", 0.1),
    ("打零工", 0.12),
    ("养殖", 0.05),
    ("个体经营", 0.03),
    ("无业", 0.12),
)
AWAY_PLACES = ("广东东莞", "浙江义乌", "昆明", "普洱", "西双版纳", "勐梭镇")
PERSON_NOTES = (
    "家属配合较好",
    "有就业意愿，已推荐参加阳光关爱技能培训",
    "身体较差，患有慢性病",
    "家中有老人需照顾",
    "已安排到橡胶公司务工",
    "曾因盗窃被处理",
)
# Prevention education: the share of village groups a talk reaches in a year, the
# schools (with about how many pupils a session holds) and the warning-education point.
EDUCATION_REACH = 0.9
SCHOOLS = (("岳宋中心小学", 320), ("岳宋乡中学", 260), ("班箐小学", 90), ("曼亨小学", 80))
WARNING_POINT = "岳宋乡禁毒警示教育点"
TALK_PLACES = ("活动室", "文化广场", "火塘边", "党员活动室")
TALK_TOPICS = (
    "宣讲团讲解新型毒品危害",
    "结合村规民约宣讲禁毒法",
    "播放禁毒宣传片并发放佤文宣传册",
    "讲解识毒防毒拒毒知识",
)
# The share of documents missing or late in the register (an unsigned agreement, a
# release notice never written or never sent).
PAPER_GAPS = 0.04
# Sunshine care: for each span under supervision, the chance of each kind of support.
SUPPORT_DRAWS = (
    ("training", 0.18, ("参加橡胶割胶技能培训", "参加农业实用技术培训", "参加电工培训")),
    ("job", 0.1, ("推荐到橡胶公司务工", "介绍到县城务工", "安排公益性岗位")),
    ("relief", 0.06, ("发放临时救助金", "协助申请低保")),
    ("medical", 0.04, ("协助办理慢性病门诊", "协助美沙酮门诊转介")),
)
MOVED_TO = ("普洱市思茅区", "澜沧拉祜族自治县", "孟连傣族拉祜族佤族自治县")


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    return rng.choices([key for key, _ in pairs], [weight for _, weight in pairs])[0]


class SampleGenerator:
    """One run of the generator: the random stream, the id counters and the batches."""

    def __init__(
        self, store: Store, rng: random.Random, *, persons: int, as_of: Day, years: int
    ) -> None:
        self.rng = rng
        self.persons = persons
        self.as_of = as_of
        self.history_start = add_years(as_of, -years) + ONE_DAY
        self.township = store.setting("township")
        self.case_prefix = store.setting("case_prefix")
        self.writer = BatchWriter(store)
        self.docs = DocumentNumbers(rng)
        self.grids = township_grids()
        self.grids_of = {v: [g for g in self.grids if g.village == v] for v in VILLAGES}
        self.used_ids: set[int] = set()
        # Helpers may be entered before any person, so their ids continue after those;
        # every other table hangs off persons, which the caller has found empty.
        self.next_helper = max((int(h["id"]) for h in store.list_helpers()), default=0) + 1
        self.next_status = 1
        self.next_member = 1
        self.next_contact = 1
        self.photos_written: set[int] = set()
        self.active: dict[int, list[tuple[Day, Day]]] = {}
        self.segments: dict[int, list[Segment]] = {}
        # The register as the sample has it was opened long enough ago for every story.
        self.register_opened = add_years(as_of, -16)
        self.register_areas(store)
        self.pools = self.shared_helpers()

    # -- zones and grids

    def register_areas(self, store: Store) -> None:
        """The township's 7 zones and 48 grids, each grid with the village and village
        group it covers, where the register does not hold them yet (no random draw: a
        seed keeps its data)."""
        grids, _zones = store.area_index()
        zone_ids = {row["name"]: row["id"] for row in store.zones()}
        next_zone = max(zone_ids.values(), default=0) + 1
        next_grid = max((row["id"] for row in store.grids()), default=0) + 1
        opened = f"{self.register_opened.isoformat()}T00:00:00Z"
        for grid in self.grids:
            if grid.zone not in zone_ids:
                zone_ids[grid.zone] = next_zone
                self.writer.add("zones", (next_zone, grid.zone, opened))
                next_zone += 1
            if grid.name not in grids:
                self.writer.add(
                    "grids",
                    (next_grid, grid.name, zone_ids[grid.zone], grid.village, grid.group, opened),
                )
                next_grid += 1

    # -- prevention education and sunshine care (docs/domain.md "Prevention education",
    # "Support"), drawn after every person, so a seed keeps the persons' data.

    def add_outreach(self) -> None:
        """Two years of education sessions (a talk in most village groups each year, the
        schools each term, the warning-education point, family meetings) and the support
        the supervised were given."""
        rng = self.rng
        start = max(self.history_start, add_years(self.as_of, -2) + ONE_DAY)
        sessions: list[tuple[Day, str, str, str | None, str | None, int, str | None]] = []
        year_start = start
        while year_start <= self.as_of:
            year_end = min(add_years(year_start, 1) - ONE_DAY, self.as_of)
            for grid in self.grids:
                if rng.random() < EDUCATION_REACH:
                    day = day_between(rng, year_start, year_end)
                    place = f"{grid.village}{grid.group}{rng.choice(TALK_PLACES)}"
                    note = rng.choice(TALK_TOPICS)
                    audience = rng.randint(20, 80)
                    sessions.append(
                        (day, "village_talk", place, grid.village, grid.group, audience, note)
                    )
            for school, pupils in SCHOOLS:
                for _term in range(2):
                    day = day_between(rng, year_start, year_end)
                    sessions.append((day, "school", school, None, None, pupils, "禁毒知识进校园"))
            for _visit in range(rng.randint(6, 10)):
                day = day_between(rng, year_start, year_end)
                audience = rng.randint(15, 60)
                sessions.append(
                    (day, "warning_point", WARNING_POINT, None, None, audience, "组织参观警示教育")
                )
            for _meeting in range(rng.randint(4, 8)):
                grid = rng.choice(self.grids)
                day = day_between(rng, year_start, year_end)
                sessions.append(
                    (
                        day,
                        "family",
                        f"{grid.village}{grid.group}村民家中",
                        grid.village,
                        grid.group,
                        rng.randint(4, 12),
                        "帮教对象家庭会议",
                    )
                )
            year_start = year_end + ONE_DAY
        for number, (day, kind, place, village, group, audience, topic) in enumerate(
            sorted(sessions, key=lambda session: session[0]), start=1
        ):
            self.writer.add(
                "education_sessions",
                (
                    number,
                    day.isoformat(),
                    kind,
                    place,
                    village,
                    group,
                    audience,
                    topic,
                    moment(rng, day),
                ),
            )
        number = 0
        for person_id, spans in self.active.items():
            for first, last in spans:
                first = max(first, start)
                if first > last:
                    continue
                for kind, share, notes in SUPPORT_DRAWS:
                    if rng.random() < share:
                        number += 1
                        day = day_between(rng, first, last)
                        note = rng.choice(notes)
                        self.writer.add(
                            "support_records",
                            (number, person_id, kind, day.isoformat(), note, moment(rng, day)),
                        )

    def add_paperwork(self) -> None:
        """The register of documents the persons' stories call for (docs/domain.md
        "Documents"): an agreement and a notice at the start of each term, signed within
        days; a release notice, sent to the police within a week; an evaluation three
        years after a release. A few are missing or late, as in any office, so each
        document alert has a case."""
        rng = self.rng
        issued: list[tuple[int, str, Day, Day | None, Day | None]] = []
        # The latest release's notice is not written yet.
        last_release = max(
            (
                (segment.start, person_id)
                for person_id, segments in self.segments.items()
                for segment in segments
                if segment.status == "released" and segment.start <= self.as_of
            ),
            default=None,
        )
        latest = (last_release[1], last_release[0]) if last_release else None
        for person_id, segments in self.segments.items():
            for index, segment in enumerate(segments):
                if segment.start > self.as_of:
                    continue
                starts_term = (
                    segment.status in ("community_treatment", "community_rehab")
                    and segment.term_start == segment.start
                )
                if starts_term:
                    day = min(segment.start + days(rng.randint(0, 2)), self.as_of)
                    current = segment.end is None
                    unsigned = current and rng.random() < PAPER_GAPS
                    signed = None if unsigned else min(day + days(rng.randint(0, 3)), self.as_of)
                    issued.append((person_id, "agreement", day, signed, None))
                    issued.append((person_id, "notice", day, None, None))
                if segment.status == "released":
                    if rng.random() < PAPER_GAPS or (person_id, segment.start) == latest:
                        continue
                    day = max(segment.start - days(rng.randint(0, 5)), segments[0].start)
                    sent_on: Day | None = day + days(rng.randint(1, 5))
                    if rng.random() < PAPER_GAPS or (sent_on and sent_on > self.as_of):
                        sent_on = None
                    issued.append((person_id, "release", min(day, self.as_of), None, sent_on))
                    due = add_years(segment.start, 3)
                    later = segments[index + 1] if index + 1 < len(segments) else None
                    evaluated = later is not None and later.status == "abstinent_3y"
                    if due <= self.as_of and (evaluated or rng.random() < 0.5):
                        on = min(later.start if evaluated and later else due, self.as_of)
                        issued.append((person_id, "evaluation", on, None, None))
        counts: dict[tuple[str, int], int] = {}
        for number, (person_id, kind, day, signed_on, sent) in enumerate(
            sorted(issued, key=lambda row: (row[2], row[0], row[1])), start=1
        ):
            counts[kind, day.year] = counts.get((kind, day.year), 0) + 1
            doc_no = document_number(self.township, kind, day.year, counts[kind, day.year])
            self.writer.add(
                "documents",
                (
                    number,
                    person_id,
                    kind,
                    doc_no,
                    day.isoformat(),
                    "补录纸质档案",
                    "default",
                    signed_on.isoformat() if signed_on else None,
                    f"{self.township}派出所" if sent else None,
                    sent.isoformat() if sent else None,
                    moment(rng, day),
                ),
            )

    # -- helpers

    def new_helper(self, name: str, role: str, phone: str | None, created: Day) -> int:
        helper_id = self.next_helper
        self.next_helper += 1
        pinyin, initials = pinyin_keys(name)
        self.writer.add(
            "helpers",
            (helper_id, name, pinyin, initials, role, phone, moment(self.rng, created)),
        )
        return helper_id

    def shared_helpers(self) -> HelperPools:
        rng, opened = self.rng, self.register_opened
        police = {
            village: [
                self.new_helper(han_name(rng, "male"), "police", phone_number(rng), opened)
                for _ in range(rng.randint(1, 2))
            ]
            for village in VILLAGES
        }
        officer_gender = "male" if rng.random() < 0.5 else "female"
        officer = self.new_helper(
            wa_name(rng, officer_gender), "officer", phone_number(rng), opened
        )
        grid_workers = [
            self.new_helper(
                wa_name(rng, "male" if rng.random() < 0.6 else "female"),
                "grid_worker",
                phone_number(rng),
                opened,
            )
            for _grid in self.grids
        ]
        responsible: dict[str, list[int]] = {}
        volunteers: dict[str, list[int]] = {}
        for village, weight in zip(VILLAGES, VILLAGE_WEIGHTS, strict=True):
            # "1 对 N": a responsible helper holds about five persons, a volunteer a few.
            responsible[village] = [
                self.new_helper(self.responsible_name(), "responsible", phone_number(rng), opened)
                for _ in range(max(1, round(self.persons * weight / 5)))
            ]
            volunteers[village] = [
                self.new_helper(self.volunteer_name(), "volunteer", phone_number(rng), opened)
                for _ in range(max(1, round(self.persons * weight * 0.3 / 4)))
            ]
        return HelperPools(police, officer, grid_workers, responsible, volunteers)

    def volunteer_name(self) -> str:
        ethnicity = "佤族" if self.rng.random() < 0.7 else "汉族"
        return local_name(self.rng, ethnicity, "female" if self.rng.random() < 0.5 else "male")

    def responsible_name(self) -> str:
        kind = self.rng.choice(RESPONSIBLE_KINDS)
        gender = "male" if self.rng.random() < 0.75 else "female"
        # Village cadres and party members are local; company managers mostly Han.
        if kind == "橡胶公司管理人员" or (kind == "驻村工作队员" and self.rng.random() < 0.6):
            return han_name(self.rng, gender)
        return wa_name(self.rng, gender)

    # -- persons

    def birth_date(self, registered_on: Day) -> Day:
        """Aged 18–60 on as_of, and an adult when registered (no minors, docs/domain.md);
        most in their thirties."""
        earliest = add_years(self.as_of, -61) + ONE_DAY
        latest = min(add_years(self.as_of, -18), add_years(registered_on, -18))
        youngest, oldest = (self.as_of - latest).days, (self.as_of - earliest).days
        typical = min(max(int(34 * 365.25), youngest), oldest)
        return self.as_of - days(round(self.rng.triangular(youngest, oldest, typical)))

    def id_number(self, birth: Day, gender: str) -> str:
        """A valid, unused number; the sequence's parity gives the gender (GB 11643)."""
        while True:
            sequence = self.rng.randrange(500) * 2 + (1 if gender == "male" else 0)
            key = birth.toordinal() * 1000 + sequence
            if key not in self.used_ids:
                self.used_ids.add(key)
                return make_id_number(COUNTY_CODE, birth, sequence)

    def drugs(self, story: Story) -> list[str]:
        chosen = {_weighted(self.rng, DRUG_WEIGHTS)}
        if self.rng.random() < 0.25:
            chosen.add(_weighted(self.rng, DRUG_WEIGHTS))
        if story.needs_heroin:
            chosen.add("heroin")
        return [key for key in SUBSTANCE.keys if key in chosen]

    def risk_level(self, story: Story) -> str:
        current = story.current
        if current == "lost_contact":
            return "high"
        if current in ("released", "abstinent_3y"):
            return "low" if self.rng.random() < 0.8 else "medium"
        weights = (0.1, 0.5, 0.4) if story.relapsed else (0.45, 0.4, 0.15)
        return self.rng.choices(("low", "medium", "high"), weights)[0]

    def key_person(self, risk: str) -> bool:
        """重点人员: nearly every high-risk person, and a few others the police name."""
        if risk == "high":
            return self.rng.random() < 0.9
        return self.rng.random() < 0.03

    def dibao(self, story: Story, poor: bool) -> str:
        """Village rules suspend the allowance for drug use and restore it after
        abstinence (docs/domain.md)."""
        if self.rng.random() >= (0.6 if poor else 0.2):
            return "none"
        if story.current == "abstinent_3y":
            return "restored"
        if story.current == "released":
            return "restored" if self.rng.random() < 0.5 else "suspended"
        return "suspended" if self.rng.random() < 0.85 else "receiving"

    def add_person(self, person_id: int) -> None:
        rng = self.rng
        story = life_story(rng, self.docs, self.as_of)
        registered_on = story.registered_on
        gender = "male" if rng.random() < MALE_SHARE else "female"
        ethnicity = rng.choices(ETHNICITIES, ETHNICITY_WEIGHTS)[0]
        name = local_name(rng, ethnicity, gender)
        pinyin, initials = pinyin_keys(name)
        birth = self.birth_date(registered_on)
        village_index = rng.choices(range(len(VILLAGES)), VILLAGE_WEIGHTS)[0]
        village = VILLAGES[village_index]
        grid = rng.choice(self.grids_of[village])
        home = f"{COUNTY}{self.township}{village}{grid.group}"
        current = story.current
        works_away = current in COMMUNITY_STATUSES and rng.random() < 0.08
        if works_away:
            place = rng.choice(AWAY_PLACES)
            employment, current_address = f"外出务工（{place}）", f"{place}（务工）"
        else:
            employment = _weighted(rng, EMPLOYMENT)
            current_address = home
        if current == "moved_out":
            current_address = rng.choice(MOVED_TO)
        drugs = self.drugs(story)
        method = "injection" if "heroin" in drugs and rng.random() < 0.25 else "inhaled"
        first_use = max(registered_on - days(rng.randint(180, 3650)), add_years(birth, 14))
        risk = self.risk_level(story)
        poor = rng.random() < 0.35
        decision_doc, decision_date = story.decision or (None, None)
        term_start, term_end = story.term or (None, None)
        # Drawn in this order (the alias, then the ID number) so a seed keeps its data.
        alias = self.alias(name) if rng.random() < 0.15 else None
        id_number = self.id_number(birth, gender)
        # The days under community treatment or rehabilitation: when support is given.
        self.active[person_id] = [
            (segment.start, segment.end or self.as_of)
            for segment in story.segments
            if segment.status in ("community_treatment", "community_rehab")
            and segment.start <= self.as_of
        ]
        self.segments[person_id] = list(story.segments)
        self.writer.add(
            "persons",
            (
                person_id,
                f"{self.case_prefix}-{person_id:04d}",
                name,
                pinyin,
                initials,
                id_number,
                gender,
                birth.isoformat(),
                alias,
                ethnicity,
                phone_number(rng) if rng.random() < 0.85 else None,
                home,
                current_address,
                village,
                grid.group,
                grid.name,
                grid.zone,
                ",".join(drugs),
                method,
                first_use.isoformat(),
                decision_doc,
                decision_date.isoformat() if decision_date else None,
                term_start.isoformat() if term_start else None,
                term_end.isoformat() if term_end else None,
                risk,
                int(self.key_person(risk)),
                int(poor),
                self.dibao(story, poor),
                employment,
                rng.choice(PERSON_NOTES) if rng.random() < 0.1 else None,
                DEFAULT_PLAN.key,
                registered_on.isoformat(),
                moment(rng, registered_on),
            ),
        )
        self.add_status_rows(person_id, story)
        team = self.add_team(person_id, story, village, grid, ethnicity)
        places = Places(
            home=f"{village}{grid.group}家中",
            village_office=f"{village}村委会",
            group=f"{village}{grid.group}",
            drug_office=f"{self.township}禁毒办",
            police_station=f"{self.township}派出所",
        )
        diary = ContactDiary(rng, places, Diligence.draw(rng, works_away), works_away, drugs[0])
        self.fill_diary(diary, story)
        self.add_contacts(person_id, diary.contacts(), team)

    def alias(self, name: str) -> str:
        if self.rng.random() < 0.5:
            return self.rng.choice(ALIASES)
        return self.rng.choice(("阿", "小", "老")) + name[-1]

    def entered_day(self, day: Day, *, late_share: float) -> Day:
        """Most records are typed in the same day or the next; a few much later."""
        draw = self.rng.random()
        if draw < 0.78:
            delay = 0
        elif draw < 0.95:
            delay = 1
        elif draw < 1 - late_share:
            delay = self.rng.randint(2, 4)
        else:
            delay = self.rng.randint(10, 40)
        return min(day + days(delay), self.as_of)

    def add_status_rows(self, person_id: int, story: Story) -> None:
        for row in story.rows:
            entered = self.entered_day(row.since, late_share=0.0)
            self.writer.add(
                "status_history",
                (
                    self.next_status,
                    person_id,
                    row.status,
                    row.since.isoformat(),
                    row.until.isoformat() if row.until else None,
                    row.doc_no,
                    row.reason,
                    moment(self.rng, entered),
                ),
            )
            self.next_status += 1

    def add_team(
        self, person_id: int, story: Story, village: str, grid: Grid, ethnicity: str
    ) -> dict[str, int]:
        """The 五包一 team and the responsible helper, from registration on."""
        rng, since = self.rng, story.registered_on
        guardian = self.new_helper(
            local_name(rng, ethnicity, "male" if rng.random() < 0.5 else "female"),
            "guardian",
            phone_number(rng) if rng.random() < 0.8 else None,
            since,
        )
        if rng.random() < 0.7:
            fifth_role = "relative"
            fifth = self.new_helper(
                local_name(rng, ethnicity, "male" if rng.random() < 0.5 else "female"),
                "relative",
                phone_number(rng) if rng.random() < 0.7 else None,
                since,
            )
        else:
            fifth_role, fifth = "volunteer", rng.choice(self.pools.volunteers[village])
        team = {
            "police": rng.choice(self.pools.police[village]),
            "officer": self.pools.officer,
            "grid_worker": self.pools.grid_workers[grid.index],
            "guardian": guardian,
            fifth_role: fifth,
            "responsible": rng.choice(self.pools.responsible[village]),
        }
        ended = story.rows[-1].since if story.current in TEAM_ENDS_WITH else None
        for role, helper_id in team.items():
            self.writer.add(
                "team_members",
                (
                    self.next_member,
                    person_id,
                    helper_id,
                    role,
                    since.isoformat(),
                    ended.isoformat() if ended else None,
                ),
            )
            self.next_member += 1
        team["fifth"] = fifth
        return team

    # -- contacts

    def fill_diary(self, diary: ContactDiary, story: Story) -> None:
        """Contacts only on days under active supervision (docs/model.md), within the
        history and after registration; none while lost, a few calls on leave."""
        first = max(self.history_start, story.registered_on)
        last = self.as_of if story.silent_from is None else story.silent_from - ONE_DAY
        if first > last:
            return
        segments = story.in_force()
        active: list[Interval] = []
        terms: dict[tuple[str, Day], list[Interval]] = {}
        leaves: list[Interval] = []
        for segment in segments:
            assert segment.end is not None
            if segment.end < first or segment.start > last:
                continue
            span = (max(segment.start, first), min(segment.end, last))
            if segment.status in COMMUNITY_STATUSES and segment.term_start is not None:
                active.append(span)
                terms.setdefault((segment.status, segment.term_start), []).append(span)
            elif segment.status == "on_leave":
                leaves.append(span)
        diary.story_contacts(story.forced, first, last)
        if active:
            months = windows_over(active, calendar_month)
            # Tests first: the trip to the police station is that week's meeting too.
            for (status, term_start), spans in terms.items():
                tiers = urine_windows(status, term_start)
                diary.scheduled_tests(windows_over(spans, _tier_finder(tiers)))
            diary.surprise_tests(months)
            diary.weekly_meets(windows_over(active, iso_week))
            diary.monthly_visits(months)
            diary.half_month_talks(windows_over(active, half_month))
            diary.quarterly_reports(windows_over(active, calendar_quarter))
        diary.calls_on_leave(leaves)

    def add_contacts(
        self, person_id: int, contacts: Sequence[DraftContact], team: dict[str, int]
    ) -> None:
        rng = self.rng
        for contact in contacts:
            contact_id = self.next_contact
            self.next_contact += 1
            entered = moment(rng, self.entered_day(contact.day, late_share=0.02))
            self.writer.add(
                "contacts",
                (
                    contact_id,
                    person_id,
                    contact.day.isoformat(),
                    entered,
                    contact.mode,
                    contact.place,
                    contact.note,
                    contact.urine_result,
                    contact.substance,
                ),
            )
            for kind in KIND_ORDER:
                if kind in contact.kinds:
                    self.writer.add("contact_kinds", (contact_id, kind))
            for helper_id in self.contact_helpers(contact, team):
                self.writer.add("contact_helpers", (contact_id, helper_id))
            if contact.photo is not None:
                photo = sample_photos()[contact.photo]
                if contact.photo not in self.photos_written:
                    self.photos_written.add(contact.photo)
                    self.writer.add(
                        "photos",
                        (photo.sha256, photo.media_type, len(photo.data), photo.data, entered),
                    )
                self.writer.add("contact_photos", (contact_id, photo.sha256))

    def contact_helpers(self, contact: DraftContact, team: dict[str, int]) -> list[int]:
        """One to three team members, by what the contact was."""
        rng = self.rng
        if "urine" in contact.kinds:
            roles = ["officer", "police"]
        elif "visit" in contact.kinds:
            roles = ["officer", "grid_worker"]
            roles.append("responsible" if rng.random() < 0.5 else "fifth")
        elif contact.mode != "in_person":
            roles = [rng.choice(("officer", "responsible", "grid_worker"))]
        elif "meet" in contact.kinds:
            roles = ["grid_worker" if rng.random() < 0.7 else "officer"]
            if rng.random() < 0.25:
                roles.append("guardian")
        else:
            roles = ["officer"]
        return list(dict.fromkeys(team[role] for role in roles))


def _tier_finder(tiers: Sequence[tuple[Day, Day]]) -> Callable[[Day], tuple[Day, Day]]:
    """The tier window holding a day. Past the last tier the term is over, which a
    status change always marks; should a day get there, it falls in one long window
    rather than in a test per day."""
    starts = [start for start, _end in tiers]
    after_term = (tiers[-1][1] + ONE_DAY, tiers[-1][1] + days(3650))

    def window_of(day: Day) -> tuple[Day, Day]:
        i = bisect.bisect_right(starts, day) - 1
        if i < 0:
            return day, starts[0] - ONE_DAY
        return tiers[i] if day <= tiers[i][1] else after_term

    return window_of


def generate(
    store: Store,
    *,
    persons: int,
    seed: int,
    as_of: dt.date,
    years: int,
    progress: Callable[[int], None],
) -> dict[str, object]:
    """Fill an empty database with ``persons`` fictional persons, their status histories,
    helpers, teams and ``years`` years of contacts up to ``as_of``; returns the parameters
    of the message ``sample.done``."""
    with store.transaction():
        # Checked inside the write lock, so nothing slips in between check and load.
        if not store.is_empty():
            raise Conflict("error.sample.not_empty")
        generator = SampleGenerator(
            store, random.Random(seed), persons=persons, as_of=as_of, years=years
        )
        step = max(1, persons // 100)
        for person_id in range(1, persons + 1):
            generator.add_person(person_id)
            if generator.writer.pending() >= FLUSH_ROWS:
                generator.writer.flush()
            if person_id % step == 0 or person_id == persons:
                progress(person_id)
        generator.add_outreach()
        generator.add_paperwork()
        # The sample's register of documents was kept over its whole history.
        store.set_settings({"documents_from": generator.history_start.isoformat()})
        generator.writer.flush()
        written = generator.writer.written
        store.audit(
            "sample",
            None,
            None,
            [table for table in TABLE_ORDER if written[table]],
            note=f"seed={seed} persons={persons}",
        )
    # The due list and the alerts of the day read their kept state from the first run
    # (docs/model.md "Kept state"); the reports' log is worked out by the first report.
    from yuesong_cli.ledger.standing import roll_day

    roll_day(store, as_of)
    return {
        "persons": written["persons"],
        "helpers": written["helpers"],
        "contacts": written["contacts"],
        "start": generator.history_start.isoformat(),
        "end": as_of.isoformat(),
    }
