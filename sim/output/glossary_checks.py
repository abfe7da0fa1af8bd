"""The rarer wordings of a scenario's problems in Chinese, merged into
:data:`sim.output.glossary.GLOSSARY`: ``scn:`` templates over the English in which the network
checks (:mod:`sim.world.checks`), the schema's validators (:mod:`sim.scenario.schema`,
:mod:`sim.scenario.distributions`), the policy registry and the ``--set`` reader word a problem.

As with the common ones in :mod:`sim.output.glossary_messages`, the command line reads a
problem back by these templates (:func:`sim.output.saying.in_lang`) and says it in the reader's
language, the key path, the values and the lists of what is allowed as they were written. The
English of each entry is the checks' own, to the letter; a wording no template reads stays in
English (``tests/output/test_glossary_checks.py`` makes every shipped check's wording read).

An entry without ``"en"`` is a problem the checks raise as a :class:`sim.problems.Problem`
(its code and values): its English is :data:`sim.problems.ENGLISH`, merged in by
:mod:`sim.output.glossary`, and the command line says it from its code and values without
reading the English back.
"""

from __future__ import annotations

CHECKS: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ the network's checks
    "scn:unknown_node": {"zh": "未知的节点 {name}"},
    "scn:not_border": {
        "zh": "{name} 不是口岸；已知口岸：{known}",
    },
    "scn:first_not_border": {
        "zh": "第一个节点 {name} 不是口岸",
    },
    "scn:no_edge": {
        "zh": "没有从 {a} 到 {b} 的区段；路径必须连通",
    },
    "scn:window_later": {
        "zh": "时段 {a}..{b} 在运行期 {c}..{d} 之外；要看到它，请至少运行 {n} 天"
        "（--set days={n}），或删去它",
    },
    "scn:window_earlier": {
        "zh": "时段 {a}..{b} 在运行期 {c}..{d} 之外；它在运行开始前就已结束：请删去它，"
        "或让运行更早开始",
    },
    "scn:not_border_node": {
        "zh": "{name} 不是口岸节点；口岸有：{known}",
    },
    "scn:line_not_run": {
        "zh": "{name} 不在本次运行中（不在 logistics.only_lines 里）；本情景的线路：{known}",
    },
    "scn:not_line": {
        "zh": "{name} 不是线路；本情景的线路：{known}",
    },
    "scn:not_edge_at": {
        "zh": "{name} 不是区段（请写作 起点-终点，如 MSQ-BRE）；与 {node} 相连的区段：{edges}",
    },
    "scn:not_edge": {
        "zh": "{name} 不是区段（请写作 起点-终点，如 MSQ-BRE）",
    },
    "scn:festival_order": {
        "zh": "日期必须按先后顺序排列",
    },
    "scn:festival_empty": {
        "zh": "空列表表示本次运行没有春节，但 {cats} 的截止日就是春节；请列出春节日期，"
        "或删去此键以采用农历推算的日期",
    },
    "scn:festival_years": {
        "zh": "{a} 至 {b} 超出了农历能推算春节日期的年份（{years}）；请在 "
        "calendar.spring_festival 中列出春节日期",
    },
    "scn:more_problems": {
        "zh": "……另有 {n} 个问题（{kinds}）",
    },
    # the counts by kind in that line (sim.output.saying; not scn:, which are read back)
    "kinds:count": {"en": "{kind}: {n}", "zh": "{kind}：{n}"},
    "kinds:sep": {"en": "; ", "zh": "；"},
    "kinds:other": {"en": "other", "zh": "其他"},
    # ------------------------------------------------------------------ the schema's checks
    "scn:no_destination": {
        "zh": "{what} 至少要列出一个目的地",
    },
    "scn:date_number": {
        "zh": "日期应写作 YYYY-MM-DD（日期加时刻写作 YYYY-MM-DDTHH:MM），不能写成数字",
    },
    "scn:date_range": {
        "zh": "{day} 超出支持的日期范围 {lo} 至 {hi}",
    },
    "scn:months_repeat": {
        "zh": "月份不能重复，给出的是 {v}",
    },
    "scn:not_calendar_day": {
        "zh": "{m}/{d}（月/日）不是日历上存在的日期",
    },
    "scn:category_unique": {
        "zh": "类别名称不能重复，重复的有：{dup}",
    },
    "scn:not_judged_category": {
        "zh": "reporting.deadlines_not_judged 列出了 {name}，它不是 market.categories "
        "中的货物类别；允许的有：{known}",
    },
    "scn:category_shares": {
        "zh": "各类别的比例之和必须为 1，现为 {x}",
    },
    "scn:share_value": {
        "zh": "{k} 的比例必须是 >= 0 的数字，给出的是 {v}",
    },
    "scn:order_size_zero": {
        "zh": "每个订单都将是 0 TEU（该分布的均值为 0）；订单规模的均值必须大于 0",
    },
    "scn:hours": {
        "zh": "需要 0 <= open < close <= 24，给出的是 {v}",
    },
    "scn:one_frequency": {
        "zh": "trains_per_week、timetable、poisson_per_week 只能给出其一，不能同时给出 {given}"
        "（在命令行上，请在同一命令中把要去掉的那个设为 null：--set KEY.PATH=null）",
    },
    "scn:festival_window": {
        "zh": "festival_to_days（{to}）必须大于 festival_from_days（{fr}）：时段为距春节 "
        "[from, to) 天",
    },
    "scn:pools_yiw": {
        "zh": "pools_teu 必须列出 'YIW'（开始时义乌的箱子）",
    },
    "scn:repositioning_pool": {
        "zh": "repositioning.rule {rule} 需要集装箱箱池：请设置 containers.pools_teu"
        "（或把 rule 设为 'none'）",
    },
    "scn:repositioning_east": {
        "zh": "repositioning.rule 'return_on_eastbound' 需要回程班列：请设置 "
        "containers.eastbound.enabled: true",
    },
    "scn:ends_after": {
        "zh": "start {start} + days {days}：运行将在最后支持的日期 {last} 之后结束",
    },
    "scn:triangular": {
        "zh": "需要 low <= mode <= high 且 low < high，给出的是 {a}, {b}, {c}",
    },
    "scn:uniform": {
        "zh": "需要 low < high，给出的是 low={lo}, high={hi}",
    },
    "scn:weights_len": {
        "zh": "weights 有 {n} 项，而 values 有 {m} 项",
    },
    "scn:weights_zero": {"zh": "weights 不能全为 0"},
    # ------------------------------------------------------------------ policies (registry)
    "scn:policy_method": {
        "zh": "{name} 没有定义 {attr}(...)，而每个 {kind} 策略都必须定义（应为实现它的 {base} "
        "子类）",
    },
    "scn:policy_params_type": {
        "zh": "{cls}.Params 必须是 pydantic 模型、dataclass 或带类型注解字段的类，而不是 "
        "{declared}",
    },
    "scn:policy_no_params": {
        "zh": "内置的 {kind} 策略 {name} 不接受 params（它的设置是与 {beside} 并列的键）；params "
        "只用于声明了参数的策略类",
    },
    "scn:policy_param": {
        "zh": "{policy} 没有这个参数；允许：{allowed}",
    },
    # ------------------------------------------------------------------ pydantic's rarer words
    "scn:tag": {
        "en": "Input tag {tag} found using {field} does not match any of the expected tags: {tags}",
        "zh": "{field} 的取值 {tag} 不是可用的种类；可用：{tags}",
    },
    "scn:object": {
        "en": "Input should be a valid dictionary or object to extract fields from",
        "zh": "应为映射（键: 值）",
    },
    "scn:bool_value": {
        "en": "Input should be a valid boolean, unable to interpret input",
        "zh": "应为 true 或 false，无法识别这个值",
    },
    "scn:bool_plain": {"en": "Input should be a valid boolean", "zh": "应为 true 或 false"},
    "scn:str_short": {
        "en": "String should have at least {n} character",
        "zh": "至少应有 {n} 个字符",
    },
    "scn:str_short_n": {
        "en": "String should have at least {n} characters",
        "zh": "至少应有 {n} 个字符",
    },
    "scn:str_long": {
        "en": "String should have at most {n} characters",
        "zh": "至多应有 {n} 个字符",
    },
    "scn:dict_short": {
        "en": "Dictionary should have at least {n} item after validation, not {m}",
        "zh": "映射至少应有 {n} 项，现有 {m} 项",
    },
    "scn:moment": {
        "zh": "应为有效的日期或日期时间（{why}）；日期应写作 YYYY-MM-DD（日期加时刻写作 "
        "YYYY-MM-DDTHH:MM）",
    },
    # (the date reader's reasons, as pydantic-core's speedate words them)
    "scn:why_year": {"en": "invalid character in year", "zh": "年份中有无效字符"},
    "scn:why_month_char": {"en": "invalid character in month", "zh": "月份中有无效字符"},
    "scn:why_day_char": {"en": "invalid character in day", "zh": "日中有无效字符"},
    "scn:why_hour_char": {"en": "invalid character in hour", "zh": "小时中有无效字符"},
    "scn:why_minute_char": {"en": "invalid character in minute", "zh": "分钟中有无效字符"},
    "scn:why_second_char": {"en": "invalid character in second", "zh": "秒中有无效字符"},
    "scn:why_date_sep": {
        "en": "invalid date separator, expected `-`",
        "zh": "日期的分隔符应为 `-`",
    },
    "scn:why_time_sep": {
        "en": "invalid time separator, expected `:`",
        "zh": "时刻的分隔符应为 `:`",
    },
    "scn:why_datetime_sep": {
        "en": "invalid datetime separator, expected `T`, `t`, `_` or space",
        "zh": "日期与时刻之间应为 `T`、`t`、`_` 或空格",
    },
    "scn:why_second": {
        "en": "second value is outside expected range of 0-59",
        "zh": "秒应在 0-59 之间",
    },
    "scn:why_fraction": {
        "en": "second fraction digits missing after `.`",
        "zh": "小数点后缺少秒的小数位",
    },
    "scn:why_fraction_long": {
        "en": "second fraction value is more than 6 digits long",
        "zh": "秒的小数位多于 6 位",
    },
    "scn:why_tz_sign": {"en": "invalid timezone sign", "zh": "时区符号无效"},
    "scn:why_tz_hour": {"en": "invalid timezone hour", "zh": "时区的小时无效"},
    "scn:why_tz_minute": {"en": "invalid timezone minute", "zh": "时区的分钟无效"},
    "scn:why_tz_range": {
        "en": "timezone offset must be less than 24 hours",
        "zh": "时区偏移应小于 24 小时",
    },
    "scn:why_extra": {
        "en": "unexpected extra characters at the end of the input",
        "zh": "末尾有多余的字符",
    },
    "scn:why_long": {"en": "input is too long", "zh": "内容太长"},
    "scn:why_short": {"en": "input is too short", "zh": "内容太短"},
    "scn:why_hour": {
        "en": "hour value is outside expected range of 0-23",
        "zh": "小时应在 0-23 之间",
    },
    "scn:why_minute": {
        "en": "minute value is outside expected range of 0-59",
        "zh": "分钟应在 0-59 之间",
    },
    "scn:why_month": {
        "en": "month value is outside expected range of 1-12",
        "zh": "月份应在 1-12 之间",
    },
    "scn:why_day": {
        "en": "day value is outside expected range",
        "zh": "该月没有这一天",
    },
    "scn:why_day_py": {"en": "day is out of range for month", "zh": "该月没有这一天"},
    "scn:int_size": {
        "en": "Unable to parse input string as an integer, exceeded maximum size",
        "zh": "整数太大，无法读取",
    },
    "scn:tag_missing": {"zh": "缺少 {field} 键，无法判断是哪一种；可用：{tags}"},
    "scn:tag_missing_as": {
        "zh": "缺少 {field} 键，无法判断是哪一种；可用：{tags}；种类应写作 {right}，而不是 {wrong}"
    },
    "scn:name_form": {"zh": "名称只能用字母、数字和 _ . -（至多 80 个字符，首字符为字母或数字）"},
    "scn:kind_unknown": {"zh": "未知的种类 {tag}；可用的种类：{tags}"},
    "scn:kind_unknown_hint": {"zh": "未知的种类 {tag}（是否指 {hint}？）；可用的种类：{tags}"},
    "scn:model": {"zh": "应为设置的映射（键: 值）"},
    "scn:model_keys": {"zh": "应为设置的映射（键: 值），可用的键：{keys}"},
    "scn:object_kind": {"zh": "应为设置的映射（键: 值），并用 {field} 写明种类，可用：{tags}"},
    "scn:float_comma": {
        "zh": "应为数字，无法把这段文字读作数字；数字用小数点，不加千位分隔符（2.5、1600）"
    },
    "scn:int_comma": {
        "zh": "应为整数，无法把这段文字读作整数；数字用小数点，不加千位分隔符（2.5、1600）"
    },
    "scn:float_percent": {
        "zh": "应为数字，无法把这段文字读作数字；百分比写作小数，不带 %（60% 写作 0.6）"
    },
    "scn:int_percent": {
        "zh": "应为整数，无法把这段文字读作整数；百分比写作小数，不带 %（60% 写作 0.6）"
    },
    "scn:gt_line_off": {
        "zh": "应大于 0；不开行的线路请从 logistics.only_lines 中去掉（只停开一段时间：用线路干扰 "
        "trains_factor: 0）"
    },
    "scn:why_month_py": {"en": "month must be in 1..12", "zh": "月份必须在 1..12 之间"},
    # ------------------------------------------------------------------ the YAML reader's reasons
    # (ruamel.yaml's words after "not valid YAML at line L, column C: ", read back by
    # sim.problems.READER_WORDS; their English, with the cure, is sim.problems.ENGLISH)
    "scn:yaml_end": {
        "zh": "内容意外结束（多半是引号或括号没有闭合）",  # (a file or a --set value)
    },
    "scn:yaml_mapping": {
        "zh": "此处不允许出现“键: 值”（多半是缩进不对，或值里的“: ”没有加引号）",
    },
    "scn:yaml_alias": {"zh": "未定义的别名 {name}（别名 *name 之前要先用 &name 定义锚点）"},
    "scn:yaml_flow": {
        "zh": "此处应为 {choices}，实际是 {found}（多半是少了逗号，或括号没有闭合）",
    },
    "scn:yaml_colon": {
        "zh": "找不到应有的 ':'（键与值之间要写“: ”）",
    },
    "scn:yaml_block": {
        "zh": "缩进不一致：此处应结束一个块，却遇到 {found}",
    },
    "scn:yaml_escape": {
        "zh": "未知的转义字符 {ch}（双引号里的反斜杠要写成两个，或改用单引号）",
    },
    "scn:yaml_document": {
        "zh": "文件里还有第二个文档（“---”之后）；情景文件只能有一个文档",
    },
    "scn:yaml_incompatible": {
        "zh": "YAML 版本不兼容（须为 1.x）；情景文件按 YAML 1.2 读取（请删去 %YAML 这一行）",
    },
    # Python's and the reader's reasons a value cannot be converted (after "is not a valid")
    "scn:why_digits": {
        "en": "Exceeds the limit ({limit} digits) for integer string conversion: value has {n} "
        "digits",
        "zh": "超过整数转换的位数上限（{limit} 位）：该值有 {n} 位",
    },
    "scn:why_tag": {
        "zh": "无法识别标签 {tag}：情景文件只接受 YAML 的基本类型",
    },
    "scn:yaml_node": {
        "zh": "此处应有一个值，实际是 {found}（多半是括号或引号没有闭合，或列表末尾多了逗号）",
    },
    "scn:yaml_token": {
        "zh": "字符 {ch} 不能出现在值的开头（请给值加引号）",
    },
    # ------------------------------------------------------------------ --set KEY=VALUE
    "scn:set_form": {"zh": "应写作 key.path=value"},
    "scn:set_empty_key": {
        "zh": "路径中有空键（请写作 key.path=value）",
    },
    "scn:set_brackets": {
        "zh": "列表项要用点号后的位置来指定（{dotted}）",
    },
}
"""The templates, ``key -> {"en": text, "zh": text}``."""
