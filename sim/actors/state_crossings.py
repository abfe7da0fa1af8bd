"""What the live state reads of the border crossings (:class:`sim.actors.state.NetworkState`
inherits it): queues, recent waits, announced closures, and the hours a train reaching a
crossing is expected to wait and spend there. Within a booking slice a crossing without
disruption windows holds a train the same hours whenever it gets there, so its answer is kept
for the slice.
"""

from __future__ import annotations

from typing import Any

from sim.actors.state_shape import NetworkShape


class CrossingsView(NetworkShape):
    """The border crossings of the running network (a part of the live state)."""

    _memo: dict[Any, Any] | None
    _service_h: dict[str, float]

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
        closure's remaining time, then the line ahead of it (the recent wait, or the queue now
        shared by the servers if longer), then its own service."""
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
        now = self.now
        start = at_h + waited  # its service starts then, as slow as the crossing is then
        for w in b.windows:  # (the announced slowdowns: dwell factors of the windows)
            if w.d.dwell_factor is not None and w.announced_h <= now and w.active(start):
                service = service * w.d.dwell_factor
        return waited + service

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
        announced closure's remaining time, then the line ahead of it (the recent wait, or the
        queue now shared by the servers if longer); :meth:`expected_crossing_h` without the
        train's own service."""
        b = self.lg.borders[node]
        ahead, _ = self._line(node)
        end = b.closed_until_h(at_h, known_at=self.now) if b.windows else None
        return (0.0 if end is None else end - at_h) + ahead

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
