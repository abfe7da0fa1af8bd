"""What is ordered, and when: the calendar (the Spring Festival closure, fairs), the market's
merchants and their goods categories, the buyers who visit and the online orders (sections of a
scenario file: :mod:`sim.scenario.schema`)."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from sim.scenario import distributions as dists
from sim.scenario.distributions import Distribution
from sim.scenario.messages import refusal
from sim.scenario.values import (
    PARAMS_HELP,
    SHARE_TOLERANCE,
    Name,
    NonNegFloat,
    PosFloat,
    ProductionRule,
    Section,
    Share,
    SimDate,
    lognormal_spec,
    policy_params,
)

# --------------------------------------------------------------------------- calendar


class Closure(Section):
    """Market closure around the Spring Festival, in days relative to the festival (lunar 1/1).

    The market closes on lunar 12/27 and reopens on lunar 1/12 (S: mysourcify 2021; linkyiwu).
    ``start_offset_days`` counts lunar days before lunar 1/1 (-4 = lunar 12/27, which is three or
    four calendar days before the festival as the last lunar month has 29 or 30 days);
    ``reopen_offset_days`` counts days after the festival (11 = lunar 1/12) (D, reference §7.4).
    """

    start_offset_days: int = Field(-4, ge=-30, le=0)
    reopen_offset_days: int = Field(11, ge=1, le=40)


class Fair(Section):
    """A trade fair that multiplies foreign buyer visits on its days (inclusive)."""

    name: str = Field(min_length=1, max_length=200)
    start: SimDate
    end: SimDate
    buyer_multiplier: PosFloat

    @model_validator(mode="after")
    def _ordered(self) -> Fair:
        if self.end < self.start:
            raise refusal("scn:end_before", end=self.end, start=self.start)
        return self


class CalendarSpec(Section):
    """Festival dates, market closure and fairs."""

    spring_festival: list[SimDate] | None = Field(
        None,
        description="Spring Festival dates (lunar 1/1); default: the lunar calendar, 1900-2099.",
    )
    closure: Closure = Closure()
    fairs: list[Fair] = Field(default_factory=list, max_length=200)


# --------------------------------------------------------------------------- market


class Season(Section):
    """Months in which a category's demand is multiplied (its selling season)."""

    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(min_length=1, max_length=12)
    multiplier: PosFloat

    @field_validator("months")
    @classmethod
    def _unique(cls, v: list[int]) -> list[int]:
        if len(set(v)) != len(v):
            raise refusal("scn:months_repeat", v=v)
        return v


class NoDeadline(Section):
    kind: Literal["none"]


class SpringFestivalDeadline(Section):
    """Goods must arrive before the next Spring Festival after the order is placed."""

    kind: Literal["spring_festival"]


class FixedDateDeadline(Section):
    """Goods must arrive by a month/day (the next one after the order), e.g. 1 Dec for Christmas:
    before that day begins (00:00, the market's time), as before the Spring Festival; 29 Feb is
    28 Feb in a common year."""

    kind: Literal["fixed_date"]
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)

    @model_validator(mode="after")
    def _valid_day(self) -> FixedDateDeadline:
        try:
            date(2000, self.month, self.day)  # 2000 is a leap year: 29 Feb is allowed
        except ValueError:
            raise refusal("scn:not_calendar_day", m=self.month, d=self.day) from None
        return self


class DaysAfterOrderDeadline(Section):
    """Goods must arrive within a number of days of the order."""

    kind: Literal["days_after_order"]
    days: PosFloat


Deadline = Annotated[
    NoDeadline | SpringFestivalDeadline | FixedDateDeadline | DaysAfterOrderDeadline,
    Field(discriminator="kind"),
]


class Category(Section):
    """A goods category: its share of merchants and demand, season, deadline and stock policy."""

    name: Name
    share: Share = Field(description="Share of merchants and of base demand (all shares sum to 1).")
    season: Season | None = None
    deadline: Deadline = NoDeadline(kind="none")
    value_cny_per_teu: PosFloat = Field(200_000, description="Goods value per TEU (E).")
    stock_teu: NonNegFloat = Field(1.0, description="Each merchant's stock at the start (E).")
    max_stock_teu: PosFloat = Field(
        2.0, description="Stock a merchant builds up to; seasonal goods build ahead to it (E)."
    )
    production_teu_per_day: PosFloat = Field(
        0.05, description="Each merchant's workshop output on open days (E)."
    )
    production_lead_days: NonNegFloat = Field(5, description="Lead time of a backorder (E).")
    handling_h: Distribution = Field(
        default_factory=lambda: lognormal_spec(36, 0.5),
        description="Pick, pack and truck to the consolidation point, in open hours (E).",
    )


class Production(Section):
    """How the merchants' workshops run around the festival closure (production policy).

    ``calendar``: full output on every open day, none while the market is closed.
    ``ramp``: as ``calendar``, but after each reopening output restarts at ``restart_share`` of
    full and rises linearly to full over ``ramp_days`` as workers return.
    With either, ``overtime_share`` > 0 lets workshops work overtime: on a day that starts with
    the market's backlog above ``overtime_backlog_days`` of full output, output is
    ``1 + overtime_share`` times the day's planned output.
    """

    rule: ProductionRule = Field(
        "calendar", description="Production policy: a built-in name or package.module:Class."
    )
    restart_share: Share = Field(0.3, description="With 'ramp': output on reopening (E).")
    ramp_days: int = Field(21, ge=1, le=120, description="With 'ramp': days to full output (E).")
    overtime_share: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = Field(
        0.0, description="Extra output on an overtime day (0: no overtime) (E)."
    )
    overtime_backlog_days: PosFloat = Field(
        2.0, description="Backlog, in days of full output, that calls for overtime (E)."
    )
    params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_HELP)
    _params = field_validator("params")(policy_params("production", "rule"))


class MarketSpec(Section):
    """The merchants of Yiwu International Trade City."""

    merchants: int = Field(75_000, ge=1, le=10_000_000, description="Booths (S: 75,000+).")
    categories: list[Category] = Field(min_length=1, max_length=100)
    production: Production = Production()

    @model_validator(mode="after")
    def _shares(self) -> MarketSpec:
        names = [c.name for c in self.categories]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise refusal("scn:category_unique", dup=dup)
        total = sum(c.share for c in self.categories)
        if abs(total - 1) > SHARE_TOLERANCE:
            raise refusal("scn:category_shares", x=f"{total:.6g}")
        return self


# --------------------------------------------------------------------------- demand


def _check_mix(mix: dict[str, float], what: str) -> dict[str, float]:
    if not mix:
        raise refusal("scn:no_destination", what=what)
    for k, v in mix.items():
        if not (isinstance(v, int | float) and math.isfinite(v) and v >= 0):
            raise refusal("scn:share_value", k=repr(k), v=repr(v))
    total = sum(mix.values())
    if abs(total - 1) > SHARE_TOLERANCE:
        raise refusal("scn:shares", what=what, x=f"{total:.6g}")
    return mix


def _some_goods(v: Distribution) -> Distribution:
    """An order size whose every draw is 0 (``{dist: constant, value: 0}``) makes orders of
    no goods (the model floors a draw at 1e-6 TEU, and each takes a container slot)."""
    if v.mean() <= 0:
        raise refusal("scn:order_size_zero", got=v.model_dump())
    return v


class BuyersSpec(Section):
    """Foreign buyers who visit the market in person."""

    reaction: Literal["none", "lost_sale"] = Field(
        "none",
        description="'lost_sale': an order whose deadline no route is expected to meet (live "
        "state at booking) is placed elsewhere: counted as a lost sale, not shipped.",
    )
    visits_per_day: NonNegFloat = Field(1600, description="Foreign buyer visits a day (S: 2023).")
    in_scope_share: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] = Field(
        0.3,
        description="Share of buyers whose goods go to the modelled Eurasian destinations (E).",
    )
    monthly_profile: list[PosFloat] = Field(
        default_factory=lambda: [1.0] * 12,
        min_length=12,
        max_length=12,
        description="Visit multiplier for January..December (E).",
    )
    open_hours: tuple[float, float] = Field(
        (9.0, 17.5), description="Market opening (S: 9:00-17:30)."
    )
    merchants_per_visit: Distribution = Field(
        default_factory=lambda: dists.Poisson.model_validate({"dist": "poisson", "mean": 3}),
        description="Merchants a buyer orders from in one visit (at least one) (E).",
    )
    between_merchants_h: Distribution = Field(
        default_factory=lambda: dists.Exponential.model_validate(
            {"dist": "exponential", "mean": 0.75}
        ),
        description="Time between two orders of one visit (E).",
    )
    order_teu: Distribution = Field(default_factory=lambda: lognormal_spec(0.3, 1.0))
    destinations: dict[str, float]

    @field_validator("open_hours")
    @classmethod
    def _hours(cls, v: tuple[float, float]) -> tuple[float, float]:
        if not (0 <= v[0] < v[1] <= 24):
            raise refusal("scn:hours", v=list(v))
        return v

    @field_validator("destinations")
    @classmethod
    def _mix(cls, v: dict[str, float]) -> dict[str, float]:
        return _check_mix(v, "destinations")

    _order_teu = field_validator("order_teu")(_some_goods)


class OnlineSpec(Section):
    """Orders placed online (Yiwugo and the like); they also arrive while the market is closed."""

    orders_per_day: NonNegFloat = 0.0
    order_teu: Distribution = Field(default_factory=lambda: lognormal_spec(0.15, 1.0))
    destinations: dict[str, float] | None = Field(
        None, description="Destination shares; default: the buyers' mix."
    )

    @field_validator("destinations")
    @classmethod
    def _mix(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        return None if v is None else _check_mix(v, "destinations")

    _order_teu = field_validator("order_teu")(_some_goods)
