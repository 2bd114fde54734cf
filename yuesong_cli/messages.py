"""The message catalog: every label and message in Chinese and English.

Keys are dotted names; each value is (zh, en). ``t`` looks a key up and fills in
``{name}`` parameters. A missing key is a programming error and fails loudly in tests
(``tests/test_messages.py`` checks both languages exist for every key).
"""

from __future__ import annotations

from typing import Any

LANGS = ("zh", "en")

CATALOG: dict[str, tuple[str, str]] = {
    # --- errors: generic -------------------------------------------------------------
    "error.generic": ("操作未完成。", "The operation did not complete."),
    "error.invalid_input": ("输入有误：{field}。", "Invalid input: {field}."),
    "error.not_found": ("找不到：{what}。", "Not found: {what}."),
    "error.ambiguous": ("有多条匹配，请更具体。", "More than one match; be more specific."),
    "error.conflict": ("与已有记录冲突。", "This conflicts with an existing record."),
    "error.database": ("数据库无法使用。", "The database cannot be used."),
    "error.unexpected": (
        "发生意外错误，操作未完成，数据库未改动；详情已记录在 {path}，请联系维护人员。",
        "Unexpected error; nothing was changed. Details were kept in {path}; "
        "please tell the maintainer.",
    ),
    # --- errors: ID numbers ----------------------------------------------------------
    "error.id.invalid": ("身份证号无效。", "The ID number is not valid."),
    "error.id.length": (
        "身份证号应为 18 位（旧证 15 位），现为 {length} 位，请核对后重新输入。",
        "An ID number has 18 characters, or 15 digits on an old card (this one has {length});"
        " check and retype it.",
    ),
    "error.id.chars": (
        "身份证号前 17 位应为数字，最后一位为数字或 X，请核对后重新输入。",
        "An ID number is 17 digits and a digit or X; check and retype it.",
    ),
    "error.id.chars_old": (
        "15 位的旧身份证号应全为数字，请核对后重新输入。",
        "An old 15-digit ID number has digits only; check and retype it.",
    ),
    "error.id.area": (
        "身份证号的地区码（前 6 位）不正确，请核对后重新输入。",
        "The area code (first 6 digits) of the ID number is not valid; check and retype it.",
    ),
    "error.id.birth": (
        "身份证号中的出生日期不存在或不合理，请核对后重新输入。",
        "The birth date inside the ID number does not exist or is not plausible; "
        "check and retype it.",
    ),
    "error.id.check": (
        "身份证号校验位不符，可能有一位输错，请核对后重新输入。",
        "The check character of the ID number does not match; a digit is probably "
        "mistyped. Check and retype it.",
    ),
    # --- errors: dates ---------------------------------------------------------------
    "error.date.invalid": (
        "无法识别日期“{text}”，请用 YYYY-MM-DD、MM-DD、今天、昨天、前天 或 -N（N 天前）。",
        "Cannot read the date '{text}'; use YYYY-MM-DD, MM-DD, today, yesterday or -N "
        "(N days ago).",
    ),
    "error.date.nonexistent": (
        "日期 {text} 不存在，请核对后重新输入。",
        "The date {text} does not exist; check and retype it.",
    ),
    # --- vocabulary: statuses --------------------------------------------------------
    "status.pending_report": ("待报到", "pending report"),
    "status.community_treatment": ("社区戒毒", "community treatment"),
    "status.community_rehab": ("社区康复", "community rehabilitation"),
    "status.lost_contact": ("失联", "lost contact"),
    "status.compulsory_isolation": ("强制隔离戒毒", "compulsory isolation"),
    "status.detained": ("羁押", "detained"),
    "status.on_leave": ("请假外出", "on leave"),
    "status.voluntary": ("自愿戒毒", "voluntary treatment"),
    "status.maintenance": ("药物维持治疗", "maintenance treatment"),
    "status.released": ("解除", "released"),
    "status.abstinent_3y": ("戒断三年未复吸", "abstinent 3 years"),
    "status.moved_out": ("迁出", "moved out"),
    "status.abroad": ("出境", "abroad"),
    "status.deceased": ("死亡", "deceased"),
    # --- vocabulary: helper roles ----------------------------------------------------
    "role.police": ("社区民警", "community police"),
    "role.officer": ("禁毒专干", "drug-control officer"),
    "role.grid_worker": ("网格员", "grid worker"),
    "role.guardian": ("监护人", "guardian"),
    "role.relative": ("亲属", "relative"),
    "role.volunteer": ("禁毒志愿者", "volunteer"),
    "role.responsible": ("包保责任人", "responsible helper"),
    # --- vocabulary: contact kinds, modes, results -----------------------------------
    "kind.meet": ("见面", "meet"),
    "kind.talk": ("谈话", "talk"),
    "kind.visit": ("走访", "visit"),
    "kind.report": ("汇报", "report"),
    "kind.urine": ("尿检", "urine"),
    "mode.in_person": ("当面", "in person"),
    "mode.phone": ("电话", "phone"),
    "mode.video": ("视频", "video"),
    "result.negative": ("阴性", "negative"),
    "result.positive": ("阳性", "positive"),
    "result.refused": ("拒检", "refused"),
    "result.absent": ("未到", "absent"),
    "substance.heroin": ("海洛因", "heroin"),
    "substance.meth": ("冰毒", "methamphetamine"),
    "substance.meth_tablets": ("麻古", "meth tablets"),
    "substance.ketamine": ("K粉", "ketamine"),
    "substance.cannabis": ("大麻", "cannabis"),
    "substance.opium": ("鸦片", "opium"),
    "method.inhaled": ("烫吸", "inhaled"),
    "method.injection": ("注射", "injection"),
    "risk.low": ("低", "low"),
    "risk.medium": ("中", "medium"),
    "risk.high": ("高", "high"),
    "due_status.done": ("已完成", "done"),
    "due_status.due": ("待完成", "due"),
    "due_status.overdue": ("已逾期", "overdue"),
    "schedule.calendar": ("按日历", "calendar"),
    "schedule.rolling": ("滚动", "rolling"),
    "schedule.tiered": ("分阶段", "tiered"),
    "period.week": ("每周", "week"),
    "period.half_month": ("每半月", "half-month"),
    "period.month": ("每月", "month"),
    "period.quarter": ("每季度", "quarter"),
    "vocab.due_status": ("办理状态", "due status"),
    "vocab.breach_kind": ("违反协议类型", "breach kind"),
    "vocab.breach_source": ("来源", "source"),
    "breach.days_too_many": (
        "离开天数不能多于从离开那天到今天的天数（{most} 天），请核对 --days 与 --on。",
        "The days away cannot be more than the days from leaving to today ({most}); "
        "check --days and --on.",
    ),
    "lifecycle.term.not_new": (
        "--term-years 只在开始新的期限时使用（新的决定书或新的社区戒毒/康复状态）。",
        "--term-years applies only when a new term starts (a new decision or a new "
        "community treatment or rehabilitation status).",
    ),
    "error.period.invalid": (
        "无法识别期间“{text}”，请用 2026-11（月）、2026Q4（季度）或 2026（年）。",
        "Cannot read the period '{text}'; use 2026-11 (month), 2026Q4 (quarter) or 2026 (year).",
    ),
    "error.period.reversed": (
        "--to 的日期早于 --from，请核对。",
        "The --to day is before the --from day; check them.",
    ),
    "draw.seed": ("抽检种子：{seed}", "Draw seed: {seed}"),
    "error.export.suffix": (
        "无法识别导出文件 {path} 的格式；文件名请以 .csv、.xlsx 或 .json 结尾。",
        "Cannot tell the export format of {path}; end the file name with .csv, .xlsx or .json.",
    ),
    "error.export.is_folder": (
        "{path} 是一个文件夹；请给出导出文件的文件名。",
        "{path} is a folder; give a file name for the export.",
    ),
    "error.export.denied": (
        "没有权限写入 {path}；请换一个位置。",
        "No permission to write {path}; choose another place.",
    ),
    "error.export.not_written": (
        "未能写入 {path}（磁盘可能已满）；原有文件未改动。",
        "Could not write {path} (the disk may be full); any existing file is unchanged.",
    ),
    "usage.period_or_span": (
        "--period 与 --from/--to 只能用其一。",
        "Give --period or --from/--to, not both.",
    ),
    "usage.period_span_both": (
        "--from 与 --to 要一起给出。",
        "Give both --from and --to.",
    ),
    "report.summary.title": (
        "{township} 工作汇总 {period}（{start} 至 {end}，对比 {previous}，截至 {as_of}）",
        "{township} summary {period} ({start} to {end}, against {previous}, as of {as_of})",
    ),
    "report.village.title": (
        "{township} 各村情况 {period}（{start} 至 {end}，截至 {as_of}）",
        "{township} by village {period} ({start} to {end}, as of {as_of})",
    ),
    "report.grid.title": (
        "{township} 各网格情况 {period}（{start} 至 {end}，截至 {as_of}）",
        "{township} by grid {period} ({start} to {end}, as of {as_of})",
    ),
    "report.zone.title": (
        "{township} 各片区情况 {period}（{start} 至 {end}，截至 {as_of}）",
        "{township} by zone {period} ({start} to {end}, as of {as_of})",
    ),
    "report.helper.title": (
        "{township} 帮教人员工作量 {period}（{start} 至 {end}，截至 {as_of}）",
        "{township} helpers' workload {period} ({start} to {end}, as of {as_of})",
    ),
    "section.figures": ("主要指标", "Figures"),
    "section.rules": ("各项帮教完成情况", "Obligations by rule"),
    "section.by_status": ("人员状态（期末）", "Persons by status (end of period)"),
    "section.by_village": ("各村情况", "By village"),
    "section.weekly": ("周完成率", "Weekly compliance"),
    "col.figure": ("指标", "figure"),
    "col.this_period": ("本期", "this period"),
    "col.fraction": ("分子/分母", "numerator/denominator"),
    "col.same_period_last_year": ("去年同期", "a year before"),
    "col.change_pct": ("同比变化(%)", "change (%)"),
    "col.change_points": ("变化(百分点)", "change (points)"),
    "col.due_count": ("应完成", "due"),
    "col.kept_count": ("已完成", "kept"),
    "col.missed_count": ("未完成", "missed"),
    "col.open_count": ("进行中", "open"),
    "col.late_count": ("补录", "entered late"),
    "col.rate": ("完成率", "rate"),
    "col.group_name": ("名称", "name"),
    "col.supervised": ("在管", "supervised"),
    "col.control_rate": ("管控率", "control rate"),
    "col.week": ("周（起）", "week of"),
    "col.chart": ("完成率", "kept"),
    "report.person.title": (
        "人员档案 {case_no}（{start} 至 {end}）",
        "File of {case_no} ({start} to {end})",
    ),
    "section.calendar": (
        "帮教日历（● 已完成  ✗ 未完成  ○ 进行中，按期次由早到晚）",
        "Calendar (● kept  ✗ missed  ○ open, oldest first)",
    ),
    "section.tests": ("尿检记录", "Drug tests"),
    "section.breaches": ("违反协议记录", "Breaches"),
    "col.calendar": ("各期情况", "windows"),
    "col.substance": ("检出毒品", "substance"),
    "error.quarter": (
        "“{text}”不是季度，--quarter 请写成 2026Q3 这样。",
        "'{text}' is not a quarter; give --quarter as e.g. 2026Q3.",
    ),
    "report.quarterly.file": ("{township}季度报告-{quarter}", "{township}-quarterly-{quarter}"),
    "report.quarterly.done": (
        "季度报告已生成（已脱敏，仅本人可读）：\n  {html}\n  {markdown}",
        "The quarterly report is ready (masked, readable by you only):\n  {html}\n  {markdown}",
    ),
    "export.done": (
        "已导出 {rows} 行到 {path}（已脱敏，仅本人可读）。",
        "Exported {rows} rows to {path} (masked, readable by you only).",
    ),
    "breach.list.headline": (
        "{case_no} 本期限（自 {since}）：逃避或拒绝尿检 {dodged} 次，擅自离开县域 {leavings} 次、"
        "累计 {days_away} 天，其他 {others} 次。{verdict}",
        "{case_no} this term (since {since}): tests dodged or refused: {dodged}; left the "
        "county: {leavings} (days away: {days_away}); other: {others}. {verdict}",
    ),
    "breach.verdict.serious": ("已构成严重违反协议。", "This is a serious breach."),
    "breach.verdict.near": ("再违反一次即构成严重违反协议。", "One more is a serious breach."),
    "breach.verdict.none": ("未达到严重违反协议。", "Not a serious breach."),
    "col.breach_kind": ("类型", "kind"),
    "col.days_away": ("离开天数", "days away"),
    "col.source": ("来源", "source"),
    "breach.source.recorded": ("登记", "recorded"),
    "breach.source.test": ("尿检记录", "test record"),
    "draw.headline": (
        "随机抽检 {as_of}：从 {eligible} 名符合条件的人员中抽取 {drawn} 名（种子 {seed}，"
        "排除近 {exclude_days} 天内已检测者）。用同一种子可重现。",
        "Surprise tests {as_of}: {drawn} drawn from {eligible} eligible (seed {seed}; "
        "tested in the last {exclude_days} days left out). The same seed draws the same.",
    ),
    "col.last_test": ("最近尿检", "last test"),
    "col.number": ("序号", "no."),
    "col.now": ("当前", "now"),
    "col.days": ("天数", "days"),
    "section.timeline": ("人员状态经历", "Path through supervision"),
    "col.weight": ("权重", "weight"),
    "error.draw.count": ("抽取人数必须大于 0。", "The count must be greater than 0."),
    "vocab.schedule": ("周期类型", "schedule"),
    "vocab.period": ("周期", "period"),
    "gender.male": ("男", "male"),
    "gender.female": ("女", "female"),
    "bool.yes": ("是", "yes"),
    "bool.no": ("否", "no"),
    "dibao.none": ("未享受", "none"),
    "dibao.receiving": ("享受中", "receiving"),
    "dibao.suspended": ("已暂停", "suspended"),
    "dibao.restored": ("已恢复", "restored"),
    # --- errors: database --------------------------------------------------------------
    "error.db.exists": (
        "数据库 {path} 已存在，未做改动；如需新建，请换一个文件名。",
        "The database {path} already exists and was left alone; choose another file name.",
    ),
    "error.db.missing": (
        "找不到数据库 {path}；请先运行 yuesong init，或用 --db 指定文件。",
        "No database at {path}; run 'yuesong init' first, or give the file with --db.",
    ),
    "error.db.no_folder": (
        "文件夹 {path} 不存在，请先创建它或换一个位置。",
        "The folder {path} does not exist; create it or choose another place.",
    ),
    "error.db.not_a_database": (
        "{path} 不是 yuesong 数据库或已损坏；请用备份恢复，或检查 --db 指定的文件。",
        "{path} is not a yuesong database or is damaged; restore a backup or check --db.",
    ),
    "error.db.permissions": (
        "{path} 其他用户也能读取，已拒绝打开；请运行 chmod 600 {path} 后重试。",
        "{path} can be read by other users and was refused; run 'chmod 600 {path}' and try again.",
    ),
    "error.backup.exists": (
        "备份文件 {path} 已存在，未覆盖；请换一个文件名。",
        "The backup file {path} already exists and was not overwritten; choose another name.",
    ),
    "error.backup.check_failed": (
        "备份 {path} 校验未通过，已删除；请检查磁盘后重试。",
        "The backup {path} failed its check and was removed; check the disk and try again.",
    ),
    "error.backup.missing": ("找不到备份文件 {path}。", "The backup file {path} does not exist."),
    "error.restore.damaged": (
        "{path} 已损坏或不是 yuesong 数据库，未做恢复；请换一个备份。",
        "{path} is damaged or not a yuesong database; nothing was restored. Use another backup.",
    ),
    "error.restore.audit_broken": (
        "{path} 的审计日志被改动或截断，未做恢复；请换一个备份。",
        "The audit log of {path} was altered or cut; nothing was restored. Use another backup.",
    ),
    "error.now.invalid": (
        "环境变量 YUESONG_NOW 不是有效的时间（例：2026-11-28T23:30:00Z），请更正或删除它。",
        "YUESONG_NOW is not a valid moment (e.g. 2026-11-28T23:30:00Z); fix or unset it.",
    ),
    # --- errors: register ------------------------------------------------------------
    "error.vocab.unknown": (
        "不认识的{what}“{text}”；可选：{choices_zh}。",
        "Unknown {what_en} '{text}'; choose one of: {choices_en}.",
    ),
    "error.name.invalid": (
        "姓名不能为空，且不超过 40 个字。",
        "A name must not be empty and has at most 40 characters.",
    ),
    "error.name.unprintable": (
        "姓名中有不可打印的字符（控制符、零宽字符等，多见于从网页或聊天软件复制）；请直接输入。",
        "The name holds an unprintable character (a control or zero-width character, often "
        "copied from a web page or a chat); type it in.",
    ),
    "error.text.invalid": (
        "{field}含有不可打印的字符或过长（最多 2000 字），请重新输入。",
        "{field} holds unprintable characters or is too long (2000 at most); retype it.",
    ),
    "error.team.before_current": (
        "该角色现任人员自 {since} 起任职，更换日期不能早于此日。",
        "The current holder of this role started on {since}; a replacement cannot be "
        "dated before that.",
    ),
    "error.person.no_such_case": (
        "没有这个案件号的人员；请用 yuesong person list 查看。",
        "No person has this case number; see 'yuesong person list'.",
    ),
    "team.fifth_member": ("亲属或禁毒志愿者", "relative or volunteer"),
    "error.phone.invalid": (
        "电话号码应为 7–13 位数字，请核对后重新输入。",
        "A phone number has 7 to 13 digits; check and retype it.",
    ),
    "error.person.duplicate_id": (
        "该身份证号已登记在另一名人员名下；请用 yuesong person find 加身份证后 4 位查找。",
        "This ID number is already registered for another person; use 'yuesong person "
        "find' with its last 4 characters.",
    ),
    "error.person.not_found": (
        "找不到该人员；请用 yuesong person find 查询，再用案件号指定。",
        "No such person; use 'yuesong person find' and name the person by case number.",
    ),
    "error.person.no_case": (
        "没有案件号为 {case} 的人员；请用 yuesong person list 查看。",
        "No person has case number {case}; see 'yuesong person list'.",
    ),
    "error.person.ambiguous": (
        "有 {count} 人匹配，请改用案件号：",
        "{count} persons match; use the case number instead:",
    ),
    "error.helper.not_found": (
        "找不到该帮教人员；请用 yuesong helper list 查看编号。",
        "No such helper; see 'yuesong helper list' for their numbers.",
    ),
    "error.helper.ambiguous": (
        "有多名帮教人员同名，请改用编号：{ids}。",
        "Several helpers have this name; use the number instead: {ids}.",
    ),
    "error.plan.unknown": (
        "没有名为 {plan} 的帮教方案；现有：{plans}。",
        "There is no plan {plan}; the plans are: {plans}.",
    ),
    "error.plan.exists": ("帮教方案 {plan} 已存在。", "The plan {plan} already exists."),
    "error.rule.unknown": (
        "帮教方案 {plan} 中没有规则 {rule}。",
        "The plan {plan} has no rule {rule}.",
    ),
    "error.plan.required": ("帮教方案不能为空。", "A person always follows a plan."),
    "error.registered.after_contacts": (
        "已有 {day} 的接触记录，登记日期不能晚于此日。",
        "There is a contact on {day}; the registration day cannot be after it.",
    ),
    "error.contact.urine_in_person": (
        "尿检须当面进行（只有“未到”可记为电话联系），请去掉 --mode 或改为 in_person。",
        "A urine test is taken in person (only 'absent' may be a call); drop --mode or use "
        "in_person.",
    ),
    "error.contact.positive_needs_substance": (
        "阳性结果请用 --substance 注明毒品种类（如 海洛因、冰毒）。",
        "A positive result needs --substance (e.g. heroin, meth).",
    ),
    "error.registered.required": ("登记日期不能为空。", "The registration day cannot be empty."),
    "error.date.out_of_range": (
        "日期应在 1900 至 2199 年之间，请核对。",
        "A date lies between 1900 and 2199; check it.",
    ),
    "error.db.not_yuesong": (
        "{path} 不是 yuesong 数据库，未做改动；新建请用 yuesong --db 新文件 init。",
        "{path} is not a yuesong database and was left alone; create one with "
        "'yuesong --db NEW_FILE init'.",
    ),
    "error.date.future": (
        "日期不能晚于今天，请核对后重新输入。",
        "The date cannot be after today; check it and try again.",
    ),
    "error.date.before_birth": (
        "日期早于身份证号中的出生日期，请核对。",
        "The date is before the birth date in the ID number; check it.",
    ),
    "error.contact.before_registration": (
        "该人员于 {day} 登记，不能记录此前的接触；请核对日期。",
        "The person was registered on {day}; a contact cannot be recorded before that.",
    ),
    "error.contact.urine_needs_result": (
        "记录尿检时请用 --result 给出结果（阴性、阳性、拒检、未到）。",
        "A urine test needs --result (negative, positive, refused, absent).",
    ),
    "error.contact.result_needs_urine": (
        "只有尿检才有 --result，请在类型中加上 urine（尿检）。",
        "--result belongs to a urine test; add the kind urine.",
    ),
    "error.contact.substance_needs_positive": (
        "只有阳性结果才填写 --substance。",
        "--substance is given only with a positive result.",
    ),
    "error.photo.missing": (
        "找不到照片文件 {path}。",
        "The photo file {path} does not exist.",
    ),
    "error.photo.too_big": (
        "照片 {path} 超过 {limit} MB，请压缩后再附上。",
        "The photo {path} is over {limit} MB; make it smaller and attach it again.",
    ),
    "error.setting.unknown": (
        "没有设置项 {key}；可设置：{keys}。",
        "There is no setting {key}; the settings are: {keys}.",
    ),
    "error.setting.timezone": (
        "不认识的时区 {value}，例如 Asia/Shanghai。",
        "Unknown time zone {value}; for example Asia/Shanghai.",
    ),
    "error.setting.prefix": (
        "案件号前缀应为 1–6 个大写英文字母，例如 YS。",
        "A case number prefix is 1 to 6 capital letters, e.g. YS.",
    ),
    "error.setting.mask_names": (
        "mask_names 只能是 on 或 off。",
        "mask_names is on or off.",
    ),
    "error.setting.township_unprintable": (
        "乡镇名称中有不可打印的字符（控制符、零宽字符等）；请直接输入。",
        "The township name holds an unprintable character (a control or zero-width "
        "character); type it in.",
    ),
    "error.setting.township": (
        "乡镇名称不能为空，且不超过 40 个字。",
        "A township name has 1 to 40 characters.",
    ),
    # --- usage (exit 2) --------------------------------------------------------------
    "usage.generic": ("用法有误，请看 --help。", "Wrong usage; see --help."),
    "usage.missing": ("缺少 {option}。", "Missing {option}."),
    "usage.reveal_reason": (
        "--reveal 需要同时用 --reason 说明查看原因（会记入审计日志）。",
        "--reveal needs --reason saying why (it is written to the audit log).",
    ),
    "usage.rule_schedule": (
        "请只给出一种周期：--period（按日历）、--every（滚动）或 --tier（分阶段）。",
        "Give exactly one schedule: --period (calendar), --every (rolling) or --tier (tiered).",
    ),
    "usage.nothing_to_change": ("没有给出要修改的字段。", "No field to change was given."),
    # --- vocabulary names ------------------------------------------------------------
    "vocab.status": ("人员状态", "status"),
    "vocab.role": ("角色", "role"),
    "vocab.kind": ("接触类型", "contact kind"),
    "vocab.mode": ("方式", "mode"),
    "vocab.result": ("尿检结果", "urine result"),
    "vocab.substance": ("毒品种类", "substance"),
    "vocab.method": ("吸食方式", "method"),
    "vocab.risk": ("风险等级", "risk level"),
    "vocab.gender": ("性别", "gender"),
    "vocab.dibao": ("低保状态", "minimum-allowance status"),
    # --- column labels ---------------------------------------------------------------
    "col.case_no": ("案件号", "case no"),
    "col.name": ("姓名", "name"),
    "col.alias": ("绰号", "alias"),
    "col.gender": ("性别", "gender"),
    "col.birth_date": ("出生日期", "born"),
    "col.id_number": ("身份证号", "ID number"),
    "col.ethnicity": ("民族", "ethnicity"),
    "col.phone": ("电话", "phone"),
    "col.household_address": ("户籍地", "registered address"),
    "col.current_address": ("现住址", "current address"),
    "col.village": ("村委会", "village"),
    "col.group": ("村民小组", "group"),
    "col.grid": ("网格", "grid"),
    "col.zone": ("片区", "zone"),
    "col.status": ("状态", "status"),
    "col.since": ("起始日期", "since"),
    "col.until": ("截止日期", "until"),
    "col.drugs": ("滥用毒品", "drugs used"),
    "col.method": ("吸食方式", "method"),
    "col.first_use": ("初次吸毒日期", "first use"),
    "col.decision_doc": ("决定书编号", "decision document"),
    "col.decision_date": ("决定日期", "decision date"),
    "col.term_start": ("期限开始", "term start"),
    "col.term_end": ("期限届满", "term end"),
    "col.risk": ("风险等级", "risk"),
    "col.key_person": ("重点人员", "key person"),
    "col.poor_household": ("建档立卡户", "registered poor"),
    "col.dibao": ("低保", "minimum allowance"),
    "col.employment": ("就业情况", "employment"),
    "col.notes": ("备注", "notes"),
    "col.plan": ("帮教方案", "plan"),
    "col.registered_on": ("登记日期", "registered"),
    "col.doc_no": ("文书编号", "document"),
    "col.reason": ("原因", "reason"),
    "col.role": ("角色", "role"),
    "col.helper": ("帮教人员", "helper"),
    "col.helper_id": ("编号", "no."),
    "col.helpers": ("参与人员", "helpers"),
    "col.persons": ("帮教对象数", "persons"),
    "col.date": ("日期", "date"),
    "col.kinds": ("类型", "kinds"),
    "col.mode": ("方式", "mode"),
    "col.result": ("尿检结果", "result"),
    "col.place": ("地点", "place"),
    "col.note": ("内容", "note"),
    "col.photos": ("照片", "photos"),
    "col.rule": ("规则", "rule"),
    "col.when": ("期限", "when"),
    "col.window": ("周期", "window"),
    "col.streak": ("连续漏做", "missed"),
    "col.last_kept": ("上次完成", "last kept"),
    "col.responsible": ("包保责任人", "responsible"),
    "col.person_id": ("人员编号", "person id"),
    "col.schedule": ("周期类型", "schedule"),
    "col.due_status": ("办理状态", "status"),
    "col.window_start": ("周期开始", "window start"),
    "col.window_end": ("截止日期", "deadline"),
    "col.days_left": ("剩余天数", "days left"),
    "col.missed_streak": ("连续漏做次数", "missed streak"),
    "col.late": ("补录", "late"),
    "col.period": ("周期", "period"),
    "col.every_days": ("间隔天数", "every (days)"),
    "col.tiers": ("分阶段（月）", "tiers (months)"),
    "col.kept_by": ("何种接触算完成", "kept by"),
    "col.rules": ("规则数", "rules"),
    "col.rule_name": ("规则名称", "rule name"),
    "col.plan_name": ("方案名称", "plan name"),
    "col.key": ("设置项", "setting"),
    "col.value": ("值", "value"),
    # --- sections and messages ---------------------------------------------------------
    "render.empty": ("（无）", "(none)"),
    "section.status_history": ("状态记录", "Status history"),
    "section.team": ("五包一帮教小组", "Helping team (five-to-one)"),
    "section.contacts": ("最近接触记录", "Recent contacts"),
    "init.done": (
        "已新建数据库 {path}（仅本人可读写）。",
        "Created the database {path} (readable by its owner only).",
    ),
    "person.list.title": ("{township} 帮教对象名册（{day}）", "{township} register ({day})"),
    "person.list.headline": ("共 {count} 人", "{count} persons"),
    "person.find.headline": ("找到 {count} 人", "{count} found"),
    "person.show.title": ("人员档案 {case_no}", "Personal file {case_no}"),
    "person.edit.done": ("已更新 {case_no}：{fields}。", "Updated {case_no}: {fields}."),
    "person.edit.unchanged": ("{case_no} 无变化。", "{case_no} unchanged."),
    "helper.add.done": ("已添加帮教人员，编号 {id}。", "Added the helper, number {id}."),
    "helper.list.headline": ("帮教人员 {count} 名", "{count} helpers"),
    "team.assign.done": (
        "已将帮教人员 {helper} 设为 {case_no} 的{role}。",
        "Helper {helper} is now {role} of {case_no}.",
    ),
    "team.assign.unchanged": (
        "帮教人员 {helper} 已是 {case_no} 的{role}，无变化。",
        "Helper {helper} already is {role} of {case_no}; nothing changed.",
    ),
    "team.show.title": ("{case_no} 的帮教小组", "Team of {case_no}"),
    "team.show.missing": ("缺：{roles}", "missing: {roles}"),
    "log.done": (
        "已记录接触 #{id}：{case_no} {day} {kinds}（{mode}）。",
        "Recorded contact #{id}: {case_no} {day} {kinds} ({mode}).",
    ),
    "log.relapse": (
        "尿检阳性：{case_no} 记为复吸（计入复吸率，并列入预警），请按规定报告公安机关。",
        "Positive test: {case_no} is recorded as a relapse (counted in the relapse rate and "
        "listed among the alerts); report it to the police.",
    ),
    "sample.progress": ("生成示例数据", "Generating sample data"),
    "sample.done": (
        "已生成虚构示例数据：{persons} 人，{helpers} 名帮教人员，{contacts} 条接触记录"
        "（{start} 至 {end}）。",
        "Generated fictional sample data: {persons} persons, {helpers} helpers, "
        "{contacts} contacts ({start} to {end}).",
    ),
    "error.sample.not_empty": (
        "数据库中已有人员，示例数据只能写入空数据库；请用 yuesong --db 新文件 init 新建一个。",
        "The database already holds persons; sample data goes only into an empty one "
        "(yuesong --db NEW_FILE init).",
    ),
    "due.title": ("{township} 每日应办清单 {day}", "{township} due list {day}"),
    "due.headline": (
        "在管 {persons} 人 · 逾期 {overdue} 项 · 今日到期 {due_today} 项 · 7 日内到期 "
        "{due_week} 项 · 有漏做 {missed} 项 · 已完成 {done} 项",
        "{persons} under supervision · {overdue} overdue · {due_today} due today · "
        "{due_week} due within 7 days · {missed} with missed windows · {done} done",
    ),
    "due.headline.alerts": (" · 高级预警 {high} 条", " · {high} high alerts"),
    "alerts.title": ("{township} 预警 {day}", "{township} alerts {day}"),
    "alerts.headline": (
        "预警 {total} 条 · 高 {high} · 中 {medium} · 低 {low}",
        "{total} alerts · {high} high · {medium} medium · {low} low",
    ),
    "col.severity": ("级别", "severity"),
    "col.alert": ("预警", "alert"),
    "col.detail": ("说明", "detail"),
    "due.unassigned": ("（未指定）", "(unassigned)"),
    "due.section": ("【{group}】{count} 项", "[{group}] {count} items"),
    "due.when.overdue": ("逾期 {days} 天", "{days} days overdue"),
    "due.when.done": ("已完成", "done"),
    "due.when.today": ("今天到期", "due today"),
    "due.when.left": ("还剩 {days} 天", "{days} days left"),
    "due.streak": ("连漏 {count} 次", "{count} missed"),
    "why.title": (
        "{case_no} 帮教规则说明（{day}，状态：{status}）",
        "{case_no}: each rule explained ({day}, status: {status})",
    ),
    "why.no_status": ("无状态记录", "no status recorded"),
    "why.not_active": (
        "当天不在社区戒毒/康复的在管期内（{status}），没有应办事项。",
        "Not under active supervision that day ({status}): nothing is due.",
    ),
    "why.no_obligation": (
        "本周期没有应办事项（不在期限内）。",
        "No obligation in this window (outside a term).",
    ),
    "why.rolling": (
        "每 {every} 天一次，从 {start} 起算，截止 {deadline}",
        "every {every} days, counted from {start}, deadline {deadline}",
    ),
    "why.kept_by": (
        "已由 {day} 的{kinds}（{mode}）完成",
        "kept by the {kinds} ({mode}) on {day}",
    ),
    "why.late": ("该记录在截止日后补录", "that record was entered after the deadline"),
    "why.not_yet": ("本周期尚未完成，还剩 {days} 天", "not kept yet, {days} days left"),
    "why.not_yet_today": ("本周期尚未完成，今天到期", "not kept yet, due today"),
    "why.overdue": ("已逾期 {days} 天", "{days} days overdue"),
    "why.not_counted.kind": (
        "{day} 的{kinds}不算（类型不符）",
        "the {kinds} on {day} does not count (wrong kind)",
    ),
    "why.not_counted.mode": (
        "{day} 的{kinds}是{mode}，不算（须{modes}）",
        "the {kinds} on {day} was by {mode}, which does not count ({modes} only)",
    ),
    "why.not_counted.result": (
        "{day} 的尿检结果为{result}，不算完成",
        "the urine test on {day} was {result}, which keeps nothing",
    ),
    "why.not_counted.absent": (
        "{day} 的尿检本人未到，不算接触",
        "the person did not come to the test on {day}",
    ),
    "why.unregistered": ("尚未登记", "not yet registered"),
    "why.paused": (
        "本周期有 {days} 天不在社区管理期内（尚未开始、请假、羁押或已结束）",
        "{days} days of this window were outside active supervision (not yet begun, "
        "leave, detention or ended)",
    ),
    "why.streak": ("此前已连续漏做 {count} 次", "{count} windows missed before this one"),
    "why.last_kept": ("上次完成于 {day}", "last kept on {day}"),
    "error.rule.unknown_key": (
        "没有规则“{rule}”；现有：{rules}。",
        "There is no rule '{rule}'; the rules are: {rules}.",
    ),
    "plan.show.title": ("帮教方案 {plan} 的规则", "Rules of plan {plan}"),
    "plan.add.done": ("已新建帮教方案 {plan}。", "Created the plan {plan}."),
    "plan.rule.done": ("已设置方案 {plan} 的规则 {rule}。", "Set rule {rule} of plan {plan}."),
    "plan.remove_rule.done": (
        "已从方案 {plan} 删除规则 {rule}。",
        "Removed rule {rule} from plan {plan}.",
    ),
    "plan.any_contact": ("任何接触", "any contact"),
    "error.plan.key": (
        "方案代号只能用小写英文字母、数字和下划线，以字母开头（如 away）。",
        "A plan key is lowercase letters, digits and _, starting with a letter (e.g. away).",
    ),
    "error.rule.key": (
        "规则代号只能用小写英文字母、数字和下划线，以字母开头（如 phone_talk）。",
        "A rule key is lowercase letters, digits and _, starting with a letter (e.g. phone_talk).",
    ),
    "error.rule.tier_status": (
        "分阶段规则只用于社区戒毒或社区康复，例如 --tier community_treatment=1,2,3。",
        "Tiers are for community_treatment or community_rehab, e.g. "
        "--tier community_treatment=1,2,3.",
    ),
    "error.rule.tier_months": (
        "分阶段的月数应为 1–36 的整数，用逗号分隔，例如 1,2,3。",
        "Tier months are whole numbers 1 to 36, comma separated, e.g. 1,2,3.",
    ),
    "due.when.overdue.one": ("逾期 {days} 天", "1 day overdue"),
    "due.when.left.one": ("还剩 {days} 天", "1 day left"),
    "due.streak.one": ("连漏 {count} 次", "1 missed"),
    "why.not_yet.one": ("本周期尚未完成，还剩 {days} 天", "not kept yet, 1 day left"),
    "why.overdue.one": ("已逾期 {days} 天", "1 day overdue"),
    "why.paused.one": (
        "本周期有 {days} 天不在社区管理期内（尚未开始、请假、羁押或已结束）",
        "1 day of this window was outside active supervision (not yet begun, leave, "
        "detention or ended)",
    ),
    "why.streak.one": ("此前已连续漏做 {count} 次", "1 window missed before this one"),
    "settings.done": ("已更新设置 {key}。", "Setting {key} updated."),
    "info.path": ("数据库：{path}", "Database: {path}"),
    "info.settings": (
        "乡镇：{township}  时区：{timezone}  案件号前缀：{prefix}",
        "Township: {township}  time zone: {timezone}  case prefix: {prefix}",
    ),
    "backup.done": (
        "已备份到 {path}（已校验，仅本人可读写）。",
        "Backed up to {path} (checked, readable by its owner only).",
    ),
    "restore.done": (
        "已从 {source} 恢复；恢复前的数据已另存为 {safety}。",
        "Restored from {source}; the data as it was is kept in {safety}.",
    ),
    "verify.integrity": ("文件完整性", "File integrity"),
    "verify.foreign_keys": ("外键关联", "Foreign keys"),
    "verify.audit": ("审计日志链", "Audit chain"),
    "verify.ok": ("正常", "ok"),
    "verify.problems": ("发现 {count} 处问题", "{count} problems"),
    "verify.failed": (
        "检查未通过：请勿继续写入，先用备份恢复或联系维护人员。",
        "The check failed: stop writing, restore a backup or call the maintainer.",
    ),
    "verify.counts": (
        "人员 {persons}，状态记录 {status_history}，帮教人员 {helpers}，小组成员 "
        "{team_members}，接触 {contacts}，照片 {photos}，审计 {audit}。",
        "{persons} persons, {status_history} status entries, {helpers} helpers, "
        "{team_members} team memberships, {contacts} contacts, {photos} photos, "
        "{audit} audit rows.",
    ),
    "verify.audit.edited": (
        "审计记录 #{id} 的内容被改动过",
        "audit row #{id} was altered after it was written",
    ),
    "verify.audit.broken_link": (
        "审计记录 #{id} 与上一条接不上（前面有记录被删或被改）",
        "audit row #{id} does not follow its predecessor (a row before it was removed or altered)",
    ),
    "verify.audit.gap": (
        "审计记录 #{id} 之前缺号（有记录被删除）",
        "rows are missing before audit row #{id} (removed)",
    ),
    "verify.audit.head_mismatch": (
        "审计日志末尾与记录的链头不符（末尾有记录被删除或改动）",
        "the end of the audit log does not match its recorded head (rows cut from the end)",
    ),
    "verify.audit.head_missing": (
        "审计日志的链头丢失",
        "the recorded head of the audit log is missing",
    ),
    # --- lifecycle, breaches, alerts -------------------------------------------------
    # Reasons a status entry is refused (lifecycle.transition_refusal).
    "lifecycle.unknown_status": ("没有这个人员状态。", "There is no such status."),
    "lifecycle.after_deceased": (
        "该人员已登记死亡，不能再登记其他状态。",
        "This person is recorded as deceased; no status can follow.",
    ),
    "error.team.before_registration": (
        "这一天早于此人的登记日 {registered}；团队成员从登记日或以后算起。",
        "That day is before the person's registration day {registered}; a team role "
        "starts on it or later.",
    ),
    "lifecycle.ahead": (
        "这个状态只能从今天或以前的日子记起；只有请假外出（on_leave，带 --until）可以提前登记。",
        "This status can only be recorded from today or an earlier day; only approved leave "
        "(on_leave, with --until) may be entered ahead.",
    ),
    "lifecycle.before_current": (
        "起始日期早于最近一条状态记录；状态记录只能按时间先后追加。",
        "The start day is before the latest status entry; statuses are recorded in date order.",
    ),
    "lifecycle.same_status": (
        "该人员当时已是这个状态；如有新的决定书，请填写新的决定书编号。",
        "The person already has this status then; a new decision needs a new document number.",
    ),
    "lifecycle.closed_needs_new_decision": (
        "该人员已结束管理（解除、戒断三年未复吸、迁出或出境），须凭新的决定书（未用过的编号）"
        "才能重新纳入。",
        "The file is closed (released, abstinent 3 years, moved out or abroad); only a new "
        "decision, with a document number not used before, reopens it.",
    ),
    "lifecycle.doc_no_used": (
        "该决定书编号在此人的状态记录中已用过；重新纳入管理须凭新的决定书编号。",
        "This document number is already in the person's history; reopening needs a new one.",
    ),
    "lifecycle.not_allowed": (
        "从当前状态不能直接转为该状态。",
        "This status cannot follow the current one.",
    ),
    "lifecycle.resume_other_status": (
        "回归后应恢复中断前的社区戒毒或社区康复；改为另一种须有新的决定书编号。",
        "Coming back resumes the interrupted treatment or rehabilitation; the other one "
        "needs a new decision document.",
    ),
    "lifecycle.abstinent_too_soon": (
        "解除未满三年，还不能登记为戒断三年未复吸。",
        "Fewer than three years since release: abstinent 3 years cannot be recorded yet.",
    ),
    "lifecycle.until_before_since": (
        "截止日期早于起始日期，请核对。",
        "The end day is before the start day; check them.",
    ),
    "lifecycle.leave_needs_until": (
        "请假外出须填写截止日期；到期后自动恢复管理。",
        "Leave needs an end day; supervision resumes by itself after it.",
    ),
    "lifecycle.until_only_paused": (
        "只有请假外出、羁押和强制隔离戒毒可以填写截止日期。",
        "Only leave, detention and compulsory isolation take an end day.",
    ),
    "lifecycle.leave_needs_supervision": (
        "请假外出只能在社区戒毒或社区康复期间登记。",
        "Leave is recorded only during community treatment or rehabilitation.",
    ),
    # Term lengths (lifecycle.term_years_refusal, InvalidTerm).
    "lifecycle.term.invalid": ("期限不符合规定。", "The term length is not allowed."),
    "lifecycle.term.no_term": (
        "只有社区戒毒和社区康复有执行期限。",
        "Only community treatment and community rehabilitation have a term.",
    ),
    "lifecycle.term.treatment_fixed": (
        "社区戒毒期限为三年（禁毒法第三十三条）。",
        "Community treatment lasts three years (Anti-Drug Law, Art. 33).",
    ),
    "lifecycle.term.rehab_years": (
        "社区康复期限为 1 至 3 年（不超过三年）。",
        "Community rehabilitation lasts 1 to 3 years.",
    ),
    # Breaches of the agreement (breaches.py).
    "breach.kind.refused_test": ("拒绝尿检", "refused a test"),
    "breach.kind.absent_test": ("未到尿检", "did not come to a test"),
    "breach.kind.left_county": ("擅自离开县域", "left the county without permission"),
    "breach.kind.other": ("其他违反协议", "other breach"),
    "breach.unknown_kind": (
        "没有这种违反协议类型；可选：拒绝尿检、未到尿检、擅自离开县域、其他。",
        "No such kind of breach; choose refused_test, absent_test, left_county or other.",
    ),
    "breach.days_required": (
        "擅自离开县域须填写在外天数（至少 1 天）。",
        "Leaving the county needs the number of days away (at least 1).",
    ),
    "breach.days_only_left_county": (
        "只有擅自离开县域才填写在外天数。",
        "Only leaving the county takes a number of days.",
    ),
    "breach.serious.dodged": (
        "逃避或拒绝尿检累计 {count} 次以上",
        "tests dodged or refused {count} or more times",
    ),
    "breach.serious.leavings": (
        "未经批准离开县域累计 {count} 次以上",
        "left the county without permission {count} or more times",
    ),
    "breach.serious.days_away": (
        "未经批准离开县域累计超过 {days} 天",
        "out of the county without permission for more than {days} days in all",
    ),
    "breach.near.dodged": (
        "已逃避或拒绝尿检 {count} 次，再有 1 次即为严重违反协议",
        "{count} tests dodged or refused: one more is a serious breach",
    ),
    "breach.near.leavings": (
        "已擅自离开县域 {count} 次，再有 1 次即为严重违反协议",
        "left the county {count} times: once more is a serious breach",
    ),
    "breach.near.days_away": (
        "擅自离开县域累计已达 {days} 天，超过 {limit} 天即为严重违反协议",
        "{days} or more days out of the county: more than {limit} is a serious breach",
    ),
    # Alerts (alerts.py): severity, kind, and the sentence saying why.
    "severity.high": ("高", "high"),
    "severity.medium": ("中", "medium"),
    "severity.low": ("低", "low"),
    "alert.kind.minor": ("未成年人", "minor"),
    "alert.kind.relapse": ("复吸", "relapse"),
    "alert.kind.serious_breach": ("严重违反协议", "serious breach"),
    "alert.kind.near_serious_breach": ("接近严重违反协议", "near a serious breach"),
    "alert.kind.lost_contact": ("失联", "lost contact"),
    "alert.kind.report_overdue": ("逾期未报到", "not reported"),
    "alert.kind.missed_streak": ("连续未完成", "missed in a row"),
    "alert.kind.leave_no_contact": ("请假期满未联系", "no contact after leave"),
    "alert.kind.term_ended": ("期满未解除", "term ended, not released"),
    "alert.kind.term_ending": ("期限将满", "term ending"),
    "alert.kind.abstinent_due": ("建议转为戒断三年未复吸", "suggest abstinent 3 years"),
    "alert.kind.file_incomplete": ("档案信息不全", "file incomplete"),
    "alert.detail.minor": (
        "未成年人（{age} 岁）在管：请落实监护人责任和学校、家庭帮教，并按规定上报。",
        "A minor ({age}) under supervision: engage the guardian, the school and the family, "
        "and report it as required.",
    ),
    "alert.detail.relapse": (
        "{day} 尿检阳性（近 {days} 天共 {count} 次），应报告公安机关。",
        "Positive test on {day} ({count} in the last {days} days); report it to the police.",
    ),
    "alert.detail.serious_breach": (
        "本期限内逃避或拒绝尿检 {dodged} 次，擅自离开县域 {leavings} 次、累计 {days_away} 天，"
        "已构成严重违反协议，应报告公安机关。",
        "This term: {dodged} tests dodged or refused, {leavings} times out of the county "
        "for {days_away} days in all. This is a serious breach; report it to the police.",
    ),
    "alert.detail.near_serious_breach": (
        "本期限内逃避或拒绝尿检 {dodged} 次，擅自离开县域 {leavings} 次、累计 {days_away} 天，"
        "再违反一次即构成严重违反协议，请加强教育。",
        "This term: {dodged} tests dodged or refused, {leavings} times out of the county "
        "for {days_away} days in all. One more is a serious breach.",
    ),
    "alert.detail.lost_contact": (
        "处于失联状态，帮教事项照常计算，请尽快查找并报告公安机关。",
        "Lost contact: obligations still fall due. Find the person and tell the police.",
    ),
    "alert.detail.report_overdue": (
        "决定日期 {decision_date}，应在 {deadline} 前报到，已逾期 {days_late} 天未报到，"
        "视为拒绝社区戒毒。",
        "Decided on {decision_date}, due to report by {deadline}, now {days_late} days "
        "late: this counts as refusal.",
    ),
    "alert.detail.missed_streak": (
        "{rule} 已连续 {count} 期未完成。",
        "{rule}: {count} missed in a row.",
    ),
    "alert.detail.leave_no_contact": (
        "请假已于 {until} 期满，之后没有任何接触记录，请核实是否已返回。",
        "Leave ended on {until} and there has been no contact since; check the person is back.",
    ),
    "alert.detail.term_ended": (
        "期限已于 {term_end} 届满，仍在管理中，请办理解除。",
        "The term ended on {term_end} but the person is still supervised; record the release.",
    ),
    "alert.detail.term_ending": (
        "期限于 {term_end} 届满（还剩 {days_left} 天），请准备解除手续。",
        "The term ends on {term_end} (days left: {days_left}); prepare the release.",
    ),
    "alert.detail.abstinent_due": (
        "{released_on} 解除，已满三年且此后无阳性记录，建议转为戒断三年未复吸。",
        "Released on {released_on}, three years clean since: suggest abstinent 3 years.",
    ),
    "alert.detail.file_incomplete": (
        "档案缺少报表所需的 {count} 项信息：{fields}。",
        "Fields that reports need are empty ({count}): {fields}.",
    ),
    # --- issue 10: platform, files and backups ---
    "error.folder.no_root": (
        "{path} 不存在（U 盘或驱动器可能没有插好）；请换一个位置。",
        "{path} does not exist (a USB stick or drive may be missing); choose another place.",
    ),
    "error.private.refused": (
        "{path} 其他用户也能读取，已拒绝打开；请在命令提示符中运行 {fix} 后重试。",
        "{path} can be read by other users and was refused; run {fix} in a Command Prompt "
        "and try again.",
    ),
    "error.private.failed": (
        "无法把 {path} 设为仅本人可读写，未保留该文件；请检查该位置的权限。",
        "Could not make {path} readable by its owner only, so it was not kept; check the "
        "permissions of that place.",
    ),
    "error.folder.is_file": (
        "{path} 是一个文件，不是文件夹；请换一个位置。",
        "{path} is a file, not a folder; choose another place.",
    ),
    "usage.backup_keep_file": (
        "--keep 只清理默认备份文件夹中的备份；请不要同时给出备份文件名。",
        "--keep rotates the backups in the default backup folder; give no file name with it.",
    ),
    "backup.removed": (
        "已删除较早的备份 {count} 个：{names}",
        "Removed {count} older backups: {names}",
    ),
    "backup.removed.one": (
        "已删除较早的备份 {count} 个：{names}",
        "Removed 1 older backup: {names}",
    ),
    # --- issue 10: help, usage errors and the command line ---
    "usage.error": ("用法有误：{message}", "Error: {message}"),
    "usage.try_help": ("运行 '{command} -h' 查看帮助。", "Try '{command} -h' for help."),
    "usage.aborted": ("已取消。", "Aborted."),
    "usage.no_such_command": ("没有命令 {name}。", "No such command {name}."),
    "usage.did_you_mean": ("是不是要输入 {names}？", "Did you mean {names}?"),
    "usage.no_such_option": ("没有选项 {name}。", "No such option: {name}."),
    "usage.missing_argument": ("缺少参数 {name}。", "Missing argument {name}."),
    "usage.missing_option": ("缺少选项 {name}。", "Missing option {name}."),
    "usage.bad_value": ("{name} 的值无效：{reason}", "Invalid value for {name}: {reason}"),
    "usage.not_one_of": (
        "{value} 不是可选的值（可选：{choices}）。", "{value} is not one of {choices}."
    ),
    "usage.not_integer": ("{value} 不是整数。", "{value} is not a valid integer."),
    "usage.not_number": ("{value} 不是数字。", "{value} is not a valid float."),
    "usage.not_in_range": (
        "{value} 不在允许的范围 {range} 内。",
        "{value} is not in the range {range}.",
    ),
    "usage.needs_value": ("选项 {name} 后面要跟一个值。", "Option {name} requires an argument."),
    "usage.extra_arguments": ("多余的参数：{args}。", "Got unexpected extra arguments: {args}."),
    "usage.takes_no_value": (
        "选项 {name} 不带值。", "Option {name} does not take a value."
    ),
    "usage.missing_command": ("缺少命令。", "Missing command."),
    # --- issue 10: identity documents ---
    "col.id_number_15": ("原 15 位身份证号", "old 15-digit ID number"),
    "col.passport_no": ("护照号码", "passport number"),
    "col.nationality": ("国籍", "nationality"),
    "document.passport": ("护照", "passport"),
    "error.passport.shape": (
        "护照号码应为 5–20 位字母或数字，请核对后重新输入。",
        "A passport number has 5 to 20 letters or digits; check and retype it.",
    ),
    "error.nationality.unknown": (
        "不认识的国籍“{text}”；请用 ISO 3166 三位字母代码，如 MMR（缅甸）、LAO（老挝）、"
        "VNM（越南）、THA（泰国）。",
        "Unknown nationality '{text}'; use an ISO 3166 three-letter code such as MMR "
        "(Myanmar), LAO (Laos), VNM (Viet Nam) or THA (Thailand).",
    ),
    "error.nationality.china": (
        "中国公民用 --id-number 登记身份证号（号码尚不知道时用 --no-id）。",
        "A Chinese citizen is registered by --id-number (or --no-id while the number is "
        "not known).",
    ),
    "error.person.duplicate_passport": (
        "该护照已登记在另一名人员名下；请用 yuesong person find 加护照号码后 4 位查找。",
        "This passport is already registered for another person; use 'yuesong person "
        "find' with its last 4 characters.",
    ),
    "usage.identity.clash": (
        "--id-number、--passport 和 --no-id 只能给一个。",
        "Give only one of --id-number, --passport and --no-id.",
    ),
    "usage.identity.needs": ("{option} 需要同时给出 {needs}。", "{option} needs {needs}."),
    "usage.identity.needs_person": (
        "{option} 需要同时给出 --gender 和 --born（性别和出生日期）。",
        "{option} needs --gender and --born (gender and birth date).",
    ),
    "usage.identity.from_number": (
        "性别和出生日期从身份证号读出，有身份证号时不用 --gender 和 --born。",
        "Gender and birth date are read from the ID number; leave out --gender and --born.",
    ),
    "country.MMR": ("缅甸", "Myanmar"),
    "country.LAO": ("老挝", "Laos"),
    "country.VNM": ("越南", "Viet Nam"),
    "country.THA": ("泰国", "Thailand"),
    "country.KHM": ("柬埔寨", "Cambodia"),
    "country.IND": ("印度", "India"),
    "country.BGD": ("孟加拉国", "Bangladesh"),
    "country.NPL": ("尼泊尔", "Nepal"),
    "country.BTN": ("不丹", "Bhutan"),
    "country.MYS": ("马来西亚", "Malaysia"),
    # --- issue 10: tables that fit and the console's encoding ---
    # --- issue 10: dates, warnings and photos ---
    "error.date.unreadable": (
        "无法识别日期“{text}”。可以写：2026-11-02、2026/11/02、2026.11.02、20261102、"
        "2026年11月2日；不写年份：11-02、11/02、11.02、11月2日"
        "（指今天后 {days} 天以内最晚的那一天）；今天、昨天、前天；-N（N 天前）。",
        "Cannot read the date '{text}'. Write 2026-11-02, 2026/11/02, 2026.11.02, "
        "20261102 or 2026年11月2日; without the year 11-02, 11/02, 11.02 or 11月2日 (the "
        "latest such day up to {days} days from today); today, yesterday (昨天), 前天; or -N "
        "(N days ago).",
    ),
    "warn.contact.mode": (
        "注意：这次接触是{mode}，不计入{missed}（须{needs}）；计入{kept}。已记录。",
        "Note: this contact was by {mode}: it does not count for {missed} ({needs} only); "
        "it counts for {kept}. It is recorded.",
    ),
    "warn.contact.mode_keeps_nothing": (
        "注意：这次接触是{mode}，不计入{missed}（须{needs}），也不计入其他任何帮教义务。"
        "已记录。",
        "Note: this contact was by {mode}: it does not count for {missed} ({needs} only), "
        "nor for any other obligation. It is recorded.",
    ),
    "warn.contact.not_supervised": (
        "注意：{case_no} 自 {since} 起为“{status}”，{day} 不在社区管控中：这次接触已记入档案，"
        "但该状态下没有帮教义务，它不计入任何义务。",
        "Note: {case_no} has been {status} since {since} and is not under community "
        "supervision on {day}: the contact is kept in the file, but nothing falls due in "
        "that status, so it keeps no obligation.",
    ),
    "error.photo.unreadable": (
        "{path} 不是能读取的图片（接受 JPEG、PNG、GIF、WebP；苹果手机的 HEIC 照片请先存为 JPEG）。",
        "{path} is not an image that can be read (JPEG, PNG, GIF and WebP are accepted; "
        "save an iPhone's HEIC photo as JPEG first).",
    ),
    "error.photo.unknown": (
        "没有编号为 {id} 的照片；用 yuesong photo list 人员 查看编号。",
        "There is no photo {id}; 'yuesong photo list PERSON' shows the numbers.",
    ),
    "error.photo.ambiguous": (
        "编号 {id} 对应多张照片，请写出完整的 {length} 位编号。",
        "{id} names several photos; give the whole {length}-character number.",
    ),
    "photo.exported": (
        "已导出照片 {id} 到 {path}（仅本人可读）。",
        "Exported photo {id} to {path} (readable by you only).",
    ),
    "error.photo.exists": (
        "{path} 已存在，未覆盖；请换一个文件夹。",
        "{path} exists and was left alone; choose another folder.",
    ),
    "col.photo_id": ("照片编号", "photo"),
    "col.contact_id": ("接触编号", "contact"),
    "col.media_type": ("格式", "type"),
    "col.photo_size": ("大小(KB)", "size (KB)"),
    "col.pixels": ("像素", "pixels"),
    # --- issue 11: import ---
    "import.summary": (
        "{file}：读取 {read} 行，新增 {new}，已登记 {registered}，冲突 {conflicting}，"
        "无效 {invalid}。",
        "{file}: {read} rows read, {new} new, {registered} already registered, "
        "{conflicting} conflicting, {invalid} invalid.",
    ),
    "import.column.unknown": (
        "未导入的列：{header}（可用 --map 列名=字段 指定）",
        "Column not imported: {header} (name its field with --map COLUMN=field)",
    ),
    "import.column.not_yet": (
        "暂不导入的列：{header}（包保责任人请用 team 命令登记）",
        "Column not imported yet: {header} (record helpers with the team commands)",
    ),
    "import.problem": ("第 {row} 行 {header}：{message}", "Row {row}, {header}: {message}"),
    "import.written": ("已登记 {count} 人。", "{count} persons registered."),
    "import.dry_run": (
        "仅检查，未写入；确认无误后加 --commit 导入。",
        "Checked only, nothing written; add --commit to import.",
    ),
    "import.progress": ("检查", "Checking"),
    "error.import.empty": ("未填写。", "empty."),
    "error.import.id_scientific": (
        "被 Excel 显示成科学计数法（如 5.30829E+17），后几位已丢失；"
        "请把该列设为文本格式后重新录入。",
        "Excel turned it into a number like 5.30829E+17 and lost its last digits; "
        "format the column as text and type the numbers again.",
    ),
    "error.import.yes_no": ("应为“是”或“否”。", "should be yes or no."),
    "error.import.not_as_id": ("与身份证号不符。", "differs from what the ID number says."),
    "error.import.duplicate": (
        "与第 {first} 行重复。", "the same ID number as row {first}."
    ),
    "error.import.conflict": (
        "已登记为 {case}，资料不同：{columns}。",
        "registered as {case} with other data: {columns}.",
    ),
    "error.import.no_column": (
        "文件中没有“{column}”列；可用 --map 列名=字段 指定。",
        "The file has no column for {column}; name it with --map COLUMN=field.",
    ),
    "error.import.no_header": (
        "前 {rows} 行中找不到表头（至少要有姓名和身份证号两列）。",
        "No header row in the first {rows} rows (it needs at least name and ID number).",
    ),
    "error.import.no_header.contacts": (
        "前 {rows} 行中找不到表头（至少要有案件编号或身份证号、日期、帮教类型三列）。",
        "No header row in the first {rows} rows (it needs at least a case or ID number, the "
        "date and the kinds).",
    ),
    "error.import.kind": (
        "只能导入以下格式：{kinds}。",
        "Only these files can be imported: {kinds}.",
    ),
    "error.import.no_file": ("找不到文件 {file}。", "No file {file}."),
    "error.import.unreadable": (
        "{file} 不是可读取的 Excel 工作簿（.xlsx）。",
        "{file} is not a readable Excel workbook (.xlsx).",
    ),
    "error.import.encoding": (
        "文件既不是 UTF-8 也不是 GB18030（GBK）编码；请用 --encoding 指定它的编码。",
        "The file is neither UTF-8 nor GB18030 (GBK); give its encoding with --encoding.",
    ),
    "error.import.encoding_unknown": (
        "不认识的编码：{encoding}。", "Unknown encoding: {encoding}."
    ),
    "error.import.refused": (
        "有不能导入的行，未写入任何内容；改正后重试，或加 --skip-invalid 只导入有效行。",
        "Some rows cannot be imported; nothing was written. Correct them, or add "
        "--skip-invalid to import the valid rows only.",
    ),
    "usage.import.map": (
        "--map 的写法是 列名=字段，不是 {pair}。", "--map takes COLUMN=field, not {pair}."
    ),
    "usage.import.map_field": ("没有字段 {field}。", "No field {field}."),
    "import.contacts.summary": (
        "{file}：读取 {read} 行，新增 {new}，已记录 {registered}，无效 {invalid}。",
        "{file}: {read} rows read, {new} new, {registered} already recorded, "
        "{invalid} invalid.",
    ),
    "import.contacts.written": ("已记录 {count} 次帮教。", "{count} contacts recorded."),
    "error.import.no_person": (
        "没有登记此人（按案件号或身份证号）。",
        "no such person registered (by case number or ID number).",
    ),
    "template.written": ("已写出导入模板 {path}。", "Import template written to {path}."),
    "usage.template.what": (
        "模板只有 persons（人员台账）和 contacts（帮教记录）两种，没有 {what}。",
        "There are templates for persons and contacts, not {what}.",
    ),
    "error.template.suffix": (
        "模板是 Excel 工作簿，文件名应以 .xlsx 结尾：{path}。",
        "The template is an Excel workbook; the file name must end in .xlsx: {path}.",
    ),
    "template.sheet.persons": ("人员台账", "persons"),
    "template.sheet.contacts": ("帮教记录", "contacts"),
    "template.sheet.help": ("填写说明", "how to fill in"),
    "template.col.header": ("列", "column"),
    "template.col.holds": ("填写内容", "what it holds"),
    "template.col.required": ("是否必填", "required"),
    "template.col.values": ("可填的值", "accepted values"),
    "template.required": ("必填", "required"),
    "template.optional": ("选填", "optional"),
    "template.one_of": ("必填（或填 {other}）", "required (or {other})"),
    "template.kind.text": ("文字。", "Text."),
    "template.kind.date": ("日期，如 2026-03-01。", "A date, e.g. 2026-03-01."),
    "template.kind.phone": ("电话号码。", "A phone number."),
    "template.kind.bool": ("“是”或“否”。", "是 (yes) or 否 (no)."),
    "template.kind.choice": ("从下拉列表中选一项。", "One value from the drop-down list."),
    "template.kind.choices": (
        "一项或几项，用顿号（、）分隔。", "One or more values, separated by 、."
    ),
    "template.note.id_number": (
        "18 位公民身份号码（本列已设为文本格式）。",
        "The 18-digit resident ID number (the column is formatted as text).",
    ),
    "template.note.since": (
        "人员状态的起始日期；不填则取决定日期。",
        "The day the status holds from; empty: the decision date.",
    ),
    "template.note.person": (
        "案件号，或在身份证号列填写。",
        "The case number, or fill in the ID number column.",
    ),
    "template.note.helpers": (
        "帮教人员的姓名或编号，几人用顿号（、）分隔。",
        "The helpers' names or numbers, several separated by 、.",
    ),
    # --- issue 11: corrections ---
    "breach.add.numbered": (
        "已记录 {case_no} 的违反协议 #{id}：{kind}（{day}）。",
        "Recorded breach #{id} for {case_no}: {kind} ({day}).",
    ),
    "breach.void.done": (
        "已作废违反协议 #{id}：{case_no} {day} {kind}；原记录与原因已留存。",
        "Voided breach #{id}: {case_no} {day} {kind}; the original and the reason are kept.",
    ),
    "error.breach.unknown": (
        "没有编号为 {id} 的违反协议记录；可用 yuesong breach list 查看编号"
        "（尿检记录用 yuesong contact void 作废）。",
        "No breach numbered {id}; yuesong breach list shows the numbers"
        " (a test record is voided with yuesong contact void).",
    ),
    "error.contact.unknown": (
        "没有编号为 {id} 的接触记录；可用 yuesong contact list 查看编号。",
        "No contact numbered {id}; yuesong contact list shows the numbers.",
    ),
    "error.correction.no_reason": (
        "更正须写明原因：请加 --reason。",
        "A correction needs its reason: add --reason.",
    ),
    "error.correction.nothing": (
        "没有要更改的内容：请给出 --on、--kinds、--mode、--result、--substance、"
        "--place 或 --note。",
        "Nothing to change: give --on, --kinds, --mode, --result, --substance, --place or --note.",
    ),
    "contact.void.done": (
        "已作废接触 #{id}：{case_no} {day} {kinds}；原记录与原因已留存。",
        "Voided contact #{id}: {case_no} {day} {kinds}; the original and the reason are kept.",
    ),
    "contact.amend.done": (
        "已更正接触 #{id}（{case_no}）：{fields}；原记录与原因已留存。",
        "Amended contact #{id} ({case_no}): {fields}; the original and the reason are kept.",
    ),
    # --- issue 11: handover ---
    "report.handover.title": (
        "{township} 工作交接（截至 {day}）",
        "{township} handover as of {day}",
    ),
    "col.handover.township": ("乡镇", "township"),
    "col.handover.as_of": ("截至日期", "as of"),
    "col.handover.persons_supervised": ("在管人数", "persons supervised"),
    "col.handover.open_obligations": ("未完成事项", "open obligations"),
    "col.handover.high_alerts": ("高级预警", "high alerts"),
    "col.handover.database": ("数据库位置", "database"),
    "col.handover.backup_folder": ("备份文件夹", "backup folder"),
    "col.handover.backups": ("备份文件数", "backups there"),
    "col.handover.last_backup": ("最近一次已校验备份", "last verified backup"),
    "col.handover.open": ("未完成", "open"),
    "col.handover.alerts": ("预警", "alerts"),
    "section.handover.persons": ("在管人员", "Persons under supervision"),
    "section.handover.obligations": ("未完成事项", "Open obligations"),
    "section.handover.alerts": ("预警", "Alerts"),
    "section.handover.incomplete": ("档案不完整", "Incomplete files"),
    "handover.no_backup": (
        "尚无备份：请运行 yuesong db backup",
        "none yet: run yuesong db backup",
    ),
    "handover.last_backup": ("{day}（{name}）", "{day} ({name})"),
    # --- issue 11: history from ---
    "col.history_from": ("记录起始日", "history from"),
    "why.before_history": (
        "{day} 在记录起始日 {start} 之前：此前的应办事项不计（状态照原记录保留）。",
        "{day} is before the history start {start}: obligations before it are not "
        "counted (the statuses stay as recorded).",
    ),
    "why.before_history_window": (
        "本周期 {start}~{end} 始于记录起始日 {history} 之前：做了算完成，到期未做也不算漏做"
        "（记录起始日前做过什么没有记录）",
        "this window, {start}~{end}, began before the history start {history}: kept, it "
        "counts; not kept by its deadline, it is not counted missed (what was done before "
        "that day is not on record)",
    ),
    "error.history_from.before_registration": (
        "记录起始日 {day} 早于登记日 {registered}：登记前本来就不计应办事项；"
        "请给登记日或更晚的日期，或不设记录起始日。",
        "The history start {day} is before the registration day {registered}: nothing "
        "is owed before registration anyway; give that day or a later one, or none.",
    ),
    "import.history_from": (
        "{count} 人的应办事项自 {day} 起计（记录起始日），此前的不计为漏做；"
        "状态起始日照原记录保留。",
        "Obligations of {count} persons count from {day} (the history start); none before "
        "it is missed, and the status dates stay as recorded.",
    ),
    "import.history_from.one": (
        "{count} 人的应办事项自 {day} 起计（记录起始日），此前的不计为漏做；"
        "状态起始日照原记录保留。",
        "Obligations of 1 person count from {day} (the history start); none before it is "
        "missed, and the status dates stay as recorded.",
    ),
    "import.history_from.registration": (
        "{count} 人的应办事项自登记日起计（登记日不早于记录起始日）。",
        "Obligations of {count} persons count from their registration day (it is not "
        "before the history start).",
    ),
    "import.history_from.registration.one": (
        "{count} 人的应办事项自登记日起计（登记日不早于记录起始日）。",
        "Obligations of 1 person count from their registration day (it is not before the "
        "history start).",
    ),
    # The review of issue 11: one check of a contact, imports that keep corrections.
    "warn.contact.mode.import": (
        "这次接触是{mode}，不计入{missed}（须{needs}）；计入{kept}。照样导入。",
        "this contact was by {mode}: it does not count for {missed} ({needs} only); it "
        "counts for {kept}. It is imported as it is.",
    ),
    "warn.contact.mode_keeps_nothing.import": (
        "这次接触是{mode}，不计入{missed}（须{needs}），也不计入其他任何帮教义务。照样导入。",
        "this contact was by {mode}: it does not count for {missed} ({needs} only), nor "
        "for any other obligation. It is imported as it is.",
    ),
    "warn.contact.not_supervised.import": (
        "{case_no} 自 {since} 起为“{status}”，{day} 不在社区管控中：这次接触照样导入档案，"
        "但该状态下没有帮教义务，它不计入任何义务。",
        "{case_no} has been {status} since {since} and is not under community supervision "
        "on {day}: the contact is imported into the file, but nothing falls due in that "
        "status, so it keeps no obligation.",
    ),
    "import.relapse": (
        "尿检阳性：{case_no} 导入后记为复吸（计入复吸率，并列入预警），请按规定报告公安机关。",
        "positive test: once imported, {case_no} is recorded as a relapse (counted in the "
        "relapse rate and listed among the alerts); report it to the police.",
    ),
    "import.notice": ("第 {row} 行 提示：{message}", "Row {row}, note: {message}"),
    "import.notice.sheet": (
        "{sheet} 第 {row} 行 提示：{message}", "{sheet}, row {row}, note: {message}"
    ),
    "error.import.other_person": (
        "与案件号 {case} 不是同一人；请核对这一行的案件号和身份证号。",
        "names someone other than case number {case}; check the row's case number and ID "
        "number.",
    ),
    "import.corrected": (
        "已更正，未导入 {count} 行：这些行是已作废或已更正的接触的原样，不再导入。",
        "{count} rows corrected, not imported: they are contacts as they stood before "
        "being voided or amended, and are not brought back.",
    ),
    "import.corrected.row": ("第 {row} 行：{message}", "Row {row}: {message}"),
    "import.corrected.row.sheet": (
        "{sheet} 第 {row} 行：{message}", "{sheet}, row {row}: {message}"
    ),
    "import.corrected.void": (
        "已更正，未导入（接触 #{id} 已作废）。",
        "corrected, not imported (contact #{id} was voided).",
    ),
    "import.corrected.amend": (
        "已更正，未导入（接触 #{id} 已更正，原样不再导入）。",
        "corrected, not imported (contact #{id} was amended; its original is not brought "
        "back).",
    ),
    "error.import.csv_row": (
        "第 {row} 行：引号不成对或单元格过长（一格超过 131072 个字符），未写入任何内容；"
        "请检查这一行的引号。",
        "Row {row}: a quote is left open or a cell is too long (over 131,072 characters); "
        "nothing was written. Check the quotes of that row.",
    ),
    "error.import.encoding_forced": (
        "文件不是 {encoding} 编码（按它读取出错）；请换一种编码，或去掉 --encoding 由程序识别。",
        "The file does not read as {encoding}; try another encoding, or leave --encoding "
        "out and let it be detected.",
    ),
    "error.import.folder": (
        "{file} 是文件夹，不是文件；请给出要导入的文件。",
        "{file} is a folder, not a file; give the file to import.",
    ),
    "error.contact.urine_needs_result.import": (
        "尿检须在“{result}”列填写结果（阴性、阳性、拒检、未到）。",
        "a urine test needs its result in the column {result} (negative, positive, refused, "
        "absent).",
    ),
    "error.contact.result_needs_urine.import": (
        "只有尿检才有结果：请在“{kinds}”列加上尿检，或清空“{result}”列。",
        "only a urine test has a result: add urine to the column {kinds}, or empty the "
        "column {result}.",
    ),
    "error.contact.urine_in_person.import": (
        "尿检须当面进行（只有“未到”可记为电话联系）：请把“{mode}”列改为当面或留空。",
        "a urine test is taken in person (only 'absent' may be a call): put in person in the "
        "column {mode}, or leave it empty.",
    ),
    "error.contact.positive_needs_substance.import": (
        "阳性结果请在“{substance}”列注明毒品种类（如 海洛因、冰毒）。",
        "a positive result needs the substance in the column {substance} (e.g. heroin, meth).",
    ),
    "error.contact.substance_needs_positive.import": (
        "只有阳性结果才填写“{substance}”列。",
        "the column {substance} is filled in only for a positive result.",
    ),
    "sheets.nothing_owed": ("本周无应办事项", "nothing due this week"),
    "usage.import.skip_needs_commit": (
        "--skip-invalid 只与 --commit 一起用（导入有效行、跳过其余）；"
        "只检查文件时不加 --commit，会列出所有问题。",
        "--skip-invalid goes with --commit (import the valid rows, skip the rest); without "
        "--commit the file is only checked, and every problem is listed.",
    ),
    "import.skipped": (
        "跳过有问题的行 {count} 行，未导入。",
        " {count} rows with problems skipped, not imported.",
    ),
    "import.skipped.one": (
        "跳过有问题的行 {count} 行，未导入。",
        " 1 row with problems skipped, not imported.",
    ),
    "col.handover.last_backup_file": ("最近一次已校验备份文件", "last verified backup file"),
    "template.note.registered_on": (
        "在本台账登记的日期；不填则取起始日期。不能晚于今天。",
        "The day registered in this ledger; empty: the status's day. Not after today.",
    ),
    "template.note.history_from": (
        "应办事项从这天起计，此前的（及此前开始的周期）不计为漏做；不填则取导入时的 "
        "--history-from（默认导入当天）。不能晚于今天，也不能早于登记日期。",
        "The first day whose obligations count; none before it (nor any window begun "
        "before it) is missed. Empty: the import's --history-from (default: the import "
        "day). Not after today, nor before the registration day.",
    ),
    # --- issue 11: status void ---
    "person.status.numbered": (
        "已记录 {case_no} 的状态 #{id}：自 {day} 起为“{status}”。",
        "Recorded status entry #{id} for {case_no}: '{status}' from {day}.",
    ),
    "person.status.void.done": (
        "已作废状态记录 #{id}：{case_no} 自 {day} 起为“{status}”；原记录与原因已留存。",
        "Voided status entry #{id}: {case_no} '{status}' from {day}; the original and the"
        " reason are kept.",
    ),
    "person.status.void.restored": (
        "档案随之恢复：{fields}。",
        "The file follows: {fields} put back.",
    ),
    "person.status.void.emptied": (
        "状态记录中没有作废前的{fields}，档案中已清空；如知道，请用 yuesong person edit 补填。",
        "The history holds no earlier {fields}: emptied in the file, for yuesong person"
        " edit to fill in if known.",
    ),
    "error.status.unknown": (
        "没有编号为 {id} 的状态记录；可用 yuesong person show 查看编号。",
        "No status entry numbered {id}; yuesong person show lists the numbers.",
    ),
    "lifecycle.void.first": (
        "状态记录 #{id} 是登记时的第一条状态，不能作废：作废后该对象将没有状态，"
        "不再出现在待办清单和预警中；请在其后登记正确的状态。",
        "Status entry #{id} is the first, the registration's, and cannot be voided: the"
        " person would have no status and leave the due list and the alerts; record the"
        " right status after it.",
    ),
    "lifecycle.void.depends": (
        "不能作废：其后的状态记录 #{id}（{status}，{day}）依赖于它（没有它就不能这样登记，"
        "或期限、决定书会不同）；请先作废 #{id}。",
        "Cannot void it: the later entry #{id} ({status}, {day}) depends on it (without it,"
        " it could not have been recorded so, or its term or decision would differ); void"
        " #{id} first.",
    ),
    "usage.status_void": (
        "作废状态记录：yuesong person status void 编号 --reason 原因（编号是 person show"
        " 状态记录中的序号），不带 --on、--until、--doc、--term-years。",
        "To void a status entry: yuesong person status void ID --reason TEXT (ID is its"
        " number in person show's status history), without --on, --until, --doc or"
        " --term-years.",
    ),
    # --- issue 11: teams over time ---
    "helper.replace.done": (
        "自 {day} 起，帮教人员 {old} 的帮教小组角色由 {new} 接任：共 {roles} 个角色，"
        "涉及 {persons} 名人员。",
        "From {day}, helper {new} holds the team roles of {old} (roles moved: {roles}, "
        "persons: {persons}).",
    ),
    "helper.replace.nothing": (
        "帮教人员 {old} 自 {day} 起没有担任任何帮教小组角色，无需更换。",
        "Helper {old} holds no team role from {day} on; nothing to replace.",
    ),
    "helper.retire.done": (
        "帮教人员 {helper} 自 {day} 起退出，不再列入帮教人员名单；其帮教历史与接触记录保留。",
        "Helper {helper} retired from {day}: off the active lists; their team history and "
        "contacts are kept.",
    ),
    "helper.list.headline_all": (
        "帮教人员 {count} 名（其中已退出 {retired} 名）",
        "{count} helpers ({retired} retired)",
    ),
    "team.history.title": ("{case_no} 的帮教小组历任成员", "Team of {case_no} over time"),
    "col.retired_on": ("退出日期", "retired"),
    "error.helper.replace_same": (
        "原帮教人员与接任人员是同一人，请核对编号。",
        "The helper and the successor are the same; check the numbers.",
    ),
    "error.helper.retired": (
        "帮教人员 {helper} 已于 {day} 退出，不能再担任帮教小组角色。",
        "Helper {helper} retired on {day} and cannot take a team role.",
    ),
    "error.helper.replace_before_start": (
        "{case_no} 的帮教小组中，该帮教人员自 {since} 起任职，更换日期不能早于此日。",
        "In the team of {case_no} the helper started on {since}; the replacement cannot be "
        "dated before that.",
    ),
    "error.helper.already_retired": (
        "帮教人员 {helper} 已于 {day} 退出。",
        "Helper {helper} already retired on {day}.",
    ),
    "error.helper.retire_holds_roles": (
        "帮教人员 {helper} 仍担任帮教小组角色（{roles} 个，涉及 {persons} 名人员）；请先运行 "
        "yuesong helper replace {helper} --by 接任人员 --from 日期，或用 helper retire "
        "{helper} --by 接任人员 一并移交。",
        "Helper {helper} still holds team roles (roles: {roles}, persons: {persons}); run "
        "'yuesong helper replace {helper} --by NEW --from DAY' first, or 'helper retire "
        "{helper} --by NEW' to do both.",
    ),
    "error.helper.retire_before_contact": (
        "帮教人员 {helper} 参与了 {day} 的接触，退出日期须晚于此日。",
        "Helper {helper} took part in a contact on {day}; the retirement day must be after it.",
    ),
    "error.helper.retired_contact": (
        "帮教人员 {helper} 已于 {day} 退出，不能记录其此后参与的接触。",
        "Helper {helper} retired on {day}; a contact from that day on cannot name them.",
    ),
    # --- issue 11: sheets ---
    "error.week.invalid": (
        "不是有效的周：{text}（写法如 2026-W49，ISO 周，周一至周日）。",
        "Not a week: {text} (write it like 2026-W49, an ISO week, Monday to Sunday).",
    ),
    "error.sheets.retired": (
        "帮教人员 {helper} 已于 {day} 退出，不再为其出帮教表。",
        "Helper {helper} retired on {day}; no sheet is made for them.",
    ),
    "error.sheets.nothing": (
        "{week} 没有帮教人员负责在管人员，没有可写的帮教表。",
        "No helper has a person under supervision on their teams in {week}: no sheet to write.",
    ),
    "error.sheets.exists": (
        "{path} 已存在，未写入任何文件；请换一个文件夹，或加 --force 覆盖。",
        "{path} exists; nothing was written. Choose another folder, or add --force to "
        "replace it.",
    ),
    "usage.sheets.out": (
        "写出帮教表需要 --out 文件夹（只在屏幕上显示请用 --format text）。",
        "Writing the sheets needs --out FOLDER (--format text prints them instead).",
    ),
    "sheets.written": (
        "已写出 {week} 帮教表：{helpers} 位帮教人员，{rows} 人次，{files} 个文件，在 {folder}。",
        "Wrote the sheets of {week} in {folder}: helpers {helpers}, lines {rows}, "
        "files {files}.",
    ),
    "sheets.title": ("{township} 帮教记录表", "{township} contact sheet"),
    "sheets.subtitle": (
        "{week}（{start} 至 {end}）　帮教人员：{helper}（{number}，{role}）　截至 {as_of}",
        "{week} ({start} to {end})   helper: {helper} ({number}, {role})   as of {as_of}",
    ),
    "sheets.how": (
        "每次帮教填一行：日期、类型（已按本周应做填好，可改）、方式（当面、电话或视频，"
        "不填即当面）、尿检结果，并签名。没有做的行留空，导入时跳过。",
        "One line per contact: the date, the kinds (filled in with what is due; change "
        "them), the mode (in person, phone or video; empty means in person), the urine "
        "result, and a signature. Lines left empty are skipped on import.",
    ),
    "sheets.back": (
        "填好后交回，用 yuesong import contacts {file} 导入。",
        "Hand it back filled in; it is read with yuesong import contacts {file}.",
    ),
    "sheets.none": ("本周没有在管的帮教对象。", "No one under supervision this week."),
    "sheets.done": ("本周已完成", "done this week"),
    "sheets.owed": ("{name}（{day} 前）", "{name} (by {day})"),
    "sheets.owed.overdue": ("{name}（已逾期，应于 {day} 前）", "{name} (overdue: by {day})"),
    "sheets.text.title": (
        "{township} {week}（{start} 至 {end}）帮教任务，截至 {as_of}",
        "{township} {week} ({start} to {end}) contacts due, as of {as_of}",
    ),
    "sheets.text.helper": (
        "{number} {helper}（{role}）：{count} 人", "{number} {helper} ({role}): {count}"
    ),
    "sheets.text.line": (
        "{case_no} {name} {village}：{owed}", "{case_no} {name} {village}: {owed}"
    ),
    "col.sheet.case_no": ("案件号", "case no"),
    "col.sheet.name": ("姓名", "name"),
    "col.sheet.village": ("村", "village"),
    "col.sheet.role": ("角色", "role"),
    "col.sheet.due": ("本周应做", "due this week"),
    "col.sheet.date": ("日期", "date"),
    "col.sheet.kinds": ("类型", "kinds"),
    "col.sheet.mode": ("方式", "mode"),
    "col.sheet.result": ("尿检结果", "result"),
    "col.sheet.helpers": ("帮教人员", "helpers"),
    "col.sheet.signature": ("签名", "signature"),
    "import.blank": (
        "空白行 {count} 行（帮教表中未填日期的行），已跳过。",
        "{count} blank lines (lines of a helpers' sheet without a date) skipped.",
    ),
    "import.problem.sheet": (
        "{sheet} 第 {row} 行 {header}：{message}", "{sheet}, row {row}, {header}: {message}"
    ),
    # --- issue 12: encryption ---
    "key.prompt": ("数据库密钥：", "Database key: "),
    "key.prompt_new": ("新密钥（至少 8 个字符）：", "New key (at least 8 characters): "),
    "key.prompt_again": ("再输入一次新密钥：", "The new key again: "),
    "error.key.missing": (
        "数据库已加密，需要密钥：把 {variable} 设为只有本人可读的密钥文件的路径，"
        "或在终端里运行以输入密钥。",
        "The database is encrypted and needs its key: set {variable} to the path of a key "
        "file only you can read, or run the command in a terminal to type the key.",
    ),
    "error.key.new_missing": (
        "需要新密钥：把 {variable} 设为只有本人可读的密钥文件的路径，或在终端里运行以输入密钥。",
        "A new key is needed: set {variable} to the path of a key file only you can read, "
        "or run the command in a terminal to type it.",
    ),
    "error.key.file_missing": (
        "密钥文件 {path} 不存在（{variable}）。",
        "The key file {path} does not exist ({variable}).",
    ),
    "error.key.file_open": (
        "密钥文件 {path} 他人可读，未使用；请运行 '{fix}'。",
        "The key file {path} can be read by others and was not used; run '{fix}'.",
    ),
    "error.key.file_unreadable": (
        "无法读取密钥文件 {path}（须为 UTF-8 文本）。",
        "Cannot read the key file {path} (it must be UTF-8 text).",
    ),
    "error.key.file_empty": ("密钥文件 {path} 是空的。", "The key file {path} is empty."),
    "error.key.empty": ("密钥不能为空。", "The key cannot be empty."),
    "error.key.control": ("密钥不能含控制字符。", "The key cannot hold control characters."),
    "error.key.short": (
        "新密钥至少要 {shortest} 个字符。", "A new key needs at least {shortest} characters."
    ),
    "error.key.mismatch": (
        "两次输入的新密钥不一致，未做改动。", "The two new keys differ; nothing was changed."
    ),
    "error.key.same": (
        "新密钥与现在的密钥相同，未做改动。", "The new key is the current one; nothing was changed."
    ),
    "error.key.wrong": (
        "无法用这个密钥打开 {path}：密钥不对，或文件不是 yuesong 加密数据库。",
        "Cannot open {path} with this key: the key is wrong, or the file is not an "
        "encrypted yuesong database.",
    ),
    "error.db.already_encrypted": ("{path} 已经加密。", "{path} is encrypted already."),
    "error.db.not_encrypted": (
        "{path} 未加密（加密请用 yuesong db encrypt）。",
        "{path} is not encrypted (encrypt it with 'yuesong db encrypt').",
    ),
    "error.db.in_use": (
        "{path} 正被另一个程序打开（如定时任务），未做改动；请关闭后再试。",
        "{path} is open in another program (a scheduled job?) and was left as it was; "
        "close it and try again.",
    ),
    "error.encrypt.check_failed": (
        "新文件未通过检查（行数、结构或审计链不一致），{path} 未做改动。",
        "The new file failed its check (rows, schema or audit chain differ); {path} was "
        "left as it was.",
    ),
    "error.decrypt.exists": (
        "{path} 已存在，未覆盖；请指定一个新文件。",
        "{path} exists and was not replaced; name a new file.",
    ),
    "error.restore.plain_backup": (
        "备份 {path} 未加密，而数据库已加密，未做恢复；"
        "先用 yuesong --db {path} db encrypt 把它加密（同一密钥），再恢复。",
        "The backup {path} is not encrypted but the database is; nothing was restored. "
        "Encrypt it first with 'yuesong --db {path} db encrypt' (the same key), then restore.",
    ),
    "error.restore.encrypted_backup": (
        "备份 {path} 已加密（或已损坏），而数据库未加密，未做恢复；"
        "先用 yuesong db encrypt 加密数据库（同一密钥），再恢复。",
        "The backup {path} is encrypted (or damaged) but the database is not; nothing was "
        "restored. Encrypt the database first with 'yuesong db encrypt' (the same key), "
        "then restore.",
    ),
    "usage.decrypt_reason": (
        "--reason 要写明为什么需要未加密副本（会记入审计日志）。",
        "--reason must say why a plain copy is needed (it is written to the audit log).",
    ),
    "init.encrypted": (
        "数据库已加密（SQLCipher）：以后每次打开都需要密钥（YUESONG_KEY_FILE 或输入）。",
        "The database is encrypted (SQLCipher): every command needs its key "
        "(YUESONG_KEY_FILE, or typed).",
    ),
    "verify.encrypted": ("文件：已加密（SQLCipher）", "File: encrypted (SQLCipher)"),
    "verify.plain": ("文件：未加密", "File: not encrypted"),
    "encrypt.done": (
        "已加密 {path}，并抹去了未加密的原文件；以后每次打开都需要密钥"
        "（YUESONG_KEY_FILE 或输入）。",
        "Encrypted {path} and overwrote the plain original; every command now needs the "
        "key (YUESONG_KEY_FILE, or typed).",
    ),
    "encrypt.plain_backups": (
        "注意：{folder} 中还有 {count} 个未加密的备份，请删除，"
        "或逐个用 yuesong --db 备份文件 db encrypt 加密。",
        "Note: {count} backups in {folder} are not encrypted; delete them, or encrypt each "
        "with 'yuesong --db BACKUP db encrypt'.",
    ),
    "encrypt.plain_backups.one": (
        "注意：{folder} 中还有 1 个未加密的备份，请删除，"
        "或用 yuesong --db 备份文件 db encrypt 加密。",
        "Note: 1 backup in {folder} is not encrypted; delete it, or encrypt it with "
        "'yuesong --db BACKUP db encrypt'.",
    ),
    "rekey.done": (
        "已用新密钥加密 {path}。请把 YUESONG_KEY_FILE 指向的密钥文件改为新密钥（定时任务要用）；"
        "以前的备份仍用旧密钥。",
        "Encrypted {path} with the new key. Put the new key in the file YUESONG_KEY_FILE "
        "names (the scheduled job reads it); earlier backups keep the old key.",
    ),
    "decrypt.done": (
        "已写出未加密副本 {path}（仅本人可读，已记入审计日志）；用完请删除。",
        "Wrote the plain copy {path} (owner-only, recorded in the audit log); delete it "
        "when done.",
    ),
    # --- issue 12: audit, restore and schema ---
    "verify.records": ("数据与审计日志", "Data against the audit log"),
    "verify.audit.empty": (
        "审计日志是空的（记录被全部删除）",
        "the audit log is empty (its rows were removed)",
    ),
    "verify.audit.forged": (
        "审计记录 #{id} 的密钥签名不符（在工具外被改写）",
        "audit row #{id} does not carry its keyed hash (rewritten outside the tool)",
    ),
    "verify.audit.unkeyed": (
        "审计记录 #{id} 没有密钥签名，而此前的记录有（在工具外添加）",
        "audit row #{id} has no keyed hash after keyed rows (added outside the tool)",
    ),
    "verify.audit.other_key": (
        "审计记录 #{id} 用另一个密钥签名（在工具外添加）",
        "audit row #{id} is keyed with another key (added outside the tool)",
    ),
    "verify.audit.wrong_key": (
        "审计日志用另一个密钥签名：YUESONG_KEY_FILE 指向的密钥不对，或日志被整个改写",
        "the audit log is keyed with another key: YUESONG_KEY_FILE names the wrong key, "
        "or the log was rewritten",
    ),
    "verify.audit.seal_altered": (
        "审计记录 #{id} 封存的数据状态被改动过",
        "the record states sealed by audit row #{id} were altered",
    ),
    "verify.audit.guard_missing": (
        "保护审计日志的触发器 {id} 被删除",
        "the trigger {id} that guards the audit log was dropped",
    ),
    "verify.records.changed": (
        "{table} #{id} 在工具外被改动（与审计日志不符）",
        "{table} #{id} was changed outside the tool (not as the audit log left it)",
    ),
    "verify.records.unexplained": (
        "{table} #{id} 没有审计记录（在工具外添加）",
        "{table} #{id} has no audit row (added outside the tool)",
    ),
    "verify.records.missing": (
        "{table} #{id} 不见了，审计日志中没有删除它的记录（在工具外删除）",
        "{table} #{id} is gone, and no audit row removed it (deleted outside the tool)",
    ),
    "verify.records.changed.table": (
        "{table} 表在工具外被改动（与审计日志不符）",
        "the table {table} was changed outside the tool (not as the audit log left it)",
    ),
    "verify.records.unexplained.table": (
        "{table} 表没有审计记录（在工具外添加）",
        "the table {table} has no audit row (added outside the tool)",
    ),
    "verify.records.missing.table": (
        "{table} 表不见了（在工具外删除）",
        "the table {table} is gone (deleted outside the tool)",
    ),
    "verify.head": ("审计头：{count} 条，{hash}", "Audit head: {count} rows, {hash}"),
    "verify.head_none": (
        "审计头：无（审计日志是空的）",
        "Audit head: none (the audit log is empty)",
    ),
    "verify.keyed": (
        "审计签名：有密钥签名，自第 {first} 条起",
        "Audit keys: keyed from row {first} on",
    ),
    "verify.pending": (
        "注意：审计日志没有密钥签名。要用 YUESONG_KEY_FILE 的密钥签名，请运行 "
        "yuesong db key-audit --reason 原因；若曾签过名，这说明签名被去掉了，请先用备份恢复。",
        "Note: the audit log is not keyed. To key it with YUESONG_KEY_FILE's key, run "
        "'yuesong db key-audit --reason TEXT'; if it was keyed before, its keyed hashes were "
        "removed: restore a backup first.",
    ),
    "verify.unkeyed": (
        "注意：审计日志没有密钥签名，能改写文件的人可以连同审计日志一起改写而不被发现。"
        "请设置 YUESONG_KEY_FILE（仅本人可读的密钥文件），并把审计头抄在纸上。",
        "Note: the audit log is not keyed: whoever can write the file could rewrite it and "
        "its log undetected. Set YUESONG_KEY_FILE (an owner-only key file), and note the "
        "head on paper.",
    ),
    "verify.other_key": (
        "审计签名：日志用另一个密钥签名，未能核对",
        "Audit keys: the log is keyed with another key, not checked",
    ),
    "verify.no_key": (
        "注意：审计日志有密钥签名，但没有给出密钥（YUESONG_KEY_FILE），签名未核对。",
        "Note: the audit log is keyed, but no key was given (YUESONG_KEY_FILE): its keyed "
        "hashes were not checked.",
    ),
    "verify.expect.ok": (
        "审计头核对：与记下的一致（第 {count} 条）",
        "Head check: as noted (row {count})",
    ),
    "verify.expect.failed": (
        "审计日志与记下的审计头（第 {count} 条，{hash}）不符：日志被截断、回退或改写过。"
        "请勿继续写入，先用备份恢复或联系维护人员。",
        "The audit log does not match the head noted (row {count}, {hash}): it was cut, "
        "rolled back or rewritten. Stop writing; restore a backup or call the maintainer.",
    ),
    "usage.expect": (
        "--expect 的格式是 条数:哈希，例如 --expect 120:3f9a0c2e71b4（哈希至少 12 位）。",
        "--expect takes COUNT:HASH, e.g. --expect 120:3f9a0c2e71b4 (at least 12 hex digits).",
    ),
    "usage.restore_force": (
        "--force 与 --reason 要一起给出：--reason 写明为什么要恢复一个不是本数据库延续的"
        "备份（会记入审计日志）。",
        "--force and --reason go together: --reason says why a backup that does not "
        "continue this database's log is restored (it is written to the audit log).",
    ),
    "error.db.newer": (
        "{path} 由更新版本的 yuesong 建立或升级过（含本版本不认识的升级步骤 {step}），"
        "本版本只能读取，不能改动或核查它；请升级 yuesong。",
        "{path} was made by a newer version of yuesong (it records the step {step}, "
        "unknown to this one): this version reads it but does not change or verify it. "
        "Upgrade yuesong.",
    ),
    "error.db.table_missing": (
        "{path} 缺少数据表 {table}，文件已损坏，未做改动；请用 yuesong db restore 从备份恢复。",
        "{path} lacks its table {table}: the file is damaged and was left as it was. "
        "Restore a backup with 'yuesong db restore'.",
    ),
    "error.audit.key_needed": (
        "此数据库的审计日志有密钥签名，改动须用它的密钥：请设置 {variable} 指向其密钥文件。"
        "未做改动。",
        "This database's audit log is keyed, and a change needs its key: set {variable} to "
        "its key file. Nothing was changed.",
    ),
    "error.audit.other_key": (
        "{variable} 中的密钥不是此数据库审计日志所用的密钥，未做改动；请检查密钥文件。",
        "The key in {variable} is not the key this database's audit log is keyed with; "
        "nothing was changed. Check the key file.",
    ),
    "error.restore.newer": (
        "{path} 由更新版本的 yuesong 写成（含本版本不认识的升级步骤 {step}），未做恢复；"
        "请先升级 yuesong。",
        "{path} was made by a newer version of yuesong (the step {step} is unknown to this "
        "one); nothing was restored. Upgrade yuesong first.",
    ),
    "error.restore.schema": (
        "{path} 缺少数据表 {table}，不是本版本的数据库结构，未做恢复；请换一个备份。",
        "{path} lacks the table {table}, which this version's schema has; nothing was "
        "restored. Use another backup.",
    ),
    "error.restore.unexplained": (
        "{path} 中有审计日志解释不了的数据（{table} #{id}，在工具外改动过），未做恢复；"
        "请换一个备份。",
        "{path} holds data its audit log does not explain ({table} #{id}, changed outside "
        "the tool); nothing was restored. Use another backup.",
    ),
    "error.restore.not_continuation": (
        "{path} 的审计日志不是本数据库审计日志的延续（另一个数据库的备份，或日志被重写过），"
        "未做恢复；确需恢复，请加 --force --reason 说明原因。",
        "The audit log of {path} does not continue this database's (another database's "
        "backup, or a rewritten log); nothing was restored. To restore it all the same, add "
        "--force --reason saying why.",
    ),
    "error.convert.unverified": (
        "{path} 未通过检查（yuesong db verify），未做改动：换用新密钥会替有问题的记录担保。"
        "请先查明原因，或用备份恢复。",
        "{path} fails its check (yuesong db verify) and was left as it was: a new key would "
        "vouch for what is wrong. Find out why, or restore a backup, first.",
    ),
    # --- issue 12: faults and leftovers ---
    # Neither SQLite's header nor whole pages: the wrong file, not a damaged one.
    "error.db.not_a_database_file": (
        "{path} 不是数据库文件，未做改动；请检查 --db 指定的文件。",
        "{path} is not a database file; nothing was changed. Check the file given with --db.",
    ),
    "error.fault.full": (
        "磁盘已满，{path} 未能写入，未做改动；请腾出磁盘空间后再试。",
        "The disk holding {path} is full; nothing was changed. Free some space and try again.",
    ),
    "error.fault.full.unnamed": (
        "磁盘已满，未做改动；请腾出磁盘空间后再试。",
        "The disk is full; nothing was changed. Free some space and try again.",
    ),
    "error.fault.read_only_disk.db": (
        "{path} 所在的磁盘是只读的（写保护的 U 盘或光盘？），未做改动；"
        "请把它复制到可写的文件夹，再用 --db 指定复制的文件。",
        "{path} is on a read-only disk (a write-protected USB stick, a CD?); nothing was "
        "changed. Copy it to a writable folder and give the copy with --db.",
    ),
    "error.fault.read_only_disk": (
        "{path} 所在的磁盘是只读的（写保护的 U 盘？），未写入；请换一个可写的文件夹。",
        "{path} is on a read-only disk (a write-protected USB stick?); nothing was written. "
        "Choose a writable folder.",
    ),
    "error.fault.denied.db_file": (
        "无权写入 {path}（只读文件，或属于其他用户），未做改动；"
        "若是你的文件请运行 {fix}，否则请把它复制到自己的文件夹，再用 --db 指定。",
        "yuesong may not write {path} (a read-only file, or another user's); nothing was "
        "changed. Run '{fix}' if it is yours, or copy it to a folder of yours and give the "
        "copy with --db.",
    ),
    "error.fault.denied.db_folder": (
        "无权在文件夹 {folder} 中写入（数据库旁的 -wal、-shm 文件要写在那里），未做改动；"
        "请把数据库复制到自己的文件夹，再用 --db 指定。",
        "yuesong may not write in the folder {folder} (SQLite keeps its -wal and -shm files "
        "beside the database); nothing was changed. Copy the database to a folder of yours "
        "and give the copy with --db.",
    ),
    "error.fault.locked.db": (
        "{path} 正被另一个程序占用（另一个 yuesong、WPS/Excel 或数据库工具？），未做改动；"
        "请关闭它后再试。",
        "{path} is held by another program (a second yuesong, WPS/Excel, a database "
        "tool?); nothing was changed. Close it and try again.",
    ),
    "error.fault.locked": (
        "{path} 正在另一个程序中打开（WPS 或 Excel？），未写入；请关闭它后再试。",
        "{path} is open in another program (WPS or Excel?); nothing was written. Close it "
        "and try again.",
    ),
    "error.fault.damaged": (
        "{path} 已损坏，未做改动；请用 yuesong db restore 从 backups 文件夹中最新的备份恢复。",
        "{path} is damaged; nothing was changed. Restore the newest backup in its backups "
        "folder with 'yuesong db restore BACKUP'.",
    ),
    "error.fault.disk_error": (
        "读写 {path} 时磁盘出错（U 盘被拔出或磁盘故障？），未做改动；请检查磁盘后再试。",
        "The disk failed reading or writing {path} (a USB stick pulled out, a failing "
        "disk?); nothing was changed. Check the disk and try again.",
    ),
    "error.file.exists": (
        "{path} 已存在，未覆盖；要替换它请加 --force。",
        "{path} exists and was left alone; add --force to replace it.",
    ),
    "error.path.invalid": (
        "文件路径含有不可打印的字符，未做改动；请重新输入。",
        "The file path holds unprintable characters; nothing was changed. Retype it.",
    ),
    "field.query": ("查找内容", "The search"),
    # --- issue 12: purge ---
    "purge.dry_run": (
        "试运行，未做任何改动：管控在 {day} 之前结束的 {count} 人的档案可以匿名化{retention}：",
        "Dry run, nothing changed: the files of {count} persons whose supervision ended "
        "before {day} can be anonymised{retention}:",
    ),
    "purge.dry_run.one": (
        "试运行，未做任何改动：管控在 {day} 之前结束的 1 人的档案可以匿名化{retention}：",
        "Dry run, nothing changed: the file of 1 person whose supervision ended before "
        "{day} can be anonymised{retention}:",
    ),
    "purge.done": (
        "已匿名化管控在 {day} 之前结束的 {count} 人的档案{retention}：",
        "Anonymised the files of {count} persons whose supervision ended before "
        "{day}{retention}:",
    ),
    "purge.done.one": (
        "已匿名化管控在 {day} 之前结束的 1 人的档案{retention}：",
        "Anonymised the file of 1 person whose supervision ended before {day}{retention}:",
    ),
    "purge.none": (
        "没有管控在 {day} 之前结束、尚未匿名化的档案{retention}。",
        "No file whose supervision ended before {day} is left to anonymise{retention}.",
    ),
    "purge.retention": ("（保存年限 {years} 年）", " (kept {years} years)"),
    "purge.count": ("  {status}  {year} 年  {count} 人", "  {status}  {year}  {count}"),
    "purge.hint_commit": (
        "加 --commit 执行：姓名、证件号码、电话、住址、备注、照片等清除，统计所需的保留。",
        "Add --commit to anonymise them: names, document numbers, phones, addresses, notes "
        "and photos go; what the figures count stays.",
    ),
    "purge.backups_dry": (
        "注意：匿名化不涉及备份，之前做的备份仍保存这些资料；用 db backup --keep N 删除旧备份。",
        "Note: a purge does not reach backups; those made before it still hold the data. "
        "'db backup --keep N' removes old backups.",
    ),
    "purge.backups": (
        "注意：匿名化之前做的备份仍保存这些资料；用 db backup --keep N 删除旧备份。",
        "Note: backups made before the purge still hold the data; 'db backup --keep N' "
        "removes old backups.",
    ),
    "purge.wal_in_use": (
        "另一个程序正打开数据库：旧资料还留在 -wal 文件中，待它关闭数据库后再运行一次 "
        "db purge --commit 即可清掉。",
        "Another program has the database open: the old values stay in its -wal file; run "
        "db purge --commit again once it has closed the database.",
    ),
    "purge.name": ("已清除", "(purged)"),
    "col.purged_on": ("清除日期", "Purged on"),
    "error.purge.future": (
        "--closed-before {day} 还没到。",
        "--closed-before {day} is a day to come.",
    ),
    "error.setting.retention_years": (
        "retention_years 应为 {low} 到 {high} 之间的整数（年）。",
        "retention_years is a whole number of years from {low} to {high}.",
    ),
    "error.person.purged": (
        "{case} 的档案已于 {day} 匿名化，不再记录或修改；"
        "此人如再次列管，请重新登记（person add）。",
        "The file {case} was anonymised on {day} and takes no more entries; if the person "
        "comes under supervision again, register them anew (person add).",
    ),
    "error.person.purged_reveal": (
        "{case} 的档案已于 {day} 匿名化，没有可显示的资料。",
        "The file {case} was anonymised on {day}: there is nothing to reveal.",
    ),
    # --- audit keying (security.md §10) ---
    "verify.audit.rekeyed_other": (
        "审计记录自第 {id} 条起用另一个密钥签名：此文件是否换过密钥（db rekey 或 "
        "db key-audit --new）？请用那个密钥文件核查",
        "audit rows from #{id} on are keyed with another key: was the file re-keyed (db "
        "rekey or db key-audit --new)? Verify with that key file",
    ),
    "verify.audit.keys_removed": (
        "审计日志的密钥签名被去掉了：本机记录此日志自某条起有密钥签名，现在那一条不在了"
        "（在工具外改写）",
        "the audit log's keyed rows were removed: this account's record says the log is "
        "keyed from a row that no longer carries its keyed hash (rewritten outside the tool)",
    ),
    "verify.rekeyed": (
        "审计签名：自第 {first} 条起用此密钥签名（在第 {first} 条换用新密钥，并非篡改）",
        "Audit keys: keyed with this key from row {first} on (re-keyed at row {first}, "
        "not tampering)",
    ),
    "verify.failed.key": (
        "检查未通过：日志后面的记录用另一个密钥签名，请用那个密钥文件再核查一次。",
        "The check failed: the log's later rows are keyed with another key; verify again "
        "with that key file.",
    ),
    "key_audit.done": (
        "审计日志自第 {first} 条起用 YUESONG_KEY_FILE 的密钥签名。请保管好这个密钥文件，"
        "并另存一份（纸上或U盘）：丢失后此数据库的改动都会被拒绝。",
        "The audit log is keyed with YUESONG_KEY_FILE's key from row {first} on. Keep the "
        "key file, and a copy of it (on paper or a USB stick): without it every change to "
        "this database is refused.",
    ),
    "key_audit.already": (
        "审计日志已自第 {first} 条起用此密钥签名；已在本机记下。请保管好这个密钥文件，"
        "并另存一份（纸上或U盘）。",
        "The audit log is keyed with this key from row {first} on already; recorded on this "
        "account. Keep the key file, and a copy of it (on paper or a USB stick).",
    ),
    "key_audit.new_warning": (
        "注意：旧密钥签名的记录不能再用新密钥核对，新密钥的第一条记录为此前的全部记录担保；"
        "这只应在旧密钥文件确实遗失时做。请把审计头抄在纸上。",
        "Note: the rows keyed with the old key can no longer be checked with the new one, "
        "whose first row vouches for every row before it; do this only when the old key "
        "file is really lost. Note the head on paper.",
    ),
    "error.key_audit.encrypted": (
        "{path} 已加密，其审计日志已用数据库密钥签名，无需 key-audit。",
        "{path} is encrypted: its audit log is keyed with its key already, no key-audit "
        "needed.",
    ),
    "error.key_audit.no_key_file": (
        "请先设置 {variable}，指向一个仅本人可读的密钥文件（x' 加 64 位十六进制数字 加 '）。",
        "Set {variable} to an owner-only key file first (x' and 64 hexadecimal digits and ').",
    ),
    "error.key_audit.same_key": (
        "审计日志已自第 {first} 条起用此密钥签名，无需换用新密钥；未做改动。",
        "The audit log is keyed with this key from row {first} on: there is nothing to "
        "re-key. Nothing was changed.",
    ),
    "error.key_audit.other_key": (
        "审计日志用另一个密钥签名，{variable} 中的不是它；未做改动。旧密钥文件遗失时，"
        "用 yuesong db key-audit --new --reason 原因 换用新密钥。",
        "The audit log is keyed with another key than {variable}'s; nothing was changed. If "
        "the old key file is lost, re-key with 'yuesong db key-audit --new --reason TEXT'.",
    ),
    "usage.key_audit_reason": (
        "--reason 须写明原因（会记入审计日志）。",
        "--reason must say why (it is written to the audit log).",
    ),
    # --- issue 13: the kept state ---
    "verify.derived": ("到期状态与记录", "Kept state against the records"),
    "verify.derived.due_state": (
        "人员 #{id} 的到期状态与按记录重新计算的不符",
        "person #{id}: the kept due state differs from the records worked out again",
    ),
    "verify.derived.alert_state": (
        "人员 #{id} 的预警与按记录重新计算的不符",
        "person #{id}: the kept alerts differ from the records worked out again",
    ),
    "verify.failed.derived": (
        "检查未通过：到期状态与记录不符（记录本身无误）。请运行 yuesong db rebuild-state "
        "重新计算，再核查一次。",
        "The check failed: the kept state differs from the records (the records themselves "
        "are sound). Run 'yuesong db rebuild-state' and verify again.",
    ),
    "rebuild_state.done": (
        "已按记录重新计算 {day} 的到期状态：在管 {persons} 人，事项 {items} 项，预警 {alerts} 条，"
        "已到期的义务 {obligations} 项。",
        "The kept state of {day} was worked out again from the records: {persons} under "
        "supervision, {items} items, {alerts} alerts, {obligations} obligations come due.",
    ),
    "verify.derived.obligation_log": (
        "人员 #{id} 的义务记录与按记录重新计算的不符",
        "person #{id}: the kept obligations differ from the records worked out again",
    ),
    # --- issue 14: zones and grids ---
    "error.area.unknown_grid": (
        "没有登记网格“{name}”。请先用 yuesong area grid add 或 area import 登记，"
        "或用 yuesong area list 查看已登记的网格。",
        "No grid named '{name}' is registered. Register it with 'yuesong area grid add' or "
        "'area import', or see the grids with 'yuesong area list'.",
    ),
    "error.area.unknown_grid.near": (
        "没有登记网格“{name}”；相近的有：{near}。请核对，或用 yuesong area list 查看全部网格。",
        "No grid named '{name}' is registered; near it: {near}. Check it, or see every "
        "grid with 'yuesong area list'.",
    ),
    "error.area.unknown_zone": (
        "没有登记片区“{name}”。请先用 yuesong area zone add 或 area import 登记。",
        "No zone named '{name}' is registered. Register it with 'yuesong area zone add' or "
        "'area import'.",
    ),
    "error.area.unknown_zone.near": (
        "没有登记片区“{name}”；相近的有：{near}。请核对，或用 yuesong area list 查看全部片区。",
        "No zone named '{name}' is registered; near it: {near}. Check it, or see every "
        "zone with 'yuesong area list'.",
    ),
    "error.area.grid_zone": (
        "网格“{grid}”属于{zone}，不属于{given}；只填网格即可，片区随网格确定。",
        "Grid '{grid}' lies in {zone}, not in {given}; give the grid alone and its zone "
        "follows.",
    ),
    "error.area.taken": (
        "已登记名为“{name}”的片区或网格，不能重复登记。",
        "A zone or grid named '{name}' is registered already.",
    ),
    "error.setting.township_code": (
        "township_code 应为 9 位（或 12 位）统计用区划代码，如 530829103。",
        "township_code is the 9-digit (or 12-digit) administrative code, e.g. 530829103.",
    ),
    "error.extract.no_code": (
        "尚未设置乡镇区划代码；请先运行 yuesong settings set township_code 代码（9 位）。",
        "The township's code is not set; run 'yuesong settings set township_code CODE' "
        "(9 digits) first.",
    ),
    "error.extract.suffix": (
        "汇总文件应以 .json 结尾：{path}",
        "The extract is a .json file: {path}",
    ),
    "extract.written": (
        "已写入 {path}：{period}，{villages} 个村、{grids} 个网格，在管人员标记 {tokens} 个"
        "（无证件 {without} 人）。不含姓名、案件号和身份证号。",
        "Wrote {path}: {period}, {villages} villages, {grids} grids, {tokens} tokens of "
        "supervised persons ({without} without a document). No name, case number or ID "
        "number is in it.",
    ),
    "error.merge.none": ("没有可汇总的文件。", "No file to merge."),
    "error.merge.unreadable": (
        "无法读取 {file}：不是 yuesong 生成的汇总文件（JSON）。",
        "Cannot read {file}: it is not an extract yuesong wrote (JSON).",
    ),
    "error.merge.format": (
        "{file} 不是本版本 yuesong 的乡镇汇总文件（report extract）。",
        "{file} is not a township extract of this yuesong (report extract).",
    ),
    "error.merge.period": (
        "各乡镇汇总文件的期间不同（{found}），不能合并；请用同一期间重新导出。",
        "The extracts cover different periods ({found}) and cannot be merged; extract the "
        "same period again.",
    ),
    "error.merge.version": (
        "各乡镇汇总文件由不同版本的 yuesong 生成（{found}），不能合并；请统一升级后重新导出。",
        "The extracts were written by different versions of yuesong ({found}); upgrade "
        "alike and extract again.",
    ),
    "error.merge.as_of": (
        "各乡镇汇总文件统计到不同的日期（{found}），且期间尚未结束，不能合并；"
        "请统一 --as-of 重新导出。",
        "The extracts count to different days ({found}) within the period; extract them "
        "again with the same --as-of.",
    ),
    "error.merge.twice": (
        "区划代码 {code} 的乡镇出现了两次；每个乡镇只给一个文件。",
        "The township with code {code} is given twice; give one file a township.",
    ),
    "error.merge.previous": (
        "--previous 的文件是 {found} 的，同比需要上年同期 {wanted} 的汇总文件。",
        "The --previous extracts cover {found}; a year before needs those of {wanted}.",
    ),
    "error.merge.ledger_needs": (
        "直接汇总乡镇数据库（.db）时须给出 --period 和 --county-key。",
        "Merging ledgers (.db) needs --period and --county-key.",
    ),
    "transfer.prompt": (
        "转移包口令（至少 8 个字符）：",
        "Package passphrase (8 characters or more): ",
    ),
    "error.transfer.no_passphrase": (
        "需要转移包口令：在终端里运行以输入，或用 --key-file 给出只有本人可读的口令文件。",
        "The package needs a passphrase: run this in a terminal to type it, or give an "
        "owner-only file with --key-file.",
    ),
    "error.transfer.key": (
        "口令不对，或这不是转移包；请向转出乡镇核对口令和文件。",
        "Wrong passphrase, or not a transfer package; check both with the sending township.",
    ),
    "error.transfer.format": (
        "这不是 yuesong 的人员转移包，或文件已损坏；请让转出乡镇重新导出。",
        "This is not a yuesong transfer package, or it is damaged; ask the sending township "
        "to write it again.",
    ),
    "error.transfer.version": (
        "转移包由 yuesong {found} 生成，本机是 {version}；请两边使用同一版本后重新转出。",
        "The package was written by yuesong {found}; this is {version}. Use the same version "
        "on both sides and transfer again.",
    ),
    "error.transfer.returned_already": (
        "此人原是本乡的 {case_no}，已不是迁出状态（已重新纳入管理）；转移包不能再并入，"
        "请对照转移包手工补录在外乡期间的记录。",
        "This person is {case_no} of this township, no longer moved out (taken back under "
        "supervision already); the package cannot be merged now: enter the time away by hand.",
    ),
    "error.transfer.before_records": (
        "此人在本乡还有 {day} 的记录，迁出日期不能早于它；请核对 --on。",
        "The person has a record here on {day}; the day they moved cannot be before it. "
        "Check --on.",
    ),
    "error.transfer.twice": (
        "这个转移包已经接收过，不能重复登记。",
        "This package was received already; the person is not registered twice.",
    ),
    "transfer.out.done": (
        "已把 {case_no} 的完整档案写入 {path}（SHA-256 {sha}…），并登记为 {day} 迁出至 {to}。"
        "请把文件和口令分开交给接收乡镇。",
        "Wrote the whole file of {case_no} to {path} (SHA-256 {sha}…) and recorded them moved "
        "out to {to} on {day}. Hand the file and the passphrase over separately.",
    ),
    "transfer.in.done": (
        "已接收 {case_no}（原 {old}，来自 {township}）：状态记录 {statuses} 条，"
        "接触 {contacts} 条，违规 {breaches} 条，照片 {photos} 张，文书 {documents} 份，"
        "关爱帮扶 {support} 条。请用 person edit 填写村委会、"
        "村民小组和网格，并用 team assign 安排帮教小组。",
        "Received {case_no} (formerly {old}, from {township}): {statuses} status entries, "
        "{contacts} contacts, {breaches} breaches, {photos} photos, {documents} documents, "
        "{support} support records. Fill in the village, "
        "group and grid with 'person edit', and the team with 'team assign'.",
    ),
    "transfer.in.returned": (
        "{case_no} 迁回本乡（在 {township} 时为 {old}），已并入原档案："
        "在外期间的接触 {contacts} 条，违规 {breaches} 条，照片 {photos} 张，"
        "文书 {documents} 份，关爱帮扶 {support} 条；"
        "状态恢复为在外乡时的状态，期限照旧。"
        "原村组、网格和帮教小组不变，如有变化请用 person edit 和 team assign 修改。",
        "{case_no} came back (in {township} as {old}) and is in their own file again: "
        "{contacts} contacts, {breaches} breaches, {photos} photos, {documents} documents and "
        "{support} support records of the time away added; "
        "their status there is theirs here again, the term going on. Their village, grid and "
        "team here stay; change them with 'person edit' and 'team assign' if they moved.",
    ),
    "transfer.in.other_township": (
        "注意：转移包写明转往 {to}，本乡为 {here}；已照常接收，请核对。",
        "Note: the package was made for {to}, and this township is {here}; received all the "
        "same, check it.",
    ),
    "section.transfers": ("乡镇间转移", "Transfers between townships"),
    "col.transfer_direction": ("转入/转出", "in/out"),
    "col.old_case_no": ("原案件号", "former case no."),
    "col.package_sha": ("转移包 SHA-256", "package SHA-256"),
    "transfer.direction.out": ("转出", "out"),
    "transfer.direction.in": ("转入", "in"),
    "county.chart.empty": ("无数据", "nothing to draw"),
    "county.none": ("（无）", "(none)"),
    "county.section.townships": ("各乡镇", "The townships"),
    "county.section.figures": ("全县指标", "The county's figures"),
    "county.chart.control": ("各乡镇管控率", "Control rate by township"),
    "county.chart.rules": ("全县各项规则完成率", "The county's rate of each rule"),
    "county.footer": (
        "由 yuesong {version} 按各乡镇汇总文件生成；不含个人信息。",
        "Made by yuesong {version} from the townships' extracts; no personal data.",
    ),
    "error.merge.ledger_key": (
        "{file} 已加密，用现有密钥（YUESONG_KEY_FILE 或输入的密钥）打不开；"
        "请分别导出各乡镇的汇总文件再合并。",
        "{file} is encrypted and the key given (YUESONG_KEY_FILE or typed) does not open it; "
        "merge the townships' extracts instead.",
    ),
    "error.merge.ledger_no_code": (
        "{file} 尚未设置乡镇区划代码（settings set township_code）；"
        "请该乡镇设置后再合并。",
        "{file} has no township code set (settings set township_code); set it there, then "
        "merge.",
    ),
    "error.county.export_suffix": (
        "无法识别导出文件 {path} 的格式；文件名请以 .csv、.xlsx、.json 或 .html 结尾。",
        "Cannot tell the format of {path}; end the name in .csv, .xlsx, .json or .html.",
    ),
    "county.title": ("全县汇总 {period}", "County roll-up {period}"),
    "county.headline": (
        "{townships} 个乡镇，在管人员 {persons} 人（按证件去重）",
        "{townships} townships, {persons} persons supervised (distinct by document)",
    ),
    "county.duplicates": (
        "；其中 {persons} 人在两个以上乡镇登记：{pairs}",
        "; {persons} of them registered in more than one township: {pairs}",
    ),
    "county.pair": ("{codes} 共 {persons} 人", "{codes}: {persons}"),
    "county.total": ("全县合计", "County total"),
    "col.township": ("乡镇", "township"),
    "col.township_code": ("区划代码", "code"),
    "error.area.empty_name": ("片区或网格名称不能为空。", "A zone or grid needs a name."),
    "area.list.title": ("片区与网格", "Zones and grids"),
    "error.area.unsafe": (
        "名称“{name}”含有不能用作文件名的字符（/ \\ : * ? \" < > |）；请换一个写法。",
        "The name '{name}' holds a character a file name cannot (/ \\ : * ? \" < > |); "
        "write it otherwise.",
    ),
    "error.area.taken_as": (
        "“{name}”与已登记的“{other}”只是数字写法不同；如确是同一个，请用“{other}”。",
        "'{name}' is the registered '{other}' with its number written otherwise; if it is "
        "the same, use '{other}'.",
    ),
    "area.import.placed": (
        "原来没有片区的网格按网格表归入片区：{grids}",
        "Grids registered without a zone are placed in the table's: {grids}",
    ),
    "area.grid.moved": (
        "网格 {name} 已归入{zone}；其中 {persons} 人的片区随之更改。",
        "Grid {name} now lies in {zone}; the zone of {persons} persons in it followed.",
    ),
    "area.zone.added": (
        "已登记片区 {name}（编号 {id}）。",
        "Zone {name} registered (number {id}).",
    ),
    "area.grid.added": (
        "已登记网格 {name}（编号 {id}），属于{zone}。",
        "Grid {name} registered (number {id}), in {zone}.",
    ),
    "area.list.headline": (
        "{zones} 个片区，{grids} 个网格，登记在网格中的人员 {persons} 人",
        "{zones} zones, {grids} grids, {persons} persons registered in a grid",
    ),
    "area.list.empty": (
        "尚未登记片区和网格。用 yuesong area import 导入全乡网格表，或用 area zone add、"
        "area grid add 逐个登记。",
        "No zones or grids are registered yet. Import the township's grid table with "
        "'yuesong area import', or add them with 'area zone add' and 'area grid add'.",
    ),
    "area.no_zone": ("（未分片区）", "(no zone)"),
    "col.area_id": ("编号", "no."),
    "col.person_count": ("人数", "persons"),
    "area.section": (
        "{zone}（{grids} 个网格，{persons} 人）",
        "{zone} ({grids} grids, {persons} persons)",
    ),
    "area.import.summary": (
        "网格表 {file}：新片区 {zones_new} 个，新网格 {grids_new} 个，已登记 {grids_known} 个，"
        "重复行 {duplicates} 行，冲突 {conflicts} 个。",
        "Grid table {file}: {zones_new} new zones, {grids_new} new grids, {grids_known} "
        "registered already, {duplicates} repeated rows, {conflicts} conflicts.",
    ),
    "area.import.conflict": (
        "网格“{grid}”在{known}，表中又写在{given}；一个网格只能属于一个片区，请核对网格表。",
        "Grid '{grid}' lies in {known}; the table puts it in {given}. A grid lies in one "
        "zone: check the table.",
    ),
    "area.import.refused.rows": (
        "网格表有不能导入的行，未导入任何内容；请改正上面列出的行后重试。",
        "Some rows of the table cannot be imported; nothing was imported. Correct the rows "
        "listed above and try again.",
    ),
    "error.import.no_header.grids": (
        "前 {rows} 行中找不到网格表的表头（至少要有“片区”和“网格”两列）。",
        "No header row of a grid table in the first {rows} rows (it needs 片区 (zone) and "
        "网格 (grid)).",
    ),
    "area.import.dry_run": (
        "以上为预览，未写入。确认无误后加 --commit 导入。",
        "A preview: nothing was written. Add --commit to import.",
    ),
    "area.import.done": ("已导入。", "Imported."),
    "area.import.nothing": ("没有需要导入的新片区或网格。", "No new zone or grid to import."),
    "area.import.refused": (
        "网格表与已登记的网格冲突，未导入任何内容；请先处理上面列出的冲突。",
        "The table conflicts with the registered grids; nothing was imported. Resolve the "
        "conflicts listed above first.",
    ),
    "error.area.table_empty": (
        "网格表中没有找到“网格”列或任何网格；表头应含“片区”和“网格”（可选“村委会”“村民小组”）。",
        "No grid column or no grid found in the table; its headers need 片区 (zone) and "
        "网格 (grid), optionally 村委会 (village) and 村民小组 (village group).",
    ),
    # --- prevention education and sunshine care (issue 15) ------------------------------
    "vocab.education_kind": ("宣传教育类型", "education kind"),
    "education.kind.village_talk": ("进村宣讲", "village talk"),
    "education.kind.school": ("进校园", "school"),
    "education.kind.warning_point": ("警示教育点", "warning-education point"),
    "education.kind.family": ("家庭会议", "family meeting"),
    "education.kind.other": ("其他", "other"),
    "vocab.support_kind": ("关爱帮扶类型", "support kind"),
    "support.kind.training": ("技能培训", "training"),
    "support.kind.job": ("帮扶就业", "job found"),
    "support.kind.relief": ("生活救助", "relief"),
    "support.kind.medical": ("医疗救助", "medical help"),
    "education.log.done": (
        "已记录宣传教育活动 #{id}：{day} {kind}，{place}，听众 {audience} 人。",
        "Recorded education session #{id}: {day} {kind}, {place}, {audience} listening.",
    ),
    "education.list.headline": (
        "{start} 至 {end}：宣传教育 {sessions} 场，听众 {audience} 人；"
        "覆盖村民小组 {reached}/{groups}，进校园 {schools} 所。",
        "{start} to {end}: {sessions} sessions, {audience} listening; village groups reached "
        "{reached}/{groups}, schools {schools}.",
    ),
    "error.education.audience": (
        "听众人数须是正整数（--audience），例如 --audience 45。",
        "The audience must be a whole number above zero (--audience), e.g. --audience 45.",
    ),
    "error.education.group_without_village": (
        "给出 --group 时也要给出 --village（村民小组属于哪个村委会）。",
        "With --group give --village too (the village committee the group belongs to).",
    ),
    "error.education.unknown_group": (
        "{village} 没有登记村民小组“{group}”；已知的有：{known}。"
        "请核对，或先用 area grid add 登记它。",
        "{village} has no village group '{group}' on record; known: {known}. Check it, or "
        "record it first with 'area grid add'.",
    ),
    "error.education.unknown_village": (
        "本乡没有登记村委会“{village}”；已知的有：{known}。",
        "The township has no village committee '{village}' on record; known: {known}.",
    ),
    "error.support.before_registered": (
        "这一天早于此人的登记日期 {day}；请核对 --on。",
        "That day is before the person was registered ({day}); check --on.",
    ),
    "support.log.done": (
        "已记录 {case_no} 的关爱帮扶 #{id}：{day} {kind}。",
        "Recorded support #{id} for {case_no}: {day} {kind}.",
    ),
    "col.audience": ("听众", "audience"),
    "col.village_group": ("村民小组", "village group"),
    "col.education_kind": ("类型", "kind"),
    "col.support_kind": ("帮扶类型", "support"),
    # --- documents from templates (issue 15; docs/domain.md "Documents") ---------------
    "vocab.doc_kind": ("文书类型", "document kind"),
    "doc.kind.agreement": ("协议", "agreement"),
    "doc.kind.notice": ("告知书", "notice"),
    "doc.kind.release": ("解除通知书", "release notice"),
    "doc.kind.evaluation": ("戒断评估", "evaluation"),
    "doc.kind.record": ("谈话走访记录", "talk or visit record"),
    "col.doc_kind": ("文书", "document"),
    "col.issued_on": ("出具日期", "issued"),
    "col.signed_on": ("签署日期", "signed"),
    "col.sent_to": ("送达单位", "sent to"),
    "col.sent_on": ("送达日期", "sent"),
    "section.documents": ("文书", "Documents"),
    "section.support": ("阳光关爱", "Sunshine care"),
    "doc.new.done": (
        "已出具{title}（{doc_no}，{case_no}）：{html}、{docx}。"
        "签字后请用 doc sign {id} --on 日期 --scan 扫描件 登记。",
        "Issued {title} ({doc_no}, {case_no}): {html}, {docx}. Once signed, record it with "
        "'doc sign {id} --on DAY --scan FILE'.",
    ),
    "doc.templates.done": (
        "已把 {count} 个文件（默认模板和字段说明）写入 {folder}；修改后用 "
        "settings set doc_templates 文件夹 启用。",
        "Wrote {count} files (the default templates and the field list) to {folder}; after "
        "editing, use them with 'settings set doc_templates FOLDER'.",
    ),
    "doc.sign.done": ("已登记 {doc_no} 于 {day} 签署。", "Recorded {doc_no} signed on {day}."),
    "doc.sent.done": (
        "已登记 {doc_no} 于 {day} 送达 {to}。",
        "Recorded {doc_no} sent to {to} on {day}.",
    ),
    "error.doc.reason": (
        "文书含完整姓名和身份证号，须用 --reason 写明出具原因（会记入审计日志）。",
        "A document shows full names and ID numbers: give the reason with --reason (it is "
        "kept in the audit log).",
    ),
    "error.doc.not_supervised": (
        "此人目前为“{status}”，不在社区戒毒或社区康复中，不能出具协议或告知书。",
        "The person is '{status}', not under community treatment or rehabilitation: no "
        "agreement or notice can be issued.",
    ),
    "error.doc.record_needs_contact": (
        "谈话走访记录要写明是哪一次接触：加 --contact 编号（用 contact list 查看）。",
        "A talk or visit record writes up one contact: give --contact ID (see contact list).",
    ),
    "error.doc.contact_only_record": (
        "--contact 只用于谈话走访记录（record）。",
        "--contact is for a talk or visit record (record) only.",
    ),
    "error.doc.contact_unknown": (
        "此人没有编号为 {id} 的接触记录；请用 contact list 核对。",
        "The person has no contact {id}; check it with contact list.",
    ),
    "error.doc.empty_field": (
        "模板的字段 {{{field}}} 没有可填的内容，未出具文书；请先补全档案。",
        "The template's field {{{field}}} has nothing to fill it with; nothing was issued. "
        "Complete the file first.",
    ),
    "error.doc.unknown": (
        "没有编号为 {id} 的文书；请用 doc list 查看。",
        "No document {id}; see doc list.",
    ),
    "error.doc.signed_already": (
        "文书 {id} 已于 {day} 登记签署，不能重复登记。",
        "Document {id} was recorded signed on {day} already.",
    ),
    "error.doc.sent_already": (
        "文书 {id} 已于 {day} 登记送达，不能重复登记。",
        "Document {id} was recorded sent on {day} already.",
    ),
    "error.doc.before_issued": (
        "这一天早于文书的出具日期 {day}；请核对 --on。",
        "That day is before the document was issued ({day}); check --on.",
    ),
    "error.setting.doc_templates": (
        "文件夹 {folder} 不存在；请给出存放模板的文件夹（doc templates --out 可生成默认模板）。",
        "The folder {folder} does not exist; give the folder of the templates (doc templates "
        "--out writes the defaults).",
    ),
    "error.setting.documents_from": (
        "“{value}”不是日期；请写成 2026-01-01 这样的格式。",
        "'{value}' is not a day; write it as 2026-01-01.",
    ),
    "error.setting.text": (
        "{key} 须是 1 到 40 个可打印的字符。",
        "{key} must be 1 to 40 printable characters.",
    ),
    "alert.kind.no_agreement": ("未签协议", "no signed agreement"),
    "alert.kind.no_release_notice": ("未出具解除通知书", "no release notice"),
    "alert.kind.release_not_sent": ("解除通知书未送达", "release notice not delivered"),
    "alert.kind.no_evaluation": ("未做戒断评估", "no evaluation"),
    "alert.detail.no_agreement": (
        "{start} 起{status}，已过 {days} 天仍无已签署的协议；请用 doc new 出具并登记签署。",
        "{status} since {start}, {days} days without a signed agreement: issue one with "
        "doc new and record it signed.",
    ),
    "alert.detail.no_release_notice": (
        "{released} 解除，尚未出具解除通知书；请用 doc new 出具。",
        "Released on {released} with no release notice: issue one with doc new.",
    ),
    "alert.detail.release_not_sent": (
        "解除通知书 {issued} 出具，已过 {days} 天仍未登记送达本人及家属；"
        "送达后请用 doc sent 登记。",
        "The release notice issued on {issued} is not recorded as delivered to the person "
        "and family after {days} days: record it with doc sent.",
    ),
    "alert.detail.no_evaluation": (
        "解除已满三年（{due}），尚无戒断三年未复吸评估表；请用 doc new 出具。",
        "Three years since the release ({due}) and no evaluation: issue one with doc new.",
    ),
    "error.number.too_large": (
        "输入的数字太大，超出了可记录的范围；请核对编号或数量。",
        "A number given is too large to be recorded; check the number or amount.",
    ),
    "error.text.required": ("{field}不能为空。", "{field} cannot be empty."),
    "error.doc.templates_missing": (
        "设置的文书模板文件夹 {folder} 已不存在；"
        "请放回模板，或用 settings set doc_templates \"\" 改用默认模板。",
        "The folder of document templates set, {folder}, is gone; put the templates back, "
        "or use the defaults with 'settings set doc_templates \"\"'.",
    ),
    "error.doc.template_empty": (
        "模板 {file} 没有标题（以 # 开头的一行）；请补上标题后再用。",
        "The template {file} has no title (a line beginning with #); add one first.",
    ),
    "error.doc.templates_exist": (
        "{path} 已存在，没有覆盖；请换一个空文件夹写出默认模板。",
        "{path} exists and was left as it is; write the default templates to an empty folder.",
    ),
    "error.doc.not_released": (
        "此人目前为“{status}”，期限也未届满，不能出具解除通知书或戒断评估表。",
        "The person is '{status}' and their term has not ended: no release notice or "
        "evaluation can be issued.",
    ),
    "error.doc.evaluation_status": (
        "戒断三年未复吸评估只对已解除的人员出具；此人目前为“{status}”。",
        "An evaluation is issued for a released person only; the person is '{status}'.",
    ),
    "error.support.deceased": (
        "此人已登记死亡，不能再记录关爱帮扶。",
        "The person is recorded deceased; no support can be recorded.",
    ),
    "error.doc.unknown_field": (
        "模板 {file} 里有本工具不认识的字段 {{{field}}}；"
        "请改用“字段说明.txt”里列出的字段名，或删去它。",
        "The template {file} has a field yuesong does not know, {{{field}}}: use a name "
        "listed in 字段说明.txt (the field list), or remove it.",
    ),
    "error.doc.template_unreadable": (
        "模板 {file} 读不出来；请把它另存为 UTF-8 编码的文本文件后再试。",
        "The template {file} cannot be read; save it as a UTF-8 text file and try again.",
    ),
    "error.doc.template_syntax": (
        "模板 {file} 第 {line} 行的花括号不成对；"
        "字段写作 {{字段名}}，花括号本身写作 {{{{ 或 }}}}。",
        "Line {line} of the template {file} has an unpaired brace: a field is written "
        "{{name}}, a brace itself {{{{ or }}}}.",
    ),
}


def join(items: list[str], lang: str) -> str:
    """Words joined as the language lists them: 甲、乙 or a, b."""
    return ("、" if lang == "zh" else ", ").join(items)


def tn(key: str, lang: str, count: int, /, **params: Any) -> str:
    """``t`` for a sentence about ``count`` things: the ``key.one`` form, where the catalog
    has one, when the count is 1 (English: "1 day", not "1 days")."""
    params.setdefault("count", count)
    one = f"{key}.one"
    return t(one if count == 1 and one in CATALOG else key, lang, **params)


def t(key: str, lang: str = "zh", /, **params: Any) -> str:
    """The text of ``key`` in ``lang`` with ``params`` filled in."""
    zh, en = CATALOG[key]
    text = en if lang == "en" else zh
    return text.format(**params) if params else text
