"""How the plan's page writes a KPI's value: its unit, its interval, the runs it is over.

Notes
-----
Every table and sentence of the plan's page (:mod:`sim.output.plan_report`) and the lines
``yiwu-sim plan`` prints show a KPI through :func:`_num` and :func:`_ci`, so a share is a
percentage (its interval kept within 0..100 %), CO2e is in tonnes and an interval over fewer of a
decision's runs than it had ends in ``(n k/of)``. Which of a decision's KPIs are shown (over all
its runs once it was selected on, else its search runs: :func:`_kpis`) and which KPIs the goal
names (:func:`_goal_kpis`) are decided here too, once for the page and the command line.
"""

from __future__ import annotations

from typing import Any

from sim.output.glossary import is_share, kpi_scale
from sim.output.report_parts import partial_n


def _num(v: Any, kpi: str = "", unit: bool = True, places: int | None = None) -> str:
    """A KPI's value as shown (a share in %); ``unit=False`` beside the KPI's name, which
    says the unit already ("festival goods on time, %: 90.43", not "90.43 %" again);
    ``places``: that many decimals, where the usual ones would make two values that differ
    look alike (:func:`front_places`)."""
    if v is None:
        return "-"
    if isinstance(v, bool):
        return str(v)
    x = float(v) * kpi_scale(kpi)
    if places is not None:
        pct = " %" if is_share(kpi) and unit else ""
        return f"{x:,.{places}f}{pct}"
    if is_share(kpi):
        return f"{x:.2f} %" if unit else f"{x:.2f}"
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 100 or float(x).is_integer():
        return f"{x:.0f}"
    return f"{x:.3g}"


def _ci(d: dict[str, Any] | None, kpi: str, of: int | None = None, unit: bool = True) -> str:
    """``mean [low, high]``, and ``(n k/of)`` after it when only ``k`` of the decision's ``of``
    runs had a value (a share of orders none of the others had); ``unit=False`` beside the
    KPI's name (:func:`_num`)."""
    if not d or d.get("mean") is None:
        return "-" + (f" (n 0/{of})" if of else "")
    if d.get("ci_low") is None or d.get("ci_low") == d.get("ci_high"):
        return _num(d["mean"], kpi, unit) + partial_n(d, of)
    pct = " %" if is_share(kpi) and unit else ""
    # a share's interval is shown within 0..100 %: a Student-t interval of a few runs near
    # 100 % reaches past it (64.08 .. 100.16 %), which no share can
    bounds = [d["ci_low"], d["ci_high"]]
    if is_share(kpi):
        bounds = [min(max(b, 0.0), 1.0) for b in bounds]
    lo, hi = (_num(b, kpi).removesuffix(" %") for b in bounds)
    return f"{_num(d['mean'], kpi).removesuffix(' %')} [{lo}, {hi}]{pct}" + partial_n(d, of)


def _kpis(c: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A decision's KPIs with the runs they are over: all its runs once it was selected on,
    else its search runs."""
    if c.get("kpis"):
        return c["kpis"], c["search_runs"] + c["selection_runs"]
    return c["search_kpis"], c["search_runs"]


def _goal_kpis(result: dict[str, Any]) -> list[str]:
    """The KPIs the goal names, objectives first, each once: the columns of the contenders'
    table and the lines the command line prints beside a recommendation."""
    return list(
        dict.fromkeys(
            [o["kpi"] for o in result["objectives"]] + [c["kpi"] for c in result["constraints"]]
        )
    )


FRONT_PLACES = 6
"""The most decimals the front's table shows: means that differ by less look alike there."""


def _places(text: str) -> int:
    """The decimals of a shown value (``92.29 %``: 2, ``1,973``: 0)."""
    number = text.split()[0] if text.strip() else ""
    return len(number.partition(".")[2])


def front_places(
    points: list[tuple[float, float]], kpis: tuple[str, str]
) -> tuple[int | None, int | None]:
    """The decimals each column of the Pareto front's table needs so that no decision of the
    front looks worse than another on both axes; None where the usual ones do (:func:`_num`).

    Rounding keeps the order of two values or makes them equal, so a kept decision looks
    dominated only where one column shows two different means as one number and the other
    column does not: 672.6 and 673.4 departures both shown as 673, beside 92.30 against
    92.31 %. That column gets one decimal more than it shows, and more, up to
    :data:`FRONT_PLACES`, until each such pair reads apart."""
    places: list[int | None] = [None, None]

    def shown(v: float, axis: int) -> str:
        return _num(v, kpis[axis], False, places[axis])

    for _ in range(2 * FRONT_PLACES + 2):
        tied = set()
        for i, a in enumerate(points):
            for b in points[i + 1 :]:
                same = [shown(a[k], k) == shown(b[k], k) for k in (0, 1)]
                for k in (0, 1):
                    # one column alike, the other not: the row looks dominated
                    if same[k] and not same[1 - k] and a[k] != b[k]:
                        tied.add(k)
        tied = {k for k in tied if (places[k] or 0) < FRONT_PLACES}
        if not tied:
            break
        for k in tied:
            now = max(_places(shown(p[k], k)) for p in points)
            places[k] = min(FRONT_PLACES, max(now + 1, (places[k] or 0) + 1))
    return places[0], places[1]
