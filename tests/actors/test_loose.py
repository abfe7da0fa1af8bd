"""The ledger of loose goods: what the live state reads of each route's backlog at Yiwu."""

import math

import numpy as np
import pytest

from sim.actors import loose
from sim.actors.forwarders import ContainerBook, DayGoods, Forwarder
from sim.actors.loose import BUCKET_H, LooseGoods, _day_of
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
    """The ledger without buckets, rankings or positions: every good in a list in hand-over
    order, and at every pass every good looked at, day by day (the oracle of the sums' order:
    a pass adds the goods of each day up to its own, in hand-over order, a day at a time)."""

    def __init__(self, n_routes: int) -> None:
        super().__init__(n_routes)
        self.goods: list[list] = []  # [ready, teu, route, number, counted]
        self.marks = [-1] * n_routes

    def hand_over(self, route, ready_h, teu):
        if ready_h.size and self._followed[route]:
            for r, t in zip(ready_h.tolist(), teu.tolist(), strict=True):
                self.goods.append([r, t, route, len(self.goods), False])
        super().hand_over(route, ready_h, teu)

    def repacked(self, route, cutoff_h, left_teu):
        if self._followed[route] and cutoff_h >= self.asked_h:
            self.marks[route] = len(self.goods)
        super().repacked(route, cutoff_h, left_teu)

    def _forget(self, route):
        self.ready_teu[route] = 0.0
        for g in self.goods:
            if g[2] == route:
                g[4] = True

    def _advance(self, now):
        self._new.clear()
        self.asked_h = now
        self.valid_from_h = max(self.valid_from_h, now)
        current = int(now // BUCKET_H)
        days = sorted(
            {
                int(g[0] // BUCKET_H)
                for g in self.goods
                if not g[4] and math.isfinite(g[0]) and g[0] // BUCKET_H <= current
            }
        )
        for day in days:
            due = [
                g
                for g in self.goods
                if not g[4]
                and math.isfinite(g[0])
                and int(g[0] // BUCKET_H) == day
                and (day < current or g[0] <= now)
            ]
            for g in due:
                g[4] = True
            route = np.array([g[2] for g in due], dtype=np.int64)
            teu = np.array([g[1] for g in due])
            taken = np.array(
                [g[3] < self.marks[g[2]] and g[0] <= self._packed_to_h[g[2]] for g in due],
                dtype=bool,
            )
            if due:
                self.ready_teu += np.bincount(
                    route[~taken], weights=teu[~taken], minlength=self.ready_teu.size
                )


def test_the_day_of_a_time_is_the_floor_division_of_floats():
    """The buckets' keys, worked out without numpy's floor division, are its keys (and
    Python's), also a bit either side of every day's start."""
    rng = np.random.default_rng(0)
    starts = rng.integers(-50, 20_000, 20_000).astype(float) * BUCKET_H
    ready = np.concatenate([
        rng.uniform(-1_000.0, 500_000.0, 20_000), starts, np.nextafter(starts, -np.inf),
        np.nextafter(starts, np.inf), [-0.0, 0.0],
    ])  # fmt: skip
    got = _day_of(ready)
    assert np.array_equal(got, np.floor_divide(ready, BUCKET_H).astype(np.int64))
    assert got.tolist() == [int(t // BUCKET_H) for t in ready.tolist()]


@pytest.mark.parametrize("compact_from", [None, 64])
@pytest.mark.parametrize("seed", range(6))
def test_the_current_bucket_ranked_once_adds_the_very_sums_of_a_scan(
    seed, compact_from, monkeypatch
):
    """Goods handed over at random (some ready at once, some today, some never), cut-offs and
    questions several times a day: the ledger's totals are bit for bit those of a ledger that
    files every good at every pass and looks at every good of the current bucket at every
    question (the same goods added in the same order: the ledger files goods ready after
    the current day only when a pass reaches a later day), including after a route is
    dropped and followed again."""
    if compact_from is not None:  # the columns compacted often (kept goods, new positions)
        monkeypatch.setattr(loose, "COMPACT_FROM", compact_from)
    rng = np.random.default_rng(seed)
    fast, scan = LooseGoods(4), _ScanEveryGood(4)
    compacted = []
    real = fast._compact
    fast._compact = lambda kept, coming: (compacted.append(kept.size), real(kept, coming))
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
    assert len(compacted) > 3 if compact_from else not compacted


@pytest.mark.parametrize("seed", range(4))
def test_questions_within_one_tick_count_each_good_once(seed):
    """Goods ranked by tick (3 s of ready time) and questions that fall inside one tick, a
    few times over: each good ready by the question is counted once, the others wait, and
    the totals are bit for bit the oracle's (goods in a tick looked at one by one)."""
    rng = np.random.default_rng(seed)
    fast, scan = LooseGoods(2), _ScanEveryGood(2)
    for ledger in (fast, scan):
        for r in range(2):
            ledger.follow(r, [])
    tick = 1.0 / 1200.0
    starts = BUCKET_H + 8.0 + tick * rng.integers(0, 400, 6)  # a few ticks of day 1
    # handed over on day 0, so ranked when day 1 becomes current
    for _ in range(30):
        at = starts[rng.integers(0, starts.size, 8)] + tick * rng.uniform(0.0, 1.0, 8)
        r, teu = int(rng.integers(2)), rng.lognormal(-1.5, 1.0, 8)
        for ledger in (fast, scan):
            ledger.hand_over(r, at.copy(), teu.copy())
    assert fast.ready_by(0, 1.0) == scan.ready_by(0, 1.0)
    moments = np.sort(np.concatenate([s + tick * rng.uniform(0.0, 1.0, 5) for s in starts]))
    within = 0  # questions that find goods of their tick counted by an earlier one
    for now in moments.tolist():
        r = int(rng.integers(2))
        assert fast.ready_by(r, now) == scan.ready_by(r, now)
        assert np.array_equal(fast.ready_teu, scan.ready_teu), now
        within += any(t.part for t in fast._today.values())
    assert within > 5
    final = BUCKET_H + 20.0
    assert fast.ready_by(0, final) == scan.ready_by(0, final)
    assert np.array_equal(fast.ready_teu, scan.ready_teu)
