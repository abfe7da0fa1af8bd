"""Other operators' trains: the background flows that share the border crossings.

Besides Yiwu's own departures, other China-Europe trains queue at the crossings. Each
background flow of the scenario (``logistics.background_flows``) is a Poisson stream of trains
that enter at its first crossing and run its path, queueing once at each crossing on it; they
leave no departure records, and their crossings are in the crossings table with departure -1.

When no decision of theirs reads the state (:meth:`BackgroundFlows.background_on_clock`),
they are served without events of their own (:mod:`sim.actors.background`); otherwise, when
a crossing ahead may close and a train-routing policy is on, each is a
:class:`~sim.actors.journeys.Trip` on the clock, which the policy may send round a closure.

:class:`BackgroundFlows` is the part of :class:`sim.actors.logistics.Logistics` that starts
them (the trains that each crossing alone sees, ``background_trains_per_day``, start with the
crossing: :meth:`sim.actors.borders.BorderCrossing.start_background`).

See Also
--------
sim.actors.containers : the eastbound flows, which start here too (as
    :class:`~sim.actors.containers.EastTrip`).
"""

from __future__ import annotations

import numpy as np
from simpy.events import Event, Timeout

from sim.actors.background import BackgroundTraffic, BackgroundTrip
from sim.actors.borders import BorderCrossing, timeout_at
from sim.actors.journeys import Journeys, Leg, Trip, after_last_crossing
from sim.scenario import Scenario
from sim.world.random_streams import RandomStreams


class BackgroundFlows(Journeys):
    """The background flows' arrivals (a part of :class:`sim.actors.logistics.Logistics`,
    which sets every attribute below)."""

    sc: Scenario
    horizon_h: float
    traffic: BackgroundTraffic

    def background_on_clock(self) -> bool:
        """Whether the westbound background trains run on the clock, an event per crossing:
        when a crossing ahead may close and a train-routing policy is on, each may be sent
        round the closure, a decision that reads the state at its moment. Otherwise nothing
        they do reads the state, and they are served without events
        (:mod:`sim.actors.background`)."""
        return bool(self.closable) and self.train_routing is not None

    def start_background_flows(self, streams: RandomStreams) -> None:
        """Other China-Europe trains: each flow's Poisson arrivals enter at its first crossing
        and run its path, queueing once at each crossing on it (no departure records; their
        crossings are in the crossings table with departure -1)."""
        horizon = self.horizon_h
        names = [flow.name for flow in self.sc.logistics.background_flows]
        for flow in self.sc.logistics.background_flows:
            rate_per_h = flow.trains_per_day / 24.0
            if rate_per_h <= 0:
                continue
            entry = self.borders[flow.path[0]]
            edges = [self.net.edge(a, b, "rail") for a, b in zip(flow.path, flow.path[1:])]
            legs = self._legs(edges)
            rng = streams.get(f"background:{flow.name}")
            batch = 1 if names.count(flow.name) > 1 else 4096  # a shared stream: as drawn
            self._flow_arrivals(entry, legs, rate_per_h, rng, horizon, flow.path[0], batch)

    def _flow_arrivals(
        self,
        entry: BorderCrossing,
        legs: list[Leg],
        rate_per_h: float,
        rng: np.random.Generator,
        horizon_h: float,
        at: str,
        batch: int = 4096,
        kind: type[Trip] | None = None,
        lead: list[Leg] | None = None,
        lead_at: str = "",
    ) -> None:
        """A flow's Poisson arrivals at its first crossing ``entry`` until ``horizon_h``, each
        a train over ``legs``.

        When no decision of theirs reads the state (:meth:`background_on_clock`), each is a
        :class:`~sim.actors.background.BackgroundTrip` whose arrivals are moments of the run's
        :class:`~sim.actors.background.BackgroundTraffic` (no event); otherwise each is a
        :class:`Trip` (of class ``kind``: an eastbound flow's are
        :class:`sim.actors.containers.EastTrip`) whose arrival is one timeout carrying the
        trip. On the clock, a train with ``lead`` legs (from ``lead_at`` to ``entry``) sets
        off that many nominal hours before its arrival and runs them first, deciding before
        them whether to go round a closure; one whose start would fall before the run's (the
        trains due at ``entry`` within ``lead``'s hours) enters at ``entry`` as drawn.

        The gaps are drawn ``batch`` at a time: the same numbers as one draw per arrival, as
        long as no other flow draws from ``rng`` in between (a stream shared by two flows is
        drawn one gap at a time).
        """
        empty = np.zeros(0, dtype=np.int64)
        stop = after_last_crossing(legs)
        env = self.env
        make = Trip if kind is None else kind
        traffic = None if self.background_on_clock() else self.traffic
        lead = lead or []
        lead_h = sum(leg[0] for leg in lead)
        gaps: list[float] = []
        i = 0

        def arrive(event: Event) -> None:
            trip: Trip = event.value  # type: ignore[assignment]  # what the timeout carries
            now = trip.t  # read first: a train served at once has its end of service as t
            entry.arrive_on_clock(trip, now)
            next_arrival(now)

        def enter(event: Event) -> None:  # (its successor is drawn already)
            trip: Trip = event.value  # type: ignore[assignment]
            entry.arrive_on_clock(trip, trip.t)

        def set_off(event: Event) -> None:
            trip, at_entry = event.value  # type: ignore[misc]  # what the timeout carries
            trip.go()
            next_arrival(at_entry)

        def arrive_at(trip: BackgroundTrip, now: float) -> None:
            entry.arrive_at(trip, now)
            next_arrival(now)

        def next_arrival(now: float) -> None:
            nonlocal gaps, i
            if i == len(gaps):
                gaps = rng.exponential(1.0 / rate_per_h, batch).tolist()
                i = 0
            gap = gaps[i]
            i += 1
            if now + gap >= horizon_h:
                return
            if traffic is not None:
                lazy = BackgroundTrip(-1, now + gap, legs, stop, traffic)
                traffic.at(lazy.t, arrive_at, lazy)
            elif lead and now + gap - lead_h >= env.now:
                # sets off before its arrival, to run the stretch before its entry first
                trip = make(self, None, -1, 0, empty, lead + legs, None, lead_at, stop + len(lead))
                trip.departure = -1  # a background train (an eastbound trip says otherwise)
                delay = now + gap - lead_h - env.now
                trip.t = env.now + delay  # the sum SimPy schedules it at
                Timeout(env, delay, (trip, now + gap)).callbacks.append(set_off)
            elif lead:
                # would have set off before the run: enters at its entry as drawn, and the next
                # train is drawn now, not at this one's arrival, for its start may fall in the
                # run (drawn at the arrival, a train after a short gap entered as drawn too,
                # deciding nothing, however late in the run its start fell)
                trip = make(self, None, -1, 0, empty, legs, None, at, stop)
                trip.departure = -1
                trip.t = now + gap
                timeout_at(env, now + gap, trip, enter)
                next_arrival(now + gap)
            else:
                trip = make(self, None, -1, 0, empty, legs, None, at, stop)
                trip.departure = -1  # a background train (an eastbound trip says otherwise)
                trip.t = now + gap  # the sum SimPy schedules it at
                Timeout(env, gap, trip).callbacks.append(arrive)  # (called at ``now``)

        next_arrival(self.env.now)
