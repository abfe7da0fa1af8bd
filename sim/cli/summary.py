"""The summary ``yiwu-sim run`` prints after a single run: its main KPIs in a short table, in
the reader's language (labels from the glossary).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sim.cli.printing import _fmt, _out, _pad, _width


def safe_dates_said(
    dates: list[tuple[Any, ...]], missed: list[str], due: str, lang: str,
    label: Callable[[tuple[Any, ...]], str] = lambda d: str(d[1]),
) -> str | None:  # fmt: skip
    """A deadline's last safe order dates as the printed summaries say them: the first and
    the last over every line and destination (``dates``: (ISO date, where, ...) each; one
    date once, not a range from itself to itself), then the lines and destinations with none
    (``missed``: even their first orders miss), named, not left out; None with neither.
    ``label`` says an end's where (a run's says how few orders it rests on)."""
    from sim.output.glossary import term

    none = sorted(missed)
    where = ", ".join(none) if len(none) <= 3 else term(
        "cli:and_more", lang, some=", ".join(none[:3]), n=len(none) - 3)  # fmt: skip
    if not dates:
        return term("cli:safe_none", lang, where=where, d=due) if none else None
    first, last = min(dates), max(dates)
    if first[:2] == last[:2]:  # one line to one destination
        said = term("cli:safe_one", lang, a=first[0], la=label(first), d=due)
    else:
        said = term("cli:safe_range", lang, a=first[0], la=label(first), b=last[0],
                    lb=label(last), d=due)  # fmt: skip
    return said + term("cli:safe_none_on", lang, where=where) if none else said


def disruption_said(
    folders: Sequence[Path], scenario: dict[str, Any], lang: str = "en"
) -> list[str]:
    """What each crossing disruption of ``scenario`` (a mapping, as ``scenario.yaml`` holds it)
    did to Yiwu's trains and their orders over the runs in ``folders``, one text per window:
    the sentences of the report's *Disrupted crossings* (its tables, counted again: a run with
    ``--no-report`` says them too). Empty without a crossing disruption or without the runs'
    tables (``--summaries-only``)."""
    from sim.output.report_run_sections import disruptions_table

    table = disruptions_table(list(folders), scenario, "disrupted_title", lang)
    return [] if table is None else [row[0] for row in table[2]]


def print_disruptions_over(
    folder: Path, lang: str = "en", name: str | None = None, n: int | None = None
) -> None:
    """What each crossing disruption of a replication set's scenario did to Yiwu's trains and
    their deadlines over every replication that kept its tables, one line per window, as the
    set's report says it: the printed set of a closure (and each scenario of a comparison,
    ``name``) said nothing of it, and the comparison's reasons are in its report alone.
    ``n``: the set's replications, the first ``n`` folders (a larger run's later ones, kept in
    the folder but not counted, are not counted here either)."""
    import yaml

    from sim.output.labels import label
    from sim.output.report_parts import replication_summaries

    have = replication_summaries(folder)[:n]
    if not have:
        return
    try:
        scenario = yaml.safe_load((have[0].parent / "scenario.yaml").read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError):  # a damaged set: the table above is said all the same
        return
    head = label("disrupted_head", lang)
    if name is not None:
        head += f"（{name}）" if lang == "zh" else f" ({name})"
    colon = "：" if lang == "zh" else ": "
    for text in disruption_said([p.parent for p in have], scenario, lang):
        _out(f"{head}{colon}{text}")


def print_summary(
    summary: dict[str, Any],
    folder: Path | None,
    wall_s: float,
    events: int,
    lang: str = "en",
    disrupted: Sequence[str] = (),
) -> None:
    """A short table of the run's main KPIs, in ``lang`` (labels from the glossary);
    ``disrupted``: what each crossing disruption did (:func:`disruption_said`), printed
    after the border waits."""
    from sim.output.crossing_summary import date_at, worst_border
    from sim.output.glossary import GLOSSARY, crossing_name, term
    from sim.results.planning_answers import MIN_ORDERS

    def t(key: str, **kw: Any) -> str:
        return term(key, lang, **kw)

    def cat_name(cat: str) -> str:
        return t(f"cat:{cat}") if lang != "en" and f"cat:{cat}" in GLOSSARY else cat

    def few(end: tuple[str, str, Any]) -> str:
        """An end of the range of last safe order dates: its line, and how many orders its
        share rests on when fewer than a day's pool (a line's last order days, or the first
        days together): "L15>THR: 1 order" is not read as a date as sure as the others."""
        _, name, n = end
        if isinstance(n, int) and n < MIN_ORDERS:
            return t("cli:safe_few", line=name, n=n)
        return name

    o = summary["orders"]
    lt = summary["lead_time_days"]
    rows: list[tuple[str, str]] = [
        (t("cli:placed"), _fmt(o["placed_after_warmup"])),
        (t("cli:delivered"), _fmt(o.get("delivered_after_warmup", o["delivered"]))),
        (t("cli:teu"), _fmt(o["teu_placed_after_warmup"])),
    ]
    lost = summary.get("lost_sales")  # buyers who place elsewhere: not among the orders placed
    if lost is not None:
        said = t("cli:lost_row", n=_fmt(lost["orders"]), teu=_fmt(lost["teu"]))
        rows.append((t("cli:lost"), said))
    rows.append((t("cli:lead"), f"{_fmt(lt['overall']['mean'])} / {_fmt(lt['overall']['p95'])}"))
    for mode, d in lt["by_mode"].items():
        name = t(f"mode:{mode}") if f"mode:{mode}" in GLOSSARY else mode
        rows.append((t("cli:by_mode", mode=name), f"{_fmt(d['mean'])} / {_fmt(d['p95'])}"))
    stages = summary["stage_days_mean"]
    from sim.output.labels import label

    comma = "，" if lang == "zh" else ", "
    stage_text = comma.join(f"{label(k, lang)} {_fmt(v)}" for k, v in stages.items())
    rows.append((t("cli:stages"), stage_text))
    ot = summary["on_time"]
    if ot["orders"]:
        # each deadline apart: a festival share and a Christmas share do not add up to one
        rows.append((t("cli:by_deadline"), ""))
        for cat, d in ot["by_category"].items():
            late = t("cli:late", n=f"{d['late']:,}") if "late" in d else ""
            share = t("cli:share_of", pct=_fmt(100 * d["share"]), n=f"{d['orders']:,}", late=late)
            rows.append((f"  {cat_name(cat)}", share))
        safe = ot.get("last_safe_order", {})
        dated = False  # a date printed: then, and only then, how sure one season's dates are
        for cat, spec in safe.items():
            # the range of every row of last_safe_order.csv: a line's pooled row ("all") and
            # each of its destinations' (one may be earlier than the pooled date)
            days, missed = [], []
            due = spec["deadline_date"]
            for line, dests in spec["lines"].items():
                for dest, v in dests.items():
                    where = f"{line}>{dest}" if dest != "all" else line
                    if v["date"]:
                        days.append((v["date"], where, v.get("orders")))
                        if v.get("days_before_deadline") is not None:
                            # the deadline the dates are counted to (the summary's
                            # deadline_date; worked out from them all the same)
                            gap = timedelta(days=v["days_before_deadline"])
                            due = (date.fromisoformat(v["date"]) + gap).isoformat()
                    else:  # even the first orders miss: said, not left out of the range
                        missed.append(where)
            dates_said = safe_dates_said(days, missed, due, lang, few)
            if dates_said is not None:
                rows.append((t("cli:safe", cat=cat_name(cat)), dates_said))
                dated = dated or bool(days)
        if dated:
            rows.append((t("cli:how_sure"), ""))
    trains = [v for k, v in summary["lines"].items() if ":" not in k]
    if trains:
        n = sum(v["departures"] for v in trains)
        teu = sum(v["teu"] for v in trains)
        lf = [v["load_factor"] for v in trains if v["load_factor"] is not None]
        rows.append((t("cli:trains"), f"{n:,} / {teu:,.0f}"))
        if lf:
            rows.append((t("cli:load"), f"{100 * sum(lf) / len(lf):.0f} %"))
    # what the operators changed, as the report's key figures say it: a planner who turned
    # demand-driven trains or the carriers' policy on read nothing of them in the terminal
    d = summary.get("dispatch")
    if d is not None:
        said = t("cli:dispatch_row", added=f"{d['trains_added']:,}",
                 cancelled=f"{d['trains_cancelled']:,}")  # fmt: skip
        rows.append((t("cli:dispatch"), said))
    c = summary.get("sailings")
    if c is not None:
        said = t("cli:sailings_row", festival=f"{c['blanked_festival']:,}",
                 fill=f"{c['blanked_min_fill']:,}", added=f"{c['added']:,}")  # fmt: skip
        rows.append((t("cli:sailings"), said))
    box = summary.get("containers")  # a pool of boxes: said when goods waited for one, as
    if box and box.get("orders_waited_for_box"):  # nothing else printed says why none left
        said = t("cli:box_row", n=f"{box['orders_waited_for_box']:,}",
                 still=f"{box.get('orders_waiting_for_box_at_end', 0):,}",
                 pool=_fmt(box.get("pools_end_teu", {}).get("YIW", 0)))  # fmt: skip
        rows.append((t("cli:box"), said))
    borders = summary["borders"]
    if borders:
        worst = worst_border(borders)
        if worst is None:
            rows.append((t("cli:wait"), t("no_wait")))
        else:
            w = borders[worst]
            mean, p95 = _fmt(w["wait_h_mean"]), _fmt(w["wait_h_p95"])
            hours = t("cmd:hours", mean=mean, p95=p95)
            rows.append((t("cli:wait"), f"{crossing_name(worst, lang)} {hours}"))
    # a closure's own row: the longest mean wait above may be a detour's or another
    # crossing's, and said nothing of the trains the closure held or of their deadlines
    for i, text in enumerate(disrupted):
        rows.append((label("disrupted_head", lang) if i == 0 else "", text))
    for node, h in summary.get("held_at_end", {}).items():
        reopens = h["reopens_h"]
        when = "-" if reopens is None else date_at(summary["start"], reopens)
        rows.append((t("cli:held"), t("cli:held_row", b=crossing_name(node, lang), n=h["trains"],
                                      k=h["yiwu_trains"], mean=_fmt(h["waited_h_mean"]),
                                      longest=_fmt(h["waited_h_max"]), date=when)))  # fmt: skip
    for node, h in summary.get("queued_at_end", {}).items():  # open, every server busy
        if not h["yiwu_trains"]:  # other operators' trains in line at the end: summary.json
            continue
        rows.append((t("cli:queued"), t("cli:queued_row", b=crossing_name(node, lang),
                                        n=h["trains"], k=h["yiwu_trains"],
                                        mean=_fmt(h["waited_h_mean"]),
                                        longest=_fmt(h["waited_h_max"]))))  # fmt: skip
    moving = summary.get("in_service_at_end")
    if moving:  # left Yiwu, not arrived: the trains table's departures = arrivals + these
        from sim.output.report_parts import in_service_words

        rows.append((t("cli:in_service_short"), in_service_words(moving, lang, _fmt)))
    ec = summary["emissions_cost"]
    rows.append(
        (
            t("cli:co2"),
            f"{_fmt(ec['co2e_kg_total'] / 1000)} / {_fmt(ec['cost_usd_total'] / 1e6, 2)}",
        )
    )
    if ec.get("disruption_usd_total"):  # live prices: surcharges and Cape rates, USD m
        from sim.output.report_parts import usd_m_decimals

        above = ec["disruption_usd_total"]  # (to the digits a small charge needs: never 0.00)
        nd = usd_m_decimals([{"mean": above}])
        rows.append((t("cli:above_base"), _fmt(above / 1e6, nd)))
    rows.append((t("cli:events"), t("cmd:events_wall", n=f"{events:,}", s=f"{wall_s:.2f}")))
    width = max(_width(k) for k, v in rows if v)
    day = summary.get("statistics_from_day", 0)
    _out(
        t("cli:head" if day else "cli:head_all", name=summary["scenario"], seed=summary["seed"],
          days=summary["days"], start=summary["start"], scale=summary.get("scale", 1), day=day)
    )  # fmt: skip
    for k, v in rows:
        _out(f"  {_pad(k, width)}  {v}".rstrip())
    if folder is not None:
        _out(f"{term('results', lang)}：{folder}" if lang == "zh" else f"results: {folder}")
