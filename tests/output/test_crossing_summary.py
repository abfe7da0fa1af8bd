"""What a run's summary says of its crossings (:mod:`sim.output.crossing_summary`): one worst
crossing for the command line and every report, and the date a closed one reopens."""

from __future__ import annotations

from sim.output.crossing_summary import date_at, worst_border


def test_an_hour_of_the_run_is_its_calendar_date() -> None:
    assert date_at("2025-10-01", 0.0) == "2025-10-01"
    assert date_at("2025-10-01", 23.9) == "2025-10-01"
    assert date_at("2025-10-01", 24.0 * 31) == "2025-11-01"


def test_one_worst_border_the_longest_mean_wait() -> None:
    borders = {
        "MAL": {"wait_h_mean": 5.0, "wait_h_p95": 20.0},
        "ICB": {"wait_h_mean": 7.8, "wait_h_p95": 10.0},  # shorter p95, longer mean
    }
    assert worst_border(borders) == "ICB"
    assert worst_border({}) is None
    # no train waited anywhere: no crossing is named (not the last code of a tie of zeros)
    idle = {b: {"wait_h_mean": 0.0, "wait_h_p95": 0.0} for b in ("AKS", "MAL", "ZBK")}
    assert worst_border(idle) is None
    assert worst_border({**idle, "BRE": {"wait_h_mean": 0.0, "wait_h_p95": 0.5}}) == "BRE"
