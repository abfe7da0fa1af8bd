"""The command line's ``--help`` in Chinese: each option's and command's help, merged into
:data:`sim.output.glossary.GLOSSARY` under ``help:`` keys.

The English of an entry is the ``help=`` text of :func:`sim.cli.build_parser`, to the letter
(``%%`` is argparse's literal percent sign), so the help formatter finds the Chinese by the
English under ``--lang zh`` and the English help needs no glossary at all. Option names, key
paths, file names and values stay as they are typed.
"""

from __future__ import annotations

HELP: dict[str, dict[str, str]] = {
    "help:prog": {
        "en": "Discrete-event simulation of Yiwu market logistics and Yixin'ou rail lines.",
        "zh": "义乌市场物流与义新欧班列的离散事件仿真。",
    },
    "help:debug": {"en": "show tracebacks and debug logging", "zh": "显示回溯信息和调试日志"},
    "help:lang_top": {
        "en": "language of the command that follows, as its own --lang",
        "zh": "其后命令所用的语言，等同于该命令自己的 --lang",
    },
    # ------------------------------------------------------------------ the commands
    "help:cmd:run": {
        "en": "simulate a scenario and write a results folder",
        "zh": "模拟一个情景并写出结果文件夹",
    },
    "help:cmd:compare": {
        "en": "compare scenarios with common random numbers",
        "zh": "用公共随机数比较多个情景",
    },
    "help:cmd:sweep": {
        "en": "full-factorial parameter sweep with replications",
        "zh": "全因子参数扫描（含重复运行）",
    },
    "help:cmd:plan": {
        "en": "the best decision that meets a goal, with a stated confidence (capacity)",
        "zh": "在给定置信水平下找出满足目标的最佳方案（运力）",
    },
    "help:cmd:sensitivity": {
        "en": "global sensitivity (Morris, Sobol) over the estimated assumptions",
        "zh": "对估计的假设做全局敏感性分析（Morris、Sobol）",
    },
    "help:cmd:report": {
        "en": "(re)build report.html (a plan's plan.html) from a results folder; no simulation",
        "zh": "由结果文件夹（重新）生成 report.html（计划则为 plan.html）；不做模拟",
    },
    "help:cmd:collect": {
        "en": "gather results folders into one tidy KPI table (checks manifests)",
        "zh": "把多个结果文件夹汇总成一张整洁的指标表（核对运行清单）",
    },
    "help:cmd:events": {
        "en": "a run's event log (entity, event, time, resource) for animation tools",
        "zh": "一次运行的事件日志（实体、事件、时间、资源），供动画工具使用",
    },
    "help:cmd:warmup": {
        "en": "suggest warmup_days from runs' daily series (MSER-5)",
        "zh": "根据运行的每日序列建议 warmup_days（MSER-5）",
    },
    "help:cmd:explore": {
        "en": "a local web page: move a control, watch the season change (offline)",
        "zh": "本地网页：拖动控件，观察整个季节的变化（离线）",
    },
    "help:cmd:validate": {
        "en": "check scenario files and list every problem",
        "zh": "检查情景文件并列出全部问题",
    },
    "help:cmd:network": {
        "en": "list the lines; export GraphML and GeoJSON with --out",
        "zh": "列出线路；加 --out 导出 GraphML 和 GeoJSON",
    },
    "help:cmd:schema": {"en": "print the scenario JSON Schema", "zh": "打印情景的 JSON Schema"},
    "help:cmd:figures": {
        "en": "matplotlib figures of a results folder as PDF/PNG/SVG; no simulation",
        "zh": "把结果文件夹画成 matplotlib 图（PDF/PNG/SVG）；不做模拟",
    },
    "help:cmd:completion": {
        "en": "print a shell completion script (bash or zsh)",
        "zh": "打印 shell 自动补全脚本（bash 或 zsh）",
    },
    # ------------------------------------------------------------------ run and experiments
    "help:scenario_festival": {
        "en": "scenario YAML file (default: the shipped Spring Festival season)",
        "zh": "情景 YAML 文件（默认：随附的春节季情景）",
    },
    "help:scenario_shipped": {
        "en": "scenario YAML file (default: the shipped one)",
        "zh": "情景 YAML 文件（默认：随附的情景）",
    },
    "help:scenario_teaching": {
        "en": "scenario YAML file (default: the teaching scenario)",
        "zh": "情景 YAML 文件（默认：教学情景）",
    },
    "help:seed": {
        "en": "random seed (default: the scenario's)",
        "zh": "随机种子（默认：情景中的）",
    },
    "help:set": {
        "en": "override a scenario value, e.g. --set buyers.visits_per_day=2000",
        "zh": "覆盖情景中的一个值，例如 --set buyers.visits_per_day=2000",
    },
    "help:policy": {
        "en": "choose a policy: KIND=NAME, NAME a built-in one or package.module:Class (a class "
        "on PYTHONPATH), KIND one of routing, loading, rollover, production, train_routing, "
        "dispatch, pricing, repositioning, sailings; or package.module:Class alone (its base "
        "says the kind); repeatable",
        "zh": "选择策略：KIND=NAME，NAME 为内置策略或 package.module:Class（PYTHONPATH 上的类），"
        "KIND 为 routing、loading、rollover、production、train_routing、dispatch、pricing、"
        "repositioning、sailings 之一；也可只写 package.module:Class（由其基类确定种类）；可重复",
    },
    "help:days": {"en": "simulate this many days", "zh": "模拟的天数"},
    "help:out": {
        "en": "results root folder (default: results)",
        "zh": "结果根文件夹（默认：results）",
    },
    "help:run_id": {
        "en": "name of the run folder (default: seed-<seed>; with --replications, the set's "
        "folder, default replications-<seed>)",
        "zh": "运行文件夹的名称（默认：seed-<种子>；配合 --replications 时为重复集文件夹，"
        "默认 replications-<种子>）",
    },
    "help:force": {"en": "replace an existing run folder", "zh": "替换已存在的运行文件夹"},
    "help:replications": {
        "en": "run N replications and write aggregate.json with 95%% intervals",
        "zh": "重复运行 N 次，并写出带 95%% 区间的 aggregate.json",
    },
    "help:format": {
        "en": "format of the tables (default parquet)",
        "zh": "表格的格式（默认 parquet）",
    },
    "help:summaries_only": {
        "en": "replications keep summary.json and the daily table, not the orders, trains and "
        "borders tables (for large experiments)",
        "zh": "各次重复只保留 summary.json 和每日明细表，不保留订单、班列和口岸表（用于大型实验）",
    },
    "help:precision": {
        "en": "run replications until the KPI's 95%% half-width is at most REL x its mean, e.g. "
        "lead_time_days.overall.mean=0.02 (repeat for several KPIs)",
        "zh": "不断重复运行，直到该指标 95%% 区间的半宽不超过其均值的 REL 倍，例如 "
        "lead_time_days.overall.mean=0.02（多个指标可重复给出）",
    },
    "help:min_reps": {
        "en": "with --precision (default 5)",
        "zh": "与 --precision 一起用（默认 5）",
    },
    "help:max_reps": {
        "en": "with --precision: stop here even if not reached (default 100)",
        "zh": "与 --precision 一起用：到此次数即停止，即使尚未达到精度（默认 100）",
    },
    "help:jobs": {
        "en": "worker processes (default: all cores)",
        "zh": "工作进程数（默认：全部核心）",
    },
    "help:scheduler": {
        "en": "run on an existing Dask cluster (needs the 'dask' extra)",
        "zh": "在已有的 Dask 集群上运行（需要 'dask' 可选依赖）",
    },
    "help:quiet": {"en": "no progress bar", "zh": "不显示进度条"},
    "help:json": {
        "en": "print the result as one JSON object on standard output (no table)",
        "zh": "在标准输出上以一个 JSON 对象打印结果（不打印表格）",
    },
    "help:no_report": {"en": "do not write report.html", "zh": "不写 report.html"},
    "help:lang_report": {  # (the summary, warnings and errors follow it too: README)
        "en": "language of the report and of what this command prints",
        "zh": "报告及此命令所打印内容的语言",
    },
    "help:scenarios_compare": {
        "en": "two or more; the first is the baseline",
        "zh": "两个或更多；第一个为基准",
    },
    "help:reps_compare": {
        "en": "per scenario (default 10; at least 2, for an interval)",
        "zh": "每个情景的重复次数（默认 10；至少 2，才能给出区间）",
    },
    "help:seed_first": {
        "en": "root seed (default: the first scenario's)",
        "zh": "根随机种子（默认：第一个情景中的）",
    },
    "help:set_every": {"en": "override in every scenario", "zh": "在每个情景中覆盖"},
    "help:force_complete": {
        "en": "recompute runs that are already complete",
        "zh": "重新计算已完成的运行",
    },
    "help:vary_sweep": {
        "en": "a parameter and its values; repeat for a grid",
        "zh": "一个参数及其取值；重复给出即构成网格",
    },
    "help:reps_sweep": {"en": "per point (default 5)", "zh": "每个取值点的重复次数（默认 5）"},
    "help:seed_root": {
        "en": "root seed (default: the scenario's)",
        "zh": "根随机种子（默认：情景中的）",
    },
    "help:set_sweep": {"en": "override before sweeping", "zh": "扫描前先覆盖"},
    # ------------------------------------------------------------------ plan
    "help:decide": {
        "en": "a decision and its values; repeat for several",
        "zh": "一个决策及其取值；可重复给出多个",
    },
    "help:goal": {
        "en": "objective (min:/max:, one or two) or constraint over summary.json KPIs or "
        "rail_departures; repeat",
        "zh": "针对 summary.json 指标或 rail_departures 的目标（min:/max:，一个或两个）或约束；"
        "可重复",
    },
    "help:budget": {
        "en": "most simulation runs in all (default 60)",
        "zh": "模拟运行总次数上限（默认 60）",
    },
    "help:confidence": {
        "en": "probability of correct selection (default 0.95)",
        "zh": "正确选择概率（默认 0.95）",
    },
    "help:indifference": {
        "en": "objective differences below this do not matter (default: 1%% of the best, 0.5 "
        "for rail_departures)",
        "zh": "小于此值的目标差异无关紧要（默认：最优值的 1%%，rail_departures 为 0.5）",
    },
    "help:screen": {
        "en": "runs per candidate in the search (default 3)",
        "zh": "搜索阶段每个候选方案的运行次数（默认 3）",
    },
    "help:first_stage": {
        "en": "first-stage runs per contender in the selection (default 5)",
        "zh": "选择阶段每个候选方案的第一阶段运行次数（默认 5）",
    },
    "help:contenders": {
        "en": "candidates that go on to the selection (default 5)",
        "zh": "进入选择阶段的候选方案数（默认 5）",
    },
    "help:set_plan": {"en": "override before planning", "zh": "规划前先覆盖"},
    "help:force_plan": {"en": "recompute runs that are complete", "zh": "重新计算已完成的运行"},
    "help:no_plan_report": {
        "en": "do not write plan.html / plan.md",
        "zh": "不写 plan.html / plan.md",
    },
    "help:lang_plan": {
        "en": "language of plan.md, plan.html and this summary",
        "zh": "plan.md、plan.html 和此处摘要的语言",
    },
    # ------------------------------------------------------------------ sensitivity
    "help:method": {
        "en": "morris (screening, many inputs; default) or sobol (a few)",
        "zh": "morris（筛选，适合输入多；默认）或 sobol（适合输入少）",
    },
    "help:vary_sens": {
        "en": "an input and its range (KEY.PATH=*LO..HI: a factor on the scenario's value); "
        "repeat. Default: every estimated (E) assumption, x0.75..1.25",
        "zh": "一个输入及其范围（KEY.PATH=*LO..HI：情景取值的倍数）；可重复。默认：每个估计的（E）"
        "假设，×0.75..1.25",
    },
    "help:kpi": {
        "en": "a KPI of summary.json, e.g. lead_time_days.overall.mean; repeat (default: "
        "festival on-time share, rail and overall lead time)",
        "zh": "summary.json 中的一个指标，例如 lead_time_days.overall.mean；可重复（默认：春节用品"
        "准时率、铁路及总体交货周期）",
    },
    "help:trajectories": {
        "en": "morris: trajectories (default 10)",
        "zh": "morris：轨迹数（默认 10）",
    },
    "help:levels": {
        "en": "morris: grid levels, even (default 4)",
        "zh": "morris：网格层级数，偶数（默认 4）",
    },
    "help:samples": {
        "en": "sobol: base samples, a power of two (default 64)",
        "zh": "sobol：基础样本数，须为 2 的幂（默认 64）",
    },
    "help:reps_sens": {
        "en": "runs per point, common seeds (default 2)",
        "zh": "每个点的运行次数，使用公共随机种子（默认 2）",
    },
    "help:keep_tables": {
        "en": "keep each run's orders, trains and borders tables (default: summaries)",
        "zh": "保留每次运行的订单、班列和口岸表（默认：只保留汇总）",
    },
    "help:set_first": {"en": "override first", "zh": "先覆盖"},
    "help:lang_summary": {"en": "language of this summary", "zh": "此处摘要的语言"},
    # ------------------------------------------------------------------ the tool commands
    "help:folders": {"en": "run or experiment folders", "zh": "运行或实验文件夹"},
    "help:kpi_table": {
        "en": "the table to write; .parquet or .csv (default kpis.parquet)",
        "zh": "要写出的表格；.parquet 或 .csv（默认 kpis.parquet）",
    },
    "help:keep_duplicates": {
        "en": "keep runs that repeat another run's scenario and seed (default: counted once, "
        "with a warning)",
        "zh": "保留与另一次运行情景和随机种子都相同的运行（默认：只计一次，并给出警告）",
    },
    "help:lang": {
        "en": "language of what this command prints",
        "zh": "此命令所打印内容的语言",
    },
    "help:run_folder": {"en": "a run folder with its tables", "zh": "带有明细表的运行文件夹"},
    "help:entities": {
        "en": "trains through the border crossings (default) or orders",
        "zh": "通过口岸的班列（默认）或订单",
    },
    "help:events_out": {
        "en": "file to write, .csv or .parquet (default: in the folder)",
        "zh": "要写出的文件，.csv 或 .parquet（默认：写在该文件夹中）",
    },
    "help:series": {
        "en": "daily column (default: teu_waiting_yiwu and every queue_<BORDER>)",
        "zh": "每日明细表的列（默认：teu_waiting_yiwu 和每个 queue_<口岸>）",
    },
    "help:port": {
        "en": "port on 127.0.0.1 (default: a free one, printed)",
        "zh": "127.0.0.1 上的端口（默认：任一空闲端口，会打印出来）",
    },
    "help:allow_host": {
        "en": "also answer requests for this host name (a proxy's, e.g. a JupyterHub's)",
        "zh": "也响应发往此主机名的请求（代理的主机名，例如 JupyterHub 的）",
    },
    "help:set_validate": {
        "en": "check each file with this override, as `run --set` applies it (repeatable)",
        "zh": "按 `run --set` 的方式加上此覆盖后检查每个文件（可重复）",
    },
    "help:lang_validate": {
        "en": "language of the problems' heads and the warnings",
        "zh": "问题标题和警告的语言",
    },
    "help:network_out": {
        "en": "folder for network.graphml and network.geojson",
        "zh": "存放 network.graphml 和 network.geojson 的文件夹",
    },
    "help:lang_network": {
        "en": "language of the table (the exports carry name and name_zh)",
        "zh": "表格的语言（导出文件同时带有 name 和 name_zh）",
    },
    "help:figures_folder": {
        "en": "a run, replications, comparison or sweep",
        "zh": "一次运行、一组重复、一次比较或一次扫描",
    },
    "help:figures_format": {"en": "file format (default pdf)", "zh": "文件格式（默认 pdf）"},
    "help:figures_out": {
        "en": "folder to write (default RESULTS_DIR/figures-FORMAT)",
        "zh": "要写入的文件夹（默认 RESULTS_DIR/figures-FORMAT）",
    },
    "help:lang_explore": {
        "en": "language the page opens in (it has its own switch) and of this line",
        "zh": "页面打开时的语言（页面上也可切换）以及此行提示的语言",
    },
    "help:lang_figures": {
        "en": "language of the figures' words and of this summary",
        "zh": "图中文字和此处摘要的语言",
    },
}
"""The help texts, ``key -> {"en": text, "zh": text}``."""
