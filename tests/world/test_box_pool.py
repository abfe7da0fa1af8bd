"""A pool of boxes at Yiwu that never refills (:mod:`sim.world.box_pool`): warned of before
the run when the goods ordered empty it within the run."""

from __future__ import annotations


def test_a_pool_of_boxes_that_never_refills_and_runs_out_in_the_run_is_warned_of():
    """``logistics.containers.pools_teu: {YIW: 100}`` in the teaching world (10 TEU at its
    scale), with no eastbound services and repositioning 'none': no box ever comes back to
    Yiwu, the pool was empty on day 3 and no goods left Yiwu after the warm-up, and nothing
    said so before the run (the report's container balance, at its end, did). A warning says
    how long the pool lasts at the goods offered, in English and Chinese; boxes that come back
    (eastbound services, leases) or a pool that outlasts the run say nothing (trial14)."""
    from sim.output.saying import in_lang
    from sim.world.box_pool import box_pool_warnings
    from sim.world.inputs import load_scenario, resolve
    from tests.conftest import ROOT

    small = ROOT / "scenarios" / "teaching_small.yaml"
    sc = resolve(load_scenario(small, ["logistics.containers.pools_teu.YIW=100"]))
    (w,) = box_pool_warnings(sc)
    assert str(w) == (
        "logistics.containers.pools_teu.YIW: Yiwu's pool of 10 TEU (100 at full scale) gets no "
        "box back in this run (no eastbound services, repositioning 'none'): at about 51 TEU a "
        "week ordered it is empty in about 1 day of the 150, and goods then wait at Yiwu for "
        "boxes that never come"
    ), str(w)
    assert in_lang(w, "zh").startswith(
        "logistics.containers.pools_teu.YIW：义乌箱池 10 TEU（满规模 100）在本次运行中没有箱子回流"
    ), in_lang(w, "zh")
    for more in (["logistics.containers.eastbound.enabled=true"],
                 ["logistics.repositioning.rule=lease"],
                 ["logistics.containers.pools_teu.YIW=100000"]):  # fmt: skip
        sets = ["logistics.containers.pools_teu.YIW=100", *more]
        assert box_pool_warnings(resolve(load_scenario(small, sets))) == [], more
    assert box_pool_warnings(resolve(load_scenario(small))) == []
