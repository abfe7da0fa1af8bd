"""Other operators' trains at the border crossings (background traffic), served without events.

About three quarters of a run's SimPy events used to be other operators' trains: every arrival
of a background train at a crossing was a timeout whose only work was to join the crossing's
line. Nobody waits for those trains and no decision of theirs reads the state (a background
train that might be sent round a closure is the one exception, and stays on the clock: see
:meth:`sim.actors.logistics.Logistics.background_reads_state`), so their arrivals are kept in a
heap of their own and served when the model next looks at a crossing: before a train of
Yiwu's (or one waiting on a process) joins a line, and before anything reads a crossing's
queue, waits or records. They are served in the order of their times, as SimPy's clock would
have served them, so every crossing sees its trains in the same order, draws the same service
times from its stream, and records the same times: the tables are those of one event per
arrival (``tests/actors/test_background.py``).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from typing import Any

from sim.actors.borders import Train, edge_hours

Step = Callable[[Any, float], None]
"""What happens at a background train's moment: called with the train and the time."""


class BackgroundTraffic:
    """The background trains' coming moments, in time order, served on demand (:meth:`upto`).

    A moment is ``(time, order, step, train)``: ties of time go in the order they were added,
    as SimPy orders the events it schedules at one time.
    """

    __slots__ = ("_due", "_order")

    def __init__(self) -> None:
        self._due: list[tuple[float, int, Step, Any]] = []
        self._order = itertools.count()

    def at(self, t: float, step: Step, train: Any) -> None:
        """``step(train, t)`` is to happen at ``t``."""
        heapq.heappush(self._due, (t, next(self._order), step, train))

    def upto(self, t: float) -> None:
        """Serve every moment at or before ``t`` (the clock's time, or just before the
        run's horizon when the run has ended), in time order; a moment served may add
        others (the train's next crossing), which are served too if they fall by ``t``."""
        due = self._due
        pop = heapq.heappop
        while due and due[0][0] <= t:
            when, _, step, train = pop(due)
            step(train, when)

    def __len__(self) -> int:
        return len(self._due)


class BackgroundTrip(Train):
    """A background train running the legs of its flow between crossings, a moment in
    :class:`BackgroundTraffic` at each crossing it reaches (no SimPy event).

    ``departure`` is what the crossings record of it (-1: a westbound background train;
    :data:`sim.actors.containers.EAST_SERVICE`: an eastbound one). It leaves the model after
    its last crossing (``stop``: the legs it runs).
    """

    __slots__ = ("leg", "legs", "stop", "traffic")

    def __init__(
        self,
        departure: int,
        t: float,
        legs: list[Any],
        stop: int,
        traffic: BackgroundTraffic,
    ) -> None:
        self.departure = departure
        self.t = t
        self.legs, self.leg, self.stop = legs, 0, stop
        self.traffic = traffic

    def onward(self) -> bool:
        """Its service at a crossing is decided (``t`` is its end): on to the next crossing
        at once; nothing follows the last."""
        i, stop = self.leg, self.stop
        if i == stop:
            return True
        legs, t = self.legs, self.t
        while i < stop:
            hours, windows, border, _, _ = legs[i]
            i += 1
            if windows:  # a slowdown on the edge entered at t
                hours = edge_hours(hours, windows, t)
            t = t + hours  # the sums a timeout per leg would be scheduled at
            if border is not None:
                self.leg, self.t = i, t
                traffic = self.traffic  # (BackgroundTraffic.at, without the call)
                heapq.heappush(traffic._due, (t, next(traffic._order), border.arrive_at, self))
                return True
        self.leg, self.t = i, t
        return True
