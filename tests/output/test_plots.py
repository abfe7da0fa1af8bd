from datetime import date

import matplotlib
import numpy as np
import pytest
from matplotlib import dates as mdates
from matplotlib.figure import Figure

from sim.model import Model
from sim.output import plots
from sim.output.results import load_run, write_run
from sim.world.calendar import MarketCalendar
from sim.world.inputs import load_scenario
from sim.world.network import load_network
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml")
    folder = write_run(Model(sc).run(), tmp_path_factory.mktemp("plots") / "run")
    return load_run(folder)


def _saved(fig: Figure, tmp_path) -> None:
    path = tmp_path / "fig.png"
    fig.savefig(path)
    assert path.stat().st_size > 1000


def test_figures_do_not_touch_pyplot_or_global_style(run, tmp_path):
    before = dict(matplotlib.rcParams)
    fig = plots.orders_by_category(run.tables["orders"])
    _saved(fig, tmp_path)
    assert dict(matplotlib.rcParams) == before
    assert fig.canvas.manager is None  # not registered with pyplot


def test_network_map_draws_each_rail_line_and_marks_gauge_breaks(run, tmp_path):
    net = load_network()
    lines = list(run.scenario.logistics.lines)
    fig = plots.network_map(net, lines, {"L01": 100.0}, {"AKS": 2.0})
    ax = fig.axes[0]
    rail = [lid for lid in lines if net.lines[lid].mode == "rail"]
    assert len(ax.lines) == len(rail)
    breaks = {(g.src, g.dst) for lid in rail for g in net.lines[lid].gauge_breaks}
    assert len(ax.collections[-1].get_offsets()) == len(breaks)
    _saved(fig, tmp_path)


def test_throughput_figures(run, tmp_path):
    sc, t = run.scenario, run.tables
    fig = plots.teu_per_week_by_line(t["departures"], sc.days, sc.start)
    first_legs = set(t["departures"]["line"][t["departures"]["kind"] != "sailing"].tolist())
    assert len(fig.axes[0].lines) == len(first_legs)
    weeks = int(np.ceil(sc.days / 7))
    assert all(len(line.get_xdata()) == weeks for line in fig.axes[0].lines)
    fig = plots.teu_per_week_by_mode(t["orders"], sc.days, sc.start)
    assert len(fig.axes[0].lines) == 2
    fig = plots.trains_per_week(t["departures"], sc.days, sc.start)
    assert len(fig.axes[0].patches) == weeks
    assert (
        sum(p.get_height() for p in fig.axes[0].patches)
        == (t["departures"]["kind"] == "train").sum()
    )
    _saved(fig, tmp_path)


def test_lead_time_and_stage_figures(run, tmp_path):
    sc, o = run.scenario, run.tables["orders"]
    end_h, from_h = sc.days * 24.0, sc.warmup_days * 24.0
    fig = plots.lead_time_by(o, "destination", end_h, from_h)
    assert len(fig.axes[0].get_xticklabels()) == len(set(o["destination"].tolist()))
    fig = plots.stage_breakdown(o, end_h, from_h)
    assert len(fig.axes[0].patches) == 5 * 2  # five stages x two modes
    fig = plots.end_stages(run.summary)
    assert len(fig.axes[0].patches) == 6
    _saved(fig, tmp_path)


def test_deadline_figures(run, tmp_path):
    sc = run.scenario
    fig = plots.on_time_by_destination(run.summary)
    with_share = [
        d for d, v in run.summary["on_time"]["by_destination"].items() if v["share"] is not None
    ]
    assert len(fig.axes[0].patches) == len(with_share)
    fig = plots.last_safe_order_dates(
        run.tables["orders"], sc.start, sc.days * 24.0, sc.warmup_days * 24.0
    )
    *markers, festival = fig.axes[0].lines
    assert len(markers) >= 1
    assert festival.get_xdata()[0] == pytest.approx(mdates.date2num(date(2026, 2, 17)))
    _saved(fig, tmp_path)


def test_border_and_market_figures(run, tmp_path):
    sc, t = run.scenario, run.tables
    fig = plots.border_waits_by_week(t["crossings"], sc.days, sc.start)
    assert len(fig.axes[0].lines) == len(set(t["crossings"]["border"].tolist()))
    fig = plots.load_factor_by_line(run.summary)
    assert len(fig.axes[0].patches) == len(run.summary["lines"])
    fig = plots.border_queues(t["daily"], sc.start)
    _saved(fig, tmp_path)
    cal = MarketCalendar(sc)
    fig = plots.buyers_per_day(t["daily"], sc.start, cal.closure_windows())
    ax = fig.axes[0]
    assert len(ax.lines) == 1 and len(ax.lines[0].get_ydata()) == sc.days
    assert len(ax.patches) == 1  # the festival closure is shaded
    fig = plots.orders_by_category(t["orders"])
    assert len(fig.axes[0].patches) == 2 * len(sc.market.categories)
    _saved(fig, tmp_path)


def test_experiment_figures(tmp_path):
    aggs = {
        "a": {"k": {"mean": 1.0, "half_width": 0.2}},
        "b": {"k": {"mean": 2.0, "half_width": 0.1}},
    }
    fig = plots.kpi_intervals(aggs, "k")
    assert len(fig.axes[0].lines[0].get_xdata()) == 2
    fig = plots.kpi_vs_parameter([1, 2, 4], [aggs["a"], aggs["b"], aggs["a"]], "k", "p")
    assert list(fig.axes[0].lines[0].get_xdata()) == [1, 2, 4]
    assert len(fig.axes[0].collections) == 1  # the interval band
    _saved(fig, tmp_path)


def test_plot_on_a_given_axes_returns_its_figure():
    fig = Figure()
    ax = fig.add_subplot()
    assert plots.kpi_intervals({"a": {"k": {"mean": 1.0}}}, "k", ax=ax) is fig


def test_labels_in_chinese():
    assert plots.label("trains_week", "zh") == "每周义乌发车列数"
    assert plots.label("trains_week", "xx") == "Trains from Yiwu per week"
