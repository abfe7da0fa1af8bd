"""Border crossings (gauge changes, customs) as multi-server queues, and disruption windows.

A crossing serves trains first come, first served on a number of parallel servers, with a random
service time; other China-Europe trains (background traffic) use the same servers. Disruptions
act in windows of clock hours: a node disruption removes servers (they are taken as they become
free, ahead of the line) or lengthens service; an edge or line disruption is applied by
:mod:`sim.actors.logistics`.
"""

from __future__ import annotations

import array
import bisect
import heapq
import itertools
import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import simpy
from simpy.events import Event, Timeout

from sim.actors.border_records import CrossingRecords
from sim.scenario import BorderSpec, Disruption, servers_kept
from sim.scenario.disruptions import OPEN_ENDED_DAYS
from sim.scenario.distributions import BATCH, BatchSampler
from sim.world.calendar import MarketCalendar

# --------------------------------------------------------------------------- disruptions


OPEN_ENDED_H = 24.0 * OPEN_ENDED_DAYS
""":data:`sim.scenario.disruptions.OPEN_ENDED_DAYS` in hours."""


@dataclass(frozen=True)
class Window:
    """A disruption window in clock hours, [start_h, end_h).

    ``end_told_h`` is when its end becomes known (when it is announced, unless its end is
    announced later); before then a decision expects it to last ``expected_h`` more hours from
    its own moment (:meth:`seen`).
    """

    start_h: float
    end_h: float
    d: Disruption
    announced_h: float = -math.inf  # when it became known (its start unless announced earlier)
    end_told_h: float = -math.inf
    expected_h: float = OPEN_ENDED_H

    def active(self, t: float) -> bool:
        return self.start_h <= t < self.end_h

    @property
    def thought_on_until_h(self) -> float:
        """Until when no decision can know it is over: its end, or when its end is told if
        that is later (until then it is expected to go on, :meth:`seen`)."""
        return self.end_h if self.end_h > self.end_told_h else self.end_told_h

    def seen(self, now: float) -> Window:
        """The window as a decision at ``now`` knows it: itself once its end is told; before
        then, ending ``expected_h`` after ``now`` (or after its start, if later): a closure
        "until further notice" is expected to go on whenever it is asked about."""
        if now >= self.end_told_h:
            return self
        end = (self.start_h if self.start_h > now else now) + self.expected_h
        return Window(self.start_h, end, self.d, self.announced_h)


def told_windows(windows: Iterable[Window], now: float) -> list[Window]:
    """The windows announced by ``now``, each as known then (:meth:`Window.seen`)."""
    return [w.seen(now) for w in windows if w.announced_h <= now]


def edge_hours(hours: float, windows: Iterable[Window], t: float) -> float:
    """Running time of an edge entered at ``t``: its ``hours`` changed by the edge disruptions
    active then (slower by ``dwell_factor``, longer by ``extra_h``)."""
    for w in windows:
        if w.active(t):
            hours = hours * (w.d.dwell_factor or 1.0) + (w.d.extra_h or 0.0)
    return hours


def windows_for(
    disruptions: Iterable[Disruption], target: str, ident: str, cal: MarketCalendar
) -> list[Window]:
    """Windows of the disruptions on one node, edge or line."""
    out = []
    for d in disruptions:
        if d.target == target and d.id == ident:
            told = cal.hour_at(d.announced or d.start)
            # (its end is known when told, or when it is over if that is sooner)
            known = d.end_known_at
            end_told = told if known is None else cal.hour_at(known)
            expected = OPEN_ENDED_H if d.expected_days is None else 24.0 * d.expected_days
            start = cal.hour_of(d.start)
            out.append(Window(start, cal.hour_of(d.end) + 24.0, d, told, end_told, expected))
    return out


# --------------------------------------------------------------------------- border crossings

RECENT_WEIGHT = 0.3
"""Weight of the newest wait in :attr:`BorderCrossing.recent_wait_h` (about the last three
trains count): what a forwarder hears of a crossing's waits."""

Served = Callable[[float], Any]
"""Called when a train leaves the crossing, with the hours it waited for a server."""


Step = Callable[[Event], None]
"""A callback of the SimPy event of a train's next moment (SimPy calls it with that event)."""


def delay_to(now: float, t: float) -> float:
    """The delay ``d`` for which SimPy's ``now + d`` is ``t`` itself (``t >= now``), when
    there is one (see :func:`timeout_at` for when there is none: then the last one tried).

    A crossing decides a train's end of service when the train arrives, and the train's next
    moment is a sum taken from that end (``end + hours``), not from the clock now; ``t - now``
    is exact whenever ``t`` is at most twice ``now`` (Sterbenz's lemma), which is nearly
    always, and otherwise one or two steps to the neighbouring float find it.
    """
    d = t - now
    for _ in range(64):
        s = now + d
        if s == t:
            return d
        d = math.nextafter(d, math.inf if s < t else -math.inf)
    return t - now


def timeout_at(env: simpy.Environment, t: float, value: Any, callback: Step) -> None:
    """A timeout carrying ``value`` whose event comes at the float ``t`` itself (``t >=
    env.now``), with ``callback`` its one callback: the time a chain of events (a service's
    start, its end, the next leg) would have reached, so that the callbacks may take ``t``
    for the clock's time.

    Nearly always one timeout of :func:`delay_to`. But no delay lands on ``t`` when ``t -
    now`` lies in ``t``'s own binade and ``now`` has a bit at half of ``t``'s spacing: every
    sum ``now + d`` is then a tie, rounded to the even one of ``t``'s neighbours (e.g. from
    202.3745418078759 h, 488.5429752894349 h is never reached). Then a relay timeout comes
    at a float just before ``t``, from which ``t`` is ``t - relay`` away exactly (Sterbenz).
    """
    now = env.now
    d = delay_to(now, t)
    if now + d == t:
        Timeout(env, d, value).callbacks.append(callback)
        return
    while now + d >= t:
        d = math.nextafter(d, -math.inf)
    Timeout(env, d, (t, value, callback)).callbacks.append(_relay)


def _relay(event: Event) -> None:
    """The relay of :func:`timeout_at`: on from just before ``t`` to ``t`` itself."""
    t, value, callback = event.value  # type: ignore[misc]  # what the relay carries
    env = event.env
    Timeout(env, t - env.now, value).callbacks.append(callback)


class Traffic(Protocol):
    """The trains served without events of their own (other operators', whose moments are
    kept in time order: :class:`sim.actors.background.BackgroundTraffic`)."""

    def at(self, t: float, step: Callable[[Any, float], None], train: Any) -> None:
        """``step(train, t)`` is to happen at ``t``."""

    def upto(self, t: float) -> None:
        """Serve every moment at or before ``t``, in time order."""


class Train:
    """A train as the crossings see it.

    A train waits on one thing at a time (the end of a leg, of its service at a crossing, of
    unloading): each wait is a public SimPy :class:`~simpy.events.Timeout` carrying the train
    as its value, with one callback appended to that timeout's own list (no process, and no
    callback list shared between events).

    ``t`` is the time of its next moment, the very sum SimPy schedules its timeout at (the
    clock's time when it comes), so the callbacks need not read the clock. What a crossing
    records of it: ``departure`` (-1: a background train), ``arrive_h`` and ``start_h``.
    """

    __slots__ = ("arrive_h", "departure", "start_h", "t")
    arrive_h: float
    start_h: float

    def __init__(self, departure: int, t: float = 0.0) -> None:
        self.departure = departure
        self.t = t

    def onward(self) -> bool:
        """Called by a crossing as soon as it has decided the train's service (``t`` is then
        its end): True if the train has taken care of what follows, so that the crossing
        needs no event at the end of the service. A background train that only crosses has
        nothing to do."""
        return True

    def served(self, wait: float) -> None:
        """Called as the train leaves a crossing, with the hours it waited (nothing here: a
        background train that only crosses)."""


class _Waiter(Train):
    """A train given as a departure and a function to call when served (:meth:`join`)."""

    __slots__ = ("then",)

    def __init__(self, departure: int, then: Served) -> None:
        super().__init__(departure)
        self.then = then

    def onward(self) -> bool:
        return False  # it is called back when it leaves

    def served(self, wait: float) -> None:
        self.then(wait)


class BorderCrossing(CrossingRecords):
    """A border crossing as a multi-server queue, first come, first served.

    A train (or a background train) that finds a server idle is served at once; otherwise it
    waits in line, and each end of service hands the server to the next in line. A disruption
    that removes servers holds them for its window ahead of the trains in line: it takes servers
    as they become free (a train in service is never interrupted), so goods already at the
    border feel the cut as a longer queue.

    First come, first served on identical servers decides a train's whole service the moment
    it arrives: it starts when the earliest of the servers is free (or now), since everyone
    ahead of it already holds a place and nobody behind it can pass it; a cut that starts
    before that moment takes its server first (the disruption windows are known from the
    start). So the servers are a heap of the times each is next free, and a train's end of
    service is decided at its arrival. A train that runs on from the end of its service
    schedules its next moment from that end at once (:meth:`Train.onward`): a crossing costs
    no event of its own (a background train's arrival and the end of a leg are the train's
    events); only a train whose next step must happen at the end of its service (a detour
    decided there, a terminal, a process waiting on :meth:`cross`) gets a timeout then. What
    the queue looks like at a moment (``queue_length``, ``busy``, ``recent_wait_h``, the
    records) is read from the decided times, counting what has happened by the clock's time.
    The queue discipline is the same as serving from a line on every release;
    ``tests/test_validation_queueing.py`` checks it against M/M/1, M/M/c, M/D/1 and Jackson
    networks.
    """

    def __init__(
        self,
        env: simpy.Environment,
        node: str,
        spec: BorderSpec,
        rng: np.random.Generator,
        windows: list[Window],
        sequence: Iterator[int] | None = None,
        traffic: Traffic | None = None,
    ) -> None:
        self.env = env
        # other operators' trains served without events (sim.actors.background): caught up
        # before a train arrives on the clock and before anything reads the crossing
        self._traffic = traffic
        self.node = node
        self.spec = spec
        # the time each server is next free (-inf: idle since the start), smallest first
        self._free: list[float] = [-math.inf] * spec.servers
        # servers taken by disruptions ahead of the line, in the order they take them: (from,
        # kind, order made, held until); at one moment a window's cut before a surge's end
        self._claims: list[tuple[float, int, int, float]] = []
        self._surges: list[tuple[float, float, int]] = []  # (from, until, extra servers)
        self._service = spec.service_h.sampler(rng)
        self._rng = rng
        # the stream's order of draws (see _draw_gaps_due): services drawn so far, and the
        # background's gaps (those drawn, the next one's place, the next arrival's time)
        self._batched = isinstance(self._service, BatchSampler)
        self._drawn = 0
        self._gaps: list[float] = []
        self._gap = 0
        self._gaps_ahead: deque[list[float]] = deque()
        self._next_background: float | None = None
        self._rate_per_h = 0.0  # of the background (start_background)
        self.windows = windows
        self._slow = [w for w in windows if w.d.dwell_factor is not None]
        # what happened here: (order decided, departure or -1, arrive_h, start_h, end_h) per
        # crossing, five doubles in a row (no Python object kept per record; see records());
        # the order is shared by all crossings of a run, and breaks ties of end times
        self._log = array.array("d")
        self._sequence = sequence if sequence is not None else itertools.count()
        # the starts of service alone, in order (first come, first served), for the queue's
        # length at a moment; the named monitors (queue and waits over time) are derived from
        # the records' arrivals and starts
        self._starts = array.array("d")
        # the waits heard so far (recent_wait_h): followed from the first question only
        self._heard = 0.0
        self._heard_at = -math.inf  # the end of the newest service heard (heard_at_h)
        self._heard_upto = 0  # numbers of the log taken into the heap of ends not yet heard
        self._to_hear: list[tuple[float, float, float]] = []
        # the line ahead as last read (line_ahead_h): records then, until when it holds, the
        # service it was read with, the answer
        self._line_read: tuple[int, float, float, float] | None = None
        # the run's end (told by start_background): SimPy stops there before any event at it
        self._horizon_h = math.inf
        for w in windows:
            if w.d.servers_factor is not None:
                removed = spec.servers - servers_kept(spec.servers, w.d.servers_factor)
                self._claims += [(w.start_h, 0, len(self._claims), w.end_h)] * removed
            if w.d.surge_factor is not None and w.d.surge_days > 0:
                self._surge(w)
        self._claims.sort()

    def _surge(self, w: Window) -> None:
        """Extra servers from the end of a disruption window for its ``surge_days`` (extra
        shifts, parallel tracks to clear the backlog); then they are withdrawn as they become
        free, like a cut that never ends."""
        extra = round(self.spec.servers * (w.d.surge_factor or 1.0)) - self.spec.servers
        if extra <= 0:
            return
        begin = max(w.end_h, self.env.now)
        until = begin + 24.0 * w.d.surge_days
        self._surges.append((begin, until, extra))
        for _ in range(extra):
            heapq.heappush(self._free, begin)
            self._claims.append((until, 1, len(self._claims), math.inf))

    def _claim(self) -> None:
        """The first cut in order takes the first server free from its start, for its window."""
        begin, _, _, until = self._claims.pop(0)
        free = heapq.heappop(self._free)
        got = free if free > begin else begin
        heapq.heappush(self._free, until if until > got else got)

    def _clock(self) -> float:
        """The time up to which what was decided here has happened, by the clock: its time
        now, but just before it at the run's horizon. ``env.run(until=h)`` stops before any
        event at ``h``, so a service ending or starting there, a cut released and a surge
        begun or withdrawn there, never happen in the run (as nothing else at ``h`` does)."""
        now = self.env.now
        clock = now if now < self._horizon_h else math.nextafter(now, -math.inf)
        if self._traffic is not None:
            self._traffic.upto(clock)
        return clock

    def _catch_up(self, now: float) -> None:
        """Cuts that have started by ``now`` take their servers (a question about the servers
        at ``now``; a cut is otherwise taken when a train would start after its start)."""
        while self._claims and self._claims[0][0] <= now:
            self._claim()

    def _arrive(self, train: Train, now: float) -> None:
        """A train arrives at ``now`` (the clock's time): its service is decided (it starts
        when a server is first free, after the cuts that start before that) and it is sent on
        from the end of it (:meth:`Train.onward`), or called back then."""
        train.arrive_h = now
        free = self._free
        start = free[0] if free[0] > now else now
        claims = self._claims
        while claims and claims[0][0] <= start:
            self._claim()  # a cut from before the train's start is ahead of it
            start = free[0] if free[0] > now else now
        if self._batched:
            if self._next_background is not None and self._drawn % BATCH == 0:
                self._draw_gaps_due(start)  # a batch of services is drawn now
            self._drawn += 1
        service = self._service()
        if self._slow:
            service *= self.dwell_factor(start)
        end = start + service
        heapq.heapreplace(free, end)
        train.start_h = start
        train.t = end
        self._starts.append(start)
        self._log.extend((next(self._sequence), train.departure, now, start, end))
        if not train.onward():
            timeout_at(self.env, end, train, self._on_end)

    arrive_at = _arrive
    """A background train's arrival (:mod:`sim.actors.background`), served in time order."""

    def arrive_on_clock(self, train: Train, now: float) -> None:
        """A train arrives at ``now``, the clock's time, by an event of the clock: the
        background trains due by then are served first."""
        if self._traffic is not None:
            self._traffic.upto(now)
        self._arrive(train, now)

    @staticmethod
    def _on_end(event: Event) -> None:
        train: Train = event.value  # type: ignore[assignment]  # what the timeout carries
        train.served(train.start_h - train.arrive_h)

    def reach(self, event: Event) -> None:
        """The callback of the timeout that ends a leg here: its value is the train, arriving
        at its time ``t``."""
        train: Train = event.value  # type: ignore[assignment]  # what the timeout carries
        self.arrive_on_clock(train, train.t)

    def dwell_factor(self, t: float) -> float:
        """Product of the dwell factors of the disruptions active at ``t``."""
        f = 1.0
        for w in self._slow:
            if w.active(t):
                f *= w.d.dwell_factor  # type: ignore[operator]
        return f

    @property
    def servers(self) -> int:
        """Servers the crossing has now (its own and a surge's extra ones)."""
        if not self._surges:
            return self.spec.servers
        now = self._clock()
        return self.spec.servers + sum(n for a, b, n in self._surges if a <= now < b)

    @property
    def idle(self) -> int:
        """Servers free now (neither serving a train nor held by a disruption)."""
        now = self._clock()
        self._catch_up(now)
        return sum(1 for f in self._free if f <= now)

    @property
    def queue_length(self) -> int:
        """Trains waiting for a server now (not counting those in service)."""
        now = self._clock()  # first: the background trains due by now join the line
        starts = self._starts
        return len(starts) - bisect.bisect_right(starts, now)

    @property
    def busy(self) -> int:
        """Servers in use now (by trains or held by a disruption)."""
        return self.servers - self.idle

    @property
    def recent_wait_h(self) -> float:
        """The waits of the last trains to leave, newest weighted :data:`RECENT_WEIGHT`
        (exponentially), as a forwarder hears them: what the live state reads. Trains leave in
        the order their services end, which is not the order they were decided in, so the
        ends not yet heard wait in a heap (filled only when somebody asks: static runs never
        do)."""
        return self._hear(self._clock())  # first: the background trains due by now are served

    def _hear(self, now: float) -> float:
        """:attr:`recent_wait_h` at ``now``, the clock's time (the background caught up)."""
        log, heap = self._log, self._to_hear
        if self._heard_upto < len(log):
            rows = iter(log[self._heard_upto :])
            for k, _, a, s, e in zip(rows, rows, rows, rows, rows, strict=True):
                heapq.heappush(heap, (e, k, s - a))
            self._heard_upto = len(log)
        if heap and heap[0][0] <= now:
            heard = self._heard
            while heap and heap[0][0] <= now:
                end, _, wait = heapq.heappop(heap)
                heard += RECENT_WEIGHT * (wait - heard)
            self._heard = heard
            self._heard_at = end
        return self._heard

    @property
    def heard_at_h(self) -> float:
        """When the newest wait in :attr:`recent_wait_h` was heard: the end of the last service
        here by now (-inf: none yet); the latest end of :meth:`records`, without building
        them."""
        self._hear(self._clock())
        return self._heard_at

    def line_ahead_h(self, service_h: float) -> float:
        """What the live state reads as the line ahead of a train reaching the crossing now:
        :attr:`recent_wait_h`, or the trains waiting (:attr:`queue_length`) shared by the
        :attr:`servers` at ``service_h`` each if longer.

        Read at every booking slice for every crossing, the answer is kept until it can
        change: it moves only when a train arrives (a record more), when a waiting train's
        service starts or when a service not yet heard of ends; until the first of these it
        is the same number, without reading the records again."""
        now = self._clock()  # first: the background trains due by now are served
        n_log = len(self._log)
        read = self._line_read
        if read is not None and read[0] == n_log and now < read[1] and read[2] == service_h:
            return read[3]
        wait = self._hear(now)
        starts = self._starts
        started = bisect.bisect_right(starts, now)
        line = max(wait, (len(starts) - started) * service_h / max(self.servers, 1))
        if self._surges:  # the servers change with the clock: read again each time
            self._line_read = None
            return line
        until = starts[started] if started < len(starts) else math.inf
        if self._to_hear and self._to_hear[0][0] < until:
            until = self._to_hear[0][0]
        self._line_read = (n_log, until, service_h, line)
        return line

    def closed_until_h(self, at_h: float, known_at: float = math.inf) -> float | None:
        """When the crossing opens again after ``at_h`` (None: open then), among the windows
        that leave it no server announced by ``known_at`` (default: all), as known then (an end
        not told by then is expected, :meth:`Window.seen`): windows that overlap
        or follow one another are one closure (the first window's end alone priced a closure
        told as two back-to-back windows as a few hours)."""
        end: float | None = None
        t = at_h
        windows = told_windows(self.windows, known_at)  # as known then
        while True:
            later = [w.end_h for w in windows if w.d.closes(self.spec.servers) and w.active(t)]
            if not later or (end is not None and max(later) <= end):
                return end
            end = t = max(later)

    @property
    def closures(self) -> list[Window]:
        """The windows that leave the crossing without a server."""
        return [w for w in self.windows if w.d.closes(self.spec.servers)]

    def cross(self, departure: int) -> simpy.Event:
        """A train arrives: returns the event of its leaving the crossing (its value is the time
        spent waiting for a server), for a process to wait on."""
        done = self.env.event()
        self.join(departure, done.succeed)
        return done

    def join(self, departure: int, served: Served) -> None:
        """A train arrives: ``served`` is called with the hours it waited when it leaves the
        crossing (no event in between)."""
        self.arrive_on_clock(_Waiter(departure, served), self.env.now)

    def start_background(self, horizon_h: float) -> None:
        """Other China-Europe trains using the crossing, a Poisson stream until ``horizon_h``
        (the run's end, which the crossing keeps: see :meth:`_clock`).

        Nobody waits for them: with the run's :class:`~sim.actors.background.BackgroundTraffic`
        each arrival is a moment there, served when the crossing is next looked at (no event);
        without (a crossing on its own), one timeout carrying the train, whose callback joins
        the line and schedules the next arrival.
        """
        self._horizon_h = horizon_h
        rate_per_h = self.spec.background_trains_per_day / 24.0
        if rate_per_h <= 0:
            return
        env, arrive, ahead = self.env, self._arrive, self._gaps_ahead
        traffic = self._traffic
        self._rate_per_h = rate_per_h

        def arrived(event: Event) -> None:
            train: Train = event.value  # type: ignore[assignment]  # what the timeout carries
            now = train.t  # read first: the crossing sets it to the end of the service
            arrive(train, now)
            next_arrival(now)

        def arrived_at(train: Train, now: float) -> None:
            arrive(train, now)
            next_arrival(now)

        def next_arrival(now: float) -> None:
            i = self._gap
            if i == len(self._gaps):  # gaps drawn 4096 at a time (or drawn ahead already)
                self._gaps = ahead.popleft() if ahead else self._draw_gaps()
                i = 0
            gap = self._gaps[i]
            self._gap = i + 1
            if now + gap < horizon_h:
                train = Train(-1, now + gap)  # the sum SimPy schedules it at
                self._next_background = train.t
                if traffic is not None:
                    traffic.at(train.t, arrived_at, train)
                else:
                    Timeout(env, gap, train).callbacks.append(arrived)
            else:
                self._next_background = None

        next_arrival(self.env.now)

    def _draw_gaps(self) -> list[float]:
        return self._rng.exponential(1.0 / self._rate_per_h, 4096).tolist()

    def _draw_gaps_due(self, start: float) -> None:
        """A train whose service starts at ``start`` is about to draw a new batch of services
        from the crossing's stream, which its background gaps are drawn from too. Served from
        a line, its service was drawn as it started, so the batches of gaps that background
        arrivals before then draw (the arrival that takes a batch's last gap draws the next)
        came first: they are drawn now, in that order, and used when due."""
        t = self._next_background  # the background train on its way
        horizon = self._horizon_h
        assert t is not None
        for gap in itertools.chain(self._gaps[self._gap :], *self._gaps_ahead):
            t = t + gap  # the arrival times, as next_arrival sums them
            if not t < horizon:
                return  # the stream ends before another batch
        while t < start:  # the arrival at t draws the next batch before this train starts
            batch = self._draw_gaps()
            self._gaps_ahead.append(batch)
            for gap in batch:
                t = t + gap
                if not t < horizon:
                    return
