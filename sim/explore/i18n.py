"""The explorer's words in English and Chinese: one mapping ``key -> {"en": ..., "zh": ...}``.

Terms the explorer shares with the reports (lead time, on time, TEU, gauge change, market
closed, ...) are taken from :data:`sim.output.labels.LABELS`, so a student reads the same word
in the report and on the page; :data:`TEXT` holds only what the explorer says alone (its
buttons, captions, control labels and the reasons a train or container waits), written so that
it can be merged into that shared glossary as it is. Place and line names come from the network
data (``name_zh`` in ``nodes.csv`` and ``lines.csv``), as in the reports.

Strings may hold ``{name}`` fields, filled by the page (``t("key", {name: ...})``) or by
:func:`text`. An entry that counts names its ``count`` field and has an ``en_one`` form, said
when that field is one ("1 train still held"), as in the report's glossary
(:func:`sim.output.glossary.form`); a unit's entry counts the number it follows.
"""

from __future__ import annotations

from typing import Any

from sim.output.glossary import GLOSSARY, form
from sim.output.labels import LABELS
from sim.world.network import place_name

SHARED = ("teu", "days", "hours", "trains", "date", "deadline", "closed", "gauge", "mean",
          "peak", "waiting_for_departure", "consolidation", "orders", "week")  # fmt: skip
"""Keys of the report's glossary the page uses as they are."""

REPORT_TERMS = ("author_description",)
"""Keys of the reports' sentences (:data:`sim.output.glossary.GLOSSARY`) the page says as the
run report does: a scenario's English description on the Chinese page, said to be the
author's."""

TEXT: dict[str, dict[str, str]] = {
    # -- page frame -------------------------------------------------------------------------
    "title": {"en": "yiwu-sim explorer", "zh": "义乌仿真 · 探索器"},
    "title_colon": {"en": ": ", "zh": "："},  # (the Chinese heading read "探索器: teaching-small")
    "language": {"en": "中文", "zh": "English"},
    "language_hint": {"en": "Show the page in Chinese", "zh": "切换为英文"},
    "controls": {"en": "What to change", "zh": "要改变什么"},
    "group.Trains": {"en": "Trains and sailings", "zh": "班列与船期"},
    "group.Crossing": {"en": "Crossing", "zh": "口岸"},
    "group.Policies": {"en": "Policies", "zh": "策略"},
    "group.Demand": {"en": "Demand and the market", "zh": "需求与市场"},
    "group.Runs": {"en": "Runs", "zh": "运行"},
    "crossing_to_study": {"en": "Crossing to study", "zh": "要观察的口岸"},
    "starting": {"en": "Starting…", "zh": "正在启动…"},
    "loading": {"en": "loading…", "zh": "加载中…"},
    "no_answer": {
        "en": "The explorer does not answer: is `yiwu-sim explore` still running?",
        "zh": "探索器没有响应：`yiwu-sim explore` 还在运行吗？",
    },
    "simulating": {"en": "Simulating the new setting…", "zh": "正在模拟新的设置…"},
    "queued": {"en": "Waiting for the worker…", "zh": "等待计算…"},
    "running": {
        "en": "Running replication pairs (baseline and current, same seeds): {done} of "
        "{total} done…",
        "zh": "正在运行成对的重复（基准与当前设置，相同随机种子）：已完成 {done}/{total}…",
    },
    "done": {
        "en": "Done: {total} replications of the baseline and of the current setting, same seeds.",
        "en_one": "Done: {total} replication of the baseline and of the current setting, same "
        "seeds.",
        "count": "total",
        "zh": "完成：基准与当前设置各 {total} 次重复，相同随机种子。",
    },
    "cancelled": {"en": "Replaced by a newer change.", "zh": "已被更新的修改取代。"},
    "not_run": {
        "en": "Not run: see the message next to the control.",
        "zh": "未运行：请看控件旁的提示。",
    },
    "type_number": {"en": "Type a number.", "zh": "请输入数字。"},
    "whole_number": {"en": "A whole number.", "zh": "请输入整数。"},
    "from_to": {"en": "From {min} to {max}.", "zh": "范围：{min} 至 {max}。"},
    "range": {"en": "{unit}{min} to {max}", "zh": "{unit}{min} 至 {max}"},
    # -- map ----------------------------------------------------------------------------------
    "map_caption": {
        "en": "Watch the season on the map: each train is a dot moving along its line; "
        "a train queueing at a crossing is a red square beside it, a train being "
        "served an orange one, and a train that will still be waiting there when the run "
        "ends a purple one. Click a crossing, a line or Yiwu to see who waits and why.",
        "zh": "在地图上观看整个季节：每列火车是沿线路移动的圆点；在口岸"
        "排队的列车是旁边的红色方块，正在办理的是橙色方块，运行结束时仍将在此等待的是"
        "紫色方块。点击口岸、线路或义乌，查看谁在等待、为什么等待。",
    },
    "map_label": {"en": "Map of the lines", "zh": "线路地图"},
    "play": {"en": "Play", "zh": "播放"},
    "pause": {"en": "Pause", "zh": "暂停"},
    "date_slider": {"en": "Date", "zh": "日期"},
    "under_way": {
        "en": "{n} trains and sailings under way",
        "en_one": "{n} train or sailing under way",
        "count": "n",
        "zh": "{n} 列火车和船舶在途",
    },
    "market_closed": {"en": "Market closed for the Spring Festival", "zh": "市场春节休市"},
    "legend.width": {
        "en": "Line width: TEU carried in the current setting (widest: {teu} TEU)",
        "zh": "线宽：当前设置下运量（最宽 {teu} TEU）",
    },
    "legend.colour": {
        "en": "Line colour: one per line; dashed: by sea (drawn schematically)",
        "zh": "线路颜色：每条线路一种；虚线：海运（示意）",
    },
    "legend.crossing": {
        "en": "Crossing: circle size by mean wait; ring: gauge change",
        "zh": "口岸：圆圈大小表示平均等待；外圈：换轨",
    },
    "legend.chosen": {
        "en": "Dark red: the crossing chosen under Crossing (its controls, closure and charts)",
        "zh": "深红：左侧“口岸”一栏所选的口岸（其控件、关闭与图表）",
    },
    "tip_wait": {"en": "mean wait before service: {v} hours", "zh": "平均排队等待：{v} 小时"},
    "legend.train": {"en": "Train moving", "zh": "行驶中的列车"},
    "legend.queue": {"en": "Train queueing", "zh": "排队的列车"},
    "legend.served": {"en": "Train being served", "zh": "正在办理的列车"},
    # a train's path round a closed crossing (train_routing: avoid_closed), while it is on it
    "legend.detour": {
        "en": "Path of a train going round a closed crossing",
        "zh": "绕开关闭口岸的列车路径",
    },
    "tip_detour": {
        "en": "the path this train took round a closed crossing: the crossings it passed (the "
        "run's tables), the quickest rail between them (the network)",
        "zh": "该列车绕开关闭口岸所走的路径：途经的口岸（运行的数据表），"
        "口岸之间为路网中最快的铁路",
    },
    # the trains still waiting at a crossing when the run ends (the summary lists them)
    "legend.still": {
        "en": "Train still waiting when the run ended",
        "zh": "运行结束时仍在等待的列车",
    },
    "still_part": {
        "en": "{side}: still waiting when the run ended (dashed)",
        "zh": "{side}：运行结束时仍在等待（虚线）",
    },
    "tip_still": {
        "en": "still waiting when the run ended",
        "zh": "运行结束时仍在等待",
    },
    "outline_credit": {
        "en": "Outlines: Natural Earth 1:110m (public domain).",
        "zh": "国界轮廓：Natural Earth 1:110m（公有领域）。",
    },
    # -- KPI table and charts -------------------------------------------------------------------
    "compare": {
        "en": "Baseline (as loaded) against the current setting",
        "zh": "基准（载入的情景）与当前设置对比",
    },
    "measure": {"en": "measure", "zh": "指标"},
    "baseline": {"en": "baseline", "zh": "基准"},
    "current": {"en": "current", "zh": "当前"},
    "difference": {"en": "difference (95 % interval, paired)", "zh": "差值（95%置信区间，配对）"},
    "better": {"en": "better", "zh": "更好"},
    "worse": {"en": "worse", "zh": "更差"},
    # the on-time row's "+0.71 [-1.5, 3]" is in points, as the reports and the command line
    # say it (trial18)
    "colour_note": {
        "en": "Green: better than the baseline; red: worse (whether the number rose "
        "or fell). *: the interval excludes 0; pale: it includes 0, so the difference "
        "may be chance. A share's difference (%) is in percentage points.",
        "zh": "绿色：比基准更好；红色：更差（与数值升降无关）。*：置信区间不含0；"
        "浅色：置信区间包含0，差异可能只是偶然。比例（%）的差值以百分点计。",
    },
    "one_run": {"en": "one run: no interval", "zh": "仅一次运行：无置信区间"},
    "maybe_chance": {"en": ", may be chance", "zh": "，可能是偶然"},
    "choose_one": {"en": "Choose one of: {list}.", "zh": "请从以下选项中选择：{list}。"},
    "date_range": {
        "en": "A day of the run, {min} to {max}.",
        "zh": "须为运行期内的日期：{min} 至 {max}。",
    },
    # -- what changed, in words -----------------------------------------------------------------
    "sum_title": {"en": "What changed, in words", "zh": "变化了什么"},
    "sum_none": {
        "en": "Nothing is changed yet: the current setting is the scenario as loaded, so both "
        "columns show the same runs. Move a control on the left and see what follows.",
        "zh": "尚未修改：当前设置就是载入的情景，两列是同样的运行。"
        "请调整左侧的控件，看看会发生什么。",
    },
    "sum_changed": {"en": "You changed: {list}.", "zh": "你修改了：{list}。"},
    "list_sep": {"en": "; ", "zh": "；"},
    "value_unit": {"en": "{v} {unit}", "zh": "{v} {unit}"},
    "sum_setting": {"en": "{label}: {base} → {cur}", "zh": "{label}：{base} → {cur}"},
    "sum_closure": {
        "en": "{name} closed from {start} for {days} days",
        "en_one": "{name} closed from {start} for {days} day",
        "count": "days",
        "zh": "{name}自{start}起关闭 {days} 天",
    },
    # the closure's end told later (closure.end_told_days, closure.expected_days)
    "sum_closure_told": {
        "en": ", its end told {days} days after it began",
        "en_one": ", its end told {days} day after it began",
        "count": "days",
        "zh": "，开始后第 {days} 天才公布结束时间",
    },
    "sum_closure_expected": {
        "en": " (until then expected to last {days} more days)",
        "en_one": " (until then expected to last {days} more day)",
        "count": "days",
        "zh": "（此前预期还将关闭 {days} 天）",
    },
    "sum_closure_open": {
        "en": " (until then expected to last indefinitely)",
        "zh": "（此前预期无限期关闭）",
    },
    "sum_closure_not_live": {
        "en": " — no rule chosen reads the network's live state, so when its end is told "
        "changes nothing",
        "zh": "——所选规则都不读取实时网络状态，结束时间何时公布不改变结果",
    },
    "sum_clear": {
        "en": "Against the baseline, over {n} paired runs (same seeds), these differences are "
        "clear (their 95 % interval excludes 0):",
        "zh": "与基准相比（{n} 对成对运行，相同随机种子），以下差异是明确的（95%置信区间不含 0）：",
    },
    "sum_one_run": {
        "en": "Against the baseline, with one run there is no interval, so any of these "
        "differences may be chance (set Replications to 3 or more to know):",
        "zh": "与基准相比：只有一次运行，没有置信区间，以下差异都可能只是偶然"
        "（把重复次数设为 3 或更多才能判断）：",
    },
    "sum_first_run": {
        "en": "Against the baseline, after the first of {total} paired runs (the others are "
        "running), there is no interval yet, so any of these differences may be chance:",
        "zh": "与基准相比：{total} 对成对运行中仅完成第一对（其余正在运行），尚无置信区间，"
        "以下差异都可能只是偶然：",
    },
    "sum_nothing_clear": {"en": "none", "zh": "无"},
    "sum_rose": {
        "en": "{name}: up from {base} to {cur} {unit}",
        "zh": "{name}：由 {base} 升至 {cur} {unit}",
    },
    "sum_fell": {
        "en": "{name}: down from {base} to {cur} {unit}",
        "zh": "{name}：由 {base} 降至 {cur} {unit}",
    },
    "sum_verdict": {"en": " ({v})", "zh": "（{v}）"},
    "sum_safe_name": {"en": "the last safe order date of {line}", "zh": "{line}的最晚安全下单日"},
    "sum_safe_later": {
        "en": "{line}: the last safe order date is {n} days later, {cur} instead of {base}",
        "en_one": "{line}: the last safe order date is {n} day later, {cur} instead of {base}",
        "count": "n",
        "zh": "{line}：最晚安全下单日推后 {n} 天，由{base}变为{cur}",
    },
    "sum_safe_earlier": {
        "en": "{line}: the last safe order date is {n} days earlier, {cur} instead of {base}",
        "en_one": "{line}: the last safe order date is {n} day earlier, {cur} instead of {base}",
        "count": "n",
        "zh": "{line}：最晚安全下单日提前 {n} 天，由{base}变为{cur}",
    },
    "sum_chance": {
        "en": "No clear difference (the interval includes 0: it may be chance; more "
        "replications may tell): {list}.",
        "zh": "没有明确差异（置信区间包含 0，可能只是偶然；增加重复次数或可判断）：{list}。",
    },
    "sum_same": {"en": "Unchanged: {list}.", "zh": "没有变化：{list}。"},
    "kpi.on_time_pct": {
        "en": "On time against the deadline (orders that have one)",
        "zh": "截止日前准时率（有截止日的订单）",
    },
    "kpi.rail_teu_per_week": {"en": "Throughput by rail", "zh": "铁路运量"},
    "kpi.trains_per_week": {"en": "Trains from Yiwu", "zh": "义乌发出班列"},
    "kpi.lead_rail_days": {"en": "Lead time by rail, mean", "zh": "铁路平均交货周期"},
    "kpi.lead_sea_days": {"en": "Lead time by sea, mean", "zh": "海运平均交货周期"},
    "kpi.wait_h": {
        "en": "Wait before service at {name} (closures included), mean",
        "zh": "{name}平均排队等待时间（含关闭期间）",
    },
    "kpi.queue": {"en": "Trains queueing at {name}, mean", "zh": "{name}平均排队列车数"},
    # a closure the run ends in: the trains it holds are in no crossings row
    "kpi.held": {
        "en": "Trains still held at {name} when the run ends (closed)",
        "zh": "运行结束时仍滞留在{name}的列车（口岸关闭）",
    },
    "kpi.held_wait_h": {
        "en": "Trains held at {name}: hours waited so far, mean (at least: they still wait)",
        "zh": "{name}滞留列车至今已等待的小时数，平均（至少：仍在等待）",
    },
    "kpi.wait_held_h": {
        "en": "Wait before service at {name}, counting the trains still waiting when the run "
        "ends (at least), mean",
        "zh": "{name}平均排队等待时间，计入运行结束时仍在等待的列车（至少）",
    },
    # open at the end, every server busy (a reopening's backlog): in no crossings row either
    "kpi.queued": {
        "en": "Trains still queued at {name} when the run ends (open, every server busy)",
        "zh": "运行结束时仍在{name}排队的列车（口岸开放，通道均忙）",
    },
    "kpi.queue_served": {
        "en": "Trains queueing at {name}, the trains served, mean",
        "zh": "{name}已办理列车的平均排队列车数",
    },
    "kpi.wait_h_served": {
        "en": "Wait before service at {name}, the trains served (closures included), mean",
        "zh": "{name}已办理列车的平均排队等待时间（含关闭期间）",
    },
    "sum_held": {
        "en": "{who}When the run ends ({end}), {name} is still closed ({reopens}) and holds "
        "{n} trains ({yiwu} of them from Yiwu{runs}): they are not in the wait of the trains "
        "served. They have waited {mean} {mean_unit} there so far on average, the longest "
        "{max} {max_unit}, and still wait: the closure costs them at least that much.",
        "en_one": "{who}When the run ends ({end}), {name} is still closed ({reopens}) and "
        "holds {n} train ({yiwu} from Yiwu{runs}): it is not in the wait of the trains "
        "served. It has waited {mean} {mean_unit} there so far, and still waits: the closure "
        "costs it at least that much.",
        "count": "n",
        "zh": "{who}运行结束时（{end}），{name}仍关闭（{reopens}），滞留 {n} 列列车（其中 "
        "{yiwu} 列自义乌发出{runs}）：不计入已办理列车的等待时间；至今平均已等待 "
        "{mean} {mean_unit}，最长 {max} {max_unit}，且仍在等待：关闭造成的等待至少有这么长。",
    },
    "sum_held_base": {"en": "In the baseline: ", "zh": "基准中："},
    "sum_queued": {
        "en": "{who}When the run ends ({end}), {name} is open but every server is busy: {n} "
        "trains ({yiwu} of them from Yiwu{runs}) still queue for one, and are not in the wait "
        "of the trains served. They have waited {mean} {mean_unit} there so far on average, the "
        "longest {max} {max_unit}, and still wait.",
        "en_one": "{who}When the run ends ({end}), {name} is open but every server is busy: "
        "{n} train ({yiwu} from Yiwu{runs}) still queues for one, and is not in the wait "
        "of the trains served. It has waited {mean} {mean_unit} there so far, and still waits.",
        "count": "n",
        "zh": "{who}运行结束时（{end}），{name}开放，但通道均忙：{n} 列列车（其中 {yiwu} 列"
        "自义乌发出{runs}）仍在排队，不计入已办理列车的等待时间；至今平均已等待 "
        "{mean} {mean_unit}，最长 {max} {max_unit}，且仍在等待。",
    },
    "held_reopens": {"en": "it reopens on {date}", "zh": "{date}重新开放"},
    "held_no_reopen": {"en": "no reopening is known", "zh": "重新开放日期未知"},
    "held_runs": {
        "en": "; means over {n} runs",
        "en_one": "; means over {n} run",
        "count": "n",
        "zh": "；为 {n} 次运行的平均",
    },
    "detail_held": {
        "en": "In the run on the map, {n} trains ({yiwu} of them from Yiwu) are still held "
        "here when the run ends ({end}): the crossing is closed ({reopens}). They have not "
        "been served: the chart draws them waiting up to the end (purple) and the tables list "
        "Yiwu's; they have waited {mean} {mean_unit} on average so far, the longest {max} "
        "{max_unit} (at least: they still wait).",
        "en_one": "In the run on the map, {n} train ({yiwu} from Yiwu) is still held here when "
        "the run ends ({end}): the crossing is closed ({reopens}). It has not been served: "
        "the chart draws it waiting up to the end (purple) and the tables list it if it is "
        "Yiwu's; it has waited {mean} {mean_unit} so far (at least: it still waits).",
        "count": "n",
        "zh": "地图所示的运行中，运行结束时仍滞留在此的列车：{n} 列（其中 {yiwu} 列自义乌"
        "发出），截至{end}口岸仍关闭（{reopens}）。尚未办理：图表画出其一直等到运行"
        "结束（紫色），表格列出义乌的班列；至今平均已等待 {mean} {mean_unit}，最长 {max} {max_unit}"
        "（至少：仍在等待）。",
    },
    "detail_queued": {
        "en": "In the run on the map, {n} trains ({yiwu} of them from Yiwu) still queue here "
        "when the run ends ({end}): the crossing is open, every server busy. They have not "
        "been served: the chart draws them waiting up to the end (purple) and the tables list "
        "Yiwu's; they have waited {mean} {mean_unit} on average so far, the longest {max} "
        "{max_unit} (at least: they still wait).",
        "en_one": "In the run on the map, {n} train ({yiwu} from Yiwu) still queues here when "
        "the run ends ({end}): the crossing is open, every server busy. It has not been "
        "served: the chart draws it waiting up to the end (purple) and the tables list it "
        "if it is Yiwu's; it has waited {mean} {mean_unit} so far (at least: it still waits).",
        "count": "n",
        "zh": "地图所示的运行中，运行结束时（{end}）仍在此排队的列车：{n} 列（其中 {yiwu} 列"
        "自义乌发出）：口岸开放，但通道均忙。尚未办理：图表画出其一直等到运行结束"
        "（紫色），表格列出义乌的班列；至今平均已等待 {mean} {mean_unit}，最长 {max} "
        "{max_unit}（至少：仍在等待）。",
    },
    "still.held": {
        "en": "still held here when the run ends (closed)",
        "zh": "运行结束时仍滞留在此（口岸关闭）",
    },
    "still.queued": {
        "en": "still queued here when the run ends (every server busy)",
        "zh": "运行结束时仍在此排队（通道均忙）",
    },
    "others_waiting": {
        "en": "and {n} trains of other operators, still waiting here when the run ends",
        "en_one": "and {n} train of another operator, still waiting here when the run ends",
        "count": "n",
        "zh": "另有 {n} 列其他运营商的列车，运行结束时仍在此等待",
    },
    "queue_still": {
        "en": "Solid: the trains served. Dashed: with the trains still waiting when the run "
        "ends, in no row of the trains served ({parts}; see What changed, in words).",
        "zh": "实线：已办理的列车。虚线：加上运行结束时仍在等待、不在已办理列车中的列车"
        "（{parts}；见“变化了什么”）。",
    },
    "still_held_part": {
        "en": "{side}: {n} held by the closure",
        "zh": "{side}：{n} 列因关闭滞留",
    },
    "still_queued_part": {
        "en": "{side}: {n} queued, open with every server busy",
        "zh": "{side}：{n} 列排队（口岸开放，通道均忙）",
    },
    "tip_held": {
        "en": "{n} trains still held when the run ends (closed)",
        "en_one": "{n} train still held when the run ends (closed)",
        "count": "n",
        "zh": "运行结束时仍有 {n} 列滞留（口岸关闭）",
    },
    "tip_queued": {
        "en": "{n} trains still queued when the run ends (open, every server busy)",
        "en_one": "{n} train still queued when the run ends (open, every server busy)",
        "count": "n",
        "zh": "运行结束时仍有 {n} 列排队（口岸开放，通道均忙）",
    },
    "unit.%": {"en": "%", "zh": "%"},
    "unit.TEU per week": {"en": "TEU per week", "zh": "TEU/周"},
    "unit.per week": {"en": "per week", "zh": "班/周"},  # after a number: 由 6 降至 4.6 班/周
    "unit.days": {"en": "days", "en_one": "day", "count": "n", "zh": "天"},
    "unit.hours": {"en": "hours", "en_one": "hour", "count": "n", "zh": "小时"},
    "unit.trains": {"en": "trains", "en_one": "train", "count": "n", "zh": "列"},
    "unit.day": {"en": "day", "zh": "日"},
    "unit.TEU per departure": {"en": "TEU per departure", "zh": "TEU/班"},
    "unit.share of orders": {"en": "share of orders", "zh": "订单比例"},
    "unit.per day": {"en": "per day", "zh": "/天"},
    "unit.days (negative: before)": {"en": "days (negative: before)", "zh": "天（负数：之前）"},
    "unit.runs": {"en": "runs", "en_one": "run", "count": "n", "zh": "次"},
    "weekly_caption": {
        "en": "Throughput by rail: TEU leaving Yiwu per week",
        "zh": "铁路运量：每周从义乌发出的TEU",
    },
    "queue_caption": {
        "en": "Trains queueing at {name}, daily mean",
        "zh": "{name}每日平均排队列车数",
    },
    "lead_caption": {
        "en": "Lead time by mode, mean days from order to delivery",
        "zh": "各运输方式平均交货周期（从下单到交付的天数）",
    },
    "rail": {"en": "rail", "zh": "铁路"},
    "sea": {"en": "sea", "zh": "海运"},
    "safe_title": {
        "en": "Last safe order date per line (90 % arrive before the festival)",
        "zh": "各线路最晚安全下单日（90%在春节前送达）",
    },
    "line": {"en": "line", "zh": "线路"},
    "diff_days": {"en": "difference, days", "zh": "差值（天）"},
    "none_safe": {"en": "none safe", "zh": "无安全日"},
    "keep": {"en": "Keep what you found", "zh": "保存你的发现"},
    "download": {
        "en": "Download the current setting as a scenario file",
        "zh": "下载当前设置（情景文件）",
    },
    "run_again": {"en": "; run it again with:", "zh": "；用以下命令重新运行："},
    "run_file": {
        "en": "or run the downloaded file itself, in the folder you saved it to:",
        "zh": "或者在保存下载文件的文件夹中直接运行它：",
    },
    # the packaged teaching scenario, named by its file name outside a checkout
    "shipped_is": {
        "en": " is the teaching scenario shipped with yiwu-sim: ",
        "zh": " 是义乌仿真自带的教学情景：",
    },
    "shipped_save": {"en": "save it", "zh": "保存此文件"},
    "shipped_then": {
        "en": " and run the command above in the folder you saved it to.",
        "zh": "，然后在保存它的文件夹中运行上面的命令。",
    },
    "changes": {"en": "Changes against the loaded scenario", "zh": "相对于载入情景的修改"},
    "no_change": {"en": "(no change: the scenario as loaded)", "zh": "（无修改：载入的情景）"},
    # -- who waits and why ----------------------------------------------------------------------
    "detail_title": {"en": "Who waits at {name}, and why", "zh": "谁在{name}等待，为什么"},
    "detail_hint": {
        "en": "Click a crossing, a line or Yiwu on the map.",
        "zh": "请点击地图上的口岸、线路或义乌。",
    },
    "detail_queue": {
        "en": "Trains at {name} by day: queueing (red) and being served (orange)",
        "zh": "{name}每日列车：排队（红）与办理中（橙）",
    },
    "detail_queue_still": {
        "en": "Trains at {name} by day: queueing (red), still waiting when the run ended "
        "(purple) and being served (orange)",
        "zh": "{name}每日列车：排队（红）、运行结束时仍在等待（紫）与办理中（橙）",
    },
    "detail_yard": {
        "en": "Containers at the Yiwu yard by day, TEU, by why they wait",
        "zh": "义乌场站每日集装箱（TEU），按等待原因",
    },
    "detail_line": {
        "en": "Trains of {name}: hours waiting at crossings, by departure date",
        "zh": "{name}各班列在口岸的等待小时数（按发车日期）",
    },
    "at_date": {"en": "On {date}", "zh": "{date}"},
    "train": {"en": "train", "zh": "班列"},
    "arrived": {"en": "arrived", "zh": "到达"},
    "waited_h": {"en": "waited, h", "zh": "等待（小时）"},
    "served_h": {"en": "served, h", "zh": "办理（小时）"},
    "why": {"en": "why", "zh": "原因"},
    "teu_waiting": {"en": "TEU waiting", "zh": "等待的TEU"},
    "nobody": {"en": "Nobody waits here on this day.", "zh": "当天这里无人等待。"},
    "worst": {"en": "The longest waits of the season", "zh": "本季最长的等待"},
    "departed": {"en": "departed", "zh": "发车"},
    "border_wait": {"en": "waited at crossings, h", "zh": "口岸等待（小时）"},
    "load": {"en": "load", "zh": "装载"},
    "reason.no_server": {
        "en": "no server free: every track is busy with earlier trains",
        "zh": "无空闲作业线：前面的列车正在办理",
    },
    "reason.closed": {"en": "crossing closed", "zh": "口岸关闭"},
    "reason.round": {"en": "going round {names} (closed)", "zh": "绕开关闭的{names}"},
    "reason.none": {"en": "no wait", "zh": "无需等待"},
    "reason.gauge": {"en": "being served: gauge change and customs", "zh": "办理中：换轨与海关"},
    "reason.customs": {"en": "being served: customs and inspection", "zh": "办理中：海关与查验"},
    # what a crossing's service is, beside a train not being served at that moment
    "service.gauge": {"en": "gauge change and customs", "zh": "换轨与海关"},
    "service.customs": {"en": "customs and inspection", "zh": "海关与查验"},
    "reason.departure": {
        "en": "waiting for a departure (the next train or sailing)",
        "zh": "等待发车（下一班列车或船）",
    },
    "reason.full": {
        "en": "left behind: an earlier departure was full",
        "zh": "被落下：前一班已满载",
    },
    "reason.box": {
        "en": "waiting for a box: the container is being filled",
        "zh": "等待装箱：集装箱尚未装满",
    },
    "yard": {"en": "Yiwu yard", "zh": "义乌场站"},
    "choice.share": {"en": "share", "zh": "按比例"},
    "choice.fastest": {"en": "fastest", "zh": "最快"},
    "choice.cheapest": {"en": "cheapest", "zh": "最便宜"},
    "choice.deadline": {"en": "deadline", "zh": "按截止日"},
    "choice.live": {"en": "live", "zh": "按实时网络"},
    "choice.fifo": {"en": "fifo", "zh": "先到先装"},
    "choice.earliest_deadline": {
        "en": "earliest_deadline",
        "zh": "截止日最早优先",
    },
    "choice.fixed": {"en": "fixed", "zh": "原线路等待"},
    "choice.avoid_closed": {"en": "avoid_closed", "zh": "绕行"},
    "choice.next_departure": {"en": "next_departure", "zh": "等下一班"},
    "choice.sea": {"en": "sea", "zh": "改走海运"},
    "choice.demand": {"en": "demand", "zh": "按需加开或取消"},
    "choice.carriers": {"en": "carriers", "zh": "船公司调整"},
    # a value named alike by several policies, as it reads for one of them
    "choice.dispatch.rule.fixed": {"en": "fixed", "zh": "按时刻表"},
    "choice.pricing.rule.fixed": {"en": "fixed", "zh": "固定运价"},
    "choice.pricing.rule.live": {"en": "live", "zh": "随网络浮动"},
    "choice.sailings.rule.fixed": {"en": "fixed", "zh": "按船期表"},
    "state.moving": {"en": "moving", "zh": "行驶中"},
    "state.queue": {"en": "queueing at {name}", "zh": "在{name}排队"},
    "state.served": {"en": "being served at {name}", "zh": "在{name}办理"},
    "yard_now": {"en": "Yiwu yard: {teu} TEU waiting", "zh": "义乌场站：{teu} TEU 等待中"},
    "since": {"en": "since", "zh": "自"},
    "trains_here": {"en": "Trains here on {date}", "zh": "{date}在此的列车"},
    "trains_line": {"en": "Trains of the line under way on {date}", "zh": "{date}该线路在途列车"},
    "yard_day": {
        "en": "At the yard on {date}, TEU by line and why",
        "zh": "{date}场站内TEU（按线路与原因）",
    },
    "status_col": {"en": "where", "zh": "位置"},
    "progress": {"en": "journey done", "zh": "行程进度"},
    "waited_so_far": {"en": "waited at crossings so far, h", "zh": "至今口岸等待（小时）"},
    "closed_days": {"en": "Closed: {ranges}", "zh": "关闭：{ranges}"},
    "detail_detoured": {
        "en": "In the run on the map, {n} Yiwu trains went round {name} while it was closed "
        "({km} km more in all): they crossed elsewhere, so neither the chart nor the tables "
        "count them here; the map draws each along the path it took (dashed).",
        "en_one": "In the run on the map, {n} Yiwu train went round {name} while it was closed "
        "({km} km more): it crossed elsewhere, so neither the chart nor the tables count it "
        "here; the map draws it along the path it took (dashed).",
        "count": "n",
        "zh": "地图所示的运行中，有 {n} 列义乌班列在{name}关闭期间绕行（共多行驶 {km} 公里）："
        "它们从别处过境，图表和表格均不计入此处；地图沿其实际绕行路径绘制（虚线）。",
    },
    "nobody_season": {
        "en": "No train waited here this season.",
        "zh": "本季没有列车在此等待。",
    },
    # a line none of whose trains waited: its table of the longest waits was a heading alone
    # (trial18: L01 of the teaching world, its trains sent round a closed Malaszewicze)
    "nobody_line": {
        "en": "No train of this line waited at a crossing this season.",
        "zh": "本季该线路没有列车在口岸等待。",
    },
    # -- controls -----------------------------------------------------------------------------
    "ctl.trains_per_week": {"en": "Trains per week, {line}", "zh": "每周班列数，{line}"},
    "ctl.sailings_per_week": {"en": "Sailings per week, {line}", "zh": "每周船期数，{line}"},
    "ctl.capacity_train": {"en": "Train capacity, {lid}", "zh": "每列运力，{lid}"},
    "ctl.capacity_vessel": {"en": "Vessel space, {lid}", "zh": "每班船舱位，{lid}"},
    "ctl.servers": {"en": "Trains served at once at {name}", "zh": "{name}可同时办理的列车数"},
    "ctl.service_mean_h": {
        "en": "Mean time to serve one train at {name}",
        "zh": "{name}办理一列车的平均时间",
    },
    "ctl.closure.start": {"en": "Crossing closed from", "zh": "口岸关闭开始日"},
    "ctl.closure.days": {"en": "Crossing closed for", "zh": "口岸关闭天数"},
    "ctl.closure.end_told_days": {
        "en": "Its end told, days after it starts",
        "zh": "关闭开始后第几天公布结束时间",
    },
    "ctl.closure.expected_days": {
        "en": "Until its end is told, expected to last",
        "zh": "公布结束时间之前，预期还将关闭",
    },
    "ctl.mode_choice.rule": {
        "en": "How an order picks rail or sea",
        "zh": "订单如何选择铁路或海运",
    },
    "ctl.mode_choice.rail_share": {
        "en": "Rail share (rule 'share')",
        "zh": "铁路比例（按比例规则）",
    },
    "ctl.consolidation.loading": {"en": "Which containers board first", "zh": "哪些集装箱先装车"},
    "ctl.train_routing": {"en": "Trains at a closed crossing", "zh": "遇口岸关闭时的列车"},
    "ctl.consolidation.rollover": {
        "en": "Containers left behind at a cut-off",
        "zh": "截关后被落下的集装箱",
    },
    "ctl.dispatch.rule": {"en": "Extra and cancelled trains", "zh": "加开与取消班列"},
    "ctl.pricing.rule": {"en": "Freight rates", "zh": "运价"},
    "ctl.sailings.rule": {"en": "Carriers' sailings", "zh": "船公司船期"},
    "ctl.buyers.visits_per_day": {"en": "Foreign buyer visits a day", "zh": "每日外商到访人次"},
    "ctl.closure_offset.start": {
        "en": "Market closes, days before the festival",
        "zh": "市场休市：春节前几天",
    },
    "ctl.closure_offset.reopen": {
        "en": "Market reopens, days after the festival",
        "zh": "市场开市：春节后几天",
    },
    "ctl.seed": {"en": "Seed", "zh": "随机种子"},
    "ctl.replications": {"en": "Replications", "zh": "重复次数"},
    "help.trains_per_week": {"en": "Departures from Yiwu a week.", "zh": "每周从义乌发出的班次。"},
    "help.capacity_train": {
        "en": "Containers one train carries (S: 100-110 TEU a train); "
        "default: the line data ({cap} TEU).",
        "zh": "每列火车装载的集装箱数（来源：每列100-110 TEU）；默认值取线路数据（{cap} TEU）。",
    },
    "help.capacity_vessel": {
        "en": "Space one sailing offers Yiwu's shippers from Ningbo; "
        "default: the line data ({cap} TEU).",
        "zh": "每班船从宁波为义乌货主提供的舱位；默认值取线路数据（{cap} TEU）。",
    },
    "help.servers": {
        "en": "Trains served at the same time (E).",
        "zh": "同时办理的列车数（估计）。",
    },
    "help.service_mean_h": {
        "en": "Gauge change and customs for one train; the spread of the "
        "distribution ({dist}) is kept.",
        "zh": "一列车的换轨与通关时间；保留分布（{dist}）的离散程度。",
    },
    "help.slider": {
        "en": "(The slider offers {lo} to {hi}; a scenario file allows more.)",
        "zh": "（滑块范围 {lo} 至 {hi}；情景文件允许更大范围。）",
    },
    "help.closure.start": {
        "en": "First day of a closure of the chosen crossing (a node "
        "disruption with servers_factor 0).",
        "zh": "所选口岸关闭的第一天（节点中断，作业线全部停用）。",
    },
    "help.closure.days": {
        "en": "0: no closure. Trains reaching it wait until it reopens.",
        "zh": "0：不关闭。到达的列车等待口岸重新开放。",
    },
    # a closure "until further notice": end_announced and expected_days of its disruption
    "help.closure.end_told_days": {
        "en": "0: its reopening is known as soon as the closure is. More: closed until "
        "further notice, its end told this many days after it starts (at 00:00); until then "
        "decisions expect it to last as set below. Only the rules that read the network's "
        "live state see this ('live' for how an order picks rail or sea, containers left "
        "behind and freight rates; 'avoid_closed' for trains). The crossing reopens on its "
        "day whatever is told, and its reopening is seen then: an end told later changes "
        "nothing past it.",
        "zh": "0：关闭公布时即知道何时重新开放。大于0：口岸“关闭至另行通知”，关闭开始后这么多天"
        "（当日0时）才公布结束时间；在此之前，决策按下一项的预期时长估计关闭。只有读取实时网络状态"
        "的规则会受影响（订单选择铁路或海运、截关后被落下的集装箱选“按实时网络”，运价选“随网络浮动”，"
        "列车选“绕行”）。无论何时公布，口岸都在设定的日期重新开放，重新开放时即为人所知："
        "晚于此时公布，重新开放之后不再有影响。",
    },
    "help.closure.expected_days": {
        "en": "With its end told later: how many more days a decision expects the closure to "
        "last, counted from the moment it decides (a closure 'for two more weeks', every "
        "time one asks). 0: open-ended, as if it might never reopen.",
        "zh": "结束时间晚些才公布时：决策时预期关闭还将持续的天数，从决策的时刻算起（每次询问都是"
        "“还要两周”）。0：无限期，仿佛可能永不重新开放。",
    },
    "help.mode_choice.rule": {
        "en": "share: by the rail share below; fastest, cheapest; "
        "deadline: rail when sea would be late; live: the network's state "
        "at booking.",
        "zh": "按比例：按下方的铁路比例；最快；最便宜；按截止日：海运会迟到时选铁路；"
        "按实时网络：按订舱时的网络状态。",
    },
    "help.mode_choice.rail_share": {
        "en": "With 'share' (and 'live' for orders without a "
        "deadline): the probability of rail (E).",
        "zh": "按比例规则（以及按实时网络规则下无截止日的订单）选铁路的概率（估计）。",
    },
    "help.consolidation.loading": {
        "en": "fifo: first closed, first loaded; earliest_deadline: deadline goods first.",
        "zh": "先到先装：先封箱先装车；截止日最早优先：有截止日的货物优先。",
    },
    "help.train_routing": {
        "en": "fixed: keep the line's path and wait; avoid_closed: take "
        "another path when that is expected to arrive sooner.",
        "zh": "原线路等待：按原线路等待口岸开放；绕行：预计更早到达时改走其他线路。",
    },
    "help.consolidation.rollover": {
        "en": "next_departure: wait for the route's next train; sea: a rail container left "
        "waiting a while moves to the sea route of its destination; live: it moves when the "
        "live state expects its line to be much later.",
        "zh": "等下一班：等本线路的下一班列车；改走海运：滞留一段时间的铁路集装箱改走目的地的"
        "海运线路；按实时网络：实时网络预计本线路大幅延误时改走海运。",
    },
    "help.dispatch.rule": {
        "en": "fixed: the published timetable; demand: the operator adds a train when a "
        "cut-off leaves a trainload behind, and cancels an under-filled one when the next "
        "leaves soon (within the scenario's limits).",
        "zh": "按时刻表：按公布的班期；按需加开或取消：截关后仍有一整列的货物滞留时加开班列，"
        "下一班很快出发时取消装载不足的班列（在情景设定的限度内）。",
    },
    "help.pricing.rule": {
        "en": "fixed: the scenario's rates; live: a surcharge when a crossing on the line is "
        "congested, a premium when the line is booked out, sea rates that rise with an "
        "announced longer passage. Each order pays what it was quoted.",
        "zh": "固定运价：情景中的运价；随网络浮动：线路上口岸拥堵时加收附加费，线路满舱时加价，"
        "已公布的海运航程延长时海运运价上涨。每笔订单按订舱时的报价付费。",
    },
    "help.sailings.rule": {
        "en": "fixed: every published sailing sails; carriers: blank sailings in the weeks "
        "after the Spring Festival, under-filled sailings blanked, larger ships and extra "
        "loaders when the port's backlog grows.",
        "zh": "按船期表：所有公布的船期照常开航；船公司调整：春节后数周取消部分航次，"
        "装载不足的航次取消，港口积压增加时换大船或加开船。",
    },
    "help.buyers.visits_per_day": {
        "en": "Foreign buyer visits a day (S: 2023).",
        "zh": "每日外商到访人次（来源：2023年）。",
    },
    "help.closure_offset.start": {
        "en": "Lunar 12/27 is -4 (S). The Spring Festival is lunar 1/1.",
        "zh": "农历腊月廿七为 -4（来源）。春节为正月初一。",
    },
    "help.closure_offset.reopen": {"en": "Lunar 1/12 is 11 (S).", "zh": "正月十二为 11（来源）。"},
    "help.seed": {
        "en": "Same seed, same run. The baseline uses the same seeds (common random numbers).",
        "zh": "相同种子，相同结果。基准使用相同的种子（共同随机数）。",
    },
    "help.replications": {
        "en": "More runs give the paired difference an interval; they run in the background.",
        "zh": "多次运行可给出配对差值的置信区间；在后台运行。",
    },
}
"""The explorer's own words (``en`` and ``zh`` for every key)."""


DISTRIBUTIONS_ZH: dict[str, str] = {
    "lognormal": "对数正态", "normal": "正态", "triangular": "三角", "exponential": "指数",
    "gamma": "伽马", "uniform": "均匀", "fixed": "固定", "weibull": "韦布尔", "empirical": "经验",
}  # fmt: skip
"""Names of the service-time distributions in Chinese (the help of a crossing's service time)."""


def glossary() -> dict[str, dict[str, str]]:
    """Every string the page uses: the report's shared terms and the explorer's own."""
    out = {k: {"en": LABELS["en"][k], "zh": LABELS["zh"][k]} for k in SHARED}
    out.update({k: {"en": GLOSSARY[k]["en"], "zh": GLOSSARY[k]["zh"]} for k in REPORT_TERMS})
    out.update(TEXT)
    return out


def text(key: str, lang: str = "en", **fields: Any) -> str:
    """One string in ``lang`` with its ``{fields}`` filled (English when there is no Chinese),
    a count of one in the entry's form for one (:func:`sim.output.glossary.form`, which the
    page's ``t()`` in ``words.js`` follows)."""
    entry = TEXT.get(key) or {"en": LABELS["en"].get(key, key), "zh": LABELS["zh"].get(key, "")}
    return form(entry, lang, fields).format(**fields)


def place(node_id: str, english: str, lang: str = "en") -> str:
    """A place or line name in ``lang``: the shipped network's Chinese name under ``zh``
    (:func:`sim.world.network.place_name`), else ``english``."""
    if lang != "zh":
        return english
    name = place_name(node_id, lang)
    return english if name == node_id else name
