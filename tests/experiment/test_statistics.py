import pytest
from scipy import stats

from sim.experiment.statistics import aggregate, flatten, interval, paired_difference


def test_flatten_keeps_numeric_leaves_and_drops_run_metadata():
    s = {"seed": 3, "scenario": "x", "orders": {"placed": 5, "share": None}, "ok": True}
    assert flatten(s) == {"orders.placed": 5.0, "orders.share": None}


def test_interval_is_student_t():
    v = [1.0, 2.0, 3.0, 4.0]
    got = interval(v)
    half = stats.t.ppf(0.975, 3) * stats.tstd(v) / 2
    assert got["mean"] == 2.5 and got["n"] == 4
    assert got["half_width"] == pytest.approx(half, rel=1e-5)
    assert got["ci_low"] == pytest.approx(2.5 - half, rel=1e-5)


def test_interval_of_one_or_no_value():
    assert interval([3.0])["half_width"] is None
    assert interval([])["mean"] is None


def test_aggregate_skips_missing_values():
    agg = aggregate([{"a": 1.0, "b": None}, {"a": 3.0, "b": 2.0}])
    assert agg["a"]["n"] == 2 and agg["b"]["n"] == 1


def test_paired_difference_of_identical_runs_is_zero():
    s = [{"k": 1.0}, {"k": 5.0}, {"k": 2.0}]
    d = paired_difference(s, s)["k"]
    assert (d["mean"], d["half_width"], d["distinguishable"]) == (0.0, 0.0, False)
    assert d["unpaired_half_width"] > 0


def test_paired_difference_detects_a_consistent_shift():
    base = [{"k": x} for x in (1.0, 5.0, 2.0, 8.0)]
    other = [{"k": x + 0.5 + 0.01 * i} for i, x in enumerate((1.0, 5.0, 2.0, 8.0))]
    d = paired_difference(base, other)["k"]
    assert d["distinguishable"] is True
    assert d["half_width"] < d["unpaired_half_width"]


def test_identical_values_have_exactly_no_spread():
    # the mean of three 0.1s is 0.10000000000000002 in floating point, and its deviation
    # 1.7e-17: a constant KPI's interval must be its value, with no spread
    for v in ([0.1] * 3, [1 / 1.1 * 2] * 13, [0.9] * 2):
        got = interval(v)
        assert (got["sd"], got["half_width"]) == (0.0, 0.0)
        assert got["ci_low"] == got["mean"] == got["ci_high"] == float(f"{v[0]:.6g}")
    d = paired_difference([{"k": 0.2}] * 3, [{"k": 0.3}] * 3)["k"]
    assert d["sd"] == 0.0 and d["distinguishable"] is True
    same = paired_difference([{"k": 0.1}, {"k": 0.1}], [{"k": 0.1}, {"k": 0.1}])["k"]
    assert same["unpaired_half_width"] == 0.0


def test_a_group_a_replication_had_none_of_counts_as_zero():
    from sim.experiment.statistics import complete

    with_sea = {"lead_time_days": {"by_mode": {"sea": {"n": 3, "mean": 35.0}}},
                "lines": {"S01:sailing": {"departures": 2, "load_factor": 0.5}}}  # fmt: skip
    without: dict = {"lead_time_days": {"by_mode": {}}, "lines": {}}
    agg = aggregate([with_sea, without, without])
    assert agg["lead_time_days.by_mode.sea.n"]["n"] == 3
    assert agg["lead_time_days.by_mode.sea.n"]["mean"] == 1.0  # 3 deliveries in 3 runs
    assert agg["lines.S01:sailing.departures"]["mean"] == pytest.approx(2 / 3)
    # a mean or a ratio of nothing has no value: n says how many replications had one
    assert agg["lead_time_days.by_mode.sea.mean"]["n"] == 1
    assert agg["lines.S01:sailing.load_factor"]["n"] == 1
    d = paired_difference([without, without], [with_sea, with_sea])
    assert d["lead_time_days.by_mode.sea.n"]["mean"] == 3.0
    assert d["lead_time_days.by_mode.sea.mean"]["n"] == 0
    filled = complete([flatten(without), flatten(with_sea)])
    assert filled[0] == {"lead_time_days.by_mode.sea.mean": None,
                         "lead_time_days.by_mode.sea.n": 0.0,
                         "lines.S01:sailing.departures": 0.0,
                         "lines.S01:sailing.load_factor": None}  # fmt: skip


@pytest.mark.parametrize(
    ("key", "zero"),
    [
        ("borders.MAL.crossings", True),
        ("borders.MAL.wait_h_mean", False),
        ("on_time.by_destination.MAD.orders", True),
        ("on_time.by_destination.MAD.share", False),
        ("dispatch.added_by_line.L01", True),
        ("sailings.by_line.S01.blanked_festival", True),
        ("lost_sales.by_category.festival_goods", True),
        ("held_at_end.MAL.trains", True),
        ("held_at_end.MAL.waited_h_max", False),
        # trains still queued at an open crossing at the end: none is a count of 0
        ("queued_at_end.MAL.trains", True),
        ("queued_at_end.MAL.yiwu_trains", True),
        ("queued_at_end.MAL.waited_h_mean", False),
        ("lines.L01.load_factor", False),
        ("on_time.last_safe_order.festival_goods.lines.L01.MAD.day", False),
    ],
)
def test_which_missing_kpis_are_counts_of_nothing(key, zero):
    from sim.experiment.statistics import complete

    filled = complete([{}, {key: 5.0}])[0]
    assert filled[key] == (0.0 if zero else None)


def test_the_lists_of_trains_waiting_at_the_end_are_no_kpi():
    """``held_at_end`` and ``queued_at_end`` list each waiting train's departure and arrival:
    lists, not measures to average over replications; their counts and waits are KPIs."""
    from sim.experiment.statistics import flatten

    entry = {"trains": 2, "yiwu_trains": 1, "waited_h_mean": 3.0, "waited_h_max": 4.0,
             "departure_ids": [-1, 7], "arrive_h": [1.0, 2.0]}  # fmt: skip
    flat = flatten({"queued_at_end": {"MZL": entry}})
    assert flat == {"queued_at_end.MZL.trains": 2.0, "queued_at_end.MZL.yiwu_trains": 1.0,
                    "queued_at_end.MZL.waited_h_mean": 3.0,
                    "queued_at_end.MZL.waited_h_max": 4.0}  # fmt: skip


def _on_time(good: int, n: int = 100_000) -> dict:
    """A replication's summary.json on-time group: its counts and the share rounded to 4
    digits, as the summary writes it."""
    share = round(good / n, 4) if n else None
    festival = {"orders": n, "on_time": good, "late": n - good, "share": share}
    return {"on_time": {"orders": n, "on_time": good, "share": share,
                        "by_category": {"festival": festival}}}  # fmt: skip


def test_the_on_time_share_of_a_replication_set_is_the_mean_of_the_unrounded_shares():
    """The replications' shares were averaged from summary.json's 4-digit roundings: 78.296 %
    and 78.396 % (78.30 and 78.40 there) gave 78.35, shown 78.4, where the mean of the shares
    themselves (what the explorer reads) is 78.346, 78.3. Now from the counts, unrounded."""
    reps = [_on_time(78_296), _on_time(78_396)]
    agg = aggregate(reps)
    exact = (78_296 / 100_000 + 78_396 / 100_000) / 2
    for key in ("on_time.share", "on_time.by_category.festival.share"):
        assert agg[key]["mean"] == pytest.approx(exact, abs=1e-9)
        assert f"{100 * agg[key]['mean']:.1f}" == "78.3"
    rounded = sum(r["on_time"]["share"] for r in reps) / 2  # the old mean
    assert f"{100 * rounded:.1f}" == "78.4"
    assert agg["on_time.share"]["half_width"] == pytest.approx(
        interval([0.78296, 0.78396])["half_width"], rel=1e-5
    )
    # the paired difference too, and a group with no order to judge has no share
    diff = paired_difference([_on_time(78_296)] * 2, [_on_time(78_301), _on_time(78_302)])
    assert diff["on_time.share"]["mean"] == pytest.approx(0.000055, abs=1e-12)
    assert flatten(_on_time(0, 0))["on_time.share"] is None
    assert flatten({"lines": {"L01": {"orders": 3, "share": 0.5}}})["lines.L01.share"] == 0.5


def test_a_replication_whose_every_train_arrived_has_none_in_service_at_the_end():
    """``in_service_at_end`` is left out of a summary with no train under way at the end: 0
    there, not a replication without data (the mean of 4 and nothing is 2, not 4)."""
    moving = {"trains": 4, "teu": 10.0, "orders": 6, "held": 1, "queued": 0, "under_way": 3,
              "by_line": {"L01": {"trains": 4, "teu": 10.0, "orders": 6}}}  # fmt: skip
    agg = aggregate([{"in_service_at_end": moving}, {}])
    for key in ("trains", "teu", "orders", "held", "under_way", "by_line.L01.trains"):
        assert agg[f"in_service_at_end.{key}"]["mean"] == moving_mean(moving, key), key
        assert agg[f"in_service_at_end.{key}"]["n"] == 2


def moving_mean(moving: dict, key: str) -> float:
    value = moving
    for part in key.split("."):
        value = value[part]
    return value / 2


def test_the_backordered_share_is_its_counts_ratio_not_its_rounding():
    """``summary.json`` rounds the share to 4 digits (0.0031 for 10 of 3,240); the statistics
    take the ratio of its counts, so the replications' interval is not off by the rounding."""
    from sim.experiment.statistics import flatten

    summary = {"orders": {"placed_after_warmup": 3240, "backordered_after_warmup": 10,
                          "backordered_share": 0.0031}}  # fmt: skip
    assert flatten(summary)["orders.backordered_share"] == 10 / 3240
    older = {"orders": {"placed_after_warmup": 3240, "backordered_share": 0.0031}}
    assert flatten(older)["orders.backordered_share"] == 0.0031  # (a summary without the count)


def test_a_misnamed_kpi_is_offered_the_kpis_it_begins_ends_as_or_is_spelt_like():
    """``--goal min:lead_time`` and ``sensitivity --kpi nope`` were refused with no name
    beside them (difflib finds nothing close to a short or a made-up name): the KPIs a name
    begins come first (the usual ones, then the shortest), then the closest by spelling,
    else a few examples, so the reader sees what the names look like."""
    from sim.experiment.statistics import near_kpis

    known = ["lead_time_days.by_destination.ALA.mean", "lead_time_days.overall.mean",
             "lead_time_days.overall.p95", "on_time.share", "rail_departures"]  # fmt: skip
    assert near_kpis("lead_time", known) == [
        "lead_time_days.overall.mean", "lead_time_days.overall.p95",
        "lead_time_days.by_destination.ALA.mean",
    ]  # fmt: skip
    assert near_kpis("rail_departure", known)[0] == "rail_departures"
    assert near_kpis("zzz", known) == [
        "lead_time_days.overall.mean",
        "on_time.share",
        "rail_departures",
    ]
    assert near_kpis("zzz", ["a.b"]) == []
