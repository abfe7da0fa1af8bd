"""The command line's messages (warnings, errors, notes) in English and Chinese, merged into
:data:`sim.output.glossary.GLOSSARY`: one catalogue for every word a reader meets, whatever
prints it.

A message raised or returned by the library is built with :func:`sim.output.saying.said`:
it is the English text (what a notebook or a log shows), and it keeps its glossary key and
fields, so that the command line, which knows ``--lang``, says it again in the reader's language
(:func:`sim.output.saying.in_lang`). A key path, a value given and a list of what is allowed
are fields: they read the same in both languages, so an error stays one line that names them.
"""

from __future__ import annotations

from typing import Any


class Said(str):
    """An English message that remembers its glossary ``key`` and ``fields``.

    It is a ``str`` (every caller that joins, cuts or prints it sees the English text); a
    caller that knows the reader's language renders it again from the key and fields.
    """

    key: str
    fields: dict[str, Any]

    def __new__(cls, key: str, text: str, fields: dict[str, Any]) -> Said:
        obj = super().__new__(cls, text)
        obj.key = key
        obj.fields = fields
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # errors may cross to and from worker processes
        return (Said, (self.key, str(self), self.fields))


MESSAGES: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ frames
    "cli:warning": {"en": "warning: {text}", "zh": "警告：{text}"},
    "cli:error": {"en": "error: {text}", "zh": "错误：{text}"},
    "cli:invalid": {
        "en": "invalid scenario {source}: {n} problems",
        "en_one": "invalid scenario {source}: {n} problem",
        "count": "n",
        "zh": "情景 {source} 无效：{n} 个问题",
    },
    "cli:invalid_option": {
        "en": "invalid {source}: {n} problems",
        "en_one": "invalid {source}: {n} problem",
        "count": "n",
        "zh": "{source} 有误：{n} 个问题",
    },
    "cli:invalid_nosource": {
        "en": "invalid scenario: {n} problems",
        "en_one": "invalid scenario: {n} problem",
        "count": "n",
        "zh": "情景无效：{n} 个问题",
    },
    "cli:interrupted": {
        "en": "interrupted: finished runs are kept; the same command again continues where it "
        "stopped",
        "zh": "已中断：已完成的运行会保留；再次执行同一命令即可从中断处继续",
    },
    "cli:interrupted_report": {
        "en": "interrupted while writing the report; the run is complete in {folder}: "
        "`yiwu-sim report {folder}` writes its report",
        "zh": "写报告时被中断；运行已完整保存在 {folder}：`yiwu-sim report {folder}` 可生成其报告",
    },
    "cli:oom": {
        "en": "out of memory; lower scale, days or buyers.visits_per_day (or --jobs), or free "
        "memory",
        "zh": "内存不足；请调低 scale、days 或 buyers.visits_per_day（或 --jobs），或释放内存",
    },
    "cli:report_done": {"en": "report: {path}", "zh": "报告：{path}"},
    # ------------------------------------------------------------------ warnings
    "cli:warn_precision_only": {
        "en": "{flag} applies with --precision only (its sequential rule); the runs made are "
        "--replications N, or one",
        "zh": "{flag} 只在使用 --precision 时生效（其序贯规则）；实际运行次数为 --replications N，"
        "未给出时为一次",
    },
    "cli:warn_summaries_single": {
        "en": "--summaries-only applies to replications (--replications N or --precision); a "
        "single run writes every table",
        "zh": "--summaries-only 只用于重复运行（--replications N 或 --precision）；单次运行会写出"
        "全部表格",
    },
    "cli:warn_named": {"en": "{which}: {text}", "zh": "{which}：{text}"},
    "warn_capacity": {
        "zh": "线路 {lid}（{name}）每周约有 {demand} TEU 货物，但其每周 {per_week} 班只能运约 "
        "{capacity} TEU：货物会在义乌排队，且队列在整个运行期间不断增长",
    },
    "warn_capacity_suspended": {
        "zh": "线路 {lid}（{name}）每周约有 {demand} TEU 货物，但计入其中断后，本次运行中一班也"
        "不开：其货物在义乌一直等到运行结束",
    },
    "warn_capacity_disrupted": {
        "zh": "线路 {lid}（{name}）每周约有 {demand} TEU 货物，但计入其中断后，整个运行期间平均"
        "每周仅 {per_week} 班，只能运约 {capacity} TEU：货物会在义乌排队等待",
    },
    "warn_capacity_dispatch": {
        "zh": "线路 {lid}（{name}）每周约有 {demand} TEU 货物，超过其每周 {per_week} 个公布班次的"
        "运力（约 {capacity} TEU）；按需调度每周最多可加开 {extra} 班（合计约 {with_extra} TEU）："
        "货物会在义乌等待加开的班列",
    },
    "warn_capacity_beyond_dispatch": {
        "zh": "线路 {lid}（{name}）每周约有 {demand} TEU 货物，但其每周 {per_week} 班只能运约 "
        "{capacity} TEU，加上按需调度每周最多可加开的 {extra} 班也只有约 {with_extra} TEU："
        "货物会在义乌排队，且队列在整个运行期间不断增长",
    },
    "warn_capacity_own_dispatch": {
        "zh": "线路 {lid}（{name}）每周约有 {demand} TEU 货物，超过其每周 {per_week} 个公布班次的"
        "运力（约 {capacity} TEU）；调度策略 {rule} 会加开或取消多少班列，运行前无法计算：除非它"
        "加开班列，货物会在义乌排队",
    },
    "warn_capacity_sailings": {
        "zh": "海运线路 {lid}（{name}）每周约有 {demand} TEU 货物，超过其每周 {per_week} 个"
        "公布航次的运力（约 {capacity} TEU）；按船公司的航次策略合计约 {with_extra} TEU——该策略"
        "{changes}；货物会在 {port} 等待其增加的舱位",
    },
    "warn_capacity_beyond_sailings": {
        "zh": "海运线路 {lid}（{name}）每周约有 {demand} TEU 货物，但其每周 {per_week} 个航次"
        "只能运约 {capacity} TEU，按船公司的航次策略也只有约 {with_extra} TEU——该策略{changes}；"
        "货物会在 {port} 排队，且队列在整个运行期间不断增长",
    },
    "warn_capacity_blanked_sailings": {
        "zh": "海运线路 {lid}（{name}）每周约有 {demand} TEU 货物；其每周 {per_week} 个公布航次"
        "可运约 {capacity} TEU，但按船公司的航次策略，整个运行期间平均只有约 {with_extra} TEU——"
        "该策略{changes}；航次取消期间货物会在 {port} 排队，运行结束时可能仍在等待",
    },
    "warn_capacity_own_sailings": {
        "zh": "海运线路 {lid}（{name}）每周约有 {demand} TEU 货物，超过其每周 {per_week} 个"
        "公布航次的运力（约 {capacity} TEU）；航次策略 {rule} 会取消或增加多少舱位，运行前无法"
        "计算：除非它增加舱位，货物会在 {port} 排队",
    },
    "sail:upsize": {"zh": "可让每个航次多装约 {upsize} TEU（换用更大的船）"},
    "sail:extra": {"zh": "每周最多可加开 {extra} 个加班船"},
    "sail:blank": {
        "zh": "会在春节窗口的 {window} 个航次中取消约 {blanked} 个（整个运行期间平均每周少约 "
        "{blanked_teu} TEU）",
    },
    "sail:and2": {"zh": "{a}，并{b}"},
    "sail:and3": {"zh": "{a}，{b}，并{c}"},
    "warn_unread": {
        "zh": "{setting} 设为 {value}，但 {rule_key} 是 {rule}，该规则不读取它（只有 {readers} "
        "读取）：它在本次运行中不起作用",
    },
    "warn_unread_any": {
        "zh": "{setting} 设为 {value}，但模型中没有任何规则读取它（{why}）：它在本次运行中不起作用",
    },
    "warn_end_told_late": {
        "zh": "{setting} 设为 {value}，晚于干扰结束的时刻（{over}）：干扰结束时即为人所知"
        "（列车重新通行），因此决策只预期它持续到那时",
    },
    "unread:carried": {"zh": "绕行的额外里程和转运的重新订舱费用由承运人和货代承担，不向订单收取"},
    "warn_boxes_run_out": {
        "zh": "义乌箱池 {pool} TEU（满规模 {full}）在本次运行中没有箱子回流（没有回程班列，空箱调运"
        "规则为 'none'）：按每周约 {teu_week} TEU 的订货量，约 {days} 天后（共 {run_days} 天）箱池"
        "即空，此后货物在义乌等待永远不会来的箱子",
    },
    "warn_idle_node": {
        "zh": "口岸 {name} 不在本次运行的任何线路（{lines}）上，没有背景车流经过，也没有背景班列："
        "这项干扰不会产生任何影响",
    },
    "warn_idle_border": {
        "zh": "口岸 {name} 不在本次运行的任何线路（{lines}）上，没有背景车流经过，也没有背景班列："
        "它的设置不会产生任何影响",
    },
    "warn_idle_edge": {
        "zh": "区段 {name} 不在本次运行的任何线路（{lines}）上，也没有背景车流经过：这项干扰不会"
        "产生任何影响",
    },
    "warn_idle_node_detour": {
        "zh": "口岸 {name} 不在本次运行的任何线路（{lines}）上，绕开关闭口岸的绕行路线也到不了它，"
        "没有背景车流经过，也没有背景班列：这项干扰不会产生任何影响",
    },
    "warn_idle_edge_detour": {
        "zh": "区段 {name} 不在本次运行的任何线路（{lines}）上，绕开关闭口岸的绕行路线不经过它，"
        "也没有背景车流经过：这项干扰不会产生任何影响",
    },
    "warn_few_orders": {  # (two counts: days said by count:days)
        "en": "the run is expected to place about {n} orders in its {days} (scale "
        "{scale}): most likely none, and every figure will be 0 or -; raise scale or "
        "buyers.visits_per_day",
        "en_one": "the run is expected to place about {n} order in its {days} (scale "
        "{scale}): most likely none, and every figure will be 0 or -; raise scale or "
        "buyers.visits_per_day",
        "count": "n",
        "counts": "days=days",
        "zh": "预计这次运行在 {days}内只下约 {n} 个订单（规模 {scale}）：很可能一单也没有，"
        "所有数字都将是 0 或 -；请调高 scale 或 buyers.visits_per_day",
    },
    "cli:warn_duplicates": {
        "en": "{n} runs repeat the scenario and seed of another run, {what}: {run} is {same}{more}",
        "en_one": "{n} run repeats the scenario and seed of another run, {what}: {run} is "
        "{same}{more}",
        "count": "n",
        "zh": "{n} 次运行与另一次运行的情景和随机种子相同，{what}：{run} 即 {same}{more}",
    },
    # ------------------------------------------------------------------ the library's log
    # (the English is the logging call's own template, to the letter: LogWords finds it so)
    "log:WARNING": {"en": "WARNING", "zh": "警告"},
    "log:ERROR": {"en": "ERROR", "zh": "错误"},
    "log:not_refreshed": {
        "en": "%s: scenario.yaml not brought up to date (%s)",
        "zh": "%s：scenario.yaml 未能更新（%s）",
    },
    "log:worker_died": {
        "en": "a worker process died; %d runs left, retry %d of %d",
        "zh": "一个工作进程意外退出；还剩 %d 次运行，第 %d 次重试（共 %d 次）",
    },
    "log:worker_died_one": {
        "en": "a worker process died; %d run left, retry %d of %d",
        "zh": "一个工作进程意外退出；还剩 %d 次运行，第 %d 次重试（共 %d 次）",
    },
    "log:earlier_goal": {
        "en": "the plan's folder held the answer to another goal (%s); it is kept in %s, and "
        "its runs are reused",
        "zh": "方案文件夹中原有另一目标（%s）的结论；已移至 %s 保留，其运行结果照常复用",
    },
    "log:replaced_kept": {
        "en": "the replaced run is kept in %s",
        "zh": "被替换的运行保留在 %s",
    },
    "log:seed_not_used": {
        "en": "%s: its seed %d is not used; every scenario of the comparison runs the seeds "
        "spawned from %s's seed %d (common random numbers; --seed sets another)",
        "zh": "%s：其随机种子 %d 未被使用；比较中的每个情景都使用由 %s 的随机种子 %d 派生的种子"
        "（公共随机数；可用 --seed 另设）",
    },
    "log:warmup_window": {
        "en": "%s: its counts and shares start on day %d (warm-up), %s's on day %d: a "
        "difference of counts and shares is partly the window's, not the scenario's (give both "
        "the same warmup_days)",
        "zh": "%s：其计数与比例自第 %d 天起（预热期），%s 的自第 %d 天起：计数与比例的差异"
        "部分来自统计窗口而非情景（请给两者相同的 warmup_days）",
    },
    "log:sweep_window": {
        "en": "the sweep's points count over different windows (%s vary): their counts and "
        "shares differ by the window too, not only by what each point sets",
        "zh": "扫描各点的统计窗口不同（%s 不同）：其计数与比例的差异也来自统计窗口，"
        "而不仅是各点所设的值",
    },
    "log:run_window": {
        "en": "%s: it runs %d days from %s, %s %d days from %s: the orders delivered by the end "
        "and the shares judged within the run differ by the window too",
        "zh": "%s：运行 %d 天，自 %s 起；%s 运行 %d 天，自 %s 起：期末已交付订单与期内判定的"
        "比例也因窗口不同而不同",
    },
    "log:remade": {"en": "%s; the run is made again", "zh": "%s；该次运行将重新计算"},
    "log:reps_beyond": {  # (a said() message: its forms for one and for more)
        "en": "{folder}: {n} replication folders from an earlier, larger run ({first} .. "
        "{last}) are kept but not counted: the statistics cover rep-000 .. {upto}, while "
        "yiwu-sim collect on the folder gathers every one (run with --replications {all} to "
        "count them, or remove them)",
        "en_one": "{folder}: {n} replication folder from an earlier, larger run ({first}) is "
        "kept but not counted: the statistics cover rep-000 .. {upto}, while yiwu-sim "
        "collect on the folder gathers every one (run with --replications {all} to count it, "
        "or remove it)",
        "count": "n",
        "zh": "{folder}：有 {n} 个来自先前更多次重复的运行文件夹（{first} .. {last}）被保留但"
        "未计入：统计只涵盖 rep-000 .. {upto}，而 yiwu-sim collect 会收集该文件夹中的全部运行"
        "（用 --replications {all} 运行即可将其计入，或将其删除）",
        "zh_one": "{folder}：有 1 个来自先前更多次重复的运行文件夹（{first}）被保留但未计入：统计只"
        "涵盖 rep-000 .. {upto}，而 yiwu-sim collect 会收集该文件夹中的全部运行（用 --replications "
        "{all} 运行即可将其计入，或将其删除）",
    },
    # ------------------------------------------------------------------ precision
    "cli:precision_reached": {
        "en": "precision reached after {needed} replications (held for {ahead} more, {run} "
        "run): {widths}",
        "zh": "{needed} 次重复后达到精度（又保持了 {ahead} 次，共运行 {run} 次）：{widths}",
    },
    "cli:precision_not_reached": {
        "en": "precision NOT reached in {run} replications (--max-replications): {widths}",
        "zh": "{run} 次重复后仍未达到精度（--max-replications）：{widths}",
    },
    "cli:precision_not_held": {
        "en": "precision NOT reached in {run} replications (--max-replications): {widths} are "
        "within their targets now, but were not for {ahead} more replications after they were "
        "first met (the look-ahead); raise --max-replications",
        "zh": "{run} 次重复后仍未达到精度（--max-replications）：{widths} 目前已在目标之内，但首次"
        "达到后未能再保持 {ahead} 次重复（前瞻检验）；请调高 --max-replications",
    },
    "cli:no_interval": {"en": "{kpi} (no interval)", "zh": "{kpi}（无区间）"},
    "cli:results_more": {
        "en": "results: {folder} ({file}: every KPI; {kpis}: every replication)",
        "zh": "结果：{folder}（{file}：全部指标；{kpis}：每次重复）",
    },
    # ------------------------------------------------------------------ errors of the options
    "err:folder_exists": {
        "en": "{folder} exists already; choose another --out or --run-id, or pass --force",
        "zh": "{folder} 已存在；请换一个 --out 或 --run-id，或加 --force",
    },
    "err:not_results": {
        "en": "{folder}: not a results folder (no summary, aggregate, comparison or sweep)",
        "zh": "{folder}：不是结果文件夹（没有 summary、aggregate、comparison 或 sweep 文件）",
    },
    "err:damaged": {
        "en": "{folder}: a results file is damaged ({exc})",
        "zh": "{folder}：有结果文件已损坏（{exc}）",
    },
    "err:cannot_write": {
        "en": "{path}: cannot write ({reason}){hint}",
        "zh": "{path}：无法写入（{reason}）{hint}",
    },
    "err:disk_full": {
        "en": "; free some space or write elsewhere with --out",
        "zh": "；请腾出磁盘空间，或用 --out 写到别处",
    },
    "err:policy_kind": {
        "en": "--policy {item}: unknown kind {kind!r}{hint}; use KIND=NAME, KIND one of {kinds}",
        "zh": "--policy {item}：未知的策略种类 {kind!r}{hint}；请写作 KIND=NAME，KIND 可为 {kinds}",
    },
    "err:policy_form": {
        "en": "--policy {item}: expected KIND=NAME or package.module:Class{hint}; KIND one of "
        "{kinds}",
        "zh": "--policy {item}：应写作 KIND=NAME 或 package.module:Class{hint}；KIND 可为 {kinds}",
    },
    "err:no_policy_class": {
        "en": "--policy {item}: {name!r} is no policy class (a subclass of a kind's base)",
        "zh": "--policy {item}：{name!r} 不是策略类（应为某一策略种类基类的子类）",
    },
    "err:scheduler": {
        "en": "--scheduler {address!r} is not a scheduler's address, e.g. tcp://10.0.0.5:8786 "
        "({why})",
        "zh": "--scheduler {address!r} 不是调度器地址，应如 tcp://10.0.0.5:8786（{why}）",
    },
    "err:not_kpi": {
        "en": "{kpi!r} is not a KPI of summary.json{near}",
        "zh": "{kpi!r} 不是 summary.json 中的指标{near}",
    },
    "err:none_judged": {
        "en": "{kpi}: no order was judged against a deadline in any of the {n} runs (a deadline "
        "after the run's end?); lengthen the run (--set days=N) or name another KPI",
        "en_one": "{kpi}: no order was judged against a deadline in the {n} run (a deadline "
        "after the run's end?); lengthen the run (--set days=N) or name another KPI",
        "count": "n",
        "zh": "{kpi}：在全部 {n} 次运行中都没有按截止日判定的订单（截止日在运行结束之后？）；"
        "请延长运行（--set days=N）或换一个指标",
    },
    "err:did_you_mean": {"en": " (did you mean {names}?)", "zh": "（是否指 {names}？）"},
    "err:no_value": {
        "en": "{kpi} has no value in {k} of {n} runs of {decision}: the KPI needs orders "
        "judged against a deadline (or delivered, for a lead time); does the run last past it?",
        "en_one": "{kpi} has no value in {k} of {n} run of {decision}: the KPI needs orders "
        "judged against a deadline (or delivered, for a lead time); does the run last past it?",
        "count": "n",
        "zh": "{kpi} 在方案 {decision} 的 {n} 次运行中有 {k} 次没有数值：该指标需要按截止日判定"
        "的订单（交货周期则需要已交付的订单）；运行是否持续到截止日之后？",
    },
    "err:goal_form": {
        "en": "--goal {goal!r}: expected min:KPI, max:KPI, KPI>=q or KPI<=q (optionally ,tol=0.01)",
        "zh": "--goal {goal!r}：应写作 min:KPI、max:KPI、KPI>=q 或 KPI<=q（可加 ,tol=0.01）",
    },
    "err:goal_bound": {
        "en": "--goal {kpi}: the bound {value!r} is not a finite number",
        "zh": "--goal {kpi}：界限 {value!r} 不是有限数值",
    },
    "err:goal_share": {
        "en": "--goal {kpi}: the bound {value} is outside 0 to 1, the range of a share; a share "
        "is written as a fraction (90 % is 0.9)",
        "zh": "--goal {kpi}：界限 {value} 超出比例的取值范围 0 至 1；"
        "比例应写作小数（90% 写作 0.9）",
    },
    "err:goal_tol": {
        "en": "--goal {kpi}: tol {tol} must be a positive finite number",
        "zh": "--goal {kpi}：容差 tol {tol} 必须是正的有限数值",
    },
    "err:goal_objective": {
        "en": "plan needs an objective: --goal min:KPI or --goal max:KPI",
        "zh": "plan 需要一个目标：--goal min:KPI 或 --goal max:KPI",
    },
    "err:plan_confidence": {
        "en": "--confidence {value}: must be in [0.5, 1)",
        "zh": "--confidence {value}：应在 [0.5, 1) 之内",
    },
    "err:plan_screen": {
        "en": "--screen-replications must be at least 1",
        "zh": "--screen-replications 至少为 1",
    },
    "err:plan_first_stage": {
        "en": "--first-stage must be at least 2 (KN needs a variance)",
        "zh": "--first-stage 至少为 2（KN 程序需要方差）",
    },
    "err:plan_contenders": {
        "en": "--contenders must be at least 1",
        "zh": "--contenders 至少为 1",
    },
    "err:plan_indifference": {
        "en": "--indifference {value}: must be a positive finite number",
        "zh": "--indifference {value}：应为正的有限数值",
    },
    "err:plan_budget": {  # (the noun said once, after the second count)
        "en": "--budget {budget} is too small: one candidate needs {screen} search and {first} "
        "selection runs",
        "en_one": "--budget {budget} is too small: one candidate needs {screen} search and "
        "{first} selection run",
        "count": "first",
        "zh": "--budget {budget} 太小：一个候选方案需要 {screen} 次搜索运行和 {first} 次筛选运行",
    },
    "err:and": {"en": "{a}; {b}", "zh": "{a}；{b}"},
    "err:goal_two": {
        "en": "plan takes one or two objectives (two give a Pareto front)",
        "zh": "plan 只接受一个或两个目标（两个目标给出帕累托前沿）",
    },
    "err:decide_form": {
        "en": "--decide {item!r}: expected key.path=lo..hi[:step] or v1,v2,...",
        "zh": "--decide {item!r}：应写作 key.path=lo..hi[:step] 或 v1,v2,...",
    },
    "err:vary_form": {
        "en": "--vary {item!r}: expected key.path=v1,v2,...",
        "zh": "--vary {item!r}：应写作 key.path=v1,v2,...",
    },
    "err:decide_more": {
        "en": "{what}={value}: more than 1000 values; at most 1000 (a larger step)",
        "zh": "{what}={value}：取值超过 1000 个；至多 1000 个（请加大步长）",
    },
    "err:value_twice": {
        "en": "{what}: a value is given twice ({value}); give each value once",
        "zh": "{what}：有取值重复（{value}）；每个取值只写一次",
    },
    "err:vary_range": {
        "en": "--vary {path}={value}: a sweep takes a list of values, not a range; list them "
        "(--vary {path}=1,2,3)",
        "zh": "--vary {path}={value}：参数扫描接受取值列表，而非范围；请逐一列出"
        "（--vary {path}=1,2,3）",
    },
    "err:given_twice": {"en": "{what}: given twice", "zh": "{what}：重复给出"},
    "err:precision_form": {
        "en": "--precision {item!r}: expected KPI=relative_half_width",
        "zh": "--precision {item!r}：应写作 KPI=相对半宽",
    },
    "err:precision_value": {
        "en": "--precision {kpi}: {value!r} is not a relative half-width between 0 and 1 "
        "(0.05 = within 5 % of the mean)",
        "zh": "--precision {kpi}：{value!r} 不是 0 与 1 之间的相对半宽（0.05 即在均值的 5% 以内）",
    },
    "err:precision_unknown": {
        "en": "--precision {kpi}: not a KPI of summary.json in the {n} replications run{hint}",
        "en_one": "--precision {kpi}: not a KPI of summary.json in the {n} replication run{hint}",
        "count": "n",
        "zh": "--precision {kpi}：在已运行的 {n} 次重复的 summary.json 中没有此指标{hint}",
    },
    "err:precision_hint": {"en": "; did you mean {names}?", "zh": "；是否指 {names}？"},
    "err:precision_novalue": {
        "en": "--precision {kpi}: no value in any of the first {n} runs of {label} (null in "
        "summary.json: nothing to measure it on, such as no order judged against a deadline "
        "within the run); name another KPI, or run longer",
        "zh": "--precision {kpi}：{label} 的前 {n} 次运行都没有数值（summary.json 中为 null："
        "没有可供度量的对象，例如运行期内没有按截止日判定的订单）；请换一个指标，或延长运行",
    },
    "err:not_number": {
        "en": "{what}: {value!r} is not a number",
        "zh": "{what}：{value!r} 不是数字",
    },
    "err:not_finite": {
        "en": "{what}: {value!r} is not a finite number",
        "zh": "{what}：{value!r} 不是有限数值",
    },
    "err:range_form": {
        "en": "{what}={value}: need lo <= hi and a positive step (lo..hi[:step], e.g. 1..4:0.5)",
        "zh": "{what}={value}：需要 lo <= hi 且步长为正（lo..hi[:step]，例如 1..4:0.5）",
    },
    "err:too_many_values": {
        "en": "{what}: {count} values; at most 1000",
        "zh": "{what}：共 {count} 个取值；至多 1000 个",
    },
    "err:need_decide": {
        "en": "plan needs at least one --decide key.path=values",
        "zh": "plan 至少需要一个 --decide key.path=values",
    },
    "err:compare_two": {
        "en": "compare needs at least two scenarios, got {n}",
        "zh": "compare 至少需要两个情景，只给了 {n} 个",
    },
    "err:min_reps": {
        "en": "--min-replications must be at least 2, got {n}",
        "zh": "--min-replications 至少为 2，给的是 {n}",
    },
    "err:too_many_runs": {
        "en": "{option} {n}: more than the {most} runs one experiment may hold (what yiwu-sim "
        "collect reads); use fewer replications",
        "zh": "{option} {n}：超过一个实验可容纳的 {most} 次运行（yiwu-sim collect 读取的上限）；"
        "请减少重复次数",
    },
    "err:too_many_runs_of": {
        "en": "{option} {n} for each of {groups} scenarios or sweep points makes {runs} runs, "
        "more than the {most} one experiment may hold (what yiwu-sim collect reads); use fewer "
        "replications",
        "zh": "{option} {n}：{groups} 个情景或取值点各重复 {n} 次，共 {runs} 次运行，超过一个"
        "实验可容纳的 {most} 次（yiwu-sim collect 读取的上限）；请减少重复次数",
    },
    "err:too_many_design_runs": {  # (k and reps said by count:inputs, count:replications)
        "en": "{option} {n}: {points} points ({k}) x {reps} make {runs} "
        "runs, more than the {most} one experiment may hold (what yiwu-sim collect reads); "
        "lower {option} or --replications",
        "counts": "k=inputs reps=replications",
        "zh": "{option} {n}：{points} 个取值点（{k}）× {reps}共 {runs} 次运行，"
        "超过一个实验可容纳的 {most} 次（yiwu-sim collect 读取的上限）；请减小 {option} 或 "
        "--replications",
    },
    "err:max_reps": {
        "en": "--max-replications ({max}) must be at least --min-replications plus the "
        "look-ahead ({min} + {ahead})",
        "zh": "--max-replications（{max}）至少应为 --min-replications 加上观察期"
        "（{min} + {ahead}）",
    },
    # ------------------------------------------------------------------ a scenario's problems
    # (an entry without "en" is a problem the checks raise with its code and values: its English
    # is sim.problems.ENGLISH, merged in by sim.output.glossary, and it is said without reading)
    # The scenario checks (and pydantic under them) word a problem in English, below this
    # layer; the command line reads the English back by these templates (the most specific
    # first) and says it in the reader's language: "path: what is wrong (got value)".
    "scn:ge": {
        "en": "Input should be greater than or equal to {x}",
        "zh": "应大于或等于 {x}",
    },
    "scn:le": {"en": "Input should be less than or equal to {x}", "zh": "应小于或等于 {x}"},
    "scn:gt": {"en": "Input should be greater than {x}", "zh": "应大于 {x}"},
    "scn:lt": {"en": "Input should be less than {x}", "zh": "应小于 {x}"},
    "scn:int_parsing": {
        "en": "Input should be a valid integer, unable to parse string as an integer",
        "zh": "应为整数，无法把这段文字读作整数",
    },
    "scn:int_fraction": {
        "en": "Input should be a valid integer, got a number with a fractional part",
        "zh": "应为整数，给出的数有小数部分",
    },
    "scn:float_parsing": {
        "en": "Input should be a valid number, unable to parse string as a number",
        "zh": "应为数字，无法把这段文字读作数字",
    },
    "scn:int": {"en": "Input should be a valid integer", "zh": "应为整数"},
    "scn:float": {"en": "Input should be a valid number", "zh": "应为数字"},
    "scn:finite": {"en": "Input should be a finite number", "zh": "应为有限数值"},
    "scn:string": {"en": "Input should be a valid string", "zh": "应为文字"},
    "scn:list": {"en": "Input should be a valid list", "zh": "应为列表"},
    "scn:dict": {"en": "Input should be a valid dictionary", "zh": "应为映射（键: 值）"},
    "scn:date": {"en": "Input should be a valid date", "zh": "应为有效日期"},
    "scn:too_short": {
        "en": "List should have at least {n} item after validation, not {m}",
        "zh": "列表至少应有 {n} 项，现有 {m} 项",
    },
    "scn:too_short_n": {
        "en": "List should have at least {n} items after validation, not {m}",
        "zh": "列表至少应有 {n} 项，现有 {m} 项",
    },
    "scn:too_long": {
        "en": "List should have at most {n} items after validation, not {m}",
        "zh": "列表至多应有 {n} 项，现有 {m} 项",
    },
    "scn:pattern": {"en": "String should match pattern {p}", "zh": "应符合格式 {p}"},
    "scn:unknown_key_hint": {
        "zh": "未知的键 {name}（是否指 {hint}？）；允许的键：{allowed}",
    },
    "scn:unknown_key": {
        "zh": "未知的键 {name}；允许的键：{allowed}",
    },
    "scn:unknown_key_bare": {"zh": "未知的键 {name}"},
    "scn:missing": {"zh": "缺少必需的键"},
    "scn:bool": {
        "zh": "需要数字，而不是 true/false 值",
    },
    "scn:shares": {
        "zh": "{what} 的比例之和必须为 1，现为 {x}",
    },
    "scn:shares_set": {
        "zh": "{what} 的比例之和必须为 1，现为 {x}；--set 只改了其中一个：请一次给出全部比例，"
        "{example}",
    },
    "scn:category_shares_set": {
        "zh": "各类别的比例之和必须为 1，现为 {x}；--set 只改了其中一个：请一次给出全部比例，"
        "{example}",
    },
    "scn:policy": {
        "zh": "未知的 {kind} 策略 {name}；允许：{allowed}，或 package.module:Class",
    },
    "scn:size_orders": {
        "zh": "这次运行将产生约 {n} 个订单，超过单次运行内存所能容纳的 {limit} 个；"
        "请调低 days、scale、buyers.visits_per_day、"
        "集市的 buyer_multiplier 或 online.orders_per_day",
    },
    "scn:size_containers": {
        "zh": "这次运行将装约 {n} 个集装箱，超过单次运行内存所能容纳的 {limit} 个；"
        "请调低 buyers.order_teu、online.order_teu、"
        "订单量或 scale",
    },
    "scn:size_departures": {
        "zh": "这次运行将发出约 {n} 个班次，超过单次运行内存所能容纳的 {limit} 个；"
        "请调低 logistics.lines.*.trains_per_week、"
        "logistics.sea.feeder_trains_per_day、"
        "干扰的 trains_factor 或 days",
    },
    "scn:size_crossings": {
        "zh": "这次运行将记录约 {n} 次过境，超过单次运行内存所能容纳的 {limit} 次；"
        "请调低 logistics.borders.*.background_trains_per_day、"
        "logistics.background_flows.*.trains_per_day、"
        "logistics.containers.eastbound.background_share、"
        "班列频次或 days",
    },
    "scn:size_merchants": {
        "zh": "这次运行将包含约 {n} 个商户，超过单次运行内存所能容纳的 {limit} 个；"
        "请调低 market.merchants 或 scale",
    },
    "scn:size_unbounded": {"zh": "无限多"},
    "scn:at_point": {"zh": "取值点 {point}：{text}"},
    "scn:vary_input": {"zh": "--vary {vary}：{why}"},
    "scn:empty": {
        "zh": "文件为空；情景应是由键组成的 YAML 映射",
    },
    "scn:top": {
        "zh": "顶层必须是由键组成的映射，实际是 {kind}",
    },
    "scn:yaml": {
        "zh": "不是有效的 YAML（第 {line} 行第 {col} 列）：{why}",
    },
    "scn:tab": {
        "zh": "此处有制表符，YAML 不接受；缩进以及键与值之间请用空格",
    },
    "scn:duplicate": {"zh": "键 {name} 重复"},
    "scn:utf8": {"zh": "文件不是 UTF-8 文本"},
    "scn:not_regular": {"zh": "{path} 不是普通文件（而是设备、管道或套接字）；请给出情景文件"},
    "scn:cannot_read": {"zh": "无法读取文件：{why}"},
    "scn:no_file": {"zh": "找不到文件：{path}"},
    "scn:folder": {
        "zh": "{path} 是文件夹，不是情景文件",
    },
    "scn:unreadable": {
        "zh": "值 {value} 无法读取：{why}",
    },
    "scn:bad_date": {
        "zh": "{value} 不是有效日期（{why}）",
    },
    "scn:bad_int": {"zh": "{value} 不是有效的整数（{why}）"},
    "scn:bad_float": {"zh": "{value} 不是有效的数字（{why}）"},
    "scn:bad_bool": {"zh": "{value} 不是有效的 true/false 值（{why}）"},
    "scn:bad_binary": {"zh": "{value} 不是有效的 base64 文本（{why}）"},
    "scn:bad_value": {"zh": "{value} 不是有效的 {kind}（{why}）"},
    "scn:unhashable": {"zh": "键 {name} 不能是列表或映射（键只能是文字、数字或日期）"},
    "scn:yaml_bare": {"zh": "不是有效的 YAML：{why}"},
    "scn:yaml_version": {
        "zh": "文件声明了 %YAML {v}；情景文件按 YAML 1.2 读取（请删去 %YAML 这一行）",
    },
    "scn:too_large": {
        "zh": "文件超过 {limit} 字节，这是情景文件的上限（随附的情景文件都不到 10,000 字节）",
    },
    "scn:yaml_aliases": {
        "zh": "别名（*name）超过 {n} 个；一个文件最多引用带锚点（&name）的值 {n} 次：其余的请直接"
        "写出",
    },
    "scn:yaml_depth": {"zh": "嵌套超过 {n} 层"},
    "scn:yaml_expands": {"zh": "展开后超过 {n} 个值（是否用了 YAML 别名？）"},
    "scn:yaml_directive": {
        "zh": "{line} 是读取器无法识别的指令行；情景文件按 YAML 1.2 读取，不需要 %YAML 或 %TAG "
        "行：请删去这一行",
    },
    "scn:yaml_directive_start": {
        "zh": "{line} 是指令行，其后没有 '---' 行；情景文件按 YAML 1.2 读取，不需要指令行：请删去"
        "这一行",
    },
    "scn:set_percent": {
        "zh": '值 {value} 以 % 开头，YAML 会把它当作指令行；请给它加上引号（key="%..."）',
    },
    "scn:yaml_directive_twice": {
        "zh": "{line} 重复了前面一行的指令；情景文件按 YAML 1.2 读取，不需要 %YAML 或 %TAG 行："
        "请删去它们",
    },
    "scn:warmup": {
        "zh": "warmup_days（{w}）必须小于 days（{d}）；较短的运行需要较短的预热期"
        "（{hint} 则计入全部订单）",
    },
    "scn:unknown_line": {
        "zh": "未知的线路 {name}；已知线路：{known}",
    },
    "scn:unknown_dest": {
        "zh": "未知的目的地 {name}；有线路服务的目的地：{known}",
    },
    "scn:unknown_line_case": {
        "zh": "未知的线路 {name}（编号为大写：是否指 {hint}？）；已知线路：{known}",
    },
    "scn:unknown_dest_case": {
        "zh": "未知的目的地 {name}（编号为大写：是否指 {hint}？）；有线路服务的目的地：{known}",
    },
    "scn:unserved": {
        "zh": "有需求（{share}），但本情景没有铁路线路或海运航线通往该地",
    },
    "scn:left_out": {
        "zh": "为本次运行未包含的线路做了设置（logistics.only_lines：{run}）；请把 {lid} 加入 "
        "only_lines，或在 logistics.lines 中去掉它（在命令行上：{cli}）",
    },
    "scn:left_out_drop": {
        "zh": "--set 'logistics.lines={{}}'，这也会去掉 {kept} 的设置：请在其后用 --set 重新设置",
    },
    # the command line's options, as argparse and the options' own checks word them
    "arg:argument": {"en": "argument {opt}: {why}", "zh": "参数 {opt}：{why}"},
    "arg:count": {
        "en": "expected a whole number of at least {n}, got {value}",
        "zh": "应为不小于 {n} 的整数，给出的是 {value}",
    },
    "arg:even": {
        "en": "expected an even whole number of at least {n}, got {value}",
        "zh": "应为不小于 {n} 的偶数，给出的是 {value}",
    },
    "arg:power_two": {
        "en": "expected a power of two of at least {n} (2, 4, 8, 16, ...), got {value}",
        "zh": "应为 2 的幂且不小于 {n}（2、4、8、16……），给出的是 {value}",
    },
    "arg:confidence": {
        "en": "expected a probability from 0.5 to below 1 (0.95: 95 %), got {value}",
        "zh": "应为 0.5 至 1（不含 1）之间的概率（0.95 即 95%），给出的是 {value}",
    },
    "arg:positive": {
        "en": "expected a number above 0, got {value}",
        "zh": "应为大于 0 的数，给出的是 {value}",
    },
    "arg:finite": {
        "en": "expected a finite number, got {value}",
        "zh": "应为有限数值，给出的是 {value}",
    },
    "arg:port": {
        "en": "a port is 0 to 65535, got {value}",
        "zh": "端口应为 0 至 65535，给出的是 {value}",
    },
    "arg:seed": {
        "zh": "随机种子应为 0 至 {most}（2^63 - 1）的整数，给出的是 {value}",
    },
    "arg:run_id": {
        "en": "{value}: use letters, digits, _ . - (at most 80, not starting with . or -)",
        "zh": "{value}：只能用字母、数字和 _ . -（至多 80 个字符，且不以 . 或 - 开头）",
    },
    "arg:choice": {
        "en": "invalid choice: {value} (choose from {choices})",
        "zh": "无效的选择：{value}（可选：{choices}）",
    },
    "arg:invalid": {"en": "invalid {kind} value: {value}", "zh": "无效的 {kind} 值：{value}"},
    "arg:required": {
        "en": "the following arguments are required: {names}",
        "zh": "缺少必需的参数：{names}",
    },
    "arg:unrecognized": {"en": "unrecognized arguments: {names}", "zh": "无法识别的参数：{names}"},
    "arg:one": {"en": "expected one argument", "zh": "需要一个值"},
    "arg:error": {"en": "{prog}: error: {text}", "zh": "{prog}：错误：{text}"},
    "scn:literal": {"en": "Input should be '{choices}", "zh": "应为 '{choices}"},
    "scn:datetime": {
        "en": "Datetimes provided to dates should have zero time - e.g. be exact dates",
        "zh": "此处只写日期，不带时刻（如 2025-10-01）",
    },
    "scn:no_place": {
        "zh": "情景中没有这个位置（{why}）",
    },
    "scn:no_place_list": {
        "zh": "{place} 是列表，位置只能是 {within}；给出的是 {item}",
    },
    "scn:no_place_empty": {
        "zh": "{place} 是空列表，因此没有第 {item} 项；请在情景文件中或用 --set '{place}=[...]' "
        "给出整个列表",
    },
    "scn:no_place_value": {
        "zh": "{place} 是一个值（{value}），不是由键组成的映射",
    },
    "scn:no_place_absent": {
        "zh": "情景中没有 {place}，因此没有第 {item} 项；请在情景文件中或用 --set '{place}=[...]' "
        "给出整个列表",
    },
    "scn:set_before_invalid": {
        "zh": "无法按默认值补全 {part}：此前的覆盖设置所得的情景无效（见上方问题）；请先修正这些"
        "问题，或把修正它们的覆盖设置放在这一项之前",
    },
    # a disruption's own checks (sim.scenario.schema.Disruption)
    "scn:announced_after": {
        "zh": "公布时间 {told} 晚于开始日 {start}"
        "（最晚可在开始日当天带时刻公布，如 {start}T09:00）",
    },
    "scn:end_before": {
        "zh": "结束日 {end} 早于开始日 {start}",
    },
    "scn:not_apply": {
        "zh": "{wrong} 不适用于 target: {target} 的干扰；允许：{allowed}",
    },
    "scn:needs_effect": {
        "zh": "target: {target} 的干扰需要以下之一：{allowed}",
    },
    "scn:surge_node": {
        "zh": "surge_factor 只适用于 node（口岸）",
    },
    "scn:end_told_line": {
        "zh": "end_announced 只适用于 node 或 edge 干扰，不适用于 line"
        "（线路的时刻表随干扰的日期公布）",
    },
    "scn:end_told_before": {
        "zh": "end_announced {end_told} 早于干扰的公布时间（{told}）："
        "干扰公布之前无从得知它何时结束",
    },
    "scn:expected_needs_end_told": {
        "zh": "expected_days 需要 end_announced：没有它，干扰公布时其结束即已知，无需预期",
    },
    # a plug-in policy named as package.module:Class (sim.scenario.registry)
    "scn:plugin_form": {
        "zh": "{name} 不是 package.module:Class 的形式（以点分隔的 Python 名称，一个冒号）",
    },
    "scn:plugin_import": {
        "zh": "无法导入模块 {module}（{name}）：{why}；请把它放在 PYTHONPATH 上或工作目录中",
    },
    "scn:plugin_missing": {
        "zh": "模块 {module} 中没有 {qualname}",
    },
    "scn:plugin_kind": {
        "zh": "{name} 不是 {kind} 策略（应为 {what} 的子类）",
    },
    "scn:plugin_kind_any": {
        "zh": "{name} 不是 {kind} 策略（应为 {base} 策略类的子类）",
    },
    "scn:got": {"en": "{text} (got {value})", "zh": "{text}（给出的值：{value}）"},
}
"""The messages, ``key -> {"en": text, "zh": text}``."""
