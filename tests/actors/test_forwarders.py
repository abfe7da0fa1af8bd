"""Consolidation: next-fit packing planned before the clock, and loading departures."""

import math

import numpy as np
import pytest

from sim.actors.forwarders import ContainerBook, Forwarder, plan_containers, plan_one_by_one


def _one_by_one(ready, teu, cutoffs, close_partial):
    """The packing rule applied one order at a time, as a forwarder would at each cut-off:
    the reference the plan must reproduce. Returns (closed_h, orders) per container, in
    closing order, and the containers closed by the end of each cut-off."""
    closed, by_call = [], []
    open_orders, load, i = [], 0.0, 0
    for cutoff in cutoffs:
        while i < len(ready) and ready[i] <= cutoff:
            t, size = ready[i], teu[i]
            if size > 1.0:
                closed.append((t, [i]))
            else:
                if load + size > 1.0 + 1e-9:
                    closed.append((t, open_orders))
                    open_orders, load = [], 0.0
                open_orders.append(i)
                load += size
                if load >= 1.0 - 1e-9:
                    closed.append((t, open_orders))
                    open_orders, load = [], 0.0
            i += 1
        if close_partial and open_orders:
            closed.append((cutoff, open_orders))
            open_orders, load = [], 0.0
        by_call.append(len(closed))
    return closed, by_call


@pytest.mark.parametrize("close_partial", [True, False])
@pytest.mark.parametrize("seed", range(6))
def test_the_plan_packs_exactly_as_one_order_at_a_time(seed, close_partial):
    """Also: the per-actor reference packer gives the same plan."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 400))
    ready = np.sort(rng.uniform(0, 500, n).round(int(rng.integers(0, 3))))  # ties too
    # mostly small orders, some exact fractions (sums landing on 1.0) and some over 1 TEU
    teu = np.where(
        rng.random(n) < 0.3, rng.choice([0.25, 0.5, 0.1, 1.0], n), rng.lognormal(-1.5, 1, n)
    )
    cutoffs = np.sort(rng.uniform(0, 520, int(rng.integers(1, 40))))
    plan = plan_containers(ready, teu, cutoffs, close_partial)
    want, by_call = _one_by_one(ready.tolist(), teu.tolist(), cutoffs.tolist(), close_partial)
    got_orders = [[] for _ in range(plan.closed_h.size)]
    for item, c in enumerate(plan.item_container.tolist()):
        if c >= 0:
            got_orders[c].append(item)
    assert got_orders == [orders for _, orders in want]
    assert plan.closed_h.tolist() == [t for t, _ in want]
    assert plan.closed_by_call.tolist() == by_call
    assert plan.n_orders.tolist() == [len(o) for _, o in want]
    assert plan.load_teu == pytest.approx([sum(teu[o]) for _, o in want], rel=1e-12)
    assert plan.slots.tolist() == [
        math.ceil(teu[o[0]] - 1e-9) if teu[o[0]] > 1.0 else 1 for _, o in want
    ]
    # one cut-off, as a forwarder at work calls it (the chain is walked in numpy then)
    last = cutoffs[-1:]
    due = ready <= last[0]
    single = plan_containers(ready[due], teu[due], last, close_partial)
    want1, _ = _one_by_one(ready[due].tolist(), teu[due].tolist(), last.tolist(), close_partial)
    got1 = [[] for _ in range(single.closed_h.size)]
    for item, c in enumerate(single.item_container.tolist()):
        if c >= 0:
            got1[c].append(item)
    assert got1 == [orders for _, orders in want1]
    assert single.closed_h.tolist() == [t for t, _ in want1]
    reference = plan_one_by_one(ready, teu, cutoffs, close_partial)
    for field in ("closed_h", "slots", "n_orders", "item_container", "closed_by_call"):
        assert np.array_equal(getattr(reference, field), getattr(plan, field)), field
    # goods per container: the same sums, added in order or by numpy's reduceat (which may
    # round the last bit differently); small batches take the same path in both engines
    assert reference.load_teu == pytest.approx(plan.load_teu, rel=1e-12)


def _forwarder(goods, one_by_one=False):
    f = Forwarder(0, ContainerBook(), one_by_one)
    for oid, (ready, teu) in enumerate(goods):
        f.receive(np.array([ready]), np.array([oid]), np.array([teu]), np.array([np.nan]))
    return f


@pytest.mark.parametrize("one_by_one", [False, True])
def test_forwarder_packs_at_the_cutoff_what_is_ready_then(one_by_one):
    f = _forwarder([(1.0, 0.6), (2.0, 0.3), (3.0, 0.3), (4.0, 2.5), (9.0, 0.1)], one_by_one)
    assert f.load(4, 0.0, None).size == 0  # nothing is closed before a cut-off
    ids = f.pack(5.0, close_partial=True)
    # 0.6 + 0.3 fit; 0.3 does not, so the first box closes at 3.0; 2.5 TEU ships in 3 boxes;
    # the part-filled box closes at the cut-off; the order ready at 9.0 waits
    c = f.book.cols
    assert c["closed_h"][ids].tolist() == [3.0, 4.0, 5.0]
    assert c["slots"][ids].tolist() == [1, 3, 1]
    assert f.load(4, 5.0, None).tolist() == [0, 1]  # the 1-slot and 3-slot boxes fill 4 slots
    assert f.not_loaded() == 2
    assert f.book.orders_of(np.array([0, 1, 2])).tolist() == [0, 1, 3, 2]


def test_a_group_larger_than_the_train_still_goes_alone():
    f = _forwarder([(0.0, 5.0), (0.0, 0.5)])
    f.pack(1.0, close_partial=True)
    assert f.load(2, 1.0, None).tolist() == [0]
    assert f.book.cols["slots"][0] == 5
    assert f.load(2, 1.0, None).tolist() == [1]


def test_goods_handed_over_in_any_order_are_packed_by_ready_time_then_order_id():
    f = Forwarder(0, ContainerBook())
    nan = np.full(3, np.nan)
    f.receive(np.array([2.0, 1.0, 2.0]), np.array([4, 3, 0]), np.full(3, 0.3), nan)
    f.receive(np.array([1.0]), np.array([1]), np.array([0.3]), nan[:1])
    f.receive(np.array([0.5]), np.array([2]), np.array([0.3]), nan[:1])
    first = f.pack(1.5, close_partial=True)  # orders 2, 1, 3 (0.9 TEU) close part-filled
    second = f.pack(3.0, close_partial=True)  # then orders 0 and 4
    assert f.book.orders_of(first).tolist() == [2, 1, 3]
    assert f.book.orders_of(second).tolist() == [0, 4]


def test_without_close_partial_the_open_container_waits_for_the_next_cutoff():
    f = _forwarder([(0.0, 0.5), (2.0, 0.4), (4.0, 0.5)])
    assert f.pack(1.0, close_partial=False).size == 0
    ids = f.pack(5.0, close_partial=False)  # 0.5 + 0.4 open; 0.5 does not fit: closes it
    assert f.book.orders_of(ids).tolist() == [0, 1]
    assert f.not_loaded() == 3


def test_no_goods_and_no_cutoffs_plan_nothing():
    empty = plan_containers(np.zeros(0), np.zeros(0), np.array([1.0, 2.0]), True)
    assert empty.closed_h.size == 0 and empty.closed_by_call.tolist() == [0, 0]
    idle = plan_containers(np.array([1.0]), np.array([0.5]), np.zeros(0), True)
    assert idle.closed_h.size == 0 and idle.item_container.tolist() == [-1]


def test_loads_within_rounding_of_a_threshold_are_decided_one_order_at_a_time(monkeypatch):
    from sim.actors import forwarders as consolidation

    calls = []
    exact = consolidation._next_fit_one_by_one

    def spy(sizes, s, e):
        calls.append(s)
        return exact(sizes, s, e)

    monkeypatch.setattr(consolidation, "_next_fit_one_by_one", spy)
    quarters = plan_containers(np.zeros(8), np.full(8, 0.25), np.array([1.0]), True)
    # both loads reach exactly 1.0 TEU (with one cut-off every near start is decided so, the
    # containers' starts among them)
    assert {0, 4} <= set(calls)
    assert quarters.item_container.tolist() == [0] * 4 + [1] * 4
    calls.clear()
    plan_containers(np.zeros(3), np.array([0.3, 0.3, 0.3]), np.array([1.0]), True)
    assert calls == []  # 0.9 TEU is nowhere near a threshold


def test_one_order_at_a_time_closes_on_the_order_that_fills_or_does_not_fit():
    from sim.actors.forwarders import _next_fit_one_by_one

    assert _next_fit_one_by_one([0.5, 0.5, 0.2], 0, 3) == (1, 2)  # order 1 fills it
    assert _next_fit_one_by_one([0.5, 0.4, 0.2], 0, 3) == (2, 2)  # order 2 does not fit
    assert _next_fit_one_by_one([0.5, 0.4, 0.2], 0, 2) == (-1, -1)  # still open
    assert _next_fit_one_by_one([0.1] * 10, 0, 10) == (9, 10)  # 0.9999999999999999 is full
