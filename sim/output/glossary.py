"""One glossary for every report and the command line: interface words, statistical terms and
KPI names, each in English and Chinese.

``GLOSSARY`` is a plain mapping ``key -> {"en": ..., "zh": ...}`` so that any page (the run,
comparison, sweep and plan reports, the explorer, the command line's summary) can import it and
call :func:`term`; :data:`TERMS` names the entries that are explained in a report's glossary
section. Placeholders in braces (``{n}``) are filled with :meth:`str.format`. A report never
writes an interface string that is not here, so ``--lang zh`` leaves no English behind except
proper names (lines, places, scenario files, KPI keys, command lines).
"""

from __future__ import annotations

import numbers
import re
from typing import Any

from sim.output.glossary_checks import CHECKS
from sim.output.glossary_commands import COMMANDS
from sim.output.glossary_help import HELP
from sim.output.glossary_messages import MESSAGES
from sim.problems import ENGLISH, ENGLISH_ONE

GLOSSARY: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ container balance
    "box:title": {
        "en": "Container balance: boxes from Yiwu's pool, eastbound services and empties "
        "(after the warm-up; each pool over time in the daily table, boxes_<location>)",
        "zh": "集装箱平衡：义乌箱池的箱子、回程班列与空箱"
        "（预热期后；各箱池随时间的数量见每日明细表 boxes_<地点>）",
    },
    "box:value": {"en": "value", "zh": "数值"},
    "box:trains": {"en": "trains westbound / eastbound", "zh": "去程 / 回程班列"},
    "box:return_ratio": {
        "en": "return ratio (eastbound per westbound train)",
        "zh": "回程比（每列去程班列对应的回程班列）",
    },
    "box:slots": {"en": "slots used westbound / eastbound", "zh": "去程 / 回程舱位利用率"},
    "box:loaded": {"en": "eastbound boxes carrying imports", "zh": "回程装有进口货的箱子比例"},
    "box:import_empty": {
        "en": "import TEU / empty TEU returned",
        "zh": "进口 TEU / 返回的空箱 TEU",
    },
    "box:empty_sea": {"en": "empty TEU returned by sea", "zh": "经海运返回的空箱 TEU"},
    "box:empty_km": {"en": "empty TEU-km", "zh": "空箱 TEU 公里"},
    "box:orders_waited": {"en": "orders that waited for a box", "zh": "等待箱子的订单数"},
    "box:wait_days": {
        "en": "mean days an order waited for a box",
        "zh": "订单等待箱子的平均天数",
    },
    "box:teu_days": {"en": "TEU-days waited for a box", "zh": "等待箱子的 TEU 天数"},
    "box:leased": {"en": "boxes leased (TEU) / cost (USD)", "zh": "租用箱子（TEU）/ 费用（美元）"},
    "box:repositioning": {"en": "empties moved back: cost (USD)", "zh": "空箱调回费用（美元）"},
    "box:withdrawn": {"en": "boxes withdrawn from Yiwu (TEU)", "zh": "从义乌调走的箱子（TEU）"},
    "box:owned": {"en": "boxes owned at the end (TEU)", "zh": "期末拥有的箱子（TEU）"},
    "box:pools": {"en": "boxes in each pool at the end (TEU)", "zh": "期末各箱池的箱子（TEU）"},
    "box:none": {"en": "none", "zh": "无"},
    "box:east_waits": {
        "en": "eastbound trains' mean wait at each crossing (h)",
        "zh": "东行列车在各口岸的平均等待（小时）",
    },
    # ------------------------------------------------------------------ statistical terms
    "pcs": {
        "en": "probability of correct selection (PCS)",
        "zh": "正确选择概率（PCS）",
    },
    "pcs_def": {
        "en": "the probability, at least, that the selected decision is the cheapest one that "
        "meets the goal, when the best is better than the rest by the indifference zone and no "
        "decision is within a tolerance of a goal's bound",
        "zh": "当最优方案比其余方案至少好一个无差异区间、且没有方案落在目标容差之内时，所选方案"
        "正是满足目标的最省方案的最低概率",
    },
    "indifference": {"en": "indifference zone", "zh": "无差异区间"},
    "indifference_def": {
        "en": "objective differences smaller than this do not matter to the planner (given in "
        "the objective's own unit, e.g. departures)",
        "zh": "小于此值的目标差异对计划者无关紧要（单位与目标相同，例如发车列数）",
    },
    "first_stage": {"en": "first stage", "zh": "第一阶段"},
    "first_stage_def": {
        "en": "the runs every contender gets before any is dropped; their spread sets how many "
        "more runs a decision needs",
        "zh": "每个候选方案在任何淘汰之前都要完成的运行次数；其离散程度决定之后还需多少次运行",
    },
    "kn": {"en": "KN (Kim-Nelson procedure)", "zh": "KN（Kim-Nelson 序贯选择程序）"},
    "kn_def": {
        "en": "a sequential selection (Kim and Nelson 2001): after each round of runs, a "
        "contender whose mean is worse than a feasible one's by more than a shrinking margin is "
        "dropped",
        "zh": "一种序贯选择方法（Kim 与 Nelson，2001）：每轮运行后，若某候选方案的均值比一个可行"
        "方案差出一个逐渐收窄的界限，即被淘汰",
    },
    "ak": {"en": "feasibility test (Andradottir-Kim)", "zh": "可行性检验（Andradottir-Kim）"},
    "ak_def": {
        "en": "a sequential test (Andradottir and Kim 2010) that declares a decision feasible or "
        "infeasible for each goal once the sum of its runs leaves a shrinking band around the "
        "bound",
        "zh": "一种序贯检验（Andradottir 与 Kim，2010）：当各次运行之和离开目标边界周围逐渐收窄的"
        "区间时，判定方案对该目标可行或不可行",
    },
    "tolerance": {"en": "tolerance", "zh": "容差"},
    "tolerance_def": {
        "en": "a decision whose expected KPI is within this distance of a goal's bound may be "
        "judged either way",
        "zh": "期望指标与目标边界之差在此范围内的方案，判为可行或不可行均可接受",
    },
    "one_sided": {"en": "one-sided bound", "zh": "单侧置信界"},
    "one_sided_def": {
        "en": "the value the mean is above (or below) at the stated confidence, from all of a "
        "decision's runs",
        "zh": "根据方案的全部运行，在所述置信水平下均值高于（或低于）的数值",
    },
    "crn": {"en": "common random numbers", "zh": "公共随机数"},
    "crn_def": {
        "en": "every decision is run with the same seeds, so they differ by the decision, not "
        "by luck",
        "zh": "所有方案使用相同的随机种子运行，差异来自方案本身而非运气",
    },
    "pareto": {"en": "Pareto front", "zh": "帕累托前沿"},
    "pareto_def": {
        "en": "the decisions that no other decision beats on both axes",
        "zh": "在两个坐标上都没有被其他方案同时超越的方案",
    },
    "tpe": {"en": "TPE search (Optuna)", "zh": "TPE 搜索（Optuna）"},
    "tpe_def": {
        "en": "a Bayesian search that proposes decisions where good results are likely, used "
        "when the grid is too large to run whole",
        "zh": "一种贝叶斯搜索，在可能取得好结果的地方提出方案；网格太大无法全部运行时使用",
    },
    "glossary": {"en": "Glossary", "zh": "术语表"},
    # ------------------------------------------------------------------ KPI names and units
    "kpi:rail_departures": {"en": "rail departures from Yiwu", "zh": "义乌铁路发车列数"},
    "kpi:on_time.share": {"en": "orders on time, %", "zh": "订单准时率（%）"},
    "kpi:on_time.by_category.{x}.share": {"en": "{x} on time, %", "zh": "{x}准时率（%）"},
    "kpi:on_time.by_destination.{x}.share": {"en": "on time to {x}, %", "zh": "到 {x} 准时率（%）"},
    "kpi:emissions_cost.cost_usd_total": {"en": "freight cost, USD m", "zh": "运费（百万美元）"},
    "kpi:emissions_cost.disruption_usd_total": {
        "en": "freight above the base rates, USD m",
        "zh": "运费中超出基准运价部分（百万美元）",
    },
    "kpi:emissions_cost.co2e_kg_total": {"en": "CO2e, tonnes", "zh": "二氧化碳当量（吨）"},
    "kpi:lead_time_days.overall.mean": {"en": "mean lead time, days", "zh": "平均交货周期（天）"},
    "kpi:orders.placed_after_warmup": {"en": "orders placed", "zh": "下单数"},
    "kpi:orders.delivered_after_warmup": {
        "en": "orders delivered by the end",
        "zh": "期末已交付订单",
    },
    "kpi:orders.teu_placed_after_warmup": {"en": "TEU ordered", "zh": "订购 TEU"},
    "kpi:orders.backordered_after_warmup": {"en": "orders backordered", "zh": "缺货订单数"},
    "kpi:dispatch.trains_added": {"en": "extra trains added (dispatch)", "zh": "加开班列（调度）"},
    "kpi:dispatch.trains_cancelled": {
        "en": "departures cancelled (dispatch)",
        "zh": "取消的班次（调度）",
    },
    "kpi:lost_sales.orders": {
        "en": "lost sales (placed elsewhere), orders",
        "zh": "流失订单（转往别处下单）",
    },
    "kpi:lead_time_days.overall.p95": {"en": "lead time p95, days", "zh": "交货周期95分位（天）"},
    "kpi:lead_time_days.by_mode.rail.mean": {
        "en": "rail lead time mean, days",
        "zh": "铁路平均交货周期（天）",
    },
    "kpi:lead_time_days.by_mode.sea.mean": {
        "en": "sea lead time mean, days",
        "zh": "海运平均交货周期（天）",
    },
    "kpi:orders.backordered_share": {"en": "backordered, %", "zh": "缺货订单比例（%）"},
    "kpi:borders.{x}.wait_h_mean": {"en": "mean wait at {x}, h", "zh": "{x}平均等待（小时）"},
    "kpi:freight_usd_m": {"en": "freight cost, USD m", "zh": "运费（百万美元）"},
    # ------------------------------------------------------------------ report pages
    "key_figures": {"en": "Key figures", "zh": "主要指标"},
    "value": {"en": "value", "zh": "数值"},
    "figures": {"en": "Figures", "zh": "图表"},
    "manifest": {"en": "Manifest", "zh": "运行清单"},
    "warning": {"en": "warning", "zh": "警告"},
    "cmp_title": {"en": "yiwu-sim comparison", "zh": "yiwu-sim 情景比较"},
    "cmp_intro": {
        "en": "Scenarios: {names}; {n} replications each with common random numbers. Every "
        "value is the mean ± the 95 % half-width over the replications (Student t); every "
        "difference is paired against {base}, replication by replication: the mean of the {n} "
        "differences ± their 95 % half-width (Student t); * = distinguishable from zero at "
        "95 %. Every count is of orders placed after the warm-up, at the scenario's scale "
        "({scale}: {scale_note}).",
        "zh": "情景：{names}；每个情景 {n} 次重复，使用公共随机数。各数值为各次重复的均值 ± 95% "
        "半宽（Student t）；差值与 {base} 逐次重复配对：{n} 个差值的均值 ± 其 95% 半宽"
        "（Student t）；* 表示在95%水平上与零有显著差异。所有计数均为预热期后下单的订单，按情景"
        "规模（{scale}：{scale_note}）计。",
    },
    "scale_word": {"en": "scale", "zh": "规模"},
    "warn_scales": {
        "en": "the scenarios run at different scales ({scales}): their counts of orders, TEU "
        "and trains' loads differ by the scale as well as by what each changes",
        "zh": "各情景的规模不同（{scales}）：订单、TEU 与班列装载的计数之差既来自规模，"
        "也来自情景的改动",
    },
    "scale_note": {
        "en": "counts are that fraction of the real market's",
        "zh": "计数为真实市场的相应比例",
    },
    "cmp_kpis": {
        "en": "Key figures: mean ± 95 % half-width per scenario, and the paired difference "
        "against the baseline",
        "zh": "主要指标：各情景均值 ± 95% 半宽，以及与基准情景的配对差值",
    },
    "diff_vs": {"en": "{name} − {base}", "zh": "{name} − {base}"},
    "cmp_why": {
        "en": "Why: each KPI that moved, and each deadline KPI that did not although a "
        "disruption was applied (from the runs' tables)",
        "zh": "原因：每个发生变化的指标，以及虽施加干扰但未变化的截止日指标（依据运行明细表）",
    },
    "scenario": {"en": "scenario", "zh": "情景"},
    "reason": {"en": "reason", "zh": "原因"},
    "cmp_safe": {
        "en": "Last safe order date per scenario: mean date ± 95 % half-width in days, and "
        "the conservative date (in at least 95 % of seasons at least {pct} % of that day's "
        "orders are delivered by the deadline)",
        "zh": "各情景最晚安全下单日：平均日期 ± 95% 半宽（天），以及保守日期（至少95%的季节中，"
        "当日订单至少 {pct}% 在截止日前送达）",
    },
    "cmp_late": {
        "en": "Late orders per scenario: mean per season ± 95 % half-width (orders placed after "
        "the warm-up, scale {scale})",
        "zh": "各情景迟到订单：每季均值 ± 95% 半宽（预热期后下单的订单，规模 {scale}）",
    },
    "deadline": {"en": "deadline", "zh": "截止日"},
    "line": {"en": "line", "zh": "线路"},
    "destination": {"en": "destination", "zh": "目的地"},
    "category": {"en": "goods", "zh": "品类"},
    "late_of": {"en": "{late} late of {n}", "zh": "{n} 单中迟到 {late}"},
    "conservative": {"en": "conservative {d}", "zh": "保守 {d}"},
    "seasons_with": {"en": "[{k} of {n} seasons]", "zh": "［{n} 季中 {k} 季］"},
    "cons_none": {"en": "no conservative date: {why}", "zh": "无保守日期：{why}"},
    "cons_why_few": {
        "en": "needs at least 2 seasons with a safe day",
        "zh": "至少需要 2 个有安全下单日的季节",
    },
    "cons_why_without": {  # (said of 2 seasons or more: the verb agrees with k)
        "en": "{k} of {n} seasons have no safe day",
        "en_one": "{k} of {n} seasons has no safe day",
        "count": "k",
        "zh": "{n} 季中有 {k} 季没有安全下单日",
    },
    "cons_why_spread": {
        "en": "the seasons' dates spread too widely; run more replications",
        "zh": "各季的日期过于分散；请增加重复次数",
    },
    "none": {"en": "none", "zh": "无"},
    "all": {"en": "all", "zh": "全部"},
    "distinguishable": {"en": "distinguishable", "zh": "显著"},
    "paired_fig": {
        "en": "Paired differences against the baseline with 95 % intervals",
        "zh": "与基准情景的配对差值及95%区间",
    },
    "each_fig": {
        "en": "Each scenario: mean and 95 % interval",
        "zh": "各情景：均值与95%区间",
    },
    "mode:rail": {"en": "rail", "zh": "铁路"},
    "mode:sea": {"en": "sea", "zh": "海运"},
    "mode:road": {"en": "road", "zh": "公路"},
    "mode:air": {"en": "air", "zh": "空运"},
    "cat:festival_goods": {"en": "festival goods", "zh": "春节用品"},
    "cat:everyday_goods": {"en": "everyday goods", "zh": "日常商品"},
    "cat:christmas_goods": {"en": "Christmas goods", "zh": "圣诞用品"},
    "cat:toys_jewellery_flowers": {"en": "toys, jewellery, flowers", "zh": "玩具、饰品、花卉"},
    "cat:hardware_electrical": {"en": "hardware and electrical", "zh": "五金电器"},
    "cat:daily_necessities": {"en": "daily necessities", "zh": "日用品"},
    "cat:textiles_socks": {"en": "textiles and socks", "zh": "纺织品与袜类"},
    # ------------------------------------------------------------------ run, replications, sweep
    "run_title": {"en": "yiwu-sim report: {name}", "zh": "yiwu-sim 报告：{name}"},
    "reps_title": {"en": "yiwu-sim replications: {name}", "zh": "yiwu-sim 重复实验：{name}"},
    "sweep_title": {"en": "yiwu-sim sweep", "zh": "yiwu-sim 参数扫描"},
    "author_description": {
        "en": "(the scenario author's description, in English) {text}",
        "zh": "（情景作者的英文说明，未翻译）{text}",
    },
    "run_intro": {
        "en": "Seed {seed}; {days} days from {a} to {b}; scale {scale}.",
        "zh": "随机种子 {seed}；共 {days} 天，自 {a} 至 {b}；规模 {scale}。",
    },
    "run_decisions": {
        "en": "Decided by other rules than the defaults: {rules} (docs/model.md); every other "
        "decision by its default rule.",
        "zh": "以下决策采用非默认规则：{rules}（见 docs/model.md）；其余决策均采用默认规则。",
    },
    "rule_kind:routing": {"en": "routing", "zh": "路径选择"},
    "rule_kind:loading": {"en": "loading", "zh": "装车顺序"},
    "rule_kind:rollover": {"en": "roll-over", "zh": "甩箱转运"},
    "rule_kind:production": {"en": "production", "zh": "生产"},
    "rule_kind:train_routing": {"en": "train routing", "zh": "列车绕行"},
    "rule_kind:dispatch": {"en": "dispatch of trains", "zh": "班列调度"},
    "rule_kind:pricing": {"en": "prices", "zh": "运价"},
    "rule_kind:repositioning": {"en": "empty boxes", "zh": "空箱调运"},
    "rule_kind:sailings": {"en": "carriers' sailings", "zh": "船公司航次"},
    "rule_kind:buyers": {"en": "buyers", "zh": "买家反应"},
    "rule_kind:engine": {"en": "engine", "zh": "引擎"},
    "run_basis": {
        "en": "Every count is of orders placed after the warm-up (from {a}, day {d}); shares "
        "are of those orders.",
        "zh": "所有计数均为预热期后（自 {a}，第 {d} 天起）下单的订单；比例均以这些订单计。",
    },
    # a run without a warm-up: "after the warm-up (from 1 Oct, day 0)" named a warm-up the
    # scenario does not have, where the command line said "no warm-up" (trial18)
    "run_basis_all": {
        "en": "No warm-up: every count is of all the orders placed (from {a}); shares are of "
        "those orders.",
        "zh": "无预热期：所有计数均为全部下单的订单（自 {a} 起）；比例均以这些订单计。",
    },
    "on_time_of": {"en": "{cat}: delivered by the deadline", "zh": "{cat}：截止日前送达"},
    "share_of": {"en": "{share} of {n}", "zh": "{n} 单中 {share}"},
    "trains_from_yiwu": {"en": "trains from Yiwu", "zh": "义乌发出班列"},
    "dispatch_row": {
        "en": "extra trains added / departures cancelled (dispatch policy)",
        "zh": "加开班列 / 取消班列（调度策略）",
    },
    "sailings_row": {
        "en": "sailings blanked round the festival / under-filled; extra loaders",
        "zh": "春节前后停航 / 因装载不足停航；加开船次",
    },
    "longest_wait": {
        "en": "longest mean border wait, h: {b}",
        "zh": "口岸平均等待最长（小时）：{b}",
    },
    "longest_wait_none": {"en": "longest mean border wait, h", "zh": "口岸平均等待最长（小时）"},
    "no_wait": {
        "en": "none: no train that crossed waited for a server",
        "zh": "无：已过境列车均无排队等待",
    },
    "safe_title": {
        "en": "Last safe order date: orders placed that day are delivered by the deadline in at "
        "least {pct} % of cases (a day with fewer than 10 orders is pooled with the following "
        "days; last_safe_order.csv). How sure: this is one simulated season, and the date moves by "
        "days from season to season. For the date that holds in 95 % of seasons run the "
        "scenario with replications (yiwu-sim run SCENARIO --replications 20): that report "
        "gives the conservative date beside the mean",
        "zh": "最晚安全下单日：当日下单的订单至少 {pct}% 能在截止日前送达（当日订单少于10单时与"
        "其后几天合并计算；见 last_safe_order.csv）。可信程度：这只是一个模拟季节，日期在季节之间"
        "会相差数天。要得到在95%的季节中都成立的日期，请用重复实验运行情景（yiwu-sim run 情景文件 "
        "--replications 20）：该报告会在均值旁给出保守日期",
    },
    "safe_title_none": {
        "en": "Last safe order date: none in this run. It is given for a deadline on a calendar "
        "date (the Spring Festival, a fixed date) with orders judged against it after the "
        "warm-up; a deadline a number of days after each order has no such date (each order is "
        "judged against its own: the on-time share is in the key figures), and a deadline after "
        "the run's end judges no order",
        "zh": "最晚安全下单日：本次运行无此项。该日期针对日历日期的截止日（春节、固定日期），且需有"
        "预热期后按其评判的订单；下单后若干天的截止日没有这样的日期（每单按自己的截止日评判：准时"
        "比例见主要指标），运行结束之后的截止日则不评判任何订单",
    },
    "safe_head_last": {"en": "last safe order date", "zh": "最晚安全下单日"},
    "days_before": {"en": "days before", "zh": "提前天数"},
    "in_time_that_day": {"en": "in time that day", "zh": "当日准时比例"},
    "day_after": {"en": "the day after", "zh": "次日"},
    "none_first_miss": {"en": "none: even the first miss", "zh": "无：最早的订单也迟到"},
    "few_orders": {
        "en": " (the orders placed from the first order day to this one, together: too few to "
        "judge a day alone)",
        "zh": "（自首个下单日至此日下单的订单合计：订单太少，无法逐日判断）",
    },
    "few_orders_note": {
        "en": "*: the orders placed from the first order day to this one, together (too few to "
        "judge a day alone).",
        "zh": "*：自首个下单日至此日下单的订单合计（订单太少，无法逐日判断）。",
    },
    "short_pool_note": {
        "en": "†: fewer than {n} orders from that day to the last order day, the share is of "
        "them alone: the date may be later than a safe one.",
        "zh": "†：自此日至最后一个下单日的订单不足 {n} 单，份额仅据这些订单计算："
        "日期可能晚于安全日期。",
    },
    "late_title": {
        "en": "Late orders: by deadline, order week, line and destination, the {k} largest of "
        "{n} groups (all in late_orders.csv)",
        "zh": "迟到订单：按截止日、下单周、线路与目的地统计，{n} 组中最大的 {k} 组"
        "（全部见 late_orders.csv）",
    },
    "late_title_all": {
        "en": "Late orders: by deadline, order week, line and destination, all {n} groups "
        "(also in late_orders.csv)",
        "en_one": "Late orders: by deadline, order week, line and destination, its {n} group "
        "(also in late_orders.csv)",
        "count": "n",
        "zh": "迟到订单：按截止日、下单周、线路与目的地统计，共 {n} 组（亦见 late_orders.csv）",
    },
    "late_title_none": {
        "en": "Late orders: none of the {n} orders judged by their deadline was late",
        "en_one": "Late orders: the {n} order judged by its deadline was not late",
        "count": "n",
        "zh": "迟到订单：按截止日判断的 {n} 笔订单均未迟到",
    },
    "late_title_unjudged": {
        "en": "Late orders: none could be judged, as no deadline falls within the run",
        "zh": "迟到订单：无从判断，运行期内没有截止日",
    },
    "late_title_unplaced": {
        "en": "Late orders: none could be judged, as no order with a deadline was placed after "
        "the warm-up",
        "zh": "迟到订单：无从判断，预热期后没有带截止日的订单",
    },
    "late_title_no_deadlines": {
        "en": "Late orders: none to judge, as no goods category has a deadline",
        "zh": "迟到订单：无可判断，没有任何商品类别设有截止日",
    },
    "order_week_from": {"en": "order week from", "zh": "下单周起始"},
    "late": {"en": "late", "zh": "迟到"},
    "of": {"en": "of", "zh": "总数"},
    "late_teu": {"en": "late TEU", "zh": "迟到 TEU"},
    "cap:network": {
        "en": "Rail lines along their paths (width: TEU carried) and border crossings (size: "
        "mean wait)",
        "zh": "铁路线路走向（线宽：运量 TEU）与口岸（大小：平均等待）",
    },
    "cap:last_order": {
        "en": "Last safe order date per deadline, line and destination",
        "zh": "按截止日、线路与目的地的最晚安全下单日",
    },
    "cap:late_orders": {
        "en": "Orders judged against a deadline and the late ones, by order week",
        "zh": "按下单周统计的有截止日订单及迟到订单",
    },
    "cap:on_time": {
        "en": "Delivered by the deadline, per deadline and destination",
        "zh": "按截止日与目的地的截止日前送达率",
    },
    "cap:teu_by_line": {
        "en": "TEU leaving Yiwu per week, by corridor and line",
        "zh": "每周义乌发运 TEU（按通道与线路）",
    },
    "cap:lead_time": {
        "en": "Lead time by destination and mode",
        "zh": "按目的地与运输方式的交货周期",
    },
    "cap:stages": {"en": "Where the time goes", "zh": "时间花在哪里"},
    "cap:queues": {
        "en": "Border queues per day (time average and peak)",
        "zh": "口岸每日排队（时间平均与峰值）",
    },
    "cap:border_waits": {"en": "Border waits", "zh": "口岸等待"},
    "cap:load_factor": {"en": "Load factor by line", "zh": "各线路装载率"},
    "cap:trains": {"en": "Trains per week", "zh": "每周班列"},
    "cap:buyers": {
        "en": "Buyers per day, the festival closure and the fairs",
        "zh": "每日采购商、春节休市与展会",
    },
    "cap:categories": {"en": "Orders and backorders by category", "zh": "各品类订单与缺货订单"},
    "cap:kpis": {
        "en": "Key figures: mean and 95 % interval across replications",
        "zh": "主要指标：各次重复的均值与95%区间",
    },
    "cap:last_order_reps": {
        "en": "Last safe order date: mean across replications and its 95 % interval",
        "zh": "最晚安全下单日：各次重复的均值及其95%区间",
    },
    "cap:kpis_one": {
        "en": "Key figures of the one replication (one run gives no interval)",
        "zh": "主要指标：仅 1 次重复（单次运行没有置信区间）",
    },
    "cap:last_order_one": {
        "en": "Last safe order date of the one replication (one run gives no interval)",
        "zh": "最晚安全下单日：仅 1 次重复（单次运行没有置信区间）",
    },
    "cap:sweep_kpis": {
        "en": "Key figures at each point: mean and 95 % interval",
        "zh": "各参数点的主要指标：均值与95%区间",
    },
    # a set run to a stated precision: the page said "16 replications" and never why 16, nor
    # the precision the command line printed (trial18)
    "precision_reached": {
        "en": "Run until the 95 % half-width was within its target (--precision {targets}): "
        "reached after {needed} replications and held for the {ahead} more of the look-ahead "
        "({run} run); now {widths} of the mean.",
        "zh": "运行至 95% 半宽达到目标（--precision {targets}）：{needed} 次重复后达到，"
        "并在前瞻检验的其后 {ahead} 次中保持（共运行 {run} 次）；现为 {widths}（相对均值）。",
    },
    "precision_not_reached": {
        "en": "Run until the 95 % half-width was within its target (--precision {targets}): "
        "NOT reached in {run} replications (--max-replications); now {widths} of the mean.",
        "zh": "运行至 95% 半宽达到目标（--precision {targets}）：{run} 次重复后仍未达到"
        "（--max-replications）；现为 {widths}（相对均值）。",
    },
    "precision_not_held": {
        "en": "Run until the 95 % half-width was within its target (--precision {targets}): "
        "NOT reached in {run} replications (--max-replications); now {widths} of the mean, "
        "within the target, but not held for the {ahead} more replications of the look-ahead.",
        "zh": "运行至 95% 半宽达到目标（--precision {targets}）：{run} 次重复后仍未达到"
        "（--max-replications）；现为 {widths}（相对均值），已在目标之内，但未能在前瞻检验的其后 "
        "{ahead} 次重复中保持。",
    },
    "reps_intro": {
        "en": "{n} replications of {name}; every value is the mean ± the 95 % half-width "
        "across replications (Student t). Every count is of orders placed after the warm-up.",
        "zh": "{name} 共 {n} 次重复；每个数值为各次重复的均值 ± 95% 半宽（Student t）。"
        "所有计数均为预热期后下单的订单。",
    },
    "reps_intro_one": {
        "en": "1 replication of {name}: one run gives no interval (run --replications 2 or more "
        "for one). Every count is of orders placed after the warm-up.",
        "zh": "{name} 仅 1 次重复：单次运行没有置信区间（如需区间，请用 --replications 2 或更多）。"
        "所有计数均为预热期后下单的订单。",
    },
    "reps_safe_none": {
        "en": "Last safe order date across replications: none in these replications. It is "
        "given for a deadline on a calendar date (the Spring Festival, a fixed date) with orders "
        "judged against it after the warm-up; a deadline a number of days after each order has "
        "no such date, and a deadline after the run's end judges no order",
        "zh": "各次重复的最晚安全下单日：这些重复中无此项。该日期针对日历日期的截止日（春节、固定"
        "日期），且需有预热期后按其评判的订单；下单后若干天的截止日没有这样的日期，运行结束之后的"
        "截止日则不评判任何订单",
    },
    "reps_incomplete": {
        "en": "This set is incomplete: {k} of its {n} replications have their summary (missing: "
        "{missing}); the last safe order dates below are of those {k} seasons. Run the same "
        "yiwu-sim run command with --replications {n} again: it runs the missing ones only.",
        "zh": "此组重复实验不完整：{n} 次重复中仅 {k} 次有摘要（缺少：{missing}）；"
        "下方最晚安全下单日仅据这 {k} 个季节。请以 --replications {n} "
        "再次运行相同的 yiwu-sim run 命令：只会补跑缺少的重复。",
    },
    "reps_safe": {
        "en": "Last safe order date across replications: the mean date ± 95 % half-width in "
        "days (replications with no safe day left out), and the conservative date: order by it "
        "and in at least 95 % of seasons at least {pct} % of that day's orders are delivered "
        "by the deadline (a one-sided prediction bound over the seasons simulated; seasons with no "
        "safe day count against it)",
        "zh": "各次重复的最晚安全下单日：平均日期 ± 95% 半宽（天；无安全日的重复不计入），以及"
        "保守日期：在此日前下单，至少95%的季节中当日订单至少 {pct}% 在截止日前送达（对所模拟季节"
        "的单侧预测界；无安全日的季节计为不满足）",
    },
    "reps_safe_one": {
        "en": "Last safe order date of the one replication: one run gives no interval, and the "
        "conservative date (order by it and in at least 95 % of seasons at least {pct} % of "
        "that day's orders are delivered by the deadline) needs at least 2 seasons; run "
        "--replications 2 or more for them",
        "zh": "仅 1 次重复的最晚安全下单日：单次运行没有置信区间；保守日期（在此日前下单，至少95%的"
        "季节中当日订单至少 {pct}% 在截止日前送达）至少需要 2 个季节；如需二者，请用 "
        "--replications 2 或更多",
    },
    "mean_date": {"en": "last safe order date (mean)", "zh": "最晚安全下单日（均值）"},
    "pm_days": {"en": "± days", "zh": "± 天"},
    "cons_date": {"en": "conservative date (95 % of seasons)", "zh": "保守日期（95%的季节）"},
    "sweep_intro": {
        "en": "Sweep over {params}; {n} replications per point, the same seeds at every point "
        "(common random numbers). Table: lead time mean ± 95 % half-width over the "
        "replications (Student t), days. Paired differences: each point against the first, "
        "replication by replication, the mean of the {n} differences ± their 95 % half-width "
        "(Student t).",
        "en_one": "Sweep over {params}; {n} replication per point. Table: lead time mean ± 95 % "
        "half-width, days.",
        "count": "n",
        "zh": "对 {params} 进行扫描；每个参数点 {n} 次重复，各参数点使用相同的随机种子"
        "（公共随机数）。表格：平均交货周期（天），各次重复的均值 ± 95% 半宽（Student t）。"
        "配对差值：各参数点与第一个参数点逐次重复配对，{n} 个差值的均值 ± 其 95% 半宽"
        "（Student t）。",
    },
    "warn_deadline": {
        "en": "{cat}: its deadline {due} falls after the run ends ({end}), so no {cat} order is "
        "judged against it; run at least {need} days (--set days={need}).",
        "zh": "{cat}：其截止日 {due} 在运行结束（{end}）之后，因此没有 {cat} 订单按此截止日评判；"
        "请至少运行 {need} 天（--set days={need}）。",
    },
    "warn_festival_list": {
        "en": "calendar.spring_festival lists {listed}, but the run ({a}–{b}) passes the Spring "
        "Festival of {missed} (the lunar calendar's), which it leaves out: the market does not "
        "close for it, and orders with a festival deadline placed before it get a later one or "
        "none; list it too, or leave the key out for the lunar calendar's dates.",
        "zh": "calendar.spring_festival 列出了 {listed}，但运行期（{a}–{b}）经过 {missed} 的春节"
        "（农历），该列表没有列入：市场不会为它休市，此前下的以春节为截止的订单截止日会更晚或没有"
        "截止日；请把它也列入，或删去此键以采用农历日期。",
    },
    "warn_disruption": {
        "en": "disruption of {id} ({a}–{b}): goods it held up arrive until about {clear}, after "
        "the run ends ({end}); the difference it makes is cut off — run at least {need} days "
        "(--set days={need}).",
        "zh": "{id} 的干扰（{a}–{b}）：受阻货物约在 {clear} 前陆续到达，晚于运行结束（{end}）；"
        "其影响被截断——请至少运行 {need} 天（--set days={need}）。",
    },
    "warn_open": {
        "en": "{n} orders ({teu} TEU) on lines through {id} that left Yiwu by the end of its "
        "disruption were still under way when the run ended.",
        "en_one": "{n} order ({teu} TEU) on lines through {id} that left Yiwu by the end of "
        "its disruption was still under way when the run ended.",
        "count": "n",
        "zh": "经过 {id} 的线路上，在干扰结束前离开义乌的 {n} 个订单（{teu} TEU）在运行结束时"
        "仍在途中。",
    },
    # ------------------------------------------------------------ the command line's run summary
    "cli:reps_intro": {
        "en": "{name}: {n} replications ({now} run now, {done} already complete), statistics "
        "from day {day}, mean ± 95 % half-width over the replications (Student t)",
        "zh": "{name}：{n} 次重复（本次运行 {now} 次，{done} 次已完成），自第 {day} 天起统计，"
        "各次重复的均值 ± 95% 半宽（Student t）",
    },
    "cli:reps_intro_one": {
        "en": "{name}: 1 replication ({now} run now, {done} already complete), statistics from "
        "day {day}; one run gives no interval (--replications 2 or more for one)",
        "zh": "{name}：1 次重复（本次运行 {now} 次，{done} 次已完成），自第 {day} 天起统计；"
        "单次运行没有置信区间（如需区间，请用 --replications 2 或更多）",
    },
    "cli:mean_hw": {"en": "mean ± 95 %", "zh": "均值 ± 95%"},
    "cli:sweep_intro": {  # (two counts, each its own form for one: count:* below)
        "en": "{points} x {reps} (common random numbers)",
        "zh": "{points} × {reps}（公共随机数）",
    },
    "cli:sweep_intro_ci": {  # (two or more replications: every cell has its interval)
        "en": "{points} x {reps} (common random numbers); mean ± 95 % half-width over the "
        "replications (Student t)",
        "zh": "{points} × {reps}（公共随机数）；各次重复的均值 ± 95% 半宽（Student t）",
    },
    # a share's difference is in percentage points, as the reports say in its cell ("points",
    # "个百分点"): the printed tables' "on time, %" column gave "5.6 ± 2.7 *" alone (trial18)
    "cli:sweep_diffs": {
        "en": "paired differences against {base}: mean ± 95 % half-width of the {n} "
        "differences, replication by replication (Student t); * = distinguishable from zero "
        "(95 %); a share's difference (%) is in percentage points",
        "zh": "与 {base} 的配对差值：逐次重复的 {n} 个差值的均值 ± 95% 半宽（Student t）；"
        "* 表示在95%水平上与零有显著差异；比例（%）的差值以百分点计",
    },
    "cli:cmp_intro": {
        "en": "{n} replications each with common random numbers; mean ± 95 % half-width over "
        "the replications (Student t); differences are paired against {base}, replication by "
        "replication, with the 95 % half-width of the {n} differences (Student t); * = "
        "distinguishable from zero (95 %); a share's difference (%) is in percentage points",
        "zh": "每个情景 {n} 次重复，使用公共随机数；各次重复的均值 ± 95% 半宽（Student t）；差值与 "
        "{base} 逐次重复配对，给出 {n} 个差值的 95% 半宽（Student t）；* 表示在95%水平上与零"
        "有显著差异；比例（%）的差值以百分点计",
    },
    "cli:placed": {"en": "orders placed", "zh": "下单数"},
    "cli:delivered": {"en": "  delivered by the end", "zh": "  期末已交付"},
    "cli:teu": {"en": "TEU ordered", "zh": "订购 TEU"},
    "cli:lost": {"en": "lost sales (placed elsewhere)", "zh": "流失订单（转往别处下单）"},
    "cli:lost_row": {
        "en": "{n} orders, {teu} TEU",
        "en_one": "{n} order, {teu} TEU",
        "count": "n",
        "zh": "{n} 单，{teu} TEU",
    },
    "cli:lead": {
        "en": "lead time (delivered), days: mean / p95",
        "zh": "交货周期（已交付，天）：均值 / 95分位",
    },
    "cli:by_mode": {"en": "  by {mode}: mean / p95", "zh": "  {mode}：均值 / 95分位"},
    "cli:stages": {"en": "where the time goes, days", "zh": "时间花在哪里（天）"},
    "cli:by_deadline": {"en": "delivered by the deadline", "zh": "截止日前送达"},
    "cli:share_of": {"en": "{pct} % of {n}{late}", "zh": "{n} 单中 {pct} %{late}"},
    "cli:late": {"en": ", {n} late", "zh": "，迟到 {n}"},
    "cli:safe": {"en": "  last safe order date, {cat}", "zh": "  最晚安全下单日，{cat}"},
    "cli:safe_few": {
        "en": "{line}: {n} orders",
        "en_one": "{line}: {n} order",
        "count": "n",
        "zh": "{line}：{n} 单",
    },
    "cli:safe_range": {
        "en": "{a} ({la}) .. {b} ({lb}); deadline {d}",
        "zh": "{a}（{la}）至 {b}（{lb}）；截止日 {d}",
    },
    "cli:how_sure": {
        "en": "  (one simulated season: for dates that hold in 95 % of seasons, run with "
        "--replications 20)",
        "zh": "  （仅一个模拟季节：要得到95%的季节都成立的日期，请加 --replications 20 运行）",
    },
    "cli:trains": {"en": "trains from Yiwu / TEU carried", "zh": "义乌发出班列 / 运量 TEU"},
    "cli:load": {"en": "train load factor, mean of lines", "zh": "班列装载率（各线路均值）"},
    "cli:dispatch": {"en": "trains by the dispatch policy", "zh": "调度策略调整的班列"},
    "cli:dispatch_row": {
        "en": "added {added}, cancelled {cancelled}",
        "zh": "加开 {added} 列，取消 {cancelled} 列",
    },
    "cli:sailings": {"en": "sailings by the carriers' policy", "zh": "船公司策略调整的航次"},
    "cli:sailings_row": {
        "en": "blanked {festival} round the festival and {fill} under-filled; extra loaders "
        "{added}",
        "zh": "春节前后停航 {festival} 个，装载不足停航 {fill} 个；加开 {added} 个",
    },
    "cli:box": {"en": "waited for a box", "zh": "等待集装箱"},
    "cli:box_row": {
        "en": "{n} orders, {still} still waiting at the end; Yiwu's pool at the end {pool} TEU",
        "en_one": "{n} order, {still} still waiting at the end; Yiwu's pool at the end {pool} TEU",
        "count": "n",
        "zh": "{n} 笔订单，结束时仍有 {still} 笔在等；结束时义乌箱池 {pool} TEU",
    },
    "cli:safe_none_on": {
        "en": "; none on {where}: even the first orders miss",
        "zh": "；{where} 无安全日：连最早的订单也迟到",
    },
    "cli:safe_none": {
        "en": "none: even the first orders miss, on {where}; deadline {d}",
        "zh": "无：连最早的订单也迟到，{where}；截止日 {d}",
    },
    "cli:and_more": {
        "en": "{some} and {n} more",
        "zh": "{some} 及另外 {n} 项",
    },
    "cli:safe_one": {
        "en": "{a} ({la}); deadline {d}",
        "zh": "{a}（{la}）；截止日 {d}",
    },
    "cli:wait": {
        "en": "longest mean border wait: mean / p95",
        "zh": "口岸平均等待最长：均值 / 95分位",
    },
    "cli:held": {
        "en": "held at a closed crossing at the end",
        "zh": "期末滞留于关闭口岸",
    },
    "cli:held_row": {
        "en": "{b}: {n} trains ({k} from Yiwu), waited {mean} h so far on average, longest "
        "{longest} h; reopens {date} (not in the borders table, which holds crossings finished)",
        "en_one": "{b}: {n} train ({k} from Yiwu), waited {mean} h so far, longest {longest} "
        "h; reopens {date} (not in the borders table, which holds crossings finished)",
        "count": "n",
        "zh": "{b}：{n} 列（义乌 {k} 列），平均已等 {mean} 小时，最长 {longest} 小时；"
        "{date} 重开（口岸表只记已完成的过境）",
    },
    "cli:queued": {
        "en": "queued at an open crossing at the end",
        "zh": "期末在开放口岸排队",
    },
    "cli:queued_row": {
        "en": "{b}: {n} trains ({k} from Yiwu) waiting for a server, every one busy, waited "
        "{mean} h so far on average, longest {longest} h (not in the borders table, which "
        "holds crossings finished)",
        "en_one": "{b}: {n} train ({k} from Yiwu) waiting for a server, every one busy, waited "
        "{mean} h so far, longest {longest} h (not in the borders table, which holds "
        "crossings finished)",
        "count": "n",
        "zh": "{b}：{n} 列（义乌 {k} 列）等待办理，通道均忙，平均已等 {mean} 小时，最长 "
        "{longest} 小时（口岸表只记已完成的过境）",
    },
    "cli:in_service_short": {  # (the printed summary's column of labels stays narrow)
        "en": "trains under way at the end",
        "zh": "期末在途班列",
    },
    "cli:in_service": {
        "en": "Yiwu trains under way at the end (left, not arrived)",
        "zh": "期末在途的义乌班列（已发出、未到达）",
    },
    "cli:in_service_row": {
        "en": "{trains}, {teu} TEU, {orders} aboard (by line: {lines}); the trains table's "
        "departures = arrivals + these{waiting}",
        "zh": "{trains}，{teu} TEU，载 {orders}（按线路：{lines}）；"
        "班列表中发出 = 到达 + 上述在途班列{waiting}",
    },
    "cli:in_service_waiting": {
        "en": "; {n} of them held or queued at a crossing (above)",
        "zh": "；其中 {n} 列在口岸滞留或排队（见上）",
    },
    "count:trains": {"en": "{n} trains", "en_one": "{n} train", "count": "n", "zh": "{n} 列"},
    "count:orders": {"en": "{n} orders", "en_one": "{n} order", "count": "n", "zh": "{n} 单"},
    "count:inputs": {"en": "{n} inputs", "en_one": "{n} input", "count": "n", "zh": "{n} 个输入"},
    "count:points": {"en": "{n} points", "en_one": "{n} point", "count": "n", "zh": "{n} 个点"},
    "count:sweep_points": {
        "en": "{n} points",
        "en_one": "{n} point",
        "count": "n",
        "zh": "{n} 个参数点",
    },
    "count:replications": {
        "en": "{n} replications",
        "en_one": "{n} replication",
        "count": "n",
        "zh": "{n} 次重复",
    },
    "count:runs": {"en": "{n} runs", "en_one": "{n} run", "count": "n", "zh": "{n} 次运行"},
    "count:decisions": {
        "en": "{n} decisions",
        "en_one": "{n} decision",
        "count": "n",
        "zh": "{n} 个方案",
    },
    "count:days": {"en": "{n} days", "en_one": "{n} day", "count": "n", "zh": "{n} 天"},
    "cli:co2": {
        "en": "CO2e, t / freight cost, USD m",
        "zh": "二氧化碳当量（吨）/ 运费（百万美元）",
    },
    "cli:above_base": {"en": "  of which above the base rates", "zh": "  其中超出基准运价部分"},
    "cli:events": {"en": "simulated events / wall time", "zh": "模拟事件数 / 用时"},
    "cli:head_all": {
        "en": "{name} (seed {seed}, {days} days from {start}, scale {scale}; no warm-up: every "
        "order placed is counted)",
        "zh": "{name}（随机种子 {seed}，自 {start} 起 {days} 天，规模 {scale}；"
        "无预热期：计入全部订单）",
    },
    "cli:head": {
        "en": "{name} (seed {seed}, {days} days from {start}, scale {scale}; counts of orders "
        "placed from day {day}, after the warm-up)",
        "zh": "{name}（随机种子 {seed}，自 {start} 起 {days} 天，规模 {scale}；计数为第 {day} "
        "天起、预热期后下单的订单）",
    },
    # ------------------------------------------------------------------ comparisons: why
    "why_no_tables": {
        "en": "{nodes} disrupted, but the replications kept no tables to explain from "
        "(--summaries-only).",
        "zh": "{nodes}受到干扰，但各次重复未保存明细表（--summaries-only），无法给出原因。",
    },
    "over_reps": {"en": "over {reps} replications", "zh": "{reps} 次重复合计"},
    "over_reps_one": {"en": "over 1 replication", "zh": "1 次重复"},
    "why_detoured": {
        "en": "{n} Yiwu trains ({over}) took another path round {nodes} during the "
        "disruption ({km} km more in all), so none came there between {lo} and {hi}.",
        "en_one": "{n} Yiwu train ({over}) took another path round {nodes} during the "
        "disruption ({km} km more), so none came there between {lo} and {hi}.",
        "count": "n",
        "zh": "{n} 列义乌班列（{over}）在{nodes}受干扰期间绕行（共多行驶 {km} 公里），"
        "因此 {lo}至{hi}期间没有班列到达该处。",
    },
    "why_also_detoured": {
        "en": "{n} more went round ({km} km more in all).",
        "zh": "另有 {n} 列绕行（共多行驶 {km} 公里）。",
    },
    "why_no_trains": {
        "en": "No Yiwu train reached {nodes} between {lo} and {hi}.",
        "zh": "{lo}至{hi}期间没有义乌班列到达{nodes}。",
    },
    "why_not_held": {
        "en": "{n} Yiwu trains ({over}) reached {nodes} between {lo} and "
        "{hi}; none waited there longer than usual.",
        "en_one": "{n} Yiwu train ({over}) reached {nodes} between {lo} and {hi}; it did not "
        "wait there longer than usual.",
        "count": "n",
        "zh": "{lo}至{hi}期间有 {n} 列义乌班列（{over}）到达{nodes}，均未比平常等待更久。",
    },
    "why_more": {"en": "... {n} more", "zh": "……另有 {n} 项"},
    "why_held_at_end": {
        "en": "{n} Yiwu trains ({over}) reached {nodes} and were still held "
        "there when the run ended, after waiting up to {d} days so far (they finished no "
        "crossing: summary.json's held_at_end).",
        "en_one": "{n} Yiwu train ({over}) reached {nodes} and was still held there when the "
        "run ended, after waiting up to {d} days so far (it finished no crossing: "
        "summary.json's held_at_end).",
        "count": "n",
        "zh": "{n} 列义乌班列（{over}）到达{nodes}，运行结束时仍滞留该处，"
        "至今最长已等 {d} 天（尚未完成过境：见 summary.json 的 held_at_end）。",
    },
    "why_queued_at_end": {
        "en": "{n} Yiwu trains ({over}) that reached {nodes} by the window's end were still "
        "waiting there for a server when the run ended (the crossing open, every server "
        "busy), after waiting up to {d} days so far (they finished no crossing: "
        "summary.json's queued_at_end).",
        "en_one": "{n} Yiwu train ({over}) that reached {nodes} by the window's end was still "
        "waiting there for a server when the run ended (the crossing open, every server "
        "busy), after waiting up to {d} days so far (it finished no crossing: "
        "summary.json's queued_at_end).",
        "count": "n",
        "zh": "{n} 列义乌班列（{over}）在干扰结束前到达{nodes}，运行结束时仍在该处等待办理"
        "（口岸开放，但通道均忙），至今最长已等 {d} 天（尚未完成过境：见 summary.json 的 "
        "queued_at_end）。",
    },
    "why_held": {
        "en": "{nodes} disrupted {lo} to {hi}: {trains} Yiwu trains ({over}) "
        "came in the window and waited {a} to {b} days there.",
        "en_one": "{nodes} disrupted {lo} to {hi}: {trains} Yiwu train ({over}) came in "
        "the window and waited {a} to {b} days there.",
        "count": "trains",
        "zh": "{nodes}在 {lo}至{hi}受到干扰：{trains} 列义乌班列（{over}）在此期间"
        "到达，并在该处等待 {a} 至 {b} 天。",
    },
    "why_backlog": {
        "en": "{n} more came after the reopening and queued in the backlog left behind, up to {d} "
        "days.",
        "zh": "另有 {n} 列在重新开放后到达，在积压中排队，最长 {d} 天。",
    },
    "why_margin": {
        "en": "The {n} orders with a deadline on board all still arrived in time, the closest "
        "{m} days before its deadline.",
        "en_one": "The {n} order with a deadline on board still arrived in time, {m} days "
        "before its deadline.",
        "count": "n",
        "zh": "其上 {n} 个有截止日的订单仍全部按时送达，最接近的一单也提前 {m} 天。",
    },
    "why_late": {
        "en": "Of the {n} orders with a deadline on board, {late} arrived late.",
        "en_one": "The {n} order with a deadline on board arrived late.",
        "count": "n",
        "zh": "其上 {n} 个有截止日的订单中有 {late} 个迟到。",
    },
    "why_rest_margin": {
        "en": "The others arrived at least {m} days before their deadline.",
        "en_one": "The other arrived at least {m} days before its deadline.",
        "count": "others",
        "zh": "其余订单至少提前 {m} 天送达。",
    },
    "why_already_late": {
        "en": "Besides, {n} orders were already past their deadline when their train reached "
        "the crossing: late whatever happened there.",
        "en_one": "Besides, {n} order was already past its deadline when its train reached the "
        "crossing: late whatever happened there.",
        "count": "n",
        "zh": "另有 {n} 个订单在班列到达该口岸时已过截止日：无论该处发生什么都会迟到。",
    },
    "why_no_deadline": {
        "en": "No order with a deadline was on board.",
        "zh": "这些班列上没有有截止日的订单。",
    },
    "why_settings": {"en": "The scenarios differ in: {s}.", "zh": "两个情景的差别：{s}。"},
    "why_seeds": {
        "en": "No setting differs: a difference this size is chance.",
        "zh": "设定没有差别：此差异来自随机性。",
    },
    "why_unmoved": {
        "en": "Unchanged although a disruption was applied:",
        "zh": "虽施加了干扰但没有变化：",
    },
    # ------------------------------------------------------------------ the plan's page
    "plan": {"en": "Plan", "zh": "计划"},
    "results": {"en": "results", "zh": "结果"},
    "answer": {"en": "Answer", "zh": "结论"},
    "recommended": {"en": "Recommended decision", "zh": "推荐方案"},
    "rec_guaranteed": {
        "en": "Selected with probability of correct selection at least {pcs}",
        "zh": "以至少 {pcs} 的正确选择概率选出",
    },
    "rec_declared": {
        "en": "Declared to meet the goal by the feasibility test; the selection among the "
        "cheaper ones ended with the budget, so the probability of correct selection is not "
        "guaranteed",
        "zh": "经可行性检验判定满足目标；更省方案之间的选择因预算用完而终止，正确选择概率不作保证",
    },
    "rec_bounds": {
        "en": "Meets the goal by the one-sided {pcs} bounds of all its {n} runs; the selection "
        "did not finish, so the probability of correct selection is not guaranteed",
        "en_one": "Meets the goal by the one-sided {pcs} bounds of its {n} run; the selection "
        "did not finish, so the probability of correct selection is not guaranteed",
        "count": "n",
        "zh": "根据全部 {n} 次运行的单侧 {pcs} 置信界满足目标；"
        "选择程序未完成，正确选择概率不作保证",
    },
    "rec_tie": {
        "en": "Costs the same as the selection's pick and meets the goal by the one-sided {pcs} "
        "bounds of all its {n} runs; the selection did not compare it, so the probability of "
        "correct selection is guaranteed for its pick, not for this decision",
        "en_one": "Costs the same as the selection's pick and meets the goal by the one-sided "
        "{pcs} bounds of its {n} run; the selection did not compare it, so the probability "
        "of correct selection is guaranteed for its pick, not for this decision",
        "count": "n",
        "zh": "与选择程序选出的方案成本相同，并根据全部 {n} 次运行的单侧 {pcs} 置信界满足目标；"
        "选择程序未对其进行比较，正确选择概率只对选出的方案作保证，不适用于本方案",
    },
    "rest_as_today": {"en": "everything else as in the scenario", "zh": "其余保持情景设定不变"},
    "all_as_today": {"en": "every decision as in the scenario", "zh": "所有决策保持情景设定"},
    "all_as_today_rec": {
        "en": "every decision as in the scenario (no change needed)",
        "zh": "所有决策保持情景设定（无需改变）",
    },
    # the header comment of a plan's recommended.yaml (sim.experiment.plan_answer)
    "rec:head": {
        "en": "Recommended by `yiwu-sim plan` from {source} (root seed {seed}):",
        "zh": "由 `yiwu-sim plan` 根据 {source} 推荐（根随机种子 {seed}）：",
    },
    "rec:sets": {"en": "with the plan's own {sets}", "zh": "并含本次规划自身的 {sets}"},
    "rec:guaranteed": {
        "en": "selected with probability of correct selection >= {pcs}",
        "zh": "以不低于 {pcs} 的正确选择概率选出",
    },
    "rec:tie": {
        "en": "costs the same as the selection's pick but the selection did not compare it: no "
        "probability of correct selection is guaranteed for it",
        "zh": "与选择程序选出的方案代价相同，但选择程序未与之比较：不保证其正确选择概率",
    },
    "rec:budget": {
        "en": "the budget ended before the selection could guarantee it",
        "zh": "预算在选择程序能够保证它之前已用完",
    },
    "rec:run": {
        "en": "Run it: yiwu-sim run <this file> --replications 10",
        "zh": "运行：yiwu-sim run <本文件> --replications 10",
    },
    # the scenario with the plan's own --set and the decision's (trial of issue 24: "or the
    # scenario with" the decision's alone ran another scenario than the plan's)
    "run_it": {
        "en": "Run it: yiwu-sim run {file} --replications 10, or the scenario: yiwu-sim run "
        "{scenario} {sets} --replications 10",
        "zh": "运行：yiwu-sim run {file} --replications 10，或运行情景：yiwu-sim run {scenario} "
        "{sets} --replications 10",
    },
    # a recommendation that changes nothing: no "--set" to add to the scenario (trial17)
    "run_it_file": {
        "en": "Run it: yiwu-sim run {file} --replications 10",
        "zh": "运行：yiwu-sim run {file} --replications 10",
    },
    # the scenario's own decision, recommended, with the kept values said (trial17: "every
    # decision as in the scenario (no change needed)" beside a --set of 2 trains a week)
    "all_kept_rec": {"en": "no change needed: {decisions}", "zh": "无需改变：{decisions}"},
    "kept_tail": {"en": ", as in the scenario", "zh": "，与情景相同"},
    # the recommended row of the trade-off's table: its search runs' means (the chart's) beside
    # the means over all its runs it was chosen on (trial17: 91.84 under an answer of 92.29 %)
    "front_rec_row": {"en": "recommended: {decision}", "zh": "推荐：{decision}"},
    "front_rec_value": {
        "en": "{v} ({all} over all its {n} runs)",
        "en_one": "{v} ({all} over its {n} run)",
        "count": "n",
        "zh": "{v}（全部 {n} 次运行：{all}）",
    },
    "front_rec_note": {
        "en": "The recommended row gives in brackets its means over all its {n} runs, those it "
        "was chosen on and the answer above gives (its search runs alone can fall on the other "
        "side of the goal).",
        "en_one": "The recommended row gives in brackets its means over its {n} run, those it "
        "was chosen on and the answer above gives.",
        "count": "n",
        "zh": "推荐方案一行括号内是其全部 {n} 次运行的均值，即选出它所依据、上方答案给出的数值"
        "（仅看其搜索运行，均值可能落在目标的另一侧）。",
    },
    "none_meets": {
        "en": "No evaluated decision is known to meet the goal.",
        "zh": "已评估的方案中没有已知满足目标的。",
    },
    "closest": {
        "en": "Closest: {decision} ({n} runs). {verdict}",
        "en_one": "Closest: {decision} ({n} run). {verdict}",
        "count": "n",
        "zh": "最接近的方案：{decision}（{n} 次运行）。{verdict}",
    },
    "closest_fails": {  # (only what the grid's runs show: values beyond it were not run)
        "en": "Its runs miss the goal at the stated confidence, and it is the closest of all "
        "{grid} decisions of the grid, every one evaluated: none in the grid reaches it; "
        "values beyond the grid were not run.",
        "en_one": "Its runs miss the goal at the stated confidence, and it is the grid's only "
        "decision: values beyond the grid were not run.",
        "count": "grid",
        "zh": "其运行结果在所述置信水平下未达到目标，且是网格全部 {grid} 个方案（均已评估）中"
        "最接近的：网格内没有方案能达到；网格之外的取值未运行。",
    },
    "closest_fails_part": {  # (grid > k: the verb agrees with k)
        "en": "Its runs miss the goal at the stated confidence; {k} of the {grid} decisions of "
        "the grid were evaluated (a larger --budget evaluates more).",
        "en_one": "Its runs miss the goal at the stated confidence; {k} of the {grid} decisions "
        "of the grid was evaluated (a larger --budget evaluates more).",
        "count": "k",
        "zh": "其运行结果在所述置信水平下未达到目标；网格中 {grid} 个方案只评估了 {k} 个"
        "（加大 --budget 可评估更多）。",
    },
    "closest_more": {
        "en": "About {more} more runs of it would settle whether it meets the goal "
        "(rerun the same command with --budget {budget}; finished runs are reused).",
        "en_one": "About {more} more run of it would settle whether it meets the goal (rerun "
        "the same command with --budget {budget}; finished runs are reused).",
        "count": "more",
        "zh": "大约再运行 {more} 次即可判定其是否满足目标（以 --budget {budget} 重新运行同一命令；"
        "已完成的运行会被复用）。",
    },
    "goal_method": {"en": "Goal and method", "zh": "目标与方法"},
    "goal": {"en": "Goal", "zh": "目标"},
    "fewest": {"en": "fewest {kpi}", "zh": "{kpi}最少"},
    "most": {"en": "most {kpi}", "zh": "{kpi}最多"},
    "lowest": {"en": "lowest {kpi}", "zh": "{kpi}最低"},
    "highest": {"en": "highest {kpi}", "zh": "{kpi}最高"},
    "at_least": {"en": "{kpi} at least {q} (tolerance {tol})", "zh": "{kpi}至少 {q}（容差 {tol}）"},
    "at_most": {"en": "{kpi} at most {q} (tolerance {tol})", "zh": "{kpi}至多 {q}（容差 {tol}）"},
    "runs_of_budget": {
        "en": "{runs} simulation runs of a budget of {budget}, {wall} s",
        "en_one": "{runs} simulation run of a budget of {budget}, {wall} s",
        "count": "runs",
        "zh": "共 {runs} 次模拟运行（预算 {budget} 次），用时 {wall} 秒",
    },
    "runs_of_budget_resumed": {
        "en": "{runs} simulation runs of a budget of {budget}: {computed} run now in {wall} s, "
        "{kept} kept from an earlier start of this plan",
        "en_one": "{runs} simulation run of a budget of {budget}: {computed} run now in {wall} "
        "s, {kept} kept from an earlier start of this plan",
        "count": "runs",
        "zh": "共 {runs} 次模拟运行（预算 {budget} 次）：本次运行 {computed} 次，用时 {wall} 秒；"
        "{kept} 次沿用此前启动时已完成的运行",
    },
    "search_exhaustive": {  # (two counts: k said by count:decisions)
        "en": "Search: every one of {k}, {n} runs each",
        "en_one": "Search: every one of {k}, {n} run each",
        "count": "n",
        "counts": "k=decisions",
        "zh": "搜索：全部 {k}，每个运行 {n} 次",
    },
    "search_tpe": {  # (two counts: k said by count:decisions)
        "en": "Search: TPE search (Optuna) over {k}, {n} runs each",
        "en_one": "Search: TPE search (Optuna) over {k}, {n} run each",
        "count": "n",
        "counts": "k=decisions",
        "zh": "搜索：TPE 搜索（Optuna），共 {k}，每个运行 {n} 次",
    },
    "selection_line": {
        "en": "Selection: feasibility test (Andradottir-Kim) and KN with common random "
        "numbers; probability of correct selection {pcs}; indifference zone {delta}; first "
        "stage {n0} runs; {rounds} selections of contenders, up to {r} selection runs a "
        "contender",
        "en_one": "Selection: feasibility test (Andradottir-Kim) and KN with common random "
        "numbers; probability of correct selection {pcs}; indifference zone {delta}; first "
        "stage {n0} runs; {rounds} selection of contenders, up to {r} selection runs a "
        "contender",
        "count": "rounds",
        "zh": "选择：可行性检验（Andradottir-Kim）与 KN，使用公共随机数；正确选择概率 {pcs}；"
        "无差异区间 {delta}；第一阶段 {n0} 次运行；共 {rounds} 次候选方案选择，每个候选方案"
        "至多 {r} 次选择运行",
    },
    "selection_line_none": {
        "en": "Selection: feasibility test (Andradottir-Kim) and KN with common random "
        "numbers; probability of correct selection {pcs}; indifference zone {delta}; first "
        "stage {n0} runs; no selection runs",
        "zh": "选择：可行性检验（Andradottir-Kim）与 KN，使用公共随机数；正确选择概率 {pcs}；"
        "无差异区间 {delta}；第一阶段 {n0} 次运行；未进行选择运行",
    },
    "contenders": {"en": "Contenders and why they lost", "zh": "候选方案及落选原因"},
    "contenders_note": {
        "en": "KPIs over all of each decision's runs (search and selection), mean [95 % interval].",
        "zh": "各方案全部运行（搜索与选择）的指标：均值 [95% 区间]。",
    },
    "others": {"en": "Other decisions of the search", "zh": "搜索中的其他方案"},
    "others_note": {"en": "KPIs over the search runs.", "zh": "搜索阶段运行的指标。"},
    "tradeoff": {"en": "Trade-off: {x} against {y}", "zh": "权衡：{x} 与 {y}"},
    "tradeoff_note": {
        "en": "Each dot a decision (means of its {n} search runs); red: the Pareto front; "
        "dashed: the goal; ringed: the recommendation.",
        "en_one": "Each dot a decision (its {n} search run); red: the Pareto front; dashed: "
        "the goal; ringed: the recommendation.",
        "count": "n",
        "zh": "每个点为一个方案（其 {n} 次搜索运行的均值）；红色：帕累托前沿；虚线：目标；"
        "圆圈：推荐方案。",
    },
    "tradeoff_note_settled": {  # (m > n: the recommendation had runs besides its search's)
        "en": "Each dot a decision (means of its {n} search runs, the same number for every "
        "decision); red: the Pareto front; dashed: the goal; ringed: the recommendation, and "
        "the blue diamond: the recommendation over all its {m} runs, the means the answer "
        "above gives.",
        "en_one": "Each dot a decision (its {n} search run, the same number for every "
        "decision); red: the Pareto front; dashed: the goal; ringed: the recommendation, and "
        "the blue diamond: the recommendation over all its {m} runs, the means the answer "
        "above gives.",
        "count": "n",
        "zh": "每个点为一个方案（其 {n} 次搜索运行的均值，各方案运行次数相同）；"
        "红色：帕累托前沿；虚线：目标；圆圈：推荐方案；"
        "蓝色菱形：推荐方案全部 {m} 次运行的均值，即上方答案所用的均值。",
    },
    "tradeoff_note_none": {
        "en": "Each dot a decision (means of its {n} search runs); red: the Pareto front; "
        "dashed: the goal.",
        "en_one": "Each dot a decision (its {n} search run); red: the Pareto front; dashed: "
        "the goal.",
        "count": "n",
        "zh": "每个点为一个方案（其 {n} 次搜索运行的均值）；红色：帕累托前沿；虚线：目标。",
    },
    "tradeoff_note_closest": {
        "en": "Each dot a decision (means of its {n} search runs); red: the Pareto front; "
        "dashed: the goal; ringed: the closest decision (none is known to meet the goal).",
        "en_one": "Each dot a decision (its {n} search run); red: the Pareto front; dashed: "
        "the goal; ringed: the closest decision (none is known to meet the goal).",
        "count": "n",
        "zh": "每个点为一个方案（其 {n} 次搜索运行的均值）；红色：帕累托前沿；虚线：目标；"
        "圆圈：最接近目标的方案（没有已知满足目标的方案）。",
    },
    "tradeoff_table": {
        "en": "The table lists the decisions of the Pareto front (every decision evaluated "
        "is in the tables further down).",
        "zh": "下表列出帕累托前沿上的方案（全部已评估方案见后面的表格）。",
    },
    # a front row that looked worse on both axes at the usual decimals (trial of issue 24)
    "front_places": {
        "en": "A column shows more decimals than the tables below where fewer would make a "
        "decision of the front look worse than another on both axes, which no decision of the "
        "front is.",
        "zh": "若按通常的小数位数显示会使前沿上的某个方案看起来在两个坐标上都不如另一个方案，"
        "该列便多显示几位小数：前沿上没有任何方案在两个坐标上都不如另一个方案。",
    },
    "tradeoff_settled": {
        "en": "the recommendation over all its {n} runs",
        "en_one": "the recommendation over its {n} run",
        "count": "n",
        "zh": "推荐方案全部 {n} 次运行",
    },
    "decision": {"en": "decision", "zh": "方案"},
    "role": {"en": "role", "zh": "角色"},
    "runs": {"en": "runs", "zh": "运行次数"},
    "why": {"en": "why", "zh": "原因"},
    "kpi": {"en": "KPI", "zh": "指标"},
    "mean_ci": {"en": "mean [95 %]", "zh": "均值 [95%]"},
    "lower_bound_of": {"en": "{kpi}: one-sided {pcs} bound", "zh": "{kpi}：单侧 {pcs} 置信界"},
    "role:recommended": {"en": "recommended", "zh": "推荐"},
    "role:contender": {"en": "contender", "zh": "候选"},
    "role:search": {"en": "search", "zh": "搜索"},
    "why:recommended": {
        "en": "the cheapest decision known to meet the goal",
        "zh": "已知满足目标的最省方案",
    },
    "why:same_cost": {
        "en": "meets the goal at the same cost as the recommendation (a tie: of tied decisions "
        "the plan recommends the smallest change to the scenario)",
        "zh": "满足目标，成本与推荐方案相同（并列：并列时推荐对情景改动最小的方案）",
    },
    "why:dearer": {
        "en": "meets the goal, but costs more than the recommendation",
        "zh": "满足目标，但比推荐方案成本更高",
    },
    "why:fails": {
        "en": "misses: {kpi} (after {r} runs)",
        "en_one": "misses: {kpi} (after {r} run)",
        "count": "r",
        "zh": "未达标：{kpi}（{r} 次运行后）",
    },
    "why:worse": {
        "en": "{kpi} worse than a decision that meets the goal, by more than the indifference "
        "zone (after {r} runs)",
        "en_one": "{kpi} worse than a decision that meets the goal, by more than the "
        "indifference zone (after {r} run)",
        "count": "r",
        "zh": "{kpi}比一个满足目标的方案差，且超出无差异区间（{r} 次运行后）",
    },
    "why:undecided": {
        "en": "undecided: about {more} more runs would settle it",
        "en_one": "undecided: about {more} more run would settle it",
        "count": "more",
        "zh": "未定：大约再运行 {more} 次可判定",
    },
    "departures_unit": {"en": "departures", "zh": "列"},
    "points": {"en": "points", "zh": "个百分点"},
    "pp": {"en": "pp", "zh": "个百分点"},  # (a share's half-width, in a replication set's table)
    "today": {"en": "today's timetable", "zh": "现行时刻表"},
    "as_scenario": {"en": "as in the scenario", "zh": "情景原设定"},
    "a_week": {"en": "{n} a week", "zh": "每周 {n} 列"},
    "in_window": {"en": "{n} departures in the window", "zh": "窗口内 {n} 列"},
    "in_run": {"en": "{n} in the {d}-day run", "zh": "{d} 天内共 {n} 列"},
    "in_run_published": {"en": "{n} published in the {d}-day run", "zh": "{d} 天内时刻表共 {n} 列"},
    "after_warmup_count": {"en": ", {n} after the warm-up", "zh": "，预热期后 {n} 列"},
    "what:departures": {"en": "departures", "zh": "发车"},
    "what:train capacity": {"en": "train capacity", "zh": "列车容量"},
    "what:servers": {"en": "servers", "zh": "作业线"},
    "what:dwell": {"en": "dwell", "zh": "停留时间"},
    "what:announced": {"en": "announced", "zh": "公布时间"},
    "what:end announced": {"en": "end announced", "zh": "结束时间公布于"},
    "what:expected days": {"en": "days expected until the end is told", "zh": "结束前预期天数"},
    "what:capacity teu": {"en": "capacity, TEU", "zh": "每班容量（TEU）"},
    "what:trains per week": {"en": "trains per week", "zh": "每周班列数"},
    "what:rail share": {"en": "rail share", "zh": "铁路份额"},
    "what:sailings per week": {"en": "sailings per week", "zh": "每周航次数"},
    "what:service h": {"en": "service time, h", "zh": "作业时间（小时）"},
    # a setting a comparison's reasons name in words (sim.output.explain_settings), its key
    # path beside them
    "set:days": {"en": "run length, days", "zh": "运行天数"},
    "set:warmup_days": {"en": "warm-up, days", "zh": "预热天数"},
    "set:start": {"en": "start date", "zh": "开始日期"},
    "set:scale": {"en": "scale", "zh": "规模"},
    "set:buyers.visits_per_day": {"en": "buyer visits a day", "zh": "每日外商到访人次"},
    "set:buyers.in_scope_share": {
        "en": "share of buyers in the model's scope",
        "zh": "纳入模型的外商比例",
    },
    "set:market.merchants": {"en": "merchants", "zh": "商户数"},
    "set:destination_share": {"en": "buyers' share for {place}", "zh": "{place}的外商份额"},
    "set:disruptions": {"en": "disruptions", "zh": "干扰"},
}
"""Every interface string, ``key -> {"en": text, "zh": text}``."""

TERMS: tuple[str, ...] = (
    "pcs",
    "indifference",
    "first_stage",
    "kn",
    "ak",
    "tolerance",
    "one_sided",
    "crn",
    "pareto",
    "tpe",
)
"""The statistical terms a plan report explains, in this order (``key`` and ``key_def``)."""

GLOSSARY.update(MESSAGES)  # the command line's warnings and errors: one catalogue
GLOSSARY.update(COMMANDS)  # the tool commands' words and argparse's frame
GLOSSARY.update(HELP)  # --help in Chinese
GLOSSARY.update(CHECKS)  # the rarer wordings of a scenario's problems
for _code, _english in ENGLISH.items():  # the checks' own English, written once
    GLOSSARY[_code] = {**GLOSSARY.get(_code, {}), "en": _english}
for _code, (_count, _one) in ENGLISH_ONE.items():  # and its form for a count of one
    GLOSSARY[_code].update(en_one=_one, count=_count)


PLURAL_KEYS = ("count", "en_one", "zh_one", "counts")
"""The keys of an entry besides its languages: ``count`` names the field whose number chooses
the form, ``en_one`` is the English for a count of one (see :func:`form`; ``zh_one``, the
Chinese, where a range of one thing would read oddly: "rep-002 .. rep-002"); ``counts`` names the
message's other counts, each said by a ``count:`` entry of its own (see :func:`counted`)."""

_WRITTEN_COUNT = re.compile(r"\d[\d,]*")
"""A count already written out ("1", "1,204"): said by its ``count:`` entry as a number is."""


def counted(entry: dict[str, str], lang: str, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with each of the entry's other counts in words with its noun, in ``lang``.

    One form per message chooses for one count only (``count``, ``en_one``); a message with
    two or more counts that may each be one ("every one of 1 decision, 3 runs each") names
    the others in ``counts``, ``"field=name ..."``, and each such field is said by the
    glossary's ``count:name`` entry ("{n} decisions", "{n} decision", "{n} 个方案"), the way
    gettext says each count of a sentence with its own ``ngettext``; its template holds the
    whole phrase ("every one of {k}"). A value that is not a count (a message read back
    from its English has the phrase already) is left as it is.
    """
    out = dict(fields)
    for pair in entry.get("counts", "").split():
        name, _, what = pair.partition("=")
        value = fields.get(name)
        number = isinstance(value, numbers.Real) and not isinstance(value, bool)
        if number or (isinstance(value, str) and _WRITTEN_COUNT.fullmatch(value.strip())):
            out[name] = term(f"count:{what}", lang, n=value)
    return out


def is_one(value: Any) -> bool:
    """Whether a count reads as one: the number 1 (Python's or NumPy's) or the text "1" (a
    count already written out; not "1.0", "1,000" or "01", which English says with a plural
    noun)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        return value.strip() == "1"
    # a number of any type (NumPy's too: np.int64(1) read as plural); a template that writes
    # a float writes it rounded ("{n:.0f}")
    return isinstance(value, numbers.Real) and value == 1


def form(entry: dict[str, str], lang: str, fields: dict[str, Any]) -> str:
    """The form of a glossary ``entry`` in ``lang`` for its count, as gettext's ``ngettext``
    chooses between a message's singular and plural: when the entry names a ``count`` field
    and that field is one (:func:`is_one`), the language's form for one (``en_one``: "1 Yiwu
    train ... was still held") if it has one, else its only form (Chinese has no plural:
    "1 列义乌班列"). A language the entry lacks is said in English, its form for one included.
    """
    if lang not in entry or not entry[lang]:
        lang = "en"
    count = entry.get("count")
    if count is not None and is_one(fields.get(count)):
        return entry.get(f"{lang}_one") or entry[lang]
    return entry[lang]


def term(key: str, lang: str = "en", **fields: Any) -> str:
    """The text of ``key`` in ``lang`` (English when it has no translation; the key itself when
    it is unknown), with ``fields`` filled in; an entry that counts says a count of one in the
    singular, verb included (:func:`form`), and each of its other counts too (:func:`counted`)."""
    entry = GLOSSARY.get(key)
    text = key if entry is None else form(entry, lang, fields)
    if entry is not None and "counts" in entry:  # its other counts, each in its own form
        fields = counted(entry, lang, fields)
    return text.format(**fields) if fields else text


def category_name(cat: str, lang: str = "en") -> str:
    """A goods category in words: the glossary's name for a category it knows (the shipped
    scenarios'), else the scenario's own name, as written, in every language (never the
    glossary key ``cat:<name>`` that :func:`term` returns for a key it does not know)."""
    key = f"cat:{cat}"
    return term(key, lang) if key in GLOSSARY else cat


def glossary_rows(lang: str = "en", keys: tuple[str, ...] = TERMS) -> list[tuple[str, str]]:
    """(term, definition) pairs for a report's glossary section."""
    return [(term(k, lang), term(f"{k}_def", lang)) for k in keys]


def kpi_name(kpi: str, lang: str = "en") -> str:
    """A KPI key of ``summary.json`` in words (``on_time.by_category.festival_goods.share`` ->
    "festival goods on time, %"); the key when it has no name."""
    if f"kpi:{kpi}" in GLOSSARY:
        return term(f"kpi:{kpi}", lang)
    parts = kpi.split(".")

    def spaced(x: str) -> str:
        # the Chinese names follow the place or goods with no space ("布列斯特（BRE）平均等待",
        # "春节用品准时率"); a name of Latin letters (a category of one's own) keeps one
        return x + " " if lang == "zh" and x[-1:].isascii() and x[-1:].isalnum() else x

    if len(parts) == 3 and parts[0] == "borders" and parts[2] == "wait_h_mean":
        return term("kpi:borders.{x}.wait_h_mean", lang, x=spaced(crossing_name(parts[1], lang)))
    if len(parts) == 4 and parts[0] == "on_time" and parts[3] == "share":
        x = parts[2]
        if parts[1] == "by_category":
            x = category_name(x, lang) if f"cat:{x}" in GLOSSARY else x.replace("_", " ")
            x = spaced(x)
        return term(f"kpi:on_time.{parts[1]}.{{x}}.share", lang, x=x)
    return kpi


def crossing_name(code: str, lang: str = "en") -> str:
    """``Malaszewicze (MAL)`` for ``MAL`` (``马拉舍维奇（MAL）`` in Chinese): the network's name
    in ``lang`` beside the code (the code alone when the network does not know it);
    ``Khorgos (Horgos, HRG)`` for a name with brackets of its own."""
    try:
        from sim.world.network import load_network

        node = load_network().nodes.get(code)
    except Exception:  # a report of a run made with other data: the code alone
        node = None
    if node is None:
        return code
    name = node.name_in(lang)
    # a name that ends in brackets of its own takes the code inside them ("Khorgos (Horgos,
    # HRG)"): two pairs in a row read as two asides
    if lang == "zh":
        return f"{name[:-1]}，{code}）" if name.endswith("）") else f"{name}（{code}）"
    return f"{name[:-1]}, {code})" if name.endswith(")") else f"{name} ({code})"


def is_share(kpi: str) -> bool:
    """Shares are shown in % everywhere."""
    return kpi.endswith(".share") or kpi.endswith("_share")


_COUNTS = frozenset(("departures", "orders", "late", "n", "crossings", "yiwu_trains",
                     "trains_added", "trains_cancelled", "on_time", "delivered", "placed",
                     "placed_after_warmup", "delivered_after_warmup", "backordered_after_warmup",
                     "buyer_visits",
                     "rail_departures", "trains", "added", "blanked_festival", "blanked_min_fill",
                     "enlarged", "extra_slots", "eastbound_trains", "westbound_trains",
                     "orders_waited_for_box", "orders_waiting_for_box_at_end"))  # fmt: skip
# lost_sales.by_category.<category> counts orders (on_time.by_category.<category>.* is deeper)
_COUNT_GROUPS = frozenset(("added_by_line", "cancelled_by_line", "at_end", "at_end_after_warmup",
                           "by_category"))  # fmt: skip


def is_count(kpi: str) -> bool:
    """Whether ``kpi`` counts things (departures, orders, trains: "fewest"), not a quantity
    (a cost, a time, a share: "lowest")."""
    parts = kpi.split(".")
    return parts[-1] in _COUNTS or (len(parts) > 1 and parts[-2] in _COUNT_GROUPS)


def objective_words(sense: str, kpi: str, lang: str = "en") -> str:
    """A plan's objective in words: "fewest departures", "lowest freight cost, USD m"."""
    if is_count(kpi):
        key = "fewest" if sense == "min" else "most"
    else:
        key = "lowest" if sense == "min" else "highest"
    return term(key, lang, kpi=kpi_name(kpi, lang))


FREIGHT = "emissions_cost.cost_usd_total"
"""The season's freight bill: USD in ``summary.json``, USD m wherever a person reads it."""

ABOVE_BASE = "emissions_cost.disruption_usd_total"
"""Of the freight bill, the part above the base rates (live prices): USD m as the bill is."""


def kpi_scale(kpi: str) -> float:
    """The factor from ``summary.json``'s unit to the unit shown (fractions to %, kg to t, the
    freight bill's USD to USD m, as every report and table shows it)."""
    if is_share(kpi):
        return 100.0
    if kpi.endswith("_kg_total") or kpi.endswith("co2e_kg"):
        return 0.001
    if kpi in (FREIGHT, ABOVE_BASE):
        return 1e-6
    return 1.0
