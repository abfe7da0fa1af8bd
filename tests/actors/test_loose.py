"""The ledger of loose goods: what the live state reads of each route's backlog at Yiwu."""

import heapq
import math

import numpy as np
import pytest

from sim.actors.forwarders import ContainerBook, DayGoods, Forwarder
from sim.actors.loose import BUCKET_H, NUMBER, READY, ROUTE, TEU, LooseGoods
from sim.model import Model
from sim.world.inputs import load_scenario


def _by_hand(fw: Forwarder, now: float) -> float:
    """The goods at the consolidation point by ``now`` not packed, summed from the goods."""
    total = float(fw.teu[fw.ready_h <= now].sum())
    fw._close_run()  # the chunk of a day's goods still being widened, with the rest
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


class _ScanEveryGood(LooseGoods):
    """The ledger as it was before the current bucket was ranked by ready time: every good of
    the current bucket looked at, at every pass (the oracle of the sums' order)."""

    def _advance(self, now: float) -> None:
        self._gather()
        self.asked_h = now
        self.valid_from_h = max(self.valid_from_h, now)
        ids, buckets = self._bucket_ids, self._buckets
        current = int(now // BUCKET_H)
        while ids and ids[0] <= current:
            k = ids[0]
            pieces = buckets[k]
            block = np.concatenate(pieces) if pieces else np.zeros((0, 4))
            if k < current:
                heapq.heappop(ids)
                del buckets[k]
            else:
                due = block[:, READY] <= now
                buckets[k] = [block[~due]]
                block = block[due]
            if block.shape[0]:
                route, teu = block[:, ROUTE].astype(np.int64), block[:, TEU]
                taken = (block[:, NUMBER] < self._mark[route]) & (
                    block[:, READY] <= self._packed_to_h[route]
                )
                route, teu = route[~taken], teu[~taken]
                self.ready_teu += np.bincount(route, weights=teu, minlength=self.ready_teu.size)
            if k == current:
                break


@pytest.mark.parametrize("seed", range(6))
def test_the_current_bucket_ranked_once_adds_the_very_sums_of_a_scan(seed):
    """Goods handed over at random (some ready at once, some today, some never), cut-offs and
    questions several times a day: the ledger's totals are bit for bit those of a ledger that
    files every good at every pass and looks at every good of the current bucket at every
    question (the same goods added in the same order: the ledger files goods ready after
    the current day only when a pass reaches a later day), including after a route is
    dropped and followed again."""
    rng = np.random.default_rng(seed)
    fast, scan = LooseGoods(4), _ScanEveryGood(4)
    for ledger in (fast, scan):
        for r in range(4):
            ledger.follow(r, [])
    now, deferred = 0.0, 0
    for step in range(600):
        now += float(rng.exponential(1.5))
        what = rng.random()
        if what < 0.5:
            n = int(rng.integers(1, 40))
            ready = now + rng.uniform(-3, 80, n)
            ready[rng.random(n) < 0.3] = now + rng.uniform(0, 12)  # ready later today
            ready[rng.random(n) < 0.03] = math.inf
            teu = rng.lognormal(-1.5, 1.0, n)
            r = int(rng.integers(4))
            for ledger in (fast, scan):
                ledger.hand_over(r, ready.copy(), teu.copy())
        elif what < 0.6:
            r, left = int(rng.integers(4)), float(rng.uniform(0, 2))
            for ledger in (fast, scan):
                ledger.repacked(r, now, left)
        elif what < 0.62 and step > 300:  # a route followed again from its goods
            r = int(rng.integers(4))
            for ledger in (fast, scan):
                ledger.follow(r, [(np.array([now + 5.0]), np.array([0.5]))])
        else:
            r = int(rng.integers(4))
            assert fast.ready_by(r, now) == scan.ready_by(r, now)
            assert np.array_equal(fast.ready_teu, scan.ready_teu), step
            deferred += bool(fast._unfiled)
    assert deferred > 50  # goods ready on later days often waited to be filed
