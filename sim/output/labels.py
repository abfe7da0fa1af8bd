"""Figure and report labels in English and Chinese (``lang="zh"``).

Kept apart from the figures so that the report (SVG) and the matplotlib figures of
:mod:`sim.figures` share one vocabulary, and the report does not import matplotlib.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "network": "Lines by TEU carried; crossings by mean wait",
        "lon": "longitude",
        "lat": "latitude",
        "gauge": "gauge change",
        "wait": "mean wait, h",
        "teu_week_line": "TEU leaving Yiwu per week, by corridor and line",
        "teu_week_mode": "TEU departed per week, by mode",
        "trains_week": "Trains from Yiwu per week",
        "extra_trains": "extra trains (dispatch policy)",
        "timetable_trains": "timetable",
        "week": "week from start",
        "teu": "TEU",
        "trains": "trains",
        "lead_mode": "Lead time by mode",
        "lead_dest": "Lead time by destination and mode: middle half, 5th-95th percentile, median",
        "days": "days",
        "stages": "Where the time goes (mean days, delivered orders)",
        "on_time": "Delivered by the deadline, by destination (each deadline apart)",
        "on_time_pooled": "Delivered by the deadline, by destination (every deadline together)",
        "share": "share on time",
        "share_pct": "share on time, %",
        "safe": (
            "Last safe order date: orders placed that day are delivered by the deadline "
            "in at least {pct} % of cases"
        ),
        "deadline": "deadline",
        "days_before": "days before",
        "none_safe": "no safe day: even the earliest orders miss",
        "no_deadline": "No order has a deadline inside the run.",
        "late_week": "Orders judged against a deadline, by order week: late ones in red",
        "late_of": "late",
        "late": "late",
        "on_time_n": "in time",
        "on_time_at_least": "at least {pct} % in time",
        "on_time_below": "below {pct} %",
        "of": "of",
        "no_trains": "No departures in the run.",
        "none_delivered": "No order was delivered in the run.",
        "no_crossings": "No border crossings in the run.",
        "no_queue": "No queue at",
        "queue_note": "Line: time-averaged trains waiting per day; band: the day's peak.",
        "queue_note_disrupted": " Grey between dashes: the crossing's disruption in the scenario.",
        "crossing_closed": "closed {a} – {b}",
        "crossing_disrupted": "disrupted {a} – {b}",
        "disrupted_title": (
            "Disrupted crossings: the Yiwu trains that reached each disrupted crossing in its "
            "window, how long they waited there and the deadlines of the goods they carried "
            "(from the run's crossings and orders tables; the border-queue figure shades the "
            "windows)"
        ),
        "disrupted_title_reps": (
            "Disrupted crossings: the Yiwu trains that reached each disrupted crossing in its "
            "window, how long they waited there and the deadlines of the goods they carried, "
            "over every replication (from the replications' crossings and orders tables)"
        ),
        "disrupted_head": "what the disruption did",
        "mean": "mean",
        "peak": "peak",
        "departures": "departures",
        "leg:feeder": "feeder",
        "leg:sailing": "sailing",
        "departures:sailing": "departures",
        "crossings": "crossings",
        "no_data": "Nothing to show.",
        "paired": "Paired differences against the baseline (mean and 95 % interval; * excludes 0)",
        "no_difference": "No difference in any replication",
        "paired_colours": (
            "Green: better than the baseline; red: worse; blue: changed, neither better nor "
            "worse (orders placed, trains added); grey, hollow: the 95 % interval includes 0"
        ),
        "map_note": "Outlines: Natural Earth 1:110m (public domain). Sea routes are not drawn.",
        "map_detours": "Dashed: the path of the trains that went round a closed crossing, "
        "where it leaves their line (trains: {trains}).",
        "map_went_round": "trains that went round a closed crossing this way: {n}, {teu} TEU",
        "queue": "Trains queueing at border crossings, per day",
        "border_wait": "Wait for a border server: mean (bar) to 95th percentile, hours",
        "hours": "hours",
        "load": "Train load factor by line",
        "load_factor": "load factor",
        "buyers": "Foreign buyer visits per day (in scope)",
        "closed": "market closed",
        "fair": "fair",
        "visits": "visits",
        "orders_cat": "Orders and backorders by category",
        "orders": "orders",
        "backorders": "backorders",
        "date": "date",
        "kpi_ci": "Mean and 95 % interval",
        "param": "parameter",
        "end_stage": "Orders by stage at the end",
        "merchant": "merchant",
        "consolidation": "consolidation",
        "waiting_for_departure": "waiting for departure",
        "travel": "travel (incl. borders)",
        "release": "release",
    },
    "zh": {
        "network": "各线路运量（TEU）与口岸平均等待",
        "lon": "经度",
        "lat": "纬度",
        "gauge": "换轨",
        "wait": "平均等待（小时）",
        "teu_week_line": "每周义乌发运TEU（按通道与线路）",
        "teu_week_mode": "每周发运TEU（按运输方式）",
        "trains_week": "每周义乌发车列数",
        "extra_trains": "加开班列（调度策略）",
        "timetable_trains": "图定班列",
        "week": "周次",
        "teu": "TEU",
        "trains": "列",
        "lead_mode": "交货周期（按运输方式）",
        "lead_dest": "交货周期（按目的地与运输方式）：中间50%、5-95分位、中位数",
        "days": "天",
        "stages": "时间花在哪里（已交付订单平均天数）",
        "on_time": "截止日前送达率（按目的地，各截止日分列）",
        "on_time_pooled": "截止日前送达率（按目的地，各截止日合计）",
        "share": "准时率",
        "share_pct": "准时率（%）",
        "safe": "最晚安全下单日：当日下单的货物至少{pct}%能在截止日前送达",
        "deadline": "截止日",
        "days_before": "天前",
        "none_safe": "没有安全下单日：最早的订单也会迟到",
        "no_deadline": "运行期内没有订单的截止日。",
        "late_week": "按下单周统计有截止日的订单：红色为迟到",
        "late_of": "迟到",
        "late": "迟到",
        "on_time_n": "准时",
        "on_time_at_least": "至少 {pct}% 准时",
        "on_time_below": "低于 {pct}%",
        "of": "共",
        "no_trains": "运行期内没有发车。",
        "none_delivered": "运行期内没有交付的订单。",
        "no_crossings": "运行期内没有过境。",
        "no_queue": "无排队的口岸",
        "queue_note": "折线：每日平均排队列车数（按时间加权）；色带：当日峰值。",
        "queue_note_disrupted": "虚线间灰色：情景中该口岸受干扰的时段。",
        "crossing_closed": "关闭 {a} – {b}",
        "crossing_disrupted": "受干扰 {a} – {b}",
        "disrupted_title": (
            "受干扰的口岸：在干扰期间到达各受干扰口岸的义乌班列、其在该处等待的时间及所载货物的"
            "截止日（据本次运行的过境与订单表；口岸排队图以灰色标出干扰时段）"
        ),
        "disrupted_title_reps": (
            "受干扰的口岸：各次重复中在干扰期间到达各受干扰口岸的义乌班列、其在该处等待的时间及"
            "所载货物的截止日（据各次重复的过境与订单表）"
        ),
        "disrupted_head": "干扰造成的影响",
        "mean": "平均",
        "peak": "峰值",
        "departures": "班列",
        "leg:feeder": "海铁联运",
        "leg:sailing": "海运航次",
        "departures:sailing": "航次",
        "crossings": "次过境",
        "no_data": "没有可显示的数据。",
        "paired": "与基准情景的配对差值（均值与95%置信区间；*表示不含0）",
        "no_difference": "各次重复均无差异",
        "paired_colours": (
            "绿色：优于基准；红色：更差；蓝色：有变化但无所谓好坏（下单数、加开班列）；"
            "灰色空心：95%区间包含0"
        ),
        "map_note": "国界轮廓：Natural Earth 1:110m（公有领域）。海运航线未画出。",
        "map_detours": "虚线：绕开关闭口岸的列车离开原线路后所走的路径（列车：{trains}）。",
        "map_went_round": "经此绕开关闭口岸的列车：{n} 列，共 {teu} TEU",
        "queue": "口岸每日排队列车数",
        "border_wait": "口岸等待：平均（条）至95分位（小时）",
        "hours": "小时",
        "load": "各线路装载率",
        "load_factor": "装载率",
        "buyers": "每日外商到访（模型范围内）",
        "closed": "市场休市",
        "fair": "展会",
        "visits": "人次",
        "orders_cat": "各品类订单与缺货订单",
        "orders": "订单",
        "backorders": "缺货订单",
        "date": "日期",
        "kpi_ci": "均值与95%置信区间",
        "param": "参数",
        "end_stage": "结束时订单所处阶段",
        "merchant": "商户",
        "consolidation": "拼箱",
        "waiting_for_departure": "等待发车",
        "travel": "运输（含口岸）",
        "release": "放货",
    },
}


def label(key: str, lang: str = "en") -> str:
    """A figure label in ``lang`` (English when the key has no translation)."""
    return LABELS.get(lang, LABELS["en"]).get(key, LABELS["en"].get(key, key))
