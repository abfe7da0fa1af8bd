"""The words of the tool commands (``collect``, ``events``, ``warmup``, ``figures``,
``network``, ``sensitivity``) and of argparse's frame, in English and Chinese, merged into
:data:`sim.output.glossary.GLOSSARY`.

The English of a ``cmd:`` entry is what the command printed before it spoke Chinese, to the
letter, so ``--lang en`` output is unchanged. The ``res:`` entries are templates over the
English in which the results layer (reading manifests, tables and results folders, below the
command line) words its refusals: the command line reads a refusal back by them and says it in
the reader's language (:func:`sim.output.saying.in_lang`), the folder's path as it is; the
``os:`` entries are the system's reasons of an OSError, in the words of its Chinese messages. The
``help:`` entries are argparse's own words (``usage:``, ``options:``), said by the command
line's help formatter under ``--lang zh``.
"""

from __future__ import annotations

COMMANDS: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ run and validate
    "cmd:hours": {"en": "{mean} / {p95} h", "zh": "{mean} / {p95} 小时"},
    "cmd:events_wall": {"en": "{n} / {s} s", "zh": "{n} / {s} 秒"},
    "cmd:valid_ok": {"en": "{path}: ok", "zh": "{path}：检查通过"},
    "cmd:explorer": {
        "en": "yiwu-sim explorer on {url} (offline; Ctrl-C stops it)",
        "zh": "yiwu-sim 探索页面：{url}（离线运行；按 Ctrl-C 停止）",
    },
    "cmd:port_in_use": {
        "en": "port {port} on 127.0.0.1 is in use (another explorer?): choose another with "
        "--port, or leave --port out for a free one",
        "zh": "127.0.0.1 的端口 {port} 已被占用（另一个探索页面？）：用 --port 另选一个，"
        "或不加 --port 自动选用空闲端口",
    },
    "cmd:port_range": {
        "en": "--port {port}: a port is a whole number from 0 to 65535 (0: a free one)",
        "zh": "--port {port}：端口应为 0 到 65535 之间的整数（0：自动选用空闲端口）",
    },
    "cmd:plan_unreadable": {
        "en": "{plan}: not a plan this version can read ({exc})",
        "zh": "{plan}：不是此版本能读取的计划（{exc}）",
    },
    # what the system says went wrong (an OSError's strerror), as its Chinese messages say it
    "os:ENOENT": {"en": "No such file or directory", "zh": "没有那个文件或目录"},
    "os:EACCES": {"en": "Permission denied", "zh": "权限不够"},
    "os:EPERM": {"en": "Operation not permitted", "zh": "不允许的操作"},
    "os:ENOSPC": {"en": "No space left on device", "zh": "设备上没有空间"},
    "os:EROFS": {"en": "Read-only file system", "zh": "只读文件系统"},
    "os:EEXIST": {"en": "File exists", "zh": "文件已存在"},
    "os:EISDIR": {"en": "Is a directory", "zh": "是一个目录"},
    "os:ENOTDIR": {"en": "Not a directory", "zh": "不是目录"},
    "os:EPIPE": {"en": "Broken pipe", "zh": "断开的管道"},
    "os:ENAMETOOLONG": {"en": "File name too long", "zh": "文件名过长"},
    "os:EDQUOT": {"en": "Disk quota exceeded", "zh": "超出磁盘限额"},
    # ------------------------------------------------------------------ collect
    "cmd:collect_done": {
        "en": "{runs} runs checked against their manifests; {rows} rows (run x KPI); "
        "varied: {params}",
        "en_one": "{runs} run checked against its manifest; {rows} rows (run x KPI); "
        "varied: {params}",
        "count": "runs",
        "zh": "已按运行清单核对 {runs} 次运行；共 {rows} 行（运行 × 指标）；变动的参数：{params}",
    },
    "cmd:none": {"en": "none", "zh": "无"},
    "cmd:table": {"en": "table: {path}", "zh": "表格：{path}"},
    "cmd:dup_kept": {"en": "kept: --keep-duplicates", "zh": "已按 --keep-duplicates 全部保留"},
    "cmd:dup_once": {"en": "counted once", "zh": "只计一次"},
    "cmd:dup_more": {"en": " (and {n} more)", "zh": "（另有 {n} 处）"},
    # ------------------------------------------------------------------ events
    "cmd:events_done": {
        "en": "{n} events of {entities} (vidigi's event log layout): {path}",
        "zh": "{n} 条{entities}事件（vidigi 事件日志格式）：{path}",
    },
    "cmd:ent_trains": {"en": "trains", "zh": "班列"},
    "cmd:ent_orders": {"en": "orders", "zh": "订单"},
    "cmd:events_many": {
        "en": "{folder}: holds {n} runs, not one; name one of them, e.g. {example}",
        "zh": "{folder}：包含 {n} 次运行，而不是一次；请指定其中一次，例如 {example}",
    },
    "cmd:events_summaries": {
        "en": "{folder}: kept only its summaries (no orders, trains or borders tables to build "
        "an event log from)",
        "zh": "{folder}：只保留了汇总（没有可生成事件日志的订单、班列或口岸表）",
    },
    # ------------------------------------------------------------------ warmup
    "cmd:mser_head": {
        "en": "MSER-{batch} on the daily series (averaged over the runs found), in days:",
        "zh": "按每日序列计算 MSER-{batch}（取所找到各次运行的平均），单位：天",
    },
    "cmd:series": {"en": "series", "zh": "序列"},
    "cmd:warmup": {"en": "warm-up", "zh": "预热期"},
    "cmd:days_in_run": {
        "en": "days used (whole batches of {batch})",
        "zh": "所用天数（整批，每批 {batch} 天）",
    },
    "cmd:constant": {"en": "{d} (constant)", "zh": "{d}（恒定）"},
    "cmd:series_waiting": {"en": "TEU waiting at Yiwu", "zh": "义乌待发 TEU"},
    "cmd:series_queue": {"en": "trains queueing at {place}", "zh": "{place}排队列车"},
    "cmd:no_warmup": {
        "en": "no warm-up suggested: for {none} the minimum lies in the second half of the run "
        "(too short, or no steady state, as under seasonal demand); keep the scenario's "
        "warmup_days",
        "zh": "无法建议预热期：{none} 的最小值落在运行的后半段（运行太短，或没有稳态，"
        "季节性需求即是如此）；请沿用情景的 warmup_days",
    },
    "cmd:suggested": {
        "en": "suggested: --set warmup_days={d} (the longest of the series)",
        "zh": "建议：--set warmup_days={d}（取各序列中最长的）",
    },
    "warm:no_daily": {
        "en": "{folder}: no daily table (daily.parquet or daily.csv)",
        "zh": "{folder}：没有每日明细表（daily.parquet 或 daily.csv）",
    },
    "warm:nested": {
        "en": "{here}: nested more than 32 folders deep below {folder}",
        "zh": "{here}：在 {folder} 之下嵌套超过 32 层文件夹",
    },
    "warm:no_runs": {
        "en": "{folders}: no run folder with a daily table",
        "zh": "{folders}：没有带每日明细表的运行文件夹",
    },
    "warm:no_series_any": {
        "en": "--series: no run's daily table has the series {name}; there are {known}",
        "zh": "--series：没有任何运行的每日明细表含有序列 {name}；现有：{known}",
    },
    "warm:no_series": {
        "en": "{run}: the daily table has no series {name}; there are {known}",
        "zh": "{run}：每日明细表中没有序列 {name}；现有：{known}",
    },
    # ------------------------------------------------------------------ figures
    "cmd:figures_done": {
        "en": "{n} figures ({fmt}) in {out}: {names}",
        "zh": "{n} 张图（{fmt}）已写入 {out}：{names}",
    },
    "cmd:figure_done": {
        "en": "1 figure ({fmt}) in {out}: {names}",
        "zh": "1 张图（{fmt}）已写入 {out}：{names}",
    },
    "cmd:needs": {
        "en": "yiwu-sim {command} needs {package}: pip install 'yiwu-sim[{extra}]'",
        "zh": "yiwu-sim {command} 需要 {package}：pip install 'yiwu-sim[{extra}]'",
    },
    "fig:no_folder": {
        "en": "{folder}: no such results folder",
        "zh": "{folder}：没有这个结果文件夹",
    },
    "fig:not_results": {
        "en": "{folder}: not a results folder (no summary.json, aggregate.json, "
        "comparison.json or sweep.json)",
        "zh": "{folder}：不是结果文件夹（没有 summary.json、aggregate.json、comparison.json "
        "或 sweep.json）",
    },
    "fig:unreadable": {"en": "{path}: cannot be read ({why})", "zh": "{path}：无法读取（{why}）"},
    "fig:not_object": {"en": "{path}: not a JSON object", "zh": "{path}：不是 JSON 对象"},
    "fig:no_scenarios": {"en": "{path}: no scenarios in it", "zh": "{path}：其中没有情景"},
    "fig:no_points": {"en": "{path}: no points in it", "zh": "{path}：其中没有取值点"},
    "fig:no_point_done": {
        "en": "{folder}: no point of the sweep has finished (no p000/aggregate.json)",
        "zh": "{folder}：扫描的取值点都还没有完成（没有 p000/aggregate.json）",
    },
    # the experiment figures' titles and labels (sim.figures.folders, sim.figures.experiments)
    "fig:reps_title": {
        "en": "{name}: {n} replications, mean and 95 % interval",
        "en_one": "{name}: {n} replication, mean and 95 % interval",
        "count": "n",
        "zh": "{name}：{n} 次重复，均值与 95% 区间",
    },
    "fig:cmp_title": {
        "en": "Each scenario: mean and 95 % interval (dots: replications)",
        "zh": "各情景：均值与 95% 区间（圆点：各次重复）",
    },
    "fig:diff_title": {
        "en": "Paired differences against {base} (mean and 95 % interval)",
        "zh": "相对于 {base} 的配对差值（均值与 95% 区间）",
    },
    "fig:difference": {"en": "{kpi}: difference", "zh": "{kpi}：差值"},
    "fig:kpi:lead_time_days.overall.mean": {
        "en": "lead time mean, days",
        "zh": "平均交货周期（天）",
    },
    "fig:kpi:lead_time_days.overall.p95": {
        "en": "lead time p95, days",
        "zh": "交货周期95分位（天）",
    },
    "fig:kpi:lead_time_days.by_mode.rail.mean": {
        "en": "rail lead time mean, days",
        "zh": "铁路平均交货周期（天）",
    },
    "fig:kpi:lead_time_days.by_mode.sea.mean": {
        "en": "sea lead time mean, days",
        "zh": "海运平均交货周期（天）",
    },
    "fig:kpi:on_time.share": {"en": "delivered by the deadline, %", "zh": "截止日前送达（%）"},
    "fig:kpi:orders.backordered_share": {"en": "backordered, %", "zh": "缺货订单比例（%）"},
    "fig:kpi:emissions_cost.co2e_kg_total": {"en": "CO2e, t", "zh": "二氧化碳当量（吨）"},
    "fig:kpi:emissions_cost.cost_usd_total": {
        "en": "freight cost, USD m",
        "zh": "运费（百万美元）",
    },
    "fig:no_font": {
        "en": "no Chinese font found for the figures (their Chinese words may show as boxes); "
        "install one, e.g. Noto Sans CJK SC (fonts-noto-cjk)",
        "zh": "没有找到可用于图的中文字体（图中的中文可能显示为方框）；请安装一种，例如 "
        "Noto Sans CJK SC（fonts-noto-cjk）",
    },
    "fig:sweep_title": {
        "en": "Sweep: mean and 95 % interval at each point",
        "zh": "参数扫描：各取值点的均值与 95% 区间",
    },
    # the progress bar of an experiment's runs (sim.experiment.progress.BarWords; the English
    # bar is tqdm's own, which these entries' English repeats)
    "bar:format": {
        "en": "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, "
        "{rate_words}]",
        "zh": "{desc}：{percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} 次运行 "
        "[已用 {elapsed}，剩余 {remaining}，{rate_words}]",
    },
    "bar:rate": {"en": "{x}run/s", "zh": "每秒 {x} 次"},
    "bar:rate_inv": {"en": "{x}s/run", "zh": "每次 {x} 秒"},
    "bar:rate_unknown": {"en": "?run/s", "zh": "速度待测"},
    "bar:label:runs": {"en": "runs", "zh": "运行"},
    "bar:label:compare": {"en": "compare", "zh": "比较"},
    "bar:label:sweep": {"en": "sweep", "zh": "参数扫描"},
    "bar:label:sensitivity": {"en": "sensitivity", "zh": "敏感性分析"},
    "bar:label:search": {"en": "search", "zh": "搜索"},
    "bar:label:selection": {"en": "selection", "zh": "选择"},
    # the sensitivity figure (sensitivity.svg)
    "fig:sens_morris": {
        "en": "Morris: mu* (bar) with 95 % bootstrap interval; orange tick: noise alone",
        "zh": "Morris 筛选：mu*（条形）及其 95% 自助法区间；橙色刻度：仅由噪声产生的 mu*",
    },
    "fig:sens_sobol": {
        "en": "Sobol: total index ST (bar) with 95 % bootstrap interval; red dot: S1",
        "zh": "Sobol 指数：总效应指数 ST（条形）及其 95% 自助法区间；红点：一阶指数 S1",
    },
    "fig:sens_none": {
        "en": "no KPI could be analysed (see notes in sensitivity.json)",
        "zh": "没有可以分析的指标（原因见 sensitivity.json 的 notes）",
    },
    "fig:sens_noise_tip": {"en": "noise alone: mu* {v}", "zh": "仅由噪声产生：mu* {v}"},
    # ------------------------------------------------------------------ network
    "cmd:net_line": {"en": "line", "zh": "线路"},
    "cmd:net_name": {"en": "name", "zh": "名称"},
    "cmd:net_km": {"en": "km", "zh": "公里"},
    "cmd:net_model_d": {"en": "model d", "zh": "模型天数"},
    "cmd:net_sourced_d": {"en": "sourced d", "zh": "资料天数"},
    "cmd:net_sourced_km": {"en": "sourced km", "zh": "资料公里"},
    "cmd:net_borders": {"en": "borders", "zh": "口岸"},
    "cmd:net_port_to_port": {"en": "port-to-port", "zh": "港到港"},
    "cmd:net_note": {
        "en": "model d = running time + nominal border dwell + 1 terminal day (sea: without "
        "port dwell)",
        "zh": "模型天数 = 运行时间 + 名义口岸停留 + 1 天场站作业（海运：不含港口停留）；"
        "资料天数、资料公里：公开资料所报（lines.csv 的 source 列）",
    },
    "cmd:net_legend": {"en": "border crossings: {list}", "zh": "口岸：{list}"},
    "cmd:net_wrote": {
        "en": "wrote {graphml} and {geojson}",
        "zh": "已写出 {graphml} 和 {geojson}",
    },
    # ------------------------------------------------------------------ sensitivity
    "cmd:sens_intro": {  # (four counts, each its own form for one: glossary's count:*)
        "en": "{method}: {inputs}, {points} x {reps} with common random numbers = {runs} "
        "({now} run now)",
        "zh": "{method}：{inputs}，{points} × 每点 {reps}（公共随机数）= {runs}"
        "（本次运行 {now} 次）",
    },
    "cmd:sens_input": {"en": "input", "zh": "输入"},
    "cmd:sens_interval": {"en": "95 % interval", "zh": "95% 区间"},
    "cmd:sens_noise": {"en": "noise", "zh": "噪声"},
    "cmd:sens_near_noise": {"en": " (~noise)", "zh": "（与噪声相当）"},
    "cmd:note": {"en": "note: {text}", "zh": "注：{text}"},
    "cmd:results_files": {"en": "results: {folder} ({files})", "zh": "结果：{folder}（{files}）"},
    # ------------------------------------------------------------------ argparse's frame
    "help:usage": {"en": "usage: ", "zh": "用法： "},
    "help:positional": {"en": "positional arguments", "zh": "位置参数"},
    "help:options": {"en": "options", "zh": "选项"},
    "help:help": {"en": "show this help message and exit", "zh": "显示此帮助信息并退出"},
    "help:version": {"en": "show program's version number and exit", "zh": "显示版本号并退出"},
    "arg:seed_text": {
        "zh": "随机种子应为 0 至 {most} 的整数，给出的是 {value}",
    },
    # ------------------------------------------------------------------ the results layer
    # (read back from the English of sim.output.results, sim.output.install and
    # sim.experiment.collect: the text after "path: ", or the whole line)
    "res:not_folder": {"en": "not a results folder", "zh": "不是结果文件夹"},
    "res:other_scenario": {
        "en": "{folder} holds a run of a different scenario; choose another --out or --run-id, "
        "or pass --force (which replaces it)",
        "zh": "{folder} 中是另一情景的运行；请另选 --out 或 --run-id，或加 --force（将替换它）",
    },
    "res:other_scenario_in": {
        "en": "{folder} holds a run of a different scenario ({changes}); choose another --out "
        "or --run-id, or pass --force (which replaces it)",
        "zh": "{folder} 中是另一情景的运行（{changes}）；请另选 --out 或 --run-id，或加 --force"
        "（将替换它）",
    },
    "res:other_seed": {
        "en": "{folder} holds a run of seed {was}, not {now} (another --seed): choose another "
        "--run-id or --out for this set, or pass --force (which replaces it)",
        "zh": "{folder} 中是种子 {was} 的运行，而不是 {now}（另一 --seed）：请为本重复集另选 "
        "--run-id 或 --out，或加 --force（将替换它）",
    },
    "res:run_id_single": {
        "en": "a single run's folder; give the set another --run-id",
        "zh": "这是单次运行的文件夹；请为重复集另取一个 --run-id",
    },
    "res:table_name": {
        "en": "the table's name must end in .parquet or .csv",
        "zh": "表格文件名必须以 .parquet 或 .csv 结尾",
    },
    "res:missing": {"en": "file is missing", "zh": "文件缺失"},
    "res:missing_run": {
        "en": "file is missing (incomplete run folder)",
        "zh": "文件缺失（运行文件夹不完整）",
    },
    "res:unreadable": {"en": "unreadable ({why})", "zh": "无法读取（{why}）"},
    "res:not_table": {
        "en": "not a table file (.parquet or .csv)",
        "zh": "不是表格文件（.parquet 或 .csv）",
    },
    "res:no_run": {
        "en": "holds no run folder (none with a manifest.json)",
        "zh": "其中没有运行文件夹（没有含 manifest.json 的文件夹）",
    },
    "res:damaged": {"en": "damaged ({why})", "zh": "已损坏（{why}）"},
    "res:key_missing": {"en": "the key {name} is missing", "zh": "缺少键 {name}"},
    "res:differs": {
        "en": "its content differs from what the run wrote (SHA-256 in manifest.json): cut "
        "short, edited or damaged",
        "zh": "内容与运行所写出的不一致（以 manifest.json 中的 SHA-256 为准）：被截断、改动过或"
        "已损坏",
    },
    "res:schema": {
        "en": "schema_version {v} is not one this yiwu-sim reads ({known}); collect it with the "
        "version that wrote it",
        "zh": "schema_version {v} 不是此版本 yiwu-sim 能读取的（{known}）；请用写出它的版本来汇总",
    },
    "res:too_many": {
        "en": "holds more than {n} run folders; collect fewer at a time",
        "zh": "包含超过 {n} 个运行文件夹；请分批汇总",
    },
    "res:too_deep": {
        "en": "nested more than {n} folders deep below {folder}; results folders are not",
        "zh": "在 {folder} 之下嵌套超过 {n} 层文件夹；结果文件夹不会嵌套这么深",
    },
    "res:sens_left_out": {
        "en": "not produced by this scenario, left out: {kpis}",
        "zh": "本情景不产生这些指标，已略去：{kpis}",
    },
    "res:sens_no_value": {
        "en": "no value in {n} runs, not analysed",
        "en_one": "no value in {n} run, not analysed",
        "count": "n",
        "zh": "{n} 次运行没有数值，未作分析",
    },
    # sensitivity's own checks (sim.experiment.sensitivity, sim.experiment.assumptions)
    "res:sens_two": {
        "en": "a sensitivity analysis needs at least two inputs (see --vary); got {n}: {names}",
        "zh": "敏感性分析至少需要两个输入（见 --vary）；实际为 {n} 个：{names}",
    },
    "res:sens_not_number": {
        "en": "--vary {name}: the scenario's value there is {value}, not a number; a sensitivity "
        "analysis varies numbers (to try a few settings of it: compare, or sweep --vary "
        "KEY=A,B)",
        "zh": "--vary {name}：情景在此处的取值是 {value}，不是数字；敏感性分析只改变数值（要比较"
        "它的几种设定：用 compare，或 sweep --vary KEY=A,B）",
    },
    "res:sens_closure_kpis": {"en": "closure KPIs are {kpis}", "zh": "关闭类指标只有 {kpis}"},
    "res:sens_closure": {
        "en": "closure KPIs need a scenario that closes a border crossing (a node disruption "
        "with servers_factor: 0)",
        "zh": "关闭类指标需要一个关闭口岸的情景（servers_factor: 0 的 node 干扰）",
    },
    "res:sens_kpi_close": {
        "en": "{kpi} is not a KPI of summary.json; close: {close}",
        "zh": "{kpi} 不是 summary.json 中的指标；相近的有：{close}",
    },
    "res:sens_kpi": {
        "en": "{kpi} is not a KPI of summary.json",
        "zh": "{kpi} 不是 summary.json 中的指标",
    },
    "res:at_least": {"en": "at least {n}", "zh": "至少为 {n}"},
    "res:even": {"en": "an even number, at least {n}", "zh": "应为偶数，至少为 {n}"},
    "res:power_two": {
        "en": "a power of two (Sobol sequences), >= {n}",
        "zh": "应为 2 的幂（Sobol 序列），且 >= {n}",
    },
    "res:vary_form": {
        "en": "expected key.path=LO..HI (or key.path=*LO..HI, a factor)",
        "zh": "应写作 key.path=LO..HI（或 key.path=*LO..HI，即情景取值的倍数）",
    },
    "res:vary_range": {
        "en": "LO and HI must be numbers with LO < HI, got {lo}, {hi}",
        "zh": "LO 和 HI 必须是数字且 LO < HI，给出的是 {lo}, {hi}",
    },
    "res:seed_not_param": {  # plan_spec.SEED_NOT_A_PARAMETER, after "--vary seed: "
        "en": "every point (or candidate) runs the same seeds, spawned from one root (common "
        "random numbers), so points that differ only in their seed would come out the same; set "
        "the root with --seed, or run more seeds with --replications",
        "zh": "每个取值点（或候选方案）都用同一组种子，由一个根种子派生（共同随机数），只在种子上"
        "不同的取值点结果会一样；请用 --seed 设定根种子，或用 --replications 多跑几个种子",
    },
    "res:vary_finite": {
        "en": "LO and HI must be finite numbers, got {lo}, {hi}",
        "zh": "LO 和 HI 必须是有限的数字，给出的是 {lo}, {hi}",
    },
    "res:given_twice": {"en": "{what} given twice", "zh": "{what} 重复给出"},
    "res:vary_factor": {
        "en": "a factor needs a number at that key in the scenario",
        "zh": "倍数形式要求情景中该键的值是数字",
    },
    # the experiment layer's refusals (sim.experiment.runs, sim.experiment.cluster) and the
    # JSON reader's (sim.output.jsonio)
    "res:workers_died": {
        "en": "worker processes kept dying; {n} runs were not completed",
        "en_one": "worker processes kept dying; {n} run was not completed",
        "count": "n",
        "zh": "工作进程接连意外退出；有 {n} 次运行未完成",
    },
    "res:scheduler": {
        "en": "cannot reach the Dask scheduler at {address}: {why}",
        "zh": "无法连接 {address} 上的 Dask 调度器：{why}",
    },
    "res:cluster_build": {
        "en": "the Dask worker {address} runs another build of yiwu-sim (code_sha256 {build} "
        "against the client's {ours}): install the same yiwu-sim on every worker as on the "
        "client, or one experiment would mix two builds' numbers",
        "zh": "Dask 工作节点 {address} 运行的是另一个版本的 yiwu-sim（code_sha256 {build}，"
        "客户端为 {ours}）：请在每个工作节点上安装与客户端相同的 yiwu-sim，否则一次实验会"
        "混入两个版本的数字",
    },
    "res:cluster_run": {
        "en": "run {folder} failed on the cluster: {why}",
        "zh": "运行 {folder} 在集群上失败：{why}",
    },
    "res:cluster_file": {
        "en": "a worker sent an unexpected file {name}",
        "zh": "工作进程发来一个意外的文件 {name}",
    },
    "res:worker_import": {
        "en": "policy module {name}: a worker cannot import it: {why}",
        "zh": "策略模块 {name}：工作进程无法导入它：{why}",
    },
    "res:compare_reps": {
        "en": "a comparison needs at least 2 replications for an interval, got {n}",
        "zh": "比较至少需要 2 次重复才能给出区间，给出的是 {n}",
    },
    "res:sweep_vary": {
        "en": "sweep needs at least one --vary key.path=v1,v2,...",
        "zh": "sweep 至少需要一个 --vary key.path=v1,v2,...",
    },
    "res:report_write": {
        "en": "cannot write the report ({why})",
        "zh": "无法写出报告（{why}）",
    },
    "res:not_regular": {"en": "not a regular file", "zh": "不是普通文件"},
    "res:too_large": {
        "en": "larger than {n} bytes; not a file yiwu-sim wrote",
        "zh": "大于 {n} 字节；不是 yiwu-sim 写出的文件",
    },
    "res:nested_json": {"en": "nested more than {n} levels deep", "zh": "嵌套超过 {n} 层"},
    "res:not_utf8": {"en": "not UTF-8 text", "zh": "不是 UTF-8 文本"},
    "res:not_mapping": {"en": "not a mapping", "zh": "不是映射"},
    "res:exists": {
        "en": "{folder} exists already; choose another --out or pass --force",
        "zh": "{folder} 已存在；请换一个 --out 或加 --force",
    },
}
"""The commands' words, ``key -> {"en": text, "zh": text}``."""
