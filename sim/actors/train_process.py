"""Forwarders' cut-offs and trains as SimPy processes (the per-actor reference engine).

In the per-actor engine every departure from Yiwu is two processes a student can read top to
bottom:

- :func:`cutoff`, one per departure of a route's timetable: sleep until the departure's
  cut-off, then the route's forwarder packs the goods ready, the loading policy fills the
  departure, the dispatch policy may cancel it or add another, the roll-over policy moves what
  is left behind; then the train (or the sea route's feeder train) sets off, and the next
  departure's cut-off process starts. The next one is started only now because the dispatch
  policy may have just inserted a departure before it. Departures whose cut-offs fall at one
  moment (clipped at the run's start or at an announcement) are cut off in one step, in
  timetable order, as in the batched engine.
- :func:`train` (and :func:`feeder_train` to Ningbo): started at the departure time, leave
  with the containers loaded, then for each leg of the line: ask the train-routing policy whether to
  go round a closed crossing ahead, run the leg (one ``yield env.timeout(hours)``), and at a
  border crossing queue for a server and wait to be served (``yield border.cross(...)``);
  at the destination, unload at the terminal and arrive.

The batched engine runs the same steps without a process each: one process per route's
timetable (:meth:`sim.actors.logistics.Logistics._timetable`) and each journey as a chain of
timeouts with callbacks (:class:`sim.actors.logistics.Trip`). The journey's record is the same
:class:`~sim.actors.logistics.Trip` in both engines (its legs, its detours, its departure id),
and every time is the sum SimPy schedules, so with static policies the two engines' tables are
identical (``tests/test_closed_loop.py``). Sailings and the trains of other operators
(background traffic) run as in the batched engine. The model installs these processes with
:func:`run_as_processes` when the scenario says ``engine: per_actor``.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from sim.actors.borders import edge_hours
from sim.actors.logistics import Journey, Logistics, Route, Trip


def run_as_processes(lg: Logistics) -> None:
    """Have ``lg`` run each departure's cut-off and each train as a process of its own (the
    per-actor engine); called before the clock starts."""

    def launch(trip: Trip, dep_h: float) -> None:
        go = feeder_train if trip.kind == 1 else train
        env = lg.env
        if dep_h <= env.now:  # due now (a cut-off at the departure hour): it leaves in this
            # step, as in the batched engine; a process started now would leave only after
            # every step already due now (a sailing at the same hour, at the run's start)
            if _board_now(lg, trip):
                env.process(go(lg, trip, dep_h))
            return
        # the train's process starts at its departure hour, by a timeout scheduled now, at the
        # cut-off, as the batched engine schedules the departure: a train and a sailing (or
        # another line's train) leaving at the same hour then leave in the same order in both
        # engines, also when the cut-off falls at the run's start, where a process started
        # now would take its first step only after every other actor's first step
        at = env.now + (dep_h - env.now)  # the sum SimPy schedules the timeout at

        def start(_: Any) -> None:
            # a train a line cut told late cancels does not run (sim.actors.late_cuts)
            if lg.late is None or lg.late.departs(trip):
                env.process(go(lg, trip, at))

        env.timeout(dep_h - env.now).callbacks.append(start)

    lg.cutoff_process = cutoff
    lg.launch = launch


def cutoff(
    lg: Logistics,
    route: Route,
    rows: list[tuple[float, float, int]],
    k: int,
    journey: Journey,
    due: bool = False,
) -> Generator[Any, Any, None]:
    """The process of one departure's cut-off at the route's consolidation point.

    Parameters
    ----------
    lg
        The run's logistics (forwarders, policies, departures).
    route
        The route whose timetable this departure belongs to.
    rows
        The route's departures as (cut-off, departure hour, capacity in slots); the dispatch
        policy may insert one after this departure.
    k
        This departure's row.
    journey
        How its train sets off (:func:`train` or :func:`feeder_train`, started as processes).
    due
        Started at its cut-off (by the timeout the cut-off before set): it acts at once.
    """
    env = lg.env
    cutoff_h = rows[k][0]
    if cutoff_h > env.now and not due:
        yield env.timeout(cutoff_h - env.now)  # goods keep arriving until the cut-off
    while True:
        lg._at_cutoff(route, rows, k, journey)  # pack, load, dispatch, roll over, set off
        if k + 1 >= len(rows):
            return
        nxt = rows[k + 1][0]
        if nxt > env.now:
            break
        # the next departure's cut-off is due now too (cut-offs clipped at the run's start or
        # at an announcement): taken in this step, as the batched timetable takes it; a
        # process started now would take it after every other route's steps due now, and the
        # trains leaving at one hour would get their ids in another order than in the batched
        # engine
        k += 1
    # the timetable goes on with the next departure (perhaps just added): its process starts
    # at its cut-off, by a timeout set now as the batched timetable sets it, so that cut-offs
    # and sailings at one hour come in the same order in both engines (a process started now
    # would take its first step after every step already due, at the run's start)

    def start(_: Any) -> None:
        env.process(cutoff(lg, route, rows, k + 1, journey, due=True))

    env.timeout(nxt - env.now).callbacks.append(start)


def train(lg: Logistics, trip: Trip, dep_h: float) -> Generator[Any, Any, None]:
    """The process of one train from Yiwu: its departure, its line leg by leg, its terminal.

    Parameters
    ----------
    lg
        The run's logistics.
    trip
        The train's record: route, capacity, containers and legs (its departure id and any
        detour are written into it as it goes).
    dep_h
        The departure hour of the timetable.
    """
    env = lg.env
    yield from _leave_yiwu(lg, trip, dep_h)
    yield from _run_line(lg, trip)
    if lg.boxes is not None:  # the boxes join the terminal's pool; the set may turn round
        lg.boxes.train_in(trip, lg.terminal_h)
    if lg.terminal_h > 0:
        yield env.timeout(lg.terminal_h)  # unloading at the destination terminal
    lg._arrive(trip.departure)


def feeder_train(lg: Logistics, trip: Trip, dep_h: float) -> Generator[Any, Any, None]:
    """The process of one sea-rail feeder train from Yiwu to the port of Ningbo, where its
    containers wait for the port dwell and then for a sailing (the sailings' own process)."""
    yield from _leave_yiwu(lg, trip, dep_h)
    yield from _run_line(lg, trip)
    lg._feeder_in(trip)  # at the port


def _leave_yiwu(lg: Logistics, trip: Trip, dep_h: float) -> Generator[Any, Any, None]:
    """Wait for the departure hour, then leave with the containers loaded at the cut-off
    (a train due at its cut-off has left already: :func:`run_as_processes`)."""
    env = lg.env
    if trip.departure >= 0:
        return
    if dep_h > env.now:
        yield env.timeout(dep_h - env.now)
    _board_now(lg, trip)


def _board_now(lg: Logistics, trip: Trip) -> bool:
    """The train leaves Yiwu now, with the containers loaded at the cut-off; False when a line
    cut not told at its cut-off cancels it now (:mod:`sim.actors.late_cuts`)."""
    assert trip.route is not None
    if trip.departure < 0 and lg.late is not None and not lg.late.departs(trip):
        return False
    trip.departure = lg._new_departure(trip.route.index, trip.kind, trip.cap, lg.env.now)
    lg._board(trip.departure, trip.ids, first_leg=True)
    return True


def _run_line(lg: Logistics, trip: Trip) -> Generator[Any, Any, None]:
    """Run the line leg by leg: before each leg the train-routing policy may send the train
    round a crossing a disruption closes; a leg is one timeout (slower while an edge
    disruption is in force when the train enters it); a crossing at its end is a queue for
    the crossing's servers, first come, first served."""
    env = lg.env
    while trip.leg < trip.stop:
        if lg.closable and lg.train_routing is not None:
            trip._maybe_reroute(trip.leg)  # may replace the legs ahead by a detour
        hours, windows, border, _, _ = trip.legs[trip.leg]
        trip.leg += 1
        yield env.timeout(edge_hours(hours, windows, env.now))
        if border is not None:
            yield border.cross(trip.departure)  # its value: the hours waited for a server
