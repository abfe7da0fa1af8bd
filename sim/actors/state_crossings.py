"""What the live state reads of the border crossings (:class:`sim.actors.state.NetworkState`
inherits it): queues, recent waits, announced closures, and the hours a train reaching a
crossing is expected to wait and spend there.

At a crossing with a disruption window announced by now the line ahead of a train is projected to
when the train gets there (:func:`drain_plan`, :func:`line_at`): the work ahead now drains at the
crossing's spare capacity, grows while an announced closure holds it, and is never shorter than the
crossing's ordinary wait (:func:`ordinary_wait_h`). A crossing without windows (or whose windows are
not yet announced: nothing about them may reach a decision before) is read now and holds a train the
same hours whenever it gets there, so its answer is kept for a booking slice (the routes' plain
sums, :mod:`sim.actors.slice_arrivals` and ``NetworkState._steps``, add it without the time).
"""

from __future__ import annotations

import math
from typing import Any

from sim.actors.borders import BorderCrossing, Window, told_windows
from sim.actors.state_shape import NetworkShape
from sim.scenario import servers_kept

Segment = tuple[float, float, int]
"""A stretch of a crossing's coming hours with the same servers: (its end, the hours of work
per hour that the trains bring less what the servers clear, the servers then)."""


def service_scv(dist: Any) -> float:
    """Squared coefficient of variation of a service-time distribution (its variance over its
    mean squared), from its parameters: what the ordinary wait's Allen-Cunneen factor reads."""
    kind = getattr(dist, "dist", "")
    mean = float(dist.mean())
    if mean <= 0:
        return 0.0
    if kind in ("gamma", "lognormal"):
        return float(dist.cv) ** 2
    if kind == "exponential":
        return 1.0
    if kind == "poisson":
        return 1.0 / mean
    if kind == "triangular":
        a, c, b = float(dist.low), float(dist.mode), float(dist.high)
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0 / mean**2
    if kind == "uniform":
        return (float(dist.high) - float(dist.low)) ** 2 / 12.0 / mean**2
    if kind == "empirical":
        values = [float(v) for v in dist.values]
        w = [float(x) for x in dist.weights] if dist.weights is not None else [1.0] * len(values)
        total = sum(w)
        second = sum(p * v * v for p, v in zip(w, values, strict=True)) / total
        return max(second / mean**2 - 1.0, 0.0)
    return 0.0  # a constant


def ordinary_wait_h(servers: int, trains_per_h: float, service_h: float, scv: float) -> float:
    """The mean wait for a server of a crossing in its ordinary state: ``servers`` servers,
    trains arriving at ``trains_per_h`` (Poisson), services of ``service_h`` on average with
    squared coefficient of variation ``scv``. Erlang C's M/M/c wait times the Allen-Cunneen
    factor ``(1 + scv) / 2`` (exact for M/M/c, within a few per cent for M/G/c at moderate
    load). 0 without traffic, and 0 at a load the servers cannot clear (no ordinary state:
    the line only grows, which :func:`line_at` follows)."""
    a = trains_per_h * service_h  # the offered load, in servers
    if a <= 0 or a >= servers:
        return 0.0
    blocked = 1.0  # Erlang B, by its recursion (stable for any number of servers)
    for k in range(1, servers + 1):
        blocked = a * blocked / (k + a * blocked)
    waits = blocked / (1.0 - (a / servers) * (1.0 - blocked))  # Erlang C
    return waits * service_h / (servers - a) * (1.0 + scv) / 2.0


def drain_plan(
    border: BorderCrossing, start: float, known_at: float, trains_per_h: float, service_h: float
) -> list[Segment]:
    """The crossing's hours from ``start`` as stretches of the same servers and load
    (:data:`Segment`), by the windows announced by ``known_at``: a cut takes its servers for
    its window, a slowdown makes each train's service longer, a surge adds servers after its
    window's end; the trains keep coming at ``trains_per_h`` throughout."""
    servers = border.spec.servers
    told: list[Window] = told_windows(border.windows, known_at)
    marks = {start}
    surges: list[tuple[float, float, int]] = []
    for w in told:
        marks.update((w.start_h, w.end_h))
        d = w.d
        if d.surge_factor is not None and d.surge_days > 0:
            extra = round(servers * d.surge_factor) - servers
            if extra > 0:
                until = w.end_h + 24.0 * d.surge_days
                surges.append((w.end_h, until, extra))
                marks.add(until)
    times = sorted(t for t in marks if t >= start)
    plan: list[Segment] = []
    for i, t in enumerate(times):
        cut, slow = 0, 1.0
        for w in told:
            if w.active(t):
                if w.d.servers_factor is not None:
                    cut += servers - servers_kept(servers, w.d.servers_factor)
                if w.d.dwell_factor is not None:
                    slow *= w.d.dwell_factor
        n = max(servers - cut, 0) + sum(k for a, b, k in surges if a <= t < b)
        end = times[i + 1] if i + 1 < len(times) else math.inf
        plan.append((end, trains_per_h * service_h * slow - n, n))
    return plan


def line_at(work: float, plan: list[Segment], start: float, at_h: float, servers: int) -> float:
    """The line ahead of a train reaching the crossing at ``at_h``: ``work`` server-hours
    ahead at ``start`` taken through ``plan`` (from ``start``) to ``at_h`` as a fluid, never
    below empty, then shared by the servers there (the crossing's own ``servers`` while it is
    closed: the ones that will serve it)."""
    t, n = start, servers
    for end, net, k in plan:
        if t >= at_h:
            break
        upto = end if end < at_h else at_h
        work += net * (upto - t)
        if work < 0.0:
            work = 0.0
        t, n = upto, k
    return work / (n if n > 0 else servers)


class CrossingsView(NetworkShape):
    """The border crossings of the running network (a part of the live state)."""

    _memo: dict[Any, Any] | None
    _service_h: dict[str, float]
    _ordinary: dict[str, tuple[float, float]] | None = None  # per crossing: (trains/h, wait)

    def border_queue(self, node: str) -> int:
        return self.lg.borders[node].queue_length

    def recent_wait_h(self, node: str) -> float:
        return self.lg.borders[node].recent_wait_h

    def closed_until_h(self, node: str, at_h: float) -> float | None:
        return self.lg.borders[node].closed_until_h(at_h, known_at=self.now)

    def is_crossing(self, node: str) -> bool:
        return node in self.lg.borders

    def crossings(self) -> list[str]:
        return list(self.lg.borders)

    def expected_crossing_h(self, node: str, at_h: float) -> float:
        """Expected hours a train reaching ``node`` at ``at_h`` spends there: an announced
        closure's remaining time, then the line ahead of it (:meth:`expected_wait_h`), then
        its own service."""
        b = self.lg.borders[node]
        memo = self._memo
        if not b.windows and memo is not None:  # the same at any time within a slice
            key = ("crossing", node)
            h = memo.get(key)
            if h is None:
                ahead, service = self._line(node)
                h = memo[key] = 0.0 + ahead + service  # (the sum below, term for term)
            return float(h)
        _, service = self._line(node)
        waited = self.expected_wait_h(node, at_h)
        # its service starts then, as slow as the crossing is then
        return waited + self._slowed(b, service, at_h + waited)

    def _slowed(self, b: BorderCrossing, service: float, start: float) -> float:
        """``service`` hours as slow as crossing ``b`` is at ``start`` by the slowdowns
        announced by now (their dwell factors)."""
        for w in told_windows(b.windows, self.now):
            if w.d.dwell_factor is not None and w.active(start):
                service = service * w.d.dwell_factor
        return service

    def expected_east_crossing_h(self, node: str, at_h: float) -> float:
        """Expected hours an eastbound train reaching ``node`` at ``at_h`` spends at the
        crossing's eastbound servers: an announced closure's remaining time, the line ahead
        of it there read now (the recent wait, or the queue shared by the servers if longer:
        not projected, as the westbound line is at a crossing with windows), then its own
        service. A run without eastbound trains: :meth:`expected_crossing_h`."""
        boxes = self.lg.boxes
        east: BorderCrossing | None = None if boxes is None else boxes.east_borders.get(node)
        if east is None:
            return self.expected_crossing_h(node, at_h)
        service = self._service_h[node]
        end = east.closed_until_h(at_h, known_at=self.now)
        waited = (0.0 if end is None else end - at_h) + east.line_ahead_h(service)
        return waited + self._slowed(east, service, at_h + waited)

    def plain_crossings_h(self, nodes: list[str]) -> list[float]:
        """:meth:`expected_crossing_h` of each of ``nodes``, crossings without disruption
        windows (the same hours whenever a train gets there): the sums it makes, read
        straight from each crossing (a booking slice reads them all)."""
        borders, service_h, memo = self.lg.borders, self._service_h, self._memo
        out = []
        for n in nodes:
            service = service_h[n]
            line = (borders[n].line_ahead_h(service), service)
            if memo is not None:  # (as _line keeps it: the prices read the same line)
                memo[("line", n)] = line
            out.append(0.0 + line[0] + service)
        return out

    def expected_wait_h(self, node: str, at_h: float) -> float:
        """Expected hours a train reaching ``node`` at ``at_h`` waits there for a server: an
        announced closure's remaining time, then the line ahead of it
        (:meth:`line_ahead_at_h`); :meth:`expected_crossing_h` without the train's own
        service."""
        b = self.lg.borders[node]
        if not b.windows:
            ahead, _ = self._line(node)
            return 0.0 + ahead
        end = b.closed_until_h(at_h, known_at=self.now)
        return (0.0 if end is None else end - at_h) + self.line_ahead_at_h(node, at_h)

    def line_ahead_at_h(self, node: str, at_h: float) -> float:
        """The line ahead of a train reaching ``node`` at ``at_h``, as the live state expects
        it.

        Now (``at_h`` not later than the clock), and at any time at a crossing without a disruption
        window announced by now, it is the line read now: the recent wait, or the queue shared by
        the servers if longer. Later, at a crossing with an announced window, it is projected to
        ``at_h``: the trains waiting now (their server-hours) drain at the servers' spare capacity
        against the trains that keep coming (the crossing's background trains, the background flows
        through it and the lines' timetabled trains, as the scenario gives them), the line grows
        while an announced closure holds the crossing (the trains keep arriving), and it is never
        shorter than the crossing's ordinary wait (:func:`ordinary_wait_h`). The recent wait, if
        longer than the queue, is the line's signal as of the moment it was heard (the end of the
        last service heard) and has drained since: after a long closure the trains it held report
        waits of weeks as they leave, and a train that gets there after their backlog has cleared is
        not expected to wait it. A crossing without windows is read now (the routes' plain sums
        add it without the time), and so is one whose windows are not yet announced."""
        b = self.lg.borders[node]
        ahead, service = self._line(node)
        now = self.now
        if at_h <= now or not self.windows_known(b):
            return ahead
        rate, ordinary = self._ordinary_of(node)
        memo = self._memo
        key = ("drain", node)
        got = memo.get(key) if memo is not None else None
        if got is None:
            got = self._drain(node, rate, service, ordinary)
            if memo is not None:
                memo[key] = got
        queue, plan, signal = got
        servers = b.spec.servers
        line = line_at(queue, plan, now, at_h, servers)
        if signal is not None:
            heard, heard_plan, heard_h = signal
            line = max(line, line_at(heard, heard_plan, heard_h, at_h, servers))
        return line if line > ordinary else ordinary

    def line_drains(self, node: str) -> bool:
        """Whether the line ahead at ``node`` is expected to change before a train gets
        there: a crossing with a disruption window announced by now whose line now is longer than
        its ordinary wait (its backlog drains), so that :meth:`expected_wait_h` depends on when the
        train arrives even with no closure told and not over."""
        if not self.windows_known(self.lg.borders[node]):
            return False
        return self._line(node)[0] > self._ordinary_of(node)[1]

    def windows_known(self, border: BorderCrossing) -> bool:
        """Whether a disruption window of ``border`` has been announced by now: until then the
        crossing is read as one without windows. Which way the line ahead is worked out
        (projected, or read now) is itself something a decision learns from, so a window
        not yet announced must not choose it: it moved the quotes of orders placed before a
        closure was told (a crossing overloaded by its background trains, with live prices;
        tests/actors/test_state_crossings.py)."""
        now = self.now
        return any(w.announced_h <= now for w in border.windows)

    def _drain(
        self, node: str, rate: float, service: float, ordinary: float
    ) -> tuple[float, list[Segment], tuple[float, list[Segment], float] | None]:
        """What :meth:`line_ahead_at_h` projects at ``node`` (kept for a slice): the
        server-hours of the trains waiting now and the crossing's coming hours from now; and,
        when the recent wait is longer than the queue and than the ordinary wait, its
        server-hours, the hours from when it was heard, and that moment."""
        b = self.lg.borders[node]
        now = self.now
        servers_now = b.servers
        queue = b.queue_length * service
        plan = drain_plan(b, now, now, rate, service)
        recent = b.recent_wait_h
        if not (recent * servers_now > queue and recent > ordinary):
            return queue, plan, None
        heard_h = self._heard_at_h(node)
        heard_plan = plan if heard_h >= now else drain_plan(b, heard_h, now, rate, service)
        return queue, plan, (recent * servers_now, heard_plan, min(heard_h, now))

    def _heard_at_h(self, node: str) -> float:
        """When the recent wait at ``node`` was heard: the end of the last service there by
        now (the newest wait it weighs; now if none has been heard)."""
        heard_h = self.lg.borders[node].heard_at_h
        return heard_h if heard_h > -math.inf else self.now

    def _ordinary_of(self, node: str) -> tuple[float, float]:
        """The trains an hour that reach ``node`` by the scenario (its own background, the
        background flows through it, the lines' timetabled departures through it) and its
        ordinary wait (:func:`ordinary_wait_h`), worked out once a run."""
        known = self._ordinary
        if known is None:
            known = self._ordinary = {}
        got = known.get(node)
        if got is None:
            lg = self.lg
            spec = lg.borders[node].spec
            per_day = spec.background_trains_per_day + sum(
                f.trains_per_day for f in lg.sc.logistics.background_flows if node in f.path
            )
            per_week = sum(
                r.spec.weekly_rate() for r in lg.routes if any(e.dst == node for e in r.line.edges)
            )
            rate = per_day / 24.0 + per_week / 168.0
            service = self._service_h[node]
            wait = ordinary_wait_h(spec.servers, rate, service, service_scv(spec.service_h))
            got = known[node] = (rate, wait)
        return got

    def _line(self, node: str) -> tuple[float, float]:
        """The line ahead of a train reaching ``node`` now (the recent wait, or the queue
        shared by the servers if longer) and its own service (kept for a slice)."""
        memo = self._memo
        key = ("line", node)
        if memo is not None and key in memo:
            return memo[key]
        b = self.lg.borders[node]
        service = self._service_h[node]
        line = (b.line_ahead_h(service), service)
        if memo is not None:
            memo[key] = line
        return line
