"""Border crossings (gauge changes, customs) as multi-server queues, and disruption windows.

A crossing serves trains first come, first served on a number of parallel servers, with a random
service time; other China-Europe trains (background traffic) use the same servers. Disruptions
act in windows of clock hours: a node disruption removes servers (they are taken as they become
free, ahead of the line) or lengthens service; an edge or line disruption is applied by
:mod:`sim.actors.logistics`.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy
from simpy.events import Timeout

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
            cal.hour_of(d.announced or d.start),
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


class BorderCrossing:
    """A border crossing as a multi-server queue, first come, first served.

    A train (or a background train) that finds a server idle is served at once; otherwise it
    waits in line, and each end of service hands the server to the next in line. A disruption
    that removes servers holds them for its window ahead of the trains in line: it takes servers
    as they become free (a train in service is never interrupted), so goods already at the
    border feel the cut as a longer queue.

    The servers are a counter and the line a deque driven by SimPy event callbacks, rather than
    a ``simpy.Resource``: a resource costs a process and five events per crossing, which made
    crossings nine events in ten of a run; this costs one event, the end of service, which calls
    the train back (:meth:`join`; a background train's arrival is its one other event). The queue
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
        # trains in line: (departure, arrival time, what to call when served, or None)
        self._line: deque[tuple[int, float, Served | None]] = deque()
        self._cuts: deque[simpy.Event] = deque()  # disruptions waiting for a server
        self._service = spec.service_h.sampler(rng)
        self._rng = rng
        self.windows = windows
        self._slow = [w for w in windows if w.d.dwell_factor is not None]
        # what happened here: (order of the record, departure or -1, arrive_h, start_h, end_h);
        # the order is shared by all crossings of a run, so their tables merge in event order
        self.log: list[tuple[int, int, float, float, float]] = []
        self._sequence = sequence if sequence is not None else itertools.count()
        self.recent_wait_h = 0.0  # exponentially weighted waits of the last trains (live state)
        self._served_cb = self._served  # one bound method, not one per crossing
        for w in windows:
            if w.d.servers_factor is not None:
                removed = spec.servers - round(spec.servers * w.d.servers_factor)
                for _ in range(removed):
                    env.process(self._blocker(w))
            if w.d.surge_factor is not None and w.d.surge_days > 0:
                env.process(self._surge(w))

    def _arrive(self, departure: int, done: Served | None) -> None:
        """A train arrives: served at once if a server is idle, else it joins the line."""
        now = self.env.now
        if self.idle > 0:
            self.idle -= 1
            self._serve(departure, now, now, done)
        else:
            self._line.append((departure, now, done))

    def _release(self) -> None:
        """A server is free: the first cut waiting, else the first train in line, takes it."""
        if self._cuts:
            self._cuts.popleft().succeed()
        elif self._line:
            departure, arrive, done = self._line.popleft()
            self._serve(departure, arrive, self.env.now, done)
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

    def records(self) -> np.ndarray:
        """The crossings served here, one row each: record number (in the order crossings
        ended, over all crossings), departure (-1: a background train), arrive_h, start_h,
        end_h (numbers below 2**53 are exact as floats)."""
        return np.array(self.log, dtype=float).reshape(-1, 5)

    def own_waits(self) -> tuple[np.ndarray, np.ndarray]:
        """Departures of Yiwu's trains served here and the hours each waited."""
        rec = self.records()
        own = rec[:, 1] >= 0
        return rec[own, 1].astype(np.int64), rec[own, 3] - rec[own, 2]

    def cross(self, departure: int) -> simpy.Event:
        """A train arrives: returns the event of its leaving the crossing (its value is the time
        spent waiting for a server), for a process to wait on."""
        done = self.env.event()
        self._arrive(departure, done.succeed)
        return done

    def join(self, departure: int, served: Served) -> None:
        """A train arrives: ``served`` is called with the hours it waited when it leaves the
        crossing (no event in between)."""
        self._arrive(departure, served)

    def _serve(self, departure: int, arrive: float, start: float, done: Served | None) -> None:
        """Serve a train from ``start`` (the clock's time now, passed in by the callers that
        know it, to save reading the clock on every crossing)."""
        service = self._service()
        if self._slow:
            service *= self.dwell_factor(start)
        # the end of service carries what it needs as its value: no closure per crossing; its
        # time start + service is the very sum SimPy schedules it at, so it is the clock's then
        end = Timeout(self.env, service, (departure, arrive, start, start + service, done))
        end.callbacks.append(self._served_cb)

    def _served(self, end: simpy.Event) -> None:
        departure, arrive, start, now, done = end.value  # type: ignore[misc]
        self.log.append((next(self._sequence), departure, arrive, start, now))
        self.recent_wait_h += RECENT_WEIGHT * (start - arrive - self.recent_wait_h)
        # the server is free (as _release, inlined: this runs for every crossing of the run)
        if self._cuts:
            self._cuts.popleft().succeed()
        elif self._line:
            waiting, arrived, then = self._line.popleft()
            self._serve(waiting, arrived, now, then)
        else:
            self.idle += 1
        if done is not None:
            done(start - arrive)

    def start_background(self, horizon_h: float) -> None:
        """Other China-Europe trains using the crossing, a Poisson stream until ``horizon_h``.

        Nobody waits for them, so each arrival is a timeout whose callback joins the line and
        schedules the next arrival: no process and no event beyond the arrival itself.
        """
        rate_per_h = self.spec.background_trains_per_day / 24.0
        if rate_per_h <= 0:
            return
        env, rng, line, serve = self.env, self._rng, self._line, self._serve
        gaps: list[float] = []
        i = 0
        now = env.now  # the time of the arrival being handled (what the clock reads then)

        def next_arrival(arrived: simpy.Event | None) -> None:
            nonlocal gaps, i, now
            if arrived is not None:  # as _arrive, inlined: a third of a run's events come here
                if self.idle > 0:
                    self.idle -= 1
                    serve(-1, now, now, None)
                else:
                    line.append((-1, now, None))
            if i == len(gaps):  # gaps drawn 4096 at a time
                gaps = rng.exponential(1.0 / rate_per_h, 4096).tolist()
                i = 0
            gap = gaps[i]
            i += 1
            if now + gap < horizon_h:
                now += gap  # the sum SimPy schedules the timeout at
                Timeout(env, gap).callbacks.append(next_arrival)

        next_arrival(None)
