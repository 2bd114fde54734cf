"""Help pages and usage errors in the officer's language.

The help of every command and option in Chinese, keyed by the English text as the command
modules write it (whitespace aside), so those modules stay as they read; the examples that
end each group's help; help for the few options written without one. A run that shows
help (cli/app.py decides, before parsing) has its command tree's help texts replaced from
this catalog and the examples added; nothing of this is imported by a normal command.
English help is the code's own text. A usage error (a mistyped command or option, a
missing argument, a bad choice) becomes two plain lines: what is wrong, and how to get
help. tests/test_cli_help.py walks every command and option and fails on a help text
missing here.
"""

from __future__ import annotations

import re
from typing import Any

import typer
import typer.rich_utils
from typer._click import exceptions as click_errors
from typer._click.formatting import HelpFormatter

from yuesong_cli.domain import vocab
from yuesong_cli.domain.fields import FIELDS, Field
from yuesong_cli.domain.masking import mask_id_number, mask_phone
from yuesong_cli.messages import t

# fmt: off
# English help text (as in the code, whitespace collapsed) -> Chinese.
ZH: dict[str, str] = {
    # --- yuesong doc (issue 15) ---
    "Documents: agreements, notices, release notices, records.":
        "文书：协议、告知书、解除通知书、谈话走访记录。",
    "Fill a document from the record, write it as HTML (A4) and DOCX (Word, WPS), and enter "
    "it in the person's register under its own number.":
        "按档案填写文书，写成 HTML（A4 打印）和 DOCX（Word、WPS 可打开），"
        "并编号登记到此人的文书登记簿。",
    "agreement, notice, release, evaluation or record.":
        "agreement（协议）、notice（告知书）、release（解除通知书）、evaluation（戒断三年评估表）"
        "或 record（谈话走访记录）。",
    "Why it is printed (required: it shows full names and ID numbers).":
        "出具原因（必填：文书含完整姓名和身份证号，会记入审计日志）。",
    "The folder to write it to.": "写入的文件夹。",
    "The day it is issued (default today).": "出具日期（默认今天）。",
    "The contact a record writes up (record only).": "谈话走访记录所记的那次接触（仅 record）。",
    "Write the default templates and their field list, for the county to edit; use the "
    "edited ones with `settings set doc_templates DIR`.":
        "写出默认模板和字段说明供县里修改；改好后用 `settings set doc_templates 文件夹` 启用。",
    "The folder to write the default templates to.": "默认模板写入的文件夹。",
    "Record that a document was signed, its signed copy kept as a photo.":
        "登记文书已签署，签字件扫描或拍照留存。",
    "The document's number.": "文书的序号（doc list 中的序号）。",
    "The day it was signed (default today).": "签署日期（默认今天）。",
    "The signed copy, scanned or photographed.": "签字件的扫描件或照片。",
    "Record to whom and when a document was sent (a release notice: the police).":
        "登记文书送达的单位和日期（解除通知书：送派出所）。",
    "Whom it was sent to (the police station).": "送达单位（派出所）。",
    "The day it was sent (default today).": "送达日期（默认今天）。",
    "The register of documents: issued, signed, sent.": "文书登记簿：出具、签署、送达。",
    "Only this person (default: everyone).": "只看此人（默认全部）。",
    # --- yuesong education, support (issue 15) ---
    "Drug-prevention education (宣传教育).": "毒品预防宣传教育。",
    "Record an education session: a talk in a village group, at a school, at the "
    "warning-education point, a family meeting.":
        "记录一次宣传教育活动：进村民小组宣讲、进校园、警示教育点参观、家庭会议。",
    "village_talk, school, warning_point, family or other.":
        "village_talk（进村宣讲）、school（进校园）、warning_point（警示教育点）、"
        "family（家庭会议）或 other（其他）。",
    "Where it was held.": "举办地点。",
    "How many listened.": "听众人数。",
    "The day it was held (default today).": "举办日期（默认今天）。",
    "The village committee reached.": "覆盖的村委会。",
    "The village group reached (counts for coverage).": "覆盖的村民小组（计入教育覆盖率）。",
    "What was taught, by whom.": "宣讲内容、宣讲人。",
    "A photo of the session.": "活动照片。",
    "The sessions of a period, with the village groups and schools they reached.":
        "某一期间的宣传教育活动，及其覆盖的村民小组和学校。",
    "A month 2026-11, a quarter 2026Q4 or a year 2026 (default this year).":
        "月份 2026-11、季度 2026Q4 或年份 2026（默认今年）。",
    "Sunshine care (阳光关爱): training, jobs, relief.": "阳光关爱：技能培训、帮扶就业、救助。",
    "Record support given to a person (the reports count those trained and employed).":
        "记录对一名人员的关爱帮扶（报表统计参加培训和帮扶就业的人数）。",
    "training, job, relief or medical.":
        "training（技能培训）、job（帮扶就业）、relief（生活救助）或 medical（医疗救助）。",
    "The day it was given (default today).": "帮扶日期（默认今天）。",
    "What, where, by whom.": "内容、地点、经办人。",
    "The support a person was given, oldest first.": "此人得到的关爱帮扶，按时间先后。",
    # --- yuesong area (issue 14) ---
    "Put a grid in another zone; its persons' zone follows.":
        "把网格归入另一个片区；网格内人员的片区随之更改。",
    "The grid's name.": "网格名称。",
    "Also write it to FILE (.csv, .xlsx, .json or .html).":
        "同时写入文件（.csv、.xlsx、.json 或 .html）。",
    "Write the person's whole file as one encrypted package for the township they move to, "
    "and record them moved out.":
        "把此人的完整档案写成一个加密的转移包交给迁入乡镇，并登记为迁出。",
    "The township the person moves to.": "迁入的乡镇。",
    "The package to write.": "要写入的转移包文件。",
    "The day they moved (default today).": "迁出日期（默认今天）。",
    "A file holding the package's passphrase (owner-only); else typed.":
        "存放转移包口令的文件（仅本人可读）；不给则在终端输入。",
    "Register a person moving in from another township, with their whole history (a new "
    "case number; the old one kept).":
        "登记从其他乡镇迁入的人员及其全部历史（编新的案件号，原案件号保留）。",
    "The package the sending township wrote.": "迁出乡镇生成的转移包。",
    "The county's roll-up of the townships.": "全县各乡镇数据汇总。",
    "The townships' extracts (report extract, .json) or ledgers (.db).":
        "各乡镇的汇总文件（report extract 生成，.json）或乡镇数据库（.db）。",
    "With ledgers (.db): the period, e.g. 2026Q3.": "汇总数据库（.db）时：期间，如 2026Q3。",
    "With ledgers (.db): count as of this day.": "汇总数据库（.db）时：按哪一天计算。",
    "With ledgers (.db): the county's key file.": "汇总数据库（.db）时：县里下发的密钥文件。",
    "Last year's extracts of the same period, for 同比.": "去年同期的各乡镇汇总文件，用于同比。",
    "One row a township and the county's total: numerators and denominators summed, "
    "every rate worked out again from them.":
        "每个乡镇一行，另有全县合计：分子分母相加，各比率按合计重新计算。",
    "The township's figures for the county's roll-up, without personal data (JSON).":
        "供县级汇总的本乡数据（JSON），不含个人信息。",
    "The extract to write (.json).": "要写入的汇总文件（.json）。",
    "The county's key file (owner-only): persons become tokens under it.":
        "县里下发的密钥文件（仅本人可读）：人员只以该密钥下的标记出现。",
    "The figures per grid (网格), as report village gives them per village.":
        "各网格的数据，口径与 report village 各村的相同。",
    "The figures per zone (片区), as report village gives them per village.":
        "各片区的数据，口径与 report village 各村的相同。",
    "The township's zones (片区) and grids (网格).": "全乡的片区和网格。",
    "The zones and their grids, with how many persons each holds.":
        "片区及其网格，和每个网格登记的人数。",
    "Only the grids of this zone.": "只列此片区的网格。",
    "Check the township's grid table (片区, 网格, 村委会, 村民小组) and, with --commit, "
    "register the zones and grids it adds.":
        "检查全乡网格表（片区、网格、村委会、村民小组），加 --commit 时登记其中新的片区和网格。",
    "The grid table: .xlsx, .csv or .txt.": "网格表：.xlsx、.csv 或 .txt 文件。",
    "Register the new zones and grids (default: check).": "登记新的片区和网格（默认只检查）。",
    "Zones (片区).": "片区。",
    "Register a zone; prints its number.": "登记一个片区，并显示其编号。",
    "The zone's name, e.g. 第一片区.": "片区名称，如 第一片区。",
    "Grids (网格), each in one zone.": "网格，每个网格属于一个片区。",
    "Register a grid in a zone; prints its number.": "在片区中登记一个网格，并显示其编号。",
    "The grid's name, e.g. 网格01.": "网格名称，如 网格01。",
    "The zone it lies in (registered).": "所属片区（须已登记）。",
    "The village committee it covers.": "网格覆盖的村委会。",
    "The village group it covers.": "网格覆盖的村民小组。",
    # the program and its global options
    "岳宋 community drug-rehabilitation ledger · 社区戒毒社区康复帮教台账":
        "岳宋 社区戒毒社区康复帮教台账",
    "Database file (default: $YUESONG_DB, then the data dir).":
        "数据库文件（默认：环境变量 YUESONG_DB，否则用户数据目录中的 yuesong.db）。",
    "Output language: zh (default) or en; or YUESONG_LANG, or the locale.":
        "显示语言：zh（默认）或 en；也可用环境变量 YUESONG_LANG 或系统语言设置。",
    "Every column of a table, whatever the width of the screen.":
        "表格显示全部列，不论屏幕多宽。",
    "Print the version and exit.": "显示版本号后退出。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.":
        "显示当前 shell 的命令补全脚本，可复制或自行安装。",
    "Install completion for the specified shell.": "为指定的 shell 安装命令补全。",
    "Show completion for the specified shell, to copy it or customize the installation.":
        "显示指定 shell 的命令补全脚本，可复制或自行安装。",
    "Show this message and exit.": "显示本帮助后退出。",
    # init, log, due, why, alerts, sample
    "Create an empty database (file mode 0600).": "新建一个空数据库（仅本人可读写）。",
    "Township name (乡镇名称).": "乡镇名称。",
    "Time zone, default Asia/Shanghai.": "时区，默认 Asia/Shanghai。",
    "Case number prefix, default YS.": "案件编号前缀，默认 YS。",
    "Record a contact. "
    "To correct one: log list REF, log void ID, log amend ID (as contact list/void/amend).": (
        "记录一次帮教（谈话、走访、报到、尿检等）。\n\n"
        "改正已记录的：log list REF 查看编号，log void ID 作废，log amend ID 更正"
        "（与 contact list、void、amend 相同）。"
    ),
    "The person: case number, name, pinyin, initials.": "对象：案件编号、姓名、拼音或首字母。",
    "meet talk visit report urine":
        "帮教类型，可多个：meet 见面、talk 谈话、visit 走访、report 报到、urine 尿检",
    "The day it happened (default today).": "发生日期（默认今天）。",
    "A helper who took part (repeatable).": "参与的帮教人员（可重复）。",
    "in_person, phone or video.": "方式：in_person 当面、phone 电话或 video 视频。",
    "Where.": "地点。",
    "What was said or done.": "谈了什么、做了什么。",
    "An image file (repeatable).": "图片文件（可重复）。",
    "Urine result: negative, positive, refused, absent.":
        "尿检结果：negative 阴性、positive 阳性、refused 拒检、absent 未到。",
    "Substance of a positive test.": "阳性检出的毒品种类。",
    "The due list: every obligation of everyone under active supervision.":
        "待办清单：所有在管对象的每项帮教义务。",
    "The day to answer for (default today, past or future).":
        "按哪一天计算（默认今天，可为过去或将来）。",
    "Only items due within N days (0: today).": "只列 N 天内到期的（0：今天）。",
    "Only this village committee.": "只看这个村委会。",
    "Only persons whose team includes this helper.": "只看帮教小组中有这位帮教人员的对象。",
    "Only this rule (repeatable).": "只看这条规则（可重复）。",
    "Also list what is done.": "已完成的也列出。",
    "One section per village, grid, zone or helper.": "按村委会、网格、片区或帮教人员分组。",
    "Only this grid (网格).": "只列此网格的人员。",
    "Only this zone (片区).": "只列此片区的人员。",
    "Exit 3 when anything is overdue or has a missed streak.":
        "有逾期或连续未完成时以退出码 3 结束。",
    "table (terminal), plain (printer, cron mail), csv or json.":
        "格式：table（屏幕）、plain（打印、定时邮件）、csv 或 json。",
    "Each rule's obligation for one person, explained.": "逐条说明一名对象每项规则的义务。",
    "Case number, name, pinyin or initials.": "案件编号、姓名、拼音或首字母。",
    "The day to answer for.": "按哪一天计算。",
    "Every warning for the township, most severe first (预警).":
        "全乡镇的预警，最严重的在前。",
    "The day to answer for (default today).": "按哪一天计算（默认今天）。",
    "Exit 3 when an alert of this severity or a worse one exists.":
        "有此级别或更严重的预警时以退出码 3 结束。",
    "Fill the database with fictional, realistic data.": "用虚构的示例数据填充数据库。",
    "How many persons.": "对象人数。",
    "Random seed: the same seed gives the same data.": "随机种子：同一种子生成相同的数据。",
    "The last day of the history (default today).": "历史记录的最后一天（默认今天）。",
    "Years of contact history.": "帮教记录的年数。",
    # person
    "Persons under supervision (帮教对象).": "帮教对象：登记、查询、查看、修改、变更状态。",
    "Register a person; prints the case number.": "登记一名对象，显示其案件编号。",
    "Name (姓名); prompted for if missing.": "姓名；未给出时会提示输入。",
    "Status (人员状态).": "人员状态。",
    "Status in force from (default today).": "状态生效日期（默认今天）。",
    "Decision document number.": "决定书编号。",
    "民族, e.g. 佤族.": "民族，如 佤族。",
    "Village group (村民小组).": "村民小组。",
    "Drugs used, comma separated.": "吸食的毒品，用逗号分隔。",
    "Supervision plan (default five_to_one).": "帮教方案（默认 five_to_one）。",
    "Day registered in this ledger (default: --since).": "在本台账登记的日期（默认同 --since）。",
    "The register, masked.": "对象名册（敏感信息已遮盖）。",
    "Only this current status.": "只看当前为此状态的对象。",
    "Only this plan.": "只看这个帮教方案。",
    "Statuses as of this day.": "按这一天的状态。",
    "Also write it to FILE (.csv, .xlsx or .json).": "同时写入文件（.csv、.xlsx 或 .json）。",
    "Search names, pinyin, initials, case numbers, last 4 ID digits.":
        "按姓名、拼音、首字母、案件编号或身份证后 4 位查找。",
    "Name, pinyin, initials, case number, last 4 ID.":
        "姓名、拼音、首字母、案件编号或身份证后 4 位。",
    "One file: details, the path as a timeline, status records, team, recent contacts.":
        "一名对象的档案：基本信息、经历时间线、状态记录、帮教小组、近期帮教。",
    "Show the masked fields (name, ID number, phone…) in full.":
        "完整显示被遮盖的信息（姓名、身份证号、电话等）。",
    "Why the full values are needed.": "需要查看完整信息的原因。",
    "How many recent contacts to show.": "显示最近几次帮教。",
    "Change fields (an empty value clears an optional field).":
        "修改档案信息（给空值可清除非必填项）。",
    "In force from this day (default today).": "从这一天起生效（默认今天）。",
    "Last day (e.g. approved leave).": "最后一天（如批准的请假）。",
    "Document number (决定书编号).": "决定书编号。",
    "Reason.": "原因。",
    "Term in years when a new term starts (community rehab: 1-3).":
        "新期限的年数（社区康复：1-3 年）。",
    # helper, team
    "Helping people (帮教人员).": "帮教人员：添加、列出、更换、退出。",
    "Add a helper; prints the helper's number.": "添加一名帮教人员，显示其编号。",
    "The helper's name.": "帮教人员姓名。",
    "Role: police, officer, grid_worker, guardian, …":
        "身份：police 民警、officer 专干、grid_worker 网格员、guardian 监护人等。",
    "Phone number.": "电话号码。",
    "The helping people and how many persons each is assigned to.":
        "帮教人员名单，及各自负责的对象人数。",
    "The 五包一 helping team.": "五包一帮教小组。",
    "Put a helper into a role of the person's team (replacing the previous one).":
        "把一名帮教人员安排到对象帮教小组的某个位置（替换原来的人）。",
    "The helper: number or name.": "帮教人员：编号或姓名。",
    "Role in the team, or responsible (包保责任人).":
        "在小组中的位置，或 responsible（包保责任人）。",
    "From this day (default today).": "从这一天起（默认今天）。",
    "The person's team and responsible helper.": "对象的帮教小组和包保责任人。",
    # identity documents (person add, edit)
    "Resident ID number (18 characters, or 15 digits of an old card); prompted for if no "
    "document is given.":
        "居民身份证号（18 位，或旧证的 15 位）；未给出任何证件时会提示输入。",
    "Passport number of a foreign national (with --nationality, --gender, --born).":
        "外籍人员的护照号（同时给出 --nationality、--gender、--born）。",
    "The passport's country: ISO 3166 three-letter code, e.g. MMR, LAO, VNM, THA.":
        "护照签发国：ISO 3166 三字母代码，如 MMR 缅甸、LAO 老挝、VNM 越南、THA 泰国。",
    "ID number not known yet (with --gender, --born); the file counts as incomplete.":
        "身份证号暂不知道（同时给出 --gender、--born）；档案计为不完整。",
    "Gender (male or female, 男 or 女) when no ID number gives it.":
        "性别（male 或 female，男 或 女），没有身份证号时填写。",
    "Birth date when no ID number gives it.": "出生日期，没有身份证号时填写。",
    # photo list, export
    "A person's photos, newest contact first, with the number to export each by.":
        "一名对象的照片，最近的帮教在前，附导出用的编号。",
    "Write a photo to a file readable by you only (audited).":
        "把一张照片写入只有本人可读的文件（记入审计日志）。",
    "The photo's number (photo list).": "照片编号（见 photo list）。",
    "The folder to write it to (made if missing).": "写入的文件夹（不存在时自动创建）。",
    # photo
    "Photos kept with contacts.": "帮教记录附带的照片。",
    # breach, tests
    "Breaches of the agreement (违反协议).": "违反协议的情况：记录、查看。",
    "Record a breach. Refused and missed urine tests count by themselves.":
        "记录一次违反协议。拒绝尿检和未按时尿检会自动计入。",
    "refused_test, absent_test, left_county or other.":
        "类型：refused_test 拒绝检测、absent_test 未按时检测、"
        "left_county 擅自离开县境或 other 其他。",
    "The day it happened (left the county; default today).":
        "发生日期（离开县境的日期；默认今天）。",
    "Days out of the county (left_county only).": "离开县境的天数（仅 left_county）。",
    "What happened.": "经过。",
    "A person's breaches and where they stand against the serious-breach rule, each recorded one with its number; a test refused or not come to has none: it is voided with `contact void`.":  # noqa: E501
        "一名对象的违反协议记录（登记的各附编号；尿检记录没有编号，用 contact void 作废），"
        "及其与严重违反协议标准的距离。",
    "Void a breach recorded by mistake: it counts no more; the record keeps it. A test refused or not come to is voided with `contact void`.":  # noqa: E501
        "作废一条误录的违反协议：不再计入，原记录留存。尿检记录用 contact void 作废。",
    "The breach's number.": "违反协议编号（见 breach list）。",
    "Count up to this day.": "统计到这一天。",
    "Drug tests (尿检).": "尿检：随机抽检。",
    "Choose persons for surprise tests (随机抽检), weighted by risk; audited.":
        "按风险加权抽取随机抽检的对象；记入审计日志。",
    "How many persons to draw.": "抽取人数。",
    "The seed; the same seed draws the same persons.": "随机种子：同一种子抽到相同的人。",
    "The day of the draw (default today).": "抽检日期（默认今天）。",
    "Leave out persons tested in the last N days.": "排除最近 N 天内已检测的对象。",
    # report
    "Reports (统计报表).": "统计报表。",
    "The township's figures for a period, beside the same period a year before.":
        "全乡镇某一期间的数字，与去年同期对比。",
    "2026-11 (month), 2026Q4 (quarter) or 2026 (year).":
        "期间：2026-11（月）、2026Q4（季度）或 2026（年）。",
    "First day of the period.": "期间的第一天。",
    "Last day of the period.": "期间的最后一天。",
    "Count as of this day (default today).": "统计到这一天（默认今天）。",
    "Also write it to FILE (.csv, .xlsx or .json), masked.":
        "同时写入文件（.csv、.xlsx 或 .json），敏感信息已遮盖。",
    "What a successor must know: persons and their open obligations and alerts (masked), "
    "incomplete files, where the database and its backups are, the last verified backup.":
        "交接须知：在管人员及其未完成事项和预警（已遮盖）、不完整的档案、数据库及其备份的位置、"
        "最近一次已校验的备份。",
    "The figures per village committee.": "按村委会统计。",
    "The figures per helper: the obligations of the persons in their teams.":
        "按帮教人员统计：其所在小组对象的帮教义务。",
    "A person's file: details (masked), path, team, contacts, tests, breaches, and per rule "
    "a calendar of windows kept (●) and missed (✗). Default: the last 26 weeks.":
        "一名对象的档案报表：基本信息（已遮盖）、经历、帮教小组、帮教、尿检、违反协议，"
        "以及每条规则按期完成（●）和未完成（✗）的日历。默认：最近 26 周。",
    "How many recent contacts to list.": "列出最近几次帮教。",
    "The quarterly report (一季一汇报) as one HTML file that prints well and as Markdown: "
    "figures, charts, and the masked list of persons needing action.":
        "一季一汇报：一个便于打印的 HTML 文件和一个 Markdown 文件，含数字、图表，"
        "以及需要跟进的对象名单（已遮盖）。",
    "The quarter, e.g. 2026Q3 (default: the last whole one).":
        "季度，如 2026Q3（默认：上一个完整季度）。",
    "Folder for the report's HTML and Markdown files.": "存放报告 HTML 和 Markdown 文件的文件夹。",
    # plan
    "Supervision plans (帮教方案) and their rules.": "帮教方案及其规则。",
    "The plans, with how many rules and persons each has.":
        "帮教方案列表，及各自的规则数和对象数。",
    "The rules of a plan: schedule and what keeps each.": "一个方案的规则：周期，以及怎样算完成。",
    "The plan's key, e.g. five_to_one.": "方案代码，如 five_to_one。",
    "Define a new plan (then add rules with 'plan rule').":
        "新建一个帮教方案（再用 'plan rule' 添加规则）。",
    "A short key: lowercase letters, digits, _.": "简短的代码：小写字母、数字、下划线。",
    "The plan's name in Chinese.": "方案的中文名称。",
    "The plan's name in English.": "方案的英文名称。",
    "Start with the rules of this plan.": "从这个方案的规则开始。",
    "Add or replace a rule of a plan.": "添加或替换方案中的一条规则。",
    "The plan's key.": "方案代码。",
    "The rule's key, e.g. phone_talk.": "规则代码，如 phone_talk。",
    "The rule's name in Chinese.": "规则的中文名称。",
    "The rule's name in English.": "规则的英文名称。",
    "Calendar rule: week, half_month, month or quarter.":
        "按日历的规则：week 每周、half_month 每半月、month 每月或 quarter 每季度。",
    "Rolling rule: due N days after.": "滚动规则：上次完成后 N 天到期。",
    "Tiered rule: STATUS=M1,M2,M3 months per window by year of term.":
        "分阶段规则：状态=M1,M2,M3，按期限第几年，每 M 个月一次。",
    "Contact kinds that keep it (comma separated; any).":
        "算完成的帮教类型（逗号分隔；任一即可）。",
    "Modes that keep it: in_person, phone, video (any).":
        "算完成的方式：in_person 当面、phone 电话、video 视频（任一即可）。",
    "Urine results that keep it (negative, positive).": "算完成的尿检结果（negative、positive）。",
    "Remove a rule from a plan.": "从方案中删除一条规则。",
    "The rule's key.": "规则代码。",
    # db, settings
    "The database file.": "数据库文件：检查、信息、备份、恢复。",
    "Where the database is and what it holds.": "数据库在哪里、存了什么。",
    "Back up the database with SQLite's online backup API, checked, owner-only.":
        "备份数据库（SQLite 在线备份，备份后检查，仅本人可读写）。",
    "New file (default: backups/ beside the database).":
        "新文件（默认：数据库旁的 backups/ 文件夹）。",
    "Then remove the oldest of its own backups in backups/ beyond the N newest.":
        "然后删除 backups/ 中本工具做的旧备份，只保留最新的 N 个。",
    "Replace the database with a checked backup (the current data is backed up first).":
        "用检查过的备份替换数据库（先备份当前数据）。",
    "A backup made by 'yuesong db backup'.": "由 'yuesong db backup' 生成的备份。",
    "Settings kept in the database.": "保存在数据库中的设置。",
    # contact (issue 11: corrections)
    "A person's contacts by number, and their corrections.":
        "对象的接触记录（带编号）及其更正。",
    "A person's contacts, newest first, with the number to correct each by.":
        "对象的接触记录，最新在前，附更正时所用的编号。",
    "Void a contact entered by mistake: it counts no more; the record keeps it.":
        "作废一条误录的接触记录：不再计入，原记录留存。",
    "Correct a contact's day, kinds, mode, result, place or note; the record keeps the contact as it stood.":  # noqa: E501
        "更正接触记录的日期、类型、方式、尿检结果、地点或内容；原记录留存。",
    "The contact's number.": "接触记录编号。",
    "Why the record is corrected (required; kept with it).": "更正原因（必填，随记录留存）。",
    "The day it really happened.": "实际发生的日期。",
    "The kinds, comma-separated: meet,talk,visit,report,urine.":
        "帮教类型，逗号分隔：meet 见面、talk 谈话、visit 走访、report 报到、urine 尿检。",
    "The settings.": "查看设置。",
    "Change a setting.": "修改一项设置。",
    "township, township_code, county, police_station, doc_templates, documents_from, "
    "timezone, case_prefix, mask_names or retention_years.":
        "设置项：township 乡镇、township_code 乡镇区划代码、county 所在县、police_station "
        "解除通知书送达的派出所、doc_templates 文书模板文件夹、documents_from 文书登记起始日、"
        "timezone 时区、"
        "case_prefix 编号前缀、mask_names 姓名遮盖或 retention_years 保存年限。",
    "The new value.": "新的值。",
    # import (issue 11)
    "Bring an existing register in from a file.": "从文件导入已有台账。",
    "Check a register of persons and, with --commit, register them.":
        "检查人员台账文件；加 --commit 则登记入库。",
    "The register: .xlsx, .csv or .txt.": "台账文件：.xlsx、.csv 或 .txt。",
    "Write the persons (default: only check the file).": "写入数据库（默认只检查，不写入）。",
    "With --commit, import the valid rows and list the rest.":
        "与 --commit 同用：只导入有效行，列出其余各行。",
    "The file's encoding, e.g. gbk (default: UTF-8, else GB18030).":
        "文件编码，如 gbk（默认先按 UTF-8，不行再按 GB18030）。",
    "A column the headers do not name: 列名=field (repeatable).":
        "指定表头认不出的列：列名=字段（可重复）。",
    "Check a file of past contacts and, with --commit, record them.":
        "检查以往帮教记录文件；加 --commit 则记录入库。",
    "Past contacts: .xlsx, .csv or .txt.": "帮教记录文件：.xlsx、.csv 或 .txt。",
    "Write the contacts (default: only check the file).": "写入数据库（默认只检查，不写入）。",
    "Write an empty workbook to fill in for import persons or import contacts.":
        "写出空白导入模板（Excel），填好后用 import persons 或 import contacts 导入。",
    "What the workbook is for: persons or contacts.":
        "模板用途：persons 人员台账，或 contacts 帮教记录。",
    "The workbook to write (.xlsx).": "要写出的工作簿（.xlsx），不覆盖已有文件。",
    # --- issue 11: history from ---
    "First day whose obligations count (default: the registration day); none before it is "
    "missed.": "应办事项起算日（记录起始日，默认同登记日）；此前的不计为漏做。",
    "First day whose obligations count (default: today); none before it is missed, the "
    "status dates stay as recorded.":
        "应办事项起算日（记录起始日，默认今天）；此前的不计为漏做，状态起始日照原记录保留。",
    # --- issue 11: status void ---
    "Change status from a day on. Or void an entry entered by mistake: person status void ID --reason TEXT.":  # noqa: E501
        "从某天起变更人员状态。\n\n"
        "或作废一条误录的状态记录：person status void 编号 --reason 原因。",
    "Case number, name, pinyin or initials; or the word void.":
        "案件编号、姓名、拼音或首字母；或 void（作废状态记录）。",
    "The status (人员状态); after void, the entry's number.":
        "新的人员状态（见下方列表）；在 void 之后则是要作废的状态记录编号。",
    # --- issue 11: teams over time ---
    "Retired helpers too, with the day they left.": "也列出已退出的帮教人员及其退出日期。",
    "Pass every team role of a helper to another from a day (history kept).":
        "自某日起把一名帮教人员在各帮教小组中的全部角色移交给另一人（保留历史）。",
    "The helper who takes over: number or name.": "接任的帮教人员：编号或姓名。",
    "The first day the new helper holds the roles.": "接任人员开始担任这些角色的第一天。",
    "Why (kept in the audit log; no personal details).":
        "原因（记入审计日志，请勿写入个人信息）。",
    "Take a helper off the active lists; refused while they hold team roles.":
        "帮教人员退出名单；仍担任帮教小组角色时不予办理（可加 --by 一并移交）。",
    "The first day the helper no longer helps (default today).":
        "不再参与帮教的第一天（默认今天）。",
    "Pass the helper's team roles to this helper first.": "先把其帮教小组角色移交给这位帮教人员。",
    "Every member the team has had, with their days.": "列出帮教小组的历任成员及其起止日期。",
    # --- issue 11: sheets ---
    "Each helper's sheet of a week: the persons of their teams, masked, what is due, "
    "and blank columns to fill in and bring back with import contacts.":
        "每位帮教人员一周的帮教记录表：其负责的帮教对象（姓名隐去）、本周应做的事项，"
        "以及留空待填的日期、方式、结果和签名栏；填好后用 import contacts 导入。",
    "The ISO week, e.g. 2026-W49 (default: this week).": "ISO 周，如 2026-W49（默认本周）。",
    "Folder for the files (made owner-only if missing).":
        "写出文件的文件夹（不存在则新建，仅本人可读写）。",
    "Only this helper, by number or name (repeatable).":
        "只出这位帮教人员的表，按编号或姓名（可重复）。",
    "html (pages to print), xlsx (the workbook) or text (printed, no files); "
    "default: html and xlsx.":
        "html（打印用网页）、xlsx（工作簿）或 text（直接显示，不写文件）；默认 html 和 xlsx。",
    "Replace sheet files already in the folder.": "覆盖文件夹中已有的同名帮教表。",
    "What is kept as of this day (default today).": "按此日期判断已完成的事项（默认今天）。",
    # --- issue 12: encryption ---
    "Encrypt it with SQLCipher; the key from YUESONG_KEY_FILE or typed twice.":
        "用 SQLCipher 加密；密钥取自 YUESONG_KEY_FILE，或输入两次。",
    "Encrypt the database in place with SQLCipher (key: YUESONG_KEY_FILE or typed twice).":
        "用 SQLCipher 就地加密数据库（密钥：YUESONG_KEY_FILE，或输入两次）。",
    "Encrypt the database with a new key (from YUESONG_NEW_KEY_FILE or typed twice).":
        "用新密钥重新加密数据库（新密钥取自 YUESONG_NEW_KEY_FILE，或输入两次）。",
    "Write a plain, unencrypted copy of an encrypted database (owner-only, audited).":
        "把加密的数据库另存为一份未加密的副本（仅本人可读，记入审计日志）。",
    "The plain copy to write (a new file).": "要写出的未加密副本（须为新文件）。",
    "Why a plain copy is needed (audited).": "为什么需要未加密副本（记入审计日志）。",
    # --- issue 12: audit, restore and schema ---
    "Check the file, the audit log and the data it explains; exit 1 on a problem.":
        "检查数据库文件、审计日志以及数据是否都有审计记录可循；有问题时以退出码 1 结束。",
    "The head noted earlier (COUNT:HASH): exit 1 unless the log still holds it.":
        "先前抄下的审计头（条数:哈希）：审计日志不再包含它时以退出码 1 结束。",
    "Restore a backup whose audit log does not continue this database's.":
        "恢复一个审计日志不是本数据库延续的备份。",
    "Why (with --force; written to the audit log).": "原因（与 --force 一起给出；记入审计日志）。",
    # --- issue 12: faults and leftovers ---
    "Replace a file of that name (refused otherwise).": "覆盖同名的已有文件（否则拒绝写入）。",
    # --- issue 12: purge ---
    "Anonymise the files of persons whose supervision ended long ago (dry run unless --commit).":
        "匿名化管控早已结束的人员档案（不加 --commit 只是试运行）。",
    "Files whose supervision ended before this day (default: retention_years before today).":
        "管控在此日期之前结束的档案（默认：今天往前 retention_years 年）。",
    "Anonymise them (without it: only count them).": "执行匿名化（不加则只统计人数）。",
    # --- audit keying (security.md §10) ---
    "Key a plain database's audit log with YUESONG_KEY_FILE's key from now on (audited).":
        "从现在起用 YUESONG_KEY_FILE 的密钥为未加密数据库的审计日志签名（记入审计日志）。",
    "Why the log is keyed now (audited).": "为什么现在签名（记入审计日志）。",
    "Key it with a new key file: the old one is lost.": "换用新的密钥文件签名：旧密钥文件已遗失。",
    # --- issue 13: the kept state ---
    "Work out again, for today, the state the due list and the alerts read.":
        "为今天重新计算到期清单和预警所读的状态。",
}

# Help for options written without one, by command path and option: (zh, en). The
# options of `person add` and `person edit` that set a field of the file take their
# label from the field table instead (missing_help, below).
MISSING: dict[tuple[str, str], tuple[str, str]] = {
    ("person edit", "--name"): ("新的姓名。", "The new name."),
    ("person edit", "--id-number"): ("新的身份证号。", "The new resident ID number."),
}

# The examples that end the help of the program and of each command group: (zh, en).
# Fictional case numbers; every line a command as typed.
EXAMPLES: dict[str, tuple[str, str]] = {
    "": (
        "示例：\n"
        "  yuesong init --township 岳宋乡     新建数据库\n"
        "  yuesong due                          今天的待办清单\n"
        "  yuesong log YS-0001 meet talk        记录一次见面谈话\n"
        "每个命令都可加 -h 查看帮助，如 yuesong person -h。",
        "Examples:\n"
        "  yuesong init --township Yuesong      create the database\n"
        "  yuesong due                          today's due list\n"
        "  yuesong log YS-0001 meet talk        record a meeting and a talk\n"
        "Every command takes -h, e.g. yuesong person -h.",
    ),
    "person": (
        "示例：\n"
        "  yuesong person add --name 艾那 --village 岳宋村\n"
        "  yuesong person find ain\n"
        "  yuesong person status YS-0001 community_rehab --on 2026-11-02",
        "Examples:\n"
        "  yuesong person add --name 艾那 --village 岳宋村\n"
        "  yuesong person find ain\n"
        "  yuesong person status YS-0001 community_rehab --on 2026-11-02",
    ),
    "doc": (
        "示例：\n"
        "  yuesong doc new YS-0012 agreement --reason 报到签订协议   出具社区戒毒协议\n"
        "  yuesong doc sign 805 --on 12-02 --scan 协议签字页.jpg      登记已签署\n"
        "  yuesong doc sent 806 --to 岳宋派出所 --on 12-03           登记解除通知书已送达\n"
        "  yuesong doc templates --out 模板                          写出默认模板供修改",
        "Examples:\n"
        "  yuesong doc new YS-0012 agreement --reason 报到签订协议   issue an agreement\n"
        "  yuesong doc sign 805 --on 12-02 --scan signed.jpg         record it signed\n"
        "  yuesong doc sent 806 --to 岳宋派出所 --on 12-03           record a notice sent\n"
        "  yuesong doc templates --out templates                     the default templates",
    ),
    "education": (
        "示例：\n"
        "  yuesong education log --kind village_talk --place 岳宋村活动室 \\\n"
        "      --village 岳宋村 --group 一组 --audience 45      记录一次进村宣讲\n"
        "  yuesong education list --period 2026Q4              本季度的宣传教育",
        "Examples:\n"
        "  yuesong education log --kind village_talk --place 岳宋村活动室 \\\n"
        "      --village 岳宋村 --group 一组 --audience 45      a talk in a village group\n"
        "  yuesong education list --period 2026Q4              this quarter's sessions",
    ),
    "support": (
        "示例：\n"
        "  yuesong support log YS-0012 --kind job --note 橡胶厂割胶   记录帮扶就业\n"
        "  yuesong support list YS-0012                             此人的关爱帮扶",
        "Examples:\n"
        "  yuesong support log YS-0012 --kind job --note 橡胶厂割胶   a job found\n"
        "  yuesong support list YS-0012                             the person's support",
    ),
    "area": (
        "示例：\n"
        "  yuesong area import 网格表.xlsx                检查全乡网格表\n"
        "  yuesong area import 网格表.xlsx --commit       登记其中的片区和网格\n"
        "  yuesong area grid add 网格49 --zone 第七片区   登记一个网格\n"
        "  yuesong area list                              查看片区和网格",
        "Examples:\n"
        "  yuesong area import grids.xlsx                 check the grid table\n"
        "  yuesong area import grids.xlsx --commit        register its zones and grids\n"
        "  yuesong area grid add 网格49 --zone 第七片区   register one grid\n"
        "  yuesong area list                              the zones and grids",
    ),
    "county": (
        "示例：\n"
        "  yuesong county merge 岳宋.json 新厂.json 力所.json\n"
        "  yuesong county merge *.json --previous 去年/*.json --format json",
        "Examples:\n"
        "  yuesong county merge yuesong.json xinchang.json lisuo.json\n"
        "  yuesong county merge *.json --previous last-year/*.json --format json",
    ),
    "area zone": (
        "示例：\n  yuesong area zone add 第八片区",
        "Examples:\n  yuesong area zone add 第八片区",
    ),
    "area grid": (
        "示例：\n  yuesong area grid add 网格49 --zone 第八片区 --village 岳宋村 --group 十三组\n"
        "  yuesong area grid move 网格41 --zone 第七片区",
        "Examples:\n"
        "  yuesong area grid add 网格49 --zone 第八片区 --village 岳宋村 --group 十三组\n"
        "  yuesong area grid move 网格41 --zone 第七片区",
    ),
    "helper": (
        "示例：\n"
        "  yuesong helper add 岩块 --role police --phone 13900001111\n"
        "  yuesong helper replace 岩块 --by 岩老 --from 2026-12-01\n"
        "  yuesong helper retire 岩块 --on 2026-12-01",
        "Examples:\n"
        "  yuesong helper add 岩块 --role police --phone 13900001111\n"
        "  yuesong helper replace 岩块 --by 岩老 --from 2026-12-01\n"
        "  yuesong helper retire 岩块 --on 2026-12-01",
    ),
    "team": (
        "示例：\n"
        "  yuesong team assign YS-0001 岩块 --role police\n"
        "  yuesong team show YS-0001\n"
        "  yuesong team show YS-0001 --history",
        "Examples:\n"
        "  yuesong team assign YS-0001 岩块 --role police\n"
        "  yuesong team show YS-0001\n"
        "  yuesong team show YS-0001 --history",
    ),
    "photo": (
        "示例：\n"
        "  yuesong log YS-0001 visit --photo 走访.jpg\n"
        "  yuesong photo list YS-0001\n"
        "  yuesong photo export 3f9a1c2b --out 照片",
        "Examples:\n"
        "  yuesong log YS-0001 visit --photo visit.jpg\n"
        "  yuesong photo list YS-0001\n"
        "  yuesong photo export 3f9a1c2b --out photos",
    ),
    "contact": (
        "示例：\n"
        "  yuesong contact list YS-0001\n"
        "  yuesong contact amend 12 --on 2026-11-02 --reason 日期录错\n"
        "  yuesong contact void 13 --reason 重复录入",
        "Examples:\n"
        "  yuesong contact list YS-0001\n"
        "  yuesong contact amend 12 --on 2026-11-02 --reason 'wrong day'\n"
        "  yuesong contact void 13 --reason 'entered twice'",
    ),
    "breach": (
        "示例：\n"
        "  yuesong breach add YS-0001 left_county --on 2026-11-02 --days 5\n"
        "  yuesong breach list YS-0001\n"
        "  yuesong breach void 3 --reason 重复录入",
        "Examples:\n"
        "  yuesong breach add YS-0001 left_county --on 2026-11-02 --days 5\n"
        "  yuesong breach list YS-0001\n"
        "  yuesong breach void 3 --reason 'entered twice'",
    ),
    "tests": (
        "示例：\n"
        "  yuesong tests draw --count 5\n"
        "  yuesong tests draw --count 5 --exclude-days 30",
        "Examples:\n"
        "  yuesong tests draw --count 5\n"
        "  yuesong tests draw --count 5 --exclude-days 30",
    ),
    "report": (
        "示例：\n"
        "  yuesong report summary --period 2026Q3\n"
        "  yuesong report quarterly --out 报告\n"
        "  yuesong report handover --export 交接.xlsx",
        "Examples:\n"
        "  yuesong report summary --period 2026Q3\n"
        "  yuesong report quarterly --out reports\n"
        "  yuesong report handover --export handover.xlsx",
    ),
    "plan": (
        "示例：\n"
        "  yuesong plan list\n"
        "  yuesong plan show five_to_one\n"
        "  yuesong plan rule five_to_one phone_talk --period month --kinds talk --modes phone",
        "Examples:\n"
        "  yuesong plan list\n"
        "  yuesong plan show five_to_one\n"
        "  yuesong plan rule five_to_one phone_talk --period month --kinds talk --modes phone",
    ),
    "db": (
        "示例：\n"
        "  yuesong db backup --keep 30\n"
        "  yuesong db restore backups/yuesong-backup-20261129-090000.db\n"
        "  YUESONG_KEY_FILE=~/.yuesong.key yuesong db encrypt",
        "Examples:\n"
        "  yuesong db backup --keep 30\n"
        "  yuesong db restore backups/yuesong-backup-20261129-090000.db\n"
        "  YUESONG_KEY_FILE=~/.yuesong.key yuesong db encrypt",
    ),
    "import": (
        "示例：\n"
        "  yuesong import persons 台账.xlsx\n"
        "  yuesong import persons 台账.csv --encoding gbk --map 联系人电话=phone\n"
        "  yuesong import persons 台账.xlsx --commit\n"
        "  yuesong import contacts 帮教记录.xlsx --commit",
        "Examples:\n"
        "  yuesong import persons register.xlsx\n"
        "  yuesong import persons register.csv --encoding gbk --map 联系人电话=phone\n"
        "  yuesong import persons register.xlsx --commit\n"
        "  yuesong import contacts contacts.xlsx --commit",
    ),
    "sheets": (
        "示例：\n"
        "  yuesong sheets --week 2026-W49 --out 帮教表\n"
        "  yuesong sheets --helper 岩块 --format text\n"
        "  yuesong import contacts 帮教表/2026-W49.xlsx --commit",
        "Examples:\n"
        "  yuesong sheets --week 2026-W49 --out sheets\n"
        "  yuesong sheets --helper 岩块 --format text\n"
        "  yuesong import contacts sheets/2026-W49.xlsx --commit",
    ),
    "settings": (
        "示例：\n"
        "  yuesong settings show\n"
        "  yuesong settings set township 岳宋乡",
        "Examples:\n"
        "  yuesong settings show\n"
        "  yuesong settings set township Yuesong",
    ),
}

# typer's own words on a help page, by language.
HEADINGS: dict[str, dict[str, str]] = {
    "zh": {
        "usage": "用法：",
        "arguments": "参数",
        "options": "选项",
        "commands": "命令",
        "default": "[默认：{}]",
        "required": "[必填]",
        "statuses": "人员状态可以是：",
        "choices": "可选",
        "date": "日期",
    },
    "en": {
        "usage": "Usage: ",
        "arguments": "Arguments",
        "options": "Options",
        "commands": "Commands",
        "default": "[default: {}]",
        "required": "[required]",
        "statuses": "The status is one of:",
        "choices": "one of",
        "date": "a date",
    },
}
# fmt: on

HELP_OPTION_NAMES = ["-h", "--help"]
# The options of person add and edit that set a field of the file, by option.
FIELD_OPTIONS = {field.option: field for field in FIELDS if field.option is not None}


def plain(text: str) -> str:
    """Help text as the catalog keys it: whitespace collapsed."""
    return " ".join(text.split())


def help_text(english: str | None, lang: str) -> str | None:
    """``english`` in ``lang``; the English itself where the catalog lacks it."""
    if english is None or lang == "en":
        return english
    return ZH.get(plain(english), english)


def _field_help(field: Field, lang: str) -> str:
    words = HEADINGS[lang]
    label = t(field.label, lang)
    if field.vocabulary is not None:
        keys = field.vocabulary.keys
        choices = ", ".join(f"{key} {field.vocabulary.label(key, lang)}" for key in keys)
        return (
            f"{label} ({words['choices']}: {choices})."
            if lang == "en"
            else (f"{label}（{words['choices']}：{choices}）。")
        )
    if field.kind == "date":
        return f"{label} ({words['date']})." if lang == "en" else f"{label}（{words['date']}）。"
    return f"{label}." if lang == "en" else f"{label}。"


def missing_help(path: str, option: str, lang: str) -> str | None:
    """Help for an option the code gives none, or None if none is known."""
    if (path, option) in MISSING:
        zh, en = MISSING[(path, option)]
        return zh if lang == "zh" else en
    if path in ("person add", "person edit") and option in FIELD_OPTIONS:
        return _field_help(FIELD_OPTIONS[option], lang)
    return None


def _statuses(lang: str) -> str:
    lines = [HEADINGS[lang]["statuses"]]
    width = max(len(key) for key in vocab.STATUS.keys)
    lines += [f"  {key:<{width}}  {vocab.STATUS.label(key, lang)}" for key in vocab.STATUS.keys]
    return "\n".join(lines)


def epilog(path: str, lang: str) -> str | None:
    """What ends a help page: a group's examples, the statuses of `person status`."""
    if path in EXAMPLES:
        zh, en = EXAMPLES[path]
        return zh if lang == "zh" else en
    if path == "person status":
        return _statuses(lang)
    return None


def _formatter_for(lang: str) -> type[HelpFormatter]:
    prefix = HEADINGS[lang]["usage"]

    class Formatter(HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix_: str | None = None) -> None:
            super().write_usage(prog, args, prefix if prefix_ is None else prefix_)

    return Formatter


def _context_for(lang: str) -> type[typer.Context]:
    class Context(typer.Context):
        formatter_class = _formatter_for(lang)

    return Context


def commands_of(root: Any) -> list[tuple[str, Any]]:
    """Every command of the tree under ``root``, with its path ("" for the program)."""
    found: list[tuple[str, Any]] = []

    def walk(command: Any, path: str) -> None:
        found.append((path, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(root, "")
    return found


def translate_help(root: Any, lang: str) -> None:
    """Put the help of every command under ``root`` in ``lang``, with the examples."""
    words = HEADINGS[lang]
    # typer reads its headings from these names of its rich formatter at each page.
    typer.rich_utils.ARGUMENTS_PANEL_TITLE = words["arguments"]
    typer.rich_utils.OPTIONS_PANEL_TITLE = words["options"]
    typer.rich_utils.COMMANDS_PANEL_TITLE = words["commands"]
    typer.rich_utils.DEFAULT_STRING = words["default"]
    typer.rich_utils.REQUIRED_LONG_STRING = words["required"]
    _fold_long_words()
    context_class = _context_for(lang)
    for path, command in commands_of(root):
        command.context_class = context_class
        command.help = help_text(_english(command, "help"), lang)
        command.short_help = help_text(_english(command, "short_help"), lang)
        command.epilog = epilog(path, lang) or _english(command, "epilog")
        shown = typer.Context(command, help_option_names=HELP_OPTION_NAMES)
        help_option = command.get_help_option(shown)
        for param in [*command.params, *([help_option] if help_option else [])]:
            english = _english(param, "help")
            if english:
                param.help = help_text(english, lang)
            elif param.param_type_name == "option" and param.opts:
                param.help = missing_help(path, param.opts[0], lang)


def _fold_long_words() -> None:
    """Chinese has no spaces to wrap at: rich would cut a help text at 80 columns with
    "…"; folded, it goes on on the next line."""
    make = typer.rich_utils._make_rich_text
    if getattr(make, "folds", False):
        return

    def folding(*, text: str, style: str = "", markup_mode: Any) -> Any:
        made = make(text=text, style=style, markup_mode=markup_mode)
        if hasattr(made, "overflow"):
            made.overflow = "fold"
        return made

    folding.folds = True  # type: ignore[attr-defined]
    typer.rich_utils._make_rich_text = folding


def _english(thing: Any, attribute: str) -> Any:
    """The text the code gave ``thing``, kept aside the first time it is translated (the
    tree of a test process is shown in one language after the other)."""
    kept = f"_yuesong_english_{attribute}"
    if not hasattr(thing, kept):
        setattr(thing, kept, getattr(thing, attribute, None))
    return getattr(thing, kept)


# --- usage errors ------------------------------------------------------------------------

_NO_SUCH_COMMAND = re.compile(r"No such command (?P<name>.+?)\.(?: Did you mean (?P<names>.+)\?)?$")
_NEEDS_VALUE = re.compile(r"Option (?P<name>.+) requires .*")
_EXTRA = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)\.?$")
_NO_VALUE_TAKEN = re.compile(r"Option (?P<name>.+) does not take a value\.$")
_MISSING_COMMAND = re.compile(r"Missing command\.?$")
# A run of digits as long as a phone number's or an identity document's, possibly ending
# in the check character X: what a usage error must never repeat in full.
_LONG_NUMBER = re.compile(r"(?<!\d)\d{7,}(?:[Xx](?![A-Za-z]))?")
_REASONS = (
    (re.compile(r"(?P<value>.+) is not one of (?P<choices>.+)\.$"), "usage.not_one_of"),
    (re.compile(r"(?P<value>.+) is not a valid int(eger)?( range)?\.$"), "usage.not_integer"),
    (re.compile(r"(?P<value>.+) is not a valid float( range)?\.$"), "usage.not_number"),
    (re.compile(r"(?P<value>.+) is not in the range (?P<range>.+)\.$"), "usage.not_in_range"),
)


def _hint(error: Any) -> str:
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)
    if isinstance(hint, (list, tuple)):
        return " / ".join(repr(x) for x in hint)
    return str(hint or "")


def _reason(text: str) -> str:
    for pattern, key in _REASONS:
        found = pattern.match(text)
        if found:
            return t(key, "zh", **found.groupdict())
    return text


def _in_chinese(error: Any) -> str:
    if isinstance(error, click_errors.NoSuchOption):
        text = t("usage.no_such_option", "zh", name=error.option_name)
        if error.possibilities:
            names = ", ".join(sorted(error.possibilities))
            text += t("usage.did_you_mean", "zh", names=names)
        return text
    if isinstance(error, click_errors.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        key = "usage.missing_argument" if kind == "argument" else "usage.missing_option"
        return t(key, "zh", name=_hint(error))
    if isinstance(error, click_errors.BadParameter):
        return t("usage.bad_value", "zh", name=_hint(error), reason=_reason(error.message))
    message = error.format_message()
    found = _NO_SUCH_COMMAND.match(message)
    if found:
        text = t("usage.no_such_command", "zh", name=found["name"])
        if found["names"]:
            text += t("usage.did_you_mean", "zh", names=found["names"])
        return text
    found = _NEEDS_VALUE.match(message)
    if found:
        return t("usage.needs_value", "zh", name=found["name"])
    found = _EXTRA.match(message)
    if found:
        return t("usage.extra_arguments", "zh", args=found["args"])
    found = _NO_VALUE_TAKEN.match(message)
    if found:
        return t("usage.takes_no_value", "zh", name=found["name"])
    if _MISSING_COMMAND.match(message):
        return t("usage.missing_command", "zh")
    return message


def _masked_number(found: re.Match[str]) -> str:
    number = found.group()
    if len(number) == 11 and number.startswith("1"):
        return mask_phone(number)
    return mask_id_number(number)


def masked(message: str) -> str:
    """``message`` with every long number in it masked as the register masks it: an ID
    number (15 or 18 characters) or another document's by mask_id_number, a mobile
    number by mask_phone. A usage error repeats what was typed (an extra argument, a bad
    value), and what was typed in the wrong place is often exactly such a number."""
    return _LONG_NUMBER.sub(_masked_number, message)


def usage_error_text(error: Any, lang: str) -> str:
    """A click error as the officer reads it: what is wrong, then how to get help."""
    message = masked(_in_chinese(error) if lang == "zh" else error.format_message())
    text = t("usage.error", lang, message=message)
    ctx = getattr(error, "ctx", None)
    if ctx is None:  # an option's missing value is found before any command's context
        text += "\n" + t("usage.try_help", lang, command="yuesong")
    elif ctx.command.get_help_option(ctx) is not None:
        text += "\n" + t("usage.try_help", lang, command=ctx.command_path)
    return text
