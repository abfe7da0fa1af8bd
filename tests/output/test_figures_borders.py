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
