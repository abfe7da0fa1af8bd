"""The tables under a run's key figures: last safe order dates, late orders, the disrupted
crossings and the container balance.

Notes
-----
Each section is ``(heading, column heads, rows)``, the heading worded "title: what the table
holds" (:func:`sim.output.report.section_heading` splits it). A section with nothing to list says
why in its heading rather than show an empty table. The disrupted crossings' section comes first
in a closure's report: it says, from the run's own tables, what each disruption of a crossing
held (:func:`sim.output.explain_disruptions.disruption_effects`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sim.output.glossary import category_name, term
from sim.output.report_values import _day, _num, _unit
from sim.output.svg import unsigned_zero
from sim.results.planning_answers import MIN_ORDERS, safe_basis


def _safe_section(
    rows: list[dict[str, Any]], start: date, target: float, lang: str = "en"
) -> tuple[str, list[str], list[list[str]]]:
    head = [
        term("deadline", lang),
        term("line", lang),
        term("destination", lang),
        term("safe_head_last", lang),
        term("days_before", lang),
        term("in_time_that_day", lang),
        term("day_after", lang),
    ]
    out = []
    for r in rows:
        cat = r["category"] if lang == "en" else category_name(r["category"], lang)
        share = term("share_of", lang, share=_unit(r["share"], "%"), n=r["orders"])
        out.append(
            [
                f"{cat} ({_day(start, r['deadline_day'], lang)})",
                r["line"],
                r["destination"] if r["destination"] != "all" else term("all", lang),
                _day(start, r["day"], lang)
                if r["day"] is not None
                else term("none_first_miss", lang),
                _num(r.get("days_before_deadline")),
                # a mark, said once under the title: the sentence in the cell made the column
                # as wide as the page and every other row two lines tall
                share + _safe_mark(r),
                "–" if r.get("next_day_share") is None else _unit(r["next_day_share"], "%"),
            ]
        )
    if not out:  # nothing to list: say why instead of an empty table
        return term("safe_title_none", lang), head, out
    title = term("safe_title", lang, pct=f"{100 * target:g}")
    marks = {_safe_mark(r) for r in rows}
    for mark, note in ((" *", "few_orders_note"), (" †", "short_pool_note")):
        if mark in marks:  # the mark's meaning, a sentence of its own
            stop = "。" if lang == "zh" else "."
            title = title.rstrip() + ("" if title.rstrip().endswith(stop) else stop)
            title += ("" if lang == "zh" else " ") + term(note, lang, n=MIN_ORDERS)
    return title, head, out


def _safe_mark(r: dict[str, Any]) -> str:
    """The mark of a last safe order row whose share is not of a day's pool of
    :data:`~sim.results.planning_answers.MIN_ORDERS` orders (its ``basis``,
    :func:`~sim.results.planning_answers.safe_basis`): ``*`` for the orders since the first
    order day together, ``†`` for a day among a line's last order days, with fewer orders
    from it to the last than a pool needs. A pool looks forward only, so the stated date can
    err early, not late; on the last order days it rests on a handful of orders (one order on
    time is "100 % of 1") and can be later than a safe one."""
    return {"since_first_order_day": " *", "last_order_days": " †"}.get(safe_basis(r), "")


def _late_section(
    rows: list[dict[str, Any]],
    limit: int = 25,
    lang: str = "en",
    start: date | None = None,
    judged: int | None = None,
    dated: int | None = None,
) -> tuple[str, list[str], list[list[str]]]:
    """The late orders' groups, the largest ``limit`` of them; ``judged``: the orders judged
    by a deadline (with none late, the title says why the table is empty); ``dated``: the
    orders placed after the warm-up with a deadline, judged or not (None: not known), and -1
    when no goods category has a deadline.

    With none judged the title says why: no category has a deadline, none of its orders was
    placed after the warm-up (no demand, a share of 0: the deadline may well fall within the
    run), or every deadline falls after the run's end."""
    head = [
        term("deadline", lang),
        term("order_week_from", lang),
        term("line", lang),
        term("destination", lang),
        term("late", lang),
        term("of", lang),
        term("late_teu", lang),
    ]
    top = sorted(rows, key=lambda r: (-r["late"], r["week_start"]))[:limit]
    top.sort(key=lambda r: (r["category"], r["week_start"], r["line"], r["destination"]))

    def day(iso: str) -> str:  # dates as in the last safe order table above it
        if start is None:
            return iso
        return _day(start, (date.fromisoformat(iso) - start).days, lang)

    out = [
        [
            f"{r['category'] if lang == 'en' else category_name(r['category'], lang)} "
            f"({day(r['deadline_date'])})",
            day(r["week_start"]),
            r["line"],
            r["destination"],
            f"{r['late']:,}",
            f"{r['orders']:,}",
            f"{r['late_teu']:,.1f}",
        ]
        for r in top
    ]
    if not rows:  # not "all 0 groups": none late, or no deadline in the run to judge by
        if judged != 0:
            title = "late_title_none"
        elif dated is not None and dated < 0:
            title = "late_title_no_deadlines"
        elif dated == 0:
            title = "late_title_unplaced"
        else:
            title = "late_title_unjudged"
        return term(title, lang, n=f"{judged or 0:,}"), head, out
    title = "late_title" if len(top) < len(rows) else "late_title_all"
    return term(title, lang, k=len(top), n=len(rows)), head, out


def _disruption_section(
    folder: Path, sc: Any, lang: str = "en"
) -> tuple[str, list[str], list[list[str]]] | None:
    """What each disruption of a border crossing did to Yiwu's trains, from the run's own
    tables: the trains that reached the crossings in the window, how long they waited there,
    and the orders with a deadline they carried (late, or the closest margin) — the sentence a
    comparison's *Why* gives (:func:`sim.output.explain_disruptions.disruption_effects`), here
    for the run alone, so that a planner reading a closure's report finds what it held without
    running a comparison. None for a run without a crossing disruption.
    """
    return disruptions_table([Path(folder)], sc.model_dump(mode="json"), "disrupted_title", lang)


def disruptions_table(
    folders: list[Path], scenario: dict[str, Any], title: str, lang: str = "en"
) -> tuple[str, list[str], list[list[str]]] | None:
    """The section of what each crossing disruption of ``scenario`` (a mapping, as
    ``scenario.yaml`` holds it) did over the runs in ``folders`` (one run, or a replication
    set's), titled by the label ``title``; None without a crossing disruption or without the
    runs' tables (a set of summaries only)."""
    from sim.output.explain_disruptions import disruption_effects
    from sim.output.explain_words import _effect_text
    from sim.output.labels import label

    if not any(d.get("target") == "node" for d in scenario.get("disruptions") or []):
        return None
    effects = disruption_effects(folders, scenario)
    if not effects or not any(e["replications"] for e in effects):
        return None
    # one run: "(over 1 replication)" counts nothing the page has not said
    one = term("over_reps_one", lang)
    once = [f" ({one})", f"（{one}）"] if len(folders) == 1 else []
    rows = []
    for e in effects:
        text = _effect_text(e, lang)
        for words in once:
            text = text.replace(words, "")
        rows.append([text])
    return label(title, lang), [label("disrupted_head", lang)], rows


def _tenths(v: Any) -> str:
    """A quantity of the container balance (TEU, days, TEU-days) to a tenth, the decimals of
    its column's other rows: :func:`_num` gave a zero "0.000" and any value under 10 three
    decimals beside "3,836.0". An exact zero is "0", as :func:`sim.output.report_parts.count_text`
    writes an exact 0 ± 0 whatever its row's decimals; a value that is not zero but would read
    "0.0" (a few orders waited a few hours) is "< 0.1", not a zero."""
    if v is None:
        return "–"
    if v == 0:
        return "0"
    if abs(v) < 0.05:
        return "< 0.1"
    return unsigned_zero(f"{v:,.1f}")


def container_section(
    c: dict[str, Any], lang: str = "en"
) -> tuple[str, list[str], list[list[str]]]:
    """The container balance of a run with pools (summary ``containers``): trains and loads
    both ways, waits for a box, empties moved, leases, and each pool at the end."""

    def share(v: Any) -> str:
        return "–" if v is None else _unit(v, "%")

    def t(key: str) -> str:
        return term(f"box:{key}", lang)

    rows = [
        [t("trains"), f"{c['westbound_trains']:,} / {c['eastbound_trains']:,}"],
        [t("return_ratio"), share(c["return_ratio"])],
        [t("slots"), f"{share(c['westbound_load_factor'])} / "
         f"{share(c['eastbound_load_factor'])}"],
        [t("loaded"), share(c["eastbound_loaded_share"])],
        [t("import_empty"), f"{_tenths(c['import_teu'])} / {_tenths(c['empty_teu_returned'])}"],
        [t("empty_sea"), _tenths(c.get("empty_teu_returned_by_sea"))],
        # a distance times boxes, as large as 55,871,802: whole TEU-km, as the USD beside it
        # are whole dollars (_num wrote "55,871,802.0", and "0.000" for none)
        [t("empty_km"), "–" if c.get("empty_teu_km") is None else f"{c['empty_teu_km']:,.0f}"],
        [t("orders_waited"), f"{c['orders_waited_for_box']:,}"],
        [t("wait_days"), _tenths(c["box_wait_days_mean"])],
        [t("teu_days"), _tenths(c["teu_days_waited_for_box"])],
        [t("leased"), f"{c['leased_teu']:,} / {c['lease_usd']:,.0f}"],
        [t("repositioning"), f"{c.get('repositioning_usd', 0):,.0f}"],
        [t("withdrawn"), f"{c['withdrawn_teu']:,}"],
        [t("owned"), f"{c['boxes_owned_teu']:,}"],
    ]  # fmt: skip
    pools = ", ".join(f"{k} {v:,}" for k, v in c["pools_end_teu"].items() if v)
    rows.append([t("pools"), pools or t("none")])
    # the other side of a border: a closure holds eastbound trains too (their own queues)
    waits = c.get("eastbound_border_wait_h_mean") or {}
    if waits:
        rows.append([t("east_waits"), ", ".join(f"{k} {v:,.1f}" for k, v in waits.items())])
    return t("title"), ["", t("value")], rows
