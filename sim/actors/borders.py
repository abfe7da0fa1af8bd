"""Border crossings (gauge changes, customs) as multi-server queues, and disruption windows.

A crossing serves trains first come, first served on a number of parallel servers, with a random
service time; other China-Europe trains (background traffic) use the same servers. Disruptions
act in windows of clock hours: a node disruption removes servers (they are taken as they become
free, ahead of the line) or lengthens service; an edge or line disruption is applied by
:mod:`sim.actors.logistics`.
"""

from __future__ import annotations

import array
import itertools
import math
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy
from simpy.events import Event, Timeout

from sim.scenario import BorderSpec, Disruption
from sim.world.calendar import MarketCalendar

# --------------------------------------------------------------------------- disruptions


@dataclass(frozen=True)
class Window:
    """A disruption window in clock hours, [start_h, end_h)."""

    start_h: float
    end_h: float
    d: Disruption
    announced_h: float = -math.inf  # when it became known (its start unless announced earlier)

    def active(self, t: float) -> bool:
        return self.start_h <= t < self.end_h


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
    return [
        Window(
            cal.hour_of(d.start),
            cal.hour_of(d.end) + 24.0,
            d,
            cal.hour_at(d.announced or d.start),
        )
        for d in disruptions
        if d.target == target and d.id == ident
    ]


# --------------------------------------------------------------------------- border crossings

RECENT_WEIGHT = 0.3
"""Weight of the newest wait in :attr:`BorderCrossing.recent_wait_h` (about the last three
trains count): what a forwarder hears of a crossing's waits."""

Served = Callable[[float], Any]
"""Called when a train leaves the crossing, with the hours it waited for a server."""


Step = Callable[[Event], None]
"""A callback of the SimPy event of a train's next moment (SimPy calls it with that event)."""


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

    def served(self, wait: float) -> None:
        """Called as the train leaves a crossing, with the hours it waited (nothing here: a
        background train that only crosses)."""


class _Waiter(Train):
    """A train given as a departure and a function to call when served (:meth:`join`)."""

    __slots__ = ("then",)

    def __init__(self, departure: int, then: Served) -> None:
        super().__init__(departure)
        self.then = then

    def served(self, wait: float) -> None:
        self.then(wait)


class BorderCrossing:
    """A border crossing as a multi-server queue, first come, first served.

    A train (or a background train) that finds a server idle is served at once; otherwise it
    waits in line, and each end of service hands the server to the next in line. A disruption
    that removes servers holds them for its window ahead of the trains in line: it takes servers
    as they become free (a train in service is never interrupted), so goods already at the
    border feel the cut as a longer queue.

    The servers are a counter and the line a deque of :class:`Train` driven by SimPy event
    callbacks, rather than a ``simpy.Resource``: a resource costs a process and five events per
    crossing, which made crossings nine events in ten of a run; this costs one event, the end of
    service (a timeout carrying the train), which calls the train back
    (:meth:`Train.served`; a background train's arrival is its one other event). The queue
    discipline is the same; ``tests/test_validation_queueing.py`` checks it against M/M/1,
    M/M/c, M/D/1 and Jackson networks.
    """

    def __init__(
        self,
        env: simpy.Environment,
        node: str,
        spec: BorderSpec,
        rng: np.random.Generator,
        windows: list[Window],
        sequence: Iterator[int] | None = None,
    ) -> None:
        self.env = env
        self.node = node
        self.spec = spec
        self.servers = spec.servers
        self.idle = spec.servers
        self._line: deque[Train] = deque()  # trains waiting for a server, first come first
        self._cuts: deque[simpy.Event] = deque()  # disruptions waiting for a server
        self._service = spec.service_h.sampler(rng)
        self._rng = rng
        self.windows = windows
        self._slow = [w for w in windows if w.d.dwell_factor is not None]
        # what happened here: (order of the record, departure or -1, arrive_h, start_h, end_h)
        # per crossing, five doubles in a row (no Python object kept per record, and the tables
        # take them as they are: see log and records()); the order is shared by all crossings
        # of a run, so their tables merge in event order
        self._log = array.array("d")
        self._sequence = sequence if sequence is not None else itertools.count()
        # every arrival and every start of service as it happens, with the wait it ended: the
        # named monitors (queue and waits over time, :meth:`queue_series`) are derived from
        # these timestamps, with no process sampling the queue
        self._arrivals = array.array("d")
        self._starts = array.array("d")
        self._start_waits = array.array("d")
        self.recent_wait_h = 0.0  # exponentially weighted waits of the last trains (live state)
        # the end-of-service callback, bound once (every service's timeout gets it)
        self._on_served = self._served
        for w in windows:
            if w.d.servers_factor is not None:
                removed = spec.servers - round(spec.servers * w.d.servers_factor)
                for _ in range(removed):
                    env.process(self._blocker(w))
            if w.d.surge_factor is not None and w.d.surge_days > 0:
                env.process(self._surge(w))

    def _arrive(self, train: Train, now: float) -> None:
        """A train arrives at ``now`` (the clock's time): served at once if a server is idle,
        else it joins the line."""
        train.arrive_h = now
        self._arrivals.append(now)
        if self.idle > 0:
            self.idle -= 1
            self._serve(train, now)
        else:
            self._line.append(train)

    def reach(self, event: Event) -> None:
        """The callback of the timeout that ends a leg here: its value is the train, arriving
        at its time ``t``."""
        train: Train = event.value  # type: ignore[assignment]  # what the timeout carries
        self._arrive(train, train.t)

    def _release(self) -> None:
        """A server is free: the first cut waiting, else the first train in line, takes it."""
        if self._cuts:
            self._cuts.popleft().succeed()
        elif self._line:
            self._serve(self._line.popleft(), self.env.now)
        else:
            self.idle += 1

    def _blocker(self, w: Window) -> Generator[Any, Any, None]:
        env = self.env
        if w.start_h > env.now:
            yield env.timeout(w.start_h - env.now)
        held = env.event()
        if self.idle > 0:
            self.idle -= 1
            held.succeed()
        else:
            self._cuts.append(held)  # ahead of every train in line
        yield held
        if w.end_h > env.now:
            yield env.timeout(w.end_h - env.now)
        self._release()

    def _surge(self, w: Window) -> Generator[Any, Any, None]:
        """Extra servers from the end of a disruption window for its ``surge_days`` (extra
        shifts, parallel tracks to clear the backlog); then they are withdrawn as they become
        free, like a cut that never ends."""
        env = self.env
        extra = round(self.spec.servers * (w.d.surge_factor or 1.0)) - self.spec.servers
        if extra <= 0:
            return
        if w.end_h > env.now:
            yield env.timeout(w.end_h - env.now)
        self.servers += extra
        for _ in range(extra):
            self._release()
        yield env.timeout(24.0 * w.d.surge_days)
        self.servers -= extra
        never = Window(env.now, math.inf, w.d)
        for _ in range(extra):
            env.process(self._blocker(never))

    def dwell_factor(self, t: float) -> float:
        """Product of the dwell factors of the disruptions active at ``t``."""
        f = 1.0
        for w in self._slow:
            if w.active(t):
                f *= w.d.dwell_factor  # type: ignore[operator]
        return f

    @property
    def queue_length(self) -> int:
        """Trains waiting for a server now (not counting those in service)."""
        return len(self._line)

    @property
    def busy(self) -> int:
        """Servers in use now (by trains or held by a disruption)."""
        return self.servers - self.idle

    def closed_until_h(self, at_h: float, known_at: float = math.inf) -> float | None:
        """End of a disruption window in force at ``at_h`` that leaves no server (None: open),
        among those announced by ``known_at`` (default: all)."""
        for w in self.windows:
            f = w.d.servers_factor
            if (
                f is not None
                and round(self.spec.servers * f) == 0
                and w.active(at_h)
                and w.announced_h <= known_at
            ):
                return w.end_h
        return None

    @property
    def closures(self) -> list[Window]:
        """The windows that leave the crossing without a server."""
        return [
            w
            for w in self.windows
            if w.d.servers_factor is not None and round(self.spec.servers * w.d.servers_factor) == 0
        ]

    @property
    def log(self) -> list[tuple[int, int, float, float, float]]:
        """What happened here: (order of the record, departure or -1, arrive_h, start_h,
        end_h) per crossing, in the order they ended (built on each access)."""
        rec = self.records().tolist()
        return [(int(k), int(d), a, s, e) for k, d, a, s, e in rec]

    def records(self) -> np.ndarray:
        """The crossings served here, one row each: record number (in the order crossings
        ended, over all crossings), departure (-1: a background train), arrive_h, start_h,
        end_h (numbers below 2**53 are exact as floats)."""
        # a copy: a view would hold the buffer, and the log could not grow while it lives
        return np.frombuffer(self._log, dtype=float).reshape(-1, 5).copy()

    def own_waits(self) -> tuple[np.ndarray, np.ndarray]:
        """Departures of Yiwu's trains served here and the hours each waited."""
        rec = self.records()
        own = rec[:, 1] >= 0
        return rec[own, 1].astype(np.int64), rec[own, 3] - rec[own, 2]

    def queue_series(self) -> tuple[np.ndarray, np.ndarray]:
        """Trains waiting for a server over time, from the recorded arrivals and starts of
        service: the times of every change and the number waiting just after it (a step
        function; several changes at one time give one row, the last)."""
        arrive = np.frombuffer(self._arrivals, dtype=float).copy()
        start = np.frombuffer(self._starts, dtype=float).copy()
        t = np.concatenate((arrive, start))
        step = np.concatenate((np.ones(arrive.size), -np.ones(start.size)))
        # at one time, arrivals before starts (a train served at once arrives, then starts)
        order = np.lexsort((-step, t))
        t, level = t[order], np.cumsum(step[order])
        last = np.append(t[1:] != t[:-1], True) if t.size else np.zeros(0, dtype=bool)
        return t[last], level[last]

    def wait_series(self) -> tuple[np.ndarray, np.ndarray]:
        """Each train's start of service here and the hours it waited for a server, in the
        order they started (background trains included)."""
        return (
            np.frombuffer(self._starts, dtype=float).copy(),
            np.frombuffer(self._start_waits, dtype=float).copy(),
        )

    def cross(self, departure: int) -> simpy.Event:
        """A train arrives: returns the event of its leaving the crossing (its value is the time
        spent waiting for a server), for a process to wait on."""
        done = self.env.event()
        self.join(departure, done.succeed)
        return done

    def join(self, departure: int, served: Served) -> None:
        """A train arrives: ``served`` is called with the hours it waited when it leaves the
        crossing (no event in between)."""
        self._arrive(_Waiter(departure, served), self.env.now)

    def _serve(self, train: Train, start: float) -> None:
        """Serve a train from ``start`` (the clock's time now, passed in by the callers that
        know it, to save reading the clock on every crossing)."""
        service = self._service()
        if self._slow:
            service *= self.dwell_factor(start)
        # start + service is the very sum SimPy schedules the end of service at, so it is the
        # clock's time then
        train.start_h = start
        train.t = start + service
        self._starts.append(start)
        self._start_waits.append(start - train.arrive_h)
        Timeout(self.env, service, train).callbacks.append(self._on_served)

    def _served(self, event: Event) -> None:
        train: Train = event.value  # type: ignore[assignment]  # what the timeout carries
        arrive, start, now = train.arrive_h, train.start_h, train.t
        self._log.extend((next(self._sequence), train.departure, arrive, start, now))
        self.recent_wait_h += RECENT_WEIGHT * (start - arrive - self.recent_wait_h)
        # the server is free (as _release, inlined: this runs for every crossing of the run)
        if self._cuts:
            self._cuts.popleft().succeed()
        elif self._line:
            self._serve(self._line.popleft(), now)
        else:
            self.idle += 1
        train.served(start - arrive)

    def start_background(self, horizon_h: float) -> None:
        """Other China-Europe trains using the crossing, a Poisson stream until ``horizon_h``.

        Nobody waits for them, so each arrival is one timeout carrying the train, whose callback
        joins the line and schedules the next arrival: no process and no event beyond the
        arrival itself.
        """
        rate_per_h = self.spec.background_trains_per_day / 24.0
        if rate_per_h <= 0:
            return
        env, rng, line, serve = self.env, self._rng, self._line, self._serve
        gaps: list[float] = []
        i = 0

        def arrived(event: Event) -> None:
            train: Train = event.value  # type: ignore[assignment]  # what the timeout carries
            now = train.t
            train.arrive_h = now  # as _arrive, inlined
            self._arrivals.append(now)
            if self.idle > 0:
                self.idle -= 1
                serve(train, now)
            else:
                line.append(train)
            next_arrival(now)

        def next_arrival(now: float) -> None:
            nonlocal gaps, i
            if i == len(gaps):  # gaps drawn 4096 at a time
                gaps = rng.exponential(1.0 / rate_per_h, 4096).tolist()
                i = 0
            gap = gaps[i]
            i += 1
            if now + gap < horizon_h:
                train = Train(-1, now + gap)  # the sum SimPy schedules it at
                Timeout(env, gap, train).callbacks.append(arrived)

        next_arrival(self.env.now)
