"""sim.output.figures_borders: the report's figures of the crossings (queues, waits) and the
scenario's disruption windows shaded in them."""

from __future__ import annotations

import pytest

from sim.output.report import build_report
from sim.world.inputs import load_scenario
from tests.output.conftest import TEACHING


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_border_queues_with_no_queue_keep_the_note_and_the_quiet_list_apart(lang):
    """No crossing queued: the note and the list of crossings without a queue are two lines
    inside the figure, not drawn over each other."""
    import html
    import re
    from datetime import date

    import numpy as np

    from sim.output.figures_borders import border_queues
    from sim.output.labels import label

    crossings = {
        "border": np.array(["Khorgos", "Alashankou"]),
        "arrive_h": np.array([10.0, 20.0]),
        "start_h": np.array([10.0, 20.0]),  # served on arrival: no queue
    }
    svg = border_queues(crossings, 30, date(2025, 9, 1), lang)
    height = float(re.search(r'<svg[^>]*height="([\d.]+)"', svg).group(1))
    ys = {}
    for what, text in (("note", label("queue_note", lang)), ("quiet", label("no_queue", lang))):
        start = re.escape(html.escape(text)[:6])
        ys[what] = float(re.search(rf'<text x="[\d.]+" y="([\d.]+)"[^>]*>{start}', svg).group(1))
    assert abs(ys["note"] - ys["quiet"]) >= 14
    assert max(ys.values()) < height


def test_a_cut_that_leaves_no_server_is_shaded_as_a_closure():
    """The report's and the paper figures' disruption windows tell a closure by the model's
    rule: half of a one-server crossing's servers rounds to none (it said "disrupted")."""
    from sim.output.figures_borders import disruption_windows

    one = "{servers: 1, service_h: {dist: lognormal, mean: 6, cv: 0.5}}"
    cut = ("disruptions=[{target: node, id: MAL, start: 2025-12-20, end: 2026-01-02, "
           "servers_factor: %s}]")  # fmt: skip
    for factor, closed in ((0.5, True), (0.0, True), (1.0, False)):
        sc = load_scenario(TEACHING, [f"logistics.borders={{MAL: {one}}}", cut % factor])
        (window,) = disruption_windows(sc)["MAL"]
        assert window[2] is closed, factor


def test_border_waits_say_none_waited_when_no_bar_can_be_drawn(run_folder):
    """The teaching world has no other trains at its crossings: no train waits, and the report's
    border-wait figure was ten empty rows on a 0-1 h axis. It now says so on the axes, as the
    command line's summary does, in English and Chinese."""
    build_report(run_folder)
    svg = (run_folder / "figures" / "border_waits.svg").read_text()
    assert "none: no train that crossed waited for a server" in svg
    build_report(run_folder, lang="zh")
    svg = (run_folder / "figures" / "border_waits.svg").read_text()
    assert "无：已过境列车均无排队等待" in svg


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_border_waits_say_the_hours_as_the_summary_prints_them(lang):
    """The default season's report labelled Incheh Burun "7.8 / 40 h" where `yiwu-sim run`
    printed "7.8 / 40.3 h", and Khorgos "0.37 / 2 h": the tick format dropped a digit from 10 h
    and a zero after the point. Each row says its hours to the tenth from one hour, to the
    hundredth below, and a zero as 0."""
    from sim.output.figures_borders import border_waits, label_number

    def row(mean: float, p95: float, n: int) -> dict:
        return {"wait_h_mean": mean, "wait_h_p95": p95, "crossings": n}

    summary = {"borders": {"ICB": row(7.8, 40.3, 91), "HRG": row(0.37, 2.0, 3788),
                           "MAL": row(0.07, 0.0, 4179), "AKS": row(0.14, 0.98, 3231)}}  # fmt: skip
    svg = border_waits(summary, lang)
    for text in ("7.8 / 40.3 h", "0.37 / 2.0 h", "0.07 / 0 h", "0.14 / 0.98 h"):
        assert text in svg, text
    assert [label_number(v) for v in (0.0, 0.994, 0.996, 1234.56)] == [
        "0",
        "0.99",
        "1.0",
        "1,234.6",
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_queue_panels_give_their_means_with_one_number_of_decimals(lang):
    """The default season's queue panels were titled "AKS: mean 0.1, peak 9" beside "BRE: mean
    0.17, peak 11": a mean queue of 0.10 trains lost its zero and read as less precise than its
    neighbours. A mean below one train is given to the hundredth in every panel."""
    import re
    from datetime import date

    import numpy as np

    from sim.output.figures_borders import border_queues

    # a train queueing 24 h of a 10-day run at each: a mean of 0.10 trains; 4 h more at BRE
    crossings = {
        "border": np.array(["AKS", "AKS", "BRE", "BRE"]),
        "arrive_h": np.array([0.0, 0.0, 0.0, 0.0]),
        "start_h": np.array([0.0, 24.0, 0.0, 28.0]),
    }
    svg = border_queues(crossings, 10, date(2025, 9, 1), lang)
    means = re.findall(r"(AKS|BRE)[:：][^<]*?(\d+\.\d+|\b0\b)", svg)
    assert dict(means) == {"AKS": "0.10", "BRE": "0.12"}, means
