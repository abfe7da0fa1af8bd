"""Plug-in policies as a user writes them, in a module of their own: named in scenarios as
``tests.policies.plugins:<Class>`` (tests run from the repository root, on ``sys.path``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, Field

from sim.policies.base import NetworkView
from sim.policies.dispatch import CutOff, Decision, DispatchPolicy
from sim.policies.loading import LoadingPolicy
from sim.policies.pricing import PricingPolicy
from sim.policies.routing import Bookings, RoutingPolicy
from sim.policies.sailings import CarrierSailings, Notice


class SeaWhenRailLate(RoutingPolicy):
    """Rail where the destination has it, unless rail is expected ``threshold_h`` or more
    later than sea, or a crossing on the rail line has had a mean queue above
    ``max_queue`` trains over the last ``window_h``: then sea."""

    reads_state = True

    class Params(BaseModel):
        threshold_h: float = Field(72.0, ge=0, description="How much later rail may be (h).")
        max_queue: float = Field(1e9, gt=0, description="Mean trains queueing that is too many.")
        window_h: float = Field(168.0, gt=0, description="Hours the queue is averaged over.")

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        out = self.single_route(batch.dest)
        both, rail, sea = self._both(batch)
        p = self.params
        now = view.now
        for k in range(both.size):
            r, s, d = int(rail[k]), int(sea[k]), int(batch.dest[both[k]])
            late = view.expected_arrival_h(r, d) - view.expected_arrival_h(s, d)
            busy = any(
                view.monitor(f"queue:{n}").mean(max(0.0, now - p.window_h), now) > p.max_queue
                for n in view.route_crossings(r)
            ) if now > 0 else False  # fmt: skip
            out[both[k]] = s if late >= p.threshold_h or busy else r
        return out


class LatestClosedFirst(LoadingPolicy):
    """Last closed, first loaded (a stack), when ``reverse`` is set; parameters declared as
    a dataclass."""

    @dataclass
    class Params:
        reverse: bool = True

    def order(
        self, closed_h: np.ndarray, deadline_h: np.ndarray, route: int, view: NetworkView
    ) -> np.ndarray | None:
        if not self.params.reverse:
            return None
        return np.argsort(-closed_h, kind="stable")


class NotAPolicy:
    """A class that is no policy: naming it is refused."""


class EarliestFirstAfter(LoadingPolicy):
    """Containers closed at or after ``from_h`` first (then the rest), parameters declared as
    plain annotated fields."""

    class Params:
        from_h: float = 0.0
        note: str = "plain fields"

    def order(
        self, closed_h: np.ndarray, deadline_h: np.ndarray, route: int, view: NetworkView
    ) -> np.ndarray | None:
        return np.argsort(closed_h < self.params.from_h, kind="stable")


class FailsAfter(RoutingPolicy):
    """Routes as the shipped rule does until ``after_h``, then raises, as a user's policy with
    a bug does in the middle of a run."""

    class Params(BaseModel):
        after_h: float = Field(0.0, ge=0, description="Hours of the run before it fails.")

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        if view.now >= self.params.after_h:
            raise ZeroDivisionError("the user's policy divided by zero")
        return self.pick_sea_where_possible(batch)


class MadridLineForAll(RoutingPolicy):
    """Every order on the first route, whatever its destination: an answer the model refuses
    (a user's slip, as sending Almaty's goods on the Madrid line)."""

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        return np.zeros(batch.dest.size, dtype=np.int64)


class ForgotToChoose(RoutingPolicy):
    """A routing policy whose author misspelt its one method (``chose``): it never answers."""

    def chose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        return self.single_route(batch.dest)


class FlatRate(PricingPolicy):
    """One rate per TEU on every route, whatever the state (it reads nothing of it)."""

    class Params(BaseModel):
        usd_per_teu: float = Field(777.0, gt=0, description="The one rate (USD per TEU).")

    def quote(self, route: int, dest: int, view: NetworkView) -> float:
        return self.params.usd_per_teu


class TrainAfterEveryCutOff(DispatchPolicy):
    """An extra train a day after every cut-off: a user's dispatch rule that does not say
    ``active = True``."""

    def at_cutoff(self, cut: CutOff, view: NetworkView) -> Decision:
        return Decision(add_at_h=view.now + 24.0)


class CarriersWithoutFestivalBlanks(CarrierSailings):
    """The carriers' sailings, enlarged and added as they are, with no blank sailing around the
    Spring Festival: a user's sailings rule built on the carriers' own."""

    def at_notice(self, sailing: Notice, view: NetworkView) -> bool:
        return False
