"""Disruptions: a change at a border crossing, an edge or a line over a window of dates (the
``disruptions`` list of a scenario file: :mod:`sim.scenario.schema`), and the one rule that
tells a closure (:func:`servers_kept`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal

from pydantic import (
    Field,
    model_validator,
)

from sim.scenario.messages import refusal
from sim.scenario.values import (
    NonNegFloat,
    PosFloat,
    Section,
    SimDate,
    SimDateTime,
)

# --------------------------------------------------------------------------- disruptions

OPEN_ENDED_DAYS = 3650.0
"""How many more days a disruption whose end is not yet known, with no ``expected_days``, is
expected to last from a decision's moment: ten years, past any run's end ("until further
notice"; a finite number keeps the expected times finite)."""


class Disruption(Section):
    """A change at a border node, an edge or a line over a date window (inclusive dates).

    Node: ``servers_factor`` (share of servers kept, rounded halves to even, at least 0; a cut
    that keeps none closes the crossing: trains wait there, or go round it with
    ``train_routing: avoid_closed``) and ``dwell_factor`` (service times multiplied). Edge (id
    ``FROM-TO``): ``dwell_factor`` multiplies running time and ``extra_h`` is added. Line:
    ``capacity_factor`` multiplies train capacity and ``trains_factor`` the departure rate (0
    suspends the line).
    """

    target: Literal["node", "edge", "line"]
    id: str
    start: SimDate
    end: SimDate
    description: str = Field("", max_length=2000)
    servers_factor: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] | None = None
    dwell_factor: PosFloat | None = None
    extra_h: NonNegFloat | None = None
    # at most 50 times a train's slots, as for its departures: a factor of 1e20 passed and
    # stopped the run with an integer overflow
    capacity_factor: Annotated[float, Field(ge=0, le=50, allow_inf_nan=False)] | None = Field(
        None,
        description="Line: each train's slots in the window multiplied (0 to 50, rounded to "
        "whole slots); told after a train's cut-off, a raise is used when it is told.",
    )
    # at most 50 times the published trains: more is no timetable a line could run (a
    # factor of a million built millions of departures before the run could say so)
    trains_factor: Annotated[float, Field(ge=0, le=50, allow_inf_nan=False)] | None = Field(
        None,
        description="Line: its departures in the window multiplied (0 to 50), keeping the "
        "published timetable: below 1 an evenly spread choice of the published trains runs (a "
        "Poisson line: each with that probability); above 1 all of them run, and the gap "
        "after each published hour holds the factor times its published trains (rounded "
        "along the line's timetable, halves up), the added ones evenly spaced in it, never at "
        "a published train's hour; those whose hour falls in the window run, so a window "
        "averages the factor times the line's weekly rate over its length, and one shorter "
        "than a gap may add none (at 2 on a weekly line, a 3-day window adds a train in 3 "
        "placements of 7) (a Poisson line: a Poisson stream at the added rate); 0 suspends "
        "the line.",
    )
    announced: SimDate | SimDateTime | None = Field(
        None,
        description="When the disruption became known (default: its start): a date (its "
        "00:00) or a date and time, e.g. 2025-09-11T09:00 (the market's local time; one with "
        "a UTC offset, 2025-09-11T03:00+02:00, is converted to it).",
    )
    end_announced: SimDate | SimDateTime | None = Field(
        None,
        description="Node or edge: when its end became known, a date or a date and time as "
        "for announced (default: with the disruption, at announced). Until then every "
        "decision takes the disruption as lasting expected_days more days from the moment "
        "it is made (a closure 'until further notice'); the disruption itself still ends at "
        "end, and is known to be over then at the latest (trains move again): an end told "
        "later changes nothing past it, and the run warns of it.",
    )
    expected_days: PosFloat | None = Field(
        None,
        description="Node or edge, with end_announced: the days more a disruption whose end "
        "is not yet known is expected to last, from each decision's moment (default: "
        "open-ended, past the run's end).",
    )
    surge_factor: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)] | None = Field(
        None,
        description="Node: servers multiplied by this after the window ends (extra shifts, "
        "parallel tracks), for surge_days.",
    )
    surge_days: int = Field(0, ge=0, le=365, description="Days the surge lasts.")

    @model_validator(mode="after")
    def _fits_target(self) -> Disruption:
        if self.end < self.start:
            raise refusal("scn:end_before", end=self.end, start=self.start)
        if self.announced is not None:
            told = self.announced
            day = told.date() if isinstance(told, datetime) else told
            if day > self.start:
                raise refusal("scn:announced_after", told=told, start=self.start)
        if self.end_announced is not None:
            if self.target == "line":
                raise refusal("scn:end_told_line")
            told = self.announced if self.announced is not None else self.start
            if _moment(self.end_announced) < _moment(told):
                raise refusal("scn:end_told_before", end_told=self.end_announced, told=told)
        elif self.expected_days is not None:
            raise refusal("scn:expected_needs_end_told")
        if self.surge_factor is not None and self.target != "node":
            raise refusal("scn:surge_node")
        allowed = {
            "node": {"servers_factor", "dwell_factor"},
            "edge": {"dwell_factor", "extra_h"},
            "line": {"capacity_factor", "trains_factor"},
        }[self.target]
        effects = {
            "servers_factor",
            "dwell_factor",
            "extra_h",
            "capacity_factor",
            "trains_factor",
        }
        given = {k for k in effects if getattr(self, k) is not None}
        if not given:
            raise refusal("scn:needs_effect", target=self.target, allowed=sorted(allowed))
        wrong = given - allowed
        if wrong:
            raise refusal("scn:not_apply", wrong=sorted(wrong), target=self.target,
                          allowed=sorted(allowed))  # fmt: skip
        return self

    @property
    def over_at(self) -> datetime:
        """The moment it is over: 00:00 of the day after its last day."""
        return datetime.combine(self.end + timedelta(days=1), time())

    @property
    def end_known_at(self) -> date | datetime | None:
        """When its end is known, if later than its announcement: ``end_announced``, or the
        moment it is over if that comes first (a crossing that reopens is seen to: its
        trains cross again); None without ``end_announced`` (known with the disruption)."""
        told = self.end_announced
        if told is None:
            return None
        return told if _moment(told) <= self.over_at else self.over_at

    def closes(self, servers: int) -> bool:
        """Whether the disruption leaves a crossing of ``servers`` servers without one (a
        node disruption whose kept servers round to none: :func:`servers_kept`)."""
        return self.target == "node" and servers_kept(servers, self.servers_factor) == 0


def _moment(value: date | datetime) -> datetime:
    """A date (its 00:00) or a date and time, as a moment to compare."""
    return value if isinstance(value, datetime) else datetime.combine(value, time())


def servers_kept(servers: int, factor: float | None) -> int:
    """Servers a crossing of ``servers`` keeps under a node disruption's ``servers_factor``
    (``None``: all of them): the product rounded as Python rounds, halves to even, so a
    one-server crossing at 0.5 closes. The model, the explorer, the reports and the
    sensitivity analysis all tell a closure by this one rule."""
    return servers if factor is None else round(servers * factor)
