"""The ledger of loose goods: what the live state reads of each route's backlog at Yiwu."""

import math

import numpy as np
import pytest

from sim.actors.forwarders import ContainerBook, DayGoods, Forwarder
from sim.actors.loose import LooseGoods
from sim.model import Model
from sim.world.inputs import load_scenario


def _by_hand(fw: Forwarder, now: float) -> float:
    """The goods at the consolidation point by ``now`` not packed, summed from the goods."""
    total = float(fw.teu[fw.ready_h <= now].sum())
    for ready, _, teu, _ in fw._incoming:
        total += float(teu[ready <= now].sum())
    return total


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("close_partial", [True, False])
def test_the_ledger_answers_as_the_goods_summed_by_hand(seed, close_partial):
    """Three routes share a ledger; goods are handed over (one by one and as rows of a day's
    goods), cut-offs pack, and the live state asks at moments that only move on. Every answer
    equals the sum over the goods themselves, including goods ready before they were handed
    over and never-ready goods."""
    rng = np.random.default_rng(seed)
    ledger = LooseGoods(3)
    book = ContainerBook()
    fws = [Forwarder(r, book, loose=ledger) for r in range(3)]
    now, oid = 0.0, 0
    for _ in range(300):
        now += float(rng.exponential(2.0)) if rng.random() < 0.7 else 0.0
        fw = fws[int(rng.integers(3))]
        what = rng.random()
        if what < 0.45:
            n = int(rng.integers(1, 30))
            ready = now + rng.uniform(-5, 60, n)  # some ready already
            ready[rng.random(n) < 0.05] = math.inf  # a category that never produces
            teu = rng.lognormal(-1.5, 1.0, n)
            ids = np.arange(oid, oid + n)
            oid += n
            dl = np.full(n, math.nan)
            if rng.random() < 0.5:
                fw.receive(ready, ids, teu, dl)
            else:  # as a booking slice hands over rows of a day's goods
                day = DayGoods(ready, ids, teu, dl)
                cut = int(rng.integers(0, n + 1))
                fw.receive_rows(day, 0, cut)
                fw.receive_rows(day, cut, n)
        elif what < 0.6:
            fw.pack(now, close_partial)
            if math.isfinite(ledger.asked_h) and rng.random() < 0.5:
                # a moment between the last question and the cut-off: the open container's
                # goods left loose were not all ready yet
                t = ledger.asked_h + (now - ledger.asked_h) * float(rng.random())
                for f in fws:
                    assert f.loose_teu(t) == pytest.approx(_by_hand(f, t), rel=1e-9, abs=1e-9)
        else:
            for f in fws:
                assert f.loose_teu(now) == pytest.approx(_by_hand(f, now), rel=1e-9, abs=1e-9)
    for f in fws:  # other times: every loose good, and an earlier moment
        assert f.loose_teu() == pytest.approx(_by_hand(f, math.inf), rel=1e-9, abs=1e-9)
        assert f.loose_teu(now - 10) == pytest.approx(_by_hand(f, now - 10), abs=1e-9)


def test_a_cut_off_before_the_last_question_starts_the_route_again():
    """Outside a run a forwarder may pack at a time before the last question: the ledger
    leaves the route and follows it again from its goods at the next question."""
    ledger = LooseGoods(2)
    fws = [Forwarder(r, ContainerBook(), loose=ledger) for r in range(2)]
    for k, fw in enumerate(fws):
        fw.receive(np.array([1.0, 3.0, 8.0, math.inf]), np.arange(4) + 10 * k,
                   np.array([0.3, 0.4, 0.5, 0.2]), np.full(4, math.nan))  # fmt: skip
        assert fw.loose_teu(10.0) == pytest.approx(1.2)
    fws[0].pack(2.0, close_partial=True)  # before the last question
    assert fws[0].loose_teu(12.0) == pytest.approx(_by_hand(fws[0], 12.0)) == pytest.approx(0.9)
    assert fws[1].loose_teu(12.0) == pytest.approx(1.2)
    # followed again: later goods and cut-offs count once
    fws[0].receive(np.array([15.0, 30.0]), np.array([90, 91]), np.array([0.6, 0.7]),
                   np.full(2, math.nan))  # fmt: skip
    fws[0].pack(13.0, close_partial=False)
    for t in (14.0, 20.0, 40.0):
        assert fws[0].loose_teu(t) == pytest.approx(_by_hand(fws[0], t))


def test_goods_that_will_never_be_ready_are_never_counted():
    ledger = LooseGoods(1)
    fw = Forwarder(0, ContainerBook(), loose=ledger)
    assert fw.loose_teu(0.0) == 0.0  # followed from here
    fw.receive(np.full(3, math.inf), np.arange(3), np.ones(3), np.full(3, math.nan))
    assert fw.loose_teu(1e9) == 0.0
    assert not ledger._buckets


def test_a_route_is_followed_only_once_asked_about():
    """Static policies never ask: the ledger follows no route and keeps no goods."""
    sc = load_scenario("scenarios/teaching_small.yaml", [])
    model = Model(sc)
    model.run()
    loose = model.logistics.loose
    assert not any(loose.follows(r.index) for r in model.logistics.routes)
    assert not loose._buckets and not loose._new


def test_live_routing_follows_the_routes_it_weighs():
    sc = load_scenario("scenarios/teaching_small.yaml", ["logistics.mode_choice.rule=live"])
    model = Model(sc)
    model.run()
    loose = model.logistics.loose
    assert any(loose.follows(r.index) for r in model.logistics.routes)
