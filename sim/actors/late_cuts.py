"""Line cuts told late: departures loaded as published until the cut that touches them is told.

A line disruption (``capacity_factor``, ``trains_factor`` on a ``target: line``) is not known
before it is announced (by default at 00:00 of its first day), yet a departure's cut-off comes
``cutoff_h`` before it leaves: the departures early in the window have their cut-offs before
anyone knows of the cut. A forwarder then does what the timetable known at the cut-off says:

- **at a cut-off** it packs and loads for the train *as published* (the departures and slots of
  the timetable with only the line disruptions known by then); nothing of the cut shows yet;
- **at the announcement** the line's departures as now known replace the published ones: a
  train loaded and not yet gone gets its slots as now known, and one that no longer runs
  (``trains_factor``) is cancelled. If a load no longer fits, the line's trains loaded and not
  gone are loaded again together, in departure order, by the loading policy, from the goods
  waiting then (on those trains and at the yard), each only with containers closed by its own
  cut-off (so the older goods of a cancelled train take the next loaded train ahead of younger
  ones, as ``fifo`` promises, and a train that gives its goods to one leaving sooner takes
  others that wait); what does not fit goes back
  to the head of the forwarder's queue, where the roll-over policy in force acts on it as on
  anything a departure leaves behind. A train given more room than it was loaded for (a
  ``capacity_factor`` above 1) is loaded again with them, and takes for its added room the
  goods waiting then that closed by its cut-off, those at the yard too (oldest first, by the
  loading policy), so that what it carries matches the room the trains table shows. Goods
  still loose then are not packed for it: its cut-off packed every good ready by then, so
  they came after it; only a train of no room at its cut-off packed nothing, and the
  forwarder packs the goods ready by that cut-off when room comes to it
  (:meth:`LateCuts._pack_late`). An added train's cut-off is at the announcement at the
  earliest: it packs the goods loose then as any cut-off does;
- **at the departure**, if the announcement comes only after the train leaves (a disruption
  announced on its first day at 09:00): the train leaves as it runs (or not at all), and the
  loads are settled as above then;
- a departure the published timetable does not have (more or other trains) is known from the
  announcement: its cut-off is there at the earliest (as an extra train's), or at its departure
  if it leaves before it is told (a cut felt before it is told: the forwarder loads it when it
  turns up, from the oldest goods at the yard, those loaded for later trains too). One cut
  off at the announcement may leave before trains loaded earlier: the line's trains not gone
  are then loaded again together, as above, so that the older goods take the first train.

An extra train the dispatch policy adds is given the room known when it is added; a cut told
before it leaves revises it the same way (called off inside a suspension).

The route's departures (cut-off, departure, slots) are worked out before the run for every
stretch between two announcements (:func:`told_rows`), so the timetable processes of both
engines run them as they run any timetable; :class:`LateCuts` settles the loaded trains when a
cut is felt. Nothing here runs for a route whose line disruptions are all known at its first
cut-off.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from simpy.events import Timeout

from sim.actors.borders import Window
from sim.actors.timetables import added_room

Row = tuple[float, float, int]
"""A departure from Yiwu: cut-off, departure hour, slots."""


class Trip(Protocol):
    """What is settled here of a departure's journey record
    (:class:`sim.actors.logistics.Trip`): its containers and its slots."""

    ids: np.ndarray
    cap: int
    departure: int


def known_h(w: Window) -> float:
    """When a line disruption is known: its announcement, or its end if that comes first (as
    the live state reads it, :meth:`sim.actors.state.NetworkState._hidden_windows`)."""
    return min(w.announced_h, w.end_h)


def _caps(deps: list[tuple[float, float]], capacity: int) -> dict[float, list[int]]:
    """Slots of the departures at each hour (a timetable may list two at one hour)."""
    out: dict[float, list[int]] = {}
    for t, f in deps:
        out.setdefault(t, []).append(max(0, round(capacity * f)))
    return out


@dataclass
class RouteNews:
    """What the announcements of one route's line disruptions change, worked out before the run.

    ``bounds`` are the moments its line disruptions become known after the run's start;
    ``known[j]`` the disruptions known from epoch ``j`` on (epoch 0 from the start, epoch
    ``j`` from ``bounds[j - 1]``), ``caps[j]`` the slots of the departures the timetable then
    shows (the last: the departures the line runs)."""

    route: int
    capacity: int
    windows: list[Window]
    told_h: list[float]
    bounds: list[float]
    known: list[list[Window]]
    caps: list[dict[float, list[int]]]
    extras: list[Row]  # extra departures added while a cut on them is not told, not cut off
    dropped: list[Row]  # extras called off by a cut told before their cut-off
    cut_off: list[Row] = field(default_factory=list)  # extras cut off while a cut was hidden

    def hidden(self, now: float, dep_h: float) -> bool:
        """Whether a line disruption not known at ``now`` is in force at ``dep_h``."""
        return any(
            h > now and w.start_h <= dep_h < w.end_h for w, h in zip(self.windows, self.told_h)
        )

    def epoch(self, now: float) -> int:
        """The epoch ``now`` falls in (the announcements told by then)."""
        return bisect.bisect_right(self.bounds, now)


def told_rows(
    route: int,
    windows: list[Window],
    runs: list[tuple[float, float]],
    published: Callable[[list[Window]], list[tuple[float, float]]],
    capacity: int,
    cutoff_h: float,
    now: float,
) -> tuple[list[Row], RouteNews] | None:
    """A route's departures from Yiwu as its forwarder meets them, when a line disruption on it
    is told after ``now`` (the run's start); None when every one is known then.

    Between two announcements the timetable is the one published with the disruptions known
    (``published(known)``; ``runs``: the departures the line runs, all of them known). Each of
    its departures not already loaded has its cut-off ``cutoff_h`` before it leaves, or at the
    announcement that made it known if that is later; one whose cut-off falls after the next
    announcement waits for the timetable then. A departure loaded and not gone stands at the
    next announcement if the timetable still has it (:class:`LateCuts` settles its slots). A
    departure the line runs that no timetable showed before it left has its cut-off at its
    departure, and so has a published one whose cut-off is its departure while a cut on it is
    not told: that one leaves as it runs (if it runs)."""
    told = [known_h(w) for w in windows]
    bounds = sorted({h for h in told if h > now})
    if not bounds:
        return None
    starts = [now, *bounds]
    known = [[w for w, h in zip(windows, told) if h <= b] for b in starts]
    caps = [_caps(published(k), capacity) for k in known[:-1]]
    caps.append(_caps(runs, capacity))
    news = RouteNews(route, capacity, windows, told, bounds, known, caps, [], [])
    last = caps[-1]
    rows: list[Row] = []
    standing: Counter[float] = Counter()  # loaded and not gone, by departure hour
    for j, lo in enumerate(starts):
        hi = starts[j + 1] if j + 1 < len(starts) else np.inf
        now_caps = caps[j]
        # at the announcement, a loaded departure stands if the timetable still has it
        standing = Counter(
            {d: min(n, len(now_caps.get(d, ()))) for d, n in standing.items() if d >= lo}
        )
        for d in sorted(now_caps):
            if d < lo:
                continue
            for i, cap in enumerate(now_caps[d]):
                if i < standing[d]:
                    continue  # loaded in an earlier epoch
                cut = max(d - cutoff_h, lo)
                if cut >= hi:
                    break  # its cut-off comes under a later timetable
                if cut == d and news.hidden(lo, d):  # cut off as it leaves: as it runs
                    runs_at = last.get(d, [])
                    if i < len(runs_at):
                        rows.append((d, d, runs_at[i]))
                    continue
                rows.append((cut, d, cap))
                if d >= hi:
                    standing[d] += 1
        if j + 1 < len(starts):  # trains the line runs that no timetable showed before
            for d in sorted(last):
                if lo <= d < hi:
                    shown = len(now_caps.get(d, ()))
                    rows.extend((d, d, cap) for cap in last[d][shown:])
    rows.sort()
    return rows, news


@dataclass
class Loaded:
    """A departure of a route with a line cut still to be told, loaded and not gone yet;
    ``held`` while a cut on it is not told (its slots may still change)."""

    route: int
    trip: Trip
    row: Row
    extra: bool
    held: bool
    cancelled: bool = False
    # whether its cut-off packed the goods ready then (not for a train of no room then)
    packed: bool = True


class LateCuts:
    """Settles the departures of the routes whose line disruptions are told after their
    cut-offs (see the module's docstring). One per run, made when a route needs it."""

    def __init__(self, lg: Any) -> None:
        # the run's sim.actors.logistics.Logistics, typed loosely: that module builds on this
        self.lg = lg
        self.routes: dict[int, RouteNews] = {}
        # every departure of those routes loaded and not gone, in the order they were loaded
        self.loaded_trips: dict[Trip, Loaded] = {}
        self._gone: Counter[tuple[int, float]] = Counter()  # held trains gone, by hour

    def add(self, news: RouteNews) -> None:
        self.routes[news.route] = news

    def start(self) -> None:
        """Start the process that hears each announcement changing a route's timetable
        (:meth:`_announcements`). Its timeouts are made here, before the clock runs, so each
        comes before the cut-offs due at the same moment."""
        env = self.lg.env
        told = sorted({b for n in self.routes.values() for b in n.bounds})
        env.process(self._announcements([(at, Timeout(env, at - env.now)) for at in told]))

    def _announcements(self, told: list[tuple[float, Timeout]]) -> Generator[Timeout, Any, None]:
        """The announcements of the routes' line cuts, one after another: at each, the held
        trains are settled by the timetable now known (:meth:`_told`)."""
        for at, heard in told:
            yield heard
            self._told(at)

    # ----------------------------------------------------------------- at a cut-off

    def settle(self, route: int, rows: list[Row], k: int) -> tuple[Row, bool] | None:
        """Row ``k`` of ``route`` as its cut-off (now) meets it, and whether it is an extra
        followed while a cut on it is not told: None when it is an extra called off; an extra
        that leaves at its cut-off leaves as it runs."""
        news = self.routes.get(route)
        row = rows[k]
        if news is None:
            return row, False
        if row[2] == 0 and any(x is row for x in news.dropped):
            return None
        extra = any(x is row for x in news.extras)
        if not extra:
            return row, False
        news.extras = [x for x in news.extras if x is not row]  # cut off: no longer coming
        if row[1] <= self.lg.env.now:
            room = added_room(news.capacity, news.windows, row[1])
            if room is None:
                self._call_off(route, row)
                return None
            rows[k] = row = (row[0], row[1], room)
        news.cut_off.append(row)  # (known: the live state keeps it among the departures gone)
        return row, True

    def extra_room(self, route: int, at: float) -> int | None:
        """Slots of an extra departure added now to leave at ``at``, by the line disruptions
        known now (None: the line is known suspended then)."""
        news = self.routes[route]
        return added_room(news.capacity, news.known[news.epoch(self.lg.env.now)], at)

    def extra_added(self, route: int, row: Row) -> None:
        """An extra departure was added: followed while a cut on it is not told."""
        news = self.routes.get(route)
        if news is not None and news.hidden(self.lg.env.now, row[1]):
            news.extras.append(row)

    def loaded(self, route: int, row: Row, trip: Trip, extra: bool) -> None:
        """Departure ``row`` (an ``extra`` one or not) was loaded at its cut-off (now) into
        ``trip``: followed until it leaves, held while a cut on it is not told."""
        news = self.routes.get(route)
        now = self.lg.env.now
        if news is None:
            return
        if row[1] <= now:  # gone at once
            if news.hidden(now, row[1]) and self._later_loaded(route, row[1], None):
                self._turned_up(route, row, trip, extra)
            return
        h = Loaded(route, trip, row, extra, news.hidden(now, row[1]), packed=row[2] > 0)
        # followed while a cut on the route is untold, and (cut off at an announcement, the
        # last one too) until it leaves: the next train cut off then loads the trains not gone
        # again together, and one left out kept older goods while a train leaving before it
        # took younger ones (goods out of the order their containers closed under ``fifo``)
        if news.epoch(now) < len(news.bounds) or row[0] in news.bounds:
            self.loaded_trips[trip] = h
        # a departure cut off at an announcement (one the timetable did not show before) may
        # leave before trains loaded at earlier cut-offs: the route's trains not gone are
        # loaded again together, so that the older goods take the first train, as ``fifo``
        # promises (each train takes only containers closed by its own cut-off); only from
        # an announcement, so nothing moves before it that would not move without the cut
        if row[0] in news.bounds and self._later_loaded(route, row[1], h):
            self._reload(route, None if trip in self.loaded_trips else h)

    def _later_loaded(self, route: int, dep_h: float, but: Loaded | None) -> bool:
        """Whether a train of ``route`` loaded and not gone (``but`` aside) leaves after
        ``dep_h`` with goods on board."""
        return any(
            x.route == route and not x.cancelled and x.row[1] > dep_h and x.trip.ids.size
            for x in self.loaded_trips.values() if x is not but
        )  # fmt: skip

    def _turned_up(self, route: int, row: Row, trip: Trip, extra: bool) -> None:
        """A train nobody was told of (a cut felt before it is told: more trains than
        published) turned up and left at once (``row``'s cut-off is its departure, now),
        loaded with the goods waiting at the yard, while trains loaded earlier, with older
        goods, leave after it. The forwarder loads it from the oldest goods at the yard, those
        on the trains not gone too: the route's trains are loaded again together from the goods
        waiting now, in departure order, by the loading policy (this one first), so the older
        goods take the first train, as ``fifo`` promises, and a train that gives up its goods
        takes those that wait now instead. What no train takes goes back to the queue."""
        h = Loaded(route, trip, row, extra, held=False)
        before = trip.ids
        self._reload(route, h)
        lg = self.lg
        off = np.setdiff1d(before, trip.ids)
        lg.book.cols["departure"][off] = -1  # back at the yard: not on this train after all
        lg._board(trip.departure, np.setdiff1d(trip.ids, before), first_leg=True)

    # ----------------------------------------------------------------- when the cut is felt

    def departs(self, trip: Trip) -> bool:
        """Whether ``trip`` leaves now (its departure hour): a held train leaves as it runs,
        or not at all; the route's loaded trains are then loaded again together."""
        h = self.loaded_trips.pop(trip, None)
        if h is None:
            return True
        if h.cancelled or not h.held:
            return not h.cancelled
        news = self.routes[h.route]
        d = h.row[1]
        if h.extra:
            new = added_room(news.capacity, news.windows, d)
        else:  # the line's departures at this hour, in order (a timetable may list two)
            runs = news.caps[-1].get(d, [])
            i = self._gone[h.route, d]
            self._gone[h.route, d] = i + 1
            new = runs[i] if i < len(runs) else None
        self._settle(h.route, [(h, new)], leaving=h)
        return new is not None

    def _told(self, at: float) -> None:
        """The announcement at ``at`` (now): the routes it concerns settle their held trains
        and coming extras by the timetable now known."""
        for route, news in self.routes.items():
            if at not in news.bounds:
                continue
            j = news.epoch(at)
            caps, known = news.caps[j], news.known[j]
            changes: list[tuple[Loaded, int | None]] = []
            seen: Counter[float] = Counter()
            for h in self._of(route):
                if not h.held:
                    continue
                d = h.row[1]
                if h.extra:
                    changes.append((h, added_room(news.capacity, known, d)))
                    continue
                now_caps = caps.get(d, [])
                i = seen[d]
                seen[d] += 1
                changes.append((h, now_caps[i] if i < len(now_caps) else None))
            if changes:
                self._settle(route, changes)
            for h in self._of(route):  # settled for good once no cut on it is still untold
                h.held = h.held and news.hidden(at, h.row[1])
            self._revise_extras(route, news, known, at)

    def _of(self, route: int) -> list[Loaded]:
        """The route's departures loaded and not gone (cancelled ones aside)."""
        return [h for h in self.loaded_trips.values() if h.route == route and not h.cancelled]

    def _revise_extras(self, route: int, news: RouteNews, known: list[Window], at: float) -> None:
        """Extras not yet cut off get the room now known (called off inside a suspension)."""
        rows = self.lg.rows[route]
        for row in list(news.extras):
            room = added_room(news.capacity, known, row[1])
            i = _position(rows, row)
            if room is None:
                news.extras.remove(row)
                self._call_off(route, row, i)
                continue
            rows[i] = new = (row[0], row[1], room)
            news.extras[news.extras.index(row)] = new
            if not news.hidden(at, row[1]):
                news.extras.remove(new)
        self._changed(route)

    def _call_off(self, route: int, row: Row, i: int | None = None) -> None:
        """An extra departure does not run: no room in the timetable, not counted as added."""
        lg = self.lg
        rows = lg.rows[route]
        i = _position(rows, row) if i is None else i
        rows[i] = off = (row[0], row[1], 0)
        self.routes[route].dropped.append(off)
        if (route, row[1]) in lg.extra_departures:
            lg.extra_departures.remove((route, row[1]))
        self._changed(route)

    def _settle(
        self, route: int, changes: list[tuple[Loaded, int | None]], leaving: Loaded | None = None
    ) -> None:
        """Held trains get their slots as now known (None: cancelled), and the timetable says
        so. If a train's load no longer fits, or a train has more room than it was loaded for,
        the route's trains loaded and not gone (the one ``leaving`` now first) are loaded again
        together, in departure order, by the loading policy (:meth:`_reload`): the oldest goods
        keep their place ahead of younger ones, as at a cut-off, and a train with more room
        also takes goods waiting at the yard now; what does not fit goes back to the head of
        the queue and the roll-over policy acts."""
        lg = self.lg
        rows = lg.rows[route]
        slots = lg.book.cols["slots"]
        over = False
        raised: list[Loaded] = []
        for h, new in changes:
            trip = h.trip
            load = int(slots[trip.ids].sum()) if trip.ids.size else 0
            over = over or (load > 0 and (new is None or load > new))
            if new is not None and new > trip.cap:
                raised.append(h)
            trip.cap = 0 if new is None else new
            i = _position(rows, h.row)
            rows[i] = h.row = (h.row[0], h.row[1], trip.cap)
            if new is None:
                h.cancelled = True
                if h.extra and (route, h.row[1]) in lg.extra_departures:
                    lg.extra_departures.remove((route, h.row[1]))
        self._changed(route)
        if over or raised:
            self._reload(route, leaving)

    def _reload(self, route: int, leaving: Loaded | None) -> None:
        """Load the route's trains loaded and not gone again together, from the goods waiting
        now: the containers on those trains and those at the yard (free to leave now). In
        departure order, a train takes by the loading policy (``fifo``: first closed, first
        loaded) the containers closed by its cut-off (no goods leave on a departure whose
        cut-off came before they were packed) while they fit; what no train takes goes back to
        the queue. So the room a raise adds is used, a train that gives up its goods to one
        leaving sooner takes others that wait, and the older goods take the first train.

        Containers that waited at the yard while a train was loaded as published join it only
        now, when its load is settled; before, a train loaded again took only containers
        loaded for a train, and could leave empty while older goods waited at the yard."""
        lg = self.lg
        now = lg.env.now
        trains = ([leaving] if leaving is not None else []) + [
            h for h in self.loaded_trips.values() if h.route == route
        ]
        trains.sort(key=lambda h: h.row[1])  # departure order (stable: loading order)
        r = lg.routes[route]
        fw = r.forwarder
        for h in sorted(trains, key=lambda h: h.row[0]):
            if not h.packed and not h.cancelled and h.trip.cap > 0:
                self._pack_late(r, h)
        pool = np.concatenate([h.trip.ids for h in trains])
        on_trains = pool.size
        c = lg.book.cols
        waiting = np.zeros(0, dtype=np.int64)  # queue positions of the containers free now
        if fw.queue.size:  # behind those on trains: what the trains left behind
            waiting = np.flatnonzero(fw.queue_from_h <= now)
            pool = np.concatenate((pool, fw.queue[waiting]))
        source = np.arange(pool.size)  # below on_trains: from a train; else from the queue
        rank = lg.loading.order(c["closed_h"][pool], c["deadline_h"][pool], route, lg.view)
        if rank is None:  # queue order is closing order: those of trains and yard together
            rank = np.argsort(c["closed_h"][pool], kind="stable")
        pool, source = pool[rank], source[rank]
        slots = c["slots"][pool]
        closed = c["closed_h"][pool]
        on_a_train = source < on_trains
        left = np.ones(pool.size, dtype=bool)
        for h in trains:
            cap = 0 if h.cancelled else h.trip.cap
            # what waits now (on a train or at the yard), closed by its cut-off
            can = np.flatnonzero(left & (closed <= h.row[0]))
            n = 0
            if cap > 0 and can.size:  # while they fit; the first goes even if larger
                n = max(int(np.searchsorted(np.cumsum(slots[can]), cap, side="right")), 1)
            h.trip.ids = pool[can[:n]]
            left[can[:n]] = False
        from_queue = ~on_a_train
        taken = waiting[source[~left & from_queue] - on_trains]
        if taken.size:  # containers from the yard now on a train: they leave with it
            ids = fw.remove(np.sort(taken))
            if lg.boxes is not None:
                lg.boxes.depart(lg.book, ids)
        back = pool[left & ~from_queue]
        if back.size:
            if lg.boxes is not None:
                lg.boxes.put_back(lg.book, back)
            fw.put_back(back, now)
            lg._roll_over(r)

    def _pack_late(self, r: Any, h: Loaded) -> None:
        """Train ``h`` had no room at its cut-off, which so packed nothing, and has room now:
        the forwarder packs the goods ready by that cut-off, as the cut-off would have (the
        part-filled container closed at it, under ``close_partial``), so they may take the
        room; goods ready after it stay loose (the train's cut-off came before them). A later
        cut-off of the route packed them already if there was one: then nothing is due."""
        lg = self.lg
        new = r.forwarder.pack(h.row[0], lg.close_partial)
        if lg.boxes is not None:  # closed containers take boxes, if there are any
            lg.boxes.at_cutoff(r, new, lg.env.now)
        h.packed = True

    def _changed(self, route: int) -> None:
        lg = self.lg
        lg.timetable_version[route] = lg.timetable_version.get(route, 0) + 1


def _position(rows: list[Row], row: Row) -> int:
    """Where ``row`` (this very tuple) is in ``rows``."""
    i = bisect.bisect_left(rows, (row[0],))
    while rows[i] is not row:
        i += 1
    return i
